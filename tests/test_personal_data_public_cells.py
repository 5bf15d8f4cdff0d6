"""Cells that hold no member's personal data show their typed text without personal data
(hunt175 F12, `rules.public_typed_text`): a header typed over in a row that is still the header
row (“Tiêu đề là “[đã ẩn]”, đúng ra phải là “Ngày sinh”” told the clerk nothing), the
organisation's tier and sector, a cut-off typed in words, a count or a year of `Số liệu năm`
typed in number words. A member's row typed over the header row, a name beside a count, a name
in `Ngày lập biểu` or over the Bí thư's label, and a name in a member's cell stay hidden in
every output: the consolidate JSON and `Kiểm tra`, the validate JSON and the feedback file."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from helpers_validate import clean_info, write

from toolkit.cli import main
from toolkit.core import layout

M, Y, INFO = layout.SHEET_MEMBERS, layout.SHEET_YEARS, layout.SHEET_INFO

# Typed where no one's data can be: (sheet, cell, code, text), in the first file.
SHOWN = [
    (INFO, layout.INFO.cell("org_tier"), "info.not_allowed", "Chi bộ abc"),
    (INFO, layout.INFO.cell("sector"), "info.not_allowed", "Khối lạ"),
    (INFO, layout.INFO.cell("cutoff_date"), "info.bad_date", "cuối quý"),
    (Y, layout.YEARS.cell("candidates_trained", 2), "year.not_integer", "mười"),
    (Y, layout.YEARS.cell("rated_pass", 2), "year.not_integer", "N/A"),
    (Y, "A3", "year.bad_year", "hai nghìn"),
]
# Titles typed over in header rows that are still header rows, in the second file (a sheet
# whose header is wrong is not read further).
HEADERS = [
    (M, "C1", "file.header", "Ngày tháng năm sinh"),
    (Y, "B1", "file.header", "Nhận thức"),
]
FIRST, SECOND, THIRD = (
    "CB07_chi_bo_to_dan_pho_so_7.xlsx",
    "CB08_chi_bo_to_dan_pho_so_8.xlsx",
    "CB09_chi_bo_to_dan_pho_so_9.xlsx",
)
MEMBER_NAME = "Nguyễn Thị Hoa"  # a member's name in a member's cell (the `Giới tính` dropdown)
ROW_NAME = "Lê Văn Cường"  # a member's row typed over most of the header row of `Đảng viên`
BEGUN_NAME = "Hoàng Thị Mai"  # a new member begun on row 1: only the name typed over its header
COUNT_NAME = "Phạm Văn Đức"  # beside the count of members rated "không hoàn thành nhiệm vụ"
PREPARED_NAME = "Đỗ Thị Hạnh"  # in `Ngày lập biểu`, the row under the Người lập biểu's
SECRETARY_NAME = "Trần Văn Khánh"  # over the `Bí thư` label, one cell left of its value
HIDDEN_NAMES = (MEMBER_NAME, ROW_NAME, BEGUN_NAME, COUNT_NAME, PREPARED_NAME, SECRETARY_NAME)


def _ward(folder: Path) -> Path:
    folder.mkdir()
    first = write(folder, FIRST)
    wb = openpyxl.load_workbook(first)
    for sheet, cell, _, text in SHOWN:
        wb[sheet][cell] = text
    wb[M][layout.MEMBERS.cell("gender", 3)] = MEMBER_NAME
    wb.save(first)
    second = write(folder, SECOND, info=clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8"))
    wb = openpyxl.load_workbook(second)
    for sheet, cell, _, text in HEADERS:
        wb[sheet][cell] = text
    wb[M]["B1"] = BEGUN_NAME
    wb.save(second)
    third = write(folder, THIRD, info=clean_info(org_code="CB09", org_name="Chi bộ Tổ dân phố số 9"))
    wb = openpyxl.load_workbook(third)
    members = wb[M]
    width = len(layout.MEMBERS.fields)
    for col in range(1, width - 2):  # the first member's row typed over all but 3 headers
        members.cell(1, col).value = members.cell(2, col).value
    members["B1"] = ROW_NAME
    wb[Y][layout.YEARS.cell("rated_fail", 2)] = f"1 (đ/c {COUNT_NAME})"
    info = wb[INFO]
    info[layout.INFO.cell("prepared_on")] = f"{PREPARED_NAME} (lập biểu)"
    info[layout.INFO.cell("secretary").replace("B", "A")] = SECRETARY_NAME
    wb.save(third)
    return folder


def _xlsx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def _outputs(tmp_path: Path) -> tuple[dict[str, str], list[dict[str, object]], list[dict[str, object]]]:
    """Every output of `consolidate --json` and `validate --json --feedback` as text, and the
    issues of both JSON files."""
    folder = _ward(tmp_path / "bai_nop")
    out: dict[str, str] = {}
    run = CliRunner().invoke(
        main,
        [
            "consolidate", str(folder), "--cutoff", "31/03/2026", "--no-history",
            "-o", str(tmp_path / "th.xlsx"), "--json", str(tmp_path / "th.json"),
        ],
    )  # fmt: skip
    assert run.exception is None or isinstance(run.exception, SystemExit), run.output
    out["consolidate console"] = run.output
    out["consolidate json"] = (tmp_path / "th.json").read_text(encoding="utf-8")
    out["consolidate xlsx"] = _xlsx_text(tmp_path / "th.xlsx")
    feedback = tmp_path / "phan_hoi"
    run = CliRunner().invoke(
        main,
        [
            "validate", str(folder), "--cutoff", "31/03/2026",
            "--json", str(tmp_path / "kt.json"), "--feedback", str(feedback),
        ],
    )  # fmt: skip
    assert run.exception is None or isinstance(run.exception, SystemExit), run.output
    out["validate screen"] = run.output
    out["validate json"] = (tmp_path / "kt.json").read_text(encoding="utf-8")
    books = sorted(feedback.glob("*.xlsx"))
    assert len(books) == 3
    out["feedback"] = " ".join(_xlsx_text(p) for p in books)
    consolidated = json.loads(out["consolidate json"])["issues"]
    validated = json.loads(out["validate json"])["issues"]
    return out, consolidated, validated


def test_text_of_cells_holding_no_one_is_shown_and_members_stay_hidden(tmp_path: Path) -> None:
    outputs, consolidated, validated = _outputs(tmp_path)
    for issues in (consolidated, validated):
        by_cell = {(i["file"], i["sheet"], i["cell"], i["code"]): i for i in issues}
        for file, (sheet, cell, code, text) in [(FIRST, s) for s in SHOWN] + [(SECOND, h) for h in HEADERS]:
            issue = by_cell[(file, sheet, cell, code)]
            assert issue["value"] == text and f"\u201c{text}\u201d" in issue["message"], issue
            assert "[đã ẩn]" not in issue["message"], issue
    # The clerk's example of hunt175 F12, word for word.
    header = next(i for i in validated if (i["file"], i["sheet"], i["cell"]) == (SECOND, M, "C1"))
    assert header["message"].startswith(
        "Sheet \u201cĐảng viên\u201d, ô C1: Tiêu đề là \u201cNgày tháng năm sinh\u201d, đúng ra phải là "
        "\u201cNgày sinh\u201d."
    ), header
    for where in ("consolidate xlsx", "feedback", "validate screen"):
        assert all(text in outputs[where] for *_, text in SHOWN + HEADERS if len(text) > 3), where
    leaks = [(name, where) for name in HIDDEN_NAMES for where, text in outputs.items() if name in text]
    assert leaks == []


def test_a_members_row_over_the_header_row_and_a_members_cell_stay_hidden(tmp_path: Path) -> None:
    _, _, validated = _outputs(tmp_path)
    by_cell = {(i["file"], i["sheet"], i["cell"]): i for i in validated}
    hidden = [
        by_cell[(SECOND, M, "B1")],  # file.header: a name in a header row kept, name column
        by_cell[(THIRD, M, "B1")],  # file.header: a member's name where “Họ và tên” was
        by_cell[(THIRD, M, layout.MEMBERS.cell("gender", 1))],  # and the member's gender
        by_cell[(THIRD, Y, layout.YEARS.cell("rated_fail", 2))],  # year.not_integer
        by_cell[(THIRD, INFO, layout.INFO.cell("prepared_on"))],  # info.bad_date
        by_cell[(THIRD, INFO, layout.INFO.cell("secretary").replace("B", "A"))],  # file.header
        by_cell[(FIRST, M, layout.MEMBERS.cell("gender", 3))],  # member.not_allowed
    ]
    assert [i["code"] for i in hidden] == [
        "file.header",
        "file.header",
        "file.header",
        "year.not_integer",
        "info.bad_date",
        "file.header",
        "member.not_allowed",
    ]
    assert all(i["value"] is None and "[đã ẩn]" in str(i["message"]) for i in hidden), hidden
