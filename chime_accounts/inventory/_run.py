"""Running an export: the directory, the selection, the commits; ``export`` and ``aexport``.

How an export survives being killed at any moment:

1. The selected accounts are listed first into the checkpoint (``accounts.jsonl``), in
   listing order, and recorded as selected; a run killed before that lists them again.
2. Each account is a unit of work, fetched by a worker (a thread, or a task) into memory,
   or, when a listing runs past one page, spooled a page at a time with the listing's
   resume token, so a big account continues where it was instead of starting over.
3. The fan-out hands the units back in selection order, and each is appended to the
   exported files in that order. Then, whenever the next account is not fetched yet
   (the export would wait anyway), after a spooled account, and at least every quarter
   of a second, the files are made durable (fsync, or an SQLite commit) and the
   checkpoint is replaced atomically with where each file ends, how many accounts are
   done and the failures so far.
4. A later run cuts each file back to where the checkpoint says it ends, which removes
   whatever came after (accounts not recorded, a half-written line), and continues with
   the first account not done. The files end as an uninterrupted run writes them.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import json
import os
import shutil
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import attrs

from .._fan_out import afan_out, fan_out
from ..exceptions import ValidationError
from ._checkpoint import FAILURES, STATE_DIRECTORY, State
from ._files import make_directory, open_append, sync_directory, write_json_atomically
from ._kinds import ACCOUNTS, line_of, record_of, selected_kinds
from ._manifest import (
    MANIFEST,
    Continue,
    ExportDirectoryError,
    Finished,
    discard,
    inspect_directory,
    make_manifest,
)
from ._results import ExportFailure, ExportProgress, ExportSummary
from ._walk import FATAL_ERRORS, Unit, arun_unit, failure_record, run_unit
from ._writers import FORMATS, Format, data_files, open_writer

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterator

    from .._async_client import AsyncChimeAccounts
    from .._client import ChimeAccounts
    from .._fan_out import Outcome
    from .._models import Account
    from ._checkpoint import Spool
    from ._kinds import Kind
    from ._walk import UnitResult
    from ._writers import Writer

__all__ = ["aexport", "export"]

# Accounts fetched ahead of their turn are made durable together, at most this often; a
# kill costs their fetching again.
_CHECKPOINT_INTERVAL = 0.25
_ACCOUNTS_PAGE = 200


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_time(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


@attrs.frozen(kw_only=True)
class _Options:
    directory: Path
    export_format: Format
    name: str | None
    account_ids: tuple[str, ...] | None
    with_user_settings: bool
    concurrency: int
    restart: bool

    @property
    def kinds(self) -> tuple[Kind, ...]:
        return selected_kinds({"with_user_settings": self.with_user_settings})

    def identity(self) -> dict[str, Any]:
        return {
            "format": self.export_format,
            "name": self.name,
            "account_ids": None if self.account_ids is None else list(self.account_ids),
            "with_user_settings": self.with_user_settings,
            "kinds": [kind.name for kind in self.kinds],
        }


def _check_flag(value: object, parameter: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(parameter, "must be True or False")
    return value


def _check_options(
    directory: object,
    export_format: object,
    name: object,
    account_ids: object,
    with_user_settings: object,
    concurrency: object,
    restart: object,
    on_progress: object,
) -> _Options:
    if not isinstance(directory, (str, os.PathLike)):
        raise ValidationError("directory", "must be a path")
    if export_format not in FORMATS:
        raise ValidationError("format", f"must be one of {', '.join(FORMATS)}")
    if name is not None and (not isinstance(name, str) or not name):
        raise ValidationError("name", "must be a non-empty string or None")
    ids: tuple[str, ...] | None = None
    if account_ids is not None:
        if isinstance(account_ids, (str, bytes)) or not isinstance(account_ids, Iterable):
            raise ValidationError("account_ids", "must be a sequence of account IDs or None")
        given = list(cast("Iterable[object]", account_ids))
        if not given:
            raise ValidationError("account_ids", "must name at least one account")
        if not all(isinstance(item, str) and item.strip() for item in given):
            raise ValidationError("account_ids", "must be non-blank strings")
        ids = tuple(dict.fromkeys(cast("list[str]", given)))
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValidationError("concurrency", "must be an integer of at least 1")
    if on_progress is not None and not callable(on_progress):
        raise ValidationError("on_progress", "must be callable or None")
    return _Options(
        directory=Path(os.fspath(cast("str", directory))),
        export_format=export_format,
        name=name,
        account_ids=ids,
        with_user_settings=_check_flag(with_user_settings, "with_user_settings"),
        concurrency=concurrency,
        restart=_check_flag(restart, "restart"),
    )


class _Stats:
    """The counters of a run's progress, shared by its threads; reports each change."""

    def __init__(self, on_progress: Callable[[ExportProgress], None] | None) -> None:
        self._on_progress = on_progress
        self._lock = threading.Lock()
        self._started = time.monotonic()
        self.records = 0
        self.throttles = 0
        self.total: int | None = None
        self.done = 0
        self._done_before = 0

    def _report(self) -> None:
        if self._on_progress is not None:
            self._on_progress(
                ExportProgress(
                    accounts_total=self.total,
                    accounts_done=self.done,
                    records=self.records,
                    throttles=self.throttles,
                    elapsed=time.monotonic() - self._started,
                    accounts_this_run=self.done - self._done_before,
                )
            )

    def fetched(self, count: int) -> None:
        with self._lock:
            self.records += count
            self._report()

    def throttled(self) -> None:
        with self._lock:
            self.throttles += 1
            self._report()

    def selected(self, total: int, done: int, *, resumed: bool) -> None:
        with self._lock:
            self.total, self.done = total, done
            if resumed:
                self._done_before = done
            self._report()

    def committed(self, done: int) -> None:
        with self._lock:
            self.done = done
            self._report()


class _Run:
    """One run of an export, with every file operation; sync, so both entry points share it.

    Only the calling thread (or the event loop's, and one worker thread at a time for
    the async entry point) calls it, except for the spools, which the workers write.
    """

    def __init__(self, options: _Options, stats: _Stats) -> None:
        self.options = options
        self.directory = options.directory
        self.kinds = options.kinds
        self.stats = stats
        self.finished_manifest: dict[str, Any] | None = None
        self.resumed = False
        self._state: State | None = None
        self._writer: Writer | None = None
        self._failures_out: Any = None
        self._staged_out: Any = None
        self._appending = False
        self._counts: dict[str, int] = {}
        self._failures = 0
        self._pending: tuple[int, int] | None = None
        self._pending_spools: list[Spool] = []
        self._last_checkpoint = time.monotonic()
        self._selected = 0
        self._fetched: set[int] = set()

    # -- opening ---------------------------------------------------------------------

    @property
    def state(self) -> State:
        assert self._state is not None  # noqa: S101 - set by open
        return self._state

    @property
    def writer(self) -> Writer:
        assert self._writer is not None  # noqa: S101 - set by open
        return self._writer

    @property
    def listed(self) -> bool:
        return bool(self.state.data["listed"])

    def _files(self) -> list[str]:
        return data_files(self.options.export_format, self.kinds)

    def open(self) -> None:
        """Inspect the directory; start, continue or find the export finished.

        Raises:
            ExportDirectoryError: The directory cannot take this export.
        """
        identity = self.options.identity()
        decision = inspect_directory(self.directory, identity, restart=self.options.restart)
        if isinstance(decision, Finished):
            # Left by a run stopped between finishing the manifest and removing it.
            shutil.rmtree(self.directory / STATE_DIRECTORY, ignore_errors=True)
            self.finished_manifest = decision.manifest
            return
        if isinstance(decision, Continue):
            self._continue(decision.state)
            return
        if decision.discard:
            discard(self.directory, decision.discard)
        if decision.create:
            make_directory(self.directory)
        started = _now()
        write_json_atomically(self.directory / MANIFEST, self._manifest(started, None, None, []))
        self._writer = open_writer(self.directory, self.options.export_format, self.kinds)
        self.writer.sync()
        sync_directory(self.directory)
        self._state = State.create(self.directory, identity, started, self.writer.position())
        self._failures_out = open_append(self.state.failures)
        self._counts = dict.fromkeys(self.writer.position(), 0)

    def _continue(self, state: State) -> None:
        position: dict[str, int] = state.data["position"]
        sizes = dict.fromkeys(self._files(), 0)
        if self.options.export_format != "sqlite":
            suffix = self.options.export_format
            sizes = {f"{kind}.{suffix}": size for kind, size in position.items()}
        for name, size in sizes.items():
            path = self.directory / name
            if not path.is_file() or path.stat().st_size < size:
                raise ExportDirectoryError(
                    self.directory,
                    f"holds a partial export whose {name} was changed since",
                    restart_discards=True,
                )
        self._state = state
        self._writer = open_writer(self.directory, self.options.export_format, self.kinds)
        try:
            self.writer.cut_back(position)
        except ValueError as error:
            self.writer.close()
            raise ExportDirectoryError(
                self.directory,
                f"holds a partial export changed since: {error}",
                restart_discards=True,
            ) from None
        self._failures_out = open_append(state.failures)
        self._failures_out.truncate(int(state.data["failures_size"]))
        self._counts = {name: int(count) for name, count in state.data["counts"].items()}
        self._failures = int(state.data["failures"])
        for index in state.spooled_indexes():
            if index < int(state.data["done"]):
                state.spool(index).remove()  # committed by a run killed before removing it
        self.resumed = True
        if self.listed:
            self.stats.selected(int(state.data["selected"]), int(state.data["done"]), resumed=True)

    # -- selecting -------------------------------------------------------------------

    def begin_selection(self) -> None:
        """Start listing the selected accounts (again, if a run was killed doing it)."""
        self._staged_out = open_append(self.state.staged)
        self._staged_out.truncate(0)
        self._failures_out.truncate(int(self.state.data["failures_size"]))
        self._selected = 0

    def select(self, account: Account) -> None:
        """Stage a selected account (unless the name filter leaves it out)."""
        name = self.options.name
        if name is not None and not account.name.startswith(name):
            return
        self._staged_out.write((line_of(record_of(account, {})) + "\n").encode())
        self._selected += 1

    def select_by_id(self, outcome: Outcome[str, Account]) -> None:
        """Stage an account asked for by ID, or record its failure.

        Raises:
            ChimeAccountsError: One of the errors that stop the export.
        """
        if outcome.error is None:
            self.select(cast("Account", outcome.value))
            return
        if isinstance(outcome.error, FATAL_ERRORS):
            raise outcome.error
        ids = {"AccountId": outcome.item}
        self._write_failure(line_of(failure_record(ACCOUNTS.name, ids, outcome.error)))

    def _write_failure(self, line: str) -> None:
        self._failures_out.write((line + "\n").encode())
        self._failures += 1

    def end_selection(self) -> None:
        """Make the selection durable and record it."""
        for out in (self._staged_out, self._failures_out):
            out.flush()
            os.fsync(out.fileno())
        self._staged_out.close()
        self.state.data.update(
            listed=True,
            selected=self._selected,
            failures_size=self._failures_out.tell(),
            failures=self._failures,
        )
        self.state.save()
        self.stats.selected(self._selected, 0, resumed=False)

    # -- exporting -------------------------------------------------------------------

    def units(self) -> Iterator[Unit]:
        """The accounts not yet committed, in selection order, read lazily."""
        for index, next_offset, account in self.state.staged_accounts():
            spool = self.state.spool(index)
            resume = spool.load() if spool.path.exists() else None
            yield Unit(
                index=index, next_offset=next_offset, account=account, spool=spool, resume=resume
            )

    def commit(self, result: UnitResult) -> None:
        """Append a fetched account's records to the files; checkpoint when it is time."""
        unit = result.unit
        spooled = unit.spool.saved

        def lines(name: str) -> Iterator[str]:
            if spooled:
                yield from unit.spool.lines(name)
            yield from result.tail.lines.get(name, ())

        self._appending = True
        for kind in self.kinds:
            self._counts[kind.name] += self.writer.append(kind, lines(kind.name))
        for line in lines(FAILURES):
            self._write_failure(line)
        self._appending = False
        self._pending = (unit.index + 1, unit.next_offset)
        if spooled:
            self._pending_spools.append(unit.spool)
        self.stats.committed(unit.index + 1)
        self._fetched.discard(unit.index)
        if (
            spooled
            or unit.index + 1 not in self._fetched
            or time.monotonic() - self._last_checkpoint >= _CHECKPOINT_INTERVAL
        ):
            self.checkpoint()

    def fetched(self, result: UnitResult) -> UnitResult:
        """Note that a worker has fetched an account (from the worker's thread)."""
        self._fetched.add(result.unit.index)
        return result

    def checkpoint(self) -> None:
        """Make the appended records durable, then record them in the checkpoint."""
        self._last_checkpoint = time.monotonic()
        if self._pending is None:
            return
        self.writer.sync()
        self._failures_out.flush()
        os.fsync(self._failures_out.fileno())
        done, next_offset = self._pending
        self.state.data.update(
            done=done,
            next_offset=next_offset,
            position=self.writer.position(),
            failures_size=self._failures_out.tell(),
            failures=self._failures,
            counts=dict(self._counts),
        )
        self.state.save()
        self._pending = None
        for spool in self._pending_spools:
            spool.remove()
        self._pending_spools.clear()

    # -- ending ----------------------------------------------------------------------

    def _manifest(
        self, started: str, finished: str | None, accounts: int | None, failures: list[Any]
    ) -> dict[str, Any]:
        counts = self._counts or {kind.name: 0 for kind in self.kinds}
        return make_manifest(
            self.options.identity(),
            self._files(),
            started=started,
            finished=finished,
            accounts=accounts,
            counts=counts,
            failures=failures,
        )

    def _committed_failures(self) -> list[Any]:
        size = int(self.state.data["failures_size"])
        with self.state.failures.open("rb") as source:
            text = source.read(size).decode()
        return [json.loads(line) for line in text.splitlines()]

    def finish(self) -> ExportSummary:
        """Checkpoint, write the finished manifest, remove the checkpoint."""
        self.checkpoint()
        manifest = self._manifest(
            self.state.data["started"],
            _now(),
            int(self.state.data["selected"]),
            self._committed_failures(),
        )
        write_json_atomically(self.directory / MANIFEST, manifest)
        self._close()
        self.state.remove()
        return self.summary(manifest)

    def stop(self) -> None:
        """After an error or an interruption: keep what is complete, for the next run."""
        try:
            if self._state is not None and self._writer is not None and not self._appending:
                self.checkpoint()
                selected = self.state.data["selected"]
                manifest = self._manifest(
                    self.state.data["started"], None, selected, self._committed_failures()
                )
                write_json_atomically(self.directory / MANIFEST, manifest)
        finally:
            self._close()

    def _close(self) -> None:
        for out in (self._staged_out, self._failures_out):
            if out is not None:
                out.close()
        if self._writer is not None:
            self._writer.close()

    def summary(
        self, manifest: dict[str, Any] | None = None, *, already: bool = False
    ) -> ExportSummary:
        """The summary of the export a manifest describes (the finished one by default)."""
        manifest = manifest or self.finished_manifest
        assert manifest is not None  # noqa: S101 - finished
        return ExportSummary(
            directory=self.directory,
            format=manifest["format"],
            complete=bool(manifest["complete"]),
            accounts=int(manifest["accounts"] or 0),
            counts=dict(manifest["counts"]),
            failures=tuple(ExportFailure.from_record(item) for item in manifest["failures"]),
            files=tuple(self.directory / name for name in manifest["files"]),
            manifest=self.directory / MANIFEST,
            started=_parse_time(manifest["started"]),
            finished=_parse_time(manifest["finished"]),
            resumed=self.resumed,
            already_finished=already,
            throttles=self.stats.throttles,
        )


@contextlib.contextmanager
def _counting_throttles(client: object, stats: _Stats) -> Generator[None, None, None]:
    """Count the client's answers with status 429, through botocore's event hooks."""
    events = cast("Any", client).meta.events
    unique_id = f"chime_accounts.inventory.throttles.{id(stats)}"

    def count(response_dict: dict[str, Any] | None = None, **_: object) -> None:
        if response_dict is not None and response_dict.get("status_code") == 429:
            stats.throttled()

    events.register("response-received.chime", count, unique_id=unique_id)
    try:
        yield
    finally:
        events.unregister("response-received.chime", unique_id=unique_id)


def export(
    chime: ChimeAccounts,
    directory: str | os.PathLike[str],
    *,
    format: Format = "jsonl",  # noqa: A002 - the name of the command line's --format
    name: str | None = None,
    account_ids: Iterable[str] | None = None,
    with_user_settings: bool = False,
    concurrency: int = 8,
    restart: bool = False,
    on_progress: Callable[[ExportProgress], None] | None = None,
) -> ExportSummary:
    """Export the inventory of the selected accounts to ``directory``; resumable, exact.

    Walks the selected accounts and, for each, the account, its settings, its users
    (with ``with_user_settings``, each user's settings too) and, for an Enterprise
    account, its retention settings, rooms, room memberships, bots and bots' events
    configurations, with at most ``concurrency`` requests at a time, paced by the client.
    Writes one file per kind (``jsonl``, ``csv``) or one database (``sqlite``), and
    ``manifest.json``; see
    [Exporting an inventory][exporting-an-inventory].

    Killed at any moment and called again with the same arguments on the same
    directory, it continues where it was and ends with the same records as an
    uninterrupted run. An item that fails after the retries is listed in the manifest
    and in the summary's ``failures``; the rest goes on.

    Args:
        chime: The client.
        directory: The export's directory: new, empty, or holding this export.
        format: ``jsonl`` (default), ``csv`` or ``sqlite``.
        name: Only the accounts whose name starts with this.
        account_ids: Only these accounts, in this order (repeats ignored).
        with_user_settings: Export each user's settings too (one request per user).
        concurrency: How many requests may be under way at once.
        restart: Discard an export the directory holds (only its files) and start again.
        on_progress: Called with an [`ExportProgress`][chime_accounts.inventory.ExportProgress]
            as the export goes; calls never overlap, but may come from worker threads.

    Returns:
        The summary; ``complete`` is false when some items failed.

    Raises:
        ValidationError: An argument is invalid.
        ExportDirectoryError: The directory holds something else; it was left untouched.
        ChimeAccountsError: Listing the accounts failed, or the export met an error that
            every request would meet (no or rejected credentials, no connection): it
            stopped, and continues when called again.
        OSError: Writing the files failed.
    """
    options = _check_options(
        directory, format, name, account_ids, with_user_settings, concurrency, restart, on_progress
    )
    stats = _Stats(on_progress)
    run = _Run(options, stats)
    run.open()
    if run.finished_manifest is not None:
        return run.summary(already=True)
    try:
        with _counting_throttles(chime.client, stats):
            if not run.listed:
                run.begin_selection()
                if options.account_ids is None:
                    for account in chime.list_accounts(name=name, page_size=_ACCOUNTS_PAGE):
                        run.select(account)
                else:
                    for outcome in fan_out(
                        chime.get_account, options.account_ids, concurrency=options.concurrency
                    ):
                        run.select_by_id(outcome)
                run.end_selection()
            fetch = functools.partial(
                run_unit,
                chime,
                kinds=run.kinds,
                gate=threading.BoundedSemaphore(options.concurrency),
                concurrency=options.concurrency,
                count=stats.fetched,
            )

            def work(unit: Unit) -> UnitResult:
                return run.fetched(fetch(unit))

            with contextlib.closing(
                fan_out(work, run.units(), concurrency=options.concurrency)
            ) as outcomes:
                for unit_outcome in outcomes:
                    if unit_outcome.error is not None:
                        raise unit_outcome.error
                    run.commit(cast("UnitResult", unit_outcome.value))
        return run.finish()
    except BaseException:
        run.stop()
        raise


async def aexport(
    chime: AsyncChimeAccounts,
    directory: str | os.PathLike[str],
    *,
    format: Format = "jsonl",  # noqa: A002 - the name of the command line's --format
    name: str | None = None,
    account_ids: Iterable[str] | None = None,
    with_user_settings: bool = False,
    concurrency: int = 8,
    restart: bool = False,
    on_progress: Callable[[ExportProgress], None] | None = None,
) -> ExportSummary:
    """Same as [`export`][chime_accounts.inventory.export] with the async client, awaited.

    The requests are tasks (at most ``concurrency`` under way); the files are written
    in a worker thread, so the event loop goes on meanwhile. ``chime`` must be entered
    (``async with``). Calls of ``on_progress`` come from the event loop's thread, or
    from the thread writing the files.
    """
    options = _check_options(
        directory, format, name, account_ids, with_user_settings, concurrency, restart, on_progress
    )
    stats = _Stats(on_progress)
    run = _Run(options, stats)
    await asyncio.to_thread(run.open)
    if run.finished_manifest is not None:
        return run.summary(already=True)
    try:
        with _counting_throttles(chime.client, stats):
            if not run.listed:
                await asyncio.to_thread(run.begin_selection)
                if options.account_ids is None:
                    async for account in chime.list_accounts(name=name, page_size=_ACCOUNTS_PAGE):
                        run.select(account)
                else:
                    async for outcome in afan_out(
                        chime.get_account, options.account_ids, concurrency=options.concurrency
                    ):
                        run.select_by_id(outcome)
                await asyncio.to_thread(run.end_selection)
            afetch = functools.partial(
                arun_unit,
                chime,
                kinds=run.kinds,
                gate=asyncio.Semaphore(options.concurrency),
                concurrency=options.concurrency,
                count=stats.fetched,
            )

            async def work(unit: Unit) -> UnitResult:
                return run.fetched(await afetch(unit))

            async with contextlib.aclosing(
                afan_out(work, run.units(), concurrency=options.concurrency)
            ) as outcomes:
                async for unit_outcome in outcomes:
                    if unit_outcome.error is not None:
                        raise unit_outcome.error
                    await asyncio.to_thread(run.commit, cast("UnitResult", unit_outcome.value))
        return await asyncio.to_thread(run.finish)
    except BaseException:
        run.stop()
        raise
