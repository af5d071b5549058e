"""Start-up costs: importing the package, starting the command line, constructing a client."""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import boto3

from chime_accounts import ChimeAccounts

from ._endpoints import child_environment
from ._measure import Figure, measure, one_step, ratio_figure, warm_up

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

IMPORT_BUDGET = 1.35
CLIENT_IMPORT_BUDGET = 1.35
HELP_BUDGET = 0.5
CONSTRUCTION_BUDGET = 1.05


def _start(command: Sequence[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    # --help writes a page of text, which a terminal would slow down: it is not the figure.
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)  # noqa: S603 - our own


def _run(command: Sequence[str], env: dict[str, str]) -> None:
    if _start(command, env).wait() != 0:
        raise RuntimeError(f"{command!r} failed")


def _console_script() -> str:
    found = shutil.which("chime-accounts", path=str(Path(sys.executable).parent))
    if found is None:
        raise RuntimeError("no chime-accounts console script next to this Python: pip install -e .")
    return found


def run_import(repeats: int, *, bytecode_cache: bool = True) -> list[Figure]:
    """Time starting a new interpreter for chime_accounts against ``python -c "import boto3"``.

    Three figures: ``python -c "import chime_accounts"`` (lazy: it imports no module of
    its own), ``python -c "from chime_accounts import ChimeAccounts"`` (the client, which
    imports boto3) and ``chime-accounts --help`` (the console script, which must not import
    boto3). All import from compiled bytecode, as installed packages do (see
    ``BYTECODE_CACHE``; without ``bytecode_cache``, as the environment says); the first run
    of each only fills the cache. The four advance in lockstep, so each repeat's boto3 time
    pairs with the other three.
    """
    env = child_environment(bytecode_cache=bytecode_cache)
    commands = {
        "boto3": [sys.executable, "-c", "import boto3"],
        "package": [sys.executable, "-c", "import chime_accounts"],
        "client": [sys.executable, "-c", "from chime_accounts import ChimeAccounts"],
        "help": [_console_script(), "--help"],
    }
    # Fill the bytecode cache if need be, all at once.
    for child in [_start(command, env) for command in commands.values()]:
        if child.wait() != 0:
            raise RuntimeError(f"{child.args!r} failed")
    times = measure(
        {
            name: functools.partial(one_step, functools.partial(_run, command, env))
            for name, command in commands.items()
        },
        repeats,
    )
    return [
        ratio_figure("import (new interpreter)", times["boto3"], times["package"], IMPORT_BUDGET),
        ratio_figure(
            "import ChimeAccounts (new interpreter)",
            times["boto3"],
            times["client"],
            CLIENT_IMPORT_BUDGET,
        ),
        ratio_figure(
            "chime-accounts --help (new interpreter)", times["boto3"], times["help"], HELP_BUDGET
        ),
    ]


def run_construction(clients: int, repeats: int) -> Figure:
    """Time constructing ``clients`` clients per run: ``ChimeAccounts()`` vs ``boto3.client``.

    Both reuse a session that has loaded the service model already (boto3's default one, the
    library's shared one), as every client after a process's first does.
    """

    def raw() -> Iterator[None]:
        for _ in range(clients):
            boto3.client("chime", region_name="us-east-1").close()  # pyright: ignore[reportUnknownMemberType]
            yield

    def own() -> Iterator[None]:
        for _ in range(clients):
            ChimeAccounts().close()
            yield

    warm_up({"raw": raw, "own": own})
    times = measure({"raw": raw, "own": own}, repeats)
    return ratio_figure(
        "client construction",
        times["raw"],
        times["own"],
        CONSTRUCTION_BUDGET,
        per=clients,
        per_label="/client",
    )
