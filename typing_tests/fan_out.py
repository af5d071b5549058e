"""Type-checked only, never run: what fan_out and afan_out hand to user code."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from typing_extensions import assert_type

from chime_accounts import Account, AsyncChimeAccounts, ChimeAccounts, Outcome, afan_out, fan_out
from chime_accounts.exceptions import ChimeAccountsError

if TYPE_CHECKING:
    from collections.abc import AsyncIterator


def get(account_id: str) -> Account:
    raise NotImplementedError


async def aget(account_id: str) -> Account:
    raise NotImplementedError


def sync_fan_out(chime: ChimeAccounts, ids: list[str]) -> None:
    for outcome in fan_out(chime.get_account, ids):
        assert_type(outcome, Outcome[str, Account])
        assert_type(outcome.item, str)
        assert_type(outcome.value, Account | None)
        assert_type(outcome.error, ChimeAccountsError | None)
        assert_type(outcome.ok, bool)
    for outcome in fan_out(get, iter(ids), concurrency=16):
        assert_type(outcome, Outcome[str, Account])
    with contextlib.closing(fan_out(get, ids)) as outcomes:
        assert_type(next(outcomes), Outcome[str, Account])
    fan_out(get, [1, 2])  # type: ignore[arg-type]
    fan_out(get, ids, concurrency="8")  # type: ignore[arg-type]
    fan_out(get, ids, 8)  # type: ignore[call-arg]


async def async_fan_out(
    chime: AsyncChimeAccounts, ids: list[str], source: AsyncIterator[str]
) -> None:
    async for outcome in afan_out(chime.get_account, ids):
        assert_type(outcome, Outcome[str, Account])
    async for outcome in afan_out(aget, source, concurrency=4):
        assert_type(outcome, Outcome[str, Account])
        assert_type(outcome.value, Account | None)
    async with contextlib.aclosing(afan_out(aget, ids)) as outcomes:
        async for outcome in outcomes:
            assert_type(outcome, Outcome[str, Account])


def frozen(outcome: Outcome[str, Account]) -> None:
    outcome.item = "other"  # type: ignore[misc]
