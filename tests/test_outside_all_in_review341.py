"""A run whose registry's organisations are all consolidated but that also had a file of an
organisation outside the registry is partial (its members are left out), and every text that
says so names the one outside beside the count: "chỉ gồm 72/72 tổ chức" alone read as whole and
incomplete at once (review341: Xu hướng's note and chart titles, the rate-of-target caveat, a
roll-up's row 3 and report naming "Phường Hai: 72/72 tổ chức" as lacking organisations).

Real runs: the three-organisation ward with a registry lacking K03 (its file outside it)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from helpers_ward import CODES, Ward, cli, consolidate, organisation, pristine, ward
from openpyxl import load_workbook

from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.sheets import SHEET_REPORT, SHEET_SUMMARY, SHEET_TREND
from toolkit.outputs.sheets.trend import THIS_RUN, Point, gap_title
from toolkit.outputs.summary_lines import target_scope

__all__ = ["pristine", "ward"]  # fixtures

OUTSIDE = "(ngoài ra 1 tổ chức chưa có trong danh mục có nộp tệp, không được tổng hợp)"
ALL_IN_OUTSIDE = {"orgs.consolidated": 72, "orgs.registered": 72, "orgs.unregistered": 1}


def _texts(ws) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def _outside_run(ward: Ward, tmp_path: Path, name: str = "out") -> Path:
    registry = write_registry(Registry([organisation(c) for c in CODES[:2]]), tmp_path / "danh_muc.xlsx")
    out = tmp_path / name
    out.mkdir()
    result = consolidate(ward, out, "--history", tmp_path / "lich_su.sqlite", registry=registry)
    assert result.exit_code == 1, result.output  # K03's file is an error (org.unknown)
    return out


def test_trend_note_names_the_file_outside_beside_a_whole_registry(ward: Ward, tmp_path: Path) -> None:
    out = _outside_run(ward, tmp_path)
    notes = [t for t in _texts(load_workbook(out / "tong_hop.xlsx")[SHEET_TREND]) if "Chưa đủ số liệu ở" in t]
    assert notes and all(f"chỉ gồm 2/2 tổ chức trong danh mục {OUTSIDE}." in t for t in notes), notes
    assert not any("chỉ gồm 2/2 tổ chức." in t for t in notes), notes


def test_trend_chart_title_names_the_file_outside() -> None:
    point = Point(dt.date(2026, 3, 31), dict(ALL_IN_OUTSIDE), THIS_RUN, dt.date(2026, 1, 1))
    title = gap_title("Đảng viên", [point])
    assert (
        title == "Đảng viên — chưa đủ tổ chức: 31/3/2026 (72/72, ngoài ra 1 tổ chức chưa có trong danh mục)"
    )


def test_target_caveat_names_the_file_outside_beside_a_whole_registry() -> None:
    words = target_scope(dict(ALL_IN_OUTSIDE))
    assert words is not None
    assert f"kết nạp mới gồm 72/72 tổ chức trong danh mục đã tổng hợp {OUTSIDE}, nên" in words, words
    # A registry's organisations lacking, no file outside: as before.
    partial = target_scope({"orgs.consolidated": 70, "orgs.registered": 72})
    assert partial is not None and "kết nạp mới gồm 70/72 tổ chức đã tổng hợp, nên" in partial
    rolled = target_scope({}, rollup=True, wards=[("Phường Hai", {**ALL_IN_OUTSIDE, "targets.2025": 10})])
    assert rolled is not None
    assert f"của Phường Hai chỉ gồm 72/72 tổ chức trong danh mục đã tổng hợp {OUTSIDE}, nên" in rolled


def test_rollup_names_a_ward_whole_but_for_a_file_outside(ward: Ward, tmp_path: Path) -> None:
    """Row 3 and the report's opening of a roll-up of that ward: "Phường Hai: 2/2 tổ chức" said as
    a ward lacking organisations, beside nothing that says what it lacks."""
    out = _outside_run(ward, tmp_path)
    summary = json.loads((out / "tong_hop.json").read_text("utf-8"))
    summary.update(ward_name="Phường Hai")
    src = tmp_path / "hai.json"
    src.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    rolled = tmp_path / "r"
    rolled.mkdir()
    result = cli("rollup", src, "--name", "Đảng bộ Thử", "-o", rolled / "r.xlsx", "--json", rolled / "r.json")
    assert result.exit_code in (0, 1), result.output
    wb = load_workbook(rolled / "r.xlsx")
    said = "Phường Hai: 2/2 tổ chức trong danh mục, ngoài ra 1 tổ chức chưa có trong danh mục có nộp tệp"
    row3 = wb[SHEET_SUMMARY]["A3"].value
    assert said in row3, row3
    assert "Phường Hai: 2/2 tổ chức)" not in row3 and "Phường Hai: 2/2 tổ chức;" not in row3
    report = [t for t in _texts(wb[SHEET_REPORT]) if t.startswith("Số liệu tổng hợp từ")]
    # The report pads its counts ("01 phường …"), the one outside too; row 3 does not (fix365).
    assert report and said.replace("ngoài ra 1 ", "ngoài ra 01 ") in report[0], report


def test_trend_compares_runs_whose_only_gap_is_a_file_outside_the_registry() -> None:
    """Cut-offs that each consolidated their whole registry are compared, with the caveat that
    the members of the file outside are not in; "không cùng phạm vi tổ chức" read against the
    report's "Hai kỳ tổng hợp cùng 72 tổ chức" (fix347's rule). A registry organisation left out
    at one cut-off still makes the note "không cùng phạm vi". Each run consolidated the same
    organisations (`Point.orgs`; fix387: not known, or others, is "không cùng phạm vi")."""
    from toolkit.outputs.sheets.trend import NOT_LIKE_FOR_LIKE, OUTSIDE_ONLY, STORED, gap_sentences

    whole = {"orgs.consolidated": 72, "orgs.registered": 72}
    same = frozenset(f"HD{n:02d}" for n in range(1, 73))
    earlier = Point(dt.date(2025, 3, 31), dict(whole), STORED, dt.date(2025, 1, 1), same)
    now = Point(dt.date(2026, 3, 31), dict(ALL_IN_OUTSIDE), THIS_RUN, dt.date(2026, 1, 1), same)
    said = gap_sentences([earlier, now])
    assert OUTSIDE_ONLY.format(which="lần ấy") in said and NOT_LIKE_FOR_LIKE not in said, said
    also = Point(dt.date(2025, 12, 31), dict(ALL_IN_OUTSIDE), STORED, dt.date(2025, 1, 1), same)
    assert OUTSIDE_ONLY.format(which="các lần ấy") in gap_sentences([earlier, also, now])
    short = Point(
        dt.date(2025, 3, 31), {"orgs.consolidated": 70, "orgs.registered": 72}, STORED, dt.date(2025, 1, 1)
    )
    said = gap_sentences([short, now])
    assert NOT_LIKE_FOR_LIKE in said and not any("chưa gồm đảng viên" in t for t in said), said
