"""A fast timestamp parser for botocore's response parsers.

botocore parses every timestamp with dateutil, which costs about 30 microseconds each and
dominates the parsing of an account listing. Chime sends ISO-8601 timestamps, which
``datetime.fromisoformat`` reads in well under a microsecond once they are in the one form
every supported Python accepts. Anything else goes to botocore's own parser.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import cast

__all__ = ["parse_iso_timestamp", "parse_timestamp"]

_UTC = dt.timezone.utc

# Date and time, optional fraction, then a zone: the forms botocore and Chime produce.
# Only ASCII digits: ``\d`` would also match other scripts' digits, which dateutil reads
# differently.
_ISO_8601 = re.compile(
    r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)",
    re.ASCII,
)


def parse_timestamp(value: object) -> dt.datetime:
    """Parse a timestamp from a response into a datetime, like botocore but faster.

    ISO-8601 strings with a zone become ``datetime.timezone.utc`` datetimes. Like
    dateutil (and so botocore), fractions beyond microseconds are cut off, not rounded.
    Every other value (epoch numbers, RFC 822 dates, other ISO-8601 forms, invalid dates)
    is handed to ``botocore.utils.parse_timestamp``, so the instant is always the one
    botocore's default parser gives.

    Args:
        value: The timestamp as the response carried it.

    Returns:
        The timestamp.

    Raises:
        ValueError: botocore's parser could not read ``value`` either.
    """
    if isinstance(value, str):
        parsed = _parse_iso(value)
        if parsed is not None:
            return parsed
    from botocore.utils import parse_timestamp as botocore_parse_timestamp

    # The stubs say str, but botocore's parser reads epoch numbers too, as JSON sends them.
    slow: dt.datetime = botocore_parse_timestamp(cast("str", value))
    return slow


def parse_iso_timestamp(value: str) -> dt.datetime:
    """Parse an ISO-8601 timestamp with a zone into a UTC datetime.

    Args:
        value: E.g. ``2024-05-01T12:00:00.123Z`` or ``2024-05-01T14:00:00+02:00``.

    Returns:
        The timestamp, in ``datetime.timezone.utc``.

    Raises:
        ValueError: ``value`` is not such a timestamp.
    """
    parsed = _parse_iso(value)
    if parsed is None:
        raise ValueError(f"expected an ISO-8601 timestamp with a zone, got {len(value)} characters")
    return parsed


def _parse_iso(value: str) -> dt.datetime | None:
    match = _ISO_8601.fullmatch(value)
    if match is None:
        return None
    whole, fraction, zone = match.groups()
    # Python 3.10 reads neither a "Z" nor fractions of other than 3 or 6 digits.
    micros = (fraction or "").ljust(6, "0")[:6]
    offset = "+00:00" if zone == "Z" else zone
    try:
        return dt.datetime.fromisoformat(f"{whole}.{micros}{offset}").astimezone(_UTC)
    except (ValueError, OverflowError):
        return None  # e.g. February 30th or hour 24: botocore decides, and raises
