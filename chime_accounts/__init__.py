"""A typed Python SDK for Amazon Chime account administration, on boto3.

Start with [`ChimeAccounts`][chime_accounts.ChimeAccounts]; the local endpoint for tests is
in [`chime_accounts.testing`][chime_accounts.testing].
"""

from ._async_client import AsyncChimeAccounts
from ._client import ChimeAccounts
from ._converter import configure_converter, make_converter
from ._enums import (
    AccountStatus,
    AccountType,
    EmailStatus,
    ErrorCode,
    InviteStatus,
    License,
    OpenEnum,
    RegistrationStatus,
    UserType,
)
from ._models import (
    Account,
    AccountSettings,
    AlexaForBusinessMetadata,
    BatchResult,
    Invite,
    SigninDelegateGroup,
    TelephonySettings,
    UpdateUserRequestItem,
    User,
    UserError,
    UserSettings,
)
from ._pager import AsyncPager, Page, Pager
from ._retry import RetryPolicy
from ._unset import UNSET, Unset
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
    "AccountSettings",
    "AccountStatus",
    "AccountType",
    "AlexaForBusinessMetadata",
    "AsyncChimeAccounts",
    "AsyncPager",
    "BadRequestError",
    "BatchResult",
    "ChimeAPIError",
    "ChimeAccounts",
    "ChimeAccountsError",
    "ChimeConnectionError",
    "ChimeTimeoutError",
    "ConflictError",
    "EmailStatus",
    "ErrorCode",
    "ForbiddenError",
    "Invite",
    "InviteStatus",
    "License",
    "NotFoundError",
    "OpenEnum",
    "Page",
    "Pager",
    "PaginationError",
    "RegistrationStatus",
    "ResourceLimitExceededError",
    "ResponseParseError",
    "RetryPolicy",
    "ServiceFailureError",
    "ServiceUnavailableError",
    "SigninDelegateGroup",
    "TelephonySettings",
    "ThrottledError",
    "UNSET",
    "UnauthorizedError",
    "UnprocessableEntityError",
    "Unset",
    "UpdateUserRequestItem",
    "User",
    "UserError",
    "UserSettings",
    "UserType",
    "ValidationError",
    "configure_converter",
    "make_converter",
]
