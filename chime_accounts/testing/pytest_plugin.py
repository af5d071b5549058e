"""pytest plugin providing a ``local_chime`` fixture.

Installed ``chime_accounts`` registers this module through the ``pytest11``
entry point, so the fixture is available without any ``conftest.py``:

```python
def test_create(local_chime):
    client = local_chime.client()
    client.create_account(Name="Example")
    assert [a["Name"] for a in local_chime.accounts()] == ["Example"]
```

Fixtures:
    local_chime: A started `chime_accounts.testing.LocalChime` on a free port,
        fresh (empty store, no faults, empty request log) for every test and
        stopped afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from chime_accounts.testing._local import LocalChime

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["local_chime"]


@pytest.fixture
def local_chime() -> Iterator[LocalChime]:
    """Yield a started, empty `LocalChime`, stopped when the test ends."""
    with LocalChime() as server:
        yield server
