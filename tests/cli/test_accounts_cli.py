"""``chime-accounts accounts ...`` run in-process against LocalChime."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from chime_accounts import Account, AccountStatus, AccountType, ChimeAccounts, License
from chime_accounts.cli import ExitCode
from chime_accounts.cli._output import View, Writer, make_writer
from chime_accounts.testing import Fault, LocalChime

from . import invoke, read_account, read_accounts, resume_token

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence
    from pathlib import Path

    from click.testing import Result


EMAIL = "ada.lovelace@example.com"
MACHINE_FORMATS = ["json", "jsonl", "csv"]
NO_RETRIES = {"AWS_MAX_ATTEMPTS": "1"}
SAMPLE = 60


@pytest.fixture
def server(local_chime: LocalChime) -> LocalChime:
    local_chime.seed(SAMPLE, seed=5)
    return local_chime


@pytest.fixture
def sdk(server: LocalChime) -> Iterator[ChimeAccounts]:
    with ChimeAccounts(endpoint_url=server.endpoint_url) as chime:
        yield chime


@pytest.fixture
def everything(sdk: ChimeAccounts) -> list[Account]:
    return list(sdk.list_accounts())


def run(
    server: LocalChime,
    *args: str,
    env: Mapping[str, str | None] | None = None,
    stdin: str | None = None,
) -> Result:
    return invoke(["--endpoint-url", server.endpoint_url, *args], env=env, stdin=stdin)


def list_requests(server: LocalChime) -> int:
    return sum(request.operation == "ListAccounts" for request in server.requests)


# -- accounts list ---------------------------------------------------------------------------


@pytest.mark.parametrize("output", MACHINE_FORMATS)
def test_list_writes_every_account_as_the_sdk_reads_it(
    server: LocalChime, everything: list[Account], output: str
) -> None:
    server.clear_requests()
    result = run(server, "accounts", "list", "--page-size", "25", "-o", output)
    assert result.exit_code == 0, result.stderr
    assert read_accounts(output, result.stdout) == everything
    assert result.stderr == ""
    assert list_requests(server) == 3


@pytest.mark.parametrize("output", ["json", "jsonl"])
def test_json_records_load_back_with_from_dict(
    server: LocalChime, everything: list[Account], output: str
) -> None:
    result = run(server, "accounts", "list", "-o", output, "--show-sensitive")
    if output == "json":
        found: list[dict[str, object]] = json.loads(result.stdout)
    else:
        found = [json.loads(line) for line in result.stdout.splitlines()]
        assert [Account.from_json(line) for line in result.stdout.splitlines()] == everything
    assert [Account.from_dict(record) for record in found] == everything
    assert found == [account.to_dict(mode="json") for account in everything]
    stamp = found[0]["CreatedTimestamp"]
    assert isinstance(stamp, str)
    assert stamp.endswith("Z")


def test_list_is_json_when_stdout_is_not_a_terminal(
    server: LocalChime, everything: list[Account]
) -> None:
    result = run(server, "accounts", "list")
    assert read_accounts("json", result.stdout) == everything


def test_list_table_has_a_header_and_a_row_per_account(
    server: LocalChime, everything: list[Account]
) -> None:
    result = run(server, "accounts", "list", "-o", "table")
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["ACCOUNT", "ID", "NAME", "TYPE", "STATUS", "LICENSE", "CREATED"]
    assert len(rows) == len(everything)
    first = everything[0]
    assert rows[0].startswith(first.account_id + "  " + first.name)
    assert first.created_timestamp is not None
    expected = [str(first.account_type), str(first.account_status), str(first.default_license)]
    assert rows[0].split()[-4:] == [*expected, first.created_timestamp.strftime("%Y-%m-%d")]


def test_an_empty_listing_says_so(local_chime: LocalChime) -> None:
    assert run(local_chime, "accounts", "list", "-o", "table").stdout == "No accounts.\n"
    assert run(local_chime, "accounts", "list", "-o", "json").stdout == "[]\n"
    assert run(local_chime, "accounts", "list", "-o", "jsonl").stdout == ""
    assert run(local_chime, "accounts", "list", "-o", "csv").stdout.count("\n") == 1


def test_list_filters_by_name_and_user_email(server: LocalChime, sdk: ChimeAccounts) -> None:
    prefix = next(iter(sdk.list_accounts())).name.split()[0]
    result = run(server, "accounts", "list", "--name", prefix, "-o", "jsonl")
    named = read_accounts("jsonl", result.stdout)
    assert named == list(sdk.list_accounts(name=prefix))
    assert 0 < len(named) < SAMPLE

    target = named[-1]
    server.add_user(target.account_id, EMAIL)
    result = run(server, "accounts", "list", "--user-email", EMAIL, "-o", "jsonl")
    assert read_accounts("jsonl", result.stdout) == [target]


@pytest.mark.parametrize("status", [AccountStatus.ACTIVE, AccountStatus.SUSPENDED])
def test_list_filters_by_status_here(
    server: LocalChime, everything: list[Account], status: AccountStatus
) -> None:
    result = run(server, "accounts", "list", "--status", status.value.upper(), "-o", "json")
    shown = read_accounts("json", result.stdout)
    assert shown == [account for account in everything if account.account_status == status]
    assert shown


@pytest.mark.parametrize(
    ("page_size", "max_items"),
    [(10, 25), (10, 20), (50, 1), (200, SAMPLE - 1)],
    ids=["mid-page", "page-end", "first", "one-left"],
)
def test_max_items_prints_the_token_that_resumes_exactly(
    server: LocalChime, everything: list[Account], page_size: int, max_items: int
) -> None:
    size = ["--page-size", str(page_size)]
    first = run(server, "accounts", "list", *size, "--max-items", str(max_items), "-o", "jsonl")
    assert first.exit_code == 0
    head = read_accounts("jsonl", first.stdout)
    assert head == everything[:max_items]
    assert f"Stopped after {max_items} account" in first.stderr
    token = resume_token(first.stderr)
    assert token is not None

    rest = run(server, "accounts", "list", *size, "--starting-token", token, "-o", "jsonl")
    assert rest.exit_code == 0
    assert head + read_accounts("jsonl", rest.stdout) == everything
    assert resume_token(rest.stderr) is None


def test_max_items_fetches_no_page_beyond_what_it_shows(server: LocalChime) -> None:
    server.clear_requests()
    result = run(server, "accounts", "list", "--page-size", "10", "--max-items", "10")
    assert result.exit_code == 0
    assert list_requests(server) == 1


def test_max_items_at_the_very_end_prints_no_token(server: LocalChime) -> None:
    result = run(server, "accounts", "list", "--max-items", str(SAMPLE), "-o", "jsonl")
    assert len(result.stdout.splitlines()) == SAMPLE
    assert result.stderr == ""


def test_max_items_counts_the_accounts_shown_after_the_status_filter(
    server: LocalChime, everything: list[Account]
) -> None:
    suspended = [a for a in everything if a.account_status is AccountStatus.SUSPENDED]
    args = ["accounts", "list", "--status", "suspended", "--page-size", "7", "-o", "jsonl"]
    first = run(server, *args, "--max-items", "2")
    head = read_accounts("jsonl", first.stdout)
    assert head == suspended[:2]
    assert len(suspended) > 2
    token = resume_token(first.stderr)
    assert token is not None
    rest = run(server, *args, "--starting-token", token)
    assert head + read_accounts("jsonl", rest.stdout) == suspended


def test_an_error_mid_listing_keeps_the_output_valid_and_tells_where_to_resume(
    server: LocalChime, everything: list[Account]
) -> None:
    server.inject(Fault(operation="ListAccounts", status=500, after=2))
    args = ["accounts", "list", "--page-size", "10", "-o", "json"]
    failed = run(server, *args, env=NO_RETRIES)
    assert failed.exit_code == ExitCode.SERVICE
    head = read_accounts("json", failed.stdout)  # a closed, valid array
    assert head == everything[:20]
    assert failed.stderr.splitlines()[0].startswith("Error: ServiceFailureError: ListAccounts:")
    token = resume_token(failed.stderr)
    assert token is not None
    rest = run(server, *args, "--starting-token", token)
    assert head + read_accounts("json", rest.stdout) == everything


class _InterruptingWriter(Writer):
    """Passes records on, then acts as if Ctrl-C came while writing record number ``at``."""

    def __init__(self, writer: Writer, at: int) -> None:
        self._writer = writer
        self._left = at

    def write(self, record: Mapping[str, object]) -> None:
        self._left -= 1
        if self._left == 0:
            raise KeyboardInterrupt
        self._writer.write(record)

    def close(self, *, complete: bool = True) -> None:
        self._writer.close(complete=complete)


def test_ctrl_c_mid_listing_tells_where_to_resume(
    server: LocalChime, everything: list[Account], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupting(view: View, output: str, *, many: bool) -> Writer:
        return _InterruptingWriter(make_writer(view, output, many=many), at=15)

    monkeypatch.setattr("chime_accounts.cli._listing.make_writer", interrupting)
    args = ["accounts", "list", "--page-size", "10", "-o", "json"]
    interrupted = run(server, *args)
    monkeypatch.undo()

    assert interrupted.exit_code == ExitCode.INTERRUPTED
    head = read_accounts("json", interrupted.stdout)
    assert head == everything[:14]
    assert interrupted.stderr.splitlines()[0] == "Interrupted."
    token = resume_token(interrupted.stderr)
    assert token is not None
    rest = read_accounts("json", run(server, *args, "--starting-token", token).stdout)
    assert head + rest == everything


# -- get, create, update, delete -------------------------------------------------------------


@pytest.mark.parametrize("output", MACHINE_FORMATS)
def test_get_create_update_and_delete_in_every_format(
    server: LocalChime, sdk: ChimeAccounts, output: str
) -> None:
    some = next(iter(sdk.list_accounts()))
    got = run(server, "accounts", "get", some.account_id, "-o", output)
    assert got.exit_code == 0
    assert read_account(output, got.stdout) == sdk.get_account(some.account_id)

    created = run(server, "accounts", "create", "Night Shift", "-o", output)
    assert created.exit_code == 0
    new = read_account(output, created.stdout)
    assert new == sdk.get_account(new.account_id)
    assert (new.name, new.account_type, new.account_status) == (
        "Night Shift",
        AccountType.TEAM,
        AccountStatus.ACTIVE,
    )

    update = ["accounts", "update", new.account_id, "--default-license", "basic", "-o", output]
    updated = run(server, *update)
    assert updated.exit_code == 0
    changed = read_account(output, updated.stdout)
    assert changed == sdk.get_account(new.account_id)
    assert (changed.name, changed.default_license) == ("Night Shift", License.BASIC)

    renamed = run(server, "accounts", "update", new.account_id, "--name", "Day Shift", "-o", output)
    assert read_account(output, renamed.stdout).name == "Day Shift"

    deleted = run(server, "accounts", "delete", new.account_id, "--yes", "-o", output)
    assert deleted.exit_code == 0
    assert deleted.stdout == ""
    assert f"Deleted account {new.account_id}" in deleted.stderr
    assert sdk.get_account(new.account_id).account_status is AccountStatus.SUSPENDED


def test_get_as_a_table_lists_every_field(server: LocalChime, everything: list[Account]) -> None:
    account = next(a for a in everything if a.signin_delegate_groups)
    lines = run(server, "accounts", "get", account.account_id, "-o", "table").stdout.splitlines()
    fields = dict(line.split("  ", 1) for line in lines)
    assert {key.strip(): value.strip() for key, value in fields.items()} == {
        "AWS account ID": account.aws_account_id,
        "Account ID": account.account_id,
        "Name": account.name,
        "Type": str(account.account_type),
        "Created": f"{account.created_timestamp:%Y-%m-%d %H:%M:%S} UTC",
        "Default license": str(account.default_license),
        "Supported licenses": ", ".join(map(str, account.supported_licenses)),
        "Status": str(account.account_status),
        "Sign-in delegate groups": ", ".join(
            str(group.group_name) for group in account.signin_delegate_groups
        ),
    }


def test_update_needs_something_to_change(server: LocalChime, everything: list[Account]) -> None:
    result = run(server, "accounts", "update", everything[0].account_id)
    assert result.exit_code == ExitCode.USAGE
    assert "nothing to change" in result.stderr


def test_delete_off_a_terminal_needs_yes(server: LocalChime, everything: list[Account]) -> None:
    server.clear_requests()
    result = run(server, "accounts", "delete", everything[0].account_id)
    assert result.exit_code == ExitCode.USAGE
    assert "--yes" in result.stderr
    assert server.requests == []


@pytest.mark.parametrize(("answer", "deleted"), [("y", True), ("n", False)])
def test_delete_on_a_terminal_asks_first(
    server: LocalChime,
    sdk: ChimeAccounts,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    deleted: bool,
) -> None:
    monkeypatch.setattr("chime_accounts.cli._accounts._interactive", lambda: True)
    account = sdk.create_account("Short Lived")
    result = run(server, "accounts", "delete", account.account_id, stdin=f"{answer}\n")
    assert "Delete account 'Short Lived'" in result.stdout
    assert (result.exit_code == 0) is deleted
    status = sdk.get_account(account.account_id).account_status
    assert status is (AccountStatus.SUSPENDED if deleted else AccountStatus.ACTIVE)


# -- errors and exit codes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "exit_code", "error"),
    [
        (None, ExitCode.NOT_FOUND, "NotFoundError: GetAccount: NotFoundException (HTTP 404)"),
        (Fault("GetAccount", status=400), ExitCode.USAGE, "BadRequestError"),
        (Fault("GetAccount", status=401), ExitCode.ACCESS, "UnauthorizedError"),
        (Fault("GetAccount", status=403), ExitCode.ACCESS, "ForbiddenError"),
        (
            Fault("GetAccount", status=403, code="AccessDeniedException"),
            ExitCode.ACCESS,
            "AccessDeniedError",
        ),
        (Fault("GetAccount", status=429), ExitCode.THROTTLED, "ThrottledError"),
        (Fault("GetAccount", status=500), ExitCode.SERVICE, "ServiceFailureError"),
        (Fault("GetAccount", status=503), ExitCode.SERVICE, "ServiceUnavailableError"),
        (Fault("GetAccount", status=409), ExitCode.CONFLICT, "ConflictError"),
        (
            Fault("GetAccount", status=400, code="ResourceLimitExceededException"),
            ExitCode.CONFLICT,
            "ResourceLimitExceededError",
        ),
        (Fault("GetAccount", status=418), ExitCode.ERROR, "ChimeAPIError"),
        (Fault("GetAccount", drop_connection=True), ExitCode.SERVICE, "ChimeConnectionError"),
    ],
    ids=lambda value: getattr(value, "name", None) or getattr(value, "status", None),
)
def test_each_error_family_has_its_exit_code_and_one_line(
    server: LocalChime, fault: Fault | None, exit_code: ExitCode, error: str
) -> None:
    account_id = "no-such-account"
    if fault is not None:
        server.inject(fault)
        account_id = server.accounts()[0]["AccountId"]
    result = run(server, "accounts", "get", account_id, env=NO_RETRIES)
    assert result.exit_code == exit_code
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {error}")
    if fault is not None and not fault.drop_connection:
        assert f"HTTP {fault.status}): Injected fault [request id " in line
    assert "request id None" not in line


def test_delete_with_active_users_is_a_conflict(
    server: LocalChime, everything: list[Account]
) -> None:
    account = next(a for a in everything if a.account_status is AccountStatus.ACTIVE)
    server.add_user(account.account_id, EMAIL)
    result = run(server, "accounts", "delete", account.account_id, "--yes")
    assert result.exit_code == ExitCode.CONFLICT
    assert result.stderr.startswith("Error: UnprocessableEntityError: DeleteAccount:")


def test_throttling_is_retried_before_it_is_an_error(
    server: LocalChime, everything: list[Account]
) -> None:
    server.inject(Fault("GetAccount", status=429, count=2))
    result = run(server, "accounts", "get", everything[0].account_id, "--max-attempts", "3")
    assert result.exit_code == 0
    assert read_account("json", result.stdout) == everything[0]


def test_debug_adds_the_traceback(server: LocalChime) -> None:
    result = run(server, "--debug", "accounts", "get", "no-such-account")
    assert result.exit_code == ExitCode.NOT_FOUND
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert result.stderr.splitlines()[-1].startswith("Error: NotFoundError: GetAccount:")


@pytest.mark.parametrize(
    "args",
    [
        ["accounts", "list", "--bogus"],
        ["accounts", "list", "--page-size", "0"],
        ["accounts", "list", "--status", "deleted"],
        ["accounts", "list", "--user-email", "not-an-email"],
        ["accounts", "create", " "],
        ["accounts", "update", "some-id", "--default-license", "gold"],
        ["--output", "yaml", "accounts", "list"],
        ["accounts", "frobnicate"],
    ],
)
def test_bad_input_is_a_usage_error(server: LocalChime, args: list[str]) -> None:
    server.clear_requests()
    result = run(server, *args)
    assert result.exit_code == ExitCode.USAGE
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("Error: ")
    assert server.requests == []


def test_a_bad_starting_token_is_a_usage_error(server: LocalChime) -> None:
    result = run(server, "accounts", "list", "--starting-token", "WzFd")  # base64 of [1]
    assert result.exit_code == ExitCode.USAGE
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: ")


def test_a_bad_email_is_not_echoed(server: LocalChime) -> None:
    result = run(server, "accounts", "list", "--user-email", "secret-person@")
    assert "secret-person" not in result.stderr


def test_interrupting_a_command_exits_130(
    server: LocalChime, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(ChimeAccounts, "get_account", interrupt)
    result = run(server, "accounts", "get", "any")
    assert result.exit_code == ExitCode.INTERRUPTED
    assert result.stderr == "Interrupted.\n"


# -- AWS settings ----------------------------------------------------------------------------


def _aws_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, profile: str, keys: bool) -> None:
    config = tmp_path / "config"
    config.write_text(f"[profile {profile}]\nregion = eu-west-1\n")
    credentials = tmp_path / "credentials"
    if keys:
        credentials.write_text(
            f"[{profile}]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = secret\n"
        )
    else:
        credentials.write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))


def test_a_profile_from_the_shared_files_is_used(
    server: LocalChime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = f"admin-{tmp_path.name}"  # sessions are shared per profile within a process
    _aws_files(tmp_path, monkeypatch, profile, keys=True)
    server.clear_requests()
    result = run(server, "accounts", "list", "--max-items", "1", "--profile", profile)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("Stopped after 1 account (--max-items).")  # no region warning
    assert server.requests[0].had_authorization


def test_missing_credentials_are_an_access_error_with_a_hint(
    server: LocalChime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = f"empty-{tmp_path.name}"
    _aws_files(tmp_path, monkeypatch, profile, keys=False)
    env = {"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None, **NO_RETRIES}
    result = run(server, "--profile", profile, "accounts", "get", "x", env=env)
    assert result.exit_code == ExitCode.ACCESS
    (line,) = result.stderr.splitlines()
    assert "Unable to locate credentials" in line
    assert "--local" in line


def test_an_unknown_profile_is_a_usage_error(server: LocalChime) -> None:
    result = run(server, "--profile", "no-such-profile", "accounts", "get", "x")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        "Error: ProfileNotFound: The config profile (no-such-profile) could not be found\n"
    )


def test_the_endpoint_can_come_from_the_environment_and_other_regions_warn(
    server: LocalChime, everything: list[Account]
) -> None:
    env = {"AWS_ENDPOINT_URL_CHIME": server.endpoint_url}
    args = ["accounts", "get", everything[0].account_id, "--region", "eu-west-1"]
    result = invoke(args, env=env)
    assert result.exit_code == 0
    assert read_account("json", result.stdout) == everything[0]
    assert result.stderr == (
        "Warning: the Chime API is served from us-east-1 only; requests go there anyway\n"
    )


def test_shared_options_work_before_and_after_the_command(
    server: LocalChime, everything: list[Account]
) -> None:
    account_id = everything[0].account_id
    args = ["-o", "csv", "accounts", "get", account_id, "--output", "jsonl"]
    result = run(server, *args)
    assert result.stdout.count("\n") == 1
    assert read_account("jsonl", result.stdout) == everything[0]
    after = invoke(["accounts", "get", account_id, "--endpoint-url", server.endpoint_url])
    assert read_account("json", after.stdout) == everything[0]


# -- --local ---------------------------------------------------------------------------------


def test_local_uses_an_embedded_sample_of_300_accounts() -> None:
    with LocalChime() as reference:
        reference.seed(300, seed=0)
        sample = list(reference.chime_accounts().list_accounts())
    result = invoke(["--local", "accounts", "list", "-o", "csv"])
    assert result.exit_code == 0
    assert read_accounts("csv", result.stdout) == sample
    assert {a.account_status for a in sample} == {AccountStatus.ACTIVE, AccountStatus.SUSPENDED}
    assert len({a.account_type for a in sample}) == 4
    assert len({a.default_license for a in sample}) > 2

    got = invoke(["accounts", "get", sample[0].account_id, "--local", "-o", "jsonl"])
    assert read_account("jsonl", got.stdout) == sample[0]


@pytest.mark.parametrize(
    "aws_option", [["--endpoint-url", "http://127.0.0.1:9"], ["--profile", "p"], ["--region", "x"]]
)
def test_local_cannot_be_combined_with_aws_settings(aws_option: Sequence[str]) -> None:
    result = invoke(["--local", "accounts", "list", *aws_option])
    assert result.exit_code == ExitCode.USAGE
    assert f"--local cannot be combined with {aws_option[0]}" in result.stderr


def test_help_and_version() -> None:
    result = invoke(["--help"])
    assert result.exit_code == 0
    for text in ("accounts", "local", "--local", "--output", "\n    3    not found (404)\n"):
        assert text in result.stdout
    listing = invoke(["accounts", "list", "--help"]).stdout
    assert "--starting-token" in listing
    assert "--profile" in listing
    assert invoke(["--version"]).stdout.startswith("chime-accounts, version ")


def test_json_escapes_what_a_terminal_would_run(local_chime: LocalChime) -> None:
    local_chime.add_account("Evil \x1b[2J Corp")
    table = invoke(["--endpoint-url", local_chime.endpoint_url, "accounts", "list", "-o", "table"])
    assert "\x1b" not in table.stdout
    assert "Evil ?[2J Corp" in table.stdout
    result = invoke(["--endpoint-url", local_chime.endpoint_url, "accounts", "list"])
    assert "\\u001b" in result.stdout
    assert json.loads(result.stdout)[0]["Name"] == "Evil \x1b[2J Corp"
