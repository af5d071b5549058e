"""``chime-accounts bots events``: where a chat bot's outgoing events go."""

from __future__ import annotations

import click

from ._listing import show_one
from ._options import Settings, note_local, open_chime, pass_settings, shared_options
from ._output import Field, View

__all__ = ["EVENTS_VIEW", "bot_events"]

EVENTS_VIEW = View(
    singular="events configuration",
    plural="events configurations",
    fields=(
        Field(member="BotId", label="Bot ID"),
        Field(member="OutboundEventsHTTPSEndpoint", label="HTTPS endpoint"),
        Field(member="LambdaFunctionArn", label="Lambda function ARN"),
    ),
    columns=(),  # always shown one at a time
)
"""How a bot's events configuration is shown; both targets are masked unless asked for."""


@click.group("events")
def bot_events() -> None:
    """Show, set and delete where a chat bot's outgoing events go."""


@bot_events.command("get")
@click.argument("account_id")
@click.argument("bot_id")
@shared_options
@pass_settings
def get_events(settings: Settings, account_id: str, bot_id: str) -> None:
    """Show the events configuration of the chat bot BOT_ID."""
    config = open_chime(settings).get_events_configuration(account_id, bot_id)
    show_one(settings, EVENTS_VIEW, config)


@bot_events.command("set")
@click.argument("account_id")
@click.argument("bot_id")
@click.option("--https-endpoint", metavar="URL", help="Send the events to this https:// URL.")
@click.option(
    "--lambda-function-arn", metavar="ARN", help="Send the events to this Lambda function."
)
@shared_options
@pass_settings
def set_events(
    settings: Settings,
    account_id: str,
    bot_id: str,
    https_endpoint: str | None,
    lambda_function_arn: str | None,
) -> None:
    """Send the events of the chat bot BOT_ID to one target, and show the configuration.

    Give exactly one of --https-endpoint and --lambda-function-arn; it replaces the
    bot's earlier target.
    """
    if (https_endpoint is None) == (lambda_function_arn is None):
        raise click.UsageError("give exactly one of --https-endpoint and --lambda-function-arn")
    config = open_chime(settings).put_events_configuration(
        account_id,
        bot_id,
        outbound_events_https_endpoint=https_endpoint,
        lambda_function_arn=lambda_function_arn,
    )
    show_one(settings, EVENTS_VIEW, config)
    note_local(settings)


@bot_events.command("delete")
@click.argument("account_id")
@click.argument("bot_id")
@shared_options
@pass_settings
def delete_events(settings: Settings, account_id: str, bot_id: str) -> None:
    """Stop sending the events of the chat bot BOT_ID anywhere."""
    open_chime(settings).delete_events_configuration(account_id, bot_id)
    click.echo(f"Deleted the events configuration of bot {bot_id}.", err=True)
    note_local(settings)
