"""The fast timestamp parser gives botocore's instants, and only the library's clients use it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

import boto3
import pytest
from botocore.utils import parse_timestamp as botocore_parse_timestamp
from dateutil.tz import tzlocal, tzutc
from hypothesis import example, given
from hypothesis import strategies as st

from chime_accounts import ChimeAccounts
from chime_accounts._timestamps import parse_timestamp

if TYPE_CHECKING:
    from collections.abc import Callable

    from mypy_boto3_chime.client import ChimeClient

    from chime_accounts.testing import LocalChime

# Typed as botocore calls it: the stubs say str, but JSON epoch numbers reach it too.
botocore_parse = cast("Callable[[object], dt.datetime]", botocore_parse_timestamp)


def _iso(moment: dt.datetime, fraction: str, zone: str) -> str:
    date = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
    time = f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    return f"{date}T{time}{fraction}{zone}"


def _offset(sign: str, hours: str, minutes: str) -> str:
    return f"{sign}{hours}:{minutes}"


def digits(size: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=size, max_size=size)


signs = st.sampled_from("+-")
offsets = st.builds(
    _offset, signs, st.integers(0, 23).map("{:02d}".format), st.integers(0, 59).map("{:02d}".format)
)
# 1 to 9 fractional digits, or none; the digits beyond microseconds are arbitrary.
fractions = st.just("") | st.integers(1, 9).flatmap(digits).map(".{}".format)


@st.composite
def iso_timestamps(draw: st.DrawFn) -> str:
    """ISO-8601 timestamps in the forms botocore and Chime produce."""
    moment = draw(
        st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(2200, 1, 1))
    )
    zone = draw(st.sampled_from(["Z", "+00:00", "-00:00"]) | offsets)
    return _iso(moment, draw(fractions), zone)


@st.composite
def iso_shaped(draw: st.DrawFn) -> str:
    """ISO-8601 shaped strings with any digits: invalid dates and times, hour 24, ..."""
    date = "-".join(draw(digits(size)) for size in (4, 2, 2))
    time = ":".join(draw(digits(2)) for _ in range(3))
    any_offset = st.builds(_offset, signs, digits(2), digits(2))
    zone = draw(st.sampled_from(["Z", "+00:00"]) | any_offset)
    return f"{date}T{time}{draw(fractions)}{zone}"


def _outcome(parse: Callable[[object], dt.datetime], value: object) -> tuple[str, object]:
    try:
        return "value", parse(value)
    except (ValueError, OverflowError, RuntimeError) as error:
        return "error", type(error)


class TestSameInstantAsBotocore:
    """Every input gives botocore's instant; ISO-8601 with a zone gives a UTC datetime."""

    @given(iso_timestamps())
    @example("2021-07-16T12:30:00.123Z")
    @example("2021-07-16T12:30:00Z")
    @example("2021-07-16T12:30:00.123456789+05:30")
    @example("2021-07-16T12:30:00.1-00:00")
    def test_iso_8601(self, text: str) -> None:
        parsed = parse_timestamp(text)

        assert parsed == botocore_parse(text)
        assert parsed.tzinfo is dt.timezone.utc

    @given(iso_shaped())
    @example("2021-02-30T12:00:00Z")
    @example("2021-07-16T24:00:00Z")
    @example("2021-07-16T12:30:60Z")
    @example("2021-07-16T12:30:00+24:00")
    @example("0000-01-01T00:00:00Z")
    @example("0001-01-01T00:00:00+01:00")
    @example("9999-12-31T23:59:59-01:00")
    def test_iso_shaped_but_invalid_or_out_of_range(self, text: str) -> None:
        kind, ours = _outcome(parse_timestamp, text)
        botocore_kind, theirs = _outcome(botocore_parse, text)

        assert kind == botocore_kind
        # botocore's own answer when it falls back (comparing some of those fails: an
        # offset of 24 hours), else the same instant.
        assert repr(ours) == repr(theirs) or ours == theirs

    @given(
        st.integers(0, 2**32)
        | st.floats(0, 2**32, allow_nan=False)
        | st.integers(0, 2**32).map(str)
        | st.floats(0, 2**32, allow_nan=False).map(repr)
    )
    @example(1_626_438_600)
    @example("1626438600.123")
    def test_epoch_numbers_fall_back(self, value: float | str) -> None:
        parsed = parse_timestamp(value)

        assert parsed == botocore_parse(value)
        assert parsed.utcoffset() == botocore_parse(value).utcoffset()

    @pytest.mark.parametrize(
        "text",
        [
            "Fri, 16 Jul 2021 12:30:00 GMT",
            "Fri, 16 Jul 2021 12:30:00 +0200",
            "2021-07-16 12:30:00Z",
            "2021-07-16t12:30:00z",
            "20210716T123000Z",
            "2021-07-16T12:30:00+0200",
            "2021-07-16T12:30:00",
            "2021-07-16T12:30:00.1234567890Z",
            "\uff12\uff10\uff12\uff11-07-16T12:30:00Z",  # full-width digits
        ],
    )
    def test_other_strings_fall_back(self, text: str) -> None:
        assert _outcome(parse_timestamp, text) == _outcome(botocore_parse, text)

    def test_garbage_is_refused_like_botocore(self) -> None:
        with pytest.raises(ValueError, match="Invalid timestamp"):
            parse_timestamp("yesterday")


def _created(client: ChimeClient, account_id: str) -> dt.datetime:
    created = client.get_account(AccountId=account_id)["Account"].get("CreatedTimestamp")
    assert created is not None
    return created


class TestOnlyOwnClientsUseIt:
    """ChimeAccounts' own clients parse with it; sessions and clients of the caller do not."""

    def test_own_client_parses_to_utc(self, local_chime: LocalChime) -> None:
        account = local_chime.seed(1)[0]

        with ChimeAccounts(endpoint_url=local_chime.endpoint_url) as accounts:
            created = _created(accounts.client, account["AccountId"])
            model = accounts.get_account(account["AccountId"])

        assert created.tzinfo is dt.timezone.utc
        assert created == account["CreatedTimestamp"]
        assert model.created_timestamp == account["CreatedTimestamp"]

    def test_callers_session_is_not_changed(
        self, local_chime: LocalChime, session: boto3.Session
    ) -> None:
        account = local_chime.seed(1)[0]
        url = local_chime.endpoint_url

        with ChimeAccounts(session=session, endpoint_url=url) as accounts:
            through_facade = _created(accounts.client, account["AccountId"])
        later_client = session.client("chime", endpoint_url=url)  # pyright: ignore[reportUnknownMemberType]
        later = _created(later_client, account["AccountId"])

        for created in (through_facade, later):
            assert isinstance(created.tzinfo, (tzutc, tzlocal))
            assert created == account["CreatedTimestamp"]

    def test_callers_client_is_not_changed(
        self, local_chime: LocalChime, raw_client: ChimeClient
    ) -> None:
        account = local_chime.seed(1)[0]

        model = ChimeAccounts(raw_client).get_account(account["AccountId"])
        created = _created(raw_client, account["AccountId"])

        assert isinstance(created.tzinfo, (tzutc, tzlocal))
        assert model.created_timestamp == created

    def test_boto3_default_session_is_not_changed(self, local_chime: LocalChime) -> None:
        account = local_chime.seed(1)[0]
        url = local_chime.endpoint_url

        with ChimeAccounts(endpoint_url=url):
            pass
        default_client = boto3.client("chime", region_name="us-east-1", endpoint_url=url)  # pyright: ignore[reportUnknownMemberType]

        created = _created(default_client, account["AccountId"])
        assert isinstance(created.tzinfo, (tzutc, tzlocal))
