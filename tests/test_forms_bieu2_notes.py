"""Biểu 2's notes of a new member who is on no roster of the ward (admitted in the period, then
moved to another province before the cut-off): only their admission row is known of them.

Before (hunt43 forms #3) that one person gave seven notes, one per line that leaves them out,
and the first said the other items were left at “chưa xác định”, a line Biểu 2 does not have.
Now it is one note naming the lines they are in and every line they are not in. A real run of
`ward-stats consolidate` on a template workbook, its Biểu 2 read back."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from helpers_validate import clean_events, write

from toolkit.cli import main
from toolkit.forms.tables import BIEU_2

MOVED_AWAY = ("Đỗ Văn Mới", dt.date(2001, 5, 5))
NOTE = (
    "Ghi chú: 1 đảng viên mới kết nạp không có trong danh sách đảng viên của phường (ví dụ đã chuyển đi "
    "khỏi phường) nên chỉ tính được ở dòng “Tổng số đảng viên mới kết nạp”, dòng “Kết nạp lại” và các "
    "dòng “Tuổi đời”: không tính vào các dòng “Dân tộc thiểu số”, “Đoàn viên Đoàn TNCS Hồ Chí Minh”, "
    "“Chủ doanh nghiệp tư nhân”, “Có quan hệ hôn nhân với người nước ngoài”, “Nghề nghiệp”, “Trình độ "
    "giáo dục phổ thông”, “Trình độ chuyên môn nghiệp vụ” và “Chức danh khoa học”."
)


def _bieu_2(tmp_path: Path, events: list[dict]) -> tuple[list[str], list[str]]:
    """The labels of Biểu 2's lines and its notes, after a run on one organisation."""
    nop = tmp_path / "nop"
    nop.mkdir(parents=True)
    write(nop, events=events)
    out = tmp_path / "out.xlsx"
    args = ["consolidate", str(nop), "--cutoff", "31/03/2026", "-o", str(out), "--no-history"]
    run = CliRunner().invoke(main, [*args, "--ward-name", "Phường Thử"])
    assert run.exit_code == 0, run.output
    ws = openpyxl.load_workbook(out)[BIEU_2.sheet_name]
    labels = [r[0] for r in ws.iter_rows(min_row=9, values_only=True) if isinstance(r[0], str)]
    notes = [label for label in labels if label.startswith("Ghi chú")]
    return [label for label in labels if label not in notes], notes


def test_a_new_member_on_no_roster_is_one_note_naming_the_lines_that_leave_them_out(tmp_path: Path) -> None:
    name, born = MOVED_AWAY
    moved = [
        {"full_name": name, "birth_date": born, "event_type": "admitted", "event_date": dt.date(2026, 1, 20)},
        {
            "full_name": name,
            "birth_date": born,
            "event_type": "transfer_out",
            "event_date": dt.date(2026, 3, 10),
            "transfer_scope": "other_province",
        },
    ]
    lines, plain = _bieu_2(tmp_path / "plain", clean_events())
    lines_moved, notes = _bieu_2(tmp_path / "moved", [*clean_events(), *moved])
    assert lines_moved == lines and not any("chưa xác định" in label.lower() for label in lines)
    # The person's note is the one note the run adds, and says no “chưa xác định”.
    assert [n for n in notes if n not in plain] == [NOTE]
    assert [n for n in notes if "đảng viên mới kết nạp" in n] == [NOTE]
    assert not any("chưa xác định" in n or "chưa rõ" in n for n in notes)
    # Every line it names is a line of Biểu 2.
    named = NOTE.split("“")[1:]
    printed = {label.split(". ", 1)[-1].removeprefix("- ") for label in lines}
    assert all(part.split("”")[0] in printed for part in named)
    assert unicodedata.is_normalized("NFC", NOTE)
