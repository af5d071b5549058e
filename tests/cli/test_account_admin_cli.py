"""``users create``, ``users update``, ``users settings`` and ``accounts delegate-groups``."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import pytest

from chime_accounts import (
    ChimeAccounts,
    InviteStatus,
    License,
    RegistrationStatus,
    SigninDelegateGroup,
    TelephonySettings,
    User,
    UserSettings,
    UserType,
)
from chime_accounts.cli import ExitCode
from chime_accounts.cli._output import MASK
from chime_accounts.testing import Fault, LocalChime

from . import invoke, read_account

if TYPE_CHECKING:
    from collections.abc import Iterator

    from click.testing import Result

MACHINE_FORMATS = ["json", "jsonl", "csv"]
NO_RETRIES = {"AWS_MAX_ATTEMPTS": "1"}


@dataclass(frozen=True)
class Team:
    """A Team account with one user."""

    account_id: str
    user_id: str


@pytest.fixture
def sdk(local_chime: LocalChime) -> Iterator[ChimeAccounts]:
    with ChimeAccounts(endpoint_url=local_chime.endpoint_url) as chime:
        yield chime


@pytest.fixture
def team(local_chime: LocalChime) -> Team:
    account = local_chime.add_account(
        "Night Shift", default_license="Pro", supported_licenses=("Basic", "Plus", "Pro")
    )
    account_id = account["AccountId"]
    user_id = local_chime.add_user(account_id, "ada@example.com", display_name="Ada Lovelace")
    local_chime.clear_requests()
    return Team(account_id, user_id)


def run(server: LocalChime, *args: str) -> Result:
    return invoke(["--endpoint-url", server.endpoint_url, *args], env=NO_RETRIES)


def record(output: str, text: str) -> dict[str, Any]:
    """The one record a command printed, as written (CSV cells as text)."""
    if output == "csv":
        (row,) = csv.DictReader(io.StringIO(text))
        return {key: value for key, value in row.items() if value != ""}
    (line,) = [text] if output == "json" else text.splitlines()
    return cast("dict[str, Any]", json.loads(line))


def read_user(output: str, text: str) -> User:
    found = record(output, text)
    if output == "csv" and "AlexaForBusinessMetadata" in found:
        found["AlexaForBusinessMetadata"] = json.loads(found["AlexaForBusinessMetadata"])
    return User.from_dict(found)


def read_user_settings(output: str, text: str) -> UserSettings:
    found = record(output, text)
    if output == "csv":
        found["Telephony"] = json.loads(found["Telephony"])
    return UserSettings.from_dict(found)


def sent(server: LocalChime, operation: str) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in server.requests if r.operation == operation]


# -- users create ----------------------------------------------------------------------------


@pytest.mark.parametrize("output", MACHINE_FORMATS)
def test_create_makes_a_user_and_shows_it(
    local_chime: LocalChime, team: Team, sdk: ChimeAccounts, output: str
) -> None:
    args = ["users", "create", team.account_id, "--email", "grace@example.com"]
    args += ["--username", "Grace Hopper", "--user-type", "shareddevice", "-o", output]
    result = run(local_chime, *args, "--show-sensitive")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    user = read_user(output, result.stdout)
    assert user == sdk.get_user(team.account_id, user.user_id)
    assert (user.primary_email, user.display_name) == ("grace@example.com", "Grace Hopper")
    assert user.user_type is UserType.SHARED_DEVICE
    assert user.user_registration_status is RegistrationStatus.UNREGISTERED
    assert user.user_invitation_status is InviteStatus.PENDING
    assert sent(local_chime, "CreateUser") == [
        {"Email": "grace@example.com", "Username": "Grace Hopper", "UserType": "SharedDevice"}
    ]


def test_create_masks_the_new_user_unless_asked(local_chime: LocalChime, team: Team) -> None:
    args = ["users", "create", team.account_id, "--email", "grace@example.com", "-o", "table"]
    result = run(local_chime, *args, "--username", "Grace Hopper")
    assert result.exit_code == 0
    assert "grace" not in result.stdout.lower()
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines() if line)
    assert lines["Email"].strip() == MASK


def test_create_with_a_taken_email_is_a_conflict(local_chime: LocalChime, team: Team) -> None:
    result = run(local_chime, "users", "create", team.account_id, "--email", "ADA@example.com")
    assert result.exit_code == ExitCode.CONFLICT
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ConflictError: CreateUser: ConflictException")


def test_create_is_never_repeated_and_says_the_user_may_exist(
    local_chime: LocalChime, team: Team, sdk: ChimeAccounts
) -> None:
    local_chime.inject(Fault(operation="CreateUser", status=500, apply=True))
    args = ["users", "create", team.account_id, "--email", "grace@example.com"]
    result = invoke(["--endpoint-url", local_chime.endpoint_url, *args, "--max-attempts", "5"])
    assert result.exit_code == ExitCode.SERVICE
    (line,) = result.stderr.splitlines()
    assert line.endswith("(the request may have been carried out; check before repeating it)")
    assert len(sent(local_chime, "CreateUser")) == 1
    assert len(list(sdk.list_users(team.account_id, user_email="grace@example.com"))) == 1


# -- users update ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "body"),
    [
        (["--license-type", "basic"], {"LicenseType": "Basic"}),
        (["--user-type", "SharedDevice"], {"UserType": "SharedDevice"}),
        (
            ["--license-type", "Plus", "--user-type", "PrivateUser"],
            {"LicenseType": "Plus", "UserType": "PrivateUser"},
        ),
    ],
)
def test_update_changes_only_what_is_given(
    local_chime: LocalChime, team: Team, sdk: ChimeAccounts, flags: list[str], body: dict[str, str]
) -> None:
    args = ["users", "update", team.account_id, team.user_id, *flags, "-o", "jsonl"]
    result = run(local_chime, *args)
    assert result.exit_code == 0, result.stderr
    assert sent(local_chime, "UpdateUser") == [body]
    user = read_user("jsonl", result.stdout)
    assert user.display_name == MASK
    stored = sdk.get_user(team.account_id, team.user_id)
    assert user.license_type == stored.license_type == License(body.get("LicenseType", "Pro"))
    assert stored.user_type == UserType(body.get("UserType", "PrivateUser"))


def test_update_of_a_user_that_does_not_exist_is_not_found(
    local_chime: LocalChime, team: Team
) -> None:
    result = run(local_chime, "users", "update", team.account_id, "nobody", "--license-type", "Pro")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr.startswith("Error: NotFoundError: UpdateUser: NotFoundException")


# -- users settings --------------------------------------------------------------------------


@pytest.mark.parametrize("output", MACHINE_FORMATS)
def test_settings_get_in_every_format(
    local_chime: LocalChime, team: Team, sdk: ChimeAccounts, output: str
) -> None:
    telephony = TelephonySettings(inbound_calling=True, outbound_calling=False, sms=True)
    sdk.update_user_settings(
        team.account_id, team.user_id, settings=UserSettings(telephony=telephony)
    )
    args = ["users", "settings", "get", team.account_id, team.user_id, "-o", output]
    result = run(local_chime, *args)
    assert result.exit_code == 0, result.stderr
    assert read_user_settings(output, result.stdout) == UserSettings(telephony=telephony)


def test_settings_get_as_a_table(local_chime: LocalChime, team: Team) -> None:
    args = ["users", "settings", "get", team.account_id, team.user_id, "-o", "table"]
    result = run(local_chime, *args)
    assert result.stdout == "Telephony  inbound calling yes, outbound calling yes, SMS yes\n"


@pytest.mark.parametrize(
    ("flags", "after"),
    [
        (["--no-sms"], (True, True, False)),
        (["--no-inbound-calling", "--no-outbound-calling"], (False, False, True)),
        (["--sms", "--no-outbound-calling"], (True, False, True)),
    ],
)
def test_settings_set_changes_only_the_permissions_given(
    local_chime: LocalChime,
    team: Team,
    sdk: ChimeAccounts,
    flags: list[str],
    after: tuple[bool, bool, bool],
) -> None:
    args = ["users", "settings", "set", team.account_id, team.user_id, *flags, "-o", "json"]
    result = run(local_chime, *args)
    assert result.exit_code == 0, result.stderr
    inbound, outbound, sms = after
    expected = TelephonySettings(inbound_calling=inbound, outbound_calling=outbound, sms=sms)
    assert sent(local_chime, "UpdateUserSettings") == [
        {"UserSettings": {"Telephony": expected.to_dict()}}
    ]
    assert read_user_settings("json", result.stdout).telephony == expected
    assert sdk.get_user_settings(team.account_id, team.user_id).telephony == expected


def test_settings_of_a_user_that_does_not_exist_are_not_found(
    local_chime: LocalChime, team: Team
) -> None:
    result = run(local_chime, "users", "settings", "set", team.account_id, "nobody", "--sms")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr.startswith("Error: NotFoundError: GetUserSettings: NotFoundException")
    assert sent(local_chime, "UpdateUserSettings") == []


# -- accounts delegate-groups ----------------------------------------------------------------


def test_delegate_groups_are_added_and_removed(
    local_chime: LocalChime, team: Team, sdk: ChimeAccounts
) -> None:
    args = ["accounts", "delegate-groups", "add", team.account_id, "sales", "support"]
    added = run(local_chime, *args, "-o", "jsonl")
    assert added.exit_code == 0, added.stderr
    account = read_account("jsonl", added.stdout)
    groups = (SigninDelegateGroup(group_name="sales"), SigninDelegateGroup(group_name="support"))
    assert account.signin_delegate_groups == groups
    assert account == sdk.get_account(team.account_id)

    args = ["accounts", "delegate-groups", "remove", team.account_id, "sales"]
    removed = run(local_chime, *args, "-o", "csv")
    assert removed.exit_code == 0, removed.stderr
    assert read_account("csv", removed.stdout).signin_delegate_groups == groups[1:]
    assert sdk.get_account(team.account_id).signin_delegate_groups == groups[1:]


def test_delegate_groups_of_an_account_that_does_not_exist_are_not_found(
    local_chime: LocalChime,
) -> None:
    result = run(local_chime, "accounts", "delegate-groups", "add", "no-such-account", "sales")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr.startswith(
        "Error: NotFoundError: AssociateSigninDelegateGroupsWithAccount: NotFoundException"
    )


# -- usage errors, help ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["users", "create", "{account}", "--email", "not-an-email"],
        ["users", "create", "{account}", "--user-type", "Robot"],
        ["users", "update", "{account}", "{user}"],
        ["users", "update", "{account}", "{user}", "--license-type", "Gold"],
        ["users", "update", "{account}"],
        ["users", "settings", "get", "{account}"],
        ["users", "settings", "set", "{account}", "{user}"],
        ["users", "settings", "set", "{account}", "{user}", "--sms", "--bogus"],
        ["accounts", "delegate-groups", "add", "{account}"],
        ["accounts", "delegate-groups", "remove", "{account}"],
        ["accounts", "delegate-groups", "add", "{account}", " "],
    ],
)
def test_bad_input_is_a_usage_error(local_chime: LocalChime, team: Team, args: list[str]) -> None:
    words = [arg.format(account=team.account_id, user=team.user_id) for arg in args]
    result = run(local_chime, *words)
    assert result.exit_code == ExitCode.USAGE
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("Error: ")
    assert local_chime.requests == []


def test_help_lists_the_new_commands() -> None:
    users = invoke(["users", "--help"]).stdout
    for command in ("create", "update", "settings"):
        assert f"\n  {command} " in users
    assert "\n  delegate-groups " in invoke(["accounts", "--help"]).stdout
    set_help = invoke(["users", "settings", "set", "--help"]).stdout
    for flag in ("--inbound-calling / --no-inbound-calling", "--sms / --no-sms", "--local"):
        assert flag in set_help
    assert (
        "--license-type [Basic|Plus|Pro|ProTrial]" in invoke(["users", "update", "--help"]).stdout
    )
