"""What offboarding decides, without I/O: shared by the sync and the async functions.

Planning is plain functions from the accounts and users read to an `AccountPlan`.
Applying one account is a generator, `apply_account`: it yields the requests it needs
(`Action`s: reads, writes, journal entries) and receives their results (or has their
errors thrown in), so the sync and async drivers in ``_run.py`` only carry them out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs

from chime_accounts._enums import AccountStatus, AccountType, ErrorCode, RegistrationStatus
from chime_accounts._models import Account, User
from chime_accounts.exceptions import (
    ChimeAccountsError,
    NotFoundError,
    UnprocessableEntityError,
    ValidationError,
)

from ._errors import PlanError
from ._plan_model import BATCH_LIMIT, SUSPENDABLE_TYPES, AccountPlan, Plan, Step, StepKind
from ._report import AccountOutcome, AccountReport, StepOutcome, StepReport

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from chime_accounts._models import BatchResult

    from ._journal import Journal

__all__ = [
    "Action",
    "DeleteAccount",
    "GetAccount",
    "ListUsers",
    "LogoutUser",
    "Program",
    "Record",
    "SuspendUsers",
    "account_plan",
    "apply_account",
    "build_plan",
    "check_aws_account",
    "check_endpoint",
    "check_selection",
    "finished_report",
]

T = TypeVar("T")
_ENTERPRISE_NOTE = (
    "AWS: the claimed domains of an Enterprise account must be released (Amazon Chime"
    " console) before DeleteAccount succeeds; releasing them suspends its users"
)
_LOGOUT_NOTE = (
    "BatchSuspendUser does not serve {type} accounts: its users are logged out instead,"
    " and suspended by AWS when the claimed domains are released"
)


# -- actions: what a program asks its driver to do ---------------------------------------


@attrs.frozen
class GetAccount:
    """Read an account (GetAccount); the result is an ``Account``."""

    account_id: str


@attrs.frozen
class ListUsers:
    """Read all the users of an account (ListUsers, every page); a list of ``User``."""

    account_id: str


@attrs.frozen
class SuspendUsers:
    """Send one BatchSuspendUser; the result is its ``BatchResult``."""

    account_id: str
    user_ids: tuple[str, ...]


@attrs.frozen
class LogoutUser:
    """Send one LogoutUser; the result is None."""

    account_id: str
    user_id: str


@attrs.frozen
class DeleteAccount:
    """Send one DeleteAccount; the result is None."""

    account_id: str


@attrs.frozen
class Record:
    """Append an entry to the journal (made durable); the result is None."""

    account_id: str
    step: int
    kind: str
    event: str
    detail: dict[str, Any] = attrs.field(factory=dict[str, Any])


Action = GetAccount | ListUsers | SuspendUsers | LogoutUser | DeleteAccount | Record
Program = Generator[Action, object, T]


# -- planning -----------------------------------------------------------------------------


def check_selection(account_ids: object, name: object) -> tuple[tuple[str, ...] | None, str | None]:
    """Check that exactly one way of choosing accounts is given, and return it.

    Raises:
        ValidationError: Neither or both are given, or one is malformed.
    """
    if (account_ids is None) == (name is None):
        raise ValidationError("account_ids", "give either account_ids or name, not both or neither")
    if name is not None:
        if not isinstance(name, str) or not name.strip():
            raise ValidationError("name", "must be a non-blank string")
        return None, name
    if isinstance(account_ids, str) or not isinstance(account_ids, (list, tuple)):
        raise ValidationError("account_ids", "must be a list of account IDs")
    ids = cast("Sequence[object]", account_ids)
    if not ids or not all(isinstance(i, str) and i.strip() for i in ids):
        raise ValidationError("account_ids", "must be a non-empty list of non-blank strings")
    return tuple(dict.fromkeys(cast("Sequence[str]", ids))), None


def _suspended(user: User) -> bool:
    return user.user_registration_status is RegistrationStatus.SUSPENDED


def account_plan(account: Account, users: Iterable[User]) -> AccountPlan:
    """Plan the retirement of one account from its current state.

    Team and EnterpriseLWA accounts: its users who are not suspended are suspended with
    ``BatchSuspendUser`` (50 a step). Other types (EnterpriseDirectory, EnterpriseOIDC
    and types this release does not know): ``BatchSuspendUser`` does not serve them, so
    its users are logged out with ``LogoutUser``. Then ``DeleteAccount``. An account
    already Suspended (deleted) gets no steps.
    """
    listed = list(users)
    active = tuple(u.user_id for u in listed if not _suspended(u))
    suspended = tuple(u.user_id for u in listed if _suspended(u))
    account_type = account.account_type or AccountType.TEAM
    status = account.account_status or AccountStatus.ACTIVE
    if status is not AccountStatus.SUSPENDED:
        status = AccountStatus.ACTIVE
    notes: list[str] = []
    steps: list[Step] = []
    if status is AccountStatus.ACTIVE:
        if account_type in SUSPENDABLE_TYPES:
            steps.extend(
                Step(kind=StepKind.BATCH_SUSPEND_USER, user_ids=active[i : i + BATCH_LIMIT])
                for i in range(0, len(active), BATCH_LIMIT)
            )
        else:
            steps.extend(Step(kind=StepKind.LOGOUT_USER, user_ids=(u,)) for u in active)
            if active:
                notes.append(_LOGOUT_NOTE.format(type=account_type.value))
        if account_type is not AccountType.TEAM:
            notes.append(_ENTERPRISE_NOTE)
        steps.append(Step(kind=StepKind.DELETE_ACCOUNT))
    return AccountPlan(
        account_id=account.account_id,
        name=account.name,
        account_type=account_type,
        aws_account_id=account.aws_account_id,
        account_status=status,
        active_user_ids=active if status is AccountStatus.ACTIVE else (),
        suspended_user_ids=suspended,
        steps=tuple(steps),
        notes=tuple(notes),
    )


def build_plan(
    *,
    endpoint_url: str,
    account_ids: tuple[str, ...] | None,
    name: str | None,
    accounts: Sequence[AccountPlan],
    unknown_account_ids: Sequence[str] = (),
) -> Plan:
    """Put the accounts' plans together into a `Plan`.

    Raises:
        PlanError: The accounts belong to more than one AWS account.
    """
    owners = sorted({account.aws_account_id for account in accounts})
    if len(owners) > 1:
        raise PlanError(
            f"the accounts belong to several AWS accounts ({', '.join(owners)}): plan each"
            " AWS account's accounts separately"
        )
    return Plan(
        endpoint_url=endpoint_url,
        aws_account_id=owners[0] if owners else None,
        created_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
        account_ids=account_ids,
        name=name,
        unknown_account_ids=tuple(unknown_account_ids),
        accounts=tuple(accounts),
    )


# -- checks before applying -----------------------------------------------------------------


def _normal(url: str | None) -> str:
    return (url or "").rstrip("/")


def check_endpoint(plan: Plan, endpoint_url: str | None, path: str) -> None:
    """Refuse a plan made for another endpoint than the client's.

    Raises:
        PlanError: The endpoints differ.
    """
    if _normal(plan.endpoint_url) != _normal(endpoint_url):
        raise PlanError(
            f"it was made for the endpoint {plan.endpoint_url}, and this client sends to"
            f" {endpoint_url}: apply a plan with the endpoint (and credentials) it was made"
            " with",
            path,
        )


def check_aws_account(plan: Plan, listed: Iterable[Account], path: str) -> None:
    """Refuse a plan when the accounts these credentials list are another AWS account's.

    Raises:
        PlanError: Accounts are listed, and none of them is of the plan's AWS account.
    """
    reached = sorted({account.aws_account_id for account in listed})
    if reached and plan.aws_account_id not in reached:
        raise PlanError(
            f"it was made for AWS account {plan.aws_account_id}, and these credentials reach"
            f" AWS account {', '.join(reached)}",
            path,
        )


# -- applying one account ---------------------------------------------------------------------


@attrs.define
class _State:
    """An account as re-read: the account and its users by ID."""

    account: Account
    users: dict[str, User]

    @property
    def deleted(self) -> bool:
        return self.account.account_status is AccountStatus.SUSPENDED

    def active(self, user_ids: Iterable[str]) -> tuple[str, ...]:
        """Those of the users who are listed and not suspended."""
        return tuple(u for u in user_ids if u in self.users and not _suspended(self.users[u]))


def _read(account_id: str) -> Program[_State]:
    account = cast("Account", (yield GetAccount(account_id)))
    if account.account_status is AccountStatus.SUSPENDED:
        # Deleted: every step is done, whatever its users show.
        return _State(account, {})
    users = cast("list[User]", (yield ListUsers(account_id)))
    return _State(account, {user.user_id: user for user in users})


def drift(planned: AccountPlan, state: _State) -> list[str]:
    """Return how a re-read account differs from its plan in ways the plan did not foresee.

    Foreseen: users suspended or gone since (that is what the steps do), the account
    Suspended (deleted) since. Anything else (another name, type or AWS account, a user the
    plan does not know, a planned-suspended user active again) is a difference.
    """
    account = state.account
    problems: list[str] = []
    if account.aws_account_id != planned.aws_account_id:
        problems.append(
            f"it belongs to AWS account {account.aws_account_id}, planned {planned.aws_account_id}"
        )
    if state.deleted:
        return problems
    if account.name != planned.name:
        problems.append(f"it was renamed: {account.name!r}, planned {planned.name!r}")
    if account.account_type is not None and account.account_type != planned.account_type:
        problems.append(
            f"its type is {account.account_type.value}, planned {planned.account_type.value}"
        )
    known = {*planned.active_user_ids, *planned.suspended_user_ids}
    new = [user_id for user_id in state.users if user_id not in known]
    if new:
        problems.append(f"it has {len(new)} user(s) the plan does not know: {', '.join(new)}")
    back = state.active(planned.suspended_user_ids)
    if back:
        problems.append(
            f"{len(back)} user(s) suspended when planned are not suspended now: {', '.join(back)}"
        )
    return problems


def _remaining(step: Step, state: _State) -> tuple[str, ...] | None:
    """What of a step is still to do: the users to send it for, or None when it is done."""
    if state.deleted:
        return None
    if step.kind is StepKind.DELETE_ACCOUNT:
        return ()
    # Users gone or suspended since are done: a Team account's suspended users may vanish.
    active = state.active(step.user_ids)
    return active or None


@attrs.define
class _Run:
    """The reports of one account's steps as its program goes."""

    planned: AccountPlan
    done_before: set[int]
    interrupted: set[int]
    reports: dict[int, StepReport] = attrs.field(factory=dict[int, StepReport])

    def note(self, index: int, outcome: StepOutcome, **more: Any) -> None:  # noqa: ANN401 - StepReport's fields
        step = self.planned.steps[index]
        self.reports[index] = StepReport(
            index=index,
            kind=step.kind,
            user_ids=step.user_ids,
            outcome=outcome,
            interrupted=index in self.interrupted,
            **more,
        )

    def finish(
        self,
        outcome: AccountOutcome,
        *,
        problems: Sequence[str] = (),
        error: ChimeAccountsError | None = None,
    ) -> AccountReport:
        for index in range(len(self.planned.steps)):
            if index not in self.reports:
                done = index in self.done_before
                self.note(index, StepOutcome.DONE_EARLIER if done else StepOutcome.NOT_RUN)
        return AccountReport(
            account_id=self.planned.account_id,
            name=self.planned.name,
            outcome=outcome,
            steps=tuple(self.reports[i] for i in sorted(self.reports)),
            problems=tuple(problems),
            error=error,
        )


def finished_report(planned: AccountPlan, journal: Journal) -> AccountReport | None:
    """The report of an account with nothing left to do, or None if it has steps to do."""
    done = journal.steps_done(planned.account_id)
    if any(index not in done for index in range(len(planned.steps))):
        return None
    run = _Run(planned, done, set())
    outcome = AccountOutcome.DONE_EARLIER if planned.steps else AccountOutcome.NOTHING_TO_DO
    return run.finish(outcome)


def _send(account_id: str, step: Step, users: tuple[str, ...]) -> Action:
    if step.kind is StepKind.BATCH_SUSPEND_USER:
        return SuspendUsers(account_id, users)
    if step.kind is StepKind.LOGOUT_USER:
        return LogoutUser(account_id, step.user_ids[0])
    return DeleteAccount(account_id)


def _user_failures(result: BatchResult) -> tuple[Any, ...]:
    # NotFound for one user: gone since (suspended Team users leave the account): done.
    return tuple(e for e in result.user_errors if e.error_code is not ErrorCode.NOT_FOUND)


def _hints(planned: AccountPlan, step: Step, error: ChimeAccountsError) -> tuple[str, ...]:
    """What to do about a failed step, when the cause is known."""
    if (
        step.kind is StepKind.DELETE_ACCOUNT
        and isinstance(error, UnprocessableEntityError)
        and planned.account_type is not AccountType.TEAM
    ):
        return (_ENTERPRISE_NOTE + "; then run apply again",)
    return ()


def apply_account(
    planned: AccountPlan, journal: Journal, *, dry_run: bool
) -> Program[AccountReport]:
    """Carry out (or, in a dry run, check) the steps of one account still to do.

    Re-reads the account first and refuses it if it differs from the plan in a way the
    plan did not foresee; re-reads it again before ``DeleteAccount`` when this run sent
    anything. A step is sent only if the account, as re-read, shows it still to do, and
    its start and end are journaled around it (not in a dry run). The first failure ends
    the account's run; the steps after it are not sent.
    """
    account_id = planned.account_id
    run = _Run(planned, journal.steps_done(account_id), journal.interrupted(account_id))
    try:
        state = yield from _read(account_id)
    except NotFoundError as error:
        problems = ["it no longer exists (GetAccount answered NotFound)"]
        if not dry_run:
            yield Record(account_id, -1, "Account", "Refused", {"Problems": problems})
        return run.finish(AccountOutcome.REFUSED, problems=problems, error=error)
    except ChimeAccountsError as error:
        return run.finish(AccountOutcome.FAILED, error=error)
    problems = drift(planned, state)
    if problems:
        if not dry_run:
            yield Record(account_id, -1, "Account", "Refused", {"Problems": problems})
        return run.finish(AccountOutcome.REFUSED, problems=problems)
    sent = False
    for index, step in enumerate(planned.steps):
        if index in run.done_before:
            continue
        if step.kind is StepKind.DELETE_ACCOUNT and sent:
            try:
                state = yield from _read(account_id)
            except ChimeAccountsError as error:
                return run.finish(AccountOutcome.FAILED, error=error)
            problems = drift(planned, state)
            if problems:
                yield Record(account_id, -1, "Account", "Refused", {"Problems": problems})
                return run.finish(AccountOutcome.REFUSED, problems=problems)
        users = _remaining(step, state)
        if users is None:
            if not dry_run:
                yield Record(account_id, index, step.kind.value, "Done", {"Sent": False})
            run.note(index, StepOutcome.ALREADY_DONE)
            continue
        if dry_run:
            run.note(index, StepOutcome.WOULD_RUN, sent_user_ids=users)
            continue
        yield Record(account_id, index, step.kind.value, "Started", {"UserIds": list(users)})
        try:
            result = yield _send(account_id, step, users)
        except ChimeAccountsError as error:
            yield Record(account_id, index, step.kind.value, "Failed", {"Error": error.to_dict()})
            run.note(index, StepOutcome.FAILED, sent_user_ids=users, error=error)
            hints = _hints(planned, step, error)
            return run.finish(AccountOutcome.FAILED, problems=hints, error=error)
        sent = True
        if step.kind is StepKind.BATCH_SUSPEND_USER:
            failures = _user_failures(cast("BatchResult", result))
            if failures:
                records = [failure.to_dict(mode="json") for failure in failures]
                yield Record(account_id, index, step.kind.value, "Failed", {"UserErrors": records})
                run.note(index, StepOutcome.FAILED, sent_user_ids=users, user_errors=failures)
                return run.finish(AccountOutcome.FAILED)
        yield Record(account_id, index, step.kind.value, "Done", {"Sent": True})
        run.note(index, StepOutcome.DONE, sent_user_ids=users if step.user_ids else ())
    return run.finish(AccountOutcome.WOULD_DELETE if dry_run else AccountOutcome.DELETED)
