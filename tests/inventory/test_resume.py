"""An export stopped part-way continues exactly; the directory is checked before anything."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from chime_accounts import UnauthorizedError, ValidationError
from chime_accounts.inventory import ExportDirectoryError, ExportProgress, export
from chime_accounts.testing import Fault

from .conftest import STATE, data_files, tree

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from chime_accounts import ChimeAccounts
    from chime_accounts.testing import LocalChime


class _Stop(KeyboardInterrupt):
    """Raised by a progress callback to stop an export, as Ctrl-C would."""


def stop_after(reports: int) -> Callable[[ExportProgress], None]:
    seen = 0

    def on_progress(_progress: ExportProgress) -> None:
        nonlocal seen
        seen += 1
        if seen == reports:
            raise _Stop

    return on_progress


def sqlite_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    import sqlite3

    db = sqlite3.connect(path)
    try:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            table: db.execute(f'SELECT rowid, * FROM "{table}" ORDER BY rowid').fetchall()  # noqa: S608 - our table names
            for table in tables
        }
    finally:
        db.close()


def same_export(resumed: Path, uninterrupted: Path, export_format: str) -> None:
    """The exported data is identical: byte for byte, or row for row for SQLite."""
    if export_format == "sqlite":
        assert sqlite_rows(resumed / "inventory.sqlite") == sqlite_rows(
            uninterrupted / "inventory.sqlite"
        )
    else:
        assert data_files(resumed) == data_files(uninterrupted)
    ours, theirs = (json.loads((d / "manifest.json").read_text()) for d in (resumed, uninterrupted))
    for member in ("counts", "complete", "accounts", "failures", "files", "kinds"):
        assert ours[member] == theirs[member], member
    assert not (resumed / STATE).exists()


class TestResumption:
    """Stopped anywhere, the same call continues and ends with the same records."""

    @pytest.mark.parametrize(
        ("export_format", "reports"), [("jsonl", 1), ("csv", 4), ("sqlite", 9), ("jsonl", 12)]
    )
    def test_stopped_then_continued(
        self, chime: ChimeAccounts, tmp_path: Path, export_format: Any, reports: int
    ) -> None:
        options: dict[str, Any] = {"format": export_format, "with_user_settings": True}
        export(chime, tmp_path / "whole", **options)

        with pytest.raises(_Stop):
            export(
                chime, tmp_path / "out", concurrency=2, on_progress=stop_after(reports), **options
            )
        assert (tmp_path / "out" / STATE / "state.json").exists()
        summary = export(chime, tmp_path / "out", **options)

        assert summary.resumed
        assert summary.complete
        same_export(tmp_path / "out", tmp_path / "whole", export_format)

    @pytest.mark.parametrize("export_format", ["jsonl", "sqlite"])
    def test_stopped_inside_a_spooled_account(
        self, chime: ChimeAccounts, tmp_path: Path, export_format: Any
    ) -> None:
        options: dict[str, Any] = {"format": export_format, "with_user_settings": True}
        export(chime, tmp_path / "whole", **options)
        spool = tmp_path / "out" / STATE / "spool"

        def stop_once_spooled(_progress: ExportProgress) -> None:
            if any(spool.glob("*/checkpoint.json")):
                raise _Stop

        with pytest.raises(_Stop):
            export(chime, tmp_path / "out", on_progress=stop_once_spooled, **options)
        (checkpoint,) = spool.glob("*/checkpoint.json")
        assert json.loads(checkpoint.read_text())["token"]
        summary = export(chime, tmp_path / "out", **options)

        assert summary.resumed
        same_export(tmp_path / "out", tmp_path / "whole", export_format)

    def test_a_half_written_line_is_cut_off(self, chime: ChimeAccounts, tmp_path: Path) -> None:
        export(chime, tmp_path / "whole")
        with pytest.raises(_Stop):
            export(chime, tmp_path / "out", concurrency=1, on_progress=stop_after(6))
        with (tmp_path / "out" / "users.jsonl").open("ab") as users:
            users.write(b'{"UserId":"half a li')

        export(chime, tmp_path / "out")

        same_export(tmp_path / "out", tmp_path / "whole", "jsonl")

    def test_stopped_by_an_error_every_request_would_meet(
        self, server: LocalChime, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        export(chime, tmp_path / "whole", with_user_settings=True)
        server.inject(Fault.error("GetUserSettings", 401, after=30, count=1000))

        with pytest.raises(UnauthorizedError):
            export(chime, tmp_path / "out", with_user_settings=True)
        manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
        assert (manifest["finished"], manifest["complete"]) == (None, False)
        server.clear_faults()
        summary = export(chime, tmp_path / "out", with_user_settings=True)

        assert summary.resumed
        same_export(tmp_path / "out", tmp_path / "whole", "jsonl")

    def test_stopped_while_selecting_starts_the_selection_again(
        self, server: LocalChime, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        export(chime, tmp_path / "whole")
        server.inject(Fault.error("ListAccounts", 401))

        with pytest.raises(UnauthorizedError):
            export(chime, tmp_path / "out", concurrency=1)
        state = json.loads((tmp_path / "out" / STATE / "state.json").read_text())
        assert not state["listed"]
        # As if killed while a page of accounts was being staged.
        with (tmp_path / "out" / STATE / "accounts.jsonl").open("ab") as staged:
            staged.write(b'{"AccountId":"a-staged-account"}\n{"AccountId":"half')
        export(chime, tmp_path / "out")

        same_export(tmp_path / "out", tmp_path / "whole", "jsonl")

    def test_a_finished_export_is_left_as_it_is(
        self, server: LocalChime, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        first = export(chime, tmp_path)
        before = tree(tmp_path)
        sent = len(server.requests)

        again = export(chime, tmp_path)

        assert again.already_finished
        assert (again.counts, again.finished) == (first.counts, first.finished)
        assert tree(tmp_path) == before
        assert len(server.requests) == sent

    def test_restart_exports_again(self, chime: ChimeAccounts, tmp_path: Path) -> None:
        with pytest.raises(_Stop):
            export(chime, tmp_path / "out", format="csv", on_progress=stop_after(3))
        export(chime, tmp_path / "whole")

        summary = export(chime, tmp_path / "out", restart=True)

        assert not summary.resumed
        assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
            p.name for p in (tmp_path / "whole").iterdir()
        )
        same_export(tmp_path / "out", tmp_path / "whole", "jsonl")


class TestDirectory:
    """A directory holding anything but this export is refused and left untouched."""

    def test_unrelated_files_are_refused(self, chime: ChimeAccounts, tmp_path: Path) -> None:
        (tmp_path / "notes.txt").write_text("mine")
        (tmp_path / "accounts.jsonl").write_text("not an export's\n")
        before = tree(tmp_path)

        for restart in (False, True):
            with pytest.raises(ExportDirectoryError, match=r"holds no export \(accounts.jsonl"):
                export(chime, tmp_path, restart=restart)

        assert tree(tmp_path) == before

    def test_an_export_with_other_arguments_is_refused_unless_restarted(
        self, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        export(chime, tmp_path, name="Big")
        before = tree(tmp_path)

        others: list[dict[str, Any]] = [
            {"name": None},
            {"format": "csv", "name": "Big"},
            {"name": "Big", "with_user_settings": True},
        ]
        for other in others:
            with pytest.raises(ExportDirectoryError, match="other arguments") as raised:
                export(chime, tmp_path, **other)
            assert raised.value.restart_discards
            assert isinstance(raised.value, ValidationError)
        assert tree(tmp_path) == before

        summary = export(chime, tmp_path, format="csv", restart=True)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [*(f"{path.stem}.csv" for path in summary.files), "manifest.json"]
        )
        assert "user_settings.csv" not in {path.name for path in summary.files}
        assert summary.complete

    def test_an_export_beside_other_files_is_refused_even_restarted(
        self, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        export(chime, tmp_path)
        (tmp_path / "report.pdf").write_bytes(b"%PDF")
        before = tree(tmp_path)

        for restart in (False, True):
            with pytest.raises(ExportDirectoryError, match=r"not its export's \(report.pdf\)"):
                export(chime, tmp_path, restart=restart)

        assert tree(tmp_path) == before

    def test_a_manifest_of_something_else_is_refused(
        self, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        (tmp_path / "manifest.json").write_text('{"name": "my web app"}')

        with pytest.raises(ExportDirectoryError, match="not an export's"):
            export(chime, tmp_path, restart=True)

    def test_a_partial_export_changed_since_is_refused(
        self, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        with pytest.raises(_Stop):
            export(chime, tmp_path, concurrency=1, on_progress=stop_after(12))
        accounts = tmp_path / "accounts.jsonl"
        accounts.write_bytes(accounts.read_bytes()[:10])
        before = tree(tmp_path)

        with pytest.raises(ExportDirectoryError, match=r"accounts\.jsonl was changed"):
            export(chime, tmp_path)

        assert tree(tmp_path) == before

    def test_a_file_is_not_a_directory(self, chime: ChimeAccounts, tmp_path: Path) -> None:
        (tmp_path / "out").write_text("")

        with pytest.raises(ExportDirectoryError, match="is not a directory"):
            export(chime, tmp_path / "out")

    def test_an_empty_directory_is_used_as_it_is(
        self, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        (tmp_path / "out").mkdir(mode=0o755)
        (tmp_path / "out").chmod(0o755)

        export(chime, tmp_path / "out")

        assert (tmp_path / "out").stat().st_mode & 0o777 == 0o755
