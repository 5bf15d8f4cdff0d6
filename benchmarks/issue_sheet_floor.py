"""What the `Kiểm tra` sheet of a consolidation costs, against what XlsxWriter alone costs for it.

Reads the issues of a JSON summary (`ward-stats consolidate … --json FILE`) and writes them
into a scratch workbook twice, each the minimum of `--runs`:

- **ours**: `toolkit.outputs.sheets.issues.write`, as the consolidated workbook does (every
  value a string cell, a link to each source cell, row heights from the word wrap);
- **XlsxWriter alone**: the same nine cells per row written with `write_string`, the same
  link with `write_url` and one fixed `set_row` per row, with nothing computed: the floor
  of any writer of this sheet through XlsxWriter. Also without the links, to show their share.

Each time includes `Workbook.close()` (the sheet's XML, the shared strings, the ZIP).

Usage: `uv run python benchmarks/issue_sheet_floor.py SUMMARY.json [--runs 3] [--folder NOP]`
(`--folder`: where the submissions are, for the links; default: the summary's folder `nop/`).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import xlsxwriter  # noqa: E402

from toolkit.core.model import Issue  # noqa: E402
from toolkit.outputs.sheets import issues as issue_sheet  # noqa: E402
from toolkit.outputs.sheets.cells import Formats  # noqa: E402

FIELDS = ("code", "severity", "message", "file", "org_code", "sheet", "cell", "column", "value")


def _best(runs: int, fn: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def ours(issues: list[Issue], folder: Path, target: Path) -> None:
    wb = xlsxwriter.Workbook(str(target))
    sources = [SimpleNamespace(file=name, path=folder / name) for name in {i.file for i in issues if i.file}]
    result: Any = SimpleNamespace(
        issues=issues, sources=sources, personal_data=True, level="ward", settings_book=None
    )
    issue_sheet.write(wb, Formats(wb), result)
    wb.close()


def xlsxwriter_alone(issues: list[Issue], folder: Path, target: Path, *, links: bool) -> None:
    wb = xlsxwriter.Workbook(str(target))
    text = wb.add_format({"border": 1, "text_wrap": True, "valign": "vcenter"})
    link = wb.add_format({"border": 1, "font_color": "#0563C1", "underline": 1})
    ws = wb.add_worksheet("Kiểm tra")
    for row, issue in enumerate(issues, start=4):
        values = ("Cảnh báo", issue.file, issue.org_code, issue.sheet, issue.cell, issue.column, issue.value)
        for col, value in enumerate(values):
            if col == 4 and links and issue.file:
                url = f"external:{folder / issue.file}#'{issue.sheet}'!{issue.cell or 'A1'}"
                ws.write_url(row, col, url, link, string=issue.cell or "(mở tệp)", tip=f"Mở {issue.file}")
            else:
                ws.write_string(row, col, value or "", text)
        ws.write_string(row, 7, issue.message, text)
        ws.write_string(row, 8, issue.code, text)
        ws.set_row(row, 30)
    wb.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("summary", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args(argv)
    doc = json.loads(args.summary.read_text("utf-8"))
    issues = [Issue(**{k: item.get(k) for k in FIELDS}) for item in doc["issues"]]
    folder = (args.folder or args.summary.parent / "nop").resolve()
    # Removed when done: the sheets hold the summary's issues, the members' names and dates of
    # one written with --personal-data (hunt358: a folder was left in the temporary folder a run).
    with tempfile.TemporaryDirectory(prefix="ward-stats-issue-sheet-") as name:
        scratch = Path(name)
        rows = [
            (
                "ours (`sheets.issues.write`)",
                _best(args.runs, lambda: ours(issues, folder, scratch / "a.xlsx")),
            ),
            (
                "XlsxWriter alone, with the links",
                _best(args.runs, lambda: xlsxwriter_alone(issues, folder, scratch / "b.xlsx", links=True)),
            ),
            (
                "XlsxWriter alone, without links",
                _best(args.runs, lambda: xlsxwriter_alone(issues, folder, scratch / "c.xlsx", links=False)),
            ),
        ]
    print(f"`Kiểm tra` of {len(issues):,} issues, minimum of {args.runs} runs (written and closed):\n")
    print("| writer | seconds |\n|---|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
