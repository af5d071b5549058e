"""The models of rooms, bots, retention and global settings: round trips, strictness."""

from __future__ import annotations

import datetime as dt
import json
import typing
from typing import Any, cast

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from chime_accounts import (
    Bot,
    BusinessCallingSettings,
    ConversationRetentionSettings,
    ErrorCode,
    EventsConfiguration,
    GlobalSettings,
    Member,
    MemberError,
    MembershipBatchResult,
    MembershipItem,
    OpenEnum,
    ResponseParseError,
    Retention,
    RetentionSettings,
    Room,
    RoomMembership,
    RoomMembershipRole,
    RoomRetentionSettings,
    VoiceConnectorSettings,
)
from chime_accounts._response_checks import check_response

MODELS: list[type[Any]] = [
    Bot,
    BusinessCallingSettings,
    ConversationRetentionSettings,
    EventsConfiguration,
    GlobalSettings,
    Member,
    MemberError,
    MembershipItem,
    Retention,
    RetentionSettings,
    Room,
    RoomMembership,
    RoomRetentionSettings,
    VoiceConnectorSettings,
]
AWARE = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),
    max_value=dt.datetime(2100, 1, 1),
    timezones=st.just(dt.timezone.utc),
)


def values_of(hint: Any) -> st.SearchStrategy[Any]:
    """A strategy of the values a field of this type holds, unknown enum members too."""
    options = [arg for arg in typing.get_args(hint) if arg is not type(None)] or [hint]
    (kind,) = options
    strategy: st.SearchStrategy[Any]
    if isinstance(kind, type) and issubclass(kind, OpenEnum):
        enum_class: type[OpenEnum] = kind
        strategy = st.sampled_from([*enum_class]) | st.just(kind("AddedLater"))
    elif kind is str:
        strategy = st.text(max_size=20)
    elif kind is bool:
        strategy = st.booleans()
    elif kind is int:
        strategy = st.integers(1, 5475)
    elif kind is dt.datetime:
        strategy = AWARE
    else:
        strategy = models(cast("type[Any]", kind))
    return st.none() | strategy


def models(cls: type[Any]) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls)
    fields = {field.name: values_of(hints[field.name]) for field in attrs.fields(cls)}
    return st.builds(cls, **fields)


class TestRoundTrips:
    """Every model reads back what it writes, as a dict and as JSON."""

    @pytest.mark.parametrize("cls", MODELS)
    @given(data=st.data())
    def test_dict_and_json(self, cls: type[Any], data: st.DataObject) -> None:
        model = data.draw(models(cls))

        assert cls.from_dict(model.to_dict()) == model
        assert cls.from_json(model.to_json()) == model
        assert cls.from_dict(json.loads(model.to_json())) == model

    def test_the_https_endpoint_has_its_aws_name(self) -> None:
        config = EventsConfiguration(bot_id="b", outbound_events_https_endpoint="https://e")

        assert config.to_dict() == {"BotId": "b", "OutboundEventsHTTPSEndpoint": "https://e"}
        assert EventsConfiguration.from_dict(
            {"OutboundEventsHTTPSEndpoint": "https://e"}
        ).outbound_events_https_endpoint == ("https://e")
        assert config.to_dict(mask="***")["OutboundEventsHTTPSEndpoint"] == "***"

    def test_nested_sensitive_members_are_masked(self) -> None:
        membership = RoomMembership(
            room_id="r", member=Member(member_id="u", email="pat@example.com", full_name="Pat")
        )

        masked = membership.to_dict(mask="***")

        assert masked["Member"] == {"MemberId": "u", "Email": "***", "FullName": "***"}


class TestStrictness:
    """Wrong-typed answers fail, naming the member; nothing is coerced."""

    @pytest.mark.parametrize("days", ["30", True, 30.0, [30]])
    def test_retention_days_are_integers(self, days: object) -> None:
        with pytest.raises(ResponseParseError) as caught:
            Retention.from_dict(
                {"RetentionSettings": {"RoomRetentionSettings": {"RetentionDays": days}}}
            )

        assert (
            caught.value.member == "Retention.RetentionSettings.RoomRetentionSettings.RetentionDays"
        )

    @pytest.mark.parametrize(
        ("data", "member"),
        [
            ({"Disabled": "false"}, "Bot.Disabled"),
            ({"SecurityToken": 5}, "Bot.SecurityToken"),
            ({"CreatedTimestamp": "yesterday"}, "Bot.CreatedTimestamp"),
        ],
    )
    def test_bots(self, data: dict[str, Any], member: str) -> None:
        with pytest.raises(ResponseParseError) as caught:
            Bot.from_dict(data)

        assert caught.value.member == member

    def test_unknown_enum_values_and_members_are_tolerated(self) -> None:
        membership = RoomMembership.from_dict(
            {"Role": "Moderator", "Member": {"MemberType": "Robot", "Nickname": "x"}}
        )

        assert membership.role is not None
        assert membership.role.is_unknown
        assert membership.member is not None
        assert membership.member.member_type is not None
        assert membership.member.member_type.value == "Robot"
        assert membership.to_dict() == {"Role": "Moderator", "Member": {"MemberType": "Robot"}}


class TestMembershipBatchResult:
    """The summary properties of a membership batch."""

    def test_properties(self) -> None:
        result = MembershipBatchResult(
            member_ids=("a", "b", "c"),
            errors=(MemberError(member_id="b", error_code=ErrorCode.CONFLICT),),
        )

        assert not result.ok
        assert result.failed_member_ids == ("b",)
        assert result.succeeded_member_ids == ("a", "c")
        assert result.uncertain_member_ids == ()
        assert MembershipBatchResult(member_ids=("a",), errors=()).ok

    def test_an_item_knows_its_role(self) -> None:
        item = MembershipItem(member_id="u", role=RoomMembershipRole.ADMINISTRATOR)

        assert item.to_dict() == {"MemberId": "u", "Role": "Administrator"}


class TestNoContent:
    """A 204 answer has no body, even where the model lists members (PutRetentionSettings)."""

    def test_an_empty_204_passes_and_an_empty_200_does_not(self) -> None:
        import botocore.session
        from botocore.parsers import ResponseParserError

        model = botocore.session.get_session().get_service_model("chime")
        operation = model.operation_model("PutRetentionSettings")

        check_response({"body": b"", "headers": {}, "status_code": 204}, operation)
        with pytest.raises(ResponseParserError):
            check_response({"body": b"", "headers": {}, "status_code": 200}, operation)
