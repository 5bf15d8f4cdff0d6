"""A person who joined an organisation's roll in the period (admitted, readmitted, transferred
in, restored), with no change taking them off it afterwards, is on its members sheet: else
Biểu 1's opening, derived as roster − joined + left, is one short and nothing says so. That is
`event.joined_not_on_roll`, a warning at the change's row; the reverse of
`event.left_still_on_roll` (a member who left but is still listed).

The workbooks are the real template (`helpers_validate`): the clean organisation, whose
admitted member Hoàng Văn Em is on its roll, with one row planted or removed.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers_validate import clean_events, clean_members, codes, only, run, write

from toolkit.core import layout
from toolkit.core.rules import HIDDEN, RULES

CODE = "event.joined_not_on_roll"
E = layout.SHEET_EVENTS


def without(name: str) -> list[dict[str, Any]]:
    return [m for m in clean_members() if m["full_name"] != name]


def test_an_admitted_member_missing_from_the_roll_is_said_at_the_admission_row(tmp_path: Path) -> None:
    (tmp_path / "clean").mkdir()
    assert CODE not in codes(run(write(tmp_path / "clean")).issues)
    result = run(write(tmp_path, members=without("Hoàng Văn Em")))
    issue = only(result.issues, CODE)
    assert RULES[CODE].severity == "warning" and issue.severity == "warning"
    assert (issue.sheet, issue.cell, issue.column) == (E, "B2", "Họ và tên")
    assert issue.message == (
        "Dòng 2, cột “Họ và tên” (ô B2): “Hoàng Văn Em” có biến động “Kết nạp” ngày 01/10/2025 trong kỳ số "
        "liệu, không có biến động nào đưa ra khỏi danh sách sau đó, nhưng không có trong sheet “Đảng viên”: "
        "số đầu kỳ tính ra sẽ thiếu một người. Hãy thêm đảng viên này vào sheet “Đảng viên”, hoặc ghi thêm "
        "biến động (chuyển đi, từ trần…) nếu đã ra khỏi danh sách."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    masked = issue.without_personal_data().message
    assert "Hoàng Văn Em" not in masked and "01/10/2025" not in masked and "Kết nạp" not in masked
    assert masked.count(HIDDEN) == 3


def test_a_later_change_off_the_roll_explains_it(tmp_path: Path) -> None:
    """Admitted, then moved to another organisation: not on this roll, rightly."""
    moved = {
        "full_name": "Hoàng Văn Em",
        "birth_date": dt.date(2000, 8, 8),
        "event_type": "transfer_out",
        "event_date": dt.date(2026, 1, 5),
        "transfer_scope": "internal",
    }
    result = run(write(tmp_path, members=without("Hoàng Văn Em"), events=[*clean_events(), moved]))
    assert CODE not in codes(result.issues)


@pytest.mark.parametrize(
    ("event_type", "extra"),
    [
        ("transfer_in", {"transfer_scope": "other_province"}),
        ("restored", {}),
        ("readmitted", {}),
    ],
)
def test_every_kind_of_joining_is_looked_at(tmp_path: Path, event_type: str, extra: dict[str, Any]) -> None:
    joined = {
        "full_name": "Đỗ Thị Giang",
        "birth_date": dt.date(1988, 3, 3),
        "event_type": event_type,
        "event_date": dt.date(2025, 11, 20),
        **extra,
    }
    result = run(write(tmp_path, events=[*clean_events(), joined]))
    assert only(result.issues, CODE).cell == "B4"


def test_a_change_before_the_period_is_not_looked_at(tmp_path: Path) -> None:
    """Before the period the roll of then is not the roll of now (and the row is out of the
    period, said by `event.outside_period`)."""
    old = {
        "full_name": "Đỗ Thị Giang",
        "birth_date": dt.date(1988, 3, 3),
        "event_type": "admitted",
        "event_date": dt.date(2024, 6, 1),
    }
    result = run(write(tmp_path, events=[*clean_events(), old]))
    assert CODE not in codes(result.issues) and "event.outside_period" in codes(result.issues)


def test_nothing_is_said_when_the_members_sheet_was_not_read(tmp_path: Path) -> None:
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb[layout.SHEET_MEMBERS]["B1"] = "Tên"
    wb.save(path)
    result = run(path)
    assert "file.header" in codes(result.issues) and CODE not in codes(result.issues)


def test_a_person_joining_twice_is_said_once_at_the_last_row(tmp_path: Path) -> None:
    """Transferred out and back in within the period, and missing from the roll: one warning,
    at the last joining row; the transfer out between them is no change after it."""
    person = {"full_name": "Đỗ Thị Giang", "birth_date": dt.date(1988, 3, 3)}
    rows = [
        {**person, "event_type": "admitted", "event_date": dt.date(2025, 3, 1)},
        {
            **person,
            "event_type": "transfer_out",
            "event_date": dt.date(2025, 6, 1),
            "transfer_scope": "internal",
        },
        {
            **person,
            "event_type": "transfer_in",
            "event_date": dt.date(2025, 9, 1),
            "transfer_scope": "internal",
        },
    ]
    result = run(write(tmp_path, events=[*clean_events(), *rows]))
    assert [i.cell for i in result.issues if i.code == CODE] == ["B6"]
