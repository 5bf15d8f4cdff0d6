"""A list of issues written with the members' values (`--personal-data`) says so on every
printed page, as the work lists do (hunt312 F2).

`Kiểm tra` said it once, in the line under its title, and a feedback file once, under its
table: a list of several pages, printed and left on a desk, showed members' names and birth
dates on every other page with no word of what it was. Each now carries the same notice in its
page header when (and only when) a member's value is listed. Real files: a submission through
the real template with a name typed in a count cell, the CLI run on it, the workbooks read back.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner
from helpers_validate import CUTOFF, write

from toolkit.cli import main
from toolkit.core import layout
from toolkit.outputs.feedback import SHEET as FEEDBACK_SHEET
from toolkit.outputs.status import PERSONAL_DATA_KEPT

PERSON = "Lê Văn Tám"


def _ward(folder: Path) -> None:
    folder.mkdir()
    path = write(folder)
    wb = openpyxl.load_workbook(path)
    years = wb[layout.SHEET_YEARS]
    header = [c.value for c in years[1]]
    years.cell(2, header.index("Không hoàn thành nhiệm vụ") + 1).value = f"1 (đ/c {PERSON})"
    wb.save(path)


def _headers(tmp_path: Path, *extra: str) -> tuple[str, str, str]:
    """The page headers of `Kiểm tra` and of the feedback sheet, and the `Kiểm tra` text."""
    folder = tmp_path / "bai_nop"
    _ward(folder)
    date = CUTOFF.strftime("%d/%m/%Y")
    run = CliRunner().invoke(
        main, ["validate", str(folder), "--cutoff", date, "--feedback", str(tmp_path / "phan_hoi"), *extra]
    )
    assert run.exit_code == 1, run.output
    output = str(tmp_path / "th.xlsx")
    run = CliRunner().invoke(
        main, ["consolidate", str(folder), "--cutoff", date, "--no-history", "-o", output, *extra]
    )
    assert run.exit_code == 1, run.output
    issues = openpyxl.load_workbook(tmp_path / "th.xlsx")["Kiểm tra"]
    (feedback_file,) = (tmp_path / "phan_hoi").glob("*.xlsx")
    feedback = openpyxl.load_workbook(feedback_file)[FEEDBACK_SHEET]
    text = " ".join(str(v) for row in issues.iter_rows(values_only=True) for v in row if v is not None)
    return issues.oddHeader.left.text or "", feedback.oddHeader.left.text or "", text


def test_a_list_holding_members_values_says_so_on_every_page(tmp_path: Path) -> None:
    issues, feedback, text = _headers(tmp_path, "--personal-data")
    assert PERSON in text  # the list does hold a member's value
    assert issues == PERSONAL_DATA_KEPT
    assert "dữ liệu cá nhân" in feedback and "chỉ gửi riêng cho chi bộ đã nộp tệp" in feedback


def test_a_list_without_members_values_has_no_such_header(tmp_path: Path) -> None:
    issues, feedback, text = _headers(tmp_path)
    assert PERSON not in text
    assert (issues, feedback) == ("", "")
