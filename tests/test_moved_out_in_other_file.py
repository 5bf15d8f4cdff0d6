"""A member on one organisation's roll whose move OUT OF THE WARD another organisation's file
records (`event.moved_out_in_other_file`, fixBN): each file alone is right, so no check looked,
and the ward counted the person on its roll at the cut-off and as a decrease (Biểu 1), and the
work lists proposed things for a member who, per the other file, left the ward. A warning at
the member's row naming the other file's row, and the member's rows of the lists are red with
a note naming it, as for a death (`event.left_in_other_file`, tests/test_left_in_other_file.py).
A move inside the ward is the `internal_transfer_*` checks'; a later "Chuyển đến" (any scope, in
any file) is the person coming back.

The workbooks are the real template (`helpers_validate`, `write_submission`)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_validate import clean_events, clean_info, member, run, write

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.rules import HIDDEN, RULES
from toolkit.worklists.collect import LEFT_RULE

CODE = "event.moved_out_in_other_file"
HOA = {"full_name": "Đinh Thị Hoa", "birth_date": dt.date(1970, 1, 1)}
# 30 years of party age on 19/05/2026: on the badge list of the cut-off 31/03/2026.
HOA_MEMBER = member(
    **HOA,
    gender="female",
    card_no="07654321",
    admission_date=dt.date(1996, 5, 19),
    official_date=dt.date(1997, 5, 19),
)
MOVED = {
    "event_type": "transfer_out",
    "event_date": dt.date(2026, 1, 10),
    "transfer_scope": "other_province",
}


def _ward(
    folder: Path, change: dict[str, Any], *, more: list[dict[str, Any]] = (), person: dict[str, Any] = HOA
) -> tuple[Path, Path]:
    """CB07's clean file with `change` of `person` after its own changes (row 4); CB08's file has
    Đinh Thị Hoa on its roll (row 2) and the changes `more`."""
    folder.mkdir(parents=True, exist_ok=True)
    a = write(folder, "a.xlsx", events=[*clean_events(), {**person, **change}])
    b = write(
        folder,
        "b.xlsx",
        info=clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8"),
        members=[HOA_MEMBER],
        events=list(more),
        years=[],
    )
    return a, b


def _hits(issues: list[Any], code: str = CODE) -> list[tuple[str | None, str | None]]:
    return [(i.file, i.cell) for i in issues if i.code == code]


@pytest.mark.parametrize("scope", ["same_province", "other_province"])
def test_a_move_out_of_the_ward_recorded_by_another_organisation_is_a_warning_at_the_member(
    tmp_path: Path, scope: str
) -> None:
    a, b = _ward(tmp_path, {**MOVED, "transfer_scope": scope})
    issues = run(a, b).issues
    assert _hits(issues) == [("b.xlsx", "B2")], [(i.code, i.file, i.cell) for i in issues]
    assert RULES[CODE].severity == "warning"
    assert _hits(issues, "event.left_in_other_file") == []  # not said to be dead or out of the Party
    issue = next(i for i in issues if i.code == CODE)
    assert (issue.sheet, issue.column) == (layout.SHEET_MEMBERS, "Họ và tên")
    where = {"same_province": "Xã, phường khác trong tỉnh", "other_province": "Tỉnh, thành phố khác"}[scope]
    assert issue.message.startswith(
        "Dòng 2, cột “Họ và tên” (ô B2): “Đinh Thị Hoa”, sinh 01/01/1970, còn trong danh sách đảng "
        "viên của tệp này, nhưng tệp a.xlsx (dòng 4) của phường ghi biến động “Chuyển đi” ra ngoài "
        f"phường ngày 10/01/2026 (phạm vi chuyển: {where}) cho người cùng họ tên, ngày sinh."
    ), issue.message
    assert "Nếu là hai người khác nhau, không cần sửa." in issue.message
    assert unicodedata.is_normalized("NFC", issue.message)
    masked = issue.without_personal_data().message
    assert not any(s in masked for s in ("Đinh Thị Hoa", "01/01/1970", "10/01/2026", where)), masked
    # The other file and its row are nobody's personal data: the secretary knows whom to ask.
    assert HIDDEN in masked and "tệp a.xlsx (dòng 4)" in masked


def test_two_different_people_of_other_birth_dates_are_not_compared(tmp_path: Path) -> None:
    other = {**HOA, "birth_date": dt.date(1971, 1, 1)}
    a, b = _ward(tmp_path, MOVED, person=other)
    assert _hits(run(a, b).issues) == []


def test_a_move_inside_the_ward_is_left_to_the_internal_transfer_checks(tmp_path: Path) -> None:
    a, b = _ward(tmp_path, {**MOVED, "transfer_scope": "internal"})
    assert _hits(run(a, b).issues) == []


@pytest.mark.parametrize("scope", ["internal", "same_province", "other_province"])
@pytest.mark.parametrize("in_a", [False, True])
def test_a_later_transfer_in_of_any_scope_in_any_file_is_the_person_coming_back(
    tmp_path: Path, scope: str, in_a: bool
) -> None:
    back = {**HOA, "event_type": "transfer_in", "event_date": dt.date(2026, 3, 1), "transfer_scope": scope}
    if in_a:
        # CB07's own file records both: she moved away, then came back (to CB08's roll).
        folder = tmp_path / "a"
        folder.mkdir()
        a = write(folder, "a.xlsx", events=[*clean_events(), {**HOA, **MOVED}, back])
        b = write(
            folder,
            "b.xlsx",
            info=clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8"),
            members=[HOA_MEMBER],
            events=[],
            years=[],
        )
    else:
        a, b = _ward(tmp_path / "b", MOVED, more=[back])
    assert _hits(run(a, b).issues) == []


def test_a_transfer_in_before_the_move_out_does_not_bring_her_back(tmp_path: Path) -> None:
    before = {
        **HOA,
        "event_type": "transfer_in",
        "event_date": dt.date(2025, 6, 1),
        "transfer_scope": "other_province",
    }
    a, b = _ward(tmp_path, MOVED, more=[before])
    assert _hits(run(a, b).issues) == [("b.xlsx", "B2")]


def test_the_lists_mark_the_member_in_red_naming_the_other_files_row(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    _ward(folder, MOVED)
    out = tmp_path / "danh_sach.xlsx"
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Huy hiệu Đảng"]
    [row] = [r for r in ws.iter_rows(min_row=6) if r[3].value == "Đinh Thị Hoa"]
    assert row[9].value == (
        "Tệp a.xlsx (dòng 4, sheet “Biến động”) ghi “Chuyển đi” ra ngoài phường ngày 10/01/2026 cho "
        "người cùng họ tên, ngày sinh: hỏi lại chi bộ trước khi làm."
    )
    assert row[3].font.color.rgb == "FF9C0006"
    assert ws["A4"].value.endswith(LEFT_RULE)
    assert "chuyển đi ra ngoài phường" in LEFT_RULE
    assert "1 dòng chữ đỏ" in ws["A2"].value


def test_the_lists_do_not_mark_a_member_who_came_back(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    back = {
        **HOA,
        "event_type": "transfer_in",
        "event_date": dt.date(2026, 3, 1),
        "transfer_scope": "other_province",
    }
    _ward(folder, MOVED, more=[back])
    out = tmp_path / "danh_sach.xlsx"
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    assert out.exists(), result.output
    ws = openpyxl.load_workbook(out)["Huy hiệu Đảng"]
    [row] = [r for r in ws.iter_rows(min_row=6) if r[3].value == "Đinh Thị Hoa"]
    assert "Chuyển đi" not in (row[9].value or "") and row[3].font.color.rgb != "FF9C0006", row[9].value


def test_a_move_typed_without_accents_is_the_members_as_a_death_would_be(tmp_path: Path) -> None:
    """Names are matched as `event.left_in_other_file` matches them: "Dinh Thi Hoa" moved out
    in CB07's file is CB08's Đinh Thị Hoa, and the name that file wrote is quoted."""
    a, b = _ward(tmp_path, MOVED, person={**HOA, "full_name": "Dinh Thi Hoa"})
    issues = run(a, b).issues
    assert _hits(issues) == [("b.xlsx", "B2")]
    issue = next(i for i in issues if i.code == CODE)
    assert "cho “Dinh Thi Hoa”, cùng ngày sinh (họ tên chỉ khác ở dấu)." in issue.message, issue.message
    assert "Dinh Thi Hoa" not in issue.without_personal_data().message


@pytest.mark.parametrize("when", [dt.date(2026, 4, 10), dt.date(2024, 6, 1)])
def test_a_move_dated_outside_the_period_is_not_compared(tmp_path: Path, when: dt.date) -> None:
    """hunt110 #3: a move dated after the cut-off (31/03/2026) or before the period (from
    01/01/2025) is no decrease of this period and says nothing of the roll at the cut-off: the
    moving file gets `event.after_cutoff` or `event.outside_period`, the member's file nothing
    that would have them struck off a roll they were rightly on."""
    a, b = _ward(tmp_path, {**MOVED, "event_date": when, "transfer_scope": "other_province"})
    issues = run(a, b).issues
    assert _hits(issues) == [], [(i.code, i.file, i.cell) for i in issues]
    code = "event.after_cutoff" if when > dt.date(2026, 3, 31) else "event.outside_period"
    assert ("a.xlsx", "E4") in _hits(issues, code)
