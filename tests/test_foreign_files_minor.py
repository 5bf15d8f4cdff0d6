"""Workbooks that Excel did not make: the minor cases of hunt143 (fix154).

- STT numbered by formulas (`=ROW()-1`) that a program saved without their values: STT is no
  figure, so the file is not excluded for them (it was, with one error a row); the upgrade
  still copies them.
- A lone Office lock file (`~$CB03….xlsx`), its workbook not copied: the organisation "chưa
  nộp" says that only the lock file is there (it said nothing of it).

The files here are the real template (`helpers_validate.write`), rewritten at the zip level.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers_validate import rewrite_zip, run, sheet_part, write, write_old

from toolkit.core import layout
from toolkit.core.model import Issue

M, E = layout.SHEET_MEMBERS, layout.SHEET_EVENTS


def _issues(path: Path) -> list[Issue]:
    return [i for i in run(path).issues if i.file == path.name]


# --------------------------------------------------------------------------------------------
# STT formulas without values
# --------------------------------------------------------------------------------------------


def _formulas_without_values(
    path: Path, sheets: tuple[str, ...], column: str, *, shared: bool, text: bytes = b"ROW()-1"
) -> int:
    """The data cells of `column` in `sheets` become formulas without a cached value, as a
    program that does not calculate saves them; the number of cells so changed."""
    parts = {sheet_part(path, s) for s in sheets}
    changed = 0

    def change(name: str, data: bytes) -> bytes:
        nonlocal changed
        if name not in parts:
            return data
        first = True

        def formula(m: re.Match[bytes]) -> bytes:
            nonlocal first, changed
            changed += 1
            if shared and not first:
                f = b'<f t="shared" si="0"/>'
            elif shared:
                f = (
                    b'<f t="shared" ref="'
                    + column.encode()
                    + m.group(1)
                    + b":"
                    + column.encode()
                    + b'99" si="0">ROW()-1</f>'
                )
            else:
                f = b"<f>" + text + b"</f>"
            first = False
            return b'<c r="' + column.encode() + m.group(1) + b'"' + m.group(2) + b">" + f + b"</c>"

        pattern = rb'<c r="' + column.encode() + rb'([2-9]|[1-9]\d+)"( s="\d+")[^>]*>.*?</c>'
        return re.sub(pattern, formula, data)

    rewrite_zip(path, change)
    return changed


@pytest.mark.parametrize("shared", [False, True], ids=["formulas", "shared formula"])
def test_stt_formulas_without_values_do_not_exclude_the_file(tmp_path: Path, shared: bool) -> None:
    path = write(tmp_path)
    before = run(path).submissions[0]
    assert _formulas_without_values(path, (M, E), "A", shared=shared) >= 4
    result = run(path)
    issues = [i for i in result.issues if i.file == path.name]
    assert issues == [], [(i.code, i.cell) for i in issues]
    after = result.submissions[0]
    assert len(after.members) == len(before.members) and len(after.events) == len(before.events)


def test_a_name_formula_without_value_still_excludes_the_file(tmp_path: Path) -> None:
    """Only STT is spared: a formula without a value where data is read stays an error."""
    path = write(tmp_path)
    assert _formulas_without_values(path, (M,), "B", shared=False) >= 2
    errors = [i for i in _issues(path) if i.code == "cell.formula_no_value"]
    assert errors and all(i.severity == "error" and i.cell.startswith("B") for i in errors)


@pytest.mark.parametrize("quote", [b'"', b"&quot;"], ids=["quote", "entity"])
def test_an_stt_formula_giving_a_label_without_value_is_still_said(tmp_path: Path, quote: bytes) -> None:
    """review158 F6: an STT formula holding a text constant (a total line's label,
    `="Tổng cộng: "&COUNTA(…)`) is no numbering: without its value it is still
    `cell.formula_no_value`, which explains that line's other errors."""
    path = write(tmp_path)
    label = quote + "Tổng cộng: ".encode() + quote + b"&amp;COUNTA(B2:B9)"
    assert _formulas_without_values(path, (M,), "A", shared=False, text=label) >= 2
    said = [i for i in _issues(path) if i.code == "cell.formula_no_value"]
    assert said and all(i.cell.startswith("A") for i in said)


def test_stt_formulas_without_values_are_kept_by_the_upgrade(tmp_path: Path) -> None:
    """Not refused any more, the old file's STT formulas are still copied as formulas (the
    numbering the secretary made), not written empty, and are no cell to complete."""
    import openpyxl

    from toolkit.outputs.upgrade import upgrade_files

    old = write_old(tmp_path)
    n = _formulas_without_values(old, (M,), "A", shared=False)
    assert "cell.formula_no_value" not in [i.code for i in _issues(old)]
    (done,) = upgrade_files([old], tmp_path / "moi").upgraded
    ws = openpyxl.load_workbook(done.target)[M]
    assert [ws[f"A{r}"].value for r in range(2, n + 2)] == ["=ROW()-1"] * n
    assert not [t for t in done.to_complete if t.cell.startswith("A")]
    assert "cell.formula_no_value" not in [i.code for i in run(done.target).issues]


# --------------------------------------------------------------------------------------------
# A lone lock file
# --------------------------------------------------------------------------------------------


def _missing(folder: Path) -> dict[str, str]:
    from tests.helpers_excel import CUTOFF, REGISTRY
    from toolkit.pipeline import consolidate

    result = consolidate([folder], cutoff=CUTOFF, registry=REGISTRY)
    return {i.org_code or "": i.message for i in result.issues if i.code == "org.missing"}


@pytest.mark.parametrize("program", ["Excel", "LibreOffice"])
def test_a_lone_lock_file_is_said_with_its_organisation_not_sent(tmp_path: Path, program: str) -> None:
    from ooxml_hostile import lock_files

    from tests.helpers_excel import write_ward

    folder = tmp_path / "nop"
    write_ward(folder, with_error=False)  # CB01 and CB02 sent; CB03 did not
    name, data = next(
        (n, d)
        for n, d in lock_files("CB03_to_dan_pho_3.xlsx").items()
        if n.startswith("~$") == (program == "Excel")
    )
    (folder / name).write_bytes(data)
    message = _missing(folder)["CB03"]
    assert message.startswith("Tổ chức CB03 (")
    assert f"chỉ có tệp \u201c{name}\u201d" in message
    assert f"tệp tạm {program}" in message and "tệp thật chưa được chép vào" in message


def test_a_lock_file_beside_its_workbook_or_of_no_organisation_adds_nothing(tmp_path: Path) -> None:
    from ooxml_hostile import lock_files

    from tests.helpers_excel import write_ward

    folder = tmp_path / "nop"
    write_ward(folder, with_error=False)
    without = _missing(folder)
    for name, data in {**lock_files("CB01.xlsx"), **lock_files("bang_tam.xlsx")}.items():
        (folder / name).write_bytes(data)
    assert _missing(folder) == without
    assert "tệp tạm" not in without["CB03"]
    # Word's lock file of a document named for the organisation is no workbook's (review158 F4).
    for name, data in lock_files("CB03_to_dan_pho_3.docx").items():
        (folder / name).write_bytes(data)
    assert _missing(folder) == without
