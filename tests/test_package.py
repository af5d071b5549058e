"""The package surface: exports, typing marker, the demo."""

from __future__ import annotations

import ast
import importlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

import chime_accounts
import chime_accounts.exceptions
import chime_accounts.testing
from chime_accounts import demo

# Where the package's lazily imported names come from.
SOURCES = chime_accounts._SOURCES  # pyright: ignore[reportPrivateUsage]
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
        # The names are imported on first use; the imports for type checkers list them.
        tree = ast.parse(Path(chime_accounts.__file__).read_text(encoding="utf-8"))
        typed = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
            if node.level == 1
        }
        lazy = {name for names in SOURCES.values() for name in names}

        assert typed == lazy == set(chime_accounts.__all__)
        assert set(dir(chime_accounts)) >= set(chime_accounts.__all__)

    def test_each_name_comes_from_the_module_that_defines_it(self) -> None:
        for module, names in SOURCES.items():
            defined = importlib.import_module(f"chime_accounts.{module}")
            for name in names:
                assert getattr(chime_accounts, name) is getattr(defined, name), name

    def test_importing_the_package_imports_no_botocore(self) -> None:
        code = (
            "import sys, chime_accounts, chime_accounts.exceptions;"
            "from chime_accounts import Account, License, ValidationError;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'botocore', 'boto3',"
            " 'aiobotocore', 'asyncio'}))"
        )
        result = subprocess.run(  # noqa: S603 - a fixed command line
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
        )

        assert result.stdout.strip() == "[]"

    def test_an_unknown_name_is_an_attribute_error(self) -> None:
        with pytest.raises(AttributeError, match="NoSuchThing"):
            _ = chime_accounts.NoSuchThing

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
