"""An exemption dated before the member's admission or readmission: validation and the work lists
apply one test (fix381).

Validation warns of it (`member.exempt_before_admission`, `member.exempt_before_readmission`);
`Miễn, tạm miễn` and `Đi làm ăn xa` list such a member in red, the note saying the two dates
contradict. The test was written out five times (three in the work lists, two in validation);
it is now `core.dates.exempt_before`, over columns in validation (`members._exempt_before`) and
for one member in the lists (`exemptions.early_exemption`). Here, over generated wards with many
such members (both kinds of exemption, none, dates a day apart or equal, readmissions in the same
file or another), every member validation warns of is red on both lists with that note, and no
other row is; the `lists` and `validate` commands on real workbooks.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from click.testing import CliRunner
from helpers_worklists import CUTOFF, HEADER_ROW, RED, REGISTRY, _member, submission

from toolkit.cli import main
from toolkit.core.dates import exempt_before
from toolkit.validation.members import _exempt_before

CODES = ("member.exempt_before_admission", "member.exempt_before_readmission")
SAID = "hai ngày trái nhau, hãy kiểm tra"  # the contradiction note's end (`exemptions.contradiction`)
GIVEN = ("An", "Bình", "Cúc", "Dũng", "Hà", "Hải", "Khánh", "Lan", "Long", "Mai", "Nam", "Oanh", "Phúc")
# Days from the admission (or readmission) to the exemption's start: before, the same day, after.
OFFSETS = (-3000, -400, -30, -1, 0, 1, 200, 2000)
REASONS = ("old_age_ill_health", "working_away", "long_treatment", None)


def _ward(folder: Path, seed: int) -> None:
    """Three files of members exempted (or not) around their admission; some readmitted in the
    period, the `Kết nạp lại` row in their own file or in the next one."""
    rng = random.Random(seed)
    names = iter(sorted({f"Nguyễn {a} {b} {c}" for a in ("Văn", "Hữu") for b in GIVEN for c in GIVEN}))
    elsewhere: list[dict[str, Any]] = []
    for org in REGISTRY.organisations:
        members: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = list(elsewhere)
        elsewhere.clear()
        for i in range(16):
            name = next(names)
            birth = dt.date(rng.randint(1945, 1990), rng.randint(1, 12), rng.randint(1, 28))
            readmitted = rng.random() < 0.3
            # A readmitted member's roll keeps the first admission, official long before it.
            latest = dt.date(2023, 12, 31) if readmitted else dt.date(2025, 3, 1)
            admitted = min(dt.date(birth.year + 20, 1, 1) + dt.timedelta(days=rng.randint(0, 9000)), latest)
            again = dt.date(2025, rng.randint(1, 12), rng.randint(1, 28))
            more: dict[str, Any] = {}
            if rng.random() < 0.8:
                base = again if readmitted and rng.random() < 0.7 else admitted
                start = base + dt.timedelta(days=rng.choice(OFFSETS))
                more = {"exempt_from": min(start, CUTOFF), "exempt_reason": rng.choice(REASONS)}
            if rng.random() < 0.5:
                more["working_away"] = "yes"
            official = admitted + dt.timedelta(days=366)
            row = _member(name, birth.strftime("%d/%m/%Y"), "male", admitted.strftime("%d/%m/%Y"), **more)
            members.append({**row, "official_date": official})
            if readmitted:
                event = {
                    "full_name": name,
                    "birth_date": birth,
                    "event_type": "readmitted",
                    "event_date": again,
                    "decision_no": f"{i}-QĐ/ĐU",
                }
                (events if rng.random() < 0.5 else elsewhere).append(event)
        submission(folder, org, members, events=events)


def _row(cell: str) -> int:
    return int(re.sub(r"\D", "", cell))


def _warned(folder: Path, tmp: Path) -> tuple[set[str], dict[tuple[str, int], str], int]:
    """The files the lists use (no error) and, in them, the members validation warns of:
    (organisation, roll row) → the code; and how many of them were readmitted in another file."""
    out = tmp / "kiem_tra.json"
    CliRunner().invoke(main, ["validate", str(folder), "--cutoff", "31/03/2026", "--json", str(out)])
    found = json.loads(out.read_text(encoding="utf-8"))
    used = {f["org_code"] for f in found["files"] if f["status"] != "errors"}
    warned = {
        (i["org_code"], _row(i["cell"])): i["code"]
        for i in found["issues"]
        if i["code"] in CODES and i["org_code"] in used
    }
    other = sum(
        1
        for i in found["issues"]
        if i["code"] == CODES[1] and i["org_code"] in used and f"{i['org_code']}.xlsx" not in i["message"]
    )
    return used, warned, other


def _listed(out: Path, sheet: str) -> dict[tuple[str, int], tuple[bool, str]]:
    """A list's rows: (organisation, roll row, from `Ô nguồn`) → (red, note)."""
    ws = openpyxl.load_workbook(out)[sheet]
    head = [c.value for c in ws[HEADER_ROW]]
    org, note, source = head.index("Mã tổ chức"), head.index("Ghi chú"), head.index("Ô nguồn")
    return {
        (r[org].value, _row(r[source].value)): (
            r[3].font.color is not None and r[3].font.color.rgb == RED,
            r[note].value or "",
        )
        for r in ws.iter_rows(min_row=HEADER_ROW + 1)
        if isinstance(r[0].value, int)
    }


def test_every_member_validation_warns_of_is_red_on_both_lists_and_no_other(tmp_path: Path) -> None:
    seen: dict[str, int] = dict.fromkeys(CODES, 0)
    away_red = other = 0
    for seed in (1, 2):
        folder = tmp_path / f"phuong{seed}" / "nop"
        _ward(folder, seed)
        used, warned, elsewhere = _warned(folder, tmp_path / f"phuong{seed}")
        assert len(used) >= 2, used  # most files usable by the lists
        out = tmp_path / f"phuong{seed}" / "ds.xlsx"
        result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
        assert result.exit_code in (0, 1), result.output
        exempt, away = _listed(out, "Miễn, tạm miễn"), _listed(out, "Đi làm ăn xa")
        for sheet, rows in (("Miễn, tạm miễn", exempt), ("Đi làm ăn xa", away)):
            red = {key for key, (is_red, note) in rows.items() if is_red and SAID in note}
            assert all(is_red == (SAID in note) for is_red, note in rows.values()), (sheet, rows)
            expected = set(warned) if sheet == "Miễn, tạm miễn" else set(warned) & set(rows)
            assert red == expected, (seed, sheet, sorted(red - expected), sorted(expected - red))
        for code in warned.values():
            seen[code] += 1
        away_red += len(set(warned) & set(away))
        other += elsewhere
    # The wards hold several such members of both codes, some working away.
    assert all(n >= 3 for n in seen.values()), seen
    assert away_red >= 3, away_red
    assert other >= 1, other  # a readmission in another file


def test_validations_test_over_columns_is_the_work_lists_test() -> None:
    """`members._exempt_before` (validation, a column at a time) says what `core.dates.exempt_before`
    (the work lists, one member) says of every pair: a day apart either way, the same day, missing."""
    rng = random.Random(381)
    day = dt.date(2020, 1, 1)
    dates: list[dt.date | None] = [None, day, day - dt.timedelta(days=1), day + dt.timedelta(days=1)]
    dates += [day + dt.timedelta(days=rng.randint(-5000, 5000)) for _ in range(60)]
    pairs = [(a, b) for a in dates for b in dates]
    column = _exempt_before(
        pd.to_datetime(pd.Series([a for a, _ in pairs])), pd.to_datetime(pd.Series([b for _, b in pairs]))
    )
    assert column.tolist() == [exempt_before(a, b) for a, b in pairs]
