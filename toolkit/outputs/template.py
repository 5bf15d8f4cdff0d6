"""Builds the branch template (the workbook each organisation fills in) from `layout` and `vocab`,
blank or pre-filled.

The committed `xlsx_templates/mau_chi_bo.xlsx` is this module's output; a test regenerates
it and compares what matters. `write_submission` fills the same template with rows, which is
how the sample ward and the tests make realistic submissions.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import ColumnDimension
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.core import layout
from toolkit.core.errors import OutputError, file_in_the_way
from toolkit.core.layout import Field, SheetSpec, TemplateLayout
from toolkit.core.model import Organisation, Registry
from toolkit.core.text import clean_code, code_slug
from toolkit.core.vocab import Vocabulary
from toolkit.io.atomic import atomic_write_bytes, make_folders

DATE_FORMAT = "dd/mm/yyyy"


class ErrorValue(str):
    """An error value (`#N/A`, `#DIV/0!`…) written as an error cell, as a file held it (an
    upgraded file keeps what the reader could not read, so that it is reported again)."""


class Formula(str):
    """A formula's text (without its `=`) written as a formula with no value yet, as a file held
    it (`ErrorValue`'s reason)."""


def _excel_serial(day: dt.date) -> int:
    """Excel's serial number of a date in the 1900 date system (1 = 01/01/1900). Excel counts
    a 29/02/1900 that never was, so serials from 01/03/1900 on are one day further."""
    epoch = dt.date(1899, 12, 30) if day >= dt.date(1900, 3, 1) else dt.date(1899, 12, 31)
    return (day - epoch).days


_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_HEADER_FONT = Font(name="Times New Roman", bold=True, color="FFFFFF", size=11)
_LABEL_FILL = PatternFill("solid", fgColor="DDEBF7")
_BODY_FONT = Font(name="Times New Roman", size=12)
_THIN = Side(style="thin", color="8EA9C1")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_LOCKED = Protection(locked=True)
_UNLOCKED = Protection(locked=False)
_LAST_COLUMN = 16384  # XFD, the last column of a sheet
# Excel's width of a column left at the default (8.43 characters of Calibri 11 and the padding,
# 64 pixels), as Excel itself writes it for a column given a style only.
_DEFAULT_COLUMN_WIDTH = 9.140625

_GUIDE_TAIL: tuple[str, ...] = (
    "4. Sheet “Số liệu năm”: mỗi năm trong kỳ một dòng: số học lớp nhận thức về Đảng, lớp bồi dưỡng "
    "đảng viên mới và kết quả xếp loại chất lượng đảng viên. Ô để trống được tính là 0.",
    "",
    "CÁCH GHI",
    f"• Ngày ghi dạng ngày/tháng/năm, ví dụ {layout.DATE_EXAMPLE} (ngày trước, tháng sau).",
    "• Các cột có mũi tên: bấm vào ô và chọn trong danh sách, không gõ tự do.",
    "• Ngày chính thức để trống nếu đảng viên còn dự bị. Số thẻ chỉ ghi cho đảng viên chính thức.",
    "• Có thể chèn thêm dòng. Không đổi tên sheet, không sửa, xóa hay đổi thứ tự dòng tiêu đề.",
    "• Bảng bắt đầu ở ô A1: không chèn tên bảng, dòng hay cột phía trên hoặc bên trái, không chèn cột "
    "vào giữa; không chia nhóm bằng dòng tiêu đề (dự bị, chính thức… đã có cột riêng).",
    "• Bỏ một dòng thì xóa hẳn dòng đó (bấm chuột phải vào số thứ tự dòng, chọn Xóa/Delete): dòng bị "
    "gạch ngang, tô màu hay ẩn đi vẫn được tính.",
    "• Không cần dòng tổng cộng hay phần ký tên dưới bảng (công cụ tự cộng); các dòng ấy không được tính.",
    "• Họ và tên gõ tiếng Việt có dấu bằng bảng mã Unicode.",
    "",
    "GỬI TỆP",
    "• Lưu tệp dạng .xlsx (không đặt mật khẩu) và gửi về Văn phòng Đảng ủy phường "
    "trước hạn được thông báo. Giữ nguyên tên tệp đã được cấp.",
    "• Tệp sẽ được kiểm tra tự động; nếu có lỗi, Văn phòng sẽ gửi lại danh sách ô cần sửa.",
)

# The fields of `Thông tin` a pre-filled file holds, as step 1 of the guide names them: (key, to
# check it when filled, to fill it in when empty, chosen from a list).
_INFO_HEAD_WORDS: tuple[tuple[str, str, str, bool], ...] = (
    ("org_code", "mã tổ chức", "mã tổ chức do Đảng ủy phường cấp", False),
    ("org_name", "tên tổ chức", "tên tổ chức đảng", False),
    ("org_tier", "Cấp tổ chức", "Cấp tổ chức", True),
    ("sector", "Khối", "Khối", True),
)
_INFO_STEP_REST = (
    "; chọn Có ở “Không còn quần chúng để kết nạp” nếu tổ chức không còn quần chúng để bồi dưỡng, "
    "kết nạp vào Đảng; ghi Bí thư, Điện thoại, Ngày chốt số liệu và Số liệu từ ngày theo hướng dẫn "
    "của Đảng ủy phường."
)


def _given(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _listed(words: list[str]) -> str:
    """`a`, `a và b`, `a, b và c`."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} và {words[-1]}"


def info_step(values: Mapping[str, Any]) -> str:
    """Step 1 of the guide, true of the file it is in: the code, name, tier and sector the file
    holds are to be checked, those it leaves empty to be typed or chosen. The blank template
    said the code and name were pre-filled, and a pre-filled file asked to choose the tier and
    sector it held (hunt294 #6)."""
    checked: list[str] = []
    typed: list[str] = []
    chosen: list[str] = []
    for key, check, fill, from_list in _INFO_HEAD_WORDS:
        if _given(values.get(key)):
            checked.append(check)
        else:
            (chosen if from_list else typed).append(fill)
    if checked[:2] == ["mã tổ chức", "tên tổ chức"]:
        checked[0] = "mã"  # "mã và tên tổ chức", "mã, tên tổ chức, …"
    parts = [f"kiểm tra {_listed(checked)} (đã điền sẵn)"] if checked else []
    parts += [f"ghi {_listed(typed)}"] if typed else []
    parts += [f"chọn {_listed(chosen)}"] if chosen else []
    return f"1. Sheet “Thông tin”: {', '.join(parts)}{_INFO_STEP_REST}"


def _guide_2026_2(values: Mapping[str, Any]) -> tuple[str, ...]:
    return (
        "HƯỚNG DẪN ĐIỀN BIỂU MẪU THỐNG KÊ ĐẢNG VIÊN",
        "",
        info_step(values),
        *_GUIDE_BODY,
    )


_GUIDE_BODY: tuple[str, ...] = (
    "2. Sheet “Đảng viên”: mỗi dòng một đảng viên đang trong danh sách của chi bộ tại ngày chốt số liệu "
    "(kể cả đảng viên được miễn, tạm miễn công tác, sinh hoạt). Không ghi đảng viên đã chuyển đi, từ trần, "
    "xóa tên.",
    "• Dân tộc và Tôn giáo là bắt buộc: chọn trong danh sách (người không theo tôn giáo nào chọn “Không”).",
    "• Nghề nghiệp: chọn một trong 15 mục của biểu thống kê. Cán bộ, công chức, người hoạt động không "
    "chuyên trách của phường chọn mục “… ở xã, phường”; người hoạt động không chuyên trách ở tổ dân phố "
    "chọn mục “… ở thôn, tổ dân phố”; người đã nghỉ hưu chọn “Đã nghỉ hưu, nghỉ công tác”.",
    "• Đoàn viên Đoàn TNCS Hồ Chí Minh, Chủ doanh nghiệp tư nhân, Có quan hệ hôn nhân với người nước "
    "ngoài: chọn Có khi đúng, để trống là Không (riêng tệp nâng cấp từ mẫu cũ: còn trống ở mọi dòng là "
    "chưa điền bổ sung, xem sheet “Cần bổ sung”). Học hàm: chỉ chọn khi được phong Phó Giáo sư, Giáo sư.",
    "• Miễn công tác, sinh hoạt: ghi ngày bắt đầu và lý do. Lý do “Tuổi cao, sức khỏe yếu” là miễn công "
    "tác và sinh hoạt đảng; các lý do khác là tạm miễn.",
    "3. Sheet “Biến động”: mỗi dòng một biến động trong kỳ (kết nạp, chuyển đến, chuyển đi, từ trần, "
    "xóa tên, khai trừ…). Đảng viên kết nạp trong kỳ ghi ở cả hai sheet. Xóa tên phải chọn lý do.",
    "• Chuyển đến, Chuyển đi phải chọn Phạm vi chuyển. Chuyển giữa hai tổ chức đảng của phường: chọn "
    "“Trong Đảng bộ phường”; tổ chức nơi đi ghi Chuyển đi, tổ chức nơi đến ghi Chuyển đến.",
    "• Người bị xóa tên, khai trừ, xin ra khỏi Đảng hoặc từ trần khi còn là đảng viên dự bị: chọn Có ở "
    "cột “Là đảng viên dự bị”.",
    "• Khi bắt đầu kỳ mới, giữ lại dòng “Kết nạp lại” của đảng viên được kết nạp lại (dù ngày trước kỳ, "
    "kể cả khi đã được công nhận chính thức): dòng này chỉ để tính thời hạn dự bị và tuổi đảng, không "
    "tính vào số liệu kỳ mới.",
    *_GUIDE_TAIL,
)
# The blank template's guide.
GUIDE_LINES: tuple[str, ...] = _guide_2026_2({})

# The guide of template 2026.1, for writing files of that version (tests, the upgrade's tests).
GUIDE_LINES_2026_1: tuple[str, ...] = (
    "HƯỚNG DẪN ĐIỀN BIỂU MẪU THỐNG KÊ ĐẢNG VIÊN",
    "",
    "1. Sheet “Thông tin”: kiểm tra mã và tên tổ chức (đã điền sẵn), chọn Cấp tổ chức và Khối, "
    "ghi Bí thư, điện thoại, Ngày chốt số liệu và Số liệu từ ngày theo hướng dẫn của Đảng ủy phường.",
    "2. Sheet “Đảng viên”: mỗi dòng một đảng viên đang trong danh sách của chi bộ tại ngày chốt số liệu "
    "(kể cả đảng viên được miễn công tác, sinh hoạt). Không ghi đảng viên đã chuyển đi, từ trần, xóa tên.",
    "3. Sheet “Biến động”: mỗi dòng một biến động trong kỳ (kết nạp, chuyển đến, chuyển đi, từ trần, "
    "xóa tên, khai trừ…). Đảng viên kết nạp trong kỳ ghi ở cả hai sheet. Xóa tên phải chọn lý do.",
    *_GUIDE_TAIL,
)


def guide_lines(version: str, values: Mapping[str, Any]) -> tuple[str, ...]:
    """The `Hướng dẫn` of a file of ``version`` whose `Thông tin` holds ``values``. The 2026.1
    guide stays as its files had it, blank or pre-filled alike: an upgrade knows their guide's
    lines as the template's own (`upgrade._template_texts`)."""
    return GUIDE_LINES_2026_1 if version == layout.VERSION_2026_1 else _guide_2026_2(values)


# An input message's title holds at most 32 characters (Excel's limit).
_PROMPT_TITLE_MAX = 32


def _list_name(vocab: Vocabulary) -> str:
    """Defined name of a dropdown list on the DanhMuc sheet."""
    return f"DS_{vocab.dropdown}"


def _categorical_vocabs(lay: TemplateLayout) -> list[Vocabulary]:
    seen: dict[str, Vocabulary] = {}
    for spec in (lay.info, *lay.data_sheets):
        for f in spec.fields:
            if f.vocab is not None:
                seen.setdefault(f.vocab.dropdown, f.vocab)
    return list(seen.values())


def _protect(ws: Worksheet) -> None:
    """Protect headers/labels against accidental edits (no password: this is not security)
    while leaving unlocked cells editable and rows insertable/deletable.

    A protected sheet deletes only a row with no locked cell in it, the whole row to column
    XFD: a data sheet unlocks its rows to the end (`_unlock_beyond_table`)."""
    p = ws.protection
    p.sheet = True
    # In OOXML, False on these flags means the action stays ALLOWED on a protected sheet.
    p.formatCells = False
    p.formatColumns = False
    p.formatRows = False
    p.insertRows = False
    p.deleteRows = False
    p.sort = False
    p.autoFilter = False
    p.selectLockedCells = False
    p.selectUnlockedCells = False


def _write_lists(wb: Workbook, lay: TemplateLayout) -> dict[str, str]:
    """The hidden DanhMuc sheet: one column per vocabulary, referenced by defined names."""
    ws = wb.create_sheet(layout.SHEET_LISTS)
    refs: dict[str, str] = {}
    for col, vocab in enumerate(_categorical_vocabs(lay), start=1):
        letter = get_column_letter(col)
        ws.cell(row=1, column=col, value=vocab.title).font = Font(bold=True)
        for row, label in enumerate(vocab.labels, start=2):
            ws.cell(row=row, column=col, value=label)
        ref = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${len(vocab.labels) + 1}"
        name = _list_name(vocab)
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
        refs[vocab.dropdown] = name
        ws.column_dimensions[letter].width = max(len(label) for label in vocab.labels) + 2
    ws.sheet_state = "hidden"
    _protect(ws)
    return refs


def prompt_title(header: str) -> str:
    """A header cut to Excel's 32 characters of an input message title, at a word, with "…"."""
    if len(header) <= _PROMPT_TITLE_MAX:
        return header
    return header[: _PROMPT_TITLE_MAX - 1].rsplit(" ", 1)[0] + "\u2026"


def _prompted(f: Field, **rule: Any) -> DataValidation:
    """A validation of a field's cells that shows the field's help when a cell is selected."""
    return DataValidation(
        allow_blank=True, showInputMessage=True, promptTitle=prompt_title(f.header), prompt=f.help, **rule
    )


def _checked(f: Field, title: str, error: str, **rule: Any) -> DataValidation:
    """A prompted validation that refuses (stops) a value breaking `rule`, saying why."""
    return _prompted(f, showErrorMessage=True, errorStyle="stop", errorTitle=title, error=error, **rule)


def _list_validation(vocab: Vocabulary, f: Field, lists: dict[str, str]) -> DataValidation:
    return _checked(
        f,
        "Giá trị không có trong danh sách",
        f"“{f.header}”: hãy chọn một giá trị trong danh sách.",
        type="list",
        formula1=f"={lists[vocab.dropdown]}",
        showDropDown=False,  # OOXML quirk: False means the in-cell arrow IS shown
    )


def _between(f: Field, kind: str, low: int, high: int, title: str, error: str) -> DataValidation:
    """Values of `kind` (`date` as serial numbers, `whole` numbers) from `low` to `high`."""
    return _checked(f, title, error, type=kind, operator="between", formula1=str(low), formula2=str(high))


def _date_validation(f: Field) -> DataValidation:
    earliest, latest = layout.date_range(f)
    error = f"“{f.header}”: hãy nhập ngày dạng dd/mm/yyyy, ví dụ {layout.DATE_EXAMPLE}."
    if earliest == layout.PARTY_FOUNDED:
        error += f" Ngày không được trước ngày thành lập Đảng ({earliest:%d/%m/%Y})."
    return _between(f, "date", _excel_serial(earliest), _excel_serial(latest), "Ngày không hợp lệ", error)


def _int_validation(f: Field) -> DataValidation:
    low, high = layout.int_range(f)
    error = f"“{f.header}”: hãy nhập số nguyên từ {low} đến {high}."
    return _between(f, "whole", low, high, "Số không hợp lệ", error)


def _text_prompt(f: Field) -> DataValidation:
    return _prompted(f, type=None)


def _field_validation(f: Field, lists: dict[str, str]) -> DataValidation:
    if f.kind == "category":
        assert f.vocab is not None
        return _list_validation(f.vocab, f, lists)
    if f.kind == "date":
        return _date_validation(f)
    if f.kind == "int":
        return _int_validation(f)
    return _text_prompt(f)


def _write_data_sheet(wb: Workbook, spec: SheetSpec, lists: dict[str, str]) -> Worksheet:
    ws = wb.create_sheet(spec.name)
    first, last = layout.FIRST_DATA_ROW, layout.LAST_FORMATTED_ROW
    for col, f in enumerate(spec.fields, start=1):
        letter = get_column_letter(col)
        cell = ws.cell(row=1, column=col, value=f.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = _BORDER
        cell.protection = _LOCKED
        cell.comment = Comment(f.help, "ward-stats", width=260, height=80)
        dim = ws.column_dimensions[letter]
        dim.width = f.width
        # Column style: cells typed into later are unlocked and dates show dd/mm/yyyy.
        dim.protection = _UNLOCKED
        dim.font = _BODY_FONT
        if f.kind == "date":
            dim.number_format = DATE_FORMAT
        elif f.kind == "text":
            dim.number_format = "@"
        # Input message on the header cell itself, and validation + message on the data cells.
        head = _text_prompt(f)
        head.add(f"{letter}1")
        ws.add_data_validation(head)
        dv = _field_validation(f, lists)
        dv.add(f"{letter}{first}:{letter}{last}")
        ws.add_data_validation(dv)
    _unlock_beyond_table(ws, len(spec.fields))
    ws.row_dimensions[1].height = 45
    ws.freeze_panes = "A2"
    print_landscape(ws, title_rows="1:1")
    _protect(ws)
    return ws


def _unlock_beyond_table(ws: Worksheet, width: int) -> None:
    """Unlock the columns right of the table, and lock the header row across the sheet.

    Excel (and LibreOffice) delete a row of a protected sheet only when none of its cells is
    locked, up to column XFD; a column without a style is locked, so with only the table's
    columns unlocked "right-click the row number, Delete" (the guide's way to drop a member)
    was refused. The header row's own style keeps it locked beyond the table (a row style
    rules the cells of the row that hold nothing). What is typed right of the table is not
    read and is warned of (`file.extra_column`)."""
    beyond = ColumnDimension(
        ws, index=get_column_letter(width + 1), min=width + 1, max=_LAST_COLUMN, width=_DEFAULT_COLUMN_WIDTH
    )
    beyond.protection = _UNLOCKED
    ws.column_dimensions[beyond.index] = beyond
    header = ws.row_dimensions[1]
    # A style differing from the default one (which openpyxl would not write), locked.
    header.font = Font(name=_HEADER_FONT.name, bold=True, size=_HEADER_FONT.size)
    header.protection = _LOCKED


def print_landscape(ws: Worksheet, *, title_rows: str | None) -> None:
    """Print on A4 landscape, as wide as the page, ``title_rows`` repeated on every page (none
    when None)."""
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


# The footer's organisation: Excel refuses a footer of more than 255 characters.
_FOOTER_OWNER_LENGTH = 120


def footer_owner(info: Mapping[str, Any]) -> str:
    """The organisation a file's footers name, from its `Thông tin` values: "HD20 - Đảng bộ …"
    ("" when neither the code nor the name is known)."""
    return " - ".join(str(v) for v in (info.get("org_code"), info.get("org_name")) if v)


def page_footer(ws: Worksheet, owner: str = "") -> None:
    """The footer of a printed page, as the consolidated workbook's sheets have it
    (`cells.print_setup`): on the left the organisation (`owner`, "ĐB01 - Chi bộ …", where known:
    a pre-filled file's) and the sheet's name, on the right `Trang 2`, so that loose pages of a
    member list go back in order and to their organisation. (A footer cannot show a cell: a
    blank template's is the sheet's name alone.) The sheet numbers its own pages from 1, with no
    page count: printed whole (LibreOffice's PDF export, Excel's "Print Entire Workbook"), "Trang
    &P/&N" with Excel's automatic first page number counted the workbook's pages, and the member
    list of a sample file began at "Trang 4/7"."""
    if len(owner) > _FOOTER_OWNER_LENGTH:
        owner = owner[: _FOOTER_OWNER_LENGTH - 1] + "…"
    left = " - ".join(part.replace("&", "&&") for part in (owner, ws.title) if part)
    ws.oddFooter.left.text = left
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = "Trang &P"
    ws.oddFooter.right.size = 8
    ws.page_setup.firstPageNumber = 1
    ws.page_setup.useFirstPageNumber = True


def _write_info_sheet(
    wb: Workbook, lay: TemplateLayout, lists: dict[str, str], values: Mapping[str, Any]
) -> Worksheet:
    ws = wb.create_sheet(layout.SHEET_INFO)
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 44
    ws.column_dimensions["B"].protection = _UNLOCKED
    for row, field in enumerate(lay.info.fields, start=1):
        # A help that speaks of a pre-filled value is not shown beside an empty cell.
        blank = field.blank_help and not _given(values.get(field.key))
        f = dataclasses.replace(field, help=field.blank_help) if blank else field
        label = ws.cell(row=row, column=1, value=f.header)
        label.font = Font(name="Times New Roman", bold=True, size=12)
        label.fill = _LABEL_FILL
        label.border = _BORDER
        label.protection = _LOCKED
        label.comment = Comment(f.help, "ward-stats", width=240, height=60)
        ws.row_dimensions[row].height = 20
        cell = ws.cell(row=row, column=2)
        cell.font = _BODY_FONT
        cell.border = _BORDER
        cell.protection = _LOCKED if f.locked else _UNLOCKED
        if f.kind == "date":
            cell.number_format = DATE_FORMAT
        elif f.kind == "text":
            cell.number_format = "@"
        _set_value(cell, f, values.get(f.key))
        head = _text_prompt(f)
        head.add(f"A{row}")
        ws.add_data_validation(head)
        if not f.locked:
            dv = _field_validation(f, lists)
            dv.add(f"B{row}")
            ws.add_data_validation(dv)
    version_row = lay.info.row_of("template_version")
    ws.cell(row=version_row, column=2, value=lay.version)
    # Labels and values on one sheet of paper (the two columns are wider than A4's margins).
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    _protect(ws)
    return ws


def _write_guide(wb: Workbook, version: str, values: Mapping[str, Any]) -> Worksheet:
    ws = wb.active
    ws.title = layout.SHEET_GUIDE
    ws.column_dimensions["A"].width = 72
    for row, text in enumerate(guide_lines(version, values), start=1):
        cell = ws.cell(row=row, column=1, value=text)
        is_heading = text.isupper() and bool(text)
        cell.font = Font(name="Times New Roman", size=14 if row == 1 else 12, bold=is_heading)
        # Points under a numbered paragraph are indented; a numbered paragraph gets some space
        # above it (its text sits at the bottom of a slightly taller row).
        numbered = text[:1].isdigit()
        cell.alignment = Alignment(
            wrap_text=True,
            vertical="bottom" if numbered else "top",
            indent=2 if text.startswith("• ") else 0,
        )
        # Explicit heights: not every spreadsheet program grows wrapped rows on opening. About
        # 95 characters of 12-point Times fit a line of the 72-wide column.
        lines = max(1, -(-len(text) // 95))
        ws.row_dimensions[row].height = 16 * lines + (12 if numbered else 4)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    _protect(ws)
    return ws


def _write_meta(wb: Workbook, version: str, meta: Mapping[str, str]) -> None:
    ws = wb.create_sheet(layout.SHEET_META)
    ws["A1"], ws["B1"] = layout.META_TEMPLATE_ID, layout.TEMPLATE_ID
    ws["A2"], ws["B2"] = layout.META_TEMPLATE_VERSION, version
    for row, (key, value) in enumerate(meta.items(), start=3):
        ws.cell(row=row, column=1, value=key)
        ws.cell(row=row, column=2, value=value).data_type = "s"
    ws.sheet_state = "veryHidden"
    _protect(ws)


def build_template(
    org: Organisation | None = None,
    info: Mapping[str, Any] | None = None,
    *,
    version: str = layout.TEMPLATE_VERSION,
    meta: Mapping[str, str] | None = None,
) -> Workbook:
    """The branch template as an openpyxl workbook, blank or with the organisation pre-filled.

    ``version`` chooses the template version (an older one only to make test files); ``meta``
    adds `_meta` entries (an upgraded file records where it came from)."""
    values: dict[str, Any] = {}
    if org is not None:
        values.update(
            org_code=org.org_code,
            org_name=org.org_name,
            org_tier=org.org_tier,
            sector=org.sector,
            secretary=org.secretary,
        )
    if info:
        values.update(info)
    lay = layout.LAYOUTS[version]
    wb = Workbook()
    _write_guide(wb, version, values)
    lists_ws_index = len(layout.SHEET_ORDER) - 2  # DanhMuc is created first, moved into place
    lists = _write_lists(wb, lay)
    _write_info_sheet(wb, lay, lists, values)
    for spec in lay.data_sheets:
        _write_data_sheet(wb, spec, lists)
    _write_meta(wb, version, meta or {})
    owner = footer_owner(values)
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            page_footer(ws, owner)
    wb.move_sheet(layout.SHEET_LISTS, offset=lists_ws_index - wb.sheetnames.index(layout.SHEET_LISTS))
    wb.security = WorkbookProtection(lockStructure=True)
    wb.active = 0
    return wb


# What a text cell cannot hold as it is: a control character XML cannot hold (openpyxl refuses
# it: `IllegalCharacterError`), and a `_` that, with what follows it (or with the escape of a
# control character after it), would read as Office Open XML's escape of a character, `_x0007_`.
_ILLEGAL = f"(?:{ILLEGAL_CHARACTERS_RE.pattern})"
_NEEDS_ESCAPE = re.compile(f"_(?=x[0-9A-Fa-f]{{4}}(?:_|{_ILLEGAL}))|{_ILLEGAL}")


def ooxml_text(text: str) -> str:
    """Text as an openpyxl cell keeps it whole: each character of `_NEEDS_ESCAPE` written as
    Excel stores it (`_x0007_`; such a `_` as `_x005F_`), which Excel and calamine read back
    as that character. So a control character pasted into a name survives, and so does a text
    that only looks like an escape."""
    return (
        _NEEDS_ESCAPE.sub(lambda m: f"_x{ord(m.group()):04X}_", text) if _NEEDS_ESCAPE.search(text) else text
    )


def _set_value(cell: Any, f: Field, value: Any) -> None:
    """Write one value: category codes become their labels; everything else as given.

    Strings are always stored as strings (openpyxl would otherwise turn a leading `=`
    into a formula), so no user text ever becomes a formula, and kept whole (`ooxml_text`);
    only an `ErrorValue` or a `Formula` (what a file held as such) is written as one.
    """
    if value is None:
        return
    if isinstance(value, ErrorValue):
        cell.value = str(value)
        cell.data_type = "e"
        return
    if isinstance(value, Formula):
        cell.value = f"={value}"  # a formula the file held: never text someone typed
        return
    if f.kind == "category" and f.vocab is not None and isinstance(value, str):
        if value in f.vocab.codes:
            value = f.vocab.label(value)
    if isinstance(value, dt.datetime):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str):
        cell.value = ooxml_text(value)
        cell.data_type = "s"
    else:
        cell.value = value


def fill_row(ws: Worksheet, spec: SheetSpec, row: int, values: Mapping[str, Any]) -> None:
    """Write one row keyed by field key into Excel row ``row`` (categories as their labels)."""
    for c, f in enumerate(spec.fields, start=1):
        value = values.get(f.key)
        if value is None:
            continue
        cell = ws.cell(row=row, column=c)
        _set_value(cell, f, value)
        cell.protection = _UNLOCKED
        cell.font = _BODY_FONT
        if f.kind == "date" and not isinstance(value, dt.date):
            text = isinstance(value, str) and not isinstance(value, ErrorValue | Formula)
            cell.number_format = "@" if text else DATE_FORMAT


def fill_rows(ws: Worksheet, spec: SheetSpec, rows: Iterable[Mapping[str, Any]]) -> None:
    """Write rows keyed by field key from the first data row (categories as their labels)."""
    for r, row in enumerate(rows, start=layout.FIRST_DATA_ROW):
        fill_row(ws, spec, r, row)


def write_submission(
    path: Path,
    *,
    info: Mapping[str, Any],
    members: Iterable[Mapping[str, Any]] = (),
    events: Iterable[Mapping[str, Any]] = (),
    years: Iterable[Mapping[str, Any]] = (),
    version: str = layout.TEMPLATE_VERSION,
) -> Path:
    """Fill the real template with rows keyed by field key and save it as `path`.

    Category codes are written as their Vietnamese labels; any other value (messy text,
    text dates, numbers) is written as given, so tests can reproduce what people type.
    ``version`` writes an older template (its fields only; rows in its codes).
    """
    lay = layout.LAYOUTS[version]
    wb = build_template(info=info, version=version)
    for spec, rows in zip(lay.data_sheets, (members, events, years), strict=True):
        fill_rows(wb[spec.name], spec, rows)
    save_workbook(wb, Path(path))
    return Path(path)


def workbook_bytes(wb: Workbook, target: Path) -> bytes:
    """The complete bytes of ``wb``, to be written as ``target`` (named by the error)."""
    buffer = io.BytesIO()
    try:
        wb.save(buffer)
    except Exception as exc:  # openpyxl writes each sheet to a temporary file of its own first
        raise OutputError(
            f"Không tạo được tệp \u201c{target}\u201d: không ghi được tệp tạm trong thư mục "
            f"\u201c{tempfile.gettempdir()}\u201d ({type(exc).__name__}); ổ đĩa có thể đã đầy."
        ) from None
    return buffer.getvalue()


def save_workbook(wb: Workbook, target: Path) -> None:
    """Save atomically: a reader of `target` sees the old file or the complete new one. The
    workbook is made in memory first, so a full disk fails cleanly, with the file's name."""
    atomic_write_bytes(Path(target), workbook_bytes(wb, target))


_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """ASCII slug without diacritics: 'Chi bộ Tổ dân phố số 5' → 'chi_bo_to_dan_pho_so_5'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower()
    return _SLUG_DROP.sub("_", ascii_text).strip("_")[:60] or "to_chuc"


def submission_filename(org: Organisation, registry_codes: Iterable[str] = ()) -> str:
    """`<code>_<slug>.xlsx`: the organisation's code first, then its name in ASCII (the name a
    file is attributed by when it cannot be read: `toolkit.core.text.code_in_file_name`).

    The code is its ASCII slug (`ĐB01` → `DB01`), unless another code of `registry_codes` has
    that slug too (`DB01` and `ĐB01`): the file name then has the code as written, which
    `code_in_file_name` prefers among codes of one slug, so that ĐB01's template sent back is
    ĐB01's, not DB01's (hunt111 E1). A code with other signs (`CB-01` beside `CB 01`) keeps its
    slug: the two file names then meet, and `template` refuses them naming both rows."""
    slug = code_slug(org.org_code)
    code = slug.upper() or "MA"
    own = clean_code(org.org_code)
    shared = bool(slug) and any(
        code_slug(other) == slug and clean_code(other).casefold() != own.casefold()
        for other in registry_codes
    )
    if shared and own.isalnum():  # letters and digits only (Đ, Ư… included): safe in a file name
        code = own.upper()
    return f"{code}_{slugify(org.org_name)}.xlsx"


def prepare_folder(out_dir: Path) -> None:
    """Create the folder templates (or upgraded files) are written to (a file of that name is
    refused)."""
    out_dir = Path(out_dir)
    blocker = file_in_the_way(out_dir)
    if blocker is not None:  # the folder, or one it would be made in, is a file
        raise OutputError(
            f"\u201c{blocker}\u201d là một tệp, không phải thư mục: hãy đổi tên tệp đó, hoặc chọn "
            "thư mục ghi khác."
        )
    make_folders(out_dir)  # none left made when it fails


@contextlib.contextmanager
def output_folder(out_dir: Path) -> Iterator[Path]:
    """`prepare_folder` for the block; the folders it made are removed again, when empty, if the
    block fails or is stopped (Ctrl+C): a run that writes nothing leaves no new folder either."""
    out_dir = Path(out_dir)
    made = [p for p in (out_dir, *out_dir.parents) if not os.path.lexists(p)]  # deepest first
    prepare_folder(out_dir)
    try:
        yield out_dir
    except BaseException:
        for folder in made:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty
        raise


# `Thông tin` fields a template is written with; any other one filled means a person typed it.
PREFILLED_INFO = frozenset({"org_code", "org_name", "org_tier", "sector", "secretary", "template_version"})


def holds_submission(path: Path) -> bool:
    """Whether an existing file may hold a person's work: anything that is not a template
    without rows, without data on any other sheet or outside the rows read
    (`Submission.data_not_read`: the members typed on "Đảng viên (2)", a copy of the sheet),
    and without `Thông tin` entries beyond those a template is written with. The blank
    template as the tool writes it (`mau_chi_bo.xlsx`, read as an own output) holds none."""
    from toolkit.io.reader import read_submission

    sub = read_submission(path)
    if sub.own_blank_template:
        return False
    if not sub.readable or sub.rows_read or sub.data_not_read:
        return True
    return any(v not in (None, "") for k, v in sub.info.items() if k not in PREFILLED_INFO)


def _names(paths: list[Path], limit: int = 5) -> str:
    shown = ", ".join(p.name for p in paths[:limit])
    return shown + (f" và {len(paths) - limit} tệp khác" if len(paths) > limit else "")


def check_template_targets(
    targets: list[Path],
    *,
    overwrite: bool,
    inputs: Mapping[Path, str] | None = None,
    owners: Sequence[str] | None = None,
) -> None:
    """Refuse, before writing any template, to overwrite an input, a file without
    `overwrite`, or — ever — a file that holds a filled submission. `owners` says whose each
    target is (the registry's code and row), for two that would be one file."""
    from toolkit.outputs.publish import check_outputs

    seen: dict[str, int] = {}
    for i, target in enumerate(targets):
        j = seen.setdefault(target.name.casefold(), i)
        if j != i:
            whose = f", {owners[j]} và {owners[i]}," if owners else ""
            raise OutputError(
                f"Hai tổ chức của danh mục{whose} cho cùng một tên tệp biểu mẫu \u201c{target.name}\u201d: "
                "tên tệp chỉ giữ chữ không dấu và chữ số của mã (Đ thành D; dấu cách, gạch ngang thành "
                "gạch dưới) và của tên tổ chức. Hãy sửa mã hoặc tên của một trong hai tổ chức trong danh "
                "mục cho khác nhau."
            )
    check_outputs(((t, "biểu mẫu") for t in targets), inputs or {})
    existing = [t for t in targets if t.exists()]
    if not existing:
        return
    folder = existing[0].parent
    # A filled one refuses every target, `overwrite` or not: offering `--overwrite` first only
    # led to this second refusal (hunt258 L3).
    filled = [t for t in existing if holds_submission(t)]
    if not overwrite and not filled:
        raise OutputError(
            f"Thư mục \u201c{folder}\u201d đã có {len(existing)} tệp trùng tên với biểu mẫu sắp tạo "
            f"({_names(existing)}). Không ghi đè tệp đã có: hãy chọn thư mục khác, hoặc thêm "
            "--overwrite để thay các biểu mẫu chưa điền."
        )
    if filled:
        # A file that could not be read (a text file, an empty or damaged one under a template's
        # name) may be a submission, but is not known to hold figures: said as it is (review263).
        from toolkit.io.reader import read_submission

        unread = [t for t in filled if not read_submission(t).readable]
        read = [t for t in filled if t not in unread]
        said = (
            [
                f"{len(read)} tệp trong thư mục \u201c{folder}\u201d trùng tên với biểu mẫu sắp tạo nhưng "
                f"đã có số liệu (bài nộp đã điền): {_names(read)}."
            ]
            if read
            else []
        )
        if unread:
            whose = (
                f"{len(unread)} tệp trùng tên khác"
                if read
                else f"{len(unread)} tệp trong thư mục \u201c{folder}\u201d trùng tên với biểu mẫu sắp tạo "
                "nhưng"
            )
            said.append(
                f"{whose} không đọc được (tệp hỏng, có mật khẩu hay không phải bảng tính Excel), có thể "
                f"là bài nộp: {_names(unread)}."
            )
        raise OutputError(f"{' '.join(said)} Không bao giờ ghi đè bài nộp; hãy tạo biểu mẫu ở thư mục khác.")


def write_blank_template(
    out_dir: Path, *, overwrite: bool = False, inputs: Mapping[Path, str] | None = None
) -> Path:
    """The blank template as `out_dir/mau_chi_bo.xlsx` (never over a filled file)."""
    from toolkit.outputs.publish import FileSet, tidy_folder

    target = Path(out_dir) / layout.TEMPLATE_FILENAME
    tidy_folder(target.parent)  # what killed runs left, completed before the target is judged
    files = FileSet()
    files.watch([target])  # judged now: replaced only if still this file at the commit
    check_template_targets([target], overwrite=overwrite, inputs=inputs)
    files.add(target, workbook_bytes(build_template(), target), replace=overwrite)
    files.commit()
    return target


@dataclasses.dataclass(frozen=True)
class MadeTemplates:
    """What `make_templates` wrote: the pre-filled templates, or the blank one alone (`blank`);
    `example_only` when a registry was given that holds only the template's example row."""

    paths: list[Path]
    blank: bool
    example_only: bool = False


def make_templates(
    registry: Registry | None,
    out_dir: Path,
    *,
    overwrite: bool = False,
    inputs: Mapping[Path, str] | None = None,
) -> MadeTemplates:
    """The templates `ward-stats template` and the Tạo mẫu button make: one pre-filled per
    organisation of `registry` (`write_prefilled_templates`), else the blank template.

    A registry holding only the template's example row (`io.registry.example_only`: a fresh
    workbook's sheet) is no list of the ward's, as for a run (`registry_in_use`): a pre-filled
    CB01 file sent to a real chi bộ came back with the example's code, and then the example was
    the run's registry again, every other file `org.unknown` (review306 N3). So it makes the
    blank template, as without a registry, and says why (`example_only`)."""
    from toolkit.io.registry import example_only

    if registry is not None and not example_only(registry):
        paths = write_prefilled_templates(registry, out_dir, overwrite=overwrite, inputs=inputs)
        return MadeTemplates(paths, False)
    with output_folder(out_dir) as folder:
        path = write_blank_template(folder, overwrite=overwrite, inputs=inputs)
    return MadeTemplates([path], True, example_only=registry is not None)


def _owners(registry: Registry) -> list[str]:
    """Each organisation as a message names it: `mã “ĐB01” ở dòng 2`."""
    rows = registry.rows if len(registry.rows) == len(registry.organisations) else []
    return [
        f"mã \u201c{org.org_code}\u201d" + (f" ở dòng {rows[i]}" if rows else "")
        for i, org in enumerate(registry.organisations)
    ]


def write_prefilled_templates(
    registry: Registry, out_dir: Path, *, overwrite: bool = False, inputs: Mapping[Path, str] | None = None
) -> list[Path]:
    """One pre-filled template per registry organisation, named `<code>_<slug>.xlsx`.

    Every target is checked before the first is made (`check_template_targets`): an existing
    file is replaced only with `overwrite`, and a filled submission never — nor a file that
    appeared or changed after the check (`FileSet.watch`: the commit refuses it). The templates stand
    or fall together (`toolkit.outputs.publish.FileSet`): all are made in memory, then put in
    place at once, so a failure or a Ctrl+C before that leaves none of them (nor a folder made
    for them)."""
    from toolkit.io.runtime import collect_paused
    from toolkit.outputs.publish import FileSet, tidy_folder

    with output_folder(out_dir) as out_dir:
        tidy_folder(out_dir)  # what killed runs left, completed before the targets are judged
        codes = [org.org_code for org in registry.organisations]
        targets = [out_dir / submission_filename(org, codes) for org in registry.organisations]
        files = FileSet()
        # What each target is as it is judged: one that appears or changes while the templates
        # are made (a filled submission copied in) is not replaced at the commit.
        files.watch(targets)
        check_template_targets(targets, overwrite=overwrite, inputs=inputs, owners=_owners(registry))
        for org, target in zip(registry.organisations, targets, strict=True):
            collect_paused()  # the last template's workbook, with collection paused for the command
            files.add(target, workbook_bytes(build_template(org), target), replace=overwrite)
        return files.commit()
