from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from chime_accounts import ChimeAccounts

from . import NO_WAIT, Fleet, add_fleet

if TYPE_CHECKING:
    from collections.abc import Iterator

    from chime_accounts.testing import LocalChime


@pytest.fixture
def fleet(local_chime: LocalChime) -> Fleet:
    return add_fleet(local_chime)


@pytest.fixture
def chime(local_chime: LocalChime) -> Iterator[ChimeAccounts]:
    with ChimeAccounts(endpoint_url=local_chime.endpoint_url, retry=NO_WAIT) as client:
        yield client
