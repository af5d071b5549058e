"""``python -m benchmarks.reliability``: fault scenarios against LocalChime, one line each.

Each scenario runs chime_accounts through a real boto3 (or aiobotocore) client against a
:class:`~chime_accounts.testing.LocalChime` that misbehaves as scripted: seeded random
throttling, 5xx bursts, dropped, truncated and slow answers, proxy pages, broken paging,
ambiguous creates, 16 threads at once, bad input and hostile bodies, and a DEBUG-logged
session with secrets in it. A scenario does what a careful script would: it retries by the
policy, resumes a listing from ``resume_token`` when a page gives up, and on
``may_have_succeeded`` looks before creating again.

Each line gives the faults the endpoint injected, whether the scenario survived (finished,
with only typed errors on the way), and its items: expected, received, duplicated, lost.
What an item is depends on the scenario (an account listed or created, a call refused,
an answer read, a secret); the note says. The exit status is 1 if any scenario lost or
duplicated an item or did not survive.

Options: ``--quick`` for small sizes (a few seconds), ``--only NAME ...`` for some
scenarios (``--list`` names them).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
import os
import random
import sys
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import boto3
import botocore.session
from botocore.config import Config

from chime_accounts import (
    AsyncChimeAccounts,
    ChimeAccounts,
    ChimeAccountsError,
    ChimeAPIError,
    PaginationError,
    ResponseParseError,
    RetryPolicy,
    UpdateUserRequestItem,
    ValidationError,
)
from chime_accounts.testing import Fault, LocalChime

from ._endpoints import OFFLINE_AWS_SETTINGS, UNSET_AWS_SETTINGS

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

#: Retries without waiting, with room for a storm.
PATIENT = RetryPolicy(max_attempts=12, base_delay=0.0, max_delay=0.0)
#: Retries without waiting, as many as the default policy makes.
DEFAULT_BUDGET = RetryPolicy(base_delay=0.0, max_delay=0.0)
HTML = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"
RESUMES_LIMIT = 1_000  # a listing that needs more resumes than this did not survive


@dataclass(frozen=True)
class Sizes:
    """How much each scenario does.

    Attributes:
        storm_accounts: Accounts listed through the throttling storm (sync client).
        accounts: Accounts listed in the other listing scenarios, and by the async client.
        creates: Accounts created through ambiguous failures.
        calls_per_thread: Mixed calls of each of the 16 threads.
        generated: Bad calls, and hostile answers, per scenario.
        storm_page: Accounts per page of the throttling storm.
        page: Accounts per page of the other listings.
    """

    storm_accounts: int = 10_000
    accounts: int = 2_000
    creates: int = 300
    calls_per_thread: int = 200
    generated: int = 2_000
    storm_page: int = 200
    page: int = 100


FULL = Sizes()
QUICK = Sizes(
    storm_accounts=1_000,
    accounts=300,
    creates=60,
    calls_per_thread=25,
    generated=200,
    storm_page=50,
    page=20,
)


@dataclass
class Outcome:
    """One scenario's line."""

    scenario: str
    client: str
    injected: int = 0
    survived: bool = True
    expected: int = 0
    received: int = 0
    duplicated: int = 0
    lost: int = 0
    note: str = ""
    errors: Counter[str] = field(default_factory=Counter[str])

    @property
    def ok(self) -> bool:
        return self.survived and self.duplicated == 0 and self.lost == 0

    def count_items(self, wanted: Sequence[str], got: Sequence[str], *, ordered: bool) -> None:
        """Set expected / received / duplicated / lost from the ids wanted and the ids got.

        With ``ordered``, items out of order (with none lost or repeated) fail the scenario.
        """
        counts = Counter(got)
        self.expected, self.received = len(wanted), len(got)
        self.duplicated = sum(n - 1 for n in counts.values() if n > 1)
        self.lost = len(set(wanted) - set(counts))
        if ordered and list(got) != list(wanted) and not (self.duplicated or self.lost):
            self.survived = False
            self.note = "out of order; " + self.note


def injected(server: LocalChime) -> int:
    return server.faults_fired


# -- listing through faults ---------------------------------------------------------------


def list_sync(
    url: str, retry: RetryPolicy, outcome: Outcome, *, config: Config | None, page_size: int
) -> list[str]:
    """List every account, resuming from ``resume_token`` whenever a page gives up."""
    listed: list[str] = []
    token: str | None = None
    with ChimeAccounts(endpoint_url=url, retry=retry, config=config) as chime:
        for _ in range(RESUMES_LIMIT):
            pager = chime.list_accounts(starting_token=token, page_size=page_size)
            try:
                listed.extend(account.account_id for account in pager)
            except ChimeAccountsError as error:
                outcome.errors[type(error).__name__] += 1
                token = pager.resume_token
                continue
            return listed
    outcome.survived = False
    return listed


async def _list_async(
    url: str, retry: RetryPolicy, outcome: Outcome, config: Config | None, page_size: int
) -> list[str]:
    listed: list[str] = []
    token: str | None = None
    async with AsyncChimeAccounts(endpoint_url=url, retry=retry, config=config) as chime:
        for _ in range(RESUMES_LIMIT):
            pager = chime.list_accounts(starting_token=token, page_size=page_size)
            try:
                # One by one: the items before a failure are kept, as resume_token assumes.
                async for account in pager:
                    listed.append(account.account_id)  # noqa: PERF401
            except ChimeAccountsError as error:
                outcome.errors[type(error).__name__] += 1
                token = pager.resume_token
                continue
            return listed
    outcome.survived = False
    return listed


def list_async(
    url: str, retry: RetryPolicy, outcome: Outcome, *, config: Config | None, page_size: int
) -> list[str]:
    """Like ``list_sync``, with AsyncChimeAccounts."""
    return asyncio.run(_list_async(url, retry, outcome, config, page_size))


LISTERS = {"sync": list_sync, "async": list_async}


def listing_scenario(
    name: str,
    client: str,
    accounts: int,
    fault: Fault,
    *,
    retry: RetryPolicy = DEFAULT_BUDGET,
    config: Config | None = None,
    page_size: int,
) -> Outcome:
    """List ``accounts`` accounts while ``fault`` strikes; resume whenever a page gives up."""
    outcome = Outcome(name, client)
    with LocalChime() as server:
        wanted = [server.add_account(name=f"Acct {i:05}")["AccountId"] for i in range(accounts)]
        server.inject(fault)
        started = time.perf_counter()
        try:
            got = LISTERS[client](
                server.endpoint_url, retry, outcome, config=config, page_size=page_size
            )
        except Exception as error:  # noqa: BLE001 - an untyped error is what this reports
            outcome.survived = False
            outcome.errors[f"untyped {type(error).__name__}"] += 1
            got = []
        elapsed = time.perf_counter() - started
        outcome.injected = injected(server)
        outcome.count_items(wanted, got, ordered=True)
    resumed = sum(outcome.errors.values())
    outcome.note = f"accounts; {resumed} resumes ({describe(outcome.errors)}); {elapsed:.1f} s"
    return outcome


def describe(errors: Counter[str]) -> str:
    return ", ".join(f"{n} {name}" for name, n in errors.most_common()) or "none"


def storm(sizes: Sizes, client: str) -> Outcome:
    # The async client, which parses more slowly, lists fewer accounts, in smaller pages.
    accounts, page = (sizes.storm_accounts, sizes.storm_page)
    if client == "async":
        accounts, page = sizes.accounts, max(1, sizes.page // 2)
    fault = Fault(operation=None, status=429, rate=0.3, seed=2024, count=10**9)
    return listing_scenario(
        "throttling storm, 30 % 429",
        client,
        accounts,
        fault,
        retry=PATIENT,
        page_size=page,
    )


def storm_beyond_budget(sizes: Sizes, client: str) -> Outcome:
    fault = Fault(operation=None, status=429, rate=0.5, seed=7, count=10**9)
    return listing_scenario(
        "throttling storm, 50 % 429, 5 attempts",
        client,
        sizes.accounts,
        fault,
        page_size=sizes.page,
    )


def server_errors(sizes: Sizes, client: str) -> Outcome:
    fault = Fault(operation="ListAccounts", status=503, rate=0.4, seed=3, count=10**9)
    return listing_scenario(
        "5xx bursts, 40 % 503", client, sizes.accounts, fault, page_size=sizes.page
    )


def dropped(sizes: Sizes, client: str) -> Outcome:
    fault = Fault(operation="ListAccounts", drop_connection=True, rate=0.3, seed=4, count=10**9)
    return listing_scenario(
        "dropped connections, 30 %", client, sizes.accounts, fault, page_size=sizes.page
    )


def truncated(sizes: Sizes, client: str) -> Outcome:
    fault = Fault(operation="ListAccounts", truncate_body=300, rate=0.3, seed=5, count=10**9)
    return listing_scenario(
        "truncated answers, 30 %", client, sizes.accounts, fault, page_size=sizes.page
    )


def proxy_pages(sizes: Sizes, client: str) -> Outcome:
    fault = Fault(
        operation="ListAccounts",
        status=502,
        raw_body=HTML,
        content_type="text/html",
        rate=0.3,
        seed=6,
        count=10**9,
    )
    return listing_scenario(
        "proxy 502 pages, 30 %", client, sizes.accounts, fault, page_size=sizes.page
    )


def html_200_pages(sizes: Sizes, client: str) -> Outcome:
    fault = Fault(
        operation="ListAccounts",
        status=200,
        raw_body=HTML,
        content_type="text/html",
        rate=0.1,
        seed=8,
        count=10**9,
    )
    return listing_scenario(
        "HTML with status 200, 10 %", client, sizes.accounts, fault, page_size=sizes.page
    )


def slow_pages(sizes: Sizes, client: str) -> Outcome:
    fault = Fault(operation="ListAccounts", delay=5.0, rate=0.2, seed=9, count=10**9)
    config = Config(read_timeout=0.2, connect_timeout=0.2)
    return listing_scenario(
        "slow pages past the read timeout, 20 %",
        client,
        sizes.accounts // 2,
        fault,
        config=config,
        page_size=sizes.page,
    )


# -- scripted paging faults ---------------------------------------------------------------


def broken_paging(sizes: Sizes, client: str) -> Outcome:
    """Empty pages with tokens, then a page whose token leads back to an earlier page."""
    del sizes
    outcome = Outcome("empty pages, then a token cycle", client)
    pages: list[dict[str, object]] = []
    wanted: list[str] = []
    for number in range(30):
        items = [] if number % 3 else [f"acct-{number:03}-{i}" for i in range(5)]
        wanted += items
        accounts = [{"AwsAccountId": "123456789012", "AccountId": a, "Name": a} for a in items]
        pages.append({"Accounts": accounts, "NextToken": f"token-{number + 1}"})
    pages.append({"Accounts": [], "NextToken": "token-10"})  # back to an earlier page
    with LocalChime() as server:
        for page in pages:
            body = json.dumps(page).encode()
            server.inject(Fault(operation="ListAccounts", status=200, raw_body=body))
        got: list[str] = []
        with ChimeAccounts(endpoint_url=server.endpoint_url, retry=DEFAULT_BUDGET) as chime:
            try:
                got.extend(account.account_id for account in chime.list_accounts())
            except PaginationError as error:
                outcome.errors[type(error).__name__] += 1
            except Exception as error:  # noqa: BLE001 - an untyped error is what this reports
                outcome.errors[f"untyped {type(error).__name__}"] += 1
        outcome.injected = injected(server)
        outcome.count_items(wanted, got, ordered=True)
        outcome.survived = outcome.errors == Counter({"PaginationError": 1})
    outcome.note = f"accounts; the cycle ended in {describe(outcome.errors)}, {len(pages)} requests"
    return outcome


# -- ambiguous creates --------------------------------------------------------------------

# Failures of CreateAccount: all but throttling after the account was made.
AFTER_THE_WORK = [
    Fault(operation="CreateAccount", status=500, apply=True),
    Fault(operation="CreateAccount", status=503, apply=True),
    Fault(operation="CreateAccount", drop_connection=True, apply=True),
    Fault(operation="CreateAccount", truncate_body=10),
    Fault(
        operation="CreateAccount", status=502, raw_body=HTML, content_type="text/html", apply=True
    ),
    Fault(operation="CreateAccount", status=429),
]


def ambiguous_creates(sizes: Sizes, client: str) -> Outcome:
    """Create accounts through failures after the work; check before creating again."""
    del client
    outcome = Outcome("CreateAccount through 5xx/drops/cuts, 30 %", "sync")
    names = [f"Created {i:04}" for i in range(sizes.creates)]
    ambiguous = 0
    with LocalChime() as server:
        chime = ChimeAccounts(endpoint_url=server.endpoint_url, retry=DEFAULT_BUDGET)
        per_kind = -(-len(names) // len(AFTER_THE_WORK))
        for index, kind in enumerate(AFTER_THE_WORK):
            server.clear_faults()
            server.inject(dataclasses.replace(kind, rate=0.3, seed=index, count=10**9))
            for name in names[index * per_kind : (index + 1) * per_kind]:
                ambiguous += create_once(chime, name, outcome)
        server.clear_faults()
        outcome.injected = injected(server)
        stored = [a["Name"] for a in server.accounts()]
        chime.close()
    outcome.count_items(names, stored, ordered=False)
    outcome.note = (
        f"accounts; {ambiguous} errors said they may have been created, {describe(outcome.errors)}"
    )
    return outcome


def create_once(chime: ChimeAccounts, name: str, outcome: Outcome) -> int:
    """Create an account named ``name`` exactly once, the way docs/usage.md says to."""
    ambiguous = 0
    for _ in range(20):
        try:
            chime.create_account(name)
        except ChimeAccountsError as error:
            outcome.errors[type(error).__name__] += 1
            if getattr(error, "may_have_succeeded", False):
                ambiguous += 1
                if any(a.name == name for a in chime.list_accounts(name=name)):
                    return ambiguous
            continue
        return ambiguous
    outcome.survived = False
    return ambiguous


# -- concurrency ----------------------------------------------------------------------------


def sixteen_threads(sizes: Sizes, client: str) -> Outcome:
    """16 threads share one client, each creating accounts and users and reading them back."""
    del client
    outcome = Outcome("16 threads share one client, 10 % 429", "sync")
    calls = sizes.calls_per_thread
    failures: list[str] = []
    with LocalChime() as server:
        server.inject(Fault(operation=None, status=429, rate=0.1, seed=16, count=10**9))
        start = threading.Barrier(16)
        with ChimeAccounts(endpoint_url=server.endpoint_url, retry=PATIENT) as chime:

            def work(worker: int) -> list[str]:
                start.wait()
                account = chime.create_account(f"Thread {worker:02}")
                made: list[str] = []
                for call in range(calls - 1):
                    try:
                        if call % 4 == 0:
                            email = f"user{call}@thread{worker}.example.com"
                            made.append(chime.create_user(account.account_id, email=email).user_id)
                        elif call % 4 == 1:
                            chime.get_account(account.account_id)
                        elif call % 4 == 2:
                            listed = {u.user_id for u in chime.list_users(account.account_id)}
                            if listed != set(made):
                                failures.append(f"thread {worker} listed other users")
                        else:
                            chime.update_account(
                                account.account_id, name=f"Thread {worker:02} {call}"
                            )
                    except ChimeAccountsError as error:
                        failures.append(type(error).__name__)
                return made

            with ThreadPoolExecutor(16) as pool:
                made = [user for users in pool.map(work, range(16)) for user in users]
        stored = [u["UserId"] for a in server.accounts() for u in server.users(a["AccountId"])]
        outcome.injected = injected(server)
    outcome.count_items(sorted(made), sorted(stored), ordered=False)
    outcome.survived = not failures
    outcome.note = f"users created by {16 * calls} mixed calls; {len(failures)} failed calls"
    return outcome


# -- generated input and answers ------------------------------------------------------------

BAD_IDS = ["", "   ", "\t\n", "bad\x00id", "\x7f", "\ud800", "é\udfff"]
BAD_NAMES = [*BAD_IDS, "x" * 101]  # ids have no length limit, names 100 characters
BAD_TYPES: list[object] = [0, 1.5, b"bytes", ["list"], {"a": 1}, True, object()]
BAD_EMAILS = ["not-an-email", "a b@example.com", "a@b", "@example.com", "a@@b.co", "a\x00@b.co"]


def bad_calls(rng: random.Random, account_id: str) -> list[tuple[str, dict[str, object]]]:
    """A catalogue of calls with one bad argument each, shuffled by ``rng``."""

    def name() -> object:
        return rng.choice([*BAD_NAMES, *BAD_TYPES, None])

    def text() -> object:
        return rng.choice([*BAD_IDS, *BAD_TYPES, None])

    def email() -> object:  # where None is allowed, so not among the bad values
        return rng.choice(BAD_EMAILS + BAD_TYPES)

    calls: list[tuple[str, dict[str, object]]] = [
        ("create_account", {"name": name()}),
        ("get_account", {"account_id": text()}),
        ("update_account", {"account_id": account_id, "name": name()}),
        (
            "update_account",
            {"account_id": account_id, "default_license": rng.choice(["Gold", "pro", 3])},
        ),
        ("delete_account", {"account_id": text()}),
        ("list_accounts", {"page_size": rng.choice([0, 201, -1, 10**9, True, "10", 2.5])}),
        ("list_accounts", {"user_email": email()}),
        ("list_accounts", {"max_items": rng.choice([0, -5, False, "1"])}),
        ("list_accounts", {"starting_token": rng.choice(["", 5, b"x"])}),
        (
            "update_account_settings",
            {"account_id": account_id, "enable_dial_out": rng.choice([0, 1, "yes", None])},
        ),
        (
            "associate_signin_delegate_groups_with_account",
            {"account_id": account_id, "group_names": rng.choice(["one", [], [""], [5]])},
        ),
        ("create_user", {"account_id": account_id, "email": email()}),
        (
            "create_user",
            {"account_id": account_id, "user_type": rng.choice(["Robot", "privateuser", 1])},
        ),
        ("get_user", {"account_id": account_id, "user_id": text()}),
        ("list_users", {"account_id": account_id, "user_email": email()}),
        ("invite_users", {"account_id": account_id, "emails": [email()]}),
        (
            "batch_suspend_user",
            {"account_id": account_id, "user_ids": rng.choice(["u-1", [text()]])},
        ),
        (
            "batch_update_user",
            {
                "account_id": account_id,
                "updates": [UpdateUserRequestItem(user_id="u", license_type=cast("Any", "Gold"))],
            },
        ),
        (
            "update_user_settings",
            {"account_id": account_id, "user_id": "u", "settings": rng.choice(BAD_TYPES)},
        ),
    ]
    rng.shuffle(calls)
    return calls


def bad_input(sizes: Sizes, client: str) -> Outcome:
    """Calls with a bad argument: each must raise ValidationError and send nothing."""
    del client
    outcome = Outcome("bad input, generated", "sync")
    rng = random.Random(42)
    with LocalChime() as server:
        account_id = server.add_account(name="Target")["AccountId"]
        server.clear_requests()
        refused = 0
        with ChimeAccounts(endpoint_url=server.endpoint_url, retry=DEFAULT_BUDGET) as chime:
            while outcome.expected < sizes.generated:
                for method, arguments in bad_calls(rng, account_id):
                    outcome.expected += 1
                    try:
                        result: Any = getattr(chime, method)(**arguments)
                        if method.startswith("list_"):
                            list(result)
                    except ValidationError:
                        refused += 1
                    except Exception as error:  # noqa: BLE001 - what else came is reported
                        outcome.errors[type(error).__name__] += 1
        outcome.received = refused
        outcome.lost = len(server.requests)  # bad calls that reached the endpoint
        outcome.survived = refused == outcome.expected
    outcome.note = "bad calls refused; lost = requests sent"
    return outcome


def random_json(rng: random.Random, depth: int = 0) -> object:
    choice = rng.randrange(9 if depth < 3 else 6)
    scalars: list[object] = [
        None,
        rng.choice([True, False]),
        rng.randint(-(2**70), 2**70),
        rng.choice([1e300, -1.5, 0.0, 1e-300]),
        "".join(rng.choice('abcXYZ09 @.:{}[]"\\é') for _ in range(rng.randrange(12))),
        rng.choice(["Team", "Pro", "Active", "Unknown", "2020-01-01T00:00:00Z", "1e400"]),
    ]
    if choice < len(scalars):
        return scalars[choice]
    if choice == 6:
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = [
        "AccountId",
        "AwsAccountId",
        "Name",
        "CreatedTimestamp",
        "AccountType",
        "Accounts",
        "Account",
        "User",
        "UserId",
        "NextToken",
        "SupportedLicenses",
        "x",
        "Code",
    ]
    return {rng.choice(keys): random_json(rng, depth + 1) for _ in range(rng.randrange(5))}


def hostile_answers(sizes: Sizes, client: str) -> Outcome:
    """Random answers, any status: each call returns a model or raises a typed error."""
    del client
    outcome = Outcome("hostile answers, generated", "sync")
    rng = random.Random(1234)
    typed = 0
    with (
        LocalChime() as server,
        ChimeAccounts(endpoint_url=server.endpoint_url, retry=RetryPolicy.off()) as chime,
    ):
        calls: list[tuple[str, Callable[[], object]]] = [
            ("GetAccount", lambda: chime.get_account("a")),
            ("ListAccounts", lambda: list(chime.list_accounts())),
            ("GetUser", lambda: chime.get_user("a", "u")),
        ]
        for _ in range(sizes.generated):
            operation, call = rng.choice(calls)
            status = rng.choice([200, 200, 200, 400, 404, 429, 500, 503])
            value = random_json(rng)
            body = json.dumps(value).encode() if rng.random() < 0.9 else rng.randbytes(20)
            server.inject(Fault(operation=operation, status=status, raw_body=body))
            outcome.expected += 1
            try:
                call()
                typed += 1
            except (ResponseParseError, ChimeAPIError, PaginationError):
                typed += 1
            except Exception as error:  # noqa: BLE001 - an untyped error is what this reports
                outcome.errors[type(error).__name__] += 1
            server.clear_faults()
        outcome.injected = injected(server)
    outcome.received = typed
    outcome.lost = outcome.expected - typed
    outcome.survived = not outcome.lost
    outcome.note = "answers read as a model or a typed error; lost = untyped exceptions"
    return outcome


# -- secrets --------------------------------------------------------------------------------


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(message)s"))
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(self.format(record))


def secrets_at_debug(sizes: Sizes, client: str) -> Outcome:
    """A DEBUG-logged session with emails, names, PINs and a session token: no leak."""
    del sizes, client
    outcome = Outcome("secrets in a DEBUG session", "sync")
    email, name, token = "pat.private+x@Example.com", "Pat Privatename", "SESSIONTOKEN/secret+=="
    collect = _Collect()
    root = logging.getLogger()
    level = root.level
    root.addHandler(collect)
    root.setLevel(logging.DEBUG)
    texts: list[str] = []
    try:
        with LocalChime() as server:
            session = boto3.Session(
                aws_access_key_id="AKIAEXAMPLE",
                aws_secret_access_key="secret/access+key",  # noqa: S106 - a seeded secret
                aws_session_token=token,
                region_name="us-east-1",
                botocore_session=botocore.session.Session(),
            )
            chime = ChimeAccounts(
                session=session,
                endpoint_url=server.endpoint_url,
                retry=DEFAULT_BUDGET,
                config=Config(read_timeout=0.2),
            )
            account = chime.create_account("Secrets")
            user = chime.create_user(account.account_id, email=email, username=name)
            pin = chime.reset_personal_pin(account.account_id, user.user_id).personal_pin or "?"
            texts += [repr(account), repr(user), str(user)]
            server.inject(Fault(operation="ListUsers", status=429))
            texts += [repr(u) for u in chime.list_users(account.account_id, user_email=email)]
            server.inject(Fault(operation="CreateUser", status=409, message=f"{email} {name}"))
            server.inject(Fault(operation="ListAccounts", delay=5.0, count=10))
            for action in (
                lambda: chime.create_user(account.account_id, email=email, username=name),
                lambda: list(chime.list_accounts(user_email=email)),
            ):
                try:
                    action()
                except ChimeAccountsError as error:
                    texts += [str(error), repr(error), str(error.__cause__)]
            outcome.injected = injected(server)
            chime.close()
    finally:
        root.removeHandler(collect)
        root.setLevel(level)
    secrets = [email, name, pin, token, "secret/access+key"]
    shown = {
        s
        for secret in secrets
        for s in (secret, secret.lower(), urllib.parse.quote(secret, safe=""))
    }
    texts += collect.texts
    leaks = {s for s in shown for text in texts if s in text}
    outcome.expected = len(secrets)
    outcome.received = len(texts)
    outcome.lost = len(leaks)
    outcome.survived = not leaks
    outcome.note = (
        f"secrets; received = {len(collect.texts)} log records and messages scanned; lost = leaks"
    )
    return outcome


# -- the run ----------------------------------------------------------------------------------

SCENARIOS: dict[str, tuple[Callable[[Sizes, str], Outcome], tuple[str, ...]]] = {
    "storm": (storm, ("sync", "async")),
    "storm-budget": (storm_beyond_budget, ("sync", "async")),
    "5xx": (server_errors, ("sync", "async")),
    "dropped": (dropped, ("sync", "async")),
    "truncated": (truncated, ("sync", "async")),
    "proxy": (proxy_pages, ("sync",)),
    "html-200": (html_200_pages, ("sync", "async")),
    "slow": (slow_pages, ("sync", "async")),
    "paging": (broken_paging, ("sync",)),
    "creates": (ambiguous_creates, ("sync",)),
    "threads": (sixteen_threads, ("sync",)),
    "bad-input": (bad_input, ("sync",)),
    "hostile": (hostile_answers, ("sync",)),
    "secrets": (secrets_at_debug, ("sync",)),
}

HEADER = (
    f"{'scenario':<44} {'client':<6} {'faults':>7} {'survived':>8} "
    f"{'expected':>9} {'received':>9} {'dup':>5} {'lost':>5}  note"
)


def format_line(outcome: Outcome) -> str:
    return (
        f"{outcome.scenario:<44} {outcome.client:<6} {outcome.injected:>7,} "
        f"{'yes' if outcome.survived else 'NO':>8} {outcome.expected:>9,} {outcome.received:>9,} "
        f"{outcome.duplicated:>5,} {outcome.lost:>5,}  {outcome.note}"
    )


def run(
    sizes: Sizes, only: Sequence[str] = (), echo: Callable[[str], object] = print
) -> list[Outcome]:
    """Run the scenarios (all, or those named in ``only``), printing a line as each ends."""
    saved = {name: os.environ.get(name) for name in [*OFFLINE_AWS_SETTINGS, *UNSET_AWS_SETTINGS]}
    os.environ.update(OFFLINE_AWS_SETTINGS)
    for name in UNSET_AWS_SETTINGS:
        os.environ.pop(name, None)
    outcomes: list[Outcome] = []
    try:
        echo(HEADER)
        for name, (scenario, clients) in SCENARIOS.items():
            if only and name not in only:
                continue
            for client in clients:
                outcome = scenario(sizes, client)
                outcomes.append(outcome)
                echo(format_line(outcome))
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return outcomes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.reliability", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    parser.add_argument("--only", nargs="+", choices=sorted(SCENARIOS), default=(), metavar="NAME")
    parser.add_argument("--list", action="store_true", help="name the scenarios and stop")
    options = parser.parse_args(argv)
    if options.list:
        for name, (scenario, clients) in SCENARIOS.items():
            print(f"{name:<14} {', '.join(clients):<12} {(scenario.__doc__ or '').strip()}")
        return 0
    logging.getLogger("urllib3.connectionpool").setLevel(logging.ERROR)  # pool-full notices
    outcomes = run(QUICK if options.quick else FULL, options.only)
    failed = [o for o in outcomes if not o.ok]
    total_faults = sum(o.injected for o in outcomes)
    lost = sum(o.lost for o in outcomes)
    print(
        f"\n{len(outcomes)} scenarios, {total_faults:,} faults injected, {lost} items lost, "
        f"{sum(o.duplicated for o in outcomes)} duplicated, {len(failed)} not survived"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
