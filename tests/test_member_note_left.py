"""Members who left but were kept on the roll with the departure written in `Ghi chú` (“Đã
chuyển sinh hoạt đi ngày 15/2/2026”, “Đã từ trần ngày 3/1/2026”, “Xóa tên tháng 2/2026”) were
counted without a word (hunt72 #2). Now such a row is `member.note_left`, a warning at the note
telling the secretary to delete the row and record the change on `Biến động`; a note of a
member who came, moved for a while or lost a card is not said."""

from __future__ import annotations

from pathlib import Path

from helpers_validate import clean_members, run, write

from toolkit.core.rules import RULES

CODE = "member.note_left"

LEFT = [
    "Đã chuyển sinh hoạt đi ngày 15/2/2026",
    "Đã từ trần ngày 3/1/2026",
    "Xóa tên tháng 2/2026",
    "DA CHUYEN SINH HOAT DI",  # no accents, upper case
    "Xin ra khỏi Đảng",
    "Bị khai trừ",
    "Từ trần",
    "Đã mất ngày 5/1/2026",
    "Qua đời 12/2025",
    "Chuyển sinh hoạt đi Đảng bộ phường X",
    "Ông đã mất ngày 5/1/2026",  # "ông" alone: the member himself, said so in an office's notes
    "Đã chuyển đi 3/2026",
]
STAYED = [
    "Chuyển sinh hoạt đến ngày 1/2/2026",
    "Chuyển đến từ phường khác",
    "Chuyển sinh hoạt tạm thời đi Hà Nội",
    "Đã mất thẻ đảng viên",
    "Hoàn cảnh khó khăn, chồng đã mất năm 2020",  # a relative's death, not the member's
    "Bố từ trần, nhà neo người",
    # A relative moved or died: a kin word opens the note (hunt74 #3).
    "con trai chuyển đi Hà Nội",
    "Vợ đã chuyển đi",
    "Chồng chuyển sinh hoạt đi",
    "Anh trai đã mất",
    "Em gái đã mất",
    "Anh đã mất",
    "Ông nội từ trần",
    "Bà ngoại từ trần",
    # A negation or a proposal.
    "Không xóa tên",
    "Chưa xóa tên",
    "Đề nghị xóa tên",
    # "Đã mất" of something else.
    "Đã mất sức lao động",
    "Đã mất khả năng nhận thức",
    "Đã mất liên lạc",
    # Temporary, not the Party's, or undone.
    "Chuyển SH đi phường khác tạm thời",
    "chuyển đi khám bệnh",
    "Đã chuyển đi ở với con, vẫn sinh hoạt",
    "Khai trừ 2024, đã kết nạp lại",
]


def _with_notes(notes: list[str]) -> list[dict[str, object]]:
    rows = clean_members()
    extra = [
        {
            **rows[0],
            "row_no": 6 + n,
            "full_name": f"Nguyễn Văn Bảo {chr(65 + n)}",
            "card_no": f"0999{n:04d}",
            "note": note,
        }
        for n, note in enumerate(notes)
    ]
    return [*rows, *extra]


def test_a_note_saying_the_member_left_is_said_at_the_note(tmp_path: Path) -> None:
    issues = [i for i in run(write(tmp_path, members=_with_notes(LEFT))).issues if i.code == CODE]
    assert RULES[CODE].severity == "warning"
    assert [(i.sheet, i.cell) for i in issues] == [("Đảng viên", f"U{7 + n}") for n in range(len(LEFT))]
    message = issues[0].message
    assert "“Đã chuyển sinh hoạt đi ngày 15/2/2026”" in message
    assert "hãy xóa dòng này khỏi sheet “Đảng viên”" in message and "ghi vào sheet “Biến động”" in message
    assert "15/2/2026" not in issues[0].without_personal_data().message


def test_a_note_of_a_member_who_stays_is_not_said(tmp_path: Path) -> None:
    issues = run(write(tmp_path, members=_with_notes(STAYED))).issues
    assert [i.cell for i in issues if i.code == CODE] == []
