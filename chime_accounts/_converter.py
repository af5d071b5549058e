"""The cattrs converter between boto3's AWS-shaped dicts and this library's models.

One module-level converter, built once: its structure and unstructure functions are
generated for each model class on first use and then reused for every call.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._enums import OpenEnum

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "ItemError",
    "aws_member_name",
    "configure_converter",
    "converter",
    "describe_structure_error",
    "make_converter",
]

# Members whose AWS spelling is not the PascalCase of the snake_case field name.
_IRREGULAR_MEMBER_NAMES: dict[str, str] = {
    "personal_pin": "PersonalPIN",
}


def aws_member_name(field_name: str) -> str:
    """Return the AWS member name for a model field, e.g. ``account_id`` -> ``AccountId``."""
    irregular = _IRREGULAR_MEMBER_NAMES.get(field_name)
    if irregular is not None:
        return irregular
    return "".join(part[:1].upper() + part[1:] for part in field_name.split("_"))


class ItemError(Exception):
    """Marks which item of a list failed to structure; the cause says why."""

    def __init__(self, index: int) -> None:
        super().__init__(f"item {index}")
        self.index = index


def describe_structure_error(exc: BaseException) -> tuple[str, str]:
    """Return the AWS member path of the first failure in ``exc``, and why it failed.

    The path reads like ``SigninDelegateGroups[0].GroupName``.
    """
    path = ""
    current = exc
    while True:
        if isinstance(current, cattrs.ClassValidationError):
            failures = cast("tuple[BaseException, ...]", current.exceptions)
            if not failures:
                break
            current = failures[0]
            notes = cast("list[object]", getattr(current, "__notes__", []))
            for note in notes:
                if isinstance(note, cattrs.AttributeValidationNote):
                    path += "." + aws_member_name(note.name)
                    break
        elif isinstance(current, ItemError) and current.__cause__ is not None:
            path += f"[{current.index}]"
            current = current.__cause__
        else:
            break
    reason = "required member is missing" if isinstance(current, KeyError) else str(current)
    return path.lstrip("."), reason


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _structure_datetime(value: object, _: type) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise TypeError(f"expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("expected a timezone-aware datetime")
    # botocore's tzinfo depends on the host (tzlocal() on a UTC host, tzutc() elsewhere).
    return value.astimezone(dt.timezone.utc)


def _structure_enum(value: object, enum_cls: type[OpenEnum]) -> OpenEnum:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return enum_cls(value)


def _unstructure_enum(member: OpenEnum) -> str:
    return str.__str__(member)


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _make_tuple_structure_fn(
    type_: Any, conv: cattrs.Converter
) -> Callable[[object, type], tuple[Any, ...]]:
    item_type = get_args(type_)[0]
    structure_item = conv.get_structure_hook(item_type)

    def structure_tuple(value: object, _: type) -> tuple[Any, ...]:
        # A lone string is iterable too; cattrs would split it into characters.
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        items: list[Any] = []
        for index, item in enumerate(value):  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
            try:
                items.append(structure_item(item, item_type))
            except Exception as exc:
                raise ItemError(index) from exc
        return tuple(items)

    return structure_tuple


def _make_model_structure_fn(cls: type, conv: cattrs.Converter) -> Callable[[Any, type], Any]:
    renames = {a.name: override(rename=aws_member_name(a.name)) for a in attrs.fields(cls)}
    return make_dict_structure_fn(cls, conv, **renames)  # type: ignore[arg-type]


def _make_model_unstructure_fn(cls: type, conv: cattrs.Converter) -> Callable[[Any], Any]:
    renames = {a.name: override(rename=aws_member_name(a.name)) for a in attrs.fields(cls)}
    return make_dict_unstructure_fn(
        cls,
        conv,
        _cattrs_omit_if_default=True,
        **renames,  # type: ignore[arg-type]
    )


def configure_converter(conv: cattrs.Converter) -> None:
    """Teach ``conv`` the rules for this library's models.

    Rules:

    * Model fields are the snake_case of AWS member names (``AccountId`` <-> ``account_id``);
      irregular names (``PersonalPIN``) come from one explicit table.
    * Unknown members in a dict are ignored, so a newer service does not break a read.
    * Missing required members fail; missing optional members become ``None`` or ``()``.
    * Strings are taken only from strings: no silent ``str(None) == "None"`` coercion.
    * Enum values the library does not know become unknown members (see ``OpenEnum``).
    * Datetimes must be timezone-aware and become ``datetime.timezone.utc`` datetimes.
    * Lists become tuples, and only lists (or tuples) are accepted for them.
    * Unstructuring gives the AWS-shaped dict: AWS member names, enum values, datetimes,
      lists; members that hold their default (``None``, empty) are left out.
    """
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(dt.datetime, _structure_datetime)
    conv.register_unstructure_hook(dt.datetime, lambda value: value)
    # Class hooks dispatch on the MRO, so OpenEnum's win over str's for the enums.
    conv.register_structure_hook(OpenEnum, _structure_enum)
    conv.register_unstructure_hook(OpenEnum, _unstructure_enum)
    conv.register_unstructure_hook_factory(
        _is_homogeneous_tuple,
        lambda t, c: _list_unstructurer(c.get_unstructure_hook(get_args(t)[0])),
    )
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _make_tuple_structure_fn)
    conv.register_structure_hook_factory(attrs.has, _make_model_structure_fn)
    conv.register_unstructure_hook_factory(attrs.has, _make_model_unstructure_fn)


def _list_unstructurer(unstructure_item: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    def unstructure_list(value: Any) -> list[Any]:
        return [unstructure_item(item) for item in value]

    return unstructure_list


def make_converter() -> cattrs.Converter:
    """Return a new converter configured with :func:`configure_converter`."""
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=False)
    configure_converter(conv)
    return conv


converter = make_converter()
