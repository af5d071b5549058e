"""Printing results: one record, a listing streamed page by page with resume tokens, or all."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from typing import TYPE_CHECKING, Any, TypeVar

import click

from chime_accounts.exceptions import ChimeAccountsError

from ._output import Progress, SupportsToDict, View, counted, make_writer

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterable
    from types import FrameType

    from chime_accounts import Pager

    from ._options import Settings
    from ._output import Writer

__all__ = ["resume_hint", "show_all", "show_one", "stream_list"]

M = TypeVar("M", bound=SupportsToDict)


def resume_hint(token: str) -> str:
    """The stderr line that tells how to continue a listing."""
    return f"To continue, run the command again with --starting-token {token}"


def _write(writer: Writer, settings: Settings, view: View, model: SupportsToDict) -> None:
    writer.write(view.record(model, show_sensitive=settings.show_sensitive, mode=writer.mode))


def show_one(settings: Settings, view: View, model: SupportsToDict) -> None:
    """Print one record in the chosen output format."""
    writer = make_writer(view, settings.output_format(), many=False)
    _write(writer, settings, view, model)
    writer.close()


def show_all(settings: Settings, view: View, models: Iterable[SupportsToDict]) -> None:
    """Print records as a listing; the output stays valid if an error ends it early."""
    writer = make_writer(view, settings.output_format(), many=True)
    complete = False
    try:
        for model in models:
            _write(writer, settings, view, model)
        complete = True
    finally:
        writer.close(complete=complete)


class _HeldInterrupts:
    """Holds Ctrl-C back while a record is written and the resume token moved past it.

    Without it, Ctrl-C right after a record was printed could leave a token that prints the
    record again. Waits for the service are still interrupted at once. Only the main thread
    can handle signals, and only click's default handling is replaced.
    """

    def __init__(self) -> None:
        self._holding = False
        self._pending = False
        self._previous: Any = None

    def __enter__(self) -> _HeldInterrupts:
        if (
            threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler
        ):
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _handle(self, _signum: int, _frame: FrameType | None) -> None:
        if self._holding:
            self._pending = True
            return
        raise KeyboardInterrupt

    @contextlib.contextmanager
    def held(self) -> Generator[None, None, None]:
        """Defer Ctrl-C to the end of the block (when it ends without an error)."""
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
        if self._pending:
            self._pending = False
            raise KeyboardInterrupt


def stream_list(
    settings: Settings,
    view: View,
    pager: Pager[M],
    *,
    keep: Callable[[M], bool] | None = None,
    max_items: int | None = None,
) -> None:
    """Print a listing as its pages arrive.

    Stopped by ``max_items`` (counting the records shown, after ``keep``), by an error or by
    Ctrl-C, it tells on stderr the starting token that continues right after the last
    record shown (or read, when ``keep`` rejected it).

    Args:
        settings: The output settings.
        view: How the records are shown.
        pager: The listing, not yet iterated.
        keep: A client-side filter: records it rejects are read but not shown.
        max_items: Show at most this many records.
    """
    writer = make_writer(view, settings.output_format(), many=True)
    read = shown = 0
    token = pager.resume_token
    complete = False
    try:
        with (
            _HeldInterrupts() as interrupts,
            Progress(view.plural, enabled=sys.stderr.isatty()) as progress,
        ):
            while max_items is None or shown < max_items:
                with progress.waiting():
                    item = next(pager, None)
                if item is None:
                    break
                with interrupts.held():
                    read += 1
                    if keep is None or keep(item):
                        _write(writer, settings, view, item)
                        shown += 1
                    token = pager.resume_token
                progress.count(read=read, shown=shown)
            complete = True
    except (ChimeAccountsError, KeyboardInterrupt):
        if read and token is not None:  # else the same command, as it was, starts there
            settings.hints.append(resume_hint(token))
        raise
    finally:
        writer.close(complete=complete)
    summary = counted(shown, view.singular, view.plural)
    if max_items is not None and shown == max_items and token is not None:
        click.echo(f"Stopped after {summary} (--max-items).", err=True)
        click.echo(resume_hint(token), err=True)
    elif sys.stderr.isatty():
        if read != shown:
            summary += f" shown of {read} read"
        click.echo(summary + ".", err=True)
