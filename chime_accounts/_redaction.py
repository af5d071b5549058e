"""Keeps sensitive values out of log records and error messages.

botocore logs, at DEBUG level, the request it is about to send (the JSON body and the
query string), the signed request (with the ``X-Amz-Security-Token`` header), the
canonical request it signs and the response body it parses; urllib3 logs every request
line with its query string. Those carry users' emails, display names and personal PINs and
the caller's session token.

``install()`` adds one logging filter, :data:`REDACTING_FILTER`, to each logger of this
library, botocore, aiobotocore, boto3, urllib3 and aiohttp, and to each of their child
loggers (where those libraries log; a logger's filters do not see its children's
records). The filter redacts a record in place before any handler or formatter sees it,
in every thread. Nothing else in the process changes: other loggers, the record factory
and handlers are left alone. Redaction is by structure, not by value:

* JSON bodies and dicts: the values of the members in ``sensitive_members()``;
* query strings: the parameters in ``SENSITIVE_QUERY_PARAMETERS``;
* headers: ``Authorization`` and ``X-Amz-Security-Token``, also as canonical-request lines,
  and botocore's ``Signature`` record;
* free text: anything shaped like an email address, plain or percent-encoded;
* the values of the sensitive arguments of the calls in progress (``guarding()``), however
  they show: a service may repeat a username in an error message.

A message that still names a sensitive member it could not redact is withheld whole.
``redact_text()`` and ``redact_exception()`` apply the same rules to the messages of
the errors this library raises and of the botocore errors they wrap.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import re
import threading
import urllib.parse
from collections.abc import Generator, Iterator, Mapping
from contextvars import ContextVar
from typing import Any, cast

__all__ = [
    "LOGGER_PREFIXES",
    "OPT_OUT_VARIABLE",
    "REDACTED",
    "REDACTING_FILTER",
    "SENSITIVE_QUERY_PARAMETERS",
    "RedactingFilter",
    "guarding",
    "install",
    "installed",
    "redact_exception",
    "redact_record",
    "redact_text",
    "sensitive_members",
]

REDACTED = "<redacted>"

#: Request members that are secret although the service model does not flag them:
#: CreateUser makes ``Username`` the user's display name.
_UNFLAGGED_REQUEST_MEMBERS = frozenset({"Username"})


@functools.cache
def sensitive_members() -> frozenset[str]:
    """The request and response members whose values are secret.

    Derived, on first use, from the members botocore's ``chime`` model flags
    ``sensitive``, the model fields this library marks sensitive (``PersonalPIN``, which
    the service model does not flag) and ``_UNFLAGGED_REQUEST_MEMBERS``.
    """
    # Imported here: the models import this module, and the service model is read once.
    from botocore.loaders import create_loader

    from ._models import SENSITIVE_MEMBERS as MODEL_FIELDS

    shapes = cast(
        "dict[str, dict[str, Any]]",
        create_loader().load_service_model("chime", "service-2")["shapes"],
    )

    def sensitive(shape_name: str) -> bool:
        shape = shapes[shape_name]
        if shape.get("type") == "list":
            return sensitive(shape["member"]["shape"])
        return bool(shape.get("sensitive"))

    flagged = {
        name
        for shape in shapes.values()
        for name, member in cast("dict[str, dict[str, Any]]", shape.get("members", {})).items()
        if member.get("sensitive") or sensitive(member["shape"])
    }
    fields = {member for members in MODEL_FIELDS.values() for member in members}
    return frozenset(flagged | fields | _UNFLAGGED_REQUEST_MEMBERS)


#: Query-string parameters whose values are secret: the wire names of sensitive members
#: sent in the query string, and the credentials of presigned URLs.
SENSITIVE_QUERY_PARAMETERS: frozenset[str] = frozenset(
    {"user-email", "x-amz-security-token", "x-amz-credential", "x-amz-signature"}
)

_SENSITIVE_HEADERS = frozenset({"authorization", "x-amz-security-token"})

#: The loggers whose records are redacted, with their children.
LOGGER_PREFIXES = ("chime_accounts", "botocore", "aiobotocore", "boto3", "urllib3", "aiohttp")


@functools.cache
def _member_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Match a sensitive member with its value, and one left unredacted.

    The first pattern finds a member and its value as JSON, a Python repr or a keyword
    argument shows them; the second, what is left of one the first could not redact.
    """
    names = "|".join(sorted(sensitive_members(), key=len, reverse=True))
    pair = re.compile(
        rf"""(?<![\w])(?P<key>["']?(?:{names})["']?\s*[:=]\s*)"""
        r"""(?P<value>b?"(?:[^"\\]|\\.)*"|b?'(?:[^'\\]|\\.)*'|\[[^\]]*\]|[^\s,;)}\]]+)"""
    )
    unredacted = re.compile(
        rf"""(?<![\w])["']?(?:{names})["']?\s*[:=]\s*(?!b?["']{re.escape(REDACTED)}["'])"""
    )
    return pair, unredacted


_QUERY_NAMES = "|".join(re.escape(name) for name in sorted(SENSITIVE_QUERY_PARAMETERS))
_QUERY_PARAMETER = re.compile(
    rf"(?i)(?<![\w-])((?:{_QUERY_NAMES})=)(?:{re.escape(REDACTED)}|[^&\s'\"#<>]*)"
)
_HEADER_IN_REPR = re.compile(
    r"""(?i)(["'](?:authorization|x-amz-security-token)["']\s*:\s*b?)(["'])(?:(?!\2).)*\2"""
)
_HEADER_LINE = re.compile(r"(?im)^((?:authorization|x-amz-security-token):).*$")
_AUTHORIZATION_VALUE = re.compile(r"(AWS4-HMAC-SHA256 )[^'\"\n]+")
_SIGNATURE = re.compile(r"(Signature:\s*)[0-9a-fA-F]{64}")
_EMAIL_CHARS = r"[^\s@\"'<>(),;:\[\]{}&=?/\\]"
_EMAIL = re.compile(rf"{_EMAIL_CHARS}+(?:@|%40){_EMAIL_CHARS}+\.{_EMAIL_CHARS}+")


# The sensitive argument values of the calls in progress in this thread or task.
_guarded: ContextVar[tuple[str, ...]] = ContextVar("chime_accounts_guarded", default=())
_MIN_GUARDED_LENGTH = 4  # shorter values would redact ordinary words


def _sensitive_values(value: object, key: object = None) -> Iterator[str]:
    if isinstance(value, Mapping):
        for name, member in cast("Mapping[object, object]", value).items():
            yield from _sensitive_values(member, name)
    elif isinstance(value, (list, tuple)):
        for item in cast("list[object]", value):
            yield from _sensitive_values(item, key)
    elif (
        isinstance(value, str)
        and key in sensitive_members()
        and len(value.strip()) >= _MIN_GUARDED_LENGTH
    ):
        yield value


@contextlib.contextmanager
def guarding(params: Mapping[str, object]) -> Generator[None, None, None]:
    """Redact the sensitive values of ``params`` from records and errors made meanwhile.

    Set for the current thread or asyncio task, where botocore logs a call's request and
    response, so it covers them and the error that ends the call.
    """
    values = tuple(_sensitive_values(params))
    if not values:
        yield
        return
    token = _guarded.set(_guarded.get() + values)
    try:
        yield
    finally:
        _guarded.reset(token)


def _shown_as(value: str) -> set[str]:
    quoted = {urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value)}
    return {value, json.dumps(value)[1:-1], *quoted}


def _redact_guarded(text: str) -> str:
    for value in sorted(_guarded.get(), key=len, reverse=True):
        for shown in sorted(_shown_as(value), key=len, reverse=True):
            text = text.replace(shown, REDACTED)
    return text


def redact_text(text: str) -> str:
    """Return ``text`` with every sensitive value this module recognises replaced.

    If a sensitive member remains that could not be redacted (its value was in a form
    the rules do not read), the whole text is withheld instead.
    """
    member_pair, unredacted_member = _member_patterns()
    redacted = _redact_guarded(text)
    redacted = member_pair.sub(lambda m: f'{m["key"]}"{REDACTED}"', redacted)
    redacted = _QUERY_PARAMETER.sub(rf"\1{REDACTED}", redacted)
    redacted = _HEADER_IN_REPR.sub(rf"\1\2{REDACTED}\2", redacted)
    redacted = _HEADER_LINE.sub(rf"\1{REDACTED}", redacted)
    redacted = _AUTHORIZATION_VALUE.sub(rf"\1{REDACTED}", redacted)
    redacted = _SIGNATURE.sub(rf"\1{REDACTED}", redacted)
    redacted = _EMAIL.sub(REDACTED, redacted)
    if unredacted_member.search(redacted):
        return f"<{len(text)} characters withheld by chime_accounts: sensitive members>"
    return redacted


def _redact_json(value: object, key: object = None) -> object:
    if isinstance(key, str) and key in sensitive_members():
        return REDACTED
    if isinstance(value, dict):
        members = cast("dict[object, object]", value)
        return {k: _redact_json(v, k) for k, v in members.items()}
    if isinstance(value, list):
        return [_redact_json(item) for item in cast("list[object]", value)]
    return value


def _redact_string(text: str) -> str:
    stripped = text.strip()
    if stripped[:1] in {"{", "["}:
        try:
            parsed: object = json.loads(stripped)
        except ValueError:
            pass
        else:
            return json.dumps(_redact_json(parsed), ensure_ascii=False, separators=(",", ":"))
    return redact_text(text)


def _is_sensitive_key(key: object) -> bool:
    if not isinstance(key, str):
        return False
    lowered = key.lower()
    return (
        key in sensitive_members()
        or lowered in SENSITIVE_QUERY_PARAMETERS
        or lowered in _SENSITIVE_HEADERS
    )


_MAX_DEPTH = 20  # deeper than any request botocore logs


def _redact_value(value: object, depth: int = 0) -> object:
    """Redact one logging argument by its structure; other objects are left to the text."""
    if depth > _MAX_DEPTH:
        return value
    if isinstance(value, str):
        return _redact_string(value)
    if isinstance(value, (bytes, bytearray)):
        text = bytes(value).decode("utf-8", "backslashreplace")
        redacted = _redact_string(text)
        return value if redacted == text else redacted.encode("utf-8", "backslashreplace")
    if isinstance(value, Mapping):
        members = cast("Mapping[object, object]", value)
        return {
            k: REDACTED if _is_sensitive_key(k) else _redact_value(v, depth + 1)
            for k, v in members.items()
        }
    if isinstance(value, (list, tuple)):
        items = [_redact_value(item, depth + 1) for item in cast("list[object]", value)]
        return tuple(items) if isinstance(value, tuple) else items
    return value


_exception_formatter = logging.Formatter()


def redact_record(record: logging.LogRecord) -> None:
    """Redact a log record in place: its message, its arguments and its traceback text."""
    args: object = record.args
    try:
        if isinstance(args, Mapping):
            record.args = cast("Any", _redact_value(cast("Mapping[object, object]", args)))
        elif isinstance(args, tuple) and args:
            record.args = tuple(_redact_value(arg) for arg in args)
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a record that cannot be formatted must not leak either
        message = "<log record withheld by chime_accounts: it could not be formatted>"
    record.msg = redact_text(message)
    record.args = ()
    if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
        # Formatters use exc_text when it is set, so the traceback is redacted as well.
        record.exc_text = redact_text(_exception_formatter.formatException(record.exc_info))


def redact_exception(error: BaseException) -> None:
    """Redact, in place, what a botocore error shows: its message and its details."""
    if any(isinstance(arg, str) for arg in error.args):
        error.args = tuple(redact_text(a) if isinstance(a, str) else a for a in error.args)
    kwargs = cast("object", getattr(error, "kwargs", None))
    if isinstance(kwargs, dict):
        details = cast("dict[str, object]", kwargs)
        for name, value in details.items():
            if isinstance(value, str):
                details[name] = redact_text(value)
    response = cast("object", getattr(error, "response", None))
    if isinstance(response, dict):
        body = cast("dict[str, object]", response).get("Error")
        if isinstance(body, dict):
            error_body = cast("dict[str, object]", body)
            message = error_body.get("Message")
            if isinstance(message, str):
                error_body["Message"] = redact_text(message)


class RedactingFilter(logging.Filter):
    """Redacts each record of the logger it is added to, in place, and lets it through."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact ``record`` (see :func:`redact_record`); never drop it."""
        redact_record(record)
        return True


#: The one filter ``install()`` adds to the loggers in ``LOGGER_PREFIXES``.
REDACTING_FILTER = RedactingFilter()

#: Set to ``0`` to leave every logger as it is: nothing is redacted from log records.
OPT_OUT_VARIABLE = "CHIME_ACCOUNTS_REDACT_LOGS"

_install_lock = threading.Lock()
_loggers_seen = -1  # how many loggers existed at the last install()


def installed() -> bool:
    """Whether ``install()`` has added the filter to the loggers in ``LOGGER_PREFIXES``."""
    return _loggers_seen >= 0


def install() -> None:
    """Add :data:`REDACTING_FILTER` to every logger in ``LOGGER_PREFIXES`` and their children.

    A logger's filters see only that logger's records, not its children's, so the filter
    is added to each of them: the ones that exist, and, when it is called again (the
    library calls it for every request), any created since, at the cost of one length
    check while none is. Nothing is changed when the environment variable
    ``CHIME_ACCOUNTS_REDACT_LOGS`` is ``0``.
    """
    global _loggers_seen
    loggers = logging.Logger.manager.loggerDict
    if len(loggers) == _loggers_seen:
        return
    with _install_lock:
        if os.environ.get(OPT_OUT_VARIABLE) == "0":
            _loggers_seen = len(loggers)
            return
        # Read the sensitive members before any filter is on: botocore logs as it loads
        # the service model, and a filter that needs them to redact that record would
        # load it again, and log, without end.
        _member_patterns()
        names = [
            *LOGGER_PREFIXES,
            *(name for name in list(loggers) if name.startswith(LOGGER_PREFIXES)),
        ]
        for name in names:
            logger = logging.getLogger(name)
            if REDACTING_FILTER not in logger.filters:
                logger.addFilter(REDACTING_FILTER)
        _loggers_seen = len(loggers)
