"""The note on a rate over a target typed for some organisations only survives the history
(fixU; hunt82 f3). `registry.partial_targets` adds a note to the report's rate sentence, read
from the summary's issues; a history record keeps no issue, so `ward-stats report` of a
`history export` printed the inflated rate without the note. The summary now says the years
(`partial_target_years`, written by `consolidate` always, [] when none), the history keeps
them (schema version 4), an export and an import carry them, and the report reads them first,
falling back to the issues for a summary written before the field.

Real generated submissions, a real registry workbook, real SQLite histories, the command line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.helpers_sample import sample_orgs
from tests.schema_check import assert_valid_summary
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
CODE = "registry.partial_targets"
# The report's note after such a rate (`report.PARTIAL_TARGET_NOTE`).
NOTE = "danh mục chưa ghi chỉ tiêu của một số tổ chức đã kết nạp trong năm, nên tỷ lệ có thể cao hơn thực tế"
# Above the target: "vượt", the figure kept (hunt174 #3).
RATE_2026 = f"vượt chỉ tiêu năm 2026 (02 đảng viên), đạt tỷ lệ 200%; {NOTE}."
RATE_2025 = f"năm 2025: 02 (đạt 66,67% chỉ tiêu 03; {NOTE})"
# As tests/test_registry_partial_targets.py: seed 73 admits in 2026 T01 1, T02 2, T03 0, T04 1
# and in 2025 T02 1, T03 1. "partial": 2026 typed for T03 only, 2025 for T02 only (both said);
# "full": every organisation has a target each year (nothing said).
TARGETS: dict[str, dict[str, dict[int, int]]] = {
    "partial": {"T01": {2024: 1}, "T02": {2024: 1, 2025: 3}, "T03": {2024: 1, 2026: 2}, "T04": {2024: 1}},
    "full": {code: {2024: 1, 2025: 1, 2026: 1} for code in ("T01", "T02", "T03", "T04")},
}


def _cli(*args: Any) -> Result:
    done = CliRunner().invoke(main, [str(a) for a in args])
    assert done.exit_code == 0, done.output
    return done


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _save(doc: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _export(history: Path, record_id: int, target: Path) -> dict[str, Any]:
    _cli("history", "export", record_id, "--json", target, "--history", history)
    doc = _load(target)
    assert_valid_summary(doc)
    return doc


def _report(summary: Path) -> str:
    md = summary.with_suffix(".md")
    _cli("report", summary, "-o", md)
    return " ".join(md.read_text(encoding="utf-8").split())


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each case's ward consolidated on the command line with a history: its folder, holding
    `tong_hop.json` and `lich_su.sqlite` (record 1)."""
    base = tmp_path_factory.mktemp("partial_history")
    orgs = sample_orgs(73, [40, 35, 30, 45], PERIOD, prefix="T")
    nop = base / "nop"
    nop.mkdir()
    for org in orgs:
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    made = {}
    for case, targets in TARGETS.items():
        out = base / case
        out.mkdir()
        listed = [dataclasses.replace(o.organisation, targets=targets[o.organisation.org_code]) for o in orgs]
        registry = write_registry(Registry(listed), out / "danh_muc.xlsx")
        _cli(
            "consolidate", nop, "--registry", registry, "--cutoff", "31/03/2026", "--since", "01/01/2024",
            "-o", out / "tong_hop.xlsx", "--json", out / "tong_hop.json",
            "--history", out / "lich_su.sqlite", "--ward-name", "Phường Thử",
        )  # fmt: skip
        made[case] = out
    return made


def test_the_report_of_an_export_notes_the_rate_as_the_run_s_own_does(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    own = _load(runs["partial"] / "tong_hop.json")
    assert sorted(i["value"] for i in own["issues"] if i["code"] == CODE) == ["2025", "2026"]
    assert own["partial_target_years"] == [2025, 2026]
    mine = _report(runs["partial"] / "tong_hop.json")
    assert RATE_2026 in mine and RATE_2025 in mine, mine

    exported = _export(runs["partial"] / "lich_su.sqlite", 1, tmp_path / "xuat.json")
    assert exported["issues"] == []  # a record keeps no issue
    assert exported["partial_target_years"] == [2025, 2026]
    text = _report(tmp_path / "xuat.json")
    assert RATE_2026 in text and RATE_2025 in text, text


def test_an_export_imported_and_exported_again_keeps_the_years(runs: dict[str, Path], tmp_path: Path) -> None:
    first = _export(runs["partial"] / "lich_su.sqlite", 1, tmp_path / "xuat.json")
    other = tmp_path / "khac" / "lich_su.sqlite"
    other.parent.mkdir()
    _cli("history", "import", tmp_path / "xuat.json", "--history", other)
    conn = sqlite3.connect(other)
    try:
        stored = conn.execute("SELECT partial_target_years FROM consolidation").fetchall()
    finally:
        conn.close()
    assert stored == [("[2025,2026]",)]
    again = _export(other, 1, tmp_path / "xuat_lai.json")
    assert again["partial_target_years"] == first["partial_target_years"] == [2025, 2026]
    text = _report(tmp_path / "xuat_lai.json")
    assert RATE_2026 in text and RATE_2025 in text, text


def test_a_run_with_every_target_typed_says_none_through_the_history(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    own = _load(runs["full"] / "tong_hop.json")
    assert own["partial_target_years"] == [] and not [i for i in own["issues"] if i["code"] == CODE]
    exported = _export(runs["full"] / "lich_su.sqlite", 1, tmp_path / "xuat.json")
    assert exported["partial_target_years"] == []
    text = _report(tmp_path / "xuat.json")
    assert NOTE not in text and "theo chỉ tiêu năm 2026 (" in text, text


def test_an_older_summary_without_the_field_reports_as_before(runs: dict[str, Path], tmp_path: Path) -> None:
    """A summary written before the field: the run's own still notes the rate from its issues;
    an export of an older build (no issue, no field) says the rate without the note, as before;
    imported, it is stored NULL and exported again without the field."""
    own = _load(runs["partial"] / "tong_hop.json")
    del own["partial_target_years"]
    text = _report(_save(own, tmp_path / "cu.json"))
    assert RATE_2026 in text and RATE_2025 in text, text

    exported = _export(runs["partial"] / "lich_su.sqlite", 1, tmp_path / "xuat.json")
    del exported["partial_target_years"]
    older = _save(exported, tmp_path / "xuat_cu.json")
    text = _report(older)
    assert NOTE not in text and "vượt chỉ tiêu năm 2026 (02 đảng viên), đạt tỷ lệ 200%." in text, text
    other = tmp_path / "khac.sqlite"
    _cli("history", "import", older, "--history", other)
    assert "partial_target_years" not in _export(other, 1, tmp_path / "xuat_lai.json")


def test_the_field_is_checked_and_a_rollup_keeps_it(runs: dict[str, Path], tmp_path: Path) -> None:
    own = _load(runs["partial"] / "tong_hop.json")
    bad = _save({**own, "partial_target_years": "2026"}, tmp_path / "hong.json")
    done = CliRunner().invoke(main, ["report", str(bad), "-o", str(tmp_path / "hong.md")])
    assert done.exit_code != 0
    assert "mục partial_target_years phải là một danh sách năm (số nguyên)" in done.output, done.output

    rolled = tmp_path / "cap_tren"
    rolled.mkdir()
    _cli("rollup", runs["partial"] / "tong_hop.json", "-o", rolled / "r.xlsx", "--json", rolled / "r.json")
    summary = _load(rolled / "r.json")
    # hunt86 F1: the roll-up keeps the ward's years (tests/test_rollup_partial_targets.py).
    assert summary["partial_target_years"] == [2025, 2026]
    assert NOTE.replace("danh mục", "danh mục của Phường Thử") in _report(rolled / "r.json")
