"""Interrupted and concurrent consolidations: do the outputs of one run stay one unit?

Two experiments on a folder of submissions (by default the 1,000-file `city` dataset of
`benchmarks/generate.py`, generated when missing), each consolidation writing the same
workbook and JSON summary (`-o … --json …`) in a scratch folder:

1. **Interrupted runs.** `--runs` consolidations, each stopped at a random moment between its
   start and a little after the time an uninterrupted run takes: half by SIGINT sent to the
   process group (what Ctrl+C in a terminal does), half by SIGKILL sent to the main process
   alone. After each: the workbook and the JSON carry the same run id, no temporary file is
   left, no process of the run is alive, the history (`lich_su_tong_hop.sqlite` beside the
   outputs, written by every run) holds at most one new record and only for the run whose
   workbook is in place (a record is committed with the outputs, never for outputs that were
   not published; a finished run always has it), and a SIGINT'd run exited with 130 and
   printed one line and no traceback (or finished normally, when the signal came after its
   end). A run killed inside the history's transaction may leave SQLite's `-journal`, which
   the next run rolls back; the report counts them.
2. **Concurrent runs.** `--rounds` rounds of `--parallel` consolidations started together to
   the same outputs. After each round: the same checks, every run exited 0 or 1 and has its
   record, the record of the run whose pair is in place among them, and no journal is left.

Usage: `uv run python benchmarks/interrupt_stress.py [--runs 60] [--rounds 10] [--parallel 4]
[--data FOLDER] [--seed N] [--report FILE]`. Takes tens of minutes on the city dataset; the
test suite runs a reduced version (`tests/test_interrupt_stress.py`). Exit status 0 when
every check passed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python benchmarks/interrupt_stress.py` from a clean clone
    sys.path.insert(0, str(ROOT))

from toolkit.cli import INTERRUPTED  # noqa: E402
from toolkit.history.store import DEFAULT_FILENAME, HistoryStore  # noqa: E402
from toolkit.io.atomic import TEMP_PREFIX  # noqa: E402
from toolkit.outputs.publish import run_id_of  # noqa: E402

CUTOFF = "2026-03-31"
WORKBOOK, SUMMARY = "tong_hop.xlsx", "tong_hop.json"
WRITTEN_PREFIX = "Đã dừng theo yêu cầu (Ctrl+C) sau khi đã ghi xong 2 tệp dưới đây"


@dataclass
class Dataset:
    submissions: Path
    registry: Path


@dataclass
class Outcome:
    """One run (or one round) and what the checks found; `problems` empty when all passed."""

    label: str
    returncode: int | None = None
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    journal_left: bool = False  # SQLite's journal of a run killed inside its transaction


def command(data: Dataset, out: Path) -> list[str]:
    return [
        sys.executable, "-m", "toolkit", "consolidate", str(data.submissions),
        "--registry", str(data.registry), "--cutoff", CUTOFF,
        "-o", str(out / WORKBOOK), "--json", str(out / SUMMARY),
    ]  # fmt: skip


def _as_from_a_terminal() -> None:
    """Child set-up: Ctrl+C handled as a terminal would let it be. A script started in the
    background by a shell inherits SIGINT ignored, and Python then never raises
    KeyboardInterrupt; restore the default before the interpreter starts."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(data: Dataset, out: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    # A process group of its own: SIGINT to the group is what Ctrl+C in a terminal sends.
    return subprocess.Popen(
        command(data, out),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_as_from_a_terminal,
    )


def descendants(pid: int) -> set[int]:
    """Every live descendant of `pid` (Linux /proc)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as fh:
                    children = {int(c) for c in fh.read().split()}
            except OSError:
                continue
            todo.extend(children - found)
            found |= children
    return found


def alive(pid: int) -> bool:
    """A process that exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_watching(proc: subprocess.Popen[bytes], until: float | None, seen: set[int]) -> bool:
    """Wait for `proc` until the time `until` (or its end), noting its descendants; returns
    whether it is still running."""
    while proc.poll() is None:
        seen |= descendants(proc.pid)
        if until is not None and time.monotonic() >= until:
            return True
        time.sleep(0.05)
    return False


def check_outputs(out: Path, seen: set[int], problems: list[str]) -> None:
    """The pair agrees, nothing temporary is left, no process of the run survives."""
    workbook, summary = run_id_of(out / WORKBOOK), run_id_of(out / SUMMARY)
    if workbook is None or workbook != summary:
        problems.append(f"pair disagrees: workbook {workbook}, JSON {summary}")
    temps = [p.name for p in out.iterdir() if p.name.startswith(TEMP_PREFIX)]
    if temps:
        problems.append(f"temporary files left: {temps}")
    deadline = time.monotonic() + 10  # a killed parent's workers get SIGKILL from the kernel
    while any(alive(p) for p in seen) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = sorted(p for p in seen if alive(p))
    if survivors:
        problems.append(f"processes still alive: {survivors}")


def recorded(out: Path) -> list[str]:
    """The run ids the history beside the outputs holds (reading it rolls back a journal)."""
    history = out / DEFAULT_FILENAME
    return [r.run_id for r in HistoryStore(history).records()] if history.exists() else []


def journal_left(out: Path) -> bool:
    return (out / f"{DEFAULT_FILENAME}-journal").exists()


def check_history(out: Path, before: list[str], finished: int, problems: list[str]) -> None:
    """New records: at most one per run, each of a run that finished or got its workbook in
    place; `finished` runs (exit 0 or 1) must have theirs; the pair in place has its record
    when its run was recorded by this experiment."""
    new = [r for r in recorded(out) if r not in set(before)]
    workbook = run_id_of(out / WORKBOOK)
    if len(new) < finished:
        problems.append(f"{finished} runs finished, {len(new)} new history records")
    if finished == 0 and new and new != [workbook]:
        problems.append(f"history records {new} but the workbook in place is of run {workbook}")
    if finished and workbook not in new and workbook not in before:
        problems.append(f"the workbook in place (run {workbook}) has no history record")


def check_sigint_output(proc: subprocess.Popen[bytes], stderr: str, problems: list[str]) -> None:
    if "Traceback" in stderr or "Aborted" in stderr:
        problems.append(f"stderr: {stderr[-500:]!r}")
    if proc.returncode == 130:
        # The old outputs kept (one line), or, for a Ctrl+C held back while the renames ran,
        # the outputs written named (they are the new pair, checked by `check_outputs`).
        lines = stderr.strip().splitlines()
        written = (
            len(lines) == 3
            and lines[0].startswith(WRITTEN_PREFIX)
            and sorted(line.strip() for line in lines[1:]) == sorted((SUMMARY, WORKBOOK))
        )
        if stderr.strip() != INTERRUPTED and not written:
            problems.append(f"not the line of a Ctrl+C: {stderr[-500:]!r}")
    elif proc.returncode not in (0, 1):
        problems.append(f"exit code {proc.returncode}: {stderr[-500:]!r}")


def interrupted_run(data: Dataset, out: Path, at: float, kind: str) -> Outcome:
    outcome = Outcome(f"{kind} at {at:.2f} s")
    seen: set[int] = set()
    before = recorded(out)
    started = time.monotonic()
    proc = start(data, out)
    if wait_watching(proc, started + at, seen):
        seen |= descendants(proc.pid)
        if kind == "SIGINT":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, signal.SIGKILL)
    _, err = proc.communicate()
    outcome.returncode, outcome.seconds = proc.returncode, time.monotonic() - started
    stderr = err.decode("utf-8", "replace")
    if kind == "SIGINT":
        check_sigint_output(proc, stderr, outcome.problems)
    elif proc.returncode not in (-signal.SIGKILL, 0, 1):
        outcome.problems.append(f"exit code {proc.returncode}: {stderr[-300:]!r}")
    check_outputs(out, seen, outcome.problems)
    outcome.journal_left = journal_left(out)
    check_history(out, before, 1 if proc.returncode in (0, 1) else 0, outcome.problems)
    return outcome


def concurrent_round(data: Dataset, out: Path, parallel: int, number: int) -> Outcome:
    outcome = Outcome(f"round {number}: {parallel} runs")
    seen: set[int] = set()
    before = recorded(out)
    started = time.monotonic()
    procs = [start(data, out) for _ in range(parallel)]
    for proc in procs:
        seen.add(proc.pid)
    while any(p.poll() is None for p in procs):
        for proc in procs:
            seen |= descendants(proc.pid)
        time.sleep(0.05)
    codes = []
    for proc in procs:
        _, err = proc.communicate()
        codes.append(proc.returncode)
        if proc.returncode not in (0, 1) or "Traceback" in err.decode("utf-8", "replace"):
            outcome.problems.append(f"exit code {proc.returncode}: {err.decode('utf-8', 'replace')[-300:]!r}")
    outcome.returncode = max(codes)
    outcome.seconds = time.monotonic() - started
    check_outputs(out, seen, outcome.problems)
    if journal_left(out):
        outcome.problems.append("history journal left after runs that all finished")
    check_history(out, before, sum(1 for c in codes if c in (0, 1)), outcome.problems)
    return outcome


def baseline(data: Dataset, out: Path) -> float:
    """One uninterrupted run: the pair every later check starts from, and how long a run takes."""
    started = time.monotonic()
    proc = start(data, out)
    _, err = proc.communicate()
    if proc.returncode not in (0, 1):
        raise SystemExit(
            f"the baseline run failed ({proc.returncode}): {err.decode('utf-8', 'replace')[-1000:]}"
        )
    return time.monotonic() - started


def stress(
    data: Dataset,
    out: Path,
    *,
    runs: int,
    rounds: int,
    parallel: int,
    seed: int,
    log: bool = True,
) -> tuple[float, list[Outcome], list[Outcome]]:
    """Both experiments; returns the baseline time and every outcome."""
    rng = random.Random(seed)
    baseline(data, out)  # the first run also fills the page cache: time the second
    duration = baseline(data, out)
    if log:
        print(f"baseline run: {duration:.1f} s", file=sys.stderr)
    interrupted: list[Outcome] = []
    for n in range(runs):
        kind = "SIGINT" if n % 2 == 0 else "SIGKILL"
        outcome = interrupted_run(data, out, rng.uniform(0.0, duration * 1.1), kind)
        interrupted.append(outcome)
        if log:
            verdict = "ok" if not outcome.problems else "; ".join(outcome.problems)
            print(
                f"  run {n + 1}/{runs} {outcome.label}: exit {outcome.returncode}, {verdict}", file=sys.stderr
            )
    concurrent: list[Outcome] = []
    for n in range(rounds):
        outcome = concurrent_round(data, out, parallel, n + 1)
        concurrent.append(outcome)
        if log:
            verdict = "ok" if not outcome.problems else "; ".join(outcome.problems)
            print(f"  {outcome.label}: {outcome.seconds:.1f} s, {verdict}", file=sys.stderr)
    return duration, interrupted, concurrent


def report(
    data: Dataset, duration: float, interrupted: Sequence[Outcome], concurrent: Sequence[Outcome]
) -> str:
    files = sum(1 for p in data.submissions.iterdir() if p.suffix == ".xlsx")
    lines = [
        "# Interrupted and concurrent consolidations",
        "",
        f"{files} submission files ({data.submissions}); an uninterrupted run took {duration:.1f} s.",
        "",
        "| experiment | runs | exit codes | all checks passed |",
        "|---|---:|---|---|",
    ]
    groups = {
        "interrupted (SIGINT)": [o for o in interrupted if o.label.startswith("SIGINT")],
        "interrupted (SIGKILL)": [o for o in interrupted if o.label.startswith("SIGKILL")],
        "concurrent rounds": list(concurrent),
    }
    for name, outcomes in groups.items():
        codes: dict[int | None, int] = {}
        for o in outcomes:
            codes[o.returncode] = codes.get(o.returncode, 0) + 1
        shown = ", ".join(f"{c}: {n}" for c, n in sorted(codes.items(), key=lambda kv: str(kv[0])))
        failed = sum(1 for o in outcomes if o.problems)
        lines.append(
            f"| {name} | {len(outcomes)} | {shown} | {'yes' if not failed else f'NO ({failed} failed)'} |"
        )
    journals = sum(1 for o in interrupted if o.journal_left)
    lines += [
        "",
        f"{journals} killed runs left SQLite's journal of the history (rolled back by the next run).",
    ]
    problems = [f"- {o.label}: {'; '.join(o.problems)}" for o in [*interrupted, *concurrent] if o.problems]
    if problems:
        lines += ["", "Problems:", *problems]
    return "\n".join(lines) + "\n"


def city_dataset() -> Dataset:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import generate

    found = generate.generate("city")  # skipped when it is on disk already
    return Dataset(found.submissions_dir, found.registry)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=60, help="interrupted runs (half SIGINT, half SIGKILL)")
    parser.add_argument("--rounds", type=int, default=10, help="rounds of concurrent runs")
    parser.add_argument("--parallel", type=int, default=4, help="runs started together in a round")
    parser.add_argument("--data", type=Path, help="folder holding nop/ and danh_muc_to_chuc.xlsx")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--report", type=Path, help="also write the Markdown summary to this file")
    args = parser.parse_args(argv)
    if args.data is not None:
        data = Dataset(args.data / "nop", args.data / "danh_muc_to_chuc.xlsx")
    else:
        data = city_dataset()
    out = Path(tempfile.mkdtemp(prefix="ws-stress-"))
    try:
        duration, interrupted, concurrent = stress(
            data, out, runs=args.runs, rounds=args.rounds, parallel=args.parallel, seed=args.seed
        )
    finally:
        shutil.rmtree(out, ignore_errors=True)
    text = report(data, duration, interrupted, concurrent)
    print(text, end="")
    if args.report is not None:
        args.report.write_text(text, encoding="utf-8")
    return 0 if not any(o.problems for o in [*interrupted, *concurrent]) else 1


if __name__ == "__main__":
    sys.exit(main())
