from __future__ import annotations

from typing import TYPE_CHECKING, cast

import boto3
import pytest
from botocore.config import Config

from chime_accounts import AsyncChimeAccounts, ChimeAccounts, RetryPolicy

from .sync_adapter import LoopThread, SyncAdapter

if TYPE_CHECKING:
    from collections.abc import Iterator

    from mypy_boto3_chime.client import ChimeClient

    from chime_accounts.testing import LocalChime

# Retries without waiting, so tests never sleep for real.
NO_WAIT = RetryPolicy(max_attempts=4, base_delay=0.0, max_delay=0.0)


@pytest.fixture(autouse=True)
def _offline_aws_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Dummy credentials and no shared config, so nothing reaches or reads real AWS settings."""
    empty = tmp_path_factory.mktemp("aws") / "empty"
    empty.write_text("")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture(scope="session")
def loop_thread() -> Iterator[LoopThread]:
    """One event loop in a background thread for the async client's tests."""
    loop = LoopThread()
    yield loop
    loop.close()


@pytest.fixture(params=["sync", "async"])
def chime(
    request: pytest.FixtureRequest, local_chime: LocalChime, loop_thread: LoopThread
) -> Iterator[ChimeAccounts]:
    """A client that builds its own client, aimed at the local endpoint.

    Parametrized: the same tests drive ChimeAccounts and, through a sync adapter,
    AsyncChimeAccounts on a real aiobotocore client.
    """
    if request.param == "sync":
        with ChimeAccounts(endpoint_url=local_chime.endpoint_url, retry=NO_WAIT) as accounts:
            yield accounts
        return
    async_accounts = AsyncChimeAccounts(endpoint_url=local_chime.endpoint_url, retry=NO_WAIT)
    loop_thread.run(async_accounts.__aenter__())
    try:
        yield cast("ChimeAccounts", SyncAdapter(async_accounts, loop_thread))
    finally:
        loop_thread.run(async_accounts.close())


@pytest.fixture
def raw_client(local_chime: LocalChime) -> ChimeClient:
    """A caller-owned boto3 client for the local endpoint, with botocore retries off."""
    return local_chime.client(config=Config(retries={"total_max_attempts": 1}))


@pytest.fixture
def session() -> boto3.Session:
    return boto3.Session(region_name="us-east-1")
