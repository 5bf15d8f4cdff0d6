"""The forms' (%) column when this run or last year's lacks organisations (hunt155 F1, after
fba5105): the report no longer states a rise or fall of two totals of different organisations,
but Biểu 1 still printed "95,24" on line D of a ward that grew, three organisations' files left
out. Every (%) of Biểu 1–3 is now empty then, both columns keep their figures, and one note says
why, with the report's words (`stats.coverage.scope_gaps`); a complete run keeps its (%).

Organisations of the sample ward, as at 31/3/2025 and 31/3/2026: real submission workbooks, a
real registry and a real history, as tests/test_report_like_for_like.py builds them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from toolkit.core.model import Registry
from toolkit.forms.compute import percent_of
from toolkit.forms.tables import FORMS
from toolkit.io.registry import read_registry
from toolkit.outputs.publish import write_outputs
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import submission_filename
from toolkit.pipeline import consolidate
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import OrgRows
from toolkit.sample.ward import build_sample_ward

EARLIER, CUTOFF = dt.date(2025, 3, 31), dt.date(2026, 3, 31)
WARD = "Phường Một"
COMPARING = [f for f in FORMS if f.kind == "compare"]  # Biểu 1–3
LINE_D = "D. Đảng viên trong danh sách cuối kỳ báo cáo"
WHY = "Ghi chú: Cột (%) để trống: {gaps}, nên hai kỳ không cùng các tổ chức, so sánh sẽ sai lệch."


@pytest.fixture(scope="module")
def orgs() -> list[OrgRows]:
    return build_sample_ward().orgs[:8]


def _two_runs(
    tmp: Path,
    orgs: list[OrgRows],
    last_lacks: str = "",
    now_lacks: str = "",
    outside: list[OrgRows] | None = None,
) -> Path:
    """Last year's run, then this one's, the registry of all `orgs` both times; this run also
    reads the files of `outside`, organisations the registry lacks."""
    registry = Registry([o.organisation for o in orgs])
    (tmp / "a").mkdir()
    (tmp / "b").mkdir()

    def run(sub: Path, sent: list[OrgRows], cutoff: dt.date) -> Path:
        folder = sub / "nop"
        folder.mkdir()
        for org in sent:
            org.write(folder / submission_filename(org.organisation))
        reg = read_registry(write_registry(registry, sub / "dm.xlsx"))
        result = consolidate([folder], cutoff=cutoff, since=dt.date(2020, 1, 1), registry=reg, ward_name=WARD)
        out = sub / "kq.xlsx"
        write_outputs(result, out, out.with_suffix(".json"), history=tmp / "h.sqlite")
        return out

    run(tmp / "a", [as_of(o, EARLIER) for o in orgs if o.organisation.org_code != last_lacks], EARLIER)
    return run(tmp / "b", [o for o in orgs if o.organisation.org_code != now_lacks] + (outside or []), CUTOFF)


def _sheet(out: Path, name: str) -> tuple[list[tuple[Any, ...]], list[str]]:
    """The rows of a form's lines with a figure (label, kỳ này, cùng kỳ, (%)), and its notes."""
    rows = list(openpyxl.load_workbook(out)[name].iter_rows(values_only=True))
    lines = [r[:4] for r in rows if isinstance(r[0], str) and isinstance(r[1], int | float)]
    notes = [r[0] for r in rows if isinstance(r[0], str) and r[0].startswith("Ghi chú: ")]
    return lines, notes


def _line(lines: list[tuple[Any, ...]], label: str) -> tuple[Any, ...]:
    (line,) = [r for r in lines if r[0] == label]
    return line


def _ratio_empty_and_said(out: Path, gaps: str) -> None:
    for form in COMPARING:
        lines, notes = _sheet(out, form.sheet_name)
        compared = [r for r in lines if isinstance(r[2], int | float)]
        assert compared, form.code  # last year's column kept its figures
        assert all(r[3] is None for r in lines), (form.code, [r for r in lines if r[3] is not None])
        assert notes.count(WHY.format(gaps=gaps)) == 1, (form.code, notes)
        assert not [n for n in notes if "không cùng phạm vi" in n], notes  # the one note says it
        assert not [n for n in notes if "Cột (%) của" in n], notes  # nor a count note again


def test_this_run_lacking_an_organisation_leaves_the_ratio_empty(orgs: list[OrgRows], tmp_path: Path) -> None:
    out = _two_runs(tmp_path, orgs, now_lacks="HD03")  # HD03's file not sent this time
    now = sum(len(o.members) for o in orgs if o.organisation.org_code != "HD03")
    then = sum(len(as_of(o, EARLIER).members) for o in orgs)
    lines, _ = _sheet(out, "Biểu 1-BTCTW")
    assert _line(lines, LINE_D)[1:3] == (now, then)  # the ward "shrank": it printed now × 100 / then
    _ratio_empty_and_said(out, "số liệu kỳ này chỉ gồm 7/8 tổ chức (lần tổng hợp này thiếu 1 tổ chức)")


def test_last_years_run_lacking_an_organisation_leaves_the_ratio_empty(
    orgs: list[OrgRows], tmp_path: Path
) -> None:
    out = _two_runs(tmp_path, orgs, last_lacks="HD05")  # HD05's file not sent last year
    then = sum(len(as_of(o, EARLIER).members) for o in orgs if o.organisation.org_code != "HD05")
    lines, _ = _sheet(out, "Biểu 1-BTCTW")
    assert _line(lines, LINE_D)[1:3] == (sum(len(o.members) for o in orgs), then)
    _ratio_empty_and_said(
        out, "số liệu cùng kỳ năm trước chỉ gồm 7/8 tổ chức (lần tổng hợp đó thiếu 1 tổ chức)"
    )


def test_both_runs_lacking_an_organisation_say_both_gaps_in_one_clause(
    orgs: list[OrgRows], tmp_path: Path
) -> None:
    out = _two_runs(tmp_path, orgs, last_lacks="HD05", now_lacks="HD03")
    _ratio_empty_and_said(
        out,
        "số liệu kỳ này chỉ gồm 7/8 tổ chức (lần tổng hợp này thiếu 1 tổ chức) và số liệu cùng kỳ năm trước "
        "chỉ gồm 7/8 tổ chức (lần tổng hợp đó thiếu 1 tổ chức)",
    )


OUTSIDE = "ngoài ra 1 tổ chức chưa có trong danh mục có nộp tệp, không được tổng hợp"


@pytest.mark.parametrize(
    ("now_lacks", "gaps"),
    [
        (
            "HD03",
            "số liệu kỳ này chỉ gồm 7/8 tổ chức trong danh mục (lần tổng hợp này thiếu 1 tổ chức; "
            f"{OUTSIDE})",
        ),
        # None of the registry missing, the same 8 as last year: no gap, the ratio kept, and
        # the report says a caveat instead (fix347, `test_outside_same_scope_fix347`).
        ("", None),
    ],
    ids=["one_missing", "none_missing"],
)
def test_a_file_outside_the_registry_is_said_beside_the_count_not_counted_into_what_it_lacks(
    orgs: list[OrgRows], tmp_path: Path, now_lacks: str, gaps: str | None
) -> None:
    """Right after "7/8 tổ chức trong danh mục" the clause said "(ngoài ra 1 …) (lần tổng hợp này
    thiếu 2 tổ chức)": 8 − 7 is 1, the extra file counted in again (review335). The count of what
    the run lacks is of the registry, the file outside it said once, in the same brackets."""
    extra = build_sample_ward().orgs[8]  # HD09: its file sent, the registry (HD01–HD08) lacks it
    out = _two_runs(tmp_path, orgs, now_lacks=now_lacks, outside=[extra])
    report = [c for row in openpyxl.load_workbook(out)["Báo cáo"].iter_rows(values_only=True) for c in row]
    if gaps is None:
        for form in COMPARING:
            lines, notes = _sheet(out, form.sheet_name)
            assert not [n for n in notes if n.startswith("Ghi chú: Cột (%) để trống:")], notes
            assert any(r[3] is not None for r in lines), form.code
        assert not any(isinstance(c, str) and "không cùng phạm vi" in c for c in report)
        assert any(
            isinstance(c, str) and "Hai kỳ tổng hợp cùng 8 tổ chức; số liệu kỳ này chưa gồm" in c
            for c in report
        )
        return
    _ratio_empty_and_said(out, gaps)
    assert any(isinstance(c, str) and f"nhưng {gaps}, nên hai số này không cùng phạm vi" in c for c in report)


def test_a_complete_run_keeps_its_ratio(orgs: list[OrgRows], tmp_path: Path) -> None:
    out = _two_runs(tmp_path, orgs)
    now = sum(len(o.members) for o in orgs)
    then = sum(len(as_of(o, EARLIER).members) for o in orgs)
    for form in COMPARING:
        lines, notes = _sheet(out, form.sheet_name)
        assert not [n for n in notes if n.startswith("Ghi chú: Cột (%) để trống:")], notes
        assert any(r[3] is not None for r in lines), form.code
    lines, _ = _sheet(out, "Biểu 1-BTCTW")
    assert _line(lines, LINE_D)[1:] == (now, then, percent_of(now, then))
