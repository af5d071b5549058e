"""Chat rooms, their memberships and their messages, end to end through both clients."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chime_accounts import (
    UNSET,
    BadRequestError,
    ChimeAccounts,
    ChimeConnectionError,
    ConflictError,
    ErrorCode,
    MemberError,
    MembershipBatchResult,
    MembershipItem,
    MemberType,
    NotFoundError,
    ResponseParseError,
    Room,
    RoomMembership,
    RoomMembershipRole,
    ServiceFailureError,
    ThrottledError,
    ValidationError,
)
from chime_accounts.testing import Fault, LocalChime

from .conftest import NO_WAIT


@pytest.fixture
def enterprise(local_chime: LocalChime) -> str:
    """An EnterpriseOIDC account's id: rooms and bots are Enterprise account features."""
    return local_chime.add_account("Enterprise", account_type="EnterpriseOIDC")["AccountId"]


@pytest.fixture
def user(local_chime: LocalChime, enterprise: str) -> str:
    return local_chime.add_user(enterprise, "jane@example.com", display_name="Jane Doe")


@pytest.fixture
def bot(local_chime: LocalChime, enterprise: str) -> str:
    return local_chime.add_bot(enterprise, "HelpBot", domain="example.com")["BotId"]


@pytest.fixture
def room(local_chime: LocalChime, enterprise: str) -> str:
    return local_chime.add_room(enterprise, "General")["RoomId"]


def bodies(server: LocalChime, operation: str) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in server.requests if r.operation == operation]


def sent(server: LocalChime, operation: str) -> int:
    return sum(1 for r in server.requests if r.operation == operation)


class TestRooms:
    """Rooms are created, read, renamed and deleted."""

    def test_create_and_get(self, chime: ChimeAccounts, enterprise: str) -> None:
        room = chime.create_room(enterprise, name="Design Reviews")

        assert isinstance(room, Room)
        assert room.name == "Design Reviews"
        assert room.account_id == enterprise
        assert room.created_by is not None
        assert room.created_timestamp is not None
        assert room.room_id is not None
        assert chime.get_room(enterprise, room.room_id) == room

    def test_the_name_is_hidden_from_repr(self, chime: ChimeAccounts, enterprise: str) -> None:
        room = chime.create_room(enterprise, name="Merger Talks")

        for text in (repr(room), str(room), room.to_json(mask="***")):
            assert "Merger Talks" not in text
        assert room.to_dict()["Name"] == "Merger Talks"

    def test_update_renames(self, chime: ChimeAccounts, enterprise: str, room: str) -> None:
        renamed = chime.update_room(enterprise, room, name="Town Hall")

        assert renamed.name == "Town Hall"
        assert chime.get_room(enterprise, room).name == "Town Hall"

    def test_update_with_nothing_to_change_is_refused_unsent(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, room: str
    ) -> None:
        local_chime.clear_requests()

        with pytest.raises(ValidationError, match="nothing to change"):
            chime.update_room(enterprise, room, name=UNSET)

        assert local_chime.requests == []

    def test_delete(self, chime: ChimeAccounts, enterprise: str, room: str) -> None:
        chime.delete_room(enterprise, room)

        with pytest.raises(NotFoundError):
            chime.get_room(enterprise, room)
        with pytest.raises(NotFoundError):
            chime.delete_room(enterprise, room)

    def test_unknown_account_and_room(self, chime: ChimeAccounts, enterprise: str) -> None:
        with pytest.raises(NotFoundError):
            chime.get_room(enterprise, "no-such-room")
        with pytest.raises(NotFoundError):
            chime.create_room("no-such-account", name="Room")

    def test_a_team_account_has_no_rooms(self, chime: ChimeAccounts) -> None:
        team = chime.create_account("Team").account_id

        with pytest.raises(BadRequestError, match="Enterprise"):
            chime.create_room(team, name="Room")

    @pytest.mark.parametrize("name", ["", "   ", "a\x00b", None, 3])
    def test_bad_names_are_refused_unsent(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, name: object
    ) -> None:
        local_chime.clear_requests()

        with pytest.raises(ValidationError) as caught:
            chime.create_room(enterprise, name=name)  # type: ignore[arg-type]

        assert caught.value.parameter == "name"
        assert local_chime.requests == []


class TestClientRequestToken:
    """CreateRoom carries one token per call, so retries make one room."""

    def test_each_call_sends_a_token_of_its_own(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str
    ) -> None:
        chime.create_room(enterprise, name="One")
        chime.create_room(enterprise, name="Two")

        tokens = [body["ClientRequestToken"] for body in bodies(local_chime, "CreateRoom")]
        assert len(set(tokens)) == 2
        assert all(2 <= len(token) <= 64 for token in tokens)
        assert len(local_chime.rooms(enterprise)) == 2

    def test_a_failed_attempt_is_retried_with_the_same_token(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str
    ) -> None:
        local_chime.inject(Fault(operation="CreateRoom", status=500, apply=True))

        room = chime.create_room(enterprise, name="Once")

        tokens = [body["ClientRequestToken"] for body in bodies(local_chime, "CreateRoom")]
        assert len(tokens) == 2
        assert len(set(tokens)) == 1
        assert [r["RoomId"] for r in local_chime.rooms(enterprise)] == [room.room_id]

    def test_a_lost_answer_is_retried_too(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str
    ) -> None:
        local_chime.inject(Fault.drop("CreateRoom", apply=True))
        local_chime.inject(Fault.truncate(10, operation="CreateRoom"))

        room = chime.create_room(enterprise, name="Once")

        assert sent(local_chime, "CreateRoom") == 3
        assert [r["RoomId"] for r in local_chime.rooms(enterprise)] == [room.room_id]

    def test_your_own_token_makes_one_room_over_calls(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str
    ) -> None:
        first = chime.create_room(enterprise, name="Ops", client_request_token="ops-room-1")
        again = chime.create_room(enterprise, name="Ops", client_request_token="ops-room-1")

        assert again == first
        assert len(local_chime.rooms(enterprise)) == 1
        assert bodies(local_chime, "CreateRoom")[0]["ClientRequestToken"] == "ops-room-1"

    @pytest.mark.parametrize("token", ["x", "a" * 65, "has space", "dot.ted", "", 5])
    def test_bad_tokens_are_refused_unsent(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, token: object
    ) -> None:
        local_chime.clear_requests()

        with pytest.raises(ValidationError) as caught:
            chime.create_room(enterprise, name="Ops", client_request_token=token)  # type: ignore[arg-type]

        assert caught.value.parameter == "client_request_token"
        assert local_chime.requests == []


class TestCreateRoomAmbiguity:
    """When the retries run out, the error says whether the room may exist."""

    def test_server_errors_after_the_work_may_have_succeeded(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str
    ) -> None:
        local_chime.inject(Fault(operation="CreateRoom", status=500, apply=True, count=10))

        with pytest.raises(ServiceFailureError) as caught:
            chime.create_room(enterprise, name="Maybe")

        assert caught.value.may_have_succeeded
        assert "may have been carried out" in str(caught.value)
        assert sent(local_chime, "CreateRoom") == 4  # retried: the token makes it safe
        assert len(local_chime.rooms(enterprise)) == 1

    def test_dropped_connections_may_have_succeeded(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str
    ) -> None:
        local_chime.inject(Fault.drop("CreateRoom", count=10))

        with pytest.raises(ChimeConnectionError) as caught:
            chime.create_room(enterprise, name="Maybe")

        assert caught.value.may_have_succeeded

    @pytest.mark.parametrize(("status", "error"), [(429, ThrottledError), (400, BadRequestError)])
    def test_refusals_did_nothing(
        self,
        chime: ChimeAccounts,
        local_chime: LocalChime,
        enterprise: str,
        status: int,
        error: type[Exception],
    ) -> None:
        local_chime.inject(Fault.error("CreateRoom", status, count=10))

        with pytest.raises(error) as caught:
            chime.create_room(enterprise, name="No")

        assert not getattr(caught.value, "may_have_succeeded", True)
        assert "may have been carried out" not in str(caught.value)
        assert local_chime.rooms(enterprise) == []

    def test_an_unreadable_success_may_have_succeeded(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str
    ) -> None:
        body = json.dumps({"Room": {"RoomId": 7}}).encode()
        local_chime.inject(Fault.raw(body, operation="CreateRoom", status=201, apply=True))

        with pytest.raises(ResponseParseError) as caught:
            chime.create_room(enterprise, name="Unreadable")

        assert caught.value.member == "Room.RoomId"
        assert caught.value.may_have_succeeded
        assert len(local_chime.rooms(enterprise)) == 1


class TestListRooms:
    """list_rooms pages lazily, filters by member and resumes exactly."""

    def test_pages_in_creation_order(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str
    ) -> None:
        names = [f"Room {i}" for i in range(7)]
        for name in names:
            chime.create_room(enterprise, name=name)
        local_chime.clear_requests()

        rooms = list(chime.list_rooms(enterprise, page_size=3))

        assert [r.name for r in rooms] == names
        queries = [r.query for r in local_chime.requests if r.operation == "ListRooms"]
        assert len(queries) == 3
        assert all(q["max-results"] == ["3"] for q in queries)

    def test_filter_by_member(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, user: str, bot: str
    ) -> None:
        rooms = [chime.create_room(enterprise, name=f"R{i}").room_id for i in range(4)]
        for room_id in rooms[1:3]:
            assert room_id is not None
            local_chime.add_room_membership(enterprise, room_id, user)
        assert rooms[3] is not None
        local_chime.add_room_membership(enterprise, rooms[3], bot)
        local_chime.clear_requests()

        mine = [r.room_id for r in chime.list_rooms(enterprise, member_id=user, page_size=1)]

        assert mine == rooms[1:3]
        assert [r.room_id for r in chime.list_rooms(enterprise, member_id=bot)] == rooms[3:]
        queries = [r.query for r in local_chime.requests if r.operation == "ListRooms"]
        assert all(q["member-id"] == [user] for q in queries[:-1])

    @pytest.mark.parametrize("page_size", [1, 2, 5])
    def test_resume_mid_page_with_any_page_size(
        self, chime: ChimeAccounts, enterprise: str, page_size: int
    ) -> None:
        ids = [chime.create_room(enterprise, name=f"R{i}").room_id for i in range(9)]
        pager = chime.list_rooms(enterprise, page_size=4, max_items=6)
        first = [r.room_id for r in pager]

        resumed = chime.list_rooms(
            enterprise, page_size=page_size, starting_token=pager.resume_token
        )
        rest = [r.room_id for r in resumed]

        assert first + rest == ids

    @pytest.mark.parametrize("page_size", [0, 100, 200, True, "5"])
    def test_page_sizes_outside_1_to_99_are_refused(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, page_size: object
    ) -> None:
        local_chime.clear_requests()

        with pytest.raises(ValidationError) as caught:
            chime.list_rooms(enterprise, page_size=page_size)  # type: ignore[arg-type]

        assert caught.value.parameter == "page_size"
        assert local_chime.requests == []

    def test_unknown_account_fails_while_iterating(self, chime: ChimeAccounts) -> None:
        pager = chime.list_rooms("no-such-account")

        with pytest.raises(NotFoundError):
            next(iter(pager))


class TestMemberships:
    """Users and bots join rooms, change roles and leave."""

    def test_a_user_joins(
        self, chime: ChimeAccounts, enterprise: str, room: str, user: str
    ) -> None:
        membership = chime.create_room_membership(
            enterprise, room, member_id=user, role=RoomMembershipRole.ADMINISTRATOR
        )

        assert isinstance(membership, RoomMembership)
        assert membership.room_id == room
        assert membership.role is RoomMembershipRole.ADMINISTRATOR
        assert membership.member is not None
        assert membership.member.member_id == user
        assert membership.member.member_type is MemberType.USER
        assert membership.member.email == "jane@example.com"
        assert "jane@example.com" not in repr(membership)
        assert "Jane Doe" not in repr(membership)

    def test_a_bot_joins_as_member_by_default(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, room: str, bot: str
    ) -> None:
        membership = chime.create_room_membership(enterprise, room, member_id=bot)

        assert membership.role is RoomMembershipRole.MEMBER
        assert membership.member is not None
        assert membership.member.member_type is MemberType.BOT
        assert "Role" not in bodies(local_chime, "CreateRoomMembership")[0]

    def test_role_as_its_string(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, room: str, user: str
    ) -> None:
        chime.create_room_membership(enterprise, room, member_id=user, role="Administrator")

        assert bodies(local_chime, "CreateRoomMembership") == [
            {"MemberId": user, "Role": "Administrator"}
        ]

    def test_joining_twice_conflicts(
        self, chime: ChimeAccounts, enterprise: str, room: str, user: str
    ) -> None:
        chime.create_room_membership(enterprise, room, member_id=user)

        with pytest.raises(ConflictError):
            chime.create_room_membership(enterprise, room, member_id=user)

    def test_strangers_and_unknown_rooms_are_not_found(
        self, chime: ChimeAccounts, enterprise: str, room: str, user: str
    ) -> None:
        with pytest.raises(NotFoundError):
            chime.create_room_membership(enterprise, room, member_id="nobody")
        with pytest.raises(NotFoundError):
            chime.create_room_membership(enterprise, "no-such-room", member_id=user)

    def test_a_failure_after_joining_is_not_retried_and_may_have_succeeded(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, room: str, user: str
    ) -> None:
        local_chime.inject(Fault(operation="CreateRoomMembership", status=500, apply=True))

        with pytest.raises(ServiceFailureError) as caught:
            chime.create_room_membership(enterprise, room, member_id=user)

        assert caught.value.may_have_succeeded
        assert sent(local_chime, "CreateRoomMembership") == 1
        assert [
            m["Member"]["MemberId"] for m in local_chime.room_memberships(enterprise, room)
        ] == [user]

    def test_throttling_is_retried(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, room: str, user: str
    ) -> None:
        local_chime.inject(Fault.error("CreateRoomMembership", 429))

        chime.create_room_membership(enterprise, room, member_id=user)

        assert sent(local_chime, "CreateRoomMembership") == 2

    def test_update_changes_the_role(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, room: str, user: str
    ) -> None:
        local_chime.add_room_membership(enterprise, room, user)

        updated = chime.update_room_membership(
            enterprise, room, user, role=RoomMembershipRole.ADMINISTRATOR
        )

        assert updated.role is RoomMembershipRole.ADMINISTRATOR
        assert local_chime.room_memberships(enterprise, room)[0]["Role"] == "Administrator"

    def test_update_with_nothing_to_change_is_refused_unsent(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, room: str, user: str
    ) -> None:
        local_chime.clear_requests()

        with pytest.raises(ValidationError, match="nothing to change"):
            chime.update_room_membership(enterprise, room, user)

        assert local_chime.requests == []

    @pytest.mark.parametrize("role", ["Owner", "administrator", 1, None])
    def test_unknown_roles_are_refused_unsent(
        self,
        chime: ChimeAccounts,
        local_chime: LocalChime,
        enterprise: str,
        room: str,
        user: str,
        role: object,
    ) -> None:
        local_chime.clear_requests()

        with pytest.raises(ValidationError) as caught:
            chime.update_room_membership(enterprise, room, user, role=role)  # type: ignore[arg-type]

        assert caught.value.parameter == "role"
        assert local_chime.requests == []

    def test_delete_removes_the_member(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, room: str, user: str
    ) -> None:
        local_chime.add_room_membership(enterprise, room, user)

        chime.delete_room_membership(enterprise, room, user)

        assert local_chime.room_memberships(enterprise, room) == []
        with pytest.raises(NotFoundError):
            chime.delete_room_membership(enterprise, room, user)
        with pytest.raises(NotFoundError):
            chime.update_room_membership(enterprise, room, user, role="Member")


class TestListRoomMemberships:
    """list_room_memberships pages in joining order and resumes exactly."""

    def test_pages_and_resumes(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, room: str
    ) -> None:
        members = [local_chime.add_user(enterprise, f"m{i}@example.com") for i in range(7)]
        for member in members:
            local_chime.add_room_membership(enterprise, room, member)

        pager = chime.list_room_memberships(enterprise, room, page_size=3, max_items=4)
        first = [m.member.member_id for m in pager if m.member is not None]
        resumed = chime.list_room_memberships(
            enterprise, room, page_size=2, starting_token=pager.resume_token
        )
        rest = [m.member.member_id for m in resumed if m.member is not None]

        assert first + rest == members
        pages = list(chime.list_room_memberships(enterprise, room, page_size=5).pages())
        assert [len(page.items) for page in pages] == [5, 2]

    def test_unknown_room_fails_while_iterating(
        self, chime: ChimeAccounts, enterprise: str
    ) -> None:
        with pytest.raises(NotFoundError):
            list(chime.list_room_memberships(enterprise, "no-such-room"))


class TestBatchCreateRoomMembership:
    """Members are added 50 per request; failures are reported per member, never raised."""

    def test_errors_per_member(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, room: str, user: str
    ) -> None:
        second = local_chime.add_user(enterprise, "zhang@example.com")
        local_chime.add_room_membership(enterprise, room, second)

        result = chime.batch_create_room_membership(
            enterprise,
            room,
            members=[
                MembershipItem(member_id=user, role=RoomMembershipRole.ADMINISTRATOR),
                MembershipItem(member_id="nobody"),
                MembershipItem(member_id=second),
            ],
        )

        assert isinstance(result, MembershipBatchResult)
        assert not result.ok
        assert result.member_ids == (user, "nobody", second)
        assert [(e.member_id, e.error_code) for e in result.errors] == [
            ("nobody", ErrorCode.NOT_FOUND),
            (second, ErrorCode.CONFLICT),
        ]
        assert result.succeeded_member_ids == (user,)
        assert result.failed_member_ids == ("nobody", second)
        assert result.uncertain_member_ids == ()
        roles = {
            m["Member"]["MemberId"]: m["Role"]
            for m in local_chime.room_memberships(enterprise, room)
        }
        assert roles == {second: "Member", user: "Administrator"}

    def test_every_member_joins(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, room: str
    ) -> None:
        members = [local_chime.add_user(enterprise, f"u{i}@example.com") for i in range(120)]

        result = chime.batch_create_room_membership(
            enterprise, room, members=[MembershipItem(member_id=m) for m in members]
        )

        assert result.ok
        assert result.succeeded_member_ids == tuple(members)
        sizes = [
            len(b["MembershipItemList"]) for b in bodies(local_chime, "BatchCreateRoomMembership")
        ]
        assert sizes == [50, 50, 20]
        joined = [m["Member"]["MemberId"] for m in local_chime.room_memberships(enterprise, room)]
        assert joined == members

    def test_a_failed_request_is_an_error_per_member(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, room: str
    ) -> None:
        members = [local_chime.add_user(enterprise, f"u{i}@example.com") for i in range(120)]
        # Every attempt of the second request is throttled.
        attempts = NO_WAIT.max_attempts
        local_chime.inject(Fault.error("BatchCreateRoomMembership", 429, count=attempts, after=1))

        result = chime.batch_create_room_membership(
            enterprise, room, members=[MembershipItem(member_id=m) for m in members]
        )

        assert result.failed_member_ids == tuple(members[50:100])
        assert {e.error_code for e in result.errors} == {ErrorCode.THROTTLED}
        assert result.uncertain_member_ids == ()
        joined = [m["Member"]["MemberId"] for m in local_chime.room_memberships(enterprise, room)]
        assert joined == members[:50] + members[100:]

    def test_a_request_that_may_have_been_carried_out_is_not_retried(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, room: str
    ) -> None:
        members = [local_chime.add_user(enterprise, f"u{i}@example.com") for i in range(60)]
        local_chime.inject(Fault(operation="BatchCreateRoomMembership", status=500, apply=True))

        result = chime.batch_create_room_membership(
            enterprise, room, members=[MembershipItem(member_id=m) for m in members]
        )

        assert sent(local_chime, "BatchCreateRoomMembership") == 2
        assert result.failed_member_ids == tuple(members[:50])
        assert result.uncertain_member_ids == tuple(members[:50])
        assert {e.error_code for e in result.errors} == {ErrorCode.SERVICE_FAILURE}
        assert all("may have been carried out" in str(e.error_message) for e in result.errors)
        assert len(local_chime.room_memberships(enterprise, room)) == 60

    def test_an_unknown_room_fails_for_every_member(
        self, chime: ChimeAccounts, enterprise: str, user: str
    ) -> None:
        result = chime.batch_create_room_membership(
            enterprise, "no-such-room", members=[MembershipItem(member_id=user)]
        )

        assert result.errors == (
            MemberError(
                member_id=user,
                error_code=ErrorCode.NOT_FOUND,
                error_message=result.errors[0].error_message,
            ),
        )

    def test_no_members_sends_nothing(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, room: str
    ) -> None:
        local_chime.clear_requests()

        result = chime.batch_create_room_membership(enterprise, room, members=[])

        assert result.ok
        assert result.member_ids == ()
        assert local_chime.requests == []

    @pytest.mark.parametrize(
        ("members", "parameter"),
        [
            ("u1", "members"),
            ([MembershipItem()], "members[0].member_id"),
            (
                [MembershipItem(member_id="ok"), MembershipItem(member_id=" ")],
                "members[1].member_id",
            ),
            ([MembershipItem(member_id="ok", role="Owner")], "members[0].role"),  # type: ignore[arg-type]
            (["u1"], "members[0]"),
        ],
    )
    def test_bad_input_is_refused_before_any_request(
        self,
        chime: ChimeAccounts,
        local_chime: LocalChime,
        enterprise: str,
        room: str,
        members: object,
        parameter: str,
    ) -> None:
        local_chime.clear_requests()

        with pytest.raises(ValidationError) as caught:
            chime.batch_create_room_membership(enterprise, room, members=members)  # type: ignore[arg-type]

        assert caught.value.parameter == parameter
        assert local_chime.requests == []


class TestRedactRoomMessage:
    """A room's message is redacted, and redacting it again is harmless."""

    def test_redact_twice(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, room: str
    ) -> None:
        message = local_chime.add_message(enterprise, "secret plans", room_id=room)
        kept = local_chime.add_message(enterprise, "hello", room_id=room)

        chime.redact_room_message(enterprise, room, message)
        chime.redact_room_message(enterprise, room, message)

        contents = {
            m["MessageId"]: (m["Content"], m["Redacted"]) for m in local_chime.messages(enterprise)
        }
        assert contents == {message: ("", True), kept: ("hello", False)}

    def test_a_message_of_another_room_is_not_found(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, room: str
    ) -> None:
        other = local_chime.add_room(enterprise, "Other")["RoomId"]
        message = local_chime.add_message(enterprise, "x", room_id=other)

        with pytest.raises(NotFoundError):
            chime.redact_room_message(enterprise, room, message)

    def test_retried_after_a_server_error(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, room: str
    ) -> None:
        message = local_chime.add_message(enterprise, "typo", room_id=room)
        local_chime.inject(Fault(operation="RedactRoomMessage", status=500, apply=True))

        chime.redact_room_message(enterprise, room, message)

        assert sent(local_chime, "RedactRoomMessage") == 2
        assert local_chime.messages(enterprise)[0]["Redacted"] is True

    @pytest.mark.parametrize(
        ("arguments", "parameter"),
        [
            (("a", "", "m"), "room_id"),
            (("a", "r", " "), "message_id"),
            ((None, "r", "m"), "account_id"),
        ],
    )
    def test_bad_ids_are_refused_unsent(
        self,
        chime: ChimeAccounts,
        local_chime: LocalChime,
        arguments: tuple[Any, Any, Any],
        parameter: str,
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            chime.redact_room_message(*arguments)

        assert caught.value.parameter == parameter
        assert local_chime.requests == []
