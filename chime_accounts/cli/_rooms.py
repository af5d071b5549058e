"""``chime-accounts rooms``: list, show, create, rename and delete an account's chat rooms.

Rooms are a feature of Enterprise accounts; the service refuses them for Team accounts.
Their members are in ``_room_members`` (``rooms members``).
"""

from __future__ import annotations

import sys

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
from ._output import Column, Field, View, date_text

__all__ = ["ROOM_VIEW", "rooms"]


ROOM_VIEW = View(
    singular="room",
    plural="rooms",
    fields=(
        Field(member="RoomId", label="Room ID"),
        Field(member="Name", label="Name"),
        Field(member="AccountId", label="Account ID"),
        Field(member="CreatedBy", label="Created by"),
        Field(member="CreatedTimestamp", label="Created"),
        Field(member="UpdatedTimestamp", label="Updated"),
    ),
    columns=(
        Column(member="RoomId", heading="ROOM ID", width=36),
        Column(member="Name", heading="NAME", width=32, min_width=10),
        Column(member="CreatedTimestamp", heading="CREATED", width=10, drop=2, text=date_text),
        Column(member="UpdatedTimestamp", heading="UPDATED", width=10, drop=1, text=date_text),
    ),
)
"""How rooms are shown; the name is sensitive, masked unless asked for."""


@click.group("rooms")
def rooms() -> None:
    """List, show, create, rename and delete the chat rooms of an Enterprise account; members."""


@rooms.command("list")
@click.argument("account_id")
@click.option("--member-id", metavar="ID", help="Only the rooms this user or bot is a member of.")
@listing_options("rooms")
@shared_options
@pass_settings
def list_rooms(settings: Settings, account_id: str, member_id: str | None, paging: Paging) -> None:
    """List the chat rooms of the account ACCOUNT_ID, printing each page as it arrives.

    When --max-items, an error or Ctrl-C stops the listing early, the last line on stderr
    gives the --starting-token that continues it (with the same other options).
    """
    pager = open_chime(settings).list_rooms(
        account_id,
        member_id=member_id,
        page_size=paging.page_size,
        starting_token=paging.starting_token,
    )
    stream_list(settings, ROOM_VIEW, pager, max_items=paging.max_items)


@rooms.command("get")
@click.argument("account_id")
@click.argument("room_id")
@shared_options
@pass_settings
def get_room(settings: Settings, account_id: str, room_id: str) -> None:
    """Show the chat room ROOM_ID of the account ACCOUNT_ID."""
    show_one(settings, ROOM_VIEW, open_chime(settings).get_room(account_id, room_id))


@rooms.command("create")
@click.argument("account_id")
@click.argument("name")
@click.option(
    "--client-request-token",
    metavar="TOKEN",
    help="Make at most one room for all the commands given this token (2-64 letters,"
    " digits, - or _), so the command can be run again safely.",
)
@shared_options
@pass_settings
def create_room(
    settings: Settings, account_id: str, name: str, client_request_token: str | None
) -> None:
    """Create a chat room called NAME in the account ACCOUNT_ID, and show it.

    Failed requests are retried without making two rooms. If the retries run out after
    the room may have been made, the error says so: look for it with `rooms list`, or
    run the command again with the same --client-request-token, which shows that room.
    """
    room = open_chime(settings).create_room(
        account_id, name=name, client_request_token=client_request_token
    )
    show_one(settings, ROOM_VIEW, room)
    note_local(settings)


@rooms.command("update")
@click.argument("account_id")
@click.argument("room_id")
@click.option("--name", metavar="NAME", help="The room's new name.")
@shared_options
@pass_settings
def update_room(settings: Settings, account_id: str, room_id: str, name: str | None) -> None:
    """Rename the chat room ROOM_ID, and show it."""
    if name is None:
        raise click.UsageError("nothing to change: give --name")
    show_one(settings, ROOM_VIEW, open_chime(settings).update_room(account_id, room_id, name=name))
    note_local(settings)


@rooms.command("delete")
@click.argument("account_id")
@click.argument("room_id")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@shared_options
@pass_settings
def delete_room(settings: Settings, account_id: str, room_id: str, *, yes: bool) -> None:
    """Delete the chat room ROOM_ID and its memberships.

    Asks for confirmation on a terminal; elsewhere --yes is required.
    """
    if not yes and not sys.stdin.isatty():
        raise click.UsageError("deleting needs confirmation: add --yes")
    chime = open_chime(settings)
    if not yes:
        chime.get_room(account_id, room_id)  # a room that does not exist needs no question
        click.confirm(f"Delete room {room_id} and its memberships?", abort=True)
    chime.delete_room(account_id, room_id)
    click.echo(f"Deleted room {room_id}.", err=True)
    note_local(settings)
