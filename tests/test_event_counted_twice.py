"""A change counted twice: the same change typed twice in a file (`event.duplicate`), a person
leaving the roll twice (`event.left_twice`) or joining it twice (`event.joined_twice`) with no
change the other way between. Every statistic counts rows, so each of these was one person
counted twice in Biểu 1 (and Biểu 2 for an admission), with nothing said; all three are
errors, so the file is not consolidated until it is corrected.

The workbooks are the real template (`helpers_validate`): the clean organisation, whose
changes are Hoàng Văn Em's admission (row 2, he is on the roll) and Vũ Văn Phúc's death
(row 3, not on the roll), with rows planted after them (rows 4, 5, ...).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

from helpers_validate import clean_events, clean_members, codes, member, only, run, write

from toolkit.core import layout
from toolkit.core.rules import HIDDEN, RULES

E = layout.SHEET_EVENTS
NEW = ("event.duplicate", "event.left_twice", "event.joined_twice")
GIANG = {"full_name": "Đỗ Thị Giang", "birth_date": dt.date(1988, 3, 3)}
# Đỗ Thị Giang on the roll, a member since 2012.
GIANG_MEMBER = member(
    row_no=6,
    **GIANG,
    gender="female",
    card_no="01234571",
    admission_date=dt.date(2012, 4, 4),
    official_date=dt.date(2013, 4, 4),
)


def giang(kind: str, day: dt.date, **extra: Any) -> dict[str, Any]:
    """A change of Đỗ Thị Giang (a transfer to or from another province unless said)."""
    if kind in ("transfer_in", "transfer_out"):
        extra.setdefault("transfer_scope", "other_province")
    if kind == "struck_off":
        extra.setdefault("strike_ground", "other")
    return {**GIANG, "event_type": kind, "event_date": day, **extra}


def ours(issues: list[Any]) -> list[tuple[str, str | None]]:
    return [(i.code, i.cell) for i in issues if i.code in NEW]


def test_the_rules_are_errors() -> None:
    assert [RULES[c].severity for c in NEW] == ["error", "error", "error"]


def test_an_admission_pasted_twice_is_an_error_at_the_second_row(tmp_path: Path) -> None:
    events = clean_events()
    result = run(write(tmp_path, events=[*events, dict(events[0])]))
    issue = only(result.issues, "event.duplicate")
    assert (issue.severity, issue.sheet, issue.cell, issue.column) == ("error", E, "B4", "Họ và tên")
    assert issue.message == (
        "Dòng 4, cột “Họ và tên” (ô B4): “Hoàng Văn Em”, sinh 08/08/2000: biến động “Kết nạp” ngày "
        "01/10/2025 đã ghi ở dòng 2. Mỗi dòng được tính là một biến động, nên biến động này đang bị "
        "tính hai lần (trong các biểu và số liệu tổng hợp). Hãy xóa dòng trùng; nếu là hai biến động "
        "khác nhau, hãy sửa loại biến động hoặc ngày cho đúng."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    # A repeated row is said once: not also a second joining of the roll.
    assert ours(result.issues) == [("event.duplicate", "B4")]
    assert result.submissions[0].status == "errors"
    masked = issue.without_personal_data().message
    assert not any(s in masked for s in ("Hoàng Văn Em", "08/08/2000", "01/10/2025", "Kết nạp"))
    assert "dòng 2" in masked


def test_a_death_typed_twice_is_an_error_naming_the_first_row(tmp_path: Path) -> None:
    events = clean_events()
    again = {**events[1], "row_no": 3, "decision_no": "khác"}  # the same change, whatever else differs
    result = run(write(tmp_path, events=[*events, again, dict(events[1])]))
    hits = [i for i in result.issues if i.code == "event.duplicate"]
    assert [(i.cell, i.severity) for i in hits] == [("B4", "error"), ("B5", "error")]
    assert all("“Từ trần” ngày 15/07/2025 đã ghi ở dòng 3." in i.message for i in hits)
    assert ours(result.issues) == [("event.duplicate", "B4"), ("event.duplicate", "B5")]


def test_a_member_moved_away_and_then_dead_is_two_decreases(tmp_path: Path) -> None:
    """Transferred to another province on 01/02, died there on 10/03: the death is not this
    organisation's change, and counting both is two decreases for one person."""
    rows = [
        giang("transfer_out", dt.date(2026, 2, 1)),
        giang("died", dt.date(2026, 3, 10)),
    ]
    result = run(write(tmp_path, events=[*clean_events(), *rows]))
    issue = only(result.issues, "event.left_twice")
    assert (issue.severity, issue.sheet, issue.cell, issue.column) == ("error", E, "D5", "Loại biến động")
    assert issue.message == (
        "Dòng 5, cột “Loại biến động” (ô D5): “Đỗ Thị Giang”, sinh 03/03/1988: biến động “Từ trần” "
        "ngày 10/03/2026 đưa người này ra khỏi danh sách, nhưng dòng 4 (“Chuyển đi” ngày 01/02/2026) đã "
        "đưa ra khỏi danh sách trước đó, và giữa hai ngày không có biến động nào đưa vào lại (kết nạp "
        "lại, chuyển đến, phục hồi đảng tịch). Một người chỉ ra khỏi danh sách một lần: số đảng viên "
        "giảm trong kỳ đang tính người này hai lần (số đầu kỳ tính ra cũng sai). Hãy xóa dòng ghi thừa "
        "(biến động xảy ra sau khi người này đã sang tổ chức khác do tổ chức đó ghi), hoặc ghi thêm "
        "biến động đưa người này vào lại danh sách nếu có."
    )
    assert codes(result.issues) == ["event.left_twice"]
    assert result.submissions[0].status == "errors"
    masked = issue.without_personal_data().message
    secrets = ("Đỗ Thị Giang", "03/03/1988", "10/03/2026", "01/02/2026", "Từ trần", "Chuyển đi")
    assert not any(s in masked for s in secrets), masked
    assert "dòng 4" in masked and HIDDEN in masked


def test_the_later_leaving_is_said_whichever_row_comes_first(tmp_path: Path) -> None:
    """Rows in any order: the changes are put in order by date; the later one is reported."""
    rows = [
        giang("struck_off", dt.date(2025, 9, 1)),
        giang("resigned", dt.date(2025, 6, 1)),
    ]
    result = run(write(tmp_path, events=[*clean_events(), *rows]))
    issue = only(result.issues, "event.left_twice")
    assert issue.cell == "D4" and "dòng 5 (“Xin ra khỏi Đảng” ngày 01/06/2025)" in issue.message


def test_two_transfers_in_for_one_person_are_two_increases(tmp_path: Path) -> None:
    rows = [
        giang("transfer_in", dt.date(2025, 5, 1)),
        giang("transfer_in", dt.date(2025, 11, 20), transfer_scope="same_province"),
    ]
    result = run(write(tmp_path, members=[*clean_members(), GIANG_MEMBER], events=[*clean_events(), *rows]))
    issue = only(result.issues, "event.joined_twice")
    assert (issue.severity, issue.sheet, issue.cell) == ("error", E, "D5")
    said = "biến động “Chuyển đến” ngày 20/11/2025 đưa người này vào danh sách, nhưng dòng 4 "
    assert said in issue.message
    assert "(“Chuyển đến” ngày 01/05/2025) đã đưa vào danh sách trước đó" in issue.message
    assert codes(result.issues) == ["event.joined_twice"]
    assert result.submissions[0].status == "errors"


def test_two_transfers_in_on_one_day_are_one_row_typed_twice(tmp_path: Path) -> None:
    row = giang("transfer_in", dt.date(2025, 5, 1))
    roll = [*clean_members(), GIANG_MEMBER]
    result = run(write(tmp_path, members=roll, events=[*clean_events(), row, row]))
    assert ours(result.issues) == [("event.duplicate", "B5")]


def test_admitted_here_after_coming_in_is_joining_twice(tmp_path: Path) -> None:
    """Admitted elsewhere, then transferred in: the admission is the other organisation's row."""
    em = clean_events()[0]
    came = {**em, "event_type": "transfer_in", "event_date": dt.date(2025, 11, 2)}
    came["transfer_scope"] = "internal"
    result = run(write(tmp_path, events=[*clean_events(), came]))
    assert ours(result.issues) == [("event.joined_twice", "D4")]


# --- what stays clean ---------------------------------------------------------------------------


def test_readmitted_after_being_struck_off_is_no_issue(tmp_path: Path) -> None:
    """Struck off, then readmitted: left once, joined once. The roll keeps the first admission
    (one carrying the readmission's date is `member.admission_is_readmission`, fix385)."""
    readmitted = member(
        row_no=6,
        **GIANG,
        gender="female",
        card_no=None,
        admission_date=dt.date(2012, 5, 19),
        official_date=None,
    )
    rows = [
        giang("struck_off", dt.date(2025, 3, 1)),
        giang("readmitted", dt.date(2025, 12, 1)),
    ]
    result = run(write(tmp_path, members=[*clean_members(), readmitted], events=[*clean_events(), *rows]))
    assert codes(result.issues) == []


def test_two_people_of_one_name_born_on_different_days_are_two(tmp_path: Path) -> None:
    phuc = clean_events()[1]
    other = {**phuc, "birth_date": dt.date(1944, 9, 9)}
    also = {**phuc, "birth_date": dt.date(1944, 9, 9), "event_date": dt.date(2025, 8, 1)}
    result = run(write(tmp_path, events=[*clean_events(), other]))
    assert codes(result.issues) == []
    # One death each is no issue; a second death of the second man still is, at its row.
    result = run(write(tmp_path, events=[*clean_events(), other, also]))
    assert ours(result.issues) == [("event.left_twice", "D5")]


def test_a_transfer_out_and_back_in_is_no_issue(tmp_path: Path) -> None:
    rows = [
        giang("transfer_out", dt.date(2025, 4, 1)),
        giang("transfer_in", dt.date(2025, 10, 1)),
    ]
    result = run(write(tmp_path, members=[*clean_members(), GIANG_MEMBER], events=[*clean_events(), *rows]))
    assert codes(result.issues) == []


def test_out_back_in_and_out_again_is_no_issue_but_out_twice_then_in_is(tmp_path: Path) -> None:
    out1 = giang("transfer_out", dt.date(2025, 4, 1))
    back = giang("transfer_in", dt.date(2025, 10, 1))
    out2 = giang("died", dt.date(2026, 2, 1))
    (tmp_path / "a").mkdir()
    assert ours(run(write(tmp_path / "a", events=[*clean_events(), out1, back, out2])).issues) == []
    late_back = {**back, "event_date": dt.date(2026, 3, 1)}
    result = run(write(tmp_path, events=[*clean_events(), out1, out2, late_back]))
    assert ours(result.issues) == [("event.left_twice", "D5")]


def test_a_change_on_the_same_day_as_one_of_the_two_is_given_the_benefit_of_the_doubt(
    tmp_path: Path,
) -> None:
    """Struck off and readmitted on one day, then died: the order of that day is not known,
    and nothing is said."""
    rows = [
        giang("struck_off", dt.date(2025, 6, 1)),
        giang("died", dt.date(2025, 9, 1)),
        giang("readmitted", dt.date(2025, 6, 1)),
    ]
    assert ours(run(write(tmp_path, events=[*clean_events(), *rows])).issues) == []
