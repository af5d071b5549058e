"""HTTP serving: framing requests and answers, pacing them, and applying faults.

`Server` accepts connections on a thread of its own and serves each on
another; `_Handler` routes a request, throttles it when its operation is
over its rate limit, waits out the latency, lets an injected fault take it
(delaying, dropping, replacing, truncating or stalling the answer), has
`perform` answer it otherwise, and records it in the request log.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import sys
import threading
import uuid
from dataclasses import dataclass
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import parse_qs, urlsplit

from chime_accounts.testing._faults import RecordedRequest, fault_reply
from chime_accounts.testing._responses import perform
from chime_accounts.testing._routing import find_route
from chime_accounts.testing._wire import error_reply

if TYPE_CHECKING:
    import re
    from collections.abc import Mapping

    from chime_accounts.testing._faults import Fault, FaultQueue, RequestLog
    from chime_accounts.testing._limits import Pace
    from chime_accounts.testing._routing import Route
    from chime_accounts.testing._store import AccountStore
    from chime_accounts.testing._wire import Reply

__all__ = ["Backend", "Server"]


@dataclass(frozen=True)
class Backend:
    """What the request handlers work with, shared with the LocalChime facade.

    Attributes:
        store: The accounts and users.
        faults: The injected faults.
        log: The request log.
        pace: The latency and the rate limits.
    """

    store: AccountStore
    faults: FaultQueue
    log: RequestLog
    pace: Pace


class Server(ThreadingHTTPServer):
    """A threaded HTTP server for one LocalChime; `serve_until_woken` runs it.

    Args:
        address: The host and port to bind (port 0 picks a free one).
        backend: What the handlers work with.
    """

    daemon_threads = True
    allow_reuse_address = True
    # socketserver's default backlog of 5 overflows when many clients connect at once, and
    # an overflowing backlog resets connections that the clients already sent requests on.
    request_queue_size = 128
    # Bounds how long handle_request can block if a queued connection
    # vanishes before accept, so a stop request is never missed.
    timeout = 0.1

    def __init__(self, address: tuple[str, int], backend: Backend) -> None:
        self.backend = backend
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        # Set on stop, so that handlers cut their injected delays short.
        self.stopping = threading.Event()
        super().__init__(address, _Handler)
        self._wake_r, self._wake_w = socket.socketpair()

    def serve_until_woken(self) -> None:
        """Accept connections until `wake` is called.

        Unlike ``serve_forever``, stopping does not wait out a poll interval,
        which would add its latency to every fixture teardown.
        """
        with selectors.DefaultSelector() as selector:
            selector.register(self, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while True:
                ready = selector.select()
                if any(key.fileobj is self._wake_r for key, _ in ready):
                    return
                self.handle_request()

    def wake(self) -> None:
        """Make `serve_until_woken` return, and end injected delays."""
        self.stopping.set()
        self._wake_w.send(b"\0")

    def server_close(self) -> None:
        """Close the listening socket and the wake-up pair."""
        super().server_close()
        self._wake_r.close()
        self._wake_w.close()

    def handle_error(self, request: Any, client_address: Any) -> None:  # noqa: ANN401
        """Stay quiet when a client hangs up mid-answer, as timeout tests make them do."""
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)

    def close_connections(self) -> None:
        """Shut down the connections still open, so that idle keep-alive clients see EOF."""
        with self.connections_lock:
            conns = list(self.connections)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    @property
    def _server(self) -> Server:
        return cast("Server", self.server)

    def setup(self) -> None:
        # Without TCP_NODELAY, Nagle plus the client's delayed ACK stalls
        # each keep-alive call by about 40 ms.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().setup()
        with self._server.connections_lock:
            self._server.connections.add(self.connection)

    def finish(self) -> None:
        with self._server.connections_lock:
            self._server.connections.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002, ANN401
        """Stay quiet: tests do not want a line of stderr per request."""

    def do_GET(self) -> None:
        """Serve a GET request."""
        self._dispatch()

    def do_POST(self) -> None:
        """Serve a POST request."""
        self._dispatch()

    def do_PUT(self) -> None:
        """Serve a PUT request."""
        self._dispatch()

    def do_DELETE(self) -> None:
        """Serve a DELETE request."""
        self._dispatch()

    def do_PATCH(self) -> None:
        """Serve a PATCH request."""
        self._dispatch()

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in {b"\r\n", b"\n", b""}:
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _dispatch(self) -> None:
        body = self._read_body()
        split = urlsplit(self.path)
        query = parse_qs(split.query, keep_blank_values=True)
        backend = self._server.backend
        found = find_route(self.command, split.path, query)
        operation = found[0].operation.name if found else None

        def record(status: int, fault: Fault | None = None) -> None:
            backend.log.append(
                RecordedRequest(
                    operation=operation,
                    method=self.command,
                    path=split.path,
                    query=query,
                    body=body,
                    had_authorization="Authorization" in self.headers,
                    status=status,
                    fault=fault,
                )
            )

        if found is None:
            self._pause(backend.pace.latency)
            reply = error_reply(
                "UnknownOperationException",
                f"No operation matches {self.command} {split.path}.",
                status=404,
                body_code="NotFound",
            )
            record(reply.status)
            self._send(reply)
            return

        route, match = found
        if not backend.pace.limits.admit(route.operation.name):
            # Answered at once, as the service refuses before doing any work.
            reply = error_reply("ThrottledClientException", "Rate exceeded.")
            record(reply.status)
            self._send(reply)
            return
        self._pause(backend.pace.latency)
        fault = backend.faults.take(route.operation.name)
        if fault is not None:
            self._pause(fault.delay)
        if fault is None or fault.keeps_answer:
            reply = self._perform(route, match, query, body)
        else:
            if fault.apply:
                # The store changes, but the fault decides what the client sees.
                self._perform(route, match, query, body)
            if fault.drop_connection:
                record(0, fault)
                self._hang_up()
                return
            reply = fault_reply(fault)
        record(reply.status, fault)
        self._send(reply, fault)

    def _perform(
        self, route: Route, match: re.Match[str], query: Mapping[str, list[str]], body: bytes
    ) -> Reply:
        headers = {k.lower(): v for k, v in self.headers.items()}
        return perform(self._server.backend.store, route, match, query, headers, body)

    def _pause(self, seconds: float) -> None:
        """Wait, cut short when the server stops."""
        if seconds > 0:
            self._server.stopping.wait(seconds)

    def _hang_up(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _send(self, reply: Reply, fault: Fault | None = None) -> None:
        try:
            reason = HTTPStatus(reply.status).phrase
        except ValueError:
            reason = "Unknown"
        lines = [
            f"HTTP/1.1 {reply.status} {reason}",
            f"x-amzn-RequestId: {uuid.uuid4()}",
            f"Date: {formatdate(usegmt=True)}",
        ]
        # RFC 9110 forbids Content-Length on 204; the status alone frames it.
        if reply.status != HTTPStatus.NO_CONTENT:
            lines.append(f"Content-Type: {reply.content_type or 'application/json'}")
            lines.append(f"Content-Length: {len(reply.body)}")
        lines.extend(f"{k}: {v}" for k, v in reply.headers)
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        body = reply.body if reply.status != HTTPStatus.NO_CONTENT else b""
        if fault is None or not fault.mangles_body:
            # One write: split writes meet Nagle/delayed-ACK stalls on the client.
            self.wfile.write(head + body)
            return
        sent = 0 if fault.truncate_body is None else min(fault.truncate_body, len(body))
        self.wfile.write(head + body[:sent])
        self.wfile.flush()
        self._pause(fault.body_delay)
        if fault.truncate_body is None:
            self.wfile.write(body[sent:])
        else:
            self._hang_up()
