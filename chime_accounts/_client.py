"""ChimeAccounts: the typed facade over boto3's ``chime`` client."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, TypeVar

from . import _ops as ops
from ._pager import Pager
from ._retry import RetryPolicy
from ._session import build_client
from .exceptions import ValidationError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from types import TracebackType

    import boto3
    from botocore.config import Config
    from mypy_boto3_chime.client import ChimeClient
    from typing_extensions import Self

    from ._enums import License
    from ._models import Account

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
        endpoint_url: Another endpoint, e.g. a :class:`~chime_accounts.testing.LocalChime`.
        config: botocore options (timeouts, proxies, ...) for the new client. Its retry
            settings are replaced: this class retries by ``retry`` instead.
        retry: When and how long to retry throttled and failed calls.

    Raises:
        ValidationError: client options were given together with a client.
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
            The new account.

        Raises:
            ValidationError: ``name`` is invalid; nothing was sent.
            ChimeAPIError: The service refused, e.g. ``ResourceLimitExceededError``.
            ChimeConnectionError: No answer came.
        """
        return self._send(ops.create_account(name))

    def get_account(self, account_id: str) -> Account:
        """Return one account.

        Args:
            account_id: The Chime account ID.

        Raises:
            ValidationError: ``account_id`` is blank or not a string; nothing was sent.
            NotFoundError: No such account.
            ChimeAPIError: The service refused for another reason.
            ChimeConnectionError: No answer came.
        """
        return self._send(ops.get_account(account_id))

    def update_account(
        self,
        account_id: str,
        *,
        name: str | None = None,
        default_license: License | str | None = None,
    ) -> Account:
        """Rename an account or change its default license; None leaves a field unchanged.

        Args:
            account_id: The Chime account ID.
            name: The new name: 1-100 characters, not blank.
            default_license: The new default license: a :class:`License` or its value.

        Returns:
            The updated account.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
            NotFoundError: No such account.
            BadRequestError: The service refused the values.
            ChimeConnectionError: No answer came.
        """
        return self._send(ops.update_account(account_id, name, default_license))

    def delete_account(self, account_id: str) -> None:
        """Delete an account: it becomes ``Suspended`` and stays listed.

        Team accounts must have their users suspended or removed first.

        Args:
            account_id: The Chime account ID.

        Raises:
            ValidationError: ``account_id`` is invalid; nothing was sent.
            NotFoundError: No such account.
            UnprocessableEntityError: The account still has active users.
            ChimeConnectionError: No answer came.
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

        Nothing is sent before iteration starts; the arguments are checked at once.

        Args:
            name: Only accounts whose name starts with this.
            user_email: Only accounts with a user of this email address.
            page_size: Accounts per request, 1-200 (the service's default is 100).
            max_items: Stop after this many accounts.
            starting_token: Resume where a pager's ``resume_token`` or a page's
                ``next_token`` left off.

        Returns:
            A :class:`Pager` of :class:`Account`; ``.pages()`` gives whole pages.

        Raises:
            ValidationError: An argument is invalid; nothing was sent.
        """
        call = ops.list_accounts(name, user_email, page_size)
        # Checked here, not on first iteration, so bad input fails where it is written.
        from ._validation import check_max_items, check_optional_token

        return Pager(
            call,
            self._paginator(call),
            retry=self._retry,
            starting_token=check_optional_token(starting_token),
            max_items=check_max_items(max_items),
            sleep=time.sleep,
        )

    def _paginator(self, call: ops.ListCall[T]) -> _Paginate:
        return _Paginate(self._client, call)

    def _send(self, call: ops.Call[T]) -> T:
        method = getattr(self._client, call.method)
        retry_state = ops.RetryState(self._retry, call.operation, idempotent=call.idempotent)
        while True:
            try:
                response: Mapping[str, Any] = method(**call.params)
                break
            except ops.BOTO_ERRORS as error:
                time.sleep(retry_state.next_delay(error))
        return call.parse(response)


class _Paginate:
    """Starts boto3's paginator for a listing at a given token."""

    def __init__(self, client: ChimeClient, call: ops.ListCall[Any]) -> None:
        self._paginator = client.get_paginator("list_accounts")
        self._params = dict(call.params)
        self._page_size = call.page_size

    def __call__(self, starting_token: str | None) -> Iterable[Mapping[str, Any]]:
        config: dict[str, Any] = {"StartingToken": starting_token}
        if self._page_size is not None:
            config["PageSize"] = self._page_size
        return self._paginator.paginate(**self._params, PaginationConfig=config)  # type: ignore[arg-type]
