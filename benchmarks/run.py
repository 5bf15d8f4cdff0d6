"""Benchmarks of issue 8: our consolidation against the floor and the common alternative.

In ONE run, per dataset (see `benchmarks/generate.py`), each measured in a fresh process:

- **ours**: `ward-stats consolidate DIR --cutoff … --registry … -o … --json …`, end to end;
- **floor**: a process that imports the toolkit's dependencies and reads every sheet of the
  same files with python-calamine into Python lists, nothing else;
- **alternative**: `pandas.read_excel(path, sheet_name=None, engine="openpyxl")` of every file;
- peak memory of each (the child's max RSS, and the sampled RSS of its whole process tree);
- the time from a fresh interpreter to `import toolkit.excel` (what a clerk waits for on
  every button press).

Times are the minimum of ≥ 3 runs (the runs of the three commands, and of the datasets, are
interleaved so drift hits them alike); an alternative slower than `--alt-once-after` seconds
is run once. Then each dataset's consolidation is profiled by stage
(`benchmarks/profile_stages.py`, in a fresh process). The table is printed and written to
`benchmarks/RESULTS.md` with the machine, versions and date; the hand-written analysis below
the `<!-- analysis -->` marker of an existing RESULTS.md is kept.

Every child runs with Python's bytecode cache, as on an installed PC (pip compiles every
module when it installs; Python writes the cache on first import otherwise): the cache lives
in the work folder (`PYTHONPYCACHEPREFIX`), and one untimed run of each command fills it
before anything is timed. An environment that sets `PYTHONDONTWRITEBYTECODE` (this project's
sandbox does) would otherwise make every child compile pandas, pandera and every library from
source, about 1.5 s of each command, the floor's included. `--no-bytecode-cache` measures so
anyway (how the runs before 2026-11-30 14:30 UTC were measured).

Every child runs in an environment of the toolkit's runtime dependencies only, built in the
work folder from `uv.lock` as the Windows bundle installs them (`uv export --no-dev`,
`packaging/build_bundle.py`), with the toolkit from this checkout on `PYTHONPATH`. The
development environment also holds the test tools, and one of them changes what a run does:
pandera imports hypothesis (for its data strategies) when it is there, a tenth of a second of
every run and none of the floor's, which no office PC pays. `--dev-environment` measures in
this interpreter's environment anyway (how the runs before 2026-11-30 16:00 UTC were
measured); so does a machine where the runtime environment cannot be built (RESULTS.md says
which).

Usage: `uv run python benchmarks/run.py [--quick] [--runs N] [--no-profile]`
(`--quick`: the ward only, under a minute).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import generate  # noqa: E402

RESULTS = HERE / "RESULTS.md"
ANALYSIS_MARKER = "<!-- analysis -->"
CUTOFF = generate.CUTOFF.isoformat()
GiB = 1024**3

# Targets of issue 8 item 2, and of issue 19 for the messy city (and the messy ward, the size
# of the reference ward, held to the same ratio).
FLOOR_TARGET = {
    "ward": 1.5,
    "city": 1.5,
    "messy_city": 1.5,
    "messy_ward": 1.5,
    "messy_city_uniform": 1.5,
    "province": 2.0,
}
ALT_TARGET = {"city": 8.0}
RSS_TARGET = {"city": 1 * GiB}
IMPORT_TARGET = 1.0

# The floor: the toolkit's dependencies imported, every sheet of every file read into lists.
FLOOR_CODE = """
import sys
from pathlib import Path
import click, openpyxl, pandas, pandera.pandas, xlsxwriter
from python_calamine import CalamineWorkbook
rows = 0
for path in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        rows += len(wb.get_sheet_by_name(name).to_python())
print(rows)
"""

ALT_CODE = """
import sys
from pathlib import Path
import pandas as pd
rows = 0
for path in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    frames = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    rows += sum(len(f) for f in frames.values())
print(rows)
"""

IMPORT_CODE = "import toolkit.excel"
# For information: what the Tổng hợp button imports before it can start working.
PIPELINE_IMPORT_CODE = (
    "import toolkit.pipeline, toolkit.io.reader, toolkit.validation, "
    "toolkit.outputs.workbook, toolkit.outputs.report"
)

# `ward-stats` with the reader's inflated-size limit raised: used only when the shipped limit
# refuses a dataset, to show what the consolidation would cost once the limit fits it.
RAISED_LIMIT_MB = 1024
OURS_RAISED_CODE = f"""
import sys
import toolkit.io.package
toolkit.io.package.MAX_INFLATED_BYTES = {RAISED_LIMIT_MB} * 2**20
from toolkit.cli import main
sys.argv[0] = "ward-stats"
main()
"""


# --- running a child --------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    cpu: float  # seconds of CPU (user + system) of the child and the children it waited for
    max_rss: int  # bytes: the child's own peak (wait4), which covers its reaped children
    tree_rss: int  # bytes: sampled peak of the sum over the child's live process tree
    returncode: int
    stdout: str
    stderr: str

    @property
    def peak_rss(self) -> int:
        return max(self.max_rss, self.tree_rss)


def _rss_of(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
                kids.extend(int(k) for k in fh.read().split())
    except OSError:
        pass
    return kids


def _tree_rss(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += _rss_of(p)
        stack.extend(_children(p))
    return total


def run_child(cmd: Sequence[str], *, cwd: Path = ROOT, sample: float = 0.05) -> Run:
    """Run `cmd` in a fresh process: wall time, peak RSS (wait4 and sampled tree), output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        peak = [0]
        done = threading.Event()

        def watch() -> None:
            while not done.wait(sample):
                peak[0] = max(peak[0], _tree_rss(proc.pid))

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        watcher.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds=seconds,
            cpu=usage.ru_utime + usage.ru_stime,
            max_rss=usage.ru_maxrss * 1024,  # Linux reports KiB
            tree_rss=peak[0],
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


# The interpreter every child runs: this one, or the runtime environment's (`use_runtime_environment`).
PYTHON = sys.executable


def ward_stats_command() -> list[str]:
    """The installed console script next to the children's interpreter, else `python -m toolkit.cli`."""
    script = Path(PYTHON).with_name("ward-stats")
    return [str(script)] if script.exists() else [PYTHON, "-m", "toolkit.cli"]


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def use_runtime_environment(workdir: Path, enabled: bool) -> str:
    """Make the children run in an environment of the runtime dependencies only (`PYTHON`, and
    the toolkit of this checkout on `PYTHONPATH`, which every child inherits), built in
    `workdir` with uv from `uv.lock` as the bundle installs them. Returns how RESULTS.md names
    the environment; when not `enabled`, or when it cannot be built, this interpreter's."""
    global PYTHON
    PYTHON = sys.executable
    if not enabled:
        return "this interpreter's, with the development tools (`--dev-environment`)"
    venv = workdir / "runtime-venv"
    requirements = workdir / "runtime-requirements.txt"
    export = ["uv", "export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project", "--no-header"]
    try:
        listed = subprocess.run(export, cwd=ROOT, capture_output=True, text=True, check=True).stdout
        requirements.write_text(listed, encoding="utf-8")
        for cmd in (
            ["uv", "venv", "--quiet", "--python", sys.executable, str(venv)],
            ["uv", "pip", "install", "--quiet", "--python", str(_venv_python(venv)), "-r", str(requirements)],
        ):
            subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        last = detail.strip().splitlines()[-1] if detail.strip() else type(exc).__name__
        return f"this interpreter's, with the development tools (the runtime one could not be built: {last})"
    PYTHON = str(_venv_python(venv))
    path = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(ROOT) + (os.pathsep + path if path else "")
    packages = sum(1 for line in listed.splitlines() if line.strip() and not line.lstrip().startswith("#"))
    return f"runtime dependencies only ({packages} packages from `uv.lock`, as the bundle installs them)"


# --- measurements -----------------------------------------------------------------------------


@dataclass
class Measure:
    name: str
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    @property
    def ok_runs(self) -> list[Run]:
        return [r for r in self.runs if r.returncode in self.ok_codes]

    ok_codes: tuple[int, ...] = (0,)

    @property
    def best(self) -> float | None:
        ok = self.ok_runs
        return min(r.seconds for r in ok) if ok else None

    @property
    def best_cpu(self) -> float | None:
        ok = self.ok_runs
        return min(r.cpu for r in ok) if ok else None

    @property
    def peak_rss(self) -> int | None:
        ok = self.ok_runs
        return max(r.peak_rss for r in ok) if ok else None

    @property
    def failed(self) -> Run | None:
        return next((r for r in self.runs if r.returncode not in self.ok_codes), None)


@dataclass
class DatasetResult:
    dataset: generate.Dataset
    ours: Measure
    floor: Measure
    alternative: Measure
    summary: dict[str, Any] = field(default_factory=dict)
    profile: str = ""
    raised: Measure | None = None  # ours with the reader's size limit raised (see OURS_RAISED_CODE)
    raised_summary: dict[str, Any] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Did our run consolidate every file without an error? Otherwise its time is no result."""
        s = self.summary
        return bool(s) and s.get("errors") == 0 and s.get("consolidated") == len(self.dataset.files)

    @property
    def ours_over_floor(self) -> float | None:
        if self.ours.best is None or self.floor.best is None:
            return None
        return self.ours.best / self.floor.best

    @property
    def cpu_over_floor(self) -> float | None:
        """CPU seconds of ours over the floor's: the work done, whatever the load (ours reads on
        every core, so on an idle machine its wall-clock ratio is lower than this)."""
        if self.ours.best_cpu is None or not self.floor.best_cpu:
            return None
        return self.ours.best_cpu / self.floor.best_cpu

    @property
    def alt_over_ours(self) -> float | None:
        if self.ours.best is None or self.alternative.best is None:
            return None
        return self.alternative.best / self.ours.best


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@dataclass
class _Planned:
    """The commands of one dataset, and what they measured so far."""

    result: DatasetResult
    ours_cmd: list[str]
    floor_cmd: list[str]
    alt_cmd: list[str]
    out_json: Path


# An office names its ward (the forms' heading); without a name every run has one more warning.
BENCH_WARD_NAME = "Phường Đo Thử"


def consolidate_args(ds: generate.Dataset, workdir: Path) -> list[str]:
    """`ward-stats`'s arguments consolidating `ds` into `workdir/<name>.xlsx` and `.json`."""
    return [
        "consolidate",
        str(ds.submissions_dir),
        "--cutoff",
        CUTOFF,
        "--registry",
        str(ds.registry),
        "-o",
        str(workdir / f"{ds.name}.xlsx"),
        "--json",
        str(workdir / f"{ds.name}.json"),
        "--ward-name",
        BENCH_WARD_NAME,
    ]


def _plan(ds: generate.Dataset, workdir: Path) -> _Planned:
    out_json = workdir / f"{ds.name}.json"
    ours_cmd = [*ward_stats_command(), *consolidate_args(ds, workdir)]
    # Exit code 1 means "some submission was excluded": the run is still complete (and the
    # summary check below reports the exclusion).
    result = DatasetResult(ds, Measure("ours", ok_codes=(0, 1)), Measure("floor"), Measure("alternative"))
    return _Planned(
        result,
        ours_cmd,
        [PYTHON, "-c", FLOOR_CODE, str(ds.submissions_dir)],
        [PYTHON, "-c", ALT_CODE, str(ds.submissions_dir)],
        out_json,
    )


def use_bytecode_cache(workdir: Path, enabled: bool) -> str:
    """Set this process's environment, which every child inherits: a bytecode cache in
    `workdir` (or, when not `enabled`, none at all). Returns how RESULTS.md names the choice."""
    if not enabled:
        os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
        os.environ.pop("PYTHONPYCACHEPREFIX", None)
        return "none (`--no-bytecode-cache`): every process compiled its modules from source"
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return "cached, as on an installed PC (filled by one untimed run of each command)"


def warm_up(planned: Sequence[_Planned]) -> None:
    """One untimed run of each command of the first dataset (and of the import commands), so
    that the bytecode cache holds every module before anything is timed."""
    if not planned:
        return
    p = planned[0]
    for cmd in (p.floor_cmd, p.ours_cmd, [PYTHON, "-c", IMPORT_CODE]):
        run_child(cmd)
    alt = [PYTHON, "-c", "import pandas, openpyxl"]  # what the alternative imports
    run_child(alt)
    _log("  bytecode cache filled (untimed runs)")


def measure_datasets(
    datasets: Sequence[generate.Dataset],
    runs: int,
    alt_once_after: float,
    workdir: Path,
    skip_alt: bool = False,
) -> list[DatasetResult]:
    """Floor, ours and alternative of every dataset, the runs interleaved across datasets too:
    run 1 of each, then run 2 of each…, so that a change of load on the machine hits the
    datasets alike (the clean and the messy city are compared within one run)."""
    planned = [_plan(ds, workdir) for ds in datasets]
    for i in range(runs):
        for p in planned:
            r = p.result
            for m, cmd in ((r.floor, p.floor_cmd), (r.ours, p.ours_cmd), (r.alternative, p.alt_cmd)):
                if m is r.alternative and (skip_alt or (m.runs and m.runs[0].seconds > alt_once_after)):
                    continue
                if m.failed is not None:
                    continue
                run = run_child(cmd)
                m.runs.append(run)
                status = "" if run.returncode in m.ok_codes else f"  FAILED (exit {run.returncode})"
                _log(
                    f"  {r.dataset.name:<9} {m.name:<12} run {i + 1}: {run.seconds:7.2f} s  "
                    f"{_mib(run.peak_rss)}{status}"
                )
    return [_finish(p, runs, alt_once_after, skip_alt) for p in planned]


def _finish(p: _Planned, runs: int, alt_once_after: float, skip_alt: bool) -> DatasetResult:
    """The summary of the last run of ours, and ours again with the size limit raised when the
    shipped reader refused the dataset."""
    result, alt, out_json = p.result, p.result.alternative, p.out_json
    if alt.runs and len(alt.runs) < runs and not skip_alt:
        alt.note = f"run once: one run took {alt.runs[0].seconds:.0f} s (> {alt_once_after:.0f} s)"
    if skip_alt:
        alt.note = "skipped (--skip-alt)"
    result.summary = _summary(out_json)
    if "file.too_large" in result.summary.get("error_codes", ()):
        # The shipped reader refuses the file: also time it with the limit raised, so the
        # results show what the consolidation costs once the limit fits the dataset.
        out_json.unlink(missing_ok=True)
        raised = Measure(f"ours, limit {RAISED_LIMIT_MB} MiB", ok_codes=(0, 1))
        raised_cmd = [PYTHON, "-c", OURS_RAISED_CODE, *p.ours_cmd[len(ward_stats_command()) :]]
        for i in range(runs):
            r = run_child(raised_cmd)
            raised.runs.append(r)
            _log(
                f"  {result.dataset.name:<9} {'ours (raised)':<12} run {i + 1}: {r.seconds:7.2f} s  "
                f"{_mib(r.peak_rss)}"
            )
            if r.returncode not in raised.ok_codes:
                break
        result.raised = raised
        result.raised_summary = _summary(out_json)
    return result


def _summary(out_json: Path) -> dict[str, Any]:
    """What the consolidation's JSON says: the check that the run really consolidated."""
    if not out_json.is_file():
        return {}
    doc = json.loads(out_json.read_text(encoding="utf-8"))
    orgs = doc.get("organisations", [])
    issues = doc.get("issues", [])
    return {
        "members_total": doc.get("indicators", {}).get("members.total"),
        "consolidated": sum(1 for o in orgs if o.get("status") == "consolidated"),
        "excluded": sum(1 for o in orgs if o.get("status") == "excluded"),
        "missing": sum(1 for o in orgs if o.get("status") == "missing"),
        "errors": sum(1 for i in issues if i.get("severity") == "error"),
        "warnings": sum(1 for i in issues if i.get("severity") == "warning"),
        "error_codes": sorted({i["code"] for i in issues if i.get("severity") == "error"}),
    }


def measure_import(runs: int, code: str = IMPORT_CODE, name: str = "import toolkit.excel") -> Measure:
    m = Measure(name)
    for _ in range(runs):
        m.runs.append(run_child([PYTHON, "-c", code]))
    failed = m.failed
    if failed is not None:
        m.note = failed.stderr.strip().splitlines()[-1] if failed.stderr.strip() else "failed"
    return m


def import_breakdown(code: str, top: int = 12) -> list[tuple[str, float]]:
    """The slowest packages and toolkit modules (cumulative) of `code`, from `-X importtime`."""
    r = run_child([PYTHON, "-X", "importtime", "-c", code])
    found: dict[str, float] = {}
    for line in r.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        parts = line.split("|")
        if len(parts) != 3:
            continue
        name = parts[2].strip()
        if "." in name and not name.startswith("toolkit."):
            continue
        found[name] = max(found.get(name, 0.0), int(parts[1]) / 1e6)
    return sorted(found.items(), key=lambda kv: -kv[1])[:top]


def profile_dataset(ds: generate.Dataset, workdir: Path, raise_limit: bool = False) -> str:
    cmd = [
        PYTHON,
        str(HERE / "profile_stages.py"),
        str(ds.submissions_dir),
        "--registry",
        str(ds.registry),
        "--cutoff",
        CUTOFF,
        "--out",
        str(workdir / f"{ds.name}.profile.xlsx"),
        "--title",
        ds.name,
        *(["--max-inflated-mb", str(RAISED_LIMIT_MB)] if raise_limit else []),
    ]
    r = run_child(cmd)
    if r.returncode != 0:
        tail = "\n".join(r.stderr.strip().splitlines()[-8:])
        return f"Profiling {ds.name} failed (exit {r.returncode}):\n\n```\n{tail}\n```\n"
    return r.stdout


# --- report -----------------------------------------------------------------------------------


def _mib(n: int | None) -> str:
    return "—" if n is None else f"{n / 2**20:,.0f} MiB"


def _secs(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f} s"


def _ratio(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}×"


def _verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("PASS" if ok else "**MISS**")


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    versions = []
    for pkg in (
        "pandas",
        "numpy",
        "pandera",
        "openpyxl",
        "python-calamine",
        "xlsxwriter",
        "click",
        "xlwings",
    ):
        try:
            versions.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{pkg} (not installed)")
    commit = ""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "toolkit"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if dirty:
            commit += " (toolkit/ has uncommitted changes)"
    except OSError:
        pass
    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpus": f"{os.cpu_count()} (nproc {len(os.sched_getaffinity(0))})",
        "cpu": cpu,
        "ram": ram,
        "os": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "packages": ", ".join(versions),
        "commit": commit,
    }


def render(
    results: list[DatasetResult],
    imports: Measure,
    pipeline: Measure,
    breakdown: list[tuple[str, float]],
    info: dict[str, str],
    runs: int,
    quick: bool,
) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `{'uv run python benchmarks/run.py' + (' --quick' if quick else '')}` on "
        f"{info['date']}; each time is the minimum of {runs} runs in fresh processes "
        "(interleaved), peak memory is the largest over those runs. The targets are on wall-clock "
        "time; the CPU columns (user + system seconds of the process and the workers it waited "
        "for, minimum over the runs) show the work done, which other load on the machine changes "
        "far less.",
        "",
        f"- Machine: {info['cpu']}, {info['cpus']} CPUs, {info['ram']} RAM, {info['os']}",
        f"- Python: {info['python']}; {info['packages']}",
        f"- Code: commit {info['commit']}",
        f"- Bytecode: {info.get('bytecode', 'not recorded')}",
        f"- Environment of the children: {info.get('environment', 'not recorded')}",
        f"- Load average (1/5/15 min) at the start: {info['load_start']}; at the end: {info['load_end']}"
        " (other work on the machine slows every command alike, but ratios drift)",
        "",
        "## Consolidation against the floor and the alternative",
        "",
        "| dataset | files | members | floor | ours | ours / floor | target | CPU: floor | ours | "
        "ours / floor | alternative | alternative / ours | target | peak RSS ours | floor | alternative |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    verdicts: list[tuple[str, bool | None]] = []
    for r in results:
        name = r.dataset.name
        of = r.ours_over_floor
        ao = r.alt_over_ours
        floor_ok = None if of is None else of <= FLOOR_TARGET[name] and r.complete
        alt_ok = None if name not in ALT_TARGET or ao is None else ao >= ALT_TARGET[name] and r.complete
        verdicts.append((f"{name}: ours ≤ {FLOOR_TARGET[name]} × floor", floor_ok))
        if name in ALT_TARGET:
            verdicts.append((f"{name}: alternative / ours ≥ {ALT_TARGET[name]:.0f}", alt_ok))
        if name in RSS_TARGET:
            rss = r.ours.peak_rss
            verdicts.append(
                (
                    f"{name}: peak RSS < {RSS_TARGET[name] / GiB:.0f} GiB",
                    None if rss is None else rss < RSS_TARGET[name],
                )
            )
        alt_target = f"≥ {ALT_TARGET[name]:.0f}× {_verdict(alt_ok)}" if name in ALT_TARGET else ""
        lines.append(
            f"| {name} | {len(r.dataset.files):,} | {r.dataset.members:,} | {_secs(r.floor.best)} | "
            f"{_secs(r.ours.best)}{'' if r.complete else ' (did not consolidate)'} | {_ratio(of)} | "
            f"≤ {FLOOR_TARGET[name]}× {_verdict(floor_ok)} | {_secs(r.floor.best_cpu)} | "
            f"{_secs(r.ours.best_cpu)} | {_ratio(r.cpu_over_floor)} | "
            f"{_secs(r.alternative.best)} | {_ratio(ao)} | {alt_target} | {_mib(r.ours.peak_rss)} | "
            f"{_mib(r.floor.peak_rss)} | {_mib(r.alternative.peak_rss)} |"
        )
    for r in results:
        if r.raised is None:
            continue
        name = r.dataset.name
        of = None if r.raised.best is None or r.floor.best is None else r.raised.best / r.floor.best
        ao = (
            None
            if r.raised.best is None or r.alternative.best is None
            else r.alternative.best / r.raised.best
        )
        ok = None if of is None else of <= FLOOR_TARGET[name]
        lines.append(
            f"| {name} (reader limit raised to {RAISED_LIMIT_MB} MiB) | {len(r.dataset.files):,} | "
            f"{r.dataset.members:,} | {_secs(r.floor.best)} | {_secs(r.raised.best)} | {_ratio(of)} | "
            f"≤ {FLOOR_TARGET[name]}× {_verdict(ok)} (not counted) | | | | {_secs(r.alternative.best)} | "
            f"{_ratio(ao)} | | {_mib(r.raised.peak_rss)} | | |"
        )
    imp_ok = None if imports.best is None else imports.best <= IMPORT_TARGET
    verdicts.append((f"import toolkit.excel ≤ {IMPORT_TARGET:.0f} s", imp_ok))
    lines += [
        "",
        f"`import toolkit.excel` from a fresh interpreter: **{_secs(imports.best)}** "
        f"(min of {len(imports.runs)}; target ≤ {IMPORT_TARGET:.0f} s: {_verdict(imp_ok)})"
        + (f" — {imports.note}" if imports.note else ""),
        "",
        f"For information, importing what the Tổng hợp button then needs (`{PIPELINE_IMPORT_CODE}`) "
        f"takes {_secs(pipeline.best)} from a fresh interpreter (min of {len(pipeline.runs)})"
        + (f" — {pipeline.note}" if pipeline.note else "")
        + ".",
        "",
        "### Targets (issue 8 item 2)",
        "",
    ]
    lines += [f"- {text}: {_verdict(ok)}" for text, ok in verdicts]
    lines += ["", "### Notes on the runs", ""]
    for r in results:
        notes = []
        s = r.summary
        if s:
            notes.append(
                f"consolidated {s['consolidated']} organisations, members.total = {s['members_total']:,}"
                if isinstance(s.get("members_total"), int)
                else f"consolidated {s.get('consolidated')} organisations"
            )
            if s.get("excluded") or s.get("errors"):
                notes.append(
                    f"**{s['excluded']} excluded, {s['errors']} errors** ({', '.join(s['error_codes'])})"
                )
            notes.append(f"{s.get('warnings', 0)} warnings, {s.get('missing', 0)} missing")
        for m in (r.ours, r.floor, r.alternative):
            if m.failed is not None:
                tail = m.failed.stderr.strip().splitlines()[-1:] or ["(no message)"]
                notes.append(f"{m.name} FAILED (exit {m.failed.returncode}): `{tail[0][:300]}`")
            if m.note:
                notes.append(f"{m.name}: {m.note}")
        if r.raised is not None:
            rs = r.raised_summary
            notes.append(
                f"the shipped reader refuses this dataset (`file.too_large`); with its limit raised to "
                f"{RAISED_LIMIT_MB} MiB: consolidated {rs.get('consolidated')}, members.total = "
                f"{rs.get('members_total')}, {rs.get('errors')} errors "
                f"({', '.join(rs.get('error_codes', []))})"
            )
        lines.append(f"- **{r.dataset.name}**: " + "; ".join(notes or ["—"]))
    if breakdown:
        lines += [
            "",
            "### Slowest imports of the consolidation path (`python -X importtime`, cumulative)",
            "",
            "| module | seconds |",
            "|---|---:|",
            *[f"| `{name}` | {sec:.3f} |" for name, sec in breakdown],
        ]
    profiles = [r.profile for r in results if r.profile]
    if profiles:
        lines += ["", "## Where the time goes (stage profile, one in-process run each)", ""]
        for p in profiles:
            lines += [p.rstrip(), ""]
    return "\n".join(lines).rstrip() + "\n"


def _kept_analysis() -> str:
    if not RESULTS.is_file():
        return ""
    text = RESULTS.read_text(encoding="utf-8")
    at = text.find(ANALYSIS_MARKER)
    return text[at:] if at >= 0 else ""


def _loadavg() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the ward only (under a minute)")
    parser.add_argument("--runs", type=int, default=3, help="runs per command (min is reported; ≥ 3)")
    parser.add_argument("--import-runs", type=int, default=5)
    parser.add_argument("--alt-once-after", type=float, default=120.0, help="seconds")
    parser.add_argument("--skip-alt", action="store_true", help="do not time the openpyxl alternative")
    parser.add_argument("--no-profile", action="store_true", help="skip the stage profile")
    parser.add_argument("--datasets", nargs="*", help=f"any of {', '.join(generate.DATASETS)}")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md alone")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="run every child without a bytecode cache (each compiles its modules from source)",
    )
    parser.add_argument(
        "--dev-environment",
        action="store_true",
        help="run every child in this interpreter's environment (with the test tools), not the runtime one",
    )
    parser.add_argument(
        "--write", action="store_true", help="with --quick: write RESULTS.md too (default: print only)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        # Quick is a check that everything runs (under a minute): no profile, and it must not
        # replace a full run's RESULTS.md unless asked.
        args.no_profile = True
        args.no_write = not args.write
    full_run = [n for n, d in generate.DATASETS.items() if d.in_full_run]
    names = ["ward"] if args.quick else (args.datasets or full_run)
    missing = [n for n in names if generate.existing(n, seed=args.seed) is None]
    if missing:
        # In a child process: Linux's ru_maxrss of every process this script starts later would
        # otherwise include this process's own peak from generating (it survives fork and exec),
        # and the memory columns would all show the generator's peak.
        generator = [sys.executable, str(Path(generate.__file__)), *missing, "--seed", str(args.seed)]
        subprocess.run(generator, cwd=ROOT, check=True)
    datasets = [generate.generate(n, seed=args.seed, log=_log) for n in names]

    workdir = Path(tempfile.mkdtemp(prefix="ward-stats-bench-"))
    kept = ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "PYTHONPATH")
    saved_env = {k: os.environ.get(k) for k in kept}
    try:
        environment = use_runtime_environment(workdir, not args.dev_environment)
        _log(f"  environment: {environment}")
        bytecode = use_bytecode_cache(workdir, not args.no_bytecode_cache)
        if not args.no_bytecode_cache:
            warm_up([_plan(datasets[0], workdir)] if datasets else [])
        load_start = _loadavg()
        imports = measure_import(max(args.import_runs, 1))
        _log(f"  import toolkit.excel: {_secs(imports.best)}")
        pipeline = measure_import(max(args.import_runs, 1), PIPELINE_IMPORT_CODE, "import pipeline")
        _log(f"  import pipeline: {_secs(pipeline.best)}")
        results = measure_datasets(datasets, max(args.runs, 1), args.alt_once_after, workdir, args.skip_alt)
        if not args.no_profile:
            for res in results:
                _log(f"  {res.dataset.name:<9} profiling stages…")
                res.profile = profile_dataset(res.dataset, workdir, raise_limit=res.raised is not None)
        breakdown = import_breakdown(PIPELINE_IMPORT_CODE)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    info = {
        **machine(),
        "load_start": load_start,
        "load_end": _loadavg(),
        "bytecode": bytecode,
        "environment": environment,
    }
    text = render(results, imports, pipeline, breakdown, info, max(args.runs, 1), args.quick)
    print(text)
    if not args.no_write:
        analysis = _kept_analysis()
        RESULTS.write_text(text + ("\n" + analysis if analysis else ""), encoding="utf-8")
        _log(f"written {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
