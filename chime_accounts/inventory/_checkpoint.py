"""The checkpoint of a partial export, in a hidden directory inside the export's.

``state.json`` says how far the export got: the accounts selected (staged in
``accounts.jsonl``, in listing order), how many of them are committed, where each
exported file ended when they were, and the failures so far (``failures.jsonl``). It is
replaced atomically, and only once what it points to is durable.

An account too big to fetch at once is spooled to ``spool/<index>/`` a page at a time:
its records so far, one JSON lines file per kind, and ``checkpoint.json`` with the
listing's resume token and the spool files' sizes, so a kill costs at most one page.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from typing import TYPE_CHECKING, Any, cast

import attrs

from ._files import make_directory, open_append, read_json, sync_directory, write_json_atomically

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path

__all__ = ["FAILURES", "STATE_DIRECTORY", "Buffer", "Resume", "Spool", "State"]

STATE_DIRECTORY = ".chime-accounts-export"
#: The buffer and spool entry of the failures, beside the kinds.
FAILURES = "failures"
_STATE_VERSION = 1


class Buffer:
    """The records and failures of one account not yet written anywhere, as JSON lines."""

    def __init__(self) -> None:
        self.lines: dict[str, list[str]] = {}

    def add(self, name: str, line: str) -> None:
        """Add the line of a record of kind ``name`` (or of a failure, :data:`FAILURES`)."""
        self.lines.setdefault(name, []).append(line)

    def clear(self) -> None:
        """Forget every line (once written)."""
        self.lines.clear()


@attrs.frozen(kw_only=True)
class Resume:
    """Where a spooled account continues: at a step of its walk, from a listing's token.

    Attributes:
        step: The index of the kind being listed, among the kinds fetched per account.
        token: The listing's resume token.
    """

    step: int
    token: str


class Spool:
    """The records fetched so far of one account being exported, on disk.

    Only the thread (or task) exporting the account touches its spool, until the account
    is committed and the spool removed.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._sizes: dict[str, int] = {}
        self._checkpointed = False

    def load(self) -> Resume | None:
        """Return where the account continues, cutting its files back to the checkpoint.

        A spool without a checkpoint (killed before its first one) is removed.
        """
        checkpoint = self.path / "checkpoint.json"
        if not checkpoint.exists():
            self.remove()
            return None
        data = cast("dict[str, Any]", read_json(checkpoint))
        self._sizes = {str(name): int(size) for name, size in data["sizes"].items()}
        for child in self.path.iterdir():
            if child.suffix == ".jsonl" and child.stem not in self._sizes:
                child.unlink()
        for name, size in self._sizes.items():
            with open_append(self.path / f"{name}.jsonl") as out:
                out.truncate(size)
        self._checkpointed = True
        return Resume(step=int(data["step"]), token=str(data["token"]))

    @property
    def saved(self) -> bool:
        """Whether the spool holds a checkpoint (loaded or saved): lines to commit."""
        return self._checkpointed

    def save(self, buffer: Buffer, resume: Resume) -> None:
        """Append the buffer's lines, make them durable, then record the checkpoint."""
        if not self.path.exists():
            make_directory(self.path)
        sizes = dict(self._sizes)
        for name, lines in buffer.lines.items():
            with open_append(self.path / f"{name}.jsonl") as out:
                out.write("".join(line + "\n" for line in lines).encode())
                out.flush()
                os.fsync(out.fileno())
                sizes[name] = out.tell()
        write_json_atomically(
            self.path / "checkpoint.json",
            {"step": resume.step, "token": resume.token, "sizes": sizes},
        )
        self._sizes = sizes
        self._checkpointed = True
        buffer.clear()

    def lines(self, name: str) -> Iterator[str]:
        """The lines saved of kind ``name`` (or of the failures), up to the checkpoint."""
        size = self._sizes.get(name, 0)
        if not size:
            return
        with (self.path / f"{name}.jsonl").open("rb") as source:
            read = 0
            for raw in source:
                read += len(raw)
                if read > size:
                    return
                yield raw.decode().removesuffix("\n")

    def remove(self) -> None:
        """Remove the spool."""
        shutil.rmtree(self.path, ignore_errors=True)


class State:
    """The checkpoint of a partial export: ``state.json`` and the files beside it.

    Args:
        directory: The export's directory.
        data: The contents of ``state.json``.
    """

    def __init__(self, directory: Path, data: dict[str, Any]) -> None:
        self.path = directory / STATE_DIRECTORY
        self.data = data

    @classmethod
    def create(
        cls, directory: Path, identity: Mapping[str, Any], started: str, position: dict[str, int]
    ) -> State:
        """Create the checkpoint of a new export, nothing selected yet."""
        path = directory / STATE_DIRECTORY
        shutil.rmtree(path, ignore_errors=True)
        make_directory(path)
        make_directory(path / "spool")
        state = cls(
            directory,
            {
                "state_version": _STATE_VERSION,
                "identity": dict(identity),
                "started": started,
                "listed": False,
                "selected": None,
                "done": 0,
                "next_offset": 0,
                "position": position,
                "failures_size": 0,
                "failures": 0,
                "counts": dict.fromkeys(position, 0),
            },
        )
        state.save()
        return state

    @classmethod
    def load(cls, directory: Path) -> State | None:
        """Read the checkpoint; None if there is none or it is of another version."""
        try:
            data = read_json(directory / STATE_DIRECTORY / "state.json")
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict):
            return None
        state = cast("dict[str, Any]", data)
        if state.get("state_version") != _STATE_VERSION:
            return None
        return cls(directory, state)

    def save(self) -> None:
        """Replace ``state.json`` atomically with :attr:`data`."""
        write_json_atomically(self.path / "state.json", self.data)

    @property
    def staged(self) -> Path:
        """The selected accounts, one JSON record a line, in listing order."""
        return self.path / "accounts.jsonl"

    @property
    def failures(self) -> Path:
        """The failures committed so far, one JSON record a line."""
        return self.path / "failures.jsonl"

    def spool(self, index: int) -> Spool:
        """The spool of the account at ``index`` in the selection."""
        return Spool(self.path / "spool" / str(index))

    def spooled_indexes(self) -> list[int]:
        """The indexes of the accounts that have a spool."""
        found: list[int] = []
        with contextlib.suppress(FileNotFoundError):
            found.extend(int(child.name) for child in (self.path / "spool").iterdir())
        return sorted(found)

    def staged_accounts(self) -> Iterator[tuple[int, int, dict[str, Any]]]:
        """The selected accounts not committed yet, read lazily.

        Yields:
            Each account's index in the selection, the offset of the next account's line
            in the staged file, and the account's record.
        """
        index = int(self.data["done"])
        offset = int(self.data["next_offset"])
        with self.staged.open("rb") as source:
            source.seek(offset)
            for raw in source:
                offset += len(raw)
                yield index, offset, cast("dict[str, Any]", json.loads(raw))
                index += 1

    def remove(self) -> None:
        """Remove the checkpoint (once the export is finished)."""
        shutil.rmtree(self.path, ignore_errors=True)
        sync_directory(self.path.parent)
