"""``chime-accounts rooms ...`` and ``rooms members ...`` against LocalChime."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import pytest

from chime_accounts import Room, RoomMembership
from chime_accounts.cli import ExitCode
from chime_accounts.cli._output import MASK
from chime_accounts.testing import Fault, LocalChime

from . import invoke, resume_token
from .test_process_cli import imports_of

if TYPE_CHECKING:
    from pathlib import Path

    from click.testing import Result

MACHINE_FORMATS = ["json", "jsonl", "csv"]
NO_RETRIES: dict[str, str | None] = {"AWS_MAX_ATTEMPTS": "1"}


@dataclass(frozen=True)
class Sample:
    """An EnterpriseOIDC account with two users, a bot and three rooms, one with members."""

    account: str
    ada: str
    alan: str
    bot: str
    general: str  # Ada (Administrator) and the bot are members
    rooms: tuple[str, ...]
    team: str


@pytest.fixture
def sample(local_chime: LocalChime) -> Sample:
    account = local_chime.add_account("Chat Co", account_type="EnterpriseOIDC")["AccountId"]
    ada = local_chime.add_user(account, "ada@example.com", display_name="Ada Lovelace")
    alan = local_chime.add_user(account, "alan@example.com", display_name="Alan Turing")
    bot = local_chime.add_bot(account, "HelpBot", domain="example.com")["BotId"]
    rooms = tuple(
        local_chime.add_room(account, name)["RoomId"]
        for name in ("General", "Secret Plans", "Random")
    )
    local_chime.add_room_membership(account, rooms[0], ada, role="Administrator")
    local_chime.add_room_membership(account, rooms[0], bot)
    team = local_chime.add_account("Team Co")["AccountId"]
    local_chime.clear_requests()
    return Sample(account, ada, alan, bot, rooms[0], rooms, team)


def run(server: LocalChime, *args: str, env: dict[str, str | None] | None = None) -> Result:
    return invoke(["--endpoint-url", server.endpoint_url, *args], env=env)


def records(output: str, text: str) -> list[dict[str, Any]]:
    if output == "json":
        data: object = json.loads(text)
        if isinstance(data, dict):
            return [cast("dict[str, Any]", data)]
        return cast("list[dict[str, Any]]", data)
    if output == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    rows = csv.DictReader(io.StringIO(text))
    return [{key: value for key, value in row.items() if value != ""} for row in rows]


def read_memberships(output: str, text: str) -> list[RoomMembership]:
    found: list[RoomMembership] = []
    for record in records(output, text):
        if isinstance(record.get("Member"), str):  # CSV: the object's JSON text
            record["Member"] = json.loads(record["Member"])
        found.append(RoomMembership.from_dict(record))
    return found


# -- rooms -----------------------------------------------------------------------------------


@pytest.mark.parametrize("output", MACHINE_FORMATS)
def test_list_writes_every_room_as_the_sdk_reads_it(
    local_chime: LocalChime, sample: Sample, output: str
) -> None:
    result = run(local_chime, "rooms", "list", sample.account, "-o", output, "--show-sensitive")

    assert result.exit_code == 0, result.stderr
    rooms = [Room.from_dict(record) for record in records(output, result.stdout)]
    assert rooms == [Room.from_dict(room) for room in local_chime.rooms(sample.account)]


def test_room_names_are_masked_unless_asked(local_chime: LocalChime, sample: Sample) -> None:
    masked = run(local_chime, "rooms", "list", sample.account, "-o", "json")
    table = run(local_chime, "rooms", "get", sample.account, sample.rooms[1], "-o", "table")

    assert {record["Name"] for record in json.loads(masked.stdout)} == {MASK}
    assert "Secret Plans" not in masked.stdout + table.stdout
    assert "Room ID" in table.stdout
    assert sample.rooms[1] in table.stdout


def test_list_by_member_resumes_with_the_token(local_chime: LocalChime, sample: Sample) -> None:
    for room in sample.rooms[1:]:
        local_chime.add_room_membership(sample.account, room, sample.alan)

    first = run(
        local_chime, "rooms", "list", sample.account, "--member-id", sample.alan,
        "--page-size", "1", "--max-items", "1", "-o", "jsonl",
    )  # fmt: skip
    token = resume_token(first.stderr)
    assert token is not None
    rest = run(
        local_chime, "rooms", "list", sample.account, "--member-id", sample.alan,
        "--starting-token", token, "-o", "jsonl",
    )  # fmt: skip

    ids = [r["RoomId"] for r in records("jsonl", first.stdout + rest.stdout)]
    assert ids == list(sample.rooms[1:])
    assert "Stopped after 1 room (--max-items)." in first.stderr


def test_page_size_above_99_is_a_usage_error(local_chime: LocalChime, sample: Sample) -> None:
    result = run(local_chime, "rooms", "list", sample.account, "--page-size", "100")

    assert result.exit_code == ExitCode.USAGE
    assert "page_size" in result.stderr
    assert local_chime.requests == []


def test_create_update_and_delete(local_chime: LocalChime, sample: Sample) -> None:
    created = run(local_chime, "rooms", "create", sample.account, "Launch", "-o", "json")
    room = Room.from_dict(json.loads(created.stdout))
    assert room.room_id is not None
    assert local_chime.rooms(sample.account)[-1]["Name"] == "Launch"

    renamed = run(
        local_chime, "rooms", "update", sample.account, room.room_id, "--name", "Liftoff",
        "-o", "json", "--show-sensitive",
    )  # fmt: skip
    assert json.loads(renamed.stdout)["Name"] == "Liftoff"

    deleted = run(local_chime, "rooms", "delete", sample.account, room.room_id, "--yes")
    assert deleted.exit_code == 0, deleted.stderr
    assert deleted.stdout == ""
    assert f"Deleted room {room.room_id}." in deleted.stderr
    gone = run(local_chime, "rooms", "get", sample.account, room.room_id)
    assert gone.exit_code == ExitCode.NOT_FOUND


def test_create_with_a_token_makes_one_room(local_chime: LocalChime, sample: Sample) -> None:
    args = ("rooms", "create", sample.account, "Once", "--client-request-token", "once-1")
    first = run(local_chime, *args, "-o", "json")
    again = run(local_chime, *args, "-o", "json")

    assert json.loads(first.stdout) == json.loads(again.stdout)
    assert len(local_chime.rooms(sample.account)) == len(sample.rooms) + 1


def test_a_create_that_may_have_succeeded_says_so(local_chime: LocalChime, sample: Sample) -> None:
    local_chime.inject(Fault(operation="CreateRoom", status=500, apply=True, count=10))

    result = run(local_chime, "rooms", "create", sample.account, "Maybe", env=NO_RETRIES)

    assert result.exit_code == ExitCode.SERVICE
    assert "may have been carried out" in result.stderr


def test_delete_off_a_terminal_needs_yes(local_chime: LocalChime, sample: Sample) -> None:
    result = run(local_chime, "rooms", "delete", sample.account, sample.general)

    assert result.exit_code == ExitCode.USAGE
    assert "--yes" in result.stderr
    assert len(local_chime.rooms(sample.account)) == len(sample.rooms)


def test_update_without_a_change_is_a_usage_error(local_chime: LocalChime, sample: Sample) -> None:
    result = run(local_chime, "rooms", "update", sample.account, sample.general)

    assert result.exit_code == ExitCode.USAGE
    assert "nothing to change" in result.stderr


def test_a_team_account_has_no_rooms(local_chime: LocalChime, sample: Sample) -> None:
    result = run(local_chime, "rooms", "list", sample.team)

    assert result.exit_code == ExitCode.USAGE
    assert "Enterprise" in result.stderr


# -- members ---------------------------------------------------------------------------------


@pytest.mark.parametrize("output", MACHINE_FORMATS)
def test_members_list_writes_every_membership(
    local_chime: LocalChime, sample: Sample, output: str
) -> None:
    result = run(
        local_chime, "rooms", "members", "list", sample.account, sample.general,
        "-o", output, "--show-sensitive",
    )  # fmt: skip

    assert result.exit_code == 0, result.stderr
    expected = [
        RoomMembership.from_dict(m)
        for m in local_chime.room_memberships(sample.account, sample.general)
    ]
    assert read_memberships(output, result.stdout) == expected


def test_members_table_masks_names_and_emails(local_chime: LocalChime, sample: Sample) -> None:
    result = run(
        local_chime, "rooms", "members", "list", sample.account, sample.general, "-o", "table"
    )

    lines = result.stdout.splitlines()
    assert lines[0].split() == ["MEMBER", "ID", "TYPE", "ROLE", "NAME", "EMAIL"]
    assert sample.ada in lines[1]
    assert "Administrator" in lines[1]
    assert "Bot" in lines[2]
    assert "ada@example.com" not in result.stdout
    assert "Ada Lovelace" not in result.stdout
    shown = run(
        local_chime, "rooms", "members", "list", sample.account, sample.general,
        "-o", "table", "--show-sensitive",
    )  # fmt: skip
    assert "Ada Lovelace" in shown.stdout


def test_add_reports_the_members_it_failed_for_and_exits_8(
    local_chime: LocalChime, sample: Sample
) -> None:
    result = run(
        local_chime, "rooms", "members", "add", sample.account, sample.general,
        sample.alan, sample.ada, "nobody", "--role", "administrator", "-o", "jsonl",
    )  # fmt: skip

    assert result.exit_code == ExitCode.PARTIAL
    failures = records("jsonl", result.stdout)
    assert [(f["MemberId"], f["ErrorCode"]) for f in failures] == [
        (sample.ada, "Conflict"),
        ("nobody", "NotFound"),
    ]
    assert "Added 1 of 3 members; 2 failed." in result.stderr
    roles = {
        m["Member"]["MemberId"]: m["Role"]
        for m in local_chime.room_memberships(sample.account, sample.general)
    }
    assert roles[sample.alan] == "Administrator"
    assert [json.loads(r.body)["MembershipItemList"][0] for r in local_chime.requests] == [
        {"MemberId": sample.alan, "Role": "Administrator"}
    ]


def test_add_for_everyone_exits_0(local_chime: LocalChime, sample: Sample) -> None:
    json_result = run(
        local_chime, "rooms", "members", "add", sample.account, sample.rooms[2], sample.alan
    )
    table = run(
        local_chime, "rooms", "members", "add", sample.account, sample.rooms[1], sample.ada,
        "-o", "table",
    )  # fmt: skip

    assert json_result.exit_code == table.exit_code == 0
    assert json.loads(json_result.stdout) == []
    assert table.stdout == ""
    assert "Added 1 member." in table.stderr


def test_add_that_may_have_been_carried_out_says_to_check(
    local_chime: LocalChime, sample: Sample
) -> None:
    local_chime.inject(Fault(operation="BatchCreateRoomMembership", status=500, apply=True))

    result = run(
        local_chime, "rooms", "members", "add", sample.account, sample.rooms[2], sample.alan
    )

    assert result.exit_code == ExitCode.PARTIAL
    assert records("json", result.stdout)[0]["ErrorCode"] == "ServiceFailure"
    assert "Maybe added: 1 member" in result.stderr
    assert "rooms members list" in result.stderr


def test_update_and_remove_a_member(local_chime: LocalChime, sample: Sample) -> None:
    updated = run(
        local_chime, "rooms", "members", "update", sample.account, sample.general, sample.bot,
        "--role", "Administrator", "-o", "table",
    )  # fmt: skip
    assert updated.exit_code == 0, updated.stderr
    assert "Administrator" in updated.stdout
    assert f"{sample.bot} (Bot)" in updated.stdout

    removed = run(
        local_chime, "rooms", "members", "remove", sample.account, sample.general, sample.bot
    )
    assert removed.exit_code == 0
    assert f"Removed member {sample.bot}" in removed.stderr
    again = run(
        local_chime, "rooms", "members", "remove", sample.account, sample.general, sample.bot
    )
    assert again.exit_code == ExitCode.NOT_FOUND


@pytest.mark.parametrize(
    "args",
    [
        ["rooms", "members", "update", "a", "r", "m"],
        ["rooms", "members", "update", "a", "r", "m", "--role", "Owner"],
        ["rooms", "members", "add", "a", "r"],
        ["rooms", "update", "a", "r"],
    ],
)
def test_usage_errors_import_no_boto3(args: list[str], tmp_path: Path) -> None:
    assert imports_of(args, tmp_path) == (ExitCode.USAGE, [])


@pytest.mark.parametrize(
    "args", [["rooms", "--help"], ["rooms", "members", "add", "--help"], ["rooms", "create", "-h"]]
)
def test_help_imports_no_boto3(args: list[str], tmp_path: Path) -> None:
    assert imports_of(args, tmp_path) == (0, [])


def test_help_lists_the_commands() -> None:
    root = invoke(["--help"]).stdout
    assert "  rooms " in root
    rooms = invoke(["rooms", "--help"]).stdout
    for command in ("list", "get", "create", "update", "delete", "members"):
        assert f"\n  {command} " in rooms
    add = invoke(["rooms", "members", "add", "--help"]).stdout
    assert "[Administrator|Member]" in add
