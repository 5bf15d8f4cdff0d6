"""LibreOffice as an oracle: what we write, re-saved by a program we did not write and read
back, holds the same values cell by cell; a submission re-saved by it consolidates to the same
figures. A difference means we wrote something another spreadsheet program reads otherwise
(or the reader depends on how our own writer lays a file out)."""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from libreoffice import convert

from toolkit.cli import main

pytestmark = pytest.mark.slow


def cell_values(path: Path) -> dict[str, dict[str, Any]]:
    """Every non-empty cell value of every sheet, by sheet name and coordinate."""
    wb = openpyxl.load_workbook(path, data_only=True)
    try:
        return {
            ws.title: {
                c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value not in (None, "")
            }
            for ws in wb.worksheets
        }
    finally:
        wb.close()


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    if isinstance(a, dt.datetime) and isinstance(b, dt.date):
        return a.date() == (b.date() if isinstance(b, dt.datetime) else b) and a.time() == dt.time()
    return a == b


def differences(ours: Path, theirs: Path) -> list[str]:
    a, b = cell_values(ours), cell_values(theirs)
    out = [f"sheet {name!r} lost" for name in a if name not in b]
    for name, cells in a.items():
        other = b.get(name, {})
        for ref in sorted(set(cells) | set(other)):
            if not _same(cells.get(ref), other.get(ref)):
                out.append(f"{name}!{ref}: {cells.get(ref)!r} != {other.get(ref)!r}")
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lo") / "phuong"
    result = CliRunner().invoke(main, ["demo", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def test_branch_template_resaved_by_libreoffice_keeps_every_value(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["template", "--out", str(tmp_path / "ours")])
    assert result.exit_code == 0, result.output
    ours = tmp_path / "ours" / "mau_chi_bo.xlsx"
    (theirs,) = convert([ours], "xlsx", tmp_path / "theirs")
    assert cell_values(ours)["Hướng dẫn"], "the oracle compares something"
    assert differences(ours, theirs) == []


def test_consolidated_workbook_resaved_by_libreoffice_keeps_every_value(demo: Path, tmp_path: Path) -> None:
    ours = demo / "tong_hop_phuong_20260331.xlsx"
    (theirs,) = convert([ours], "xlsx", tmp_path / "theirs")
    values = cell_values(ours)
    assert sum(len(v) for v in values.values()) > 1000
    assert differences(ours, theirs) == []


def test_submissions_resaved_by_libreoffice_consolidate_to_the_same_figures(
    demo: Path, tmp_path: Path
) -> None:
    resaved = tmp_path / "phuong_lo"
    (resaved / "nop").mkdir(parents=True)
    shutil.copy(demo / "danh_muc_to_chuc.xlsx", resaved / "danh_muc_to_chuc.xlsx")
    originals = sorted((demo / "nop").glob("*.xlsx"))
    convert(originals, "xlsx", resaved / "nop")
    summaries = []
    for folder in (demo, resaved):
        out = tmp_path / f"{folder.name}.json"
        result = CliRunner().invoke(
            main,
            ["consolidate", str(folder / "nop"), "--cutoff", "31/03/2026", "--since", "01/01/2020",
             "--registry", str(folder / "danh_muc_to_chuc.xlsx"),
             "-o", str(tmp_path / f"{folder.name}.xlsx"), "--json", str(out)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        summaries.append(json.loads(out.read_text(encoding="utf-8")))
    ours, theirs = summaries
    assert theirs["indicators"] == ours["indicators"]
    by_org = {o["org_code"]: o["indicators"] for o in ours["organisations"]}
    assert {o["org_code"]: o["indicators"] for o in theirs["organisations"]} == by_org
    assert len(by_org) == 72 and all(by_org.values())
    assert [i for i in theirs["issues"] if i["severity"] == "error"] == []


def test_the_comparison_sees_a_changed_a_lost_and_an_added_value(tmp_path: Path) -> None:
    ours = tmp_path / "a.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "S"
    wb.active["A1"], wb.active["B2"], wb.active["C3"] = "chữ", 2, dt.date(2026, 3, 31)
    wb.save(ours)
    same = tmp_path / "same.xlsx"
    shutil.copy(ours, same)
    assert differences(ours, same) == []
    wb["S"]["A1"], wb["S"]["B2"], wb["S"]["D4"] = "chu", None, 1.5
    wb.save(tmp_path / "b.xlsx")
    assert differences(ours, tmp_path / "b.xlsx") == [
        "S!A1: 'chữ' != 'chu'",
        "S!B2: 2 != None",
        "S!D4: None != 1.5",
    ]


def test_libreoffice_opens_each_issue_link_at_the_submission(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The `Kiểm tra` links, as LibreOffice resolves them on opening the workbook (from its
    own folder) and writes them again relative to a copy saved elsewhere, name the real
    submission. The run is given relative paths from the folder above, as a clerk types them:
    a link made from the folder the command ran in would name nothing."""
    import re
    import urllib.parse

    monkeypatch.chdir(demo.parent)
    workbook = demo / "lien_ket.xlsx"
    args = ["consolidate", f"{demo.name}/nop", "--cutoff", "31/03/2026", "--no-history"]
    run = CliRunner().invoke(main, [*args, "-o", f"{demo.name}/{workbook.name}"])
    assert run.exit_code == 0, run.output
    saved = convert([workbook], "fods", tmp_path / "lo")[0]
    hrefs = re.findall(r'xlink:href="([^"#]+\.xlsx)#', saved.read_text(encoding="utf-8"))
    assert hrefs  # the demo's one warning links to its cell
    for href in hrefs:
        target = (saved.parent / urllib.parse.unquote(href)).resolve()
        assert target.parent == (demo / "nop").resolve() and target.is_file(), href
