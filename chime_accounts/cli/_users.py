"""``chime-accounts users``: list, show, invite, suspend and unsuspend users of an account.

Batch commands (``suspend``, ``unsuspend``, ``invite``) never stop at the first user that
fails: they print one record per failure and exit with :attr:`ExitCode.PARTIAL`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from chime_accounts import ChimeAccountsError, EmailStatus, InviteStatus, UserType
from chime_accounts._user_ops import INVITE_LIMIT
from chime_accounts._user_ops import invite_users as invite_calls

from ._errors import ExitCode
from ._listing import show_one, stream_list
from ._options import Settings, note_local, open_chime, shared_options
from ._output import Column, Field, View, make_writer

if TYPE_CHECKING:
    from collections.abc import Iterable

    from chime_accounts import BatchResult, Invite

    from ._output import SupportsToDict

__all__ = ["INVITE_VIEW", "USER_ERROR_VIEW", "USER_VIEW", "users"]

USER_VIEW = View(
    singular="user",
    plural="users",
    fields=(
        Field(member="UserId", label="User ID"),
        Field(member="AccountId", label="Account ID"),
        Field(member="PrimaryEmail", label="Email"),
        Field(member="PrimaryProvisionedNumber", label="Phone number"),
        Field(member="DisplayName", label="Display name"),
        Field(member="LicenseType", label="License"),
        Field(member="UserType", label="Type"),
        Field(member="UserRegistrationStatus", label="Registration"),
        Field(member="UserInvitationStatus", label="Invitation"),
        Field(member="RegisteredOn", label="Registered"),
        Field(member="InvitedOn", label="Invited"),
        Field(member="AlexaForBusinessMetadata", label="Alexa for Business"),
        Field(member="PersonalPIN", label="Personal PIN"),
    ),
    columns=(
        Column(member="UserId", heading="USER ID", width=36),
        Column(member="PrimaryEmail", heading="EMAIL", width=40, min_width=12),
        Column(member="DisplayName", heading="NAME", width=20, drop=1),
        Column(member="UserType", heading="TYPE", width=12, drop=2),
        Column(member="UserRegistrationStatus", heading="STATUS", width=12),
        Column(member="LicenseType", heading="LICENSE", width=8, drop=3),
    ),
)
"""How users are shown; emails, names, phone numbers and PINs are masked unless asked for."""

INVITE_VIEW = View(
    singular="invitation",
    plural="invitations",
    fields=(
        Field(member="InviteId", label="Invite ID"),
        Field(member="Status", label="Status"),
        Field(member="EmailAddress", label="Email"),
        Field(member="EmailStatus", label="Email status"),
    ),
    columns=(
        Column(member="InviteId", heading="INVITE ID", width=36),
        Column(member="EmailAddress", heading="EMAIL", width=32, min_width=12),
        Column(member="Status", heading="STATUS", width=8),
        Column(member="EmailStatus", heading="EMAIL STATUS", width=12, drop=1),
    ),
)
"""How invitations are shown; the email address is masked unless asked for."""

USER_ERROR_VIEW = View(
    singular="user error",
    plural="user errors",
    fields=(
        Field(member="UserId", label="User ID"),
        Field(member="ErrorCode", label="Error code"),
        Field(member="ErrorMessage", label="Message"),
    ),
    columns=(
        Column(member="UserId", heading="USER ID", width=36),
        Column(member="ErrorCode", heading="ERROR CODE", width=21),
        Column(member="ErrorMessage", heading="MESSAGE", width=60, min_width=16),
    ),
)
"""How the per-user failures of a batch command are shown, as the AWS UserErrors."""

_USER_TYPES = [member.value for member in UserType]
_USER_TYPE_METAVAR = "[" + "|".join(_USER_TYPES) + "]"


def _users(count: int) -> str:
    return f"{count} user" if count == 1 else f"{count} users"


def _write_all(settings: Settings, view: View, models: Iterable[SupportsToDict]) -> None:
    """Print records as a listing; the output stays valid if an error ends it early."""
    writer = make_writer(view, settings.output_format(), many=True)
    complete = False
    try:
        for model in models:
            writer.write(view.record(model, show_sensitive=settings.show_sensitive))
        complete = True
    finally:
        writer.close(complete=complete)


def _report_batch(
    ctx: click.Context, result: BatchResult, done: str, nobody: str | None = None
) -> None:
    """Print a batch's per-user errors and a summary; exit PARTIAL if some users failed.

    Args:
        ctx: The command's context.
        result: What the batch did.
        done: The summary's verb, e.g. ``Suspended``.
        nobody: The summary when the batch had no users at all.
    """
    settings = ctx.ensure_object(Settings)
    if result.user_errors or settings.output_format() != "table":
        # Machine formats always get their (maybe empty) list; people get the summary.
        _write_all(settings, USER_ERROR_VIEW, result.user_errors)
    asked = len(result.user_ids)
    if not asked and nobody is not None:
        click.echo(nobody, err=True)
    elif result.ok:
        click.echo(f"{done} {_users(asked)}.", err=True)
    else:
        succeeded = len(result.succeeded_user_ids)
        failed = len(result.user_errors)
        click.echo(f"{done} {succeeded} of {_users(asked)}; {failed} failed.", err=True)
    note_local(settings)
    if not result.ok:
        ctx.exit(ExitCode.PARTIAL)


@click.group("users")
def users() -> None:
    """List and show users; invite, suspend, unsuspend, reset PINs and log out."""


@users.command("list")
@click.argument("account_id")
@click.option("--user-email", metavar="EMAIL", help="Only the user with this email address.")
@click.option(
    "--user-type",
    type=click.Choice(_USER_TYPES, case_sensitive=False),
    metavar=_USER_TYPE_METAVAR,
    help="Only users of this type.",
)
@click.option(
    "--page-size",
    type=click.IntRange(1, 200),
    metavar="N",
    help="Users per request, 1-200.  [default: the service's, 100]",
)
@click.option(
    "--max-items",
    type=click.IntRange(min=1),
    metavar="N",
    help="Show at most N users, then print the token to continue on stderr.",
)
@click.option(
    "--starting-token",
    metavar="TOKEN",
    help="Continue where --max-items, an error or Ctrl-C stopped an earlier listing.",
)
@shared_options
@click.pass_context
def list_users(
    ctx: click.Context,
    account_id: str,
    user_email: str | None,
    user_type: str | None,
    page_size: int | None,
    max_items: int | None,
    starting_token: str | None,
) -> None:
    """List the users of the account ACCOUNT_ID, printing each page as it arrives.

    When --max-items, an error or Ctrl-C stops the listing early, the last line on stderr
    gives the --starting-token that continues it (with the same other options).
    """
    settings = ctx.ensure_object(Settings)
    pager = open_chime(ctx).list_users(
        account_id,
        user_email=user_email,
        user_type=user_type,
        page_size=page_size,
        starting_token=starting_token,
    )
    stream_list(settings, USER_VIEW, pager, max_items=max_items)


@users.command("get")
@click.argument("account_id")
@click.argument("user_id")
@shared_options
@click.pass_context
def get_user(ctx: click.Context, account_id: str, user_id: str) -> None:
    """Show the user USER_ID of the account ACCOUNT_ID."""
    settings = ctx.ensure_object(Settings)
    show_one(settings, USER_VIEW, open_chime(ctx).get_user(account_id, user_id))


def _failed(invite: Invite) -> bool:
    return invite.status is InviteStatus.FAILED or invite.email_status is EmailStatus.FAILED


@users.command("invite")
@click.argument("account_id")
@click.argument("emails", nargs=-1, required=True, metavar="EMAIL...")
@click.option(
    "--user-type",
    type=click.Choice(_USER_TYPES, case_sensitive=False),
    metavar=_USER_TYPE_METAVAR,
    help="The type of the users created.  [default: PrivateUser]",
)
@shared_options
@click.pass_context
def invite_users(
    ctx: click.Context, account_id: str, emails: tuple[str, ...], user_type: str | None
) -> None:
    """Email invitations to join the Team account ACCOUNT_ID, and show them.

    Addresses without a user become new users; a suspended user invited again is
    unsuspended. One invitation per distinct address, in order, printed as each request
    of 50 addresses is answered. Exits with status 8 when some invitations failed.
    """
    settings = ctx.ensure_object(Settings)
    chime = open_chime(ctx)
    invite_calls(account_id, emails, user_type)  # every address checked before sending any
    chunks = [emails[start : start + INVITE_LIMIT] for start in range(0, len(emails), INVITE_LIMIT)]
    writer = make_writer(INVITE_VIEW, settings.output_format(), many=True)
    sent = shown = failed = 0
    complete = False
    try:
        for chunk in chunks:
            result = chime.invite_users(account_id, emails=chunk, user_type=user_type)
            if result.failures:
                raise result.failures[0].error
            sent += len(chunk)
            for invite in result.invites:
                writer.write(INVITE_VIEW.record(invite, show_sensitive=settings.show_sensitive))
                shown += 1
                if _failed(invite):
                    failed += 1
        complete = True
    except (ChimeAccountsError, KeyboardInterrupt):
        if sent:
            settings.hints.append(
                f"Invited the first {sent} of {len(emails)} addresses (shown above); to invite"
                f" the others, run the command again with addresses {sent + 1} to {len(emails)}."
            )
        raise
    finally:
        writer.close(complete=complete)
    noun = "invitation" if shown == 1 else "invitations"
    if failed:
        click.echo(f"Sent {shown} {noun}; {failed} failed (see Status and EmailStatus).", err=True)
    else:
        click.echo(f"Sent {shown} {noun}.", err=True)
    note_local(settings)
    if failed:
        ctx.exit(ExitCode.PARTIAL)


@users.command("suspend")
@click.argument("account_id")
@click.argument("user_ids", nargs=-1, metavar="[USER_ID]...")
@click.option(
    "--all",
    "every_user",
    is_flag=True,
    help="Suspend every user of the account who is not suspended yet.",
)
@shared_options
@click.pass_context
def suspend_users(
    ctx: click.Context, account_id: str, user_ids: tuple[str, ...], *, every_user: bool
) -> None:
    """Suspend users (or --all) of the Team or EnterpriseLWA account ACCOUNT_ID.

    Prints the users it failed for, with the reason (an empty list when none did), and
    exits with status 8 when there are some. A Team account's users must be suspended
    before the account is deleted.
    """
    if every_user and user_ids:
        raise click.UsageError("give the USER_IDs to suspend or --all, not both")
    if not every_user and not user_ids:
        raise click.UsageError("nothing to suspend: give the USER_IDs to suspend, or --all")
    chime = open_chime(ctx)
    if every_user:
        result = chime.suspend_all_users(account_id)
    else:
        result = chime.batch_suspend_user(account_id, user_ids=user_ids)
    _report_batch(
        ctx,
        result,
        "Suspended",
        nobody="No users to suspend: the account has no user who is not suspended.",
    )


@users.command("unsuspend")
@click.argument("account_id")
@click.argument("user_ids", nargs=-1, required=True, metavar="USER_ID...")
@shared_options
@click.pass_context
def unsuspend_users(ctx: click.Context, account_id: str, user_ids: tuple[str, ...]) -> None:
    """Lift the suspension of users of the EnterpriseLWA account ACCOUNT_ID.

    Users who are not suspended are left as they are. Prints the users it failed for, with
    the reason, and exits with status 8 when there are some. (To bring back a suspended
    user of a Team account, invite the user again.)
    """
    result = open_chime(ctx).batch_unsuspend_user(account_id, user_ids=user_ids)
    _report_batch(ctx, result, "Unsuspended")


@users.command("reset-pin")
@click.argument("account_id")
@click.argument("user_id")
@shared_options
@click.pass_context
def reset_pin(ctx: click.Context, account_id: str, user_id: str) -> None:
    """Give the user USER_ID a new personal meeting PIN, and show the user.

    The new PIN is shown only with --show-sensitive.
    """
    settings = ctx.ensure_object(Settings)
    user = open_chime(ctx).reset_personal_pin(account_id, user_id)
    show_one(settings, USER_VIEW, user)
    if not settings.show_sensitive:
        click.echo(
            "The PIN was reset; the new PIN is shown only with --show-sensitive"
            " (resetting it again with that option shows the next one).",
            err=True,
        )
    note_local(settings)


@users.command("logout")
@click.argument("account_id")
@click.argument("user_id")
@shared_options
@click.pass_context
def logout_user(ctx: click.Context, account_id: str, user_id: str) -> None:
    """Log the user USER_ID out of all their devices."""
    settings = ctx.ensure_object(Settings)
    open_chime(ctx).logout_user(account_id, user_id)
    click.echo(f"Logged out user {user_id} on all their devices.", err=True)
    note_local(settings)
