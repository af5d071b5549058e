"""``chime-accounts accounts delegate-groups``: who may sign in to an account."""

from __future__ import annotations

import click

from ._accounts import ACCOUNT_VIEW
from ._listing import show_one
from ._options import Settings, note_local, open_chime, pass_settings, shared_options

__all__ = ["delegate_groups"]


@click.group("delegate-groups")
def delegate_groups() -> None:
    """Add and remove the Active Directory groups whose members may sign in to an account."""


@delegate_groups.command("add")
@click.argument("account_id")
@click.argument("groups", nargs=-1, required=True, metavar="GROUP...")
@shared_options
@pass_settings
def add_groups(settings: Settings, account_id: str, groups: tuple[str, ...]) -> None:
    """Let the members of the Active Directory GROUPs sign in to ACCOUNT_ID; show it."""
    chime = open_chime(settings)
    chime.associate_signin_delegate_groups_with_account(account_id, group_names=groups)
    show_one(settings, ACCOUNT_VIEW, chime.get_account(account_id))
    note_local(settings)


@delegate_groups.command("remove")
@click.argument("account_id")
@click.argument("groups", nargs=-1, required=True, metavar="GROUP...")
@shared_options
@pass_settings
def remove_groups(settings: Settings, account_id: str, groups: tuple[str, ...]) -> None:
    """Stop the members of the GROUPs from signing in to ACCOUNT_ID; show it."""
    chime = open_chime(settings)
    chime.disassociate_signin_delegate_groups_from_account(account_id, group_names=groups)
    show_one(settings, ACCOUNT_VIEW, chime.get_account(account_id))
    note_local(settings)
