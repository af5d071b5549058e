"""Account settings, delegate groups, users and user settings, end to end."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from chime_accounts import (
    UNSET,
    AccountSettings,
    AccountType,
    AlexaForBusinessMetadata,
    BadRequestError,
    ChimeAccounts,
    ConflictError,
    EmailStatus,
    ErrorCode,
    InviteStatus,
    License,
    NotFoundError,
    RegistrationStatus,
    SigninDelegateGroup,
    TelephonySettings,
    UpdateUserRequestItem,
    User,
    UserSettings,
    UserType,
    ValidationError,
)
from chime_accounts.testing import Fault, LocalChime


@pytest.fixture
def team(chime: ChimeAccounts) -> str:
    """A fresh Team account's id."""
    return chime.create_account("Team").account_id


@pytest.fixture
def lwa(local_chime: LocalChime) -> str:
    """An EnterpriseLWA account's id."""
    return local_chime.add_account(name="LWA", account_type="EnterpriseLWA")["AccountId"]


def bodies(server: LocalChime, operation: str) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in server.requests if r.operation == operation]


class TestAccountSettings:
    """Settings read back what was written; UNSET leaves a setting alone."""

    def test_defaults_and_partial_update(self, chime: ChimeAccounts, team: str) -> None:
        before = chime.get_account_settings(team)

        chime.update_account_settings(team, enable_dial_out=False)

        after = chime.get_account_settings(team)
        assert isinstance(before, AccountSettings)
        assert after.enable_dial_out is False
        assert after.disable_remote_control == before.disable_remote_control

    def test_only_given_settings_are_sent(
        self, chime: ChimeAccounts, local_chime: LocalChime, team: str
    ) -> None:
        chime.update_account_settings(team, disable_remote_control=True)

        assert bodies(local_chime, "UpdateAccountSettings") == [
            {"AccountSettings": {"DisableRemoteControl": True}}
        ]

    def test_truthy_values_are_not_booleans(self, chime: ChimeAccounts, team: str) -> None:
        with pytest.raises(ValidationError, match="enable_dial_out"):
            chime.update_account_settings(team, enable_dial_out=1)  # type: ignore[arg-type]


class TestSigninDelegateGroups:
    """Groups associate with and disassociate from an account."""

    def test_associate_then_disassociate(self, chime: ChimeAccounts, team: str) -> None:
        chime.associate_signin_delegate_groups_with_account(team, group_names=["admins", "ops"])
        associated = chime.get_account(team).signin_delegate_groups
        chime.disassociate_signin_delegate_groups_from_account(team, group_names=["ops"])

        assert set(associated) == {
            SigninDelegateGroup(group_name="admins"),
            SigninDelegateGroup(group_name="ops"),
        }
        assert chime.get_account(team).signin_delegate_groups == (
            SigninDelegateGroup(group_name="admins"),
        )

    @pytest.mark.parametrize("group_names", [[], "admins", ["ok", " "], [3]])
    def test_invalid_group_names(
        self, chime: ChimeAccounts, local_chime: LocalChime, team: str, group_names: object
    ) -> None:
        local_chime.clear_requests()

        with pytest.raises(ValidationError):
            chime.associate_signin_delegate_groups_with_account(team, group_names=group_names)  # type: ignore[arg-type]

        assert local_chime.requests == []


class TestUsers:
    """Users are created, read, updated, reset and logged out."""

    def test_create_and_get(self, chime: ChimeAccounts, team: str) -> None:
        user = chime.create_user(team, username="ann", email="ann@example.com")

        assert isinstance(user, User)
        assert user.primary_email == "ann@example.com"
        assert user.account_id == team
        assert user.user_type is UserType.PRIVATE_USER
        assert chime.get_user(team, user.user_id) == user

    def test_duplicate_email_conflicts(self, chime: ChimeAccounts, team: str) -> None:
        chime.create_user(team, email="dup@example.com")

        with pytest.raises(ConflictError):
            chime.create_user(team, email="dup@example.com")

    def test_unknown_user(self, chime: ChimeAccounts, team: str) -> None:
        with pytest.raises(NotFoundError):
            chime.get_user(team, "no-such-user")

    def test_update_changes_only_what_is_given(
        self, chime: ChimeAccounts, local_chime: LocalChime, team: str
    ) -> None:
        user = chime.create_user(team, email="bo@example.com", user_type=UserType.SHARED_DEVICE)

        updated = chime.update_user(team, user.user_id, license_type=License.BASIC)

        assert updated.license_type is License.BASIC
        assert updated.user_type is UserType.SHARED_DEVICE
        assert bodies(local_chime, "UpdateUser") == [{"LicenseType": "Basic"}]

    def test_update_with_nothing_to_change_is_refused_unsent(
        self, chime: ChimeAccounts, local_chime: LocalChime, team: str
    ) -> None:
        user = chime.create_user(team, email="cy@example.com")

        with pytest.raises(ValidationError) as caught:
            chime.update_user(team, user.user_id, license_type=UNSET)

        assert "nothing to change" in caught.value.rule
        assert bodies(local_chime, "UpdateUser") == []

    def test_update_alexa_metadata(self, chime: ChimeAccounts, team: str) -> None:
        user = chime.create_user(team, email="di@example.com")
        metadata = AlexaForBusinessMetadata(
            is_alexa_for_business_enabled=True, alexa_for_business_room_arn="arn:room"
        )

        updated = chime.update_user(team, user.user_id, alexa_for_business_metadata=metadata)

        assert updated.alexa_for_business_metadata == metadata
        assert "arn:room" not in repr(updated)

    def test_reset_personal_pin_returns_the_pin_but_never_shows_it(
        self, chime: ChimeAccounts, team: str
    ) -> None:
        user = chime.create_user(team, email="ed@example.com", username="Ed Secret")

        reset = chime.reset_personal_pin(team, user.user_id)

        assert reset.personal_pin
        for text in (repr(reset), str(reset)):
            assert reset.personal_pin not in text
            assert "ed@example.com" not in text
            assert "Ed Secret" not in text
        assert reset.to_dict()["PersonalPIN"] == reset.personal_pin

    def test_logout(self, chime: ChimeAccounts, local_chime: LocalChime, team: str) -> None:
        user = chime.create_user(team, email="fi@example.com")

        chime.logout_user(team, user.user_id)

        assert local_chime.requests[-1].operation == "LogoutUser"
        assert local_chime.requests[-1].status == 204


class TestListUsers:
    """list_users pages lazily and keeps its filters, like list_accounts."""

    def test_pages_and_filters(
        self, chime: ChimeAccounts, local_chime: LocalChime, team: str
    ) -> None:
        for i in range(7):
            chime.create_user(team, email=f"u{i}@example.com", user_type="SharedDevice")
        chime.create_user(team, email="person@example.com")
        local_chime.clear_requests()

        devices = list(chime.list_users(team, user_type=UserType.SHARED_DEVICE, page_size=3))
        one = list(chime.list_users(team, user_email="PERSON@example.com"))

        assert len(devices) == 7
        assert {u.user_type for u in devices} == {UserType.SHARED_DEVICE}
        queries = [r.query for r in local_chime.requests if r.operation == "ListUsers"]
        assert all(q["user-type"] == ["SharedDevice"] for q in queries[:3])
        assert [u.primary_email for u in one] == ["person@example.com"]

    def test_resume_mid_page(self, chime: ChimeAccounts, team: str) -> None:
        ids = [chime.create_user(team, email=f"r{i}@example.com").user_id for i in range(9)]
        pager = chime.list_users(team, page_size=4, max_items=6)
        first = [u.user_id for u in pager]

        rest = [u.user_id for u in chime.list_users(team, starting_token=pager.resume_token)]

        assert sorted(first + rest) == sorted(ids)
        assert len(set(first + rest)) == 9


class TestInvites:
    """Invitations go out 50 per request."""

    def test_invite(self, chime: ChimeAccounts, team: str) -> None:
        result = chime.invite_users(team, emails=["a@example.com", "b@example.com"])
        invites = result.invites

        assert result.ok
        assert [i.email_address for i in invites] == ["a@example.com", "b@example.com"]
        assert {i.status for i in invites} == {InviteStatus.PENDING}
        assert {i.email_status for i in invites} == {EmailStatus.SENT}
        assert "a@example.com" not in repr(result)

    def test_more_than_fifty_are_split(
        self, chime: ChimeAccounts, local_chime: LocalChime, team: str
    ) -> None:
        emails = [f"user{i}@example.com" for i in range(120)]

        result = chime.invite_users(team, emails=emails)

        assert [i.email_address for i in result.invites] == emails
        sizes = [len(b["UserEmailList"]) for b in bodies(local_chime, "InviteUsers")]
        assert sizes == [50, 50, 20]

    def test_a_failed_request_loses_none_of_the_invitations_sent(
        self, chime: ChimeAccounts, local_chime: LocalChime, team: str
    ) -> None:
        emails = [f"user{i}@example.com" for i in range(120)]
        local_chime.inject(Fault(operation="InviteUsers", status=400, after=1))

        result = chime.invite_users(team, emails=emails)

        assert not result.ok
        assert [i.email_address for i in result.invites] == emails[:50] + emails[100:]
        assert result.failed_emails == tuple(emails[50:100])
        (failure,) = result.failures
        assert isinstance(failure.error, BadRequestError)
        assert not failure.error.may_have_succeeded
        assert "user50@example.com" not in repr(result)
        invited = {u.get("PrimaryEmail") for u in local_chime.users(team)} & set(emails)
        assert invited == set(emails[:50] + emails[100:])

    def test_an_ambiguous_failure_says_so(
        self, chime: ChimeAccounts, local_chime: LocalChime, team: str
    ) -> None:
        local_chime.inject(Fault(operation="InviteUsers", status=500, apply=True))

        result = chime.invite_users(team, emails=["ed@example.com"])

        (failure,) = result.failures
        assert failure.error.may_have_succeeded
        assert failure.emails == ("ed@example.com",)

    def test_a_bad_email_sends_nothing(
        self, chime: ChimeAccounts, local_chime: LocalChime, team: str
    ) -> None:
        local_chime.clear_requests()
        emails = [f"user{i}@example.com" for i in range(60)] + ["broken"]

        with pytest.raises(ValidationError) as caught:
            chime.invite_users(team, emails=emails)

        assert caught.value.parameter == "emails[60]"
        assert local_chime.requests == []


class TestBatches:
    """Batches split at the service's limits and report per-user failures."""

    def test_suspend_many_users_in_chunks(
        self, chime: ChimeAccounts, local_chime: LocalChime, lwa: str
    ) -> None:
        ids = [local_chime.add_user(lwa, email=f"s{i}@example.com") for i in range(60)]

        result = chime.batch_suspend_user(lwa, user_ids=[*ids, "ghost"])

        assert [len(b["UserIdList"]) for b in bodies(local_chime, "BatchSuspendUser")] == [50, 11]
        assert not result.ok
        assert result.failed_user_ids == ("ghost",)
        assert result.user_errors[0].error_code is ErrorCode.NOT_FOUND
        assert result.succeeded_user_ids == tuple(ids)
        statuses = {chime.get_user(lwa, i).user_registration_status for i in ids}
        assert statuses == {RegistrationStatus.SUSPENDED}

    def test_unsuspend(self, chime: ChimeAccounts, local_chime: LocalChime, lwa: str) -> None:
        user_id = local_chime.add_user(lwa, email="back@example.com")
        chime.batch_suspend_user(lwa, user_ids=[user_id])

        result = chime.batch_unsuspend_user(lwa, user_ids=[user_id])

        assert result.ok
        status = chime.get_user(lwa, user_id).user_registration_status
        assert status is not RegistrationStatus.SUSPENDED

    def test_a_failed_request_becomes_per_user_errors(
        self, chime: ChimeAccounts, local_chime: LocalChime, lwa: str
    ) -> None:
        ids = [local_chime.add_user(lwa, email=f"f{i}@example.com") for i in range(55)]
        local_chime.inject(Fault(operation="BatchSuspendUser", status=403, after=1))

        result = chime.batch_suspend_user(lwa, user_ids=ids)

        assert result.failed_user_ids == tuple(ids[50:])
        assert {e.error_code for e in result.user_errors} == {ErrorCode.FORBIDDEN}
        assert result.succeeded_user_ids == tuple(ids[:50])

    def test_update_in_chunks_of_twenty(
        self, chime: ChimeAccounts, local_chime: LocalChime, team: str
    ) -> None:
        ids = [chime.create_user(team, email=f"b{i}@example.com").user_id for i in range(25)]
        updates = [UpdateUserRequestItem(user_id=i, license_type=License.BASIC) for i in ids]

        result = chime.batch_update_user(team, updates=updates)

        assert result.ok
        assert [
            len(b["UpdateUserRequestItems"]) for b in bodies(local_chime, "BatchUpdateUser")
        ] == [20, 5]
        assert {u.license_type for u in chime.list_users(team)} == {License.BASIC}

    def test_empty_batch_sends_nothing(
        self, chime: ChimeAccounts, local_chime: LocalChime, lwa: str
    ) -> None:
        local_chime.clear_requests()

        result = chime.batch_suspend_user(lwa, user_ids=[])

        assert result.ok
        assert local_chime.requests == []

    def test_suspend_all_users_then_delete(
        self, chime: ChimeAccounts, local_chime: LocalChime
    ) -> None:
        account = chime.create_account("Closing")
        for i in range(3):
            chime.create_user(account.account_id, email=f"c{i}@example.com")

        result = chime.suspend_all_users(account.account_id)
        chime.delete_account(account.account_id)

        assert result.ok
        assert len(result.user_ids) == 3
        assert local_chime.accounts()[0]["AccountStatus"] == "Suspended"


class TestUserSettings:
    """User settings replace the telephony permissions."""

    def test_round_trip(self, chime: ChimeAccounts, team: str) -> None:
        user = chime.create_user(team, email="tel@example.com")
        wanted = UserSettings(
            telephony=TelephonySettings(inbound_calling=True, outbound_calling=False, sms=False)
        )

        chime.update_user_settings(team, user.user_id, settings=wanted)

        assert chime.get_user_settings(team, user.user_id) == wanted


class TestSensitiveData:
    """Emails, names, numbers and PINs never reach repr, str, errors or logs."""

    def test_session_at_debug_level_leaks_nothing(
        self, chime: ChimeAccounts, team: str, caplog: pytest.LogCaptureFixture
    ) -> None:
        secrets = ["leaky.person@example.com", "Leaky Person"]
        with caplog.at_level(logging.DEBUG, logger="chime_accounts"):
            user = chime.create_user(team, email=secrets[0], username=secrets[1])
            pin = chime.reset_personal_pin(team, user.user_id).personal_pin
            assert pin is not None
            secrets.append(pin)
            list(chime.list_users(team, user_email=secrets[0]))
            with pytest.raises(ValidationError) as caught:
                chime.create_user(team, email="leaky.person@")

        texts = [r.getMessage() for r in caplog.records if r.name.startswith("chime_accounts")]
        texts += [repr(user), str(user), str(caught.value)]
        for secret in secrets:
            assert not any(secret in text for text in texts)


def test_account_type_of_lwa_fixture(chime: ChimeAccounts, lwa: str) -> None:
    assert chime.get_account(lwa).account_type is AccountType.ENTERPRISE_LWA
