"""Frozen models of the Chime service's shapes, named after them."""

from __future__ import annotations

import datetime as dt
import json
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, cast

import attrs

from . import _converter as converter_rules  # pyright: ignore[reportPrivateUsage]
from ._converter import (
    STRUCTURE_ERRORS,
    aws_member_name,
    converter,
    json_safe,
    structure,
    structure_hooks,
)
from ._enums import (
    AccountStatus,
    AccountType,
    BotType,
    EmailStatus,
    ErrorCode,
    InviteStatus,
    License,
    MemberType,
    RegistrationStatus,
    RoomMembershipRole,
    UserType,
)
from ._redaction import redact_text
from .exceptions import ChimeAccountsError, ResponseParseError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from typing_extensions import Self

__all__ = [
    "FREE_TEXT",
    "SENSITIVE",
    "SENSITIVE_MEMBERS",
    "Account",
    "AccountSettings",
    "AlexaForBusinessMetadata",
    "BatchResult",
    "Bot",
    "BusinessCallingSettings",
    "ConversationRetentionSettings",
    "EventsConfiguration",
    "GlobalSettings",
    "Invite",
    "InviteFailure",
    "InviteResult",
    "Member",
    "MemberError",
    "MembershipBatchResult",
    "MembershipItem",
    "Retention",
    "RetentionSettings",
    "Room",
    "RoomMembership",
    "RoomRetentionSettings",
    "SigninDelegateGroup",
    "TelephonySettings",
    "UpdateUserRequestItem",
    "User",
    "UserError",
    "UserSettings",
    "VoiceConnectorSettings",
]

# Two converter rules that belong in _converter.configure_converter, added here to the
# library's converter before any model is defined or converted until they are there:
# EventsConfiguration's member is not the PascalCase of its snake_case field, and
# integers (RetentionDays) are taken only from integers, as strings are from strings
# (cattrs would turn "5" into 5 and True into 1).
converter_rules._IRREGULAR_MEMBER_NAMES.setdefault(  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
    "outbound_events_https_endpoint", "OutboundEventsHTTPSEndpoint"
)


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value


converter.register_structure_hook(int, _structure_int)

#: Marks a model field as sensitive: ``repr`` and ``str`` show ``'<redacted>'``,
#: ``to_dict(mask=...)`` masks it, and log records and error messages never show it.
#: The fields so marked are those the service model flags ``sensitive``, plus secrets
#: it does not flag (``PersonalPIN``).
SENSITIVE = MappingProxyType({"sensitive": True})

#: Marks free text from the service that may repeat a sensitive value (a message naming
#: an email address): ``repr``, ``str`` and ``to_dict(mask=...)`` show it redacted.
FREE_TEXT = MappingProxyType({"free_text": True})

#: The AWS member names of each model's sensitive fields, by model class name; derived
#: from the fields marked :data:`SENSITIVE` as each class is defined.
SENSITIVE_MEMBERS: dict[str, frozenset[str]] = {}


def _redacted(value: object) -> str:
    return "None" if value is None else "'<redacted>'"


def _redacted_text(value: object) -> str:
    return repr(redact_text(value) if isinstance(value, str) else value)


def _hide_sensitive(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """Give the fields of ``cls`` marked SENSITIVE or FREE_TEXT a redacting repr; note them."""
    sensitive = [field for field in fields if field.metadata.get("sensitive")]
    if sensitive:
        SENSITIVE_MEMBERS[cls.__name__] = frozenset(aws_member_name(f.name) for f in sensitive)
    return [
        field.evolve(repr=_redacted)
        if field in sensitive
        else field.evolve(repr=_redacted_text)
        if field.metadata.get("free_text")
        else field
        for field in fields
    ]


class _ToDict:
    """Conversion to the AWS-shaped dicts that boto3 speaks, and to JSON."""

    __slots__ = ()

    def to_dict(
        self, *, mode: Literal["python", "json"] = "python", mask: str | None = None
    ) -> dict[str, Any]:
        """Return the AWS-shaped dict: AWS member names, enum values, lists.

        Members that hold their default (``None``, empty) are left out.

        Args:
            mode: ``"python"`` keeps datetimes; ``"json"`` gives only JSON types, with
                timestamps as ISO-8601 strings in UTC ending in ``Z``.
            mask: Replace the value of every sensitive member (of nested models too)
                with this text, e.g. ``"***"``; None keeps the values.

        Returns:
            The dict.
        """
        result: dict[str, Any] = converter.unstructure(self)
        if mask is not None:
            _mask(self, result, mask)
        if mode == "json":
            return cast("dict[str, Any]", json_safe(result))
        return result

    def to_json(self, *, mask: str | None = None) -> str:
        """Return ``to_dict(mode="json", mask=mask)`` as compact JSON text.

        Args:
            mask: As for ``to_dict``.

        Returns:
            The JSON text.
        """
        return json.dumps(self.to_dict(mode="json", mask=mask), separators=(",", ":"))


class _Model(_ToDict):
    """A model of a service shape: also built from AWS-shaped dicts and JSON."""

    __slots__ = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build the model from an AWS-shaped dict, as boto3 returns it or ``to_dict`` gives.

        Args:
            data: The dict, with AWS member names; unknown members are ignored, timestamps
                may be datetimes or ISO-8601 strings.

        Returns:
            The model.

        Raises:
            ResponseParseError: ``data`` does not match the model; names the member.
        """
        # The hook at once for a dict whose model's hook is ready: this is per item.
        hook = structure_hooks.get(cls)
        if hook is not None and data.__class__ is dict:
            try:
                model: Self = hook(data, cls)
            except STRUCTURE_ERRORS:
                pass  # structure() below raises the error that names the member
            else:
                return model
        return structure(f"{cls.__name__}.from_dict", data, cls, cls.__name__)

    @classmethod
    def from_json(cls, text: str | bytes) -> Self:
        """Build the model from the JSON text of an AWS-shaped object, as ``to_json`` gives.

        Args:
            text: The JSON text.

        Returns:
            The model.

        Raises:
            ResponseParseError: ``text`` is not JSON or does not match the model.
        """
        try:
            data: object = json.loads(text)
        except ValueError as error:
            raise ResponseParseError(f"{cls.__name__}.from_json", "", str(error)) from None
        model: Self = structure(f"{cls.__name__}.from_json", data, cls, cls.__name__)
        return model


def _mask(model: _ToDict, data: dict[str, Any], mask: str) -> None:
    """Mask the sensitive members of ``data``, the dict of ``model``, and of nested models."""
    hidden = SENSITIVE_MEMBERS.get(type(model).__name__, frozenset())
    for field in attrs.fields(cast("type[attrs.AttrsInstance]", type(model))):
        member = aws_member_name(field.name)
        if member not in data:
            continue
        value: object = getattr(model, field.name)
        if member in hidden:
            data[member] = mask
        elif field.metadata.get("free_text") and isinstance(value, str):
            data[member] = redact_text(value)
        elif isinstance(value, _ToDict):
            _mask(value, data[member], mask)
        elif isinstance(value, tuple):
            items = cast("tuple[object, ...]", value)
            for item, item_data in zip(items, cast("list[Any]", data[member]), strict=True):
                if isinstance(item, _ToDict):
                    _mask(item, item_data, mask)


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
    alexa_for_business_room_arn: str | None = attrs.field(default=None, metadata=SENSITIVE)


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
    primary_email: str | None = attrs.field(default=None, metadata=SENSITIVE)
    primary_provisioned_number: str | None = attrs.field(default=None, metadata=SENSITIVE)
    display_name: str | None = attrs.field(default=None, metadata=SENSITIVE)
    license_type: License | None = None
    user_type: UserType | None = None
    user_registration_status: RegistrationStatus | None = None
    user_invitation_status: InviteStatus | None = None
    registered_on: dt.datetime | None = None
    invited_on: dt.datetime | None = None
    alexa_for_business_metadata: AlexaForBusinessMetadata | None = None
    personal_pin: str | None = attrs.field(default=None, metadata=SENSITIVE)


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
    email_address: str | None = attrs.field(default=None, metadata=SENSITIVE)
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
    error_message: str | None = attrs.field(default=None, metadata=FREE_TEXT)


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


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class BatchResult(_ToDict):
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


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class InviteFailure(_ToDict):
    """One request of ``invite_users`` that failed as a whole.

    Unless ``error.may_have_succeeded`` is true, none of its addresses was invited; when
    it is, some may have been: list the account's users before inviting them again.

    Attributes:
        emails: The addresses of that request, in order; hidden from ``repr``.
        error: Why the request failed.
    """

    emails: tuple[str, ...] = attrs.field(metadata=SENSITIVE)
    error: ChimeAccountsError


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class InviteResult(_ToDict):
    """The outcome of ``invite_users``, which sends up to 50 addresses per request.

    A request that fails does not stop the others, and the invitations already sent are
    never lost: they are in ``invites``, and the addresses of each failed request with its
    error in ``failures``.

    Attributes:
        invites: The invitations sent, one per address of every request that succeeded,
            in order.
        failures: The requests that failed, in order.
    """

    invites: tuple[Invite, ...]
    failures: tuple[InviteFailure, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether every request succeeded."""
        return not self.failures

    @property
    def failed_emails(self) -> tuple[str, ...]:
        """The addresses of the requests that failed."""
        return tuple(email for failure in self.failures for email in failure.emails)


# -- chat rooms and their members --------------------------------------------------------


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class Room(_Model):
    """A chat room of an Enterprise account; ``name`` is hidden from ``repr``.

    The service model makes every member optional, so every field may be None.

    Attributes:
        room_id: The room ID.
        name: The room name.
        account_id: The Chime account ID.
        created_by: Who created the room, as an ARN.
        created_timestamp: When the room was created, in UTC.
        updated_timestamp: When the room was last changed, in UTC.
    """

    room_id: str | None = None
    name: str | None = attrs.field(default=None, metadata=SENSITIVE)
    account_id: str | None = None
    created_by: str | None = None
    created_timestamp: dt.datetime | None = None
    updated_timestamp: dt.datetime | None = None


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class Member(_Model):
    """A chat room member: a user or a bot; ``email`` and ``full_name`` are hidden.

    Attributes:
        member_id: The member's user ID or bot ID.
        member_type: User, Bot or Webhook.
        email: The member's email address.
        full_name: The member's full name.
        account_id: The Chime account ID.
    """

    member_id: str | None = None
    member_type: MemberType | None = None
    email: str | None = attrs.field(default=None, metadata=SENSITIVE)
    full_name: str | None = attrs.field(default=None, metadata=SENSITIVE)
    account_id: str | None = None


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class RoomMembership(_Model):
    """A member of a chat room, with its role.

    Attributes:
        room_id: The room ID.
        member: The member.
        role: Administrator or Member.
        invited_by: Who added the member, as an ARN.
        updated_timestamp: When the membership was made or its role changed, in UTC.
    """

    room_id: str | None = None
    member: Member | None = None
    role: RoomMembershipRole | None = None
    invited_by: str | None = None
    updated_timestamp: dt.datetime | None = None


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class MembershipItem(_Model):
    """One member to add in ``batch_create_room_membership``.

    Attributes:
        member_id: The user ID or bot ID; required by this library, although the service
            model leaves it optional.
        role: Administrator or Member; None for the service's default, Member.
    """

    member_id: str | None = None
    role: RoomMembershipRole | None = None


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class MemberError(_Model):
    """Why ``batch_create_room_membership`` failed for one member.

    Attributes:
        member_id: The member the error is about.
        error_code: The error code, e.g. ``ErrorCode.CONFLICT`` for a member already in
            the room.
        error_message: The service's message.
    """

    member_id: str | None = None
    error_code: ErrorCode | None = None
    error_message: str | None = attrs.field(default=None, metadata=FREE_TEXT)


@attrs.frozen(kw_only=True)
class MembershipBatchResult:
    """The outcome of ``batch_create_room_membership``, which may succeed for some only.

    It has the form of [`BatchResult`][chime_accounts.BatchResult], with the service's
    per-member errors. A request that failed as a whole is one error per member of it.
    Adding members is not safe to repeat, so such a request is not retried after a failure
    that may come after it was carried out; its members are then also in
    ``uncertain_member_ids``: they may be in the room.

    Attributes:
        member_ids: Every member ID that was asked for, in order.
        errors: One entry per member the operation failed for.
        uncertain_member_ids: The members of requests that failed although they may have
            been carried out; list the room's memberships before adding them again.
    """

    member_ids: tuple[str, ...]
    errors: tuple[MemberError, ...]
    uncertain_member_ids: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the operation succeeded for every member."""
        return not self.errors

    @property
    def failed_member_ids(self) -> tuple[str, ...]:
        """The IDs of the members the operation failed for."""
        return tuple(e.member_id for e in self.errors if e.member_id is not None)

    @property
    def succeeded_member_ids(self) -> tuple[str, ...]:
        """The IDs of the members the operation succeeded for."""
        failed = set(self.failed_member_ids)
        return tuple(member_id for member_id in self.member_ids if member_id not in failed)


# -- bots --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class Bot(_Model):
    """A chat bot of an Enterprise account.

    ``display_name``, ``bot_email`` and ``security_token`` are sensitive: ``repr`` and
    ``str`` show ``'<redacted>'``, and log records and error messages never show them;
    attribute access and ``to_dict()`` give the real values.

    Attributes:
        bot_id: The bot ID.
        user_id: The bot's user ID (the same as its bot ID).
        display_name: The display name; the service appends `` (Bot)``.
        bot_type: ChatBot.
        disabled: Whether the bot is stopped.
        created_timestamp: When the bot was created, in UTC.
        updated_timestamp: When the bot was last changed, in UTC.
        bot_email: The bot's email address.
        security_token: The token the bot authenticates with: a secret.
    """

    bot_id: str | None = None
    user_id: str | None = None
    display_name: str | None = attrs.field(default=None, metadata=SENSITIVE)
    bot_type: BotType | None = None
    disabled: bool | None = None
    created_timestamp: dt.datetime | None = None
    updated_timestamp: dt.datetime | None = None
    bot_email: str | None = attrs.field(default=None, metadata=SENSITIVE)
    security_token: str | None = attrs.field(default=None, metadata=SENSITIVE)


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class EventsConfiguration(_Model):
    """Where a bot's outgoing events go: an HTTPS endpoint or a Lambda function.

    Both targets are sensitive, hidden from ``repr``.

    Attributes:
        bot_id: The bot ID.
        outbound_events_https_endpoint: The HTTPS endpoint.
        lambda_function_arn: The Lambda function ARN.
    """

    bot_id: str | None = None
    outbound_events_https_endpoint: str | None = attrs.field(default=None, metadata=SENSITIVE)
    lambda_function_arn: str | None = attrs.field(default=None, metadata=SENSITIVE)


# -- retention and global settings -------------------------------------------------------


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class RoomRetentionSettings(_Model):
    """How long chat room messages are kept.

    Attributes:
        retention_days: Days, 1-5475; None turns room retention off.
    """

    retention_days: int | None = None


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class ConversationRetentionSettings(_Model):
    """How long chat conversation messages are kept.

    Attributes:
        retention_days: Days, 1-5475; None turns conversation retention off.
    """

    retention_days: int | None = None


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class RetentionSettings(_Model):
    """An Enterprise account's chat retention settings; None turns a kind's retention off.

    Attributes:
        room_retention_settings: For chat room messages.
        conversation_retention_settings: For chat conversation messages.
    """

    room_retention_settings: RoomRetentionSettings | None = None
    conversation_retention_settings: ConversationRetentionSettings | None = None


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class Retention(_Model):
    """What ``get_retention_settings`` answers (the AWS GetRetentionSettingsResponse).

    Attributes:
        retention_settings: The settings.
        initiate_deletion_timestamp: When the service starts deleting messages, in UTC;
            None while retention is off.
    """

    retention_settings: RetentionSettings | None = None
    initiate_deletion_timestamp: dt.datetime | None = None


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class BusinessCallingSettings(_Model):
    """Global settings of Amazon Chime Business Calling.

    Attributes:
        cdr_bucket: The S3 bucket that receives call detail records.
    """

    cdr_bucket: str | None = None


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class VoiceConnectorSettings(_Model):
    """Global settings of Amazon Chime Voice Connectors.

    Attributes:
        cdr_bucket: The S3 bucket that receives call detail records.
    """

    cdr_bucket: str | None = None


@attrs.frozen(kw_only=True, field_transformer=_hide_sensitive)
class GlobalSettings(_Model):
    """The AWS account's global Chime settings (the AWS GetGlobalSettingsResponse).

    Attributes:
        business_calling: Business Calling settings.
        voice_connector: Voice Connector settings.
    """

    business_calling: BusinessCallingSettings | None = None
    voice_connector: VoiceConnectorSettings | None = None
