"""Frozen models of the Chime service's shapes, named after them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from ._converter import aws_member_name, converter
from ._enums import (
    AccountStatus,
    AccountType,
    EmailStatus,
    ErrorCode,
    InviteStatus,
    License,
    RegistrationStatus,
    UserType,
)

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "SENSITIVE_MEMBERS",
    "Account",
    "AccountSettings",
    "AlexaForBusinessMetadata",
    "BatchResult",
    "Invite",
    "SigninDelegateGroup",
    "TelephonySettings",
    "UpdateUserRequestItem",
    "User",
    "UserError",
    "UserSettings",
]

#: The members never shown by ``repr`` or ``str``, per model: those the service model flags
#: ``sensitive``, plus ``PersonalPIN``, which it does not flag but which is a secret.
SENSITIVE_MEMBERS: dict[str, frozenset[str]] = {
    "AlexaForBusinessMetadata": frozenset({"AlexaForBusinessRoomArn"}),
    "Invite": frozenset({"EmailAddress"}),
    "User": frozenset({"DisplayName", "PersonalPIN", "PrimaryEmail", "PrimaryProvisionedNumber"}),
}


def _redacted(value: object) -> str:
    return "None" if value is None else "'<redacted>'"


def _hide_sensitive(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """Give the sensitive fields of ``cls`` (per SENSITIVE_MEMBERS) a redacting repr."""
    sensitive = SENSITIVE_MEMBERS.get(cls.__name__, frozenset())
    return [
        field.evolve(repr=_redacted) if aws_member_name(field.name) in sensitive else field
        for field in fields
    ]


class _Model:
    """Conversion to and from the AWS-shaped dicts that boto3 speaks."""

    __slots__ = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build the model from an AWS-shaped dict, as boto3 returns it.

        Args:
            data: The dict, with AWS member names; unknown members are ignored.

        Returns:
            The model.

        Raises:
            cattrs.BaseValidationError: ``data`` does not match the model.
        """
        model: Self = converter.structure(data, cls)
        return model

    def to_dict(self) -> dict[str, Any]:
        """Return the AWS-shaped dict: AWS member names, enum values, datetimes, lists."""
        result: dict[str, Any] = converter.unstructure(self)
        return result


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class SigninDelegateGroup(_Model):
    """An Active Directory group whose members may sign in to a Chime account.

    Attributes:
        group_name: The group's name.
    """

    group_name: str | None = None


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class Account(_Model):
    """An Amazon Chime account.

    Attributes:
        aws_account_id: The AWS account that owns the Chime account.
        account_id: The Chime account ID.
        name: The account name.
        account_type: Team, EnterpriseDirectory, EnterpriseLWA or EnterpriseOIDC.
        created_timestamp: When the account was created, in UTC.
        default_license: The license assigned to new users.
        supported_licenses: The licenses the account supports.
        account_status: Active or Suspended; older responses do not carry it.
        signin_delegate_groups: Active Directory groups that may sign in.
    """

    aws_account_id: str
    account_id: str
    name: str
    account_type: AccountType | None = None
    created_timestamp: dt.datetime | None = None
    default_license: License | None = None
    supported_licenses: tuple[License, ...] = ()
    account_status: AccountStatus | None = None
    signin_delegate_groups: tuple[SigninDelegateGroup, ...] = ()


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class AccountSettings(_Model):
    """Settings of a Chime account.

    Attributes:
        disable_remote_control: Whether remote control of shared screens is disabled.
        enable_dial_out: Whether meetings may dial out.
    """

    disable_remote_control: bool | None = None
    enable_dial_out: bool | None = None


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class AlexaForBusinessMetadata(_Model):
    """Alexa for Business settings of a user (deprecated by AWS, still in the model).

    Attributes:
        is_alexa_for_business_enabled: Whether Alexa for Business is enabled.
        alexa_for_business_room_arn: The room ARN; sensitive, hidden from ``repr``.
    """

    is_alexa_for_business_enabled: bool | None = None
    alexa_for_business_room_arn: str | None = None


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class User(_Model):
    """A user of a Chime account.

    ``primary_email``, ``primary_provisioned_number``, ``display_name`` and
    ``personal_pin`` are sensitive: ``repr`` and ``str`` show ``'<redacted>'``, while
    attribute access and ``to_dict()`` give the real values.

    Attributes:
        user_id: The user ID.
        account_id: The Chime account ID.
        primary_email: The user's email address.
        primary_provisioned_number: The user's phone number.
        display_name: The user's display name.
        license_type: The user's license.
        user_type: PrivateUser or SharedDevice.
        user_registration_status: Unregistered, Registered or Suspended.
        user_invitation_status: Pending, Accepted or Failed.
        registered_on: When the user registered, in UTC.
        invited_on: When the user was invited, in UTC.
        alexa_for_business_metadata: Alexa for Business settings.
        personal_pin: The personal meeting PIN (returned by ``reset_personal_pin``).
    """

    user_id: str
    account_id: str | None = None
    primary_email: str | None = None
    primary_provisioned_number: str | None = None
    display_name: str | None = None
    license_type: License | None = None
    user_type: UserType | None = None
    user_registration_status: RegistrationStatus | None = None
    user_invitation_status: InviteStatus | None = None
    registered_on: dt.datetime | None = None
    invited_on: dt.datetime | None = None
    alexa_for_business_metadata: AlexaForBusinessMetadata | None = None
    personal_pin: str | None = None


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class TelephonySettings(_Model):
    """A user's telephony permissions.

    Attributes:
        inbound_calling: Whether the user may receive calls.
        outbound_calling: Whether the user may place calls.
        sms: Whether the user may send and receive SMS.
    """

    inbound_calling: bool
    outbound_calling: bool
    sms: bool


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class UserSettings(_Model):
    """A user's settings.

    Attributes:
        telephony: The telephony permissions.
    """

    telephony: TelephonySettings


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class Invite(_Model):
    """An invitation sent to a user; ``email_address`` is hidden from ``repr``.

    Attributes:
        invite_id: The invitation ID.
        status: Pending, Accepted or Failed.
        email_address: The invited email address.
        email_status: Whether the invitation email was sent.
    """

    invite_id: str | None = None
    status: InviteStatus | None = None
    email_address: str | None = None
    email_status: EmailStatus | None = None


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class UserError(_Model):
    """Why a batch operation failed for one user.

    Attributes:
        user_id: The user the error is about.
        error_code: The error code, e.g. ``ErrorCode.NOT_FOUND``.
        error_message: The service's message.
    """

    user_id: str | None = None
    error_code: ErrorCode | None = None
    error_message: str | None = None


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class UpdateUserRequestItem(_Model):
    """One user's changes in ``batch_update_user``; None leaves a field unchanged.

    Attributes:
        user_id: The user ID.
        license_type: The new license.
        user_type: The new user type.
        alexa_for_business_metadata: The new Alexa for Business settings.
    """

    user_id: str
    license_type: License | None = None
    user_type: UserType | None = None
    alexa_for_business_metadata: AlexaForBusinessMetadata | None = None


@attrs.frozen(kw_only=True)
class BatchResult:
    """The outcome of a batch operation over users, which may succeed for some only.

    Attributes:
        user_ids: Every user ID that was asked for, in order.
        user_errors: One entry per user the operation failed for.
    """

    user_ids: tuple[str, ...]
    user_errors: tuple[UserError, ...]

    @property
    def ok(self) -> bool:
        """Whether the operation succeeded for every user."""
        return not self.user_errors

    @property
    def failed_user_ids(self) -> tuple[str, ...]:
        """The IDs of the users the operation failed for."""
        return tuple(e.user_id for e in self.user_errors if e.user_id is not None)

    @property
    def succeeded_user_ids(self) -> tuple[str, ...]:
        """The IDs of the users the operation succeeded for."""
        failed = set(self.failed_user_ids)
        return tuple(user_id for user_id in self.user_ids if user_id not in failed)
