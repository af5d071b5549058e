"""``chime-accounts local serve``: the local Chime endpoint as a standalone server."""

from __future__ import annotations

import signal
import threading
from typing import TYPE_CHECKING, NoReturn

import click

from ._options import CHIME_REGION, LOCAL_SAMPLE_SIZE, LOCAL_SEED

if TYPE_CHECKING:
    from types import FrameType

    from chime_accounts.testing import LocalChime

__all__ = ["local"]


@click.group("local")
def local() -> None:
    """Run the local Chime endpoint that --local uses, for other tools."""


def _interrupt(_signum: int, _frame: FrameType | None) -> NoReturn:
    raise KeyboardInterrupt


@local.command("serve")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="TCP port on 127.0.0.1; 0 picks a free one.",
)
@click.option(
    "--seed", type=int, default=LOCAL_SEED, show_default=True, help="Seed of the sample accounts."
)
@click.option(
    "--count",
    type=click.IntRange(min=0),
    default=LOCAL_SAMPLE_SIZE,
    show_default=True,
    help="How many sample accounts to start with.",
)
@click.option(
    "--latency-ms",
    type=click.FloatRange(min=0),
    default=0,
    show_default=True,
    help="Milliseconds every answer waits, as over a network (429s are sent at once).",
)
@click.option(
    "--rate-limit",
    type=click.FloatRange(min=0, min_open=True),
    help="Requests per second allowed for each operation; above it, 429 "
    "ThrottledClientException. Unlimited when not given.",
)
@click.option(
    "--burst",
    type=click.FloatRange(min=1),
    help="How many requests an operation may send at once within --rate-limit "
    "[default: one second's worth].",
)
def serve(
    port: int,
    seed: int,
    count: int,
    latency_ms: float,
    rate_limit: float | None,
    burst: float | None,
) -> None:
    """Serve a local Chime endpoint on 127.0.0.1 until Ctrl-C.

    It speaks the Chime API's wire format for the account operations, so the AWS CLI,
    boto3 and this command can use it with --endpoint-url. It keeps changes while it runs
    and accepts any credentials. The first line printed gives its URL. With --latency-ms
    and --rate-limit it answers as slowly, and throttles as the service does, e.g.
    ``--latency-ms 30 --rate-limit 100`` to try a fleet script against it.
    """
    from chime_accounts.testing import LocalChime

    if burst is not None and rate_limit is None:
        raise click.UsageError("--burst needs --rate-limit.")
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with LocalChime(
            port=port, latency=latency_ms / 1000, rate_limit=rate_limit, burst=burst
        ) as server:
            server.seed(count, seed)
            url = server.endpoint_url
            click.echo(f"Local Chime endpoint at {url} ({count} sample accounts, seed {seed})")
            if latency_ms or rate_limit is not None:
                click.echo(_describe_pace(latency_ms, rate_limit, burst))
            click.echo(
                "It accepts any credentials (without AWS ones, set AWS_ACCESS_KEY_ID=testing"
                " AWS_SECRET_ACCESS_KEY=testing). Try, from another terminal:"
            )
            click.echo(f"  chime-accounts --endpoint-url {url} accounts list")
            click.echo(f"  aws chime list-accounts --endpoint-url {url} --region {CHIME_REGION}")
            click.echo("Press Ctrl-C to stop.")
            try:
                _serve_until_interrupted(server)
            except KeyboardInterrupt:
                click.echo("Stopped.", err=True)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _describe_pace(latency_ms: float, rate_limit: float | None, burst: float | None) -> str:
    parts = [f"{latency_ms:g} ms latency"]
    if rate_limit is not None:
        depth = rate_limit if burst is None else burst
        parts.append(f"{rate_limit:g} requests/s per operation (burst {max(depth, 1.0):g})")
    return "Paced like the service: " + ", ".join(parts) + "."


def _serve_until_interrupted(_server: LocalChime) -> None:
    """Block until Ctrl-C or SIGTERM; the tests replace it to use the server meanwhile."""
    threading.Event().wait()
