"""The fleet workload: many accounts against a throttling endpoint, six ways side by side.

For each account, list its users; for each user, get their settings (40 accounts of 25
users: 1,040 requests). The endpoint is a LocalChime in another process with 30 ms of
latency and 100 requests per second per operation (burst 10). The *floor* is the time the
busiest operation's requests take at its rate (1,000 GetUserSettings at 100/s: 10 s); no
client can be faster.

The six ways: a serial loop over raw boto3; raw boto3 in 16 threads (standard retry mode);
botocore's adaptive mode (its CUBIC token bucket) in 16 threads, taught that Chime's
``ThrottledClientException`` is throttling; ``fan_out(..., concurrency=16)`` over
``ChimeAccounts``; a plain ``ThreadPoolExecutor(32)`` over one ``ChimeAccounts`` (pacing
alone); ``afan_out(..., concurrency=16)`` over ``AsyncChimeAccounts``. Each round runs
all six in a shuffled order, every one with a client of its own, so a new pacer.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import statistics
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.retries.standard import ThrottledRetryableChecker

from chime_accounts import AsyncChimeAccounts, ChimeAccounts, afan_out, fan_out

from ._measure import Figure, summary_figure

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable, Generator, Iterator, Sequence

    from mypy_boto3_chime.client import ChimeClient

LATENCY = 0.030
RATE = 100.0
BURST = 10.0
USERS_PER_ACCOUNT = 25
CONCURRENCY = 16
POOL_THREADS = 32

HELPER_FLOOR_BUDGET = 1.15
HELPER_THROTTLED_BUDGET = 5.0
HELPER_SERIAL_BUDGET = 0.4
POOL_FLOOR_BUDGET = 1.3
POOL_THROTTLED_BUDGET = 10.0

#: (account ID, user ID) of every user the workload reads.
Pair = tuple[str, str]


@dataclass
class _Counts:
    """Answers a client saw, 429s among them, counted by a botocore event handler."""

    sent: int = 0
    throttled: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def on_response(self, response_dict: dict[str, Any] | None = None, **_kwargs: Any) -> None:  # noqa: ANN401
        with self.lock:
            self.sent += 1
            if response_dict is not None and response_dict.get("status_code") == 429:
                self.throttled += 1

    def watch(self, client: Any) -> None:  # noqa: ANN401 - a boto3 or aiobotocore client
        client.meta.events.register("response-received.chime", self.on_response)


@dataclass(frozen=True)
class RunResult:
    """One run of one way.

    Attributes:
        elapsed: Seconds from the first request to the last answer.
        sent: HTTP requests sent, retries included.
        throttled: 429 answers among them.
        read: How many times each user's settings came back.
        failed: Calls that failed in the end (after the retries).
        ramp: Seconds until a second's worth of settings first came back at 90 % of the
            rate (None if never).
    """

    elapsed: float
    sent: int
    throttled: int
    read: Counter[Pair]
    failed: int
    ramp: float | None

    def throttled_percent(self) -> float:
        """The 429s as a percentage of the requests sent."""
        return 100.0 * self.throttled / self.sent if self.sent else 0.0

    def lost_or_duplicated(self, expected: set[Pair]) -> int:
        """Users whose settings did not come back exactly once, plus any not expected."""
        wrong = sum(1 for pair in expected if self.read[pair] != 1)
        return wrong + sum(1 for pair in self.read if pair not in expected)


class _Recorder:
    """Collects what a run read, with the time of each answer, from any thread."""

    def __init__(self) -> None:
        self.read: Counter[Pair] = Counter()
        self.times: list[float] = []
        self.failed = 0
        self.lock = threading.Lock()
        self.start = time.perf_counter()

    def got(self, pair: Pair) -> None:
        with self.lock:
            self.read[pair] += 1
            self.times.append(time.perf_counter())

    def fail(self) -> None:
        with self.lock:
            self.failed += 1

    def result(self, counts: _Counts) -> RunResult:
        elapsed = time.perf_counter() - self.start
        return RunResult(
            elapsed, counts.sent, counts.throttled, self.read, self.failed, self._ramp()
        )

    def _ramp(self) -> float | None:
        times = sorted(self.times)
        needed = int(0.9 * RATE)
        for index in range(needed, len(times)):
            if times[index] - times[index - needed] <= 1.0:
                return times[index] - self.start
        return None


def _raw_client(endpoint_url: str, mode: str, max_attempts: int) -> ChimeClient:
    retries: Any = {"mode": mode, "max_attempts": max_attempts}
    config = Config(retries=retries, max_pool_connections=POOL_THREADS)
    return boto3.client("chime", region_name="us-east-1", endpoint_url=endpoint_url, config=config)  # pyright: ignore[reportUnknownMemberType]


@contextlib.contextmanager
def _chime_throttling_known() -> Generator[None, None, None]:
    """Teach botocore's retry modes that Chime's 429 code is throttling, for new clients.

    botocore copies the list into each client it builds, so clients built outside this
    block keep botocore's own list.
    """
    codes: list[str] = getattr(ThrottledRetryableChecker, "_THROTTLED_ERROR_CODES")  # noqa: B009
    codes.append("ThrottledClientException")
    try:
        yield
    finally:
        codes.remove("ThrottledClientException")


def _raw_users(client: ChimeClient, account_id: str) -> list[str]:
    paginator = client.get_paginator("list_users")
    return [
        user["UserId"]
        for page in paginator.paginate(AccountId=account_id)
        for user in page.get("Users", [])
    ]


def _raw_settings(client: ChimeClient, recorder: _Recorder, pair: Pair) -> None:
    try:
        client.get_user_settings(AccountId=pair[0], UserId=pair[1])
    except ClientError:
        recorder.fail()
    else:
        recorder.got(pair)


def run_serial(endpoint_url: str, account_ids: Sequence[str]) -> RunResult:
    """A serial loop over a default raw boto3 client, as most scripts do it."""
    client = boto3.client("chime", region_name="us-east-1", endpoint_url=endpoint_url)  # pyright: ignore[reportUnknownMemberType]
    counts = _Counts()
    counts.watch(client)
    recorder = _Recorder()
    for account_id in account_ids:
        for user_id in _raw_users(client, account_id):
            _raw_settings(client, recorder, (account_id, user_id))
    result = recorder.result(counts)
    client.close()
    return result


def _raw_threads(client: ChimeClient, account_ids: Sequence[str]) -> RunResult:
    counts = _Counts()
    counts.watch(client)
    recorder = _Recorder()

    def users(account_id: str) -> list[Pair]:
        try:
            return [(account_id, user_id) for user_id in _raw_users(client, account_id)]
        except ClientError:
            recorder.fail()
            return []

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        pairs = [pair for listed in pool.map(users, account_ids) for pair in listed]

        def settings(pair: Pair) -> None:
            _raw_settings(client, recorder, pair)

        list(pool.map(settings, pairs))
    result = recorder.result(counts)
    client.close()
    return result


def run_raw_threads(endpoint_url: str, account_ids: Sequence[str]) -> RunResult:
    """Raw boto3 in 16 threads, standard retry mode (3 attempts) as botocore ships it."""
    return _raw_threads(_raw_client(endpoint_url, "standard", 3), account_ids)


def run_adaptive(endpoint_url: str, account_ids: Sequence[str]) -> RunResult:
    """botocore's adaptive mode in 16 threads, knowing Chime's 429, 10 attempts a call."""
    with _chime_throttling_known():
        client = _raw_client(endpoint_url, "adaptive", 10)
    return _raw_threads(client, account_ids)


def _own_client(endpoint_url: str) -> ChimeAccounts:
    return ChimeAccounts(
        endpoint_url=endpoint_url, config=Config(max_pool_connections=POOL_THREADS)
    )


def run_fan_out(endpoint_url: str, account_ids: Sequence[str]) -> RunResult:
    """``fan_out`` over ``ChimeAccounts``: users of each account, then their settings."""
    with _own_client(endpoint_url) as chime:
        counts = _Counts()
        counts.watch(chime.client)
        recorder = _Recorder()

        def users(account_id: str) -> list[Pair]:
            return [(account_id, user.user_id) for user in chime.list_users(account_id)]

        def pairs() -> Iterator[Pair]:
            for listed in fan_out(users, account_ids, concurrency=CONCURRENCY):
                if listed.value is None:
                    recorder.fail()
                else:
                    yield from listed.value

        def settings(pair: Pair) -> object:
            return chime.get_user_settings(*pair)

        for outcome in fan_out(settings, pairs(), concurrency=CONCURRENCY):
            if outcome.ok:
                recorder.got(outcome.item)
            else:
                recorder.fail()
        return recorder.result(counts)


def run_pool(endpoint_url: str, account_ids: Sequence[str]) -> RunResult:
    """A plain ``ThreadPoolExecutor(32)`` over one ``ChimeAccounts``: pacing alone."""
    with _own_client(endpoint_url) as chime, ThreadPoolExecutor(POOL_THREADS) as pool:
        counts = _Counts()
        counts.watch(chime.client)
        recorder = _Recorder()

        def users(account_id: str) -> list[Pair]:
            return [(account_id, user.user_id) for user in chime.list_users(account_id)]

        def settings(pair: Pair) -> None:
            chime.get_user_settings(*pair)
            recorder.got(pair)

        pairs = [pair for listed in pool.map(users, account_ids) for pair in listed]
        list(pool.map(settings, pairs))
        return recorder.result(counts)


def run_afan_out(endpoint_url: str, account_ids: Sequence[str]) -> RunResult:
    """``afan_out`` over ``AsyncChimeAccounts``, the same two stages."""

    async def main() -> RunResult:
        config = Config(max_pool_connections=POOL_THREADS)
        async with AsyncChimeAccounts(endpoint_url=endpoint_url, config=config) as chime:
            counts = _Counts()
            counts.watch(chime.client)
            recorder = _Recorder()

            async def users(account_id: str) -> list[Pair]:
                return [(account_id, user.user_id) async for user in chime.list_users(account_id)]

            async def pairs() -> AsyncIterator[Pair]:
                async for listed in afan_out(users, account_ids, concurrency=CONCURRENCY):
                    if listed.value is None:
                        recorder.fail()
                    else:
                        for pair in listed.value:
                            yield pair

            async def settings(pair: Pair) -> object:
                return await chime.get_user_settings(*pair)

            async for outcome in afan_out(settings, pairs(), concurrency=CONCURRENCY):
                if outcome.ok:
                    recorder.got(outcome.item)
                else:
                    recorder.fail()
            return recorder.result(counts)

    return asyncio.run(main())


WAYS: dict[str, Callable[[str, Sequence[str]], RunResult]] = {
    "serial raw boto3": run_serial,
    "raw boto3, 16 threads (standard mode)": run_raw_threads,
    "botocore adaptive mode, 16 threads": run_adaptive,
    "fan_out, concurrency=16": run_fan_out,
    "ThreadPoolExecutor(32), pacing alone": run_pool,
    "afan_out, concurrency=16": run_afan_out,
}


def floor(accounts: int) -> float:
    """Seconds the busiest operation's requests take at the endpoint's rate."""
    return max(accounts * USERS_PER_ACCOUNT, accounts) / RATE


def run(endpoint_url: str, account_ids: Sequence[str], repeats: int) -> list[Figure]:
    """Run every way ``repeats`` times in shuffled rounds; return the figures.

    Args:
        endpoint_url: A LocalChime with the fleet's pace and ``USERS_PER_ACCOUNT`` users in
            each of ``account_ids``.
        account_ids: The accounts of the workload.
        repeats: Rounds.
    """
    results: dict[str, list[RunResult]] = {name: [] for name in WAYS}
    shuffler = random.Random(repeats)
    for _ in range(repeats):
        order = list(WAYS)
        shuffler.shuffle(order)
        for name in order:
            time.sleep(1.0)  # the endpoint's buckets fill up again
            results[name].append(WAYS[name](endpoint_url, account_ids))
    serial = results["serial raw boto3"]
    expected: set[Pair] = set()
    for result in serial:
        expected.update(result.read)
    if len(expected) != len(account_ids) * USERS_PER_ACCOUNT:
        raise AssertionError(f"the serial loop read {len(expected)} users' settings")
    return _figures(results, expected, floor(len(account_ids)))


def _figures(
    results: dict[str, list[RunResult]], expected: set[Pair], floor_seconds: float
) -> list[Figure]:
    serial_times = [r.elapsed for r in results["serial raw boto3"]]
    requests = len(expected) + len({account for account, _ in expected})
    prefix = f"fleet, {requests:,} requests"
    budgets = {
        "fan_out, concurrency=16": (HELPER_FLOOR_BUDGET, HELPER_THROTTLED_BUDGET, 0.0),
        "afan_out, concurrency=16": (HELPER_FLOOR_BUDGET, HELPER_THROTTLED_BUDGET, 0.0),
        "ThreadPoolExecutor(32), pacing alone": (POOL_FLOOR_BUDGET, POOL_THROTTLED_BUDGET, 0.0),
    }
    figures: list[Figure] = []
    for name, runs in results.items():
        floor_budget, throttled_budget, lost_budget = budgets.get(name, (None, None, None))
        ramps = [r.ramp for r in runs if r.ramp is not None]
        ramp = f"{statistics.median(ramps):.1f} s" if ramps else "never"
        detail = (
            f"{statistics.median(r.elapsed for r in runs):.2f} s, floor {floor_seconds:.1f} s; "
            f"90 req/s reached after {ramp}; {statistics.median(r.sent for r in runs):.0f} sent"
        )
        figures.append(
            summary_figure(
                f"{prefix}: {name}, elapsed / floor",
                [r.elapsed / floor_seconds for r in runs],
                "x",
                floor_budget,
                detail=detail,
            )
        )
        figures.append(
            summary_figure(
                f"{prefix}: {name}, throttled",
                [r.throttled_percent() for r in runs],
                "%",
                throttled_budget,
                detail=f"{statistics.median(r.throttled for r in runs):.0f} 429s; "
                f"{statistics.median(r.failed for r in runs):.0f} calls failed in the end",
            )
        )
        if name == "serial raw boto3":
            continue
        figures.append(
            summary_figure(
                f"{prefix}: {name}, lost or duplicated",
                [float(r.lost_or_duplicated(expected)) for r in runs],
                "items",
                lost_budget,
            )
        )
        if name in {"fan_out, concurrency=16", "afan_out, concurrency=16"}:
            figures.append(
                summary_figure(
                    f"{prefix}: {name}, elapsed / serial raw boto3",
                    [r.elapsed / s for r, s in zip(runs, serial_times, strict=True)],
                    "x",
                    HELPER_SERIAL_BUDGET,
                    detail=f"serial raw boto3 {statistics.median(serial_times):.2f} s",
                )
            )
    return figures
