"""The official forms as data: the tables, the figures of a form, and the one renderer.

Figures are checked against hand-computed values from small synthetic indicator dicts, so
each test pins one rule: a sum of ids, an empty cell when any id is missing, the ratio
`current × 100 / previous` (empty for 0 or missing), Biểu 4's lines per term present.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from tests.helpers_output import DEMO_ETHNICITY_RELIGION, make_result
from toolkit.core import vnformat, vocab
from toolkit.core.dates import same_period_last_year
from toolkit.core.model import PastRun
from toolkit.forms.compute import (
    declared_ids,
    figure,
    fill_form,
    forms_json,
    percent_of,
)
from toolkit.forms.model import Line, TermLines
from toolkit.forms.tables import BIEU_1, BIEU_2, BIEU_3, BIEU_4, FORMS
from toolkit.outputs.sheets.forms import committee_heading, line_label
from toolkit.outputs.workbook import write_workbook
from toolkit.stats import indicators as stats_ids
from toolkit.stats.period import period_ids

PERIOD = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))

# Biểu 1 of a ward, by hand: opening 100, +5 admitted, +1 readmitted, +2 transfers in (1 from
# another province, 1 from the province), +1 restored; −1 died, −1 struck off (a
# probationary member), −2 transfers out (both in the province), so closing = 100 + 9 − 4.
BIEU_1_NOW = {
    "period.opening": 100,
    "period.admitted": 5,
    "period.readmitted": 1,
    "period.transfer_in": 2,
    "period.transfer_in.other_province": 1,
    "period.transfer_in.same_province": 1,
    "period.restored": 1,
    "period.died": 1,
    "period.expelled": 0,
    "period.struck_off": 1,
    "period.struck_off.probationary": 1,
    "period.resigned": 0,
    "period.transfer_out": 2,
    "period.transfer_out.other_province": 0,
    "period.transfer_out.same_province": 2,
    "period.closing": 105,
}


def _rows(filled) -> dict[str, tuple]:
    return {item.line.key: item.values for item in filled.lines}


# --- the figures --------------------------------------------------------------------------------


def test_a_figure_is_the_sum_of_its_ids_and_empty_when_any_is_missing() -> None:
    assert figure(("a", "b"), {"a": 2, "b": 3}) == 5
    assert figure(("a", "b"), {"a": 2}) is None
    assert figure(("a",), {"a": 0}) == 0
    assert figure((), {"a": 1}) is None
    assert figure(("a",), None) is None
    assert figure(("a",), {"a": True}) is None  # a boolean is not a count


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (15, 12, 125.0),
        (1, 3, 33.33),
        (2, 3, 66.67),
        (0, 5, 0.0),
        (5, 0, None),
        (5, None, None),
        (None, 5, None),
    ],
)
def test_ratio_is_current_times_100_over_previous_rounded_half_up(current, previous, expected) -> None:
    assert percent_of(current, previous) == expected


def test_ratio_rounds_half_up_not_to_even() -> None:
    assert percent_of(1, 8) == 12.5
    assert percent_of(1, 1600) == 0.06  # 0.0625 -> 0.06 (two decimals)
    assert percent_of(3, 16) == 18.75
    assert percent_of(1, 400) == 0.25
    assert percent_of(1, 200_000) == 0.0
    assert percent_of(5, 2_000) == 0.25
    assert percent_of(1, 80) == 1.25
    assert percent_of(1, 32) == 3.13  # 3.125 -> 3.13 (half up)


def test_the_same_period_last_year_is_the_same_dates_one_year_earlier() -> None:
    assert same_period_last_year(PERIOD) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert same_period_last_year((dt.date(2024, 1, 1), dt.date(2024, 2, 29))) == (
        dt.date(2023, 1, 1),
        dt.date(2023, 2, 28),
    )


def test_bieu_1_from_a_synthetic_dict_balances_and_fills_every_line() -> None:
    filled = fill_form(BIEU_1, BIEU_1_NOW, None, period=PERIOD)
    rows = _rows(filled)
    assert rows["A"][0] == 100
    assert rows["B"][0] == 9  # 5 + 1 + 2 + 1
    assert rows["B.1"][0] == 6  # Kết nạp lại inside Kết nạp
    assert rows["B.2"][0] == 2 and rows["B.2.a"][0] == 1 and rows["B.2.b"][0] == 1
    assert rows["C"][0] == 4
    assert rows["C.3.probationary"][0] == 1
    assert rows["D"][0] == rows["A"][0] + rows["B"][0] - rows["C"][0] == 105
    assert [k for k in rows] == [line.key for line in BIEU_1.lines]  # official order
    assert all(v[1] is None and v[2] is None for v in rows.values())  # no last year: empty


def test_the_same_period_last_year_fills_the_previous_and_ratio_columns() -> None:
    before = {**BIEU_1_NOW, "period.admitted": 4, "period.readmitted": 0, "period.died": 0}
    rows = _rows(fill_form(BIEU_1, BIEU_1_NOW, before, period=PERIOD))
    assert rows["B.1"] == (6, 4, 150.0)
    assert rows["C.1"] == (1, 0, None)  # nothing last year: no ratio
    assert rows["A"] == (100, 100, 100.0)


def test_a_form_whose_ids_are_not_computed_renders_empty_cells_and_says_so() -> None:
    filled = fill_form(BIEU_2, {"members.total": 10}, None, period=PERIOD)
    figures = [item for item in filled.lines if item.line.has_figure]
    assert figures and all(item.values == (None, None, None) for item in figures)
    notes = " ".join(filled.notes)
    assert f"{len(figures)} dòng để trống" in notes
    assert "Cùng kỳ năm trước" in notes and "01/01/2025–31/3/2025" in notes
    assert "Quần chúng vi phạm chính sách KHHGĐ" in notes  # the line the template does not collect


def test_a_line_not_collected_stays_empty_even_when_an_indicator_exists() -> None:
    line = next(li for li in BIEU_2.lines if isinstance(li, Line) and not li.collected)
    assert line.ids == () and not line.has_figure
    rows = _rows(fill_form(BIEU_2, {"admitted.total": 3}, None, period=PERIOD))
    assert rows[line.key] == (None, None, None)
    assert rows["I"][0] == 3


def test_bieu_3_sums_the_working_occupations_and_groups_the_enterprise_lines() -> None:
    now = {f"members.occupation.{code}": i + 1 for i, code in enumerate(_working_codes())}
    # Of the members of old (2026.1) files whose occupation is unknown: 30 whose old one is a
    # working one, 20 of them "Người lao động trong doanh nghiệp".
    now |= {"members.occupation.unknown.working": 30, "members.occupation.unknown.enterprise": 20}
    rows = _rows(fill_form(BIEU_3, now, None, period=PERIOD))
    assert rows["II.1.a"][0] == sum(range(1, 15)) + 30  # 14 working occupations, 1 + 2 + … + 14
    enterprise = [
        now[f"members.occupation.{c}"]
        for c in ("enterprise_manager", "enterprise_staff", "production_worker")
    ]
    assert rows["II.1.a.enterprise"][0] == sum(enterprise) + 20
    assert rows["II.1.a.production_worker"][0] == now["members.occupation.production_worker"]
    assert rows["II.1.b"][0] is None  # retired not given


def _working_codes() -> list[str]:
    from toolkit.forms.tables import WORKING_OCCUPATIONS

    assert len(WORKING_OCCUPATIONS) == 14 and "retired" not in WORKING_OCCUPATIONS
    return list(WORKING_OCCUPATIONS)


def test_bieu_4_lists_the_terms_present_with_women_and_share(monkeypatch: pytest.MonkeyPatch) -> None:
    groups = vocab.Vocabulary(
        "ethnicity",
        "Dân tộc",
        (vocab.Term("01", "Kinh"), vocab.Term("02", "Tày"), vocab.Term("03", "Thái")),
    )
    monkeypatch.setattr(vocab, "ETHNICITY", groups, raising=False)
    now = {
        "members.total": 8,
        "members.gender.female": 3,
        "members.ethnicity.01": 6,
        "members.ethnicity.01.female": 2,
        "members.ethnicity.02": 0,
        "members.ethnicity.02.female": 0,
        "members.ethnicity.03": 1,
        "members.ethnicity.03.female": 1,
        "members.ethnicity.unknown": 1,
        "members.ethnicity.unknown.female": 0,
    }
    filled = fill_form(BIEU_4, now, None, period=PERIOD)
    rows = [(i.line.key, i.line.number, i.line.label, i.values) for i in filled.lines]
    assert rows[0] == ("total", "", "Tổng số đảng viên", (8, 3, 100.0))
    part = [r for r in rows if r[0].startswith("I.")]
    # The shares are over the 7 members whose ethnicity is known; the unknown one has none.
    assert part == [
        ("I.01", "1", "Kinh", (6, 2, 85.71)),
        ("I.03", "2", "Thái", (1, 1, 14.29)),  # Tày has nobody: not listed
        ("I.unknown", "3", "Chưa xác định", (1, 0, None)),
    ]
    assert "Phần “Tôn giáo” chưa có số liệu" in " ".join(filled.notes)


def test_forms_json_has_every_row_in_official_order() -> None:
    filled = [fill_form(f, BIEU_1_NOW, None, period=PERIOD) for f in FORMS]
    doc = forms_json(filled)
    assert list(doc) == ["bieu1", "bieu2", "bieu3", "bieu4"]
    assert doc["bieu1"][2] == {"row": "B.1", "label": "Kết nạp", "current": 6, "previous": None}
    assert set(doc["bieu4"][0]) == {"row", "label", "current", "female", "share"}


# --- the tables ---------------------------------------------------------------------------------


def test_every_form_has_unique_keys_and_official_numbering() -> None:
    for form in FORMS:
        keys = [li.key for li in form.lines if isinstance(li, Line)]
        assert len(keys) == len(set(keys)), form.code
        assert form.sheet_name == f"Biểu {form.number}-BTCTW"
    assert [li.number for li in BIEU_1.lines if isinstance(li, Line) and li.level == 0] == [
        "A",
        "B",
        "C",
        "D",
    ]
    assert [
        li.label
        for li in BIEU_1.lines
        if isinstance(li, Line) and li.key.startswith("C.") and li.key.count(".") == 1
    ] == [
        "Từ trần",
        "Khai trừ",
        "Xóa tên",
        "Xin ra khỏi Đảng",
        "Chuyển đi",
    ]


# Every id a form names is produced by the statistics: a typo cannot hide as an empty cell.
def test_every_id_a_form_names_is_produced() -> None:
    produced = set(stats_ids.indicator_ids([2026], ward=True)) | set(period_ids())
    for form in FORMS:
        assert declared_ids(form) - produced == set(), form.code
        for note in form.count_notes:
            assert set(note.ids) <= produced, (form.code, note.ids)


def test_every_roster_id_of_the_forms_is_produced() -> None:
    """The roll at the cut-off (`members.*`: Biểu 3, Biểu 4, and wherever another form names
    it) is computed by the statistics, every ethnic group and religion with its women and
    the unknown bucket."""
    produced = set(stats_ids.indicator_ids([2026], ward=True))
    roster = {key for form in FORMS for key in declared_ids(form) if key.startswith("members.")}
    assert roster - produced == set()
    assert {"members.ethnicity.54.female", "members.religion.unknown.female"} <= roster
    assert {"members.occupation.retired.exempt", "members.era.before_1945"} <= roster
    assert declared_ids(BIEU_3) | declared_ids(BIEU_4) <= produced  # both forms are the roll only


def test_term_lines_never_list_a_skipped_code() -> None:
    religion = next(li for li in BIEU_4.lines if isinstance(li, TermLines) and li.vocabulary == "RELIGION")
    assert religion.skip == ("none",)


# --- the renderer -------------------------------------------------------------------------------


def test_committee_heading() -> None:
    assert committee_heading("Phường  Hải Dương") == "ĐẢNG ỦY PHƯỜNG HẢI DƯƠNG"
    assert committee_heading(None) == "ĐẢNG ỦY PHƯỜNG"
    assert committee_heading("  ") == "ĐẢNG ỦY PHƯỜNG"
    # The level above: the unit's committee, as Party documents head it.
    assert committee_heading("Tỉnh Hải Dương", "rollup") == "TỈNH ỦY HẢI DƯƠNG"
    assert committee_heading("tỉnh  Hải Dương", "rollup") == "TỈNH ỦY HẢI DƯƠNG"
    assert committee_heading("Thành phố Hải Phòng", "rollup") == "THÀNH ỦY HẢI PHÒNG"
    assert committee_heading("Thị xã Kinh Môn", "rollup") == "THỊ ỦY KINH MÔN"
    assert committee_heading("Đảng bộ Khối các cơ quan tỉnh", "rollup") == "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH"
    assert committee_heading("Tỉnh uỷ Hải Dương", "rollup") == "TỈNH UỶ HẢI DƯƠNG"  # a committee: as written
    assert committee_heading("Cụm thi đua số 3", "rollup") == "ĐẢNG ỦY CỤM THI ĐUA SỐ 3"
    assert committee_heading("Tỉnh", "rollup") == "ĐẢNG ỦY TỈNH"  # a kind with no name: nothing guessed
    # A ward's own name keeps its Đảng ủy, whatever it is called.
    assert committee_heading("Xã Tỉnh Giang") == "ĐẢNG ỦY XÃ TỈNH GIANG"
    assert committee_heading(None, "rollup") == "ĐẢNG ỦY ……………"  # the level above: no "PHƯỜNG"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    """A workbook whose ward indicators include Biểu 1's synthetic figures, with last year's,
    both of every organisation (two runs of different organisations leave the (%) column empty:
    tests/test_forms_unlike_scope.py)."""
    tmp = tmp_path_factory.mktemp("forms")
    result = make_result(tmp)
    every = result.indicators["orgs.registered"] + result.indicators["orgs.unregistered"]
    result.indicators = {**result.indicators, **BIEU_1_NOW, "orgs.consolidated": every}
    result.ward_name = "Phường Hải Dương"
    before = {**result.indicators, "period.admitted": 4, "period.readmitted": 0, "members.total": 8}
    result.previous = PastRun(
        "r-2025",
        dt.date(2025, 3, 31),
        dt.date(2020, 1, 1),
        same_period_last_year(result.forms_period),
        before,
    )
    path = write_workbook(result, tmp / "forms.xlsx")
    return result, openpyxl.load_workbook(path)


def _label_rows(ws) -> dict[str, int]:
    return {str(c.value): c.row for c in ws["A"] if isinstance(c.value, str)}


def test_form_sheet_heading_header_and_signature(rendered) -> None:
    result, wb = rendered
    ws = wb["Biểu 1-BTCTW"]
    assert ws["A1"].value == "ĐẢNG ỦY PHƯỜNG HẢI DƯƠNG"
    assert ws["C1"].value == "Biểu số 1-BTCTW"
    assert ws["A4"].value == "THỐNG KÊ TĂNG, GIẢM ĐẢNG VIÊN"
    start, end = result.forms_period
    assert ws["A5"].value == f"Kỳ báo cáo: từ ngày {vnformat.date(start)} đến ngày {vnformat.date(end)}"
    assert [ws.cell(7, c).value for c in range(1, 5)] == [
        "Tiêu chí",
        "Thực hiện:\nKỳ này",  # broken after its colon (tests/test_printed_hunt144.py)
        "Cùng kỳ năm trước",
        "(%) kỳ này so với cùng kỳ năm trước",
    ]
    assert [ws.cell(8, c).value for c in range(1, 5)] == ["1", "2", "3", "4"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    # The signature block, one row (tests/test_forms_signatures.py): each side one cell.
    assert "…, ngày … tháng … năm …\nTRƯỞNG BAN\n(Ký, đóng dấu, ghi rõ họ và tên)" in texts
    assert "\nNGƯỜI LẬP BIỂU\n(Ký, ghi rõ họ và tên; số điện thoại liên hệ)" in texts
    assert ws.page_setup.orientation == "portrait" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0  # one page wide


def test_form_values_are_number_cells_with_formats(rendered) -> None:
    _, wb = rendered
    ws = wb["Biểu 1-BTCTW"]
    rows = _label_rows(ws)
    kết_nạp = rows["1. Kết nạp"]
    assert [ws.cell(kết_nạp, c).value for c in (2, 3, 4)] == [6, 4, 150]
    assert ws.cell(kết_nạp, 2).number_format == "#,##0"
    assert ws.cell(kết_nạp, 4).number_format == "0.00"
    assert ws.cell(rows["D. Đảng viên trong danh sách cuối kỳ báo cáo"], 2).value == 105
    assert ws.cell(rows["A. Tổng số đảng viên cuối kỳ trước chuyển sang"], 2).font.b


def test_bieu_3_mean_age_has_one_decimal_and_roster_lines_are_filled(rendered) -> None:
    result, wb = rendered
    ws = wb["Biểu 3-BTCTW"]
    rows = _label_rows(ws)
    mean = rows["- Tuổi bình quân"]
    assert ws.cell(mean, 2).value == result.indicators["members.age_mean"]
    assert ws.cell(mean, 2).number_format == "0.0"
    minority = rows["- Dân tộc thiểu số"]
    assert ws.cell(minority, 2).value == result.indicators["members.ethnic_minority"]
    total = rows["I. Đảng viên trong danh sách có đến cuối kỳ báo cáo"]
    assert ws.cell(total, 3).value == 8
    assert ws.cell(total, 4).value == round(result.indicators["members.total"] * 100 / 8, 2)


def test_bieu_4_has_its_own_columns(rendered) -> None:
    _, wb = rendered
    ws = wb["Biểu 4-BTCTW"]
    assert [ws.cell(7, c).value for c in range(1, 6)] == [
        "TT",
        "Tên dân tộc, tôn giáo",
        "Tổng số",
        "Trong đó: nữ",
        "Tỷ lệ (%)",
    ]
    assert [ws.cell(8, c).value for c in range(1, 6)] == ["1", "2", "3", "4", "5"]
    assert ws["D1"].value == "Biểu số 4-BTCTW"


def test_line_labels_print_the_official_numbering() -> None:
    filled = fill_form(BIEU_1, BIEU_1_NOW, None, period=PERIOD)
    labels = {item.line.key: line_label(item) for item in filled.lines}
    assert labels["B"] == "B. Đảng viên tăng trong kỳ"
    assert labels["B.2.a"] == "a) Tỉnh khác chuyển đến"
    assert labels["C.3.probationary"] == "Trong đó: Đảng viên dự bị"


def test_a_form_renders_from_indicators_that_lack_every_form_id(tmp_path: Path) -> None:
    result = make_result(tmp_path)
    result.indicators = {"members.total": 0}
    result = dataclasses.replace(result, organisations=[], sources=[])
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "bare.xlsx"))
    for form in FORMS:
        ws = wb[form.sheet_name]
        values = [c.value for row in ws.iter_rows(min_row=9) for c in row if isinstance(c.value, int | float)]
        assert all(v in (0, 100) for v in values), form.code  # only members.total = 0 (and its 100 %)


def test_transfers_without_a_scope_are_said_to_come_from_old_or_upgraded_files() -> None:
    """An upgraded 2026.2 file whose 'Phạm vi chuyển' is not filled in yet leaves a transfer
    outside lines a and b just as a 2026.1 file does: the note names both, not only the old
    template."""
    now = {**BIEU_1_NOW, "period.transfer_in.unknown": 3, "period.transfer_out.unknown": 1}
    notes = " ".join(fill_form(BIEU_1, now, None, period=PERIOD).notes)
    assert "3 đảng viên chuyển đến chưa ghi phạm vi chuyển" in notes
    assert "1 đảng viên chuyển đi chưa ghi phạm vi chuyển" in notes
    assert notes.count("tệp đã nâng cấp nhưng chưa điền bổ sung") == 2


def test_members_whose_attributes_are_unknown_are_counted_under_the_form() -> None:
    """A line such as 'Dân tộc thiểu số' counts the members known to be of a minority: with
    files of the 2026.1 template (or upgraded ones not completed) many are unknown, and the
    form says how many instead of letting the line read as a complete count."""
    now = {"members.total": 4216, "members.ethnicity.unknown": 2093, "members.occupation.unknown": 83}
    notes = fill_form(BIEU_3, now, None, period=PERIOD).notes
    assert any(n.startswith("2.093 đảng viên chưa rõ dân tộc (tệp theo mẫu cũ 2026.1") for n in notes), notes
    assert any(n.startswith("83 đảng viên chưa rõ nghề nghiệp") for n in notes), notes
    assert not any("chưa rõ tôn giáo" in n for n in notes)  # nobody unknown: no note
    # Biểu 2: the admitted on no roster (of unknown gender, and all but the age) are one note
    # of their own; an attribute's note counts the others (old template), never below 0.
    admitted = {
        "admitted.total": 15,
        "admitted.gender.unknown": 4,
        "admitted.youth_union.unknown": 4,
        "admitted.ethnicity.unknown": 6,
        "admitted.occupation.unknown": 3,
        "admitted.occupation.unknown.enterprise": 0,
    }
    notes = fill_form(BIEU_2, admitted, None, period=PERIOD).notes
    assert any(n.startswith("4 đảng viên mới kết nạp không có trong danh sách đảng viên") for n in notes), (
        notes
    )
    assert "2 đảng viên mới kết nạp chưa rõ dân tộc: không tính vào dòng “Dân tộc thiểu số”." in notes
    assert not any("chưa rõ có là đoàn viên" in n or "chưa rõ nghề nghiệp" in n for n in notes), notes


# --- a form read away from the workbook says when its figures are of some organisations only --


def test_a_form_says_when_some_organisations_are_not_consolidated() -> None:
    now = {**BIEU_1_NOW, "orgs.registered": 72, "orgs.consolidated": 68}
    notes = fill_form(BIEU_1, now, None, period=PERIOD).notes
    assert notes[0] == (
        "Số liệu của 68/72 tổ chức đảng: 4 tổ chức chưa được tổng hợp (chưa nộp hoặc tệp có lỗi), "
        "nên các số trong biểu chưa đủ."
    )
    complete = {**BIEU_1_NOW, "orgs.registered": 72, "orgs.consolidated": 72}
    assert not any("tổ chức đảng" in n for n in fill_form(BIEU_1, complete, None, period=PERIOD).notes)
    for form in (BIEU_2, BIEU_3, BIEU_4):  # every form, the comparing ones and Biểu 4
        assert "Số liệu của 68/72 tổ chức đảng" in fill_form(form, now, None, period=PERIOD).notes[0]


def test_a_form_says_when_last_year_s_figures_are_of_some_organisations_only() -> None:
    now = {**BIEU_1_NOW, "orgs.registered": 72, "orgs.consolidated": 72}
    before = {**BIEU_1_NOW, "orgs.registered": 72, "orgs.consolidated": 65}
    filled = fill_form(BIEU_1, now, before, period=PERIOD)
    assert filled.notes[0] == (
        "Cột (%) để trống: số liệu cùng kỳ năm trước chỉ gồm 65/72 tổ chức (lần tổng hợp đó thiếu 7 "
        "tổ chức), nên hai kỳ không cùng các tổ chức, so sánh sẽ sai lệch."
    )
    assert all(f.values[2] is None for f in filled.lines), filled.lines  # hunt155 F1
    assert any(f.values[0] is not None and f.values[1] is not None for f in filled.lines)
    assert not any("Cột (%)" in n for n in fill_form(BIEU_4, now, before, period=PERIOD).notes)
    whole = fill_form(BIEU_1, now, {**before, "orgs.consolidated": 72}, period=PERIOD)
    assert not any("Cột (%)" in n for n in whole.notes)
    assert any(f.values[2] is not None for f in whole.lines)


def test_the_forms_sheets_carry_the_note(tmp_path: Path) -> None:
    result = make_result(tmp_path / "src")  # five consolidated, one excluded, one missing
    assert result.indicators["orgs.consolidated"] < result.indicators["orgs.registered"]
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    expected = (
        f"Số liệu của {result.indicators['orgs.consolidated']}/{result.indicators['orgs.registered']} "
        "tổ chức đảng"
    )
    for form in FORMS:
        texts = [c.value for row in wb[form.sheet_name].iter_rows() for c in row if isinstance(c.value, str)]
        assert any(expected in t for t in texts), form.code


def _bieu_4_shares(now: dict[str, int]) -> dict[str, float | None]:
    filled = fill_form(BIEU_4, now, None, period=PERIOD)
    return {item.line.key: item.values[2] for item in filled.lines if item.line.key.startswith(("I.", "II."))}


def test_bieu_4_shares_add_up_to_100_and_are_the_ones_the_summary_sheet_prints() -> None:
    """The ethnic groups (the unknown with them) make up all members: their shares are rounded
    together by the largest remainder, as every share of one whole. Rounded each on its own,
    4 of the demo ward's 4,216 (0,0948…%) was 0,09 and the column added up to 99,99. The
    religions are rounded with the members of no religion, as on the Tổng hợp sheet: one
    figure, one printed share (Phật giáo 1,37 there was 1,38 here)."""
    from toolkit.outputs import summary_lines

    now = {**DEMO_ETHNICITY_RELIGION, "members.gender.female": 1500}
    shares = _bieu_4_shares(now)
    ethnic = {k: v for k, v in shares.items() if k.startswith("I.")}
    assert ethnic == {"I.01": 99.57, "I.02": 0.19, "I.04": 0.10, "I.05": 0.14}
    assert round(sum(v for v in ethnic.values() if v is not None), 2) == 100
    assert {k: v for k, v in shares.items() if k.startswith("II.")} == {
        "II.buddhism": 1.37,
        "II.catholicism": 0.5,
    }
    # Each is the share the Tổng hợp sheet prints for the same figure.
    printed = {
        ln.indicator: float(ln.share.rounded)
        for ln in summary_lines.section_b(now)
        if ln.kind == "item" and ln.share is not None and ln.share.rounded is not None
    }
    for key, value in shares.items():
        family = "members.ethnicity" if key.startswith("I.") else "members.religion"
        assert printed[f"{family}.{key.split('.', 1)[1]}"] == value, key

    # Members whose ethnicity and religion are unknown (files of the 2026.1 template): the
    # shares are over the members whose value is known, as on the Tổng hợp sheet (§6), and
    # still add up to 100; the unknown line keeps its count and has no share.
    unknown = {
        **now,
        "members.ethnicity.01": 3890,
        "members.ethnicity.unknown": 308,
        "members.religion.none": 3833,
        "members.religion.buddhism": 55,
        "members.religion.catholicism": 20,
        "members.religion.unknown": 308,
    }
    shares = _bieu_4_shares(unknown)
    assert shares["I.unknown"] is None and shares["II.unknown"] is None
    ethnic = {k: v for k, v in shares.items() if k.startswith("I.") and v is not None}
    # Over the 3.908 known, by the largest remainder (over 4.216 Kinh was 92,27).
    assert ethnic == {"I.01": 99.54, "I.02": 0.21, "I.04": 0.1, "I.05": 0.15}
    assert round(sum(ethnic.values()), 2) == 100
    printed = {
        ln.indicator: float(ln.share.rounded)
        for ln in summary_lines.section_b(unknown)
        if ln.kind == "item" and ln.share is not None and ln.share.rounded is not None
    }
    for key, value in shares.items():
        family = "members.ethnicity" if key.startswith("I.") else "members.religion"
        assert printed.get(f"{family}.{key.split('.', 1)[1]}") == value, key
    # The note under the form gives the unknown count, its cause and the base of the shares.
    notes = fill_form(BIEU_4, unknown, None, period=PERIOD).notes
    for what, part in (("dân tộc", "Dân tộc"), ("tôn giáo", "Tôn giáo")):
        assert (
            f"308 đảng viên chưa rõ {what} (tệp theo mẫu cũ 2026.1, hoặc tệp đã nâng cấp nhưng chưa "
            f"điền bổ sung): ghi ở dòng “Chưa xác định” của phần “{part}”, không tính tỷ lệ; tỷ lệ (%) "
            f"của các {what} tính trên số đảng viên đã ghi {what} (tổng số đảng viên trừ 308 đảng "
            "viên này), như sheet “Tổng hợp”."
        ) in notes, notes
    assert not any("chưa rõ" in n for n in fill_form(BIEU_4, now, None, period=PERIOD).notes)


def test_bieu_4_of_old_files_prints_the_summary_sheet_s_shares_in_the_ward_and_the_roll_up(
    tmp_path: Path,
) -> None:
    """A ward where one organisation sends a file of the 2026.1 template (no Dân tộc, Tôn
    giáo): Biểu 4 of the workbook, of the JSON and of a roll-up prints each group's share as
    the Tổng hợp sheet does, over the members whose value is known, and says why."""
    from tests.helpers_sample import sample_orgs
    from toolkit.core import layout
    from toolkit.outputs.json_summary import summary_document, write_json
    from toolkit.pipeline import consolidate
    from toolkit.rollup import rollup
    from toolkit.sample.rows import Period

    period = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
    orgs = sample_orgs(23, [40, 30, 25], period)
    folder = tmp_path / "nop"
    folder.mkdir()
    for i, org in enumerate(orgs):
        version = layout.VERSION_2026_1 if i == 0 else layout.TEMPLATE_VERSION
        org.write(folder / f"{org.organisation.org_code}.xlsx", version=version)
    result = consolidate([folder], cutoff=period.cutoff, since=period.start)
    ind = result.indicators
    unknown = ind["members.ethnicity.unknown"]
    assert unknown == ind["members.religion.unknown"] == len(orgs[0].members) > 0
    known = ind["members.total"] - unknown
    wb = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))
    summary = {
        row[0]: row[2]
        for row in wb["Tổng hợp"].iter_rows(values_only=True)
        if isinstance(row[2], int | float) and isinstance(row[3], str)
    }
    ws = wb["Biểu 4-BTCTW"]
    lines = [
        r for r in ws.iter_rows(values_only=True) if isinstance(r[2], int) and r[1] != "Tổng số đảng viên"
    ]
    assert [r[1] for r in lines].count("Chưa xác định") == 2
    for _, label, count, _, share in lines:
        if label == "Chưa xác định":
            assert count == unknown and share is None
        else:  # the Tổng hợp sheet's share (a fraction there), over the known members
            assert share == round(summary[label] * 100, 2), label
            assert abs(share - count * 100 / known) < 0.01, label
    ethnic = lines[: [r[1] for r in lines].index("Chưa xác định")]
    assert round(sum(r[4] for r in ethnic), 2) == 100
    texts = [r[0] for r in ws.iter_rows(values_only=True) if isinstance(r[0], str)]
    n = vnformat.number(unknown)
    assert any(t.startswith(f"Ghi chú: {n} đảng viên chưa rõ dân tộc (tệp theo mẫu cũ 2026.1") for t in texts)
    assert any(f"tính trên số đảng viên đã ghi tôn giáo (tổng số đảng viên trừ {n}" in t for t in texts)
    # The JSON's rows are the sheet's, and a roll-up of the ward alone prints the same form.
    rows = summary_document(result)["forms"]["bieu4"]
    assert [(r["label"], r["current"], r["share"]) for r in rows if isinstance(r["current"], int)][1:] == [
        (label, count, share) for _, label, count, _, share in lines
    ]
    path = write_json(result, tmp_path / "phuong.json")
    assert path is not None
    assert summary_document(rollup([path]))["forms"]["bieu4"] == rows


def test_bieu_4_with_no_religious_member_does_not_say_the_religions_are_missing(tmp_path: Path) -> None:
    """Every member's `Tôn giáo` is "Không": the part is complete, it only has no line."""
    from tests.helpers_sample import sample_orgs
    from toolkit.pipeline import consolidate
    from toolkit.sample.rows import Period

    period = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
    orgs = sample_orgs(16, [40, 30], period)
    folder = tmp_path / "nop"
    folder.mkdir()
    for org in orgs:
        for member in org.members:
            member["religion"] = "none"
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    result = consolidate([folder], cutoff=period.cutoff, since=period.start)
    assert result.indicators["members.religion.none"] == result.indicators["members.total"] > 0
    ws = openpyxl.load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))["Biểu 4-BTCTW"]
    texts = " ".join(c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str))
    assert "Phần “Tôn giáo” không có dòng nào: không có đảng viên nào theo tôn giáo." in texts
    assert "chưa có số liệu" not in texts
    # Figures that lack the religions (an older summary) still say so.
    older = {k: v for k, v in result.indicators.items() if not k.startswith("members.religion.")}
    notes = fill_form(BIEU_4, older, None, period=PERIOD).notes
    assert "Phần “Tôn giáo” chưa có số liệu trong các tệp của chi bộ." in notes


@pytest.mark.parametrize("rollup", [False, True])
def test_the_internal_transfers_note_is_true_of_a_ward_and_of_a_roll_up(rollup: bool) -> None:
    """A roll-up adds the wards' moves between two organisations of one ward, which it does not
    count either: its note said "trong Đảng bộ phường", a ward's words on a province's form."""
    moved = {**BIEU_1_NOW, "period.transfer_in.internal": 2, "period.transfer_out.internal": 2}
    filled = fill_form(BIEU_1, moved, None, period=PERIOD, rollup=rollup)
    assert (
        "4 dòng chuyển sinh hoạt giữa hai tổ chức đảng của cùng một Đảng bộ phường không tính là tăng "
        "hoặc giảm." in filled.notes
    )


def test_bieu_4_says_when_a_share_is_not_its_own_half_up_rounding() -> None:
    """hunt261 G1: Biểu 4 goes to the province alone; its shares are rounded together (Hoa
    4/4.216 = 0,0949 % prints 0,10 %, Phật giáo 58/4.216 = 1,3757 % prints 1,37 % since the
    religions are rounded with the members of no religion, not printed). A note says so, of
    the parts where some printed share differs from its own half-up rounding, and only then."""
    now = {**DEMO_ETHNICITY_RELIGION, "members.gender.female": 1500}
    shares = _bieu_4_shares(now)
    assert shares["I.04"] == 0.10 and round(4 * 100 / 4216, 2) == 0.09
    assert shares["II.buddhism"] == 1.37 and round(58 * 100 / 4216, 2) == 1.38
    ending = (
        "được làm tròn cùng nhau để cộng lại đủ 100%, nên có dòng lệch 0,01% so với tỷ lệ làm tròn "
        "riêng dòng đó."
    )
    both = (
        "Tỷ lệ (%) các dòng của phần “Dân tộc” và phần “Tôn giáo” (kể cả đảng viên không theo tôn "
        f"giáo, không in trong biểu) {ending}"
    )
    assert both in fill_form(BIEU_4, now, None, period=PERIOD).notes
    # Every member Kinh (100 %, its own rounding): only the religions are said.
    kinh = {**now, "members.ethnicity.01": 4216, "members.ethnicity.02": 0, "members.ethnicity.04": 0}
    kinh["members.ethnicity.05"] = 0
    religions = (
        "Tỷ lệ (%) các dòng của phần “Tôn giáo” (kể cả đảng viên không theo tôn giáo, không in trong "
        f"biểu) {ending}"
    )
    assert religions in fill_form(BIEU_4, kinh, None, period=PERIOD).notes
    # Shares that are each their own rounding (6/8 = 75 %, 2/8 = 25 %): no note.
    exact = {
        **{k: 0 for k in DEMO_ETHNICITY_RELIGION},
        "members.total": 8,
        "members.gender.female": 3,
        "members.ethnicity.01": 6,
        "members.ethnicity.02": 2,
        "members.religion.none": 6,
        "members.religion.buddhism": 2,
    }
    assert fill_form(BIEU_4, exact, None, period=PERIOD).lines[2].values[2] == 75.0
    assert not any("làm tròn" in n for n in fill_form(BIEU_4, exact, None, period=PERIOD).notes)


def test_bieu_3_says_how_many_exempted_members_are_counted_as_working() -> None:
    """hunt261 G2: a member exempted from work and party activities whose occupation is not
    "Đã nghỉ hưu, nghỉ công tác" (an old farmer) is in line a, in no exemption line: a count
    note says how many, of last year too, and nothing when there are none."""
    text = (
        "đảng viên được miễn công tác và sinh hoạt đảng có nghề nghiệp không phải “Đã nghỉ hưu, "
        "nghỉ công tác” nên được tính ở dòng “a) Đảng viên đang làm việc và công tác”, không ở dòng "
        "“Trong đó: Được miễn công tác và sinh hoạt đảng”."
    )
    now = {"members.total": 4216, "members.occupation.working.exempt": 76}
    assert f"76 {text}" in fill_form(BIEU_3, now, None, period=PERIOD).notes
    before = {"members.total": 4100, "members.occupation.working.exempt": 70}
    assert f"Kỳ này 76, cùng kỳ năm trước 70 {text}" in fill_form(BIEU_3, now, before, period=PERIOD).notes
    none = {**now, "members.occupation.working.exempt": 0}
    assert not any(text in n for n in fill_form(BIEU_3, none, None, period=PERIOD).notes)


def test_a_long_note_under_a_form_is_as_high_as_the_lines_it_prints(tmp_path: Path) -> None:
    """hunt261: under Biểu 1 of a ward with a move inside the ward in transit, that note's row
    was 7 lines high (107 points) for the 6 lines LibreOffice prints of it, a tall empty band
    above the next note. A note spans the whole table (93 units: 111–113 characters a line
    printed), so it is counted at `NOTE_WIDTH`, and the page estimate counts the same height."""
    import xlsxwriter

    from toolkit.outputs.sheets import forms

    now = {**BIEU_1_NOW, "period.transfer_in.in_transit": 1, "period.transfer_out.in_transit": 1}
    filled = fill_form(BIEU_1, now, None, period=PERIOD)
    transit = next(n for n in filled.notes if n.startswith("2 dòng chuyển sinh hoạt trong Đảng bộ phường"))
    text = f"Ghi chú: {transit}"
    assert len(text) == 633  # the note as the messy ward prints it
    six = 6 * forms.LINE_HEIGHT + 2
    path = tmp_path / "b1.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    forms.write_form(wb, forms.FormFormats(wb), filled, "ĐẢNG ỦY PHƯỜNG MẪU")
    wb.close()
    ws = openpyxl.load_workbook(path)[BIEU_1.sheet_name]
    row = next(c.row for c in ws["A"] if c.value == text)
    assert ws.row_dimensions[row].height == pytest.approx(six, abs=0.5)  # set in whole pixels
    # The page estimate that keeps the signatures with the form counts that height too.
    assert forms.note_height(text, sum(w for _, w in BIEU_1.columns)) == six
