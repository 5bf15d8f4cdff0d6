"""A workbook saved with Excel's "Use 1904 date system" (`<workbookPr date1904="1"/>`, the
default of old Excel for Mac, kept by every copy of a workbook begun there) counts the days
of its date cells from 01/01/1904: the number it stores for a day is 1,462 smaller than in
the usual 1900 system.

calamine reads the date-formatted cells of such a workbook to the right dates; what the reader
works out itself used to count from 1900 (hunt117 F4): a year typed in a date cell, 1980,
shown by Excel as 03/06/1909, was said to be "ô chứa số 3442" and lost the hint "có lẽ ô chỉ
ghi năm"; a number in a cell formatted General was read 1,462 days early (30000 as
18/02/1982, where Excel shows 19/02/1986). The reader now reads the workbook's date system
with its sheets and counts from its day 0.

The workbooks are the real template (`helpers_validate.write`) saved again by openpyxl in the
1904 system, its dates kept (openpyxl writes them in the workbook's system); the numbers are
written after, as typing them leaves them.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import clean_info, clean_members, codes, only, run, write
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from toolkit.core import layout
from toolkit.core.rules import HIDDEN
from toolkit.io.reader import read_submission

M = layout.SHEET_MEMBERS


def _in_1904(
    path: Path,
    typed: dict[tuple[str, str], object],
    general: tuple[str, ...] = (),
    dated: tuple[str, ...] = (),
) -> Path:
    """The workbook at `path` saved in the 1904 date system, with `typed` numbers (by sheet
    and cell) written as they are typed, and the cells `general` (of the members' sheet)
    formatted General, the cells `dated` as dates (as the template's date columns are)."""
    wb = openpyxl.load_workbook(path)
    wb.epoch = CALENDAR_MAC_1904
    for (sheet, cell), value in typed.items():
        wb[sheet][cell] = value  # the cell keeps its date format
    for cell in general:
        wb[M][cell].number_format = "General"
    for cell in dated:
        wb[M][cell].number_format = "dd/mm/yyyy"
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        assert b'date1904="1"' in zf.read("xl/workbook.xml")  # what the tests are about
    return path


def test_a_year_typed_in_a_date_cell_names_the_number_typed_and_its_hint(tmp_path: Path) -> None:
    path = _in_1904(write(tmp_path), {(M, "C3"): 1980})
    sub = read_submission(path)
    issue = only(sub.issues, "member.bad_date")
    assert (issue.sheet, issue.cell) == (M, "C3")
    # Excel (1904 system) shows 1980 as 03/06/1909: that date, and the number typed.
    assert issue.message == (
        "Dòng 3, cột “Ngày sinh” (ô C3): “03/06/1909”: ô chứa số 1980 chứ không phải một ngày (đọc "
        "theo cách Excel đếm ngày thì là 03/06/1909, không thể đúng): có lẽ ô chỉ ghi năm. Hãy ghi đủ "
        "ngày/tháng/năm dạng dd/mm/yyyy, ví dụ 05/03/2025."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    assert issue.without_personal_data().message == (
        f"Dòng 3, cột “Ngày sinh” (ô C3): “{HIDDEN}”: ô chứa số chứ không phải một ngày (Excel hiện số "
        "ấy như một ngày của năm 1909, không thể đúng): có lẽ ô chỉ ghi năm. Hãy ghi đủ ngày/tháng/năm "
        "dạng dd/mm/yyyy, ví dụ 05/03/2025."
    )
    # The other dates, real dates of the 1904 system, are read as they were written.
    assert sub.members is not None
    written = [m["birth_date"] for m in clean_members()]
    read = [None if d != d else d.date() for d in sub.members["birth_date"]]
    assert read == [written[0], None, *written[2:]]


@pytest.mark.parametrize(
    ("typed", "shown", "hint"),
    [
        (2026, "19/07/1909", ": có lẽ ô chỉ ghi năm"),
        (80, "21/03/1904", ": có lẽ ô chỉ ghi hai số cuối của năm"),
        (60, "01/03/1904", ": có lẽ ô chỉ ghi hai số cuối của năm"),  # no 29/02/1900 in this system
        (1, "02/01/1904", ""),
        (2100, "01/10/1909", ": có lẽ ô chỉ ghi năm"),  # the last year typed alone (fix330)
    ],
)
def test_every_number_before_1910_is_named_as_typed(
    tmp_path: Path, typed: int, shown: str, hint: str
) -> None:
    sub = read_submission(_in_1904(write(tmp_path), {(M, "C3"): typed}))
    issue = only(sub.issues, "member.bad_date")
    assert f"“{shown}”: ô chứa số {typed} chứ không phải một ngày" in issue.message, issue.message
    assert f"thì là {shown}, không thể đúng){hint}. Hãy ghi" in issue.message, issue.message


def test_a_number_from_1910_on_is_a_date(tmp_path: Path) -> None:
    """2192 is 01/01/1910 in the 1904 system: a date (of a very old member), left to the checks."""
    sub = read_submission(_in_1904(write(tmp_path), {(M, "C3"): 2192}))
    assert "member.bad_date" not in codes(sub.issues)
    assert sub.members is not None and sub.members["birth_date"].iloc[1].date() == dt.date(1910, 1, 1)


def test_a_number_in_a_cell_formatted_general_is_read_from_1904(tmp_path: Path) -> None:
    """Excel shows 30000 in a date format as 19/02/1986 in this system (18/02/1982 in the other):
    the date read and the note say the day Excel shows."""
    path = _in_1904(write(tmp_path), {(M, "C3"): 30000, (M, "C4"): 80}, general=("C3", "C4"))
    sub = read_submission(path)
    assert sub.members is not None and sub.members["birth_date"].iloc[1].date() == dt.date(1986, 2, 19)
    note = only(sub.issues, "norm.date_serial")
    assert "Đã đọc số 30000 là ngày 19/02/1986" in note.message, note.message
    issue = only(sub.issues, "member.bad_date")
    assert issue.cell == "C4"
    assert "“80”: ô chứa số 80 chứ không phải một ngày (đọc theo cách Excel đếm ngày thì là 21/03/1904" in (
        issue.message
    )


def test_a_1900_workbook_read_after_reads_its_own_days(tmp_path: Path) -> None:
    """The same number in two workbooks of the two systems is two days (the reader remembers
    what it made of a cell's value across files)."""
    (tmp_path / "mac").mkdir()
    (tmp_path / "pc").mkdir()
    mac = _in_1904(write(tmp_path / "mac"), {(M, "C3"): 30000}, general=("C3",))
    pc = write(tmp_path / "pc")
    wb = openpyxl.load_workbook(pc)
    wb[M]["C3"] = 30000
    wb[M]["C3"].number_format = "General"
    wb.save(pc)
    for path, day in ((mac, dt.date(1986, 2, 19)), (pc, dt.date(1982, 2, 18)), (mac, dt.date(1986, 2, 19))):
        sub = read_submission(path)
        assert sub.members is not None and sub.members["birth_date"].iloc[1].date() == day, path


def test_a_year_typed_as_the_cut_off_date_is_named_as_typed(tmp_path: Path) -> None:
    info_sheet = layout.SHEET_INFO
    result = run(_in_1904(write(tmp_path, info=clean_info()), {(info_sheet, "B8"): 2026}))
    issue = only(result.issues, "info.bad_date")
    assert issue.message == (
        "Mục “Ngày chốt số liệu” (sheet “Thông tin”, ô B8): “19/07/1909”: ô chứa số 2026 chứ không phải "
        "một ngày (đọc theo cách Excel đếm ngày thì là 19/07/1909, không thể đúng): có lẽ ô chỉ ghi năm. "
        "Hãy ghi đủ ngày/tháng/năm dạng dd/mm/yyyy, ví dụ 05/03/2025."
    )


def _with_workbook_pr(path: Path, attribute: bytes) -> Path:
    """The workbook at `path` with its `workbookPr` element given `attribute` as it is written."""
    data = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename == "xl/workbook.xml":
                part = part.replace(b'date1904="1"', attribute)
                assert attribute in part
            dst.writestr(info, part)
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize(
    ("attribute", "year"),
    [
        (b'date1904="true"', 1986),
        (b'date1904="1"', 1986),
        (b'date1904="0"', 1982),
        (b'date1904="false"', 1982),
    ],
)
def test_the_date_system_is_read_as_calamine_reads_it(tmp_path: Path, attribute: bytes, year: int) -> None:
    """calamine reads a date-formatted cell's number in the system the attribute says; a number
    in a General cell is read in the same one."""
    path = _in_1904(write(tmp_path), {(M, "C3"): 30000, (M, "C4"): 30000}, general=("C3",))
    sub = read_submission(_with_workbook_pr(path, attribute))
    assert sub.members is not None
    assert [d.year for d in sub.members["birth_date"].iloc[1:3]] == [year, year]


def test_a_totals_count_in_a_date_cell_is_the_number_typed(tmp_path: Path) -> None:
    """ "Cộng" | 10 under the list, the 10 in the template's date column (Excel shows 11/01/1904):
    the line is a total whose count, 10, is said to differ from the five members read (it was
    read back from 1900 as 1472)."""
    path = write(tmp_path)
    row = 2 + len(clean_members())
    _in_1904(path, {(M, f"B{row}"): "Cộng", (M, f"C{row}"): 10}, dated=(f"C{row}",))
    sub = read_submission(path)
    assert codes(sub.issues) == ["file.trailer_rows", "file.trailer_count"]
    count = sub.issues[1]
    assert count.message.startswith(
        f"Sheet “Đảng viên”, ô C{row}: Dòng cộng ghi 10 đảng viên, nhưng danh sách"
    )
    assert sub.members is not None and len(sub.members) == len(clean_members())
