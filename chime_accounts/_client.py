"""ChimeAccounts: the typed facade over boto3's ``chime`` client."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, TypeVar, cast

from . import _ops as ops
from . import _redaction, _response_checks
from . import _user_ops as user_ops
from ._enums import RegistrationStatus
from ._pager import Pager
from ._retry import RetryPolicy
from ._session import build_client
from ._unset import UNSET, Unset
from ._validation import check_client_options, check_max_items, check_optional_token
from .exceptions import ChimeAccountsError, ValidationError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from types import TracebackType

    import boto3
    from botocore.config import Config
    from botocore.paginate import Paginator
    from mypy_boto3_chime.client import ChimeClient
    from typing_extensions import Self

    from ._enums import License, UserType
    from ._models import (
        Account,
        AccountSettings,
        AlexaForBusinessMetadata,
        BatchResult,
        Invite,
        UpdateUserRequestItem,
        User,
        UserError,
        UserSettings,
    )

__all__ = ["ChimeAccounts"]

T = TypeVar("T")


class ChimeAccounts:
    """Amazon Chime account administration with typed models and errors.

    Args:
        client: A boto3 ``chime`` client to wrap; it is used as it is and never changed.
            Without one, ChimeAccounts builds its own from the options below.
        session: The boto3 session to build the client from (default: a new session).
        profile_name: The AWS profile for the new session.
        region_name: The region; the Chime API is served from us-east-1 only.
        endpoint_url: Another endpoint, e.g. a
            [`LocalChime`][chime_accounts.testing.LocalChime]'s.
        config: botocore options (timeouts, proxies, ...) for the new client. Its retry
            settings are replaced: this class retries by ``retry`` instead.
        retry: When and how long to retry throttled and failed calls.

    Raises:
        ValidationError: An option is invalid, client options were given together with a
            client, or a session together with a profile.
    """

    def __init__(
        self,
        client: ChimeClient | None = None,
        *,
        session: boto3.Session | None = None,
        profile_name: str | None = None,
        region_name: str = "us-east-1",
        endpoint_url: str | None = None,
        config: Config | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        _redaction.install()
        check_client_options(
            retry=retry,
            config=config,
            region_name=region_name,
            endpoint_url=endpoint_url,
            profile_name=profile_name,
        )
        self._retry = retry if retry is not None else RetryPolicy()
        self._client: ChimeClient
        if client is not None:
            given: dict[str, object] = {"session": session, "profile_name": profile_name}
            given |= {"endpoint_url": endpoint_url, "config": config}
            for option, value in given.items():
                if value is not None:
                    raise ValidationError(option, "applies only when no client is given")
            self._client = client
            self._owns_client = False
            return
        if session is not None and profile_name is not None:
            raise ValidationError("profile_name", "applies only when no session is given")
        self._client = build_client(
            session=session,
            profile_name=profile_name,
            region_name=region_name,
            endpoint_url=endpoint_url,
            config=config,
        )
        _response_checks.register(self._client.meta.events)
        self._owns_client = True

    @property
    def client(self) -> ChimeClient:
        """The underlying boto3 ``chime`` client, for operations this class does not wrap."""
        return self._client

    def close(self) -> None:
        """Close the client if this object built it; a client passed in stays open."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def create_account(self, name: str) -> Account:
        """Create a Team account (the only type this operation creates).

        Not retried after a failure that may come after the account was created (a server
        error or a dropped answer): the error's ``may_have_succeeded`` is then true.

        Args:
            name: The account name: 1-100 characters, not blank.

        Returns:
            The new account, ``Active``.

        Raises:
            ValidationError: ``name`` is invalid; nothing was sent.
            NotFoundError: The service answered NotFoundException (404).
            ResourceLimitExceededError: The AWS account has reached its limit of Chime accounts.
            BadRequestError: The service rejected the request.
            UnauthorizedError: The service did not accept the credentials.
            ForbiddenError: The caller may not do this (``AccessDeniedError`` when IAM denies it).
            ThrottledError: Still throttled when the retries ran out.
            ServiceFailureError: The service failed (500) on the last attempt.
            ServiceUnavailableError: The service was unavailable (503) on the last attempt.
            ChimeAPIError: The service answered with another error code.
            ChimeConnectionError: No answer came (``ChimeTimeoutError`` after a timeout).
            ResponseParseError: The answer does not match the service model.
        """
        return self._send(ops.create_account(name))

    def get_account(self, account_id: str) -> Account:
        """Return one account.

        Args:
            account_id: The Chime account ID.

        Returns:
            The account.

        Raises:
            ValidationError: ``account_id`` is blank or not a string; nothing was sent.
            NotFoundError: No such account.
            BadRequestError: The service rejected the request.
            UnauthorizedError: The service did not accept the credentials.
            ForbiddenError: The caller may not do this (``AccessDeniedError`` when IAM denies it).
            ThrottledError: Still throttled when the retries ran out.
            ServiceFailureError: The service failed (500) on the last attempt.
            ServiceUnavailableError: The service was unavailable (503) on the last attempt.
            ChimeAPIError: The service answered with another error code.
            ChimeConnectionError: No answer came (``ChimeTimeoutError`` after a timeout).
            ResponseParseError: The answer does not match the service model.
        """
        return self._send(ops.get_account(account_id))

    def update_account(
        self,
        account_id: str,
        *,
        name: str | Unset = UNSET,
        default_license: License | str | Unset = UNSET,
    ) -> Account:
        """Rename an account or change its default license; UNSET leaves a field unchanged.

        Args:
            account_id: The Chime account ID.
            name: The new name: 1-100 characters, not blank.
            default_license: The new default license: a [`License`][chime_accounts.License] or
                its value.

        Returns:
            The updated account.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
            NotFoundError: No such account.
            BadRequestError: The service rejected the request.
            UnauthorizedError: The service did not accept the credentials.
            ForbiddenError: The caller may not do this (``AccessDeniedError`` when IAM denies it).
            ThrottledError: Still throttled when the retries ran out.
            ServiceFailureError: The service failed (500) on the last attempt.
            ServiceUnavailableError: The service was unavailable (503) on the last attempt.
            ChimeAPIError: The service answered with another error code.
            ChimeConnectionError: No answer came (``ChimeTimeoutError`` after a timeout).
            ResponseParseError: The answer does not match the service model.
        """
        return self._send(ops.update_account(account_id, name, default_license))

    def delete_account(self, account_id: str) -> None:
        """Delete an account: it becomes ``Suspended`` and stays listed.

        Team accounts must have their users suspended or removed first (see
        [`suspend_all_users`][chime_accounts.ChimeAccounts.suspend_all_users]).

        Args:
            account_id: The Chime account ID.

        Raises:
            ValidationError: ``account_id`` is invalid; nothing was sent.
            NotFoundError: No such account.
            UnprocessableEntityError: The account still has users who are not suspended.
            BadRequestError: The service rejected the request.
            UnauthorizedError: The service did not accept the credentials.
            ForbiddenError: The caller may not do this (``AccessDeniedError`` when IAM denies it).
            ThrottledError: Still throttled when the retries ran out.
            ServiceFailureError: The service failed (500) on the last attempt.
            ServiceUnavailableError: The service was unavailable (503) on the last attempt.
            ChimeAPIError: The service answered with another error code.
            ChimeConnectionError: No answer came (``ChimeTimeoutError`` after a timeout).
            ResponseParseError: The answer does not match the service model.
        """
        self._send(ops.delete_account(account_id))

    def list_accounts(
        self,
        *,
        name: str | None = None,
        user_email: str | None = None,
        page_size: int | None = None,
        max_items: int | None = None,
        starting_token: str | None = None,
    ) -> Pager[Account]:
        """Return a lazy iterator over the accounts, fetched a page at a time.

        Nothing is sent before iteration starts; the arguments are checked at once. Each page
        is retried in place by the retry policy; the errors below other than
        ``ValidationError`` come from iterating the pager.

        Args:
            name: Only accounts whose name starts with this.
            user_email: Only accounts with a user of this email address.
            page_size: Accounts per request, 1-200 (the service's default is 100).
            max_items: Stop after this many accounts.
            starting_token: Resume where a pager's ``resume_token`` or a page's
                ``next_token`` left off.

        Returns:
            A [`Pager`][chime_accounts.Pager] of [`Account`][chime_accounts.Account];
                ``.pages()`` gives whole pages.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
            NotFoundError: While iterating: the service answered NotFoundException (404).
            BadRequestError: While iterating: the service rejected a page request.
            UnauthorizedError: While iterating: the service did not accept the credentials.
            ForbiddenError: While iterating: the caller may not list (``AccessDeniedError``: IAM).
            ThrottledError: While iterating: a page was still throttled when its retries ran out.
            ServiceFailureError: While iterating: the service failed (500) on a page's last attempt.
            ServiceUnavailableError: While iterating: the service was unavailable (503) on a page's
                last attempt.
            ChimeAPIError: While iterating: the service answered with another error code.
            ChimeConnectionError: While iterating: no answer came (``ChimeTimeoutError``).
            ResponseParseError: While iterating: a page does not match the service model.
            PaginationError: While iterating: the service broke the paging protocol.
        """
        call = ops.list_accounts(name, user_email, page_size)
        return self._pager(call, max_items, starting_token)

    # -- account settings and sign-in delegate groups -----------------------------------

    def get_account_settings(self, account_id: str) -> AccountSettings:
        """Return an account's settings.

        Args:
            account_id: The Chime account ID.

        Returns:
            The account's settings.

        Raises:
            ValidationError: ``account_id`` is invalid; nothing was sent.
            NotFoundError: No such account.
            BadRequestError: The service rejected the request.
            UnauthorizedError: The service did not accept the credentials.
            ForbiddenError: The caller may not do this (``AccessDeniedError`` when IAM denies it).
            ThrottledError: Still throttled when the retries ran out.
            ServiceFailureError: The service failed (500) on the last attempt.
            ServiceUnavailableError: The service was unavailable (503) on the last attempt.
            ChimeAPIError: The service answered with another error code.
            ChimeConnectionError: No answer came (``ChimeTimeoutError`` after a timeout).
            ResponseParseError: The answer does not match the service model.
        """
        return self._send(user_ops.get_account_settings(account_id))

    def update_account_settings(
        self,
        account_id: str,
        *,
        disable_remote_control: bool | Unset = UNSET,
        enable_dial_out: bool | Unset = UNSET,
    ) -> None:
        """Change an account's settings; UNSET leaves a setting unchanged.

        Args:
            account_id: The Chime account ID.
            disable_remote_control: Whether to disable remote control of shared screens.
            enable_dial_out: Whether meetings may dial out.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
            NotFoundError: No such account.
            ConflictError: The settings conflict with the account's state.
            BadRequestError: The service rejected the request.
            UnauthorizedError: The service did not accept the credentials.
            ForbiddenError: The caller may not do this (``AccessDeniedError`` when IAM denies it).
            ThrottledError: Still throttled when the retries ran out.
            ServiceFailureError: The service failed (500) on the last attempt.
            ServiceUnavailableError: The service was unavailable (503) on the last attempt.
            ChimeAPIError: The service answered with another error code.
            ChimeConnectionError: No answer came (``ChimeTimeoutError`` after a timeout).
            ResponseParseError: The answer does not match the service model.
        """
        self._send(
            user_ops.update_account_settings(account_id, disable_remote_control, enable_dial_out)
        )

    def associate_signin_delegate_groups_with_account(
        self, account_id: str, *, group_names: Sequence[str]
    ) -> None:
        """Let members of these Active Directory groups sign in to the account.

        Args:
            account_id: The Chime account ID.
            group_names: The group names, at least one.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
            NotFoundError: No such account.
            BadRequestError: The service rejected the request.
            UnauthorizedError: The service did not accept the credentials.
            ForbiddenError: The caller may not do this (``AccessDeniedError`` when IAM denies it).
            ThrottledError: Still throttled when the retries ran out.
            ServiceFailureError: The service failed (500) on the last attempt.
            ServiceUnavailableError: The service was unavailable (503) on the last attempt.
            ChimeAPIError: The service answered with another error code.
            ChimeConnectionError: No answer came (``ChimeTimeoutError`` after a timeout).
            ResponseParseError: The answer does not match the service model.
        """
        self._send(user_ops.associate_signin_delegate_groups_with_account(account_id, group_names))

    def disassociate_signin_delegate_groups_from_account(
        self, account_id: str, *, group_names: Sequence[str]
    ) -> None:
        """Stop these Active Directory groups from signing in to the account.

        Args:
            account_id: The Chime account ID.
            group_names: The group names, at least one.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
            NotFoundError: No such account.
            BadRequestError: The service rejected the request.
            UnauthorizedError: The service did not accept the credentials.
            ForbiddenError: The caller may not do this (``AccessDeniedError`` when IAM denies it).
            ThrottledError: Still throttled when the retries ran out.
            ServiceFailureError: The service failed (500) on the last attempt.
            ServiceUnavailableError: The service was unavailable (503) on the last attempt.
            ChimeAPIError: The service answered with another error code.
            ChimeConnectionError: No answer came (``ChimeTimeoutError`` after a timeout).
            ResponseParseError: The answer does not match the service model.
        """
        self._send(
            user_ops.disassociate_signin_delegate_groups_from_account(account_id, group_names)
        )

    # -- users ----------------------------------------------------------------------------

    def create_user(
        self,
        account_id: str,
        *,
        username: str | None = None,
        email: str | None = None,
        user_type: UserType | str | None = None,
    ) -> User:
        """Create a user in an account.

        Not retried after a failure that may come after the user was created; the
        error's ``may_have_succeeded`` is then true.

        Args:
            account_id: The Chime account ID.
            username: The user's name.
            email: The user's email address (never echoed in errors or logs).
            user_type: PrivateUser or SharedDevice.

        Returns:
            The new user, ``Unregistered`` with a ``Pending`` invitation.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
            NotFoundError: No such account.
            ConflictError: A user with this email exists.
            BadRequestError: The service rejected the request.
            UnauthorizedError: The service did not accept the credentials.
            ForbiddenError: The caller may not do this (``AccessDeniedError`` when IAM denies it).
            ThrottledError: Still throttled when the retries ran out.
            ServiceFailureError: The service failed (500) on the last attempt.
            ServiceUnavailableError: The service was unavailable (503) on the last attempt.
            ChimeAPIError: The service answered with another error code.
            ChimeConnectionError: No answer came (``ChimeTimeoutError`` after a timeout).
            ResponseParseError: The answer does not match the service model.
        """
        return self._send(user_ops.create_user(account_id, username, email, user_type))

    def get_user(self, account_id: str, user_id: str) -> User:
        """Return one user.

        Args:
            account_id: The Chime account ID.
            user_id: The user ID.

        Returns:
            The user.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
            NotFoundError: No such account or user.
            BadRequestError: The service rejected the request.
            UnauthorizedError: The service did not accept the credentials.
            ForbiddenError: The caller may not do this (``AccessDeniedError`` when IAM denies it).
            ThrottledError: Still throttled when the retries ran out.
            ServiceFailureError: The service failed (500) on the last attempt.
            ServiceUnavailableError: The service was unavailable (503) on the last attempt.
            ChimeAPIError: The service answered with another error code.
            ChimeConnectionError: No answer came (``ChimeTimeoutError`` after a timeout).
            ResponseParseError: The answer does not match the service model.
        """
        return self._send(user_ops.get_user(account_id, user_id))

    def update_user(
        self,
        account_id: str,
        user_id: str,
        *,
        license_type: License | str | Unset = UNSET,
        user_type: UserType | str | Unset = UNSET,
        alexa_for_business_metadata: AlexaForBusinessMetadata | Unset = UNSET,
    ) -> User:
        """Change a user; UNSET leaves a field unchanged, so no field is cleared by accident.

        Args:
            account_id: The Chime account ID.
            user_id: The user ID.
            license_type: The new license.
            user_type: The new user type.
            alexa_for_business_metadata: The new Alexa for Business settings.

        Returns:
            The updated user.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
            NotFoundError: No such account or user.
            BadRequestError: The service rejected the request.
            UnauthorizedError: The service did not accept the credentials.
            ForbiddenError: The caller may not do this (``AccessDeniedError`` when IAM denies it).
            ThrottledError: Still throttled when the retries ran out.
            ServiceFailureError: The service failed (500) on the last attempt.
            ServiceUnavailableError: The service was unavailable (503) on the last attempt.
            ChimeAPIError: The service answered with another error code.
            ChimeConnectionError: No answer came (``ChimeTimeoutError`` after a timeout).
            ResponseParseError: The answer does not match the service model.
        """
        call = user_ops.update_user(
            account_id, user_id, license_type, user_type, alexa_for_business_metadata
        )
        return self._send(call)

    def reset_personal_pin(self, account_id: str, user_id: str) -> User:
        """Give a user a new personal meeting PIN, returned in ``User.personal_pin``.

        Args:
            account_id: The Chime account ID.
            user_id: The user ID.

        Returns:
            The user, with the new ``personal_pin``.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
            NotFoundError: No such account or user.
            BadRequestError: The service rejected the request.
            UnauthorizedError: The service did not accept the credentials.
            ForbiddenError: The caller may not do this (``AccessDeniedError`` when IAM denies it).
            ThrottledError: Still throttled when the retries ran out.
            ServiceFailureError: The service failed (500) on the last attempt.
            ServiceUnavailableError: The service was unavailable (503) on the last attempt.
            ChimeAPIError: The service answered with another error code.
            ChimeConnectionError: No answer came (``ChimeTimeoutError`` after a timeout).
            ResponseParseError: The answer does not match the service model.
        """
        return self._send(user_ops.reset_personal_pin(account_id, user_id))

    def logout_user(self, account_id: str, user_id: str) -> None:
        """Sign a user out of all their devices.

        Args:
            account_id: The Chime account ID.
            user_id: The user ID.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
            NotFoundError: No such account or user.
            BadRequestError: The service rejected the request.
            UnauthorizedError: The service did not accept the credentials.
            ForbiddenError: The caller may not do this (``AccessDeniedError`` when IAM denies it).
            ThrottledError: Still throttled when the retries ran out.
            ServiceFailureError: The service failed (500) on the last attempt.
            ServiceUnavailableError: The service was unavailable (503) on the last attempt.
            ChimeAPIError: The service answered with another error code.
            ChimeConnectionError: No answer came (``ChimeTimeoutError`` after a timeout).
            ResponseParseError: The answer does not match the service model.
        """
        self._send(user_ops.logout_user(account_id, user_id))

    def list_users(
        self,
        account_id: str,
        *,
        user_email: str | None = None,
        user_type: UserType | str | None = None,
        page_size: int | None = None,
        max_items: int | None = None,
        starting_token: str | None = None,
    ) -> Pager[User]:
        """Return a lazy iterator over an account's users, fetched a page at a time.

        Nothing is sent before iteration starts; the arguments are checked at once. The
        errors below other than ``ValidationError`` come from iterating the pager.

        Args:
            account_id: The Chime account ID.
            user_email: Only the user with this email address.
            user_type: Only users of this type.
            page_size: Users per request, 1-200.
            max_items: Stop after this many users.
            starting_token: Resume where a pager's ``resume_token`` left off.

        Returns:
            A [`Pager`][chime_accounts.Pager] of [`User`][chime_accounts.User], like
                [`list_accounts`][chime_accounts.ChimeAccounts.list_accounts]'.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
            NotFoundError: While iterating: no such account.
            BadRequestError: While iterating: the service rejected a page request.
            UnauthorizedError: While iterating: the service did not accept the credentials.
            ForbiddenError: While iterating: the caller may not list (``AccessDeniedError``: IAM).
            ThrottledError: While iterating: a page was still throttled when its retries ran out.
            ServiceFailureError: While iterating: the service failed (500) on a page's last attempt.
            ServiceUnavailableError: While iterating: the service was unavailable (503) on a page's
                last attempt.
            ChimeAPIError: While iterating: the service answered with another error code.
            ChimeConnectionError: While iterating: no answer came (``ChimeTimeoutError``).
            ResponseParseError: While iterating: a page does not match the service model.
            PaginationError: While iterating: the service broke the paging protocol.
        """
        call = user_ops.list_users(account_id, user_email, user_type, page_size)
        return self._pager(call, max_items, starting_token)

    def invite_users(
        self, account_id: str, *, emails: Sequence[str], user_type: UserType | str | None = None
    ) -> tuple[Invite, ...]:
        """Email invitations to join a Team account, 50 addresses per request.

        Invitations are not retried after a failure that may come after they were sent.
        With more than 50 addresses, an error on a later request leaves the earlier
        invitations sent.

        Args:
            account_id: The Chime account ID.
            emails: The email addresses, at least one.
            user_type: PrivateUser or SharedDevice.

        Returns:
            One invite per address, in order.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
            NotFoundError: No such account.
            BadRequestError: The service rejected the request.
            UnauthorizedError: The service did not accept the credentials.
            ForbiddenError: The caller may not do this (``AccessDeniedError`` when IAM denies it).
            ThrottledError: Still throttled when the retries ran out.
            ServiceFailureError: The service failed (500) on the last attempt.
            ServiceUnavailableError: The service was unavailable (503) on the last attempt.
            ChimeAPIError: The service answered with another error code.
            ChimeConnectionError: No answer came (``ChimeTimeoutError`` after a timeout).
            ResponseParseError: The answer does not match the service model.
        """
        calls = user_ops.invite_users(account_id, emails, user_type)
        return tuple(invite for call in calls for invite in self._send(call))

    def batch_suspend_user(self, account_id: str, *, user_ids: Sequence[str]) -> BatchResult:
        """Suspend users of a Team or EnterpriseLWA account, 50 per request.

        A failure for some users is reported in the result, never raised: a request that
        fails as a whole (any of the errors [`get_user`][chime_accounts.ChimeAccounts.get_user]
        raises, e.g. ``ThrottledError`` after the retries) becomes one
        [`UserError`][chime_accounts.UserError] per user of that request.

        Args:
            account_id: The Chime account ID.
            user_ids: The user IDs, any number.

        Returns:
            Which users failed and why.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
        """
        return self._send_batch(user_ops.batch_suspend_user(account_id, user_ids))

    def batch_unsuspend_user(self, account_id: str, *, user_ids: Sequence[str]) -> BatchResult:
        """Lift the suspension of users of an EnterpriseLWA account, 50 per request.

        Failures are reported in the result, never raised, as in
        [`batch_suspend_user`][chime_accounts.ChimeAccounts.batch_suspend_user].

        Args:
            account_id: The Chime account ID.
            user_ids: The user IDs, any number.

        Returns:
            Which users failed and why.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
        """
        return self._send_batch(user_ops.batch_unsuspend_user(account_id, user_ids))

    def batch_update_user(
        self, account_id: str, *, updates: Sequence[UpdateUserRequestItem]
    ) -> BatchResult:
        """Change the license, type or Alexa settings of many users, 20 per request.

        Failures are reported in the result, never raised, as in
        [`batch_suspend_user`][chime_accounts.ChimeAccounts.batch_suspend_user].

        Args:
            account_id: The Chime account ID.
            updates: One item per user; None fields are left unchanged.

        Returns:
            Which users failed and why.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
        """
        return self._send_batch(user_ops.batch_update_user(account_id, updates))

    def suspend_all_users(self, account_id: str) -> BatchResult:
        """Suspend every user of an account who is not suspended yet.

        Team accounts need this before
        [`delete_account`][chime_accounts.ChimeAccounts.delete_account]. The users are listed
        first (errors of that listing are raised), then suspended with
        [`batch_suspend_user`][chime_accounts.ChimeAccounts.batch_suspend_user] (failures are
        reported in the result).

        Args:
            account_id: The Chime account ID.

        Returns:
            Which users failed and why.

        Raises:
            ValidationError: ``account_id`` is invalid; nothing was sent.
            NotFoundError: No such account.
            BadRequestError: While listing: the service rejected a page request.
            UnauthorizedError: While listing: the service did not accept the credentials.
            ForbiddenError: While listing: the caller may not list (``AccessDeniedError``: IAM).
            ThrottledError: While listing: a page was still throttled when its retries ran out.
            ServiceFailureError: While listing: the service failed (500) on a page's last attempt.
            ServiceUnavailableError: While listing: the service was unavailable (503) on a page's
                last attempt.
            ChimeAPIError: While listing: the service answered with another error code.
            ChimeConnectionError: While listing: no answer came (``ChimeTimeoutError``).
            ResponseParseError: While listing: a page does not match the service model.
            PaginationError: While listing: the service broke the paging protocol.
        """
        active = [
            user.user_id
            for user in self.list_users(account_id, page_size=200)
            if user.user_registration_status is not RegistrationStatus.SUSPENDED
        ]
        return self.batch_suspend_user(account_id, user_ids=active)

    # -- user settings --------------------------------------------------------------------

    def get_user_settings(self, account_id: str, user_id: str) -> UserSettings:
        """Return a user's settings (telephony permissions).

        Args:
            account_id: The Chime account ID.
            user_id: The user ID.

        Returns:
            The user's settings.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
            NotFoundError: No such account or user.
            BadRequestError: The service rejected the request.
            UnauthorizedError: The service did not accept the credentials.
            ForbiddenError: The caller may not do this (``AccessDeniedError`` when IAM denies it).
            ThrottledError: Still throttled when the retries ran out.
            ServiceFailureError: The service failed (500) on the last attempt.
            ServiceUnavailableError: The service was unavailable (503) on the last attempt.
            ChimeAPIError: The service answered with another error code.
            ChimeConnectionError: No answer came (``ChimeTimeoutError`` after a timeout).
            ResponseParseError: The answer does not match the service model.
        """
        return self._send(user_ops.get_user_settings(account_id, user_id))

    def update_user_settings(
        self, account_id: str, user_id: str, *, settings: UserSettings
    ) -> None:
        """Replace a user's settings.

        Args:
            account_id: The Chime account ID.
            user_id: The user ID.
            settings: The new settings; every telephony permission is required.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
            NotFoundError: No such account or user.
            BadRequestError: The service rejected the request.
            UnauthorizedError: The service did not accept the credentials.
            ForbiddenError: The caller may not do this (``AccessDeniedError`` when IAM denies it).
            ThrottledError: Still throttled when the retries ran out.
            ServiceFailureError: The service failed (500) on the last attempt.
            ServiceUnavailableError: The service was unavailable (503) on the last attempt.
            ChimeAPIError: The service answered with another error code.
            ChimeConnectionError: No answer came (``ChimeTimeoutError`` after a timeout).
            ResponseParseError: The answer does not match the service model.
        """
        self._send(user_ops.update_user_settings(account_id, user_id, settings))

    # -- sending --------------------------------------------------------------------------

    def _pager(self, call: ops.ListCall[T], max_items: object, starting_token: object) -> Pager[T]:
        # Checked here, not on first iteration, so bad input fails where it is written.
        return Pager(
            call,
            _Paginate(self._client, call),
            retry=self._retry,
            starting_token=check_optional_token(starting_token),
            max_items=check_max_items(max_items),
            sleep=time.sleep,
        )

    def _send(self, call: ops.Call[T]) -> T:
        method = getattr(self._client, call.method)
        retry_state = ops.RetryState(self._retry, call.operation, idempotent=call.idempotent)
        # botocore's logs and the errors of this call never show its sensitive arguments.
        with _redaction.guarding(call.params):
            while True:
                try:
                    response: Mapping[str, Any] = method(**call.params)
                    break
                except ops.BOTO_ERRORS as error:
                    time.sleep(retry_state.next_delay(error))
        return call.parse(response)

    def _send_batch(self, batch: user_ops.BatchCall) -> BatchResult:
        errors: list[tuple[UserError, ...]] = []
        for chunk, call in zip(batch.chunks, batch.calls, strict=True):
            try:
                errors.append(self._send(call))
            except ChimeAccountsError as error:
                errors.append(batch.errors_for_failed_chunk(chunk, error))
        return batch.result(errors)


class _Paginate:
    """Starts boto3's paginator for a listing at a given token."""

    def __init__(self, client: ChimeClient, call: ops.ListCall[Any]) -> None:
        # boto3's paginators are typed per literal name; this one is chosen at runtime.
        get_paginator = cast("Callable[[str], Paginator[Mapping[str, Any]]]", client.get_paginator)
        self._paginator = get_paginator(call.method)
        self._params = dict(call.params)
        self._page_size = call.page_size

    def __call__(self, starting_token: str | None) -> Iterable[Mapping[str, Any]]:
        config: dict[str, Any] = {"StartingToken": starting_token}
        if self._page_size is not None:
            config["PageSize"] = self._page_size
        return self._paginator.paginate(**self._params, PaginationConfig=config)
