"""``python -m benchmarks.reliability`` runs and reports every scenario with nothing lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from benchmarks import reliability

if TYPE_CHECKING:
    import pytest

# Tiny, so that the run stays a smoke test: the figures are for the full command.
SMOKE = reliability.Sizes(
    storm_accounts=120,
    accounts=60,
    creates=12,
    calls_per_thread=5,
    generated=40,
    storm_page=10,
    page=10,
)


def test_every_scenario_survives_with_nothing_lost_or_repeated() -> None:
    lines: list[str] = []

    outcomes = reliability.run(SMOKE, echo=lines.append)

    assert lines[0] == reliability.HEADER
    assert len(lines) == len(outcomes) + 1
    scenarios = {outcome.scenario for outcome in outcomes}
    assert len(scenarios) == len(reliability.SCENARIOS)
    for outcome in outcomes:
        assert outcome.ok, reliability.format_line(outcome)
        assert outcome.expected > 0, outcome.scenario
    assert sum(outcome.injected for outcome in outcomes) > 0


def test_the_command_names_its_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    assert reliability.main(["--list"]) == 0

    listed = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in listed] == list(reliability.SCENARIOS)
