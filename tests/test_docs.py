"""The documentation: every example runs, the reference is complete, the site builds strictly.

Examples are the ```python blocks of README.md and docs/ (and of the library's module
docstrings), run with Sybil: a page's blocks run in order in one namespace, blocks that
start with ``>>>`` are doctests whose output is compared, and shell blocks are not run.
Each page gets a fresh LocalChime that ``ChimeAccounts()``, ``AsyncChimeAccounts()`` and
``boto3.client("chime", ...)`` reach through ``AWS_ENDPOINT_URL_CHIME``, and an AWS
profile named ``admin`` with dummy credentials.
"""

from __future__ import annotations

import inspect
import logging
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import botocore.session
import griffe
import pytest
from botocore import xform_name
from botocore.client import BaseClient
from sybil import Sybil
from sybil.document import PythonDocStringDocument
from sybil.parsers.markdown import PythonCodeBlockParser
from sybil.parsers.markdown.codeblock import CodeBlockParser

import chime_accounts
import chime_accounts.exceptions
import chime_accounts.testing
from chime_accounts import AsyncChimeAccounts, ChimeAccounts
from chime_accounts.testing import LocalChime

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sybil import Document, Region

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
PACKAGE = ROOT / "chime_accounts"
MODULES = sorted(PACKAGE.rglob("*.py"))


class _CodeBlocks(CodeBlockParser):
    """Fenced blocks whose info string starts with the language: ```python title="boto3"."""

    def __call__(self, document: Document) -> Iterable[Region]:
        for region in self.lexers(document):
            arguments = str(region.lexemes["arguments"]).split()
            if arguments and arguments[0] == self.language:
                region.parsed = region.lexemes["source"]
                region.evaluator = self._evaluator or self.evaluate
                yield region


class _PythonBlocks(PythonCodeBlockParser):
    codeblock_parser_class = _CodeBlocks


PAGE_EXAMPLES = Sybil(parsers=[_PythonBlocks()], path=str(ROOT))
DOCSTRING_EXAMPLES = Sybil(
    parsers=[_PythonBlocks()],
    path=str(ROOT),
    document_types={".py": PythonDocStringDocument},
)


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture
def example_environment(
    local_chime: LocalChime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[LocalChime]:
    """Aim every Chime client an example builds at a fresh LocalChime; give it a profile."""
    config = tmp_path / "config"
    config.write_text("[profile admin]\nregion = us-east-1\n")
    credentials = tmp_path / "credentials"
    credentials.write_text(
        "[admin]\naws_access_key_id = testing\naws_secret_access_key = testing\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    monkeypatch.setenv("AWS_ENDPOINT_URL_CHIME", local_chime.endpoint_url)
    monkeypatch.chdir(tmp_path)
    logger = logging.getLogger("chime_accounts")
    level, root_handlers = logger.level, list(logging.getLogger().handlers)
    yield local_chime
    # An example may configure logging, as a script would; later tests get it back as it was.
    logger.setLevel(level)
    logging.getLogger().handlers[:] = root_handlers


def _run(document: Document) -> None:
    try:
        for example in document:
            try:
                example.evaluate()
            except Exception as error:
                where = f"{_name(Path(example.path))}, line {example.line}"
                raise AssertionError(f"the example at {where} failed: {error!r}") from error
        _run_defined_tests(document.namespace)
    finally:
        _close_everything(document.namespace)


def _run_defined_tests(namespace: dict[str, Any]) -> None:
    """Run the pytest-style tests an example defines, each with a fresh ``local_chime``."""
    for name, value in list(namespace.items()):
        if name.startswith("test_") and inspect.isfunction(value):
            with LocalChime() as server:
                if inspect.signature(value).parameters:
                    value(server)
                else:
                    value()


def _close_everything(namespace: dict[str, Any]) -> None:
    """Stop the servers and close the clients an example left open, as its process exit would."""
    for value in namespace.values():
        if isinstance(value, LocalChime):
            value.stop()
        elif isinstance(value, (ChimeAccounts, BaseClient)):
            value.close()


@pytest.mark.docs
@pytest.mark.usefixtures("example_environment")
@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_page_examples_run(page: Path) -> None:
    _run(PAGE_EXAMPLES.parse(page))


@pytest.mark.docs
@pytest.mark.usefixtures("example_environment")
@pytest.mark.parametrize(
    "module",
    [m for m in MODULES if "```python" in m.read_text(encoding="utf-8")],
    ids=_name,
)
def test_docstring_examples_run(module: Path) -> None:
    _run(DOCSTRING_EXAMPLES.parse(module))


def test_pages_have_examples() -> None:
    """The example collection finds the blocks, so a change of syntax cannot skip them all."""
    examples = {page: len(list(PAGE_EXAMPLES.parse(page))) for page in PAGES}

    assert examples[ROOT / "README.md"] >= 1
    assert sum(examples.values()) >= 40


# -- the API reference --------------------------------------------------------------------


def _public_names() -> set[str]:
    return {
        f"{module.__name__}.{name}"
        for module in (chime_accounts, chime_accounts.exceptions, chime_accounts.testing)
        for name in module.__all__
    }


def _inventory(site: Path) -> set[str]:
    """The object names in a built site's ``objects.inv``."""
    data = (site / "objects.inv").read_bytes()
    header_end = data.index(b"zlib.\n") + len(b"zlib.\n")
    text = zlib.decompress(data[header_end:]).decode()
    return {line.split(" ", 1)[0] for line in text.splitlines()}


@pytest.mark.docs
def test_site_builds_in_strict_mode(tmp_path: Path) -> None:
    """``mkdocs build --strict`` fails on any warning: a broken link, anchor or reference."""
    site = tmp_path / "site"
    result = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )

    assert result.returncode == 0, result.stderr
    missing = _public_names() - _inventory(site)
    assert not missing, f"public names missing from the built API reference: {sorted(missing)}"


# -- docstrings ----------------------------------------------------------------------------


def _sections(obj: object) -> dict[str, list[str]]:
    """The names in the Args and Raises sections of a Google-style docstring."""
    docstring = griffe.Docstring(inspect.getdoc(obj) or "")
    names: dict[str, list[str]] = {"parameters": [], "raises": []}
    for section in docstring.parse("google", warn_missing_types=False):
        if isinstance(section, griffe.DocstringSectionParameters):
            names["parameters"] += [item.name for item in section.value]
        elif isinstance(section, griffe.DocstringSectionRaises):
            names["raises"] += [str(item.annotation) for item in section.value]
    return names


def _service_operations() -> dict[str, list[str]]:
    """The ``chime`` operations by boto3 method name, with the error codes each may answer."""
    model = botocore.session.get_session().get_service_model("chime")
    return {
        xform_name(name): [shape.name for shape in model.operation_model(name).error_shapes]
        for name in model.operation_names
    }


def _client_methods(cls: type) -> list[str]:
    return [
        name
        for name, member in vars(cls).items()
        if not name.startswith("_") and inspect.isfunction(member) and name != "close"
    ]


def _operation(method: str) -> str:
    return "list_users" if method == "suspend_all_users" else method


# The codes of the protocol rather than of an operation: the model lists them for nearly
# every operation, and any call may meet them. Documented once, on the class.
GENERAL_CODES = {
    "BadRequestException",
    "UnauthorizedClientException",
    "ForbiddenException",
    "ThrottledClientException",
    "ServiceFailureException",
    "ServiceUnavailableException",
}


def _general_codes() -> set[str]:
    return GENERAL_CODES


def _class_names(codes: set[str]) -> set[str]:
    return {chime_accounts.exceptions.ERROR_CLASSES[code].__name__ for code in codes}


# Every call can fail before or after the service besides the codes the model lists: no
# answer, an unreadable one, no credentials, codes beyond the model (AccessDenied from IAM).
BEYOND_THE_MODEL = {
    "AccessDeniedError",
    "ChimeAPIError",
    "ChimeConnectionError",
    "ChimeTimeoutError",
    "CredentialsError",
    "ResponseParseError",
}


def _errors_section(cls: type) -> set[str]:
    """The error classes the class docstring's "Errors any method can raise" names."""
    docstring = griffe.Docstring(inspect.getdoc(cls) or "")
    for section in docstring.parse("google", warn_missing_types=False):
        if section.title == "Errors any method can raise":
            text = str(section.value.contents)
            return set(re.findall(r"\[`(\w+)`\]\[chime_accounts\.\1\]", text))
    return set()


def test_the_errors_of_every_call_are_documented_once_on_the_class() -> None:
    general = _class_names(_general_codes()) | BEYOND_THE_MODEL

    assert _errors_section(ChimeAccounts) == general
    assert general <= set(chime_accounts.exceptions.__all__)


@pytest.mark.parametrize("method", _client_methods(ChimeAccounts))
def test_raises_lists_what_is_specific_to_the_operation(method: str) -> None:
    """Each method's ``Raises`` names its own errors, and none of those every call raises."""
    function = getattr(ChimeAccounts, method)
    sections = _sections(function)
    documented = set(sections["raises"])
    signature = inspect.signature(function)

    assert set(sections["parameters"]) == set(signature.parameters) - {"self"}
    assert not documented & (_class_names(_general_codes()) | BEYOND_THE_MODEL)
    assert documented <= set(chime_accounts.exceptions.__all__)
    if signature.return_annotation in {"BatchResult", "InviteResult", "MembershipBatchResult"} and (
        method != "suspend_all_users"
    ):
        # Chunked operations report the service's errors in the result; only bad input raises.
        assert documented == {"ValidationError"}
        return
    specific = set(_service_operations()[_operation(method)]) - _general_codes()
    # Errors beyond the model (AccessDenied) are documented on the class, even where the
    # model lists them for an operation (AssociatePhoneNumberWithUser).
    expected = _class_names(specific) - BEYOND_THE_MODEL
    if set(signature.parameters) - {"self"}:
        expected.add("ValidationError")  # a method without arguments has nothing to check
    if method.startswith("list_") or method == "suspend_all_users":
        expected.add("PaginationError")
    assert documented >= expected


@pytest.mark.parametrize("method", _client_methods(AsyncChimeAccounts))
def test_async_methods_point_to_their_twins(method: str) -> None:
    """AsyncChimeAccounts' methods take what their twins take and are documented there."""
    function, twin = getattr(AsyncChimeAccounts, method), getattr(ChimeAccounts, method)
    ours, theirs = inspect.signature(function), inspect.signature(twin)

    assert f"[chime_accounts.ChimeAccounts.{method}]" in (inspect.getdoc(function) or "")
    assert _sections(function) == {"parameters": [], "raises": []}
    assert list(ours.parameters.values()) == list(theirs.parameters.values())
    awaited = inspect.iscoroutinefunction(function)
    assert awaited != str(ours.return_annotation).startswith("AsyncPager")
    assert str(ours.return_annotation).removeprefix("Async") == str(theirs.return_annotation)
