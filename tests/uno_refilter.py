"""Apply again, in LibreOffice, the AutoFilter of one sheet of workbooks, and save the results.

Run by LibreOffice's own Python (with `uno`):
``python3 uno_refilter.py PROFILE SHEET IN1 OUT1 [IN2 OUT2 …]``. Each workbook's filter on the
sheet (its unnamed database range) is applied anew to its range, so the rows hidden in OUT are
exactly those LibreOffice's filter hides: an outside judge of which rows a filter shows
(fix388)."""

from __future__ import annotations

import sys
from pathlib import Path

import uno  # type: ignore[import-not-found]
from uno_office import office, prop


def main() -> None:
    profile, sheet_name, paths = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
    with office(profile) as (_ctx, desktop):
        for source, target in zip(paths[::2], paths[1::2], strict=True):
            url = uno.systemPathToFileUrl(str(Path(source).resolve()))
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            try:
                index = doc.Sheets.getByName(sheet_name).getRangeAddress().Sheet
                database = doc.getPropertyValue("UnnamedDatabaseRanges").getByTable(index)
                database.getReferredCells().filter(database.getFilterDescriptor())
                out = uno.systemPathToFileUrl(str(Path(target).resolve()))
                doc.storeToURL(out, (prop("FilterName", "Calc MS Excel 2007 XML"),))
            finally:
                doc.close(True)


if __name__ == "__main__":
    main()
