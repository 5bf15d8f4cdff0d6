"""A change row's person of 111–120 is questioned as a member row's is (fix343). A member row
over `members.MAX_AGE` (110) at the cut-off is the warning `member.age_implausible`, over 120 the
error `member.age_impossible`; a change row had only the error (`event.age_impossible`, fix336),
so a `Kết nạp` row born in 1912 (114 at the cut-off) passed unquestioned. It is now the warning
`event.age_implausible`, measured as the error is (a death row at the death), one message at the
cell.

Real workbooks through the real template (`helpers_validate.write`), validated as the CLI does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers_validate import CUTOFF, clean_events, only, run, write

from toolkit.core import layout

E = layout.SHEET_EVENTS
AGE_CODES = ("event.age_impossible", "event.age_implausible")


def _ages(result) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return sorted((i.cell, i.code, i.severity) for i in result.issues if i.code in AGE_CODES)


def test_an_admission_row_of_114_is_the_warning(tmp_path: Path) -> None:
    events = clean_events()
    events[0]["birth_date"] = dt.date(1912, 1, 10)
    result = run(write(tmp_path, events=events), cutoff=CUTOFF)
    cell = layout.EVENTS.cell("birth_date", 2)
    assert [(i.code, i.severity) for i in result.issues if i.sheet == E and i.cell == cell] == [
        ("event.age_implausible", "warning")
    ]
    issue = only(result.issues, "event.age_implausible")
    assert (
        "Đến ngày chốt số liệu 31/03/2026 người này đã 114 tuổi (sinh 10/01/1912), quá 110 tuổi. "
        "Hãy kiểm tra lại năm sinh." in issue.message
    )
    hidden = issue.without_personal_data().message
    assert "114" not in hidden and "10/01/1912" not in hidden and "quá 110 tuổi" in hidden
    assert not result.has_errors  # a warning: the file is consolidated


def test_the_bounds_at_the_cutoff_and_at_a_death(tmp_path: Path) -> None:
    """At the cut-off 31/03/2026: born 31/03/1915, 111, the warning; born 01/04/1915, 110,
    nothing; born 10/01/1905, 121, the error alone. A death on 15/07/2025: born 01/07/1914,
    111 at the death, the warning naming the death's date; born 20/07/1914, 110 then, nothing."""
    events = clean_events()
    admitted, died = events
    rows = [
        {**admitted, "full_name": "Nguyễn Văn Một", "birth_date": dt.date(1915, 3, 31)},
        {**admitted, "full_name": "Nguyễn Văn Hai", "birth_date": dt.date(1915, 4, 1)},
        {**admitted, "full_name": "Nguyễn Văn Ba", "birth_date": dt.date(1905, 1, 10)},
        {**died, "full_name": "Nguyễn Văn Bốn", "birth_date": dt.date(1914, 7, 1)},
        {**died, "full_name": "Nguyễn Văn Năm", "birth_date": dt.date(1914, 7, 20)},
    ]
    rows = [{**row, "row_no": i} for i, row in enumerate(rows, start=1)]
    result = run(write(tmp_path, events=rows), cutoff=CUTOFF)
    cell = lambda row: layout.EVENTS.cell("birth_date", row)  # noqa: E731
    assert _ages(result) == sorted(
        [
            (cell(2), "event.age_implausible", "warning"),
            (cell(4), "event.age_impossible", "error"),
            (cell(5), "event.age_implausible", "warning"),
        ]
    )
    death = next(i for i in result.issues if i.cell == cell(5) and i.code == "event.age_implausible")
    said = "Đến ngày từ trần 15/07/2025 người này đã 111 tuổi (sinh 01/07/1914), quá 110 tuổi"
    assert said in death.message
    assert "Đến ngày từ trần [đã ẩn] người này" in death.without_personal_data().message
