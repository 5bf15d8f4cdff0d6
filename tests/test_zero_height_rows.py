"""Rows 0 high are hidden rows (hunt143 F5).

Some programs hide a row by giving it a custom height of 0 (`ht="0" customHeight="1"`) rather
than `hidden="1"`, and `<sheetFormatPr zeroHeight="1">` makes every row without a height of its
own 0 high. Excel shows those rows hidden; their members are read and counted, and must be said
as hidden rows (`cell.hidden_row`), as rows hidden with `hidden="1"` are. The files are the
real template (`helpers_validate.write`), rewritten at the zip level.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from helpers_validate import rewrite_zip, run, sheet_part, write

from toolkit.core import layout
from toolkit.core.model import Issue

M = layout.SHEET_MEMBERS


def _hidden_warnings(path: Path) -> list[Issue]:
    return [i for i in run(path).issues if i.code == "cell.hidden_row"]


def _members_xml(path: Path, edit: Callable[[bytes], bytes]) -> None:
    part = sheet_part(path, M)
    rewrite_zip(path, lambda name, data: edit(data) if name == part else data)


def _rows(data: bytes, pattern: bytes, replacement: bytes, expected: int) -> bytes:
    out, n = re.subn(pattern, replacement, data)
    assert n == expected, n
    return out


def test_rows_of_custom_height_zero_are_said_hidden(tmp_path: Path) -> None:
    path = write(tmp_path)
    _members_xml(path, lambda x: _rows(x, rb'<row r="([23])"', rb'<row r="\1" ht="0" customHeight="1"', 2))
    hidden = _hidden_warnings(path)
    assert len(hidden) == 1
    assert hidden[0].sheet == M and hidden[0].cell == "A2"
    assert "dòng 2–3" in hidden[0].message


def test_rows_without_their_own_height_in_a_zero_height_sheet_are_said_hidden(tmp_path: Path) -> None:
    path = write(tmp_path)
    n_members = len(re.findall(r'<row r="(?!1")\d+"', _members_text(path)))
    _members_xml(path, lambda x: _rows(x, rb"<sheetFormatPr ", b'<sheetFormatPr zeroHeight="1" ', 1))
    hidden = _hidden_warnings(path)
    assert len(hidden) == 1
    assert hidden[0].sheet == M and hidden[0].cell == "A2"
    assert f"{n_members} dòng (dòng 2–{n_members + 1})" in hidden[0].message


def test_rows_of_their_own_height_in_a_zero_height_sheet_are_not_hidden(tmp_path: Path) -> None:
    """The control: the rows shown in such a sheet carry their own height."""
    path = write(tmp_path)

    def edit(xml: bytes) -> bytes:
        xml = _rows(xml, rb"<sheetFormatPr ", b'<sheetFormatPr zeroHeight="1" ', 1)
        return re.sub(rb'<row r="(?!1")(\d+)"', rb'<row r="\1" ht="15" customHeight="1"', xml)

    _members_xml(path, edit)
    assert _hidden_warnings(path) == []


def _members_text(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(sheet_part(path, M)).decode("utf-8")


def test_a_row_of_height_zero_without_custom_height_in_a_zero_height_sheet_is_hidden(tmp_path: Path) -> None:
    """In a sheet whose rows are 0 high by default, a row written 0 high without
    `customHeight` is 0 high too (review150: only `customHeight` rows were tested); one written
    15 high beside it is shown."""
    path = write(tmp_path)

    def edit(xml: bytes) -> bytes:
        xml = _rows(xml, rb"<sheetFormatPr ", b'<sheetFormatPr zeroHeight="1" ', 1)
        xml = re.sub(rb'<row r="(?!1"|2"|3")(\d+)"', rb'<row r="\1" ht="15" customHeight="1"', xml)
        xml = _rows(xml, rb'<row r="2"', b'<row r="2" ht="0"', 1)
        return _rows(xml, rb'<row r="3"', b'<row r="3" ht="15"', 1)

    _members_xml(path, edit)
    hidden = _hidden_warnings(path)
    assert len(hidden) == 1
    assert hidden[0].sheet == M and hidden[0].cell == "A2"
    assert hidden[0].message.startswith("Sheet “Đảng viên”, dòng 2: Dòng 2 đang bị ẩn")
