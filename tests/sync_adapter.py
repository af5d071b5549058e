"""Drive AsyncChimeAccounts through the sync API, so one behavioural suite tests both.

An event loop runs in a background thread; every coroutine the async client returns is
run there and awaited from the test's thread, and async pagers become sync iterators.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from chime_accounts import AsyncPager, Page

if TYPE_CHECKING:
    from collections.abc import Awaitable, Coroutine, Iterator

T = TypeVar("T")


class LoopThread:
    """An asyncio event loop running in a daemon thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, awaitable: Awaitable[T]) -> T:
        async def wrapper() -> T:
            return await awaitable

        return asyncio.run_coroutine_threadsafe(wrapper(), self.loop).result(timeout=60)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()


class SyncPager(Generic[T]):
    """A sync view of an AsyncPager: the same cursor, awaited in the loop thread."""

    def __init__(self, pager: AsyncPager[T], loop: LoopThread) -> None:
        self._pager = pager
        self._loop = loop

    @property
    def resume_token(self) -> str | None:
        return self._pager.resume_token

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        try:
            return self._loop.run(anext(self._pager))
        except StopAsyncIteration:
            raise StopIteration from None

    def pages(self) -> Iterator[Page[T]]:
        pages = self._pager.pages()
        while True:
            try:
                yield self._loop.run(anext(pages))
            except StopAsyncIteration:
                return


class SyncAdapter:
    """Calls the async client's methods and waits for them."""

    def __init__(self, target: object, loop: LoopThread) -> None:
        self._target = target
        self._loop = loop

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._target, name)
        if not callable(attribute):
            return attribute

        def call(*args: object, **kwargs: object) -> object:
            result = attribute(*args, **kwargs)
            if isinstance(result, AsyncPager):
                # mypy narrows to AsyncPager[Any], pyright to a partly unknown type.
                pager = cast("AsyncPager[Any]", cast("object", result))
                return SyncPager(pager, self._loop)
            if inspect.iscoroutine(result):
                return self._loop.run(cast("Coroutine[Any, Any, object]", result))
            return result

        return call
