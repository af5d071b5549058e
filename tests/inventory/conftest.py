"""Fixtures of the export tests: a small fleet on a LocalChime, one account of it big."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from chime_accounts import ChimeAccounts, RetryPolicy
from chime_accounts.testing import LocalChime

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

# Retries without waiting, so tests never sleep for real.
NO_WAIT = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0)
#: The hidden checkpoint directory of a partial export.
STATE = ".chime-accounts-export"
#: Users of the big account: two pages of ListUsers (200 a page).
BIG = 210


def add_big_account(server: LocalChime, users: int, name: str = "Big Co") -> str:
    """Store an account with ``users`` users; return its ID."""
    account_id = server.add_account(name, account_type="EnterpriseLWA")["AccountId"]
    for number in range(users):
        server.add_user(account_id, f"user{number:05d}@big.example", display_name=f"User {number}")
    return account_id


def populate(server: LocalChime, *, big: int = BIG) -> None:
    """Six sample accounts (some with users, some suspended) and a big one in the middle."""
    server.seed(3, seed=5)
    add_big_account(server, big)
    server.seed(3, seed=6)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON Lines file."""
    return [json.loads(line) for line in path.read_text().splitlines()]


def data_files(directory: Path) -> dict[str, bytes]:
    """The exported files of a directory, by name: everything but the manifest."""
    return {
        path.name: path.read_bytes()
        for path in sorted(directory.iterdir())
        if path.is_file() and path.name != "manifest.json"
    }


def tree(directory: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every path under ``directory`` with its mode and contents, to show nothing changed."""
    return {
        str(path.relative_to(directory)): (
            path.stat().st_mode,
            path.read_bytes() if path.is_file() else None,
        )
        for path in sorted(directory.rglob("*"))
    }


@pytest.fixture
def server() -> Iterator[LocalChime]:
    """A LocalChime holding the fleet of :func:`populate`."""
    with LocalChime() as local:
        populate(local)
        yield local


@pytest.fixture
def chime(server: LocalChime) -> Iterator[ChimeAccounts]:
    """A client of :func:`server` that retries without waiting."""
    with ChimeAccounts(endpoint_url=server.endpoint_url, retry=NO_WAIT) as client:
        yield client
