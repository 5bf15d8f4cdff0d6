"""A year with no admission target (its registry column absent or empty, as early in a year
before the office types it) is no target of 0: `Tổng hợp`, `Biến động theo năm` and the table
of `Biểu đồ` leave its target empty, and the total achievement rate is that of the years that
have a target (their admissions over their targets), with a note naming the year left out
(hunt60 #1). A target typed 0 is a target: it shows 0."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_demo import consolidate_demo, demo_targets_edited
from helpers_ward import Ward, consolidate, organisation, pristine, ward  # noqa: F401 (fixtures)

from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.sheets import SHEET_CHANGES, SHEET_CHARTS, SHEET_SUMMARY

TARGET = "Chỉ tiêu kết nạp được giao"
RATE = "Tỷ lệ kết nạp đạt so với chỉ tiêu"


def _year_rows(ws: Any, years: list[int]) -> dict[str, list[Any]]:
    """The rows of the per-year table of `ws` (section C on `Tổng hợp`): label → the years'
    cells and the total's."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] in ("Chỉ tiêu", "Loại biến động") and r[1] == years[0])
    width = len(years) + 1
    return {r[0]: list(r[1 : 1 + width]) for r in rows[start:] if isinstance(r[0], str)}


def _notes(ws: Any) -> str:
    return " ".join(str(r[0]) for r in ws.iter_rows(values_only=True) if isinstance(r[0], str))


def _chart_targets(ws: Any) -> dict[int, Any]:
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Năm" and r[2] == "Chỉ tiêu")
    out = {}
    for r in rows[start + 1 :]:
        if isinstance(r[0], str) and r[0].endswith("(đến 31/3)"):  # the unfinished cut-off year
            out[int(r[0][:4])] = r[2]
            continue
        if not isinstance(r[0], int):
            break
        out[r[0]] = r[2]
    return out


@pytest.mark.slow  # generates and consolidates the demo ward
@pytest.mark.parametrize("typed", ["none", "zero_for_some"])
def test_total_rate_leaves_out_the_year_with_no_target_on_the_demo_ward(tmp_path: Path, typed: str) -> None:
    """`none`: the 2026 column is not there yet; `zero_for_some`: three organisations typed 0 and
    the others left it empty (hunt62 #2: the year then had a target of 0, and its admissions went
    into the total rate over no target)."""
    folder = tmp_path / "phuong_mau"
    done = CliRunner().invoke(main, ["demo", str(folder)])
    assert done.exit_code == 0, done.output
    registry = demo_targets_edited(
        folder / "danh_muc_to_chuc.xlsx",
        tmp_path / "danh_muc.xlsx",
        2026,
        None if typed == "none" else (lambda row: 0 if row <= 4 else None),
    )
    out = tmp_path / "tong_hop.xlsx"
    done = consolidate_demo(folder, registry, out, "--json", str(tmp_path / "r.json"))
    assert out.exists(), done.output
    ind = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["indicators"]
    years = list(range(2020, 2027))
    having = years[:-1]
    assert ind["changes.admissions.2026"] > 0 and ind["targets.2026"] == 0
    admitted = sum(ind[f"changes.admissions.{y}"] for y in having)
    target = sum(ind[f"targets.{y}"] for y in having)
    expected = round(admitted / target, 4)  # 714/708, not all admissions (729) over 708
    assert expected != round(ind["changes.admissions.total"] / target, 4)

    book = openpyxl.load_workbook(out)
    for name in (SHEET_SUMMARY, SHEET_CHANGES):
        rows = _year_rows(book[name], years)
        assert rows[RATE][-2:] == [None, expected], name
        shown = None if typed == "none" else 0  # a target typed 0 shows 0
        assert rows[TARGET] == [*(ind[f"targets.{y}"] for y in having), shown, target], name
        why = "chưa có chỉ tiêu kết nạp" if typed == "none" else "chỉ tiêu kết nạp bằng 0"
        assert (
            "Tổng của tỷ lệ kết nạp đạt so với chỉ tiêu chỉ tính các năm có chỉ tiêu (không tính số "
            f"kết nạp năm 2026: {why})." in _notes(book[name])
        ), name
    chart = _chart_targets(book[SHEET_CHARTS])
    assert chart == {**{y: ind[f"targets.{y}"] for y in having}, 2026: shown}


def test_a_target_typed_0_shows_0_and_a_year_without_one_is_empty(ward: Ward, tmp_path: Path) -> None:  # noqa: F811
    orgs = [organisation(c) for c in ("K01", "K02", "K03")]
    orgs[0].targets[2025] = 0  # typed 0: a target of 0; no one typed a 2026 target
    registry = write_registry(Registry(orgs), tmp_path / "danh_muc_0.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    consolidate(ward, out, "--no-history", registry=registry)
    book = openpyxl.load_workbook(out / "tong_hop.xlsx")
    for name in (SHEET_SUMMARY, SHEET_CHANGES):
        rows = _year_rows(book[name], [2025, 2026])
        assert rows[TARGET] == [0, None, 0], name
        assert rows[RATE] == [None, None, None], name  # no rate over a target of 0
        assert "chỉ tính các năm có chỉ tiêu" not in _notes(book[name]), name  # no total rate to explain
    assert _chart_targets(book[SHEET_CHARTS]) == {2025: 0, 2026: None}


def test_the_report_says_a_target_typed_0_is_0_and_a_year_without_one_has_none(
    ward: Ward,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The sheets show a year typed 0 as 0 and say its admissions are left out of the total
    rate as "chỉ tiêu kết nạp bằng 0"; the report, read from the JSON (where `targets.<year>` is
    0 for both), said "chưa có chỉ tiêu" of it. The JSON now names the years given a target."""
    from corpus import CUTOFF

    year = CUTOFF.year
    for typed, said in ((0, f"chỉ tiêu kết nạp năm {year} là 0 nên không tính"), (None, "chưa có chỉ tiêu")):
        orgs = [organisation(c) for c in ("K01", "K02", "K03")]
        if typed is not None:
            orgs[0].targets[year] = typed
        registry = write_registry(Registry(orgs), tmp_path / f"danh_muc_{typed}.xlsx")
        out = tmp_path / f"out_{typed}"
        out.mkdir()
        done = consolidate(ward, out, "--no-history", registry=registry)
        summary = json.loads((out / "tong_hop.json").read_text(encoding="utf-8"))
        assert summary["target_years"] == ([year] if typed is not None else []), done.output
        report = out / "bao_cao.md"
        made = CliRunner().invoke(main, ["report", str(out / "tong_hop.json"), "-o", str(report)])
        assert made.exit_code == 0, made.output
        text = " ".join(report.read_text(encoding="utf-8").split())
        assert said in text, text
        other = "chưa có chỉ tiêu kết nạp năm" if typed is not None else "là 0 nên không tính"
        assert other not in text, text


@pytest.mark.slow  # generates and consolidates the demo ward
def test_a_complete_year_without_a_target_is_not_called_incomplete(tmp_path: Path) -> None:
    """The demo ward with its registry's 2025 column empty: the total is over 2020–2024, the
    complete years that have a target (2026 runs to the cut-off). The note said "chỉ tính các
    năm trọn 2020–2024", as if 2025 were not complete; it says why 2025 is left out, as its next
    sentence does (hunt285)."""
    folder = tmp_path / "phuong_mau"
    done = CliRunner().invoke(main, ["demo", str(folder)])
    assert done.exit_code == 0, done.output
    registry = demo_targets_edited(
        folder / "danh_muc_to_chuc.xlsx", tmp_path / "danh_muc.xlsx", 2025, lambda row: None
    )
    out = tmp_path / "tong_hop.xlsx"
    done = consolidate_demo(folder, registry, out)
    assert out.exists(), done.output
    book = openpyxl.load_workbook(out)
    for name in (SHEET_SUMMARY, SHEET_CHANGES):
        notes = _notes(book[name])
        assert (
            "Cột Tổng của chỉ tiêu và tỷ lệ đạt chỉ tiêu chỉ tính các năm trọn có chỉ tiêu: 2020–2024; "
            "năm 2026 mới tính đến ngày 31/3/2026 nên tỷ lệ năm 2026 chỉ ở cột của năm. Tổng của tỷ "
            "lệ kết nạp đạt so với chỉ tiêu chỉ tính các năm có chỉ tiêu (không tính số kết nạp năm "
            "2025: chưa có chỉ tiêu kết nạp)."
        ) in notes, (name, notes)
        assert "các năm trọn 2020–2024" not in notes, name
        rows = _year_rows(book[name], list(range(2020, 2027)))
        assert f"{TARGET} (cột Tổng: 2020–2024)" in rows and f"{RATE} (cột Tổng: 2020–2024)" in rows, name
