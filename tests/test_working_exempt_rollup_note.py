"""Biểu 3's note of members exempted in full yet counted in line a (hunt261 G2) in a roll-up
where some ward's summary is older than `members.occupation.working.exempt` (review263).

The roll-up cannot add that count, so its Biểu 3 said nothing, as if line a held no such
member, while every ward's line a still counts them. As the other counts some wards' summaries
lack, the roll-up says that line a may hold them and that some wards' files do not say how
many; a ward's own form and a roll-up whose wards all give the count are unchanged."""

from __future__ import annotations

import datetime as dt

from toolkit.forms.compute import fill_form
from toolkit.forms.tables import BIEU_3

PERIOD = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
LACKING = (
    "Dòng “a) Đảng viên đang làm việc và công tác” có thể có cả đảng viên được miễn công tác và sinh "
    "hoạt đảng có nghề nghiệp không phải “Đã nghỉ hưu, nghỉ công tác”: tệp số liệu của một số phường "
    "không cho biết có bao nhiêu."
)
COUNTED = "76 đảng viên được miễn công tác và sinh hoạt đảng có nghề nghiệp không phải"


def test_a_rollup_lacking_the_count_says_line_a_may_hold_them() -> None:
    lacking = {"members.total": 4216}
    notes = fill_form(BIEU_3, lacking, None, period=PERIOD, rollup=True).notes
    assert LACKING in notes, notes
    before = fill_form(BIEU_3, lacking, {"members.total": 4100}, period=PERIOD, rollup=True).notes
    assert f"Ở cả hai cột, {LACKING[0].lower()}{LACKING[1:]}" in before, before
    # Last year's records older (this year's count given): said of that column only.
    now = {"members.total": 4216, "members.occupation.working.exempt": 76}
    past = fill_form(BIEU_3, now, {"members.total": 4100}, period=PERIOD, rollup=True).notes
    assert f"Ở cột “Cùng kỳ năm trước”, {LACKING[0].lower()}{LACKING[1:]}" in past, past
    assert any(n.startswith(COUNTED) for n in past), past


def test_a_ward_or_a_rollup_with_the_count_says_only_the_count() -> None:
    now = {"members.total": 4216, "members.occupation.working.exempt": 76}
    for rollup in (False, True):
        notes = fill_form(BIEU_3, now, None, period=PERIOD, rollup=rollup).notes
        assert any(n.startswith(COUNTED) for n in notes) and LACKING not in notes, notes
    # A ward's own run never has its count missing but from an older record: nothing implied.
    assert LACKING not in fill_form(BIEU_3, {"members.total": 4216}, None, period=PERIOD).notes
