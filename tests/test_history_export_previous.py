"""A record's export carries last year's figures as its run had them (hunt121 F2): `history
export` always wrote `"previous": null`, so the report of an export lacked the whole “So với
cùng kỳ năm trước” section the run's own summary's report has, although the history held last
year's record, and a roll-up of exports said `rollup.no_previous`. The export now finds last
year's record by the run's own rule, among the records stored before it: one added later (a
partial re-run of last year's cut-off, current now) does not change what the run published.

The demo ward through the command line: its history holds 31/3/2025 (record 1) and 31/3/2026
(record 2, the run whose summary is beside it)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.schema_check import assert_valid_summary
from toolkit.cli import main

pytestmark = pytest.mark.slow  # the demo ward: 72 workbooks written and consolidated

HEADING = "## So với cùng kỳ năm trước"


def _cli(*args: Any) -> Result:
    done = CliRunner().invoke(main, [str(a) for a in args])
    assert done.exit_code == 0, done.output
    return done


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "phuong_mau"
    _cli("demo", folder)
    return folder


def _export(history: Path, record_id: int, target: Path) -> dict[str, Any]:
    _cli("history", "export", record_id, "--json", target, "--history", history)
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert_valid_summary(doc)
    return doc


def _compared(summary: Path) -> str:
    """The report's “So với cùng kỳ năm trước” section, heading included ('' when it has none)."""
    out = summary.with_suffix(".md")
    _cli("report", summary, "-o", out)
    text = out.read_text(encoding="utf-8")
    if HEADING not in text:
        return ""
    after = text[text.index(HEADING) :]
    end = after.find("\n## ", len(HEADING))
    return after if end < 0 else after[:end]


def test_the_export_of_the_demo_run_compares_with_last_year_as_the_run_s_own_summary(
    demo: Path, tmp_path: Path
) -> None:
    own_path = demo / "tong_hop_phuong_20260331.json"
    own = json.loads(own_path.read_text(encoding="utf-8"))
    exported = _export(demo / "lich_su_tong_hop.sqlite", 2, tmp_path / "xuat_2.json")
    assert own["previous"] is not None
    assert exported["previous"] == own["previous"]
    assert exported["previous"]["cutoff_date"] == "2025-03-31"
    own_section = _compared(own_path)
    assert "4.114" in own_section
    assert _compared(tmp_path / "xuat_2.json") == own_section
    # Last year's record itself: the history holds no 2024 record to compare it with.
    assert _export(demo / "lich_su_tong_hop.sqlite", 1, tmp_path / "xuat_1.json")["previous"] is None


def test_a_roll_up_of_the_export_has_last_year_s_figures(demo: Path, tmp_path: Path) -> None:
    _export(demo / "lich_su_tong_hop.sqlite", 2, tmp_path / "xuat_2.json")
    _cli(
        "rollup",
        tmp_path / "xuat_2.json",
        "-o",
        tmp_path / "cap_tren.xlsx",
        "--json",
        tmp_path / "cap_tren.json",
    )
    rolled = json.loads((tmp_path / "cap_tren.json").read_text(encoding="utf-8"))
    assert not [i for i in rolled["issues"] if i["code"] == "rollup.no_previous"]
    assert rolled["previous"]["indicators"]["members.total"] == 4114


def test_a_record_of_last_year_added_after_the_run_does_not_change_its_export(
    demo: Path, tmp_path: Path
) -> None:
    """Last year's cut-off consolidated again after the run, with three files left out: the
    new record is current there (a run made now would compare with it), but the run exported
    compared with record 1, and its export says what it published."""
    folder = tmp_path / "phuong"
    shutil.copytree(demo, folder)
    part = tmp_path / "mot_phan"
    shutil.copytree(folder / "nam_truoc" / "nop", part)
    for file in part.glob("HD0[1-3]*"):
        file.unlink()
    history = folder / "lich_su_tong_hop.sqlite"
    _cli(
        "consolidate", part, "--registry", folder / "danh_muc_to_chuc.xlsx", "--cutoff", "31/03/2025",
        "--ward-name", "Phường Mẫu", "--history", history,
        "-o", tmp_path / "lai.xlsx", "--json", tmp_path / "lai.json",
    )  # fmt: skip
    again = json.loads((tmp_path / "lai.json").read_text(encoding="utf-8"))
    assert again["indicators"]["members.total"] != 4114
    listed = _cli("history", "list", "--history", history).output
    lines = {line.split()[2]: line for line in listed.splitlines() if line.startswith("Lần số ")}
    assert lines["3"].startswith("Lần số 3  chốt 31/03/2025") and lines["3"].endswith("hiện hành")
    # Record #1, of the same cut-off and ward, is now the superseded one, and names #3.
    assert lines["1"].endswith("cũ (đã có lần số 3 mới hơn của phường này cùng ngày chốt)")
    own = json.loads((folder / "tong_hop_phuong_20260331.json").read_text(encoding="utf-8"))
    exported = _export(history, 2, tmp_path / "xuat_2.json")
    assert exported["previous"] == own["previous"]
    assert exported["previous"]["indicators"]["members.total"] == 4114
