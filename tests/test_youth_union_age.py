"""A member marked "Đoàn viên Đoàn TNCS Hồ Chí Minh: Có" far past the Youth Union's age (16 to
30, its cadres a few years longer) is questioned at the cell (`member.youth_union_age`, hunt60
#4): a 58-year-old readmitted member's row filled by copying the row above went silently into
Biểu 2 and 3's youth-union lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from helpers_validate import CUTOFF, clean_members, member, only, run, write

from toolkit.cli import main
from toolkit.core import layout

CODE = "member.youth_union_age"
# 57 at the cut-off, marked in the Youth Union (the row of hunt60 #4, a card of its own).
OLD_MEMBER = member(
    row_no=6, full_name="Lương Văn Tâm", birth_date=dt.date(1968, 8, 8), youth_union="yes", card_no="07654321"
)


def _with(*rows: dict) -> dict:
    return {"members": [*clean_members(), *rows]}


def test_a_member_over_35_marked_in_the_youth_union_is_warned_at_the_cell(tmp_path: Path) -> None:
    path = write(tmp_path, **_with(OLD_MEMBER))
    result = run(path, cutoff=CUTOFF)
    issue = only(result.issues, CODE)
    cell = layout.MEMBERS.cell("youth_union", 7)
    assert (issue.severity, issue.sheet, issue.cell) == ("warning", layout.SHEET_MEMBERS, cell)
    assert f"(ô {cell})" in issue.message and "Đoàn viên Đoàn TNCS Hồ Chí Minh" in issue.message
    assert "thường từ 16 đến 30 tuổi (cán bộ Đoàn có thể hơn)" in issue.message
    assert "quá 35 tuổi" in issue.message and "31/03/2026" in issue.message
    assert "đã 57 tuổi (sinh 08/08/1968)" in issue.message
    # The member's age and birth date are personal: hidden unless asked for.
    hidden = issue.without_personal_data().message
    assert "57" not in hidden and "08/08/1968" not in hidden and "quá 35 tuổi" in hidden


def test_the_limit_is_the_age_at_the_cutoff_over_35(tmp_path: Path) -> None:
    """35 years and 11 months at the cut-off (a Đoàn cadre) passes; 36 the day before does not;
    a young member, or an old one not marked, is not questioned."""
    rows = [
        member(row_no=6, full_name="Đỗ Văn Bốn", birth_date=dt.date(1990, 4, 1), youth_union="yes"),
        member(row_no=7, full_name="Hà Văn Năm", birth_date=dt.date(1990, 3, 31), youth_union="yes"),
        member(row_no=8, full_name="Mai Thị Sáu", birth_date=dt.date(2000, 1, 1), youth_union="yes",
               gender="female"),
        member(row_no=9, full_name="Vũ Văn Bảy", birth_date=dt.date(1960, 1, 1), youth_union="no"),
    ]  # fmt: skip
    result = run(write(tmp_path, **_with(*rows)), cutoff=CUTOFF)
    cells = [i.cell for i in result.issues if i.code == CODE]
    assert cells == [layout.MEMBERS.cell("youth_union", 8)]


def test_validate_on_the_command_line_names_the_cell(tmp_path: Path) -> None:
    path = write(tmp_path, **_with(OLD_MEMBER))
    out = CliRunner().invoke(main, ["validate", str(path), "--cutoff", "31/03/2026"])
    assert out.exit_code == 0, out.output
    cell = layout.MEMBERS.cell("youth_union", 7)
    line = next(line for line in out.output.splitlines() if CODE in line)
    assert f"{layout.SHEET_MEMBERS}!{cell}" in line and "quá 35 tuổi" in line
    assert "Traceback" not in out.output
