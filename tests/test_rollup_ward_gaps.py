"""A roll-up says what its wards' own runs said their figures lack, on real ward summaries
(generated organisations, the real pipeline, the command line):

- a ward one of whose organisations lacks a finished year's `Số liệu năm` row (`year.missing`)
  was added with no issue at all ("Không có lỗi hay cảnh báo nào", row 3 "đủ số liệu", ratings
  without a note): it is now said at its file (`rollup.year_missing_ward`), in `Tổng hợp`'s row
  3 and in the report's ratings, training and table note, in the ward's own words prefixed by
  the ward (hunt45 R2 #1);
- a ward's late start (`rollup.late_start_ward`) was only a `Kiểm tra` row: row 3 said "đủ số
  liệu" and the report's changes paragraph and table note said nothing; they now say it in
  the words of the ward's own outputs, prefixed by the ward (hunt45 R2 #2).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.outputs.publish import write_outputs
from toolkit.pipeline import consolidate
from toolkit.sample.rows import OrgRows, Period, number_rows

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
UNIT = "Tỉnh Thử"
LATE = dt.date(2025, 7, 1)


def _starting(org: OrgRows, start: dt.date) -> OrgRows:
    """The organisation's file as one made for a period from `start` (as
    tests/test_period_start_differs.py makes it)."""
    return dataclasses.replace(
        org,
        info={**org.info, "period_start": start},
        events=number_rows([dict(e) for e in org.events if e["event_date"] >= start]),
        years=[y for y in org.years if y["year"] >= start.year],
    )


@pytest.fixture(scope="module")
def summaries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Three wards' summaries and workbooks: Phường An whole; Phường Năm, whose Y02 lacks its
    2025 row in `Số liệu năm`; Phường Kim, whose K02 lists its figures from 01/7/2025."""
    tmp = tmp_path_factory.mktemp("rollup_gaps")
    whole = sample_orgs(44, [20, 30, 15], PERIOD)
    year = sample_orgs(50, [20, 17], PERIOD, prefix="Y")
    year[1] = dataclasses.replace(year[1], years=[y for y in year[1].years if y["year"] != 2025])
    kim = sample_orgs(47, [20, 17], PERIOD, prefix="K")
    kim[1] = _starting(kim[1], LATE)
    out = {}
    for name, orgs in (("Phường An", whole), ("Phường Năm", year), ("Phường Kim", kim)):
        folder = tmp / name.replace(" ", "_")
        folder.mkdir()
        for org in orgs:
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


def _rollup(summaries: dict[str, Path], tmp: Path, *names: str) -> tuple[Path, Path, str]:
    book, doc = tmp / "up.xlsx", tmp / "up.json"
    console = _cli("rollup", *(summaries[n] for n in names), "-o", book, "--json", doc, "--name", UNIT)
    return book, doc, console


def _row_3(book: Path) -> str:
    return str(openpyxl.load_workbook(book)["Tổng hợp"]["A3"].value)


def _report(doc: Path) -> list[str]:
    md = doc.with_suffix(".md")
    _cli("report", doc, "-o", md)
    return [line for line in md.read_text(encoding="utf-8").splitlines() if line.strip()]


def _issues(doc: Path, code: str) -> list[dict[str, Any]]:
    return [i for i in json.loads(doc.read_text(encoding="utf-8"))["issues"] if i["code"] == code]


def test_a_ward_lacking_a_years_row_is_said_in_the_rollup_in_the_wards_words(
    summaries: dict[str, Path], tmp_path: Path
) -> None:
    ward = summaries["Phường Năm"]
    own = _row_3(ward.with_suffix(".xlsx"))
    words = (
        "1 tổ chức thiếu dòng của năm đã kết thúc ở sheet “Số liệu năm” (Y02 năm 2025): thiếu xếp loại, "
        "bồi dưỡng của năm ấy"
    )
    assert own == f"Chưa đủ số liệu: {words} — xem sheet “Kiểm tra”."
    book, doc, console = _rollup(summaries, tmp_path, "Phường Năm", "Phường An")
    assert "Không có lỗi hay cảnh báo nào" not in console, console
    (issue,) = _issues(doc, "rollup.year_missing_ward")
    assert (issue["severity"], issue["file"], issue["org_code"], issue["value"]) == (
        "warning",
        ward.name,
        "Phường Năm",
        "Y02 năm 2025",
    )
    assert issue["message"].startswith(
        "Số liệu năm của Phường Năm có 1 tổ chức đảng (Y02 năm 2025) thiếu dòng của năm đã kết thúc ở "
        "sheet “Số liệu năm”. Tệp vẫn được cộng, nhưng xếp loại chất lượng đảng viên và bồi dưỡng"
    ), issue["message"]
    # Row 3: the ward's own words after its name, never "đủ số liệu".
    assert _row_3(book) == f"Chưa đủ số liệu: Phường Năm: {words} — xem sheet “Kiểm tra”."
    # The report: the ward's report's words, "của Phường Năm có …".
    said = "số liệu của Phường Năm có 1 tổ chức đảng thiếu dòng năm ở sheet “Số liệu năm” (Y02 năm 2025)"
    lines = _report(doc)
    (ratings,) = [line for line in lines if line.startswith("Kết quả xếp loại chất lượng đảng viên năm 2025")]
    assert ratings.endswith(f" Kết quả xếp loại này chưa gồm {said}."), ratings
    (note,) = [line for line in lines if line.startswith("_Ghi chú:") and "làm tròn" not in line]
    assert note.endswith(f"Số đảng viên hoàn thành tốt nhiệm vụ trở lên năm 2025 chưa gồm {said}._"), note
    assert any(line.endswith(f"Các số này chưa gồm {said}.") for line in lines)  # training
    ward_note = [line for line in _report(ward) if line.startswith("_Ghi chú:") and "làm tròn" not in line]
    assert ward_note == [note.replace("Phường Năm có ", "")]


def test_a_ward_starting_late_is_said_in_row_3_and_the_report_of_the_rollup(
    summaries: dict[str, Path], tmp_path: Path
) -> None:
    ward = summaries["Phường Kim"]
    words = "1 tổ chức ghi số liệu từ sau ngày 01/01/2025 (K02): thiếu biến động, số liệu năm từ đầu kỳ"
    assert _row_3(ward.with_suffix(".xlsx")) == f"Chưa đủ số liệu: {words} — xem sheet “Kiểm tra”."
    book, doc, _ = _rollup(summaries, tmp_path, "Phường Kim", "Phường An")
    (issue,) = _issues(doc, "rollup.late_start_ward")
    assert (issue["org_code"], issue["value"]) == ("Phường Kim", "K02 từ ngày 01/07/2025")
    # Its message and value date as every message does; the report and the sheets keep the
    # forms' 01/7/2025 (fix382: the message said "từ ngày 01/01/2025" beside "01/7/2025").
    assert "1 tổ chức đảng (K02 từ ngày 01/07/2025)" in issue["message"], issue["message"]
    assert _row_3(book) == f"Chưa đủ số liệu: Phường Kim: {words} — xem sheet “Kiểm tra”."
    orgs = "1 tổ chức đảng (K02 từ ngày 01/7/2025)"
    lines = _report(doc)
    assert (
        f"Số liệu biến động của Phường Kim có {orgs} chỉ tính từ ngày tệp của tổ chức ghi ở mục “Số liệu từ "
        "ngày”, sau ngày 01/01/2025, nên các số biến động nêu trên và số kết nạp đảng viên ở phần dưới "
        "chưa đủ."
    ) in lines
    (note,) = [line for line in lines if line.startswith("_Ghi chú:") and "làm tròn" not in line]
    assert note == (
        "_Ghi chú: Các số đưa ra khỏi Đảng và kết nạp đảng viên trong bảng chưa gồm số liệu trước ngày tệp "
        f"ghi ở mục “Số liệu từ ngày” của Phường Kim có {orgs}._"
    )
    # (the note of the shares' rounding aside, hunt355)
    assert [line for line in _report(ward) if line.startswith("_Ghi chú:") and "làm tròn" not in line] == [
        note.replace("Phường Kim có ", "")
    ]
    # `Theo phường` notes the ward's change columns, as a ward's `Theo tổ chức` notes its own.
    notes = [
        v
        for row in openpyxl.load_workbook(book)["Theo phường"].iter_rows(values_only=True)
        for v in row
        if isinstance(v, str) and v.startswith("Ghi chú: số liệu biến động")
    ]
    assert notes == [
        f"Ghi chú: số liệu biến động của Phường Kim có {orgs} chỉ tính từ ngày tệp của tổ chức ghi ở mục "
        "“Số liệu từ ngày”, sau ngày 01/01/2025, nên các cột biến động trong kỳ của phường này và dòng "
        "Cộng chưa đủ."
    ]


def test_a_rollup_of_both_names_each_ward_and_a_whole_one_says_nothing(
    summaries: dict[str, Path], tmp_path: Path
) -> None:
    book, doc, _ = _rollup(summaries, tmp_path, "Phường An", "Phường Kim", "Phường Năm")
    row_3 = _row_3(book)
    assert row_3.startswith("Chưa đủ số liệu: Phường Kim: 1 tổ chức ghi số liệu từ sau ngày 01/01/2025 (K02)")
    assert (
        "; Phường Năm: 1 tổ chức thiếu dòng của năm đã kết thúc ở sheet “Số liệu năm” (Y02 năm 2025)" in row_3
    )
    assert "Phường An" not in row_3
    # A roll-up of an older version gave a late start's count as its value: nothing to name, no error.
    older = json.loads(doc.read_text(encoding="utf-8"))
    for issue in older["issues"]:
        if issue["code"] == "rollup.late_start_ward":
            issue["value"] = "1"
    old = tmp_path / "old" / "up.json"
    old.parent.mkdir()
    old.write_text(json.dumps(older, ensure_ascii=False), encoding="utf-8")
    text = "\n".join(_report(old))
    assert "K02" not in text and "Y02 năm 2025" in text
    # A whole ward alone: nothing to say.
    (tmp_path / "whole").mkdir()
    whole, _, _ = _rollup(summaries, tmp_path / "whole", "Phường An")
    assert _row_3(whole).startswith("Đã tổng hợp đủ số liệu"), _row_3(whole)
