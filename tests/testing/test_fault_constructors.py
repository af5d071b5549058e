from __future__ import annotations

import dataclasses
import http.client
import pickle
from typing import TYPE_CHECKING, Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError, ReadTimeoutError

from chime_accounts.testing import Fault, LocalChime

if TYPE_CHECKING:
    from collections.abc import Iterator

    from mypy_boto3_chime.client import ChimeClient

NO_RETRY = Config(retries={"total_max_attempts": 1})


@pytest.fixture
def server() -> Iterator[LocalChime]:
    with LocalChime() as chime_server:
        yield chime_server


@pytest.fixture
def client(server: LocalChime) -> ChimeClient:
    return server.client(NO_RETRY)


@pytest.fixture
def account_id(server: LocalChime) -> str:
    return server.add_account("Fixture")["AccountId"]


class TestSameAsKeywordForm:
    """Each constructor builds the fault its keyword form describes."""

    @pytest.mark.parametrize(
        ("built", "keywords"),
        [
            (Fault.error("GetAccount", 404), {"operation": "GetAccount", "status": 404}),
            (Fault.error(), {"operation": None}),
            (
                Fault.error(
                    "CreateAccount",
                    503,
                    code="ServiceUnavailableException",
                    message="busy",
                    error_type_header=False,
                    apply=True,
                    content_type="application/x-amz-json-1.1",
                ),
                {
                    "operation": "CreateAccount",
                    "status": 503,
                    "code": "ServiceUnavailableException",
                    "message": "busy",
                    "error_type_header": False,
                    "apply": True,
                    "content_type": "application/x-amz-json-1.1",
                },
            ),
            (
                Fault.error("GetAccount", 500, delay=0.5),
                {
                    "operation": "GetAccount",
                    "status": 500,
                    "code": "ServiceFailureException",
                    "delay": 0.5,
                },
            ),
            (Fault.drop("ListAccounts"), {"operation": "ListAccounts", "drop_connection": True}),
            (
                Fault.drop(apply=True, delay=0.1),
                {"operation": None, "drop_connection": True, "apply": True, "delay": 0.1},
            ),
            (Fault.delay(2.0, operation="GetAccount"), {"operation": "GetAccount", "delay": 2.0}),
            (Fault.truncate(10), {"operation": None, "truncate_body": 10}),
            (Fault.truncate(0, operation="GetUser"), {"operation": "GetUser", "truncate_body": 0}),
            (
                Fault.stall(1.5, operation="ListUsers"),
                {"operation": "ListUsers", "body_delay": 1.5},
            ),
            (Fault.raw(b"x"), {"operation": None, "status": 200, "raw_body": b"x"}),
            (
                Fault.raw(b"<html/>", operation="GetAccount", status=502, content_type="text/html"),
                {
                    "operation": "GetAccount",
                    "status": 502,
                    "raw_body": b"<html/>",
                    "content_type": "text/html",
                },
            ),
        ],
    )
    def test_constructor_equals_keywords(self, built: Fault, keywords: dict[str, Any]) -> None:
        assert built == Fault(**keywords)

    @pytest.mark.parametrize(
        "build",
        [
            lambda: Fault.error("GetAccount", count=3, after=2, rate=0.5, seed=9),
            lambda: Fault.drop("GetAccount", count=3, after=2, rate=0.5, seed=9),
            lambda: Fault.delay(1.0, operation="GetAccount", count=3, after=2, rate=0.5, seed=9),
            lambda: Fault.truncate(1, operation="GetAccount", count=3, after=2, rate=0.5, seed=9),
            lambda: Fault.stall(1.0, operation="GetAccount", count=3, after=2, rate=0.5, seed=9),
            lambda: Fault.raw(b"", operation="GetAccount", count=3, after=2, rate=0.5, seed=9),
        ],
    )
    def test_common_options_pass_through(self, build: Any) -> None:
        fault: Fault = build()
        assert (fault.operation, fault.count, fault.after, fault.rate, fault.seed) == (
            "GetAccount",
            3,
            2,
            0.5,
            9,
        )


class TestDelayName:
    """``delay`` is the constructor on the class and the seconds on a fault."""

    def test_the_constructor_and_its_other_name_agree(self) -> None:
        assert Fault.delay(2.0, operation="GetAccount", count=3) == Fault.delayed(
            2.0, operation="GetAccount", count=3
        )

    def test_a_fault_s_delay_is_its_seconds(self) -> None:
        assert Fault.delay(2.0).delay == 2.0
        assert Fault("GetAccount", delay=0.5).delay == 0.5
        assert Fault("GetAccount").delay == 0.0
        assert Fault.error("GetAccount", delay=0.25).delay == 0.25

    def test_copies_and_pickles_keep_the_seconds(self) -> None:
        fault = Fault.delay(1.5, operation="ListUsers")

        assert dataclasses.replace(fault, delay=3.0).delay == 3.0
        assert pickle.loads(pickle.dumps(fault)) == fault  # noqa: S301 - our own bytes
        assert "delay=1.5" in repr(fault)

    def test_a_fault_stays_frozen(self) -> None:
        fault = Fault.delay(1.0)

        with pytest.raises(dataclasses.FrozenInstanceError):
            fault.delay = 2.0  # type: ignore[misc]


class TestRejectedInput:
    """A constructor refuses what would make it another effect, or nothing."""

    @pytest.mark.parametrize(
        "build",
        [
            lambda: Fault.error("GetAccount", 200),
            lambda: Fault.error("GetAccount", 399),
            lambda: Fault.error("GetAccount", 600),
            lambda: Fault.delay(0),
            lambda: Fault.delay(-1.0),
            lambda: Fault.stall(0),
            lambda: Fault.truncate(-1),
            lambda: Fault.drop("NoSuchOperation"),
            lambda: Fault.raw(b"", status=99),
            lambda: Fault.error(count=0),
            lambda: Fault.drop(after=-1),
            lambda: Fault.delay(1.0, rate=0),
            lambda: Fault.error(delay=-1.0),
        ],
    )
    def test_invalid_input_is_a_value_error(self, build: Any) -> None:
        with pytest.raises(ValueError, match="must"):
            build()


class TestEffects:
    """Each constructor's fault does to a call what its name says."""

    def test_error_with_a_delay_still_fails(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        server.inject(Fault.error("GetAccount", 500, delay=0.05))
        with pytest.raises(ClientError) as exc:
            client.get_account(AccountId=account_id)
        assert exc.value.response.get("Error", {}).get("Code") == "ServiceFailureException"
        assert server.requests[-1].status == 500

    def test_drop_hangs_up(self, server: LocalChime, client: ChimeClient, account_id: str) -> None:
        server.inject(Fault.drop("GetAccount"))
        with pytest.raises(ConnectionClosedError):
            client.get_account(AccountId=account_id)
        assert server.requests[-1].status == 0

    def test_delayed_answers_normally_but_late(self, server: LocalChime, account_id: str) -> None:
        impatient = server.client(Config(read_timeout=0.2, retries={"total_max_attempts": 1}))
        server.inject(Fault.delay(5.0, operation="GetAccount"))
        with pytest.raises(ReadTimeoutError):
            impatient.get_account(AccountId=account_id)
        server.inject(Fault.delay(0.01, operation="GetAccount"))
        # A patient client: a short timeout could trip on a normal answer on a loaded machine.
        patient = server.client(Config(retries={"total_max_attempts": 1}))
        assert patient.get_account(AccountId=account_id)["Account"]["AccountId"] == account_id

    def test_truncate_cuts_off_a_normal_answer(self, server: LocalChime) -> None:
        server.inject(Fault.truncate(7, operation="CreateAccount"))
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        try:
            conn.request("POST", "/accounts", body=b'{"Name": "Cut"}')
            resp = conn.getresponse()
            with pytest.raises(http.client.IncompleteRead) as exc:
                resp.read()
        finally:
            conn.close()
        assert resp.status == 201
        assert exc.value.partial == b'{"Accou'
        assert [a["Name"] for a in server.accounts()] == ["Cut"]

    def test_stall_sends_the_head_then_waits(self, server: LocalChime, account_id: str) -> None:
        impatient = server.client(Config(read_timeout=0.2, retries={"total_max_attempts": 1}))
        server.inject(Fault.stall(5.0, operation="GetAccount"))
        with pytest.raises(ReadTimeoutError):
            impatient.get_account(AccountId=account_id)
        assert server.faults_fired == 1

    def test_raw_answers_the_bytes(self, server: LocalChime) -> None:
        server.inject(Fault.raw(b"not json", operation="ListAccounts"))
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        try:
            conn.request("GET", "/accounts")
            resp = conn.getresponse()
            answer = (resp.status, resp.getheader("Content-Type"), resp.read())
        finally:
            conn.close()
        assert answer == (200, "application/octet-stream", b"not json")
