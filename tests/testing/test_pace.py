from __future__ import annotations

import contextlib
import http.client
import json
import math
import threading
import time
from typing import TYPE_CHECKING, Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from chime_accounts import RetryPolicy, ThrottledError
from chime_accounts.testing import Fault, LocalChime
from chime_accounts.testing._limits import RateLimits, TokenBucket

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

NO_RETRY = Config(retries={"total_max_attempts": 1})
# A rate so low that no token comes back while a test runs, even on a loaded machine.
GLACIAL = 0.0001


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def get(server: LocalChime, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never became true"
        time.sleep(0.005)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


class TestTokenBucket:
    """A bucket admits its burst at once, then its rate, measured on its clock."""

    def test_starts_full_and_empties(self, clock: FakeClock) -> None:
        bucket = TokenBucket(rate=1.0, burst=3, clock=clock)
        assert [bucket.take() for _ in range(4)] == [True, True, True, False]

    def test_refills_at_its_rate(self, clock: FakeClock) -> None:
        bucket = TokenBucket(rate=4.0, burst=4, clock=clock)
        for _ in range(4):
            bucket.take()
        clock.advance(0.24)
        assert not bucket.take()
        clock.advance(0.01)
        assert bucket.take()
        assert not bucket.take()
        clock.advance(0.5)
        assert [bucket.take() for _ in range(3)] == [True, True, False]

    def test_never_holds_more_than_its_burst(self, clock: FakeClock) -> None:
        bucket = TokenBucket(rate=100.0, burst=10, clock=clock)
        clock.advance(3600)
        assert sum(bucket.take() for _ in range(50)) == 10

    def test_a_refused_call_takes_nothing(self, clock: FakeClock) -> None:
        bucket = TokenBucket(rate=2.0, burst=1, clock=clock)
        assert bucket.take()
        for _ in range(5):
            assert not bucket.take()
        clock.advance(0.5)
        assert bucket.take()

    def test_a_clock_stepping_back_adds_nothing(self, clock: FakeClock) -> None:
        bucket = TokenBucket(rate=1.0, burst=1, clock=clock)
        assert bucket.take()
        clock.advance(-50)
        assert not bucket.take()
        clock.advance(1)
        assert bucket.take()


class TestRateLimits:
    """Each limited operation has a bucket of its own; the others are not limited."""

    def test_operations_do_not_share_a_bucket(self, clock: FakeClock) -> None:
        limits = RateLimits({"GetAccount": 1.0, "ListAccounts": 1.0}, clock=clock)
        assert limits.admit("GetAccount")
        assert not limits.admit("GetAccount")
        assert limits.admit("ListAccounts")

    def test_unnamed_operations_are_unlimited(self, clock: FakeClock) -> None:
        limits = RateLimits({"GetAccount": 1.0}, clock=clock)
        assert all(limits.admit("ListAccounts") for _ in range(1000))

    def test_default_burst_is_one_seconds_worth(self, clock: FakeClock) -> None:
        limits = RateLimits({"GetAccount": 100.0}, clock=clock)
        assert sum(limits.admit("GetAccount") for _ in range(150)) == 100

    def test_default_burst_is_at_least_one(self, clock: FakeClock) -> None:
        limits = RateLimits({"GetAccount": 0.5}, clock=clock)
        assert [limits.admit("GetAccount") for _ in range(2)] == [True, False]
        clock.advance(2)
        assert limits.admit("GetAccount")

    def test_burst_applies_to_every_bucket(self, clock: FakeClock) -> None:
        limits = RateLimits({"GetAccount": 100.0, "ListUsers": 5.0}, burst=10, clock=clock)
        assert sum(limits.admit("GetAccount") for _ in range(50)) == 10
        assert sum(limits.admit("ListUsers") for _ in range(50)) == 10

    def test_concurrent_calls_take_each_token_once(self, clock: FakeClock) -> None:
        limits = RateLimits({"GetAccount": 1.0}, burst=100, clock=clock)
        admitted: list[bool] = []
        lock = threading.Lock()
        barrier = threading.Barrier(8)

        def worker() -> None:
            barrier.wait()
            for _ in range(50):
                result = limits.admit("GetAccount")
                with lock:
                    admitted.append(result)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert admitted.count(True) == 100


class TestPaceOptions:
    """Bad latency or rate limits fail when LocalChime is built, before it serves."""

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            ({"latency": -0.1}, "latency"),
            ({"latency": math.nan}, "latency"),
            ({"latency": math.inf}, "latency"),
            ({"rate_limit": -1.0}, "rate_limit"),
            ({"rate_limit": 0.0}, "rate_limit"),
            ({"rate_limit": math.nan}, "rate_limit"),
            ({"rate_limit": {"GetAccount": -5.0}}, "GetAccount"),
            ({"rate_limit": {"GetAcount": 5.0}}, "GetAcount"),
            ({"rate_limit": {"ListAccounts": 5.0, "CreateMeeting": 1.0}}, "CreateMeeting"),
            ({"rate_limit": 10.0, "burst": 0.5}, "burst"),
            ({"rate_limit": 10.0, "burst": -1.0}, "burst"),
        ],
    )
    def test_bad_options_are_value_errors(self, options: dict[str, Any], message: str) -> None:
        with pytest.raises(ValueError, match=message):
            LocalChime(**options)

    def test_both_default_to_off(self) -> None:
        with LocalChime() as server:
            client = server.client(NO_RETRY)
            for _ in range(300):
                client.list_accounts()
            assert {r.status for r in server.requests} == {200}


class TestThrottling:
    """A request over its operation's rate is answered 429 at once, as the service does."""

    @pytest.fixture
    def server(self) -> Iterator[LocalChime]:
        with LocalChime(rate_limit=GLACIAL, burst=3) as chime_server:
            yield chime_server

    def test_the_burst_passes_then_requests_are_throttled(self, server: LocalChime) -> None:
        client = server.client(NO_RETRY)
        for _ in range(3):
            client.list_accounts()
        with pytest.raises(ClientError) as exc:
            client.list_accounts()
        assert exc.value.response.get("Error", {}).get("Code") == "ThrottledClientException"
        assert [r.status for r in server.requests] == [200, 200, 200, 429]
        assert server.requests[-1].operation == "ListAccounts"
        assert server.requests[-1].fault is None

    def test_the_wire_form_is_the_services(self, server: LocalChime) -> None:
        for _ in range(3):
            get(server, "/accounts")
        status, headers, body = get(server, "/accounts")
        assert status == 429
        assert headers["x-amzn-errortype"] == "ThrottledClientException"
        assert headers["content-type"] == "application/json"
        assert json.loads(body) == {"Code": "Throttled", "Message": "Rate exceeded."}

    def test_each_operation_has_its_own_bucket(self, server: LocalChime) -> None:
        client = server.client(NO_RETRY)
        account_id = client.create_account(Name="Own bucket")["Account"]["AccountId"]
        for _ in range(3):
            client.get_account(AccountId=account_id)
        client.list_accounts()
        assert [r.status for r in server.requests] == [201, 200, 200, 200, 200]

    def test_chime_accounts_sees_a_throttled_error(self, server: LocalChime) -> None:
        chime = server.chime_accounts(retry=RetryPolicy(max_attempts=2, base_delay=0.0))
        for _ in range(3):
            list(chime.list_accounts())
        with pytest.raises(ThrottledError):
            list(chime.list_accounts())
        assert [r.status for r in server.requests] == [200, 200, 200, 429, 429]

    def test_a_throttled_request_meets_no_fault(self, server: LocalChime) -> None:
        for _ in range(3):
            get(server, "/accounts")
        server.inject(Fault.error("ListAccounts", 500))
        status, _, _ = get(server, "/accounts")
        assert status == 429
        assert server.faults_fired == 0
        assert len(server.faults) == 1

    def test_a_mapping_limits_only_the_named_operations(self) -> None:
        with LocalChime(rate_limit={"ListAccounts": GLACIAL}) as server:
            client = server.client(NO_RETRY)
            account_id = client.create_account(Name="Mapped")["Account"]["AccountId"]
            client.list_accounts()
            with pytest.raises(ClientError):
                client.list_accounts()
            for _ in range(20):
                client.get_account(AccountId=account_id)
            statuses = [r.status for r in server.requests]
        assert statuses == [201, 200, 429] + [200] * 20


class TestLatency:
    """Every request waits the latency, side by side with the others."""

    def test_a_request_waits_the_latency(self) -> None:
        with LocalChime(latency=0.2) as server:
            started = time.monotonic()
            status, _, _ = get(server, "/accounts")
            elapsed = time.monotonic() - started
        assert status == 200
        assert elapsed >= 0.2

    def test_throttled_requests_do_not_wait(self) -> None:
        with LocalChime(latency=600.0, rate_limit=GLACIAL, burst=1) as server:
            waits = watch_waits(server)
            # The bucket's one token goes to a request that then waits out the latency...
            threading.Thread(target=get_quietly, args=(server,), daemon=True).start()
            assert waits.wait(timeout=10)
            # ...while this one, throttled, is answered at once.
            status, _, _ = get(server, "/accounts")
            assert status == 429
            assert [r.status for r in server.requests] == [429]

    def test_concurrent_requests_wait_side_by_side(self) -> None:
        latency, count = 0.2, 50
        with LocalChime(latency=latency) as server:
            barrier = threading.Barrier(count + 1)
            statuses: list[int] = []
            lock = threading.Lock()

            def worker() -> None:
                barrier.wait()
                status, _, _ = get(server, "/accounts")
                with lock:
                    statuses.append(status)

            threads = [threading.Thread(target=worker) for _ in range(count)]
            for t in threads:
                t.start()
            barrier.wait()
            started = time.monotonic()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - started
        assert statuses == [200] * count
        # In turn they would take count * latency = 10 s; side by side about 0.2 s.
        assert elapsed < count * latency / 4

    def test_stop_ends_the_wait(self) -> None:
        server = LocalChime(latency=600.0).start()
        waits = watch_waits(server)
        waiting = threading.Thread(target=get_quietly, args=(server,), daemon=True)
        waiting.start()
        assert waits.wait(timeout=10)
        server.stop()
        # The handler stops waiting and answers (into a closed socket), so it is recorded.
        wait_until(lambda: len(server.requests) == 1)
        waiting.join(timeout=10)
        assert not waiting.is_alive()


class _WatchedEvent(threading.Event):
    """The server's stop event, telling when a handler starts waiting on it."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting = threading.Event()

    def wait(self, timeout: float | None = None) -> bool:
        self.waiting.set()
        return super().wait(timeout)


def watch_waits(server: LocalChime) -> threading.Event:
    """Return an event set once a handler of ``server`` waits (latency or fault delay)."""
    http_server = server._server  # pyright: ignore[reportPrivateUsage]
    assert http_server is not None
    watched = _WatchedEvent()
    http_server.stopping = watched
    return watched.waiting


def get_quietly(server: LocalChime) -> None:
    with contextlib.suppress(OSError, http.client.HTTPException):
        get(server, "/accounts")
