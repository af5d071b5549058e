"""Helpers for the command-line tests: run the CLI in-process and read its output back."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import TYPE_CHECKING, Any, cast

from click.testing import CliRunner, Result

from chime_accounts import Account
from chime_accounts.cli import cli

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

_TOKEN = re.compile(r"--starting-token (\S+)")


def invoke(
    args: Sequence[str], *, env: Mapping[str, str | None] | None = None, stdin: str | None = None
) -> Result:
    """Run ``chime-accounts ARGS`` in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(cli, list(args), env=env, input=stdin, catch_exceptions=False)


def accounts_from_json(text: str) -> list[Account]:
    """Read a JSON array of accounts: as written, with the SDK's ``from_dict``."""
    return [Account.from_dict(item) for item in cast("list[dict[str, Any]]", json.loads(text))]


def accounts_from_jsonl(text: str) -> list[Account]:
    """Read JSON Lines accounts, each line with the SDK's ``from_dict``."""
    return [Account.from_dict(json.loads(line)) for line in text.splitlines()]


def accounts_from_csv(text: str) -> list[Account]:
    """Read CSV accounts: AWS member names as headers, lists joined with ``;``."""
    accounts: list[Account] = []
    for row in csv.DictReader(io.StringIO(text)):
        record: dict[str, Any] = {key: value for key, value in row.items() if value != ""}
        for member in ("SupportedLicenses", "SigninDelegateGroups"):
            if member in record:
                record[member] = record[member].split(";")
        if "SigninDelegateGroups" in record:
            record["SigninDelegateGroups"] = [
                {"GroupName": name} for name in record["SigninDelegateGroups"]
            ]
        accounts.append(Account.from_dict(record))
    return accounts


def read_accounts(output: str, text: str) -> list[Account]:
    """Read accounts written in ``output`` format (json, jsonl or csv)."""
    readers = {"json": accounts_from_json, "jsonl": accounts_from_jsonl, "csv": accounts_from_csv}
    return readers[output](text)


def read_account(output: str, text: str) -> Account:
    """Read the one account a get, create or update wrote in ``output`` format."""
    if output == "json":
        return Account.from_dict(json.loads(text))
    (account,) = read_accounts(output, text)
    return account


def resume_token(stderr: str) -> str | None:
    """The ``--starting-token`` the CLI printed on stderr, if any."""
    found = _TOKEN.findall(stderr)
    assert len(found) <= 1, stderr
    return found[0] if found else None
