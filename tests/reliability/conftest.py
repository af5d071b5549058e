"""Fixtures of the reliability suite: clients of either kind with a chosen retry policy."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Protocol, cast

import pytest

from chime_accounts import AsyncChimeAccounts, ChimeAccounts, RetryPolicy

from ..sync_adapter import SyncAdapter

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from botocore.config import Config

    from chime_accounts.testing import LocalChime

    from ..sync_adapter import LoopThread

#: No waiting between retries, and room for many: storms are survived by retrying.
PATIENT = RetryPolicy(max_attempts=12, base_delay=0.0, max_delay=0.0)

#: No waiting between retries, with the default number of attempts.
BUDGET = RetryPolicy(max_attempts=5, base_delay=0.0, max_delay=0.0)

KINDS = ["sync", "async"]

#: Multiplies every Hypothesis test's number of examples in this suite, e.g.
#: ``CHIME_RELIABILITY_SCALE=50 pytest tests/reliability -k Generated`` for a long hunt.
SCALE = float(os.environ.get("CHIME_RELIABILITY_SCALE", "1"))


def examples(count: int) -> int:
    """How many examples a Hypothesis test runs: ``count`` times the scale."""
    return max(1, round(count * SCALE))


class Endpoint(Protocol):
    """A local endpoint: a LocalChime, here or in another process."""

    @property
    def endpoint_url(self) -> str:
        """The URL to send requests to."""
        ...


class Connector:
    """Makes clients of one kind (sync, or async behind the sync adapter) for an endpoint.

    Each client builds its own boto3 or aiobotocore client, as ``ChimeAccounts(endpoint_url=
    ...)`` does; all are closed when the connector is.
    """

    def __init__(self, kind: str, server: Endpoint, loop: LoopThread) -> None:
        self.kind = kind
        self._server = server
        self._loop = loop
        self._closers: list[Callable[[], object]] = []
        self._reused: dict[RetryPolicy, ChimeAccounts] = {}

    def reuse(self, retry: RetryPolicy = PATIENT) -> ChimeAccounts:
        """Return the same client for every call with this policy (for Hypothesis examples)."""
        client = self._reused.get(retry)
        if client is None:
            client = self._reused[retry] = self(retry)
        return client

    def __call__(self, retry: RetryPolicy = PATIENT, config: Config | None = None) -> ChimeAccounts:
        url = self._server.endpoint_url
        if self.kind == "sync":
            client = ChimeAccounts(endpoint_url=url, retry=retry, config=config)
            self._closers.append(client.close)
            return client
        async_client = AsyncChimeAccounts(endpoint_url=url, retry=retry, config=config)
        self._loop.run(async_client.__aenter__())
        self._closers.append(lambda: self._loop.run(async_client.close()))
        return cast("ChimeAccounts", SyncAdapter(async_client, self._loop))

    def close(self) -> None:
        for close in reversed(self._closers):
            close()
        self._closers.clear()
        self._reused.clear()

    def __enter__(self) -> Connector:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


@pytest.fixture(params=KINDS)
def connect(
    request: pytest.FixtureRequest, local_chime: LocalChime, loop_thread: LoopThread
) -> Iterator[Connector]:
    """Build ChimeAccounts, or AsyncChimeAccounts behind the sync adapter, on demand."""
    with Connector(cast("str", request.param), local_chime, loop_thread) as connector:
        yield connector


@pytest.fixture
def sync_connect(local_chime: LocalChime, loop_thread: LoopThread) -> Iterator[Connector]:
    """Build ChimeAccounts only."""
    with Connector("sync", local_chime, loop_thread) as connector:
        yield connector


@pytest.fixture
def async_connect(local_chime: LocalChime, loop_thread: LoopThread) -> Iterator[Connector]:
    """Build AsyncChimeAccounts (behind the sync adapter) only."""
    with Connector("async", local_chime, loop_thread) as connector:
        yield connector
