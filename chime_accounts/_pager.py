"""Lazy, resumable iteration over paginated results, one page in memory at a time."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import attrs
from botocore.paginate import TokenDecoder, TokenEncoder

from ._ops import BOTO_ERRORS, ListCall, RetryState
from .exceptions import PaginationError, ResponseParseError, ValidationError

if TYPE_CHECKING:
    from collections.abc import (
        AsyncGenerator,
        AsyncIterable,
        AsyncIterator,
        Awaitable,
        Callable,
        Generator,
        Iterable,
        Iterator,
        Mapping,
    )

    from ._retry import RetryPolicy

__all__ = ["AsyncPager", "Page", "PageCursor", "Pager"]

T = TypeVar("T")

# botocore's resume-token members: the service token and how many items of its page to skip.
_TOKEN = "NextToken"  # noqa: S105 - a member name, not a secret
_SKIP = "boto_truncate_amount"


@attrs.frozen(kw_only=True)
class Page(Generic[T]):
    """One page of results.

    Attributes:
        items: The page's items, in service order.
        next_token: Pass it as ``starting_token`` to continue right after this page; None
            when nothing follows.
    """

    items: tuple[T, ...]
    next_token: str | None


def _encode(service_token: str | None, skip: int = 0) -> str:
    token: dict[str, Any] = {_TOKEN: service_token}
    if skip:
        token[_SKIP] = skip
    return TokenEncoder().encode(token)


def _decode(starting_token: str | None) -> tuple[str | None, int]:
    """Split a starting token into the service token and the items to skip of its page."""
    if starting_token is None:
        return None, 0
    try:
        decoded = cast("object", TokenDecoder().decode(starting_token))
    except (ValueError, TypeError):
        return starting_token, 0  # a raw service token, as botocore accepts too
    if not isinstance(decoded, dict):
        raise ValidationError("starting_token", "is not a token this library or botocore made")
    members = cast("dict[str, object]", decoded)
    service_token = members.get(_TOKEN)
    skip = members.get(_SKIP, 0)
    if not (service_token is None or isinstance(service_token, str)) or not (
        isinstance(skip, int) and skip >= 0
    ):
        raise ValidationError("starting_token", "is not a token this library or botocore made")
    return service_token, skip


class PageCursor(Generic[T]):
    """Where a listing stands: which page is loaded and how much of it was handed out.

    It knows nothing of I/O, so the sync and async pagers share it. It takes each page as
    the paginator returns it, hands out its items, and answers with the token that
    resumes at the first item not yet handed out.
    """

    def __init__(
        self, call: ListCall[T], starting_token: str | None, max_items: int | None
    ) -> None:
        self._call = call
        self._starting_token = starting_token
        self._start_service_token, self._start_skip = _decode(starting_token)
        self._remaining = max_items
        self._started = False
        self._done = False
        self._page_service_token: str | None = None
        self._page_skip = 0  # items of the service's page that came before this page
        self._raw_length = 0
        self._items: tuple[T, ...] = ()
        self._position = 0
        self._next_service_token: str | None = None
        # Every service token this listing has fetched a page with: a next token among
        # them would lead round a cycle of pages, forever (a few dozen bytes per page).
        self._used_tokens: set[str] = set()

    @property
    def done(self) -> bool:
        """Whether no further page is to be fetched."""
        return self._done

    @property
    def has_item(self) -> bool:
        """Whether the current page has an item not yet handed out."""
        return self._position < len(self._items)

    @property
    def fetch_token(self) -> str | None:
        """The starting token for fetching the page after the last one taken."""
        if not self._started:
            return self._starting_token
        return _encode(self._next_service_token)

    @property
    def resume_token(self) -> str | None:
        """The token that resumes at the first item not yet handed out; None at the end."""
        if not self._started:
            return self._starting_token
        return self._token_at(self._position)

    def take(self, response: Mapping[str, Any]) -> None:
        """Parse the next page as the paginator returned it and make it current."""
        operation = self._call.operation
        if self._started:
            service_token, skip = self._next_service_token, 0
        else:
            service_token, skip = self._start_service_token, self._start_skip
        next_service_token = response.get(_TOKEN) or None
        if not (next_service_token is None or isinstance(next_service_token, str)):
            raise ResponseParseError(operation, _TOKEN, "expected a string")
        if next_service_token is not None and next_service_token == service_token:
            raise PaginationError(f"{operation}: the service sent the same next token twice")
        if next_service_token is not None and next_service_token in self._used_tokens:
            raise PaginationError(
                f"{operation}: the service sent a next token of an earlier page again"
            )
        key = self._call.result_key
        raw_items = cast("object", response.get(key) or [])
        if not isinstance(raw_items, list):
            raise ResponseParseError(operation, key, "expected a list")
        page_items = cast("list[object]", raw_items)
        raw_length = len(page_items)
        remaining = self._remaining
        if remaining is not None:
            page_items = page_items[:remaining]
            remaining -= len(page_items)
        parse_item = self._call.parse_item
        items = tuple(parse_item(item, f"{key}[{index}]") for index, item in enumerate(page_items))
        # Nothing changes before the page is read whole, so a page that fails leaves the
        # cursor (and resume_token) where it was.
        self._raw_length, self._remaining, self._items = raw_length, remaining, items
        self._position = 0
        self._started = True
        self._page_service_token, self._page_skip = service_token, skip
        if service_token is not None:
            self._used_tokens.add(service_token)
        self._next_service_token = next_service_token
        self._done = next_service_token is None or self._remaining == 0

    def next_item(self) -> T:
        """Hand out the next item of the current page (check :attr:`has_item` first)."""
        item = self._items[self._position]
        self._position += 1
        return item

    def rest_of_page(self) -> Page[T]:
        """Hand out every item of the current page not handed out yet, as a page."""
        rest = self._items[self._position :]
        self._position = len(self._items)
        return Page(items=rest, next_token=self.resume_token)

    def _token_at(self, position: int) -> str | None:
        if position < self._raw_length:
            return _encode(self._page_service_token, self._page_skip + position)
        if self._next_service_token is None:
            return None
        return _encode(self._next_service_token)


def _ended_early(operation: str) -> PaginationError:
    # The paginator stopped on a token botocore reads as the end (e.g. an empty one).
    return PaginationError(f"{operation}: the paginator ended early")


class Pager(Generic[T]):
    """A lazy iterator over every item of a paginated listing.

    Iterating it yields items across all pages; ``pages()`` yields whole pages. Nothing is
    sent until iteration starts, and only one page is held at a time. Both views share one
    position: after a ``break``, ``resume_token`` continues at the next item.
    """

    def __init__(
        self,
        call: ListCall[T],
        paginate: Callable[[str | None], Iterable[Mapping[str, Any]]],
        *,
        retry: RetryPolicy,
        starting_token: str | None,
        max_items: int | None,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        self._call = call
        self._paginate = paginate
        self._retry = retry
        self._sleep = sleep
        self._cursor = PageCursor(call, starting_token, max_items)
        self._responses: Iterator[Mapping[str, Any]] | None = None

    @property
    def resume_token(self) -> str | None:
        """The ``starting_token`` that continues at the first item not yet yielded.

        Before iteration it is the starting token; once everything was read it is None.
        """
        return self._cursor.resume_token

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        while not self._cursor.has_item:
            if self._cursor.done:
                raise StopIteration
            self._advance()
        return self._cursor.next_item()

    def pages(self) -> Iterator[Page[T]]:
        """Yield the remaining results page by page, starting at the current position."""
        if self._cursor.has_item:
            yield self._cursor.rest_of_page()
        while not self._cursor.done:
            self._advance()
            yield self._cursor.rest_of_page()

    def _advance(self) -> None:
        # After a failure the paginator is dropped, so iterating on fetches the failed page
        # again (within a fresh retry budget) instead of skipping it or ending early.
        try:
            self._cursor.take(self._next_response())
        except Exception:
            responses, self._responses = self._responses, None
            if responses is not None:
                cast("Generator[object, None, None]", responses).close()
            raise

    def _next_response(self) -> Mapping[str, Any]:
        if self._responses is None:
            self._responses = self._fetch_responses()
        try:
            return next(self._responses)
        except StopIteration:
            raise _ended_early(self._call.operation) from None

    def _fetch_responses(self) -> Iterator[Mapping[str, Any]]:
        """Yield page responses, restarting the paginator at the failed page on a retry."""
        operation = self._call.operation
        retry_state = RetryState(self._retry, operation, idempotent=True)
        while True:
            try:
                for response in self._paginate(self._cursor.fetch_token):
                    # The retry budget is per page, not per listing.
                    retry_state = RetryState(self._retry, operation, idempotent=True)
                    yield response
            except BOTO_ERRORS as error:
                self._sleep(retry_state.next_delay(error))
            else:
                return


class AsyncPager(Generic[T]):
    """The async twin of [`Pager`][chime_accounts.Pager]: ``async for`` items, ``pages()`` pages.

    It shares its cursor with [`Pager`][chime_accounts.Pager], so positions and resume tokens
    behave identically; only fetching is awaited.
    """

    def __init__(
        self,
        call: ListCall[T],
        paginate: Callable[[str | None], AsyncIterable[Mapping[str, Any]]],
        *,
        retry: RetryPolicy,
        starting_token: str | None,
        max_items: int | None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        self._call = call
        self._paginate = paginate
        self._retry = retry
        self._sleep = sleep
        self._cursor = PageCursor(call, starting_token, max_items)
        self._responses: AsyncIterator[Mapping[str, Any]] | None = None

    @property
    def resume_token(self) -> str | None:
        """The ``starting_token`` that continues at the first item not yet yielded."""
        return self._cursor.resume_token

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        while not self._cursor.has_item:
            if self._cursor.done:
                raise StopAsyncIteration
            await self._advance()
        return self._cursor.next_item()

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Yield the remaining results page by page, starting at the current position."""
        if self._cursor.has_item:
            yield self._cursor.rest_of_page()
        while not self._cursor.done:
            await self._advance()
            yield self._cursor.rest_of_page()

    async def _advance(self) -> None:
        # As in Pager: after a failure, iterating on fetches the failed page again.
        try:
            self._cursor.take(await self._next_response())
        except Exception:
            responses, self._responses = self._responses, None
            if responses is not None:
                await cast("AsyncGenerator[object, None]", responses).aclose()
            raise

    async def _next_response(self) -> Mapping[str, Any]:
        if self._responses is None:
            self._responses = self._fetch_responses()
        try:
            return await anext(self._responses)
        except StopAsyncIteration:
            raise _ended_early(self._call.operation) from None

    async def _fetch_responses(self) -> AsyncIterator[Mapping[str, Any]]:
        """Yield page responses, restarting the paginator at the failed page on a retry."""
        operation = self._call.operation
        retry_state = RetryState(self._retry, operation, idempotent=True)
        while True:
            try:
                async for response in self._paginate(self._cursor.fetch_token):
                    retry_state = RetryState(self._retry, operation, idempotent=True)
                    yield response
            except BOTO_ERRORS as error:
                await self._sleep(retry_state.next_delay(error))
            else:
                return
