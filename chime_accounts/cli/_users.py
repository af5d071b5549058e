"""``chime-accounts users``: list, show, create, change, invite and suspend users of an account.

Batch commands (``suspend``, ``unsuspend``, ``invite``) never stop at the first user that
fails: they print one record per failure and exit with :attr:`ExitCode.PARTIAL`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

from chime_accounts import UNSET, ChimeAccountsError, EmailStatus, InviteStatus

from ._errors import ExitCode, one_line
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
from ._output import Column, Field, View

if TYPE_CHECKING:
    from collections.abc import Sequence

    from chime_accounts import BatchResult, Invite, InviteFailure, InviteResult

    from ._output import Mode, SupportsToDict

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
        Field(member="Error", label="Error"),
        Field(member="ErrorMessage", label="Error message"),
        Field(member="MayHaveSucceeded", label="May have succeeded"),
    ),
    columns=(
        Column(member="InviteId", heading="INVITE ID", width=36),
        Column(member="EmailAddress", heading="EMAIL", width=32, min_width=12),
        Column(member="Status", heading="STATUS", width=8),
        Column(member="EmailStatus", heading="EMAIL STATUS", width=12, drop=1),
        Column(member="Error", heading="ERROR", width=24, drop=2),
    ),
)
"""How invitations are shown; the email address is masked unless asked for.

The last three members are those of an address whose request failed (:class:`_NotInvited`).
"""

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


def _count(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _users(count: int) -> str:
    return _count(count, "user", "users")


def _exit_partial() -> None:
    click.get_current_context().exit(ExitCode.PARTIAL)


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
        _exit_partial()


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


@dataclass(frozen=True)
class _NotInvited:
    """An address of an InviteUsers request that failed, as a record among the invitations.

    It has no invitation members, only why: ``Error`` (the library's error class),
    ``ErrorMessage`` and ``MayHaveSucceeded`` (the request may have been carried out).
    """

    email: str = field(repr=False)
    error: ChimeAccountsError

    def to_dict(self, *, mode: Mode = "python", mask: str | None = None) -> dict[str, Any]:  # noqa: ARG002 - no timestamps to convert
        """Return the record, the address replaced by ``mask`` if given."""
        return {
            "EmailAddress": self.email if mask is None else mask,
            "Error": type(self.error).__name__,
            "ErrorMessage": one_line(str(self.error)),
            "MayHaveSucceeded": self.error.may_have_succeeded,
        }


def _failed(invite: Invite) -> bool:
    return invite.status is InviteStatus.FAILED or invite.email_status is EmailStatus.FAILED


def _positions(spans: Sequence[tuple[int, int]]) -> str:
    """``addresses 1 to 50 and 101 to 120``, for 1-based (first, last) positions."""
    parts = [str(first) if first == last else f"{first} to {last}" for first, last in spans]
    text = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    single = len(spans) == 1 and spans[0][0] == spans[0][1]
    return f"{'address' if single else 'addresses'} {text}"


def _spans(
    emails: Sequence[str], failures: Sequence[InviteFailure]
) -> list[tuple[int, int]] | None:
    """The 1-based positions in ``emails`` of the failed requests' addresses, merged.

    Each request sends a run of consecutive addresses, in order; None if one is not found.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for failure in failures:
        size = len(failure.emails)
        found = next(
            (
                index
                for index in range(start, len(emails) - size + 1)
                if tuple(emails[index : index + size]) == failure.emails
            ),
            None,
        )
        if found is None:
            return None
        first, last = found + 1, found + size
        if spans and spans[-1][1] == found:
            first = spans.pop()[0]
        spans.append((first, last))
        start = found + size
    return spans


def _which(emails: Sequence[str], failures: Sequence[InviteFailure]) -> str:
    spans = _spans(emails, failures)
    if spans is None:
        count = sum(len(failure.emails) for failure in failures)
        return f"the {_count(count, 'address', 'addresses')} listed with their error"
    return f"{_positions(spans)} of the {len(emails)} given"


def _report_invites(account_id: str, emails: Sequence[str], result: InviteResult) -> None:
    """Print the summary of ``users invite`` and which addresses to invite again, if any."""
    summary = f"Sent {_count(len(result.invites), 'invitation', 'invitations')}"
    failed = sum(_failed(invite) for invite in result.invites)
    if failed:
        summary += f"; {failed} failed (see Status and EmailStatus)"
    if result.failures:
        requests = _count(len(result.failures), "request", "requests")
        addresses = _count(len(result.failed_emails), "address", "addresses")
        summary += f"; {requests} of {addresses} failed (see Error)"
    click.echo(summary + ".", err=True)
    lost = [f for f in result.failures if not f.error.may_have_succeeded]
    unsure = [f for f in result.failures if f.error.may_have_succeeded]
    if lost:
        click.echo(
            f"Not invited: {_which(emails, lost)}; to invite them, run the command again"
            " with those addresses.",
            err=True,
        )
    if unsure:
        click.echo(
            f"Maybe invited: {_which(emails, unsure)}, as their request may have been"
            f" carried out; check with `chime-accounts users list {account_id}` before"
            " inviting them again.",
            err=True,
        )


@users.command("invite")
@click.argument("account_id")
@click.argument("emails", nargs=-1, required=True, metavar="EMAIL...")
@click.option(
    "--user-type", type=USER_TYPE, help="The type of the users created.  [default: PrivateUser]"
)
@shared_options
@pass_settings
def invite_users(
    settings: Settings, account_id: str, emails: tuple[str, ...], user_type: str | None
) -> None:
    """Email invitations to join the Team account ACCOUNT_ID, and show them.

    Addresses without a user become new users; a suspended user invited again is
    unsuspended. Prints one invitation per distinct address, in order, once every
    request of 50 addresses is answered; then, for each request that failed, its
    addresses with the error. Exits with status 8 when some requests or invitations
    failed.
    """
    chime = open_chime(settings)
    try:
        result = chime.invite_users(account_id, emails=emails, user_type=user_type)
    except KeyboardInterrupt:
        settings.hints.append(
            "Some of the addresses may have been invited before the interruption; check with"
            f" `chime-accounts users list {account_id}` before inviting them again."
        )
        raise
    not_invited = [
        _NotInvited(email, failure.error) for failure in result.failures for email in failure.emails
    ]
    records: list[SupportsToDict] = [*result.invites, *not_invited]
    show_all(settings, INVITE_VIEW, records)
    _report_invites(account_id, emails, result)
    note_local(settings)
    if result.failures or any(_failed(invite) for invite in result.invites):
        _exit_partial()


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
