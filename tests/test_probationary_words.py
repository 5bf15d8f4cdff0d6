""" "Là đảng viên dự bị" (Biến động) typed with the status itself, as the roll says it: "Dự bị"
is Có and "Chính thức" is Không, read with a `norm.category` note. Before, each was an
`event.not_allowed` error that excluded the file. Only this column reads them: in another
Có/Không column "Dự bị" means nothing and stays an error. The template is unchanged: the
column has the same Có/Không dropdown as every yes/no column (one list on `DanhMuc`).

Files written through the real template (`helpers_validate`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import clean_events, codes, only, run, typed, write

from toolkit.core import layout, vocab
from toolkit.outputs.template import build_template
from toolkit.pipeline import consolidate

KHAI = {"full_name": "Đinh Văn Khải", "birth_date": dt.date(1999, 9, 9)}
CELL = layout.EVENTS.cell("was_probationary", 4)  # the third change, row 4


def _struck_off(tmp_path: Path, flag: str) -> Path:
    rows = clean_events()
    rows.append(
        {
            "row_no": 3,
            **KHAI,
            "event_type": "struck_off",
            "event_date": dt.date(2025, 9, 1),
            "strike_ground": "other",
        }
    )
    return typed(write(tmp_path, events=rows), layout.SHEET_EVENTS, {CELL: flag})


@pytest.mark.parametrize(
    ("flag", "code"),
    [
        ("Dự bị", "yes"),
        ("dự bị", "yes"),
        ("Đảng viên dự bị", "yes"),
        ("Chính thức", "no"),
        ("CHÍNH THỨC", "no"),
    ],
)
def test_the_status_typed_in_the_column_is_read_with_a_note(tmp_path: Path, flag: str, code: str) -> None:
    path = _struck_off(tmp_path, flag)
    result = run(path)
    assert result.submissions[0].status != "errors", codes(result.issues)
    assert result.submissions[0].events["was_probationary"].tolist()[-1] == code
    note = only(result.issues, "norm.category")
    assert note.cell == CELL and vocab.YES_NO.label(code) in note.message
    # and it is counted: Biểu 1's probationary strike-offs follow the column
    ward = consolidate([path], cutoff=dt.date(2026, 3, 31), form_from=dt.date(2025, 4, 1))
    assert ward.indicators["period.struck_off"] == 1
    assert ward.indicators["period.struck_off.probationary"] == (1 if code == "yes" else 0)


def test_in_another_yes_no_column_the_status_is_still_an_error(tmp_path: Path) -> None:
    away = layout.MEMBERS.cell("working_away", 2)
    path = typed(write(tmp_path), layout.SHEET_MEMBERS, {away: "Dự bị"})
    issue = only(run(path).issues, "member.not_allowed")
    assert issue.cell == away and issue.severity == "error"


def test_the_template_has_one_yes_no_list_for_both() -> None:
    wb = build_template()
    lists = wb[layout.SHEET_LISTS]
    titles = [lists.cell(row=1, column=c).value for c in range(1, lists.max_column + 1)]
    assert titles.count(vocab.YES_NO.title) == 1
    assert "DS_yes_no" in wb.defined_names and "DS_yes_no_probationary" not in wb.defined_names
    events = wb[layout.SHEET_EVENTS]
    letter = layout.EVENTS.letter("was_probationary")
    formulas = {
        dv.formula1
        for dv in events.data_validations.dataValidation
        if str(dv.sqref).startswith(f"{letter}2:")
    }
    assert formulas == {"=DS_yes_no"}


def test_a_written_template_holds_the_yes_no_labels_once(tmp_path: Path) -> None:
    """The lists sheet of a written template holds the Có/Không labels once, as before."""
    path = write(tmp_path)
    lists = openpyxl.load_workbook(path)[layout.SHEET_LISTS]
    columns = [[c.value for c in col if c.value is not None] for col in lists.iter_cols()]
    assert [vocab.YES_NO.title, "Có", "Không"] in columns
    assert sum(col[0] == vocab.YES_NO.title for col in columns) == 1
