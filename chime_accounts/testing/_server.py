"""A local HTTP endpoint speaking the ``chime`` service's rest-json protocol.

Routes, status codes, member locations and input constraints all come from
botocore's service model, so the endpoint cannot drift from what boto3 sends.
"""

from __future__ import annotations

import contextlib
import functools
import json
import random
import re
import selectors
import socket
import sys
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import parse_qs, unquote, urlsplit

from chime_accounts.testing._service import ServiceError, service_model
from chime_accounts.testing._store import DEFAULT_AWS_ACCOUNT_ID, AccountStore

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from types import TracebackType

    from botocore.config import Config
    from botocore.model import OperationModel, Shape
    from mypy_boto3_chime.client import ChimeClient
    from mypy_boto3_chime.literals import (
        AccountStatusType,
        AccountTypeType,
        LicenseType,
        RegistrationStatusType,
        UserTypeType,
    )

    from chime_accounts import ChimeAccounts, RetryPolicy
    from chime_accounts.testing._store import AccountSettingsDict, StoredAccount
    from chime_accounts.testing._users import StoredUser, UserSettingsDict

__all__ = ["Fault", "LocalChime", "RecordedRequest"]

OPERATIONS = (
    "CreateAccount",
    "GetAccount",
    "ListAccounts",
    "UpdateAccount",
    "DeleteAccount",
    "GetAccountSettings",
    "UpdateAccountSettings",
    "AssociateSigninDelegateGroupsWithAccount",
    "DisassociateSigninDelegateGroupsFromAccount",
    "CreateUser",
    "GetUser",
    "UpdateUser",
    "ResetPersonalPIN",
    "LogoutUser",
    "ListUsers",
    "InviteUsers",
    "BatchSuspendUser",
    "BatchUnsuspendUser",
    "BatchUpdateUser",
    "GetUserSettings",
    "UpdateUserSettings",
)
"""The operations LocalChime serves."""

_UNKNOWN_ROUTE_ERROR = "UnknownOperationException"


@dataclass(frozen=True)
class Fault:
    """A scripted misbehaviour for upcoming calls.

    Faults queue in injection order. Each call of a matching operation goes to
    the first matching fault still queued: while that fault's ``after`` is
    positive the call is answered normally and ``after`` counts down,
    otherwise the call consumes one of its ``count`` units and is answered
    by the fault. Spent faults leave the queue.

    A fault with a positive ``delay`` that sets nothing else (``status`` left
    at 500, no ``code``, ``raw_body`` or ``drop_connection``) sleeps and then
    answers normally; to delay and then fail with a 500, also set ``code``.
    Likewise ``truncate_body`` and ``body_delay`` on their own mangle the
    normal answer (the operation is carried out), and otherwise the fault's
    own answer.

    With ``rate`` below 1 the fault is random: once ``after`` is spent, each
    matching call is answered by the fault with that probability (drawn from
    a generator seeded with ``seed``) and normally otherwise, until ``count``
    calls were answered by it. For a storm that lasts, give a large ``count``.

    Attributes:
        operation: Operation name (e.g. ``"GetAccount"``), or ``None`` for any.
        status: HTTP status of the error response.
        count: How many calls the fault answers.
        after: How many matching calls to let through before it fires.
        code: Modeled error type sent as ``x-amzn-ErrorType``; derived from
            ``status`` through the service model when ``None``.
        message: The error body's ``Message``.
        error_type_header: Send ``x-amzn-ErrorType``; when ``False`` only the
            body's ``Code`` (the Chime ``ErrorCode`` value) names the error.
        apply: Perform the operation (changing the store) before failing.
        raw_body: Send these bytes verbatim with ``status`` instead of a JSON error.
        content_type: ``Content-Type`` for ``raw_body`` (or the error body).
        drop_connection: Close the socket without answering.
        delay: Seconds to sleep before answering.
        truncate_body: Send the head (announcing the whole body's
            ``Content-Length``) and only this many bytes of the body, then
            close the connection: a connection dropped mid-response.
        body_delay: Seconds to wait after the head and the first
            ``truncate_body`` bytes (none when it is ``None``) before sending
            the rest, or closing when truncating: a body that stalls.
        rate: The probability, in (0, 1], that a matching call is answered by
            the fault.
        seed: Seeds the fault's random generator when ``rate`` is below 1, so
            the same calls in the same order meet the same faults.
    """

    operation: str | None
    status: int = 500
    count: int = 1
    after: int = 0
    code: str | None = None
    message: str = "Injected fault"
    error_type_header: bool = True
    apply: bool = False
    raw_body: bytes | None = None
    content_type: str | None = None
    drop_connection: bool = False
    delay: float = 0.0
    truncate_body: int | None = None
    body_delay: float = 0.0
    rate: float = 1.0
    seed: int | None = None

    def __post_init__(self) -> None:
        if self.operation is not None and self.operation not in OPERATIONS:
            raise ValueError(
                f"operation must be one of {OPERATIONS} or None, not {self.operation!r}"
            )
        if not 100 <= self.status <= 599:
            raise ValueError(f"status must be an HTTP status code, not {self.status}")
        if self.count < 1:
            raise ValueError("count must be >= 1")
        if self.after < 0:
            raise ValueError("after must be >= 0")
        if self.delay < 0:
            raise ValueError("delay must be >= 0")
        if self.truncate_body is not None and self.truncate_body < 0:
            raise ValueError("truncate_body must be >= 0")
        if self.body_delay < 0:
            raise ValueError("body_delay must be >= 0")
        if not 0 < self.rate <= 1:
            raise ValueError(f"rate must be in (0, 1], not {self.rate}")

    @property
    def only_delays(self) -> bool:
        """Whether the fault just delays an otherwise normal answer."""
        return self.delay > 0 and self.keeps_answer and not self.mangles_body

    @property
    def mangles_body(self) -> bool:
        """Whether the fault truncates or stalls the body of its answer."""
        return self.truncate_body is not None or self.body_delay > 0

    @property
    def keeps_answer(self) -> bool:
        """Whether the answer is the normal one (delayed, truncated or stalled)."""
        return (
            (self.delay > 0 or self.mangles_body)
            and self.status == 500
            and self.code is None
            and self.raw_body is None
            and not self.drop_connection
        )


@dataclass(frozen=True)
class RecordedRequest:
    """One request as LocalChime saw it, with the status it answered.

    Attributes:
        operation: The routed operation name, or ``None`` for an unknown route.
        method: HTTP method.
        path: Request path, without the query string, still percent-encoded.
        query: Query parameters (blank values kept).
        body: Raw request body.
        had_authorization: Whether an ``Authorization`` header was sent.
        status: The HTTP status answered; 0 when the connection was dropped.
        fault: The injected fault that answered (or delayed, truncated or
            stalled the answer), ``None`` for a normal answer.
    """

    operation: str | None
    method: str
    path: str
    query: dict[str, list[str]]
    body: bytes
    had_authorization: bool
    status: int
    fault: Fault | None = None


@dataclass
class _ArmedFault:
    fault: Fault
    after: int
    count: int
    rng: random.Random | None = None


@dataclass(frozen=True)
class _Route:
    operation: OperationModel
    method: str
    pattern: re.Pattern[str]
    labels: Mapping[str, str]
    """Regex group name -> input member name."""
    static_query: Mapping[str, str]
    """Query parameters fixed by the requestUri, e.g. ``operation=create``."""
    status: int


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
def _routes() -> tuple[_Route, ...]:
    model = service_model()
    routes: list[_Route] = []
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
            _Route(
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


def _find_route(
    method: str, path: str, query: Mapping[str, list[str]]
) -> tuple[_Route, re.Match[str]] | None:
    """Pick the operation for a request.

    Several operations share a method and path and differ only by a fixed
    query parameter (``POST /accounts/{accountId}/users?operation=create`` is
    CreateUser, without it BatchUpdateUser). So a route matches only if each
    such parameter is present with the route's value, or absent when the
    route fixes none; an unknown ``operation`` value matches no route.
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


@functools.cache
def _error_statuses() -> dict[str, int]:
    """Modeled error type -> HTTP status, over the served operations' errors."""
    model = service_model()
    statuses: dict[str, int] = {}
    for name in OPERATIONS:
        for shape in model.operation_model(name).error_shapes:
            statuses[shape.name] = cast("int", shape.metadata["error"]["httpStatusCode"])
    return statuses


def _error_type_for_status(status: int) -> str:
    for name, modeled in _error_statuses().items():
        if modeled == status:
            return name
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return f"Http{status}Exception"
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", phrase)) + "Exception"


@functools.cache
def _body_code(error_type: str) -> str:
    """The Chime ``ErrorCode`` value the real service puts in error bodies."""
    stem = error_type.removesuffix("Exception")
    codes = cast("list[str]", service_model().shape_for("ErrorCode").metadata["enum"])
    # ThrottledClientException -> Throttled, UnprocessableEntityException -> Unprocessable.
    prefixes = [c for c in codes if stem.startswith(c)]
    return max(prefixes, key=len) if prefixes else stem


def _iso_millis(moment: datetime) -> str:
    utc = moment.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return _iso_millis(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _bad_request(message: str) -> ServiceError:
    return ServiceError("BadRequestException", message)


def _validate(shape: Shape, value: object, label: str) -> None:
    meta = shape.metadata
    kind = shape.type_name
    if kind == "string":
        if not isinstance(value, str):
            raise _bad_request(f"{label} must be a string.")
        enum = cast("list[str] | None", meta.get("enum"))
        if enum and value not in enum:
            raise _bad_request(f"{label} must be one of {', '.join(enum)}.")
        size = len(value)
    elif kind in {"integer", "long"}:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _bad_request(f"{label} must be an integer.")
        size = value
    elif kind == "boolean":
        if not isinstance(value, bool):
            raise _bad_request(f"{label} must be a boolean.")
        return
    elif kind == "list":
        if not isinstance(value, list):
            raise _bad_request(f"{label} must be a list.")
        member = cast("Any", shape).member
        for i, item in enumerate(cast("list[object]", value)):
            _validate(member, item, f"{label}[{i}]")
        size = len(cast("list[object]", value))
    elif kind == "structure":
        if not isinstance(value, dict):
            raise _bad_request(f"{label} must be an object.")
        _validate_members(cast("Any", shape), cast("dict[str, object]", value), f"{label}.")
        return
    else:
        return
    if "min" in meta and size < meta["min"]:
        raise _bad_request(f"{label} must be at least {meta['min']}.")
    if "max" in meta and size > meta["max"]:
        raise _bad_request(f"{label} must be at most {meta['max']}.")
    # Smithy patterns are not implicitly anchored, hence search.
    if "pattern" in meta and isinstance(value, str) and not re.search(meta["pattern"], value):
        raise _bad_request(f"{label} does not match the pattern {meta['pattern']}.")


def _validate_members(shape: Any, values: Mapping[str, object], prefix: str = "") -> None:  # noqa: ANN401
    members = cast("dict[str, Shape]", shape.members)
    for required in cast("list[str]", shape.required_members):
        if values.get(required) is None:
            raise _bad_request(f"{prefix}{required} is required.")
    for name, value in values.items():
        if name in members and value is not None:
            _validate(members[name], value, f"{prefix}{name}")


def _coerce_text(shape: Shape, raw: str, label: str) -> object:
    if shape.type_name in {"integer", "long"}:
        try:
            return int(raw)
        except ValueError:
            raise _bad_request(f"{label} must be an integer.") from None
    if shape.type_name == "boolean":
        if raw not in {"true", "false"}:
            raise _bad_request(f"{label} must be true or false.")
        return raw == "true"
    return raw


def _parse_input(
    route: _Route,
    match: re.Match[str],
    query: Mapping[str, list[str]],
    headers: Mapping[str, str],
    body: bytes,
) -> dict[str, object]:
    shape = route.operation.input_shape
    if shape is None:
        return {}
    payload: dict[str, object] = {}
    if body.strip():
        try:
            decoded: object = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise _bad_request("The request body is not valid JSON.") from None
        if not isinstance(decoded, dict):
            raise _bad_request("The request body must be a JSON object.")
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


def _paged(key: str, items: Sequence[object], token: str | None) -> dict[str, object]:
    result: dict[str, object] = {key: items}
    if token is not None:
        result["NextToken"] = token
    return result


def _list_accounts(store: AccountStore, params: Mapping[str, Any]) -> object:
    accounts, token = store.list_accounts(
        name=params.get("Name"),
        user_email=params.get("UserEmail"),
        max_results=params.get("MaxResults", 100),
        next_token=params.get("NextToken"),
    )
    return _paged("Accounts", accounts, token)


def _delete_account(store: AccountStore, params: Mapping[str, Any]) -> None:
    store.delete_account(params["AccountId"])


def _update_account_settings(store: AccountStore, params: Mapping[str, Any]) -> None:
    settings = params["AccountSettings"]
    store.update_account_settings(
        params["AccountId"],
        disable_remote_control=settings.get("DisableRemoteControl"),
        enable_dial_out=settings.get("EnableDialOut"),
    )


def _associate_groups(store: AccountStore, params: Mapping[str, Any]) -> object:
    names: list[str] = []
    for i, group in enumerate(params["SigninDelegateGroups"]):
        # The model leaves GroupName optional, but a group is only its name.
        name = group.get("GroupName")
        if name is None:
            raise _bad_request(f"SigninDelegateGroups[{i}].GroupName is required.")
        names.append(name)
    store.associate_signin_delegate_groups(params["AccountId"], names)
    return {}


def _disassociate_groups(store: AccountStore, params: Mapping[str, Any]) -> object:
    store.disassociate_signin_delegate_groups(params["AccountId"], params["GroupNames"])
    return {}


def _create_user(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {
            "User": users.create(
                username=params.get("Username"),
                email=params.get("Email"),
                user_type=params.get("UserType"),
            )
        }


def _get_user(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {"User": users.get(params["UserId"])}


def _update_user(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {
            "User": users.update(
                params["UserId"],
                license_type=params.get("LicenseType"),
                user_type=params.get("UserType"),
                alexa_for_business=params.get("AlexaForBusinessMetadata"),
            )
        }


def _reset_pin(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {"User": users.reset_pin(params["UserId"])}


def _logout_user(store: AccountStore, params: Mapping[str, Any]) -> None:
    with store.users_of(params["AccountId"]) as users:
        users.logout(params["UserId"])


def _list_users(store: AccountStore, params: Mapping[str, Any]) -> object:
    users, token = store.list_users(
        params["AccountId"],
        user_email=params.get("UserEmail"),
        user_type=params.get("UserType"),
        max_results=params.get("MaxResults", 100),
        next_token=params.get("NextToken"),
    )
    return _paged("Users", users, token)


def _invite_users(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {"Invites": users.invite(params["UserEmailList"], user_type=params.get("UserType"))}


def _suspend_users(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {"UserErrors": users.suspend(params["UserIdList"])}


def _unsuspend_users(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {"UserErrors": users.unsuspend(params["UserIdList"])}


def _update_users(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {"UserErrors": users.batch_update(params["UpdateUserRequestItems"])}


def _get_user_settings(store: AccountStore, params: Mapping[str, Any]) -> object:
    with store.users_of(params["AccountId"]) as users:
        return {"UserSettings": users.settings(params["UserId"])}


def _update_user_settings(store: AccountStore, params: Mapping[str, Any]) -> None:
    with store.users_of(params["AccountId"]) as users:
        users.update_settings(params["UserId"], params["UserSettings"]["Telephony"])


_ACTIONS: dict[str, Callable[[AccountStore, Mapping[str, Any]], object | None]] = {
    "CreateAccount": lambda store, p: {"Account": store.create_account(p["Name"])},
    "GetAccount": lambda store, p: {"Account": store.get_account(p["AccountId"])},
    "ListAccounts": _list_accounts,
    "UpdateAccount": lambda store, p: {
        "Account": store.update_account(
            p["AccountId"], name=p.get("Name"), default_license=p.get("DefaultLicense")
        )
    },
    "DeleteAccount": _delete_account,
    "GetAccountSettings": lambda store, p: {
        "AccountSettings": store.get_account_settings(p["AccountId"])
    },
    "UpdateAccountSettings": _update_account_settings,
    "AssociateSigninDelegateGroupsWithAccount": _associate_groups,
    "DisassociateSigninDelegateGroupsFromAccount": _disassociate_groups,
    "CreateUser": _create_user,
    "GetUser": _get_user,
    "UpdateUser": _update_user,
    "ResetPersonalPIN": _reset_pin,
    "LogoutUser": _logout_user,
    "ListUsers": _list_users,
    "InviteUsers": _invite_users,
    "BatchSuspendUser": _suspend_users,
    "BatchUnsuspendUser": _unsuspend_users,
    "BatchUpdateUser": _update_users,
    "GetUserSettings": _get_user_settings,
    "UpdateUserSettings": _update_user_settings,
}
"""Operation name -> what it does to the store and answers (``None``: no body)."""


@dataclass(frozen=True)
class _Reply:
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


def _error_reply(
    error_type: str,
    message: str,
    *,
    status: int | None = None,
    header: bool = True,
    content_type: str | None = None,
    body_code: str | None = None,
) -> _Reply:
    code = body_code or _body_code(error_type)
    body = json.dumps({"Code": code, "Message": message}).encode()
    return _Reply(
        status=status if status is not None else _error_statuses().get(error_type, 400),
        body=body,
        content_type=content_type or "application/json",
        headers=(("x-amzn-ErrorType", error_type),) if header else (),
    )


class _Backend:
    """The state shared by LocalChime and its request handlers."""

    def __init__(self, store: AccountStore) -> None:
        self.store = store
        self.lock = threading.Lock()
        self.faults: list[_ArmedFault] = []
        self.fired = 0
        self.requests: list[RecordedRequest] = []

    def take_fault(self, operation: str) -> Fault | None:
        with self.lock:
            for i, armed in enumerate(self.faults):
                if armed.fault.operation not in {None, operation}:
                    continue
                if armed.after > 0:
                    armed.after -= 1
                    return None
                if armed.rng is not None and armed.rng.random() >= armed.fault.rate:
                    return None
                armed.count -= 1
                self.fired += 1
                if armed.count == 0:
                    del self.faults[i]
                return armed.fault
            return None

    def record(self, request: RecordedRequest) -> None:
        with self.lock:
            self.requests.append(request)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog of 5 overflows when many clients connect at once, and
    # an overflowing backlog resets connections that the clients already sent requests on.
    request_queue_size = 128
    # Bounds how long handle_request can block if a queued connection
    # vanishes before accept, so a stop request is never missed.
    timeout = 0.1

    def __init__(self, address: tuple[str, int], backend: _Backend) -> None:
        self.backend = backend
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        # Set on stop, so that handlers cut their injected delays short.
        self.stopping = threading.Event()
        super().__init__(address, _Handler)
        self._wake_r, self._wake_w = socket.socketpair()

    def serve_until_woken(self) -> None:
        """Accept connections until `wake` is called.

        Unlike ``serve_forever``, stopping does not wait out a poll interval,
        which would add its latency to every fixture teardown.
        """
        with selectors.DefaultSelector() as selector:
            selector.register(self, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while True:
                ready = selector.select()
                if any(key.fileobj is self._wake_r for key, _ in ready):
                    return
                self.handle_request()

    def wake(self) -> None:
        """Make `serve_until_woken` return, and end injected delays."""
        self.stopping.set()
        self._wake_w.send(b"\0")

    def server_close(self) -> None:
        """Close the listening socket and the wake-up pair."""
        super().server_close()
        self._wake_r.close()
        self._wake_w.close()

    def handle_error(self, request: Any, client_address: Any) -> None:  # noqa: ANN401
        """Stay quiet when a client hangs up mid-answer, as timeout tests make them do."""
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)

    def close_connections(self) -> None:
        with self.connections_lock:
            conns = list(self.connections)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    @property
    def _server(self) -> _Server:
        return cast("_Server", self.server)

    def setup(self) -> None:
        # Without TCP_NODELAY, Nagle plus the client's delayed ACK stalls
        # each keep-alive call by about 40 ms.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().setup()
        with self._server.connections_lock:
            self._server.connections.add(self.connection)

    def finish(self) -> None:
        with self._server.connections_lock:
            self._server.connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002, ANN401
        """Stay quiet: tests do not want a line of stderr per request."""

    def do_GET(self) -> None:
        """Serve a GET request."""
        self._dispatch()

    def do_POST(self) -> None:
        """Serve a POST request."""
        self._dispatch()

    def do_PUT(self) -> None:
        """Serve a PUT request."""
        self._dispatch()

    def do_DELETE(self) -> None:
        """Serve a DELETE request."""
        self._dispatch()

    def do_PATCH(self) -> None:
        """Serve a PATCH request."""
        self._dispatch()

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in {b"\r\n", b"\n", b""}:
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _dispatch(self) -> None:
        body = self._read_body()
        split = urlsplit(self.path)
        query = parse_qs(split.query, keep_blank_values=True)
        backend = self._server.backend
        found = _find_route(self.command, split.path, query)
        operation = found[0].operation.name if found else None

        def record(status: int, fault: Fault | None = None) -> None:
            backend.record(
                RecordedRequest(
                    operation=operation,
                    method=self.command,
                    path=split.path,
                    query=query,
                    body=body,
                    had_authorization="Authorization" in self.headers,
                    status=status,
                    fault=fault,
                )
            )

        if found is None:
            reply = _error_reply(
                _UNKNOWN_ROUTE_ERROR,
                f"No operation matches {self.command} {split.path}.",
                status=404,
                body_code="NotFound",
            )
            record(reply.status)
            self._send(reply)
            return

        route, match = found
        fault = backend.take_fault(route.operation.name)
        if fault is not None and fault.delay:
            self._server.stopping.wait(fault.delay)
        if fault is None or fault.keeps_answer:
            reply = self._perform(route, match, query, body)
        else:
            if fault.apply:
                # The store changes, but the fault decides what the client sees.
                self._perform(route, match, query, body)
            if fault.drop_connection:
                record(0, fault)
                self._hang_up()
                return
            reply = self._fault_reply(fault)
        record(reply.status, fault)
        self._send(reply, fault)

    def _perform(
        self, route: _Route, match: re.Match[str], query: Mapping[str, list[str]], body: bytes
    ) -> _Reply:
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            params = _parse_input(route, match, query, headers, body)
            result = _ACTIONS[route.operation.name](self._server.backend.store, params)
        except ServiceError as exc:
            return _error_reply(exc.error_type, exc.message)
        except Exception as exc:  # noqa: BLE001 - a bug here must still answer like AWS would
            return _error_reply("ServiceFailureException", f"Internal error: {exc!r}")
        if result is None:
            return _Reply(status=route.status)
        payload = json.dumps(result, default=_json_default, separators=(",", ":")).encode()
        return _Reply(status=route.status, body=payload, content_type="application/json")

    @staticmethod
    def _fault_reply(fault: Fault) -> _Reply:
        if fault.raw_body is not None:
            return _Reply(
                status=fault.status,
                body=fault.raw_body,
                content_type=fault.content_type or "application/octet-stream",
            )
        return _error_reply(
            fault.code or _error_type_for_status(fault.status),
            fault.message,
            status=fault.status,
            header=fault.error_type_header,
            content_type=fault.content_type,
        )

    def _hang_up(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _send(self, reply: _Reply, fault: Fault | None = None) -> None:
        try:
            reason = HTTPStatus(reply.status).phrase
        except ValueError:
            reason = "Unknown"
        lines = [
            f"HTTP/1.1 {reply.status} {reason}",
            f"x-amzn-RequestId: {uuid.uuid4()}",
            f"Date: {formatdate(usegmt=True)}",
        ]
        # RFC 9110 forbids Content-Length on 204; the status alone frames it.
        if reply.status != HTTPStatus.NO_CONTENT:
            lines.append(f"Content-Type: {reply.content_type or 'application/json'}")
            lines.append(f"Content-Length: {len(reply.body)}")
        lines.extend(f"{k}: {v}" for k, v in reply.headers)
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        body = reply.body if reply.status != HTTPStatus.NO_CONTENT else b""
        if fault is None or not fault.mangles_body:
            # One write: split writes meet Nagle/delayed-ACK stalls on the client.
            self.wfile.write(head + body)
            return
        sent = 0 if fault.truncate_body is None else min(fault.truncate_body, len(body))
        self.wfile.write(head + body[:sent])
        self.wfile.flush()
        if fault.body_delay:
            self._server.stopping.wait(fault.body_delay)
        if fault.truncate_body is None:
            self.wfile.write(body[sent:])
        else:
            self._hang_up()


_client_lock = threading.Lock()


@functools.cache
def _boto3_session() -> Any:  # noqa: ANN401 - boto3.session.Session, imported lazily
    import boto3.session

    return boto3.session.Session(
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - dummy credentials for a local endpoint
        region_name="us-east-1",
    )


class LocalChime:
    """A local Amazon Chime endpoint for account administration.

    Serves the account operations (CreateAccount, GetAccount, ListAccounts,
    UpdateAccount, DeleteAccount), account settings, sign-in delegate groups,
    users (CreateUser, GetUser, UpdateUser, ResetPersonalPIN, LogoutUser,
    ListUsers, InviteUsers, BatchSuspendUser, BatchUnsuspendUser,
    BatchUpdateUser) and user settings over HTTP with the service's wire
    format (`OPERATIONS` lists them), so real boto3 clients can talk to it
    through ``endpoint_url``. Use it as a context manager, or call `start`
    and `stop`.

    Args:
        port: TCP port to listen on; 0 picks a free one.
        host: Interface to bind.
        aws_account_id: 12-digit AWS account id stamped on created accounts.
    """

    def __init__(
        self, port: int = 0, host: str = "127.0.0.1", aws_account_id: str = DEFAULT_AWS_ACCOUNT_ID
    ) -> None:
        self.host = host
        self._requested_port = port
        self._store = AccountStore(aws_account_id)
        self._backend = _Backend(self._store)
        self._lock = threading.Lock()
        self._clients: list[ChimeClient] = []
        self._facades: list[ChimeAccounts] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------

    def start(self) -> LocalChime:
        """Start serving in a background thread.

        Returns:
            This instance, for chaining.

        Raises:
            RuntimeError: If it is already running.
        """
        if self._server is not None:
            raise RuntimeError("LocalChime is already running")
        server = _Server((self.host, self._requested_port), self._backend)
        thread = threading.Thread(
            target=server.serve_until_woken,
            name=f"LocalChime:{server.server_address[1]}",
            daemon=True,
        )
        thread.start()
        self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        """Stop serving, close open connections and the clients made by `client`.

        Calling it on a stopped instance does nothing. The store is kept.
        """
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._server = self._thread = None
        server.wake()
        thread.join()
        server.close_connections()
        server.server_close()
        with self._lock:
            clients, self._clients = self._clients, []
            facades, self._facades = self._facades, []
        for client in clients:
            client.close()
        for facade in facades:
            facade.close()

    def __enter__(self) -> LocalChime:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """Whether the endpoint is serving."""
        return self._server is not None

    @property
    def port(self) -> int:
        """The bound TCP port.

        Raises:
            RuntimeError: If not running.
        """
        if self._server is None:
            raise RuntimeError("LocalChime is not running; call start() first")
        return self._server.server_address[1]

    @property
    def endpoint_url(self) -> str:
        """The base URL to pass as a boto3 client's ``endpoint_url``.

        Raises:
            RuntimeError: If not running.
        """
        return f"http://{self.host}:{self.port}"

    # -- clients -------------------------------------------------------------

    def client(self, config: Config | None = None) -> ChimeClient:
        """Create a boto3 ``chime`` client aimed at this endpoint.

        The client uses region us-east-1 and dummy credentials; `stop` closes it.

        Args:
            config: Optional botocore configuration (retries, timeouts, ...).

        Returns:
            The client.
        """
        endpoint_url = self.endpoint_url
        # Sessions are not thread-safe for client creation; sharing one keeps
        # the loaded models cached across clients.
        with _client_lock:
            made = cast(
                "ChimeClient",
                _boto3_session().client("chime", endpoint_url=endpoint_url, config=config),
            )
        with self._lock:
            self._clients.append(made)
        return made

    def chime_accounts(
        self, *, config: Config | None = None, retry: RetryPolicy | None = None
    ) -> ChimeAccounts:
        """Create a `chime_accounts.ChimeAccounts` facade over `client`.

        The client's own botocore retries are turned off, as in a client ChimeAccounts
        builds itself: the facade retries, and botocore would repeat a CreateAccount
        that failed after the account was made. Like such a client, it also checks that
        each answer arrived whole before botocore reads it.

        Args:
            config: Optional botocore configuration for the underlying client; its
                retry settings are replaced.
            retry: Retry policy for ``ChimeAccounts``; its default when ``None``.

        Returns:
            The facade.
        """
        from chime_accounts import ChimeAccounts

        made = ChimeAccounts(
            session=_boto3_session(),
            endpoint_url=self.endpoint_url,
            config=config,
            retry=retry,
        )
        with self._lock:
            self._facades.append(made)
        return made

    # -- data ----------------------------------------------------------------

    def add_account(
        self,
        name: str,
        *,
        account_type: AccountTypeType = "Team",
        default_license: LicenseType = "Pro",
        supported_licenses: Sequence[LicenseType] = ("Basic", "Pro"),
        account_status: AccountStatusType = "Active",
        aws_account_id: str | None = None,
        created_timestamp: datetime | None = None,
        signin_delegate_groups: Sequence[str] = (),
        account_id: str | None = None,
    ) -> StoredAccount:
        """Store an account directly, bypassing the API.

        Args:
            name: The account name.
            account_type: One of the model's ``AccountType`` values.
            default_license: One of the model's ``License`` values.
            supported_licenses: ``License`` values the account supports.
            account_status: ``Active`` or ``Suspended``.
            aws_account_id: 12-digit owner id; the endpoint's when omitted.
            created_timestamp: A timezone-aware creation time (kept to the
                millisecond); now when omitted.
            signin_delegate_groups: Group names of the sign-in delegate groups.
            account_id: The account id; a fresh UUID when omitted.

        Returns:
            The stored account, AWS-shaped, with a datetime ``CreatedTimestamp``.

        Raises:
            ValueError: For values outside the model's enums, a naive
                timestamp, or a duplicate account id.
        """
        return self._store.add_account(
            name=name,
            account_type=account_type,
            default_license=default_license,
            supported_licenses=supported_licenses,
            account_status=account_status,
            aws_account_id=aws_account_id,
            created_timestamp=created_timestamp,
            signin_delegate_groups=signin_delegate_groups,
            account_id=account_id,
        )

    def add_user(
        self,
        account_id: str,
        email: str,
        *,
        suspended: bool = False,
        display_name: str | None = None,
        user_type: UserTypeType = "PrivateUser",
        license_type: LicenseType | None = None,
        registration_status: RegistrationStatusType | None = None,
        user_id: str | None = None,
    ) -> str:
        """Store a user of an account directly, bypassing the API.

        By default the user is ``Registered`` (invitation ``Accepted``,
        registered now) with the account's default license. Every user that
        is not suspended makes DeleteAccount answer 422.

        Args:
            account_id: The owning account.
            email: The user's primary email; unique within the account,
                ignoring case.
            suspended: Whether the user is suspended; the same as
                ``registration_status="Suspended"``.
            display_name: The display name.
            user_type: ``PrivateUser`` or ``SharedDevice``.
            license_type: A license the account supports; its default when omitted.
            registration_status: ``Registered`` (the default), ``Unregistered``
                (invited, invitation ``Pending``) or ``Suspended``.
            user_id: The user id; a fresh UUID when omitted.

        Returns:
            The new user's id.

        Raises:
            KeyError: If the account does not exist.
            ValueError: For values outside the model or the account's
                licenses, a malformed or duplicate email, a duplicate user id,
                or ``suspended`` contradicting ``registration_status``.
        """
        return self._store.add_user(
            account_id,
            email,
            suspended=suspended,
            display_name=display_name,
            user_type=user_type,
            license_type=license_type,
            registration_status=registration_status,
            user_id=user_id,
        )

    def seed(self, count: int = 100, seed: int = 0) -> list[StoredAccount]:
        """Add realistic random accounts (with some users), deterministically.

        Types, licenses and statuses (including suspended accounts) are mixed.
        The same ``seed`` on the same starting state yields the same accounts.

        Args:
            count: How many accounts to add.
            seed: The random seed.

        Returns:
            The added accounts in creation order.
        """
        return self._store.seed(count, seed)

    def accounts(self) -> list[StoredAccount]:
        """Return a snapshot of all stored accounts in ListAccounts order.

        Returns:
            The accounts.
        """
        return self._store.accounts()

    def users(self, account_id: str) -> list[StoredUser]:
        """Return a snapshot of an account's users in ListUsers order.

        Args:
            account_id: The owning account.

        Returns:
            The users, AWS-shaped (datetime timestamps, ``PersonalPIN`` once
            reset), suspended ones included.

        Raises:
            KeyError: If the account does not exist.
        """
        return self._store.users(account_id)

    def logout_count(self, account_id: str, user_id: str) -> int:
        """Return how many times LogoutUser logged a user out.

        Args:
            account_id: The owning account.
            user_id: The user id.

        Returns:
            The count.

        Raises:
            KeyError: If the account or the user does not exist.
        """
        return self._store.logout_count(account_id, user_id)

    def account_settings(self, account_id: str) -> AccountSettingsDict:
        """Return an account's settings (what GetAccountSettings answers).

        Args:
            account_id: The account id.

        Returns:
            ``DisableRemoteControl`` and ``EnableDialOut``.

        Raises:
            KeyError: If the account does not exist.
        """
        return self._store.account_settings(account_id)

    def user_settings(self, account_id: str, user_id: str) -> UserSettingsDict:
        """Return a user's settings (what GetUserSettings answers).

        Args:
            account_id: The owning account.
            user_id: The user id.

        Returns:
            ``{"Telephony": {"InboundCalling": ..., "OutboundCalling": ..., "SMS": ...}}``.

        Raises:
            KeyError: If the account or the user does not exist.
        """
        return self._store.user_settings(account_id, user_id)

    # -- faults and request log ----------------------------------------------

    def inject(self, fault: Fault) -> None:
        """Queue a fault behind those already queued.

        Args:
            fault: The fault.
        """
        with self._backend.lock:
            rng = random.Random(fault.seed) if fault.rate < 1 else None
            self._backend.faults.append(_ArmedFault(fault, fault.after, fault.count, rng))

    def clear_faults(self) -> None:
        """Drop every queued fault."""
        with self._backend.lock:
            self._backend.faults.clear()

    @property
    def faults(self) -> list[Fault]:
        """The faults still queued, in order (a copy)."""
        with self._backend.lock:
            return [armed.fault for armed in self._backend.faults]

    @property
    def faults_fired(self) -> int:
        """How many calls injected faults have taken so far, answered or still delayed.

        Unlike counting ``requests`` with a ``fault``, this counts a call the moment a
        fault takes it: a delayed answer is logged only once it is sent.
        """
        with self._backend.lock:
            return self._backend.fired

    @property
    def requests(self) -> list[RecordedRequest]:
        """The requests served so far, oldest first (a copy)."""
        with self._backend.lock:
            return list(self._backend.requests)

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        with self._backend.lock:
            self._backend.requests.clear()
