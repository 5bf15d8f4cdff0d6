"""The scans of a submission's raw sheet XML are linear (hunt394).

A tag pattern such as `<c(?=[\\s/>])([^>]*?\\st="e"[^>]*?)(/?)>` is tried by `re` from every `<c`
of the text and reads on to the next `>`: a comment holding 100,000 `<c ` and no `t="e"` before
its `-->` (well-formed XML, which calamine and openpyxl read) made the scan quadratic. Each
hostile file below hung the reader (or `ward-stats upgrade`) past the two-minute guard before
`toolkit.io.tagscan.tag_matches` and `errorcells.error_cell_values`; each is read here in a child
process with that guard, and read as the same file without the comment. The new scans give
exactly the matches of the old patterns: on random pieces of XML and on the sheets of real
generated submissions.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import write, write_old

from toolkit.core import layout
from toolkit.io import errorcells, feedback_files, sheets
from toolkit.outputs import upgrade

MEMBERS_PART = "xl/worksheets/sheet3.xml"  # the template's “Đảng viên”
N = 100_000
_READ = (
    "import json, sys; from toolkit.io.reader import read_submission; s = read_submission(sys.argv[1]); "
    "print(json.dumps([None if s.members is None else len(s.members), "
    "sorted((i.code, i.cell) for i in s.issues), s.hidden_rows]))"
)
# The old patterns, the oracle of the new scans.
OLD_ERROR_CELL_VALUE = re.compile(rb'(<c\b[^>]*?\st="e"[^>]*>(?:(?!</c>).)*?<v>)([^<]*)(</v>)', re.S)


def _edit(source: Path, target: Path, edit: Callable[[bytes], bytes]) -> Path:
    """`source` written again as `target`, its members' sheet part changed by `edit`."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == MEMBERS_PART:  # stored: a part too well compressed is refused
                assert b"<sheetData" in data
                data = edit(data)
                info.compress_type = zipfile.ZIP_STORED
            zout.writestr(info, data)
    return target


def _after_root(xml: bytes, piece: bytes) -> bytes:
    at = xml.index(b">", xml.index(b"<worksheet")) + 1
    return xml[:at] + piece + xml[at:]


def _before_end(xml: bytes, piece: bytes) -> bytes:
    at = xml.rindex(b"</worksheet>")
    return xml[:at] + piece + xml[at:]


def _spill(xml: bytes) -> bytes:
    """The member's number (A2) an error cell of a code calamine does not know (defused)."""
    cell = b'<c r="A2" s="12" t="n"><v>1</v></c>'
    assert cell in xml
    return xml.replace(cell, b'<c r="A2" s="12" t="e"><v>#SPILL!</v></c>')


def _read_in_child(path: Path) -> list[object]:
    done = subprocess.run(
        [sys.executable, "-c", _READ, str(path)], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


HOSTILE: dict[str, tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]] = {
    # error cells are looked for in the XML with its comments: `t="e"` in it, then 100,000 `<c `
    # before one `>`, each read on to it in vain
    "cell_tags_before_one_end": (lambda x: x, lambda x: _after_root(x, b'<!-- t="e" ' + b"<c " * N + b"-->")),
    # hidden columns are looked for before the first `<sheetData`, here in a comment after
    # 100,000 `<col ` and no `>` before it
    "col_tags_before_sheetdata_in_a_comment": (
        lambda x: x,
        lambda x: _after_root(x, b'<!-- hidden="1" ' + b"<col " * N + b"<sheetData -->"),
    ),
    # a default height of 0 is looked for in 100,000 `<sheetFormatPr ` before one `>`
    "sheetformatpr_tags_before_one_end": (
        lambda x: x,
        lambda x: _after_root(x, b"<!-- " + b"<sheetFormatPr " * N + b"-->"),
    ),
    # an error code calamine does not know makes the sheet defused: each of 100,000 error cells
    # in a comment after the last `</c>` was read on to the end for a `<v>`
    "error_cells_without_value_after_the_last_cell": (
        _spill,
        lambda x: _before_end(_spill(x), b"<!-- " + b'<c t="e">' * N + b"-->"),
    ),
    # the cells are looked through when a formula may be there (`<f` anywhere): each of 100,000
    # elements named `c.x` after the last `</c>` was read on to the end for one
    "elements_named_c_x_after_the_last_cell": (
        lambda x: _before_end(x, b"<!--<f>-->"),
        lambda x: _before_end(x, b"<!--<f>-->" + b"<c.x></c.x>" * N),
    ),
    # a hidden row has the sheet's filter looked for after the rows: each of 100,000 elements
    # named `autoFilter.x` was read on to the end for an `</autoFilter>`
    "elements_named_autofilter_x_after_the_rows": (
        lambda x: _after_rows(_hide_row_3(x), b"<filterColumn.y/>"),
        lambda x: _after_rows(_hide_row_3(x), b"<filterColumn.y/>" + b"<autoFilter.x></autoFilter.x>" * N),
    ),
    # and in the filter, each of 100,000 elements named `filterColumn.x` for a `</filterColumn>`
    "elements_named_filtercolumn_x_in_the_filter": (
        lambda x: _after_rows(
            _hide_row_3(x), b'<autoFilter ref="A1:U6"><filterColumn.x></filterColumn.x></autoFilter>'
        ),
        lambda x: _after_rows(
            _hide_row_3(x),
            b'<autoFilter ref="A1:U6">' + b"<filterColumn.x></filterColumn.x>" * N + b"</autoFilter>",
        ),
    ),
    # a cell's inline rich text with a struck run is looked through run by run (`<r>…</r>`), in
    # its content up to the first `</c>`: 15,000 runs nested around 2 MB of text and a `<c></c>`
    # left 15,000 `<r>` without their `</r>` there, each read on to the end (40 s for 2,000
    # around 1 MB)
    "runs_nested_around_a_cell_in_a_cell": (
        lambda x: _in_row_2(x, _nested_runs(1)),
        lambda x: _in_row_2(x, _nested_runs(15_000)),
    ),
}


def _nested_runs(depth: int) -> bytes:
    return (
        b'<c r="V2" t="inlineStr"><is><r><rPr><rFont val="Arial"/><strike/></rPr><t>x</t></r>'
        + b"<r>" * depth
        + b"<t>"
        + b"y" * 2_000_000
        + b"</t><c></c>"
        + b"</r>" * depth
        + b"</is></c>"
    )


def _in_row_2(xml: bytes, piece: bytes) -> bytes:
    at = xml.index(b"</row>")
    return xml[:at] + piece + xml[at:]


def _hide_row_3(xml: bytes) -> bytes:
    assert b'<row r="3">' in xml
    return xml.replace(b'<row r="3">', b'<row r="3" hidden="1">')


def _after_rows(xml: bytes, piece: bytes) -> bytes:
    at = xml.index(b"</sheetData>") + len(b"</sheetData>")
    return xml[:at] + piece + xml[at:]


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_comment_in_a_sheet_is_read_in_one_pass(tmp_path: Path, name: str) -> None:
    plain, hostile = HOSTILE[name]
    source = write(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    clean = _edit(source, tmp_path / "a" / source.name, plain)
    bad = _edit(source, tmp_path / "b" / source.name, hostile)
    expected = _read_in_child(clean)
    assert expected[0] == 5
    assert _read_in_child(bad) == expected


def test_upgrade_reads_a_comment_of_col_tags_before_sheetdata_in_one_pass(tmp_path: Path) -> None:
    """`ward-stats upgrade` reads the hidden and widened columns of the old sheet from the
    `<col>` before the first `<sheetData`: 100,000 `<col ` in a comment naming `<sheetData`
    (no `hidden`, so the reader does not look) hung it (hunt394)."""
    source = write_old(tmp_path)
    (tmp_path / "in").mkdir()
    bad = _edit(
        source,
        tmp_path / "in" / source.name,
        lambda x: _after_root(x, b"<!-- " + b"<col " * N + b"<sheetData -->"),
    )
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "upgrade", str(bad), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    upgraded = openpyxl.load_workbook(tmp_path / "out" / source.name)
    assert upgraded[layout.SHEET_MEMBERS].max_row >= 6


# --- the new scans give exactly the old patterns' matches ----------------------------------


def _tag_cases() -> list[tuple[re.Pattern[bytes], re.Pattern[bytes], list[bytes]]]:
    return [
        (
            errorcells._ERROR_CELL_TAG,
            errorcells._CELL_OPEN,
            [
                b"<c",
                b"<c ",
                b" ",
                b"/",
                b">",
                b' t="e"',
                b'\tt="e"',
                b"<v>1</v>",
                b"</c>",
                b'r="A1"',
                b"<cc",
                b"<c/>",
                b"-->",
                b"<!--",
            ],
        ),
        (
            sheets._ZERO_HEIGHT_RE,
            sheets._SHEET_FORMAT_OPEN,
            [
                b"<sheetFormatPr",
                b" ",
                b'zeroHeight="1"',
                b'zeroHeight="true"',
                b">",
                b"/",
                b"<sheetFormatPrX",
                b'azeroHeight="1"',
                b"<",
            ],
        ),
        (sheets._COL_RE, sheets._COL_OPEN, [b"<col", b" ", b'min="1"', b">", b"/", b"<cols", b"<col>", b"<"]),
        (upgrade._COL, upgrade._COL_OPEN, [b"<col", b" ", b'hidden="1"', b">", b"/", b"<colx", b"<"]),
        (
            feedback_files._KEY,
            feedback_files._KEY_OPEN,
            [
                b'name="ward_stats_submission"',
                b'name="ward_stats_submission_folder"',
                b" ",
                b">",
                b"<vt:lpwstr>",
                b"</vt:lpwstr>",
                b"ab12",
                b"<",
                b'name="',
            ],
        ),
    ]


def _element_cases() -> list[
    tuple[re.Pattern[bytes], re.Pattern[bytes], re.Pattern[bytes], bytes, list[bytes]]
]:
    from toolkit.io import autofilter

    cell = [b"<c", b"<c ", b"<c.x", b" ", b"/", b">", b"</c>", b"</c", b"<v>1</v>", b"<c/>", b'a="/"', b"<"]
    return [
        (sheets._CELL_RE, sheets._EMPTY_CELL_RE, sheets._CELL_OPEN_RE, b"</c>", cell),
        (
            autofilter.AUTO_FILTER_RE,
            autofilter._EMPTY_FILTER_RE,
            autofilter._FILTER_OPEN_RE,
            b"</autoFilter>",
            [b"<autoFilter", b" ", b"/", b">", b"</autoFilter>", b"<autoFilter.x", b"x", b"<"],
        ),
        (
            autofilter._COLUMN_RE,
            autofilter._EMPTY_COLUMN_RE,
            autofilter._COLUMN_OPEN_RE,
            b"</filterColumn>",
            [b"<filterColumn", b" ", b"/", b">", b"</filterColumn>", b"<filterColumn-x", b"x", b"<", b"\n"],
        ),
    ]


def test_element_matches_are_the_patterns_matches_on_random_pieces_of_xml() -> None:
    from toolkit.io.tagscan import element_matches

    rng = random.Random(394)
    for pattern, empty, start, end_tag, pieces in _element_cases():
        for _ in range(6000):
            xml = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
            pos = rng.randint(0, len(xml))
            endpos = rng.choice([None, rng.randint(0, len(xml) + 2)])
            old = pattern.finditer(xml, pos) if endpos is None else pattern.finditer(xml, pos, endpos)
            new = element_matches(pattern, empty, start, end_tag, xml, pos, endpos)
            assert _spans(new) == _spans(old), (pattern, xml, pos, endpos)


def _spans(matches: object) -> list[tuple[tuple[int, int], tuple[bytes | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]  # type: ignore[attr-defined]


def _old_error_values(xml: bytes) -> list[tuple[int, int, int]]:
    return [(m.start(), m.start(2), m.end(2)) for m in OLD_ERROR_CELL_VALUE.finditer(xml)]


def test_tag_matches_are_the_patterns_matches_on_random_pieces_of_xml() -> None:
    rng = random.Random(394)
    from toolkit.io.tagscan import tag_matches

    for pattern, start, pieces in _tag_cases():
        for _ in range(4000):
            xml = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
            pos = rng.randint(0, len(xml))
            endpos = rng.choice([None, rng.randint(0, len(xml) + 2)])
            old = pattern.finditer(xml, pos) if endpos is None else pattern.finditer(xml, pos, endpos)
            assert _spans(tag_matches(pattern, start, xml, pos, endpos)) == _spans(old), (
                pattern,
                xml,
                pos,
                endpos,
            )


def test_error_cell_values_are_the_old_patterns_on_random_pieces_of_xml() -> None:
    rng = random.Random(394)
    pieces = [
        b"<c",
        b"<c ",
        b" ",
        b'\tt="e"',
        b' t="e"',
        b">",
        b"/",
        b"<v>",
        b"</v>",
        b"#N/A",
        b"#SPILL!",
        b"</c>",
        b"<",
        b"<f>",
        b"</f>",
        b"<c/>",
        b"\n",
    ]
    for _ in range(20000):
        xml = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 18)))
        assert list(errorcells.error_cell_values(xml)) == _old_error_values(xml), xml


def _sheet_parts(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as zf:
        return [zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]


def test_the_new_scans_find_what_the_old_patterns_found_in_real_sheets(tmp_path: Path) -> None:
    from toolkit.io.tagscan import element_matches, tag_matches

    for folder in ("new", "old"):
        (tmp_path / folder).mkdir()
    corpus = [*_sheet_parts(write(tmp_path / "new")), *_sheet_parts(write_old(tmp_path / "old"))]
    edited = tmp_path / "edited.xlsx"
    wb = openpyxl.load_workbook(write(tmp_path, "edited.xlsx"))
    ws = wb[layout.SHEET_MEMBERS]
    ws["A2"] = "#REF!"
    ws["C3"] = "#DIV/0!"
    ws.column_dimensions["T"].hidden = True
    ws.sheet_format.zeroHeight = True
    ws.auto_filter.ref = "A1:U6"
    ws.auto_filter.add_filter_column(3, ["Nữ"])
    ws.row_dimensions[2].hidden = True
    wb[layout.SHEET_YEARS]["E3"] = "#N/A"
    wb.save(edited)
    corpus += _sheet_parts(edited)
    corpus += [_spill(xml) for xml in corpus if b'<c r="A2" s="12" t="n"><v>1</v></c>' in xml]
    assert any(_old_error_values(xml) for xml in corpus)
    assert any(errorcells._ERROR_CELL_TAG.search(xml) for xml in corpus)
    assert any(sheets._ZERO_HEIGHT_RE.search(xml) for xml in corpus)
    assert any(b"<filterColumn" in xml for xml in corpus)
    for xml in corpus:
        assert _spans(sheets.cell_elements(xml)) == _spans(sheets._CELL_RE.finditer(xml))
        for pattern, empty, start, end_tag, _ in _element_cases():
            assert _spans(element_matches(pattern, empty, start, end_tag, xml)) == _spans(
                pattern.finditer(xml)
            )
        assert list(errorcells.error_cell_values(xml)) == _old_error_values(xml)
        for pattern, start, _ in _tag_cases()[:4]:
            assert _spans(tag_matches(pattern, start, xml)) == _spans(pattern.finditer(xml))
            rows_at = xml.find(b"<sheetData")
            assert _spans(tag_matches(pattern, start, xml, 0, rows_at)) == _spans(
                pattern.finditer(xml, 0, rows_at)
            )


def test_runs_up_to_the_last_end_tag_are_all_the_runs() -> None:
    """`sheets._inline_strikes` looks for runs up to the last `</r>` only: the same runs."""
    rng = random.Random(394)
    pieces = [b"<r>", b"</r>", b"<r", b"r>", b"</", b"x", b"<", b">", b"<t>y</t>", b"\n"]
    for _ in range(20000):
        xml = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        at = rng.randint(0, len(xml))
        bounded = sheets._RUN_RE.finditer(xml, at, xml.rfind(b"</r>") + len(b"</r>"))
        assert _spans(bounded) == _spans(sheets._RUN_RE.finditer(xml, at)), xml
