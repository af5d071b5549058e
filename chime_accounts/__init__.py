"""A typed Python SDK for Amazon Chime account administration, on boto3.

Start with :class:`ChimeAccounts`; the local endpoint for tests is in
:mod:`chime_accounts.testing`.
"""

from ._client import ChimeAccounts
from ._converter import configure_converter, make_converter
from ._enums import AccountStatus, AccountType, License, OpenEnum
from ._models import Account, SigninDelegateGroup
from ._pager import Page, Pager
from ._retry import RetryPolicy
from .exceptions import (
    AccessDeniedError,
    BadRequestError,
    ChimeAccountsError,
    ChimeAPIError,
    ChimeConnectionError,
    ChimeTimeoutError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    PaginationError,
    ResourceLimitExceededError,
    ResponseParseError,
    ServiceFailureError,
    ServiceUnavailableError,
    ThrottledError,
    UnauthorizedError,
    UnprocessableEntityError,
    ValidationError,
)

__version__ = "0.1.0"

__all__ = [
    "AccessDeniedError",
    "Account",
    "AccountStatus",
    "AccountType",
    "BadRequestError",
    "ChimeAPIError",
    "ChimeAccounts",
    "ChimeAccountsError",
    "ChimeConnectionError",
    "ChimeTimeoutError",
    "ConflictError",
    "ForbiddenError",
    "License",
    "NotFoundError",
    "OpenEnum",
    "Page",
    "Pager",
    "PaginationError",
    "ResourceLimitExceededError",
    "ResponseParseError",
    "RetryPolicy",
    "ServiceFailureError",
    "ServiceUnavailableError",
    "SigninDelegateGroup",
    "ThrottledError",
    "UnauthorizedError",
    "UnprocessableEntityError",
    "ValidationError",
    "configure_converter",
    "make_converter",
]
