"""Errors raised by chime_accounts.

Every error is a [`ChimeAccountsError`][chime_accounts.exceptions.ChimeAccountsError]:

```text
ChimeAccountsError
├── ValidationError              bad input, raised before any request (also a ValueError)
├── ResponseParseError           the service's answer does not match the model
├── PaginationError              the service broke the paging protocol (repeated token)
├── CredentialsError             no AWS credentials were found; nothing was sent
├── ChimeConnectionError         no answer: connection refused, dropped or timed out
│   └── ChimeTimeoutError        ... because the connect or read timeout passed
└── ChimeAPIError                the service answered with an error (unknown codes land here)
    ├── BadRequestError                  400 BadRequestException
    │   └── ResourceLimitExceededError   400 ResourceLimitExceededException
    ├── UnauthorizedError                401 UnauthorizedClientException
    ├── ForbiddenError                   403 ForbiddenException
    │   └── AccessDeniedError            403 AccessDeniedException
    ├── NotFoundError                    404 NotFoundException
    ├── ConflictError                    409 ConflictException
    ├── UnprocessableEntityError         422 UnprocessableEntityException
    ├── ThrottledError                   429 ThrottledClientException
    ├── ServiceFailureError              500 ServiceFailureException
    └── ServiceUnavailableError          503 ServiceUnavailableException
```

Errors that wrap a botocore error keep it as ``__cause__``. Every error survives
``pickle`` with its attributes (the cause and traceback are not pickled), so it can cross
process boundaries, e.g. from a ``ProcessPoolExecutor``.
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "AccessDeniedError",
    "BadRequestError",
    "ChimeAPIError",
    "ChimeAccountsError",
    "ChimeConnectionError",
    "ChimeTimeoutError",
    "ConflictError",
    "CredentialsError",
    "ForbiddenError",
    "NotFoundError",
    "PaginationError",
    "ResourceLimitExceededError",
    "ResponseParseError",
    "ServiceFailureError",
    "ServiceUnavailableError",
    "ThrottledError",
    "UnauthorizedError",
    "UnprocessableEntityError",
    "ValidationError",
]


class ChimeAccountsError(Exception):
    """Base class of every error this library raises.

    Attributes:
        may_have_succeeded: True when the request may have been carried out all the same
            (e.g. an account created, although its answer was lost or unreadable): check
            before repeating it. False for errors that prove nothing was done.
    """

    may_have_succeeded: bool = False

    def to_dict(self) -> dict[str, object]:
        """Return the error as a JSON-safe record, e.g. for a report or a journal.

        Returns:
            ``Type`` (the class name), ``Description`` (``str(error)``), ``MayHaveSucceeded``
            and each attribute under the PascalCase of its name (``Code``, ``HttpStatus``,
            ``RequestId``, ...). Messages are redacted as ``str`` is.
        """
        record: dict[str, object] = {
            "Type": type(self).__name__,
            "Description": str(self),
            "MayHaveSucceeded": self.may_have_succeeded,
        }
        for name, value in vars(self).items():
            record["".join(part.capitalize() for part in name.split("_"))] = value
        return record

    def __reduce__(self) -> tuple[Any, ...]:
        # The subclasses take keyword arguments, which Exception's own reduction drops.
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(
    cls: type[ChimeAccountsError], args: tuple[object, ...], state: dict[str, object]
) -> ChimeAccountsError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class ValidationError(ChimeAccountsError, ValueError):
    """An argument breaks a rule of the service; no request was sent.

    Attributes:
        parameter: The name of the offending parameter.
        rule: The rule it breaks, in words.
    """

    def __init__(self, parameter: str, rule: str) -> None:
        super().__init__(f"{parameter}: {rule}")
        self.parameter = parameter
        self.rule = rule


class ResponseParseError(ChimeAccountsError):
    """The service's response does not match the service model.

    Attributes:
        operation: The AWS operation name, e.g. ``GetAccount``.
        member: The path of the offending member, e.g. ``Account.AccountId`` (empty when the
            response as a whole could not be read).
        reason: What is wrong with it.
    """

    def __init__(self, operation: str, member: str, reason: str) -> None:
        where = f" member {member!r}" if member else ""
        super().__init__(f"{operation}: unreadable response{where}: {reason}")
        self.operation = operation
        self.member = member
        self.reason = reason


class PaginationError(ChimeAccountsError):
    """The service broke the paging protocol, e.g. by sending the same token twice."""


class CredentialsError(ChimeAccountsError):
    """No AWS credentials were found, so nothing was sent.

    boto3 looks in the ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` environment
    variables, the profile (``AWS_PROFILE`` or ``profile_name``) in ``~/.aws/credentials``
    and ``~/.aws/config``, SSO caches and instance or container roles.

    Attributes:
        operation: The AWS operation name.
    """

    def __init__(self, operation: str, detail: str) -> None:
        super().__init__(
            f"{operation}: {detail}; configure credentials (e.g. `aws configure`, "
            "AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"
        )
        self.operation = operation


class ChimeConnectionError(ChimeAccountsError):
    """No answer came from the service: the connection failed, dropped or timed out.

    Attributes:
        operation: The AWS operation name.
        retry_attempts: How many retries were made before giving up.
        may_have_succeeded: True when the request may have reached the service and been
            carried out (e.g. an account may have been created); check before repeating it.
    """

    def __init__(
        self, operation: str, detail: str, *, retry_attempts: int, may_have_succeeded: bool
    ) -> None:
        text = f"{operation}: {detail}"
        if may_have_succeeded:
            text += " (the request may have been carried out; check before repeating it)"
        super().__init__(text)
        self.operation = operation
        self.retry_attempts = retry_attempts
        self.may_have_succeeded = may_have_succeeded


class ChimeTimeoutError(ChimeConnectionError):
    """The connect or read timeout passed before the service answered."""


class ChimeAPIError(ChimeAccountsError):
    """The service answered with an error.

    Attributes:
        operation: The AWS operation name, e.g. ``GetAccount``.
        code: The error code exactly as botocore reports it, e.g. ``NotFoundException``.
        message: The service's message.
        http_status: The HTTP status code of the answer.
        request_id: The service's request id, for AWS support.
        retry_attempts: All retries made, by this library and by botocore.
        may_have_succeeded: True when the request may have been carried out anyway (e.g. a
            server error after CreateAccount reached the service).
    """

    codes: ClassVar[tuple[str, ...]] = ()
    """The error codes (exception name and body-only ``ErrorCode`` value) of this class."""

    def __init__(
        self,
        *,
        operation: str,
        code: str,
        message: str,
        http_status: int,
        request_id: str | None,
        retry_attempts: int,
        may_have_succeeded: bool = False,
    ) -> None:
        text = f"{operation}: {code} (HTTP {http_status}): {message} [request id {request_id}]"
        if may_have_succeeded:
            text += " (the request may have been carried out; check before repeating it)"
        super().__init__(text)
        self.operation = operation
        self.code = code
        self.message = message
        self.http_status = http_status
        self.request_id = request_id
        self.retry_attempts = retry_attempts
        self.may_have_succeeded = may_have_succeeded


class BadRequestError(ChimeAPIError):
    """400: the input fails the service's checks."""

    codes = ("BadRequestException", "BadRequest")


class ResourceLimitExceededError(BadRequestError):
    """400: a service limit has been reached."""

    codes = ("ResourceLimitExceededException", "ResourceLimitExceeded")


class UnauthorizedError(ChimeAPIError):
    """401: the client is not authenticated."""

    codes = ("UnauthorizedClientException", "Unauthorized")


class ForbiddenError(ChimeAPIError):
    """403: the caller may not do this."""

    codes = ("ForbiddenException", "Forbidden")


class AccessDeniedError(ForbiddenError):
    """403: the caller's IAM permissions do not allow this."""

    codes = ("AccessDeniedException", "AccessDenied")


class NotFoundError(ChimeAPIError):
    """404: no such resource."""

    codes = ("NotFoundException", "NotFound")


class ConflictError(ChimeAPIError):
    """409: the request conflicts with the resource's current state."""

    codes = ("ConflictException", "Conflict")


class UnprocessableEntityError(ChimeAPIError):
    """422: the request is well-formed but cannot be carried out (e.g. users remain)."""

    codes = ("UnprocessableEntityException", "Unprocessable")


class ThrottledError(ChimeAPIError):
    """429: too many requests; retried automatically before this is raised."""

    codes = ("ThrottledClientException", "Throttled", "Throttling")


class ServiceFailureError(ChimeAPIError):
    """500: the service failed."""

    codes = ("ServiceFailureException", "ServiceFailure")


class ServiceUnavailableError(ChimeAPIError):
    """503: the service is unavailable."""

    codes = ("ServiceUnavailableException", "ServiceUnavailable")


_API_ERRORS: tuple[type[ChimeAPIError], ...] = (
    BadRequestError,
    ResourceLimitExceededError,
    UnauthorizedError,
    ForbiddenError,
    AccessDeniedError,
    NotFoundError,
    ConflictError,
    UnprocessableEntityError,
    ThrottledError,
    ServiceFailureError,
    ServiceUnavailableError,
)

#: The one mapping from error code to exception class; other codes map to ChimeAPIError.
ERROR_CLASSES: dict[str, type[ChimeAPIError]] = {
    code: cls for cls in _API_ERRORS for code in cls.codes
}
