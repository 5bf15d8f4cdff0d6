"""`ward-stats upgrade`: a 2026.1 submission copied into the current template, never touched.

Each value moves to its column, in the same Excel row: what the reader understood is written
clean (a category as its current label, a date as a date, legacy text as Unicode), anything it
could not read is copied as it was typed, so that the upgraded file is checked again and
nothing is lost; so is a cell the reader flagged for how it was stored (an error value, a
formula without a value, a card number stored as a number, a day/month-swapped date column or
one typed month-first as text, a merged block: `_as_typed`), so that the flag's cause is not
lost either. An empty cell stays empty. The output is always an `.xlsx` (`target_name`). An
old occupation with one current meaning becomes that occupation; one with several keeps its
old label, to be chosen again.
The new columns are left empty; `_meta` records the version the file came from.

Every cell the secretary must fill or choose again (ethnicity, religion, an ambiguous
occupation, a transfer's scope) is listed, on screen and in the sheet `Cần bổ sung` of the
upgraded file. Until they are filled, validation reports them as warnings
(`member.to_complete_after_upgrade`) and the statistics count them as unknown.

What the old file holds outside the template's tables is not carried over, but never dropped
in silence: an extra sheet, a cell comment (a threaded one too), a link (hyperlink), a filled
cell beside or below a table, a formula without a saved value or a cell holding an error value
(#N/A) not copied, a picture or chart,
an `.xlsm`'s macros are listed too (`LeftOut`, on screen by cell, without its words, and on the
sheet `Không chuyển sang mẫu mới` after `Cần bổ sung`), for the secretary to copy by hand if
still needed. What the rows read hold right of a table is copied right of the new one
(`_copy_beside`; TCVN3 or VNI text in Unicode, as the tables' values). A comment on a cell of a
table, or right of it on a row read, moves with that cell, and so does a link to outside the
file, whole (a link to a place in the old file is listed: the places move); a hidden or
widened column and a merged range right of a table go with the cells shifted, or the range is
listed (`_format_beside`). The
template's own sheets (`Hướng dẫn`, `DanhMuc`, `_meta`; protected) are written anew; what the
first two hold beyond the old template's own text is listed as well (`_text_sheet`).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import hashlib
import html
import io
import itertools
import posixpath
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils.escape import unescape
from openpyxl.workbook import Workbook
from openpyxl.worksheet.dimensions import ColumnDimension
from openpyxl.worksheet.hyperlink import Hyperlink

from toolkit.core import layout, vnformat, vocab
from toolkit.core.errors import NoSubmissionsError, OutputError
from toolkit.core.layout import SheetSpec, cell_ranges, get_column_letter
from toolkit.core.model import Issue, Submission
from toolkit.core.text import file_labels
from toolkit.io.autofilter import sheet_filter
from toolkit.io.cellrefs import column_index
from toolkit.io.cells import is_blank
from toolkit.io.errorcells import Book
from toolkit.io.files import resolved
from toolkit.io.normalize import cell_text
from toolkit.io.package import Package, plain_elements, read_part
from toolkit.io.reader import read_submission
from toolkit.io.sheets import EXTRA_SHEET_HIDDEN, cell_formulas, markup_only, rows_hidden_by_hand
from toolkit.io.tagscan import blank_markup, tag_matches
from toolkit.outputs.template import (
    DATE_FORMAT,
    ErrorValue,
    Formula,
    build_template,
    fill_row,
    footer_owner,
    ooxml_text,
    output_folder,
    page_footer,
    print_landscape,
    workbook_bytes,
)

if TYPE_CHECKING:
    from toolkit.io.sheets import SheetXml
    from toolkit.outputs.publish import FileSet

OLD = layout.LAYOUT_2026_1
NEW = layout.LAYOUT
# The per-file check over a batch (`validation.run.validate_each`), which adds its issues to
# each submission: passed in by the edges (`upgrade_files`).
Check = Callable[[list[Submission]], object]

# What the secretary must do with each kind of cell to complete (words of the list).
FILL_ETHNICITY = "Chọn dân tộc"
FILL_RELIGION = "Chọn tôn giáo (“Không” nếu không theo tôn giáo nào)"
FILL_SCOPE = (
    "Chọn phạm vi chuyển (“Trong Đảng bộ phường”, “Xã, phường khác trong tỉnh” hoặc “Tỉnh, thành phố khác”)"
)
# The new yes/no columns (and Học hàm) the upgrade leaves empty: while every cell of them is
# empty the file is not completed and counts its members as unknown there (`layout.NEW_ANSWERS`,
# rule `file.upgrade_not_completed`); once one holds a value, an empty cell is “Không”.
# Said as the template's `Hướng dẫn` says it ("chọn Có khi đúng, để trống là Không"), Học hàm
# apart: its values are titles, not Có/Không (hunt175 F13).
_YES, _NO = vocab.YES_NO.label("yes"), vocab.YES_NO.label("no")
_COMPLETING = ", ".join(layout.MEMBERS.field(k).header for k in layout.COMPLETING_ANSWERS)
CHECK_NEW_COLUMNS = (
    f"Điền thêm các cột mới ở sheet “{layout.SHEET_MEMBERS}”. {_COMPLETING}: chọn {_YES} khi đúng, để "
    f"trống là {_NO}; Học hàm: chỉ chọn khi được phong Phó Giáo sư, Giáo sư. Riêng tệp nâng cấp: khi "
    f"các cột {_YES}/{_NO} này còn trống ở mọi dòng (chỉ điền Học hàm chưa đủ), tệp được tính là chưa "
    "điền bổ sung, đảng viên của tổ chức được tính là \u201cchưa rõ\u201d ở các mục này; nếu không đảng "
    f"viên nào như vậy, hãy chọn {_NO} ở một ô của các cột đó. Kiểm tra thêm: "
    f"{layout.EVENTS.field('was_probationary').header} "
    f"(sheet \u201c{layout.SHEET_EVENTS}\u201d), {layout.INFO.field('no_candidates_left').header} (sheet "
    f"\u201c{layout.SHEET_INFO}\u201d; để trống ở tệp chưa điền bổ sung là \u201cchưa rõ\u201d)."
)
TO_COMPLETE_HEADERS = ("Sheet", "Ô", "Cột / mục", "Họ và tên", "Cần làm")  # a Thông tin item is a row
_ACTION_CHARS_A_LINE = 90  # of the 80-wide "Cần làm" column
_WIDTHS = (12, 11, 18, 24, 80)  # of the columns A–E of `Cần bổ sung`

# What the old file holds outside the template's tables (words of the list).
LEFT_OUT_TITLE = "Nội dung không chuyển sang mẫu mới"
LEFT_OUT_HOW = (
    "Các nội dung dưới đây của tệp cũ \u201c{name}\u201d nằm ngoài các bảng của biểu mẫu nên không được "
    "chép sang tệp này. Nếu còn cần, hãy mở tệp cũ (tệp cũ không bị thay đổi) và tự chép sang chỗ "
    "thích hợp."
)
LEFT_OUT_SEE = "Một số nội dung của tệp cũ không chuyển sang được: xem sheet \u201c{sheet}\u201d."
LEFT_OUT_HEADERS = ("Sheet", "Ô", "Loại", "Nội dung")
SHEET, COMMENT, LINK, CELLS, DRAWING, UNREAD = "sheet", "comment", "link", "cells", "drawing", "unread"
FORMULA = "formula"  # a formula without a saved value outside the tables (its place in the new file)
ROW_FORMULA = "row_formula"  # … in a table's column, on a row not read as one of the list
MACROS = "macros"  # of the whole file (an .xlsm's VBA project)
MERGED = "merged"  # a merged range right of a data sheet's table that is not merged again
# A cell of the tables whose text is struck through in part, whose strike could not be carried
# (the value written is not the text of its runs: `_carry_part_strikes`)
STRUCK_PART = "struck_part"
LEFT_OUT_KINDS = {  # the column "Loại" of the list
    SHEET: "Sheet thêm",
    COMMENT: "Ghi chú (comment)",
    LINK: "Liên kết (hyperlink)",
    CELLS: "Ô ngoài bảng",
    FORMULA: "Công thức ngoài bảng",
    ROW_FORMULA: "Công thức ở dòng không đọc",
    DRAWING: "Hình ảnh, biểu đồ",
    UNREAD: "Chưa kiểm tra được",
    MACROS: "Macro (VBA)",
    MERGED: "Ô gộp (merge)",
    STRUCK_PART: "Chữ gạch ngang một phần",
}
# … of an error value typed (or pasted as a value), without a formula: no formula to speak of.
ERROR_KINDS = {FORMULA: "Giá trị lỗi ngoài bảng", ROW_FORMULA: "Giá trị lỗi ở dòng không đọc"}
_FILE_QUOTE = 300  # characters of a cell's or a comment's text quoted in the list of the upgraded file
# A block of several cells is quoted cell by cell, each on a line of its own, at most so many
# characters a cell, and so many cells or characters a block; then how many more.
_BLOCK_CELL_QUOTE = 100
_BLOCK_CELLS = 20  # with the line above and the one below: a row of at most 22 lines, 352 points
_BLOCK_QUOTE = 800
_MAX_ROW_HEIGHT = 409  # points: Excel's highest row
SCREEN_LEFT_OUT_LINES = 12  # per file; the rest is in the upgraded file
MAX_LISTED_LEFT_OUT = 1_000  # rows of the list in the upgraded file; then how many more


@dataclass(frozen=True)
class ToComplete:
    """One cell of an upgraded file that the secretary must fill or choose again."""

    sheet: str
    row: int
    key: str
    name: str  # the member's (or the change's) name, to find the row
    action: str

    @property
    def spec(self) -> SheetSpec:
        return NEW.sheet(self.sheet)

    @property
    def cell(self) -> str:
        return self.spec.cell(self.key, self.row)

    @property
    def column(self) -> str:
        return self.spec.field(self.key).header


@dataclass(frozen=True)
class LeftOut:
    """Something of the old file that the upgraded one does not hold: an extra sheet, a cell
    comment, a link (hyperlink), filled cells outside the template's tables (one block of them),
    a picture or chart, a part that could not be read to check, the file's macros, the strike of
    words struck in part of a cell that could not be carried (`STRUCK_PART`), or a formula
    without a saved value, or a cell holding an error value (``error``: #N/A…), that is not
    copied (``target``: its cell in the upgraded file, if any)."""

    sheet: str  # empty for the whole file (MACROS)
    kind: str  # SHEET, COMMENT, LINK, CELLS, FORMULA, ROW_FORMULA, DRAWING, UNREAD, MACROS…
    cells: str = ""  # "D3", "Q2–Q5", "F2–G10"; empty for the whole sheet
    count: int = 0  # filled cells (of the block, or of the extra sheet)
    # The comment's, the link's, the formula's or the single cell's text (never shown on screen:
    # `screen_line`); for UNREAD, what was not read.
    text: str = ""
    target: str = ""  # FORMULA, STRUCK_PART: the cell of the upgraded file where its value is
    error: str = ""  # FORMULA, ROW_FORMULA: the error value the cell holds ("" for no saved value)
    hidden: str = ""  # SHEET: "hidden" or "veryHidden" (`EXTRA_SHEET_HIDDEN`), "" when on the tabs
    # CELLS of several cells: (cell, text) of the first of them in reading order (`_BLOCK_CELLS`),
    # quoted in the upgraded file's list, never on screen (`block_quote`; hunt123 F7).
    words: tuple[tuple[str, str], ...] = ()

    @property
    def label(self) -> str:
        """The column "Loại" of the list."""
        if self.error and not self.text:
            return ERROR_KINDS[self.kind]
        return LEFT_OUT_KINDS[self.kind]

    def quote(self, limit: int) -> str:
        """The text, on one line and at most ``limit`` characters, in quotes ("" for none)."""
        flat = " ".join(self.text.split()) if self.kind in (COMMENT, LINK, CELLS, *_FORMULAS) else ""
        if not flat:
            return ""
        if len(flat) > limit:
            flat = flat[: limit - 1].rstrip() + "\u2026"
        return f"\u201c{flat}\u201d"

    def screen_line(self) -> str:
        """`Sheet “Thông tin”, ô D3 — nội dung ngoài các bảng của biểu mẫu.`: the cell named, its
        text not quoted, on every sheet (a note beside `Thông tin` or `Số liệu năm` is free text
        that may name a member, as a line under the members may; fix51 U #4). The list in the
        upgraded file, the secretary's own file, quotes it (`description`)."""
        where = f"Sheet \u201c{self.sheet}\u201d" if self.sheet else "Cả tệp"
        if self.cells and self.count > 1:
            where += f", các ô {self.cells} ({vnformat.number(self.count)} ô)"
        elif self.cells:
            where += f", ô {self.cells}"
        return f"{where} \u2014 {self._what()}."

    def description(self) -> str:
        """The column "Nội dung" of the list in the upgraded file, beside "Loại": the text itself
        for a comment or a single cell (the file holds the members' data anyway)."""
        if self.kind in (COMMENT, LINK, CELLS):
            if self.count > 1:
                return self.block_quote()
            return self.quote(_FILE_QUOTE)
        if self.kind in _FORMULAS:
            quote = self.quote(_FILE_QUOTE)
            if quote:
                return f"{quote}: {self._what()}"
        if self.kind == STRUCK_PART:  # the words struck, which the file itself shows unstruck
            words = " ".join(self.text.split())[:_FILE_QUOTE]
            return f"Phần bị gạch ngang: \u201c{words}\u201d \u2014 {self._what()}"
        what = self._what()
        return f"{what[:1].upper()}{what[1:]}"

    def block_quote(self) -> str:
        """A block's cells quoted one a line, `Z20: “…”`, after how many they are: at most
        `_BLOCK_CELL_QUOTE` characters a cell, `_BLOCK_CELLS` cells and `_BLOCK_QUOTE`
        characters in all, then how many more cells are in the old file (hunt123 F7: only their
        number was given, the secretary had to open the old file to know what they were)."""
        lines = [f"{vnformat.number(self.count)} ô có nội dung:"]
        used = 0
        for cell, text in self.words[:_BLOCK_CELLS]:
            flat = " ".join(text.split())
            if len(flat) > _BLOCK_CELL_QUOTE:
                flat = flat[: _BLOCK_CELL_QUOTE - 1].rstrip() + "\u2026"
            line = f"{cell}: \u201c{flat}\u201d"
            if used and used + len(line) > _BLOCK_QUOTE:
                break
            lines.append(line)
            used += len(line)
        rest = self.count - (len(lines) - 1)
        if rest > 0:
            lines.append(f"\u2026 và {vnformat.number(rest)} ô khác: xem trong tệp cũ")
        return "\n".join(lines)

    def _what(self) -> str:
        if self.kind == SHEET:
            filled = f" ({vnformat.number(self.count)} ô có nội dung)" if self.count else ""
            return f"sheet{EXTRA_SHEET_HIDDEN.get(self.hidden, '')} không có trong biểu mẫu{filled}"
        if self.kind == UNREAD:
            return f"không đọc được {self.text} để kiểm tra, hãy tự xem trong tệp cũ"
        if self.kind in _FORMULAS:
            where = (
                "ngoài các bảng của biểu mẫu"
                if self.kind == FORMULA
                else "ở dòng không được đọc như một dòng của danh sách"
            )
            if self.error:  # a lookup gone wrong (#N/A): the right value is to find and type
                cell = "công thức" if self.text else "ô"
                todo = (
                    f"hãy ghi giá trị đúng vào ô {self.target} của tệp mới"
                    if self.target
                    else "hãy xem ô đó trong tệp cũ rồi tự ghi giá trị đúng sang tệp mới"
                )
                return f"{cell} có giá trị lỗi {self.error}, {where}, không chép sang: nếu còn cần, {todo}"
            todo = (
                f"hãy ghi giá trị của nó vào ô {self.target} của tệp mới"
                if self.target
                else "hãy xem công thức trong tệp cũ rồi tự ghi giá trị của nó sang tệp mới"
            )
            return f"công thức chưa có giá trị, {where}, không chép sang: nếu còn cần, {todo}"
        return {
            COMMENT: "ghi chú (comment)",
            LINK: "liên kết (hyperlink)",
            CELLS: "nội dung ngoài các bảng của biểu mẫu",
            DRAWING: "hình ảnh, biểu đồ hoặc hình vẽ",
            MACROS: "macro (VBA): tệp mới là tệp .xlsx, không chứa macro",
            MERGED: "vùng ô gộp (merge) bên phải bảng, không gộp lại ở tệp mới: nếu cần, hãy gộp lại",
            STRUCK_PART: (
                f"một phần chữ bị gạch ngang, tệp mới không giữ được gạch ngang đó: hãy xem lại ô "
                f"{self.target} của tệp mới"
            ),
        }[self.kind]


_FORMULAS = (FORMULA, ROW_FORMULA)


# How the per-file check judges an old file and its upgraded copy (`Verdict`): the files are
# consolidated or left out by their errors, and the upgrade may change them, mostly by a value
# of a list of the new template typed in the old file (a 2026.2 occupation): an error there,
# copied as typed, and none in the new file (fix383). Said on screen and in the button's status.
VERDICT_OLD_OUT_NEW_IN = (
    "Kiểm tra riêng tệp này: tệp cũ có {old} lỗi nên không được tổng hợp; tệp mới không có lỗi nên sẽ "
    "được tổng hợp khi nộp thay tệp cũ."
)
VERDICT_OLD_IN_NEW_OUT = (
    "Kiểm tra riêng tệp này: tệp cũ không có lỗi; tệp mới có {new} lỗi nên sẽ không được tổng hợp "
    "cho đến khi sửa."
)
VERDICT_BOTH_OUT = (
    "Kiểm tra riêng tệp này: tệp cũ có {old} lỗi, tệp mới có {new} lỗi: cả hai đều không được tổng hợp "
    "cho đến khi sửa."
)
VERDICT_ACCEPTED = (
    "{count} ô tệp cũ báo lỗi nhưng tệp mới chấp nhận (hãy xem lại giá trị trước khi dùng tệp mới):"
)
VERDICT_REFUSED = "{count} ô tệp mới báo lỗi nhưng tệp cũ không:"
SCREEN_VERDICT_CELLS = 10  # per file and kind; then how many more


@dataclass(frozen=True)
class Judged:
    """A cell (or a sheet, a file) the per-file check judges otherwise in the upgraded file
    than in the old one: an error in one of them, none at its place in the other."""

    sheet: str  # the template's sheet ("" for the file)
    cell: str  # the old file's cell ("" when the old file has none: a refusal of the new one)
    new_cell: str  # the upgraded file's cell ("" when it has none)
    column: str  # the column's header, or the item of `Thông tin` (``item``)
    item: bool = False  # `Thông tin`: the column is an item (a row)
    # A value of a list of the new template the upgraded file reads there (never a member's
    # own words: only a list's label is quoted).
    value: str = ""
    message: str = ""  # the error's message, without personal values (a cell-less one's, a refusal's)
    rule: str = ""  # the old file's error's code, for a cell the upgraded file accepts

    def line(self, accepted: bool) -> str:
        where = [f"Sheet \u201c{self.sheet}\u201d"] if self.sheet else ["Cả tệp"]
        if accepted and self.cell:
            moved = f" (ô {self.new_cell} ở tệp mới)" if self.new_cell and self.new_cell != self.cell else ""
            where.append(f"ô {self.cell}{moved}")
        elif self.new_cell:
            where.append(f"ô {self.new_cell}" + ("" if accepted else " của tệp mới"))
        if self.column:
            where.append(f"{'mục' if self.item else 'cột'} \u201c{self.column}\u201d")
        head = ", ".join(where)
        if not accepted:
            return f"{head}: {self.message}"
        if self.value and self.rule.endswith(".not_allowed"):
            return (
                f"{head}: giá trị không có trong danh sách của biểu mẫu {OLD.version}; tệp mới đọc là "
                f"\u201c{self.value}\u201d, có trong danh sách của biểu mẫu {layout.TEMPLATE_VERSION}."
            )
        if self.value:
            return f"{head}: tệp cũ báo lỗi, tệp mới không (tệp mới đọc là \u201c{self.value}\u201d)."
        if self.message and not self.cell:
            return f"{head}: lỗi của tệp cũ không còn ở tệp mới ({self.message.rstrip('.')})."
        return f"{head}: tệp cũ báo lỗi, tệp mới không."


@dataclass(frozen=True)
class Verdict:
    """The per-file check of the old file and of its upgraded copy, when it changed: how many
    errors each has (a file with any is not consolidated), the cells whose error the upgrade
    took away (``accepted``) and those it brought (``refused``)."""

    old_errors: int
    new_errors: int
    accepted: tuple[Judged, ...] = ()
    refused: tuple[Judged, ...] = ()

    def lines(self, limit: int = SCREEN_VERDICT_CELLS) -> list[str]:
        """The verdict, then each cell judged otherwise (at most ``limit`` of each kind)."""
        counts = {"old": vnformat.number(self.old_errors), "new": vnformat.number(self.new_errors)}
        if self.old_errors and not self.new_errors:
            lines = [VERDICT_OLD_OUT_NEW_IN.format(**counts)]
        elif self.new_errors and not self.old_errors:
            lines = [VERDICT_OLD_IN_NEW_OUT.format(**counts)]
        else:
            lines = [VERDICT_BOTH_OUT.format(**counts)]
        for items, accepted, head in (
            (self.accepted, True, VERDICT_ACCEPTED),
            (self.refused, False, VERDICT_REFUSED),
        ):
            if not items:
                continue
            lines.append(head.format(count=vnformat.number(len(items))))
            lines += [f"  {item.line(accepted)}" for item in items[:limit]]
            if len(items) > limit:
                lines.append(f"  \u2026 và {vnformat.number(len(items) - limit)} ô khác.")
        return lines


@dataclass
class Upgraded:
    source: Path
    target: Path
    to_complete: list[ToComplete]
    left_out: list[LeftOut] = field(default_factory=list)  # what the upgraded file does not hold
    comments_moved: int = 0  # comments of the tables' cells, moved with their values
    links_moved: int = 0  # links (hyperlinks) of the tables' cells, moved with their values
    struck_rows: int = 0  # rows with text struck through, struck through in the new file too
    hidden_rows: int = 0  # rows of the tables hidden in the old file, hidden in the new file too
    # … hidden there by a filter the new file has not (an Excel Table's): shown in the new file
    shown_rows: int = 0
    # The sheets whose AutoFilter the new file has too (`_carry_filters`), and the rows it hid
    # there, hidden under it in the new file as well
    filters: list[str] = field(default_factory=list)
    filtered_rows: int = 0
    # Cells whose text is struck through in part (a word crossed out), so in the new file too
    part_struck: int = 0
    # Columns of the tables hidden in the old file and holding data (the reader's
    # `cell.hidden_column`), by sheet and key: shown in the new file, as its template's are.
    shown_columns: list[tuple[str, str]] = field(default_factory=list)
    # Member rows copied: each to be marked Có/Không in the new columns (`CHECK_NEW_COLUMNS`)
    # before the file counts as completed (rule `file.upgrade_not_completed`).
    members: int = 0
    # How the per-file check judges the old file and the upgraded one, when that changed (a
    # value of the new template's lists typed in the old file: an error there, none here).
    verdict: Verdict | None = None
    # The old file and the upgraded one as read, until they are judged (`upgrade_files`)
    read: tuple[Submission, Submission] | None = field(default=None, repr=False, compare=False)

    def renamed_line(self) -> str | None:
        """Why the new file's name is not the old one's (an `.xlsm` upgraded: `target_name`)."""
        if self.target.name == self.source.name:
            return None
        return (
            f"Tệp mới có tên \u201c{self.target.name}\u201d vì là tệp .xlsx, không chứa macro (tệp gốc "
            f"là tệp {self.source.suffix})."
        )

    def kept_lines(self) -> list[str]:
        """What moved with the cells or keeps (or no longer keeps) the old file's look: comments
        and links moved, rows struck or hidden, rows and columns shown again; a sentence each,
        never a cell's words (the screen and the button's status: fix383)."""
        lines = []
        if self.comments_moved:
            lines.append(
                f"Đã chép {vnformat.number(self.comments_moved)} ghi chú (comment) của các ô sang ô "
                "tương ứng của tệp mới."
            )
        if self.links_moved:
            lines.append(
                f"Đã chép {vnformat.number(self.links_moved)} liên kết (hyperlink) của các ô sang ô "
                "tương ứng của tệp mới."
            )
        if self.struck_rows:
            lines.append(
                f"{vnformat.number(self.struck_rows)} dòng có chữ gạch ngang vẫn được gạch ngang ở tệp mới "
                "(gạch ngang không xóa dòng: dòng vẫn được tính)."
            )
        if self.part_struck:
            lines.append(
                f"{vnformat.number(self.part_struck)} ô có một phần chữ bị gạch ngang vẫn được gạch ngang "
                "như ở tệp cũ (phần chữ bị gạch ngang vẫn được đọc như chữ thường)."
            )
        if self.hidden_rows:
            lines.append(
                f"{vnformat.number(self.hidden_rows)} dòng bị ẩn vẫn được ẩn ở tệp mới (ẩn dòng không xóa "
                "dòng: dòng vẫn được tính)."
            )
        if self.filters:
            sheets = ", ".join(f"sheet \u201c{sheet}\u201d" for sheet in self.filters)
            rows = (
                f"; {vnformat.number(self.filtered_rows)} dòng bộ lọc đang ẩn vẫn bị ẩn ở tệp mới (các dòng "
                "này vẫn được tính như ở tệp cũ)"
                if self.filtered_rows
                else ""
            )
            lines.append(f"Bộ lọc (Filter) của {sheets} được giữ ở tệp mới{rows}.")
        if self.shown_rows:
            lines.append(
                f"{vnformat.number(self.shown_rows)} dòng bị bộ lọc (Filter) ẩn ở tệp cũ được hiện lại ở tệp "
                "mới (tệp mới không có bộ lọc; các dòng này vẫn được tính như ở tệp cũ)."
            )
        shown = self.shown_columns_line()
        if shown:
            lines.append(shown)
        return lines

    def to_complete_counts(self) -> str:
        """The cells to complete counted by sheet and column (`sheet “Đảng viên”: Dân tộc 5 ô,
        Tôn giáo 5 ô; sheet “Biến động”: Phạm vi chuyển 1 ô`): the button's status, whose cell
        has no room for `summary_lines`."""
        by_sheet: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for item in self.to_complete:
            by_sheet[item.sheet][item.column] += 1
        return "; ".join(
            f"sheet \u201c{sheet}\u201d: "
            + ", ".join(f"{column} {vnformat.number(n)} ô" for column, n in columns.items())
            for sheet, columns in by_sheet.items()
        )

    def left_out_lines(self, limit: int = SCREEN_LEFT_OUT_LINES) -> list[str]:
        """One line per thing not carried over, at most ``limit`` (then how many more)."""
        lines = [item.screen_line() for item in self.left_out[:limit]]
        if len(self.left_out) > limit:
            more = vnformat.number(len(self.left_out) - limit)
            lines.append(
                f"\u2026 và {more} mục khác (xem sheet \u201c{layout.SHEET_LEFT_OUT}\u201d của tệp mới)."
            )
        return lines

    def summary_lines(self) -> list[str]:
        """The cells to complete, one line per column and action: `cột “Dân tộc”: E2–E59 (58 ô) …`
        (`mục “Người lập biểu”: B10` on Thông tin, whose items are rows)."""
        groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        for item in self.to_complete:
            groups[(item.sheet, item.key, item.action)].append(item.row)
        lines = []
        for (sheet, key, action), rows in groups.items():
            spec = NEW.sheet(sheet)
            cells = spec.cell(key) if spec is NEW.info else cell_ranges(spec.letter(key), rows)
            what = "mục" if spec is NEW.info else "cột"  # Thông tin: one row per item
            lines.append(
                f"Sheet \u201c{sheet}\u201d, {what} \u201c{spec.field(key).header}\u201d: {cells} "
                f"({vnformat.number(len(rows))} ô) \u2014 {action}."
            )
        return lines

    def shown_columns_line(self) -> str | None:
        """The columns hidden in the old file that the new one shows (`shown_columns`), by sheet
        and header: `2 cột bị ẩn ở tệp cũ được hiện lại ở tệp mới: sheet “Đảng viên”, cột “Lý
        luận chính trị”; …`; None when there are none."""
        if not self.shown_columns:
            return None
        by_sheet: dict[str, list[str]] = defaultdict(list)
        for sheet, key in self.shown_columns:
            by_sheet[sheet].append(f"\u201c{NEW.sheet(sheet).field(key).header}\u201d")
        named = "; ".join(
            f"sheet \u201c{sheet}\u201d, cột {', '.join(headers)}" for sheet, headers in by_sheet.items()
        )
        return (
            f"{vnformat.number(len(self.shown_columns))} cột bị ẩn ở tệp cũ được hiện lại ở tệp mới: {named} "
            "(dữ liệu các cột này vẫn được đọc và được tính như ở tệp cũ)."
        )


@dataclass
class UpgradeRun:
    upgraded: list[Upgraded] = field(default_factory=list)
    current: list[Path] = field(default_factory=list)  # already of the current template
    # Of `current`, the upgraded copies whose new Có/Không columns are all still empty (sent back
    # unmarked): the reader's `Submission.upgrade_not_completed`, so the run can say to mark them.
    not_completed: list[Path] = field(default_factory=list)
    own_outputs: list[Path] = field(default_factory=list)  # results of ward-stats, not submissions
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (file, why it could not be upgraded)
    labels: dict[Path, str] = field(default_factory=dict)  # how a file is named in messages

    def label(self, path: Path) -> str:
        """How the input `path` is named in messages (`file_labels`)."""
        return self.labels.get(Path(path), Path(path).name)

    def add(self, path: Path, result: Upgraded | str) -> None:
        """What `upgrade_file` made of `path`, in its list."""
        if isinstance(result, Upgraded):
            self.upgraded.append(result)
        elif result in (ALREADY_CURRENT, CURRENT_NOT_COMPLETED):
            self.current.append(path)
            if result == CURRENT_NOT_COMPLETED:
                self.not_completed.append(path)
        elif result == OWN_OUTPUT:
            self.own_outputs.append(path)
        else:
            self.skipped.append((path, result))


# What `upgrade_file` returns for a file that needs no upgrade, and for a result of ward-stats
# found among the files (a consolidation written into the submissions folder): left out, as
# consolidating leaves it out.
ALREADY_CURRENT = "current"
# … and for one that is an upgraded copy not completed yet (`Submission.upgrade_not_completed`):
# current too, its new columns still to be marked.
CURRENT_NOT_COMPLETED = "current_not_completed"
OWN_OUTPUT = "own_output"


EXISTING_TARGET = (
    "thư mục ghi đã có tệp \u201c{name}\u201d (có thể là bản nâng cấp đã được điền): không ghi đè; "
    "hãy chọn thư mục khác hoặc tự xóa tệp đó"
)
# The same where the folder is not chosen (the button and Nang cap.cmd: `nang_cap` beside the
# .xlsm): the file is to be moved or deleted, there is no other folder to choose.
EXISTING_IN_FIXED = (
    "thư mục {folder} đã có tệp \u201c{name}\u201d (có thể là bản nâng cấp đã được điền): không ghi "
    "đè; hãy chuyển tệp đó ra chỗ khác (hoặc xóa nó nếu không còn cần) rồi nâng cấp lại"
)


UNFORESEEN = "lỗi không mong đợi khi nâng cấp tệp này ({kind}); tệp gốc không bị thay đổi"
OUT_OF_MEMORY = (
    "máy tính không đủ bộ nhớ để nâng cấp tệp này; tệp gốc không bị thay đổi. Hãy đóng bớt các "
    "chương trình khác rồi chạy lại"
)
# An input in the output folder that needs upgrading: its copy would take its place.
SAME_FOLDER = (
    "Thư mục ghi \u201c{folder}\u201d chứa chính tệp \u201c{name}\u201d cần nâng cấp: hãy chọn một thư "
    "mục khác để không ghi đè tệp gốc."
)
# The same where the folder is not chosen (the button and Nang cap.cmd write into `nang_cap`):
# what can change is the submissions folder, whose old files are to be moved out of `nang_cap`.
SAME_FOLDER_FIXED = (
    "Tệp \u201c{name}\u201d cần nâng cấp nằm ngay trong thư mục \u201c{folder}\u201d, nơi các tệp nâng "
    "cấp được ghi, nên bản nâng cấp sẽ ghi đè tệp gốc: hãy chuyển các tệp cũ sang một thư mục khác, "
    "ghi thư mục đó vào ô \u201cThư mục bài nộp\u201d (sheet \u201cĐiều khiển\u201d), rồi nâng cấp lại."
)


def upgrade_inputs(paths: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """The files an upgrade of `paths` takes (a folder's top level, as reading takes them) and
    what those folders hold that it does not read (a sub-folder holding spreadsheets, a
    compressed file), as notes to say beside the run's end. No file is `NoSubmissionsError`,
    naming the folders and those notes, as `validate` and `consolidate` say it: an empty run
    would read as "every file is current" while the old files sit in a sub-folder."""
    from toolkit.io.discover import discover, unread_entries

    files = discover(list(paths))
    notes = [issue.message for issue in unread_entries(list(paths))]
    if not files:
        raise NoSubmissionsError.in_inputs(paths, notes)
    return files, notes


def upgrade_files(
    paths: Sequence[Path],
    out_dir: Path,
    *,
    today: dt.date | None = None,
    fixed_folder: bool = False,
    folders: Sequence[Path] | None = None,
    check: Check | None = None,
) -> UpgradeRun:
    """Upgrade each 2026.1 file of ``paths`` into ``out_dir`` (one output per input, same name;
    an `.xlsm` as `.xlsx`: `target_name`). ``fixed_folder``: ``out_dir`` is not the user's
    choice (the settings' `nang_cap`), so a file already there, or a file to upgrade in it, is
    not answered with "choose another folder". A file to upgrade in ``out_dir`` (its copy would
    take its place) stops the run (`OutputError`); one there that needs no upgrade is said as
    anywhere else.

    The upgraded files stand or fall together (`toolkit.outputs.publish.FileSet`): each is made
    in memory, and all are put in place once every file has been looked at, so a failure or a
    Ctrl+C before that leaves no new file in ``out_dir`` (nor the folder, when it was made for
    them). Files that are all ward-stats' own (the blank template, results, lists) are
    `NoSubmissionsError` naming ``folders`` (where they were found; else the files), as
    no file is (`upgrade_inputs`): never "every file uses the new template".

    ``check`` is the per-file check over a batch (`validation.run.validate_each`, passed by the
    edges: the writers import no validation); with it, the upgraded files are judged as their
    old files are, each batch at once (every check runs once over it), and a change is a file's
    `Upgraded.verdict`."""
    from toolkit.io.atomic import MOVE_WORKING_FOLDER, SHORTER_FOLDER, long_path_problem
    from toolkit.io.runtime import collect_paused
    from toolkit.outputs.publish import FileSet, tidy_folder

    out_dir = Path(out_dir)  # made when files are written into it, not for a folder of current files
    # A killed upgrade's files completed before they are judged: already there, not "appeared".
    tidy_folder(out_dir)
    inputs = {resolved(p) for p in paths}
    names = {Path(p).name.casefold() for p in paths}
    run = UpgradeRun(labels=file_labels(paths))
    files = FileSet()
    taken: dict[str, Path] = {}  # the outputs' names (casefolded) → their inputs
    for path in paths:
        collect_paused()  # the last file's workbooks, with collection paused for the command
        target = out_dir / target_name(Path(path), names)
        if resolved(target) in inputs or resolved(path).parent == resolved(out_dir):
            # Refused only for a file that would be written: one already current, or ours, is
            # said as anywhere else (a folder of upgraded copies may be upgraded again).
            why = _not_to_upgrade(Path(path))
            if why is None:
                same = SAME_FOLDER_FIXED if fixed_folder else SAME_FOLDER
                raise OutputError(same.format(folder=out_dir, name=Path(path).name))
            run.add(Path(path), why)
            continue
        other = taken.get(target.name.casefold())
        if other is not None or target.exists():
            # A file that needs no upgrade (current, ours, unreadable) is said so whatever the
            # folder holds: the copy there is no reason for it (a completed upgraded file sent
            # back replaces the old one among the submissions, the copy stays in nang_cap).
            why = _not_to_upgrade(Path(path))
            if why is not None:
                run.add(Path(path), why)
                continue
        if other is not None:
            run.skipped.append(
                (
                    Path(path),
                    f"tệp mới sẽ có tên \u201c{target.name}\u201d, trùng với tệp đã nâng cấp từ "
                    f"\u201c{run.label(other)}\u201d vào cùng thư mục {out_dir}; hãy nâng cấp riêng tệp này "
                    "vào một thư mục khác",
                )
            )
            continue
        if target.exists():  # perhaps upgraded before and completed since: never overwritten
            existing = (
                EXISTING_IN_FIXED.format(folder=out_dir.name, name=target.name)
                if fixed_folder
                else EXISTING_TARGET.format(name=target.name)
            )
            run.skipped.append((Path(path), existing))
            continue
        advice = MOVE_WORKING_FOLDER if fixed_folder else SHORTER_FOLDER  # `nang_cap` moves with the .xlsm
        too_long = long_path_problem(target, "tệp mới", run_output=True, outputs=len(paths), advice=advice)
        if too_long:
            # Windows without long paths: said before the file is read, the others go on.
            run.skipped.append((Path(path), too_long[:1].lower() + too_long[1:]))
            continue
        try:
            result = upgrade_file(Path(path), target, files=files, today=today, read_back=check is not None)
        except (OutputError, KeyboardInterrupt, SystemExit):
            raise  # cannot write: nothing else can be, said once for the run
        except MemoryError:  # the computer, not the file: said as such (hunt122 F7)
            result = OUT_OF_MEMORY
        except Exception as exc:  # one file the upgrade did not foresee: said, the others go on
            result = UNFORESEEN.format(kind=type(exc).__name__)
        if isinstance(result, Upgraded):
            taken[target.name.casefold()] = Path(path)
        run.add(Path(path), result)
    if check is not None:
        _judge(run.upgraded, check)
    if run.own_outputs and not (run.upgraded or run.current or run.skipped):
        from toolkit.io.discover import unread_entries

        where = [Path(p) for p in folders or paths]
        unread = [issue.message for issue in unread_entries(where)]
        raise NoSubmissionsError.only_own(where, run.own_outputs, unread)
    if len(files):
        with output_folder(out_dir):  # an OutputError: said once for the run
            files.commit()
    return run


def target_name(path: Path, names: Set[str] = frozenset()) -> str:
    """The upgraded file's name: the input's, as `.xlsx` (what it is: Excel does not open an
    `.xlsx` workbook named `.xlsm`); `<stem>_xlsm.xlsx` for `<stem>.xlsm` when an input of
    ``names`` (casefolded) is named `<stem>.xlsx`."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return path.name
    plain = f"{path.stem}.xlsx"
    return f"{path.stem}_{suffix.lstrip('.')}.xlsx" if plain.casefold() in names else plain


def upgrade_file(
    path: Path, target: Path, *, files: FileSet, today: dt.date | None = None, read_back: bool = False
) -> Upgraded | str:
    """Upgrade one file, its bytes added to ``files`` as ``target`` (written when they are
    committed); `ALREADY_CURRENT` for a file of the current template (`CURRENT_NOT_COMPLETED`
    for an upgraded copy whose new columns are still empty), `OWN_OUTPUT` for a
    result of ward-stats, else the reason in Vietnamese when it cannot be. With ``read_back``,
    the copy is read from its bytes, kept with the old file's reading to be judged
    (`Upgraded.read`, `_judge`)."""
    sub = read_submission(path)
    why = _why_not(sub)
    if why is not None:
        return why
    old = _open_old(path, sub)
    if old is None:
        return "tệp đã thay đổi trong khi đang đọc; hãy chạy lại lệnh"
    raw = old.raw
    day = today or dt.date.today()
    meta = {layout.META_UPGRADED_FROM: layout.VERSION_2026_1, layout.META_UPGRADED_ON: day.isoformat()}
    kept = {
        spec.name: _rows_of(frame)
        for spec, frame in zip(OLD.data_sheets, (sub.members, sub.events, sub.years), strict=True)
    }
    typed = _as_typed(old, sub, kept)
    info = _info_values(sub, raw[layout.SHEET_INFO], typed[layout.SHEET_INFO])
    wb = build_template(info=info, meta=meta)
    todo: list[ToComplete] = []
    todo += _copy_members(wb, sub.members, raw[layout.SHEET_MEMBERS], typed[layout.SHEET_MEMBERS])
    todo += _copy_events(wb, sub.events, raw[layout.SHEET_EVENTS], typed[layout.SHEET_EVENTS])
    _copy_sheet(wb, OLD.years, NEW.years, sub.years, raw[layout.SHEET_YEARS], typed[layout.SHEET_YEARS])
    todo += _typed_to_complete(wb, typed)
    # The rows the reader holds as data but not as rows of the list, as it sees them: never
    # dropped, and the new file's reader says of them what the old one's did.
    copied = _copy_rows_not_read(wb, old, sub)
    copied_or_kept = {name: rows | copied.get(name, set()) for name, rows in kept.items()}
    beside = _copy_beside(wb, old, sub, kept)
    left_out, moved, links = _left_out(old, copied_or_kept, beside, kept)
    if _has_vba(old.pkg):
        left_out.insert(0, LeftOut("", MACROS))
    for sheet, row, col, note in moved:
        cell = wb[sheet].cell(row=row, column=col)
        if cell.comment is not None:  # two comments of one cell (a hand-made file): both kept
            note = Comment(f"{cell.comment.text}\n\n{note.text}"[:MAX_COMMENT_CHARS], cell.comment.author)
        cell.comment = note
    for sheet, row, col, link in links:
        cell = wb[sheet].cell(row=row, column=col)
        empty = cell.value is None
        cell.hyperlink = link.hyperlink()
        if empty:  # openpyxl writes the address into an empty cell: it stays empty, as it was
            cell.value = None
            if not cell.has_style:  # openpyxl skips an empty cell without a style, and its link
                cell.style = "Hyperlink"
    # A struck cell of a row copied as typed (a name in STT) stays struck too: it was removed.
    struck = [
        (sheet, row, col)
        for sheet, row, col in _struck_cells(old, copied_or_kept, beside)
        if row in kept[sheet] or wb[sheet].cell(row=row, column=col).value is not None
    ]
    for sheet, row, col in struck:
        cell = wb[sheet].cell(row=row, column=col)
        font = copy.copy(cell.font)
        font.strike = True
        cell.font = font
    # A word struck through inside a cell (a name corrected) stays struck (fix383: lost).
    part_struck, struck_left = _carry_part_strikes(wb, old, copied_or_kept, beside, set(struck))
    left_out += struck_left
    # A row hidden in the old file stays hidden (hunt111 E2: shown again, the reader's
    # `cell.hidden_row`, how a hidden member is found, was gone without a word). The sheet's
    # AutoFilter goes with its columns (fix383), and the rows it hid stay hidden under it; one
    # hidden by a filter the new file has not (an Excel Table's) is shown, since nothing there
    # would clear it (hunt377).
    filters = _carry_filters(wb, old, kept)
    hidden, filtered = _hidden_rows(old, kept)
    under = [(sheet, row) for sheet, row in filtered if filters.get(sheet)]
    filtered = [(sheet, row) for sheet, row in filtered if not filters.get(sheet)]
    for sheet, row in [*hidden, *under]:
        wb[sheet].row_dimensions[row].hidden = True
    left_out += _format_beside(wb, old, beside)
    todo += _merge_again(wb, old, sub, kept)  # last: a merged block holds one cell's value and comment
    _write_to_complete(wb, todo, left_out, path.name)
    for sheet in layout.UPGRADE_SHEETS:
        if sheet in wb.sheetnames:
            page_footer(wb[sheet], footer_owner(info))
    data = workbook_bytes(wb, target)
    # Read before the file is added: a failure leaves no file said not to be upgraded.
    read = (sub, read_submission(target, data=data)) if read_back else None
    files.add(target, data, replace=False)  # never over a file: checked above
    return Upgraded(
        path,
        target,
        todo,
        left_out,
        len(moved),
        len(links),
        # rows struck as the reader warns of them: in a table's column (not beside it)
        len({(s, r) for s, r, c in struck if r >= layout.FIRST_DATA_ROW and c <= len(NEW.sheet(s).fields)}),
        hidden_rows=len(hidden),
        shown_rows=len(filtered),
        filters=list(filters),
        filtered_rows=len(under),
        part_struck=part_struck,
        shown_columns=_hidden_columns(old, kept),
        members=0 if sub.members is None else len(sub.members),
        read=read,
    )


def _judge(upgraded: list[Upgraded], check: Check) -> None:
    """The old files checked as one batch, their copies as another (as a run checks a folder:
    every check once over it), and each file's `Upgraded.verdict` found; the readings then let
    go."""
    pairs = [done.read for done in upgraded if done.read is not None]
    if pairs:
        check([old for old, _ in pairs])
        check([new for _, new in pairs])
    for done in upgraded:
        if done.read is not None:
            done.verdict = _verdict(*done.read)
            done.read = None


def _verdict(old: Submission, new: Submission) -> Verdict | None:
    """The per-file check of the old file and of its upgraded copy (read back from its bytes),
    when they differ: a file with an error is not consolidated, so the upgrade may put a file
    in or out without a word. Each error is looked for at its place in the other file (a cell
    of a table moves with its column, an item of `Thông tin` with its row: `_moved_to`); one of
    no such cell, by its sheet and rule. None when neither file has an error, or when the same
    errors stand in both."""
    before = [i for i in old.issues if i.is_error]
    after = [i for i in new.issues if i.is_error]
    if not before and not after:
        return None
    template_of = {actual: template for template, actual in old.sheet_names.items()}
    moved: dict[tuple[str, str], Issue] = {}  # (sheet, its cell in the new file) → an old error
    loose: dict[tuple[str, str], Issue] = {}  # (sheet, rule) → an old error of no such cell
    for issue in before:
        sheet = template_of.get(issue.sheet or "", issue.sheet or "")
        place = _new_cell(sheet, issue.cell)
        if place:
            moved.setdefault((sheet, place), issue)
        else:
            loose.setdefault((sheet, issue.code), issue)
    old_rules = {(template_of.get(i.sheet or "", i.sheet or ""), i.code) for i in before}
    new_cells = {(i.sheet or "", i.cell) for i in after if i.cell}
    new_rules = {(i.sheet or "", i.code) for i in after}
    accepted = [
        _judged(new, sheet, issue.cell or "", place, rule=issue.code)
        for (sheet, place), issue in moved.items()
        if (sheet, place) not in new_cells
    ]
    accepted += [
        _judged(new, sheet, issue.cell or "", "", message=_masked(issue), rule=issue.code)
        for (sheet, code), issue in loose.items()
        if (sheet, code) not in new_rules
    ]
    refused: list[Judged] = []
    said: set[tuple[str, str]] = set()
    for issue in after:
        sheet = issue.sheet or ""
        at = (sheet, issue.cell) if issue.cell else (sheet, issue.code)
        if at in said or (at in moved if issue.cell else at in old_rules):
            continue
        said.add(at)
        refused.append(_judged(new, sheet, "", issue.cell or "", message=_masked(issue), accepted=False))
    if bool(before) == bool(after) and not accepted and not refused:
        return None
    return Verdict(len(before), len(after), tuple(accepted), tuple(refused))


_JUDGED_SHEETS = (layout.SHEET_INFO, layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_YEARS)


def _new_cell(sheet: str, cell: str | None) -> str:
    """Where the old file's cell of a template sheet is in the upgraded file ("" for none: a
    header, a cell outside the tables)."""
    at = _cell_position(cell or "")
    if sheet not in _JUDGED_SHEETS or at is None:
        return ""
    place = _moved_to(sheet, *at)
    return "" if place is None else f"{get_column_letter(place[2])}{place[1]}"


def _masked(issue: Issue) -> str:
    """An issue's message without a member's values (`Issue.without_personal_data`)."""
    return issue.without_personal_data().message


def _judged(
    new: Submission,
    sheet: str,
    cell: str,
    new_cell: str,
    *,
    message: str = "",
    accepted: bool = True,
    rule: str = "",
) -> Judged:
    """A cell judged otherwise, with its column (or item) in the upgraded file, and where the
    upgraded file accepts a value of a list, that value's label as it reads it."""
    at = _cell_position(new_cell) if sheet in _JUDGED_SHEETS else None
    if at is None:
        return Judged(sheet, cell, new_cell, "", message=message, rule=rule)
    row, col = at
    spec = NEW.sheet(sheet)
    if spec is NEW.info:
        f = next((f for f in spec.fields if spec.row_of(f.key) == row), None)
        read = new.info.get(f.key) if f is not None and col == 2 else None
    else:
        f = spec.fields[col - 1] if col <= len(spec.fields) else None
        frame = {layout.SHEET_MEMBERS: new.members, layout.SHEET_EVENTS: new.events}.get(sheet, new.years)
        read = None
        if f is not None and frame is not None and f.key in frame.columns:
            values = frame.loc[frame["_row"] == row, f.key].tolist()
            read = values[0] if values else None
    if f is None:
        return Judged(sheet, cell, new_cell, "", message=message, rule=rule)
    value = ""
    if accepted and f.vocab is not None and isinstance(read, str) and read in f.vocab.codes:
        value = f.vocab.label(read)
    return Judged(sheet, cell, new_cell, f.header, spec is NEW.info, value, message, rule)


def _hidden_rows(
    old: _OldFile, kept: dict[str, set[int]]
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """The rows of the tables copied (`kept`, of each data sheet) that are hidden in the old
    file (`SheetXml.hidden_rows`, as the reader finds them), by sheet and row: a table's row
    keeps its number in the upgraded file. Those of a sheet whose AutoFilter (or Excel
    Table's) hides rows come second: the reader takes them as hidden by the filter, which
    only hides rows from view (never `Submission.hidden_rows`, marked in the work lists), and
    the upgraded file has no filter: hidden there, they read as hidden by hand (hunt377). A row
    hidden by hand under a filter (`rows_hidden_by_hand`, fix388) comes first, as any."""
    hidden: list[tuple[str, int]] = []
    filtered: list[tuple[str, int]] = []
    for name, template in old.template_sheets.items():
        if template not in kept or OLD.sheet(template) is OLD.info:
            continue
        xml = old.scan(old.pkg.sheet_parts.get(name, ""))
        by_hand = rows_hidden_by_hand(xml, old.raw.get(template, [])) if xml.hidden_rows else set()
        for r in sorted(xml.hidden_rows & kept[template]):
            if r >= layout.FIRST_DATA_ROW:
                (hidden if r in by_hand else filtered).append((template, r))
    return hidden, filtered


MAX_FILTER_XML = 1024 * 1024  # an AutoFilter's XML larger than this is not carried


def _carry_filters(wb: Workbook, old: _OldFile, kept: dict[str, set[int]]) -> dict[str, bool]:
    """Put each data sheet's AutoFilter of the old file (its sheet's `<autoFilter>`, not an
    Excel Table's) on the same sheet of the upgraded file, over the same rows and the columns
    where they went (`_filter_moved`), its conditions kept; return the sheets it was put on,
    each with whether it has a condition (the rows it hid are then hidden under it, and the
    reader says to clear the filter, as of the old file). A filter by colour or icon (which
    names the old file's formats) or one that cannot be read is not carried: its rows are
    shown (`Upgraded.shown_rows`), as a Table's are."""
    from defusedxml import ElementTree as SafeET
    from openpyxl.worksheet.filters import AutoFilter

    carried: dict[str, bool] = {}
    for name, template in old.template_sheets.items():
        if template not in kept or OLD.sheet(template) is OLD.info:
            continue
        part = old.pkg.sheet_parts.get(name, "")
        if not part or part not in old.pkg.names:
            continue
        xml = plain_elements(read_part(old.pkg.zf, part, old.pkg.data))
        # The sheet's own filter, not a custom view's (`<customSheetViews>`), as the reader
        # takes it (`autofilter.sheet_filter`).
        found = sheet_filter(markup_only(xml)) if b"<autoFilter" in xml else None
        if found is None or len(found) > MAX_FILTER_XML:
            continue
        try:
            element = SafeET.fromstring(found, forbid_dtd=True)
            moved = _filter_moved(AutoFilter.from_tree(element), template)
        except Exception:  # a filter openpyxl cannot read: not carried, its rows shown
            continue
        if moved is not None:
            wb[NEW.sheet(template).name].auto_filter = moved
            carried[template] = bool(moved.filterColumn)
    return carried


def _filter_moved(old: Any, template: str) -> Any:
    """The old AutoFilter ``old`` for the upgraded sheet ``template``: its range from the new
    place of its first column to the new place of its last (a table's column goes where its
    key is, one right of the table moves right with it: `_shift`), each condition's column
    moved alike; its sort state (a mark of the last sort, whose ranges name the old columns)
    left out. None for a range that cannot be read, a condition outside it, or a filter by
    colour or icon."""
    from openpyxl.utils.cell import range_boundaries

    spec, new = OLD.sheet(template), NEW.sheet(template)
    width = len(spec.fields)

    def moved(col: int) -> int:
        return new.keys.index(spec.fields[col - 1].key) + 1 if col <= width else col + _shift(template)

    try:
        lo, top, hi, bottom = range_boundaries(str(old.ref or ""))
    except (TypeError, ValueError):
        return None
    if None in (lo, top, hi, bottom) or moved(hi) > MAX_COLUMN:
        return None
    first = moved(lo)
    for column in old.filterColumn:
        at = lo + int(column.colId)
        if not lo <= at <= hi or column.colorFilter is not None or column.iconFilter is not None:
            return None
        column.colId = moved(at) - first
    old.ref = f"{get_column_letter(first)}{top}:{get_column_letter(moved(hi))}{bottom}"
    old.sortState = None
    return old


def _hidden_columns(old: _OldFile, kept: dict[str, set[int]]) -> list[tuple[str, str]]:
    """The columns of the tables hidden in the old file (`SheetXml.hidden_columns`) that hold
    data in the rows copied (`kept`), by sheet and key, as the reader's `cell.hidden_column`
    finds them. The new file shows every column of its tables (its template's widths): the
    warning is gone from it, so the upgrade says them (hunt380)."""
    from toolkit.io.sheets import column_hidden

    found: list[tuple[str, str]] = []
    for name, template in old.template_sheets.items():
        if not kept.get(template) or OLD.sheet(template) is OLD.info:
            continue
        spec = OLD.sheet(template)
        xml = old.scan(old.pkg.sheet_parts.get(name, ""))
        if not xml.hidden_columns:
            continue
        raw = old.raw[template]
        for col, f in enumerate(spec.fields, start=1):
            if column_hidden(xml, col) and any(
                (v := _raw(raw, row, col)) is not None and not is_blank(v) for row in kept[template]
            ):
                found.append((template, f.key))
    return found


def _why_not(sub: Submission) -> str | None:
    """Why a file read is not upgraded (`ALREADY_CURRENT`, `CURRENT_NOT_COMPLETED`, `OWN_OUTPUT`
    or the reason in Vietnamese); None for a 2026.1 file to upgrade."""
    if sub.own_output:
        return OWN_OUTPUT
    refused = next((i for i in sub.issues if i.is_error and i.code.startswith("file.")), None)
    if refused is not None or not sub.readable:
        return refused.message if refused is not None else "không đọc được tệp"
    if sub.template_version != layout.VERSION_2026_1:
        if sub.template_version == layout.TEMPLATE_VERSION:
            return CURRENT_NOT_COMPLETED if sub.upgrade_not_completed else ALREADY_CURRENT
        return f"phiên bản biểu mẫu \u201c{sub.template_version or 'không rõ'}\u201d không nâng cấp được"
    return None


def _not_to_upgrade(path: Path) -> str | None:
    """`_why_not` of the file at `path` (an unforeseen failure to read it is a reason too, as in
    `upgrade_files`); None when it is a 2026.1 file to upgrade."""
    try:
        return _why_not(read_submission(path))
    except (OutputError, KeyboardInterrupt, SystemExit):
        raise
    except MemoryError:
        return OUT_OF_MEMORY
    except Exception as exc:  # as upgrade_files says of a file it did not foresee
        return UNFORESEEN.format(kind=type(exc).__name__)


# --- reading the old file's cells as they were typed ----------------------------------------------


@dataclass
class _OldFile:
    """The old file as the upgrade reads it: its package, its workbook, which of its sheets are
    the template's (actual name → template name) and the cells of those with tables, as typed."""

    pkg: Package
    book: Book
    template_sheets: dict[str, str]
    raw: dict[str, list[list[Any]]]  # by template sheet name
    name: str = ""  # the file's name (a link to it is a link to a place in it: `_links`)
    _scans: dict[str, SheetXml] = field(default_factory=dict)

    def scan(self, part: str) -> SheetXml:
        """What the sheet part's XML says beyond its values (`scan_sheet`), read once."""
        from toolkit.io.context import ReadContext
        from toolkit.io.sheets import scan_sheet

        if part not in self._scans:
            self._scans[part] = scan_sheet(self.pkg, part, ReadContext(file=""))
        return self._scans[part]


def _open_old(path: Path, sub: Submission) -> _OldFile | None:
    """The old file, from the very bytes the reader checked (None when it changed in between)."""
    from python_calamine import CalamineWorkbook

    from toolkit.io.context import ReadContext
    from toolkit.io.package import open_package
    from toolkit.io.sheets import find_sheet

    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != sub.sha256:
        return None
    pkg = open_package(data, path, ReadContext(file=path.name))  # passed once already: no refusal
    book = Book(pkg, CalamineWorkbook.from_filelike(io.BytesIO(data)))
    names = book.sheet_names
    template_sheets: dict[str, str] = {}
    for name in layout.SHEET_ORDER:
        actual = find_sheet(names, name)
        if actual is not None and actual not in template_sheets:
            template_sheets[actual] = name
    actual_of = {name: actual for actual, name in template_sheets.items()}
    raw: dict[str, list[list[Any]]] = {}
    for name in (layout.SHEET_INFO, layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_YEARS):
        actual = actual_of.get(name)
        raw[name] = book.get_sheet_by_name(actual).to_python(skip_empty_area=False) if actual else []
    return _OldFile(pkg, book, template_sheets, raw, path.name)


def _raw(rows: list[list[Any]], row: int, col: int) -> Any:
    """The typed value of Excel cell (row, col), 1-based; None when empty."""
    cells = rows[row - 1] if row - 1 < len(rows) else []
    value = cells[col - 1] if col - 1 < len(cells) else None
    return None if value == "" else value


def _clean(value: Any) -> Any:
    """A normalised frame value as a cell takes it (None for missing)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


def _info_values(sub: Submission, raw: list[list[Any]], typed: dict[tuple[int, int], Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in OLD.info.fields:
        row = OLD.info.row_of(f.key)
        if (row, 2) in typed:
            values[f.key] = _typed_value(typed[(row, 2)])
            continue
        read = _clean(sub.info.get(f.key))
        values[f.key] = read if read is not None else _raw(raw, row, 2)
    return values


# --- cells copied as the old file holds them --------------------------------------------------------

# A cell the reader flagged for how it was stored, not for what it holds: its clean value would
# lose the flag's cause for good, so the cell is copied as the old file holds it, and the upgraded
# file is warned about (or refused) again. An error value is written as one; a formula with no
# value as that formula (its text, when it only takes this sheet's cells: the others are not in
# the new file); card numbers stored as numbers as those numbers; a date column whose real and
# text dates split as a month/day computer leaves them as its cells were (text stays text).
# The reader's other corrections (`norm.*`) are values understood, written clean; a formula
# with a value (`cell.volatile_formula`, `cell.external_formula`) is written as that value, as
# its warning asks.
_NOT_COPIED = object()  # a formula whose text could not be copied: the cell stays empty, listed
FIX_ERROR = (
    "Ô có giá trị lỗi chép nguyên từ tệp cũ (công thức của ô, nếu có, không chép sang): hãy ghi thẳng "
    "giá trị đúng vào ô"
)
# A formula copied as its text: its references are those of the old file. Said by what moved on
# its sheet (`_fix_formula`): the columns (Đảng viên, Biến động), the rows (Thông tin), nothing.
FIX_FORMULA = (
    "Ô có công thức chưa có giá trị, chép nguyên từ tệp cũ; các cột của biểu mẫu mới đã đổi chỗ nên "
    "công thức có thể lấy sai ô: hãy ghi thẳng giá trị thay cho công thức"
)
FIX_FORMULA_ROWS = (
    "Ô có công thức chưa có giá trị, chép nguyên từ tệp cũ; các dòng của sheet “Thông tin” ở biểu mẫu mới "
    "đã đổi chỗ nên công thức có thể lấy sai ô: hãy ghi thẳng giá trị thay cho công thức"
)
FIX_FORMULA_IN_PLACE = (
    "Ô có công thức chưa có giá trị, chép nguyên từ tệp cũ: hãy ghi thẳng giá trị thay cho công thức"
)
FIX_FORMULA_NOT_COPIED = (
    "Ô của tệp cũ có công thức chưa có giá trị, lấy số liệu từ sheet hoặc tệp khác nên không chép sang "
    "được: hãy mở tệp cũ xem công thức rồi ghi thẳng giá trị vào ô"
)
FIX_MERGED = (
    "Các ô {cells} của tệp cũ bị gộp, chỉ ô đầu có giá trị, và không gộp lại được ở tệp mới: hãy ghi đủ "
    "giá trị cho từng ô"
)


def _as_typed(
    old: _OldFile, sub: Submission, kept: dict[str, set[int]]
) -> dict[str, dict[tuple[int, int], Any]]:
    """The cells of the tables to write as the old file holds them, by template sheet: (row,
    column) of the old file → what to write (`_NOT_COPIED` for a formula that cannot be)."""

    typed: dict[str, dict[tuple[int, int], Any]] = {name: {} for name in old.raw}
    actual = {template: name for name, template in old.template_sheets.items()}
    unread: set[str] = set()  # sheets with an error value or a formula without a value
    for issue in sub.issues:
        template = old.template_sheets.get(issue.sheet or "")
        if template is None or template not in typed:
            continue
        if issue.code in (
            "cell.error_value",
            "cell.formula_no_value",
            "info.unused_error_value",
            "info.unused_formula_no_value",
        ):
            unread.add(template)
        elif issue.code in ("cell.day_month_swapped", "cell.month_first_text") and issue.cell:
            col = column_index(issue.cell.rstrip("0123456789").encode())
            for row in kept.get(template, ()):
                value = _raw(old.raw[template], row, col)
                if value is not None:
                    typed[template][(row, col)] = value
        elif issue.code == "member.card_as_number":
            col = OLD.members.keys.index("card_no") + 1
            for row in kept.get(template, ()):
                value = _raw(old.raw[template], row, col)
                if type(value) in (int, float):
                    typed[template][(row, col)] = value
    for template in typed.keys() - unread:
        # STT formulas without a value raise no issue (STT is no figure: `reader`), but they
        # are the secretary's numbering: copied as the other formulas, not written empty.
        spec = OLD.sheet(template)
        if template in actual and template not in _TEXT_SHEETS and spec.has("row_no"):
            stt = spec.keys.index("row_no") + 1
            xml = old.scan(old.pkg.sheet_parts.get(actual[template], ""))
            if any(c == stt for _, c in xml.formula_no_value):
                unread.add(template)
    for template in sorted(unread):
        part = old.pkg.sheet_parts.get(actual[template], "")
        xml = old.scan(part)
        inside = {at for at in (*xml.error_cells, *xml.formula_no_value) if _in_table(template, *at, kept)}
        for at, code in xml.error_cells.items():
            if at in inside:
                typed[template][at] = ErrorValue(_error_code(code))
        wanted = {at for at in xml.formula_no_value if at in inside}
        texts = cell_formulas(old.pkg, part, wanted)
        for at in wanted:
            text, origin = texts.get(at, ("", at))
            typed[template][at] = _formula(text, origin, at)
    return typed


def _in_table(template: str, row: int, col: int, kept: dict[str, set[int]]) -> bool:
    """Whether the old file's cell is a value the upgrade copies."""
    if template in _TEXT_SHEETS:
        return False
    spec = OLD.sheet(template)
    if spec is OLD.info:
        return col == 2 and 1 <= row <= len(spec.fields)
    return row in kept.get(template, ()) and 1 <= col <= len(spec.fields)


def _formula(text: str, origin: tuple[int, int], at: tuple[int, int]) -> Any:
    """A formula of the old file to write at its cell ``at`` (its text written for ``origin``,
    a shared formula's first cell), or `_NOT_COPIED` when it refers to another sheet, another
    file or a table (none of which the upgraded file has), or has no text."""
    from openpyxl.formula.translate import Translator

    if not text or "!" in text or "[" in text:
        return _NOT_COPIED
    if origin != at:
        where = [f"{get_column_letter(c)}{r}" for r, c in (origin, at)]
        try:
            text = Translator(f"={text}", origin=where[0]).translate_formula(where[1])[1:]
        except Exception:  # a formula openpyxl cannot parse: listed, not guessed
            return _NOT_COPIED
    return Formula(text)


def _typed_value(value: Any) -> Any:
    return None if value is _NOT_COPIED else value


def _typed_to_complete(wb: Workbook, typed: dict[str, dict[tuple[int, int], Any]]) -> list[ToComplete]:
    """An error value or a formula copied as the old file held it (or not copied) is a cell to
    complete: its value is to type."""
    todo = []
    for template, cells in typed.items():
        spec = OLD.sheet(template)
        for (row, col), value in sorted(cells.items()):
            if isinstance(value, ErrorValue):
                action = FIX_ERROR
            elif isinstance(value, Formula):
                if spec is not OLD.info and spec.fields[col - 1].key == "row_no":
                    continue  # STT numbering (`=ROW()-1`): no value to type, the file passes without
                action = _fix_formula(template)
            elif value is _NOT_COPIED:
                action = FIX_FORMULA_NOT_COPIED
            else:
                continue
            if spec is OLD.info:
                key = spec.fields[row - 1].key
                todo.append(ToComplete(template, NEW.info.row_of(key), key, "", action))
            else:
                todo.append(
                    ToComplete(template, row, spec.fields[col - 1].key, _who(wb, template, row), action)
                )
    return todo


def _fix_formula(template: str) -> str:
    """What to do with a formula copied onto the template sheet ``template``, by what moved there
    between the old template and the current one."""
    old, new = OLD.sheet(template), NEW.sheet(template)
    if old.keys == new.keys:
        return FIX_FORMULA_IN_PLACE
    return FIX_FORMULA_ROWS if old is OLD.info else FIX_FORMULA


def _who(wb: Workbook, template: str, row: int) -> str:
    """The name on a row of the upgraded file's data sheet ("" where it has none)."""
    spec = NEW.sheet(template)
    if not spec.has("full_name"):
        return ""
    value = wb[template].cell(row=row, column=spec.keys.index("full_name") + 1).value
    return "" if value is None else unescape(str(value))  # as written (`ooxml_text`): the name itself


def _merge_again(wb: Workbook, old: _OldFile, sub: Submission, kept: dict[str, set[int]]) -> list[ToComplete]:
    """The merged blocks of the tables' data (`cell.merged`: one value for several rows),
    merged again in the upgraded file, so that it is warned about again; a block that cannot be
    (its columns no longer side by side, a header or a filled cell in it) is a cell to complete."""
    flagged = {old.template_sheets.get(i.sheet or "") for i in sub.issues if i.code == "cell.merged"}
    todo: list[ToComplete] = []
    for name, template in old.template_sheets.items():
        if template not in flagged or template not in kept:
            continue
        spec, new, ws = OLD.sheet(template), NEW.sheet(template), wb[template]
        width = len(spec.fields)
        try:
            ranges = old.book.get_sheet_by_name(name).merged_cell_ranges or []
        except Exception:  # read once already by the reader: not expected
            continue
        for (r0, c0), (r1, c1) in ranges:
            first, last = r0 + 1, r1 + 1
            if last < layout.FIRST_DATA_ROW or c0 >= width:
                continue
            cols = [new.keys.index(spec.fields[c].key) + 1 for c in range(c0, min(c1 + 1, width))]
            others = [
                ws.cell(row=r, column=c)
                for r in range(first, last + 1)
                for c in cols
                if (r, c) != (first, cols[0])
            ]
            if (
                first >= layout.FIRST_DATA_ROW
                and c1 < width
                and cols == list(range(cols[0], cols[0] + len(cols)))
                and all(c.value is None and c.comment is None and c.hyperlink is None for c in others)
            ):
                ws.merge_cells(start_row=first, start_column=cols[0], end_row=last, end_column=cols[-1])
                continue
            row = max(first, layout.FIRST_DATA_ROW)
            cells = f"{get_column_letter(c0 + 1)}{first}\u2013{get_column_letter(c1 + 1)}{last}"
            action = FIX_MERGED.format(cells=cells)
            todo.append(ToComplete(template, row, spec.fields[c0].key, _who(wb, template, row), action))
    return todo


def _has_vba(pkg: Package) -> bool:
    """Whether the old file holds macros (a VBA project), which an .xlsx cannot hold."""
    return any(n.lower().endswith("vbaproject.bin") for n in pkg.names)


# --- copying the data sheets ------------------------------------------------------------------------


def _row_values(
    old: SheetSpec, frame: pd.DataFrame, raw: list[list[Any]], typed: dict[tuple[int, int], Any]
) -> list[tuple[int, dict[str, Any]]]:
    """Each data row of an old sheet: (Excel row, values by key): what the reader understood,
    the cell as typed where it understood nothing or flagged how it was stored (``typed``),
    nothing where the cell is empty (an empty count is 0 to the reader, left empty)."""
    out = []
    records = frame.to_dict("records")
    for rec in records:
        row = int(rec["_row"])
        values = {}
        for col, f in enumerate(old.fields, start=1):
            as_typed = _raw(raw, row, col)
            if (row, col) in typed:
                values[f.key] = _typed_value(typed[(row, col)])
            elif as_typed is None:
                values[f.key] = None
            else:
                read = _clean(rec.get(f.key))
                values[f.key] = read if read is not None else as_typed
        out.append((row, values))
    return out


def _copy_sheet(
    wb: Workbook,
    old: SheetSpec,
    new: SheetSpec,
    frame: pd.DataFrame | None,
    raw: list[list[Any]],
    typed: dict[tuple[int, int], Any],
) -> list[tuple[int, dict[str, Any]]]:
    if frame is None:
        return []
    rows = _row_values(old, frame, raw, typed)
    for row, values in rows:
        fill_row(wb[new.name], new, row, values)
    return rows


def _name(values: dict[str, Any]) -> str:
    return str(values.get("full_name") or "")


def _copy_members(
    wb: Workbook, frame: pd.DataFrame | None, raw: list[list[Any]], typed: dict[tuple[int, int], Any]
) -> list[ToComplete]:
    if frame is None:
        return []
    # The reader put the current occupation where the old one has one meaning; otherwise the
    # old code (or the text as typed) is in `occupation_2026_1`.
    view = frame.assign(
        occupation=[
            _occupation(c, o) for c, o in zip(frame["occupation"], frame["occupation_2026_1"], strict=True)
        ]
    )
    rows = _copy_sheet(wb, OLD.members, NEW.members, view, raw, typed)
    todo = []
    for (row, values), old in zip(rows, frame["occupation_2026_1"], strict=True):
        who = _name(values)
        todo.append(ToComplete(layout.SHEET_MEMBERS, row, "ethnicity", who, FILL_ETHNICITY))
        todo.append(ToComplete(layout.SHEET_MEMBERS, row, "religion", who, FILL_RELIGION))
        if old in vocab.OCCUPATION_2026_1.codes and vocab.occupation_from_2026_1(old) is None:
            todo.append(ToComplete(layout.SHEET_MEMBERS, row, "occupation", who, _choose_occupation(old)))
    return todo


def _occupation(current: Any, old: Any) -> Any:
    """The occupation cell of the upgraded file: the current one, else the old label (to choose
    again), else what was typed."""
    if isinstance(current, str):
        return current
    if isinstance(old, str) and old in vocab.OCCUPATION_2026_1.codes:
        return vocab.OCCUPATION_2026_1.label(old)
    return old


def _choose_occupation(old: str) -> str:
    old_label, choices = vocab.OCCUPATION_2026_1.label(old), vocab.occupation_2026_1_choices(old)
    return f"Chọn lại nghề nghiệp (\u201c{old_label}\u201d của mẫu cũ nay là {choices})"


def _copy_events(
    wb: Workbook, frame: pd.DataFrame | None, raw: list[list[Any]], typed: dict[tuple[int, int], Any]
) -> list[ToComplete]:
    rows = _copy_sheet(wb, OLD.events, NEW.events, frame, raw, typed)
    return [
        ToComplete(layout.SHEET_EVENTS, row, "transfer_scope", _name(values), FILL_SCOPE)
        for row, values in rows
        if values.get("event_type") in ("transfer_in", "transfer_out")
    ]


def _copy_rows_not_read(wb: Workbook, old: _OldFile, sub: Submission) -> dict[str, set[int]]:
    """Copy the data rows the reader keeps as data not read (`Submission.rows_not_read`) into
    the new file, at their rows, and return them by template sheet. Text alone in STT
    (`cell.text_in_row_no`, a member's name pasted one column left: a row the list has lost) is
    copied as typed, so the new file gives the same error (hunt56 #1: the row was left out,
    its name printed on screen as a cell "outside the tables", and the new file read clean).
    Answers alone (`file.answers_only_rows`) are copied as the reader reads them (a TCVN3 or
    VNI "Không" by its font), so the new file's reader skips them with the same warning: they
    are no member's, and nothing is left for a hand copy (hunt56 #4)."""
    from toolkit.io.columns import category_code

    actual = {template: name for name, template in old.template_sheets.items()}
    copied: dict[str, set[int]] = {}
    for template, by_code in sub.rows_not_read.items():
        if template not in old.raw or template not in actual:
            continue
        spec, new, raw = OLD.sheet(template), NEW.sheet(template), old.raw[template]
        ws = wb[new.name]
        done = copied.setdefault(template, set())
        stt_rows, answers = by_code.get("cell.text_in_row_no", ()), by_code.get("file.answers_only_rows", ())
        if not stt_rows and not answers:
            continue
        part = old.pkg.sheet_parts.get(actual[template], "")
        fonts = old.scan(part).legacy_fonts
        stt = spec.keys.index("row_no") + 1
        for row in stt_rows:
            fill_row(ws, new, row, {"row_no": _unlegacy(_raw(raw, row, stt), fonts.get((row, stt)))})
            done.add(row)
        for row in answers:
            values: dict[str, Any] = {}
            for col, f in enumerate(spec.fields, start=1):
                value = _raw(raw, row, col)
                if value is None or is_blank(value) or f.key == "row_no" or f.vocab is None:
                    continue  # a plain row number ahead of the data: no content
                code = category_code(value, f, fonts.get((row, col)))
                values[f.key] = code if code in f.vocab.codes and new.has(f.key) else value
            if all(new.has(key) for key in values):
                fill_row(ws, new, row, values)
                done.add(row)
    return copied


def _unlegacy(value: Any, font: str | None) -> Any:
    """Text typed in a TCVN3 or VNI font ("Nguy\u00d4n V\u00a8n N\u00a8m" in .VnTime) in
    Unicode, by the reader's rule for a member's name (the cell's font or its letters): the
    new file's body font shows the name as it was seen (hunt58 #2); anything else as typed."""
    from toolkit.io.legacy import convert_legacy, detect_legacy

    if not isinstance(value, str):
        return value
    encoding = detect_legacy(value, font)
    return value if encoding is None else convert_legacy(value, encoding, font)


@dataclass
class _Beside:
    """What `_copy_beside` did with the cells right of the tables, by template sheet, in the old
    file's cells (row, column): those copied, and the formulas without a saved value left out
    (their text, without `=`; "" when none could be read)."""

    copied: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    formulas: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    # The cells holding an error value (#N/A of a lookup gone wrong: an empty cell to calamine),
    # left out too: (the error, the formula's text without `=`, "" for none).
    errors: dict[str, dict[tuple[int, int], tuple[str, str]]] = field(default_factory=dict)
    rows: dict[str, set[int]] = field(default_factory=dict)  # the rows shifted: the header's, those read
    # The merged ranges right of the tables (row, column, last row, last column), by template
    # sheet: those to merge again where their cells moved, and those listed (sheet's name too).
    merges: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    merges_listed: list[tuple[str, tuple[int, int, int, int]]] = field(default_factory=list)
    # The hidden or widened columns right of the tables, where they are in the upgraded file:
    # (first, last, hidden, width or None).
    columns: dict[str, list[tuple[int, int, bool, float | None]]] = field(default_factory=dict)

    def moved_to(self, template: str | None, row: int, col: int) -> tuple[str, int, int] | None:
        """The upgraded file's cell of a copied cell (None for any other cell)."""
        if template is None or (row, col) not in self.copied.get(template, ()):
            return None
        return template, row, col + _shift(template)

    def place(self, template: str | None, row: int, col: int) -> tuple[str, int, int] | None:
        """Where a cell right of a table on a row shifted (`rows`), filled or not, is in the
        upgraded file: a comment or a link on an empty cell there goes to it as one on a value
        copied does (fix51 U #1); None for any other cell (and past column XFD)."""
        if template is None or row not in self.rows.get(template, ()):
            return None
        spec = OLD.sheet(template)
        if spec is OLD.info or col <= len(spec.fields) or col + _shift(template) > MAX_COLUMN:
            return None
        return template, row, col + _shift(template)


def _shift(template: str) -> int:
    """How many columns the current template added to a data sheet's table."""
    return len(NEW.sheet(template).fields) - len(OLD.sheet(template).fields)


def _error_code(code: str) -> str:
    """An error value as Excel shows it: NaN and the infinities are none, the nearest one."""
    return code if code.startswith("#") else "#NUM!"


def _put(cell: Any, value: Any) -> None:
    """A value of the old file beside a table, written as a value (text never as a formula)."""
    if isinstance(value, str):
        cell.value = ooxml_text(value)
        cell.data_type = "s"  # text, never a formula
    else:
        cell.value = value
        if isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT


def _copy_beside(wb: Workbook, old: _OldFile, sub: Submission, kept: dict[str, set[int]]) -> _Beside:
    """Copy what the rows read hold right of the old table's columns (a member's name typed past
    "Ghi chú") to the same place right of the new table's, with the header row there (row 1: "Quê
    quán" over a column a secretary added, filled under it or not), each cell with its number
    format, and say which cells of the old file were copied. The new file's reader then says
    `file.extra_column` as the old one did, and a row whose only other value is an answer stays a
    member with data missing, never an answers-only row it skips (hunt58 #1: the upgrade listed the
    name for a hand copy, and the new file read clean with one member fewer). Comments, links and
    strike-through of the cells copied go with them (`_Beside.moved_to`; hunt59 #1 #2: left at the
    old address, they named a template column of the new file), and so do comments and links on the
    empty cells of those rows (`_Beside.place`, fix51 U #1). A formula with a saved value is copied
    as that value, as in the tables; one without (`cell.formula_no_value`) is not copied but listed,
    with the cell of the new file where its value belongs (hunt59 #3): its references point into the
    old table, whose columns moved; so is a cell holding an error value (#N/A of a lookup gone
    wrong: an empty cell to calamine, hunt70 #1), with its formula and the error. Text typed in a
    TCVN3 or VNI font is written in Unicode (`_unlegacy`, the tables' rule; hunt70 #2: the new
    cell has no legacy font). A cell that would land past column XFD is left out, as before."""
    from toolkit.io.sheets import cell_styles

    actual = {template: name for name, template in old.template_sheets.items()}
    out = _Beside()
    formats = _number_formats(old.pkg)
    for spec in OLD.data_sheets:
        rows, raw = kept.get(spec.name, set()), old.raw.get(spec.name, [])
        new = NEW.sheet(spec.name)
        ws, shift, width = wb[new.name], _shift(spec.name), len(spec.fields)
        done = out.copied.setdefault(spec.name, set())
        out.rows[spec.name] = {1, *rows}
        part = old.pkg.sheet_parts.get(actual.get(spec.name, ""), "")
        xml = old.scan(part)
        # Found in the sheet's XML: reading says nothing of a column outside the template
        # (hunt117 F3), whose formulas still cannot be copied.
        no_value = (
            {(r, c) for r, c in xml.formula_no_value if (r in rows or r == 1) and c > width}
            if part
            else set()
        )
        errors = {
            at: _error_code(code)
            for at, code in xml.error_cells.items()
            if (at[0] in rows or at[0] == 1) and at[1] > width and at not in no_value
        }
        for row in sorted(rows):
            cells = raw[row - 1] if row - 1 < len(raw) else []
            for c in range(width + 1, min(len(cells), MAX_COLUMN - shift) + 1):
                value = cells[c - 1]
                if not _filled(value) or (row, c) in no_value or (row, c) in errors:
                    continue
                _put(ws.cell(row=row, column=c + shift), _unlegacy(value, xml.legacy_fonts.get((row, c))))
                done.add((row, c))
        # The header row right of the table, as a row read: the header of a column goes with it,
        # over a column copied or an empty one (whose comments still move: fix51 U #1).
        header = raw[0] if raw else []
        for c in range(width + 1, min(len(header), MAX_COLUMN - shift) + 1):
            value = header[c - 1]
            if _filled(value) and (1, c) not in no_value and (1, c) not in errors:
                _put(ws.cell(row=1, column=c + shift), _unlegacy(value, xml.legacy_fonts.get((1, c))))
                done.add((1, c))
        # Each value as it was shown: a date as `mm/yyyy`, a share as `0.0%` (fix51 U #2).
        for (row, c), style in cell_styles(old.pkg, part, done).items():
            code = formats.get(style)
            if code is not None:
                ws.cell(row=row, column=c + shift).number_format = code
        wanted = {at for at in no_value if at[1] + shift <= MAX_COLUMN}
        wrong = {at for at in errors if at[1] + shift <= MAX_COLUMN}
        texts = cell_formulas(old.pkg, part, wanted | wrong)
        out.formulas[spec.name] = {at: texts.get(at, ("", at))[0] for at in wanted}
        out.errors[spec.name] = {at: (errors[at], texts.get(at, ("", at))[0]) for at in wrong}
        _merges_beside(out, old, spec, actual.get(spec.name, ""), raw)
        out.columns[spec.name] = _columns_beside(old.pkg, part, width, shift)
    return out


def _merges_beside(out: _Beside, old: _OldFile, spec: SheetSpec, name: str, raw: list[list[Any]]) -> None:
    """Sort the merged ranges with a column right of ``spec``'s table (hunt63 #6: dropped in
    silence): one wholly right of it, on rows shifted, holding one value, is merged again where
    its cells moved (`_format_beside`); any other is listed (the table's own: `_merge_again`)."""
    if not name:
        return
    try:
        ranges = old.book.get_sheet_by_name(name).merged_cell_ranges or []
    except Exception:  # read once already by the reader: not expected
        return
    width, shift, rows = len(spec.fields), _shift(spec.name), out.rows.get(spec.name, set())
    for (r0, c0), (r1, c1) in ranges:
        block = (r0 + 1, c0 + 1, r1 + 1, c1 + 1)
        first, lo, last, hi = block
        if hi <= width or (first, lo) == (last, hi):
            continue
        others = [
            _raw(raw, r, c)
            for r in range(first, last + 1)
            for c in range(lo, hi + 1)
            if (r, c) != (first, lo)
        ]
        if (
            lo > width
            and hi + shift <= MAX_COLUMN
            and all(r in rows for r in range(first, last + 1))
            and not any(_filled(v) for v in others)
        ):
            out.merges.setdefault(spec.name, []).append(block)
        else:
            out.merges_listed.append((name, block))


_COL = re.compile(rb"<col\b([^>]*)>")
_COL_OPEN = re.compile(rb"<col\b")


def _columns_beside(
    pkg: Package, part: str, width: int, shift: int
) -> list[tuple[int, int, bool, float | None]]:
    """The columns right of a table of width ``width`` that the old sheet hides or widens
    (`<cols>`), shifted by ``shift`` (hunt63 #6: a hidden column of phone numbers showed in
    the upgraded file): (first, last, hidden, width or None), cut at column XFD."""
    if not part or part not in pkg.names:
        return []
    # Comments blanked: a `<col hidden="1">` or a `<sheetData` in one is none (hunt398).
    xml = blank_markup(plain_elements(read_part(pkg.zf, part, pkg.data)))
    end = xml.find(b"<sheetData")
    out: list[tuple[int, int, bool, float | None]] = []
    for tag in tag_matches(_COL, _COL_OPEN, xml, 0, end if end >= 0 else len(xml)):
        attrs = {k.decode(): v.decode("ascii", "replace") for k, v in _ATTRIBUTE.findall(tag.group(1))}
        first, last = attrs.get("min", ""), attrs.get("max", "")
        if not (first.isdigit() and last.isdigit() and len(first) <= 5 and len(last) <= 5):
            continue
        lo, hi = max(int(first), width + 1), min(int(last), MAX_COLUMN - shift)
        hidden = attrs.get("hidden") in ("1", "true")
        try:
            wide = float(attrs["width"]) if attrs.get("customWidth") in ("1", "true") else None
        except (KeyError, ValueError):
            wide = None
        if lo <= hi and (hidden or (wide is not None and 0 <= wide <= 255)):
            out.append((lo + shift, hi + shift, hidden, wide))
    return out


def _format_beside(wb: Workbook, old: _OldFile, beside: _Beside) -> list[LeftOut]:
    """Hide and widen the columns right of the new tables, and merge again the ranges there, as
    `_copy_beside` found them in the old file; a range one of whose cells (but the first) now
    holds a value, a comment or a link is listed instead (merging would drop it)."""
    actual = {template: name for name, template in old.template_sheets.items()}
    listed: list[LeftOut] = []
    for template, columns in beside.columns.items():
        ws = wb[NEW.sheet(template).name]
        first = len(NEW.sheet(template).fields) + 1
        tail = ws.column_dimensions.get(get_column_letter(first))  # the template's, to XFD
        end = MAX_COLUMN if tail is None or not tail.max else int(tail.max)
        if not columns:
            continue
        pieces = _disjoint([(max(lo, first), min(hi, end), hidden, wide) for lo, hi, hidden, wide in columns])
        gaps, at = [], first
        for lo, hi, _hidden, _wide in pieces:
            if at < lo:
                gaps.append((at, lo - 1, False, None))
            at = hi + 1
        if at <= end:
            gaps.append((at, end, False, None))
        pieces += gaps
        if tail is not None:
            del ws.column_dimensions[tail.index]
        for lo, hi, hidden, wide in pieces:
            dim = copy.copy(tail) if tail is not None else ColumnDimension(ws)
            dim.index, dim.min, dim.max, dim.hidden = get_column_letter(lo), lo, hi, hidden
            if wide is not None:
                dim.width = wide
            ws.column_dimensions[dim.index] = dim
    for template, blocks in beside.merges.items():
        ws, shift = wb[NEW.sheet(template).name], _shift(template)
        for first, lo, last, hi in blocks:
            others = [
                ws.cell(row=r, column=c + shift)
                for r in range(first, last + 1)
                for c in range(lo, hi + 1)
                if (r, c) != (first, lo)
            ]
            if all(c.value is None and c.comment is None and c.hyperlink is None for c in others):
                ws.merge_cells(start_row=first, start_column=lo + shift, end_row=last, end_column=hi + shift)
            else:
                listed.append(_merged_left_out(actual.get(template, template), (first, lo, last, hi)))
    return listed


def _disjoint(
    columns: list[tuple[int, int, bool, float | None]],
) -> list[tuple[int, int, bool, float | None]]:
    """Ranges of columns (first, last, hidden, width) as ranges that do not overlap, in order: a
    column is hidden when a range over it is, and as wide as the narrowest range over it with a
    width says (openpyxl saves a column hidden inside the template's range to XFD)."""
    edges = sorted(
        {lo for lo, hi, _, _ in columns if lo <= hi} | {hi + 1 for lo, hi, _, _ in columns if lo <= hi}
    )
    out: list[tuple[int, int, bool, float | None]] = []
    for lo, nxt in zip(edges, edges[1:], strict=False):
        over = [c for c in columns if c[0] <= lo and nxt - 1 <= c[1]]
        if not over:
            continue
        wides = sorted((c[1] - c[0], c[3]) for c in over if c[3] is not None)
        out.append((lo, nxt - 1, any(c[2] for c in over), wides[0][1] if wides else None))
    return out


def _merged_left_out(sheet: str, block: tuple[int, int, int, int]) -> LeftOut:
    first, lo, last, hi = block
    cells = f"{get_column_letter(lo)}{first}\u2013{get_column_letter(hi)}{last}"
    return LeftOut(sheet, MERGED, cells, (last - first + 1) * (hi - lo + 1))


def _number_formats(pkg: Package) -> dict[int, str]:
    """The number format of each cell style (index of `cellXfs`) that has one other than General:
    the file's own (`numFmts`) or Excel's built-in one of its id; {} when the styles cannot be read
    (the values are copied all the same)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    root = _parse(pkg, "xl/styles.xml", limit=MAX_COMMENTS_PART)
    if root is None:
        return {}
    codes: dict[int, str] = {}
    for el in root.iter(f"{_NS_MAIN}numFmt"):
        ident, code = el.get("numFmtId", ""), el.get("formatCode")
        if ident.isdigit() and code:
            codes[int(ident)] = code
    xfs = root.find(f"{_NS_MAIN}cellXfs")
    out: dict[int, str] = {}
    for index, xf in enumerate([] if xfs is None else xfs.findall(f"{_NS_MAIN}xf")):
        ident = xf.get("numFmtId", "0")
        if not ident.isdigit():
            continue
        code = codes.get(int(ident)) or BUILTIN_FORMATS.get(int(ident))
        if code and code != "General":
            out[index] = code
    return out


# --- what the upgrade does not carry over -----------------------------------------------------------

# The template's hidden `_meta`, written anew in the upgraded file: what it holds is not looked at.
_REWRITTEN = frozenset({layout.SHEET_META})
# The template's sheets of text, written anew too: what they hold beyond the old template's own
# text (`_template_texts`) is the secretary's, listed as any sheet's (hunt123 F1: a note typed on
# `Hướng dẫn`, a comment there, a cell typed in `DanhMuc` were dropped in silence).
_TEXT_SHEETS = frozenset({layout.SHEET_GUIDE, layout.SHEET_LISTS})
# The help of the template's labels and headers: the comments the template itself puts there
# (a pre-filled file's, and a blank template's where it differs).
_TEMPLATE_COMMENTS = frozenset(
    text.strip()
    for lay in (OLD, NEW)
    for spec in (lay.info, *lay.data_sheets)
    for f in spec.fields
    for text in (f.help, f.blank_help)
    if text
)
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_THREADED = "[Threaded comment]"  # how Excel 365 words a modern comment for older readers

Moved = tuple[str, int, int, Comment]  # (sheet, row, column, comment) of the upgraded file
MovedLink = tuple[str, int, int, "_Link"]  # (sheet, row, column) of the upgraded file, the link


@dataclass(frozen=True)
class _Note:
    """A cell comment of the old file."""

    row: int
    col: int
    text: str
    author: str


def _rows_of(frame: pd.DataFrame | None) -> set[int]:
    """The Excel rows of a data sheet that the reader read (and the upgrade copied)."""
    return set() if frame is None else {int(r) for r in frame["_row"]}


def _left_out(
    old: _OldFile, kept: dict[str, set[int]], beside: _Beside, read: dict[str, set[int]]
) -> tuple[list[LeftOut], list[Moved], list[MovedLink]]:
    """What the upgraded file will not hold, sheet by sheet in the old file's order (each sheet's
    cells, comments and links in reading order), and the comments and the links to outside the
    file of the tables' values and of the cells beside them (``beside``, `_copy_beside`),
    placed where those values move to. ``kept``: the rows of the data sheets copied, ``read``:
    those of them the reader read as rows of the list (the others: `_copy_rows_not_read`)."""
    items: list[LeftOut] = []
    moved: list[Moved] = []
    links: list[MovedLink] = []
    for name in old.book.sheet_names:
        template = old.template_sheets.get(name)
        if template in _REWRITTEN:
            continue
        rels = _sheet_rels(old.pkg, old.pkg.sheet_parts.get(name, ""))
        head: list[LeftOut] = []  # about the whole sheet
        found: list[tuple[tuple[int, int], LeftOut]] = []  # about cells, by (row, column)
        if template is None:
            head = _extra_sheet(old.book, name)
        elif template in _TEXT_SHEETS:
            head, cells_found = _text_sheet(old, name, template)
            found += cells_found
        else:
            spec, raw = OLD.sheet(template), old.raw[template]
            cells = _outside_info(raw) if spec is OLD.info else _outside_data(spec, raw, kept[template])
            cells -= beside.copied.get(template, set())
            found += _blocks(name, cells, raw, old.scan(old.pkg.sheet_parts.get(name, "")).legacy_fonts)
            shift = 0 if spec is OLD.info else _shift(template)
            for (row, col), (error, text) in (
                *((at, ("", text)) for at, text in beside.formulas.get(template, {}).items()),
                *beside.errors.get(template, {}).items(),
            ):
                cell, there = f"{get_column_letter(col)}{row}", f"{get_column_letter(col + shift)}{row}"
                item = LeftOut(name, FORMULA, cell, 1, f"={text}" if text else "", there, error=error)
                found.append(((row, col), item))
            found += _formulas_not_copied(old, name, template, kept, beside, read)
            found += [
                ((b[0], b[1]), _merged_left_out(name, b))
                for sheet, b in beside.merges_listed
                if sheet == name
            ]
        notes = _notes(old.pkg, rels)
        if notes is None:
            head.append(LeftOut(name, UNREAD, text="các ghi chú (comment)"))
        for note in notes or []:
            if note.text.strip() in _TEMPLATE_COMMENTS:
                continue
            target = (
                _moved_to(template, note.row, note.col) if template in old.raw else None
            ) or beside.place(template, note.row, note.col)
            if target is not None:
                moved.append((*target, _comment(note)))
                continue
            cell = f"{get_column_letter(note.col)}{note.row}"
            item = LeftOut(name, COMMENT, cell, 1, _comment_words(note.text))
            found.append(((note.row, note.col), item))
        if template is not None:  # an extra sheet is listed whole
            sheet_links = _links(old.pkg, old.pkg.sheet_parts.get(name, ""), old.name)
            if sheet_links is None:
                head.append(LeftOut(name, UNREAD, text="các liên kết (hyperlink)"))
            for link in sheet_links or []:
                row, col = link.row, link.col
                target = (
                    (_moved_to(template, row, col) or beside.place(template, row, col))
                    if link.outside and template in old.raw
                    else None
                )
                if target is not None:
                    links.append((*target, link))
                    continue
                item = LeftOut(name, LINK, f"{get_column_letter(col)}{row}", 1, link.address)
                found.append(((row, col), item))
        if rels is not None and rels.get("drawing"):
            head.append(LeftOut(name, DRAWING))
        if template is None and not found and len(head) == 1 and not head[0].count:
            continue  # an empty extra sheet holds nothing to lose
        items += head
        items += [item for _, item in sorted(found, key=lambda pair: pair[0])]
    return items, moved, links


def _text_sheet(
    old: _OldFile, name: str, template: str
) -> tuple[list[LeftOut], list[tuple[tuple[int, int], LeftOut]]]:
    """What the secretary put on one of the template's sheets of text (`Hướng dẫn`, `DanhMuc`):
    the filled cells that do not hold the old template's own text in their column
    (`_template_texts`), as blocks, and the formulas without a saved value and the error values
    there (`_formulas_not_copied`); an UNREAD item when the sheet's values cannot be read."""
    try:
        rows = old.book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: B036 - includes pyo3's PanicException
        return [LeftOut(name, UNREAD, text="nội dung")], []
    own = _template_texts(OLD.version)[template]
    cells = {
        (r, c)
        for r, values in enumerate(rows, start=1)
        for c, value in enumerate(values, start=1)
        if _filled(value) and (c, _text(value)) not in own
    }
    xml = old.scan(old.pkg.sheet_parts.get(name, ""))
    found = _blocks(name, cells, rows, xml.legacy_fonts)
    found += _formulas_not_copied(old, name, template, {}, _Beside(), {})
    return [], found


@functools.cache
def _template_texts(version: str) -> dict[str, frozenset[tuple[int, str]]]:
    """The template of ``version``'s own text on its sheets of text (`_TEXT_SHEETS`): each filled
    cell's (column, text), whatever its row. An old file's cell holding one of them in its column
    is the template's: an edition of one version's guide may insert lines (a text-only change
    keeps the version: hunt65 #2), moving the others down, and the lists of `DanhMuc` keep their
    column. Every edition of the 2026.1 template (`xlsx_templates/mau_chi_bo.xlsx` as first
    shipped, and as last written before 2026.2) holds only texts of this one."""
    wb = build_template(version=version)
    return {
        sheet: frozenset(
            (cell.column, _text(cell.value))
            for row in wb[sheet].iter_rows()
            for cell in row
            if _filled(cell.value)
        )
        for sheet in _TEXT_SHEETS
    }


def _formulas_not_copied(
    old: _OldFile,
    name: str,
    template: str,
    kept: dict[str, set[int]],
    beside: _Beside,
    read: dict[str, set[int]],
) -> list[tuple[tuple[int, int], LeftOut]]:
    """The formulas without a saved value, and the cells holding an error value (#N/A of a
    lookup gone wrong, its formula's or typed), of a template sheet that neither the tables
    (`_as_typed`: copied, or a cell to complete) nor `_copy_beside` (listed) took: one in a row
    not read (`Submission.rows_not_read`, a row copied as the reader sees it, or not copied at
    all), outside `Thông tin`'s items, past column XFD… An empty cell to calamine, it was dropped
    in silence (fix51 U #3, hunt70 #1 #3). Listed, with its cell of the new file where its row
    was copied, and the error."""
    part = old.pkg.sheet_parts.get(name, "")
    xml = old.scan(part)
    errors = {at: _error_code(code) for at, code in xml.error_cells.items()}
    taken = {*beside.formulas.get(template, {}), *beside.errors.get(template, {})}
    found = {*xml.formula_no_value, *errors}
    wanted = {at for at in found if at not in taken and not _in_table(template, *at, read)}
    if not wanted:
        return []
    texts = cell_formulas(old.pkg, part, wanted)
    spec, out = (OLD.sheet(template) if template in old.raw else None), []
    no_value = set(xml.formula_no_value)
    for row, col in sorted(wanted):
        in_row = (
            spec is not None
            and spec is not OLD.info
            and row >= layout.FIRST_DATA_ROW
            and col <= len(spec.fields)
        )
        place = _moved_to(template, row, col) if in_row and row in kept.get(template, ()) else None
        there = f"{get_column_letter(place[2])}{place[1]}" if place is not None else ""
        text = texts.get((row, col), ("", (row, col)))[0]
        kind = ROW_FORMULA if in_row else FORMULA
        cell = f"{get_column_letter(col)}{row}"
        error = "" if (row, col) in no_value else errors[(row, col)]
        item = LeftOut(name, kind, cell, 1, f"={text}" if text else "", there, error=error)
        out.append(((row, col), item))
    return out


def _filled(value: Any) -> bool:
    return value != "" and not is_blank(value)


def _outside_info(rows: list[list[Any]]) -> set[tuple[int, int]]:
    """Filled cells of `Thông tin` besides its labels and values (columns A–B of its fields)."""
    n = len(OLD.info.fields)
    return {
        (r, c)
        for r, cells in enumerate(rows, start=1)
        for c, value in enumerate(cells, start=1)
        if not (r <= n and c <= 2) and _filled(value)
    }


def _outside_data(spec: SheetSpec, rows: list[list[Any]], kept: set[int]) -> set[tuple[int, int]]:
    """Filled cells of a data sheet that the upgrade does not copy: right of its columns, and
    in the rows the reader did not take (whose only content is the STT column: a note typed
    there; a pre-numbered STT is no content)."""
    width = len(spec.fields)
    stt = spec.keys.index("row_no") if spec.has("row_no") else -1
    out: set[tuple[int, int]] = set()
    for r, cells in enumerate(rows, start=1):
        whole_row = r >= layout.FIRST_DATA_ROW and r not in kept
        for c in range(0 if whole_row else width, len(cells)):
            value = cells[c]
            if _filled(value) and not (c == stt and _numbered(value)):
                out.add((r, c + 1))
    return out


def _numbered(value: Any) -> bool:
    """A row number typed ahead of the data."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit())


def _blocks(
    sheet: str,
    cells: set[tuple[int, int]],
    rows: list[list[Any]],
    fonts: dict[tuple[int, int], str] | None = None,
) -> list[tuple[tuple[int, int], LeftOut]]:
    """Filled cells as rectangular blocks, each with its first cell's (row, column): runs of
    rows in one column, joined with the same runs of the next columns ("F2–G10"). A single
    cell's text is kept, and a block's first cells' (`LeftOut.words`), to quote in the upgraded
    file's list: in Unicode when typed in a TCVN3 or VNI font (``fonts``, the cells' legacy
    fonts; `_unlegacy`, hunt70 #2)."""
    by_column: dict[int, list[int]] = defaultdict(list)
    for r, c in cells:
        by_column[c].append(r)
    open_runs: dict[tuple[int, int], list[int]] = {}  # (first row, last row) → [first col, last col]
    blocks: list[tuple[int, int, int, int]] = []  # (first row, first col, last row, last col)
    for c in sorted(by_column):
        for run in _runs(by_column[c]):
            cols = open_runs.get(run)
            if cols is not None and cols[1] == c - 1:
                cols[1] = c
                continue
            if cols is not None:
                blocks.append((run[0], cols[0], run[1], cols[1]))
            open_runs[run] = [c, c]
    blocks += [(run[0], cols[0], run[1], cols[1]) for run, cols in open_runs.items()]
    out = []
    for r0, c0, r1, c1 in blocks:
        first = f"{get_column_letter(c0)}{r0}"
        count = (r1 - r0 + 1) * (c1 - c0 + 1)
        cell = first if count == 1 else f"{first}\u2013{get_column_letter(c1)}{r1}"
        quoted = itertools.islice(
            ((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)), _BLOCK_CELLS
        )
        words = tuple(
            (f"{get_column_letter(c)}{r}", _text(_unlegacy(rows[r - 1][c - 1], (fonts or {}).get((r, c)))))
            for r, c in quoted
        )
        text = words[0][1] if count == 1 else ""
        out.append(((r0, c0), LeftOut(sheet, CELLS, cell, count, text, words=words if count > 1 else ())))
    return out


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted runs of consecutive rows: [2, 3, 4, 7] → [(2, 4), (7, 7)]."""
    runs: list[tuple[int, int]] = []
    for r in sorted(rows):
        if runs and r == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


def _text(value: Any) -> str:
    return unicodedata.normalize("NFC", cell_text(value) or "")


def _extra_sheet(book: Book, name: str) -> list[LeftOut]:
    """A sheet that is not the template's: its filled cells counted, in one pass, and whether it
    is hidden (not on the tabs: how to find it is said with it, as the reader says it)."""
    state = book.pkg.sheet_state.get(name, "visible")
    hidden = state if state in EXTRA_SHEET_HIDDEN else ""
    try:
        count = sum(1 for row in book.get_sheet_by_name(name).iter_rows() for v in row if _filled(v))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: B036 - includes pyo3's PanicException
        return [LeftOut(name, SHEET, hidden=hidden), LeftOut(name, UNREAD, text="nội dung")]
    return [LeftOut(name, SHEET, count=count, hidden=hidden)]


def _moved_to(template: str, row: int, col: int) -> tuple[str, int, int] | None:
    """Where a comment or a link on a value of a table goes in the upgraded file (None
    elsewhere: on a label, a header, or outside the tables)."""
    spec = OLD.sheet(template)
    if spec is OLD.info:
        if col != 2 or not 1 <= row <= len(spec.fields):
            return None
        return template, NEW.info.row_of(spec.fields[row - 1].key), 2
    if row < layout.FIRST_DATA_ROW or not 1 <= col <= len(spec.fields):
        return None
    key, new = spec.fields[col - 1].key, NEW.sheet(template)
    return (template, row, new.keys.index(key) + 1) if new.has(key) else None


def _struck_cells(old: _OldFile, kept: dict[str, set[int]], beside: _Beside) -> list[tuple[str, int, int]]:
    """The cells of the tables' rows copied, and those copied beside them, whose text is
    struck through in the old file (`cell.strikethrough`), where they go in the upgraded file:
    a row crossed out stays so, and is said again when the new file is checked; a value
    crossed out beside it stays crossed out (hunt59 #2)."""

    if not (old.pkg.struck_xf or old.pkg.struck_shared):
        return []
    found: list[tuple[str, int, int]] = []
    for name, template in old.template_sheets.items():
        if template not in kept:
            continue
        rows = old.raw[template]
        xml = old.scan(old.pkg.sheet_parts.get(name, ""))
        for row, col in sorted(xml.struck):
            next_to = beside.moved_to(template, row, col)
            if next_to is not None:
                found.append(next_to)
            elif row in kept[template] and _raw(rows, row, col) is not None:
                place = _moved_to(template, row, col)
                if place is not None:
                    found.append(place)
    return found


def _carry_part_strikes(
    wb: Workbook,
    old: _OldFile,
    kept: dict[str, set[int]],
    beside: _Beside,
    whole: set[tuple[str, int, int]],
) -> tuple[int, list[LeftOut]]:
    """Strike through in the upgraded file the words struck in the old one, in the cells of the
    tables' rows copied and those copied beside them (`_struck_cells`' cells), as rich text
    (fix383: written as plain text, a word crossed out in a name read as part of it, with
    nothing to show it had been). A cell is so written when its value is the text of its runs;
    else (the reader's value, cleaned, written instead) it is listed (`STRUCK_PART`), the
    words struck quoted in the file. How many were carried, and those listed."""
    from toolkit.io.sheets import cell_shared_strings

    strings = old.pkg.part_struck  # the reader's (`package._part_struck`)
    if not strings:
        return 0, []
    carried, listed = 0, []
    for name, template in old.template_sheets.items():
        if template not in kept:
            continue
        part = old.pkg.sheet_parts.get(name, "")
        for (row, col), index in sorted(cell_shared_strings(old.pkg, part, strings.keys()).items()):
            place = beside.moved_to(template, row, col) or (
                _moved_to(template, row, col) if row in kept[template] else None
            )
            if place is None or place in whole:
                continue
            sheet, r, c = place
            cell = wb[sheet].cell(row=r, column=c)
            if cell.value is None:
                continue
            runs = strings[index]
            text = "".join(words for words, _ in runs)
            if isinstance(cell.value, str) and cell.value == text and ooxml_text(text) == text:
                cell.value = _rich_text(runs, cell.font)
                carried += 1
                continue
            words = " \u2026 ".join(" ".join(w.split()) for w, hit in runs if hit and w.strip())
            cells = f"{get_column_letter(col)}{row}"
            listed.append(LeftOut(name, STRUCK_PART, cells, 1, words, f"{get_column_letter(c)}{r}"))
    return carried, listed


def _rich_text(runs: tuple[tuple[str, bool], ...], font: Font) -> Any:
    """A cell's text as runs in its own font, those struck in the old file struck."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    def inline(struck: bool) -> InlineFont:
        return InlineFont(rFont=font.name, sz=font.sz, b=font.b, i=font.i, color=font.color, strike=struck)

    return CellRichText([TextBlock(inline(struck), words) for words, struck in runs if words])


def _comment(note: _Note) -> Comment:
    text = ILLEGAL_CHARACTERS_RE.sub("", note.text)[:MAX_COMMENT_CHARS]
    return Comment(text, ILLEGAL_CHARACTERS_RE.sub("", note.author) or "ward-stats", width=240, height=80)


def _comment_words(text: str) -> str:
    """A comment's own words: Excel 365 wraps a modern comment in an explanation for older
    programs, the words after its `Comment:` line."""
    if text.startswith(_THREADED) and "\nComment:" in text:
        text = text.split("\nComment:", 1)[1]
    return unicodedata.normalize("NFC", text)


def _sheet_rels(pkg: Package, part: str) -> dict[str, list[str]] | None:
    """The parts a sheet part refers to, by the last word of the relationship's type
    (`comments`, `drawing`…); None when its relationships cannot be read."""
    if not part:
        return {}
    rels_part = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    root = _parse(pkg, rels_part)
    if root is None:
        return None if pkg.part(rels_part) is not None else {}
    out: dict[str, list[str]] = defaultdict(list)
    for rel in root.iter(f"{_NS_PKG_REL}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        path = (
            target.lstrip("/") if target.startswith("/") else posixpath.join(posixpath.dirname(part), target)
        )
        kind, path = rel.get("Type", "").rsplit("/", 1)[-1], posixpath.normpath(path)
        if path not in out[kind]:  # a relationship repeated is one part, read once
            out[kind].append(path)
    return out


def _notes(pkg: Package, rels: dict[str, list[str]] | None) -> list[_Note] | None:
    """The cell comments of a sheet (None when they cannot be read)."""
    if rels is None:
        return None
    notes: list[_Note] = []
    # A sheet has one comments part; more are a hand-made file's, and their comments would be
    # listed (or read) again and again.
    for part in rels.get("comments", [])[:1]:
        root = _parse(pkg, part, limit=MAX_COMMENTS_PART)
        if root is None or root.tag != f"{_NS_MAIN}comments":
            return None
        authors = [a.text or "" for a in root.iter(f"{_NS_MAIN}author")]
        for el in root.iter(f"{_NS_MAIN}comment"):
            at = _cell_position(el.get("ref", ""))
            words = el.find(f"{_NS_MAIN}text")
            if at is None or words is None:
                continue
            # The text's own runs, not its phonetic guide (`rPh`).
            pieces = [
                words.find(f"{_NS_MAIN}t"),
                *(r.find(f"{_NS_MAIN}t") for r in words.iter(f"{_NS_MAIN}r")),
            ]
            text = "".join(t.text or "" for t in pieces if t is not None)
            if not text.strip():
                continue
            author_id = el.get("authorId", "")
            author = authors[int(author_id)] if author_id.isdigit() and int(author_id) < len(authors) else ""
            notes.append(_Note(*at, text, author))
    threaded = _threaded_notes(pkg, rels, {(n.row, n.col) for n in notes})
    return None if threaded is None else notes + threaded


_NS_THREADED = "{http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments}"


def _threaded_notes(
    pkg: Package, rels: dict[str, list[str]], legacy: set[tuple[int, int]]
) -> list[_Note] | None:
    """The modern (threaded) comments of a sheet on cells without a legacy comment: Excel
    writes a legacy copy of each ("[Threaded comment] …"), another program may not. A thread
    is one note, its replies on lines of their own. None when they cannot be read."""
    threads: dict[tuple[int, int], list[str]] = {}
    for part in rels.get("threadedComment", [])[:1]:
        root = _parse(pkg, part, limit=MAX_COMMENTS_PART)
        if root is None or root.tag != f"{_NS_THREADED}ThreadedComments":
            return None
        for el in root.iter(f"{_NS_THREADED}threadedComment"):
            at = _cell_position(el.get("ref", ""))
            words = el.find(f"{_NS_THREADED}text")
            text = (words.text or "") if words is not None else ""
            if at is not None and at not in legacy and text.strip():
                threads.setdefault(at, []).append(text)
    return [_Note(row, col, "\n".join(texts), "") for (row, col), texts in threads.items()]


_HYPERLINK = re.compile(rb"<hyperlink\b([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w:.\-]+)="([^"]*)"')
_LINK_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


@dataclass(frozen=True)
class _Link:
    """A link (hyperlink) of a cell of the old file: an address (the relationship's target, ""
    for none) and a place (``location``: a sheet's cell, in that address or, without one, in
    this file), with the tip and the words Excel shows for it."""

    row: int
    col: int
    target: str
    location: str = ""
    tooltip: str = ""
    display: str = ""
    outside: bool = True  # whether it leads outside this file (else to a place in it: listed)

    @property
    def address(self) -> str:
        """As Excel shows it: `QuyetDinh.xlsx#'Quyết định'!A12`, `#'Biến động'!A2` for a place
        in this file."""
        return f"{self.target}#{self.location}" if self.location else self.target

    def hyperlink(self) -> Hyperlink:
        """The same link for a cell of the upgraded file: address, place, tip and words (hunt63
        #3: only the address was kept, a link to another workbook's cell lost its cell)."""
        return Hyperlink(
            ref="",
            target=self.target or None,
            location=self.location or None,
            tooltip=self.tooltip or None,
            display=self.display or None,
        )


def _is_this_file(target: str, name: str) -> bool:
    """Whether a link's address names the file itself: LibreOffice saves a link to a place in
    the file (`#'Đảng viên'!B5`) as a path to the file plus that place (`../nop/x.xlsx`)."""
    last = unquote(target.replace("\\", "/")).rstrip("/").rsplit("/", 1)[-1]
    return bool(name) and last.casefold() == name.casefold()


def _links(pkg: Package, part: str, name: str = "") -> list[_Link] | None:
    """The links (hyperlinks) of a sheet's cells, in the order of the part; one to a place in
    the file (a `location` without an address, or with the address of the file itself, named
    ``name``, as LibreOffice writes it) is not ``outside``. None when they cannot be read."""
    if not part or part not in pkg.names:
        return []
    # Comments blanked: a `<hyperlink …>` or a `</sheetData>` in one is none (hunt398).
    xml = blank_markup(plain_elements(read_part(pkg.zf, part, pkg.data)))
    start = xml.rfind(b"</sheetData>")
    if b"<hyperlink" not in xml[max(start, 0) :]:
        return []
    rels_part = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    root = _parse(pkg, rels_part)
    if root is None and pkg.part(rels_part) is not None:
        return None
    targets = {
        rel.get("Id", ""): rel.get("Target", "")
        for rel in ([] if root is None else root.iter(f"{_NS_PKG_REL}Relationship"))
        if rel.get("Type") == _LINK_TYPE
    }
    out: list[_Link] = []
    for tag in _HYPERLINK.finditer(xml, max(start, 0)):
        attrs = {
            k.split(b":")[-1].decode(): html.unescape(v.decode("utf-8", "replace"))
            for k, v in _ATTRIBUTE.findall(tag.group(1))
        }
        at = _cell_position(attrs.get("ref", ""))
        target, location = targets.get(attrs.get("id", ""), ""), attrs.get("location", "")
        if target.startswith("#"):  # `#Sheet!A1` as an address: a place in this file (openpyxl's way)
            target, location = "", location or target[1:]
        outside = bool(target) and not (location and _is_this_file(target, name))
        if at is not None and (target or location):
            tip, words = attrs.get("tooltip", ""), attrs.get("display", "")
            out.append(_Link(*at, target, location, tooltip=tip, display=words, outside=outside))
    return out


MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # Excel's grid: XFD1048576


def _cell_position(ref: str) -> tuple[int, int] | None:
    """`D3` → (3, 4); the first cell of a range; None for anything else, a cell outside
    Excel's grid included (a hand-edited part may say `ZZZZ1` or a row of 5,000 digits)."""
    head = ref.split(":", 1)[0].replace("$", "").upper()
    letters = head.rstrip("0123456789")
    digits = head[len(letters) :]
    if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha()):
        return None
    if not (0 < len(digits) <= 7 and digits.isascii() and digits.isdigit()):
        return None
    row, col = int(digits), column_index(letters.encode())
    return (row, col) if 1 <= row <= MAX_ROW and 1 <= col <= MAX_COLUMN else None


# Larger comments or relationships parts are not read (listed as not checked): Excel keeps a
# comment under 32,767 characters, so a real sheet's comments take a few hundred kilobytes.
MAX_COMMENTS_PART = 8 * 1024 * 1024
MAX_RELS_PART = 1024 * 1024
MAX_COMMENT_CHARS = 32_767  # of a comment moved to the upgraded file (Excel's limit of a cell)


def _parse(pkg: Package, part: str, *, limit: int = MAX_RELS_PART) -> Any:
    """A part's XML through defusedxml (found whatever the letter case of its name:
    `Package.part`), None when it is missing, larger than ``limit`` bytes unpacked, or cannot be
    read."""
    from defusedxml import ElementTree as SafeET

    entry = pkg.part(part)
    if entry is None or pkg.zf.getinfo(entry).file_size > limit:
        return None
    try:
        return SafeET.fromstring(read_part(pkg.zf, entry, pkg.data), forbid_dtd=True)
    except Exception:  # a part we cannot read is said, not a reason to refuse the upgrade
        return None


# --- the sheet `Cần bổ sung` ------------------------------------------------------------------------


def _write_to_complete(wb: Workbook, todo: list[ToComplete], left_out: list[LeftOut], source: str) -> None:
    """The cells to complete, one a row, as the first sheet (the one the file opens on), then
    what was not carried over on a sheet of its own, after it (`layout.SHEET_LEFT_OUT`)."""
    ws = wb.create_sheet(layout.SHEET_TO_COMPLETE, 0)
    ws["A1"] = f"CÁC Ô CẦN BỔ SUNG SAU KHI NÂNG CẤP LÊN BIỂU MẪU {layout.TEMPLATE_VERSION}"
    ws["A1"].font = Font(name="Times New Roman", bold=True, size=13)
    see = " " + LEFT_OUT_SEE.format(sheet=layout.SHEET_LEFT_OUT) if left_out else ""
    ws["A2"] = (
        f"Tệp đã được chép sang biểu mẫu mới ({vnformat.number(len(todo))} ô cần điền hoặc chọn lại). "
        f"Điền xong các ô dưới đây thì gửi lại tệp; có thể để nguyên sheet này.{see}"
    )
    ws["A3"] = CHECK_NEW_COLUMNS
    for r, height in ((2, 48), (3, 96)):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(TO_COMPLETE_HEADERS))
        ws.cell(row=r, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = height
    body = Font(name="Times New Roman", size=12)
    for r in (2, 3):
        ws.cell(row=r, column=1).font = body
    for col, header in enumerate(TO_COMPLETE_HEADERS, start=1):
        ws.cell(row=5, column=col, value=header).font = Font(name="Times New Roman", size=12, bold=True)
    for r, item in enumerate(todo, start=6):
        for col, value in enumerate((item.sheet, item.cell, item.column, item.name, item.action), start=1):
            cell = ws.cell(row=r, column=col, value=ooxml_text(value))
            cell.data_type = "s"
            cell.font = body
            cell.alignment = Alignment(wrap_text=col in (3, 5), vertical="top")
        # Explicit heights: spreadsheet programs do not all grow a wrapped row on opening.
        lines = max(-(-len(item.action) // _ACTION_CHARS_A_LINE), _lines(item.column, _WIDTHS[2]))
        ws.row_dimensions[r].height = 16 * max(1, lines)
    # Print titles and the frozen pane are a whole sheet's: what was not carried over has a
    # sheet of its own, lest the list's header (“Họ và tên” …) stand over it on a printed page
    # or on the screen (fix311, fix318). Each repeats and freezes its own header.
    sheets = [(ws, 5)]
    if left_out:
        other = wb.create_sheet(layout.SHEET_LEFT_OUT, 1)
        _write_left_out(other, 1, left_out, source)
        sheets.append((other, 3))
    for sheet, header_row in sheets:
        for letter, width in zip("ABCDE", _WIDTHS, strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = f"A{header_row + 1}"
        print_landscape(sheet, title_rows=f"{header_row}:{header_row}")
    wb.active = 0


def _write_left_out(ws: Any, first: int, left_out: list[LeftOut], source: str) -> None:
    """The section of what was not carried over, from row ``first``: its title, what to do, and
    one row per thing (Sheet · Ô · Loại · Nội dung, the last over columns D–E)."""
    body = Font(name="Times New Roman", size=12)
    bold = Font(name="Times New Roman", size=12, bold=True)
    ws.cell(row=first, column=1, value=LEFT_OUT_TITLE).font = Font(name="Times New Roman", bold=True, size=13)
    how = ws.cell(row=first + 1, column=1, value=ooxml_text(LEFT_OUT_HOW.format(name=source)))
    how.font = body
    how.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=first + 1, start_column=1, end_row=first + 1, end_column=5)
    ws.row_dimensions[first + 1].height = 16 * _lines(how.value, sum(_WIDTHS))
    head = first + 2
    for col, header in enumerate(LEFT_OUT_HEADERS, start=1):
        ws.cell(row=head, column=col, value=header).font = bold
    ws.merge_cells(start_row=head, start_column=4, end_row=head, end_column=5)
    shown = left_out[:MAX_LISTED_LEFT_OUT]
    for r, item in enumerate(shown, start=head + 1):
        values = (item.sheet or "Cả tệp", item.cells, item.label, item.description())
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=ooxml_text(value))
            cell.data_type = "s"
            cell.font = body
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=r, start_column=4, end_row=r, end_column=5)
        lines = max(
            _lines(v, w) for v, w in zip(values, (*_WIDTHS[:3], _WIDTHS[3] + _WIDTHS[4]), strict=True)
        )
        ws.row_dimensions[r].height = min(16 * lines, _MAX_ROW_HEIGHT)
    if len(left_out) > len(shown):
        more = ws.cell(row=head + len(shown) + 1, column=1)
        more.value = (
            f"\u2026 và {vnformat.number(len(left_out) - len(shown))} mục khác: hãy mở tệp cũ để xem."
        )
        more.font = body


def _lines(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column ``width`` wide (12-point Times, as `Cần làm`),
    each of its own lines (a block's cells quoted) wrapped apart."""
    per_line = max(1, int(width * _ACTION_CHARS_A_LINE / _WIDTHS[4]))
    return sum(max(1, -(-len(line) // per_line)) for line in text.split("\n"))
