"""Start-up costs: importing the package, and constructing a client."""

from __future__ import annotations

import functools
import subprocess
import sys
from typing import TYPE_CHECKING

import boto3

from chime_accounts import ChimeAccounts

from ._endpoints import child_environment
from ._measure import Figure, measure, one_step, ratio_figure, warm_up

if TYPE_CHECKING:
    from collections.abc import Iterator

IMPORT_BUDGET = 1.35
CONSTRUCTION_BUDGET = 1.05


def _start_python(code: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", code], env=env)  # noqa: S603 - our own


def _python(code: str, env: dict[str, str]) -> None:
    if _start_python(code, env).wait() != 0:
        raise RuntimeError(f"python -c {code!r} failed")


def run_import(repeats: int, *, bytecode_cache: bool = True) -> Figure:
    """Time ``python -c "import chime_accounts"`` against ``python -c "import boto3"``.

    Both import from compiled bytecode, as installed packages do (see
    ``BYTECODE_CACHE``; without ``bytecode_cache``, as the environment says); the first
    run of each only fills the cache.
    """
    env = child_environment(bytecode_cache=bytecode_cache)
    codes = {"boto3": "import boto3", "chime_accounts": "import chime_accounts"}
    # Fill the bytecode cache if need be, both at once.
    for child in [_start_python(code, env) for code in codes.values()]:
        if child.wait() != 0:
            raise RuntimeError(f"{child.args!r} failed")
    times = measure(
        {
            name: functools.partial(one_step, functools.partial(_python, code, env))
            for name, code in codes.items()
        },
        repeats,
    )
    return ratio_figure(
        "import (new interpreter)", times["boto3"], times["chime_accounts"], IMPORT_BUDGET
    )


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
