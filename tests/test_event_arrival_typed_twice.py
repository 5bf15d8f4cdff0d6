"""One arrival typed twice a mark apart, then one departure: never two opposite advices (fixAU).

A tester's file: `Chuyển đến` for "Nguyễn Văn Hòa" on 01/02/2026 (row 4), the same arrival the
same day typed "Nguyễn Văn Hoa" (row 5), and `Chuyển đi` for "Nguyễn Văn Hòa" later (row 6), the
person not on the roll. Row 5 got both `event.duplicate_accents` (one person: delete row 5) and
`event.joined_not_on_roll_accents` quoting row 6 (one person who came and left: nothing to fix)
-- opposite advice, and the second, followed, leaves two arrivals for one departure (the opening
balance one short). The departure is the exact-name arrival's (row 4 in, row 6 out): it is not
offered again as the accent match of another arrival, and one departure explains one arrival
only, the row `event.duplicate_accents` names to delete last. The row to delete is then told, as
when no departure follows, `event.joined_not_on_roll` (the twin's reading: add to the roll).

Real workbooks written through the template, validated and consolidated through the command
line (click's CliRunner).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers_validate import clean_events, clean_members, write

from toolkit.cli import main

BORN = dt.date(1980, 5, 1)
CAME, LEFT = dt.date(2026, 2, 1), dt.date(2026, 3, 1)
HOA, HOA_FEWER, HOA_BARE = "Nguyễn Văn Hòa", "Nguyễn Văn Hoa", "Nguyen Van Hoa"
DUP, PLAIN = "event.duplicate_accents", "event.joined_not_on_roll"
ACCENTS = "event.joined_not_on_roll_accents"


def _change(name: str, kind: str, on: dt.date, row_no: int) -> dict[str, Any]:
    row = {"row_no": row_no, "full_name": name, "birth_date": BORN, "event_type": kind, "event_date": on}
    if kind.startswith("transfer"):
        row["transfer_scope"] = "other_province"
    if kind == "admitted":
        row["decision_no"] = "12-QĐ/ĐU"
    return row


def _file(folder: Path, arrivals: list[str], departure: str | None, joined: str = "transfer_in") -> Path:
    """CB07, clean, with ``arrivals`` joining on 01/02/2026 (rows 4, 5 of the sheet) and
    ``departure`` moving out on 01/03/2026 (the next row), none of them on the roll."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [_change(name, joined, CAME, 3 + i) for i, name in enumerate(arrivals)]
    if departure is not None:
        rows.append(_change(departure, "transfer_out", LEFT, 3 + len(arrivals)))
    write(folder, members=clean_members(), events=[*clean_events(), *rows])
    return folder


def _consolidated(folder: Path) -> dict[str, Any]:
    out = folder / "tong_hop.json"
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "--since", "01/01/2025"]
    args += ["-o", str(folder / "tong_hop.xlsx"), "--json", str(out), "--no-history", "--personal-data"]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return doc


def _said(doc: dict[str, Any], code: str) -> list[str]:
    return sorted(i["cell"] for i in doc["issues"] if i["code"] == code)


def _figures(doc: dict[str, Any]) -> dict[str, Any]:
    keys = ("members.total", "period.transfer_in", "period.transfer_out", "period.admitted")
    return {k: doc["indicators"].get(k) for k in keys}


CASES = [
    # The tester's file: the fuller spelling first, the departure typed as it.
    ("tester", [HOA, HOA_FEWER], HOA, "B5", None),
    # Mirror: the row with fewer marks first, the departure typed as the later arrival.
    ("mirror", [HOA_FEWER, HOA], HOA, "B4", None),
    # Without a Vietnamese keyboard: the second arrival bare.
    ("bare", [HOA, HOA_BARE], HOA, "B5", None),
    # The departure a mark apart from both arrivals: one of them, the kept one, is its match.
    ("leaver_apart", [HOA, HOA_FEWER], HOA_BARE, "B5", "B4"),
    ("leaver_apart_2", [HOA, HOA_BARE], HOA_FEWER, "B5", "B4"),
    ("leaver_apart_fewer_first", [HOA_FEWER, HOA], HOA_BARE, "B4", "B5"),
]


@pytest.mark.parametrize("joined", ["transfer_in", "admitted"])
@pytest.mark.parametrize(("case", "arrivals", "departure", "repeat", "matched"), CASES)
def test_the_row_typed_twice_gets_no_opposite_advice(
    tmp_path: Path,
    case: str,
    arrivals: list[str],
    departure: str,
    repeat: str,
    matched: str | None,
    joined: str,
) -> None:
    """The repeated arrival gets `event.duplicate_accents` (delete it) and the plain
    `event.joined_not_on_roll` (as without any departure), never the accents' "nothing to fix";
    the departure is quoted by one arrival's warning at most, the kept one's."""
    doc = _consolidated(_file(tmp_path / case, arrivals, departure, joined))
    assert _said(doc, DUP) == [repeat], doc["issues"]
    assert _said(doc, ACCENTS) == ([matched] if matched else []), doc["issues"]
    assert _said(doc, PLAIN) == [repeat], doc["issues"]
    by_cell = Counter(i["cell"] for i in doc["issues"] if i["code"] in (DUP, ACCENTS))
    assert max(by_cell.values()) == 1, doc["issues"]
    [org] = doc["organisations"]
    assert org["status"] == "consolidated", org
    # Counted as typed: two arrivals, one departure.
    came = "period.admitted" if joined == "admitted" else "period.transfer_in"
    assert _figures(doc)[came] == 2 and _figures(doc)["period.transfer_out"] == 1, _figures(doc)


@pytest.mark.parametrize(("case", "arrivals", "departure", "repeat", "matched"), CASES)
def test_deleting_the_row_named_leaves_one_person_in_and_out(
    tmp_path: Path, case: str, arrivals: list[str], departure: str, repeat: str, matched: str | None
) -> None:
    """Following `event.duplicate_accents` (delete the row it names) leaves the figures of one
    person who came and left, typed alike, and no warning asking to add anyone to the roll."""
    kept = [name for i, name in enumerate(arrivals) if f"B{4 + i}" != repeat]
    doc = _consolidated(_file(tmp_path / "deleted", kept, departure))
    control = _consolidated(_file(tmp_path / "control", [HOA], HOA))
    assert _said(doc, PLAIN) == [] and _said(doc, DUP) == [], doc["issues"]
    assert _said(doc, ACCENTS) == (["B4"] if matched else []), doc["issues"]
    assert _figures(doc) == _figures(control)
    assert _figures(doc)["period.transfer_in"] == _figures(doc)["period.transfer_out"] == 1


def test_the_same_as_without_a_departure_of_the_repeat(tmp_path: Path) -> None:
    """The repeated row is said as it is when no departure follows at all (the departure of
    another person): `event.duplicate_accents` and `event.joined_not_on_roll` at it."""
    doc = _consolidated(_file(tmp_path / "tester", [HOA, HOA_FEWER], HOA))
    other = _consolidated(_file(tmp_path / "other", [HOA, HOA_FEWER], "Trần Văn Khoa"))
    at_repeat = [(i["code"], i["message"]) for i in doc["issues"] if i["cell"] == "B5"]
    at_other = [(i["code"], i["message"]) for i in other["issues"] if i["cell"] == "B5"]
    assert sorted(at_repeat) == sorted(at_other), (at_repeat, at_other)
