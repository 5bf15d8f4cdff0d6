"""A party card number stored as a number (`member.card_as_number`).

The template's card column is text. A card number pasted from another list (or written by a
program) can arrive as a number, and a number keeps no leading or trailing zero: "01.234560"
is 1.23456. The card is then read as Excel stored it, and a duplicate card across files, or
the card the office copies out, no longer matches the card itself. Nothing said so."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from helpers_validate import clean_info, clean_members, codes, only, write
from libreoffice import convert

from toolkit.core import layout
from toolkit.io.reader import read_submission

CODE = "member.card_as_number"
M = layout.SHEET_MEMBERS
CARD = layout.MEMBERS.letter("card_no")


def with_cards(tmp_path: Path, cards: dict[int, object]) -> Path:
    """A clean submission whose members' cards at the given indices are replaced."""
    rows = clean_members()
    for index, card in cards.items():
        rows[index]["card_no"] = card
    return write(tmp_path, members=rows)


def test_cards_stored_as_numbers_are_one_warning_naming_the_cells(tmp_path: Path) -> None:
    sub = read_submission(with_cards(tmp_path, {0: 1.23456, 2: 52012340}))
    issue = only(sub.issues, CODE)
    assert (issue.severity, issue.sheet, issue.cell) == ("warning", M, f"{CARD}2")
    assert issue.message.startswith(f"Cột “Số thẻ đảng viên”: 2 ô ({CARD}2, {CARD}4); ví dụ ô {CARD}2: ")
    assert "ô ví dụ ghi 1.23456" in issue.message
    # read as Excel stored them, not guessed back
    assert sub.members["card_no"].tolist()[:3] == ["1.23456", "01234568", "52012340"]


def test_one_card_stored_as_a_number_is_said_at_its_cell(tmp_path: Path) -> None:
    issue = only(read_submission(with_cards(tmp_path, {1: 1234568})).issues, CODE)
    assert issue.cell == f"{CARD}3"
    assert issue.message.startswith(f"Dòng 3, cột “Số thẻ đảng viên” (ô {CARD}3): ")


def test_the_example_card_is_hidden_without_personal_data(tmp_path: Path) -> None:
    issue = only(read_submission(with_cards(tmp_path, {0: 7.65432})).issues, CODE)
    masked = issue.without_personal_data()
    assert "7.65432" in issue.message
    assert "7.65432" not in masked.message and "ô ví dụ ghi [đã ẩn]" in masked.message


@pytest.mark.parametrize("cards", [{}, {0: "01.234560"}, {0: None, 1: ""}])
def test_cards_written_as_text_or_empty_say_nothing(tmp_path: Path, cards: dict[int, object]) -> None:
    assert CODE not in codes(read_submission(with_cards(tmp_path, cards)).issues)


def _pasted_through_libreoffice(tmp_path: Path, column_type: str) -> Path:
    """Card numbers typed in a list (CSV) opened by LibreOffice (English US), the column as
    `column_type` (1 standard, 2 text), and its cells pasted into the card column."""
    cards = ["01.234560", "52.012340", "12.345678"]
    listing = tmp_path / "the.csv"
    listing.write_text("Số thẻ\n" + "".join(f"{c}\n" for c in cards), encoding="utf-8")
    out = tmp_path / f"lo{column_type}"
    (opened,) = convert([listing], "xlsx", out, infilter=f"CSV:44,34,76,1,1/{column_type},1033")
    source = openpyxl.load_workbook(opened).active
    assert source is not None
    pasted = [source.cell(row, 1).value for row in range(2, len(cards) + 2)]
    (tmp_path / "nop").mkdir()
    path = write(tmp_path / "nop", info=clean_info())
    wb = openpyxl.load_workbook(path)
    for i, value in enumerate(pasted):
        wb[M][f"{CARD}{2 + i}"] = value
    wb.save(path)
    return path


@pytest.mark.slow
def test_cards_libreoffice_made_numbers_of_are_said(tmp_path: Path) -> None:
    """LibreOffice, not our code, drops the zeros: a standard column makes numbers of them."""
    sub = read_submission(_pasted_through_libreoffice(tmp_path, "1"))
    issue = only(sub.issues, CODE)
    assert issue.message.startswith(f"Cột “Số thẻ đảng viên”: 3 ô ({CARD}2–{CARD}4); ")
    assert sub.members["card_no"].tolist()[:3] == ["1.23456", "52.01234", "12.345678"]


@pytest.mark.slow
def test_cards_kept_as_text_by_libreoffice_are_read_as_typed(tmp_path: Path) -> None:
    sub = read_submission(_pasted_through_libreoffice(tmp_path, "2"))
    assert CODE not in codes(sub.issues)
    assert sub.members["card_no"].tolist()[:3] == ["01.234560", "52.012340", "12.345678"]
