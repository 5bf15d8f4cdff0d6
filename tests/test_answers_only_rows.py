"""Rows whose only values are answers of Có/Không columns (hunt51, the observation).

Told to mark Có/Không in the new columns, a secretary drags “Không” down a column past the
last member. Every extra row was read as a member with every other column missing: 192
errors, the organisation left out. Now such rows are not members: one warning per sheet,
`file.answers_only_rows`, naming the rows and the column. A row between two members with an
answer alone is the same (the rule is the row's own). A row with an answer and anything else
(a name) is still a member with data missing.

The ward is real template files (`helpers_excel.write_ward`, template 2026.2) typed into with
openpyxl, consolidated with the command line.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_validate import codes, only, run, write, write_old

from tests.helpers_excel import CUTOFF, write_ward
from toolkit.cli import main
from toolkit.core import layout, vocab
from toolkit.core.layout import get_column_letter
from toolkit.core.model import DATA_NOT_READ
from toolkit.io.cellrefs import column_index
from toolkit.io.reader import read_submission
from toolkit.validation.run import ValidationRun

M = layout.MEMBERS
CODE = "file.answers_only_rows"
YOUTH = M.field("youth_union").header
NO, YES = vocab.YES_NO.label("no"), vocab.YES_NO.label("yes")


def _consolidate(folder: Path, out: Path) -> dict:
    """The run's JSON summary (and its console output): a run that must exit 0."""
    code, doc = _consolidate_any(folder, out)
    assert code == 0, doc["console"]
    return doc


def _consolidate_any(folder: Path, out: Path) -> tuple[int, dict]:
    """`consolidate` of `folder` into `out`: its exit code and JSON summary (with "console")."""
    out.mkdir()
    result = CliRunner().invoke(
        main,
        [
            "consolidate", str(folder), "--cutoff", CUTOFF.isoformat(), "--no-history",
            "-o", str(out / "tong_hop.xlsx"), "--json", str(out / "tong_hop.json"),
        ],
    )  # fmt: skip
    assert "Traceback" not in result.output, result.output
    doc: dict = json.loads((out / "tong_hop.json").read_text("utf-8"))
    doc["console"] = result.output
    return result.exit_code, doc


def test_no_dragged_down_a_yes_no_column_past_the_list_is_one_warning_not_members(tmp_path: Path) -> None:
    cb01, cb02 = write_ward(tmp_path / "bai_nop", with_error=False)  # 4 and 3 members
    wb = openpyxl.load_workbook(cb01)
    ws = wb[layout.SHEET_MEMBERS]
    for row in range(2, 31):  # the 4 members (rows 2–5) and 25 rows below them
        ws[M.cell("youth_union", row)] = NO
    wb.save(cb01)
    # CB02: its last member moved two rows down, the row left between holding an answer alone.
    wb = openpyxl.load_workbook(cb02)
    ws = wb[layout.SHEET_MEMBERS]
    for col in range(1, len(M.fields) + 1):
        ws.cell(6, col).value, ws.cell(4, col).value = ws.cell(4, col).value, None
    ws[M.cell("youth_union", 4)] = YES
    wb.save(cb02)

    doc = _consolidate(tmp_path / "bai_nop", tmp_path / "ra")
    assert {o["org_code"]: o["status"] for o in doc["organisations"]} == {
        "CB01": "consolidated",
        "CB02": "consolidated",
    }
    assert doc["indicators"]["members.total"] == 7
    assert doc["indicators"]["members.youth_union"] == 0  # CB02's “Có” at row 4 is no member's
    found = [i for i in doc["issues"] if i["code"] == CODE]
    assert [(i["file"], i["cell"], i["column"], i["severity"]) for i in found] == [
        ("CB01.xlsx", M.cell("youth_union", 6), YOUTH, "warning"),
        ("CB02.xlsx", M.cell("youth_union", 4), YOUTH, "warning"),
    ]
    first, between = (i["message"] for i in found)
    assert first.startswith(f"Sheet “{layout.SHEET_MEMBERS}”, 25 dòng (dòng 6–30): "), first
    assert f"chỉ có câu trả lời “{YES}”/“{NO}” ở cột “{YOUTH}”" in first
    assert "không phải đảng viên" in first
    assert between.startswith(f"Sheet “{layout.SHEET_MEMBERS}”, dòng 4: "), between
    assert not any(i["severity"] == "error" for i in doc["issues"]), doc["issues"]


def test_a_row_with_an_answer_and_a_name_is_still_a_member_with_data_missing(tmp_path: Path) -> None:
    path = write(tmp_path)
    end = openpyxl.load_workbook(path)[layout.SHEET_MEMBERS].max_row
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_MEMBERS]
    ws[M.cell("youth_union", end + 1)] = NO
    ws[M.cell("full_name", end + 1)] = "Lê Văn Tám"
    ws[M.cell("youth_union", end + 2)] = "Lê Văn Chín"  # no answer: a row with data missing too
    wb.save(path)
    checked = run(path)
    (sub,) = checked.submissions
    assert CODE not in codes(checked.issues)
    assert sub.members is not None and sub.members["_row"].tolist()[-2:] == [end + 1, end + 2]
    missing = {i.cell for i in checked.issues if i.code == "member.required"}
    assert {M.cell("birth_date", end + 1), M.cell("birth_date", end + 2)} <= missing, missing


def test_rows_of_answers_alone_are_data_not_read(tmp_path: Path) -> None:
    """A file of such rows alone is someone's work, never a blank template to replace."""
    assert CODE in DATA_NOT_READ
    path = write(tmp_path, members=[])
    wb = openpyxl.load_workbook(path)
    wb[layout.SHEET_MEMBERS][M.cell("private_owner", 3)] = NO
    wb.save(path)
    sub = read_submission(path)
    issue = only(sub.issues, CODE)
    assert issue.cell == M.cell("private_owner", 3) and sub.data_not_read
    assert sub.members is not None and len(sub.members) == 0


def test_answers_alone_under_the_changes_are_no_changes(tmp_path: Path) -> None:
    """`Biến động`'s Có/Không column (Là đảng viên dự bị) dragged down past the last change."""
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_EVENTS]
    end = ws.max_row
    for row in range(end + 1, end + 6):
        ws[layout.EVENTS.cell("was_probationary", row)] = NO
    wb.save(path)
    checked = run(path)
    (sub,) = checked.submissions
    issue = only(checked.issues, CODE)
    assert issue.cell == layout.EVENTS.cell("was_probationary", end + 1)
    assert issue.message.startswith(f"Sheet “{layout.SHEET_EVENTS}”, 5 dòng (dòng {end + 1}–{end + 5}): ")
    assert "không phải biến động" in issue.message
    assert sub.events is not None and sub.events["_row"].max() == end
    assert not checked.has_errors, codes(checked.issues)


# --- hunt55: the rule never takes a row that holds anything but answers ------------------------

NAME = "Nguyễn Văn Năm"  # a member typed where the reader does not look for a name


def _cells(doc: dict, code: str) -> set[str]:
    """The cells of CB01's issues of `code`."""
    return {i["cell"] for i in doc["issues"] if i["code"] == code and i["file"] == "CB01.xlsx"}


def _status(doc: dict) -> dict[str, str]:
    return {o["org_code"]: o["status"] for o in doc["organisations"]}


def test_a_name_typed_in_stt_beside_a_dragged_answer_is_a_member_with_data_missing(tmp_path: Path) -> None:
    """Hunt55 #1: "Không" dragged down O2:O9 and a 5th member's name typed in STT (A6). The row
    was dropped with a warning saying it held no name; it is a member with data missing, as
    before the rule, and only the rows of answers alone (7–9) are said."""
    cb01, _ = write_ward(tmp_path / "bai_nop", with_error=False)
    wb = openpyxl.load_workbook(cb01)
    ws = wb[layout.SHEET_MEMBERS]
    for row in range(2, 10):
        ws[M.cell("youth_union", row)] = NO
    ws[M.cell("row_no", 6)] = NAME
    wb.save(cb01)
    code, doc = _consolidate_any(tmp_path / "bai_nop", tmp_path / "ra")
    assert code == 1 and _status(doc)["CB01"] != "consolidated"
    missing = _cells(doc, "member.required")
    assert {M.cell("full_name", 6), M.cell("birth_date", 6)} <= missing, missing
    (said,) = (i for i in doc["issues"] if i["code"] == CODE)
    assert said["cell"] == M.cell("youth_union", 7)
    assert said["message"].startswith(f"Sheet “{layout.SHEET_MEMBERS}”, 3 dòng (dòng 7–9): "), said["message"]
    assert NAME not in json.dumps(doc, ensure_ascii=False) and NAME not in doc["console"]


def test_a_name_typed_right_of_ghi_chu_beside_an_answer_is_a_member_with_data_missing(tmp_path: Path) -> None:
    """Hunt55 #1: a name one column past the template's last (`Ghi chú`), "Không" in the row."""
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_MEMBERS]
    end = ws.max_row
    ws[M.cell("youth_union", end + 1)] = NO
    ws.cell(end + 1, len(M.fields) + 1).value = NAME
    wb.save(path)
    checked = run(path)
    (sub,) = checked.submissions
    assert CODE not in codes(checked.issues)
    assert "file.extra_column" in codes(checked.issues)
    assert sub.members is not None and sub.members["_row"].max() == end + 1
    missing = {i.cell for i in checked.issues if i.code == "member.required"}
    assert {M.cell("full_name", end + 1), M.cell("birth_date", end + 1)} <= missing, missing


def test_a_change_whose_name_is_in_stt_with_an_answer_is_a_change_with_data_missing(tmp_path: Path) -> None:
    """Hunt55 #1 on `Biến động`: the name in STT, `Là đảng viên dự bị` = Có."""
    E = layout.EVENTS
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_EVENTS]
    end = ws.max_row
    ws[E.cell("row_no", end + 1)] = "Trần Văn Chuyển"
    ws[E.cell("was_probationary", end + 1)] = YES
    wb.save(path)
    checked = run(path)
    (sub,) = checked.submissions
    assert CODE not in codes(checked.issues) and checked.has_errors
    assert sub.events is not None and sub.events["_row"].max() == end + 1
    missing = {i.cell for i in checked.issues if i.code == "event.required"}
    assert {E.cell("full_name", end + 1), E.cell("birth_date", end + 1)} <= missing, missing


def test_numbered_stt_rows_of_answers_alone_are_still_no_members(tmp_path: Path) -> None:
    """A plain row number in STT (a number, or its digits as text) is no content."""
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_MEMBERS]
    end = ws.max_row
    for k, row in enumerate(range(end + 1, end + 4)):
        ws[M.cell("row_no", row)] = str(row - 1) if k == 1 else row - 1
        ws[M.cell("youth_union", row)] = NO
    wb.save(path)
    checked = run(path)
    (sub,) = checked.submissions
    issue = only(checked.issues, CODE)
    assert issue.message.startswith(f"Sheet “{layout.SHEET_MEMBERS}”, 3 dòng (dòng {end + 1}–{end + 3}): ")
    assert sub.members is not None and sub.members["_row"].max() == end
    assert not checked.has_errors, codes(checked.issues)


def test_a_yes_on_the_second_line_of_a_merged_member_is_the_members_and_the_merge_is_said(
    tmp_path: Path,
) -> None:
    """Hunt55 #2: CB01's 4th member written over rows 6–7, every column merged over both but
    `Đoàn viên`, whose "Có" is on line 7. Row 7 was dropped as answers alone and the member
    counted Không, with no `cell.merged`; it is read again, with the merged blocks said."""
    from openpyxl.utils import get_column_letter

    cb01, _ = write_ward(tmp_path / "bai_nop", with_error=False)
    wb = openpyxl.load_workbook(cb01)
    ws = wb[layout.SHEET_MEMBERS]
    width = len(M.fields)
    youth = M.keys.index("youth_union") + 1
    for c in range(1, width + 1):  # the 4th member (row 5) moved to row 6
        ws.cell(6, c).value, ws.cell(5, c).value = ws.cell(5, c).value, None
    for c in range(1, width + 1):
        if c != youth:
            ws.merge_cells(f"{get_column_letter(c)}6:{get_column_letter(c)}7")
    ws.cell(6, youth).value = None
    ws.cell(7, youth).value = YES
    wb.save(cb01)
    code, doc = _consolidate_any(tmp_path / "bai_nop", tmp_path / "ra")
    assert CODE not in {i["code"] for i in doc["issues"]}
    merged = _cells(doc, "cell.merged")
    assert {M.cell("full_name", 6), M.cell("birth_date", 6)} <= merged, merged
    missing = _cells(doc, "member.required")
    assert M.cell("full_name", 7) in missing, missing
    assert code == 1 and _status(doc)["CB01"] != "consolidated"


def test_upgrade_keeps_a_member_whose_name_is_in_stt_beside_a_dragged_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hunt55 #1 through `upgrade`: a 2026.1 file, "Không" dragged down `Đi làm ăn xa` past the
    list, a member's name typed in STT two rows below it. The upgraded file left the member out
    and the screen printed the name as a cell "outside the tables"; the row is now copied (a
    member with data missing) and its name is never on screen."""
    old_spec = layout.MEMBERS_2026_1
    (tmp_path / "nop").mkdir()
    path = write_old(tmp_path / "nop")
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_MEMBERS]
    end = ws.max_row
    for row in range(2, end + 8):
        ws[old_spec.cell("working_away", row)] = NO
    ws[old_spec.cell("row_no", end + 2)] = NAME
    wb.save(path)
    with pytest.raises(SystemExit) as exit_:
        main(["upgrade", str(path), "--out", str(tmp_path / "moi")], standalone_mode=False)
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert NAME not in out, out
    new = read_submission(tmp_path / "moi" / path.name)
    assert new.members is not None and end + 2 in new.members["_row"].tolist()
    stt = openpyxl.load_workbook(tmp_path / "moi" / path.name)[layout.SHEET_MEMBERS]
    assert stt[M.cell("row_no", end + 2)].value == NAME


# --- hunt56: legacy encodings, merged blocks beside the table, and `upgrade` ---------------------

# "Không" as a legacy keyboard driver stores it, with the font that shows it (`norm.legacy_encoding`).
LEGACY_NO = {"tcvn3": ("Kh\u00abng", ".VnTime"), "vni": ("Kho\u00e2ng", "VNI-Times")}


@pytest.mark.parametrize("encoding", sorted(LEGACY_NO))
def test_no_typed_in_a_legacy_font_dragged_past_the_list_is_one_warning_not_members(
    tmp_path: Path, encoding: str
) -> None:
    """Hunt56 #2: "Không" typed with a TCVN3 or VNI driver ("Kh«ng" in .VnTime) dragged down
    O2:O30. The rule looked at the text before the reader's conversion: 25 members with every
    column missing, 250 errors, CB01 left out. It reads the cells as the reader does."""
    from openpyxl.styles import Font

    word, font = LEGACY_NO[encoding]
    cb01, _ = write_ward(tmp_path / "bai_nop", with_error=False)
    wb = openpyxl.load_workbook(cb01)
    ws = wb[layout.SHEET_MEMBERS]
    for row in range(2, 31):
        cell = ws[M.cell("youth_union", row)]
        cell.value, cell.font = word, Font(name=font)
    wb.save(cb01)
    doc = _consolidate(tmp_path / "bai_nop", tmp_path / "ra")
    assert _status(doc)["CB01"] == "consolidated" and doc["indicators"]["members.total"] == 7
    (said,) = (i for i in doc["issues"] if i["code"] == CODE)
    assert said["message"].startswith(f"Sheet “{layout.SHEET_MEMBERS}”, 25 dòng (dòng 6–30): "), said
    assert not any(i["severity"] == "error" for i in doc["issues"]), doc["issues"]


def test_a_tcvn3_no_dragged_under_the_changes_is_no_change(tmp_path: Path) -> None:
    """Hunt56 #2 on `Biến động` (`Là đảng viên dự bị`), the font's name alone telling TCVN3."""
    from openpyxl.styles import Font

    word, font = LEGACY_NO["tcvn3"]
    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_EVENTS]
    end = ws.max_row
    for row in range(end + 1, end + 4):
        cell = ws[layout.EVENTS.cell("was_probationary", row)]
        cell.value, cell.font = word, Font(name=font)
    wb.save(path)
    checked = run(path)
    issue = only(checked.issues, CODE)
    assert issue.message.startswith(f"Sheet “{layout.SHEET_EVENTS}”, 3 dòng (dòng {end + 1}–{end + 3}): ")
    assert not checked.has_errors, codes(checked.issues)


@pytest.mark.parametrize("box", ["X10:Z13", "X1:Z40"])
def test_a_merged_box_beside_the_table_leaves_the_rule_on(tmp_path: Path, box: str) -> None:
    """Hunt56 #3: an empty merged box beside the table (X10:Z13), or a note box from the header
    row down (X1:Z40, its words in X1), turned the dragged rows it spans into members with every
    column missing (40 or 250 errors, CB01 left out, nothing said of the box). Only a block over
    the template's columns is a member written over two lines."""
    cb01, _ = write_ward(tmp_path / "bai_nop", with_error=False)
    wb = openpyxl.load_workbook(cb01)
    ws = wb[layout.SHEET_MEMBERS]
    for row in range(2, 31):
        ws[M.cell("youth_union", row)] = NO
    ws[box.split(":")[0]] = "Hướng dẫn: chọn Có/Không ở các cột Có/Không" if box == "X1:Z40" else None
    ws.merge_cells(box)
    wb.save(cb01)
    code, doc = _consolidate_any(tmp_path / "bai_nop", tmp_path / "ra")
    assert not _cells(doc, "member.required")
    (said,) = (i for i in doc["issues"] if i["code"] == CODE)
    assert said["message"].startswith(f"Sheet “{layout.SHEET_MEMBERS}”, 25 dòng (dòng 6–30): "), said
    assert code == 0 and _status(doc)["CB01"] == "consolidated"
    assert doc["indicators"]["members.total"] == 7


def _upgrade(path: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(["upgrade", str(path), "--out", str(out)], standalone_mode=False)
    assert exit_.value.code == 0
    text: str = capsys.readouterr().out
    assert "Traceback" not in text
    return text


def test_upgrade_copies_a_name_alone_in_stt_so_the_new_file_says_it_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hunt56 #1: a 2026.1 file, a new member's name pasted alone into STT under the list
    (`cell.text_in_row_no`, an error). `upgrade` left the row out, printed the name on screen as
    "nội dung ngoài các bảng" and the new file read clean: the member was lost. The row is
    copied as typed, the new file gives the same error, and the name is never on screen."""
    old_spec = layout.MEMBERS_2026_1
    (tmp_path / "nop").mkdir()
    path = write_old(tmp_path / "nop")
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_MEMBERS]
    end = ws.max_row
    ws[old_spec.cell("row_no", end + 1)] = NAME
    wb.save(path)
    assert "cell.text_in_row_no" in codes(read_submission(path).issues)
    out = _upgrade(path, tmp_path / "moi", capsys)
    assert NAME not in out and "ngoài các bảng" not in out and "chép tay" not in out, out
    new_path = tmp_path / "moi" / path.name
    assert openpyxl.load_workbook(new_path)[layout.SHEET_MEMBERS][M.cell("row_no", end + 1)].value == NAME
    new = read_submission(new_path)
    lost = only(new.issues, "cell.text_in_row_no")
    assert lost.cell == M.cell("row_no", end + 1) and lost.is_error


@pytest.mark.parametrize("encoding", ["unicode", *sorted(LEGACY_NO)])
def test_upgrade_carries_answers_only_rows_over_and_asks_for_no_hand_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    """Hunt56 #4: "Không" dragged down `Đi làm ăn xa` 7 rows past a 2026.1 list. `upgrade`
    called the cells "nội dung ngoài các bảng" / "Ô ngoài bảng" and asked for a hand copy,
    though the reader says they are answers with no member. They are copied as the reader reads
    them (a legacy "Không" as "Không"), and the new file's reader says the same of them."""
    from openpyxl.styles import Font

    old_spec = layout.MEMBERS_2026_1
    word, font = LEGACY_NO.get(encoding, (NO, "Times New Roman"))
    (tmp_path / "nop").mkdir()
    path = write_old(tmp_path / "nop")
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_MEMBERS]
    end = ws.max_row
    for row in range(end + 1, end + 8):
        cell = ws[old_spec.cell("working_away", row)]
        cell.value, cell.font = word, Font(name=font)
    wb.save(path)
    before = only(read_submission(path).issues, CODE)
    out = _upgrade(path, tmp_path / "moi", capsys)
    assert "ngoài các bảng" not in out and "không chuyển sang" not in out and "chép tay" not in out, out
    new_path = tmp_path / "moi" / path.name
    to_complete = openpyxl.load_workbook(new_path)[layout.SHEET_TO_COMPLETE]
    assert not [r for r in to_complete.iter_rows(values_only=True) if "Ô ngoài bảng" in r]
    new = read_submission(new_path)
    after = only(new.issues, CODE)
    assert after.cell == M.cell("working_away", end + 1)
    assert after.message.split(":")[0] == before.message.split(":")[0]  # the same rows
    assert new.members is not None and new.members["_row"].max() == end
    assert not [i for i in new.issues if i.is_error]


# --- hunt58: `upgrade` and the cells the reader does not read as a row's --------------------------


def _row_issues(checked: ValidationRun, row: int) -> list[tuple[str, str]]:
    """(code, column letters) of a run's issues on one Excel row of `Đảng viên`, sorted."""
    return sorted(
        (i.code, (i.cell or "").rstrip("0123456789"))
        for i in checked.issues
        if i.sheet == layout.SHEET_MEMBERS and i.cell and i.cell.lstrip(string.ascii_uppercase) == str(row)
    )


def test_upgrade_keeps_a_name_typed_past_ghi_chu_beside_an_answer_a_member(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hunt58 #1: a 2026.1 row holding only "Không" in `Đi làm ăn xa` and a member's name one
    column past `Ghi chú`. The old file reads a member with data missing (errors); `upgrade`
    copied only the answer and listed the name for a hand copy, so the new file skipped the row
    as answers-only (one warning, one member fewer) while its own "Cần bổ sung" asked for the
    row's Dân tộc. The cell is copied past the new table's last column: the new file reads the
    same member, with `file.extra_column` and the same data missing."""
    old_spec = layout.MEMBERS_2026_1
    (tmp_path / "nop").mkdir()
    path = write_old(tmp_path / "nop")
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_MEMBERS]
    end = ws.max_row
    ws[old_spec.cell("working_away", end + 1)] = NO
    ws.cell(end + 1, len(old_spec.fields) + 1).value = NAME
    wb.save(path)
    before = run(path)
    assert CODE not in codes(before.issues)
    old_members = before.submissions[0].members
    assert old_members is not None and old_members["_row"].max() == end + 1
    out = _upgrade(path, tmp_path / "moi", capsys)
    assert NAME not in out and "ngoài các bảng" not in out, out
    new_path = tmp_path / "moi" / path.name
    beside = openpyxl.load_workbook(new_path)[layout.SHEET_MEMBERS].cell(end + 1, len(M.fields) + 1)
    assert beside.value == NAME
    after = run(new_path)
    assert CODE not in codes(after.issues)
    new_members = after.submissions[0].members
    assert new_members is not None and len(new_members) == len(old_members)
    said = _row_issues(after, end + 1)
    assert ("file.extra_column", get_column_letter(len(M.fields) + 1)) in said, said
    # The same data missing, at the new file's columns of the same fields.
    moved = {
        (code, M.cell(old_spec.fields[column_index(col.encode()) - 1].key, end + 1).rstrip("0123456789"))
        for code, col in _row_issues(before, end + 1)
        if code == "member.required"
    }
    assert moved and moved <= set(said), (moved, said)
    to_complete = openpyxl.load_workbook(new_path)[layout.SHEET_TO_COMPLETE]
    assert not [r for r in to_complete.iter_rows(values_only=True) if "Ô ngoài bảng" in r]


def test_upgrade_converts_a_tcvn3_name_in_stt_and_keeps_a_strike_on_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hunt58 #2: a name typed with a TCVN3 driver ("NguyÔn V¨n N¨m" in .VnTime) pasted alone
    into STT was copied as its bytes in the template's Unicode font (shown garbled), and a
    struck name in STT lost its strike (a struck row means "removed"). The name is copied in
    Unicode, as the reader converts names, and the strike is kept; both still say
    `cell.text_in_row_no` in the new file."""
    from openpyxl.styles import Font

    old_spec = layout.MEMBERS_2026_1
    (tmp_path / "nop").mkdir()
    path = write_old(tmp_path / "nop")
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_MEMBERS]
    end = ws.max_row
    cell = ws[old_spec.cell("row_no", end + 1)]
    cell.value, cell.font = "Nguy\u00d4n V\u00a8n N\u00a8m", Font(name=".VnTime")
    cell = ws[old_spec.cell("row_no", end + 2)]
    cell.value, cell.font = "Trần Thị Bảy", Font(name="Times New Roman", strike=True)
    wb.save(path)
    not_read = read_submission(path).rows_not_read[layout.SHEET_MEMBERS]
    assert not_read["cell.text_in_row_no"] == [end + 1, end + 2]
    _upgrade(path, tmp_path / "moi", capsys)
    new_path = tmp_path / "moi" / path.name
    new_ws = openpyxl.load_workbook(new_path)[layout.SHEET_MEMBERS]
    assert new_ws[M.cell("row_no", end + 1)].value == NAME
    assert not new_ws[M.cell("row_no", end + 1)].font.strike
    struck = new_ws[M.cell("row_no", end + 2)]
    assert struck.value == "Trần Thị Bảy" and struck.font.strike
    new = read_submission(new_path)
    assert new.rows_not_read[layout.SHEET_MEMBERS]["cell.text_in_row_no"] == [end + 1, end + 2]
