"""Slow answers past the read timeout, and an endpoint that is not there.

The server's delays here are long (30 s) and end when the test's LocalChime stops: a client
that did not honour its read timeout would wait them out and get a normal answer, so the
``pytest.raises`` below would fail. The only timing assertions are lower bounds, which show
the timeout was waited for on each attempt.
"""

from __future__ import annotations

import dataclasses
import time
from typing import TYPE_CHECKING

import pytest
from botocore.config import Config

from chime_accounts import ChimeConnectionError, ChimeTimeoutError, RetryPolicy
from chime_accounts.testing import Fault, LocalChime

if TYPE_CHECKING:
    from .conftest import Connector

READ_TIMEOUT = 0.2
SLOW = Config(read_timeout=READ_TIMEOUT, connect_timeout=READ_TIMEOUT)
TWICE = RetryPolicy(max_attempts=2, base_delay=0.0, max_delay=0.0)
STALLS = ["before the head", "in the body"]


def stalling(
    operation: str, stall: str, seconds: float = 30.0, *, after: int = 0, count: int = 1
) -> Fault:
    """A fault that holds the answer back, before its head or in its body."""
    if stall == "before the head":
        return Fault(operation=operation, delay=seconds, after=after, count=count)
    return Fault(operation=operation, body_delay=seconds, truncate_body=8, after=after, count=count)


@pytest.mark.parametrize("stall", STALLS)
class TestReadTimeouts:
    """An answer slower than the read timeout is a ChimeTimeoutError, retried for reads."""

    def test_a_slow_read(self, connect: Connector, local_chime: LocalChime, stall: str) -> None:
        account_id = local_chime.add_account(name="Slow")["AccountId"]
        local_chime.inject(stalling("GetAccount", stall, count=10))
        chime = connect(TWICE, SLOW)
        started = time.perf_counter()

        with pytest.raises(ChimeTimeoutError) as caught:
            chime.get_account(account_id)

        assert time.perf_counter() - started >= TWICE.max_attempts * READ_TIMEOUT
        assert caught.value.retry_attempts == TWICE.max_attempts - 1
        assert not caught.value.may_have_succeeded
        assert caught.value.operation == "GetAccount"

    def test_a_slow_page_leaves_a_resume_token(
        self, connect: Connector, local_chime: LocalChime, stall: str
    ) -> None:
        ids = [local_chime.add_account(name=f"Page {i}")["AccountId"] for i in range(6)]
        local_chime.inject(stalling("ListAccounts", stall, after=1, count=10))
        # Its first page must arrive within the timeout, loaded machine or not.
        chime = connect(RetryPolicy.off(), Config(read_timeout=2.0, connect_timeout=2.0))
        pager = chime.list_accounts(page_size=3)
        listed: list[str] = []

        with pytest.raises(ChimeTimeoutError):  # noqa: PT012 - the items before the failure count
            for account in pager:
                listed.append(account.account_id)  # noqa: PERF401 - kept on failure
        local_chime.clear_faults()
        patient = connect(RetryPolicy.off())
        rest = [a.account_id for a in patient.list_accounts(starting_token=pager.resume_token)]

        assert listed == ids[:3]
        assert listed + rest == ids

    def test_a_slow_answer_within_the_timeout_is_awaited(
        self, connect: Connector, local_chime: LocalChime, stall: str
    ) -> None:
        account_id = local_chime.add_account(name="Patient")["AccountId"]
        # Stalled, but not cut: the whole body follows the stall.
        held_back = stalling("GetAccount", stall, seconds=0.1)
        local_chime.inject(dataclasses.replace(held_back, truncate_body=None))
        chime = connect(RetryPolicy.off(), Config(read_timeout=10))
        started = time.perf_counter()

        assert chime.get_account(account_id).account_id == account_id
        assert time.perf_counter() - started >= 0.1


class TestNoEndpoint:
    """Nothing listening: a ChimeConnectionError, retried, never 'may have succeeded'."""

    @pytest.mark.parametrize("call", ["get_account", "create_account"])
    def test_connection_refused(
        self, connect: Connector, local_chime: LocalChime, call: str
    ) -> None:
        chime = connect(TWICE, SLOW)
        local_chime.stop()

        with pytest.raises(ChimeConnectionError) as caught:
            getattr(chime, call)("anything")

        assert not isinstance(caught.value, ChimeTimeoutError)
        assert caught.value.retry_attempts == TWICE.max_attempts - 1
        assert not caught.value.may_have_succeeded
