"""``chime-accounts bots``: list, show, create, stop and start chat bots; new tokens.

Bots are a feature of Enterprise accounts and cannot be deleted: ``update --disabled``
stops one. Their security tokens are secrets, shown only with ``--show-sensitive``.
"""

from __future__ import annotations

import click

from ._listing import show_one, stream_list
from ._options import (
    Paging,
    Settings,
    listing_options,
    note_local,
    open_chime,
    pass_settings,
    shared_options,
)
from ._output import Column, Field, View

__all__ = ["BOT_VIEW", "bots"]

BOT_VIEW = View(
    singular="bot",
    plural="bots",
    fields=(
        Field(member="BotId", label="Bot ID"),
        Field(member="UserId", label="User ID"),
        Field(member="DisplayName", label="Display name"),
        Field(member="BotType", label="Type"),
        Field(member="Disabled", label="Disabled"),
        Field(member="CreatedTimestamp", label="Created"),
        Field(member="UpdatedTimestamp", label="Updated"),
        Field(member="BotEmail", label="Email"),
        Field(member="SecurityToken", label="Security token"),
    ),
    columns=(
        Column(member="BotId", heading="BOT ID", width=36),
        Column(member="DisplayName", heading="NAME", width=28, min_width=10),
        Column(member="Disabled", heading="DISABLED", width=8),
        Column(member="BotEmail", heading="EMAIL", width=40, drop=1),
    ),
)
"""How bots are shown; names, emails and security tokens are masked unless asked for."""


def _token_note(settings: Settings) -> None:
    if not settings.show_sensitive:
        click.echo(
            "The security token is shown only with --show-sensitive"
            " (`bots get` with that option shows it).",
            err=True,
        )


@click.group("bots")
def bots() -> None:
    """List, show, create, stop and start the chat bots of an Enterprise account; tokens."""


@bots.command("list")
@click.argument("account_id")
@listing_options("bots")
@shared_options
@pass_settings
def list_bots(settings: Settings, account_id: str, paging: Paging) -> None:
    """List the chat bots of the account ACCOUNT_ID, printing each page as it arrives.

    When --max-items, an error or Ctrl-C stops the listing early, the last line on stderr
    gives the --starting-token that continues it.
    """
    pager = open_chime(settings).list_bots(
        account_id, page_size=paging.page_size, starting_token=paging.starting_token
    )
    stream_list(settings, BOT_VIEW, pager, max_items=paging.max_items)


@bots.command("get")
@click.argument("account_id")
@click.argument("bot_id")
@shared_options
@pass_settings
def get_bot(settings: Settings, account_id: str, bot_id: str) -> None:
    """Show the chat bot BOT_ID of the account ACCOUNT_ID."""
    show_one(settings, BOT_VIEW, open_chime(settings).get_bot(account_id, bot_id))


@bots.command("create")
@click.argument("account_id")
@click.argument("display_name")
@click.option("--domain", metavar="DOMAIN", help="The domain of the bot's email address.")
@shared_options
@pass_settings
def create_bot(settings: Settings, account_id: str, display_name: str, domain: str | None) -> None:
    """Create a chat bot called DISPLAY_NAME in the account ACCOUNT_ID, and show it.

    The service appends " (Bot)" to the name. An account has at most 10 bots. Never
    repeated automatically: if the answer is lost, the error says the bot may exist;
    look for it with `bots list ACCOUNT_ID` before creating it again.
    """
    bot = open_chime(settings).create_bot(account_id, display_name=display_name, domain=domain)
    show_one(settings, BOT_VIEW, bot)
    _token_note(settings)
    note_local(settings)


@bots.command("update")
@click.argument("account_id")
@click.argument("bot_id")
@click.option(
    "--disabled/--enabled",
    default=None,
    help="Stop the bot (it can then be removed from rooms but not added), or start it again.",
)
@shared_options
@pass_settings
def update_bot(settings: Settings, account_id: str, bot_id: str, *, disabled: bool | None) -> None:
    """Stop (--disabled) or start (--enabled) the chat bot BOT_ID, and show it."""
    if disabled is None:
        raise click.UsageError("nothing to change: give --disabled or --enabled")
    bot = open_chime(settings).update_bot(account_id, bot_id, disabled=disabled)
    show_one(settings, BOT_VIEW, bot)
    note_local(settings)


@bots.command("regenerate-token")
@click.argument("account_id")
@click.argument("bot_id")
@shared_options
@pass_settings
def regenerate_token(settings: Settings, account_id: str, bot_id: str) -> None:
    """Give the chat bot BOT_ID a new security token, and show the bot.

    The old token stops working. The new one is shown only with --show-sensitive, and
    later with `bots get`. Never repeated automatically.
    """
    bot = open_chime(settings).regenerate_security_token(account_id, bot_id)
    show_one(settings, BOT_VIEW, bot)
    _token_note(settings)
    note_local(settings)
