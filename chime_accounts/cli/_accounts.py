"""``chime-accounts accounts``: list, get, create, update and delete Chime accounts."""

from __future__ import annotations

import datetime as dt
import sys

import click

from chime_accounts import AccountStatus, License

from ._listing import show_one, stream_list
from ._options import Settings, note_local, open_chime, shared_options
from ._output import Column, Field, View, human_text

__all__ = ["ACCOUNT_VIEW", "accounts"]


def _date(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d")
    return human_text(value)


ACCOUNT_VIEW = View(
    singular="account",
    plural="accounts",
    fields=(
        Field(member="AwsAccountId", label="AWS account ID"),
        Field(member="AccountId", label="Account ID"),
        Field(member="Name", label="Name"),
        Field(member="AccountType", label="Type"),
        Field(member="CreatedTimestamp", label="Created"),
        Field(member="DefaultLicense", label="Default license"),
        Field(member="SupportedLicenses", label="Supported licenses"),
        Field(member="AccountStatus", label="Status"),
        Field(member="SigninDelegateGroups", label="Sign-in delegate groups"),
    ),
    columns=(
        Column(member="AccountId", heading="ACCOUNT ID", width=36),
        Column(member="Name", heading="NAME", width=40, min_width=16),
        Column(member="AccountType", heading="TYPE", width=19, drop=1),
        Column(member="AccountStatus", heading="STATUS", width=9),
        Column(member="DefaultLicense", heading="LICENSE", width=8, drop=2),
        Column(member="CreatedTimestamp", heading="CREATED", width=10, drop=3, text=_date),
    ),
)
"""How accounts are shown; CSV columns are the AWS members in this order."""

_STATUSES = {"active": AccountStatus.ACTIVE, "suspended": AccountStatus.SUSPENDED}
_LICENSES = [member.value for member in License]


def _interactive() -> bool:
    return sys.stdin.isatty()


@click.group("accounts")
def accounts() -> None:
    """List, show, create, update and delete Amazon Chime accounts; show and set settings."""


@accounts.command("list")
@click.option("--name", metavar="PREFIX", help="Only accounts whose name starts with PREFIX.")
@click.option(
    "--user-email", metavar="EMAIL", help="Only the account of the user with this email address."
)
@click.option(
    "--status",
    type=click.Choice(sorted(_STATUSES), case_sensitive=False),
    help="Only active or only suspended accounts (filtered here: the service cannot).",
)
@click.option(
    "--page-size",
    type=click.IntRange(1, 200),
    metavar="N",
    help="Accounts per request, 1-200.  [default: the service's, 100]",
)
@click.option(
    "--max-items",
    type=click.IntRange(min=1),
    metavar="N",
    help="Show at most N accounts, then print the token to continue on stderr.",
)
@click.option(
    "--starting-token",
    metavar="TOKEN",
    help="Continue where --max-items, an error or Ctrl-C stopped an earlier listing.",
)
@shared_options
@click.pass_context
def list_accounts(
    ctx: click.Context,
    name: str | None,
    user_email: str | None,
    status: str | None,
    page_size: int | None,
    max_items: int | None,
    starting_token: str | None,
) -> None:
    """List accounts, printing each page as it arrives.

    When --max-items, an error or Ctrl-C stops the listing early, the last line on stderr
    gives the --starting-token that continues it.
    """
    settings = ctx.ensure_object(Settings)
    chime = open_chime(ctx)
    pager = chime.list_accounts(
        name=name, user_email=user_email, page_size=page_size, starting_token=starting_token
    )
    wanted = None if status is None else _STATUSES[status.lower()]
    stream_list(
        settings,
        ACCOUNT_VIEW,
        pager,
        keep=None if wanted is None else (lambda account: account.account_status == wanted),
        max_items=max_items,
    )


@accounts.command("get")
@click.argument("account_id")
@shared_options
@click.pass_context
def get_account(ctx: click.Context, account_id: str) -> None:
    """Show the account ACCOUNT_ID."""
    settings = ctx.ensure_object(Settings)
    show_one(settings, ACCOUNT_VIEW, open_chime(ctx).get_account(account_id))


@accounts.command("create")
@click.argument("name")
@shared_options
@click.pass_context
def create_account(ctx: click.Context, name: str) -> None:
    """Create a Team account called NAME and show it.

    Never repeated automatically: if the answer is lost, the error says the account may
    exist; look for it with `accounts list --name` before creating it again.
    """
    settings = ctx.ensure_object(Settings)
    show_one(settings, ACCOUNT_VIEW, open_chime(ctx).create_account(name))
    note_local(settings)


@accounts.command("update")
@click.argument("account_id")
@click.option("--name", metavar="NAME", help="The new account name.")
@click.option(
    "--default-license",
    type=click.Choice(_LICENSES, case_sensitive=False),
    help="The license new users get.",
)
@shared_options
@click.pass_context
def update_account(
    ctx: click.Context, account_id: str, name: str | None, default_license: str | None
) -> None:
    """Rename the account ACCOUNT_ID or change its default license, and show it."""
    if name is None and default_license is None:
        raise click.UsageError("nothing to change: give --name, --default-license or both")
    settings = ctx.ensure_object(Settings)
    changes: dict[str, str] = {}
    if name is not None:
        changes["name"] = name
    if default_license is not None:
        changes["default_license"] = default_license
    account = open_chime(ctx).update_account(account_id, **changes)
    show_one(settings, ACCOUNT_VIEW, account)
    note_local(settings)


@accounts.command("delete")
@click.argument("account_id")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@shared_options
@click.pass_context
def delete_account(ctx: click.Context, account_id: str, *, yes: bool) -> None:
    """Delete the account ACCOUNT_ID: it becomes Suspended and stays listed.

    Asks for confirmation on a terminal; elsewhere --yes is required. A Team account's
    users must be suspended or removed first.
    """
    if not yes and not _interactive():
        raise click.UsageError("deleting needs confirmation: add --yes")
    settings = ctx.ensure_object(Settings)
    chime = open_chime(ctx)
    if not yes:
        account = chime.get_account(account_id)
        click.confirm(f"Delete account {human_text(account.name)!r} ({account_id})?", abort=True)
    chime.delete_account(account_id)
    click.echo(f"Deleted account {account_id}; it stays listed as Suspended.", err=True)
    note_local(settings)
