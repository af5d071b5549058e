"""The plan: what offboarding will do, per account, and the state it expects to find.

A plan is a frozen model written as JSON for people to review. Its rules live here and
nowhere else: how it reads and writes JSON, what its digest covers, and what makes it
inconsistent. A `Plan` that exists is consistent: the constructor checks it.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TypeVar, cast

import attrs

from chime_accounts._enums import AccountStatus, AccountType
from chime_accounts._timestamps import parse_iso_timestamp

from ._errors import PlanError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from typing_extensions import Self

P = TypeVar("P", bound="Plan")

__all__ = [
    "BATCH_LIMIT",
    "FORMAT",
    "FORMAT_VERSION",
    "SUSPENDABLE_TYPES",
    "AccountPlan",
    "Plan",
    "Step",
    "StepKind",
    "journal_path",
]

#: The ``Format`` member of every plan file.
FORMAT = "chime-accounts/offboarding-plan"
#: The version of the plan format this release reads and writes.
FORMAT_VERSION = 1
#: Users per ``BatchSuspendUser`` request, the service's limit: one step each.
BATCH_LIMIT = 50
#: The account types whose users ``BatchSuspendUser`` suspends; the others' users are
#: logged out, and suspended by AWS when the account's claimed domains are released.
SUSPENDABLE_TYPES = frozenset({AccountType.TEAM, AccountType.ENTERPRISE_LWA})


class StepKind(str, enum.Enum):
    """What one step of a plan does: one request of the operation it is named after."""

    BATCH_SUSPEND_USER = "BatchSuspendUser"
    LOGOUT_USER = "LogoutUser"
    DELETE_ACCOUNT = "DeleteAccount"

    def __str__(self) -> str:
        return self.value


def journal_path(plan_path: str | os.PathLike[str]) -> Path:
    """Return where the journal of a plan file is kept: next to it, ``PLAN.journal``.

    Args:
        plan_path: The plan file.

    Returns:
        The journal's path.
    """
    path = Path(plan_path)
    return path.with_name(path.name + ".journal")


@attrs.frozen(kw_only=True)
class Step:
    """One step of an account's plan: one request, in order.

    Attributes:
        kind: The operation.
        user_ids: The users it acts on: up to 50 for ``BatchSuspendUser``, one for
            ``LogoutUser``, none for ``DeleteAccount``.
    """

    kind: StepKind
    user_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the step as its JSON object."""
        data: dict[str, Any] = {"Kind": self.kind.value}
        if self.kind is not StepKind.DELETE_ACCOUNT:
            data["UserIds"] = list(self.user_ids)
        return data

    def describe(self) -> str:
        """Say in a few words what the step does, e.g. ``suspend 3 users``."""
        if self.kind is StepKind.BATCH_SUSPEND_USER:
            count = len(self.user_ids)
            return f"suspend {count} user{'' if count == 1 else 's'}"
        if self.kind is StepKind.LOGOUT_USER:
            return f"log out user {self.user_ids[0]}" if self.user_ids else "log out"
        return "delete the account"


@attrs.frozen(kw_only=True)
class AccountPlan:
    """The plan for one account: the state it was in, and the steps that retire it.

    The state is what apply expects to find when it re-reads the account: the same name,
    type and AWS account, no user it does not know, and no planned-suspended user active
    again. Users suspended or gone since are expected (that is what the steps do).

    Attributes:
        account_id: The Chime account ID.
        name: The account name when planned.
        account_type: The account type when planned.
        aws_account_id: The AWS account that owns it.
        account_status: ``Active``, or ``Suspended`` for an account already deleted (no steps).
        active_user_ids: The users who were not suspended, to suspend or log out.
        suspended_user_ids: The users who were suspended already.
        steps: In order: ``BatchSuspendUser`` steps (Team and EnterpriseLWA) or
            ``LogoutUser`` steps (other types), then ``DeleteAccount``; none when Suspended.
        notes: What a person should know, e.g. that AWS wants claimed domains released.
    """

    account_id: str
    name: str
    account_type: AccountType
    aws_account_id: str
    account_status: AccountStatus
    active_user_ids: tuple[str, ...] = ()
    suspended_user_ids: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def users_to_suspend(self) -> tuple[str, ...]:
        """The users its ``BatchSuspendUser`` steps suspend, in order."""
        return self._users_of(StepKind.BATCH_SUSPEND_USER)

    @property
    def users_to_log_out(self) -> tuple[str, ...]:
        """The users its ``LogoutUser`` steps log out, in order."""
        return self._users_of(StepKind.LOGOUT_USER)

    def _users_of(self, kind: StepKind) -> tuple[str, ...]:
        return tuple(u for step in self.steps if step.kind is kind for u in step.user_ids)

    def to_dict(self) -> dict[str, Any]:
        """Return the account's plan as its JSON object."""
        return {
            "AccountId": self.account_id,
            "Name": self.name,
            "AccountType": self.account_type.value,
            "AwsAccountId": self.aws_account_id,
            "AccountStatus": self.account_status.value,
            "ActiveUserIds": list(self.active_user_ids),
            "SuspendedUserIds": list(self.suspended_user_ids),
            "Steps": [step.to_dict() for step in self.steps],
            "Notes": list(self.notes),
        }


def _check_plan(plan: Plan) -> list[str]:
    """Return every way in which a plan contradicts itself (empty when it does not)."""
    problems: list[str] = []
    if not plan.endpoint_url:
        problems.append("EndpointUrl is empty")
    if (plan.account_ids is None) == (plan.name is None):
        problems.append("Selection must name either AccountIds or Name")
    if plan.accounts and plan.aws_account_id is None:
        problems.append("AwsAccountId is missing although the plan has accounts")
    seen: set[str] = set()
    for index, account in enumerate(plan.accounts):
        where = f"Accounts[{index}] ({account.account_id})"
        if account.account_id in seen:
            problems.append(f"{where}: the account is planned more than once")
        seen.add(account.account_id)
        problems.extend(f"{where}: {problem}" for problem in _check_account(plan, account))
    for account_id in plan.unknown_account_ids:
        if account_id in seen:
            problems.append(f"UnknownAccountIds: {account_id} is also planned")
        if plan.account_ids is not None and account_id not in plan.account_ids:
            problems.append(f"UnknownAccountIds: {account_id} was not selected")
    return problems


def _check_account(plan: Plan, account: AccountPlan) -> list[str]:
    problems: list[str] = []
    if plan.aws_account_id is not None and account.aws_account_id != plan.aws_account_id:
        problems.append(f"AwsAccountId {account.aws_account_id} is not the plan's")
    if plan.account_ids is not None and account.account_id not in plan.account_ids:
        problems.append("the account was not selected")
    if plan.name is not None and not account.name.startswith(plan.name):
        problems.append(f"its name does not start with the selected {plan.name!r}")
    if account.account_type.is_unknown:
        problems.append(f"unknown AccountType {account.account_type.value!r}")
    if account.account_status.is_unknown:
        problems.append(f"unknown AccountStatus {account.account_status.value!r}")
    active, suspended = account.active_user_ids, account.suspended_user_ids
    if len(set(active)) != len(active) or len(set(suspended)) != len(suspended):
        problems.append("a user is listed twice")
    if set(active) & set(suspended):
        problems.append("a user is listed as both active and suspended")
    if account.account_status is AccountStatus.SUSPENDED:
        if account.steps:
            problems.append("the account is already Suspended (deleted) but has steps")
        if active:
            problems.append("the account is already Suspended (deleted) but has active users")
        return problems
    problems.extend(_check_steps(account))
    return problems


def _check_steps(account: AccountPlan) -> list[str]:
    steps = account.steps
    if not steps or steps[-1].kind is not StepKind.DELETE_ACCOUNT:
        return ["the last step must be DeleteAccount"]
    problems: list[str] = []
    user_kind = (
        StepKind.BATCH_SUSPEND_USER
        if account.account_type in SUSPENDABLE_TYPES
        else StepKind.LOGOUT_USER
    )
    covered: list[str] = []
    for index, step in enumerate(steps):
        where = f"Steps[{index}]"
        if step.kind is StepKind.DELETE_ACCOUNT:
            if index != len(steps) - 1:
                problems.append(f"{where}: DeleteAccount before the last step")
            if step.user_ids:
                problems.append(f"{where}: DeleteAccount takes no UserIds")
            continue
        if step.kind is not user_kind:
            problems.append(
                f"{where}: {step.kind.value} is not the step for {account.account_type}"
            )
        limit = BATCH_LIMIT if step.kind is StepKind.BATCH_SUSPEND_USER else 1
        if not 1 <= len(step.user_ids) <= limit:
            problems.append(f"{where}: {step.kind.value} takes 1 to {limit} UserIds")
        covered.extend(step.user_ids)
    if len(set(covered)) != len(covered):
        problems.append("a user is in more than one step")
    unknown = [user_id for user_id in covered if user_id not in account.active_user_ids]
    if unknown:
        problems.append(f"steps name users that are not active: {', '.join(unknown)}")
    missed = [user_id for user_id in account.active_user_ids if user_id not in covered]
    if missed:
        problems.append(
            f"active users no step suspends or logs out: {', '.join(missed)}"
            " (DeleteAccount would be refused)"
        )
    return problems


@attrs.frozen(kw_only=True)
class Plan:
    """A reviewable plan to retire accounts: one `AccountPlan` per account, in order.

    Made by [`plan`][chime_accounts.offboarding.plan], kept as JSON with
    [`save`][chime_accounts.offboarding.Plan.save], carried out by
    [`apply`][chime_accounts.offboarding.apply]. The constructor and every reader check
    that it is consistent, and raise [`PlanError`][chime_accounts.offboarding.PlanError]
    when it is not: each account planned once, of the plan's AWS account and selection;
    the steps of its type only (``BatchSuspendUser`` for Team and EnterpriseLWA,
    ``LogoutUser`` for the others), covering each active user exactly once and no other,
    at most 50 users a ``BatchSuspendUser``, one a ``LogoutUser``; ``DeleteAccount`` last
    and once; no steps for an account already Suspended.

    Attributes:
        endpoint_url: The endpoint the plan was made with; apply refuses another.
        aws_account_id: The AWS account of the accounts; None when there are none.
        created_at: When the plan was made, in UTC.
        account_ids: The account IDs asked for, or None when selected by ``name``.
        name: The name prefix asked for, or None when selected by ``account_ids``.
        unknown_account_ids: Account IDs asked for that do not exist; left out.
        accounts: The accounts' plans, in the order asked for (or listed).
        version: The plan format's version.
    """

    endpoint_url: str
    aws_account_id: str | None
    created_at: dt.datetime
    account_ids: tuple[str, ...] | None = None
    name: str | None = None
    unknown_account_ids: tuple[str, ...] = ()
    accounts: tuple[AccountPlan, ...] = ()
    version: int = FORMAT_VERSION

    def __attrs_post_init__(self) -> None:
        problems = _check_plan(self)
        if self.version != FORMAT_VERSION:
            problems.insert(0, f"unknown Version {self.version}")
        if problems:
            raise PlanError(problems)

    @property
    def digest(self) -> str:
        """The SHA-256 of the plan's content (all but the digest), as ``sha256:<hex>``.

        Written into the file; a file whose content no longer matches it was edited.
        """
        return _digest(self._content("json"))

    @property
    def accounts_to_delete(self) -> tuple[AccountPlan, ...]:
        """The accounts with steps: those that were Active."""
        return tuple(account for account in self.accounts if account.steps)

    @property
    def users_affected(self) -> int:
        """How many users the plan suspends or logs out."""
        return sum(len(account.active_user_ids) for account in self.accounts)

    def account(self, account_id: str) -> AccountPlan | None:
        """Return the plan of one account, or None if the plan does not have it."""
        return next((a for a in self.accounts if a.account_id == account_id), None)

    def _content(self, mode: Literal["python", "json"]) -> dict[str, Any]:
        selection: dict[str, Any] = {"Name": self.name}
        if self.account_ids is not None:
            selection = {"AccountIds": list(self.account_ids)}
        created: object = self.created_at
        if mode == "json":
            created = self.created_at.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")
        return {
            "Format": FORMAT,
            "Version": self.version,
            "CreatedAt": created,
            "EndpointUrl": self.endpoint_url,
            "AwsAccountId": self.aws_account_id,
            "Selection": selection,
            "UnknownAccountIds": list(self.unknown_account_ids),
            "Accounts": [account.to_dict() for account in self.accounts],
        }

    def to_dict(self, *, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
        """Return the plan as the object of its file: its content and ``Digest``.

        Args:
            mode: ``"python"`` keeps ``CreatedAt`` a datetime; ``"json"`` gives only JSON
                types, with ``CreatedAt`` as an ISO-8601 string in UTC ending in ``Z``.

        Returns:
            The dict.
        """
        return {**self._content(mode), "Digest": self.digest}

    def to_json(self, *, indent: int | None = None) -> str:
        """Return ``to_dict(mode="json")`` as JSON text (compact unless ``indent``).

        Args:
            indent: Indent nested members by this many spaces, as the plan file does.

        Returns:
            The JSON text.
        """
        separators = None if indent else (",", ":")
        return json.dumps(self.to_dict(mode="json"), indent=indent, separators=separators)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, path: str | None = None) -> Self:
        """Read a plan from the object of its file, checking everything first.

        Args:
            data: The object, as ``to_dict`` gives it.
            path: The file it came from, for error messages.

        Returns:
            The plan.

        Raises:
            PlanError: It is not a plan of this format version, a member is missing or of
                the wrong type, it contradicts itself, or its ``Digest`` does not match
                its content (it was edited).
        """
        content = {key: value for key, value in data.items() if key != "Digest"}
        ours = data.get("Format") == FORMAT and data.get("Version") == FORMAT_VERSION
        edited = ours and data.get("Digest") != _digest(content)
        try:
            plan = _read_plan(cls, data)
        except PlanError as error:
            problems = [_EDITED, *error.problems] if edited else error.problems
            raise PlanError(problems, path) from None
        if edited:
            raise PlanError(_EDITED, path)
        return plan

    @classmethod
    def from_json(cls, text: str | bytes, *, path: str | None = None) -> Self:
        """Read a plan from its JSON text, as ``from_dict`` does.

        Args:
            text: The JSON text.
            path: The file it came from, for error messages.

        Returns:
            The plan.

        Raises:
            PlanError: The text is not JSON, or as for ``from_dict``.
        """
        try:
            data: object = json.loads(text)
        except ValueError as error:
            raise PlanError(f"not JSON ({error})", path) from None
        if not isinstance(data, dict):
            raise PlanError("not a JSON object", path)
        return cls.from_dict(cast("dict[str, Any]", data), path=path)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the plan to a file readable by its owner only (mode 0600), atomically.

        Args:
            path: The plan file; an earlier plan there is replaced.

        Returns:
            The path written.

        Raises:
            PlanError: The journal of an earlier plan is next to ``path``: an apply of it
                has started, and a new plan there would not match that journal.
            OSError: The file could not be written.
        """
        target = Path(path)
        journal = journal_path(target)
        if journal.exists():
            raise PlanError(
                f"{journal} exists: an apply of an earlier plan at this path has started;"
                " save the new plan elsewhere, or move that plan and its journal away",
                str(target),
            )
        text = self.to_json(indent=2) + "\n"
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Self:
        """Read and check a plan file.

        Args:
            path: The plan file.

        Returns:
            The plan.

        Raises:
            PlanError: The file cannot be read, or as for ``from_dict``.
        """
        try:
            text = Path(path).read_bytes()
        except OSError as error:
            raise PlanError(f"cannot be read ({error.strerror or error})", str(path)) from None
        return cls.from_json(text, path=str(path))


# -- reading ------------------------------------------------------------------------------

_EDITED = (
    "its Digest does not match its content: the plan was edited after it was made; make a"
    " new plan instead"
)


def _json_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")
    return value


def _digest(content: Mapping[str, Any]) -> str:
    """The SHA-256 of a plan's content (all members but ``Digest``), as ``sha256:<hex>``."""
    canonical = {key: _json_value(value) for key, value in content.items()}
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _member(data: Mapping[str, Any], key: str, where: str) -> object:
    if key not in data:
        raise PlanError(f"{where}{key} is missing")
    return data[key]


def _string(data: Mapping[str, Any], key: str, where: str, *, optional: bool = False) -> str:
    value = _member(data, key, where)
    if optional and value is None:
        return ""
    if not isinstance(value, str) or not value:
        raise PlanError(f"{where}{key} must be a non-empty string")
    return value


def _strings(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = _member(data, key, where)
    if not isinstance(value, list):
        raise PlanError(f"{where}{key} must be a list of strings")
    items = cast("list[object]", value)
    if not all(isinstance(item, str) and item for item in items):
        raise PlanError(f"{where}{key} must be a list of non-empty strings")
    return tuple(cast("list[str]", items))


def _timestamp(value: object) -> dt.datetime:
    # A datetime as to_dict() gives it, or an ISO-8601 string as the file has it.
    if isinstance(value, dt.datetime) and value.utcoffset() is not None:
        return value.astimezone(dt.timezone.utc)
    try:
        return parse_iso_timestamp(value) if isinstance(value, str) else _no_timestamp()
    except ValueError:
        return _no_timestamp()


def _no_timestamp() -> NoReturn:
    raise PlanError("CreatedAt must be an ISO-8601 timestamp with a zone")


def _object(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PlanError(f"{where} must be an object")
    return cast("dict[str, Any]", value)


def _only(data: Mapping[str, Any], keys: set[str], where: str) -> None:
    extra = sorted(set(data) - keys)
    if extra:
        raise PlanError(f"{where or 'the plan'} has unknown members: {', '.join(extra)}")


def _read_step(value: object, where: str) -> Step:
    data = _object(value, where)
    kind_text = _string(data, "Kind", f"{where}.")
    try:
        kind = StepKind(kind_text)
    except ValueError:
        raise PlanError(f"{where}.Kind: unknown step kind {kind_text!r}") from None
    if kind is StepKind.DELETE_ACCOUNT:
        _only(data, {"Kind"}, where)
        return Step(kind=kind)
    _only(data, {"Kind", "UserIds"}, where)
    return Step(kind=kind, user_ids=_strings(data, "UserIds", f"{where}."))


def _read_account(value: object, where: str) -> AccountPlan:
    data = _object(value, where)
    keys = {
        "AccountId",
        "Name",
        "AccountType",
        "AwsAccountId",
        "AccountStatus",
        "ActiveUserIds",
        "SuspendedUserIds",
        "Steps",
        "Notes",
    }
    _only(data, keys, where)
    prefix = f"{where}."
    steps = _member(data, "Steps", prefix)
    if not isinstance(steps, list):
        raise PlanError(f"{prefix}Steps must be a list")
    return AccountPlan(
        account_id=_string(data, "AccountId", prefix),
        name=_string(data, "Name", prefix),
        account_type=AccountType(_string(data, "AccountType", prefix)),
        aws_account_id=_string(data, "AwsAccountId", prefix),
        account_status=AccountStatus(_string(data, "AccountStatus", prefix)),
        active_user_ids=_strings(data, "ActiveUserIds", prefix),
        suspended_user_ids=_strings(data, "SuspendedUserIds", prefix),
        steps=tuple(
            _read_step(step, f"{prefix}Steps[{i}]")
            for i, step in enumerate(cast("list[object]", steps))
        ),
        notes=_strings(data, "Notes", prefix),
    )


def _read_plan(cls: type[P], data: Mapping[str, Any]) -> P:
    if data.get("Format") != FORMAT:
        raise PlanError(f"not an offboarding plan (its Format is not {FORMAT!r})")
    version = data.get("Version")
    if version != FORMAT_VERSION:
        raise PlanError(
            f"format Version {version!r} is not the one this release reads ({FORMAT_VERSION})"
        )
    keys = {
        "Format",
        "Version",
        "CreatedAt",
        "EndpointUrl",
        "AwsAccountId",
        "Selection",
        "UnknownAccountIds",
        "Accounts",
        "Digest",
    }
    _only(data, keys, "")
    created = _timestamp(_member(data, "CreatedAt", ""))
    selection = _object(_member(data, "Selection", ""), "Selection")
    _only(selection, {"AccountIds", "Name"}, "Selection")
    accounts = _member(data, "Accounts", "")
    if not isinstance(accounts, list):
        raise PlanError("Accounts must be a list")
    aws_account_id = _string(data, "AwsAccountId", "", optional=True) or None
    plan = cls(
        endpoint_url=_string(data, "EndpointUrl", ""),
        aws_account_id=aws_account_id,
        created_at=created,
        account_ids=(
            _strings(selection, "AccountIds", "Selection.") if "AccountIds" in selection else None
        ),
        name=_string(selection, "Name", "Selection.") if "Name" in selection else None,
        unknown_account_ids=_strings(data, "UnknownAccountIds", ""),
        accounts=tuple(
            _read_account(account, f"Accounts[{i}]")
            for i, account in enumerate(cast("list[object]", accounts))
        ),
    )
    _string(data, "Digest", "")
    return plan
