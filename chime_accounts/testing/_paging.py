"""Opaque-token paging shared by the store's list operations."""

from __future__ import annotations

import base64
import bisect
import itertools
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from chime_accounts.testing._service import ServiceError

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterator, Sequence

__all__ = ["Pager"]

_T = TypeVar("_T")


@dataclass(frozen=True)
class _Cursor:
    after_seq: int
    query: Hashable


class Pager:
    """Cuts sequence-ordered items into pages tied to opaque tokens.

    A token remembers the last item handed out (by its sequence number) and
    the query it was issued for, so it resumes after that item even when items
    are added meanwhile, can be reused, and is refused for another query.
    Not thread-safe: the store calls it under its own lock.
    """

    def __init__(self) -> None:
        self._tokens: dict[str, _Cursor] = {}

    def page(
        self,
        items: Sequence[_T],
        *,
        seq: Callable[[_T], int],
        keep: Callable[[_T], bool] | None = None,
        query: Hashable,
        max_results: int,
        next_token: str | None,
    ) -> tuple[list[_T], str | None]:
        """Return one page of ``items`` and the token for the next one.

        Args:
            items: The items in ascending ``seq`` order.
            seq: An item's sequence number, unique and increasing in creation order.
            keep: The query's filter; None keeps every item.
            query: What identifies the listing and its filters; a token is
                only accepted for an equal query.
            max_results: Page size.
            next_token: A token from a previous page of the same query.

        Returns:
            The page and the token for the next one (``None`` on the last page).

        Raises:
            ServiceError: ``BadRequestException`` for an unknown token or one
                issued for a different query.
        """
        after_seq = -1
        if next_token is not None:
            cursor = self._tokens.get(next_token)
            if cursor is None:
                raise ServiceError("BadRequestException", "The NextToken is invalid.")
            if cursor.query != query:
                raise ServiceError(
                    "BadRequestException",
                    "The NextToken was issued for a request with different filters.",
                )
            after_seq = cursor.after_seq
        # Bisecting to the cursor keeps a page's cost independent of how far in it is;
        # one item past the page tells whether another page follows.
        start = bisect.bisect_right(items, after_seq, key=seq)
        following: Iterator[_T] = itertools.islice(items, start, None)
        if keep is not None:
            following = filter(keep, following)
        page = list(itertools.islice(following, max_results + 1))
        token: str | None = None
        if len(page) > max_results:
            del page[max_results:]
            token = self._issue(_Cursor(seq(page[-1]), query))
        return page, token

    def _issue(self, cursor: _Cursor) -> str:
        raw = f"{cursor.after_seq}:{secrets.token_hex(12)}".encode()
        token = base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
        self._tokens[token] = cursor
        return token
