"""fan_out and afan_out: bounded, lazy, in input order, isolated failures, prompt cancellation."""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import pytest

from chime_accounts import Outcome, afan_out, fan_out
from chime_accounts.exceptions import NotFoundError, ValidationError

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from chime_accounts.testing import LocalChime

# Generous bounds for waits that only fail when something is broken.
TIMEOUT = 30.0


def not_found(item: object) -> NotFoundError:
    return NotFoundError(
        operation="GetAccount",
        code="NotFoundException",
        message=f"no account {item}",
        http_status=404,
        request_id=None,
        retry_attempts=0,
    )


class Counted:
    """An iterable over range(n) that records how many items were taken from it."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.taken = 0

    def __iter__(self) -> Iterator[int]:
        for i in range(self.n):
            self.taken += 1
            yield i


class CountedAsync:
    """The async twin of Counted."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.taken = 0

    async def __aiter__(self) -> AsyncIterator[int]:
        for i in range(self.n):
            self.taken += 1
            yield i


@pytest.fixture
def threads_before() -> Iterator[set[threading.Thread]]:
    """The threads alive before the test; afterwards, no pool thread may be left running.

    (The local endpoint's request threads, daemons of its own, may come and go.)
    """
    before = set(threading.enumerate())
    yield before
    left = set(threading.enumerate()) - before
    assert not [t for t in left if t.name.startswith("chime_accounts.fan_out") or not t.daemon]


@pytest.fixture
def released_on_cancel(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """An event set once fan_out has cancelled its unstarted calls, before it joins.

    Gated calls wait on it, so they can only finish after the cancellation: which calls
    started is then the same on every run.
    """
    released = threading.Event()

    class CancelThenRelease(ThreadPoolExecutor):
        def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
            super().shutdown(wait=False, cancel_futures=cancel_futures)
            released.set()
            super().shutdown(wait=wait)

    monkeypatch.setattr("chime_accounts._fan_out.ThreadPoolExecutor", CancelThenRelease)
    return released


class TestOutcome:
    """Outcome is a frozen record whose ok says whether the call returned."""

    def test_ok_and_error(self) -> None:
        error = not_found("a")
        assert Outcome(item="a", value=1).ok
        failed: Outcome[str, int] = Outcome(item="a", error=error)
        assert not failed.ok
        assert failed.value is None
        assert failed.error is error

    def test_frozen(self) -> None:
        outcome = Outcome(item="a", value=1)
        with pytest.raises(AttributeError):
            outcome.value = 2  # type: ignore[misc]


class TestValidation:
    """Bad arguments fail at the call, before any item is taken or any work starts."""

    @pytest.mark.parametrize("concurrency", [0, -1, 1.5, True, "8", None])
    def test_bad_concurrency(self, concurrency: object) -> None:
        items = Counted(5)
        with pytest.raises(ValidationError, match="concurrency"):
            fan_out(str, items, concurrency=concurrency)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="concurrency"):
            afan_out(asyncio.sleep, items, concurrency=concurrency)  # type: ignore[arg-type]
        assert items.taken == 0

    def test_not_callable(self) -> None:
        with pytest.raises(ValidationError, match="fn"):
            fan_out("get_account", ["a"])  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="coro_fn"):
            afan_out(None, ["a"])  # type: ignore[arg-type]

    def test_not_iterable(self) -> None:
        with pytest.raises(ValidationError, match="items"):
            fan_out(str, 5)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="items"):
            afan_out(asyncio.sleep, 5)  # type: ignore[arg-type]

    def test_nothing_runs_before_the_first_outcome(self, threads_before: object) -> None:
        calls: list[int] = []
        items = Counted(5)
        outcomes = fan_out(calls.append, items)
        assert items.taken == 0
        assert calls == []
        outcomes.close()


class TestOrder:
    """Outcomes come in input order, whatever order the calls finish in."""

    @pytest.mark.parametrize("seed", range(5))
    def test_forced_completion_order(self, seed: int, threads_before: object) -> None:
        n = 8
        finish_order = list(range(n))
        random.Random(seed).shuffle(finish_order)  # noqa: S311 - test timing, not security
        started = [threading.Event() for _ in range(n)]
        release = [threading.Event() for _ in range(n)]
        finished = [threading.Event() for _ in range(n)]
        completed: list[int] = []

        def work(i: int) -> int:
            started[i].set()
            assert release[i].wait(TIMEOUT)
            completed.append(i)
            finished[i].set()
            return i * 10

        def conduct() -> None:
            for i in finish_order:
                assert started[i].wait(TIMEOUT)
                release[i].set()
                assert finished[i].wait(TIMEOUT)

        conductor = threading.Thread(target=conduct)
        conductor.start()
        outcomes = list(fan_out(work, range(n), concurrency=n))
        conductor.join()
        assert completed == finish_order
        assert [o.item for o in outcomes] == list(range(n))
        assert [o.value for o in outcomes] == [i * 10 for i in range(n)]
        assert all(o.ok for o in outcomes)

    def test_many_items_few_threads(self, threads_before: object) -> None:
        outcomes = list(fan_out(lambda i: i * i, range(500), concurrency=3))
        assert [o.value for o in outcomes] == [i * i for i in range(500)]


class TestLaziness:
    """Items are taken only as outcomes are consumed, within a window of 2 x concurrency."""

    @pytest.mark.parametrize("concurrency", [1, 4])
    def test_consumed_as_outcomes_are_taken(self, concurrency: int, threads_before: object) -> None:
        items = Counted(1_000_000)
        with contextlib.closing(fan_out(lambda i: i, items, concurrency=concurrency)) as outcomes:
            for k in range(1, 30):
                assert next(outcomes).item == k - 1
                assert items.taken <= k + 2 * concurrency
        assert items.taken <= 30 + 2 * concurrency

    def test_a_slow_item_holds_at_most_the_window(self, threads_before: object) -> None:
        concurrency = 3
        window = 2 * concurrency
        items = Counted(100)
        slow = threading.Event()
        ahead_done = threading.Event()
        done_ahead: list[int] = []

        def work(i: int) -> int:
            if i == 0:
                assert slow.wait(TIMEOUT)
            else:
                done_ahead.append(i)
                if len(done_ahead) == window - 1:
                    ahead_done.set()
            return i

        outcomes = fan_out(work, items, concurrency=concurrency)
        first: list[Outcome[int, int]] = []
        consumer = threading.Thread(target=lambda: first.append(next(outcomes)))
        consumer.start()
        assert ahead_done.wait(TIMEOUT)
        # The consumer waits for item 0: nothing beyond the window is taken meanwhile.
        assert items.taken == window
        slow.set()
        consumer.join()
        assert first[0].item == 0
        assert [o.item for o in outcomes] == list(range(1, 100))


class TestFailures:
    """A library error is its item's outcome; any other exception stops the fan-out."""

    def test_library_errors_are_outcomes(self, threads_before: object) -> None:
        def work(i: int) -> int:
            if i % 3 == 1:
                raise not_found(i)
            if i % 3 == 2:
                raise ValidationError("account_id", "is not a UUID")
            return i

        outcomes = list(fan_out(work, range(9), concurrency=2))
        assert [o.item for o in outcomes] == list(range(9))
        assert [o.ok for o in outcomes] == [i % 3 == 0 for i in range(9)]
        assert isinstance(outcomes[1].error, NotFoundError)
        assert isinstance(outcomes[2].error, ValidationError)
        assert outcomes[1].value is None

    def test_a_bug_is_raised_at_its_place_after_the_earlier_outcomes(
        self, threads_before: object
    ) -> None:
        items = Counted(1_000)
        seen: list[int] = []

        def work(i: int) -> int:
            if i == 5:
                raise RuntimeError("bug")
            return i

        with pytest.raises(RuntimeError, match="bug"):
            seen.extend(o.item for o in fan_out(work, items, concurrency=2))
        assert seen == [0, 1, 2, 3, 4]
        assert items.taken <= 6 + 4

    def test_a_bug_in_the_items_is_raised(self, threads_before: object) -> None:
        def items() -> Iterator[int]:
            yield 1
            raise KeyError("source")

        with pytest.raises(KeyError, match="source"):
            list(fan_out(str, items()))


class TestCancellation:
    """Closing, break or KeyboardInterrupt cancel unstarted calls and leave no thread."""

    def test_close(self, released_on_cancel: threading.Event, threads_before: object) -> None:
        started: list[int] = []
        running = threading.Barrier(3)

        def work(i: int) -> int:
            started.append(i)
            if i > 0:
                running.wait(TIMEOUT)
                assert released_on_cancel.wait(TIMEOUT)
            return i

        items = Counted(100)
        outcomes = fan_out(work, items, concurrency=2)
        assert next(outcomes).item == 0
        running.wait(TIMEOUT)  # items 1 and 2 run; 3 waits in the pool's queue
        outcomes.close()
        assert sorted(started) == [0, 1, 2]
        assert items.taken == 4

    def test_break(self, released_on_cancel: threading.Event, threads_before: object) -> None:
        started: list[int] = []
        running = threading.Barrier(3)

        def work(i: int) -> int:
            started.append(i)
            if i > 0:
                running.wait(TIMEOUT)
                assert released_on_cancel.wait(TIMEOUT)
            return i

        for outcome in fan_out(work, range(100), concurrency=2):
            assert outcome.item == 0
            running.wait(TIMEOUT)
            break
        assert sorted(started) == [0, 1, 2]

    def test_keyboard_interrupt(
        self, released_on_cancel: threading.Event, threads_before: object
    ) -> None:
        started: list[int] = []

        def work(i: int) -> int:
            started.append(i)
            if i > 0:
                assert released_on_cancel.wait(TIMEOUT)
            return i

        with pytest.raises(KeyboardInterrupt):  # noqa: PT012 - the loop is what is interrupted
            for _ in fan_out(work, range(100), concurrency=2):
                raise KeyboardInterrupt
        assert len(started) <= 4
        assert released_on_cancel.is_set()


class TestPagersInWorkers:
    """A pager may be consumed inside the function, e.g. each account's users."""

    def test_list_users_of_each_account(
        self, local_chime: LocalChime, threads_before: object
    ) -> None:
        account_ids = [local_chime.add_account(name=f"Team {i}")["AccountId"] for i in range(4)]
        for n, account_id in enumerate(account_ids):
            for u in range(n * 3):
                local_chime.add_user(account_id, f"user{u}@example.com")
        with local_chime.chime_accounts() as chime:
            outcomes = list(fan_out(lambda a: list(chime.list_users(a, page_size=2)), account_ids))
        assert [len(o.value or ()) for o in outcomes] == [0, 3, 6, 9]
        assert [o.item for o in outcomes] == account_ids


class TestAsync:
    """afan_out: the same promises for tasks, with iterables and async iterables."""

    def test_order_with_forced_completion(self) -> None:
        n = 8
        finish_order = list(range(n))
        random.Random(1).shuffle(finish_order)  # noqa: S311 - test timing, not security

        async def main() -> tuple[list[int], list[Outcome[int, int]]]:
            release = [asyncio.Event() for _ in range(n)]
            finished = [asyncio.Event() for _ in range(n)]
            completed: list[int] = []

            async def work(i: int) -> int:
                await release[i].wait()
                completed.append(i)
                finished[i].set()
                return i * 10

            async def conduct() -> None:
                for i in finish_order:
                    release[i].set()
                    await finished[i].wait()

            conductor = asyncio.ensure_future(conduct())
            outcomes = [o async for o in afan_out(work, range(n), concurrency=n)]
            await conductor
            return completed, outcomes

        completed, outcomes = asyncio.run(main())
        assert completed == finish_order
        assert [o.value for o in outcomes] == [i * 10 for i in range(n)]

    def test_async_iterable_is_consumed_lazily(self) -> None:
        items = CountedAsync(1_000_000)

        async def work(i: int) -> int:
            await asyncio.sleep(0)
            return i

        async def main() -> None:
            async with contextlib.aclosing(afan_out(work, items, concurrency=3)) as outcomes:
                k = 0
                async for outcome in outcomes:
                    assert outcome.item == k
                    k += 1
                    assert items.taken <= k + 6
                    if k == 20:
                        break

        asyncio.run(main())
        assert items.taken <= 26

    def test_failures(self) -> None:
        async def work(i: int) -> int:
            if i == 1:
                raise not_found(i)
            if i == 4:
                raise RuntimeError("bug")
            return i

        seen: list[Outcome[int, int]] = []

        async def main_until_bug() -> None:
            async for outcome in afan_out(work, range(10), concurrency=2):
                seen.append(outcome)  # noqa: PERF401 - the outcomes before the bug count

        with pytest.raises(RuntimeError, match="bug"):
            asyncio.run(main_until_bug())
        assert [o.item for o in seen] == [0, 1, 2, 3]
        assert isinstance(seen[1].error, NotFoundError)

    @pytest.mark.parametrize("how", ["break", "aclose"])
    def test_leaving_early_cancels_pending_tasks(self, how: str) -> None:
        started: list[int] = []
        cancelled: list[int] = []

        async def work(i: int) -> int:
            started.append(i)
            if i > 0:
                try:
                    await asyncio.Event().wait()
                except asyncio.CancelledError:
                    cancelled.append(i)
                    raise
            return i

        async def main() -> None:
            outcomes = afan_out(work, range(100), concurrency=2)
            if how == "aclose":
                assert (await anext(outcomes)).item == 0
                await outcomes.aclose()
            else:
                async for outcome in outcomes:
                    assert outcome.item == 0
                    break
                del outcomes
            # The finalised generator's clean-up runs as a task of its own.
            while len(asyncio.all_tasks()) > 1:
                await asyncio.sleep(0)

        asyncio.run(main())
        assert sorted(started) == [0, 1, 2]
        assert sorted(cancelled) == [1, 2]

    def test_cancelling_the_consumer_cancels_the_calls(self) -> None:
        started: list[int] = []
        cancelled: list[int] = []

        async def main() -> None:
            both_running = asyncio.Event()

            async def work(i: int) -> int:
                started.append(i)
                if len(started) == 2:
                    both_running.set()
                try:
                    await asyncio.Event().wait()
                except asyncio.CancelledError:
                    cancelled.append(i)
                    raise
                return i

            async def consume() -> None:
                async for _ in afan_out(work, range(100), concurrency=2):
                    pass

            consumer = asyncio.ensure_future(consume())
            await both_running.wait()
            consumer.cancel()
            with pytest.raises(asyncio.CancelledError):
                await consumer
            assert asyncio.all_tasks() == {asyncio.current_task()}

        asyncio.run(main())
        assert sorted(started) == [0, 1]
        assert sorted(cancelled) == [0, 1]
