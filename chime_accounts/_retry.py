"""When to retry a failed call and how long to wait: pure decisions, no sleeping here."""

from __future__ import annotations

import random
from collections.abc import Callable

import attrs
from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    HTTPClientError,
    ReadTimeoutError,
)

from .exceptions import ThrottledError

__all__ = ["RetryPolicy", "failure_may_have_succeeded", "is_retryable", "is_throttling"]

_THROTTLING_CODES = frozenset(ThrottledError.codes)
_HTTP_TOO_MANY_REQUESTS = 429
_HTTP_SERVER_ERROR = 500


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How often and how patiently to retry throttled and failed calls.

    Waits grow exponentially from ``base_delay`` up to ``max_delay``, with full jitter: each
    wait is a random fraction of that cap, so many clients do not retry in step.

    Attributes:
        max_attempts: Attempts in all, the first included; 1 turns retrying off. Retries
            botocore made inside the client count towards it.
        base_delay: The cap of the first wait, in seconds.
        max_delay: The largest cap of any wait, in seconds.
        jitter: Returns a random float in [0, 1); replace it for repeatable waits.
    """

    max_attempts: int = attrs.field(default=5, validator=attrs.validators.ge(1))
    base_delay: float = attrs.field(default=0.1, validator=attrs.validators.ge(0))
    max_delay: float = attrs.field(default=5.0, validator=attrs.validators.ge(0))
    jitter: Callable[[], float] = attrs.field(default=random.random, repr=False)

    @classmethod
    def off(cls) -> RetryPolicy:
        """Return a policy that never retries."""
        return cls(max_attempts=1)

    def delay(self, retry_number: int) -> float:
        """Return the wait before a retry, a random fraction of its exponential cap.

        Args:
            retry_number: Which retry this is: 1 for the first.

        Returns:
            The wait in seconds, from 0 up to ``min(max_delay, base_delay * 2 ** (n - 1))``.
        """
        cap = min(self.max_delay, self.base_delay * 2.0 ** (retry_number - 1))
        return cap * self.jitter()


def _http_status(error: ClientError) -> int:
    return error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)


def is_throttling(error: Exception) -> bool:
    """Whether ``error`` is the service's answer to too many requests (429)."""
    if not isinstance(error, ClientError):
        return False
    code = error.response.get("Error", {}).get("Code", "")
    return _http_status(error) == _HTTP_TOO_MANY_REQUESTS or code in _THROTTLING_CODES


def is_retryable(error: Exception, *, idempotent: bool) -> bool:
    """Whether another attempt may fix ``error`` without risk of doing the work twice.

    Throttling and failures to connect mean the service did nothing, so any call may be
    retried. Server errors and dropped or timed-out answers may come after the work was
    done, so only idempotent calls are retried after them.
    """
    if isinstance(error, ClientError):
        return is_throttling(error) or (idempotent and _http_status(error) >= _HTTP_SERVER_ERROR)
    if isinstance(error, (EndpointConnectionError, ConnectTimeoutError)):
        return True
    if isinstance(error, (ReadTimeoutError, ConnectionClosedError, HTTPClientError)):
        return idempotent
    return False


def failure_may_have_succeeded(error: Exception) -> bool:
    """Whether the request behind ``error`` may have been carried out all the same."""
    if isinstance(error, ClientError):
        return _http_status(error) >= _HTTP_SERVER_ERROR
    if isinstance(error, (EndpointConnectionError, ConnectTimeoutError)):
        return False
    return isinstance(error, HTTPClientError)
