"""The `LocalChime` facade: lifecycle, clients, faults and the request log.

It owns the store, the fault queue, the request log and the pace (``_limits.py``),
runs the HTTP server (``_http.py``) on a background thread, and inherits its
data helpers from `StoreData` (``_data.py``).
"""

from __future__ import annotations

import functools
import threading
from typing import TYPE_CHECKING, Any, cast

from chime_accounts.testing._data import StoreData
from chime_accounts.testing._faults import FaultQueue, RequestLog
from chime_accounts.testing._http import Backend, Server
from chime_accounts.testing._limits import Pace
from chime_accounts.testing._store import DEFAULT_AWS_ACCOUNT_ID, AccountStore

if TYPE_CHECKING:
    from collections.abc import Mapping
    from types import TracebackType

    from botocore.config import Config
    from mypy_boto3_chime.client import ChimeClient

    from chime_accounts import ChimeAccounts, RetryPolicy
    from chime_accounts.testing._faults import Fault, RecordedRequest

__all__ = ["LocalChime"]

# Sessions are not thread-safe for client creation; sharing one keeps the
# loaded models cached across clients.
_client_lock = threading.Lock()


@functools.cache
def _boto3_session() -> Any:  # noqa: ANN401 - boto3.session.Session, imported lazily
    import boto3.session

    return boto3.session.Session(
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - dummy credentials for a local endpoint
        region_name="us-east-1",
    )


class LocalChime(StoreData):
    """A local Amazon Chime endpoint for account administration.

    Serves the account-scoped operations of the ``chime`` API over HTTP with
    the service's wire format, so real boto3 clients can talk to it through
    ``endpoint_url``: accounts (CreateAccount, GetAccount, ListAccounts,
    UpdateAccount, DeleteAccount), account settings, sign-in delegate groups,
    users (CreateUser, GetUser, UpdateUser, ResetPersonalPIN, LogoutUser,
    ListUsers, InviteUsers, BatchSuspendUser, BatchUnsuspendUser,
    BatchUpdateUser), user settings and phone numbers, the chat rooms,
    memberships and bots of Enterprise accounts (with bots' events
    configurations), chat retention settings, message redaction, and the
    endpoint's global settings. Use it as a context manager, or call `start`
    and `stop`.

    It can also pace its answers like a real endpoint: with ``latency`` every
    request waits that long before it is answered (requests wait side by
    side, not in turn), and with ``rate_limit`` each operation has a token
    bucket of that many requests per second, holding up to ``burst`` of them:
    a request finding its operation's bucket empty is answered at once with
    429 ``ThrottledClientException``, before latency and faults, and is
    recorded in `requests` like any other.

    Args:
        port: TCP port to listen on; 0 picks a free one.
        host: Interface to bind.
        aws_account_id: 12-digit AWS account id stamped on created accounts.
        latency: Seconds every request waits before it is answered (cut
            short by `stop`); 0 for none.
        rate_limit: Requests per second allowed for each operation, or a
            mapping of operation name (e.g. ``"ListAccounts"``) to its rate,
            leaving the operations it does not name unlimited; ``None`` for
            no limit.
        burst: How many requests an operation's bucket holds, so how many may
            come at once after a quiet spell; at least 1. ``None`` makes it one
            second's worth of the operation's rate (at least 1).

    Raises:
        ValueError: If ``aws_account_id`` is not 12 digits, ``latency`` is
            negative, a rate is not positive, ``rate_limit`` names an
            operation LocalChime does not serve, or ``burst`` is below 1.
    """

    def __init__(
        self,
        port: int = 0,
        host: str = "127.0.0.1",
        aws_account_id: str = DEFAULT_AWS_ACCOUNT_ID,
        *,
        latency: float = 0.0,
        rate_limit: float | Mapping[str, float] | None = None,
        burst: float | None = None,
    ) -> None:
        pace = Pace.build(latency, rate_limit, burst)
        super().__init__(AccountStore(aws_account_id))
        self.host = host
        self._requested_port = port
        self._backend = Backend(store=self._store, faults=FaultQueue(), log=RequestLog(), pace=pace)
        self._lock = threading.Lock()
        self._clients: list[ChimeClient] = []
        self._facades: list[ChimeAccounts] = []
        self._server: Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------

    def start(self) -> LocalChime:
        """Start serving in a background thread.

        Returns:
            This instance, for chaining.

        Raises:
            RuntimeError: If it is already running.
        """
        if self._server is not None:
            raise RuntimeError("LocalChime is already running")
        server = Server((self.host, self._requested_port), self._backend)
        thread = threading.Thread(
            target=server.serve_until_woken,
            name=f"LocalChime:{server.server_address[1]}",
            daemon=True,
        )
        thread.start()
        self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        """Stop serving; close open connections and the clients `client` and `chime_accounts` made.

        Calling it on a stopped instance does nothing. The store is kept.
        """
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._server = self._thread = None
        server.wake()
        thread.join()
        server.close_connections()
        server.server_close()
        with self._lock:
            clients, self._clients = self._clients, []
            facades, self._facades = self._facades, []
        for client in clients:
            client.close()
        for facade in facades:
            facade.close()

    def __enter__(self) -> LocalChime:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """Whether the endpoint is serving."""
        return self._server is not None

    @property
    def port(self) -> int:
        """The bound TCP port.

        Raises:
            RuntimeError: If not running.
        """
        if self._server is None:
            raise RuntimeError("LocalChime is not running; call start() first")
        return self._server.server_address[1]

    @property
    def endpoint_url(self) -> str:
        """The base URL to pass as a boto3 client's ``endpoint_url``.

        Raises:
            RuntimeError: If not running.
        """
        return f"http://{self.host}:{self.port}"

    # -- clients -------------------------------------------------------------

    def client(self, config: Config | None = None) -> ChimeClient:
        """Create a boto3 ``chime`` client aimed at this endpoint.

        The client uses region us-east-1 and dummy credentials; `stop` closes it.

        Args:
            config: Optional botocore configuration (retries, timeouts, ...).

        Returns:
            The client.

        Raises:
            RuntimeError: If not running.
        """
        endpoint_url = self.endpoint_url
        with _client_lock:
            made = cast(
                "ChimeClient",
                _boto3_session().client("chime", endpoint_url=endpoint_url, config=config),
            )
        with self._lock:
            self._clients.append(made)
        return made

    def chime_accounts(
        self, *, config: Config | None = None, retry: RetryPolicy | None = None
    ) -> ChimeAccounts:
        """Create a `chime_accounts.ChimeAccounts` that builds its own client for this endpoint.

        Its client comes from a boto3 session with region us-east-1 and dummy
        credentials, and is made the way ChimeAccounts always makes one:
        botocore's own retries are off (the facade retries, and botocore would
        repeat a CreateAccount that failed after the account was made), and
        each answer is checked to have arrived whole before botocore reads it.
        `stop` closes it.

        Args:
            config: Optional botocore configuration for the client; its retry
                settings are replaced.
            retry: Retry policy for ``ChimeAccounts``; its default when ``None``.

        Returns:
            The facade.

        Raises:
            RuntimeError: If not running.
        """
        from chime_accounts import ChimeAccounts

        endpoint_url = self.endpoint_url
        # ChimeAccounts makes its client from the shared session, so under the same lock.
        with _client_lock:
            made = ChimeAccounts(
                session=_boto3_session(), endpoint_url=endpoint_url, config=config, retry=retry
            )
        with self._lock:
            self._facades.append(made)
        return made

    # -- faults and request log ----------------------------------------------

    def inject(self, fault: Fault) -> None:
        """Queue a fault behind those already queued.

        Args:
            fault: The fault.
        """
        self._backend.faults.push(fault)

    def clear_faults(self) -> None:
        """Drop every queued fault."""
        self._backend.faults.clear()

    @property
    def faults(self) -> list[Fault]:
        """The faults still queued, in order (a copy)."""
        return self._backend.faults.queued()

    @property
    def faults_fired(self) -> int:
        """How many calls injected faults have taken so far, answered or still delayed.

        Unlike counting ``requests`` with a ``fault``, this counts a call the moment a
        fault takes it: a delayed answer is logged only once it is sent.
        """
        return self._backend.faults.fired

    @property
    def requests(self) -> list[RecordedRequest]:
        """The requests served so far, oldest first (a copy)."""
        return self._backend.log.snapshot()

    def clear_requests(self) -> None:
        """Forget the recorded requests."""
        self._backend.log.clear()
