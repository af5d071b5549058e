"""Which operation a request is: routes built from botocore's model.

Each served operation's ``requestUri`` (with its labels and any fixed query
parameters), method and success status come from the service model, so the
routes cannot drift from what boto3 sends.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast
from urllib.parse import parse_qs

from chime_accounts.testing._responses import OPERATIONS
from chime_accounts.testing._service import service_model

if TYPE_CHECKING:
    from collections.abc import Mapping

    from botocore.model import OperationModel

__all__ = ["Route", "find_route"]


@dataclass(frozen=True)
class Route:
    """How one operation is addressed.

    Attributes:
        operation: The operation's model.
        method: The HTTP method.
        pattern: Matches the request path, one group per URI label.
        labels: Regex group name -> input member name.
        static_query: Query parameters fixed by the requestUri, e.g.
            ``operation=create``.
        status: The HTTP status of a successful answer.
    """

    operation: OperationModel
    method: str
    pattern: re.Pattern[str]
    labels: Mapping[str, str]
    static_query: Mapping[str, str]
    status: int


def find_route(
    method: str, path: str, query: Mapping[str, list[str]]
) -> tuple[Route, re.Match[str]] | None:
    """Pick the operation for a request.

    Several operations share a method and path and differ only by a fixed
    query parameter (``POST /accounts/{accountId}/users?operation=create`` is
    CreateUser, without it BatchUpdateUser). So a route matches only if each
    such parameter is present with the route's value, or absent when the
    route fixes none; an unknown ``operation`` value matches no route.

    Args:
        method: The HTTP method.
        path: The request path, still percent-encoded, without the query.
        query: The query parameters.

    Returns:
        The route and the path's match, or ``None`` when no operation matches.
    """
    for route in _routes():
        if route.method != method:
            continue
        if any(
            query.get(key) != ([route.static_query[key]] if key in route.static_query else None)
            for key in _discriminators()
        ):
            continue
        match = route.pattern.match(path)
        if match:
            return route, match
    return None


def _compile_uri(
    path: str, uri_members: Mapping[str, str]
) -> tuple[re.Pattern[str], dict[str, str]]:
    """Turn a requestUri template into a regex and its group -> member map."""
    labels: dict[str, str] = {}
    pieces: list[str] = []
    pos = 0
    for label in re.finditer(r"\{([^}+]+)(\+?)\}", path):
        pieces.append(re.escape(path[pos : label.start()]))
        group = f"g{len(labels)}"
        labels[group] = uri_members[label.group(1)]
        # A greedy label ({Key+}) may span slashes.
        pieces.append(f"(?P<{group}>.+)" if label.group(2) else f"(?P<{group}>[^/]+)")
        pos = label.end()
    pieces.append(re.escape(path[pos:]))
    return re.compile("^" + "".join(pieces) + "$"), labels


@functools.cache
def _routes() -> tuple[Route, ...]:
    model = service_model()
    routes: list[Route] = []
    for name in OPERATIONS:
        op = model.operation_model(name)
        uri_members = {
            cast("str", m.serialization.get("name", member)): member
            for member, m in (op.input_shape.members.items() if op.input_shape else ())
            if m.serialization.get("location") == "uri"
        }
        path, _, static_query = cast("str", op.http["requestUri"]).partition("?")
        pattern, labels = _compile_uri(path, uri_members)
        routes.append(
            Route(
                operation=op,
                method=cast("str", op.http["method"]),
                pattern=pattern,
                labels=labels,
                static_query={k: v[-1] for k, v in parse_qs(static_query).items()},
                status=cast("int", op.http.get("responseCode", 200)),
            )
        )
    return tuple(routes)


@functools.cache
def _discriminators() -> frozenset[str]:
    """Query parameters that some requestUri fixes, such as ``operation``."""
    return frozenset(key for route in _routes() for key in route.static_query)
