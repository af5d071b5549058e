"""The options every command shares and the client they configure.

Each shared option is accepted both before the command group (``chime-accounts --local
accounts list``) and after the command (``chime-accounts accounts list --local``); a value
given after the command wins. A command group of its own adds ``@shared_options`` to each of
its commands, takes the :class:`Settings` with ``@pass_settings`` and opens the client with
:func:`open_chime`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import click

from chime_accounts import ChimeAccounts, RetryPolicy

__all__ = [
    "CHIME_REGION",
    "LOCAL_SAMPLE_SIZE",
    "LOCAL_SEED",
    "OUTPUT_FORMATS",
    "Settings",
    "note_local",
    "open_chime",
    "pass_settings",
    "shared_options",
]

F = TypeVar("F", bound="Callable[..., Any]")
_Callback = Callable[..., Any]

OUTPUT_FORMATS = ("table", "json", "jsonl", "csv")
CHIME_REGION = "us-east-1"
#: The sample ``--local`` and ``local serve`` start with: same accounts on every run.
LOCAL_SAMPLE_SIZE = 300
LOCAL_SEED = 0


@dataclass
class Settings:
    """What the shared options asked for, gathered over the command line.

    Attributes:
        output: The output format, or None for the default (table on a terminal, else json).
        show_sensitive: Show sensitive values instead of masking them.
        debug: Show tracebacks and retry logging.
        profile: The AWS profile, or None for boto3's default chain.
        region: The region, or None for us-east-1.
        endpoint_url: Another endpoint, or None for AWS (or one configured for boto3).
        local: Use an embedded, seeded LocalChime instead of AWS.
        max_attempts: Attempts per request, or None for the library's default.
        hints: Lines to print on stderr after an error report, e.g. how to resume.
    """

    output: str | None = None
    show_sensitive: bool = False
    debug: bool = False
    profile: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    local: bool = False
    max_attempts: int | None = None
    hints: list[str] = field(default_factory=list[str])

    def output_format(self) -> str:
        """The output format to use: the chosen one, or table on a terminal and json if not."""
        if self.output is not None:
            return self.output
        return "table" if sys.stdout.isatty() else "json"


pass_settings = click.make_pass_decorator(Settings, ensure=True)


def _remember(attribute: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    def callback(ctx: click.Context, _param: click.Parameter, value: object) -> None:
        if value is None or value is False:
            return  # not given here: keep what an earlier position set
        setattr(ctx.ensure_object(Settings), attribute, value)
        if attribute == "debug":
            _log_to_stderr()

    return callback


def _log_to_stderr() -> None:
    logger = logging.getLogger("chime_accounts")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(name)s: %(levelname)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)


def _shared() -> list[Callable[[_Callback], _Callback]]:
    return [
        click.option(
            "-o",
            "--output",
            type=click.Choice(OUTPUT_FORMATS, case_sensitive=False),
            expose_value=False,
            callback=_remember("output"),
            help="Output format. Default: table when stdout is a terminal, json otherwise.",
        ),
        click.option(
            "--show-sensitive",
            is_flag=True,
            default=False,
            expose_value=False,
            callback=_remember("show_sensitive"),
            help="Show sensitive values (such as user email addresses) instead of ***.",
        ),
        click.option(
            "--profile",
            metavar="NAME",
            expose_value=False,
            callback=_remember("profile"),
            help="AWS profile from the shared config and credentials files"
            " (default: AWS_PROFILE, else the default chain).",
        ),
        click.option(
            "--region",
            metavar="REGION",
            expose_value=False,
            callback=_remember("region"),
            help=f"AWS region. The Chime API is served from {CHIME_REGION} only, the default.",
        ),
        click.option(
            "--endpoint-url",
            metavar="URL",
            expose_value=False,
            callback=_remember("endpoint_url"),
            help="Send requests to this endpoint instead of AWS"
            " (default: AWS_ENDPOINT_URL_CHIME, AWS_ENDPOINT_URL or the profile's endpoint_url).",
        ),
        click.option(
            "--max-attempts",
            type=click.IntRange(1, 100),
            metavar="N",
            envvar="AWS_MAX_ATTEMPTS",
            show_envvar=True,
            expose_value=False,
            callback=_remember("max_attempts"),
            help="Attempts per request, retries of throttled and failed calls included;"
            " 1 turns retrying off.  [default: 5]",
        ),
        click.option(
            "--local",
            is_flag=True,
            default=False,
            expose_value=False,
            callback=_remember("local"),
            help=f"Use an embedded local Chime endpoint with {LOCAL_SAMPLE_SIZE} sample"
            " accounts instead of AWS; changes last for this one command.",
        ),
        click.option(
            "--debug",
            is_flag=True,
            default=False,
            expose_value=False,
            callback=_remember("debug"),
            help="Show the traceback of an error and log retries.",
        ),
    ]


def shared_options(function: F) -> F:
    """Add the shared options (output, AWS settings, ``--local``, ``--debug``) to a command."""
    decorated: _Callback = function
    for option in reversed(_shared()):
        decorated = option(decorated)
    return cast("F", decorated)


def _warn(message: str) -> None:
    click.echo(f"Warning: {message}", err=True)


def note_local(settings: Settings) -> None:
    """After a change, tell a person at a terminal that ``--local`` does not keep it."""
    if settings.local and sys.stderr.isatty():
        click.echo(
            "Note: --local starts from the same sample every time, so this change ends with"
            " the command; `chime-accounts local serve` keeps changes while it runs.",
            err=True,
        )


def open_chime(ctx: click.Context) -> ChimeAccounts:
    """Return the client the settings ask for, closed when the command ends.

    With ``--local`` it is an embedded LocalChime seeded with the sample accounts; otherwise
    boto3 finds credentials, config and endpoint as the AWS CLI does.

    Raises:
        click.UsageError: ``--local`` was combined with AWS settings.
    """
    settings = ctx.ensure_object(Settings)
    retry = None
    if settings.max_attempts is not None:
        retry = RetryPolicy(max_attempts=settings.max_attempts)
    if settings.local:
        aws_options = {
            "--profile": settings.profile,
            "--region": settings.region,
            "--endpoint-url": settings.endpoint_url,
        }
        given = [option for option, value in aws_options.items() if value is not None]
        if given:
            raise click.UsageError(f"--local cannot be combined with {', '.join(given)}")
        # Imported here: only --local needs the server.
        from chime_accounts.testing import LocalChime

        server = ctx.with_resource(LocalChime())
        server.seed(LOCAL_SAMPLE_SIZE, LOCAL_SEED)
        return ctx.with_resource(server.chime_accounts(retry=retry))
    region = settings.region or CHIME_REGION
    if region != CHIME_REGION and settings.endpoint_url is None:
        _warn(f"the Chime API is served from {CHIME_REGION} only; requests go there anyway")
    return ctx.with_resource(
        ChimeAccounts(
            profile_name=settings.profile,
            region_name=region,
            endpoint_url=settings.endpoint_url,
            retry=retry,
        )
    )
