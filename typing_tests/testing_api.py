"""Type-checked only, never run: what the testing helpers hand to user code."""

from __future__ import annotations

from typing_extensions import assert_type

from chime_accounts.testing import Fault


def faults() -> None:
    assert_type(Fault.delay(0.5, operation="GetAccount"), Fault)
    assert_type(Fault.delayed(0.5, count=2), Fault)
    assert_type(Fault("GetAccount", delay=0.5).delay, float)
    assert_type(Fault.error("GetAccount", 503).status, int)
    Fault.delay("soon")  # type: ignore[arg-type]
    Fault.delay(0.5, "GetAccount")  # type: ignore[call-arg]
    Fault("GetAccount", delay="soon")  # type: ignore[arg-type]
