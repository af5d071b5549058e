"""In-memory account store with Amazon Chime's account semantics.

The store knows nothing about HTTP: it takes plain Python values, returns
AWS-shaped dictionaries and raises `ServiceError` carrying the modeled error
shape name (``NotFoundException`` and so on). One lock guards all state, so
every public method is safe to call from any thread. Each account keeps its
users in a `UserDirectory` (``_users.py``), which holds the user semantics;
`AccountStore.users_of` hands it out under the lock. The chat features of
Enterprise accounts (rooms, bots, retention, redaction) are `AccountStore.chat`
(``_chat.py``). Seeding and inspecting the store bypasses these operations
(``_data.py``) through `AccountStore.holding`.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, TypedDict

from chime_accounts.testing._bots import BotDirectory
from chime_accounts.testing._chat import ChatStore
from chime_accounts.testing._messages import MessageLog
from chime_accounts.testing._paging import Pager
from chime_accounts.testing._rooms import RoomDirectory
from chime_accounts.testing._service import ServiceError, to_millis
from chime_accounts.testing._users import UserDirectory

if TYPE_CHECKING:
    from collections.abc import Generator, Sequence

    from mypy_boto3_chime.literals import AccountStatusType, AccountTypeType, LicenseType

    from chime_accounts.testing._rooms import MemberDict
    from chime_accounts.testing._users import StoredUser, UserRecord

__all__ = [
    "DEFAULT_AWS_ACCOUNT_ID",
    "ENTERPRISE_TYPES",
    "AccountRecord",
    "AccountSettingsDict",
    "AccountStore",
    "GlobalSettingsDict",
    "SigninDelegateGroupDict",
    "StoreState",
    "StoredAccount",
    "check_aws_account_id",
]

DEFAULT_AWS_ACCOUNT_ID = "123456789012"

ENTERPRISE_TYPES: frozenset[str] = frozenset(
    {"EnterpriseLWA", "EnterpriseOIDC", "EnterpriseDirectory"}
)
"""The account types AWS's reference calls Enterprise accounts: only they have
chat rooms, bots and retention settings."""

ADMIN_USER = "admin"
"""The IAM user named as the creator of rooms and the inviter of room members."""


class SigninDelegateGroupDict(TypedDict):
    """A sign-in delegate group as the API shapes it."""

    GroupName: str


class AccountSettingsDict(TypedDict):
    """An account's settings as the API shapes them."""

    DisableRemoteControl: bool
    EnableDialOut: bool


class CdrBucketDict(TypedDict, total=False):
    """A global settings section as the API shapes it; ``CdrBucket`` once set."""

    CdrBucket: str


class GlobalSettingsDict(TypedDict):
    """What GetGlobalSettings answers."""

    BusinessCalling: CdrBucketDict
    VoiceConnector: CdrBucketDict


class StoredAccount(TypedDict):
    """An account as the API shapes it, with every member present.

    Compares equal to the ``Account`` a boto3 client returns for it.
    """

    AwsAccountId: str
    AccountId: str
    Name: str
    AccountType: AccountTypeType
    CreatedTimestamp: datetime
    DefaultLicense: LicenseType
    SupportedLicenses: list[LicenseType]
    AccountStatus: AccountStatusType
    SigninDelegateGroups: list[SigninDelegateGroupDict]


@dataclass
class AccountRecord:
    """One stored account and what belongs to it.

    Attributes:
        seq: Creation order, for paging.
        aws_account_id: The owning AWS account's 12-digit id.
        account_id: The account id.
        name: The account name.
        account_type: One of the model's ``AccountType`` values.
        created_timestamp: When the account was created, to the millisecond.
        default_license: The license new users get.
        supported_licenses: The licenses users may have.
        account_status: ``Active`` or ``Suspended``.
        signin_delegate_groups: The sign-in delegate groups' names, in order.
        disable_remote_control: The account setting of that name.
        enable_dial_out: The account setting of that name.
        room_retention_days: Days room messages are kept, or ``None`` when
            retention is off.
        conversation_retention_days: Days conversation messages are kept, or
            ``None`` when retention is off.
        retention_put_at: When PutRetentionSettings last turned retention on.
        users: The account's users.
        bots: The account's bots.
        rooms: The account's chat rooms.
        messages: The account's seeded chat messages.
    """

    seq: int
    aws_account_id: str
    account_id: str
    name: str
    account_type: AccountTypeType
    created_timestamp: datetime
    default_license: LicenseType
    supported_licenses: tuple[LicenseType, ...]
    account_status: AccountStatusType
    signin_delegate_groups: tuple[str, ...]
    disable_remote_control: bool = False
    enable_dial_out: bool = True
    room_retention_days: int | None = None
    conversation_retention_days: int | None = None
    retention_put_at: datetime | None = None
    users: UserDirectory = field(init=False, repr=False)
    bots: BotDirectory = field(init=False, repr=False)
    rooms: RoomDirectory = field(init=False, repr=False)
    messages: MessageLog = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.users = UserDirectory(self)
        self.bots = BotDirectory(self.account_id)
        self.rooms = RoomDirectory(self)
        self.messages = MessageLog(self.account_id)

    @property
    def enterprise(self) -> bool:
        """Whether this is an Enterprise account (with rooms, bots and retention)."""
        return self.account_type in ENTERPRISE_TYPES

    @property
    def principal(self) -> str:
        """The IAM identity named as creator and inviter in the account's rooms."""
        return f"arn:aws:iam::{self.aws_account_id}:user/{ADMIN_USER}"

    def member(self, member_id: str) -> MemberDict | None:
        """Return the account's user or bot with this id as a room member.

        Args:
            member_id: A user id or bot id.

        Returns:
            The member, or ``None`` if the account has no such user or bot.
        """
        bot = self.bots.get_record(member_id)
        if bot is not None:
            return {
                "MemberId": member_id,
                "MemberType": "Bot",
                "Email": bot.email,
                "FullName": bot.display_name,
                "AccountId": self.account_id,
            }
        user = self.users.get_record(member_id)
        if user is None:
            return None
        member: MemberDict = {
            "MemberId": member_id,
            "MemberType": "User",
            "AccountId": self.account_id,
        }
        if user.email is not None:
            member["Email"] = user.email
        if user.display_name is not None:
            member["FullName"] = user.display_name
        return member

    def why_not_joinable(self, member_id: str) -> str | None:
        """Return why an existing member cannot be added to a room, or ``None``.

        Args:
            member_id: A user id or bot id of the account.

        Returns:
            The reason: a stopped bot cannot be added.
        """
        bot = self.bots.get_record(member_id)
        if bot is not None and bot.disabled:
            return f"Bot {member_id} is stopped; start it with UpdateBot before adding it."
        return None

    def to_dict(self) -> StoredAccount:
        """Return the account as the API shapes it.

        Returns:
            A fresh dictionary; changing it does not change the account.
        """
        return {
            "AwsAccountId": self.aws_account_id,
            "AccountId": self.account_id,
            "Name": self.name,
            "AccountType": self.account_type,
            "CreatedTimestamp": self.created_timestamp,
            "DefaultLicense": self.default_license,
            "SupportedLicenses": list(self.supported_licenses),
            "AccountStatus": self.account_status,
            "SigninDelegateGroups": [{"GroupName": g} for g in self.signin_delegate_groups],
        }

    def settings(self) -> AccountSettingsDict:
        """Return the account's settings as the API shapes them.

        Returns:
            A fresh dictionary.
        """
        return {
            "DisableRemoteControl": self.disable_remote_control,
            "EnableDialOut": self.enable_dial_out,
        }


@dataclass
class StoreState:
    """Everything the store holds; touch it only under the store's lock.

    Attributes:
        aws_account_id: The AWS account id stamped on created accounts.
        accounts: The accounts by id, in creation order.
        ordered: The same accounts in a list, for paging: accounts are never
            removed, so it stays in creation (and sequence) order.
        pager: Issues and resolves the listings' page tokens.
        business_calling_cdr_bucket: The global BusinessCalling ``CdrBucket``.
        voice_connector_cdr_bucket: The global VoiceConnector ``CdrBucket``.
    """

    aws_account_id: str
    accounts: dict[str, AccountRecord] = field(default_factory=dict[str, AccountRecord])
    ordered: list[AccountRecord] = field(default_factory=list[AccountRecord])
    pager: Pager = field(default_factory=Pager)
    business_calling_cdr_bucket: str | None = None
    voice_connector_cdr_bucket: str | None = None
    _next_seq: int = 0

    def global_settings(self) -> GlobalSettingsDict:
        """Return the endpoint's global settings, as GetGlobalSettings answers them.

        Returns:
            A fresh dictionary; a section's ``CdrBucket`` only once set.
        """
        business: CdrBucketDict = {}
        voice: CdrBucketDict = {}
        if self.business_calling_cdr_bucket is not None:
            business["CdrBucket"] = self.business_calling_cdr_bucket
        if self.voice_connector_cdr_bucket is not None:
            voice["CdrBucket"] = self.voice_connector_cdr_bucket
        return {"BusinessCalling": business, "VoiceConnector": voice}

    def find(self, account_id: str) -> AccountRecord:
        """Return one account, as the API looks it up.

        Args:
            account_id: The account id.

        Returns:
            The stored account (live, not a copy).

        Raises:
            ServiceError: ``NotFoundException`` for an unknown id.
        """
        try:
            return self.accounts[account_id]
        except KeyError:
            raise ServiceError(
                "NotFoundException", f"The requested account {account_id} was not found."
            ) from None

    def take_seq(self) -> int:
        """Return the next sequence number, for a new account.

        Returns:
            A number larger than every one handed out before.
        """
        seq = self._next_seq
        self._next_seq += 1
        return seq

    def insert(self, account: AccountRecord) -> StoredAccount:
        """Store a new account, last in creation order.

        Args:
            account: The account, with a sequence number from `take_seq`.

        Returns:
            The account as the API shapes it.
        """
        self.accounts[account.account_id] = account
        self.ordered.append(account)
        return account.to_dict()


class AccountStore:
    """Thread-safe in-memory accounts and users with the service's rules.

    Args:
        aws_account_id: The 12-digit AWS account id stamped on created accounts.

    Raises:
        ValueError: If ``aws_account_id`` is not 12 digits.
    """

    def __init__(self, aws_account_id: str = DEFAULT_AWS_ACCOUNT_ID) -> None:
        check_aws_account_id(aws_account_id)
        self._lock = threading.Lock()
        self._state = StoreState(aws_account_id)
        self.chat = ChatStore(self, self._state.pager)
        """The chat operations: rooms, bots, retention settings and redaction."""

    @property
    def aws_account_id(self) -> str:
        """The AWS account id stamped on created accounts."""
        return self._state.aws_account_id

    @contextlib.contextmanager
    def holding(self) -> Generator[StoreState, None, None]:
        """Hold the store's lock and yield its state, for seeding and inspection.

        Yields:
            The state; use it only inside the ``with`` block.
        """
        with self._lock:
            yield self._state

    # -- accounts ------------------------------------------------------------

    def create_account(self, name: str) -> StoredAccount:
        """Create a Team account the way ``CreateAccount`` does.

        Args:
            name: The account name, already validated against the model.

        Returns:
            The new account.
        """
        with self._lock:
            state = self._state
            return state.insert(
                AccountRecord(
                    seq=state.take_seq(),
                    aws_account_id=state.aws_account_id,
                    account_id=str(uuid.uuid4()),
                    name=name,
                    account_type="Team",
                    created_timestamp=to_millis(datetime.now(timezone.utc)),
                    default_license="Pro",
                    supported_licenses=("Basic", "Pro"),
                    account_status="Active",
                    signin_delegate_groups=(),
                )
            )

    def get_account(self, account_id: str) -> StoredAccount:
        """Return one account.

        Args:
            account_id: The account id.

        Returns:
            The account.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown id.
        """
        with self._lock:
            return self._state.find(account_id).to_dict()

    def list_accounts(
        self,
        *,
        name: str | None = None,
        user_email: str | None = None,
        max_results: int = 100,
        next_token: str | None = None,
    ) -> tuple[list[StoredAccount], str | None]:
        """Return one page of accounts in creation order.

        Args:
            name: Keep accounts whose name starts with this (case-sensitive).
            user_email: Keep accounts having a user with this email
                (case-insensitive), whatever the user's status.
            max_results: Page size.
            next_token: A token from a previous page of the same query.

        Returns:
            The page and the token for the next one (``None`` on the last page).

        Raises:
            ServiceError: ``BadRequestException`` for an unknown token or one
                issued for different filters.
        """
        with self._lock:

            def keep(account: AccountRecord) -> bool:
                return (name is None or account.name.startswith(name)) and (
                    user_email is None or account.users.by_email(user_email) is not None
                )

            email_key = user_email.casefold() if user_email is not None else None
            page, token = self._state.pager.page(
                self._state.ordered,
                seq=lambda a: a.seq,
                keep=keep,
                query=("ListAccounts", name, email_key),
                max_results=max_results,
                next_token=next_token,
            )
            return [a.to_dict() for a in page], token

    def update_account(
        self, account_id: str, *, name: str | None = None, default_license: str | None = None
    ) -> StoredAccount:
        """Update an account's name and/or default license.

        Args:
            account_id: The account id.
            name: A new name, or ``None`` to keep the current one.
            default_license: A new default license, or ``None`` to keep it.

        Returns:
            The updated account.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown id,
                ``BadRequestException`` for a license the account does not support.
        """
        with self._lock:
            account = self._state.find(account_id)
            if default_license is not None:
                if default_license not in account.supported_licenses:
                    raise ServiceError(
                        "BadRequestException",
                        f"License {default_license} is not supported by account {account_id}; "
                        f"supported: {', '.join(account.supported_licenses)}.",
                    )
                account.default_license = default_license
            if name is not None:
                account.name = name
            return account.to_dict()

    def delete_account(self, account_id: str) -> None:
        """Suspend an account, as ``DeleteAccount`` does for Team accounts.

        Args:
            account_id: The account id.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown id,
                ``UnprocessableEntityException`` while users that are not
                suspended remain (created, invited or added alike).
        """
        with self._lock:
            account = self._state.find(account_id)
            active = account.users.active_count()
            if active:
                raise ServiceError(
                    "UnprocessableEntityException",
                    f"Account {account_id} still has {active} active user(s); "
                    "suspend or remove them first.",
                )
            account.account_status = "Suspended"

    def get_account_settings(self, account_id: str) -> AccountSettingsDict:
        """Return an account's settings, as ``GetAccountSettings`` does.

        Args:
            account_id: The account id.

        Returns:
            The settings; remote control enabled and dial-out enabled unless changed.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown id.
        """
        with self._lock:
            return self._state.find(account_id).settings()

    def update_account_settings(
        self,
        account_id: str,
        *,
        disable_remote_control: bool | None = None,
        enable_dial_out: bool | None = None,
    ) -> None:
        """Change the given settings of an account, as ``UpdateAccountSettings`` does.

        Args:
            account_id: The account id.
            disable_remote_control: A new value, or ``None`` to keep it.
            enable_dial_out: A new value, or ``None`` to keep it.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown id.
        """
        with self._lock:
            account = self._state.find(account_id)
            if disable_remote_control is not None:
                account.disable_remote_control = disable_remote_control
            if enable_dial_out is not None:
                account.enable_dial_out = enable_dial_out

    def associate_signin_delegate_groups(self, account_id: str, group_names: Sequence[str]) -> None:
        """Add sign-in delegate groups to an account, skipping ones it already has.

        Args:
            account_id: The account id.
            group_names: The groups' names; new ones are appended in order.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown id.
        """
        with self._lock:
            account = self._state.find(account_id)
            account.signin_delegate_groups = tuple(
                dict.fromkeys((*account.signin_delegate_groups, *group_names))
            )

    def disassociate_signin_delegate_groups(
        self, account_id: str, group_names: Sequence[str]
    ) -> None:
        """Remove sign-in delegate groups from an account; unknown names are ignored.

        Args:
            account_id: The account id.
            group_names: The groups' names.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown id.
        """
        with self._lock:
            account = self._state.find(account_id)
            removed = set(group_names)
            account.signin_delegate_groups = tuple(
                g for g in account.signin_delegate_groups if g not in removed
            )

    # -- users ---------------------------------------------------------------

    @contextlib.contextmanager
    def users_of(self, account_id: str) -> Generator[UserDirectory, None, None]:
        """Hold the store's lock and yield an account's users.

        The user operations (``CreateUser``, ``BatchSuspendUser``, ...) are
        `UserDirectory` methods; this finds their account first. Use the
        directory only inside the ``with`` block.

        Args:
            account_id: The owning account.

        Yields:
            The account's users.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown account.
        """
        with self._lock:
            yield self._state.find(account_id).users

    def list_users(
        self,
        account_id: str,
        *,
        user_email: str | None = None,
        user_type: str | None = None,
        max_results: int = 100,
        next_token: str | None = None,
    ) -> tuple[list[StoredUser], str | None]:
        """Return one page of an account's users in creation order, as ``ListUsers`` does.

        Listed users carry no ``PersonalPIN``; GetUser shows it.

        Args:
            account_id: The owning account.
            user_email: Keep the user with this email (case-insensitive exact match).
            user_type: Keep users of this type.
            max_results: Page size.
            next_token: A token from a previous page of the same query.

        Returns:
            The page and the token for the next one (``None`` on the last page).

        Raises:
            ServiceError: ``NotFoundException`` for an unknown account,
                ``BadRequestException`` for an unknown token or one issued for
                another account or other filters.
        """
        with self._lock:
            account = self._state.find(account_id)
            email_key = user_email.casefold() if user_email is not None else None
            page, token = self._state.pager.page(
                account.users.matching(user_email=user_email, user_type=user_type),
                seq=_user_seq,
                query=("ListUsers", account_id, email_key, user_type),
                max_results=max_results,
                next_token=next_token,
            )
            return [u.to_dict(pin=False) for u in page], token

    # -- global settings -----------------------------------------------------

    def get_global_settings(self) -> GlobalSettingsDict:
        """Return the endpoint's global settings, as GetGlobalSettings does.

        Returns:
            The settings.
        """
        with self._lock:
            return self._state.global_settings()

    def update_global_settings(
        self, *, business_calling: str | None, voice_connector: str | None
    ) -> None:
        """Set the given global CDR buckets, as UpdateGlobalSettings does.

        Args:
            business_calling: The BusinessCalling ``CdrBucket``, or ``None`` to keep it.
            voice_connector: The VoiceConnector ``CdrBucket``, or ``None`` to keep it.
        """
        with self._lock:
            if business_calling is not None:
                self._state.business_calling_cdr_bucket = business_calling
            if voice_connector is not None:
                self._state.voice_connector_cdr_bucket = voice_connector

    # -- user phone numbers ---------------------------------------------------

    def associate_phone_number(self, account_id: str, user_id: str, number: str) -> None:
        """Make a number the user's primary one, as AssociatePhoneNumberWithUser does.

        A number belongs to one user of the AWS account at a time; a user's
        earlier number is replaced.

        Args:
            account_id: The owning account.
            user_id: The user id.
            number: An E.164 number (checked against the model before); kept
                with a leading ``+``.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown account or user,
                ``BadRequestException`` for a number another user has.
        """
        number = number if number.startswith("+") else f"+{number}"
        with self._lock:
            user = self._state.find(account_id).users.find(user_id)
            for account in self._state.accounts.values():
                holder = account.users.by_number(number)
                if holder is not None and holder is not user:
                    raise ServiceError(
                        "BadRequestException",
                        "The phone number is already associated with another user.",
                    )
            user.phone_number = number

    def disassociate_phone_number(self, account_id: str, user_id: str) -> None:
        """Take a user's primary number away, as DisassociatePhoneNumberFromUser does.

        A user without a number stays without one.

        Args:
            account_id: The owning account.
            user_id: The user id.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown account or user.
        """
        with self._lock:
            self._state.find(account_id).users.find(user_id).phone_number = None


def _user_seq(user: UserRecord) -> int:
    return user.seq


def check_aws_account_id(value: str) -> None:
    """Reject an AWS account id that is not 12 digits.

    Args:
        value: The id.

    Raises:
        ValueError: If it is not 12 ASCII digits.
    """
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise ValueError(f"aws_account_id must be 12 digits, not {value!r}")
