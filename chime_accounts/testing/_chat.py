"""The chat features of the store's Enterprise accounts: rooms, bots, retention, redaction.

`ChatStore` serves the operations on an account's rooms and memberships
(``_rooms.py``), bots and their events configurations (``_bots.py``), chat
retention settings and message redaction (``_messages.py``). It works on the
`AccountStore`'s state under the store's lock (`AccountStore.holding`). AWS's
reference calls these features Enterprise account features, so an account of
another type answers ``BadRequestException``, like the user operations
LocalChime serves only for some account types; conversation messages are the
exception, every account has conversations.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timezone
from typing import TYPE_CHECKING, TypedDict

from chime_accounts.testing._service import ServiceError, to_millis

if TYPE_CHECKING:
    from collections.abc import Generator

    from chime_accounts.testing._bots import BotDict, BotDirectory
    from chime_accounts.testing._paging import Pager
    from chime_accounts.testing._rooms import RoomDict, RoomDirectory, RoomMembershipDict
    from chime_accounts.testing._store import AccountRecord, AccountStore

__all__ = ["ChatStore", "RetentionSettingsDict", "retention_settings"]


class RetentionDaysDict(TypedDict, total=False):
    """Room or conversation retention as the API shapes it; no days when it is off."""

    RetentionDays: int


class _RetentionSettingsInner(TypedDict, total=False):
    RoomRetentionSettings: RetentionDaysDict
    ConversationRetentionSettings: RetentionDaysDict


class _RetentionRequired(TypedDict):
    RetentionSettings: _RetentionSettingsInner


class RetentionSettingsDict(_RetentionRequired, total=False):
    """What GetRetentionSettings answers; ``InitiateDeletionTimestamp`` once retention is on."""

    InitiateDeletionTimestamp: datetime


def retention_settings(account: AccountRecord) -> RetentionSettingsDict:
    """Return an account's retention settings as GetRetentionSettings answers them.

    Args:
        account: The account.

    Returns:
        A fresh dictionary.
    """
    inner: _RetentionSettingsInner = {}
    if account.room_retention_days is not None:
        inner["RoomRetentionSettings"] = {"RetentionDays": account.room_retention_days}
    if account.conversation_retention_days is not None:
        inner["ConversationRetentionSettings"] = {
            "RetentionDays": account.conversation_retention_days
        }
    settings: RetentionSettingsDict = {"RetentionSettings": inner}
    if inner and account.retention_put_at is not None:
        settings["InitiateDeletionTimestamp"] = account.retention_put_at
    return settings


class ChatStore:
    """The chat operations of a store's accounts; thread-safe like the store.

    Args:
        store: The store whose accounts these are.
        pager: The store's pager, so page tokens stay opaque and store-wide.
    """

    def __init__(self, store: AccountStore, pager: Pager) -> None:
        self._store = store
        self._pager = pager

    @contextlib.contextmanager
    def _enterprise(self, account_id: str, action: str) -> Generator[AccountRecord, None, None]:
        """Hold the store's lock and yield an Enterprise account."""
        with self._store.holding() as state:
            account = state.find(account_id)
            if not account.enterprise:
                raise ServiceError(
                    "BadRequestException",
                    f"{action} is only supported for Enterprise accounts, "
                    f"not {account.account_type} accounts.",
                )
            yield account

    @contextlib.contextmanager
    def rooms_of(self, account_id: str, action: str) -> Generator[RoomDirectory, None, None]:
        """Hold the store's lock and yield an Enterprise account's chat rooms.

        Args:
            account_id: The owning account.
            action: The operation, named in the error for other account types.

        Yields:
            The account's rooms; use them only inside the ``with`` block.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown account,
                ``BadRequestException`` for one that is not an Enterprise account.
        """
        with self._enterprise(account_id, action) as account:
            yield account.rooms

    @contextlib.contextmanager
    def bots_of(self, account_id: str, action: str) -> Generator[BotDirectory, None, None]:
        """Hold the store's lock and yield an Enterprise account's bots.

        Args:
            account_id: The owning account.
            action: The operation, named in the error for other account types.

        Yields:
            The account's bots; use them only inside the ``with`` block.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown account,
                ``BadRequestException`` for one that is not an Enterprise account.
        """
        with self._enterprise(account_id, action) as account:
            yield account.bots

    def list_rooms(
        self,
        account_id: str,
        *,
        member_id: str | None = None,
        max_results: int = 99,
        next_token: str | None = None,
    ) -> tuple[list[RoomDict], str | None]:
        """Return one page of an account's rooms in creation order, as ListRooms does.

        Args:
            account_id: The owning account.
            member_id: Keep the rooms this user or bot is a member of.
            max_results: Page size.
            next_token: A token from a previous page of the same query.

        Returns:
            The page and the token for the next one (``None`` on the last page).

        Raises:
            ServiceError: ``NotFoundException`` for an unknown account,
                ``BadRequestException`` for one that is not an Enterprise account
                or for a token of another query.
        """
        with self._enterprise(account_id, "ListRooms") as account:
            page, token = self._pager.page(
                account.rooms.matching(member_id=member_id),
                seq=lambda r: r.seq,
                query=("ListRooms", account_id, member_id),
                max_results=max_results,
                next_token=next_token,
            )
            return [r.to_dict() for r in page], token

    def list_room_memberships(
        self,
        account_id: str,
        room_id: str,
        *,
        max_results: int = 99,
        next_token: str | None = None,
    ) -> tuple[list[RoomMembershipDict], str | None]:
        """Return one page of a room's memberships in joining order, as ListRoomMemberships does.

        Args:
            account_id: The owning account.
            room_id: The room id.
            max_results: Page size.
            next_token: A token from a previous page of the same query.

        Returns:
            The page and the token for the next one (``None`` on the last page).

        Raises:
            ServiceError: ``NotFoundException`` for an unknown account or room,
                ``BadRequestException`` for an account that is not an Enterprise
                account or for a token of another query.
        """
        with self._enterprise(account_id, "ListRoomMemberships") as account:
            rooms = account.rooms
            room, memberships = rooms.memberships(room_id)
            page, token = self._pager.page(
                memberships,
                seq=lambda m: m.seq,
                query=("ListRoomMemberships", account_id, room_id),
                max_results=max_results,
                next_token=next_token,
            )
            return [rooms.membership_dict(room, m) for m in page], token

    def list_bots(
        self, account_id: str, *, max_results: int = 99, next_token: str | None = None
    ) -> tuple[list[BotDict], str | None]:
        """Return one page of an account's bots in creation order, as ListBots does.

        Args:
            account_id: The owning account.
            max_results: Page size.
            next_token: A token from a previous page of the same query.

        Returns:
            The page and the token for the next one (``None`` on the last page).

        Raises:
            ServiceError: ``NotFoundException`` for an unknown account,
                ``BadRequestException`` for one that is not an Enterprise account
                or for a token of another query.
        """
        with self._enterprise(account_id, "ListBots") as account:
            page, token = self._pager.page(
                account.bots.all(),
                seq=lambda b: b.seq,
                query=("ListBots", account_id),
                max_results=max_results,
                next_token=next_token,
            )
            return [b.to_dict() for b in page], token

    def redact_room_message(self, account_id: str, room_id: str, message_id: str) -> None:
        """Redact a message of a room, as RedactRoomMessage does.

        Args:
            account_id: The owning account.
            room_id: The room id.
            message_id: The message id.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown account, room or
                message of that room, ``BadRequestException`` for an account
                that is not an Enterprise account.
        """
        with self._enterprise(account_id, "RedactRoomMessage") as account:
            account.rooms.find(room_id)
            account.messages.redact_in_room(room_id, message_id)

    def redact_conversation_message(
        self, account_id: str, conversation_id: str, message_id: str
    ) -> None:
        """Redact a message of a conversation, as RedactConversationMessage does.

        Args:
            account_id: The owning account.
            conversation_id: The conversation id.
            message_id: The message id.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown account or a
                message the conversation does not have.
        """
        with self._store.holding() as state:
            state.find(account_id).messages.redact_in_conversation(conversation_id, message_id)

    # -- retention -----------------------------------------------------------

    def get_retention_settings(self, account_id: str) -> RetentionSettingsDict:
        """Return an account's retention settings, as GetRetentionSettings does.

        Args:
            account_id: The account id.

        Returns:
            The settings; empty while retention is off.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown account,
                ``BadRequestException`` for one that is not an Enterprise account.
        """
        with self._enterprise(account_id, "GetRetentionSettings") as account:
            return retention_settings(account)

    def put_retention_settings(
        self, account_id: str, *, room_days: int | None, conversation_days: int | None
    ) -> None:
        """Replace an account's retention settings, as PutRetentionSettings does.

        As AWS's reference says, leaving out a kind's ``RetentionDays`` turns
        its retention off. Turning retention on stamps the time deletion starts
        (the answer's ``InitiateDeletionTimestamp``) with now.

        Args:
            account_id: The account id.
            room_days: Days to keep room messages (1-5475, checked before), or
                ``None`` for no room retention.
            conversation_days: Days to keep conversation messages, or ``None``.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown account,
                ``BadRequestException`` for one that is not an Enterprise account.
        """
        with self._enterprise(account_id, "PutRetentionSettings") as account:
            account.room_retention_days = room_days
            account.conversation_retention_days = conversation_days
            on = room_days is not None or conversation_days is not None
            account.retention_put_at = to_millis(datetime.now(timezone.utc)) if on else None
