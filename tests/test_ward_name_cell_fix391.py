"""The line that says a run has no ward name names the cell to write it in, with its address, as
every setting's message does (fix391): it said “ghi ô “Tên phường” ở sheet “Điều khiển” (hoặc
--ward-name)”, no address. The address is the book's own (`excel.book.setting_place`, read from
the defined name: a row inserted above the settings moves it), never a literal; a run of the
--settings file names that file's cell or --ward-name, and a run without it --ward-name alone, as
the roll-up's line names its --name."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_excel import REGISTRY, Replay, book_json, caller_book, write_ward
from tests.test_settings_cell_place_moved import _place, _row_inserted
from toolkit import excel
from toolkit.cli import main
from toolkit.excel import book as xlbook
from toolkit.excel.build import DEFAULT_TARGET

LEAD = "Các Biểu 1–4-BTCTW, sheet “Tổng hợp” và báo cáo chưa có tên phường: "


@pytest.fixture(autouse=True)
def _remote_engine_licence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.chdir(tmp_path)


def _button_status(book_path: Path, tmp_path: Path) -> str:
    settings = {"InputFolder": str(tmp_path / "nop"), "CutoffDate": "31/03/2026"}
    data = book_json(book_path, settings, registry=REGISTRY)
    book = caller_book(data)
    excel.consolidate()
    ((_, ref),) = list(openpyxl.load_workbook(book_path).defined_names[xlbook.STATUS_NAME].destinations)
    return str(Replay(data, book.json()["actions"]).value(xlbook.SHEET_CONTROL, ref.replace("$", "")))


@pytest.mark.parametrize("moved", [False, True])
def test_the_button_names_the_ward_name_cell(tmp_path: Path, moved: bool) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    book = _row_inserted(tmp_path / "tong_hop_phuong.xlsm") if moved else DEFAULT_TARGET
    place = _place(book, "WardName")
    assert place.startswith("sheet “Điều khiển”, ô B"), place
    status = _button_status(book, tmp_path)
    assert f"{LEAD}ghi ô “Tên phường” ({place}) rồi chạy lại." in status, status
    assert "--ward-name" not in status, status


def test_settings_names_its_cell_or_the_option(tmp_path: Path) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    moved = _row_inserted(tmp_path / "tong_hop_phuong.xlsm")
    wb = openpyxl.load_workbook(moved, keep_vba=True)
    ws = wb[xlbook.SHEET_CONTROL]
    for name, value in (("InputFolder", str(tmp_path / "nop")), ("CutoffDate", "31/03/2026")):
        ((_, ref),) = list(wb.defined_names[name].destinations)
        ws[ref.replace("$", "")] = value
    wb.save(moved)
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(moved), "--no-history"])
    place = _place(moved, "WardName")
    assert place != xlbook.setting_place("WardName"), place
    assert (
        f"{LEAD}ghi ô “Tên phường” của tệp --settings ({place}) rồi chạy lại, hoặc chạy lại với "
        "--ward-name “…”, ví dụ --ward-name “Phường Hải Dương”."
    ) in result.output, result.output


def test_a_run_without_settings_names_the_option(tmp_path: Path) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    args = ["consolidate", str(tmp_path / "nop"), "--cutoff", "31/03/2026", "--no-history"]
    result = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "kq.xlsx")])
    assert f"{LEAD}chạy lại với --ward-name “…”, ví dụ --ward-name “Phường Hải Dương”." in result.output, (
        result.output
    )
