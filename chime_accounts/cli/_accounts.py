"""``chime-accounts accounts``: list, get, create, update and delete Chime accounts."""

from __future__ import annotations

import sys

import click

from chime_accounts import UNSET, AccountStatus

from ._listing import show_one, stream_list
from ._options import (
    LICENSE,
    Paging,
    Settings,
    listing_options,
    note_local,
    open_chime,
    pass_settings,
    shared_options,
)
from ._output import Column, Field, View, date_text, human_text

__all__ = ["ACCOUNT_VIEW", "accounts"]


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
        Column(member="CreatedTimestamp", heading="CREATED", width=10, drop=3, text=date_text),
    ),
)
"""How accounts are shown; CSV columns are the AWS members in this order."""

_STATUSES = {"active": AccountStatus.ACTIVE, "suspended": AccountStatus.SUSPENDED}


def _interactive() -> bool:
    return sys.stdin.isatty()


@click.group("accounts")
def accounts() -> None:
    """List, show, create, update and delete Amazon Chime accounts; settings, sign-in groups."""


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
@listing_options("accounts")
@shared_options
@pass_settings
def list_accounts(
    settings: Settings,
    name: str | None,
    user_email: str | None,
    status: str | None,
    paging: Paging,
) -> None:
    """List accounts, printing each page as it arrives.

    When --max-items, an error or Ctrl-C stops the listing early, the last line on stderr
    gives the --starting-token that continues it.
    """
    pager = open_chime(settings).list_accounts(
        name=name,
        user_email=user_email,
        page_size=paging.page_size,
        starting_token=paging.starting_token,
    )
    wanted = None if status is None else _STATUSES[status.lower()]
    stream_list(
        settings,
        ACCOUNT_VIEW,
        pager,
        keep=None if wanted is None else (lambda account: account.account_status == wanted),
        max_items=paging.max_items,
    )


@accounts.command("get")
@click.argument("account_id")
@shared_options
@pass_settings
def get_account(settings: Settings, account_id: str) -> None:
    """Show the account ACCOUNT_ID."""
    show_one(settings, ACCOUNT_VIEW, open_chime(settings).get_account(account_id))


@accounts.command("create")
@click.argument("name")
@shared_options
@pass_settings
def create_account(settings: Settings, name: str) -> None:
    """Create a Team account called NAME and show it.

    Never repeated automatically: if the answer is lost, the error says the account may
    exist; look for it with `accounts list --name` before creating it again.
    """
    show_one(settings, ACCOUNT_VIEW, open_chime(settings).create_account(name))
    note_local(settings)


@accounts.command("update")
@click.argument("account_id")
@click.option("--name", metavar="NAME", help="The new account name.")
@click.option(
    "--default-license",
    type=LICENSE,
    help="The license new users get.",
)
@shared_options
@pass_settings
def update_account(
    settings: Settings, account_id: str, name: str | None, default_license: str | None
) -> None:
    """Rename the account ACCOUNT_ID or change its default license, and show it."""
    if name is None and default_license is None:
        raise click.UsageError("nothing to change: give --name, --default-license or both")
    account = open_chime(settings).update_account(
        account_id,
        name=UNSET if name is None else name,
        default_license=UNSET if default_license is None else default_license,
    )
    show_one(settings, ACCOUNT_VIEW, account)
    note_local(settings)


@accounts.command("delete")
@click.argument("account_id")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@shared_options
@pass_settings
def delete_account(settings: Settings, account_id: str, *, yes: bool) -> None:
    """Delete the account ACCOUNT_ID: it becomes Suspended and stays listed.

    Asks for confirmation on a terminal; elsewhere --yes is required. A Team account's
    users must be suspended or removed first.
    """
    if not yes and not _interactive():
        raise click.UsageError("deleting needs confirmation: add --yes")
    chime = open_chime(settings)
    if not yes:
        account = chime.get_account(account_id)
        click.confirm(f"Delete account {human_text(account.name)!r} ({account_id})?", abort=True)
    chime.delete_account(account_id)
    click.echo(f"Deleted account {account_id}; it stays listed as Suspended.", err=True)
    note_local(settings)
