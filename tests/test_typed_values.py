"""Values of the lists as secretaries type or paste them, read with a note when their meaning is
one, and a suggestion only when it is a typing slip.

- A yes/no column filled with Excel's check boxes holds TRUE/FALSE; a tick is "√", "✓" or "V":
  each was an error that kept the whole organisation out (and FALSE was told "có phải “Có”?").
- An ethnicity code typed or pasted as a number loses its leading zero in Excel: 1 is "01".
- "Chuyển sinh hoạt tới" is "Chuyển đến" (it was suggested as "Chuyển sinh hoạt đi").
- An unknown value that is another word is not "corrected" into an unrelated one: "Đại học" in
  the general education column was told "có phải “Tiểu học”?".
- Nor by the words it shares with many values: "Xóa tên đảng viên" was told "có phải “Kết
  nạp”?", "Sơ cấp chính trị" "có phải “Cao cấp”?", "Cao học" "có phải “Chưa qua đào tạo”?".
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
        # A place's level, "khác" or a direction more or less is another meaning (hunt44 C #3):
        # "Trong Đảng bộ tỉnh" was "có phải “Trong Đảng bộ phường”?", a move out of the ward
        # steered to one counted nowhere; "Chuyển" was "Chuyển đi" though as near "Chuyển đến".
        (vocab.TRANSFER_SCOPE, "Trong Đảng bộ tỉnh", "Xã, phường khác trong tỉnh"),
        (vocab.TRANSFER_SCOPE, "Trong xã", None),
        (vocab.TRANSFER_SCOPE, "Khác", None),
        (vocab.TRANSFER_SCOPE, "Trong phuờng", "Trong Đảng bộ phường"),
        (vocab.EVENT_TYPE, "Chuyển", None),
        (vocab.EVENT_TYPE, "chuyen", None),
        (vocab.EVENT_TYPE, "Chuyển sinh hoạt", None),  # no “Nhận chuyển sinh hoạt” (hunt45 R1 #3)
        (vocab.EVENT_TYPE, "Chuyển đên", "Chuyển đến"),
        # A long shared tail ("đảng viên", "chính trị", "học") is no slip of the word that
        # carries the meaning: nothing, or the value meant, never one of another kind.
        (vocab.EVENT_TYPE, "Xóa tên đảng viênn", "Xóa tên"),
        (vocab.EVENT_TYPE, "Từ trần đảng viênn", "Từ trần"),
        (vocab.EVENT_TYPE, "Khai trừ đảng viênn", "Khai trừ"),
        (vocab.EVENT_TYPE, "Tái kết nạp đảng viên", "Kết nạp lại"),
        (vocab.EVENT_TYPE, "Kết nạp lạii", "Kết nạp lại"),
        (vocab.THEORY_LEVEL, "Sơ cấp chính trịi", "Sơ cấp"),
        (vocab.THEORY_LEVEL, "Trung cap chinh trii", "Trung cấp"),
        (vocab.THEORY_LEVEL, "Cao cấp chính trị - hành chính", "Cao cấp"),
        (vocab.PROF_LEVEL, "Cao học", None),
        (vocab.PROF_LEVEL, "Sau đại học", None),
        (vocab.PROF_LEVEL, "Thac sy", "Thạc sĩ"),
        (vocab.PROF_LEVEL, "Đại họcc", "Đại học"),
        (vocab.OCCUPATION, "Doanh nhân", None),
        (vocab.OCCUPATION, "Công nhânn", "Công nhân, lao động trực tiếp sản xuất"),
        (vocab.SECTOR, "Khối DN", None),
        (vocab.RELIGION, "Thien chuaa giao", "Công giáo"),
        (vocab.YES_NO, "Coo", "Có"),
        (vocab.ORG_TIER, "Chi bộ ơ sở", "Chi bộ cơ sở"),
    ],
)
def test_only_a_typing_slip_gets_a_suggestion(
    voc: vocab.Vocabulary, typed: str, suggested: str | None
) -> None:
    term = voc.closest(typed)
    assert (term.label if term is not None else None) == suggested, typed
    assert 0 < SUGGESTION_CUTOFF < 1


@pytest.mark.parametrize(
    ("voc", "typed", "code"),
    [
        (vocab.THEORY_LEVEL, "Sơ cấp chính trị", "elementary"),
        (vocab.THEORY_LEVEL, "sơ cấp chính trị.", "elementary"),
        (vocab.THEORY_LEVEL, "Trung cấp chính trị", "intermediate"),
        (vocab.EVENT_TYPE, "Xóa tên đảng viên", "struck_off"),
        (vocab.EVENT_TYPE, "Xoá tên đảng viên", "struck_off"),
        (vocab.EVENT_TYPE, "Từ trần đảng viên", "died"),
        (vocab.EVENT_TYPE, "Khai trừ đảng viên", "expelled"),
    ],
)
def test_a_level_or_change_with_its_subject_is_read(voc: vocab.Vocabulary, typed: str, code: str) -> None:
    """Every level with "chính trị" after it, every change with "đảng viên" (as "Kết nạp đảng viên")."""
    term = voc.lookup(typed)
    assert term is not None and term.code == code, typed


def test_a_shared_tail_does_not_suggest_a_value_of_another_kind(tmp_path: Path) -> None:
    """In a real file: the values the tester typed are read, or get no suggestion, or the
    value meant; never "Kết nạp" for a death, "Cao cấp" for "Sơ cấp", "Chưa qua đào tạo" for
    a master's degree."""
    members = clean_members()
    members[0] = {**members[0], "theory_level": "Sơ cấp chính trị"}
    members[1] = {**members[1], "prof_level": "Cao học"}
    members[2] = {**members[2], "prof_level": "Sau đại học", "occupation": "Doanh nhân"}
    events = clean_events()
    events[1] = {**events[1], "event_type": "Từ trần đảng viênn"}
    path = write(tmp_path, members=members, events=events)
    result = run(path)
    suggestions = {
        i.cell: i.message.partition("(có phải ")[2].partition(")")[0]
        for i in result.issues
        if i.code in ("member.not_allowed", "event.not_allowed")
    }
    assert suggestions == {
        layout.MEMBERS.cell("prof_level", 3): "",
        layout.MEMBERS.cell("prof_level", 4): "",
        layout.MEMBERS.cell("occupation", 4): "",
        layout.EVENTS.cell("event_type", 3): "“Từ trần”?",
    }
    assert read_submission(path).members["theory_level"].tolist()[0] == "elementary"


def test_the_message_of_an_unknown_value_suggests_nothing_unrelated(tmp_path: Path) -> None:
    result = run(write(tmp_path, members=_roll(gen_edu="Đại học"), events=clean_events()))
    (issue,) = [i for i in result.issues if i.code == "member.not_allowed"]
    assert issue.cell == layout.MEMBERS.cell("gen_edu", 2)
    assert "có phải" not in issue.message and "Tiểu học" not in issue.message
