"""Dates no member can have (hunt320 F3): a member "born 04/06/1910, admitted 01/01/1929" was
validated with no error and no warning. The Communist Party of Vietnam was founded on 03/02/1930,
so an admission (`Ngày vào Đảng`), a recognition (`Ngày chính thức`) or a `Kết nạp`/`Kết nạp lại`
row dated before it is an error at its cell (`member.before_party_founded`,
`event.before_party_founded`); a member over 110 at the cut-off is questioned at the birth date
(`member.age_implausible`). Real workbooks, validated as the CLI does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from helpers_validate import CUTOFF, clean_events, clean_members, member, only, run, write

from toolkit.cli import main
from toolkit.core import layout
from toolkit.outputs.template import write_blank_template

COMMITTED = Path(__file__).resolve().parent.parent / "xlsx_templates" / layout.TEMPLATE_FILENAME

# The row of hunt320's repro: born 04/06/1910, admitted 01/01/1929 (115 at the cut-off).
OLD = member(
    row_no=6,
    full_name="Vũ Văn Cổ",
    birth_date=dt.date(1910, 6, 4),
    admission_date=dt.date(1929, 1, 1),
    official_date=dt.date(1930, 1, 1),
    card_no="07654321",
)
OLD_ROW = 7


def _members(*rows: dict) -> list[dict]:
    return [*clean_members(), *rows]


def test_an_admission_and_official_date_before_the_founding_are_errors_at_their_cells(tmp_path: Path) -> None:
    result = run(write(tmp_path, members=_members(OLD)), cutoff=CUTOFF)
    found = [i for i in result.issues if i.code == "member.before_party_founded"]
    cells = [layout.MEMBERS.cell(k, OLD_ROW) for k in ("admission_date", "official_date")]
    expected = [("error", layout.SHEET_MEMBERS, c) for c in cells]
    assert [(i.severity, i.sheet, i.cell) for i in found] == expected
    admission, official = found
    assert f"(ô {cells[0]})" in admission.message and "CB07_chi_bo_to_dan_pho_so_7.xlsx" in admission.file
    assert "01/01/1929 trước ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930)" in admission.message
    assert "không thể là ngày vào Đảng" in admission.message
    assert "01/01/1930 trước ngày thành lập" in official.message and "ngày chính thức" in official.message
    # The member's dates are personal: hidden unless asked for; the founding day is not.
    hidden = admission.without_personal_data().message
    assert "01/01/1929" not in hidden and "[đã ẩn] trước ngày thành lập" in hidden and "03/02/1930" in hidden
    assert result.has_errors


def test_a_member_over_110_at_the_cutoff_is_warned_at_the_birth_date(tmp_path: Path) -> None:
    result = run(write(tmp_path, members=_members(OLD)), cutoff=CUTOFF)
    issue = only(result.issues, "member.age_implausible")
    cell = layout.MEMBERS.cell("birth_date", OLD_ROW)
    assert (issue.severity, issue.sheet, issue.cell) == ("warning", layout.SHEET_MEMBERS, cell)
    assert "Đến ngày chốt 31/03/2026 đảng viên đã 115 tuổi (sinh 04/06/1910), quá 110 tuổi" in issue.message
    hidden = issue.without_personal_data().message
    assert "115" not in hidden and "04/06/1910" not in hidden and "quá 110 tuổi" in hidden


def test_the_bounds_are_the_founding_day_and_110_years(tmp_path: Path) -> None:
    """Admitted and recognised on 03/02/1930 itself, 110 years old at the cut-off (its 111th birthday the day
    after): nothing. Admitted a day earlier, 111 on the cut-off: said."""
    rows = [
        member(row_no=6, full_name="Đỗ Văn Bốn", birth_date=dt.date(1915, 4, 1),
               admission_date=dt.date(1930, 2, 3), official_date=dt.date(1930, 2, 3), card_no="07654322"),
        member(row_no=7, full_name="Hà Văn Năm", birth_date=dt.date(1915, 3, 31),
               admission_date=dt.date(1930, 2, 2), official_date=dt.date(1931, 2, 3), card_no="07654323"),
    ]  # fmt: skip
    result = run(write(tmp_path, members=_members(*rows)), cutoff=CUTOFF)
    codes = {"member.before_party_founded", "member.age_implausible"}
    said = sorted((i.code, i.cell) for i in result.issues if i.code in codes)
    assert said == [
        ("member.age_implausible", layout.MEMBERS.cell("birth_date", 8)),
        ("member.before_party_founded", layout.MEMBERS.cell("admission_date", 8)),
    ]


def test_an_admission_row_before_the_founding_is_an_error_said_once(tmp_path: Path) -> None:
    """A `Kết nạp` row dated 1929 is before the period too: said as before the founding, not
    also as a change of an earlier period."""
    event = {**clean_events()[0], "row_no": 3, "event_date": dt.date(1929, 10, 1)}
    result = run(write(tmp_path, events=[*clean_events(), event]), cutoff=CUTOFF)
    issue = only(result.issues, "event.before_party_founded")
    cell = layout.EVENTS.cell("event_date", 4)
    assert (issue.severity, issue.sheet, issue.cell) == ("error", layout.SHEET_EVENTS, cell)
    assert "Biến động “Kết nạp” ngày 01/10/1929, trước ngày thành lập Đảng" in issue.message
    assert not [i for i in result.issues if i.code == "event.outside_period" and i.cell == cell]
    hidden = issue.without_personal_data().message
    assert "1929" not in hidden and "Kết nạp" not in hidden and "03/02/1930" in hidden


def test_a_readmission_before_the_founding_is_not_kept_for_the_probation(tmp_path: Path) -> None:
    """A `Kết nạp lại` row before the period of a member on the roll is kept, with a warning,
    for the probation's clock (`event.readmission_before_period`); one dated 1929 is an error."""
    on_roll = clean_members()[0]
    event = {
        "row_no": 3,
        "full_name": on_roll["full_name"],
        "birth_date": on_roll["birth_date"],
        "event_type": "readmitted",
        "event_date": dt.date(1929, 5, 5),
    }
    result = run(write(tmp_path, events=[*clean_events(), event]), cutoff=CUTOFF)
    cell = layout.EVENTS.cell("event_date", 4)
    issue = only(result.issues, "event.before_party_founded")
    assert (issue.severity, issue.cell) == ("error", cell)
    assert "“Kết nạp lại” ngày 05/05/1929" in issue.message
    assert not [i for i in result.issues if i.code == "event.readmission_before_period"]


def test_validate_on_the_command_line_refuses_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, members=_members(OLD))
    out = CliRunner().invoke(main, ["validate", str(path), "--cutoff", "31/03/2026"])
    assert "Traceback" not in out.output
    cell = layout.MEMBERS.cell("admission_date", OLD_ROW)
    line = next(line for line in out.output.splitlines() if "member.before_party_founded" in line)
    assert f"{layout.SHEET_MEMBERS}!{cell}" in line and "trước ngày thành lập Đảng" in line
    assert "[đã ẩn]" in line  # no --personal-data
    assert any("member.age_implausible" in line for line in out.output.splitlines())


def _date_validation(path: Path, spec: layout.SheetSpec, key: str):  # type: ignore[no-untyped-def]
    ws = openpyxl.load_workbook(path)[spec.name]
    letter = spec.letter(key)
    cells = f"{letter}{layout.FIRST_DATA_ROW}:{letter}{layout.LAST_FORMATTED_ROW}"
    (dv,) = [dv for dv in ws.data_validations.dataValidation if cells in str(dv.sqref).split()]
    return dv


def _serial(day: dt.date) -> str:
    return str((day - dt.date(1899, 12, 30)).days)  # Excel's 1900 system, from 01/03/1900


def test_the_template_refuses_a_membership_date_before_the_founding(tmp_path: Path) -> None:
    """The blank template (as generated and as committed) stops a `Ngày vào Đảng` or `Ngày chính
    thức` before 03/02/1930 as it stops one outside 1900–2100, saying why; a birth date still
    takes any day from 01/01/1900."""
    fresh = write_blank_template(tmp_path)
    for path in (fresh, COMMITTED):
        for key in ("admission_date", "official_date"):
            dv = _date_validation(path, layout.MEMBERS, key)
            assert (dv.type, dv.operator, dv.errorStyle) == ("date", "between", "stop")
            assert (dv.formula1, dv.formula2) == (
                _serial(dt.date(1930, 2, 3)),
                _serial(dt.date(2100, 12, 31)),
            )
            assert "không được trước ngày thành lập Đảng (03/02/1930)" in dv.error
        birth = _date_validation(path, layout.MEMBERS, "birth_date")
        assert birth.formula1 == "1" and "thành lập Đảng" not in birth.error
