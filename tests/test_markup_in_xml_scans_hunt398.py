"""The raw-XML scans see elements and attributes only, as calamine and openpyxl read them (hunt398).

The scans of a submission's parts look for tags with patterns, over the raw XML, for speed. A
tag written inside a comment, a CDATA section or a processing instruction is no element, and
text inside another attribute's value (`z:note=' hidden="1"'`) is no attribute: every hostile
file below is well-formed and opened by openpyxl and by calamine alike (asserted), and the
reader, `ward-stats upgrade` or the feedback's owner keys said something false of each before.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from click.testing import CliRunner
from helpers_validate import write, write_old

from toolkit.cli import main
from toolkit.core import layout
from toolkit.io import package
from toolkit.io.package import is_strict_workbook
from toolkit.io.reader import read_submission

MEMBERS_PART = "xl/worksheets/sheet3.xml"  # the template's “Đảng viên”
WORKBOOK_PART = "xl/workbook.xml"
STRICT_MAIN = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
# A namespace of the root for attributes of another vocabulary (calamine and openpyxl skip them).
OTHER_NS = b' xmlns:z="urn:example:z"'


def _edit(source: Path, target: Path, part: str, edit: Callable[[bytes], bytes]) -> Path:
    """`source` written again as `target`, its `part` changed by `edit`; asserted to be opened by
    openpyxl and calamine both."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                data = edit(data)
            zout.writestr(info, data)
    wb = openpyxl.load_workbook(target)
    book = python_calamine.CalamineWorkbook.from_path(str(target))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
    wb.close()
    return target


def _after_root(piece: bytes, root: bytes = b"<worksheet") -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        at = xml.index(b">", xml.index(root)) + 1
        return xml[:at] + piece + xml[at:]

    return edit


def _before_root(piece: bytes, root: bytes) -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        at = xml.index(root)
        return xml[:at] + piece + xml[at:]

    return edit


def _replace(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    """`old` (once) made `new`, the root declaring the other namespace `z`."""

    def edit(xml: bytes) -> bytes:
        assert old in xml
        return xml.replace(b"<worksheet ", b"<worksheet" + OTHER_NS + b" ", 1).replace(old, new, 1)

    return edit


def _zero_height(xml: bytes) -> bytes:
    """Every row without its own height 0 high (`<sheetFormatPr zeroHeight="1">`): hidden."""
    return re.sub(rb"<sheetFormatPr\b", b'<sheetFormatPr zeroHeight="1"', xml, count=1)


def _then(*edits: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        for one in edits:
            xml = one(xml)
        return xml

    return edit


def _findings(path: Path) -> tuple[int | None, list[tuple[str, str | None]], dict[str, list[int]]]:
    s = read_submission(path)
    return (
        None if s.members is None else len(s.members),
        sorted((i.code, i.cell) for i in s.issues),
        s.hidden_rows,
    )


# name → (the edit of the clean file, the edit of the hostile one): each pair reads alike.
HOSTILE: dict[str, tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]] = {
    # a 0-high default in a comment before the rows hid every member's row
    "zero_height_default_in_a_comment": (
        lambda x: x,
        _after_root(b'<!-- <sheetFormatPr defaultRowHeight="15" zeroHeight="1"/> -->'),
    ),
    # `<sheetData>` in a comment before the real `<sheetFormatPr zeroHeight="1">` ended the
    # rows' head there: every row hidden, none said
    "sheetdata_in_a_comment_before_a_zero_height_default": (
        _zero_height,
        _then(_zero_height, _after_root(b"<!-- <sheetData> -->")),
    ),
    # the same before a hidden column: the sheet's hidden columns unsaid
    "sheetdata_in_a_processing_instruction_before_a_hidden_column": (
        lambda x: x.replace(b'min="3" max="3"', b'hidden="1" min="3" max="3"', 1),
        _then(
            lambda x: x.replace(b'min="3" max="3"', b'hidden="1" min="3" max="3"', 1),
            _after_root(b"<?note <sheetData> ?>"),
        ),
    ),
    # `hidden="1"` in another attribute's value: a row reported hidden that no program hides
    "hidden_in_another_attribute_s_value": (
        lambda x: x,
        _replace(b'<row r="3">', b'<row r="3" z:note=\' hidden="1"\'>'),
    ),
    # a custom height of 0 in another attribute's value
    "height_0_in_another_attribute_s_value": (
        lambda x: x,
        _replace(b'<row r="3">', b'<row r="3" z:note=\' ht="0" customHeight="1"\'>'),
    ),
    # `t="e"` in another attribute's value of a date cell: the cell taken for an error cell of
    # an unknown code, its value rewritten, and the good file refused as unreadable
    "error_type_in_another_attribute_s_value": (
        lambda x: x,
        _replace(b'<c r="C3" s="14" t="n">', b'<c r="C3" s="14" z:note=\' t="e"\' t="n">'),
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_what_is_no_element_or_attribute_is_not_read_as_one(tmp_path: Path, name: str) -> None:
    plain, hostile = HOSTILE[name]
    source = write(tmp_path)
    clean = _edit(source, tmp_path / "a" / source.name, MEMBERS_PART, plain)
    bad = _edit(source, tmp_path / "b" / source.name, MEMBERS_PART, hostile)
    expected = _findings(clean)
    assert expected[0] == 5
    assert _findings(bad) == expected


def test_the_hostile_files_differ_from_the_clean_ones_where_expected(tmp_path: Path) -> None:
    """The pairs above test something: a 0-high default and a hidden column are said."""
    source = write(tmp_path)
    zero = _findings(_edit(source, tmp_path / "z" / source.name, MEMBERS_PART, _zero_height))
    assert zero[2] == {layout.SHEET_MEMBERS: [2, 3, 4, 5, 6]}
    hide = HOSTILE["sheetdata_in_a_processing_instruction_before_a_hidden_column"][0]
    column = _findings(_edit(source, tmp_path / "c" / source.name, MEMBERS_PART, hide))
    assert column[1] != zero[1] and column[1]


def _all_single_quoted(xml: bytes) -> bytes:
    """Every attribute of every tag in single quotes, as some generators write them."""
    return re.sub(rb"<[A-Za-z_][^>]*>", lambda m: re.sub(rb'="([^"]*)"', rb"='\1'", m.group(0)), xml)


def test_a_sheet_quoted_otherwise_is_read_whatever_its_comments_say(tmp_path: Path) -> None:
    """A sheet whose attributes are all single-quoted is read as written with double quotes
    (`plain_elements`), from a look at its root, first row and first cell tags: those in a
    comment before them (double-quoted) made it taken as written so, and its error cell and
    hidden row went unsaid."""
    source = write(tmp_path)

    def errors(xml: bytes) -> bytes:
        xml = xml.replace(b'<c r="C3" s="14" t="n"><v>30258</v>', b'<c r="C3" s="14" t="e"><v>#REF!</v>', 1)
        return xml.replace(b'<row r="4">', b'<row r="4" hidden="1">', 1)

    comment = b'<!-- <x a="b"> <row r="1"> <c r="A1"> -->'
    clean = _edit(source, tmp_path / "a" / source.name, MEMBERS_PART, _then(errors, _all_single_quoted))
    bad = _edit(
        source,
        tmp_path / "b" / source.name,
        MEMBERS_PART,
        _then(
            errors,
            _all_single_quoted,
            _before_root(comment, b"<worksheet"),
            lambda x: x.replace(b"<sheetData>", b"<sheetData>" + comment, 1),
        ),
    )
    expected = _findings(clean)
    assert ("cell.error_value", "C3") in expected[1] and expected[2] == {layout.SHEET_MEMBERS: [4]}
    assert _findings(bad) == expected


# --- the workbook part --------------------------------------------------------------------


def test_a_strict_root_in_a_comment_is_no_strict_workbook(tmp_path: Path) -> None:
    """A `<workbook xmlns="…Strict…">` in a comment or processing instruction before the root
    had the good file refused as saved in Strict Open XML (`file.strict`)."""
    source = write(tmp_path)
    clean = _findings(source)
    for n, piece in enumerate(
        (
            b'<!-- <workbook xmlns="' + STRICT_MAIN + b'"> -->',
            b'<?note <workbook xmlns="' + STRICT_MAIN + b'"> ?>',
        )
    ):
        bad = _edit(source, tmp_path / str(n) / source.name, WORKBOOK_PART, _before_root(piece, b"<workbook"))
        assert not is_strict_workbook(bad)
        assert _findings(bad) == clean


def test_a_strict_workbook_with_a_transitional_root_in_a_comment_is_strict(tmp_path: Path) -> None:
    """The reverse: a Strict workbook part with `<workbook>` in a comment before its root was
    taken for a transitional one, its sheets' error cells and hidden rows unseen."""
    path = tmp_path / "strict.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            WORKBOOK_PART,
            b'<?xml version="1.0"?><!-- <workbook> -->'
            + (b'<workbook xmlns="' + STRICT_MAIN + b'"><sheets/></workbook>'),
        )
    assert is_strict_workbook(path)


# --- upgrade ------------------------------------------------------------------------------


def _upgrade(path: Path, out: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "upgrade", str(path), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    return done.stdout


COLUMNS_IN_A_COMMENT = b'<!-- <cols><col min="25" max="30" width="0" customWidth="1" hidden="1"/></cols> -->'
LINK_IN_A_COMMENT = b'<!-- <hyperlinks><hyperlink ref="B3" location="A2"/></hyperlinks> -->'


def test_upgrade_takes_no_column_or_link_from_a_comment(tmp_path: Path) -> None:
    """`upgrade` hid the columns beside the new members' table that a `<col hidden="1">` in a
    comment named, and listed a link (“Sheet “Đảng viên”, ô B3 — liên kết”) that a
    `<hyperlink>` in a comment after the rows named: the old file has neither."""
    (tmp_path / "old").mkdir()
    source = write_old(tmp_path / "old")
    bad = _edit(
        source,
        tmp_path / "in" / source.name,
        MEMBERS_PART,
        _then(
            _after_root(COLUMNS_IN_A_COMMENT),
            lambda x: x.replace(b"</sheetData>", b"</sheetData>" + LINK_IN_A_COMMENT, 1),
        ),
    )
    out = _upgrade(bad, tmp_path / "out")
    assert "liên kết" not in out
    ws = openpyxl.load_workbook(tmp_path / "out" / source.name)[layout.SHEET_MEMBERS]
    assert not [key for key, dim in ws.column_dimensions.items() if dim.hidden]
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.hyperlink]


def test_upgrade_keeps_a_hidden_column_after_sheetdata_in_a_comment(tmp_path: Path) -> None:
    """A `<sheetData>` in a comment before `<cols>` ended the look for hidden columns there:
    the column the old file hid beside the members showed in the upgraded file (hunt63 #6)."""
    (tmp_path / "old").mkdir()
    source = write_old(tmp_path / "old")
    hide = _after_root(b'<cols><col min="25" max="25" width="9" customWidth="1" hidden="1"/></cols>')

    def hidden(path: Path, out: Path) -> list[tuple[int, int]]:
        _upgrade(path, out)
        ws = openpyxl.load_workbook(out / source.name)[layout.SHEET_MEMBERS]
        return [(dim.min, dim.max) for dim in ws.column_dimensions.values() if dim.hidden]

    def without_cols(xml: bytes) -> bytes:
        return re.sub(rb"<cols>.*?</cols>", b"", xml, count=1, flags=re.S)

    clean = _edit(source, tmp_path / "a" / source.name, MEMBERS_PART, _then(without_cols, hide))
    bad = _edit(
        source,
        tmp_path / "b" / source.name,
        MEMBERS_PART,
        _then(without_cols, hide, _after_root(b"<!-- <sheetData> -->")),
    )
    expected = hidden(clean, tmp_path / "out_a")
    assert expected
    assert hidden(bad, tmp_path / "out_b") == expected


# --- the pieces ---------------------------------------------------------------------------


def test_blank_markup_keeps_every_other_byte_in_its_place() -> None:
    from toolkit.io.tagscan import blank_markup

    xml = b'<?xml version="1.0"?><a><!-- <c t="e"> --><b x="1"><![CDATA[<row hidden="1">]]></b>'
    xml += b"<?p <c> ?></a><!--"
    blanked = blank_markup(xml)
    assert len(blanked) == len(xml)
    other = rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?p.*?\?>|<!--$"
    assert blanked == re.sub(other, lambda m: b" " * len(m[0]), xml)
    plain = b'<?xml version="1.0"?><a/>'
    assert blank_markup(plain) is plain


def test_attribute_reads_attributes_not_text_in_values() -> None:
    from toolkit.io.tagscan import attribute

    assert attribute(b' z:n=\' hidden="1"\' r="3"', b"hidden") is None
    assert attribute(b' r="3" hidden="1"', b"hidden") == b"1"
    assert attribute(b" r='3' hidden = 'true'", b"hidden") == b"true"
    assert attribute(b' z:n=" t=&quot;e&quot;" t="n"', b"t") == b"n"


def test_a_flat_ods_is_told_by_the_same_pattern_in_one_pass() -> None:
    """`package._FLAT_ODS` is tried once per `>` over a file's first 16 KB (`tag_matches`),
    as `search` finds it."""
    heads = [
        b'<?xml version="1.0"?><office:document xmlns:office="x" office:mimetype="application/'
        b'vnd.oasis.opendocument.spreadsheet">',
        b"<document " * 1_639,
        b'<a:document b="c"><document office:mimetype="opendocument.spreadsheet"/>',
        b"<office:document><x:document y='opendocument.spreadsheet'",
        b"<html><body>opendocument.spreadsheet</body></html>",
    ]
    for head in heads:
        found = next(package.tag_matches(package._FLAT_ODS, package._FLAT_ODS_OPEN, head), None)
        expected = package._FLAT_ODS.search(head)
        assert (found and found.span()) == (expected and expected.span())


# --- a feedback workbook's keys -----------------------------------------------------------


def test_a_feedback_s_keys_are_read_from_its_properties_not_from_a_comment(tmp_path: Path) -> None:
    """A feedback workbook's submission and folder keys (`docProps/custom.xml`): a comment of
    25,000 `name="ward_stats_submission_folder"` (well-formed) is read in one pass, and a key in a
    comment is none (the last one found was taken)."""
    from toolkit.io.feedback_files import FOLDER_PROPERTY, SUBMISSION_PROPERTY, feedback_keys_at

    folder = tmp_path / "nop"
    folder.mkdir()
    submission = write(folder)
    feedback = tmp_path / "phan_hoi"
    wb = openpyxl.load_workbook(submission)
    ws = wb[layout.SHEET_MEMBERS]
    ws[layout.MEMBERS.cell("birth_date", 2)] = "-"  # something to fix: a feedback is written
    wb.save(submission)
    result = CliRunner().invoke(main, ["validate", str(folder), "--feedback", str(feedback)])
    assert "Traceback" not in result.output
    (written,) = sorted(feedback.glob("*.xlsx"))
    keys = feedback_keys_at(written)
    assert keys is not None and all(keys)
    fake = f'<property name="{SUBMISSION_PROPERTY}"><vt:lpwstr>{"0" * 32}</vt:lpwstr></property>'.encode()
    flood = f'name="{FOLDER_PROPERTY}" '.encode() * 25_000  # under the properties' 1 MB bound

    def comment(xml: bytes) -> bytes:
        at = xml.rindex(b"</Properties>")
        return xml[:at] + b"<!-- " + fake + flood + b" -->" + xml[at:]

    bad = _edit(written, tmp_path / "b" / written.name, "docProps/custom.xml", comment)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys; from pathlib import Path; "
            "from toolkit.io.feedback_files import feedback_keys_at; "
            "print(json.dumps(feedback_keys_at(Path(sys.argv[1]))))",
            str(bad),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert tuple(json.loads(done.stdout)) == keys
