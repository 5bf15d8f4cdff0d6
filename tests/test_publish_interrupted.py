"""A Ctrl+C while a consolidation's outputs are renamed into place: the renames finish (they
are held back from it), and the line that ends the run says that the outputs were written, and
which: "các tệp kết quả cũ (nếu có) vẫn giữ nguyên" would then be false."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers_excel import write_ward
from tests.helpers_sets import run_with_ctrl_c_while_renaming, temps
from toolkit.history.store import HistoryStore
from toolkit.outputs.publish import run_id_of


def test_ctrl_c_during_the_renames_of_a_consolidation_names_the_outputs_written(tmp_path: Path) -> None:
    nop = tmp_path / "nop"
    write_ward(nop, with_error=False)
    out = tmp_path / "ket_qua"
    out.mkdir()
    workbook, summary = out / "tong_hop.xlsx", out / "tong_hop.json"
    args = ["consolidate", nop, "--cutoff", "31/03/2026", "-o", workbook, "--json", summary, "--no-history"]
    done = run_with_ctrl_c_while_renaming(args)
    assert done.returncode == 130, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == (
        f"Đã dừng theo yêu cầu (Ctrl+C) sau khi đã ghi xong 2 tệp dưới đây vào thư mục “{out}”; ngoài "
        "các tệp này, không tệp nào khác bị thay đổi:"
    )
    assert sorted(line.strip() for line in lines[1:]) == ["tong_hop.json", "tong_hop.xlsx"]
    # Both are this run's, whole: the renames were not cut between them.
    run_id = json.loads(summary.read_text(encoding="utf-8"))["run_id"]
    assert run_id_of(workbook) == run_id
    assert temps(out) == []


def test_ctrl_c_during_the_renames_of_a_recorded_consolidation_names_the_record_kept(tmp_path: Path) -> None:
    """The held Ctrl+C is raised after the history record is committed: the run's last lines say
    that the record was kept, and its number (the status line "Lịch sử tổng hợp: … (lần số N)"
    is never printed), not that no file but the outputs changed."""
    nop = tmp_path / "nop"
    write_ward(nop, with_error=False)
    out = tmp_path / "ket_qua"
    out.mkdir()
    history = tmp_path / "lich_su" / "lich_su_tong_hop.sqlite"
    history.parent.mkdir()
    workbook, summary = out / "tong_hop.xlsx", out / "tong_hop.json"
    args = [
        "consolidate",
        nop,
        "--cutoff",
        "31/03/2026",
        "-o",
        workbook,
        "--json",
        summary,
        "--history",
        history,
    ]
    done = run_with_ctrl_c_while_renaming(args)
    assert done.returncode == 130, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == (
        f"Đã dừng theo yêu cầu (Ctrl+C) sau khi đã ghi xong 2 tệp dưới đây vào thư mục “{out}”; ngoài "
        "các tệp này và thay đổi nói ở dòng cuối, không tệp nào khác bị thay đổi:"
    )
    assert sorted(line.strip() for line in lines[1:3]) == ["tong_hop.json", "tong_hop.xlsx"]
    assert lines[3:] == [f"Lần tổng hợp này đã được ghi vào lịch sử tổng hợp “{history}” (lần số 1)."]
    run_id = json.loads(summary.read_text(encoding="utf-8"))["run_id"]
    assert [(r.id, r.run_id) for r in HistoryStore(history).records()] == [(1, run_id)]
