"""Memory: peak RSS of a process that lists many accounts lazily, keeping none.

Each measurement is a fresh process (``python -m benchmarks.memory URL COUNT``), since peak
RSS only ever grows within one.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from typing import TYPE_CHECKING

from ._data import PAGE_SIZE
from ._endpoints import child_environment
from ._measure import Figure, summary_figure

if TYPE_CHECKING:
    from collections.abc import Sequence

BUDGET_MB = 10.0


def peak_rss_after_listing(
    endpoint_url: str, counts: Sequence[int], env: dict[str, str]
) -> list[int]:
    """Return the peak RSS, in KiB, of new processes that each list ``count`` accounts.

    The processes run at once: each one's peak is its own, whatever the others do.
    """
    commands = [
        [sys.executable, "-m", "benchmarks.memory", endpoint_url, str(count)] for count in counts
    ]
    children = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for command in commands
    ]
    peaks: list[int] = []
    for command, child, count in zip(commands, children, counts, strict=True):
        out, err = child.communicate()
        if child.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{err}")
        result = json.loads(out)
        if result["count"] != count:
            raise AssertionError(f"listed {result['count']} accounts, expected {count}")
        peaks.append(int(result["max_rss_kib"]))
    return peaks


def run(
    endpoint_url: str, small: int, large: int, repeats: int, *, bytecode_cache: bool = True
) -> Figure:
    """Compare the peak RSS of listing ``large`` accounts with that of listing ``small``."""
    env = child_environment(bytecode_cache=bytecode_cache)
    growth: list[float] = []
    smalls: list[int] = []
    larges: list[int] = []
    for _ in range(repeats):
        small_peak, large_peak = peak_rss_after_listing(endpoint_url, [small, large], env)
        smalls.append(small_peak)
        larges.append(large_peak)
        growth.append((large_peak - small_peak) / 1024)
    detail = f"peak RSS {min(smalls) / 1024:.1f} MB for {small:,}, "
    detail += f"{min(larges) / 1024:.1f} MB for {large:,}"
    return summary_figure(
        f"memory, lazily listing {large:,} vs {small:,} accounts",
        growth,
        "MB",
        BUDGET_MB,
        detail=detail,
    )


def _list(endpoint_url: str, count: int) -> None:
    from chime_accounts import ChimeAccounts

    listed = 0
    with ChimeAccounts(endpoint_url=endpoint_url) as accounts:
        for account in accounts.list_accounts(page_size=PAGE_SIZE, max_items=count):
            account.account_id  # noqa: B018 - reading it is the point; keeping it is not
            listed += 1
    max_rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"count": listed, "max_rss_kib": max_rss_kib}))


if __name__ == "__main__":
    _list(sys.argv[1], int(sys.argv[2]))
