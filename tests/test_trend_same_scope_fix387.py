"""Xu hướng and the forms of last year's record at another forms' period say of "the same
organisations" what `Báo cáo` says (fix347's rule, `stats.coverage.outside_only`), the sample ward's
organisations as at 31/3/2025 and 31/3/2026, real workbooks, a real registry and a real history.

- Xu hướng compared two cut-offs whose only gap is a file outside this year's registry as like for
  like ("Số liệu của lần ấy chưa gồm đảng viên …, nên số thực tế có thể cao hơn") even when that
  file is of an organisation last year's run consolidated: 372 → 338 read as a fall, while the
  report said "nên hai số này không cùng phạm vi". Each stored point now carries the organisations
  its run consolidated (`PastRun.consolidated`); the caveat alone is given only when every
  cut-off's run consolidated the same ones, and when that is not known (a record without
  organisations) the note stays "không cùng phạm vi tổ chức".
- Biểu 3, filled from last year's record at its cut-off of another forms' period
  (`forms._snapshot_form`), got no `previous_common`, so it kept "không cùng các tổ chức" and an
  empty (%) column for two runs of the same organisations (fix347 found 2)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.helpers_history import recoded
from toolkit.core.model import Registry
from toolkit.io.registry import read_registry
from toolkit.outputs.publish import write_outputs
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.report import HEADING_COMPARED, report_sections
from toolkit.outputs.sheets.trend import (
    NOT_LIKE_FOR_LIKE,
    OUTSIDE_ONLY,
    STORED,
    THIS_RUN,
    Point,
    gap_sentences,
)
from toolkit.outputs.template import submission_filename
from toolkit.pipeline import consolidate
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import OrgRows
from toolkit.sample.ward import build_sample_ward

EARLIER, CUTOFF = dt.date(2025, 3, 31), dt.date(2026, 3, 31)
ONE = "Phường Một"
CAVEAT = OUTSIDE_ONLY.format(which="lần ấy")


def _run(
    tmp: Path, orgs: list[OrgRows], registry: Registry, cutoff: dt.date, form_from: dt.date | None = None
) -> dict[str, Any]:
    folder = tmp / f"nop_{cutoff.year}"
    folder.mkdir()
    for org in orgs:
        org.write(folder / submission_filename(org.organisation))
    result = consolidate(
        [folder],
        cutoff=cutoff,
        since=dt.date(2020, 1, 1),
        registry=registry,
        ward_name=ONE,
        form_from=form_from,
    )
    out = tmp / f"tong_hop_{cutoff.year}.json"
    write_outputs(result, out.with_suffix(".xlsx"), out, history=tmp / "lich_su.sqlite")
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    data["_path"] = str(out)
    return data


def _registry(tmp: Path, orgs: list[OrgRows], name: str) -> Registry:
    return read_registry(
        write_registry(Registry([o.organisation for o in orgs]), tmp / f"danh_muc_{name}.xlsx")
    )


def _compared(summary: dict[str, Any]) -> str:
    (section,) = [s for s in report_sections(summary) if s.title == HEADING_COMPARED]
    (text,) = section.paragraphs
    return text


def _trend_notes(summary: dict[str, Any]) -> tuple[str, str]:
    """Row 3 of `Xu hướng`, and the note under its table."""
    ws = openpyxl.load_workbook(Path(summary["_path"]).with_suffix(".xlsx"))["Xu hướng"]
    (note,) = [c.value for c in ws["A"] if isinstance(c.value, str) and "lần chốt số liệu" in c.value]
    return str(ws["A3"].value), note


@pytest.fixture(scope="module")
def sample() -> list[OrgRows]:
    return build_sample_ward().orgs[:9]


def test_file_outside_of_an_organisation_last_year_consolidated_is_not_like_for_like_in_the_trend(
    sample: list[OrgRows], tmp_path: Path
) -> None:
    """Last year's registry had the 9th organisation, consolidated; this year's lacks it, and its
    file is outside the registry: the report and Xu hướng both say the cut-offs differ."""
    _run(tmp_path, [as_of(o, EARLIER) for o in sample], _registry(tmp_path, sample, "9"), EARLIER)
    summary = _run(tmp_path, sample, _registry(tmp_path, sample[:8], "8"), CUTOFF)
    assert "nên hai số này không cùng phạm vi" in _compared(summary)
    for text in _trend_notes(summary):
        assert NOT_LIKE_FOR_LIKE in text and CAVEAT not in text, text


def test_same_organisations_both_cut_offs_keep_the_caveat_in_the_trend(
    sample: list[OrgRows], tmp_path: Path
) -> None:
    """The same 8 both years, the 9th's file outside this year's registry: like for like, as the
    report's "Hai kỳ tổng hợp cùng 8 tổ chức"."""
    registry = _registry(tmp_path, sample[:8], "8")
    _run(tmp_path, [as_of(o, EARLIER) for o in sample[:8]], registry, EARLIER)
    summary = _run(tmp_path, sample, registry, CUTOFF)
    assert "Hai kỳ tổng hợp cùng 8 tổ chức" in _compared(summary)
    for text in _trend_notes(summary):
        assert CAVEAT in text and NOT_LIKE_FOR_LIKE not in text, text


def test_an_organisation_given_a_new_code_only_is_of_the_same_organisations(
    sample: list[OrgRows], tmp_path: Path
) -> None:
    """HD03 renumbered HD76 (same name) in this year's registry: one organisation of both runs,
    as the report's comparison pairs it (`_past_run`), so Xu hướng gives the caveat alone."""
    _run(tmp_path, [as_of(o, EARLIER) for o in sample[:8]], _registry(tmp_path, sample[:8], "8"), EARLIER)
    now = [recoded(o, "HD76") if o.organisation.org_code == "HD03" else o for o in sample]
    summary = _run(tmp_path, now, _registry(tmp_path, now[:8], "76"), CUTOFF)
    assert "Hai kỳ tổng hợp cùng 8 tổ chức" in _compared(summary)
    for text in _trend_notes(summary):
        assert CAVEAT in text and NOT_LIKE_FOR_LIKE not in text, text


ALL_IN_OUTSIDE = {"orgs.consolidated": 2, "orgs.registered": 2, "orgs.unregistered": 1, "members.total": 30}
ALL_IN = {"orgs.consolidated": 2, "orgs.registered": 2, "orgs.unregistered": 0, "members.total": 28}


def test_organisations_not_known_or_different_keep_the_conservative_note() -> None:
    """A stored point without its organisations (an older record, an import without them), or of
    other organisations, is not said like for like; the same ones are."""
    now = Point(CUTOFF, dict(ALL_IN_OUTSIDE), THIS_RUN, dt.date(2026, 1, 1), frozenset({"A01", "A02"}))
    for orgs, expected in (
        (frozenset({"A01", "A02"}), CAVEAT),
        (None, NOT_LIKE_FOR_LIKE),
        (frozenset({"A01", "A03"}), NOT_LIKE_FOR_LIKE),
    ):
        earlier = Point(EARLIER, dict(ALL_IN), STORED, dt.date(2025, 1, 1), orgs)
        assert gap_sentences([earlier, now])[-1] == expected, orgs


def _biểu_3(summary: dict[str, Any]) -> tuple[list[str], object]:
    """The notes under Biểu 3-BTCTW, and its line I's (%) cell."""
    ws = openpyxl.load_workbook(Path(summary["_path"]).with_suffix(".xlsx"))["Biểu 3-BTCTW"]
    notes = [c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("Ghi chú")]
    (line,) = [r for r in ws.iter_rows() if str(r[0].value).startswith("I. ")]
    return notes, line[3].value


def test_snapshot_form_of_the_same_organisations_fills_its_ratio(
    sample: list[OrgRows], tmp_path: Path
) -> None:
    """Last year's record is of the forms' period 01/01–31/3/2025; this run's forms start on
    01/02/2026: Biểu 3 takes last year's column from that record, of the same 8 organisations."""
    registry = _registry(tmp_path, sample[:8], "8")
    _run(tmp_path, [as_of(o, EARLIER) for o in sample[:8]], registry, EARLIER)
    summary = _run(tmp_path, sample, registry, CUTOFF, form_from=dt.date(2026, 2, 1))
    notes, ratio = _biểu_3(summary)
    assert any("số liệu của biểu này là số tại ngày chốt" in n for n in notes), notes
    assert not any("không cùng các tổ chức" in n for n in notes), notes
    assert isinstance(ratio, int | float) and ratio > 100, ratio
    assert any("ngoài ra 1 tổ chức chưa có trong danh mục" in n for n in notes), notes
    # The JSON's forms hold the figures the ratio is of.
    row = summary["forms"]["bieu3"][0]
    assert row["row"] == "I" and isinstance(row["previous"], int) and row["previous"] > 0, row
    assert ratio == pytest.approx(100 * row["current"] / row["previous"], abs=0.01), row
    # The report compares the same totals, with the same caveat (it had no paragraph at all).
    then = summary["previous_snapshot"]["indicators"]["members.total"]
    assert (row["current"], row["previous"]) == (summary["indicators"]["members.total"], then), row
    text = _compared(summary)
    assert text.startswith("So với cùng kỳ năm trước (số liệu đến ngày 31/3/2025), tổng số đảng viên là"), (
        text
    )
    assert (
        "không cùng phạm vi" not in text and "Hai kỳ tổng hợp cùng 8 tổ chức; số liệu kỳ này chưa gồm" in text
    )
