"""``chime-accounts users invite``: invitations by email, and the requests that failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

from chime_accounts import ChimeAccountsError, EmailStatus, InviteStatus

from ._errors import ExitCode, one_line
from ._listing import show_all
from ._options import USER_TYPE, Settings, note_local, open_chime, pass_settings, shared_options
from ._output import Column, Field, View, counted

if TYPE_CHECKING:
    from collections.abc import Sequence

    from chime_accounts import Invite, InviteFailure, InviteResult

    from ._output import Mode, SupportsToDict

__all__ = ["INVITE_VIEW", "invite_users"]

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
        return f"the {counted(count, 'address', 'addresses')} listed with their error"
    return f"{_positions(spans)} of the {len(emails)} given"


def _report_invites(account_id: str, emails: Sequence[str], result: InviteResult) -> None:
    """Print the summary of ``users invite`` and which addresses to invite again, if any."""
    summary = f"Sent {counted(len(result.invites), 'invitation', 'invitations')}"
    failed = sum(_failed(invite) for invite in result.invites)
    if failed:
        summary += f"; {failed} failed (see Status and EmailStatus)"
    if result.failures:
        requests = counted(len(result.failures), "request", "requests")
        addresses = counted(len(result.failed_emails), "address", "addresses")
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


@click.command("invite")
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
        click.get_current_context().exit(ExitCode.PARTIAL)
