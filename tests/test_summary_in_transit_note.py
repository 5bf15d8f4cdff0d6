"""`Tổng hợp` and `Biến động theo năm` say why Biểu 1-BTCTW's "Chuyển đến"/"Chuyển đi" count more
than their own rows of the same days (hunt155 F2).

A move between two organisations of the ward whose other side is not in the files or not in
the forms' period is a change to Biểu 1 (`period.transfer_<in|out>.in_transit`: B.2 or C.5), while
section C counts it only in "Chuyển đến/đi trong Đảng bộ phường" and says such moves are not
transfers. Only Biểu 1 said why its line differed from the year's column ("Chuyển đi" 2025: 7 in
`Tổng hợp`, 8 in Biểu 1 of 2025); section C's note now says it too, with each line's count.

Real workbooks of the template, a registry CSV, the CLI (`CliRunner`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import openpyxl

from tests.helpers_history import run_cli
from tests.test_opening_reorganised import change, org_file, people
from tests.test_report_in_transit import (
    H01,
    H02,
    LEFT,
    Q2,
    RECEIVED,
    _consolidate,
    _in_transit_at_the_cut_off,
    _west_ward,
)

NOTE = (
    "Riêng Biểu 1-BTCTW (kỳ {period}) tính cả các lần chuyển trong {ward} chưa có dòng tương ứng của tổ "
    "chức kia trong các tệp được tổng hợp và trong kỳ của biểu (xem ghi chú dưới biểu): {counts}."
)
SHEETS = ("Tổng hợp", "Biến động theo năm")


def _texts(book: Path, sheet: str) -> list[str]:
    wb = openpyxl.load_workbook(book, read_only=True)
    try:
        return [str(v) for row in wb[sheet].iter_rows(values_only=True) for v in row if isinstance(v, str)]
    finally:
        wb.close()


def _year_row(book: Path, label: str) -> list[object]:
    wb = openpyxl.load_workbook(book, read_only=True)
    try:
        rows = [r for r in wb["Biến động theo năm"].iter_rows(values_only=True) if r and r[0] == label]
    finally:
        wb.close()
    assert len(rows) == 1, (label, rows)
    return list(rows[0][1:])


def _form_line(book: Path, label: str) -> object:
    wb = openpyxl.load_workbook(book, read_only=True)
    try:
        (value,) = [r[1] for r in wb["Biểu 1-BTCTW"].iter_rows(values_only=True) if r and r[0] == label]
    finally:
        wb.close()
    return value


def _said(book: Path, note: str) -> None:
    for sheet in SHEETS:
        texts = _texts(book, sheet)
        assert any(note in t for t in texts), (
            sheet,
            [t for t in texts if "Riêng" in t or "Chuyển trong" in t],
        )
        assert all(unicodedata.is_normalized("NFC", t) for t in texts)


def test_a_departure_in_transit_at_the_cut_off_is_said_under_section_c(tmp_path: Path) -> None:
    book = _in_transit_at_the_cut_off(tmp_path)
    # The year's "Chuyển đi" leaves the move out, Biểu 1 of the same days counts it.
    assert _year_row(book, "Chuyển đi")[0] == 0 and _form_line(book, "5. Chuyển đi") == 1
    counts = "1 lần ở dòng “Chuyển đi”"
    _said(book, NOTE.format(period="01/01/2025–30/6/2025", ward="Đảng bộ phường", counts=counts))


def test_both_directions_are_counted_each_on_its_line(tmp_path: Path) -> None:
    """Received on 03/01/2025 from H01 whose file has no departure in the period (released
    before it), and another member released on 28/06 whom no file has received by 30/06."""
    h01, h02 = people(1, 5), people(2, 4)
    folder = tmp_path / "q2"
    came = people(3, 1)[0]
    org_file(folder, *H01, Q2, h01[1:], [change(h01[0], "transfer_out", LEFT, "internal")])
    org_file(folder, *H02, Q2, [*h02, came], [change(came, "transfer_in", dt.date(2025, 1, 3), "internal")])
    book = _consolidate(folder, Q2, [H01, H02], "Phường Thử")
    assert _year_row(book, "Chuyển đến")[0] == 0 and _form_line(book, "2. Chuyển đến") == 1
    counts = "1 lần ở dòng “Chuyển đến”, 1 lần ở dòng “Chuyển đi”"
    _said(book, NOTE.format(period="01/01/2025–30/6/2025", ward="Đảng bộ phường", counts=counts))


def test_a_move_whose_both_sides_are_in_the_period_says_nothing(tmp_path: Path) -> None:
    h01, h02 = people(1, 5), people(2, 4)
    mover = h01[0]
    folder = tmp_path / "q3"
    q3 = dt.date(2025, 9, 30)
    org_file(folder, *H01, q3, h01[1:], [change(mover, "transfer_out", LEFT, "internal")])
    org_file(folder, *H02, q3, [*h02, mover], [change(mover, "transfer_in", RECEIVED, "internal")])
    book = _consolidate(folder, q3, [H01, H02], "Phường Thử")
    for sheet in SHEETS:
        assert not any("Riêng Biểu 1-BTCTW" in t for t in _texts(book, sheet)), sheet


def test_a_rollup_says_its_wards_moves_in_transit(tmp_path: Path) -> None:
    east = _in_transit_at_the_cut_off(tmp_path / "dong", "Phường Đông", first=1)
    west = _west_ward(tmp_path)
    book = tmp_path / "up.xlsx"
    result = run_cli(
        "rollup", east.with_suffix(".json"), west.with_suffix(".json"), "-o", book, "--name", "Tỉnh Thử"
    )
    assert result.exit_code in (0, 1), result.output
    counts = "1 lần ở dòng “Chuyển đi”"
    _said(book, NOTE.format(period="01/01/2025–30/6/2025", ward="một Đảng bộ phường", counts=counts))
