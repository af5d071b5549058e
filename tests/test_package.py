"""The package surface: exports, typing marker, the demo."""

from __future__ import annotations

import importlib
import io
import re
import subprocess
import sys
from pathlib import Path

import chime_accounts
import chime_accounts.exceptions
import chime_accounts.testing
from chime_accounts import demo

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "reference"


def _resolve(path: str) -> object:
    """Import the object a mkdocstrings directive (``::: a.b.C``) names."""
    parts = path.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target: object = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[split:]:
            target = getattr(target, attribute)
        return target
    raise ModuleNotFoundError(path)


class TestPublicSurface:
    """__all__ is sorted, complete and importable."""

    def test_all_is_sorted(self) -> None:
        assert chime_accounts.__all__ == sorted(chime_accounts.__all__)

    def test_all_is_complete(self) -> None:
        public = {
            name
            for name, value in vars(chime_accounts).items()
            if not name.startswith("_") and not isinstance(value, type(sys))
        }

        assert public == set(chime_accounts.__all__)

    def test_every_exception_is_reexported(self) -> None:
        for name in chime_accounts.exceptions.__all__:
            assert getattr(chime_accounts, name) is getattr(chime_accounts.exceptions, name)

    def test_exceptions_docstring_draws_every_class(self) -> None:
        doc = chime_accounts.exceptions.__doc__ or ""

        drawn = set(re.findall(r"^[\s│├└─]*(\w+Error)\b", doc, re.MULTILINE))

        assert drawn == set(chime_accounts.exceptions.__all__)

    def test_every_public_name_is_in_the_api_reference(self) -> None:
        directives = [
            match.group(1)
            for page in sorted(REFERENCE.glob("*.md"))
            for match in re.finditer(r"^::: ([\w.]+)$", page.read_text(), re.MULTILINE)
        ]
        documented = [_resolve(path) for path in directives]

        missing = [
            f"{module.__name__}.{name}"
            for module in (chime_accounts, chime_accounts.exceptions, chime_accounts.testing)
            for name in module.__all__
            if not any(getattr(module, name) is obj for obj in documented)
        ]

        assert not missing, f"add a '::: name' directive to docs/reference/ for {missing}"

    def test_package_is_typed(self) -> None:
        assert (Path(chime_accounts.__file__).parent / "py.typed").is_file()


class TestDemo:
    """The README's demo runs against the embedded endpoint."""

    def test_runs_in_process(self) -> None:
        out = io.StringIO()

        demo.run(out)

        text = out.getvalue()
        assert "Created 'Demo Team': Team, Active" in text
        assert "it stays listed as Suspended" in text
        assert "NotFoundError NotFoundException HTTP 404" in text

    def test_runs_as_a_module(self) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "chime_accounts.demo"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

        assert result.returncode == 0, result.stderr
        assert "Page 3: 3 accounts" in result.stdout
