"""A restored membership on the badge list (hunt320 F2).

Quy định 24-QĐ/TW (2021) counts party age from the admission decision minus the time out of the
Party (expelled, struck off); after a `Phục hồi đảng tịch` whether that gap counts depends on
the restoration decision. The roster does not hold it, so the badge row of a member with a
`Phục hồi đảng tịch` row (any file, by the cut-off), or whose own `Ghi chú` says the membership
was restored, is red, asking for the party age to be checked against the decision; it is not
recounted. A 30-year badge of a member restored on 01/06/2025 was proposed in black with no note.
Probation and exemptions do not read a restoration (a "Khôi phục đảng tịch" note is no
readmission: tests/test_worklists_readmitted_note.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers_worklists import REGISTRY, _member, d, list_rows, submission, three_members
from test_worklists_edges import lists

from toolkit.outputs.registry_file import write_registry

CB02, CB01, CB03 = REGISTRY.organisations
CHECK = "hãy kiểm tra tuổi đảng theo quyết định phục hồi đảng tịch trước khi làm"


def _restored(name: str, birth: str, day: str) -> dict[str, Any]:
    return {
        "full_name": name,
        "birth_date": d(birth),
        "event_type": "restored",
        "event_date": d(day),
        "decision_no": "11-QĐ/ĐU",
    }


def _ward(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "nop"
    cb01 = [
        *three_members("Một"),
        # 30 years on 10/05/2026 (award 19/05/2026); restored on 01/06/2025 (CB01's row 2).
        _member("Lý Văn Phục", "03/03/1970", "male", "10/05/1996", "10/05/1997"),
        # Restored by another organisation's file (CB02's row 2), probationary by the roll too.
        _member("Lý Văn Hưng", "04/04/1970", "male", "10/05/1996"),
        # Their own notes say the membership was restored.
        _member(
            "Lý Văn Hồi", "05/05/1940", "male", "01/05/1966", "01/05/1967", note="Phục hồi đảng tịch năm 2010"
        ),
        _member(
            "Lý Văn Khôi", "06/05/1940", "male", "01/05/1966", "01/05/1967", note="khoi phuc dang tich 2010"
        ),
        # Controls: a plain badge, a relative's restoration, a plan, a readmission row and note.
        _member("Lý Văn Thọ", "05/05/1941", "male", "01/05/1966", "01/05/1967"),
        _member(
            "Lý Văn Vinh", "05/05/1944", "male", "01/05/1966", "01/05/1967", note="Vợ được phục hồi đảng tịch"
        ),
        _member(
            "Lý Văn Tài", "05/05/1942", "male", "01/05/1966", "01/05/1967", note="Đề nghị phục hồi đảng tịch"
        ),
        _member(
            "Lý Văn Lại", "05/05/1943", "male", "01/05/1966", "01/05/1967", note="Phục hồi đảng tịch 2010"
        ),
    ]
    events = [
        _restored("Lý Văn Phục", "03/03/1970", "01/06/2025"),
        {
            "full_name": "Lý Văn Lại",
            "birth_date": d("05/05/1943"),
            "event_type": "readmitted",
            "event_date": d("10/01/2025"),
            "decision_no": "12-QĐ/ĐU",
        },
    ]
    submission(folder, CB01, cb01, events=events)
    submission(
        folder, CB02, three_members("Hai"), events=[_restored("Lý Văn Hưng", "04/04/1970", "01/07/2025")]
    )
    submission(folder, CB03, three_members("Ba"))
    return folder, write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")


@pytest.fixture
def made(tmp_path: Path) -> Path:
    folder, registry = _ward(tmp_path)
    out = tmp_path / "ds.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert result.exit_code == 0, result.output
    return out


def test_a_restored_member_badge_is_red_asking_to_check_the_party_age(made: Path) -> None:
    found = list_rows(made, "Huy hiệu Đảng")
    values, red = found["Lý Văn Phục"]
    assert red and values[6] == 30, values
    assert values[9] == (
        "Kiểm tra tuổi đảng: có dòng “Phục hồi đảng tịch” ngày 01/6/2025 (CB01.xlsx, Biến động dòng 2): "
        f"đảng viên được phục hồi đảng tịch, {CHECK}"
    ), values[9]
    # A row of another organisation's file counts as a `Kết nạp lại` row does; the probationary
    # note follows.
    values, red = found["Lý Văn Hưng"]
    assert red, values
    assert values[9].startswith(
        "Kiểm tra tuổi đảng: có dòng “Phục hồi đảng tịch” ngày 01/7/2025 (CB02.xlsx, Biến động dòng 2): "
    ), values[9]
    assert "; chưa ghi ngày chính thức: " in values[9], values[9]


def test_a_note_saying_restored_makes_the_badge_red_quoting_it(made: Path) -> None:
    found = list_rows(made, "Huy hiệu Đảng")
    values, red = found["Lý Văn Hồi"]
    assert red and values[6] == 60, values
    assert values[9] == (
        "Kiểm tra tuổi đảng: cột “Ghi chú” của dòng này ghi “Phục hồi đảng tịch năm 2010”: "
        f"đảng viên được phục hồi đảng tịch, {CHECK}"
    ), values[9]
    values, red = found["Lý Văn Khôi"]
    assert red and "“khoi phuc dang tich 2010”" in values[9], values
    for name in ("Lý Văn Thọ", "Lý Văn Vinh", "Lý Văn Tài"):
        values, red = found[name]
        assert not red and values[6] == 60 and values[9] is None, (name, values)
    # A readmission asks for a recount, which covers the check.
    values, red = found["Lý Văn Lại"]
    assert red and values[9].startswith("Tính lại tuổi đảng: có dòng “Kết nạp lại”"), values
    # The rule line says what such a red row means.
    rule = openpyxl.load_workbook(made)["Huy hiệu Đảng"]["A4"].value
    assert "“Phục hồi đảng tịch”" in rule and "kiểm tra tuổi đảng theo quyết định phục hồi" in rule, rule


def test_a_restoration_starts_no_probation(made: Path) -> None:
    # Lý Văn Hưng has no official date: the 12 months count from the admission (1996), overdue,
    # as without the restoration (not from 01/07/2025); no note names the restoration.
    values, red = list_rows(made, "Dự bị đến hạn")["Lý Văn Hưng"]
    assert red and values[5].date() == d("10/05/1996") and values[6].date() == d("10/05/1997"), values
    assert "phục hồi" not in (values[-2] or "").casefold(), values


@pytest.mark.parametrize(
    "note",
    [
        "Phục hồi đảng tịch năm 2010",
        "Đã được khôi phục đảng tịch",
        "PHỤC HỒI ĐẢNG TỊCH 2010",
        "phuc hoi dang tich",
        "Không kết nạp lại mà phục hồi đảng tịch",
        "Khai trừ 2005, phục hồi đảng tịch 2008",
    ],
)
def test_a_note_saying_restored_is_read(note: str) -> None:
    from toolkit.core.left_party import note_says_readmitted, note_says_restored

    assert note_says_restored(note), note
    assert not note_says_readmitted(note), note


@pytest.mark.parametrize(
    "note",
    [
        None,
        "",
        "Phục hồi sức khỏe",
        "Vợ được phục hồi đảng tịch",
        "Đề nghị phục hồi đảng tịch",
        "Chưa được phục hồi đảng tịch",
        "Đang chờ quyết định phục hồi đảng tịch",
        "Xin phục hồi đảng tịch",
        # A wait said after it, in the clause or in brackets, as before it (review326).
        "Hồ sơ phục hồi đảng tịch đang xét",
        "Phục hồi đảng tịch năm 2010 (chờ QĐ)",
        "Phục hồi đảng tịch (đang xét)",
    ],
)
def test_a_note_not_saying_restored_is_not_read(note: str | None) -> None:
    from toolkit.core.left_party import note_says_restored

    assert not note_says_restored(note), note
