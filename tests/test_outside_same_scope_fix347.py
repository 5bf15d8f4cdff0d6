"""A run whose registry's organisations are all consolidated, as last year's were, plus a file of
an organisation outside the registry (not consolidated): both periods consolidated the same
organisations, so the comparison with last year is like for like. The report said "nhưng số liệu
kỳ này chỉ gồm 8/8 tổ chức trong danh mục (ngoài ra 1 …), nên hai số này không cùng phạm vi" and
then a like-for-like figure equal to the totals, and the forms' (%) note "hai kỳ không cùng các tổ
chức" (review341, found 1). Now the change is stated, with a short caveat that this period's
figures lack the members of the organisation outside the registry; a registry's organisation
missing in either run is still a scope gap, as is a file outside the registry of an organisation
last year's run consolidated.

Organisations of the sample ward as at 31/3/2025 and 31/3/2026, real submission workbooks, a real
registry and a real history (as `test_report_like_for_like`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from toolkit.core.model import Registry
from toolkit.io.registry import read_registry
from toolkit.outputs.json_summary import summary_document
from toolkit.outputs.publish import write_outputs
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.report import HEADING_COMPARED, report_sections
from toolkit.outputs.template import submission_filename
from toolkit.pipeline import consolidate
from toolkit.rollup import rollup
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import OrgRows
from toolkit.sample.ward import build_sample_ward

EARLIER, CUTOFF = dt.date(2025, 3, 31), dt.date(2026, 3, 31)
ONE = "Phường Một"
CAVEAT = (
    "số liệu kỳ này chưa gồm đảng viên của 1 tổ chức chưa có trong danh mục (có nộp tệp, không được tổng hợp)"
)


def _count(n: int) -> str:
    return str(n) if n == 0 or n >= 10 else f"0{n}"


def _run(tmp: Path, name: str, orgs: list[OrgRows], registry: Registry, cutoff: dt.date) -> dict[str, Any]:
    folder = tmp / f"{name}_{cutoff.year}"
    folder.mkdir()
    for org in orgs:
        org.write(folder / submission_filename(org.organisation))
    result = consolidate(
        [folder], cutoff=cutoff, since=dt.date(2020, 1, 1), registry=registry, ward_name=name
    )
    out = tmp / f"{name}_{cutoff.year}.json"
    write_outputs(result, out.with_suffix(".xlsx"), out, history=tmp / f"{name}.sqlite")
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    data["_path"] = str(out)
    return data


def _compared(summary: dict[str, Any]) -> str:
    (section,) = [s for s in report_sections(summary) if s.title == HEADING_COMPARED]
    (text,) = section.paragraphs
    return text


def _registry(tmp: Path, orgs: list[OrgRows], name: str) -> Registry:
    return read_registry(
        write_registry(Registry([o.organisation for o in orgs]), tmp / f"danh_muc_{name}.xlsx")
    )


def _biểu_1(summary: dict[str, Any]) -> tuple[list[str], object]:
    """The notes under Biểu 1-BTCTW in the workbook, and its line D's (%) cell."""
    ws = openpyxl.load_workbook(Path(summary["_path"]).with_suffix(".xlsx"))["Biểu 1-BTCTW"]
    notes = [c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("Ghi chú")]
    (line_d,) = [r for r in ws.iter_rows() if str(r[0].value).startswith("D. ")]
    return notes, line_d[3].value


@pytest.fixture(scope="module")
def sample() -> list[OrgRows]:
    return build_sample_ward().orgs[:9]


def _scenario(tmp: Path, orgs: list[OrgRows]) -> dict[str, Any]:
    """Last year: the 8 of the registry. This year: the same 8, and the 9th's file, outside it."""
    registry = _registry(tmp, orgs[:8], "1")
    _run(tmp, ONE, [as_of(o, EARLIER) for o in orgs[:8]], registry, EARLIER)
    return _run(tmp, ONE, orgs, registry, CUTOFF)


def test_same_organisations_both_periods_compare_like_for_like(sample: list[OrgRows], tmp_path: Path) -> None:
    summary = _scenario(tmp_path, sample)
    ind = summary["indicators"]
    assert (ind["orgs.consolidated"], ind["orgs.registered"], ind["orgs.unregistered"]) == (8, 8, 1)
    now, then = ind["members.total"], summary["previous"]["indicators"]["members.total"]
    assert now > then
    text = _compared(summary)
    assert text.startswith(
        "So với cùng kỳ năm trước (số liệu đến ngày 31/3/2025), tổng số đảng viên là "
        f"{_count(now)} đồng chí, tăng {_count(now - then)} đồng chí"
    ), text
    assert "không cùng phạm vi" not in text and "Tính trên" not in text, text
    assert f"Hai kỳ tổng hợp cùng 8 tổ chức; {CAVEAT}, nên số thực tế có thể cao hơn." in text, text
    # The `Báo cáo` sheet says the same.
    sheet = openpyxl.load_workbook(Path(summary["_path"]).with_suffix(".xlsx"))["Báo cáo"]
    assert text in [c.value for row in sheet.iter_rows() for c in row]


def test_same_organisations_both_periods_fill_the_forms_ratio(sample: list[OrgRows], tmp_path: Path) -> None:
    notes, ratio = _biểu_1(_scenario(tmp_path, sample))
    assert not any("không cùng các tổ chức" in n for n in notes), notes
    assert isinstance(ratio, int | float) and ratio > 100, ratio
    # The forms still say this period's figures lack the organisation outside the registry.
    assert any("ngoài ra 1 tổ chức chưa có trong danh mục" in n for n in notes), notes


def test_a_registry_organisation_missing_is_still_a_scope_gap(sample: list[OrgRows], tmp_path: Path) -> None:
    """HD03's file not sent this time, beside the file outside the registry: as before."""
    registry = _registry(tmp_path, sample[:8], "1")
    _run(tmp_path, ONE, [as_of(o, EARLIER) for o in sample[:8]], registry, EARLIER)
    now = [o for o in sample if o.organisation.org_code != "HD03"]
    summary = _run(tmp_path, ONE, now, registry, CUTOFF)
    text = _compared(summary)
    assert "nhưng số liệu kỳ này chỉ gồm 7/8 tổ chức trong danh mục" in text, text
    assert "nên hai số này không cùng phạm vi" in text and "Tính trên 7 tổ chức có số liệu cả hai kỳ" in text
    assert "Hai kỳ tổng hợp cùng" not in text
    notes, ratio = _biểu_1(summary)
    assert any("không cùng các tổ chức" in n for n in notes) and ratio is None, notes


def test_a_file_outside_of_an_organisation_last_year_consolidated_is_a_scope_gap(
    sample: list[OrgRows], tmp_path: Path
) -> None:
    """Last year's registry had the 9th organisation, consolidated; this year's lacks it, and its
    file is outside the registry: last year's figures have its members, this year's not."""
    _run(tmp_path, ONE, [as_of(o, EARLIER) for o in sample], _registry(tmp_path, sample, "9"), EARLIER)
    summary = _run(tmp_path, ONE, sample, _registry(tmp_path, sample[:8], "8"), CUTOFF)
    text = _compared(summary)
    assert "nên hai số này không cùng phạm vi" in text, text
    assert "Tính trên 8 tổ chức có số liệu cả hai kỳ" in text, text
    notes, ratio = _biểu_1(summary)
    assert any("không cùng các tổ chức" in n for n in notes) and ratio is None, notes


def test_rollup_of_such_a_ward_compares_like_for_like(sample: list[OrgRows], tmp_path: Path) -> None:
    summary = _scenario(tmp_path, sample)
    result = rollup([Path(summary["_path"])], name="Quận Thử")
    out = tmp_path / "quan.json"
    write_outputs(result, out.with_suffix(".xlsx"), out)
    up = {**summary_document(result), "_path": str(out)}
    text = _compared(up)
    assert "không cùng phạm vi" not in text and "Tính trên" not in text, text
    assert (
        "Hai kỳ tổng hợp cùng 8 tổ chức; số liệu kỳ này chưa gồm đảng viên của 1 tổ chức chưa có trong "
        f"danh mục của {ONE} (có nộp tệp, không được tổng hợp), nên số thực tế có thể cao hơn." in text
    ), text
    notes, ratio = _biểu_1(up)
    assert not any("không cùng các tổ chức" in n for n in notes) and ratio is not None, notes


def test_last_years_file_outside_alone_is_a_caveat_not_a_gap() -> None:
    """Last year's run had a file outside its registry, this one none, the same 72 of both."""
    from toolkit.core.model import CommonFigures
    from toolkit.stats.coverage import outside_only_caveats, scope_gaps

    now = {"orgs.consolidated": 72, "orgs.registered": 72, "orgs.unregistered": 0}
    then = {**now, "orgs.unregistered": 1}
    same, fewer = CommonFigures(72, {}, {}), CommonFigures(71, {}, {})
    assert scope_gaps(now, then, common=same) == []
    assert outside_only_caveats(now, then, common=same) == [
        "số liệu cùng kỳ năm trước chưa gồm đảng viên của 1 tổ chức chưa có trong danh mục (có nộp tệp, "
        "không được tổng hợp)"
    ]
    # Not the same organisations, or not known: the gap as before, no caveat.
    for common in (fewer, None):
        assert scope_gaps(now, then, common=common) == [
            "số liệu cùng kỳ năm trước chỉ gồm 72/72 tổ chức trong danh mục (ngoài ra 1 tổ chức chưa có "
            "trong danh mục có nộp tệp, không được tổng hợp)"
        ]
        assert outside_only_caveats(now, then, common=common) == []
    # A record of other organisations is a gap whatever the counts.
    assert scope_gaps(now, then, previous_scope="thiếu 1 tổ chức", common=same) != []
