"""How records look on stdout (json, jsonl, csv, table) and the progress line on stderr.

A command group describes its model once as a :class:`View`: the AWS members in order and
the columns of its table. Records are the AWS-shaped dicts of the models' ``to_dict()``, so
JSON and CSV use the AWS member names and load back with the models' ``from_dict()``.
Sensitive values are masked unless asked for: those the models mark (in nested models too)
and those a view flags.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import re
import shutil
import sys
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol, cast

import click

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Mapping
    from types import TracebackType

    from typing_extensions import Self

__all__ = [
    "MASK",
    "Column",
    "Field",
    "Mode",
    "Progress",
    "SupportsToDict",
    "View",
    "Writer",
    "counted",
    "csv_text",
    "fit_columns",
    "human_text",
    "make_writer",
]

#: What a sensitive value looks like without ``--show-sensitive``.
MASK = "***"
_ELLIPSIS = "..."
_GAP = "  "
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

#: What a record holds: datetimes (``python``, for people) or only JSON types (``json``).
Mode = Literal["python", "json"]


class SupportsToDict(Protocol):
    """A model that gives its AWS-shaped dict, as every chime_accounts model does."""

    def to_dict(self, *, mode: Mode = "python", mask: str | None = None) -> dict[str, Any]:
        """Return the AWS-shaped dict, its sensitive values replaced by ``mask`` if given."""
        ...


@dataclass(frozen=True, kw_only=True)
class Field:
    """One AWS member of a record: a CSV column and a line of the single-record table.

    Attributes:
        member: The AWS member name, e.g. ``AccountId``.
        label: Its name for people, e.g. ``Account ID``.
        sensitive: Masked unless ``--show-sensitive`` is given, besides the members the
            models mark sensitive, which always are.
        text: How the single-record table shows the value; :func:`human_text` when None.
    """

    member: str
    label: str
    sensitive: bool = False
    text: Callable[[object], str] | None = None


@dataclass(frozen=True, kw_only=True)
class Column:
    """A column of the table of many records.

    Attributes:
        member: The AWS member shown.
        heading: The column heading.
        width: The column width; longer values are cut short with ``...``.
        min_width: Set on the one column that narrows (down to this) to fit the terminal.
        drop: Columns with a positive ``drop`` are left out, highest first, when the
            terminal is too narrow for all of them.
        text: How to show a value; :func:`human_text` when None.
    """

    member: str
    heading: str
    width: int
    min_width: int | None = None
    drop: int = 0
    text: Callable[[object], str] | None = None


@dataclass(frozen=True, kw_only=True)
class View:
    """How one kind of record is shown.

    Attributes:
        singular: The record's name for people, e.g. ``account``.
        plural: The plural, e.g. ``accounts``.
        fields: Every member, in AWS order: the CSV columns and the single-record table.
        columns: The table of many records, in display order.
    """

    singular: str
    plural: str
    fields: tuple[Field, ...]
    columns: tuple[Column, ...]

    def record(
        self, model: SupportsToDict, *, show_sensitive: bool, mode: Mode = "json"
    ) -> dict[str, Any]:
        """Return the model's AWS-shaped dict with its sensitive values masked, unless shown."""
        if show_sensitive:
            return model.to_dict(mode=mode)
        data = model.to_dict(mode=mode, mask=MASK)
        for field in self.fields:
            if field.sensitive and data.get(field.member) not in (None, "", [], {}):
                data[field.member] = MASK
        return data


def counted(count: int, singular: str, plural: str) -> str:
    """``1 user``, ``2 users``: a count for messages."""
    return f"{count} {singular if count == 1 else plural}"


def _printable(text: str) -> str:
    """Replace control characters: values come from the service and reach a terminal."""
    return _CONTROL.sub("?", text)


def human_text(value: object) -> str:
    """Show a record value to people: ``-`` for nothing, lists joined with commas."""
    if value is None or value == "" or value == [] or value == {}:
        return "-"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(human_text(item) for item in cast("list[object]", value))
    if isinstance(value, dict):
        items = list(cast("dict[object, object]", value).values())
        if len(items) == 1:  # e.g. {"GroupName": "sales"}
            return human_text(items[0])
        return _printable(json.dumps(value, default=human_text, sort_keys=True))
    return _printable(str(value))


def date_text(value: object) -> str:
    """Show a timestamp as its UTC date, for a narrow table column."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d")
    return human_text(value)


def csv_text(value: object) -> str:
    """Write a value of a JSON record into a CSV cell: lists joined with ``;``.

    A nested object is its JSON text, except in a list, where an object of one member
    (``{"GroupName": "sales"}``) is that member's value.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(_csv_item(item) for item in cast("list[object]", value))
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return str(value)


def _csv_item(item: object) -> str:
    if isinstance(item, dict):
        members = list(cast("dict[object, object]", item).values())
        if len(members) == 1:
            return csv_text(members[0])
        return csv_text(cast("object", item))
    return csv_text(item)


def _json(record: Mapping[str, Any], *, indent: int | None) -> str:
    separators = None if indent else (",", ":")
    return json.dumps(record, indent=indent, separators=separators)


def _cut(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    if width <= len(_ELLIPSIS):
        return text[:width]
    return text[: width - len(_ELLIPSIS)] + _ELLIPSIS


def fit_columns(columns: tuple[Column, ...], width: int | None) -> list[tuple[Column, int]]:
    """Choose the columns and their widths for a terminal ``width`` wide (None: no limit)."""
    chosen = list(columns)
    if width is None:
        return [(column, column.width) for column in chosen]

    def needed(*, narrowest: bool) -> int:
        widths = [
            column.min_width if narrowest and column.min_width is not None else column.width
            for column in chosen
        ]
        return sum(widths) + len(_GAP) * (len(chosen) - 1)

    while needed(narrowest=True) > width and any(column.drop > 0 for column in chosen):
        chosen.remove(max(chosen, key=lambda column: column.drop))
    spare = width - needed(narrowest=False)
    fitted: list[tuple[Column, int]] = []
    for column in chosen:
        size = column.width
        if column.min_width is not None and spare < 0:
            size = max(column.min_width, column.width + spare)
        fitted.append((column, size))
    return fitted


class Writer:
    """Writes records to stdout in one format as they come; :meth:`close` ends the output."""

    #: The records it takes (see :meth:`View.record`): JSON types unless it shows people.
    mode: ClassVar[Mode] = "json"

    def write(self, record: Mapping[str, Any]) -> None:
        """Write one record."""
        raise NotImplementedError

    def close(self, *, complete: bool = True) -> None:
        """End the output; ``complete`` is false after an error or an interruption."""


class _JsonWriter(Writer):
    """One pretty JSON object, or for many records a JSON array written element by element."""

    def __init__(self, *, many: bool) -> None:
        self._many = many
        self._count = 0

    def write(self, record: Mapping[str, Any]) -> None:
        text = _json(record, indent=2)
        if self._many:
            text = ("[\n" if self._count == 0 else ",\n") + _indent(text)
            click.echo(text, nl=False)
        else:
            click.echo(text)
        self._count += 1

    def close(self, *, complete: bool = True) -> None:  # noqa: ARG002 - Writer's signature
        # Closed even when interrupted, so what was written is still valid JSON.
        if self._many:
            click.echo("\n]" if self._count else "[]")


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


class _JsonLinesWriter(Writer):
    def write(self, record: Mapping[str, Any]) -> None:
        click.echo(_json(record, indent=None))


class _CsvWriter(Writer):
    def __init__(self, fields: tuple[Field, ...]) -> None:
        self._fields = fields
        self._row([field.member for field in fields])

    def _row(self, cells: list[str]) -> None:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(cells)
        # color=True: click would otherwise drop escape sequences, which are data here.
        click.echo(buffer.getvalue(), nl=False, color=True)

    def write(self, record: Mapping[str, Any]) -> None:
        self._row([csv_text(record.get(field.member)) for field in self._fields])


class _TableWriter(Writer):
    """A table whose column widths are fixed up front, so rows print as they arrive."""

    mode = "python"

    def __init__(self, view: View, width: int | None) -> None:
        self._view = view
        self._columns = fit_columns(view.columns, width)
        self._count = 0

    def _line(self, cells: list[str]) -> None:
        padded = [
            _cut(cell, size).ljust(size)
            for cell, (_, size) in zip(cells, self._columns, strict=True)
        ]
        click.echo(_GAP.join(padded).rstrip())

    def write(self, record: Mapping[str, Any]) -> None:
        if self._count == 0:
            self._line([column.heading for column, _ in self._columns])
        texts: list[str] = []
        for column, _ in self._columns:
            show = column.text or human_text
            texts.append(show(record.get(column.member)))
        self._line(texts)
        self._count += 1

    def close(self, *, complete: bool = True) -> None:
        if complete and self._count == 0:
            click.echo(f"No {self._view.plural}.")


class _DetailWriter(Writer):
    """One record as ``label  value`` lines."""

    mode = "python"

    def __init__(self, view: View) -> None:
        self._view = view

    def write(self, record: Mapping[str, Any]) -> None:
        width = max(len(field.label) for field in self._view.fields)
        for field in self._view.fields:
            show = field.text or human_text
            click.echo(f"{field.label.ljust(width)}{_GAP}{show(record.get(field.member))}")


def terminal_width() -> int | None:
    """The terminal's width when stdout is one, else None."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def make_writer(view: View, output: str, *, many: bool) -> Writer:
    """Return the writer for ``output`` (json, jsonl, csv or table).

    Args:
        view: How the records are shown.
        output: The output format.
        many: A listing (a JSON array, a table with a header row) rather than one record.
    """
    if output == "json":
        return _JsonWriter(many=many)
    if output == "jsonl":
        return _JsonLinesWriter()
    if output == "csv":
        return _CsvWriter(view.fields)
    if many:
        return _TableWriter(view, terminal_width())
    return _DetailWriter(view)


class StatusLine:
    """A line on stderr, redrawn a few times a second by a thread of its own, erased at the end.

    Subclasses say what it shows now (:meth:`text`). Disabled (stderr is not a terminal),
    it does nothing.

    Args:
        enabled: Whether to draw at all; callers enable it when stderr is a terminal.
        interval: Seconds between redraws.
    """

    _ERASE = "\r\x1b[K"

    def __init__(self, *, enabled: bool, interval: float) -> None:
        self._enabled = enabled
        self._interval = interval
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._drawn = False

    def __enter__(self) -> Self:
        if self._enabled:
            self._thread = threading.Thread(target=self._run, name="status-line", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            self._erase()

    def text(self) -> str | None:
        """What the line shows now, or None to leave it as it is; called under the lock."""
        raise NotImplementedError

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            with self._lock:
                text = self.text()
                if text is not None:
                    sys.stderr.write(self._ERASE + text)
                    sys.stderr.flush()
                    self._drawn = True

    def _erase(self) -> None:
        """Erase the line if it shows anything; called under the lock."""
        if self._drawn:
            sys.stderr.write(self._ERASE)
            sys.stderr.flush()
            self._drawn = False


class Progress(StatusLine):
    """A spinner and a count on stderr while a listing waits for the service.

    It draws only while the listing waits (inside :meth:`waiting`) and erases its line before
    anything else is written, so it never mixes with rows on a shared terminal. Disabled, it
    does nothing.

    Args:
        plural: What is being listed, e.g. ``accounts``.
        enabled: Whether to draw at all; callers enable it when stderr is a terminal.
        interval: Seconds between redraws; a page that arrives sooner draws nothing.
    """

    _FRAMES = "|/-\\"

    def __init__(self, plural: str, *, enabled: bool, interval: float = 0.1) -> None:
        super().__init__(enabled=enabled, interval=interval)
        self._plural = plural
        self._waiting = False
        self._frame = 0
        self._read = 0
        self._shown = 0

    @contextlib.contextmanager
    def waiting(self) -> Generator[None, None, None]:
        """Mark a wait for the service: the progress line may show meanwhile."""
        with self._lock:
            self._waiting = True
        try:
            yield
        finally:
            with self._lock:
                self._waiting = False
                self._erase()

    def count(self, *, read: int, shown: int) -> None:
        """Record how many records were read and how many of them were shown."""
        self._read, self._shown = read, shown

    def text(self) -> str | None:
        """The spinner and the count while the listing waits; nothing otherwise."""
        if not self._waiting:
            return None
        frame = self._FRAMES[self._frame % len(self._FRAMES)]
        self._frame += 1
        text = f"{frame} Listing {self._plural}... {self._shown} so far"
        if self._read != self._shown:
            text += f" ({self._read} read)"
        return text
