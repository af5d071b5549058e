"""ChimeAccounts: the typed facade over boto3's ``chime`` client."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, TypeVar

from . import _account_extras_ops as extras_ops
from . import _account_ops as account_ops
from . import _bot_ops as bot_ops
from . import _room_ops as room_ops
from . import _user_ops as user_ops
from ._call import BOTO_ERRORS, Attempts, parsed
from ._clients import build_client, check_options, library_call, prepare
from ._enums import RegistrationStatus
from ._pager import Pager
from ._unset import UNSET, Unset
from ._validation import check_max_items, check_optional_token
from .exceptions import ChimeAccountsError

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from types import TracebackType

    import boto3
    from botocore.config import Config
    from mypy_boto3_chime.client import ChimeClient
    from typing_extensions import Self

    from ._call import Call, Chunked, ListCall
    from ._enums import License, RoomMembershipRole, UserType
    from ._models import (
        Account,
        AccountSettings,
        AlexaForBusinessMetadata,
        BatchResult,
        Bot,
        BusinessCallingSettings,
        EventsConfiguration,
        GlobalSettings,
        InviteResult,
        MembershipBatchResult,
        MembershipItem,
        Retention,
        RetentionSettings,
        Room,
        RoomMembership,
        UpdateUserRequestItem,
        User,
        UserSettings,
        VoiceConnectorSettings,
    )
    from ._pacing import Pacing
    from ._retry import RetryPolicy

__all__ = ["ChimeAccounts"]

T = TypeVar("T")


class ChimeAccounts:
    """Amazon Chime account administration with typed models and errors.

    Each method checks its arguments, then sends one operation of boto3's ``chime``
    client (a listing, one per page; a batch, one per chunk the service accepts), retries
    it by ``retry`` and returns frozen models.

    Args:
        client: A boto3 ``chime`` client to wrap; it is used as it is. Without one,
            ChimeAccounts builds its own from the options below.
        session: The boto3 session to build the client from (default: a shared one).
        profile_name: The AWS profile for the new session.
        region_name: The region; the Chime API is served from us-east-1 only.
        endpoint_url: Another endpoint, e.g. a
            [`LocalChime`][chime_accounts.testing.LocalChime]'s.
        config: botocore options (timeouts, proxies, ...) for the new client. Its retry
            settings are replaced: this class retries by ``retry`` instead.
        retry: When and how long to retry throttled and failed calls.
        pacing: Client-side rate limiting; by default a new
            [`Pacing`][chime_accounts.Pacing], adaptive: nothing waits until the service
            throttles, then each operation's send rate follows what the service lets
            through. Share one between clients that share a quota;
            [`Pacing.off()`][chime_accounts.Pacing.off] turns pacing off.
        max_rate: Requests per second that the new pacing never exceeds, for the whole
            client; None (default) for adaptive pacing only.

    Raises:
        ValidationError: An option is invalid, client options were given together with a
            client, a session together with a profile, ``max_rate`` together with
            ``pacing``, or the client is not a ``chime`` client.

    Errors any method can raise:
        Each method's entry lists ``ValidationError`` (bad input, raised before anything
        is sent) and the errors that mean something for its operation. Besides those,
        every call that goes to the service can raise these (a listing, while iterating):

        - [`BadRequestError`][chime_accounts.BadRequestError]: the service rejected the
          request (400).
        - [`UnauthorizedError`][chime_accounts.UnauthorizedError]: the service did not
          accept the credentials (401).
        - [`ForbiddenError`][chime_accounts.ForbiddenError]: the caller may not do this
          (403); [`AccessDeniedError`][chime_accounts.AccessDeniedError] when IAM denies it.
        - [`ThrottledError`][chime_accounts.ThrottledError]: still throttled (429) when the
          retries ran out.
        - [`ServiceFailureError`][chime_accounts.ServiceFailureError]: the service failed
          (500) on the last attempt.
        - [`ServiceUnavailableError`][chime_accounts.ServiceUnavailableError]: the service
          was unavailable (503) on the last attempt.
        - [`ChimeAPIError`][chime_accounts.ChimeAPIError]: the service answered with another
          error code.
        - [`ChimeConnectionError`][chime_accounts.ChimeConnectionError]: no answer came
          ([`ChimeTimeoutError`][chime_accounts.ChimeTimeoutError] after a timeout).
        - [`ResponseParseError`][chime_accounts.ResponseParseError]: the answer does not
          match the service model.
        - [`CredentialsError`][chime_accounts.CredentialsError]: no AWS credentials were
          found.

        A call that is not safe to repeat (a create, an invitation, a PIN reset) is not
        retried after a failure that may come after the work was done; its error's
        ``may_have_succeeded`` is then true. See
        [Errors, retries and throttling][the-errors].
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
        pacing: Pacing | None = None,
        max_rate: float | None = None,
    ) -> None:
        self._retry, self._pacing = check_options(
            client=client,
            session=session,
            profile_name=profile_name,
            region_name=region_name,
            endpoint_url=endpoint_url,
            config=config,
            retry=retry,
            pacing=pacing,
            max_rate=max_rate,
        )
        self._owns_client = client is None
        if client is None:
            client = build_client(
                session=session,
                profile_name=profile_name,
                region_name=region_name,
                endpoint_url=endpoint_url,
                config=config,
            )
        else:
            prepare(client)
        self._client: ChimeClient = client

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

    # -- accounts -------------------------------------------------------------------------

    def create_account(self, name: str) -> Account:
        """Create a Team account (the only type this operation creates), ``Active``.

        Args:
            name: The account name: 1-100 characters, not blank.

        Raises:
            ValidationError: ``name`` is invalid.
            NotFoundError: The service answered NotFoundException (404).
        """
        return self._send(account_ops.create_account(name))

    def get_account(self, account_id: str) -> Account:
        """Return one account.

        Args:
            account_id: The Chime account ID.

        Raises:
            ValidationError: ``account_id`` is blank or not a string.
            NotFoundError: No such account.
        """
        return self._send(account_ops.get_account(account_id))

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
            ValidationError: An argument is invalid, or neither field is given.
            NotFoundError: No such account.
        """
        return self._send(account_ops.update_account(account_id, name, default_license))

    def delete_account(self, account_id: str) -> None:
        """Delete an account: it becomes ``Suspended`` and stays listed.

        Team accounts must have their users suspended or removed first (see
        [`suspend_all_users`][chime_accounts.ChimeAccounts.suspend_all_users]).

        Args:
            account_id: The Chime account ID.

        Raises:
            ValidationError: ``account_id`` is invalid.
            NotFoundError: No such account.
            UnprocessableEntityError: The account still has users who are not suspended.
        """
        self._send(account_ops.delete_account(account_id))

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

        Nothing is sent before iteration starts; the arguments are checked at once. Each
        page is retried in place; the errors below other than ``ValidationError`` come
        from iterating the pager.

        Args:
            name: Only accounts whose name starts with this.
            user_email: Only accounts with a user of this email address.
            page_size: Accounts per request, 1-200 (the service's default is 100).
            max_items: Stop after this many accounts.
            starting_token: Resume where a pager's ``resume_token`` or a page's
                ``next_token`` left off, with any ``page_size``.

        Returns:
            A [`Pager`][chime_accounts.Pager] of [`Account`][chime_accounts.Account];
                ``.pages()`` gives whole pages.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: While iterating: the service answered NotFoundException (404).
            PaginationError: While iterating: the service broke the paging protocol.
        """
        call = account_ops.list_accounts(name, user_email, page_size)
        return self._pager(call, max_items, starting_token)

    # -- account settings and sign-in delegate groups -----------------------------------

    def get_account_settings(self, account_id: str) -> AccountSettings:
        """Return an account's settings.

        Args:
            account_id: The Chime account ID.

        Raises:
            ValidationError: ``account_id`` is invalid.
            NotFoundError: No such account.
        """
        return self._send(account_ops.get_account_settings(account_id))

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
            ValidationError: An argument is invalid, or no setting is given.
            NotFoundError: No such account.
            ConflictError: The settings conflict with the account's state.
        """
        self._send(
            account_ops.update_account_settings(account_id, disable_remote_control, enable_dial_out)
        )

    def associate_signin_delegate_groups_with_account(
        self, account_id: str, *, group_names: Sequence[str]
    ) -> None:
        """Let members of these Active Directory groups sign in to the account.

        Args:
            account_id: The Chime account ID.
            group_names: The group names, at least one.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account.
        """
        call = account_ops.associate_signin_delegate_groups_with_account(account_id, group_names)
        self._send(call)

    def disassociate_signin_delegate_groups_from_account(
        self, account_id: str, *, group_names: Sequence[str]
    ) -> None:
        """Stop these Active Directory groups from signing in to the account.

        Args:
            account_id: The Chime account ID.
            group_names: The group names, at least one.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account.
        """
        call = account_ops.disassociate_signin_delegate_groups_from_account(account_id, group_names)
        self._send(call)

    # -- users ----------------------------------------------------------------------------

    def create_user(
        self,
        account_id: str,
        *,
        username: str | None = None,
        email: str | None = None,
        user_type: UserType | str | None = None,
    ) -> User:
        """Create a user in an account: ``Unregistered``, with a ``Pending`` invitation.

        Args:
            account_id: The Chime account ID.
            username: The user's name.
            email: The user's email address (never echoed in errors or logs).
            user_type: PrivateUser or SharedDevice.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account.
            ConflictError: A user with this email exists.
        """
        return self._send(user_ops.create_user(account_id, username, email, user_type))

    def get_user(self, account_id: str, user_id: str) -> User:
        """Return one user.

        Args:
            account_id: The Chime account ID.
            user_id: The user ID.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account or user.
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
            ValidationError: An argument is invalid, or no field is given.
            NotFoundError: No such account or user.
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

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account or user.
        """
        return self._send(user_ops.reset_personal_pin(account_id, user_id))

    def logout_user(self, account_id: str, user_id: str) -> None:
        """Sign a user out of all their devices.

        Args:
            account_id: The Chime account ID.
            user_id: The user ID.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account or user.
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

        Like [`list_accounts`][chime_accounts.ChimeAccounts.list_accounts]: nothing is sent
        before iteration starts, and the errors other than ``ValidationError`` come from
        iterating.

        Args:
            account_id: The Chime account ID.
            user_email: Only the user with this email address.
            user_type: Only users of this type.
            page_size: Users per request, 1-200.
            max_items: Stop after this many users.
            starting_token: Resume where a pager's ``resume_token`` left off.

        Returns:
            A [`Pager`][chime_accounts.Pager] of [`User`][chime_accounts.User].

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: While iterating: no such account.
            PaginationError: While iterating: the service broke the paging protocol.
        """
        call = user_ops.list_users(account_id, user_email, user_type, page_size)
        return self._pager(call, max_items, starting_token)

    def invite_users(
        self, account_id: str, *, emails: Sequence[str], user_type: UserType | str | None = None
    ) -> InviteResult:
        """Email invitations to join a Team account, 50 addresses per request.

        A request that fails does not stop the others, and is reported in the result,
        never raised: the invitations already sent are never lost. Invitations are not
        retried after a failure that may come after they were sent.

        Args:
            account_id: The Chime account ID.
            emails: The email addresses, at least one.
            user_type: PrivateUser or SharedDevice.

        Returns:
            The invitations sent, one per address, and the requests that failed.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
        """
        return self._send_chunked(user_ops.invite_users(account_id, emails, user_type))

    def batch_suspend_user(self, account_id: str, *, user_ids: Sequence[str]) -> BatchResult:
        """Suspend users of a Team or EnterpriseLWA account, 50 per request.

        A failure for some users is reported in the result, never raised: a request that
        fails as a whole becomes one [`UserError`][chime_accounts.UserError] per user of
        that request.

        Args:
            account_id: The Chime account ID.
            user_ids: The user IDs, any number.

        Returns:
            Which users failed and why.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
        """
        return self._send_chunked(user_ops.batch_suspend_user(account_id, user_ids))

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
        return self._send_chunked(user_ops.batch_unsuspend_user(account_id, user_ids))

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
        return self._send_chunked(user_ops.batch_update_user(account_id, updates))

    def suspend_all_users(self, account_id: str) -> BatchResult:
        """Suspend every user of an account who is not suspended yet.

        Team accounts need this before
        [`delete_account`][chime_accounts.ChimeAccounts.delete_account]. The users are listed
        first (the errors of that listing are raised), then suspended with
        [`batch_suspend_user`][chime_accounts.ChimeAccounts.batch_suspend_user] (failures
        are reported in the result).

        Args:
            account_id: The Chime account ID.

        Returns:
            Which users failed and why.

        Raises:
            ValidationError: ``account_id`` is invalid.
            NotFoundError: No such account.
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

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account or user.
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
            ValidationError: An argument is invalid.
            NotFoundError: No such account or user.
        """
        self._send(user_ops.update_user_settings(account_id, user_id, settings))

    # -- user phone numbers ---------------------------------------------------------------

    def associate_phone_number_with_user(
        self, account_id: str, user_id: str, *, e164_phone_number: str
    ) -> None:
        """Make a phone number the user's primary one (``User.primary_provisioned_number``).

        Associating the number the user has again changes nothing, so it is retried like
        any call that is safe to repeat.

        Args:
            account_id: The Chime account ID.
            user_id: The user ID.
            e164_phone_number: The number in E.164 form, e.g. ``+12065550100`` (never echoed
                in errors or logs).

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account or user.
        """
        call = extras_ops.associate_phone_number_with_user(account_id, user_id, e164_phone_number)
        self._send(call)

    def disassociate_phone_number_from_user(self, account_id: str, user_id: str) -> None:
        """Take the primary phone number away from a user; one without a number stays so.

        Args:
            account_id: The Chime account ID.
            user_id: The user ID.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account or user.
        """
        self._send(extras_ops.disassociate_phone_number_from_user(account_id, user_id))

    # -- chat rooms -----------------------------------------------------------------------

    def create_room(
        self, account_id: str, *, name: str, client_request_token: str | None = None
    ) -> Room:
        """Create a chat room in an Enterprise account.

        Each call sends a ``ClientRequestToken``, generated unless given, and the service
        answers a repeated token with the room it made first: so the call is retried
        after any failure without making two rooms. A new call makes a new room, so when
        the retries run out after the room may have been made, the error's
        ``may_have_succeeded`` is true: list the rooms before creating it again, or call
        again with the same ``client_request_token``, which answers that room.

        Args:
            account_id: The Chime account ID.
            name: The room name: not blank (never echoed in errors or logs).
            client_request_token: Your idempotency token: 2-64 letters, digits, ``-`` or
                ``_``. Calls with the same token make one room.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account.
            ResourceLimitExceededError: The account has as many rooms as it may.
        """
        call = room_ops.create_room(account_id, name, client_request_token)
        try:
            return self._send(call)
        except ChimeAccountsError as error:
            room_ops.mark_if_created(error)
            raise

    def get_room(self, account_id: str, room_id: str) -> Room:
        """Return one chat room.

        Args:
            account_id: The Chime account ID.
            room_id: The room ID.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account or room.
        """
        return self._send(room_ops.get_room(account_id, room_id))

    def update_room(self, account_id: str, room_id: str, *, name: str | Unset = UNSET) -> Room:
        """Rename a chat room.

        Args:
            account_id: The Chime account ID.
            room_id: The room ID.
            name: The new name: not blank.

        Returns:
            The updated room.

        Raises:
            ValidationError: An argument is invalid, or no field is given.
            NotFoundError: No such account or room.
        """
        return self._send(room_ops.update_room(account_id, room_id, name))

    def delete_room(self, account_id: str, room_id: str) -> None:
        """Delete a chat room and its memberships.

        Args:
            account_id: The Chime account ID.
            room_id: The room ID.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account or room.
        """
        self._send(room_ops.delete_room(account_id, room_id))

    def list_rooms(
        self,
        account_id: str,
        *,
        member_id: str | None = None,
        page_size: int | None = None,
        max_items: int | None = None,
        starting_token: str | None = None,
    ) -> Pager[Room]:
        """Return a lazy iterator over an account's chat rooms, fetched a page at a time.

        Like [`list_accounts`][chime_accounts.ChimeAccounts.list_accounts]: nothing is sent
        before iteration starts, and the errors other than ``ValidationError`` come from
        iterating.

        Args:
            account_id: The Chime account ID.
            member_id: Only the rooms this user or bot is a member of.
            page_size: Rooms per request, 1-99.
            max_items: Stop after this many rooms.
            starting_token: Resume where a pager's ``resume_token`` left off.

        Returns:
            A [`Pager`][chime_accounts.Pager] of [`Room`][chime_accounts.Room].

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: While iterating: no such account.
            PaginationError: While iterating: the service broke the paging protocol.
        """
        call = room_ops.list_rooms(account_id, member_id, page_size)
        return self._pager(call, max_items, starting_token)

    # -- room memberships -----------------------------------------------------------------

    def create_room_membership(
        self,
        account_id: str,
        room_id: str,
        *,
        member_id: str,
        role: RoomMembershipRole | str | None = None,
    ) -> RoomMembership:
        """Add a user or bot of the account to a chat room.

        Not retried after a failure that may come after the member was added (a repeat
        would answer ``ConflictError``); the error's ``may_have_succeeded`` is then true.

        Args:
            account_id: The Chime account ID.
            room_id: The room ID.
            member_id: The user ID or bot ID.
            role: Administrator or Member (the service's default).

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account, room or member.
            ConflictError: The member is in the room already.
            ResourceLimitExceededError: The room has as many members as it may.
        """
        call = room_ops.create_room_membership(account_id, room_id, member_id, role)
        return self._send(call)

    def batch_create_room_membership(
        self, account_id: str, room_id: str, *, members: Sequence[MembershipItem]
    ) -> MembershipBatchResult:
        """Add users and bots of the account to a chat room, 50 per request.

        A failure for some members is reported in the result, never raised: a request
        that fails as a whole becomes one [`MemberError`][chime_accounts.MemberError] per
        member of that request. Adding members is not retried after a failure that may
        come after it was carried out; those members are in ``uncertain_member_ids``.

        Args:
            account_id: The Chime account ID.
            room_id: The room ID.
            members: One item per member, any number; each needs a ``member_id``.

        Returns:
            Which members failed and why.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
        """
        chunked = room_ops.batch_create_room_membership(account_id, room_id, members)
        return self._send_chunked(chunked)

    def list_room_memberships(
        self,
        account_id: str,
        room_id: str,
        *,
        page_size: int | None = None,
        max_items: int | None = None,
        starting_token: str | None = None,
    ) -> Pager[RoomMembership]:
        """Return a lazy iterator over a chat room's memberships, fetched a page at a time.

        Like [`list_accounts`][chime_accounts.ChimeAccounts.list_accounts]: nothing is sent
        before iteration starts, and the errors other than ``ValidationError`` come from
        iterating.

        Args:
            account_id: The Chime account ID.
            room_id: The room ID.
            page_size: Memberships per request, 1-99.
            max_items: Stop after this many memberships.
            starting_token: Resume where a pager's ``resume_token`` left off.

        Returns:
            A [`Pager`][chime_accounts.Pager] of
                [`RoomMembership`][chime_accounts.RoomMembership].

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: While iterating: no such account or room.
            PaginationError: While iterating: the service broke the paging protocol.
        """
        call = room_ops.list_room_memberships(account_id, room_id, page_size)
        return self._pager(call, max_items, starting_token)

    def update_room_membership(
        self,
        account_id: str,
        room_id: str,
        member_id: str,
        *,
        role: RoomMembershipRole | str | Unset = UNSET,
    ) -> RoomMembership:
        """Change a member's role in a chat room.

        Args:
            account_id: The Chime account ID.
            room_id: The room ID.
            member_id: The member's user ID or bot ID.
            role: The new role: Administrator or Member.

        Returns:
            The updated membership.

        Raises:
            ValidationError: An argument is invalid, or no field is given.
            NotFoundError: No such account or room, or the member is not in the room.
        """
        call = room_ops.update_room_membership(account_id, room_id, member_id, role)
        return self._send(call)

    def delete_room_membership(self, account_id: str, room_id: str, member_id: str) -> None:
        """Remove a member from a chat room.

        Args:
            account_id: The Chime account ID.
            room_id: The room ID.
            member_id: The member's user ID or bot ID.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account or room, or the member is not in the room.
        """
        self._send(room_ops.delete_room_membership(account_id, room_id, member_id))

    # -- bots -----------------------------------------------------------------------------

    def create_bot(self, account_id: str, *, display_name: str, domain: str | None = None) -> Bot:
        """Create a chat bot in an Enterprise account, enabled, with a security token.

        Not retried after a failure that may come after the bot was made; the error's
        ``may_have_succeeded`` is then true: list the bots before creating it again.

        Args:
            account_id: The Chime account ID.
            display_name: The bot's name: not blank; the service appends `` (Bot)``
                (never echoed in errors or logs).
            domain: The domain of the bot's email address.

        Returns:
            The bot, with its ``security_token``.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account.
            ResourceLimitExceededError: The account has as many bots as it may.
        """
        return self._send(bot_ops.create_bot(account_id, display_name, domain))

    def get_bot(self, account_id: str, bot_id: str) -> Bot:
        """Return one chat bot, with its security token.

        Args:
            account_id: The Chime account ID.
            bot_id: The bot ID.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account or bot.
        """
        return self._send(bot_ops.get_bot(account_id, bot_id))

    def list_bots(
        self,
        account_id: str,
        *,
        page_size: int | None = None,
        max_items: int | None = None,
        starting_token: str | None = None,
    ) -> Pager[Bot]:
        """Return a lazy iterator over an account's chat bots, fetched a page at a time.

        Like [`list_accounts`][chime_accounts.ChimeAccounts.list_accounts]: nothing is sent
        before iteration starts, and the errors other than ``ValidationError`` come from
        iterating.

        Args:
            account_id: The Chime account ID.
            page_size: Bots per request, 1-99.
            max_items: Stop after this many bots.
            starting_token: Resume where a pager's ``resume_token`` left off.

        Returns:
            A [`Pager`][chime_accounts.Pager] of [`Bot`][chime_accounts.Bot].

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: While iterating: no such account.
            PaginationError: While iterating: the service broke the paging protocol.
        """
        call = bot_ops.list_bots(account_id, page_size)
        return self._pager(call, max_items, starting_token)

    def update_bot(self, account_id: str, bot_id: str, *, disabled: bool | Unset = UNSET) -> Bot:
        """Stop (``disabled=True``) or start again (``disabled=False``) a chat bot.

        Bots cannot be deleted; a stopped bot can be removed from rooms but not added.

        Args:
            account_id: The Chime account ID.
            bot_id: The bot ID.
            disabled: Whether the bot is stopped.

        Returns:
            The updated bot.

        Raises:
            ValidationError: An argument is invalid, or no field is given.
            NotFoundError: No such account or bot.
        """
        return self._send(bot_ops.update_bot(account_id, bot_id, disabled))

    def regenerate_security_token(self, account_id: str, bot_id: str) -> Bot:
        """Give a chat bot a new security token, returned in ``Bot.security_token``.

        The old token stops working. Not retried after a failure that may come after the
        token was replaced; the error's ``may_have_succeeded`` is then true.

        Args:
            account_id: The Chime account ID.
            bot_id: The bot ID.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account or bot.
        """
        return self._send(bot_ops.regenerate_security_token(account_id, bot_id))

    # -- bot events configuration ---------------------------------------------------------

    def get_events_configuration(self, account_id: str, bot_id: str) -> EventsConfiguration:
        """Return where a chat bot's outgoing events go.

        Args:
            account_id: The Chime account ID.
            bot_id: The bot ID.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account or bot, or the bot has no events configuration.
            ResourceLimitExceededError: The service answered ResourceLimitExceededException.
        """
        return self._send(bot_ops.get_events_configuration(account_id, bot_id))

    def put_events_configuration(
        self,
        account_id: str,
        bot_id: str,
        *,
        outbound_events_https_endpoint: str | None = None,
        lambda_function_arn: str | None = None,
    ) -> EventsConfiguration:
        """Send a chat bot's outgoing events to an HTTPS endpoint or a Lambda function.

        Replaces the bot's events configuration whole; give exactly one target.

        Args:
            account_id: The Chime account ID.
            bot_id: The bot ID.
            outbound_events_https_endpoint: An ``https://`` URL (never echoed).
            lambda_function_arn: A Lambda function ARN (never echoed).

        Returns:
            The new configuration.

        Raises:
            ValidationError: An argument is invalid, or not exactly one target is given.
            NotFoundError: No such account or bot.
            ResourceLimitExceededError: The service answered ResourceLimitExceededException.
        """
        call = bot_ops.put_events_configuration(
            account_id, bot_id, outbound_events_https_endpoint, lambda_function_arn
        )
        return self._send(call)

    def delete_events_configuration(self, account_id: str, bot_id: str) -> None:
        """Stop sending a chat bot's outgoing events; a bot without a configuration is fine.

        Args:
            account_id: The Chime account ID.
            bot_id: The bot ID.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account or bot.
            ResourceLimitExceededError: The service answered ResourceLimitExceededException.
        """
        self._send(bot_ops.delete_events_configuration(account_id, bot_id))

    # -- chat retention and message redaction ---------------------------------------------

    def get_retention_settings(self, account_id: str) -> Retention:
        """Return how long an Enterprise account keeps chat messages.

        Args:
            account_id: The Chime account ID.

        Returns:
            The settings, and when the service starts deleting messages.

        Raises:
            ValidationError: ``account_id`` is invalid.
            NotFoundError: No such account.
        """
        return self._send(extras_ops.get_retention_settings(account_id))

    def put_retention_settings(self, account_id: str, *, settings: RetentionSettings) -> None:
        """Replace how long an Enterprise account keeps chat messages.

        A kind of message (rooms, conversations) whose settings or days are None keeps
        its messages for good: its retention is turned off. Once retention is on, the
        service deletes older messages for good; read back the settings and the deletion
        time with [`get_retention_settings`][chime_accounts.ChimeAccounts.get_retention_settings].

        Args:
            account_id: The Chime account ID.
            settings: The new settings; days from 1 to 5475.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account.
            ConflictError: The settings conflict with the account's state.
        """
        self._send(extras_ops.put_retention_settings(account_id, settings))

    def redact_room_message(self, account_id: str, room_id: str, message_id: str) -> None:
        """Redact a message of a chat room; redacting it again changes nothing.

        Args:
            account_id: The Chime account ID.
            room_id: The room ID.
            message_id: The message ID.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account, room or message in that room.
        """
        self._send(room_ops.redact_room_message(account_id, room_id, message_id))

    def redact_conversation_message(
        self, account_id: str, conversation_id: str, message_id: str
    ) -> None:
        """Redact a message of a chat conversation; redacting it again changes nothing.

        Args:
            account_id: The Chime account ID.
            conversation_id: The conversation ID.
            message_id: The message ID.

        Raises:
            ValidationError: An argument is invalid.
            NotFoundError: No such account or message in that conversation.
        """
        call = extras_ops.redact_conversation_message(account_id, conversation_id, message_id)
        self._send(call)

    # -- global settings ------------------------------------------------------------------

    def get_global_settings(self) -> GlobalSettings:
        """Return the AWS account's global Chime settings (call detail record buckets)."""
        return self._send(extras_ops.get_global_settings())

    def update_global_settings(
        self,
        *,
        business_calling: BusinessCallingSettings | Unset = UNSET,
        voice_connector: VoiceConnectorSettings | Unset = UNSET,
    ) -> None:
        """Change the AWS account's global Chime settings; UNSET leaves a section unchanged.

        Args:
            business_calling: The Business Calling settings; ``cdr_bucket`` is required.
            voice_connector: The Voice Connector settings; ``cdr_bucket`` is required.

        Raises:
            ValidationError: An argument is invalid, or no section is given.
        """
        self._send(extras_ops.update_global_settings(business_calling, voice_connector))

    # -- sending --------------------------------------------------------------------------

    def _pager(self, call: ListCall[T], max_items: object, starting_token: object) -> Pager[T]:
        # Checked here, not on first iteration, so bad input fails where it is written.
        return Pager(
            call,
            self._send,
            starting_token=check_optional_token(starting_token),
            max_items=check_max_items(max_items),
        )

    def _send(self, call: Call[T]) -> T:
        method = getattr(self._client, call.method)
        attempts = Attempts(self._retry, self._pacing, call)
        with library_call(call.params):
            while True:
                wait = attempts.wait()
                if wait:
                    time.sleep(wait)
                try:
                    response: Mapping[str, Any] = method(**call.params)
                except BOTO_ERRORS as error:
                    time.sleep(attempts.next_delay(error))
                else:
                    attempts.succeeded()
                    break
        return parsed(call, response)

    def _send_chunked(self, chunked: Chunked[Any, Any, T]) -> T:
        outcomes: list[tuple[tuple[Any, ...], Any]] = []
        for chunk, call in zip(chunked.chunks, chunked.calls, strict=True):
            try:
                outcomes.append((chunk, self._send(call)))
            except ChimeAccountsError as error:
                outcomes.append((chunk, error))
        return chunked.merge(outcomes)
