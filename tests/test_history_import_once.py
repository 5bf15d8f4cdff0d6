"""`history import` adds a run once, also when two imports of one summary run at the same moment
(hunt112a D5): whether the run is stored was looked up before the write lock was taken, so
each of six imports started together could find nothing and add it, up to six records of one
run id. It is now looked up again under the write lock (`HistoryStore.begin(once=True)`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_history import imports_at_once
from toolkit.cli import main
from toolkit.history.store import HistoryStore

RUN_ID = "20250331T090000-0a1b2c3d"


def _summary(path: Path) -> Path:
    doc = {
        "run_id": RUN_ID,
        "cutoff_date": "2025-03-31",
        "period_start": "2025-01-01",
        "indicators": {"members.total": 40},
    }
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_a_run_stored_meanwhile_is_found_under_the_write_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The look-up before the lock missed the run (another import stored it just after): the
    one under the lock finds it, and nothing is added."""
    summary, history = _summary(tmp_path / "s.json"), tmp_path / "h.sqlite"
    first = CliRunner().invoke(main, ["history", "import", str(summary), "--history", str(history)])
    assert first.exit_code == 0, first.output
    monkeypatch.setattr(HistoryStore, "find_run", lambda self, run_id: None)
    again = CliRunner().invoke(main, ["history", "import", str(summary), "--history", str(history)])
    assert again.exit_code == 0, again.output
    assert f"Lần tổng hợp này (mã {RUN_ID}) đã có trong lịch sử (số 1); không thêm lần nữa." in again.output
    assert [r.run_id for r in HistoryStore(history).records()] == [RUN_ID]


@pytest.mark.parametrize("existing", [False, True], ids=["new history", "history with a record"])
def test_six_imports_of_one_summary_at_once_add_it_once(tmp_path: Path, existing: bool) -> None:
    summary, history = _summary(tmp_path / "s.json"), tmp_path / "h.sqlite"
    if existing:
        other = _summary(tmp_path / "other.json")
        other.write_text(other.read_text(encoding="utf-8").replace(RUN_ID, "20240331T090000-99999999"))
        assert (
            CliRunner().invoke(main, ["history", "import", str(other), "--history", str(history)]).exit_code
            == 0
        )
    done = imports_at_once(summary, history, 6, tmp_path)
    outputs = [said for _, said in done]
    assert all(code == 0 for code, _ in done), outputs
    stored = [r.run_id for r in HistoryStore(history).records()]
    assert stored.count(RUN_ID) == 1, outputs
    assert sum("không thêm lần nữa" in said for said in outputs) == 5, outputs
