"""``chime-accounts export``: exit statuses, messages, failed items, progress on a terminal."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time
from typing import TYPE_CHECKING

from chime_accounts.cli import ExitCode
from chime_accounts.cli._export import progress_text
from chime_accounts.inventory import ExportProgress
from chime_accounts.testing import Fault

from ..cli import invoke
from .conftest import STATE, read_jsonl

if TYPE_CHECKING:
    from pathlib import Path

    from chime_accounts import ChimeAccounts
    from chime_accounts.testing import LocalChime


def run_export(server: LocalChime, *args: str) -> tuple[int, str, str]:
    result = invoke(["--endpoint-url", server.endpoint_url, "--max-attempts", "1", "export", *args])
    return result.exit_code, result.stdout, result.stderr


class TestCommand:
    """The command exports, reports on stderr, and lists failed items on stdout."""

    def test_an_export_prints_its_summary_on_stderr_only(
        self, server: LocalChime, tmp_path: Path
    ) -> None:
        status, stdout, stderr = run_export(server, str(tmp_path / "out"), "--format", "CSV")

        assert status == ExitCode.OK
        assert stdout == ""
        assert stderr.startswith(f"Exported 7 accounts to {tmp_path / 'out'} (csv): accounts 7,")
        assert "Exporting" not in stderr  # no progress line when stderr is not a terminal
        assert (tmp_path / "out" / "accounts.csv").exists()

    def test_the_filters_and_user_settings(
        self, server: LocalChime, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        ids = [account.account_id for account in chime.list_accounts()]

        status, _, _ = run_export(
            server,
            str(tmp_path),
            "--account-id",
            ids[4],
            "--account-id",
            ids[3],
            "--name",
            "B",
            "--with-user-settings",
            "--concurrency",
            "2",
        )

        assert status == ExitCode.OK
        manifest = json.loads((tmp_path / "manifest.json").read_text())
        assert manifest["filters"] == {"name": "B", "account_ids": [ids[4], ids[3]]}
        names = [record["Name"] for record in read_jsonl(tmp_path / "accounts.jsonl")]
        assert all(name.startswith("B") for name in names)
        assert "Big Co" in names
        assert (tmp_path / "user_settings.jsonl").exists()

    def test_failed_items_are_listed_and_exit_8(self, server: LocalChime, tmp_path: Path) -> None:
        server.inject(Fault.error("GetUserSettings", 404, after=2))

        status, stdout, stderr = run_export(server, str(tmp_path), "--with-user-settings")

        assert status == ExitCode.PARTIAL
        (item,) = json.loads(stdout)
        assert item["Kind"] == "user_settings"
        assert item["ErrorCode"] == "NotFoundException"
        assert {"AccountId", "ItemId", "ErrorMessage"} <= set(item)
        assert "1 item failed after retries: listed on stdout and in" in stderr
        manifest = json.loads((tmp_path / "manifest.json").read_text())
        assert manifest["failures"][0]["ids"] == {
            "AccountId": item["AccountId"],
            "UserId": item["ItemId"],
        }

    def test_a_finished_export_is_not_done_again(self, server: LocalChime, tmp_path: Path) -> None:
        run_export(server, str(tmp_path))

        status, _, stderr = run_export(server, str(tmp_path))

        assert status == ExitCode.OK
        assert "already holds this export, finished" in stderr
        assert "add --restart to export again" in stderr

    def test_a_run_stopped_by_an_error_tells_how_to_continue(
        self, server: LocalChime, tmp_path: Path
    ) -> None:
        server.inject(Fault.error("ListUsers", 403, code="UnauthorizedClientException", after=2))
        server.inject(Fault.error("ListUsers", 401, count=50))

        status, _, stderr = run_export(server, str(tmp_path), "--concurrency", "1")

        assert status == ExitCode.ACCESS
        assert "UnauthorizedError" in stderr
        assert "to continue, run the same command again" in stderr
        assert (tmp_path / STATE).is_dir()
        server.clear_faults()
        status, _, stderr = run_export(server, str(tmp_path))
        assert status == ExitCode.OK
        assert stderr.startswith("Finished the export of 7 accounts")

    def test_the_embedded_sample(self, tmp_path: Path) -> None:
        result = invoke(["--local", "export", str(tmp_path)])

        assert result.exit_code == ExitCode.OK, result.stderr
        assert "Exported 300 accounts" in result.stderr


class TestRefusals:
    """A directory that cannot take the export: exit 2, why, and whether --restart helps."""

    def test_unrelated_files(self, server: LocalChime, tmp_path: Path) -> None:
        (tmp_path / "notes.txt").write_text("mine")

        status, stdout, stderr = run_export(server, str(tmp_path))

        assert status == ExitCode.USAGE
        assert stdout == ""
        assert f"Error: ExportDirectoryError: directory: {tmp_path} is not empty" in stderr
        assert "(notes.txt); it was left untouched" in stderr
        assert "--restart" not in stderr
        assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]

    def test_an_export_with_other_arguments(self, server: LocalChime, tmp_path: Path) -> None:
        run_export(server, str(tmp_path), "--name", "Big")

        status, _, stderr = run_export(server, str(tmp_path), "--format", "sqlite")

        assert status == ExitCode.USAGE
        assert "holds an export with other arguments (format jsonl, name 'Big'" in stderr
        assert "To discard it and start again, add --restart." in stderr
        status, _, _ = run_export(server, str(tmp_path), "--format", "sqlite", "--restart")
        assert status == ExitCode.OK
        assert sorted(p.name for p in tmp_path.iterdir()) == ["inventory.sqlite", "manifest.json"]


class TestProgress:
    """On a terminal, stderr shows accounts done of all, records, rate, throttles and ETA."""

    def test_the_progress_text(self) -> None:
        selecting = ExportProgress(
            accounts_total=None,
            accounts_done=0,
            records=0,
            throttles=0,
            elapsed=1.0,
            accounts_this_run=0,
        )
        going = ExportProgress(
            accounts_total=300,
            accounts_done=120,
            records=4512,
            throttles=3,
            elapsed=60.0,
            accounts_this_run=100,
        )

        assert progress_text(selecting) == "Selecting accounts..."
        assert progress_text(going) == (
            "Exporting: 120/300 accounts, 4,512 records (75/s), 3 throttled, ETA 1m 48s"
        )

    def test_a_terminal_shows_the_progress_line_then_erases_it(
        self, server: LocalChime, tmp_path: Path
    ) -> None:
        # One slow request, so that the line is drawn while the export waits for it.
        server.inject(Fault.delay(1.0, operation="GetAccountSettings"))
        main, secondary = os.openpty()
        command = [sys.executable, "-m", "chime_accounts", "--endpoint-url"]
        with subprocess.Popen(  # noqa: S603 - our own command, arguments from the test
            [*command, server.endpoint_url, "export", str(tmp_path / "out")],
            stdout=subprocess.DEVNULL,
            stderr=secondary,
        ) as process:
            os.close(secondary)
            chunks: list[bytes] = []
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                ready, _, _ = select.select([main], [], [], 0.1)
                if not ready:
                    if process.poll() is not None:
                        break
                    continue
                try:
                    chunk = os.read(main, 65536)
                except OSError:  # EIO: the process closed the terminal
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            os.close(main)
        raw = b"".join(chunks).decode()

        assert process.returncode == 0, raw
        assert re.search(r"\r\x1b\[KExporting: \d/7 accounts, [\d,]+ records \([\d,]+/s\)", raw)
        shown = raw.replace("\r\n", "\n").rsplit("\r\x1b[K", 1)[-1]
        assert shown.startswith("Exported 7 accounts to")
