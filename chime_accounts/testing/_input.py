"""What a request asks: its input members, parsed and checked against the model.

Members come from the URI labels, the query string, headers and the JSON
body, as each member's ``location`` in botocore's model says; the model's
required members, types, enums, lengths, ranges and patterns are enforced,
and a violation is the service's ``BadRequestException``.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import unquote

from chime_accounts.testing._service import ServiceError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from botocore.model import Shape

    from chime_accounts.testing._routing import Route

__all__ = ["bad_request", "parse_input"]


def bad_request(message: str) -> ServiceError:
    """Return the service's error for invalid input.

    Args:
        message: What is wrong.

    Returns:
        A ``BadRequestException``.
    """
    return ServiceError("BadRequestException", message)


def _validate(shape: Shape, value: object, label: str) -> None:
    meta = shape.metadata
    kind = shape.type_name
    if kind == "string":
        if not isinstance(value, str):
            raise bad_request(f"{label} must be a string.")
        enum = cast("list[str] | None", meta.get("enum"))
        if enum and value not in enum:
            raise bad_request(f"{label} must be one of {', '.join(enum)}.")
        size = len(value)
    elif kind in {"integer", "long"}:
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad_request(f"{label} must be an integer.")
        size = value
    elif kind == "boolean":
        if not isinstance(value, bool):
            raise bad_request(f"{label} must be a boolean.")
        return
    elif kind == "list":
        if not isinstance(value, list):
            raise bad_request(f"{label} must be a list.")
        member = cast("Any", shape).member
        for i, item in enumerate(cast("list[object]", value)):
            _validate(member, item, f"{label}[{i}]")
        size = len(cast("list[object]", value))
    elif kind == "structure":
        if not isinstance(value, dict):
            raise bad_request(f"{label} must be an object.")
        _validate_members(cast("Any", shape), cast("dict[str, object]", value), f"{label}.")
        return
    else:
        return
    if "min" in meta and size < meta["min"]:
        raise bad_request(f"{label} must be at least {meta['min']}.")
    if "max" in meta and size > meta["max"]:
        raise bad_request(f"{label} must be at most {meta['max']}.")
    # Smithy patterns are not implicitly anchored, hence search.
    if "pattern" in meta and isinstance(value, str) and not re.search(meta["pattern"], value):
        raise bad_request(f"{label} does not match the pattern {meta['pattern']}.")


def _validate_members(shape: Any, values: Mapping[str, object], prefix: str = "") -> None:  # noqa: ANN401
    members = cast("dict[str, Shape]", shape.members)
    for required in cast("list[str]", shape.required_members):
        if values.get(required) is None:
            raise bad_request(f"{prefix}{required} is required.")
    for name, value in values.items():
        if name in members and value is not None:
            _validate(members[name], value, f"{prefix}{name}")


def _coerce_text(shape: Shape, raw: str, label: str) -> object:
    if shape.type_name in {"integer", "long"}:
        try:
            return int(raw)
        except ValueError:
            raise bad_request(f"{label} must be an integer.") from None
    if shape.type_name == "boolean":
        if raw not in {"true", "false"}:
            raise bad_request(f"{label} must be true or false.")
        return raw == "true"
    return raw


def parse_input(
    route: Route,
    match: re.Match[str],
    query: Mapping[str, list[str]],
    headers: Mapping[str, str],
    body: bytes,
) -> dict[str, object]:
    """Collect an operation's input members from a request and check them.

    Args:
        route: The request's route.
        match: The route pattern's match of the path (the URI labels).
        query: The query parameters.
        headers: The headers, names lowercased.
        body: The raw body.

    Returns:
        Member name -> value, for the members the request carries.

    Raises:
        ServiceError: ``BadRequestException`` for a body that is not a JSON
            object or input outside the model's constraints.
    """
    shape = route.operation.input_shape
    if shape is None:
        return {}
    payload: dict[str, object] = {}
    if body.strip():
        try:
            decoded: object = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise bad_request("The request body is not valid JSON.") from None
        if not isinstance(decoded, dict):
            raise bad_request("The request body must be a JSON object.")
        payload = cast("dict[str, object]", decoded)
    params: dict[str, object] = {}
    groups = {route.labels[g]: unquote(v) for g, v in match.groupdict().items()}
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire = cast("str", member.serialization.get("name", name))
        if location == "uri":
            params[name] = groups[name]
        elif location == "querystring":
            values = query.get(wire)
            if values:
                if member.type_name == "list":
                    item = cast("Any", member).member
                    params[name] = [_coerce_text(item, v, name) for v in values]
                else:
                    params[name] = _coerce_text(member, values[0], name)
        elif location == "header":
            if wire.lower() in headers:
                params[name] = _coerce_text(member, headers[wire.lower()], name)
        elif name in payload:
            params[name] = payload[name]
    _validate_members(shape, params)
    return params
