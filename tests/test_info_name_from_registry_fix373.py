"""An error value or a formula without a value in `Tên tổ chức đảng` leaves the organisation in
the consolidation when its code is in the registry (fix373).

Real files fill the name with a VLOOKUP of the code; `#N/A` there (or the formula saved by a
program that does not calculate) was `cell.error_value` / `cell.formula_no_value`, errors: the
whole organisation was left out for a name every output takes from the registry anyway. With
a registry that holds the file's code (and a code cell without error) it is now a warning at
the cell (`info.org_name_error_value`, `info.org_name_formula_no_value`) saying what was found,
that the registry's name was used and how to fix it, and every output names the organisation
by the registry: `Theo tổ chức`, `Nguồn số liệu`, the JSON's `organisations`, the history.
Without a registry, with a code it does not hold, or with an error in the code cell too, the
name is unknown and the error stays.

Built on the demo's real workbooks (`ward-stats demo`), the error planted in the sheet's XML as
Excel saves it (`t="e"`, the formula and its error as cached value), run through the command
line.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_validate import rewrite_zip, sheet_part

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.model import Registry
from toolkit.io.registry import read_registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.sheets import SHEET_SOURCES

INFO = layout.SHEET_INFO
NAME_CELL = layout.INFO.cell("org_name")
CODE_CELL = layout.INFO.cell("org_code")
ERROR = ("VLOOKUP(B1,Z2:Z3,2,0)", "#N/A")
NO_VALUE = ("Z1&amp;Z2", None)
PLANTED = {
    "error": (ERROR, "info.org_name_error_value", "cell.error_value"),
    "no_value": (NO_VALUE, "info.org_name_formula_no_value", "cell.formula_no_value"),
}


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


def _folder(sample_ward: Path, tmp_path: Path, planted: tuple[str, str | None]) -> tuple[Path, Path, str]:
    """Two of the demo's submissions in a folder, the first with its name cell planted; the
    folder, that file and its code."""
    folder = tmp_path / "nop"
    folder.mkdir()
    files = sorted((sample_ward / "nop").glob("HD*.xlsx"))[:2]
    for f in files:
        shutil.copy2(f, folder / f.name)
    path = folder / files[0].name
    _plant(path, NAME_CELL, *planted)
    return folder, path, files[0].name[:4]


def _consolidate(folder: Path, out: Path, registry: Path | None) -> tuple[int, str, dict]:
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "-o", str(out)]
    args += ["--json", str(out.with_suffix(".json")), "--history", str(out.with_name("h.sqlite"))]
    args += ["--ward-name", "Phường Thử"] + (["--registry", str(registry)] if registry else [])
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output, json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


def _org(summary: dict, code: str) -> dict:
    (org,) = [o for o in summary["organisations"] if o["org_code"] == code]
    return org


def _at_name(summary: dict, file: str) -> list[dict]:
    return [
        i
        for i in summary["issues"]
        if i["sheet"] == INFO and i["cell"] == NAME_CELL and (i["file"] or "") == file
    ]


def _rows(path: Path, sheet: str) -> list[tuple]:
    return list(openpyxl.load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True))


@pytest.mark.parametrize("kind", list(PLANTED))
def test_with_the_code_in_the_registry_the_org_is_consolidated_under_the_registry_name(
    sample_ward: Path, tmp_path: Path, kind: str
) -> None:
    planted, code, _ = PLANTED[kind]
    folder, path, org = _folder(sample_ward, tmp_path, planted)
    registry_path = sample_ward / "danh_muc_to_chuc.xlsx"
    official = next(o.org_name for o in read_registry(registry_path).organisations if o.org_code == org)
    out = tmp_path / "kq" / "tong_hop.xlsx"
    out.parent.mkdir()
    exit_code, output, summary = _consolidate(folder, out, registry_path)

    assert exit_code == 0, output  # no file left out
    assert _org(summary, org)["status"] == "consolidated"
    assert _org(summary, org)["org_name"] == official
    (issue,) = _at_name(summary, path.name)
    assert (issue["code"], issue["severity"]) == (code, "warning")
    message = issue["message"]
    assert f"(sheet \u201c{INFO}\u201d, ô {NAME_CELL})" in message
    assert f"\u201c{official}\u201d" in message and "danh mục tổ chức" in message
    assert "ghi thẳng tên tổ chức" in message and "dán giá trị" in message
    if planted[1]:
        assert "#N/A" in message

    # Every output names the organisation by the registry: never the error value.
    (by_org,) = [r for r in _rows(out, "Theo tổ chức") if org in r]
    assert official in by_org and not any("#N/A" in str(v) for v in by_org)
    (source,) = [r for r in _rows(out, SHEET_SOURCES) if r[0] == path.name]
    assert source[1:3] == (org, official)
    book = openpyxl.load_workbook(out, read_only=True)
    for ws in book.worksheets:
        if ws.title == "Kiểm tra":  # the warning itself quotes what the cell holds
            continue
        cells = [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]
        assert not [c for c in cells if "#N/A" in c], ws.title
    with sqlite3.connect(out.with_name("h.sqlite")) as db:
        assert db.execute("SELECT org_name FROM organisation WHERE org_code = ?", (org,)).fetchall() == [
            (official,)
        ]

    # The chi bộ's feedback file carries the warning, and says the file was consolidated.
    result = CliRunner().invoke(
        main,
        ["validate", str(folder), "--registry", str(registry_path), "--cutoff", "31/03/2026"]
        + ["--feedback", str(tmp_path / "phan_hoi")],
    )
    assert result.exit_code == 0, result.output
    (feedback,) = (tmp_path / "phan_hoi").glob(f"{org}*_kiem_tra.xlsx")
    cells = [str(v) for row in _rows(feedback, "Cần sửa") for v in row if v is not None]
    assert code in cells
    assert any(f"\u201c{official}\u201d" in c for c in cells)
    assert any("Tệp được tổng hợp" in c for c in cells)


@pytest.mark.parametrize("kind", list(PLANTED))
def test_without_a_registry_the_name_is_unknown_and_the_error_stays(
    sample_ward: Path, tmp_path: Path, kind: str
) -> None:
    planted, _, error = PLANTED[kind]
    folder, path, org = _folder(sample_ward, tmp_path, planted)
    exit_code, _, summary = _consolidate(folder, tmp_path / "tong_hop.xlsx", None)
    assert exit_code == 1
    assert _org(summary, org)["status"] == "excluded"
    assert [(i["code"], i["severity"]) for i in _at_name(summary, path.name)] == [(error, "error")]


def test_with_a_code_the_registry_does_not_hold_the_error_stays(sample_ward: Path, tmp_path: Path) -> None:
    planted, _, error = PLANTED["error"]
    folder, path, org = _folder(sample_ward, tmp_path, planted)
    ward = read_registry(sample_ward / "danh_muc_to_chuc.xlsx")
    registry = write_registry(
        Registry([o for o in ward.organisations if o.org_code != org]), tmp_path / "danh_muc.xlsx"
    )
    exit_code, _, summary = _consolidate(folder, tmp_path / "tong_hop.xlsx", registry)
    assert exit_code == 1
    assert [(i["code"], i["severity"]) for i in _at_name(summary, path.name)] == [(error, "error")]
    assert not [o for o in summary["organisations"] if o["org_code"] == org and o["status"] == "consolidated"]


def test_with_an_error_in_the_code_cell_too_the_error_stays(sample_ward: Path, tmp_path: Path) -> None:
    planted, _, error = PLANTED["error"]
    folder, path, org = _folder(sample_ward, tmp_path, planted)
    _plant(path, CODE_CELL, *ERROR)
    exit_code, _, summary = _consolidate(
        folder, tmp_path / "tong_hop.xlsx", sample_ward / "danh_muc_to_chuc.xlsx"
    )
    assert exit_code == 1
    assert [(i["code"], i["severity"]) for i in _at_name(summary, path.name)] == [(error, "error")]
    assert _org(summary, org)["status"] == "excluded"  # filed by its file's name, left out
