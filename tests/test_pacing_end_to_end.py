"""Pacing end to end: many threads or tasks against a LocalChime with a low rate limit.

The bounds are generous so that they hold on a loaded machine: the point is that pacing
turns the 429s an unpaced client meets all along into waits once it has measured the
limit, and that nothing is lost, duplicated or reordered. (Before that, in the first
fraction of a second, unpaced threads meet 429s: pacing starts with the first 429 and
measures the limit from the successes that follow, at least 8 of them.) How fast it gets
there is a benchmark (``python -m benchmarks --only fleet``); how it ramps up is tested
on a fake clock (``tests/test_pacing.py``).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import pytest

from chime_accounts import (
    AsyncChimeAccounts,
    ChimeAccounts,
    Pacing,
    RetryPolicy,
    afan_out,
    fan_out,
)
from chime_accounts.exceptions import ThrottledError
from chime_accounts.testing import LocalChime

if TYPE_CHECKING:
    from collections.abc import Iterator

    from chime_accounts import Account

RATE = 40.0
BURST = 4.0
CALLS = 120  # 3 s at the limit
THREADS = 16
#: Enough attempts that a paced call is never given up, with short waits between them.
PATIENT = RetryPolicy(max_attempts=20, base_delay=0.05, max_delay=0.5)
#: Paced clients stay under this share of 429s in the second half of their requests; an
#: unpaced one meets far more all along.
PACED_SHARE = 0.15
UNPACED_SHARE = 0.5


@pytest.fixture
def limited() -> Iterator[LocalChime]:
    """A LocalChime allowing ``RATE`` requests per second per operation, ``BURST`` at once."""
    with LocalChime(rate_limit=RATE, burst=BURST) as server:
        yield server


def account_ids(server: LocalChime) -> list[str]:
    """``CALLS`` IDs, some accounts asked for more than once, in an order to keep."""
    ids = [account["AccountId"] for account in server.seed(40, seed=7)]
    return [ids[(index * 7) % len(ids)] for index in range(CALLS)]


def throttled_share(server: LocalChime) -> float:
    """The share of 429s among the second half of the GetAccount requests, as received."""
    requests = [r for r in server.requests if r.operation == "GetAccount"]
    later = requests[len(requests) // 2 :]
    return sum(r.status == 429 for r in later) / len(later)


def client(server: LocalChime, **options: object) -> ChimeAccounts:
    return ChimeAccounts(endpoint_url=server.endpoint_url, retry=PATIENT, **options)  # type: ignore[arg-type]


class TestThreads:
    """Threads sharing one client meet few 429s and lose no call."""

    def test_unpaced_threads_meet_429s_all_along(self, limited: LocalChime) -> None:
        ids = account_ids(limited)
        with ChimeAccounts(
            endpoint_url=limited.endpoint_url, pacing=Pacing.off(), retry=RetryPolicy.off()
        ) as chime:

            def get(account_id: str) -> bool:
                try:
                    chime.get_account(account_id)
                except ThrottledError:
                    return False
                return True

            with ThreadPoolExecutor(THREADS) as pool:
                answered = list(pool.map(get, ids))
        # The control: what the paced tests below are measured against.
        assert answered.count(False) / len(answered) > UNPACED_SHARE
        assert throttled_share(limited) > UNPACED_SHARE

    def test_a_thread_pool_over_one_paced_client(self, limited: LocalChime) -> None:
        ids = account_ids(limited)
        pacing = Pacing()
        with client(limited, pacing=pacing) as chime, ThreadPoolExecutor(THREADS) as pool:
            accounts = list(pool.map(chime.get_account, ids))
        assert [account.account_id for account in accounts] == ids
        assert throttled_share(limited) < PACED_SHARE
        granted = pacing.rate("GetAccount")
        assert granted is not None  # it did pace, near the limit
        assert RATE / 4 <= granted <= RATE * 4

    def test_fan_out_in_order_nothing_lost(self, limited: LocalChime) -> None:
        ids = account_ids(limited)
        with client(limited) as chime:
            outcomes = list(fan_out(chime.get_account, ids, concurrency=THREADS))
        assert [outcome.item for outcome in outcomes] == ids
        assert all(outcome.ok for outcome in outcomes)
        values: list[Account | None] = [outcome.value for outcome in outcomes]
        assert [value.account_id if value else None for value in values] == ids
        assert throttled_share(limited) < PACED_SHARE
        served = [r for r in limited.requests if r.operation == "GetAccount" and r.status == 200]
        assert len(served) == CALLS  # each call answered once: no duplicate, none lost

    def test_two_clients_sharing_one_pacing(self, limited: LocalChime) -> None:
        ids = account_ids(limited)
        pacing = Pacing()
        with client(limited, pacing=pacing) as first, client(limited, pacing=pacing) as second:

            def get(index_and_id: tuple[int, str]) -> str:
                index, account_id = index_and_id
                chime = first if index % 2 else second
                return chime.get_account(account_id).account_id

            with ThreadPoolExecutor(THREADS) as pool:
                got = list(pool.map(get, enumerate(ids)))
        assert got == ids
        assert throttled_share(limited) < PACED_SHARE


class TestTasks:
    """Tasks of one async client meet few 429s and lose no call."""

    def test_afan_out_in_order_nothing_lost(self, limited: LocalChime) -> None:
        ids = account_ids(limited)

        async def main() -> list[str]:
            async with AsyncChimeAccounts(
                endpoint_url=limited.endpoint_url, retry=PATIENT
            ) as chime:
                got: list[str] = []
                async for outcome in afan_out(chime.get_account, ids, concurrency=THREADS):
                    assert outcome.value is not None, outcome.error
                    got.append(outcome.value.account_id)
                return got

        assert asyncio.run(main()) == ids
        assert throttled_share(limited) < PACED_SHARE
