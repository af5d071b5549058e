from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError, ReadTimeoutError

from chime_accounts import ChimeConnectionError, RetryPolicy, ServiceUnavailableError
from chime_accounts.testing import Fault, LocalChime, RecordedRequest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from botocore.model import ServiceModel
    from mypy_boto3_chime.client import ChimeClient
    from mypy_boto3_chime.type_defs import ListAccountsResponseTypeDef

OPERATIONS = ("CreateAccount", "GetAccount", "ListAccounts", "UpdateAccount", "DeleteAccount")
NO_RETRY = Config(retries={"total_max_attempts": 1})


@dataclass(frozen=True)
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def raw_request(
    server: LocalChime,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> RawResponse:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return RawResponse(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        conn.close()


def error_code(exc: pytest.ExceptionInfo[ClientError]) -> str | None:
    return exc.value.response.get("Error", {}).get("Code")


def http_status(exc: pytest.ExceptionInfo[ClientError]) -> int | None:
    return exc.value.response.get("ResponseMetadata", {}).get("HTTPStatusCode")


def http_headers(exc: pytest.ExceptionInfo[ClientError]) -> dict[str, str]:
    return exc.value.response.get("ResponseMetadata", {}).get("HTTPHeaders", {})


def next_token(resp: ListAccountsResponseTypeDef) -> str:
    token = resp.get("NextToken")
    assert token is not None
    return token


@pytest.fixture(scope="module")
def chime_model() -> ServiceModel:
    return botocore.session.get_session().get_service_model("chime")


@pytest.fixture
def server() -> Iterator[LocalChime]:
    with LocalChime() as chime_server:
        yield chime_server


@pytest.fixture
def client(server: LocalChime) -> ChimeClient:
    return server.client(NO_RETRY)


@pytest.fixture
def lenient_client(server: LocalChime) -> ChimeClient:
    """A client that skips botocore's own parameter validation."""
    return server.client(Config(parameter_validation=False, retries={"total_max_attempts": 1}))


@pytest.fixture
def account_id(client: ChimeClient) -> str:
    return client.create_account(Name="Fixture Account")["Account"]["AccountId"]


class TestRoutes:
    """The route table mirrors botocore's service model."""

    @pytest.mark.parametrize("operation", OPERATIONS)
    def test_route_matches_model(
        self, chime_model: ServiceModel, server: LocalChime, account_id: str, operation: str
    ) -> None:
        http = chime_model.operation_model(operation).http
        path = http["requestUri"].replace("{accountId}", account_id)
        server.clear_requests()
        resp = raw_request(server, http["method"], path, b'{"Name": "Routed"}')
        assert server.requests[-1].operation == operation
        assert resp.status == http.get("responseCode", 200)

    def test_each_operation_answers_its_modeled_status(
        self, chime_model: ServiceModel, server: LocalChime, client: ChimeClient
    ) -> None:
        created = client.create_account(Name="Routes")["Account"]["AccountId"]
        client.get_account(AccountId=created)
        client.list_accounts()
        client.update_account(AccountId=created, Name="Routes 2")
        client.delete_account(AccountId=created)
        expected = [
            (op, chime_model.operation_model(op).http.get("responseCode", 200)) for op in OPERATIONS
        ]
        assert [(r.operation, r.status) for r in server.requests] == expected
        assert [r.method for r in server.requests] == ["POST", "GET", "GET", "POST", "DELETE"]

    @pytest.mark.parametrize(
        ("method", "path"), [("GET", "/nowhere"), ("PUT", "/accounts"), ("GET", "/accounts/a/b")]
    )
    def test_unknown_route_is_404(self, server: LocalChime, method: str, path: str) -> None:
        resp = raw_request(server, method, path)
        assert resp.status == 404
        assert resp.headers["x-amzn-errortype"] == "UnknownOperationException"
        assert resp.json()["Code"] == "NotFound"
        assert server.requests[-1].operation is None
        assert server.requests[-1].status == 404


class TestWireFormat:
    """Responses look like the real service's on the wire."""

    def test_success_headers_and_timestamp_format(
        self, server: LocalChime, account_id: str
    ) -> None:
        resp = raw_request(server, "GET", f"/accounts/{account_id}")
        assert resp.status == 200
        assert resp.headers["content-type"] == "application/json"
        assert int(resp.headers["content-length"]) == len(resp.body)
        assert len(resp.headers["x-amzn-requestid"]) == 36
        stamp = resp.json()["Account"]["CreatedTimestamp"]
        assert len(stamp) == len("2026-11-26T19:40:00.123Z")
        parsed = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
        assert parsed == server.accounts()[0]["CreatedTimestamp"]

    def test_request_ids_differ(self, server: LocalChime, account_id: str) -> None:
        first = raw_request(server, "GET", f"/accounts/{account_id}")
        second = raw_request(server, "GET", f"/accounts/{account_id}")
        assert first.headers["x-amzn-requestid"] != second.headers["x-amzn-requestid"]

    def test_error_has_type_header_and_chime_code(self, server: LocalChime) -> None:
        resp = raw_request(server, "GET", "/accounts/missing")
        assert resp.status == 404
        assert resp.headers["x-amzn-errortype"] == "NotFoundException"
        assert resp.json() == {"Code": "NotFound", "Message": resp.json()["Message"]}
        assert "missing" in resp.json()["Message"]

    def test_delete_is_204_without_body(self, server: LocalChime, account_id: str) -> None:
        resp = raw_request(server, "DELETE", f"/accounts/{account_id}")
        assert resp.status == 204
        assert resp.body == b""

    def test_timestamps_parse_to_aware_datetimes(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        stamp = client.get_account(AccountId=account_id)["Account"].get("CreatedTimestamp")
        assert stamp is not None
        assert stamp.utcoffset() is not None
        assert stamp == server.accounts()[0]["CreatedTimestamp"]
        assert abs(datetime.now(timezone.utc) - stamp) < timedelta(minutes=1)

    def test_keep_alive_serves_many_calls_on_one_connection(
        self, server: LocalChime, account_id: str
    ) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        try:
            for _ in range(3):
                conn.request("GET", f"/accounts/{account_id}")
                resp = conn.getresponse()
                assert resp.status == 200
                resp.read()
                assert not resp.will_close
        finally:
            conn.close()


class TestAccountLifecycle:
    """Create, get, update and delete round trips through a boto3 client."""

    def test_create_defaults(self, client: ChimeClient) -> None:
        resp = client.create_account(Name="Acme")
        account = resp["Account"]
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
        assert account["Name"] == "Acme"
        assert account["AwsAccountId"] == "123456789012"
        assert account.get("AccountType") == "Team"
        assert account.get("DefaultLicense") == "Pro"
        assert account.get("SupportedLicenses") == ["Basic", "Pro"]
        assert account.get("AccountStatus") == "Active"
        assert account.get("SigninDelegateGroups") == []
        assert len(account["AccountId"]) == 36

    def test_aws_account_id_is_configurable(self) -> None:
        with LocalChime(aws_account_id="210987654321") as chime_server:
            made = chime_server.client().create_account(Name="X")["Account"]
        assert made["AwsAccountId"] == "210987654321"

    def test_get_returns_what_create_made(self, client: ChimeClient) -> None:
        made = client.create_account(Name="Acme")["Account"]
        got = client.get_account(AccountId=made["AccountId"])["Account"]
        assert got == made

    def test_update_changes_only_given_fields(self, client: ChimeClient, account_id: str) -> None:
        renamed = client.update_account(AccountId=account_id, Name="Renamed")["Account"]
        assert (renamed["Name"], renamed.get("DefaultLicense")) == ("Renamed", "Pro")
        relicensed = client.update_account(AccountId=account_id, DefaultLicense="Basic")["Account"]
        assert (relicensed["Name"], relicensed.get("DefaultLicense")) == ("Renamed", "Basic")
        assert client.get_account(AccountId=account_id)["Account"].get("DefaultLicense") == "Basic"

    @pytest.mark.parametrize("license_", ["Plus", "ProTrial", "Gold"])
    def test_update_rejects_unsupported_license(
        self, lenient_client: ChimeClient, account_id: str, license_: Any
    ) -> None:
        with pytest.raises(ClientError) as exc:
            lenient_client.update_account(AccountId=account_id, DefaultLicense=license_)
        assert error_code(exc) == "BadRequestException"

    @pytest.mark.parametrize(
        ("method", "kwargs"),
        [
            ("get_account", {}),
            ("update_account", {"Name": "X"}),
            ("delete_account", {}),
        ],
    )
    def test_unknown_account_is_404(
        self, client: ChimeClient, method: str, kwargs: dict[str, str]
    ) -> None:
        with pytest.raises(ClientError) as exc:
            getattr(client, method)(AccountId="nope", **kwargs)
        assert error_code(exc) == "NotFoundException"
        assert http_status(exc) == 404

    def test_delete_suspends_and_keeps_account(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        resp = client.delete_account(AccountId=account_id)
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
        assert server.requests[-1].status == 204
        assert (
            client.get_account(AccountId=account_id)["Account"].get("AccountStatus") == "Suspended"
        )
        listed = client.list_accounts()["Accounts"]
        assert [(a["AccountId"], a.get("AccountStatus")) for a in listed] == [
            (account_id, "Suspended")
        ]

    def test_delete_with_active_users_is_422(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        server.add_user(account_id, "active@example.com")
        with pytest.raises(ClientError) as exc:
            client.delete_account(AccountId=account_id)
        assert error_code(exc) == "UnprocessableEntityException"
        assert server.requests[-1].status == 422
        assert client.get_account(AccountId=account_id)["Account"].get("AccountStatus") == "Active"

    def test_suspended_users_do_not_block_delete(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        server.add_user(account_id, "gone@example.com", suspended=True)
        client.delete_account(AccountId=account_id)
        assert server.accounts()[0]["AccountStatus"] == "Suspended"


class TestInputValidation:
    """Input outside the model's constraints is a 400 BadRequestException."""

    @pytest.mark.parametrize("name", ["", "   ", "x" * 101])
    def test_bad_account_names(self, lenient_client: ChimeClient, name: str) -> None:
        with pytest.raises(ClientError) as exc:
            lenient_client.create_account(Name=name)
        assert error_code(exc) == "BadRequestException"

    def test_name_at_max_length_is_fine(self, client: ChimeClient) -> None:
        assert client.create_account(Name="x" * 100)["Account"]["Name"] == "x" * 100

    def test_missing_name_is_400(self, server: LocalChime) -> None:
        resp = raw_request(server, "POST", "/accounts", b"{}")
        assert resp.status == 400
        assert resp.headers["x-amzn-errortype"] == "BadRequestException"
        assert resp.json()["Code"] == "BadRequest"

    @pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'{"Name": 5}'])
    def test_malformed_body_is_400(self, server: LocalChime, body: bytes) -> None:
        assert raw_request(server, "POST", "/accounts", body).status == 400

    @pytest.mark.parametrize("max_results", [0, 201, -5])
    def test_max_results_out_of_range(self, lenient_client: ChimeClient, max_results: int) -> None:
        with pytest.raises(ClientError) as exc:
            lenient_client.list_accounts(MaxResults=max_results)
        assert error_code(exc) == "BadRequestException"

    @pytest.mark.parametrize("value", ["abc", "1.5", ""])
    def test_max_results_not_an_integer(self, server: LocalChime, value: str) -> None:
        assert raw_request(server, "GET", f"/accounts?max-results={value}").status == 400

    @pytest.mark.parametrize("max_results", [1, 200])
    def test_max_results_bounds_accepted(self, client: ChimeClient, max_results: int) -> None:
        client.create_account(Name="One")
        assert len(client.list_accounts(MaxResults=max_results)["Accounts"]) == 1

    def test_bad_user_email_filter(self, client: ChimeClient) -> None:
        with pytest.raises(ClientError) as exc:
            client.list_accounts(UserEmail="not-an-email")
        assert error_code(exc) == "BadRequestException"

    def test_blank_account_id_in_path(self, server: LocalChime) -> None:
        assert raw_request(server, "GET", "/accounts/%20").status == 400


class TestListAccounts:
    """Paging and filters of ListAccounts."""

    @pytest.fixture
    def names(self, server: LocalChime) -> list[str]:
        made = [f"Alpha {i:02d}" for i in range(12)] + [f"Beta {i:02d}" for i in range(13)]
        for name in made:
            server.add_account(name)
        return made

    def pages(self, client: ChimeClient, **kwargs: Any) -> list[list[str]]:
        pages: list[list[str]] = []
        token = None
        while True:
            call = dict(kwargs, **({"NextToken": token} if token else {}))
            resp = client.list_accounts(**call)
            pages.append([a["Name"] for a in resp["Accounts"]])
            token = resp.get("NextToken")
            if token is None:
                return pages

    def test_pages_in_creation_order(self, client: ChimeClient, names: list[str]) -> None:
        pages = self.pages(client, MaxResults=10)
        assert [len(p) for p in pages] == [10, 10, 5]
        assert [n for p in pages for n in p] == names

    def test_exact_multiple_has_no_empty_trailing_page(
        self, client: ChimeClient, names: list[str]
    ) -> None:
        assert [len(p) for p in self.pages(client, MaxResults=5)] == [5] * 5
        assert len(names) == 25

    def test_default_page_size_is_100(self, server: LocalChime, client: ChimeClient) -> None:
        server.seed(130, seed=1)
        first = client.list_accounts()
        assert len(first["Accounts"]) == 100
        rest = client.list_accounts(NextToken=next_token(first))
        assert len(rest["Accounts"]) == 30
        assert "NextToken" not in rest

    def test_name_prefix_filter_kept_across_pages(
        self, client: ChimeClient, names: list[str]
    ) -> None:
        pages = self.pages(client, Name="Beta", MaxResults=4)
        assert [len(p) for p in pages] == [4, 4, 4, 1]
        assert [n for p in pages for n in p] == [n for n in names if n.startswith("Beta")]

    def test_name_prefix_is_case_sensitive(self, client: ChimeClient, names: list[str]) -> None:
        assert self.pages(client, Name="beta") == [[]]
        assert len(names) == 25

    def test_user_email_filter_is_case_insensitive_and_pages(
        self, server: LocalChime, client: ChimeClient
    ) -> None:
        wanted: list[str] = []
        for i in range(7):
            acct = server.add_account(f"Acct {i}")
            email = "Pat@Example.com" if i % 2 == 0 else f"other{i}@example.com"
            server.add_user(acct["AccountId"], email)
            if i % 2 == 0:
                wanted.append(acct["Name"])
        pages = self.pages(client, UserEmail="pat@example.COM", MaxResults=3)
        assert [len(p) for p in pages] == [3, 1]
        assert [n for p in pages for n in p] == wanted

    def test_combined_filters(self, server: LocalChime, client: ChimeClient) -> None:
        a = server.add_account("Team A")
        b = server.add_account("Other B")
        for acct in (a, b):
            server.add_user(acct["AccountId"], "x@example.com")
        listed = client.list_accounts(Name="Team", UserEmail="x@example.com")["Accounts"]
        assert [x["Name"] for x in listed] == ["Team A"]

    def test_paginator_walks_everything(self, client: ChimeClient, names: list[str]) -> None:
        paginator = client.get_paginator("list_accounts")
        got = [
            a["Name"]
            for page in paginator.paginate(PaginationConfig={"PageSize": 7})
            for a in page["Accounts"]
        ]
        assert got == names

    @pytest.mark.parametrize("token", ["garbage", "MTA6YWJj", "!!!"])
    def test_unknown_token_is_400(self, client: ChimeClient, names: list[str], token: str) -> None:
        assert names
        with pytest.raises(ClientError) as exc:
            client.list_accounts(NextToken=token)
        assert error_code(exc) == "BadRequestException"

    def test_token_with_changed_filters_is_400(self, client: ChimeClient, names: list[str]) -> None:
        token = next_token(client.list_accounts(Name="Alpha", MaxResults=5))
        with pytest.raises(ClientError) as exc:
            client.list_accounts(Name="Beta", MaxResults=5, NextToken=token)
        assert error_code(exc) == "BadRequestException"
        assert len(names) == 25

    def test_token_can_be_reused(self, client: ChimeClient, names: list[str]) -> None:
        token = next_token(client.list_accounts(MaxResults=20))
        first = client.list_accounts(MaxResults=20, NextToken=token)["Accounts"]
        again = client.list_accounts(MaxResults=20, NextToken=token)["Accounts"]
        assert first == again
        assert [a["Name"] for a in first] == names[20:]

    def test_accounts_created_while_paging_show_up_later(
        self, server: LocalChime, client: ChimeClient, names: list[str]
    ) -> None:
        first = client.list_accounts(MaxResults=20)
        server.add_account("Zeta")
        rest = client.list_accounts(MaxResults=20, NextToken=next_token(first))
        assert [a["Name"] for a in rest["Accounts"]] == [*names[20:], "Zeta"]


class TestFaults:
    """Each kind of injected fault, and the queue's bookkeeping."""

    def test_throttle_count_then_recover(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        server.inject(Fault(operation="GetAccount", status=429, count=2))
        for _ in range(2):
            with pytest.raises(ClientError) as exc:
                client.get_account(AccountId=account_id)
            assert error_code(exc) == "ThrottledClientException"
        assert client.get_account(AccountId=account_id)["Account"]["AccountId"] == account_id
        assert [r.status for r in server.requests[-3:]] == [429, 429, 200]
        assert server.faults == []

    def test_after_skips_matching_calls(self, server: LocalChime, client: ChimeClient) -> None:
        server.inject(Fault(operation="ListAccounts", status=500, after=3))
        client.create_account(Name="Not counted")
        for _ in range(3):
            client.list_accounts()
        with pytest.raises(ClientError) as exc:
            client.list_accounts()
        assert error_code(exc) == "ServiceFailureException"
        client.list_accounts()
        assert [r.status for r in server.requests] == [201, 200, 200, 200, 500, 200]

    def test_any_operation_fault(self, server: LocalChime, client: ChimeClient) -> None:
        server.inject(Fault(operation=None, status=503, count=2))
        with pytest.raises(ClientError) as first:
            client.create_account(Name="X")
        with pytest.raises(ClientError) as second:
            client.list_accounts()
        assert error_code(first) == error_code(second) == "ServiceUnavailableException"
        assert server.accounts() == []

    def test_faults_fire_in_injection_order(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        server.inject(Fault(operation="GetAccount", status=429))
        server.inject(Fault(operation=None, status=503))
        server.inject(Fault(operation="GetAccount", status=500))
        codes: list[str | None] = []
        for _ in range(3):
            with pytest.raises(ClientError) as exc:
                client.get_account(AccountId=account_id)
            codes.append(error_code(exc))
        assert codes == [
            "ThrottledClientException",
            "ServiceUnavailableException",
            "ServiceFailureException",
        ]

    def test_body_only_error_form(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        server.inject(Fault(operation="GetAccount", status=404, error_type_header=False))
        with pytest.raises(ClientError) as exc:
            client.get_account(AccountId=account_id)
        assert error_code(exc) == "NotFound"
        assert "x-amzn-errortype" not in http_headers(exc)

    def test_explicit_code_and_message(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        server.inject(
            Fault(operation="GetAccount", status=403, code="ForbiddenException", message="no")
        )
        with pytest.raises(ClientError) as exc:
            client.get_account(AccountId=account_id)
        assert exc.value.response.get("Error") == {"Code": "ForbiddenException", "Message": "no"}

    @pytest.mark.parametrize(
        ("status", "code"),
        [
            (400, "BadRequestException"),
            (401, "UnauthorizedClientException"),
            (403, "ForbiddenException"),
            (404, "NotFoundException"),
            (422, "UnprocessableEntityException"),
            (429, "ThrottledClientException"),
            (500, "ServiceFailureException"),
            (503, "ServiceUnavailableException"),
            (504, "GatewayTimeoutException"),
        ],
    )
    def test_code_derived_from_status(
        self, server: LocalChime, client: ChimeClient, status: int, code: str
    ) -> None:
        server.inject(Fault(operation="ListAccounts", status=status))
        with pytest.raises(ClientError) as exc:
            client.list_accounts()
        assert error_code(exc) == code
        assert http_status(exc) == status

    def test_apply_changes_store_then_fails(self, server: LocalChime, client: ChimeClient) -> None:
        server.inject(Fault(operation="CreateAccount", status=500, apply=True))
        with pytest.raises(ClientError) as exc:
            client.create_account(Name="Half-made")
        assert error_code(exc) == "ServiceFailureException"
        assert [a["Name"] for a in server.accounts()] == ["Half-made"]

    def test_without_apply_store_is_untouched(
        self, server: LocalChime, client: ChimeClient
    ) -> None:
        server.inject(Fault(operation="CreateAccount", status=500))
        with pytest.raises(ClientError):
            client.create_account(Name="Never")
        assert server.accounts() == []

    def test_raw_html_body(self, server: LocalChime, client: ChimeClient) -> None:
        server.inject(
            Fault(
                operation="ListAccounts",
                raw_body=b"<html>bad gateway</html>",
                status=502,
                content_type="text/html",
            )
        )
        with pytest.raises(ClientError) as exc:
            client.list_accounts()
        headers = http_headers(exc)
        assert http_status(exc) == 502
        assert headers["content-type"] == "text/html"
        resp = raw_request(server, "GET", "/accounts")
        assert resp.status == 200

    def test_raw_body_bytes_verbatim(self, server: LocalChime) -> None:
        server.inject(Fault(operation="ListAccounts", raw_body=b"<html>x</html>", status=502))
        resp = raw_request(server, "GET", "/accounts")
        assert (resp.status, resp.body) == (502, b"<html>x</html>")

    def test_drop_connection(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        server.inject(Fault(operation="GetAccount", drop_connection=True))
        with pytest.raises(ConnectionClosedError):
            client.get_account(AccountId=account_id)
        assert server.requests[-1].status == 0
        assert client.get_account(AccountId=account_id)["Account"]["AccountId"] == account_id

    def test_delay_answers_normally(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        server.inject(Fault(operation="GetAccount", delay=0.2))
        started = time.monotonic()
        got = client.get_account(AccountId=account_id)["Account"]
        assert time.monotonic() - started >= 0.2
        assert got["AccountId"] == account_id

    def test_delay_trips_read_timeout(self, server: LocalChime, account_id: str) -> None:
        impatient = server.client(Config(read_timeout=0.1, retries={"total_max_attempts": 1}))
        server.inject(Fault(operation="GetAccount", delay=0.4))
        with pytest.raises(ReadTimeoutError):
            impatient.get_account(AccountId=account_id)

    def test_clear_faults(self, server: LocalChime, client: ChimeClient) -> None:
        server.inject(Fault(operation="ListAccounts", status=500))
        server.clear_faults()
        assert client.list_accounts()["Accounts"] == []
        assert server.faults == []

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"operation": "Nope"},
            {"operation": None, "count": 0},
            {"operation": None, "after": -1},
            {"operation": None, "delay": -0.1},
            {"operation": None, "status": 99},
        ],
    )
    def test_invalid_faults_rejected(self, kwargs: dict[str, Any]) -> None:
        with pytest.raises(ValueError, match="must"):
            Fault(**kwargs)


class TestRequestLog:
    """The request log records what the endpoint saw."""

    def test_signed_client_request(self, server: LocalChime, client: ChimeClient) -> None:
        client.list_accounts(Name="Acme", MaxResults=5)
        (req,) = server.requests
        assert req == RecordedRequest(
            operation="ListAccounts",
            method="GET",
            path="/accounts",
            query={"name": ["Acme"], "max-results": ["5"]},
            body=b"",
            had_authorization=True,
            status=200,
        )

    def test_body_and_unsigned_request(self, server: LocalChime) -> None:
        raw_request(server, "POST", "/accounts", b'{"Name": "Raw"}')
        (req,) = server.requests
        assert (req.operation, req.body, req.had_authorization, req.status) == (
            "CreateAccount",
            b'{"Name": "Raw"}',
            False,
            201,
        )

    def test_percent_encoded_ids_are_decoded(self, server: LocalChime) -> None:
        odd = server.add_account("Odd", account_id="a b/c")
        quoted = urllib.parse.quote(odd["AccountId"], safe="")
        resp = raw_request(server, "GET", f"/accounts/{quoted}")
        assert resp.json()["Account"]["AccountId"] == "a b/c"

    def test_clear_requests(self, server: LocalChime, client: ChimeClient) -> None:
        client.list_accounts()
        server.clear_requests()
        assert server.requests == []


class TestSeeding:
    """Direct seeding helpers."""

    def test_add_account_full(self, server: LocalChime, client: ChimeClient) -> None:
        when = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=timezone.utc)
        seeded = server.add_account(
            name="Seeded",
            account_type="EnterpriseLWA",
            default_license="Basic",
            supported_licenses=("Basic", "Plus"),
            account_status="Suspended",
            aws_account_id="111122223333",
            created_timestamp=when,
            signin_delegate_groups=("admins",),
            account_id="fixed-id",
        )
        assert seeded["CreatedTimestamp"] == when.replace(microsecond=123000)
        assert client.get_account(AccountId="fixed-id")["Account"] == seeded
        assert seeded["SigninDelegateGroups"] == [{"GroupName": "admins"}]

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"account_type": "Huge"},
            {"default_license": "Gold"},
            {"account_status": "Gone"},
            {"aws_account_id": "12"},
            {"created_timestamp": datetime(2024, 1, 1)},
        ],
    )
    def test_add_account_rejects_bad_values(
        self, server: LocalChime, kwargs: dict[str, Any]
    ) -> None:
        with pytest.raises(ValueError, match="must"):
            server.add_account("Bad", **kwargs)

    def test_duplicate_account_id(self, server: LocalChime) -> None:
        server.add_account("One", account_id="same")
        with pytest.raises(ValueError, match="already exists"):
            server.add_account("Two", account_id="same")

    def test_add_user_to_unknown_account(self, server: LocalChime) -> None:
        with pytest.raises(KeyError):
            server.add_user("nope", "a@example.com")

    def test_seed_is_deterministic_and_varied(self) -> None:
        with LocalChime() as one, LocalChime() as two:
            first = one.seed(250, seed=7)
            second = two.seed(250, seed=7)
        assert first == second
        assert len({a["AccountId"] for a in first}) == 250
        assert {a["AccountStatus"] for a in first} == {"Active", "Suspended"}
        assert len({a["AccountType"] for a in first}) >= 3
        assert len({a["DefaultLicense"] for a in first}) >= 2
        stamps = [a["CreatedTimestamp"] for a in first]
        assert stamps == sorted(stamps)

    def test_seed_again_adds_new_accounts(self, server: LocalChime) -> None:
        first = server.seed(5, seed=7)
        second = server.seed(5, seed=7)
        assert {a["AccountId"] for a in first}.isdisjoint(a["AccountId"] for a in second)
        assert server.accounts() == first + second

    def test_seeded_accounts_are_listed_and_deletable_as_modeled(
        self, server: LocalChime, client: ChimeClient
    ) -> None:
        seeded = server.seed(40, seed=3)
        paginator = client.get_paginator("list_accounts")
        listed = [a for page in paginator.paginate() for a in page["Accounts"]]
        assert listed == seeded


class TestLifecycle:
    """Start/stop as a plain object and as a context manager."""

    def test_plain_start_stop(self) -> None:
        chime_server = LocalChime()
        with pytest.raises(RuntimeError):
            _ = chime_server.endpoint_url
        chime_server.start()
        try:
            assert chime_server.running
            assert chime_server.endpoint_url == f"http://127.0.0.1:{chime_server.port}"
            assert chime_server.client().list_accounts()["Accounts"] == []
            with pytest.raises(RuntimeError):
                chime_server.start()
        finally:
            chime_server.stop()
        assert not chime_server.running
        chime_server.stop()

    def test_stopped_server_refuses_connections(self) -> None:
        with LocalChime() as chime_server:
            port = chime_server.port
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        with pytest.raises(OSError):  # noqa: PT011 - refused or reset, both fine
            conn.request("GET", "/accounts")
        conn.close()

    def test_store_survives_restart(self) -> None:
        chime_server = LocalChime()
        with chime_server:
            chime_server.client().create_account(Name="Kept")
        with chime_server:
            names = [a["Name"] for a in chime_server.client().list_accounts()["Accounts"]]
        assert names == ["Kept"]


class TestConcurrency:
    """Many threads at once, and per-call latency."""

    def test_parallel_get_account(self, server: LocalChime, account_id: str) -> None:
        shared = server.client(Config(max_pool_connections=16, retries={"total_max_attempts": 1}))
        errors: list[BaseException] = []
        barrier = threading.Barrier(16)

        def worker() -> None:
            barrier.wait()
            try:
                for _ in range(50):
                    got = shared.get_account(AccountId=account_id)["Account"]
                    assert got["AccountId"] == account_id
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len(server.requests) == 16 * 50 + 1
        assert all(r.status == 200 for r in server.requests if r.operation == "GetAccount")

    def test_parallel_faults_consumed_exactly(self, server: LocalChime, account_id: str) -> None:
        shared = server.client(Config(max_pool_connections=8, retries={"total_max_attempts": 1}))
        server.inject(Fault(operation="GetAccount", status=429, count=25))
        statuses: list[int] = []
        lock = threading.Lock()

        def worker() -> None:
            for _ in range(10):
                try:
                    shared.get_account(AccountId=account_id)
                    status = 200
                except ClientError as exc:
                    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
                with lock:
                    statuses.append(status)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(statuses).count(429) == 25
        assert statuses.count(200) == 55

    def test_accepted_sockets_disable_nagle(
        self, server: LocalChime, client: ChimeClient, account_id: str
    ) -> None:
        # With Nagle on, the client's delayed ACK stalls every keep-alive call by ~40 ms.
        client.get_account(AccountId=account_id)
        http_server = server._server  # pyright: ignore[reportPrivateUsage]
        assert http_server is not None
        with http_server.connections_lock:
            sockets = list(http_server.connections)
        assert sockets
        for sock in sockets:
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


class TestChimeAccountsFacade:
    """``LocalChime.chime_accounts`` builds a ChimeAccounts as the library builds its own."""

    def test_botocore_does_not_retry(self, server: LocalChime, account_id: str) -> None:
        chime = server.chime_accounts(retry=RetryPolicy(max_attempts=1))
        server.clear_requests()
        server.inject(Fault.error("GetAccount", 503, count=5))
        with pytest.raises(ServiceUnavailableError):
            chime.get_account(account_id)
        assert [r.status for r in server.requests] == [503]

    def test_a_cut_off_answer_is_not_read_as_empty(self, server: LocalChime) -> None:
        server.add_account("Listed")
        chime = server.chime_accounts(retry=RetryPolicy(max_attempts=1))
        server.inject(Fault.truncate(5, operation="ListAccounts"))
        with pytest.raises(ChimeConnectionError):
            list(chime.list_accounts())

    def test_the_endpoint_and_config_are_used(self, server: LocalChime) -> None:
        chime = server.chime_accounts(config=Config(read_timeout=7))
        assert chime.client.meta.endpoint_url == server.endpoint_url
        assert chime.client.meta.region_name == "us-east-1"
        assert getattr(chime.client.meta.config, "read_timeout", None) == 7
        assert chime.create_account("Made").name == "Made"

    def test_stop_closes_what_it_made(
        self, server: LocalChime, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        chime = server.chime_accounts()
        closed: list[bool] = []
        original = chime.close

        def close() -> None:
            closed.append(True)
            original()

        monkeypatch.setattr(chime, "close", close)
        server.stop()
        assert closed == [True]


class TestPytestPlugin:
    """The ``local_chime`` fixture from the pytest plugin."""

    def test_fixture_is_fresh_and_running(self, local_chime: LocalChime) -> None:
        assert local_chime.running
        assert local_chime.accounts() == []
        assert local_chime.requests == []
        local_chime.client().create_account(Name="Via fixture")
        assert [a["Name"] for a in local_chime.accounts()] == ["Via fixture"]
