"""One workbook per rule, each with exactly one planted defect: code, severity and cell reported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers_validate import (
    clean_events,
    clean_info,
    clean_members,
    clean_years,
    codes,
    member,
    run,
    write,
)

from toolkit.core import layout, rules
from toolkit.core.model import Organisation, Registry

M, E, Y, INFO = layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_YEARS, layout.SHEET_INFO


def mc(key: str, row: int) -> str:
    """The cell of a `Đảng viên` field in the current template."""
    return layout.MEMBERS.cell(key, row)


def ic(key: str) -> str:
    """The cell of a `Thông tin` field in the current template."""
    return layout.INFO.cell(key)


def members_with(index: int, **over: Any) -> dict[str, Any]:
    rows = clean_members()
    rows[index].update(over)
    return {"members": rows}


def events_with(index: int, **over: Any) -> dict[str, Any]:
    rows = clean_events()
    rows[index].update(over)
    return {"events": rows}


def years_with(index: int, **over: Any) -> dict[str, Any]:
    rows = clean_years()
    rows[index].update(over)
    return {"years": rows}


def info_with(**over: Any) -> dict[str, Any]:
    return {"info": clean_info(**over)}


def extra_member(**over: Any) -> dict[str, Any]:
    rows = clean_members()
    rows.append(member(row_no=6, **over))
    return {"members": rows}


def extra_event(**over: Any) -> dict[str, Any]:
    rows = clean_events()
    rows.append({"row_no": 3, **over})
    return {"events": rows}


# (code, workbook change, sheet, cell); severity comes from the catalogue and is asserted too.
CASES: list[tuple[str, Callable[[], dict[str, Any]], str | None, str | None]] = [
    ("member.required", lambda: members_with(0, full_name=None), M, mc("full_name", 2)),
    ("member.required", lambda: members_with(1, occupation=None), M, mc("occupation", 3)),
    ("member.not_allowed", lambda: members_with(0, gender="Namm"), M, mc("gender", 2)),
    ("member.not_allowed", lambda: members_with(2, prof_level="Đại hoc tại chức"), M, mc("prof_level", 4)),
    ("member.bad_date", lambda: members_with(0, birth_date="31/02/1975"), M, mc("birth_date", 2)),
    ("member.bad_date", lambda: members_with(0, birth_date="1975"), M, mc("birth_date", 2)),
    (
        "member.future_date",
        lambda: members_with(0, exempt_from=dt.date(2027, 1, 1), exempt_reason="other"),
        M,
        mc("exempt_from", 2),
    ),
    (
        "member.before_1900",
        lambda: members_with(0, exempt_from="01/05/1899", exempt_reason="other"),
        M,
        mc("exempt_from", 2),
    ),
    ("member.not_integer", lambda: members_with(0, row_no="một"), M, mc("row_no", 2)),
    ("member.under_18", lambda: members_with(0, birth_date=dt.date(1990, 1, 1)), M, mc("admission_date", 2)),
    (
        "member.birth_after_admission",
        lambda: members_with(0, birth_date=dt.date(2010, 1, 1)),
        M,
        mc("admission_date", 2),
    ),
    (
        "member.admission_over_60",
        lambda: members_with(0, birth_date=dt.date(1940, 1, 1)),
        M,
        mc("admission_date", 2),
    ),
    (
        "member.after_cutoff",
        lambda: members_with(4, admission_date=dt.date(2026, 4, 15), official_date=None, card_no=None),
        M,
        mc("admission_date", 6),
    ),
    (
        "member.official_too_early",
        lambda: members_with(0, official_date=dt.date(2005, 12, 1)),
        M,
        mc("official_date", 2),
    ),
    (
        "member.probation_overdue",
        lambda: members_with(0, official_date=None, card_no=None),
        M,
        mc("official_date", 2),
    ),
    ("member.card_on_probationary", lambda: members_with(4, card_no="01239999"), M, mc("card_no", 6)),
    ("member.duplicate", lambda: extra_member(card_no="09999999"), M, mc("full_name", 7)),
    ("member.duplicate_card", lambda: members_with(1, card_no="01234567"), M, mc("card_no", 3)),
    (
        "member.exempt_age",
        lambda: members_with(1, exempt_from=dt.date(2024, 1, 1), exempt_reason="old_age_ill_health"),
        M,
        mc("exempt_reason", 3),
    ),
    (
        "member.exempt_before_admission",
        lambda: members_with(1, exempt_from=dt.date(2009, 1, 1), exempt_reason="long_treatment"),
        M,
        mc("exempt_from", 3),
    ),
    (
        "member.youth_union_age",
        lambda: members_with(0, youth_union="yes"),
        M,
        mc("youth_union", 2),
    ),
    (
        "member.exempt_incomplete",
        lambda: members_with(0, exempt_from=dt.date(2024, 1, 1)),
        M,
        mc("exempt_reason", 2),
    ),
    ("event.required", lambda: events_with(1, full_name=None), E, "B3"),
    ("event.not_allowed", lambda: events_with(1, event_type="Chuyển vùng"), E, "D3"),
    ("event.bad_date", lambda: events_with(1, event_date="15/13/2025"), E, "E3"),
    ("event.future_date", lambda: events_with(1, event_date=dt.date(2026, 12, 1)), E, "E3"),
    ("event.before_1900", lambda: events_with(1, event_date="01/01/1899"), E, "E3"),
    ("event.not_integer", lambda: events_with(0, row_no="x"), E, "A2"),
    ("event.outside_period", lambda: events_with(1, event_date=dt.date(2024, 6, 1)), E, "E3"),
    ("event.no_strike_ground", lambda: events_with(1, event_type="struck_off"), E, "F3"),
    ("event.ground_not_needed", lambda: events_with(1, strike_ground="other"), E, "F3"),
    (
        "event.left_still_on_roll",
        lambda: extra_event(
            full_name="Nguyễn Văn An",
            birth_date=dt.date(1975, 5, 12),
            event_type="transfer_out",
            event_date=dt.date(2025, 5, 1),
        ),
        M,
        mc("full_name", 2),
    ),
    ("event.admission_missing", lambda: {"events": clean_events()[1:]}, M, mc("admission_date", 6)),
    ("member.required", lambda: members_with(0, ethnicity=None), M, mc("ethnicity", 2)),
    ("member.required", lambda: members_with(1, religion=None), M, mc("religion", 3)),
    ("member.not_allowed", lambda: members_with(0, ethnicity="Kinhh"), M, mc("ethnicity", 2)),
    ("member.not_allowed", lambda: members_with(0, occupation="Cán bộ, công chức"), M, mc("occupation", 2)),
    ("member.admission_education", lambda: members_with(4, gen_edu="primary"), M, mc("gen_edu", 6)),
    (
        "member.official_late",
        lambda: members_with(0, official_date=dt.date(2006, 6, 1)),
        M,
        mc("official_date", 2),
    ),
    (
        "member.temporary_exemption_long",
        lambda: members_with(1, exempt_from=dt.date(2025, 3, 30), exempt_reason="working_away"),
        M,
        mc("exempt_from", 3),
    ),
    ("event.no_transfer_scope", lambda: events_with(1, event_type="transfer_out"), E, "G3"),
    ("event.scope_not_needed", lambda: events_with(1, transfer_scope="same_province"), E, "G3"),
    (
        "event.expelled_probationary",
        lambda: extra_event(
            full_name="Đinh Văn Khải",
            birth_date=dt.date(1999, 9, 9),
            event_type="expelled",
            event_date=dt.date(2025, 8, 1),
            was_probationary="yes",
        ),
        E,
        "D4",
    ),
    (
        "event.internal_transfer_unmatched",
        lambda: extra_event(
            full_name="Đinh Văn Khải",
            birth_date=dt.date(1999, 9, 9),
            event_type="transfer_out",
            event_date=dt.date(2025, 8, 1),
            transfer_scope="internal",
        ),
        E,
        "G4",
    ),
    ("year.rated_exceed_not_exempt", lambda: years_with(0, rated_good=4, not_rated=0), Y, "E2"),
    ("year.required", lambda: years_with(1, year=None, candidates_trained=1), Y, "A3"),
    ("year.not_integer", lambda: years_with(0, candidates_trained="ba"), Y, "B2"),
    ("year.outside_period", lambda: years_with(1, year=2027), Y, "A3"),
    ("year.duplicate", lambda: years_with(1, year=2025), Y, "A3"),
    ("year.negative", lambda: years_with(0, candidates_trained=-1), Y, "B2"),
    ("year.completed_gt_trained", lambda: years_with(0, new_members_completed=2), Y, "D2"),
    ("year.ratings_exceed_members", lambda: years_with(0, rated_good=40), Y, "A2"),
    ("year.excellent_share", lambda: years_with(0, rated_excellent=2), Y, "E2"),
    ("info.required", lambda: info_with(org_name=None), INFO, ic("org_name")),
    ("info.not_allowed", lambda: info_with(sector="Khối xyz abc"), INFO, ic("sector")),
    ("info.bad_date", lambda: info_with(cutoff_date="31/04/2026"), INFO, ic("cutoff_date")),
    ("info.before_1900", lambda: info_with(period_start="01/01/1899"), INFO, ic("period_start")),
    # `Ngày lập biểu` counts in no figure: warnings (fix352).
    ("info.prepared_bad_date", lambda: info_with(prepared_on="31/04/2026"), INFO, ic("prepared_on")),
    ("info.prepared_before_1900", lambda: info_with(prepared_on="01/01/1899"), INFO, ic("prepared_on")),
    ("info.period", lambda: info_with(period_start=dt.date(2026, 5, 1)), INFO, ic("period_start")),
    # Nobody on the roll and nobody in the period (one who died in it makes the file the last
    # report of an organisation dissolved: `org.no_members_at_cutoff`, tests/test_dissolved_org.py).
    ("org.no_members", lambda: {"members": [], "events": []}, M, None),
    (
        "org.few_full_members",
        lambda: {"members": [clean_members()[0], clean_members()[1], clean_members()[4]]},
        M,
        None,
    ),
]


@pytest.mark.parametrize(
    ("code", "change", "sheet", "cell"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_rule_reports_code_severity_and_cell(
    tmp_path: Path, code: str, change: Callable[[], dict[str, Any]], sheet: str | None, cell: str | None
) -> None:
    path = write(tmp_path, **change())
    result = run(path)
    hits = [i for i in result.issues if i.code == code]
    assert hits, f"{code} not reported; got {codes(result.issues)}"
    issue = hits[0]
    assert issue.severity == rules.RULES[code].severity
    assert (issue.sheet, issue.cell) == (sheet, cell)
    assert issue.file == path.name
    assert issue.org_code == "CB07"
    if cell is not None:
        assert f"ô {cell}" in issue.message
    assert result.submissions[0].status == (
        "errors" if issue.severity == "error" else result.submissions[0].status
    )


def test_unknown_category_suggests_the_closest_allowed_value(tmp_path: Path) -> None:
    result = run(write(tmp_path, **members_with(0, gen_edu="Trung hoc pho thong xx")))
    issue = next(i for i in result.issues if i.code == "member.not_allowed")
    assert issue.value == "Trung hoc pho thong xx"
    assert "có phải “Trung học phổ thông”?" in issue.message
    assert issue.column == "Trình độ giáo dục phổ thông"


def test_official_too_early_message_names_row_column_cell_and_dates(tmp_path: Path) -> None:
    rows = clean_members()
    rows.insert(0, member(full_name="Đỗ Văn Giang", card_no="01230000", birth_date=dt.date(1980, 1, 1)))
    rows[0].update(admission_date=dt.date(2024, 6, 10), official_date=dt.date(2025, 3, 5))
    result = run(write(tmp_path, members=rows))
    issue = next(i for i in result.issues if i.code == "member.official_too_early")
    assert issue.message.startswith(
        "Dòng 2, cột “Ngày chính thức” (ô I2): 05/03/2025 sớm hơn ngày vào Đảng 10/06/2024 cộng 12 tháng "
        "(10/06/2025)."
    )
    assert issue.value == "05/03/2025"


def registry(**over: Any) -> Registry:
    org = {
        "org_code": "CB07",
        "org_name": "Chi bộ Tổ dân phố số 7",
        "org_tier": "chi_bo_truc_thuoc",
        "sector": "to_dan_pho",
    }
    org.update(over)
    return Registry(
        [
            Organisation(**org),
            Organisation("CB08", "Chi bộ Tổ dân phố số 8", "chi_bo_truc_thuoc", "to_dan_pho"),
        ]
    )


@pytest.mark.parametrize(
    ("code", "reg", "cell"),
    [
        ("org.tier_mismatch", registry(org_tier="chi_bo_co_so"), ic("org_tier")),
        ("org.sector_mismatch", registry(sector="su_nghiep"), ic("sector")),
        ("org.unknown", registry(org_code="CB70"), ic("org_code")),
    ],
)
def test_registry_rules(tmp_path: Path, code: str, reg: Registry, cell: str) -> None:
    result = run(write(tmp_path), registry=reg)
    issue = next(i for i in result.issues if i.code == code)
    assert (issue.severity, issue.sheet, issue.cell) == (rules.RULES[code].severity, INFO, cell)


def test_clean_submission_matches_registry(tmp_path: Path) -> None:
    assert run(write(tmp_path), registry=registry()).issues == []


def test_cutoff_of_the_consolidation_must_match(tmp_path: Path) -> None:
    result = run(write(tmp_path), cutoff=dt.date(2026, 6, 30))
    issue = next(i for i in result.issues if i.code == "org.cutoff_mismatch")
    assert (issue.severity, issue.sheet, issue.cell, issue.value) == (
        "error",
        INFO,
        ic("cutoff_date"),
        "31/03/2026",
    )
    assert run(write(tmp_path), cutoff=dt.date(2026, 3, 31)).issues == []


def other_org(code: str, *, keep_member: bool = False, **info: Any) -> dict[str, Any]:
    first = member(full_name=f"Người {code} Một", birth_date=dt.date(1971, 1, 1), card_no=f"{code}-1")
    rows = [
        first if not keep_member else clean_members()[0] | {"card_no": f"{code}-1"},
        member(full_name=f"Người {code} Hai", birth_date=dt.date(1972, 1, 1), card_no=f"{code}-2"),
        member(full_name=f"Người {code} Ba", birth_date=dt.date(1973, 1, 1), card_no=f"{code}-3"),
    ]
    return {"info": clean_info(org_code=code, **info), "members": rows, "events": [], "years": []}


def test_cross_file_duplicates_and_two_files_for_one_organisation(tmp_path: Path) -> None:
    a = write(tmp_path, "a.xlsx")
    b = write(tmp_path, "b.xlsx", **other_org("CB08", keep_member=True))
    c = write(tmp_path, "c.xlsx", **other_org("CB07"))
    result = run(a, b, c)
    dup_person = [i for i in result.issues if i.code == "member.duplicate_other_file"]
    assert {(i.file, i.cell) for i in dup_person} == {("a.xlsx", "B2"), ("b.xlsx", "B2")}
    assert "b.xlsx (dòng 2)" in next(i for i in dup_person if i.file == "a.xlsx").message
    dup_org = [i for i in result.issues if i.code == "org.duplicate_file"]
    assert {(i.file, i.cell, i.severity) for i in dup_org} == {
        ("a.xlsx", "B1", "error"),
        ("c.xlsx", "B1", "error"),
    }
    assert {f["file"]: f["status"] for f in result.files()} == {
        "a.xlsx": "errors",
        "b.xlsx": "errors",
        "c.xlsx": "errors",
    }


def test_duplicate_card_across_files(tmp_path: Path) -> None:
    a = write(tmp_path, "a.xlsx")
    other = other_org("CB08")
    other["members"][1]["card_no"] = "01234568"
    b = write(tmp_path, "b.xlsx", **other)
    result = run(a, b)
    hits = {(i.file, i.cell) for i in result.issues if i.code == "member.duplicate_card"}
    assert hits == {("a.xlsx", mc("card_no", 3)), ("b.xlsx", mc("card_no", 3))}


def test_masked_a_cross_file_duplicate_still_names_the_other_file_and_row(tmp_path: Path) -> None:
    """Without member-level data the member's name, birth date and card are hidden, but the
    other organisation's file and row stay: a file name and a row are nobody's personal data,
    and without them neither the secretary nor the clerk can tell whom to agree with. The
    in-file card duplicate's `other` quotes a member's name: that stays hidden, its row shown."""
    first = clean_members()[0]
    third = clean_members()[2]  # row 4; its card again on row 7, another name
    a = write(tmp_path, "a.xlsx", members=[*clean_members(), {**third, "full_name": "Người Khác"}])
    other = other_org("CB08", keep_member=True)
    other["members"][1]["card_no"] = "01234568"
    b = write(tmp_path, "b.xlsx", **other)
    result = run(a, b)
    result.mask_personal_data()
    masked = {(i.code, i.file, i.cell): i.message for i in result.issues}
    person = masked["member.duplicate_other_file", "a.xlsx", "B2"]
    assert "cũng có trong tệp b.xlsx (dòng 2)." in person and first["full_name"] not in person
    card = masked["member.duplicate_card", "a.xlsx", mc("card_no", 3)]
    assert "trùng với b.xlsx (dòng 3)." in card and "01234568" not in card
    in_file = masked["member.duplicate_card", "a.xlsx", mc("card_no", 7)]
    assert third["full_name"] not in in_file and rules.HIDDEN in in_file
    # its row is nobody's data: without it the secretary had no row to look at (hunt190 F1)
    assert "trùng với dòng 4. " in in_file, in_file


def test_cutoff_differing_from_the_other_files_is_a_warning(tmp_path: Path) -> None:
    a = write(tmp_path, "a.xlsx")
    b = write(tmp_path, "b.xlsx", **other_org("CB08"))
    c = write(tmp_path, "c.xlsx", **other_org("CB09", cutoff_date=dt.date(2026, 6, 30)))
    result = run(a, b, c)
    hits = [i for i in result.issues if i.code == "org.cutoff_differs"]
    assert [(i.file, i.cell, i.severity) for i in hits] == [("c.xlsx", ic("cutoff_date"), "warning")]


def test_validate_submission_appends_to_the_submission(tmp_path: Path) -> None:
    from toolkit.io.reader import read_submission
    from toolkit.validation import validate_submission

    sub = read_submission(write(tmp_path, **members_with(0, gender="Namm")))
    returned = validate_submission(sub)
    assert returned == sub.issues
    assert codes(sub.issues) == ["member.not_allowed"]
    assert sub.has_errors


def test_every_catalogued_rule_has_a_vietnamese_template_and_known_severity() -> None:
    for code, r in rules.RULES.items():
        assert r.severity in ("error", "warning"), code
        assert r.template and r.title, code
        assert code.split(".")[0] in {
            "file",
            "cell",
            "info",
            "member",
            "event",
            "year",
            "org",
            "norm",
            "registry",
            "excel",
            "ward",
            "folder",
            "form",
            "history",
            "rollup",
        }


def test_docs_rules_table_is_generated_from_the_catalogue(repo_root: Path) -> None:
    assert (repo_root / "docs" / "rules.md").read_text(encoding="utf-8") == rules.rules_markdown()


def test_a_long_temporary_exemption_is_said_to_the_chi_bo_itself(tmp_path: Path) -> None:
    """hunt255 L4: the warning goes to the chi bộ's own feedback file; "Hãy để chi bộ xem xét
    lại" told the chi bộ to let the chi bộ look at it."""
    path = write(tmp_path, **members_with(1, exempt_from=dt.date(2025, 3, 30), exempt_reason="working_away"))
    (issue,) = [i for i in run(path).issues if i.code == "member.temporary_exemption_long"]
    assert issue.message.endswith("Chi bộ cần xem xét lại việc tạm miễn và ghi lại ngày, lý do cho đúng.")
