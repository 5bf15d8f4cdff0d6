"""Delete rows of a workbook's protected sheets in headless LibreOffice, as a clerk does.

Run by LibreOffice's own Python (the one with `uno`), not by the test run's:
``python3 uno_delete_rows.py PROFILE_DIR BOOK.xlsx ROW SHEET...`` prints one JSON line per
sheet: whether the sheet is protected, whether deleting the 1-based row ``ROW`` (the row
number's Delete, `.uno:DeleteRows`) was done, and whether that row's cell right of any table
(column ZZ) and its first cell are locked."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import uno  # type: ignore[import-not-found]
from uno_office import office, prop

MARK = "ward-stats-row-mark"


def main() -> None:
    profile, book, row, sheets = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    with office(profile) as (ctx, desktop):
        smgr = ctx.ServiceManager
        url = uno.systemPathToFileUrl(str(book))
        doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        controller = doc.getCurrentController()
        for name in sheets:
            sheet = doc.Sheets.getByName(name)
            controller.setActiveSheet(sheet)
            locked = {
                ref: sheet.getCellRangeByName(ref).CellProtection.IsLocked for ref in (f"A{row}", f"ZZ{row}")
            }
            # The API writes past protection: mark the row, and the one under it.
            sheet.getCellRangeByName(f"ZZ{row}").setString(MARK)
            sheet.getCellRangeByName(f"ZZ{row + 1}").setString("below")
            controller.select(sheet.getCellRangeByName(f"A{row}"))
            dispatcher.executeDispatch(controller.getFrame(), ".uno:DeleteRows", "", 0, ())
            deleted = sheet.getCellRangeByName(f"ZZ{row}").getString() == "below"
            result = {"sheet": name, "protected": sheet.isProtected(), "deleted": deleted, "locked": locked}
            print(json.dumps(result))
        doc.close(True)


if __name__ == "__main__":
    main()
