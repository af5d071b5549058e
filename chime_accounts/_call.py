"""What every operation shares, without I/O: checked calls, parsing, errors, retry state.

An operation module (``_account_ops``, ``_user_ops``, ...) checks its arguments and returns
a :class:`Call` built with :func:`call` (or a :class:`ListCall` for a listing, or a
:class:`Chunked` for input split over several requests). The clients only send, sleep and
await; everything they decide comes from here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast, overload

import attrs
from botocore import xform_name
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    HTTPClientError,
    NoCredentialsError,
    ParamValidationError,
    ReadTimeoutError,
)
from botocore.exceptions import ConnectionError as BotoConnectionError
from botocore.parsers import ResponseParserError

from ._converter import structure
from ._enums import ErrorCode
from ._redaction import redact_exception, redact_text
from ._retry import RetryPolicy, failure_may_have_succeeded, is_retryable, is_throttling
from .exceptions import (
    ERROR_CLASSES,
    ChimeAccountsError,
    ChimeAPIError,
    ChimeConnectionError,
    ChimeTimeoutError,
    CredentialsError,
    ResponseParseError,
    ValidationError,
)

__all__ = [
    "BOTO_ERRORS",
    "Attempts",
    "Call",
    "Chunked",
    "ListCall",
    "Parse",
    "batch_error_code",
    "call",
    "list_call",
    "many",
    "nothing",
    "one",
    "parsed",
    "structure",
    "translate_error",
]

if TYPE_CHECKING:
    from ._pacing import Pacing

logger = logging.getLogger("chime_accounts")

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741 - the item type of a chunked call
R = TypeVar("R")

#: Reads an operation's response into its result; gets the operation name for errors.
Parse = Callable[[str, Mapping[str, Any]], T]

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


@overload
def call(operation: str, params: Mapping[str, object], *, idempotent: bool) -> Call[None]: ...


@overload
def call(
    operation: str, params: Mapping[str, object], *, idempotent: bool, parse: Parse[T]
) -> Call[T]: ...


def call(
    operation: str,
    params: Mapping[str, object],
    *,
    idempotent: bool,
    parse: Parse[Any] | None = None,
) -> Call[Any]:
    """Return the call of ``operation`` with ``params``; without ``parse`` it returns None."""
    read = parse or nothing

    def parse_response(response: Mapping[str, Any]) -> object:
        return read(operation, response)

    return Call(
        operation=operation,
        method=xform_name(operation),
        params=params,
        idempotent=idempotent,
        parse=parse_response,
    )


def nothing(_operation: str, _response: Mapping[str, Any]) -> None:
    """Parse an answer that carries nothing the caller needs."""


def one(member: str, cls: type[T]) -> Parse[T]:
    """Parse the response member ``member`` as a ``cls``."""

    def parse(operation: str, response: Mapping[str, Any]) -> T:
        return structure(operation, response.get(member), cls, member)

    return parse


def many(member: str, cls: type[T]) -> Parse[tuple[T, ...]]:
    """Parse the response member ``member``, a list (absent: empty), as ``cls`` items."""

    def parse(operation: str, response: Mapping[str, Any]) -> tuple[T, ...]:
        data: object = response.get(member)
        if data is None:
            return ()
        if not isinstance(data, list):
            raise ResponseParseError(operation, member, "expected a list")
        items = cast("list[object]", data)
        return tuple(structure(operation, item, cls, member, i) for i, item in enumerate(items))

    return parse


@attrs.frozen(kw_only=True)
class ListCall(Generic[T]):
    """A listing, checked and ready to fetch page by page.

    Attributes:
        operation: The AWS operation name, e.g. ``ListAccounts``.
        params: The filters, sent with every page.
        page_size: The page size to ask for (``MaxResults``), or None for the service's.
        result_key: The response member that holds the items.
        parse_item: Turns one item dict into a model; gets the member path for errors.
    """

    operation: str
    params: Mapping[str, object]
    page_size: int | None
    result_key: str
    parse_item: Callable[[object, str], T]

    def page(self, service_token: str | None) -> Call[Mapping[str, Any]]:
        """Return the call that fetches the page starting at ``service_token``.

        Listing is reading, so pages are idempotent; the pager reads the raw response.
        """
        params = dict(self.params)
        if self.page_size is not None:
            params["MaxResults"] = self.page_size
        if service_token is not None:
            params["NextToken"] = service_token
        return call(self.operation, params, idempotent=True, parse=lambda _op, response: response)


def list_call(
    operation: str,
    params: Mapping[str, object],
    *,
    page_size: int | None,
    items: tuple[str, type[T]],
) -> ListCall[T]:
    """Return the listing ``operation``, whose pages hold ``items``: (member, model class)."""
    result_key, cls = items

    def parse_item(data: object, member: str) -> T:
        return structure(operation, data, cls, member)

    return ListCall(
        operation=operation,
        params=params,
        page_size=page_size,
        result_key=result_key,
        parse_item=parse_item,
    )


@attrs.frozen(kw_only=True)
class Chunked(Generic[I, R, T]):
    """Input split into requests within the service's limit, and how to merge the answers.

    A request that fails as a whole does not stop the others: ``merge`` gets, for each
    chunk in order, its items and either its result or its error, so the caller learns
    everything that was done.

    Attributes:
        chunks: The items of each request, in order.
        calls: One call per chunk.
        merge: Builds the result from each chunk's items and outcome.
    """

    chunks: tuple[tuple[I, ...], ...]
    calls: tuple[Call[R], ...]
    merge: Callable[[list[tuple[tuple[I, ...], R | ChimeAccountsError]]], T]


def parsed(call_: Call[T], response: Mapping[str, Any]) -> T:
    """Return ``call_``'s result from its response.

    Raises:
        ResponseParseError: The response does not match the model. The service answered
            with success, so for a call that is not idempotent the work was done:
            ``may_have_succeeded`` is then true.
    """
    try:
        return call_.parse(response)
    except ResponseParseError as error:
        error.may_have_succeeded = not call_.idempotent
        raise


def batch_error_code(error: ChimeAccountsError) -> ErrorCode:
    """The ``ErrorCode`` a batch reports for its items when their whole request failed."""
    if isinstance(error, ChimeAPIError):
        # The body-only form of the class's code is the ErrorCode value (e.g. Throttled).
        codes = type(error).codes
        return ErrorCode(codes[1] if len(codes) > 1 else error.code)
    if isinstance(error, ChimeConnectionError):
        return ErrorCode.SERVICE_UNAVAILABLE
    return ErrorCode.SERVICE_FAILURE


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
            operation, detail, retry_attempts=retry_attempts, may_have_succeeded=may_have_succeeded
        )
    if isinstance(error, (BotoConnectionError, HTTPClientError)):
        return ChimeConnectionError(
            operation, detail, retry_attempts=retry_attempts, may_have_succeeded=may_have_succeeded
        )
    if isinstance(error, NoCredentialsError):
        return CredentialsError(operation, detail)
    if isinstance(error, ResponseParserError):
        return ResponseParseError(operation, "", detail)
    if isinstance(error, ParamValidationError):
        return ValidationError("request", detail)
    if isinstance(error, _PARSER_ERRORS):
        reason = f"botocore could not read it: {type(error).__name__}: {detail}"
        return ResponseParseError(operation, "", reason)
    return ChimeAccountsError(f"{operation}: {detail}")


class Attempts:
    """The attempts of one call: when to send each, and after a failure what comes next.

    Each attempt first waits what the client's pacing says (nothing, until the service
    throttles), and every answer is reported back to it, so retries are paced too.
    """

    def __init__(self, policy: RetryPolicy, pacing: Pacing, call_: Call[Any]) -> None:
        self._policy = policy
        self._pacing = pacing
        self._operation = call_.operation
        self._idempotent = call_.idempotent
        self._attempts = 0
        self._retries = 0

    def wait(self) -> float:
        """Return how long to wait before sending the next attempt (0.0 mostly)."""
        return self._pacing.reserve(self._operation)

    def succeeded(self) -> None:
        """Report the answer of the last attempt: a success."""
        self._pacing.record_success(self._operation)

    def next_delay(self, error: Exception) -> float:
        """Report the failure of the last attempt; return how long to wait before retrying.

        Raises:
            ChimeAccountsError: ``error`` translated, when it must not or cannot be retried.
        """
        if is_throttling(error):
            self._pacing.record_throttle(self._operation)
        elif isinstance(error, ClientError):
            self._pacing.record_success(self._operation)  # the service let it through
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
