"""AsyncChimeAccounts: the asyncio twin of ChimeAccounts, on aiobotocore.

Request building, response parsing, error mapping, retry decisions and pager state are
shared with the sync client (:mod:`chime_accounts._ops`, :mod:`chime_accounts._user_ops`,
:mod:`chime_accounts._pager`); this module only awaits.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from typing import TYPE_CHECKING, Any, TypeVar, cast

from . import _ops as ops
from . import _user_ops as user_ops
from ._enums import RegistrationStatus
from ._pager import AsyncPager
from ._retry import RetryPolicy
from ._session import NO_BOTOCORE_RETRIES
from ._unset import UNSET, Unset
from ._validation import check_max_items, check_optional_token
from .exceptions import ChimeAccountsError, ValidationError

if TYPE_CHECKING:
    from collections.abc import AsyncIterable, Callable, Mapping, Sequence
    from contextlib import AbstractAsyncContextManager
    from types import TracebackType

    from aiobotocore.session import AioSession
    from botocore.config import Config
    from types_aiobotocore_chime.client import ChimeClient as AioChimeClient
    from typing_extensions import Self

    from ._enums import License, UserType
    from ._models import (
        Account,
        AccountSettings,
        AlexaForBusinessMetadata,
        BatchResult,
        Invite,
        UpdateUserRequestItem,
        User,
        UserError,
        UserSettings,
    )

__all__ = ["AsyncChimeAccounts"]

T = TypeVar("T")

_sessions_lock = threading.Lock()
_sessions: dict[str | None, AioSession] = {}


def _shared_session(profile_name: str | None) -> AioSession:
    # Loading models and endpoint data is the costly part of a session; share it per profile.
    from aiobotocore.session import AioSession

    with _sessions_lock:
        session = _sessions.get(profile_name)
        if session is None:
            session = AioSession(profile=profile_name)
            _sessions[profile_name] = session
        return session


class AsyncChimeAccounts:
    """Amazon Chime account administration for asyncio, on aiobotocore.

    The same methods, arguments, models, errors, retries and validation as
    :class:`~chime_accounts.ChimeAccounts`; methods are awaited and listings are async
    pagers. Needs the ``async`` extra: ``pip install "chime_accounts[async]"``.

    ``async with AsyncChimeAccounts() as chime:`` creates and closes its own client.
    ``AsyncChimeAccounts(client)`` wraps an aiobotocore chime client you own, with or
    without ``async with``, and never closes it.

    Args:
        client: An aiobotocore ``chime`` client to wrap; it is used as it is.
        session: The aiobotocore session to build the client from.
        profile_name: The AWS profile for a new session.
        region_name: The region; the Chime API is served from us-east-1 only.
        endpoint_url: Another endpoint, e.g. a :class:`~chime_accounts.testing.LocalChime`.
        config: botocore options for the new client; its retries are replaced by ``retry``.
        retry: When and how long to retry throttled and failed calls.

    Raises:
        ValidationError: client options were given together with a client.
    """

    def __init__(
        self,
        client: AioChimeClient | None = None,
        *,
        session: AioSession | None = None,
        profile_name: str | None = None,
        region_name: str = "us-east-1",
        endpoint_url: str | None = None,
        config: Config | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._retry = retry if retry is not None else RetryPolicy()
        self._client: AioChimeClient | None = client
        self._create_client: Callable[[], AbstractAsyncContextManager[AioChimeClient]] | None = None
        self._client_context: AbstractAsyncContextManager[AioChimeClient] | None = None
        if client is not None:
            given: dict[str, object] = {"session": session, "profile_name": profile_name}
            given |= {"endpoint_url": endpoint_url, "config": config}
            for option, value in given.items():
                if value is not None:
                    raise ValidationError(option, "applies only when no client is given")
            return
        if session is not None and profile_name is not None:
            raise ValidationError("profile_name", "applies only when no session is given")
        own_session = session if session is not None else _shared_session(profile_name)
        own_config = config.merge(NO_BOTOCORE_RETRIES) if config else NO_BOTOCORE_RETRIES
        # The stubs list every AWS service; only chime's overload is installed and used.
        create_client = cast(
            "Callable[..., AbstractAsyncContextManager[AioChimeClient]]",
            own_session.create_client,  # pyright: ignore[reportUnknownMemberType]
        )
        # Created on entry: a client context that is never entered warns when collected.
        self._create_client = functools.partial(
            create_client,
            "chime",
            region_name=region_name,
            endpoint_url=endpoint_url,
            config=own_config,
        )

    @property
    def client(self) -> AioChimeClient:
        """The underlying aiobotocore ``chime`` client.

        Raises:
            RuntimeError: This object builds its own client and was not entered with
                ``async with`` yet.
        """
        if self._client is None:
            raise RuntimeError("use 'async with AsyncChimeAccounts(...) as chime:' first")
        return self._client

    async def __aenter__(self) -> Self:
        if self._create_client is not None and self._client is None:
            self._client_context = self._create_client()
            self._client = await self._client_context.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the client if this object built it; a client passed in stays open."""
        context, self._client_context = self._client_context, None
        if context is not None:
            self._client = None
            await context.__aexit__(None, None, None)

    async def create_account(self, name: str) -> Account:
        """Like :meth:`ChimeAccounts.create_account`, awaited."""
        return await self._send(ops.create_account(name))

    async def get_account(self, account_id: str) -> Account:
        """Like :meth:`ChimeAccounts.get_account`, awaited."""
        return await self._send(ops.get_account(account_id))

    async def update_account(
        self,
        account_id: str,
        *,
        name: str | Unset = UNSET,
        default_license: License | str | Unset = UNSET,
    ) -> Account:
        """Like :meth:`ChimeAccounts.update_account`, awaited."""
        return await self._send(ops.update_account(account_id, name, default_license))

    async def delete_account(self, account_id: str) -> None:
        """Like :meth:`ChimeAccounts.delete_account`, awaited."""
        await self._send(ops.delete_account(account_id))

    def list_accounts(
        self,
        *,
        name: str | None = None,
        user_email: str | None = None,
        page_size: int | None = None,
        max_items: int | None = None,
        starting_token: str | None = None,
    ) -> AsyncPager[Account]:
        """Like :meth:`ChimeAccounts.list_accounts`, as an :class:`AsyncPager` for ``async for``."""
        call = ops.list_accounts(name, user_email, page_size)
        return self._pager(call, max_items, starting_token)

    # -- account settings and sign-in delegate groups -----------------------------------

    async def get_account_settings(self, account_id: str) -> AccountSettings:
        """Like :meth:`ChimeAccounts.get_account_settings`, awaited."""
        return await self._send(user_ops.get_account_settings(account_id))

    async def update_account_settings(
        self,
        account_id: str,
        *,
        disable_remote_control: bool | Unset = UNSET,
        enable_dial_out: bool | Unset = UNSET,
    ) -> None:
        """Like :meth:`ChimeAccounts.update_account_settings`, awaited."""
        await self._send(
            user_ops.update_account_settings(account_id, disable_remote_control, enable_dial_out)
        )

    async def associate_signin_delegate_groups_with_account(
        self, account_id: str, *, group_names: Sequence[str]
    ) -> None:
        """Like :meth:`ChimeAccounts.associate_signin_delegate_groups_with_account`, awaited."""
        await self._send(
            user_ops.associate_signin_delegate_groups_with_account(account_id, group_names)
        )

    async def disassociate_signin_delegate_groups_from_account(
        self, account_id: str, *, group_names: Sequence[str]
    ) -> None:
        """Like :meth:`ChimeAccounts.disassociate_signin_delegate_groups_from_account`, awaited."""
        await self._send(
            user_ops.disassociate_signin_delegate_groups_from_account(account_id, group_names)
        )

    # -- users ----------------------------------------------------------------------------

    async def create_user(
        self,
        account_id: str,
        *,
        username: str | None = None,
        email: str | None = None,
        user_type: UserType | str | None = None,
    ) -> User:
        """Like :meth:`ChimeAccounts.create_user`, awaited."""
        return await self._send(user_ops.create_user(account_id, username, email, user_type))

    async def get_user(self, account_id: str, user_id: str) -> User:
        """Like :meth:`ChimeAccounts.get_user`, awaited."""
        return await self._send(user_ops.get_user(account_id, user_id))

    async def update_user(
        self,
        account_id: str,
        user_id: str,
        *,
        license_type: License | str | Unset = UNSET,
        user_type: UserType | str | Unset = UNSET,
        alexa_for_business_metadata: AlexaForBusinessMetadata | Unset = UNSET,
    ) -> User:
        """Like :meth:`ChimeAccounts.update_user`, awaited."""
        call = user_ops.update_user(
            account_id, user_id, license_type, user_type, alexa_for_business_metadata
        )
        return await self._send(call)

    async def reset_personal_pin(self, account_id: str, user_id: str) -> User:
        """Like :meth:`ChimeAccounts.reset_personal_pin`, awaited."""
        return await self._send(user_ops.reset_personal_pin(account_id, user_id))

    async def logout_user(self, account_id: str, user_id: str) -> None:
        """Like :meth:`ChimeAccounts.logout_user`, awaited."""
        await self._send(user_ops.logout_user(account_id, user_id))

    def list_users(
        self,
        account_id: str,
        *,
        user_email: str | None = None,
        user_type: UserType | str | None = None,
        page_size: int | None = None,
        max_items: int | None = None,
        starting_token: str | None = None,
    ) -> AsyncPager[User]:
        """Like :meth:`ChimeAccounts.list_users`, as an :class:`AsyncPager` for ``async for``."""
        call = user_ops.list_users(account_id, user_email, user_type, page_size)
        return self._pager(call, max_items, starting_token)

    async def invite_users(
        self, account_id: str, *, emails: Sequence[str], user_type: UserType | str | None = None
    ) -> tuple[Invite, ...]:
        """Like :meth:`ChimeAccounts.invite_users`, awaited."""
        invites: list[Invite] = []
        for call in user_ops.invite_users(account_id, emails, user_type):
            sent: tuple[Invite, ...] = await self._send(call)
            invites.extend(sent)
        return tuple(invites)

    async def batch_suspend_user(self, account_id: str, *, user_ids: Sequence[str]) -> BatchResult:
        """Like :meth:`ChimeAccounts.batch_suspend_user`, awaited."""
        return await self._send_batch(user_ops.batch_suspend_user(account_id, user_ids))

    async def batch_unsuspend_user(
        self, account_id: str, *, user_ids: Sequence[str]
    ) -> BatchResult:
        """Like :meth:`ChimeAccounts.batch_unsuspend_user`, awaited."""
        return await self._send_batch(user_ops.batch_unsuspend_user(account_id, user_ids))

    async def batch_update_user(
        self, account_id: str, *, updates: Sequence[UpdateUserRequestItem]
    ) -> BatchResult:
        """Like :meth:`ChimeAccounts.batch_update_user`, awaited."""
        return await self._send_batch(user_ops.batch_update_user(account_id, updates))

    async def suspend_all_users(self, account_id: str) -> BatchResult:
        """Like :meth:`ChimeAccounts.suspend_all_users`, awaited."""
        active = [
            user.user_id
            async for user in self.list_users(account_id, page_size=200)
            if user.user_registration_status is not RegistrationStatus.SUSPENDED
        ]
        return await self.batch_suspend_user(account_id, user_ids=active)

    # -- user settings --------------------------------------------------------------------

    async def get_user_settings(self, account_id: str, user_id: str) -> UserSettings:
        """Like :meth:`ChimeAccounts.get_user_settings`, awaited."""
        return await self._send(user_ops.get_user_settings(account_id, user_id))

    async def update_user_settings(
        self, account_id: str, user_id: str, *, settings: UserSettings
    ) -> None:
        """Like :meth:`ChimeAccounts.update_user_settings`, awaited."""
        await self._send(user_ops.update_user_settings(account_id, user_id, settings))

    # -- sending --------------------------------------------------------------------------

    def _pager(
        self, call: ops.ListCall[T], max_items: object, starting_token: object
    ) -> AsyncPager[T]:
        return AsyncPager(
            call,
            _Paginate(self, call),
            retry=self._retry,
            starting_token=check_optional_token(starting_token),
            max_items=check_max_items(max_items),
            sleep=asyncio.sleep,
        )

    async def _send(self, call: ops.Call[T]) -> T:
        method = getattr(self.client, call.method)
        retry_state = ops.RetryState(self._retry, call.operation, idempotent=call.idempotent)
        while True:
            try:
                response: Mapping[str, Any] = await method(**call.params)
                break
            except ops.BOTO_ERRORS as error:
                await asyncio.sleep(retry_state.next_delay(error))
        return call.parse(response)

    async def _send_batch(self, batch: user_ops.BatchCall) -> BatchResult:
        errors: list[tuple[UserError, ...]] = []
        for chunk, call in zip(batch.chunks, batch.calls, strict=True):
            try:
                errors.append(await self._send(call))
            except ChimeAccountsError as error:
                errors.append(batch.errors_for_failed_chunk(chunk, error))
        return batch.result(errors)


class _Paginate:
    """Starts aiobotocore's paginator for a listing at a given token."""

    def __init__(self, owner: AsyncChimeAccounts, call: ops.ListCall[Any]) -> None:
        self._owner = owner
        self._call = call

    def __call__(self, starting_token: str | None) -> AsyncIterable[Mapping[str, Any]]:
        config: dict[str, Any] = {"StartingToken": starting_token}
        if self._call.page_size is not None:
            config["PageSize"] = self._call.page_size
        # aiobotocore's paginators are typed per literal name; this one is chosen at runtime.
        get_paginator = cast("Callable[[str], Any]", self._owner.client.get_paginator)
        pages: AsyncIterable[Mapping[str, Any]] = get_paginator(self._call.method).paginate(
            **self._call.params, PaginationConfig=config
        )
        return pages
