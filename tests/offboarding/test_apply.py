"""offboarding.apply and aapply against LocalChime: dry runs, refusals, failures, resumption."""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
from typing import TYPE_CHECKING, Any

import pytest

import chime_accounts.offboarding as offboarding
from chime_accounts import AsyncChimeAccounts, ChimeAccounts, ServiceFailureError, ValidationError
from chime_accounts.offboarding import (
    AccountOutcome,
    PlanError,
    Report,
    StepOutcome,
    journal_path,
)
from chime_accounts.testing import Fault, LocalChime

from . import (
    NO_WAIT,
    Fleet,
    edit_plan,
    holding,
    journal_lines,
    release_domains,
    write_steps,
    writes,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

RETIRE = "Retire"


def outcomes(report: Report) -> dict[str, AccountOutcome]:
    return {account.account_id: account.outcome for account in report.accounts}


def account_status(server: LocalChime, account_id: str) -> str:
    return next(a["AccountStatus"] for a in server.accounts() if a["AccountId"] == account_id)


def statuses(server: LocalChime, account_id: str) -> set[str]:
    return {user["UserRegistrationStatus"] for user in server.users(account_id)}


@pytest.fixture
def plan_file(chime: ChimeAccounts, fleet: Fleet, tmp_path: Path, local_chime: LocalChime) -> Path:
    del fleet  # requested for the accounts it seeds
    path = offboarding.plan(chime, name=RETIRE).save(tmp_path / "retire.json")
    local_chime.clear_requests()
    return path


class TestDryRun:
    """Without dry_run=False nothing that changes anything is sent, and no journal is kept."""

    def test_reports_what_it_would_do(
        self, chime: ChimeAccounts, local_chime: LocalChime, fleet: Fleet, plan_file: Path
    ) -> None:
        report = offboarding.apply(chime, plan_file)

        assert report.dry_run
        assert report.ok
        assert outcomes(report) == {
            fleet.team: AccountOutcome.WOULD_DELETE,
            fleet.lwa: AccountOutcome.WOULD_DELETE,
            fleet.directory: AccountOutcome.WOULD_DELETE,
            fleet.oidc: AccountOutcome.WOULD_DELETE,
            fleet.deleted: AccountOutcome.NOTHING_TO_DO,
        }
        team = report.accounts[0]
        assert [s.outcome for s in team.steps] == [StepOutcome.WOULD_RUN] * 2
        assert writes(local_chime) == []
        assert {r.operation for r in local_chime.requests} == {
            "ListAccounts",
            "GetAccount",
            "ListUsers",
        }
        assert not journal_path(plan_file).exists()


class TestApply:
    """Accounts are retired as planned, and an apply run again does nothing."""

    def test_end_to_end_then_nothing(
        self, chime: ChimeAccounts, local_chime: LocalChime, fleet: Fleet, plan_file: Path
    ) -> None:
        report = offboarding.apply(chime, plan_file, dry_run=False)

        assert outcomes(report) == {
            fleet.team: AccountOutcome.DELETED,
            fleet.lwa: AccountOutcome.DELETED,
            fleet.directory: AccountOutcome.DELETED,
            # Its user is logged out, but AWS deletes it only once its domains are released.
            fleet.oidc: AccountOutcome.FAILED,
            fleet.deleted: AccountOutcome.NOTHING_TO_DO,
        }
        for account_id in (fleet.team, fleet.lwa, fleet.directory):
            assert account_status(local_chime, account_id) == "Suspended"
            assert statuses(local_chime, account_id) == {"Suspended"}
        assert local_chime.logout_count(fleet.oidc, "oidc-user") == 1
        oidc = report.accounts[3]
        assert oidc.problems
        assert "claimed domains" in oidc.problems[0]
        assert account_status(local_chime, fleet.bystander) == "Active"
        assert statuses(local_chime, fleet.bystander) == {"Registered"}

        release_domains(local_chime, fleet.oidc)
        local_chime.clear_requests()
        again = offboarding.apply(chime, plan_file, dry_run=False)

        assert again.ok
        assert again.accounts[3].outcome is AccountOutcome.DELETED
        assert [s.outcome for s in again.accounts[3].steps] == [
            StepOutcome.DONE_EARLIER,
            StepOutcome.DONE,
        ]
        assert writes(local_chime) == ["DeleteAccount"]

        local_chime.clear_requests()
        last = offboarding.apply(chime, plan_file, dry_run=False)

        assert last.ok
        assert set(outcomes(last).values()) == {
            AccountOutcome.DONE_EARLIER,
            AccountOutcome.NOTHING_TO_DO,
        }
        assert local_chime.requests == []
        assert local_chime.logout_count(fleet.oidc, "oidc-user") == 1

    def test_report_as_json(self, chime: ChimeAccounts, plan_file: Path) -> None:
        report = offboarding.apply(chime, plan_file, dry_run=False)

        data = json.loads(report.to_json())
        assert data["DryRun"] is False
        assert data["Ok"] is False
        failed = data["Accounts"][3]
        assert failed["Outcome"] == "Failed"
        assert failed["Error"]["Type"] == "UnprocessableEntityError"


def _rename(server: LocalChime, fleet: Fleet) -> None:
    with ChimeAccounts(endpoint_url=server.endpoint_url) as chime:
        chime.update_account(fleet.team, name="Retire Team (renamed)")


def _new_user(server: LocalChime, fleet: Fleet) -> None:
    server.add_user(fleet.team, "new@team.example")


def _back(server: LocalChime, fleet: Fleet) -> None:
    with holding(server) as state:
        state.accounts[fleet.team].users.find("team-suspended").registration_status = "Registered"


def _retyped(server: LocalChime, fleet: Fleet) -> None:
    with holding(server) as state:
        state.accounts[fleet.team].account_type = "EnterpriseLWA"


DRIFT: dict[str, Callable[[LocalChime, Fleet], None]] = {
    "renamed": _rename,
    "new user": _new_user,
    "suspended user active again": _back,
    "another type": _retyped,
}


class TestRefusals:
    """An account that changed unforeseen is left alone; the others go on."""

    @pytest.mark.parametrize("change", list(DRIFT.values()), ids=list(DRIFT))
    def test_a_changed_account_is_refused(
        self,
        chime: ChimeAccounts,
        local_chime: LocalChime,
        fleet: Fleet,
        plan_file: Path,
        change: Callable[[LocalChime, Fleet], None],
    ) -> None:
        change(local_chime, fleet)

        report = offboarding.apply(chime, plan_file, dry_run=False)

        assert not report.ok
        team = report.accounts[0]
        assert team.outcome is AccountOutcome.REFUSED
        assert team.problems
        assert [s.outcome for s in team.steps] == [StepOutcome.NOT_RUN] * 2
        assert account_status(local_chime, fleet.team) == "Active"
        assert not any(key[1] == fleet.team for key in write_steps(local_chime))
        assert report.accounts[1].outcome is AccountOutcome.DELETED
        assert report.accounts[2].outcome is AccountOutcome.DELETED
        refused = [e for e in journal_lines(plan_file) if e["Event"] == "Refused"]
        assert [e["Account"] for e in refused] == [fleet.team]

    def test_users_suspended_since_are_foreseen(
        self, chime: ChimeAccounts, local_chime: LocalChime, fleet: Fleet, plan_file: Path
    ) -> None:
        chime.batch_suspend_user(fleet.team, user_ids=fleet.team_users)
        local_chime.clear_requests()

        report = offboarding.apply(chime, plan_file, dry_run=False)

        team = report.accounts[0]
        assert team.outcome is AccountOutcome.DELETED
        assert [s.outcome for s in team.steps] == [StepOutcome.ALREADY_DONE, StepOutcome.DONE]
        assert ("BatchSuspendUser", fleet.team, fleet.team_users) not in write_steps(local_chime)

    def test_another_endpoint_is_refused_before_anything_is_sent(
        self, plan_file: Path, local_chime: LocalChime
    ) -> None:
        with LocalChime() as other, other.chime_accounts() as chime:
            with pytest.raises(PlanError, match="made for the endpoint"):
                offboarding.apply(chime, plan_file, dry_run=False)
            assert other.requests == []
        assert local_chime.requests == []

    def test_another_aws_account_is_refused_before_any_change(
        self, chime: ChimeAccounts, local_chime: LocalChime, plan_file: Path
    ) -> None:
        def elsewhere(data: dict[str, Any]) -> None:
            data["AwsAccountId"] = "210987654321"
            for account in data["Accounts"]:
                account["AwsAccountId"] = "210987654321"

        edit_plan(plan_file, elsewhere)

        with pytest.raises(PlanError, match="AWS account 123456789012"):
            offboarding.apply(chime, plan_file, dry_run=False)
        assert {r.operation for r in local_chime.requests} == {"ListAccounts"}

    def test_concurrency_is_checked(self, chime: ChimeAccounts, plan_file: Path) -> None:
        with pytest.raises(ValidationError, match="concurrency"):
            offboarding.apply(chime, plan_file, concurrency=0)


class TestFailures:
    """A failed request fails its account only; running apply again finishes the job."""

    def test_a_failed_delete_is_retried_by_the_next_run(
        self, chime: ChimeAccounts, local_chime: LocalChime, fleet: Fleet, plan_file: Path
    ) -> None:
        local_chime.inject(Fault.error("DeleteAccount", 500, count=NO_WAIT.max_attempts))

        report = offboarding.apply(chime, plan_file, dry_run=False, concurrency=1)

        team = report.accounts[0]
        assert team.outcome is AccountOutcome.FAILED
        assert isinstance(team.error, ServiceFailureError)
        assert [s.outcome for s in team.steps] == [StepOutcome.DONE, StepOutcome.FAILED]
        assert report.accounts[1].outcome is AccountOutcome.DELETED

        release_domains(local_chime, fleet.oidc)
        again = offboarding.apply(chime, plan_file, dry_run=False)

        assert again.ok
        assert again.accounts[0].outcome is AccountOutcome.DELETED
        steps = write_steps(local_chime)
        assert steps[("BatchSuspendUser", fleet.team, fleet.team_users)] == 1
        assert steps[("DeleteAccount", fleet.team, ())] == 1

    def test_a_failed_suspension_stops_before_the_delete(
        self, chime: ChimeAccounts, local_chime: LocalChime, fleet: Fleet, plan_file: Path
    ) -> None:
        local_chime.inject(Fault.error("BatchSuspendUser", 503, count=NO_WAIT.max_attempts))

        report = offboarding.apply(chime, plan_file, dry_run=False, concurrency=1)

        team = report.accounts[0]
        assert team.outcome is AccountOutcome.FAILED
        assert [s.outcome for s in team.steps] == [StepOutcome.FAILED, StepOutcome.NOT_RUN]
        assert {e.user_id for e in team.steps[0].user_errors} == set(fleet.team_users)
        assert account_status(local_chime, fleet.team) == "Active"

        again = offboarding.apply(chime, plan_file, dry_run=False)

        assert again.accounts[0].outcome is AccountOutcome.DELETED


class TestJournal:
    """The journal resumes exactly, survives a torn last line, and belongs to one plan."""

    def test_an_interrupted_step_is_checked_not_repeated(
        self, chime: ChimeAccounts, local_chime: LocalChime, fleet: Fleet, plan_file: Path
    ) -> None:
        # As if killed after the suspension reached the service, before its end was recorded.
        chime.batch_suspend_user(fleet.team, user_ids=fleet.team_users)
        loaded = offboarding.Plan.load(plan_file)
        entry = {
            "Plan": loaded.digest,
            "Account": fleet.team,
            "Step": 0,
            "Kind": "BatchSuspendUser",
            "Event": "Started",
        }
        journal_path(plan_file).write_text(json.dumps(entry) + "\n")
        local_chime.clear_requests()

        report = offboarding.apply(chime, plan_file, dry_run=False)

        step = report.accounts[0].steps[0]
        assert (step.outcome, step.interrupted) == (StepOutcome.ALREADY_DONE, True)
        assert ("BatchSuspendUser", fleet.team, fleet.team_users) not in write_steps(local_chime)

    def test_a_torn_last_line_is_ignored_and_cut_off(
        self, chime: ChimeAccounts, local_chime: LocalChime, fleet: Fleet, tmp_path: Path
    ) -> None:
        plan_file = offboarding.plan(chime, account_ids=[fleet.team]).save(tmp_path / "p.json")
        offboarding.apply(chime, plan_file, dry_run=False)
        journal = journal_path(plan_file)
        whole = journal.read_bytes()
        last = whole.rstrip(b"\n").rfind(b"\n") + 1
        assert json.loads(whole[last:])["Kind"] == "DeleteAccount"
        journal.write_bytes(whole[: last + 20])  # its last entry, torn mid-write
        local_chime.clear_requests()

        report = offboarding.apply(chime, plan_file, dry_run=False)

        # Its record lost, the delete was checked against the account and found done.
        assert [s.outcome for s in report.accounts[0].steps] == [
            StepOutcome.DONE_EARLIER,
            StepOutcome.ALREADY_DONE,
        ]
        assert writes(local_chime) == []
        assert journal.read_bytes().startswith(whole[:last])
        assert all(line.endswith(b"\n") for line in journal.read_bytes().splitlines(keepends=True))
        assert journal_lines(plan_file)[-1]["Sent"] is False

    @pytest.mark.parametrize(
        ("line", "match"),
        [
            (b'{"Plan": "sha256:0"}\n', "another plan"),
            (b"garbage\n", "damaged"),
        ],
    )
    def test_a_foreign_or_damaged_journal_is_refused(
        self,
        chime: ChimeAccounts,
        local_chime: LocalChime,
        plan_file: Path,
        line: bytes,
        match: str,
    ) -> None:
        journal_path(plan_file).write_bytes(line + b"{}\n")

        with pytest.raises(PlanError, match=match):
            offboarding.apply(chime, plan_file, dry_run=False)
        assert local_chime.requests == []

    def test_one_apply_at_a_time(
        self, chime: ChimeAccounts, local_chime: LocalChime, plan_file: Path
    ) -> None:
        descriptor = os.open(journal_path(plan_file), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            with pytest.raises(PlanError, match="another apply"):
                offboarding.apply(chime, plan_file, dry_run=False)
        finally:
            os.close(descriptor)
        assert local_chime.requests == []


class TestAsync:
    """aplan and aapply share the logic: the same plan, the same outcomes."""

    def test_plan_and_apply(self, local_chime: LocalChime, fleet: Fleet, tmp_path: Path) -> None:
        async def main() -> tuple[Report, Report]:
            async with AsyncChimeAccounts(
                endpoint_url=local_chime.endpoint_url, retry=NO_WAIT
            ) as client:
                made = await offboarding.aplan(client, name=RETIRE)
                path = made.save(tmp_path / "retire.json")
                dry = await offboarding.aapply(client, path)
                done = await offboarding.aapply(client, path, dry_run=False)
                return dry, done

        dry, done = asyncio.run(main())

        assert set(outcomes(dry).values()) == {
            AccountOutcome.WOULD_DELETE,
            AccountOutcome.NOTHING_TO_DO,
        }
        assert outcomes(done)[fleet.team] is AccountOutcome.DELETED
        assert outcomes(done)[fleet.oidc] is AccountOutcome.FAILED
        assert write_steps(local_chime)[("BatchSuspendUser", fleet.team, fleet.team_users)] == 1
