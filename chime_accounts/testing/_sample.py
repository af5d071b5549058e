"""Realistic, deterministic sample data for `LocalChime.seed`.

Accounts and users are drawn from one generator seeded by the caller's seed
and the store's size, so the same seed on the same starting state always
yields the same accounts and users. The Enterprise accounts' bots, chat rooms
and room memberships come from a second generator, after all the accounts,
so adding them left the accounts and users of every seed as they were.
"""

from __future__ import annotations

import base64
import random
import uuid
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, cast

from chime_accounts.testing._store import AccountRecord

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mypy_boto3_chime.literals import AccountTypeType, LicenseType

    from chime_accounts.testing._store import StoredAccount, StoreState

__all__ = ["add_sample_accounts"]


def add_sample_accounts(state: StoreState, count: int, seed: int) -> list[StoredAccount]:
    """Add ``count`` realistic accounts, some with users.

    Args:
        state: The store's state, under its lock.
        count: How many accounts to add.
        seed: The random seed.

    Returns:
        The added accounts, in creation order.
    """
    start = len(state.accounts)
    rng = random.Random(f"{seed}:{start}")
    when = datetime(2019, 3, 1, 9, 0, tzinfo=timezone.utc) + timedelta(
        minutes=rng.randrange(60 * 24 * 30)
    )
    added: list[AccountRecord] = []
    for _ in range(count):
        when += timedelta(
            seconds=rng.randrange(60, 3 * 24 * 3600), milliseconds=rng.randrange(1000)
        )
        account = _random_account(state, rng, when)
        state.insert(account)
        added.append(account)
        _add_users(rng, account)
    chat_rng = random.Random(f"{seed}:{start}:chat")
    for account in added:
        if account.enterprise:
            _add_chat(chat_rng, account)
    return [a.to_dict() for a in added]


def _random_account(state: StoreState, rng: random.Random, when: datetime) -> AccountRecord:
    account_type = cast(
        "AccountTypeType",
        rng.choices(_ACCOUNT_TYPES, weights=(6, 2, 2, 1))[0],
    )
    supported = cast("tuple[LicenseType, ...]", rng.choice(_LICENSE_SETS))
    groups: tuple[str, ...] = ()
    if account_type != "Team" and rng.random() < 0.5:
        groups = tuple(rng.sample(_GROUPS, rng.randint(1, 2)))
    return AccountRecord(
        seq=state.take_seq(),
        aws_account_id=state.aws_account_id,
        account_id=_random_uuid(rng),
        name=_random_name(rng),
        account_type=account_type,
        created_timestamp=when,
        default_license=rng.choice(supported),
        supported_licenses=supported,
        account_status="Suspended" if rng.random() < 0.15 else "Active",
        signin_delegate_groups=groups,
    )


def _add_users(rng: random.Random, account: AccountRecord) -> None:
    domain = _domain_for(account.name)
    for _ in range(rng.choice((0, 0, 1, 2, 3))):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        user_id = _random_uuid(rng)
        # A suspended account cannot hold active users, or it could not
        # have been deleted.
        suspended = account.account_status == "Suspended" or rng.random() < 0.1
        email = f"{first}.{last}@{domain}"
        n = 1
        while account.users.by_email(email) is not None:
            n += 1
            email = f"{first}.{last}{n}@{domain}"
        account.users.add(
            email,
            display_name=f"{first.title()} {last.title()}",
            registration_status="Suspended" if suspended else "Registered",
            user_id=user_id,
            when=account.created_timestamp,
        )


def _add_chat(rng: random.Random, account: AccountRecord) -> None:
    domain = _domain_for(account.name)
    for name in rng.sample(_BOTS, rng.choice((0, 0, 1, 2))):
        account.bots.add(
            name,
            domain=domain,
            disabled=rng.random() < 0.2,
            bot_id=_random_uuid(rng),
            when=account.created_timestamp + timedelta(days=rng.randrange(1, 60)),
            security_token=base64.b64encode(rng.randbytes(30)).decode("ascii"),
        )
    users = [u.user_id for u in account.users.matching() if not u.suspended]
    bots = [b.bot_id for b in account.bots.all() if not b.disabled]
    for name in rng.sample(_ROOMS, rng.choice((0, 1, 2, 3))):
        opened = account.created_timestamp + timedelta(days=rng.randrange(1, 90))
        room = account.rooms.add(name, room_id=_random_uuid(rng), when=opened)
        candidates = users + bots
        members = rng.sample(candidates, rng.randint(0, len(candidates)))
        for i, member_id in enumerate(members):
            account.rooms.add_member(
                room.room_id,
                member_id,
                # The first to join is the room's administrator.
                role="Administrator" if i == 0 else "Member",
                when=opened + timedelta(minutes=i),
            )


def _random_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _random_name(rng: random.Random) -> str:
    base = f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
    style = rng.random()
    if style < 0.4:
        return f"{base} {rng.choice(_SUFFIXES)}"
    if style < 0.7:
        return f"{base} {rng.choice(_TEAMS)}"
    return f"{base} {rng.randint(1, 999):03d}"


def _domain_for(name: str) -> str:
    words = name.lower().split()[:2]
    return "".join(ch for ch in "".join(words) if ch.isalnum()) + ".example"


_ACCOUNT_TYPES: Sequence[str] = ("Team", "EnterpriseLWA", "EnterpriseOIDC", "EnterpriseDirectory")
_LICENSE_SETS: Sequence[tuple[str, ...]] = (
    ("Basic", "Pro"),
    ("Basic", "Pro"),
    ("Basic", "Plus", "Pro"),
    ("Basic", "Pro", "ProTrial"),
)
_GROUPS = ("chime-admins", "chime-users", "sales", "engineering", "support")
_ADJECTIVES = (
    "Acme", "Blue", "Northwind", "Contoso", "Globex", "Initech", "Umbrella", "Stark",
    "Wayne", "Hooli", "Vandelay", "Soylent", "Tyrell", "Cyberdyne", "Wonka", "Aperture",
)  # fmt: skip
_NOUNS = (
    "Widgets", "Labs", "Logistics", "Health", "Analytics", "Foods", "Media", "Energy",
    "Robotics", "Capital", "Studios", "Systems", "Networks", "Partners",
)  # fmt: skip
_SUFFIXES = ("Inc", "LLC", "Ltd", "GmbH", "Group", "Holdings")
_TEAMS = ("Sales", "Engineering", "Support", "Marketing", "Finance", "HR", "Ops")
_FIRST = ("ana", "ben", "chen", "dana", "eli", "fatima", "gus", "hana", "ivan", "jo")
_LAST = ("smith", "garcia", "kim", "nguyen", "okafor", "rossi", "silva", "tanaka", "weber")
_BOTS = ("HelpBot", "StandupBot", "DeployBot", "PollBot")
_ROOMS = ("General", "Announcements", "Random", "Ops", "Design", "Incidents")
