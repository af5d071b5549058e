"""Builds the boto3 ``chime`` clients that ChimeAccounts owns.

A boto3 session loads the service model and endpoint data once and caches them; making a
new one for every ChimeAccounts would cost far more than the client itself. Sessions are
therefore shared per profile, as boto3's own ``boto3.client()`` shares its default one.

Those shared sessions are the library's own, so they can parse timestamps with
:func:`~chime_accounts._timestamps.parse_timestamp` instead of botocore's dateutil-based
default, which costs most of the time botocore spends reading an account listing. A session
or client the caller passes in is never changed.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import boto3
import botocore.session
from botocore.config import Config

from ._timestamps import parse_timestamp

if TYPE_CHECKING:
    from mypy_boto3_chime.client import ChimeClient

__all__ = ["build_client"]

# The facade retries, so botocore must not retry as well in a client the facade builds.
NO_BOTOCORE_RETRIES = Config(retries={"mode": "standard", "total_max_attempts": 1})

# Creating clients from one session is not thread-safe in botocore.
_lock = threading.Lock()
_sessions: dict[str | None, boto3.Session] = {}


def _shared_session(profile_name: str | None) -> boto3.Session:
    session = _sessions.get(profile_name)
    if session is None:
        core = botocore.session.get_session()
        parsers = core.get_component("response_parser_factory")
        parsers.set_parser_defaults(timestamp_parser=parse_timestamp)
        session = boto3.Session(botocore_session=core, profile_name=profile_name)
        _sessions[profile_name] = session
    return session


def build_client(
    *,
    session: boto3.Session | None,
    profile_name: str | None,
    region_name: str,
    endpoint_url: str | None,
    config: Config | None,
) -> ChimeClient:
    """Return a new chime client with botocore's retries off and the rest of ``config``.

    A ``session`` the caller passes is only read from, never changed.
    """
    own_config = config.merge(NO_BOTOCORE_RETRIES) if config else NO_BOTOCORE_RETRIES
    with _lock:
        if session is None:
            session = _shared_session(profile_name)
        # The stubs list every AWS service; only chime's overload is installed and used.
        return session.client(  # pyright: ignore[reportUnknownMemberType]
            "chime", region_name=region_name, endpoint_url=endpoint_url, config=own_config
        )
