"""A member the roll says is still probationary at a badge's award date is not proposed the badge
unremarked (hunt245): party age counts from `Ngày vào Đảng` only once the member is recognised
(Điều lệ Đảng, Điều 5). A member admitted 30 years ago with no `Ngày chính thức` was listed for
the 30-year badge in black, while `Dự bị đến hạn` called the same member overdue by 10,9xx days
in red. The row is now red, its note saying why; a full member's row stays black. Real files of
the branch template, read by `ward-stats lists`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from helpers_worklists import REGISTRY, _member, submission

from toolkit.cli import main
from toolkit.worklists import badges
from toolkit.worklists.badges import NOT_OFFICIAL_MARK, RECOUNT
from toolkit.worklists.model import Context, Member, Readmission

HEADER_ROW = 5  # 1-based: title, cut-off, coverage, rule, header
RED = "FF9C0006"


def _badge_rows(out: Path) -> dict[str, tuple[Any, ...]]:
    ws = openpyxl.load_workbook(out)["Huy hiệu Đảng"]
    found = {}
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        if isinstance(row[0].value, int):
            found[row[3].value] = (
                *(c.value for c in row),
                row[3].font.color.rgb if row[3].font.color else None,
            )
    return found


def test_a_badge_of_a_member_without_an_official_date_is_red_and_says_why(tmp_path: Path) -> None:
    cb01 = REGISTRY.organisations[1]
    folder = tmp_path / "bai_nop"
    # Both reach 30 years of party age on 19/05/2026, an award date of the list at 31/03/2026.
    submission(
        folder,
        cb01,
        [
            _member("Hoàng Văn Em", "05/05/1970", "male", "19/05/1996", "19/05/1997"),
            _member("Lê Văn Tám", "06/06/1971", "male", "19/05/1996"),  # no official date
        ],
    )
    out = tmp_path / "danh_sach.xlsx"
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Huy hiệu Đảng: 2 (1 chữ đỏ)" in result.output
    rows = _badge_rows(out)
    assert set(rows) == {"Hoàng Văn Em", "Lê Văn Tám"}
    full, probationary = rows["Hoàng Văn Em"], rows["Lê Văn Tám"]
    assert full[-3] is None and full[-1] != RED
    assert probationary[8] == dt.datetime(2026, 5, 19)  # still listed, at its award date
    assert probationary[-3] == f"Chưa ghi ngày chính thức: {NOT_OFFICIAL_MARK}"
    assert probationary[-1] == RED
    # its source link opens the official date's cell, the one to check (row 3, column I)
    assert (full[-2], probationary[-2]) == ("H2", "I3")
    rule = openpyxl.load_workbook(out)["Huy hiệu Đảng"].cell(4, 1).value
    assert "hoặc chưa là đảng viên chính thức vào đợt trao" in rule


def _member_admitted_1996(official: dt.date | None) -> Member:
    return Member(
        org_code="CB01",
        org_name="Chi bộ 1",
        path=Path("CB01.xlsx"),
        row=7,
        full_name="Lê Văn Tám",
        birth_date=dt.date(1971, 6, 6),
        gender="male",
        admission_date=dt.date(1996, 5, 19),
        official_date=official,
    )


def test_an_official_date_after_the_award_date_is_marked_and_one_on_it_is_not() -> None:
    cutoff = dt.date(2026, 3, 31)  # the 30 years are reached on 19/05/2026, an award date
    later = badges.entry(_member_admitted_1996(dt.date(2026, 6, 1)), Context(cutoff, {}))
    assert later is not None and later.flagged and later.due == dt.date(2026, 5, 19)
    assert later.note == f"Ngày chính thức 01/6/2026 sau đợt trao: {NOT_OFFICIAL_MARK}"
    assert later.source.cell == "I7"
    on_the_day = badges.entry(_member_admitted_1996(dt.date(2026, 5, 19)), Context(cutoff, {}))
    assert on_the_day is not None and not on_the_day.flagged and on_the_day.note is None
    # with a readmission row too, both notes, the recount first
    readmitted = {("lê văn tám", dt.date(1971, 6, 6)): Readmission("CB02.xlsx", 5)}
    both = badges.entry(_member_admitted_1996(None), Context(cutoff, readmitted))
    assert both is not None and both.flagged
    assert both.note == (
        f"{RECOUNT}: có dòng “Kết nạp lại” (CB02.xlsx, Biến động dòng 5); chưa ghi ngày chính thức: "
        f"{NOT_OFFICIAL_MARK}"
    )
    assert both.source.cell == "H7"  # the admission date to recount from


def test_a_readmitted_members_official_date_of_the_first_membership_is_no_recognition(tmp_path: Path) -> None:
    """hunt361: Lê Văn Lại, admitted 1986 and recognised 1987, was readmitted on 15/06/2025; his
    roll keeps the first membership's dates. `Dự bị đến hạn` lists him as probationary since the
    readmission (12 months end 15/06/2026), yet the badge row of 19/05/2026, four weeks before
    that, took the 1987 official date for a recognition and said only to recount: the official
    date is now checked as the probation list reads it."""
    cb01 = REGISTRY.organisations[1]
    folder = tmp_path / "bai_nop"
    submission(
        folder,
        cb01,
        [_member("Lê Văn Lại", "10/01/1962", "male", "10/05/1986", "10/05/1987")],
        events=[
            {
                "full_name": "Lê Văn Lại",
                "birth_date": dt.date(1962, 1, 10),
                "event_type": "readmitted",
                "event_date": dt.date(2025, 6, 15),
                "decision_no": "1-QĐ/ĐU",
            }
        ],
    )
    out = tmp_path / "danh_sach.xlsx"
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    row = _badge_rows(out)["Lê Văn Lại"]
    assert row[6:9] == (40, dt.datetime(2026, 5, 10), dt.datetime(2026, 5, 19))
    assert row[-3] == (
        f"{RECOUNT}: có dòng “Kết nạp lại” (CB01.xlsx, Biến động dòng 2); ngày chính thức 10/5/1987 ghi trên "
        "danh sách có trước ngày kết nạp lại 15/6/2025 (là của lần vào Đảng trước): "
        f"{NOT_OFFICIAL_MARK}"
    )
    assert row[-1] == RED and row[-2] == "H2"  # the admission date to recount from
    probation = openpyxl.load_workbook(out)["Dự bị đến hạn"]
    assert [r[3].value for r in probation.iter_rows(min_row=HEADER_ROW + 1) if r[0].value] == ["Lê Văn Lại"]
