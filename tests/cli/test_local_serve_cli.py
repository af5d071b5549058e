"""``chime-accounts local serve --latency-ms --rate-limit --burst``: a paced local endpoint."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from chime_accounts import ChimeAccounts, Pacing, RetryPolicy
from chime_accounts.exceptions import ThrottledError

from . import invoke
from .test_process_cli import environment

if TYPE_CHECKING:
    from collections.abc import Callable

    from chime_accounts.testing import LocalChime

TIMEOUT = 60.0


def unpaced(url: str) -> ChimeAccounts:
    """A client that neither paces nor retries, so every 429 reaches the test."""
    return ChimeAccounts(endpoint_url=url, pacing=Pacing.off(), retry=RetryPolicy.off())


def burst_of_calls(url: str, calls: int) -> tuple[int, int]:
    """Send ``calls`` list_accounts calls at once from one client; return (ok, throttled)."""
    ok = throttled = 0
    with unpaced(url) as chime:
        for _ in range(calls):
            try:
                next(chime.list_accounts(page_size=1).pages())
            except ThrottledError:
                throttled += 1
            else:
                ok += 1
    return ok, throttled


class TestPaceOptions:
    """The options reach LocalChime, and the banner says what they set."""

    @staticmethod
    def run_serve(
        monkeypatch: pytest.MonkeyPatch,
        args: list[str],
        use: Callable[[LocalChime], object] = lambda _server: None,
    ) -> str:
        """Run ``local serve ARGS`` in-process, ``use`` the server meanwhile; return stdout."""
        served: list[LocalChime] = []

        def serve_once(server: LocalChime) -> None:
            served.append(server)
            use(server)

        monkeypatch.setattr("chime_accounts.cli._local._serve_until_interrupted", serve_once)
        result = invoke(["local", "serve", "--count", "3", *args])
        assert result.exit_code == 0, result.output
        assert len(served) == 1
        return result.stdout

    def test_rate_limit_and_burst_throttle_above_the_limit(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        counts: list[tuple[int, int]] = []
        stdout = self.run_serve(
            monkeypatch,
            ["--rate-limit", "0.5", "--burst", "2"],
            lambda server: counts.append(burst_of_calls(server.endpoint_url, 6)),
        )
        # Two tokens, refilled at one every 2 s: six quick calls meet a 429 at least thrice,
        # however slowly a loaded machine sends them.
        ok, throttled = counts[0]
        assert ok + throttled == 6
        assert 2 <= ok <= 4
        assert "0.5 requests/s per operation (burst 2)" in stdout

    def test_latency_delays_every_answer(self, monkeypatch: pytest.MonkeyPatch) -> None:
        took: list[float] = []

        def timed(server: LocalChime) -> None:
            with unpaced(server.endpoint_url) as chime:
                for _ in range(3):
                    start = time.perf_counter()
                    next(chime.list_accounts(page_size=1).pages())
                    took.append(time.perf_counter() - start)

        stdout = self.run_serve(monkeypatch, ["--latency-ms", "40"], timed)
        assert min(took) >= 0.040  # a lower bound holds on any machine
        assert "40 ms latency" in stdout
        assert "requests/s" not in stdout

    def test_no_options_no_pace_line(self, monkeypatch: pytest.MonkeyPatch) -> None:
        counts: list[tuple[int, int]] = []
        stdout = self.run_serve(
            monkeypatch, [], lambda server: counts.append(burst_of_calls(server.endpoint_url, 20))
        )
        assert counts == [(20, 0)]
        assert "Paced like the service" not in stdout

    def test_default_burst_is_a_seconds_worth(self, monkeypatch: pytest.MonkeyPatch) -> None:
        stdout = self.run_serve(monkeypatch, ["--rate-limit", "100"])
        assert "100 requests/s per operation (burst 100)" in stdout

    @pytest.mark.parametrize(
        "args",
        [
            ["--latency-ms", "-1"],
            ["--rate-limit", "0"],
            ["--rate-limit", "-5"],
            ["--rate-limit", "10", "--burst", "0.5"],
            ["--burst", "3"],
        ],
    )
    def test_bad_values_are_usage_errors(self, args: list[str]) -> None:
        result = invoke(["local", "serve", *args])
        assert result.exit_code == 2
        assert "Error" in result.stderr


def test_the_console_script_serves_a_throttling_endpoint() -> None:
    command = [sys.executable, "-m", "chime_accounts", "local", "serve", "--count", "2"]
    pace = ["--latency-ms", "30", "--rate-limit", "0.5", "--burst", "2"]
    with subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [*command, *pace],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
    ) as process:
        assert process.stdout is not None
        banner = [process.stdout.readline()]
        while banner[-1] and not banner[-1].startswith("Press Ctrl-C"):
            banner.append(process.stdout.readline())
        found = re.search(r"http://127\.0\.0\.1:\d+", banner[0])
        assert found, banner
        ok, throttled = burst_of_calls(found.group(), 6)
        process.terminate()
        process.communicate(timeout=TIMEOUT)
    assert "Paced like the service: 30 ms latency, 0.5 requests/s" in "".join(banner)
    assert ok + throttled == 6
    assert throttled >= 2
