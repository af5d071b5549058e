"""The UNSET sentinel: "leave this field as it is" in update calls, unlike any value."""

from __future__ import annotations

import enum
from typing import Final

__all__ = ["UNSET", "Unset"]


class Unset(enum.Enum):
    """The type of [`UNSET`][chime_accounts.UNSET]; an enum so that type checkers narrow it."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET
"""The default of update arguments: the field is left unchanged, not cleared."""
