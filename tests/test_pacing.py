"""Pacing: free until the first 429, then near the service's rate, ramping back up, capped."""

from __future__ import annotations

import itertools
import statistics
import threading

import pytest

from benchmarks.pacing_sim import recovery_time, simulate
from chime_accounts import Pacing, RetryPolicy
from chime_accounts.exceptions import ValidationError

TIMEOUT = 30.0


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def throttled_at(rate: float, clock: FakeClock, pacing: Pacing, seconds: float = 1.0) -> None:
    """A 429, then successes at ``rate`` per second for ``seconds``, then another 429."""
    pacing.record_throttle("GetAccount")
    for _ in range(round(rate * seconds)):
        clock.now += 1.0 / rate
        pacing.record_success("GetAccount")
    pacing.record_throttle("GetAccount")


class TestFastPath:
    """Before any 429 and without max_rate, nothing waits and nothing is kept."""

    def test_no_wait_before_a_throttle(self) -> None:
        pacing = Pacing(clock=FakeClock())
        for _ in range(1000):
            pacing.record_success("GetAccount")
            assert pacing.reserve("GetAccount") == 0.0
        assert pacing.rate("GetAccount") is None
        assert pacing._limiters == {}  # pyright: ignore[reportPrivateUsage]

    def test_a_first_throttle_without_successes_does_not_collapse_the_rate(self) -> None:
        clock = FakeClock()
        pacing = Pacing(clock=clock)
        pacing.record_throttle("GetAccount")
        clock.now += 0.01
        pacing.record_throttle("GetAccount")
        assert pacing.rate("GetAccount") is None
        assert pacing.reserve("GetAccount") == 0.0

    def test_operations_are_paced_apart(self) -> None:
        clock = FakeClock()
        pacing = Pacing(clock=clock)
        throttled_at(50.0, clock, pacing)
        assert pacing.rate("GetAccount") is not None
        assert pacing.rate("ListUsers") is None
        assert pacing.reserve("ListUsers") == 0.0

    def test_off_never_waits(self) -> None:
        clock = FakeClock()
        pacing = Pacing.off()
        assert not pacing.enabled
        assert Pacing().enabled
        throttled_at(50.0, clock, pacing)
        assert all(pacing.reserve("GetAccount") == 0.0 for _ in range(100))
        assert pacing.rate("GetAccount") is None


class TestValidation:
    """max_rate must be a finite number above 0."""

    @pytest.mark.parametrize("max_rate", [0, -1, 0.0, "10", True, float("nan"), float("inf")])
    def test_bad_max_rate(self, max_rate: object) -> None:
        with pytest.raises(ValidationError, match="max_rate"):
            Pacing(max_rate=max_rate)  # type: ignore[arg-type]

    @pytest.mark.parametrize("max_rate", [5, 2.5, 1e-3])
    def test_good_max_rate(self, max_rate: float) -> None:
        assert Pacing(max_rate=max_rate).max_rate == max_rate


class TestMaxRate:
    """max_rate spaces every request of the client by exactly 1 / max_rate."""

    def test_requests_are_spaced_exactly(self) -> None:
        pacing = Pacing(max_rate=10, clock=FakeClock())
        waits = [pacing.reserve(op) for op in ["GetAccount", "ListUsers"] * 10]
        assert waits == pytest.approx([i / 10 for i in range(20)])

    def test_idle_time_gives_no_burst(self) -> None:
        clock = FakeClock()
        pacing = Pacing(max_rate=4, clock=clock)
        assert pacing.reserve("GetAccount") == 0.0
        clock.now = 100.0
        assert [pacing.reserve("GetAccount") for _ in range(3)] == [0.0, 0.25, 0.5]

    def test_caps_an_adaptive_rate_above_it(self) -> None:
        clock = FakeClock()
        pacing = Pacing(max_rate=20, clock=clock)
        throttled_at(50.0, clock, pacing)
        waits = [pacing.reserve("GetAccount") for _ in range(10)]
        gaps = [b - a for a, b in itertools.pairwise(waits)]
        assert gaps == pytest.approx([1 / 20] * 9)


class TestCut:
    """A 429 sets the rate near the successes of the last second, not to the floor."""

    @pytest.mark.parametrize("rate", [5.0, 50.0, 400.0])
    def test_rate_drops_to_the_observed_success_rate(self, rate: float) -> None:
        clock = FakeClock()
        pacing = Pacing(clock=clock)
        throttled_at(rate, clock, pacing)
        granted = pacing.rate("GetAccount")
        assert granted is not None
        assert 0.9 * rate <= granted <= rate

    def test_waits_follow_the_granted_rate(self) -> None:
        clock = FakeClock()
        pacing = Pacing(clock=clock)
        throttled_at(50.0, clock, pacing)
        waits = [pacing.reserve("GetAccount") for _ in range(5)]
        assert waits[0] == 0.0
        gaps = [b - a for a, b in itertools.pairwise(waits)]
        assert all(1 / 50 <= gap <= 1 / 45 for gap in gaps)

    def test_at_most_one_cut_per_tenth_of_a_second(self) -> None:
        clock = FakeClock()
        pacing = Pacing(clock=clock)
        throttled_at(50.0, clock, pacing)
        granted = pacing.rate("GetAccount")
        for _ in range(20):
            pacing.record_throttle("GetAccount")
        assert pacing.rate("GetAccount") == granted


class TestRampUp:
    """After a cut the rate climbs back: to the limit within a second, then above it."""

    def test_climbs_back_and_probes_above(self) -> None:
        clock = FakeClock()
        pacing = Pacing(clock=clock)
        throttled_at(100.0, clock, pacing)
        cut = clock.now
        samples: list[float] = []
        for step in range(25):
            # The answers keep coming, none of them a 429.
            for _ in range(20):
                clock.now += 0.01
                pacing.record_success("GetAccount")
            clock.now = cut + step * 0.2
            granted = pacing.rate("GetAccount")
            assert granted is not None
            samples.append(granted)
        assert samples == sorted(samples)
        assert samples[0] == pytest.approx(95.0, rel=0.02)
        assert 99.0 <= samples[5] <= 101.0  # back at the limit after 1 s, on a plateau
        assert samples[10] <= 120.0  # the probing starts gently
        assert samples[-1] >= 200.0  # then doubles within 5 s

    def test_held_at_the_limit_until_the_cut_is_judged(self) -> None:
        clock = FakeClock()
        pacing = Pacing(clock=clock)
        throttled_at(100.0, clock, pacing)
        clock.now += 5.0  # no answers: nothing tells whether the cut helped
        assert pacing.rate("GetAccount") == pytest.approx(100.0, rel=0.01)


class TestNoise:
    """429s that come at random, whatever the rate, do not drive the rate down."""

    @staticmethod
    def answer(pacing: Pacing, clock: FakeClock, seconds: float, every: int) -> None:
        """Answer requests as fast as the pacer grants them; every ``every``-th is a 429."""
        end = clock.now + seconds
        count = 0
        while clock.now < end:
            clock.now += max(pacing.reserve("GetAccount"), 0.002)
            count += 1
            if count % every == 0:
                pacing.record_throttle("GetAccount")
            else:
                pacing.record_success("GetAccount")

    @pytest.mark.parametrize("every", [5, 10, 20])
    def test_a_steady_share_of_429s_is_noise(self, every: int) -> None:
        clock = FakeClock()
        pacing = Pacing(clock=clock)
        self.answer(pacing, clock, 30.0, every)
        # The cuts it tried did not lower the share, so they were undone: unpaced again.
        assert pacing.rate("GetAccount") is None
        assert pacing.reserve("GetAccount") == 0.0

    def test_a_real_limit_is_followed_above_the_noise(self) -> None:
        result = simulate(workers=16, requests=2000, noise=0.1)
        late = [rate for at, rate in result.rates if at > 5.0 and rate is not None]
        assert 70.0 <= statistics.median(late) <= 130.0
        assert result.elapsed <= 2.0 * (2000 / 100)

    @pytest.mark.parametrize("noise", [0.05, 0.1, 0.3])
    def test_a_storm_without_a_limit_costs_a_few_seconds(self, noise: float) -> None:
        patient = RetryPolicy(max_attempts=12, base_delay=0.0, max_delay=0.0)

        def run(noise: float, seed: int) -> float:
            result = simulate(
                workers=16,
                requests=3200,
                rate=None,
                noise=noise,
                latency=0.005,
                throttle_latency=0.0025,
                retry=patient,
                seed=seed,
            )
            assert result.lost == 0
            return result.elapsed

        clean = run(0.0, 0)  # about 1 s: 3,200 requests, 16 at a time, 5 ms each
        for seed in range(5):
            # Before the noise floor, the rate spiralled down to 0.5 requests/s.
            assert run(noise, seed) <= clean + 6.0

    def test_noise_then_a_limit(self) -> None:
        # 16 workers at 30 ms send about 480 requests/s until the limit appears.
        result = simulate(workers=16, requests=3000, rate=None, noise=0.1, rate_change=(2.0, 50.0))
        late = [rate for at, rate in result.rates if at > 12.0 and rate is not None]
        assert 35.0 <= statistics.median(late) <= 70.0


class TestSimulated:
    """Against a simulated token-bucket server, paced workers run near its limit."""

    @pytest.mark.parametrize(
        ("workers", "max_ratio", "max_throttled"), [(16, 1.05, 0.04), (32, 1.08, 0.07)]
    )
    def test_fleet_speed_workload(
        self, workers: int, max_ratio: float, max_throttled: float
    ) -> None:
        floor = 1040 / 100
        for seed in range(5):
            result = simulate(workers=workers, seed=seed)
            assert result.lost == 0
            assert result.elapsed <= max_ratio * floor
            assert result.throttled_share <= max_throttled

    def test_converges_near_the_limit(self) -> None:
        result = simulate(workers=16, requests=2000, rate=100.0)
        late = [rate for at, rate in result.rates if at > 5.0 and rate is not None]
        assert 90.0 <= statistics.median(late) <= 110.0

    def test_mixed_operations_are_limited_each(self) -> None:
        def operations(job: int) -> str:
            return "ListUsers" if job % 5 == 0 else "GetAccount"

        result = simulate(workers=32, operations=operations)
        assert result.lost == 0
        assert result.elapsed <= 1.1 * (832 / 100)
        assert result.throttled_share <= 0.06

    def test_recovers_when_the_limit_rises(self) -> None:
        result = simulate(workers=32, requests=3000, rate_change=(3.0, 200.0))
        recovered = recovery_time(result, 3.0, 180.0)
        assert recovered is not None
        assert recovered <= 4.0
        assert result.throttled_share <= 0.05

    def test_follows_a_lower_limit(self) -> None:
        result = simulate(workers=16, requests=1500, rate_change=(4.0, 50.0))
        assert result.lost == 0
        late = [rate for at, rate in result.rates if at > 8.0 and rate is not None]
        assert 40.0 <= statistics.median(late) <= 60.0

    def test_max_rate_below_the_limit_avoids_every_throttle(self) -> None:
        result = simulate(workers=16, requests=500, max_rate=80.0)
        assert result.throttled == 0
        assert result.elapsed == pytest.approx(500 / 80 + 0.03, rel=0.02)


class TestThreads:
    """Concurrent reserve and record calls hand out every slot exactly once."""

    def test_every_slot_once(self) -> None:
        pacing = Pacing(max_rate=1000, clock=lambda: 0.0)
        start = threading.Event()
        waits: list[list[float]] = [[] for _ in range(8)]
        errors: list[BaseException] = []

        def worker(index: int) -> None:
            try:
                assert start.wait(TIMEOUT)
                for i in range(500):
                    waits[index].append(pacing.reserve("GetAccount"))
                    if i % 3 == 0:
                        pacing.record_throttle("ListUsers")
                    pacing.record_success("ListUsers")
                    waits[index].append(pacing.reserve("ListUsers"))
            except BaseException as error:  # noqa: BLE001 - reported by the main thread
                errors.append(error)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        start.set()
        for thread in threads:
            thread.join(TIMEOUT)
        assert not errors
        # Both operations share the client-wide bucket: no two slots closer than 1 ms.
        taken = sorted(w for per_thread in waits for w in per_thread)
        assert len(taken) == 8000
        assert min(b - a for a, b in itertools.pairwise(taken)) >= 0.001 - 1e-9
