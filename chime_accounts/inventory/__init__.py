"""Export the inventory of Chime accounts to files: resumable, exact, in one call.

[`export`][chime_accounts.inventory.export] (and
[`aexport`][chime_accounts.inventory.aexport] for the async client) walks the selected
accounts and writes their records, one AWS-shaped JSON record a line per kind
(``accounts.jsonl``, ``account_settings.jsonl``, ``users.jsonl``, ...), one CSV file per
kind, or one SQLite database, with ``manifest.json`` beside them. Killed at any moment
and run again, it continues where it was. The command line's ``chime-accounts export``
is this call. See [Exporting an inventory][exporting-an-inventory].
"""

from __future__ import annotations

from ._manifest import ExportDirectoryError
from ._results import ExportFailure, ExportProgress, ExportSummary
from ._run import aexport, export
from ._writers import FORMATS, Format

__all__ = [  # noqa: RUF022 - plain sorted() order, as the package's own
    "ExportDirectoryError",
    "ExportFailure",
    "ExportProgress",
    "ExportSummary",
    "FORMATS",
    "Format",
    "aexport",
    "export",
]
