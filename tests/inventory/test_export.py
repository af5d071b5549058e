"""export() and aexport(): records, formats, the manifest, failures, filters, permissions."""

from __future__ import annotations

import asyncio
import csv
import gc
import io
import json
import sqlite3
import stat
from typing import TYPE_CHECKING, Any

import attrs
import pytest

from chime_accounts import (
    Account,
    AccountSettings,
    AsyncChimeAccounts,
    Bot,
    ChimeAccounts,
    Room,
    RoomMembership,
    User,
    UserSettings,
    ValidationError,
    __version__,
)
from chime_accounts.inventory import ExportProgress, aexport, export
from chime_accounts.inventory import _kinds as inventory_kinds
from chime_accounts.testing import Fault, LocalChime

from .conftest import BIG, NO_WAIT, STATE, add_big_account, data_files, read_jsonl

if TYPE_CHECKING:
    from pathlib import Path

#: Every kind, in the order of the table; and those of an export without user settings.
KINDS = [kind.name for kind in inventory_kinds.KINDS]
WITHOUT_USER_SETTINGS = [kind for kind in KINDS if kind != "user_settings"]
#: The kinds of the chat contents, which exist in Enterprise accounts only.
CHAT = ["retention_settings", "rooms", "room_memberships", "bots", "events_configurations"]


def without(record: dict[str, Any], *members: str) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key not in members}


class TestRecords:
    """Each record is its model's to_dict(mode="json"), owning ids added, in service order."""

    def test_every_kind_round_trips_through_its_model(
        self, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        summary = export(chime, tmp_path / "out", with_user_settings=True)

        out = tmp_path / "out"
        accounts = list(chime.list_accounts())
        assert [Account.from_dict(r) for r in read_jsonl(out / "accounts.jsonl")] == accounts
        settings = read_jsonl(out / "account_settings.jsonl")
        assert [r["AccountId"] for r in settings] == [a.account_id for a in accounts]
        assert [AccountSettings.from_dict(without(r, "AccountId")) for r in settings] == [
            chime.get_account_settings(a.account_id) for a in accounts
        ]
        users = [user for a in accounts for user in chime.list_users(a.account_id)]
        assert [User.from_dict(r) for r in read_jsonl(out / "users.jsonl")] == users
        user_settings = read_jsonl(out / "user_settings.jsonl")
        assert [(r["AccountId"], r["UserId"]) for r in user_settings] == [
            (u.account_id, u.user_id) for u in users
        ]
        assert [
            UserSettings.from_dict(without(r, "AccountId", "UserId")) for r in user_settings
        ] == [chime.get_user_settings(str(u.account_id), u.user_id) for u in users]
        assert summary.complete
        assert summary.counts == {
            "accounts": len(accounts),
            "account_settings": len(accounts),
            "users": len(users),
            "user_settings": len(users),
        } | {kind: len(read_jsonl(out / f"{kind}.jsonl")) for kind in CHAT}
        assert len(users) > BIG  # the big account's pages and the sample's users

    def test_a_line_is_the_models_json_with_the_owning_ids_it_lacks_first(
        self, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        export(chime, tmp_path, with_user_settings=True)

        account = next(iter(chime.list_accounts()))
        first_user = next(
            user for a in chime.list_accounts() for user in chime.list_users(a.account_id)
        )
        lines = {
            kind: (tmp_path / f"{kind}.jsonl").read_text().splitlines()[0]
            for kind in ("accounts", "users", "account_settings", "user_settings")
        }
        assert lines["accounts"] == account.to_json()
        assert lines["users"] == first_user.to_json()
        assert lines["account_settings"].startswith(f'{{"AccountId":"{account.account_id}",')
        assert lines["user_settings"].startswith(
            f'{{"AccountId":"{first_user.account_id}","UserId":"{first_user.user_id}",'
        )

    def test_without_user_settings_there_is_no_such_kind(
        self, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        summary = export(chime, tmp_path)

        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [*(f"{kind}.jsonl" for kind in WITHOUT_USER_SETTINGS), "manifest.json"]
        )
        assert list(summary.counts) == WITHOUT_USER_SETTINGS

    def test_an_empty_fleet_gives_empty_files(self, tmp_path: Path) -> None:
        with LocalChime() as empty, empty.chime_accounts(retry=NO_WAIT) as chime:
            summary = export(chime, tmp_path / "out")

        assert summary.complete
        assert summary.accounts == 0
        assert data_files(tmp_path / "out") == dict.fromkeys(
            sorted(f"{kind}.jsonl" for kind in WITHOUT_USER_SETTINGS), b""
        )


def _csv_records(path: Path) -> list[dict[str, Any]]:
    """Read a CSV file back into JSON records: JSON cells for nested values."""
    records: list[dict[str, Any]] = []
    for row in csv.DictReader(io.StringIO(path.read_text())):
        record: dict[str, Any] = {}
        for column, cell in row.items():
            if cell == "":
                continue
            if cell in {"true", "false"}:
                record[column] = cell == "true"
            elif cell[:1] in {"[", "{"}:
                record[column] = json.loads(cell)
            else:
                record[column] = cell
        records.append(record)
    return records


def _sqlite_records(path: Path, table: str) -> list[dict[str, Any]]:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    try:
        rows = db.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()  # noqa: S608 - our table names
        types = {row[1]: row[2] for row in db.execute(f'PRAGMA table_info("{table}")')}
    finally:
        db.close()
    records: list[dict[str, Any]] = []
    for row in rows:
        record: dict[str, Any] = {}
        for column in row.keys():  # noqa: SIM118 - sqlite3.Row is not a mapping
            value = row[column]
            if value is None:
                continue
            if types[column] == "INTEGER":
                value = bool(value)
            elif isinstance(value, str) and value[:1] in {"[", "{"}:
                value = json.loads(value)
            record[column] = value
        records.append(record)
    return records


class TestChatContents:
    """Rooms, their members, bots and their events, retention: records of their models."""

    def test_each_chat_kind_round_trips(self, chime: ChimeAccounts, tmp_path: Path) -> None:
        export(chime, tmp_path)

        enterprise = [
            a.account_id
            for a in chime.list_accounts()
            if str(a.account_type or "").startswith("Enterprise")
        ]
        rooms = [room for a in enterprise for room in chime.list_rooms(a)]
        bots = [bot for a in enterprise for bot in chime.list_bots(a)]
        memberships = [
            m
            for a in enterprise
            for r in chime.list_rooms(a)
            for m in chime.list_room_memberships(a, str(r.room_id))
        ]
        assert rooms
        assert bots
        assert [Room.from_dict(r) for r in read_jsonl(tmp_path / "rooms.jsonl")] == rooms
        assert [
            RoomMembership.from_dict(r) for r in read_jsonl(tmp_path / "room_memberships.jsonl")
        ] == memberships
        exported_bots = read_jsonl(tmp_path / "bots.jsonl")
        assert [Bot.from_dict(without(r, "AccountId")) for r in exported_bots] == [
            attrs.evolve(bot, security_token=None) for bot in bots
        ]
        assert all("SecurityToken" not in r for r in exported_bots)  # a credential
        retention = read_jsonl(tmp_path / "retention_settings.jsonl")
        assert [r["AccountId"] for r in retention] == enterprise


class TestFormats:
    """CSV and SQLite hold the same records as JSON Lines, one column per member."""

    @pytest.fixture
    def jsonl(self, chime: ChimeAccounts, tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
        export(chime, tmp_path / "jsonl", with_user_settings=True)
        return {kind: read_jsonl(tmp_path / "jsonl" / f"{kind}.jsonl") for kind in KINDS}

    def test_csv_has_a_file_per_kind_with_the_same_records(
        self, chime: ChimeAccounts, tmp_path: Path, jsonl: dict[str, list[dict[str, Any]]]
    ) -> None:
        summary = export(chime, tmp_path / "csv", format="csv", with_user_settings=True)

        assert [path.name for path in summary.files] == [f"{kind}.csv" for kind in KINDS]
        for kind in KINDS:
            assert _csv_records(tmp_path / "csv" / f"{kind}.csv") == jsonl[kind], kind
        header = (tmp_path / "csv" / "user_settings.csv").read_text().splitlines()[0]
        assert header == "AccountId,UserId,Telephony"
        header = (tmp_path / "csv" / "accounts.csv").read_text().splitlines()[0]
        assert header.split(",")[:3] == ["AwsAccountId", "AccountId", "Name"]

    def test_sqlite_has_a_table_per_kind_with_the_same_records(
        self, chime: ChimeAccounts, tmp_path: Path, jsonl: dict[str, list[dict[str, Any]]]
    ) -> None:
        summary = export(chime, tmp_path / "db", format="sqlite", with_user_settings=True)

        database = tmp_path / "db" / "inventory.sqlite"
        assert summary.files == (database,)
        assert sorted(p.name for p in (tmp_path / "db").iterdir()) == [
            "inventory.sqlite",
            "manifest.json",
        ]
        for kind in KINDS:
            assert _sqlite_records(database, kind) == jsonl[kind], kind

    def test_sqlite_can_be_queried_across_kinds(self, chime: ChimeAccounts, tmp_path: Path) -> None:
        export(chime, tmp_path, format="sqlite", with_user_settings=True)

        db = sqlite3.connect(tmp_path / "inventory.sqlite")
        try:
            (count,) = db.execute(
                "SELECT count(*) FROM users JOIN accounts USING (AccountId)"
                " JOIN user_settings USING (AccountId, UserId)"
                " WHERE accounts.Name = 'Big Co' AND json_extract(user_settings.Telephony, '$.SMS')"
            ).fetchone()
        finally:
            db.close()
        assert count == BIG


class TestManifest:
    """manifest.json: version, filters, times, counts, completeness, failures."""

    def test_a_complete_export(self, chime: ChimeAccounts, tmp_path: Path) -> None:
        summary = export(chime, tmp_path, name="Big", with_user_settings=True)

        manifest = json.loads((tmp_path / "manifest.json").read_text())
        assert manifest["tool"] == "chime_accounts.inventory"
        assert manifest["version"] == __version__
        assert manifest["format"] == "jsonl"
        assert manifest["filters"] == {"name": "Big", "account_ids": None}
        assert manifest["with_user_settings"] is True
        assert manifest["kinds"] == KINDS
        assert manifest["files"] == [f"{kind}.jsonl" for kind in KINDS]
        assert manifest["started"] <= manifest["finished"]
        assert manifest["complete"] is True
        assert manifest["accounts"] == 1
        assert manifest["counts"] == {
            "accounts": 1,
            "account_settings": 1,
            "users": BIG,
            "user_settings": BIG,
        } | {kind: len(read_jsonl(tmp_path / f"{kind}.jsonl")) for kind in CHAT}
        assert manifest["failures"] == []
        assert summary.counts == manifest["counts"]
        assert summary.manifest == tmp_path / "manifest.json"
        assert not summary.resumed
        assert not summary.already_finished
        assert not (tmp_path / STATE).exists()

    def test_the_counts_are_the_lines(self, chime: ChimeAccounts, tmp_path: Path) -> None:
        summary = export(chime, tmp_path, with_user_settings=True)

        for kind, count in summary.counts.items():
            assert len(read_jsonl(tmp_path / f"{kind}.jsonl")) == count


class TestFailures:
    """An item that fails after the retries is listed; the rest is exported."""

    def test_a_user_whose_settings_fail_is_listed_with_the_error_code(
        self, server: LocalChime, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        server.inject(Fault.error("GetUserSettings", 404, after=5))
        summary = export(chime, tmp_path, with_user_settings=True, concurrency=1)

        assert not summary.complete
        (failure,) = summary.failures
        assert failure.kind == "user_settings"
        assert failure.error_code == "NotFoundException"
        assert failure.error["Type"] == "NotFoundError"
        assert set(failure.ids) == {"AccountId", "UserId"}
        users = read_jsonl(tmp_path / "users.jsonl")
        assert summary.counts["user_settings"] == len(users) - 1
        exported = {
            (r["AccountId"], r["UserId"]) for r in read_jsonl(tmp_path / "user_settings.jsonl")
        }
        assert (failure.ids["AccountId"], failure.ids["UserId"]) not in exported
        manifest = json.loads((tmp_path / "manifest.json").read_text())
        assert manifest["complete"] is False
        assert manifest["finished"] is not None
        assert manifest["failures"] == [failure.to_dict()]

    def test_a_service_failure_after_the_retries_is_listed(
        self, server: LocalChime, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        server.inject(Fault.error("GetAccountSettings", 500, count=NO_WAIT.max_attempts))
        summary = export(chime, tmp_path, concurrency=1)

        (failure,) = summary.failures
        first = next(iter(chime.list_accounts()))
        assert failure.kind == "account_settings"
        assert failure.ids == {"AccountId": first.account_id}
        assert failure.error_code == "ServiceFailureException"
        assert summary.counts["account_settings"] == summary.accounts - 1

    def test_a_listing_that_fails_is_listed_for_its_account(
        self, server: LocalChime, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        big = next(a for a in chime.list_accounts() if a.name == "Big Co")
        server.inject(Fault.error("ListUsers", 400, count=1))
        summary = export(chime, tmp_path, account_ids=[big.account_id])

        (failure,) = summary.failures
        assert (failure.kind, failure.ids) == ("users", {"AccountId": big.account_id})
        assert failure.error_code == "BadRequestException"

    def test_an_unknown_account_id_is_listed(self, chime: ChimeAccounts, tmp_path: Path) -> None:
        known = [a.account_id for a in chime.list_accounts()][:2]
        missing = "00000000-0000-4000-8000-000000000000"
        summary = export(chime, tmp_path, account_ids=[known[1], missing, known[0], known[1]])

        assert [r["AccountId"] for r in read_jsonl(tmp_path / "accounts.jsonl")] == [
            known[1],
            known[0],
        ]
        (failure,) = summary.failures
        assert (failure.kind, failure.ids, failure.error_code) == (
            "accounts",
            {"AccountId": missing},
            "NotFoundException",
        )
        manifest = json.loads((tmp_path / "manifest.json").read_text())
        assert manifest["filters"]["account_ids"] == [known[1], missing, known[0]]


class TestFilters:
    """--name and --account-id select the accounts, in listing or given order."""

    def test_name_is_a_prefix(self, chime: ChimeAccounts, tmp_path: Path) -> None:
        export(chime, tmp_path, name="Big")

        assert [r["Name"] for r in read_jsonl(tmp_path / "accounts.jsonl")] == ["Big Co"]

    def test_name_also_filters_the_accounts_given_by_id(
        self, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        ids = [a.account_id for a in chime.list_accounts()]
        summary = export(chime, tmp_path, name="Big", account_ids=ids)

        assert summary.accounts == 1

    @pytest.mark.parametrize(
        ("arguments", "parameter"),
        [
            ({"format": "xml"}, "format"),
            ({"concurrency": 0}, "concurrency"),
            ({"concurrency": True}, "concurrency"),
            ({"account_ids": "abc"}, "account_ids"),
            ({"account_ids": []}, "account_ids"),
            ({"account_ids": [" "]}, "account_ids"),
            ({"name": ""}, "name"),
            ({"with_user_settings": "yes"}, "with_user_settings"),
            ({"on_progress": 3}, "on_progress"),
        ],
    )
    def test_bad_arguments_are_refused_before_anything_is_written(
        self, chime: ChimeAccounts, tmp_path: Path, arguments: dict[str, Any], parameter: str
    ) -> None:
        with pytest.raises(ValidationError) as raised:
            export(chime, tmp_path / "out", **arguments)

        assert raised.value.parameter == parameter
        assert not (tmp_path / "out").exists()


class TestPermissions:
    """The files are readable by their owner only, and a directory made for them too."""

    @pytest.mark.parametrize("export_format", ["jsonl", "csv", "sqlite"])
    def test_files_are_0600_and_a_new_directory_0700(
        self, chime: ChimeAccounts, tmp_path: Path, export_format: Any
    ) -> None:
        out = tmp_path / "new" / "out"
        export(chime, out, format=export_format, with_user_settings=True)

        assert stat.S_IMODE(out.stat().st_mode) == 0o700
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()}
        assert modes
        assert set(modes.values()) == {0o600}, modes

    def test_a_partial_exports_checkpoint_is_private_too(
        self, server: LocalChime, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        server.inject(Fault.error("ListUsers", 401, after=2, count=100))
        with pytest.raises(Exception, match="Unauthorized"):
            export(chime, tmp_path, with_user_settings=True, concurrency=1)

        paths = [tmp_path / STATE, *(tmp_path / STATE).rglob("*")]
        for path in paths:
            expected = 0o700 if path.is_dir() else 0o600
            assert stat.S_IMODE(path.stat().st_mode) == expected, path


class TestStreaming:
    """A big account is listed a page at a time, never held whole."""

    def test_at_most_about_a_page_of_users_is_alive_at_once(self, tmp_path: Path) -> None:
        alive: list[int] = []

        def count_users(_progress: ExportProgress) -> None:
            alive.append(sum(isinstance(obj, User) for obj in gc.get_objects()))

        with LocalChime() as local:
            add_big_account(local, 1000)
            with local.chime_accounts(retry=NO_WAIT) as chime:
                summary = export(chime, tmp_path, concurrency=2, on_progress=count_users)

        assert summary.counts["users"] == 1000
        assert len(alive) >= 5  # a report after each page at least
        assert max(alive) <= 2 * 200

    def test_a_big_account_is_spooled_with_a_resume_token(
        self, server: LocalChime, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        spooled: list[list[str]] = []

        def look(_progress: ExportProgress) -> None:
            found = sorted((tmp_path / STATE / "spool").glob("*/checkpoint.json"))
            spooled.append([json.loads(p.read_text())["token"] for p in found])

        big = next(a for a in chime.list_accounts() if a.name == "Big Co")
        export(chime, tmp_path, account_ids=[big.account_id], on_progress=look)

        tokens = {t for seen in spooled for t in seen}
        assert len(tokens) == 1  # after page 1 of the 2


class TestAsync:
    """aexport writes what export writes."""

    def test_the_same_files_as_export(
        self, server: LocalChime, chime: ChimeAccounts, tmp_path: Path
    ) -> None:
        export(chime, tmp_path / "sync", format="csv", with_user_settings=True)

        async def main() -> Any:
            async with AsyncChimeAccounts(endpoint_url=server.endpoint_url, retry=NO_WAIT) as a:
                return await aexport(a, tmp_path / "async", format="csv", with_user_settings=True)

        summary = asyncio.run(main())

        assert summary.complete
        assert data_files(tmp_path / "async") == data_files(tmp_path / "sync")

    def test_failures_and_progress(self, server: LocalChime, tmp_path: Path) -> None:
        server.inject(Fault.error("GetUserSettings", 404, after=3))
        reports: list[ExportProgress] = []

        async def main() -> Any:
            async with AsyncChimeAccounts(endpoint_url=server.endpoint_url, retry=NO_WAIT) as a:
                return await aexport(
                    a, tmp_path, with_user_settings=True, on_progress=reports.append
                )

        summary = asyncio.run(main())

        assert [f.error_code for f in summary.failures] == ["NotFoundException"]
        assert reports[-1].accounts_done == reports[-1].accounts_total == summary.accounts
        assert reports[-1].records == sum(summary.counts.values())


class TestThrottles:
    """Throttled requests are counted, paced and retried; nothing is lost."""

    def test_an_export_under_a_rate_limit_is_complete(self, tmp_path: Path) -> None:
        patient = NO_WAIT.__class__(max_attempts=20, base_delay=0.01, max_delay=0.2)
        reports: list[ExportProgress] = []
        with LocalChime(rate_limit={"GetUserSettings": 60.0}, burst=2) as local:
            add_big_account(local, 60)
            with ChimeAccounts(endpoint_url=local.endpoint_url, retry=patient) as chime:
                summary = export(
                    chime, tmp_path, with_user_settings=True, on_progress=reports.append
                )
            throttled = sum(r.status == 429 for r in local.requests)

        assert summary.complete
        assert summary.counts["user_settings"] == 60
        assert throttled > 0
        assert summary.throttles == throttled
        assert reports[-1].throttles == throttled
