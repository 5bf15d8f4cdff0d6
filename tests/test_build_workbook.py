"""The committed consolidation workbook `tong_hop_phuong.xlsm`: golden rebuild, VBA, buttons.

`workbook_facts` extracts what matters from an .xlsm (sheets, code names, defined names,
data validations, cell values, buttons, VBA module sources); a fresh build must give the
same facts as the committed file, as in XlsxWriter's own golden-file tests.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import re
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from defusedxml import ElementTree
from libreoffice import convert
from oletools.olevba import VBA_Parser

from toolkit.cli import main
from toolkit.excel import book as xlbook
from toolkit.excel import ovba
from toolkit.excel.build import (
    CONFIG_ROWS,
    DEFAULT_TARGET,
    EXAMPLE_ORGANISATION,
    MACROS_DIR,
    build_workbook,
    xlwings_dir,
)
from toolkit.excel.vbaread import embedded_xlwings_version
from toolkit.io.registry import REGISTRY_SHEET, read_registry

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_MACRO = re.compile(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>")
_CAPTION = re.compile(r'<font face="[^"]*" size="\d+" color="#[0-9A-F]+">([^<]*)</font>')
_SUB = re.compile(r"^\s*(?:Public\s+)?Sub\s+(\w+)\s*\(", re.MULTILINE | re.IGNORECASE)
_RUNPYTHON = re.compile(r'RunPython "import toolkit\.excel as e; e\.(\w+)\(\)"')


def vba_sources(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def workbook_facts(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as z:
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        sheets = [(s.get("name"), s.get("state", "visible")) for s in book.iterfind("m:sheets/m:sheet", NS)]
        names = {d.get("name"): d.text for d in book.iterfind("m:definedNames/m:definedName", NS)}
        code_name = book.find("m:workbookPr", NS).get("codeName")  # type: ignore[union-attr]
        validations: dict[str, list[dict[str, str | None]]] = {}
        sheet_code_names = []
        for i in range(1, len(sheets) + 1):
            xml = ElementTree.fromstring(z.read(f"xl/worksheets/sheet{i}.xml"))
            sheet_code_names.append(xml.find("m:sheetPr", NS).get("codeName"))  # type: ignore[union-attr]
            validations[sheets[i - 1][0]] = [
                {
                    **dict(v.attrib),
                    "formula1": v.findtext("m:formula1", None, NS),
                    "formula2": v.findtext("m:formula2", None, NS),
                }
                for v in xml.iterfind("m:dataValidations/m:dataValidation", NS)
            ]
        vml = "".join(
            z.read(n).decode() for n in sorted(z.namelist()) if n.startswith("xl/drawings/vmlDrawing")
        )
    wb = openpyxl.load_workbook(path)
    cells = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    return {
        "sheets": sheets,
        "code_names": [code_name, *sheet_code_names],
        "names": names,
        "validations": validations,
        "cells": cells,
        "buttons": list(zip(_CAPTION.findall(vml), _MACRO.findall(vml), strict=True)),
        "vba": vba_sources(path),
    }


@pytest.fixture(scope="module")
def committed() -> dict[str, Any]:
    return workbook_facts(DEFAULT_TARGET)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return workbook_facts(build_workbook(tmp_path_factory.mktemp("build") / "tong_hop_phuong.xlsm"))


@pytest.mark.parametrize("part", ["sheets", "code_names", "names", "validations", "cells", "buttons", "vba"])
def test_committed_workbook_matches_a_fresh_build(
    committed: dict[str, Any], fresh: dict[str, Any], part: str
) -> None:
    assert committed[part] == fresh[part], "run `ward-stats build-workbook` and commit the result"


def test_the_build_is_byte_for_byte_reproducible(tmp_path: Path) -> None:
    first = build_workbook(tmp_path / "a.xlsm").read_bytes()
    second = build_workbook(tmp_path / "b.xlsm").read_bytes()
    assert first == second


def test_vba_modules_are_our_macros_and_the_pinned_xlwings_modules(committed: dict[str, Any]) -> None:
    vba = committed["vba"]
    for bas in MACROS_DIR.glob("*.bas"):
        module = ovba.procedural_module(bas.read_text(encoding="ascii"))
        assert vba[module.name] == ovba.crlf(bas.read_text(encoding="ascii"))
    assert vba["xlwings"] == (xlwings_dir() / "xlwings.bas").read_bytes().decode("ascii")  # exact, CRLF
    assert f"'Version: {importlib.metadata.version('xlwings')}\r\n" in vba["xlwings"]
    dictionary = ovba.class_module((xlwings_dir() / "addin" / "Dictionary.cls").read_text(encoding="ascii"))
    assert vba["Dictionary"] == dictionary.source
    # One document module behind the workbook and behind each sheet, matching the code names.
    assert set(committed["code_names"]) <= set(vba)
    assert set(vba) == {
        *committed["code_names"],
        "xlwings",
        "Dictionary",
        *(p.stem for p in MACROS_DIR.glob("*.bas")),
    }


def test_locked_xlwings_is_exactly_the_version_whose_vba_the_workbook_embeds() -> None:
    # xlwings' RunPython path never compares its VBA module with the Python package, so a
    # newer xlwings beside the .xlsm would go unnoticed: the dependency is pinned to the
    # embedded module's version, and this test fails when the two part.
    root = DEFAULT_TARGET.parents[1]
    lock = tomllib.loads((root / "uv.lock").read_text(encoding="utf-8"))
    locked = next(p["version"] for p in lock["package"] if p["name"] == "xlwings")
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert f"xlwings=={locked}" in project["dependencies"]
    assert embedded_xlwings_version(DEFAULT_TARGET) == locked
    assert importlib.metadata.version("xlwings") == locked


def test_every_button_runs_a_macro_that_exists(committed: dict[str, Any]) -> None:
    subs = {name for source in committed["vba"].values() for name in _SUB.findall(source)}
    assert committed["buttons"] == [(b.caption, b.macro) for b in xlbook.BUTTONS]
    assert committed["buttons"] == [
        ("Tạo mẫu", "TaoMau"),
        ("Kiểm tra", "KiemTra"),
        ("Tổng hợp", "TongHop"),
        ("Danh sách", "DanhSach"),
        ("Nâng cấp", "NangCap"),
    ]
    for _, macro in committed["buttons"]:
        assert macro in subs


def test_every_runpython_target_is_an_importable_entry_point(committed: dict[str, Any]) -> None:
    ours = "".join(committed["vba"][p.stem] for p in MACROS_DIR.glob("*.bas"))
    targets = _RUNPYTHON.findall(ours)
    assert targets == [b.entry_point for b in xlbook.BUTTONS]
    assert targets[-2:] == ["make_lists", "upgrade"]  # the Danh sách and Nâng cấp buttons
    calls = re.findall(r"^\s*RunPython\b.*$", ours, re.MULTILINE)
    assert len(calls) == len(targets)  # no other kind of call
    module = importlib.import_module("toolkit.excel")
    for name in targets:
        assert callable(getattr(module, name))
    for button in xlbook.BUTTONS:  # each button's macro runs its own entry point
        body = re.search(rf"Sub {button.macro}\(\)(.*?)End Sub", ours, re.DOTALL)
        assert body and xlbook.RUNPYTHON_TEMPLATE.format(entry=button.entry_point) in body.group(1)


def test_settings_are_named_cells_with_validation(committed: dict[str, Any]) -> None:
    control = f"'{xlbook.SHEET_CONTROL}'"
    for setting in xlbook.settings():
        row = xlbook.setting_row(setting.name)
        assert committed["names"][setting.name] == f"{control}!$B${row}"
        assert committed["cells"][xlbook.SHEET_CONTROL][row - 1][0] == setting.label
    assert committed["names"][xlbook.STATUS_NAME] == f"{control}!$B${xlbook.status_row()}"
    assert "ListsFile" in committed["names"]  # where the Danh sách button writes
    by_cell = {v["sqref"]: v for v in committed["validations"][xlbook.SHEET_CONTROL]}
    for setting in xlbook.settings():
        rule = by_cell[f"B{xlbook.setting_row(setting.name)}"]
        # Excel keeps 32 characters of a tooltip's title: a longer label has a whole short one.
        assert rule["promptTitle"] == setting.tooltip_title and len(setting.tooltip_title) <= 32
        assert setting.tooltip_title == setting.label or len(setting.label) > 32
        if setting.kind == "file":  # the cell's own name in its refusal
            assert rule["error"] == f"{setting.label} phải có đuôi .xlsx."
        expected = {
            "date": "date",
            "int": "whole",
            "file": "custom",
            "folder": None,
            "text": None,
            "yesno": "list",
        }[setting.kind]
        assert rule.get("type") == expected


def test_registry_sheet_reads_back_as_the_example_registry() -> None:
    registry = read_registry(DEFAULT_TARGET)
    assert registry.organisations == [EXAMPLE_ORGANISATION]


def test_registry_dropdowns_use_the_vocabulary_lists(committed: dict[str, Any]) -> None:
    from toolkit.core import vocab

    lists = committed["cells"][xlbook.SHEET_LISTS]
    assert [r[0] for r in lists[1:] if r[0]] == vocab.ORG_TIER.labels
    assert [r[1] for r in lists[1:] if r[1]] == vocab.SECTOR.labels
    sources = {v.get("formula1") for v in committed["validations"][REGISTRY_SHEET] if v.get("type") == "list"}
    assert sources == {"ListOrgTier", "ListSector"}


def test_xlwings_conf_sheet_lists_keys_the_xlwings_module_reads(committed: dict[str, Any]) -> None:
    rows = committed["cells"][xlbook.SHEET_CONFIG]
    keys = []
    for row in rows:  # xlwings reads column A from A1 down to the first empty cell
        if not row[0]:
            break
        keys.append(row[0])
    assert keys == [c.key for c in CONFIG_ROWS]
    read = set(re.findall(r'GetConfig\("([^"]+)"', committed["vba"]["xlwings"]))
    assert {k.upper() for k in keys} <= read


def test_build_workbook_command_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsm"
    result = CliRunner().invoke(main, ["build-workbook", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert f"Đã tạo {target}" in result.output
    assert vba_sources(target) == vba_sources(DEFAULT_TARGET)


# --- LibreOffice: a second, independent reader of the file ------------------------------------


@pytest.mark.slow
def test_libreoffice_imports_the_modules_and_binds_the_buttons(
    tmp_path: Path, committed: dict[str, Any]
) -> None:
    convert([DEFAULT_TARGET], "ods", tmp_path)
    ods = tmp_path / "tong_hop_phuong.ods"
    with zipfile.ZipFile(ods) as z:
        modules = {
            Path(n).stem: ElementTree.fromstring(z.read(n)).text or ""
            for n in z.namelist()
            if n.startswith("Basic/VBAProject/") and not n.endswith("script-lb.xml")
        }
        content = z.read("content.xml").decode()
    assert set(modules) == set(committed["vba"])
    # LibreOffice prefixes its own VBA-support lines; the body is our source.
    for name in ("WardStats", "xlwings"):
        body = committed["vba"][name].split("\r\n", 1)[1].replace("\r\n", "\n").strip()
        assert body in modules[name].replace("\r\n", "\n")
    bound = re.findall(r"vnd\.sun\.star\.script:VBAProject\.(\w+)\.(\w+)\?language=Basic", content)
    assert bound == [("WardStats", b.macro) for b in xlbook.BUTTONS]
    for button in xlbook.BUTTONS:
        assert f'form:label="{button.caption}"' in content


def test_the_guides_say_how_to_see_numbers_with_the_vietnamese_separators(committed: dict[str, Any]) -> None:
    """Excel shows a number with the separators of the PC's regional format, which no number
    format in the file can change without making the number text: an English Windows shows
    7,200 where the report writes 7.200. The workbook's own instructions (`Điều khiển`), the
    README's part for the office and docs/excel.md's say how to set Windows' format to
    Vietnamese, and that only the display changes (hunt190 F4)."""
    root = Path(__file__).resolve().parents[1]
    control = [c for row in committed["cells"][xlbook.SHEET_CONTROL] for c in row if isinstance(c, str)]
    in_workbook = [c for c in control if "Regional format" in c]
    assert len(in_workbook) == 1
    readme = (root / "README.md").read_text(encoding="utf-8").split("## Quick start (developers)")[0]
    guide = (root / "docs" / "excel.md").read_text(encoding="utf-8").split("## Part 2")[0]
    for where, text in (("workbook", in_workbook[0]), ("README", readme), ("excel.md", guide)):
        flat = " ".join(text.split())
        for words in (
            "7,200",
            "7.200",
            "Settings (Cài đặt) → Time & language → Region",
            "Regional format",
            "Vietnamese (Vietnam)",
            "chỉ đổi cách hiện số, không đổi con số nào",
        ):
            assert words in flat, (where, words)
