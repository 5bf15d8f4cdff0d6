"""Every message about a wrong setting cell names the cell's sheet and address (fix354): a clerk
reads “(sheet “Điều khiển”, ô B5)” beside the label, through the entry points the buttons call.
The address expected is read from the built workbook's defined names, not from the layout code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.helpers_excel import REGISTRY, Replay, book_json, caller_book, write_ward
from toolkit import excel
from toolkit.excel import book as xlbook
from toolkit.excel.build import DEFAULT_TARGET


@pytest.fixture(autouse=True)
def _remote_engine_licence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.chdir(tmp_path)


def run(entry: Any, data: dict[str, Any]) -> Replay:
    book = caller_book(data)
    entry()
    return Replay(data, book.json()["actions"])


def place_in_built_book(name: str) -> str:
    """Where the built workbook's defined name `name` points, as a message says it."""
    wb = openpyxl.load_workbook(DEFAULT_TARGET, keep_vba=False)
    ((sheet, ref),) = list(wb.defined_names[name].destinations)
    return f"(sheet “{sheet}”, ô {ref.replace('$', '')})"


def _label(name: str) -> str:
    return next(s.label for s in xlbook.settings() if s.name == name)


CUT = "31/03/2026"


def _cases(tmp: Path) -> dict[str, tuple[Any, dict[str, Any]]]:
    folder = tmp / "nop"
    submission = sorted(folder.glob("*.xlsx"))[0]
    return {
        "InputFolder": (excel.validate, {"InputFolder": str(tmp / "khong_co")}),
        "CutoffDate": (excel.consolidate, {"InputFolder": str(folder), "CutoffDate": "31/13/2026"}),
        "PeriodStart": (
            excel.validate,
            {"InputFolder": str(folder), "CutoffDate": CUT, "PeriodStart": "01/05/2026"},
        ),
        "TargetOverride": (
            excel.consolidate,
            {"InputFolder": str(folder), "CutoffDate": CUT, "TargetOverride": "-3"},
        ),
        "OutputFile": (
            excel.consolidate,
            {"InputFolder": str(folder), "CutoffDate": CUT, "OutputFile": str(submission)},
        ),
        "TemplateFolder": (
            excel.make_templates,
            {"InputFolder": str(folder), "TemplateFolder": str(submission)},
        ),
        "ListsFile": (
            excel.make_lists,
            {"InputFolder": str(folder), "CutoffDate": CUT, "ListsFile": "ds.xls"},
        ),
        "FormPeriodStart": (
            excel.consolidate,
            {"InputFolder": str(folder), "CutoffDate": CUT, "FormPeriodStart": "01/05/2026"},
        ),
        "OldAgeMen": (excel.validate, {"InputFolder": str(folder), "CutoffDate": CUT, "OldAgeMen": "200"}),
        "OldAgeWomen": (
            excel.validate,
            {"InputFolder": str(folder), "CutoffDate": CUT, "OldAgeWomen": "abc"},
        ),
        "PersonalData": (
            excel.validate,
            {"InputFolder": str(folder), "CutoffDate": CUT, "PersonalData": "có lẽ"},
        ),
    }


NAMES = [s.name for s in xlbook.settings() if s.name != "WardName"]  # no value of it is refused


def test_every_setting_but_the_ward_name_has_a_case(tmp_path: Path) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    assert sorted(_cases(tmp_path)) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_a_wrong_setting_is_named_by_its_sheet_and_cell(tmp_path: Path, name: str) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    entry, settings = _cases(tmp_path)[name]
    book = run(entry, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    status = book.status()
    assert "KHÔNG THÀNH CÔNG" in status, status
    place = place_in_built_book(name)  # right after the label: “…” (sheet…) or (ô “…”, sheet…)
    assert f"“{_label(name)}” {place}" in status or f"“{_label(name)}”, {place[1:]}" in status, status
    assert status.count(place.strip("()")) == 1, status  # said once, not at each mention of the cell


def test_a_wrong_cell_the_button_does_not_use_is_noted_with_its_sheet_and_cell(tmp_path: Path) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    settings = {"InputFolder": str(tmp_path / "nop"), "CutoffDate": CUT, "OutputFile": "kq.xls"}
    status = run(excel.validate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY)).status()
    assert f"ô “{_label('OutputFile')}” {place_in_built_book('OutputFile')} chưa đúng" in status, status
