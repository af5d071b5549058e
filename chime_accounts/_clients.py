"""The one place that builds and prepares the boto3 and aiobotocore clients the facades use.

It checks the facades' constructor options, builds their own clients and registers the
library's event handlers on every client, built or wrapped.

Sessions are shared per profile: a session loads the service model and endpoint data once
and caches them, which costs far more than a client. The shared sessions are the
library's own, so they parse timestamps with
:func:`~chime_accounts._timestamps.parse_timestamp` instead of botocore's dateutil-based
default. A session or client the caller passes in is never changed, except for the event
handlers below, which act only on the calls the library makes (:func:`library_call`):

* ``needs-retry``: botocore never retries a library call, whatever the client's retry
  mode and ``max_attempts``. The library retries by its own ``RetryPolicy``, which knows
  which calls are safe to repeat; botocore would repeat a CreateAccount whose answer was
  lost, and its attempts would multiply the library's. The handler ends the attempt by
  raising its error before botocore's own handler runs, so botocore neither sleeps nor
  spends its retry quota.
* ``before-parse``: the answer arrived whole (see :mod:`chime_accounts._response_checks`).

Calls the caller makes directly on a wrapped client keep botocore's behaviour.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, cast

from botocore.config import Config

from . import _redaction
from ._pacing import Pacing
from ._response_checks import check_response
from ._retry import RetryPolicy
from ._timestamps import parse_timestamp
from ._validation import check_client_options, check_instance
from .exceptions import ValidationError

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Mapping
    from contextlib import AbstractAsyncContextManager

    import boto3
    from aiobotocore.session import AioSession
    from botocore.exceptions import ClientError
    from mypy_boto3_chime.client import ChimeClient
    from types_aiobotocore_chime.client import ChimeClient as AioChimeClient

__all__ = [
    "async_client_factory",
    "build_client",
    "check_options",
    "library_call",
    "prepare",
]

# The facade retries, so botocore must not retry as well in a client the facade builds.
_NO_BOTOCORE_RETRIES = Config(retries={"mode": "standard", "total_max_attempts": 1})

# Creating clients from one session is not thread-safe in botocore.
_lock = threading.Lock()
_sessions: dict[tuple[str, str | None], Any] = {}

_HTTP_NOT_SUCCESS = 300

# Set while the library sends a call, in the thread or asyncio task that sends it.
_in_library_call: ContextVar[bool] = ContextVar("chime_accounts_library_call", default=False)


def check_options(
    *,
    client: object,
    session: object,
    profile_name: object,
    region_name: object,
    endpoint_url: object,
    config: object,
    retry: object,
    pacing: object,
    max_rate: object,
) -> tuple[RetryPolicy, Pacing]:
    """Check a facade's constructor options together; return its retry policy and pacing.

    Raises:
        ValidationError: An option is invalid, client options were given together with a
            client, a session together with a profile, or the client is not for ``chime``.
    """
    check_client_options(
        retry=retry,
        config=config,
        region_name=region_name,
        endpoint_url=endpoint_url,
        profile_name=profile_name,
    )
    if client is not None:
        given = {
            "session": session,
            "profile_name": profile_name,
            "endpoint_url": endpoint_url,
            "config": config,
        }
        for option, value in given.items():
            if value is not None:
                raise ValidationError(option, "applies only when no client is given")
        meta = cast("Any", getattr(client, "meta", None))
        service = getattr(getattr(meta, "service_model", None), "service_name", None)
        if service != "chime" or not hasattr(meta, "events"):
            raise ValidationError(
                "client",
                'must be a boto3 or aiobotocore client for "chime", made with '
                '.client("chime") or .create_client("chime")',
            )
    elif session is not None and profile_name is not None:
        raise ValidationError("profile_name", "applies only when no session is given")
    if pacing is None:
        pacing = Pacing(max_rate=cast("float | None", max_rate))
    elif max_rate is not None:
        raise ValidationError("max_rate", "applies only when no pacing is given")
    else:
        pacing = check_instance(pacing, Pacing, "pacing")
    policy = cast("RetryPolicy", retry) if retry is not None else RetryPolicy()
    return policy, pacing


def _own_config(config: Config | None) -> Config:
    return config.merge(_NO_BOTOCORE_RETRIES) if config else _NO_BOTOCORE_RETRIES


def _fast_timestamps(botocore_session: Any) -> None:  # noqa: ANN401 - botocore or aiobotocore
    parsers = botocore_session.get_component("response_parser_factory")
    parsers.set_parser_defaults(timestamp_parser=parse_timestamp)


def _shared_boto3_session(profile_name: str | None) -> boto3.Session:
    import boto3
    import botocore.session

    session = cast("boto3.Session | None", _sessions.get(("sync", profile_name)))
    if session is None:
        core = botocore.session.get_session()
        _fast_timestamps(core)
        session = boto3.Session(botocore_session=core, profile_name=profile_name)
        _sessions["sync", profile_name] = session
    return session


def _shared_aio_session(profile_name: str | None) -> AioSession:
    from aiobotocore.session import AioSession

    session = cast("AioSession | None", _sessions.get(("async", profile_name)))
    if session is None:
        session = AioSession(profile=profile_name)
        _fast_timestamps(session)
        _sessions["async", profile_name] = session
    return session


def build_client(
    *,
    session: boto3.Session | None,
    profile_name: str | None,
    region_name: str,
    endpoint_url: str | None,
    config: Config | None,
) -> ChimeClient:
    """Return a new, prepared chime client with botocore's retries off."""
    with _lock:
        if session is None:
            session = _shared_boto3_session(profile_name)
        # The stubs list every AWS service; only chime's overload is installed and used.
        client: ChimeClient = session.client(  # pyright: ignore[reportUnknownMemberType]
            "chime", region_name=region_name, endpoint_url=endpoint_url, config=_own_config(config)
        )
    prepare(client)
    return client


def async_client_factory(
    *,
    session: AioSession | None,
    profile_name: str | None,
    region_name: str,
    endpoint_url: str | None,
    config: Config | None,
) -> Callable[[], AbstractAsyncContextManager[AioChimeClient]]:
    """Return what creates a new aiobotocore chime client with botocore's retries off.

    The client is created on ``async with``: a client context that is never entered warns
    when it is collected. Prepare the entered client with :func:`prepare`.
    """
    with _lock:
        own_session = session if session is not None else _shared_aio_session(profile_name)
    # The stubs list every AWS service; only chime's overload is installed and used.
    create_client = cast(
        "Callable[..., AbstractAsyncContextManager[AioChimeClient]]",
        own_session.create_client,  # pyright: ignore[reportUnknownMemberType]
    )
    return functools.partial(
        create_client,
        "chime",
        region_name=region_name,
        endpoint_url=endpoint_url,
        config=_own_config(config),
    )


def prepare(client: ChimeClient | AioChimeClient) -> None:
    """Register the library's event handlers on ``client``; idempotent."""
    _redaction.install()
    events = cast("Any", client.meta.events)
    events.register_first(
        "needs-retry.chime",
        functools.partial(_end_failed_attempt, client.exceptions),
        unique_id="chime_accounts.end-failed-attempt",
    )
    events.register(
        "before-parse.chime", _check_library_response, unique_id="chime_accounts.check-response"
    )


@contextlib.contextmanager
def library_call(params: Mapping[str, object]) -> Generator[None, None, None]:
    """Mark the call sent meanwhile as the library's, and redact its sensitive values."""
    _redaction.install()  # for loggers created since the last call; free when there are none
    token = _in_library_call.set(True)
    try:
        with _redaction.guarding(params):
            yield
    finally:
        _in_library_call.reset(token)


def _end_failed_attempt(
    exceptions: Any,  # noqa: ANN401 - the client's generated exception factory
    response: tuple[Any, Mapping[str, Any]] | None = None,
    caught_exception: BaseException | None = None,
    operation: Any = None,  # noqa: ANN401 - botocore's OperationModel
    **_: object,
) -> None:
    """Raise a failed attempt's error at once, so that botocore does not retry it."""
    if not _in_library_call.get():
        return
    if caught_exception is not None:
        raise caught_exception
    if response is not None:
        http_response, parsed = response
        # The rule botocore's client applies before raising a ClientError.
        if http_response.status_code >= 300:
            code = cast("Mapping[str, Any]", parsed.get("Error", {})).get("Code")
            error_class = cast("type[ClientError]", exceptions.from_code(code))
            raise error_class(cast("Any", parsed), operation.name)


def _check_library_response(**kwargs: Any) -> None:  # noqa: ANN401 - botocore's event kwargs
    if _in_library_call.get():
        check_response(**kwargs)
