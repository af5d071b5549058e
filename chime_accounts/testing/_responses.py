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


@_handles("AssociatePhoneNumberWithUser")
def _associate_phone_number(store: AccountStore, params: Mapping[str, Any]) -> object:
    store.associate_phone_number(params["AccountId"], params["UserId"], params["E164PhoneNumber"])
    return {}


@_handles("DisassociatePhoneNumberFromUser")
def _disassociate_phone_number(store: AccountStore, params: Mapping[str, Any]) -> object:
    store.disassociate_phone_number(params["AccountId"], params["UserId"])
    return {}


# -- rooms and memberships ---------------------------------------------------


@_handles("CreateRoom")
def _create_room(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.chat.rooms_of(params["AccountId"], "CreateRoom") as rooms:
        return {
            "Room": rooms.create(
                params["Name"], client_request_token=params.get("ClientRequestToken")
            )
        }


@_handles("GetRoom")
def _get_room(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.chat.rooms_of(params["AccountId"], "GetRoom") as rooms:
        return {"Room": rooms.find(params["RoomId"]).to_dict()}


@_handles("ListRooms")
def _list_rooms(store: AccountStore, params: Mapping[str, Any]) -> object:
    rooms, token = store.chat.list_rooms(
        params["AccountId"],
        member_id=params.get("MemberId"),
        max_results=params.get("MaxResults", 99),
        next_token=params.get("NextToken"),
    )
    return _paged("Rooms", rooms, token)


@_handles("UpdateRoom")
def _update_room(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.chat.rooms_of(params["AccountId"], "UpdateRoom") as rooms:
        return {"Room": rooms.update(params["RoomId"], name=params.get("Name"))}


@_handles("DeleteRoom")
def _delete_room(store: AccountStore, params: Mapping[str, Any]) -> None:
    with store.chat.rooms_of(params["AccountId"], "DeleteRoom") as rooms:
        rooms.delete(params["RoomId"])


@_handles("CreateRoomMembership")
def _create_room_membership(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.chat.rooms_of(params["AccountId"], "CreateRoomMembership") as rooms:
        return {
            "RoomMembership": rooms.create_membership(
                params["RoomId"], params["MemberId"], role=params.get("Role")
            )
        }


@_handles("BatchCreateRoomMembership")
def _batch_create_room_membership(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.chat.rooms_of(params["AccountId"], "BatchCreateRoomMembership") as rooms:
        return {
            "Errors": rooms.batch_create_memberships(params["RoomId"], params["MembershipItemList"])
        }


@_handles("ListRoomMemberships")
def _list_room_memberships(store: AccountStore, params: Mapping[str, Any]) -> object:
    memberships, token = store.chat.list_room_memberships(
        params["AccountId"],
        params["RoomId"],
        max_results=params.get("MaxResults", 99),
        next_token=params.get("NextToken"),
    )
    return _paged("RoomMemberships", memberships, token)


@_handles("UpdateRoomMembership")
def _update_room_membership(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.chat.rooms_of(params["AccountId"], "UpdateRoomMembership") as rooms:
        return {
            "RoomMembership": rooms.update_membership(
                params["RoomId"], params["MemberId"], role=params.get("Role")
            )
        }


@_handles("DeleteRoomMembership")
def _delete_room_membership(store: AccountStore, params: Mapping[str, Any]) -> None:
    with store.chat.rooms_of(params["AccountId"], "DeleteRoomMembership") as rooms:
        rooms.delete_membership(params["RoomId"], params["MemberId"])


# -- bots and their events configurations ------------------------------------


@_handles("CreateBot")
def _create_bot(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.chat.bots_of(params["AccountId"], "CreateBot") as bots:
        return {"Bot": bots.create(params["DisplayName"], domain=params.get("Domain"))}


@_handles("GetBot")
def _get_bot(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.chat.bots_of(params["AccountId"], "GetBot") as bots:
        return {"Bot": bots.find(params["BotId"]).to_dict()}


@_handles("ListBots")
def _list_bots(store: AccountStore, params: Mapping[str, Any]) -> object:
    bots, token = store.chat.list_bots(
        params["AccountId"],
        max_results=params.get("MaxResults", 99),
        next_token=params.get("NextToken"),
    )
    return _paged("Bots", bots, token)


@_handles("UpdateBot")
def _update_bot(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.chat.bots_of(params["AccountId"], "UpdateBot") as bots:
        return {"Bot": bots.update(params["BotId"], disabled=params.get("Disabled"))}


@_handles("RegenerateSecurityToken")
def _regenerate_security_token(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.chat.bots_of(params["AccountId"], "RegenerateSecurityToken") as bots:
        return {"Bot": bots.regenerate_token(params["BotId"])}


@_handles("GetEventsConfiguration")
def _get_events_configuration(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.chat.bots_of(params["AccountId"], "GetEventsConfiguration") as bots:
        return {"EventsConfiguration": bots.get_events(params["BotId"])}


@_handles("PutEventsConfiguration")
def _put_events_configuration(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.chat.bots_of(params["AccountId"], "PutEventsConfiguration") as bots:
        return {
            "EventsConfiguration": bots.put_events(
                params["BotId"],
                endpoint=params.get("OutboundEventsHTTPSEndpoint"),
                lambda_arn=params.get("LambdaFunctionArn"),
            )
        }


@_handles("DeleteEventsConfiguration")
def _delete_events_configuration(store: AccountStore, params: Mapping[str, Any]) -> None:
    with store.chat.bots_of(params["AccountId"], "DeleteEventsConfiguration") as bots:
        bots.delete_events(params["BotId"])


# -- retention, redaction and global settings --------------------------------


@_handles("GetRetentionSettings")
def _get_retention_settings(store: AccountStore, params: Mapping[str, Any]) -> object:
    return store.chat.get_retention_settings(params["AccountId"])


@_handles("PutRetentionSettings")
def _put_retention_settings(store: AccountStore, params: Mapping[str, Any]) -> None:
    settings = params["RetentionSettings"]
    store.chat.put_retention_settings(
        params["AccountId"],
        room_days=settings.get("RoomRetentionSettings", {}).get("RetentionDays"),
        conversation_days=settings.get("ConversationRetentionSettings", {}).get("RetentionDays"),
    )


@_handles("RedactConversationMessage")
def _redact_conversation_message(store: AccountStore, params: Mapping[str, Any]) -> object:
    store.chat.redact_conversation_message(
        params["AccountId"], params["ConversationId"], params["MessageId"]
    )
    return {}


@_handles("RedactRoomMessage")
def _redact_room_message(store: AccountStore, params: Mapping[str, Any]) -> object:
    store.chat.redact_room_message(params["AccountId"], params["RoomId"], params["MessageId"])
    return {}


@_handles("GetGlobalSettings")
def _get_global_settings(store: AccountStore, params: Mapping[str, Any]) -> object:  # noqa: ARG001 - every handler takes the input
    return store.get_global_settings()


@_handles("UpdateGlobalSettings")
def _update_global_settings(store: AccountStore, params: Mapping[str, Any]) -> None:
    store.update_global_settings(
        business_calling=params.get("BusinessCalling", {}).get("CdrBucket"),
        voice_connector=params.get("VoiceConnector", {}).get("CdrBucket"),
    )


OPERATIONS: tuple[str, ...] = tuple(HANDLERS)
"""The operations LocalChime serves, in `HANDLERS` order."""
