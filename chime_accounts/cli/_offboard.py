"""``chime-accounts offboard``: plan the retirement of accounts, review it, then apply it.

``offboard plan`` reads the accounts and writes a plan file (JSON, mode 0600); ``offboard
apply PLAN`` shows what it would do, and with ``--yes`` does it, journaling each step next
to the plan so that running it again resumes. Both are thin over
``chime_accounts.offboarding``, imported when a command runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from ._errors import ExitCode, one_line
from ._listing import show_all
from ._options import Settings, open_chime, pass_settings, shared_options
from ._output import Column, Field, View, counted, human_text

if TYPE_CHECKING:
    from chime_accounts import offboarding

__all__ = ["PLAN_VIEW", "REPORT_VIEW", "offboard"]

_CONCURRENCY = click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    metavar="N",
    help="Accounts worked on at once; each account's steps run in order.",
)


def _count(value: object) -> str:
    return str(len(cast("list[object]", value))) if isinstance(value, list) else human_text(value)


PLAN_VIEW = View(
    singular="planned account",
    plural="planned accounts",
    fields=(
        Field(member="AccountId", label="Account ID"),
        Field(member="Name", label="Name"),
        Field(member="AccountType", label="Type"),
        Field(member="AccountStatus", label="Status"),
        Field(member="Action", label="Action"),
        Field(member="UsersToSuspend", label="Users to suspend"),
        Field(member="UsersToLogOut", label="Users to log out"),
        Field(member="Notes", label="Notes"),
    ),
    columns=(
        Column(member="AccountId", heading="ACCOUNT ID", width=36),
        Column(member="Name", heading="NAME", width=32, min_width=12),
        Column(member="AccountType", heading="TYPE", width=19, drop=1),
        Column(member="UsersToSuspend", heading="SUSPEND", width=7, text=_count),
        Column(member="UsersToLogOut", heading="LOG OUT", width=7, text=_count),
        Column(member="Action", heading="ACTION", width=11),
    ),
)
"""One row per account asked for: what the plan does with it (``Action``: Delete,
NothingToDo for an account already deleted, NotFound for an unknown ID)."""

REPORT_VIEW = View(
    singular="account",
    plural="accounts",
    fields=(
        Field(member="AccountId", label="Account ID"),
        Field(member="Name", label="Name"),
        Field(member="Outcome", label="Outcome"),
        Field(member="Detail", label="Detail"),
        Field(member="Steps", label="Steps"),
        Field(member="Problems", label="Problems"),
        Field(member="Error", label="Error"),
    ),
    columns=(
        Column(member="AccountId", heading="ACCOUNT ID", width=36),
        Column(member="Name", heading="NAME", width=24, min_width=10, drop=1),
        Column(member="Outcome", heading="OUTCOME", width=11),
        Column(member="Detail", heading="DETAIL", width=70, min_width=20),
    ),
)
"""One row per account of the plan: its outcome, what was done (or would be) and why not."""


@dataclass(frozen=True)
class _Row:
    """A record of a view, already in its AWS-style JSON form (nothing in it is sensitive)."""

    data: dict[str, Any]

    def to_dict(self, *, mode: str = "python", mask: str | None = None) -> dict[str, Any]:  # noqa: ARG002 - SupportsToDict's signature
        return dict(self.data)


def _plan_rows(made: offboarding.Plan) -> list[_Row]:
    rows = [_Row(_plan_record(account)) for account in made.accounts]
    rows += [
        _Row({"AccountId": account_id, "Action": "NotFound", "Notes": ["no such account"]})
        for account_id in made.unknown_account_ids
    ]
    return rows


def _plan_record(account: offboarding.AccountPlan) -> dict[str, Any]:
    return {
        "AccountId": account.account_id,
        "Name": account.name,
        "AccountType": account.account_type.value,
        "AccountStatus": account.account_status.value,
        "Action": "Delete" if account.steps else "NothingToDo",
        "UsersToSuspend": list(account.users_to_suspend),
        "UsersToLogOut": list(account.users_to_log_out),
        "Notes": list(account.notes),
    }


def _users(count: int) -> str:
    return counted(count, "user", "users")


def _detail(account: offboarding.AccountReport) -> str:
    from chime_accounts import offboarding

    if account.outcome is offboarding.AccountOutcome.REFUSED:
        return "; ".join(account.problems)
    if account.outcome is offboarding.AccountOutcome.FAILED:
        error = "" if account.error is None else f"{type(account.error).__name__}: {account.error}"
        failed = [step for step in account.steps if step.outcome is offboarding.StepOutcome.FAILED]
        if failed and failed[0].user_errors:
            error = f"{failed[0].kind.value} failed for {_users(len(failed[0].user_errors))}"
        return one_line("; ".join(part for part in (*account.problems, error) if part))
    if account.outcome is offboarding.AccountOutcome.DONE_EARLIER:
        return "done by an earlier apply"
    if account.outcome is offboarding.AccountOutcome.NOTHING_TO_DO:
        return "already deleted when planned"
    would = account.outcome is offboarding.AccountOutcome.WOULD_DELETE
    wanted = offboarding.StepOutcome.WOULD_RUN if would else offboarding.StepOutcome.DONE
    suspended = sum(
        len(s.sent_user_ids)
        for s in account.steps
        if s.outcome is wanted and s.kind is offboarding.StepKind.BATCH_SUSPEND_USER
    )
    logged_out = sum(
        1
        for s in account.steps
        if s.outcome is wanted and s.kind is offboarding.StepKind.LOGOUT_USER
    )
    deleting = [s for s in account.steps if s.kind is offboarding.StepKind.DELETE_ACCOUNT]
    parts: list[str] = []
    if suspended:
        parts.append(f"{'suspend' if would else 'suspended'} {_users(suspended)}")
    if logged_out:
        parts.append(f"{'log out' if would else 'logged out'} {_users(logged_out)}")
    if deleting and deleting[0].outcome is offboarding.StepOutcome.ALREADY_DONE:
        parts.append("found deleted already")
    else:
        parts.append("delete the account" if would else "deleted")
    earlier = sum(1 for s in account.steps if s.outcome is offboarding.StepOutcome.DONE_EARLIER)
    if earlier:
        parts.append(f"{counted(earlier, 'step', 'steps')} done by an earlier apply")
    return ("would " if would else "") + ", ".join(parts)


def _report_rows(report: offboarding.Report) -> list[_Row]:
    rows: list[_Row] = []
    for account in report.accounts:
        record = account.to_dict(mode="json")
        record["Detail"] = _detail(account)
        rows.append(_Row(record))
    return rows


@click.group("offboard")
def offboard() -> None:
    r"""Retire accounts: plan (suspend users, then delete), review the plan, apply it.

    \b
    chime-accounts offboard plan --name "Acme " --out retire.json
    chime-accounts offboard apply retire.json          # shows what it would do
    chime-accounts offboard apply retire.json --yes    # does it; run again to resume
    """


@offboard.command("plan")
@click.option(
    "--account-id",
    "account_ids",
    multiple=True,
    metavar="ID",
    help="An account to retire; repeat for more. Unknown IDs are reported and left out.",
)
@click.option("--name", metavar="PREFIX", help="Or: every account whose name starts with PREFIX.")
@click.option(
    "--out",
    required=True,
    metavar="PLAN",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The plan file to write (JSON, readable by you only).",
)
@_CONCURRENCY
@shared_options
@pass_settings
def plan_retirement(
    settings: Settings,
    account_ids: tuple[str, ...],
    name: str | None,
    out: Path,
    concurrency: int,
) -> None:
    """Read the accounts and write a plan to retire them to PLAN; change nothing.

    Per account: suspend its users who are not suspended (Team and EnterpriseLWA
    accounts) or log them out (other types, whose users AWS suspends when their claimed
    domains are released), then delete it. The plan also records the state apply must
    find (name, type, AWS account, users) and the endpoint it is for. Prints one row per
    account and a summary; review the file, then run `offboard apply PLAN`.
    """
    if bool(account_ids) == (name is not None):
        raise click.UsageError("give the accounts with --account-id (repeatable) or --name")
    from chime_accounts import offboarding

    journal = offboarding.journal_path(out)
    if journal.exists():
        raise offboarding.PlanError(
            f"{journal} exists: an apply of an earlier plan at this path has started; write"
            " the new plan elsewhere, or move that plan and its journal away",
            str(out),
        )
    chime = open_chime(settings)
    made = offboarding.plan(
        chime, account_ids=account_ids or None, name=name, concurrency=concurrency
    )
    made.save(out)
    show_all(settings, PLAN_VIEW, _plan_rows(made))
    _summarise_plan(settings, made, out)


def _summarise_plan(settings: Settings, made: offboarding.Plan, out: Path) -> None:
    deleting = made.accounts_to_delete
    suspend = sum(len(a.users_to_suspend) for a in deleting)
    log_out = sum(len(a.users_to_log_out) for a in deleting)
    already = len(made.accounts) - len(deleting)
    click.echo(
        f"Wrote the plan to {out}: {counted(len(deleting), 'account', 'accounts')} to delete,"
        f" {_users(suspend)} to suspend, {_users(log_out)} to log out"
        + (f"; {already} already deleted" if already else "")
        + ". Nothing was changed.",
        err=True,
    )
    if made.unknown_account_ids:
        click.echo(
            f"Warning: not found, left out of the plan: {', '.join(made.unknown_account_ids)}",
            err=True,
        )
    enterprise = [a for a in deleting if a.notes]
    if enterprise:
        click.echo(
            f"Note: {counted(len(enterprise), 'account is', 'accounts are')} Enterprise: AWS"
            " deletes one only once its claimed domains are released (Amazon Chime console),"
            " which suspends its users; see the Notes in the plan.",
            err=True,
        )
    if settings.local:
        click.echo(
            "Note: made with --local, whose endpoint ends with this command: this plan cannot"
            " be applied. To try apply, run `chime-accounts local serve` and give its URL with"
            " --endpoint-url to both plan and apply.",
            err=True,
        )
    elif deleting:
        click.echo(f"Review it, then: chime-accounts offboard apply {out}", err=True)


@offboard.command("apply")
@click.argument("plan_file", metavar="PLAN", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", "-y", is_flag=True, help="Carry the plan out. Without it: a dry run.")
@_CONCURRENCY
@shared_options
@pass_settings
def apply_plan(settings: Settings, plan_file: Path, *, yes: bool, concurrency: int) -> None:
    """Show what applying PLAN would do; with --yes, do it.

    The plan is refused before anything is sent if it is not a valid plan, was edited, or
    was made for another endpoint or AWS account. Each account is re-read first and left
    alone (reported as Refused) if it changed in a way the plan did not foresee. Every
    step is recorded in PLAN.journal: run the same command again to resume after an
    interruption or a failure; once everything is done it sends nothing. Exits 0, or 8
    if an account was refused or failed.
    """
    from chime_accounts import offboarding

    if settings.local:
        raise click.UsageError(
            "--local starts a fresh sample endpoint on every run, so no plan can be applied"
            " with it: run `chime-accounts local serve` and give its URL with --endpoint-url"
            " to both `offboard plan` and `offboard apply`"
        )
    chime = open_chime(settings)
    if yes:
        settings.hints.append(
            f"What was done is recorded in {offboarding.journal_path(plan_file)}: run the"
            " same command again to resume."
        )
    report = offboarding.apply(chime, plan_file, dry_run=not yes, concurrency=concurrency)
    show_all(settings, REPORT_VIEW, _report_rows(report))
    tally = [
        (offboarding.AccountOutcome.WOULD_DELETE, "would be deleted"),
        (offboarding.AccountOutcome.DELETED, "deleted"),
        (offboarding.AccountOutcome.DONE_EARLIER, "done earlier"),
        (offboarding.AccountOutcome.NOTHING_TO_DO, "already deleted when planned"),
        (offboarding.AccountOutcome.REFUSED, "refused"),
        (offboarding.AccountOutcome.FAILED, "failed"),
    ]
    counts = [
        f"{len(report.with_outcome(outcome))} {text}"
        for outcome, text in tally
        if report.with_outcome(outcome)
    ]
    summary = "; ".join(counts) or "no accounts"
    if not yes:
        click.echo(
            f"Dry run, nothing was changed: {summary}. Run again with --yes to apply.", err=True
        )
        return
    click.echo(f"Applied {plan_file}: {summary}.", err=True)
    if report.with_outcome(offboarding.AccountOutcome.REFUSED):
        click.echo(
            "Refused accounts changed since the plan and were left alone: check them, and"
            " make a new plan for those to retire.",
            err=True,
        )
    if report.with_outcome(offboarding.AccountOutcome.FAILED):
        click.echo(
            "Failed accounts: fix the cause, then run the same command again to resume.",
            err=True,
        )
    if not report.ok:
        click.get_current_context().exit(ExitCode.PARTIAL)
