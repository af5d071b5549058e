"""The chat rooms of one account and their memberships, with Amazon Chime's rules.

Like the users, rooms know nothing about HTTP and hold no lock:
`chime_accounts.testing._store.AccountStore.rooms_of` hands an account's
`RoomDirectory` out under the store's lock. A member is a user or a bot of
the same account (`MemberSource` finds them); a stopped (disabled) bot can be
removed from a room but not added, as the Amazon Chime Administration Guide
says. Room names and members' emails and names never appear in a ``repr`` or
an error message.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Protocol, TypedDict

from chime_accounts.testing._service import ServiceError, check_enum, to_millis

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from mypy_boto3_chime.literals import ErrorCodeType, MemberTypeType, RoomMembershipRoleType

__all__ = [
    "MemberDict",
    "MemberErrorDict",
    "MemberSource",
    "MembershipRecord",
    "RoomDict",
    "RoomDirectory",
    "RoomMembershipDict",
    "RoomRecord",
]


class RoomDict(TypedDict):
    """A room as the API shapes it."""

    RoomId: str
    Name: str
    AccountId: str
    CreatedBy: str
    CreatedTimestamp: datetime
    UpdatedTimestamp: datetime


class _MemberRequired(TypedDict):
    MemberId: str
    MemberType: MemberTypeType
    AccountId: str


class MemberDict(_MemberRequired, total=False):
    """A room member as the API shapes it; ``Email`` and ``FullName`` when known."""

    Email: str
    FullName: str


class RoomMembershipDict(TypedDict):
    """A room membership as the API shapes it."""

    RoomId: str
    Member: MemberDict
    Role: RoomMembershipRoleType
    InvitedBy: str
    UpdatedTimestamp: datetime


class MemberErrorDict(TypedDict):
    """One per-member failure of BatchCreateRoomMembership."""

    MemberId: str
    ErrorCode: ErrorCodeType
    ErrorMessage: str


class MemberSource(Protocol):
    """What rooms need to know about the account's users and bots."""

    @property
    def account_id(self) -> str:
        """The account id."""
        ...

    @property
    def principal(self) -> str:
        """The IAM identity that creates rooms and invites members, as an ARN."""
        ...

    def member(self, member_id: str) -> MemberDict | None:
        """Return the user or bot with this id as a room member, or ``None``."""
        ...

    def why_not_joinable(self, member_id: str) -> str | None:
        """Return why this (existing) member cannot be added to a room, or ``None``."""
        ...


def _now() -> datetime:
    return to_millis(datetime.now(timezone.utc))


@dataclass(kw_only=True)
class MembershipRecord:
    """One member of a room.

    Attributes:
        seq: Order of joining, for paging.
        member_id: The user or bot id.
        role: ``Administrator`` or ``Member``.
        invited_by: Who added the member, as an ARN.
        updated: When the membership was made or its role changed.
    """

    seq: int
    member_id: str
    role: RoomMembershipRoleType
    invited_by: str
    updated: datetime


@dataclass(kw_only=True)
class RoomRecord:
    """One stored room; its name stays out of its ``repr``.

    Attributes:
        seq: Creation order within the account, for paging.
        room_id: The room id.
        account_id: The owning account.
        name: The room name.
        created_by: Who created it, as an ARN.
        created: When it was created.
        updated: When it was created or renamed.
        memberships: Its members by id, in joining order.
    """

    seq: int
    room_id: str
    account_id: str
    name: str = field(repr=False)
    created_by: str
    created: datetime
    updated: datetime
    memberships: dict[str, MembershipRecord] = field(
        default_factory=dict[str, MembershipRecord], repr=False
    )

    def to_dict(self) -> RoomDict:
        """Return the room as the API shapes it.

        Returns:
            A fresh dictionary.
        """
        return {
            "RoomId": self.room_id,
            "Name": self.name,
            "AccountId": self.account_id,
            "CreatedBy": self.created_by,
            "CreatedTimestamp": self.created,
            "UpdatedTimestamp": self.updated,
        }


class RoomDirectory:
    """The chat rooms of one account, in creation order.

    Not thread-safe; use it only under the account store's lock
    (`AccountStore.rooms_of`).

    Args:
        account: The owning account, which finds room members.
    """

    def __init__(self, account: MemberSource) -> None:
        self._account = account
        self._rooms: dict[str, RoomRecord] = {}
        self._tokens: dict[str, str] = {}
        self._seq = itertools.count()

    # -- rooms ---------------------------------------------------------------

    def find(self, room_id: str) -> RoomRecord:
        """Return one room.

        Args:
            room_id: The room id.

        Returns:
            The stored room (live, not a copy).

        Raises:
            ServiceError: ``NotFoundException`` for an unknown (or deleted) room.
        """
        try:
            return self._rooms[room_id]
        except KeyError:
            raise ServiceError(
                "NotFoundException",
                f"The requested room {room_id} was not found in account "
                f"{self._account.account_id}.",
            ) from None

    def find_record(self, room_id: str) -> RoomRecord:
        """Return one room, for the data helpers.

        Args:
            room_id: The room id.

        Returns:
            The stored room (live, not a copy).

        Raises:
            KeyError: For an unknown room.
        """
        return self._rooms[room_id]

    def add(
        self,
        name: str,
        *,
        room_id: str | None = None,
        created_by: str | None = None,
        when: datetime | None = None,
    ) -> RoomRecord:
        """Store a room directly.

        Args:
            name: The room name.
            room_id: The room id; a fresh UUID when omitted.
            created_by: The creator's ARN; the account's principal when omitted.
            when: A timezone-aware creation time; now when omitted.

        Returns:
            The stored room.

        Raises:
            ValueError: For a blank name, a naive time or a duplicate room id.
        """
        if not name.strip():
            raise ValueError("name must contain a non-whitespace character")
        if when is not None and when.utcoffset() is None:
            raise ValueError("when must be timezone-aware")
        new_id = room_id if room_id is not None else str(uuid.uuid4())
        if new_id in self._rooms:
            raise ValueError(f"room id {new_id!r} already exists")
        moment = to_millis(when) if when is not None else _now()
        room = RoomRecord(
            seq=next(self._seq),
            room_id=new_id,
            account_id=self._account.account_id,
            name=name,
            created_by=created_by or self._account.principal,
            created=moment,
            updated=moment,
        )
        self._rooms[new_id] = room
        return room

    def create(self, name: str, *, client_request_token: str | None) -> RoomDict:
        """Create a room, as CreateRoom does.

        A repeated ``ClientRequestToken`` (boto3 sends a fresh one per call and
        the same one on its retries) answers the room it created first.

        Args:
            name: The room name.
            client_request_token: The idempotency token, if sent.

        Returns:
            The new (or, for a repeated token, the earlier) room.
        """
        if client_request_token is not None:
            earlier = self._tokens.get(client_request_token)
            if earlier is not None and earlier in self._rooms:
                return self._rooms[earlier].to_dict()
        if not name.strip():
            raise ServiceError("BadRequestException", "Name must not be blank.")
        room = self.add(name)
        if client_request_token is not None:
            self._tokens[client_request_token] = room.room_id
        return room.to_dict()

    def matching(self, *, member_id: str | None = None) -> list[RoomRecord]:
        """Return the rooms ListRooms lists, in creation order.

        Args:
            member_id: Keep the rooms this user or bot is a member of.

        Returns:
            The rooms.
        """
        return [r for r in self._rooms.values() if member_id is None or member_id in r.memberships]

    def update(self, room_id: str, *, name: str | None) -> RoomDict:
        """Rename a room, as UpdateRoom does.

        Args:
            room_id: The room id.
            name: The new name, or ``None`` to keep it.

        Returns:
            The room.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown room,
                ``BadRequestException`` for a blank name.
        """
        room = self.find(room_id)
        if name is not None:
            if not name.strip():
                raise ServiceError("BadRequestException", "Name must not be blank.")
            room.name = name
            room.updated = _now()
        return room.to_dict()

    def delete(self, room_id: str) -> None:
        """Delete a room and its memberships, as DeleteRoom does.

        Args:
            room_id: The room id.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown room.
        """
        self.find(room_id)
        del self._rooms[room_id]

    def snapshot(self) -> list[RoomDict]:
        """Return every room in creation order.

        Returns:
            Copies of the rooms.
        """
        return [r.to_dict() for r in self._rooms.values()]

    # -- memberships ---------------------------------------------------------

    def membership_dict(self, room: RoomRecord, membership: MembershipRecord) -> RoomMembershipDict:
        """Return a membership as the API shapes it.

        Args:
            room: The room.
            membership: One of its memberships.

        Returns:
            A fresh dictionary, with the member as it is now.
        """
        member = self._account.member(membership.member_id)
        return {
            "RoomId": room.room_id,
            # Users and bots are never removed, so a member always resolves.
            "Member": member
            if member is not None
            else {
                "MemberId": membership.member_id,
                "MemberType": "User",
                "AccountId": self._account.account_id,
            },
            "Role": membership.role,
            "InvitedBy": membership.invited_by,
            "UpdatedTimestamp": membership.updated,
        }

    def _problem(self, room: RoomRecord, member_id: str) -> tuple[ErrorCodeType, str] | None:
        """Return why a member cannot join ``room``, as an error code and message."""
        if self._account.member(member_id) is None:
            return "NotFound", (
                f"Member {member_id} is not a user or bot of account {self._account.account_id}."
            )
        if member_id in room.memberships:
            return "Conflict", f"Member {member_id} is already a member of room {room.room_id}."
        reason = self._account.why_not_joinable(member_id)
        if reason is not None:
            return "BadRequest", reason
        return None

    def _join(
        self, room: RoomRecord, member_id: str, role: RoomMembershipRoleType, when: datetime
    ) -> MembershipRecord:
        membership = MembershipRecord(
            seq=next(self._seq),
            member_id=member_id,
            role=role,
            invited_by=self._account.principal,
            updated=when,
        )
        room.memberships[member_id] = membership
        return membership

    def add_member(
        self,
        room_id: str,
        member_id: str,
        *,
        role: RoomMembershipRoleType = "Member",
        when: datetime | None = None,
    ) -> RoomMembershipDict:
        """Store a membership directly, checked like CreateRoomMembership.

        Args:
            room_id: The room id.
            member_id: A user or bot of the account.
            role: ``Administrator`` or ``Member``.
            when: A timezone-aware time of joining; now when omitted.

        Returns:
            The membership.

        Raises:
            KeyError: For an unknown room.
            ValueError: For an unknown member, one already in the room, a
                stopped bot, a role outside the model or a naive time.
        """
        check_enum(role, "RoomMembershipRole", "role")
        if when is not None and when.utcoffset() is None:
            raise ValueError("when must be timezone-aware")
        room = self._rooms[room_id]
        problem = self._problem(room, member_id)
        if problem is not None:
            raise ValueError(problem[1])
        membership = self._join(room, member_id, role, to_millis(when) if when else _now())
        return self.membership_dict(room, membership)

    def create_membership(
        self, room_id: str, member_id: str, *, role: RoomMembershipRoleType | None
    ) -> RoomMembershipDict:
        """Add a member to a room, as CreateRoomMembership does.

        Args:
            room_id: The room id.
            member_id: A user or bot of the account.
            role: The role; ``Member`` when ``None``.

        Returns:
            The new membership.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown room or member,
                ``ConflictException`` for a member already in the room,
                ``BadRequestException`` for a stopped bot.
        """
        room = self.find(room_id)
        problem = self._problem(room, member_id)
        if problem is not None:
            code, message = problem
            raise ServiceError(_EXCEPTIONS[code], message)
        membership = self._join(room, member_id, role or "Member", _now())
        return self.membership_dict(room, membership)

    def batch_create_memberships(
        self, room_id: str, items: Iterable[Mapping[str, object]]
    ) -> list[MemberErrorDict]:
        """Add members to a room, as BatchCreateRoomMembership does.

        Each item is applied or rejected on its own.

        Args:
            room_id: The room id.
            items: ``MembershipItem`` dictionaries, already validated against
                the model (at most 50).

        Returns:
            A ``BadRequest`` error per item without a ``MemberId``, a
            ``NotFound`` error per unknown member, a ``Conflict`` error per
            member already in the room (or listed twice) and a ``BadRequest``
            error per stopped bot.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown room.
        """
        room = self.find(room_id)
        errors: list[MemberErrorDict] = []
        when = _now()
        for item in items:
            member_id = item.get("MemberId")
            if not isinstance(member_id, str):
                errors.append(
                    {
                        "MemberId": "",
                        "ErrorCode": "BadRequest",
                        "ErrorMessage": "MemberId is required.",
                    }
                )
                continue
            problem = self._problem(room, member_id)
            if problem is not None:
                code, message = problem
                errors.append({"MemberId": member_id, "ErrorCode": code, "ErrorMessage": message})
                continue
            role: RoomMembershipRoleType = (
                "Administrator" if item.get("Role") == "Administrator" else "Member"
            )
            self._join(room, member_id, role, when)
        return errors

    def memberships(self, room_id: str) -> tuple[RoomRecord, list[MembershipRecord]]:
        """Return a room and its memberships in joining order, for ListRoomMemberships.

        Args:
            room_id: The room id.

        Returns:
            The room and its memberships.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown room.
        """
        room = self.find(room_id)
        return room, list(room.memberships.values())

    def _membership(self, room: RoomRecord, member_id: str) -> MembershipRecord:
        try:
            return room.memberships[member_id]
        except KeyError:
            raise ServiceError(
                "NotFoundException",
                f"Member {member_id} is not a member of room {room.room_id}.",
            ) from None

    def update_membership(
        self, room_id: str, member_id: str, *, role: RoomMembershipRoleType | None
    ) -> RoomMembershipDict:
        """Change a member's role, as UpdateRoomMembership does.

        Args:
            room_id: The room id.
            member_id: The member's id.
            role: The new role, or ``None`` to keep it.

        Returns:
            The membership.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown room or a
                user or bot that is not a member.
        """
        room = self.find(room_id)
        membership = self._membership(room, member_id)
        if role is not None and role != membership.role:
            membership.role = role
            membership.updated = _now()
        return self.membership_dict(room, membership)

    def delete_membership(self, room_id: str, member_id: str) -> None:
        """Remove a member from a room, as DeleteRoomMembership does.

        Args:
            room_id: The room id.
            member_id: The member's id.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown room or a
                user or bot that is not a member.
        """
        room = self.find(room_id)
        self._membership(room, member_id)
        del room.memberships[member_id]


_EXCEPTIONS: dict[str, str] = {
    "NotFound": "NotFoundException",
    "Conflict": "ConflictException",
    "BadRequest": "BadRequestException",
}
