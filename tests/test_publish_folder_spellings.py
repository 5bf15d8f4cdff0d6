"""Outputs of one run in one folder spelled two ways (hunt98 #1).

`consolidate -o tong_hop.xlsx --json /abs/folder/tong_hop.json`, run in that folder, named one
folder twice: its commit lock was taken twice (the second `flock` waited on the first for ever:
the command hung, writing nothing) and each output was numbered the first of its folder, so on
Windows, where there is no lock, a kill between the two renames was undone for the JSON while
the workbook stayed new. The folders of a publication are now told apart by their resolved
paths (`publish.distinct_folders`).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit.outputs.publish import run_id_of


def test_one_folder_spelled_two_ways_is_one_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit.outputs.publish import distinct_folders

    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    paths = [Path("a.xlsx"), tmp_path / "b.json", Path("sub/../c.md"), Path("./d.csv")]
    assert distinct_folders(paths) == [Path(".")]
    other = tmp_path / "sub" / "e.json"
    assert len(distinct_folders([*paths, other])) == 2


@pytest.mark.parametrize("json_spelling", ["absolute", "dotdot"])
def test_a_consolidation_naming_its_folder_two_ways_completes(tmp_path: Path, json_spelling: str) -> None:
    from tests.helpers_sample import sample_orgs
    from toolkit.sample.rows import Period

    nop = tmp_path / "nop"
    nop.mkdir()
    (tmp_path / "sub").mkdir()
    for org in sample_orgs(7, [3, 4], Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    summary = str(tmp_path / "tong_hop.json") if json_spelling == "absolute" else "sub/../tong_hop.json"
    args = ["consolidate", "nop", "--cutoff", "31/03/2026", "--no-history"]
    args += ["-o", "tong_hop.xlsx", "--json", summary]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    # A hang (the lock taken twice) fails here instead of holding the test run for ever.
    cmd = [sys.executable, "-m", "toolkit", *args]
    done = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    run = run_id_of(tmp_path / "tong_hop.xlsx")
    assert run is not None and run == run_id_of(tmp_path / "tong_hop.json")
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".~ws-tmp-")]
