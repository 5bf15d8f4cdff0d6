"""A setting cell's place in a message is the cell the book holds it in (review364).

The settings are read by their defined names, which Excel moves with their cells when a clerk
inserts a row above them (a title, a note). The messages named the cell by the layout the
workbook is built by: a wrong `Ngày chốt số liệu` in B6 of such a book was said to be in “ô B5”,
the cell of `Thư mục bài nộp` there. Checked through the buttons and through `--settings`, on
the built workbook with a row inserted at its top."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_excel import REGISTRY, Replay, book_json, caller_book, write_ward
from toolkit import excel
from toolkit.cli import main
from toolkit.excel import book as xlbook
from toolkit.excel.build import DEFAULT_TARGET

_CELL = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")


@pytest.fixture(autouse=True)
def _remote_engine_licence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.chdir(tmp_path)


def _row_inserted(target: Path) -> Path:
    """The built workbook with a row inserted above its settings, the names moved with their
    cells as Excel moves them."""
    wb = openpyxl.load_workbook(DEFAULT_TARGET, keep_vba=True)
    ws = wb[xlbook.SHEET_CONTROL]
    ws.insert_rows(1)
    for dn in wb.defined_names.values():
        destinations = list(dn.destinations)
        if len(destinations) != 1 or destinations[0][0] != xlbook.SHEET_CONTROL:
            continue
        m = _CELL.match(destinations[0][1])
        assert m is not None
        dn.attr_text = f"'{xlbook.SHEET_CONTROL}'!${m[1]}${int(m[2]) + 1}"
    wb.save(target)
    return target


def _place(book: Path, name: str) -> str:
    wb = openpyxl.load_workbook(book)
    ((sheet, ref),) = list(wb.defined_names[name].destinations)
    return f"sheet “{sheet}”, ô {ref.replace('$', '')}"


def test_the_buttons_name_the_cell_the_book_holds_the_setting_in(tmp_path: Path) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    moved = _row_inserted(tmp_path / "tong_hop_phuong.xlsm")
    settings = {"InputFolder": str(tmp_path / "nop"), "CutoffDate": "31/3/26"}
    data = book_json(moved, settings, registry=REGISTRY)
    book = caller_book(data)
    excel.validate()
    ((_, status_ref),) = list(openpyxl.load_workbook(moved).defined_names[xlbook.STATUS_NAME].destinations)
    status = Replay(data, book.json()["actions"]).value(xlbook.SHEET_CONTROL, status_ref.replace("$", ""))
    place = _place(moved, "CutoffDate")
    assert place.endswith("ô B6"), place  # one row below the built book's B5
    assert f"“Ngày chốt số liệu” ({place})" in status, status
    assert "ô B5" not in status, status


def test_settings_names_the_cell_the_file_holds_the_setting_in(tmp_path: Path) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    moved = _row_inserted(tmp_path / "tong_hop_phuong.xlsm")
    wb = openpyxl.load_workbook(moved, keep_vba=True)
    ws = wb[xlbook.SHEET_CONTROL]
    for name, value in (("InputFolder", str(tmp_path / "nop")), ("CutoffDate", "31/3/26")):
        ((_, ref),) = list(wb.defined_names[name].destinations)
        ws[ref.replace("$", "")] = value
    wb.save(moved)
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(moved), "--no-history"])
    assert result.exit_code != 0
    place = _place(moved, "CutoffDate")
    assert f"“Ngày chốt số liệu” ({place})" in result.output, result.output
    assert "ô B5" not in result.output, result.output


def test_the_built_book_is_still_named_by_its_layout(tmp_path: Path) -> None:
    # Without a book's own places (a message built from values alone), the layout's cell.
    assert xlbook.setting_place("CutoffDate") == _place(DEFAULT_TARGET, "CutoffDate")
    places: dict[str, Any] = {"CutoffDate": "sheet “Điều khiển”, ô B9"}
    assert xlbook.setting_place("CutoffDate", places) == "sheet “Điều khiển”, ô B9"


def test_doctor_names_the_cell_the_book_holds_the_setting_in(tmp_path: Path) -> None:
    # doctor's findings and its “Cách sửa” hints name the moved cell too, not the layout's.
    moved = _row_inserted(tmp_path / "tong_hop_phuong.xlsm")
    wb = openpyxl.load_workbook(moved, keep_vba=True)
    ((_, ref),) = list(wb.defined_names["WardName"].destinations)
    wb[xlbook.SHEET_CONTROL][ref.replace("$", "")] = "Hải Dương"  # no “Phường”: a hint to fix it
    wb.save(moved)
    result = CliRunner().invoke(main, ["doctor", "--workbook", str(moved)])
    place = _place(moved, "WardName")
    assert place != xlbook.setting_place("WardName"), place
    assert f"→ Cách sửa: Ghi đủ tên vào ô “Tên phường” ({place})" in result.output, result.output
    assert f"({xlbook.setting_place('WardName')})" not in result.output, result.output
