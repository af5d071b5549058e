"""Writes that are not safe to repeat, failing after the request reached the service.

CreateAccount, CreateUser, InviteUsers and ResetPersonalPIN are sent once: after a 5xx, a
dropped or cut-off answer or a read timeout, the work may have been done, so the error says
so (``may_have_succeeded``) instead of the call being repeated. Failures that show the work
was not done (throttling, a refused connection, a 4xx) are retried or reported as such.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from botocore.config import Config

from chime_accounts import ChimeAccountsError, ChimeAPIError, ConflictError, RetryPolicy
from chime_accounts.testing import Fault, LocalChime

if TYPE_CHECKING:
    from collections.abc import Callable

    from chime_accounts import ChimeAccounts, InviteResult

    from .conftest import Connector

POLICY = RetryPolicy(max_attempts=4, base_delay=0.0, max_delay=0.0)
SLOW = Config(read_timeout=0.2, connect_timeout=0.2)
HTML = b"<html><body><h1>502 Bad Gateway</h1></body></html>"

# Failures after the service did the work. CreateAccount's 500 and dropped connection are in
# tests/test_client.py already.
AFTER_THE_WORK: dict[str, dict[str, Any]] = {
    "500": {"status": 500, "apply": True},
    "503": {"status": 503, "apply": True},
    "dropped": {"drop_connection": True, "apply": True},
    "truncated": {"truncate_body": 12},
    "proxy 502": {"status": 502, "raw_body": HTML, "content_type": "text/html", "apply": True},
    "read timeout": {"body_delay": 30.0},
}


class Write:
    """A non-idempotent write, its call, and how to count the work it did in the store."""

    def __init__(
        self,
        operation: str,
        call: Callable[[ChimeAccounts, str, str], object],
        done: Callable[[LocalChime, str, str], int],
    ) -> None:
        self.operation = operation
        self.call = call
        self.done = done


def _raising(result: InviteResult) -> InviteResult:
    """Raise the error of the one request that ``invite_users`` reports failed, if it did."""
    if result.failures:
        assert [failure.emails for failure in result.failures] == [("invitee@example.com",)]
        assert result.invites == ()
        raise result.failures[0].error
    return result


def _pin_resets(server: LocalChime, account_id: str, user_id: str) -> int:
    user = next(u for u in server.users(account_id) if u["UserId"] == user_id)
    return 0 if user.get("PersonalPIN") is None else 1


WRITES = {
    "CreateAccount": Write(
        "CreateAccount",
        lambda chime, _a, _u: chime.create_account("Maybe created"),
        lambda server, _a, _u: [a["Name"] for a in server.accounts()].count("Maybe created"),
    ),
    "CreateUser": Write(
        "CreateUser",
        lambda chime, a, _u: chime.create_user(a, email="new.user@example.com"),
        lambda server, a, _u: [u.get("PrimaryEmail") for u in server.users(a)].count(
            "new.user@example.com"
        ),
    ),
    "InviteUsers": Write(
        "InviteUsers",
        lambda chime, a, _u: _raising(chime.invite_users(a, emails=["invitee@example.com"])),
        lambda server, a, _u: [u.get("PrimaryEmail") for u in server.users(a)].count(
            "invitee@example.com"
        ),
    ),
    "ResetPersonalPIN": Write(
        "ResetPersonalPIN",
        lambda chime, a, u: chime.reset_personal_pin(a, u),
        _pin_resets,
    ),
}


@pytest.fixture
def team(local_chime: LocalChime) -> tuple[str, str]:
    """A Team account with one user: the ids the writes work on."""
    account_id = local_chime.add_account(name="Team")["AccountId"]
    return account_id, local_chime.add_user(account_id, "member@example.com")


@pytest.mark.parametrize("failure", AFTER_THE_WORK)
def test_a_failure_after_the_work_is_not_repeated(
    connect: Connector, local_chime: LocalChime, team: tuple[str, str], failure: str
) -> None:
    chime = connect(POLICY, SLOW)
    for write, spec in WRITES.items():
        if write == "CreateAccount" and failure in {"500", "dropped"}:
            continue  # in tests/test_client.py already
        local_chime.clear_requests()
        local_chime.inject(Fault(operation=spec.operation, count=10, **AFTER_THE_WORK[failure]))

        with pytest.raises(ChimeAccountsError) as caught:
            spec.call(chime, *team)
        local_chime.clear_faults()

        error = caught.value
        assert getattr(error, "may_have_succeeded", False), (write, repr(error))
        assert "may have been carried out" in str(error), write
        assert getattr(error, "retry_attempts", None) == 0, write
        assert [r.operation for r in local_chime.requests] == [spec.operation], write
        # It was: and exactly once, so checking before repeating it finds it.
        assert spec.done(local_chime, *team) == 1, write


@pytest.mark.parametrize("failure", AFTER_THE_WORK)
def test_checking_before_creating_again_makes_no_duplicate(
    connect: Connector, local_chime: LocalChime, failure: str
) -> None:
    local_chime.inject(Fault(operation="CreateAccount", **AFTER_THE_WORK[failure]))
    chime = connect(POLICY, SLOW)
    # The check and the second create must not time out on a loaded machine.
    patient = connect(POLICY)
    ambiguous = False

    # The recipe of docs/usage.md: on may_have_succeeded, look before creating again.
    try:
        chime.create_account("Exactly once")
    except ChimeAccountsError as error:
        ambiguous = getattr(error, "may_have_succeeded", False)
        listed = patient.list_accounts(name="Exactly once")
        if not any(a.name == "Exactly once" for a in listed):
            patient.create_account("Exactly once")

    assert ambiguous
    assert [a["Name"] for a in local_chime.accounts()].count("Exactly once") == 1


def test_throttling_is_retried_and_the_work_done_once(
    connect: Connector, local_chime: LocalChime, team: tuple[str, str]
) -> None:
    chime = connect(POLICY)
    for write, spec in WRITES.items():
        local_chime.clear_requests()
        local_chime.inject(
            Fault(operation=spec.operation, status=429, count=POLICY.max_attempts - 1)
        )

        spec.call(chime, *team)

        assert spec.done(local_chime, *team) == 1, write
        assert len(local_chime.requests) == POLICY.max_attempts, write


@pytest.mark.parametrize("status", [400, 409])
def test_a_refusal_is_not_ambiguous(
    connect: Connector, local_chime: LocalChime, team: tuple[str, str], status: int
) -> None:
    chime = connect(POLICY)
    for write, spec in WRITES.items():
        local_chime.inject(Fault(operation=spec.operation, status=status))

        with pytest.raises(ChimeAPIError) as caught:
            spec.call(chime, *team)

        assert not caught.value.may_have_succeeded, write
        assert "may have been carried out" not in str(caught.value), write
        assert spec.done(local_chime, *team) == 0, write
        assert isinstance(caught.value, ConflictError) is (status == 409), write
