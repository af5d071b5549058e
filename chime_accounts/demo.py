"""A tour of chime_accounts against the embedded local Chime endpoint; no AWS account needed.

Run it with ``python -m chime_accounts.demo``.
"""

from __future__ import annotations

import sys
from typing import TextIO

from chime_accounts import AccountStatus, License, NotFoundError
from chime_accounts.testing import LocalChime


def run(out: TextIO) -> None:
    """Create, update, page through and delete accounts on a local endpoint, printing each step."""
    with LocalChime() as server:
        # A facade over a client with dummy credentials, aimed at the local endpoint.
        chime = server.chime_accounts()
        server.seed(count=42, seed=1)
        print(f"Local Chime endpoint at {server.endpoint_url}, seeded with 42 accounts", file=out)

        account = chime.create_account(name="Demo Team")
        print(
            f"Created {account.name!r}: {account.account_type}, {account.account_status}", file=out
        )

        account = chime.update_account(account.account_id, default_license=License.BASIC)
        print(f"Default license is now {account.default_license}", file=out)

        pager = chime.list_accounts(page_size=20)
        for number, page in enumerate(pager.pages(), start=1):
            suspended = sum(a.account_status is AccountStatus.SUSPENDED for a in page.items)
            print(f"Page {number}: {len(page.items)} accounts, {suspended} suspended", file=out)

        first_five = chime.list_accounts(max_items=5)
        names = [a.name for a in first_five]
        rest = sum(1 for _ in chime.list_accounts(starting_token=first_five.resume_token))
        print(f"First five: {', '.join(names)}; {rest} more after the resume token", file=out)

        chime.delete_account(account.account_id)
        status = chime.get_account(account.account_id).account_status
        print(f"Deleted {account.name!r}; it stays listed as {status}", file=out)

        try:
            chime.get_account("no-such-account")
        except NotFoundError as error:
            print(
                f"Typed error: {type(error).__name__} {error.code} HTTP {error.http_status}",
                file=out,
            )


if __name__ == "__main__":
    run(sys.stdout)
