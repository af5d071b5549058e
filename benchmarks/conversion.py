"""Model conversion: botocore's account dicts into Account models, against hand-written code."""

from __future__ import annotations

import functools
import time
from typing import TYPE_CHECKING, Any

from chime_accounts import Account
from chime_accounts._timestamps import parse_timestamp

from ._data import botocore_accounts, hand_written_account, seeded_accounts
from ._measure import Figure, measure, ratio_figure

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

BUDGET = 1.3
_CHUNK = 100  # dicts per timed step


def _build_all(
    chunks: Sequence[list[dict[str, Any]]], build: Callable[[dict[str, Any]], Account]
) -> Iterator[int]:
    for chunk in chunks:
        yield len([build(data) for data in chunk])


def run(items: int, repeats: int) -> list[Figure]:
    """Structure ``items`` account dicts per run, as a default client and our own read them.

    botocore's default timestamp parser gives dateutil ``tzlocal()``/``tzutc()`` datetimes
    (what a wrapped client returns); the library's own client gives ``timezone.utc`` ones.
    """
    accounts = seeded_accounts(items)
    figures: list[Figure] = []
    for label, parser in (("default client", None), ("own client", parse_timestamp)):
        dicts = botocore_accounts(accounts, parser)
        models = [Account.from_dict(data) for data in dicts]
        if models != [hand_written_account(data) for data in dicts]:
            raise AssertionError("the hand-written baseline builds different accounts")
        chunks = [dicts[start : start + _CHUNK] for start in range(0, len(dicts), _CHUNK)]
        times = measure(
            {
                "hand": functools.partial(_build_all, chunks, hand_written_account),
                "models": functools.partial(_build_all, chunks, Account.from_dict),
            },
            repeats,
            clock=time.thread_time,  # CPU work only: the machine's other load does not count
        )
        figures.append(
            ratio_figure(
                f"model conversion, {items:,} accounts ({label} datetimes)",
                times["hand"],
                times["models"],
                BUDGET,
                baseline_name="hand-written",
                per=items,
                per_label="/account",
            )
        )
    return figures
