"""Type-checked only, never run: what user code sees of AsyncChimeAccounts.

As in public_api.py, each ``type: ignore[...]`` line must be an error.
"""

from __future__ import annotations

from collections.abc import Awaitable

from typing_extensions import assert_type

from chime_accounts import (
    Account,
    AsyncChimeAccounts,
    AsyncPager,
    BatchResult,
    ChimeAccounts,
    Page,
    User,
)


async def awaited(chime: AsyncChimeAccounts) -> None:
    pending: Awaitable[Account] = chime.get_account("id")
    assert_type(await pending, Account)
    assert_type(await chime.create_account(name="Team"), Account)
    assert_type(await chime.get_user("acct", "user"), User)
    assert_type(await chime.batch_suspend_user("acct", user_ids=["u"]), BatchResult)
    assert_type(await chime.delete_account("id"), None)

    pager = chime.list_accounts(page_size=50)
    assert_type(pager, AsyncPager[Account])
    async for account in pager:
        assert_type(account, Account)
    async for page in pager.pages():
        assert_type(page, Page[Account])
    assert_type(pager.resume_token, str | None)
    async with AsyncChimeAccounts() as owned:
        assert_type(owned, AsyncChimeAccounts)


async def mixing_sync_and_async(chime: AsyncChimeAccounts, sync: ChimeAccounts) -> None:
    for _ in chime.list_accounts():  # type: ignore[attr-defined]
        pass
    async for _ in sync.list_accounts():  # type: ignore[attr-defined]
        pass
    not_awaited: Account = chime.get_account("id")  # type: ignore[assignment]
    not_async: Awaitable[Account] = sync.get_account("id")  # type: ignore[assignment]
    assert_type((not_awaited, not_async), tuple[Account, Awaitable[Account]])
