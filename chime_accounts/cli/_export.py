"""``chime-accounts export``: the inventory of the selected accounts to files, resumable."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from chime_accounts.exceptions import ChimeAccountsError, ValidationError

from ._errors import ExitCode, one_line
from ._listing import show_all
from ._options import Settings, open_chime, pass_settings, shared_options
from ._output import Column, Field, StatusLine, View, counted

if TYPE_CHECKING:
    from chime_accounts import inventory

    from ._output import Mode

__all__ = ["FAILURE_VIEW", "export"]

_FORMATS = ("jsonl", "csv", "sqlite")

FAILURE_VIEW = View(
    singular="failed item",
    plural="failed items",
    fields=(
        Field(member="Kind", label="Kind"),
        Field(member="AccountId", label="Account ID"),
        Field(member="ItemId", label="Item ID"),
        Field(member="ErrorCode", label="Error code"),
        Field(member="ErrorMessage", label="Error message"),
    ),
    columns=(
        Column(member="Kind", heading="KIND", width=16),
        Column(member="AccountId", heading="ACCOUNT ID", width=36),
        Column(member="ItemId", heading="ITEM ID", width=36, drop=2),
        Column(member="ErrorCode", heading="ERROR", width=28, min_width=12),
        Column(member="ErrorMessage", heading="MESSAGE", width=40, drop=1),
    ),
)
"""How the items an export could not fetch are shown: ``ItemId`` is the user's (or other
record's) ID when the item is not the account itself."""


@dataclass(frozen=True)
class _Failed:
    """An item of the manifest's ``failures`` as a record of :data:`FAILURE_VIEW`."""

    failure: inventory.ExportFailure

    def to_dict(self, *, mode: Mode = "python", mask: str | None = None) -> dict[str, Any]:  # noqa: ARG002 - ids and codes only, nothing to mask
        """Return the record: the kind, the ids, the error code and message."""
        ids = dict(self.failure.ids)
        record: dict[str, Any] = {"Kind": self.failure.kind}
        record["AccountId"] = ids.pop("AccountId", None)
        if ids:
            record["ItemId"] = next(iter(ids.values()))
        record["ErrorCode"] = self.failure.error_code
        record["ErrorMessage"] = one_line(str(self.failure.error.get("Description", "")))
        return record


def _duration(seconds: float) -> str:
    whole = int(seconds + 0.5)
    if whole < 60:
        return f"{whole}s"
    minutes, seconds_left = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes}m {seconds_left:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def progress_text(progress: inventory.ExportProgress) -> str:
    """The progress line: accounts done of all, records, rate, throttles, time left."""
    if progress.accounts_total is None:
        return "Selecting accounts..."
    text = (
        f"Exporting: {progress.accounts_done}/{progress.accounts_total} accounts,"
        f" {progress.records:,} records ({progress.rate:,.0f}/s)"
    )
    if progress.throttles:
        text += f", {progress.throttles:,} throttled"
    if progress.eta is not None:
        text += f", ETA {_duration(progress.eta)}"
    return text


class _ProgressLine(StatusLine):
    """The export's progress line on stderr, drawn from its latest report."""

    def __init__(self, *, enabled: bool, interval: float = 0.25) -> None:
        super().__init__(enabled=enabled, interval=interval)
        self._latest: inventory.ExportProgress | None = None

    def update(self, progress: inventory.ExportProgress) -> None:
        """Take the export's latest report (from any thread)."""
        self._latest = progress

    def text(self) -> str | None:
        """The latest report's line, once there is one."""
        return None if self._latest is None else progress_text(self._latest)


def _report(summary: inventory.ExportSummary) -> None:
    """The summary on stderr: what was written where, what failed, what was throttled."""
    where = click.format_filename(summary.directory)
    if summary.already_finished:
        finished = summary.finished.strftime("%Y-%m-%d %H:%M UTC")
        click.echo(
            f"{where} already holds this export, finished {finished}; add --restart to"
            " export again.",
            err=True,
        )
    else:
        counts = ", ".join(f"{kind} {count:,}" for kind, count in summary.counts.items())
        verb = "Finished the export of" if summary.resumed else "Exported"
        accounts = counted(summary.accounts, "account", "accounts")
        click.echo(f"{verb} {accounts} to {where} ({summary.format}): {counts}.", err=True)
    if summary.failures:
        items = counted(len(summary.failures), "item", "items")
        click.echo(
            f"{items} failed after retries: listed on stdout and in"
            f" {click.format_filename(summary.manifest)}.",
            err=True,
        )
    if summary.throttles:
        requests = counted(summary.throttles, "request was", "requests were")
        click.echo(f"{requests} throttled and retried.", err=True)


@click.command("export")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "export_format",
    type=click.Choice(_FORMATS, case_sensitive=False),
    default="jsonl",
    show_default=True,
    help="jsonl: DIR/<kind>.jsonl; csv: DIR/<kind>.csv; sqlite: DIR/inventory.sqlite.",
)
@click.option("--name", metavar="PREFIX", help="Only accounts whose name starts with PREFIX.")
@click.option(
    "--account-id",
    "account_ids",
    metavar="ID",
    multiple=True,
    help="Only this account; repeat for more, exported in the order given.",
)
@click.option(
    "--with-user-settings", is_flag=True, help="Export each user's settings (a request per user)."
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 64),
    default=8,
    show_default=True,
    metavar="N",
    help="Requests under way at once, paced to what the service allows.",
)
@click.option("--restart", is_flag=True, help="Discard an export DIR holds and start again.")
@shared_options
@pass_settings
def export(
    settings: Settings,
    directory: Path,
    export_format: str,
    name: str | None,
    account_ids: tuple[str, ...],
    *,
    with_user_settings: bool,
    concurrency: int,
    restart: bool,
) -> None:
    """Export the selected accounts and everything in them to DIR, resumably.

    Writes one AWS-shaped record per line (or row) and one file (or table) per kind:
    accounts, account_settings, users, user_settings (with --with-user-settings), and
    the retention_settings, rooms, room_memberships, bots (without their tokens) and
    events_configurations of Enterprise accounts.

    Stopped at any moment (Ctrl-C, an error, a kill), the same command continues where
    it was and ends with exactly the records of an uninterrupted run. DIR must be new,
    empty or hold this export; DIR/manifest.json tells the arguments, the counts per
    kind and the items that failed after retries. The files hold emails, names and phone
    numbers: they are readable by their owner only. Exits with status 8 when some items
    failed (listed on stdout).
    """
    from chime_accounts import inventory

    chime = open_chime(settings)
    with _ProgressLine(enabled=sys.stderr.isatty()) as line:
        try:
            summary = inventory.export(
                chime,
                directory,
                format=cast("inventory.Format", export_format.lower()),
                name=name,
                account_ids=account_ids or None,
                with_user_settings=with_user_settings,
                concurrency=concurrency,
                restart=restart,
                on_progress=line.update,
            )
        except inventory.ExportDirectoryError as error:
            if error.restart_discards:
                settings.hints.append("To discard it and start again, add --restart.")
            raise
        except ValidationError:
            raise
        except (ChimeAccountsError, KeyboardInterrupt):
            settings.hints.append(
                "What was exported is kept; to continue, run the same command again."
            )
            raise
    _report(summary)
    if summary.failures:
        show_all(settings, FAILURE_VIEW, [_Failed(failure) for failure in summary.failures])
        click.get_current_context().exit(ExitCode.PARTIAL)
