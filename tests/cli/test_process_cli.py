"""The installed command run as a process: console script, ``python -m``, signals, a terminal."""

from __future__ import annotations

import fcntl
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from chime_accounts import Account, ChimeAccounts
from chime_accounts.cli import ExitCode
from chime_accounts.testing import Fault, LocalChime

from . import invoke, read_accounts, resume_token

if TYPE_CHECKING:
    from collections.abc import Sequence

_ERASE = "\r\x1b[K"


@pytest.fixture(scope="module")
def script() -> str:
    found = shutil.which("chime-accounts", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("no chime-accounts console script next to this Python: pip install -e .")
    return found


def environment() -> dict[str, str]:
    """The test's environment (dummy credentials), without a fixed terminal size."""
    env = dict(os.environ)
    for name in ("COLUMNS", "LINES", "AWS_MAX_ATTEMPTS"):
        env.pop(name, None)
    return env


def run(args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command, arguments from the tests
        args, capture_output=True, text=True, env=environment(), timeout=60, check=False
    )


def listing(server: LocalChime) -> list[Account]:
    with ChimeAccounts(endpoint_url=server.endpoint_url) as chime:
        return list(chime.list_accounts())


# Runs the command in a new interpreter, then writes what it imported to the file argv[1].
_IMPORTS_OF = """
import json, sys
from chime_accounts.cli import main
try:
    main(sys.argv[2:])
except SystemExit as stop:
    status = stop.code
with open(sys.argv[1], "w") as out:
    json.dump({"status": status, "modules": sorted(sys.modules)}, out)
"""
_AWS_SDK = {"boto3", "botocore", "aiobotocore"}


def imports_of(args: Sequence[str], tmp_path: Path) -> tuple[int, list[str]]:
    """Run ``chime-accounts ARGS`` in a new interpreter: its exit status, and the AWS SDK
    modules it imported."""
    report = tmp_path / "imports.json"
    command = [sys.executable, "-c", _IMPORTS_OF, str(report), *args]
    result = run(command)
    found = json.loads(report.read_text())
    assert "click" in found["modules"], result.stderr  # the report is of this run
    heavy = [name for name in found["modules"] if name.partition(".")[0] in _AWS_SDK]
    return found["status"], heavy


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["--help"], 0),
        (["accounts", "--help"], 0),
        (["users", "settings", "set", "--help"], 0),
        (["--version"], 0),
        (["accounts", "frobnicate"], ExitCode.USAGE),
        (["accounts", "list", "--page-size", "0"], ExitCode.USAGE),
        (["users", "invite", "some-account"], ExitCode.USAGE),
        (["users", "update", "some-account", "some-user"], ExitCode.USAGE),
    ],
)
def test_help_version_and_usage_errors_do_not_import_boto3(
    args: list[str], status: int, tmp_path: Path
) -> None:
    assert imports_of(args, tmp_path) == (status, [])


def test_a_command_that_calls_the_service_imports_boto3(tmp_path: Path) -> None:
    status, heavy = imports_of(["--local", "accounts", "list", "--max-items", "1"], tmp_path)
    assert status == 0
    assert {"boto3", "botocore"} <= set(heavy)


def test_without_credentials_the_error_says_how_to_set_them_up(script: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_text("")
    env = {name: value for name, value in environment().items() if not name.startswith("AWS_")}
    env |= {
        "AWS_CONFIG_FILE": str(empty),
        "AWS_SHARED_CREDENTIALS_FILE": str(empty),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    result = subprocess.run(  # noqa: S603 - our own command, arguments from the test
        [script, "accounts", "get", "some-account", "--endpoint-url", "http://127.0.0.1:9"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == ExitCode.ACCESS
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: CredentialsError: GetAccount: Unable to locate credentials")
    assert "`aws configure`" in line
    assert line.endswith(", give --profile, or add --local to try the command without AWS")


def test_console_script_lists_the_local_sample(script: str) -> None:
    with LocalChime() as reference:
        reference.seed(300, seed=0)
        sample = listing(reference)
    result = run([script, "--local", "accounts", "list", "-o", "csv"])
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert read_accounts("csv", result.stdout) == sample


def test_python_m_reports_an_error_in_one_line(local_chime: LocalChime) -> None:
    url = local_chime.endpoint_url
    result = run([sys.executable, "-m", "chime_accounts", "accounts", "--help"])
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: python -m chime_accounts accounts")

    result = run(
        [sys.executable, "-m", "chime_accounts", "accounts", "get", "gone", "--endpoint-url", url]
    )
    assert result.returncode == ExitCode.NOT_FOUND
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: NotFoundError: GetAccount: NotFoundException (HTTP 404): ")
    assert re.search(r"\[request id [0-9a-f-]{36}\]$", line)


def test_ctrl_c_stops_a_streaming_listing_with_a_token_to_resume(
    local_chime: LocalChime, script: str
) -> None:
    local_chime.seed(40, seed=3)
    everything = listing(local_chime)
    # Two pages answer at once, then the third hangs: the first two must already be printed.
    local_chime.inject(Fault("ListAccounts", delay=5, after=2))
    args = ["--endpoint-url", local_chime.endpoint_url, "accounts", "list", "--page-size", "10"]
    with subprocess.Popen(  # noqa: S603 - our own command, arguments from the tests
        [script, *args, "-o", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
    ) as process:
        assert process.stdout is not None
        head = [process.stdout.readline() for _ in range(20)]
        process.send_signal(signal.SIGINT)
        rest_of_stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == ExitCode.INTERRUPTED
    assert rest_of_stdout == ""
    shown = read_accounts("jsonl", "".join(head))
    assert shown == everything[:20]
    assert stderr.splitlines()[0] == "Interrupted."
    token = resume_token(stderr)
    assert token is not None

    local_chime.clear_faults()
    resumed = invoke([*args, "--starting-token", token, "-o", "jsonl"])
    assert shown + read_accounts("jsonl", resumed.stdout) == everything


def test_local_serve_runs_an_endpoint_until_ctrl_c(script: str) -> None:
    with subprocess.Popen(  # noqa: S603 - our own command, arguments from the tests
        [script, "local", "serve", "--port", "0", "--seed", "3", "--count", "25"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),
    ) as process:
        assert process.stdout is not None
        # Read line by line: communicate() would miss what readline() buffered.
        banner = [process.stdout.readline()]
        while banner[-1] and not banner[-1].startswith("Press Ctrl-C"):
            banner.append(process.stdout.readline())
        found = re.search(r"http://127\.0\.0\.1:\d+", banner[0])
        assert found, banner
        url = found.group()
        with LocalChime() as reference:
            reference.seed(25, seed=3)
            sample = listing(reference)

        # Any AWS client can talk to it, as the AWS CLI does with --endpoint-url.
        with ChimeAccounts(endpoint_url=url) as chime:
            assert list(chime.list_accounts()) == sample
        created = invoke(["--endpoint-url", url, "accounts", "create", "Kept Team", "-o", "jsonl"])
        assert created.exit_code == 0
        kept = invoke(["--endpoint-url", url, "accounts", "list", "--name", "Kept", "-o", "jsonl"])
        assert [a.name for a in read_accounts("jsonl", kept.stdout)] == ["Kept Team"]

        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 0
    assert f"  aws chime list-accounts --endpoint-url {url} --region us-east-1\n" in banner
    assert stdout == ""
    assert stderr == "Stopped.\n"


def test_a_closed_stdout_ends_the_listing_quietly(script: str) -> None:
    with subprocess.Popen(  # noqa: S603 - our own command, arguments from the tests
        [script, "--local", "accounts", "list", "-o", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(),
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.readline().startswith(b"{")
        process.stdout.close()  # as `| head -1` does
        stderr = process.stderr.read().decode()
    assert "Traceback" not in stderr
    assert "Error" not in stderr


def _read_terminal(main: int, process: subprocess.Popen[bytes]) -> str:
    """Read what the process writes to its terminal until it exits and closes it."""
    chunks: list[bytes] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main], [], [], 0.5)
        if not ready:
            if process.poll() is not None:
                break
            continue
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: every handle on the terminal is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode()


def test_a_terminal_session_shows_a_table_and_progress(
    local_chime: LocalChime, script: str
) -> None:
    local_chime.seed(30, seed=2)
    everything = listing(local_chime)
    # Slow pages, so the progress line has time to show.
    local_chime.inject(Fault("ListAccounts", delay=0.5, count=2))
    main, secondary = os.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 150, 0, 0))
    args = ["--endpoint-url", local_chime.endpoint_url, "accounts", "list", "--page-size", "20"]
    with subprocess.Popen(  # noqa: S603 - our own command, arguments from the tests
        [script, *args],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=environment(),
    ) as process:
        os.close(secondary)
        raw = _read_terminal(main, process)
        os.close(main)
    assert process.wait() == 0

    assert "Listing accounts... 0 so far" in raw
    assert "Listing accounts... 20 so far" in raw
    # What the terminal shows once each line is done: the progress was erased each time.
    lines = raw.replace("\r\n", "\n").split("\n")
    header, *rows, summary, end = [line.rsplit(_ERASE, 1)[-1] for line in lines]
    assert end == ""
    assert header.split() == ["ACCOUNT", "ID", "NAME", "TYPE", "STATUS", "LICENSE", "CREATED"]
    assert [row.split()[0] for row in rows] == [account.account_id for account in everything]
    assert summary == "30 accounts."
