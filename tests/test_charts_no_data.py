"""Charts with nothing to draw, and count axes of whole members (hunt174 #6).

A ward with no member consolidated had an age pie that was a blank box with its legend, bars of
0 and flat lines; and a ward of a few members had value axes from 0 to 1 in steps of 0,2 (a
fifth of a member). Now a chart whose values are all 0 or unknown is its title and "Chưa có số
liệu để vẽ biểu đồ này." in its place, on `Biểu đồ` and `Xu hướng`; and a count axis is from 0,
its labels whole numbers, stepping by 1 while the counts are few (`cells.SMALL_COUNTS`).

The workbooks are written from real consolidations of the sample ward's files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from toolkit.core import vnformat
from toolkit.core.model import PastRun, Registry
from toolkit.outputs.sheets import SHEET_CHARTS, SHEET_TREND
from toolkit.outputs.sheets.cells import (
    ALL_ZERO_CHART,
    NO_CHART_DATA,
    SMALL_COUNTS,
    no_chart,
)
from toolkit.outputs.sheets.trend import FIGURES, HEADER_ROW, NOT_LIKE_FOR_LIKE, STORED, THIS_RUN
from toolkit.outputs.workbook import write_workbook
from toolkit.pipeline import consolidate
from toolkit.sample.ward import CUTOFF, OrgSample, build_sample_ward

# In a chart's place when no organisation's figures are in (the run consolidated none).
NOTHING_IN = "Chưa có số liệu của tổ chức nào được tổng hợp, nên không vẽ biểu đồ."


@pytest.fixture(scope="module")
def hd04() -> OrgSample:
    return next(o for o in build_sample_ward().orgs if o.organisation.org_code == "HD04")


def _submissions(folder: Path, org: OrgSample) -> Path:
    (folder / "nop").mkdir(parents=True)
    org.write(folder / "nop" / "HD04.xlsx")
    return folder / "nop"


def _workbook(folder: Path, org: OrgSample) -> Path:
    result = consolidate([_submissions(folder, org)], cutoff=CUTOFF, ward_name="Phường Thử")
    return write_workbook(result, folder / "tong_hop.xlsx")


def _charts(path: Path) -> dict[str, list[str]]:
    """Each sheet's charts' XML, by the sheet's name."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        wb = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
        targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
        targets |= {k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)}
        found: dict[str, list[str]] = {}
        for sheet, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', wb):
            part = "xl/" + targets[rid].removeprefix("/xl/")
            sheet_rels = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
            charts: list[str] = []
            if sheet_rels in names:
                for drawing in re.findall(
                    r'Target="\.\./drawings/(drawing\d+\.xml)"', zf.read(sheet_rels).decode()
                ):
                    drawing_rels = f"xl/drawings/_rels/{drawing}.rels"
                    for chart in re.findall(
                        r'Target="\.\./charts/(chart\d+\.xml)"', zf.read(drawing_rels).decode()
                    ):
                        charts.append(zf.read(f"xl/charts/{chart}").decode())
            found[sheet] = charts
    return found


def _texts(path: Path, sheet: str) -> list[str]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def _under(path: Path, sheet: str, title: str) -> str | None:
    """The text in the cell under the one whose text starts with `title`."""
    ws = openpyxl.load_workbook(path)[sheet]
    cell = next(
        c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith(title)
    )
    return ws.cell(cell.row + 1, cell.column).value


def test_a_ward_with_no_member_consolidated_draws_no_empty_chart(tmp_path: Path, hd04: OrgSample) -> None:
    """HD04's file with no member (`org.no_members`, excluded): 0 of 1 organisation
    consolidated, its tables of 0s. No chart is drawn; each says so in its place, under its
    title, and why: no organisation's figures are in, not that the ward's figures are 0
    (hunt285: "Mọi số liệu … đều bằng 0" read as a ward of no member)."""
    path = _workbook(tmp_path, dataclasses.replace(hd04, members=[], events=[]))
    charts = _charts(path)
    assert charts[SHEET_CHARTS] == [] and charts[SHEET_TREND] == []
    for title in ("Đảng viên theo khối", "Đảng viên theo độ tuổi", "Kết nạp đảng viên so với chỉ tiêu"):
        assert _under(path, SHEET_CHARTS, title) == NOTHING_IN, title
    for title in ("Đảng viên qua các lần chốt số liệu", "Kết nạp và đưa ra khỏi Đảng trong năm"):
        assert _under(path, SHEET_TREND, title) == NOTHING_IN, title
    for sheet in (SHEET_CHARTS, SHEET_TREND):
        assert not {ALL_ZERO_CHART, NO_CHART_DATA} & set(_texts(path, sheet)), sheet


def test_an_empty_run_s_trend_keeps_the_earlier_runs_figures(tmp_path: Path, hd04: OrgSample) -> None:
    """The same empty run with an earlier cut-off stored (HD04's 62 members, no admission and no
    removal in its year): the members' trend chart has that point to draw and is drawn; the
    flows' chart has figures that are in and 0, and says so ("đều bằng 0"), not that no
    organisation is in. `Biểu đồ`, of this run alone, says none is."""
    earlier = consolidate(
        [_submissions(tmp_path / "truoc", dataclasses.replace(hd04, events=[]))], cutoff=CUTOFF
    )
    assert earlier.indicators["orgs.consolidated"] == 1
    assert earlier.indicators["members.total"] > 0
    folder = tmp_path / "nay"
    result = consolidate(
        [_submissions(folder, dataclasses.replace(hd04, members=[], events=[]))], cutoff=CUTOFF
    )
    assert result.indicators["orgs.consolidated"] == 0
    before = dt.date(CUTOFF.year - 1, 12, 31)
    # The flows of the stored cut-off's year: those of this run's earlier run, none there.
    figures = dict(earlier.indicators)
    assert figures.get(f"changes.admissions.{before.year}", 0) == 0
    stored = PastRun(None, before, dt.date(before.year, 1, 1), (dt.date(before.year, 1, 1), before), figures)
    path = write_workbook(dataclasses.replace(result, trend=[stored]), folder / "tong_hop.xlsx")
    charts = _charts(path)
    assert len(charts[SHEET_TREND]) == 1  # the members' line, from the stored point
    assert _under(path, SHEET_TREND, "Kết nạp và đưa ra khỏi Đảng trong năm") == ALL_ZERO_CHART
    assert NOTHING_IN not in _texts(path, SHEET_TREND)
    assert charts[SHEET_CHARTS] == []
    assert _texts(path, SHEET_CHARTS).count(NOTHING_IN) == 3
    # The empty run's row has its date, its organisations and its source, no figure: its 0s
    # drew both lines down to 0, as if the ward had lost every member (stop 81's note).
    ws = openpyxl.load_workbook(path)[SHEET_TREND]
    table = ws.iter_rows(min_row=HEADER_ROW + 2, max_col=len(FIGURES) + 3, values_only=True)
    rows = {r[-1]: r for r in table}
    assert rows[STORED][1] == earlier.indicators["members.total"]
    assert rows[THIS_RUN][1 : len(FIGURES) + 1] == (None,) * len(FIGURES)
    assert rows[THIS_RUN][len(FIGURES) + 1] == "0/1"
    assert (
        f"Ngày chốt {vnformat.date(CUTOFF)}: lần tổng hợp này không tổng hợp được tổ chức nào nên dòng "
        "số liệu để trống và biểu đồ không có điểm này." in " ".join(_texts(path, SHEET_TREND))
    )
    # That blank row is no point compared with the stored one: no chart's title marks it as a
    # cut-off of organisations left out, and no line says that rises and falls between the
    # cut-offs may be organisations left out, not real ones (review314: both said it of a point
    # not drawn). The run's own coverage is row 3's, as on every sheet.
    said = " ".join(_texts(path, SHEET_TREND))
    assert NOT_LIKE_FOR_LIKE not in said and "chỉ gồm 0/1" not in said
    assert not [t for t in [*charts[SHEET_TREND], said] if "chưa đủ tổ chức" in t]
    assert "1/1 tổ chức chưa được tổng hợp" in said


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ([0, 0, 0], ALL_ZERO_CHART),
        ([0, None, 0], NO_CHART_DATA),  # one unknown (a roll-up of a ward's older summary)
        ([None, None], NO_CHART_DATA),
        ([], NO_CHART_DATA),
    ],
)
def test_a_chart_not_drawn_says_whether_its_figures_are_zero_or_unknown(values: list, words: str) -> None:
    none = no_chart("Tiêu đề\n(dòng hai)", iter(values))
    assert none.words == words and none.title == "Tiêu đề\n(dòng hai)"
    # Of a run that consolidated none, whatever its values: a ward's organisations, a roll-up's wards.
    assert no_chart("T", iter(values), "tổ chức").words == NOTHING_IN
    assert no_chart("T", iter(values), "phường").words == (
        "Chưa có số liệu của phường nào được tổng hợp, nên không vẽ biểu đồ."
    )


def _value_axes(xml: str) -> list[str]:
    return re.findall(r"<c:valAx>.*?</c:valAx>", xml, re.S)


def test_a_few_members_are_counted_on_axes_of_whole_members(tmp_path: Path, hd04: OrgSample) -> None:
    """Three members: the sector bars, and the members' trend line, are on axes from 0 stepping
    by 1 with whole-number labels; the pie of their ages is drawn; the admissions chart (no
    admission, no target) is not."""
    path = _workbook(tmp_path, dataclasses.replace(hd04, members=hd04.members[:3], events=[]))
    charts = _charts(path)
    drawn = [*charts[SHEET_CHARTS], *charts[SHEET_TREND]]
    assert sum("<c:pieChart>" in xml for xml in drawn) == 1
    axes = [axis for xml in drawn for axis in _value_axes(xml)]
    assert len(axes) == 2  # the bars' and the members' line's (the pie has none)
    for axis in axes:
        assert '<c:majorUnit val="1"/>' in axis, axis
        assert '<c:numFmt formatCode="#,##0" sourceLinked="0"/>' in axis, axis
        assert '<c:min val="0"/>' in axis, axis
    assert _under(path, SHEET_CHARTS, "Kết nạp đảng viên so với chỉ tiêu") == ALL_ZERO_CHART


def test_many_members_keep_the_program_s_own_step(tmp_path: Path, hd04: OrgSample) -> None:
    """62 members: more than `SMALL_COUNTS`, the step is the program's own (a whole number at
    that size), the labels still whole numbers; every chart with a value above 0 is drawn."""
    assert len(hd04.members) > SMALL_COUNTS
    path = _workbook(tmp_path, hd04)
    charts = _charts(path)
    # HD04 admitted and removed nobody in 2026 up to 31/03: that trend chart is not drawn.
    assert len(charts[SHEET_CHARTS]) == 3 and len(charts[SHEET_TREND]) == 1
    members_axes = [axis for xml in charts[SHEET_CHARTS][:1] for axis in _value_axes(xml)]
    assert members_axes and all("<c:majorUnit" not in axis for axis in members_axes)
    assert all(
        '<c:numFmt formatCode="#,##0" sourceLinked="0"/>' in axis
        for xml in [*charts[SHEET_CHARTS], *charts[SHEET_TREND]]
        for axis in _value_axes(xml)
    )


def test_no_admission_and_no_target_is_all_zero_not_unknown(tmp_path: Path, hd04: OrgSample) -> None:
    """HD04 with its members, no change and no admission target in any year (a registry that
    sets none): every admission is known and 0 and no year has a target, which its cell shows
    empty. The admissions chart is not drawn, and says its figures are 0 rather than "Chưa có
    số liệu" (review256: the empty target cells were taken for unknown figures, hunt253 F3)."""
    organisation = dataclasses.replace(hd04.organisation, targets={})
    path = _workbook(tmp_path, dataclasses.replace(hd04, events=[], organisation=organisation))
    assert _under(path, SHEET_CHARTS, "Kết nạp đảng viên so với chỉ tiêu") == ALL_ZERO_CHART
    ws = openpyxl.load_workbook(path)[SHEET_CHARTS]
    header = next(c for row in ws.iter_rows() for c in row if c.value == "Chỉ tiêu")
    table = [
        (ws.cell(r, header.column - 1).value, ws.cell(r, header.column).value)
        for r in range(header.row + 1, header.row + 8)
    ]
    assert table == [(0, None)] * 7  # as the words say: no admission, and no target typed


def test_an_empty_run_with_targets_draws_no_admissions_against_them(tmp_path: Path, hd04: OrgSample) -> None:
    """The same empty run under a registry giving HD04's targets (review293): the admissions
    chart had a target line to draw, so it was drawn, columns of 0 under every year's target,
    read as a ward that admitted no one, the misreading hunt285 removed from the charts with
    nothing to draw. Of no organisation's figures, it says so too; the table keeps the targets."""
    registry = Registry(organisations=[hd04.organisation])
    result = consolidate(
        [_submissions(tmp_path, dataclasses.replace(hd04, members=[], events=[]))],
        cutoff=CUTOFF,
        registry=registry,
    )
    assert result.indicators["orgs.consolidated"] == 0
    assert any(result.indicators.get(f"targets.{y}", 0) > 0 for y in result.years)
    path = write_workbook(result, tmp_path / "tong_hop.xlsx")
    assert _charts(path)[SHEET_CHARTS] == []
    for title in ("Đảng viên theo khối", "Đảng viên theo độ tuổi", "Kết nạp đảng viên so với chỉ tiêu"):
        assert _under(path, SHEET_CHARTS, title) == NOTHING_IN, title
