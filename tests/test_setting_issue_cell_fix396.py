"""The rows of `Kiểm tra` about a setting the clerk typed name its cell and link to it (fix396).

`ward.cutoff_unmatched`, `ward.no_ward_name` and the other issues of `rules.SETTING_OF` are about
a cell of the consolidation workbook's `Điều khiển` sheet (a button's run) or an option (the
command line). Their messages said so in words, but their rows had no file and no cell: no link
to click, where every file's row has one. A button's run now gives them the workbook as their
file and the setting's cell where the book holds it (its defined name's: a row inserted above
the settings moves it), in the sheet the button writes, the result workbook's and the JSON
summary's; a command line's run keeps them of no file (an option is no cell: the JSON's `cell`
is a cell reference).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_excel import BOOK_NAME, REGISTRY, Replay, book_json, caller_book, write_ward
from tests.test_settings_cell_place_moved import _row_inserted
from toolkit import excel
from toolkit.cli import main
from toolkit.excel import book as xlbook
from toolkit.excel.build import DEFAULT_TARGET
from toolkit.outputs.sheets import SHEET_ISSUES
from toolkit.outputs.sheets.issues import ISSUE_COLUMNS

HEADER = [h for h, _ in ISSUE_COLUMNS]


@pytest.fixture(autouse=True)
def _remote_engine_licence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.chdir(tmp_path)


def _cell(book: Path, name: str) -> tuple[str, str]:
    ((sheet, ref),) = list(openpyxl.load_workbook(book).defined_names[name].destinations)
    return sheet, ref.replace("$", "")


def _press(press: Any, book_path: Path, settings: dict[str, Any]) -> Replay:
    data = book_json(book_path, settings, registry=REGISTRY)
    book = caller_book(data)
    press()
    return Replay(data, book.json()["actions"])


def _row(replay: Replay, code: str) -> tuple[dict[str, Any], str | None]:
    """The `Kiểm tra` row of `code` as the book shows it, and the link of its `Ô` cell."""
    rows = replay.rows(SHEET_ISSUES)
    assert rows[xlbook.ISSUES_HEADER_ROW - 1][: len(HEADER)] == HEADER
    for number, values in enumerate(rows[xlbook.ISSUES_HEADER_ROW :], start=xlbook.ISSUES_HEADER_ROW + 1):
        row = dict(zip(HEADER, values, strict=False))
        if row["Mã lỗi"] == code:
            return row, replay.links[SHEET_ISSUES].get((number, HEADER.index("Ô") + 1))
    raise AssertionError(f"no {code} row: {rows}")


@pytest.mark.parametrize("moved", [False, True])
def test_the_check_button_links_a_mistyped_cutoff_to_its_cell(tmp_path: Path, moved: bool) -> None:
    write_ward(tmp_path / "nop", with_error=False)  # both files of 31/03/2026
    book_path = _row_inserted(tmp_path / BOOK_NAME) if moved else DEFAULT_TARGET
    sheet, ref = _cell(book_path, "CutoffDate")
    assert (ref != "B5") is moved, ref  # the built book's B5, one row lower when moved
    replay = _press(
        excel.validate, book_path, {"InputFolder": str(tmp_path / "nop"), "CutoffDate": "30/06/2026"}
    )
    row, link = _row(replay, "ward.cutoff_unmatched")
    assert (row["Tệp"], row["Sheet"], row["Ô"]) == (BOOK_NAME, sheet, ref), row
    # The remote engine's book is in the current folder (`book_folder`).
    assert link == f"{tmp_path / BOOK_NAME}#'{sheet}'!{ref}", link
    # The files' own rows still follow the run's: a setting's row is the run's own.
    codes = [r[HEADER.index("Mã lỗi")] for r in replay.rows(SHEET_ISSUES)[xlbook.ISSUES_HEADER_ROW :]]
    assert codes[0] == "ward.cutoff_unmatched", codes


@pytest.mark.parametrize("moved", [False, True])
def test_the_consolidate_button_links_the_missing_ward_name_to_its_cell(tmp_path: Path, moved: bool) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    book_path = _row_inserted(tmp_path / BOOK_NAME) if moved else DEFAULT_TARGET
    sheet, ref = _cell(book_path, "WardName")
    settings = {"InputFolder": str(tmp_path / "nop"), "CutoffDate": "31/03/2026"}
    replay = _press(excel.consolidate, book_path, settings)
    row, link = _row(replay, "ward.no_ward_name")
    assert (row["Tệp"], row["Sheet"], row["Ô"]) == (BOOK_NAME, sheet, ref), row
    assert link == f"{tmp_path / BOOK_NAME}#'{sheet}'!{ref}", link  # the result's link, made whole
    # The result workbook's own sheet links to the book from its folder (the submissions').
    ws = openpyxl.load_workbook(tmp_path / "nop" / "tong_hop_2026-03-31.xlsx")[SHEET_ISSUES]
    (cell,) = (
        r[HEADER.index("Ô")] for r in ws.iter_rows() if r[HEADER.index("Mã lỗi")].value == "ward.no_ward_name"
    )
    assert cell.value == ref and cell.hyperlink is not None
    assert (cell.hyperlink.target, cell.hyperlink.location) == (f"..\\{BOOK_NAME}", f"'{sheet}'!{ref}")


def test_the_command_line_keeps_them_of_no_file(tmp_path: Path) -> None:
    # An option is no cell (the JSON's `cell` is a cell reference): the row names none, as before.
    write_ward(tmp_path / "nop", with_error=False)
    args = ["consolidate", str(tmp_path / "nop"), "--cutoff", "31/03/2026", "--no-history"]
    out = tmp_path / "kq.xlsx"
    result = CliRunner().invoke(main, [*args, "-o", str(out), "--json", str(tmp_path / "kq.json")])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)[SHEET_ISSUES]
    (row,) = (
        [c.value for c in r] for r in ws.iter_rows() if r[HEADER.index("Mã lỗi")].value == "ward.no_ward_name"
    )
    assert (row[HEADER.index("Tệp")], row[HEADER.index("Sheet")], row[HEADER.index("Ô")]) == (
        None,
        None,
        None,
    )


def test_every_setting_of_a_consolidation_names_its_moved_cell(tmp_path: Path) -> None:
    # A period start no file has (both say 01/01/2025), a ward name without “Phường”, a target
    # above the ward's members: each row at its own cell of the book with a row inserted on top.
    write_ward(tmp_path / "nop", with_error=False)
    book_path = _row_inserted(tmp_path / BOOK_NAME)
    settings = {
        "InputFolder": str(tmp_path / "nop"),
        "CutoffDate": "31/03/2026",
        "PeriodStart": "01/02/2025",
        "WardName": "Hải Dương",
        "TargetOverride": 500,
    }
    replay = _press(excel.consolidate, book_path, settings)
    for code, name in (
        ("ward.period_start_unmatched", "PeriodStart"),
        ("ward.name_without_kind", "WardName"),
        ("ward.implausible_target", "TargetOverride"),
    ):
        sheet, ref = _cell(book_path, name)
        assert ref != _cell(DEFAULT_TARGET, name)[1], (name, ref)  # not the built book's cell
        row, link = _row(replay, code)
        assert (row["Tệp"], row["Sheet"], row["Ô"]) == (BOOK_NAME, sheet, ref), row
        assert link == f"{tmp_path / BOOK_NAME}#'{sheet}'!{ref}", link
