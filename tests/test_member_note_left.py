"""Members who left but were kept on the roll with the departure written in `Ghi chú` (“Đã
chuyển sinh hoạt đi ngày 15/2/2026”, “Đã từ trần ngày 3/1/2026”, “Xóa tên tháng 2/2026”) were
counted without a word (hunt72 #2). Now such a row is `member.note_left`, a warning at the note
telling the secretary to delete the row and record the change on `Biến động`; a note of a
member who came, moved for a while or lost a card is not said."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_validate import clean_members, run, write

from toolkit.cli import main
from toolkit.core import vocab
from toolkit.core.left_party import note_says_left
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


def _letters(n: int) -> str:
    """A name's last word of its own for row ``n``: A … Z, AA, AB …"""
    return chr(65 + n) if n < 26 else chr(64 + n // 26) + chr(65 + n % 26)


def _with_notes(notes: list[str]) -> list[dict[str, object]]:
    rows = clean_members()
    extra = [
        {
            **rows[0],
            "row_no": 6 + n,
            "full_name": f"Nguyễn Văn Bảo {_letters(n)}",
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


# hunt78: notes said of a member who stays (a list of the office's, a move between Party bodies
# long ago, a relative's death written after it, a transfer not received), and departures
# missed ("chính thức", "SHĐ", a bare "chuyển đi" before a place, "sang", "chết", "hy sinh").
HUNT78_STAYED = [
    "Xóa tên khỏi danh sách đi làm ăn xa",
    "Xóa tên khỏi danh sách tạm miễn",
    "Xóa tên trong danh sách miễn sinh hoạt",
    "Ra khỏi Đảng bộ Quân sự năm 2000, về sinh hoạt tại địa phương",
    "Mất (vợ)",
    "Mất ngày 3/5 (mẹ đẻ)",
    "Đã mất, bố của đ/c",
    "Chuyển sinh hoạt đi nhưng chưa nhận",
    "Từ trần? cần xác minh",
    "Chuyển đi Hà Nội điều trị",
    # Quiet before, quiet still.
    "chuyển từ chi bộ 3 đến",
    "Mất sổ thẻ đảng, đã cấp lại",
    "Bố mất năm 2020",
    "Không chuyển",
    "Mất sức lao động",
    "Đã mất thẻ",
    "Chuyển đi khám bệnh",
    "Đề nghị xóa tên",
    "Con trai chuyển đi",
    "Chuyển sinh hoạt tạm thời đi làm ăn xa",
]
HUNT78_LEFT = [
    "Chuyển sinh hoạt đảng chính thức đi Đảng bộ phường Bến Nghé",
    "Đã chuyển sinh hoạt đảng chính thức đi",
    "Chuyển sinh hoạt chính thức đi",
    "Đã chuyển SHĐ đi",
    "chuyển đi Hà Nội",
    "Chuyển đi phường Bến Nghé",
    "Đã chuyển đi theo giấy giới thiệu 25-GGT/ĐU",
    "Chuyển sinh hoạt sang chi bộ khác",
    "Đã chết",
    "Hy sinh",
    # Said before, said still.
    "Xóa tên khỏi danh sách đảng viên",
    "Ra khỏi Đảng",
    "Đã mất ngày 5/1/2026, chi bộ đã viếng",
]

# hunt83: a member who arrived or came back was said to have left ("sang đây", "sang từ …",
# "sang … từ <date>", "chuyển về lại", "nay đã chuyển về"); a death was missed for a relative
# read further on, inside a place ("TP. Hồ Chí Minh": "Chí" read as chị, "Bà Rịa", "Ba Đình") or
# the relative who told of it, or before "tại"; a move missed before "tháng <date>", "TP. HCM"
# and "về" another body.
HUNT83_LEFT = [
    "Đã từ trần ngày 10/3/2026 tại TP. Hồ Chí Minh",
    "Từ trần ngày 3/3/2026 tại Bệnh viện Bà Rịa",
    "Từ trần 2/2026 tại quận Ba Đình",
    "Chuyển sinh hoạt đi tháng 3/2026",
    "Chuyển sinh hoạt đảng chính thức về Đảng bộ phường Tân Định",
    "Đã chuyển đi TP. HCM ngày 3/2",
    "Đã mất tại Bệnh viện Bạch Mai ngày 5/1/2026",
    "Từ trần ngày 5/2/2026, con trai báo tin",
]
HUNT83_STAYED = [
    "Chuyển sinh hoạt sang Đảng bộ phường từ 01/7/2025 (sắp xếp đơn vị hành chính)",
    "Đã chuyển sinh hoạt sang đây từ 2020",
    "Chuyển sinh hoạt sang từ Đảng bộ xã An Phú",
    "Chuyển đi năm 2019, chuyển về lại năm 2023",
    "Chuyển sinh hoạt đi 3/2025, nay đã chuyển về chi bộ",
    # Near them, quiet: an arrival "về" this chi bộ, a relative closing a dated death, a loss.
    "Chuyển sinh hoạt về chi bộ",
    "Đã chuyển sinh hoạt đảng về nơi cư trú theo QĐ 213",
    "Mất 2/2026 - chồng",
    "Mất ngày 3/5, mẹ đẻ",
    "Đã mất tài sản",
]


# hunt87: an arrival to this ward's body ("về phường", "về Đảng bộ phường" with no other body's
# name: "phường ngày" was read as a place), a relative named after "là …" or after a place and a
# date, a return later in the note, a trip's purpose after the date were said to have left;
# "(con gái báo)" after a death's date is the relative who told of it. Another body named after
# "về" is still a departure.
HUNT87_STAYED = [
    "Chuyển SHĐ về phường ngày 15/01/2026",
    "Chuyển sinh hoạt về Đảng bộ phường ngày 3/3/2026",
    "Đã chuyển sinh hoạt về Đảng bộ phường (nhận ngày 3/3/2026)",
    "Từ trần ngày 5/2/2026 là bố đẻ của đồng chí",
    "Mất ngày 2/2/2026, là mẹ của đ/c",
    "Mất tại nhà ngày 3/3 (vợ)",
    "Mất tại nhà (vợ)",
    "Chuyển đi tháng 1/2026, tháng 3/2026 chuyển về",
    "Chuyển đi 1/2026; đã chuyển về 3/2026",
    "Chuyển đi ngày 3/3/2026 để chữa bệnh",
]
HUNT87_LEFT = [
    "Từ trần ngày 3/3/2026 (con gái báo)",
    "Từ trần tại nhà riêng (con trai báo tin)",
    "Chuyển sinh hoạt về Đảng bộ xã An Phú",
    "Chuyển sinh hoạt về Đảng bộ phường Tân Định",
]

# hunt88 (fixAF): a member who moved to their home town ("chuyển về quê") and an undated death
# a relative told of ("Từ trần (con gái báo)") were missed; a soldier or policeman who came to the
# ward ("Chuyển sinh hoạt ra khỏi quân đội, về phường") was said to have left. A visit home, for a
# while or for a purpose, and an arrival to this ward stay quiet; a move to another ward, or into
# the armed forces, is still a departure.
HUNT88_LEFT = [
    "chuyển về quê",
    "đã chuyển về quê sinh sống",
    "chuyển về quê ở Nam Định",
    "Đã chuyển về quê Thái Bình",
    "Chuyển về quê ngày 15 tháng 3 năm 2026",
    "Chuyển sinh hoạt về quê",
    "Đã về quê sinh sống",
    "Về quê định cư từ 2025",
    "Từ trần (con gái báo)",
    "Đã từ trần (con trai báo tin)",
    "Mất (con gái đ/c báo)",
    "Từ trần, vợ báo tin",
    "Chuyển sinh hoạt đi Công an tỉnh",
    "Chuyển sinh hoạt đi Đảng bộ Quân sự tỉnh",
    "Chuyển sinh hoạt đi ngày 3/3/2026, về phường Bến Nghé",
]
HUNT88_STAYED = [
    "ra khỏi quân đội, về phường",
    "xuất ngũ về phường",
    "ra quân, về sinh hoạt tại phường",
    "Chuyển sinh hoạt ra khỏi quân đội, về phường",
    "Chuyển SHĐ ra khỏi Đảng bộ Quân sự, về sinh hoạt tại phường",
    "Chuyển sinh hoạt đảng ra ngoài quân đội",
    "Chuyển sinh hoạt đi từ Công an tỉnh về phường",
    "Chuyển sinh hoạt ra khỏi đơn vị, về Đảng bộ phường",
    "về quê thăm gia đình 1 tuần",
    "Về quê ăn Tết",
    "Chuyển về quê 1 tháng",
    "Chuyển về quê vài hôm",
    "Chuyển về quê chăm sóc mẹ ốm",
    "Chuyển về quê, vẫn sinh hoạt",
    "Chuyển về quê năm 2019, nay đã chuyển về",
    "Vợ chuyển về quê",
    "Chuyển từ quê về",
    "chuyển về phường",
    "Chuyển về phường ngày 3/3/2026",
    "Từ trần (con gái)",
    "Mất vợ, báo cáo chi bộ",
]


# hunt92 (fixAI): a departure after "Đ/c", "Đc", "Đ.c", "Đồng chí", "Ông/Bà <Name>", a decision
# ("Đã có QĐ xóa tên") or the reason of a striking off ("Tự ý bỏ sinh hoạt, đã xóa tên") was said
# only of a death or not at all; dates with dashes ("3-3-2026"), without a year ("3/3"), "T3/2026"
# or after "từ" were not read as dates; a death for a cause ("do bệnh", "vì ung thư"), "tử vong",
# and a death the note also says is not yet handled ("chưa nộp thẻ", "nhưng chưa làm thủ tục",
# "(đã xác minh)", "tạm thời chưa xóa tên": a death is never temporary) were missed. A relative's
# death with a kin word the rule lacked ("má", "thân phụ", "nhạc mẫu", "người nhà", "là bố chồng
# đ/c", "mẹ đẻ đồng chí" after a date, a relative after a bracketed aside), an arrival to a part of
# the ward ("Khu phố 5", "Tổ dân phố 7"), to the ward's new body after the merger ("phường mới",
# "sáp nhập") and striking off from a list of members ("… danh sách đảng viên miễn sinh hoạt")
# were said to have left.
HUNT92_LEFT = [
    "Đ/c chuyển sinh hoạt đi",
    "Đ/c đã chuyển SHĐ đi phường 5",
    "Đ/c đã bị xóa tên",
    "Đc đã từ trần",
    "Đ.c đã mất",
    "Đ/C ĐÃ MẤT",
    "Đồng chí đã chuyển sinh hoạt đi",
    "Ông Nguyễn Văn A đã mất",
    "Bà Lê Thị Hoa chuyển sinh hoạt đi Đảng bộ xã An Phú",
    "Đã có QĐ xóa tên",
    "Có quyết định xóa tên số 15-QĐ/ĐU",
    "QĐ xóa tên ngày 3/3/2026",
    "Đã có quyết định khai trừ",
    "Tự ý bỏ sinh hoạt, đã xóa tên",
    "Mất 3-3-2026",
    "Đã mất 15-02-2026",
    "Chuyển đi 15-3-2026",
    "Từ trần 3-2026",
    "Mất 3/3",
    "Mất T3/2026",
    "Chuyển đi từ ngày 3/3/2026",
    "Đã chuyển đi từ 01/3/2026",
    "Đã mất do bệnh",
    "Mất vì ung thư",
    "Mất vì bệnh hiểm nghèo ngày 2/3/2026",
    "Tử vong",
    "Đã tử vong ngày 3/3/2026",
    "Tử vong do tai nạn",
    "Đã mất, gia đình chưa nộp thẻ đảng",
    "Đã từ trần nhưng chưa làm thủ tục",
    "Từ trần ngày 3/3/2026 (đã xác minh)",
    "Từ trần, tạm thời chưa xóa tên",
    # Near the quiet ones below, said.
    "Hy sinh (liệt sĩ)",
    "Mất (ốm) - con trai báo",
    "Xóa tên khỏi danh sách đảng viên của chi bộ",
    "Chuyển sinh hoạt sang Đảng bộ phường 5",
]
HUNT92_STAYED = [
    # A relative, a negation, a proposal, a list: quiet after any opening.
    "Ông Nội từ trần",
    "Ông Bà đã mất",
    "Bà Ngoại đã mất",
    "Đ/c Lan: mẹ đẻ từ trần",
    "Chưa có QĐ xóa tên",
    "Bỏ sinh hoạt 3 tháng, đề nghị xóa tên",
    "QĐ xóa tên khỏi danh sách miễn sinh hoạt",
    # Dates: an arrival, a relative's death after a date written otherwise.
    "Chuyển đến từ ngày 3/3/2026",
    "Chuyển đi từ Công an tỉnh về phường",
    "Mất 3-3-2026 (mẹ)",
    "Mất T3/2026 - chồng",
    # A relative's death.
    "Đã mất, là bố chồng đ/c",
    "Mất (người nhà)",
    "Từ trần (thân phụ)",
    "Mất ngày 3/3/2026 (thân mẫu đ/c)",
    "Mất (má)",
    "Mất ngày 3/3/2026 (má ruột)",
    "Từ trần ngày 3/3 (nhạc phụ)",
    "Mất (nhạc mẫu)",
    "Mất ngày 3/3/2026 mẹ đẻ đồng chí",
    "Hy sinh (liệt sĩ) - bố của đ/c",
    "Tử vong (vợ)",
    "Vợ tử vong",
    "Tử vong ngày 3/3/2026 (mẹ đẻ)",
    # A loss, a doubt.
    "Mất do thất lạc",
    "Đã mất?",
    "Đã tử vong?",
    "Đã mất, chưa xác minh",
    # A part of the ward, the ward after the merger, a list of members.
    "Chuyển sinh hoạt về Khu phố 5",
    "Chuyển sinh hoạt về Tổ dân phố 7",
    "Chuyển sinh hoạt sang Đảng bộ phường mới sau sáp nhập",
    "Chuyển SH sang phường mới",
    "Chuyển sinh hoạt về Đảng bộ phường Mẫu (sáp nhập)",
    "Xóa tên khỏi danh sách Đảng viên miễn sinh hoạt",
    "Xóa tên trong danh sách đảng viên đi làm ăn xa",
]


# hunt96 (fixAN): a fraction after "Mất" was read as a date without a year ("Mất 2/3 thị lực"); a
# relative named by a kin word the rule lacked ("cô", "dì", "chú", "bác", "cậu", "thím", "mợ",
# "dượng", "thân sinh", "phụ thân", "phu nhân", "ông bà nội", "(liệt sĩ, bố đẻ)"), a striking off
# some other list, book or group ("… đảng viên diện miễn / nghỉ sinh hoạt / dự bị", "sổ theo dõi",
# "nhóm Zalo", "hộ khẩu", "Hội Người cao tuổi"), "Ông/Bà" before a kin word ("Ông Dượng", "Bà
# Sui", "Ông Trẻ", "Bà Thông gia") and a person named Mất or Chết ("Ông Mất, tổ 5") were said to
# have left. A place whose first word is one the rule reads as no name ("Đà Nẵng", "Nam Định",
# "Từ Sơn", "Cửa Lò"), a move away to another ward the note says was merged, a departure "đã xác
# minh", a striking off whose paperwork is pending ("chưa nộp thẻ", "nhưng chưa báo cáo"), "Đảng
# viên/ĐV đã mất", "Vừa mất", "Mất hưởng thọ …", "Mất đột ngột", "Chết đuối" and "ra nước ngoài"
# were missed.
HUNT96_LEFT = [
    "Chuyển đi Đà Nẵng",
    "Chuyển đi Đà Lạt",
    "Chuyển sinh hoạt về Đà Nẵng",
    "Chuyển sinh hoạt về Nam Định",
    "Chuyển đi Nam Định ngày 3/3/2026",
    "Chuyển sinh hoạt sang chi bộ khác",
    "Chuyển sinh hoạt sang Đảng bộ xã An Phú",
    "Chuyển đi Từ Sơn",
    "Chuyển sinh hoạt về Cửa Lò",
    "Đã chuyển sinh hoạt đi Lục Ngạn",
    "Chuyển sinh hoạt đi Đảng bộ phường Tân Định (phường mới sau sáp nhập)",
    "Chuyển sinh hoạt đi TP.HCM (đã xác minh)",
    "Chuyển sinh hoạt đi TP.HCM, đã xác minh",
    "Đã khai trừ, chưa nộp thẻ",
    "Xóa tên, chưa nộp thẻ đảng",
    "Đã xóa tên nhưng chưa báo cáo Đảng ủy",
    "Đã xóa tên",
    "Xóa tên khỏi danh sách đảng viên của chi bộ",
    "Đã xóa tên khỏi sổ đảng viên",
    "Mất 2/3",
    "Mất 3/3, tại nhà",
    "Mất ngày 3/3 tại nhà riêng",
    "Từ trần 2/3 tại bệnh viện",
    "Từ trần, có con trai báo tin",
    "Mất ngày 3/3/2026 trên đường về nhà",
    "Ông Dương Văn Minh đã mất",
    "Ông Mất Văn Hùng đã mất",
    "Đảng viên đã mất",
    "ĐV đã mất",
    "Đảng viên đã chuyển sinh hoạt đi",
    "Vừa mất",
    "Mới mất tháng trước",
    "Vừa qua đời 3/2026",
    "Mất hưởng thọ 85 tuổi",
    "Đã mất hưởng thọ 90 tuổi",
    "Đã mất đột ngột ngày 3/3/2026",
    "Mất đột ngột",
    "Chết đuối",
    "Chuyển sinh hoạt ra nước ngoài",
    "Mất ngày 3/3/2026",
    "Bị khai trừ khỏi Đảng 2015",
    "Tự ý bỏ sinh hoạt, chi bộ đã xóa tên",
    "Vi phạm, bị khai trừ ngày 3/3/2026",
    "Chuyển sinh hoạt đi Đảng bộ xã Tân An (con trai báo)",
    "Mất (có giấy báo tử)",
    "Đã mất (mổ tim)",
]
HUNT96_STAYED = [
    "Mất 2/3 thị lực",
    "Mất 1/2 bàn tay trái",
    "Mất 3/4 sức lao động",
    "Mất 4/5 ngón tay",
    "Đã mất 2/3 sức lao động",
    "Mất (bác ruột)",
    "Đã mất (chú)",
    "Mất ngày 3/3 (cô ruột)",
    "Mất ngày 3/3/2026 (dì)",
    "Mất ngày 3/3 (dì ruột)",
    "Mất ngày 3/3 (cậu ruột)",
    "Mất ngày 3/3 (thím)",
    "Mất ngày 3/3 (mợ)",
    "Mất ngày 3/3 (dượng)",
    "Mất ngày 3/3 (thân sinh)",
    "Mất ngày 3/3 (cụ thân sinh)",
    "Mất ngày 3/3 (phụ thân)",
    "Mất năm 2024 (phu nhân)",
    "Từ trần, là chú ruột đ/c",
    "Từ trần, là cô của đ/c",
    "Từ trần ngày 3/3/2026 - ông bà nội",
    "Hy sinh năm 1968 (liệt sĩ, bố đẻ)",
    "Hy sinh (liệt sĩ, anh trai)",
    "Xóa tên khỏi DS đảng viên diện miễn sinh hoạt",
    "Xóa tên khỏi danh sách đảng viên nghỉ sinh hoạt",
    "Đã xóa tên khỏi danh sách đảng viên dự bị (đã chuyển chính thức)",
    "Đã xóa tên khỏi sổ theo dõi đi làm ăn xa",
    "Đã xóa tên trong sổ theo dõi đảng viên đi làm ăn xa",
    "Đã xóa tên khỏi nhóm Zalo chi bộ",
    "Đã xóa tên khỏi hộ khẩu cũ",
    "Đã xóa tên khỏi Hội Người cao tuổi",
    "Ông Dượng đã mất",
    "Bà Sui đã mất",
    "Ông Trẻ từ trần",
    "Bà Thông gia đã mất 2/2026",
    "Ông Mất",
    "Ông Mất, tổ 5",
    "Ông Chết",
    "Bà Chết",
    "Ông Nguyễn Văn Mất",
    "Chuyển đi Nam Định điều trị",
    "Con trai chuyển đi Đà Nẵng",
    "Chuyển sinh hoạt về Khu Phố 5",
    "Chuyển sinh hoạt về Đảng bộ phường Mẫu (sáp nhập)",
    "Chuyển sinh hoạt đi phường mới (sáp nhập)",
    "Chuyển sinh hoạt đi (sau sáp nhập)",
    "Đề nghị xóa tên",
    "Xóa tên nhưng chưa có quyết định",
    "Đã chuyển sinh hoạt đi, chưa nhận được giấy",
    "Chuyển sinh hoạt đi TP.HCM, cần xác minh",
    "Chuyển sinh hoạt đi TP.HCM, xác minh lại",
    "Đã khai trừ? chưa nộp thẻ",
    "Chết đuối hụt năm 2024, đã khỏe",
    "Đảng viên đã mất thẻ",
    "Vừa mất thẻ đảng",
    "Mất hưởng trợ cấp",
    "Mất ngày công",
    "Mất năm 1972, liệt sĩ - bố đẻ",
    "Bị khai trừ khỏi Hội Cựu chiến binh 2015, vẫn là đảng viên",
    "Chuyển sinh hoạt đi Đảng bộ xã Tân An (chồng)",
    "Chuyển đi Đà Nẵng (con trai)",
    "Chuyển sinh hoạt ra khỏi Đảng bộ phường cũ (sau sáp nhập)",
    "Chuyển sinh hoạt sang Khu phố 4",
    "Chuyển sinh hoạt sang tổ dân phố 12",
    "Chuyển sinh hoạt sang chi bộ khu phố 7 cùng phường",
    "Chuyển sinh hoạt sang chi bộ 5",
    "Chuyển SH sang tổ 7",
    "Vi phạm, đề nghị xóa tên",
]


def _accentless(notes: list[str]) -> list[str]:
    return [vocab.accentless_key(n) for n in notes]


@pytest.mark.parametrize(
    ("note", "left"),
    [
        *((n, True) for n in [*LEFT, *HUNT78_LEFT, *_accentless(HUNT78_LEFT)]),
        *((n, False) for n in [*STAYED, *HUNT78_STAYED, *_accentless(HUNT78_STAYED)]),
        *((n, True) for n in [*HUNT83_LEFT, *_accentless(HUNT83_LEFT)]),
        *((n, False) for n in [*HUNT83_STAYED, *_accentless(HUNT83_STAYED)]),
        *((n, True) for n in [*HUNT87_LEFT, *_accentless(HUNT87_LEFT)]),
        *((n, False) for n in [*HUNT87_STAYED, *_accentless(HUNT87_STAYED)]),
        *((n, True) for n in [*HUNT88_LEFT, *_accentless(HUNT88_LEFT)]),
        *((n, False) for n in [*HUNT88_STAYED, *_accentless(HUNT88_STAYED)]),
        *((n, True) for n in [*HUNT92_LEFT, *_accentless(HUNT92_LEFT)]),
        *((n, False) for n in [*HUNT92_STAYED, *_accentless(HUNT92_STAYED)]),
        *((n, True) for n in [*HUNT96_LEFT, *_accentless(HUNT96_LEFT)]),
        *((n, False) for n in [*HUNT96_STAYED, *_accentless(HUNT96_STAYED)]),
    ],
)
def test_the_notes_said_and_not_said(note: str, left: bool) -> None:
    assert note_says_left(note) is left


def test_the_notes_of_hunt78_are_said_and_not_said_in_a_real_file(tmp_path: Path) -> None:
    notes = [*HUNT78_LEFT, *_accentless(HUNT78_LEFT), *HUNT78_STAYED, *_accentless(HUNT78_STAYED)]
    issues = [i for i in run(write(tmp_path, members=_with_notes(notes))).issues if i.code == CODE]
    said = {i.cell for i in issues}
    assert said == {f"U{7 + n}" for n in range(2 * len(HUNT78_LEFT))}


def test_the_notes_of_hunt83_are_said_and_not_said_in_a_real_file(tmp_path: Path) -> None:
    notes = [*HUNT83_LEFT, *_accentless(HUNT83_LEFT), *HUNT83_STAYED, *_accentless(HUNT83_STAYED)]
    issues = [i for i in run(write(tmp_path, members=_with_notes(notes))).issues if i.code == CODE]
    said = {i.cell for i in issues}
    assert said == {f"U{7 + n}" for n in range(2 * len(HUNT83_LEFT))}


def test_the_notes_of_hunt87_are_said_and_not_said_in_a_real_file(tmp_path: Path) -> None:
    notes = [*HUNT87_LEFT, *_accentless(HUNT87_LEFT), *HUNT87_STAYED, *_accentless(HUNT87_STAYED)]
    issues = [i for i in run(write(tmp_path, members=_with_notes(notes))).issues if i.code == CODE]
    said = {i.cell for i in issues}
    assert said == {f"U{7 + n}" for n in range(2 * len(HUNT87_LEFT))}


def test_the_notes_of_hunt88_are_said_and_not_said_by_the_validate_command(tmp_path: Path) -> None:
    notes = [*HUNT88_LEFT, *_accentless(HUNT88_LEFT), *HUNT88_STAYED, *_accentless(HUNT88_STAYED)]
    path = write(tmp_path, members=_with_notes(notes))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    said = set(re.findall(rf"\[Cảnh báo\] Đảng viên!(U\d+) \({re.escape(CODE)}\)", result.stdout))
    assert said == {f"U{7 + n}" for n in range(2 * len(HUNT88_LEFT))}, result.stdout
    assert f"0 lỗi, {2 * len(HUNT88_LEFT)} cảnh báo" in result.stdout


def test_the_notes_of_hunt92_are_said_and_not_said_by_the_validate_command(tmp_path: Path) -> None:
    notes = [*HUNT92_LEFT, *HUNT92_STAYED]
    path = write(tmp_path, members=_with_notes(notes))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    said = set(re.findall(rf"\[Cảnh báo\] Đảng viên!(U\d+) \({re.escape(CODE)}\)", result.stdout))
    assert said == {f"U{7 + n}" for n in range(len(HUNT92_LEFT))}, result.stdout
    assert f"0 lỗi, {len(HUNT92_LEFT)} cảnh báo" in result.stdout


def test_the_notes_of_hunt96_are_said_and_not_said_by_the_validate_command(tmp_path: Path) -> None:
    notes = [*HUNT96_LEFT, *_accentless(HUNT96_LEFT), *HUNT96_STAYED, *_accentless(HUNT96_STAYED)]
    path = write(tmp_path, members=_with_notes(notes))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    said = set(re.findall(rf"\[Cảnh báo\] Đảng viên!(U\d+) \({re.escape(CODE)}\)", result.stdout))
    assert said == {f"U{7 + n}" for n in range(2 * len(HUNT96_LEFT))}, result.stdout
    assert f"0 lỗi, {2 * len(HUNT96_LEFT)} cảnh báo" in result.stdout


# fixAT: a move closed by "rồi" ("Chuyển đi rồi"), an emigration ("Đã đi định cư ở Mỹ", "Định cư
# nước ngoài", "Đã xuất cảnh định cư") and a death of an illness ("Mất bệnh") were missed; a
# relative named after a death's cause ("Mất do bệnh (vợ)") was read as the member's death. A
# bare "Đã xuất cảnh" (any trip abroad), work abroad ("đi xuất khẩu lao động", a member working
# away) and "đi xa" ("Đã đi xa", "đi làm ăn xa": the office's word for working away) are not said;
# "đi xa mãi mãi", "ra đi mãi mãi" (a death) are.
FIXAT_LEFT = [
    "Đã chuyển sinh hoạt đi rồi",
    "Chuyển đi rồi",
    "Đã chuyển đi rồi.",
    "Chuyển sinh hoạt đi Đảng bộ xã An Phú rồi",
    "Đã đi định cư ở Mỹ",
    "Đi định cư nước ngoài năm 2024",
    "Định cư nước ngoài",
    "Đã định cư ở nước ngoài",
    "Định cư tại Úc từ 2019",
    "Đã xuất cảnh định cư",
    "Xuất cảnh định cư tại Canada",
    "Xuất cảnh sang Mỹ định cư",
    "Đã sang Mỹ định cư",
    "Đi nước ngoài định cư",
    "Mất bệnh",
    "Mất bệnh tim ngày 3/3/2026",
    "Đã chết bệnh",
    "Mất vì bệnh tim",
    "Mất do bệnh, con trai báo tin",
    "Đã mất rồi",
    "Đã đi xa mãi mãi",
    "Ra đi mãi mãi ngày 3/3/2026",
    # fixBA: a death with a cause, the member's; near the relative's below.
    "Đã mất do tai nạn",
    "Mất do bệnh - con trai báo tin",
    "Mất do tai nạn giao thông - 3/3/2026",
]
FIXAT_STAYED = [
    "Đã xuất cảnh",
    "Xuất cảnh du lịch",
    "Đã xuất cảnh du lịch Thái Lan 1 tuần",
    "Đi xuất khẩu lao động",
    "Đi xuất khẩu lao động ở Nhật",
    "Đã xuất cảnh đi xuất khẩu lao động",
    "Đi định cư thăm con 2 tuần",
    "Sang Mỹ thăm con định cư ở đó 3 tháng",
    "Định cư tại phường từ 2010",
    "Từ nước ngoài về định cư",
    "Về nước định cư năm 2015",
    "Đi định cư ở Mỹ, nay đã về nước",
    "Con trai đi định cư ở Mỹ",
    "Đi định cư ở Úc (con gái)",
    "Mất liên lạc",
    "Đã mất liên lạc",
    "Mất thẻ đảng",
    "Mất giấy tờ",
    "Mất bệnh án",
    "Mất do bệnh (vợ)",
    "Mất vì bệnh tim (mẹ đẻ)",
    # fixBA: a relative after a dash or a colon following a death with a cause was the member's.
    "Mất do bệnh - chồng",
    "Mất do bệnh – mẹ đẻ",
    "Mất do tai nạn - vợ",
    "Đã mất vì bệnh tim - bố của đ/c",
    "Mất do bệnh: chồng",
    "Mất do bệnh -chồng",
    "Mất bệnh, là bố của đ/c",
    "Mất rồi (vợ)",
    "Đã đi xa",
    "Đi làm ăn xa",
    "Đi làm xa",
    "Đi xa 3 tháng",
    "Đã đi xa, vẫn sinh hoạt",
    "Chuyển đi rồi chuyển về",
    "Chuyển sinh hoạt đi rồi, nay đã chuyển về",
]


@pytest.mark.parametrize(
    ("note", "left"),
    [
        *((n, True) for n in [*FIXAT_LEFT, *_accentless(FIXAT_LEFT)]),
        *((n, False) for n in [*FIXAT_STAYED, *_accentless(FIXAT_STAYED)]),
    ],
)
def test_the_notes_of_fixat_are_said_and_not_said(note: str, left: bool) -> None:
    assert note_says_left(note) is left


def test_the_notes_of_fixat_are_said_and_not_said_by_the_validate_command(tmp_path: Path) -> None:
    notes = [*FIXAT_LEFT, *_accentless(FIXAT_LEFT), *FIXAT_STAYED, *_accentless(FIXAT_STAYED)]
    path = write(tmp_path, members=_with_notes(notes))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    said = set(re.findall(rf"\[Cảnh báo\] Đảng viên!(U\d+) \({re.escape(CODE)}\)", result.stdout))
    assert said == {f"U{7 + n}" for n in range(2 * len(FIXAT_LEFT))}, result.stdout
    assert f"0 lỗi, {2 * len(FIXAT_LEFT)} cảnh báo" in result.stdout


# fixBJ (hunt107): a relative named anywhere after the death, not only right after it or its
# cause: after a cause longer than four words, after a place, a short kin word after a dash, after
# "của". A relative is named after punctuation (a dash, a comma, a bracket), "của" or "là", by a
# kin word standing alone or with its qualifier ("con trai", "mẹ đẻ", "bố chồng", "vợ đ/c"). The
# member's own death is still said: a relative's home as the place ("Mất tại nhà con gái"), a
# relative who told of it, a common word that is a kin word without accents ("còn", "có", "ba
# ngày"), a place that begins like one ("Côn Đảo").
FIXBJ_LEFT = [
    "Từ trần ngày 5/1/2026",
    "Đã mất",
    "Mất ngày 12/2/2026",
    "Chết",
    "Qua đời tại nhà",
    "Mất tại nhà riêng",
    "Đ/c mất ngày 3/3/2026",
    "Mất tại nhà con gái",
    "Mất tại nhà con trai ở Hà Nội",
    "Mất tại nhà của con gái",
    "Hy sinh tại Côn Đảo",
    "Hy sinh năm 1972 (Côn Đảo)",
    "Mất do tai nạn cùng vợ",
    "Mất do tai nạn giao thông, còn nợ đảng phí 2 tháng",
    "Mất do bệnh ung thư phổi, có giấy báo tử",
    "Mất tại bệnh viện, con trai báo tin",
    "Mất do bệnh ung thư phổi giai đoạn cuối (con gái báo)",
    "Mất tại Hà Nội - em trai đ/c báo tin",
    "Mất do bệnh, anh em trong chi bộ đã viếng",
    "Mất do tai nạn giao thông, ba ngày sau an táng",
    "Mất tại Bệnh viện Chợ Rẫy (TP. Hồ Chí Minh)",
    "Mất do bệnh, cô Lan tổ trưởng đã báo",
    "Mất tại TP. Hồ Chí Minh, thông báo của con trai",
]
FIXBJ_STAYED = [
    "Mất do tai nạn giao thông - em trai",
    "Mất do tai nạn giao thông (con trai)",
    "Mất do bệnh ung thư phổi - vợ",
    "Mất do bệnh ung thư phổi giai đoạn cuối (bố)",
    "Chết do tai nạn lao động, là con trai đ/c",
    "Mất tại bệnh viện - chồng",
    "Mất tại Hà Nội - con",
    "Mất ngày 5/1/2026 tại BV Chợ Rẫy (chồng)",
    "Mất do bệnh - bác",
    "Mất do bệnh - cô",
    "Mất do bệnh - chú",
    "Mất do bệnh - dượng",
    "Mất do bệnh - mợ",
    "Mất do bệnh - cậu",
    "Mất do bệnh của vợ",
    "Mất do bệnh tim của mẹ đẻ đ/c",
    "Từ trần ngày 3/3/2026 tại quê nhà - bố chồng",
    "Mất do đột quỵ tại bệnh viện tỉnh, là mẹ vợ của đồng chí",
    "Qua đời tại nhà riêng (ông nội)",
    "Mất do tai nạn giao thông trên đường đi làm (em gái)",
    "Mất tại Côn Đảo - bác ruột",
    "Hy sinh tại chiến trường miền Nam năm 1972 - bố đẻ",
    # A relative in brackets after a home, as after any place: the relative's death.
    "Mất tại nhà (con gái)",
    "Mất do bệnh (chồng chị Lan)",
]


@pytest.mark.parametrize(
    ("note", "left"),
    [
        *((n, True) for n in [*FIXBJ_LEFT, *_accentless(FIXBJ_LEFT)]),
        *((n, False) for n in [*FIXBJ_STAYED, *_accentless(FIXBJ_STAYED)]),
    ],
)
def test_the_notes_of_fixbj_are_said_and_not_said(note: str, left: bool) -> None:
    assert note_says_left(note) is left


def test_the_notes_of_fixbj_are_said_and_not_said_by_the_validate_command(tmp_path: Path) -> None:
    notes = [*FIXBJ_LEFT, *_accentless(FIXBJ_LEFT), *FIXBJ_STAYED, *_accentless(FIXBJ_STAYED)]
    path = write(tmp_path, members=_with_notes(notes))
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    said = set(re.findall(rf"\[Cảnh báo\] Đảng viên!(U\d+) \({re.escape(CODE)}\)", result.stdout))
    assert said == {f"U{7 + n}" for n in range(2 * len(FIXBJ_LEFT))}, result.stdout
    assert f"0 lỗi, {2 * len(FIXBJ_LEFT)} cảnh báo" in result.stdout
