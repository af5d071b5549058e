"""Files made readable by their owner only, written whole or not at all, and made durable."""

from __future__ import annotations

import contextlib
import json
import os
from typing import TYPE_CHECKING, Any, BinaryIO, cast

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "DIRECTORY_MODE",
    "FILE_MODE",
    "create_private",
    "make_directory",
    "open_append",
    "read_json",
    "sync_directory",
    "write_json_atomically",
]

#: Exported files hold emails, names and phone numbers: readable by their owner only.
FILE_MODE = 0o600
DIRECTORY_MODE = 0o700


def make_directory(path: Path) -> None:
    """Create a directory readable by its owner only (its missing parents as usual)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.mkdir(mode=DIRECTORY_MODE)
    sync_directory(path.parent)


def create_private(path: Path) -> None:
    """Create an empty file of mode 0600 if there is none."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    os.close(fd)


def open_append(path: Path) -> BinaryIO:
    """Open a file of mode 0600 for appending, creating it if need be."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    return cast("BinaryIO", os.fdopen(fd, "ab"))


def sync_directory(path: Path) -> None:
    """Make the names created, renamed or removed in a directory durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_json_atomically(path: Path, data: object) -> None:
    """Replace ``path`` with the JSON of ``data``: after a crash it is the old or the new."""
    temporary = path.with_name(f".{path.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=2)
        out.write("\n")
        out.flush()
        os.fsync(out.fileno())
    temporary.replace(path)
    sync_directory(path.parent)


def read_json(path: Path) -> Any:  # noqa: ANN401 - JSON of any shape; callers check it
    """Read a JSON file."""
    with path.open(encoding="utf-8") as source:
        return json.load(source)
