"""AsyncChimeAccounts: the asyncio twin of ChimeAccounts, on aiobotocore.

Request building, response parsing, error mapping, retry decisions and pager state are
shared with the sync client (:mod:`chime_accounts._call` and the operation modules,
:mod:`chime_accounts._pager`); this module only awaits. Each method is documented once,
on its sync twin.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, TypeVar

from . import _account_extras_ops as extras_ops
from . import _account_ops as account_ops
from . import _bot_ops as bot_ops
from . import _room_ops as room_ops
from . import _user_ops as user_ops
from ._call import BOTO_ERRORS, Attempts, parsed
from ._clients import async_client_factory, check_options, library_call, prepare
from ._enums import RegistrationStatus
from ._pager import AsyncPager
from ._unset import UNSET, Unset
from ._validation import check_max_items, check_optional_token
from .exceptions import ChimeAccountsError

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from contextlib import AbstractAsyncContextManager
    from types import TracebackType

    from aiobotocore.session import AioSession
    from botocore.config import Config
    from types_aiobotocore_chime.client import ChimeClient as AioChimeClient
    from typing_extensions import Self

    from ._call import Call, Chunked, ListCall
    from ._enums import License, RoomMembershipRole, UserType
    from ._models import (
        Account,
        AccountSettings,
        AlexaForBusinessMetadata,
        BatchResult,
        Bot,
        BusinessCallingSettings,
        EventsConfiguration,
        GlobalSettings,
        InviteResult,
        MembershipBatchResult,
        MembershipItem,
        Retention,
        RetentionSettings,
        Room,
        RoomMembership,
        UpdateUserRequestItem,
        User,
        UserSettings,
        VoiceConnectorSettings,
    )
    from ._pacing import Pacing
    from ._retry import RetryPolicy

__all__ = ["AsyncChimeAccounts"]

T = TypeVar("T")


class AsyncChimeAccounts:
    """Amazon Chime account administration for asyncio, on aiobotocore.

    The same methods, arguments, models, errors, retries and validation as
    [`ChimeAccounts`][chime_accounts.ChimeAccounts], where each is documented; methods are
    awaited and listings are [`AsyncPager`][chime_accounts.AsyncPager]s. Needs the
    ``async`` extra: ``pip install "chime_accounts[async]"``.

    ``async with AsyncChimeAccounts() as chime:`` creates and closes its own client.
    ``AsyncChimeAccounts(client)`` wraps an aiobotocore chime client you own, with or
    without ``async with``, and never closes it.

    Args:
        client: An aiobotocore ``chime`` client to wrap; it is used as it is.
        session: The aiobotocore session to build the client from.
        profile_name: The AWS profile for a new session.
        region_name: The region; the Chime API is served from us-east-1 only.
        endpoint_url: Another endpoint, e.g. a
            [`LocalChime`][chime_accounts.testing.LocalChime]'s.
        config: botocore options for the new client; its retries are replaced by ``retry``.
        retry: When and how long to retry throttled and failed calls.
        pacing: Client-side rate limiting; by default a new
            [`Pacing`][chime_accounts.Pacing], adaptive: nothing waits until the service
            throttles, then each operation's send rate follows what the service lets
            through. Share one between clients that share a quota;
            [`Pacing.off()`][chime_accounts.Pacing.off] turns pacing off.
        max_rate: Requests per second that the new pacing never exceeds, for the whole
            client; None (default) for adaptive pacing only.

    Raises:
        ValidationError: As for [`ChimeAccounts`][chime_accounts.ChimeAccounts].
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
        pacing: Pacing | None = None,
        max_rate: float | None = None,
    ) -> None:
        self._retry, self._pacing = check_options(
            client=client,
            session=session,
            profile_name=profile_name,
            region_name=region_name,
            endpoint_url=endpoint_url,
            config=config,
            retry=retry,
            pacing=pacing,
            max_rate=max_rate,
        )
        self._client: AioChimeClient | None = client
        self._create_client: Callable[[], AbstractAsyncContextManager[AioChimeClient]] | None = None
        self._client_context: AbstractAsyncContextManager[AioChimeClient] | None = None
        if client is not None:
            prepare(client)
            return
        self._create_client = async_client_factory(
            session=session,
            profile_name=profile_name,
            region_name=region_name,
            endpoint_url=endpoint_url,
            config=config,
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
            prepare(self._client)
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

    # -- accounts -------------------------------------------------------------------------

    async def create_account(self, name: str) -> Account:
        """Same as `ChimeAccounts.create_account`, awaited.

        [`ChimeAccounts.create_account`][chime_accounts.ChimeAccounts.create_account]
        """
        return await self._send(account_ops.create_account(name))

    async def get_account(self, account_id: str) -> Account:
        """Same as `ChimeAccounts.get_account`, awaited.

        [`ChimeAccounts.get_account`][chime_accounts.ChimeAccounts.get_account]
        """
        return await self._send(account_ops.get_account(account_id))

    async def update_account(
        self,
        account_id: str,
        *,
        name: str | Unset = UNSET,
        default_license: License | str | Unset = UNSET,
    ) -> Account:
        """Same as `ChimeAccounts.update_account`, awaited.

        [`ChimeAccounts.update_account`][chime_accounts.ChimeAccounts.update_account]
        """
        return await self._send(account_ops.update_account(account_id, name, default_license))

    async def delete_account(self, account_id: str) -> None:
        """Same as `ChimeAccounts.delete_account`, awaited.

        [`ChimeAccounts.delete_account`][chime_accounts.ChimeAccounts.delete_account]
        """
        await self._send(account_ops.delete_account(account_id))

    def list_accounts(
        self,
        *,
        name: str | None = None,
        user_email: str | None = None,
        page_size: int | None = None,
        max_items: int | None = None,
        starting_token: str | None = None,
    ) -> AsyncPager[Account]:
        """Same as `ChimeAccounts.list_accounts`, with an `AsyncPager` for ``async for``.

        [`ChimeAccounts.list_accounts`][chime_accounts.ChimeAccounts.list_accounts],
        [`AsyncPager`][chime_accounts.AsyncPager]
        """
        call = account_ops.list_accounts(name, user_email, page_size)
        return self._pager(call, max_items, starting_token)

    # -- account settings and sign-in delegate groups -----------------------------------

    async def get_account_settings(self, account_id: str) -> AccountSettings:
        """Same as `ChimeAccounts.get_account_settings`, awaited.

        [`ChimeAccounts.get_account_settings`][chime_accounts.ChimeAccounts.get_account_settings]
        """
        return await self._send(account_ops.get_account_settings(account_id))

    async def update_account_settings(
        self,
        account_id: str,
        *,
        disable_remote_control: bool | Unset = UNSET,
        enable_dial_out: bool | Unset = UNSET,
    ) -> None:
        """Same as `ChimeAccounts.update_account_settings`, awaited.

        [`ChimeAccounts.update_account_settings`][chime_accounts.ChimeAccounts.update_account_settings]
        """
        await self._send(
            account_ops.update_account_settings(account_id, disable_remote_control, enable_dial_out)
        )

    async def associate_signin_delegate_groups_with_account(
        self, account_id: str, *, group_names: Sequence[str]
    ) -> None:
        """Same as `ChimeAccounts.associate_signin_delegate_groups_with_account`, awaited.

        [`ChimeAccounts.associate_signin_delegate_groups_with_account`][chime_accounts.ChimeAccounts.associate_signin_delegate_groups_with_account]
        """
        call = account_ops.associate_signin_delegate_groups_with_account(account_id, group_names)
        await self._send(call)

    async def disassociate_signin_delegate_groups_from_account(
        self, account_id: str, *, group_names: Sequence[str]
    ) -> None:
        """Same as `ChimeAccounts.disassociate_signin_delegate_groups_from_account`, awaited.

        [`ChimeAccounts.disassociate_signin_delegate_groups_from_account`][chime_accounts.ChimeAccounts.disassociate_signin_delegate_groups_from_account]
        """
        call = account_ops.disassociate_signin_delegate_groups_from_account(account_id, group_names)
        await self._send(call)

    # -- users ----------------------------------------------------------------------------

    async def create_user(
        self,
        account_id: str,
        *,
        username: str | None = None,
        email: str | None = None,
        user_type: UserType | str | None = None,
    ) -> User:
        """Same as `ChimeAccounts.create_user`, awaited.

        [`ChimeAccounts.create_user`][chime_accounts.ChimeAccounts.create_user]
        """
        return await self._send(user_ops.create_user(account_id, username, email, user_type))

    async def get_user(self, account_id: str, user_id: str) -> User:
        """Same as `ChimeAccounts.get_user`, awaited.

        [`ChimeAccounts.get_user`][chime_accounts.ChimeAccounts.get_user]
        """
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
        """Same as `ChimeAccounts.update_user`, awaited.

        [`ChimeAccounts.update_user`][chime_accounts.ChimeAccounts.update_user]
        """
        call = user_ops.update_user(
            account_id, user_id, license_type, user_type, alexa_for_business_metadata
        )
        return await self._send(call)

    async def reset_personal_pin(self, account_id: str, user_id: str) -> User:
        """Same as `ChimeAccounts.reset_personal_pin`, awaited.

        [`ChimeAccounts.reset_personal_pin`][chime_accounts.ChimeAccounts.reset_personal_pin]
        """
        return await self._send(user_ops.reset_personal_pin(account_id, user_id))

    async def logout_user(self, account_id: str, user_id: str) -> None:
        """Same as `ChimeAccounts.logout_user`, awaited.

        [`ChimeAccounts.logout_user`][chime_accounts.ChimeAccounts.logout_user]
        """
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
        """Same as `ChimeAccounts.list_users`, with an `AsyncPager` for ``async for``.

        [`ChimeAccounts.list_users`][chime_accounts.ChimeAccounts.list_users],
        [`AsyncPager`][chime_accounts.AsyncPager]
        """
        call = user_ops.list_users(account_id, user_email, user_type, page_size)
        return self._pager(call, max_items, starting_token)

    async def invite_users(
        self, account_id: str, *, emails: Sequence[str], user_type: UserType | str | None = None
    ) -> InviteResult:
        """Same as `ChimeAccounts.invite_users`, awaited.

        [`ChimeAccounts.invite_users`][chime_accounts.ChimeAccounts.invite_users]
        """
        return await self._send_chunked(user_ops.invite_users(account_id, emails, user_type))

    async def batch_suspend_user(self, account_id: str, *, user_ids: Sequence[str]) -> BatchResult:
        """Same as `ChimeAccounts.batch_suspend_user`, awaited.

        [`ChimeAccounts.batch_suspend_user`][chime_accounts.ChimeAccounts.batch_suspend_user]
        """
        return await self._send_chunked(user_ops.batch_suspend_user(account_id, user_ids))

    async def batch_unsuspend_user(
        self, account_id: str, *, user_ids: Sequence[str]
    ) -> BatchResult:
        """Same as `ChimeAccounts.batch_unsuspend_user`, awaited.

        [`ChimeAccounts.batch_unsuspend_user`][chime_accounts.ChimeAccounts.batch_unsuspend_user]
        """
        return await self._send_chunked(user_ops.batch_unsuspend_user(account_id, user_ids))

    async def batch_update_user(
        self, account_id: str, *, updates: Sequence[UpdateUserRequestItem]
    ) -> BatchResult:
        """Same as `ChimeAccounts.batch_update_user`, awaited.

        [`ChimeAccounts.batch_update_user`][chime_accounts.ChimeAccounts.batch_update_user]
        """
        return await self._send_chunked(user_ops.batch_update_user(account_id, updates))

    async def suspend_all_users(self, account_id: str) -> BatchResult:
        """Same as `ChimeAccounts.suspend_all_users`, awaited.

        [`ChimeAccounts.suspend_all_users`][chime_accounts.ChimeAccounts.suspend_all_users]
        """
        active = [
            user.user_id
            async for user in self.list_users(account_id, page_size=200)
            if user.user_registration_status is not RegistrationStatus.SUSPENDED
        ]
        return await self.batch_suspend_user(account_id, user_ids=active)

    # -- user settings --------------------------------------------------------------------

    async def get_user_settings(self, account_id: str, user_id: str) -> UserSettings:
        """Same as `ChimeAccounts.get_user_settings`, awaited.

        [`ChimeAccounts.get_user_settings`][chime_accounts.ChimeAccounts.get_user_settings]
        """
        return await self._send(user_ops.get_user_settings(account_id, user_id))

    async def update_user_settings(
        self, account_id: str, user_id: str, *, settings: UserSettings
    ) -> None:
        """Same as `ChimeAccounts.update_user_settings`, awaited.

        [`ChimeAccounts.update_user_settings`][chime_accounts.ChimeAccounts.update_user_settings]
        """
        await self._send(user_ops.update_user_settings(account_id, user_id, settings))

    # -- user phone numbers ---------------------------------------------------------------

    async def associate_phone_number_with_user(
        self, account_id: str, user_id: str, *, e164_phone_number: str
    ) -> None:
        """Same as `ChimeAccounts.associate_phone_number_with_user`, awaited.

        [`ChimeAccounts.associate_phone_number_with_user`][chime_accounts.ChimeAccounts.associate_phone_number_with_user]
        """
        call = extras_ops.associate_phone_number_with_user(account_id, user_id, e164_phone_number)
        await self._send(call)

    async def disassociate_phone_number_from_user(self, account_id: str, user_id: str) -> None:
        """Same as `ChimeAccounts.disassociate_phone_number_from_user`, awaited.

        [`ChimeAccounts.disassociate_phone_number_from_user`][chime_accounts.ChimeAccounts.disassociate_phone_number_from_user]
        """
        await self._send(extras_ops.disassociate_phone_number_from_user(account_id, user_id))

    # -- chat rooms -----------------------------------------------------------------------

    async def create_room(
        self, account_id: str, *, name: str, client_request_token: str | None = None
    ) -> Room:
        """Same as `ChimeAccounts.create_room`, awaited.

        [`ChimeAccounts.create_room`][chime_accounts.ChimeAccounts.create_room]
        """
        call = room_ops.create_room(account_id, name, client_request_token)
        try:
            return await self._send(call)
        except ChimeAccountsError as error:
            room_ops.mark_if_created(error)
            raise

    async def get_room(self, account_id: str, room_id: str) -> Room:
        """Same as `ChimeAccounts.get_room`, awaited.

        [`ChimeAccounts.get_room`][chime_accounts.ChimeAccounts.get_room]
        """
        return await self._send(room_ops.get_room(account_id, room_id))

    async def update_room(
        self, account_id: str, room_id: str, *, name: str | Unset = UNSET
    ) -> Room:
        """Same as `ChimeAccounts.update_room`, awaited.

        [`ChimeAccounts.update_room`][chime_accounts.ChimeAccounts.update_room]
        """
        return await self._send(room_ops.update_room(account_id, room_id, name))

    async def delete_room(self, account_id: str, room_id: str) -> None:
        """Same as `ChimeAccounts.delete_room`, awaited.

        [`ChimeAccounts.delete_room`][chime_accounts.ChimeAccounts.delete_room]
        """
        await self._send(room_ops.delete_room(account_id, room_id))

    def list_rooms(
        self,
        account_id: str,
        *,
        member_id: str | None = None,
        page_size: int | None = None,
        max_items: int | None = None,
        starting_token: str | None = None,
    ) -> AsyncPager[Room]:
        """Same as `ChimeAccounts.list_rooms`, with an `AsyncPager` for ``async for``.

        [`ChimeAccounts.list_rooms`][chime_accounts.ChimeAccounts.list_rooms],
        [`AsyncPager`][chime_accounts.AsyncPager]
        """
        call = room_ops.list_rooms(account_id, member_id, page_size)
        return self._pager(call, max_items, starting_token)

    # -- room memberships -----------------------------------------------------------------

    async def create_room_membership(
        self,
        account_id: str,
        room_id: str,
        *,
        member_id: str,
        role: RoomMembershipRole | str | None = None,
    ) -> RoomMembership:
        """Same as `ChimeAccounts.create_room_membership`, awaited.

        [`ChimeAccounts.create_room_membership`][chime_accounts.ChimeAccounts.create_room_membership]
        """
        call = room_ops.create_room_membership(account_id, room_id, member_id, role)
        return await self._send(call)

    async def batch_create_room_membership(
        self, account_id: str, room_id: str, *, members: Sequence[MembershipItem]
    ) -> MembershipBatchResult:
        """Same as `ChimeAccounts.batch_create_room_membership`, awaited.

        [`ChimeAccounts.batch_create_room_membership`][chime_accounts.ChimeAccounts.batch_create_room_membership]
        """
        chunked = room_ops.batch_create_room_membership(account_id, room_id, members)
        return await self._send_chunked(chunked)

    def list_room_memberships(
        self,
        account_id: str,
        room_id: str,
        *,
        page_size: int | None = None,
        max_items: int | None = None,
        starting_token: str | None = None,
    ) -> AsyncPager[RoomMembership]:
        """Same as `ChimeAccounts.list_room_memberships`, with an `AsyncPager` for ``async for``.

        [`ChimeAccounts.list_room_memberships`][chime_accounts.ChimeAccounts.list_room_memberships],
        [`AsyncPager`][chime_accounts.AsyncPager]
        """
        call = room_ops.list_room_memberships(account_id, room_id, page_size)
        return self._pager(call, max_items, starting_token)

    async def update_room_membership(
        self,
        account_id: str,
        room_id: str,
        member_id: str,
        *,
        role: RoomMembershipRole | str | Unset = UNSET,
    ) -> RoomMembership:
        """Same as `ChimeAccounts.update_room_membership`, awaited.

        [`ChimeAccounts.update_room_membership`][chime_accounts.ChimeAccounts.update_room_membership]
        """
        call = room_ops.update_room_membership(account_id, room_id, member_id, role)
        return await self._send(call)

    async def delete_room_membership(self, account_id: str, room_id: str, member_id: str) -> None:
        """Same as `ChimeAccounts.delete_room_membership`, awaited.

        [`ChimeAccounts.delete_room_membership`][chime_accounts.ChimeAccounts.delete_room_membership]
        """
        await self._send(room_ops.delete_room_membership(account_id, room_id, member_id))

    # -- bots -----------------------------------------------------------------------------

    async def create_bot(
        self, account_id: str, *, display_name: str, domain: str | None = None
    ) -> Bot:
        """Same as `ChimeAccounts.create_bot`, awaited.

        [`ChimeAccounts.create_bot`][chime_accounts.ChimeAccounts.create_bot]
        """
        return await self._send(bot_ops.create_bot(account_id, display_name, domain))

    async def get_bot(self, account_id: str, bot_id: str) -> Bot:
        """Same as `ChimeAccounts.get_bot`, awaited.

        [`ChimeAccounts.get_bot`][chime_accounts.ChimeAccounts.get_bot]
        """
        return await self._send(bot_ops.get_bot(account_id, bot_id))

    def list_bots(
        self,
        account_id: str,
        *,
        page_size: int | None = None,
        max_items: int | None = None,
        starting_token: str | None = None,
    ) -> AsyncPager[Bot]:
        """Same as `ChimeAccounts.list_bots`, with an `AsyncPager` for ``async for``.

        [`ChimeAccounts.list_bots`][chime_accounts.ChimeAccounts.list_bots],
        [`AsyncPager`][chime_accounts.AsyncPager]
        """
        call = bot_ops.list_bots(account_id, page_size)
        return self._pager(call, max_items, starting_token)

    async def update_bot(
        self, account_id: str, bot_id: str, *, disabled: bool | Unset = UNSET
    ) -> Bot:
        """Same as `ChimeAccounts.update_bot`, awaited.

        [`ChimeAccounts.update_bot`][chime_accounts.ChimeAccounts.update_bot]
        """
        return await self._send(bot_ops.update_bot(account_id, bot_id, disabled))

    async def regenerate_security_token(self, account_id: str, bot_id: str) -> Bot:
        """Same as `ChimeAccounts.regenerate_security_token`, awaited.

        [`ChimeAccounts.regenerate_security_token`][chime_accounts.ChimeAccounts.regenerate_security_token]
        """
        return await self._send(bot_ops.regenerate_security_token(account_id, bot_id))

    # -- bot events configuration ---------------------------------------------------------

    async def get_events_configuration(self, account_id: str, bot_id: str) -> EventsConfiguration:
        """Same as `ChimeAccounts.get_events_configuration`, awaited.

        [`ChimeAccounts.get_events_configuration`][chime_accounts.ChimeAccounts.get_events_configuration]
        """
        return await self._send(bot_ops.get_events_configuration(account_id, bot_id))

    async def put_events_configuration(
        self,
        account_id: str,
        bot_id: str,
        *,
        outbound_events_https_endpoint: str | None = None,
        lambda_function_arn: str | None = None,
    ) -> EventsConfiguration:
        """Same as `ChimeAccounts.put_events_configuration`, awaited.

        [`ChimeAccounts.put_events_configuration`][chime_accounts.ChimeAccounts.put_events_configuration]
        """
        call = bot_ops.put_events_configuration(
            account_id, bot_id, outbound_events_https_endpoint, lambda_function_arn
        )
        return await self._send(call)

    async def delete_events_configuration(self, account_id: str, bot_id: str) -> None:
        """Same as `ChimeAccounts.delete_events_configuration`, awaited.

        [`ChimeAccounts.delete_events_configuration`][chime_accounts.ChimeAccounts.delete_events_configuration]
        """
        await self._send(bot_ops.delete_events_configuration(account_id, bot_id))

    # -- chat retention and message redaction ---------------------------------------------

    async def get_retention_settings(self, account_id: str) -> Retention:
        """Same as `ChimeAccounts.get_retention_settings`, awaited.

        [`ChimeAccounts.get_retention_settings`][chime_accounts.ChimeAccounts.get_retention_settings]
        """
        return await self._send(extras_ops.get_retention_settings(account_id))

    async def put_retention_settings(self, account_id: str, *, settings: RetentionSettings) -> None:
        """Same as `ChimeAccounts.put_retention_settings`, awaited.

        [`ChimeAccounts.put_retention_settings`][chime_accounts.ChimeAccounts.put_retention_settings]
        """
        await self._send(extras_ops.put_retention_settings(account_id, settings))

    async def redact_room_message(self, account_id: str, room_id: str, message_id: str) -> None:
        """Same as `ChimeAccounts.redact_room_message`, awaited.

        [`ChimeAccounts.redact_room_message`][chime_accounts.ChimeAccounts.redact_room_message]
        """
        await self._send(room_ops.redact_room_message(account_id, room_id, message_id))

    async def redact_conversation_message(
        self, account_id: str, conversation_id: str, message_id: str
    ) -> None:
        """Same as `ChimeAccounts.redact_conversation_message`, awaited.

        [`ChimeAccounts.redact_conversation_message`][chime_accounts.ChimeAccounts.redact_conversation_message]
        """
        call = extras_ops.redact_conversation_message(account_id, conversation_id, message_id)
        await self._send(call)

    # -- global settings ------------------------------------------------------------------

    async def get_global_settings(self) -> GlobalSettings:
        """Same as `ChimeAccounts.get_global_settings`, awaited.

        [`ChimeAccounts.get_global_settings`][chime_accounts.ChimeAccounts.get_global_settings]
        """
        return await self._send(extras_ops.get_global_settings())

    async def update_global_settings(
        self,
        *,
        business_calling: BusinessCallingSettings | Unset = UNSET,
        voice_connector: VoiceConnectorSettings | Unset = UNSET,
    ) -> None:
        """Same as `ChimeAccounts.update_global_settings`, awaited.

        [`ChimeAccounts.update_global_settings`][chime_accounts.ChimeAccounts.update_global_settings]
        """
        await self._send(extras_ops.update_global_settings(business_calling, voice_connector))

    # -- sending --------------------------------------------------------------------------

    def _pager(self, call: ListCall[T], max_items: object, starting_token: object) -> AsyncPager[T]:
        return AsyncPager(
            call,
            self._send,
            starting_token=check_optional_token(starting_token),
            max_items=check_max_items(max_items),
        )

    async def _send(self, call: Call[T]) -> T:
        method = getattr(self.client, call.method)
        attempts = Attempts(self._retry, self._pacing, call)
        with library_call(call.params):
            while True:
                wait = attempts.wait()
                if wait:
                    await asyncio.sleep(wait)
                try:
                    response: Mapping[str, Any] = await method(**call.params)
                except BOTO_ERRORS as error:
                    await asyncio.sleep(attempts.next_delay(error))
                else:
                    attempts.succeeded()
                    break
        return parsed(call, response)

    async def _send_chunked(self, chunked: Chunked[Any, Any, T]) -> T:
        outcomes: list[tuple[tuple[Any, ...], Any]] = []
        for chunk, call in zip(chunked.chunks, chunked.calls, strict=True):
            try:
                outcomes.append((chunk, await self._send(call)))
            except ChimeAccountsError as error:
                outcomes.append((chunk, error))
        return chunked.merge(outcomes)
