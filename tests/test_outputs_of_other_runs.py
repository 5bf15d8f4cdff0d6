"""An output is never written over a file of another run, or of another command, without a word.

hunt173 F2: `history export 1 --json tong_hop.json` replaced the JSON summary that sat beside the
workbook of run 2 with run 1's, and said only "Đã xuất …": the folder then held a workbook of run 2
and a JSON of run 1. `rollup` refuses the same mix (`publish.check_input_runs`); the export now
refuses it too, naming the file and both runs. The same run's summary, and a new name, are written
as before.

Real submissions, real consolidations into a real SQLite history, through the command line.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.helpers_excel import write_ward
from tests.helpers_history import consolidated_into, digest, run_cli
from toolkit.history.store import HistoryStore
from toolkit.outputs.publish import run_id_of

CUTOFF = dt.date(2026, 3, 31)


def _two_runs(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """Two consolidations of one ward into one history, the second's workbook and JSON in
    `kq`: the history, the second's JSON, and the two run ids."""
    write_ward(tmp_path / "bai_nop", with_error=False)
    history = tmp_path / "lich_su.sqlite"
    (tmp_path / "truoc").mkdir()
    (tmp_path / "kq").mkdir()
    first = consolidated_into(tmp_path / "bai_nop", CUTOFF, history, tmp_path / "truoc" / "tong_hop.xlsx")
    second = consolidated_into(tmp_path / "bai_nop", CUTOFF, history, tmp_path / "kq" / "tong_hop.xlsx")
    assert [r.run_id for r in HistoryStore(history).records()] == [first["run_id"], second["run_id"]]
    return history, tmp_path / "kq" / "tong_hop.json", [first["run_id"], second["run_id"]]


def test_an_export_over_the_summary_of_another_run_is_refused(tmp_path: Path) -> None:
    history, summary, (first, second) = _two_runs(tmp_path)
    before, stored = summary.read_bytes(), digest(history)
    done = run_cli("history", "export", 1, "--json", summary, "--history", history)
    assert done.exit_code == 2, done.output
    assert done.output.splitlines() == [
        f"Lỗi: Tệp JSON --json “{summary}” là số liệu tổng hợp của một lần tổng hợp khác (mã lần chạy "
        f"{second}, ngày chốt 31/03/2026), không phải của lần số 1 cần xuất (mã lần chạy {first}, ngày "
        "chốt 31/03/2026): ghi đè sẽ làm tệp đó không còn khớp với các tệp khác của lần kia (như bảng "
        "tổng hợp Excel cùng tên). Không ghi đè. Hãy chọn tên tệp khác."
    ], done.output
    # Nothing changed: the workbook and the JSON beside it are still of one run.
    assert summary.read_bytes() == before
    assert run_id_of(summary) == run_id_of(summary.with_suffix(".xlsx")) == second
    assert digest(history) == stored
    assert sorted(p.name for p in summary.parent.iterdir()) == ["tong_hop.json", "tong_hop.xlsx"]


def test_an_export_over_a_summary_without_a_run_id_is_refused(tmp_path: Path) -> None:
    """A summary kept by hand (no `run_id`) is no export of this record either."""
    history, summary, (first, _) = _two_runs(tmp_path)
    data = json.loads(summary.read_text(encoding="utf-8"))
    del data["run_id"]
    summary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = summary.read_bytes()
    done = run_cli("history", "export", 1, "--json", summary, "--history", history)
    assert done.exit_code == 2, done.output
    assert "(không ghi mã lần chạy, ngày chốt 31/03/2026), không phải của lần số 1" in done.output
    assert summary.read_bytes() == before


@pytest.mark.parametrize("flag", ["yes", 1, "true"])
def test_an_export_over_a_summary_whose_flag_was_edited_is_refused(tmp_path: Path, flag: object) -> None:
    """review251 L1: another run's summary whose `personal_data` was edited by hand to a value
    that is no true/false fails the strict check; it is still that run's summary, not "no
    summary", and is kept."""
    history, summary, (first, second) = _two_runs(tmp_path)
    data = json.loads(summary.read_text(encoding="utf-8"))
    data["personal_data"] = flag
    summary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = summary.read_bytes()
    done = run_cli("history", "export", 1, "--json", summary, "--history", history)
    assert done.exit_code == 2, done.output
    assert f"(mã lần chạy {second}, ngày chốt 31/03/2026), không phải của lần số 1" in done.output
    assert summary.read_bytes() == before


def test_an_export_over_its_own_run_or_to_a_new_name_is_written(tmp_path: Path) -> None:
    history, summary, (first, second) = _two_runs(tmp_path)
    # The run's own summary: replaced by its export (the same run, the same figures).
    done = run_cli("history", "export", 2, "--json", summary, "--history", history)
    assert done.exit_code == 0, done.output
    assert done.output.splitlines() == [f"Đã xuất lần tổng hợp số 2 ra “{summary}”."]
    assert run_id_of(summary) == second
    # A name no file has yet.
    other = tmp_path / "kq" / "lan_1.json"
    done = run_cli("history", "export", 1, "--json", other, "--history", history)
    assert done.exit_code == 0, done.output
    assert run_id_of(other) == first
    # Its own earlier export: replaced.
    done = run_cli("history", "export", 1, "--json", other, "--history", history)
    assert done.exit_code == 0, done.output
    assert run_id_of(other) == first


def test_an_export_over_a_file_that_is_no_summary_is_written_as_before(tmp_path: Path) -> None:
    """A JSON that is no summary (here a list) belongs to no run: the export replaces it, as
    it did (the checks of every output, such as a history under that name, still apply)."""
    history, _, (first, _) = _two_runs(tmp_path)
    other = tmp_path / "ghi_chu.json"
    other.write_text("[1, 2]", encoding="utf-8")
    done = run_cli("history", "export", 1, "--json", other, "--history", history)
    assert done.exit_code == 0, done.output
    assert run_id_of(other) == first


# hunt173 F5: `consolidate -o ds.xlsx`, where ds.xlsx was the work lists written by `lists`
# (members' names and birth dates, which no consolidation makes again), replaced them without a
# word, though `lists` refuses the reverse (`worklists.check_not_a_result`). Refused now, by the
# lists' own recognition (`package.work_lists_at`); a consolidation's own earlier output, and the
# lists written again over their own earlier file, are replaced as before.


def _lists(folder: Path, target: Path) -> None:
    done = run_cli("lists", folder, "--cutoff", "31/03/2026", "-o", target)
    assert done.exit_code == 0, done.output
    assert target.is_file()


@pytest.mark.parametrize("inside", [False, True], ids=["beside", "among-submissions"])
def test_a_consolidation_over_the_work_lists_is_refused(tmp_path: Path, inside: bool) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    lists = (folder if inside else tmp_path) / "ds.xlsx"
    _lists(folder, lists)
    before = lists.read_bytes()
    history = tmp_path / "lich_su.sqlite"
    done = run_cli(
        "consolidate", folder, "--cutoff", "31/03/2026", "-o", lists, "--json", tmp_path / "kq.json",
        "--history", history,
    )  # fmt: skip
    assert done.exit_code == 2, done.output
    assert done.output.splitlines()[-1] == (
        f"Lỗi: Tệp kết quả -o “{lists}” là tệp danh sách đảng viên cần theo dõi của ward-stats (lệnh "
        "lists, nút “Danh sách”), có họ tên, ngày sinh của đảng viên: ghi vào đó sẽ làm mất danh sách "
        "này. Hãy chọn tên tệp khác."
    ), done.output
    assert lists.read_bytes() == before
    assert not (tmp_path / "kq.json").exists()
    assert not history.exists()


def test_a_rollup_over_the_work_lists_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    (tmp_path / "kq").mkdir()
    consolidated_into(folder, CUTOFF, tmp_path / "lich_su.sqlite", tmp_path / "kq" / "tong_hop.xlsx")
    lists = tmp_path / "ds.xlsx"
    _lists(folder, lists)
    before = lists.read_bytes()
    done = run_cli("rollup", tmp_path / "kq" / "tong_hop.json", "-o", lists)
    assert done.exit_code == 2, done.output
    assert f"Tệp kết quả -o “{lists}” là tệp danh sách đảng viên cần theo dõi" in done.output
    assert lists.read_bytes() == before


def test_a_consolidation_replaces_its_own_output_and_the_lists_their_own(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    (tmp_path / "kq").mkdir()
    history = tmp_path / "lich_su.sqlite"
    out = tmp_path / "kq" / "tong_hop.xlsx"
    first = consolidated_into(folder, CUTOFF, history, out)["run_id"]
    second = consolidated_into(folder, CUTOFF, history, out)["run_id"]
    assert first != second
    assert run_id_of(out) == second
    lists = tmp_path / "ds.xlsx"
    _lists(folder, lists)
    lists.write_bytes(lists.read_bytes())  # any change of time: the lists are still the lists
    _lists(folder, lists)
    # Neither is taken for the other: the lists still refuse the result.
    done = run_cli("lists", folder, "--cutoff", "31/03/2026", "-o", out)
    assert done.exit_code == 2, done.output
    assert "là tệp kết quả của ward-stats" in done.output
