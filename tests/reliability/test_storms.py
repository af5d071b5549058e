"""Throttling storms, 5xx bursts, dropped and truncated answers, and 16 threads at once.

Every listing here is checked item by item: each account exactly once, in order.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pytest

from chime_accounts import (
    ChimeAccountsError,
    ChimeAPIError,
    ChimeConnectionError,
    RetryPolicy,
    ServiceFailureError,
    ServiceUnavailableError,
    ThrottledError,
)
from chime_accounts.testing import Fault, LocalChime

from .conftest import BUDGET, KINDS, PATIENT, Connector

if TYPE_CHECKING:
    from collections.abc import Iterator

    from chime_accounts import ChimeAccounts, Pager

    from ..sync_adapter import LoopThread

STORM_ACCOUNTS = 10_000
HTML = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"


def drain(pager: Pager[Any]) -> list[str]:
    return [item.account_id for item in pager]


def fault_requests(server: LocalChime) -> int:
    return sum(request.fault is not None for request in server.requests)


@dataclass
class Outcome:
    """What one worker of the concurrency test expects the store to hold."""

    first: str
    second: str
    name: str
    dial_out: bool = True
    emails: list[str] = field(default_factory=list[str])


@pytest.fixture(scope="module")
def crowded() -> Iterator[tuple[LocalChime, list[str]]]:
    """One LocalChime with 10,000 accounts, shared by the storm tests."""
    with LocalChime() as server:
        ids = [server.add_account(name=f"Storm {i:05}")["AccountId"] for i in range(STORM_ACCOUNTS)]
        yield server, ids


@pytest.fixture
def storm(crowded: tuple[LocalChime, list[str]]) -> tuple[LocalChime, list[str]]:
    server, ids = crowded
    server.clear_faults()
    server.clear_requests()
    return server, ids


class TestThrottlingStorm:
    """30 % of the requests answer 429 at random; nothing is lost or repeated."""

    # All 10,000 accounts through the sync client; the async client, whose pager shares the
    # cursor and is slower to parse, lists the first 1,000 in pages of 25.
    @pytest.mark.parametrize(
        ("kind", "prefix", "page_size"), [("sync", "Storm ", 200), ("async", "Storm 00", 25)]
    )
    def test_every_account_exactly_once_in_order(
        self,
        storm: tuple[LocalChime, list[str]],
        loop_thread: LoopThread,
        kind: str,
        prefix: str,
        page_size: int,
    ) -> None:
        server, ids = storm
        wanted = ids if prefix == "Storm " else ids[:1000]
        server.inject(Fault(operation=None, status=429, rate=0.3, seed=2024, count=10**9))

        with Connector(kind, server, loop_thread) as connect:
            listed = drain(connect(PATIENT).list_accounts(name=prefix, page_size=page_size))

        assert listed == wanted
        throttled = [r for r in server.requests if r.status == 429]
        assert len(throttled) >= 0.2 * len(server.requests)
        # Each throttled page was asked for again with the same token, never skipped.
        pages = [r.query.get("next-token") for r in server.requests if r.status == 200]
        assert len(pages) == len(set(map(str, pages))) == len(wanted) // page_size

    @pytest.mark.parametrize("kind", KINDS)
    def test_a_storm_beyond_the_budget_is_finished_by_resuming(
        self, storm: tuple[LocalChime, list[str]], loop_thread: LoopThread, kind: str
    ) -> None:
        server, ids = storm
        wanted = ids[:1000]  # "Storm 00000" to "Storm 00999"
        server.inject(Fault(operation=None, status=429, rate=0.5, seed=99, count=10**9))
        policy = RetryPolicy(max_attempts=3, base_delay=0, max_delay=0)

        with Connector(kind, server, loop_thread) as connect:
            chime = connect(policy)
            listed: list[str] = []
            token: str | None = None
            gave_up = 0
            attempts: list[int] = []
            while True:
                pager = chime.list_accounts(name="Storm 00", page_size=50, starting_token=token)
                try:
                    for account in pager:
                        listed.append(account.account_id)  # noqa: PERF401 - kept on failure
                except ThrottledError as error:
                    attempts.append(error.retry_attempts + 1)
                    gave_up += 1
                    token = pager.resume_token
                    continue
                break

        assert gave_up > 0  # the storm did exhaust the budget of some pages
        assert set(attempts) == {policy.max_attempts}
        assert listed == wanted

    @pytest.mark.parametrize("kind", KINDS)
    def test_the_same_pager_can_be_iterated_on_after_it_gave_up(
        self, storm: tuple[LocalChime, list[str]], loop_thread: LoopThread, kind: str
    ) -> None:
        server, ids = storm
        policy = RetryPolicy(max_attempts=2, base_delay=0, max_delay=0)
        # Pages 2 and 4 of 5 each exhaust the budget once.
        server.inject(Fault(operation="ListAccounts", status=429, after=1, count=2))
        server.inject(Fault(operation="ListAccounts", status=429, after=2, count=2))

        with Connector(kind, server, loop_thread) as connect:
            pager = connect(policy).list_accounts(name="Storm 000", page_size=20)
            listed: list[str] = []
            gave_up = 0
            while True:
                try:
                    for account in pager:
                        listed.append(account.account_id)  # noqa: PERF401 - kept on failure
                except ThrottledError:
                    gave_up += 1
                    continue
                break

        assert gave_up == 2
        assert listed == ids[:100]


# Faults a read may meet, and the error once the retries are spent.
READ_FAULTS: dict[str, tuple[dict[str, Any], type[ChimeAccountsError]]] = {
    "500": ({"status": 500}, ServiceFailureError),
    "503": ({"status": 503}, ServiceUnavailableError),
    "dropped": ({"drop_connection": True}, ChimeConnectionError),
    "truncated": ({"truncate_body": 40}, ChimeConnectionError),
    "proxy 502": ({"status": 502, "raw_body": HTML, "content_type": "text/html"}, ChimeAPIError),
}


@pytest.fixture
def seeded(local_chime: LocalChime) -> list[str]:
    """Twenty-three accounts, listed in five pages of five."""
    return [local_chime.add_account(name=f"Acct {i:02}")["AccountId"] for i in range(23)]


def attempts_made(fault: str, kind: str) -> range:
    """How many requests the budget's attempts make.

    aiohttp resends an idempotent request once, unseen by aiobotocore, when a reused
    keep-alive connection turns out closed; so for the async client a dropped connection
    may cost two requests per attempt.
    """
    if fault == "dropped" and kind == "async":
        return range(BUDGET.max_attempts, 2 * BUDGET.max_attempts + 1)
    return range(BUDGET.max_attempts, BUDGET.max_attempts + 1)


@pytest.mark.parametrize("fault", READ_FAULTS)
class TestFailingReads:
    """5xx bursts, dropped and truncated answers on reads: retried, then a typed error."""

    def test_a_listing_survives_bursts_and_resumes_after_giving_up(
        self, connect: Connector, local_chime: LocalChime, seeded: list[str], fault: str
    ) -> None:
        kwargs, expected = READ_FAULTS[fault]
        chime = connect(BUDGET)
        # Page 2 fails one attempt short of the budget; page 4 fails for good.
        local_chime.inject(
            Fault(operation="ListAccounts", after=1, count=BUDGET.max_attempts - 1, **kwargs)
        )
        pager = chime.list_accounts(page_size=5)
        listed = [next(pager).account_id for _ in range(12)]
        local_chime.clear_requests()
        local_chime.inject(Fault(operation="ListAccounts", count=10**6, **kwargs))

        with pytest.raises(expected) as caught:  # noqa: PT012 - the items before the failure count
            for account in pager:
                listed.append(account.account_id)  # noqa: PERF401 - kept on failure
        failed_at, attempts = pager.resume_token, len(local_chime.requests)
        local_chime.clear_faults()
        resumed = drain(chime.list_accounts(page_size=5, starting_token=failed_at))
        iterated_on = drain(pager)

        assert listed == seeded[:15]  # every page before the failing one, nothing after
        assert listed + resumed == seeded  # a rerun from the token finishes the listing
        assert listed + iterated_on == seeded  # and so does iterating on
        error = caught.value
        assert getattr(error, "retry_attempts", None) == BUDGET.max_attempts - 1
        assert not getattr(error, "may_have_succeeded", True)
        assert attempts in attempts_made(fault, connect.kind)

    def test_single_reads_within_and_beyond_the_budget(
        self, connect: Connector, local_chime: LocalChime, seeded: list[str], fault: str
    ) -> None:
        kwargs, expected = READ_FAULTS[fault]
        chime = connect(BUDGET)
        local_chime.inject(Fault(operation="GetAccount", count=BUDGET.max_attempts - 1, **kwargs))

        assert chime.get_account(seeded[3]).account_id == seeded[3]

        local_chime.clear_requests()
        local_chime.inject(Fault(operation="GetUser", count=10**6, **kwargs))
        with pytest.raises(expected) as caught:
            chime.get_user(seeded[0], "any-user")
        assert getattr(caught.value, "retry_attempts", None) == BUDGET.max_attempts - 1
        assert len(local_chime.requests) in attempts_made(fault, connect.kind)

    def test_idempotent_writes_are_retried_and_done_once(
        self, connect: Connector, local_chime: LocalChime, seeded: list[str], fault: str
    ) -> None:
        kwargs, _ = READ_FAULTS[fault]
        # apply: the failed attempts did the work already; repeating it changes nothing more.
        local_chime.inject(Fault(operation="UpdateAccount", count=2, apply=True, **kwargs))

        updated = connect(BUDGET).update_account(seeded[0], name="Renamed")

        assert updated.name == "Renamed"
        assert [a["Name"] for a in local_chime.accounts()].count("Renamed") == 1


class TestConcurrency:
    """One client shared by 16 threads doing mixed calls, through light throttling."""

    THREADS = 16

    @staticmethod
    def work(chime: ChimeAccounts, worker: int, calls: int, start: threading.Barrier) -> Outcome:
        """Run ``calls`` mixed calls on accounts of this worker's own; check each answer."""
        start.wait()
        prefix = f"Worker {worker:02} "
        first = chime.create_account(f"{prefix}first")
        second = chime.create_account(f"{prefix}second")
        outcome = Outcome(first.account_id, second.account_id, first.name)
        for call in range(calls - 2):
            step = call % 7
            if step == 0:
                assert chime.get_account(first.account_id).name == outcome.name
            elif step == 1:
                outcome.name = f"{prefix}first {call}"
                assert (
                    chime.update_account(first.account_id, name=outcome.name).name == outcome.name
                )
            elif step == 2:
                listed = {a.account_id for a in chime.list_accounts(name=prefix)}
                assert listed == {first.account_id, second.account_id}
            elif step == 3:
                settings = chime.get_account_settings(second.account_id)
                assert settings.enable_dial_out is outcome.dial_out
            elif step == 4:
                outcome.dial_out = call % 2 == 0
                chime.update_account_settings(second.account_id, enable_dial_out=outcome.dial_out)
            elif step == 5:
                email = f"user{call}@worker{worker}.example.com"
                assert chime.create_user(second.account_id, email=email).primary_email == email
                outcome.emails.append(email)
            else:
                users = chime.list_users(second.account_id)
                assert sorted(u.primary_email or "" for u in users) == sorted(outcome.emails)
        return outcome

    @pytest.mark.parametrize(("kind", "calls"), [("sync", 200), ("async", 25)])
    def test_sixteen_threads_share_one_client(
        self, local_chime: LocalChime, loop_thread: LoopThread, kind: str, calls: int
    ) -> None:
        # The default connection pool (10) is smaller than the thread count, so connections
        # are opened and dropped all along. The async client runs every thread's calls on one
        # event loop, as tasks; it shares all of its logic with the sync client, so fewer
        # calls keep the suite quick.
        local_chime.inject(Fault(operation=None, status=429, rate=0.1, seed=16, count=10**9))
        start = threading.Barrier(self.THREADS)

        with Connector(kind, local_chime, loop_thread) as connect:
            chime = connect(PATIENT)
            with ThreadPoolExecutor(self.THREADS) as pool:
                futures = [
                    pool.submit(self.work, chime, worker, calls, start)
                    for worker in range(self.THREADS)
                ]
                outcomes = [future.result() for future in futures]

        accounts = {a["AccountId"]: a for a in local_chime.accounts()}
        assert len(accounts) == 2 * self.THREADS
        for outcome in outcomes:
            assert accounts[outcome.first]["Name"] == outcome.name
            settings = local_chime.account_settings(outcome.second)
            assert settings.get("EnableDialOut") is outcome.dial_out
            stored = sorted(str(u.get("PrimaryEmail")) for u in local_chime.users(outcome.second))
            assert stored == sorted(outcome.emails)
        assert fault_requests(local_chime) > 0  # retries interleaved with other threads' calls
        served = [r for r in local_chime.requests if r.fault is None]
        assert len(served) == self.THREADS * calls
        assert all(r.status < 300 for r in served)
