"""Seeding and inspecting LocalChime's store directly, bypassing the API.

`StoreData` holds the data helpers that `LocalChime` offers (it inherits
them), so each is defined and documented once. They raise ``KeyError`` for
unknown ids, like a mapping, and ``ValueError`` for data outside the model or
the service's rules; the API operations raise `ServiceError` instead.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from chime_accounts.testing._chat import retention_settings
from chime_accounts.testing._sample import add_sample_accounts
from chime_accounts.testing._service import ServiceError, check_enum, to_millis
from chime_accounts.testing._store import AccountRecord, check_aws_account_id

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mypy_boto3_chime.literals import (
        AccountStatusType,
        AccountTypeType,
        LicenseType,
        RegistrationStatusType,
        RoomMembershipRoleType,
        UserTypeType,
    )

    from chime_accounts.testing._bots import BotDict, EventsConfigurationDict
    from chime_accounts.testing._chat import RetentionSettingsDict
    from chime_accounts.testing._messages import MessageDict
    from chime_accounts.testing._rooms import RoomDict, RoomMembershipDict
    from chime_accounts.testing._store import (
        AccountSettingsDict,
        AccountStore,
        GlobalSettingsDict,
        StoredAccount,
        StoreState,
    )
    from chime_accounts.testing._users import StoredUser, UserRecord, UserSettingsDict

__all__ = ["StoreData"]


class StoreData:
    """Store and inspect accounts, users, rooms, bots and messages directly, bypassing the API.

    Args:
        store: The store the helpers work on.
    """

    def __init__(self, store: AccountStore) -> None:
        self._store = store

    def add_account(
        self,
        name: str,
        *,
        account_type: AccountTypeType = "Team",
        default_license: LicenseType = "Pro",
        supported_licenses: Sequence[LicenseType] = ("Basic", "Pro"),
        account_status: AccountStatusType = "Active",
        aws_account_id: str | None = None,
        created_timestamp: datetime | None = None,
        signin_delegate_groups: Sequence[str] = (),
        account_id: str | None = None,
    ) -> StoredAccount:
        """Store an account directly, bypassing the API.

        Args:
            name: The account name.
            account_type: One of the model's ``AccountType`` values.
            default_license: One of the model's ``License`` values.
            supported_licenses: ``License`` values the account supports.
            account_status: ``Active`` or ``Suspended``.
            aws_account_id: 12-digit owner id; the endpoint's when omitted.
            created_timestamp: A timezone-aware creation time (kept to the
                millisecond); now when omitted.
            signin_delegate_groups: Group names of the sign-in delegate groups.
            account_id: The account id; a fresh UUID when omitted.

        Returns:
            The stored account, AWS-shaped, with a datetime ``CreatedTimestamp``.

        Raises:
            ValueError: For values outside the model's enums, a naive
                timestamp, a blank name or a duplicate account id.
        """
        check_enum(account_type, "AccountType", "account_type")
        check_enum(default_license, "License", "default_license")
        for lic in supported_licenses:
            check_enum(lic, "License", "supported_licenses")
        check_enum(account_status, "AccountStatus", "account_status")
        if aws_account_id is not None:
            check_aws_account_id(aws_account_id)
        if created_timestamp is not None and created_timestamp.utcoffset() is None:
            raise ValueError("created_timestamp must be timezone-aware")
        if not name.strip():
            raise ValueError("name must contain a non-whitespace character")
        with self._store.holding() as state:
            new_id = account_id if account_id is not None else str(uuid.uuid4())
            if new_id in state.accounts:
                raise ValueError(f"account id {new_id!r} already exists")
            return state.insert(
                AccountRecord(
                    seq=state.take_seq(),
                    aws_account_id=aws_account_id or state.aws_account_id,
                    account_id=new_id,
                    name=name,
                    account_type=account_type,
                    created_timestamp=to_millis(created_timestamp or datetime.now(timezone.utc)),
                    default_license=default_license,
                    supported_licenses=tuple(supported_licenses),
                    account_status=account_status,
                    signin_delegate_groups=tuple(dict.fromkeys(signin_delegate_groups)),
                )
            )

    def add_user(
        self,
        account_id: str,
        email: str,
        *,
        suspended: bool = False,
        display_name: str | None = None,
        user_type: UserTypeType = "PrivateUser",
        license_type: LicenseType | None = None,
        registration_status: RegistrationStatusType | None = None,
        user_id: str | None = None,
    ) -> str:
        """Store a user of an account directly, bypassing the API.

        By default the user is ``Registered`` (invitation ``Accepted``,
        registered now) with the account's default license. Every user that
        is not suspended makes DeleteAccount answer 422.

        Args:
            account_id: The owning account.
            email: The user's primary email; unique within the account,
                ignoring case.
            suspended: Whether the user is suspended; the same as
                ``registration_status="Suspended"``.
            display_name: The display name.
            user_type: ``PrivateUser`` or ``SharedDevice``.
            license_type: A license the account supports; its default when omitted.
            registration_status: ``Registered`` (the default), ``Unregistered``
                (invited, invitation ``Pending``) or ``Suspended``.
            user_id: The user id; a fresh UUID when omitted.

        Returns:
            The new user's id.

        Raises:
            KeyError: If the account does not exist.
            ValueError: For values outside the model or the account's
                licenses, a malformed or duplicate email, a duplicate user id,
                or ``suspended`` contradicting ``registration_status``.
        """
        if suspended and registration_status not in {None, "Suspended"}:
            raise ValueError("suspended=True contradicts registration_status")
        status: RegistrationStatusType = (
            "Suspended" if suspended else (registration_status or "Registered")
        )
        with self._store.holding() as state:
            return (
                state.accounts[account_id]
                .users.add(
                    email,
                    license_type=license_type,
                    display_name=display_name,
                    user_type=user_type,
                    registration_status=status,
                    user_id=user_id,
                )
                .user_id
            )

    def add_room(
        self,
        account_id: str,
        name: str,
        *,
        room_id: str | None = None,
        created_timestamp: datetime | None = None,
    ) -> RoomDict:
        """Store a chat room of an Enterprise account directly, bypassing the API.

        Args:
            account_id: The owning account; an Enterprise account.
            name: The room name.
            room_id: The room id; a fresh UUID when omitted.
            created_timestamp: A timezone-aware creation time (kept to the
                millisecond); now when omitted.

        Returns:
            The room, as GetRoom answers it.

        Raises:
            KeyError: If the account does not exist.
            ValueError: For an account that is not an Enterprise account, a
                blank name, a naive timestamp or a duplicate room id.
        """
        with self._store.holding() as state:
            account = _enterprise(state, account_id, "rooms")
            return account.rooms.add(name, room_id=room_id, when=created_timestamp).to_dict()

    def add_room_membership(
        self,
        account_id: str,
        room_id: str,
        member_id: str,
        *,
        role: RoomMembershipRoleType = "Member",
    ) -> RoomMembershipDict:
        """Add a user or bot of the account to a room directly, bypassing the API.

        Args:
            account_id: The owning account.
            room_id: The room id.
            member_id: A user id or bot id of the same account.
            role: ``Administrator`` or ``Member``.

        Returns:
            The membership, as CreateRoomMembership answers it.

        Raises:
            KeyError: If the account or the room does not exist.
            ValueError: For a member that is not a user or bot of the account,
                one already in the room, a stopped bot or a role outside the model.
        """
        with self._store.holding() as state:
            return state.accounts[account_id].rooms.add_member(room_id, member_id, role=role)

    def add_bot(
        self,
        account_id: str,
        display_name: str,
        *,
        domain: str | None = None,
        disabled: bool = False,
        bot_id: str | None = None,
    ) -> BotDict:
        """Store a bot of an Enterprise account directly, bypassing the API.

        As CreateBot does, the bot's display name is ``display_name`` followed by
        `` (Bot)`` and its email is made from the name and ``domain``.

        Args:
            account_id: The owning account; an Enterprise account.
            display_name: The name given.
            domain: The domain of the bot's email; ``example.com`` when omitted.
            disabled: Whether the bot is stopped.
            bot_id: The bot id (also its user id); a fresh UUID when omitted.

        Returns:
            The bot, as GetBot answers it.

        Raises:
            KeyError: If the account does not exist.
            ValueError: For an account that is not an Enterprise account or
                already has 10 bots, a blank name or domain, or a duplicate bot id.
        """
        with self._store.holding() as state:
            account = _enterprise(state, account_id, "bots")
            bot = account.bots.add(display_name, domain=domain, disabled=disabled, bot_id=bot_id)
            return bot.to_dict()

    def add_message(
        self,
        account_id: str,
        content: str,
        *,
        room_id: str | None = None,
        conversation_id: str | None = None,
        sender_id: str | None = None,
        message_id: str | None = None,
    ) -> str:
        """Store a chat message, for RedactRoomMessage and RedactConversationMessage.

        The API cannot send messages, so these exist only once seeded. Give
        exactly one of ``room_id`` (a room of the account) and
        ``conversation_id`` (any id; the conversation is known by its messages).

        Args:
            account_id: The owning account.
            content: What the message says.
            room_id: The room it was sent in.
            conversation_id: The conversation it was sent in.
            sender_id: The sending user or bot of the account.
            message_id: The message id; a fresh UUID when omitted.

        Returns:
            The message id.

        Raises:
            KeyError: If the account or the room does not exist.
            ValueError: Unless exactly one of ``room_id`` and ``conversation_id``
                is given; for a sender that is not a user or bot of the account
                or a duplicate message id.
        """
        with self._store.holding() as state:
            account = state.accounts[account_id]
            if room_id is not None:
                account.rooms.find_record(room_id)
            if sender_id is not None and account.member(sender_id) is None:
                raise ValueError(f"sender {sender_id!r} is not a user or bot of the account")
            return account.messages.add(
                content,
                room_id=room_id,
                conversation_id=conversation_id,
                sender_id=sender_id,
                message_id=message_id,
            ).message_id

    def seed(self, count: int = 100, seed: int = 0) -> list[StoredAccount]:
        """Add realistic random accounts (with users, rooms and bots), deterministically.

        Types, licenses and statuses (including suspended accounts) are mixed;
        some Enterprise accounts get bots and chat rooms with members. The
        same ``seed`` on the same starting state yields the same data.

        Args:
            count: How many accounts to add.
            seed: The random seed.

        Returns:
            The added accounts in creation order.

        Raises:
            ValueError: If ``count`` is negative.
        """
        if count < 0:
            raise ValueError("count must be >= 0")
        with self._store.holding() as state:
            return add_sample_accounts(state, count, seed)

    def accounts(self) -> list[StoredAccount]:
        """Return a snapshot of all stored accounts in ListAccounts order.

        Returns:
            The accounts.
        """
        with self._store.holding() as state:
            return [a.to_dict() for a in state.accounts.values()]

    def users(self, account_id: str) -> list[StoredUser]:
        """Return a snapshot of an account's users in ListUsers order.

        Args:
            account_id: The owning account.

        Returns:
            The users as GetUser answers them (datetime timestamps, ``PersonalPIN`` once
            reset), suspended ones included.

        Raises:
            KeyError: If the account does not exist.
        """
        with self._store.holding() as state:
            return state.accounts[account_id].users.snapshot()

    def logout_count(self, account_id: str, user_id: str) -> int:
        """Return how many times LogoutUser logged a user out.

        Args:
            account_id: The owning account.
            user_id: The user id.

        Returns:
            The count.

        Raises:
            KeyError: If the account or the user does not exist.
        """
        with self._store.holding() as state:
            return _user(state, account_id, user_id).logouts

    def account_settings(self, account_id: str) -> AccountSettingsDict:
        """Return an account's settings (what GetAccountSettings answers).

        Args:
            account_id: The account id.

        Returns:
            ``DisableRemoteControl`` and ``EnableDialOut``.

        Raises:
            KeyError: If the account does not exist.
        """
        with self._store.holding() as state:
            return state.accounts[account_id].settings()

    def user_settings(self, account_id: str, user_id: str) -> UserSettingsDict:
        """Return a user's settings (what GetUserSettings answers).

        Args:
            account_id: The owning account.
            user_id: The user id.

        Returns:
            ``{"Telephony": {"InboundCalling": ..., "OutboundCalling": ..., "SMS": ...}}``.

        Raises:
            KeyError: If the account or the user does not exist.
        """
        with self._store.holding() as state:
            return {"Telephony": _user(state, account_id, user_id).telephony.copy()}

    def rooms(self, account_id: str) -> list[RoomDict]:
        """Return a snapshot of an account's chat rooms in ListRooms order.

        Args:
            account_id: The owning account.

        Returns:
            The rooms, as GetRoom answers them (none for an account that is not
            an Enterprise account).

        Raises:
            KeyError: If the account does not exist.
        """
        with self._store.holding() as state:
            return state.accounts[account_id].rooms.snapshot()

    def room_memberships(self, account_id: str, room_id: str) -> list[RoomMembershipDict]:
        """Return a snapshot of a room's memberships in ListRoomMemberships order.

        Args:
            account_id: The owning account.
            room_id: The room id.

        Returns:
            The memberships, as ListRoomMemberships answers them.

        Raises:
            KeyError: If the account or the room does not exist.
        """
        with self._store.holding() as state:
            rooms = state.accounts[account_id].rooms
            room = rooms.find_record(room_id)
            return [rooms.membership_dict(room, m) for m in room.memberships.values()]

    def bots(self, account_id: str) -> list[BotDict]:
        """Return a snapshot of an account's bots in ListBots order.

        Args:
            account_id: The owning account.

        Returns:
            The bots, as GetBot answers them (none for an account that is not
            an Enterprise account).

        Raises:
            KeyError: If the account does not exist.
        """
        with self._store.holding() as state:
            return [b.to_dict() for b in state.accounts[account_id].bots.all()]

    def events_configuration(self, account_id: str, bot_id: str) -> EventsConfigurationDict | None:
        """Return a bot's events configuration (what GetEventsConfiguration answers).

        Args:
            account_id: The owning account.
            bot_id: The bot id.

        Returns:
            The configuration, or ``None`` if the bot has none.

        Raises:
            KeyError: If the account or the bot does not exist.
        """
        with self._store.holding() as state:
            bot = state.accounts[account_id].bots.get_record(bot_id)
            if bot is None:
                raise KeyError(bot_id)
            return bot.events_configuration()

    def retention_settings(self, account_id: str) -> RetentionSettingsDict:
        """Return an account's chat retention settings (what GetRetentionSettings answers).

        Args:
            account_id: The account id.

        Returns:
            ``RetentionSettings`` (empty while retention is off) and, once it is
            on, ``InitiateDeletionTimestamp``.

        Raises:
            KeyError: If the account does not exist.
        """
        with self._store.holding() as state:
            return retention_settings(state.accounts[account_id])

    def messages(self, account_id: str) -> list[MessageDict]:
        """Return a snapshot of an account's seeded chat messages, in seeding order.

        Args:
            account_id: The owning account.

        Returns:
            The messages: ``MessageId``, ``Content`` (blank once redacted),
            ``Redacted``, ``CreatedTimestamp``, ``RoomId`` or ``ConversationId``
            and, when known, ``SenderId``.

        Raises:
            KeyError: If the account does not exist.
        """
        with self._store.holding() as state:
            return state.accounts[account_id].messages.snapshot()

    def global_settings(self) -> GlobalSettingsDict:
        """Return the endpoint's global settings (what GetGlobalSettings answers).

        Returns:
            ``BusinessCalling`` and ``VoiceConnector``, each with its
            ``CdrBucket`` once set.
        """
        with self._store.holding() as state:
            return state.global_settings()


def _enterprise(state: StoreState, account_id: str, what: str) -> AccountRecord:
    account = state.accounts[account_id]
    if not account.enterprise:
        raise ValueError(
            f"only Enterprise accounts have {what}, not {account.account_type} account {account_id}"
        )
    return account


def _user(state: StoreState, account_id: str, user_id: str) -> UserRecord:
    try:
        return state.accounts[account_id].users.find(user_id)
    except ServiceError:
        raise KeyError(user_id) from None
