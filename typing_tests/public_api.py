"""Type-checked only, never run: what user code sees through mypy --strict and pyright.

Each ``assert_type`` fails type checking if a type is less precise than promised. Each line
marked ``type: ignore[...]`` must be an error: with ``warn_unused_ignores`` (mypy) and
``reportUnnecessaryTypeIgnoreComment`` (pyright), an ignore that suppresses nothing fails.
"""

from __future__ import annotations

import datetime as dt

from typing_extensions import assert_type

from chime_accounts import (
    Account,
    AccountStatus,
    AccountType,
    BatchResult,
    ChimeAccounts,
    ChimeAccountsError,
    Invite,
    InviteResult,
    License,
    NotFoundError,
    Page,
    Pager,
    RegistrationStatus,
    SigninDelegateGroup,
    User,
    UserError,
    UserType,
)
from chime_accounts.testing import LocalChime


def models(account: Account) -> None:
    assert_type(account.account_id, str)
    assert_type(account.aws_account_id, str)
    assert_type(account.name, str)
    assert_type(account.account_status, AccountStatus | None)
    assert_type(account.account_type, AccountType | None)
    assert_type(account.default_license, License | None)
    assert_type(account.supported_licenses, tuple[License, ...])
    assert_type(account.created_timestamp, dt.datetime | None)
    assert_type(account.signin_delegate_groups, tuple[SigninDelegateGroup, ...])
    assert_type(Account.from_dict(account.to_dict()), Account)
    assert_type(AccountStatus("Frozen").is_unknown, bool)
    account.name = "Renamed"  # type: ignore[misc]


def client(chime: ChimeAccounts) -> None:
    assert_type(chime.create_account(name="Team A"), Account)
    assert_type(chime.get_account(account_id="id"), Account)
    assert_type(chime.update_account("id", name="n", default_license=License.PRO), Account)
    assert_type(chime.update_account("id", default_license="Pro"), Account)
    chime.delete_account(account_id="id")

    pager = chime.list_accounts(name="Team", page_size=50, max_items=10)
    assert_type(pager, Pager[Account])
    for account in pager:
        assert_type(account, Account)
    for page in pager.pages():
        assert_type(page, Page[Account])
        assert_type(page.items, tuple[Account, ...])
        assert_type(page.next_token, str | None)
    assert_type(pager.resume_token, str | None)


def misuse(chime: ChimeAccounts) -> None:
    chime.get_account(acount_id="id")  # type: ignore[call-arg]
    chime.create_account(name=5)  # type: ignore[arg-type]
    chime.update_account("id", default_license=3)  # type: ignore[arg-type]
    chime.list_accounts(page_size="50")  # type: ignore[arg-type]
    chime.list_accounts("Team")  # type: ignore[call-arg]


def users(chime: ChimeAccounts, account_id: str) -> None:
    user = chime.create_user(account_id, email="a@example.com", user_type=UserType.SHARED_DEVICE)
    assert_type(user, User)
    assert_type(user.primary_email, str | None)
    assert_type(user.user_registration_status, RegistrationStatus | None)
    assert_type(chime.update_user(account_id, user.user_id, license_type=License.PRO), User)
    assert_type(chime.reset_personal_pin(account_id, user.user_id).personal_pin, str | None)
    for listed in chime.list_users(account_id, user_type="PrivateUser"):
        assert_type(listed, User)
    invited = chime.invite_users(account_id, emails=["a@example.com"])
    assert_type(invited, InviteResult)
    assert_type(invited.invites, tuple[Invite, ...])
    assert_type(invited.failed_emails, tuple[str, ...])
    assert_type(invited.failures[0].error, ChimeAccountsError)
    assert_type(invited.failures[0].error.may_have_succeeded, bool)
    result = chime.batch_suspend_user(account_id, user_ids=["u1", "u2"])
    assert_type(result, BatchResult)
    assert_type(result.user_errors, tuple[UserError, ...])
    assert_type(chime.get_user_settings(account_id, user.user_id).telephony.sms, bool)
    assert_type(chime.get_account_settings(account_id).enable_dial_out, bool | None)
    chime.update_account_settings(account_id, enable_dial_out=True)
    chime.update_user(account_id, "u", license_type=None)  # type: ignore[arg-type]
    chime.update_account_settings(account_id, enable_dial_out="yes")  # type: ignore[arg-type]
    chime.batch_update_user(account_id, updates=[{"UserId": "u"}])  # type: ignore[list-item]
    chime.invite_users(account_id, ["a@example.com"])  # type: ignore[call-arg]


def errors(error: NotFoundError) -> None:
    assert_type(error.code, str)
    assert_type(error.http_status, int)
    assert_type(error.request_id, str | None)
    assert_type(error.retry_attempts, int)


def testing_helpers() -> None:
    with LocalChime() as server:
        assert_type(server.endpoint_url, str)
        assert_type(server.chime_accounts(), ChimeAccounts)
