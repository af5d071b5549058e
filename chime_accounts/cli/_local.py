"""``chime-accounts local serve``: the local Chime endpoint as a standalone server."""

from __future__ import annotations

import signal
import threading
from typing import TYPE_CHECKING, NoReturn

import click

from ._options import CHIME_REGION, LOCAL_SAMPLE_SIZE, LOCAL_SEED

if TYPE_CHECKING:
    from types import FrameType

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
def serve(port: int, seed: int, count: int) -> None:
    """Serve a local Chime endpoint on 127.0.0.1 until Ctrl-C.

    It speaks the Chime API's wire format for the account operations, so the AWS CLI,
    boto3 and this command can use it with --endpoint-url. It keeps changes while it runs
    and accepts any credentials. The first line printed gives its URL.
    """
    from chime_accounts.testing import LocalChime

    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with LocalChime(port=port) as server:
            server.seed(count, seed)
            url = server.endpoint_url
            click.echo(f"Local Chime endpoint at {url} ({count} sample accounts, seed {seed})")
            click.echo(
                "It accepts any credentials (without AWS ones, set AWS_ACCESS_KEY_ID=testing"
                " AWS_SECRET_ACCESS_KEY=testing). Try, from another terminal:"
            )
            click.echo(f"  chime-accounts --endpoint-url {url} accounts list")
            click.echo(f"  aws chime list-accounts --endpoint-url {url} --region {CHIME_REGION}")
            click.echo("Press Ctrl-C to stop.")
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                click.echo("Stopped.", err=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
