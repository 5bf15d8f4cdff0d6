"""fix390: a `Kết nạp lại` row dated before the roll's `Ngày vào Đảng` passed without a word.

One is readmitted after a first admission, which `Ngày vào Đảng` is to hold (§5), so the two
dates contradict; `dates.membership` (the one readmission rule) lets such a readmission move
nothing, so probation and party age count from the roll's date. Now
`member.readmission_before_admission`, a warning at the admission cell naming the row, as the
other checks of a roll's date against a readmission row are warnings. The template's help of
`Ngày vào Đảng` says a readmitted member keeps the first admission date there.

Real workbooks through the real template (`helpers_validate.write`), validated as the CLI does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import CUTOFF, clean_events, clean_members, run, write

from toolkit.core import layout
from toolkit.core.dates import membership
from toolkit.core.model import Issue
from toolkit.core.rules import HIDDEN
from toolkit.outputs.template import write_blank_template

CODE = "member.readmission_before_admission"
ROW = 3  # the second clean member's Excel row
NAME = "CB07_chi_bo_to_dan_pho_so_7.xlsx"


def _issues(
    folder: Path, admitted: dt.date, readmitted: dt.date, official: dt.date | None = None
) -> list[Issue]:
    members = clean_members()
    member = members[ROW - 2]
    member.update(admission_date=admitted, official_date=official, card_no=None)
    event = {
        "row_no": 3,
        "full_name": member["full_name"],
        "birth_date": member["birth_date"],
        "event_type": "readmitted",
        "event_date": readmitted,
        "decision_no": "7-QĐ/ĐU",
    }
    result = run(write(folder, members=members, events=[*clean_events(), event]), cutoff=CUTOFF)
    return [i for i in result.issues if i.code in (CODE, "member.admission_is_readmission")]


def _shown(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@pytest.mark.parametrize(
    ("admitted", "readmitted"),
    [
        (dt.date(2025, 8, 1), dt.date(2025, 6, 1)),  # readmitted in the period, admitted after
        (dt.date(2025, 3, 1), dt.date(2024, 6, 1)),  # the row kept from before the period
    ],
)
def test_a_readmission_before_ngay_vao_dang_is_a_warning_at_that_cell(
    tmp_path: Path, admitted: dt.date, readmitted: dt.date
) -> None:
    found = _issues(tmp_path, admitted, readmitted)
    assert [i.code for i in found] == [CODE], found
    issue = found[0]
    assert issue.severity == "warning"
    assert (issue.sheet, issue.cell) == (layout.SHEET_MEMBERS, layout.MEMBERS.cell("admission_date", ROW))
    place = f"{NAME}, {layout.SHEET_EVENTS} dòng {layout.FIRST_DATA_ROW + 2}"
    said = f"Ngày kết nạp lại {_shown(readmitted)} ({place}) trước ngày vào Đảng {_shown(admitted)}"
    assert said in issue.message, issue.message
    assert "vẫn ghi ngày kết nạp lần đầu" in issue.message
    # without personal data both dates are hidden, the row still named
    assert issue.private_message is not None
    assert _shown(admitted) not in issue.private_message and _shown(readmitted) not in issue.private_message
    assert HIDDEN in issue.private_message and place in issue.private_message


@pytest.mark.parametrize(
    ("admitted", "readmitted"),
    [
        (dt.date(2005, 3, 2), dt.date(2025, 6, 1)),  # the first admission kept: as asked
        (dt.date(2025, 5, 31), dt.date(2025, 6, 1)),  # a day after: a readmission that counts
    ],
)
def test_a_readmission_after_ngay_vao_dang_is_not_said(
    tmp_path: Path, admitted: dt.date, readmitted: dt.date
) -> None:
    assert _issues(tmp_path, admitted, readmitted) == []


def test_the_same_day_is_the_other_warning(tmp_path: Path) -> None:
    day = dt.date(2025, 6, 1)
    assert [i.code for i in _issues(tmp_path, day, day)] == ["member.admission_is_readmission"]


def test_membership_says_which_dates_contradict() -> None:
    first, again = dt.date(2010, 1, 1), dt.date(2020, 1, 1)
    assert membership(again, first).readmitted_before_admission
    assert not membership(again, first).readmitted  # moves nothing
    assert not membership(first, again).readmitted_before_admission
    assert not membership(first, first).readmitted_before_admission
    assert not membership(None, first).readmitted_before_admission
    assert not membership(first, None).readmitted_before_admission


def test_the_template_help_keeps_the_first_admission_date(tmp_path: Path) -> None:
    path = write_blank_template(tmp_path)
    ws = openpyxl.load_workbook(path)[layout.SHEET_MEMBERS]
    col = next(i for i, f in enumerate(layout.MEMBERS.fields, start=1) if f.key == "admission_date")
    head = ws.cell(1, col)
    assert head.value == "Ngày vào Đảng"
    prompts = [dv.prompt for dv in ws.data_validations.dataValidation if head.column_letter in str(dv.sqref)]
    for text in (head.comment.text, *prompts):
        assert "Đảng viên được kết nạp lại: vẫn ghi ngày kết nạp lần đầu" in text, text
    assert prompts and all(len(p) <= 255 for p in prompts)
