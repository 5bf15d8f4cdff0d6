"""A `Kết nạp` row whose date is not its member's `Ngày vào Đảng` is said:
`event.admission_date_differs`, a warning at the change's date.

The two are one date, the admission decision's. The admissions of the period (and of a form's
shorter period, Biểu 2) are counted by the change's date, the probation and its deadline by
the roll's: when they differ one of them is wrong, and the forms and the work lists disagree
without a word.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from helpers_validate import clean_events, clean_members, codes, only, run, write

from toolkit.core import layout
from toolkit.core.rules import HIDDEN, RULES

E = layout.SHEET_EVENTS
CODE = "event.admission_date_differs"
DATE = layout.EVENTS.letter("event_date")
# The clean files: "Hoàng Văn Em", born 08/08/2000, admitted 01/10/2025 (roll row 6, change row 2).
ADMITTED = dt.date(2025, 10, 1)


def events_with(**over: Any) -> list[dict[str, Any]]:
    events = clean_events()
    events[0] = {**events[0], **over}
    return events


def test_an_admission_row_a_month_off_is_one_warning_at_its_date(tmp_path: Path) -> None:
    path = write(tmp_path, events=events_with(event_date=dt.date(2025, 11, 1)))
    result = run(path)
    issue = only(result.issues, CODE)
    assert RULES[CODE].severity == "warning" and issue.severity == "warning"
    assert (issue.sheet, issue.cell, issue.column) == (E, f"{DATE}2", "Ngày")
    assert issue.message == (
        f"Dòng 2, cột “Ngày” (ô {DATE}2): Ngày kết nạp 01/11/2025 khác ngày vào Đảng 01/10/2025 của người "
        "này ở sheet “Đảng viên” (dòng 6), mà hai ngày là một. Số kết nạp trong kỳ tính theo ngày ở đây, "
        "thời hạn dự bị theo ngày ở sheet “Đảng viên”: hãy sửa ngày sai cho khớp với quyết định kết nạp."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    assert issue.private_message is not None
    assert "2025" not in issue.private_message and issue.private_message.count(HIDDEN) == 2
    assert codes(result.issues) == [CODE]


def test_the_member_is_found_by_the_name_typed_another_way(tmp_path: Path) -> None:
    members = clean_members()
    members[4] = {**members[4], "full_name": "Hoàng Văn Hòa"}
    events = events_with(full_name="HOÀNG VĂN HOÀ", event_date=dt.date(2025, 10, 10))
    issue = only(run(write(tmp_path, members=members, events=events)).issues, CODE)
    assert issue.cell == f"{DATE}2"


@pytest.mark.parametrize(
    ("name", "events"),
    [
        ("the same date", lambda: clean_events()),
        # Not on the roll: another rule says so; there is no date to compare.
        ("someone else", lambda: events_with(full_name="Hoàng Văn Anh", event_date=dt.date(2025, 11, 1))),
        # Admitted and readmitted in the period: the roll may carry either date.
        (
            "readmitted too",
            lambda: [
                *events_with(event_date=dt.date(2025, 2, 1)),
                {**clean_events()[0], "row_no": 3, "event_type": "readmitted", "event_date": ADMITTED},
            ],
        ),
    ],
)
def test_rows_with_no_other_date_to_match_are_not_said(tmp_path: Path, name: str, events: Any) -> None:
    assert CODE not in codes(run(write(tmp_path, events=events())).issues), name


def test_a_member_without_an_admission_date_is_only_the_missing_date(tmp_path: Path) -> None:
    members = clean_members()
    members[4] = {**members[4], "admission_date": None}
    found = codes(run(write(tmp_path, members=members)).issues)
    assert CODE not in found and "member.required" in found
