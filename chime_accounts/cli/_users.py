"""``chime-accounts users``: list, show, create, change and suspend users of an account.

Batch commands (``suspend``, ``unsuspend``, and ``invite`` in ``_invitations``) never stop
at the first user that fails: they print one record per failure and exit with
:attr:`ExitCode.PARTIAL`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from chime_accounts import UNSET

from ._errors import ExitCode
from ._listing import show_all, show_one, stream_list
from ._options import (
    LICENSE,
    USER_TYPE,
    Paging,
    Settings,
    listing_options,
    note_local,
    open_chime,
    pass_settings,
    shared_options,
)
from ._output import Column, Field, View, counted

if TYPE_CHECKING:
    from chime_accounts import BatchResult

__all__ = ["USER_ERROR_VIEW", "USER_VIEW", "users"]

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


def _users(count: int) -> str:
    return counted(count, "user", "users")


def _report_batch(
    settings: Settings, result: BatchResult, done: str, nobody: str | None = None
) -> None:
    """Print a batch's per-user errors and a summary; exit PARTIAL if some users failed.

    Args:
        settings: The command's settings.
        result: What the batch did.
        done: The summary's verb, e.g. ``Suspended``.
        nobody: The summary when the batch had no users at all.
    """
    if result.user_errors or settings.output_format() != "table":
        # Machine formats always get their (maybe empty) list; people get the summary.
        show_all(settings, USER_ERROR_VIEW, result.user_errors)
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
        click.get_current_context().exit(ExitCode.PARTIAL)


@click.group("users")
def users() -> None:
    """List, show, create and change users; invite, suspend, reset PINs, log out; settings."""


@users.command("list")
@click.argument("account_id")
@click.option("--user-email", metavar="EMAIL", help="Only the user with this email address.")
@click.option("--user-type", type=USER_TYPE, help="Only users of this type.")
@listing_options("users")
@shared_options
@pass_settings
def list_users(
    settings: Settings,
    account_id: str,
    user_email: str | None,
    user_type: str | None,
    paging: Paging,
) -> None:
    """List the users of the account ACCOUNT_ID, printing each page as it arrives.

    When --max-items, an error or Ctrl-C stops the listing early, the last line on stderr
    gives the --starting-token that continues it (with the same other options).
    """
    pager = open_chime(settings).list_users(
        account_id,
        user_email=user_email,
        user_type=user_type,
        page_size=paging.page_size,
        starting_token=paging.starting_token,
    )
    stream_list(settings, USER_VIEW, pager, max_items=paging.max_items)


@users.command("get")
@click.argument("account_id")
@click.argument("user_id")
@shared_options
@pass_settings
def get_user(settings: Settings, account_id: str, user_id: str) -> None:
    """Show the user USER_ID of the account ACCOUNT_ID."""
    show_one(settings, USER_VIEW, open_chime(settings).get_user(account_id, user_id))


@users.command("create")
@click.argument("account_id")
@click.option("--email", metavar="EMAIL", help="The user's email address.")
@click.option("--username", metavar="NAME", help="The user's name.")
@click.option("--user-type", type=USER_TYPE, help="The user's type.  [default: PrivateUser]")
@shared_options
@pass_settings
def create_user(
    settings: Settings,
    account_id: str,
    email: str | None,
    username: str | None,
    user_type: str | None,
) -> None:
    """Create a user in the account ACCOUNT_ID and show it.

    The user starts Unregistered, with a Pending invitation. Never repeated automatically:
    if the answer is lost, the error says the user may exist; look for it with
    `users list ACCOUNT_ID --user-email` before creating it again.
    """
    user = open_chime(settings).create_user(
        account_id, email=email, username=username, user_type=user_type
    )
    show_one(settings, USER_VIEW, user)
    note_local(settings)


@users.command("update")
@click.argument("account_id")
@click.argument("user_id")
@click.option("--license-type", type=LICENSE, help="The user's new license.")
@click.option("--user-type", type=USER_TYPE, help="The user's new type.")
@shared_options
@pass_settings
def update_user(
    settings: Settings,
    account_id: str,
    user_id: str,
    license_type: str | None,
    user_type: str | None,
) -> None:
    """Change the license or the type of the user USER_ID, and show the user."""
    if license_type is None and user_type is None:
        raise click.UsageError("nothing to change: give --license-type, --user-type or both")
    user = open_chime(settings).update_user(
        account_id,
        user_id,
        license_type=UNSET if license_type is None else license_type,
        user_type=UNSET if user_type is None else user_type,
    )
    show_one(settings, USER_VIEW, user)
    note_local(settings)


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
@pass_settings
def suspend_users(
    settings: Settings, account_id: str, user_ids: tuple[str, ...], *, every_user: bool
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
    chime = open_chime(settings)
    if every_user:
        result = chime.suspend_all_users(account_id)
    else:
        result = chime.batch_suspend_user(account_id, user_ids=user_ids)
    _report_batch(
        settings,
        result,
        "Suspended",
        nobody="No users to suspend: the account has no user who is not suspended.",
    )


@users.command("unsuspend")
@click.argument("account_id")
@click.argument("user_ids", nargs=-1, required=True, metavar="USER_ID...")
@shared_options
@pass_settings
def unsuspend_users(settings: Settings, account_id: str, user_ids: tuple[str, ...]) -> None:
    """Lift the suspension of users of the EnterpriseLWA account ACCOUNT_ID.

    Users who are not suspended are left as they are. Prints the users it failed for, with
    the reason, and exits with status 8 when there are some. (To bring back a suspended
    user of a Team account, invite the user again.)
    """
    result = open_chime(settings).batch_unsuspend_user(account_id, user_ids=user_ids)
    _report_batch(settings, result, "Unsuspended")


@users.command("reset-pin")
@click.argument("account_id")
@click.argument("user_id")
@shared_options
@pass_settings
def reset_pin(settings: Settings, account_id: str, user_id: str) -> None:
    """Give the user USER_ID a new personal meeting PIN, and show the user.

    The new PIN is shown only with --show-sensitive.
    """
    user = open_chime(settings).reset_personal_pin(account_id, user_id)
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
@pass_settings
def logout_user(settings: Settings, account_id: str, user_id: str) -> None:
    """Log the user USER_ID out of all their devices."""
    open_chime(settings).logout_user(account_id, user_id)
    click.echo(f"Logged out user {user_id} on all their devices.", err=True)
    note_local(settings)
