"""`ward-stats rollup` never adds a ward twice: on the real demo ward, a copy of its summary,
the history export of its run, another run of it (even under another name: the same figures)
and a roll-up that already holds it each stop the roll-up with a Vietnamese message naming the
files, exit code 2, and nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.helpers_history import run_cli
from tests.schema_check import assert_valid_summary
from toolkit.history.store import HistoryStore

pytestmark = pytest.mark.slow  # the demo writes and consolidates 72 workbooks

SUMMARY = "tong_hop_phuong_20260331.json"
NOTHING_WRITTEN = "Chưa ghi tệp kết quả nào."


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo ward consolidated (its JSON and its history; the demo names it "Phường Mẫu"),
    consolidated once more as another run under another ward name, and its run exported from
    the history."""
    tmp = tmp_path_factory.mktemp("double_count")
    folder = tmp / "phuong_mau"
    made = run_cli("demo", folder)
    assert made.exit_code == 0, made.output
    again = tmp / "lan_hai"
    again.mkdir()
    second = run_cli(
        "consolidate", folder / "nop", "--registry", folder / "danh_muc_to_chuc.xlsx",
        "--cutoff", "2026-03-31", "--since", "2020-01-01", "--ward-name", "Phường Hải Dương",
        "-o", again / "tong_hop.xlsx", "--json", again / "tong_hop.json", "--no-history",
    )  # fmt: skip
    assert second.exit_code == 0, second.output
    exported = tmp / "xuat.json"
    history = folder / "lich_su_tong_hop.sqlite"
    # The demo records the same ward a year earlier first: its own run is found by its id.
    record = HistoryStore(history).find_run(_load(folder / SUMMARY)["run_id"])
    assert record is not None
    done = run_cli("history", "export", str(record), "--json", exported, "--history", history)
    assert done.exit_code == 0, done.output
    return {
        "summary": folder / SUMMARY,
        "history": folder / "lich_su_tong_hop.sqlite",
        "second": again / "tong_hop.json",
        "exported": exported,
    }


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _refused(result: Result, out: Path, *names: str) -> str:
    """The roll-up stopped with exit code 2, naming `names`, and wrote nothing in `out`."""
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Lỗi: Không tổng hợp lên cấp trên: "), result.output
    for name in names:
        assert f"“{name}”" in result.output, name
    assert NOTHING_WRITTEN in result.output
    assert sorted(p.name for p in out.iterdir()) == []
    return result.output


def test_a_byte_identical_copy_of_a_ward_summary_is_refused(demo: dict[str, Path], tmp_path: Path) -> None:
    copy = tmp_path / "A_copy.json"
    shutil.copyfile(demo["summary"], copy)
    out = tmp_path / "ket_qua"
    out.mkdir()
    result = run_cli("rollup", demo["summary"], copy, "-o", out / "r2.xlsx", "--json", out / "r2.json")
    said = _refused(result, out, str(demo["summary"]), str(copy))
    assert "là hai bản của cùng một tệp (nội dung giống hệt)" in said
    twice = run_cli("rollup", demo["summary"], demo["summary"], "-o", out / "r2.xlsx")
    assert "là cùng một tệp, được chọn hai lần" in _refused(twice, out, str(demo["summary"]))


def test_the_history_export_of_the_same_run_is_refused(demo: dict[str, Path], tmp_path: Path) -> None:
    assert _load(demo["exported"])["run_id"] == _load(demo["summary"])["run_id"]
    result = run_cli("rollup", demo["summary"], demo["exported"], "-o", tmp_path / "r.xlsx")
    said = _refused(result, tmp_path, str(demo["summary"]), str(demo["exported"]))
    assert f"là cùng một lần tổng hợp (mã lần chạy {_load(demo['summary'])['run_id']})" in said


def test_another_run_of_the_same_ward_is_refused_whatever_its_name(
    demo: dict[str, Path], tmp_path: Path
) -> None:
    first, second = _load(demo["summary"]), _load(demo["second"])
    assert first["run_id"] != second["run_id"] and first["ward_name"] == "Phường Mẫu"
    assert second["ward_name"] == "Phường Hải Dương"
    # The export is of the first run: to the second run, another run of the same ward too.
    for a, b in ((demo["summary"], demo["second"]), (demo["second"], demo["exported"])):
        result = run_cli("rollup", a, b, "-o", tmp_path / "r.xlsx")
        said = _refused(result, tmp_path, str(a), str(b))
        # Two names: the same list alone is no proof (a district's standard registry gives every
        # ward one, hunt123 F2), the same figures of every organisation are.
        assert "là số liệu của cùng một phường (72 tổ chức cùng mã, cùng tên và cùng số liệu" in said


def test_a_rollup_is_refused_as_an_input_new_or_written_before_level(
    demo: dict[str, Path], tmp_path: Path
) -> None:
    up = tmp_path / "cap_tren"
    up.mkdir()
    made = run_cli("rollup", demo["summary"], "-o", up / "r1.xlsx", "--json", up / "r1.json")
    assert made.exit_code == 0, made.output
    rolled = _load(up / "r1.json")
    old = up / "r1_cu.json"  # as written before `level` existed
    old.write_text(json.dumps({k: v for k, v in rolled.items() if k != "level"}), encoding="utf-8")
    edited = up / "r1_sua.json"  # hand-edited to call itself a ward: its wards would count twice
    edited.write_text(json.dumps({**rolled, "level": "ward"}), encoding="utf-8")
    for rollup_json in (up / "r1.json", old, edited):
        out = tmp_path / f"out_{rollup_json.stem}"
        out.mkdir()
        for inputs in ((demo["summary"], rollup_json), (rollup_json,)):
            result = run_cli("rollup", *inputs, "-o", out / "r.xlsx", "--json", out / "r.json")
            said = _refused(result, out, str(rollup_json))
            assert "là số liệu đã tổng hợp lên cấp trên của 1 phường" in said
            assert ("dù mục level trong tệp ghi “ward”" in said) is (rollup_json == edited)
    for rollup_json in (old, edited):  # neither goes into a ward's history either
        history = tmp_path / f"h_{rollup_json.stem}.sqlite"
        result = run_cli("history", "import", rollup_json, "--history", history)
        assert result.exit_code != 0 and "là số liệu đã tổng hợp lên cấp trên" in result.output
        assert not history.exists() or not HistoryStore(history).records()
    assert rolled["level"] == "rollup" and _load(demo["summary"])["level"] == "ward"
    assert_valid_summary(rolled)


def test_the_demo_ward_alone_still_rolls_up(demo: dict[str, Path], tmp_path: Path) -> None:
    result = run_cli("rollup", demo["second"], "-o", tmp_path / "r.xlsx", "--json", tmp_path / "r.json")
    assert result.exit_code == 0, result.output
    assert "Đã tổng hợp 1/1 phường, 4.216 đảng viên" in result.output
