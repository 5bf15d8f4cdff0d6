"""Biểu 3's note of members exempted in full yet counted in line a (hunt261 G2) in a roll-up
where some ward's summary is older than `members.occupation.working.exempt` (review263).

The roll-up cannot add that count, so its Biểu 3 said nothing, as if line a held no such
member, while every ward's line a still counts them. As the other counts some wards' summaries
lack, the roll-up says that line a may hold them and that some wards' files do not say how
many; a ward's own form and a roll-up whose wards all give the count are unchanged.

A ward's own form beside last year's history record older than the id said this period's count
alone, as if of both columns: it says it as this period's ("Kỳ này 76 …") and that last year's
is not in the history; a roll-up's count beside its lacking last year is said so too."""

from __future__ import annotations

import datetime as dt

from toolkit.forms.compute import fill_form
from toolkit.forms.tables import _WORKING, BIEU_3

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
    # this period's count said as this period's, before last year's unknown one
    counted = [i for i, n in enumerate(past) if n.startswith(f"Kỳ này {COUNTED}")]
    assert counted and counted[0] < past.index(
        f"Ở cột “Cùng kỳ năm trước”, {LACKING[0].lower()}{LACKING[1:]}"
    )


def test_a_ward_or_a_rollup_with_the_count_says_only_the_count() -> None:
    now = {"members.total": 4216, "members.occupation.working.exempt": 76}
    for rollup in (False, True):
        notes = fill_form(BIEU_3, now, None, period=PERIOD, rollup=rollup).notes
        assert any(n.startswith(COUNTED) for n in notes) and LACKING not in notes, notes
    # A ward's own run never has its count missing but from an older record: nothing implied.
    assert LACKING not in fill_form(BIEU_3, {"members.total": 4216}, None, period=PERIOD).notes


RECORD_LACKING = (
    "Ở cột “Cùng kỳ năm trước”, dòng “a) Đảng viên đang làm việc và công tác” có thể có cả đảng viên "
    "được miễn công tác và sinh hoạt đảng có nghề nghiệp không phải “Đã nghỉ hưu, nghỉ công tác”: số liệu "
    "của kỳ đó trong lịch sử tổng hợp chưa đếm riêng số này nên không biết có bao nhiêu."
)


def test_a_wards_last_year_record_lacking_the_count_is_said_unknown_not_left_as_none() -> None:
    """A ward's own Biểu 3 beside last year's history record older than the id: the note gave
    "76 đảng viên …" alone, of no column, so last year's column read as holding none such in
    line a. It says the count as this period's and that last year's is not in the history."""
    now = {"members.total": 4216, "members.occupation.working.exempt": 76}
    # Last year's record has line a (an older version's: every line but the new count).
    before = {"members.total": 4100, **dict.fromkeys(_WORKING.ids, 1)}
    notes = fill_form(BIEU_3, now, before, period=PERIOD).notes
    assert f"Kỳ này {COUNTED}" in " ".join(notes), notes
    assert RECORD_LACKING in notes, notes
    assert notes.index(RECORD_LACKING) > next(i for i, n in enumerate(notes) if n.startswith("Kỳ này 76"))
    assert not any(n.startswith(COUNTED) for n in notes), notes  # never of no column
    # None this year: last year's count is still unknown, not 0.
    none = {**now, "members.occupation.working.exempt": 0}
    assert RECORD_LACKING in fill_form(BIEU_3, none, before, period=PERIOD).notes
    # A record without line a (an imported summary of a few figures): its column is empty there,
    # said by its own note; nothing said of line a's last year.
    assert RECORD_LACKING not in fill_form(BIEU_3, now, {"members.total": 4100}, period=PERIOD).notes
    # Last year's record with the count: both counts in one note, nothing unknown.
    both = fill_form(
        BIEU_3, now, {"members.total": 4100, "members.occupation.working.exempt": 70}, period=PERIOD
    )
    assert any(n.startswith(f"Kỳ này 76, cùng kỳ năm trước 70 {COUNTED[3:]}") for n in both.notes), both.notes
    assert RECORD_LACKING not in both.notes
    # Figures of an older version in both columns (no count this period either): nothing, as ever.
    assert (
        RECORD_LACKING
        not in fill_form(BIEU_3, {"members.total": 4216}, {"members.total": 4100}, period=PERIOD).notes
    )
