"""Build the consolidation workbook `xlsx_templates/tong_hop_phuong.xlsm` from source.

The workbook (see docs/excel.md) is generated, never edited by hand: XlsxWriter (through the
safe factory `toolkit.outputs.xlsx`) writes the sheets,
named setting cells, validations and Form-control buttons, and `toolkit.excel.ovba` builds the
VBA project from `macros/*.bas` plus the standalone xlwings module(s) of the installed,
pinned xlwings (the files `xlwings quickstart --standalone` embeds: `xlwings.bas` and the
`Dictionary` class). Run `ward-stats build-workbook` (or `python -m toolkit.excel.build`)
after changing any of them; a test checks the committed file matches a fresh build.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.core import vocab
from toolkit.core.errors import WardStatsError
from toolkit.core.model import Registry
from toolkit.excel import book as xlbook
from toolkit.excel import install, ovba, vbaread
from toolkit.excel.failsafe import STATUS_HEIGHT
from toolkit.io.package import CONTROL_WORKBOOK_TITLE
from toolkit.io.registry import EXAMPLE_ORGANISATION

REPO_ROOT = Path(__file__).resolve().parents[2]
MACROS_DIR = REPO_ROOT / "macros"
WORKBOOK_FILENAME = "tong_hop_phuong.xlsm"
DEFAULT_TARGET = REPO_ROOT / "xlsx_templates" / WORKBOOK_FILENAME

TITLE = CONTROL_WORKBOOK_TITLE  # how the book is known when found among submissions
# Fixed document date: the build is reproducible (no "now" anywhere in the file).
DOCUMENT_DATE = dt.datetime(2026, 1, 1)

# Default interpreter: where the offline installer creates the environment (ASCII, no user name).
DEFAULT_INTERPRETER_WIN = install.INTERPRETER_WIN

EXAMPLE_YEARS = (2025, 2026)
# The registry sheet's example row (CB01), `EXAMPLE_ORGANISATION`, is defined beside the registry
# reader, which warns when it is kept among an office's own rows (`registry.example_row`).
REGISTRY_ROWS = 1000  # rows of the registry sheet that carry dropdowns

LIST_NAMES = {"org_tier": "ListOrgTier", "sector": "ListSector"}


@dataclass(frozen=True)
class ConfigRow:
    key: str
    value: str
    note: str


CONFIG_ROWS: tuple[ConfigRow, ...] = (
    ConfigRow(
        "Interpreter_Win",
        DEFAULT_INTERPRETER_WIN,
        "Đường dẫn python.exe của môi trường đã cài ward-stats (tệp cai_dat.cmd cài vào "
        f"{install.INSTALL_DIR_WIN}). Chỉ dùng chữ không dấu: xlwings không mở được đường dẫn "
        "có chữ có dấu, nên không đặt trong thư mục người dùng (C:\\Users\\<tên>).",
    ),
    ConfigRow(
        "Interpreter_Mac", "", "Chỉ dùng trên máy Mac: đường dẫn python của môi trường đã cài ward-stats."
    ),
    ConfigRow(
        "PYTHONPATH",
        "",
        "Để trống khi đã cài gói ward-stats. Người phát triển: ghi thư mục mã nguồn (chứa thư mục toolkit).",
    ),
    ConfigRow("Conda Path", "", "Chỉ khi dùng Anaconda/Miniconda: thư mục cài conda."),
    ConfigRow("Conda Env", "", "Chỉ khi dùng Anaconda/Miniconda: tên môi trường."),
    ConfigRow(
        "ADD_WORKBOOK_TO_PYTHONPATH",
        "False",
        "False: không nạp mã Python từ thư mục chứa tệp này (an toàn hơn).",
    ),
    ConfigRow(
        "TEMP DIR",
        install.TEMP_DIR_WIN,
        "Thư mục xlwings ghi tạm thông báo lỗi của Python. Chỉ dùng chữ không dấu; nút bấm tự tạo "
        "thư mục này nếu chưa có.",
    ),
    ConfigRow(
        "SHOW_ERROR_POPUPS",
        "True",
        "Lỗi khi khởi động Python (ví dụ sai đường dẫn Interpreter_Win) hiện thành hộp thoại. "
        "Lỗi dữ liệu luôn ghi vào ô Trạng thái và sheet “Kiểm tra”.",
    ),
)
CONFIG_NOTES = (
    "Sheet này do xlwings đọc: cột A là tên thiết lập, cột B là giá trị, cột C là giải thích.",
    "Không đổi tên sheet, không chèn dòng trống giữa các thiết lập.",
)

# Excel shows a number cell with the separators of the PC's regional format, which no number
# format stored in the file can fix without making the number text (hunt190 F4): an English
# Windows shows "7,200" where every text of the tool writes "7.200" (`vnformat.number`). Said
# where the clerk reads how to use the workbook, and in README.md, docs/excel.md.
REGIONAL_FORMAT_NOTE = (
    "Dấu phân cách của số: Excel hiện số theo định dạng vùng của Windows, nên máy đặt tiếng Anh hiện "
    "7,200 và 3.5% trong khi báo cáo viết 7.200 và 3,5%. Muốn Excel hiện như báo cáo: Settings (Cài "
    "đặt) → Time & language → Region (Windows 11: Language & region) → Regional format: chọn "
    "Vietnamese (Vietnam), rồi mở lại Excel. Việc này chỉ đổi cách hiện số, không đổi con số nào."
)

INSTRUCTIONS = (
    "Cách dùng",
    "1. Sheet “Danh mục tổ chức”: mỗi dòng một tổ chức đảng (mã, tên, cấp, khối, bí thư, chỉ tiêu kết nạp "
    "từng năm). Thêm cột “Chỉ tiêu kết nạp <năm>” cho năm mới.",
    "2. Bấm “Tạo mẫu” để có biểu mẫu điền sẵn cho từng tổ chức; gửi cho các bí thư chi bộ.",
    "3. Chép các tệp đã điền vào thư mục bài nộp (ô “Thư mục bài nộp”), mỗi tổ chức một tệp.",
    "4. Ghi ngày chốt số liệu (và ngày bắt đầu nếu cần), bấm “Kiểm tra”, sửa các lỗi trong sheet “Kiểm tra”.",
    "5. Bấm “Tổng hợp”: các sheet kết quả hiện sau sheet “Danh mục tổ chức”; tệp kết quả .xlsx (có biểu "
    "đồ) ghi vào đường dẫn ở ô “Tệp kết quả”.",
    "6. Bấm “Danh sách”: bốn danh sách (dự bị đến hạn, huy hiệu Đảng, miễn và tạm miễn, đi làm ăn xa) ghi "
    "vào tệp ở ô “Tệp danh sách”. Tệp này có họ tên đảng viên: chỉ lưu ở máy của văn phòng.",
    "7. Chi bộ nộp tệp biểu mẫu cũ (sheet “Kiểm tra” báo “Tệp dùng biểu mẫu phiên bản 2026.1…”, mã "
    "file.old_template): bấm “Nâng cấp”, gửi các tệp trong thư mục nang_cap lại chi bộ bổ sung các ô ở "
    "sheet “Cần bổ sung”.",
    REGIONAL_FORMAT_NOTE,
    "Khi có sự cố, đọc ô “Trạng thái” và sheet “Kiểm tra”; các tệp bài nộp không bao giờ bị sửa.",
)


def xlwings_dir() -> Path:
    """Folder of the installed xlwings package (found without importing it)."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or spec.origin is None:
        raise WardStatsError("Chưa cài gói xlwings; không thể tạo tệp .xlsm.")
    return Path(spec.origin).parent


def xlwings_version(folder: Path | None = None) -> str:
    """Version of the xlwings VBA module (its `'Version:` comment line)."""
    text = ((folder or xlwings_dir()) / "xlwings.bas").read_text(encoding="ascii")
    version = vbaread.xlwings_module_version(text)
    if version is None:
        raise WardStatsError("Không đọc được phiên bản của mô-đun VBA xlwings.")
    return version


def xlwings_modules(folder: Path | None = None) -> list[ovba.Module]:
    """The standalone xlwings VBA module and the Dictionary class it needs on Mac."""
    folder = folder or xlwings_dir()
    return [
        ovba.procedural_module((folder / "xlwings.bas").read_text(encoding="ascii")),
        ovba.class_module((folder / "addin" / "Dictionary.cls").read_text(encoding="ascii")),
    ]


def macro_modules(macros_dir: Path = MACROS_DIR) -> list[ovba.Module]:
    """Our own modules, one per `macros/*.bas` file, in name order."""
    files = sorted(macros_dir.glob("*.bas"))
    if not files:
        raise WardStatsError(f"Không thấy tệp .bas nào trong thư mục {macros_dir}.")
    return [ovba.procedural_module(f.read_text(encoding="ascii")) for f in files]


SHEETS = (xlbook.SHEET_CONTROL, "Danh mục tổ chức", xlbook.SHEET_CONFIG, xlbook.SHEET_LISTS)


def sheet_code_names() -> list[str]:
    return [f"Sheet{i}" for i in range(1, len(SHEETS) + 1)]


def vba_modules(macros_dir: Path = MACROS_DIR, xlwings_folder: Path | None = None) -> list[ovba.Module]:
    """Every module of the workbook's VBA project, in project order."""
    documents = [ovba.document_module("ThisWorkbook", ovba.WORKBOOK_BASE)] + [
        ovba.document_module(code, ovba.WORKSHEET_BASE) for code in sheet_code_names()
    ]
    return documents + xlwings_modules(xlwings_folder) + macro_modules(macros_dir)


def vba_project(macros_dir: Path = MACROS_DIR, xlwings_folder: Path | None = None) -> bytes:
    return ovba.build_vba_project(vba_modules(macros_dir, xlwings_folder))


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def build_workbook(
    target: Path = DEFAULT_TARGET,
    *,
    macros_dir: Path = MACROS_DIR,
    xlwings_folder: Path | None = None,
) -> Path:
    """Write the consolidation workbook to `target` (atomically) and return its path."""
    from toolkit.io.atomic import atomic_path
    from toolkit.io.registry import REGISTRY_SHEET, registry_table
    from toolkit.outputs.xlsx import new_workbook

    if REGISTRY_SHEET != SHEETS[1]:  # pragma: no cover - guards the SHEETS literal
        raise AssertionError("registry sheet name changed")
    project = vba_project(macros_dir, xlwings_folder)
    target = Path(target)
    with atomic_path(target) as tmp:
        wb = new_workbook(tmp, font_size=12, title=TITLE, created=DOCUMENT_DATE)
        wb.set_vba_name("ThisWorkbook")
        wb.add_vba_project(io.BytesIO(project), is_stream=True)
        sheets = {name: wb.add_worksheet(name) for name in SHEETS}
        for sheet, code in zip(sheets.values(), sheet_code_names(), strict=True):
            sheet.set_vba_name(code)
        _write_lists(wb, sheets[xlbook.SHEET_LISTS])
        _write_control(wb, sheets[xlbook.SHEET_CONTROL])
        example = Registry([EXAMPLE_ORGANISATION])
        _write_registry(wb, sheets[REGISTRY_SHEET], registry_table(example, EXAMPLE_YEARS))
        _write_config(wb, sheets[xlbook.SHEET_CONFIG])
        sheets[xlbook.SHEET_CONTROL].activate()
        wb.close()
    return target


def blank_registry_bytes(years: tuple[int, ...] = EXAMPLE_YEARS) -> bytes:
    """The `Danh mục tổ chức` sheet of the consolidation workbook as a file of its own
    (`ward-stats template --blank-registry`, hunt220 R4): its headers, widths, input messages
    and dropdowns, written by the same `_write_registry`, with the hidden lists sheet its
    dropdowns read, and no row: unlike the workbook's sheet, no example organisation (CB01),
    which a CLI user would have to delete (`registry.example_row`). Its target columns are of
    `years` (the command gives this year and the next: a registry made in 2027 with the
    workbook's 2025 and 2026 had no column for its own year); the bytes are the same on every
    call with the same years (no "now" in them)."""
    from toolkit.io.registry import REGISTRY_SHEET, registry_table
    from toolkit.outputs.xlsx import new_workbook

    buffer = io.BytesIO()
    wb = new_workbook(buffer, font_size=12, title=REGISTRY_SHEET, created=DOCUMENT_DATE)
    registry = wb.add_worksheet(REGISTRY_SHEET)
    _write_lists(wb, wb.add_worksheet(xlbook.SHEET_LISTS))
    _write_registry(wb, registry, registry_table(Registry([]), years))
    registry.activate()
    wb.close()
    return buffer.getvalue()


def _write_lists(wb: Any, ws: Any) -> None:
    for col, (key, voc) in enumerate((("org_tier", vocab.ORG_TIER), ("sector", vocab.SECTOR))):
        ws.write_string(0, col, voc.title)
        for row, label in enumerate(voc.labels, start=1):
            ws.write_string(row, col, label)
        letter = chr(ord("A") + col)
        wb.define_name(LIST_NAMES[key], f"={xlbook.SHEET_LISTS}!${letter}$2:${letter}${len(voc.labels) + 1}")
    ws.hide()


def _write_control(wb: Any, ws: Any) -> None:
    """The `Điều khiển` sheet: the settings, the status cell, the buttons and what they do."""
    fmt = _control_formats(wb)
    ws.set_column("A:A", 34)
    ws.set_column("B:B", 44)
    ws.set_column("C:C", 80)
    ws.write_string(0, 0, "TỔNG HỢP THỐNG KÊ ĐẢNG VIÊN CỦA ĐẢNG BỘ PHƯỜNG", fmt["title"])
    intro = "Ghi các ô màu vàng rồi bấm nút. Các tệp bài nộp chỉ được đọc, không bao giờ bị sửa."
    ws.write_string(1, 0, intro, fmt["intro"])
    header_row = xlbook.SETTINGS_FIRST_ROW - 2  # 0-based row just above the settings
    for col, caption in enumerate(("Thiết lập", "Giá trị", "Giải thích")):
        ws.write_string(header_row, col, caption, fmt["head"])
    _write_settings(wb, ws, fmt)

    srow = xlbook.status_row() - 1
    ws.set_row(srow, STATUS_HEIGHT)
    ws.write_string(srow, 0, xlbook.STATUS_LABEL, fmt["label"])
    ws.merge_range(srow, 1, srow, 2, "Chưa chạy.", fmt["status"])
    wb.define_name(xlbook.STATUS_NAME, f"={_quoted(xlbook.SHEET_CONTROL)}!$B${srow + 1}")
    _write_buttons(ws, srow + 2, fmt)
    ws.hide_gridlines(2)
    _print_setup(ws, pages_tall=1)
    ws.set_first_sheet()


def _control_formats(wb: Any) -> dict[str, Any]:
    """The cell formats of the control sheet, by role."""
    value = {"bg_color": "#FFF2CC", "border": 1, "valign": "vcenter"}
    return {
        "title": wb.add_format({"bold": True, "font_size": 15, "font_color": "#1F4E78"}),
        "intro": wb.add_format({"italic": True, "font_color": "#404040"}),
        "head": wb.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "border": 1}),
        "label": wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "valign": "vcenter"}),
        "value": wb.add_format(value),
        "date_value": wb.add_format({**value, "num_format": "dd/mm/yyyy", "align": "left"}),
        "int_value": wb.add_format({**value, "num_format": "0"}),
        "help": wb.add_format({"text_wrap": True, "valign": "vcenter", "font_color": "#404040", "border": 1}),
        "status": wb.add_format({"bg_color": "#F2F2F2", "border": 1, "text_wrap": True, "valign": "top"}),
        "section": wb.add_format({"bold": True, "font_size": 12, "font_color": "#1F4E78"}),
        "text": wb.add_format({"text_wrap": True, "valign": "top"}),
    }


def _write_settings(wb: Any, ws: Any, fmt: dict[str, Any]) -> None:
    """One row per setting: its label, its value cell (named, with an example where there is
    one, checked by a data validation) and its help."""
    for setting in xlbook.settings():
        row = xlbook.setting_row(setting.name) - 1
        ws.set_row(row, 36)
        ws.write_string(row, 0, setting.label, fmt["label"])
        value = {"date": fmt["date_value"], "int": fmt["int_value"]}.get(setting.kind, fmt["value"])
        if setting.example and setting.kind == "int":
            ws.write_number(row, 1, int(setting.example), value)
        elif setting.example:
            ws.write_string(row, 1, setting.example, value)
        else:
            ws.write_blank(row, 1, None, value)
        ws.write_string(row, 2, setting.help, fmt["help"])
        wb.define_name(setting.name, f"={_quoted(xlbook.SHEET_CONTROL)}!$B${row + 1}")
        ws.data_validation(row, 1, row, 1, _validation(setting, row))


def _write_buttons(ws: Any, brow: int, fmt: dict[str, Any]) -> None:
    """The buttons on row `brow` (0-based), then what each does and the instructions."""
    ws.set_row(brow, 42)
    for i, button in enumerate(xlbook.BUTTONS):
        ws.insert_button(
            brow,
            0,
            {
                "macro": button.macro,
                "caption": button.caption,
                "width": 125,  # five buttons in the width four of 150 took
                "height": 40,
                "x_offset": 8 + i * 140,
                "y_offset": 8,
            },
        )
    row = brow + 3
    ws.write_string(row, 0, "Các nút", fmt["section"])
    for button in xlbook.BUTTONS:
        row += 1
        ws.write_string(row, 0, button.caption, fmt["label"])
        ws.merge_range(row, 1, row, 2, button.help, fmt["text"])
        ws.set_row(row, 32)
    row += 2
    ws.write_string(row, 0, INSTRUCTIONS[0], fmt["section"])
    for line in INSTRUCTIONS[1:]:
        row += 1
        ws.merge_range(row, 0, row, 2, line, fmt["text"])
        # Excel does not fit a merged cell's height to its text: about 140 characters a line.
        ws.set_row(row, max(32, 16 * -(-len(line) // 140)))


def _validation(setting: xlbook.Setting, row: int) -> dict[str, object]:
    message = setting.help if len(setting.help) <= 255 else setting.help[:254] + "…"
    common: dict[str, object] = {
        "input_title": setting.tooltip_title,
        "input_message": message,
        "error_title": "Giá trị không hợp lệ",
    }
    if setting.kind == "date":
        return {
            **common,
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(1990, 1, 1),
            "maximum": dt.date(2100, 12, 31),
            "error_message": "Hãy ghi một ngày dạng ngày/tháng/năm, ví dụ 31/03/2026.",
        }
    if setting.kind == "int" and setting.name in xlbook.AGE_SETTINGS:  # as the run reads it
        from toolkit.core.thresholds import AGE_SETTING_RANGE

        low, high = AGE_SETTING_RANGE
        return {
            **common,
            "validate": "integer",
            "criteria": "between",
            "minimum": low,
            "maximum": high,
            "error_message": f"Hãy ghi tuổi là một số nguyên từ {low} đến {high}, hoặc để trống.",
        }
    if setting.kind == "int":
        return {
            **common,
            "validate": "integer",
            "criteria": ">=",
            "value": 0,
            "error_message": "Hãy ghi một số nguyên không âm, hoặc để trống.",
        }
    if setting.kind == "file":
        cell = f"B{row + 1}"
        return {
            **common,
            "validate": "custom",
            "value": f'=OR({cell}="",LOWER(RIGHT({cell},5))=".xlsx")',
            "error_message": f"{setting.label} phải có đuôi .xlsx.",
        }
    if setting.kind == "yesno":
        return {
            **common,
            "validate": "list",
            "source": [xlbook.NO, xlbook.YES],
            "error_message": f"Hãy chọn “{xlbook.NO}” hoặc “{xlbook.YES}”.",
        }
    return {**common, "validate": "any"}


def _write_registry(wb: Any, ws: Any, table: list[list[Any]]) -> None:
    from toolkit.io.registry import HEADERS

    head = wb.add_format(
        {"bold": True, "text_wrap": True, "bg_color": "#DDEBF7", "border": 1, "valign": "vcenter"}
    )
    text_col = wb.add_format({"num_format": "@"})
    header = [str(h) for h in table[0]]
    ws.set_row(0, 32)
    for col, caption in enumerate(header):
        ws.write_string(0, col, caption, head)
    for r, row in enumerate(table[1:], start=1):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, str):
                ws.write_string(r, c, v, text_col if c == 0 else None)
            else:
                ws.write_number(r, c, v)
    widths = [12, 40, 20, 32, 24]
    ws.set_column(0, 0, widths[0], text_col)
    for c, w in enumerate(widths[1:], start=1):
        ws.set_column(c, c, w)
    ws.set_column(len(widths), len(header) + 4, 13)
    ws.freeze_panes(1, 0)
    _print_setup(ws)
    ws.repeat_rows(0)
    last = REGISTRY_ROWS
    helps = {
        HEADERS[
            "org_code"
        ]: "Mã do Đảng ủy phường cấp, không trùng nhau. Tên tệp biểu mẫu bắt đầu bằng mã này.",
        HEADERS["org_name"]: "Tên đầy đủ của tổ chức đảng.",
        HEADERS["org_tier"]: "Chọn trong danh sách.",
        HEADERS["sector"]: "Chọn trong danh sách.",
        HEADERS["secretary"]: "Họ và tên bí thư (điền sẵn vào biểu mẫu).",
    }
    for col, caption in enumerate(header):
        if caption in helps:
            ws.data_validation(
                0,
                col,
                0,
                col,
                {"validate": "any", "input_title": caption[:32], "input_message": helps[caption]},
            )
    for key, list_name in LIST_NAMES.items():
        col = header.index(HEADERS[key])
        ws.data_validation(
            1,
            col,
            last,
            col,
            {
                "validate": "list",
                "source": f"={list_name}",
                "error_title": "Giá trị không có trong danh sách",
                "error_message": "Hãy chọn một giá trị trong danh sách thả xuống.",
            },
        )
    first_target = len(widths)
    ws.data_validation(
        1,
        first_target,
        last,
        first_target + 20,
        {
            "validate": "integer",
            "criteria": ">=",
            "value": 0,
            "input_title": "Chỉ tiêu kết nạp",
            "input_message": (
                "Số đảng viên cần kết nạp trong năm ghi ở tiêu đề cột (số nguyên, để trống = 0)."
            ),
            "error_title": "Giá trị không hợp lệ",
            "error_message": "Chỉ tiêu kết nạp là số nguyên không âm.",
        },
    )


def _write_config(wb: Any, ws: Any) -> None:
    key_format = wb.add_format({"bold": True})
    note_format = wb.add_format({"italic": True, "font_color": "#404040"})
    ws.set_column("A:A", 30)
    ws.set_column("B:B", 55)
    ws.set_column("C:C", 90)
    for row, item in enumerate(CONFIG_ROWS):
        ws.write_string(row, 0, item.key, key_format)
        if item.value:
            ws.write_string(row, 1, item.value)
        ws.write_string(row, 2, item.note, note_format)
    for i, note in enumerate(CONFIG_NOTES):
        ws.write_string(len(CONFIG_ROWS) + 1 + i, 0, note, note_format)
    _print_setup(ws)


def _print_setup(ws: Any, pages_tall: int = 0) -> None:
    """A4 landscape, one page wide (and `pages_tall` high; 0 = as many as needed)."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, pages_tall)


def main() -> None:  # pragma: no cover - thin wrapper for `python -m toolkit.excel.build`
    path = build_workbook()
    print(f"Đã tạo {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
