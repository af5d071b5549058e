"""``chime-accounts accounts settings ...`` and ``chime-accounts users ...`` against LocalChime."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import attrs
import pytest

from chime_accounts import (
    AccountSettings,
    AlexaForBusinessMetadata,
    ChimeAccounts,
    ErrorCode,
    Invite,
    InviteStatus,
    RegistrationStatus,
    User,
    UserError,
    UserType,
)
from chime_accounts.cli import ExitCode
from chime_accounts.cli._output import MASK, csv_text
from chime_accounts.testing import Fault, LocalChime

from . import invoke, resume_token

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from click.testing import Result

MACHINE_FORMATS = ["json", "jsonl", "csv"]
NO_RETRIES = {"AWS_MAX_ATTEMPTS": "1"}
ROOM_ARN = "arn:aws:a4b:us-east-1:123456789012:room/conference-1"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


@dataclass(frozen=True)
class Sample:
    """A Team account with seven users and an EnterpriseLWA account with two."""

    team: str
    ada: str  # registered, display name, Alexa for Business metadata
    lobby: str  # a SharedDevice
    alan: str  # suspended
    lwa: str
    lwa_suspended: str
    lwa_active: str


@pytest.fixture
def sdk(local_chime: LocalChime) -> Iterator[ChimeAccounts]:
    with ChimeAccounts(endpoint_url=local_chime.endpoint_url) as chime:
        yield chime


@pytest.fixture
def sample(local_chime: LocalChime, sdk: ChimeAccounts) -> Sample:
    team = local_chime.add_account("Night Shift")["AccountId"]
    ada = local_chime.add_user(team, "ada@example.com", display_name="Ada Lovelace")
    lobby = local_chime.add_user(
        team, "lobby@example.com", display_name="Lobby Phone", user_type="SharedDevice"
    )
    alan = local_chime.add_user(team, "alan@example.com", suspended=True)
    local_chime.add_user(team, "edsger@example.com", registration_status="Unregistered")
    local_chime.add_user(team, "barbara@example.com", display_name="Barbara Liskov")
    local_chime.add_user(team, "ken@example.com", license_type="Basic")
    local_chime.add_user(team, "dennis@example.com", display_name="Dennis \x1b[2J")
    metadata = AlexaForBusinessMetadata(
        is_alexa_for_business_enabled=True, alexa_for_business_room_arn=ROOM_ARN
    )
    sdk.update_user(team, ada, alexa_for_business_metadata=metadata)
    lwa = local_chime.add_account("Field Team", account_type="EnterpriseLWA")["AccountId"]
    lwa_suspended = local_chime.add_user(lwa, "grace@example.com", suspended=True)
    lwa_active = local_chime.add_user(lwa, "linus@example.com")
    local_chime.clear_requests()
    return Sample(team, ada, lobby, alan, lwa, lwa_suspended, lwa_active)


def run(server: LocalChime, *args: str, env: Mapping[str, str | None] | None = None) -> Result:
    return invoke(["--endpoint-url", server.endpoint_url, *args], env=env)


# -- reading the output back -----------------------------------------------------------------


def records(output: str, text: str) -> list[dict[str, Any]]:
    """The records of a listing or of one record, as dicts of the AWS members."""
    if output == "json":
        data: object = json.loads(text)
        if isinstance(data, dict):
            return [cast("dict[str, Any]", data)]
        return cast("list[dict[str, Any]]", data)
    if output == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    rows = csv.DictReader(io.StringIO(text))
    return [{key: value for key, value in row.items() if value != ""} for row in rows]


def read_users(output: str, text: str) -> list[User]:
    users: list[User] = []
    for record in records(output, text):
        metadata = record.get("AlexaForBusinessMetadata")
        if isinstance(metadata, str):  # CSV: the object's JSON text
            record["AlexaForBusinessMetadata"] = json.loads(metadata)
        users.append(User.from_dict(record))
    return users


def read_user(output: str, text: str) -> User:
    (user,) = read_users(output, text)
    return user


def read_invites(output: str, text: str) -> list[Invite]:
    return [Invite.from_dict(record) for record in records(output, text)]


def read_user_errors(output: str, text: str) -> list[UserError]:
    return [UserError.from_dict(record) for record in records(output, text)]


def read_settings(output: str, text: str) -> AccountSettings:
    (record,) = records(output, text)
    if output == "csv":
        record = {key: {"true": True, "false": False}[value] for key, value in record.items()}
    return AccountSettings.from_dict(record)


def masked(user: User) -> User:
    """The user as the CLI shows it without --show-sensitive."""

    def hide(value: str | None) -> str | None:
        return MASK if value else value

    metadata = user.alexa_for_business_metadata
    if metadata is not None:
        metadata = attrs.evolve(
            metadata, alexa_for_business_room_arn=hide(metadata.alexa_for_business_room_arn)
        )
    return attrs.evolve(
        user,
        primary_email=hide(user.primary_email),
        primary_provisioned_number=hide(user.primary_provisioned_number),
        display_name=hide(user.display_name),
        personal_pin=hide(user.personal_pin),
        alexa_for_business_metadata=metadata,
    )


def stored_user(server: LocalChime, account_id: str, user_id: str) -> Mapping[str, Any]:
    return next(user for user in server.users(account_id) if user["UserId"] == user_id)


def requests_of(server: LocalChime, operation: str) -> int:
    return sum(request.operation == operation for request in server.requests)


# -- users list ------------------------------------------------------------------------------


@pytest.mark.parametrize("output", MACHINE_FORMATS)
@pytest.mark.parametrize("show", [False, True], ids=["masked", "shown"])
def test_list_writes_every_user_as_the_sdk_reads_it(
    local_chime: LocalChime, sample: Sample, sdk: ChimeAccounts, output: str, show: bool
) -> None:
    expected = list(sdk.list_users(sample.team))
    assert expected[0].alexa_for_business_metadata is not None  # nested values round-trip
    local_chime.clear_requests()
    args = ["users", "list", sample.team, "--page-size", "3", "-o", output]
    result = run(local_chime, *args, *(["--show-sensitive"] if show else []))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    shown = read_users(output, result.stdout)
    assert shown == (expected if show else [masked(user) for user in expected])
    assert requests_of(local_chime, "ListUsers") == 3
    if not show:
        for user in expected:
            assert user.primary_email is not None
            assert user.primary_email not in result.stdout
        assert ROOM_ARN not in result.stdout


@pytest.mark.parametrize("output", ["json", "jsonl"])
def test_json_records_load_back_with_from_dict(
    local_chime: LocalChime, sample: Sample, sdk: ChimeAccounts, output: str
) -> None:
    expected = list(sdk.list_users(sample.team))
    listed = run(local_chime, "users", "list", sample.team, "-o", output, "--show-sensitive")
    found = records(output, listed.stdout)
    assert [User.from_dict(record) for record in found] == expected
    assert found == [user.to_dict(mode="json") for user in expected]
    assert all(record["InvitedOn"].endswith("Z") for record in found)
    got = run(
        local_chime, "users", "get", sample.team, sample.ada, "-o", output, "--show-sensitive"
    )
    (record,) = records(output, got.stdout)
    assert User.from_dict(record) == sdk.get_user(sample.team, sample.ada)
    assert record["RegisteredOn"].endswith("Z")


def test_list_table_has_a_header_and_a_row_per_user(
    local_chime: LocalChime, sample: Sample, sdk: ChimeAccounts
) -> None:
    users = list(sdk.list_users(sample.team))
    result = run(local_chime, "users", "list", sample.team, "-o", "table")
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["USER", "ID", "EMAIL", "NAME", "TYPE", "STATUS", "LICENSE"]
    assert len(rows) == len(users)
    for row, user in zip(rows, users, strict=True):
        user_id, email, name, *rest = row.split()
        assert (user_id, email) == (user.user_id, MASK)
        assert name == (MASK if user.display_name else "-")
        assert rest == [
            str(user.user_type),
            str(user.user_registration_status),
            str(user.license_type),
        ]

    shown = run(local_chime, "users", "list", sample.team, "-o", "table", "--show-sensitive")
    assert "ada@example.com" in shown.stdout
    assert "Ada Lovelace" in shown.stdout
    assert "Dennis ?[2J" in shown.stdout  # control characters never reach the terminal
    assert "\x1b" not in shown.stdout


def test_list_filters_by_email_and_type(
    local_chime: LocalChime, sample: Sample, sdk: ChimeAccounts
) -> None:
    devices = run(local_chime, "users", "list", sample.team, "--user-type", "shareddevice")
    assert [user.user_id for user in read_users("json", devices.stdout)] == [sample.lobby]
    assert read_users("json", devices.stdout) == [
        masked(user) for user in sdk.list_users(sample.team, user_type=UserType.SHARED_DEVICE)
    ]

    args = ["users", "list", sample.team, "--user-email", "ADA@example.com", "--show-sensitive"]
    found = run(local_chime, *args)
    assert read_users("json", found.stdout) == [sdk.get_user(sample.team, sample.ada)]

    nobody = run(local_chime, "users", "list", sample.lwa, "--user-type", "SharedDevice")
    assert nobody.stdout == "[]\n"
    table = run(
        local_chime, "users", "list", sample.lwa, "--user-type", "SharedDevice", "-o", "table"
    )
    assert table.stdout == "No users.\n"


@pytest.mark.parametrize(
    ("page_size", "max_items"),
    [(3, 4), (3, 3), (10, 1)],
    ids=["mid-page", "page-end", "first"],
)
def test_max_items_prints_the_token_that_resumes_exactly(
    local_chime: LocalChime, sample: Sample, sdk: ChimeAccounts, page_size: int, max_items: int
) -> None:
    everything = [masked(user) for user in sdk.list_users(sample.team)]
    args = ["users", "list", sample.team, "--page-size", str(page_size), "-o", "jsonl"]
    first = run(local_chime, *args, "--max-items", str(max_items))
    assert first.exit_code == 0
    head = read_users("jsonl", first.stdout)
    assert head == everything[:max_items]
    noun = "user" if max_items == 1 else "users"
    assert first.stderr.startswith(f"Stopped after {max_items} {noun} (--max-items).\n")
    token = resume_token(first.stderr)
    assert token is not None

    rest = run(local_chime, *args, "--starting-token", token)
    assert rest.exit_code == 0
    assert head + read_users("jsonl", rest.stdout) == everything
    assert resume_token(rest.stderr) is None


def test_an_error_mid_listing_tells_where_to_resume(
    local_chime: LocalChime, sample: Sample, sdk: ChimeAccounts
) -> None:
    everything = [masked(user) for user in sdk.list_users(sample.team)]
    local_chime.inject(Fault(operation="ListUsers", status=503, after=1))
    args = ["users", "list", sample.team, "--page-size", "3", "-o", "json"]
    failed = run(local_chime, *args, env=NO_RETRIES)
    assert failed.exit_code == ExitCode.SERVICE
    head = read_users("json", failed.stdout)
    assert head == everything[:3]
    assert failed.stderr.startswith("Error: ServiceUnavailableError: ListUsers:")
    token = resume_token(failed.stderr)
    assert token is not None
    rest = run(local_chime, *args, "--starting-token", token)
    assert head + read_users("json", rest.stdout) == everything


# -- users get, reset-pin, logout ------------------------------------------------------------


@pytest.mark.parametrize("output", MACHINE_FORMATS)
def test_get_shows_one_user_masked_unless_asked(
    local_chime: LocalChime, sample: Sample, sdk: ChimeAccounts, output: str
) -> None:
    user = sdk.get_user(sample.team, sample.ada)
    hidden = run(local_chime, "users", "get", sample.team, sample.ada, "-o", output)
    assert hidden.exit_code == 0
    assert read_user(output, hidden.stdout) == masked(user)
    shown = run(
        local_chime, "users", "get", sample.team, sample.ada, "-o", output, "--show-sensitive"
    )
    assert read_user(output, shown.stdout) == user


def test_get_as_a_table_lists_every_field(
    local_chime: LocalChime, sample: Sample, sdk: ChimeAccounts
) -> None:
    user = sdk.get_user(sample.team, sample.ada)
    result = run(local_chime, "users", "get", sample.team, sample.ada, "-o", "table")
    lines = dict(line.split("  ", 1) for line in result.stdout.splitlines())
    assert user.registered_on is not None
    assert user.invited_on is not None
    assert {key.strip(): value.strip() for key, value in lines.items()} == {
        "User ID": sample.ada,
        "Account ID": sample.team,
        "Email": MASK,
        "Phone number": "-",
        "Display name": MASK,
        "License": str(user.license_type),
        "Type": "PrivateUser",
        "Registration": "Registered",
        "Invitation": "Accepted",
        "Registered": f"{user.registered_on:%Y-%m-%d %H:%M:%S} UTC",
        "Invited": f"{user.invited_on:%Y-%m-%d %H:%M:%S} UTC",
        "Alexa for Business": (
            '{"AlexaForBusinessRoomArn": "***", "IsAlexaForBusinessEnabled": true}'
        ),
        "Personal PIN": "-",
    }


@pytest.mark.parametrize("output", MACHINE_FORMATS)
def test_reset_pin_shows_the_new_pin_only_when_asked(
    local_chime: LocalChime, sample: Sample, sdk: ChimeAccounts, output: str
) -> None:
    args = ["users", "reset-pin", sample.team, sample.ada, "-o", output]
    hidden = run(local_chime, *args)
    assert hidden.exit_code == 0
    first_pin = stored_user(local_chime, sample.team, sample.ada)["PersonalPIN"]
    assert first_pin not in hidden.stdout
    user = read_user(output, hidden.stdout)
    assert user.personal_pin == MASK
    assert user == masked(sdk.get_user(sample.team, sample.ada))
    assert "shown only with --show-sensitive" in hidden.stderr

    shown = run(local_chime, *args, "--show-sensitive")
    assert shown.exit_code == 0
    assert shown.stderr == ""
    user = read_user(output, shown.stdout)
    second_pin = stored_user(local_chime, sample.team, sample.ada)["PersonalPIN"]
    assert user.personal_pin == second_pin != first_pin
    assert user == sdk.get_user(sample.team, sample.ada)


def test_reset_pin_as_a_table_masks_the_pin(local_chime: LocalChime, sample: Sample) -> None:
    result = run(local_chime, "users", "reset-pin", sample.team, sample.lobby, "-o", "table")
    pin = stored_user(local_chime, sample.team, sample.lobby)["PersonalPIN"]
    assert re.search(r"^Personal PIN +\*\*\*$", result.stdout, re.MULTILINE)
    assert pin not in result.stdout


def test_logout_signs_the_user_out(local_chime: LocalChime, sample: Sample) -> None:
    result = run(local_chime, "users", "logout", sample.team, sample.ada)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"Logged out user {sample.ada} on all their devices.\n"
    assert local_chime.logout_count(sample.team, sample.ada) == 1


@pytest.mark.parametrize(
    ("args", "operation"),
    [
        (["users", "get", "{team}", "no-such-user"], "GetUser"),
        (["users", "reset-pin", "{team}", "no-such-user"], "ResetPersonalPIN"),
        (["users", "logout", "{team}", "no-such-user"], "LogoutUser"),
        (["users", "list", "no-such-account"], "ListUsers"),
        (["users", "suspend", "no-such-account", "--all"], "ListUsers"),
        (["accounts", "settings", "get", "no-such-account"], "GetAccountSettings"),
        (["accounts", "settings", "set", "no-such-account", "--dial-out"], "UpdateAccountSettings"),
    ],
)
def test_what_does_not_exist_is_not_found(
    local_chime: LocalChime, sample: Sample, args: list[str], operation: str
) -> None:
    result = run(local_chime, *[arg.format(team=sample.team) for arg in args])
    assert result.exit_code == ExitCode.NOT_FOUND
    (line,) = result.stderr.splitlines()[-1:]
    assert line.startswith(f"Error: NotFoundError: {operation}: NotFoundException (HTTP 404)")


# -- users invite ----------------------------------------------------------------------------


@pytest.mark.parametrize("output", MACHINE_FORMATS)
def test_invite_shows_one_invitation_per_address(
    local_chime: LocalChime, sample: Sample, sdk: ChimeAccounts, output: str
) -> None:
    emails = ["new.one@example.com", "new.two@example.com", "NEW.ONE@example.com"]
    args = ["users", "invite", sample.team, *emails, "--user-type", "SharedDevice", "-o", output]
    result = run(local_chime, *args, "--show-sensitive")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Sent 2 invitations.\n"
    invites = read_invites(output, result.stdout)
    assert [invite.email_address for invite in invites] == emails[:2]
    assert {invite.status for invite in invites} == {InviteStatus.PENDING}
    (user,) = sdk.list_users(sample.team, user_email="new.two@example.com")
    assert user.user_type is UserType.SHARED_DEVICE
    assert user.user_registration_status is RegistrationStatus.UNREGISTERED

    again = run(local_chime, "users", "invite", sample.team, emails[1], "-o", output)
    (invite,) = read_invites(output, again.stdout)
    assert invite.email_address == MASK
    assert emails[1] not in again.stdout


def test_invite_brings_back_a_suspended_team_user(
    local_chime: LocalChime, sample: Sample, sdk: ChimeAccounts
) -> None:
    result = run(local_chime, "users", "invite", sample.team, "alan@example.com", "-o", "table")
    header, row = result.stdout.splitlines()
    assert header.split() == ["INVITE", "ID", "EMAIL", "STATUS", "EMAIL", "STATUS", "ERROR"]
    assert row.split()[1:] == [MASK, "Pending", "Sent", "-"]
    assert result.stderr == "Sent 1 invitation.\n"
    user = sdk.get_user(sample.team, sample.alan)
    assert user.user_registration_status is RegistrationStatus.UNREGISTERED


def invite_records(output: str, text: str) -> tuple[list[Invite], list[dict[str, Any]]]:
    """The invitations and the records of the addresses whose request failed."""
    found = records(output, text)
    invites = [Invite.from_dict(record) for record in found if "Error" not in record]
    return invites, [record for record in found if "Error" in record]


SIXTY = [f"person{n}@example.com" for n in range(1, 61)]


@pytest.mark.parametrize(
    ("fault", "sent", "failed", "hint"),
    [
        (
            Fault(operation="InviteUsers", status=429, after=1),
            SIXTY[:50],
            SIXTY[50:],
            (
                "Not invited: addresses 51 to 60 of the 60 given; to invite them, run the command"
                " again with those addresses."
            ),
        ),
        (
            Fault(operation="InviteUsers", status=429, count=1),
            SIXTY[50:],
            SIXTY[:50],
            (
                "Not invited: addresses 1 to 50 of the 60 given; to invite them, run the command"
                " again with those addresses."
            ),
        ),
        (
            Fault(operation="InviteUsers", status=429, count=2),
            [],
            SIXTY,
            (
                "Not invited: addresses 1 to 60 of the 60 given; to invite them, run the command"
                " again with those addresses."
            ),
        ),
    ],
    ids=["second-request", "first-request", "every-request"],
)
@pytest.mark.parametrize("output", MACHINE_FORMATS)
def test_a_failed_request_does_not_stop_the_others_and_says_what_to_invite_again(
    local_chime: LocalChime,
    sample: Sample,
    sdk: ChimeAccounts,
    fault: Fault,
    sent: list[str],
    failed: list[str],
    hint: str,
    output: str,
) -> None:
    local_chime.inject(fault)
    args = ["users", "invite", sample.team, *SIXTY, "-o", output, "--show-sensitive"]
    result = run(local_chime, *args, env=NO_RETRIES)
    assert result.exit_code == ExitCode.PARTIAL
    assert requests_of(local_chime, "InviteUsers") == 2
    invites, not_invited = invite_records(output, result.stdout)
    assert [invite.email_address for invite in invites] == sent
    assert [record["EmailAddress"] for record in not_invited] == failed
    for record in not_invited:
        assert record["Error"] == "ThrottledError"
        assert record["ErrorMessage"].startswith("InviteUsers: ThrottledClientException (HTTP 429)")
        assert record["MayHaveSucceeded"] in (False, "false")  # CSV: text
        assert "InviteId" not in record
    requests = "1 request" if sent else "2 requests"
    assert result.stderr.splitlines() == [
        f"Sent {len(sent)} invitations; {requests} of {len(failed)} addresses failed (see Error).",
        hint,
    ]
    invited = {user.primary_email for user in sdk.list_users(sample.team)}
    assert invited.issuperset(sent)
    assert invited.isdisjoint(failed)


def test_addresses_that_were_not_invited_are_masked_unless_asked(
    local_chime: LocalChime, sample: Sample
) -> None:
    local_chime.inject(Fault(operation="InviteUsers", status=429, count=3))
    emails = ["hidden.one@example.com", "hidden.two@example.com"]
    for output in ("json", "table"):
        result = run(
            local_chime, "users", "invite", sample.team, *emails, "-o", output, env=NO_RETRIES
        )
        assert result.exit_code == ExitCode.PARTIAL
        assert "hidden" not in result.stdout + result.stderr
    table = run(
        local_chime, "users", "invite", sample.team, emails[0], "-o", "table", env=NO_RETRIES
    )
    _, row = table.stdout.splitlines()
    assert row.split() == ["-", MASK, "-", "-", "ThrottledError"]
    assert table.stderr.splitlines() == [
        "Sent 0 invitations; 1 request of 1 address failed (see Error).",
        (
            "Not invited: address 1 of the 1 given; to invite them, run the command again with"
            " those addresses."
        ),
    ]


def test_a_request_that_may_have_been_carried_out_says_to_check_first(
    local_chime: LocalChime, sample: Sample, sdk: ChimeAccounts
) -> None:
    # The service invites, then answers 500: the invitations were sent after all.
    local_chime.inject(Fault(operation="InviteUsers", status=500, apply=True, after=1))
    args = ["users", "invite", sample.team, *SIXTY, "-o", "jsonl"]
    result = run(local_chime, *args, env={"AWS_MAX_ATTEMPTS": "5"})
    assert result.exit_code == ExitCode.PARTIAL
    assert requests_of(local_chime, "InviteUsers") == 2  # never repeated
    invites, not_invited = invite_records("jsonl", result.stdout)
    assert len(invites) == 50
    assert [record["MayHaveSucceeded"] for record in not_invited] == [True] * 10
    assert {record["Error"] for record in not_invited} == {"ServiceFailureError"}
    assert result.stderr.splitlines()[1:] == [
        (
            "Maybe invited: addresses 51 to 60 of the 60 given, as their request may have been"
            f" carried out; check with `chime-accounts users list {sample.team}` before inviting"
            " them again."
        )
    ]
    invited = {user.primary_email for user in sdk.list_users(sample.team)}
    assert invited.issuperset(SIXTY)


def test_an_interrupted_invitation_says_to_check_first(
    local_chime: LocalChime, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ChimeAccounts, "invite_users", interrupt)
    result = run(local_chime, "users", "invite", sample.team, "someone@example.com")
    assert result.exit_code == ExitCode.INTERRUPTED
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Interrupted.",
        (
            "Some of the addresses may have been invited before the interruption; check with"
            f" `chime-accounts users list {sample.team}` before inviting them again."
        ),
    ]


def test_every_address_is_checked_before_any_is_invited(
    local_chime: LocalChime, sample: Sample
) -> None:
    emails = [f"person{n}@example.com" for n in range(1, 61)]
    emails[55] = "secret-person@"
    result = run(local_chime, "users", "invite", sample.team, *emails)
    assert result.exit_code == ExitCode.USAGE
    assert "secret-person" not in result.stderr
    assert local_chime.requests == []


def test_failed_invitations_are_a_partial_failure(local_chime: LocalChime, sample: Sample) -> None:
    answer = {
        "Invites": [
            {"InviteId": "i-1", "Status": "Pending", "EmailAddress": "a@example.com"},
            {"InviteId": "i-2", "Status": "Failed", "EmailAddress": "b@example.com"},
        ]
    }
    body = json.dumps(answer).encode()
    local_chime.inject(
        Fault(operation="InviteUsers", status=201, raw_body=body, content_type="application/json")
    )
    args = ["users", "invite", sample.team, "a@example.com", "b@example.com", "-o", "jsonl"]
    result = run(local_chime, *args)
    assert result.exit_code == ExitCode.PARTIAL
    assert [i.status for i in read_invites("jsonl", result.stdout)] == [
        InviteStatus.PENDING,
        InviteStatus.FAILED,
    ]
    assert result.stderr == "Sent 2 invitations; 1 failed (see Status and EmailStatus).\n"


def test_invite_to_another_account_type_fails_for_each_address(
    local_chime: LocalChime, sample: Sample
) -> None:
    result = run(local_chime, "users", "invite", sample.lwa, "new@example.com")
    assert result.exit_code == ExitCode.PARTIAL
    invites, (record,) = invite_records("json", result.stdout)
    assert invites == []
    assert record["EmailAddress"] == MASK
    assert record["Error"] == "BadRequestError"
    assert record["ErrorMessage"].startswith("InviteUsers: BadRequestException (HTTP 400): ")
    assert result.stderr.startswith("Sent 0 invitations; 1 request of 1 address failed")


# -- users suspend, unsuspend: batches -------------------------------------------------------


@pytest.mark.parametrize("output", MACHINE_FORMATS)
def test_suspend_lists_the_users_it_failed_for_and_exits_8(
    local_chime: LocalChime, sample: Sample, sdk: ChimeAccounts, output: str
) -> None:
    user_ids = [sample.ada, "no-such-user", sample.lobby]
    result = run(local_chime, "users", "suspend", sample.team, *user_ids, "-o", output)
    assert result.exit_code == ExitCode.PARTIAL
    assert int(ExitCode.PARTIAL) == 8
    assert result.stderr == "Suspended 2 of 3 users; 1 failed.\n"
    errors = read_user_errors(output, result.stdout)
    assert [(e.user_id, e.error_code) for e in errors] == [("no-such-user", ErrorCode.NOT_FOUND)]
    # What the SDK reports for the same batch (suspending again changes nothing).
    assert tuple(errors) == sdk.batch_suspend_user(sample.team, user_ids=user_ids).user_errors
    for user_id in (sample.ada, sample.lobby):
        status = sdk.get_user(sample.team, user_id).user_registration_status
        assert status is RegistrationStatus.SUSPENDED


def test_partial_failure_as_a_table(local_chime: LocalChime, sample: Sample) -> None:
    result = run(local_chime, "users", "suspend", sample.team, "nobody", sample.ada, "-o", "table")
    assert result.exit_code == ExitCode.PARTIAL
    header, row = result.stdout.splitlines()
    assert header.split() == ["USER", "ID", "ERROR", "CODE", "MESSAGE"]
    assert row.split()[:3] == ["nobody", "NotFound", "User"]


@pytest.mark.parametrize(
    ("output", "stdout"),
    [("json", "[]\n"), ("jsonl", ""), ("csv", "UserId,ErrorCode,ErrorMessage\n"), ("table", "")],
)
def test_a_batch_that_succeeds_for_everyone_exits_0(
    local_chime: LocalChime, sample: Sample, output: str, stdout: str
) -> None:
    result = run(local_chime, "users", "suspend", sample.team, sample.ada, "-o", output)
    assert result.exit_code == 0
    assert result.stdout == stdout
    assert result.stderr == "Suspended 1 user.\n"


def test_suspend_all_suspends_every_user_not_suspended_yet(
    local_chime: LocalChime, sample: Sample, sdk: ChimeAccounts
) -> None:
    active = [
        user.user_id
        for user in sdk.list_users(sample.team)
        if user.user_registration_status is not RegistrationStatus.SUSPENDED
    ]
    local_chime.clear_requests()
    result = run(local_chime, "users", "suspend", sample.team, "--all", "-o", "json")
    assert result.exit_code == 0
    assert result.stdout == "[]\n"
    assert result.stderr == f"Suspended {len(active)} users.\n"
    assert {user.user_registration_status for user in sdk.list_users(sample.team)} == {
        RegistrationStatus.SUSPENDED
    }
    (suspend,) = [r for r in local_chime.requests if r.operation == "BatchSuspendUser"]
    assert json.loads(suspend.body) == {"UserIdList": active}

    again = run(local_chime, "users", "suspend", sample.team, "--all")
    assert again.exit_code == 0
    assert again.stdout == "[]\n"
    assert again.stderr == "No users to suspend: the account has no user who is not suspended.\n"


def test_a_request_that_fails_as_a_whole_fails_for_each_of_its_users(
    local_chime: LocalChime, sample: Sample
) -> None:
    local_chime.inject(Fault(operation="BatchSuspendUser", status=429))
    args = ["users", "suspend", sample.team, sample.ada, sample.lobby, "-o", "jsonl"]
    result = run(local_chime, *args, env=NO_RETRIES)
    assert result.exit_code == ExitCode.PARTIAL
    errors = read_user_errors("jsonl", result.stdout)
    assert [(e.user_id, e.error_code) for e in errors] == [
        (sample.ada, ErrorCode.THROTTLED),
        (sample.lobby, ErrorCode.THROTTLED),
    ]
    assert result.stderr == "Suspended 0 of 2 users; 2 failed.\n"


def test_unsuspend_lifts_the_suspension_in_an_enterprise_lwa_account(
    local_chime: LocalChime, sample: Sample, sdk: ChimeAccounts
) -> None:
    user_ids = [sample.lwa_suspended, sample.lwa_active]
    result = run(local_chime, "users", "unsuspend", sample.lwa, *user_ids, "-o", "csv")
    assert result.exit_code == 0
    assert result.stdout == "UserId,ErrorCode,ErrorMessage\n"
    assert result.stderr == "Unsuspended 2 users.\n"
    for user_id in user_ids:
        status = sdk.get_user(sample.lwa, user_id).user_registration_status
        assert status is RegistrationStatus.REGISTERED


def test_unsuspend_in_a_team_account_fails_for_each_user(
    local_chime: LocalChime, sample: Sample
) -> None:
    result = run(local_chime, "users", "unsuspend", sample.team, sample.alan, "-o", "json")
    assert result.exit_code == ExitCode.PARTIAL
    (error,) = read_user_errors("json", result.stdout)
    assert (error.user_id, error.error_code) == (sample.alan, ErrorCode.BAD_REQUEST)
    assert "BatchUnsuspendUser is only supported for EnterpriseLWA" in str(error.error_message)
    assert result.stderr == "Unsuspended 0 of 1 user; 1 failed.\n"


# -- accounts settings -----------------------------------------------------------------------


@pytest.mark.parametrize("output", MACHINE_FORMATS)
def test_settings_get_in_every_format(
    local_chime: LocalChime, sample: Sample, sdk: ChimeAccounts, output: str
) -> None:
    sdk.update_account_settings(sample.team, enable_dial_out=False)
    result = run(local_chime, "accounts", "settings", "get", sample.team, "-o", output)
    assert result.exit_code == 0
    assert read_settings(output, result.stdout) == sdk.get_account_settings(sample.team)
    assert read_settings(output, result.stdout) == AccountSettings(
        disable_remote_control=False, enable_dial_out=False
    )


def test_settings_get_as_a_table_and_csv(local_chime: LocalChime, sample: Sample) -> None:
    table = run(local_chime, "accounts", "settings", "get", sample.team, "-o", "table")
    assert table.stdout == "Remote control disabled  no\nDial-out enabled         yes\n"
    text = run(local_chime, "accounts", "settings", "get", sample.team, "-o", "csv").stdout
    assert text == "DisableRemoteControl,EnableDialOut\nfalse,true\n"


@pytest.mark.parametrize(
    ("flags", "sent", "after"),
    [
        (["--remote-control"], {"DisableRemoteControl": False}, (False, False)),
        (["--no-remote-control"], {"DisableRemoteControl": True}, (True, False)),
        (["--dial-out"], {"EnableDialOut": True}, (True, True)),
        (
            ["--remote-control", "--no-dial-out"],
            {"DisableRemoteControl": False, "EnableDialOut": False},
            (False, False),
        ),
    ],
)
def test_settings_set_changes_only_the_settings_given(
    local_chime: LocalChime,
    sample: Sample,
    sdk: ChimeAccounts,
    flags: list[str],
    sent: dict[str, bool],
    after: tuple[bool, bool],
) -> None:
    sdk.update_account_settings(sample.team, disable_remote_control=True, enable_dial_out=False)
    local_chime.clear_requests()
    result = run(local_chime, "accounts", "settings", "set", sample.team, *flags, "-o", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    (update,) = [r for r in local_chime.requests if r.operation == "UpdateAccountSettings"]
    assert json.loads(update.body) == {"AccountSettings": sent}
    expected = AccountSettings(disable_remote_control=after[0], enable_dial_out=after[1])
    assert read_settings("jsonl", result.stdout) == expected
    assert sdk.get_account_settings(sample.team) == expected


# -- usage errors, help ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["users", "list", "{team}", "--user-type", "Robot"],
        ["users", "list", "{team}", "--user-email", "not-an-email"],
        ["users", "list", "{team}", "--page-size", "201"],
        ["users", "list", "{team}", "--max-items", "0"],
        ["users", "get", "{team}"],
        ["users", "get", "{team}", " "],
        ["users", "invite", "{team}"],
        ["users", "invite", "{team}", "someone@example.com", "--user-type", "Robot"],
        ["users", "suspend", "{team}"],
        ["users", "suspend", "{team}", "some-user", "--all"],
        ["users", "suspend", "{team}", " "],
        ["users", "unsuspend", "{team}"],
        ["users", "reset-pin", "{team}"],
        ["accounts", "settings", "set", "{team}"],
        ["accounts", "settings", "set", "{team}", "--dial-out", "--bogus"],
        ["users", "frobnicate"],
    ],
)
def test_bad_input_is_a_usage_error(
    local_chime: LocalChime, sample: Sample, args: list[str]
) -> None:
    result = run(local_chime, *[arg.format(team=sample.team) for arg in args])
    assert result.exit_code == ExitCode.USAGE
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("Error: ")
    assert local_chime.requests == []


def test_email_filters_are_not_echoed(local_chime: LocalChime, sample: Sample) -> None:
    result = run(local_chime, "users", "list", sample.team, "--user-email", "secret-person@")
    assert result.exit_code == ExitCode.USAGE
    assert "secret-person" not in result.stderr


def test_help_lists_the_commands_and_the_partial_failure_status() -> None:
    root = invoke(["--help"]).stdout
    assert "\n    8    partial failure: some users, members, items or accounts failed" in root
    assert "  users     " in root
    users = invoke(["users", "--help"]).stdout
    for command in ("list", "get", "invite", "suspend", "unsuspend", "reset-pin", "logout"):
        assert f"\n  {command} " in users
    assert "  settings  " in invoke(["accounts", "--help"]).stdout
    set_help = invoke(["accounts", "settings", "set", "--help"]).stdout
    assert "--remote-control / --no-remote-control" in set_help
    assert "--dial-out / --no-dial-out" in set_help
    assert "--local" in set_help


def test_csv_writes_nested_objects_as_json_and_lists_of_names_joined() -> None:
    assert csv_text({"IsAlexaForBusinessEnabled": False}) == '{"IsAlexaForBusinessEnabled": false}'
    assert csv_text([{"GroupName": "sales"}, {"GroupName": "support"}]) == "sales;support"


# -- --local ---------------------------------------------------------------------------------


def documented_local_commands() -> list[tuple[list[str], int]]:
    """The commands of the --local walkthrough in docs/cli.md, with their exit status."""
    text = DOCS.read_text()
    marker = "<!-- Each command below is run by tests/cli/test_users_cli.py. -->\n```sh\n"
    block = text.split(marker, 1)[1].split("```", 1)[0]
    commands: list[tuple[list[str], int]] = []
    for line in block.splitlines():
        found = re.search(r"# exit status (\d+)", line)
        words = shlex.split(line, comments=True)
        assert words[:2] == ["chime-accounts", "--local"], line
        commands.append((words[1:], int(found.group(1)) if found else 0))
    return commands


def test_the_documented_local_walkthrough_runs() -> None:
    commands = documented_local_commands()
    assert len(commands) >= 10
    covered = {tuple(args[1:3]) for args, _ in commands}
    users = ("list", "get", "create", "update", "invite", "suspend", "unsuspend", "reset-pin")
    for command in (*users, "logout", "settings"):
        assert ("users", command) in covered
    assert ("accounts", "delegate-groups") in covered
    for args, status in commands:
        result = invoke([*args, "-o", "json"])
        assert result.exit_code == status, (args, result.stderr)
        assert "Error" not in result.stderr, (args, result.stderr)
        if args[1] == "users" and args[2] in {"list", "invite", "suspend", "unsuspend"}:
            assert isinstance(json.loads(result.stdout), list)


def test_local_walkthrough_accounts_are_as_the_docs_describe() -> None:
    with LocalChime() as reference:
        reference.seed(300, seed=0)
        with reference.chime_accounts() as chime:
            team = chime.get_account("156a990a-2f6f-4d75-9a13-fb96c46b7491")
            lwa = chime.get_account("f1c9a201-5b43-49e2-a360-f3ac79bb89cd")
            team_users = list(chime.list_users(team.account_id))
            hana = chime.get_user(lwa.account_id, "ea2889c6-736c-424e-b098-334dbe834e0a")
    assert (team.name, str(team.account_type)) == ("Cyberdyne Logistics Holdings", "Team")
    statuses = sorted(str(user.user_registration_status) for user in team_users)
    assert statuses == ["Registered", "Suspended", "Suspended"]
    assert (lwa.name, str(lwa.account_type)) == ("Vandelay Widgets Inc", "EnterpriseLWA")
    assert (hana.display_name, hana.user_registration_status) == (
        "Hana Tanaka",
        RegistrationStatus.SUSPENDED,
    )


def test_console_script_lists_users_of_the_local_sample() -> None:
    script = shutil.which("chime-accounts", path=str(Path(sys.executable).parent))
    assert script is not None, "no chime-accounts console script next to this Python"
    account_id = "156a990a-2f6f-4d75-9a13-fb96c46b7491"
    with LocalChime() as reference:
        reference.seed(300, seed=0)
        with reference.chime_accounts() as chime:
            expected = list(chime.list_users(account_id))
    result = subprocess.run(  # noqa: S603 - our own command, arguments from the test
        [script, "--local", "users", "list", account_id, "-o", "csv", "--show-sensitive"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert read_users("csv", result.stdout) == expected


def test_the_documented_partial_failure_example_is_what_the_command_prints() -> None:
    text = DOCS.read_text()
    block = text.split("## Batch commands and partial failure", 1)[1]
    block = block.split("```console\n", 1)[1].split("```", 1)[0]
    command, *printed, echo, status = block.splitlines()
    assert command.startswith("$ chime-accounts --local ")
    assert echo == "$ echo $?"
    result = invoke(shlex.split(command)[2:])
    assert result.exit_code == int(status) == ExitCode.PARTIAL
    assert (result.stdout + result.stderr).splitlines() == printed
