"""A roll-up's forms, its report's opening and its `Kiểm tra` say what its wards' summaries say,
on real ward summaries (generated organisations, the real pipeline, the command line):

- a ward some of whose organisations list their changes only from a date inside the forms'
  period (`rollup.late_start_ward`) was said in the roll-up's `Tổng hợp`, report and `Theo
  phường`, but its Biểu 1–2 had no note, as if their changes were whole: they now carry the
  ward's own note, prefixed by the ward (fix50 B #1);
- the report's opening said nothing of a late start or of a `Số liệu năm` lacking a finished
  year (a ward's, or a roll-up's ward's), though `Tổng hợp`'s row 3 says "Chưa đủ số liệu" and
  the sections below say it: the opening now says which parts are not complete (fix50 B #2);
- a roll-up's `Kiểm tra` headed its third column "Mã tổ chức" above the wards' names: it is
  headed "Phường", as `Theo phường` and `Nguồn số liệu` head them (fix50 B #3).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.forms import result_forms
from toolkit.outputs.publish import write_outputs
from toolkit.pipeline import consolidate
from toolkit.rollup import rollup
from toolkit.sample.rows import OrgRows, Period, number_rows

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
UNIT = "Tỉnh Thử"
LATE = dt.date(2026, 2, 1)  # inside the forms' period, 01/01/2026–31/3/2026
FORMS_START = "01/01/2026"
ORGS = "1 tổ chức đảng (H02 từ ngày 01/02/2026)"
FORM_NOTE = (
    "Ghi chú: Số liệu biến động trong kỳ của {of} chỉ tính từ ngày tệp của tổ chức ghi ở mục “Số liệu "
    f"từ ngày”, sau ngày đầu kỳ {FORMS_START}: các số của biểu tính từ biến động trong kỳ chưa đủ"
)
OPENING_LATE = (
    "số biến động, kết nạp đảng viên và số liệu năm chưa gồm số liệu trước ngày tệp ghi ở mục “Số liệu "
    "từ ngày” của {of}"
)
OPENING_YEAR = (
    "xếp loại, bồi dưỡng chưa gồm số liệu của {of}1 tổ chức đảng thiếu dòng năm ở sheet “Số liệu năm” "
    "(Y02 năm 2025)"
)


def _starting(org: OrgRows, start: dt.date) -> OrgRows:
    """The organisation's file as one made for a period from `start`."""
    return dataclasses.replace(
        org,
        info={**org.info, "period_start": start},
        events=number_rows([dict(e) for e in org.events if e["event_date"] >= start]),
        years=[y for y in org.years if y["year"] >= start.year],
    )


@pytest.fixture(scope="module")
def summaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Four wards' summaries and workbooks: Phường An whole; Phường Hạ, whose H02 lists its
    figures from 01/02/2026; Phường Năm, whose Y02 lacks its 2025 row in `Số liệu năm`; Phường
    Tây, one of whose three organisations sent nothing."""
    tmp = tmp_path_factory.mktemp("rollup_forms_late")
    whole = sample_orgs(44, [20, 30, 15], PERIOD)
    late = sample_orgs(48, [20, 17], PERIOD, prefix="H")
    late[1] = _starting(late[1], LATE)
    year = sample_orgs(50, [20, 17], PERIOD, prefix="Y")
    year[1] = dataclasses.replace(year[1], years=[y for y in year[1].years if y["year"] != 2025])
    west = sample_orgs(52, [12, 10, 9], PERIOD, prefix="T")
    out = {}
    for name, orgs, sent in (
        ("Phường An", whole, whole),
        ("Phường Hạ", late, late),
        ("Phường Năm", year, year),
        ("Phường Tây", west, west[:2]),
    ):
        folder = tmp / name.replace(" ", "_")
        folder.mkdir()
        for org in sent:
            org.write(folder / f"{org.organisation.org_code}.xlsx")
        registry = Registry([o.organisation for o in orgs])
        result = consolidate(
            [folder], cutoff=PERIOD.cutoff, since=PERIOD.start, registry=registry, ward_name=name
        )
        out[name] = tmp / f"{folder.name}.json"
        write_outputs(result, tmp / f"{folder.name}.xlsx", out[name])
    return out


def _cli(*args: Any) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    return result.output


def _rollup(summaries: dict[str, Path], tmp: Path, *names: str) -> tuple[Path, Path]:
    tmp.mkdir(parents=True, exist_ok=True)
    book, doc = tmp / "up.xlsx", tmp / "up.json"
    _cli("rollup", *(summaries[n] for n in names), "-o", book, "--json", doc, "--name", UNIT)
    return book, doc


def _form_notes(book: Path) -> dict[str, list[str]]:
    wb = openpyxl.load_workbook(book)
    return {
        name: [c.value for c in wb[name]["A"] if isinstance(c.value, str) and c.value.startswith("Ghi chú")]
        for name in wb.sheetnames
        if name.startswith("Biểu ")
    }


def _opening(doc: Path) -> str:
    """The report's first paragraph (made from the JSON summary alone, as `ward-stats report`)."""
    md = doc.with_name(f"{doc.stem}_bao_cao.md")
    _cli("report", doc, "-o", md)
    paragraphs = [p for p in md.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return next(p for p in paragraphs if not p.startswith("#"))


def test_a_rollups_forms_of_changes_say_a_wards_late_start_by_ward(
    summaries: dict[str, Path], tmp_path: Path
) -> None:
    # The ward's own forms say it.
    own = _form_notes(summaries["Phường Hạ"].with_suffix(".xlsx"))
    note = FORM_NOTE.format(of=ORGS)
    assert any(n.startswith(note) for n in own["Biểu 1-BTCTW"]), own["Biểu 1-BTCTW"]
    # The roll-up's: in the ward's words, after its name, in Biểu 1 and 2 only.
    book, _ = _rollup(summaries, tmp_path / "late", "Phường An", "Phường Hạ")
    notes = _form_notes(book)
    note = FORM_NOTE.format(of=f"Phường Hạ có {ORGS}")
    (bieu1,) = [n for n in notes["Biểu 1-BTCTW"] if n.startswith(note)]
    assert bieu1.endswith(
        "; dòng “Tổng số đảng viên cuối kỳ trước chuyển sang” (suy ra từ số cuối kỳ, số tăng và số "
        "giảm) cũng chưa đúng."
    ), bieu1
    assert f"{note}." in notes["Biểu 2-BTCTW"]
    assert not any("H02" in n for n in notes["Biểu 3-BTCTW"] + notes["Biểu 4-BTCTW"])
    # A roll-up without a late start says nothing of it.
    book, _ = _rollup(summaries, tmp_path / "whole", "Phường An", "Phường Năm")
    assert not any("Số liệu từ ngày" in n for names in _form_notes(book).values() for n in names)


def test_a_late_start_issue_of_an_older_rollup_gives_its_count(summaries: dict[str, Path]) -> None:
    """A `rollup.late_start_ward` whose value is a count (as an older version wrote it) names no
    organisation: the forms say that count for the ward."""
    result = rollup([summaries["Phường An"], summaries["Phường Hạ"]], name=UNIT)
    older = [
        dataclasses.replace(i, value="1") if i.code == "rollup.late_start_ward" else i for i in result.issues
    ]
    (bieu1, *_) = result_forms(dataclasses.replace(result, issues=older))
    note = FORM_NOTE.format(of="Phường Hạ có 1 tổ chức đảng").removeprefix("Ghi chú: ")
    assert any(n.startswith(note) for n in bieu1.notes), bieu1.notes


def test_the_reports_opening_says_which_parts_are_not_complete(
    summaries: dict[str, Path], tmp_path: Path
) -> None:
    # A ward: its organisations all in, its changes and yearly figures short of H02's.
    assert _opening(summaries["Phường Hạ"]) == (
        f"Số liệu tổng hợp từ 2/2 tổ chức; một số phần chưa đủ số liệu: {OPENING_LATE.format(of=ORGS)}."
    )
    assert _opening(summaries["Phường Năm"]) == (
        f"Số liệu tổng hợp từ 2/2 tổ chức; một số phần chưa đủ số liệu: {OPENING_YEAR.format(of='')}."
    )
    assert _opening(summaries["Phường An"]).startswith("Tính đến ngày 31/3/2026")  # whole: nothing
    # A roll-up: by ward, as its `Tổng hợp` row 3 says them.
    _, doc = _rollup(summaries, tmp_path / "both", "Phường An", "Phường Hạ", "Phường Năm")
    assert _opening(doc) == (
        "Số liệu tổng hợp từ 3/3 phường; một số phần chưa đủ số liệu: "
        f"{OPENING_LATE.format(of=f'Phường Hạ có {ORGS}')}; {OPENING_YEAR.format(of='Phường Năm có ')}."
    )
    # Beside a ward whose own run left an organisation out, said after it.
    _, doc = _rollup(summaries, tmp_path / "partial", "Phường Tây", "Phường Hạ")
    assert _opening(doc) == (
        "Số liệu tổng hợp từ 2/2 phường; 01 phường được tổng hợp nhưng số liệu của phường chưa đủ các tổ "
        "chức đảng (Phường Tây: 2/3 tổ chức); các số liệu dưới đây chưa gồm các tổ chức đảng còn thiếu "
        f"này. Ngoài ra, một số phần chưa đủ số liệu: {OPENING_LATE.format(of=f'Phường Hạ có {ORGS}')}."
    )
    # A whole roll-up opens with its figures.
    _, doc = _rollup(summaries, tmp_path / "whole", "Phường An")
    assert _opening(doc).startswith("Tính đến ngày 31/3/2026")


def _issue_sheet(book: Path) -> list[tuple[Any, ...]]:
    """The `Kiểm tra` rows from its header down."""
    rows = list(openpyxl.load_workbook(book)["Kiểm tra"].iter_rows(values_only=True))
    start = next(n for n, row in enumerate(rows) if row[0] == "Mức độ")
    return rows[start:]


def test_a_rollups_issue_sheet_heads_the_wards_column_as_its_other_sheets_do(
    summaries: dict[str, Path], tmp_path: Path
) -> None:
    book, _ = _rollup(summaries, tmp_path, "Phường An", "Phường Hạ")
    header, *rows = _issue_sheet(book)
    assert header[:3] == ("Mức độ", "Tệp", "Phường")
    assert ("Phường Hạ", "rollup.late_start_ward") in {(r[2], r[-1]) for r in rows}
    wb = openpyxl.load_workbook(book)
    assert "Phường" in {c.value for row in wb["Theo phường"].iter_rows(max_row=8) for c in row}
    assert "Phường" in {c.value for row in wb["Nguồn số liệu"].iter_rows(max_row=8) for c in row}
    # A ward's run keeps its organisations' codes under their own heading.
    header, *rows = _issue_sheet(summaries["Phường Hạ"].with_suffix(".xlsx"))
    assert header[:3] == ("Mức độ", "Tệp", "Mã tổ chức")
    assert ("H02", "org.period_start_differs") in {(r[2], r[-1]) for r in rows}


def test_a_wards_missing_year_is_said_at_its_file_as_the_rollup_names_it(
    summaries: dict[str, Path], tmp_path: Path
) -> None:
    """Wards' summaries of one name in two folders are named by their paths (`file_labels`);
    `rollup.year_missing_ward` named its ward's file by its bare name, so its `Tệp` cell read
    as either ward's and its `Kiểm tra` row had no link (found beside fix50 B)."""
    name = "tong_hop_phuong_20260331.json"
    paths = []
    for folder, ward in (("nam", "Phường Năm"), ("an", "Phường An")):
        (tmp_path / folder).mkdir()
        paths.append(tmp_path / folder / name)
        paths[-1].write_bytes(summaries[ward].read_bytes())
    out = tmp_path / "up"
    out.mkdir()
    _cli("rollup", *paths, "-o", out / "up.xlsx", "--json", out / "up.json", "--name", UNIT)
    header, *rows = _issue_sheet(out / "up.xlsx")
    (row,) = [r for r in rows if r[-1] == "rollup.year_missing_ward"]
    assert row[1:3] == (str(Path("nam", name)), "Phường Năm")
    book = openpyxl.load_workbook(out / "up.xlsx")["Kiểm tra"]
    (link,) = [
        c.hyperlink.target
        for line in book.iter_rows()
        if line[-1].value == "rollup.year_missing_ward"
        for c in line
        if c.hyperlink is not None
    ]
    assert (out / link.replace("\\", "/")).resolve() == paths[0].resolve()
