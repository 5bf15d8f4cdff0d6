"""What a cheaper `Kiểm tra` sheet could win on a messy dataset: a bound, not a measurement of
shipped behaviour.

Issue 19 asks the messy city to be consolidated within 1.5× the floor. Its `Kiểm tra` sheet
holds one row per file, sheet, column and kind of correction (17,854 rows), which XlsxWriter
writes at its own cost per cell (`benchmarks/issue_sheet_floor.py`). This script asks how far
the rest of the consolidation is from the target, in one interleaved series of fresh
processes (minimum of `--runs`):

- **floor** and **ours**: exactly as `benchmarks/run.py` runs them;
- **ours, `Kiểm tra` cut to one row per file and code**: the same command, with the sheet's
  rows cut to as many as there are (file, code) pairs among the issues — the row count of
  the coarsest grouping that still names every file and kind of correction;
- **ours, `Kiểm tra` empty**: the same command with no issue row written at all.

Only the rows of that one sheet are cut (by replacing `toolkit.outputs.sheets.issues.sorted_issues`
in the measured process); reading, the checks, the figures, the history and the JSON summary
with every issue are unchanged. The last line is therefore a lower bound of what any change to
the sheet (fewer rows, another writer) could reach.

Usage: `uv run python benchmarks/issue_rows_bound.py [--datasets messy_city messy_ward] [--runs 3]`
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import generate  # noqa: E402
from benchmarks.run import FLOOR_CODE, consolidate_args, run_child, ward_stats_command  # noqa: E402

# `ward-stats` with the `Kiểm tra` sheet cut to its first N issues (sys.argv[1]).
CUT_CODE = """
import sys
rows = int(sys.argv.pop(1))
import toolkit.outputs.sheets.issues as sheet
_sorted = sheet.sorted_issues
sheet.sorted_issues = lambda issues: _sorted(issues)[:rows]
from toolkit.cli import main
sys.argv[0] = "ward-stats"
main()
"""


def _file_code_pairs(summary: Path) -> tuple[int, int]:
    """(issues, distinct (file, code) pairs) of a JSON summary."""
    issues = json.loads(summary.read_text("utf-8"))["issues"]
    return len(issues), len({(i.get("file"), i["code"]) for i in issues})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", nargs="*", default=["messy_city", "messy_ward"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="ward-stats-bound-"))
    try:
        return _measure(args.datasets, args.runs, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _measure(datasets: list[str], runs: int, workdir: Path) -> int:
    plans = []
    for name in datasets:
        ds = generate.generate(name)
        ours = [*ward_stats_command(), *consolidate_args(ds, workdir)]
        first = run_child(ours)
        if first.returncode not in (0, 1):
            print(f"{name}: ward-stats failed (exit {first.returncode})\n{first.stderr}", file=sys.stderr)
            return 1
        issues, pairs = _file_code_pairs(workdir / f"{ds.name}.json")
        commands = {
            "floor": [sys.executable, "-c", FLOOR_CODE, str(ds.submissions_dir)],
            "ours": ours,
            f"ours, `Kiểm tra` cut to {pairs:,} rows (one per file and code)": [
                sys.executable,
                "-c",
                CUT_CODE,
                str(pairs),
                *consolidate_args(ds, workdir),
            ],
            "ours, `Kiểm tra` empty": [sys.executable, "-c", CUT_CODE, "0", *consolidate_args(ds, workdir)],
        }
        plans.append((name, issues, commands, {label: [] for label in commands}))
    for _ in range(runs):  # interleaved, so that a change of load hits every line alike
        for name, _issues, commands, times in plans:
            for label, cmd in commands.items():
                run = run_child(cmd)
                if run.returncode not in (0, 1):
                    print(f"{name}: {label} failed (exit {run.returncode})\n{run.stderr}", file=sys.stderr)
                    return 1
                times[label].append(run.seconds)
    for name, issues, _commands, times in plans:
        floor = min(times["floor"])
        print(f"\n{name}: {issues:,} issues, minimum of {runs} runs\n")
        print("| command | seconds | / floor |\n|---|---:|---:|")
        for label, seconds in times.items():
            print(f"| {label} | {min(seconds):.2f} | {min(seconds) / floor:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
