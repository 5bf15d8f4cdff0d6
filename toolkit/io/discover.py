"""Finding the submission files in the folders and files a user names.

A folder contributes its spreadsheet files; Office lock files and hidden files (our own
temporary outputs among them) are never submissions.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


def is_skipped_name(name: str) -> bool:
    """Office lock files (`~$…`, `.~lock.…#`) and hidden files are never submissions."""
    return name.startswith("~$") or name.startswith(".")


def discover(paths: Sequence[Path]) -> list[Path]:
    """Files and folders → candidate submission files, sorted.

    A folder contributes its spreadsheet files (top level only), without lock files and
    hidden files; a file named explicitly is always taken (a missing one is reported by
    `read_submission`).
    """
    found: set[Path] = set()
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for child in p.iterdir():
                if (
                    child.is_file()
                    and not is_skipped_name(child.name)
                    and child.suffix.lower() in SPREADSHEET_SUFFIXES
                ):
                    found.add(child)
        else:
            found.add(p)
    return sorted(found, key=lambda q: (str(q.parent), q.name.casefold(), q.name))
