"""Biểu 1–4-BTCTW against an independent oracle (hunt261): every row and every column.

`helpers_forms_oracle` reads the branches' raw workbooks with openpyxl and computes the four forms by
hand from docs/design.md §6; toolkit is used only to make the sample ward and to run the
consolidation. Checked: the JSON summary's forms and the workbook's form sheets (both columns,
the ratio, Biểu 4's shares), Biểu 1's balance, this year and the same period last year (the
year-earlier files the sample ward keeps in `nam_truoc`). Then the same on a messier ward:
five files with every kind of change at the edges of the period, a move inside the ward
matched and one in transit, an admission then a move inside the ward, ages at the band
boundaries, and cells typed by hand (text dates, "nam", "NỮ", "THPT", "có", a transfer scope
and an ethnic group in lower case, stray spaces), which the oracle reads in their cleaned
meaning.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers_forms_mess import make_mess
from helpers_forms_oracle import compare

from toolkit.cli import main

SUMMARY = "tong_hop_phuong_20260331"


@pytest.fixture(scope="module")
def ward(sample_ward: Path) -> Path:
    return sample_ward  # conftest's, shared and read-only: the messy ward is a copy


def _summary(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_sample_ward_forms_agree_with_the_oracle(ward: Path) -> None:
    summary = _summary(ward / f"{SUMMARY}.json")
    assert summary["forms"]["bieu1"][0]["previous"] is not None  # last year's column is filled
    assert compare(summary, ward / f"{SUMMARY}.xlsx", ward / "nop", ward / "nam_truoc" / "nop") == []


def test_messy_ward_forms_agree_with_the_oracle(ward: Path, tmp_path: Path) -> None:
    messy = tmp_path / "phuong"
    shutil.copytree(ward, messy)
    make_mess(messy / "nop")
    out = messy / "out.xlsx"
    result = CliRunner().invoke(
        main,
        [
            "consolidate", str(messy / "nop"),
            "--registry", str(messy / "danh_muc_to_chuc.xlsx"),
            "--cutoff", "31/03/2026",
            "--ward-name", "Phường Mẫu",
            "-o", str(out),
            "--json", str(messy / "out.json"),
            "--history", str(messy / "lich_su_tong_hop.sqlite"),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = _summary(messy / "out.json")
    assert summary["indicators"]["orgs.consolidated"] == 72  # no file left out: the mess is read
    rows = {r["row"]: r["current"] for r in summary["forms"]["bieu1"]}
    # the mess reaches the lines the sample ward leaves at 0
    assert all(rows[k] for k in ("B.3", "C.2", "C.3", "C.3.probationary"))
    assert rows["B.2"] > rows["B.2.a"] + rows["B.2.b"]  # a move in transit at the period's start
    # last year's files are the sample ward's, copied untouched
    assert compare(summary, out, messy / "nop", ward / "nam_truoc" / "nop") == []
