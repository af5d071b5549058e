"""Calls over HTTP: listing accounts end to end, single GetAccount calls, and how fast
LocalChime serves ListAccounts pages.
"""

from __future__ import annotations

import http.client
import json
import statistics
import time
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import boto3

from chime_accounts import ChimeAccounts

from ._data import PAGE_SIZE
from ._measure import Figure, measure, ratio_figure, summary_figure, warm_up

if TYPE_CHECKING:
    from collections.abc import Iterator

    from mypy_boto3_chime.client import ChimeClient

OWN_LISTING_BUDGET = 0.5
WRAPPED_LISTING_BUDGET = 1.08
OWN_CALL_BUDGET = 1.0
WRAPPED_CALL_BUDGET = 1.05


def default_client(endpoint_url: str) -> ChimeClient:
    """Return a client as boto3 users make it: ``boto3.client`` on the default session."""
    return boto3.client("chime", region_name="us-east-1", endpoint_url=endpoint_url)  # pyright: ignore[reportUnknownMemberType]


def _raw_pages(client: ChimeClient) -> Iterator[int]:
    """List every account with a default boto3 paginator, a page per step."""
    paginator = client.get_paginator("list_accounts")
    for page in paginator.paginate(PaginationConfig={"PageSize": PAGE_SIZE}):
        for account in page["Accounts"]:
            account["AccountId"]  # reading the dicts is the point
        yield len(page["Accounts"])


def _model_pages(accounts: ChimeAccounts) -> Iterator[int]:
    """Iterate every account as a model, a page's worth per step."""
    count = 0
    for account in accounts.list_accounts(page_size=PAGE_SIZE):
        account.account_id  # noqa: B018 - reading the models is the point
        count += 1
        if count == PAGE_SIZE:
            yield count
            count = 0
    if count:
        yield count


def _counted(pages: Iterator[int], expected: int) -> Iterator[int]:
    listed = 0
    for count in pages:
        listed += count
        yield count
    if listed != expected:
        raise AssertionError(f"listed {listed} accounts, expected {expected}")


def run_listing(endpoint_url: str, expected: int, repeats: int) -> tuple[list[Figure], float]:
    """List every account of ``endpoint_url`` with raw boto3, our own client and a wrapped one.

    Returns:
        The figures, and the median time our own client took (to judge the endpoint by).
    """
    # Each run has a client and so a connection of its own.
    raw = default_client(endpoint_url)
    own = ChimeAccounts(endpoint_url=endpoint_url)
    wrapped = ChimeAccounts(default_client(endpoint_url))
    runs = {
        "raw": lambda: _counted(_raw_pages(raw), expected),
        "own": lambda: _counted(_model_pages(own), expected),
        "wrapped": lambda: _counted(_model_pages(wrapped), expected),
    }
    warm_up(runs)
    times = measure(runs, repeats)
    for client in (raw, own.client, wrapped.client):
        client.close()
    name = f"end-to-end listing, {expected:,} accounts"
    figures = [
        ratio_figure(f"{name}, own client", times["raw"], times["own"], OWN_LISTING_BUDGET),
        ratio_figure(
            f"{name}, wrapped client", times["raw"], times["wrapped"], WRAPPED_LISTING_BUDGET
        ),
    ]
    return figures, statistics.median(times["own"])


def _raw_calls(client: ChimeClient, ids: list[str]) -> Iterator[str]:
    for account_id in ids:
        yield client.get_account(AccountId=account_id)["Account"]["AccountId"]


def _model_calls(accounts: ChimeAccounts, ids: list[str]) -> Iterator[str]:
    for account_id in ids:
        yield accounts.get_account(account_id).account_id


def run_single_calls(
    endpoint_url: str, account_ids: tuple[str, ...], calls: int, repeats: int
) -> list[Figure]:
    """Make ``calls`` GetAccount calls per run with raw boto3, our own client and a wrapped one."""
    # Each run has a client and so a connection of its own.
    raw = default_client(endpoint_url)
    own = ChimeAccounts(endpoint_url=endpoint_url)
    wrapped = ChimeAccounts(default_client(endpoint_url))
    ids = [account_ids[index % len(account_ids)] for index in range(calls)]
    runs = {
        "raw": lambda: _raw_calls(raw, ids),
        "own": lambda: _model_calls(own, ids),
        "wrapped": lambda: _model_calls(wrapped, ids),
    }
    warm_up(runs)
    times = measure(runs, repeats)
    for client in (raw, own.client, wrapped.client):
        client.close()
    name = f"single call, {calls:,} get_account"
    return [
        ratio_figure(
            f"{name}, own client",
            times["raw"],
            times["own"],
            OWN_CALL_BUDGET,
            per=calls,
            per_label="/call",
        ),
        ratio_figure(
            f"{name}, wrapped client",
            times["raw"],
            times["wrapped"],
            WRAPPED_CALL_BUDGET,
            per=calls,
            per_label="/call",
        ),
    ]


def walk_pages(endpoint_url: str) -> int:
    """Fetch every ListAccounts page of 200 over one keep-alive connection; return how many."""
    address = urlsplit(endpoint_url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port)
    pages = 0
    token: str | None = None
    try:
        while True:
            path = f"/accounts?max-results={PAGE_SIZE}"
            if token is not None:
                path += f"&next-token={quote(token, safe='')}"
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"ListAccounts answered {response.status}: {body[:200]!r}")
            pages += 1
            token = json.loads(body).get("NextToken")
            if token is None:
                return pages
    finally:
        connection.close()


def run_endpoint_rate(name: str, endpoint_url: str, walks: int, needed: float | None) -> Figure:
    """Measure the ListAccounts pages per second ``endpoint_url`` serves to one client.

    Args:
        name: The endpoint's name, for the table.
        endpoint_url: The endpoint.
        walks: How many times to fetch all pages.
        needed: The page rate the end-to-end figure needs; the budget if given.
    """
    rates: list[float] = []
    pages = 0
    for _ in range(walks):
        start = time.perf_counter()
        pages = walk_pages(endpoint_url)
        rates.append(pages / (time.perf_counter() - start))
    detail = f"{pages} pages of {PAGE_SIZE} per walk"
    if needed is not None:
        detail += f"; the own client reads {needed:,.0f} pages/s"
    return summary_figure(
        f"{name}: ListAccounts pages of {PAGE_SIZE} served",
        rates,
        "req/s",
        needed,
        at_least=True,
        detail=detail,
    )
