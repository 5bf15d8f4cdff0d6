"""A message that names the folder of outputs named without one names the current folder.

hunt173 D: `os.path.dirname` of a bare file name is "", so a consolidation run with `-o
tong_hop.xlsx` (or the default output, in the current folder) said "… đã ghi xong 2 tệp dưới
đây vào thư mục “”" on a Ctrl+C after its renames, and a command run after one killed between
its renames said "… khi đang ghi các tệp kết quả vào thư mục “”". Both now name the folder in
full. Real consolidations of generated submissions, each its own process, stopped by a real
Ctrl+C or killed (SIGKILL) between two renames."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers_excel import write_ward
from tests.helpers_sets import ROOT, run_killed_while_renaming, run_with_ctrl_c_while_renaming

ARGS = ["consolidate", "nop", "--cutoff", "31/03/2026", "-o", "tong_hop.xlsx", "--json", "tong_hop.json"]


def test_ctrl_c_after_the_renames_of_outputs_in_the_current_folder_names_it(tmp_path: Path) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    done = run_with_ctrl_c_while_renaming([*ARGS, "--no-history"], cwd=tmp_path)
    assert done.returncode == 130, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == (
        f"Đã dừng theo yêu cầu (Ctrl+C) sau khi đã ghi xong 2 tệp dưới đây vào thư mục “{tmp_path}”; "
        "ngoài các tệp này, không tệp nào khác bị thay đổi:"
    ), done.stderr
    assert sorted(line.strip() for line in lines[1:]) == ["tong_hop.json", "tong_hop.xlsx"]


def test_a_consolidation_killed_between_renames_in_the_current_folder_is_said_of_it(tmp_path: Path) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    first = _ward_stats(ARGS, tmp_path)
    assert first.returncode == 0, first.stderr
    killed = run_killed_while_renaming(ARGS, 1, cwd=tmp_path)
    assert killed.returncode != 0
    # The next command that writes into the folder reads the JSON and says what the killed run
    # left, naming the folder.
    done = _ward_stats(["report", "tong_hop.json", "-o", "bao_cao.md"], tmp_path)
    said = done.stderr
    assert "vào thư mục “”" not in said, said
    assert f"khi đang ghi các tệp kết quả vào thư mục “{tmp_path}”: lần ấy" in said, said


def _ward_stats(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`ward-stats ARGS` as its own process, started in `cwd`."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
