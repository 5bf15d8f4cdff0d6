"""An error value or a formula without a value in a `Thông tin` cell that counts in no figure
keeps the organisation in the consolidation (fix353).

`#N/A` left by a lookup in `Bí thư`, or a formula saved unrecalculated in `Ngày lập biểu`, was
`cell.error_value` / `cell.formula_no_value`, errors: the whole organisation was left out of the
ward's figures for a cell that is only shown. `Bí thư`, `Điện thoại`, `Người lập biểu` and `Ngày
lập biểu` count in nothing (`layout.INFO_UNCOUNTED`): there it is a warning at the cell
(`info.unused_error_value`, `info.unused_formula_no_value`), naming file, sheet and cell. The
cells that count or identify the file (the code, name, tier, sector, `Không còn quần chúng để
kết nạp`, the cut-off, the period start, the version) keep the error (without a registry: the
name of a registry organisation's file is the registry's, fix373's test).

Built on the demo's real workbooks (`ward-stats demo`), the error planted in the sheet's XML as
Excel saves it (`t="e"`, the formula and its error as cached value).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers_validate import rewrite_zip, sheet_part

from toolkit.core import layout
from toolkit.pipeline import consolidate

INFO = layout.SHEET_INFO
CUTOFF = dt.date(2026, 3, 31)
ERROR = ("VLOOKUP(Z1,Z2:Z3,2,0)", "#N/A")
NO_VALUE = ("Z1&amp;Z2", None)
UNCOUNTED = ["secretary", "phone", "prepared_by", "prepared_on"]
COUNTED = ["org_name", "org_tier", "sector", "no_candidates_left", "cutoff_date", "period_start"]


def _two_files(sample_ward: Path, folder: Path) -> tuple[Path, str]:
    """Two of the demo's submissions copied to `folder`; the first one and its code."""
    folder.mkdir()
    files = sorted((sample_ward / "nop").glob("HD*.xlsx"))[:2]
    for f in files:
        shutil.copy2(f, folder / f.name)
    return folder / files[0].name, files[0].name[:4]


def _counted(result: Any) -> set[str]:
    return {o.org_code for o in result.organisations if o.status == "consolidated"}


def _plant(path: Path, ref: str, formula: str, error: str | None) -> None:
    """`ref` of `Thông tin` becomes `formula` with `error` as its cached value (none: saved by a
    program that does not calculate), its style kept."""
    part = sheet_part(path, INFO)

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        cached = f' t="e"><f>{formula}</f><v>{error}</v></c>' if error else f"><f>{formula}</f></c>"
        xml, n = re.subn(
            rf'<c r="{ref}"( s="\d+")?[^>]*?(?:/>|>.*?</c>)',
            lambda m: f'<c r="{ref}"{m.group(1) or ""}{cached}',
            data.decode("utf-8"),
            count=1,
        )
        assert n == 1, ref
        return xml.encode("utf-8")

    rewrite_zip(path, change)


@pytest.mark.parametrize("key", UNCOUNTED)
@pytest.mark.parametrize(
    ("planted", "code"), [(ERROR, "info.unused_error_value"), (NO_VALUE, "info.unused_formula_no_value")]
)
def test_an_error_in_a_cell_that_counts_for_nothing_keeps_the_org(
    sample_ward: Path, tmp_path: Path, key: str, planted: tuple[str, str | None], code: str
) -> None:
    path, org = _two_files(sample_ward, tmp_path / "nop")
    cell = layout.INFO.cell(key)
    _plant(path, cell, *planted)
    result = consolidate([tmp_path / "nop"], cutoff=CUTOFF, ward_name="Phường Thử")
    assert org in _counted(result)
    assert result.count("consolidated") == 2
    said = [i for i in result.issues if i.sheet == INFO and i.cell == cell]
    assert [i.code for i in said] == [code], [(i.code, i.message) for i in said]
    issue = said[0]
    assert issue.severity == "warning"
    assert issue.file is not None and issue.file.endswith(path.name)
    assert f"(sheet \u201c{INFO}\u201d, ô {cell})" in issue.message
    if planted[1]:
        assert "#N/A" in issue.message


@pytest.mark.parametrize("key", COUNTED)
@pytest.mark.parametrize(
    ("planted", "code"), [(ERROR, "cell.error_value"), (NO_VALUE, "cell.formula_no_value")]
)
def test_an_error_in_a_cell_that_counts_still_leaves_the_org_out(
    sample_ward: Path, tmp_path: Path, key: str, planted: tuple[str, str | None], code: str
) -> None:
    path, org = _two_files(sample_ward, tmp_path / "nop")
    cell = layout.INFO.cell(key)
    _plant(path, cell, *planted)
    result = consolidate([tmp_path / "nop"], cutoff=CUTOFF, ward_name="Phường Thử")
    assert org not in _counted(result)
    assert result.count("consolidated") == 1
    issue = next(i for i in result.issues if i.code == code)
    assert (issue.sheet, issue.cell, issue.severity) == (INFO, cell, "error")
