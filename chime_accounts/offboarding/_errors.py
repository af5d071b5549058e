"""The error of offboarding: a plan (or its journal) that cannot be used."""

from __future__ import annotations

from chime_accounts.exceptions import ValidationError

__all__ = ["PlanError"]


class PlanError(ValidationError):
    """A plan cannot be used as it is; nothing was sent to change anything.

    Raised for a plan file that is not a plan, names an unknown format version, was edited
    (its digest no longer matches), contradicts itself, or was made for another endpoint or
    AWS account; for a journal that belongs to another plan or is damaged, or that another
    apply holds; and by ``plan`` for a selection it cannot plan. A ``ValidationError``, so
    the command line exits with status 2.

    Attributes:
        path: The plan file, or None for a plan that is not (yet) in a file.
        problems: Every problem found, one sentence each; ``str(error)`` shows them all.
    """

    def __init__(
        self, problems: str | list[str] | tuple[str, ...], path: str | None = None
    ) -> None:
        found = (problems,) if isinstance(problems, str) else tuple(problems)
        where = "plan" if path is None else f"plan {path}"
        super().__init__(where, "; ".join(found))
        self.path = path
        self.problems = found
