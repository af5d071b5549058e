"""The public surface of chime_accounts.inventory: exports, reference, import cost."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import chime_accounts.inventory

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "inventory.md"


def test_all_is_sorted_and_importable() -> None:
    names = chime_accounts.inventory.__all__

    assert names == sorted(names)
    assert all(hasattr(chime_accounts.inventory, name) for name in names)


def test_every_public_name_is_in_the_reference() -> None:
    directives = re.findall(r"^::: chime_accounts\.inventory\.(\w+)$", REFERENCE.read_text(), re.M)

    assert sorted(directives) == sorted(chime_accounts.inventory.__all__)


def test_importing_it_imports_no_aws_sdk() -> None:
    code = (
        "import sys, chime_accounts.inventory;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'botocore', 'boto3',"
        " 'aiobotocore'}))"
    )
    result = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )

    assert result.stdout.strip() == "[]"
