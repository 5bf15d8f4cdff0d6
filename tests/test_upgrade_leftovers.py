"""`ward-stats upgrade` drops nothing in silence: what a 2026.1 file holds outside the
template's tables (an extra sheet, a cell comment, a note typed beside or below a table, a
chart) is listed on screen and on a sheet of its own (`Không chuyển sang mẫu mới`), and a
comment on a value of a table moves with that value. What a row read holds right of its table
is copied right of the new one instead."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import clean_members, rewrite_zip, run, sheet_part, with_formulas, write_old
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.workbook import Workbook

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.layout import get_column_letter
from toolkit.io.reader import read_submission
from toolkit.outputs.upgrade import upgrade_files
from toolkit.sample.messy import to_tcvn3

OLD_MEMBERS = layout.LAYOUT_2026_1.members
# The first column right of the old members' table, and the next one.
BESIDE = get_column_letter(len(OLD_MEMBERS.fields) + 1)
NEXT = get_column_letter(len(OLD_MEMBERS.fields) + 2)
LEFT_OUT_TITLE = "Nội dung không chuyển sang mẫu mới"  # the heading of the section
NOTE = "Ghi chú: số điện thoại cũ 0912 345 678, đã đổi sang số mới từ tháng 3"
SECRET = "Đồng chí này đang điều trị bệnh dài ngày"  # a comment on a member's row
YEARS_NOTE = "Năm 2024 đồng chí Trần Thị Hoa chưa được đánh giá"  # beside `Số liệu năm`


def _old_file(folder: Path, change: Callable[[Workbook], None] | None = None) -> Path:
    """A 2026.1 submission, changed as a secretary would in Excel (`change`), saved again."""
    folder.mkdir(parents=True, exist_ok=True)
    path = write_old(folder)
    if change is not None:
        wb = openpyxl.load_workbook(path)
        change(wb)
        wb.save(path)
    return path


def _with_extras(wb: Workbook) -> None:
    """An extra sheet, a comment on a member's row right of the table, a note beside `Thông tin`."""
    extra = wb.create_sheet("Ghi chú")
    extra["A1"], extra["A2"], extra["B2"] = "Việc cần làm", "Nhắc đóng đảng phí", 3
    # Right of an empty row under the list: no row read, so not where `_copy_beside` shifts
    # (a comment right of a member's row moves with that column).
    wb[layout.SHEET_MEMBERS][f"{BESIDE}30"].comment = Comment(SECRET, "Bí thư")
    wb[layout.SHEET_INFO]["D3"] = NOTE
    wb[layout.SHEET_YEARS]["K20"] = YEARS_NOTE


def _upgrade_cli(path: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(["upgrade", str(path), "--out", str(out)], standalone_mode=False)
    assert exit_.value.code == 0
    return capsys.readouterr().out


def _section(path: Path) -> list[tuple[str | None, ...]]:
    """The rows of the sheet of what was not carried over, from its heading (none without it);
    `Cần bổ sung` never holds them (fix318)."""
    wb = openpyxl.load_workbook(path)
    assert all(r[0].value != LEFT_OUT_TITLE for r in wb[layout.SHEET_TO_COMPLETE].iter_rows())
    if layout.SHEET_LEFT_OUT not in wb.sheetnames:
        return []
    rows = [tuple(c.value for c in r) for r in wb[layout.SHEET_LEFT_OUT].iter_rows()]
    start = next((i for i, r in enumerate(rows) if r[0] == LEFT_OUT_TITLE), None)
    return [] if start is None else rows[start:]


def test_an_extra_sheet_a_comment_and_a_note_are_listed_on_screen_and_in_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = _old_file(tmp_path / "nop", _with_extras)
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    assert (
        f"  Nội dung không chuyển sang mẫu mới (4 mục; nếu còn cần, hãy chép tay từ tệp cũ {old.name}):"
    ) in out
    # A note beside `Thông tin` or `Số liệu năm` is free text that may name someone, as a
    # comment on a member's row is: each named, not quoted, on screen (fix51 U #4).
    assert "    Sheet “Thông tin”, ô D3 — nội dung ngoài các bảng của biểu mẫu." in out
    assert "    Sheet “Số liệu năm”, ô K20 — nội dung ngoài các bảng của biểu mẫu." in out
    assert f"    Sheet “Đảng viên”, ô {BESIDE}30 — ghi chú (comment)." in out
    assert SECRET not in out and "0912" not in out and "Hoa" not in out, out
    assert "    Sheet “Ghi chú” — sheet không có trong biểu mẫu (3 ô có nội dung)." in out
    # The closing note points to the sheet that lists them, not to `Cần bổ sung` (review326).
    assert (
        "Lưu ý: 1 tệp có nội dung không chuyển sang mẫu mới (liệt kê ở trên và trong sheet "
        f"\u201c{layout.SHEET_LEFT_OUT}\u201d của tệp mới)"
    ) in out
    assert unicodedata.is_normalized("NFC", out)

    section = _section(tmp_path / "moi" / old.name)
    assert section[0][0] == "Nội dung không chuyển sang mẫu mới"
    assert f"tệp cũ “{old.name}”" in str(section[1][0]) and "chép" in str(section[1][0])
    assert section[2][:4] == ("Sheet", "Ô", "Loại", "Nội dung")
    assert [r[:4] for r in section[3:]] == [
        ("Thông tin", "D3", "Ô ngoài bảng", f"“{NOTE}”"),
        ("Đảng viên", f"{BESIDE}30", "Ghi chú (comment)", f"“{SECRET}”"),  # the file holds personal data
        ("Số liệu năm", "K20", "Ô ngoài bảng", f"“{YEARS_NOTE}”"),
        ("Ghi chú", None, "Sheet thêm", "Sheet không có trong biểu mẫu (3 ô có nội dung)"),
    ]
    first = openpyxl.load_workbook(tmp_path / "moi" / old.name)[layout.SHEET_TO_COMPLETE]["A2"].value
    assert "xem sheet “Không chuyển sang mẫu mới”." in first


def test_a_plain_old_file_has_no_such_section(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _old_file(tmp_path / "nop")
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    assert "không chuyển sang" not in out and "ghi chú (comment)" not in out
    assert _section(tmp_path / "moi" / old.name) == []
    (done,) = upgrade_files([old], tmp_path / "lai").upgraded
    assert done.left_out == [] and done.comments_moved == 0  # the template's own help is no comment


def test_a_comment_on_a_value_moves_with_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def comments(wb: Workbook) -> None:
        wb[layout.SHEET_INFO][layout.LAYOUT_2026_1.info.cell("cutoff_date")].comment = Comment(
            "Theo công văn 12-CV/ĐU", "Bí thư"
        )
        wb[layout.SHEET_MEMBERS][OLD_MEMBERS.cell("occupation", 3)].comment = Comment("Hỏi lại", "Bí thư")

    old = _old_file(tmp_path / "nop", comments)
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    assert "Đã chép 2 ghi chú (comment) của các ô sang ô tương ứng của tệp mới." in out
    assert "không chuyển sang" not in out
    wb = openpyxl.load_workbook(tmp_path / "moi" / old.name)
    # Each to the value's new cell: a row lower on `Thông tin`, columns further on `Đảng viên`.
    cutoff = wb[layout.SHEET_INFO][layout.INFO.cell("cutoff_date")].comment
    occupation = wb[layout.SHEET_MEMBERS][layout.MEMBERS.cell("occupation", 3)].comment
    assert cutoff is not None and cutoff.text == "Theo công văn 12-CV/ĐU"
    assert occupation is not None and occupation.text == "Hỏi lại"
    assert _section(tmp_path / "moi" / old.name) == []
    assert not [i for i in run(tmp_path / "moi" / old.name).issues if i.is_error]


def test_notes_below_and_beside_the_members_are_ranges_and_row_numbers_are_no_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    members = len(clean_members())

    def notes(wb: Workbook) -> None:
        ws = wb[layout.SHEET_MEMBERS]
        for r in range(2, 4):  # a block of two columns beside the first two members
            ws[f"{BESIDE}{r}"], ws[f"{NEXT}{r}"] = "x", "y"
        for n in range(members + 1, 31):  # STT numbered ahead of the data
            ws.cell(row=n + 1, column=1, value=n)
        ws["A34"] = "Danh sách đã được chi ủy thông qua ngày 30/3"
        wb.create_sheet("Sheet1")  # empty: nothing to lose

    old = _old_file(tmp_path / "nop", notes)
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    # Beside the members read: copied beside the new table, which warns of them as the old one
    # did (`file.extra_column`), nothing to copy by hand (hunt58 #1).
    assert f"{BESIDE}2" not in out
    new_ws = openpyxl.load_workbook(tmp_path / "moi" / old.name)[layout.SHEET_MEMBERS]
    width = len(layout.MEMBERS.fields)
    assert [[new_ws.cell(r, c).value for c in (width + 1, width + 2)] for r in (2, 3)] == [["x", "y"]] * 2
    # Not a member's row, but on the members' sheet: named, not quoted (its text is in the file).
    assert "    Sheet “Đảng viên”, ô A34 — nội dung ngoài các bảng của biểu mẫu." in out
    assert "chi ủy thông qua" not in out
    assert "(1 mục;" in out and "Sheet1" not in out
    assert [r[:4] for r in _section(tmp_path / "moi" / old.name)[3:]] == [
        ("Đảng viên", "A34", "Ô ngoài bảng", "“Danh sách đã được chi ủy thông qua ngày 30/3”"),
    ]


# Where the first two columns right of the old members' table land in the upgraded file.
NEW_BESIDE = get_column_letter(len(layout.MEMBERS.fields) + 1)
NEW_NEXT = get_column_letter(len(layout.MEMBERS.fields) + 2)


def test_a_column_added_beside_the_members_moves_with_its_header_comment_link_and_strike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hunt59 #1 #2: the header typed over a column a secretary added, and a comment, a link and
    a strike-through on its values, go with the values to the new column; listed at the old
    cells, they named a template header and a Có/Không cell of the new file."""
    members = len(clean_members())

    def added(wb: Workbook) -> None:
        ws = wb[layout.SHEET_MEMBERS]
        ws[f"{BESIDE}1"] = "Quê quán"
        for r in range(2, members + 2):
            ws[f"{BESIDE}{r}"] = f"Quê {r}"
        ws[f"{BESIDE}3"].comment = Comment(SECRET, "Bí thư")
        ws[f"{BESIDE}3"].hyperlink = "https://example.com/quyet-dinh.pdf"
        ws[f"{BESIDE}4"].font = Font(strike=True)

    old = _old_file(tmp_path / "nop", added)
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    assert "không chuyển sang" not in out and f"ô {BESIDE}" not in out
    assert _section(tmp_path / "moi" / old.name) == []
    ws = openpyxl.load_workbook(tmp_path / "moi" / old.name)[layout.SHEET_MEMBERS]
    assert ws[f"{BESIDE}1"].value == layout.MEMBERS.fields[len(OLD_MEMBERS.fields)].header  # the template's
    assert [ws[f"{NEW_BESIDE}{r}"].value for r in range(1, members + 2)] == [
        "Quê quán",
        *(f"Quê {r}" for r in range(2, members + 2)),
    ]
    comment, link = ws[f"{NEW_BESIDE}3"].comment, ws[f"{NEW_BESIDE}3"].hyperlink
    assert comment is not None and comment.text == SECRET
    assert link is not None and link.target == "https://example.com/quyet-dinh.pdf"
    assert ws[f"{BESIDE}3"].comment is None and ws[f"{BESIDE}3"].hyperlink is None
    assert ws[f"{NEW_BESIDE}4"].font.strike and not ws[f"{NEW_BESIDE}3"].font.strike
    # A strike beside the table is no struck row to the reader: none said, as before.
    assert "gạch" not in out
    issues = run(tmp_path / "moi" / old.name).issues
    assert [i.cell for i in issues if i.code == "file.extra_column"] == [f"{NEW_BESIDE}2"]
    assert not [i for i in issues if i.code == "cell.strikethrough"]


def test_a_formula_without_a_value_beside_the_members_is_listed_with_its_new_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hunt59 #3: a formula with a saved value beside a member is copied as that value, as in the
    tables; one without (`cell.formula_no_value`, an error of the old file) is not copied, its
    references pointing into columns that moved, and was dropped in silence: it is listed, with
    the cell of the new file where its value belongs."""

    def formulas(wb: Workbook) -> None:
        ws = wb[layout.SHEET_MEMBERS]
        ws[f"{BESIDE}2"] = 42
        ws[f"{NEXT}3"] = "=1+1"  # openpyxl saves no value

    old = with_formulas(_old_file(tmp_path / "nop", formulas), layout.SHEET_MEMBERS, {f"{BESIDE}2": "=40+2"})
    # Outside the table it is no error of the old file (hunt117 F3), but it cannot be copied.
    assert ("cell.formula_no_value", f"{NEXT}3") not in {(i.code, i.cell) for i in run(old).issues}
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    assert (
        f"    Sheet “Đảng viên”, ô {NEXT}3 — công thức chưa có giá trị, ngoài các bảng của biểu mẫu, "
        f"không chép sang: nếu còn cần, hãy ghi giá trị của nó vào ô {NEW_NEXT}3 của tệp mới."
    ) in out
    assert "=1+1" not in out  # the members' sheet: named, not quoted
    ws = openpyxl.load_workbook(tmp_path / "moi" / old.name)[layout.SHEET_MEMBERS]
    assert ws[f"{NEW_BESIDE}2"].value == 42 and ws[f"{NEW_NEXT}3"].value is None
    assert [r[:4] for r in _section(tmp_path / "moi" / old.name)[3:]] == [
        (
            "Đảng viên",
            f"{NEXT}3",
            "Công thức ngoài bảng",
            f"“=1+1”: công thức chưa có giá trị, ngoài các bảng của biểu mẫu, không chép sang: nếu còn "
            f"cần, hãy ghi giá trị của nó vào ô {NEW_NEXT}3 của tệp mới",
        ),
    ]


def test_a_chart_is_listed_and_a_long_list_is_cut_on_screen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def many(wb: Workbook) -> None:
        info = wb[layout.SHEET_INFO]
        for r in range(1, 30, 2):  # 15 cells apart: 15 things
            info[f"D{r}"] = f"ghi chú {r}"
        years = wb[layout.SHEET_YEARS]
        chart = BarChart()
        chart.add_data(Reference(years, min_col=2, min_row=1, max_row=3), titles_from_data=True)
        years.add_chart(chart, "M2")

    old = _old_file(tmp_path / "nop", many)
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    assert "(16 mục;" in out
    assert "    … và 4 mục khác (xem sheet “Không chuyển sang mẫu mới” của tệp mới)." in out
    section = _section(tmp_path / "moi" / old.name)
    assert len(section) == 3 + 16
    assert section[-1][:4] == (
        layout.SHEET_YEARS,
        None,
        "Hình ảnh, biểu đồ",
        "Hình ảnh, biểu đồ hoặc hình vẽ",
    )


# --- hand-edited parts (a hostile-input probe) --------------------------------------------------


def _commented(folder: Path, *refs: str) -> tuple[Path, str, str]:
    """An old file with a comment on the members' sheet, then its comments part and the
    sheet's relationships part (to edit as a hand-made file would)."""
    path = _old_file(
        folder, lambda wb: setattr(wb[layout.SHEET_MEMBERS][f"{BESIDE}3"], "comment", Comment("hi", "me"))
    )
    import zipfile

    with zipfile.ZipFile(path) as zf:
        mine = f'ref="{BESIDE}3"'.encode()
        comments = next(n for n in zf.namelist() if n.startswith("xl/comments") and mine in zf.read(n))
        name = comments.rsplit("/", 1)[-1].encode()
        rels = next(n for n in zf.namelist() if n.startswith("xl/worksheets/_rels/") and name in zf.read(n))
    return path, comments, rels


@pytest.mark.parametrize("ref", ["ZZZZ1", "A" + "9" * 5000, "C2000000", "XFE1", "A0"])
def test_a_comment_outside_the_grid_is_not_a_crash(tmp_path: Path, ref: str, capsys) -> None:
    from helpers_validate import rewrite_zip

    path, comments, _ = _commented(tmp_path / "nop")
    rewrite_zip(
        path,
        lambda n, d: d.replace(f'ref="{BESIDE}3"'.encode(), f'ref="{ref}"'.encode()) if n == comments else d,
    )
    out = _upgrade_cli(path, tmp_path / "moi", capsys)
    assert "Đã nâng cấp" in out and "Lỗi" not in out


def test_one_file_that_fails_does_not_stop_the_others(tmp_path: Path, monkeypatch, capsys) -> None:
    from toolkit.outputs import upgrade

    (tmp_path / "nop").mkdir()
    files = [write_old(tmp_path / "nop", f"CB0{i}.xlsx") for i in (1, 2, 3)]
    real = upgrade.upgrade_file

    def failing(path: Path, target: Path, **kw):  # type: ignore[no-untyped-def]
        if path.name == "CB02.xlsx":
            raise ValueError("not foreseen")
        return real(path, target, **kw)

    monkeypatch.setattr(upgrade, "upgrade_file", failing)
    run = upgrade_files(files, tmp_path / "moi")
    assert [d.source.name for d in run.upgraded] == ["CB01.xlsx", "CB03.xlsx"]
    ((skipped, why),) = run.skipped
    assert skipped.name == "CB02.xlsx" and "lỗi không mong đợi" in why and "ValueError" in why


def test_a_repeated_relationship_is_read_once(tmp_path: Path, capsys) -> None:
    from helpers_validate import rewrite_zip

    path, _, rels = _commented(tmp_path / "nop")

    def repeat(name: str, data: bytes) -> bytes:
        if name != rels:
            return data
        head, tail = data.split(b"<Relationship ", 1)
        one = b"<Relationship " + tail.split(b"/>", 1)[0] + b"/>"
        copies = b"".join(one.replace(b'Id="', f'Id="x{i}'.encode(), 1) for i in range(500))
        return data.replace(b"</Relationships>", copies + b"</Relationships>")

    rewrite_zip(path, repeat)
    (done,) = upgrade_files([path], tmp_path / "moi").upgraded
    assert sum(1 for item in done.left_out if item.kind == "comment") <= 1


def test_control_characters_of_a_sheet_name_or_a_cell_never_reach_the_terminal(
    tmp_path: Path, capsys
) -> None:
    def hostile(wb: Workbook) -> None:
        wb.create_sheet("Ghi\u202echú")["A1"] = "x"
        wb[layout.SHEET_INFO]["D3"] = "\u009b31mđỏ"

    out = _upgrade_cli(_old_file(tmp_path / "nop", hostile), tmp_path / "moi", capsys)
    assert "\u202e" not in out and "\u009b" not in out
    assert "Ghi\\u202echú" in out or "Ghi\\u202Echú" in out


def test_a_long_list_is_capped_in_the_file_and_said(tmp_path: Path) -> None:
    from toolkit.outputs.upgrade import MAX_LISTED_LEFT_OUT

    def notes(wb: Workbook) -> None:
        ws = wb[layout.SHEET_INFO]
        for r in range(1, 2 * MAX_LISTED_LEFT_OUT + 120, 2):  # isolated cells: one item each
            ws[f"F{r}"] = f"ghi {r}"

    (done,) = upgrade_files([_old_file(tmp_path / "nop", notes)], tmp_path / "moi").upgraded
    assert len(done.left_out) > MAX_LISTED_LEFT_OUT
    rows = _section(done.target)
    more = len(done.left_out) - MAX_LISTED_LEFT_OUT
    assert rows[-1][0].startswith(f"… và {more} mục khác")


OLD_EVENTS = layout.LAYOUT_2026_1.events
LINK = "https://example.org/quyet-dinh/125-QD-DU.pdf"


def test_a_link_on_a_value_moves_with_it_and_other_links_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A secretary links a decision's number to its scan: the link goes with the value to its
    new cell. A link outside the tables, or to a place inside the old file, is listed."""

    def links(wb: Workbook) -> None:
        wb[layout.SHEET_EVENTS][OLD_EVENTS.cell("decision_no", 2)].hyperlink = LINK
        wb[layout.SHEET_INFO]["D5"] = "Xem hồ sơ"
        wb[layout.SHEET_INFO]["D5"].hyperlink = "https://example.org/ho-so"
        members = wb[layout.SHEET_MEMBERS]
        members[OLD_MEMBERS.cell("full_name", 2)].hyperlink = f"#'{layout.SHEET_EVENTS}'!A2"

    old = _old_file(tmp_path / "nop", links)
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    assert "Đã chép 1 liên kết (hyperlink) của các ô sang ô tương ứng của tệp mới." in out
    wb = openpyxl.load_workbook(tmp_path / "moi" / old.name)
    moved = wb[layout.SHEET_EVENTS][layout.EVENTS.cell("decision_no", 2)]
    assert moved.hyperlink is not None and moved.hyperlink.target == LINK
    assert moved.value == wb[layout.SHEET_EVENTS][layout.EVENTS.cell("decision_no", 2)].value
    name_cell = OLD_MEMBERS.cell("full_name", 2)
    assert [r[:4] for r in _section(tmp_path / "moi" / old.name)[3:]] == [
        ("Thông tin", "D5", "Ô ngoài bảng", "“Xem hồ sơ”"),
        ("Thông tin", "D5", "Liên kết (hyperlink)", "“https://example.org/ho-so”"),
        ("Đảng viên", name_cell, "Liên kết (hyperlink)", f"“#'{layout.SHEET_EVENTS}'!A2”"),
    ]
    # A link may say who (a scan's file name): named, not quoted, on screen, on any sheet.
    assert f"    Sheet “Đảng viên”, ô {name_cell} — liên kết (hyperlink)." in out
    assert "    Sheet “Thông tin”, ô D5 — liên kết (hyperlink)." in out
    assert "example.org" not in out and "Xem hồ sơ" not in out


_THREADED_NS = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
_THREADED_REL = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"


def _with_threaded_comments(path: Path, sheet: str, comments: list[tuple[str, str, bool]]) -> Path:
    """The file with modern (threaded) comments on `sheet` and no legacy comments part, as
    another program than Excel may write them: (cell, text, whether a reply to the one before)."""
    from helpers_validate import rewrite_zip, sheet_part

    part = sheet_part(path, sheet)
    rels = f"xl/worksheets/_rels/{part.rsplit('/', 1)[1]}.rels"
    body, previous = "", ""
    for n, (ref, text, reply) in enumerate(comments):
        ident = f"{{00000000-0000-0000-0000-00000000000{n}}}"
        parent = f' parentId="{previous}"' if reply else ""
        body += f'<threadedComment ref="{ref}" id="{ident}"{parent}><text>{text}</text></threadedComment>'
        previous = ident if not reply else previous
    threaded = f'<ThreadedComments xmlns="{_THREADED_NS}">{body}</ThreadedComments>'.encode()
    link = (
        f'<Relationship Id="rIdT1" Type="{_THREADED_REL}" Target="../threadedComments/threadedComment1.xml"/>'
    )

    def change(name: str, data: bytes) -> bytes:
        if name == rels:
            return data.replace(b"</Relationships>", link.encode() + b"</Relationships>")
        return data

    add = {"xl/threadedComments/threadedComment1.xml": threaded}
    with zipfile.ZipFile(path) as zf:
        if rels not in zf.namelist():
            add[rels] = (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f"{link}</Relationships>"
            ).encode()
    rewrite_zip(path, change, add)
    return path


def test_threaded_comments_without_their_legacy_part_move_or_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = _old_file(tmp_path / "nop")
    occupation = OLD_MEMBERS.cell("occupation", 3)
    _with_threaded_comments(
        old,
        layout.SHEET_MEMBERS,
        [
            (occupation, "Hỏi lại nghề nghiệp", False),
            (occupation, "Đã hỏi: hưu trí", True),
            (f"{BESIDE}2", "Ghi nhớ", False),  # right of a member's row: moves with its column
            (f"{BESIDE}30", "Xem lại", False),  # right of an empty row under the list: listed
        ],
    )
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    assert "Đã chép 2 ghi chú (comment) của các ô sang ô tương ứng của tệp mới." in out
    wb = openpyxl.load_workbook(tmp_path / "moi" / old.name)
    beside = wb[layout.SHEET_MEMBERS][f"{NEW_BESIDE}2"].comment
    assert beside is not None and beside.text == "Ghi nhớ"
    moved = wb[layout.SHEET_MEMBERS][layout.MEMBERS.cell("occupation", 3)].comment
    assert moved is not None and moved.text == "Hỏi lại nghề nghiệp\nĐã hỏi: hưu trí"  # the reply kept
    assert [r[:4] for r in _section(tmp_path / "moi" / old.name)[3:]] == [
        ("Đảng viên", f"{BESIDE}30", "Ghi chú (comment)", "“Xem lại”"),
    ]


SIGNER = "Nguyễn Văn Bình"  # the secretary's name signed under the list


def test_lines_under_the_members_and_the_changes_are_named_not_quoted_on_screen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A total or signature line typed under a list (`file.trailer_rows`: not read as a row) was
    quoted on screen for a hand copy, a signer's name under “BÍ THƯ” included, while the reader
    masks its quote on those sheets. On the members' and the changes' sheets the cells are now
    named only, on screen and in the Nâng cấp button's status; the upgraded file, which holds
    the members' data anyway, keeps the words to copy."""
    from tests.helpers_excel import Replay, book_json, caller_book
    from toolkit import excel
    from toolkit.excel.build import DEFAULT_TARGET

    members = len(clean_members())

    def signed(wb: Workbook) -> None:
        ws = wb[layout.SHEET_MEMBERS]
        ws[f"B{members + 4}"] = "BÍ THƯ"
        ws[f"B{members + 7}"] = SIGNER
        changes = wb[layout.SHEET_EVENTS]
        changes[f"B{changes.max_row + 2}"] = f"Người lập: {SIGNER}"

    old = _old_file(tmp_path / "bai_nop", signed)
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    assert f"    Sheet “Đảng viên”, ô B{members + 7} — nội dung ngoài các bảng của biểu mẫu." in out, out
    assert "    Sheet “Biến động”, ô B" in out, out
    assert SIGNER not in out and "BÍ THƯ" not in out, out
    listed = [r[3] for r in _section(tmp_path / "moi" / old.name)[3:]]
    assert f"“{SIGNER}”" in listed and f"“Người lập: {SIGNER}”" in listed, listed
    # The button's status counts the files; it quotes no cell either.
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.chdir(tmp_path)
    data = book_json(DEFAULT_TARGET, {"InputFolder": "bai_nop"})
    button = caller_book(data)
    excel.upgrade()
    status = " ".join(Replay(data, button.json()["actions"]).status().split())
    assert status.startswith("Nâng cấp: ") and SIGNER not in status and "BÍ THƯ" not in status, status
    assert (tmp_path / "nang_cap" / old.name).is_file()


def _calamine_rows(path: Path, sheet: str) -> list[list[object]]:
    """A sheet's cells as the reader's calamine sees them (openpyxl writes a link's address into
    an empty cell when it loads the file)."""
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def test_a_comment_or_a_link_on_an_empty_cell_beside_the_members_and_a_lone_header_move_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """fix51 U #1: a comment or a link on an empty cell right of a member's row, and a header
    typed over a column right of the table with nothing under it, were listed at their old
    cells, which in the new file are template columns. They go where `_copy_beside` shifts
    that column, as those of a filled cell do; the empty cell stays empty."""

    def beside(wb: Workbook) -> None:
        ws = wb[layout.SHEET_MEMBERS]
        ws[f"{NEXT}1"] = "Quê quán"  # nothing typed under it
        ws[f"{BESIDE}1"].comment = Comment("Cột để ghi quê quán", "Bí thư")
        ws[f"{BESIDE}3"].comment = Comment(SECRET, "Bí thư")
        ws[f"{NEXT}4"].hyperlink = "https://example.com/ho-so.pdf"
        ws[f"{NEXT}4"].value = None  # a link on an empty cell, as Excel keeps it
        ws[f"{NEXT}4"].style = "Hyperlink"
        ws[OLD_MEMBERS.cell("note", 5)].hyperlink = "https://example.com/ghi-chu.pdf"  # empty Ghi chú
        ws[OLD_MEMBERS.cell("note", 5)].value = None
        ws[OLD_MEMBERS.cell("note", 5)].style = "Hyperlink"

    old = _old_file(tmp_path / "nop", beside)
    assert _calamine_rows(old, layout.SHEET_MEMBERS)[3][len(OLD_MEMBERS.fields) + 1] == ""
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    new = tmp_path / "moi" / old.name
    assert "không chuyển sang" not in out and _section(new) == [], out
    assert "Đã chép 2 ghi chú (comment)" in out and "Đã chép 2 liên kết (hyperlink)" in out, out
    ws = openpyxl.load_workbook(new)[layout.SHEET_MEMBERS]
    assert ws[f"{NEW_NEXT}1"].value == "Quê quán"
    assert (
        ws[f"{NEW_BESIDE}1"].comment is not None
        and ws[f"{NEW_BESIDE}1"].comment.text == "Cột để ghi quê quán"
    )
    assert ws[f"{NEW_BESIDE}3"].comment is not None and ws[f"{NEW_BESIDE}3"].comment.text == SECRET
    link = ws[f"{NEW_NEXT}4"].hyperlink
    assert link is not None and link.target == "https://example.com/ho-so.pdf"
    # The template's cells at the old addresses hold none of it.
    for cell in (f"{BESIDE}3", f"{NEXT}4"):
        assert ws[cell].comment is None and ws[cell].hyperlink is None
    header = ws[f"{BESIDE}1"].comment  # the template's own help on its header
    assert header is None or "quê quán" not in header.text
    assert ws[f"{NEXT}1"].value == layout.MEMBERS.fields[len(OLD_MEMBERS.fields) + 1].header
    rows = _calamine_rows(new, layout.SHEET_MEMBERS)
    assert rows[3][len(layout.MEMBERS.fields) + 1] == "", rows[3]  # the link's cell still empty
    note = layout.MEMBERS.keys.index("note")
    assert rows[4][note] == "", rows[4]  # so is a Ghi chú with a link only (not its address)
    assert ws[layout.MEMBERS.cell("note", 5)].hyperlink is not None
    issues = run(new).issues
    assert not [i for i in issues if i.code == "file.extra_column"]


def test_the_number_format_of_a_cell_copied_beside_the_members_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """fix51 U #2: cells copied right of the members' table lost their number format: a share
    typed as 25% read 0.25, a month `mm/yyyy` a full date, a count with thousands separators
    a bare number. Each keeps its format; the tables' cells keep the template's."""
    import datetime as dt

    formats = {2: "mm/yyyy", 3: "0.0%", 4: "#,##0", 5: "dd/mm/yyyy"}
    values = {2: dt.datetime(2024, 3, 1), 3: 0.25, 4: 1_234_567, 5: dt.datetime(2020, 3, 4)}

    def formatted(wb: Workbook) -> None:
        ws = wb[layout.SHEET_MEMBERS]
        for row, code in formats.items():
            ws[f"{BESIDE}{row}"] = values[row]
            ws[f"{BESIDE}{row}"].number_format = code
        ws[f"{NEXT}2"] = "ghi chú"

    old = _old_file(tmp_path / "nop", formatted)
    _upgrade_cli(old, tmp_path / "moi", capsys)
    ws = openpyxl.load_workbook(tmp_path / "moi" / old.name)[layout.SHEET_MEMBERS]
    assert {row: ws[f"{NEW_BESIDE}{row}"].number_format for row in formats} == formats
    assert {row: ws[f"{NEW_BESIDE}{row}"].value for row in formats} == values
    assert ws[f"{NEW_NEXT}2"].value == "ghi chú"
    # The tables' cells as the template formats them (a date column).
    assert ws[layout.MEMBERS.cell("birth_date", 2)].number_format == "dd/mm/yyyy"


def test_a_formula_without_a_value_in_a_row_not_read_or_beside_thong_tin_is_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """fix51 U #3: a formula without a saved value (an empty cell to the reader) on a row the
    reader keeps as not read (answers dragged past the list, `file.answers_only_rows`: the row
    is copied), on a row under the list, or beside `Thông tin`'s items, was dropped in silence.
    Each is listed, with the new file's cell where its row was copied."""
    members = len(clean_members())
    first = members + 2  # the first row under the list
    answers = range(first, first + 4)
    note = OLD_MEMBERS.cell("note", first + 1)

    def formulas(wb: Workbook) -> None:
        ws = wb[layout.SHEET_MEMBERS]
        for row in answers:
            ws[OLD_MEMBERS.cell("working_away", row)] = "Không"
        ws[note] = "=1+1"  # openpyxl saves no value
        ws[OLD_MEMBERS.cell("full_name", first + 10)] = "=2+2"
        wb[layout.SHEET_INFO]["D7"] = "=3+3"

    old = _old_file(tmp_path / "nop", formulas)
    sub = read_submission(old)
    assert first + 1 in sub.rows_not_read[layout.SHEET_MEMBERS]["file.answers_only_rows"]
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    new_note = layout.MEMBERS.cell("note", first + 1)
    below = OLD_MEMBERS.cell("full_name", first + 10)
    row_not_read = (
        "công thức chưa có giá trị, ở dòng không được đọc như một dòng của danh sách, không chép sang"
    )
    by_hand = "hãy xem công thức trong tệp cũ rồi tự ghi giá trị của nó sang tệp mới"
    assert (
        "    Sheet “Thông tin”, ô D7 — công thức chưa có giá trị, ngoài các bảng của biểu mẫu, không chép "
        f"sang: nếu còn cần, {by_hand}."
    ) in out, out
    assert (
        f"    Sheet “Đảng viên”, ô {note} — {row_not_read}: nếu còn cần, hãy ghi giá trị của nó vào ô "
        f"{new_note} của tệp mới."
    ) in out, out
    assert f"    Sheet “Đảng viên”, ô {below} — {row_not_read}: nếu còn cần, {by_hand}." in out, out
    assert "=1+1" not in out and "=3+3" not in out
    listed = [r[:4] for r in _section(tmp_path / "moi" / old.name)[3:]]
    assert listed == [
        (
            "Thông tin",
            "D7",
            "Công thức ngoài bảng",
            f"“=3+3”: công thức chưa có giá trị, ngoài các bảng của "
            f"biểu mẫu, không chép sang: nếu còn cần, {by_hand}",
        ),
        (
            "Đảng viên",
            note,
            "Công thức ở dòng không đọc",
            f"“=1+1”: {row_not_read}: nếu còn cần, hãy ghi giá trị của nó vào ô {new_note} của tệp mới",
        ),
        ("Đảng viên", below, "Công thức ở dòng không đọc", f"“=2+2”: {row_not_read}: nếu còn cần, {by_hand}"),
    ], listed
    # The answers of the row are copied as before, the new file's reader says the same of them.
    new = read_submission(tmp_path / "moi" / old.name)
    assert new.rows_not_read[layout.SHEET_MEMBERS]["file.answers_only_rows"] == list(answers)


def test_a_link_to_another_workbooks_cell_keeps_its_place_and_one_to_this_file_is_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """hunt63 #3: a link to a cell of another workbook (an address and a place, `location`)
    was copied with its address only, the place lost, and the screen said it was copied. It
    moves whole (address, place, tip, words). A link to a place in the old file stays listed
    (places move), also as LibreOffice saves it: a path to the file itself and the place."""
    place = "'Quyết định'!A12"
    own = "CB07_chi_bo_to_dan_pho_so_7.xlsx"  # `write_old`'s file name

    def links(wb: Workbook) -> None:
        ws = wb[layout.SHEET_MEMBERS]
        for ref in (f"{BESIDE}3", OLD_MEMBERS.cell("full_name", 4)):
            if ws[ref].value is None:
                ws[ref] = "Xem quyết định"
            ws[ref].hyperlink = "QuyetDinh_2025.xlsx"
            ws[ref].hyperlink.location = place
            ws[ref].hyperlink.tooltip = "Quyết định kết nạp"
        # LibreOffice's way of a link to `'Đảng viên'!B5` of this very file.
        ws[OLD_MEMBERS.cell("full_name", 2)].hyperlink = f"../nop/{own}"
        ws[OLD_MEMBERS.cell("full_name", 2)].hyperlink.location = "'Đảng%20viên'!B5"
        ws[OLD_MEMBERS.cell("full_name", 3)].hyperlink = "#'Biến động'!A2"  # Excel's way

    old = _old_file(tmp_path / "nop", links)
    assert old.name == own
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    assert "Đã chép 2 liên kết (hyperlink)" in out, out
    ws = openpyxl.load_workbook(tmp_path / "moi" / old.name)[layout.SHEET_MEMBERS]
    for ref in (f"{NEW_BESIDE}3", layout.MEMBERS.cell("full_name", 4)):
        link = ws[ref].hyperlink
        assert link is not None, ref
        assert (link.target, link.location, link.tooltip) == (
            "QuyetDinh_2025.xlsx",
            place,
            "Quyết định kết nạp",
        )
    for row in (2, 3):
        assert ws[layout.MEMBERS.cell("full_name", row)].hyperlink is None
    assert [r[:4] for r in _section(tmp_path / "moi" / old.name)[3:]] == [
        (
            "Đảng viên",
            OLD_MEMBERS.cell("full_name", 2),
            "Liên kết (hyperlink)",
            f"“../nop/{own}#'Đảng%20viên'!B5”",
        ),
        ("Đảng viên", OLD_MEMBERS.cell("full_name", 3), "Liên kết (hyperlink)", "“#'Biến động'!A2”"),
    ]


def test_a_merge_and_a_hidden_column_beside_the_members_move_with_their_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """hunt63 #6: the cells right of the members' table moved, but a merge over them and a
    hidden column did not: the merged note spread out and a hidden column of phone numbers
    showed in the new file, in silence. A merge on rows copied is merged again where its cells
    moved, a hidden column stays hidden (a widened one keeps its width); a merge the cells of
    which do not all move (here over rows under the list) is listed."""
    width = len(OLD_MEMBERS.fields)
    col, new_col = (
        (lambda n: get_column_letter(width + n)),
        (lambda n: get_column_letter(len(layout.MEMBERS.fields) + n)),
    )

    def formatted(wb: Workbook) -> None:
        ws = wb[layout.SHEET_MEMBERS]
        ws[f"{col(1)}1"] = "Ghi chú của chi bộ"
        ws.merge_cells(f"{col(1)}1:{col(3)}1")
        ws[f"{col(1)}2"] = "Đang chờ quyết định"
        ws.merge_cells(f"{col(1)}2:{col(1)}4")
        ws[f"{col(4)}2"] = "SĐT 0912345678"
        ws.column_dimensions[col(4)].hidden = True
        ws.column_dimensions[col(2)].width = 30
        ws[f"{col(2)}6"] = "Ghi chú dài"
        ws.merge_cells(f"{col(2)}6:{col(3)}8")  # rows 7–8 are under the list: not copied

    old = _old_file(tmp_path / "nop", formatted)
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    new = tmp_path / "moi" / old.name
    ws = openpyxl.load_workbook(new)[layout.SHEET_MEMBERS]
    beside = sorted(str(m) for m in ws.merged_cells.ranges if m.min_col > len(layout.MEMBERS.fields))
    assert beside == [f"{new_col(1)}1:{new_col(3)}1", f"{new_col(1)}2:{new_col(1)}4"]
    assert ws[f"{new_col(4)}2"].value == "SĐT 0912345678" and ws.column_dimensions[new_col(4)].hidden
    assert ws.column_dimensions[new_col(2)].width == 30
    assert not ws.column_dimensions[new_col(3)].hidden and not ws.column_dimensions[new_col(5)].hidden
    assert ws[f"{new_col(2)}6"].value == "Ghi chú dài"
    assert f"    Sheet “Đảng viên”, các ô {col(2)}6–{col(3)}8 (6 ô) — vùng ô gộp (merge)" in out, out
    assert [r[:3] for r in _section(new)[3:]] == [("Đảng viên", f"{col(2)}6–{col(3)}8", "Ô gộp (merge)")]
    # The template's columns and the rest of the sheet keep the template's width and style.
    assert ws.column_dimensions[new_col(1)].width == pytest.approx(9.140625)
    assert not ws.column_dimensions[layout.MEMBERS.cell("note", 1)[:-1]].hidden


def test_text_typed_in_a_tcvn3_font_beside_a_table_is_copied_and_quoted_in_unicode(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """hunt70 #2: a column of the secretary's own typed in .VnTime ("Quª qu¸n") was copied
    right of the new table with its TCVN3 bytes but without its font, and a note beside
    `Thông tin` was quoted so in `Cần bổ sung`: garbage in the upgraded file. Both are in
    Unicode, by the rule the tables' values follow (a Ghi chú in .VnTime was already)."""
    texts = {"header": "Quê quán", "home": "Xã Hòa Bình, huyện Kim Bôi", "info": "Số máy bàn của chi bộ"}

    def legacy(wb: Workbook) -> None:
        ws = wb[layout.SHEET_MEMBERS]
        for ref, text in ((f"{BESIDE}1", texts["header"]), (f"{BESIDE}2", texts["home"])):
            ws[ref] = to_tcvn3(text)
            ws[ref].font = Font(name=".VnTime", size=12)
        info = wb[layout.SHEET_INFO]
        info["C6"] = to_tcvn3(texts["info"])
        info["C6"].font = Font(name=".VnTime")

    old = _old_file(tmp_path / "nop", legacy)
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    assert "    Sheet “Thông tin”, ô C6 — nội dung ngoài các bảng của biểu mẫu." in out
    new = tmp_path / "moi" / old.name
    ws = openpyxl.load_workbook(new)[layout.SHEET_MEMBERS]
    assert [ws[f"{NEW_BESIDE}{r}"].value for r in (1, 2)] == [texts["header"], texts["home"]]
    assert [r[:4] for r in _section(new)[3:]] == [("Thông tin", "C6", "Ô ngoài bảng", f"“{texts['info']}”")]
    issues = run(new).issues
    assert [i.cell for i in issues if i.code == "file.extra_column"] == [f"{NEW_BESIDE}2"]


def _with_errors(path: Path, cells: dict[str, dict[str, str]]) -> Path:
    """Each cell of ``cells`` (sheet → ref → its XML inside `<c>`, a 1 typed there first) made an
    error cell (`t="e"`), as Excel saves a lookup gone wrong."""
    parts = {sheet_part(path, sheet): refs for sheet, refs in cells.items()}

    def change(name: str, data: bytes) -> bytes:
        xml = data.decode("utf-8")
        for ref, inner in parts.get(name, {}).items():
            xml, n = re.subn(
                rf'<c r="{ref}"( s="\d+")?(?: t="n")?><v>1</v></c>', rf'<c r="{ref}"\1 t="e">{inner}</c>', xml
            )
            assert n == 1, ref
        return xml.encode("utf-8")

    rewrite_zip(path, change)
    return path


def test_an_error_value_outside_the_tables_is_listed_with_its_formula_and_its_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """hunt70 #1 #3: a formula whose saved value is an error (#N/A of a VLOOKUP) right of a
    member's row or beside `Thông tin`'s items, an empty cell to calamine, was neither copied
    nor listed. Each is listed as a formula without a saved value is, with its formula and its
    error; a typed error (a lookup pasted as values) on a row under the list too."""
    first = len(clean_members()) + 2  # the first row under the list
    below = OLD_MEMBERS.cell("full_name", first + 3)

    def ones(wb: Workbook) -> None:
        for sheet, ref in ((layout.SHEET_MEMBERS, f"{BESIDE}2"), (layout.SHEET_MEMBERS, below)):
            wb[sheet][ref] = 1
        wb[layout.SHEET_INFO]["D3"] = 1
        wb[layout.SHEET_MEMBERS][f"{BESIDE}3"] = "Phường Hòa Bình"

    lookup = "<f>VLOOKUP(B2,Z:Z,2,0)</f><v>#N/A</v>"
    old = _with_errors(
        _old_file(tmp_path / "nop", ones),
        {
            layout.SHEET_MEMBERS: {f"{BESIDE}2": lookup, below: "<v>#N/A</v>"},
            layout.SHEET_INFO: {"D3": "<f>VLOOKUP(B1,Z:Z,2,0)</f><v>#REF!</v>"},
        },
    )
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    outside = "ngoài các bảng của biểu mẫu, không chép sang: nếu còn cần"
    by_hand = "hãy xem ô đó trong tệp cũ rồi tự ghi giá trị đúng sang tệp mới"
    not_read = "ở dòng không được đọc như một dòng của danh sách, không chép sang: nếu còn cần"
    assert f"    Sheet “Thông tin”, ô D3 — công thức có giá trị lỗi #REF!, {outside}, {by_hand}." in out, out
    assert (
        f"    Sheet “Đảng viên”, ô {BESIDE}2 — công thức có giá trị lỗi #N/A, {outside}, hãy ghi giá trị "
        f"đúng vào ô {NEW_BESIDE}2 của tệp mới."
    ) in out, out
    assert f"    Sheet “Đảng viên”, ô {below} — ô có giá trị lỗi #N/A, {not_read}, {by_hand}." in out, out
    assert "VLOOKUP" not in out
    new = tmp_path / "moi" / old.name
    ws = openpyxl.load_workbook(new)[layout.SHEET_MEMBERS]
    assert ws[f"{NEW_BESIDE}2"].value is None and ws[f"{NEW_BESIDE}3"].value == "Phường Hòa Bình"
    assert [r[:4] for r in _section(new)[3:]] == [
        (
            "Thông tin",
            "D3",
            "Công thức ngoài bảng",
            f"“=VLOOKUP(B1,Z:Z,2,0)”: công thức có giá trị lỗi #REF!, {outside}, {by_hand}",
        ),
        (
            "Đảng viên",
            f"{BESIDE}2",
            "Công thức ngoài bảng",
            f"“=VLOOKUP(B2,Z:Z,2,0)”: công thức có giá trị lỗi #N/A, {outside}, hãy ghi giá trị đúng vào ô "
            f"{NEW_BESIDE}2 của tệp mới",
        ),
        ("Đảng viên", below, "Giá trị lỗi ở dòng không đọc", f"Ô có giá trị lỗi #N/A, {not_read}, {by_hand}"),
    ]


def test_a_hidden_extra_sheet_is_said_hidden_and_how_to_find_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """hunt70 #4: an extra sheet hidden, or very hidden (not under Unhide), was listed as any
    extra sheet: the secretary looking for it on the tabs found nothing. It is said hidden, with
    how to show it, as the old file's own warning says."""

    def hidden(wb: Workbook) -> None:
        for name, state, ref in (("Danh sách cũ", "veryHidden", "A1"), ("Tạm", "hidden", "B2")):
            ws = wb.create_sheet(name)
            ws[ref], ws.sheet_state = "Nguyễn Văn Cũ", state

    old = _old_file(tmp_path / "nop", hidden)
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    very = (
        "sheet (bị ẩn kỹ, không có trong danh sách Bỏ ẩn/Unhide: bấm Alt+F11, chọn sheet đó ở khung bên "
        "trái rồi đổi Visible thành -1 - xlSheetVisible ở khung Properties để thấy) không có trong biểu mẫu "
        "(1 ô có nội dung)"
    )
    plain = (
        "sheet (đang bị ẩn: chuột phải vào tên một sheet, chọn Bỏ ẩn/Unhide để thấy) không có trong biểu mẫu "
        "(1 ô có nội dung)"
    )
    assert f"    Sheet “Danh sách cũ” — {very}." in out, out
    assert f"    Sheet “Tạm” — {plain}." in out, out
    assert [r[:4] for r in _section(tmp_path / "moi" / old.name)[3:]] == [
        ("Danh sách cũ", None, "Sheet thêm", f"S{very[1:]}"),
        ("Tạm", None, "Sheet thêm", f"S{plain[1:]}"),
    ]


def test_an_upgrade_keeps_hidden_rows_hidden_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """hunt111 E2: the upgraded file showed the rows hidden in the old one, and the reader's
    `cell.hidden_row` (a hidden row is often how a member was "removed") was gone without a
    word. They stay hidden, and the command says how many."""

    def hide(wb: Workbook) -> None:
        for row in (3, 4):
            wb[layout.SHEET_MEMBERS].row_dimensions[row].hidden = True
        wb[layout.SHEET_EVENTS].row_dimensions[2].hidden = True

    path = _old_file(tmp_path / "nop", hide)
    before = sorted((i.sheet, i.cell) for i in read_submission(path).issues if i.code == "cell.hidden_row")
    assert before == [(layout.SHEET_EVENTS, "A2"), (layout.SHEET_MEMBERS, "A3")]
    with pytest.raises(SystemExit) as exit_:
        main(["upgrade", str(path), "--out", str(tmp_path / "moi")], standalone_mode=False)
    assert exit_.value.code == 0
    assert "  3 dòng bị ẩn vẫn được ẩn ở tệp mới" in capsys.readouterr().out
    new = tmp_path / "moi" / path.name
    book = openpyxl.load_workbook(new)
    for sheet, rows in ((layout.SHEET_MEMBERS, [3, 4]), (layout.SHEET_EVENTS, [2])):
        ws = book[sheet]
        assert [r for r in range(1, 12) if ws.row_dimensions[r].hidden] == rows, sheet
    after = sorted((i.sheet, i.cell) for i in read_submission(new).issues if i.code == "cell.hidden_row")
    assert after == before


def _filter_sheet(wb: Workbook) -> None:
    """The members' AutoFilter on Giới tính = Nam: Excel hides the women's rows (3 and 5)."""
    ws = wb[layout.SHEET_MEMBERS]
    ws.auto_filter.ref = f"A1:{OLD_MEMBERS.letter('note')}6"
    ws.auto_filter.add_filter_column(OLD_MEMBERS.keys.index("gender"), ["Nam"])
    for row in (3, 5):
        ws.row_dimensions[row].hidden = True


def _filter_table(wb: Workbook) -> None:
    """The same filter, the members' list made an Excel Table (Format as Table)."""
    from openpyxl.worksheet.filters import AutoFilter, FilterColumn, Filters
    from openpyxl.worksheet.table import Table

    ws = wb[layout.SHEET_MEMBERS]
    ref = f"A1:{OLD_MEMBERS.letter('note')}6"
    table = Table(displayName="DanhSach", ref=ref, autoFilter=AutoFilter(ref=ref))
    column = FilterColumn(colId=OLD_MEMBERS.keys.index("gender"), filters=Filters(filter=["Nam"]))
    table.autoFilter.filterColumn.append(column)
    ws.add_table(table)
    for row in (3, 5):
        ws.row_dimensions[row].hidden = True


def test_rows_a_table_s_filter_hid_are_shown_not_hidden_by_hand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """hunt377: the rows an AutoFilter hid (a view: the reader says to clear the filter, and the
    work lists do not mark them) were hidden in the upgraded file, which had no filter: read
    as rows hidden by hand, the work lists marked those members red ("bị ẩn … hỏi lại chi
    bộ") and the screen said the rows stayed hidden. A sheet's AutoFilter now goes with the
    file (below); an Excel Table's does not (the Table is not carried), and the rows it hid
    are shown, and the screen says so."""
    path = _old_file(tmp_path / "nop", _filter_table)
    old = read_submission(path)
    assert "bộ lọc" in next(i.message for i in old.issues if i.code == "cell.hidden_row")
    assert old.hidden_rows == {}
    out = _upgrade_cli(path, tmp_path / "moi", capsys)
    assert "vẫn được ẩn" not in out
    assert "  2 dòng bị bộ lọc (Filter) ẩn ở tệp cũ được hiện lại ở tệp mới" in out
    new = tmp_path / "moi" / path.name
    ws = openpyxl.load_workbook(new)[layout.SHEET_MEMBERS]
    assert not [r for r in range(1, 12) if ws.row_dimensions[r].hidden]
    upgraded = read_submission(new)
    assert upgraded.hidden_rows == old.hidden_rows
    assert not [i for i in upgraded.issues if i.code == "cell.hidden_row"]
    assert len(upgraded.members) == len(old.members) == len(clean_members())


def test_a_sheet_s_autofilter_goes_with_its_columns_and_its_rows_stay_hidden_under_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """fix383: the members' AutoFilter (Giới tính = Nam, hiding rows 3 and 5) was not carried,
    so the rows it hid were shown (hunt377) and the secretary's filter was gone. It is on the
    upgraded sheet, over the columns where they went (Trình độ chuyên môn two columns further
    right, the range to the new last column), its rows hidden under it: the new file reads as
    the old one, the reader saying to clear the filter, no row hidden by hand."""
    from openpyxl.worksheet.filters import AutoFilter, CustomFilter, CustomFilters, FilterColumn

    def sorted_too(wb: Workbook) -> None:
        _filter_sheet(wb)  # and the mark of a sort by name, whose ranges name the old columns
        ws = wb[layout.SHEET_MEMBERS]
        ws.auto_filter.add_sort_condition(f"{OLD_MEMBERS.letter('full_name')}2:B6")
        anything = CustomFilters(customFilter=[CustomFilter(operator="notEqual", val="zzz")])
        column = FilterColumn(colId=OLD_MEMBERS.keys.index("prof_level"), customFilters=anything)
        ws.auto_filter.filterColumn.append(column)

    path = _old_file(tmp_path / "nop", sorted_too)
    old = read_submission(path)
    warned = [i.message for i in old.issues if i.code == "cell.hidden_row"]
    assert len(warned) == 1 and "bộ lọc" in warned[0] and old.hidden_rows == {}
    out = _upgrade_cli(path, tmp_path / "moi", capsys)
    assert (
        "  Bộ lọc (Filter) của sheet “Đảng viên” được giữ ở tệp mới; 2 dòng bộ lọc đang ẩn vẫn bị ẩn ở tệp "
        "mới (các dòng này vẫn được tính như ở tệp cũ).\n"
    ) in out, out
    assert "hiện lại" not in out and "vẫn được ẩn" not in out
    new = tmp_path / "moi" / path.name
    ws = openpyxl.load_workbook(new)[layout.SHEET_MEMBERS]
    members = layout.MEMBERS
    flt: AutoFilter = ws.auto_filter
    assert flt.ref == f"A1:{members.letter('note')}6"
    gender, level = flt.filterColumn
    assert (gender.colId, gender.filters.filter) == (members.keys.index("gender"), ["Nam"])
    assert level.colId == members.keys.index("prof_level") == OLD_MEMBERS.keys.index("prof_level") + 2
    assert [(c.operator, c.val) for c in level.customFilters.customFilter] == [("notEqual", "zzz")]
    assert flt.sortState is None
    assert [r for r in range(1, 12) if ws.row_dimensions[r].hidden] == [3, 5]
    upgraded = read_submission(new)
    assert [i.message for i in upgraded.issues if i.code == "cell.hidden_row"] == warned
    assert upgraded.hidden_rows == old.hidden_rows == {}
    assert len(upgraded.members) == len(old.members) == len(clean_members())


@pytest.mark.parametrize("table", [False, True])
def test_a_row_hidden_by_hand_under_a_filter_stays_hidden_as_one_hidden_by_hand(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], table: bool
) -> None:
    """fix388: a man's row (2) hidden by hand under the filter Giới tính = Nam was taken as the
    filter's: under a Table's filter, which is not carried, it was shown in the upgraded file,
    the reader's mark of a hidden member gone. It stays hidden, counted as hidden by hand, and
    the new file reads it so, under the sheet's filter carried or with none."""

    def hide(wb: Workbook) -> None:
        (_filter_table if table else _filter_sheet)(wb)
        wb[layout.SHEET_MEMBERS].row_dimensions[2].hidden = True

    path = _old_file(tmp_path / "nop", hide)
    old = read_submission(path)
    assert old.hidden_rows == {layout.SHEET_MEMBERS: [2]}
    out = _upgrade_cli(path, tmp_path / "moi", capsys)
    assert "  1 dòng bị ẩn vẫn được ẩn ở tệp mới" in out, out
    ws = openpyxl.load_workbook(tmp_path / "moi" / path.name)[layout.SHEET_MEMBERS]
    assert [r for r in range(1, 12) if ws.row_dimensions[r].hidden] == ([2] if table else [2, 3, 5])
    assert read_submission(tmp_path / "moi" / path.name).hidden_rows == old.hidden_rows


def test_a_custom_view_s_filter_is_not_carried_as_the_sheet_s(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """fix388's finding: a sheet with no AutoFilter of its own but a custom view (View > Custom
    Views) that keeps one had that view's filter put on the upgraded sheet, which then hid by a
    filter the row the secretary had hidden by hand (a woman's row, Giới tính = Nam): the new
    file read it as the filter's, the work lists' red mark of it gone. The reader and the
    upgrade now take the sheet's own filter only."""
    path = _old_file(
        tmp_path / "nop", lambda wb: setattr(wb[layout.SHEET_MEMBERS].row_dimensions[3], "hidden", True)
    )
    part = sheet_part(path, layout.SHEET_MEMBERS)
    gender = OLD_MEMBERS.keys.index("gender")
    view = (
        '<customSheetViews><customSheetView guid="{6F3E2A10-0000-4000-8000-000000000001}">'
        f'<autoFilter ref="A1:{OLD_MEMBERS.letter("note")}6"><filterColumn colId="{gender}">'
        '<filters><filter val="Nam"/></filters></filterColumn></autoFilter>'
        "</customSheetView></customSheetViews>"
    ).encode()

    def with_view(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        end = data.index(b"</sheetData>") + len(b"</sheetData>")
        after = [
            data.find(tag, end)
            for tag in (b"<mergeCells", b"<conditionalFormatting", b"<dataValidations", b"<pageMargins")
        ]
        at = min(i for i in after if i >= 0)
        return data[:at] + view + data[at:]

    rewrite_zip(path, with_view)
    old = read_submission(path)
    assert old.hidden_rows == {layout.SHEET_MEMBERS: [3]}
    out = _upgrade_cli(path, tmp_path / "moi", capsys)
    assert "được giữ" not in out and "  1 dòng bị ẩn vẫn được ẩn ở tệp mới" in out, out
    new = tmp_path / "moi" / path.name
    ws = openpyxl.load_workbook(new)[layout.SHEET_MEMBERS]
    assert not ws.auto_filter.ref
    assert [r for r in range(1, 12) if ws.row_dimensions[r].hidden] == [3]
    assert read_submission(new).hidden_rows == old.hidden_rows


def test_a_filter_by_colour_is_not_carried_and_its_rows_are_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A condition by a cell's colour names a format of the old file (`dxfId`), which the new
    one has not: that filter is not carried, and the rows it hid are shown, as a Table's."""
    from openpyxl.worksheet.filters import ColorFilter, FilterColumn

    def by_colour(wb: Workbook) -> None:
        ws = wb[layout.SHEET_MEMBERS]
        ws.auto_filter.ref = f"A1:{OLD_MEMBERS.letter('note')}6"
        ws.auto_filter.filterColumn.append(FilterColumn(colId=1, colorFilter=ColorFilter(dxfId=0)))
        for row in (3, 5):
            ws.row_dimensions[row].hidden = True

    path = _old_file(tmp_path / "nop", by_colour)
    out = _upgrade_cli(path, tmp_path / "moi", capsys)
    assert "  2 dòng bị bộ lọc (Filter) ẩn ở tệp cũ được hiện lại ở tệp mới" in out, out
    assert "được giữ" not in out
    ws = openpyxl.load_workbook(tmp_path / "moi" / path.name)[layout.SHEET_MEMBERS]
    assert not ws.auto_filter.ref and not [r for r in range(1, 12) if ws.row_dimensions[r].hidden]


def test_columns_hidden_in_the_old_file_are_shown_and_the_screen_names_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """hunt380: a column of a table hidden in the old file ("Lý luận chính trị", hidden by the
    secretary) is shown in the upgraded file, and the old file's `cell.hidden_column` was gone
    without a word. The screen names the columns shown again, by sheet and header, counted;
    an empty hidden column (the members' notes), of which the reader says nothing, is not."""
    old_events = layout.LAYOUT_2026_1.events

    def hide(wb: Workbook) -> None:
        members = wb[layout.SHEET_MEMBERS].column_dimensions
        for key in ("theory_level", "note"):
            members[OLD_MEMBERS.letter(key)].hidden = True
        wb[layout.SHEET_EVENTS].column_dimensions[old_events.letter("decision_no")].hidden = True

    path = _old_file(tmp_path / "nop", hide)
    before = sorted(
        (i.sheet, i.cell[0]) for i in read_submission(path).issues if i.code == "cell.hidden_column"
    )
    assert before == [
        (layout.SHEET_EVENTS, old_events.letter("decision_no")),
        (layout.SHEET_MEMBERS, OLD_MEMBERS.letter("theory_level")),
    ]
    out = _upgrade_cli(path, tmp_path / "moi", capsys)
    assert (
        "  2 cột bị ẩn ở tệp cũ được hiện lại ở tệp mới: sheet “Đảng viên”, cột “Lý luận chính trị”; "
        "sheet “Biến động”, cột “Số quyết định” (dữ liệu các cột này vẫn được đọc và được tính như ở "
        "tệp cũ)."
    ) in out
    new = tmp_path / "moi" / path.name
    book = openpyxl.load_workbook(new)
    for spec in (layout.MEMBERS, layout.EVENTS):
        dims = book[spec.name].column_dimensions
        assert not [f.key for f in spec.fields if dims[spec.letter(f.key)].hidden], spec.name
    upgraded = read_submission(new)
    assert not [i for i in upgraded.issues if i.code == "cell.hidden_column"]
    assert len(upgraded.members) == len(clean_members())


GUIDE_NOTE = "Ghi chú của bí thư: đ/c Thắm đã chuyển sinh hoạt tạm thời"
FORMULA_OUTSIDE = (
    "công thức chưa có giá trị, ngoài các bảng của biểu mẫu, không chép sang: nếu còn cần, hãy xem "
    "công thức trong tệp cũ rồi tự ghi giá trị của nó sang tệp mới"
)


def test_what_a_secretary_put_on_the_guide_and_the_lists_is_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """hunt123 F1: a note typed on `Hướng dẫn`, a comment there (its protection allows one) and
    a cell typed in `DanhMuc` were dropped in silence, those sheets being written anew; the
    upgrade said nothing was left behind. They are listed as any sheet's, the template's own
    text of those sheets is not."""

    def notes(wb: Workbook) -> None:
        guide = wb[layout.SHEET_GUIDE]
        guide["C5"] = GUIDE_NOTE
        guide["A40"] = "Đã gửi bản giấy ngày 02/4"
        guide["A2"].comment = Comment("Đã đọc kỹ - Hằng", "Hằng")
        guide["D7"] = "=1+1"  # no saved value
        guide["D9"], guide["D9"].hyperlink = "Công văn", "https://example.com/cv.pdf"
        wb[layout.SHEET_LISTS]["Z1"] = "ghi chú riêng"

    old = _old_file(tmp_path / "nop", notes)
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    assert "(7 mục; nếu còn cần" in out
    assert "    Sheet “Hướng dẫn”, ô A2 — ghi chú (comment)." in out
    assert "    Sheet “Hướng dẫn”, ô C5 — nội dung ngoài các bảng của biểu mẫu." in out
    assert "    Sheet “Hướng dẫn”, ô A40 — nội dung ngoài các bảng của biểu mẫu." in out
    assert "    Sheet “DanhMuc”, ô Z1 — nội dung ngoài các bảng của biểu mẫu." in out
    assert "Thắm" not in out  # named, not quoted, on screen
    assert [r[:4] for r in _section(tmp_path / "moi" / old.name)[3:]] == [
        ("Hướng dẫn", "A2", "Ghi chú (comment)", "“Đã đọc kỹ - Hằng”"),
        ("Hướng dẫn", "C5", "Ô ngoài bảng", f"“{GUIDE_NOTE}”"),
        ("Hướng dẫn", "D7", "Công thức ngoài bảng", f"“=1+1”: {FORMULA_OUTSIDE}"),
        ("Hướng dẫn", "D9", "Ô ngoài bảng", "“Công văn”"),
        ("Hướng dẫn", "D9", "Liên kết (hyperlink)", "“https://example.com/cv.pdf”"),
        ("Hướng dẫn", "A40", "Ô ngoài bảng", "“Đã gửi bản giấy ngày 02/4”"),
        ("DanhMuc", "Z1", "Ô ngoài bảng", "“ghi chú riêng”"),
    ]


def test_the_template_s_own_text_of_the_guide_is_never_listed_even_moved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The guide of one template version gains lines between editions (a text-only change keeps
    the version), moving the others down: a line of the old template's guide on another row is
    still its own, and so is an untouched guide or list; only a line edited is the secretary's."""
    edited = ""

    def older_edition(wb: Workbook) -> None:
        nonlocal edited
        guide = wb[layout.SHEET_GUIDE]
        guide.delete_rows(10)  # as an edition without that line had it: the lines below move up
        edited = f"{guide['A3'].value} (đã đọc)"
        guide["A3"] = edited

    old = _old_file(tmp_path / "nop", older_edition)
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    assert "(1 mục;" in out and "    Sheet “Hướng dẫn”, ô A3 — nội dung ngoài các bảng của biểu mẫu." in out
    assert [r[:4] for r in _section(tmp_path / "moi" / old.name)[3:]] == [
        ("Hướng dẫn", "A3", "Ô ngoài bảng", f"“{edited}”"),
    ]


def test_a_block_of_cells_left_behind_is_quoted_cell_by_cell_within_limits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """hunt123 F7: a single cell left behind was quoted in `Cần bổ sung`, a block of several
    only counted ("2 ô có nội dung"), so the secretary had to open the old file to know what
    they held. Each cell is quoted on a line of its own, a long one cut, a long block too, with
    how many cells more; the screen still names the cells only."""
    long_note = "Danh sách quần chúng ưu tú đề nghị kết nạp: " + "bồi dưỡng nhận thức về Đảng, " * 6

    def notes(wb: Workbook) -> None:
        info = wb[layout.SHEET_INFO]
        info["A13"], info["B13"] = "Ghi chú", long_note
        ws = wb[layout.SHEET_MEMBERS]
        for n in range(25):  # a list kept beside, under the members: 25 cells, 20 quoted
            ws[f"Z{40 + n}"] = f"Quần chúng {n + 1}"
        for n in range(10):  # ten long notes: cut, and as many as 800 characters hold
            ws[f"AB{40 + n}"] = f"{n + 1}. {long_note}"

    old = _old_file(tmp_path / "nop", notes)
    out = _upgrade_cli(old, tmp_path / "moi", capsys)
    assert "    Sheet “Thông tin”, các ô A13–B13 (2 ô) — nội dung ngoài các bảng của biểu mẫu." in out
    assert "    Sheet “Đảng viên”, các ô Z40–Z64 (25 ô) — nội dung ngoài các bảng của biểu mẫu." in out
    assert "Quần chúng" not in out and "Ghi chú”" not in out
    rows = _section(tmp_path / "moi" / old.name)[3:]
    assert [r[:3] for r in rows] == [
        ("Thông tin", "A13–B13", "Ô ngoài bảng"),
        ("Đảng viên", "Z40–Z64", "Ô ngoài bảng"),
        ("Đảng viên", "AB40–AB49", "Ô ngoài bảng"),
    ]
    cut = " ".join(long_note.split())[:99].rstrip() + "…"
    assert rows[0][3] == f"2 ô có nội dung:\nA13: “Ghi chú”\nB13: “{cut}”"
    assert rows[1][3] == "\n".join(
        [
            "25 ô có nội dung:",
            *(f"Z{40 + n}: “Quần chúng {n + 1}”" for n in range(20)),
            "… và 5 ô khác: xem trong tệp cũ",
        ]
    )
    long_lines = str(rows[2][3]).split("\n")
    assert long_lines[0] == "10 ô có nội dung:" and long_lines[-1] == "… và 3 ô khác: xem trong tệp cũ"
    assert long_lines[1] == f"AB40: “{f'1. {cut}'[:99].rstrip()}…”"
    assert len(long_lines) == 9 and sum(len(line) for line in long_lines[1:-1]) <= 800
    ws = openpyxl.load_workbook(tmp_path / "moi" / old.name)[layout.SHEET_LEFT_OUT]
    first = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "Z40–Z64")
    assert ws.row_dimensions[first].height == 16 * 22 and ws.cell(first, 4).alignment.wrap_text


def test_a_comment_is_found_when_the_sheets_relationships_part_is_named_in_another_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """OPC part names compare case-insensitively (hunt143 F1): a sheet whose relationships part
    is `_rels/Sheet3.xml.rels` for the part `sheet3.xml` has its comments, which moved as any
    other; they were not found, and the comment left behind without a word."""

    def comments(wb: Workbook) -> None:
        wb[layout.SHEET_MEMBERS][OLD_MEMBERS.cell("occupation", 3)].comment = Comment("Hỏi lại", "Bí thư")

    old = _old_file(tmp_path / "nop", comments)
    part = sheet_part(old, layout.SHEET_MEMBERS)
    head, _, tail = part.rpartition("/")
    rels = f"{head}/_rels/{tail}.rels"
    with zipfile.ZipFile(old) as zf:
        assert rels in zf.namelist()
    capital = f"{head}/_rels/{tail.capitalize()}.rels"
    source = old.read_bytes()
    with zipfile.ZipFile(old, "w", zipfile.ZIP_DEFLATED) as out, zipfile.ZipFile(io.BytesIO(source)) as zin:
        for item in zin.infolist():
            out.writestr(capital if item.filename == rels else item.filename, zin.read(item.filename))
    text = _upgrade_cli(old, tmp_path / "moi", capsys)
    assert "Đã chép 1 ghi chú (comment) của các ô sang ô tương ứng của tệp mới." in text
    occupation = openpyxl.load_workbook(tmp_path / "moi" / old.name)[layout.SHEET_MEMBERS][
        layout.MEMBERS.cell("occupation", 3)
    ].comment
    assert occupation is not None and occupation.text == "Hỏi lại"


def test_a_printed_page_of_the_left_out_section_carries_its_own_header_only(tmp_path: Path) -> None:
    """Print titles and the frozen pane belong to a whole sheet: `Cần bổ sung` repeated the list's
    header (Sheet · Ô · Cột / mục · Họ và tên · Cần làm) on every printed page, over the section
    of what was not carried over too, where “Họ và tên” stood above a comment's words (fix311);
    then it repeated none, so the list's later pages had no header, and the frozen pane still
    kept the list's header over the section on screen. The section is a sheet of its own (after
    `Cần bổ sung`, fix318): each repeats and freezes its own header, and the reader reads
    neither (no `file.extra_sheet`)."""
    with_section = _old_file(tmp_path / "nop", _with_extras)
    plain = _old_file(tmp_path / "nop2")
    for path, out in ((with_section, "moi"), (plain, "moi2")):
        assert len(upgrade_files([path], tmp_path / out).upgraded) == 1
    new = tmp_path / "moi" / with_section.name
    wb = openpyxl.load_workbook(new)
    assert wb.sheetnames[:3] == [layout.SHEET_TO_COMPLETE, layout.SHEET_LEFT_OUT, layout.SHEET_GUIDE]
    assert wb.active.title == layout.SHEET_TO_COMPLETE
    ws = wb[layout.SHEET_TO_COMPLETE]
    assert ws.print_title_rows == "$5:$5" and ws.cell(5, 5).value == "Cần làm"
    assert ws.freeze_panes == "A6" and not ws.row_breaks.brk
    assert all(ws.cell(r, 1).value != LEFT_OUT_TITLE for r in range(1, ws.max_row + 1))
    other = wb[layout.SHEET_LEFT_OUT]
    assert other["A1"].value == LEFT_OUT_TITLE
    assert [other.cell(3, c).value for c in range(1, 5)] == ["Sheet", "Ô", "Loại", "Nội dung"]
    assert other.print_title_rows == "$3:$3" and other.freeze_panes == "A4"
    owner = other.oddFooter.left.text
    assert owner == ws.oddFooter.left.text.replace(layout.SHEET_TO_COMPLETE, layout.SHEET_LEFT_OUT)
    assert "file.extra_sheet" not in {i.code for i in run(new).issues}
    # No section: the list alone, its header on every page as before.
    wb = openpyxl.load_workbook(tmp_path / "moi2" / plain.name)
    assert layout.SHEET_LEFT_OUT not in wb.sheetnames
    ws = wb[layout.SHEET_TO_COMPLETE]
    assert ws.print_title_rows == "$5:$5" and ws.freeze_panes == "A6" and not ws.row_breaks.brk
