"""The models, enums and errors match botocore's service model for chime."""

from __future__ import annotations

import re
import typing
from typing import Any, ClassVar

import attrs
import botocore.session
import pytest
from botocore.model import ServiceModel, StringShape, StructureShape

import chime_accounts
from chime_accounts import (
    Account,
    AccountSettings,
    AccountStatus,
    AccountType,
    AlexaForBusinessMetadata,
    BatchResult,
    EmailStatus,
    ErrorCode,
    Invite,
    InviteStatus,
    License,
    OpenEnum,
    RegistrationStatus,
    SigninDelegateGroup,
    TelephonySettings,
    UpdateUserRequestItem,
    User,
    UserError,
    UserSettings,
    UserType,
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
    Invite,
    SigninDelegateGroup,
    TelephonySettings,
    UpdateUserRequestItem,
    User,
    UserError,
    UserSettings,
]
MODELS = [(model, model.__name__) for model in MODEL_CLASSES]
ENUMS: list[type[OpenEnum]] = [
    AccountStatus,
    AccountType,
    EmailStatus,
    ErrorCode,
    InviteStatus,
    License,
    RegistrationStatus,
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
        sensitive = SENSITIVE_MEMBERS.get(shape_name, frozenset())
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
