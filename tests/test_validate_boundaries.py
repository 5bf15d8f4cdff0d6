"""The rules of template 2026.2 at their boundaries: ages at admission in completed months,
education of new members, recognition later than 12 months + 30 days, temporary exemptions
over 12 months, the old-age thresholds as settings, ratings against the members not exempted,
expelling a probationary member, and transfers inside the ward across files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from helpers_validate import clean_events, clean_info, clean_members, clean_years, codes, member, run, write

from toolkit.core import layout
from toolkit.core.model import Organisation, Registry
from toolkit.core.thresholds import Thresholds


def with_member(index: int, **over: Any) -> list[dict[str, Any]]:
    rows = clean_members()
    rows[index].update(over)
    return rows


def found(tmp_path: Path, code: str, **kw: Any) -> list[Any]:
    thresholds = kw.pop("thresholds", None)
    result = run(write(tmp_path, **kw), thresholds=thresholds)
    return [i for i in result.issues if i.code == code]


# The first clean member was admitted on 02/03/2005.
@pytest.mark.parametrize(
    ("birth", "reported", "age"),
    [
        (dt.date(1987, 3, 2), False, None),  # 18 years 0 months on the day
        (dt.date(1987, 3, 3), True, "17 tuổi 11 tháng"),  # one day short
    ],
)
def test_under_18_counts_completed_months(
    tmp_path: Path, birth: dt.date, reported: bool, age: str | None
) -> None:
    hits = found(tmp_path, "member.under_18", members=with_member(0, birth_date=birth))
    assert bool(hits) == reported
    if age:
        assert f"khi mới {age}" in hits[0].message


@pytest.mark.parametrize(
    ("birth", "admission", "reported"),
    [
        (dt.date(1945, 3, 2), dt.date(2005, 3, 2), False),  # 60 years 0 months
        (dt.date(1945, 3, 2), dt.date(2005, 4, 1), False),  # 60 years 0 months 30 days
        (dt.date(1945, 3, 2), dt.date(2005, 4, 2), True),  # 60 years 1 month
    ],
)
def test_over_60_at_admission_is_a_warning_from_60_years_1_month(
    tmp_path: Path, birth: dt.date, admission: dt.date, reported: bool
) -> None:
    rows = with_member(
        0, birth_date=birth, admission_date=admission, official_date=admission.replace(year=2006)
    )
    hits = found(tmp_path, "member.admission_over_60", members=rows)
    assert bool(hits) == reported
    if reported:
        assert hits[0].severity == "warning"
        assert "60 tuổi 1 tháng" in hits[0].message


@pytest.mark.parametrize(
    ("admission", "gen_edu", "reported"),
    [
        (dt.date(2025, 10, 1), "lower_secondary", False),
        (dt.date(2025, 10, 1), "primary", True),
        (dt.date(2025, 10, 1), "literate", True),
        (dt.date(2025, 1, 1), "primary", True),  # the period's first day
        (dt.date(2024, 12, 31), "primary", False),  # admitted before the period
    ],
)
def test_members_admitted_in_the_period_need_lower_secondary_school(
    tmp_path: Path, admission: dt.date, gen_edu: str, reported: bool
) -> None:
    rows = with_member(4, admission_date=admission, gen_edu=gen_edu)
    events = clean_events()
    events[0]["event_date"] = admission if admission >= dt.date(2025, 1, 1) else dt.date(2025, 1, 2)
    if admission < dt.date(2025, 1, 1):
        events = events[1:]
    hits = found(tmp_path, "member.admission_education", members=rows, events=events)
    assert bool(hits) == reported


@pytest.mark.parametrize(
    ("admission", "official", "reported"),
    [
        (dt.date(2005, 3, 2), dt.date(2006, 4, 13), False),  # 12 months + 30 working days
        (dt.date(2005, 3, 2), dt.date(2006, 4, 14), True),
        (dt.date(2004, 2, 29), dt.date(2005, 4, 11), False),  # probation ends 28/02/2005
        (dt.date(2004, 2, 29), dt.date(2005, 4, 12), True),
        # On time 35 days after the 12 months, as probation_overdue reads the same deadline
        # (found: a warning for a recognition in time). Giỗ Tổ (taken on Monday 27/04), 30/4
        # and 1/5/2026 are not working days: the deadline is Friday 15/05/2026, not 12/05.
        (dt.date(2025, 3, 31), dt.date(2026, 5, 5), False),
        (dt.date(2025, 3, 31), dt.date(2026, 5, 13), False),
        (dt.date(2025, 3, 31), dt.date(2026, 5, 15), False),
        (dt.date(2025, 3, 31), dt.date(2026, 5, 16), True),
    ],
)
def test_official_date_more_than_30_days_after_probation_is_a_warning(
    tmp_path: Path, admission: dt.date, official: dt.date, reported: bool
) -> None:
    rows = with_member(0, admission_date=admission, official_date=official)
    hits = found(tmp_path, "member.official_late", members=rows)
    assert bool(hits) == reported
    if reported:
        assert hits[0].severity == "warning"


@pytest.mark.parametrize(
    ("start", "reason", "reported"),
    [
        (dt.date(2025, 3, 31), "working_away", False),  # exactly 12 months at the cut-off
        (dt.date(2025, 3, 30), "working_away", True),
        (dt.date(2025, 3, 30), "long_treatment", True),
        (dt.date(2020, 1, 1), "old_age_ill_health", False),  # not temporary
    ],
)
def test_temporary_exemption_over_12_months_at_the_cutoff(
    tmp_path: Path, start: dt.date, reason: str, reported: bool
) -> None:
    rows = with_member(0, birth_date=dt.date(1950, 5, 12), exempt_from=start, exempt_reason=reason)
    years = clean_years()
    years[0].update(rated_good=2, not_rated=2)
    hits = found(tmp_path, "member.temporary_exemption_long", members=rows, years=years)
    assert bool(hits) == reported


def test_old_age_thresholds_are_settings(tmp_path: Path) -> None:
    # A woman of 43 and a man of exactly 60 at the cut-off, both exempted for old age.
    rows = with_member(1, exempt_from=dt.date(2025, 6, 1), exempt_reason="old_age_ill_health")
    rows[0].update(
        birth_date=dt.date(1966, 3, 31),
        admission_date=dt.date(1990, 3, 2),
        official_date=dt.date(1991, 3, 2),
        exempt_from=dt.date(2026, 3, 31),
        exempt_reason="old_age_ill_health",
    )
    years = clean_years()
    years[0].update(rated_good=2, not_rated=2)
    by_default = found(tmp_path, "member.exempt_age", members=rows, years=years)
    assert [i.cell for i in by_default] == ["S3"]
    assert "cần từ 55 tuổi" in by_default[0].message
    set_by_ward = found(
        tmp_path,
        "member.exempt_age",
        members=rows,
        years=years,
        thresholds=Thresholds(old_age_men=62, old_age_women=40),
    )
    assert [i.cell for i in set_by_ward] == ["S2"]
    assert "cần từ 62 tuổi" in set_by_ward[0].message


def test_a_threshold_out_of_range_is_refused_in_vietnamese() -> None:
    from toolkit.core.errors import SettingError

    with pytest.raises(SettingError, match="từ 40 đến 90"):
        Thresholds(old_age_men=6)


@pytest.mark.parametrize(("good", "reported"), [(3, False), (4, True)])
def test_those_rated_must_fit_the_members_not_exempted(tmp_path: Path, good: int, reported: bool) -> None:
    # 5 members at the end of 2025, one exempted since 2020: 4 may be rated.
    years = clean_years()
    years[0].update(rated_good=good, rated_pass=1, not_rated=0)
    hits = found(tmp_path, "year.rated_exceed_not_exempt", years=years)
    assert bool(hits) == (good + 1 > 4)
    assert bool(hits) == reported


def test_those_rated_over_the_members_not_exempted_name_the_value_their_cell_holds(tmp_path: Path) -> None:
    """The issue is at the first rating cell (E2, "Hoàn thành xuất sắc"): its value is what
    that cell holds, as every issue's; the sum of the ratings, which no cell holds, is said in
    the message (Kiểm tra showed 5 beside E2 holding 1)."""
    import openpyxl

    years = clean_years()
    years[0].update(rated_excellent=1, rated_good=3, rated_pass=1, not_rated=0)
    path = write(tmp_path, years=years)
    (issue,) = [i for i in run(path).issues if i.code == "year.rated_exceed_not_exempt"]
    held = openpyxl.load_workbook(path)[issue.sheet][issue.cell].value
    assert (issue.cell, issue.value, held) == ("E2", "1", 1)
    assert "Năm 2025: 5 đảng viên được xếp loại" in issue.message


@pytest.mark.parametrize(("probationary", "reported"), [("yes", True), ("no", False), (None, False)])
def test_expelling_a_member_marked_probationary_is_an_error(
    tmp_path: Path, probationary: str | None, reported: bool
) -> None:
    events = clean_events()
    events.append(
        {
            "full_name": "Đinh Văn Khải",
            "birth_date": dt.date(1999, 9, 9),
            "event_type": "expelled",
            "event_date": dt.date(2025, 8, 1),
            "was_probationary": probationary,
        }
    )
    hits = found(tmp_path, "event.expelled_probationary", events=events)
    assert bool(hits) == reported
    if reported:
        assert hits[0].severity == "error"
        assert "Xóa tên" in hits[0].message


MOVED = {"full_name": "Đinh Văn Khải", "birth_date": dt.date(1985, 9, 9), "transfer_scope": "internal"}


def _second_org(tmp_path: Path, events: list[dict[str, Any]]) -> Path:
    rows = [
        member(full_name=f"Người CB08 {n}", birth_date=dt.date(1970 + n, 1, 1), card_no=f"CB08-{n}")
        for n in range(1, 4)
    ]
    return write(tmp_path, "b.xlsx", info=clean_info(org_code="CB08"), members=rows, events=events, years=[])


def test_an_internal_transfer_recorded_on_both_sides_is_not_reported(tmp_path: Path) -> None:
    out = [*clean_events(), {**MOVED, "event_type": "transfer_out", "event_date": dt.date(2025, 8, 1)}]
    a = write(tmp_path, "a.xlsx", events=out)
    b = _second_org(tmp_path, [{**MOVED, "event_type": "transfer_in", "event_date": dt.date(2025, 8, 3)}])
    assert "event.internal_transfer_unmatched" not in codes(run(a, b).issues)


def test_an_internal_transfer_without_its_other_side_is_a_warning_on_its_row(tmp_path: Path) -> None:
    a = write(tmp_path, "a.xlsx")
    incoming = {**MOVED, "event_type": "transfer_in", "event_date": dt.date(2025, 8, 3)}
    # The other side in the same file does not count: it must come from another organisation.
    b = _second_org(
        tmp_path, [incoming, {**MOVED, "event_type": "transfer_out", "event_date": dt.date(2025, 9, 3)}]
    )
    hits = [i for i in run(a, b).issues if i.code == "event.internal_transfer_unmatched"]
    assert sorted((i.file, i.cell, i.severity) for i in hits) == [
        ("b.xlsx", "G2", "warning"),
        ("b.xlsx", "G3", "warning"),
    ]
    assert (
        "chuyển đến trong Đảng bộ phường" in hits[0].message
        or "chuyển đi trong Đảng bộ phường" in hits[0].message
    )


def _incoming_only(tmp_path: Path) -> Path:
    return _second_org(tmp_path, [{**MOVED, "event_type": "transfer_in", "event_date": dt.date(2025, 8, 3)}])


def test_an_unmatched_transfer_names_the_organisations_not_read(tmp_path: Path) -> None:
    """The other side may be in a file the run has not read: the registry's organisations with
    no readable file are named, so the clerk does not chase a row that was never seen."""
    a = write(tmp_path, "a.xlsx")
    (tmp_path / "c.xlsx").write_bytes(b"not a workbook")  # CB09's file, unreadable
    orgs = [
        Organisation("CB07", "Chi bộ Tổ dân phố số 7", "chi_bo_truc_thuoc", "to_dan_pho"),
        Organisation("CB08", "Chi bộ Tổ dân phố số 8", "chi_bo_truc_thuoc", "to_dan_pho"),
        Organisation("CB09", "Chi bộ Tổ dân phố số 9", "chi_bo_truc_thuoc", "to_dan_pho"),
    ]
    b = _incoming_only(tmp_path)
    (hit,) = [
        i for i in run(a, b, tmp_path / "c.xlsx", registry=Registry(orgs)).issues if i.code == CODE_UNMATCHED
    ]
    assert hit.message.endswith(
        "Lưu ý: chưa đọc được số liệu của 1 tổ chức (CB09); nếu người này chuyển từ hoặc đến một "
        "trong các tổ chức đó, dòng tương ứng có thể nằm ở tệp của tổ chức ấy."
    )
    (hit,) = [i for i in run(a, b, tmp_path / "c.xlsx").issues if i.code == CODE_UNMATCHED]
    assert hit.message.endswith("Lưu ý: 1 tệp không đọc được; dòng tương ứng có thể nằm ở đó.")


def test_an_unmatched_transfer_with_every_file_read_adds_nothing(tmp_path: Path) -> None:
    a = write(tmp_path, "a.xlsx")
    (hit,) = [i for i in run(a, _incoming_only(tmp_path)).issues if i.code == CODE_UNMATCHED]
    assert hit.message.endswith("hoặc đề nghị tổ chức kia ghi biến động tương ứng.")


CODE_UNMATCHED = "event.internal_transfer_unmatched"


CODE_WITHIN = "event.transfer_scope_within_ward"


@pytest.mark.parametrize(
    ("scope_out", "scope_in", "days", "flagged"),
    [
        # Both sides name another scope: the ward counted one member leaving and one joining.
        ("same_province", "same_province", 0, ["a.xlsx", "b.xlsx"]),
        ("other_province", "same_province", 20, ["a.xlsx", "b.xlsx"]),
        # One side says "trong Đảng bộ phường": the other is said (and the first is unmatched).
        ("internal", "same_province", 2, ["b.xlsx"]),
        # Both inside the ward: as it should be.
        ("internal", "internal", 2, []),
        # Months apart: a member who left the ward and came back later moved twice.
        ("other_province", "other_province", 200, []),
    ],
)
def test_a_move_between_two_files_of_the_ward_with_an_outside_scope_is_said(
    tmp_path: Path, scope_out: str, scope_in: str, days: int, flagged: list[str]
) -> None:
    """A tester's case: a member moved from one chi bộ of the ward to another, both sides typed
    "Xã, phường khác trong tỉnh": no word, and Biểu 1 counted a transfer out of the ward (C.5)
    and one into it (B.2)."""
    out_date = dt.date(2025, 8, 1)
    leaving = {**MOVED, "transfer_scope": scope_out, "event_type": "transfer_out", "event_date": out_date}
    arriving = {
        **MOVED,
        "transfer_scope": scope_in,
        "event_type": "transfer_in",
        "event_date": out_date + dt.timedelta(days=days),
    }
    a = write(tmp_path, "a.xlsx", events=[*clean_events(), leaving])
    b = _second_org(tmp_path, [arriving])
    hits = [i for i in run(a, b).issues if i.code == CODE_WITHIN]
    assert sorted(i.file for i in hits) == flagged
    for hit in hits:
        assert hit.severity == "warning"
        assert hit.cell is not None and hit.cell.rstrip("0123456789") == layout.EVENTS.letter(
            "transfer_scope"
        )
        other = "b.xlsx" if hit.file == "a.xlsx" else "a.xlsx"
        assert f"tệp “{other}” của phường" in hit.message
        assert (
            "Biểu 1, mục B.2 và C.5" in hit.message and "“Trong Đảng bộ phường” ở cả hai tệp" in hit.message
        )
        assert "Đinh Văn Khải" not in (hit.private_message or "")
