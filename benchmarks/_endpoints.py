"""Local endpoints for the benchmarks, each in its own process.

A server in the benchmark's own process would compete with the client for the GIL and
for one of the two cores, so both kinds run as child processes:

* ``localchime ACCOUNTS``: a :class:`~chime_accounts.testing.LocalChime` seeded with
  that many accounts.
* ``fleet ACCOUNTS``: a LocalChime paced as the fleet benchmark needs it (latency, rate
  limit, burst), holding that many accounts of ``fleet.USERS_PER_ACCOUNT`` users each.
* ``replay PAGES``: a minimal server answering ListAccounts with PAGES pages of 200
  LocalChime-seeded accounts rendered as LocalChime renders them, prepared before the
  first request. It measures the client, not the endpoint: LocalChime's in-memory store
  walks every stored account for each page, which at 20,000 accounts costs more than
  the client's whole parse of the page.

The child prints one JSON line (``endpoint_url``, ``account_ids``) and serves until its
standard input closes.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from ._data import PAGE_SIZE, accounts_json, list_body, seeded_accounts

if TYPE_CHECKING:
    from collections.abc import Generator

_DISTINCT_PAGES = 10  # the replay server cycles through this many seeded pages


#: Dummy credentials and no AWS config files: nothing reads or reaches real AWS settings.
OFFLINE_AWS_SETTINGS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_DEFAULT_REGION": "us-east-1",
}
#: Settings that would override the dummy credentials.
UNSET_AWS_SETTINGS = ("AWS_PROFILE", "AWS_SESSION_TOKEN")


#: Where child processes keep compiled bytecode, across runs. With it, chime_accounts is
#: imported from bytecode as an installed package is, even where PYTHONDONTWRITEBYTECODE
#: would have an editable install compiled from source by every process.
BYTECODE_CACHE = Path(tempfile.gettempdir()) / "chime_accounts-benchmarks-pycache"


def child_environment(*, bytecode_cache: bool = True) -> dict[str, str]:
    """Return the environment for child processes: offline AWS settings, cached bytecode.

    Args:
        bytecode_cache: Use ``BYTECODE_CACHE``. Filling it the first time compiles all of
            boto3 and botocore: a tiny run that does not time imports goes faster without.
    """
    env = {k: v for k, v in os.environ.items() if k not in UNSET_AWS_SETTINGS}
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE)
    return env | OFFLINE_AWS_SETTINGS


@dataclass(frozen=True)
class Endpoint:
    """A running endpoint.

    Attributes:
        endpoint_url: The URL to pass as ``endpoint_url``.
        account_ids: Some IDs of the accounts it holds.
    """

    endpoint_url: str
    account_ids: tuple[str, ...]


@contextlib.contextmanager
def serve(
    *specs: tuple[str, int], bytecode_cache: bool = True
) -> Generator[list[Endpoint], None, None]:
    """Run endpoints (``("localchime", accounts)``, ``("fleet", accounts)`` or
    ``("replay", pages)``) in children.

    They all start at once, then this waits until each is serving.
    """
    children: list[subprocess.Popen[str]] = []
    try:
        for kind, size in specs:
            children.append(
                subprocess.Popen(  # noqa: S603 - our own interpreter and module
                    [sys.executable, "-m", "benchmarks._endpoints", kind, str(size)],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    env=child_environment(bytecode_cache=bytecode_cache),
                    text=True,
                )
            )
        yield [_wait_until_serving(child) for child in children]
    finally:
        for child in children:
            _stop(child)


def _wait_until_serving(child: subprocess.Popen[str]) -> Endpoint:
    line = child.stdout.readline() if child.stdout is not None else ""
    if not line:
        raise RuntimeError(f"endpoint {child.args!r} did not start")
    started = json.loads(line)
    return Endpoint(started["endpoint_url"], tuple(started["account_ids"]))


def _stop(child: subprocess.Popen[str]) -> None:
    if child.stdin is not None:
        child.stdin.close()
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
    if child.stdout is not None:
        child.stdout.close()


class _ReplayHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    pages: tuple[bytes, ...] = ()
    page_count = 0

    def setup(self) -> None:
        # Nagle plus delayed ACKs would stall every keep-alive request by ~40 ms.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002, ANN401
        """Stay quiet."""

    def do_GET(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        index = int(query.get("next-token", ["0"])[0])
        next_token = str(index + 1) if index + 1 < self.page_count else None
        body = list_body(self.pages[index % len(self.pages)], next_token)
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            f"x-amzn-RequestId: replay-{index}\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.wfile.write(head.encode("latin-1") + body)


def _run_replay(page_count: int) -> None:
    accounts = seeded_accounts(PAGE_SIZE * min(page_count, _DISTINCT_PAGES))
    pages = tuple(
        accounts_json(accounts[start : start + PAGE_SIZE])
        for start in range(0, len(accounts), PAGE_SIZE)
    )
    handler = type("Handler", (_ReplayHandler,), {"pages": pages, "page_count": page_count})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    ids = [str(account["AccountId"]) for account in accounts[:100]]
    _announce(f"http://127.0.0.1:{port}", ids)
    sys.stdin.read()
    server.shutdown()


def _run_local_chime(account_count: int) -> None:
    from chime_accounts.testing import LocalChime

    with LocalChime() as chime:
        accounts = chime.seed(account_count)
        _announce(chime.endpoint_url, [account["AccountId"] for account in accounts[:100]])
        sys.stdin.read()


def _run_fleet(account_count: int) -> None:
    from chime_accounts.testing import LocalChime

    from .fleet import BURST, LATENCY, RATE, USERS_PER_ACCOUNT

    with LocalChime(latency=LATENCY, rate_limit=RATE, burst=BURST) as chime:
        ids: list[str] = []
        for number in range(account_count):
            account = chime.add_account(f"Fleet {number:03d}")
            ids.append(account["AccountId"])
            for user in range(USERS_PER_ACCOUNT):
                chime.add_user(account["AccountId"], f"user{user}@fleet{number}.example.com")
        _announce(chime.endpoint_url, ids)
        sys.stdin.read()


def _announce(endpoint_url: str, account_ids: list[str]) -> None:
    print(json.dumps({"endpoint_url": endpoint_url, "account_ids": account_ids}), flush=True)


def main(argv: list[str]) -> None:
    """Run the endpoint named by ``argv`` (``KIND SIZE``) until stdin closes."""
    kind, size = argv[0], int(argv[1])
    runners = {"replay": _run_replay, "localchime": _run_local_chime, "fleet": _run_fleet}
    runners[kind](size)


if __name__ == "__main__":
    main(sys.argv[1:])
