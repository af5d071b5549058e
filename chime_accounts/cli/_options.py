"""The options every command shares, the listing options, and the client they configure.

Each shared option is accepted both before the command group (``chime-accounts --local
accounts list``) and after the command (``chime-accounts accounts list --local``); a value
given after the command wins. A command adds ``@shared_options``, takes the
:class:`Settings` with ``@pass_settings`` and opens the client with :func:`open_chime`; a
listing adds ``@listing_options(...)`` and takes its :class:`Paging`.

The client and boto3 are imported only when a command opens the client, so that
``--help``, ``--version`` and usage errors start quickly.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from chime_accounts import License, UserType

if TYPE_CHECKING:
    from chime_accounts import ChimeAccounts

__all__ = [
    "CHIME_REGION",
    "LICENSE",
    "LOCAL_SAMPLE_SIZE",
    "LOCAL_SEED",
    "OUTPUT_FORMATS",
    "USER_TYPE",
    "Paging",
    "Settings",
    "listing_options",
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


class _AnyCase(click.Choice[str]):
    """The values of an enum of the service, accepted in any case, shown in its spelling."""

    def __init__(self, values: Iterable[str]) -> None:
        super().__init__(list(values), case_sensitive=False)

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:  # noqa: ARG002 - click's signature
        return "[" + "|".join(self.choices) + "]"


#: The type of a license option: Basic, Plus, Pro or ProTrial.
LICENSE = _AnyCase(member.value for member in License)
#: The type of a user type option: PrivateUser or SharedDevice.
USER_TYPE = _AnyCase(member.value for member in UserType)


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
"""Pass the command's :class:`Settings` as its first argument."""


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


@dataclass(frozen=True)
class Paging:
    """What the listing options asked for.

    Attributes:
        page_size: Records per request, or None for the service's default.
        max_items: Show at most this many records, or None for all.
        starting_token: Where an earlier listing stopped, or None to start at the beginning.
    """

    page_size: int | None
    max_items: int | None
    starting_token: str | None


def listing_options(plural: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Add ``--page-size``, ``--max-items`` and ``--starting-token`` to a listing command.

    The command gets them as one keyword argument, ``paging``, a :class:`Paging`.

    Args:
        plural: What the command lists, e.g. ``accounts``, for the help texts.
    """
    options = [
        click.option(
            "--page-size",
            type=click.IntRange(1, 200),
            metavar="N",
            help=f"{plural.capitalize()} per request, 1-200.  [default: the service's, 100]",
        ),
        click.option(
            "--max-items",
            type=click.IntRange(min=1),
            metavar="N",
            help=f"Show at most N {plural}, then print the token to continue on stderr.",
        ),
        click.option(
            "--starting-token",
            metavar="TOKEN",
            help="Continue where --max-items, an error or Ctrl-C stopped an earlier listing.",
        ),
    ]

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def command(
            *args: Any,  # noqa: ANN401 - the command's own arguments, passed on as they are
            page_size: int | None,
            max_items: int | None,
            starting_token: str | None,
            **kwargs: Any,  # noqa: ANN401 - same
        ) -> Any:  # noqa: ANN401 - same
            paging = Paging(page_size, max_items, starting_token)
            return function(*args, paging=paging, **kwargs)

        decorated: Callable[..., Any] = command
        for option in reversed(options):
            decorated = option(decorated)
        return decorated

    return decorate


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


def open_chime(settings: Settings) -> ChimeAccounts:
    """Return the client the settings ask for, closed when the command ends.

    With ``--local`` it is an embedded LocalChime seeded with the sample accounts; otherwise
    boto3 finds credentials, config and endpoint as the AWS CLI does.

    Raises:
        click.UsageError: ``--local`` was combined with AWS settings.
    """
    from chime_accounts import ChimeAccounts, RetryPolicy

    ctx = click.get_current_context()
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
