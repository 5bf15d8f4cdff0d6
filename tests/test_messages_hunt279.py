"""Messages the clerk reads on messy input name rows and numbers as a person writes them
(hunt279): no Python float row numbers, no number a cell does not hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers_history import run_cli
from helpers_validate import clean_years, run, write
from openpyxl import load_workbook

from toolkit.core import layout
from toolkit.core.errors import SummaryError
from toolkit.io.summary import HINT, load_summary


def test_duplicate_year_names_the_first_row_as_a_whole_number_beside_an_unread_year(tmp_path: Path) -> None:
    # A year cell typed wrong (no year read) next to a year written twice: the first row of
    # the duplicate was said "dòng 2.0", the groupby dropping the row without a year.
    years = clean_years()
    years.append({**years[0], "year": "abc"})
    years.append({**years[0]})
    result = run(write(tmp_path, years=years))
    dup = [i for i in result.issues if i.code == "year.duplicate"]
    assert len(dup) == 1, [i.message for i in result.issues]
    assert "đã có ở dòng 2. Mỗi năm chỉ ghi một dòng." in dup[0].message


@pytest.mark.parametrize(
    ("number", "said", "excel_shows"),
    [(12.5, "12,5", "12/01/1900"), (1.5, "1,5", "01/01/1900"), (60.5, "60,5", "29/02/1900")],
)
def test_number_with_decimals_in_a_date_cell_is_said_as_it_is_with_the_day_excel_shows(
    tmp_path: Path, number: float, said: str, excel_shows: str
) -> None:
    # A number with decimals in a birth-date cell without a date format (pasted, or typed in a
    # cell whose format was cleared): the message said another number, a day before Excel's
    # ("“12.5”: ô chứa số 11 … 11/01/1900").
    path = write(tmp_path)
    wb = load_workbook(path)
    cell = wb[layout.SHEET_MEMBERS][layout.MEMBERS.cell("birth_date", 2)]
    cell.value = number
    cell.number_format = "General"
    wb.save(path)
    result = run(path)
    bad = [i for i in result.issues if i.code == "member.bad_date"]
    assert len(bad) == 1, [i.message for i in result.issues]
    # The number as a Vietnamese Excel shows it, decimal comma (hunt279 N1).
    assert f"\u201c{said}\u201d: ô chứa số {said} chứ không phải một ngày" in bad[0].message
    assert f"đọc theo cách Excel đếm ngày thì là {excel_shows}," in bad[0].message


def test_summary_date_not_iso_is_quoted_as_the_tool_quotes_and_says_what_to_use(tmp_path: Path) -> None:
    # A JSON summary edited by hand, its cut-off typed day-first: the refusal quoted it as a
    # Python string ('31/13/2026') and gave no way out.
    path = tmp_path / "phuong.json"
    path.write_text(json.dumps({"cutoff_date": "31/13/2026", "period_start": "x", "indicators": {}}), "utf-8")
    with pytest.raises(SummaryError) as caught:
        load_summary(path)
    message = caught.value.args[0]
    assert "“31/13/2026”" in message, message
    assert "'" not in message, message
    assert message.endswith(HINT), message


def test_rollup_of_only_unusable_files_says_each_reason_without_dangling_punctuation(tmp_path: Path) -> None:
    # Every file unusable: their reasons, each ending with a full stop, were joined by "; ",
    # "…số liệu cấp trên.; “b.json” …".
    empty = tmp_path / "a.json"
    empty.write_text("", "utf-8")
    listed = tmp_path / "b.json"
    listed.write_text("[1, 2]", "utf-8")
    result = run_cli("rollup", empty, listed, "-o", tmp_path / "tp.xlsx")
    assert result.exit_code == 2, result.output
    assert "“a.json”" in result.output and "“b.json”" in result.output, result.output
    assert ".;" not in result.output, result.output


def test_year_counts_in_messages_are_grouped_as_the_tables_are(tmp_path: Path) -> None:
    # A large đảng bộ's year typed with counts of thousands: the messages said "2044 đảng viên
    # được xếp loại" beside the rest of the tool's "4.216" (docs/design.md: a count in a message
    # is grouped as the tables' are).
    years = clean_years()
    years[0].update(new_members_trained=1, new_members_completed=1500, rated_excellent=1500, rated_good=1000)
    result = run(write(tmp_path, years=years))
    said = {i.code: i.message for i in result.issues}
    assert (
        "1.500 đảng viên mới hoàn thành lớp bồi dưỡng, nhiều hơn số đã học (1)."
        in said["year.completed_gt_trained"]
    )
    assert (
        "1.500 đảng viên hoàn thành xuất sắc nhiệm vụ, vượt 20% số hoàn thành tốt nhiệm vụ trở lên (2.500)."
        in (said["year.excellent_share"])
    )
    rated = 1500 + 1000 + years[0]["rated_pass"] + years[0]["rated_fail"] + years[0]["not_rated"]
    assert (
        f"tổng số đảng viên được xếp loại là {rated // 1000}.{rated % 1000:03d},"
        in said["year.ratings_exceed_members"]
    )


@pytest.mark.parametrize(
    ("typed", "follow_on"),
    [
        ({"new_members_trained": -5, "new_members_completed": 0}, "year.completed_gt_trained"),
        ({"rated_good": -2, "rated_excellent": 1}, "year.excellent_share"),
    ],
)
def test_a_negative_count_has_its_error_and_no_finding_of_its_neighbours(
    tmp_path: Path, typed: dict[str, int], follow_on: str
) -> None:
    # hunt279 N7: beside `year.negative`, "0 đảng viên mới hoàn thành …, nhiều hơn số đã học (-5)"
    # and "… vượt 20% số hoàn thành tốt nhiệm vụ trở lên (-1)" said something false of the
    # neighbouring cell; the negative cell's own error is what the secretary must fix.
    years = clean_years()
    years[0].update(typed)
    result = run(write(tmp_path, years=years))
    codes = [i.code for i in result.issues]
    assert "year.negative" in codes, codes
    assert follow_on not in codes, [i.message for i in result.issues]
    assert not any(c.startswith("year.rat") for c in codes), [i.message for i in result.issues]


def test_a_count_above_its_neighbour_is_still_said_beside_another_rows_negative(tmp_path: Path) -> None:
    # Only the row holding the negative count is spared: another year's row still gets its finding.
    years = clean_years()
    years[0].update(new_members_trained=-5)
    years[1].update(new_members_trained=1, new_members_completed=3)
    result = run(write(tmp_path, years=years))
    found = [i for i in result.issues if i.code == "year.completed_gt_trained"]
    assert len(found) == 1 and "3 đảng viên mới hoàn thành" in found[0].message, result.issues
