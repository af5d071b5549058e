"""Client-side adaptive rate limiting: how long each request waits, for threads and tasks alike.

Chime limits the request rate of each operation separately and answers 429
``ThrottledClientException`` above it. [`Pacing`][chime_accounts.Pacing] keeps one limiter
per operation inside one client-wide object, so every thread or task that uses a client
shares it. It only decides: [`reserve`][chime_accounts.Pacing.reserve] returns how long to
wait, and the caller sleeps (``time.sleep``) or awaits (``asyncio.sleep``) it.

How an operation's limiter works:

- Until its first 429 it does nothing: ``reserve`` is a dictionary look-up returning 0.
- After it, the limiter keeps the times of the successes of the last second. A 429 (at most
  one every 0.1 s, and none from requests granted before the previous cut) sets the
  operation's *limit* to the rate of those successes, which is what the service let
  through, and the send rate to 95 % of it. The estimate is taken only once at least 8
  successes are in (a 429 comes back faster than a success, and an estimate taken too
  early would collapse the rate), and within a run of 429s it also counts only the
  successes since the run began, so a burst the service allowed at the start does not
  inflate it.
- Requests already granted are spread out to the new rate at once, and between 429s the
  rate follows a cubic curve: back to the limit in under a second, a plateau, then faster
  and faster probing above it, so a raised limit is found in seconds. The curve is
  stretched when many requests wait in line, since their 429s would show only later.
- Waits are handed out as time slots (a virtual schedule), so requests leave evenly
  spaced, whatever the number of threads.

Not every 429 means "too fast": a service having a bad minute (or LocalChime's random
``Fault(status=429, rate=0.1)``) throttles a share of requests whatever the rate. Cutting
for those would never stop them, and each cut would start from a lower rate, down to the
floor. So cuts are taken only while they help:

- Cuts come in *trials*: a 429 starts one, and the trial's cuts are those of the next
  0.5 s. Then the trial is judged on the answers that came back after its last cut (at
  least 30, while the rate is held at the limit rather than probing above it): if the
  share of 429s among them fell (by two standard errors) from the second before the
  trial, the cuts helped and stay. If the share stayed the same (and at least three 429s
  came), the 429s are noise: the trial's cuts are undone, and that share becomes the
  *noise floor*. With too few 429s either way to tell, the cuts stay for now, and are
  undone too if a later trial finds noise.
- A new trial starts only from a 429 while the share of the last second is above twice the
  noise floor, so a real limit is still followed through the noise, and the limit's
  estimate counts the noise floor's 429s as let through (they say nothing of the rate).
  Whatever share a trial leaves becomes the new floor, so it goes when the noise does.

botocore's adaptive mode has the same parts (a token bucket, a measured send rate and a
CUBIC curve); its constants take several seconds to climb back after a 429, so the curve
here is relative to the limit and much faster.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from typing import TYPE_CHECKING

from .exceptions import ValidationError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Pacing"]

logger = logging.getLogger("chime_accounts")

_WINDOW = 1.0  # seconds of successes that estimate the allowed rate
_MIN_SPAN = 0.1  # an estimate never divides by less than this many seconds
_MIN_SUCCESSES = 8  # successes needed before the first estimate
_RUN_SUCCESSES = 3  # successes since a run of 429s began before that run's own estimate
_RUN_SPAN = 0.25  # seconds since a run of 429s began before that run's own estimate
_BETA = 0.95  # the send rate after a cut, as a fraction of the limit
_CUBIC = 0.1  # the cubic curve's constant, relative to the limit, per second cubed
_HOLD = 0.1  # at most one cut per this many seconds
_FEEDBACK = 0.25  # a line of waiting requests longer than this stretches the curve
_JUDGE_ANSWERS = 30  # answers after a trial's last cut needed to judge it
_NOISE_THROTTLES = 3  # 429s after a trial needed to call them noise
_MAX_NOISE = 0.5  # the largest noise floor the estimate of the limit allows for
_Z = 2.0  # standard errors by which the throttled share must move to tell it moved
_JUDGE_MAX = 3.0  # seconds after a trial's cuts within which it is judged
_TRIAL = 0.5  # seconds of cuts before they are judged
_NOISE_FACTOR = 2.0  # once judged, a 429 cuts only above this many times the noise floor
_MIN_RATE = 0.5
_MAX_RATE = 1e6
# Seconds from a cut until the curve is back at the limit.
_K: float = ((1.0 - _BETA) / _CUBIC) ** (1.0 / 3.0)


class _Limiter:
    """The adaptive rate of one operation; every method is called under the Pacing lock."""

    def __init__(self, now: float) -> None:
        self.started = now
        self.successes: deque[float] = deque()
        self.limit: float | None = None  # None until the first estimate: unpaced
        self.cut_at = now
        self.stretch = 1.0
        self.hold_until = now
        self.next_slot = now
        self.last_throttle = now
        # A run of 429s: its start is the first 429 after a success within the run, so
        # successes already on their way when the service ran dry do not count.
        self.run_armed = False
        self.run_start: float | None = None
        self.run_successes = 0
        # The 429s of the last second, and the noise floor: the throttled share that a
        # cut did not lower.
        self.throttles: deque[float] = deque()
        self.noise = 0.0
        # Answers since the last cut settled (its granted requests left), to judge it by.
        self.settled_at = self.judge_at = now
        self.since_ok = 0
        self.since_throttled = 0
        # A trial: the cuts of _TRIAL seconds from a 429 above the noise floor.
        self.trial_until: float | None = None
        self.before = (0, 1)  # (429s, answers) of the second before the trial
        # What undoing a trial restores: (limit, cut_at, stretch) after the last trial
        # that was sure to help, kept while trials are unsure.
        self.before_trial: tuple[float | None, float, float] = (None, now, 1.0)
        self.sure = True

    def rate(self, now: float) -> float | None:
        if self.limit is None:
            return None
        t = (now - self.cut_at) / self.stretch - _K
        if self.trial_until is not None and t > 0.0:
            t = 0.0  # no probing above the limit while a trial is judged
        return min(max(self.limit * (1.0 + _CUBIC * t * t * t), _MIN_RATE), _MAX_RATE)

    def take(self, slot: float) -> None:
        rate = self.rate(slot)
        if rate is not None:
            self.next_slot = slot + 1.0 / rate

    def earliest(self, now: float) -> float:
        return now if self.limit is None else max(now, self.next_slot)

    def success(self, now: float) -> None:
        self.successes.append(now)
        self._forget(now)
        self.run_armed = True
        self.run_successes += 1
        if now >= self.settled_at:
            self.since_ok += 1
            self._judge(now)

    def throttle(self, now: float, operation: str) -> None:
        if now - self.last_throttle > _WINDOW:
            self.run_start = None
            self.run_armed = False
        self.last_throttle = now
        if self.run_start is None and self.run_armed:
            self.run_start = now
            self.run_successes = 0
        self.throttles.append(now)
        self._forget(now)
        if now >= self.settled_at:
            self.since_throttled += 1
            self._judge(now)
        if now < self.hold_until:
            return
        trial_until = self.trial_until
        if trial_until is None:
            # Only 429s above the noise floor start a trial of cuts.
            share = _share(len(self.throttles), len(self.successes))
            if share <= _NOISE_FACTOR * self.noise:
                return
        elif now > trial_until:
            return  # the trial is over; no cut until it is judged
        estimate = self._estimate(now)
        if estimate is None:
            return
        rate = self.rate(now)
        limit = estimate if rate is None else min(estimate, rate)
        new_rate = max(limit * _BETA, _MIN_RATE)
        if rate is not None and self.next_slot > now:
            # Spread the slots already granted over the time the new rate gives them.
            self.next_slot = now + (self.next_slot - now) * rate / new_rate
        if trial_until is None:
            self.trial_until = now + _TRIAL
            # The second before, this 429 left out: that it came is why the trial starts.
            throttled = len(self.throttles) - 1
            self.before = (throttled, throttled + len(self.successes))
            if self.sure:
                self.before_trial = (self.limit, self.cut_at, self.stretch)
        self.limit = limit
        self.cut_at = now
        self.hold_until = max(now + _HOLD, self.next_slot)
        self.stretch = max(1.0, (self.next_slot - now) / _FEEDBACK)
        self.settled_at = self.hold_until
        # Judged on the answers until the curve is back at the limit, all at rates below it.
        self.judge_at = max(self.settled_at, now + _K * self.stretch)
        self.since_ok = self.since_throttled = 0
        logger.debug("%s throttled; pacing it at %.1f requests/s", operation, new_rate)

    def _judge(self, now: float) -> None:
        """Once a trial's cuts are over and have answers, tell whether they helped."""
        trial_until = self.trial_until
        after_throttled = self.since_throttled
        after = after_throttled + self.since_ok
        if trial_until is None or now < max(trial_until, self.judge_at) or after < _JUDGE_ANSWERS:
            return
        before_throttled, before = self.before
        share_before = before_throttled / before
        share_after = after_throttled / after
        # How far the share moved, in standard errors, were the two shares the same.
        pooled = (before_throttled + after_throttled) / (before + after)
        spread = math.sqrt(pooled * (1.0 - pooled) * (1.0 / before + 1.0 / after))
        z = (share_after - share_before) / spread if spread > 0.0 else 0.0
        if z < -_Z:
            self.noise = share_after  # the cuts helped: what is left is noise
        elif z > _Z:
            pass  # more 429s at a lower rate: the limit is still falling; kept
        elif after_throttled >= _NOISE_THROTTLES:
            # The share stayed the same at a lower rate: noise. Undo the cuts.
            self.noise = share_after
            self.limit, self.cut_at, self.stretch = self.before_trial
            self.sure = True
            self.trial_until = None
            return
        elif share_before * after >= _NOISE_THROTTLES and now < trial_until + _JUDGE_MAX:
            return  # noise would show within a few more answers: wait for them
        else:
            # Too few 429s either way to tell: kept, and undone too if a later trial
            # finds noise.
            self.sure = False
            self._end_trial(now)
            return
        self.sure = True
        self._end_trial(now)

    def _end_trial(self, now: float) -> None:
        self.trial_until = None
        # The curve goes on from where it was held, at the limit.
        self.cut_at = max(self.cut_at, now - _K * self.stretch)

    def _forget(self, now: float) -> None:
        for times in (self.successes, self.throttles):
            while times and times[0] <= now - _WINDOW:
                times.popleft()

    def _estimate(self, now: float) -> float | None:
        self._forget(now)
        count = len(self.successes)
        if count == 0 or (count < _MIN_SUCCESSES and now - self.started < _WINDOW):
            return None
        estimate = count / max(min(_WINDOW, now - self.started), _MIN_SPAN)
        run_start = self.run_start
        if (
            run_start is not None
            and self.run_successes >= _RUN_SUCCESSES
            and now - run_start >= _RUN_SPAN
        ):
            estimate = min(estimate, self.run_successes / (now - run_start))
        # The service let the noise floor's 429s through too: they say nothing of the rate.
        return estimate / (1.0 - min(self.noise, _MAX_NOISE))


class Pacing:
    """Client-side adaptive rate limiting, shared by every thread or task of one client.

    One limiter per operation adapts to the service's 429 answers (see the module
    docstring for how); ``max_rate`` adds a fixed cap on the whole client. Every method is
    thread-safe and none blocks, so one object serves threads and tasks alike. For each
    attempt of a request, retries included::

        time.sleep(pacing.reserve("GetAccount"))  # or: await asyncio.sleep(...)
        ...send...
        pacing.record_success("GetAccount")  # or record_throttle on a 429

    Args:
        max_rate: Requests per second for the whole client, never exceeded: requests
            leave at least ``1 / max_rate`` seconds apart. None (the default) sets no cap,
            only the adaptive limiting.
        clock: Returns the time in seconds; replace it to test without sleeping.

    Raises:
        ValidationError: ``max_rate`` is not a finite number above 0.
    """

    def __init__(
        self, *, max_rate: float | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._max_rate = _check_max_rate(max_rate)
        self._interval = None if self._max_rate is None else 1.0 / self._max_rate
        self._clock = clock
        self._lock = threading.Lock()
        self._limiters: dict[str, _Limiter] = {}
        self._next_slot = -math.inf
        self._enabled = True

    @classmethod
    def off(cls) -> Pacing:
        """Return a pacing that never waits and ignores every answer."""
        pacing = cls()
        pacing._enabled = False
        return pacing

    @property
    def enabled(self) -> bool:
        """False for [`Pacing.off()`][chime_accounts.Pacing.off], which never waits."""
        return self._enabled

    @property
    def max_rate(self) -> float | None:
        """The client-wide cap in requests per second, or None."""
        return self._max_rate

    def rate(self, operation: str) -> float | None:
        """Return the send rate granted to ``operation`` now, in requests per second.

        Returns:
            None while the operation is not paced (no 429 yet, or too few successes
            since); ``max_rate`` applies on top either way.
        """
        limiter = self._limiters.get(operation)
        if limiter is None:
            return None
        with self._lock:
            return limiter.rate(self._clock())

    def reserve(self, operation: str) -> float:
        """Take the next slot for a request of ``operation`` and return the wait until it.

        Every call takes a slot, so call it once per attempt, right before sending, and
        send after waiting the time it returns.

        Args:
            operation: The AWS operation name, e.g. ``GetAccount``.

        Returns:
            The seconds to wait before sending: 0.0 while nothing limits ``operation``.
        """
        limiter = self._limiters.get(operation)
        if limiter is None and self._interval is None:
            return 0.0
        with self._lock:
            now = self._clock()
            slot = now if limiter is None else limiter.earliest(now)
            if self._interval is not None:
                slot = max(slot, self._next_slot)
                self._next_slot = slot + self._interval
            if limiter is not None:
                limiter.take(slot)
            return slot - now

    def record_success(self, operation: str) -> None:
        """Record an answer other than a 429 (a service error too: it was let through).

        Args:
            operation: The AWS operation name.
        """
        limiter = self._limiters.get(operation)
        if limiter is None:
            return
        with self._lock:
            limiter.success(self._clock())

    def record_throttle(self, operation: str) -> None:
        """Record a 429 answer, which may lower the operation's send rate.

        Args:
            operation: The AWS operation name.
        """
        if not self._enabled:
            return
        with self._lock:
            now = self._clock()
            limiter = self._limiters.get(operation)
            if limiter is None:
                # No success has been counted yet, so there is no rate to estimate.
                self._limiters[operation] = _Limiter(now)
                return
            limiter.throttle(now, operation)


def _share(throttled: int, ok: int) -> float:
    answers = throttled + ok
    return throttled / answers if answers else 0.0


def _check_max_rate(max_rate: object) -> float | None:
    if max_rate is None:
        return None
    if (
        isinstance(max_rate, bool)
        or not isinstance(max_rate, (int, float))
        or not math.isfinite(max_rate)
        or max_rate <= 0
    ):
        raise ValidationError("max_rate", "must be a finite number of requests per second above 0")
    return float(max_rate)
