"""A SIGTERM that arrives while a consolidation puts its outputs in place and commits its record
is held back until they are whole (`publish.interrupts_deferred`), then raised again: the run
ends by the signal. It ended printing nothing, though its outputs and record were whole
(hunt228 R2). It now says, in one Vietnamese line on stderr, which files were written and that
the run was recorded, and still ends by the signal (a non-zero exit status).

The run is a real consolidation in a child process, with a real history; the SIGTERM is a real
signal the child sends itself inside the commit window (right before the record's commit, the
outputs renamed), as `kill` from another process would, at a moment a test can hit every time.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from helpers_ward import CUTOFF, Ward, pristine, ward

from toolkit.core.errors import TERMINATED, forget_written, terminated_line
from toolkit.history.store import HistoryStore

__all__ = ["pristine", "ward"]  # fixtures

ROOT = Path(__file__).resolve().parent.parent

# The command line, with a SIGTERM sent to itself just before the history record's commit (the
# outputs already renamed into place, inside the block that holds signals back).
_RUN = """
import os, signal, sys
import toolkit.history.session as session
real = session.commit_record
def commit_record(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGTERM)
    return real(*args, **kwargs)
session.commit_record = commit_record
sys.argv = ["ward-stats", *sys.argv[1:]]
from toolkit.__main__ import run
run()
"""


def test_a_sigterm_held_in_the_commit_says_what_was_written_and_recorded(ward: Ward, tmp_path: Path) -> None:
    out = tmp_path / "kết quả"
    out.mkdir()
    history = out / "lich_su_tong_hop.sqlite"
    args = [
        "consolidate", ward.nop, "--registry", ward.registry, "--cutoff", CUTOFF.isoformat(),
        "-o", out / "tong_hop.xlsx", "--json", out / "tong_hop.json", "--history", history,
    ]  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
    )  # fmt: skip
    assert done.returncode == -signal.SIGTERM, done.stdout + done.stderr  # ended by the signal
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith(TERMINATED)]
    assert len(lines) == 1, done.stderr  # one line
    said = lines[0]
    assert f"đã ghi xong 2 tệp “tong_hop.xlsx”, “tong_hop.json” vào thư mục “{out}”" in said, said
    records = HistoryStore(history).records()
    assert len(records) == 1
    assert f"Lần tổng hợp này đã được ghi vào lịch sử tổng hợp “{history}” (lần số {records[0].id})." in said
    # What it says is so: the outputs and the record are whole, of this run.
    run_id = json.loads((out / "tong_hop.json").read_text(encoding="utf-8"))["run_id"]
    assert records[0].run_id == run_id and (out / "tong_hop.xlsx").stat().st_size > 0
    assert sorted(p.name for p in out.iterdir()) == [
        "lich_su_tong_hop.sqlite",
        "tong_hop.json",
        "tong_hop.xlsx",
    ]


def test_nothing_kept_says_the_old_files_are() -> None:
    forget_written()
    assert terminated_line() == f"{TERMINATED}; các tệp kết quả cũ (nếu có) vẫn giữ nguyên."
