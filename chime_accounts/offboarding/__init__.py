"""Offboarding: retire Amazon Chime accounts safely and resumably, in two moves.

[`plan`][chime_accounts.offboarding.plan] reads the accounts and writes down, per
account, the steps that retire it (suspend or log out its users, then delete it) and the
state it expects to find; it changes nothing. [`apply`][chime_accounts.offboarding.apply]
carries a saved plan out, recording each step in a journal next to the plan file, so that
an interrupted apply resumes where it stopped, and refuses any account that changed in a
way the plan did not foresee. The command line's ``chime-accounts offboard plan`` and
``offboard apply`` are the same two calls; see the guide, "Retiring accounts".
"""

from ._errors import PlanError
from ._plan_model import AccountPlan, Plan, Step, StepKind, journal_path
from ._report import AccountOutcome, AccountReport, Report, StepOutcome, StepReport
from ._run import aapply, aplan, apply, plan

__all__ = [
    "AccountOutcome",
    "AccountPlan",
    "AccountReport",
    "Plan",
    "PlanError",
    "Report",
    "Step",
    "StepKind",
    "StepOutcome",
    "StepReport",
    "aapply",
    "aplan",
    "apply",
    "journal_path",
    "plan",
]
