"""fix390: text struck through in part inside a cell (some words crossed out in the cell's
editor: Excel saves the cell as a shared string of runs, some struck).

1. A `Ghi chú` struck in part ("~~Chuyển đi 03/2024~~ Đã về sinh hoạt") was read whole, so it
   said the member left: `member.note_left` and red in every work list. The words struck are
   withdrawn, as a note struck whole is (fix385): the note in force is the unstruck text
   (`Submission.notes_unstruck`, `left_party.notes_in_force`, one rule for both).

Real generated workbooks: the template filled by `helpers_worklists.submission`, the cell given
rich text by openpyxl (`openpyxl.cell.rich_text`), then saved as Excel saves it (openpyxl writes
rich text inline, which only programs do; Excel writes it in the shared strings).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_validate import clean_members, write_old
from helpers_worklists import HEADER_ROW, REGISTRY, _member, submission
from ooxml_hostile import CT_SHARED_STRINGS, NS_MAIN, REL_SHARED_STRINGS, OoxmlPackage
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from toolkit.cli import main
from toolkit.core import layout
from toolkit.io.reader import read_submission
from toolkit.sample.messy import to_tcvn3
from toolkit.worklists.collect import NOTE_LEFT_MARK

RED = "FF9C0006"
ROW = layout.FIRST_DATA_ROW + 1  # Lê Văn Tám's


def _column(key: str) -> int:
    return next(i for i, f in enumerate(layout.MEMBERS.fields, start=1) if f.key == key)


def _ref(key: str, row: int = ROW) -> str:
    return f"{openpyxl.utils.get_column_letter(_column(key))}{row}"


def _ward(folder: Path, note: str | None = None, **more: Any) -> Path:
    """Two members reaching 30 years of party age on 19/05/2026 (the badge list at 31/03/2026),
    the second with `note`, and a third."""
    return submission(
        folder,
        REGISTRY.organisations[1],
        [
            _member("Hoàng Văn Em", "05/05/1970", "male", "19/05/1996", "19/05/1997"),
            _member("Lê Văn Tám", "06/06/1971", "male", "19/05/1996", "19/05/1997", note=note, **more),
            _member("Mai Thị Quế", "03/03/1980", "female", "01/01/2000", "01/01/2001"),
        ],
    )


def rich(
    path: Path, cells: dict[str, list[tuple[str, bool]]], *, shared: bool = True, font_name: str | None = None
) -> Path:
    """The members' cells (ref → runs of (text, struck)) as rich text, written by openpyxl and
    then moved to the shared strings, as Excel saves a cell some of whose words were struck
    through in the cell's editor (not `shared`: left inline, each run naming its font, as
    openpyxl writes it, and the upgrade; `font_name`: the runs' font, else the cell's)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_MEMBERS]
    for ref, runs in cells.items():
        font = ws[ref].font
        name = font_name or font.name
        blocks = [TextBlock(InlineFont(rFont=name, sz=font.sz, strike=s or None), t) for t, s in runs]
        ws[ref].value = CellRichText(blocks)
    wb.save(path)
    if not shared:
        return path
    package = OoxmlPackage(path.read_bytes())
    part = package.sheet_part(layout.SHEET_MEMBERS)
    strings: list[str] = []

    def shared(m: re.Match[str]) -> str:
        strings.append(f"<si>{m.group(2)}</si>")
        return f'<c{m.group(1)} t="s"><v>{len(strings) - 1}</v></c>'

    xml = re.sub(r'<c([^>]*?) t="inlineStr"><is>(<r>.*?)</is></c>', shared, package.text(part))
    assert len(strings) == len(cells)
    package.set_text(part, xml)
    count = len(strings)
    sst = f'<sst xmlns="{NS_MAIN}" count="{count}" uniqueCount="{count}">{"".join(strings)}</sst>'
    package.add_part("xl/sharedStrings.xml", sst.encode(), CT_SHARED_STRINGS, REL_SHARED_STRINGS)
    path.write_bytes(package.to_bytes())
    return path


def _run(folder: Path, tmp_path: Path) -> tuple[list[dict[str, Any]], dict[str, tuple[Any, bool]]]:
    """`validate`'s issues of the members sheet, and the badge list's rows: name → (note, red)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    report = tmp_path / "kiem_tra.json"
    CliRunner().invoke(main, ["validate", str(folder), "--cutoff", "31/03/2026", "--json", str(report)])
    issues = [
        i for i in json.loads(report.read_text(encoding="utf-8"))["issues"] if i["sheet"] == "Đảng viên"
    ]
    out = tmp_path / "danh_sach.xlsx"
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Huy hiệu Đảng"]
    head = [c.value for c in ws[HEADER_ROW]]
    note = head.index("Ghi chú")
    badges = {
        row[3].value: (row[note].value, row[3].font.color is not None and row[3].font.color.rgb == RED)
        for row in ws.iter_rows(min_row=HEADER_ROW + 1)
        if isinstance(row[0].value, int)
    }
    return issues, badges


@pytest.mark.parametrize(
    "runs",
    [
        [("Chuyển đi 03/2024", True), (" Đã về sinh hoạt", False)],
        [("Từ trần", True), (" (ghi nhầm dòng)", False)],
        [("Đã chuyển sinh hoạt đi Phường 5", True), (" - ghi nhầm, vẫn ở chi bộ", False)],
    ],
)
def test_words_struck_out_of_a_note_saying_the_member_left_say_nothing(
    tmp_path: Path, runs: list[tuple[str, bool]]
) -> None:
    folder = tmp_path / "nop"
    path = rich(_ward(folder, "…"), {_ref("note"): runs})
    issues, badges = _run(folder, tmp_path)
    assert [i["code"] for i in issues] == [], issues  # not `member.note_left`, nor a strike warning
    assert badges["Lê Văn Tám"] == (None, False)
    sub = read_submission(path)
    assert sub.members is not None
    assert sub.members["note"].tolist()[1] == " ".join("".join(t for t, _ in runs).split())  # read as typed
    unstruck = " ".join("".join(t for t, hit in runs if not hit).split())
    assert sub.notes_unstruck == {layout.SHEET_MEMBERS: {ROW: unstruck}}
    assert sub.struck_notes == {} and sub.struck_rows == {}


def test_the_unstruck_words_of_a_note_are_the_note(tmp_path: Path) -> None:
    """The words left saying the member left: warned and red, quoting those words."""
    folder = tmp_path / "nop"
    rich(_ward(folder, "…"), {_ref("note"): [("Đang sinh hoạt", True), (" Đã chuyển đi", False)]})
    issues, badges = _run(folder, tmp_path)
    assert [(i["code"], i["cell"]) for i in issues] == [("member.note_left", _ref("note"))]
    note, red = badges["Lê Văn Tám"]
    assert red and NOTE_LEFT_MARK in note and "\u201cĐã chuyển đi\u201d" in note, note


def test_words_struck_out_of_a_readmission_note_ask_no_recount(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    note = [("Kết nạp lại ngày 05/5/2010", True), (" (ghi nhầm)", False)]
    rich(_ward(folder, "…"), {_ref("note"): note})
    assert _run(folder, tmp_path)[1]["Lê Văn Tám"] == (None, False)


# 2. A word struck through inside another cell (a name corrected in the cell's editor) was read
#    as part of the value without a word: now `cell.part_struck` at the cell, quoting the words
#    struck and the value read. The value is still read as typed (the tool cannot know that the
#    struck words are not meant), so a name matched across files is not changed silently.


def test_a_word_struck_in_a_name_is_warned_at_its_cell(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    name = [("Lê Văn ", False), ("Tam", True), (" Tám", False)]
    path = rich(_ward(folder), {_ref("full_name"): name})
    sub = read_submission(path)
    assert sub.members is not None
    assert sub.members["full_name"].tolist()[1] == "Lê Văn Tam Tám"  # read as typed
    found = [i for i in sub.issues if i.code == "cell.part_struck"]
    assert [(i.sheet, i.cell, i.severity) for i in found] == [
        (layout.SHEET_MEMBERS, _ref("full_name"), "warning")
    ]
    message = found[0].message
    assert message.startswith(f"Dòng {ROW}, cột \u201cHọ và tên\u201d (ô {_ref('full_name')}): "), message
    assert "(\u201cTam\u201d)" in message and "là \u201cLê Văn Tam Tám\u201d" in message, message
    assert found[0].file == path.name
    # without personal data, the words struck are hidden as the value is
    assert found[0].private_message is not None and "Tam" not in found[0].private_message
    assert sub.notes_unstruck == {} and sub.struck_rows == {}
    issues, _ = _run(folder, tmp_path)
    assert [(i["code"], i["cell"]) for i in issues] == [("cell.part_struck", _ref("full_name"))]


def test_several_cells_of_a_column_warned_once_and_a_note_said_nothing_of(tmp_path: Path) -> None:
    """Two names of one column: one warning at the first, naming both cells and quoting the
    first's words (fix395: grouped as the corrections are; tests/test_grouped_warnings_fix395.py)."""
    folder = tmp_path / "nop"
    path = rich(
        _ward(folder, "…"),
        {
            _ref("full_name"): [("Lê Văn ", False), ("Tam", True), (" Tám", False)],
            _ref("full_name", ROW + 1): [("Mai Thị ", False), ("Que", True), (" Quế", False)],
            _ref("note"): [("Chuyển đi", True), (" Đã về", False)],
        },
    )
    sub = read_submission(path)
    found = [(i.cell, i.value) for i in sub.issues if i.code == "cell.part_struck"]
    assert found == [(_ref("full_name"), "Lê Văn Tam Tám")]
    (message,) = [i.message for i in sub.issues if i.code == "cell.part_struck"]
    first, both = _ref("full_name"), f"{_ref('full_name')}\u2013{_ref('full_name', ROW + 1)}"
    assert message.startswith(
        f"Cột \u201cHọ và tên\u201d: 2 ô có một phần chữ bị gạch ngang ({both}); ví dụ ô {first}: "
    ), message
    assert "(\u201cTam\u201d)" in message and "là \u201cLê Văn Tam Tám\u201d" in message, message
    assert sub.notes_unstruck == {layout.SHEET_MEMBERS: {ROW: "Đã về"}}


def test_a_cell_struck_whole_is_no_part_struck(tmp_path: Path) -> None:
    """Every run with text struck: the row is struck out (`cell.strikethrough`), not this."""
    folder = tmp_path / "nop"
    path = rich(_ward(folder), {_ref("full_name"): [("Lê Văn ", True), ("Tám", True)]})
    codes = [i.code for i in read_submission(path).issues]
    assert "cell.strikethrough" in codes and "cell.part_struck" not in codes


# The upgrade writes a cell with words struck as inline rich text (openpyxl's), its runs naming
# their font: the upgraded file read the note whole again, and the name without a word. Inline
# rich text is read where its runs name a font (the sheet scan's `rFont` look, no extra pass).


def test_inline_rich_text_naming_its_font_is_read_alike(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    path = rich(
        _ward(folder, "…"),
        {
            _ref("full_name"): [("Lê Văn ", False), ("Tam", True), (" Tám", False)],
            _ref("note"): [("Chuyển đi 03/2024", True), (" Đã về sinh hoạt", False)],
        },
        shared=False,
    )
    sub = read_submission(path)
    assert sub.notes_unstruck == {layout.SHEET_MEMBERS: {ROW: "Đã về sinh hoạt"}}
    assert [(i.code, i.cell) for i in sub.issues] == [("cell.part_struck", _ref("full_name"))]
    issues, badges = _run(folder, tmp_path)
    assert "member.note_left" not in [i["code"] for i in issues]
    assert badges["Lê Văn Tam Tám"] == (None, False)  # the name read as typed


def test_the_upgraded_file_reads_the_struck_words_as_the_old_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old_m = layout.MEMBERS_2026_1
    (tmp_path / "nop").mkdir()
    members = clean_members()
    members[2]["note"] = "…"
    old = write_old(tmp_path / "nop", members=members)
    note = [("Chuyển đi 03/2024", True), (" Đã về sinh hoạt", False)]
    old = rich(
        old, {"B3": [("Trần Thị ", False), ("Huong", True), (" Hường", False)], old_m.cell("note", 4): note}
    )
    before = read_submission(old)
    with pytest.raises(SystemExit) as done:
        main(["upgrade", str(old), "--out", str(tmp_path / "moi")], standalone_mode=False)
    assert done.value.code == 0
    capsys.readouterr()
    after = read_submission(tmp_path / "moi" / old.name)
    for sub in (before, after):
        assert sub.notes_unstruck == {layout.SHEET_MEMBERS: {4: "Đã về sinh hoạt"}}
        assert [(i.code, i.cell) for i in sub.issues if i.code.startswith("cell.")] == [
            ("cell.part_struck", "B3")
        ]


def test_a_note_typed_in_a_legacy_font_is_read_in_force_as_the_reader_reads_it(tmp_path: Path) -> None:
    """A `.VnTime` note (TCVN3 bytes, which the reader converts): its unstruck words converted
    alike, and a name's struck words and value quoted as read, not as the bytes typed."""
    folder = tmp_path / "nop"
    path = rich(
        _ward(folder, "…"),
        {
            _ref("note"): [(to_tcvn3("Chuyển đi 03/2024"), True), (to_tcvn3(" Đã về sinh hoạt"), False)],
            _ref("full_name"): [
                (to_tcvn3("Lê Văn "), False),
                (to_tcvn3("Tam"), True),
                (to_tcvn3(" Tám"), False),
            ],
        },
        font_name=".VnTime",
    )
    sub = read_submission(path)
    assert sub.members is not None
    assert sub.members["note"].tolist()[1] == "Chuyển đi 03/2024 Đã về sinh hoạt"  # the reader's conversion
    assert sub.notes_unstruck == {layout.SHEET_MEMBERS: {ROW: "Đã về sinh hoạt"}}
    found = [i.value for i in sub.issues if i.code == "cell.part_struck"]
    assert found == ["Lê Văn Tam Tám"], found
    issues, badges = _run(folder, tmp_path)
    assert "member.note_left" not in [i["code"] for i in issues]
