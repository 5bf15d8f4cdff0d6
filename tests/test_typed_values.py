"""Values of the lists as secretaries type or paste them, read with a note when their meaning is
one, and a suggestion only when it is a typing slip.

- A yes/no column filled with Excel's check boxes holds TRUE/FALSE; a tick is "√", "✓" or "V":
  each was an error that kept the whole organisation out (and FALSE was told "có phải “Có”?").
- An ethnicity code typed or pasted as a number loses its leading zero in Excel: 1 is "01".
- "Chuyển sinh hoạt tới" is "Chuyển đến" (it was suggested as "Chuyển sinh hoạt đi").
- An unknown value that is another word is not "corrected" into an unrelated one: "Đại học" in
  the general education column was told "có phải “Tiểu học”?".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_validate import clean_events, clean_members, codes, run, write

from toolkit.core import layout, vocab
from toolkit.core.vocab import SUGGESTION_CUTOFF
from toolkit.io.reader import read_submission

FLAGS = ("youth_union", "private_owner", "foreign_marriage")


def _roll(**first: object) -> list[dict[str, object]]:
    members = clean_members()
    members[0] = {**members[0], **first}
    return members


@pytest.mark.parametrize(
    ("typed", "read"),
    [(True, "yes"), (False, "no"), ("TRUE", "yes"), ("√", "yes"), ("✓", "yes"), ("V", "yes"), ("Sai", "no")],
)
def test_a_yes_no_cell_from_a_check_box_or_a_tick_is_read(tmp_path: Path, typed: object, read: str) -> None:
    path = write(tmp_path, members=_roll(**dict.fromkeys(FLAGS, typed)))
    result = run(path)
    assert not [i for i in result.issues if i.is_error], [i.message for i in result.issues if i.is_error]
    notes = [i for i in result.issues if i.code == "norm.category"]
    assert {i.cell for i in notes} == {layout.MEMBERS.cell(k, 2) for k in FLAGS}
    members = read_submission(path).members
    assert [members[k].tolist()[0] for k in FLAGS] == [read] * 3


@pytest.mark.parametrize(("typed", "code"), [(1, "01"), (5, "05"), (9, "09"), ("1", "01"), (54, "54")])
def test_an_ethnicity_code_without_its_leading_zero_is_read(tmp_path: Path, typed: object, code: str) -> None:
    path = write(tmp_path, members=_roll(ethnicity=typed))
    result = run(path)
    assert "member.not_allowed" not in codes(result.issues)
    assert read_submission(path).members["ethnicity"].tolist()[0] == code
    (note,) = [i for i in result.issues if i.code == "norm.category"]
    assert f"“{vocab.ETHNICITY.label(code)}”" in note.message


@pytest.mark.parametrize(
    ("voc", "typed", "code"),
    [
        (vocab.EVENT_TYPE, "Chuyển sinh hoạt tới", "transfer_in"),
        (vocab.EVENT_TYPE, "Chuyển tới", "transfer_in"),
        (vocab.EVENT_TYPE, "chuyen SH toi", "transfer_in"),
        (vocab.EVENT_TYPE, "Nhận sinh hoạt", "transfer_in"),
        (vocab.EVENT_TYPE, "Tái kết nạp", "readmitted"),
        (vocab.EVENT_TYPE, "KN lại", "readmitted"),
        (vocab.EVENT_TYPE, "Kết nạp đảng viên mới", "admitted"),
        (vocab.TRANSFER_SCOPE, "Khác tỉnh", "other_province"),
        (vocab.TRANSFER_SCOPE, "Trong huyện", "same_province"),
        (vocab.TRANSFER_SCOPE, "Phường khác", "same_province"),
    ],
)
def test_a_change_written_as_registers_write_it_is_read(voc: vocab.Vocabulary, typed: str, code: str) -> None:
    """Each has one meaning ("tới" is "đến"; "nhận sinh hoạt" is an arrival; "tái kết nạp" a
    re-admission): before, an error, or a suggestion of the opposite change."""
    term = voc.lookup(typed)
    assert term is not None and term.code == code, typed


@pytest.mark.parametrize(
    ("voc", "typed", "suggested"),
    [
        # Typing slips: suggested.
        (vocab.ETHNICITY, "Kihn", "Kinh"),
        (vocab.SECTOR, "Doanh nghep", "Doanh nghiệp"),
        (vocab.GEN_EDU, "Trung hoc pho thong xx", "Trung học phổ thông"),
        (vocab.GENDER, "Nữa", "Nữ"),
        # Other words: nothing suggested.
        (vocab.GEN_EDU, "Đại học", None),
        (vocab.GEN_EDU, "lớp 12", None),
        (vocab.OCCUPATION, "Giáo viên", None),
        (vocab.OCCUPATION, "Bác sĩ", None),
        (vocab.RELIGION, "K", None),
        (vocab.ETHNICITY, "99", None),
        # A word of the opposite meaning, or as near two values: nothing suggested (following
        # "có phải “Trong Đảng bộ phường”?" would hide a transfer from Biểu 1).
        (vocab.TRANSFER_SCOPE, "Ngoài phường", None),
        (vocab.EVENT_TYPE, "Chuyển sinh hoạt chính thức", None),
        (vocab.GENDER, "Nam nữ", None),
        (vocab.EVENT_TYPE, "Tu tran", "Từ trần"),
    ],
)
def test_only_a_typing_slip_gets_a_suggestion(
    voc: vocab.Vocabulary, typed: str, suggested: str | None
) -> None:
    term = voc.closest(typed)
    assert (term.label if term is not None else None) == suggested, typed
    assert 0 < SUGGESTION_CUTOFF < 1


def test_the_message_of_an_unknown_value_suggests_nothing_unrelated(tmp_path: Path) -> None:
    result = run(write(tmp_path, members=_roll(gen_edu="Đại học"), events=clean_events()))
    (issue,) = [i for i in result.issues if i.code == "member.not_allowed"]
    assert issue.cell == layout.MEMBERS.cell("gen_edu", 2)
    assert "có phải" not in issue.message and "Tiểu học" not in issue.message
