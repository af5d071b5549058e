"""Run one call per item in a bounded pool, and hand back the outcomes in input order."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Generic, TypeVar, cast

import attrs

from .exceptions import ChimeAccountsError, ValidationError

if TYPE_CHECKING:
    from collections.abc import (
        AsyncGenerator,
        AsyncIterator,
        Awaitable,
        Callable,
        Generator,
        Iterable,
        Iterator,
    )
    from concurrent.futures import Future

__all__ = ["Outcome", "afan_out", "fan_out"]

T_item = TypeVar("T_item")
T_value = TypeVar("T_value")


@attrs.frozen(kw_only=True)
class Outcome(Generic[T_item, T_value]):
    """What one item of a fan-out came to: the function's value, or the error it raised.

    Attributes:
        item: The item, as taken from the input.
        value: What the function returned for it; None when it raised.
        error: The [`ChimeAccountsError`][chime_accounts.exceptions.ChimeAccountsError]
            (``ValidationError`` included) the function raised for it; None when it
            returned.
    """

    item: T_item
    value: T_value | None = None
    error: ChimeAccountsError | None = None

    @property
    def ok(self) -> bool:
        """Whether the function returned for this item (``error`` is None)."""
        return self.error is None


def fan_out(
    fn: Callable[[T_item], T_value], items: Iterable[T_item], *, concurrency: int = 8
) -> Generator[Outcome[T_item, T_value], None, None]:
    """Call ``fn(item)`` for each item in a pool of threads and yield the outcomes in order.

    Items are taken lazily, only as outcomes are consumed: at most ``2 * concurrency``
    items are taken ahead of the oldest outcome not yet yielded, so a slow item holds at
    most that many behind it and a generator of a million items costs no more memory than
    one of twenty. ``fn`` may be any callable, e.g. a client method; a pager may be
    consumed inside it.

    A [`ChimeAccountsError`][chime_accounts.exceptions.ChimeAccountsError] raised by ``fn``
    concerns its item only: it becomes that item's outcome and the others go on. Any other
    exception is a bug: it is raised from the loop at its item's place in the order (every
    earlier outcome is yielded first), once the calls not yet started are cancelled and
    the running ones have returned.

    Nothing runs before the first outcome is asked for. Closing the iterator (``close()``,
    ``contextlib.closing``, or ``break`` once the iterator is dropped), or an exception
    such as ``KeyboardInterrupt`` in the loop, cancels the calls not yet started and
    waits for the running ones, which cannot be interrupted; no thread is left running.

    Args:
        fn: Called with each item, in a worker thread.
        items: Any iterable; it is iterated in the calling thread.
        concurrency: How many calls run at once (the pool's threads).

    Returns:
        A generator of one [`Outcome`][chime_accounts.Outcome] per item, in input order.

    Raises:
        ValidationError: ``fn`` is not callable, ``items`` is not iterable, or
            ``concurrency`` is not an integer of at least 1; raised by this call itself.
    """
    _check(fn, "fn", concurrency)
    try:
        iterator = iter(items)
    except TypeError:
        raise ValidationError("items", "must be iterable") from None
    return _fan_out(fn, iterator, concurrency)


def afan_out(
    coro_fn: Callable[[T_item], Awaitable[T_value]],
    items: Iterable[T_item] | AsyncIterable[T_item],
    *,
    concurrency: int = 8,
) -> AsyncGenerator[Outcome[T_item, T_value], None]:
    """Await ``coro_fn(item)`` for each item in bounded tasks; yield the outcomes in order.

    Same as [`fan_out`][chime_accounts.fan_out] but for ``async for``: at most
    ``concurrency`` calls are awaited at once, each in a task of its own, and ``items``
    may also be an async iterable, consumed as lazily. Leaving the loop early
    (``break``, then the generator is finalised; ``aclose()`` or
    ``contextlib.aclosing`` to do it at once) or cancelling the consuming task cancels
    every pending task and waits for them to end.

    Args:
        coro_fn: Called with each item; its awaitable is awaited in a task.
        items: An iterable or an async iterable.
        concurrency: How many calls are awaited at once.

    Returns:
        An async generator of one [`Outcome`][chime_accounts.Outcome] per item, in order.

    Raises:
        ValidationError: ``coro_fn`` is not callable, ``items`` is not iterable, or
            ``concurrency`` is not an integer of at least 1; raised by this call itself.
    """
    _check(coro_fn, "coro_fn", concurrency)
    source: Iterator[T_item] | AsyncIterator[T_item]
    try:
        source = aiter(items) if isinstance(items, AsyncIterable) else iter(items)
    except TypeError:
        raise ValidationError("items", "must be iterable or async iterable") from None
    return _afan_out(coro_fn, source, concurrency)


def _check(fn: object, name: str, concurrency: object) -> None:
    if not callable(fn):
        raise ValidationError(name, "must be callable")
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValidationError("concurrency", "must be an integer of at least 1")


def _call(fn: Callable[[T_item], T_value], item: T_item) -> Outcome[T_item, T_value]:
    try:
        value = fn(item)
    except ChimeAccountsError as error:
        return Outcome(item=item, error=error)
    return Outcome(item=item, value=value)


def _fan_out(
    fn: Callable[[T_item], T_value], items: Iterator[T_item], concurrency: int
) -> Generator[Outcome[T_item, T_value], None, None]:
    window = 2 * concurrency
    pending: deque[Future[Outcome[T_item, T_value]]] = deque()
    executor = ThreadPoolExecutor(concurrency, thread_name_prefix="chime_accounts.fan_out")
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < window:
                try:
                    item = next(items)
                except StopIteration:
                    exhausted = True
                else:
                    pending.append(executor.submit(_call, fn, item))
            if not pending:
                return
            outcome = pending[0].result()
            pending.popleft()
            yield outcome
    finally:
        # Also on GeneratorExit (close, break) and KeyboardInterrupt: the calls not yet
        # started never start, and the running ones are waited for.
        executor.shutdown(wait=True, cancel_futures=True)


async def _acall(
    coro_fn: Callable[[T_item], Awaitable[T_value]],
    item: T_item,
    semaphore: asyncio.Semaphore,
) -> Outcome[T_item, T_value]:
    async with semaphore:
        try:
            value = await coro_fn(item)
        except ChimeAccountsError as error:
            return Outcome(item=item, error=error)
        return Outcome(item=item, value=value)


async def _afan_out(
    coro_fn: Callable[[T_item], Awaitable[T_value]],
    items: Iterator[T_item] | AsyncIterator[T_item],
    concurrency: int,
) -> AsyncGenerator[Outcome[T_item, T_value], None]:
    window = 2 * concurrency
    semaphore = asyncio.Semaphore(concurrency)
    pending: deque[asyncio.Task[Outcome[T_item, T_value]]] = deque()
    async_items = items if isinstance(items, AsyncIterable) else None
    sync_items = None if isinstance(items, AsyncIterable) else items
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < window:
                try:
                    if async_items is not None:
                        item = await anext(async_items)
                    else:
                        item = next(cast("Iterator[T_item]", sync_items))
                except (StopIteration, StopAsyncIteration):
                    exhausted = True
                else:
                    pending.append(asyncio.ensure_future(_acall(coro_fn, item, semaphore)))
            if not pending:
                return
            # Waited for, not awaited: a cancellation of the consumer must not reach the
            # head alone, which would let a queued call start before the rest is cancelled.
            await asyncio.wait((pending[0],))
            outcome = pending.popleft().result()
            yield outcome
    finally:
        for task in pending:
            task.cancel()
        # Also collects the errors of tasks that ended but were never awaited.
        await asyncio.gather(*pending, return_exceptions=True)
