"""The exported files, one writer per format: append records, make them durable, go back.

Each writer keeps a *position*, one integer per kind (bytes for files, rows for tables),
which the checkpoint records once the records up to it are durable. On resuming, the
writer is cut back to the recorded position, which removes whatever a kill left after
it: records of accounts not yet recorded, and a half-written last line.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from ._files import create_private, open_append
from ._kinds import columns, sql_types

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from pathlib import Path

    from ._kinds import Kind, Record

__all__ = ["FORMATS", "SQLITE_FILE", "Format", "Writer", "data_files", "open_writer"]

Format = Literal["jsonl", "csv", "sqlite"]
"""The format of an export: JSON Lines files, CSV files or an SQLite database."""

FORMATS: tuple[Format, ...] = ("jsonl", "csv", "sqlite")
"""Every [`Format`][chime_accounts.inventory.Format], the default first."""

SQLITE_FILE = "inventory.sqlite"
# What SQLite may leave next to its database while a transaction is under way.
_SQLITE_SIDECARS = ("-journal", "-wal", "-shm")


def data_files(export_format: Format, kinds: tuple[Kind, ...]) -> list[str]:
    """The names of the files an export writes in ``directory`` (not the manifest)."""
    if export_format == "sqlite":
        return [SQLITE_FILE]
    return [f"{kind.name}.{export_format}" for kind in kinds]


def sidecar_files(export_format: Format) -> list[str]:
    """The names SQLite may leave next to the database, which are the export's too."""
    if export_format == "sqlite":
        return [SQLITE_FILE + suffix for suffix in _SQLITE_SIDECARS]
    return []


class Writer:
    """Appends the records of each kind to its file or table."""

    def position(self) -> dict[str, int]:
        """Where each kind's records end now, including those not yet durable."""
        raise NotImplementedError

    def cut_back(self, position: Mapping[str, int]) -> None:
        """Remove every record after ``position``; refuse if some before it are missing.

        Raises:
            ValueError: A kind holds less than ``position`` says: it was changed outside
                the export.
        """
        raise NotImplementedError

    def append(self, kind: Kind, lines: Iterable[str]) -> int:
        """Append records given as JSON lines; return how many."""
        raise NotImplementedError

    def sync(self) -> None:
        """Make everything appended durable."""
        raise NotImplementedError

    def close(self) -> None:
        """Close the files; what was not synced may be lost."""
        raise NotImplementedError


class _FileWriter(Writer):
    """One file per kind; positions are sizes in bytes."""

    def __init__(self, directory: Path, export_format: Format, kinds: tuple[Kind, ...]) -> None:
        self._files: dict[str, BinaryIO] = {}
        self._names: dict[str, str] = {}
        self._dirty: set[str] = set()
        for kind in kinds:
            self._names[kind.name] = f"{kind.name}.{export_format}"
            out = open_append(directory / self._names[kind.name])
            self._files[kind.name] = out
            if out.seek(0, os.SEEK_END) == 0:
                self._start(kind, out)

    def _start(self, kind: Kind, out: BinaryIO) -> None:
        """Write what a new file begins with (CSV's header)."""

    def position(self) -> dict[str, int]:
        return {name: out.seek(0, os.SEEK_END) for name, out in self._files.items()}

    def cut_back(self, position: Mapping[str, int]) -> None:
        for name, out in self._files.items():
            size = position[name]
            if out.seek(0, os.SEEK_END) < size:
                raise ValueError(f"{self._names[name]} is shorter than it was written")
            out.truncate(size)
            os.fsync(out.fileno())

    def sync(self) -> None:
        for name in sorted(self._dirty):
            out = self._files[name]
            out.flush()
            os.fsync(out.fileno())
        self._dirty.clear()

    def close(self) -> None:
        for out in self._files.values():
            out.close()


class _JsonLinesWriter(_FileWriter):
    def append(self, kind: Kind, lines: Iterable[str]) -> int:
        out = self._files[kind.name]
        count = 0
        for line in lines:
            out.write(line.encode() + b"\n")
            count += 1
        self._dirty.add(kind.name)
        return count


def cell(value: object) -> object:
    """A record's value as a CSV cell or an SQLite value: nested values as JSON text."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, separators=(",", ":"))
    return value


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(cell(value))


class _CsvWriter(_FileWriter):
    def __init__(self, directory: Path, export_format: Format, kinds: tuple[Kind, ...]) -> None:
        self._columns = {kind.name: columns(kind, kinds) for kind in kinds}
        super().__init__(directory, export_format, kinds)

    def _rows(self, out: BinaryIO, rows: Iterable[list[str]]) -> int:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        count = 0
        for row in rows:
            writer.writerow(row)
            count += 1
            if buffer.tell() > 1 << 16:
                out.write(buffer.getvalue().encode())
                buffer.seek(0)
                buffer.truncate()
        out.write(buffer.getvalue().encode())
        return count

    def _start(self, kind: Kind, out: BinaryIO) -> None:
        self._rows(out, [list(self._columns[kind.name])])
        self._dirty.add(kind.name)

    def append(self, kind: Kind, lines: Iterable[str]) -> int:
        names = self._columns[kind.name]

        def rows() -> Iterable[list[str]]:
            for line in lines:
                record: Record = json.loads(line)
                yield [_csv_cell(record.get(name)) for name in names]

        self._dirty.add(kind.name)
        return self._rows(self._files[kind.name], rows())


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _SqliteWriter(Writer):
    """One table per kind in one database; positions are row ids.

    Rows are appended in one transaction up to each :meth:`sync`, so a kill loses the
    transaction under way and nothing else. Without AUTOINCREMENT a new row's id is one
    more than the largest, so rows appended again after a cut get the same ids.
    """

    def __init__(self, directory: Path, kinds: tuple[Kind, ...]) -> None:
        path = directory / SQLITE_FILE
        create_private(path)  # SQLite gives its journal the database's mode
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA synchronous = FULL")  # a commit is durable when it returns
        self._kinds = kinds
        self._columns = {kind.name: columns(kind, kinds) for kind in kinds}
        self._in_transaction = False
        for kind in kinds:
            types = sql_types(kind, kinds)
            definition = ", ".join(f"{_quoted(name)} {types[name]}" for name in types)
            self._db.execute(f"CREATE TABLE IF NOT EXISTS {_quoted(kind.name)} ({definition})")

    def position(self) -> dict[str, int]:
        position: dict[str, int] = {}
        for kind in self._kinds:
            (last,) = self._db.execute(
                f"SELECT coalesce(max(rowid), 0) FROM {_quoted(kind.name)}"  # noqa: S608 - our table names
            ).fetchone()
            position[kind.name] = int(last)
        return position

    def cut_back(self, position: Mapping[str, int]) -> None:
        current = self.position()
        for kind in self._kinds:
            if current[kind.name] < position[kind.name]:
                raise ValueError(f"table {kind.name} of {SQLITE_FILE} has fewer rows than written")
        self._begin()
        for kind in self._kinds:
            self._db.execute(
                f"DELETE FROM {_quoted(kind.name)} WHERE rowid > ?",  # noqa: S608 - our table names
                (position[kind.name],),
            )
        self.sync()

    def _begin(self) -> None:
        if not self._in_transaction:
            self._db.execute("BEGIN")
            self._in_transaction = True

    def append(self, kind: Kind, lines: Iterable[str]) -> int:
        names = self._columns[kind.name]
        placeholders = ", ".join("?" for _ in names)
        statement = (
            f"INSERT INTO {_quoted(kind.name)} ({', '.join(map(_quoted, names))})"  # noqa: S608 - our names
            f" VALUES ({placeholders})"
        )
        self._begin()
        count = 0

        def rows() -> Iterable[tuple[Any, ...]]:
            nonlocal count
            for line in lines:
                record: Record = json.loads(line)
                count += 1
                yield tuple(cell(record.get(name)) for name in names)

        self._db.executemany(statement, rows())
        return count

    def sync(self) -> None:
        if self._in_transaction:
            self._db.execute("COMMIT")
            self._in_transaction = False

    def close(self) -> None:
        self._db.close()


def open_writer(directory: Path, export_format: Format, kinds: tuple[Kind, ...]) -> Writer:
    """Open (or create) the files or database of an export."""
    if export_format == "jsonl":
        return _JsonLinesWriter(directory, export_format, kinds)
    if export_format == "csv":
        return _CsvWriter(directory, export_format, kinds)
    return _SqliteWriter(directory, kinds)
