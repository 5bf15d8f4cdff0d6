"""fix383: a word struck through inside a cell (a name corrected in the cell's editor: Excel
writes it as a shared string of runs, one of them struck) was written plain by the upgrade, so
the upgraded file showed "Trần Thị Huong Hường" as if it were the name. The reader reads the
whole text either way (a cell is struck only when every run is, `cell.strikethrough`): the
strike is the secretary's mark, carried as rich text where the value written is the text of the
runs, listed otherwise."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import clean_members, write_old
from ooxml_hostile import CT_SHARED_STRINGS, NS_MAIN, REL_SHARED_STRINGS, OoxmlPackage
from openpyxl.cell.rich_text import CellRichText

from toolkit.cli import main
from toolkit.core import layout
from toolkit.io.reader import read_submission

FONT = '<sz val="11"/><rFont val="Times New Roman"/>'
STRUCK = f'<r><rPr><strike/>{FONT}</rPr><t xml:space="preserve">{{}}</t></r>'
PLAIN = f'<r><rPr>{FONT}</rPr><t xml:space="preserve">{{}}</t></r>'
OLD_M, M = layout.MEMBERS_2026_1, layout.MEMBERS


def _with_runs(path: Path, cells: dict[str, str]) -> Path:
    """The members' cells (ref → runs) as shared strings of those runs, as Excel writes a cell
    some of whose words were struck through in the cell's editor."""
    package = OoxmlPackage(path.read_bytes())
    strings = "".join(f"<si>{runs}</si>" for runs in cells.values())
    sst = f'<sst xmlns="{NS_MAIN}" count="{len(cells)}" uniqueCount="{len(cells)}">{strings}</sst>'
    package.add_part("xl/sharedStrings.xml", sst.encode(), CT_SHARED_STRINGS, REL_SHARED_STRINGS)
    part = package.sheet_part(layout.SHEET_MEMBERS)
    xml = package.text(part)
    for index, ref in enumerate(cells):
        xml, n = re.subn(
            rf'<c r="{ref}"([^>]*?) t="inlineStr"><is><t[^>]*>[^<]*</t></is></c>',
            rf'<c r="{ref}"\1 t="s"><v>{index}</v></c>',
            xml,
        )
        assert n == 1, ref
    package.set_text(part, xml)
    path.write_bytes(package.to_bytes())
    return path


def _upgrade(path: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as done:
        main(["upgrade", str(path), "--out", str(out)], standalone_mode=False)
    assert done.value.code == 0
    return capsys.readouterr().out


def _runs(value: object) -> list[tuple[str, bool]]:
    assert isinstance(value, CellRichText), value
    return [(block.text, bool(block.font.strike)) for block in value]


def test_a_word_struck_in_a_name_or_a_note_stays_struck(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "nop").mkdir()
    name = PLAIN.format("Trần Thị ") + STRUCK.format("Huong") + PLAIN.format(" Hường")
    note = STRUCK.format("Chuyển đi 03/2024") + PLAIN.format(" Đã về sinh hoạt")
    members = clean_members()
    members[2]["note"] = "…"  # its cell, whose text is then made runs
    old = write_old(tmp_path / "nop", members=members)
    old = _with_runs(old, {"B3": name, OLD_M.cell("note", 4): note})
    before = read_submission(old)
    assert before.members is not None
    assert before.members["full_name"].tolist()[1] == "Trần Thị Huong Hường"  # read whole, not struck
    assert "cell.strikethrough" not in [i.code for i in before.issues]
    out = _upgrade(old, tmp_path / "moi", capsys)
    assert (
        "  2 ô có một phần chữ bị gạch ngang vẫn được gạch ngang như ở tệp cũ (phần chữ bị gạch ngang vẫn "
        "được đọc như chữ thường).\n"
    ) in out, out
    new = tmp_path / "moi" / old.name
    ws = openpyxl.load_workbook(new, rich_text=True)[layout.SHEET_MEMBERS]
    assert _runs(ws["B3"].value) == [("Trần Thị ", False), ("Huong", True), (" Hường", False)]
    assert _runs(ws[M.cell("note", 4)].value) == [("Chuyển đi 03/2024", True), (" Đã về sinh hoạt", False)]
    assert {block.font.rFont for block in ws["B3"].value} == {ws["B3"].font.name}
    after = read_submission(new)
    assert after.members is not None
    for key in ("full_name", "note"):
        assert after.members[key].tolist() == before.members[key].tolist()
    assert "cell.strikethrough" not in [i.code for i in after.issues]


def test_a_struck_word_in_a_value_the_reader_cleaned_is_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two spaces in the name: the reader reads it with one (`norm.spaces`), the value written is
    no longer the runs' text, so the strike cannot be put on its words: the cell is listed, the
    words struck quoted in the file, never on screen."""
    (tmp_path / "nop").mkdir()
    name = PLAIN.format("Lê  Văn ") + STRUCK.format("Cuong") + PLAIN.format(" Cường")
    old = _with_runs(write_old(tmp_path / "nop"), {"B4": name})
    out = _upgrade(old, tmp_path / "moi", capsys)
    said = (
        "    Sheet “Đảng viên”, ô B4 — một phần chữ bị gạch ngang, tệp mới không giữ được gạch ngang đó: hãy "
        "xem lại ô B4 của tệp mới.\n"
    )
    assert said in out, out
    assert "Cuong" not in out and "gạch ngang như ở tệp cũ" not in out
    new = tmp_path / "moi" / old.name
    book = openpyxl.load_workbook(new)
    assert book[layout.SHEET_MEMBERS]["B4"].value == "Lê Văn Cuong Cường"
    listed = [
        [c.value for c in row[:4]] for row in book[layout.SHEET_LEFT_OUT].iter_rows(min_row=4) if row[0].value
    ]
    assert listed == [
        [
            layout.SHEET_MEMBERS,
            "B4",
            "Chữ gạch ngang một phần",
            "Phần bị gạch ngang: “Cuong” — một phần chữ bị gạch ngang, tệp mới không giữ được gạch ngang "
            "đó: hãy xem lại ô B4 của tệp mới",
        ]
    ]
