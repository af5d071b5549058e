"""``python -m chime_accounts offboard apply`` as a process: killed and resumed, rate-limited,
and against ``chime-accounts local serve``."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any, cast

from chime_accounts import AccountType, ChimeAccounts
from chime_accounts.cli import ExitCode
from chime_accounts.offboarding import Plan, StepKind
from chime_accounts.offboarding import plan as make_plan
from chime_accounts.testing import LocalChime

from ..cli import invoke
from . import journal_lines, write_steps

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

# Generous: the machine may be loaded. Conditions are polled, never waited out.
DEADLINE = 120.0


def environment() -> dict[str, str]:
    env = dict(os.environ)  # the tests' dummy credentials
    env.pop("AWS_MAX_ATTEMPTS", None)
    return env


def apply_command(plan_file: Path, url: str, *more: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "chime_accounts",
        "offboard",
        "apply",
        str(plan_file),
        "--yes",
        "--endpoint-url",
        url,
        "-o",
        "json",
        *more,
    ]


def run(command: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command, arguments from the tests
        command, capture_output=True, text=True, env=environment(), timeout=DEADLINE, check=False
    )


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def add_team_accounts(server: LocalChime, count: int, users: int) -> None:
    for n in range(count):
        account_id = server.add_account(f"Retire {n:02d}")["AccountId"]
        for i in range(users):
            server.add_user(account_id, f"u{i}@retire{n}.example")


def planned_steps(made: Plan) -> set[tuple[str, str, tuple[str, ...]]]:
    return {
        (step.kind.value, account.account_id, step.user_ids)
        for account in made.accounts
        for step in account.steps
    }


def assert_retired(server: LocalChime, made: Plan) -> None:
    for account in made.accounts:
        status = next(a for a in server.accounts() if a["AccountId"] == account.account_id)
        assert status["AccountStatus"] == "Suspended", account.account_id
        users = server.users(account.account_id)
        assert {u["UserRegistrationStatus"] for u in users} <= {"Suspended"}


def open_connections(server: LocalChime) -> int:
    http_server = server._server  # pyright: ignore[reportPrivateUsage]
    assert http_server is not None
    with http_server.connections_lock:
        return len(http_server.connections)


class TestKilledAndResumed:
    """SIGKILL at any moment: the next apply finishes the job with no step sent twice."""

    def test_kill_then_resume_exactly(self, tmp_path: Path) -> None:
        with LocalChime(latency=0.1) as server:
            add_team_accounts(server, 7, users=3)
            big = server.add_account("Retire Big")["AccountId"]
            for i in range(60):  # two BatchSuspendUser steps
                server.add_user(big, f"u{i}@big.example")
            lwa = server.add_account("Retire LWA", account_type="EnterpriseLWA")["AccountId"]
            server.add_user(lwa, "l@lwa.example")
            with server.chime_accounts() as chime:
                made = make_plan(chime, name="Retire")
            plan_file = made.save(tmp_path / "retire.json")
            wait_for(lambda: open_connections(server) == 0, "the planning client to hang up")
            server.clear_requests()
            total = len(planned_steps(made))
            assert total == 19  # 7 x 2, 2 + 1, 1 + 1

            killed = subprocess.Popen(  # noqa: S603 - our own command
                apply_command(plan_file, server.endpoint_url, "--concurrency", "2"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=environment(),
            )
            try:

                def some_done_and_one_in_flight() -> bool:
                    assert killed.poll() is None, "the apply ended before it could be killed"
                    entries = journal_lines(plan_file)
                    done = {(e["Account"], e["Step"]) for e in entries if e["Event"] == "Done"}
                    started = {
                        (e["Account"], e["Step"]) for e in entries if e["Event"] == "Started"
                    }
                    return len(done) >= 4 and bool(started - done)

                # The hardest moment: a write sent, its end not yet recorded.
                wait_for(some_done_and_one_in_flight, "steps done and one in flight")
            finally:
                killed.send_signal(signal.SIGKILL)
                killed.wait(timeout=DEADLINE)
            # The requests it had in flight are carried out all the same: let them land.
            wait_for(lambda: open_connections(server) == 0, "the killed apply's connections")
            at_kill = journal_lines(plan_file)
            done_at_kill = {(e["Account"], e["Step"]) for e in at_kill if e["Event"] == "Done"}
            assert 4 <= len(done_at_kill) < total
            started = {(e["Account"], e["Step"]) for e in at_kill if e["Event"] == "Started"}
            in_flight = started - done_at_kill
            assert in_flight

            resumed = run(apply_command(plan_file, server.endpoint_url))

            assert resumed.returncode == 0, resumed.stderr
            rows = cast("list[dict[str, Any]]", json.loads(resumed.stdout))
            assert {row["Outcome"] for row in rows} <= {"Deleted", "DoneEarlier"}
            # The steps in flight at the kill were found, and checked before anything was sent.
            interrupted = {
                (row["AccountId"], step["Index"])
                for row in rows
                for step in row["Steps"]
                if step.get("Interrupted")
            }
            assert interrupted == in_flight
            assert_retired(server, made)
            # Every planned step was carried out exactly once, across both runs, and nothing else.
            carried_out = write_steps(server)
            assert set(carried_out) == planned_steps(made)
            assert set(carried_out.values()) == {1}
            journal = journal_lines(plan_file)
            done = [(e["Account"], e["Step"]) for e in journal if e["Event"] == "Done"]
            assert sorted(done) == sorted(set(done))
            assert len(done) == total
            # Those done before the kill were not even checked again.
            resumed_done = done[len(done_at_kill) :]
            assert not done_at_kill & set(resumed_done)

            print(f"in flight at the kill: {sorted(in_flight)}")  # noqa: T201 - shown on failure
            server.clear_requests()
            again = run(apply_command(plan_file, server.endpoint_url))

            assert again.returncode == 0, again.stderr
            assert server.requests == []


class TestRateLimited:
    """Against an endpoint that throttles, pacing and retries get every step through once."""

    def test_throttled_but_complete(self, tmp_path: Path) -> None:
        limits = {"BatchSuspendUser": 4.0, "DeleteAccount": 4.0, "GetAccount": 8.0}
        with LocalChime(latency=0.01, rate_limit=limits, burst=1) as server:
            add_team_accounts(server, 5, users=2)
            with server.chime_accounts() as chime:
                made = make_plan(chime, name="Retire")
            plan_file = made.save(tmp_path / "retire.json")
            server.clear_requests()

            options = ("--concurrency", "5", "--max-attempts", "30")
            result = run(apply_command(plan_file, server.endpoint_url, *options))

            assert result.returncode == 0, result.stderr
            assert_retired(server, made)
            assert any(r.status == 429 for r in server.requests)
            carried_out = write_steps(server)
            assert set(carried_out) == planned_steps(made)
            assert set(carried_out.values()) == {1}


class TestLocalServe:
    """The documented way to try offboarding: `chime-accounts local serve`, then plan, apply."""

    def test_plan_and_apply_against_local_serve(self, tmp_path: Path) -> None:
        serve = subprocess.Popen(
            [sys.executable, "-m", "chime_accounts", "local", "serve", "--count", "40"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=environment(),
        )
        try:
            assert serve.stdout is not None
            found = re.search(r"at (http://\S+)", serve.stdout.readline())
            assert found is not None
            url = found.group(1)
            with ChimeAccounts(endpoint_url=url) as chime:
                chosen = [
                    a.account_id
                    for a in chime.list_accounts()
                    if a.account_type in {AccountType.TEAM, AccountType.ENTERPRISE_LWA}
                ][:4]
            out = tmp_path / "retire.json"
            ids = [part for account_id in chosen for part in ("--account-id", account_id)]

            planned = invoke(["offboard", "plan", *ids, "--out", str(out), "--endpoint-url", url])
            applied = invoke(["offboard", "apply", str(out), "--yes", "--endpoint-url", url])
            again = invoke(["offboard", "apply", str(out), "--yes", "--endpoint-url", url])

            assert planned.exit_code == 0, planned.stderr
            assert applied.exit_code == 0, applied.stderr
            assert again.exit_code == ExitCode.OK, again.stderr
            loaded = Plan.load(out)
            assert [a.account_id for a in loaded.accounts] == chosen
            assert all(
                a.steps[-1].kind is StepKind.DELETE_ACCOUNT for a in loaded.accounts_to_delete
            )
            with ChimeAccounts(endpoint_url=url) as chime:
                assert {chime.get_account(i).account_status for i in chosen} == {"Suspended"}
        finally:
            serve.send_signal(signal.SIGTERM)
            serve.wait(timeout=DEADLINE)
            if serve.stdout is not None:
                serve.stdout.close()
