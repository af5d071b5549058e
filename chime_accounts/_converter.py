"""The cattrs converter between boto3's AWS-shaped dicts and this library's models.

One module-level converter, built once: its structure and unstructure functions are
generated for each model class on first use and then reused for every call.

Structuring sits on the path of every listed item, so it costs no more per item than a
hand-written constructor would: each model's structure function inlines the common cases
and leaves cattrs' detailed validation to the failures, enum members come from a dict
lookup, optional and list hooks are resolved once rather than dispatched per value, and
UTC datetimes pass unchanged.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
import types
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from dateutil.tz import tzlocal, tzoffset, tzutc

from ._enums import OpenEnum
from ._timestamps import parse_iso_timestamp
from .exceptions import ChimeAccountsError, ResponseParseError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "STRUCTURE_ERRORS",
    "ItemError",
    "aws_member_name",
    "configure_converter",
    "converter",
    "describe_structure_error",
    "json_safe",
    "make_converter",
    "structure",
    "structure_hooks",
]

T = TypeVar("T")

# Members whose AWS spelling is not the PascalCase of the snake_case field name.
_IRREGULAR_MEMBER_NAMES: dict[str, str] = {
    "personal_pin": "PersonalPIN",
    "sms": "SMS",
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


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected a boolean, got {type(value).__name__}")
    return value


# The tzinfo classes botocore uses, whose utcoffset() never answers None for a datetime.
_ALWAYS_AWARE = (dt.timezone, tzlocal, tzutc, tzoffset)
_UTC = dt.timezone.utc
_combine = dt.datetime.combine


def _utc_without_asking(value: dt.datetime, tz: object) -> dt.datetime | None:
    """Return ``value`` in UTC when its tzinfo's offset is known without asking it, or None.

    That is botocore's ``tzutc()`` (offset 0), and ``tzlocal()`` on a host whose zone is
    UTC without daylight saving time (what the time module says; tzlocal() reads it
    too): what astimezone() gives, at a fraction of its cost. combine() is the quickest
    way to swap the tzinfo (replace() parses keywords).
    """
    cls = tz.__class__
    if cls is tzutc or (cls is tzlocal and not time.timezone and not time.daylight):
        return _combine(value.date(), value.time(), _UTC)
    return None


def _structure_datetime(value: object, _: type) -> dt.datetime:
    if isinstance(value, str):
        # What to_dict(mode="json") writes, and the CLI's JSON records.
        return parse_iso_timestamp(value)
    if not isinstance(value, dt.datetime):
        raise TypeError(f"expected a datetime, got {type(value).__name__}")
    tz = value.tzinfo
    if tz is _UTC:
        return value
    fast = _utc_without_asking(value, tz)
    if fast is not None:
        return fast
    # Asking tzlocal() is slow (it consults the C library), so it is asked only once.
    if type(tz) not in _ALWAYS_AWARE and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError("expected a timezone-aware datetime")
    # botocore's tzinfo depends on the host (tzlocal() on a UTC host, tzutc() elsewhere).
    return value.astimezone(dt.timezone.utc)


def _structure_enum(value: object, enum_cls: type[OpenEnum]) -> OpenEnum:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    # The lookup Enum's call makes, without the call's overhead: it is per item and field.
    member = enum_cls._value2member_map_.get(value)
    if member is not None:
        return cast("OpenEnum", member)
    return enum_cls(value)


def _unstructure_enum(member: OpenEnum) -> str:
    return str.__str__(member)


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


class _TupleHook:
    """Structures ``tuple[X, ...]`` from a list; model structure functions inline it.

    Attributes:
        item_hook: X's hook, resolved once.
        item_type: X.
        members: The value-to-member map when X is an enum, else None.
    """

    __slots__ = ("item_hook", "item_type", "item_types", "members")

    def __init__(self, item_type: Any, conv: cattrs.Converter) -> None:
        self.item_type = item_type
        self.item_hook: Callable[[Any, Any], Any] = conv.get_structure_hook(item_type)
        self.item_types = itertools.repeat(item_type)
        self.members: dict[Any, Any] | None = None
        if self.item_hook is _structure_enum:
            self.members = cast("type[OpenEnum]", item_type)._value2member_map_

    def __call__(self, value: object, _: type) -> tuple[Any, ...]:
        # A lone string is iterable too; cattrs would split it into characters.
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        if not value:
            return ()
        members = self.members
        if members is not None and _all_strings(value):  # pyright: ignore[reportUnknownArgumentType]
            # What _structure_enum does for each, when every value is a known one.
            known = tuple(map(members.get, value))  # pyright: ignore[reportUnknownArgumentType]
            if None not in known:
                return known
        structure_item = self.item_hook
        try:
            return tuple(map(structure_item, value, self.item_types))  # pyright: ignore[reportUnknownArgumentType]
        except Exception:  # noqa: BLE001, S110 - the loop below raises it again, with the index
            pass
        items: list[Any] = []
        for index, item in enumerate(value):  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
            try:
                items.append(structure_item(item, self.item_type))
            except Exception as exc:
                raise ItemError(index) from exc
        return tuple(items)


def _make_tuple_structure_fn(type_: Any, conv: cattrs.Converter) -> _TupleHook:
    return _TupleHook(get_args(type_)[0], conv)


def _all_strings(values: list[Any] | tuple[Any, ...]) -> bool:
    try:
        "".join(values)  # the quickest check: it refuses anything but strings
    except TypeError:
        return False
    return True


def _is_optional(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) in (Union, types.UnionType) and len(args) == 2 and type(None) in args


class _OptionalHook:
    """Structures ``X | None``: None stays None, anything else goes to X's hook.

    cattrs' own optional hook looks X's hook up again for every value; this one is resolved
    once, and model structure functions inline it (see ``_make_fast_structure_fn``).
    """

    __slots__ = ("inner_hook", "inner_type")

    def __init__(self, inner_hook: Callable[[Any, Any], Any], inner_type: Any) -> None:
        self.inner_hook = inner_hook
        self.inner_type = inner_type

    def __call__(self, value: object, _: type) -> Any:
        return None if value is None else self.inner_hook(value, self.inner_type)


def _make_optional_structure_fn(type_: Any, conv: cattrs.Converter) -> _OptionalHook:
    inner_type = next(arg for arg in get_args(type_) if arg is not type(None))
    return _OptionalHook(conv.get_structure_hook(inner_type), inner_type)


def _make_model_structure_fn(cls: type, conv: cattrs.Converter) -> Callable[[Any, type], Any]:
    renames = {a.name: override(rename=aws_member_name(a.name)) for a in attrs.fields(cls)}
    detailed = cast(
        "Callable[[Any, type], Any]",
        make_dict_structure_fn(cls, conv, **renames),  # type: ignore[arg-type]
    )
    return _make_fast_structure_fn(cls, conv, detailed)


_ABSENT = object()  # a member missing from the dict


def _make_fast_structure_fn(
    cls: type, conv: cattrs.Converter, detailed: Callable[[Any, type], Any]
) -> Callable[[Any, type], Any]:
    """Generate the function that structures ``cls``, falling back to ``detailed`` on errors.

    cattrs' generated function (``detailed``) calls a hook for every field and collects
    the fields in a dict, costing more than the model's own constructor. The function made
    here computes the same model, inlining this module's hooks for the common cases (a
    string that is a ``str``, a known enum value, a UTC datetime, None); any other value
    goes to the field's hook as before. On any failure it calls ``detailed``, whose error
    names the member that failed and why.
    """
    fields = [field for field in attrs.fields(attrs.resolve_types(cls)) if field.init]
    if any(isinstance(field.default, attrs.Factory) for field in fields):  # type: ignore[arg-type]
        return detailed
    namespace: dict[str, Any] = {
        "__cls": cls,
        "__detailed": detailed,
        "__absent": _ABSENT,
        "__datetime": dt.datetime,
        "__utc": dt.timezone.utc,
        "__tzutc": tzutc,
        "__tzlocal": tzlocal,
        "__combine": dt.datetime.combine,
        "__time": time,
    }
    lines = ["def structure(o, t):", "  try:", "    get = o.get"]
    for index, field in enumerate(fields):
        member = aws_member_name(field.name)
        hook: object = conv.get_structure_hook(field.type)
        field_type: Any = field.type
        if field.default is attrs.NOTHING:
            lines.append(f"    v = o[{member!r}]")
            indent = "    "
        elif field.default is None and _is_optional_enum(hook):
            # None (absent too) finds no member and stays None; an unknown value or one
            # of another type goes to the hook.
            enum_cls = cast("_OptionalHook", hook).inner_type
            namespace[f"m{index}"] = enum_cls._value2member_map_.get
            namespace[f"h{index}"], namespace[f"t{index}"] = _structure_enum, enum_cls
            lines += [
                f"    v = get({member!r})",
                f"    f{index} = m{index}(v)",
                f"    if f{index} is None and v is not None: f{index} = h{index}(v, t{index})",
            ]
            continue
        elif field.default is None and isinstance(hook, _OptionalHook):
            # Absent or None, it is None: one look-up and one test.
            lines += [f"    v = get({member!r})", f"    if v is None: f{index} = None", "    else:"]
            indent = "      "
            field_type = hook.inner_type
            hook = hook.inner_hook
        else:
            namespace[f"d{index}"] = field.default
            lines += [
                f"    v = get({member!r}, __absent)",
                f"    if v is __absent: f{index} = d{index}",
                "    else:",
            ]
            indent = "      "
            if isinstance(hook, _OptionalHook):
                lines += [f"{indent}if v is None: f{index} = None", f"{indent}else:"]
                indent += "  "
                field_type = hook.inner_type
                hook = hook.inner_hook
        namespace[f"h{index}"], namespace[f"t{index}"] = hook, field_type
        lines += [indent + line for line in _inline_hook(index, hook, field_type, namespace)]
    arguments = ", ".join(f"{field.alias}=f{index}" for index, field in enumerate(fields))
    lines += [
        f"    return __cls({arguments})",
        "  except Exception:",
        "    return __detailed(o, t)",
    ]
    code = compile("\n".join(lines), f"<chime_accounts structure {cls.__qualname__}>", "exec")
    exec(code, namespace)  # noqa: S102 - code generated above, from the model's own fields
    return cast("Callable[[Any, type], Any]", namespace["structure"])


def _is_optional_enum(hook: object) -> bool:
    if not isinstance(hook, _OptionalHook) or hook.inner_hook is not _structure_enum:
        return False
    inner: object = hook.inner_type
    return isinstance(inner, type) and issubclass(inner, OpenEnum)


def _inline_hook(index: int, hook: object, field_type: Any, namespace: dict[str, Any]) -> list[str]:
    """Return statements setting ``f<index>`` from ``v`` as ``hook`` would."""
    call = f"h{index}(v, t{index})"
    if (hook is _structure_str and field_type is str) or (
        hook is _structure_bool and field_type is bool
    ):
        namespace[f"c{index}"] = field_type
        return [f"f{index} = v if v.__class__ is c{index} else {call}"]
    if hook is _structure_datetime:
        lines = [
            "if v.__class__ is __datetime:",
            "  z = v.tzinfo",
            f"  if z is __utc: f{index} = v",
            f"  elif z.__class__ is __tzutc: f{index} = __combine(v.date(), v.time(), __utc)",
        ]
        # tzlocal() on a host in UTC, asking the time module rather than the tzinfo
        # object (each datetime has its own: reading it is a cache miss per item).
        lines.append(
            "  elif z.__class__ is __tzlocal and not __time.timezone and not __time.daylight: "
            f"f{index} = __combine(v.date(), v.time(), __utc)"
        )
        return [*lines, f"  else: f{index} = {call}", f"else: f{index} = {call}"]
    if isinstance(hook, _TupleHook):
        if hook.members is not None:
            # Known values of an enum, looked up at once; an unknown one goes to the hook.
            namespace[f"m{index}"] = hook.members.__getitem__
            return [
                "if v.__class__ is list:",
                f"  try: f{index} = tuple(map(m{index}, v))",
                f"  except KeyError: f{index} = {call}",
                f"else: f{index} = {call}",
            ]
        if attrs.has(hook.item_type):
            # A failing item fails this function: the detailed one then names its index.
            namespace[f"i{index}"], namespace[f"r{index}"] = hook.item_hook, hook.item_types
            return [
                "if v.__class__ is list:",
                f"  f{index} = tuple(map(i{index}, v, r{index})) if v else ()",
                f"else: f{index} = {call}",
            ]
    if (
        hook is _structure_enum
        and isinstance(field_type, type)
        and issubclass(field_type, OpenEnum)
    ):
        # A value that is not a string finds no member (or, unhashable, raises): the hook
        # or the detailed function then says why it is wrong.
        namespace[f"m{index}"] = field_type._value2member_map_.get
        return [f"f{index} = m{index}(v)", f"if f{index} is None: f{index} = {call}"]
    return [f"f{index} = {call}"]


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
    * Strings and booleans are taken only from strings and booleans: no silent
      ``str(None) == "None"`` or ``bool("false") is True`` coercion.
    * Enum values the library does not know become unknown members (see ``OpenEnum``).
    * Datetimes must be timezone-aware and become ``datetime.timezone.utc`` datetimes;
      ISO-8601 strings with a zone (as ``to_dict(mode="json")`` writes them) are read too.
    * Lists become tuples, and only lists (or tuples) are accepted for them.
    * Unstructuring gives the AWS-shaped dict: AWS member names, enum values, datetimes,
      lists; members that hold their default (``None``, empty) are left out.

    Args:
        conv: The converter to configure; its hooks for other types are kept.
    """
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(dt.datetime, _structure_datetime)
    # Results carry the errors of failed requests; they unstructure to records.
    conv.register_unstructure_hook(ChimeAccountsError, ChimeAccountsError.to_dict)
    conv.register_unstructure_hook(dt.datetime, lambda value: value)
    # Class hooks dispatch on the MRO, so OpenEnum's win over str's for the enums.
    conv.register_structure_hook(OpenEnum, _structure_enum)
    conv.register_unstructure_hook(OpenEnum, _unstructure_enum)
    conv.register_unstructure_hook_factory(
        _is_homogeneous_tuple,
        lambda t, c: _list_unstructurer(c.get_unstructure_hook(get_args(t)[0])),
    )
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _make_tuple_structure_fn)
    conv.register_structure_hook_factory(_is_optional, _make_optional_structure_fn)
    conv.register_structure_hook_factory(attrs.has, _make_model_structure_fn)
    conv.register_unstructure_hook_factory(attrs.has, _make_model_unstructure_fn)


def _list_unstructurer(unstructure_item: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    def unstructure_list(value: Any) -> list[Any]:
        return [unstructure_item(item) for item in value]

    return unstructure_list


def json_safe(value: object) -> object:
    """Return an unstructured value with its datetimes as ISO-8601 UTC strings ending in Z."""
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in cast("dict[str, object]", value).items()}
    if isinstance(value, list):
        return [json_safe(item) for item in cast("list[object]", value)]
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")
    return value


def structure(
    operation: str, data: object, cls: type[T], member: str, index: int | None = None
) -> T:
    """Structure ``data`` (the response member ``member``, item ``index`` of it) into ``cls``.

    Raises:
        ResponseParseError: ``data`` does not match the model; names the member.
    """
    if not isinstance(data, dict):
        shown = "missing" if data is None else f"not an object but {type(data).__name__}"
        where = member if index is None else f"{member}[{index}]"
        raise ResponseParseError(operation, where, f"required member is {shown}")
    hook = structure_hooks.get(cls)
    if hook is None:
        hook = structure_hooks[cls] = converter.get_structure_hook(cls)
    try:
        model: T = hook(data, cls)  # no cast(): this is per item
    except STRUCTURE_ERRORS as exc:
        path, reason = describe_structure_error(exc)
        where = member if index is None else f"{member}[{index}]"
        raise ResponseParseError(operation, f"{where}.{path}" if path else where, reason) from exc
    return model


def make_converter() -> cattrs.Converter:
    """Return a new cattrs converter that reads and writes this library's models.

    It is configured with [`configure_converter`][chime_accounts.configure_converter].

    Returns:
        A ``cattrs.Converter`` with detailed validation that ignores unknown members.
    """
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=False)
    configure_converter(conv)
    return conv


converter = make_converter()
# The module converter's hook for each model class, found once: structure() is per item.
structure_hooks: dict[type, Callable[[Any, type], Any]] = {}
# What a structure hook raises for data that does not fit its model.
STRUCTURE_ERRORS = (cattrs.BaseValidationError, KeyError, TypeError, ValueError, AttributeError)
