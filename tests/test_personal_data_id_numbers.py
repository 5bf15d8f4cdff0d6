"""A phone or ID-card number typed in a count cell is masked like free text (hunt312 F4).

A number typed wrong holds nobody and keeps its value (“1,5”, “20255”): the clerk sees what
is wrong. A run of nine digits or more is no count, date or year, but the shape of a phone
number (10 digits), a CCCD (12) or a CMND (9): a secretary pasting the Bí thư's phone or a
member's card into `Số liệu năm` sent it, whole, to `Kiểm tra`, the console and the JSON
summary that goes up to the district. Such a text is masked unless member-level data is asked
for; the cell, the column and the rule's words stay. Real files through the CLI.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from helpers_validate import CUTOFF, write

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.rules import HIDDEN, is_free_text

PHONE = "0912345678"  # text: read as the number 912345678 (`norm.number_text`), too large
CARD = 1089012345  # a number: too large for a count (`year.not_integer`)
SHORT = "20255"  # a year typed with a digit too many: kept


def _ward(folder: Path) -> None:
    folder.mkdir()
    path = write(folder)
    wb = openpyxl.load_workbook(path)
    years = wb[layout.SHEET_YEARS]
    header = [c.value for c in years[1]]
    years.cell(2, header.index("Không hoàn thành nhiệm vụ") + 1).value = PHONE
    years.cell(2, header.index("Hoàn thành nhiệm vụ") + 1).value = CARD
    years.cell(2, header.index("Không xếp loại") + 1).value = SHORT
    wb.save(path)


def _outputs(tmp_path: Path, *extra: str) -> tuple[str, list[dict[str, object]]]:
    folder = tmp_path / "bai_nop"
    _ward(folder)
    date = CUTOFF.strftime("%d/%m/%Y")
    out = tmp_path / "kt.json"
    run = CliRunner().invoke(main, ["validate", str(folder), "--cutoff", date, "--json", str(out), *extra])
    assert run.exit_code == 1, run.output
    issues = json.loads(out.read_text(encoding="utf-8"))["issues"]
    return run.output + json.dumps(issues, ensure_ascii=False), issues


def test_a_phone_or_card_number_in_a_count_cell_is_masked(tmp_path: Path) -> None:
    text, issues = _outputs(tmp_path)
    assert PHONE not in text and "912345678" not in text and str(CARD) not in text
    said = [i for i in issues if i["sheet"] == layout.SHEET_YEARS and i["value"] is None]
    assert said and all(HIDDEN in str(i["message"]) for i in said)
    assert SHORT in text  # a number typed wrong, shorter than any phone or card: kept


def test_asked_for_they_are_listed(tmp_path: Path) -> None:
    text, _ = _outputs(tmp_path, "--personal-data")
    assert PHONE in text and str(CARD) in text


def test_only_long_digit_runs_count() -> None:
    assert is_free_text("0912 345 678") and is_free_text("001.089.012.345") and is_free_text("Lê A")
    assert not (is_free_text("20255") or is_free_text("31/12/2025") or is_free_text("1,5"))
    assert not is_free_text("31.12.2025 - 31.12.2026")  # two dates: no run of nine digits


def test_a_fraction_in_a_count_cell_keeps_its_value(tmp_path: Path) -> None:
    """A count that is a fraction (a formula's 1/3, pasted as a value) is shown with its many
    decimals: those digits after the decimal comma are no phone or card number, and the clerk
    sees what the cell holds (review314: “[đã ẩn]” as if it held a member's data)."""
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    path = write(folder)
    wb = openpyxl.load_workbook(path)
    years = wb[layout.SHEET_YEARS]
    header = [c.value for c in years[1]]
    years.cell(2, header.index("Hoàn thành nhiệm vụ") + 1).value = 1 / 3
    wb.save(path)
    out = tmp_path / "kt.json"
    date = CUTOFF.strftime("%d/%m/%Y")
    run = CliRunner().invoke(main, ["validate", str(folder), "--cutoff", date, "--json", str(out)])
    assert run.exit_code == 1, run.output
    (issue,) = [
        i for i in json.loads(out.read_text(encoding="utf-8"))["issues"] if i["sheet"] == layout.SHEET_YEARS
    ]
    assert issue["code"] == "year.not_integer" and str(issue["value"]).startswith("0,333333333")
    assert HIDDEN not in issue["message"] and f"“{issue['value']}” có phần lẻ" in issue["message"]
    assert not is_free_text("0,333333333333333") and is_free_text("0,5 (0912345678)")
