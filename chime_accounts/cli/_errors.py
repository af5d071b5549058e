"""Exit codes and the one-line error report of the ``chime-accounts`` command."""

from __future__ import annotations

import enum
import re
import sys

from chime_accounts.exceptions import (
    BadRequestError,
    ChimeAccountsError,
    ChimeAPIError,
    ChimeConnectionError,
    ConflictError,
    CredentialsError,
    ForbiddenError,
    NotFoundError,
    PaginationError,
    ResourceLimitExceededError,
    ResponseParseError,
    ThrottledError,
    UnauthorizedError,
    UnprocessableEntityError,
    ValidationError,
)

__all__ = ["ExitCode", "describe_error", "exit_code_for", "one_line"]


class ExitCode(enum.IntEnum):
    """The exit status of ``chime-accounts``, one per family of failure."""

    OK = 0
    #: Anything not covered below, including errors the service did not classify.
    ERROR = 1
    #: Bad options or arguments, input the library or the service rejected (400).
    USAGE = 2
    #: The account (or user) does not exist (404).
    NOT_FOUND = 3
    #: Missing or rejected credentials, or no permission (401, 403).
    ACCESS = 4
    #: Still throttled after the retries (429).
    THROTTLED = 5
    #: The service failed (5xx), could not be reached, or answered unreadably.
    SERVICE = 6
    #: Refused in the current state: conflict (409), unprocessable (422), a limit reached.
    CONFLICT = 7
    #: A batch command over users failed for some of them (or all): its output lists why.
    PARTIAL = 8
    #: Interrupted with Ctrl-C (128 + SIGINT, as shells report it).
    INTERRUPTED = 130


# Checked in order: subclasses before their bases.
_BY_CLASS: tuple[tuple[type[BaseException], ExitCode], ...] = (
    (ValidationError, ExitCode.USAGE),
    (CredentialsError, ExitCode.ACCESS),
    (ResourceLimitExceededError, ExitCode.CONFLICT),
    (BadRequestError, ExitCode.USAGE),
    (NotFoundError, ExitCode.NOT_FOUND),
    (UnauthorizedError, ExitCode.ACCESS),
    (ForbiddenError, ExitCode.ACCESS),
    (ThrottledError, ExitCode.THROTTLED),
    (ConflictError, ExitCode.CONFLICT),
    (UnprocessableEntityError, ExitCode.CONFLICT),
    (ChimeConnectionError, ExitCode.SERVICE),
    (ResponseParseError, ExitCode.SERVICE),
    (PaginationError, ExitCode.SERVICE),
)


def _botocore_errors() -> tuple[tuple[type[Exception], ...], tuple[type[Exception], ...]]:
    """The botocore errors about credentials, and about the profile, that reach commands.

    The library reports a missing credential as :class:`CredentialsError`; partial
    credentials and SSO failures come as its base class with the botocore error as the
    cause, and an unknown profile as botocore's own error.
    """
    # No botocore error exists before botocore is imported: --help need not import it.
    if "botocore.exceptions" not in sys.modules:
        return (), ()
    from botocore.exceptions import (
        NoCredentialsError,
        PartialCredentialsError,
        ProfileNotFound,
        SSOTokenLoadError,
        TokenRetrievalError,
        UnauthorizedSSOTokenError,
    )

    credentials = (
        NoCredentialsError,
        PartialCredentialsError,
        SSOTokenLoadError,
        TokenRetrievalError,
        UnauthorizedSSOTokenError,
    )
    return credentials, (ProfileNotFound,)


def _is_botocore_credentials_error(error: BaseException) -> bool:
    credentials, _ = _botocore_errors()
    return isinstance(error, credentials) or isinstance(error.__cause__, credentials)


# An error code this release does not know still has an HTTP status to go by.
_BY_STATUS = {
    400: ExitCode.USAGE,
    401: ExitCode.ACCESS,
    403: ExitCode.ACCESS,
    404: ExitCode.NOT_FOUND,
    409: ExitCode.CONFLICT,
    422: ExitCode.CONFLICT,
    429: ExitCode.THROTTLED,
}


def exit_code_for(error: BaseException) -> ExitCode:
    """Return the exit status for an error that ends a command."""
    if isinstance(error, KeyboardInterrupt):
        return ExitCode.INTERRUPTED
    for cls, code in _BY_CLASS:
        if isinstance(error, cls):
            return code
    if _is_botocore_credentials_error(error):
        return ExitCode.ACCESS
    if isinstance(error, _botocore_errors()[1]):
        return ExitCode.USAGE
    if isinstance(error, ChimeAPIError):
        if error.http_status >= 500:
            return ExitCode.SERVICE
        return _BY_STATUS.get(error.http_status, ExitCode.ERROR)
    return ExitCode.ERROR


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def one_line(text: str) -> str:
    """Collapse whitespace and drop control characters, so a message stays on one line.

    Messages come from the service and must not move the cursor or recolour the terminal.
    """
    return " ".join(_CONTROL.sub(" ", text).split())


def describe_error(error: BaseException) -> str:
    """Return the one-line report of an error: its class, then what the error says.

    For service errors the text names the operation, error code, HTTP status, message and
    request id. Credential errors say how to set credentials up, or to try ``--local``.
    """
    text = f"{type(error).__name__}: {error}"
    if isinstance(error, CredentialsError):
        # Its message says how to configure credentials; the command adds its own ways.
        text += ", give --profile, or add --local to try the command without AWS"
    elif _is_botocore_credentials_error(error):
        text += (
            " (configure credentials as for the AWS CLI: a --profile, AWS_PROFILE or"
            " AWS_ACCESS_KEY_ID; to try the command without AWS, add --local)"
        )
    elif not isinstance(error, (ChimeAccountsError, *_botocore_errors()[1])):
        text += " (an unexpected error; --debug shows the traceback)"
    return one_line(text)
