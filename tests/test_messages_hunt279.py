"""Messages the clerk reads on messy input name rows and numbers as a person writes them
(hunt279): no Python float row numbers, no number a cell does not hold."""

from __future__ import annotations

from pathlib import Path

from helpers_validate import clean_years, run, write


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
