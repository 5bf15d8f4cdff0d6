"""What another command's sweep does with a killed consolidation's files (hunt89, fixAH).

A consolidation killed (SIGKILL, a power cut) between the rename of its workbook and that of
its JSON leaves the new JSON under a hidden temporary name, `.~ws-tmp-r…`, which the next
publication in that folder completes or removes (`toolkit.io.atomic.sweep_stale_temps`).

1. `report X.json -o bao_cao.md` beside it read X.json, then its own sweep completed the killed
   run's JSON over X.json, its input: the report was of a run the JSON beside it no longer
   was, silently. Now a target the running command reads is never completed over: the
   temporary file is left where it is, and the command says so.
2. Completed by any other command, the killed run's outputs are a run the history never
   recorded (its record is committed after the renames), silently. Now any sweep that finds a
   killed consolidation's files says that a Tổng hợp was interrupted, and to run it again.
3. Workbook and JSON in two folders: killed after the workbook's rename, the JSON's temporary
   file is removed by the next publication in its folder (rolled back there) while the other
   folder holds the new workbook. That is said too.

The folders are put in the exact state a kill leaves (the killed run's real outputs, under the
temporary names `publish` gives them, of a process that has really ended); the second command
runs in this process through the command line.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers_sets import command, sigint_kept, temps

from toolkit.io.atomic import TEMP_PREFIX
from toolkit.outputs.publish import run_id_of

__all__ = ["sigint_kept"]  # fixtures

INTERRUPTED = (
    "Lưu ý: một lần Tổng hợp trước đã bị ngắt giữa chừng khi đang ghi các tệp kết quả vào thư mục "
    "\u201c{folder}\u201d: lần ấy không được ghi vào lịch sử tổng hợp, và các tệp kết quả tổng hợp "
    "(trong thư mục này và thư mục khác của lần ấy, nếu có) giờ có thể là của hai lần tổng hợp "
    "khác nhau; hãy chạy lại Tổng hợp (nút \u201cTổng hợp\u201d hoặc lệnh ward-stats consolidate) "
    "để các tệp khớp nhau."
)


def _dead_pid() -> int:
    """The process id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _notes(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Lưu ý:")]


class Runs:
    """The submissions, and the outputs of two consolidations of them (an earlier run and the
    killed one), kept aside: `old` and `new` map "xlsx" and "json" to each run's bytes."""

    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        from tests.helpers_sample import sample_orgs
        from toolkit.sample.rows import Period

        self.nop = tmp_path / "nop"
        self.nop.mkdir()
        for org in sample_orgs(7, [3, 4], Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))):
            org.write(self.nop / f"{org.organisation.org_code}.xlsx")
        aside = tmp_path / "aside"
        aside.mkdir()
        runs = []
        for _ in range(2):
            args = ["consolidate", self.nop, "--cutoff", "31/03/2026", "--no-history"]
            args += ["-o", aside / "tong_hop.xlsx", "--json", aside / "tong_hop.json"]
            assert command(args, capsys)[0] == 0
            runs.append({s: (aside / f"tong_hop.{s}").read_bytes() for s in ("xlsx", "json")})
        self.old, self.new = runs
        self.new_id = run_id_of(aside / "tong_hop.json")
        assert self.new_id is not None and self.old["json"] != self.new["json"]

    def killed(self, workbook: Path, summary: Path) -> Path:
        """The state a consolidation `-o workbook --json summary` killed after the workbook's
        rename leaves: the new workbook in place, the old JSON in place, the new JSON under its
        temporary name (the run's second output; the first in its folder is the workbook when
        both share a folder, else itself), written after the JSON in place was. Returns the
        temporary file."""
        workbook.parent.mkdir(exist_ok=True)
        summary.parent.mkdir(exist_ok=True)
        summary.write_bytes(self.old["json"])
        workbook.write_bytes(self.new["xlsx"])
        first = 0 if summary.parent == workbook.parent else 1
        temp = summary.parent / f"{TEMP_PREFIX}r{self.new_id}-p{_dead_pid()}-1of2f{first}-{summary.name}"
        temp.write_bytes(self.new["json"])
        later = time.time_ns() + 60 * 10**9  # written after the JSON in place: the killed run's
        os.utime(temp, ns=(later, later))
        return temp


@pytest.mark.usefixtures("sigint_kept")
def test_a_report_never_has_its_input_replaced_by_a_killed_runs_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = Runs(tmp_path, capsys)
    out = tmp_path / "ket_qua"
    summary = out / "tong_hop.json"
    temp = runs.killed(out / "tong_hop.xlsx", summary)

    code, stdout, stderr = command(["report", summary, "-o", out / "bao_cao.md"], capsys)
    assert code == 0, stderr
    assert summary.read_bytes() == runs.old["json"]  # the input, as the report read it
    assert run_id_of(out / "bao_cao.md") == run_id_of(summary)
    assert temps(out) == [temp.name]  # left for a later sweep
    assert _notes(stderr) == [
        f"Lưu ý: giữ nguyên tệp \u201c{summary}\u201d vì lệnh này đang đọc tệp đó: bản mới của tệp "
        "này do lần chạy trước bị ngắt giữa chừng để lại không được ghi đè lên tệp đang đọc, mà "
        f"vẫn để trong tệp tạm \u201c{temp.name}\u201d cùng thư mục.",
        INTERRUPTED.format(folder=out),
    ]

    # A later command that does not read it completes it: the folder holds the killed run's.
    code, stdout, stderr = command(
        ["report", tmp_path / "aside" / "tong_hop.json", "-o", out / "b.md"], capsys
    )
    assert code == 0, stderr
    assert summary.read_bytes() == runs.new["json"] and temps(out) == []
    assert _notes(stderr) == [INTERRUPTED.format(folder=out)]


@pytest.mark.usefixtures("sigint_kept")
def test_a_rollup_never_has_its_input_replaced_by_a_killed_runs_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = Runs(tmp_path, capsys)
    out = tmp_path / "phuong"
    summary = out / "tong_hop.json"
    temp = runs.killed(out / "tong_hop.xlsx", summary)

    code, stdout, stderr = command(["rollup", summary, "-o", out / "cap_tren.xlsx"], capsys)
    assert code == 0, stderr
    assert summary.read_bytes() == runs.old["json"]
    assert temps(out) == [temp.name]
    notes = _notes(stderr)
    assert len(notes) == 2 and f"\u201c{summary}\u201d vì lệnh này đang đọc tệp đó" in notes[0]
    assert notes[1] == INTERRUPTED.format(folder=out)


@pytest.mark.usefixtures("sigint_kept")
def test_a_killed_consolidation_completed_by_another_command_says_to_consolidate_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`validate --json` into the folder reads only the submissions: it completes the killed
    run's JSON, and says that the run was interrupted (the history never recorded it)."""
    runs = Runs(tmp_path, capsys)
    out = tmp_path / "ket_qua"
    summary = out / "tong_hop.json"
    runs.killed(out / "tong_hop.xlsx", summary)

    code, stdout, stderr = command(
        ["validate", runs.nop, "--cutoff", "31/03/2026", "--json", out / "kt.json"], capsys
    )
    assert code in (0, 1), stderr
    assert summary.read_bytes() == runs.new["json"] and temps(out) == []
    assert _notes(stderr) == [INTERRUPTED.format(folder=out)]


@pytest.mark.usefixtures("sigint_kept")
def test_a_killed_consolidation_rolled_back_in_one_of_two_folders_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Workbook in A, JSON in B, killed after the workbook's rename: the next publication in B
    removes the JSON's temporary file (none of the run's renames happened there), leaving the
    old JSON beside A's new workbook; it says so."""
    runs = Runs(tmp_path, capsys)
    a, b = tmp_path / "A", tmp_path / "B"
    summary = b / "tong_hop.json"
    runs.killed(a / "tong_hop.xlsx", summary)

    code, stdout, stderr = command(
        ["validate", runs.nop, "--cutoff", "31/03/2026", "--json", b / "kt.json"], capsys
    )
    assert code in (0, 1), stderr
    assert summary.read_bytes() == runs.old["json"] and temps(b) == []
    assert _notes(stderr) == [INTERRUPTED.format(folder=b)]


@pytest.mark.usefixtures("sigint_kept")
def test_the_consolidation_run_again_over_a_killed_ones_files_says_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The clerk does as told: the consolidation run again writes both files over the killed
    run's, so nothing is left to say."""
    runs = Runs(tmp_path, capsys)
    a, b = tmp_path / "A", tmp_path / "B"
    runs.killed(a / "tong_hop.xlsx", b / "tong_hop.json")
    args = ["consolidate", runs.nop, "--cutoff", "31/03/2026", "--no-history"]
    args += ["-o", a / "tong_hop.xlsx", "--json", b / "tong_hop.json"]

    code, stdout, stderr = command(args, capsys)
    assert code == 0, stderr
    assert _notes(stderr) == [] and temps(b) == []
    assert run_id_of(a / "tong_hop.xlsx") == run_id_of(b / "tong_hop.json")
