"""The opening check names the change rows dated after the earlier cut-off too (hunt321).

A death of December typed as of January (the year mistyped) leaves the roll at 31/12 rebuilt
one more than the December run stored: `form.opening_mismatch` said so, but named only the rows
dated on or before 31/12 (those a late report may be), never the row typed wrong, which is
after it. Real generated workbooks, a real history file, the CLI through click's CliRunner."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import openpyxl

from tests.helpers_history import run_cli
from tests.helpers_sample import sample_orgs
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
EARLIER = dt.date(2025, 12, 31)
WARD = "Phường Thử"


def _run(folder: Path, cutoff: dt.date, history: Path, out: Path) -> dict[str, Any]:
    done = run_cli(
        "consolidate", folder, "--cutoff", cutoff.isoformat(), "--history", history,
        "-o", out, "--json", out.with_suffix(".json"), "--ward-name", WARD,
    )  # fmt: skip
    assert done.exit_code in (0, 1), done.output
    data: dict[str, Any] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return data


def test_a_row_dated_after_the_cutoff_by_mistake_is_named(tmp_path: Path) -> None:
    orgs = sample_orgs(31, [40, 35], PERIOD, prefix="A")
    before, now = tmp_path / "q4", tmp_path / "q1"
    before.mkdir()
    now.mkdir()
    for org in orgs:
        as_of(org, EARLIER).write(before / f"{org.organisation.org_code}.xlsx")
        org.write(now / f"{org.organisation.org_code}.xlsx")
    history = tmp_path / "h.sqlite"
    _run(before, EARLIER, history, tmp_path / "q4.xlsx")
    # In A01's file of this quarter, a departure of 2025 retyped as of 2026 (January).
    path = now / "A01.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["Biến động"]
    leaves = ("Từ trần", "Chuyển đi", "Xóa tên", "Khai trừ")
    typo = next(
        row[0].row
        for row in ws.iter_rows(min_row=2)
        if row[3].value in leaves and isinstance(row[4].value, dt.datetime) and row[4].value.year == 2025
    )
    ws.cell(typo, 5).value = dt.datetime(2026, 1, 15)
    wb.save(path)
    summary = _run(now, PERIOD.cutoff, history, tmp_path / "q1.xlsx")
    issue = next(
        i for i in summary["issues"] if i["code"] == "form.opening_mismatch" and i.get("org_code") == "A01"
    )
    message = issue["message"]
    assert "lần tổng hợp ngày 31/12/2025 (lần số 1 trong lịch sử tổng hợp) ghi" in message
    after = re.search(
        r"Các dòng biến động ghi ngày sau ngày 31/12/2025 [^:]*: sheet “Biến động”, dòng ([0-9, …]+)", message
    )
    assert after is not None, message
    assert str(typo) in [n.strip() for n in after.group(1).split(",")], message
