"""Enumerations of the Chime service, tolerant of values added after this release."""

from __future__ import annotations

import enum
import threading

__all__ = [
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
]

# A hostile or buggy service could send endless distinct values; past this many per enum the
# unknown members are still created, just no longer cached.
_MAX_CACHED_UNKNOWN = 256
# Enum classes cannot hold non-member attributes, so the lock guarding the caches lives here.
_unknown_lock = threading.Lock()


class OpenEnum(str, enum.Enum):
    """A string enum that turns unknown values into members instead of failing.

    The service adds enum values over time (``AccountStatus`` itself arrived late). A value
    this release does not know becomes a member of the same class whose ``value`` is the raw
    string and whose ``is_unknown`` is true, so fields keep their declared type and writing
    the member back sends the very same string.
    """

    @classmethod
    def _missing_(cls, value: object) -> OpenEnum | None:
        if not isinstance(value, str):
            return None
        with _unknown_lock:
            existing = cls._value2member_map_.get(value)
            if isinstance(existing, cls):
                return existing
            member = str.__new__(cls, value)
            member._name_ = f"UNKNOWN_{value}"
            member._value_ = value
            if len(cls._value2member_map_) < len(cls.__members__) + _MAX_CACHED_UNKNOWN:
                cls._value2member_map_[value] = member
            return member

    @property
    def is_unknown(self) -> bool:
        """Whether this value is one this release of the library does not know."""
        return self._name_ not in type(self).__members__

    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}.{self._name_}: {self.value!r}>"


class AccountStatus(OpenEnum):
    """Whether a Chime account is active or suspended (deleted accounts are suspended)."""

    SUSPENDED = "Suspended"
    ACTIVE = "Active"


class AccountType(OpenEnum):
    """The kind of Chime account."""

    TEAM = "Team"
    ENTERPRISE_DIRECTORY = "EnterpriseDirectory"
    ENTERPRISE_LWA = "EnterpriseLWA"
    ENTERPRISE_OIDC = "EnterpriseOIDC"


class License(OpenEnum):
    """A Chime license level."""

    BASIC = "Basic"
    PLUS = "Plus"
    PRO = "Pro"
    PRO_TRIAL = "ProTrial"


class UserType(OpenEnum):
    """Whether a user is a person or a shared device."""

    PRIVATE_USER = "PrivateUser"
    SHARED_DEVICE = "SharedDevice"


class RegistrationStatus(OpenEnum):
    """Where a user stands in registering with Chime."""

    UNREGISTERED = "Unregistered"
    REGISTERED = "Registered"
    SUSPENDED = "Suspended"


class InviteStatus(OpenEnum):
    """The state of a user's invitation."""

    PENDING = "Pending"
    ACCEPTED = "Accepted"
    FAILED = "Failed"


class EmailStatus(OpenEnum):
    """Whether an invitation email went out."""

    NOT_SENT = "NotSent"
    SENT = "Sent"
    FAILED = "Failed"


class ErrorCode(OpenEnum):
    """The error code of a per-user failure in a batch operation."""

    BAD_REQUEST = "BadRequest"
    CONFLICT = "Conflict"
    FORBIDDEN = "Forbidden"
    NOT_FOUND = "NotFound"
    PRECONDITION_FAILED = "PreconditionFailed"
    RESOURCE_LIMIT_EXCEEDED = "ResourceLimitExceeded"
    SERVICE_FAILURE = "ServiceFailure"
    ACCESS_DENIED = "AccessDenied"
    SERVICE_UNAVAILABLE = "ServiceUnavailable"
    THROTTLED = "Throttled"
    THROTTLING = "Throttling"
    UNAUTHORIZED = "Unauthorized"
    UNPROCESSABLE = "Unprocessable"
    VOICE_CONNECTOR_GROUP_ASSOCIATIONS_EXIST = "VoiceConnectorGroupAssociationsExist"
    PHONE_NUMBER_ASSOCIATIONS_EXIST = "PhoneNumberAssociationsExist"


class RoomMembershipRole(OpenEnum):
    """The role of a member in a chat room."""

    ADMINISTRATOR = "Administrator"
    MEMBER = "Member"


class MemberType(OpenEnum):
    """What a chat room member is: a user, a bot or a webhook."""

    USER = "User"
    BOT = "Bot"
    WEBHOOK = "Webhook"


class BotType(OpenEnum):
    """The kind of bot; Amazon Chime has chat bots only."""

    CHAT_BOT = "ChatBot"
