"""offboarding.plan, and the plan file: contents, round trip, and what makes one unusable."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest

import chime_accounts.offboarding as offboarding
from chime_accounts import AccountStatus, AccountType, ValidationError
from chime_accounts.offboarding import Plan, PlanError, Step, StepKind, journal_path

from . import Fleet, edit_plan, writes

if TYPE_CHECKING:
    from collections.abc import Callable

    from chime_accounts import ChimeAccounts
    from chime_accounts.testing import LocalChime

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "offboarding.md"


def steps_of(made: Plan, account_id: str) -> list[tuple[StepKind, tuple[str, ...]]]:
    planned = made.account(account_id)
    assert planned is not None
    return [(step.kind, step.user_ids) for step in planned.steps]


class TestPublicSurface:
    """The module's names are sorted and each has a reference entry."""

    def test_all_is_sorted_and_documented(self) -> None:
        assert offboarding.__all__ == sorted(offboarding.__all__)
        documented = set(
            re.findall(r"^::: chime_accounts\.offboarding\.(\w+)$", _reference(), re.M)
        )
        assert documented == set(offboarding.__all__)


def _reference() -> str:
    return REFERENCE.read_text(encoding="utf-8")


class TestPlanContents:
    """Each account type gets the steps its service rules call for; nothing is written."""

    def test_steps_per_account_type(
        self, chime: ChimeAccounts, local_chime: LocalChime, fleet: Fleet
    ) -> None:
        made = offboarding.plan(chime, name="Retire")

        assert [a.account_id for a in made.accounts] == [
            fleet.team,
            fleet.lwa,
            fleet.directory,
            fleet.oidc,
            fleet.deleted,
        ]
        assert steps_of(made, fleet.team) == [
            (StepKind.BATCH_SUSPEND_USER, fleet.team_users),
            (StepKind.DELETE_ACCOUNT, ()),
        ]
        assert steps_of(made, fleet.lwa) == [
            (StepKind.BATCH_SUSPEND_USER, ("lwa-user",)),
            (StepKind.DELETE_ACCOUNT, ()),
        ]
        assert steps_of(made, fleet.directory) == [(StepKind.DELETE_ACCOUNT, ())]
        assert steps_of(made, fleet.oidc) == [
            (StepKind.LOGOUT_USER, fleet.oidc_users),
            (StepKind.DELETE_ACCOUNT, ()),
        ]
        assert steps_of(made, fleet.deleted) == []
        assert writes(local_chime) == []

    def test_expected_state_endpoint_and_aws_account(
        self, chime: ChimeAccounts, local_chime: LocalChime, fleet: Fleet
    ) -> None:
        made = offboarding.plan(chime, name="Retire")
        team = made.account(fleet.team)

        assert team is not None
        assert (team.name, team.account_type, team.account_status) == (
            "Retire Team",
            AccountType.TEAM,
            AccountStatus.ACTIVE,
        )
        assert team.active_user_ids == fleet.team_users
        assert team.suspended_user_ids == ("team-suspended",)
        assert made.endpoint_url == local_chime.endpoint_url
        assert made.aws_account_id == team.aws_account_id == "123456789012"
        assert made.users_affected == 5  # 3 Team, 1 LWA, 1 OIDC
        assert len(made.accounts_to_delete) == 4
        oidc = made.account(fleet.oidc)
        assert oidc is not None
        assert any("claimed domains" in note for note in oidc.notes)

    def test_more_than_fifty_users_take_one_step_per_fifty(
        self, chime: ChimeAccounts, local_chime: LocalChime
    ) -> None:
        big = local_chime.add_account("Big")["AccountId"]
        for i in range(120):
            local_chime.add_user(big, f"u{i}@big.example")

        made = offboarding.plan(chime, account_ids=[big])

        sizes = [len(users) for _, users in steps_of(made, big)]
        assert sizes == [50, 50, 20, 0]

    def test_unknown_ids_are_reported_and_left_out(
        self, chime: ChimeAccounts, fleet: Fleet
    ) -> None:
        made = offboarding.plan(chime, account_ids=["nope", fleet.team, "nada"])

        assert [a.account_id for a in made.accounts] == [fleet.team]
        assert made.unknown_account_ids == ("nope", "nada")

    @pytest.mark.parametrize(
        "selection",
        [{}, {"account_ids": ["a"], "name": "b"}, {"account_ids": []}, {"name": " "}],
    )
    def test_selection_is_checked_first(
        self, chime: ChimeAccounts, local_chime: LocalChime, selection: dict[str, Any]
    ) -> None:
        with pytest.raises(ValidationError):
            offboarding.plan(chime, **selection)
        assert local_chime.requests == []

    def test_accounts_of_several_aws_accounts_are_refused(
        self, chime: ChimeAccounts, local_chime: LocalChime
    ) -> None:
        local_chime.add_account("Retire A")
        local_chime.add_account("Retire B", aws_account_id="210987654321")

        with pytest.raises(PlanError, match="several AWS accounts"):
            offboarding.plan(chime, name="Retire")


@pytest.fixture
def made(chime: ChimeAccounts, fleet: Fleet) -> Plan:
    del fleet  # requested for the accounts it seeds
    return offboarding.plan(chime, name="Retire")


class TestPlanFile:
    """A plan survives its file exactly; the file is private and carries a digest."""

    def test_round_trip(self, made: Plan, tmp_path: Path) -> None:
        path = made.save(tmp_path / "plan.json")

        assert Plan.load(path) == made
        assert Plan.from_json(made.to_json()) == made
        assert Plan.from_dict(made.to_dict()) == made
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        data = json.loads(path.read_text())
        assert data["Digest"] == made.digest
        assert data["Format"] == "chime-accounts/offboarding-plan"
        assert data["Version"] == 1

    def test_saving_over_a_plan_whose_apply_started_is_refused(
        self, made: Plan, tmp_path: Path
    ) -> None:
        path = made.save(tmp_path / "plan.json")
        journal_path(path).write_text("")

        with pytest.raises(PlanError, match="journal"):
            made.save(path)


def _team(data: dict[str, Any]) -> dict[str, Any]:
    account: dict[str, Any] = data["Accounts"][0]
    return account


# Edits that contradict the plan's rules even when the digest is made to match.
INCONSISTENT: dict[str, Callable[[dict[str, Any]], object]] = {
    "duplicate account": lambda d: d["Accounts"].append(d["Accounts"][0]),
    "unknown step kind": lambda d: _team(d)["Steps"].insert(0, {"Kind": "WipeAccount"}),
    "delete not last": lambda d: _team(d)["Steps"].reverse(),
    "user not active": lambda d: _team(d)["Steps"][0]["UserIds"].append("stranger"),
    "active user missed": lambda d: _team(d)["Steps"][0]["UserIds"].pop(),
    "logout on a Team account": lambda d: _team(d)["Steps"].insert(
        0, {"Kind": "LogoutUser", "UserIds": [_team(d)["ActiveUserIds"][0]]}
    ),
    "other AWS account": lambda d: _team(d).update(AwsAccountId="210987654321"),
    "steps for a deleted account": lambda d: d["Accounts"][-1]["Steps"].append(
        {"Kind": "DeleteAccount"}
    ),
    "not selected": lambda d: _team(d).update(Name="Keep Me"),
    "unknown member": lambda d: _team(d)["Steps"][-1].update(Force=True),
    "user twice": lambda d: _team(d)["SuspendedUserIds"].append(_team(d)["ActiveUserIds"][0]),
}


class TestUnusablePlans:
    """An edited, inconsistent or foreign file is refused before anything is sent."""

    @pytest.mark.parametrize("edit", list(INCONSISTENT.values()), ids=list(INCONSISTENT))
    def test_inconsistent_even_with_a_matching_digest(
        self,
        made: Plan,
        tmp_path: Path,
        chime: ChimeAccounts,
        local_chime: LocalChime,
        edit: Callable[[dict[str, Any]], object],
    ) -> None:
        path = made.save(tmp_path / "plan.json")
        edit_plan(path, edit)
        local_chime.clear_requests()

        with pytest.raises(PlanError) as raised:
            offboarding.apply(chime, path, dry_run=False)

        assert raised.value.path == str(path)
        assert local_chime.requests == []
        assert not journal_path(path).exists()

    def test_any_edit_breaks_the_digest(self, made: Plan, tmp_path: Path) -> None:
        path = made.save(tmp_path / "plan.json")
        edit_plan(path, lambda d: _team(d)["Steps"][0]["UserIds"].pop(), redigest=False)

        with pytest.raises(PlanError, match="Digest does not match"):
            Plan.load(path)

    @pytest.mark.parametrize(
        ("text", "match"),
        [
            ("{not json", "not JSON"),
            ("[]", "not a JSON object"),
            ('{"Format": "something else"}', "not an offboarding plan"),
            ('{"Format": "chime-accounts/offboarding-plan", "Version": 2}', "Version 2"),
            ('{"Format": "chime-accounts/offboarding-plan", "Version": 1}', "missing"),
        ],
    )
    def test_not_a_plan(self, tmp_path: Path, text: str, match: str) -> None:
        path = tmp_path / "plan.json"
        path.write_text(text)

        with pytest.raises(PlanError, match=match):
            Plan.load(path)

    def test_a_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(PlanError, match="cannot be read"):
            Plan.load(tmp_path / "nothing.json")

    def test_the_constructor_checks_too(self, made: Plan) -> None:
        team = made.accounts[0]
        bad = attrs.evolve(team, steps=(Step(kind=StepKind.DELETE_ACCOUNT),))

        with pytest.raises(PlanError, match="no step suspends or logs out"):
            attrs.evolve(made, accounts=(bad,))
