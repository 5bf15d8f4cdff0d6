"""Last year's forms typed by hand, every line (review229): each typed line is its `previous`
in next year's forms, and a line typed above the line whose people it counts some of is refused.

The common checks (`toolkit.io.summary.check_summary`) compare a count with the members' total
only, and a typed record has none of the `unknown` ids their breakdown identities need: a
“Trong đó: dự bị” above its “Xóa tên”, B.2's a) and b) above B.2, Biểu 2's “Trong đó” lines above
its I, Biểu 3's age bands adding up to more than its I, a mean age of nobody, Biểu 2's I unlike
Biểu 1's B.1 went into the history unsaid. A sheet renamed or deleted left its form out unsaid.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from tests.test_typed_forms import consolidated_forms
from toolkit.cli import main
from toolkit.forms.entry import EntryError, Typed, entry_forms, indicators_from_typed

WARD = "Phường Mẫu"
B1, B2, B3 = "Biểu 1-BTCTW", "Biểu 2-BTCTW", "Biểu 3-BTCTW"
INFO = "Thông tin"

# Every line with a figure of Biểu 1–3, as a clerk copies a consistent set of forms: the sum
# lines equal their lines (II.1.a and the enterprise lines above them: the rest is of members
# of unknown specific occupation), no line above the line it is of.
BIEU1 = {
    "A": 4000, "B": 36, "B.1": 21, "B.2": 13, "B.2.a": 5, "B.2.b": 8, "B.3": 2,
    "C": 31, "C.1": 3, "C.2": 1, "C.3": 4, "C.3.probationary": 0, "C.4": 6, "C.5": 17, "C.5.a": 7,
    "C.5.b": 10, "D": 4005,
}  # fmt: skip
BIEU2 = {
    "I": 21, "I.ethnic_minority": 2, "I.youth_union": 15, "I.private_owner": 1, "I.foreign_marriage": 0,
    "I.readmitted": 3,
    "II.1.state_official": 4, "II.1.party_mass_official": 3, "II.1.commune_official": 2,
    "II.1.neighbourhood_part_time": 1, "II.1.public_employee": 5, "II.1.non_public_employee": 0,
    "II.1.enterprise": 6, "II.1.enterprise_manager": 1, "II.1.enterprise_staff": 2,
    "II.1.production_worker": 0, "II.1.farmer": 0, "II.1.armed_forces": 0, "II.1.university_student": 0,
    "II.1.pupil": 0, "II.1.other": 0,
    "II.2.18_30": 8, "II.2.31_35": 5, "II.2.36_40": 4, "II.2.41_45": 2, "II.2.46_50": 1, "II.2.51_55": 1,
    "II.2.56_60": 0, "II.2.gt60": 0, "II.2.mean": 31.7,
    "II.3.literate": 0, "II.3.primary": 1, "II.3.lower_secondary": 3, "II.3.upper_secondary": 17,
    "II.4.elementary": 2, "II.4.intermediate": 3, "II.4.college": 4, "II.4.university": 11,
    "II.4.master": 1, "II.4.doctor": 0, "II.5.associate_professor": 0, "II.5.professor": 0,
    "III": 5, "III.1": 2, "III.1.with_admission": 1, "III.1.no_candidates_left": 0, "III.2": 3,
    "III.2.with_admission": 2, "III.2.no_candidates_left": 1,
}  # fmt: skip
BIEU3 = {
    "I": 4005, "I.female": 1700, "I.probationary": 90, "I.ethnic_minority": 11, "I.religious": 12,
    "I.youth_union": 140, "I.private_owner": 9, "I.foreign_marriage": 14,
    "II.1.a": 2500, "II.1.a.state_official": 101, "II.1.a.party_mass_official": 102,
    "II.1.a.commune_official": 103, "II.1.a.neighbourhood_part_time": 104, "II.1.a.public_employee": 105,
    "II.1.a.non_public_employee": 106, "II.1.a.enterprise": 600, "II.1.a.enterprise_manager": 150,
    "II.1.a.enterprise_staff": 210, "II.1.a.production_worker": 220, "II.1.a.farmer": 107,
    "II.1.a.armed_forces": 108, "II.1.a.university_student": 109, "II.1.a.pupil": 110,
    "II.1.a.other": 111, "II.1.b": 1400, "II.1.b.exempt": 300,
    "II.2.18_30": 300, "II.2.31_35": 310, "II.2.36_40": 320, "II.2.41_45": 330, "II.2.46_50": 340,
    "II.2.51_55": 350, "II.2.56_60": 360, "II.2.gt60": 1695, "II.2.mean": 52.3,
    "II.3.before_1945": 0, "II.3.1945_1954": 5, "II.3.1954_1975": 400, "II.3.from_1975": 3600,
    "II.4.literate": 6, "II.4.primary": 70, "II.4.lower_secondary": 800, "II.4.upper_secondary": 3129,
    "II.5.elementary": 201, "II.5.intermediate": 202, "II.5.college": 203, "II.5.university": 2000,
    "II.5.master": 204, "II.5.doctor": 13, "II.6.associate_professor": 2, "II.6.professor": 1,
    "II.7.elementary": 1000, "II.7.intermediate": 700, "II.7.advanced_bachelor": 150,
}  # fmt: skip
ALL = {B1: BIEU1, B2: BIEU2, B3: BIEU3}
CODES = {B1: "bieu1", B2: "bieu2", B3: "bieu3"}


def _run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _said(done: Result) -> str:
    return " ".join(done.output.split())


def _cells(values: dict[str, dict[str, Any]]) -> dict[str, dict[str, Typed]]:
    return {s: {k: Typed(v, f"{s}!{k}") for k, v in typed.items()} for s, typed in values.items()}


def _with(change: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {sheet: {**typed, **change.get(sheet, {})} for sheet, typed in ALL.items()}


def _fill(path: Path, values: dict[str, dict[str, Any]]) -> None:
    wb = openpyxl.load_workbook(path)
    for sheet, typed in values.items():
        rows = {row[0].value: row[2] for row in wb[sheet].iter_rows() if row[0].value}
        for key, value in typed.items():
            rows[key].value = value
    wb.save(path)


def _filled(
    tmp_path: Path, cutoff: str = "31/03/2025", values: dict[str, dict[str, Any]] = ALL
) -> tuple[Path, Path]:
    """`history blank-forms`' workbook for `cutoff`, filled with `values`, and where its history
    goes (not made yet)."""
    book, history = tmp_path / "nam_truoc.xlsx", tmp_path / "ls.sqlite"
    assert _run("history", "blank-forms", book, "--cutoff", cutoff).exit_code == 0
    _fill(book, values)
    return book, history


def test_every_line_typed_is_the_same_period_of_last_year_in_the_forms(tmp_path: Path) -> None:
    """Every line with a figure of Biểu 1, 2, 3 typed, each its `previous` in the next year's
    forms (the demo ward at 31/03/2026)."""
    typed_lines = {
        form.sheet_name: {line.key for line in form.lines if getattr(line, "has_figure", False)}
        for form in entry_forms()
    }
    assert {sheet: set(values) for sheet, values in ALL.items()} == typed_lines  # every line
    demo = tmp_path / "demo"
    assert _run("demo", demo).exit_code == 0
    book, history = tmp_path / "nam_truoc.xlsx", tmp_path / "ls.sqlite"
    done = _run("history", "blank-forms", book, "--cutoff", "31/03/2025", "--ward-name", WARD)
    assert done.exit_code == 0, done.output
    _fill(book, ALL)
    done = _run("history", "import", book, "--history", history)
    assert done.exit_code == 0, done.output
    forms = consolidated_forms(demo, history, tmp_path / "tong_hop.xlsx")
    for sheet, typed in ALL.items():
        previous = {row["row"]: row["previous"] for row in forms[CODES[sheet]]}
        assert {key: previous[key] for key in typed} == typed, sheet


def test_the_lines_each_line_is_checked_against_come_from_the_tables() -> None:
    from toolkit.forms.entry import parts_of

    found = {
        (form.code, part.whole.key): ([p.key for p in part.each], [p.key for p in part.together])
        for form in entry_forms()
        for part in parts_of(form)
        if part.each
    }
    assert found[("bieu1", "B.2")] == (["B.2.a", "B.2.b"], ["B.2.a", "B.2.b"])
    assert found[("bieu1", "C.3")] == (["C.3.probationary"], [])
    assert "I.readmitted" in found[("bieu2", "I")][0] and "I.female" in found[("bieu3", "I")][0]
    assert found[("bieu2", "III.1")][0] == ["III.1.with_admission", "III.1.no_candidates_left"]
    assert found[("bieu3", "II.1.b")][0] == ["II.1.b.exempt"]
    assert found[("bieu3", "II.1.a")][0] == ["II.1.a.enterprise"]  # its parts by ids are not here
    groups = [
        [p.key for p in part.together] for form in entry_forms() for part in parts_of(form) if not part.each
    ]
    assert ["II.1.a", "II.1.b"] in groups and "II.2.mean" not in {k for g in groups for k in g}
    assert all(part.whole.key == "I" for form in entry_forms() for part in parts_of(form) if not part.each)


def test_the_consistent_forms_pass_and_a_line_may_be_below_its_lines() -> None:
    figures = indicators_from_typed(_cells(ALL), "f.xlsx")
    assert figures.indicators["period.transfer_in"] == 13
    # B.2 above its a) and b) (members of neither), the age bands below the members (ages not
    # known): nothing is wrong.
    indicators_from_typed(_cells(_with({B1: {"B.2": 14, "B": 37, "D": 4006}})), "f.xlsx")
    indicators_from_typed(_cells(_with({B3: {"II.2.gt60": 1000}})), "f.xlsx")


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            {B1: {"C.3.probationary": 5}},
            ["dòng “Trong đó: Đảng viên dự bị” (ô Biểu 1-BTCTW!C.3.probationary) = 5 lớn hơn dòng C.3"],
        ),
        (
            {B1: {"B.2": 12, "B": 35, "D": 4004}, B3: {"I": 4004}},
            ["(ô Biểu 1-BTCTW!B.2.b) = 8 cộng lại là 13, lớn hơn dòng B.2 “Chuyển đến”"],
        ),
        ({B2: {"I.youth_union": 30}}, ["(ô Biểu 2-BTCTW!I.youth_union) = 30 lớn hơn dòng I"]),
        ({B2: {"III.2.no_candidates_left": 4}}, ["= 4 lớn hơn dòng III.2 “Chi bộ cơ sở”"]),
        ({B3: {"II.1.b.exempt": 1500}}, ["= 1500 lớn hơn dòng II.1.b"]),
        ({B3: {"II.1.a.enterprise": 2600}}, ["= 2600 lớn hơn dòng II.1.a “Đảng viên đang làm việc"]),
        ({B3: {"II.2.gt60": 1700}}, ["cộng lại là 4010, lớn hơn dòng I"]),
        ({B3: {"II.1.a": 25000, "II.1.b": None}}, ["(ô Biểu 3-BTCTW!II.1.a) = 25000 lớn hơn dòng I"]),
        ({B2: {"II.2.mean": 0}}, ["tuổi bình quân không thể là 0"]),
        ({B2: {"I": 21, "II.2.mean": 31.7}, B3: {"II.2.mean": 52.3, "I": 0}}, ["không có ai"]),
        ({B2: {"I": 22}}, ["dòng B.1 “Kết nạp” (ô Biểu 1-BTCTW!B.1) = 21 nhưng dòng I"]),
    ],
)
def test_a_line_above_the_line_it_is_of_is_refused_naming_both(
    change: dict[str, dict[str, Any]], said: list[str]
) -> None:
    values = _with(change)
    values = {s: {k: v for k, v in typed.items() if v is not None} for s, typed in values.items()}
    with pytest.raises(EntryError) as caught:
        indicators_from_typed(_cells(values), "f.xlsx")
    for words in said:
        assert words in str(caught.value), str(caught.value)


@pytest.mark.parametrize("how", ["renamed", "deleted"])
def test_a_form_sheet_renamed_or_deleted_is_refused_naming_it(tmp_path: Path, how: str) -> None:
    book, history = _filled(tmp_path)
    wb = openpyxl.load_workbook(book)
    if how == "renamed":
        wb[B2].title = "Bieu 2"
    else:
        del wb[B2]
    wb.save(book)
    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert f"không có sheet “{B2}”" in said, said
    assert ("(các sheet của tệp: “Bieu 2”)" in said) == (how == "renamed"), said
    assert "Traceback" not in said and not history.exists()


def test_the_import_names_the_forms_whose_last_years_column_it_fills(tmp_path: Path) -> None:
    """A workbook made for the wrong year (2026, not 2025) said "this period of this year" and
    was only seen a year on, its column empty: the import names the forms it is for."""
    book, history = _filled(tmp_path, "31/03/2026")
    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 0, said
    assert "kỳ báo cáo 01/01/2026–31/03/2026: các biểu của kỳ 01/01/2027–31/03/2027 lấy cột" in said, said


def test_the_workbook_saved_as_xls_is_told_to_be_saved_as_xlsx(tmp_path: Path) -> None:
    """The filled workbook saved as Excel 97–2003 was refused as "an Excel file, not a JSON"
    and told to make a blank workbook, the typed figures as good as lost."""
    from tests.libreoffice import convert

    book, history = _filled(tmp_path)
    (old,) = convert([book], "xls", tmp_path / "xls")
    done = _run("history", "import", old, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert "đã được lưu dạng Excel 97–2003 (.xls)" in said and "không cần chép lại số liệu" in said, said
    assert "blank-forms" not in said and not history.exists(), said


@pytest.mark.parametrize(
    ("start", "cutoff", "edited"),
    [
        ("2025-01-01", "2025-12-31", False),  # a year's forms
        ("2025-04-01", "2025-06-30", False),  # a quarter's
        ("2024-03-01", "2025-02-28", False),  # the longest: 12 months
        ("2025-06-01", "2025-03-31", True),  # a start after the cut-off
        ("2025-01-01", "2024-03-31", True),  # the cut-off typed back a year
        ("2024-02-29", "2025-02-28", True),  # over 12 months
    ],
)
def test_a_marker_edited_to_a_period_no_forms_have_is_said_so(start: str, cutoff: str, edited: bool) -> None:
    """It was said in the JSON's words: “ngày bắt đầu kỳ (period_start) sau ngày chốt số liệu
    (cutoff_date). Hãy sửa các ô đó …”, of cells the clerk does not see."""
    from toolkit.forms.entry import summary_from_entry

    meta = {"cutoff_date": cutoff, "period_start": start}
    if not edited:
        summary, _ = summary_from_entry(meta, _cells(ALL), "f.xlsx")
        assert summary["form_period"] == [start, cutoff]
        return
    with pytest.raises(EntryError, match="sheet ẩn “_ward_stats” \\(kỳ báo cáo của tệp\\) đã bị sửa"):
        summary_from_entry(meta, _cells(ALL), "f.xlsx")


def test_a_line_typed_above_its_lines_of_occupations_is_said(tmp_path: Path) -> None:
    """II.1.a typed above its lines (one digit too many, or a form made from old files): its
    rest went to the members of unknown specific occupation unsaid, the forms' notes blaming
    old template files and their (%) column empty."""
    book, history = _filled(tmp_path)
    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 0, said
    assert "Lưu ý: 3 dòng đã điền lớn hơn tổng các dòng thuộc nó" in said, said
    assert "dòng II.1.a “Đảng viên đang làm việc và công tác” (ô Biểu 3-BTCTW!C17) = 2500, các dòng" in said
    assert "cộng lại 1746" in said and "cộng lại 580" in said, said
    # Typed equal to their lines: nothing to say.
    history.unlink()
    _fill(book, {B2: {"II.1.enterprise": 3}, B3: {"II.1.a": 1746, "II.1.a.enterprise": 580}})
    said = _said(_run("history", "import", book, "--history", history))
    assert "lớn hơn tổng các dòng thuộc nó" not in said and "Lần vừa thêm" in said, said


@pytest.mark.parametrize("how", ["cleared", "edited"])
def test_a_number_in_a_row_no_line_reads_is_refused_naming_its_cell(tmp_path: Path, how: str) -> None:
    """A row's hidden key cleared (or edited to no line of the form): its typed figure was left
    out unsaid, the line empty in next year's forms."""
    book, history = _filled(tmp_path)
    wb = openpyxl.load_workbook(book)
    row = next(r for r in wb[B3].iter_rows() if r[0].value == "II.7.elementary")
    row[0].value = None if how == "cleared" else "II.7.basic"
    place = f"{B3}!{row[2].coordinate}"
    wb.save(book)
    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert f"ô {place}: có số liệu nhưng không thuộc dòng nào của biểu" in said, said
    assert "Traceback" not in said and not history.exists()


def test_history_show_of_a_typed_record_says_it_has_no_organisations_figures(tmp_path: Path) -> None:
    """It said “Chạy lúc: ?” and “Tổ chức: 0 (0 được tổng hợp)” above “Được tổng hợp … 72”."""
    book, history = _filled(tmp_path)
    assert _run("history", "import", book, "--history", history).exit_code == 0
    shown = _run("history", "show", "1", "--history", history).output
    assert "Tổ chức: không có số liệu từng tổ chức" in shown, shown
    assert "Tổ chức: 0 (0 được tổng hợp)" not in shown and "Chạy lúc: ?" not in shown, shown


def test_removing_a_typed_record_says_nothing_of_its_outputs(tmp_path: Path) -> None:
    """It was told that the workbook and JSON the record wrote still hold its figures: it wrote
    none."""
    book, history = _filled(tmp_path)
    assert _run("history", "import", book, "--history", history).exit_code == 0
    done = _run("history", "remove", "1", "--yes", "--history", history)
    said = _said(done)
    assert done.exit_code == 0 and "Đã xóa lần tổng hợp số 1" in said, said
    assert "tệp kết quả và tóm tắt JSON mà lần số 1 đã ghi" not in said, said


def test_a_number_beside_a_line_not_collected_is_refused(tmp_path: Path) -> None:
    """Biểu 2's KHHGĐ line reads “không thu thập”: a number typed there (the sheet unprotected)
    was left out unsaid."""
    book, history = _filled(tmp_path, values={**ALL, B2: {**BIEU2, "I.family_planning": 1}})
    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert "“Quần chúng vi phạm chính sách KHHGĐ”" in said and "không thu thập chỉ tiêu này" in said, said
    assert not history.exists()


def test_a_row_copied_with_its_key_is_refused_naming_the_copy(tmp_path: Path) -> None:
    """A row pasted below the forms with the same hidden key as line D: the first was read, the
    clerk's figure below it left out, and the error spoke of the copy's figure as line D's."""
    book, history = _filled(tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb[B1]
    d_row = next(r[0].row for r in ws.iter_rows() if r[0].value == "D")
    last = max(r[0].row for r in ws.iter_rows() if r[0].value) + 3
    ws.cell(last, 1).value, ws.cell(last, 3).value = "D", 1
    wb.save(book)
    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert (
        f"ô {B1}!C{d_row} và ô {B1}!C{last}: hai dòng cùng là dòng D “Đảng viên trong danh sách cuối kỳ "
        f"báo cáo” (của {B1}) vì cột A ẩn giống nhau"
    ) in said, said
    assert f"chỉ đọc số ở ô {B1}!C{d_row}, không đọc số ở ô {B1}!C{last}" in said, said
    assert not history.exists()


def test_a_row_pasted_above_its_original_is_refused_naming_both_cells(tmp_path: Path) -> None:
    """review229 L4: a copy of line D's row pasted above it was read, and the error named only
    the original's cell, where the clerk's figure is, as the one not read."""
    book, history = _filled(tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb[B1]
    d_row = next(r[0].row for r in ws.iter_rows() if r[0].value == "D")
    typed = ws.cell(d_row, 3).value
    ws.insert_rows(d_row)
    ws.cell(d_row, 1).value, ws.cell(d_row, 3).value = "D", 1
    assert ws.cell(d_row + 1, 1).value == "D" and ws.cell(d_row + 1, 3).value == typed
    wb.save(book)
    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert f"ô {B1}!C{d_row} và ô {B1}!C{d_row + 1}: hai dòng cùng là dòng D" in said, said
    assert f"chỉ đọc số ở ô {B1}!C{d_row}, không đọc số ở ô {B1}!C{d_row + 1}" in said, said
    assert "không thuộc dòng nào của biểu" not in said, said
    assert not history.exists()


def test_a_coverage_row_pasted_again_is_refused_naming_both_cells(tmp_path: Path) -> None:
    """review247: a copy of the info sheet's “Số tổ chức đảng có số liệu trong các biểu” row,
    another count typed in it, went in unsaid (the first row read, exit 0); the forms' rows
    were refused so (review229 L4), the info sheet's were not."""
    book, history = _filled(tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb[INFO]
    row = next(r[0].row for r in ws.iter_rows() if r[0].value == "orgs.consolidated")
    ws.cell(row, 3).value, ws.cell(row + 1, 3).value = 72, 72
    below = ws.max_row + 2
    ws.cell(below, 1).value, ws.cell(below, 3).value = "orgs.consolidated", 70
    wb.save(book)
    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert (
        f"ô {INFO}!C{row} và ô {INFO}!C{below}: hai dòng cùng là dòng “Số tổ chức đảng có số liệu trong "
        f"các biểu” của sheet “{INFO}”"
    ) in said, said
    assert f"chỉ đọc số ở ô {INFO}!C{row}, không đọc số ở ô {INFO}!C{below}" in said, said
    assert not history.exists()


def test_a_row_copied_below_an_empty_original_says_the_cell_read_is_empty(tmp_path: Path) -> None:
    """review247 L3: line D's cell left empty and the figure typed in a copy of its row below:
    the error said "chỉ đọc số ở ô" the empty cell, and "xóa dòng được dán thêm" could lead the
    clerk to delete the row holding the figure. It says the cell read is empty and to move the
    number into it before deleting the copy's row."""
    book, history = _filled(tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb[B1]
    d_row = next(r[0].row for r in ws.iter_rows() if r[0].value == "D")
    last = max(r[0].row for r in ws.iter_rows() if r[0].value) + 3
    ws.cell(last, 1).value, ws.cell(last, 3).value = "D", ws.cell(d_row, 3).value
    ws.cell(d_row, 3).value = None
    wb.save(book)
    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert (
        f"chỉ đọc số ở ô {B1}!C{d_row} (đang trống), không đọc số ở ô {B1}!C{last}. Hãy chuyển số ở ô "
        f"{B1}!C{last} sang ô {B1}!C{d_row}, rồi xóa dòng của ô {B1}!C{last} (hoặc tạo lại tệp"
    ) in said, said
    assert "xóa dòng được dán thêm" not in said, said
    assert not history.exists()


def test_a_heading_row_copied_with_a_number_is_not_said_to_be_read(tmp_path: Path) -> None:
    """review247 L3: a copy of a heading's row (no figure, its cell never read) with a number
    typed in it was said as "chỉ đọc số ở ô" the heading's cell."""
    book, history = _filled(tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb[B2]
    heading = next(r[0].row for r in ws.iter_rows() if r[0].value == "II")
    last = max(r[0].row for r in ws.iter_rows() if r[0].value) + 3
    ws.cell(last, 1).value, ws.cell(last, 3).value = "II", 5
    wb.save(book)
    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert f"ô {B2}!C{heading} và ô {B2}!C{last}: hai dòng cùng là dòng II" in said, said
    assert (
        f"dòng đó không có số liệu, nên số ở ô {B2}!C{last} không được đọc. Hãy xóa số ở ô {B2}!C{last}"
    ) in said, said
    assert "chỉ đọc số ở ô" not in said and "xóa dòng được dán thêm" not in said, said
    assert not history.exists()


def test_a_coverage_row_pasted_below_an_empty_one_says_the_cell_read_is_empty(tmp_path: Path) -> None:
    """review247 L3, of the info sheet's coverage counts: the first row's cell empty, the count
    typed in a copy of it below."""
    book, history = _filled(tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb[INFO]
    row = next(r[0].row for r in ws.iter_rows() if r[0].value == "orgs.consolidated")
    ws.cell(row, 3).value, ws.cell(row + 1, 3).value = None, 72
    below = ws.max_row + 2
    ws.cell(below, 1).value, ws.cell(below, 3).value = "orgs.consolidated", 72
    wb.save(book)
    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert (
        f"chỉ đọc số ở ô {INFO}!C{row} (đang trống), không đọc số ở ô {INFO}!C{below}. Hãy chuyển số ở "
        f"ô {INFO}!C{below} sang ô {INFO}!C{row}, rồi xóa dòng của ô {INFO}!C{below}, lưu tệp"
    ) in said, said
    assert "xóa dòng được dán thêm" not in said, said
    assert not history.exists()


def test_a_copy_of_a_row_no_line_reads_is_said_as_that_row(tmp_path: Path) -> None:
    """Two rows with the same edited key: each number is in no line of the form."""
    book, history = _filled(tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb[B1]
    last = max(r[0].row for r in ws.iter_rows() if r[0].value)
    for row in (last + 2, last + 3):
        ws.cell(row, 1).value, ws.cell(row, 3).value = "Z.999", 1
    wb.save(book)
    said = _said(_run("history", "import", book, "--history", history))
    for row in (last + 2, last + 3):
        assert f"ô {B1}!C{row}: có số liệu nhưng không thuộc dòng nào của biểu" in said, said
    assert "hai dòng cùng là" not in said and not history.exists()


def test_a_later_typed_record_is_no_run_to_consolidate_again(tmp_path: Path) -> None:
    """2025's forms typed out of order, the year before the third quarter (hunt233): the import
    of the quarter told the clerk that the record of 31/12/2025 was a run made without its figures
    and to consolidate 31/12/2025 again, a cut-off this ward never consolidated. A typed record
    has no results to make again: it is not named."""
    history = tmp_path / "ls.sqlite"
    year, quarter = tmp_path / "nam_2025.xlsx", tmp_path / "quy3_2025.xlsx"
    assert _run("history", "blank-forms", year, "--cutoff", "31/12/2025", "--ward-name", WARD).exit_code == 0
    done = _run(
        "history", "blank-forms", quarter, "--cutoff", "30/09/2025", "--period-start", "01/07/2025",
        "--ward-name", WARD,
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    _fill(year, ALL)
    _fill(quarter, ALL)
    assert _run("history", "import", year, "--history", history).exit_code == 0
    done = _run("history", "import", quarter, "--history", history)
    said = _said(done)
    assert done.exit_code == 0, said
    assert "kỳ báo cáo 01/07/2025–30/09/2025: các biểu của kỳ 01/07/2026–30/09/2026 lấy cột" in said, said
    assert "ngày chốt sau" not in said and "tổng hợp lại ngày chốt" not in said, said


def test_forms_of_a_cutoff_after_today_are_refused_naming_last_years(tmp_path: Path) -> None:
    """A workbook made for the wrong year, next year's cut-off for last year's (hunt233: typed
    in January, 30/09/2026 for 30/09/2025), was written, typed and stored as a record of a
    cut-off to come: every consolidation before it then said to consolidate that cut-off again,
    and its own replaced the record. Forms already sent have no cut-off after today: neither
    `blank-forms` nor the import of such a workbook (made by an earlier version) takes it, and
    both name the same period a year earlier."""
    from toolkit.outputs.entry_book import write_blank_forms

    year = dt.date.today().year + 1
    book, history = tmp_path / "nam_truoc.xlsx", tmp_path / "ls.sqlite"
    done = _run(
        "history", "blank-forms", book, "--cutoff", f"30/09/{year}", "--period-start", f"01/07/{year}",
        "--history", history,
    )  # fmt: skip
    said = _said(done)
    assert done.exit_code == 2 and not book.exists(), said
    assert f"ngày chốt 30/09/{year} (kỳ báo cáo 01/07/{year}–30/09/{year}) là sau hôm nay" in said, said
    assert f"--cutoff 30/09/{year - 1} --period-start 01/07/{year - 1}" in said, said

    write_blank_forms(book, dt.date(year, 9, 30), dt.date(year, 7, 1), WARD, overwrite=False, inputs={})
    _fill(book, ALL)
    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert f"Tệp “{book}”: ngày chốt 30/09/{year}" in said and "Chưa thêm gì vào lịch sử" in said, said
    assert f"--cutoff 30/09/{year - 1} --period-start 01/07/{year - 1}" in said, said
    assert not history.exists()


def test_forms_two_years_ahead_are_refused_without_pointing_to_a_period_not_named(tmp_path: Path) -> None:
    """A workbook made two years ahead (31/03/2028 typed in December 2026) is refused on import
    with only the advice to write the cut-off printed on the forms sent, since the same period
    a year earlier is after today too (hunt276). The import's own next step said "Hãy tạo tệp
    mới cho kỳ đó", a period the message no longer named (review281)."""
    from toolkit.core.dates import same_period_last_year
    from toolkit.outputs.entry_book import write_blank_forms

    year = dt.date.today().year + 2
    cutoff, start = dt.date(year, 9, 30), dt.date(year, 7, 1)
    assert same_period_last_year((start, cutoff))[1] > dt.date.today()
    book, history = tmp_path / "nam_truoc.xlsx", tmp_path / "ls.sqlite"
    write_blank_forms(book, cutoff, start, WARD, overwrite=False, inputs={})
    _fill(book, ALL)
    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert "hãy ghi đúng ngày chốt in trên biểu đã gửi năm trước" in said, said
    assert "cho kỳ đó" not in said, said
    assert "Hãy tạo tệp mới với ngày chốt đó, chép lại số liệu vào" in said, said
    assert "Chưa thêm gì vào lịch sử" in said and not history.exists(), said


def test_forms_typed_for_a_period_the_ward_consolidated_are_refused(tmp_path: Path) -> None:
    """A workbook made for the wrong year once that cut-off was consolidated (hunt233: in
    December, 30/09/2026 for 30/09/2025) took the consolidation's place as the record in use: a
    typed figure without organisations for the next opening check and next year's column. Typed
    forms are for the periods the history has no run of: refused, naming the run and last
    year's period; the history keeps its one record."""
    demo = tmp_path / "demo"
    assert _run("demo", demo).exit_code == 0
    history, out = tmp_path / "ls.sqlite", tmp_path / "tong_hop.xlsx"
    done = _run(
        "consolidate", demo / "nop", "--registry", demo / "danh_muc_to_chuc.xlsx", "--cutoff", "31/03/2026",
        "-o", out, "--history", history, "--ward-name", WARD,
    )  # fmt: skip
    assert done.exit_code in (0, 1), done.output
    book = tmp_path / "nam_truoc.xlsx"
    done = _run(
        "history", "blank-forms", book, "--cutoff", "31/03/2026", "--ward-name", WARD, "--history", history
    )
    assert done.exit_code == 0, done.output
    _fill(book, ALL)
    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert "nhưng lịch sử đã có lần số 1 (72/72 tổ chức" in said, said
    assert "--cutoff 31/03/2025 --period-start 01/01/2025" in said and "Chưa thêm gì vào lịch sử" in said, (
        said
    )
    listed = _said(_run("history", "list", "--history", history))
    assert "1 lần" in listed and "chép tay" not in listed, listed
