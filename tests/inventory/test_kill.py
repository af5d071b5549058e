"""``chime-accounts export`` killed with SIGKILL, again and again, ends as if never killed.

The command runs in a subprocess against a LocalChime with latency serving in this
process. Each run is killed as soon as its checkpoint shows the next stage (the accounts
selected, a page of the big account spooled, another page), so the kills land at
different points of the walk, one of them inside a big account; the last run is let
finish. Nothing waits a fixed time: the test polls the checkpoint files.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from chime_accounts.inventory import export
from chime_accounts.testing import LocalChime

from .conftest import STATE, data_files, populate
from .test_resume import same_export

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

Mark = tuple[int, tuple[tuple[str, str], ...]]

# Generous: a run needs a second or two; this only bounds a broken one.
_DEADLINE = 120.0


def _mark(directory: Path) -> Mark | None:
    """How far the export's checkpoint is: accounts done and the spooled pages' tokens."""
    state = directory / STATE
    try:
        data = json.loads((state / "state.json").read_text())
        if not data["listed"]:
            return None
        spooled = tuple(
            sorted(
                (path.parent.name, json.loads(path.read_text())["token"])
                for path in (state / "spool").glob("*/checkpoint.json")
            )
        )
    except (FileNotFoundError, json.JSONDecodeError):
        return None  # replaced or removed as it was read: look again
    return int(data["done"]), spooled


def _run_until(
    command: list[str], directory: Path, wanted: Callable[[Mark], bool]
) -> tuple[subprocess.Popen[bytes], Mark | None]:
    """Start a run; return it once its checkpoint shows a ``wanted`` mark (None: it ended)."""
    process = subprocess.Popen(  # noqa: S603 - our own command, arguments from the test
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + _DEADLINE
    while time.monotonic() < deadline:
        mark = _mark(directory)
        if mark is not None and wanted(mark):
            return process, mark
        if process.poll() is not None:
            return process, None
        time.sleep(0.002)  # polling the files, not waiting for anything to happen
    process.kill()
    pytest.fail(f"no progress within {_DEADLINE} s")


def _tokens(mark: Mark) -> set[str]:
    return {token for _, token in mark[1]}


@pytest.mark.parametrize(("export_format", "stages"), [("jsonl", 3), ("sqlite", 1)])
def test_killed_again_and_again_it_ends_as_an_uninterrupted_run(
    tmp_path: Path, export_format: str, stages: int
) -> None:
    with LocalChime(latency=0.01) as server:
        populate(server, big=450)  # three pages of users: two checkpoints inside it
        whole, out = tmp_path / "whole", tmp_path / "out"
        with server.chime_accounts() as chime:
            export(chime, whole, format=export_format, with_user_settings=True)  # type: ignore[arg-type]
        command = [
            sys.executable,
            "-m",
            "chime_accounts",
            "--endpoint-url",
            server.endpoint_url,
            "export",
            str(out),
            "--format",
            export_format,
            "--with-user-settings",
            "--concurrency",
            "4",
        ]
        # Where each run is killed: once the accounts are selected, once the big account
        # has a page spooled, once it has another; the last run finishes. With one stage,
        # only inside the big account.
        kills: list[Mark] = []
        wanted_marks: list[Callable[[Mark], bool]] = [
            lambda _mark: True,
            lambda mark: bool(mark[1]),
            lambda mark: bool(_tokens(mark) - _tokens(kills[-1])) or mark[0] > kills[-1][0] + 1,
        ]
        for wanted in wanted_marks if stages == 3 else wanted_marks[1:2]:
            process, mark = _run_until(command, out, wanted)
            assert mark is not None, "the run ended before it could be killed"
            process.send_signal(signal.SIGKILL)
            _, stderr = process.communicate(timeout=_DEADLINE)
            assert process.returncode == -signal.SIGKILL, stderr.decode()
            kills.append(mark)
        finished = subprocess.run(  # noqa: S603 - same
            command, capture_output=True, text=True, timeout=_DEADLINE, check=False
        )

    assert finished.returncode == 0, finished.stderr
    assert "Finished the export of 7 accounts" in finished.stderr
    assert any(spooled for _, spooled in kills), kills  # killed inside the big account
    same_export(out, whole, export_format)
    if export_format == "jsonl":
        assert all(data.endswith(b"\n") or not data for data in data_files(out).values())
    assert {path.stat().st_mode & 0o777 for path in out.iterdir()} == {0o600}
