"""``chime-accounts rooms members``: who is in a chat room, with which role.

``add`` is a batch command: it never stops at the first member that fails, prints one
record per failure and exits with :attr:`ExitCode.PARTIAL`, as ``users suspend`` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import click

from chime_accounts import RoomMembershipRole

from ._errors import ExitCode
from ._listing import show_all, show_one, stream_list
from ._options import (
    Paging,
    Settings,
    listing_options,
    note_local,
    open_chime,
    pass_settings,
    shared_options,
)
from ._output import Column, Field, View, counted, human_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from chime_accounts import MembershipBatchResult

__all__ = ["MEMBERSHIP_VIEW", "MEMBER_ERROR_VIEW", "room_members"]


class _Role(click.Choice[str]):
    """A room membership role, accepted in any case, shown and passed on in its spelling."""

    def __init__(self) -> None:
        super().__init__([member.value for member in RoomMembershipRole], case_sensitive=False)

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:  # noqa: ARG002 - click's signature
        return "[" + "|".join(self.choices) + "]"


#: The type of a role option: Administrator or Member, in any case.
ROLE = _Role()


def _member_part(name: str) -> Callable[[object], str]:
    def text(value: object) -> str:
        if not isinstance(value, dict):
            return human_text(value)
        return human_text(cast("dict[str, object]", value).get(name))

    return text


def _member(value: object) -> str:
    """``<id> (<type>), <full name>, <email>``: a member on one line."""
    if not isinstance(value, dict):
        return human_text(value)
    member = cast("dict[str, object]", value)
    text = f"{human_text(member.get('MemberId'))} ({human_text(member.get('MemberType'))})"
    for name in ("FullName", "Email"):
        if member.get(name) not in (None, ""):
            text += f", {human_text(member.get(name))}"
    return text


MEMBERSHIP_VIEW = View(
    singular="membership",
    plural="memberships",
    fields=(
        Field(member="RoomId", label="Room ID"),
        Field(member="Member", label="Member", text=_member),
        Field(member="Role", label="Role"),
        Field(member="InvitedBy", label="Invited by"),
        Field(member="UpdatedTimestamp", label="Updated"),
    ),
    columns=(
        Column(member="Member", heading="MEMBER ID", width=36, text=_member_part("MemberId")),
        Column(member="Member", heading="TYPE", width=7, text=_member_part("MemberType")),
        Column(member="Role", heading="ROLE", width=13),
        Column(member="Member", heading="NAME", width=24, drop=2, text=_member_part("FullName")),
        Column(
            member="Member",
            heading="EMAIL",
            width=36,
            min_width=12,
            drop=1,
            text=_member_part("Email"),
        ),
    ),
)
"""How memberships are shown; members' names and emails are masked unless asked for."""

MEMBER_ERROR_VIEW = View(
    singular="member error",
    plural="member errors",
    fields=(
        Field(member="MemberId", label="Member ID"),
        Field(member="ErrorCode", label="Error code"),
        Field(member="ErrorMessage", label="Message"),
    ),
    columns=(
        Column(member="MemberId", heading="MEMBER ID", width=36),
        Column(member="ErrorCode", heading="ERROR CODE", width=21),
        Column(member="ErrorMessage", heading="MESSAGE", width=60, min_width=16),
    ),
)
"""How the per-member failures of ``rooms members add`` are shown, as the AWS Errors."""


def _report(settings: Settings, result: MembershipBatchResult) -> None:
    """Print the per-member errors and a summary; exit PARTIAL if some members failed."""
    if result.errors or settings.output_format() != "table":
        show_all(settings, MEMBER_ERROR_VIEW, result.errors)
    asked = len(result.member_ids)
    if result.ok:
        click.echo(f"Added {counted(asked, 'member', 'members')}.", err=True)
    else:
        added = len(result.succeeded_member_ids)
        failed = len(result.errors)
        click.echo(
            f"Added {added} of {counted(asked, 'member', 'members')}; {failed} failed.", err=True
        )
    if result.uncertain_member_ids:
        click.echo(
            f"Maybe added: {counted(len(result.uncertain_member_ids), 'member', 'members')},"
            " as their request may have been carried out; check with"
            " `chime-accounts rooms members list` before adding them again.",
            err=True,
        )
    note_local(settings)
    if not result.ok:
        click.get_current_context().exit(ExitCode.PARTIAL)


@click.group("members")
def room_members() -> None:
    """List a chat room's members; add, change the role of and remove members."""


@room_members.command("list")
@click.argument("account_id")
@click.argument("room_id")
@listing_options("memberships")
@shared_options
@pass_settings
def list_members(settings: Settings, account_id: str, room_id: str, paging: Paging) -> None:
    """List the members of the chat room ROOM_ID, printing each page as it arrives.

    When --max-items, an error or Ctrl-C stops the listing early, the last line on stderr
    gives the --starting-token that continues it.
    """
    pager = open_chime(settings).list_room_memberships(
        account_id, room_id, page_size=paging.page_size, starting_token=paging.starting_token
    )
    stream_list(settings, MEMBERSHIP_VIEW, pager, max_items=paging.max_items)


@room_members.command("add")
@click.argument("account_id")
@click.argument("room_id")
@click.argument("member_ids", nargs=-1, required=True, metavar="MEMBER_ID...")
@click.option("--role", type=ROLE, help="The members' role.  [default: Member]")
@shared_options
@pass_settings
def add_members(
    settings: Settings,
    account_id: str,
    room_id: str,
    member_ids: tuple[str, ...],
    role: str | None,
) -> None:
    """Add users or bots of the account ACCOUNT_ID to the chat room ROOM_ID.

    Prints the members it failed for, with the reason (an empty list when none did), and
    exits with status 8 when there are some. Members are sent 50 per request; additions
    are never repeated automatically.
    """
    # The models import attrs and cattrs: not at start-up, which --help would pay for.
    from chime_accounts import MembershipItem

    chosen = None if role is None else RoomMembershipRole(role)
    items = [MembershipItem(member_id=member_id, role=chosen) for member_id in member_ids]
    result = open_chime(settings).batch_create_room_membership(account_id, room_id, members=items)
    _report(settings, result)


@room_members.command("update")
@click.argument("account_id")
@click.argument("room_id")
@click.argument("member_id")
@click.option("--role", type=ROLE, help="The member's new role.")
@shared_options
@pass_settings
def update_member(
    settings: Settings, account_id: str, room_id: str, member_id: str, role: str | None
) -> None:
    """Change the role of the member MEMBER_ID of the chat room ROOM_ID, and show it."""
    if role is None:
        raise click.UsageError("nothing to change: give --role")
    membership = open_chime(settings).update_room_membership(
        account_id, room_id, member_id, role=role
    )
    show_one(settings, MEMBERSHIP_VIEW, membership)
    note_local(settings)


@room_members.command("remove")
@click.argument("account_id")
@click.argument("room_id")
@click.argument("member_id")
@shared_options
@pass_settings
def remove_member(settings: Settings, account_id: str, room_id: str, member_id: str) -> None:
    """Remove the member MEMBER_ID from the chat room ROOM_ID."""
    open_chime(settings).delete_room_membership(account_id, room_id, member_id)
    click.echo(f"Removed member {member_id} from room {room_id}.", err=True)
    note_local(settings)
