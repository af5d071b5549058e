"""``manifest.json``, what an export is (its identity), and whether a directory may take it.

The manifest is written when an export starts (``finished`` null, ``complete`` false),
when a run stops, and when the export is finished. It names the export's arguments and
its files, so a later run can tell its own export (continued), the same tool's export
with other arguments (refused, or discarded on restart) and anything else (refused).
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, Any, Union, cast

import attrs

from .. import __version__
from ..exceptions import ValidationError
from ._checkpoint import STATE_DIRECTORY, State
from ._files import read_json, sync_directory
from ._writers import FORMATS, sidecar_files

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from pathlib import Path

__all__ = [
    "MANIFEST",
    "Continue",
    "ExportDirectoryError",
    "Finished",
    "Start",
    "discard",
    "inspect_directory",
    "make_manifest",
]

MANIFEST = "manifest.json"
_MANIFEST_TEMPORARY = f".{MANIFEST}.tmp"
_TOOL = "chime_accounts.inventory"
_MANIFEST_VERSION = 1


class ExportDirectoryError(ValidationError):
    """The directory cannot take this export; it was left untouched.

    It holds files that are not an export's, another export (other arguments, another
    version, files changed since), or is not a directory. A
    [`ValidationError`][chime_accounts.ValidationError]: raised before any request.

    Attributes:
        directory: The directory.
        reason: Why it was refused.
        restart_discards: Whether ``restart=True`` (``--restart``) would discard what is
            there and start again: true when it holds only an export's files.
    """

    def __init__(self, directory: Path, reason: str, *, restart_discards: bool = False) -> None:
        super().__init__("directory", f"{directory} {reason}; it was left untouched")
        self.directory = directory
        self.reason = reason
        self.restart_discards = restart_discards


@attrs.frozen
class Start:
    """Start a new export, after removing ``discard`` (the names of an earlier one's files).

    Attributes:
        create: Whether the directory is to be created.
        discard: The names in the directory to remove first.
    """

    create: bool
    discard: tuple[str, ...] = ()


@attrs.frozen
class Continue:
    """Continue the partial export whose checkpoint is ``state``."""

    state: State


@attrs.frozen
class Finished:
    """The directory holds this export, finished: nothing to do."""

    manifest: dict[str, Any]


Decision = Union[Start, Continue, Finished]  # noqa: UP007 - a runtime alias on Python 3.10


def make_manifest(
    identity: Mapping[str, Any],
    files: Iterable[str],
    *,
    started: str,
    finished: str | None,
    accounts: int | None,
    counts: Mapping[str, int],
    failures: list[dict[str, Any]],
) -> dict[str, Any]:
    """The manifest of an export; ``complete`` when finished without failures."""
    return {
        "tool": _TOOL,
        "manifest_version": _MANIFEST_VERSION,
        "version": __version__,
        "format": identity["format"],
        "filters": {"name": identity["name"], "account_ids": identity["account_ids"]},
        "with_user_settings": identity["with_user_settings"],
        "kinds": list(identity["kinds"]),
        "files": list(files),
        "started": started,
        "finished": finished,
        "complete": finished is not None and not failures,
        "accounts": accounts,
        "counts": dict(counts),
        "failures": failures,
    }


def _identity_of(manifest: Mapping[str, Any]) -> dict[str, Any]:
    filters = cast("dict[str, Any]", manifest["filters"])
    return {
        "format": manifest["format"],
        "name": filters["name"],
        "account_ids": filters["account_ids"],
        "with_user_settings": manifest["with_user_settings"],
        "kinds": manifest["kinds"],
    }


def _read_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest at ``path`` if this tool wrote it, else None."""
    try:
        data = read_json(path)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    manifest = cast("dict[str, Any]", data)
    try:
        well_formed = (
            manifest["tool"] == _TOOL
            and manifest["manifest_version"] == _MANIFEST_VERSION
            and manifest["format"] in FORMATS
            and all(isinstance(name, str) and "/" not in name for name in manifest["files"])
            and isinstance(manifest["filters"], dict)
            and isinstance(manifest["kinds"], list)
        )
        _identity_of(manifest)
    except (KeyError, TypeError):
        return None
    return manifest if well_formed else None


def _names(names: Iterable[str], most: int = 5) -> str:
    listed = sorted(names)
    shown = ", ".join(listed[:most])
    return shown + (f" and {len(listed) - most} more" if len(listed) > most else "")


def _describe(identity: Mapping[str, Any]) -> str:
    parts = [f"format {identity['format']}"]
    if identity["name"] is not None:
        parts.append(f"name {identity['name']!r}")
    if identity["account_ids"] is not None:
        parts.append(f"{len(identity['account_ids'])} account ids")
    parts.append("with user settings" if identity["with_user_settings"] else "no user settings")
    return ", ".join(parts)


def inspect_directory(directory: Path, identity: Mapping[str, Any], *, restart: bool) -> Decision:
    """Decide what to do with ``directory``, changing nothing.

    Raises:
        ExportDirectoryError: The directory cannot take this export.
    """
    if not directory.exists():
        return Start(create=True)
    if not directory.is_dir():
        raise ExportDirectoryError(directory, "is not a directory")
    names = {child.name for child in directory.iterdir()}
    if MANIFEST not in names:
        others = names - {_MANIFEST_TEMPORARY}
        if others:
            raise ExportDirectoryError(
                directory, f"is not empty and holds no export ({_names(others)})"
            )
        return Start(create=False, discard=tuple(sorted(names)))
    manifest = _read_manifest(directory / MANIFEST)
    if manifest is None:
        raise ExportDirectoryError(directory, f"holds a {MANIFEST} that is not an export's")
    ours = {
        MANIFEST,
        _MANIFEST_TEMPORARY,
        STATE_DIRECTORY,
        *manifest["files"],
        *sidecar_files(manifest["format"]),
    }
    others = names - ours
    if others:
        raise ExportDirectoryError(
            directory, f"holds files that are not its export's ({_names(others)})"
        )
    present = tuple(sorted(names & ours))
    if restart:
        return Start(create=False, discard=present)
    theirs = _identity_of(manifest)
    if {**theirs, "kinds": None} == {**identity, "kinds": None} and theirs != dict(identity):
        raise ExportDirectoryError(
            directory,
            f"holds an export of other kinds ({', '.join(theirs['kinds'])}), made by another"
            " version",
            restart_discards=True,
        )
    if theirs != dict(identity):
        raise ExportDirectoryError(
            directory,
            f"holds an export with other arguments ({_describe(theirs)}); give the same"
            " arguments to continue it",
            restart_discards=True,
        )
    if manifest["finished"] is not None:
        return Finished(manifest)
    if not (directory / STATE_DIRECTORY / "state.json").exists():
        # Stopped after its manifest was written and before its first checkpoint.
        return Start(create=False, discard=present)
    state = State.load(directory)
    if state is None or state.data["identity"] != dict(identity):
        raise ExportDirectoryError(
            directory,
            "holds a partial export whose checkpoint this version cannot continue",
            restart_discards=True,
        )
    return Continue(state)


def discard(directory: Path, names: Iterable[str]) -> None:
    """Remove an earlier export's files: its data and checkpoint first, its manifest last.

    Stopped part-way, what is left is still recognisably the export's.
    """
    ordered = sorted(names, key=lambda name: name == MANIFEST)
    for name in ordered:
        path = directory / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    sync_directory(directory)
