"""What each operation does: one handler per served operation.

A handler takes the store and the operation's checked input members and
returns the answer's members (``None`` for an empty answer). `HANDLERS` is
the one table of served operations: `OPERATIONS`, the routes and the faults'
operation names all derive from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chime_accounts.testing._input import bad_request, parse_input
from chime_accounts.testing._service import ServiceError
from chime_accounts.testing._wire import Reply, encode, error_reply

if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Mapping, Sequence
    from typing import TypeAlias

    from chime_accounts.testing._routing import Route
    from chime_accounts.testing._store import AccountStore

    Handler: TypeAlias = Callable[[AccountStore, Mapping[str, Any]], object | None]

__all__ = ["HANDLERS", "OPERATIONS", "perform"]

HANDLERS: dict[str, Handler] = {}
"""Operation name -> its handler, in the order the operations are served."""


def _handles(operation: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[operation] = handler
        return handler

    return register


def perform(
    store: AccountStore,
    route: Route,
    match: re.Match[str],
    query: Mapping[str, list[str]],
    headers: Mapping[str, str],
    body: bytes,
) -> Reply:
    """Carry out one request's operation and return the service's answer.

    Args:
        store: The store the operation works on.
        route: The request's route.
        match: The route pattern's match of the path.
        query: The query parameters.
        headers: The headers, names lowercased.
        body: The raw body.

    Returns:
        The answer: the operation's result, or the modeled error it raised;
        an unexpected exception answers ``ServiceFailureException``.
    """
    try:
        params = parse_input(route, match, query, headers, body)
        result = HANDLERS[route.operation.name](store, params)
    except ServiceError as exc:
        return error_reply(exc.error_type, exc.message)
    except Exception as exc:  # noqa: BLE001 - a bug here must still answer like AWS would
        return error_reply("ServiceFailureException", f"Internal error: {exc!r}")
    if result is None:
        return Reply(status=route.status)
    return Reply(status=route.status, body=encode(result), content_type="application/json")


def _paged(key: str, items: Sequence[object], token: str | None) -> dict[str, object]:
    result: dict[str, object] = {key: items}
    if token is not None:
        result["NextToken"] = token
    return result


# -- accounts ----------------------------------------------------------------


@_handles("CreateAccount")
def _create_account(store: AccountStore, params: Mapping[str, Any]) -> object:
    return {"Account": store.create_account(params["Name"])}


@_handles("GetAccount")
def _get_account(store: AccountStore, params: Mapping[str, Any]) -> object:
    return {"Account": store.get_account(params["AccountId"])}


@_handles("ListAccounts")
def _list_accounts(store: AccountStore, params: Mapping[str, Any]) -> object:
    accounts, token = store.list_accounts(
        name=params.get("Name"),
        user_email=params.get("UserEmail"),
        max_results=params.get("MaxResults", 100),
        next_token=params.get("NextToken"),
    )
    return _paged("Accounts", accounts, token)


@_handles("UpdateAccount")
def _update_account(store: AccountStore, params: Mapping[str, Any]) -> object:
    return {
        "Account": store.update_account(
            params["AccountId"],
            name=params.get("Name"),
            default_license=params.get("DefaultLicense"),
        )
    }


@_handles("DeleteAccount")
def _delete_account(store: AccountStore, params: Mapping[str, Any]) -> None:
    store.delete_account(params["AccountId"])


@_handles("GetAccountSettings")
def _get_account_settings(store: AccountStore, params: Mapping[str, Any]) -> object:
    return {"AccountSettings": store.get_account_settings(params["AccountId"])}


@_handles("UpdateAccountSettings")
def _update_account_settings(store: AccountStore, params: Mapping[str, Any]) -> None:
    settings = params["AccountSettings"]
    store.update_account_settings(
        params["AccountId"],
        disable_remote_control=settings.get("DisableRemoteControl"),
        enable_dial_out=settings.get("EnableDialOut"),
    )


@_handles("AssociateSigninDelegateGroupsWithAccount")
def _associate_groups(store: AccountStore, params: Mapping[str, Any]) -> object:
    names: list[str] = []
    for i, group in enumerate(params["SigninDelegateGroups"]):
        # The model leaves GroupName optional, but a group is only its name.
        name = group.get("GroupName")
        if name is None:
            raise bad_request(f"SigninDelegateGroups[{i}].GroupName is required.")
        names.append(name)
    store.associate_signin_delegate_groups(params["AccountId"], names)
    return {}


@_handles("DisassociateSigninDelegateGroupsFromAccount")
def _disassociate_groups(store: AccountStore, params: Mapping[str, Any]) -> object:
    store.disassociate_signin_delegate_groups(params["AccountId"], params["GroupNames"])
    return {}


# -- users -------------------------------------------------------------------


@_handles("CreateUser")
def _create_user(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {
            "User": users.create(
                username=params.get("Username"),
                email=params.get("Email"),
                user_type=params.get("UserType"),
            )
        }


@_handles("GetUser")
def _get_user(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {"User": users.get(params["UserId"])}


@_handles("UpdateUser")
def _update_user(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {
            "User": users.update(
                params["UserId"],
                license_type=params.get("LicenseType"),
                user_type=params.get("UserType"),
                alexa_for_business=params.get("AlexaForBusinessMetadata"),
            )
        }


@_handles("ResetPersonalPIN")
def _reset_pin(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {"User": users.reset_pin(params["UserId"])}


@_handles("LogoutUser")
def _logout_user(store: AccountStore, params: Mapping[str, Any]) -> None:
    with store.users_of(params["AccountId"]) as users:
        users.logout(params["UserId"])


@_handles("ListUsers")
def _list_users(store: AccountStore, params: Mapping[str, Any]) -> object:
    users, token = store.list_users(
        params["AccountId"],
        user_email=params.get("UserEmail"),
        user_type=params.get("UserType"),
        max_results=params.get("MaxResults", 100),
        next_token=params.get("NextToken"),
    )
    return _paged("Users", users, token)


@_handles("InviteUsers")
def _invite_users(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {"Invites": users.invite(params["UserEmailList"], user_type=params.get("UserType"))}


@_handles("BatchSuspendUser")
def _suspend_users(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {"UserErrors": users.suspend(params["UserIdList"])}


@_handles("BatchUnsuspendUser")
def _unsuspend_users(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {"UserErrors": users.unsuspend(params["UserIdList"])}


@_handles("BatchUpdateUser")
def _update_users(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {"UserErrors": users.batch_update(params["UpdateUserRequestItems"])}


@_handles("GetUserSettings")
def _get_user_settings(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {"UserSettings": users.settings(params["UserId"])}


@_handles("UpdateUserSettings")
def _update_user_settings(store: AccountStore, params: Mapping[str, Any]) -> None:
    with store.users_of(params["AccountId"]) as users:
        users.update_settings(params["UserId"], params["UserSettings"]["Telephony"])


OPERATIONS: tuple[str, ...] = tuple(HANDLERS)
"""The operations LocalChime serves, in `HANDLERS` order."""
