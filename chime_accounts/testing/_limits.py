"""The endpoint's pace: per-operation rate limits and the latency of every answer.

`RateLimits` keeps one `TokenBucket` per limited operation; a call over its
operation's limit is throttled. `Pace` bundles the limits with the latency
and checks both when LocalChime is built, before anything starts.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chime_accounts.testing._responses import OPERATIONS

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Pace", "RateLimits", "TokenBucket"]


class TokenBucket:
    """Admits ``rate`` calls a second on average, and up to ``burst`` at once.

    The bucket starts full with ``burst`` tokens and refills continuously at
    ``rate`` tokens a second, never beyond ``burst``; a call takes one token
    or, when less than one is left, is refused. Not thread-safe: `RateLimits`
    calls it under its lock.

    Args:
        rate: Tokens added per second; positive.
        burst: The bucket's capacity; at least 1.
        clock: Seconds from a monotonic clock; tests pass a fake one.
    """

    def __init__(
        self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._rate = rate
        self._burst = burst
        self._clock = clock
        self._tokens = burst
        self._stamp = clock()

    def take(self) -> bool:
        """Take a token if one is there.

        Returns:
            Whether the call is admitted.
        """
        now = self._clock()
        # max() guards against a clock that steps back; a monotonic one does not.
        elapsed = max(0.0, now - self._stamp)
        self._stamp = now
        self._tokens = min(self._burst, self._tokens + elapsed * self._rate)
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True


class RateLimits:
    """One token bucket per limited operation.

    Args:
        rates: Operation name -> calls per second; operations not in it are
            not limited.
        burst: Each bucket's capacity; one second's worth of its rate (at
            least 1) when ``None``.
        clock: Seconds from a monotonic clock; tests pass a fake one.
    """

    def __init__(
        self,
        rates: Mapping[str, float],
        burst: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lock = threading.Lock()
        self._buckets = {
            operation: TokenBucket(rate, burst if burst is not None else max(rate, 1.0), clock)
            for operation, rate in rates.items()
        }

    def admit(self, operation: str) -> bool:
        """Take a token from the operation's bucket, if it has one.

        Args:
            operation: The call's operation name.

        Returns:
            Whether the call is admitted; always for an operation without a limit.
        """
        bucket = self._buckets.get(operation)
        if bucket is None:
            return True
        with self._lock:
            return bucket.take()


@dataclass(frozen=True)
class Pace:
    """How fast the endpoint answers.

    Attributes:
        latency: Seconds every answer waits before it is sent (throttled
            answers excepted).
        limits: The per-operation rate limits.
    """

    latency: float
    limits: RateLimits

    @classmethod
    def build(
        cls,
        latency: float,
        rate_limit: float | Mapping[str, float] | None,
        burst: float | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> Pace:
        """Check LocalChime's pace options and build them.

        Args:
            latency: Seconds; 0 or more.
            rate_limit: Calls per second for every operation, or operation
                name -> calls per second, or ``None`` for no limit.
            burst: Each bucket's capacity, at least 1; ``None`` for one
                second's worth of its rate.
            clock: Seconds from a monotonic clock.

        Returns:
            The pace.

        Raises:
            ValueError: For a negative or non-finite latency, a rate that is
                not positive and finite, an unknown operation name, or a burst
                below 1.
        """
        if not (math.isfinite(latency) and latency >= 0):
            raise ValueError(f"latency must be a finite number of seconds >= 0, not {latency!r}")
        if burst is not None and not (math.isfinite(burst) and burst >= 1):
            raise ValueError(f"burst must be a finite number >= 1, not {burst!r}")
        if rate_limit is None:
            rates: dict[str, float] = {}
        elif isinstance(rate_limit, Mapping):
            unknown = sorted(set(rate_limit) - set(OPERATIONS))
            if unknown:
                raise ValueError(
                    f"rate_limit names operations LocalChime does not serve: {unknown}; "
                    f"it serves {list(OPERATIONS)}"
                )
            for operation, rate in rate_limit.items():
                _check_rate(rate, f"rate_limit[{operation!r}]")
            rates = dict(rate_limit)
        else:
            _check_rate(rate_limit, "rate_limit")
            rates = dict.fromkeys(OPERATIONS, rate_limit)
        return cls(latency=latency, limits=RateLimits(rates, burst, clock))


def _check_rate(rate: float, what: str) -> None:
    if not (math.isfinite(rate) and rate > 0):
        raise ValueError(f"{what} must be a positive, finite number per second, not {rate!r}")
