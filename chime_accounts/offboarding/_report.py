"""The report of an apply: per account, what was done (or would be), and why not."""

from __future__ import annotations

import enum
import json
from typing import Any, Literal

import attrs

from chime_accounts._models import UserError
from chime_accounts.exceptions import ChimeAccountsError

from ._plan_model import StepKind

__all__ = ["AccountOutcome", "AccountReport", "Report", "StepOutcome", "StepReport"]


class StepOutcome(str, enum.Enum):
    """What became of one step in an apply."""

    #: Sent in this run, and it succeeded.
    DONE = "Done"
    #: Not sent: the account, re-read, showed it done already (e.g. the users suspended).
    ALREADY_DONE = "AlreadyDone"
    #: Not sent: the journal records it done by an earlier apply.
    DONE_EARLIER = "DoneEarlier"
    #: A dry run: it would be sent.
    WOULD_RUN = "WouldRun"
    #: Sent, and it failed (see the step's ``error`` or ``user_errors``).
    FAILED = "Failed"
    #: Not sent: the account was refused, or an earlier step failed.
    NOT_RUN = "NotRun"

    def __str__(self) -> str:
        return self.value


class AccountOutcome(str, enum.Enum):
    """What became of one account in an apply."""

    #: Every step is done: deleted in this run (or found deleted), its users suspended.
    DELETED = "Deleted"
    #: The journal records every step done by an earlier apply; nothing was sent.
    DONE_EARLIER = "DoneEarlier"
    #: The account was already Suspended (deleted) when planned: the plan has no steps.
    NOTHING_TO_DO = "NothingToDo"
    #: A dry run: the account matches the plan and its remaining steps would be sent.
    WOULD_DELETE = "WouldDelete"
    #: It changed since the plan in a way the plan did not foresee: left alone.
    REFUSED = "Refused"
    #: A request failed; the steps after it were not sent. Running apply again retries.
    FAILED = "Failed"

    def __str__(self) -> str:
        return self.value


def _error_record(error: ChimeAccountsError | None) -> dict[str, object] | None:
    return None if error is None else error.to_dict()


@attrs.frozen(kw_only=True)
class StepReport:
    """One step of an account in an apply.

    Attributes:
        index: The step's place in the account's plan, from 0.
        kind: The operation.
        user_ids: The users of the step, as planned.
        outcome: What became of it.
        sent_user_ids: For ``BatchSuspendUser``: the users it was sent for in this run
            (those still not suspended when re-read).
        interrupted: An earlier apply started this step and was stopped before it recorded
            the end: it was checked again (and redone only where safe).
        user_errors: The per-user failures of a ``BatchSuspendUser``.
        error: The error of a failed request.
    """

    index: int
    kind: StepKind
    user_ids: tuple[str, ...]
    outcome: StepOutcome
    sent_user_ids: tuple[str, ...] = ()
    interrupted: bool = False
    user_errors: tuple[UserError, ...] = ()
    error: ChimeAccountsError | None = None

    def to_dict(self, *, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
        """Return the step's record: AWS-style member names, errors as records.

        Args:
            mode: ``"json"`` for JSON types only (the same here: the record has no datetimes).

        Returns:
            The dict.
        """
        del mode  # the record holds JSON types only
        data: dict[str, Any] = {
            "Index": self.index,
            "Kind": self.kind.value,
            "UserIds": list(self.user_ids),
            "Outcome": self.outcome.value,
        }
        if self.sent_user_ids:
            data["SentUserIds"] = list(self.sent_user_ids)
        if self.interrupted:
            data["Interrupted"] = True
        if self.user_errors:
            data["UserErrors"] = [e.to_dict(mode="json") for e in self.user_errors]
        if self.error is not None:
            data["Error"] = _error_record(self.error)
        return data


@attrs.frozen(kw_only=True)
class AccountReport:
    """One account in an apply.

    Attributes:
        account_id: The Chime account ID.
        name: Its name, as planned.
        outcome: What became of it.
        steps: Its steps, in order.
        problems: Why it was refused (how it differs from the plan), or what to do about
            its failure; one sentence each.
        error: The error that failed it (a failed step's, or the re-read's).
    """

    account_id: str
    name: str
    outcome: AccountOutcome
    steps: tuple[StepReport, ...] = ()
    problems: tuple[str, ...] = ()
    error: ChimeAccountsError | None = None

    @property
    def ok(self) -> bool:
        """Whether the account was neither refused nor failed."""
        return self.outcome not in {AccountOutcome.REFUSED, AccountOutcome.FAILED}

    def to_dict(self, *, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
        """Return the account's record, its steps and error as records.

        Args:
            mode: Accepted for symmetry with the models; the record holds JSON types only.

        Returns:
            The dict.
        """
        data: dict[str, Any] = {
            "AccountId": self.account_id,
            "Name": self.name,
            "Outcome": self.outcome.value,
            "Steps": [step.to_dict(mode=mode) for step in self.steps],
            "Problems": list(self.problems),
        }
        if self.error is not None:
            data["Error"] = _error_record(self.error)
        return data


@attrs.frozen(kw_only=True)
class Report:
    """What an apply did (or, in a dry run, would do), per account in the plan's order.

    Attributes:
        plan_digest: The digest of the plan applied.
        dry_run: True when nothing was sent that changes anything.
        accounts: One report per account of the plan.
    """

    plan_digest: str
    dry_run: bool
    accounts: tuple[AccountReport, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether no account was refused or failed (the command then exits 0, else 8)."""
        return all(account.ok for account in self.accounts)

    def with_outcome(self, *outcomes: AccountOutcome) -> tuple[AccountReport, ...]:
        """Return the accounts that came to one of these outcomes, in order."""
        return tuple(account for account in self.accounts if account.outcome in outcomes)

    def to_dict(self, *, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
        """Return the report as a JSON-safe dict.

        Args:
            mode: Accepted for symmetry with the models; the record holds JSON types only.

        Returns:
            The dict.
        """
        return {
            "PlanDigest": self.plan_digest,
            "DryRun": self.dry_run,
            "Ok": self.ok,
            "Accounts": [account.to_dict(mode=mode) for account in self.accounts],
        }

    def to_json(self) -> str:
        """Return ``to_dict(mode="json")`` as compact JSON text."""
        return json.dumps(self.to_dict(mode="json"), separators=(",", ":"))
