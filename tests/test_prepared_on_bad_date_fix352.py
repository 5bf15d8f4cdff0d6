"""A `Ngày lập biểu` that is no date does not exclude the organisation (fix352).

"5/4/2026x" typed in `Ngày lập biểu` was `info.bad_date`, an error: the whole file was left out
of the consolidation ("HD05 bị loại … Ngày không hợp lệ ở sheet “Thông tin”, ô B11"), its 40
members lost from the ward's figures for a date that counts in no figure (the `info.prepared_*`
warnings of fix343 are warnings for that reason). A date not read there, or one before 1900, is
now a warning at the cell (`info.prepared_bad_date`, `info.prepared_before_1900`), still listed
with the file and the cell; the cut-off and the period start, which count, keep their errors.

The other `Thông tin` items were checked for the same: `Bí thư`, `Điện thoại` and `Người lập
biểu` are free text with no rule but the reader's own (an error value, a formula without a
value); the category items count (tier, sector, `Không còn quần chúng để kết nạp`) and the code,
name and template version identify the file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers_validate import CUTOFF, clean_info, only, run, typed, write

from toolkit.core import layout

INFO = layout.SHEET_INFO
CELL = layout.INFO.cell("prepared_on")
TODAY = dt.date(2026, 4, 5)


def test_a_date_not_read_is_a_warning_and_the_file_is_counted(tmp_path: Path) -> None:
    path = typed(write(tmp_path), INFO, {CELL: "5/4/2026x"})
    result = run(path, cutoff=CUTOFF, today=TODAY)
    issue = only(result.issues, "info.prepared_bad_date")
    assert (issue.sheet, issue.cell, issue.severity) == (INFO, CELL, "warning")
    assert issue.file is not None and issue.file.endswith(path.name)
    assert "Mục \u201cNgày lập biểu\u201d (sheet \u201cThông tin\u201d, ô B11)" in issue.message
    assert "\u201c5/4/2026x\u201d: không đọc được ngày" in issue.message
    assert not [i for i in result.issues if i.code == "info.bad_date"]
    assert not result.has_errors


def test_a_date_before_1900_is_a_warning_said_once(tmp_path: Path) -> None:
    """01/01/1850 is also before the period start (`info.prepared_early`): one cause, the year
    typed wrong, said once."""
    path = typed(write(tmp_path), INFO, {CELL: "01/01/1850"})
    result = run(path, cutoff=CUTOFF, today=TODAY)
    issue = only(result.issues, "info.prepared_before_1900")
    assert (issue.sheet, issue.cell, issue.severity) == (INFO, CELL, "warning")
    assert "01/01/1850 là ngày trước năm 1900" in issue.message
    said = {i.code for i in result.issues if i.cell == CELL}
    assert said <= {"info.prepared_before_1900", "norm.date_text"}, said
    assert not result.has_errors


@pytest.mark.parametrize("key", ["cutoff_date", "period_start"])
def test_the_dates_that_count_keep_their_error(tmp_path: Path, key: str) -> None:
    cell = layout.INFO.cell(key)
    result = run(typed(write(tmp_path), INFO, {cell: "5/4/2026x"}), cutoff=CUTOFF, today=TODAY)
    issue = only(result.issues, "info.bad_date")
    assert (issue.cell, issue.severity) == (cell, "error")
    before = run(write(tmp_path, info=clean_info(**{key: "01/01/1850"})), cutoff=CUTOFF, today=TODAY)
    assert only(before.issues, "info.before_1900").severity == "error"


def test_a_name_typed_in_the_date_is_masked_as_before(tmp_path: Path) -> None:
    """Free text in the cell may name someone: masked like `info.bad_date`'s."""
    path = typed(write(tmp_path), INFO, {CELL: "Đỗ Thị Hạnh lập"})
    issue = only(run(path, cutoff=CUTOFF, today=TODAY).issues, "info.prepared_bad_date")
    assert issue.personal
    assert issue.private_message is not None and "Đỗ Thị Hạnh" not in issue.private_message
