"""A message quotes what the cell holds when the reader read a dropdown's value other than
typed (hunt169 F6): "Cấp I" is read as "Tiểu học" (`norm.category`), and
`member.admission_education` at that cell quoted "Tiểu học" alone, a text the secretary looks
for in vain in the cell. It now quotes both, and its value is the cell's text. The workbook is
the real template (`helpers_validate.write`) with the cell typed over as in Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from helpers_validate import clean_members, member, only, run, typed, write

from toolkit.cli import main
from toolkit.core import layout

M = layout.SHEET_MEMBERS


def test_an_issue_at_a_corrected_dropdown_cell_quotes_what_the_cell_holds(tmp_path: Path) -> None:
    members = clean_members()
    admitted = member(
        row_no=len(members) + 1,
        full_name="Trần Thị Mai",
        admission_date=dt.date(2025, 6, 2),
        official_date=None,
        gen_edu="primary",
    )
    path = write(tmp_path, members=[*members, admitted])
    cell = f"{layout.MEMBERS.letter('gen_edu')}{len(members) + 2}"
    typed(path, M, {cell: "Cấp I"})
    result = run(path)
    issue = only(result.issues, "member.admission_education")
    assert issue.cell == cell
    assert "với trình độ giáo dục phổ thông “Cấp I” (đọc là “Tiểu học”): người vào Đảng" in issue.message
    assert issue.value == "Cấp I"
    assert issue.to_json()["value"] == "Cấp I"
    # the correction itself says what was read, as before
    corrected = [i for i in result.issues if i.code == "norm.category" and i.cell == cell]
    assert corrected and "(đọc là" not in corrected[0].message
    # a cell typed as the dropdown has it is quoted as it is
    typed(path, M, {cell: "Tiểu học"})
    plain = only(run(path).issues, "member.admission_education")
    assert "“Tiểu học”: người vào Đảng" in plain.message and "đọc là" not in plain.message


def test_without_personal_data_neither_the_cell_text_nor_the_value_is_shown(tmp_path: Path) -> None:
    members = clean_members()
    admitted = member(
        row_no=len(members) + 1, admission_date=dt.date(2025, 6, 2), official_date=None, gen_edu="primary"
    )
    path = write(tmp_path, members=[*members, admitted])
    typed(path, M, {f"{layout.MEMBERS.letter('gen_edu')}{len(members) + 2}": "Cấp I"})
    issue = only(run(path).issues, "member.admission_education").without_personal_data()
    assert issue.value is None and "phổ thông “[đã ẩn]”: người" in issue.message
    assert "Cấp I" not in issue.message and "Tiểu học" not in issue.message


def test_a_reason_quoted_as_the_rules_own_hides_the_cells_text_without_personal_data(tmp_path: Path) -> None:
    """`member.exempt_age` quotes the reason read, “Tuổi cao, sức khỏe yếu”, even without
    personal data: it is the rule's own. The cell's own text beside it is the member's typed
    value, and reached the masked message, hence `Kiểm tra` and the JSON summary sent up
    (hunt245): it is hidden there, and still quoted with personal data."""
    members = clean_members()
    # Nguyễn Văn An, born 12/05/1975: 50 at the cut-off, below the men's 60.
    members[0].update(exempt_from=dt.date(2025, 1, 1), exempt_reason="old_age_ill_health")
    (tmp_path / "bai_nop").mkdir()
    path = write(tmp_path / "bai_nop", members=members)
    cell = f"{layout.MEMBERS.letter('exempt_reason')}2"
    typed(path, M, {cell: "tuoi cao suc khoe yeu"})
    issue = only(run(path).issues, "member.exempt_age")
    assert issue.cell == cell
    assert "Miễn vì “tuoi cao suc khoe yeu” (đọc là “Tuổi cao, sức khỏe yếu”)" in issue.message
    masked = issue.without_personal_data()
    assert masked.value is None
    assert "Miễn vì “[đã ẩn]” (đọc là “Tuổi cao, sức khỏe yếu”) nhưng" in masked.message
    assert "tuoi cao" not in masked.message
    # The JSON summary of a consolidation, masked by default, holds it nowhere.
    summary = tmp_path / "tong_hop.json"
    args = ["consolidate", str(path.parent), "--cutoff", "31/03/2026", "-o", str(tmp_path / "tong_hop.xlsx")]
    result = CliRunner().invoke(main, [*args, "--json", str(summary), "--no-history"])
    assert summary.exists(), result.output
    text = summary.read_text(encoding="utf-8")
    assert "member.exempt_age" in text and "tuoi cao" not in text
