"""The users of one account, with Amazon Chime's user semantics.

Like the account store, this module knows nothing about HTTP: it takes plain
Python values, returns AWS-shaped dictionaries and raises `ServiceError`. It
holds no lock either: `chime_accounts.testing._store.AccountStore.users_of`
hands an account's `UserDirectory` out under the store's lock.

Emails, display names, PINs, phone numbers and room ARNs never appear in a
``repr`` or in an error message, since those end up in logs and exception text.
"""

from __future__ import annotations

import functools
import itertools
import re
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Protocol, TypedDict, cast

from chime_accounts.testing._service import ServiceError, check_enum, service_model, to_millis

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from mypy_boto3_chime.literals import (
        AccountTypeType,
        EmailStatusType,
        ErrorCodeType,
        InviteStatusType,
        LicenseType,
        RegistrationStatusType,
        UserTypeType,
    )

__all__ = [
    "AccountFacts",
    "AlexaForBusinessMetadataDict",
    "InviteDict",
    "StoredUser",
    "TelephonySettingsDict",
    "UserDirectory",
    "UserErrorDict",
    "UserRecord",
    "UserSettingsDict",
]

PIN_DIGITS = 10
"""Length of the personal meeting PINs that ResetPersonalPIN hands out."""

_INVITE_TYPES: frozenset[str] = frozenset({"Team"})
_SUSPEND_TYPES: frozenset[str] = frozenset({"Team", "EnterpriseLWA"})
_UNSUSPEND_TYPES: frozenset[str] = frozenset({"EnterpriseLWA"})


class AccountFacts(Protocol):
    """What the user rules need to know about the owning account."""

    @property
    def account_id(self) -> str:
        """The account id."""
        ...

    @property
    def account_type(self) -> AccountTypeType:
        """The account type; some operations serve only some types."""
        ...

    @property
    def default_license(self) -> LicenseType:
        """The license new users get."""
        ...

    @property
    def supported_licenses(self) -> tuple[LicenseType, ...]:
        """The licenses users may have."""
        ...


class TelephonySettingsDict(TypedDict):
    """A user's telephony settings as the API shapes them."""

    InboundCalling: bool
    OutboundCalling: bool
    SMS: bool


class UserSettingsDict(TypedDict):
    """A user's settings as the API shapes them."""

    Telephony: TelephonySettingsDict


class AlexaForBusinessMetadataDict(TypedDict, total=False):
    """A user's Alexa for Business metadata as the API shapes it."""

    IsAlexaForBusinessEnabled: bool
    AlexaForBusinessRoomArn: str


class _StoredUserRequired(TypedDict):
    UserId: str
    AccountId: str
    LicenseType: LicenseType
    UserType: UserTypeType
    UserRegistrationStatus: RegistrationStatusType
    UserInvitationStatus: InviteStatusType
    InvitedOn: datetime
    AlexaForBusinessMetadata: AlexaForBusinessMetadataDict


class StoredUser(_StoredUserRequired, total=False):
    """A user as the API shapes it; optional members appear only when set.

    Compares equal to the ``User`` a boto3 client returns for it.
    """

    PrimaryEmail: str
    PrimaryProvisionedNumber: str
    DisplayName: str
    RegisteredOn: datetime
    PersonalPIN: str


class InviteDict(TypedDict):
    """One entry of InviteUsers' ``Invites``."""

    InviteId: str
    Status: InviteStatusType
    EmailAddress: str
    EmailStatus: EmailStatusType


class UserErrorDict(TypedDict):
    """One per-user failure of a batch operation."""

    UserId: str
    ErrorCode: ErrorCodeType
    ErrorMessage: str


def _alexa_disabled() -> AlexaForBusinessMetadataDict:
    # AWS's examples show this on every user, newly created and invited ones included.
    return {"IsAlexaForBusinessEnabled": False}


def _default_telephony() -> TelephonySettingsDict:
    return {"InboundCalling": True, "OutboundCalling": True, "SMS": True}


def _now() -> datetime:
    return to_millis(datetime.now(timezone.utc))


@dataclass(kw_only=True)
class UserRecord:
    """One stored user; the sensitive fields stay out of its ``repr``.

    Attributes:
        seq: Creation order within the account, for paging.
        user_id: The user id.
        account_id: The owning account.
        email: The primary email, if any.
        display_name: The display name, if any.
        license_type: The user's license.
        user_type: ``PrivateUser`` or ``SharedDevice``.
        registration_status: ``Unregistered``, ``Registered`` or ``Suspended``.
        invitation_status: ``Pending``, ``Accepted`` or ``Failed``.
        invited_on: When the user was (last) invited or created.
        registered_on: When the user registered, if they did.
        alexa_for_business: The Alexa for Business metadata; disabled unless set.
        personal_pin: The personal meeting PIN, once ResetPersonalPIN set one.
        phone_number: The phone number AssociatePhoneNumberWithUser gave the
            user, in E.164 form with its ``+``, if any.
        logouts: How many times LogoutUser logged the user out.
        telephony: The telephony settings.
    """

    seq: int
    user_id: str
    account_id: str
    email: str | None = field(repr=False)
    display_name: str | None = field(repr=False)
    license_type: LicenseType
    user_type: UserTypeType
    registration_status: RegistrationStatusType
    invitation_status: InviteStatusType
    invited_on: datetime
    registered_on: datetime | None = None
    alexa_for_business: AlexaForBusinessMetadataDict = field(
        default_factory=_alexa_disabled, repr=False
    )
    personal_pin: str | None = field(default=None, repr=False)
    phone_number: str | None = field(default=None, repr=False)
    logouts: int = 0
    telephony: TelephonySettingsDict = field(default_factory=_default_telephony)

    @property
    def suspended(self) -> bool:
        """Whether the user is suspended."""
        return self.registration_status == "Suspended"

    def has_email(self, casefolded: str) -> bool:
        """Whether the user's email matches, ignoring case.

        Args:
            casefolded: The email to compare with, already casefolded.

        Returns:
            Whether it matches.
        """
        return self.email is not None and self.email.casefold() == casefolded

    def to_dict(self, *, pin: bool = True) -> StoredUser:
        """Return the user as the API shapes it.

        Args:
            pin: Include the ``PersonalPIN`` once one was set. ListUsers leaves
                it out, as AWS's examples show.

        Returns:
            A fresh dictionary; changing it does not change the user.
        """
        user: StoredUser = {
            "UserId": self.user_id,
            "AccountId": self.account_id,
            "LicenseType": self.license_type,
            "UserType": self.user_type,
            "UserRegistrationStatus": self.registration_status,
            "UserInvitationStatus": self.invitation_status,
            "InvitedOn": self.invited_on,
            "AlexaForBusinessMetadata": self.alexa_for_business.copy(),
        }
        if self.email is not None:
            user["PrimaryEmail"] = self.email
        if self.phone_number is not None:
            user["PrimaryProvisionedNumber"] = self.phone_number
        if self.display_name is not None:
            user["DisplayName"] = self.display_name
        if self.registered_on is not None:
            user["RegisteredOn"] = self.registered_on
        if pin and self.personal_pin is not None:
            user["PersonalPIN"] = self.personal_pin
        return user


@functools.cache
def _email_pattern() -> re.Pattern[str]:
    return re.compile(cast("str", service_model().shape_for("EmailAddress").metadata["pattern"]))


def _user_error(user_id: str, code: ErrorCodeType, message: str) -> UserErrorDict:
    return {"UserId": user_id, "ErrorCode": code, "ErrorMessage": message}


class UserDirectory:
    """The users of one account, in creation order.

    Users are never removed: suspension is a status. Not thread-safe; use it
    only under the account store's lock (`AccountStore.users_of`).

    Args:
        account: The owning account, read when a rule depends on it.
    """

    def __init__(self, account: AccountFacts) -> None:
        self._account = account
        self._users: dict[str, UserRecord] = {}
        self._seq = itertools.count()

    @property
    def account_id(self) -> str:
        """The owning account's id."""
        return self._account.account_id

    def _require_account_type(self, allowed: frozenset[str], action: str) -> None:
        account_type = self._account.account_type
        if account_type not in allowed:
            raise ServiceError(
                "BadRequestException",
                f"{action} is only supported for {' and '.join(sorted(allowed))} accounts, "
                f"not {account_type} accounts.",
            )

    def _check_license(self, license_type: str) -> str | None:
        """Return why the account cannot give users this license, or ``None`` if it can."""
        if license_type in self._account.supported_licenses:
            return None
        return (
            f"License {license_type} is not supported by account {self.account_id}; "
            f"supported: {', '.join(self._account.supported_licenses)}."
        )

    # -- lookups -------------------------------------------------------------

    def get_record(self, user_id: str) -> UserRecord | None:
        """Return the user with this id, if there is one.

        Args:
            user_id: The user id.

        Returns:
            The stored user (live), or ``None``.
        """
        return self._users.get(user_id)

    def find(self, user_id: str) -> UserRecord:
        """Return one user.

        Args:
            user_id: The user id.

        Returns:
            The stored user (live, not a copy).

        Raises:
            ServiceError: ``NotFoundException`` if the account has no such user.
        """
        try:
            return self._users[user_id]
        except KeyError:
            raise ServiceError(
                "NotFoundException",
                f"The requested user {user_id} was not found in account {self.account_id}.",
            ) from None

    def get(self, user_id: str) -> StoredUser:
        """Return one user, as GetUser does.

        Args:
            user_id: The user id.

        Returns:
            The user.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown user.
        """
        return self.find(user_id).to_dict()

    def by_email(self, email: str) -> UserRecord | None:
        """Return the user with this email (ignoring case), if any.

        Args:
            email: The email.

        Returns:
            The user, or ``None``.
        """
        wanted = email.casefold()
        return next((u for u in self._users.values() if u.has_email(wanted)), None)

    def by_number(self, number: str) -> UserRecord | None:
        """Return the user with this phone number, if any.

        Args:
            number: The number in E.164 form with its ``+``.

        Returns:
            The user, or ``None``.
        """
        return next((u for u in self._users.values() if u.phone_number == number), None)

    def matching(
        self, *, user_email: str | None = None, user_type: str | None = None
    ) -> list[UserRecord]:
        """Return the users passing ListUsers' filters, in creation order.

        Args:
            user_email: Keep the user with this email (case-insensitive).
            user_type: Keep users of this type.

        Returns:
            The matching users.
        """
        wanted = user_email.casefold() if user_email is not None else None
        return [
            u
            for u in self._users.values()
            if (wanted is None or u.has_email(wanted))
            and (user_type is None or u.user_type == user_type)
        ]

    def active_count(self) -> int:
        """Count the users that are not suspended (they block DeleteAccount).

        Returns:
            The count.
        """
        return sum(1 for u in self._users.values() if not u.suspended)

    def snapshot(self) -> list[StoredUser]:
        """Return every user in creation order.

        Returns:
            Copies of the users.
        """
        return [u.to_dict() for u in self._users.values()]

    # -- seeding -------------------------------------------------------------

    def add(
        self,
        email: str,
        *,
        license_type: LicenseType | None = None,
        display_name: str | None = None,
        user_type: UserTypeType = "PrivateUser",
        registration_status: RegistrationStatusType = "Registered",
        user_id: str | None = None,
        when: datetime | None = None,
    ) -> UserRecord:
        """Store a user directly, checked against the model and the account.

        A ``Registered`` or ``Suspended`` user has accepted their invitation
        and registered at ``when``; an ``Unregistered`` one is still invited.

        Args:
            email: The primary email; unique within the account, ignoring case.
            license_type: A license the account supports; its default when omitted.
            display_name: The display name.
            user_type: One of the model's ``UserType`` values.
            registration_status: One of the model's ``RegistrationStatus`` values.
            user_id: The user id; a fresh UUID when omitted.
            when: A timezone-aware invitation (and registration) time; now
                when omitted.

        Returns:
            The stored user.

        Raises:
            ValueError: For values outside the model or the account's
                licenses, a malformed or duplicate email, a naive time or a
                duplicate user id.
        """
        check_enum(user_type, "UserType", "user_type")
        check_enum(registration_status, "RegistrationStatus", "registration_status")
        license_type = license_type or self._account.default_license
        check_enum(license_type, "License", "license_type")
        if self._check_license(license_type) is not None:
            raise ValueError(
                "license_type must be one of the account's licenses "
                f"{list(self._account.supported_licenses)}, not {license_type!r}"
            )
        # The message leaves the email out: it is sensitive.
        if not _email_pattern().search(email):
            raise ValueError("email must be an email address")
        if self.by_email(email) is not None:
            raise ValueError(f"account {self.account_id} already has a user with this email")
        if when is not None and when.utcoffset() is None:
            raise ValueError("when must be timezone-aware")
        new_id = user_id if user_id is not None else str(uuid.uuid4())
        if new_id in self._users:
            raise ValueError(f"user id {new_id!r} already exists in account {self.account_id}")
        moment = to_millis(when) if when is not None else _now()
        registered = registration_status != "Unregistered"
        return self._insert(
            UserRecord(
                seq=next(self._seq),
                user_id=new_id,
                account_id=self.account_id,
                email=email,
                display_name=display_name,
                license_type=license_type,
                user_type=user_type,
                registration_status=registration_status,
                invitation_status="Accepted" if registered else "Pending",
                invited_on=moment,
                registered_on=moment if registered else None,
            )
        )

    def _insert(self, user: UserRecord) -> UserRecord:
        self._users[user.user_id] = user
        return user

    def _new_invitee(
        self,
        *,
        email: str | None,
        display_name: str | None,
        user_type: UserTypeType,
        license_type: LicenseType,
    ) -> UserRecord:
        return self._insert(
            UserRecord(
                seq=next(self._seq),
                user_id=str(uuid.uuid4()),
                account_id=self.account_id,
                email=email,
                display_name=display_name,
                license_type=license_type,
                user_type=user_type,
                registration_status="Unregistered",
                invitation_status="Pending",
                invited_on=_now(),
            )
        )

    # -- operations ----------------------------------------------------------

    def create(
        self,
        *,
        username: str | None,
        email: str | None,
        user_type: UserTypeType | None,
    ) -> StoredUser:
        """Create a user, as CreateUser does.

        The user is ``Unregistered`` with a ``Pending`` invitation, licensed
        with the account's default license; ``Username`` becomes the display
        name and ``Email`` the primary email.

        Args:
            username: The user name, if given.
            email: The email, if given; unique within the account, ignoring case.
            user_type: The user type; ``PrivateUser`` when ``None``.

        Returns:
            The new user.

        Raises:
            ServiceError: ``ConflictException`` if the email is taken.
        """
        if email is not None and self.by_email(email) is not None:
            raise ServiceError(
                "ConflictException",
                f"A user with this email already exists in account {self.account_id}.",
            )
        return self._new_invitee(
            email=email,
            display_name=username,
            user_type=user_type or "PrivateUser",
            license_type=self._account.default_license,
        ).to_dict()

    def update(
        self,
        user_id: str,
        *,
        license_type: LicenseType | None,
        user_type: UserTypeType | None,
        alexa_for_business: Mapping[str, object] | None,
    ) -> StoredUser:
        """Change what is given of one user, as UpdateUser does.

        Args:
            user_id: The user id.
            license_type: A new license, or ``None`` to keep it.
            user_type: A new user type, or ``None`` to keep it.
            alexa_for_business: New Alexa for Business metadata (replacing
                the old as a whole), or ``None`` to keep it.

        Returns:
            The updated user.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown user,
                ``BadRequestException`` for a license the account does not support.
        """
        user = self.find(user_id)
        problem = self._check_license(license_type) if license_type is not None else None
        if problem is not None:
            raise ServiceError("BadRequestException", problem)
        _apply(user, license_type, user_type, alexa_for_business)
        return user.to_dict()

    def reset_pin(self, user_id: str) -> StoredUser:
        """Give one user a fresh random personal meeting PIN, as ResetPersonalPIN does.

        Args:
            user_id: The user id.

        Returns:
            The user, with the new ``PersonalPIN``.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown user.
        """
        user = self.find(user_id)
        while True:
            pin = "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))
            if pin != user.personal_pin:
                break
        user.personal_pin = pin
        return user.to_dict()

    def logout(self, user_id: str) -> None:
        """Log one user out, as LogoutUser does, counting it.

        Args:
            user_id: The user id.

        Raises:
            ServiceError: ``NotFoundException`` for an unknown user.
        """
        self.find(user_id).logouts += 1

    def invite(
        self,
        emails: Sequence[str],
        *,
        user_type: UserTypeType | None,
    ) -> list[InviteDict]:
        """Invite users by email, as InviteUsers does (Team accounts only).

        Each distinct email (ignoring case) gets one ``Pending`` invite, in
        first-seen order. An email without a user creates an ``Unregistered``
        user of ``user_type`` (``PrivateUser`` when ``None``) with the default
        license. An email of an existing user re-invites that user: the
        invitation becomes ``Pending`` again and a suspended user becomes
        ``Unregistered``, which is how the service lifts a Team account
        suspension. Existing users keep their user type.

        Args:
            emails: One to 50 emails (the model's maximum is checked before).
            user_type: The type of the users created.

        Returns:
            One invite per distinct email.

        Raises:
            ServiceError: ``BadRequestException`` for an account that is not a
                Team account or an empty email list.
        """
        self._require_account_type(_INVITE_TYPES, "InviteUsers")
        if not emails:
            raise ServiceError("BadRequestException", "UserEmailList must not be empty.")
        invites: list[InviteDict] = []
        seen: set[str] = set()
        for email in emails:
            if email.casefold() in seen:
                continue
            seen.add(email.casefold())
            user = self.by_email(email)
            if user is None:
                self._new_invitee(
                    email=email,
                    display_name=None,
                    user_type=user_type or "PrivateUser",
                    license_type=self._account.default_license,
                )
            else:
                user.invitation_status = "Pending"
                user.invited_on = _now()
                if user.suspended:
                    user.registration_status = "Unregistered"
            invites.append(
                {
                    "InviteId": str(uuid.uuid4()),
                    "Status": "Pending",
                    "EmailAddress": email,
                    "EmailStatus": "Sent",
                }
            )
        return invites

    def suspend(self, user_ids: Iterable[str]) -> list[UserErrorDict]:
        """Suspend users, as BatchSuspendUser does (Team and EnterpriseLWA accounts).

        Suspending a suspended user succeeds and changes nothing. The real
        service drops users suspended from a Team account from the account;
        here they stay, with status ``Suspended``, until re-invited.

        Args:
            user_ids: The user ids (the model's maximum of 50 is checked before).

        Returns:
            A ``NotFound`` error per unknown id; the others are suspended.

        Raises:
            ServiceError: ``BadRequestException`` for another account type.
        """
        self._require_account_type(_SUSPEND_TYPES, "BatchSuspendUser")
        errors: list[UserErrorDict] = []
        for user_id in user_ids:
            user = self._users.get(user_id)
            if user is None:
                errors.append(_not_found(user_id, self.account_id))
            else:
                user.registration_status = "Suspended"
        return errors

    def unsuspend(self, user_ids: Iterable[str]) -> list[UserErrorDict]:
        """Lift suspensions, as BatchUnsuspendUser does (EnterpriseLWA accounts only).

        As the API reference says, unsuspended users return to ``Registered``
        and users that are not suspended are ignored (no error entry).

        Args:
            user_ids: The user ids (the model's maximum of 50 is checked before).

        Returns:
            A ``NotFound`` error per unknown id.

        Raises:
            ServiceError: ``BadRequestException`` for another account type.
        """
        self._require_account_type(_UNSUSPEND_TYPES, "BatchUnsuspendUser")
        errors: list[UserErrorDict] = []
        for user_id in user_ids:
            user = self._users.get(user_id)
            if user is None:
                errors.append(_not_found(user_id, self.account_id))
            elif user.suspended:
                user.registration_status = "Registered"
                if user.registered_on is None:
                    user.registered_on = _now()
        return errors

    def batch_update(self, items: Iterable[Mapping[str, object]]) -> list[UserErrorDict]:
        """Apply UpdateUser-like changes per item, as BatchUpdateUser does.

        Each item is applied or rejected as a whole; items are independent.

        Args:
            items: ``UpdateUserRequestItem`` dictionaries, already validated
                against the model (at most 20).

        Returns:
            A ``NotFound`` error per unknown user and a ``BadRequest`` error
            per unsupported license; the other items are applied.
        """
        errors: list[UserErrorDict] = []
        for item in items:
            user_id = cast("str", item["UserId"])
            license_type = cast("LicenseType | None", item.get("LicenseType"))
            user = self._users.get(user_id)
            problem = self._check_license(license_type) if license_type is not None else None
            if user is None:
                errors.append(_not_found(user_id, self.account_id))
            elif problem is not None:
                errors.append(_user_error(user_id, "BadRequest", problem))
            else:
                _apply(
                    user,
                    license_type,
                    cast("UserTypeType | None", item.get("UserType")),
                    cast("Mapping[str, object] | None", item.get("AlexaForBusinessMetadata")),
                )
        return errors

    def settings(self, user_id: str) -> UserSettingsDict:
        """Return one user's settings, as GetUserSettings does.

        Args:
            user_id: The user id.

        Returns:
            The settings (all telephony enabled unless changed).

        Raises:
            ServiceError: ``NotFoundException`` for an unknown user.
        """
        return {"Telephony": self.find(user_id).telephony.copy()}

    def update_settings(self, user_id: str, telephony: Mapping[str, object]) -> None:
        """Replace one user's telephony settings, as UpdateUserSettings does.

        Args:
            user_id: The user id.
            telephony: ``InboundCalling``, ``OutboundCalling`` and ``SMS``
                (all required by the model, checked before).

        Raises:
            ServiceError: ``NotFoundException`` for an unknown user.
        """
        self.find(user_id).telephony = {
            "InboundCalling": bool(telephony["InboundCalling"]),
            "OutboundCalling": bool(telephony["OutboundCalling"]),
            "SMS": bool(telephony["SMS"]),
        }


def _not_found(user_id: str, account_id: str) -> UserErrorDict:
    return _user_error(
        user_id, "NotFound", f"User {user_id} was not found in account {account_id}."
    )


def _apply(
    user: UserRecord,
    license_type: LicenseType | None,
    user_type: UserTypeType | None,
    alexa_for_business: Mapping[str, object] | None,
) -> None:
    if license_type is not None:
        user.license_type = license_type
    if user_type is not None:
        user.user_type = user_type
    if alexa_for_business is not None:
        user.alexa_for_business = cast("AlexaForBusinessMetadataDict", dict(alexa_for_business))
