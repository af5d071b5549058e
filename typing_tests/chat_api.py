"""Type-checked only, never run: rooms, memberships, bots, retention and global settings.

As in public_api.py, each ``type: ignore[...]`` line must be an error.
"""

from __future__ import annotations

import datetime as dt

from typing_extensions import assert_type

from chime_accounts import (
    UNSET,
    AsyncChimeAccounts,
    AsyncPager,
    Bot,
    BotType,
    BusinessCallingSettings,
    ChimeAccounts,
    ErrorCode,
    EventsConfiguration,
    GlobalSettings,
    Member,
    MemberError,
    MembershipBatchResult,
    MembershipItem,
    MemberType,
    Pager,
    Retention,
    RetentionSettings,
    Room,
    RoomMembership,
    RoomMembershipRole,
    RoomRetentionSettings,
)


def rooms(chime: ChimeAccounts, account_id: str) -> None:
    room = chime.create_room(account_id, name="General")
    assert_type(room, Room)
    assert_type(room.room_id, str | None)
    assert_type(room.name, str | None)
    assert_type(room.created_timestamp, dt.datetime | None)
    request = "ops-room-1"  # an idempotency token, which S105 would take for a password
    assert_type(chime.create_room(account_id, name="Ops", client_request_token=request), Room)
    assert_type(chime.get_room(account_id, "r"), Room)
    assert_type(chime.update_room(account_id, "r", name="Renamed"), Room)
    assert_type(chime.delete_room(account_id, "r"), None)
    assert_type(chime.list_rooms(account_id, member_id="u", page_size=99), Pager[Room])
    assert_type(chime.redact_room_message(account_id, "r", "m"), None)
    chime.create_room(account_id, "General")  # type: ignore[call-arg]
    chime.update_room(account_id, "r", name=None)  # type: ignore[arg-type]


def memberships(chime: ChimeAccounts, account_id: str) -> None:
    membership = chime.create_room_membership(
        account_id, "r", member_id="u", role=RoomMembershipRole.ADMINISTRATOR
    )
    assert_type(membership, RoomMembership)
    assert_type(membership.member, Member | None)
    assert_type(membership.role, RoomMembershipRole | None)
    if membership.member is not None:
        assert_type(membership.member.member_type, MemberType | None)
    assert_type(chime.update_room_membership(account_id, "r", "u", role="Member"), RoomMembership)
    pager = chime.list_room_memberships(account_id, "r")
    assert_type(pager, Pager[RoomMembership])
    result = chime.batch_create_room_membership(
        account_id, "r", members=[MembershipItem(member_id="u")]
    )
    assert_type(result, MembershipBatchResult)
    assert_type(result.errors, tuple[MemberError, ...])
    assert_type(result.errors[0].error_code, ErrorCode | None)
    assert_type(result.uncertain_member_ids, tuple[str, ...])
    assert_type(chime.delete_room_membership(account_id, "r", "u"), None)
    chime.create_room_membership(account_id, "r", "u")  # type: ignore[call-arg]
    chime.batch_create_room_membership(account_id, "r", members=["u"])  # type: ignore[list-item]
    chime.update_room_membership(account_id, "r", "u", role=3)  # type: ignore[arg-type]


def bots(chime: ChimeAccounts, account_id: str) -> None:
    bot = chime.create_bot(account_id, display_name="HelpBot", domain="example.com")
    assert_type(bot, Bot)
    assert_type(bot.bot_id, str | None)
    assert_type(bot.security_token, str | None)
    assert_type(bot.bot_type, BotType | None)
    assert_type(bot.disabled, bool | None)
    assert_type(chime.get_bot(account_id, "b"), Bot)
    assert_type(chime.update_bot(account_id, "b", disabled=True), Bot)
    assert_type(chime.regenerate_security_token(account_id, "b"), Bot)
    assert_type(chime.list_bots(account_id), Pager[Bot])
    config = chime.put_events_configuration(
        account_id, "b", outbound_events_https_endpoint="https://example.com/e"
    )
    assert_type(config, EventsConfiguration)
    assert_type(config.outbound_events_https_endpoint, str | None)
    assert_type(chime.get_events_configuration(account_id, "b"), EventsConfiguration)
    assert_type(chime.delete_events_configuration(account_id, "b"), None)
    chime.update_bot(account_id, "b", disabled="yes")  # type: ignore[arg-type]
    chime.create_bot(account_id, "HelpBot")  # type: ignore[call-arg]


def account_extras(chime: ChimeAccounts, account_id: str) -> None:
    retention = chime.get_retention_settings(account_id)
    assert_type(retention, Retention)
    assert_type(retention.retention_settings, RetentionSettings | None)
    assert_type(retention.initiate_deletion_timestamp, dt.datetime | None)
    settings = RetentionSettings(room_retention_settings=RoomRetentionSettings(retention_days=30))
    assert_type(chime.put_retention_settings(account_id, settings=settings), None)
    assert_type(
        chime.associate_phone_number_with_user(account_id, "u", e164_phone_number="+12065550100"),
        None,
    )
    assert_type(chime.disassociate_phone_number_from_user(account_id, "u"), None)
    assert_type(chime.redact_conversation_message(account_id, "c", "m"), None)
    global_settings = chime.get_global_settings()
    assert_type(global_settings, GlobalSettings)
    assert_type(global_settings.business_calling, BusinessCallingSettings | None)
    chime.update_global_settings(business_calling=BusinessCallingSettings(cdr_bucket="b"))
    chime.update_global_settings(voice_connector=UNSET)
    chime.put_retention_settings(account_id, settings={"RoomRetentionSettings": {}})  # type: ignore[arg-type]
    RoomRetentionSettings(retention_days="30")  # type: ignore[arg-type]


async def awaited(chime: AsyncChimeAccounts, account_id: str) -> None:
    assert_type(await chime.create_room(account_id, name="General"), Room)
    assert_type(chime.list_rooms(account_id), AsyncPager[Room])
    assert_type(chime.list_room_memberships(account_id, "r"), AsyncPager[RoomMembership])
    assert_type(chime.list_bots(account_id), AsyncPager[Bot])
    assert_type(await chime.regenerate_security_token(account_id, "b"), Bot)
    assert_type(
        await chime.batch_create_room_membership(account_id, "r", members=[]),
        MembershipBatchResult,
    )
    assert_type(await chime.get_global_settings(), GlobalSettings)
    assert_type(await chime.put_retention_settings(account_id, settings=RetentionSettings()), None)
