"""list_accounts: lazy, page by page, resumable to the item, on boto3's own paginator."""

from __future__ import annotations

import json

import pytest

from chime_accounts import Account, ChimeAccounts, PaginationError, ThrottledError
from chime_accounts.testing import Fault, LocalChime

from .conftest import NO_WAIT


@pytest.fixture
def seeded(local_chime: LocalChime) -> list[str]:
    """Twenty-three accounts named in order, and their ids."""
    return [local_chime.add_account(name=f"Acct {i:02}")["AccountId"] for i in range(23)]


def list_requests(server: LocalChime) -> list[dict[str, list[str]]]:
    return [r.query for r in server.requests if r.operation == "ListAccounts"]


class TestIteration:
    """Iterating yields every account once, in order, across pages."""

    def test_yields_every_account_in_order(self, chime: ChimeAccounts, seeded: list[str]) -> None:
        accounts = list(chime.list_accounts(page_size=5))

        assert [a.account_id for a in accounts] == seeded
        assert all(isinstance(a, Account) for a in accounts)

    def test_no_request_before_iteration(
        self, chime: ChimeAccounts, local_chime: LocalChime, seeded: list[str]
    ) -> None:
        pager = chime.list_accounts(page_size=5)

        assert local_chime.requests == []
        next(pager)
        assert len(local_chime.requests) == 1

    def test_fetches_one_page_at_a_time(
        self, chime: ChimeAccounts, local_chime: LocalChime, seeded: list[str]
    ) -> None:
        pager = chime.list_accounts(page_size=5)
        for _ in range(6):
            next(pager)

        assert len(list_requests(local_chime)) == 2

    def test_filters_and_page_size_are_sent_on_every_page(
        self, chime: ChimeAccounts, local_chime: LocalChime
    ) -> None:
        for i in range(7):
            account = local_chime.add_account(name=f"Match {i}")
            local_chime.add_user(account["AccountId"], email="shared@example.com")
        local_chime.add_account(name="Match without the user")
        local_chime.add_account(name="Other")

        names = [
            a.name
            for a in chime.list_accounts(name="Match", user_email="shared@example.com", page_size=3)
        ]

        assert names == [f"Match {i}" for i in range(7)]
        queries = list_requests(local_chime)
        assert len(queries) == 3
        for query in queries:
            assert query["name"] == ["Match"]
            assert query["user-email"] == ["shared@example.com"]
            assert query["max-results"] == ["3"]
        assert "next-token" not in queries[0]
        assert all("next-token" in q for q in queries[1:])

    def test_max_items_stops_without_fetching_more(
        self, chime: ChimeAccounts, local_chime: LocalChime, seeded: list[str]
    ) -> None:
        accounts = list(chime.list_accounts(page_size=5, max_items=10))

        assert [a.account_id for a in accounts] == seeded[:10]
        assert len(list_requests(local_chime)) == 2

    def test_empty_listing(self, chime: ChimeAccounts) -> None:
        pager = chime.list_accounts()

        assert list(pager) == []
        assert pager.resume_token is None


class TestPages:
    """pages() yields whole pages whose next_token starts the following page."""

    def test_pages_and_their_tokens(self, chime: ChimeAccounts, seeded: list[str]) -> None:
        pages = list(chime.list_accounts(page_size=10).pages())

        assert [len(p.items) for p in pages] == [10, 10, 3]
        assert pages[-1].next_token is None
        following = next(
            chime.list_accounts(page_size=10, starting_token=pages[0].next_token).pages()
        )
        assert following.items == pages[1].items

    def test_pages_continue_from_the_current_item(
        self, chime: ChimeAccounts, seeded: list[str]
    ) -> None:
        pager = chime.list_accounts(page_size=10)
        first = next(pager)
        pages = list(pager.pages())

        assert first.account_id == seeded[0]
        assert [a.account_id for p in pages for a in p.items] == seeded[1:]
        assert pager.resume_token is None


class TestResume:
    """resume_token continues exactly at the first item not yet yielded."""

    def test_before_iteration_it_is_the_starting_token(self, chime: ChimeAccounts) -> None:
        assert chime.list_accounts().resume_token is None
        assert chime.list_accounts(starting_token="abc").resume_token == "abc"

    @pytest.mark.parametrize("stop_after", [1, 4, 5, 6, 12, 22])
    def test_break_mid_listing_then_resume(
        self, chime: ChimeAccounts, seeded: list[str], stop_after: int
    ) -> None:
        pager = chime.list_accounts(page_size=5)
        seen: list[str] = []
        for account in pager:
            seen.append(account.account_id)
            if len(seen) == stop_after:
                break

        rest = [
            a.account_id
            for a in chime.list_accounts(page_size=5, starting_token=pager.resume_token)
        ]

        assert seen + rest == seeded

    @pytest.mark.parametrize("max_items", [3, 5, 7])
    def test_max_items_then_resume_repeatedly(
        self, chime: ChimeAccounts, seeded: list[str], max_items: int
    ) -> None:
        collected: list[str] = []
        token: str | None = None
        for _ in range(20):
            pager = chime.list_accounts(page_size=5, max_items=max_items, starting_token=token)
            collected += [a.account_id for a in pager]
            token = pager.resume_token
            if token is None:
                break

        assert collected == seeded

    def test_resume_with_a_different_page_size(
        self, chime: ChimeAccounts, seeded: list[str]
    ) -> None:
        pager = chime.list_accounts(page_size=10, max_items=13)
        first = [a.account_id for a in pager]
        rest = [
            a.account_id
            for a in chime.list_accounts(page_size=4, starting_token=pager.resume_token)
        ]

        assert first + rest == seeded

    @pytest.mark.parametrize("stop", [1, 3, 9, 10, 11, 17])
    @pytest.mark.parametrize("page_size", [1, 2, 7, 50, None])
    def test_a_token_is_exact_with_any_page_size(
        self, chime: ChimeAccounts, seeded: list[str], stop: int, page_size: int | None
    ) -> None:
        pager = chime.list_accounts(page_size=10)
        first = [a.account_id for _, a in zip(range(stop), pager, strict=False)]
        resumed = chime.list_accounts(
            page_size=page_size, max_items=5, starting_token=pager.resume_token
        )

        taken = [a.account_id for a in resumed]
        rest = [a.account_id for a in chime.list_accounts(starting_token=resumed.resume_token)]

        assert first == seeded[:stop]
        assert taken == seeded[stop : stop + 5]
        assert rest == seeded[stop + 5 :]

    def test_token_is_none_once_everything_is_read(
        self, chime: ChimeAccounts, seeded: list[str]
    ) -> None:
        pager = chime.list_accounts(page_size=23)
        list(pager)

        assert pager.resume_token is None

    def test_a_raw_service_token_is_accepted(
        self, chime: ChimeAccounts, local_chime: LocalChime, seeded: list[str]
    ) -> None:
        first = local_chime.client().list_accounts(MaxResults=10)

        rest = [a.account_id for a in chime.list_accounts(starting_token=first.get("NextToken"))]

        assert rest == seeded[10:]


class TestFaults:
    """Throttled pages are retried in place; a broken paging protocol is an error."""

    def test_throttled_page_is_retried_without_restarting(
        self, chime: ChimeAccounts, local_chime: LocalChime, seeded: list[str]
    ) -> None:
        local_chime.inject(Fault(operation="ListAccounts", status=429, count=2, after=2))

        accounts = [a.account_id for a in chime.list_accounts(page_size=5)]

        assert accounts == seeded
        statuses = [r.status for r in local_chime.requests]
        assert statuses == [200, 200, 429, 429, 200, 200, 200]
        tokens = [r.query.get("next-token") for r in local_chime.requests]
        assert tokens[2] == tokens[3] == tokens[4]

    def test_retries_are_counted_per_page(
        self, chime: ChimeAccounts, local_chime: LocalChime, seeded: list[str]
    ) -> None:
        # Each page may use the whole budget; a listing is not doomed by throttling spread over it.
        for after in (0, 1, 2):
            local_chime.inject(
                Fault(
                    operation="ListAccounts",
                    status=429,
                    count=NO_WAIT.max_attempts - 1,
                    after=after,
                )
            )

        assert len(list(chime.list_accounts(page_size=10))) == 23

    def test_persistent_throttling_raises_and_leaves_a_resume_token(
        self, chime: ChimeAccounts, local_chime: LocalChime, seeded: list[str]
    ) -> None:
        pager = chime.list_accounts(page_size=5)
        seen = [next(pager).account_id for _ in range(7)]
        local_chime.inject(Fault(operation="ListAccounts", status=429, count=100))

        with pytest.raises(ThrottledError):  # noqa: PT012 - the items before the failure count
            for account in pager:
                seen.append(account.account_id)  # noqa: PERF401 - keeps what came before
        local_chime.clear_faults()
        rest = [
            a.account_id
            for a in chime.list_accounts(page_size=5, starting_token=pager.resume_token)
        ]

        assert seen + rest == seeded

    def test_repeated_token_is_a_pagination_error(
        self, chime: ChimeAccounts, local_chime: LocalChime, seeded: list[str]
    ) -> None:
        first = local_chime.client().list_accounts(MaxResults=5)
        looping = {"Accounts": first["Accounts"], "NextToken": first.get("NextToken")}
        body = json.dumps(looping, default=str).encode()
        local_chime.inject(
            Fault(
                operation="ListAccounts",
                status=200,
                raw_body=body,
                content_type="application/json",
                count=5,
            )
        )

        with pytest.raises(PaginationError):
            list(chime.list_accounts(page_size=5))

    def test_empty_next_token_ends_the_listing(
        self, chime: ChimeAccounts, local_chime: LocalChime, seeded: list[str]
    ) -> None:
        first = local_chime.client().list_accounts(MaxResults=5)
        body = json.dumps({"Accounts": first["Accounts"], "NextToken": ""}, default=str).encode()
        local_chime.inject(
            Fault(
                operation="ListAccounts", status=200, raw_body=body, content_type="application/json"
            )
        )

        pager = chime.list_accounts(page_size=5)

        assert len(list(pager)) == 5
        assert pager.resume_token is None
        assert len(list_requests(local_chime)) == 2  # one direct call above, one by the pager
