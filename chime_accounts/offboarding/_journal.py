"""The journal of a plan: an append-only record of each step's start and end, next to it.

Each entry is one JSON line, written with one ``write`` and made durable with ``fsync``
before the next request is sent, so a process killed at any moment loses at most the end
of the steps in flight. A kill during a write leaves a last line without its newline: a
torn line, which reading ignores and opening for writing cuts off. A line that cannot be
read anywhere else, or that names another plan, is damage that no kill makes: the journal
is refused. Only one apply writes a journal at a time (an exclusive ``flock``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import threading
from typing import TYPE_CHECKING, Any, cast

from ._errors import PlanError
from ._plan_model import journal_path

if TYPE_CHECKING:
    from pathlib import Path
    from types import TracebackType

    from typing_extensions import Self

    from ._plan_model import Plan

__all__ = ["EVENTS", "Journal"]

#: The events an entry records.
EVENTS = frozenset({"Started", "Done", "Failed", "Refused"})


def now_text() -> str:
    """The current time as the journal writes it: ISO-8601 in UTC, ending in ``Z``."""
    return (
        dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    )


class Journal:
    """The journal of one plan: what earlier applies recorded, and a way to add to it.

    Open it with `open`; use it as a context manager, which releases the lock.

    Args:
        path: The journal file.
        plan: The plan it belongs to.
        entries: The entries read from it.
        descriptor: The file open for appending, locked; None when read-only.
    """

    def __init__(
        self, path: Path, plan: Plan, entries: list[dict[str, Any]], descriptor: int | None
    ) -> None:
        self.path = path
        self.digest = plan.digest
        self.entries = entries
        self._descriptor = descriptor
        self._lock = threading.Lock()
        self.done: set[tuple[str, int]] = set()
        self.started: set[tuple[str, int]] = set()
        for entry in entries:
            key = (cast("str", entry["Account"]), cast("int", entry["Step"]))
            if entry["Event"] == "Done":
                self.done.add(key)
            elif entry["Event"] == "Started":
                self.started.add(key)

    @classmethod
    def open(cls, plan_path: str | os.PathLike[str], plan: Plan, *, writable: bool) -> Self:
        """Read the journal of a plan file, and lock it for appending if ``writable``.

        Args:
            plan_path: The plan file; the journal is ``PLAN.journal`` next to it.
            plan: The plan read from it.
            writable: Open for appending (creating it, mode 0600), under an exclusive lock;
                otherwise only read it (a missing journal is an empty one).

        Returns:
            The journal.

        Raises:
            PlanError: Another apply holds the journal, it belongs to another plan, or it
                is damaged.
            OSError: It cannot be read or created.
        """
        path = journal_path(plan_path)
        if not writable:
            data = path.read_bytes() if path.exists() else b""
            return cls(path, plan, _parse(data, path, plan), None)
        descriptor = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            _lock(descriptor, path)
            with open(descriptor, "rb", closefd=False) as stream:
                data = stream.read()
            entries = _parse(data, path, plan)
            complete = data.rfind(b"\n") + 1
            if complete < len(data):
                # A torn last line: cut it off, or the next entry would be glued to it.
                os.ftruncate(descriptor, complete)
                os.fsync(descriptor)
            if not data:
                _sync_directory(path)
        except BaseException:
            os.close(descriptor)
            raise
        return cls(path, plan, entries, descriptor)

    def steps_done(self, account_id: str) -> set[int]:
        """The indexes of the steps of an account that the journal records done."""
        return {index for account, index in self.done if account == account_id}

    def interrupted(self, account_id: str) -> set[int]:
        """The steps of an account that were started but never recorded as ended.

        A later ``Failed`` entry also ends a step; a ``Done`` one completes it.
        """
        ended: set[tuple[str, int]] = set()
        for entry in self.entries:
            if entry["Event"] in {"Done", "Failed"}:
                ended.add((entry["Account"], entry["Step"]))
        return {index for account, index in self.started - ended if account == account_id}

    def record(self, account_id: str, step: int, kind: str, event: str, **detail: object) -> None:
        """Append one entry and make it durable before returning.

        Args:
            account_id: The account.
            step: The step's index (-1 for an entry about the account as a whole).
            kind: The step's kind (``Account`` for the account as a whole).
            event: ``Started``, ``Done``, ``Failed`` or ``Refused``.
            **detail: More members, JSON types only (e.g. ``Sent``, ``Error``).

        Raises:
            RuntimeError: The journal was opened read-only.
        """
        if self._descriptor is None:
            raise RuntimeError("the journal was opened read-only")
        entry: dict[str, object] = {
            "Plan": self.digest,
            "Account": account_id,
            "Step": step,
            "Kind": kind,
            "Event": event,
            "At": now_text(),
            **detail,
        }
        line = (json.dumps(entry, separators=(",", ":"), default=str) + "\n").encode("utf-8")
        with self._lock:
            view = memoryview(line)
            while view:
                written = os.write(self._descriptor, view)
                view = view[written:]
            os.fsync(self._descriptor)
            self.entries.append(entry)
            if event == "Done":
                self.done.add((account_id, step))
            elif event == "Started":
                self.started.add((account_id, step))

    def close(self) -> None:
        """Release the lock and close the file; a read-only journal has nothing to close."""
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is not None:
            os.close(descriptor)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _lock(descriptor: int, path: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - no flock; one apply at a time by care
        return
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise PlanError(
            f"{path} is locked: another apply of this plan is running", str(path)
        ) from None


def _sync_directory(path: Path) -> None:
    """Make a new file's directory entry durable, so the journal survives a crash."""
    if sys.platform == "win32":  # pragma: no cover - directories cannot be opened there
        return
    descriptor = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _parse(data: bytes, path: Path, plan: Plan) -> list[dict[str, Any]]:
    """Read the complete lines of a journal; the torn last line, if any, is left out."""
    lines = data.split(b"\n")[:-1]  # the last piece is empty, or torn
    steps = {account.account_id: account.steps for account in plan.accounts}
    entries: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        problem, entry = _entry(line, steps, plan.digest)
        if problem is not None:
            raise PlanError(f"its journal {path} line {number}: {problem}", str(path))
        entries.append(entry)
    return entries


def _entry(line: bytes, steps: dict[str, Any], digest: str) -> tuple[str | None, dict[str, Any]]:
    try:
        value: object = json.loads(line)
    except ValueError:
        return "is not a JSON entry: the journal is damaged", {}
    if not isinstance(value, dict):
        return "is not a JSON object: the journal is damaged", {}
    entry = cast("dict[str, Any]", value)
    if entry.get("Plan") != digest:
        problem = (
            "was written for another plan (another digest): move that journal away or"
            " keep the plan it belongs to"
        )
        return problem, {}
    account, index, kind = entry.get("Account"), entry.get("Step"), entry.get("Kind")
    if entry.get("Event") not in EVENTS or not isinstance(account, str) or account not in steps:
        return "names an account or event the plan does not have", {}
    planned = steps[account]
    if index == -1 and kind == "Account":
        return None, entry
    if (
        not isinstance(index, int)
        or isinstance(index, bool)
        or not 0 <= index < len(planned)
        or planned[index].kind.value != kind
    ):
        return "names a step the plan does not have", {}
    return None, entry
