"""The work lists mark in red the rows validation warns about as a member who may not be one
(hunt76 #1): a `Ghi chú` saying the member left (`member.note_left`) and a member typed again
without accents (`member.name_without_accents`), through one rule each shared with validation
(`left_party.note_says_left`, `accent_pairs.accent_pairs`). Real files, the `lists` command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from helpers_worklists import REGISTRY, _member, submission

from toolkit.cli import main
from toolkit.worklists.collect import ACCENT_MARK, ACCENT_RULE, NOTE_LEFT_MARK, NOTE_LEFT_RULE

HEADER_ROW = 5
RED = "FF9C0006"


def run_lists(folder: Path, out: Path) -> Any:
    return CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])


def sheet_rows(out: Path, sheet: str) -> tuple[str, dict[str, tuple[Any, bool]]]:
    """The rule line of a list, and name → (note, whether the row is red)."""
    ws = openpyxl.load_workbook(out)[sheet]
    rule = str(ws.cell(4, 1).value)
    found: dict[str, tuple[Any, bool]] = {}
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        if row[0].value is None:
            continue
        name = row[3]
        found[str(name.value)] = (row[-2].value, name.font.color is not None and name.font.color.rgb == RED)
    return rule, found


def test_a_member_whose_own_note_says_he_left_is_red_on_every_list(tmp_path: Path) -> None:
    cb01, cb02 = REGISTRY.organisations[1], REGISTRY.organisations[0]
    folder = tmp_path / "bai_nop"
    submission(
        folder,
        cb01,
        [
            # 30 years of party age on 19/05/2026, dead by his note.
            _member(
                "Hoàng Văn Em",
                "05/05/1970",
                "male",
                "19/05/1996",
                "19/05/1997",
                note="Đã từ trần ngày 10/3/2026",
            ),
            # Probation ends 30/04/2026; moved away by her note.
            _member(
                "Trần Thị Bình", "11/11/1995", "female", "30/04/2025", note="Chuyển sinh hoạt đảng đi 3/2026"
            ),
            # A relative's death is not the member's: not marked.
            _member("Lê Văn Cường", "12/12/1970", "male", "19/05/1996", "19/05/1997", note="Anh trai đã mất"),
        ],
    )
    submission(folder, cb02, [_member("Vũ Thị Giang", "06/06/1950", "female", "20/05/1976", "20/05/1977")])
    out = tmp_path / "danh_sach.xlsx"
    result = run_lists(folder, out)
    assert result.exit_code == 0, result.output
    assert "Huy hiệu Đảng: 3 (1 chữ đỏ)" in result.output
    rule, badges = sheet_rows(out, "Huy hiệu Đảng")
    note, red = badges["Hoàng Văn Em"]
    assert red
    assert note == f"Cột “Ghi chú” của dòng này ghi “Đã từ trần ngày 10/3/2026”: {NOTE_LEFT_MARK}"
    assert badges["Lê Văn Cường"] == (None, False)
    assert badges["Vũ Thị Giang"][1] is False
    assert rule.endswith(NOTE_LEFT_RULE)
    rule, probation = sheet_rows(out, "Dự bị đến hạn")
    note, red = probation["Trần Thị Bình"]
    assert red
    assert note.startswith(
        "Còn 30 ngày; hạn xét chính thức 12/6/2026. "
        "Cột “Ghi chú” của dòng này ghi “Chuyển sinh hoạt đảng đi 3/2026”"
    )
    assert rule.endswith(NOTE_LEFT_RULE)
    # Validation warns about exactly these two rows.
    check = CliRunner().invoke(main, ["validate", str(folder), "--cutoff", "31/03/2026"])
    warned = [line for line in check.output.splitlines() if "member.note_left" in line]
    assert len(warned) == 2, check.output


def test_a_member_typed_again_without_accents_is_red_in_both_rows(tmp_path: Path) -> None:
    cb01, cb02 = REGISTRY.organisations[1], REGISTRY.organisations[0]
    folder = tmp_path / "bai_nop"
    submission(folder, cb01, [_member("Nguyễn Hải Sang", "11/02/1967", "male", "19/05/1996", "19/05/1997")])
    submission(
        folder,
        cb02,
        [
            _member("Vũ Thị Giang", "06/06/1950", "female", "20/05/1976", "20/05/1977"),
            _member("Nguyen Hai Sang", "11/02/1967", "male", "19/05/1996", "19/05/1997"),
            # Another tone is another name, but maybe one person typed twice (hunt78 #5): both
            # rows red with the neutral note quoting the other spelling, as validation warns.
            _member("Nguyễn Thị Thủy", "01/01/1960", "female", "19/05/1996", "19/05/1997"),
            _member("Nguyễn Thị Thụy", "01/01/1960", "female", "19/05/1996", "19/05/1997"),
        ],
    )
    out = tmp_path / "danh_sach.xlsx"
    result = run_lists(folder, out)
    assert result.exit_code == 0, result.output
    rule, badges = sheet_rows(out, "Huy hiệu Đảng")
    note, red = badges["Nguyen Hai Sang"]
    assert red
    other = "Tệp CB01.xlsx (dòng 2, sheet “Đảng viên”) ghi “Nguyễn Hải Sang”"
    assert note == f"{other}, cùng ngày sinh, họ tên {ACCENT_MARK}"
    note, red = badges["Nguyễn Hải Sang"]
    assert red
    assert note.startswith("Tệp CB02.xlsx (dòng 3, sheet “Đảng viên”) ghi “Nguyen Hai Sang”")
    assert badges["Nguyễn Thị Thủy"] == (
        f"Dòng 5 (sheet “Đảng viên”) ghi “Nguyễn Thị Thụy”, cùng ngày sinh, họ tên {ACCENT_MARK}",
        True,
    )
    assert badges["Nguyễn Thị Thụy"] == (
        f"Dòng 4 (sheet “Đảng viên”) ghi “Nguyễn Thị Thủy”, cùng ngày sinh, họ tên {ACCENT_MARK}",
        True,
    )
    assert badges["Vũ Thị Giang"][1] is False
    assert rule.endswith(ACCENT_RULE)
    check = CliRunner().invoke(main, ["validate", str(folder), "--cutoff", "31/03/2026"])
    warned = [line for line in check.output.splitlines() if "member.name_without_accents" in line]
    # The Sang pair, at the later file's row naming CB01.xlsx; the Thủy pair, at row 5.
    assert len(warned) == 2 and "CB01.xlsx" in warned[0] and "Đảng viên!B5" in warned[1], check.output


def test_a_member_typed_twice_in_one_file_names_the_other_row(tmp_path: Path) -> None:
    cb01 = REGISTRY.organisations[1]
    folder = tmp_path / "bai_nop"
    submission(
        folder,
        cb01,
        [
            _member("Nguyễn Hải Sang", "11/02/1967", "male", "19/05/1996", "19/05/1997"),
            _member("Nguyen Hai Sang", "11/02/1967", "male", "19/05/1996", "19/05/1997"),
        ],
    )
    out = tmp_path / "danh_sach.xlsx"
    result = run_lists(folder, out)
    assert result.exit_code == 0, result.output
    _, badges = sheet_rows(out, "Huy hiệu Đảng")
    assert badges["Nguyen Hai Sang"] == (
        f"Dòng 2 (sheet “Đảng viên”) ghi “Nguyễn Hải Sang”, cùng ngày sinh, họ tên {ACCENT_MARK}",
        True,
    )
    assert badges["Nguyễn Hải Sang"][0].startswith("Dòng 3 (sheet “Đảng viên”) ghi “Nguyen Hai Sang”")


def test_the_notes_of_hunt78_are_red_or_not_as_validation_says(tmp_path: Path) -> None:
    """A list of the office's a member is struck off, a relative's death written after the
    word, an old move between Party bodies: not red (they were). A transfer "chính thức", a
    bare "chuyển đi" before a place, "Đã chết": red (they were not)."""
    cb01, cb02 = REGISTRY.organisations[1], REGISTRY.organisations[0]
    folder = tmp_path / "bai_nop"
    notes = {
        "Hoàng Văn Em": ("Xóa tên khỏi danh sách đi làm ăn xa", False),
        "Lê Văn Cường": ("Mất (vợ)", False),
        "Đỗ Văn Hải": ("Ra khỏi Đảng bộ Quân sự năm 2000, về sinh hoạt tại địa phương", False),
        "Phan Văn Khải": ("Chuyển sinh hoạt đảng chính thức đi Đảng bộ phường Bến Nghé", True),
        "Vũ Văn Lâm": ("chuyển đi Hà Nội", True),
        "Bùi Văn Minh": ("Da chet", True),
    }
    submission(
        folder,
        cb01,
        [
            _member(name, f"0{n + 1}/05/1970", "male", "19/05/1996", "19/05/1997", note=note)
            for n, (name, (note, _)) in enumerate(notes.items())
        ],
    )
    submission(folder, cb02, [_member("Vũ Thị Giang", "06/06/1950", "female", "20/05/1976", "20/05/1977")])
    out = tmp_path / "danh_sach.xlsx"
    result = run_lists(folder, out)
    assert result.exit_code == 0, result.output
    _, badges = sheet_rows(out, "Huy hiệu Đảng")
    assert {name: badges[name][1] for name in notes} == {name: red for name, (_, red) in notes.items()}
    check = CliRunner().invoke(main, ["validate", str(folder), "--cutoff", "31/03/2026"])
    warned = [line for line in check.output.splitlines() if "member.note_left" in line]
    assert len(warned) == 3, check.output


def test_a_relative_named_after_a_long_cause_or_a_place_is_not_red(tmp_path: Path) -> None:
    """A relative named after a death's long cause, its place or a short kin word after a dash
    (hunt107 t3): the relative's death, not red, no warning; the member's own death is."""
    cb01, cb02 = REGISTRY.organisations[1], REGISTRY.organisations[0]
    folder = tmp_path / "bai_nop"
    notes = {
        "Trần Văn An": ("Mất do tai nạn giao thông - em trai", False),
        "Trần Văn Bình": ("Mất do bệnh ung thư phổi - vợ", False),
        "Trần Thị Cúc": ("Mất tại bệnh viện - chồng", False),
        "Trần Thị Dung": ("Mất ngày 5/1/2026 tại BV Chợ Rẫy (chồng)", False),
        "Trần Văn Em": ("Mất do bệnh - bác", False),
        "Trần Thị Gấm": ("Mất tại nhà con gái", True),
    }
    submission(
        folder,
        cb01,
        [
            _member(name, f"0{n + 1}/02/1995", "female" if "Thị" in name else "male", "01/05/2025", note=note)
            for n, (name, (note, _)) in enumerate(notes.items())
        ],
    )
    submission(folder, cb02, [_member("Vũ Thị Giang", "06/06/1950", "female", "20/05/1976", "20/05/1977")])
    out = tmp_path / "danh_sach.xlsx"
    result = run_lists(folder, out)
    assert result.exit_code == 0, result.output
    _, probation = sheet_rows(out, "Dự bị đến hạn")
    assert {name: probation[name][1] for name in notes} == {name: red for name, (_, red) in notes.items()}
    check = CliRunner().invoke(main, ["validate", str(folder), "--cutoff", "31/03/2026"])
    warned = [line for line in check.output.splitlines() if "member.note_left" in line]
    assert len(warned) == 1, check.output
