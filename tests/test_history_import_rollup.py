"""`ward-stats history import` takes one ward's summary only: a roll-up of several wards
(`ward-stats rollup --json`, new or written before `level` existed) is refused in Vietnamese and
the history is left byte for byte as it was (or not created), so a roll-up never becomes a
ward's “Cùng kỳ năm trước”."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.helpers_history import digest, run_cli
from tests.helpers_sample import sample_orgs
from toolkit.core.errors import SummaryError
from toolkit.history.records import record_from_summary
from toolkit.history.store import HistoryStore
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A ward consolidated with its history (a real SQLite file), and its roll-up's JSON, as
    written now and as written before `level` existed."""
    tmp = tmp_path_factory.mktemp("import_rollup")
    nop = tmp / "nop"
    nop.mkdir()
    for org in sample_orgs(23, [8, 11], PERIOD):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    ward = tmp / "phuong"
    ward.mkdir()
    done = run_cli(
        "consolidate", nop, "--cutoff", "31/03/2026", "--since", "01/01/2025", "--ward-name", "Phường Thử",
        "-o", ward / "tong_hop.xlsx", "--json", ward / "tong_hop.json",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    up = tmp / "cap_tren"
    up.mkdir()
    rolled = run_cli("rollup", ward / "tong_hop.json", "-o", up / "tinh.xlsx", "--json", up / "tinh.json")
    assert rolled.exit_code == 0, rolled.output
    doc = json.loads((up / "tinh.json").read_text(encoding="utf-8"))
    older = up / "tinh_cu.json"
    older.write_text(json.dumps({k: v for k, v in doc.items() if k != "level"}), encoding="utf-8")
    return {
        "ward": ward / "tong_hop.json",
        "history": ward / "lich_su_tong_hop.sqlite",
        "rollup": up / "tinh.json",
        "older": older,
    }


@pytest.mark.parametrize("which", ["rollup", "older"])
def test_import_refuses_a_rollup_and_leaves_the_history(made: dict[str, Path], which: str) -> None:
    history = made["history"]
    assert len(HistoryStore(history).records()) == 1
    level = json.loads(made[which].read_text(encoding="utf-8")).get("level")
    assert level == ("rollup" if which == "rollup" else None)
    before = digest(history)
    result = run_cli("history", "import", made[which], "--history", history)
    assert result.exit_code == 2, result.output
    assert result.output.startswith(
        f"Lỗi: Không thêm vào lịch sử: “{made[which]}” là số liệu đã tổng hợp lên cấp trên của 1 phường"
    ), result.output
    assert "Lịch sử được giữ nguyên." in result.output
    assert digest(history) == before
    assert len(HistoryStore(history).records()) == 1


def test_a_refused_rollup_creates_no_history(made: dict[str, Path], tmp_path: Path) -> None:
    new = tmp_path / "moi.sqlite"
    result = run_cli("history", "import", made["rollup"], "--history", new)
    assert result.exit_code == 2, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_the_wards_own_summary_is_still_imported(made: dict[str, Path], tmp_path: Path) -> None:
    new = tmp_path / "moi.sqlite"
    result = run_cli("history", "import", made["ward"], "--history", new)
    assert result.exit_code == 0, result.output
    (listed,) = HistoryStore(new).records()
    assert listed.ward_name == "Phường Thử" and listed.origin == "import"
    # `consolidate --json` carries the files read and the tool version, so the imported record
    # holds what the run's own record holds (`history show` was "tệp đã đọc: 0").
    (own_id,) = (r.id for r in HistoryStore(made["history"]).records())
    own, record = HistoryStore(made["history"]).get(own_id), HistoryStore(new).get(listed.id)
    assert own is not None and record is not None
    assert len(own.sources) == 2 and all(s.sha256 for s in own.sources)
    assert record.sources == own.sources
    assert record.tool_version == own.tool_version is not None
    shown = run_cli("history", "show", str(listed.id), "--history", new)
    assert "tệp đã đọc: 2." in shown.output, shown.output


def test_the_library_refuses_it_too(made: dict[str, Path]) -> None:
    doc = json.loads(made["rollup"].read_text(encoding="utf-8"))
    with pytest.raises(SummaryError) as caught:
        record_from_summary(doc, run_id=doc["run_id"], source="tinh.json")
    assert caught.value.message_vi.startswith("Không thêm vào lịch sử: “tinh.json” là số liệu")
