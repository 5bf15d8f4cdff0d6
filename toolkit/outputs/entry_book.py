"""The blank workbook of last year's forms (`ward-stats history blank-forms`): a first-year ward
copies into it the figures of the Biểu 1–3-BTCTW it sent up last year, and `history import`
stores them as last year's record (`toolkit.forms.entry`, `toolkit.io.entry_book`).

Laid out like the forms, from their tables: per comparison form a sheet with each line's number
and official label, indented as printed, and one yellow input column; headings and lines the
template does not collect are grey, without input. The first sheet (`Thông tin`) has the ward
name, the forms' period and the two optional coverage counts. The marker sheet is hidden; every
sheet is protected without a password (only the input cells are open), as the template is.
Written in memory by XlsxWriter (`outputs.xlsx.new_workbook`), then atomically.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path

from toolkit import __version__
from toolkit.core import vnformat
from toolkit.core.commands import FORMS_IMPORT_LAUNCHER, FORMS_LAUNCHER
from toolkit.core.entry_marker import INFO_SHEET, KIND, META_SHEET, VERSION, WARD_NAME
from toolkit.core.errors import OutputError
from toolkit.forms.entry import (
    COVERAGE_IDS,
    COVERAGE_LABELS,
    NOT_COLLECTED,
    VALUE_HEADER,
    entry_forms,
    form_lines,
    is_mean,
    left_out_forms,
    printed_label,
    sum_lines,
    typed_only_lines,
)
from toolkit.forms.model import Line

FONT_SIZE = 12
INPUT_COLOUR = "#FFF2CC"  # the template's input yellow
GREY = "#D9D9D9"
OUTPUT_LABEL = "tệp nhập số liệu cùng kỳ năm trước"

_COVERAGE_WHY = {
    "orgs.consolidated": "Số chi bộ, đảng bộ mà số liệu trong các biểu năm trước đã cộng. Không bắt buộc; "
    "có ô này và ô dưới thì các lần tổng hợp sau đối chiếu được số đầu kỳ với số liệu năm trước "
    "(để trống: không đối chiếu).",
    "orgs.registered": "Tổng số chi bộ, đảng bộ của phường vào ngày chốt năm trước (bằng ô trên khi các "
    "biểu đã đủ các tổ chức). Không bắt buộc, như ô trên.",
}


# A line with a), b) lines that are no sum of it (`forms.entry.typed_only_lines`): its cell's
# comment, and what the sheet's note says of it (hunt258 L2).
_TYPED_ONLY_COMMENT = (
    "Phải chép số của dòng này: ward-stats không cộng nó từ các dòng a), b) bên dưới (có thể có "
    "người không thuộc dòng nào trong hai dòng đó)."
)


def _form_note(typed_only: tuple[Line, ...]) -> str:
    """The note above a form's lines: what to copy, what an empty cell means, which totals may
    be left empty, and, when the form has any, the lines with a), b) lines that must be typed."""
    text = (
        "Chép vào ô màu vàng số của từng dòng trong biểu đã gửi năm trước. Ô trống là không rõ "
        "(không phải 0). Dòng tổng (ô có ghi chú \u201cDòng tổng\u201d: dòng có \u201cchia ra\u201d "
        "hay có các dòng con cộng thành nó) có thể để trống: khi đủ các dòng con, ward-stats cộng "
        "lại; nếu điền cả dòng tổng thì phải khớp."
    )
    if not typed_only:
        return text
    named = ", ".join(f"{line.key} \u201c{line.label}\u201d" for line in typed_only)  # as the import names it
    # One line or several (review263: "Riêng dòng B.2 …, C.5 …" read as one line).
    lines, them = ("các dòng", "các dòng đó") if len(typed_only) > 1 else ("dòng", "dòng đó")
    return (
        f"{text} Riêng {lines} {named} phải chép số của biểu: ward-stats không cộng {them} từ "
        "các dòng a), b) của chúng."
    )


def blank_forms_bytes(
    cutoff: dt.date, start: dt.date, ward_name: str | None, *, created: dt.datetime | None = None
) -> bytes:
    """The blank entry workbook for the forms' period `start`–`cutoff`."""
    from toolkit.outputs.xlsx import new_workbook

    buffer = io.BytesIO()
    wb = new_workbook(
        buffer,
        font_size=FONT_SIZE,
        title="Số liệu cùng kỳ năm trước (Biểu 1–3-BTCTW)",
        created=created or dt.datetime.now(),
    )
    base = {"font_size": FONT_SIZE, "valign": "vcenter"}
    border = {"border": 1}
    title = wb.add_format({**base, "bold": True, "font_size": 13, "text_wrap": True})
    italic = wb.add_format({**base, "italic": True, "text_wrap": True, "valign": "top"})
    header = wb.add_format({**base, "bold": True, "align": "center", "text_wrap": True, **border})
    grey_header = wb.add_format({**base, "bold": True, "text_wrap": True, "bg_color": GREY, **border})
    labels = {
        (level, bold): wb.add_format({**base, "indent": level, "bold": bold, "text_wrap": True, **border})
        for level in range(5)
        for bold in (False, True)
    }
    typed = wb.add_format(
        {**base, "bg_color": INPUT_COLOUR, "locked": False, "num_format": "#,##0", **border}
    )
    typed_mean = wb.add_format(
        {**base, "bg_color": INPUT_COLOUR, "locked": False, "num_format": "0.0", **border}
    )
    typed_text = wb.add_format(
        {**base, "bg_color": INPUT_COLOUR, "locked": False, "text_wrap": True, **border}
    )
    grey = wb.add_format({**base, "bg_color": GREY, "italic": True, "font_size": 10, **border})
    note = wb.add_format({**base, "italic": True, "font_size": 10, "text_wrap": True, "valign": "top"})
    why_format = wb.add_format({**base, "italic": True, "font_size": 10, "text_wrap": True, **border})
    period = f"từ ngày {vnformat.date(start)} đến ngày {vnformat.date(cutoff)}"

    # --- Thông tin --------------------------------------------------------------------------
    ws = wb.add_worksheet(INFO_SHEET)
    ws.set_column(0, 0, 2, None, {"hidden": True})
    ws.set_column(1, 1, 42)
    ws.set_column(2, 2, 28)
    ws.set_column(3, 3, 60)
    ws.merge_range(0, 1, 0, 3, "SỐ LIỆU CÙNG KỲ NĂM TRƯỚC: CHÉP TỪ BIỂU 1–3-BTCTW ĐÃ GỬI", title)
    ws.set_row(0, 24)
    steps = (
        "Tệp này dành cho phường mới dùng ward-stats: lịch sử tổng hợp chưa có số liệu năm trước, nên "
        "cột “Cùng kỳ năm trước” của Biểu 1–3-BTCTW còn trống. Cách làm: (1) ở mỗi sheet Biểu 1, 2, "
        f"3-BTCTW, chép vào các ô màu vàng số liệu của biểu đã gửi cho kỳ {period} (cột “Thực hiện: "
        "Kỳ này” của biểu năm trước); (2) lưu tệp; (3) chạy lệnh history import với tệp này (ở văn "
        f"phòng: đóng Excel rồi bấm đúp {FORMS_IMPORT_LAUNCHER} cạnh tệp này). "
        "Ô để trống là không rõ (không phải 0): dòng không có ai hãy ghi 0."
    )
    ws.merge_range(1, 1, 1, 3, steps, italic)
    ws.set_row(1, 78)
    ws.write_string(3, 1, "Mục", header)
    ws.write_string(3, 2, "Nội dung", header)
    ws.write_string(3, 3, "Giải thích", header)
    rows: list[tuple[str | None, str, object, str, bool]] = [
        (WARD_NAME, "Tên phường", ward_name or "", "Tên phường như các lần tổng hợp ghi (có thể sửa).", True),
        (None, "Kỳ báo cáo của các biểu: từ ngày", vnformat.date(start), "Do lệnh history blank-forms "
         f"đặt (ở văn phòng: ngày gõ ở {FORMS_LAUNCHER}); muốn kỳ khác, hãy tạo tệp mới (--cutoff, "
         "--period-start).", False),
        (None, "đến ngày (ngày chốt số liệu)", vnformat.date(cutoff), "", False),
        *((key, COVERAGE_LABELS[key], None, _COVERAGE_WHY[key], True) for key in COVERAGE_IDS),
    ]  # fmt: skip
    for n, (key, label, value, why, editable) in enumerate(rows, start=4):
        if key:
            ws.write_string(n, 0, key)
        ws.write_string(n, 1, label, labels[(0, False)])
        if editable and key == WARD_NAME:
            ws.write_string(n, 2, str(value), typed_text)
        elif editable:
            ws.write_blank(n, 2, None, typed)
            ws.data_validation(n, 2, n, 2, _whole())
        else:
            ws.write_string(n, 2, str(value), labels[(0, True)])
        ws.write_string(n, 3, why, why_format)
        ws.set_row(n, 48 if len(why) > 70 else 20)
    left = ", ".join(f.form_label for f in left_out_forms())
    ws.merge_range(
        len(rows) + 5, 1, len(rows) + 5, 3,
        f"{left} không có cột “Cùng kỳ năm trước”, nên không có sheet trong tệp này.",
        note,
    )  # fmt: skip
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.protect()
    ws.activate()

    # --- one sheet per comparison form ------------------------------------------------------
    for form in entry_forms():
        ws = wb.add_worksheet(form.sheet_name)
        ws.set_column(0, 0, 2, None, {"hidden": True})
        ws.set_column(1, 1, 70)
        ws.set_column(2, 2, 18)
        ws.merge_range(0, 1, 0, 2, f"{form.form_label}: {form.title}", title)
        ws.merge_range(1, 1, 1, 2, f"Số liệu cùng kỳ năm trước: kỳ báo cáo {period}", italic)
        typed_only = typed_only_lines(form)
        ws.merge_range(2, 1, 2, 2, _form_note(typed_only), note)
        ws.set_row(2, 72 if typed_only else 44)
        ws.write_string(4, 1, "Tiêu chí", header)
        ws.write_string(4, 2, VALUE_HEADER, header)
        ws.set_row(4, 32)
        # Only a sum of lines of the form is one an empty cell may leave to them: B.1's rest
        # (admitted, readmitted) has no line of its own (hunt258 L2).
        sums = {s.line.key for s in sum_lines(form) if s.parts}
        must = {line.key for line in typed_only}
        for n, line in enumerate(form_lines(form), start=5):
            ws.write_string(n, 0, line.key)
            ws.set_row(n, 18)
            ws.write_string(n, 1, printed_label(line), labels[(min(line.level, 4), line.bold)])
            if line.has_figure:
                ws.write_blank(n, 2, None, typed_mean if is_mean(line) else typed)
                ws.data_validation(n, 2, n, 2, _mean() if is_mean(line) else _whole())
            elif not line.collected:
                ws.write_string(n, 2, NOT_COLLECTED, grey)
            else:
                ws.write_blank(n, 2, None, grey_header if line.bold else grey)
            if line.key in sums:
                ws.write_comment(n, 2, "Dòng tổng: có thể để trống khi đã điền đủ các dòng con.")
            elif line.key in must:
                ws.write_comment(n, 2, _TYPED_ONLY_COMMENT)
        ws.freeze_panes(5, 0)
        ws.repeat_rows(4)
        ws.fit_to_pages(1, 0)
        ws.set_paper(9)
        ws.protect()

    # --- the marker ---------------------------------------------------------------------------
    meta = wb.add_worksheet(META_SHEET)
    items = (
        ("kind", KIND),
        ("version", VERSION),
        ("cutoff_date", cutoff.isoformat()),
        ("period_start", start.isoformat()),
        ("tool_version", __version__),
    )
    for n, (key, value) in enumerate(items):
        meta.write_string(n, 0, key)
        if isinstance(value, int):
            meta.write_number(n, 1, value)
        else:
            meta.write_string(n, 1, value)
    meta.very_hidden()
    wb.close()
    return buffer.getvalue()


def _whole() -> dict[str, object]:
    return {
        "validate": "integer",
        "criteria": ">=",
        "value": 0,
        "error_title": "Không phải số",
        "error_message": "Hãy ghi một số nguyên từ 0 trở lên (để trống nếu không rõ).",
    }


def _mean() -> dict[str, object]:
    return {
        "validate": "decimal",
        "criteria": "between",
        "minimum": 0,
        "maximum": 150,
        "error_title": "Không phải tuổi bình quân",
        "error_message": "Hãy ghi tuổi bình quân, một số từ 0 đến 150 (để trống nếu không rõ).",
    }


def _filled(cells: Mapping[str, Mapping[str, tuple[object, str]]]) -> bool:
    """Whether an entry workbook has a figure typed (its ward name and the not-collected lines'
    words aside)."""
    return any(
        value not in (None, "", NOT_COLLECTED)
        for sheet, keyed in cells.items()
        for key, (value, _) in keyed.items()
        if not (sheet == INFO_SHEET and key == WARD_NAME)
    )


def write_blank_forms(
    target: Path,
    cutoff: dt.date,
    start: dt.date,
    ward_name: str | None,
    *,
    overwrite: bool = False,
    inputs: Mapping[Path, str] | None = None,
) -> Path:
    """Write the blank entry workbook at `target`, atomically. Refused, before anything is
    written, over an input (`inputs`, the history), over any file without `overwrite`, and ever
    over a file that is not a blank entry workbook (a filled one, another workbook), as the
    templates are never written over a filled submission."""
    from toolkit.io.atomic import atomic_write_bytes
    from toolkit.outputs.publish import check_outputs

    target = Path(target)
    check_outputs([(target, OUTPUT_LABEL)], inputs or {}, single=True)
    if target.exists():
        if not overwrite:
            raise OutputError(
                f"Tệp “{target}” đã có. Không ghi đè tệp đã có: hãy chọn tên khác, hoặc thêm --overwrite "
                "để thay một tệp nhập số liệu năm trước chưa điền."
            )
        if not replaceable(target):
            raise OutputError(
                f"Tệp “{target}” không phải tệp nhập số liệu năm trước chưa điền (đã có số liệu, hoặc là "
                "tệp khác): không bao giờ ghi đè. Hãy chọn tên tệp khác."
            )
    atomic_write_bytes(target, blank_forms_bytes(cutoff, start, ward_name))
    return target


def replaceable(target: Path) -> bool:
    """Whether the existing `target` is a blank entry workbook, the only file `write_blank_forms`
    ever writes over: not one with figures typed, nor another workbook (any doubt: not)."""
    from toolkit.io.entry_book import read_entry_book

    try:
        found = read_entry_book(target) if target.is_file() else None
    except Exception:  # noqa: BLE001 - any doubt about it: not replaced
        found = None
    # A number in a row no line reads (its key cleared, or a line's row pasted again: `loose`,
    # `twins`) or a formula without its result (`uncomputed`) is typed too, though read as no
    # figure (review247: the form's rows pasted again below it with last year's figures, the
    # workbook was replaced by a blank one under --overwrite).
    return (
        found is not None
        and not _filled(found.cells)
        and not found.loose
        and not found.twins
        and not found.uncomputed
    )
