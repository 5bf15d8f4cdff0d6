"""A member whose roll row is hidden (hunt361). A secretary hides the row of someone who left, as
she strikes it through on paper; validation warns (`cell.hidden_row`, "dữ liệu vẫn được đọc và
được tính") and the member is counted, but the work lists proposed the 30-year badge in black,
while a struck row is red, "hỏi lại chi bộ". A hidden row is now red and says so; rows hidden by
a filter (the sheet's AutoFilter) are only out of view, and stay black."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from helpers_worklists import HEADER_ROW, REGISTRY, _member, submission

from toolkit.cli import main
from toolkit.core import layout
from toolkit.worklists.collect import HIDDEN_NOTE

RED = "FF9C0006"


def _badges(folder: Path, tmp_path: Path) -> dict[str, tuple[Any, Any, Any]]:
    out = tmp_path / "danh_sach.xlsx"
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Huy hiệu Đảng"]
    rule = ws.cell(4, 1).value
    return {
        row[3].value: (row[9].value, row[3].font.color.rgb if row[3].font.color else None, rule)
        for row in ws.iter_rows(min_row=HEADER_ROW + 1)
        if isinstance(row[0].value, int)
    }


def _ward(folder: Path) -> Path:
    # Both reach 30 years of party age on 19/05/2026, an award date of the list at 31/03/2026.
    return submission(
        folder,
        REGISTRY.organisations[1],
        [
            _member("Hoàng Văn Em", "05/05/1970", "male", "19/05/1996", "19/05/1997"),
            _member("Lê Văn Tám", "06/06/1971", "male", "19/05/1996", "19/05/1997"),
        ],
    )


def test_a_hidden_members_row_is_red_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    path = _ward(folder)
    wb = openpyxl.load_workbook(path)
    wb[layout.SHEET_MEMBERS].row_dimensions[layout.FIRST_DATA_ROW + 1].hidden = True  # Lê Văn Tám
    wb.save(path)
    rows = _badges(folder, tmp_path)
    shown, hidden = rows["Hoàng Văn Em"], rows["Lê Văn Tám"]
    assert shown[0] is None and shown[1] != RED
    assert hidden[0] == HIDDEN_NOTE and hidden[1] == RED
    assert HIDDEN_NOTE.startswith("Dòng của đảng viên này bị ẩn trong tệp của chi bộ")
    assert "dòng chữ đỏ có ghi chú “bị ẩn”" in hidden[2]


def test_rows_hidden_by_a_filter_stay_black(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    path = _ward(folder)
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_MEMBERS]
    ws.auto_filter.ref = f"A{layout.FIRST_DATA_ROW - 1}:U{layout.FIRST_DATA_ROW + 1}"
    ws.auto_filter.add_filter_column(1, ["Hoàng Văn Em"])
    ws.row_dimensions[layout.FIRST_DATA_ROW + 1].hidden = True
    wb.save(path)
    rows = _badges(folder, tmp_path)
    assert rows["Lê Văn Tám"][0] is None and rows["Lê Văn Tám"][1] != RED


def test_a_row_hidden_and_struck_says_so_once(tmp_path: Path) -> None:
    # review364: a row both hidden and struck through read the same advice twice, "Dòng … bị ẩn
    # … hỏi lại chi bộ trước khi làm. Dòng … bị gạch ngang … hỏi lại chi bộ trước khi làm."
    from openpyxl.styles import Font

    folder = tmp_path / "bai_nop"
    path = _ward(folder)
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_MEMBERS]
    ws.row_dimensions[layout.FIRST_DATA_ROW + 1].hidden = True  # Lê Văn Tám
    for cell in ws[layout.FIRST_DATA_ROW + 1]:
        cell.font = Font(strike=True)
    wb.save(path)
    note, colour, rule = _badges(folder, tmp_path)["Lê Văn Tám"]
    assert colour == RED
    assert (
        note
        == "Dòng của đảng viên này bị ẩn và bị gạch ngang trong tệp của chi bộ: hỏi lại chi bộ trước khi làm."
    )
    assert note.count("hỏi lại chi bộ") == 1
    # The list's rule still explains both marks.
    assert "dòng chữ đỏ có ghi chú “gạch ngang”" in rule and "dòng chữ đỏ có ghi chú “bị ẩn”" in rule
