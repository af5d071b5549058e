"""AsyncChimeAccounts: the same surface as ChimeAccounts, on a real aiobotocore client.

Its behaviour is tested by the shared suite (the ``chime`` fixture runs every test
against both clients); these tests cover what only the async client has.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import TYPE_CHECKING, Any

import pytest
from aiobotocore.session import AioSession

from chime_accounts import (
    AsyncChimeAccounts,
    AsyncPager,
    ChimeAccounts,
    NotFoundError,
    Pager,
    RetryPolicy,
    ValidationError,
)
from chime_accounts.testing import Fault, LocalChime

if TYPE_CHECKING:
    from types_aiobotocore_chime.client import ChimeClient as AioChimeClient


def public_methods(cls: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in vars(cls).items()
        if callable(member) and not name.startswith("_")
    }


class TestSurface:
    """The async client has exactly the sync client's methods and parameters."""

    def test_same_methods(self) -> None:
        assert public_methods(AsyncChimeAccounts).keys() == public_methods(ChimeAccounts).keys()

    def test_same_parameters(self) -> None:
        sync_methods = public_methods(ChimeAccounts)
        for name, signature in public_methods(AsyncChimeAccounts).items():
            assert signature.parameters.keys() == sync_methods[name].parameters.keys(), name
            for parameter in signature.parameters.values():
                twin = sync_methods[name].parameters[parameter.name]
                assert (parameter.kind, parameter.default) == (twin.kind, twin.default), name

    def test_operations_are_coroutines_and_listings_async_pagers(self) -> None:
        for name, signature in public_methods(AsyncChimeAccounts).items():
            method = getattr(AsyncChimeAccounts, name)
            sync_return = str(public_methods(ChimeAccounts)[name].return_annotation)
            if sync_return.startswith("Pager"):
                assert str(signature.return_annotation).startswith("AsyncPager"), name
            else:
                assert inspect.iscoroutinefunction(method), name

    def test_pagers_have_no_cross_iteration(self) -> None:
        assert not hasattr(AsyncPager, "__iter__")
        assert not hasattr(Pager, "__aiter__")

    def test_same_constructor_options(self) -> None:
        sync = inspect.signature(ChimeAccounts.__init__).parameters
        async_ = inspect.signature(AsyncChimeAccounts.__init__).parameters
        assert sync.keys() == async_.keys()


def aio_client(server: LocalChime, session: AioSession) -> Any:
    return session.create_client(  # pyright: ignore[reportUnknownMemberType]
        "chime",
        region_name="us-east-1",
        endpoint_url=server.endpoint_url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


class TestClientOwnership:
    """Own clients live inside ``async with``; a caller's client is never closed."""

    def test_own_client_needs_async_with(self, local_chime: LocalChime) -> None:
        chime = AsyncChimeAccounts(endpoint_url=local_chime.endpoint_url)

        with pytest.raises(RuntimeError, match="async with"):
            asyncio.run(chime.get_account("id"))

    def test_own_client_is_closed_on_exit(self, local_chime: LocalChime) -> None:
        async def scenario() -> None:
            async with AsyncChimeAccounts(endpoint_url=local_chime.endpoint_url) as chime:
                await chime.create_account("Inside")
            with pytest.raises(RuntimeError):
                _ = chime.client

        asyncio.run(scenario())

    def test_wrapped_client_works_without_async_with_and_stays_open(
        self, local_chime: LocalChime
    ) -> None:
        async def scenario() -> str:
            async with aio_client(local_chime, AioSession()) as client:
                typed: AioChimeClient = client
                chime = AsyncChimeAccounts(typed)
                created = await chime.create_account("Wrapped")
                async with chime:
                    pass
                # Still usable after the facade's async with: the caller owns it.
                response = await typed.get_account(AccountId=created.account_id)
                return response["Account"]["Name"]

        assert asyncio.run(scenario()) == "Wrapped"

    def test_options_with_a_client_are_rejected(self, local_chime: LocalChime) -> None:
        async def scenario() -> None:
            async with aio_client(local_chime, AioSession()) as client:
                AsyncChimeAccounts(client, endpoint_url="http://x")

        with pytest.raises(ValidationError):
            asyncio.run(scenario())


class TestConcurrency:
    """Many concurrent calls on one client work and do not block the loop."""

    def test_two_hundred_concurrent_gets(self, local_chime: LocalChime) -> None:
        ids = [local_chime.add_account(name=f"C{i}")["AccountId"] for i in range(20)]

        async def scenario() -> list[str]:
            async with AsyncChimeAccounts(endpoint_url=local_chime.endpoint_url) as chime:
                accounts = await asyncio.gather(
                    *(chime.get_account(ids[i % 20]) for i in range(200))
                )
            return [a.account_id for a in accounts]

        assert asyncio.run(scenario()) == [ids[i % 20] for i in range(200)]
        assert len(local_chime.requests) == 200

    def test_retry_waits_without_blocking_the_loop(self, local_chime: LocalChime) -> None:
        account_id = local_chime.add_account(name="Throttled")["AccountId"]
        local_chime.inject(Fault(operation="GetAccount", status=429))
        policy = RetryPolicy(max_attempts=2, base_delay=1.0, max_delay=1.0, jitter=lambda: 1.0)

        async def scenario() -> int:
            ticks = 0
            async with AsyncChimeAccounts(
                endpoint_url=local_chime.endpoint_url, retry=policy
            ) as chime:
                call = asyncio.ensure_future(chime.get_account(account_id))
                while not call.done():
                    ticks += 1
                    await asyncio.sleep(0.01)
                await call
            return ticks

        # A blocking sleep would hold the loop for the whole 1 s wait: a tick before it and
        # one after. Waiting without blocking, the loop ticks all along (about 100 times).
        assert asyncio.run(scenario()) >= 5

    def test_errors_are_typed(self, local_chime: LocalChime) -> None:
        async def scenario() -> None:
            async with AsyncChimeAccounts(endpoint_url=local_chime.endpoint_url) as chime:
                await chime.get_account("missing")

        with pytest.raises(NotFoundError):
            asyncio.run(scenario())


class TestAsyncPager:
    """``async for`` and ``pages()`` page lazily and resume like the sync pager."""

    def test_async_for_and_resume(self, local_chime: LocalChime) -> None:
        ids = [local_chime.add_account(name=f"P{i:02}")["AccountId"] for i in range(12)]

        async def scenario() -> tuple[list[str], list[str], int]:
            async with AsyncChimeAccounts(endpoint_url=local_chime.endpoint_url) as chime:
                pager = chime.list_accounts(page_size=5, max_items=7)
                first = [a.account_id async for a in pager]
                rest_pager = chime.list_accounts(starting_token=pager.resume_token, page_size=5)
                sizes = [len(page.items) async for page in rest_pager.pages()]
                again = chime.list_accounts(starting_token=pager.resume_token)
                rest = [a.account_id async for a in again]
            return first, rest, len(sizes)

        first, rest, pages = asyncio.run(scenario())
        assert first + rest == ids
        assert pages == 2
