"""Retention settings, phone numbers, conversation redaction and global settings, end to end."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chime_accounts import (
    UNSET,
    BadRequestError,
    BusinessCallingSettings,
    ChimeAccounts,
    ConversationRetentionSettings,
    GlobalSettings,
    NotFoundError,
    Retention,
    RetentionSettings,
    RoomRetentionSettings,
    ValidationError,
    VoiceConnectorSettings,
)
from chime_accounts.testing import Fault, LocalChime


@pytest.fixture
def enterprise(local_chime: LocalChime) -> str:
    return local_chime.add_account("Enterprise", account_type="EnterpriseDirectory")["AccountId"]


@pytest.fixture
def user(local_chime: LocalChime, enterprise: str) -> str:
    return local_chime.add_user(enterprise, "jane@example.com")


def bodies(server: LocalChime, operation: str) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in server.requests if r.operation == operation]


def sent(server: LocalChime, operation: str) -> int:
    return sum(1 for r in server.requests if r.operation == operation)


class TestRetentionSettings:
    """Retention is off at first, put replaces it whole, and days follow the model."""

    def test_off_at_first(self, chime: ChimeAccounts, enterprise: str) -> None:
        retention = chime.get_retention_settings(enterprise)

        assert retention == Retention(retention_settings=RetentionSettings())

    def test_put_then_get(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str
    ) -> None:
        settings = RetentionSettings(
            room_retention_settings=RoomRetentionSettings(retention_days=30),
            conversation_retention_settings=ConversationRetentionSettings(retention_days=5475),
        )

        chime.put_retention_settings(enterprise, settings=settings)

        retention = chime.get_retention_settings(enterprise)
        assert retention.retention_settings == settings
        assert retention.initiate_deletion_timestamp is not None
        assert retention.initiate_deletion_timestamp.tzinfo is not None
        assert bodies(local_chime, "PutRetentionSettings") == [
            {
                "RetentionSettings": {
                    "RoomRetentionSettings": {"RetentionDays": 30},
                    "ConversationRetentionSettings": {"RetentionDays": 5475},
                }
            }
        ]

    def test_a_kind_left_out_is_turned_off(self, chime: ChimeAccounts, enterprise: str) -> None:
        both = RetentionSettings(
            room_retention_settings=RoomRetentionSettings(retention_days=30),
            conversation_retention_settings=ConversationRetentionSettings(retention_days=30),
        )
        chime.put_retention_settings(enterprise, settings=both)

        rooms_only = RetentionSettings(
            room_retention_settings=RoomRetentionSettings(retention_days=7),
            conversation_retention_settings=ConversationRetentionSettings(),
        )
        chime.put_retention_settings(enterprise, settings=rooms_only)

        got = chime.get_retention_settings(enterprise).retention_settings
        assert got == RetentionSettings(
            room_retention_settings=RoomRetentionSettings(retention_days=7)
        )
        chime.put_retention_settings(enterprise, settings=RetentionSettings())
        assert chime.get_retention_settings(enterprise) == Retention(
            retention_settings=RetentionSettings()
        )

    def test_a_put_is_retried_after_a_server_error(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str
    ) -> None:
        local_chime.inject(Fault(operation="PutRetentionSettings", status=500, apply=True))
        settings = RetentionSettings(
            room_retention_settings=RoomRetentionSettings(retention_days=1)
        )

        chime.put_retention_settings(enterprise, settings=settings)

        assert sent(local_chime, "PutRetentionSettings") == 2

    def test_a_team_account_has_no_retention(self, chime: ChimeAccounts) -> None:
        team = chime.create_account("Team").account_id

        with pytest.raises(BadRequestError, match="Enterprise"):
            chime.get_retention_settings(team)
        with pytest.raises(NotFoundError):
            chime.get_retention_settings("no-such-account")

    @pytest.mark.parametrize(
        ("settings", "parameter"),
        [
            (None, "settings"),
            ({"RoomRetentionSettings": {"RetentionDays": 1}}, "settings"),
            (
                RetentionSettings(room_retention_settings=RoomRetentionSettings(retention_days=0)),
                "settings.room_retention_settings.retention_days",
            ),
            (
                RetentionSettings(
                    conversation_retention_settings=ConversationRetentionSettings(
                        retention_days=5476
                    )
                ),
                "settings.conversation_retention_settings.retention_days",
            ),
            (
                RetentionSettings(
                    room_retention_settings=RoomRetentionSettings(retention_days="30")  # type: ignore[arg-type]
                ),
                "settings.room_retention_settings.retention_days",
            ),
            (
                RetentionSettings(
                    room_retention_settings=RoomRetentionSettings(retention_days=True)
                ),
                "settings.room_retention_settings.retention_days",
            ),
            (
                RetentionSettings(
                    room_retention_settings=ConversationRetentionSettings(retention_days=3)  # type: ignore[arg-type]
                ),
                "settings.room_retention_settings",
            ),
        ],
    )
    def test_bad_settings_are_refused_unsent(
        self,
        chime: ChimeAccounts,
        local_chime: LocalChime,
        enterprise: str,
        settings: object,
        parameter: str,
    ) -> None:
        local_chime.clear_requests()

        with pytest.raises(ValidationError) as caught:
            chime.put_retention_settings(enterprise, settings=settings)  # type: ignore[arg-type]

        assert caught.value.parameter == parameter
        assert local_chime.requests == []


class TestPhoneNumbers:
    """A user's primary number is associated and disassociated; it is never echoed."""

    def test_associate_and_disassociate(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, user: str
    ) -> None:
        chime.associate_phone_number_with_user(enterprise, user, e164_phone_number="+12065550100")

        got = chime.get_user(enterprise, user)
        assert got.primary_provisioned_number == "+12065550100"
        assert "+12065550100" not in repr(got)

        chime.associate_phone_number_with_user(enterprise, user, e164_phone_number="12065550199")
        assert chime.get_user(enterprise, user).primary_provisioned_number == "+12065550199"

        chime.disassociate_phone_number_from_user(enterprise, user)
        chime.disassociate_phone_number_from_user(enterprise, user)  # none left: fine
        assert chime.get_user(enterprise, user).primary_provisioned_number is None
        assert bodies(local_chime, "AssociatePhoneNumberWithUser")[0] == {
            "E164PhoneNumber": "+12065550100"
        }

    def test_associating_is_retried_after_a_server_error(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, user: str
    ) -> None:
        local_chime.inject(Fault(operation="AssociatePhoneNumberWithUser", status=500, apply=True))

        chime.associate_phone_number_with_user(enterprise, user, e164_phone_number="+12065550100")

        assert sent(local_chime, "AssociatePhoneNumberWithUser") == 2

    def test_a_number_of_another_user_is_refused_by_the_service(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str, user: str
    ) -> None:
        other = local_chime.add_user(enterprise, "other@example.com")
        chime.associate_phone_number_with_user(enterprise, user, e164_phone_number="+12065550100")

        with pytest.raises(BadRequestError) as caught:
            chime.associate_phone_number_with_user(
                enterprise, other, e164_phone_number="+12065550100"
            )

        assert "2065550100" not in str(caught.value)

    def test_unknown_user(self, chime: ChimeAccounts, enterprise: str) -> None:
        with pytest.raises(NotFoundError):
            chime.associate_phone_number_with_user(
                enterprise, "nope", e164_phone_number="+12065550100"
            )
        with pytest.raises(NotFoundError):
            chime.disassociate_phone_number_from_user(enterprise, "nope")

    @pytest.mark.parametrize(
        "number",
        [
            "+0123",
            "2065550100x",
            "+1234567890123456",
            "",
            "+",
            "+1",
            "+1 206 555 0100",
            "1\u0662\u0663\u0664\u0665",  # digits, but not ASCII ones
            12065550100,
        ],
    )
    def test_numbers_outside_e164_are_refused_unsent_and_never_echoed(
        self,
        chime: ChimeAccounts,
        local_chime: LocalChime,
        enterprise: str,
        user: str,
        number: object,
    ) -> None:
        local_chime.clear_requests()

        with pytest.raises(ValidationError) as caught:
            chime.associate_phone_number_with_user(enterprise, user, e164_phone_number=number)  # type: ignore[arg-type]

        assert caught.value.parameter == "e164_phone_number"
        assert len(str(number)) < 3 or str(number) not in str(caught.value)
        assert local_chime.requests == []


class TestRedactConversationMessage:
    """A conversation's message is redacted in any kind of account, twice harmlessly."""

    def test_redact_twice(self, chime: ChimeAccounts, local_chime: LocalChime) -> None:
        team = chime.create_account("Team").account_id
        message = local_chime.add_message(team, "typo", conversation_id="conv-1")

        chime.redact_conversation_message(team, "conv-1", message)
        chime.redact_conversation_message(team, "conv-1", message)

        assert local_chime.messages(team)[0]["Redacted"] is True
        with pytest.raises(NotFoundError):
            chime.redact_conversation_message(team, "conv-2", message)

    def test_bad_ids_are_refused_unsent(
        self, chime: ChimeAccounts, local_chime: LocalChime, enterprise: str
    ) -> None:
        with pytest.raises(ValidationError, match="conversation_id"):
            chime.redact_conversation_message(enterprise, "\t", "m")
        with pytest.raises(ValidationError, match="message_id"):
            chime.redact_conversation_message(enterprise, "c", 5)  # type: ignore[arg-type]

        assert local_chime.requests == []


class TestGlobalSettings:
    """The AWS account's global settings are read and changed section by section."""

    def test_nothing_at_first(self, chime: ChimeAccounts) -> None:
        assert chime.get_global_settings() == GlobalSettings(
            business_calling=BusinessCallingSettings(), voice_connector=VoiceConnectorSettings()
        )

    def test_update_sets_what_is_given(self, chime: ChimeAccounts, local_chime: LocalChime) -> None:
        chime.update_global_settings(business_calling=BusinessCallingSettings(cdr_bucket="calls"))
        chime.update_global_settings(voice_connector=VoiceConnectorSettings(cdr_bucket="voice"))

        settings = chime.get_global_settings()
        assert settings.business_calling == BusinessCallingSettings(cdr_bucket="calls")
        assert settings.voice_connector == VoiceConnectorSettings(cdr_bucket="voice")
        assert bodies(local_chime, "UpdateGlobalSettings") == [
            {"BusinessCalling": {"CdrBucket": "calls"}},
            {"VoiceConnector": {"CdrBucket": "voice"}},
        ]

    @pytest.mark.parametrize(
        ("arguments", "parameter"),
        [
            ({}, "business_calling, voice_connector"),
            (
                {"business_calling": UNSET, "voice_connector": UNSET},
                "business_calling, voice_connector",
            ),
            ({"business_calling": BusinessCallingSettings()}, "business_calling.cdr_bucket"),
            (
                {"voice_connector": VoiceConnectorSettings(cdr_bucket=" ")},
                "voice_connector.cdr_bucket",
            ),
            ({"voice_connector": BusinessCallingSettings(cdr_bucket="b")}, "voice_connector"),
            ({"business_calling": {"CdrBucket": "b"}}, "business_calling"),
        ],
    )
    def test_bad_input_is_refused_unsent(
        self,
        chime: ChimeAccounts,
        local_chime: LocalChime,
        arguments: dict[str, Any],
        parameter: str,
    ) -> None:
        with pytest.raises(ValidationError) as caught:
            chime.update_global_settings(**arguments)

        assert caught.value.parameter == parameter
        assert local_chime.requests == []
