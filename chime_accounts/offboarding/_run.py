"""plan and apply, sync and async: they only carry out what ``_logic.py`` decides."""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING, TypeVar, cast

from chime_accounts._enums import AccountStatus
from chime_accounts._fan_out import afan_out, fan_out
from chime_accounts.exceptions import ChimeAccountsError, NotFoundError, ValidationError

from ._journal import Journal
from ._logic import (
    GetAccount,
    ListUsers,
    LogoutUser,
    Record,
    SuspendUsers,
    account_plan,
    apply_account,
    build_plan,
    check_aws_account,
    check_endpoint,
    check_selection,
    finished_report,
)
from ._plan_model import Plan
from ._report import AccountOutcome, AccountReport, Report

if TYPE_CHECKING:
    from collections.abc import Sequence

    from chime_accounts import Account, AsyncChimeAccounts, ChimeAccounts, Outcome, User

    from ._logic import Action, Program
    from ._plan_model import AccountPlan

__all__ = ["aapply", "aplan", "apply", "plan"]

T = TypeVar("T")
T_item = TypeVar("T_item")

# Users and accounts per page when reading: the service's maximum, fewest requests.
_PAGE = 200


def _check_concurrency(concurrency: object) -> None:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValidationError("concurrency", "must be an integer of at least 1")


def _endpoint(chime: ChimeAccounts | AsyncChimeAccounts) -> str:
    return chime.client.meta.endpoint_url


# -- plan ---------------------------------------------------------------------------------


def plan(
    chime: ChimeAccounts,
    *,
    account_ids: Sequence[str] | None = None,
    name: str | None = None,
    concurrency: int = 8,
) -> Plan:
    """Read the accounts' current state and plan their retirement; change nothing.

    Reads each account (GetAccount, or ListAccounts by name) and its users (ListUsers),
    ``concurrency`` accounts at a time, and plans, per account: suspend the users who are
    not suspended (Team and EnterpriseLWA: ``BatchSuspendUser``, 50 a step), or log them
    out (the other types: ``LogoutUser``, one a step), then ``DeleteAccount``. Accounts
    already Suspended (deleted) are planned with no steps. Save the plan with
    [`Plan.save`][chime_accounts.offboarding.Plan.save], review it, then
    [`apply`][chime_accounts.offboarding.apply] it.

    Args:
        chime: The client; the plan records its endpoint.
        account_ids: The accounts to retire. An ID that does not exist is left out and
            listed in ``unknown_account_ids``.
        name: Or: every account whose name starts with this.
        concurrency: How many accounts are read at once.

    Returns:
        The plan.

    Raises:
        ValidationError: Neither or both of ``account_ids`` and ``name``, or a bad value.
        PlanError: The accounts belong to several AWS accounts.
        ChimeAccountsError: A read failed (after its retries); nothing was changed.
    """
    ids, prefix = check_selection(account_ids, name)
    _check_concurrency(concurrency)
    unknown: list[str] = []
    if ids is not None:
        found: list[Account] = []
        for outcome in list(fan_out(chime.get_account, ids, concurrency=concurrency)):
            if isinstance(outcome.error, NotFoundError):
                unknown.append(outcome.item)
            else:
                found.append(_value(outcome))
    else:
        found = list(chime.list_accounts(name=prefix, page_size=_PAGE))

    def users_of(account: Account) -> AccountPlan:
        users: list[User] = []
        if not _deleted(account):
            users = list(chime.list_users(account.account_id, page_size=_PAGE))
        return account_plan(account, users)

    outcomes = list(fan_out(users_of, found, concurrency=concurrency))
    planned = [_value(outcome) for outcome in outcomes]
    return build_plan(
        endpoint_url=_endpoint(chime),
        account_ids=ids,
        name=prefix,
        accounts=planned,
        unknown_account_ids=unknown,
    )


async def aplan(
    chime: AsyncChimeAccounts,
    *,
    account_ids: Sequence[str] | None = None,
    name: str | None = None,
    concurrency: int = 8,
) -> Plan:
    """Same as [`plan`][chime_accounts.offboarding.plan], with an `AsyncChimeAccounts`."""
    ids, prefix = check_selection(account_ids, name)
    _check_concurrency(concurrency)
    unknown: list[str] = []
    found: list[Account] = []
    if ids is not None:
        outcomes = [o async for o in afan_out(chime.get_account, ids, concurrency=concurrency)]
        for outcome in outcomes:
            if isinstance(outcome.error, NotFoundError):
                unknown.append(outcome.item)
            else:
                found.append(_value(outcome))
    else:
        found = [a async for a in chime.list_accounts(name=prefix, page_size=_PAGE)]

    async def users_of(account: Account) -> AccountPlan:
        users: list[User] = []
        if not _deleted(account):
            users = [u async for u in chime.list_users(account.account_id, page_size=_PAGE)]
        return account_plan(account, users)

    planned_outcomes = [o async for o in afan_out(users_of, found, concurrency=concurrency)]
    planned = [_value(outcome) for outcome in planned_outcomes]
    return build_plan(
        endpoint_url=_endpoint(chime),
        account_ids=ids,
        name=prefix,
        accounts=planned,
        unknown_account_ids=unknown,
    )


def _deleted(account: Account) -> bool:
    return account.account_status is AccountStatus.SUSPENDED


def _value(outcome: Outcome[T_item, T]) -> T:
    """The value of a fan-out's outcome; its error raised, as the caller's own."""
    if outcome.error is not None:
        raise outcome.error
    return cast("T", outcome.value)


# -- apply --------------------------------------------------------------------------------


def _prepare(
    plan_path: str | os.PathLike[str], endpoint_url: str, *, dry_run: bool
) -> tuple[Plan, Journal]:
    """Read and check the plan and its journal; nothing is sent."""
    path = os.fspath(plan_path)
    loaded = Plan.load(path)
    check_endpoint(loaded, endpoint_url, path)
    return loaded, Journal.open(path, loaded, writable=not dry_run)


def _report(
    loaded: Plan, journal: Journal, reports: dict[str, AccountReport], *, dry_run: bool
) -> Report:
    ordered: list[AccountReport] = []
    for account in loaded.accounts:
        report = reports.get(account.account_id) or finished_report(account, journal)
        if report is None:  # pragma: no cover - every pending account has a report
            raise AssertionError(account.account_id)
        ordered.append(report)
    return Report(plan_digest=loaded.digest, dry_run=dry_run, accounts=tuple(ordered))


def _failed(planned: AccountPlan, error: ChimeAccountsError | None) -> AccountReport:
    return AccountReport(
        account_id=planned.account_id,
        name=planned.name,
        outcome=AccountOutcome.FAILED,
        error=error,
    )


def apply(
    chime: ChimeAccounts,
    plan_path: str | os.PathLike[str],
    *,
    dry_run: bool = True,
    concurrency: int = 8,
) -> Report:
    """Carry out a saved plan, resumably; by default a dry run that changes nothing.

    Before any request, the plan file is checked (format, digest, consistency), it must
    have been made for the client's endpoint, and its journal (``PLAN.journal``) must
    belong to it. Accounts the journal records as done are not touched. For the others,
    the accounts are listed once (read-only) to check that the credentials reach the
    plan's AWS account; then ``concurrency`` accounts at a time, each account's steps in
    order: the account is re-read (GetAccount, ListUsers) and refused, while the others
    go on, if it changed in a way the plan did not foresee (renamed, another type or AWS
    account, a user the plan does not know, a planned-suspended user active again);
    each step still to do (the re-read shows what is) is sent, and journaled before and
    after (``fsync``), so that an interrupted apply resumes without repeating a step;
    before ``DeleteAccount`` the account is re-read and checked again.

    A dry run reads and checks the same, sends nothing that changes anything, and writes
    no journal. The client's pacing and retries apply to every request.

    Args:
        chime: The client, for the endpoint and AWS account the plan was made for.
        plan_path: The plan file (from [`Plan.save`][chime_accounts.offboarding.Plan.save]).
        dry_run: Only report what would be done (the default); False to do it.
        concurrency: How many accounts are worked on at once.

    Returns:
        The report: per account, what was done (or would be) and why not.

    Raises:
        PlanError: The plan file cannot be used (see the class), was made for another
            endpoint or AWS account, or its journal is another plan's, damaged or held
            by another apply; nothing was changed.
        ValidationError: ``concurrency`` is not an integer of at least 1.
        ChimeAccountsError: The listing of the accounts failed; nothing was changed.
    """
    _check_concurrency(concurrency)
    loaded, journal = _prepare(plan_path, _endpoint(chime), dry_run=dry_run)
    with journal:
        pending = [a for a in loaded.accounts if finished_report(a, journal) is None]
        if pending:
            listed = list(chime.list_accounts(page_size=_PAGE))
            check_aws_account(loaded, listed, os.fspath(plan_path))

        def work(planned: AccountPlan) -> AccountReport:
            return _drive(chime, journal, apply_account(planned, journal, dry_run=dry_run))

        reports: dict[str, AccountReport] = {}
        for outcome in fan_out(work, pending, concurrency=concurrency):
            value = outcome.value
            reports[outcome.item.account_id] = (
                _failed(outcome.item, outcome.error) if value is None else value
            )
        return _report(loaded, journal, reports, dry_run=dry_run)


async def aapply(
    chime: AsyncChimeAccounts,
    plan_path: str | os.PathLike[str],
    *,
    dry_run: bool = True,
    concurrency: int = 8,
) -> Report:
    """Same as [`apply`][chime_accounts.offboarding.apply], with an `AsyncChimeAccounts`.

    Journal entries are written (and synced) in a worker thread, off the event loop.
    """
    _check_concurrency(concurrency)
    loaded, journal = _prepare(plan_path, _endpoint(chime), dry_run=dry_run)
    with journal:
        pending = [a for a in loaded.accounts if finished_report(a, journal) is None]
        if pending:
            listed = [a async for a in chime.list_accounts(page_size=_PAGE)]
            check_aws_account(loaded, listed, os.fspath(plan_path))

        async def work(planned: AccountPlan) -> AccountReport:
            program = apply_account(planned, journal, dry_run=dry_run)
            return await _adrive(chime, journal, program)

        reports: dict[str, AccountReport] = {}
        async for outcome in afan_out(work, pending, concurrency=concurrency):
            value = outcome.value
            reports[outcome.item.account_id] = (
                _failed(outcome.item, outcome.error) if value is None else value
            )
        return _report(loaded, journal, reports, dry_run=dry_run)


# -- drivers ------------------------------------------------------------------------------


def _perform(chime: ChimeAccounts, journal: Journal, action: Action) -> object:
    if isinstance(action, Record):
        journal.record(action.account_id, action.step, action.kind, action.event, **action.detail)
        return None
    if isinstance(action, GetAccount):
        return chime.get_account(action.account_id)
    if isinstance(action, ListUsers):
        return list(chime.list_users(action.account_id, page_size=_PAGE))
    if isinstance(action, SuspendUsers):
        return chime.batch_suspend_user(action.account_id, user_ids=action.user_ids)
    if isinstance(action, LogoutUser):
        chime.logout_user(action.account_id, action.user_id)
        return None
    chime.delete_account(action.account_id)
    return None


async def _aperform(chime: AsyncChimeAccounts, journal: Journal, action: Action) -> object:
    if isinstance(action, Record):
        detail = action.detail
        await asyncio.to_thread(
            journal.record, action.account_id, action.step, action.kind, action.event, **detail
        )
        return None
    if isinstance(action, GetAccount):
        return await chime.get_account(action.account_id)
    if isinstance(action, ListUsers):
        return [u async for u in chime.list_users(action.account_id, page_size=_PAGE)]
    if isinstance(action, SuspendUsers):
        return await chime.batch_suspend_user(action.account_id, user_ids=action.user_ids)
    if isinstance(action, LogoutUser):
        await chime.logout_user(action.account_id, action.user_id)
        return None
    await chime.delete_account(action.account_id)
    return None


def _drive(chime: ChimeAccounts, journal: Journal, program: Program[T]) -> T:
    """Run a program: carry out each action it yields and send back its result or error."""
    result: object = None
    error: ChimeAccountsError | None = None
    while True:
        try:
            action = program.send(result) if error is None else program.throw(error)
        except StopIteration as stop:
            return cast("T", stop.value)
        result, error = None, None
        try:
            result = _perform(chime, journal, action)
        except ChimeAccountsError as failure:
            if isinstance(action, Record):
                raise
            error = failure


async def _adrive(chime: AsyncChimeAccounts, journal: Journal, program: Program[T]) -> T:
    """Same as `_drive`, awaiting each action."""
    result: object = None
    error: ChimeAccountsError | None = None
    while True:
        try:
            action = program.send(result) if error is None else program.throw(error)
        except StopIteration as stop:
            return cast("T", stop.value)
        result, error = None, None
        try:
            result = await _aperform(chime, journal, action)
        except ChimeAccountsError as failure:
            if isinstance(action, Record):
                raise
            error = failure
