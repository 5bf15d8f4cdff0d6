"""Advice followed literally, on real workbooks (hunt255).

A move inside the ward: CB07 records `Chuyển đi`, `Trong Đảng bộ phường`; CB08 has the member
on its roll and the matching `Chuyển đến` row, but its `Biến động` sheet was renamed, so that
sheet is not read (`file.renamed_sheet`, an error of CB08's own). CB07's row was told
`event.internal_transfer_on_other_roll`: "ask the organisation of that file to add the
`Chuyển đến` row". CB08 has that row: following the advice types it a second time. The row is
`event.internal_transfer_unmatched` instead, whose note names CB08 as not read; renaming the
sheet back, as `file.renamed_sheet` says, leaves no warning about the move.

The same move, CB08 having sent two differing files (`org.duplicate_file`: keep one, move the
others out). CB07's row paired with one copy's; the other copy's `Chuyển đến` row was told
`event.internal_transfer_on_other_roll`, naming CB08's other file as another organisation to ask
for a `Chuyển đi` row and to take the member off its roll. A file of an organisation that sent
several is not told; keeping one file, as advised, leaves nothing to say.

A ward name typed incomplete, "Phường" (`ward.name_only_kind`) or "Thử" (`ward.name_without_kind`):
the run is recorded in the history under it. Completed as those warnings say, the next run was
told `history.other_ward_name`, whose first advice, "use the name already used", brought the
first warning back. It is `history.incomplete_ward_name`, which gives the rename command; that
command, run as printed, leaves no warning about the ward's name.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from pathlib import Path

import openpyxl
import pytest
from helpers_history import consolidated_into, run_cli
from helpers_sample import written_folder
from helpers_validate import clean_events, clean_info, clean_members, member, run, write

from toolkit.core import layout
from toolkit.sample.rows import Period

MOVED = {"full_name": "Đỗ Văn Giang", "birth_date": dt.date(1985, 6, 6)}
MOVED_ON = dt.date(2025, 9, 1)
TRANSFERS = ("event.internal_transfer_on_other_roll", "event.internal_transfer_unmatched")


def ward(tmp_path: Path) -> tuple[Path, Path]:
    out = {**MOVED, "row_no": 3, "event_type": "transfer_out", "event_date": MOVED_ON}
    cb07 = write(tmp_path, events=[*clean_events(), {**out, "transfer_scope": "internal"}])
    arrived = member(
        **MOVED,
        row_no=6,
        card_no="01234599",
        admission_date=dt.date(2010, 1, 5),
        official_date=dt.date(2011, 1, 5),
    )
    into = {**MOVED, "row_no": 3, "event_type": "transfer_in", "event_date": MOVED_ON}
    cb08 = write(
        tmp_path,
        "CB08_chi_bo_to_dan_pho_so_8.xlsx",
        info=clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8"),
        members=[
            {**m, "full_name": m["full_name"] + " Bình", "card_no": f"0999000{i}"}
            for i, m in enumerate(clean_members())
        ]
        + [arrived],
        events=[{**e, "full_name": e["full_name"] + " Bình"} for e in clean_events()]
        + [{**into, "transfer_scope": "internal"}],
    )
    return cb07, cb08


def rename(path: Path, old: str, new: str) -> None:
    wb = openpyxl.load_workbook(path)
    wb[old].title = new
    wb.save(path)


def test_a_roll_whose_changes_were_not_read_is_not_asked_to_add_a_row(tmp_path: Path) -> None:
    cb07, cb08 = ward(tmp_path)
    assert not [i for i in run(cb07, cb08).issues if i.code in TRANSFERS]  # the pair matches
    rename(cb08, layout.SHEET_EVENTS, "Bien dong")
    issues = run(cb07, cb08).issues
    assert [i.code for i in issues if i.code == "file.renamed_sheet"] == ["file.renamed_sheet"]
    told = [i for i in issues if i.code in TRANSFERS]
    assert [(i.code, i.file) for i in told] == [("event.internal_transfer_unmatched", cb07.name)]
    assert told[0].message.endswith("Lưu ý: 1 tệp không đọc được; dòng tương ứng có thể nằm ở đó."), told[
        0
    ].message
    assert "thêm ở sheet" not in told[0].message
    # The advice of `file.renamed_sheet`, followed: the sheet named back, nothing left to say.
    rename(cb08, "Bien dong", layout.SHEET_EVENTS)
    assert not [i for i in run(cb07, cb08).issues if i.code in TRANSFERS or i.code.startswith("file.")]


def test_the_copies_of_one_organisation_are_not_two_organisations_of_a_move(tmp_path: Path) -> None:
    cb07, cb08 = ward(tmp_path)
    copy = tmp_path / "CB08_ban_sua.xlsx"
    wb = openpyxl.load_workbook(cb08)
    wb[layout.SHEET_INFO]["B7"] = "0912000000"
    wb.save(copy)
    issues = run(cb07, cb08, copy).issues
    assert sorted(i.file or "" for i in issues if i.code == "org.duplicate_file") == [copy.name, cb08.name]
    assert [(i.code, i.file) for i in issues if i.code in TRANSFERS] == []
    # The advice of `org.duplicate_file`, followed: one file kept, the other moved out.
    copy.rename(tmp_path.parent / f"{tmp_path.name}_{copy.name}")
    assert [i.code for i in run(cb07, cb08).issues if i.code in TRANSFERS or i.code.startswith("org.")] == []


@pytest.mark.parametrize(
    ("typed", "warned"), [("Phường", "ward.name_only_kind"), ("Thử", "ward.name_without_kind")]
)
def test_a_ward_name_completed_as_advised_is_renamed_in_the_history(
    tmp_path: Path, typed: str, warned: str
) -> None:
    period = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
    folder = tmp_path / "nop"
    written_folder(folder, 255, [12, 10], period, prefix="HD")
    history = tmp_path / "lich_su_tong_hop.sqlite"

    def said(ward: str) -> list[dict[str, str]]:
        summary = consolidated_into(folder, period.cutoff, history, tmp_path / "tong_hop.xlsx", ward=ward)
        return [i for i in summary["issues"] if i["code"].startswith(("ward.", "history."))]

    assert [i["code"] for i in said(typed)] == [warned]
    told = said("Phường Thử")
    assert [i["code"] for i in told] == ["history.incomplete_ward_name"]
    message = told[0]["message"]
    assert "dùng đúng tên đã dùng" not in message
    assert f"đừng ghi lại tên “{typed}” ở ô “Tên phường”" in message
    command = re.search(r"chạy lệnh “(.*?)”\)", message)
    assert command is not None, message
    words = shlex.split(command.group(1))
    assert words[1:4] == ["history", "rename-ward", typed]
    assert run_cli(*words[1:]).exit_code == 0
    assert said("Phường Thử") == []


def test_a_copy_whose_code_was_not_read_is_not_another_organisation(tmp_path: Path) -> None:
    """review257 L1: CB07 sent no `Chuyển đi`; beside CB08's file, a copy of it whose `Thông
    tin` sheet is renamed (no code read: `file.missing_sheet`). Each CB08 file's `Chuyển đến`
    row was told the other CB08 file is another organisation that must take the member off its
    roll. A file is of the organisation its code or, unread, its name names (as attributed)."""
    _, cb08 = ward(tmp_path)
    cb07 = write(tmp_path)  # written again: no `Chuyển đi`
    alone = [(i.code, i.file) for i in run(cb07, cb08).issues if i.code in TRANSFERS]
    assert alone == [("event.internal_transfer_unmatched", cb08.name)]
    copy = tmp_path / "CB08_chi_bo_to_dan_pho_so_8_cu.xlsx"
    copy.write_bytes(cb08.read_bytes())
    rename(copy, layout.SHEET_INFO, "Cũ")
    issues = run(cb07, cb08, copy).issues
    assert "file.missing_sheet" in [i.code for i in issues if i.file == copy.name]
    told = [(i.code, i.file) for i in issues if i.code in TRANSFERS]
    assert told == [
        ("event.internal_transfer_unmatched", cb08.name),
        ("event.internal_transfer_unmatched", copy.name),
    ]
    # A file whose name names no organisation may be CB08's too: nothing said of its roll.
    nameless = copy.rename(tmp_path / "ban_sao.xlsx")
    told = [(i.code, i.file) for i in run(cb07, cb08, nameless).issues if i.code in TRANSFERS]
    assert ("event.internal_transfer_on_other_roll", cb08.name) not in told


def test_a_roll_whose_code_was_not_read_is_still_the_organisation_its_name_names(tmp_path: Path) -> None:
    """The same move, CB07 not recording it and its `Thông tin` renamed: CB07's file (by its
    name) still has the member on its roll, and CB08's `Chuyển đến` row still says so."""
    _, cb08 = ward(tmp_path)
    cb07 = write(tmp_path, members=[*clean_members(), member(**MOVED, row_no=6, card_no="01234599")])
    rename(cb07, layout.SHEET_INFO, "Cũ")
    told = [i for i in run(cb07, cb08).issues if i.code in TRANSFERS]
    assert [(i.code, i.file) for i in told] == [("event.internal_transfer_on_other_roll", cb08.name)]
    assert cb07.name in told[0].message, told[0].message
