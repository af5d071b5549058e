"""The user operations, without I/O: users, invitations, batches and user settings.

Like :mod:`chime_accounts._account_ops`, each function checks its arguments and returns
the call to make; operations over more users than one request takes return a
:class:`~chime_accounts._call.Chunked` split at the service model's limits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _validation as check
from ._call import Call, Chunked, ListCall, batch_error_code, call, list_call, many, one
from ._enums import UserType
from ._models import (
    AlexaForBusinessMetadata,
    BatchResult,
    Invite,
    InviteFailure,
    InviteResult,
    TelephonySettings,
    UpdateUserRequestItem,
    User,
    UserError,
    UserSettings,
)
from ._unset import UNSET
from .exceptions import ChimeAccountsError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = [
    "BATCH_SUSPEND_LIMIT",
    "BATCH_UPDATE_LIMIT",
    "INVITE_LIMIT",
    "batch_suspend_user",
    "batch_unsuspend_user",
    "batch_update_user",
    "create_user",
    "get_user",
    "get_user_settings",
    "invite_users",
    "list_users",
    "logout_user",
    "reset_personal_pin",
    "update_user",
    "update_user_settings",
]

# Per-request limits from botocore's service model (UserIdList, UserEmailList,
# UpdateUserRequestItemList); larger inputs are split into several requests.
BATCH_SUSPEND_LIMIT = 50
INVITE_LIMIT = 50
BATCH_UPDATE_LIMIT = 20

#: What a batch over users answers per request: the users it failed for.
UserErrors = tuple[UserError, ...]


def _user_type(value: object) -> UserType:
    return check.check_enum(value, UserType, "user_type")


def _user(account_id: object, user_id: object) -> dict[str, object]:
    return {"AccountId": check.account_id(account_id), "UserId": check.user_id(user_id)}


def create_user(
    account_id: object, username: object, email: object, user_type: object
) -> Call[User]:
    """CreateUser: not idempotent."""
    params: dict[str, object] = {"AccountId": check.account_id(account_id)}
    if username is not None:
        params["Username"] = check.check_id(username, "username")
    if email is not None:
        params["Email"] = check.check_email(email, "email")
    if user_type is not None:
        params["UserType"] = _user_type(user_type).value
    return call("CreateUser", params, idempotent=False, parse=one("User", User))


def get_user(account_id: object, user_id: object) -> Call[User]:
    """GetUser."""
    return call("GetUser", _user(account_id, user_id), idempotent=True, parse=one("User", User))


def reset_personal_pin(account_id: object, user_id: object) -> Call[User]:
    """ResetPersonalPIN: not idempotent, each reset makes a new PIN."""
    params = _user(account_id, user_id)
    return call("ResetPersonalPIN", params, idempotent=False, parse=one("User", User))


def logout_user(account_id: object, user_id: object) -> Call[None]:
    """LogoutUser."""
    return call("LogoutUser", _user(account_id, user_id), idempotent=True)


def _alexa_metadata(value: object, parameter: str) -> dict[str, Any]:
    # Models are attrs classes without runtime checks, so their fields are checked here.
    metadata = check.check_instance(value, AlexaForBusinessMetadata, parameter)
    if metadata.is_alexa_for_business_enabled is not None:
        check.check_bool(
            metadata.is_alexa_for_business_enabled, f"{parameter}.is_alexa_for_business_enabled"
        )
    if metadata.alexa_for_business_room_arn is not None:
        check.check_instance(
            metadata.alexa_for_business_room_arn, str, f"{parameter}.alexa_for_business_room_arn"
        )
    return metadata.to_dict()


def update_user(
    account_id: object,
    user_id: object,
    license_type: object,
    user_type: object,
    alexa_for_business_metadata: object,
) -> Call[User]:
    """UpdateUser; UNSET leaves a field unchanged, and one must be given."""
    params = _user(account_id, user_id)
    changes: dict[str, object] = {}
    if license_type is not UNSET:
        changes["LicenseType"] = check.check_license(license_type, "license_type").value
    if user_type is not UNSET:
        changes["UserType"] = _user_type(user_type).value
    if alexa_for_business_metadata is not UNSET:
        changes["AlexaForBusinessMetadata"] = _alexa_metadata(
            alexa_for_business_metadata, "alexa_for_business_metadata"
        )
    check.check_changes(changes, ("license_type", "user_type", "alexa_for_business_metadata"))
    return call("UpdateUser", params | changes, idempotent=True, parse=one("User", User))


def list_users(
    account_id: object, user_email: object, user_type: object, page_size: object
) -> ListCall[User]:
    """ListUsers."""
    params: dict[str, object] = {"AccountId": check.account_id(account_id)}
    email = check.check_optional_email(user_email)
    if email is not None:
        params["UserEmail"] = email
    if user_type is not None:
        params["UserType"] = _user_type(user_type).value
    page_size = check.check_page_size(page_size)
    return list_call("ListUsers", params, page_size=page_size, items=("Users", User))


def _chunks(items: Sequence[Any], size: int) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(items[start : start + size]) for start in range(0, len(items), size))


def invite_users(
    account_id: object, emails: object, user_type: object
) -> Chunked[str, tuple[Invite, ...], InviteResult]:
    """InviteUsers, 50 addresses per request; not idempotent, each sends emails."""
    account = check.account_id(account_id)
    addresses = check.check_list(emails, check.check_email, "emails", min_length=1)
    extra: dict[str, object] = {}
    if user_type is not None:
        extra["UserType"] = _user_type(user_type).value
    chunks = _chunks(addresses, INVITE_LIMIT)
    calls = tuple(
        call(
            "InviteUsers",
            {"AccountId": account, "UserEmailList": list(chunk), **extra},
            idempotent=False,
            parse=many("Invites", Invite),
        )
        for chunk in chunks
    )
    return Chunked(chunks=chunks, calls=calls, merge=_merge_invites)


def _merge_invites(
    outcomes: list[tuple[tuple[str, ...], tuple[Invite, ...] | ChimeAccountsError]],
) -> InviteResult:
    invites: list[Invite] = []
    failures: list[InviteFailure] = []
    for emails, outcome in outcomes:
        if isinstance(outcome, ChimeAccountsError):
            failures.append(InviteFailure(emails=emails, error=outcome))
        else:
            invites.extend(outcome)
    return InviteResult(invites=tuple(invites), failures=tuple(failures))


def _failed_chunk(chunk: tuple[str, ...], error: ChimeAccountsError) -> UserErrors:
    """Report a whole request's failure as an error for each of its users."""
    code = batch_error_code(error)
    return tuple(
        UserError(user_id=user_id, error_code=code, error_message=str(error)) for user_id in chunk
    )


def _merge_user_errors(
    user_ids: tuple[str, ...],
) -> Callable[[list[tuple[tuple[str, ...], UserErrors | ChimeAccountsError]]], BatchResult]:
    def merge(
        outcomes: list[tuple[tuple[str, ...], UserErrors | ChimeAccountsError]],
    ) -> BatchResult:
        errors = [
            _failed_chunk(chunk, outcome) if isinstance(outcome, ChimeAccountsError) else outcome
            for chunk, outcome in outcomes
        ]
        return BatchResult(
            user_ids=user_ids, user_errors=tuple(e for chunk in errors for e in chunk)
        )

    return merge


def _batch(
    operation: str, account_id: object, user_ids: object
) -> Chunked[str, UserErrors, BatchResult]:
    account = check.account_id(account_id)
    ids = check.check_list(user_ids, check.check_id, "user_ids")
    chunks = _chunks(ids, BATCH_SUSPEND_LIMIT)
    calls = tuple(
        call(
            operation,
            {"AccountId": account, "UserIdList": list(chunk)},
            idempotent=True,
            parse=many("UserErrors", UserError),
        )
        for chunk in chunks
    )
    return Chunked(chunks=chunks, calls=calls, merge=_merge_user_errors(ids))


def batch_suspend_user(
    account_id: object, user_ids: object
) -> Chunked[str, UserErrors, BatchResult]:
    """BatchSuspendUser, 50 users per request."""
    return _batch("BatchSuspendUser", account_id, user_ids)


def batch_unsuspend_user(
    account_id: object, user_ids: object
) -> Chunked[str, UserErrors, BatchResult]:
    """BatchUnsuspendUser, 50 users per request."""
    return _batch("BatchUnsuspendUser", account_id, user_ids)


def _update_item(value: object, parameter: str) -> dict[str, object]:
    item = check.check_instance(value, UpdateUserRequestItem, parameter)
    check.check_id(item.user_id, f"{parameter}.user_id")
    if item.license_type is not None:
        check.check_license(item.license_type, f"{parameter}.license_type")
    if item.user_type is not None:
        check.check_enum(item.user_type, UserType, f"{parameter}.user_type")
    if item.alexa_for_business_metadata is not None:
        _alexa_metadata(
            item.alexa_for_business_metadata, f"{parameter}.alexa_for_business_metadata"
        )
    return item.to_dict()


def batch_update_user(account_id: object, updates: object) -> Chunked[str, UserErrors, BatchResult]:
    """BatchUpdateUser, 20 users per request."""
    account = check.account_id(account_id)
    items = check.check_list(updates, _update_item, "updates")
    item_chunks = _chunks(items, BATCH_UPDATE_LIMIT)
    calls = tuple(
        call(
            "BatchUpdateUser",
            {"AccountId": account, "UpdateUserRequestItems": list(chunk)},
            idempotent=True,
            parse=many("UserErrors", UserError),
        )
        for chunk in item_chunks
    )
    chunks = tuple(tuple(str(item["UserId"]) for item in chunk) for chunk in item_chunks)
    ids = tuple(user_id for chunk in chunks for user_id in chunk)
    return Chunked(chunks=chunks, calls=calls, merge=_merge_user_errors(ids))


def get_user_settings(account_id: object, user_id: object) -> Call[UserSettings]:
    """GetUserSettings."""
    parse = one("UserSettings", UserSettings)
    return call("GetUserSettings", _user(account_id, user_id), idempotent=True, parse=parse)


def update_user_settings(account_id: object, user_id: object, settings: object) -> Call[None]:
    """UpdateUserSettings: replaces the telephony settings whole."""
    params = _user(account_id, user_id)
    user_settings = check.check_instance(settings, UserSettings, "settings")
    telephony = check.check_instance(
        user_settings.telephony, TelephonySettings, "settings.telephony"
    )
    for field in ("inbound_calling", "outbound_calling", "sms"):
        check.check_bool(getattr(telephony, field), f"settings.telephony.{field}")
    params["UserSettings"] = user_settings.to_dict()
    return call("UpdateUserSettings", params, idempotent=True)
