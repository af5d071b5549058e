"""The rest of an account's operations, without I/O: retention, redaction, phone numbers.

Also the global settings, which belong to the AWS account rather than to one Chime
account. Like :mod:`chime_accounts._account_ops`, each function checks its arguments and
returns the call to make.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from . import _validation as check
from ._call import Call, call
from ._converter import structure
from ._models import (
    BusinessCallingSettings,
    ConversationRetentionSettings,
    GlobalSettings,
    Retention,
    RetentionSettings,
    RoomRetentionSettings,
    VoiceConnectorSettings,
)
from ._unset import UNSET
from .exceptions import ResponseParseError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = [
    "RETENTION_DAYS_MAX",
    "associate_phone_number_with_user",
    "disassociate_phone_number_from_user",
    "get_global_settings",
    "get_retention_settings",
    "put_retention_settings",
    "redact_conversation_message",
    "update_global_settings",
]

#: The longest retention the service model allows (RetentionDays), in days: 15 years.
RETENTION_DAYS_MAX = 5475

M = TypeVar("M")


def _whole_response(cls: type[M]) -> Callable[[str, Mapping[str, Any]], M]:
    """Parse the members of the whole response as a ``cls``."""

    def parse(operation: str, response: Mapping[str, Any]) -> M:
        members = {key: value for key, value in response.items() if key != "ResponseMetadata"}
        try:
            return structure(operation, members, cls, "")
        except ResponseParseError as error:
            # Named from the response's own members: "RetentionSettings.RoomRetention...".
            member = error.member.lstrip(".")
            raise ResponseParseError(operation, member, error.reason) from error.__cause__

    return parse


def _user(account_id: object, user_id: object) -> dict[str, object]:
    return {"AccountId": check.account_id(account_id), "UserId": check.user_id(user_id)}


def associate_phone_number_with_user(
    account_id: object, user_id: object, e164_phone_number: object
) -> Call[None]:
    """AssociatePhoneNumberWithUser: associating the same number again changes nothing."""
    params = _user(account_id, user_id)
    params["E164PhoneNumber"] = check.check_phone_number(e164_phone_number, "e164_phone_number")
    return call("AssociatePhoneNumberWithUser", params, idempotent=True)


def disassociate_phone_number_from_user(account_id: object, user_id: object) -> Call[None]:
    """DisassociatePhoneNumberFromUser."""
    return call("DisassociatePhoneNumberFromUser", _user(account_id, user_id), idempotent=True)


def redact_conversation_message(
    account_id: object, conversation_id: object, message_id: object
) -> Call[None]:
    """RedactConversationMessage: redacting a message again changes nothing."""
    params = {
        "AccountId": check.account_id(account_id),
        "ConversationId": check.check_id(conversation_id, "conversation_id"),
        "MessageId": check.check_id(message_id, "message_id"),
    }
    return call("RedactConversationMessage", params, idempotent=True)


def get_retention_settings(account_id: object) -> Call[Retention]:
    """GetRetentionSettings."""
    params = {"AccountId": check.account_id(account_id)}
    return call("GetRetentionSettings", params, idempotent=True, parse=_whole_response(Retention))


def _retention_days(value: object, parameter: str) -> dict[str, object]:
    # Models are attrs classes without runtime checks, so their fields are checked here.
    days: object = getattr(value, "retention_days", None)
    if days is None:
        return {}  # no days: that kind's retention is off
    parameter = f"{parameter}.retention_days"
    return {"RetentionDays": check.check_int_range(days, parameter, 1, RETENTION_DAYS_MAX)}


def put_retention_settings(account_id: object, settings: object) -> Call[None]:
    """PutRetentionSettings: replaces the settings whole; a kind left out is turned off."""
    params: dict[str, object] = {"AccountId": check.account_id(account_id)}
    retention = check.check_instance(settings, RetentionSettings, "settings")
    body: dict[str, object] = {}
    room = retention.room_retention_settings
    if room is not None:
        parameter = "settings.room_retention_settings"
        check.check_instance(room, RoomRetentionSettings, parameter)
        body["RoomRetentionSettings"] = _retention_days(room, parameter)
    conversation = retention.conversation_retention_settings
    if conversation is not None:
        parameter = "settings.conversation_retention_settings"
        check.check_instance(conversation, ConversationRetentionSettings, parameter)
        body["ConversationRetentionSettings"] = _retention_days(conversation, parameter)
    params["RetentionSettings"] = body
    return call("PutRetentionSettings", params, idempotent=True)


def get_global_settings() -> Call[GlobalSettings]:
    """GetGlobalSettings."""
    parse = _whole_response(GlobalSettings)
    return call("GetGlobalSettings", {}, idempotent=True, parse=parse)


def _cdr_bucket(value: object, cls: type[object], parameter: str) -> dict[str, object]:
    section = check.check_instance(value, cls, parameter)
    bucket: object = getattr(section, "cdr_bucket", None)
    return {"CdrBucket": check.check_id(bucket, f"{parameter}.cdr_bucket")}


def update_global_settings(business_calling: object, voice_connector: object) -> Call[None]:
    """UpdateGlobalSettings; UNSET leaves a section as it is, and one must be given."""
    changes: dict[str, object] = {}
    if business_calling is not UNSET:
        changes["BusinessCalling"] = _cdr_bucket(
            business_calling, BusinessCallingSettings, "business_calling"
        )
    if voice_connector is not UNSET:
        changes["VoiceConnector"] = _cdr_bucket(
            voice_connector, VoiceConnectorSettings, "voice_connector"
        )
    check.check_changes(changes, ("business_calling", "voice_connector"))
    return call("UpdateGlobalSettings", changes, idempotent=True)
