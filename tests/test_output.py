"""The consolidated workbook and the JSON summary, read back from the written files."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import json
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers_output import (
    DEMO_ETHNICITY_RELIGION,
    EXCLUDED_REASON,
    FORMULA_LIKE,
    make_complete_result,
    make_result,
)
from toolkit import __version__
from toolkit.core import layout, vnformat, vocab
from toolkit.core.model import Issue
from toolkit.outputs import summary_lines
from toolkit.outputs.json_summary import summary_document, summary_json, write_json
from toolkit.outputs.sheets import (
    SHEET_BY_ORG,
    SHEET_CHANGES,
    SHEET_CHARTS,
    SHEET_ISSUES,
    SHEET_ORDER,
    SHEET_RATINGS,
    SHEET_REPORT,
    SHEET_SOURCES,
    SHEET_SUMMARY,
    SHEET_TREND,
)
from toolkit.outputs.sheets.by_org import ORG_FIGURES, ORG_STATUS_LABEL, figure_headers, org_totals
from toolkit.outputs.sheets.cells import wrapped_lines
from toolkit.outputs.sheets.issues import sorted_issues, source_link
from toolkit.outputs.sheets.report import REPORT_PLACEHOLDER
from toolkit.outputs.workbook import write_workbook
from toolkit.outputs.xlsx import new_workbook
from toolkit.stats import indicators
from toolkit.stats.period import period_ids
from toolkit.stats.shares import share


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("out")
    result = make_result(folder / "nop")
    target = write_workbook(result, folder / "tong_hop.xlsx", report_text=["Đoạn một.", FORMULA_LIKE[0]])
    return result, target, openpyxl.load_workbook(target)


def rows_by_label(ws, col: int = 0) -> dict[str, tuple]:
    """First row of a sheet whose given column holds each label."""
    out: dict[str, tuple] = {}
    for row in ws.iter_rows():
        value = row[col].value
        if isinstance(value, str) and value not in out:
            out[value] = row
    return out


def rows_below(ws, heading: str) -> dict[str, tuple]:
    """`rows_by_label` of the rows below the first row labelled `heading`."""
    start = rows_by_label(ws)[heading][0].row
    out: dict[str, tuple] = {}
    for row in ws.iter_rows(min_row=start + 1):
        value = row[0].value
        if isinstance(value, str) and value not in out:
            out[value] = row
    return out


def test_sheets_are_written_in_the_order_of_the_design(written) -> None:
    _, _, wb = written
    assert wb.sheetnames == list(SHEET_ORDER)
    assert SHEET_ORDER == (
        "Tổng hợp",
        "Theo tổ chức",
        "Biến động theo năm",
        "Xếp loại theo năm",
        "Biểu đồ",
        "Xu hướng",
        "Báo cáo",
        "Biểu 1-BTCTW",
        "Biểu 2-BTCTW",
        "Biểu 3-BTCTW",
        "Biểu 4-BTCTW",
        "Kiểm tra",
        "Nguồn số liệu",
    )


def test_summary_counts_are_numbers_and_shares_are_percentages_on_their_base(written) -> None:
    result, _, wb = written
    ind = result.indicators
    rows = rows_by_label(wb[SHEET_SUMMARY])
    total = rows["Tổng số đảng viên"]
    assert total[1].value == ind["members.total"]
    assert total[1].data_type == "n" and total[1].number_format == "#,##0"
    full = rows["Đảng viên chính thức"]
    assert full[1].value == ind["members.full"]
    assert full[2].data_type == "n" and full[2].number_format == "0.00%"
    # The share as printed: two decimals of a percentage.
    assert full[2].value == pytest.approx(share(ind, "members.full").value, abs=5e-5)
    assert abs(full[2].value * 10_000 - round(full[2].value * 10_000)) < 1e-6
    assert full[3].value == f"tổng số đảng viên ({vnformat.number(ind['members.total'])})"
    # A share on another base names that base.
    reason = rows[vocab.EXEMPT_REASON.label("abroad")]
    assert reason[2].value == pytest.approx(
        ind["members.exempt_reason.abroad"] / ind["members.exempt"], abs=5e-5
    )
    assert reason[3].value.startswith("đảng viên được miễn")
    # Vocabulary labels are the row labels.
    for term in (*vocab.GEN_EDU.terms, *vocab.OCCUPATION_GROUP.terms, *vocab.SECTOR.terms):
        assert term.label in rows
    assert rows["Tuổi bình quân"][1].value == ind["members.age_mean"]
    # The parts of one whole are rounded together: their printed shares sum to exactly 100%.
    # ("Lực lượng vũ trang" is a sector too: the groups are read below their own heading.)
    groups = rows_below(wb[SHEET_SUMMARY], "Nhóm nghề nghiệp")
    for labels, found in (
        ([t.label for t in vocab.GENDER.terms], rows),
        ([t.label for t in vocab.GEN_EDU.terms], rows),
        ([t.label for t in vocab.OCCUPATION_GROUP.terms], groups),
    ):
        assert round(sum(found[label][2].value for label in labels) * 10_000) == 10_000, labels


def test_summary_has_every_section_and_per_year_figures(written) -> None:
    result, _, wb = written
    ws = wb[SHEET_SUMMARY]
    labels = [r[0].value for r in ws.iter_rows() if isinstance(r[0].value, str)]
    for prefix in ("A. ", "B. ", "C. ", "D. ", "E. "):
        assert any(label.startswith(prefix) for label in labels), prefix
    rows = rows_by_label(ws)
    header = next(r for r in ws.iter_rows() if r[0].value == "Chỉ tiêu" and r[1].value == result.years[0])
    # The cut-off's year (31/3) is not over: its heading says up to when (fixAW).
    assert [c.value for c in header[1 : len(result.years) + 2]] == [
        *result.years[:-1],
        "2026 (đến 31/3)",
        "Tổng",
    ]
    admissions = next(r for label, r in rows.items() if label.startswith("Kết nạp đảng viên"))
    for i, year in enumerate(result.years, start=1):
        assert admissions[i].value == result.indicators[f"changes.admissions.{year}"]
    assert admissions[len(result.years) + 1].value == result.indicators["changes.admissions.total"]
    # The cut-off (31/3) is in the first quarter: only that quarter is shown.
    quarter = rows["Trong đó kết nạp quý I/2026"]
    assert quarter[len(result.years)].value == result.indicators["changes.admissions.q1"]
    assert "Trong đó kết nạp quý II/2026" not in rows
    # A period that starts inside the quarter does not call its count the quarter's.
    late = summary_lines.changes_table(dataclasses.replace(result, period_start=dt.date(2026, 2, 1)))
    labels = [r.label for r in late.rows]
    assert "Trong đó kết nạp quý I/2026 (từ ngày 01/02/2026)" in labels
    assert "Trong đó kết nạp quý I/2026" not in labels
    # A part of the admissions, at the level of their kinds, not one deeper as if a part of the
    # row above it ("Kết nạp lại", hunt111 F3).
    levels = {r.label: r.level for r in late.rows}
    assert levels["Trong đó kết nạp quý I/2026 (từ ngày 01/02/2026)"] == levels["Kết nạp lại"] == 1
    rate = rows["Tỷ lệ kết nạp đạt so với chỉ tiêu (cột Tổng: 2020–2025)"]
    assert rate[1].number_format == "0.00%"
    year = result.years[0]
    # The cell holds the figure it shows: the rate rounded half-up to two decimals of a percentage.
    assert rate[1].value == share(result.indicators, f"changes.admissions.{year}", f"targets.{year}").shown


def test_summary_warns_at_the_top_when_figures_are_incomplete(written, tmp_path: Path) -> None:
    _, _, wb = written
    warning = wb[SHEET_SUMMARY]["A3"].value
    assert warning == (
        "Chưa đủ số liệu: 2/7 tổ chức chưa được tổng hợp (1 chưa nộp, 1 có lỗi) — xem sheet “Kiểm tra”. "
        f"CB06 bị loại: {EXCLUDED_REASON}."
    )
    complete = make_complete_result(tmp_path)
    target = write_workbook(complete, tmp_path / "du.xlsx")
    text = openpyxl.load_workbook(target)[SHEET_SUMMARY]["A3"].value
    assert text == "Đã tổng hợp đủ số liệu của 5/5 tổ chức."


def test_by_org_totals_row_equals_the_ward_figures(written) -> None:
    result, _, wb = written
    ws = wb[SHEET_BY_ORG]
    header = next(r for r in ws.iter_rows() if r[0].value == layout.INFO.field("org_code").header)
    headers = [c.value for c in header]
    totals_row = next(r for r in ws.iter_rows() if str(r[0].value or "").startswith("Cộng toàn Đảng bộ"))
    for title, (_, key, _) in zip(figure_headers(result), ORG_FIGURES, strict=True):
        cell = totals_row[headers.index(title)]
        assert cell.data_type == "n", title
        assert cell.value == result.indicators[key], key
    assert org_totals(result) == {key: result.indicators[key] for _, key, _ in ORG_FIGURES}


def test_by_org_heads_its_change_columns_with_the_run_s_start(written) -> None:
    """hunt121 F6: "Kết nạp trong kỳ" counted the changes from the run's start (2020 by
    default), while the forms' "Kỳ này" is their period: 675 beside 13 under one word. The
    change columns say their start; no header says "trong kỳ"."""
    result, _, wb = written
    ws = wb[SHEET_BY_ORG]
    header = next(r for r in ws.iter_rows() if r[0].value == layout.INFO.field("org_code").header)
    headers = [c.value for c in header if c.value]
    since = vnformat.date(result.period_start)
    assert f"Kết nạp đảng viên (kết nạp, kết nạp lại) từ {since}" in headers
    assert f"Chuyển đi (ngoài phường) từ {since}" in headers
    assert not [h for h in headers if "trong kỳ" in h]
    assert "Tổng số đảng viên" in headers  # the members' columns are at the cut-off, as they were


def test_by_org_lists_every_organisation_with_its_status_in_words(written) -> None:
    result, _, wb = written
    ws = wb[SHEET_BY_ORG]
    rows = rows_by_label(ws)
    assert len([o for o in result.organisations if o.org_code in rows]) == len(result.organisations)
    excluded, missing = rows["CB06"], rows["CB07"]
    assert excluded[4].value == ORG_STATUS_LABEL["excluded"]
    assert missing[4].value == ORG_STATUS_LABEL["missing"]
    assert all(c.value is None for c in missing[5:])
    assert rows["DB01"][2].value == vocab.ORG_TIER.label("dang_bo_co_so")
    assert rows["DB01"][5].value == 142
    assert ws.auto_filter.ref is not None
    assert ws.freeze_panes is not None


def test_yearly_sheets_hold_changes_and_ratings_per_year(written) -> None:
    result, _, wb = written
    ind = result.indicators
    changes = rows_by_label(wb[SHEET_CHANGES])
    died = changes[vocab.EVENT_TYPE.label("died")]
    assert [c.value for c in died[1 : len(result.years) + 2]] == [
        *(ind[f"changes.died.{y}"] for y in result.years),
        ind["changes.died.total"],
    ]
    ws = wb[SHEET_RATINGS]
    year = result.years[2]
    row = next(r for r in ws.iter_rows() if r[0].value == year)
    rated = sum(ind[f"ratings.{year}.{c}"] for c in ("excellent", "good", "pass", "fail"))
    assert row[1].value == ind[f"ratings.{year}.excellent"]
    assert row[2].value == pytest.approx(ind[f"ratings.{year}.excellent"] / rated, abs=5e-5)
    assert row[2].number_format == "0.00%"


def test_charts_sheet_has_native_charts_with_vietnamese_titles(written) -> None:
    _, target, wb = written
    with zipfile.ZipFile(target) as zf:
        charts = sorted(n for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        assert len(charts) >= 3
        xml = "".join(zf.read(n).decode("utf-8") for n in charts)
    for title in ("Đảng viên theo khối", "Đảng viên theo độ tuổi", "Kết nạp đảng viên so với chỉ tiêu"):
        assert title in xml
    assert f"'{SHEET_CHARTS}'!" in xml  # fed from cells of the workbook
    with zipfile.ZipFile(target) as zf:
        # The drawing holding the charts belongs to the Biểu đồ sheet (the fifth).
        rels = zf.read("xl/worksheets/_rels/sheet5.xml.rels").decode("utf-8")
    assert "drawing" in rels
    assert wb.sheetnames[4] == SHEET_CHARTS


def test_issue_hyperlinks_open_the_source_file_at_its_cell(written) -> None:
    result, target, wb = written
    ws = wb[SHEET_ISSUES]
    paths = {s.file: s.path for s in result.sources}
    checked = 0
    for row in ws.iter_rows(min_row=5):
        file, sheet, cell = row[1].value, row[3].value, row[4]
        if not (file and sheet and cell.value):
            continue
        assert cell.hyperlink is not None
        # Relative to the workbook's own folder, as Excel resolves it: `nop/<file>`.
        link = Path(cell.hyperlink.target.replace("\\", "/"))
        assert not link.is_absolute()
        assert (target.parent / link).resolve() == paths[file].resolve()
        assert cell.hyperlink.location == f"'{sheet}'!{cell.value}"
        checked += 1
    assert checked == sum(1 for i in result.issues if i.file and i.sheet and i.cell)


def test_issues_are_sorted_errors_first_then_file_then_row(written) -> None:
    result, _, wb = written
    ws = wb[SHEET_ISSUES]
    shown = [(r[0].value, r[1].value, r[4].value) for r in ws.iter_rows(min_row=5) if r[0].value]
    assert [s[0] for s in shown[:2]] == ["Lỗi", "Lỗi"]
    assert shown[0][2] == "D7" and shown[1][2] == "G12"  # row 7 before row 12
    # Of each severity, the run's own issues (no file: here an organisation that did not
    # submit) come first, as in the JSON summary and on the console.
    warnings = [s for s in shown if s[0] == "Cảnh báo"]
    assert warnings[0][1] is None and all(s[1] is not None for s in warnings[1:])
    assert [i.code for i in sorted_issues(result.issues)] == [r[8].value for r in ws.iter_rows(min_row=5)]


def test_no_user_string_becomes_a_formula_anywhere(written) -> None:
    _, target, wb = written
    with zipfile.ZipFile(target) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = zf.read(name).decode("utf-8")
                assert "<f>" not in xml and "<f " not in xml, name
    found: set[str] = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if isinstance(cell.value, str):
                    for text in FORMULA_LIKE:
                        if text in cell.value:
                            assert cell.data_type == "s"
                            found.add(text)
    assert found == set(FORMULA_LIKE)
    org_row = rows_by_label(wb[SHEET_BY_ORG])["CB05"]
    assert org_row[1].value == FORMULA_LIKE[0] and org_row[1].data_type == "s"


def test_personal_data_off_blanks_the_value_column(tmp_path: Path) -> None:
    result = make_result(tmp_path / "nop", personal_data=False)
    target = write_workbook(result, tmp_path / "an_danh.xlsx")
    ws = openpyxl.load_workbook(target)[SHEET_ISSUES]
    assert ws["G4"].value == "Giá trị"
    values = {r[8].value: r[6].value for r in ws.iter_rows(min_row=5) if r[0].value}
    assert len(values) == len(result.issues)
    # A member's or a change's value is blanked; a file's (here: what its macro check found) is not.
    assert all(v is None for code, v in values.items() if code.startswith(("member.", "event.")))
    assert values["file.macros_present"] == FORMULA_LIKE[3]
    with zipfile.ZipFile(target) as zf:
        strings = zf.read("xl/sharedStrings.xml").decode("utf-8")
    assert "012345" not in strings and "05/03/2025</t>" not in strings


def test_personal_data_on_shows_the_value(written) -> None:
    _, _, wb = written
    values = [r[6].value for r in wb[SHEET_ISSUES].iter_rows(min_row=5)]
    assert "012345" in values and "05/03/2025" in values


def test_report_sheet_holds_paragraphs_or_a_placeholder(written, tmp_path: Path) -> None:
    _, _, wb = written
    texts = [r[0].value for r in wb[SHEET_REPORT].iter_rows(min_row=4)]
    assert texts[:2] == ["Đoạn một.", FORMULA_LIKE[0]]
    target = write_workbook(make_result(tmp_path), tmp_path / "chua_co.xlsx")
    assert openpyxl.load_workbook(target)[SHEET_REPORT]["A4"].value == REPORT_PLACEHOLDER


def test_sources_sheet_lists_every_file_with_status_and_footer(written) -> None:
    result, _, wb = written
    ws = wb[SHEET_SOURCES]
    rows = rows_by_label(ws)
    for src in result.sources:
        row = rows[src.file]
        assert row[4].value == src.sha256
        assert row[5].value == src.rows and row[5].data_type == "n"
        assert row[7].value == pytest.approx(src.seconds)
    assert rows["CB06_chi_bo.xlsx"][6].value == ORG_STATUS_LABEL["excluded"]
    assert rows["DB01_chi_bo.xlsx"][6].value == ORG_STATUS_LABEL["consolidated"]
    assert any(label.endswith(__version__) for label in rows)
    assert any(label.startswith("Tổng hợp lúc: 02/04/2026") for label in rows)
    # The tool's template, said as such: each file's own version is in its row.
    assert f"Mẫu của công cụ khi chạy: {result.template_version}" in rows
    assert not any(label.startswith("Phiên bản mẫu:") for label in rows)


def test_every_sheet_is_set_up_for_a4_printing_one_page_wide(written) -> None:
    _, _, wb = written
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9, ws.title
        if ws.title == SHEET_BY_ORG:
            continue  # too wide: two pages wide (tests/test_printed_hunt144.py)
        if ws.title == SHEET_SUMMARY:
            # One page wide at a fixed scale, which keeps its page breaks (tests/test_printed_fix165.py).
            assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.scale, ws.title
            continue
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        # fitToWidth defaults to 1 when absent from the XML.
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0, ws.title
    for name in (SHEET_BY_ORG, SHEET_ISSUES, SHEET_SOURCES):
        assert wb[name].page_setup.orientation == "landscape"
        assert wb[name].print_title_rows is not None


def test_numpy_indicator_values_are_written_as_numbers(tmp_path: Path) -> None:
    result = make_result(tmp_path)
    result.indicators = {
        k: (np.int64(v) if isinstance(v, int) else np.float64(v)) for k, v in result.indicators.items()
    }
    target = write_workbook(result, tmp_path / "np.xlsx")
    rows = rows_by_label(openpyxl.load_workbook(target)[SHEET_SUMMARY])
    assert rows["Tổng số đảng viên"][1].value == int(result.indicators["members.total"])
    summary = json.loads(summary_json(result))
    assert summary["indicators"]["members.total"] == int(result.indicators["members.total"])


def test_a_failed_write_leaves_the_previous_workbook_intact(tmp_path: Path, monkeypatch) -> None:
    result = make_result(tmp_path)
    target = tmp_path / "tong_hop.xlsx"
    target.write_bytes(b"previous workbook")
    from toolkit.outputs.sheets import charts

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(charts, "write", broken)
    with pytest.raises(RuntimeError):
        write_workbook(result, target)
    assert target.read_bytes() == b"previous workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tong_hop.xlsx"]


def test_json_summary_is_utf8_not_ascii_escaped_and_equals_the_summary(tmp_path: Path) -> None:
    result = make_result(tmp_path)
    target = write_json(result, tmp_path / "tong_hop.json")
    raw = target.read_bytes()
    assert "Đảng bộ Trường THPT Hồng Quang".encode() in raw
    assert json.loads(raw.decode("utf-8")) == json.loads(json.dumps(summary_document(result)))
    assert raw.startswith(f'{{\n  "run_id": "{result.run_id}",\n'.encode())


def test_json_summary_to_stdout_when_no_target(capsysbinary, tmp_path: Path) -> None:
    result = make_result(tmp_path)
    assert write_json(result, None) is None
    out = capsysbinary.readouterr().out
    assert (
        json.loads(out.decode("utf-8"))["indicators"]["members.total"] == result.indicators["members.total"]
    )


def test_source_link_quotes_the_sheet_and_refuses_unusable_paths() -> None:
    assert source_link(Path("C:/nop/a.xlsx"), "Đảng viên", "G12") == "external:C:/nop/a.xlsx#'Đảng viên'!G12"
    assert source_link("C:\\nop\\a.xlsx", "O'Hara", "$B$2") == "external:C:\\nop\\a.xlsx#'O''Hara'!B2"
    assert source_link("C:\\nop\\a.xlsx", None, None) == "external:C:\\nop\\a.xlsx"
    assert source_link("C:\\nop\\#1.xlsx", "Đảng viên", "A1") is None
    # For XlsxWriter, a path with "%" is escaped in full: it would store "%20" as it is.
    percent = "bai%20nop\\a 100% b.xlsx"
    assert source_link(percent, "Đảng viên", "A1", escaped=True) == (
        "external:bai%2520nop\\a%20100%25%20b.xlsx#'Đảng viên'!A1"
    )
    assert source_link(percent, None, None) == f"external:{percent}"  # Excel's own links: as it is
    assert source_link("C:\\bai nop\\a.xlsx", None, None, escaped=True) == "external:C:\\bai nop\\a.xlsx"
    assert source_link("C:\\" + "x" * 2100 + ".xlsx", "Đảng viên", "A1") is None


def test_wrapped_lines_estimate_grows_with_text_and_respects_newlines() -> None:
    assert wrapped_lines("ngắn", 20) == 1
    assert wrapped_lines("một hai ba bốn năm sáu bảy tám chín mười " * 4, 20) > 3
    assert wrapped_lines("a\nb\nc", 50) == 3
    assert wrapped_lines("x" * 100, 10) >= 8
    # Names of the sample ward that LibreOffice wraps in the 34-wide name column of
    # "Theo tổ chức" (seen rendered): the row must be two lines high.
    assert wrapped_lines("Đảng bộ Trung tâm Y tế phường Hải Dương", 34) == 2
    assert wrapped_lines("Đảng bộ Công ty CP Xây dựng Thành Đông", 34) == 2
    assert wrapped_lines("Chi bộ Trạm Y tế phường", 34) == 1


def _word_by_word_lines(text: str, width: float) -> int:
    """The greedy word wrap, one word at a time: what `wrapped_lines` must agree with."""
    limit = max(1.0, width * 1.1 - 1)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split():
            need = len(word) if used == 0 else used + 1 + len(word)
            if need <= limit:
                used = need
            else:
                lines += 1 if used else 0
                used = len(word)
                while used > limit:
                    lines += 1
                    used -= int(limit)
    return max(1, lines)


@settings(max_examples=3000, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab cđ\nĐảngviên–(C2,C9) \t"), max_size=400),
    width=st.sampled_from([1, 4, 8, 13, 20, 28, 34, 70, 80]),
)
def test_wrapped_lines_is_the_word_by_word_greedy_wrap(text: str, width: float) -> None:
    # The line-at-a-time wrap (rfind per line) counts exactly the lines of the word-by-word one.
    assert wrapped_lines(text, width) == _word_by_word_lines(text, width)


class RecordingIndicators(dict):
    """Indicators that remember which ids were looked up."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.read: set[str] = set()

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key) -> bool:
        self.read.add(key)
        return super().__contains__(key)


def test_the_writer_reads_only_indicator_ids_that_the_statistics_produce(tmp_path: Path) -> None:
    result = make_result(tmp_path)
    ward = RecordingIndicators(result.indicators)
    result.indicators = ward
    orgs = []
    for org in result.organisations:
        org.indicators = RecordingIndicators(org.indicators)
        orgs.append(org.indicators)
    write_workbook(result, tmp_path / "ids.xlsx")
    produced = set(indicators.indicator_ids(result.years, ward=True)) | set(period_ids())
    assert ward.read <= produced
    assert len(ward.read) > 200
    org_read = set().union(*(o.read for o in orgs))
    assert org_read and org_read <= set(indicators.indicator_ids(result.years)) | set(period_ids())


def test_a_very_long_message_never_makes_a_row_taller_than_excel_allows(tmp_path: Path) -> None:
    result = make_result(tmp_path)
    long = dataclasses.replace(result.issues[0], message="trùng thẻ " * 3000)
    result.issues = [long]
    target = write_workbook(result, tmp_path / "dai.xlsx")
    ws = openpyxl.load_workbook(target)[SHEET_ISSUES]
    assert ws["H5"].value == long.message
    assert 15 < ws.row_dimensions[5].height <= 409


# --- the safe workbook factory and where the writers live -------------------------------------

TOOLKIT = Path(__file__).resolve().parents[1] / "toolkit"


def _imported_modules(source: str) -> set[str]:
    """Every module a source imports: import statements, and import_module/__import__ of a literal."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("import_module", "__import__"):
                found.add(str(node.args[0].value))
    return found


@pytest.mark.slow
def test_the_pipeline_imports_no_writer() -> None:
    source = (TOOLKIT / "pipeline.py").read_text(encoding="utf-8")
    writers = {m for m in _imported_modules(source) if m.startswith("toolkit.outputs")}
    assert writers == set()
    code = (
        "import sys, toolkit.pipeline; "
        "print(sorted(m for m in sys.modules if m.startswith('toolkit.outputs')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _opens_an_xlsxwriter_workbook(source: str) -> bool:
    tree = ast.parse(source)
    local = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("xlsxwriter")
        for alias in node.names
        if alias.name == "Workbook"
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "Workbook":
            if isinstance(func.value, ast.Name) and func.value.id == "xlsxwriter":
                return True
        if isinstance(func, ast.Name) and func.id in local:
            return True
    return False


def test_every_xlsxwriter_workbook_of_the_writers_and_the_excel_edge_comes_from_the_factory() -> None:
    modules = [*(TOOLKIT / "outputs").rglob("*.py"), *(TOOLKIT / "excel").rglob("*.py")]
    opening = {
        p.relative_to(TOOLKIT).as_posix()
        for p in modules
        if _opens_an_xlsxwriter_workbook(p.read_text(encoding="utf-8"))
    }
    assert opening == {"outputs/xlsx.py"}
    assert _opens_an_xlsxwriter_workbook("import xlsxwriter\nxlsxwriter.Workbook('a.xlsx')\n")
    assert _opens_an_xlsxwriter_workbook("from xlsxwriter import Workbook as W\nW('a.xlsx')\n")


def test_the_factory_keeps_strings_as_text_and_sets_font_and_properties(tmp_path: Path) -> None:
    created = dt.datetime(2026, 4, 2, 9, 30)
    wb = new_workbook(tmp_path / "a.xlsx", font_size=12, title="Thử", created=created, subject="Kỳ")
    ws = wb.add_worksheet("S")
    typed = [*FORMULA_LIKE, "http://example.org", "0912345678", "1e3"]
    for row, text in enumerate(typed):
        ws.write(row, 0, text)  # the generic writer: the options alone must keep the text
    wb.close()
    back = openpyxl.load_workbook(tmp_path / "a.xlsx")
    cells = [back["S"].cell(row + 1, 1) for row in range(len(typed))]
    assert [(c.value, c.data_type, c.hyperlink) for c in cells] == [(t, "s", None) for t in typed]
    assert (cells[0].font.name, cells[0].font.sz) == ("Times New Roman", 12)
    props = back.properties
    assert (props.title, props.subject, props.creator, props.created) == ("Thử", "Kỳ", "ward-stats", created)


def test_the_consolidated_workbook_carries_the_factory_properties(written) -> None:
    result, _, wb = written
    props = wb.properties
    assert (props.creator, props.title, props.created) == (
        "ward-stats",
        "Thống kê đảng viên Đảng bộ phường",
        result.generated_at,
    )
    assert props.subject == "Số liệu tính đến ngày 31/3/2026; biến động từ 01/01/2020"
    assert props.description == f"ward-stats {__version__}"


def test_the_trend_says_of_how_many_organisations_each_point_is() -> None:
    from toolkit.outputs.sheets.trend import orgs_text

    assert orgs_text({"orgs.consolidated": 1071, "orgs.registered": 1072}) == "1.071/1.072"
    assert orgs_text({"members.total": 5}) == ""  # a record that does not say


def test_the_trends_exemptions_are_named_and_counted_as_on_the_statistics_sheet(written) -> None:
    """The words "Miễn công tác và sinh hoạt đảng" are said of the old-age reason only (design §8): the
    trend's column of every exemption, full and temporary, is headed as `Tổng hợp` heads that
    figure, and has its value (its chart's legend reads the header)."""
    result, _, wb = written
    trend, summary = wb[SHEET_TREND], rows_by_label(wb[SHEET_SUMMARY])
    headers = {c.value: c.column for c in trend[4] if isinstance(c.value, str)}
    exempt = "Được miễn, tạm miễn công tác và sinh hoạt đảng"
    assert result.indicators["members.exempt.full"] < result.indicators["members.exempt"]
    assert (
        trend.cell(5, headers[exempt]).value
        == summary[exempt][1].value
        == result.indicators["members.exempt"]
    )
    assert [h for h in headers if "miễn" in h.lower()] == [exempt]


def test_sub_lines_add_up_to_their_line_as_the_lines_add_up_to_100() -> None:
    """Ethnic groups under "Dân tộc thiểu số", religions under "Theo tôn giáo", reasons under
    "Tạm miễn": the finest parts are rounded together and a line is the sum of its sub-lines.
    Rounded each on its own, Tày 0,19 + Hoa 0,09 + Mường 0,14 was 0,42 under a 0,43."""
    ind = {
        **DEMO_ETHNICITY_RELIGION,
        "members.exempt": 725,
        "members.exempt.full": 610,
        "members.exempt.temporary": 115,
        "members.exempt_reason.long_treatment": 50,
        "members.exempt_reason.working_away": 65,
    }
    assert {"long_treatment", "working_away", "other"} <= set(vocab.EXEMPT_REASON.codes)
    lines = [ln for ln in summary_lines.section_b(ind) if ln.kind == "item" and ln.share is not None]
    shown = {ln.indicator: ln.share.rounded for ln in lines if ln.share.rounded is not None}
    for parent, parts in (
        ("members.ethnic_minority", ["members.ethnicity.02", "members.ethnicity.04", "members.ethnicity.05"]),
        ("members.religious", ["members.religion.buddhism", "members.religion.catholicism"]),
        (
            "members.exempt.temporary",
            [f"members.exempt_reason.{c}" for c in ("long_treatment", "working_away", "other")],
        ),
    ):
        assert shown[parent] == sum(shown[k] for k in parts), parent
    assert shown["members.ethnicity.04"] == Decimal("0.10")
    assert shown["members.ethnicity.01"] + shown["members.ethnic_minority"] == 100
    assert shown["members.exempt.full"] + shown["members.exempt.temporary"] == 100


def test_a_files_issues_follow_its_sheets_then_each_corrected_column_together() -> None:
    """In a file: the template's sheets in their order (`Biến động` after `Đảng viên`, though
    B < Đ), a sheet the template has not after them, by name; errors and warnings at their row
    and column; a sheet's corrections one column after another, by the column's position then
    code; on `Thông tin`, whose items are rows, by the item's row (hunt190 F5)."""

    def at(code: str, sheet: str | None, cell: str | None, severity: str = "warning") -> Issue:
        return Issue(code, severity, "", file="A01.xlsx", sheet=sheet, cell=cell)  # type: ignore[arg-type]

    listed = [
        at("norm.spaces", "Biến động", "B2"),
        at("norm.date_text", "Đảng viên", "H2"),
        at("norm.spaces", "Đảng viên", "C3"),
        at("norm.spaces", "Đảng viên", "H4"),
        at("norm.date_text", "Đảng viên", "C2"),
        at("norm.unicode", "Thông tin", "B4"),
        at("norm.spaces", "Thông tin", "B3"),
        at("member.required", "Biến động", "C2", "error"),
        at("member.required", "Đảng viên", "D9", "error"),
        at("member.required", "Đảng viên", "B5", "error"),
        at("file.header", "Ghi chép", "A1"),
        at("file.header", "Bảng phụ", "A1"),
        at("file.header", "ĐẢNG VIÊN", "A1"),  # the template's sheet, in its own case
        at("file.locked", None, None),
    ]
    assert [(i.severity, i.sheet, i.cell, i.code) for i in sorted_issues(listed)] == [
        ("error", "Đảng viên", "B5", "member.required"),
        ("error", "Đảng viên", "D9", "member.required"),
        ("error", "Biến động", "C2", "member.required"),
        ("warning", None, None, "file.locked"),
        ("warning", "ĐẢNG VIÊN", "A1", "file.header"),
        ("warning", "Bảng phụ", "A1", "file.header"),
        ("warning", "Ghi chép", "A1", "file.header"),
        ("warning", "Thông tin", "B3", "norm.spaces"),
        ("warning", "Thông tin", "B4", "norm.unicode"),
        ("warning", "Đảng viên", "C2", "norm.date_text"),
        ("warning", "Đảng viên", "C3", "norm.spaces"),
        ("warning", "Đảng viên", "H2", "norm.date_text"),
        ("warning", "Đảng viên", "H4", "norm.spaces"),
        ("warning", "Biến động", "B2", "norm.spaces"),
    ]
