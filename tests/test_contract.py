"""The models, enums and errors match botocore's service model for chime."""

from __future__ import annotations

import re
import typing
from typing import Any, ClassVar

import attrs
import botocore.session
import pytest
from botocore import xform_name
from botocore.model import ServiceModel, StringShape, StructureShape

import chime_accounts
from chime_accounts import (
    Account,
    AccountSettings,
    AccountStatus,
    AccountType,
    AlexaForBusinessMetadata,
    AsyncChimeAccounts,
    BatchResult,
    Bot,
    BotType,
    BusinessCallingSettings,
    ChimeAccounts,
    ConversationRetentionSettings,
    EmailStatus,
    ErrorCode,
    EventsConfiguration,
    GlobalSettings,
    Invite,
    InviteStatus,
    License,
    Member,
    MemberError,
    MembershipBatchResult,
    MembershipItem,
    MemberType,
    OpenEnum,
    RegistrationStatus,
    Retention,
    RetentionSettings,
    Room,
    RoomMembership,
    RoomMembershipRole,
    RoomRetentionSettings,
    SigninDelegateGroup,
    TelephonySettings,
    UpdateUserRequestItem,
    User,
    UserError,
    UserSettings,
    UserType,
    VoiceConnectorSettings,
)
from chime_accounts._converter import aws_member_name
from chime_accounts._models import SENSITIVE_MEMBERS
from chime_accounts.exceptions import ERROR_CLASSES, ChimeAPIError


@pytest.fixture(scope="module")
def service_model() -> ServiceModel:
    return botocore.session.get_session().get_service_model("chime")


MODEL_CLASSES: list[type[Any]] = [
    Account,
    AccountSettings,
    AlexaForBusinessMetadata,
    Bot,
    BusinessCallingSettings,
    ConversationRetentionSettings,
    EventsConfiguration,
    Invite,
    Member,
    MemberError,
    MembershipItem,
    RetentionSettings,
    Room,
    RoomMembership,
    RoomRetentionSettings,
    SigninDelegateGroup,
    TelephonySettings,
    UpdateUserRequestItem,
    User,
    UserError,
    UserSettings,
    VoiceConnectorSettings,
]
# Models of a whole response, which has no shape of its own name.
RESPONSE_MODELS: list[tuple[type[Any], str]] = [
    (GlobalSettings, "GetGlobalSettingsResponse"),
    (Retention, "GetRetentionSettingsResponse"),
]
MODELS = [(model, model.__name__) for model in MODEL_CLASSES] + RESPONSE_MODELS
ENUMS: list[type[OpenEnum]] = [
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
]


class TestModels:
    """Every field maps to a member of the shape, and required members are required."""

    @pytest.mark.parametrize(("model", "shape_name"), MODELS)
    def test_fields_are_exactly_the_shape_members(
        self, service_model: ServiceModel, model: type, shape_name: str
    ) -> None:
        shape = service_model.shape_for(shape_name)
        assert isinstance(shape, StructureShape)

        members = {aws_member_name(f.name) for f in attrs.fields(model)}

        assert members == set(shape.members)

    @pytest.mark.parametrize(("model", "shape_name"), MODELS)
    def test_required_members_have_no_default(
        self, service_model: ServiceModel, model: type, shape_name: str
    ) -> None:
        shape = service_model.shape_for(shape_name)
        required = {
            aws_member_name(f.name) for f in attrs.fields(model) if f.default is attrs.NOTHING
        }

        assert required == set(shape.required_members)

    @pytest.mark.parametrize(("model", "shape_name"), MODELS)
    def test_field_types_follow_the_member_types(
        self, service_model: ServiceModel, model: type, shape_name: str
    ) -> None:
        shape = service_model.shape_for(shape_name)
        assert isinstance(shape, StructureShape)
        hints = typing.get_type_hints(model)
        enums = {enum_class.__name__: enum_class for enum_class in ENUMS}

        for field in attrs.fields(model):
            member = shape.members[aws_member_name(field.name)]
            hint = hints[field.name]
            options = typing.get_args(hint) or (hint,)
            if member.type_name == "list":
                assert typing.get_origin(hint) is tuple, field.name
            elif member.type_name == "boolean":
                assert bool in options, field.name
            elif member.type_name == "structure":
                assert any(getattr(o, "__name__", "") == member.name for o in options), field.name
            elif getattr(member, "enum", None):
                assert enums[member.name] in options, field.name


class TestSensitiveMembers:
    """One table of sensitive members per model: the model's flags plus our additions."""

    OUR_ADDITIONS: ClassVar[dict[str, set[str]]] = {"User": {"PersonalPIN"}}

    @pytest.mark.parametrize(("model", "shape_name"), MODELS)
    def test_table_is_the_model_flags_plus_additions(
        self, service_model: ServiceModel, model: type, shape_name: str
    ) -> None:
        shape = service_model.shape_for(shape_name)
        assert isinstance(shape, StructureShape)
        flagged = {
            name for name, member in shape.members.items() if member.metadata.get("sensitive")
        }

        table = SENSITIVE_MEMBERS.get(model.__name__, frozenset())

        assert table == flagged | self.OUR_ADDITIONS.get(model.__name__, set())

    @pytest.mark.parametrize(("model", "shape_name"), MODELS)
    def test_sensitive_fields_are_hidden_from_repr(self, model: type, shape_name: str) -> None:
        sensitive = SENSITIVE_MEMBERS.get(model.__name__, frozenset())
        for field in attrs.fields(model):
            hidden = aws_member_name(field.name) in sensitive
            redacted = hidden or field.metadata.get("free_text", False)
            assert (field.repr is not True) is redacted, field.name

    def test_free_text_shows_redacted(self) -> None:
        error = UserError(user_id="u-1", error_message="pat@example.com is taken")

        assert "pat@example.com" not in repr(error)
        assert "is taken" in repr(error)
        assert "pat@example.com" not in repr(BatchResult(user_ids=("u-1",), user_errors=(error,)))
        assert error.to_dict(mask="***")["ErrorMessage"] == "<redacted> is taken"
        assert error.error_message == "pat@example.com is taken"

    def test_member_errors_show_free_text_redacted(self) -> None:
        error = MemberError(member_id="m-1", error_message="pat@example.com is in the room")
        result = MembershipBatchResult(member_ids=("m-1",), errors=(error,))

        assert "pat@example.com" not in repr(error)
        assert "pat@example.com" not in repr(result)
        assert "is in the room" in repr(result)

    def test_a_bots_secrets_never_show(self) -> None:
        bot = Bot(
            bot_id="b-1",
            display_name="Secret Helper (Bot)",
            bot_email="secrethelper-chimebot@example.com",
            security_token="c2VjcmV0LXRva2VuLXZhbHVl",
        )

        for text in (repr(bot), str(bot), bot.to_json(mask="***")):
            assert "c2VjcmV0" not in text
            assert "Secret Helper" not in text
            assert "secrethelper" not in text
        assert bot.to_dict()["SecurityToken"] == "c2VjcmV0LXRva2VuLXZhbHVl"


class TestEnums:
    """Enum values equal the model's, with UPPER_SNAKE member names."""

    @pytest.mark.parametrize("enum_class", ENUMS)
    def test_values_equal_the_model(
        self, service_model: ServiceModel, enum_class: type[OpenEnum]
    ) -> None:
        shape = service_model.shape_for(enum_class.__name__)
        assert isinstance(shape, StringShape)

        assert [m.value for m in enum_class] == shape.enum

    @pytest.mark.parametrize("enum_class", ENUMS)
    def test_member_names_are_upper_snake_of_the_values(self, enum_class: type[OpenEnum]) -> None:
        for member in enum_class:
            assert member.name == re.sub(r"(?<=[a-z])(?=[A-Z])", "_", member.value).upper()


class TestErrors:
    """Every modeled error code maps to its own class with the modeled HTTP status."""

    def test_every_modeled_error_has_a_class(self, service_model: ServiceModel) -> None:
        for shape in service_model.error_shapes:
            assert shape.name in ERROR_CLASSES, shape.name

    def test_every_error_code_value_has_a_class(self, service_model: ServiceModel) -> None:
        unmapped = {
            "PreconditionFailed",
            "VoiceConnectorGroupAssociationsExist",
            "PhoneNumberAssociationsExist",
        }
        shape = service_model.shape_for("ErrorCode")
        assert isinstance(shape, StringShape)
        codes = set(shape.enum) - unmapped

        assert codes <= set(ERROR_CLASSES)

    def test_the_classes_are_exported(self) -> None:
        for cls in ERROR_CLASSES.values():
            assert getattr(chime_accounts, cls.__name__) is cls
            assert issubclass(cls, ChimeAPIError)


# Operations whose input has AccountId, plus CreateAccount and ListAccounts: the
# operations of one Chime account. Every one is wrapped, so none is listed here; one that
# is left out on purpose goes in this table, with the reason.
NOT_WRAPPED: dict[str, str] = {}
# Wrapped besides: the AWS account's own settings, which Chime account admins manage too.
ALSO_WRAPPED = {"GetGlobalSettings", "UpdateGlobalSettings"}


def _account_operations(service_model: ServiceModel) -> set[str]:
    scoped = {"CreateAccount", "ListAccounts"}
    for name in service_model.operation_names:
        shape = service_model.operation_model(name).input_shape
        if isinstance(shape, StructureShape) and "AccountId" in shape.members:
            scoped.add(name)
    return scoped


class TestOperations:
    """Every account operation of the service model is a method of both clients."""

    def test_there_are_45_account_operations(self, service_model: ServiceModel) -> None:
        assert len(_account_operations(service_model)) == 45

    def test_each_is_wrapped_or_listed_with_a_reason(self, service_model: ServiceModel) -> None:
        missing = {
            name
            for name in _account_operations(service_model) | ALSO_WRAPPED
            if name not in NOT_WRAPPED
            and not (
                callable(getattr(ChimeAccounts, xform_name(name), None))
                and callable(getattr(AsyncChimeAccounts, xform_name(name), None))
            )
        }

        assert not missing, f"wrap these or list them in NOT_WRAPPED with a reason: {missing}"
        assert all(reason.strip() for reason in NOT_WRAPPED.values())

    def test_the_list_names_real_operations_only(self, service_model: ServiceModel) -> None:
        assert set(NOT_WRAPPED) <= _account_operations(service_model)
        assert set(service_model.operation_names) >= ALSO_WRAPPED

    def test_each_method_wraps_an_operation(self, service_model: ServiceModel) -> None:
        """No method is named like an operation the model does not have (a typo)."""
        operations = {xform_name(name) for name in service_model.operation_names}
        helpers = {"close", "suspend_all_users"}
        methods = {
            name
            for name, member in vars(ChimeAccounts).items()
            if callable(member) and not name.startswith("_")
        }

        assert methods - helpers <= operations
