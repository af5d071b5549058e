"""Fetching one account's records: one walk for both clients, and a driver for each.

:func:`walk` knows nothing of I/O. It is a generator that yields what it needs (a call,
a page of a listing, a call for each record of a page, a checkpoint) and is sent the
answers, so the sync driver (threads, :func:`~chime_accounts.fan_out`) and the async one
(tasks, :func:`~chime_accounts.afan_out`) share every decision: the order of the records,
the owning ids, which failures are the item's and where a spooled account continues.
"""

from __future__ import annotations

import asyncio
import functools
from typing import TYPE_CHECKING, Any, Union

import attrs

from .._fan_out import afan_out, fan_out
from ..exceptions import (
    ChimeAccountsError,
    ChimeConnectionError,
    CredentialsError,
    NotFoundError,
    UnauthorizedError,
)
from ._checkpoint import FAILURES, Buffer, Resume, Spool
from ._kinds import Kind, Record, line_of, owner_members, record_of

if TYPE_CHECKING:
    import threading
    from collections.abc import Callable, Generator, Mapping, Sequence

__all__ = [
    "FATAL_ERRORS",
    "Unit",
    "UnitResult",
    "arun_unit",
    "failure_record",
    "run_unit",
    "walk",
]

#: Errors that stop the export instead of failing one item: every other item would fail
#: alike (no credentials, rejected credentials, no connection). The export stays
#: resumable.
FATAL_ERRORS = (CredentialsError, UnauthorizedError, ChimeConnectionError)


@attrs.frozen(kw_only=True)
class Unit:
    """One account to export: the unit of work that is committed at once.

    Attributes:
        index: The account's place in the selection.
        next_offset: Where the next account's line starts in the staged selection.
        account: The account's record.
        spool: Where its records go when it is too big to hold at once.
        resume: Where its walk continues, if an earlier run spooled part of it.
    """

    index: int
    next_offset: int
    account: Record
    spool: Spool
    resume: Resume | None


@attrs.frozen(kw_only=True)
class UnitResult:
    """An account fetched whole: its spooled lines (if any), then those still in memory."""

    unit: Unit
    tail: Buffer


@attrs.frozen
class Get:
    """Call ``kind.method(*args)``; answered with ``(model or None, error or None)``."""

    kind: Kind
    args: tuple[str, ...]


@attrs.frozen
class ListPage:
    """List a page of ``kind`` from ``token``; answered with ``((items, next), error)``."""

    kind: Kind
    args: tuple[str, ...]
    token: str | None


@attrs.frozen
class ForEach:
    """Fetch ``kind`` for each argument tuple; answered with one ``(value, error)`` each.

    A listing kind's value is the list of all its items.
    """

    kind: Kind
    args: list[tuple[str, ...]]


@attrs.frozen
class Save:
    """Spool what was fetched so far, with the point to continue from; answered None."""

    resume: Resume


Command = Union[Get, ListPage, ForEach, Save]  # noqa: UP007 - a runtime alias on Python 3.10
Reply = tuple[Any, Union[ChimeAccountsError, None]]  # noqa: UP007 - same


def error_code(error: ChimeAccountsError) -> str:
    """The service's error code, or the error's class name for errors without one."""
    code = getattr(error, "code", None)
    return code if isinstance(code, str) and code else type(error).__name__


def failure_record(kind: str, ids: Mapping[str, str], error: ChimeAccountsError) -> Record:
    """The record of an item that failed: its kind, its ids, the error code and record."""
    return {
        "kind": kind,
        "ids": dict(ids),
        "error_code": error_code(error),
        "error": error.to_dict(),
    }


def walk(
    unit: Unit, kinds: tuple[Kind, ...], buffer: Buffer, count: Callable[[int], None]
) -> Generator[Command, Any, None]:
    """Fetch an account's records of ``kinds`` into ``buffer``, in the export's order.

    The kinds fetched per account come in table order, each listing page by page in
    service order; after each page, the kinds fetched per record of the page, in the
    page's order. Before each page but the first, what was fetched is saved, with the
    token of that page to continue from.
    """
    account = unit.account
    account_id: str = account["AccountId"]
    plan = [kind for kind in kinds if kind.parent is None and kind.applies(account)]
    start, start_token = (unit.resume.step, unit.resume.token) if unit.resume else (0, None)

    def emit(kind: Kind, record: Record) -> None:
        buffer.add(kind.name, line_of(record))

    def fail(kind: Kind, ids: Mapping[str, str], error: ChimeAccountsError) -> None:
        buffer.add(FAILURES, line_of(failure_record(kind.name, ids, error)))

    for step in range(start, len(plan)):
        kind = plan[step]
        owners = {"AccountId": account_id}
        if kind.method is None:
            emit(kind, account)
            count(1)
            continue
        if not kind.listing:
            value, error = yield Get(kind, (account_id,))
            if error is not None and not _none_there(kind, error):
                fail(kind, owners, error)
            elif value is not None:
                emit(kind, record_of(value, owners, kind.omit))
                count(1)
            continue
        children = [c for c in kinds if c.parent == kind.name and c.applies(account)]
        token = start_token if step == start else None
        while True:
            answer, error = yield ListPage(kind, (account_id,), token)
            if error is not None:
                fail(kind, owners, error)
                break
            items, token = answer
            records = [record_of(item, owners, kind.omit) for item in items]
            for record in records:
                emit(kind, record)
            count(len(records))
            for child in children:
                yield from _children(child, kind, kinds, account_id, records, emit, fail, count)
            if token is None:
                break
            yield Save(Resume(step=step, token=token))


def _children(
    child: Kind,
    parent: Kind,
    kinds: tuple[Kind, ...],
    account_id: str,
    parents: Sequence[Record],
    emit: Callable[[Kind, Record], None],
    fail: Callable[[Kind, Mapping[str, str], ChimeAccountsError], None],
    count: Callable[[int], None],
) -> Generator[Command, Any, None]:
    member = parent.id_member
    if member is None or not parents:
        return
    parent_ids: list[str] = [record[member] for record in parents]
    replies: list[Reply] = yield ForEach(child, [(account_id, pid) for pid in parent_ids])
    names = owner_members(child, kinds)
    for parent_id, (value, error) in zip(parent_ids, replies, strict=True):
        owners = dict(zip(names, (account_id, parent_id), strict=True))
        if error is not None:
            if not _none_there(child, error):
                fail(child, owners, error)
            continue
        values = value if child.listing else ([] if value is None else [value])
        for item in values:
            emit(child, record_of(item, owners, child.omit))
        count(len(values))


def _none_there(kind: Kind, error: ChimeAccountsError) -> bool:
    """Whether ``error`` says an optional kind's record does not exist."""
    return kind.optional and isinstance(error, NotFoundError)


def _listing_kwargs(kind: Kind, token: str | None) -> dict[str, Any]:
    # max_items of one page: one request per page, and the token after it.
    return {"page_size": kind.page_size, "max_items": kind.page_size, "starting_token": token}


def _fatal(error: ChimeAccountsError) -> ChimeAccountsError:
    if isinstance(error, FATAL_ERRORS):
        raise error
    return error


def run_unit(
    chime: Any,  # noqa: ANN401 - ChimeAccounts; its methods are looked up by name
    unit: Unit,
    kinds: tuple[Kind, ...],
    *,
    gate: threading.Semaphore,
    concurrency: int,
    count: Callable[[int], None],
) -> UnitResult:
    """Fetch an account with the sync client: every request through ``gate``.

    Raises:
        ChimeAccountsError: One of :data:`FATAL_ERRORS`.
    """
    buffer = Buffer()

    def call(kind: Kind, args: tuple[str, ...]) -> Any:  # noqa: ANN401 - a model or a list
        method = getattr(chime, str(kind.method))
        with gate:
            if kind.listing:
                return list(method(*args, page_size=kind.page_size))
            return method(*args)

    walker = walk(unit, kinds, buffer, count)
    reply: Any = None
    while True:
        try:
            command = walker.send(reply)
        except StopIteration:
            return UnitResult(unit=unit, tail=buffer)
        reply = None
        if isinstance(command, Get):
            try:
                reply = (call(command.kind, command.args), None)
            except ChimeAccountsError as error:
                reply = (None, _fatal(error))
        elif isinstance(command, ListPage):
            method = getattr(chime, str(command.kind.method))
            try:
                pager = method(*command.args, **_listing_kwargs(command.kind, command.token))
                with gate:
                    items = list(pager)
                reply = ((items, pager.resume_token), None)
            except ChimeAccountsError as error:
                reply = (None, _fatal(error))
        elif isinstance(command, ForEach):
            # Every call of the page ends before a fatal error is raised.
            fetch = functools.partial(call, command.kind)
            outcomes = list(fan_out(fetch, command.args, concurrency=concurrency))
            reply = [(o.value, None if o.error is None else _fatal(o.error)) for o in outcomes]
        else:
            unit.spool.save(buffer, command.resume)


async def arun_unit(
    chime: Any,  # noqa: ANN401 - AsyncChimeAccounts; its methods are looked up by name
    unit: Unit,
    kinds: tuple[Kind, ...],
    *,
    gate: asyncio.Semaphore,
    concurrency: int,
    count: Callable[[int], None],
) -> UnitResult:
    """Same as :func:`run_unit` with the async client; files are written in a thread."""
    buffer = Buffer()

    async def call(kind: Kind, args: tuple[str, ...]) -> Any:  # noqa: ANN401 - a model or a list
        method = getattr(chime, str(kind.method))
        async with gate:
            if kind.listing:
                return [item async for item in method(*args, page_size=kind.page_size)]
            return await method(*args)

    walker = walk(unit, kinds, buffer, count)
    reply: Any = None
    while True:
        try:
            command = walker.send(reply)
        except StopIteration:
            return UnitResult(unit=unit, tail=buffer)
        reply = None
        if isinstance(command, Get):
            try:
                reply = (await call(command.kind, command.args), None)
            except ChimeAccountsError as error:
                reply = (None, _fatal(error))
        elif isinstance(command, ListPage):
            method = getattr(chime, str(command.kind.method))
            try:
                pager = method(*command.args, **_listing_kwargs(command.kind, command.token))
                async with gate:
                    items = [item async for item in pager]
                reply = ((items, pager.resume_token), None)
            except ChimeAccountsError as error:
                reply = (None, _fatal(error))
        elif isinstance(command, ForEach):
            kind = command.kind

            async def fetch(args: tuple[str, ...], kind: Kind = kind) -> Any:  # noqa: ANN401 - same
                return await call(kind, args)

            outcomes = [o async for o in afan_out(fetch, command.args, concurrency=concurrency)]
            reply = [(o.value, None if o.error is None else _fatal(o.error)) for o in outcomes]
        else:
            await asyncio.to_thread(unit.spool.save, buffer, command.resume)
