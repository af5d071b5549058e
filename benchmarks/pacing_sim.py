"""Simulated figures of Pacing: workers against a token-bucket server, on a simulated clock.

Run ``python -m benchmarks.pacing_sim``. Each worker loops: reserve, wait, send; the server
admits a request if its operation's bucket (``rate`` per second, ``burst`` deep) has a
token, and answers after ``latency`` (a 429 after ``throttle_latency``, faster); a 429
is retried after the library's RetryPolicy wait, through the pacer again.
"""

from __future__ import annotations

import heapq
import math
import random
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

from chime_accounts import Pacing
from chime_accounts._retry import RetryPolicy

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass(frozen=True)
class SimResult:
    """What one simulated run came to.

    Attributes:
        elapsed: Simulated seconds until the last success.
        sent: Requests sent, retries included.
        throttled: 429 answers.
        lost: Requests that ran out of attempts.
        rates: (time, rate granted to the first operation) at each of its successes.
    """

    elapsed: float
    sent: int
    throttled: int
    lost: int
    rates: tuple[tuple[float, float | None], ...]

    @property
    def throttled_share(self) -> float:
        """The share of sent requests that were throttled."""
        return self.throttled / self.sent


class _Bucket:
    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.last = 0.0

    def refill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now

    def admit(self, now: float) -> bool:
        if math.isinf(self.rate):
            return True
        self.refill(now)
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


def simulate(
    *,
    workers: int,
    requests: int = 1040,
    rate: float | None = 100.0,
    burst: float = 10.0,
    noise: float = 0.0,
    latency: float = 0.030,
    throttle_latency: float = 0.008,
    jitter: float = 0.1,
    seed: int = 0,
    rate_change: tuple[float, float] | None = None,
    operations: Callable[[int], str] = lambda _: "GetAccount",
    max_rate: float | None = None,
    retry: RetryPolicy | None = None,
) -> SimResult:
    """Run ``requests`` requests through ``workers`` simulated workers and one Pacing.

    ``rate`` None sets no limit. ``noise`` is the chance that a request the bucket admits
    is answered 429 all the same, at random whatever the rate (as LocalChime's
    ``Fault(status=429, rate=...)``). ``rate_change`` is (time, new rate): the server's
    limit changes then. Latencies vary by up to ``jitter`` (a fraction) either way.
    ``retry`` replaces the library's default RetryPolicy.
    """
    rng = random.Random(seed)
    now = 0.0
    pacing = Pacing(clock=lambda: now, max_rate=max_rate)
    if retry is None:
        retry = RetryPolicy(jitter=rng.random)
    buckets: dict[str, _Bucket] = {}
    events: list[tuple[float, int, str, int, int]] = []
    sequence = 0

    def push(at: float, what: str, job: int, attempt: int) -> None:
        nonlocal sequence
        sequence += 1
        heapq.heappush(events, (at, sequence, what, job, attempt))

    def vary(seconds: float) -> float:
        return seconds * (1 + jitter * (2 * rng.random() - 1))

    jobs = iter(range(requests))
    for _ in range(min(workers, requests)):
        push(0.0, "reserve", next(jobs), 1)
    first = operations(0)
    sent = throttled = lost = 0
    elapsed = 0.0
    rates: list[tuple[float, float | None]] = []
    while events:
        now, _, what, job, attempt = heapq.heappop(events)
        operation = operations(job)
        bucket = buckets.setdefault(operation, _Bucket(math.inf if rate is None else rate, burst))
        if rate_change is not None and now >= rate_change[0] and bucket.rate != rate_change[1]:
            bucket.refill(now)
            bucket.rate = rate_change[1]
        if what == "reserve":
            push(now + pacing.reserve(operation), "send", job, attempt)
        elif what == "send":
            sent += 1
            if bucket.admit(now) and not (noise and rng.random() < noise):
                push(now + vary(latency), "ok", job, attempt)
            else:
                push(now + vary(throttle_latency), "429", job, attempt)
        elif what == "ok":
            pacing.record_success(operation)
            elapsed = now
            if operation == first:
                rates.append((now, pacing.rate(operation)))
            nxt = next(jobs, None)
            if nxt is not None:
                push(now, "reserve", nxt, 1)
        else:
            throttled += 1
            pacing.record_throttle(operation)
            if attempt < retry.max_attempts:
                push(now + retry.delay(attempt), "reserve", job, attempt + 1)
            else:
                lost += 1
                nxt = next(jobs, None)
                if nxt is not None:
                    push(now, "reserve", nxt, 1)
    return SimResult(elapsed, sent, throttled, lost, tuple(rates))


def recovery_time(result: SimResult, after: float, target: float) -> float | None:
    """Seconds from ``after`` until the granted rate first reaches ``target``."""
    for at, granted in result.rates:
        if at >= after and granted is not None and granted >= target:
            return at - after
    return None


def main() -> None:
    """Print the figures of the Fleet speed workload for 16 and 32 workers."""
    floor = 1040 / 100.0
    print("1,040 requests, 30 ms latency, server 100 req/s burst 10, 20 seeds")
    for workers in (16, 32):
        runs = [simulate(workers=workers, seed=seed) for seed in range(20)]
        ratios = [r.elapsed / floor for r in runs]
        shares = [100 * r.throttled_share for r in runs]
        print(
            f"{workers:2} workers: elapsed {statistics.median(ratios):.3f}x the floor "
            f"(worst {max(ratios):.3f}x), throttled {statistics.median(shares):.1f} % "
            f"(worst {max(shares):.1f} %), lost {sum(r.lost for r in runs)}"
        )
    run = simulate(workers=32, requests=3000, rate_change=(3.0, 200.0))
    recovered = recovery_time(run, 3.0, 180.0)
    print(f"limit 100 -> 200 req/s at 3 s: 180 req/s granted {recovered:.2f} s later")
    for workers in (16, 32):
        runs = [simulate(workers=workers, noise=0.1, seed=seed) for seed in range(20)]
        ratios = [r.elapsed / floor for r in runs]
        print(
            f"{workers:2} workers, 10 % random 429s on top: elapsed "
            f"{statistics.median(ratios):.3f}x the floor (worst {max(ratios):.3f}x), "
            f"lost {sum(r.lost for r in runs)}"
        )
    storm = RetryPolicy(max_attempts=12, base_delay=0.0, max_delay=0.0)

    def no_limit(noise: float, seed: int) -> float:
        return simulate(
            workers=16,
            requests=3200,
            rate=None,
            noise=noise,
            latency=0.005,
            throttle_latency=0.0025,
            retry=storm,
            seed=seed,
        ).elapsed

    clean = no_limit(0.0, 0)
    noisy = [no_limit(0.1, seed) / clean for seed in range(20)]
    print(
        f"no limit, 10 % random 429s, 16 workers: {statistics.median(noisy):.2f}x the time "
        f"without them (worst {max(noisy):.2f}x)"
    )


if __name__ == "__main__":
    main()
