"""The ``chime`` rest-json form of answers: JSON bodies and error replies.

An answer is a `Reply` (status, body, headers); `_http.py` puts it on the
socket. Errors take the real service's form: ``x-amzn-ErrorType`` names the
modeled error shape and the body is ``{"Code": <ErrorCode>, "Message": ...}``.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import cast

from chime_accounts.testing._service import service_model

__all__ = ["Reply", "encode", "error_reply"]


@dataclass(frozen=True)
class Reply:
    """One answer, before it is framed as HTTP.

    Attributes:
        status: The HTTP status.
        body: The body's bytes (ignored for a 204).
        content_type: The ``Content-Type``; JSON when ``None``.
        headers: Further headers, in order.
    """

    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


def encode(result: object) -> bytes:
    """Serialise an operation's result as the service does, timestamps in milliseconds.

    Args:
        result: JSON-able values, with ``datetime`` timestamps.

    Returns:
        Compact JSON.
    """
    return json.dumps(result, default=_json_default, separators=(",", ":")).encode()


def error_reply(
    error_type: str,
    message: str,
    *,
    status: int | None = None,
    header: bool = True,
    content_type: str | None = None,
    body_code: str | None = None,
) -> Reply:
    """Return the service's answer for an error.

    Args:
        error_type: The error shape name, e.g. ``NotFoundException``.
        message: The body's ``Message``.
        status: The HTTP status; the model's for ``error_type`` when ``None``
            (400 for a type the model does not know).
        header: Whether to send ``x-amzn-ErrorType``.
        content_type: The ``Content-Type``; JSON when ``None``.
        body_code: The body's ``Code``; the Chime ``ErrorCode`` value the
            real service sends for ``error_type`` when ``None``.

    Returns:
        The reply.
    """
    code = body_code or _body_code(error_type)
    return Reply(
        status=status if status is not None else _modeled_status(error_type),
        body=json.dumps({"Code": code, "Message": message}).encode(),
        content_type=content_type or "application/json",
        headers=(("x-amzn-ErrorType", error_type),) if header else (),
    )


@functools.cache
def _modeled_status(error_type: str) -> int:
    model = service_model()
    if error_type not in model.shape_names:
        return 400
    return cast("int", model.shape_for(error_type).metadata["error"]["httpStatusCode"])


@functools.cache
def _body_code(error_type: str) -> str:
    """The Chime ``ErrorCode`` value the real service puts in error bodies."""
    stem = error_type.removesuffix("Exception")
    codes = cast("list[str]", service_model().shape_for("ErrorCode").metadata["enum"])
    # ThrottledClientException -> Throttled, UnprocessableEntityException -> Unprocessable.
    prefixes = [c for c in codes if stem.startswith(c)]
    return max(prefixes, key=len) if prefixes else stem


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        utc = value.astimezone(timezone.utc)
        return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
    raise TypeError(f"cannot serialise {type(value).__name__}")
