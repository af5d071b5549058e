"""The kinds of record an export writes: one entry each, saying how to fetch it.

Every kind is fetched for one account at a time, with a method that both clients have
under the same name: once per account (``get_account_settings(account_id)``), as a
listing of the account (``list_users(account_id)``), or once per record of another kind
of the account (``get_user_settings(account_id, user_id)`` for each user). Adding a kind
is one entry in :data:`KINDS`; the walk, the writers, the checkpoints and the manifest
take it from there.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from .._converter import aws_member_name
from .._models import (
    Account,
    AccountSettings,
    Bot,
    EventsConfiguration,
    Retention,
    Room,
    RoomMembership,
    User,
    UserSettings,
)

__all__ = [
    "ACCOUNTS",
    "KINDS",
    "Kind",
    "Record",
    "line_of",
    "record_of",
    "selected_kinds",
]

#: One exported record: the AWS-shaped JSON dict of a model, owning ids first if added.
Record = dict[str, Any]


def _always(_account: Mapping[str, Any]) -> bool:
    return True


@attrs.frozen(kw_only=True)
class Kind:
    """One kind of record and how to fetch it for an account.

    Attributes:
        name: The kind's name: its file (``users.jsonl``) or table (``users``).
        model: The model class of its records; its fields are the CSV and table columns.
        method: The client method that fetches it, the same on both clients; None for the
            accounts themselves, which come from the selection.
        listing: Whether ``method`` returns a pager (all its items are records) rather than
            one model.
        page_size: The page size to list with (the service's largest).
        parent: None for a kind fetched once per account; else the name of the kind
            (earlier in the table) for each record of which it is fetched.
        id_member: The member that identifies a record of this kind, passed to the
            methods of the kinds whose ``parent`` it is (``UserId``).
        option: The name of the export option that selects this kind; None for always.
        applies: Whether the kind exists for an account, given the account's record
            (rooms, for instance, only in Enterprise accounts).
        omit: Members left out of the records: credentials, which are not inventory.
        optional: Whether NotFound means there is none (a bot without an events
            configuration) rather than a failure.
    """

    name: str
    model: type[Any]
    method: str | None
    listing: bool = False
    page_size: int | None = None
    parent: str | None = None
    id_member: str | None = None
    option: str | None = None
    applies: Callable[[Mapping[str, Any]], bool] = _always
    omit: tuple[str, ...] = ()
    optional: bool = False


def _enterprise(account: Mapping[str, Any]) -> bool:
    # Chat rooms, bots and retention exist in Enterprise accounts only.
    return str(account.get("AccountType", "")).startswith("Enterprise")


# The service's largest page for rooms, memberships and bots (the model's MaxResults).
_CHAT_PAGE = 99


#: The kind of the accounts themselves.
ACCOUNTS = Kind(name="accounts", model=Account, method=None, id_member="AccountId")

#: Every kind, in the order each account's records are fetched.
KINDS: tuple[Kind, ...] = (
    ACCOUNTS,
    Kind(name="account_settings", model=AccountSettings, method="get_account_settings"),
    Kind(
        name="users",
        model=User,
        method="list_users",
        listing=True,
        page_size=200,
        id_member="UserId",
    ),
    Kind(
        name="user_settings",
        model=UserSettings,
        method="get_user_settings",
        parent="users",
        option="with_user_settings",
    ),
    Kind(
        name="retention_settings",
        model=Retention,
        method="get_retention_settings",
        applies=_enterprise,
    ),
    Kind(
        name="rooms",
        model=Room,
        method="list_rooms",
        listing=True,
        page_size=_CHAT_PAGE,
        id_member="RoomId",
        applies=_enterprise,
    ),
    Kind(
        name="room_memberships",
        model=RoomMembership,
        method="list_room_memberships",
        listing=True,
        page_size=_CHAT_PAGE,
        parent="rooms",
        applies=_enterprise,
    ),
    Kind(
        name="bots",
        model=Bot,
        method="list_bots",
        listing=True,
        page_size=_CHAT_PAGE,
        id_member="BotId",
        applies=_enterprise,
        omit=("SecurityToken",),
    ),
    Kind(
        name="events_configurations",
        model=EventsConfiguration,
        method="get_events_configuration",
        parent="bots",
        applies=_enterprise,
        optional=True,
    ),
)


def selected_kinds(options: Mapping[str, bool]) -> tuple[Kind, ...]:
    """The kinds an export with these options writes, in table order."""
    return tuple(kind for kind in KINDS if kind.option is None or options.get(kind.option))


def owner_members(kind: Kind, kinds: tuple[Kind, ...]) -> tuple[str, ...]:
    """The owning ids a record of ``kind`` gets: the account's, then its parent's."""
    if kind.method is None:
        return ()
    owners = ["AccountId"]
    if kind.parent is not None:
        parent = next(k for k in kinds if k.name == kind.parent)
        if parent.id_member is not None:
            owners.append(parent.id_member)
    return tuple(owners)


def members(model: type[Any]) -> tuple[str, ...]:
    """The AWS member names of a model's fields, in field order."""
    fields = attrs.fields(typing.cast("type[attrs.AttrsInstance]", model))
    return tuple(aws_member_name(field.name) for field in fields)


def columns(kind: Kind, kinds: tuple[Kind, ...]) -> tuple[str, ...]:
    """A kind's columns: the owning ids its model lacks, then the model's members."""
    own = tuple(member for member in members(kind.model) if member not in kind.omit)
    return (*(m for m in owner_members(kind, kinds) if m not in own), *own)


def sql_types(kind: Kind, kinds: tuple[Kind, ...]) -> dict[str, str]:
    """The SQLite type of each column: INTEGER for booleans, TEXT for the rest.

    Nested values (lists, objects) are stored as their JSON text.
    """
    hints = typing.get_type_hints(kind.model)
    by_member = {aws_member_name(name): hint for name, hint in hints.items()}
    types: dict[str, str] = {}
    for column in columns(kind, kinds):
        hint = by_member.get(column, str)
        scalars = [arg for arg in typing.get_args(hint) if arg is not type(None)] or [hint]
        types[column] = "INTEGER" if scalars == [bool] else "TEXT"
    return types


def record_of(
    model: Any,  # noqa: ANN401 - any model
    owners: Mapping[str, str],
    omit: tuple[str, ...] = (),
) -> Record:
    """The exported record of a model: its JSON dict, the owning ids it lacks first."""
    data: Record = model.to_dict(mode="json")
    for member in omit:
        data.pop(member, None)
    missing = {member: value for member, value in owners.items() if member not in data}
    return {**missing, **data} if missing else data


def line_of(record: Mapping[str, Any]) -> str:
    """The JSON Lines text of a record (without the newline), as ``to_json`` writes it."""
    return json.dumps(record, separators=(",", ":"))
