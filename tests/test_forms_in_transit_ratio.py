"""Biểu 1's (%) of the a/b transfer lines is kept when a move inside the ward is in transit
(hunt155 F3).

A move between two organisations of the ward whose other side is not in the files (or outside
the period) counts in "Chuyển đến" or "Chuyển đi" (`period.transfer_<in|out>.in_transit`) and in
neither a nor b: a move inside the ward is never of another province nor of another commune,
so lines a and b are complete without it, and their (%) stays. It emptied the (%) of all four
a/b lines, of both directions, while the note said they were short.

A real history: last year's run (30/06/2024) with one transfer out of each scope, this year's
(30/06/2025) with one transfer out to another commune of the province and one arrival from
another organisation of the ward whose departure no file records. Real workbooks, the CLI.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import openpyxl

from tests.test_opening_reorganised import change, consolidate, org_file, people
from toolkit.forms.compute import SHORT_RATIO

LAST, NOW = dt.date(2024, 6, 30), dt.date(2025, 6, 30)
H01, H02 = ("H01", "Chi bộ số 1"), ("H02", "Chi bộ số 2")
FIRST_LINE_ROW = 9  # the renderer's first line (toolkit.outputs.sheets.forms.HEADER + 3)


def _forms_and_notes(path: Path) -> tuple[dict[str, tuple[object, ...]], list[str]]:
    ws = openpyxl.load_workbook(path)["Biểu 1-BTCTW"]
    notes = [
        str(c.value).removeprefix("Ghi chú: ")
        for c in ws["A"]
        if isinstance(c.value, str) and c.value.startswith("Ghi chú: ")
    ]
    cells = {}
    for r in range(FIRST_LINE_ROW, ws.max_row + 1):
        label = ws.cell(r, 1).value
        if isinstance(label, str) and not label.startswith("Ghi chú"):
            cells[label] = tuple(ws.cell(r, c).value for c in (2, 3, 4))
    return cells, notes


def test_an_arrival_in_transit_keeps_the_ratio_of_the_a_and_b_lines(tmp_path: Path) -> None:
    h01, h02 = people(1, 8), people(2, 4)
    left_province, left_commune, left_now = h01[0], h01[1], h01[2]
    last_year = [
        change(left_province, "transfer_out", dt.date(2024, 3, 1), "other_province"),
        change(left_commune, "transfer_out", dt.date(2024, 4, 1), "same_province"),
    ]
    org_file(tmp_path / "y24", *H01, LAST, h01[2:], last_year, since=dt.date(2024, 1, 1))
    org_file(tmp_path / "y24", *H02, LAST, h02, since=dt.date(2024, 1, 1))
    consolidate(tmp_path, "y24", LAST, [H01, H02])

    arrived = people(3, 1)[0]  # from H03 of the ward, whose file records no departure
    this_year = [change(left_now, "transfer_out", dt.date(2025, 3, 1), "same_province")]
    org_file(tmp_path / "y25", *H01, NOW, h01[3:], this_year, since=dt.date(2025, 1, 1))
    arrival = [change(arrived, "transfer_in", dt.date(2025, 2, 1), "internal")]
    org_file(tmp_path / "y25", *H02, NOW, [*h02, arrived], arrival, since=dt.date(2025, 1, 1))
    summary = consolidate(tmp_path, "y25", NOW, [H01, H02])
    ind = summary["indicators"]
    assert ind["period.transfer_in.in_transit"] == 1 and ind["period.transfer_out.in_transit"] == 0

    rows = {r["row"]: (r["current"], r["previous"]) for r in summary["forms"]["bieu1"]}
    assert rows["C.5.a"] == (0, 1) and rows["C.5.b"] == (1, 1) and rows["B.2"] == (1, 0)
    cells, notes = _forms_and_notes(tmp_path / "y25.xlsx")
    # The departures' lines are of another direction; the arrival never belongs on a or b.
    assert cells["a) Chuyển đi tỉnh khác"] == (0, 1, 0)
    assert cells["b) Chuyển đi huyện (xã, phường) khác trong tỉnh"] == (1, 1, 100)
    assert cells["5. Chuyển đi"] == (1, 2, 50)
    # B.2 counts the arrival in this year's column only: the note says why, no (%) is emptied.
    (transit,) = [t for t in notes if "chưa có dòng tương ứng của tổ chức kia" in t]
    assert transit.startswith("1 dòng chuyển sinh hoạt trong Đảng bộ phường")
    assert "không ở dòng a hoặc b" in transit
    assert SHORT_RATIO.split("{lines}")[0].strip() not in transit, transit
    assert not any("để trống: tỷ lệ tính từ số chưa đủ" in t for t in notes), notes
    assert all(unicodedata.is_normalized("NFC", t) for t in notes)
