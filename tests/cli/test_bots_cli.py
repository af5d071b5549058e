"""``chime-accounts bots ...`` and ``bots events ...`` against LocalChime, and ``--local``."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from chime_accounts import Bot, EventsConfiguration
from chime_accounts.cli import ExitCode
from chime_accounts.cli._output import MASK
from chime_accounts.testing import Fault, LocalChime

from . import invoke, resume_token
from .test_process_cli import imports_of
from .test_rooms_cli import records

if TYPE_CHECKING:
    from click.testing import Result

MACHINE_FORMATS = ["json", "jsonl", "csv"]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
ENDPOINT = "https://hooks.example.com/bot-events"
LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:bot"


@dataclass(frozen=True)
class Sample:
    """An EnterpriseLWA account with three bots, the last one stopped."""

    account: str
    bots: tuple[str, ...]


@pytest.fixture
def sample(local_chime: LocalChime) -> Sample:
    account = local_chime.add_account("Bots Co", account_type="EnterpriseLWA")["AccountId"]
    bots = tuple(
        local_chime.add_bot(account, name, domain="example.com", disabled=name == "Old")["BotId"]
        for name in ("Help", "Standup", "Old")
    )
    local_chime.clear_requests()
    return Sample(account, bots)


def run(server: LocalChime, *args: str) -> Result:
    return invoke(["--endpoint-url", server.endpoint_url, *args])


def token_of(server: LocalChime, account: str, bot: str) -> str:
    return next(str(b["SecurityToken"]) for b in server.bots(account) if b["BotId"] == bot)


@pytest.mark.parametrize("output", MACHINE_FORMATS)
def test_list_writes_every_bot_as_the_sdk_reads_it(
    local_chime: LocalChime, sample: Sample, output: str
) -> None:
    result = run(local_chime, "bots", "list", sample.account, "-o", output, "--show-sensitive")

    assert result.exit_code == 0, result.stderr
    found = records(output, result.stdout)
    if output == "csv":
        for record in found:
            record["Disabled"] = record["Disabled"] == "true"
    assert [Bot.from_dict(r) for r in found] == [
        Bot.from_dict(b) for b in local_chime.bots(sample.account)
    ]


@pytest.mark.parametrize("output", [*MACHINE_FORMATS, "table"])
def test_security_tokens_are_masked_unless_asked(
    local_chime: LocalChime, sample: Sample, output: str
) -> None:
    tokens = [token_of(local_chime, sample.account, bot) for bot in sample.bots]

    listed = run(local_chime, "bots", "list", sample.account, "-o", output)
    shown = run(local_chime, "bots", "get", sample.account, sample.bots[0], "-o", output)

    for token in tokens:
        assert token not in listed.stdout + listed.stderr + shown.stdout + shown.stderr
    assert "Help (Bot)" not in listed.stdout + shown.stdout
    if output == "json":
        assert json.loads(shown.stdout)["SecurityToken"] == MASK
    with_secrets = run(
        local_chime, "bots", "get", sample.account, sample.bots[0], "-o", output, "--show-sensitive"
    )
    assert tokens[0] in with_secrets.stdout


def test_list_table_and_resume(local_chime: LocalChime, sample: Sample) -> None:
    table = run(local_chime, "bots", "list", sample.account, "-o", "table")
    first = run(local_chime, "bots", "list", sample.account, "--max-items", "2", "-o", "jsonl")
    token = resume_token(first.stderr)
    assert token is not None
    rest = run(
        local_chime, "bots", "list", sample.account, "--starting-token", token, "-o", "jsonl"
    )

    assert table.stdout.splitlines()[0].split() == ["BOT", "ID", "NAME", "DISABLED", "EMAIL"]
    assert [line.split()[2] for line in table.stdout.splitlines()[1:]] == ["no", "no", "yes"]
    ids = [r["BotId"] for r in records("jsonl", first.stdout + rest.stdout)]
    assert ids == list(sample.bots)


def test_create_shows_the_bot_and_says_how_to_see_its_token(
    local_chime: LocalChime, sample: Sample
) -> None:
    result = run(local_chime, "bots", "create", sample.account, "Deploy", "--domain", "ex.com")

    assert result.exit_code == 0, result.stderr
    bot = Bot.from_dict(json.loads(result.stdout))
    assert bot.security_token == MASK
    assert "--show-sensitive" in result.stderr
    assert local_chime.bots(sample.account)[-1]["BotEmail"] == "Deploy-chimebot@ex.com"


def test_the_eleventh_bot_is_refused_in_the_current_state(
    local_chime: LocalChime, sample: Sample
) -> None:
    for n in range(7):
        local_chime.add_bot(sample.account, f"Bot{n}")

    result = run(local_chime, "bots", "create", sample.account, "Eleventh")

    assert result.exit_code == ExitCode.CONFLICT
    assert "ResourceLimitExceeded" in result.stderr


def test_a_create_that_may_have_succeeded_says_so(local_chime: LocalChime, sample: Sample) -> None:
    local_chime.inject(Fault(operation="CreateBot", status=500, apply=True))

    result = run(local_chime, "bots", "create", sample.account, "Maybe")

    assert result.exit_code == ExitCode.SERVICE
    assert "may have been carried out" in result.stderr
    assert sum(r.operation == "CreateBot" for r in local_chime.requests) == 1


def test_update_stops_and_starts(local_chime: LocalChime, sample: Sample) -> None:
    stopped = run(local_chime, "bots", "update", sample.account, sample.bots[0], "--disabled")
    started = run(local_chime, "bots", "update", sample.account, sample.bots[2], "--enabled")
    nothing = run(local_chime, "bots", "update", sample.account, sample.bots[0])

    assert json.loads(stopped.stdout)["Disabled"] is True
    assert json.loads(started.stdout)["Disabled"] is False
    assert nothing.exit_code == ExitCode.USAGE
    assert "nothing to change" in nothing.stderr


def test_regenerate_token_shows_the_new_token_only_when_asked(
    local_chime: LocalChime, sample: Sample
) -> None:
    before = token_of(local_chime, sample.account, sample.bots[0])

    masked = run(local_chime, "bots", "regenerate-token", sample.account, sample.bots[0])
    after_masked = token_of(local_chime, sample.account, sample.bots[0])
    shown = run(
        local_chime, "bots", "regenerate-token", sample.account, sample.bots[0], "--show-sensitive"
    )
    after_shown = token_of(local_chime, sample.account, sample.bots[0])

    assert len({before, after_masked, after_shown}) == 3
    assert json.loads(masked.stdout)["SecurityToken"] == MASK
    assert after_masked not in masked.stdout + masked.stderr
    assert "--show-sensitive" in masked.stderr
    assert json.loads(shown.stdout)["SecurityToken"] == after_shown
    assert shown.stderr == ""


def test_unknown_bot_is_not_found(local_chime: LocalChime, sample: Sample) -> None:
    result = run(local_chime, "bots", "get", sample.account, "no-such-bot")

    assert result.exit_code == ExitCode.NOT_FOUND


def test_events_set_get_and_delete(local_chime: LocalChime, sample: Sample) -> None:
    bot = sample.bots[0]
    put = run(
        local_chime, "bots", "events", "set", sample.account, bot, "--https-endpoint", ENDPOINT
    )
    got = run(local_chime, "bots", "events", "get", sample.account, bot, "--show-sensitive")
    replaced = run(
        local_chime, "bots", "events", "set", sample.account, bot,
        "--lambda-function-arn", LAMBDA_ARN, "-o", "table",
    )  # fmt: skip
    deleted = run(local_chime, "bots", "events", "delete", sample.account, bot)
    gone = run(local_chime, "bots", "events", "get", sample.account, bot)

    assert json.loads(put.stdout) == {"BotId": bot, "OutboundEventsHTTPSEndpoint": MASK}
    assert EventsConfiguration.from_dict(json.loads(got.stdout)) == EventsConfiguration(
        bot_id=bot, outbound_events_https_endpoint=ENDPOINT
    )
    assert "Lambda function ARN" in replaced.stdout
    assert LAMBDA_ARN not in replaced.stdout
    assert deleted.exit_code == 0
    assert f"Deleted the events configuration of bot {bot}." in deleted.stderr
    assert gone.exit_code == ExitCode.NOT_FOUND


@pytest.mark.parametrize(
    ("targets", "status"),
    [
        ([], ExitCode.USAGE),
        (["--https-endpoint", ENDPOINT, "--lambda-function-arn", LAMBDA_ARN], ExitCode.USAGE),
        (["--https-endpoint", "http://insecure.example.com"], ExitCode.USAGE),
    ],
)
def test_events_set_needs_exactly_one_valid_target(
    local_chime: LocalChime, sample: Sample, targets: list[str], status: int
) -> None:
    result = run(local_chime, "bots", "events", "set", sample.account, sample.bots[0], *targets)

    assert result.exit_code == status
    assert "insecure.example.com" not in result.stderr
    assert local_chime.requests == []


@pytest.mark.parametrize(
    "args",
    [
        ["bots", "--help"],
        ["bots", "events", "set", "--help"],
        ["bots", "update", "a", "b"],
        ["bots", "events", "set", "a", "b"],
    ],
)
def test_help_and_usage_errors_import_no_boto3(args: list[str], tmp_path: Path) -> None:
    status = 0 if "--help" in args else ExitCode.USAGE
    assert imports_of(args, tmp_path) == (status, [])


def test_help_lists_the_commands() -> None:
    assert "  bots " in invoke(["--help"]).stdout
    bots = invoke(["bots", "--help"]).stdout
    for command in ("list", "get", "create", "update", "regenerate-token", "events"):
        assert f"\n  {command} " in bots
    assert "--disabled / --enabled" in invoke(["bots", "update", "--help"]).stdout


# -- --local ---------------------------------------------------------------------------------


def documented_chat_commands() -> list[tuple[list[str], int]]:
    """The rooms and bots commands of the --local walkthrough in docs/cli.md."""
    text = DOCS.read_text()
    marker = "<!-- Each command below is run by tests/cli/test_bots_cli.py. -->\n```sh\n"
    block = text.split(marker, 1)[1].split("```", 1)[0]
    commands: list[tuple[list[str], int]] = []
    for line in block.splitlines():
        found = re.search(r"# exit status (\d+)", line)
        words = shlex.split(line, comments=True)
        assert words[:2] == ["chime-accounts", "--local"], line
        commands.append((words[1:], int(found.group(1)) if found else 0))
    return commands


def test_the_documented_rooms_and_bots_walkthrough_runs() -> None:
    commands = documented_chat_commands()
    covered = {tuple(args[1:3]) for args, _ in commands}
    for command in ("list", "get", "create", "update", "delete", "members"):
        assert ("rooms", command) in covered
    for command in ("list", "get", "create", "update", "regenerate-token", "events"):
        assert ("bots", command) in covered
    for args, status in commands:
        result = invoke([*args, "-o", "json"])
        assert result.exit_code == status, (args, result.stderr)
        if status == 0:
            assert "Error" not in result.stderr, (args, result.stderr)
            assert result.stdout == "" or json.loads(result.stdout) is not None


def test_local_walkthrough_data_is_as_the_docs_describe() -> None:
    with LocalChime() as reference:
        reference.seed(300, seed=0)
        with reference.chime_accounts() as chime:
            account = chime.get_account("81f78682-40ea-482a-ba2a-07470039388f")
            rooms = [r.name for r in chime.list_rooms(account.account_id)]
            bots = [b.display_name for b in chime.list_bots(account.account_id)]
            members = list(
                chime.list_room_memberships(
                    account.account_id, "ddcbbc82-8a8b-4afd-a8ab-4477948efc27"
                )
            )
    assert (account.name, str(account.account_type)) == ("Cyberdyne Systems 443", "EnterpriseLWA")
    assert rooms == ["Ops", "General", "Announcements"]
    assert bots == ["HelpBot (Bot)"]
    assert [m.member.full_name for m in members if m.member is not None] == [
        "Dana Smith",
        "Dana Nguyen",
    ]
