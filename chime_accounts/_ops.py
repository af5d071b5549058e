"""The account operations without I/O: checked requests, response parsing, error mapping.

Each operation function checks its arguments and returns a :class:`Call` (or a
:class:`ListCall` for paginated operations) that says which boto3 method to call with
which parameters and how to read the answer. Clients only send and wait.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import attrs
import cattrs
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    HTTPClientError,
    ParamValidationError,
    ReadTimeoutError,
)
from botocore.exceptions import ConnectionError as BotoConnectionError
from botocore.exceptions import PaginationError as BotoPaginationError
from botocore.parsers import ResponseParserError

from . import _validation as check
from ._converter import converter, describe_structure_error
from ._models import Account
from ._redaction import redact_exception, redact_text
from ._retry import RetryPolicy, failure_may_have_succeeded, is_retryable
from ._unset import UNSET
from .exceptions import (
    ERROR_CLASSES,
    ChimeAccountsError,
    ChimeAPIError,
    ChimeConnectionError,
    ChimeTimeoutError,
    PaginationError,
    ResponseParseError,
    ValidationError,
)

if TYPE_CHECKING:
    from ._enums import License

__all__ = [
    "BOTO_ERRORS",
    "Call",
    "ListCall",
    "RetryState",
    "create_account",
    "delete_account",
    "get_account",
    "list_accounts",
    "structure",
    "structure_list",
    "translate_error",
    "update_account",
]

logger = logging.getLogger("chime_accounts")

T = TypeVar("T")

# What botocore's parsers raise, besides their own errors, on bodies they cannot read:
# e.g. RuntimeError for an epoch timestamp out of range, RecursionError (a RuntimeError)
# for JSON nested too deep, IndexError, OverflowError.
_PARSER_ERRORS = (AttributeError, TypeError, ValueError, LookupError, ArithmeticError, RuntimeError)

#: What a boto3 call raises when it fails.
BOTO_ERRORS = (ClientError, BotoCoreError, ResponseParserError, *_PARSER_ERRORS)


@attrs.frozen(kw_only=True)
class Call(Generic[T]):
    """One service call, checked and ready to send.

    Attributes:
        operation: The AWS operation name, e.g. ``GetAccount``.
        method: The boto3 client method, e.g. ``get_account``.
        params: The keyword arguments for that method.
        idempotent: Whether sending it twice does no more than sending it once.
        parse: Turns the response dict into the result.
    """

    operation: str
    method: str
    params: Mapping[str, object]
    idempotent: bool
    parse: Callable[[Mapping[str, Any]], T]


@attrs.frozen(kw_only=True)
class ListCall(Generic[T]):
    """A paginated call, checked and ready to page through with boto3's paginator.

    Attributes:
        operation: The AWS operation name, e.g. ``ListAccounts``.
        method: The boto3 paginator name, e.g. ``list_accounts``.
        params: The filters, sent with every page.
        page_size: The page size to ask for, or None for the service's default.
        result_key: The response member that holds the items.
        parse_item: Turns one item dict into a model.
    """

    operation: str
    method: str
    params: Mapping[str, object]
    page_size: int | None
    result_key: str
    parse_item: Callable[[object, str], T]


def structure(operation: str, data: object, cls: type[T], member: str) -> T:
    """Structure ``data`` (the response member ``member``) into ``cls``.

    Raises:
        ResponseParseError: ``data`` does not match the model; names the member.
    """
    if not isinstance(data, dict):
        shown = "missing" if data is None else f"not an object but {type(data).__name__}"
        raise ResponseParseError(operation, member, f"required member is {shown}")
    try:
        return converter.structure(data, cls)
    except (cattrs.BaseValidationError, KeyError, TypeError, ValueError, AttributeError) as exc:
        path, reason = describe_structure_error(exc)
        raise ResponseParseError(operation, f"{member}.{path}" if path else member, reason) from exc


def structure_list(operation: str, data: object, cls: type[T], member: str) -> tuple[T, ...]:
    """Structure the list ``data`` (the response member ``member``, None if absent).

    Raises:
        ResponseParseError: ``data`` is not a list, or an item does not match the model.
    """
    if data is None:
        return ()
    if not isinstance(data, list):
        raise ResponseParseError(operation, member, "expected a list")
    items = cast("list[object]", data)
    return tuple(structure(operation, item, cls, f"{member}[{i}]") for i, item in enumerate(items))


def _account_parser(operation: str) -> Callable[[Mapping[str, Any]], Account]:
    def parse(response: Mapping[str, Any]) -> Account:
        return structure(operation, response.get("Account"), Account, "Account")

    return parse


def _parse_nothing(_: Mapping[str, Any]) -> None:
    return None


def _account_item_parser(data: object, member: str) -> Account:
    return structure("ListAccounts", data, Account, member)


def create_account(name: object) -> Call[Account]:
    """Check the arguments of CreateAccount and return the call."""
    params = {"Name": check.check_account_name(name)}
    return Call(
        operation="CreateAccount",
        method="create_account",
        params=params,
        idempotent=False,
        parse=_account_parser("CreateAccount"),
    )


def get_account(account_id: object) -> Call[Account]:
    """Check the arguments of GetAccount and return the call."""
    params = {"AccountId": check.check_id(account_id, "account_id")}
    return Call(
        operation="GetAccount",
        method="get_account",
        params=params,
        idempotent=True,
        parse=_account_parser("GetAccount"),
    )


def update_account(account_id: object, name: object, default_license: object) -> Call[Account]:
    """Check the arguments of UpdateAccount and return the call; UNSET leaves a field as is."""
    params: dict[str, object] = {"AccountId": check.check_id(account_id, "account_id")}
    if name is not UNSET:
        params["Name"] = check.check_account_name(name)
    if default_license is not UNSET:
        license_: License = check.check_license(default_license)
        params["DefaultLicense"] = license_.value
    return Call(
        operation="UpdateAccount",
        method="update_account",
        params=params,
        idempotent=True,
        parse=_account_parser("UpdateAccount"),
    )


def delete_account(account_id: object) -> Call[None]:
    """Check the arguments of DeleteAccount and return the call."""
    params = {"AccountId": check.check_id(account_id, "account_id")}
    return Call(
        operation="DeleteAccount",
        method="delete_account",
        params=params,
        idempotent=True,
        parse=_parse_nothing,
    )


def list_accounts(name: object, user_email: object, page_size: object) -> ListCall[Account]:
    """Check the arguments of ListAccounts and return the paginated call."""
    params: dict[str, object] = {}
    if name is not None:
        params["Name"] = check.check_account_name(name)
    email = check.check_optional_email(user_email)
    if email is not None:
        params["UserEmail"] = email
    return ListCall(
        operation="ListAccounts",
        method="list_accounts",
        params=params,
        page_size=check.check_page_size(page_size),
        result_key="Accounts",
        parse_item=_account_item_parser,
    )


def _botocore_retries(error: Exception) -> int:
    if isinstance(error, ClientError):
        retries = error.response.get("ResponseMetadata", {}).get("RetryAttempts", 0)
        return retries if retries > 0 else 0
    return 0


def translate_error(
    error: Exception, operation: str, *, retry_attempts: int, may_have_succeeded: bool
) -> ChimeAccountsError:
    """Return this library's error for a botocore error.

    Messages go through ``_redaction.redact_text()``: a service message or an endpoint URL
    may repeat an email address.
    """
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        metadata = error.response.get("ResponseMetadata", {})
        # A hostile error body can make Code and Message any JSON value.
        code = str(details.get("Code") or "Unknown")
        cls = ERROR_CLASSES.get(code, ChimeAPIError)
        return cls(
            operation=operation,
            code=code,
            message=redact_text(str(details.get("Message") or "")),
            http_status=metadata.get("HTTPStatusCode", 0),
            request_id=metadata.get("RequestId"),
            retry_attempts=retry_attempts,
            may_have_succeeded=may_have_succeeded,
        )
    detail = redact_text(str(error))
    if isinstance(error, (ReadTimeoutError, ConnectTimeoutError)):
        return ChimeTimeoutError(
            operation,
            detail,
            retry_attempts=retry_attempts,
            may_have_succeeded=may_have_succeeded,
        )
    if isinstance(error, (BotoConnectionError, HTTPClientError)):
        return ChimeConnectionError(
            operation,
            detail,
            retry_attempts=retry_attempts,
            may_have_succeeded=may_have_succeeded,
        )
    if isinstance(error, ResponseParserError):
        return ResponseParseError(operation, "", detail)
    if isinstance(error, BotoPaginationError):
        return PaginationError(f"{operation}: {detail}")
    if isinstance(error, ParamValidationError):
        return ValidationError("request", detail)
    if isinstance(error, _PARSER_ERRORS):
        reason = f"botocore could not read it: {type(error).__name__}: {detail}"
        return ResponseParseError(operation, "", reason)
    return ChimeAccountsError(f"{operation}: {detail}")


class RetryState:
    """Counts the attempts of one call and decides, after each failure, what comes next."""

    def __init__(self, policy: RetryPolicy, operation: str, *, idempotent: bool) -> None:
        self._policy = policy
        self._operation = operation
        self._idempotent = idempotent
        self._attempts = 0
        self._retries = 0

    def next_delay(self, error: Exception) -> float:
        """Return how long to wait before retrying after ``error``.

        Raises:
            ChimeAccountsError: ``error`` translated, when it must not or cannot be retried.
        """
        # botocore's own retries inside the client count towards the same budget.
        self._attempts += 1 + _botocore_retries(error)
        retryable = is_retryable(error, idempotent=self._idempotent)
        if retryable and self._attempts < self._policy.max_attempts:
            self._retries += 1
            delay = self._policy.delay(self._retries)
            logger.debug(
                "%s failed with %s; retrying in %.3f s (attempt %d of %d)",
                self._operation,
                _describe(error),
                delay,
                self._attempts + 1,
                self._policy.max_attempts,
            )
            return delay
        may_have_succeeded = not self._idempotent and failure_may_have_succeeded(error)
        # The botocore error stays the cause, so what it shows is redacted too.
        redact_exception(error)
        raise translate_error(
            error,
            self._operation,
            retry_attempts=self._attempts - 1,
            may_have_succeeded=may_have_succeeded,
        ) from error


def _describe(error: Exception) -> str:
    if isinstance(error, ClientError):
        return str(error.response.get("Error", {}).get("Code", "an error"))
    return type(error).__name__
