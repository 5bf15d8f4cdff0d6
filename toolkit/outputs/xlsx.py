"""The one way the toolkit starts an XlsxWriter workbook, so that no workbook can forget a safeguard.

Every workbook written with XlsxWriter (the consolidated workbook, the `.xlsm` of the buttons)
is opened here:

- strings are never turned into formulas, links or numbers, so a value typed by a secretary
  such as `=HYPERLINK(…)`, `+1` or `0912…` stays the text it was (writers still use
  `write_string` for every user string; these options are the second line of defence for any
  generic `write` call);
- every cell defaults to Times New Roman, the face of Vietnamese administrative documents, which
  has every Vietnamese glyph on Windows;
- the document properties always name ward-stats as the author and carry an explicit creation
  time (never "now" by accident: the `.xlsm` build must be reproducible byte for byte).

Opening and closing the file stays with the caller, who writes into a temporary path and
renames it into place when complete (`toolkit.io.atomic`). XlsxWriter is imported on the first
workbook, so naming `FONT` (the Word report does) costs nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xlsxwriter import Workbook

FONT = "Times New Roman"
AUTHOR = "ward-stats"

SAFE_OPTIONS: dict[str, bool] = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def new_workbook(
    path: Path | str | io.BytesIO,
    *,
    font_size: int,
    title: str,
    created: dt.datetime,
    **properties: str,
) -> Workbook:
    """A workbook at `path` (or in memory, in a `BytesIO`) with the safe string options, the
    default font and its properties.

    `properties` are further document properties (`subject`, `comments`, …) as XlsxWriter
    names them. In memory, XlsxWriter uses no temporary file either: nothing of the workbook
    reaches the disk until the caller writes its bytes.
    """
    from xlsxwriter import Workbook

    in_memory = isinstance(path, io.BytesIO)
    wb = Workbook(
        path if in_memory else str(path),
        {
            **SAFE_OPTIONS,
            "in_memory": in_memory,
            "default_format_properties": {"font_name": FONT, "font_size": font_size},
        },
    )
    wb.set_properties({"title": title, **properties, "author": AUTHOR, "created": created})
    return wb
