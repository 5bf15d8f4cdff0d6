"""A roll-up's count that some wards' summaries lack THIS period, beside last year's column
whose figures have it (review270): the `lacking` note said "Dòng “a) …” có thể có cả …: tệp số
liệu của một số phường không cho biết có bao nhiêu" of no column, right above "Ở cột “Cùng kỳ năm
trước”, 145 đảng viên …", so it read as of both columns while last year's count is known. It
names this period's column, as last year's unknown count names its own (5cc3f6f6)."""

from __future__ import annotations

import datetime as dt

from toolkit.forms.compute import fill_form
from toolkit.forms.tables import BIEU_3

PERIOD = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
ID = "members.occupation.working.exempt"
LACKING = (
    "dòng “a) Đảng viên đang làm việc và công tác” có thể có cả đảng viên được miễn công tác và sinh "
    "hoạt đảng có nghề nghiệp không phải “Đã nghỉ hưu, nghỉ công tác”: tệp số liệu của một số phường "
    "không cho biết có bao nhiêu."
)
OF_NOW = f"Ở cột “Thực hiện: Kỳ này”, {LACKING}"


def _notes(now: dict[str, int], before: dict[str, int] | None) -> list[str]:
    return fill_form(BIEU_3, now, before, period=PERIOD, rollup=True).notes


def test_this_periods_unknown_count_beside_last_years_known_one_names_its_column() -> None:
    lacking = {"members.total": 8432}
    for known in (145, 0):  # last year's count known, some or none: its column is complete
        notes = _notes(lacking, {"members.total": 8300, ID: known})
        assert OF_NOW in notes, notes
        assert not any(n.startswith("Dòng “a)") for n in notes), notes  # never of no column


def test_the_other_cases_are_unchanged() -> None:
    lacking = {"members.total": 8432}
    # no comparison: one column, nothing to name
    assert f"D{LACKING[1:]}" in _notes(lacking, None)
    # both columns lack it: one note of both
    assert f"Ở cả hai cột, {LACKING}" in _notes(lacking, {"members.total": 8300})
    # this period's count known: said as ever, the note not given
    notes = _notes({"members.total": 8432, ID: 151}, {"members.total": 8300, ID: 145})
    assert OF_NOW not in notes and not any(LACKING in n for n in notes), notes
