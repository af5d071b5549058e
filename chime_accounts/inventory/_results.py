"""What an export reports: its summary, each item that failed, and its progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

__all__ = ["ExportFailure", "ExportProgress", "ExportSummary"]


@attrs.frozen(kw_only=True)
class ExportFailure:
    """An item the export could not fetch after the retries, as the manifest lists it.

    Attributes:
        kind: The kind of record that is missing, e.g. ``user_settings``; for a listing
            (``users``), the account's records of that kind from the failed page on.
        ids: The ids of what is missing, e.g. ``{"AccountId": ..., "UserId": ...}``.
        error_code: The service's error code (``NotFoundException``), or the error's class
            name for a failure without one (``ChimeTimeoutError``).
        error: The error's record, as
            [`ChimeAccountsError.to_dict()`][chime_accounts.exceptions.ChimeAccountsError.to_dict]
            gives it.
    """

    kind: str
    ids: Mapping[str, str]
    error_code: str
    error: Mapping[str, Any]

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> ExportFailure:
        """Build it from its record in the manifest."""
        return cls(
            kind=record["kind"],
            ids=dict(record["ids"]),
            error_code=record["error_code"],
            error=dict(record["error"]),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return its record in the manifest: ``kind``, ``ids``, ``error_code``, ``error``."""
        return {
            "kind": self.kind,
            "ids": dict(self.ids),
            "error_code": self.error_code,
            "error": dict(self.error),
        }


@attrs.frozen(kw_only=True)
class ExportSummary:
    """What an export came to, as its manifest says.

    Attributes:
        directory: The export's directory.
        format: ``jsonl``, ``csv`` or ``sqlite``.
        complete: Whether every selected item was exported: finished, no failures.
        accounts: How many accounts were selected.
        counts: How many records of each kind were written, by kind, in export order.
        failures: The items that failed after the retries, in export order.
        files: The paths of the files written (the manifest aside).
        manifest: The path of ``manifest.json``.
        started: When the export started (its first run), in UTC.
        finished: When it was finished, in UTC.
        resumed: Whether this run continued an export an earlier run had begun.
        already_finished: Whether the directory already held this export, finished, so
            that this run did nothing.
        throttles: How many requests of this run the service throttled (429), each
            retried after pacing.
    """

    directory: Path
    format: str
    complete: bool
    accounts: int
    counts: Mapping[str, int]
    failures: tuple[ExportFailure, ...]
    files: tuple[Path, ...]
    manifest: Path
    started: dt.datetime
    finished: dt.datetime
    resumed: bool
    already_finished: bool
    throttles: int


@attrs.frozen(kw_only=True)
class ExportProgress:
    """How far an export is, for a progress display.

    Attributes:
        accounts_total: How many accounts are selected; None while they are being listed.
        accounts_done: How many are exported (committed), those of earlier runs included.
        records: How many records this run has fetched so far.
        throttles: How many requests of this run the service throttled (429).
        elapsed: Seconds since this run started.
        accounts_this_run: How many of ``accounts_done`` this run exported.
    """

    accounts_total: int | None
    accounts_done: int
    records: int
    throttles: int
    elapsed: float
    accounts_this_run: int

    @property
    def rate(self) -> float:
        """Records fetched per second in this run."""
        return self.records / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds until every account is exported at this run's pace; None if unknown."""
        if self.accounts_total is None or not self.accounts_this_run or self.elapsed <= 0:
            return None
        remaining = self.accounts_total - self.accounts_done
        return remaining * self.elapsed / self.accounts_this_run
