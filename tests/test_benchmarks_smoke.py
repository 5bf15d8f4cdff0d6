"""The benchmark generator makes real submissions without any issue, or with only the corrections
of the messy datasets (tiny sizes; no timing here)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import random
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from helpers_sample import listed_cells

from toolkit.core import layout
from toolkit.io.reader import read_submission
from toolkit.io.registry import read_registry
from toolkit.validation import validate_files

ROOT = Path(__file__).resolve().parent.parent


def _generate_module():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


def test_generated_city_files_validate_without_any_issue(tmp_path: Path) -> None:
    gen = _generate_module()
    tiny = gen.DatasetSpec("city", 3, 60, "tiny city")
    ds = gen.generate("city", tmp_path, spec=tiny, log=lambda _: None)
    assert len(ds.files) == 3
    registry = read_registry(ds.registry)
    run = validate_files(list(ds.files), registry=registry, cutoff=gen.CUTOFF)
    assert [(i.code, i.message) for i in run.issues] == []
    assert sum(len(s.members) for s in run.submissions) == 60


def test_stream_patched_large_file_reads_back_every_row_without_errors(tmp_path: Path) -> None:
    gen = _generate_module()
    org = gen.build_orgs(gen.DatasetSpec("province", 1, 400, "tiny province"), seed=7)[0]
    target = gen.write_large(org, tmp_path / "big.xlsx")
    sub = read_submission(target)
    assert [i for i in sub.issues if i.is_error] == []
    assert len(sub.members) == 400
    assert len(sub.events) == len(org.events)
    # The patched sheet keeps the template's parts and numbers rows from 2 without gaps.
    assert sub.members["_row"].tolist() == list(range(layout.FIRST_DATA_ROW, 402))
    names = {m["full_name"] for m in org.members}
    assert set(sub.members["full_name"]) == names
    with zipfile.ZipFile(target) as zf:
        assert "xl/sharedStrings.xml" in zf.namelist()
    run = validate_files([target], cutoff=dt.date(2026, 3, 31))
    assert [(i.code, i.message) for i in run.issues] == []


def test_generated_messy_city_has_only_grouped_corrections_of_the_cells_it_retyped(tmp_path: Path) -> None:
    gen = _generate_module()
    tiny = dataclasses.replace(gen.DATASETS["messy_city_uniform"], organisations=3, members=150)
    ds = gen.generate("messy_city_uniform", tmp_path, spec=tiny, log=lambda _: None)
    run = validate_files(list(ds.files), registry=read_registry(ds.registry), cutoff=gen.CUTOFF)
    assert [i.message for i in run.issues if not i.code.startswith("norm.")] == []
    # One warning per file, sheet, column and code, and the marker counts what they list.
    assert max(Counter((i.file, i.sheet, i.column, i.code) for i in run.issues).values()) == 1
    listed = Counter(i.code for i in run.issues for _ in listed_cells(i))
    assert listed == Counter(ds.marker["retyped_cells"])
    assert 0.25 < ds.marker["date_cells_as_text"] < 0.45
    assert sum(len(s.members) for s in run.submissions) == 150


def test_messy_city_habits_type_at_least_thirty_percent_of_dates_as_text() -> None:
    gen = _generate_module()
    dates = gen.MESSY_HABITS.dates
    assert dates.files * (dates.low + dates.high) / 2 >= 0.30  # the expected share
    rng = random.Random(3)
    drawn = [gen.MESSY_HABITS.messiness(rng) for _ in range(4000)]
    assert 0.32 < sum(m.dates for m in drawn) / len(drawn) < 0.38
    assert all(m.legacy + m.nfd + m.spaces <= 1 for m in drawn)
    assert {m.legacy > 0 for m in drawn} == {True, False}  # some files, not all


def test_issue_rows_bound_cuts_only_the_rows_of_the_issue_sheet(tmp_path: Path) -> None:
    """`benchmarks/issue_rows_bound.py` measures the consolidation with fewer `Kiểm tra` rows:
    its command writes exactly the rows asked for, and the JSON summary keeps every issue."""
    import json
    import subprocess

    import openpyxl

    from benchmarks import issue_rows_bound as bound
    from toolkit.outputs.sheets import SHEET_ISSUES
    from toolkit.outputs.sheets.cells import HEADER_ROW

    gen = _generate_module()
    tiny = dataclasses.replace(gen.DATASETS["messy_ward"], organisations=3, members=150)
    ds = gen.generate("messy_ward", tmp_path / "data", spec=tiny, log=lambda _: None)
    out = tmp_path / "out"
    out.mkdir()
    args = bound.consolidate_args(ds, out)  # type: ignore[arg-type]
    for rows in (2, 0):
        done = subprocess.run(
            [sys.executable, "-c", bound.CUT_CODE, str(rows), *args], cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        issues, pairs = bound._file_code_pairs(out / f"{ds.name}.json")
        assert issues > 2 and 0 < pairs <= issues
        codes = [i["code"] for i in json.loads((out / f"{ds.name}.json").read_text("utf-8"))["issues"]]
        assert all(code.startswith("norm.") for code in codes)
        book = openpyxl.load_workbook(out / f"{ds.name}.xlsx", read_only=True)
        body = list(book[SHEET_ISSUES].iter_rows(min_row=HEADER_ROW + 2, values_only=True))
        listed = [r for r in body if r and r[-1] in set(codes)]
        assert len(listed) == rows


def test_issue_sheet_floor_writes_the_sheet_of_a_real_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`benchmarks/issue_sheet_floor.py` writes the `Kiểm tra` sheet of a real JSON summary with
    the toolkit's writer and with XlsxWriter alone, prints the three times, and removes the
    scratch workbooks."""
    import subprocess
    import tempfile

    from benchmarks import issue_rows_bound as bound
    from benchmarks import issue_sheet_floor as floor

    gen = _generate_module()
    tiny = dataclasses.replace(gen.DATASETS["messy_ward"], organisations=3, members=150)
    ds = gen.generate("messy_ward", tmp_path / "data", spec=tiny, log=lambda _: None)
    out = tmp_path / "out"
    out.mkdir()
    args = bound.consolidate_args(ds, out)  # type: ignore[arg-type]
    done = subprocess.run([sys.executable, "-m", "toolkit", *args], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    summary = out / f"{ds.name}.json"
    scratch = tmp_path / "scratch"  # the temporary folder the benchmark writes its sheets in
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    assert floor.main([str(summary), "--runs", "1", "--folder", str(ds.submissions_dir)]) == 0
    # The sheets hold the summary's issues, members' names and dates when it was written with
    # --personal-data: none is left behind in the temporary folder (hunt358: one a run).
    assert list(scratch.iterdir()) == []
    printed = capsys.readouterr().out
    import re

    times = re.findall(r"^\| (.+) \| (\d+\.\d\d) \|$", printed, re.M)
    assert [name for name, _ in times] == [
        "ours (`sheets.issues.write`)",
        "XlsxWriter alone, with the links",
        "XlsxWriter alone, without links",
    ]


@pytest.mark.parametrize("enabled", [True, False])
def test_children_run_with_a_bytecode_cache_unless_asked_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    """An installed PC imports from compiled bytecode; the benchmark's children do too, from a
    cache in its work folder, whatever the environment says (`--no-bytecode-cache`: none)."""
    from benchmarks import run as bench

    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.delenv("PYTHONPYCACHEPREFIX", raising=False)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "tiny_module.py").write_text("VALUE = 1\n", encoding="utf-8")
    said = bench.use_bytecode_cache(tmp_path / "work", enabled)
    child = bench.run_child([sys.executable, "-c", "import tiny_module"], cwd=tmp_path / "src")
    assert child.returncode == 0, child.stderr
    cached = list((tmp_path / "work" / "pycache").rglob("tiny_module*.pyc"))
    assert bool(cached) is enabled
    assert said.startswith("cached" if enabled else "none")


@pytest.mark.slow
def test_children_run_with_the_runtime_dependencies_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An office PC has what the bundle installs (`uv export --no-dev`), not the test tools.
    pandera imports hypothesis whenever it can, a tenth of a second of every run: the
    benchmark's children must not see it, and must see the toolkit of this checkout."""
    from benchmarks import run as bench

    monkeypatch.setattr(bench, "PYTHON", bench.PYTHON)  # restored after the test
    monkeypatch.setenv("PYTHONPATH", "")
    said = bench.use_runtime_environment(tmp_path, True)
    assert said.startswith("runtime dependencies only"), said
    assert bench.PYTHON != sys.executable
    code = (
        "import importlib.util, toolkit, pandera, python_calamine, xlsxwriter;"
        "print(importlib.util.find_spec('hypothesis') is None, importlib.util.find_spec('pytest') is None,"
        " toolkit.__file__)"
    )
    child = bench.run_child([bench.PYTHON, "-c", code], cwd=tmp_path)
    assert child.returncode == 0, child.stderr
    no_hypothesis, no_pytest, where = child.stdout.split()
    assert (no_hypothesis, no_pytest) == ("True", "True")
    assert Path(where).resolve().is_relative_to(ROOT / "toolkit")
    # The command of ours is that interpreter's, and the development one when not enabled.
    assert bench.ward_stats_command()[0] == bench.PYTHON
    assert bench.use_runtime_environment(tmp_path / "dev", False).startswith("this interpreter's")
    assert bench.PYTHON == sys.executable


def test_without_uv_the_children_run_here_and_the_results_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks import run as bench

    monkeypatch.setattr(bench, "PYTHON", bench.PYTHON)  # restored after the test
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no uv to build the runtime venv with
    monkeypatch.setenv("PYTHONPATH", "")
    said = bench.use_runtime_environment(tmp_path, True)
    assert said.startswith(
        "this interpreter's, with the development tools (the runtime one could not be built"
    )
    assert bench.PYTHON == sys.executable
    assert not (tmp_path / "runtime-venv").exists()


def test_profile_stages_removes_its_scratch_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`benchmarks/profile_stages.py` prints its stage table and leaves nothing in the temporary
    folder: its scratch workbook, JSON summary and history are a copy of the ward's consolidation
    (hunt358: one `ward-stats-profile-*` folder a run)."""
    import tempfile

    from benchmarks import profile_stages

    gen = _generate_module()
    tiny = gen.DatasetSpec("city", 2, 40, "tiny city")
    ds = gen.generate("city", tmp_path / "data", spec=tiny, log=lambda _: None)
    scratch = tmp_path / "scratch"  # the temporary folder the benchmark writes in
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    argv = [str(ds.submissions_dir), "--registry", str(ds.registry), "--cutoff", gen.CUTOFF.isoformat()]
    assert profile_stages.main([*argv, "--top", "2"]) == 0
    assert list(scratch.iterdir()) == []
    assert "| **total** (import + consolidate + write + history) |" in capsys.readouterr().out
