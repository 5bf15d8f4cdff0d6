"""Every check across files judges "another organisation" by what a file tells
(`text.file_org_key`, `duplicates.file_organisations`): its `Thông tin` code, else the code its
file name names (as the attribution reads it); a file of neither is never another organisation
(review257 L1, already so for `event.internal_transfer_on_other_roll`,
`event.left_in_other_file` and `event.moved_out_in_other_file`).

Before, the members, the accent pairs and the changes happening once were compared by the
`Thông tin` code alone, each code-less file its own organisation: an old copy of CB08's file whose
`Thông tin` sheet was renamed (`file.missing_sheet`), or that copy saved as `ban_sao.xlsx`,
was another organisation holding every member of CB08's real file. Both files had
`member.duplicate_other_file` and `member.duplicate_card` at every row ("hãy thống nhất với tổ
chức kia": errors keeping CB08's real file out of the figures), `event.duplicate_other_file` at
each admission or death, and `member.name_without_accents` naming the copy. A move inside the
ward whose other side paired with one of CB08's two files was told at the other one that no
file has its other side. CB07's file (by its code, or by its name when its `Thông tin` was not
read) holding the same rows is still told. Real workbooks of the template.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers_validate import clean_events, clean_info, clean_members, member, run, write

from toolkit.core import layout
from toolkit.core.model import Organisation, Registry

CB08 = clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8")
CB08_FILE = "CB08_chi_bo_to_dan_pho_so_8.xlsx"
# An old copy of CB08's file by its name, and one whose name names no organisation.
COPIES = ["CB08_chi_bo_to_dan_pho_so_8_cu.xlsx", "ban_sao.xlsx"]
ACROSS = (
    "member.duplicate_other_file",
    "member.duplicate_card",
    "member.name_without_accents",
    "event.duplicate_other_file",
)
TRANSFERS = ("event.internal_transfer_on_other_roll", "event.internal_transfer_unmatched")


def _info_renamed(path: Path) -> Path:
    """The file as a secretary left it with its `Thông tin` sheet renamed: no code read."""
    wb = openpyxl.load_workbook(path)
    wb[layout.SHEET_INFO].title = "Cũ"
    wb.save(path)
    return path


def _cb08(folder: Path, **kw: Any) -> Path:
    return write(folder, CB08_FILE, info=CB08, **kw)


def _told(issues: list[Any], codes: tuple[str, ...]) -> list[tuple[str, str | None, str | None]]:
    return sorted((i.code, i.file, i.cell) for i in issues if i.code in codes)


@pytest.mark.parametrize("name", COPIES)
def test_a_copy_of_the_same_file_is_no_other_organisation(tmp_path: Path, name: str) -> None:
    real = _cb08(tmp_path)
    copy = tmp_path / name
    copy.write_bytes(real.read_bytes())
    _info_renamed(copy)
    issues = run(real, copy).issues
    assert "file.missing_sheet" in [i.code for i in issues if i.file == copy.name]
    assert _told(issues, ACROSS) == []


def test_another_organisation_by_its_name_is_still_told(tmp_path: Path) -> None:
    """The control: CB07's file of the same rows, its `Thông tin` renamed, is CB07's by name."""
    real = _cb08(tmp_path)
    cb07 = _info_renamed(write(tmp_path, "CB07_chi_bo_to_dan_pho_so_7.xlsx"))
    told = _told(run(real, cb07).issues, ACROSS)
    for file in (real.name, cb07.name):
        said = [c for c, f, _ in told if f == file]
        assert said.count("member.duplicate_other_file") == len(clean_members())
        assert said.count("event.duplicate_other_file") >= 1


@pytest.mark.parametrize("name", COPIES)
def test_a_name_typed_without_accents_in_a_copy_is_no_other_organisations_member(
    tmp_path: Path, name: str
) -> None:
    hoa = {"full_name": "Đinh Thị Hoa", "birth_date": dt.date(1970, 1, 1), "card_no": "07654321"}
    real = _cb08(tmp_path, members=[member(**hoa)], events=[])
    bare = member(**{**hoa, "full_name": "Dinh Thi Hoa", "card_no": "07654322"})
    copy = _info_renamed(write(tmp_path, name, info=CB08, members=[bare], events=[]))
    assert _told(run(real, copy).issues, ACROSS) == []
    # The control: the same row in CB07's file is told (once, naming the other file's row).
    cb07 = write(tmp_path, "CB07_chi_bo_to_dan_pho_so_7.xlsx", members=[bare], events=[])
    told = [i for i in run(real, cb07).issues if i.code in ACROSS]
    assert [i.code for i in told] == ["member.name_without_accents"]
    assert ({real.name, cb07.name} - {told[0].file}).pop() in told[0].message


MOVED = {"full_name": "Đỗ Văn Giang", "birth_date": dt.date(1985, 6, 6)}
MOVED_ON = dt.date(2025, 9, 1)


def _move(tmp_path: Path) -> tuple[Path, Path]:
    """CB07 records Giang's move to CB08 inside the ward; CB08's roll and `Chuyển đến` have him."""
    out = {**MOVED, "row_no": 3, "event_type": "transfer_out", "event_date": MOVED_ON}
    cb07 = write(tmp_path, events=[*clean_events(), {**out, "transfer_scope": "internal"}])
    arrived = member(**MOVED, row_no=3, card_no="01234599", admission_date=dt.date(2010, 1, 5))
    into = {**MOVED, "row_no": 1, "event_type": "transfer_in", "event_date": MOVED_ON}
    cb08 = _cb08(
        tmp_path,
        members=[member(full_name="Lý Văn Hải", card_no="01234590"), arrived],
        events=[{**into, "transfer_scope": "internal"}],
    )
    return cb07, cb08


@pytest.mark.parametrize("name", ["CB08.xlsx", "CB08_chi_bo_to_dan_pho_so_8_cu.xlsx"])
def test_a_move_paired_with_one_of_an_organisations_files_is_not_told_at_the_other(
    tmp_path: Path, name: str
) -> None:
    """`CB08.xlsx` comes before CB08's real file in the run's order (its row took CB07's other
    side: the real file's row was told), `…_cu.xlsx` after it (the copy's row was told)."""
    cb07, cb08 = _move(tmp_path)
    assert _told(run(cb07, cb08).issues, TRANSFERS) == []
    copy = tmp_path / name
    copy.write_bytes(cb08.read_bytes())
    _info_renamed(copy)
    issues = run(tmp_path).issues
    assert "file.missing_sheet" in [i.code for i in issues if i.file == copy.name]
    assert _told(issues, TRANSFERS) == []


def test_a_move_without_its_other_side_is_still_told_beside_a_copy(tmp_path: Path) -> None:
    """The control: CB07 recorded no `Chuyển đi`: neither CB08 file's row has another side."""
    _, cb08 = _move(tmp_path)
    cb07 = write(tmp_path)  # written again: no move
    copy = tmp_path / "CB08_chi_bo_to_dan_pho_so_8_cu.xlsx"
    copy.write_bytes(cb08.read_bytes())
    _info_renamed(copy)
    told = _told(run(cb07, cb08, copy).issues, TRANSFERS)
    assert [(c, f) for c, f, _ in told] == [
        ("event.internal_transfer_unmatched", cb08.name),
        ("event.internal_transfer_unmatched", copy.name),
    ]


@pytest.mark.parametrize("name", ["ban_sao.xlsx", "0_ban_sao.xlsx"])
def test_a_move_paired_with_a_file_of_no_known_organisation_is_not_told_at_the_real_file(
    tmp_path: Path, name: str
) -> None:
    """A copy of CB08's file whose `Thông tin` was renamed, saved under a name naming no
    organisation, comes before CB08's real file in the run's order: its `Chuyển đến` took
    CB07's other side, and CB08's real file (the one consolidated, where the move pairs) was
    told no file of the ward has its `Chuyển đi` (review272). A file of no known organisation
    may be CB08's own: the sides are paired again without it."""
    cb07, cb08 = _move(tmp_path)
    copy = tmp_path / name
    copy.write_bytes(cb08.read_bytes())
    _info_renamed(copy)
    issues = run(tmp_path).issues
    assert "file.missing_sheet" in [i.code for i in issues if i.file == copy.name]
    assert [f for _, f, _ in _told(issues, TRANSFERS) if f != copy.name] == []


def test_a_move_without_its_other_side_is_still_told_beside_a_file_of_no_organisation(tmp_path: Path) -> None:
    """The control: CB07 recorded no `Chuyển đi`: CB08's real file is told, the copy too."""
    _, cb08 = _move(tmp_path)
    write(tmp_path)  # CB07's file written again: no move
    copy = tmp_path / "ban_sao.xlsx"
    copy.write_bytes(cb08.read_bytes())
    _info_renamed(copy)
    told = _told(run(tmp_path).issues, TRANSFERS)
    assert [(c, f) for c, f, _ in told] == sorted(
        [("event.internal_transfer_unmatched", copy.name), ("event.internal_transfer_unmatched", cb08.name)]
    )


# review270 F3: with a registry, a `Thông tin` code that is no registry code does not name the
# file's organisation; the code its name names does, as the attribution reads it.
REGISTRY = Registry(
    [
        Organisation("CB07", "Chi bộ Tổ dân phố số 7", "chi_bo_truc_thuoc", "to_dan_pho"),
        Organisation("CB08", "Chi bộ Tổ dân phố số 8", "chi_bo_truc_thuoc", "to_dan_pho"),
    ]
)
LEFT = (*ACROSS, "event.left_in_other_file")


def _copy_typed(folder: Path, code: str) -> Path:
    """CB08's old copy by its name, its `Thông tin` code typed `code`, the same members, and the
    death of one of them (`Trần Thị Hường`, on CB08's real roll)."""
    died = {
        "row_no": 3,
        "full_name": "Trần Thị Hường",
        "birth_date": dt.date(1982, 11, 3),
        "event_type": "died",
        "event_date": dt.date(2025, 9, 1),
    }
    info = clean_info(org_code=code, org_name="Chi bộ Tổ dân phố số 8")
    return write(folder, COPIES[0], info=info, events=[*clean_events(), died])


def test_a_code_no_registry_has_leaves_the_file_its_names_organisation(tmp_path: Path) -> None:
    real = _cb08(tmp_path)
    copy = _copy_typed(tmp_path, "CB8X")
    issues = run(real, copy, registry=REGISTRY).issues
    assert "org.unknown" in [i.code for i in issues if i.file == copy.name]  # the code is told
    assert _told(issues, LEFT) == []


def test_a_typed_registry_code_of_another_organisation_still_wins(tmp_path: Path) -> None:
    """The control: the copy states CB07, a registry code: CB07's file, told beside CB08's."""
    real = _cb08(tmp_path)
    copy = _copy_typed(tmp_path, "CB07")
    told = _told(run(real, copy, registry=REGISTRY).issues, LEFT)
    assert ("event.left_in_other_file", real.name, "B3") in told, told
    assert [c for c, f, _ in told if f == real.name].count("member.duplicate_other_file") == len(
        clean_members()
    )
