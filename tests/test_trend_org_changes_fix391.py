"""`Xu hướng` names the cut-offs whose runs, each whole, consolidated other organisations (fix391):
an organisation dissolved, two merged into a new one (9/9 then 8/8). Before, only a cut-off that
left organisations out was said; 372 then 338 of two whole runs read as members lost. The report
compares such runs (`history.previous_orgs_changed`: "Đó vẫn là số liệu của Đảng bộ phường kỳ
đó nên vẫn được so sánh"), so the sheet says the catalogue changed, how many organisations each
cut-off has and what changed, never "không cùng phạm vi tổ chức"; an organisation given a new
code only is no change. Real workbooks, registries and a real SQLite history."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.helpers_history import recoded
from tests.test_trend_same_scope_fix387 import _registry, _run
from toolkit.outputs.sheets.trend import (
    NOT_LIKE_FOR_LIKE,
    STORED,
    THIS_RUN,
    Point,
    gap_title,
    org_change_sentences,
)
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import OrgRows
from toolkit.sample.ward import build_sample_ward

EARLIER, CUTOFF = dt.date(2025, 3, 31), dt.date(2026, 3, 31)
CHANGED = "Danh mục tổ chức thay đổi giữa các lần chốt"
TITLE_CHANGED = "— danh mục tổ chức thay đổi: "


def _sheet(summary: dict[str, Any]) -> tuple[str, str, list[str]]:
    """Row 3 of `Xu hướng`, the note under its table, and its charts' titles."""
    wb = openpyxl.load_workbook(Path(summary["_path"]).with_suffix(".xlsx"))
    ws = wb["Xu hướng"]
    (note,) = [c.value for c in ws["A"] if isinstance(c.value, str) and "lần chốt số liệu" in c.value]
    titles = []
    for chart in ws._charts:
        rich = chart.title.tx.rich
        titles.append("".join(r.t for p in rich.p for r in (p.r or [])))
    return str(ws["A3"].value), note, titles


def _new_org(org: OrgRows, code: str, name: str) -> OrgRows:
    """`org`'s members under another organisation, of another code and name (a merger's new one)."""
    info = {**org.info, "org_code": code, "org_name": name}
    return replace(org, info=info, organisation=replace(org.organisation, org_code=code, org_name=name))


@pytest.fixture(scope="module")
def sample() -> list[OrgRows]:
    return build_sample_ward().orgs[:9]


def test_an_organisation_dissolved_between_whole_runs_is_named(sample: list[OrgRows], tmp_path: Path) -> None:
    """9/9 at 31/3/2025, 8/8 at 31/3/2026 (HD09 dissolved): the note and both charts' titles name
    the two cut-offs and their counts; the report's warning says the same change."""
    _run(tmp_path, [as_of(o, EARLIER) for o in sample], _registry(tmp_path, sample, "9"), EARLIER)
    summary = _run(tmp_path, sample[:8], _registry(tmp_path, sample[:8], "8"), CUTOFF)
    assert any(i["code"] == "history.previous_orgs_changed" for i in summary["issues"])
    row3, note, titles = _sheet(summary)
    assert row3 == "Đã tổng hợp đủ số liệu của 8/8 tổ chức.", row3
    assert (
        f"{CHANGED}: ngày 31/3/2025 có 9 tổ chức; ngày 31/3/2026 có 8 tổ chức (không còn 1 tổ chức so "
        "với lần chốt trước). Mỗi lần chốt gồm các tổ chức có tại ngày đó, nên tăng, giảm giữa các lần "
        "có thể một phần do tổ chức được thành lập, sáp nhập, giải thể, không chỉ do biến động đảng viên."
    ) in note, note
    assert NOT_LIKE_FOR_LIKE not in note
    assert len(titles) == 2, titles
    for title in titles:
        assert title.endswith(f"{TITLE_CHANGED}31/3/2025 (9 tổ chức), 31/3/2026 (8 tổ chức)"), title


def test_two_merged_into_a_new_one_over_three_cut_offs(sample: list[OrgRows], tmp_path: Path) -> None:
    """HD08 and HD09 merged into HD11 (a new name) after 31/3/2025; 31/3/2024 and 31/3/2025 of the
    same 9: only the cut-offs of the change are named, with what changed (same-size catalogues
    would not show it by their counts alone)."""
    before = _registry(tmp_path, sample, "9")
    for day in (dt.date(2024, 3, 31), EARLIER):
        _run(tmp_path, [as_of(o, day) for o in sample], before, day)
    merged = _new_org(sample[7], "HD11", "Đảng bộ Khối y tế phường")
    now = [*sample[:7], merged]
    summary = _run(tmp_path, now, _registry(tmp_path, now, "11"), CUTOFF)
    _row3, note, titles = _sheet(summary)
    assert (
        f"{CHANGED}: ngày 31/3/2025 có 9 tổ chức; ngày 31/3/2026 có 8 tổ chức (thêm 1 tổ chức, không "
        "còn 2 tổ chức so với lần chốt trước)."
    ) in note, note
    assert "31/3/2024 có" not in note
    for title in titles:
        assert title.endswith(f"{TITLE_CHANGED}31/3/2025 (9 tổ chức), 31/3/2026 (8 tổ chức)"), title


def test_a_new_code_only_is_no_change(sample: list[OrgRows], tmp_path: Path) -> None:
    """HD03 renumbered HD76 (same name), every run whole: the same organisations, nothing said."""
    _run(tmp_path, [as_of(o, EARLIER) for o in sample], _registry(tmp_path, sample, "9"), EARLIER)
    now = [recoded(o, "HD76") if o.organisation.org_code == "HD03" else o for o in sample]
    summary = _run(tmp_path, now, _registry(tmp_path, now, "76"), CUTOFF)
    _row3, note, titles = _sheet(summary)
    assert CHANGED not in note and NOT_LIKE_FOR_LIKE not in note, note
    assert titles and not any(TITLE_CHANGED in t for t in titles), titles


def test_runs_without_a_registry_say_a_file_may_be_missing(sample: list[OrgRows], tmp_path: Path) -> None:
    """No registry either year (the organisations are those that sent a file): 9 files, then 8.
    The one gone may only have sent none, so no "danh mục" is named and the change is said as
    possibly no real one."""
    _run(tmp_path, [as_of(o, EARLIER) for o in sample], None, EARLIER)
    summary = _run(tmp_path, sample[:8], None, CUTOFF)
    _row3, note, titles = _sheet(summary)
    assert (
        "Các tổ chức được tổng hợp thay đổi giữa các lần chốt: ngày 31/3/2025 có 9 tổ chức; ngày "
        "31/3/2026 có 8 tổ chức (không còn 1 tổ chức so với lần chốt trước). Lần tổng hợp ngày "
        "31/3/2025, 31/3/2026 không có danh mục tổ chức (chỉ gồm các tổ chức đã nộp tệp), nên tổ chức "
        "không có ở một lần có thể chỉ là chưa nộp tệp: số liệu tăng, giảm giữa các lần có thể không "
        "phải biến động thật."
    ) in note, note
    assert CHANGED not in note
    for title in titles:
        assert title.endswith(
            "— tổ chức được tổng hợp thay đổi: 31/3/2025 (9 tổ chức), 31/3/2026 (8 tổ chức)"
        )


def _point(day: dt.date, done: int, orgs: frozenset[str] | None, source: str = STORED) -> Point:
    indicators = {"orgs.consolidated": done, "orgs.registered": done, "members.total": 10 * done}
    return Point(day, indicators, source, dt.date(day.year, 1, 1), orgs)


def test_organisations_not_known_compare_by_their_counts() -> None:
    """A stored record without its organisations (an older version's, an import): a change of
    count is said without what changed; the same count is nothing to say. A cut-off that left
    organisations out is said by the gap sentences, not this one."""
    now = _point(CUTOFF, 2, frozenset({"a01", "a02"}), THIS_RUN)
    other = _point(EARLIER, 3, None)
    (said,) = org_change_sentences([other, now])
    assert said.startswith(f"{CHANGED}: ngày 31/3/2025 có 3 tổ chức; ngày 31/3/2026 có 2 tổ chức. "), said
    assert gap_title("T", [other, now]) == f"T {TITLE_CHANGED}31/3/2025 (3 tổ chức), 31/3/2026 (2 tổ chức)"
    assert org_change_sentences([_point(EARLIER, 2, None), now]) == []
    short = Point(EARLIER, {"orgs.consolidated": 2, "orgs.registered": 3}, STORED, dt.date(2025, 1, 1))
    assert org_change_sentences([short, now]) == []
