"""Helpers for the offboarding tests: a small fleet, and the writes LocalChime served."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from chime_accounts import RetryPolicy

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager
    from pathlib import Path

    from chime_accounts.testing import LocalChime
    from chime_accounts.testing._store import StoreState

# Retries without waiting, so tests never sleep for real.
NO_WAIT = RetryPolicy(max_attempts=4, base_delay=0.0, max_delay=0.0)
WRITES = frozenset({"BatchSuspendUser", "LogoutUser", "DeleteAccount"})


@dataclass(frozen=True)
class Fleet:
    """The accounts a test retires (all named ``Retire ...``) and one it must not touch."""

    team: str
    team_users: tuple[str, ...]
    lwa: str
    directory: str
    oidc: str
    oidc_users: tuple[str, ...]
    deleted: str
    bystander: str


def add_fleet(server: LocalChime) -> Fleet:
    """Seed one account of each kind offboarding plans differently."""
    team = server.add_account("Retire Team", account_id="team")["AccountId"]
    team_users = tuple(server.add_user(team, f"t{i}@team.example") for i in range(3))
    server.add_user(team, "gone@team.example", suspended=True, user_id="team-suspended")
    lwa = server.add_account("Retire LWA", account_type="EnterpriseLWA", account_id="lwa")
    server.add_user(lwa["AccountId"], "l@lwa.example", user_id="lwa-user")
    directory = server.add_account(
        "Retire Directory", account_type="EnterpriseDirectory", account_id="directory"
    )["AccountId"]
    server.add_user(directory, "d@dir.example", suspended=True, user_id="directory-suspended")
    oidc = server.add_account("Retire OIDC", account_type="EnterpriseOIDC", account_id="oidc")
    oidc_users = (server.add_user(oidc["AccountId"], "o@oidc.example", user_id="oidc-user"),)
    deleted = server.add_account("Retire Old", account_status="Suspended", account_id="deleted")
    bystander = server.add_account("Keep Me", account_id="bystander")["AccountId"]
    server.add_user(bystander, "k@keep.example")
    return Fleet(
        team=team,
        team_users=team_users,
        lwa=lwa["AccountId"],
        directory=directory,
        oidc=oidc["AccountId"],
        oidc_users=oidc_users,
        deleted=deleted["AccountId"],
        bystander=bystander,
    )


def holding(server: LocalChime) -> AbstractContextManager[StoreState]:
    """The store's state under its lock, to change what no operation can."""
    return server._store.holding()  # pyright: ignore[reportPrivateUsage]


def release_domains(server: LocalChime, account_id: str) -> None:
    """Do what releasing an Enterprise account's claimed domains does: suspend its users."""
    with holding(server) as state:
        for user in state.accounts[account_id].users.matching():
            user.registration_status = "Suspended"


def write_steps(server: LocalChime) -> Counter[tuple[str, str, tuple[str, ...]]]:
    """Count the writes LocalChime carried out, by (operation, account, users)."""
    counts: Counter[tuple[str, str, tuple[str, ...]]] = Counter()
    for request in server.requests:
        if request.operation not in WRITES or not 200 <= request.status < 300:
            continue
        parts = request.path.split("/")  # /accounts/{id}[/users[/{user}]]
        users: tuple[str, ...] = ()
        if request.operation == "BatchSuspendUser":
            body = cast("dict[str, list[str]]", json.loads(request.body))
            users = tuple(body["UserIdList"])
        elif request.operation == "LogoutUser":
            users = (parts[4],)
        counts[(request.operation, parts[2], users)] += 1
    return counts


def writes(server: LocalChime) -> list[str]:
    """The write operations LocalChime received, whatever their answer."""
    return [r.operation for r in server.requests if r.operation in WRITES]


def journal_lines(plan_file: Path) -> list[dict[str, object]]:
    """The complete entries of a plan's journal."""
    path = plan_file.with_name(plan_file.name + ".journal")
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines(keepends=True) if line.endswith("\n")]


def edit_plan(
    path: Path, edit: Callable[[dict[str, Any]], object], *, redigest: bool = True
) -> None:
    """Edit a plan file; with ``redigest``, give it the digest of its new content."""
    data = json.loads(path.read_text())
    edit(data)
    if redigest:
        content = {key: value for key, value in data.items() if key != "Digest"}
        text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        data["Digest"] = "sha256:" + hashlib.sha256(text.encode()).hexdigest()
    path.write_text(json.dumps(data))
