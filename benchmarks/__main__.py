"""``python -m benchmarks``: run every benchmark and print the table.

Options: ``--quick`` for a small run (about half a minute), ``--only NAME ...`` for some
benchmarks, ``--repeats N`` to change the repeats of the timed ratios, ``--check`` to exit
with status 1 when a budget is not met.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from typing import TYPE_CHECKING

from ._endpoints import OFFLINE_AWS_SETTINGS, UNSET_AWS_SETTINGS
from ._measure import format_table
from .suite import BENCHMARKS, FULL, QUICK, describe_machine, run

if TYPE_CHECKING:
    from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks from the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small, fast run")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, default=BENCHMARKS)
    parser.add_argument("--repeats", type=int, help="runs of each in-process timed figure")
    parser.add_argument("--check", action="store_true", help="exit 1 if a budget is not met")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if args.repeats is not None:
        sizes = dataclasses.replace(sizes, repeats=args.repeats, call_repeats=args.repeats)
    for name in UNSET_AWS_SETTINGS:
        os.environ.pop(name, None)
    os.environ.update(OFFLINE_AWS_SETTINGS)
    started = time.perf_counter()
    figures = run(sizes, args.only, log=True)
    print(f"Machine: {describe_machine()}")
    print(f"Sizes: {'quick' if args.quick else 'full'}; took {time.perf_counter() - started:.0f} s")
    print()
    print(format_table(figures))
    failed = [figure.name for figure in figures if figure.passed is False]
    print()
    budgeted = [figure for figure in figures if figure.passed is not None]
    print(f"{len(budgeted) - len(failed)} of {len(budgeted)} budgets met.")
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
