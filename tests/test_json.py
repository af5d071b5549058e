"""Every model goes to JSON and back unchanged, unknown enum values included."""

from __future__ import annotations

import datetime as dt
import json
import typing
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import chime_accounts
from chime_accounts import (
    Account,
    BatchResult,
    InviteFailure,
    InviteResult,
    NotFoundError,
    OpenEnum,
    ResponseParseError,
    User,
    UserError,
)

#: Every model of a service shape: the public attrs classes with from_dict.
MODELS: list[type[Any]] = [
    value
    for name in chime_accounts.__all__
    if attrs.has(value := getattr(chime_accounts, name)) and hasattr(value, "from_dict")
]
ENUMS: list[type[OpenEnum]] = [
    value
    for name in chime_accounts.__all__
    if isinstance(value := getattr(chime_accounts, name), type)
    and issubclass(value, OpenEnum)
    and value is not OpenEnum
]

AWARE = st.datetimes(
    min_value=dt.datetime(1970, 1, 2),
    max_value=dt.datetime(9999, 12, 30),
    timezones=st.sampled_from([dt.timezone.utc, dt.timezone(dt.timedelta(hours=-7))]),
)


def _enum_values(enum_class: type[OpenEnum]) -> st.SearchStrategy[OpenEnum]:
    # Known members, and values this release does not know (which become members too).
    return st.sampled_from(list(enum_class)) | st.text(max_size=12).map(enum_class)


for _enum_class in ENUMS:
    st.register_type_strategy(_enum_class, _enum_values(_enum_class))


def models(cls: type[Any]) -> st.SearchStrategy[Any]:
    """Instances of ``cls`` with every field drawn, nested models included."""
    hints = typing.get_type_hints(cls)
    fields = {field.name: st.from_type(hints[field.name]) for field in attrs.fields(cls)}
    return st.builds(cls, **fields)


def _deferred(model: type[Any]) -> st.SearchStrategy[Any]:
    return st.deferred(lambda: models(model))


st.register_type_strategy(dt.datetime, AWARE)
for _model in MODELS:
    st.register_type_strategy(_model, _deferred(_model))


class TestRoundTrip:
    """``from_dict(to_dict(mode="json"))``, ``from_json(to_json())`` give the model back."""

    @pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
    @settings(max_examples=60, deadline=None)
    @given(data=st.data())
    def test_json_and_back(self, model: type[Any], data: st.DataObject) -> None:
        instance = data.draw(models(model))

        record = instance.to_dict(mode="json")

        assert json.loads(json.dumps(record)) == record  # only JSON types
        assert model.from_dict(json.loads(json.dumps(record))) == instance
        assert model.from_json(instance.to_json()) == instance
        assert model.from_dict(instance.to_dict()) == instance

    def test_every_model_is_covered(self) -> None:
        assert {m.__name__ for m in MODELS} >= {"Account", "User", "Invite", "UserSettings"}

    def test_timestamps_are_iso_8601_in_utc_with_z(self) -> None:
        created = dt.datetime(
            2024, 5, 1, 14, 0, 0, 123000, tzinfo=dt.timezone(dt.timedelta(hours=2))
        )
        account = Account(aws_account_id="1", account_id="a", name="n", created_timestamp=created)

        assert account.to_dict(mode="json")["CreatedTimestamp"] == "2024-05-01T12:00:00.123000Z"

    def test_unknown_enum_values_survive(self) -> None:
        user = User.from_dict({"UserId": "u", "LicenseType": "Platinum", "UserType": "Robot"})

        again = User.from_json(user.to_json())

        assert again == user
        assert again.license_type is not None
        assert again.license_type.is_unknown


class TestBadInput:
    """``from_dict`` and ``from_json`` raise ResponseParseError naming the member."""

    def test_a_wrong_member(self) -> None:
        with pytest.raises(ResponseParseError) as caught:
            Account.from_dict({"AwsAccountId": "1", "AccountId": "a", "Name": 5})

        assert caught.value.member == "Account.Name"
        assert caught.value.operation == "Account.from_dict"

    def test_a_wrong_member_after_good_ones(self) -> None:
        # Once a class's structure function is ready, from_dict calls it at once; a
        # failure there must still be reported as the member that failed.
        Account.from_dict({"AwsAccountId": "1", "AccountId": "a", "Name": "n"})
        with pytest.raises(ResponseParseError) as caught:
            Account.from_dict(
                {"AwsAccountId": "1", "AccountId": "a", "Name": "n", "AccountType": 5}
            )

        assert caught.value.member == "Account.AccountType"
        assert caught.value.operation == "Account.from_dict"

    def test_a_missing_member(self) -> None:
        with pytest.raises(ResponseParseError) as caught:
            Account.from_dict({"AwsAccountId": "1", "Name": "n"})

        assert caught.value.member == "Account.AccountId"

    def test_a_bad_timestamp(self) -> None:
        with pytest.raises(ResponseParseError) as caught:
            Account.from_dict(
                {"AwsAccountId": "1", "AccountId": "a", "Name": "n", "CreatedTimestamp": "soon"}
            )

        assert caught.value.member == "Account.CreatedTimestamp"

    def test_not_json(self) -> None:
        with pytest.raises(ResponseParseError):
            User.from_json("{not json")


class TestResults:
    """The result types go to JSON too, with their errors as records."""

    def test_batch_result(self) -> None:
        result = BatchResult(
            user_ids=("u1", "u2"),
            user_errors=(UserError(user_id="u2", error_message="pat@example.com is taken"),),
        )

        record = result.to_dict(mode="json", mask="***")

        assert record == {
            "UserIds": ["u1", "u2"],
            "UserErrors": [{"UserId": "u2", "ErrorMessage": "<redacted> is taken"}],
        }

    def test_invite_result(self) -> None:
        error = NotFoundError(
            operation="InviteUsers",
            code="NotFoundException",
            message="no account",
            http_status=404,
            request_id="r-1",
            retry_attempts=0,
        )
        result = InviteResult(
            invites=(), failures=(InviteFailure(emails=("pat@example.com",), error=error),)
        )

        record = json.loads(result.to_json(mask="***"))

        (failure,) = record["Failures"]
        assert failure["Emails"] == "***"
        assert failure["Error"]["Type"] == "NotFoundError"
        assert failure["Error"]["Code"] == "NotFoundException"
        assert failure["Error"]["HttpStatus"] == 404
        assert failure["Error"]["MayHaveSucceeded"] is False
        assert "pat@example.com" not in repr(result)
