"""What a test scripts and observes: injected faults and the request log.

`Fault` describes a misbehaviour and `FaultQueue` hands queued faults to the
calls they match; `RecordedRequest` is one entry of the `RequestLog`. Both
containers are thread-safe: the HTTP handlers use them from their threads.
"""

from __future__ import annotations

import functools
import random
import re
import threading
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Protocol, cast, overload

from chime_accounts.testing._responses import OPERATIONS
from chime_accounts.testing._service import service_model
from chime_accounts.testing._wire import Reply, error_reply

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["Fault", "FaultQueue", "RecordedRequest", "RequestLog", "fault_reply"]


class _DelayConstructor(Protocol):
    """The signature of `Fault.delay` used as a constructor (that of `Fault.delayed`)."""

    def __call__(
        self,
        seconds: float,
        *,
        operation: str | None = None,
        count: int = 1,
        after: int = 0,
        rate: float = 1.0,
        seed: int | None = None,
    ) -> Fault: ...


class _Delay:
    """``Fault.delay(seconds, ...)`` builds a delayed fault; ``fault.delay`` is its seconds.

    The constructor per effect and the keyword form's attribute share the name ``delay``:
    read on the class it is the constructor (`Fault.delayed`), read on a fault the
    number of seconds it waits, and ``Fault(delay=...)`` sets it.
    """

    @overload
    def __get__(self, fault: None, owner: type[Fault]) -> _DelayConstructor: ...
    @overload
    def __get__(self, fault: Fault, owner: type[Fault] | None = None) -> float: ...
    def __get__(
        self, fault: Fault | None, owner: type[Fault] | None = None
    ) -> float | _DelayConstructor:
        if fault is None:
            return cast("type[Fault]", owner).delayed
        seconds: float = fault.__dict__["delay"]
        return seconds

    def __set__(self, fault: Fault, seconds: float) -> None:
        # Only the dataclass's __init__ gets here (object.__setattr__): a Fault is frozen.
        fault.__dict__["delay"] = seconds


@dataclass(frozen=True)
class Fault:
    """A scripted misbehaviour for upcoming calls.

    Build one with the constructor for its effect: `Fault.error` (an error
    answer), `Fault.drop` (no answer), `Fault.delay` or its other name
    `Fault.delayed` (a late but normal answer), `Fault.truncate` (a cut-off
    answer), `Fault.stall` (an answer whose body stalls) or `Fault.raw`
    (arbitrary bytes). Each takes the options every fault has: ``operation``,
    ``count``, ``after``, ``rate`` and ``seed``.

    Faults queue in injection order. Each call of a matching operation goes to
    the first matching fault still queued: while that fault's ``after`` is
    positive the call is answered normally and ``after`` counts down,
    otherwise the call consumes one of its ``count`` units and is answered
    by the fault. Spent faults leave the queue.

    With ``rate`` below 1 the fault is random: once ``after`` is spent, each
    matching call is answered by the fault with that probability (drawn from
    a generator seeded with ``seed``) and normally otherwise, until ``count``
    calls were answered by it. For a storm that lasts, give a large ``count``.

    The keyword form ``Fault(operation=..., ...)`` combines the attributes
    below directly, where combinations carry meaning: a positive ``delay``
    that sets nothing else (``status`` left at 500, no ``code``, ``raw_body``
    or ``drop_connection``) sleeps and then answers normally, and with
    ``code`` set it sleeps and then fails with ``status``. Likewise
    ``truncate_body`` and ``body_delay`` on their own mangle the normal
    answer (the operation is carried out), and otherwise the fault's own
    answer.

    Attributes:
        operation: Operation name (e.g. ``"GetAccount"``), or ``None`` for any.
        status: HTTP status of the error response.
        count: How many calls the fault answers.
        after: How many matching calls to let through before it fires.
        code: Modeled error type sent as ``x-amzn-ErrorType``; derived from
            ``status`` through the service model when ``None``.
        message: The error body's ``Message``.
        error_type_header: Send ``x-amzn-ErrorType``; when ``False`` only the
            body's ``Code`` (the Chime ``ErrorCode`` value) names the error.
        apply: Perform the operation (changing the store) before failing.
        raw_body: Send these bytes verbatim with ``status`` instead of a JSON error.
        content_type: ``Content-Type`` for ``raw_body`` (or the error body).
        drop_connection: Close the socket without answering.
        delay: Seconds to sleep before answering.
        truncate_body: Send the head (announcing the whole body's
            ``Content-Length``) and only this many bytes of the body, then
            close the connection: a connection dropped mid-response.
        body_delay: Seconds to wait after the head and the first
            ``truncate_body`` bytes (none when it is ``None``) before sending
            the rest, or closing when truncating: a body that stalls.
        rate: The probability, in (0, 1], that a matching call is answered by
            the fault.
        seed: Seeds the fault's random generator when ``rate`` is below 1, so
            the same calls in the same order meet the same faults.
    """

    operation: str | None
    status: int = 500
    count: int = 1
    after: int = 0
    code: str | None = None
    message: str = "Injected fault"
    error_type_header: bool = True
    apply: bool = False
    raw_body: bytes | None = None
    content_type: str | None = None
    drop_connection: bool = False
    if TYPE_CHECKING:
        delay: _Delay = _Delay()
    else:
        delay: float = 0.0  # the default; _Delay takes the name once the class is made
    truncate_body: int | None = None
    body_delay: float = 0.0
    rate: float = 1.0
    seed: int | None = None

    def __post_init__(self) -> None:
        if self.operation is not None and self.operation not in OPERATIONS:
            raise ValueError(
                f"operation must be one of {OPERATIONS} or None, not {self.operation!r}"
            )
        if not 100 <= self.status <= 599:
            raise ValueError(f"status must be an HTTP status code, not {self.status}")
        if self.count < 1:
            raise ValueError("count must be >= 1")
        if self.after < 0:
            raise ValueError("after must be >= 0")
        if self.delay < 0:
            raise ValueError("delay must be >= 0")
        if self.truncate_body is not None and self.truncate_body < 0:
            raise ValueError("truncate_body must be >= 0")
        if self.body_delay < 0:
            raise ValueError("body_delay must be >= 0")
        if not 0 < self.rate <= 1:
            raise ValueError(f"rate must be in (0, 1], not {self.rate}")

    # -- one constructor per effect -------------------------------------------

    @classmethod
    def error(
        cls,
        operation: str | None = None,
        status: int = 500,
        *,
        code: str | None = None,
        message: str = "Injected fault",
        error_type_header: bool = True,
        apply: bool = False,
        content_type: str | None = None,
        delay: float = 0.0,
        count: int = 1,
        after: int = 0,
        rate: float = 1.0,
        seed: int | None = None,
    ) -> Self:
        """Answer an error in the service's form.

        Args:
            operation: Operation name, or ``None`` for any.
            status: The HTTP status, 400 to 599.
            code: The error type sent as ``x-amzn-ErrorType``; the modeled one
                for ``status`` (e.g. ``NotFoundException`` for 404) when ``None``.
            message: The body's ``Message``.
            error_type_header: Send ``x-amzn-ErrorType``; when ``False`` only the
                body's ``Code`` names the error.
            apply: Carry the operation out (changing the store) before failing.
            content_type: The body's ``Content-Type``; JSON when ``None``.
            delay: Seconds to wait before answering.
            count: How many calls the fault answers.
            after: How many matching calls to let through first.
            rate: The probability, in (0, 1], that a matching call meets the fault.
            seed: Seeds the draws when ``rate`` is below 1.

        Returns:
            The fault.

        Raises:
            ValueError: For a status outside 400-599 or an invalid common option.
        """
        if not 400 <= status <= 599:
            raise ValueError(f"status must be an error status (400-599), not {status}")
        if delay > 0 and code is None:
            # A delay with no code would mean "delay, then answer normally".
            code = error_type_for_status(status)
        return cls(
            operation,
            status=status,
            code=code,
            message=message,
            error_type_header=error_type_header,
            apply=apply,
            content_type=content_type,
            delay=delay,
            count=count,
            after=after,
            rate=rate,
            seed=seed,
        )

    @classmethod
    def drop(
        cls,
        operation: str | None = None,
        *,
        apply: bool = False,
        delay: float = 0.0,
        count: int = 1,
        after: int = 0,
        rate: float = 1.0,
        seed: int | None = None,
    ) -> Self:
        """Close the connection without answering.

        Args:
            operation: Operation name, or ``None`` for any.
            apply: Carry the operation out (changing the store) before hanging up.
            delay: Seconds to wait before hanging up.
            count: How many calls the fault answers.
            after: How many matching calls to let through first.
            rate: The probability, in (0, 1], that a matching call meets the fault.
            seed: Seeds the draws when ``rate`` is below 1.

        Returns:
            The fault.

        Raises:
            ValueError: For an invalid common option.
        """
        return cls(
            operation,
            drop_connection=True,
            apply=apply,
            delay=delay,
            count=count,
            after=after,
            rate=rate,
            seed=seed,
        )

    @classmethod
    def delayed(
        cls,
        seconds: float,
        *,
        operation: str | None = None,
        count: int = 1,
        after: int = 0,
        rate: float = 1.0,
        seed: int | None = None,
    ) -> Self:
        """Wait, then answer normally (for timeout tests); also ``Fault.delay(seconds)``.

        The wait ends early when the endpoint stops.

        Args:
            seconds: How long to wait; positive.
            operation: Operation name, or ``None`` for any.
            count: How many calls the fault answers.
            after: How many matching calls to let through first.
            rate: The probability, in (0, 1], that a matching call meets the fault.
            seed: Seeds the draws when ``rate`` is below 1.

        Returns:
            The fault.

        Raises:
            ValueError: If ``seconds`` is not positive, or for an invalid common option.
        """
        if not seconds > 0:
            raise ValueError(f"seconds must be > 0, not {seconds}")
        return cls(operation, delay=seconds, count=count, after=after, rate=rate, seed=seed)

    @classmethod
    def truncate(
        cls,
        n_bytes: int,
        *,
        operation: str | None = None,
        count: int = 1,
        after: int = 0,
        rate: float = 1.0,
        seed: int | None = None,
    ) -> Self:
        """Carry the operation out, then cut its answer off after ``n_bytes`` of body.

        The head announces the whole body's ``Content-Length``; after the first
        ``n_bytes`` the connection closes: a connection dropped mid-response.

        Args:
            n_bytes: How many bytes of the body to send; 0 or more.
            operation: Operation name, or ``None`` for any.
            count: How many calls the fault answers.
            after: How many matching calls to let through first.
            rate: The probability, in (0, 1], that a matching call meets the fault.
            seed: Seeds the draws when ``rate`` is below 1.

        Returns:
            The fault.

        Raises:
            ValueError: If ``n_bytes`` is negative, or for an invalid common option.
        """
        return cls(operation, truncate_body=n_bytes, count=count, after=after, rate=rate, seed=seed)

    @classmethod
    def stall(
        cls,
        seconds: float,
        *,
        operation: str | None = None,
        count: int = 1,
        after: int = 0,
        rate: float = 1.0,
        seed: int | None = None,
    ) -> Self:
        """Carry the operation out and send the answer's head, then stall before the body.

        The body follows after ``seconds`` (or when the endpoint stops): a read
        timeout shorter than that fails while the answer is under way.

        Args:
            seconds: How long the body stalls; positive.
            operation: Operation name, or ``None`` for any.
            count: How many calls the fault answers.
            after: How many matching calls to let through first.
            rate: The probability, in (0, 1], that a matching call meets the fault.
            seed: Seeds the draws when ``rate`` is below 1.

        Returns:
            The fault.

        Raises:
            ValueError: If ``seconds`` is not positive, or for an invalid common option.
        """
        if not seconds > 0:
            raise ValueError(f"seconds must be > 0, not {seconds}")
        return cls(operation, body_delay=seconds, count=count, after=after, rate=rate, seed=seed)

    @classmethod
    def raw(
        cls,
        body: bytes,
        *,
        operation: str | None = None,
        status: int = 200,
        content_type: str | None = None,
        apply: bool = False,
        delay: float = 0.0,
        count: int = 1,
        after: int = 0,
        rate: float = 1.0,
        seed: int | None = None,
    ) -> Self:
        """Answer these bytes verbatim, e.g. a proxy's HTML page or a mangled JSON body.

        Args:
            body: The body.
            operation: Operation name, or ``None`` for any.
            status: The HTTP status.
            content_type: The ``Content-Type``; ``application/octet-stream`` when ``None``.
            apply: Carry the operation out (changing the store) before answering.
            delay: Seconds to wait before answering.
            count: How many calls the fault answers.
            after: How many matching calls to let through first.
            rate: The probability, in (0, 1], that a matching call meets the fault.
            seed: Seeds the draws when ``rate`` is below 1.

        Returns:
            The fault.

        Raises:
            ValueError: For a status that is not an HTTP status, or an invalid
                common option.
        """
        return cls(
            operation,
            status=status,
            raw_body=body,
            content_type=content_type,
            apply=apply,
            delay=delay,
            count=count,
            after=after,
            rate=rate,
            seed=seed,
        )

    # -- what the attributes combine to ---------------------------------------

    @property
    def only_delays(self) -> bool:
        """Whether the fault just delays an otherwise normal answer."""
        return self.delay > 0 and self.keeps_answer and not self.mangles_body

    @property
    def mangles_body(self) -> bool:
        """Whether the fault truncates or stalls the body of its answer."""
        return self.truncate_body is not None or self.body_delay > 0

    @property
    def keeps_answer(self) -> bool:
        """Whether the answer is the normal one (delayed, truncated or stalled)."""
        return (
            (self.delay > 0 or self.mangles_body)
            and self.status == 500
            and self.code is None
            and self.raw_body is None
            and not self.drop_connection
        )


if not TYPE_CHECKING:
    # Installed after @dataclass read the field's default (0.0) from the class body.
    Fault.delay = _Delay()


@dataclass(frozen=True)
class RecordedRequest:
    """One request as LocalChime saw it, with the status it answered.

    Attributes:
        operation: The routed operation name, or ``None`` for an unknown route.
        method: HTTP method.
        path: Request path, without the query string, still percent-encoded.
        query: Query parameters (blank values kept).
        body: Raw request body.
        had_authorization: Whether an ``Authorization`` header was sent.
        status: The HTTP status answered; 0 when the connection was dropped.
        fault: The injected fault that answered (or delayed, truncated or
            stalled the answer), ``None`` for a normal answer.
    """

    operation: str | None
    method: str
    path: str
    query: dict[str, list[str]]
    body: bytes
    had_authorization: bool
    status: int
    fault: Fault | None = None


@dataclass
class _ArmedFault:
    fault: Fault
    after: int
    count: int
    rng: random.Random | None = None


class FaultQueue:
    """The injected faults still queued, handed to the calls they match."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: list[_ArmedFault] = []
        self._fired = 0

    def push(self, fault: Fault) -> None:
        """Queue a fault behind those already queued.

        Args:
            fault: The fault.
        """
        rng = random.Random(fault.seed) if fault.rate < 1 else None
        with self._lock:
            self._armed.append(_ArmedFault(fault, fault.after, fault.count, rng))

    def clear(self) -> None:
        """Drop every queued fault."""
        with self._lock:
            self._armed.clear()

    def queued(self) -> list[Fault]:
        """Return the faults still queued, in order.

        Returns:
            A copy.
        """
        with self._lock:
            return [armed.fault for armed in self._armed]

    @property
    def fired(self) -> int:
        """How many calls the faults have taken so far."""
        with self._lock:
            return self._fired

    def take(self, operation: str) -> Fault | None:
        """Return the fault that answers a call of ``operation``, if one does.

        Args:
            operation: The call's operation name.

        Returns:
            The fault, counted as fired, or ``None`` for a normal answer.
        """
        with self._lock:
            for i, armed in enumerate(self._armed):
                if armed.fault.operation not in {None, operation}:
                    continue
                if armed.after > 0:
                    armed.after -= 1
                    return None
                if armed.rng is not None and armed.rng.random() >= armed.fault.rate:
                    return None
                armed.count -= 1
                self._fired += 1
                if armed.count == 0:
                    del self._armed[i]
                return armed.fault
            return None


class RequestLog:
    """The requests served so far, oldest first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []

    def append(self, request: RecordedRequest) -> None:
        """Record a request once it is answered.

        Args:
            request: The request and its answer's status.
        """
        with self._lock:
            self._requests.append(request)

    def snapshot(self) -> list[RecordedRequest]:
        """Return the recorded requests, oldest first.

        Returns:
            A copy.
        """
        with self._lock:
            return list(self._requests)

    def clear(self) -> None:
        """Forget the recorded requests."""
        with self._lock:
            self._requests.clear()


def fault_reply(fault: Fault) -> Reply:
    """Return a fault's own answer (for faults that do not keep the normal one).

    Args:
        fault: The fault.

    Returns:
        Its raw body, or its error in the service's form.
    """
    if fault.raw_body is not None:
        return Reply(
            status=fault.status,
            body=fault.raw_body,
            content_type=fault.content_type or "application/octet-stream",
        )
    return error_reply(
        fault.code or error_type_for_status(fault.status),
        fault.message,
        status=fault.status,
        header=fault.error_type_header,
        content_type=fault.content_type,
    )


def error_type_for_status(status: int) -> str:
    """Return the error type a fault of this status names by default.

    Args:
        status: The HTTP status.

    Returns:
        The first served operation error modeled with that status, or a
        name made from the status' phrase (``Http<status>Exception`` when it
        has none).
    """
    for name, modeled in _error_statuses().items():
        if modeled == status:
            return name
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return f"Http{status}Exception"
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", phrase)) + "Exception"


@functools.cache
def _error_statuses() -> dict[str, int]:
    """Modeled error type -> HTTP status, over the served operations' errors."""
    model = service_model()
    statuses: dict[str, int] = {}
    for name in OPERATIONS:
        for shape in model.operation_model(name).error_shapes:
            statuses[shape.name] = cast("int", shape.metadata["error"]["httpStatusCode"])
    return statuses
