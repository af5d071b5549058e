"""The UNSET sentinel: "leave this field as it is" in update calls, unlike any value."""

from __future__ import annotations

import enum
from typing import Final

__all__ = ["UNSET", "Unset"]


class Unset(enum.Enum):
    """The type of :data:`UNSET`; an enum so that type checkers narrow ``is UNSET``."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


#: The default of update arguments: the field is left unchanged, not cleared.
UNSET: Final = Unset.UNSET
