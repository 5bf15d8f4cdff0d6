"""A struck note is no member struck out (fix376). A row struck through is how a paper list
drops a name (`cell.strikethrough`: the row is still read and counted, so validation warns, and
the work lists show the member red, "hỏi lại chi bộ"). Any struck cell with a value made the
row struck, so a secretary who crossed out an old note only (Ghi chú: a remark that no longer
holds) saw the warning telling her to delete the row, and the member went red in every list.
The one predicate (`sheets.strikes_out_row`) leaves the note out, for validation and the lists
alike; a strike on any other cell with a value still marks the row, the note's with it.
Real generated workbooks: the template filled by `helpers_worklists.submission`, struck with
openpyxl as Excel's Ctrl+5 does.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from helpers_worklists import HEADER_ROW, REGISTRY, _member, d, submission

from toolkit.cli import main
from toolkit.core import layout
from toolkit.io.reader import read_submission
from toolkit.worklists.collect import STRUCK_NOTE

RED = "FF9C0006"
ROW = layout.FIRST_DATA_ROW + 1  # Lê Văn Tám's
NOTE = "Nguyên tổ trưởng tổ dân phố"


def _column(spec: layout.SheetSpec, key: str) -> int:
    return next(i for i, f in enumerate(spec.fields, start=1) if f.key == key)


def _ward(folder: Path, events: list[dict[str, Any]] | None = None) -> Path:
    # Both reach 30 years of party age on 19/05/2026, an award date of the list at 31/03/2026;
    # each has a note.
    return submission(
        folder,
        REGISTRY.organisations[1],
        [
            _member("Hoàng Văn Em", "05/05/1970", "male", "19/05/1996", "19/05/1997", note=NOTE),
            _member("Lê Văn Tám", "06/06/1971", "male", "19/05/1996", "19/05/1997", note=NOTE),
        ],
        events=events,
    )


def _strike(path: Path, sheet: str, row: int, columns: list[int]) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for c in columns:
        font = copy.copy(ws.cell(row, c).font)
        font.strike = True
        ws.cell(row, c).font = font
    wb.save(path)
    return path


def _badges(folder: Path, tmp_path: Path) -> dict[str, tuple[Any, Any]]:
    out = tmp_path / "danh_sach.xlsx"
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Huy hiệu Đảng"]
    return {
        row[3].value: (row[9].value, row[3].font.color.rgb if row[3].font.color else None)
        for row in ws.iter_rows(min_row=HEADER_ROW + 1)
        if isinstance(row[0].value, int)
    }


def test_a_struck_note_alone_is_no_struck_member_in_validation_or_the_lists(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    path = _strike(_ward(folder), layout.SHEET_MEMBERS, ROW, [_column(layout.MEMBERS, "note")])
    assert openpyxl.load_workbook(path)[layout.SHEET_MEMBERS].cell(ROW, 1).font.strike is not True
    sub = read_submission(path)
    assert "cell.strikethrough" not in [i.code for i in sub.issues], sub.issues
    assert sub.struck_rows.get(layout.SHEET_MEMBERS, []) == []
    note, colour = _badges(folder, tmp_path)["Lê Văn Tám"]
    assert note is None and colour != RED


def test_a_struck_note_of_a_change_is_no_struck_change(tmp_path: Path) -> None:
    event = {"full_name": "Hoàng Văn Em", "birth_date": d("05/05/1970"), "event_type": "transfer_in"}
    path = _ward(tmp_path, [{**event, "event_date": d("15/01/2026"), "note": NOTE}])
    _strike(path, layout.SHEET_EVENTS, layout.FIRST_DATA_ROW, [_column(layout.EVENTS, "note")])
    assert "cell.strikethrough" not in [i.code for i in read_submission(path).issues]


def test_a_struck_name_with_its_note_still_marks_the_member(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    columns = [_column(layout.MEMBERS, "full_name"), _column(layout.MEMBERS, "note")]
    path = _strike(_ward(folder), layout.SHEET_MEMBERS, ROW, columns)
    issue = next(i for i in read_submission(path).issues if i.code == "cell.strikethrough")
    assert issue.cell == f"B{ROW}"
    note, colour = _badges(folder, tmp_path)["Lê Văn Tám"]
    assert note == STRUCK_NOTE and colour == RED
    assert _badges(folder, tmp_path)["Hoàng Văn Em"][1] != RED


def test_a_struck_date_alone_still_marks_the_member(tmp_path: Path) -> None:
    """A struck value that is counted (an admission date) is still said: the row is read as
    typed, so the strike is the secretary's to settle."""
    folder = tmp_path / "bai_nop"
    path = _strike(_ward(folder), layout.SHEET_MEMBERS, ROW, [_column(layout.MEMBERS, "admission_date")])
    assert "cell.strikethrough" in [i.code for i in read_submission(path).issues]
    assert _badges(folder, tmp_path)["Lê Văn Tám"] == (STRUCK_NOTE, RED)
