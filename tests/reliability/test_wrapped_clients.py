"""A client the caller wraps never duplicates work or runs away, in any botocore retry mode.

botocore retries inside the client before the library sees an answer: a CreateAccount
whose answer is lost would be sent again, and the library's attempts would multiply
botocore's. The library ends each failed attempt of its own calls before botocore's retry
handler runs, so only its ``RetryPolicy`` decides; calls made directly on the client keep
botocore's behaviour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import boto3
import pytest
from aiobotocore.config import AioConfig
from aiobotocore.session import AioSession
from botocore.config import Config

from chime_accounts import (
    AsyncChimeAccounts,
    ChimeAccounts,
    RetryPolicy,
    ServiceFailureError,
    ThrottledError,
    ValidationError,
)
from chime_accounts.testing import Fault, LocalChime

from ..sync_adapter import SyncAdapter

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..sync_adapter import LoopThread

MODES = ["legacy", "standard", "adaptive"]
POLICY = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0)


class Wrapped:
    """A caller's client in one retry mode, and the facade that wraps it."""

    def __init__(self, chime: ChimeAccounts, direct: Any) -> None:
        self.chime = chime
        self.direct = direct  # calls on the caller's client, bypassing the facade


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return cast("str", request.param)


@pytest.fixture(params=MODES)
def wrapped(
    request: pytest.FixtureRequest, kind: str, local_chime: LocalChime, loop_thread: LoopThread
) -> Iterator[Wrapped]:
    retries: Any = {"mode": request.param, "max_attempts": 10}
    if kind == "sync":
        client = local_chime.client(config=Config(retries=retries))
        yield Wrapped(ChimeAccounts(client, retry=POLICY), client)
        return
    context: Any = AioSession().create_client(  # pyright: ignore[reportUnknownMemberType]
        "chime",
        region_name="us-east-1",
        endpoint_url=local_chime.endpoint_url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=AioConfig(retries=retries),
    )
    aio_client: Any = loop_thread.run(context.__aenter__())
    facade = cast(
        "ChimeAccounts", SyncAdapter(AsyncChimeAccounts(aio_client, retry=POLICY), loop_thread)
    )
    try:
        yield Wrapped(facade, SyncAdapter(aio_client, loop_thread))
    finally:
        loop_thread.run(context.__aexit__(None, None, None))


class TestWrappedClients:
    """Any wrapped client: writes sent once per library attempt, retries bounded by the policy."""

    def test_an_ambiguous_create_is_sent_once_and_says_so(
        self, wrapped: Wrapped, local_chime: LocalChime
    ) -> None:
        local_chime.inject(Fault(operation="CreateAccount", status=500, count=10, apply=True))

        with pytest.raises(ServiceFailureError) as caught:
            wrapped.chime.create_account("Team A")

        assert caught.value.may_have_succeeded
        assert caught.value.retry_attempts == 0
        assert [a["Name"] for a in local_chime.accounts()] == ["Team A"]
        assert [r.operation for r in local_chime.requests] == ["CreateAccount"]

    def test_an_ambiguous_invitation_is_sent_once(
        self, wrapped: Wrapped, local_chime: LocalChime
    ) -> None:
        team = local_chime.add_account("Team")["AccountId"]
        local_chime.inject(Fault(operation="InviteUsers", status=500, count=10, apply=True))

        result = wrapped.chime.invite_users(team, emails=["pat@example.com"])

        (failure,) = result.failures
        assert failure.error.may_have_succeeded
        assert [r.operation for r in local_chime.requests] == ["InviteUsers"]

    def test_throttling_takes_only_the_policy_s_attempts(
        self, wrapped: Wrapped, local_chime: LocalChime
    ) -> None:
        account = local_chime.add_account("Team")["AccountId"]
        local_chime.inject(Fault(operation="GetAccount", status=429, count=100))

        with pytest.raises(ThrottledError) as caught:
            wrapped.chime.get_account(account)

        assert caught.value.retry_attempts == POLICY.max_attempts - 1
        assert len(local_chime.requests) == POLICY.max_attempts

    def test_a_read_is_retried_by_the_policy(
        self, wrapped: Wrapped, local_chime: LocalChime
    ) -> None:
        account = local_chime.add_account("Team")["AccountId"]
        local_chime.inject(Fault(operation="GetAccount", status=500, count=2))

        assert wrapped.chime.get_account(account).account_id == account
        assert len(local_chime.requests) == 3

    def test_direct_calls_keep_botocore_s_retries(
        self, wrapped: Wrapped, local_chime: LocalChime
    ) -> None:
        account = local_chime.add_account("Team")["AccountId"]
        wrapped.chime.get_account(account)
        local_chime.clear_requests()
        local_chime.inject(Fault(operation="GetAccount", status=500, count=2))

        response = wrapped.direct.get_account(AccountId=account)

        assert response["Account"]["AccountId"] == account
        assert response["ResponseMetadata"]["RetryAttempts"] == 2
        assert len(local_chime.requests) == 3


class TestRefusals:
    """What cannot be wrapped is refused at construction, saying how to fix it."""

    def test_a_client_of_another_service(self) -> None:
        s3 = cast("Any", boto3.client("s3", region_name="us-east-1"))  # pyright: ignore[reportUnknownMemberType]

        with pytest.raises(
            ValidationError, match=r'client: must be a boto3 or aiobotocore client for "chime"'
        ):
            ChimeAccounts(s3)

    def test_not_a_client(self) -> None:
        with pytest.raises(ValidationError, match="client"):
            ChimeAccounts(cast("Any", object()))
