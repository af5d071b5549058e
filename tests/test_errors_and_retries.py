"""Error mapping and retry decisions, as narrow unit tests with botocore's Stubber."""

from __future__ import annotations

import concurrent.futures
import json
import pickle
from typing import TYPE_CHECKING, Any, cast

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import (
    ConnectionClosedError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from botocore.stub import Stubber

from chime_accounts import (
    AccessDeniedError,
    BadRequestError,
    ChimeAccounts,
    ChimeAPIError,
    ChimeTimeoutError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ResourceLimitExceededError,
    ResponseParseError,
    RetryPolicy,
    ServiceFailureError,
    ServiceUnavailableError,
    ThrottledError,
    UnauthorizedError,
    UnprocessableEntityError,
    exceptions,
)
from chime_accounts._retry import failure_may_have_succeeded, is_retryable
from chime_accounts.exceptions import ChimeAccountsError
from chime_accounts.testing import Fault, LocalChime

if TYPE_CHECKING:
    from collections.abc import Iterator

    from mypy_boto3_chime.client import ChimeClient


@pytest.fixture
def stubbed() -> Iterator[tuple[ChimeClient, Stubber]]:
    # The stubs list every service's overload; only chime's is installed.
    client = boto3.client("chime", region_name="us-east-1")  # pyright: ignore[reportUnknownMemberType]
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


ERROR_TABLE = [
    ("BadRequestException", 400, BadRequestError),
    ("ResourceLimitExceededException", 400, ResourceLimitExceededError),
    ("UnauthorizedClientException", 401, UnauthorizedError),
    ("ForbiddenException", 403, ForbiddenError),
    ("AccessDeniedException", 403, AccessDeniedError),
    ("NotFoundException", 404, NotFoundError),
    ("ConflictException", 409, ConflictError),
    ("UnprocessableEntityException", 422, UnprocessableEntityError),
    ("ThrottledClientException", 429, ThrottledError),
    ("ServiceFailureException", 500, ServiceFailureError),
    ("ServiceUnavailableException", 503, ServiceUnavailableError),
    ("NotFound", 404, NotFoundError),
    ("Throttling", 429, ThrottledError),
    ("SomethingNew", 400, ChimeAPIError),
]


class TestErrorMapping:
    """Each Chime error code becomes its own exception class with the call's facts."""

    @pytest.mark.parametrize(("code", "status", "expected"), ERROR_TABLE)
    def test_code_maps_to_class(
        self,
        stubbed: tuple[ChimeClient, Stubber],
        code: str,
        status: int,
        expected: type[ChimeAPIError],
    ) -> None:
        client, stubber = stubbed
        stubber.add_client_error(
            "get_account",
            service_error_code=code,
            service_message="it went wrong",
            http_status_code=status,
            expected_params={"AccountId": "acct"},
        )

        with pytest.raises(ChimeAPIError) as caught:
            ChimeAccounts(client, retry=RetryPolicy.off()).get_account("acct")

        error = caught.value
        assert type(error) is expected
        assert (error.code, error.http_status, error.message) == (code, status, "it went wrong")
        assert error.operation == "GetAccount"
        assert error.__cause__ is not None

    def test_subclass_relations(self) -> None:
        assert issubclass(ResourceLimitExceededError, BadRequestError)
        assert issubclass(AccessDeniedError, ForbiddenError)
        assert issubclass(ChimeAPIError, ChimeAccountsError)


class TestResponseParsingThroughTheClient:
    """A response missing a required member is a ResponseParseError, not a made-up model."""

    def test_missing_account_id(self, local_chime: LocalChime) -> None:
        body = json.dumps({"Account": {"AwsAccountId": "123456789012", "Name": "No id"}})
        local_chime.inject(
            Fault(
                operation="GetAccount",
                status=200,
                raw_body=body.encode(),
                content_type="application/json",
            )
        )

        with pytest.raises(ResponseParseError) as caught:
            local_chime.chime_accounts().get_account("acct")

        assert caught.value.member == "Account.AccountId"
        assert caught.value.operation == "GetAccount"

    @pytest.mark.parametrize(
        "body", [b"{not json", b"<html><body>502 Bad Gateway</body></html>", b"[1, 2]"]
    )
    def test_unreadable_success_body(self, local_chime: LocalChime, body: bytes) -> None:
        local_chime.inject(Fault(operation="GetAccount", status=200, raw_body=body))

        with pytest.raises(ResponseParseError):
            local_chime.chime_accounts().get_account("acct")

    def test_html_error_page_from_a_proxy(
        self, chime: ChimeAccounts, local_chime: LocalChime
    ) -> None:
        page = b"<html><body>502 Bad Gateway</body></html>"
        local_chime.inject(
            Fault(operation="CreateAccount", status=502, raw_body=page, content_type="text/html")
        )

        with pytest.raises(ChimeAPIError) as caught:
            chime.create_account("Behind a proxy")

        assert caught.value.http_status == 502
        assert caught.value.may_have_succeeded


def client_error(code: str, status: int) -> Exception:
    from botocore.exceptions import ClientError

    response = {"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}
    return ClientError(cast("Any", response), "GetAccount")


class TestRetryDecisions:
    """What is retried depends on whether the work may have been done."""

    @pytest.mark.parametrize(
        ("error", "read", "write"),
        [
            (client_error("ThrottledClientException", 429), True, True),
            (client_error("ServiceFailureException", 500), True, False),
            (client_error("ServiceUnavailableException", 503), True, False),
            (client_error("BadRequestException", 400), False, False),
            (client_error("NotFoundException", 404), False, False),
            (EndpointConnectionError(endpoint_url="http://x"), True, True),
            (ConnectionClosedError(endpoint_url="http://x"), True, False),
            (ReadTimeoutError(endpoint_url="http://x"), True, False),
            (ValueError("not botocore"), False, False),
        ],
    )
    def test_retryable(self, error: Exception, read: bool, write: bool) -> None:
        assert is_retryable(error, idempotent=True) is read
        assert is_retryable(error, idempotent=False) is write

    @pytest.mark.parametrize(
        ("error", "ambiguous"),
        [
            (client_error("ServiceFailureException", 500), True),
            (client_error("ThrottledClientException", 429), False),
            (EndpointConnectionError(endpoint_url="http://x"), False),
            (ReadTimeoutError(endpoint_url="http://x"), True),
        ],
    )
    def test_may_have_succeeded(self, error: Exception, ambiguous: bool) -> None:
        assert failure_may_have_succeeded(error) is ambiguous


class TestBackoff:
    """Capped exponential backoff with full jitter."""

    def test_delays_double_up_to_the_cap(self) -> None:
        policy = RetryPolicy(base_delay=0.1, max_delay=1.0, jitter=lambda: 1.0)

        assert [policy.delay(n) for n in range(1, 7)] == pytest.approx(
            [0.1, 0.2, 0.4, 0.8, 1.0, 1.0]
        )

    def test_full_jitter_scales_the_cap(self) -> None:
        policy = RetryPolicy(base_delay=0.1, max_delay=1.0, jitter=lambda: 0.25)

        assert policy.delay(3) == pytest.approx(0.1)

    def test_off_means_one_attempt(self) -> None:
        assert RetryPolicy.off().max_attempts == 1

    def test_invalid_policy(self) -> None:
        with pytest.raises(ValueError, match="max_attempts"):
            RetryPolicy(max_attempts=0)


class TestTimeouts:
    """A read timeout is a typed timeout error, retried for reads only."""

    def test_read_timeout_on_a_read(self, local_chime: LocalChime) -> None:
        account = local_chime.add_account(name="Slow")
        local_chime.inject(Fault(operation="GetAccount", delay=1.0, count=5))
        chime = ChimeAccounts(
            endpoint_url=local_chime.endpoint_url,
            config=Config(read_timeout=0.2, connect_timeout=0.2),
            retry=RetryPolicy(max_attempts=2, base_delay=0, max_delay=0),
        )

        with pytest.raises(ChimeTimeoutError) as caught:
            chime.get_account(account["AccountId"])

        assert caught.value.retry_attempts == 1
        assert not caught.value.may_have_succeeded


def _one_of_each() -> list[ChimeAccountsError]:
    """An instance of every error class, with its attributes set as the library sets them."""
    api: dict[str, Any] = {
        "operation": "GetAccount",
        "message": "gone",
        "http_status": 404,
        "request_id": "r-1",
        "retry_attempts": 2,
        "may_have_succeeded": True,
    }
    errors: list[ChimeAccountsError] = [
        exceptions.ChimeAccountsError("GetAccount: odd"),
        exceptions.ValidationError("name", "must not be blank"),
        exceptions.ResponseParseError("GetAccount", "Account.AccountId", "missing"),
        exceptions.PaginationError("ListAccounts: the same token twice"),
        exceptions.CredentialsError("GetAccount", "Unable to locate credentials"),
        exceptions.ChimeConnectionError(
            "CreateAccount", "reset", retry_attempts=1, may_have_succeeded=True
        ),
        exceptions.ChimeTimeoutError(
            "GetAccount", "read", retry_attempts=0, may_have_succeeded=False
        ),
    ]
    api_classes: list[type[exceptions.ChimeAPIError]] = [
        exceptions.ChimeAPIError,
        *exceptions.ERROR_CLASSES.values(),
    ]
    errors += [cls(code=cls.codes[0] if cls.codes else "Odd", **api) for cls in api_classes]
    return errors


class TestPickling:
    """Every error survives pickle with its attributes, e.g. from a ProcessPoolExecutor."""

    def test_every_class_is_covered(self) -> None:
        covered = {type(error).__name__ for error in _one_of_each()}

        assert covered == set(exceptions.__all__)

    @pytest.mark.parametrize("error", _one_of_each(), ids=lambda e: type(e).__name__)
    def test_round_trip(self, error: ChimeAccountsError) -> None:
        copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes

        assert type(copy) is type(error)
        assert str(copy) == str(error)
        assert vars(copy) == vars(error)
        assert copy.may_have_succeeded == error.may_have_succeeded

    def test_an_error_from_another_process(self, local_chime: LocalChime) -> None:
        with concurrent.futures.ProcessPoolExecutor(1) as pool:
            future = pool.submit(_get_missing_account, local_chime.endpoint_url)
            error = future.exception(timeout=120)

        assert isinstance(error, exceptions.NotFoundError)
        assert error.http_status == 404
        assert error.operation == "GetAccount"


def _get_missing_account(endpoint_url: str) -> None:
    with ChimeAccounts(endpoint_url=endpoint_url) as chime:
        chime.get_account("no-such-account")
