"""The chat room operations, without I/O: rooms, their memberships and their messages.

Like :mod:`chime_accounts._account_ops`, each function checks its arguments and returns
the call to make; adding members in bulk returns a
:class:`~chime_accounts._call.Chunked` split at the service model's limit.
"""

from __future__ import annotations

import uuid

from . import _validation as check
from ._call import Call, Chunked, ListCall, batch_error_code, call, list_call, many, one
from ._enums import RoomMembershipRole
from ._models import MemberError, MembershipBatchResult, MembershipItem, Room, RoomMembership
from ._retry import failure_may_have_succeeded
from ._unset import UNSET
from .exceptions import (
    ChimeAccountsError,
    ResponseParseError,
)

__all__ = [
    "BATCH_MEMBERSHIP_LIMIT",
    "CHAT_PAGE_SIZE_MAX",
    "batch_create_room_membership",
    "create_room",
    "create_room_membership",
    "delete_room",
    "delete_room_membership",
    "get_room",
    "list_room_memberships",
    "list_rooms",
    "mark_if_created",
    "redact_room_message",
    "update_room",
    "update_room_membership",
]

#: Per-request limit of BatchCreateRoomMembership (MembershipItemList in the service model).
BATCH_MEMBERSHIP_LIMIT = 50
#: The largest page ListRooms, ListRoomMemberships and ListBots serve (ResultMax).
CHAT_PAGE_SIZE_MAX = 99

# What the errors of requests that may have been carried out add to their message.
_MAY_HAVE_SUCCEEDED = " (the request may have been carried out; check before repeating it)"

#: What BatchCreateRoomMembership answers per request: the members it failed for.
MemberErrors = tuple[MemberError, ...]


def _room(account_id: object, room_id: object) -> dict[str, object]:
    return {"AccountId": check.account_id(account_id), "RoomId": check.check_id(room_id, "room_id")}


def _member(account_id: object, room_id: object, member_id: object) -> dict[str, object]:
    return _room(account_id, room_id) | {"MemberId": check.check_id(member_id, "member_id")}


def _role(value: object, parameter: str = "role") -> RoomMembershipRole:
    return check.check_enum(value, RoomMembershipRole, parameter)


def create_room(account_id: object, name: object, client_request_token: object) -> Call[Room]:
    """CreateRoom, with a ClientRequestToken so that retries make one room.

    The token is the caller's, or a fresh one for this call (boto3 would make a new one per
    attempt): the service answers a repeated token with the room it made first, so the
    call is safe to retry. Calling again with another token makes another room, so a
    failure after the room may have been made is still reported (:func:`mark_if_created`).
    """
    params: dict[str, object] = {
        "AccountId": check.account_id(account_id),
        "Name": check.check_name(name, "name"),
    }
    if client_request_token is None:
        params["ClientRequestToken"] = str(uuid.uuid4())
    else:
        params["ClientRequestToken"] = check.check_client_request_token(
            client_request_token, "client_request_token"
        )
    return call("CreateRoom", params, idempotent=True, parse=one("Room", Room))


def mark_if_created(error: ChimeAccountsError) -> None:
    """Mark a failed ``create_room``'s error if its room may exist all the same.

    Its retries were safe, so the call counts as idempotent and its error would say
    nothing was done; but another call sends another token, so a room made by a request
    whose answer failed or was lost would be made twice. ``may_have_succeeded`` is set as
    for the calls that are not safe to repeat, and the message says so as theirs do.
    """
    cause = error.__cause__
    created = isinstance(error, ResponseParseError) or (
        isinstance(cause, Exception) and failure_may_have_succeeded(cause)
    )
    if created and not error.may_have_succeeded:
        error.may_have_succeeded = True
        if error.args and isinstance(error.args[0], str):
            error.args = (f"{error.args[0]}{_MAY_HAVE_SUCCEEDED}", *error.args[1:])


def get_room(account_id: object, room_id: object) -> Call[Room]:
    """GetRoom."""
    return call("GetRoom", _room(account_id, room_id), idempotent=True, parse=one("Room", Room))


def update_room(account_id: object, room_id: object, name: object) -> Call[Room]:
    """UpdateRoom; UNSET leaves the name as it is, and then nothing would change."""
    params = _room(account_id, room_id)
    changes: dict[str, object] = {}
    if name is not UNSET:
        changes["Name"] = check.check_name(name, "name")
    check.check_changes(changes, ("name",))
    return call("UpdateRoom", params | changes, idempotent=True, parse=one("Room", Room))


def delete_room(account_id: object, room_id: object) -> Call[None]:
    """DeleteRoom."""
    return call("DeleteRoom", _room(account_id, room_id), idempotent=True)


def _page_size(value: object) -> int | None:
    return check.check_page_size(value, maximum=CHAT_PAGE_SIZE_MAX)


def list_rooms(account_id: object, member_id: object, page_size: object) -> ListCall[Room]:
    """ListRooms."""
    params: dict[str, object] = {"AccountId": check.account_id(account_id)}
    if member_id is not None:
        params["MemberId"] = check.check_id(member_id, "member_id")
    return list_call("ListRooms", params, page_size=_page_size(page_size), items=("Rooms", Room))


def create_room_membership(
    account_id: object, room_id: object, member_id: object, role: object
) -> Call[RoomMembership]:
    """CreateRoomMembership: not idempotent, a repeat answers ConflictException."""
    params = _member(account_id, room_id, member_id)
    if role is not None:
        params["Role"] = _role(role).value
    parse = one("RoomMembership", RoomMembership)
    return call("CreateRoomMembership", params, idempotent=False, parse=parse)


def _membership_item(value: object, parameter: str) -> dict[str, object]:
    # Models are attrs classes without runtime checks, so their fields are checked here.
    item = check.check_instance(value, MembershipItem, parameter)
    check.check_id(item.member_id, f"{parameter}.member_id")
    if item.role is not None:
        _role(item.role, f"{parameter}.role")
    return item.to_dict()


def _chunks(items: tuple[dict[str, object], ...]) -> tuple[tuple[dict[str, object], ...], ...]:
    size = BATCH_MEMBERSHIP_LIMIT
    return tuple(items[start : start + size] for start in range(0, len(items), size))


def batch_create_room_membership(
    account_id: object, room_id: object, members: object
) -> Chunked[str, MemberErrors, MembershipBatchResult]:
    """BatchCreateRoomMembership, 50 members per request; not idempotent."""
    params = _room(account_id, room_id)
    items = check.check_list(members, _membership_item, "members")
    item_chunks = _chunks(items)
    calls = tuple(
        call(
            "BatchCreateRoomMembership",
            params | {"MembershipItemList": list(chunk)},
            idempotent=False,
            parse=many("Errors", MemberError),
        )
        for chunk in item_chunks
    )
    chunks = tuple(tuple(str(item["MemberId"]) for item in chunk) for chunk in item_chunks)
    member_ids = tuple(member_id for chunk in chunks for member_id in chunk)

    def merge(
        outcomes: list[tuple[tuple[str, ...], MemberErrors | ChimeAccountsError]],
    ) -> MembershipBatchResult:
        errors: list[MemberError] = []
        uncertain: list[str] = []
        for chunk, outcome in outcomes:
            if isinstance(outcome, ChimeAccountsError):
                errors.extend(_failed_chunk(chunk, outcome))
                if outcome.may_have_succeeded:
                    uncertain.extend(chunk)
            else:
                errors.extend(outcome)
        return MembershipBatchResult(
            member_ids=member_ids, errors=tuple(errors), uncertain_member_ids=tuple(uncertain)
        )

    return Chunked(chunks=chunks, calls=calls, merge=merge)


def _failed_chunk(chunk: tuple[str, ...], error: ChimeAccountsError) -> MemberErrors:
    """Report a whole request's failure as an error for each of its members."""
    code = batch_error_code(error)
    return tuple(
        MemberError(member_id=member_id, error_code=code, error_message=str(error))
        for member_id in chunk
    )


def list_room_memberships(
    account_id: object, room_id: object, page_size: object
) -> ListCall[RoomMembership]:
    """ListRoomMemberships."""
    return list_call(
        "ListRoomMemberships",
        _room(account_id, room_id),
        page_size=_page_size(page_size),
        items=("RoomMemberships", RoomMembership),
    )


def update_room_membership(
    account_id: object, room_id: object, member_id: object, role: object
) -> Call[RoomMembership]:
    """UpdateRoomMembership; UNSET leaves the role as it is, and then nothing would change."""
    params = _member(account_id, room_id, member_id)
    changes: dict[str, object] = {}
    if role is not UNSET:
        changes["Role"] = _role(role).value
    check.check_changes(changes, ("role",))
    parse = one("RoomMembership", RoomMembership)
    return call("UpdateRoomMembership", params | changes, idempotent=True, parse=parse)


def delete_room_membership(account_id: object, room_id: object, member_id: object) -> Call[None]:
    """DeleteRoomMembership."""
    params = _member(account_id, room_id, member_id)
    return call("DeleteRoomMembership", params, idempotent=True)


def redact_room_message(account_id: object, room_id: object, message_id: object) -> Call[None]:
    """RedactRoomMessage: redacting a message again changes nothing."""
    params = _room(account_id, room_id) | {"MessageId": check.check_id(message_id, "message_id")}
    return call("RedactRoomMessage", params, idempotent=True)
