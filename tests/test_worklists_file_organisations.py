"""The work lists' red rows for what ANOTHER organisation's file records (a move out of the ward,
an arrival inside it, a name typed again without accents) judge another organisation as
validation does (`text.file_org_key`): a file's `Thông tin` code, else the code its name names; a
file of neither is never another organisation.

Before, a file whose `Thông tin` code was not read was another organisation by its path: beside
CB01's file, an old copy of it whose `Thông tin` sheet was renamed (`CB01_cu.xlsx`, or saved as
`ban_sao.xlsx`) recording a member's move away, arrival from another chi bộ, or name without
accents turned that member of CB01's own roll red, as moved away or arrived at another chi bộ.
The same rows in CB02's file still do. Real files, the `lists` command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_worklists import REGISTRY, _member, d, submission

from toolkit.cli import main
from toolkit.core import layout

HEADER_ROW = 5
RED = "FF9C0006"
CB02, CB01, _ = REGISTRY.organisations
KHOI = _member("Đinh Văn Khôi", "06/06/1966", "male", "02/09/1986", "02/09/1987")
OTHERS = [
    _member(f"Trịnh Văn Một {c}", "01/01/1970", "male", "01/01/2000", "01/01/2001") for c in ("An", "Bình")
]
# CB02's own members (CB01's in its file are `member.duplicate_other_file`: CB01 left out).
THEIRS = [
    _member(f"Lý Văn Hai {c}", "02/02/1972", "male", "01/01/2000", "01/01/2001") for c in ("An", "Bình")
]
MOVE = {"full_name": "Đinh Văn Khôi", "birth_date": d("06/06/1966"), "event_date": d("01/03/2026")}
# What the other file records of Khôi, who stays on CB01's roll.
RECORDS: dict[str, dict[str, Any]] = {
    "moved_away": {"events": [{**MOVE, "event_type": "transfer_out", "transfer_scope": "other_province"}]},
    "arrived": {"events": [{**MOVE, "event_type": "transfer_in", "transfer_scope": "internal"}]},
    "no_accents": {"members": [_member("Dinh Van Khoi", "06/06/1966", "male", "02/09/1986", "02/09/1987")]},
}


def _badges(folder: Path, out: Path) -> dict[str, tuple[Any, bool]]:
    """Name → (note, whether the row is red) of the badge list."""
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    assert out.exists(), result.output
    ws = openpyxl.load_workbook(out)["Huy hiệu Đảng"]
    found: dict[str, tuple[Any, bool]] = {}
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        if row[0].value is not None:
            name = row[3]
            found[str(name.value)] = (
                row[-2].value,
                name.font.color is not None and name.font.color.rgb == RED,
            )
    return found


def _other_file(tmp_path: Path, folder: Path, org: Any, record: str, name: str | None) -> Path:
    """`org`'s file recording `record` of Khôi, moved into `folder` as `name` with its `Thông
    tin` sheet renamed (no code read) when `name` is given."""
    made = submission(
        tmp_path / "made",
        org,
        [*(OTHERS if org is CB01 else THEIRS), *RECORDS[record].get("members", [])],
        **{k: v for k, v in RECORDS[record].items() if k == "events"},
    )
    target = folder / (name or made.name)
    made.rename(target)
    if name is not None:
        wb = openpyxl.load_workbook(target)
        wb[layout.SHEET_INFO].title = "Cũ"
        wb.save(target)
    return target


@pytest.mark.parametrize("record", list(RECORDS))
@pytest.mark.parametrize("name", ["CB01_cu.xlsx", "ban_sao.xlsx"])
def test_a_copy_of_the_members_own_file_does_not_turn_him_red(tmp_path: Path, record: str, name: str) -> None:
    folder = tmp_path / "nop"
    submission(folder, CB01, [*OTHERS, KHOI])
    _other_file(tmp_path, folder, CB01, record, name)
    assert _badges(folder, tmp_path / "ds.xlsx")["Đinh Văn Khôi"] == (None, False)


@pytest.mark.parametrize("record", list(RECORDS))
def test_another_organisations_file_turns_him_red(tmp_path: Path, record: str) -> None:
    """The control: CB02's file (its `Thông tin` read, or not: by its name) records it."""
    folder = tmp_path / "nop"
    submission(folder, CB01, [*OTHERS, KHOI])
    _other_file(tmp_path, folder, CB02, record, "CB02_cu.xlsx")
    note, red = _badges(folder, tmp_path / "ds.xlsx")["Đinh Văn Khôi"]
    assert red and "CB02_cu.xlsx" in note, note
