"""In-memory account store with Amazon Chime's account semantics.

The store knows nothing about HTTP: it takes plain Python values, returns
AWS-shaped dictionaries and raises `ServiceError` carrying the modeled error
shape name (``NotFoundException`` and so on). One lock guards all state, so
every public method is safe to call from any thread.
"""

from __future__ import annotations

import base64
import functools
import random
import secrets
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, TypedDict, cast

import botocore.session

if TYPE_CHECKING:
    from collections.abc import Sequence

    from botocore.model import ServiceModel
    from mypy_boto3_chime.literals import AccountStatusType, AccountTypeType, LicenseType

__all__ = [
    "AccountStore",
    "ServiceError",
    "SigninDelegateGroupDict",
    "StoredAccount",
    "service_model",
]

DEFAULT_AWS_ACCOUNT_ID = "123456789012"


@functools.cache
def service_model() -> ServiceModel:
    """Return botocore's model of the ``chime`` service, loaded once per process.

    Returns:
        The service model that both the store and the HTTP layer derive from.
    """
    return botocore.session.get_session().get_service_model("chime")


class SigninDelegateGroupDict(TypedDict):
    """A sign-in delegate group as the API shapes it."""

    GroupName: str


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


def _enum(shape_name: str) -> frozenset[str]:
    return frozenset(cast("list[str]", service_model().shape_for(shape_name).metadata["enum"]))


class ServiceError(Exception):
    """A modeled service error, raised by the store and rendered by the server.

    Attributes:
        error_type: The modeled error shape name, e.g. ``NotFoundException``.
        message: Human-readable detail, sent as the body's ``Message``.
    """

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(f"{error_type}: {message}")
        self.error_type = error_type
        self.message = message


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


@dataclass
class _User:
    user_id: str
    account_id: str
    email: str
    suspended: bool


@dataclass(frozen=True)
class _Cursor:
    after_seq: int
    name: str | None
    user_email: str | None


@dataclass
class _State:
    accounts: dict[str, _Account] = field(default_factory=dict[str, "_Account"])
    users: dict[str, _User] = field(default_factory=dict[str, "_User"])
    tokens: dict[str, _Cursor] = field(default_factory=dict[str, "_Cursor"])
    next_seq: int = 0


def _to_millis(moment: datetime) -> datetime:
    # The wire format carries milliseconds; truncating here keeps what the
    # store hands out equal to what a client parses back.
    utc = moment.astimezone(timezone.utc)
    return utc.replace(microsecond=utc.microsecond // 1000 * 1000)


def _check_enum(value: str, shape_name: str, what: str) -> None:
    allowed = _enum(shape_name)
    if value not in allowed:
        raise ValueError(f"{what} must be one of {sorted(allowed)}, not {value!r}")


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

    def _insert(self, account: _Account) -> StoredAccount:
        self._state.accounts[account.account_id] = account
        return account.to_dict()

    def _take_seq(self) -> int:
        seq = self._state.next_seq
        self._state.next_seq += 1
        return seq

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
                    created_timestamp=_to_millis(datetime.now(timezone.utc)),
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
        _check_enum(account_type, "AccountType", "account_type")
        _check_enum(default_license, "License", "default_license")
        for lic in supported_licenses:
            _check_enum(lic, "License", "supported_licenses")
        _check_enum(account_status, "AccountStatus", "account_status")
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
                    created_timestamp=_to_millis(created_timestamp or datetime.now(timezone.utc)),
                    default_license=default_license,
                    supported_licenses=tuple(supported_licenses),
                    account_status=account_status,
                    signin_delegate_groups=tuple(signin_delegate_groups),
                )
            )

    def add_user(self, account_id: str, email: str, *, suspended: bool = False) -> str:
        """Attach a user to an account.

        Args:
            account_id: The owning account.
            email: The user's primary email.
            suspended: Whether the user is suspended (suspended users do not
                block account deletion).

        Returns:
            The new user's id.

        Raises:
            KeyError: If the account does not exist.
        """
        with self._lock:
            if account_id not in self._state.accounts:
                raise KeyError(account_id)
            user_id = str(uuid.uuid4())
            self._state.users[user_id] = _User(user_id, account_id, email, suspended)
            return user_id

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
                (case-insensitive).
            max_results: Page size.
            next_token: A token from a previous page of the same query.

        Returns:
            The page and the token for the next one (``None`` on the last page).

        Raises:
            ServiceError: ``BadRequestException`` for an unknown token or one
                issued for different filters.
        """
        with self._lock:
            after_seq = -1
            if next_token is not None:
                cursor = self._state.tokens.get(next_token)
                if cursor is None:
                    raise ServiceError("BadRequestException", "The NextToken is invalid.")
                if (cursor.name, cursor.user_email) != (name, user_email):
                    raise ServiceError(
                        "BadRequestException",
                        "The NextToken was issued for a request with different filters.",
                    )
                after_seq = cursor.after_seq
            holders: set[str] | None = None
            if user_email is not None:
                wanted = user_email.casefold()
                holders = {
                    u.account_id for u in self._state.users.values() if u.email.casefold() == wanted
                }
            # Accounts are never removed, so dict insertion order is creation order.
            matches = [
                a
                for a in self._state.accounts.values()
                if a.seq > after_seq
                and (name is None or a.name.startswith(name))
                and (holders is None or a.account_id in holders)
            ]
            page = matches[:max_results]
            token: str | None = None
            if len(matches) > max_results:
                token = self._issue_token(_Cursor(page[-1].seq, name, user_email))
            return [a.to_dict() for a in page], token

    def _issue_token(self, cursor: _Cursor) -> str:
        raw = f"{cursor.after_seq}:{secrets.token_hex(12)}".encode()
        token = base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
        self._state.tokens[token] = cursor
        return token

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
                ``UnprocessableEntityException`` while active users remain.
        """
        with self._lock:
            account = self._find(account_id)
            active = sum(
                1
                for u in self._state.users.values()
                if u.account_id == account_id and not u.suspended
            )
            if active:
                raise ServiceError(
                    "UnprocessableEntityException",
                    f"Account {account_id} still has {active} active user(s); "
                    "suspend or remove them first.",
                )
            account.account_status = "Suspended"

    def accounts(self) -> list[StoredAccount]:
        """Return a snapshot of every account in list (creation) order.

        Returns:
            Copies of the stored accounts.
        """
        with self._lock:
            return [a.to_dict() for a in self._state.accounts.values()]

    def seed(self, count: int, seed: int) -> list[StoredAccount]:
        """Add ``count`` realistic accounts, deterministically for a given store state.

        Args:
            count: How many accounts to add.
            seed: Random seed; the same seed on the same starting state gives
                the same accounts.

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
            self._state.users[user_id] = _User(
                user_id=user_id,
                account_id=account.account_id,
                email=f"{first}.{last}@{domain}".lower(),
                # A suspended account cannot hold active users, or it could not
                # have been deleted.
                suspended=account.account_status == "Suspended" or rng.random() < 0.1,
            )


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
