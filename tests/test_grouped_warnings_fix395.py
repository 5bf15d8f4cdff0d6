"""fix395: a warning repeated down a column by the way a secretary types is one `Kiểm tra` row.

The automatic corrections (`norm.*`) are one warning per file, sheet, column and code (issue
19); two warnings of the same kind, mechanical facts about typing, were still one a cell:

1. `cell.part_struck` (words struck through inside a cell, fix390): a secretary who corrects
   the names of a roster by striking the old spelling gave the clerk a row per name.
2. `member.not_integer` / `event.not_integer` (an `STT` that is no number, which nothing
   counts): "1)", "2)"… typed down a list gave a row per member.

Both now go through the corrections' grouping (`columns.column_issue`): one warning at the
first cell, naming how many cells, their ranges and the first as the example (for a struck
cell: the words struck and the value read). Nothing is lost: every cell is in the ranges.

Real generated workbooks (`test_part_struck_fix390.rich`), the CLI (`consolidate`, `--json`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from helpers_worklists import REGISTRY, _member, submission
from test_part_struck_fix390 import rich

from toolkit.cli import main
from toolkit.core import layout
from toolkit.outputs.sheets.issues import ISSUE_COLUMNS

HEADERS = [header for header, _ in ISSUE_COLUMNS]
FIRST = layout.FIRST_DATA_ROW
GIVEN = ["An", "Bình", "Cường", "Dung", "Em", "Giang", "Hải", "Khánh", "Lan", "Minh"]
FAMILY = ["Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị"]
STRUCK = "Tam"
CODES = ("cell.part_struck", "member.not_integer")


def _letter(key: str) -> str:
    return layout.MEMBERS.letter(key)


def _roster(folder: Path, count: int) -> tuple[Path, list[str]]:
    """`count` members, each numbered "1)", "2)"… (an STT that is no number), and their names."""
    members: list[dict[str, Any]] = []
    for i in range(count):
        born = dt.date(1960, 1, 1) + dt.timedelta(days=97 * i)
        name = f"{FAMILY[i % len(FAMILY)]} {GIVEN[i % len(GIVEN)]} {GIVEN[(i // len(GIVEN)) % len(GIVEN)]}"
        gender = "female" if "Thị" in name else "male"
        members.append(
            _member(name, born.strftime("%d/%m/%Y"), gender, "01/01/2000", "01/01/2001", row_no=f"{i + 1})")
        )
    path = submission(folder, REGISTRY.organisations[1], members)
    return path, [m["full_name"] for m in members]


def _cells(ranges: str) -> set[str]:
    """The cells a list of ranges names ("B2–B20, B23" → B2…B20, B23)."""
    out: set[str] = set()
    for part in ranges.split(", "):
        ends = part.split("\u2013")
        letter = re.sub(r"\d", "", ends[0])
        first, last = int(re.sub(r"\D", "", ends[0])), int(re.sub(r"\D", "", ends[-1]))
        out |= {f"{letter}{r}" for r in range(first, last + 1)}
    return out


def _listed(message: str, header: str) -> tuple[int, set[str], str]:
    """(count, cells, example cell) a grouped message names for column `header`."""
    m = re.match(rf"Cột \u201c{header}\u201d: (\d+) ô [^(]*\(([^)]*)\); ví dụ ô (\w+): ", message)
    assert m, message
    return int(m[1]), _cells(m[2]), m[3]


def test_a_roster_struck_and_numbered_by_hand_is_one_row_a_column_and_code(tmp_path: Path) -> None:
    folder, count = tmp_path / "nop", 40
    path, names = _roster(folder, count)
    # Every name but two (a gap: two ranges) corrected by striking the old spelling.
    struck = {
        f"{_letter('full_name')}{FIRST + i}": [(name + " ", False), (STRUCK, True), (" Tám", False)]
        for i, name in enumerate(names)
        if i not in (19, 20)
    }
    rich(path, struck)
    out, summary = tmp_path / "kq.xlsx", tmp_path / "kq.json"
    done = CliRunner().invoke(
        main,
        ["consolidate", str(folder), "--cutoff", "31/03/2026", "--ward-name", "Phường Mẫu", "--personal-data"]
        + ["-o", str(out), "--json", str(summary), "--no-history"],
    )
    assert done.exit_code in (0, 1), done.output
    ws = openpyxl.load_workbook(out)["Kiểm tra"]
    head = next(
        i for i, row in enumerate(ws.iter_rows(values_only=True), 1) if row[: len(HEADERS)] == tuple(HEADERS)
    )
    rows = [
        dict(zip(HEADERS, row, strict=False))
        for row in ws.iter_rows(min_row=head + 1, values_only=True)
        if row[HEADERS.index("Mã lỗi")] in CODES
    ]
    keys = Counter((r["Tệp"], r["Sheet"], r["Cột"], r["Mã lỗi"]) for r in rows)
    assert keys == {
        (path.name, layout.SHEET_MEMBERS, "Họ và tên", "cell.part_struck"): 1,
        (path.name, layout.SHEET_MEMBERS, "STT", "member.not_integer"): 1,
    }, keys
    by_code = {r["Mã lỗi"]: r for r in rows}

    part = by_code["cell.part_struck"]
    n, cells, example = _listed(part["Nội dung"], "Họ và tên")
    assert (n, cells) == (len(struck), set(struck)), part["Nội dung"]  # every struck cell, no other
    first = f"{_letter('full_name')}{FIRST}"
    assert example == first == part["Ô"]
    value = f"{names[0]} {STRUCK} Tám"
    assert f"(\u201c{STRUCK}\u201d)" in part["Nội dung"] and f"là \u201c{value}\u201d" in part["Nội dung"]
    assert part["Giá trị"] == value

    stt = by_code["member.not_integer"]
    n, cells, example = _listed(stt["Nội dung"], "STT")
    assert (n, cells) == (count, {f"{_letter('row_no')}{FIRST + i}" for i in range(count)}), stt["Nội dung"]
    assert example == stt["Ô"] and "\u201c1)\u201d không phải số nguyên" in stt["Nội dung"]

    # The JSON keeps the grouped form: the same single issues, the same messages.
    issues = [i for i in json.loads(summary.read_text(encoding="utf-8"))["issues"] if i["code"] in CODES]
    assert sorted((i["code"], i["cell"], i["message"]) for i in issues) == sorted(
        (r["Mã lỗi"], r["Ô"], r["Nội dung"]) for r in rows
    )


def test_a_single_struck_cell_keeps_its_own_words(tmp_path: Path) -> None:
    """One cell of a column: its own warning, as before (`Dòng 3, cột …`)."""
    folder = tmp_path / "nop"
    path, names = _roster(folder, 3)
    ref = f"{_letter('full_name')}{FIRST + 1}"
    rich(path, {ref: [(names[1] + " ", False), (STRUCK, True)]})
    summary = tmp_path / "kq.json"
    CliRunner().invoke(main, ["validate", str(folder), "--cutoff", "31/03/2026", "--json", str(summary)])
    issues = [i for i in json.loads(summary.read_text(encoding="utf-8"))["issues"] if i["code"] in CODES]
    part = [i for i in issues if i["code"] == "cell.part_struck"]
    assert [i["cell"] for i in part] == [ref]
    assert part[0]["message"].startswith(f"Dòng {FIRST + 1}, cột \u201cHọ và tên\u201d (ô {ref}): ")
    assert [i["cell"] for i in issues if i["code"] == "member.not_integer"] == [f"{_letter('row_no')}{FIRST}"]
