"""Lazy, resumable iteration over paginated results, one page in memory at a time.

Each page is one call sent through the client like any other (pacing, retries, error
mapping), so a page that fails is retried in place, and iterating again after an error
fetches it anew. Resume tokens are botocore's (``NextToken`` and
``boto_truncate_amount``), exact to the item.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import attrs
from botocore.paginate import TokenDecoder, TokenEncoder

from .exceptions import PaginationError, ResponseParseError, ValidationError

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping

    from ._call import Call, ListCall

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
    """Split a starting token into the service token and the items to skip from there."""
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
        isinstance(skip, int) and not isinstance(skip, bool) and skip >= 0
    ):
        raise ValidationError("starting_token", "is not a token this library or botocore made")
    return service_token, skip


class PageCursor(Generic[T]):
    """Where a listing stands: which page is loaded and how much of it was handed out.

    It knows nothing of I/O, so the sync and async pagers share it. It says which page to
    fetch next, takes each response, hands out its items, and answers with the token that
    resumes at the first item not yet handed out.

    A token names the service token of a page and how many items of it to skip. The skip
    is counted from where the service starts that page, whatever its size, so a token is
    honoured exactly with any ``page_size``: when a page is shorter than the skip, the
    rest is skipped on the pages that follow.
    """

    def __init__(
        self, call: ListCall[T], starting_token: str | None, max_items: int | None
    ) -> None:
        self._call = call
        self._starting_token = starting_token
        self._fetch_token: str | None
        self._pending_skip: int
        self._fetch_token, self._pending_skip = _decode(starting_token)
        self._remaining = max_items
        self._started = False
        self._done = False
        self._page_service_token: str | None = None
        self._page_skip = 0  # items of the service's page that came before this page's items
        self._kept_length = 0  # this page's items after the skipped ones, before max_items
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

    def next_page(self) -> Call[Mapping[str, Any]]:
        """The call that fetches the next page (check :attr:`done` first)."""
        return self._call.page(self._fetch_token)

    @property
    def resume_token(self) -> str | None:
        """The token that resumes at the first item not yet handed out; None at the end."""
        if not self._started:
            return self._starting_token
        if self._position < self._kept_length:
            return _encode(self._page_service_token, self._page_skip + self._position)
        if self._next_service_token is None:
            return None
        return _encode(self._next_service_token, self._pending_skip)

    def take(self, response: Mapping[str, Any]) -> None:
        """Parse the page the call of :meth:`next_page` answered and make it current."""
        operation = self._call.operation
        service_token = self._fetch_token
        next_token = cast("object", response.get(_TOKEN)) or None
        if not (next_token is None or isinstance(next_token, str)):
            raise ResponseParseError(operation, _TOKEN, "expected a string")
        next_service_token: str | None = next_token
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
        skip = min(self._pending_skip, len(page_items))
        kept = page_items[skip:]
        kept_length = len(kept)
        remaining = self._remaining
        if remaining is not None:
            kept = kept[:remaining]
            remaining -= len(kept)
        parse_item = self._call.parse_item
        items = tuple(
            parse_item(item, f"{key}[{index}]") for index, item in enumerate(kept, start=skip)
        )
        # Nothing changes before the page is read whole, so a page that fails leaves the
        # cursor (and resume_token) where it was.
        self._remaining, self._items, self._position = remaining, items, 0
        self._kept_length = kept_length
        self._started = True
        self._page_service_token, self._page_skip = service_token, skip
        self._pending_skip -= skip
        if service_token is not None:
            self._used_tokens.add(service_token)
        self._next_service_token = self._fetch_token = next_service_token
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


class Pager(Generic[T]):
    """A lazy iterator over every item of a paginated listing.

    Iterating it yields items across all pages; ``pages()`` yields whole pages. Nothing is
    sent until iteration starts, and only one page is held at a time. Both views share one
    position: after a ``break``, ``resume_token`` continues at the next item.
    """

    def __init__(
        self,
        call: ListCall[T],
        send: Callable[[Call[Mapping[str, Any]]], Mapping[str, Any]],
        *,
        starting_token: str | None,
        max_items: int | None,
    ) -> None:
        self._send = send
        self._cursor = PageCursor(call, starting_token, max_items)

    @property
    def resume_token(self) -> str | None:
        """The ``starting_token`` that continues at the first item not yet yielded.

        Before iteration it is the starting token; once everything was read it is None.
        """
        return self._cursor.resume_token

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        cursor = self._cursor
        while not cursor.has_item:
            if cursor.done:
                raise StopIteration
            cursor.take(self._send(cursor.next_page()))
        return cursor.next_item()

    def pages(self) -> Iterator[Page[T]]:
        """Yield the remaining results page by page, starting at the current position."""
        cursor = self._cursor
        if cursor.has_item:
            yield cursor.rest_of_page()
        while not cursor.done:
            cursor.take(self._send(cursor.next_page()))
            yield cursor.rest_of_page()


class AsyncPager(Generic[T]):
    """The async twin of [`Pager`][chime_accounts.Pager]: ``async for`` items, ``pages()`` pages.

    It shares its cursor with [`Pager`][chime_accounts.Pager], so positions and resume tokens
    behave identically; only fetching is awaited.
    """

    def __init__(
        self,
        call: ListCall[T],
        send: Callable[[Call[Mapping[str, Any]]], Awaitable[Mapping[str, Any]]],
        *,
        starting_token: str | None,
        max_items: int | None,
    ) -> None:
        self._send = send
        self._cursor = PageCursor(call, starting_token, max_items)

    @property
    def resume_token(self) -> str | None:
        """The ``starting_token`` that continues at the first item not yet yielded."""
        return self._cursor.resume_token

    def __aiter__(self) -> AsyncIterator[T]:
        return self

    async def __anext__(self) -> T:
        cursor = self._cursor
        while not cursor.has_item:
            if cursor.done:
                raise StopAsyncIteration
            cursor.take(await self._send(cursor.next_page()))
        return cursor.next_item()

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Yield the remaining results page by page, starting at the current position."""
        cursor = self._cursor
        if cursor.has_item:
            yield cursor.rest_of_page()
        while not cursor.done:
            cursor.take(await self._send(cursor.next_page()))
            yield cursor.rest_of_page()
