"""The branch template: golden comparison with the committed file, dropdowns, dates, protection."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.core import layout, vocab
from toolkit.outputs.template import build_template, write_blank_template

COMMITTED = Path(__file__).resolve().parent.parent / "xlsx_templates" / layout.TEMPLATE_FILENAME
RANGE_RE = re.compile(r"^'?(?P<sheet>[^'!]+)'?!\$(?P<col>[A-Z]+)\$(?P<r1>\d+):\$[A-Z]+\$(?P<r2>\d+)$")


def fingerprint(path: Path) -> dict:
    """What matters of a template: sheets and states, headers, validations with ranges,
    number formats, protection, defined names, and how each sheet prints: header and footer,
    paper, orientation, fit and page numbering (timestamps and ids left out). The printing was
    left out, and a change of the footers (hunt144 F7) never reached the committed template
    the bundle ships (hunt163 #8)."""
    wb = openpyxl.load_workbook(path)
    out: dict = {
        "sheets": [(ws.title, ws.sheet_state) for ws in wb.worksheets],
        "defined_names": sorted((n, d.attr_text) for n, d in wb.defined_names.items()),
        "workbook_locked": bool(wb.security and wb.security.lockStructure),
    }
    for ws in wb.worksheets:
        p = ws.protection
        out[ws.title] = {
            "cells": sorted(
                (c.coordinate, str(c.value), c.number_format, c.protection.locked)
                for row in ws.iter_rows()
                for c in row
                if c.value is not None
            ),
            "columns": sorted(
                (k, d.width, d.number_format, d.protection.locked) for k, d in ws.column_dimensions.items()
            ),
            "validations": sorted(
                (str(dv.sqref), dv.type, dv.formula1, dv.formula2, dv.prompt, dv.error)
                for dv in ws.data_validations.dataValidation
            ),
            "protection": (p.sheet, p.insertRows, p.deleteRows, p.formatCells, p.sort, p.autoFilter),
            "freeze": ws.freeze_panes,
            "print": _printing(ws),
        }
    return out


def _printing(ws) -> tuple:  # type: ignore[no-untyped-def]
    setup = ws.page_setup
    header_footer = tuple(
        getattr(getattr(ws, part), side).text
        for part in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter")
        for side in ("left", "center", "right")
    )
    return (
        header_footer,
        (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight, setup.scale),
        (setup.firstPageNumber, setup.useFirstPageNumber),
        ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
        (ws.print_title_rows, ws.print_title_cols, str(ws.print_area) if ws.print_area else None),
        tuple(sorted(b.id for b in ws.row_breaks.brk)),
    )


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    return write_blank_template(tmp_path_factory.mktemp("tpl"))


def test_committed_template_matches_generated(fresh: Path) -> None:
    assert COMMITTED.is_file(), "regenerate with: uv run ward-stats template --out xlsx_templates"
    assert fingerprint(COMMITTED) == fingerprint(fresh)


def test_sheets_in_order_with_states(fresh: Path) -> None:
    wb = openpyxl.load_workbook(fresh)
    assert wb.sheetnames == list(layout.SHEET_ORDER)
    states = {ws.title: ws.sheet_state for ws in wb.worksheets}
    assert states[layout.SHEET_LISTS] == "hidden"
    assert states[layout.SHEET_META] == "veryHidden"
    assert all(states[s] == "visible" for s in layout.SHEET_ORDER[:5])
    meta = wb[layout.SHEET_META]
    assert (meta["B1"].value, meta["B2"].value) == (layout.TEMPLATE_ID, layout.TEMPLATE_VERSION)


@pytest.mark.parametrize("spec", layout.DATA_SHEETS, ids=lambda s: s.name)
def test_headers_exact_and_frozen(fresh: Path, spec: layout.SheetSpec) -> None:
    ws = openpyxl.load_workbook(fresh)[spec.name]
    assert [c.value for c in ws[1]] == spec.headers
    assert ws.freeze_panes == "A2"


def test_info_labels_in_column_a(fresh: Path) -> None:
    ws = openpyxl.load_workbook(fresh)[layout.SHEET_INFO]
    assert [ws.cell(row=i + 1, column=1).value for i in range(len(layout.INFO.fields))] == layout.INFO.headers
    version_row = layout.INFO.keys.index("template_version") + 1
    assert ws.cell(row=version_row, column=2).value == layout.TEMPLATE_VERSION
    assert ws.cell(row=version_row, column=2).protection.locked


def _list_values(wb: openpyxl.Workbook, formula: str) -> list[str]:
    name = formula.lstrip("=")
    ref = wb.defined_names[name].attr_text
    m = RANGE_RE.match(ref)
    assert m, ref
    ws = wb[m["sheet"]]
    return [ws[f"{m['col']}{r}"].value for r in range(int(m["r1"]), int(m["r2"]) + 1)]


def _validations_of(ws: Worksheet, cell_range: str):
    return [dv for dv in ws.data_validations.dataValidation if cell_range in str(dv.sqref).split()]


@pytest.mark.parametrize("spec", layout.DATA_SHEETS, ids=lambda s: s.name)
def test_every_column_has_its_validation(fresh: Path, spec: layout.SheetSpec) -> None:
    wb = openpyxl.load_workbook(fresh)
    ws = wb[spec.name]
    for f in spec.fields:
        letter = spec.letter(f.key)
        data_range = f"{letter}{layout.FIRST_DATA_ROW}:{letter}{layout.LAST_FORMATTED_ROW}"
        assert layout.LAST_FORMATTED_ROW - layout.FIRST_DATA_ROW + 1 >= 2000
        header_dvs = _validations_of(ws, f"{letter}1")
        assert header_dvs and header_dvs[0].prompt, f"no input message on header {f.header}"
        (dv,) = _validations_of(ws, data_range)
        if f.kind == "category":
            assert dv.type == "list"
            assert _list_values(wb, dv.formula1) == f.vocab.labels
            assert dv.showErrorMessage
        elif f.kind == "date":
            assert dv.type == "date"
            assert ws.column_dimensions[letter].number_format == "dd/mm/yyyy"
        elif f.kind == "int":
            assert dv.type == "whole"
        assert ws.column_dimensions[letter].protection.locked is False
        assert ws[f"{letter}1"].protection.locked is True


def test_info_dropdowns_and_dates(fresh: Path) -> None:
    wb = openpyxl.load_workbook(fresh)
    ws = wb[layout.SHEET_INFO]
    for row, f in enumerate(layout.INFO.fields, start=1):
        dvs = _validations_of(ws, f"B{row}")
        if f.kind == "category":
            assert _list_values(wb, dvs[0].formula1) == f.vocab.labels
        if f.kind == "date":
            assert dvs[0].type == "date"
            assert ws[f"B{row}"].number_format == "dd/mm/yyyy"


def test_protection_keeps_rows_insertable(fresh: Path) -> None:
    wb = openpyxl.load_workbook(fresh)
    assert wb.security.lockStructure
    for spec in layout.DATA_SHEETS:
        p = wb[spec.name].protection
        assert p.sheet
        # False = the action is allowed on the protected sheet.
        assert p.insertRows is False and p.deleteRows is False and p.sort is False


def test_vocabulary_lists_are_the_dropdowns() -> None:
    wb = build_template()
    lists = wb[layout.SHEET_LISTS]
    columns = {lists.cell(row=1, column=c).value: c for c in range(1, lists.max_column + 1)}
    for v in (vocab.GENDER, vocab.GEN_EDU, vocab.PROF_LEVEL, vocab.THEORY_LEVEL, vocab.OCCUPATION):
        col = columns[v.title]
        values = [lists.cell(row=r, column=col).value for r in range(2, 2 + len(v.labels))]
        assert values == v.labels


def test_user_text_never_becomes_formula(tmp_path: Path) -> None:
    from toolkit.outputs.template import write_submission

    path = write_submission(
        tmp_path / "x.xlsx",
        info={"org_code": "=1+1", "org_name": "@SUM(A1)"},
        members=[{"full_name": '=HYPERLINK("http://x","y")', "note": "+1", "card_no": "-5"}],
    )
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_MEMBERS]
    for key in ("full_name", "card_no", "note"):
        assert ws[layout.MEMBERS.cell(key, 2)].data_type == "s"
    assert wb[layout.SHEET_INFO]["B1"].data_type == "s"


def test_the_lists_new_in_2026_2_are_dropdowns_of_danhmuc(fresh: Path) -> None:
    wb = openpyxl.load_workbook(fresh)
    for spec, key, voc, size in (
        (layout.MEMBERS, "ethnicity", vocab.ETHNICITY, 54),
        (layout.MEMBERS, "religion", vocab.RELIGION, 8),
        (layout.MEMBERS, "occupation", vocab.OCCUPATION, 15),
        (layout.MEMBERS, "academic_title", vocab.ACADEMIC_TITLE, 2),
        (layout.MEMBERS, "youth_union", vocab.YES_NO, 2),
        (layout.EVENTS, "transfer_scope", vocab.TRANSFER_SCOPE, 3),
        (layout.EVENTS, "was_probationary", vocab.YES_NO, 2),
    ):
        letter = spec.letter(key)
        (dv,) = _validations_of(
            wb[spec.name], f"{letter}{layout.FIRST_DATA_ROW}:{letter}{layout.LAST_FORMATTED_ROW}"
        )
        values = _list_values(wb, dv.formula1)
        assert values == voc.labels and len(values) == size, key
        assert "DanhMuc" in wb.defined_names[dv.formula1.lstrip("=")].attr_text
    names = _list_values(wb, _validations_of(wb[layout.SHEET_MEMBERS], "E2:E2001")[0].formula1)
    assert names[:6] == ["Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường"] and names[-1] == "Rơ-măm"


def test_every_input_message_fits_excels_limits_and_is_plain_vietnamese(fresh: Path) -> None:
    wb = openpyxl.load_workbook(fresh)
    for spec in (layout.INFO, *layout.DATA_SHEETS):
        for dv in wb[spec.name].data_validations.dataValidation:
            assert dv.prompt and len(dv.prompt) <= 255, (spec.name, dv.sqref, dv.prompt)
            assert dv.promptTitle and len(dv.promptTitle) <= 32, dv.promptTitle
    members = wb[layout.SHEET_MEMBERS]
    letter = layout.MEMBERS.letter("foreign_marriage")
    (head,) = _validations_of(members, f"{letter}1")
    assert head.promptTitle == "Có quan hệ hôn nhân với người…"
    assert "Để trống = Không" in head.prompt


def test_the_guide_explains_the_new_columns(fresh: Path) -> None:
    ws = openpyxl.load_workbook(fresh)[layout.SHEET_GUIDE]
    text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    for words in (
        "Dân tộc và Tôn giáo là bắt buộc",
        "Phạm vi chuyển",
        "Trong Đảng bộ phường",
        "tạm miễn",
        "15 mục",
    ):
        assert words in text, words


def test_a_2026_1_template_can_still_be_written_for_tests_and_the_upgrade(tmp_path: Path) -> None:
    from toolkit.outputs.template import write_submission

    path = write_submission(
        tmp_path / "old.xlsx",
        info={"org_code": "CB01"},
        members=[{"full_name": "Nguyễn Văn An", "occupation": "civil_servant", "prof_level": "elementary"}],
        version=layout.VERSION_2026_1,
    )
    wb = openpyxl.load_workbook(path)
    old = layout.LAYOUT_2026_1
    assert [c.value for c in wb[layout.SHEET_MEMBERS][1]] == old.members.headers
    assert [c.value for c in wb[layout.SHEET_EVENTS][1]] == old.events.headers
    assert wb[layout.SHEET_META]["B2"].value == layout.VERSION_2026_1
    assert wb[layout.SHEET_INFO][old.info.cell("template_version")].value == layout.VERSION_2026_1
    row = wb[layout.SHEET_MEMBERS][2]
    assert row[old.members.keys.index("occupation")].value == "Cán bộ, công chức"
    assert row[old.members.keys.index("prof_level")].value == "Sơ cấp"
