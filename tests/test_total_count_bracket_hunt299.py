"""A total's count in brackets after a colon is read (hunt299).

docs/design.md §4: a total typed with its count in the column right of its words ("Cộng" | 10,
"Tổng số" | "10 đồng chí", "Tổng cộng:" | "(10)") is a total line, its count read there for
`file.trailer_count`; in the name cell the number after the total's words is the count ("Cộng
(31)"). "Tổng cộng:" | "(10)" was a total line whose count was never read: the words and the
count joined, "tổng cộng: (10)", have a colon and a bracket before the number, and the count
pattern took one of them only. Beside five members, "(10)" said nothing, and "(40)" (more than
the rows read, which is always said) neither; "Tổng cộng: (10)" typed in one cell the same.

The workbooks are the real template (`helpers_validate.write`).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from helpers_validate import clean_members, codes, write

from toolkit.core import layout
from toolkit.io.reader import read_submission

M = layout.SHEET_MEMBERS
TRAILER, COUNT = "file.trailer_rows", "file.trailer_count"


def _total_typed(path: Path, cells: dict[str, object]) -> int:
    """`cells` (column → value) typed on the row under the members. Returns the row."""
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    row = ws.max_row + 1
    for column, value in cells.items():
        ws[f"{column}{row}"] = value
    wb.save(path)
    return row


@pytest.mark.parametrize(
    ("cells", "at", "stated"),
    [
        ({"B": "Tổng cộng:", "C": "(10)"}, "C", 10),
        ({"B": "Tổng cộng:", "C": "(40)"}, "C", 40),
        ({"B": "Tổng cộng: (10)"}, "B", 10),
        ({"B": "Tổng số = (10)"}, "B", 10),
    ],
)
def test_a_count_in_brackets_after_a_colon_is_checked_against_the_rows_read(
    tmp_path: Path, cells: dict[str, object], at: str, stated: int
) -> None:
    path = write(tmp_path)
    row = _total_typed(path, cells)
    sub = read_submission(path)
    assert codes(sub.issues) == [TRAILER, COUNT]
    count = sub.issues[1]
    assert (count.severity, count.cell) == ("warning", f"{at}{row}")
    assert count.message.startswith(f"Sheet “Đảng viên”, ô {at}{row}: Dòng cộng ghi {stated} đảng viên")
    assert f"có {len(clean_members())} đảng viên được đọc" in count.message
    assert sub.members is not None and len(sub.members) == len(clean_members())


def test_the_count_in_brackets_that_is_the_rows_read_says_nothing_more(tmp_path: Path) -> None:
    path = write(tmp_path)
    _total_typed(path, {"B": "Tổng cộng:", "C": f"({len(clean_members())})"})
    assert codes(read_submission(path).issues) == [TRAILER]
