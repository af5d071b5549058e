"""Account settings, sign-in delegate groups, users and user settings, without I/O.

Like :mod:`chime_accounts._ops`, each function checks its arguments and returns the call
to make; batch operations return a :class:`BatchCall` split into the service's chunks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
from botocore import xform_name

from . import _validation as check
from ._enums import ErrorCode, UserType
from ._models import (
    AccountSettings,
    AlexaForBusinessMetadata,
    BatchResult,
    Invite,
    TelephonySettings,
    UpdateUserRequestItem,
    User,
    UserError,
    UserSettings,
)
from ._ops import Call, ListCall, structure, structure_list
from ._unset import UNSET
from .exceptions import ChimeAccountsError, ChimeAPIError, ChimeConnectionError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = [
    "BATCH_SUSPEND_LIMIT",
    "BATCH_UPDATE_LIMIT",
    "INVITE_LIMIT",
    "BatchCall",
    "associate_signin_delegate_groups_with_account",
    "batch_suspend_user",
    "batch_unsuspend_user",
    "batch_update_user",
    "create_user",
    "disassociate_signin_delegate_groups_from_account",
    "get_account_settings",
    "get_user",
    "get_user_settings",
    "invite_users",
    "list_users",
    "logout_user",
    "reset_personal_pin",
    "update_account_settings",
    "update_user",
    "update_user_settings",
]

# Per-request limits from botocore's service model (UserIdList, UserEmailList,
# UpdateUserRequestItemList); larger inputs are split into several requests.
BATCH_SUSPEND_LIMIT = 50
INVITE_LIMIT = 50
BATCH_UPDATE_LIMIT = 20


def _account_id(value: object) -> str:
    return check.check_id(value, "account_id")


def _user_id(value: object) -> str:
    return check.check_id(value, "user_id")


def _member_parser(
    operation: str, member: str, cls: type[Any]
) -> Callable[[Mapping[str, Any]], Any]:
    def parse(response: Mapping[str, Any]) -> Any:  # noqa: ANN401 - an instance of cls
        return structure(operation, response.get(member), cls, member)

    return parse


def _parse_nothing(_: Mapping[str, Any]) -> None:
    return None


def _call(
    operation: str,
    params: Mapping[str, object],
    parse: Callable[[Mapping[str, Any]], Any],
    *,
    idempotent: bool,
) -> Call[Any]:
    return Call(
        operation=operation,
        method=xform_name(operation),
        params=params,
        idempotent=idempotent,
        parse=parse,
    )


# -- account settings and sign-in delegate groups ---------------------------------------


def get_account_settings(account_id: object) -> Call[AccountSettings]:
    """Check the arguments of GetAccountSettings and return the call."""
    params = {"AccountId": _account_id(account_id)}
    parse = _member_parser("GetAccountSettings", "AccountSettings", AccountSettings)
    return _call("GetAccountSettings", params, parse, idempotent=True)


def update_account_settings(
    account_id: object, disable_remote_control: object, enable_dial_out: object
) -> Call[None]:
    """Check the arguments of UpdateAccountSettings and return the call; UNSET is unchanged."""
    settings: dict[str, bool] = {}
    if disable_remote_control is not UNSET:
        settings["DisableRemoteControl"] = check.check_bool(
            disable_remote_control, "disable_remote_control"
        )
    if enable_dial_out is not UNSET:
        settings["EnableDialOut"] = check.check_bool(enable_dial_out, "enable_dial_out")
    params = {"AccountId": _account_id(account_id), "AccountSettings": settings}
    return _call("UpdateAccountSettings", params, _parse_nothing, idempotent=True)


def _group_names(value: object) -> tuple[str, ...]:
    return check.check_list(value, check.check_id, "group_names", min_length=1)


def associate_signin_delegate_groups_with_account(
    account_id: object, group_names: object
) -> Call[None]:
    """Check the arguments of AssociateSigninDelegateGroupsWithAccount and return the call."""
    params = {
        "AccountId": _account_id(account_id),
        "SigninDelegateGroups": [{"GroupName": name} for name in _group_names(group_names)],
    }
    operation = "AssociateSigninDelegateGroupsWithAccount"
    return _call(operation, params, _parse_nothing, idempotent=True)


def disassociate_signin_delegate_groups_from_account(
    account_id: object, group_names: object
) -> Call[None]:
    """Check the arguments of DisassociateSigninDelegateGroupsFromAccount and return the call."""
    params = {"AccountId": _account_id(account_id), "GroupNames": list(_group_names(group_names))}
    operation = "DisassociateSigninDelegateGroupsFromAccount"
    return _call(operation, params, _parse_nothing, idempotent=True)


# -- users ------------------------------------------------------------------------------


def _user_type(value: object) -> UserType:
    return check.check_enum(value, UserType, "user_type")


def create_user(
    account_id: object, username: object, email: object, user_type: object
) -> Call[User]:
    """Check the arguments of CreateUser and return the call."""
    params: dict[str, object] = {"AccountId": _account_id(account_id)}
    if username is not None:
        params["Username"] = check.check_id(username, "username")
    if email is not None:
        params["Email"] = check.check_email(email, "email")
    if user_type is not None:
        params["UserType"] = _user_type(user_type).value
    return _call("CreateUser", params, _member_parser("CreateUser", "User", User), idempotent=False)


def _user_call(
    operation: str, account_id: object, user_id: object, *, idempotent: bool
) -> Call[Any]:
    params = {"AccountId": _account_id(account_id), "UserId": _user_id(user_id)}
    return _call(operation, params, _member_parser(operation, "User", User), idempotent=idempotent)


def get_user(account_id: object, user_id: object) -> Call[User]:
    """Check the arguments of GetUser and return the call."""
    return _user_call("GetUser", account_id, user_id, idempotent=True)


def reset_personal_pin(account_id: object, user_id: object) -> Call[User]:
    """Check the arguments of ResetPersonalPIN and return the call; each reset makes a new PIN."""
    return _user_call("ResetPersonalPIN", account_id, user_id, idempotent=False)


def logout_user(account_id: object, user_id: object) -> Call[None]:
    """Check the arguments of LogoutUser and return the call."""
    params = {"AccountId": _account_id(account_id), "UserId": _user_id(user_id)}
    return _call("LogoutUser", params, _parse_nothing, idempotent=True)


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


def _user_changes(
    license_type: object, user_type: object, alexa_for_business_metadata: object
) -> dict[str, object]:
    changes: dict[str, object] = {}
    if license_type is not UNSET:
        changes["LicenseType"] = check.check_license(license_type, "license_type").value
    if user_type is not UNSET:
        changes["UserType"] = _user_type(user_type).value
    if alexa_for_business_metadata is not UNSET:
        changes["AlexaForBusinessMetadata"] = _alexa_metadata(
            alexa_for_business_metadata, "alexa_for_business_metadata"
        )
    return changes


def update_user(
    account_id: object,
    user_id: object,
    license_type: object,
    user_type: object,
    alexa_for_business_metadata: object,
) -> Call[User]:
    """Check the arguments of UpdateUser and return the call; UNSET leaves a field unchanged."""
    params: dict[str, object] = {"AccountId": _account_id(account_id), "UserId": _user_id(user_id)}
    params |= _user_changes(license_type, user_type, alexa_for_business_metadata)
    return _call("UpdateUser", params, _member_parser("UpdateUser", "User", User), idempotent=True)


def _parse_user(data: object, member: str) -> User:
    return structure("ListUsers", data, User, member)


def list_users(
    account_id: object, user_email: object, user_type: object, page_size: object
) -> ListCall[User]:
    """Check the arguments of ListUsers and return the paginated call."""
    params: dict[str, object] = {"AccountId": _account_id(account_id)}
    email = check.check_optional_email(user_email)
    if email is not None:
        params["UserEmail"] = email
    if user_type is not None:
        params["UserType"] = _user_type(user_type).value
    return ListCall(
        operation="ListUsers",
        method="list_users",
        params=params,
        page_size=check.check_page_size(page_size),
        result_key="Users",
        parse_item=_parse_user,
    )


def _parse_invites(response: Mapping[str, Any]) -> tuple[Invite, ...]:
    return structure_list("InviteUsers", response.get("Invites"), Invite, "Invites")


def invite_users(
    account_id: object, emails: object, user_type: object
) -> tuple[Call[tuple[Invite, ...]], ...]:
    """Check the arguments of InviteUsers and return one call per 50 emails."""
    account = _account_id(account_id)
    addresses = check.check_list(emails, check.check_email, "emails", min_length=1)
    extra: dict[str, object] = {}
    if user_type is not None:
        extra["UserType"] = _user_type(user_type).value
    return tuple(
        _call(
            "InviteUsers",
            {"AccountId": account, "UserEmailList": list(chunk), **extra},
            _parse_invites,
            idempotent=False,
        )
        for chunk in _chunks(addresses, INVITE_LIMIT)
    )


# -- batch operations -------------------------------------------------------------------


def _chunks(items: tuple[Any, ...], size: int) -> list[tuple[Any, ...]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def _parse_user_errors(operation: str) -> Callable[[Mapping[str, Any]], tuple[UserError, ...]]:
    def parse(response: Mapping[str, Any]) -> tuple[UserError, ...]:
        return structure_list(operation, response.get("UserErrors"), UserError, "UserErrors")

    return parse


@attrs.frozen(kw_only=True)
class BatchCall:
    """A batch operation over users, split into requests within the service's limit.

    Attributes:
        user_ids: Every user ID asked for, in order.
        chunks: The user IDs of each request, in order.
        calls: One call per chunk.
    """

    user_ids: tuple[str, ...]
    chunks: tuple[tuple[str, ...], ...]
    calls: tuple[Call[tuple[UserError, ...]], ...]

    @staticmethod
    def errors_for_failed_chunk(
        chunk: tuple[str, ...], error: ChimeAccountsError
    ) -> tuple[UserError, ...]:
        """Report a whole request's failure as an error for each of its users."""
        if isinstance(error, ChimeAPIError):
            # The body-only form of the class's code is the ErrorCode value (e.g. Throttled).
            body_code = type(error).codes[1] if len(type(error).codes) > 1 else error.code
            code = ErrorCode(body_code)
        elif isinstance(error, ChimeConnectionError):
            code = ErrorCode.SERVICE_UNAVAILABLE
        else:
            code = ErrorCode.SERVICE_FAILURE
        return tuple(
            UserError(user_id=user_id, error_code=code, error_message=str(error))
            for user_id in chunk
        )

    def result(self, errors: list[tuple[UserError, ...]]) -> BatchResult:
        """Merge the per-user errors of every request into one result."""
        return BatchResult(
            user_ids=self.user_ids, user_errors=tuple(e for chunk in errors for e in chunk)
        )


def _batch(operation: str, account_id: object, user_ids: object) -> BatchCall:
    account = _account_id(account_id)
    ids = check.check_list(user_ids, check.check_id, "user_ids")
    chunks = tuple(_chunks(ids, BATCH_SUSPEND_LIMIT))
    calls = tuple(
        _call(
            operation,
            {"AccountId": account, "UserIdList": list(chunk)},
            _parse_user_errors(operation),
            idempotent=True,
        )
        for chunk in chunks
    )
    return BatchCall(user_ids=ids, chunks=chunks, calls=calls)


def batch_suspend_user(account_id: object, user_ids: object) -> BatchCall:
    """Check the arguments of BatchSuspendUser and return the requests, 50 users each."""
    return _batch("BatchSuspendUser", account_id, user_ids)


def batch_unsuspend_user(account_id: object, user_ids: object) -> BatchCall:
    """Check the arguments of BatchUnsuspendUser and return the requests, 50 users each."""
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


def batch_update_user(account_id: object, updates: object) -> BatchCall:
    """Check the arguments of BatchUpdateUser and return the requests, 20 users each."""
    account = _account_id(account_id)
    items = check.check_list(updates, _update_item, "updates")
    item_chunks = _chunks(items, BATCH_UPDATE_LIMIT)
    chunks = tuple(tuple(str(item["UserId"]) for item in chunk) for chunk in item_chunks)
    calls = tuple(
        _call(
            "BatchUpdateUser",
            {"AccountId": account, "UpdateUserRequestItems": list(chunk)},
            _parse_user_errors("BatchUpdateUser"),
            idempotent=True,
        )
        for chunk in item_chunks
    )
    return BatchCall(user_ids=tuple(i for c in chunks for i in c), chunks=chunks, calls=calls)


# -- user settings ----------------------------------------------------------------------


def get_user_settings(account_id: object, user_id: object) -> Call[UserSettings]:
    """Check the arguments of GetUserSettings and return the call."""
    params = {"AccountId": _account_id(account_id), "UserId": _user_id(user_id)}
    parse = _member_parser("GetUserSettings", "UserSettings", UserSettings)
    return _call("GetUserSettings", params, parse, idempotent=True)


def update_user_settings(account_id: object, user_id: object, settings: object) -> Call[None]:
    """Check the arguments of UpdateUserSettings and return the call (replaces telephony)."""
    user_settings = check.check_instance(settings, UserSettings, "settings")
    telephony = check.check_instance(
        user_settings.telephony, TelephonySettings, "settings.telephony"
    )
    for field in ("inbound_calling", "outbound_calling", "sms"):
        check.check_bool(getattr(telephony, field), f"settings.telephony.{field}")
    params = {
        "AccountId": _account_id(account_id),
        "UserId": _user_id(user_id),
        "UserSettings": user_settings.to_dict(),
    }
    return _call("UpdateUserSettings", params, _parse_nothing, idempotent=True)
