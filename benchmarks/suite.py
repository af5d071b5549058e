"""The whole set of benchmarks, at a given size."""

from __future__ import annotations

import math
import os
import platform
import sys
import time
from dataclasses import dataclass
from importlib.metadata import version
from typing import TYPE_CHECKING

from . import conversion, fleet, listing, memory, startup
from ._data import PAGE_SIZE
from ._endpoints import serve

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ._measure import Figure

BENCHMARKS = (
    "conversion",
    "listing",
    "single-call",
    "endpoint",
    "memory",
    "import",
    "construction",
    "fleet",
)


@dataclass(frozen=True)
class Sizes:
    """How much each benchmark does.

    Attributes:
        conversion_items: Account dicts structured per run.
        listing_pages: Pages of 200 accounts listed per run.
        single_calls: GetAccount calls per run.
        endpoint_accounts: Accounts in the LocalChime of the single-call and endpoint figures.
        endpoint_walks: How often the endpoint figures fetch every page.
        memory_small: Accounts listed by the reference process of the memory figure.
        memory_large: Accounts listed by the measured process of the memory figure.
        memory_repeats: Process pairs of the memory figure.
        constructions: Clients constructed per run.
        fleet_accounts: Accounts (of 25 users each) of the fleet workload.
        fleet_repeats: Rounds of the fleet workload (each runs all six ways).
        repeats: Runs of each in-process timed figure but the single calls.
        call_repeats: Runs of the single-call figures (2,000 calls take seconds).
        process_repeats: New interpreters per import figure side.
        bytecode_cache: Give child processes a bytecode cache (see ``BYTECODE_CACHE``).
    """

    conversion_items: int = 10_000
    listing_pages: int = 100
    single_calls: int = 2_000
    endpoint_accounts: int = 20_000
    endpoint_walks: int = 3
    memory_small: int = 2_000
    memory_large: int = 200_000
    memory_repeats: int = 3
    constructions: int = 50
    fleet_accounts: int = 40
    fleet_repeats: int = 3
    repeats: int = 7
    call_repeats: int = 5
    process_repeats: int = 21
    bytecode_cache: bool = True


FULL = Sizes()
QUICK = Sizes(
    conversion_items=2_000,
    listing_pages=10,
    single_calls=200,
    endpoint_accounts=2_000,
    endpoint_walks=1,
    memory_large=20_000,
    memory_repeats=1,
    constructions=5,
    fleet_accounts=10,
    fleet_repeats=1,
    repeats=3,
    call_repeats=3,
    process_repeats=5,
)
#: Just enough to show that every benchmark works, for the tests.
SMOKE = Sizes(
    conversion_items=20,
    listing_pages=2,
    single_calls=3,
    endpoint_accounts=400,
    endpoint_walks=1,
    memory_small=200,
    memory_large=400,
    memory_repeats=1,
    constructions=1,
    fleet_accounts=1,
    fleet_repeats=1,
    repeats=1,
    call_repeats=1,
    process_repeats=1,
    bytecode_cache=False,
)


def run(sizes: Sizes, only: Sequence[str] = BENCHMARKS, *, log: bool = False) -> list[Figure]:
    """Run the benchmarks named in ``only`` at ``sizes`` and return their figures.

    Args:
        sizes: How much each benchmark does.
        only: The benchmarks to run (see ``BENCHMARKS``).
        log: Note the progress on stderr.
    """
    figures: list[Figure] = []

    def note(message: str) -> None:
        if log:
            print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    if "conversion" in only:
        note("model conversion")
        figures += conversion.run(sizes.conversion_items, sizes.repeats)
    if "construction" in only:
        note("client construction")
        figures.append(startup.run_construction(sizes.constructions, sizes.repeats))
    memory_pages = math.ceil(sizes.memory_large / PAGE_SIZE)
    specs = [("replay", sizes.listing_pages), ("localchime", sizes.endpoint_accounts)]
    if memory_pages != sizes.listing_pages:
        specs.append(("replay", memory_pages))
    if "fleet" in only:
        specs.append(("fleet", sizes.fleet_accounts))
    note("starting the endpoints")
    with serve(*specs, bytecode_cache=sizes.bytecode_cache) as endpoints:
        replay, local_chime = endpoints[0], endpoints[1]
        memory_replay = replay if memory_pages == sizes.listing_pages else endpoints[2]
        own_page_rate = None
        if "listing" in only:
            note("end-to-end listing")
            listed, own_seconds = listing.run_listing(
                replay.endpoint_url, sizes.listing_pages * PAGE_SIZE, sizes.repeats
            )
            figures += listed
            own_page_rate = sizes.listing_pages / own_seconds
        if "single-call" in only:
            note("single calls")
            figures += listing.run_single_calls(
                local_chime.endpoint_url,
                local_chime.account_ids,
                sizes.single_calls,
                sizes.call_repeats,
            )
        if "endpoint" in only:
            note("endpoint rates")
            figures.append(
                listing.run_endpoint_rate(
                    f"LocalChime, {sizes.endpoint_accounts:,} accounts",
                    local_chime.endpoint_url,
                    sizes.endpoint_walks,
                    own_page_rate,
                )
            )
            figures.append(
                listing.run_endpoint_rate(
                    "replay endpoint of the listing figures",
                    replay.endpoint_url,
                    sizes.endpoint_walks,
                    own_page_rate,
                )
            )
        if "memory" in only:
            note("memory")
            figures.append(
                memory.run(
                    memory_replay.endpoint_url,
                    sizes.memory_small,
                    sizes.memory_large,
                    sizes.memory_repeats,
                    bytecode_cache=sizes.bytecode_cache,
                )
            )
        if "fleet" in only:
            note("fleet workload against a throttling endpoint")
            figures += fleet.run(
                endpoints[-1].endpoint_url, endpoints[-1].account_ids, sizes.fleet_repeats
            )
    if "import" in only:
        note("import and start-up time")
        figures += startup.run_import(sizes.process_repeats, bytecode_cache=sizes.bytecode_cache)
    return figures


def describe_machine() -> str:
    """Return the machine and versions the figures were measured with."""
    packages = ", ".join(f"{name} {version(name)}" for name in ("boto3", "botocore", "cattrs"))
    return (
        f"{os.cpu_count()} cores, {platform.machine()}, {platform.system()}; "
        f"Python {platform.python_version()} ({platform.python_implementation()}); {packages}"
    )
