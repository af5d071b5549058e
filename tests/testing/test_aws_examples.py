"""LocalChime's answers have the members of AWS's published example outputs.

Each case encodes the member structure of one ``aws chime`` example output (the AWS CLI's
``awscli/examples/chime/<file>.rst``, named in the case), replays the example's call
against LocalChime and compares the member names of the raw JSON answer, recursively.
Where LocalChime differs on purpose, the difference is listed with its reason: ``+path``
is a member LocalChime sends that the example lacks, ``-path`` one the example shows and
LocalChime does not send. Values are not compared, only which members there are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union, cast

import pytest
from botocore.config import Config

from chime_accounts.testing import LocalChime

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from mypy_boto3_chime.client import ChimeClient

# A member structure: member name -> None (a scalar), a structure, or a one-item list
# holding the structure of the list's items ([] for a list whose items are unknown).
Members = dict[str, Union["Members", list["Members"], None]]

ACCOUNT: Members = {
    "AwsAccountId": None,
    "AccountId": None,
    "Name": None,
    "AccountType": None,
    "CreatedTimestamp": None,
    "DefaultLicense": None,
    "SupportedLicenses": [],
    "SigninDelegateGroups": [{"GroupName": None}],
}
ROOM: Members = {
    "RoomId": None,
    "Name": None,
    "AccountId": None,
    "CreatedBy": None,
    "CreatedTimestamp": None,
    "UpdatedTimestamp": None,
}
MEMBERSHIP: Members = {
    "RoomId": None,
    "Member": {
        "MemberId": None,
        "MemberType": None,
        "Email": None,
        "FullName": None,
        "AccountId": None,
    },
    "Role": None,
    "InvitedBy": None,
    "UpdatedTimestamp": None,
}
BOT: Members = {
    "BotId": None,
    "UserId": None,
    "DisplayName": None,
    "BotType": None,
    "Disabled": None,
    "CreatedTimestamp": None,
    "UpdatedTimestamp": None,
    "BotEmail": None,
    "SecurityToken": None,
}
ALEXA_OFF: Members = {"IsAlexaForBusinessEnabled": None}
ALEXA_WITH_ROOM: Members = {"IsAlexaForBusinessEnabled": None, "AlexaForBusinessRoomArn": None}
USER_ERRORS: Members = {"UserErrors": []}

# Why LocalChime keeps a difference; the same reason applies wherever it recurs.
ACCOUNT_STATUS = (
    "botocore's model has Account.AccountStatus and the service sends it; "
    "the examples predate the member"
)
INVITATION = (
    "botocore's model has UserInvitationStatus and InvitedOn; LocalChime sends both on every "
    "user, as its invitation semantics (CreateUser and InviteUsers leave it Pending) need them"
)
SINGULAR_LISTING = (
    "the example shows one {0} member where botocore's model answers {0}s, a list; "
    "LocalChime follows the model, as boto3 reads it"
)
ROOM_ARN_PLACEHOLDER = (
    'the example shows AlexaForBusinessRoomArn as the string "null", a placeholder for a '
    "user without a room; LocalChime leaves an unset member out, as the JSON protocol does"
)


@dataclass(frozen=True)
class Example:
    """One published example output and the call that replays it."""

    file: str
    call: Callable[[ChimeClient, World], object]
    members: Members
    kept: dict[str, str] = field(default_factory=dict[str, str])


@dataclass(frozen=True)
class World:
    """The ids of the data the examples are replayed on."""

    team: str
    enterprise: str
    empty: str
    user: str
    pin_user: str
    enterprise_user: str
    chat_user: str
    room: str
    bot: str


EXAMPLES: dict[str, Example] = {
    "CreateAccount": Example(
        "create-account.rst",
        lambda c, _: c.create_account(Name="MyChimeAccount"),
        {"Account": ACCOUNT},
        {"+Account.AccountStatus": ACCOUNT_STATUS},
    ),
    "GetAccount": Example(
        "get-account.rst",
        lambda c, w: c.get_account(AccountId=w.enterprise),
        {"Account": ACCOUNT},
        {"+Account.AccountStatus": ACCOUNT_STATUS},
    ),
    "ListAccounts": Example(
        "list-accounts.rst",
        lambda c, _: c.list_accounts(),
        {"Accounts": [ACCOUNT]},
        {"+Accounts[].AccountStatus": ACCOUNT_STATUS},
    ),
    "UpdateAccount": Example(
        "update-account.rst",
        lambda c, w: c.update_account(AccountId=w.enterprise, Name="MyAccountName"),
        {"Account": ACCOUNT},
        {"+Account.AccountStatus": ACCOUNT_STATUS},
    ),
    "DeleteAccount": Example(
        "delete-account.rst",
        lambda c, w: c.delete_account(AccountId=w.empty),
        {},
    ),
    "GetAccountSettings": Example(
        "get-account-settings.rst",
        lambda c, w: c.get_account_settings(AccountId=w.team),
        {"AccountSettings": {"DisableRemoteControl": None, "EnableDialOut": None}},
    ),
    "UpdateAccountSettings": Example(
        "update-account-settings.rst",
        lambda c, w: c.update_account_settings(
            AccountId=w.team, AccountSettings={"DisableRemoteControl": True}
        ),
        {},
    ),
    "AssociateSigninDelegateGroupsWithAccount": Example(
        "associate-signin-delegate-groups-with-account.rst",
        lambda c, w: c.associate_signin_delegate_groups_with_account(
            AccountId=w.enterprise, SigninDelegateGroups=[{"GroupName": "my_users"}]
        ),
        {},
    ),
    "DisassociateSigninDelegateGroupsFromAccount": Example(
        "disassociate-signin-delegate-groups-from-account.rst",
        lambda c, w: c.disassociate_signin_delegate_groups_from_account(
            AccountId=w.enterprise, GroupNames=["my_users"]
        ),
        {},
    ),
    "CreateUser": Example(
        "create-user.rst",
        lambda c, w: c.create_user(
            AccountId=w.team, Email="roomdevice@example.com", UserType="SharedDevice"
        ),
        {
            "User": {
                "UserId": None,
                "AccountId": None,
                "PrimaryEmail": None,
                "DisplayName": None,
                "LicenseType": None,
                "UserType": None,
                "UserRegistrationStatus": None,
                "RegisteredOn": None,
                "AlexaForBusinessMetadata": ALEXA_OFF,
            }
        },
        {
            "+User.UserInvitationStatus": INVITATION,
            "+User.InvitedOn": INVITATION,
            "-User.DisplayName": (
                "the example's command sends no --username, yet its answer has a DisplayName; "
                "LocalChime makes the display name from Username only, leaving it out otherwise"
            ),
            "-User.RegisteredOn": (
                "a user CreateUser makes has not registered yet: LocalChime answers it "
                "Unregistered with a Pending invitation (the example shows one that registered)"
            ),
        },
    ),
    "GetUser": Example(
        "get-user.rst",
        lambda c, w: c.get_user(AccountId=w.team, UserId=w.pin_user),
        {
            "User": {
                "UserId": None,
                "AccountId": None,
                "PrimaryEmail": None,
                "DisplayName": None,
                "LicenseType": None,
                "UserRegistrationStatus": None,
                "RegisteredOn": None,
                "InvitedOn": None,
                "AlexaForBusinessMetadata": ALEXA_WITH_ROOM,
                "PersonalPIN": None,
            }
        },
        {
            "+User.UserType": (
                "every other user example shows UserType, and botocore's model has it; "
                "this one leaves it out"
            ),
            "+User.UserInvitationStatus": INVITATION,
            "-User.AlexaForBusinessMetadata.AlexaForBusinessRoomArn": ROOM_ARN_PLACEHOLDER,
        },
    ),
    "UpdateUser": Example(
        "update-user.rst",
        lambda c, w: c.update_user(AccountId=w.team, UserId=w.user, LicenseType="Basic"),
        {"User": {"UserId": None}},
        {
            f"+User.{member}": (
                "the example shows the answer's UserId only; botocore's model answers the "
                "whole User, which LocalChime sends as GetUser does"
            )
            for member in (
                "AccountId",
                "PrimaryEmail",
                "DisplayName",
                "LicenseType",
                "UserType",
                "UserRegistrationStatus",
                "UserInvitationStatus",
                "RegisteredOn",
                "InvitedOn",
                "AlexaForBusinessMetadata",
            )
        },
    ),
    "ResetPersonalPIN": Example(
        "reset-personal-pin.rst",
        lambda c, w: c.reset_personal_pin(AccountId=w.team, UserId=w.user),
        {
            "User": {
                "UserId": None,
                "AccountId": None,
                "PrimaryEmail": None,
                "DisplayName": None,
                "LicenseType": None,
                "UserType": None,
                "UserRegistrationStatus": None,
                "RegisteredOn": None,
                "AlexaForBusinessMetadata": ALEXA_WITH_ROOM,
                "PersonalPIN": None,
            }
        },
        {
            "+User.UserInvitationStatus": INVITATION,
            "+User.InvitedOn": INVITATION,
            "-User.AlexaForBusinessMetadata.AlexaForBusinessRoomArn": ROOM_ARN_PLACEHOLDER,
        },
    ),
    "LogoutUser": Example(
        "logout-user.rst",
        lambda c, w: c.logout_user(AccountId=w.team, UserId=w.user),
        {},
    ),
    "ListUsers": Example(
        "list-users.rst",
        lambda c, w: c.list_users(AccountId=w.team),
        {
            "Users": [
                {
                    "UserId": None,
                    "AccountId": None,
                    "PrimaryEmail": None,
                    "DisplayName": None,
                    "LicenseType": None,
                    "UserType": None,
                    "UserRegistrationStatus": None,
                    "RegisteredOn": None,
                    "AlexaForBusinessMetadata": ALEXA_OFF,
                }
            ]
        },
        {"+Users[].UserInvitationStatus": INVITATION, "+Users[].InvitedOn": INVITATION},
    ),
    "InviteUsers": Example(
        "invite-users.rst",
        lambda c, w: c.invite_users(
            AccountId=w.team, UserEmailList=["alejandror@example.com", "janed@example.com"]
        ),
        {
            "Invites": [
                {"InviteId": None, "Status": None, "EmailAddress": None, "EmailStatus": None}
            ]
        },
    ),
    "BatchSuspendUser": Example(
        "batch-suspend-user.rst",
        lambda c, w: c.batch_suspend_user(AccountId=w.team, UserIdList=[w.user]),
        USER_ERRORS,
    ),
    "BatchUnsuspendUser": Example(
        "batch-unsuspend-user.rst",
        lambda c, w: c.batch_unsuspend_user(AccountId=w.enterprise, UserIdList=[w.enterprise_user]),
        USER_ERRORS,
    ),
    "BatchUpdateUser": Example(
        "batch-update-user.rst",
        lambda c, w: c.batch_update_user(
            AccountId=w.team,
            UpdateUserRequestItems=[{"UserId": w.user, "LicenseType": "Basic"}],
        ),
        USER_ERRORS,
    ),
    "GetUserSettings": Example(
        "get-user-settings.rst",
        lambda c, w: c.get_user_settings(AccountId=w.team, UserId=w.user),
        {
            "UserSettings": {
                "Telephony": {"InboundCalling": None, "OutboundCalling": None, "SMS": None}
            }
        },
    ),
    "UpdateUserSettings": Example(
        "update-user-settings.rst",
        lambda c, w: c.update_user_settings(
            AccountId=w.team,
            UserId=w.user,
            UserSettings={
                "Telephony": {"InboundCalling": True, "OutboundCalling": True, "SMS": True}
            },
        ),
        {},
    ),
    "AssociatePhoneNumberWithUser": Example(
        "associate-phone-number-with-user.rst",
        lambda c, w: c.associate_phone_number_with_user(
            AccountId=w.team, UserId=w.user, E164PhoneNumber="+12065550100"
        ),
        {},
    ),
    "DisassociatePhoneNumberFromUser": Example(
        "disassociate-phone-number-from-user.rst",
        lambda c, w: c.disassociate_phone_number_from_user(AccountId=w.team, UserId=w.user),
        {},
    ),
    "CreateRoom": Example(
        "create-room.rst",
        lambda c, w: c.create_room(AccountId=w.enterprise, Name="chatRoom"),
        {"Room": ROOM},
    ),
    "GetRoom": Example(
        "get-room.rst",
        lambda c, w: c.get_room(AccountId=w.enterprise, RoomId=w.room),
        {"Room": ROOM},
    ),
    "ListRooms": Example(
        "list-rooms.rst",
        lambda c, w: c.list_rooms(AccountId=w.enterprise, MemberId=w.chat_user),
        {"Room": ROOM},
        {"-Room": SINGULAR_LISTING.format("Room"), "+Rooms": SINGULAR_LISTING.format("Room")},
    ),
    "UpdateRoom": Example(
        "update-room.rst",
        lambda c, w: c.update_room(AccountId=w.enterprise, RoomId=w.room, Name="teamRoom"),
        {"Room": ROOM},
    ),
    "DeleteRoom": Example(
        "delete-room.rst",
        lambda c, w: c.delete_room(AccountId=w.enterprise, RoomId=w.room),
        {},
    ),
    "CreateRoomMembership": Example(
        "create-room-membership.rst",
        lambda c, w: c.create_room_membership(
            AccountId=w.enterprise, RoomId=w.room, MemberId=w.bot
        ),
        {"RoomMembership": MEMBERSHIP},
    ),
    "BatchCreateRoomMembership": Example(
        "batch-create-room-membership.rst",
        lambda c, w: c.batch_create_room_membership(
            AccountId=w.enterprise,
            RoomId=w.room,
            MembershipItemList=[{"MemberId": w.bot, "Role": "Administrator"}],
        ),
        {"ResponseMetadata": {}, "Errors": []},
        {
            "-ResponseMetadata": (
                "the example prints boto3's ResponseMetadata with the answer; the service's "
                "answer has only Errors"
            )
        },
    ),
    "ListRoomMemberships": Example(
        "list-room-memberships.rst",
        lambda c, w: c.list_room_memberships(AccountId=w.enterprise, RoomId=w.room),
        {"RoomMemberships": [MEMBERSHIP]},
    ),
    "UpdateRoomMembership": Example(
        "update-room-membership.rst",
        lambda c, w: c.update_room_membership(
            AccountId=w.enterprise, RoomId=w.room, MemberId=w.chat_user, Role="Administrator"
        ),
        {"RoomMembership": MEMBERSHIP},
    ),
    "DeleteRoomMembership": Example(
        "delete-room-membership.rst",
        lambda c, w: c.delete_room_membership(
            AccountId=w.enterprise, RoomId=w.room, MemberId=w.chat_user
        ),
        {},
    ),
    "CreateBot": Example(
        "create-bot.rst",
        lambda c, w: c.create_bot(
            AccountId=w.enterprise, DisplayName="myBot", Domain="example.com"
        ),
        {"Bot": BOT},
    ),
    "GetBot": Example(
        "get-bot.rst",
        lambda c, w: c.get_bot(AccountId=w.enterprise, BotId=w.bot),
        {"Bot": BOT},
    ),
    "ListBots": Example(
        "list-bots.rst",
        lambda c, w: c.list_bots(AccountId=w.enterprise),
        {"Bot": BOT},
        {"-Bot": SINGULAR_LISTING.format("Bot"), "+Bots": SINGULAR_LISTING.format("Bot")},
    ),
    "UpdateBot": Example(
        "update-bot.rst",
        lambda c, w: c.update_bot(AccountId=w.enterprise, BotId=w.bot, Disabled=True),
        {"Bot": BOT},
    ),
    "RegenerateSecurityToken": Example(
        "regenerate-security-token.rst",
        lambda c, w: c.regenerate_security_token(AccountId=w.enterprise, BotId=w.bot),
        {"Bot": BOT},
    ),
    "GetGlobalSettings": Example(
        "get-global-settings.rst",
        lambda c, _: c.get_global_settings(),
        {"BusinessCalling": {"CdrBucket": None}, "VoiceConnector": {"CdrBucket": None}},
    ),
    "UpdateGlobalSettings": Example(
        "update-global-settings.rst",
        lambda c, _: c.update_global_settings(
            BusinessCalling={"CdrBucket": "s3bucket"}, VoiceConnector={"CdrBucket": "s3bucket"}
        ),
        {},
    ),
}

NO_EXAMPLE = {
    "GetEventsConfiguration",
    "PutEventsConfiguration",
    "DeleteEventsConfiguration",
    "GetRetentionSettings",
    "PutRetentionSettings",
    "RedactConversationMessage",
    "RedactRoomMessage",
}
"""Served operations the AWS CLI publishes no example for."""


def members_of(value: object) -> Members | list[Members] | None:
    """The member structure of a JSON value: lists by the union of their items' members."""
    if isinstance(value, dict):
        return {str(k): members_of(v) for k, v in cast("dict[object, object]", value).items()}
    if isinstance(value, list):
        items = [members_of(v) for v in cast("list[object]", value)]
        merged: Members = {}
        for item in items:
            if isinstance(item, dict):
                merged |= item
        return [merged] if merged else []
    return None


def differences(example: object, answer: object, path: str = "") -> set[str]:
    """``+path`` for each member only the answer has, ``-path`` for each only the example has."""
    if isinstance(example, dict) and isinstance(answer, dict):
        expected = cast("dict[str, object]", example)
        got = cast("dict[str, object]", answer)
        found = {f"+{path}{k}" for k in got.keys() - expected.keys()}
        found |= {f"-{path}{k}" for k in expected.keys() - got.keys()}
        for key in expected.keys() & got.keys():
            found |= differences(expected[key], got[key], f"{path}{key}.")
        return found
    if isinstance(example, list) and isinstance(answer, list):
        # An empty list on either side tells nothing about the items' members.
        expected_items, got_items = cast("list[object]", example), cast("list[object]", answer)
        if expected_items and got_items:
            return differences(expected_items[0], got_items[0], f"{path[:-1]}[].")
        return set()
    if (example is None) != (answer is None):
        return {f"!{path[:-1]}"}
    return set()


class TestTheComparison:
    """The comparison of member structures finds what differs, and only that."""

    def test_members_of_merges_list_items(self) -> None:
        value = {"A": [{"X": 1}, {"Y": {"Z": 2}}], "B": [], "C": "s"}
        assert members_of(value) == {"A": [{"X": None, "Y": {"Z": None}}], "B": [], "C": None}

    def test_differences_name_the_paths(self) -> None:
        example = {"User": {"A": None, "B": {"C": None}}, "L": [{"D": None}]}
        answer = {"User": {"A": None, "B": {"E": None}, "F": None}, "L": [{"D": None, "G": None}]}
        assert differences(example, answer) == {"+User.F", "-User.B.C", "+User.B.E", "+L[].G"}

    def test_a_scalar_for_a_structure_differs(self) -> None:
        assert differences({"A": {"B": None}}, {"A": None}) == {"!A"}


@pytest.fixture
def server() -> Iterator[LocalChime]:
    with LocalChime() as chime_server:
        yield chime_server


@pytest.fixture
def world(server: LocalChime) -> World:
    team = server.add_account("Team Co")["AccountId"]
    enterprise = server.add_account(
        "Enterprise Co", account_type="EnterpriseLWA", signin_delegate_groups=["myGroup"]
    )["AccountId"]
    empty = server.add_account("Empty Co")["AccountId"]
    user = server.add_user(team, "mateo@example.com", display_name="Mateo Jackson")
    server.add_user(team, "mariag@example.com", display_name="Maria Garcia")
    pin_user = server.add_user(team, "marthar@example.com", display_name="Martha Rivera")
    enterprise_user = server.add_user(enterprise, "wxiulan@example.com", suspended=True)
    chat_user = server.add_user(enterprise, "janed@example.com", display_name="Jane Doe")
    room = server.add_room(enterprise, "chatRoom")["RoomId"]
    bot = server.add_bot(enterprise, "myBot", domain="example.com")["BotId"]
    server.add_room_membership(enterprise, room, chat_user)
    client = server.client()
    client.reset_personal_pin(AccountId=team, UserId=pin_user)
    client.update_global_settings(
        BusinessCalling={"CdrBucket": "s3bucket"}, VoiceConnector={"CdrBucket": "s3bucket"}
    )
    client.close()
    return World(team, enterprise, empty, user, pin_user, enterprise_user, chat_user, room, bot)


@pytest.fixture
def wire(server: LocalChime) -> tuple[ChimeClient, list[object]]:
    """A client and the raw JSON of each answer it received (``{}`` for an empty body)."""
    client = server.client(Config(retries={"total_max_attempts": 1}))
    bodies: list[object] = []

    def capture(response_dict: dict[str, Any], **_: object) -> None:
        body = response_dict["body"]
        bodies.append(json.loads(body) if body else {})

    client.meta.events.register("before-parse.chime", capture)
    return client, bodies


class TestPublishedExamples:
    """Each served operation with a published example answers that example's members."""

    @pytest.mark.parametrize("operation", list(EXAMPLES))
    def test_answer_has_the_examples_members(
        self, wire: tuple[ChimeClient, list[object]], world: World, operation: str
    ) -> None:
        client, bodies = wire
        example = EXAMPLES[operation]
        example.call(client, world)
        assert differences(example.members, members_of(bodies[-1])) == set(example.kept), (
            f"LocalChime's {operation} answer differs from {example.file}"
        )

    def test_every_served_operation_with_an_example_is_covered(self) -> None:
        from chime_accounts.testing._responses import OPERATIONS

        assert set(EXAMPLES) | NO_EXAMPLE == set(OPERATIONS)
        assert not set(EXAMPLES) & NO_EXAMPLE

    def test_every_kept_difference_has_a_reason(self) -> None:
        for example in EXAMPLES.values():
            assert all(reason.strip() for reason in example.kept.values()), example.file
