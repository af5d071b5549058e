"""The account operations, without I/O: accounts, their settings and sign-in delegate groups.

Each function checks its arguments (raising ``ValidationError`` before anything is sent)
and returns the call to make; see :mod:`chime_accounts._call`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import _validation as check
from ._call import Call, ListCall, call, list_call, one
from ._models import Account, AccountSettings
from ._unset import UNSET

__all__ = [
    "associate_signin_delegate_groups_with_account",
    "create_account",
    "delete_account",
    "disassociate_signin_delegate_groups_from_account",
    "get_account",
    "get_account_settings",
    "list_accounts",
    "update_account",
    "update_account_settings",
]

if TYPE_CHECKING:
    from ._enums import License


def create_account(name: object) -> Call[Account]:
    """CreateAccount: not idempotent, each call makes another account."""
    params = {"Name": check.check_account_name(name)}
    return call("CreateAccount", params, idempotent=False, parse=one("Account", Account))


def get_account(account_id: object) -> Call[Account]:
    """GetAccount."""
    params = {"AccountId": check.account_id(account_id)}
    return call("GetAccount", params, idempotent=True, parse=one("Account", Account))


def update_account(account_id: object, name: object, default_license: object) -> Call[Account]:
    """UpdateAccount; UNSET leaves a field as it is, and one must be given."""
    account = check.account_id(account_id)
    changes: dict[str, object] = {}
    if name is not UNSET:
        changes["Name"] = check.check_account_name(name)
    if default_license is not UNSET:
        license_: License = check.check_license(default_license)
        changes["DefaultLicense"] = license_.value
    check.check_changes(changes, ("name", "default_license"))
    params = {"AccountId": account, **changes}
    return call("UpdateAccount", params, idempotent=True, parse=one("Account", Account))


def delete_account(account_id: object) -> Call[None]:
    """DeleteAccount."""
    return call("DeleteAccount", {"AccountId": check.account_id(account_id)}, idempotent=True)


def list_accounts(name: object, user_email: object, page_size: object) -> ListCall[Account]:
    """ListAccounts."""
    params: dict[str, object] = {}
    if name is not None:
        params["Name"] = check.check_account_name(name)
    email = check.check_optional_email(user_email)
    if email is not None:
        params["UserEmail"] = email
    return list_call(
        "ListAccounts",
        params,
        page_size=check.check_page_size(page_size),
        items=("Accounts", Account),
    )


def get_account_settings(account_id: object) -> Call[AccountSettings]:
    """GetAccountSettings."""
    params = {"AccountId": check.account_id(account_id)}
    parse = one("AccountSettings", AccountSettings)
    return call("GetAccountSettings", params, idempotent=True, parse=parse)


def update_account_settings(
    account_id: object, disable_remote_control: object, enable_dial_out: object
) -> Call[None]:
    """UpdateAccountSettings; UNSET leaves a setting as it is, and one must be given."""
    account = check.account_id(account_id)
    settings: dict[str, bool] = {}
    if disable_remote_control is not UNSET:
        settings["DisableRemoteControl"] = check.check_bool(
            disable_remote_control, "disable_remote_control"
        )
    if enable_dial_out is not UNSET:
        settings["EnableDialOut"] = check.check_bool(enable_dial_out, "enable_dial_out")
    check.check_changes(settings, ("disable_remote_control", "enable_dial_out"))
    params = {"AccountId": account, "AccountSettings": settings}
    return call("UpdateAccountSettings", params, idempotent=True)


def _group_names(value: object) -> tuple[str, ...]:
    return check.check_list(value, check.check_id, "group_names", min_length=1)


def associate_signin_delegate_groups_with_account(
    account_id: object, group_names: object
) -> Call[None]:
    """AssociateSigninDelegateGroupsWithAccount."""
    params = {
        "AccountId": check.account_id(account_id),
        "SigninDelegateGroups": [{"GroupName": name} for name in _group_names(group_names)],
    }
    return call("AssociateSigninDelegateGroupsWithAccount", params, idempotent=True)


def disassociate_signin_delegate_groups_from_account(
    account_id: object, group_names: object
) -> Call[None]:
    """DisassociateSigninDelegateGroupsFromAccount."""
    params = {
        "AccountId": check.account_id(account_id),
        "GroupNames": list(_group_names(group_names)),
    }
    return call("DisassociateSigninDelegateGroupsFromAccount", params, idempotent=True)
