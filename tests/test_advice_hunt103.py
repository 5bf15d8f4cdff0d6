"""Fix-it advice that matches what the secretary did (hunt103).

A date typed year first ("2026-13-02") was told "(ngày ghi trước, tháng ghi sau)", the order of
a day-first date, which is not what was typed: it now says the order read (year, month, day)
and that month and day may have been swapped. Two columns swapped together with their data
("Ngày vào Đảng" and "Ngày chính thức") were told to restore the headers as in the template,
which would leave every date under the wrong column: a header that is another template
column's header now says to move the whole column back.

The workbooks are the real template (`helpers_validate.write`), changed with openpyxl as Excel
would save them; read by the reader, and once through the CLI.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from helpers_validate import only, typed, write

from toolkit.cli import main
from toolkit.core import layout
from toolkit.io.normalize import parse_date
from toolkit.io.reader import read_submission

M, E, INFO = layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_INFO
EVENT_DATE = layout.EVENTS.letter("event_date")
DAY_FIRST = "(ngày ghi trước, tháng ghi sau)"
RESTORE = "hãy khôi phục tiêu đề như biểu mẫu gốc"


# --------------------------------------------------------------------------------------------
# 1. A date typed year first
# --------------------------------------------------------------------------------------------


def test_a_year_first_date_with_month_13_says_its_order_and_a_possible_swap(tmp_path: Path) -> None:
    path = typed(write(tmp_path), E, {f"{EVENT_DATE}3": "2026-13-02"})
    issue = only(read_submission(path).issues, "event.bad_date")
    assert issue.cell == f"{EVENT_DATE}3"
    assert DAY_FIRST not in issue.message
    assert "ghi năm trước" in issue.message and "tháng và ngày" in issue.message
    assert unicodedata.is_normalized("NFC", issue.message)
    # The advice names no date of the member's: masked, the message says the same words.
    assert issue.private_message is not None and "2026" not in issue.private_message
    assert "ghi năm trước" in issue.private_message


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (
            "2026-13-02",
            "ngày/tháng không tồn tại: văn bản ghi năm trước (năm-tháng-ngày) nhưng tháng không nằm "
            "trong khoảng 1–12; có lẽ tháng và ngày bị ghi đảo chỗ, hãy kiểm tra lại và ghi dạng dd/mm/yyyy",
        ),
        (
            "2026/02/30",
            "ngày/tháng không tồn tại: văn bản ghi năm trước (năm-tháng-ngày) nhưng tháng đó không có "
            "ngày này; hãy kiểm tra lại và ghi dạng dd/mm/yyyy",
        ),
        # Month and day both above 12: no swap gives a date either.
        (
            "2026-13-25",
            "ngày/tháng không tồn tại: văn bản ghi năm trước (năm-tháng-ngày) nhưng tháng không nằm "
            "trong khoảng 1–12; hãy kiểm tra lại và ghi dạng dd/mm/yyyy",
        ),
        # Day first, as before.
        ("31/02/1971", f"ngày/tháng không tồn tại {DAY_FIRST}"),
    ],
)
def test_an_impossible_date_says_the_order_it_was_read_in(value: str, reason: str) -> None:
    result = parse_date(value)
    assert (result.value, result.how, result.note) == (None, "invalid", reason)


def test_a_year_first_date_that_exists_is_still_read() -> None:
    assert parse_date("2026-02-13").value == dt.date(2026, 2, 13)


# --------------------------------------------------------------------------------------------
# 2. Two columns swapped with their data
# --------------------------------------------------------------------------------------------


def _swap_columns(path: Path, sheet: str, a: str, b: str) -> Path:
    """Columns `a` and `b` of `sheet` exchanged, header and data, as a cut and insert does."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    i, j = (openpyxl.utils.column_index_from_string(x) for x in (a, b))
    for row in range(1, ws.max_row + 1):
        ws.cell(row, i).value, ws.cell(row, j).value = ws.cell(row, j).value, ws.cell(row, i).value
    wb.save(path)
    return path


def test_columns_swapped_with_their_data_say_to_move_the_columns_back(tmp_path: Path) -> None:
    h, i = (layout.MEMBERS.letter(k) for k in ("admission_date", "official_date"))
    path = _swap_columns(write(tmp_path), M, h, i)
    issues = {x.cell: x for x in read_submission(path).issues if x.code == "file.header"}
    assert sorted(issues) == [f"{h}1", f"{i}1"]
    assert issues[f"{h}1"].message == (
        f"Sheet “{M}”, ô {h}1: Tiêu đề là “Ngày chính thức”, đúng ra phải là “Ngày vào Đảng”. "
        f"“Ngày chính thức” là tiêu đề của cột {i} trong biểu mẫu, còn “Ngày vào Đảng” đang ở cột {i}: "
        "có lẽ các cột đã bị đổi chỗ cùng số liệu. Nếu số liệu đi cùng tiêu đề, đừng gõ lại tiêu đề "
        "(số liệu sẽ nằm sai cột) mà hãy chuyển cả cột về đúng chỗ: "
        f"cắt cột {i}, bấm chuột phải vào cột {h}, chọn “Chèn ô đã cắt”. "
        "Nếu chỉ tiêu đề bị gõ nhầm, hãy sửa lại tiêu đề. Chỉ chuyển một lần rồi bấm Kiểm tra lại: "
        "một lần chuyển có thể đã đưa cả các cột khác được báo về đúng chỗ, chuyển thêm theo các "
        "dòng báo ấy sẽ làm sai lại."
    )
    # Excel inserts cut cells before the column clicked: column H cut, column J is clicked.
    j = openpyxl.utils.get_column_letter(openpyxl.utils.column_index_from_string(i) + 1)
    assert f"cắt cột {h}, bấm chuột phải vào cột {j}, chọn “Chèn ô đã cắt”" in issues[f"{i}1"].message
    for issue in issues.values():
        assert RESTORE not in issue.message
        assert "cả cột" in issue.message and "Chèn ô đã cắt" in issue.message
        assert unicodedata.is_normalized("NFC", issue.message)


def test_a_header_typed_wrong_still_says_to_restore_it(tmp_path: Path) -> None:
    """A header no template column has (“Ngày CT”) is typed over: restore it, as before."""
    letter = layout.MEMBERS.letter("official_date")
    path = typed(write(tmp_path), M, {f"{letter}1": "Ngày CT"})
    issue = only(read_submission(path).issues, "file.header")
    assert RESTORE in issue.message and "cả cột" not in issue.message


def test_a_header_repeated_in_another_column_is_not_a_swap(tmp_path: Path) -> None:
    """“Ngày vào Đảng” typed over “Ngày chính thức” too (no column holds “Ngày chính thức”
    any more): nothing was moved, the header was typed over: restore it."""
    i = layout.MEMBERS.letter("official_date")
    path = typed(write(tmp_path), M, {f"{i}1": "Ngày vào Đảng"})
    issue = only(read_submission(path).issues, "file.header")
    assert issue.cell == f"{i}1" and RESTORE in issue.message and "cả cột" not in issue.message


def test_info_rows_swapped_with_their_values_say_to_move_the_rows_back(tmp_path: Path) -> None:
    """`Thông tin`'s labels run down column A: two rows swapped with their values are moved
    back as whole rows."""
    wb = openpyxl.load_workbook(write(tmp_path))
    ws = wb[INFO]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    a, b = rows["Bí thư"], rows["Điện thoại"]
    for col in (1, 2):
        ws.cell(a, col).value, ws.cell(b, col).value = ws.cell(b, col).value, ws.cell(a, col).value
    wb.save(tmp_path / "CB07_chi_bo_to_dan_pho_so_7.xlsx")
    issues = read_submission(tmp_path / "CB07_chi_bo_to_dan_pho_so_7.xlsx").issues
    said = {x.cell: x.message for x in issues if x.code == "file.header"}
    assert sorted(said) == [f"A{a}", f"A{b}"]
    here = f"“Điện thoại” là tên mục của dòng {b} trong biểu mẫu, còn “Bí thư” đang ở dòng {b}"
    assert here in said[f"A{a}"]
    assert f"cắt dòng {b}, bấm chuột phải vào dòng {a}, chọn “Chèn ô đã cắt”" in said[f"A{a}"]
    assert all("cả dòng" in m and RESTORE not in m for m in said.values())


def test_the_swap_advice_reaches_the_validate_json_and_screen(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    h, i = (layout.MEMBERS.letter(k) for k in ("admission_date", "official_date"))
    _swap_columns(write(folder), M, h, i)
    out = tmp_path / "kt.json"
    run = CliRunner().invoke(main, ["validate", str(folder), "--cutoff", "31/03/2026", "--json", str(out)])
    assert run.exception is None or isinstance(run.exception, SystemExit), run.output
    assert "Traceback" not in run.output
    issues = [x for x in json.loads(out.read_text(encoding="utf-8"))["issues"] if x["code"] == "file.header"]
    assert len(issues) == 2
    assert all("Chèn ô đã cắt" in x["message"] and RESTORE not in x["message"] for x in issues)


def _cut_and_insert(path: Path, sheet: str, cut: str, clicked: str) -> Path:
    """What Excel's "Insert Cut Cells" does: column `cut` taken out, whole, and put back
    before column `clicked` (letters as they were before the cut)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    src, dst = (openpyxl.utils.column_index_from_string(x) for x in (cut, clicked))
    width = ws.max_column
    for row in range(1, ws.max_row + 1):
        values = [ws.cell(row, c).value for c in range(1, width + 1)]
        moved = values.pop(src - 1)
        values.insert(dst - 2 if dst > src else dst - 1, moved)
        for c, value in enumerate(values, start=1):
            ws.cell(row, c).value = value
    wb.save(path)
    return path


@pytest.mark.parametrize("followed", ["first", "second"])
def test_following_one_swap_advice_puts_the_file_right_and_a_second_would_undo_it(
    tmp_path: Path, followed: str
) -> None:
    """Either message's move, done once, gives back the template's file: no header issue, the
    dates under their own headers. Each message says to move once and check again: the other
    message's move, done after, would swap the columns back."""
    h, i = (layout.MEMBERS.letter(k) for k in ("admission_date", "official_date"))
    (tmp_path / "right").mkdir()
    right = read_submission(write(tmp_path / "right")).members
    path = _swap_columns(write(tmp_path), M, h, i)
    issues = {x.cell: x.message for x in read_submission(path).issues if x.code == "file.header"}
    moves = {
        cell: re.search(r"cắt cột ([A-Z]+), bấm chuột phải vào cột ([A-Z]+)", message).groups()  # type: ignore[union-attr]
        for cell, message in issues.items()
    }
    first, second = moves[f"{h}1"], moves[f"{i}1"]
    done = _cut_and_insert(path, M, *(first if followed == "first" else second))
    sub = read_submission(done)
    assert [x for x in sub.issues if x.code == "file.header"] == []
    pd.testing.assert_frame_equal(
        sub.members.drop(columns="_row", errors="ignore"), right.drop(columns="_row", errors="ignore")
    )
    assert all("Chỉ chuyển một lần rồi bấm Kiểm tra lại" in message for message in issues.values())
    undone = _cut_and_insert(done, M, *(second if followed == "first" else first))
    assert {x.cell for x in read_submission(undone).issues if x.code == "file.header"} == {f"{h}1", f"{i}1"}
