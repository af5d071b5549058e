"""``chime-accounts users settings``: show and change a user's telephony permissions."""

from __future__ import annotations

from typing import cast

import click

from ._listing import show_one
from ._options import Settings, note_local, open_chime, pass_settings, shared_options
from ._output import Field, View, human_text

__all__ = ["USER_SETTINGS_VIEW", "user_settings"]

_PERMISSIONS = {
    "InboundCalling": "inbound calling",
    "OutboundCalling": "outbound calling",
    "SMS": "SMS",
}


def _telephony(value: object) -> str:
    if not isinstance(value, dict):
        return human_text(value)
    permissions = cast("dict[str, object]", value)
    return ", ".join(
        f"{label} {human_text(permissions.get(member))}" for member, label in _PERMISSIONS.items()
    )


USER_SETTINGS_VIEW = View(
    singular="user settings",
    plural="user settings",
    fields=(Field(member="Telephony", label="Telephony", text=_telephony),),
    columns=(),  # always shown one at a time
)
"""How user settings are shown: the AWS members, as GetUserSettings names them."""


@click.group("settings")
def user_settings() -> None:
    """Show and change the settings of a user (calling and SMS permissions)."""


@user_settings.command("get")
@click.argument("account_id")
@click.argument("user_id")
@shared_options
@pass_settings
def get_settings(settings: Settings, account_id: str, user_id: str) -> None:
    """Show the settings of the user USER_ID of the account ACCOUNT_ID."""
    shown = open_chime(settings).get_user_settings(account_id, user_id)
    show_one(settings, USER_SETTINGS_VIEW, shown)


@user_settings.command("set")
@click.argument("account_id")
@click.argument("user_id")
@click.option(
    "--inbound-calling/--no-inbound-calling",
    default=None,
    help="Let the user receive calls, or not.",
)
@click.option(
    "--outbound-calling/--no-outbound-calling",
    default=None,
    help="Let the user place calls, or not.",
)
@click.option("--sms/--no-sms", default=None, help="Let the user send and receive SMS, or not.")
@shared_options
@pass_settings
def set_settings(
    settings: Settings,
    account_id: str,
    user_id: str,
    *,
    inbound_calling: bool | None,
    outbound_calling: bool | None,
    sms: bool | None,
) -> None:
    """Change the settings of the user USER_ID of the account ACCOUNT_ID, and show them.

    Only the permissions given change: the others are read first and sent as they are.
    """
    if inbound_calling is None and outbound_calling is None and sms is None:
        raise click.UsageError(
            "nothing to change: give --inbound-calling, --outbound-calling or --sms"
            " (or their --no- forms)"
        )
    # The models import attrs and cattrs: not at start-up, which --help would pay for.
    from chime_accounts import TelephonySettings, UserSettings

    chime = open_chime(settings)
    current = chime.get_user_settings(account_id, user_id).telephony
    telephony = TelephonySettings(
        inbound_calling=current.inbound_calling if inbound_calling is None else inbound_calling,
        outbound_calling=current.outbound_calling if outbound_calling is None else outbound_calling,
        sms=current.sms if sms is None else sms,
    )
    chime.update_user_settings(account_id, user_id, settings=UserSettings(telephony=telephony))
    show_one(settings, USER_SETTINGS_VIEW, chime.get_user_settings(account_id, user_id))
    note_local(settings)
