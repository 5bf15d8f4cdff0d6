"""A `Ghi chú` saying the member left (or was readmitted, or restored), struck through alone: the
secretary withdrew it, so it says nothing of the member (fix385).

A note struck alone strikes no row out (fix376), but its words were still read: a struck "Đã
chuyển đi" was `member.note_left` ("Ghi chú … cho biết đảng viên này không còn sinh hoạt …") and
marked the member red in every work list ("có thể đảng viên không còn sinh hoạt ở chi bộ"); a
struck "Kết nạp lại ngày …" asked the badge list to recount the party age. The reader keeps the
rows whose note alone is struck (`Submission.struck_notes`), and validation and the lists read
their notes as none (`left_party.notes_in_force`), silently, as a struck note is said nothing of.
A note struck with another cell of its row (the row struck out) still reads as written.

Real generated workbooks: the template filled by `helpers_worklists.submission`, struck with
openpyxl as Excel's Ctrl+5 does, run through the `validate` and `lists` commands.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_worklists import HEADER_ROW, REGISTRY, _member, submission

from toolkit.cli import main
from toolkit.core import layout
from toolkit.io.reader import read_submission
from toolkit.worklists.collect import NOTE_LEFT_MARK, STRUCK_NOTE

RED = "FF9C0006"
ROW = layout.FIRST_DATA_ROW + 1  # Lê Văn Tám's


def _column(key: str) -> int:
    return next(i for i, f in enumerate(layout.MEMBERS.fields, start=1) if f.key == key)


def _ward(folder: Path, note: str) -> Path:
    """Two members reaching 30 years of party age on 19/05/2026 (the badge list at 31/03/2026),
    the second with `note`, and a third."""
    return submission(
        folder,
        REGISTRY.organisations[1],
        [
            _member("Hoàng Văn Em", "05/05/1970", "male", "19/05/1996", "19/05/1997"),
            _member("Lê Văn Tám", "06/06/1971", "male", "19/05/1996", "19/05/1997", note=note),
            _member("Mai Thị Quế", "03/03/1980", "female", "01/01/2000", "01/01/2001"),
        ],
    )


def _strike(path: Path, keys: list[str]) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_MEMBERS]
    for key in keys:
        cell = ws.cell(ROW, _column(key))
        font = copy.copy(cell.font)
        font.strike = True
        cell.font = font
    wb.save(path)
    return path


def _run(folder: Path, tmp_path: Path) -> tuple[list[dict[str, Any]], dict[str, tuple[Any, bool]]]:
    """`validate`'s issues of the members sheet, and the badge list's rows: name → (note, red)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    report = tmp_path / "kiem_tra.json"
    CliRunner().invoke(main, ["validate", str(folder), "--cutoff", "31/03/2026", "--json", str(report)])
    issues = [
        i for i in json.loads(report.read_text(encoding="utf-8"))["issues"] if i["sheet"] == "Đảng viên"
    ]
    out = tmp_path / "danh_sach.xlsx"
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Huy hiệu Đảng"]
    head = [c.value for c in ws[HEADER_ROW]]
    note = head.index("Ghi chú")
    badges = {
        row[3].value: (row[note].value, row[3].font.color is not None and row[3].font.color.rgb == RED)
        for row in ws.iter_rows(min_row=HEADER_ROW + 1)
        if isinstance(row[0].value, int)
    }
    return issues, badges


@pytest.mark.parametrize("note", ["Đã chuyển đi", "đã chuyển sinh hoạt đi Phường 5 (3/2026)", "Từ trần"])
def test_a_struck_note_saying_the_member_left_says_nothing(tmp_path: Path, note: str) -> None:
    folder = tmp_path / "nop"
    path = _strike(_ward(folder, note), ["note"])
    issues, badges = _run(folder, tmp_path)
    assert [i["code"] for i in issues] == [], issues  # not `member.note_left`, nor any other
    assert badges["Lê Văn Tám"] == (None, False)
    # the member is still counted and listed, as the figures count him
    assert set(badges) == {"Hoàng Văn Em", "Lê Văn Tám"}
    sub = read_submission(path)
    assert sub.struck_notes == {layout.SHEET_MEMBERS: [ROW]}
    assert sub.struck_rows.get(layout.SHEET_MEMBERS, []) == []


def test_the_same_note_not_struck_is_still_said(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    _ward(folder, "Đã chuyển đi")
    issues, badges = _run(folder, tmp_path)
    assert [(i["code"], i["cell"]) for i in issues] == [("member.note_left", f"{_letter('note')}{ROW}")]
    note, red = badges["Lê Văn Tám"]
    assert red and NOTE_LEFT_MARK in note


def test_a_note_struck_with_its_row_still_reads_as_written(tmp_path: Path) -> None:
    """The name struck too: the row is struck out (`cell.strikethrough`), the note its reason."""
    folder = tmp_path / "nop"
    path = _strike(_ward(folder, "Đã chuyển đi"), ["full_name", "note"])
    issues, badges = _run(folder, tmp_path)
    assert sorted(i["code"] for i in issues) == ["cell.strikethrough", "member.note_left"]
    note, red = badges["Lê Văn Tám"]
    assert red and NOTE_LEFT_MARK in note and STRUCK_NOTE in note
    assert read_submission(path).struck_notes == {}


@pytest.mark.parametrize("note", ["Kết nạp lại ngày 05/5/2010", "Phục hồi đảng tịch năm 2012"])
def test_a_struck_note_of_a_readmission_or_restoration_asks_no_recount(tmp_path: Path, note: str) -> None:
    folder = tmp_path / "nop"
    _ward(folder / "before", note)
    assert _run(folder / "before", tmp_path / "before")[1]["Lê Văn Tám"][1]  # red unstruck
    _strike(_ward(folder / "after", note), ["note"])
    assert _run(folder / "after", tmp_path / "after")[1]["Lê Văn Tám"] == (None, False)


def _letter(key: str) -> str:
    return openpyxl.utils.get_column_letter(_column(key))
