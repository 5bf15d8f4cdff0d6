"""Last year's forms typed by hand: cells the reader of the filled workbook got wrong (review229).

M1: a formula without a computed value (openpyxl writes such cells; Excel and LibreOffice always
save the result) read as an empty cell, so its line went missing unsaid.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner, Result

from tests.libreoffice import convert
from toolkit.cli import main
from toolkit.history.store import HistoryStore

WARD = "Phường Mẫu"
B1, B3 = "Biểu 1-BTCTW", "Biểu 3-BTCTW"


def _run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _said(done: Result) -> str:
    return " ".join(done.output.split())


def _blank(tmp_path: Path, name: str = "nam_truoc.xlsx") -> Path:
    out = tmp_path / name
    done = _run("history", "blank-forms", out, "--cutoff", "31/03/2025", "--ward-name", WARD)
    assert done.exit_code == 0, done.output
    return out


def _fill(path: Path, values: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Type `values[sheet][key]` into the input cell of the row keyed `key` (openpyxl); returns
    each cell's reference (`C11`)."""
    wb = openpyxl.load_workbook(path)
    where: dict[str, dict[str, str]] = {}
    for sheet, typed in values.items():
        rows = {row[0].value: row[2] for row in wb[sheet].iter_rows() if row[0].value}
        for key, value in typed.items():
            rows[key].value = value
            where.setdefault(sheet, {})[key] = rows[key].coordinate
    wb.save(path)
    return where


def _import(path: Path, history: Path) -> Result:
    return _run("history", "import", path, "--history", history)


def _record(history: Path) -> dict[str, int | float]:
    record = HistoryStore(history).get(1)
    assert record is not None
    return dict(record.indicators)


def _typed_and_imported(
    tmp_path: Path, values: dict[str, dict[str, Any]]
) -> tuple[Result, dict[str, dict[str, str]], dict[str, int | float]]:
    """A blank workbook filled with `values` and imported into a new history, which must take
    it: the import, where each value went, and the stored record's indicators."""
    book = _blank(tmp_path)
    where = _fill(book, values)
    done = _import(book, tmp_path / "ls.sqlite")
    assert done.exit_code == 0, done.output
    return done, where, _record(tmp_path / "ls.sqlite")


# --- M1: a formula without a computed value -------------------------------------------------


def test_a_formula_without_its_result_is_refused_naming_file_sheet_and_cell(tmp_path: Path) -> None:
    book = _blank(tmp_path)
    where = _fill(book, {B3: {"I": 4005, "I.religious": "=10+2"}})
    history = tmp_path / "ls.sqlite"
    done = _import(book, history)
    print(done.output)
    said = _said(done)
    assert done.exit_code == 2, done.output
    cell = where[B3]["I.religious"]
    assert f"Tệp “{book}”, sheet “{B3}”, ô {cell} (dòng “- Người theo tôn giáo”)" in said
    assert "công thức chưa có kết quả tính" in said
    assert "Hãy mở tệp bằng Excel, lưu lại rồi chạy lại lệnh history import." in said
    assert "Chưa thêm gì vào lịch sử." in said
    assert not history.exists() or HistoryStore(history).get(1) is None


def test_a_formula_with_its_result_is_read_as_the_result(tmp_path: Path) -> None:
    """As Excel saves it (the result in `<v>`), and as LibreOffice saves the workbook again."""
    book = _blank(tmp_path)
    _fill(book, {B3: {"I": 4005, "I.religious": "=10+2"}})
    # Excel's way: the formula with its result.
    cached = tmp_path / "excel.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(cached, "w", zipfile.ZIP_DEFLATED) as out:
        hits = 0
        for info in src.infolist():
            data = src.read(info)
            if b"<f>10+2</f><v></v>" in data:
                data, hits = data.replace(b"<f>10+2</f><v></v>", b"<f>10+2</f><v>12</v>"), hits + 1
            out.writestr(info, data)
    assert hits == 1
    done = _import(cached, tmp_path / "a.sqlite")
    assert done.exit_code == 0, done.output
    assert _record(tmp_path / "a.sqlite")["members.religious"] == 12
    (resaved,) = convert([book], "xlsx", tmp_path / "lo")
    with zipfile.ZipFile(resaved) as zf:
        # LibreOffice keeps the formula and saves its result beside it.
        parts = [zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/")]
    assert any(b">10+2</f><v>12</v>" in part for part in parts)
    done = _import(resaved, tmp_path / "b.sqlite")
    assert done.exit_code == 0, done.output
    assert _record(tmp_path / "b.sqlite")["members.religious"] == 12


# --- L5: a whole number written as text ------------------------------------------------------


def test_text_writing_a_whole_number_is_read_as_it_and_said(tmp_path: Path) -> None:
    """A clerk pasting from a Word report gets text cells: "12", " 12 ", "1.234" (the Vietnamese
    thousands dot) are those numbers, and the import lists the cells it read from text."""
    done, where, ind = _typed_and_imported(
        tmp_path,
        {
            B3: {"I": " 4.005 ", "I.female": "1700", "I.religious": 12, "II.2.mean": "52"},
            "Thông tin": {"orgs.consolidated": "72", "orgs.registered": 72},
        },
    )
    assert (ind["members.total"], ind["members.gender.female"], ind["members.religious"]) == (4005, 1700, 12)
    assert ind["members.age_mean"] == 52 and ind["orgs.consolidated"] == 72
    said = _said(done)
    assert "4 ô ghi số dưới dạng chữ (thường do dán từ văn bản Word) đã được đọc thành số:" in said
    assert f"(ô {B3}!{where[B3]['I']}) “4.005” = 4005" in said
    assert f"(ô {B3}!{where[B3]['I.female']}) “1700” = 1700" in said
    assert f"(ô Thông tin!{where['Thông tin']['orgs.consolidated']}) “72” = 72" in said
    assert "Dấu chấm trong số được hiểu là dấu phân cách hàng nghìn." in said
    assert f"{B3}!{where[B3]['I.religious']}) “" not in said  # typed as a number: not listed


def test_other_text_is_still_refused(tmp_path: Path) -> None:
    """A comma (a decimal mark in Vietnamese, thousands in English), a sign, a fraction, words,
    a mean age's dot (maybe a decimal point), and a dotted number with a leading zero ("0.500" is a
    decimal, not 500: review239 T1) are refused as before, naming the cell."""
    book = _blank(tmp_path)
    texts = {
        "I": "1,234",
        "I.female": "-5",
        "I.religious": "12 người",
        "I.youth_union": "1.5",
        "II.2.mean": "52.3",
        "I.ethnic_minority": "0.500",  # a decimal, not 500 (review239 T1)
        "I.probationary": "01.000",  # 1 (a decimal) or a typo: not 1000
    }
    where = _fill(book, {B3: texts})
    done = _import(book, tmp_path / "ls.sqlite")
    print(done.output)
    said = _said(done)
    assert done.exit_code == 2, done.output
    for key, text in texts.items():
        assert f"ô {B3}!{where[B3][key]} " in said and f"đang là chữ “{text}”, không phải số" in said, key
    assert "Chưa thêm gì vào lịch sử." in said


def test_text_writing_a_number_in_a_row_no_line_reads_is_refused(tmp_path: Path) -> None:
    """As a number typed there is: a figure no line reads."""
    book = _blank(tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb[B3]
    row = next(r for r in ws.iter_rows() if r[0].value == "I.religious")
    row[0].value, row[2].value = None, "12"  # its hidden key cleared
    next(r for r in ws.iter_rows() if r[0].value == "I")[2].value = 4005
    wb.save(book)
    done = _import(book, tmp_path / "ls.sqlite")
    assert done.exit_code == 2, done.output
    assert f"ô {B3}!{row[2].coordinate}: có số liệu nhưng không thuộc dòng nào của biểu" in _said(done)


# --- L2: the enterprise line's unknown within line a's ---------------------------------------

# Biểu 3's II.1.a and its lines: the enterprise line 600 above its "+" lines (580), so 20 members
# of the enterprises of unknown specific occupation; the single occupations sum to 1746.
OCCUPATIONS = {
    "II.1.a.state_official": 101, "II.1.a.party_mass_official": 102, "II.1.a.commune_official": 103,
    "II.1.a.neighbourhood_part_time": 104, "II.1.a.public_employee": 105,
    "II.1.a.non_public_employee": 106, "II.1.a.enterprise": 600, "II.1.a.enterprise_manager": 150,
    "II.1.a.enterprise_staff": 210, "II.1.a.production_worker": 220, "II.1.a.farmer": 107,
    "II.1.a.armed_forces": 108, "II.1.a.university_student": 109, "II.1.a.pupil": 110,
    "II.1.a.other": 111,
}  # fmt: skip


def test_the_enterprise_lines_unknown_is_no_more_than_line_as(tmp_path: Path) -> None:
    """The members of the enterprises whose specific occupation is unknown (the enterprise line
    above its "+" lines) are some of line a's of unknown specific occupation (line a above its
    lines): II.1.a typed 10 above its lines and the enterprise line 20 above its is refused,
    naming both lines and cells; 20 above both is taken."""
    book = _blank(tmp_path)
    where = _fill(book, {B3: {"I": 4005, **OCCUPATIONS, "II.1.a": 1746 + 10}})[B3]
    done = _import(book, tmp_path / "a.sqlite")
    print(done.output)
    said = _said(done)
    assert done.exit_code == 2, done.output
    assert (
        f"dòng “Lãnh đạo, quản lý và lao động trong các doanh nghiệp, chia ra:” (ô {B3}!"
        f"{where['II.1.a.enterprise']}) = 600, các dòng thuộc nó cộng lại 580: chênh 20 người chưa rõ "
        f"thuộc dòng nào; nhưng dòng II.1.a “Đảng viên đang làm việc và công tác” (ô {B3}!"
        f"{where['II.1.a']}) = 1756, các dòng thuộc nó cộng lại 1746: chỉ chênh 10." in said
    )
    assert "Chưa thêm gì vào lịch sử." in said
    _fill(book, {B3: {"II.1.a": 1746 + 20}})
    done = _import(book, tmp_path / "b.sqlite")
    assert done.exit_code == 0, done.output
    ind = _record(tmp_path / "b.sqlite")
    assert ind["members.occupation.unknown.enterprise"] == ind["members.occupation.unknown.working"] == 20


# --- L1: the forms' notes of a last year typed from the forms --------------------------------


def test_the_forms_notes_say_last_years_unknown_occupation_came_from_the_typed_forms(tmp_path: Path) -> None:
    """Last year typed with II.1.a and the enterprise line above their lines: next year's Biểu 3
    said its rest came from "tệp theo mẫu cũ 2026.1, hoặc tệp đã nâng cấp…", files the ward never
    had. It says the figures were typed by hand from the forms sent up, each line above its lines."""
    from tests.test_typed_forms_lines import ALL

    demo = tmp_path / "demo"
    assert _run("demo", demo).exit_code == 0
    book, history = _blank(tmp_path), tmp_path / "ls.sqlite"
    _fill(book, ALL)  # II.1.a 2500 above its lines' 1746, the enterprise line 600 above 580
    done = _import(book, history)
    assert done.exit_code == 0, done.output
    out = tmp_path / "tong_hop.xlsx"
    done = _run(
        "consolidate", demo / "nop", "--registry", demo / "danh_muc_to_chuc.xlsx", "--cutoff", "31/03/2026",
        "-o", out, "--history", history, "--ward-name", WARD,
    )  # fmt: skip
    assert done.exit_code in (0, 1), done.output
    wb = openpyxl.load_workbook(out, read_only=True)
    texts = [str(c) for row in wb[B3].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    before = [t for t in texts if "Ở cột “Cùng kỳ năm trước”" in t]
    print("\n".join(before))
    typed = (
        "(số liệu năm trước được chép tay từ các biểu đã gửi, trong đó dòng đó lớn hơn tổng các dòng chia ra"
    )
    working = [
        t for t in before if "có trong dòng “a) Đảng viên đang làm việc và công tác” nhưng không ở dòng" in t
    ]
    enterprise = [t for t in before if "nhưng không ở các dòng “+” chia ra dưới dòng đó" in t]
    # Line a's rest (2500 - 1746) less the enterprise line's (600 - 580), said apart.
    assert len(working) == 1 and f"{2500 - 1746 - 20} đảng viên" in working[0] and typed in working[0], before
    assert len(enterprise) == 1 and "20 đảng viên" in enterprise[0] and typed in enterprise[0], before
    assert not [t for t in before if "mẫu cũ" in t], before
