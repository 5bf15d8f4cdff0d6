"""A member ON the roll with a leaving change and a joining change on the same day in his file
(hunt110 #1, the mirror of `test_joined_left_same_day`): moved out of the province and back,
or struck off and readmitted, the same day. The `Biến động` rows of one day may be typed in
either order, so the joining row typed first must not make the leaving row his latest change:
no `event.left_still_on_roll` (an error that leaves the organisation out of the consolidation),
and the same figures in both orders. A death is not undone by anything: a member on the roll
with a death and a joining change the same day is still the error.

The workbooks are the real template (`helpers_validate`), run through the CLI (`validate`,
`consolidate`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers_validate import clean_events, write

from toolkit.cli import main

CODE = "event.left_still_on_roll"
AN = {"full_name": "Nguyễn Văn An", "birth_date": dt.date(1975, 5, 12)}  # on CB07's roll
DAY = dt.date(2026, 2, 15)  # inside the forms' period (the quarter)
OUT = {**AN, "event_type": "transfer_out", "event_date": DAY, "transfer_scope": "other_province"}
IN = {**AN, "event_type": "transfer_in", "event_date": DAY, "transfer_scope": "other_province"}
STRUCK = {**AN, "event_type": "struck_off", "event_date": DAY, "strike_ground": "absence_or_dues"}
READMITTED = {**AN, "event_type": "readmitted", "event_date": DAY, "decision_no": "9-QĐ"}
RESTORED = {**AN, "event_type": "restored", "event_date": DAY}
DIED = {**AN, "event_type": "died", "event_date": DAY}
PAIRS = [(OUT, IN), (STRUCK, READMITTED), (STRUCK, RESTORED)]
IDS = ["out-in", "struck-readmitted", "struck-restored"]


def _validated(path: Path) -> list[dict[str, Any]]:
    out = path.parent / "kiem_tra.json"
    args = ["validate", str(path), "--cutoff", "31/03/2026", "--json", str(out), "--personal-data"]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    issues: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))["issues"]
    return issues


def _consolidated(folder: Path) -> dict[str, Any]:
    out = folder / "tong_hop.json"
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "--since", "01/01/2025"]
    args += ["-o", str(folder / "tong_hop.xlsx"), "--json", str(out), "--no-history", "--personal-data"]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    doc: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return doc


def _file(folder: Path, rows: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True)
    return write(folder, events=[*clean_events(), *rows])


def _codes(issues: list[dict[str, Any]]) -> list[str]:
    return sorted(i["code"] for i in issues)


@pytest.mark.parametrize(("leaving", "joining"), PAIRS, ids=IDS)
def test_left_and_back_the_same_day_is_no_error_in_either_order(
    tmp_path: Path, leaving: dict[str, Any], joining: dict[str, Any]
) -> None:
    in_order = _validated(_file(tmp_path / "in_order", [leaving, joining]))
    reversed_rows = _validated(_file(tmp_path / "reversed", [joining, leaving]))
    assert CODE not in _codes(in_order), in_order
    assert CODE not in _codes(reversed_rows), reversed_rows
    assert _codes(reversed_rows) == _codes(in_order)


@pytest.mark.parametrize(("leaving", "joining"), PAIRS, ids=IDS)
def test_the_figures_are_the_same_in_both_orders(
    tmp_path: Path, leaving: dict[str, Any], joining: dict[str, Any]
) -> None:
    _file(tmp_path / "in_order", [leaving, joining])
    _file(tmp_path / "reversed", [joining, leaving])
    first, second = _consolidated(tmp_path / "in_order"), _consolidated(tmp_path / "reversed")
    [org], [org_reversed] = first["organisations"], second["organisations"]
    assert org["status"] == org_reversed["status"] == "consolidated", (org, org_reversed)
    assert first["indicators"] == second["indicators"]
    assert org["indicators"]["members.total"] == org_reversed["indicators"]["members.total"] > 0


def test_leaving_a_day_after_joining_is_still_the_error(tmp_path: Path) -> None:
    """Only the one day's order is unknown: moved back in, then out again the next day, and
    still on the roll, is a member to take off it."""
    later = {**OUT, "event_date": DAY + dt.timedelta(days=1)}
    issues = _validated(_file(tmp_path / "next_day", [IN, later]))
    assert CODE in _codes(issues), issues


def test_a_joining_row_of_another_person_that_day_explains_nothing(tmp_path: Path) -> None:
    other = {**IN, "full_name": "Nguyễn Văn Anh"}
    issues = _validated(_file(tmp_path / "other", [other, OUT]))
    assert CODE in _codes(issues), issues


@pytest.mark.parametrize("joining", [IN, READMITTED], ids=["in", "readmitted"])
def test_a_death_is_not_undone_the_same_day(tmp_path: Path, joining: dict[str, Any]) -> None:
    """Nobody comes back from a death: the dead member still on the roll is the error, whichever
    row was typed first."""
    in_order = _validated(_file(tmp_path / "in_order", [DIED, joining]))
    reversed_rows = _validated(_file(tmp_path / "reversed", [joining, DIED]))
    assert CODE in _codes(reversed_rows), reversed_rows
    assert CODE in _codes(in_order), in_order
