"""Last year's forms typed by hand (hunt220 R1): `history blank-forms` and `history import` of it.

A ward new to ward-stats has last year's Biểu 1–3-BTCTW on paper only. `history blank-forms`
writes a workbook laid out like the forms (from their tables) with one input column; filled,
`history import` reads it (calamine), turns each line into its indicator ids and stores it
through the same checks as a JSON summary, so this year's forms show it as "Cùng kỳ năm trước".
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from tests.libreoffice import convert
from toolkit.cli import main
from toolkit.core.entry_marker import META_SHEET
from toolkit.forms.entry import EntryError, Typed, form_lines, indicators_from_typed, sum_lines
from toolkit.forms.tables import FORMS
from toolkit.history.store import HistoryStore

WARD = "Phường Mẫu"
B1, B2, B3 = "Biểu 1-BTCTW", "Biểu 2-BTCTW", "Biểu 3-BTCTW"

# Last year's forms as a clerk copies them. Biểu 1's B is left empty (the sum of its lines);
# Biểu 3's II.1.a and its enterprise line are typed above their lines (the rest goes to the
# members of unknown specific occupation).
BIEU1 = {
    "A": 4100, "B.1": 20, "B.2": 10, "B.2.a": 4, "B.2.b": 6, "B.3": 1,
    "C": 15, "C.1": 5, "C.2": 1, "C.3": 2, "C.3.probationary": 1, "C.4": 0, "C.5": 7,
    "C.5.a": 3, "C.5.b": 4, "D": 4116,
}  # fmt: skip
OCCUPATIONS = {
    "II.1.a.state_official": 100, "II.1.a.party_mass_official": 50, "II.1.a.commune_official": 200,
    "II.1.a.neighbourhood_part_time": 300, "II.1.a.public_employee": 400,
    "II.1.a.non_public_employee": 40, "II.1.a.enterprise_manager": 300,
    "II.1.a.enterprise_staff": 300, "II.1.a.production_worker": 280, "II.1.a.farmer": 500,
    "II.1.a.armed_forces": 60, "II.1.a.university_student": 10, "II.1.a.pupil": 0, "II.1.a.other": 430,
}  # fmt: skip
BIEU3 = {"I": 4116, "I.female": 1500, "II.1.a": 3000, "II.1.a.enterprise": 900, **OCCUPATIONS}
BIEU2 = {"I": 20, "I.readmitted": 1, "II.2.mean": 29.5}


def _run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _said(done: Result) -> str:
    return " ".join(done.output.split())


def consolidated_forms(demo: Path, history: Path, out: Path) -> dict[str, list[dict[str, Any]]]:
    """The demo ward (`ward-stats demo DEMO`) consolidated at 31/03/2026 with `history` into
    `out` and its JSON: the JSON's official forms (their rows, "previous" the typed figures)."""
    done = _run(
        "consolidate", demo / "nop", "--registry", demo / "danh_muc_to_chuc.xlsx", "--cutoff", "31/03/2026",
        "-o", out, "--json", out.with_suffix(".json"), "--history", history, "--ward-name", WARD,
    )  # fmt: skip
    assert done.exit_code in (0, 1), done.output
    forms: dict[str, list[dict[str, Any]]] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))[
        "forms"
    ]
    return forms


def _fill(path: Path, values: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Type `values[sheet][key]` into the input cell of the row keyed `key` (openpyxl, as a
    clerk's Excel would); returns where each went (`Biểu 1-BTCTW!C6`)."""
    wb = openpyxl.load_workbook(path)
    where: dict[str, dict[str, str]] = {}
    for sheet, typed in values.items():
        ws = wb[sheet]
        rows = {row[0].value: row[2] for row in ws.iter_rows() if row[0].value}
        for key, value in typed.items():
            rows[key].value = value
            where.setdefault(sheet, {})[key] = f"{sheet}!{rows[key].coordinate}"
    wb.save(path)
    return where


def _blank(tmp_path: Path, name: str = "nam_truoc.xlsx", *extra: str) -> Path:
    out = tmp_path / name
    done = _run("history", "blank-forms", out, "--cutoff", "31/03/2025", "--ward-name", WARD, *extra)
    assert done.exit_code == 0, done.output
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("typed_demo") / "demo"
    done = _run("demo", folder)
    assert done.exit_code == 0, done.output
    return folder


def test_typed_forms_are_last_years_column_of_this_years_forms(demo: Path, tmp_path: Path) -> None:
    book = _blank(tmp_path)
    said = _said(_run("history", "blank-forms", tmp_path / "x.xlsx", "--cutoff", "31/03/2025"))
    assert "kỳ báo cáo từ ngày 01/01/2025 đến ngày 31/03/2025" in said, said
    _fill(book, {B1: BIEU1, B2: BIEU2, B3: BIEU3})
    history = tmp_path / "lich_su_tong_hop.sqlite"
    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 0, said
    assert "Lần vừa thêm là số liệu chép từ các biểu năm trước" in said, said
    # Biểu 1's B, left empty, is the sum of its lines, and said to be worked out.
    assert "dòng B “Đảng viên tăng trong kỳ” (ô Biểu 1-BTCTW!C7) = 31" in said, said
    # The record: aggregates, typed from the workbook, said so by list and show.
    listed = _said(_run("history", "list", "--history", history))
    assert "chép tay từ biểu năm trước (tệp Excel “nam_truoc.xlsx”)" in listed, listed
    shown = _said(_run("history", "show", "1", "--history", history))
    assert "chép tay từ biểu năm trước" in shown, shown
    record = HistoryStore(history).get(1)
    assert record is not None
    assert (record.cutoff_date.isoformat(), record.form_period[0].isoformat()) == ("2025-03-31", "2025-01-01")
    assert record.ward_name == WARD
    ind = record.indicators
    # B.1's rest: split by Biểu 2's "Kết nạp lại" (1 of the 20), as a consolidation counts them
    # (review229 L3).
    assert ind["period.admitted"] == 19 and ind["period.readmitted"] == 1
    # II.1.a's rest: its lines are the single occupations (the enterprise line's are its three
    # "+" lines; its own rest, those of the old enterprise occupation, is of unknown.working).
    assert ind["members.occupation.unknown.working"] == 3000 - sum(v for v in OCCUPATIONS.values())
    assert ind["members.occupation.unknown.enterprise"] == 900 - 880
    assert ind["members.total"] == 4116 and ind["admitted.age_mean"] == 29.5

    forms = consolidated_forms(demo, history, tmp_path / "tong_hop_2026.xlsx")
    previous = {
        code: {row["row"]: row["previous"] for row in forms[code]} for code in ("bieu1", "bieu2", "bieu3")
    }
    for key, value in BIEU1.items():
        assert previous["bieu1"][key] == value, key
    assert previous["bieu1"]["B"] == 31
    assert previous["bieu2"]["I"] == 20 and previous["bieu2"]["I.readmitted"] == 1
    assert previous["bieu2"]["II.2.mean"] == 29.5
    for key, value in BIEU3.items():
        assert previous["bieu3"][key] == value, key
    assert previous["bieu3"]["I.probationary"] is None  # left empty: unknown, never 0


def _cells(values: dict[str, dict[str, Any]]) -> dict[str, dict[str, Typed]]:
    return {s: {k: Typed(v, f"{s}!{k}") for k, v in typed.items()} for s, typed in values.items()}


def test_sum_lines_are_found_from_the_tables() -> None:
    by_key = {s.line.key: s for form in FORMS if form.kind == "compare" for s in sum_lines(form)}
    assert [p.key for p in by_key["B"].parts] == ["B.1", "B.2", "B.3"] and by_key["B"].rest == ()
    assert by_key["B.1"].parts == () and by_key["B.1"].rest == ("period.admitted", "period.readmitted")
    enterprise = by_key["II.1.a.enterprise"]
    assert enterprise.rest == ("members.occupation.unknown.enterprise",)
    assert "II.1.a.enterprise_staff" in [p.key for p in by_key["II.1.a"].parts]
    assert "II.1.a.enterprise" not in [p.key for p in by_key["II.1.a"].parts]
    assert by_key["II.1.a"].rest == ("members.occupation.unknown.working",)


def test_a_sum_line_unlike_its_lines_names_both_cells() -> None:
    with pytest.raises(EntryError) as caught:
        indicators_from_typed(
            _cells({B1: {"C": 10, "C.1": 2, "C.2": 2, "C.3": 2, "C.4": 2, "C.5": 3}}), "f.xlsx"
        )
    said = str(caught.value)
    assert "dòng C “Đảng viên giảm trong kỳ” (ô Biểu 1-BTCTW!C) = 10" in said, said
    assert "cộng lại là 11" in said and "(ô Biểu 1-BTCTW!C.5) = 3" in said, said
    # A line with a rest may be above its lines, never below them.
    with pytest.raises(EntryError, match="cộng lại là 12"):
        indicators_from_typed(
            _cells({B3: {"II.1.a.enterprise": 10, "II.1.a.enterprise_manager": 12}}), "f.xlsx"
        )


def test_empty_parts_stay_unknown_unless_the_sum_decides_them() -> None:
    # C typed equal to C.1: the other lines of C are 0 (no count is below 0).
    figures = indicators_from_typed(_cells({B1: {"C": 2, "C.1": 2}}), "f.xlsx")
    assert figures.indicators["period.expelled"] == 0 and figures.indicators["period.transfer_out"] == 0
    # The enterprise line above one typed part: the others stay unknown, and the line is said
    # to show empty; the rest id is not made up.
    figures = indicators_from_typed(
        _cells({B3: {"II.1.a.enterprise": 20, "II.1.a.enterprise_manager": 5}}), "f.xlsx"
    )
    assert "members.occupation.enterprise_staff" not in figures.indicators
    assert "members.occupation.unknown.enterprise" not in figures.indicators
    assert len(figures.unshown) == 1 and "doanh nghiệp" in figures.unshown[0]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("mười", "đang là chữ “mười”"),
        (-3, "-3 không phải số người hay số tổ chức"),
        (12.5, "12.5 không phải"),
    ],
)
def test_a_bad_cell_is_named_with_its_file_sheet_cell_and_line(
    tmp_path: Path, value: Any, words: str
) -> None:
    book = _blank(tmp_path)
    where = _fill(book, {B1: {"A": 100}, B3: {"I.female": value}})
    history = tmp_path / "ls.sqlite"
    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert "Traceback" not in said
    assert f"Tệp “{book}”, ô {where[B3]['I.female']} (dòng “- Nữ”)" in said, said
    assert words in said, said
    assert where[B3]["I.female"] == "Biểu 3-BTCTW!C8"
    assert not history.exists()


def test_biểu_1s_identity_is_said_in_the_forms_words_and_cells(tmp_path: Path) -> None:
    book = _blank(tmp_path)
    _fill(book, {B1: {"A": 100, "B": 8, "C": 2, "D": 107}})
    said = _said(_run("history", "import", book, "--history", tmp_path / "ls.sqlite"))
    assert "đầu kỳ + tăng − giảm phải bằng cuối kỳ" in said, said
    assert (
        "100 + 8 − 2 = 106, khác dòng D “Đảng viên trong danh sách cuối kỳ báo cáo” (ô Biểu 1-BTCTW!C22)"
        in said
    )
    # A common check's message, which speaks in ids, is said with the form's lines.
    _fill(book, {B1: {"D": 106}, B3: {"I": 107}})
    said = _said(_run("history", "import", book, "--history", tmp_path / "ls.sqlite"))
    assert "không đúng “Biểu 1: đảng viên cuối kỳ = tổng số đảng viên”" in said, said
    assert "dòng I “Đảng viên trong danh sách có đến cuối kỳ báo cáo” (ô Biểu 3-BTCTW!C6) = 107" in said, said
    assert "members.total" not in said and "consolidate --json" not in said, said
    # A line of its Trong đó above it is said as those two lines (the common checks see only
    # the members' total, and none of Biểu 1's and 2's).
    _fill(book, {B3: {"I": 106, "I.female": 200}})
    said = _said(_run("history", "import", book, "--history", tmp_path / "ls.sqlite"))
    assert "dòng “Nữ” (ô Biểu 3-BTCTW!C8) = 200 lớn hơn dòng I" in said, said
    assert "members.gender.female" not in said, said


def test_biểu_1_that_cannot_be_checked_is_refused_naming_the_empty_lines(tmp_path: Path) -> None:
    """B.2 “Chuyển đến” left empty under its typed a) and b) (ids of their own, not B.2's
    parts) leaves B unknown: A + B − C = D cannot be checked, and a D typed one too many went
    into the history unsaid. The import refuses, naming the empty lines and their cells."""
    book = _blank(tmp_path)
    typed = {k: v for k, v in BIEU1.items() if k not in ("B.2", "C")}
    where = _fill(book, {B1: {**typed, "D": BIEU1["D"] + 1}})
    done = _run("history", "import", book, "--history", tmp_path / "ls.sqlite")
    said = _said(done)
    assert done.exit_code == 2, done.output
    assert "không kiểm tra được đầu kỳ + tăng − giảm = cuối kỳ" in said, said
    empty = _fill(book, {B1: {"B.2": None, "B": None}})[B1]
    assert f"dòng B.2 “Chuyển đến” (ô {empty['B.2']})" in said, said
    assert f"dòng B “Đảng viên tăng trong kỳ” (ô {empty['B']})" in said, said
    assert "dòng C " not in said and where[B1]["D"] not in said, said  # C is worked out from its lines
    assert not (tmp_path / "ls.sqlite").exists()
    # With B.2 typed, B is their sum and the wrong D is said as the identity it breaks.
    _fill(book, {B1: {"B.2": BIEU1["B.2"]}})
    said = _said(_run("history", "import", book, "--history", tmp_path / "ls.sqlite"))
    assert "đầu kỳ + tăng − giảm phải bằng cuối kỳ" in said and "khác dòng D" in said, said
    assert not (tmp_path / "ls.sqlite").exists()


def test_an_empty_workbook_is_refused_with_a_clear_sentence(tmp_path: Path) -> None:
    book = _blank(tmp_path)
    done = _run("history", "import", book, "--history", tmp_path / "ls.sqlite")
    assert done.exit_code == 2
    assert f"Tệp “{book}” chưa có số liệu nào" in _said(done), done.output
    assert not (tmp_path / "ls.sqlite").exists()


def test_a_workbook_that_is_not_one_is_refused_as_before(tmp_path: Path) -> None:
    other = tmp_path / "bang_khac.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "A"
    wb.active["C1"] = 5
    wb.save(other)
    said = _said(_run("history", "import", other, "--history", tmp_path / "ls.sqlite"))
    assert f"Tệp “{other}” là tệp Excel, không phải tệp JSON số liệu tổng hợp" in said, said
    # The new way, named with this import's history (blank-forms alone prints the import of the
    # current folder's history), and only by `history import`: a roll-up has no use for it.
    history = tmp_path / "ls.sqlite"
    assert (
        f'history blank-forms "TỆP.xlsx" --cutoff NGÀY_CHỐT_NĂM_TRƯỚC --history "{history}"' in said
        and f'history import "TỆP.xlsx" --history "{history}"' in said
    ), said
    rolled = _said(_run("rollup", other, "--output", tmp_path / "tinh.xlsx"))
    assert "là tệp Excel, không phải tệp JSON" in rolled and "blank-forms" not in rolled, rolled


def test_a_new_historys_note_names_the_workbook_with_its_history(tmp_path: Path) -> None:
    """The first run's note of a new history (console and the buttons' status) names the way
    for last year's forms with that history: run without `--history`, `blank-forms` would
    print the import of the current folder's history, not the office's."""
    from toolkit.history.session import first_year_words

    history = tmp_path / "van phong" / "lich_su_tong_hop.sqlite"
    said = first_year_words(history, buttons=True)
    assert f'history blank-forms "TỆP.xlsx" --cutoff NGÀY_CHỐT_NĂM_TRƯỚC --history "{history}"' in said


def test_the_layout_comes_from_the_form_tables(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(_blank(tmp_path))
    assert wb.sheetnames[:4] == ["Thông tin", B1, B2, B3] and META_SHEET in wb.sheetnames
    assert wb[META_SHEET].sheet_state != "visible"
    assert "Biểu 4-BTCTW" not in wb.sheetnames
    assert any(
        "Biểu số 4-BTCTW không có cột" in str(c.value) for row in wb["Thông tin"].iter_rows() for c in row
    )
    for form in FORMS:
        if form.kind != "compare":
            continue
        ws = wb[form.sheet_name]
        rows = {row[0].value: row for row in ws.iter_rows() if row[0].value}
        assert list(rows) == [line.key for line in form_lines(form)]
        for line in form_lines(form):
            cell = rows[line.key][2]
            assert (cell.protection.locked is False) == line.has_figure, line.key
            assert rows[line.key][1].alignment.indent == line.level, line.key
            if not line.collected:
                assert cell.value == "không thu thập"


def test_the_output_is_never_an_input_nor_a_filled_workbook(tmp_path: Path) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    sqlite3.connect(history).close()
    done = _run("history", "blank-forms", history, "--cutoff", "31/03/2025", "--history", history)
    assert done.exit_code == 2 and "lịch sử" in _said(done), done.output
    book = _blank(tmp_path)
    done = _run("history", "blank-forms", book, "--cutoff", "31/03/2025")
    assert done.exit_code == 2 and "--overwrite" in _said(done), done.output
    assert _run("history", "blank-forms", book, "--cutoff", "31/03/2025", "--overwrite").exit_code == 0
    _fill(book, {B1: {"A": 5}})
    before = book.read_bytes()
    done = _run("history", "blank-forms", book, "--cutoff", "31/03/2025", "--overwrite")
    assert done.exit_code == 2 and "không bao giờ ghi đè" in _said(done), done.output
    assert book.read_bytes() == before


@pytest.mark.parametrize("how", ["row pasted again", "key cleared", "formula unsaved"])
def test_figures_only_in_rows_no_line_reads_are_never_overwritten(tmp_path: Path, how: str) -> None:
    """review247: the form's rows pasted again below it with last year's figures (or typed in
    rows whose hidden key was cleared, or as a formula saved without its result), the lines
    themselves empty: `history import` refuses it naming the cells, but `--overwrite` took it
    for a blank workbook and replaced it."""
    book = _blank(tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb[B1]
    if how == "formula unsaved":  # openpyxl saves no formula's result
        d_row = next(r[0].row for r in ws.iter_rows() if r[0].value == "D")
        ws.cell(d_row, 3).value = "=4000+116"
    else:
        below = ws.max_row + 2
        ws.cell(below, 1).value = "D" if how == "row pasted again" else None
        ws.cell(below, 3).value = 4116
    wb.save(book)
    before = book.read_bytes()
    done = _run("history", "blank-forms", book, "--cutoff", "31/03/2025", "--overwrite")
    assert done.exit_code == 2 and "không bao giờ ghi đè" in _said(done), done.output
    assert book.read_bytes() == before


def test_a_period_start_the_forms_cannot_take_is_refused(tmp_path: Path) -> None:
    done = _run(
        "history",
        "blank-forms",
        tmp_path / "x.xlsx",
        "--cutoff",
        "31/03/2025",
        "--period-start",
        "01/04/2025",
    )
    assert done.exit_code == 2 and "--period-start" in done.output, done.output
    done = _run(
        "history",
        "blank-forms",
        tmp_path / "q2.xlsx",
        "--cutoff",
        "30/06/2025",
        "--period-start",
        "01/04/2025",
    )
    assert done.exit_code == 0 and "từ ngày 01/04/2025 đến ngày 30/06/2025" in _said(done), done.output


def test_a_workbook_saved_again_by_libreoffice_gives_the_same_record(tmp_path: Path) -> None:
    book = _blank(tmp_path)
    _fill(
        book, {B1: BIEU1, B2: BIEU2, B3: BIEU3, "Thông tin": {"orgs.consolidated": 72, "orgs.registered": 72}}
    )
    (resaved,) = convert([book], "xlsx", tmp_path / "lo")
    for path, name in ((book, "a.sqlite"), (resaved, "b.sqlite")):
        done = _run("history", "import", path, "--history", tmp_path / name)
        assert done.exit_code == 0, done.output
        assert "không ghi số tổ chức" not in _said(done)  # the coverage was typed
    a, b = HistoryStore(tmp_path / "a.sqlite").get(1), HistoryStore(tmp_path / "b.sqlite").get(1)
    assert a is not None and b is not None
    assert a.indicators == b.indicators and a.indicators["orgs.registered"] == 72
    assert (a.ward_name, a.form_period) == (b.ward_name, b.form_period)
