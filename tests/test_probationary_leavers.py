"""A leaver's probationary status is the column "Là đảng viên dự bị" of `Biến động`, which
Biểu 1's "Trong đó: Đảng viên dự bị" (under C.3, Xóa tên) and `event.expelled_probationary`
follow. When the row itself shows the person was probationary and the column is not "Có",
`event.probationary_contradicts` says so at that cell: the strike-off ground that only a
probationary member can have ("Không đủ điều kiện công nhận đảng viên chính thức"), or the
person's own `Kết nạp` row in the file less than the 12 months of probation before the change
(no member is recognised as a full member earlier). The counts still follow the column, and
the warning says so.

Files written through the real template (`helpers_validate`): period 01/01/2025–31/03/2026.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from helpers_validate import clean_events, codes, only, run, write, write_old

from toolkit.core import layout
from toolkit.pipeline import consolidate

CODE = "event.probationary_contradicts"
KHAI = {"full_name": "Đinh Văn Khải", "birth_date": dt.date(1999, 9, 9)}
CELL = layout.EVENTS.cell("was_probationary", 4)  # the third change, row 4
GROUND_CELL = layout.EVENTS.cell("strike_ground", 4)


def _leaving(**over: Any) -> list[dict[str, Any]]:
    rows = clean_events()
    rows.append({"row_no": 3, **KHAI, **over})
    return rows


def _admitted_then(admitted: dt.date, **over: Any) -> list[dict[str, Any]]:
    """Khải's `Kết nạp` row, then the change ``over`` (as rows 4 and 5)."""
    rows = clean_events()
    rows.append({"row_no": 3, **KHAI, "event_type": "admitted", "event_date": admitted})
    rows.append({"row_no": 4, **KHAI, **over})
    return rows


def _struck_off_not_recognised(flag: str | None) -> list[dict[str, Any]]:
    return _leaving(
        event_type="struck_off",
        event_date=dt.date(2025, 9, 1),
        strike_ground="not_recognised",
        was_probationary=flag,
    )


@pytest.mark.parametrize("flag", [None, "no"])
def test_the_probationary_ground_without_co_is_a_warning_at_the_column(
    tmp_path: Path, flag: str | None
) -> None:
    result = run(write(tmp_path, events=_struck_off_not_recognised(flag)))
    issue = only(result.issues, CODE)
    assert issue.severity == "warning"
    assert (issue.sheet, issue.cell, issue.column) == (layout.SHEET_EVENTS, CELL, "Là đảng viên dự bị")
    assert "lý do xóa tên “Không đủ điều kiện công nhận đảng viên chính thức”" in issue.message
    assert f"(ô {GROUND_CELL}) chỉ dùng cho đảng viên dự bị" in issue.message
    assert (
        "Dòng “Trong đó: Đảng viên dự bị” dưới mục “Xóa tên” (C.3) của Biểu 1-BTCTW chỉ đếm" in issue.message
    )
    assert f"Hãy chọn “Có” ở ô {CELL}" in issue.message
    assert unicodedata.is_normalized("NFC", issue.message)
    assert result.submissions[0].status == "warnings"


def test_the_probationary_ground_marked_co_says_nothing(tmp_path: Path) -> None:
    result = run(write(tmp_path, events=_struck_off_not_recognised("yes")))
    assert CODE not in codes(result.issues)


def test_another_ground_of_a_full_member_says_nothing(tmp_path: Path) -> None:
    events = _leaving(
        event_type="struck_off", event_date=dt.date(2025, 9, 1), strike_ground="absence_or_dues"
    )
    assert CODE not in codes(run(write(tmp_path, events=events)).issues)


def test_an_expulsion_within_the_probation_of_its_admission_row_is_said(tmp_path: Path) -> None:
    events = _admitted_then(dt.date(2025, 3, 1), event_type="expelled", event_date=dt.date(2025, 11, 20))
    result = run(write(tmp_path, events=events))
    issue = only(result.issues, CODE)
    cell = layout.EVENTS.cell("was_probationary", 5)
    assert issue.cell == cell
    assert "người này kết nạp ngày 01/03/2025 (dòng 4 của sheet này)" in issue.message
    assert "sớm nhất ngày 01/03/2026 mới được công nhận chính thức" in issue.message
    assert "Đảng viên dự bị không bị khai trừ mà bị xóa tên" in issue.message
    assert (
        f"Hãy đổi loại biến động thành “Xóa tên”, chọn lý do xóa tên và chọn “Có” ở ô {cell}" in issue.message
    )
    # The inference is a warning; the error stays the column's.
    assert "event.expelled_probationary" not in codes(result.issues)


def test_a_strike_off_within_the_probation_of_its_admission_row_is_said(tmp_path: Path) -> None:
    events = _admitted_then(
        dt.date(2025, 3, 1), event_type="struck_off", event_date=dt.date(2026, 2, 28), strike_ground="other"
    )
    issue = only(run(write(tmp_path, events=events)).issues, CODE)
    assert issue.cell == layout.EVENTS.cell("was_probationary", 5)
    assert "chỉ đếm các dòng chọn “Có” ở cột này, nên đang thiếu người này" in issue.message
    # Without personal data the admission date is not given away; the row is.
    masked = issue.without_personal_data().message
    assert "01/03/2025" not in masked and "dòng kết nạp của người này (dòng 4 của sheet này)" in masked


def test_a_change_on_the_first_day_one_can_be_a_full_member_says_nothing(tmp_path: Path) -> None:
    events = _admitted_then(
        dt.date(2025, 3, 1), event_type="struck_off", event_date=dt.date(2026, 3, 1), strike_ground="other"
    )
    assert CODE not in codes(run(write(tmp_path, events=events)).issues)


def test_an_expulsion_marked_co_is_the_error_alone(tmp_path: Path) -> None:
    events = _admitted_then(
        dt.date(2025, 3, 1), event_type="expelled", event_date=dt.date(2025, 11, 20), was_probationary="yes"
    )
    found = codes(run(write(tmp_path, events=events)).issues)
    assert "event.expelled_probationary" in found and CODE not in found


def test_a_file_of_the_2026_1_template_has_no_such_column(tmp_path: Path) -> None:
    events = _admitted_then(dt.date(2025, 3, 1), event_type="expelled", event_date=dt.date(2025, 11, 20))
    assert CODE not in codes(run(write_old(tmp_path, events=events)).issues)


def test_the_count_still_follows_the_column_and_the_warning_says_it(tmp_path: Path) -> None:
    """Not corrected in silence: Biểu 1's "of which probationary" counts the rows marked Có."""
    unmarked, marked = tmp_path / "khong", tmp_path / "co"
    unmarked.mkdir()
    marked.mkdir()
    write(unmarked, events=_struck_off_not_recognised(None))
    write(marked, events=_struck_off_not_recognised("yes"))
    cutoff = dt.date(2026, 3, 31)
    said = consolidate([unmarked], cutoff=cutoff, form_from=dt.date(2025, 4, 1))
    right = consolidate([marked], cutoff=cutoff, form_from=dt.date(2025, 4, 1))
    assert said.indicators["period.struck_off"] == right.indicators["period.struck_off"] == 1
    assert (
        said.indicators["period.struck_off.probationary"],
        right.indicators["period.struck_off.probationary"],
    ) == (0, 1)
    assert CODE in codes(said.issues) and CODE not in codes(right.issues)


def test_an_upgraded_file_not_completed_says_the_strike_off_is_counted_as_unknown(tmp_path: Path) -> None:
    """hunt380: in a file upgraded from 2026.1 and not completed, `Là đảng viên dự bị` is empty
    on every row and a strike-off counts as "chưa rõ" dự bị (apart from C.3's "Trong đó", with
    a note under Biểu 1); the warning said that "Trong đó" was missing this person. It says the
    new column is not filled in yet, so the person is counted as unknown, and to fill it in.
    Completed (one new answer of `Đảng viên`), the empty cell is "Không" and the words are the
    current template's again."""
    from toolkit.core import vocab
    from toolkit.outputs.upgrade import upgrade_files

    events = _admitted_then(
        dt.date(2025, 3, 1), event_type="struck_off", event_date=dt.date(2026, 2, 28), strike_ground="other"
    )
    (tmp_path / "cu").mkdir()
    old = write_old(tmp_path / "cu", events=events)
    upgrade = upgrade_files([old], tmp_path / "moi")
    (done,) = upgrade.upgraded
    result = run(done.target)
    assert result.submissions[0].upgrade_not_completed
    issue = only(result.issues, CODE)
    cell = layout.EVENTS.cell("was_probationary", 5)
    assert issue.cell == cell
    assert "nên đang thiếu người này" not in issue.message
    assert (
        "Tệp được nâng cấp từ biểu mẫu 2026.1 nhưng chưa điền bổ sung: cột này còn trống ở mọi dòng, nên "
        "Biểu 1-BTCTW đang tính người này ở mục “Xóa tên” (C.3) là chưa rõ có là đảng viên dự bị hay "
        "không, không tính vào dòng “Trong đó: Đảng viên dự bị”." in issue.message
    )
    assert f"Hãy chọn “Có” ở ô {cell}" in issue.message
    assert unicodedata.is_normalized("NFC", issue.message)
    said = consolidate([tmp_path / "moi"], cutoff=dt.date(2026, 3, 31), form_from=dt.date(2025, 4, 1))
    assert said.indicators["period.struck_off.probationary.unknown"] == 1
    assert said.indicators["period.struck_off.probationary"] == 0
    # Completed: the empty cell is "Không", and "Trong đó" is missing the person.
    import openpyxl

    wb = openpyxl.load_workbook(done.target)
    wb[layout.SHEET_MEMBERS][layout.MEMBERS.cell("youth_union", 2)] = vocab.YES_NO.label("no")
    (tmp_path / "da_dien").mkdir()
    wb.save(tmp_path / "da_dien" / done.target.name)
    completed = only(run(tmp_path / "da_dien" / done.target.name).issues, CODE)
    assert "chỉ đếm các dòng chọn “Có” ở cột này, nên đang thiếu người này" in completed.message
