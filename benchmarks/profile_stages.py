"""Where the consolidation spends its time: stage timings and a cProfile, as Markdown.

Stages, each timed once in this one process:

- import: `toolkit.pipeline`, `toolkit.io.reader`, `toolkit.validation`, `toolkit.outputs.workbook`, …,
  timed as the command line runs it: while the reading workers, forked first, read every file
  (that reading and the import are also timed together, overlapped);
- read, one core: `toolkit.io.reader.read_submission` of every file in this process (for
  information: the CPU the reading costs);
- read: `toolkit.io.readmany.read_all`, as consolidation reads (worker processes for 24+ files);
- validate: `toolkit.validation.validate_read` of those submissions;
- stats and assembly: `toolkit.pipeline.consolidate` minus read and validate;
- write: `toolkit.outputs.publish.write_outputs` (workbook, report paragraph, JSON), then
  again in parts (the workbook with its report paragraphs; the JSON summary);
- of which the official forms (the four `Biểu` sheets and the JSON rows) and the `Xu hướng`
  sheet, each timed alone into a scratch workbook (an upper bound: each pays a workbook's
  fixed cost);
- history: `toolkit.history.session.open_for_run` (last year, trend, opening check) and
  `record_run`, on a history file already holding four earlier records of this size.

Then one cProfile of `consolidate` + `write_outputs` with the functions taking the most own
time and the toolkit functions with the most cumulative time. Work done in worker processes
(if reading is parallel) does not show in the cProfile, only in the stage timings.

Usage: `uv run python benchmarks/profile_stages.py DIR --registry FILE --cutoff 2026-03-31`
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_WARD_NAME = "Phường Đo Thử"  # as `benchmarks/run.py` consolidates: a named ward


def _timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - started, value


def _forms_trend_history(result, tmp: Path) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """Seconds of the forms (sheets and JSON rows), the trend sheet and the history (read and
    record, four earlier records of this size stored), each measured alone."""
    import copy
    import dataclasses

    from toolkit.forms import forms_json, result_forms
    from toolkit.history.records import record_from_result
    from toolkit.history.session import open_for_run, record_run
    from toolkit.history.store import HistoryStore
    from toolkit.outputs.sheets import forms, trend
    from toolkit.outputs.sheets.cells import FONT_SIZE, Formats
    from toolkit.outputs.xlsx import new_workbook

    def alone(write) -> float:  # type: ignore[no-untyped-def]
        """One sheet module written into its own workbook, closing (serialising) included."""
        started = time.perf_counter()
        wb = new_workbook(
            tmp / "scratch.xlsx", font_size=FONT_SIZE, title="x", created=dt.datetime(2026, 1, 1)
        )
        write(wb, Formats(wb), result)
        wb.close()
        return time.perf_counter() - started - empty

    started = time.perf_counter()
    blank = new_workbook(tmp / "blank.xlsx", font_size=FONT_SIZE, title="x", created=dt.datetime(2026, 1, 1))
    Formats(blank)
    blank.add_worksheet("x")
    blank.close()
    empty = time.perf_counter() - started
    t_forms = alone(forms.write) + _timed(lambda: forms_json(result_forms(result)))[0]
    t_trend = alone(trend.write)
    history = tmp / "history.sqlite"
    store = HistoryStore(history)
    base = record_from_result(result, tool_version="bench")
    for months in (36, 24, 12, 6):
        day = result.cutoff_date - dt.timedelta(days=30 * months)
        store.add(
            dataclasses.replace(base, run_id=f"earlier-{months}", cutoff_date=day, form_period=(day, day))
        )
    scratch = copy.deepcopy(result)
    t_history, _ = _timed(lambda: record_run(scratch, open_for_run(scratch, history)))
    return t_forms, t_trend, t_history


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--registry", type=Path)
    parser.add_argument("--cutoff", default="2026-03-31")
    parser.add_argument("--out", type=Path, help="consolidated workbook to write (default: a temp file)")
    parser.add_argument("--title", default=None)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument(
        "--max-inflated-mb",
        type=int,
        help="raise toolkit.io.package.MAX_INFLATED_BYTES to this many MiB (to profile a file it refuses)",
    )
    args = parser.parse_args(argv)
    cutoff = dt.date.fromisoformat(args.cutoff)
    title = args.title or args.folder.name

    # As the command line does: the reading workers are forked first, and this process imports
    # while they read. Timed as a whole (import and read overlapped), and the import alone.
    from toolkit.io import package
    from toolkit.io.discover import discover
    from toolkit.io.readmany import start_reading

    limit_note = ""
    if args.max_inflated_mb:
        package.MAX_INFLATED_BYTES = args.max_inflated_mb * 2**20
        limit_note = f" (profiled with `package.MAX_INFLATED_BYTES` raised to {args.max_inflated_mb} MiB)"
    t0 = time.perf_counter()
    files = discover([args.folder])
    reading = start_reading(files)
    t1 = time.perf_counter()
    from toolkit import pipeline as consolidate_mod
    from toolkit import validation as validate  # noqa: F401  (their import cost is a stage
    from toolkit.io import reader
    from toolkit.io.registry import read_registry
    from toolkit.outputs import publish

    t_import = time.perf_counter() - t1
    validate.prepare()  # consolidation does this while the files are read
    reading.results()
    t_overlapped = time.perf_counter() - t0

    registry = read_registry(args.registry) if args.registry else None
    from toolkit.io.readmany import read_all, worker_count

    t_read_one, subs = _timed(lambda: [reader.read_submission(p) for p in files])
    rows = sum(s.rows_read for s in subs)
    del subs
    t_read, subs = _timed(read_all, files)
    t_validate, run = _timed(validate.validate_read, subs, registry=registry, cutoff=cutoff)
    n_errors = sum(1 for i in run.issues if i.is_error)
    del run, subs
    t_consolidate, result = _timed(
        consolidate_mod.consolidate,
        [args.folder],
        cutoff=cutoff,
        registry=registry,
        while_reading=publish.prepare,
        ward_name=BENCH_WARD_NAME,
    )
    # The scratch files (the workbook, the JSON summary, their parts, the history) hold the
    # consolidation of the folder profiled: removed at the end (hunt358).
    with tempfile.TemporaryDirectory(prefix="ward-stats-profile-") as scratch:
        tmp = Path(scratch)
        out = args.out or tmp / "out.xlsx"
        t_write, _ = _timed(publish.write_outputs, result, out, tmp / "out.json")
        t_forms, t_trend, t_history = _forms_trend_history(result, tmp)
        # The write stage again, in its parts: the workbook grows with the issues (one row of
        # `Kiểm tra` each), and so does the JSON summary. Made with the collector paused, as
        # `write_outputs` makes them.
        from toolkit.io.runtime import gc_paused
        from toolkit.outputs.json_summary import write_json
        from toolkit.outputs.report import report_paragraphs
        from toolkit.outputs.workbook import write_workbook

        with gc_paused():
            t_book, _ = _timed(
                lambda: write_workbook(
                    result, tmp / "parts.xlsx", report_text=report_paragraphs(result.to_summary())
                )
            )
            t_json, _ = _timed(write_json, result, tmp / "parts.json")
        n_warnings = sum(1 for i in result.issues if not i.is_error)

        stages = [
            ("import toolkit (consolidate, reader, validate, output)", t_import),
            (f"read (`readmany.read_all`, {worker_count(len(files))} process(es))", t_read),
            ("validate (`validate.validate_read`)", t_validate),
            ("stats and assembly (`consolidate` − read − validate)", t_consolidate - t_read - t_validate),
            ("write (`write_outputs`: workbook, report, JSON)", t_write),
            ("history (read before the outputs + record after; 4 earlier records stored)", t_history),
        ]
        total = t_import + t_consolidate + t_write + t_history
        added = t_forms + t_trend + t_history
        lines = [
            f"### {title}: {len(files):,} files, {rows:,} rows read, {n_errors} errors, "
            f"{n_warnings:,} warnings{limit_note}",
            "",
            "| stage | seconds | share |",
            "|---|---:|---:|",
            *[f"| {name} | {sec:.2f} | {sec / total:.0%} |" for name, sec in stages],
            f"| **total** (import + consolidate + write + history) | **{total:.2f}** | |",
            "",
            f"Inside write, the official forms (4 sheets and their JSON rows) take {t_forms:.2f} s and the "
            f"`Xu hướng` sheet {t_trend:.2f} s. History and forms together: {added:.2f} s, "
            f"{added / (total - added):.1%} added to the consolidation without them.",
            "",
            (
                f"The command line forks the readers first and imports while they read: import and "
                f"read overlapped took {t_overlapped:.2f} s, against {t_import + t_read:.2f} s for the "
                f"two stages above one after the other (where the import was timed, the workers were "
                f"reading)."
                if worker_count(len(files)) > 1
                else f"With {len(files)} file(s), reading is not forked: the command line imports, then "
                f"reads ({t_overlapped:.2f} s for both in that order here, the import timed above)."
            ),
            "",
            f"For information: reading every file in one process took {t_read_one:.2f} s of CPU; "
            f"the write stage again in parts: workbook {t_book:.2f} s (`Kiểm tra`: "
            f"{len(result.issues):,} rows), JSON summary {t_json:.2f} s.",
            "",
        ]

        profiler = cProfile.Profile()
        profiler.enable()
        result = consolidate_mod.consolidate(
            [args.folder],
            cutoff=cutoff,
            registry=registry,
            while_reading=publish.prepare,
            ward_name=BENCH_WARD_NAME,
        )
        publish.write_outputs(result, tmp / "profiled.xlsx", tmp / "profiled.json")
        profiler.disable()
        stats = pstats.Stats(profiler, stream=io.StringIO())
        entries = stats.stats  # type: ignore[attr-defined]

        def where(func: tuple[str, int, str]) -> str:
            filename, line, name = func
            path = Path(filename)
            short = f"{path.parent.name}/{path.name}" if path.name != "~" else name
            return f"`{short}:{line}` {name}"

        own = sorted(entries.items(), key=lambda kv: -kv[1][2])[: args.top]
        lines += [
            f"Most own time (cProfile of consolidate + write_outputs, {stats.total_tt:.2f} s profiled):",  # type: ignore[attr-defined]
            "",
            "| function | own s | cumulative s | calls |",
            "|---|---:|---:|---:|",
            *[f"| {where(f)} | {v[2]:.2f} | {v[3]:.2f} | {v[1]:,} |" for f, v in own],
            "",
        ]
        mine = [(f, v) for f, v in entries.items() if "/toolkit/" in f[0].replace("\\", "/")]
        mine.sort(key=lambda kv: -kv[1][3])
        lines += [
            "Toolkit functions by cumulative time:",
            "",
            "| function | cumulative s | own s | calls |",
            "|---|---:|---:|---:|",
            *[f"| {where(f)} | {v[3]:.2f} | {v[2]:.2f} | {v[1]:,} |" for f, v in mine[: args.top]],
            "",
        ]
        print("\n".join(lines))
        return 0


if __name__ == "__main__":
    sys.exit(main())
