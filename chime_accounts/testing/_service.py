"""What every part of the local endpoint's store shares.

botocore's model of the ``chime`` service, the modeled error the store raises
and the small value checks that keep seeded data inside the model.
"""

from __future__ import annotations

import functools
from datetime import datetime, timezone
from typing import TYPE_CHECKING, cast

import botocore.session

if TYPE_CHECKING:
    from botocore.model import ServiceModel

__all__ = ["ServiceError", "check_enum", "service_model", "to_millis"]


@functools.cache
def service_model() -> ServiceModel:
    """Return botocore's model of the ``chime`` service, loaded once per process.

    Returns:
        The service model that both the store and the HTTP layer derive from.
    """
    return botocore.session.get_session().get_service_model("chime")


class ServiceError(Exception):
    """A modeled service error, raised by the store and rendered by the server.

    Attributes:
        error_type: The modeled error shape name, e.g. ``NotFoundException``.
        message: Human-readable detail, sent as the body's ``Message``.
    """

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(f"{error_type}: {message}")
        self.error_type = error_type
        self.message = message


@functools.cache
def _enum(shape_name: str) -> frozenset[str]:
    return frozenset(cast("list[str]", service_model().shape_for(shape_name).metadata["enum"]))


def check_enum(value: str, shape_name: str, what: str) -> None:
    """Reject a value outside one of the model's string enums.

    Args:
        value: The value to check.
        shape_name: The enum's shape name, e.g. ``License``.
        what: How to name the value in the error.

    Raises:
        ValueError: If ``value`` is not one of the enum's values.
    """
    allowed = _enum(shape_name)
    if value not in allowed:
        raise ValueError(f"{what} must be one of {sorted(allowed)}, not {value!r}")


def to_millis(moment: datetime) -> datetime:
    """Return ``moment`` in UTC, truncated to the millisecond.

    The wire format carries milliseconds; truncating keeps what the store
    hands out equal to what a client parses back.

    Args:
        moment: A timezone-aware time.

    Returns:
        The truncated UTC time.
    """
    utc = moment.astimezone(timezone.utc)
    return utc.replace(microsecond=utc.microsecond // 1000 * 1000)
