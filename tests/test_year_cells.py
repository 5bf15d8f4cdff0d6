"""The year of a `Số liệu năm` row: "Năm 2025" (as a heading writes it) is read as 2025 with a
note, and what is no year says so in its own words, not a count's ("Hãy ghi số (để trống =
0)" was wrong advice for a year, which is never 0).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import codes, only, run, write

from toolkit.core import layout
from toolkit.core.rules import RULES
from toolkit.io.reader import read_submission

Y = layout.SHEET_YEARS
YEAR = layout.YEARS.letter("year")
COUNT = layout.YEARS.letter("rated_good")


def typed(path: Path, cells: dict[str, object]) -> Path:
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb[Y][ref] = value
    wb.save(path)
    return path


@pytest.mark.parametrize("text", ["Năm 2025", "năm 2025", "NĂM  2025", "2025.", "Năm 2025.", " 2025 "])
def test_a_year_written_with_its_word_is_read_with_a_note(tmp_path: Path, text: str) -> None:
    path = typed(write(tmp_path), {f"{YEAR}2": text})
    sub = read_submission(path)
    assert int(sub.years["year"].iloc[0]) == 2025
    issue = only(sub.issues, "norm.number_text")
    assert issue.cell == f"{YEAR}2" and issue.message.endswith(" là năm 2025.")  # a year, not "là số"
    assert codes(run(path).issues) == ["norm.number_text"]


@pytest.mark.parametrize("text", ["2024-2025", "Năm nay", "25/12/2025"])
def test_what_is_no_year_is_one_error_in_a_year_s_words(tmp_path: Path, text: str) -> None:
    path = typed(write(tmp_path), {f"{YEAR}2": text})
    issue = only(run(path).issues, "year.bad_year")
    assert RULES["year.bad_year"].severity == "error"
    assert issue.message == (
        f"Dòng 2, cột “Năm” (ô {YEAR}2): “{text}” không phải một năm. Hãy ghi năm bằng 4 chữ số "
        "(ví dụ 2025), mỗi năm một dòng."
    )
    assert unicodedata.is_normalized("NFC", issue.message)
    assert "year.not_integer" not in codes(run(path).issues)


def test_a_count_written_as_a_year_is_still_no_count(tmp_path: Path) -> None:
    """The year's reading is its own: the same text in a count is no number."""
    path = typed(write(tmp_path), {f"{YEAR}2": "Năm 2025", f"{COUNT}2": "Năm 2025"})
    issue = only(run(path).issues, "year.not_integer")
    assert issue.cell == f"{COUNT}2"


@pytest.mark.parametrize(("text", "count"), [("5 đ/c.", 5), ("12.", 12), ("3 người .", 3), ("4 đ.c.", 4)])
def test_a_count_ending_with_a_full_stop_is_read_with_a_note(tmp_path: Path, text: str, count: int) -> None:
    """A count copied from a report's sentence keeps its full stop: still that whole number."""
    path = typed(write(tmp_path), {f"{COUNT}2": text})
    sub = read_submission(path)
    assert int(sub.years["rated_good"].iloc[0]) == count
    issue = only(sub.issues, "norm.number_text")
    assert issue.cell == f"{COUNT}2" and issue.message.endswith(f" là số {count}.")


@pytest.mark.parametrize("text", ["5.5", "1.000", "5..", "đ/c."])
def test_a_full_stop_inside_or_alone_is_still_no_whole_number(tmp_path: Path, text: str) -> None:
    path = typed(write(tmp_path), {f"{COUNT}2": text})
    assert only(run(path).issues, "year.not_integer").cell == f"{COUNT}2"
