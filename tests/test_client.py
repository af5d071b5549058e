"""ChimeAccounts end to end: a real boto3 client against the local Chime endpoint."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, cast

import boto3
import pytest
from aiobotocore.session import AioSession
from botocore.config import Config
from botocore.exceptions import ClientError

from chime_accounts import (
    Account,
    AccountStatus,
    AccountType,
    AsyncChimeAccounts,
    BadRequestError,
    ChimeAccounts,
    ChimeAPIError,
    ChimeConnectionError,
    CredentialsError,
    License,
    NotFoundError,
    RetryPolicy,
    ServiceFailureError,
    ThrottledError,
    UnprocessableEntityError,
    ValidationError,
)
from chime_accounts.testing import Fault, LocalChime

from .conftest import NO_WAIT
from .sync_adapter import SyncAdapter

if TYPE_CHECKING:
    from mypy_boto3_chime.client import ChimeClient

    from .sync_adapter import LoopThread


def operations(server: LocalChime) -> list[str | None]:
    return [request.operation for request in server.requests]


class TestAccountLifecycle:
    """Create, read, update and delete through a real boto3 client and HTTP."""

    def test_create_returns_a_typed_active_team_account(
        self, chime: ChimeAccounts, local_chime: LocalChime
    ) -> None:
        account = chime.create_account(name="Team A")

        assert isinstance(account, Account)
        assert account.name == "Team A"
        assert account.account_type is AccountType.TEAM
        assert account.account_status is AccountStatus.ACTIVE
        assert account.aws_account_id == "123456789012"
        assert account.created_timestamp is not None
        assert account.created_timestamp.tzinfo is dt.timezone.utc
        assert local_chime.requests[-1].method == "POST"
        assert local_chime.requests[-1].status == 201
        assert local_chime.requests[-1].had_authorization

    def test_get_returns_what_create_made(self, chime: ChimeAccounts) -> None:
        created = chime.create_account(name="Team B")

        assert chime.get_account(account_id=created.account_id) == created

    def test_get_reads_seeded_enterprise_fields(
        self, chime: ChimeAccounts, local_chime: LocalChime
    ) -> None:
        seeded = local_chime.add_account(
            name="Corp",
            account_type="EnterpriseLWA",
            default_license="Basic",
            supported_licenses=("Basic", "Pro", "ProTrial"),
            account_status="Suspended",
        )

        account = chime.get_account(seeded["AccountId"])

        assert account.account_type is AccountType.ENTERPRISE_LWA
        assert account.default_license is License.BASIC
        assert account.supported_licenses == (License.BASIC, License.PRO, License.PRO_TRIAL)
        assert account.account_status is AccountStatus.SUSPENDED

    def test_update_changes_only_what_is_given(self, chime: ChimeAccounts) -> None:
        created = chime.create_account(name="Before")

        renamed = chime.update_account(created.account_id, name="After")
        relicensed = chime.update_account(created.account_id, default_license=License.BASIC)

        assert renamed.name == "After"
        assert renamed.default_license == created.default_license
        assert relicensed.name == "After"
        assert relicensed.default_license is License.BASIC

    def test_update_accepts_a_license_string(self, chime: ChimeAccounts) -> None:
        created = chime.create_account(name="Strings")

        updated = chime.update_account(account_id=created.account_id, default_license="Basic")

        assert updated.default_license is License.BASIC

    def test_delete_suspends_the_account(self, chime: ChimeAccounts) -> None:
        created = chime.create_account(name="Doomed")

        chime.delete_account(account_id=created.account_id)

        assert chime.get_account(created.account_id).account_status is AccountStatus.SUSPENDED

    def test_delete_with_active_users_is_unprocessable(
        self, chime: ChimeAccounts, local_chime: LocalChime
    ) -> None:
        created = chime.create_account(name="Busy")
        local_chime.add_user(created.account_id, email="user@example.com")

        with pytest.raises(UnprocessableEntityError) as caught:
            chime.delete_account(created.account_id)

        assert caught.value.http_status == 422
        assert caught.value.code == "UnprocessableEntityException"


class TestErrors:
    """Service errors become typed exceptions with the facts of the failed call."""

    @pytest.mark.parametrize("kind", ["sync", "async"])
    def test_no_credentials_is_a_credentials_error_and_sends_nothing(
        self,
        kind: str,
        local_chime: LocalChime,
        loop_thread: LoopThread,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.delenv("AWS_ACCESS_KEY_ID")
        monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
        # A new session, since the shared ones may have found credentials already.
        if kind == "sync":
            chime = ChimeAccounts(session=boto3.Session(), endpoint_url=local_chime.endpoint_url)
        else:
            async_chime = AsyncChimeAccounts(
                session=AioSession(), endpoint_url=local_chime.endpoint_url
            )
            loop_thread.run(async_chime.__aenter__())
            chime = cast("ChimeAccounts", SyncAdapter(async_chime, loop_thread))

        with pytest.raises(CredentialsError) as caught:
            chime.get_account("a")

        assert caught.value.operation == "GetAccount"
        assert "AWS_PROFILE" in str(caught.value)
        assert local_chime.requests == []

    def test_unknown_account_is_not_found_with_all_details(self, chime: ChimeAccounts) -> None:
        with pytest.raises(NotFoundError) as caught:
            chime.get_account("00000000-0000-0000-0000-000000000000")

        error = caught.value
        assert error.operation == "GetAccount"
        assert error.code == "NotFoundException"
        assert error.http_status == 404
        assert error.request_id
        assert error.message
        assert error.retry_attempts == 0
        assert isinstance(error.__cause__, ClientError)
        assert "GetAccount" in str(error)

    def test_body_only_not_found_maps_to_the_same_class(
        self, chime: ChimeAccounts, local_chime: LocalChime
    ) -> None:
        account = chime.create_account(name="Present")
        local_chime.inject(Fault(operation="GetAccount", status=404, error_type_header=False))

        with pytest.raises(NotFoundError) as caught:
            chime.get_account(account.account_id)

        assert caught.value.code == "NotFound"

    def test_service_side_bad_request(self, chime: ChimeAccounts, local_chime: LocalChime) -> None:
        account = chime.create_account(name="Licensed")
        local_chime.inject(Fault(operation="UpdateAccount", status=400))

        with pytest.raises(BadRequestError) as caught:
            chime.update_account(account.account_id, name="New")

        assert caught.value.http_status == 400

    def test_unknown_code_falls_back_to_the_base_class(
        self, chime: ChimeAccounts, local_chime: LocalChime
    ) -> None:
        local_chime.inject(Fault(operation="CreateAccount", status=418, code="TeapotException"))

        with pytest.raises(ChimeAPIError) as caught:
            chime.create_account("Teapot")

        assert type(caught.value) is ChimeAPIError
        assert caught.value.code == "TeapotException"
        assert caught.value.http_status == 418


class TestRetries:
    """Throttling and failures are retried within the policy, and never blindly for creates."""

    def test_throttled_get_is_retried_until_it_succeeds(
        self, chime: ChimeAccounts, local_chime: LocalChime
    ) -> None:
        account = chime.create_account(name="Popular")
        local_chime.clear_requests()
        local_chime.inject(Fault(operation="GetAccount", status=429, count=2))

        assert chime.get_account(account.account_id) == account
        assert [r.status for r in local_chime.requests] == [429, 429, 200]

    def test_exhausted_retries_raise_with_the_attempt_count(
        self, chime: ChimeAccounts, local_chime: LocalChime
    ) -> None:
        local_chime.inject(Fault(operation="GetAccount", status=429, count=10))

        with pytest.raises(ThrottledError) as caught:
            chime.get_account("any-id")

        assert caught.value.retry_attempts == NO_WAIT.max_attempts - 1
        assert len(local_chime.requests) == NO_WAIT.max_attempts

    def test_server_error_on_a_read_is_retried(
        self, chime: ChimeAccounts, local_chime: LocalChime
    ) -> None:
        account = chime.create_account(name="Flaky")
        local_chime.inject(Fault(operation="GetAccount", status=500, count=1))

        assert chime.get_account(account.account_id) == account

    def test_throttled_create_is_retried_because_nothing_was_done(
        self, chime: ChimeAccounts, local_chime: LocalChime
    ) -> None:
        local_chime.inject(Fault(operation="CreateAccount", status=429))

        chime.create_account("Eventually")

        assert [a["Name"] for a in local_chime.accounts()] == ["Eventually"]

    def test_create_is_not_retried_after_a_server_error(
        self, chime: ChimeAccounts, local_chime: LocalChime
    ) -> None:
        local_chime.inject(Fault(operation="CreateAccount", status=500, apply=True))

        with pytest.raises(ServiceFailureError) as caught:
            chime.create_account("Maybe")

        assert caught.value.may_have_succeeded
        assert "may have been carried out" in str(caught.value)
        assert operations(local_chime) == ["CreateAccount"]
        assert [a["Name"] for a in local_chime.accounts()] == ["Maybe"]

    def test_create_is_not_retried_after_a_dropped_connection(
        self, chime: ChimeAccounts, local_chime: LocalChime
    ) -> None:
        local_chime.inject(Fault(operation="CreateAccount", drop_connection=True, apply=True))

        with pytest.raises(ChimeConnectionError) as caught:
            chime.create_account("Dropped")

        assert caught.value.may_have_succeeded
        assert operations(local_chime) == ["CreateAccount"]

    def test_dropped_connection_on_a_read_is_retried(
        self, chime: ChimeAccounts, local_chime: LocalChime
    ) -> None:
        account = chime.create_account(name="Reconnect")
        local_chime.inject(Fault(operation="GetAccount", drop_connection=True))

        assert chime.get_account(account.account_id) == account

    def test_retries_off(self, local_chime: LocalChime) -> None:
        local_chime.inject(Fault(operation="GetAccount", status=429))
        chime = ChimeAccounts(endpoint_url=local_chime.endpoint_url, retry=RetryPolicy.off())
        with chime, pytest.raises(ThrottledError) as caught:
            chime.get_account("any-id")

        assert caught.value.retry_attempts == 0
        assert len(local_chime.requests) == 1

    def test_botocore_retries_in_a_wrapped_client_count_towards_the_budget(
        self, local_chime: LocalChime
    ) -> None:
        # A legacy-mode client retries 429 itself; the facade must not multiply attempts.
        client = local_chime.client(config=Config(retries={"mode": "legacy", "max_attempts": 2}))
        chime = ChimeAccounts(client, retry=NO_WAIT)
        local_chime.inject(Fault(operation="GetAccount", status=429, count=100))

        with pytest.raises(ThrottledError) as caught:
            chime.get_account("any-id")

        assert len(local_chime.requests) <= NO_WAIT.max_attempts + 2
        assert caught.value.retry_attempts == len(local_chime.requests) - 1


class TestValidation:
    """Bad input fails before any request is sent."""

    @pytest.mark.parametrize(
        ("method", "arguments", "parameter"),
        [
            ("create_account", {"name": ""}, "name"),
            ("create_account", {"name": "   "}, "name"),
            ("create_account", {"name": "x" * 101}, "name"),
            ("create_account", {"name": 123}, "name"),
            ("create_account", {"name": "bad\x00name"}, "name"),
            ("get_account", {"account_id": ""}, "account_id"),
            ("get_account", {"account_id": " \t"}, "account_id"),
            ("get_account", {"account_id": 42}, "account_id"),
            ("delete_account", {"account_id": None}, "account_id"),
            ("update_account", {"account_id": "id", "name": ""}, "name"),
            ("update_account", {"account_id": "id", "default_license": "Gold"}, "default_license"),
            ("update_account", {"account_id": "id", "default_license": 3}, "default_license"),
            ("list_accounts", {"page_size": 0}, "page_size"),
            ("list_accounts", {"page_size": 201}, "page_size"),
            ("list_accounts", {"page_size": True}, "page_size"),
            ("list_accounts", {"page_size": "10"}, "page_size"),
            ("list_accounts", {"max_items": 0}, "max_items"),
            ("list_accounts", {"user_email": "not-an-email"}, "user_email"),
            ("list_accounts", {"user_email": "a b@example.com"}, "user_email"),
            ("list_accounts", {"name": ""}, "name"),
            ("list_accounts", {"starting_token": ""}, "starting_token"),
        ],
    )
    def test_invalid_argument_raises_before_sending(
        self,
        chime: ChimeAccounts,
        local_chime: LocalChime,
        method: str,
        arguments: dict[str, object],
        parameter: str,
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            getattr(chime, method)(**arguments)

        assert caught.value.parameter == parameter
        assert isinstance(caught.value, ValueError)
        assert local_chime.requests == []

    def test_email_is_not_echoed_in_the_error(self, chime: ChimeAccounts) -> None:
        with pytest.raises(ValidationError) as caught:
            chime.list_accounts(user_email="secret-person@nowhere")

        assert "secret-person" not in str(caught.value)


class TestClientOwnership:
    """Options build an own client; a caller's client or session is used untouched."""

    def test_wrapped_client_is_used_as_is(
        self, raw_client: ChimeClient, local_chime: LocalChime
    ) -> None:
        retries_before = vars(raw_client.meta.config)["retries"]
        chime = ChimeAccounts(raw_client)

        chime.create_account("Wrapped")
        chime.close()

        assert chime.client is raw_client
        assert vars(raw_client.meta.config)["retries"] == retries_before
        assert raw_client.list_accounts()["Accounts"][0]["Name"] == "Wrapped"

    def test_own_client_turns_botocore_retries_off(self, local_chime: LocalChime) -> None:
        chime = ChimeAccounts(endpoint_url=local_chime.endpoint_url)

        assert vars(chime.client.meta.config)["retries"] == {
            "mode": "standard",
            "total_max_attempts": 1,
        }
        assert chime.client.meta.region_name == "us-east-1"

    def test_own_client_keeps_other_config(self, local_chime: LocalChime) -> None:
        config = Config(read_timeout=7)
        chime = ChimeAccounts(endpoint_url=local_chime.endpoint_url, config=config)

        assert vars(chime.client.meta.config)["read_timeout"] == 7
        assert vars(config)["retries"] is None

    def test_session_is_used_for_the_own_client(
        self, session: boto3.Session, local_chime: LocalChime
    ) -> None:
        chime = ChimeAccounts(session=session, endpoint_url=local_chime.endpoint_url)

        assert chime.create_account("From session").name == "From session"

    @pytest.mark.parametrize("option", ["endpoint_url", "profile_name", "config"])
    def test_client_options_with_a_client_are_rejected(
        self, raw_client: ChimeClient, option: str
    ) -> None:
        values = {"endpoint_url": "http://x", "profile_name": "p", "config": Config()}
        with pytest.raises(ValidationError) as caught:
            ChimeAccounts(raw_client, **{option: values[option]})  # type: ignore[arg-type]

        assert caught.value.parameter == option


class TestLogging:
    """Retries are logged by operation, without arguments."""

    def test_retry_is_logged_without_sensitive_values(
        self, chime: ChimeAccounts, local_chime: LocalChime, caplog: pytest.LogCaptureFixture
    ) -> None:
        local_chime.inject(Fault(operation="ListAccounts", status=429))

        with caplog.at_level(logging.DEBUG, logger="chime_accounts"):
            list(chime.list_accounts(user_email="hidden.person@example.com"))

        messages = [r.getMessage() for r in caplog.records if r.name == "chime_accounts"]
        assert any("ListAccounts" in m and "retrying" in m for m in messages)
        assert not any("hidden.person" in m for m in messages)
