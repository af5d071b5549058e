"""Accounts as LocalChime seeds them, on the wire and as botocore returns them."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, cast

import botocore.session
from botocore.parsers import RestJSONParser

from chime_accounts import Account, AccountStatus, AccountType, License, SigninDelegateGroup
from chime_accounts.testing import LocalChime

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

PAGE_SIZE = 200


def seeded_accounts(count: int) -> list[dict[str, Any]]:
    """Return ``count`` realistic accounts as LocalChime stores them (no server started)."""
    return [dict(account) for account in LocalChime().seed(count)]


def _iso_millis(moment: dt.datetime) -> str:
    # The form LocalChime and the Chime service send.
    utc = moment.astimezone(dt.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _json_default(value: object) -> str:
    if isinstance(value, dt.datetime):
        return _iso_millis(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def accounts_json(accounts: Sequence[Mapping[str, Any]]) -> bytes:
    """Return ``accounts`` as the JSON array of a ListAccounts body."""
    return json.dumps(list(accounts), default=_json_default, separators=(",", ":")).encode()


def list_body(accounts_array: bytes, next_token: str | None) -> bytes:
    """Return a ListAccounts response body around an ``accounts_json`` array."""
    body = b'{"Accounts":' + accounts_array
    if next_token is not None:
        body += b',"NextToken":' + json.dumps(next_token).encode()
    return body + b"}"


def botocore_accounts(
    accounts: Sequence[Mapping[str, Any]],
    timestamp_parser: Callable[[object], dt.datetime] | None = None,
) -> list[dict[str, Any]]:
    """Return ``accounts`` exactly as a boto3 client reads them off the wire.

    Args:
        accounts: Accounts as :func:`seeded_accounts` returns them.
        timestamp_parser: The client's timestamp parser; botocore's default when None.
    """
    model = botocore.session.get_session().get_service_model("chime")
    output_shape = model.operation_model("ListAccounts").output_shape
    assert output_shape is not None  # noqa: S101 - ListAccounts has an output
    parser = RestJSONParser(timestamp_parser=timestamp_parser)
    parsed: list[dict[str, Any]] = []
    for start in range(0, len(accounts), PAGE_SIZE):
        body = list_body(accounts_json(accounts[start : start + PAGE_SIZE]), None)
        response: dict[str, Any] = {"body": body, "headers": {}, "status_code": 200}
        page = cast("dict[str, Any]", parser.parse(response, output_shape))
        parsed.extend(page["Accounts"])
    return parsed


_ACCOUNT_TYPES = {member.value: member for member in AccountType}
_LICENSES = {member.value: member for member in License}
_STATUSES = {member.value: member for member in AccountStatus}


def hand_written_account(data: Mapping[str, Any]) -> Account:
    """Build an Account from a botocore dict the way one would by hand: the baseline.

    A keyword constructor call, enums looked up in dicts by value, tuples, and botocore's
    datetime passed through as it is (no UTC normalisation), without the checks the
    converter makes.
    """
    account_type = data.get("AccountType")
    default_license = data.get("DefaultLicense")
    status = data.get("AccountStatus")
    return Account(
        aws_account_id=data["AwsAccountId"],
        account_id=data["AccountId"],
        name=data["Name"],
        account_type=None if account_type is None else _ACCOUNT_TYPES[account_type],
        created_timestamp=data.get("CreatedTimestamp"),
        default_license=None if default_license is None else _LICENSES[default_license],
        supported_licenses=tuple([_LICENSES[value] for value in data.get("SupportedLicenses", ())]),
        account_status=None if status is None else _STATUSES[status],
        signin_delegate_groups=tuple(
            [
                SigninDelegateGroup(group_name=group.get("GroupName"))
                for group in data.get("SigninDelegateGroups", ())
            ]
        ),
    )
