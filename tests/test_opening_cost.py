"""The opening check's cost grows with the organisations, not with their square.

A city's run holds about a thousand organisations, and after a reorganisation many may differ
from the earlier record. hunt199 F4 (`opening._moved_whole`) looked, for each organisation that
differs, through every organisation of the run and of the record: 3,000 organisations with 1,500
differing took 8.4 seconds in the check alone, against 0.06 before (review202). The work is
counted here by the code keys computed, which every pass over the organisations makes.
"""

from __future__ import annotations

import datetime as dt

import pytest

from toolkit.core.model import ConsolidationResult, OrgResult, RollMoves
from toolkit.history import opening

CUTOFF, EARLIER = dt.date(2026, 6, 30), dt.date(2026, 3, 31)


def _city(n: int) -> tuple[ConsolidationResult, dict[str, int], dict[str, str | None]]:
    """`n` organisations of 50 members now, the first half stored then with 40 or 60 (all
    differ), the second half new; and `n // 2` stored then and gone now."""
    orgs = [
        OrgResult(f"CB{i:04d}", f"Chi bộ số {i}", "chi_bo_truc_thuoc", "to_dan_pho", "consolidated",
                  file=f"CB{i:04d}.xlsx", indicators={"members.total": 50})
        for i in range(n)
    ]  # fmt: skip
    result = ConsolidationResult(
        cutoff_date=CUTOFF, period_start=dt.date(2026, 1, 1), template_version="2026.2", years=[2026],
        indicators={"members.total": 50 * n}, organisations=orgs, issues=[], sources=[],
        roll_moves={o.org_code: RollMoves(joins=(), leaves=()) for o in orgs},
    )  # fmt: skip
    earlier = {f"CB{i:04d}": 40 if i % 2 else 60 for i in range(n // 2)}
    earlier.update({f"CU{i:04d}": 37 for i in range(n // 2)})
    names: dict[str, str | None] = {f"CB{i:04d}": f"Chi bộ số {i}" for i in range(n // 2)}
    names.update({f"CU{i:04d}": f"Chi bộ cũ số {i}" for i in range(n // 2)})
    return result, earlier, names


@pytest.mark.parametrize("n", [200, 800])
def test_the_check_computes_a_few_keys_per_organisation(n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    key = opening.org_code_key

    def counted(value: object) -> str:
        nonlocal calls
        calls += 1
        return key(value)

    monkeypatch.setattr(opening, "org_code_key", counted)
    result, earlier, names = _city(n)
    issues = opening.opening_issues(
        result, EARLIER, earlier, {"members.total": sum(earlier.values())}, names, record=1
    )
    assert sum(i.code == "form.opening_mismatch" for i in issues) == n // 2
    assert calls <= 12 * n, calls  # 481,600 for 800 before
