"""``chime-accounts accounts settings``: show and change an account's settings."""

from __future__ import annotations

import click

from chime_accounts import UNSET

from ._listing import show_one
from ._options import Settings, note_local, open_chime, pass_settings, shared_options
from ._output import Field, View

__all__ = ["ACCOUNT_SETTINGS_VIEW", "account_settings"]

ACCOUNT_SETTINGS_VIEW = View(
    singular="account settings",
    plural="account settings",
    fields=(
        Field(member="DisableRemoteControl", label="Remote control disabled"),
        Field(member="EnableDialOut", label="Dial-out enabled"),
    ),
    columns=(),  # always shown one at a time
)
"""How account settings are shown: the AWS members, as GetAccountSettings names them."""


@click.group("settings")
def account_settings() -> None:
    """Show and change the settings of an account (remote control, dial-out)."""


@account_settings.command("get")
@click.argument("account_id")
@shared_options
@pass_settings
def get_settings(settings: Settings, account_id: str) -> None:
    """Show the settings of the account ACCOUNT_ID."""
    account_settings = open_chime(settings).get_account_settings(account_id)
    show_one(settings, ACCOUNT_SETTINGS_VIEW, account_settings)


@account_settings.command("set")
@click.argument("account_id")
@click.option(
    "--remote-control/--no-remote-control",
    default=None,
    help="Allow or stop remote control of shared screens during meetings"
    " (sets DisableRemoteControl to false or true).",
)
@click.option(
    "--dial-out/--no-dial-out",
    default=None,
    help="Let meeting participants choose to be called at a phone number, or not"
    " (sets EnableDialOut to true or false).",
)
@shared_options
@pass_settings
def set_settings(
    settings: Settings, account_id: str, *, remote_control: bool | None, dial_out: bool | None
) -> None:
    """Change the settings of the account ACCOUNT_ID, and show them.

    Only the settings given change; the others stay as they are.
    """
    if remote_control is None and dial_out is None:
        raise click.UsageError(
            "nothing to change: give --remote-control/--no-remote-control,"
            " --dial-out/--no-dial-out or both"
        )
    chime = open_chime(settings)
    chime.update_account_settings(
        account_id,
        disable_remote_control=UNSET if remote_control is None else not remote_control,
        enable_dial_out=UNSET if dial_out is None else dial_out,
    )
    show_one(settings, ACCOUNT_SETTINGS_VIEW, chime.get_account_settings(account_id))
    note_local(settings)
