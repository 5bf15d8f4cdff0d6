"""`event.name_without_accents` between two changes of a file is said at the row lacking
accents, whichever row comes first (helper 275), as `member.name_without_accents` is (helper
269, `accent_pairs.said_first`): a file typing "Đinh Thị Hoa" at an earlier row of `Biến động`
and "Dinh Thi Hoa" at a later one was warned at the later row, but one typing them the other
way round was warned at the accented "Đinh Thị Hoa", naming the row that lacks the accents.
When neither name is the other with accents left out (Hoa and Hòa), the later row, as before.
On real files of the sample ward (`ward-stats demo`), two of them edited with openpyxl."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from helpers_forms_mess import _add_event, _file, _last
from helpers_validate import run

pytestmark = pytest.mark.slow  # the shared sample ward (72 files, `ward-stats demo`)

CODE = "event.name_without_accents"
BORN = dt.datetime(1971, 2, 3)
# Two changes of one person a month apart (not one change typed twice:
# `event.duplicate_accents` says those).
IN, DIED = ("Chuyển đến", dt.datetime(2026, 1, 12)), ("Từ trần", dt.datetime(2026, 2, 20))


def _typed(folder: Path, code: str, first: str, second: str) -> tuple[Path, int]:
    """The sample file of `code` with two changes added at the end of `Biến động`: `first`
    moving in, then `second` dying; the row number of the first."""
    path = _file(folder, code)
    wb = openpyxl.load_workbook(path)
    ws = wb["Biến động"]
    row = _last(ws) + 1
    _add_event(ws, first, BORN, IN[0], IN[1], **{"Phạm vi chuyển": "Xã, phường khác trong tỉnh"})
    _add_event(ws, second, BORN, DIED[0], DIED[1])
    wb.save(path)
    return path, row


def test_between_two_changes_the_row_lacking_accents_is_said_whichever_comes_first(
    sample_ward: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "nop"
    shutil.copytree(sample_ward / "nop", folder)
    later, at = _typed(folder, "HD04", "Đinh Thị Hoa", "Dinh Thi Hoa")
    earlier, at_too = _typed(folder, "HD10", "Dinh Thi Hoa", "Đinh Thị Hoa")
    twins, at_twins = _typed(folder, "HD11", "Lê Thị Hoa", "Lê Thị Hòa")
    said = sorted((i.file, i.cell, i.message) for i in run(later, earlier, twins).issues if i.code == CODE)
    assert [(file, cell) for file, cell, _ in said] == [
        (later.name, f"B{at + 1}"),  # the later row lacks the accents: as before
        (earlier.name, f"B{at_too}"),  # the earlier row lacks them: it, not the later
        (twins.name, f"B{at_twins + 1}"),  # neither lacks the other's: the later row
    ], said
    assert (
        f"“Dinh Thi Hoa”, sinh 03/02/1971, và “Đinh Thị Hoa” ở sheet “Biến động” dòng {at_too + 1}"
        in said[1][2]
    )
    assert f"“Dinh Thi Hoa”, sinh 03/02/1971, và “Đinh Thị Hoa” ở sheet “Biến động” dòng {at}" in said[0][2]
