"""Last year's forms typed by hand: a figure pasted with a space as the thousands separator
(h236's left-out point; Word and Excel print "1 234" with a space or a no-break space)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_typed_forms_cells import B3, _blank, _fill, _import, _said, _typed_and_imported
from toolkit.core.entry_marker import text_number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1 234", 1234),
        ("1\u00a0234", 1234),
        ("1\u202f234", 1234),
        (" 12 345 678 ", 12345678),
        ("\u00a04\u00a0005\u00a0", 4005),
        ("1.234", 1234),
        ("1234", 1234),
    ],
)
def test_a_space_between_groups_of_three_is_a_thousands_separator(text: str, number: int) -> None:
    assert text_number(text) == number


@pytest.mark.parametrize(
    "text",
    ["1 23", "12 345 6", "1  234", "1 2345", "0 500", "01 000", "1.234 567", "1 234.567", "1\u00a0234 567"],
)
def test_other_spaced_text_is_no_number(text: str) -> None:
    assert text_number(text) is None


def test_spaced_figures_are_read_and_listed(tmp_path: Path) -> None:
    done, where, ind = _typed_and_imported(
        tmp_path, {B3: {"I": "4 005", "I.female": "1\u00a0700", "I.religious": 12}}
    )
    assert (ind["members.total"], ind["members.gender.female"], ind["members.religious"]) == (4005, 1700, 12)
    said = _said(done)
    assert "2 ô ghi số dưới dạng chữ (thường do dán từ văn bản Word) đã được đọc thành số:" in said
    assert f"(ô {B3}!{where[B3]['I']}) “4 005” = 4005" in said
    assert f"(ô {B3}!{where[B3]['I.female']}) “1\u00a0700” = 1700" in done.output.replace("\n", " ")
    assert "Dấu cách trong số được hiểu là dấu phân cách hàng nghìn." in said
    assert "Dấu chấm" not in said


def test_a_wrongly_spaced_figure_is_still_refused(tmp_path: Path) -> None:
    book = _blank(tmp_path)
    where = _fill(book, {B3: {"I": "4 00 5", "I.female": "17 00"}})
    done = _import(book, tmp_path / "ls.sqlite")
    said = _said(done)
    assert done.exit_code == 2, done.output
    for key, text in (("I", "4 00 5"), ("I.female", "17 00")):
        assert f"ô {B3}!{where[B3][key]} " in said and f"đang là chữ “{text}”, không phải số" in said, key
