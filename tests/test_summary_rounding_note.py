"""`Tổng hợp` says why two equal counts may be shown 0,01 % apart (hunt175 F11, hunt190 F3):
the parts of one whole are rounded together to add up to 100 %."""

from __future__ import annotations

import re
from pathlib import Path

from helpers_output import written_workbook
from openpyxl import load_workbook

from toolkit.outputs.sheets import SHEET_SUMMARY
from toolkit.outputs.sheets.summary import ROUNDING_NOTE
from toolkit.stats.shares import largest_remainder


def test_equal_counts_of_one_whole_may_be_rounded_apart() -> None:
    """Why the note is needed: 13 and 13 of 72 are shown as 18,06 % and 18,05 %."""
    shares = largest_remainder([13, 2, 3, 41, 13])
    assert shares is not None and sum(shares) == 100 and shares[0] != shares[4]


def test_the_summary_sheet_says_how_its_shares_are_rounded_and_prints_it(tmp_path: Path) -> None:
    _, path = written_workbook(tmp_path)
    wb = load_workbook(path)
    ws = wb[SHEET_SUMMARY]
    rows = [c.row for c in ws["A"] if c.value == ROUNDING_NOTE]
    assert len(rows) == 1, "the rounding note is missing"
    area = ws.print_area if isinstance(ws.print_area, str) else ",".join(ws.print_area)
    last = int(re.findall(r"\$(\d+)", area)[-1])
    assert rows[0] < last  # printed, above the line saying when the workbook was made
    made = [c.row for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("Lập lúc")]
    assert made and rows[0] < made[0]
