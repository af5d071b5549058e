"""A service that breaks the paging protocol: empty pages, repeated and cyclic tokens.

The pages are served verbatim by ``raw_body`` faults, in order, so the service can answer
anything; each test checks the listing ends (items, or a clear error) and loses nothing.
"""

from __future__ import annotations

import json

import pytest

from chime_accounts import PaginationError, ResponseParseError
from chime_accounts.testing import Fault, LocalChime

from .conftest import BUDGET, Connector


def account(number: int) -> dict[str, object]:
    return {"AwsAccountId": "123456789012", "AccountId": f"acct-{number:03}", "Name": f"A{number}"}


def serve_pages(server: LocalChime, *pages: dict[str, object]) -> None:
    """Answer the next ListAccounts calls with these bodies, one each, in order."""
    for page in pages:
        body = json.dumps(page).encode()
        server.inject(
            Fault(
                operation="ListAccounts", status=200, raw_body=body, content_type="application/json"
            )
        )


def page(numbers: range | list[int], token: str | None = None) -> dict[str, object]:
    body: dict[str, object] = {"Accounts": [account(n) for n in numbers]}
    if token is not None:
        body["NextToken"] = token
    return body


def ids(numbers: range | list[int]) -> list[str]:
    return [f"acct-{n:03}" for n in numbers]


def sent_tokens(server: LocalChime) -> list[str | None]:
    tokens = [r.query.get("next-token") for r in server.requests]
    return [token[0] if token else None for token in tokens]


class TestEmptyPages:
    """An empty page with a token is not the end: the listing goes on to the next page."""

    def test_an_empty_page_in_the_middle(self, connect: Connector, local_chime: LocalChime) -> None:
        serve_pages(local_chime, page(range(3), "t1"), page([], "t2"), page(range(3, 5)))

        assert [a.account_id for a in connect(BUDGET).list_accounts()] == ids(range(5))
        assert sent_tokens(local_chime) == [None, "t1", "t2"]

    def test_many_empty_pages_then_items(self, connect: Connector, local_chime: LocalChime) -> None:
        empties = [page([], f"t{n}") for n in range(1, 31)]
        serve_pages(local_chime, page([], "t0"), *empties, page(range(2)))

        assert [a.account_id for a in connect(BUDGET).list_accounts()] == ids(range(2))
        assert len(local_chime.requests) == 32

    def test_an_empty_first_and_last_page(
        self, connect: Connector, local_chime: LocalChime
    ) -> None:
        serve_pages(local_chime, page([], "t1"), page(range(2), "t2"), page([]))

        pager = connect(BUDGET).list_accounts()

        assert [a.account_id for a in pager] == ids(range(2))
        assert pager.resume_token is None

    def test_pages_view_of_empty_pages(self, connect: Connector, local_chime: LocalChime) -> None:
        serve_pages(local_chime, page([], "t1"), page(range(2), "t2"), page([]))

        pages = list(connect(BUDGET).list_accounts().pages())

        assert [len(p.items) for p in pages] == [0, 2, 0]
        assert pages[-1].next_token is None

    @pytest.mark.parametrize("end", [{}, {"NextToken": None}, {"NextToken": ""}])
    def test_no_null_or_empty_token_ends_the_listing(
        self, connect: Connector, local_chime: LocalChime, end: dict[str, object]
    ) -> None:
        serve_pages(local_chime, page(range(2), "t1"), {**page(range(2, 4)), **end})

        pager = connect(BUDGET).list_accounts()

        assert [a.account_id for a in pager] == ids(range(4))
        assert pager.resume_token is None
        assert len(local_chime.requests) == 2


class TestRepeatedTokens:
    """A token the listing has already used means a loop: a PaginationError, at once."""

    @pytest.mark.parametrize(
        "pages",
        [
            # The same token back at once, from the first page on.
            [page(range(2), "t1"), page(range(2, 4), "t1")],
            # A cycle of two: t1 -> t2 -> t1.
            [page(range(2), "t1"), page(range(2, 4), "t2"), page(range(4, 6), "t1")],
            # A cycle through empty pages.
            [page([], "t1"), page([], "t2"), page([], "t3"), page([], "t2")],
            # Back to the token of a page after the start.
            [
                page(range(1), "t1"),
                page(range(1, 2), "t2"),
                page(range(2, 3), "t3"),
                page(range(3, 4), "t2"),
            ],
        ],
        ids=["immediate", "cycle of two", "empty cycle", "later cycle"],
    )
    def test_a_repeated_token_is_a_pagination_error(
        self, connect: Connector, local_chime: LocalChime, pages: list[dict[str, object]]
    ) -> None:
        serve_pages(local_chime, *pages)
        pager = connect(BUDGET).list_accounts()
        listed: list[str] = []

        with pytest.raises(PaginationError, match="ListAccounts"):  # noqa: PT012
            for item in pager:
                listed.append(item.account_id)  # noqa: PERF401 - kept on failure

        # The looping page was not handed out, and nothing else was asked for.
        assert len(local_chime.requests) == len(pages)
        expected = [a["AccountId"] for p in pages[:-1] for a in p["Accounts"]]  # type: ignore[attr-defined]
        assert listed == expected

    def test_a_repeated_starting_token_from_a_resume(
        self, connect: Connector, local_chime: LocalChime
    ) -> None:
        serve_pages(local_chime, page(range(2), "t1"))

        with pytest.raises(PaginationError):
            list(connect(BUDGET).list_accounts(starting_token="t1"))

    def test_a_token_that_is_not_a_string(
        self, connect: Connector, local_chime: LocalChime
    ) -> None:
        serve_pages(local_chime, page(range(2), "t1"), {"Accounts": [], "NextToken": 7})

        with pytest.raises(ResponseParseError) as caught:
            list(connect(BUDGET).list_accounts())

        assert caught.value.member == "NextToken"


class TestFailedPages:
    """A page that cannot be read leaves the pager where it was: nothing is skipped."""

    def test_a_bad_item_stops_before_its_page(
        self, connect: Connector, local_chime: LocalChime
    ) -> None:
        broken = page(range(3, 6), "t2")
        broken["Accounts"][1] = {"Name": "no ids"}  # type: ignore[index]
        serve_pages(local_chime, page(range(3), "t1"), broken)
        pager = connect(BUDGET).list_accounts(max_items=5)
        listed: list[str] = []

        with pytest.raises(ResponseParseError) as caught:  # noqa: PT012
            for item in pager:
                listed.append(item.account_id)  # noqa: PERF401 - kept on failure
        token = pager.resume_token
        # The service recovers: the same page, readable this time.
        serve_pages(local_chime, page(range(3, 6), "t2"), page(range(6, 9)))
        listed += [a.account_id for a in pager]

        assert caught.value.member.startswith("Accounts[1].")
        assert token is not None
        assert sent_tokens(local_chime) == [None, "t1", "t1"]  # the failed page, again
        assert listed == ids(range(5))  # max_items still counted right after the failure

    def test_the_resume_token_of_a_failed_page_rereads_it(
        self, connect: Connector, local_chime: LocalChime
    ) -> None:
        serve_pages(local_chime, page(range(3), "t1"), {"Accounts": "not a list"})
        chime = connect(BUDGET)
        pager = chime.list_accounts()

        with pytest.raises(ResponseParseError):
            list(pager)
        serve_pages(local_chime, page(range(3, 5)))
        rest = [a.account_id for a in chime.list_accounts(starting_token=pager.resume_token)]

        assert rest == ids(range(3, 5))
        assert sent_tokens(local_chime)[-1] == "t1"
