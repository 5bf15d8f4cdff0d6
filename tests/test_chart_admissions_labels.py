"""The admissions chart of `Biểu đồ` (hunt103 #9): a column's value label sat just above the
column's end, where the target line's marker covers it when the two values are close (2021: "104"
under the 110 marker). The labels now sit inside the column's base, far from the line, dark on a
white box, readable on the column and on the plot when a column is too short to hold its label
(15 on a 140 scale, 3, or 0). The unfinished cut-off year is the category "2026 (đến 31/3)", as
in the table beside the chart."""

from __future__ import annotations

import dataclasses
import re
import zipfile
from pathlib import Path

from helpers_output import make_result

from toolkit.outputs.workbook import write_workbook

TITLE = "Kết nạp đảng viên so với chỉ tiêu"


def _admissions_chart_xml(tmp_path: Path, **indicators: int) -> str:
    result = make_result(tmp_path / "nop")
    if indicators:
        result = dataclasses.replace(result, indicators={**result.indicators, **indicators})
    path = write_workbook(result, tmp_path / "tong_hop.xlsx")
    with zipfile.ZipFile(path) as zf:
        charts = [n for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        found = [x for x in (zf.read(n).decode("utf-8") for n in charts) if TITLE in x]
    assert len(found) == 1
    return found[0]


def _plot(xml: str, kind: str) -> str:
    """The `<c:barChart>` or `<c:lineChart>` part of a chart's XML."""
    match = re.search(rf"<c:{kind}>.*?</c:{kind}>", xml, re.S)
    assert match, kind
    return match.group(0)


def test_column_labels_sit_at_the_base_away_from_the_target_marker(tmp_path: Path) -> None:
    # A column of 0 and a small one among the generated years: the same labels serve them.
    xml = _admissions_chart_xml(tmp_path, **{"changes.admissions.2024": 0, "changes.admissions.2025": 1})
    bars = _plot(xml, "barChart")
    labels = re.search(r"<c:dLbls>.*?</c:dLbls>", bars, re.S)
    assert labels, bars
    assert '<c:showVal val="1"/>' in labels.group(0)
    # Inside the column's base: never where the line's marker is (near the column's end).
    assert '<c:dLblPos val="inBase"/>' in labels.group(0)
    # Dark text on a white box: readable on the column and over the white plot above a column
    # too short to hold it (no white text vanishing there).
    text = re.search(r'<c:txPr>.*?<a:defRPr[^>]*><a:solidFill><a:srgbClr val="(\w{6})"/>', labels.group(0))
    box = re.search(r'<c:spPr><a:solidFill><a:srgbClr val="(\w{6})"/>', labels.group(0))
    assert text and box, labels.group(0)
    assert (text.group(1), box.group(1)) == ("000000", "FFFFFF")
    # The target line stays unlabelled (its values are in the table beside): no label of its
    # own can land on a column's.
    assert "<c:dLbls>" not in _plot(xml, "lineChart")


def test_unfinished_cutoff_year_is_headed_to_the_cutoff_in_the_chart(tmp_path: Path) -> None:
    xml = _admissions_chart_xml(tmp_path)
    categories = re.findall(r"<c:cat>.*?</c:cat>", xml, re.S)
    assert len(categories) == 2  # the columns' and the line's
    for cat in categories:
        names = re.findall(r"<c:v>([^<]*)</c:v>", cat)
        assert names[-1] == "2026 (đến 31/3)", names
        assert "2026" not in names
