"""The ``chime-accounts`` command: Amazon Chime account administration from the shell.

Run it as ``chime-accounts`` or ``python -m chime_accounts``; see ``docs/cli.md``.

Each command group lives in a module of its own and is added to :data:`cli`, or to another
group, below. Its commands take the shared options with
:func:`~chime_accounts.cli._options.shared_options` and
:func:`~chime_accounts.cli._options.pass_settings`, open the client with
:func:`~chime_accounts.cli._options.open_chime` and print through
:func:`~chime_accounts.cli._listing.show_one`, :func:`~chime_accounts.cli._listing.show_all`
and :func:`~chime_accounts.cli._listing.stream_list` with a
:class:`~chime_accounts.cli._output.View` of their model. They raise the library's errors
as they come: the root group turns them into one line on stderr and an exit status
(:class:`~chime_accounts.cli._errors.ExitCode`).

The modules import click and the library's enums and errors only; the client, boto3 and
the models are imported by the commands that use them, so that ``--help`` starts quickly.
"""

from __future__ import annotations

import errno
import traceback
from typing import TYPE_CHECKING, Any, NoReturn

import click

from chime_accounts import __version__

from ._account_settings import account_settings
from ._accounts import accounts
from ._bot_events import bot_events
from ._bots import bots
from ._delegate_groups import delegate_groups
from ._errors import ExitCode, describe_error, exit_code_for
from ._export import export
from ._invitations import invite_users
from ._local import local
from ._offboard import offboard
from ._options import Settings, shared_options
from ._room_members import room_members
from ._rooms import rooms
from ._user_settings import user_settings
from ._users import users

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["ExitCode", "cli", "main"]


class _Root(click.Group):
    """The root group: reports any error that ends a command as one line and an exit status."""

    def invoke(self, ctx: click.Context) -> Any:  # noqa: ANN401 - click's own signature
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise  # stdout was closed (`| head`): click ends quietly
            _fail(ctx, error)
        except (Exception, KeyboardInterrupt) as error:  # noqa: BLE001 - reported, then exit
            _fail(ctx, error)


def _fail(ctx: click.Context, error: BaseException) -> NoReturn:
    settings = ctx.ensure_object(Settings)
    if isinstance(error, KeyboardInterrupt):
        click.echo("Interrupted.", err=True)
    else:
        if settings.debug:
            lines = traceback.format_exception(type(error), error, error.__traceback__)
            click.echo("".join(lines), err=True, nl=False)
        click.echo(f"Error: {describe_error(error)}", err=True)
    for hint in settings.hints:
        click.echo(hint, err=True)
    ctx.exit(exit_code_for(error))


_HELP = """Administer Amazon Chime accounts.

Credentials, profile and endpoint come from the options, the AWS_* environment variables
and ~/.aws/config, as for the AWS CLI. Without an AWS account, try the embedded sample:
chime-accounts --local accounts list

The shared options below also work after the command, e.g. accounts list -o json.

\b
Exit status:
  0    success
  1    any other error
  2    usage error or invalid input (400)
  3    not found (404)
  4    no credentials, unauthorized or forbidden (401, 403)
  5    throttled, after retrying (429)
  6    service failure or unreachable (5xx, connection, unreadable answer)
  7    refused in the current state (409, 422, a limit reached)
  8    partial failure: some users, members, items or accounts failed (listed)
  130  interrupted
"""


@click.group(
    cls=_Root,
    help=_HELP,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "--version", prog_name="chime-accounts")
@shared_options
def cli() -> None:
    """The ``chime-accounts`` command group; its help is ``_HELP``."""


accounts.add_command(account_settings)
accounts.add_command(delegate_groups)
users.add_command(invite_users)
users.add_command(user_settings)
rooms.add_command(room_members)
bots.add_command(bot_events)
for group in (accounts, users, rooms, bots, local):
    cli.add_command(group)
cli.add_command(export)
cli.add_command(offboard)


def main(args: Sequence[str] | None = None, prog_name: str = "chime-accounts") -> None:
    """Run the command line and exit with its status.

    Args:
        args: The arguments; ``sys.argv[1:]`` when None.
        prog_name: The name shown in usage and help.
    """
    cli.main(args=args, prog_name=prog_name)
