"""Models, enums and the converter: forward compatible, strict, round-tripping."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import attrs
import pytest
from dateutil.tz import tzlocal, tzoffset, tzutc
from hypothesis import given
from hypothesis import strategies as st

from chime_accounts import (
    Account,
    AccountStatus,
    AccountType,
    License,
    ResponseParseError,
    SigninDelegateGroup,
)
from chime_accounts._converter import structure


def account_dict(**overrides: Any) -> dict[str, Any]:
    """An Account as botocore returns it, with every member present."""
    data: dict[str, Any] = {
        "AwsAccountId": "123456789012",
        "AccountId": "a1b2",
        "Name": "Example",
        "AccountType": "EnterpriseOIDC",
        "CreatedTimestamp": dt.datetime(2021, 7, 16, 12, 30, tzinfo=tzutc()),
        "DefaultLicense": "Pro",
        "SupportedLicenses": ["Basic", "Pro"],
        "AccountStatus": "Active",
        "SigninDelegateGroups": [{"GroupName": "admins"}],
    }
    data.update(overrides)
    return data


class TestOpenEnums:
    """Unknown enum values become members of the same class instead of failing."""

    def test_known_values(self) -> None:
        assert AccountType("EnterpriseLWA") is AccountType.ENTERPRISE_LWA
        as_text: str = AccountType.ENTERPRISE_LWA
        assert as_text == "EnterpriseLWA"
        assert License.PRO_TRIAL.value == "ProTrial"
        assert not AccountStatus.ACTIVE.is_unknown

    def test_unknown_value_is_a_member_of_the_class(self) -> None:
        status = AccountStatus("Frozen")

        assert isinstance(status, AccountStatus)
        assert status.is_unknown
        assert status.value == "Frozen"
        assert status == "Frozen"
        assert str(status) == "Frozen"
        assert AccountStatus("Frozen") == status
        assert "Frozen" in repr(status)

    def test_unknown_values_are_not_listed_as_members(self) -> None:
        AccountType("Galactic")

        assert [m.value for m in AccountType] == [
            "Team",
            "EnterpriseDirectory",
            "EnterpriseLWA",
            "EnterpriseOIDC",
        ]

    def test_non_strings_are_still_rejected(self) -> None:
        with pytest.raises(ValueError, match="not a valid"):
            License(7)


class TestAccountModel:
    """Account is frozen, keyword-only, hashable and built from boto3 dicts."""

    def test_from_dict_reads_every_member(self) -> None:
        account = Account.from_dict(account_dict())

        assert account == Account(
            aws_account_id="123456789012",
            account_id="a1b2",
            name="Example",
            account_type=AccountType.ENTERPRISE_OIDC,
            created_timestamp=dt.datetime(2021, 7, 16, 12, 30, tzinfo=dt.timezone.utc),
            default_license=License.PRO,
            supported_licenses=(License.BASIC, License.PRO),
            account_status=AccountStatus.ACTIVE,
            signin_delegate_groups=(SigninDelegateGroup(group_name="admins"),),
        )

    def test_is_frozen_slotted_and_hashable(self) -> None:
        account = Account.from_dict(account_dict())

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            account.name = "Other"  # type: ignore[misc]
        assert not hasattr(account, "__dict__")
        assert {account: 1}[Account.from_dict(account_dict())] == 1

    def test_is_keyword_only(self) -> None:
        with pytest.raises(TypeError):
            Account("1", "2", "3")  # type: ignore[call-arg]

    def test_to_dict_is_aws_shaped(self) -> None:
        data = account_dict()
        data["CreatedTimestamp"] = data["CreatedTimestamp"].astimezone(dt.timezone.utc)

        assert Account.from_dict(data).to_dict() == data

    def test_missing_optional_members(self) -> None:
        account = Account.from_dict({"AwsAccountId": "1", "AccountId": "2", "Name": "Old"})

        assert account.account_status is None
        assert account.created_timestamp is None
        assert account.supported_licenses == ()
        assert account.signin_delegate_groups == ()

    def test_unknown_members_and_enum_values_are_tolerated(self) -> None:
        data = account_dict(
            AccountStatus="Archived", SupportedLicenses=["Pro", "Ultra"], NewMember={"x": 1}
        )

        account = Account.from_dict(data)

        assert account.account_status is not None
        assert account.account_status.is_unknown
        assert account.supported_licenses[1].value == "Ultra"
        assert account.to_dict()["AccountStatus"] == "Archived"
        assert "NewMember" not in account.to_dict()

    @pytest.mark.parametrize(
        "tzinfo",
        [tzlocal(), tzutc(), tzoffset("X", 5 * 3600), dt.timezone(dt.timedelta(hours=-3))],
    )
    def test_timestamps_become_utc(self, tzinfo: dt.tzinfo) -> None:
        moment = dt.datetime(2021, 7, 16, 12, 30, tzinfo=tzinfo)

        account = Account.from_dict(account_dict(CreatedTimestamp=moment))

        assert account.created_timestamp == moment
        assert account.created_timestamp is not None
        assert account.created_timestamp.tzinfo is dt.timezone.utc

    @pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "America/New_York", "Europe/Berlin"])
    def test_tzlocal_timestamps_become_utc_in_any_local_zone(
        self, zone: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # botocore's tzlocal() datetimes take a short cut on a host in UTC; elsewhere
        # (and with daylight saving time) they are asked for their offset.
        monkeypatch.setenv("TZ", zone)
        time.tzset()
        try:
            summer = dt.datetime(2021, 7, 16, 12, 30, 1, 123456, tzinfo=tzlocal())
            winter = dt.datetime(2021, 1, 16, 12, 30, tzinfo=tzlocal())
            for moment in (summer, winter):
                account = Account.from_dict(account_dict(CreatedTimestamp=moment))
                assert account.created_timestamp == moment
                assert account.created_timestamp is not None
                assert account.created_timestamp.tzinfo is dt.timezone.utc
                assert account.created_timestamp.utcoffset() == dt.timedelta(0)
        finally:
            monkeypatch.undo()
            time.tzset()


class TestResponseParsing:
    """A response that breaks the model is a ResponseParseError naming the member."""

    @pytest.mark.parametrize("member", ["AwsAccountId", "AccountId", "Name"])
    def test_missing_required_member(self, member: str) -> None:
        data = account_dict()
        del data[member]

        with pytest.raises(ResponseParseError) as caught:
            structure("GetAccount", data, Account, "Account")

        assert caught.value.operation == "GetAccount"
        assert caught.value.member == f"Account.{member}"
        assert member in str(caught.value)

    @pytest.mark.parametrize(
        ("overrides", "member"),
        [
            ({"Name": None}, "Account.Name"),
            ({"Name": 123}, "Account.Name"),
            ({"AccountStatus": 1}, "Account.AccountStatus"),
            ({"SupportedLicenses": "Pro"}, "Account.SupportedLicenses"),
            ({"SupportedLicenses": ["Pro", None]}, "Account.SupportedLicenses[1]"),
            (
                {"SigninDelegateGroups": [{"GroupName": 5}]},
                "Account.SigninDelegateGroups[0].GroupName",
            ),
            ({"CreatedTimestamp": "yesterday"}, "Account.CreatedTimestamp"),
            ({"CreatedTimestamp": dt.datetime(2021, 1, 1)}, "Account.CreatedTimestamp"),
        ],
    )
    def test_wrong_types_are_not_coerced(self, overrides: dict[str, Any], member: str) -> None:
        with pytest.raises(ResponseParseError) as caught:
            structure("GetAccount", account_dict(**overrides), Account, "Account")

        assert caught.value.member == member

    @pytest.mark.parametrize("data", [None, [], "Account"])
    def test_missing_or_non_object_account(self, data: object) -> None:
        with pytest.raises(ResponseParseError) as caught:
            structure("CreateAccount", data, Account, "Account")

        assert caught.value.member == "Account"


licenses = st.sampled_from([*License, License("Enterprise")])
text = st.text(max_size=30)
aware_datetimes = st.datetimes(
    min_value=dt.datetime(1970, 1, 2),
    max_value=dt.datetime(2100, 1, 1),
    timezones=st.just(dt.timezone.utc),
)
accounts = st.builds(
    Account,
    aws_account_id=text,
    account_id=text,
    name=text,
    account_type=st.none() | st.sampled_from([*AccountType, AccountType("Future")]),
    created_timestamp=st.none() | aware_datetimes,
    default_license=st.none() | licenses,
    supported_licenses=st.lists(licenses, max_size=4).map(tuple),
    account_status=st.none() | st.sampled_from([*AccountStatus, AccountStatus("Paused")]),
    signin_delegate_groups=st.lists(
        st.builds(SigninDelegateGroup, group_name=st.none() | text), max_size=3
    ).map(tuple),
)


class TestProperties:
    """Round trips and tolerance hold for generated values."""

    @given(accounts)
    def test_account_round_trips(self, account: Account) -> None:
        assert Account.from_dict(account.to_dict()) == account

    @given(st.builds(SigninDelegateGroup, group_name=st.none() | text))
    def test_signin_delegate_group_round_trips(self, group: SigninDelegateGroup) -> None:
        assert SigninDelegateGroup.from_dict(group.to_dict()) == group

    @given(
        accounts,
        st.dictionaries(
            st.text(min_size=1).filter(lambda k: k[:1].isupper()), st.integers() | text, max_size=5
        ),
        st.text(min_size=1),
    )
    def test_extra_members_and_unknown_enums_never_crash(
        self, account: Account, extra: dict[str, object], status: str
    ) -> None:
        data = {**extra, **account.to_dict(), "AccountStatus": status}

        parsed = Account.from_dict(data)

        assert parsed.account_status is not None
        assert parsed.account_status.value == status
        assert attrs.evolve(parsed, account_status=account.account_status) == account
