"""Biểu 2 lists the working occupations only (the official form has no line for "Đã nghỉ hưu,
nghỉ công tác"): a member admitted in the period whose roster occupation is retired (a chi bộ
tổ dân phố admits a retired person) is in none of its "Nghề nghiệp" lines, which then add up
to less than "I. Tổng số đảng viên mới kết nạp". A count note says how many, in both columns
and in a roll-up, as the notes of the admitted of unknown occupation do; the lines are complete
for what they name, so their (%) stays.

Two wards consolidated by the real CLI, each into its own real history (31/12/2025, then
31/12/2026); in ward A three admitted members' rows say retired (two admitted in 2026, one in
2025); ward B has none. The roll-up reads both wards' second JSON summaries.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_history import consolidated_into
from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import OrgRows, Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 12, 31))
LAST_YEAR = dt.date(2025, 12, 31)
RETIRED = "retired"
NOTE = (
    "đảng viên mới kết nạp ghi nghề nghiệp “Đã nghỉ hưu, nghỉ công tác”: biểu không có dòng cho "
    "nghề nghiệp này, nên không tính vào các dòng “Nghề nghiệp”."
)
# The working occupations' "-" lines of Biểu 2 (the enterprise line holds its "+" lines).
MINUS_LINES = (
    "state_official",
    "party_mass_official",
    "commune_official",
    "neighbourhood_part_time",
    "public_employee",
    "non_public_employee",
    "enterprise",
    "farmer",
    "armed_forces",
    "university_student",
    "pupil",
    "other",
)


def _retire(orgs: list[OrgRows], admitted_on: set[dt.date]) -> int:
    """The roster rows of the members admitted on `admitted_on` say retired; how many."""
    admitted = {
        (e["full_name"], e["birth_date"])
        for org in orgs
        for e in org.events
        if e["event_type"] == "admitted" and e["event_date"] in admitted_on
    }
    retired = 0
    for org in orgs:
        for member in org.members:
            if (member["full_name"], member["birth_date"]) in admitted:
                member["occupation"] = RETIRED
                retired += 1
    return retired


def _ward(tmp: Path, name: str, seed: int, sizes: list[int], admitted_on: set[dt.date]) -> dict[str, Any]:
    orgs = sample_orgs(seed, sizes, PERIOD)
    assert _retire(orgs, admitted_on) == len(admitted_on)
    history = tmp / f"lich_su_{seed}.sqlite"
    runs: dict[str, Any] = {}
    for label, cutoff in (("last", LAST_YEAR), ("now", PERIOD.cutoff)):
        folder = tmp / f"nop_{seed}_{label}"
        folder.mkdir()
        for org in orgs:
            rows = org if cutoff == PERIOD.cutoff else as_of(org, cutoff)
            rows.write(folder / f"{org.organisation.org_code}.xlsx")
        out = tmp / f"tong_hop_{seed}_{label}.xlsx"
        runs[label] = consolidated_into(folder, cutoff, history, out, ward=name)
        runs[f"{label}_xlsx"] = out
    return runs


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("retired_admitted")
    # Seed 7's admissions: S01 on 24/03/2026, S03 on 02/04/2026, S02 on 01/05/2025.
    retired = {dt.date(2026, 3, 24), dt.date(2026, 4, 2), dt.date(2025, 5, 1)}
    a = _ward(tmp, "Phường Thử", 7, [40, 55, 30, 62], retired)
    b = _ward(tmp, "Phường Hai", 11, [45, 38], set())
    out = tmp / "cap_tren.xlsx"
    args = ["rollup", str(a["now_xlsx"].with_suffix(".json")), str(b["now_xlsx"].with_suffix(".json"))]
    done = CliRunner().invoke(main, [*args, "-o", str(out), "--json", str(out.with_suffix(".json"))])
    assert done.exit_code == 0, done.output
    rollup = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return {"a": a, "b": b, "rollup": rollup, "rollup_xlsx": out}


def _notes(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path)["Biểu 2-BTCTW"]
    return [
        str(c.value).removeprefix("Ghi chú: ")
        for c in ws["A"]
        if isinstance(c.value, str) and c.value.startswith("Ghi chú: ")
    ]


def _rows(summary: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["row"]: row for row in summary["forms"]["bieu2"]}


def _gap(summary: dict[str, Any], column: str) -> int:
    """What "I" counts that no "-" line of "1. Nghề nghiệp" does."""
    rows = _rows(summary)
    return int(rows["I"][column]) - sum(int(rows[f"II.1.{key}"][column]) for key in MINUS_LINES)


def test_the_ward_says_how_many_admitted_are_retired_in_both_columns(runs) -> None:
    now = runs["a"]["now"]
    assert now["indicators"]["admitted.occupation.retired"] == 2
    assert now["previous"]["indicators"]["admitted.occupation.retired"] == 1
    # The occupation lines leave them out (nothing else is unknown in these files).
    assert (_gap(now, "current"), _gap(now, "previous")) == (2, 1)
    notes = _notes(runs["a"]["now_xlsx"])
    assert f"Kỳ này 2, cùng kỳ năm trước 1 {NOTE}" in notes, notes
    assert len([t for t in notes if "nghỉ hưu" in t]) == 1
    assert all(unicodedata.is_normalized("NFC", t) for t in notes)
    # Last year's own run said this year's count alone.
    assert f"1 {NOTE}" in _notes(runs["a"]["last_xlsx"])


def test_the_lines_keep_their_ratio(runs) -> None:
    """Every "Nghề nghiệp" line counts all those of its occupation: its (%) is there when both
    figures are (the earlier not 0)."""
    ws = openpyxl.load_workbook(runs["a"]["now_xlsx"])["Biểu 2-BTCTW"]
    first = 9  # the renderer's first line (toolkit.outputs.sheets.forms.HEADER + 3)
    compared = 0
    for n, row in enumerate(runs["a"]["now"]["forms"]["bieu2"]):
        if not row["row"].startswith("II.1.") or not row["current"] or not row["previous"]:
            continue
        label, ratio = ws.cell(first + n, 1).value, ws.cell(first + n, 4).value
        assert str(label).endswith(row["label"]), (label, row)
        assert ratio == pytest.approx(round(row["current"] * 100 / row["previous"], 2)), row
        compared += 1
    assert compared


def test_a_ward_without_retired_admitted_has_no_such_note(runs) -> None:
    assert runs["b"]["now"]["indicators"]["admitted.occupation.retired"] == 0
    assert not [t for t in _notes(runs["b"]["now_xlsx"]) if "nghỉ hưu" in t]


def test_the_roll_up_says_the_sum(runs) -> None:
    up = runs["rollup"]
    assert (_gap(up, "current"), _gap(up, "previous")) == (2, 1)
    notes = _notes(runs["rollup_xlsx"])
    assert f"Kỳ này 2, cùng kỳ năm trước 1 {NOTE}" in notes, notes
