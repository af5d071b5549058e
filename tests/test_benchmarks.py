"""The benchmarks run: a smoke-sized run of each, checking shapes and counts, never times."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from benchmarks import suite
from benchmarks._data import botocore_accounts, hand_written_account, seeded_accounts
from benchmarks._endpoints import OFFLINE_AWS_SETTINGS, UNSET_AWS_SETTINGS
from benchmarks._measure import Figure, format_table, measure, ratio_figure
from chime_accounts import Account
from chime_accounts._timestamps import parse_timestamp

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterator

BUDGETED = {
    "model conversion": 1.3,
    "end-to-end listing, 400 accounts, own client": 0.5,
    "end-to-end listing, 400 accounts, wrapped client": 1.08,
    "single call, 3 get_account, own client": 1.0,
    "single call, 3 get_account, wrapped client": 1.05,
    "client construction": 1.05,
    "import (new interpreter)": 1.35,
    "import ChimeAccounts (new interpreter)": 1.35,
    "chime-accounts --help (new interpreter)": 0.5,
    "memory, lazily listing 400 vs 200 accounts": 10.0,
    "fleet, 26 requests: fan_out, concurrency=16, elapsed / floor": 1.15,
    "fleet, 26 requests: fan_out, concurrency=16, throttled": 5.0,
    "fleet, 26 requests: fan_out, concurrency=16, lost or duplicated": 0.0,
    "fleet, 26 requests: fan_out, concurrency=16, elapsed / serial raw boto3": 0.4,
    "fleet, 26 requests: afan_out, concurrency=16, elapsed / floor": 1.15,
    "fleet, 26 requests: afan_out, concurrency=16, throttled": 5.0,
    "fleet, 26 requests: afan_out, concurrency=16, lost or duplicated": 0.0,
    "fleet, 26 requests: afan_out, concurrency=16, elapsed / serial raw boto3": 0.4,
    "fleet, 26 requests: ThreadPoolExecutor(32), pacing alone, elapsed / floor": 1.3,
    "fleet, 26 requests: ThreadPoolExecutor(32), pacing alone, throttled": 10.0,
    "fleet, 26 requests: ThreadPoolExecutor(32), pacing alone, lost or duplicated": 0.0,
}
#: The six ways of the fleet workload: two figures for the serial loop, three for each
#: other, and one more for each fan-out helper.
FLEET_FIGURES = 2 + 3 * 5 + 2


@pytest.fixture(scope="module")
def figures() -> Iterator[list[Figure]]:
    # Module-scoped, so conftest's per-test offline environment is not there yet.
    with pytest.MonkeyPatch.context() as patch:
        for name, value in OFFLINE_AWS_SETTINGS.items():
            patch.setenv(name, value)
        for name in UNSET_AWS_SETTINGS:
            patch.delenv(name, raising=False)
        yield suite.run(suite.SMOKE)


class TestSmokeRun:
    """Every benchmark runs at a tiny size and reports a well-formed figure."""

    def test_every_figure_is_reported(self, figures: list[Figure]) -> None:
        names = [figure.name for figure in figures]

        assert len(names) == len(set(names)) == 13 + FLEET_FIGURES
        for prefix in BUDGETED:
            assert any(name.startswith(prefix) for name in names), prefix
        assert sum("ListAccounts pages of 200 served" in name for name in names) == 2

    def test_budgets_are_the_issues(self, figures: list[Figure]) -> None:
        for figure in figures:
            budget = next(
                (b for prefix, b in BUDGETED.items() if figure.name.startswith(prefix)), None
            )
            if budget is not None:
                assert figure.budget == budget, figure.name

    def test_figures_are_well_formed(self, figures: list[Figure]) -> None:
        for figure in figures:
            assert figure.samples >= 1
            assert figure.low <= figure.value <= figure.high
            if figure.name.startswith("fleet"):
                assert figure.unit in {"x", "%", "items"}
            elif figure.unit == "x":
                assert figure.value > 0
                assert "chime_accounts" in figure.detail
            else:
                assert figure.unit in {"MB", "req/s"}

    def test_the_library_loses_no_item_of_the_fleet(self, figures: list[Figure]) -> None:
        lost = {f.name: f.value for f in figures if f.name.endswith("lost or duplicated")}

        assert len(lost) == 5
        for name, value in lost.items():
            if "fan_out" in name or "pacing alone" in name:  # raw boto3 may lose calls to 429s
                assert value == 0, name

    def test_the_endpoints_are_judged_against_the_own_clients_page_rate(
        self, figures: list[Figure]
    ) -> None:
        endpoints = [f for f in figures if f.unit == "req/s"]

        assert all(f.at_least and f.budget is not None and f.budget > 0 for f in endpoints)

    def test_the_table_has_a_row_per_figure(self, figures: list[Figure]) -> None:
        table = format_table(figures).splitlines()

        assert len(table) == 2 + len(figures)
        assert all(row.count("|") == 8 for row in table)


class TestBaseline:
    """The hand-written baseline builds exactly the models the converter builds."""

    @pytest.mark.parametrize("parser", [None, parse_timestamp])
    def test_same_models(self, parser: Callable[[object], dt.datetime] | None) -> None:
        dicts = botocore_accounts(seeded_accounts(50), parser)

        assert [hand_written_account(d) for d in dicts] == [Account.from_dict(d) for d in dicts]


class TestMeasure:
    """Runs advance in lockstep, and every run's steps are all taken and timed."""

    def test_lockstep(self) -> None:
        log: list[str] = []

        def steps(name: str, count: int) -> Iterator[None]:
            for _ in range(count):
                log.append(name)
                yield

        times = measure({"a": lambda: steps("a", 3), "b": lambda: steps("b", 5)}, repeats=2)

        assert [len(times["a"]), len(times["b"])] == [2, 2]
        assert [log.count("a"), log.count("b")] == [6, 10]
        first_repeat = log[:8]
        # Each round, every unfinished run takes one step, in a shuffled order.
        for round_ in (first_repeat[0:2], first_repeat[2:4], first_repeat[4:6]):
            assert sorted(round_) == ["a", "b"]
        assert first_repeat[6:] == ["b", "b"]

    def test_ratio_figure_pairs_repeats(self) -> None:
        figure = ratio_figure("f", [1.0, 2.0, 4.0], [1.0, 3.0, 2.0], 1.2)

        assert (figure.low, figure.value, figure.high) == (0.5, 1.0, 1.5)
        assert figure.passed is True
        assert figure.samples == 3
