"""A roll-up reads its wards' lists of late organisations and missing years back whole, and says
them within what a row shows (hunt52), on real ward summaries (generated organisations, the
real pipeline, the command line):

- `rollup.late_start_ward` and `rollup.year_missing_ward` carried a ward's list as a value cut at
  120 characters (`core.text.shown`), which the forms' note, the report's opening and `Tổng
  hợp`'s row 3 read back as data: a ward's sixth late organisation was lost (a late start inside
  the forms' period went unsaid), its tenth missing year too. The value is now kept whole and
  only shortened where `Kiểm tra` shows it (#1);
- the forms' late-start note and the report's opening named every ward with no limit (20 wards:
  a note taller than a row shows): they now name the first five and count the rest (#2);
- one pair of names differing only by accents in one ward was said "ở các phường" (#3);
- two organisations' files of one name, read from two folders, had their pairs counted once (#4).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from tests.helpers_sample import cli_output, sample_orgs, ward_summary, with_other_tone_death
from toolkit.core.model import Registry
from toolkit.core.text import MAX_SHOWN_CHARS, shown
from toolkit.forms import result_forms
from toolkit.forms.compute import accent_pairs_note
from toolkit.forms.tables import FORMS
from toolkit.outputs.sheets.cells import MAX_ROW_HEIGHT, wrapped_lines
from toolkit.outputs.sheets.forms import LINE_HEIGHT
from toolkit.pipeline import consolidate
from toolkit.rollup import rollup
from toolkit.sample.rows import OrgRows, Period, number_rows

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
UNIT = "Quận Thử"
INSIDE = dt.date(2026, 2, 1)  # inside the forms' period 01/01/2026–31/3/2026
BEFORE = dt.date(2025, 6, 1)  # inside the roll-up's period, before the forms'
LATE_NOTE = "Số liệu biến động trong kỳ của "
ROW_LINES = (MAX_ROW_HEIGHT - 2) // LINE_HEIGHT  # the lines a row of the forms' notes shows


def _starting(org: OrgRows, start: dt.date) -> OrgRows:
    return dataclasses.replace(
        org,
        info={**org.info, "period_start": start},
        events=number_rows([dict(e) for e in org.events if e["event_date"] >= start]),
        years=[y for y in org.years if y["year"] >= start.year],
    )


def _no_2025(org: OrgRows) -> OrgRows:
    return dataclasses.replace(org, years=[y for y in org.years if y["year"] != 2025])


_with_pair = with_other_tone_death


@pytest.fixture(scope="module")
def wards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Phường Kim: K02–K06 list their changes from 01/6/2025, K07 from 01/02/2026. Phường Sáu:
    six organisations from 01/02/2026. Phường Năm: ten organisations lack their 2025 row."""
    tmp = tmp_path_factory.mktemp("rollup_ward_lists")
    kim = sample_orgs(9, [4] * 7, PERIOD, prefix="K")
    kim[1:6] = [_starting(o, BEFORE) for o in kim[1:6]]
    kim[6] = _starting(kim[6], INSIDE)
    six = sample_orgs(7, [4] * 7, PERIOD, prefix="S")
    six[1:] = [_starting(o, INSIDE) for o in six[1:]]
    ten = [_no_2025(o) for o in sample_orgs(11, [4] * 10, PERIOD, prefix="Y")]
    return {
        "Phường Kim": ward_summary(tmp, "Phường Kim", kim, PERIOD),
        "Phường Sáu": ward_summary(tmp, "Phường Sáu", six, PERIOD),
        "Phường Năm": ward_summary(tmp, "Phường Năm", ten, PERIOD),
    }


def _rollup(tmp: Path, *docs: Path) -> tuple[Path, Path]:
    tmp.mkdir(parents=True, exist_ok=True)
    book, doc = tmp / "up.xlsx", tmp / "up.json"
    cli_output("rollup", *docs, "-o", book, "--json", doc, "--name", UNIT)
    return book, doc


def _notes(book: Path, sheet: str = "Biểu 1-BTCTW") -> list[str]:
    ws = openpyxl.load_workbook(book)[sheet]
    return [c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("Ghi chú")]


def _opening(doc: Path) -> str:
    """The report's first paragraph, made from the JSON summary alone (`ward-stats report`)."""
    md = doc.with_name(f"{doc.stem}_bao_cao.md")
    cli_output("report", doc, "-o", md)
    paragraphs = [p for p in md.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return next(p for p in paragraphs if not p.startswith("#"))


def _row3(book: Path) -> str:
    ws = openpyxl.load_workbook(book)["Tổng hợp"]
    return " ".join(str(c.value) for c in ws[3] if c.value is not None)


def test_a_late_start_inside_the_forms_period_past_the_cut_is_said(
    wards: dict[str, Path], tmp_path: Path
) -> None:
    book, doc = _rollup(tmp_path, wards["Phường Kim"])
    (issue,) = [
        i for i in json.loads(doc.read_text("utf-8"))["issues"] if i["code"] == "rollup.late_start_ward"
    ]
    assert issue["value"].endswith("K07 từ ngày 01/02/2026"), issue["value"]  # whole, not cut
    late = [n for n in _notes(book) if n.startswith(f"Ghi chú: {LATE_NOTE}")]
    assert late == [
        f"Ghi chú: {LATE_NOTE}Phường Kim có 1 tổ chức đảng (K07 từ ngày 01/02/2026) chỉ tính từ ngày tệp "
        "của tổ chức ghi ở mục “Số liệu từ ngày”, sau ngày đầu kỳ 01/01/2026: các số của biểu tính từ "
        "biến động trong kỳ chưa đủ; dòng “Tổng số đảng viên cuối kỳ trước chuyển sang” (suy ra từ số "
        "cuối kỳ, số tăng và số giảm) cũng chưa đúng."
    ]
    assert "Phường Kim có 6 tổ chức đảng" in _opening(doc)
    assert "Phường Kim: 6 tổ chức ghi số liệu từ sau ngày" in _row3(book)


def test_every_late_organisation_of_a_ward_is_counted(wards: dict[str, Path], tmp_path: Path) -> None:
    book, doc = _rollup(tmp_path, wards["Phường Sáu"])
    six = "Phường Sáu có 6 tổ chức đảng (S02 từ ngày 01/02/2026"
    assert any(six in n for n in _notes(book)), _notes(book)
    assert any(six in n for n in _notes(book, "Biểu 2-BTCTW"))
    assert six in _opening(doc)
    assert "Phường Sáu: 6 tổ chức ghi số liệu từ sau ngày" in _row3(book)
    # `Kiểm tra` shows the value shortened (its message counts them all).
    ws = openpyxl.load_workbook(book)["Kiểm tra"]
    (row,) = [r for r in ws.iter_rows(values_only=True) if r[-1] == "rollup.late_start_ward"]
    assert str(row[6]).startswith("S02 từ ngày") and str(row[6]).endswith("ký tự)")
    assert len(str(row[6])) < MAX_SHOWN_CHARS + 20
    assert "có 6 tổ chức đảng" in str(row[7])


def test_a_cut_late_start_of_an_older_rollup_gives_the_count_its_message_says(wards: dict[str, Path]) -> None:
    result = rollup([wards["Phường Sáu"]], name=UNIT)
    older = dataclasses.replace(
        result,
        issues=[
            dataclasses.replace(i, value=shown(i.value)) if i.code == "rollup.late_start_ward" else i
            for i in result.issues
        ],
    )
    assert any(
        n.startswith(f"{LATE_NOTE}Phường Sáu có 6 tổ chức đảng chỉ tính")
        for n in result_forms(older)[0].notes
    ), result_forms(older)[0].notes


def test_every_organisation_lacking_a_year_is_counted(wards: dict[str, Path], tmp_path: Path) -> None:
    book, doc = _rollup(tmp_path, wards["Phường Năm"])
    (issue,) = [
        i for i in json.loads(doc.read_text("utf-8"))["issues"] if i["code"] == "rollup.year_missing_ward"
    ]
    assert issue["value"].endswith("Y10 năm 2025"), issue["value"]
    opening = _opening(doc)
    assert "Phường Năm có 10 tổ chức đảng thiếu dòng năm" in opening, opening
    assert "Phường Năm: 10 tổ chức" in _row3(book), _row3(book)


def test_many_late_wards_are_named_five_then_counted(tmp_path: Path) -> None:
    names = [f"Phường Số {k:02d}" for k in range(1, 21)]
    docs = []
    for k, name in enumerate(names):
        orgs = sample_orgs(200 + k, [3, 3, 3], PERIOD, prefix=f"W{k:02d}")
        orgs[1] = _starting(orgs[1], INSIDE)
        orgs[2] = _no_2025(orgs[2])
        docs.append(ward_summary(tmp_path / "wards", name, orgs, PERIOD))
    book, doc = _rollup(tmp_path / "up", *docs)
    rest = "và của 15 phường khác có 15 tổ chức đảng (xem sheet “Kiểm tra”)"
    (note,) = [n for n in _notes(book) if n.startswith(f"Ghi chú: {LATE_NOTE}")]
    assert note.startswith(f"Ghi chú: {LATE_NOTE}Phường Số 01 có 1 tổ chức đảng (W0002 từ ngày 01/02/2026)")
    assert f"Phường Số 05 có 1 tổ chức đảng (W0402 từ ngày 01/02/2026), {rest} chỉ tính" in note, note
    assert "Phường Số 06" not in note
    width = sum(w for _, w in FORMS[0].columns)
    assert wrapped_lines(note, width) <= ROW_LINES, wrapped_lines(note, width)
    opening = _opening(doc)
    assert opening.count(rest) == 2 and "Phường Số 06" not in opening, opening
    ws = openpyxl.load_workbook(book)["Báo cáo"]
    (cell,) = [c for c in ws["A"] if isinstance(c.value, str) and c.value.startswith(opening[:40])]
    assert wrapped_lines(cell.value, ws.column_dimensions["A"].width) <= ROW_LINES


def test_one_pair_in_one_ward_names_the_ward(tmp_path: Path) -> None:
    east = sample_orgs(31, [12, 9], PERIOD, prefix="D")
    east[0] = _with_pair(east[0])
    docs = [
        ward_summary(tmp_path, "Phường Đông", east, PERIOD),
        ward_summary(tmp_path, "Phường Nam", sample_orgs(33, [12, 9], PERIOD, prefix="N"), PERIOD),
    ]
    book, doc = _rollup(tmp_path / "up", *docs)
    assert json.loads(doc.read_text("utf-8"))["name_accent_pairs"] == 1
    assert any(n.startswith("Ghi chú: 1 cặp dòng ở Phường Đông có họ tên") for n in _notes(book)), _notes(
        book
    )
    assert "1 cặp dòng ở Phường Đông có họ tên" in _opening(doc)
    assert accent_pairs_note(3, True, wards=["Phường Đông", "Phường Nam"]).startswith(
        "3 cặp dòng ở 2 phường có"
    )


def test_pairs_in_two_organisations_files_of_one_name_count_twice(tmp_path: Path) -> None:
    orgs = [
        _with_pair(dataclasses.replace(o, events=number_rows([])))
        for o in sample_orgs(70, [15, 14], PERIOD, "M")
    ]
    folders = []
    for org in orgs:
        folder = tmp_path / org.organisation.org_code
        folder.mkdir()
        org.write(folder / "bieu_mau.xlsx")
        folders.append(folder)
    registry = Registry([o.organisation for o in orgs])
    result = consolidate(
        folders, cutoff=PERIOD.cutoff, since=PERIOD.start, registry=registry, ward_name="Phường Mới"
    )
    said = [i for i in result.issues if i.code == "event.name_without_accents"]
    assert {i.org_code for i in said} == {"M01", "M02"} and {i.file for i in said} == {"bieu_mau.xlsx"}
    assert result.name_accent_pairs == 2
