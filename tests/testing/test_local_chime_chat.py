"""The rest of an account through real boto3 clients: rooms, bots, retention, phone numbers."""

from __future__ import annotations

import hashlib
import http.client
import json
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from chime_accounts.testing import LocalChime
from chime_accounts.testing._responses import OPERATIONS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from botocore.model import ServiceModel

NO_RETRY = Config(retries={"total_max_attempts": 1})
# boto3's answer TypedDicts make every member optional, and these tests read the members
# they check, so the clients are untyped here.
Client = Any
ACCOUNT_AND_USER_OPERATIONS = {
    "CreateAccount", "GetAccount", "ListAccounts", "UpdateAccount", "DeleteAccount",
    "GetAccountSettings", "UpdateAccountSettings", "AssociateSigninDelegateGroupsWithAccount",
    "DisassociateSigninDelegateGroupsFromAccount", "CreateUser", "GetUser", "UpdateUser",
    "ResetPersonalPIN", "LogoutUser", "ListUsers", "InviteUsers", "BatchSuspendUser",
    "BatchUnsuspendUser", "BatchUpdateUser", "GetUserSettings", "UpdateUserSettings",
}  # fmt: skip
CHAT_OPERATIONS = {
    "CreateRoom", "GetRoom", "ListRooms", "UpdateRoom", "DeleteRoom", "CreateRoomMembership",
    "BatchCreateRoomMembership", "ListRoomMemberships", "UpdateRoomMembership",
    "DeleteRoomMembership", "CreateBot", "GetBot", "ListBots", "UpdateBot",
    "RegenerateSecurityToken", "GetEventsConfiguration", "PutEventsConfiguration",
    "DeleteEventsConfiguration", "GetRetentionSettings", "PutRetentionSettings",
    "RedactConversationMessage", "RedactRoomMessage",
}  # fmt: skip
OTHER_OPERATIONS = {
    "AssociatePhoneNumberWithUser",
    "DisassociatePhoneNumberFromUser",
    "GetGlobalSettings",
    "UpdateGlobalSettings",
}


ENTERPRISE_CALLS: list[Callable[[Client, str], object]] = [
    lambda c, a: c.create_room(AccountId=a, Name="r"),
    lambda c, a: c.list_rooms(AccountId=a),
    lambda c, a: c.create_bot(AccountId=a, DisplayName="b"),
    lambda c, a: c.list_bots(AccountId=a),
    lambda c, a: c.get_retention_settings(AccountId=a),
    lambda c, a: c.put_retention_settings(
        AccountId=a, RetentionSettings={"RoomRetentionSettings": {"RetentionDays": 1}}
    ),
]


def error_code(exc: pytest.ExceptionInfo[ClientError]) -> str | None:
    return exc.value.response.get("Error", {}).get("Code")


def http_status(exc: pytest.ExceptionInfo[ClientError]) -> int | None:
    return exc.value.response.get("ResponseMetadata", {}).get("HTTPStatusCode")


def fails(exc: pytest.ExceptionInfo[ClientError]) -> tuple[int | None, str | None]:
    return http_status(exc), error_code(exc)


def each_fails(expected: tuple[int, str], *calls: Callable[[], object]) -> None:
    for call in calls:
        with pytest.raises(ClientError) as exc:
            call()
        assert fails(exc) == expected


@pytest.fixture(scope="module")
def chime_model() -> ServiceModel:
    return botocore.session.get_session().get_service_model("chime")


@pytest.fixture
def server() -> Iterator[LocalChime]:
    with LocalChime() as chime_server:
        yield chime_server


@pytest.fixture
def client(server: LocalChime) -> Client:
    return server.client(NO_RETRY)


@pytest.fixture
def lenient(server: LocalChime) -> Client:
    """A client that skips botocore's own parameter validation."""
    return server.client(Config(parameter_validation=False, retries={"total_max_attempts": 1}))


@pytest.fixture
def account(server: LocalChime) -> str:
    return server.add_account("Enterprise Co", account_type="EnterpriseOIDC")["AccountId"]


@pytest.fixture
def team(server: LocalChime) -> str:
    return server.add_account("Team Co")["AccountId"]


@pytest.fixture
def user(server: LocalChime, account: str) -> str:
    return server.add_user(account, "janed@example.com", display_name="Jane Doe")


@pytest.fixture
def room(server: LocalChime, account: str) -> str:
    return server.add_room(account, "chatRoom")["RoomId"]


@pytest.fixture
def bot(server: LocalChime, account: str) -> str:
    return server.add_bot(account, "myBot", domain="example.com")["BotId"]


class TestRoutes:
    """Each new operation is routed as botocore's model says."""

    def test_serves_every_operation_exactly(self) -> None:
        assert set(OPERATIONS) == ACCOUNT_AND_USER_OPERATIONS | CHAT_OPERATIONS | OTHER_OPERATIONS
        assert len(OPERATIONS) == len(set(OPERATIONS))

    @pytest.mark.parametrize("operation", sorted(CHAT_OPERATIONS | OTHER_OPERATIONS))
    def test_the_models_uri_reaches_the_operation(
        self, chime_model: ServiceModel, server: LocalChime, account: str, operation: str
    ) -> None:
        spec = chime_model.operation_model(operation).http
        path = spec["requestUri"]
        for label in ("accountId", "userId", "roomId", "botId", "memberId", "conversationId"):
            path = path.replace("{" + label + "}", "x")
        path = path.replace("{messageId}", "m").replace("/accounts/x", f"/accounts/{account}")
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        try:
            conn.request(spec["method"], path, body=b"{}")
            conn.getresponse().read()
        finally:
            conn.close()
        assert server.requests[-1].operation == operation


class TestEnterpriseOnly:
    """Rooms, bots and retention are Enterprise account features, as AWS's reference says."""

    @pytest.mark.parametrize("call", ENTERPRISE_CALLS)
    def test_a_team_account_is_refused(
        self, client: Client, team: str, call: Callable[[Client, str], object]
    ) -> None:
        with pytest.raises(ClientError) as exc:
            call(client, team)
        assert fails(exc) == (400, "BadRequestException")
        assert "Enterprise" in str(exc.value)

    @pytest.mark.parametrize(
        "account_type", ["EnterpriseLWA", "EnterpriseOIDC", "EnterpriseDirectory"]
    )
    def test_every_enterprise_type_has_rooms(
        self, server: LocalChime, client: Client, account_type: Any
    ) -> None:
        account = server.add_account("E", account_type=account_type)["AccountId"]
        client.create_room(AccountId=account, Name="r")
        assert [r["Name"] for r in server.rooms(account)] == ["r"]

    def test_unknown_accounts_are_404(self, client: Client) -> None:
        with pytest.raises(ClientError) as exc:
            client.create_room(AccountId="nope", Name="r")
        assert fails(exc) == (404, "NotFoundException")


class TestRooms:
    """CreateRoom, GetRoom, ListRooms, UpdateRoom and DeleteRoom."""

    def test_create_answers_the_room(self, client: Client, account: str) -> None:
        resp = client.create_room(AccountId=account, Name="chatRoom")
        room = resp["Room"]
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
        assert room == {
            "RoomId": room["RoomId"],
            "Name": "chatRoom",
            "AccountId": account,
            "CreatedBy": "arn:aws:iam::123456789012:user/admin",
            "CreatedTimestamp": room["CreatedTimestamp"],
            "UpdatedTimestamp": room["CreatedTimestamp"],
        }
        assert abs(datetime.now(timezone.utc) - room["CreatedTimestamp"]).total_seconds() < 600
        assert client.get_room(AccountId=account, RoomId=room["RoomId"])["Room"] == room

    def test_a_repeated_request_token_makes_one_room(
        self, server: LocalChime, client: Client, account: str
    ) -> None:
        first = client.create_room(AccountId=account, Name="r", ClientRequestToken="token-1")
        again = client.create_room(AccountId=account, Name="r", ClientRequestToken="token-1")
        other = client.create_room(AccountId=account, Name="r", ClientRequestToken="token-2")
        assert first["Room"] == again["Room"]
        assert other["Room"]["RoomId"] != first["Room"]["RoomId"]
        assert len(server.rooms(account)) == 2

    def test_boto3_sends_a_fresh_token_per_call(
        self, server: LocalChime, client: Client, account: str
    ) -> None:
        client.create_room(AccountId=account, Name="r")
        client.create_room(AccountId=account, Name="r")
        assert len(server.rooms(account)) == 2

    @pytest.mark.parametrize("token", ["x", "a" * 65])
    def test_a_malformed_request_token_is_400(
        self, lenient: Client, account: str, token: str
    ) -> None:
        with pytest.raises(ClientError) as exc:
            lenient.create_room(AccountId=account, Name="r", ClientRequestToken=token)
        assert fails(exc) == (400, "BadRequestException")

    def test_a_name_is_required(self, lenient: Client, account: str) -> None:
        with pytest.raises(ClientError) as exc:
            lenient.create_room(AccountId=account)
        assert fails(exc) == (400, "BadRequestException")

    def test_unknown_room_is_404(self, client: Client, account: str) -> None:
        each_fails(
            (404, "NotFoundException"),
            lambda: client.get_room(AccountId=account, RoomId="nope"),
            lambda: client.update_room(AccountId=account, RoomId="nope", Name="x"),
            lambda: client.delete_room(AccountId=account, RoomId="nope"),
        )

    def test_update_renames(self, client: Client, account: str, room: str) -> None:
        before = client.get_room(AccountId=account, RoomId=room)["Room"]
        after = client.update_room(AccountId=account, RoomId=room, Name="teamRoom")["Room"]
        assert after["Name"] == "teamRoom"
        assert after["UpdatedTimestamp"] >= before["UpdatedTimestamp"]
        assert after["CreatedTimestamp"] == before["CreatedTimestamp"]
        assert client.get_room(AccountId=account, RoomId=room)["Room"] == after

    def test_update_without_a_name_changes_nothing(
        self, client: Client, account: str, room: str
    ) -> None:
        before = client.get_room(AccountId=account, RoomId=room)["Room"]
        assert client.update_room(AccountId=account, RoomId=room)["Room"] == before

    def test_a_deleted_room_is_gone(
        self, server: LocalChime, client: Client, account: str, room: str
    ) -> None:
        resp = client.delete_room(AccountId=account, RoomId=room)
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
        with pytest.raises(ClientError) as exc:
            client.get_room(AccountId=account, RoomId=room)
        assert fails(exc) == (404, "NotFoundException")
        assert client.list_rooms(AccountId=account)["Rooms"] == []
        assert server.rooms(account) == []

    def test_rooms_belong_to_their_account(
        self, server: LocalChime, client: Client, account: str, room: str
    ) -> None:
        other = server.add_account("Other", account_type="EnterpriseLWA")["AccountId"]
        with pytest.raises(ClientError) as exc:
            client.get_room(AccountId=other, RoomId=room)
        assert fails(exc) == (404, "NotFoundException")

    def test_list_pages_with_opaque_tokens(
        self, server: LocalChime, client: Client, account: str
    ) -> None:
        made = [server.add_room(account, f"room {i}")["RoomId"] for i in range(5)]
        first = client.list_rooms(AccountId=account, MaxResults=2)
        token = first.get("NextToken")
        assert token is not None
        assert made[1] not in token
        second = client.list_rooms(AccountId=account, MaxResults=2, NextToken=token)
        third = client.list_rooms(
            AccountId=account, MaxResults=2, NextToken=second.get("NextToken", "")
        )
        seen = [r["RoomId"] for page in (first, second, third) for r in page["Rooms"]]
        assert seen == made
        assert "NextToken" not in third

    def test_a_token_of_another_listing_is_400(
        self, server: LocalChime, client: Client, account: str, user: str
    ) -> None:
        for i in range(3):
            server.add_room(account, f"room {i}")
        token = client.list_rooms(AccountId=account, MaxResults=1).get("NextToken", "")
        with pytest.raises(ClientError) as exc:
            client.list_rooms(AccountId=account, MemberId=user, NextToken=token)
        assert fails(exc) == (400, "BadRequestException")

    @pytest.mark.parametrize("size", [0, 100])
    def test_max_results_outside_the_model_is_400(
        self, lenient: Client, account: str, size: int
    ) -> None:
        with pytest.raises(ClientError) as exc:
            lenient.list_rooms(AccountId=account, MaxResults=size)
        assert fails(exc) == (400, "BadRequestException")

    def test_list_filters_by_member(
        self, server: LocalChime, client: Client, account: str, user: str, bot: str
    ) -> None:
        with_user = server.add_room(account, "with user")["RoomId"]
        with_bot = server.add_room(account, "with bot")["RoomId"]
        server.add_room(account, "empty")
        server.add_room_membership(account, with_user, user)
        server.add_room_membership(account, with_bot, bot)
        by_user = client.list_rooms(AccountId=account, MemberId=user)["Rooms"]
        by_bot = client.list_rooms(AccountId=account, MemberId=bot)["Rooms"]
        assert [r["RoomId"] for r in by_user] == [with_user]
        assert [r["RoomId"] for r in by_bot] == [with_bot]
        assert client.list_rooms(AccountId=account, MemberId="nobody")["Rooms"] == []
        assert len(client.list_rooms(AccountId=account)["Rooms"]) == 3


class TestRoomMemberships:
    """CreateRoomMembership, BatchCreateRoomMembership, List-, Update- and DeleteRoomMembership."""

    def test_a_user_joins_as_member(
        self, client: Client, account: str, room: str, user: str
    ) -> None:
        resp = client.create_room_membership(AccountId=account, RoomId=room, MemberId=user)
        membership = resp["RoomMembership"]
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
        assert membership == {
            "RoomId": room,
            "Member": {
                "MemberId": user,
                "MemberType": "User",
                "Email": "janed@example.com",
                "FullName": "Jane Doe",
                "AccountId": account,
            },
            "Role": "Member",
            "InvitedBy": "arn:aws:iam::123456789012:user/admin",
            "UpdatedTimestamp": membership["UpdatedTimestamp"],
        }

    def test_a_bot_joins_as_bot(self, client: Client, account: str, room: str, bot: str) -> None:
        membership = client.create_room_membership(
            AccountId=account, RoomId=room, MemberId=bot, Role="Administrator"
        )["RoomMembership"]
        assert membership["Role"] == "Administrator"
        assert membership["Member"] == {
            "MemberId": bot,
            "MemberType": "Bot",
            "Email": "myBot-chimebot@example.com",
            "FullName": "myBot (Bot)",
            "AccountId": account,
        }

    def test_joining_twice_is_409(self, client: Client, account: str, room: str, user: str) -> None:
        client.create_room_membership(AccountId=account, RoomId=room, MemberId=user)
        with pytest.raises(ClientError) as exc:
            client.create_room_membership(AccountId=account, RoomId=room, MemberId=user)
        assert fails(exc) == (409, "ConflictException")

    def test_members_must_belong_to_the_account(
        self, server: LocalChime, client: Client, account: str, room: str
    ) -> None:
        other = server.add_account("Other", account_type="EnterpriseLWA")["AccountId"]
        stranger = server.add_user(other, "stranger@example.com")
        for member in ("nobody", stranger):
            with pytest.raises(ClientError) as exc:
                client.create_room_membership(AccountId=account, RoomId=room, MemberId=member)
            assert fails(exc) == (404, "NotFoundException")
        assert server.room_memberships(account, room) == []

    def test_a_stopped_bot_cannot_join(
        self, client: Client, account: str, room: str, bot: str
    ) -> None:
        client.update_bot(AccountId=account, BotId=bot, Disabled=True)
        with pytest.raises(ClientError) as exc:
            client.create_room_membership(AccountId=account, RoomId=room, MemberId=bot)
        assert fails(exc) == (400, "BadRequestException")

    def test_a_stopped_bot_can_be_removed(
        self, server: LocalChime, client: Client, account: str, room: str, bot: str
    ) -> None:
        server.add_room_membership(account, room, bot)
        client.update_bot(AccountId=account, BotId=bot, Disabled=True)
        client.delete_room_membership(AccountId=account, RoomId=room, MemberId=bot)
        assert server.room_memberships(account, room) == []

    def test_unknown_room_is_404(self, client: Client, account: str, user: str) -> None:
        with pytest.raises(ClientError) as exc:
            client.create_room_membership(AccountId=account, RoomId="nope", MemberId=user)
        assert fails(exc) == (404, "NotFoundException")

    def test_an_invalid_role_is_400(
        self, lenient: Client, account: str, room: str, user: str
    ) -> None:
        with pytest.raises(ClientError) as exc:
            lenient.create_room_membership(
                AccountId=account,
                RoomId=room,
                MemberId=user,
                Role="Owner",
            )
        assert fails(exc) == (400, "BadRequestException")

    def test_batch_reports_errors_per_member(
        self, server: LocalChime, client: Client, account: str, room: str, user: str, bot: str
    ) -> None:
        second = server.add_user(account, "zhangw@example.com", display_name="Zhang Wei")
        stopped = server.add_bot(account, "OldBot", disabled=True)["BotId"]
        server.add_room_membership(account, room, second)
        resp = client.batch_create_room_membership(
            AccountId=account,
            RoomId=room,
            MembershipItemList=[
                {"MemberId": user, "Role": "Administrator"},
                {"MemberId": "nobody"},
                {"MemberId": second},
                {"MemberId": stopped},
                {"MemberId": bot},
                {"MemberId": bot},
            ],
        )
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
        assert [(e.get("MemberId"), e.get("ErrorCode")) for e in resp["Errors"]] == [
            ("nobody", "NotFound"),
            (second, "Conflict"),
            (stopped, "BadRequest"),
            (bot, "Conflict"),
        ]
        roles = {m["Member"]["MemberId"]: m["Role"] for m in server.room_memberships(account, room)}
        assert roles == {second: "Member", user: "Administrator", bot: "Member"}

    def test_batch_with_no_errors_answers_an_empty_list(
        self, client: Client, account: str, room: str, user: str
    ) -> None:
        resp = client.batch_create_room_membership(
            AccountId=account, RoomId=room, MembershipItemList=[{"MemberId": user}]
        )
        assert resp["Errors"] == []

    def test_batch_takes_at_most_50_items(self, lenient: Client, account: str, room: str) -> None:
        items: Any = [{"MemberId": f"m{i}"} for i in range(51)]
        with pytest.raises(ClientError) as exc:
            lenient.batch_create_room_membership(
                AccountId=account, RoomId=room, MembershipItemList=items
            )
        assert fails(exc) == (400, "BadRequestException")

    def test_batch_into_an_unknown_room_is_404(
        self, client: Client, account: str, user: str
    ) -> None:
        with pytest.raises(ClientError) as exc:
            client.batch_create_room_membership(
                AccountId=account, RoomId="nope", MembershipItemList=[{"MemberId": user}]
            )
        assert fails(exc) == (404, "NotFoundException")

    def test_list_pages_in_joining_order(
        self, server: LocalChime, client: Client, account: str, room: str
    ) -> None:
        members = [server.add_user(account, f"u{i}@example.com") for i in range(5)]
        for member in members:
            server.add_room_membership(account, room, member)
        seen: list[str] = []
        token = None
        while True:
            kwargs: dict[str, Any] = {"NextToken": token} if token else {}
            page = client.list_room_memberships(
                AccountId=account, RoomId=room, MaxResults=2, **kwargs
            )
            seen += [m["Member"]["MemberId"] for m in page["RoomMemberships"]]
            token = page.get("NextToken")
            if token is None:
                break
        assert seen == members

    def test_list_of_an_unknown_room_is_404(self, client: Client, account: str) -> None:
        with pytest.raises(ClientError) as exc:
            client.list_room_memberships(AccountId=account, RoomId="nope")
        assert fails(exc) == (404, "NotFoundException")

    def test_update_changes_the_role(
        self, server: LocalChime, client: Client, account: str, room: str, user: str
    ) -> None:
        server.add_room_membership(account, room, user)
        updated = client.update_room_membership(
            AccountId=account, RoomId=room, MemberId=user, Role="Administrator"
        )["RoomMembership"]
        assert updated["Role"] == "Administrator"
        listed = client.list_room_memberships(AccountId=account, RoomId=room)["RoomMemberships"]
        assert [m["Role"] for m in listed] == ["Administrator"]
        back = client.update_room_membership(
            AccountId=account, RoomId=room, MemberId=user, Role="Member"
        )["RoomMembership"]
        assert back["Role"] == "Member"

    def test_update_or_delete_of_a_non_member_is_404(
        self, client: Client, account: str, room: str, user: str
    ) -> None:
        each_fails(
            (404, "NotFoundException"),
            lambda: client.update_room_membership(
                AccountId=account, RoomId=room, MemberId=user, Role="Member"
            ),
            lambda: client.delete_room_membership(AccountId=account, RoomId=room, MemberId=user),
        )

    def test_delete_removes_the_member(
        self, server: LocalChime, client: Client, account: str, room: str, user: str
    ) -> None:
        server.add_room_membership(account, room, user)
        resp = client.delete_room_membership(AccountId=account, RoomId=room, MemberId=user)
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
        assert client.list_room_memberships(AccountId=account, RoomId=room)["RoomMemberships"] == []
        assert client.list_rooms(AccountId=account, MemberId=user)["Rooms"] == []
        client.create_room_membership(AccountId=account, RoomId=room, MemberId=user)


class TestBots:
    """CreateBot, GetBot, ListBots, UpdateBot and RegenerateSecurityToken."""

    def test_create_answers_the_bot(self, client: Client, account: str) -> None:
        resp = client.create_bot(AccountId=account, DisplayName="myBot", Domain="example.com")
        bot = resp["Bot"]
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
        assert bot == {
            "BotId": bot["BotId"],
            "UserId": bot["BotId"],
            "DisplayName": "myBot (Bot)",
            "BotType": "ChatBot",
            "Disabled": False,
            "CreatedTimestamp": bot["CreatedTimestamp"],
            "UpdatedTimestamp": bot["CreatedTimestamp"],
            "BotEmail": "myBot-chimebot@example.com",
            "SecurityToken": bot["SecurityToken"],
        }
        assert len(bot["SecurityToken"]) == 40
        assert client.get_bot(AccountId=account, BotId=bot["BotId"])["Bot"] == bot

    def test_without_a_domain_the_email_uses_example_com(
        self, client: Client, account: str
    ) -> None:
        bot = client.create_bot(AccountId=account, DisplayName="Help Desk")["Bot"]
        assert bot.get("BotEmail") == "HelpDesk-chimebot@example.com"
        assert bot.get("DisplayName") == "Help Desk (Bot)"

    def test_an_account_has_at_most_ten_bots(self, client: Client, account: str) -> None:
        for i in range(10):
            client.create_bot(AccountId=account, DisplayName=f"bot{i}")
        with pytest.raises(ClientError) as exc:
            client.create_bot(AccountId=account, DisplayName="eleventh")
        assert fails(exc) == (400, "ResourceLimitExceededException")

    @pytest.mark.parametrize("fields", [{}, {"DisplayName": "b", "Domain": " "}])
    def test_bad_input_is_400(self, lenient: Client, account: str, fields: dict[str, Any]) -> None:
        with pytest.raises(ClientError) as exc:
            lenient.create_bot(AccountId=account, **fields)
        assert fails(exc) == (400, "BadRequestException")

    def test_a_blank_display_name_is_400(self, client: Client, account: str) -> None:
        with pytest.raises(ClientError) as exc:
            client.create_bot(AccountId=account, DisplayName="  ")
        assert fails(exc) == (400, "BadRequestException")

    def test_unknown_bot_is_404(self, client: Client, account: str) -> None:
        each_fails(
            (404, "NotFoundException"),
            lambda: client.get_bot(AccountId=account, BotId="nope"),
            lambda: client.update_bot(AccountId=account, BotId="nope", Disabled=True),
            lambda: client.regenerate_security_token(AccountId=account, BotId="nope"),
        )

    def test_disabled_reads_back(self, client: Client, account: str, bot: str) -> None:
        stopped = client.update_bot(AccountId=account, BotId=bot, Disabled=True)["Bot"]
        assert stopped["Disabled"] is True
        assert client.get_bot(AccountId=account, BotId=bot)["Bot"]["Disabled"] is True
        assert client.list_bots(AccountId=account)["Bots"][0]["Disabled"] is True
        started = client.update_bot(AccountId=account, BotId=bot, Disabled=False)["Bot"]
        assert started["Disabled"] is False
        assert started["UpdatedTimestamp"] >= stopped["UpdatedTimestamp"]

    def test_a_regenerated_token_differs_and_sticks(
        self, client: Client, account: str, bot: str
    ) -> None:
        before = client.get_bot(AccountId=account, BotId=bot)["Bot"]["SecurityToken"]
        after = client.regenerate_security_token(AccountId=account, BotId=bot)["Bot"]
        assert after["SecurityToken"] != before
        assert (
            client.get_bot(AccountId=account, BotId=bot)["Bot"]["SecurityToken"]
            == (after["SecurityToken"])
        )

    def test_list_pages(self, server: LocalChime, client: Client, account: str) -> None:
        made = [server.add_bot(account, f"bot{i}")["BotId"] for i in range(3)]
        first = client.list_bots(AccountId=account, MaxResults=2)
        second = client.list_bots(
            AccountId=account, MaxResults=2, NextToken=first.get("NextToken", "")
        )
        assert [b["BotId"] for b in first["Bots"] + second["Bots"]] == made
        assert "NextToken" not in second


class TestEventsConfiguration:
    """Get-, Put- and DeleteEventsConfiguration of a bot."""

    def test_put_then_get(self, client: Client, account: str, bot: str) -> None:
        resp = client.put_events_configuration(
            AccountId=account, BotId=bot, OutboundEventsHTTPSEndpoint="https://bot.example.com/e"
        )
        expected = {"BotId": bot, "OutboundEventsHTTPSEndpoint": "https://bot.example.com/e"}
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 201
        assert resp["EventsConfiguration"] == expected
        got = client.get_events_configuration(AccountId=account, BotId=bot)
        assert got["EventsConfiguration"] == expected

    def test_a_put_replaces_the_target(
        self, server: LocalChime, client: Client, account: str, bot: str
    ) -> None:
        arn = "arn:aws:lambda:us-east-1:123456789012:function:bot"
        client.put_events_configuration(
            AccountId=account, BotId=bot, OutboundEventsHTTPSEndpoint="https://bot.example.com/e"
        )
        client.put_events_configuration(AccountId=account, BotId=bot, LambdaFunctionArn=arn)
        assert server.events_configuration(account, bot) == {"BotId": bot, "LambdaFunctionArn": arn}

    @pytest.mark.parametrize(
        "targets",
        [
            {},
            {
                "OutboundEventsHTTPSEndpoint": "https://bot.example.com",
                "LambdaFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f",
            },
            {"OutboundEventsHTTPSEndpoint": "http://bot.example.com"},
            {"LambdaFunctionArn": "arn:aws:sns:us-east-1:123456789012:topic"},
        ],
    )
    def test_one_valid_target_is_required(
        self, client: Client, account: str, bot: str, targets: dict[str, str]
    ) -> None:
        with pytest.raises(ClientError) as exc:
            client.put_events_configuration(AccountId=account, BotId=bot, **targets)
        assert fails(exc) == (400, "BadRequestException")

    def test_a_bot_without_one_is_404(self, client: Client, account: str, bot: str) -> None:
        with pytest.raises(ClientError) as exc:
            client.get_events_configuration(AccountId=account, BotId=bot)
        assert fails(exc) == (404, "NotFoundException")

    def test_delete_removes_it_and_may_repeat(
        self, server: LocalChime, client: Client, account: str, bot: str
    ) -> None:
        client.put_events_configuration(
            AccountId=account, BotId=bot, OutboundEventsHTTPSEndpoint="https://bot.example.com/e"
        )
        for _ in range(2):
            resp = client.delete_events_configuration(AccountId=account, BotId=bot)
            assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
        assert server.events_configuration(account, bot) is None

    def test_unknown_bot_is_404(self, client: Client, account: str) -> None:
        each_fails(
            (404, "NotFoundException"),
            lambda: client.get_events_configuration(AccountId=account, BotId="nope"),
            lambda: client.delete_events_configuration(AccountId=account, BotId="nope"),
            lambda: client.put_events_configuration(
                AccountId=account, BotId="nope", OutboundEventsHTTPSEndpoint="https://x.example"
            ),
        )


class TestRetentionSettings:
    """Get- and PutRetentionSettings."""

    def test_retention_is_off_at_first(self, client: Client, account: str) -> None:
        got = client.get_retention_settings(AccountId=account)
        assert got["RetentionSettings"] == {}
        assert "InitiateDeletionTimestamp" not in got

    def test_put_then_get(self, client: Client, account: str) -> None:
        resp = client.put_retention_settings(
            AccountId=account,
            RetentionSettings={
                "RoomRetentionSettings": {"RetentionDays": 30},
                "ConversationRetentionSettings": {"RetentionDays": 5475},
            },
        )
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
        got = client.get_retention_settings(AccountId=account)
        assert got["RetentionSettings"] == {
            "RoomRetentionSettings": {"RetentionDays": 30},
            "ConversationRetentionSettings": {"RetentionDays": 5475},
        }
        assert "InitiateDeletionTimestamp" in got

    def test_leaving_out_the_days_turns_retention_off(
        self, server: LocalChime, client: Client, account: str
    ) -> None:
        client.put_retention_settings(
            AccountId=account,
            RetentionSettings={
                "RoomRetentionSettings": {"RetentionDays": 30},
                "ConversationRetentionSettings": {"RetentionDays": 60},
            },
        )
        client.put_retention_settings(
            AccountId=account,
            RetentionSettings={
                "RoomRetentionSettings": {},
                "ConversationRetentionSettings": {"RetentionDays": 90},
            },
        )
        assert server.retention_settings(account)["RetentionSettings"] == {
            "ConversationRetentionSettings": {"RetentionDays": 90}
        }
        client.put_retention_settings(AccountId=account, RetentionSettings={})
        assert server.retention_settings(account) == {"RetentionSettings": {}}

    @pytest.mark.parametrize("days", [0, 5476])
    def test_days_outside_the_model_are_400(self, lenient: Client, account: str, days: int) -> None:
        with pytest.raises(ClientError) as exc:
            lenient.put_retention_settings(
                AccountId=account,
                RetentionSettings={"RoomRetentionSettings": {"RetentionDays": days}},
            )
        assert fails(exc) == (400, "BadRequestException")

    def test_the_settings_are_required(self, lenient: Client, account: str) -> None:
        with pytest.raises(ClientError) as exc:
            lenient.put_retention_settings(AccountId=account)
        assert fails(exc) == (400, "BadRequestException")


class TestPhoneNumbers:
    """AssociatePhoneNumberWithUser and DisassociatePhoneNumberFromUser."""

    def test_the_users_primary_number_changes(
        self, server: LocalChime, client: Client, account: str, user: str
    ) -> None:
        resp = client.associate_phone_number_with_user(
            AccountId=account, UserId=user, E164PhoneNumber="+12065550100"
        )
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
        got = client.get_user(AccountId=account, UserId=user)["User"]
        assert got.get("PrimaryProvisionedNumber") == "+12065550100"
        listed = client.list_users(AccountId=account)["Users"]
        assert [u.get("PrimaryProvisionedNumber") for u in listed] == ["+12065550100"]
        client.associate_phone_number_with_user(
            AccountId=account, UserId=user, E164PhoneNumber="12065550199"
        )
        assert server.users(account)[0].get("PrimaryProvisionedNumber") == "+12065550199"
        client.disassociate_phone_number_from_user(AccountId=account, UserId=user)
        assert "PrimaryProvisionedNumber" not in server.users(account)[0]

    def test_a_number_has_one_user(
        self, server: LocalChime, client: Client, account: str, user: str, team: str
    ) -> None:
        other = server.add_user(team, "other@example.com")
        client.associate_phone_number_with_user(
            AccountId=account, UserId=user, E164PhoneNumber="+12065550100"
        )
        with pytest.raises(ClientError) as exc:
            client.associate_phone_number_with_user(
                AccountId=team, UserId=other, E164PhoneNumber="12065550100"
            )
        assert fails(exc) == (400, "BadRequestException")
        client.associate_phone_number_with_user(
            AccountId=account, UserId=user, E164PhoneNumber="+12065550100"
        )
        client.disassociate_phone_number_from_user(AccountId=account, UserId=user)
        client.associate_phone_number_with_user(
            AccountId=team, UserId=other, E164PhoneNumber="+12065550100"
        )

    def test_disassociating_a_user_without_a_number_succeeds(
        self, client: Client, account: str, user: str
    ) -> None:
        client.disassociate_phone_number_from_user(AccountId=account, UserId=user)

    @pytest.mark.parametrize("number", ["+0123", "2065550100x", "+1234567890123456", ""])
    def test_a_number_outside_e164_is_400(
        self, lenient: Client, account: str, user: str, number: str
    ) -> None:
        with pytest.raises(ClientError) as exc:
            lenient.associate_phone_number_with_user(
                AccountId=account, UserId=user, E164PhoneNumber=number
            )
        assert fails(exc) == (400, "BadRequestException")

    def test_unknown_user_or_account_is_404(self, client: Client, account: str) -> None:
        each_fails(
            (404, "NotFoundException"),
            lambda: client.associate_phone_number_with_user(
                AccountId=account, UserId="nope", E164PhoneNumber="+12065550100"
            ),
            lambda: client.disassociate_phone_number_from_user(AccountId="nope", UserId="nope"),
        )


class TestRedaction:
    """RedactRoomMessage and RedactConversationMessage act on seeded messages."""

    def test_a_room_message_is_redacted(
        self, server: LocalChime, client: Client, account: str, room: str, user: str
    ) -> None:
        message = server.add_message(account, "secret plans", room_id=room, sender_id=user)
        kept = server.add_message(account, "hello", room_id=room)
        for _ in range(2):
            resp = client.redact_room_message(AccountId=account, RoomId=room, MessageId=message)
            assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
        by_id = {m["MessageId"]: m for m in server.messages(account)}
        assert (by_id[message]["Content"], by_id[message]["Redacted"]) == ("", True)
        assert (by_id[kept]["Content"], by_id[kept]["Redacted"]) == ("hello", False)
        assert by_id[message].get("SenderId") == user

    def test_room_message_errors(
        self, server: LocalChime, client: Client, account: str, room: str
    ) -> None:
        other_room = server.add_room(account, "other")["RoomId"]
        elsewhere = server.add_message(account, "x", room_id=other_room)
        for room_id, message_id in ((room, "nope"), (room, elsewhere), ("nope", elsewhere)):
            with pytest.raises(ClientError) as exc:
                client.redact_room_message(AccountId=account, RoomId=room_id, MessageId=message_id)
            assert fails(exc) == (404, "NotFoundException")

    def test_a_conversation_message_is_redacted_in_any_account(
        self, server: LocalChime, client: Client, team: str
    ) -> None:
        message = server.add_message(team, "typo", conversation_id="conv-1")
        client.redact_conversation_message(
            AccountId=team, ConversationId="conv-1", MessageId=message
        )
        assert server.messages(team)[0]["Redacted"] is True
        with pytest.raises(ClientError) as exc:
            client.redact_conversation_message(
                AccountId=team, ConversationId="conv-2", MessageId=message
            )
        assert fails(exc) == (404, "NotFoundException")


class TestGlobalSettings:
    """GetGlobalSettings and UpdateGlobalSettings: the endpoint's own state."""

    def test_nothing_is_set_at_first(self, client: Client) -> None:
        got = client.get_global_settings()
        assert (got["BusinessCalling"], got["VoiceConnector"]) == ({}, {})

    def test_updates_set_what_they_name(self, server: LocalChime, client: Client) -> None:
        resp = client.update_global_settings(BusinessCalling={"CdrBucket": "calls"})
        assert resp["ResponseMetadata"]["HTTPStatusCode"] == 204
        client.update_global_settings(VoiceConnector={"CdrBucket": "voice"})
        assert server.global_settings() == {
            "BusinessCalling": {"CdrBucket": "calls"},
            "VoiceConnector": {"CdrBucket": "voice"},
        }
        got = client.get_global_settings()
        assert got["BusinessCalling"] == {"CdrBucket": "calls"}

    def test_they_are_not_per_account(self, server: LocalChime, client: Client) -> None:
        server.seed(count=5)
        client.update_global_settings(BusinessCalling={"CdrBucket": "calls"})
        assert client.get_global_settings()["BusinessCalling"] == {"CdrBucket": "calls"}


class TestHelpers:
    """The data helpers for rooms, memberships, bots and messages."""

    def test_rooms_and_bots_need_an_enterprise_account(self, server: LocalChime, team: str) -> None:
        with pytest.raises(ValueError, match="Enterprise"):
            server.add_room(team, "r")
        with pytest.raises(ValueError, match="Enterprise"):
            server.add_bot(team, "b")
        assert server.rooms(team) == []
        assert server.bots(team) == []

    def test_unknown_ids_are_key_errors(self, server: LocalChime, account: str) -> None:
        with pytest.raises(KeyError):
            server.add_room("nope", "r")
        with pytest.raises(KeyError):
            server.room_memberships(account, "nope")
        with pytest.raises(KeyError):
            server.events_configuration(account, "nope")
        with pytest.raises(KeyError):
            server.add_message(account, "x", room_id="nope")

    def test_add_room_keywords(self, server: LocalChime, client: Client, account: str) -> None:
        when = datetime(2020, 1, 2, 3, 4, 5, 678000, tzinfo=timezone.utc)
        room = server.add_room(account, "Fixed", room_id="room-1", created_timestamp=when)
        assert room["RoomId"] == "room-1"
        assert client.get_room(AccountId=account, RoomId="room-1")["Room"] == room
        assert room["CreatedTimestamp"] == when
        with pytest.raises(ValueError, match="already exists"):
            server.add_room(account, "Again", room_id="room-1")

    def test_add_room_membership_checks_like_the_api(
        self, server: LocalChime, account: str, room: str, user: str
    ) -> None:
        stopped = server.add_bot(account, "Stopped", disabled=True)["BotId"]
        server.add_room_membership(account, room, user, role="Administrator")
        with pytest.raises(ValueError, match="already"):
            server.add_room_membership(account, room, user)
        with pytest.raises(ValueError, match="not a user or bot"):
            server.add_room_membership(account, room, "nobody")
        with pytest.raises(ValueError, match="stopped"):
            server.add_room_membership(account, room, stopped)
        with pytest.raises(ValueError, match="role"):
            server.add_room_membership(account, room, stopped, role="Owner")  # type: ignore[arg-type]
        assert [m["Role"] for m in server.room_memberships(account, room)] == ["Administrator"]

    def test_add_bot_keywords(self, server: LocalChime, client: Client, account: str) -> None:
        bot = server.add_bot(account, "Ops", domain="corp.example", disabled=True, bot_id="bot-1")
        assert (bot["BotId"], bot["DisplayName"], bot["BotEmail"], bot["Disabled"]) == (
            "bot-1",
            "Ops (Bot)",
            "Ops-chimebot@corp.example",
            True,
        )
        assert client.get_bot(AccountId=account, BotId="bot-1")["Bot"] == bot
        for i in range(9):
            server.add_bot(account, f"b{i}")
        with pytest.raises(ValueError, match="10 bots"):
            server.add_bot(account, "eleventh")

    def test_add_message_needs_one_place(self, server: LocalChime, account: str, room: str) -> None:
        with pytest.raises(ValueError, match="exactly one"):
            server.add_message(account, "x")
        with pytest.raises(ValueError, match="exactly one"):
            server.add_message(account, "x", room_id=room, conversation_id="c")
        with pytest.raises(ValueError, match="sender"):
            server.add_message(account, "x", room_id=room, sender_id="nobody")

    def test_reprs_hide_what_is_sensitive(
        self, server: LocalChime, account: str, room: str, bot: str
    ) -> None:
        store = server._store  # pyright: ignore[reportPrivateUsage]
        token = server.bots(account)[0]["SecurityToken"]
        with store.holding() as state:
            records = state.accounts[account]
            text = repr(records.rooms.find_record(room)) + repr(records.bots.get_record(bot))
        assert room in text
        assert bot in text
        for secret in ("chatRoom", "myBot", "chimebot", token):
            assert secret not in text


class TestSeeding:
    """Seeded Enterprise accounts get bots and rooms, and existing seeds stay as they were."""

    def test_accounts_and_users_of_a_seed_are_unchanged(self) -> None:
        server = LocalChime()
        server.seed(count=60, seed=3)
        facts = [
            (
                a["AccountId"],
                a["Name"],
                a["AccountType"],
                a["AccountStatus"],
                *((u["UserId"], u.get("PrimaryEmail")) for u in server.users(a["AccountId"])),
            )
            for a in server.accounts()
        ]
        digest = hashlib.sha256(json.dumps(facts).encode()).hexdigest()
        # Pinned before rooms and bots were seeded: seeding them must not move the rest.
        assert digest == SEED_3_DIGEST

    def test_enterprise_accounts_have_rooms_and_bots(self) -> None:
        server = LocalChime()
        server.seed(count=60, seed=3)
        accounts = server.accounts()
        enterprise = [a for a in accounts if a["AccountType"] != "Team"]
        assert all(not server.rooms(a["AccountId"]) for a in accounts if a["AccountType"] == "Team")
        assert sum(len(server.rooms(a["AccountId"])) for a in enterprise) > 10
        assert sum(len(server.bots(a["AccountId"])) for a in enterprise) > 5
        memberships = 0
        for a in enterprise:
            ids = {u["UserId"] for u in server.users(a["AccountId"])}
            ids |= {b["BotId"] for b in server.bots(a["AccountId"])}
            for room in server.rooms(a["AccountId"]):
                members = server.room_memberships(a["AccountId"], room["RoomId"])
                memberships += len(members)
                assert {m["Member"]["MemberId"] for m in members} <= ids
                assert [m["Role"] for m in members][:1] in ([], ["Administrator"])
        assert memberships > 10

    def test_the_same_seed_gives_the_same_rooms_and_bots(self) -> None:
        def chat(server: LocalChime) -> list[object]:
            server.seed(count=40, seed=11)
            return [
                (
                    server.bots(a["AccountId"]),
                    [
                        (room, server.room_memberships(a["AccountId"], room["RoomId"]))
                        for room in server.rooms(a["AccountId"])
                    ],
                )
                for a in server.accounts()
            ]

        assert chat(LocalChime()) == chat(LocalChime())

    def test_seeded_rooms_serve_through_the_api(self, server: LocalChime, client: Client) -> None:
        server.seed(count=40, seed=11)
        account = next(a["AccountId"] for a in server.accounts() if server.rooms(a["AccountId"]))
        listed = client.list_rooms(AccountId=account)["Rooms"]
        assert listed == server.rooms(account)


SEED_3_DIGEST = "81c7a6e66200429395f6972856c572063edccb6556ff3a715185a08a522ae595"
