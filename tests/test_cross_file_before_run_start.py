"""Checks across files leave out the changes the run does not count (hunt111 #1).

T01's file states `Số liệu từ ngày` 01/07/2025; the run's period starts on 01/01/2026 (`--since`,
the settings' cell, or the start most files state). T01's changes before 01/01/2026 are in no
figure, as `org.period_start_differs` says and asks to remove them. Two checks across files
still looked at them:
- `event.internal_transfer_on_other_roll`: T01's `Chuyển đi`, `Trong Đảng bộ phường`, dated
  01/12/2025, of a member on T02's roll, said the figures were wrong (they were right) and asked
  T02 to add a `Chuyển đến` dated no earlier, which would be `event.outside_period` in T02, an
  error that leaves T02 out of the run;
- `event.moved_out_in_other_file`: T01's move out of the ward dated 01/09/2025 of a member who
  came back and is on T02's roll said Biểu 1 counted the person on the roll and as a decrease.

The same rows dated inside the run's period are still said. Real workbooks of the template, the
CLI (`CliRunner`), and `validate_read` with and without the run's start.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_history import run_cli
from tests.helpers_validate import clean_info, member
from toolkit.io.reader import read_submission
from toolkit.outputs.template import write_submission
from toolkit.validation import validate_read

CUTOFF = dt.date(2026, 3, 31)
RUN_START = dt.date(2026, 1, 1)
EARLY_START = dt.date(2025, 7, 1)
MOVER = ("Nguyễn Văn Đi", dt.date(1960, 2, 1))
ON_OTHER_ROLL = "event.internal_transfer_on_other_roll"
MOVED_OUT = "event.moved_out_in_other_file"
LATE = "org.period_start_differs"


def _years(start: dt.date) -> list[dict[str, Any]]:
    return [
        {"year": y, "candidates_trained": 0, "new_members_trained": 0, "new_members_completed": 0}
        for y in range(start.year, CUTOFF.year + 1)
    ]


def _people(family: str) -> list[dict[str, Any]]:
    return [
        member(row_no=1, full_name=f"{family} Văn An", birth_date=dt.date(1975, 5, 12), card_no=None),
        member(
            row_no=2,
            full_name=f"{family} Thị Bình",
            birth_date=dt.date(1982, 11, 3),
            gender="female",
            card_no=None,
        ),
    ]


def _ward(
    folder: Path, change: dict[str, Any], *, t01_start: dt.date = EARLY_START, third: bool = False
) -> Path:
    """T01 (its period from `t01_start`) records `change` of the mover; T02 has the mover on its
    roll (and, with `third`, T03 is a third file starting on the run's start)."""
    folder.mkdir(parents=True)
    name, birth = MOVER
    event = {"row_no": 1, "full_name": name, "birth_date": birth, **change}
    files: list[tuple[str, list[dict[str, Any]], list[dict[str, Any]], dt.date]] = [
        ("T01", _people("Lê"), [event], t01_start),
        (
            "T02",
            [*_people("Trần"), member(row_no=3, full_name=name, birth_date=birth, card_no=None)],
            [],
            RUN_START,
        ),
    ]
    if third:
        files.append(("T03", _people("Phạm"), [], RUN_START))
    for code, members, events, start in files:
        write_submission(
            folder / f"{code}.xlsx",
            info=clean_info(org_code=code, org_name=f"Chi bộ {code}", cutoff_date=CUTOFF, period_start=start),
            members=members,
            events=events,
            years=_years(start),
        )
    return folder


def _consolidated(folder: Path, *extra: str) -> dict[str, Any]:
    out = folder.parent / f"{folder.name}.xlsx"
    result = run_cli(
        "consolidate", folder, "--cutoff", "31/03/2026", "-o", out, "--json", out.with_suffix(".json"),
        "--no-history", *extra,
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


def _codes(summary: dict[str, Any]) -> list[str]:
    return [i["code"] for i in summary["issues"]]


INTERNAL_OUT = {"event_type": "transfer_out", "transfer_scope": "internal"}
OUT_OF_WARD = {"event_type": "transfer_out", "transfer_scope": "same_province"}


@pytest.mark.parametrize(("change", "code"), [(INTERNAL_OUT, ON_OTHER_ROLL), (OUT_OF_WARD, MOVED_OUT)])
def test_a_change_before_the_runs_start_is_not_said_to_make_the_figures_wrong(
    tmp_path: Path, change: dict[str, Any], code: str
) -> None:
    before = _consolidated(
        _ward(tmp_path / "truoc", {**change, "event_date": dt.date(2025, 12, 1)}), "--since", "01/01/2026"
    )
    assert code not in _codes(before), [i["message"] for i in before["issues"]]
    assert LATE in _codes(before)  # T01 is told to remove its rows before 01/01/2026
    ind = before["indicators"]
    # The figures the warning said were wrong: the mover counted once, no decrease.
    assert (ind["period.opening"], ind["period.closing"], ind["period.transfer_out"]) == (5, 5, 0)

    # Dated inside the run's period, the same row is still said (the figures count it).
    inside = _consolidated(
        _ward(tmp_path / "trong", {**change, "event_date": dt.date(2026, 2, 1)}), "--since", "01/01/2026"
    )
    assert code in _codes(inside)


def test_without_since_the_start_most_files_state_is_the_runs(tmp_path: Path) -> None:
    """T02 and T03 start on 01/01/2026: the run's start, also for `ward-stats validate`."""
    folder = _ward(tmp_path / "nop", {**INTERNAL_OUT, "event_date": dt.date(2025, 12, 1)}, third=True)
    summary = _consolidated(folder)
    assert ON_OTHER_ROLL not in _codes(summary)
    out = tmp_path / "kiem_tra.json"
    validated = run_cli("validate", folder, "--cutoff", "31/03/2026", "--json", out)
    assert validated.exit_code in (0, 1), validated.output
    said = json.loads(out.read_text(encoding="utf-8"))
    codes = [i["code"] for i in said["issues"]]
    assert LATE in codes and ON_OTHER_ROLL not in codes, codes


def test_validation_follows_the_runs_start_given(tmp_path: Path) -> None:
    """`validate_read(since=…)` is the start the consolidation counts from: given the file's own
    earlier start, the row is counted, and said; given 01/01/2026, it is not."""
    folder = _ward(tmp_path / "nop", {**INTERNAL_OUT, "event_date": dt.date(2025, 12, 1)})
    subs = [read_submission(p) for p in sorted(folder.glob("*.xlsx"))]
    counted = validate_read(subs, cutoff=CUTOFF, since=EARLY_START)
    assert ON_OTHER_ROLL in [i.code for i in counted.issues]
    subs = [read_submission(p) for p in sorted(folder.glob("*.xlsx"))]
    left_out = validate_read(subs, cutoff=CUTOFF, since=RUN_START)
    assert ON_OTHER_ROLL not in [i.code for i in left_out.issues]
