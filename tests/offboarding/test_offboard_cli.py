"""``chime-accounts offboard plan`` and ``offboard apply`` run in-process against LocalChime."""

from __future__ import annotations

import json
import stat
from typing import TYPE_CHECKING, Any, cast

from chime_accounts.cli import ExitCode
from chime_accounts.offboarding import Plan

from ..cli import invoke
from . import edit_plan, writes

if TYPE_CHECKING:
    from pathlib import Path

    from click.testing import Result

    from chime_accounts.testing import LocalChime

    from . import Fleet


def run(server: LocalChime, *args: str) -> Result:
    return invoke(["--endpoint-url", server.endpoint_url, *args])


def records(result: Result) -> list[dict[str, Any]]:
    return cast("list[dict[str, Any]]", json.loads(result.stdout))


def plan_ids(server: LocalChime, out: Path, *ids: str) -> Result:
    options = [part for account_id in ids for part in ("--account-id", account_id)]
    return run(server, "offboard", "plan", *options, "--out", str(out), "-o", "json")


class TestPlanCommand:
    """offboard plan writes a private plan file and shows one row per account asked for."""

    def test_rows_summary_and_file(
        self, local_chime: LocalChime, fleet: Fleet, tmp_path: Path
    ) -> None:
        out = tmp_path / "retire.json"

        result = plan_ids(local_chime, out, fleet.team, "nope", fleet.oidc)

        assert result.exit_code == 0, result.stderr
        rows = records(result)
        assert [(r["AccountId"], r["Action"]) for r in rows] == [
            (fleet.team, "Delete"),
            (fleet.oidc, "Delete"),
            ("nope", "NotFound"),
        ]
        assert rows[0]["UsersToSuspend"] == list(fleet.team_users)
        assert rows[1]["UsersToLogOut"] == list(fleet.oidc_users)
        assert "Warning: not found, left out of the plan: nope" in result.stderr
        assert "2 accounts to delete, 3 users to suspend, 1 user to log out" in result.stderr
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        assert Plan.load(out).unknown_account_ids == ("nope",)
        assert writes(local_chime) == []

    def test_by_name_as_a_table(
        self, local_chime: LocalChime, fleet: Fleet, tmp_path: Path
    ) -> None:
        out = tmp_path / "retire.json"

        result = run(
            local_chime, "offboard", "plan", "--name", "Retire", "--out", str(out), "-o", "table"
        )

        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith("ACCOUNT ID")
        assert fleet.bystander not in result.stdout
        assert "NothingToDo" in result.stdout

    def test_selection_is_one_or_the_other(self, local_chime: LocalChime, tmp_path: Path) -> None:
        out = str(tmp_path / "p.json")
        for args in (["--out", out], ["--name", "x", "--account-id", "y", "--out", out]):
            result = run(local_chime, "offboard", "plan", *args)
            assert result.exit_code == ExitCode.USAGE
        assert local_chime.requests == []

    def test_local_plans_but_says_it_cannot_be_applied(self, tmp_path: Path) -> None:
        out = tmp_path / "p.json"

        result = invoke(["--local", "offboard", "plan", "--name", "Acme", "--out", str(out)])

        assert result.exit_code == 0, result.stderr
        assert "cannot be applied" in result.stderr
        assert "local serve" in result.stderr


class TestApplyCommand:
    """offboard apply: a dry run without --yes; exit 8 for refused or failed accounts."""

    def test_dry_run_then_apply_then_nothing(
        self, local_chime: LocalChime, fleet: Fleet, tmp_path: Path
    ) -> None:
        out = tmp_path / "retire.json"
        plan_ids(local_chime, out, fleet.team, fleet.lwa, fleet.directory)
        local_chime.clear_requests()

        dry = run(local_chime, "offboard", "apply", str(out), "-o", "json")

        assert dry.exit_code == 0, dry.stderr
        assert {r["Outcome"] for r in records(dry)} == {"WouldDelete"}
        assert records(dry)[0]["Detail"] == "would suspend 3 users, delete the account"
        assert "Dry run, nothing was changed" in dry.stderr
        assert writes(local_chime) == []

        done = run(local_chime, "offboard", "apply", str(out), "--yes", "-o", "json")

        assert done.exit_code == 0, done.stderr
        assert [r["Outcome"] for r in records(done)] == ["Deleted"] * 3
        assert records(done)[0]["Detail"] == "suspended 3 users, deleted"

        local_chime.clear_requests()
        again = run(local_chime, "offboard", "apply", str(out), "--yes")

        assert again.exit_code == 0, again.stderr
        assert "3 done earlier" in again.stderr
        assert local_chime.requests == []

    def test_refused_and_failed_accounts_exit_8(
        self, local_chime: LocalChime, fleet: Fleet, tmp_path: Path
    ) -> None:
        out = tmp_path / "retire.json"
        plan_ids(local_chime, out, fleet.team, fleet.lwa, fleet.oidc)
        local_chime.add_user(fleet.lwa, "late@lwa.example")

        result = run(local_chime, "offboard", "apply", str(out), "--yes", "-o", "json")

        assert result.exit_code == ExitCode.PARTIAL
        rows = records(result)
        assert [r["Outcome"] for r in rows] == ["Deleted", "Refused", "Failed"]
        assert "user(s) the plan does not know" in rows[1]["Detail"]
        assert rows[2]["Detail"].startswith("AWS: the claimed domains")
        assert "1 refused; 1 failed" in result.stderr

    def test_an_edited_plan_is_refused_before_anything_is_sent(
        self, local_chime: LocalChime, fleet: Fleet, tmp_path: Path
    ) -> None:
        out = tmp_path / "retire.json"
        plan_ids(local_chime, out, fleet.team)
        edit_plan(out, lambda d: d["Accounts"][0]["Steps"].pop(0), redigest=False)
        local_chime.clear_requests()

        result = run(local_chime, "offboard", "apply", str(out), "--yes")

        assert result.exit_code == ExitCode.USAGE
        assert "Digest does not match" in result.stderr
        assert local_chime.requests == []

    def test_local_is_refused(self, local_chime: LocalChime, fleet: Fleet, tmp_path: Path) -> None:
        out = tmp_path / "retire.json"
        plan_ids(local_chime, out, fleet.team)

        result = invoke(["--local", "offboard", "apply", str(out), "--yes"])

        assert result.exit_code == ExitCode.USAGE
        assert "local serve" in result.stderr


def test_help_and_usage_errors_do_not_import_boto3(tmp_path: Path) -> None:
    from ..cli.test_process_cli import imports_of

    out = str(tmp_path / "p.json")
    assert imports_of(["offboard", "--help"], tmp_path) == (0, [])
    assert imports_of(["offboard", "apply", "--help"], tmp_path) == (0, [])
    assert imports_of(["offboard", "plan", "--out", out], tmp_path) == (ExitCode.USAGE, [])
