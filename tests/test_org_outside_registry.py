"""A file of an organisation the registry does not list (a new party cell not yet added): its
members are left out of every figure, so every note of incomplete figures says it, beside a
count of organisations over the registry, the ward's list (`toolkit.stats.coverage`, fix331)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from helpers_ward import CODES, Ward, cli, consolidate, organisation, pristine, ward
from openpyxl import load_workbook

from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.report_files import render_markdown
from toolkit.outputs.sheets import SHEET_REPORT, SHEET_SUMMARY, SHEET_TREND

__all__ = ["pristine", "ward"]  # fixtures

OUTSIDE_LINE = "Tổ chức chưa có trong danh mục có nộp tệp (không được tổng hợp)"
FORMS = ("Biểu 1-BTCTW", "Biểu 2-BTCTW", "Biểu 3-BTCTW", "Biểu 4-BTCTW")


def _texts(ws) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_a_file_outside_the_registry_is_said_beside_the_organisations_expected(
    ward: Ward, tmp_path: Path
) -> None:
    registry = write_registry(Registry([organisation(c) for c in CODES[:2]]), tmp_path / "danh_muc.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    result = consolidate(ward, out, "--history", tmp_path / "lich_su.sqlite", registry=registry)
    assert result.exit_code == 1, result.output  # K03's file is an error (org.unknown)
    outside = "(ngoài ra 1 tổ chức chưa có trong danh mục có nộp tệp, không được tổng hợp)"
    assert f"Đã tổng hợp 2/2 tổ chức trong danh mục {outside}" in result.output

    doc = json.loads((out / "tong_hop.json").read_text("utf-8"))
    ind = doc["indicators"]
    assert (ind["orgs.registered"], ind["orgs.submitted"], ind["orgs.consolidated"]) == (2, 2, 2)
    assert ind["orgs.unregistered"] == 1
    assert len(doc["organisations"]) == ind["orgs.registered"] + ind["orgs.unregistered"]

    wb = load_workbook(out / "tong_hop.xlsx")
    summary = wb[SHEET_SUMMARY]
    rows = {summary.cell(r, 1).value: r for r in range(1, summary.max_row + 1)}
    submitted = rows["Đã nộp số liệu"]
    assert summary.cell(submitted, 2).value == 2 and summary.cell(submitted, 3).value == 1  # never 150%
    assert summary.cell(rows[OUTSIDE_LINE], 2).value == 1
    assert summary["A3"].value.startswith(
        "Chưa đủ số liệu: 1 tổ chức chưa có trong danh mục có nộp tệp, không được tổng hợp"
    )

    expected = f"2/2 tổ chức trong danh mục {outside}"
    # The report names it (review335 F3), its count padded as the report's others ("01 tổ chức
    # chưa nộp"), where the sheets and forms keep plain numbers (fix365).
    named = f"{expected[:-1]}: ".replace("ngoài ra 1 ", "ngoài ra 01 ")
    assert any(t.startswith(f"Số liệu tổng hợp từ {named}") for t in _texts(wb[SHEET_REPORT]))
    trend = wb[SHEET_TREND]
    header = next(c for c in trend[4] if c.value == "Tổ chức được tổng hợp")
    # The row is partial all the same, its cell saying why beside "2/2", which alone read whole
    # (review341 found 2, fix347).
    assert trend.cell(5, header.column).value == "2/2\n(+1 ngoài\ndanh mục)"
    for name in FORMS:  # the forms go up the chain on their own: they say they are incomplete
        note = f"Ghi chú: Số liệu của {expected.replace('tổ chức', 'tổ chức đảng', 1)}: "
        assert any(t.startswith(note) for t in _texts(wb[name])), name


FRACTION = re.compile(r"(\d+)/(\d+) tổ chức")


def _k04_missing_k03_outside(ward: Ward, tmp_path: Path) -> tuple[Any, Path]:
    """A run whose registry is K01, K02 and K04: K04 sends nothing, K03 is outside it (exit 1,
    its file an error); the CLI's result and the output folder."""
    orgs = [organisation(c) for c in ("K01", "K02", "K04")]
    registry = write_registry(Registry(orgs), tmp_path / "danh_muc.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    result = consolidate(ward, out, "--history", tmp_path / "lich_su.sqlite", registry=registry)
    assert result.exit_code == 1, result.output
    return result, out


def test_one_run_gives_one_denominator_the_registry_and_says_the_file_outside_it(
    ward: Ward, tmp_path: Path
) -> None:
    """The registry is the ward's list: every "x/y tổ chức" of one run (the console's count line,
    row 3 of the sheets, the report's first sentence, the `Báo cáo` sheet, the forms' notes and
    `Xu hướng`) is over the registry, as the report's table and `Tổng hợp`'s shares are ("69 |
    95,83% | tổ chức trong danh mục (72)"), and the organisation outside it that sent a file is
    said beside it as an extra one. Before, the sentence gave 69/73 and the table 69 of 72
    (hunt315 #4, fix331). Here: K01, K02 and K04 in the registry, K04 sends nothing, K03 is
    outside it."""
    result, out = _k04_missing_k03_outside(ward, tmp_path)
    doc = json.loads((out / "tong_hop.json").read_text("utf-8"))
    ind = doc["indicators"]
    assert (ind["orgs.registered"], ind["orgs.consolidated"], ind["orgs.unregistered"]) == (3, 2, 1)

    wb = load_workbook(out / "tong_hop.xlsx")
    said = {"console": result.output.splitlines()[0]}
    for name in ("Tổng hợp", "Biến động theo năm", "Xu hướng"):
        said[f"{name}!A3"] = wb[name]["A3"].value
    said["report"] = render_markdown(doc)
    said[SHEET_REPORT] = "\n".join(_texts(wb[SHEET_REPORT]))
    for name in FORMS:
        said[name] = "\n".join(t for t in _texts(wb[name]) if t.startswith("Ghi chú"))
    trend = wb[SHEET_TREND]
    header = next(c for c in trend[4] if c.value == "Tổ chức được tổng hợp")
    count, *beside = str(trend.cell(5, header.column).value).split("\n", 1)
    assert beside == ["(+1 ngoài\ndanh mục)"]  # the file outside, under the count (fix347)
    said[SHEET_TREND] = f"{count} tổ chức"
    for where, text in said.items():
        fractions = FRACTION.findall(text)
        assert fractions, (where, text)
        assert {total for _, total in fractions} == {"3"}, (where, text)
        if where != SHEET_TREND:
            assert "1 tổ chức chưa có trong danh mục" in text, (where, text)
        # The report (and its sheet) pads its counts, the sheets and forms do not (fix365).
        padded = where in ("report", SHEET_REPORT)
        assert ("ngoài ra 1 " if padded else "ngoài ra 01 ") not in text, (where, text)
        assert not padded or "ngoài ra 01 tổ chức chưa có trong danh mục" in text, (where, text)
    table = next(line for line in said["report"].splitlines() if line.startswith("| Tổ chức được tổng hợp"))
    assert table == "| Tổ chức được tổng hợp số liệu | 2 | 66,67% | tổ chức trong danh mục (3) |"


def test_history_show_counts_the_registrys_organisations_and_says_the_file_outside_it(
    ward: Ward, tmp_path: Path
) -> None:
    """`history show` said "Tổ chức: 3 (2 được tổng hợp)" of the run every other output says is of
    "2/2 tổ chức trong danh mục (ngoài ra 1 …)", its own section A "Tổng số tổ chức đảng trực
    thuộc: 2" a few lines below (review335): the same count over the registry, the file outside
    it beside."""
    registry = write_registry(Registry([organisation(c) for c in CODES[:2]]), tmp_path / "danh_muc.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    history = tmp_path / "lich_su.sqlite"
    assert consolidate(ward, out, "--history", history, registry=registry).exit_code == 1
    shown = cli("history", "show", "1", "--history", history)
    assert shown.exit_code == 0, shown.output
    outside = "ngoài ra 1 tổ chức chưa có trong danh mục có nộp tệp, không được tổng hợp"
    assert f"  Tổ chức: 2 trong danh mục (2 được tổng hợp; {outside}); tệp đã đọc: 3." in shown.output
    assert "  Tổng số tổ chức đảng trực thuộc: 2\n" in shown.output


def test_the_organisations_left_out_add_up_to_the_registrys(ward: Ward, tmp_path: Path) -> None:
    """The console's second line and the report's first sentence counted the organisation outside
    the registry among those "bị loại" after the first line had said it beside the count: 2
    consolidated of 3, "1 bị loại; 1 chưa nộp" beside "ngoài ra 1" made 4 (review335 F3). Now the
    registry's consolidated, missing and excluded add up to the registry's 3, and the one outside
    it is named once, in its own clause. Here: K01, K02 and K04 in the registry, K04 sends nothing,
    K03 is outside it."""
    result, out = _k04_missing_k03_outside(ward, tmp_path)
    lines = result.output.splitlines()
    assert lines[0].startswith("Đã tổng hợp 2/3 tổ chức trong danh mục (ngoài ra 1 "), lines[0]
    assert lines[1] == "1 tổ chức chưa nộp tệp.", lines[1]  # no "bị loại" of K03 again
    named = "  – K03 chưa có trong danh mục, không được tổng hợp: "  # with why, not "bị loại" (hunt337 F1)
    assert any(line.startswith(named) for line in lines), result.output

    doc = json.loads((out / "tong_hop.json").read_text("utf-8"))
    first = next(line for line in render_markdown(doc).splitlines() if line.startswith("Số liệu tổng hợp từ"))
    k03 = next(o for o in doc["organisations"] if o["org_code"] == "K03")
    outside = "ngoài ra 01 tổ chức chưa có trong danh mục có nộp tệp, không được tổng hợp"  # fix365
    opening = f"Số liệu tổng hợp từ 2/3 tổ chức trong danh mục ({outside}: {k03['org_name']}); 01 tổ chức"
    assert first.startswith(opening), first
    assert "bị loại" not in first, first
    counted = [int(n) for n in re.findall(r"; (\d+) tổ chức (?:chưa nộp|bị loại)", first)]
    assert 2 + sum(counted) == 3, first


def test_the_reports_rate_caveat_pads_the_count_outside_as_its_other_counts(
    ward: Ward, tmp_path: Path
) -> None:
    """The report's sentence after its rates of achievement (`report.target_scope_sentence`)
    says the organisation outside the registry as the report's other counts, padded, while the
    sheets' note of the same (`summary_lines.target_scope`) keeps its plain number (fix365)."""
    from toolkit.core import vnformat
    from toolkit.outputs.report import ReportSummary, target_scope_sentence
    from toolkit.outputs.summary_lines import target_scope

    _, out = _k04_missing_k03_outside(ward, tmp_path)
    doc = json.loads((out / "tong_hop.json").read_text("utf-8"))
    said = target_scope_sentence(ReportSummary(doc))
    assert "(ngoài ra 01 tổ chức chưa có trong danh mục có nộp tệp, không được tổng hợp)" in said, said
    sheets = target_scope(doc["indicators"])
    assert sheets is not None and "(ngoài ra 1 tổ chức chưa có trong danh mục" in sheets, sheets
    assert target_scope(doc["indicators"], count=vnformat.count) == said.strip()
