"""A record committed is never said to be missing when what follows its commit fails.

hunt173 B: `commit_record` had one `try` over the commit and the work after it (which record
the new one takes the place of, whether it is the one in use). A failure after the commit said
"Lần tổng hợp này chưa được ghi vào lịch sử", and the JSON summary was made again to carry
`history.not_recorded`, though the record was in the history: a clerk who believed it and
consolidated again added a second record. Now the record stands, the JSON says nothing of the
history, and the status says only what could not be told.

Real submissions, real consolidations and a real SQLite history; the failure after the commit
is injected (nothing real fails there on demand)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_excel import write_ward
from tests.helpers_unexpected import fails
from toolkit.cli import main
from toolkit.history.store import HistoryStore


def _consolidate(folder: Path, out: Path, history: Path) -> tuple[int, str, dict]:
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "--ward-name", "Phường Thử"]
    args += ["-o", str(out), "--json", str(out.with_suffix(".json")), "--history", str(history)]
    done = CliRunner().invoke(main, args)
    assert "Traceback" not in done.output
    return done.exit_code, done.output, json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("step", ["used_at_commit", "not_in_use", "replaces"])
def test_a_failure_after_the_commit_does_not_say_the_run_was_not_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    history = tmp_path / "lich_su.sqlite"
    code, _, _ = _consolidate(folder, tmp_path / "kq1.xlsx", history)
    assert code == 0

    bug = fails("hỏng sau khi ghi")
    monkeypatch.setattr(f"toolkit.history.session.{step}", bug)
    code, output, summary = _consolidate(folder, tmp_path / "kq2.xlsx", history)
    assert code == 0, output
    records = HistoryStore(history).records()
    assert [r.id for r in records] == [1, 2]  # recorded, and said so
    assert summary["run_id"] == records[-1].run_id
    assert not [i for i in summary["issues"] if i["code"].startswith("history.")], summary["issues"]
    assert "chưa được ghi vào lịch sử" not in output, output
    assert f"Lịch sử tổng hợp: {history} (lần số 2)" in output.splitlines(), output
    assert (
        "Lịch sử tổng hợp: lần tổng hợp này đã được ghi vào lịch sử (lần số 2), nhưng không xác định "
        "được lần này có thay cho lần tổng hợp nào trước đó không; xem các lần đã ghi bằng lệnh"
    ) in output, output
    assert f"({bug.cause('RuntimeError')})" in output, output  # its type and where, never its text
    assert "hỏng sau khi ghi" not in output, output
