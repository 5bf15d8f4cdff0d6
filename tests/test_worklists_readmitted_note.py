"""A readmission the work lists did not see (hunt105 F3, hunt106 F4).

F3: a member readmitted before the period has no `Kết nạp lại` row; only their own `Ghi chú`
says so ("Kết nạp lại ngày 05/5/2010"). Party age counts from the first admission minus the
time outside the Party, which the roll does not hold: the badge row must be red, quoting the
note, as a badge of a member with a `Kết nạp lại` row is.

F4: a member readmitted in the period whose roll keeps the first admission date, exempted from
a day between the first admission and the readmission: exempted while not a member, a
contradiction to check (validation warns, the exemptions list is red)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_worklists import REGISTRY, _member, d, list_rows, submission, three_members
from test_worklists_edges import lists

from toolkit.cli import main
from toolkit.core import layout
from toolkit.outputs.registry_file import write_registry

CB02, CB01, CB03 = REGISTRY.organisations


# --- F3: "Kết nạp lại" said only in the member's own note ----------------------------------------


@pytest.mark.parametrize(
    "note",
    [
        "Kết nạp lại ngày 05/5/2010",
        "Đảng viên kết nạp lại, tuổi đảng tính từ lần đầu",
        "KẾT NẠP LẠI năm 2012",
        "đã được  kết   nạp lại",
        "Ket nap lai ngay 5/5/2010",
        "Kết nạp lai 2011",  # a tone left out
        "Kết nạp lại (QĐ 12-QĐ/ĐU)",
        "Kết nạp lại (không rõ năm)",  # a bracket that waits for nothing (review326)
        "Đảng viên tái kết nạp",
        "Kết nạp lần đầu 1966, kết nạp lại 2010",
    ],
)
def test_a_note_saying_readmitted_is_read(note: str) -> None:
    from toolkit.core.left_party import note_says_readmitted

    assert note_says_readmitted(note), note


@pytest.mark.parametrize(
    "note",
    [
        None,
        "",
        "Kết nạp ngày 05/5/2010",
        "Chưa kết nạp lại",
        "chưa được kết nạp lại",
        "Đề nghị kết nạp lại",
        "Không phải kết nạp lại",
        "Không phải là đảng viên kết nạp lại",
        "Xin kết nạp lại",
        "Đang làm hồ sơ kết nạp lại",
        "Chờ kết nạp lại",
        "Dự kiến kết nạp lại năm 2026",
        "Sẽ kết nạp lại",
        "Khôi phục đảng tịch 2010",
        "Kết nạp tại chi bộ quân đội",
        # A wait said after it, in the clause or in brackets, as before it (review326).
        "Hồ sơ kết nạp lại đang xét",
        "Kết nạp lại năm 2010 (chờ QĐ)",
        "Kết nạp lại (đang chờ huyện duyệt)",
    ],
)
def test_a_note_not_saying_readmitted_is_not_read(note: str | None) -> None:
    from toolkit.core.left_party import note_says_readmitted

    assert not note_says_readmitted(note), note


# Ordinary ways an office writes a readmission, and notes that name one without saying the member
# was readmitted: a relative's, a plan, a pending, refused or cancelled one, a question, a record
# "kết nạp lại" by mistake for "nộp lại" (hunt108). Each is read the same without its accents.
READ = [
    "KNL 2010",
    "Kết nạp lần 2 năm 2010",
    "Kết nạp lần hai năm 2010",
    "Được kết nạp vào Đảng lần thứ hai năm 2010",
    "Ngày vào Đảng lần 2: 03/02/2010",
    "K.N lại 2010",
    "Kết nạp Đảng lại năm 2010",
    "Theo hồ sơ kết nạp lại 2010",
    "Hồ sơ: kết nạp lại 2010",
    "Không tính tuổi đảng trước khi kết nạp lại",
    "Chưa tính lại tuổi đảng do kết nạp lại",
    "Chưa tính tuổi đảng, kết nạp lại 2010",
    "Đã được xem xét kết nạp lại năm 2010",
    "Kết nạp lại năm 2010 theo hồ sơ",
    "Đ/c Huy kết nạp lại 2010",
    "Chi bộ đã kết nạp lại năm 2010",
    "Bà được kết nạp lại năm 2010",
    "Ghi lại ngày kết nạp lại cho đúng",  # the member has a readmission date
    "Xin ra khỏi Đảng, kết nạp lại năm 2010",
    "Kết nạp lại 2010 (chưa đổi thẻ)",
]
NOT_READ = [
    "Vợ được kết nạp lại năm 2015",
    "Con trai kết nạp lại 2019",
    "Chồng là đảng viên kết nạp lại",
    "Đ/c Lan, mẹ đẻ được kết nạp lại 2012",
    "Kết nạp lại năm 2015 (vợ)",
    "Chờ quyết định kết nạp lại của Huyện ủy",
    "Đang chờ cấp trên duyệt kết nạp lại",
    "Hồ sơ kết nạp lại đang chờ huyện duyệt",
    "Trình hồ sơ kết nạp lại lên Đảng ủy",
    "Bị từ chối kết nạp lại",
    "Xét kết nạp lại năm 2027",
    "Sắp kết nạp lại",
    "Dự định kết nạp lại",
    "Tạm dừng xét kết nạp lại",
    "Hủy quyết định kết nạp lại",
    "Quyết định kết nạp lại bị hủy",
    "kết nạp lại? cần xác minh",
    "Cần xác minh có kết nạp lại không",
    "Kết nạp lại hồ sơ",
    "Đã kết nạp lại thẻ đảng",
    "KN lại Đảng tịch",
    "Không đủ điều kiện kết nạp lại",
    "Không có trường hợp kết nạp lại",
    "Không kết nạp lại mà phục hồi đảng tịch",
    "Kết nạp lần đầu năm 2000, không phải kết nạp lại",
    "Không phải trường hợp tái kết nạp",
    "Được kết nạp tại chi bộ lại chuyển về",
]


def _both(notes: list[str]) -> list[str]:
    from toolkit.core.vocab import accentless_key

    return [*notes, *(accentless_key(n) for n in notes)]


@pytest.mark.parametrize("note", _both(READ))
def test_an_ordinary_readmission_note_is_read(note: str) -> None:
    from toolkit.core.left_party import note_says_readmitted

    assert note_says_readmitted(note), note


@pytest.mark.parametrize("note", _both(NOT_READ))
def test_a_relative_plan_refusal_question_or_record_is_no_readmission(note: str) -> None:
    from toolkit.core.left_party import note_says_readmitted

    assert not note_says_readmitted(note), note


def _badge_ward(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "nop"
    cb01 = [
        *three_members("Một"),
        # 60 years on 01/05/2026 from the roll's admission (award 19/05/2026), readmitted in 2010.
        _member(
            "Lý Văn Phong",
            "05/05/1940",
            "male",
            "01/05/1966",
            "01/05/1967",
            note="Kết nạp lại ngày 05/5/2010",
        ),
        # 30 years on 19/05/2026 from the roll's admission.
        _member(
            "Lý Văn Quang",
            "05/05/1950",
            "male",
            "19/05/1996",
            "19/05/1997",
            note="Đảng viên kết nạp lại, tuổi đảng tính từ lần đầu",
        ),
        _member(
            "Lý Văn Sang", "05/05/1945", "male", "01/05/1966", "01/05/1967", note="ket  nap lai nam 2005"
        ),
        # Controls: a plain 60-year badge, and a note that says no readmission.
        _member("Lý Văn Thọ", "05/05/1941", "male", "01/05/1966", "01/05/1967"),
        _member("Lý Văn Tài", "05/05/1942", "male", "01/05/1966", "01/05/1967", note="Đề nghị kết nạp lại"),
        _member("Lý Văn Uy", "05/05/1943", "male", "01/05/1966", "01/05/1967", note="KNL 2010"),
        _member("Lý Văn Vinh", "05/05/1944", "male", "01/05/1966", "01/05/1967", note="Vợ kết nạp lại 2015"),
    ]
    submission(folder, CB01, cb01)
    submission(folder, CB02, three_members("Hai"))
    submission(folder, CB03, three_members("Ba"))
    return folder, write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")


def test_a_badge_of_a_member_whose_note_says_readmitted_is_red_quoting_the_note(tmp_path: Path) -> None:
    folder, registry = _badge_ward(tmp_path)
    out = tmp_path / "ds.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert result.exit_code == 0, result.output
    found = list_rows(out, "Huy hiệu Đảng")
    values, red = found["Lý Văn Phong"]
    assert red, values
    assert values[6] == 60
    assert values[9] == (
        "Tính lại tuổi đảng: cột “Ghi chú” của dòng này ghi “Kết nạp lại ngày 05/5/2010”: đảng viên "
        "kết nạp lại, tuổi đảng không tính thời gian ở ngoài Đảng, hãy kiểm tra tuổi đảng trước khi làm"
    ), values[9]
    for name, note in (
        ("Lý Văn Quang", "Đảng viên kết nạp lại, tuổi đảng tính từ lần đầu"),
        ("Lý Văn Sang", "ket nap lai nam 2005"),
        ("Lý Văn Uy", "KNL 2010"),
    ):
        values, red = found[name]
        assert red and f"“{note}”" in values[9], (name, values)
    # Controls: in black, without a note.
    for name in ("Lý Văn Thọ", "Lý Văn Tài", "Lý Văn Vinh"):
        values, red = found[name]
        assert not red and values[6] == 60 and values[9] is None, (name, values)
    # The rule line says what such a red row means.
    rule = openpyxl.load_workbook(out)["Huy hiệu Đảng"]["A4"].value
    assert "cột “Ghi chú” ghi kết nạp lại" in rule, rule


# --- F4: an exemption dated before the readmission ------------------------------------------------


def _exempt_ward(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "nop"
    cb01 = [
        *three_members("Một"),
        # Readmitted 10/01/2025, the roll keeps the first admission (1990); exempt from 01/06/2024.
        _member(
            "Lý Văn Phong",
            "05/05/1960",
            "male",
            "01/05/1990",
            "01/05/1991",
            exempt_from=d("01/06/2024"),
            exempt_reason="long_treatment",
        ),
        # Control: readmitted 10/01/2025, exempt from after it (01/02/2025): over 12 months, black.
        _member(
            "Lý Văn Quang",
            "05/05/1961",
            "male",
            "01/05/1990",
            "01/05/1991",
            exempt_from=d("01/02/2025"),
            exempt_reason="long_treatment",
        ),
    ]
    events = [
        {
            "full_name": name,
            "birth_date": d(birth),
            "event_type": "readmitted",
            "event_date": d("10/01/2025"),
            "decision_no": "12-QĐ/ĐU",
        }
        for name, birth in (("Lý Văn Phong", "05/05/1960"), ("Lý Văn Quang", "05/05/1961"))
    ]
    submission(folder, CB01, cb01, events=events)
    submission(folder, CB02, three_members("Hai"))
    submission(folder, CB03, three_members("Ba"))
    return folder, write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")


def test_an_exemption_before_the_readmission_is_red_on_the_exemptions_list(tmp_path: Path) -> None:
    folder, registry = _exempt_ward(tmp_path)
    out = tmp_path / "ds.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert result.exit_code == 0, result.output
    found = list_rows(out, "Miễn, tạm miễn")
    values, red = found["Lý Văn Phong"]
    assert red, values
    assert values[9] == (
        "Miễn từ 01/6/2024, trước ngày kết nạp lại 10/01/2025 (CB01.xlsx, Biến động dòng 2): hai ngày "
        "trái nhau, hãy kiểm tra; tính từ ngày kết nạp lại, tạm miễn đã được 14 tháng (quá 12 tháng)"
    ), values[9]
    assert values[8].date() == d("10/01/2026")  # 12 months from the readmission
    values, red = found["Lý Văn Quang"]
    assert not red and values[9] == "Tạm miễn đã được 13 tháng (quá 12 tháng)", values


def test_validate_warns_of_an_exemption_before_the_readmission(tmp_path: Path) -> None:
    folder, registry = _exempt_ward(tmp_path)
    args = ["validate", str(folder), "--registry", str(registry), "--personal-data"]
    result = CliRunner().invoke(main, args)
    said = " ".join(result.output.split())
    phong = layout.MEMBERS.cell("exempt_from", 5)
    quang = layout.MEMBERS.cell("exempt_from", 6)
    assert f"Đảng viên!{phong} (member.exempt_before_readmission)" in said, result.output
    assert f"Đảng viên!{quang} (member.exempt_before_readmission)" not in said, result.output
    assert (
        "Miễn công tác, sinh hoạt từ 01/06/2024, trước ngày kết nạp lại 10/01/2025 (CB01.xlsx, Biến động "
        "dòng 2): khi đó người này chưa là đảng viên"
    ) in said, result.output
    # The months of the exemption count from the readmission (12 months end 10/01/2026).
    assert "đã quá 12 tháng (từ 10/01/2026)" in said, result.output
    hidden = CliRunner().invoke(main, ["validate", str(folder), "--registry", str(registry)])
    said = " ".join(hidden.output.split())
    assert "trước ngày kết nạp lại [đã ẩn] (CB01.xlsx, Biến động dòng 2)" in said, hidden.output
    assert "10/01/2025" not in said, hidden.output
