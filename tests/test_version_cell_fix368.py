"""The messages about a file's template version name the cell of `Thông tin` that shows it,
where they named only the sheet (fix368): `file.old_template` ("Tệp dùng biểu mẫu phiên bản
2026.1…") and the refusal of a version not supported. The cell is the one the file holds the
version in: B11 in a 2026.1 file, where the current template has it in B12. `_meta` (very
hidden, a reader cannot open it) is not named; a `Thông tin` cell that shows another version
than `_meta`'s, the one read, is not named either.
"""

from __future__ import annotations

from pathlib import Path

from helpers_validate import only, run, write, write_old
from openpyxl import load_workbook

from toolkit.core import layout
from toolkit.io.reader import read_submission

OLD = layout.layout_for(layout.VERSION_2026_1)


def _edit(path: Path, sheet: str, cells: dict[str, str]) -> Path:
    wb = load_workbook(path)
    for ref, value in cells.items():
        wb[sheet][ref] = value
    wb.save(path)
    return path


def test_an_old_template_names_its_own_version_cell(tmp_path: Path) -> None:
    issue = only(run(write_old(tmp_path)).issues, "file.old_template")
    assert OLD.info.cell("template_version") == "B11" != layout.INFO.cell("template_version")
    assert (issue.sheet, issue.cell) == (layout.SHEET_INFO, "B11")


def test_an_old_template_without_meta_names_the_cell_it_was_read_from(tmp_path: Path) -> None:
    path = write_old(tmp_path)
    wb = load_workbook(path)
    wb.remove(wb[layout.SHEET_META])
    wb.save(path)
    issue = only(run(path).issues, "file.old_template")
    assert (issue.sheet, issue.cell) == (layout.SHEET_INFO, "B11")


def test_a_version_not_supported_names_its_cell(tmp_path: Path) -> None:
    cell = layout.INFO.cell("template_version")
    path = _edit(write(tmp_path), layout.SHEET_INFO, {cell: "2019.1"})
    wb = load_workbook(path)
    wb[layout.SHEET_META]["B2"] = "2019.1"
    wb.save(path)
    (error,) = [i for i in read_submission(path).issues if i.is_error]
    assert (error.code, error.sheet, error.cell) == ("file.version", layout.SHEET_INFO, cell)


def test_a_cell_showing_another_version_than_the_one_read_is_not_named(tmp_path: Path) -> None:
    path = _edit(write_old(tmp_path), layout.SHEET_INFO, {"B11": "2026.2"})
    issue = only(run(path).issues, "file.old_template")
    assert "phiên bản 2026.1" in issue.message
    assert (issue.sheet, issue.cell) == (layout.SHEET_INFO, None)
