"""Timing, the figures a benchmark reports, and the table they are printed as."""

from __future__ import annotations

import gc
import random
import statistics
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence


@dataclass(frozen=True)
class Figure:
    """One line of the table: a measured value (usually a ratio) against its budget.

    Attributes:
        name: What was measured.
        value: The median.
        low: The smallest value seen.
        high: The largest value seen.
        unit: ``x`` for a ratio, else the unit of an absolute figure.
        budget: The limit ``value`` must not exceed (or, if ``at_least``, fall below).
        at_least: Whether the budget is a floor rather than a ceiling.
        detail: The figures behind a ratio, for the reader.
        samples: How many runs the median is over.
    """

    name: str
    value: float
    low: float
    high: float
    unit: str
    budget: float | None
    at_least: bool = False
    detail: str = ""
    samples: int = 1

    @property
    def passed(self) -> bool | None:
        """Whether the median meets the budget; None when there is no budget."""
        if self.budget is None:
            return None
        return self.value >= self.budget if self.at_least else self.value <= self.budget


def measure(
    runs: Mapping[str, Callable[[], Iterable[object]]],
    repeats: int,
    *,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, list[float]]:
    """Time ``runs`` against each other, ``repeats`` times, and return their times by name.

    Each run is a function returning an iterable whose every step does a slice of its work
    (a page, a call, a chunk of items). The runs advance in lockstep, one step each in
    turn, so a burst of load from other work on the machine hits all of them alike and the
    n-th times of two runs form a fair pair. The order of the steps is shuffled in every
    round, so no run always follows the same other one (and finds, say, the server thread
    that run woke). A run's time is the sum of its steps' times, creating its iterable
    included.

    ``clock`` is wall-clock time by default; work that only computes in this thread
    (conversion) passes ``time.thread_time``, so time the machine gives other processes
    does not count.
    """
    names = list(runs)
    times: dict[str, list[float]] = {name: [] for name in names}
    shuffler = random.Random(repeats)
    for _ in range(repeats):
        order = names.copy()
        gc.collect()
        totals = dict.fromkeys(order, 0.0)
        steps: dict[str, Iterator[object]] = {}
        for name in order:
            start = clock()
            steps[name] = iter(runs[name]())
            totals[name] += clock() - start
        while steps:
            shuffler.shuffle(order)
            for name in [name for name in order if name in steps]:
                start = clock()
                try:
                    next(steps[name])
                except StopIteration:
                    del steps[name]
                totals[name] += clock() - start
        for name in order:
            times[name].append(totals[name])
    return times


def ratio_figure(
    name: str,
    baseline: Sequence[float],
    candidate: Sequence[float],
    budget: float | None,
    *,
    baseline_name: str = "boto3",
    per: int = 1,
    per_label: str = "",
) -> Figure:
    """Summarise paired times as the ratio candidate / baseline.

    Args:
        name: The figure's name.
        baseline: Times of the baseline, one per repeat.
        candidate: Times of chime_accounts in the same repeats.
        budget: The highest acceptable median ratio, or None.
        baseline_name: What the baseline is, for the detail column.
        per: Divide the median times by this for the detail column (e.g. items per run).
        per_label: The unit of ``per``, e.g. ``/account``.
    """
    ratios = [c / b for b, c in zip(baseline, candidate, strict=True)]
    base = _duration(statistics.median(baseline) / per) + per_label
    cand = _duration(statistics.median(candidate) / per) + per_label
    return Figure(
        name=name,
        value=statistics.median(ratios),
        low=min(ratios),
        high=max(ratios),
        unit="x",
        budget=budget,
        detail=f"{baseline_name} {base}, chime_accounts {cand}",
        samples=len(ratios),
    )


def summary_figure(
    name: str,
    values: Sequence[float],
    unit: str,
    budget: float | None,
    *,
    at_least: bool = False,
    detail: str = "",
) -> Figure:
    """Summarise absolute ``values`` (not ratios) as a figure."""
    return Figure(
        name=name,
        value=statistics.median(values),
        low=min(values),
        high=max(values),
        unit=unit,
        budget=budget,
        at_least=at_least,
        detail=detail,
        samples=len(values),
    )


def _duration(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.1f} us"


def _number(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:,.1f} {unit}"


def format_table(figures: Sequence[Figure]) -> str:
    """Return the figures as a Markdown table: median, min - max, budget, verdict, detail."""
    lines = [
        "| figure | median | min - max | runs | budget | result | medians |",
        "|---|---|---|---|---|---|---|",
    ]
    for figure in figures:
        if figure.budget is None:
            budget, verdict = "-", "info"
        else:
            budget = (">= " if figure.at_least else "<= ") + _number(figure.budget, figure.unit)
            verdict = "PASS" if figure.passed else "FAIL"
        spread = f"{_number(figure.low, figure.unit)} - {_number(figure.high, figure.unit)}"
        lines.append(
            f"| {figure.name} | {_number(figure.value, figure.unit)} | {spread} | "
            f"{figure.samples} | {budget} | {verdict} | {figure.detail} |"
        )
    return "\n".join(lines)


def one_step(run: Callable[[], object]) -> Iterator[None]:
    """Return ``run`` as a run of a single step, for :func:`measure`."""
    run()
    yield


def warm_up(runs: Mapping[str, Callable[[], Iterable[object]]]) -> None:
    """Take the first step of each run: connections, models and generated code get ready."""
    for run in runs.values():
        next(iter(run()), None)
