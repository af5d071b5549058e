"""A typed Python SDK for Amazon Chime account administration, on boto3.

Start with [`ChimeAccounts`][chime_accounts.ChimeAccounts]; the local endpoint for tests is
in [`chime_accounts.testing`][chime_accounts.testing].
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._async_client import AsyncChimeAccounts
    from ._client import ChimeAccounts
    from ._converter import configure_converter, make_converter
    from ._enums import (
        AccountStatus,
        AccountType,
        BotType,
        EmailStatus,
        ErrorCode,
        InviteStatus,
        License,
        MemberType,
        OpenEnum,
        RegistrationStatus,
        RoomMembershipRole,
        UserType,
    )
    from ._fan_out import Outcome, afan_out, fan_out
    from ._models import (
        Account,
        AccountSettings,
        AlexaForBusinessMetadata,
        BatchResult,
        Bot,
        BusinessCallingSettings,
        ConversationRetentionSettings,
        EventsConfiguration,
        GlobalSettings,
        Invite,
        InviteFailure,
        InviteResult,
        Member,
        MemberError,
        MembershipBatchResult,
        MembershipItem,
        Retention,
        RetentionSettings,
        Room,
        RoomMembership,
        RoomRetentionSettings,
        SigninDelegateGroup,
        TelephonySettings,
        UpdateUserRequestItem,
        User,
        UserError,
        UserSettings,
        VoiceConnectorSettings,
    )
    from ._pacing import Pacing
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
        CredentialsError,
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

# The modules the public names come from, in the order their imports cost. Importing the
# package imports none of them: a name is imported on first use (PEP 562), so that
# `chime-accounts --help` and code that only needs a model or an error do not pay for
# botocore. The imports above say the same to type checkers and readers; a test keeps
# the two and __all__ in step.
_SOURCES: dict[str, tuple[str, ...]] = {
    "exceptions": (
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
    ),
    "_unset": ("UNSET", "Unset"),
    "_enums": (
        "AccountStatus",
        "AccountType",
        "BotType",
        "EmailStatus",
        "ErrorCode",
        "InviteStatus",
        "License",
        "MemberType",
        "OpenEnum",
        "RegistrationStatus",
        "RoomMembershipRole",
        "UserType",
    ),
    "_converter": ("configure_converter", "make_converter"),
    "_models": (
        "Account",
        "AccountSettings",
        "AlexaForBusinessMetadata",
        "BatchResult",
        "Bot",
        "BusinessCallingSettings",
        "ConversationRetentionSettings",
        "EventsConfiguration",
        "GlobalSettings",
        "Invite",
        "InviteFailure",
        "InviteResult",
        "Member",
        "MemberError",
        "MembershipBatchResult",
        "MembershipItem",
        "Retention",
        "RetentionSettings",
        "Room",
        "RoomMembership",
        "RoomRetentionSettings",
        "SigninDelegateGroup",
        "TelephonySettings",
        "UpdateUserRequestItem",
        "User",
        "UserError",
        "UserSettings",
        "VoiceConnectorSettings",
    ),
    "_retry": ("RetryPolicy",),
    "_pacing": ("Pacing",),
    "_fan_out": ("Outcome", "afan_out", "fan_out"),
    "_pager": ("AsyncPager", "Page", "Pager"),
    "_client": ("ChimeAccounts",),
    "_async_client": ("AsyncChimeAccounts",),
}
_MODULE_OF = {name: module for module, names in _SOURCES.items() for name in names}

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
    "Bot",
    "BotType",
    "BusinessCallingSettings",
    "ChimeAPIError",
    "ChimeAccounts",
    "ChimeAccountsError",
    "ChimeConnectionError",
    "ChimeTimeoutError",
    "ConflictError",
    "ConversationRetentionSettings",
    "CredentialsError",
    "EmailStatus",
    "ErrorCode",
    "EventsConfiguration",
    "ForbiddenError",
    "GlobalSettings",
    "Invite",
    "InviteFailure",
    "InviteResult",
    "InviteStatus",
    "License",
    "Member",
    "MemberError",
    "MemberType",
    "MembershipBatchResult",
    "MembershipItem",
    "NotFoundError",
    "OpenEnum",
    "Outcome",
    "Pacing",
    "Page",
    "Pager",
    "PaginationError",
    "RegistrationStatus",
    "ResourceLimitExceededError",
    "ResponseParseError",
    "Retention",
    "RetentionSettings",
    "RetryPolicy",
    "Room",
    "RoomMembership",
    "RoomMembershipRole",
    "RoomRetentionSettings",
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
    "VoiceConnectorSettings",
    "afan_out",
    "configure_converter",
    "fan_out",
    "make_converter",
]


def __getattr__(name: str) -> object:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value: object = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
