"""Which earlier record a run checks its opening and Biểu 1's line A against, and when it says
that its change period does not follow the last cut-off (hunt115 F1, F1b, F6; review118 F5,
F6). The records are built as the history stores them; the run is what `open_for_run` reads
of a consolidation (its cut-off, change period, forms' period and ward name)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from tests.helpers_history import record
from toolkit.history.records import Record
from toolkit.history.session import _opening, _period_gap, _same_forms_period

WARD = "Phường Thử"


def _run(cutoff: dt.date, start: dt.date, forms_from: dt.date | None = None) -> Any:
    return SimpleNamespace(
        cutoff_date=cutoff,
        period_start=start,
        forms_period=(forms_from or start, cutoff),
        ward_name=WARD,
        issues=[],
    )


def _rec(id_: int, cutoff: dt.date, *, of: tuple[int, int] = (2, 2), forms_from: dt.date | None = None,
         current: bool = True) -> Record:  # fmt: skip
    base = record(cutoff, run_id=f"r{id_}", ward_name=WARD, form_from=forms_from)
    indicators = {**base.indicators, "orgs.consolidated": of[0], "orgs.registered": of[1]}
    return dataclasses.replace(base, id=id_, indicators=indicators, is_current=current)


JAN, MAR, APR, JUN, JUL, SEP = (
    dt.date(2025, m, d) for m, d in ((1, 1), (3, 31), (4, 1), (6, 30), (7, 31), (9, 30))
)


def test_a_partial_record_gives_way_to_an_earlier_whole_one() -> None:
    whole, trial = _rec(1, JUN), _rec(2, JUL, of=(1, 2))
    assert _opening(_run(SEP, JAN), [whole, trial]) is whole
    # Without a whole one inside the period, the partial one is still the reference.
    assert _opening(_run(SEP, JAN), [_rec(3, MAR, of=(1, 2)), trial]) is trial


def test_line_a_keeps_the_year_s_record_a_quarter_s_forms_superseded() -> None:
    year = _rec(2, JUN, current=False)
    quarter = _rec(3, JUN, forms_from=APR)
    assert _same_forms_period(_run(SEP, JAN), [quarter], [year, quarter]) is year


def test_line_a_never_takes_back_a_record_a_re_run_of_its_forms_replaced() -> None:
    """review118 F6: a re-run of the same forms' period replaced its record for good (a
    correction), even when the re-run is partial."""
    replaced = _rec(2, JUN, current=False)
    rerun = _rec(3, JUN, of=(1, 2))
    assert _same_forms_period(_run(SEP, JAN), [rerun], [replaced, rerun]) is rerun


@pytest.mark.parametrize(
    ("start", "last", "said"),
    [
        (dt.date(2025, 7, 15), JUN, True),  # 01/07–14/07 in no run: a slip of the start
        (dt.date(2025, 7, 1), JUN, False),  # follows on
        (dt.date(2025, 12, 1), JUN, False),  # more than a quarter later: not a slip
        (dt.date(2026, 1, 1), dt.date(2025, 11, 30), False),  # a year from 1 January (review118 F5)
    ],
)
def test_a_period_that_does_not_follow_the_last_cut_off(start: dt.date, last: dt.date, said: bool) -> None:
    gap = _period_gap(_run(dt.date(2026, 3, 31), start), [_rec(1, last)])
    assert (gap is not None) == said
    if gap is not None:
        assert gap.code == "history.period_gap" and "lần số 1, ngày chốt 30/06/2025" in gap.message
