"""Generated arguments for every public method: bad ones never reach the service.

Hypothesis draws each argument from a mix of good values and bad ones (wrong types, blank
and over-long strings, control characters, lone surrogates, huge page sizes, bad emails,
unknown enum strings) and labels it with the rules of docs/usage.md, written out here
independently of chime_accounts._validation:

* ``INVALID``: the call must raise ``ValidationError`` and send nothing (the endpoint's
  request log stays empty);
* ``VALID``: a good value the service knows (an existing id, a known enum value); when
  every argument is valid the call must succeed;
* ``UNKNOWN``: well-formed, but the service decides (an id that does not exist, an unknown
  enum member read from the service and sent back): the call sends its request and either
  succeeds or raises a ``ChimeAPIError``.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import pytest
from botocore.config import Config
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chime_accounts import (
    UNSET,
    AlexaForBusinessMetadata,
    AsyncChimeAccounts,
    BusinessCallingSettings,
    ChimeAccounts,
    ChimeAPIError,
    ConversationRetentionSettings,
    License,
    MembershipItem,
    RetentionSettings,
    RetryPolicy,
    RoomMembershipRole,
    RoomRetentionSettings,
    TelephonySettings,
    UpdateUserRequestItem,
    UserSettings,
    UserType,
    ValidationError,
    VoiceConnectorSettings,
)

from .conftest import examples

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from mypy_boto3_chime.literals import LicenseType

    from chime_accounts.testing import LocalChime

    from .conftest import Connector

VALID, UNKNOWN, INVALID = "valid", "unknown", "invalid"
CONVERSATION = "conversation-1"
Arg = tuple[object, str]
Strategy = st.SearchStrategy[Arg]

# -- the rules, written out ---------------------------------------------------------------


def is_text(value: object) -> bool:
    """A str a request can carry: no lone surrogates."""
    return isinstance(value, str) and not any(0xD800 <= ord(c) <= 0xDFFF for c in value)


def has_control(text: str) -> bool:
    return any(ord(c) < 0x20 or ord(c) == 0x7F for c in text)


def is_blank(text: str) -> bool:
    return all(c.isspace() for c in text)


def name_ok(value: object) -> bool:
    """An account name: 1-100 characters, not blank, no control characters."""
    return is_text(value) and 1 <= len(cast("str", value)) <= 100 and id_ok(value)


def id_ok(value: object) -> bool:
    """An id (or group name, or username): not blank, no control characters."""
    return (
        is_text(value) and not is_blank(cast("str", value)) and not has_control(cast("str", value))
    )


def email_ok(value: object) -> bool:
    """name@domain.tld: one @, no whitespace or control characters, a dot inside the domain."""
    if not is_text(value):
        return False
    text = cast("str", value)
    if has_control(text) or any(c.isspace() for c in text) or text.count("@") != 1:
        return False
    local, domain = text.split("@")
    return bool(local) and "." in domain[1:-1]


def int_in(value: object, low: int, high: float) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def enum_label(value: object, enum: type[Any]) -> str:
    """A member (a known one is VALID, an unknown one UNKNOWN), or a known value's string."""
    if isinstance(value, enum):
        return UNKNOWN if cast("Any", value).is_unknown else VALID
    if isinstance(value, str) and value in {m.value for m in cast("Iterable[Any]", enum)}:
        return VALID
    return INVALID


# -- the strategies -----------------------------------------------------------------------

WRONG_TYPES = st.one_of(
    st.integers(),
    st.floats(allow_nan=False),
    st.binary(max_size=4),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
    st.builds(object),
)
BLANKS = st.text(alphabet=" \t\n\r\x0b\x0c\x1c\xa0\u2028\u3000", min_size=0, max_size=4)
CONTROLS = st.sampled_from([chr(code) for code in range(0x20)] + ["\x7f"])
SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)


def joined(*parts: str) -> str:
    return "".join(parts)


def email_of(local: str, domain: str, tld: str) -> str:
    return f"{local}@{domain}.{tld}"


ANY_TEXT = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="ascii"), min_size=1, max_size=20),
    BLANKS,
    st.builds(joined, st.text(max_size=5), CONTROLS, st.text(max_size=5)),
    st.builds(joined, st.text(max_size=5), SURROGATES),
    st.text(min_size=98, max_size=103),
)
EMAILISH = st.one_of(st.emails(), st.builds(email_of, ANY_TEXT, ANY_TEXT, ANY_TEXT), ANY_TEXT)
UNKNOWN_WORDS = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10
)


def label(values: st.SearchStrategy[Any], rule: Callable[[Any], str]) -> Strategy:
    return values.map(lambda value: (value, rule(value)))


def invalid(values: st.SearchStrategy[Any]) -> Strategy:
    return label(values, lambda _: INVALID)


def valid(values: st.SearchStrategy[Any]) -> Strategy:
    return label(values, lambda _: VALID)


def optional(arg: Strategy) -> Strategy:
    """None, which an optional parameter takes, or a value of ``arg``."""
    return st.one_of(valid(st.none()), arg.map(lambda a: (None, VALID) if a[0] is None else a))


def unset_or(arg: Strategy) -> Strategy:
    return st.one_of(valid(st.just(UNSET)), arg)


def names() -> Strategy:
    return st.one_of(
        label(ANY_TEXT, lambda v: VALID if name_ok(v) else INVALID),
        invalid(WRONG_TYPES | st.none()),
    )


def ids(known: list[str]) -> Strategy:
    """An existing id, or another string (UNKNOWN if well-formed), or not a string at all."""
    return st.one_of(
        valid(st.sampled_from(known)),
        valid(st.sampled_from(known)),
        label(ANY_TEXT.filter(lambda t: len(t) < 60), lambda v: UNKNOWN if id_ok(v) else INVALID),
        invalid(WRONG_TYPES | st.none()),
    )


def usernames() -> Strategy:
    return st.one_of(
        label(ANY_TEXT, lambda v: VALID if id_ok(v) else INVALID), invalid(WRONG_TYPES)
    )


def emails() -> Strategy:
    return st.one_of(
        label(EMAILISH, lambda v: VALID if email_ok(v) else INVALID), invalid(WRONG_TYPES)
    )


def enums(enum: type[Any]) -> Strategy:
    members: list[Any] = [*cast("Iterable[Any]", enum)]
    values = [m.value for m in members]
    return label(
        st.one_of(
            st.sampled_from(members),
            st.sampled_from(values),
            st.sampled_from([v.lower() for v in values] + [v.upper() for v in values]),
            st.builds(enum, UNKNOWN_WORDS),  # unknown members, as read from the service
            UNKNOWN_WORDS,
            st.sampled_from(list(UserType if enum is License else License)),  # the wrong enum
            WRONG_TYPES,
        ),
        lambda v: enum_label(v, enum),
    )


def booleans() -> Strategy:
    return st.one_of(
        valid(st.booleans()),
        invalid(WRONG_TYPES.filter(lambda v: not isinstance(v, bool)) | st.none()),
    )


def page_sizes() -> Strategy:
    return optional(
        label(
            st.one_of(
                st.integers(-5, 205), st.integers(), st.booleans(), st.floats(), st.text(max_size=3)
            ),
            lambda v: VALID if int_in(v, 1, 200) else INVALID,
        )
    )


def max_items() -> Strategy:
    return optional(
        label(
            st.one_of(st.integers(-5, 10**12), st.booleans(), st.floats(), st.text(max_size=3)),
            lambda v: VALID if int_in(v, 1, float("inf")) else INVALID,
        )
    )


def starting_tokens(real: list[str]) -> Strategy:
    return st.one_of(
        valid(st.none()),
        label(st.sampled_from(real), lambda _: UNKNOWN),  # tied to its listing's filters
        invalid(st.just("") | WRONG_TYPES),
    )


def sequences(item: Strategy, *, min_size: int, max_size: int) -> Strategy:
    """A list or tuple of labelled items; a string, a set or a wrong type is INVALID."""

    def whole(items: list[Arg], as_tuple: bool) -> Arg:
        values = [value for value, _ in items]
        labels = {item_label for _, item_label in items}
        worst = INVALID if INVALID in labels or len(items) < min_size else VALID
        if worst == VALID and UNKNOWN in labels:
            worst = UNKNOWN
        return (tuple(values) if as_tuple else values, worst)

    return st.one_of(
        st.builds(whole, st.lists(item, max_size=max_size), st.booleans()),
        invalid(ANY_TEXT | WRONG_TYPES.filter(lambda v: not isinstance(v, list))),
        invalid(st.frozensets(st.text(max_size=3), min_size=1, max_size=2)),
    )


def alexa_metadata() -> Strategy:
    def build(enabled: Arg, arn: Arg) -> Arg:
        metadata = AlexaForBusinessMetadata(
            is_alexa_for_business_enabled=enabled[0],  # type: ignore[arg-type]
            alexa_for_business_room_arn=arn[0],  # type: ignore[arg-type]
        )
        return (metadata, INVALID if INVALID in (enabled[1], arn[1]) else VALID)

    return st.one_of(
        st.builds(
            build,
            optional(booleans()),
            optional(st.one_of(valid(ANY_TEXT), invalid(WRONG_TYPES))),
        ),
        invalid(WRONG_TYPES),
    )


def update_items(known_users: list[str]) -> Strategy:
    def build(user_id: Arg, license_type: Arg, user_type: Arg, alexa: Arg) -> Arg:
        item = UpdateUserRequestItem(
            user_id=user_id[0],  # type: ignore[arg-type]
            license_type=license_type[0],  # type: ignore[arg-type]
            user_type=user_type[0],  # type: ignore[arg-type]
            alexa_for_business_metadata=alexa[0],  # type: ignore[arg-type]
        )
        labels = {user_id[1], license_type[1], user_type[1], alexa[1]}
        return (item, INVALID if INVALID in labels else VALID)

    return st.one_of(
        st.builds(
            build,
            ids(known_users),
            optional(enums(License)),
            optional(enums(UserType)),
            optional(alexa_metadata()),
        ),
        invalid(WRONG_TYPES),
    )


def settings_with_telephony(telephony: object) -> UserSettings:
    return UserSettings(telephony=cast("Any", telephony))


def user_settings() -> Strategy:
    def build(inbound: Arg, outbound: Arg, sms: Arg) -> Arg:
        telephony = TelephonySettings(
            inbound_calling=inbound[0],  # type: ignore[arg-type]
            outbound_calling=outbound[0],  # type: ignore[arg-type]
            sms=sms[0],  # type: ignore[arg-type]
        )
        worst = INVALID if INVALID in (inbound[1], outbound[1], sms[1]) else VALID
        return (UserSettings(telephony=telephony), worst)

    return st.one_of(
        st.builds(build, booleans(), booleans(), booleans()),
        invalid(st.builds(settings_with_telephony, WRONG_TYPES)),
        invalid(WRONG_TYPES | st.none()),
    )


# -- the chat operations' arguments ---------------------------------------------------------


def token_ok(value: object) -> bool:
    """A ClientRequestToken: 2-64 ASCII letters, digits, - or _."""
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
    return (
        is_text(value) and 2 <= len(cast("str", value)) <= 64 and set(cast("str", value)) <= allowed
    )


def e164_ok(value: object) -> bool:
    """+ (optional), a digit 1-9, then 1 to 14 more ASCII digits."""
    if not is_text(value):
        return False
    digits = cast("str", value).removeprefix("+")
    return 2 <= len(digits) <= 15 and all(c in "0123456789" for c in digits) and digits[0] != "0"


def unsure(arg: Strategy) -> Strategy:
    """Valid values become UNKNOWN: the service's state decides (a duplicate, a limit)."""
    return arg.map(lambda a: (a[0], UNKNOWN) if a[1] == VALID else a)


def chat_names() -> Strategy:
    """A room's or a bot's name: required, not blank, no control characters."""
    return st.one_of(usernames(), invalid(st.none()))


def request_tokens() -> Strategy:
    token_chars = st.sampled_from("abcXYZ019-_")
    return optional(
        st.one_of(
            label(
                st.text(alphabet=token_chars, max_size=66),
                lambda v: VALID if token_ok(v) else INVALID,
            ),
            label(ANY_TEXT, lambda v: VALID if token_ok(v) else INVALID),
            invalid(WRONG_TYPES),
        )
    )


def chat_page_sizes() -> Strategy:
    return optional(
        label(
            st.one_of(st.integers(-5, 205), st.booleans(), st.floats(), st.text(max_size=3)),
            lambda v: VALID if int_in(v, 1, 99) else INVALID,
        )
    )


def membership_items(known_members: list[str]) -> Strategy:
    def build(member_id: Arg, role: Arg) -> Arg:
        item = MembershipItem(member_id=member_id[0], role=role[0])  # type: ignore[arg-type]
        labels = {member_id[1], role[1]}
        return (item, INVALID if INVALID in labels else VALID)

    return st.one_of(
        st.builds(
            build,
            st.one_of(ids(known_members), invalid(st.none())),
            optional(enums(RoomMembershipRole)),
        ),
        invalid(WRONG_TYPES),
    )


def phone_numbers() -> Strategy:
    return st.one_of(
        unsure(label(st.from_regex(r"\+?[1-9][0-9]{1,14}", fullmatch=True), lambda _: VALID)),
        label(
            st.one_of(ANY_TEXT, st.from_regex(r"\+?[0-9\u0660-\u0669 ]{1,17}", fullmatch=True)),
            lambda v: UNKNOWN if e164_ok(v) else INVALID,
        ),
        invalid(WRONG_TYPES | st.none()),
    )


def https_endpoints() -> Strategy:
    """An https:// URL; LocalChime takes the scheme in lower case only, so others are UNKNOWN."""

    def rule(value: object) -> str:
        if not is_text(value):
            return INVALID
        text = cast("str", value)
        if text[:8].lower() != "https://" or len(text) == 8 or has_control(text):
            return INVALID
        if any(c.isspace() for c in text):
            return INVALID
        return VALID if text.startswith("https://") else UNKNOWN

    paths = st.text(alphabet="abc/.-", min_size=0, max_size=10)
    return optional(
        st.one_of(
            label(
                st.builds(joined, st.sampled_from(["https://", "HTTPS://", "http://", ""]), paths),
                rule,
            ),
            label(ANY_TEXT, rule),
            invalid(WRONG_TYPES),
        )
    )


def lambda_arns() -> Strategy:
    """A Lambda function ARN; LocalChime knows the aws partition only, so others are UNKNOWN."""

    def rule(value: object) -> str:
        if not is_text(value):
            return INVALID
        text = cast("str", value)
        prefix, _, rest = text.partition(":lambda:")
        partition = prefix.removeprefix("arn:aws")
        if not prefix.startswith("arn:aws") or not rest or any(c.isspace() for c in rest):
            return INVALID
        if has_control(text):
            return INVALID
        if not all((c.islower() and c.isascii()) or c == "-" for c in partition):
            return INVALID
        return VALID if prefix == "arn:aws" else UNKNOWN

    prefixes = st.sampled_from(["arn:aws:lambda:", "arn:aws-cn:lambda:", "arn:aws:sqs:", "arn:"])
    rests = st.sampled_from(["us-east-1:123456789012:function:f", "", "a b"])
    return optional(
        st.one_of(
            label(st.builds(joined, prefixes, rests), rule),
            label(ANY_TEXT, rule),
            invalid(WRONG_TYPES),
        )
    )


def retention_days(cls: type[Any]) -> Strategy:
    def build(days: Arg) -> Arg:
        return (cls(retention_days=days[0]), days[1])

    days = label(
        st.one_of(st.none(), st.integers(-2, 5480), st.booleans(), st.text(max_size=3)),
        lambda v: VALID if v is None or int_in(v, 1, 5475) else INVALID,
    )
    return st.one_of(st.builds(build, days), invalid(WRONG_TYPES))


def retention_settings() -> Strategy:
    def build(room: Arg, conversation: Arg) -> Arg:
        settings = RetentionSettings(
            room_retention_settings=room[0],  # type: ignore[arg-type]
            conversation_retention_settings=conversation[0],  # type: ignore[arg-type]
        )
        return (settings, INVALID if INVALID in (room[1], conversation[1]) else VALID)

    return st.one_of(
        st.builds(
            build,
            optional(retention_days(RoomRetentionSettings)),
            optional(retention_days(ConversationRetentionSettings)),
        ),
        invalid(WRONG_TYPES | st.none()),
    )


def cdr_sections(cls: type[Any]) -> Strategy:
    def build(bucket: Arg) -> Arg:
        return (cls(cdr_bucket=bucket[0]), bucket[1])

    return unset_or(
        st.one_of(
            st.builds(build, st.one_of(usernames(), invalid(st.none()))),
            invalid(WRONG_TYPES | st.none()),
        )
    )


# -- the methods --------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    """What a method's arguments refer to: ids that exist, and tokens of real listings."""

    team: str  # a Team account with users, every license supported
    enterprise: str  # an EnterpriseLWA account with users
    empty: str  # a Team account without users, which can be deleted
    users: list[str]  # users of the Team account
    enterprise_users: list[str]
    account_tokens: list[str]
    user_tokens: list[str]
    chat: str  # an EnterpriseOIDC account with users, bots, rooms and messages
    chat_members: list[str]  # its users and bots
    bots: list[str]
    rooms: list[str]
    messages: list[str]  # of its first room, and of the conversation CONVERSATION
    chat_tokens: list[str]  # of its listings of rooms, memberships and bots

    def __hash__(self) -> int:
        return hash((self.team, self.enterprise, self.empty))


@pytest.fixture
def world(local_chime: LocalChime) -> World:
    licenses: tuple[LicenseType, ...] = ("Basic", "Plus", "Pro", "ProTrial")
    team = local_chime.add_account(name="Team", supported_licenses=licenses)["AccountId"]
    enterprise = local_chime.add_account(
        name="Enterprise", account_type="EnterpriseLWA", supported_licenses=licenses
    )["AccountId"]
    empty = local_chime.add_account(name="Empty")["AccountId"]
    for n in range(4):
        local_chime.add_account(name=f"Filler {n}")
    users = [local_chime.add_user(team, f"member{n}@example.com") for n in range(3)]
    enterprise_users = [
        local_chime.add_user(enterprise, f"staff{n}@example.com", suspended=n == 0)
        for n in range(2)
    ]
    raw = local_chime.client()
    account_token = raw.list_accounts(MaxResults=2).get("NextToken")
    user_token = raw.list_users(AccountId=team, MaxResults=1).get("NextToken")
    assert account_token is not None
    assert user_token is not None
    chat = local_chime.add_account(name="Chat", account_type="EnterpriseOIDC")["AccountId"]
    chat_users = [local_chime.add_user(chat, f"chat{n}@example.com") for n in range(2)]
    bots = [local_chime.add_bot(chat, f"Bot{n}")["BotId"] for n in range(2)]
    rooms = [local_chime.add_room(chat, f"Room {n}")["RoomId"] for n in range(2)]
    for member in (*chat_users, *bots):
        local_chime.add_room_membership(chat, rooms[0], member)
    messages = [
        local_chime.add_message(chat, "in a room", room_id=rooms[0]),
        local_chime.add_message(chat, "in a conversation", conversation_id=CONVERSATION),
    ]
    chat_tokens = [
        raw.list_rooms(AccountId=chat, MaxResults=1).get("NextToken"),
        raw.list_room_memberships(AccountId=chat, RoomId=rooms[0], MaxResults=1).get("NextToken"),
        raw.list_bots(AccountId=chat, MaxResults=1).get("NextToken"),
    ]
    local_chime.clear_requests()
    return World(
        team,
        enterprise,
        empty,
        users,
        enterprise_users,
        [account_token],
        [user_token],
        chat,
        [*chat_users, *bots],
        bots,
        rooms,
        messages,
        [token for token in chat_tokens if token is not None],
    )


# For each method: its arguments' strategies, given the world.
METHODS: dict[str, Callable[[World], dict[str, Strategy]]] = {
    "create_account": lambda _: {"name": names()},
    "get_account": lambda w: {"account_id": ids([w.team, w.enterprise])},
    "update_account": lambda w: {
        "account_id": ids([w.team, w.enterprise]),
        "name": unset_or(names()),
        "default_license": unset_or(enums(License)),
    },
    "delete_account": lambda w: {"account_id": ids([w.empty])},
    "list_accounts": lambda w: {
        "name": optional(names()),
        "user_email": optional(emails()),
        "page_size": page_sizes(),
        "max_items": max_items(),
        "starting_token": starting_tokens(w.account_tokens),
    },
    "get_account_settings": lambda w: {"account_id": ids([w.team])},
    "update_account_settings": lambda w: {
        "account_id": ids([w.team]),
        "disable_remote_control": unset_or(booleans()),
        "enable_dial_out": unset_or(booleans()),
    },
    "associate_signin_delegate_groups_with_account": lambda w: {
        "account_id": ids([w.team]),
        "group_names": sequences(usernames(), min_size=1, max_size=4),
    },
    "disassociate_signin_delegate_groups_from_account": lambda w: {
        "account_id": ids([w.team]),
        "group_names": sequences(usernames(), min_size=1, max_size=4),
    },
    "create_user": lambda w: {
        "account_id": ids([w.team]),
        "username": optional(usernames()),
        "email": optional(emails()),
        "user_type": optional(enums(UserType)),
    },
    "get_user": lambda w: {"account_id": ids([w.team]), "user_id": ids(w.users)},
    "update_user": lambda w: {
        "account_id": ids([w.team]),
        "user_id": ids(w.users),
        "license_type": unset_or(enums(License)),
        "user_type": unset_or(enums(UserType)),
        "alexa_for_business_metadata": unset_or(alexa_metadata()),
    },
    "reset_personal_pin": lambda w: {"account_id": ids([w.team]), "user_id": ids(w.users)},
    "logout_user": lambda w: {"account_id": ids([w.team]), "user_id": ids(w.users)},
    "list_users": lambda w: {
        "account_id": ids([w.team]),
        "user_email": optional(emails()),
        "user_type": optional(enums(UserType)),
        "page_size": page_sizes(),
        "max_items": max_items(),
        "starting_token": starting_tokens(w.user_tokens),
    },
    "invite_users": lambda w: {
        "account_id": ids([w.team]),
        "emails": sequences(emails(), min_size=1, max_size=60),
        "user_type": optional(enums(UserType)),
    },
    "batch_suspend_user": lambda w: {
        "account_id": ids([w.team]),
        "user_ids": sequences(ids(w.users), min_size=0, max_size=60),
    },
    "batch_unsuspend_user": lambda w: {
        "account_id": ids([w.enterprise]),
        "user_ids": sequences(ids(w.enterprise_users), min_size=0, max_size=60),
    },
    "batch_update_user": lambda w: {
        "account_id": ids([w.team]),
        "updates": sequences(update_items(w.users), min_size=0, max_size=25),
    },
    "suspend_all_users": lambda w: {"account_id": ids([w.team])},
    "get_user_settings": lambda w: {"account_id": ids([w.team]), "user_id": ids(w.users)},
    "update_user_settings": lambda w: {
        "account_id": ids([w.team]),
        "user_id": ids(w.users),
        "settings": user_settings(),
    },
    "associate_phone_number_with_user": lambda w: {
        "account_id": ids([w.team]),
        "user_id": ids(w.users),
        "e164_phone_number": phone_numbers(),
    },
    "disassociate_phone_number_from_user": lambda w: {
        "account_id": ids([w.team]),
        "user_id": ids(w.users),
    },
    "create_room": lambda w: {
        "account_id": ids([w.chat]),
        "name": chat_names(),
        "client_request_token": request_tokens(),
    },
    "get_room": lambda w: {"account_id": ids([w.chat]), "room_id": ids(w.rooms)},
    "update_room": lambda w: {
        "account_id": ids([w.chat]),
        "room_id": ids(w.rooms),
        "name": unset_or(chat_names()),
    },
    "delete_room": lambda w: {"account_id": ids([w.chat]), "room_id": unsure(ids(w.rooms))},
    "list_rooms": lambda w: {
        "account_id": ids([w.chat]),
        "member_id": optional(ids(w.chat_members)),
        "page_size": chat_page_sizes(),
        "max_items": max_items(),
        "starting_token": starting_tokens(w.chat_tokens),
    },
    "create_room_membership": lambda w: {
        "account_id": ids([w.chat]),
        "room_id": ids(w.rooms),
        "member_id": unsure(ids(w.chat_members)),
        "role": optional(enums(RoomMembershipRole)),
    },
    "batch_create_room_membership": lambda w: {
        "account_id": ids([w.chat]),
        "room_id": ids(w.rooms),
        "members": sequences(membership_items(w.chat_members), min_size=0, max_size=55),
    },
    "list_room_memberships": lambda w: {
        "account_id": ids([w.chat]),
        "room_id": ids(w.rooms),
        "page_size": chat_page_sizes(),
        "max_items": max_items(),
        "starting_token": starting_tokens(w.chat_tokens),
    },
    "update_room_membership": lambda w: {
        "account_id": ids([w.chat]),
        "room_id": ids(w.rooms),
        "member_id": unsure(ids(w.chat_members)),
        "role": unset_or(enums(RoomMembershipRole)),
    },
    "delete_room_membership": lambda w: {
        "account_id": ids([w.chat]),
        "room_id": ids(w.rooms),
        "member_id": unsure(ids(w.chat_members)),
    },
    "create_bot": lambda w: {
        "account_id": unsure(ids([w.chat])),  # at most 10 bots
        "display_name": chat_names(),
        "domain": optional(usernames()),
    },
    "get_bot": lambda w: {"account_id": ids([w.chat]), "bot_id": ids(w.bots)},
    "list_bots": lambda w: {
        "account_id": ids([w.chat]),
        "page_size": chat_page_sizes(),
        "max_items": max_items(),
        "starting_token": starting_tokens(w.chat_tokens),
    },
    "update_bot": lambda w: {
        "account_id": ids([w.chat]),
        "bot_id": ids(w.bots),
        "disabled": unset_or(booleans()),
    },
    "regenerate_security_token": lambda w: {"account_id": ids([w.chat]), "bot_id": ids(w.bots)},
    "get_events_configuration": lambda w: {
        "account_id": ids([w.chat]),
        "bot_id": unsure(ids(w.bots)),  # NotFound without a configuration
    },
    "put_events_configuration": lambda w: {
        "account_id": ids([w.chat]),
        "bot_id": ids(w.bots),
        "outbound_events_https_endpoint": https_endpoints(),
        "lambda_function_arn": lambda_arns(),
    },
    "delete_events_configuration": lambda w: {"account_id": ids([w.chat]), "bot_id": ids(w.bots)},
    "get_retention_settings": lambda w: {"account_id": ids([w.chat])},
    "put_retention_settings": lambda w: {
        "account_id": ids([w.chat]),
        "settings": retention_settings(),
    },
    "redact_room_message": lambda w: {
        "account_id": ids([w.chat]),
        "room_id": unsure(ids(w.rooms)),  # the message must be of that room
        "message_id": ids(w.messages),
    },
    "redact_conversation_message": lambda w: {
        "account_id": ids([w.chat]),
        "conversation_id": unsure(ids([CONVERSATION])),
        "message_id": ids(w.messages),
    },
    "get_global_settings": lambda _: {},
    "update_global_settings": lambda _: {
        "business_calling": cdr_sections(BusinessCallingSettings),
        "voice_connector": cdr_sections(VoiceConnectorSettings),
    },
}

# Batches report the service's refusals per user, in the result: they never raise for them.
BATCHES = {
    "batch_suspend_user",
    "batch_unsuspend_user",
    "batch_update_user",
    "batch_create_room_membership",
}


def test_every_public_method_is_covered() -> None:
    public = {
        name
        for name in vars(ChimeAccounts)
        if not name.startswith("_") and callable(getattr(ChimeAccounts, name))
    }
    assert public - {"close"} == set(METHODS)


@functools.cache
def arguments_of(method: str, world: World, bad: str | None) -> st.SearchStrategy[dict[str, Arg]]:
    """The strategy of a method's labelled arguments, built once: building one costs."""
    strategies = METHODS[method](world)
    if bad is not None:
        strategies[bad] = strategies[bad].filter(lambda arg: arg[1] == INVALID)
    return st.fixed_dictionaries(strategies)


#: The fields of each update method: one of them must be given.
UPDATES = {
    "update_account": ("name", "default_license"),
    "update_account_settings": ("disable_remote_control", "enable_dial_out"),
    "update_user": ("license_type", "user_type", "alexa_for_business_metadata"),
    "update_room": ("name",),
    "update_room_membership": ("role",),
    "update_bot": ("disabled",),
    "update_global_settings": ("business_calling", "voice_connector"),
}
#: The targets of each method that needs exactly one of them.
EXACTLY_ONE = {
    "put_events_configuration": ("outbound_events_https_endpoint", "lambda_function_arn"),
}


def draw_call(
    data: st.DataObject, world: World, method: str, *, one_bad: bool = False
) -> tuple[dict[str, object], str]:
    """Draw a method's arguments; return them and the label of the call as a whole.

    With ``one_bad``, one parameter (drawn too) gets an INVALID value for sure.
    """
    bad = None
    if one_bad:
        bad = data.draw(st.sampled_from(sorted(METHODS[method](world))), label="bad parameter")
    drawn = data.draw(arguments_of(method, world, bad), label="arguments")
    arguments = {name: value for name, (value, _) in drawn.items()}
    labels = {arg_label for _, arg_label in drawn.values()}
    if INVALID in labels:
        return arguments, INVALID
    changes = UPDATES.get(method)
    if changes is not None and all(arguments.get(name, UNSET) is UNSET for name in changes):
        return arguments, INVALID  # an update that changes nothing
    targets = EXACTLY_ONE.get(method)
    if targets is not None and sum(arguments.get(name) is not None for name in targets) != 1:
        return arguments, INVALID
    if UNKNOWN in labels and method not in BATCHES:
        return arguments, UNKNOWN
    return arguments, VALID


def call(chime: ChimeAccounts, method: str, arguments: dict[str, object]) -> object:
    result: Any = getattr(chime, method)(**arguments)
    if method.startswith("list_"):
        return list(result)
    return result


def email_taken(server: LocalChime, world: World, arguments: dict[str, object]) -> bool:
    email = arguments.get("email")
    if not isinstance(email, str):
        return False
    taken = {str(u.get("PrimaryEmail", "")).lower() for u in server.users(world.team)}
    return email.lower() in taken


QUICK = settings(
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


def check_bad_call(
    connect: Connector, server: LocalChime, world: World, method: str, data: st.DataObject
) -> None:
    """Arguments with at least one bad value: a ValidationError, and nothing sent."""
    if not METHODS[method](world):
        return  # no arguments: nothing can be bad
    arguments, verdict = draw_call(data, world, method, one_bad=True)
    assert verdict == INVALID
    server.clear_requests()

    with pytest.raises(ValidationError) as caught:
        call(connect.reuse(), method, arguments)

    assert isinstance(caught.value, ValueError)
    assert caught.value.parameter
    assert server.requests == []


def check_any_call(
    connect: Connector, server: LocalChime, world: World, method: str, data: st.DataObject
) -> None:
    """Any arguments: bad ones are refused unsent, good ones succeed."""
    arguments, verdict = draw_call(data, world, method)
    if method == "create_user" and verdict == VALID and email_taken(server, world, arguments):
        verdict = UNKNOWN  # a ConflictError is the service's answer to a taken email
    server.clear_requests()
    chime = connect.reuse()

    if verdict == INVALID:
        with pytest.raises(ValidationError):
            call(chime, method, arguments)
        assert server.requests == []
    elif verdict == VALID:
        call(chime, method, arguments)
    else:
        with contextlib.suppress(ChimeAPIError):
            call(chime, method, arguments)
        assert server.requests


@pytest.mark.parametrize("method", METHODS)
class TestGeneratedArguments:
    """Every public method, both clients. Validation is shared code, so the async client
    runs fewer examples: they prove its methods check before they send, too.
    """

    @settings(QUICK, max_examples=examples(16))
    @given(data=st.data())
    def test_bad_arguments_raise_and_send_nothing(
        self,
        sync_connect: Connector,
        local_chime: LocalChime,
        world: World,
        method: str,
        data: st.DataObject,
    ) -> None:
        check_bad_call(sync_connect, local_chime, world, method, data)

    @settings(QUICK, max_examples=examples(5))
    @given(data=st.data())
    def test_bad_arguments_raise_and_send_nothing_async(
        self,
        async_connect: Connector,
        local_chime: LocalChime,
        world: World,
        method: str,
        data: st.DataObject,
    ) -> None:
        check_bad_call(async_connect, local_chime, world, method, data)

    @settings(QUICK, max_examples=examples(15))
    @given(data=st.data())
    def test_any_arguments(
        self,
        sync_connect: Connector,
        local_chime: LocalChime,
        world: World,
        method: str,
        data: st.DataObject,
    ) -> None:
        check_any_call(sync_connect, local_chime, world, method, data)

    @settings(QUICK, max_examples=examples(5))
    @given(data=st.data())
    def test_any_arguments_async(
        self,
        async_connect: Connector,
        local_chime: LocalChime,
        world: World,
        method: str,
        data: st.DataObject,
    ) -> None:
        check_any_call(async_connect, local_chime, world, method, data)


# Bad input that reached botocore or the service before chime_accounts checked it; found
# by the generated tests above and kept here so they are always tried.
ONCE_ACCEPTED: dict[str, tuple[str, dict[str, object], str]] = {
    "lone surrogate in a name": ("create_account", {"name": "Team \ud800"}, "name"),
    "lone surrogate in an id": ("get_account", {"account_id": "\udfff"}, "account_id"),
    "control character in an email": (
        "list_accounts",
        {"user_email": "pat\x00@example.com"},
        "user_email",
    ),
    "unknown license in a batch item": (
        "batch_update_user",
        {"account_id": "a", "updates": [UpdateUserRequestItem(user_id="u", license_type="Gold")]},  # type: ignore[arg-type]
        "updates[0].license_type",
    ),
    "wrong-typed user type in a batch item": (
        "batch_update_user",
        {"account_id": "a", "updates": [UpdateUserRequestItem(user_id="u", user_type=3)]},  # type: ignore[arg-type]
        "updates[0].user_type",
    ),
    "wrong-typed Alexa flag": (
        "update_user",
        {
            "account_id": "a",
            "user_id": "u",
            "alexa_for_business_metadata": AlexaForBusinessMetadata(
                is_alexa_for_business_enabled="yes"  # type: ignore[arg-type]
            ),
        },
        "alexa_for_business_metadata.is_alexa_for_business_enabled",
    ),
    "wrong-typed telephony setting": (
        "update_user_settings",
        {
            "account_id": "a",
            "user_id": "u",
            "settings": UserSettings(
                telephony=TelephonySettings(inbound_calling=True, outbound_calling=1, sms=True)  # type: ignore[arg-type]
            ),
        },
        "settings.telephony.outbound_calling",
    ),
    "no telephony settings": (
        "update_user_settings",
        {"account_id": "a", "user_id": "u", "settings": UserSettings(telephony=None)},  # type: ignore[arg-type]
        "settings.telephony",
    ),
}


@pytest.mark.parametrize("case", ONCE_ACCEPTED)
def test_once_accepted_bad_input(connect: Connector, local_chime: LocalChime, case: str) -> None:
    method, arguments, parameter = ONCE_ACCEPTED[case]

    with pytest.raises(ValidationError) as caught:
        call(connect.reuse(), method, arguments)

    assert caught.value.parameter == parameter
    assert local_chime.requests == []


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("retry", 3),
        ("config", {"read_timeout": 1}),
        ("region_name", "us east 1"),
        ("endpoint_url", "localhost:80"),
    ],
)
def test_once_accepted_constructor_options(option: str, value: object) -> None:
    for client in (ChimeAccounts, AsyncChimeAccounts):
        with pytest.raises(ValidationError) as caught:
            client(**{option: value})  # type: ignore[arg-type]
        assert caught.value.parameter == option


# -- the constructors ---------------------------------------------------------------------


def constructor_options(endpoint_url: str) -> st.SearchStrategy[dict[str, Arg]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "retry": optional(
                st.one_of(
                    valid(st.just(RetryPolicy(base_delay=0, max_delay=0))), invalid(WRONG_TYPES)
                )
            ),
            "config": optional(
                st.one_of(valid(st.just(Config(read_timeout=5))), invalid(WRONG_TYPES))
            ),
            "region_name": st.one_of(
                valid(st.sampled_from(["us-east-1", "eu-west-2"])),
                invalid(
                    st.sampled_from(["", " ", "us east 1", "-us", "us_east_1"])
                    | WRONG_TYPES
                    | st.none()
                ),
            ),
            "endpoint_url": st.one_of(
                valid(st.just(endpoint_url)),
                invalid(st.sampled_from(["", "127.0.0.1", "ftp://127.0.0.1"]) | WRONG_TYPES),
            ),
            "profile_name": invalid(st.sampled_from(["", " ", "a\nb"]) | WRONG_TYPES),
        },
    )


class TestGeneratedConstructorOptions:
    """The constructors check their options' types at once, not at the first call."""

    @settings(QUICK, max_examples=examples(30))
    @given(data=st.data())
    def test_sync(self, local_chime: LocalChime, data: st.DataObject) -> None:
        drawn = data.draw(constructor_options(local_chime.endpoint_url))
        options = {name: value for name, (value, _) in drawn.items()}
        options.setdefault("endpoint_url", local_chime.endpoint_url)
        if any(arg_label == INVALID for _, arg_label in drawn.values()):
            with pytest.raises(ValidationError):
                ChimeAccounts(**options)  # type: ignore[arg-type]
            return
        with ChimeAccounts(**options) as chime:  # type: ignore[arg-type]
            assert list(chime.list_accounts(max_items=1)) == []

    @settings(QUICK, max_examples=examples(15))
    @given(data=st.data())
    def test_async(self, local_chime: LocalChime, data: st.DataObject) -> None:
        drawn = data.draw(constructor_options(local_chime.endpoint_url))
        options = {name: value for name, (value, _) in drawn.items()}
        if any(arg_label == INVALID for _, arg_label in drawn.values()):
            with pytest.raises(ValidationError):
                AsyncChimeAccounts(**options)  # type: ignore[arg-type]
        else:
            AsyncChimeAccounts(**options)  # type: ignore[arg-type]
