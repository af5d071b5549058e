"""In-memory account store with Amazon Chime's account semantics.

The store knows nothing about HTTP: it takes plain Python values, returns
AWS-shaped dictionaries and raises `ServiceError` carrying the modeled error
shape name (``NotFoundException`` and so on). One lock guards all state, so
every public method is safe to call from any thread. Each account keeps its
users in a `UserDirectory` (``_users.py``), which holds the user semantics;
`AccountStore.users_of` hands it out under the lock.
"""

from __future__ import annotations

import contextlib
import random
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, TypedDict, cast

from chime_accounts.testing._paging import Pager
from chime_accounts.testing._service import (
    ServiceError,
    check_enum,
    service_model,
    to_millis,
)
from chime_accounts.testing._users import UserDirectory

if TYPE_CHECKING:
    from collections.abc import Generator, Sequence

    from mypy_boto3_chime.literals import (
        AccountStatusType,
        AccountTypeType,
        LicenseType,
        RegistrationStatusType,
        UserTypeType,
    )

    from chime_accounts.testing._users import StoredUser, UserRecord, UserSettingsDict

__all__ = [
    "AccountSettingsDict",
    "AccountStore",
    "ServiceError",
    "SigninDelegateGroupDict",
    "StoredAccount",
    "service_model",
]

DEFAULT_AWS_ACCOUNT_ID = "123456789012"


class SigninDelegateGroupDict(TypedDict):
    """A sign-in delegate group as the API shapes it."""

    GroupName: str


class AccountSettingsDict(TypedDict):
    """An account's settings as the API shapes them."""

    DisableRemoteControl: bool
    EnableDialOut: bool


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
class _Account:
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
    users: UserDirectory = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.users = UserDirectory(self)

    def to_dict(self) -> StoredAccount:
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
        return {
            "DisableRemoteControl": self.disable_remote_control,
            "EnableDialOut": self.enable_dial_out,
        }


@dataclass
class _State:
    accounts: dict[str, _Account] = field(default_factory=dict[str, "_Account"])
    # Accounts are never removed, so this stays in creation (and sequence) order.
    ordered: list[_Account] = field(default_factory=list["_Account"])
    pager: Pager = field(default_factory=Pager)
    next_seq: int = 0


class AccountStore:
    """Thread-safe in-memory accounts and users with the service's rules.

    Args:
        aws_account_id: The 12-digit AWS account id stamped on created accounts.
    """

    def __init__(self, aws_account_id: str = DEFAULT_AWS_ACCOUNT_ID) -> None:
        _check_aws_account_id(aws_account_id)
        self.aws_account_id = aws_account_id
        self._lock = threading.Lock()
        self._state = _State()

    def _find(self, account_id: str) -> _Account:
        try:
            return self._state.accounts[account_id]
        except KeyError:
            raise ServiceError(
                "NotFoundException", f"The requested account {account_id} was not found."
            ) from None

    def _helper_account(self, account_id: str) -> _Account:
        # Helpers raise KeyError, like a mapping; the API raises ServiceError.
        return self._state.accounts[account_id]

    def _insert(self, account: _Account) -> StoredAccount:
        self._state.accounts[account.account_id] = account
        self._state.ordered.append(account)
        return account.to_dict()

    def _take_seq(self) -> int:
        seq = self._state.next_seq
        self._state.next_seq += 1
        return seq

    # -- accounts ------------------------------------------------------------

    def create_account(self, name: str) -> StoredAccount:
        """Create a Team account the way ``CreateAccount`` does.

        Args:
            name: The account name, already validated against the model.

        Returns:
            The new account.
        """
        with self._lock:
            return self._insert(
                _Account(
                    seq=self._take_seq(),
                    aws_account_id=self.aws_account_id,
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

    def add_account(
        self,
        *,
        name: str,
        account_type: AccountTypeType = "Team",
        default_license: LicenseType = "Pro",
        supported_licenses: Sequence[LicenseType] = ("Basic", "Pro"),
        account_status: AccountStatusType = "Active",
        aws_account_id: str | None = None,
        created_timestamp: datetime | None = None,
        signin_delegate_groups: Sequence[str] = (),
        account_id: str | None = None,
    ) -> StoredAccount:
        """Seed one account with arbitrary (but model-valid) attributes.

        Args:
            name: The account name.
            account_type: One of the model's ``AccountType`` values.
            default_license: One of the model's ``License`` values.
            supported_licenses: ``License`` values the account supports.
            account_status: ``Active`` or ``Suspended``.
            aws_account_id: 12-digit owner id; the store's default when omitted.
            created_timestamp: A timezone-aware creation time; now when omitted.
            signin_delegate_groups: Group names of the account's sign-in delegates.
            account_id: The account id; a fresh UUID when omitted.

        Returns:
            The stored account.

        Raises:
            ValueError: If a value is outside the model's enums, the timestamp
                is naive, or the account id is already taken.
        """
        check_enum(account_type, "AccountType", "account_type")
        check_enum(default_license, "License", "default_license")
        for lic in supported_licenses:
            check_enum(lic, "License", "supported_licenses")
        check_enum(account_status, "AccountStatus", "account_status")
        if aws_account_id is not None:
            _check_aws_account_id(aws_account_id)
        if created_timestamp is not None and created_timestamp.utcoffset() is None:
            raise ValueError("created_timestamp must be timezone-aware")
        if not name.strip():
            raise ValueError("name must contain a non-whitespace character")
        with self._lock:
            new_id = account_id if account_id is not None else str(uuid.uuid4())
            if new_id in self._state.accounts:
                raise ValueError(f"account id {new_id!r} already exists")
            return self._insert(
                _Account(
                    seq=self._take_seq(),
                    aws_account_id=aws_account_id or self.aws_account_id,
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
            return self._find(account_id).to_dict()

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

            def keep(account: _Account) -> bool:
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
            account = self._find(account_id)
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
            account = self._find(account_id)
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
            return self._find(account_id).settings()

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
            account = self._find(account_id)
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
            account = self._find(account_id)
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
            account = self._find(account_id)
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
            yield self._find(account_id).users

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
            account = self._find(account_id)
            email_key = user_email.casefold() if user_email is not None else None
            page, token = self._state.pager.page(
                account.users.matching(user_email=user_email, user_type=user_type),
                seq=_user_seq,
                query=("ListUsers", account_id, email_key, user_type),
                max_results=max_results,
                next_token=next_token,
            )
            return [u.to_dict() for u in page], token

    # -- helpers -------------------------------------------------------------

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
        """Attach a user to an account directly (see `UserDirectory.add`).

        Args:
            account_id: The owning account.
            email: The user's primary email, unique within the account.
            suspended: Whether the user is suspended (suspended users do not
                block account deletion); the same as
                ``registration_status="Suspended"``.
            display_name: The display name.
            user_type: One of the model's ``UserType`` values.
            license_type: A license the account supports; its default when omitted.
            registration_status: ``Registered`` (the default), ``Unregistered``
                (invited, not yet registered) or ``Suspended``.
            user_id: The user id; a fresh UUID when omitted.

        Returns:
            The new user's id.

        Raises:
            KeyError: If the account does not exist.
            ValueError: For values outside the model or the account's licenses,
                a malformed or duplicate email, a duplicate user id, or
                ``suspended`` contradicting ``registration_status``.
        """
        if suspended and registration_status not in {None, "Suspended"}:
            raise ValueError("suspended=True contradicts registration_status")
        status: RegistrationStatusType = (
            "Suspended" if suspended else (registration_status or "Registered")
        )
        with self._lock:
            return (
                self._helper_account(account_id)
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

    def accounts(self) -> list[StoredAccount]:
        """Return a snapshot of every account in list (creation) order.

        Returns:
            Copies of the stored accounts.
        """
        with self._lock:
            return [a.to_dict() for a in self._state.accounts.values()]

    def users(self, account_id: str) -> list[StoredUser]:
        """Return a snapshot of an account's users in ListUsers (creation) order.

        Args:
            account_id: The owning account.

        Returns:
            Copies of the users, suspended ones included.

        Raises:
            KeyError: If the account does not exist.
        """
        with self._lock:
            return self._helper_account(account_id).users.snapshot()

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
        with self._lock:
            return self._helper_user(account_id, user_id).logouts

    def account_settings(self, account_id: str) -> AccountSettingsDict:
        """Return an account's settings, for inspection.

        Args:
            account_id: The account id.

        Returns:
            A copy of the settings.

        Raises:
            KeyError: If the account does not exist.
        """
        with self._lock:
            return self._helper_account(account_id).settings()

    def user_settings(self, account_id: str, user_id: str) -> UserSettingsDict:
        """Return a user's settings, for inspection.

        Args:
            account_id: The owning account.
            user_id: The user id.

        Returns:
            A copy of the settings.

        Raises:
            KeyError: If the account or the user does not exist.
        """
        with self._lock:
            return {"Telephony": self._helper_user(account_id, user_id).telephony.copy()}

    def _helper_user(self, account_id: str, user_id: str) -> UserRecord:
        try:
            return self._helper_account(account_id).users.find(user_id)
        except ServiceError:
            raise KeyError(user_id) from None

    def seed(self, count: int, seed: int) -> list[StoredAccount]:
        """Add ``count`` realistic accounts, deterministically for a given store state.

        Args:
            count: How many accounts to add.
            seed: Random seed; the same seed on the same starting state gives
                the same accounts (and users).

        Returns:
            The added accounts, in creation order.
        """
        if count < 0:
            raise ValueError("count must be >= 0")
        with self._lock:
            rng = random.Random(f"{seed}:{len(self._state.accounts)}")
            when = datetime(2019, 3, 1, 9, 0, tzinfo=timezone.utc) + timedelta(
                minutes=rng.randrange(60 * 24 * 30)
            )
            added: list[StoredAccount] = []
            for _ in range(count):
                when += timedelta(
                    seconds=rng.randrange(60, 3 * 24 * 3600), milliseconds=rng.randrange(1000)
                )
                account = self._random_account(rng, when)
                added.append(self._insert(account))
                self._seed_users(rng, account)
            return added

    def _random_account(self, rng: random.Random, when: datetime) -> _Account:
        account_type = cast(
            "AccountTypeType",
            rng.choices(_ACCOUNT_TYPES, weights=(6, 2, 2, 1))[0],
        )
        supported = cast("tuple[LicenseType, ...]", rng.choice(_LICENSE_SETS))
        groups: tuple[str, ...] = ()
        if account_type != "Team" and rng.random() < 0.5:
            groups = tuple(rng.sample(_GROUPS, rng.randint(1, 2)))
        return _Account(
            seq=self._take_seq(),
            aws_account_id=self.aws_account_id,
            account_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            name=_random_name(rng),
            account_type=account_type,
            created_timestamp=when,
            default_license=rng.choice(supported),
            supported_licenses=supported,
            account_status="Suspended" if rng.random() < 0.15 else "Active",
            signin_delegate_groups=groups,
        )

    def _seed_users(self, rng: random.Random, account: _Account) -> None:
        domain = _domain_for(account.name)
        for _ in range(rng.choice((0, 0, 1, 2, 3))):
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            user_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            # A suspended account cannot hold active users, or it could not
            # have been deleted.
            suspended = account.account_status == "Suspended" or rng.random() < 0.1
            email = f"{first}.{last}@{domain}"
            n = 1
            while account.users.by_email(email) is not None:
                n += 1
                email = f"{first}.{last}{n}@{domain}"
            account.users.add(
                email,
                display_name=f"{first.title()} {last.title()}",
                registration_status="Suspended" if suspended else "Registered",
                user_id=user_id,
                when=account.created_timestamp,
            )


def _user_seq(user: UserRecord) -> int:
    return user.seq


def _check_aws_account_id(value: str) -> None:
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise ValueError(f"aws_account_id must be 12 digits, not {value!r}")


def _random_name(rng: random.Random) -> str:
    base = f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
    style = rng.random()
    if style < 0.4:
        return f"{base} {rng.choice(_SUFFIXES)}"
    if style < 0.7:
        return f"{base} {rng.choice(_TEAMS)}"
    return f"{base} {rng.randint(1, 999):03d}"


def _domain_for(name: str) -> str:
    words = name.lower().split()[:2]
    return "".join(ch for ch in "".join(words) if ch.isalnum()) + ".example"


_ACCOUNT_TYPES: Sequence[str] = ("Team", "EnterpriseLWA", "EnterpriseOIDC", "EnterpriseDirectory")
_LICENSE_SETS: Sequence[tuple[str, ...]] = (
    ("Basic", "Pro"),
    ("Basic", "Pro"),
    ("Basic", "Plus", "Pro"),
    ("Basic", "Pro", "ProTrial"),
)
_GROUPS = ("chime-admins", "chime-users", "sales", "engineering", "support")
_ADJECTIVES = (
    "Acme", "Blue", "Northwind", "Contoso", "Globex", "Initech", "Umbrella", "Stark",
    "Wayne", "Hooli", "Vandelay", "Soylent", "Tyrell", "Cyberdyne", "Wonka", "Aperture",
)  # fmt: skip
_NOUNS = (
    "Widgets", "Labs", "Logistics", "Health", "Analytics", "Foods", "Media", "Energy",
    "Robotics", "Capital", "Studios", "Systems", "Networks", "Partners",
)  # fmt: skip
_SUFFIXES = ("Inc", "LLC", "Ltd", "GmbH", "Group", "Holdings")
_TEAMS = ("Sales", "Engineering", "Support", "Marketing", "Finance", "HR", "Ops")
_FIRST = ("ana", "ben", "chen", "dana", "eli", "fatima", "gus", "hana", "ivan", "jo")
_LAST = ("smith", "garcia", "kim", "nguyen", "okafor", "rossi", "silva", "tanaka", "weber")
