"""Checks that an answer arrived whole before botocore parses it.

botocore reads response bodies with urllib3's length check turned off and parses a body
that is not JSON as if it were empty. So a connection dropped mid-answer, or a proxy's HTML
page sent with status 200, reads as a response without members: for a listing page that
means no items and no next token, and the listing would end early without a word.

``check_response`` is a ``before-parse`` handler (registered by
:func:`chime_accounts._clients.prepare`) that turns both into errors:

* fewer (or more) body bytes than ``Content-Length`` announced raise
  ``TruncatedResponseError``, a botocore ``ConnectionClosedError``: the answer was cut
  off, so reads are retried and writes report that they may have been carried out, as
  aiobotocore already does for such an answer;
* a success body that is not a JSON object (its first and last non-blank bytes are not
  ``{`` and ``}``), or that is empty although the operation answers members (except
  with status 204, No Content), raises botocore's ``ResponseParserError``;
* an error body that is JSON but not an object (``0``, ``[]``, ``"oops"``) or not UTF-8,
  on which botocore's error parser fails (AttributeError, UnicodeDecodeError), raises the
  ``ClientError`` of the status, as a text or HTML error body does.

Both checks cost a constant time per response. A body that was cut and whose
``Content-Length`` was rewritten to match, but still ends in ``}``, passes them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, cast

from botocore.exceptions import ClientError, ConnectionClosedError
from botocore.parsers import ResponseParserError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from botocore.model import OperationModel

__all__ = ["TruncatedResponseError", "check_response"]

_BLANK = b" \t\r\n"
_EDGE = 64  # bytes looked at on each end of a body to find its first and last characters
_HTTP_SUCCESS = range(200, 300)
_HTTP_NO_CONTENT = 204


class TruncatedResponseError(ConnectionClosedError):
    """The connection ended before the whole body announced by ``Content-Length`` came."""

    fmt = "The response body ended after {received} of {expected} bytes"


def check_response(
    response_dict: Mapping[str, Any], operation_model: OperationModel | None = None, **_: object
) -> None:
    """Raise if a response's body is cut short, or a success body is not a JSON object.

    Raises:
        TruncatedResponseError: The body is shorter or longer than ``Content-Length``.
        ResponseParserError: A 2xx body is not a JSON object.
    """
    body = cast("object", response_dict.get("body"))
    if not isinstance(body, (bytes, bytearray)):
        return  # a streamed body: nothing was read yet
    headers = cast("Mapping[str, str]", response_dict.get("headers") or {})
    declared = headers.get("content-length")
    # A decoded body's length is not the length on the wire.
    if declared is not None and headers.get("content-encoding", "identity") == "identity":
        try:
            expected = int(declared)
        except ValueError:
            expected = None
        if expected is not None and expected != len(body):
            raise TruncatedResponseError(received=len(body), expected=expected)
    status = cast("int", response_dict.get("status_code"))
    first = bytes(body[:_EDGE]).lstrip(_BLANK)[:1]
    if status not in _HTTP_SUCCESS:
        if body:
            _check_error_body(bytes(body), status, headers, operation_model)
        return
    last = bytes(body[-_EDGE:]).rstrip(_BLANK)[-1:]
    if not first and len(body) <= _EDGE:
        output = operation_model.output_shape if operation_model is not None else None
        # 204 No Content has no body by definition, although the model may list members
        # for it (PutRetentionSettings).
        if status != _HTTP_NO_CONTENT and output is not None and cast("Any", output).members:
            raise ResponseParserError(f"the {status} response has no body")
        return
    if first != b"{" or last != b"}":
        raise ResponseParserError(f"the {status} response body is not a JSON object")


def _check_error_body(
    body: bytes, status: int, headers: Mapping[str, str], operation_model: OperationModel | None
) -> None:
    # botocore reads text or HTML as the error's message, but fails on bytes that are not
    # UTF-8, on JSON that is not an object (a number, a list, a string) and on an error code
    # that is not a string: those become the error of the status instead. Error answers are
    # small and rare, so reading one is cheap.
    try:
        parsed = cast("object", json.loads(body.decode("utf-8")))
    except UnicodeDecodeError:
        pass
    except ValueError:
        return  # text, HTML or broken JSON: botocore reads it as the message
    else:
        if isinstance(parsed, dict) and (
            "x-amzn-errortype" in headers or _readable_code(cast("dict[str, object]", parsed))
        ):
            return
    error_type = headers.get("x-amzn-errortype", "").split(":")[0]
    response: Any = {
        "Error": {"Code": error_type or str(status), "Message": ""},
        "ResponseMetadata": {
            "HTTPStatusCode": status,
            "RequestId": headers.get("x-amzn-requestid"),
            "HTTPHeaders": dict(headers),
        },
    }
    raise ClientError(response, operation_model.name if operation_model is not None else "")


def _readable_code(body: dict[str, object]) -> bool:
    # Where botocore's rest-json error parser takes the code from, when no header names it.
    if "code" in body or "Code" in body:
        code = body.get("code", body.get("Code"))
        if code is not None:
            return isinstance(code, str)
    kind = body.get("__type")
    return kind is None or isinstance(kind, str)
