"""The CLI's building blocks: masking, table layout, cell text and exit codes."""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import NoCredentialsError, ProfileNotFound

from chime_accounts import (
    ChimeAccountsError,
    ChimeAPIError,
    ChimeTimeoutError,
    CredentialsError,
    Invite,
    NotFoundError,
    PaginationError,
    ResponseParseError,
    ServiceUnavailableError,
    UnprocessableEntityError,
    User,
    ValidationError,
)
from chime_accounts.cli import ExitCode
from chime_accounts.cli._accounts import ACCOUNT_VIEW
from chime_accounts.cli._errors import describe_error, exit_code_for
from chime_accounts.cli._output import (
    MASK,
    Field,
    Mode,
    View,
    csv_text,
    fit_columns,
    human_text,
)

from . import invoke

if TYPE_CHECKING:
    from chime_accounts.testing import LocalChime


class _Model:
    """A model whose members are not sensitive in themselves."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def to_dict(self, *, mode: Mode = "python", mask: str | None = None) -> dict[str, Any]:
        return dict(self._data)


USER_VIEW = View(
    singular="user",
    plural="users",
    fields=(
        Field(member="UserId", label="User ID"),
        Field(member="PrimaryEmail", label="Email", sensitive=True),
        Field(member="DisplayName", label="Name", sensitive=True),
    ),
    columns=(),
)


def test_sensitive_values_are_masked_unless_asked_for() -> None:
    user = _Model({"UserId": "u-1", "PrimaryEmail": "ada@example.com", "DisplayName": ""})
    assert USER_VIEW.record(user, show_sensitive=False) == {
        "UserId": "u-1",
        "PrimaryEmail": MASK,
        "DisplayName": "",  # nothing to hide
    }
    assert USER_VIEW.record(user, show_sensitive=True)["PrimaryEmail"] == "ada@example.com"


def test_show_sensitive_reaches_the_output(
    local_chime: LocalChime, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = local_chime.add_account("Secretive")
    fields = tuple(
        Field(member=field.member, label=field.label, sensitive=field.member == "Name")
        for field in ACCOUNT_VIEW.fields
    )
    view = View(singular="account", plural="accounts", fields=fields, columns=ACCOUNT_VIEW.columns)
    monkeypatch.setattr("chime_accounts.cli._accounts.ACCOUNT_VIEW", view)
    args = ["--endpoint-url", local_chime.endpoint_url, "accounts", "get", account["AccountId"]]
    masked = json.loads(invoke(args).stdout)
    assert masked["Name"] == MASK
    for output in ("json", "jsonl", "csv", "table"):
        assert "Secretive" not in invoke([*args, "-o", output]).stdout
    shown = json.loads(invoke([*args, "--show-sensitive"]).stdout)
    assert shown["Name"] == "Secretive"


@pytest.mark.parametrize(
    ("width", "headings", "name_width"),
    [
        (None, ["ACCOUNT ID", "NAME", "TYPE", "STATUS", "LICENSE", "CREATED"], 40),
        (200, ["ACCOUNT ID", "NAME", "TYPE", "STATUS", "LICENSE", "CREATED"], 40),
        (120, ["ACCOUNT ID", "NAME", "TYPE", "STATUS", "LICENSE", "CREATED"], 28),
        (100, ["ACCOUNT ID", "NAME", "TYPE", "STATUS", "LICENSE"], 20),
        (80, ["ACCOUNT ID", "NAME", "STATUS"], 31),
        (40, ["ACCOUNT ID", "NAME", "STATUS"], 16),
    ],
)
def test_the_table_fits_the_terminal(
    width: int | None, headings: list[str], name_width: int
) -> None:
    fitted = fit_columns(ACCOUNT_VIEW.columns, width)
    assert [column.heading for column, _ in fitted] == headings
    assert {column.heading: size for column, size in fitted}["NAME"] == name_width
    if width is not None and width >= 80:
        assert sum(size for _, size in fitted) + 2 * (len(fitted) - 1) <= width


def test_cell_text() -> None:
    moment = dt.datetime(2024, 5, 6, 7, 8, 9, 123000, tzinfo=dt.timezone.utc)
    groups = [{"GroupName": "sales"}, {"GroupName": "support"}]
    assert csv_text(groups) == "sales;support"
    assert csv_text(None) == ""
    assert csv_text(True) == "true"
    assert csv_text({"A": 1, "B": 2}) == '{"A": 1, "B": 2}'
    assert human_text(moment) == "2024-05-06 07:08:09 UTC"
    assert human_text(groups) == "sales, support"
    assert human_text(None) == "-"
    assert human_text([]) == "-"
    assert human_text("bell\a and \x1b[0m") == "bell? and ?[0m"


def _api_error(cls: type[ChimeAPIError], status: int, code: str = "Whatever") -> ChimeAPIError:
    return cls(
        operation="GetAccount",
        code=code,
        message="line one\nline two",
        http_status=status,
        request_id="req-1",
        retry_attempts=0,
    )


def _timeout() -> ChimeTimeoutError:
    return ChimeTimeoutError("GetAccount", "timed out", retry_attempts=4, may_have_succeeded=False)


def _without_credentials() -> ChimeAccountsError:
    error = ChimeAccountsError("GetAccount: Unable to locate credentials")
    error.__cause__ = NoCredentialsError()
    return error


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ValidationError("name", "must not be blank"), ExitCode.USAGE),
        (ProfileNotFound(profile="x"), ExitCode.USAGE),
        (_api_error(NotFoundError, 404), ExitCode.NOT_FOUND),
        (_api_error(UnprocessableEntityError, 422), ExitCode.CONFLICT),
        (_api_error(ServiceUnavailableError, 503), ExitCode.SERVICE),
        (_api_error(ChimeAPIError, 502), ExitCode.SERVICE),
        (_api_error(ChimeAPIError, 404), ExitCode.NOT_FOUND),
        (_api_error(ChimeAPIError, 429), ExitCode.THROTTLED),
        (_api_error(ChimeAPIError, 418), ExitCode.ERROR),
        (_without_credentials(), ExitCode.ACCESS),
        (CredentialsError("GetAccount", "Unable to locate credentials"), ExitCode.ACCESS),
        (_timeout(), ExitCode.SERVICE),
        (ResponseParseError("GetAccount", "Account", "missing"), ExitCode.SERVICE),
        (PaginationError("ListAccounts: same token twice"), ExitCode.SERVICE),
        (RuntimeError("boom"), ExitCode.ERROR),
        (KeyboardInterrupt(), ExitCode.INTERRUPTED),
    ],
)  # fmt: skip
def test_every_error_has_an_exit_code(error: BaseException, code: ExitCode) -> None:
    assert exit_code_for(error) == code


def test_the_error_report_is_one_line() -> None:
    assert describe_error(_api_error(NotFoundError, 404, "NotFoundException")) == (
        "NotFoundError: GetAccount: NotFoundException (HTTP 404): line one line two"
        " [request id req-1]"
    )
    assert describe_error(RuntimeError("boom")).endswith("--debug shows the traceback)")
    assert "--local" in describe_error(_without_credentials())
    missing = describe_error(CredentialsError("GetAccount", "Unable to locate credentials"))
    assert missing.startswith("CredentialsError: GetAccount: Unable to locate credentials; ")
    assert "--profile" in missing
    assert "--local" in missing


def test_the_members_the_library_calls_sensitive_are_always_masked() -> None:
    user = User.from_dict(
        {
            "UserId": "u-1",
            "PrimaryEmail": "ada@example.com",
            "DisplayName": "Ada",
            "AlexaForBusinessMetadata": {
                "IsAlexaForBusinessEnabled": True,
                "AlexaForBusinessRoomArn": "arn:aws:a4b:room/1",
            },
        }
    )
    view = View(singular="user", plural="users", fields=(), columns=())  # flags nothing
    assert view.record(user, show_sensitive=False) == {
        "UserId": "u-1",
        "PrimaryEmail": MASK,
        "DisplayName": MASK,
        "AlexaForBusinessMetadata": {
            "IsAlexaForBusinessEnabled": True,
            "AlexaForBusinessRoomArn": MASK,
        },
    }
    assert view.record(user, show_sensitive=True) == user.to_dict(mode="json")
    invite = Invite.from_dict({"InviteId": "i-1", "EmailAddress": "ada@example.com"})
    assert view.record(invite, show_sensitive=False)["EmailAddress"] == MASK


def test_the_cli_uses_only_the_public_api() -> None:
    package = Path(__file__).resolve().parents[2] / "chime_accounts" / "cli"
    imported: list[str] = []
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.append(node.module)
            elif isinstance(node, ast.Import):
                imported += [alias.name for alias in node.names]
    library = {name for name in imported if name.split(".")[0] == "chime_accounts"}
    assert library == {"chime_accounts", "chime_accounts.exceptions", "chime_accounts.testing"}
