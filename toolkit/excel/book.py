"""The consolidation workbook's layout and the helpers that read and write an open book.

`toolkit.excel.build` writes `tong_hop_phuong.xlsm` from the constants here, and the
button entry points in `toolkit.excel` read the same named cells back through xlwings, so
the two cannot drift apart. The helpers speak only the xlwings API that both the Windows
COM engine (Excel desktop, RunPython) and the remote engine (tests, xlwings Server) offer.

Import cost matters (every button press starts a Python process): nothing heavy is
imported at module level.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import unicodedata
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath
from typing import TYPE_CHECKING, Any

from toolkit.core.errors import SettingError
from toolkit.excel.failsafe import FAILED, STATUS_NAME, TEXT_PREFIX, fit_status_row, report_failure

if TYPE_CHECKING:
    from toolkit.core.model import ConsolidationResult, Issue, Registry, SettingsBook, Submission
    from toolkit.core.thresholds import Thresholds
    from toolkit.outputs.status import RunStatus
    from toolkit.outputs.upgrade import UpgradeRun
    from toolkit.worklists import WorkListsResult

SHEET_CONTROL = "Điều khiển"
SHEET_CONFIG = "xlwings.conf"  # the name xlwings' VBA module looks for
SHEET_LISTS = "DanhMuc"  # hidden dropdown lists of the registry sheet

# Rows of the control sheet: title, blank, then one row per setting, status below.
SETTINGS_FIRST_ROW = 4  # 1-based
STATUS_LABEL = "Trạng thái"  # the label beside the status cell (defined name `Status`)
UPGRADE_FOLDER = "nang_cap"  # beside the workbook: where `upgrade --settings` writes
TEMPLATE_FOLDER = "bieu_mau"  # beside the workbook: where Tạo mẫu writes unless told
LABEL_COL, VALUE_COL, HELP_COL = "A", "B", "C"


@dataclass(frozen=True)
class Setting:
    """One named setting cell of the `Điều khiển` sheet."""

    name: str  # the workbook-level defined name of the value cell
    label: str
    kind: str  # "folder", "date", "int", "file", "text", "yesno" (Có / Không)
    help: str
    example: str | None = None  # shown in the built workbook; None = left empty
    # False for settings added after the first release: a workbook saved before has no such
    # cell, and reads as if it were empty.
    in_every_book: bool = True
    # The title of the cell's tooltip when the label is longer than Excel's 32 characters.
    short_label: str | None = None

    @property
    def tooltip_title(self) -> str:
        return self.short_label or self.label


def _settings() -> tuple[Setting, ...]:
    """The control sheet's settings, top to bottom."""
    return (
        *_run_settings(),
        *_file_settings(),
        *_form_settings(),
        *_threshold_settings(),
        _privacy_setting(),
    )


def _run_settings() -> tuple[Setting, ...]:
    """What is consolidated: the submissions' folder, the dates, the admissions target."""
    from toolkit.core import layout

    return (
        Setting(
            "InputFolder",
            "Thư mục bài nộp",
            "folder",
            "Thư mục chứa các tệp biểu mẫu chi bộ đã điền (.xlsx). Có thể ghi đường dẫn đầy đủ, "
            "hoặc tên thư mục nằm cạnh tệp này.",
            "bai_nop",
        ),
        Setting(
            "CutoffDate",
            layout.INFO.field("cutoff_date").header,
            "date",
            "Số liệu tính đến ngày này, dạng ngày/tháng/năm. Bắt buộc khi Tổng hợp.",
        ),
        Setting(
            "PeriodStart",
            layout.INFO.field("period_start").header,
            "date",
            "Biến động (kết nạp, chuyển đi, xóa tên…) tính từ ngày này. Để trống: lấy theo các biểu mẫu.",
        ),
        Setting(
            "TargetOverride",
            "Chỉ tiêu kết nạp năm chốt (nếu thay)",
            "int",
            "Để trống: chỉ tiêu của phường là tổng chỉ tiêu các tổ chức trong sheet “Danh mục tổ chức”. "
            "Ghi một số nguyên để thay chỉ tiêu của năm có ngày chốt số liệu.",
            short_label="Chỉ tiêu kết nạp năm chốt",
        ),
    )


def _file_settings() -> tuple[Setting, ...]:
    """Where the buttons write: the consolidation, the branch templates, the work lists."""
    return (
        Setting(
            "OutputFile",
            "Tệp kết quả",
            "file",
            "Tệp .xlsx ghi kết quả tổng hợp (kèm biểu đồ). Để trống: tong_hop_<ngày chốt>.xlsx "
            "trong thư mục bài nộp.",
        ),
        Setting(
            "TemplateFolder",
            "Thư mục ghi biểu mẫu",
            "folder",
            "Nút “Tạo mẫu” ghi mỗi tổ chức một biểu mẫu điền sẵn vào thư mục này. Để trống: "
            "thư mục bieu_mau cạnh tệp này.",
        ),
        Setting(
            "ListsFile",
            "Tệp danh sách",
            "file",
            "Nút “Danh sách” ghi bốn danh sách vào tệp .xlsx này. Tệp có họ tên đảng viên: lưu ở nơi "
            "an toàn. Để trống: danh_sach_<ngày chốt>.xlsx cạnh tệp này.",
            in_every_book=False,
        ),
    )


def _form_settings() -> tuple[Setting, ...]:
    """The official forms' heading and reporting period."""
    return (
        Setting(
            "WardName",
            "Tên phường",
            "text",
            "Ví dụ “Phường Hải Dương”: ghi ở đầu các Biểu 1–4-BTCTW và vào lịch sử. Để trống: các "
            "biểu chỉ ghi “ĐẢNG ỦY PHƯỜNG”, Tổng hợp có cảnh báo.",
            in_every_book=False,
        ),
        Setting(
            "FormPeriodStart",
            "Biểu mẫu BTCTW: kỳ báo cáo từ ngày",
            "date",
            "Kỳ báo cáo của Biểu 1–4-BTCTW bắt đầu từ ngày này và kết thúc ở ngày chốt số liệu. "
            "Để trống: từ 01/01 năm của ngày chốt. Lịch sử các lần tổng hợp ghi ở tệp "
            "lich_su_tong_hop.sqlite cạnh tệp này.",
            in_every_book=False,
            short_label="Kỳ báo cáo Biểu BTCTW từ ngày",
        ),
    )


def _threshold_settings() -> tuple[Setting, ...]:
    """The thresholds of the rules a ward may set (`toolkit.core.thresholds`)."""
    from toolkit.core.thresholds import OLD_AGE_MEN, OLD_AGE_WOMEN

    return (
        Setting(
            "OldAgeMen",
            "Tuổi được miễn vì tuổi cao: nam",
            "int",
            f"Đảng viên nam được miễn công tác và sinh hoạt đảng vì tuổi cao, sức khỏe yếu từ tuổi này "
            f"(dùng khi Kiểm tra, Tổng hợp và lập Danh sách). Để trống: {OLD_AGE_MEN}.",
            str(OLD_AGE_MEN),
            in_every_book=False,
        ),
        Setting(
            "OldAgeWomen",
            "Tuổi được miễn vì tuổi cao: nữ",
            "int",
            f"Như trên, với đảng viên nữ. Để trống: {OLD_AGE_WOMEN}.",
            str(OLD_AGE_WOMEN),
            in_every_book=False,
        ),
    )


YES, NO = "Có", "Không"


def _privacy_setting() -> Setting:
    """Whether the issue lists keep member-level values (aggregates only unless asked for)."""
    return Setting(
        "PersonalData",
        "Ghi dữ liệu cá nhân vào danh sách lỗi",
        "yesno",
        f"{NO} (mặc định): danh sách lỗi không ghi giá trị ô, họ tên, ngày sinh của đảng viên. "
        f"{YES}: ghi cả các giá trị đó (dữ liệu cá nhân: chỉ dùng tệp kết quả trong văn phòng).",
        NO,
        in_every_book=False,
        short_label="Danh sách lỗi: dữ liệu cá nhân",
    )


@functools.cache
def settings() -> tuple[Setting, ...]:
    """The setting cells in sheet order (built on first use: labels come from `layout`)."""
    return _settings()


def setting_row(name: str) -> int:
    """1-based row of a setting on the control sheet."""
    for i, s in enumerate(settings()):
        if s.name == name:
            return SETTINGS_FIRST_ROW + i
    raise KeyError(name)


def setting_place(name: str, places: Mapping[str, str] | None = None) -> str:
    """Where setting `name` is, as a message names it: “sheet “Điều khiển”, ô B5”. `places`: where
    the book read holds each cell, by its defined name (`cell_place`; a clerk may have inserted a
    row above the settings, review364); else from `SETTINGS_FIRST_ROW`, `VALUE_COL` and the
    settings' order, the layout the workbook is built by."""
    if places and name in places:
        return places[name]
    return cell_place(SHEET_CONTROL, f"{VALUE_COL}{setting_row(name)}")


def setting_cell(name: str, places: Mapping[str, str] | None = None, of: str = "") -> str:
    """Setting `name`'s cell as a fix names it: ô “Tên phường” (sheet “Điều khiển”, ô B11), its
    place as `setting_place` says it (`places`: the book read's; a row inserted above the settings
    moves it); `of` after the label (“ của tệp --settings”)."""
    return f"ô \u201c{_label(name)}\u201d{of} ({setting_place(name, places)})"


def ward_name_fix(places: Mapping[str, str] | None = None) -> str:
    """How the “Tổng hợp” button's run is given the ward's name it lacks (`status.NO_WARD_NAME`):
    the book's `Tên phường` cell with its address (before: “ô “Tên phường” ở sheet “Điều khiển””,
    no address, where every setting's message names one, fix391)."""
    return f"ghi {setting_cell('WardName', places)} rồi chạy lại"


def cell_place(sheet: str, ref: str) -> str:
    """A cell's place as a message names it: “sheet “Điều khiển”, ô B5” (`ref` without `$`)."""
    return f"sheet \u201c{sheet}\u201d, ô {ref.replace('$', '')}"


_CELL_PLACE = re.compile(r"sheet \u201c(?P<sheet>.+)\u201d, ô (?P<ref>[A-Z]{1,3}[0-9]+)")


def setting_ref(name: str, places: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Setting `name`'s sheet and cell (“Điều khiển”, “B11”), where `setting_place` says it is
    (the place `cell_place` wrote, read back; the layout's when it is not one)."""
    m = _CELL_PLACE.fullmatch(setting_place(name, places))
    if m is None:
        return SHEET_CONTROL, f"{VALUE_COL}{setting_row(name)}"
    return m["sheet"], m["ref"]


def settings_book(book: Any, read: Settings) -> SettingsBook | None:
    """The calling workbook as the run's issues about a setting name it (`rules.at_setting_cells`):
    its file name, its path and each setting's cell where the book holds it (`read.places`);
    None when the book gives no name."""
    from toolkit.core.model import SettingsBook

    place = book_file(book)
    if place is None:  # no name to give: the issues stay of no file
        return None
    cells = {s.name: setting_ref(s.name, read.places) for s in settings()}
    return SettingsBook(file=place[0], path=read.book_folder / place[0], cells=cells)


def placed(message: str, *names: str, places: Mapping[str, str] | None = None) -> str:
    """`message` with the sheet and cell of each setting of `names` after the first mention of
    its label (“Ngày chốt số liệu” (sheet “Điều khiển”, ô B5)), inside the brackets that close
    right after it (“(ô “Thư mục bài nộp”, sheet “Điều khiển”, ô B4)”, not brackets in brackets),
    or at its end when the label is not quoted in it; a place already said is not said twice."""
    for name in names:
        place = setting_place(name, places)
        if place in message:
            continue
        quoted = f"\u201c{_label(name)}\u201d"
        at = message.find(quoted)
        if at < 0:
            message = f"{message.rstrip()} ({place})"
            continue
        end = at + len(quoted)
        said = f", {place}" if message[end : end + 1] == ")" else f" ({place})"
        message = f"{message[:end]}{said}{message[end:]}"
    return message


def status_row() -> int:
    return SETTINGS_FIRST_ROW + len(settings()) + 1


@dataclass(frozen=True)
class Button:
    macro: str  # Sub in macros/WardStats.bas
    caption: str
    entry_point: str  # function of toolkit.excel that the macro runs
    help: str
    # The setting cells the button reads, by defined name: only these stop it when wrong
    # (`settings_from_values`); the command of the path without macros reads the same.
    uses: tuple[str, ...] = ()
    doing: str = ""  # what the button does, after “trước khi” in the note of a cell it does not use


# What every button that reads the submissions uses: the folder, the cut-off, the old-age ages.
_READING = ("InputFolder", "CutoffDate", "OldAgeMen", "OldAgeWomen")

BUTTONS: tuple[Button, ...] = (
    Button(
        "TaoMau",
        "Tạo mẫu",
        "make_templates",
        "Tạo cho mỗi tổ chức trong “Danh mục tổ chức” một biểu mẫu đã điền sẵn mã, tên, cấp, "
        "khối và bí thư, để gửi các chi bộ.",
        uses=("InputFolder", "TemplateFolder"),
        doing="tạo mẫu",
    ),
    Button(
        "KiemTra",
        "Kiểm tra",
        "validate",
        "Đọc mọi tệp trong thư mục bài nộp và liệt kê từng lỗi, cảnh báo (tệp, ô, cách sửa) "
        "trong sheet “Kiểm tra”; mỗi tệp cần sửa có thêm một tệp trong thư mục phan_hoi cạnh tệp "
        "này, để gửi lại chi bộ. Không tổng hợp.",
        uses=(*_READING, "PeriodStart", "PersonalData"),
        doing="kiểm tra",
    ),
    Button(
        "TongHop",
        "Tổng hợp",
        "consolidate",
        "Kiểm tra rồi tổng hợp các tệp hợp lệ: ghi các sheet kết quả vào tệp này và ghi tệp "
        "kết quả .xlsx (có biểu đồ).",
        uses=(
            *_READING,
            *("PeriodStart", "PersonalData", "OutputFile", "TargetOverride", "WardName", "FormPeriodStart"),
        ),
        doing="tổng hợp",
    ),
    Button(
        "DanhSach",
        "Danh sách",
        "make_lists",
        "Lập từ các tệp hợp lệ bốn danh sách: dự bị đến hạn xét chính thức, đủ tuổi đảng nhận huy hiệu "
        "Đảng, miễn và tạm miễn cần xem lại, đi làm ăn xa. Chỉ ghi vào ô “Tệp danh sách” (có họ tên "
        "đảng viên), không ghi vào tệp này.",
        uses=(*_READING, "ListsFile"),
        doing="lập danh sách",
    ),
    Button(
        "NangCap",
        "Nâng cấp",
        "upgrade",
        "Chép các tệp trong thư mục bài nộp còn dùng biểu mẫu cũ (2026.1) sang biểu mẫu mới, vào thư "
        "mục nang_cap cạnh tệp này, để gửi lại chi bộ bổ sung. Tệp gốc không bị sửa.",
        uses=("InputFolder",),
        doing="nâng cấp",
    ),
)

# RunPython command of each macro; the .bas source must contain exactly these.
RUNPYTHON_TEMPLATE = 'RunPython "import toolkit.excel as e; e.{entry}()"'


# --- reading settings ------------------------------------------------------------------------


@dataclass(frozen=True)
class CellError:
    """An Excel error value (#N/A, #REF!, …) read from a cell, as Excel shows it: never the
    value of a setting or of the registry (`read_marking_errors`; openpyxl's data type "e")."""

    text: str

    def refusal(self, where: str) -> str:
        return (
            f"{where} = {self.text} là giá trị lỗi của Excel (thường do công thức hỏng): hãy sửa "
            "công thức, hoặc ghi lại giá trị vào ô."
        )


def read_marking_errors(rng: Any) -> Any:
    """An xlwings range's value with each error cell as a `CellError`. xlwings reads an error
    cell as None; with `err_to_str` as its text, like a text cell of the same letters: a cell
    that reads None one way and text the other is an error cell."""
    return _marked(rng.value, rng.options(err_to_str=True).value)


def _marked(plain: Any, shown: Any) -> Any:
    if isinstance(plain, list) and isinstance(shown, list):
        return [_marked(p, s) for p, s in zip(plain, shown, strict=False)]
    if plain is None and isinstance(shown, str) and shown:
        return CellError(shown)
    return plain


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def coerce_date(value: Any, label: str) -> dt.date | None:
    """A date typed in a cell (a real date, an Excel serial number, or d/m/yyyy / yyyy-mm-dd
    text), inside the years a run's date may have (`dates.outside_run_dates`)."""
    from toolkit.core.dates import outside_run_dates

    found = _cell_date(value, label)
    outside = outside_run_dates(found) if found is not None else None
    if outside:
        raise SettingError(f"Ô “{label}”: {outside}.")
    return found


def _cell_date(value: Any, label: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    text = _text(value)
    from toolkit.core.dates import date_from_text, impossible_date, year_digits_words

    found = date_from_text(text)
    if found is not None:
        return found
    why = impossible_date(text)
    if why:
        raise SettingError(f"Ô “{label}” = “{text}” không phải ngày có thật: {why}. Hãy sửa lại ngày.")
    year_digits = year_digits_words(text)
    if year_digits:  # "31/3/26", "31/3/026", "31/3/20266": never guessed (fix353, fix368, fix376)
        raise SettingError(f"Ô “{label}” = “{text}”: {year_digits}, ví dụ 31/03/2026.")
    raise SettingError(
        f"Ô “{label}” = “{text}” không phải ngày; hãy ghi dạng ngày/tháng/năm, ví dụ 31/03/2026."
    )


def coerce_yes_no(value: Any, label: str) -> bool:
    """A Có / Không cell (empty: Không); typed without accents or in another case is accepted."""
    if value is None or value == "" or value is False:
        return False
    if value is True:
        return True
    from toolkit.core.vocab import fold_key as fold

    text = fold(_text(value))
    if text in ("co", "1", "yes", "true"):
        return True
    if text in ("khong", "0", "no", "false"):
        return False
    raise SettingError(f"Ô “{label}” = “{_text(value)}”: hãy chọn “{YES}” hoặc “{NO}”.")


def coerce_int(value: Any, label: str, wanted: str = "số nguyên không âm") -> int | None:
    """A whole number typed in a cell (a number, or text: `2`, `2.0`, `2,0`); text that reads
    as thousands grouped or as decimals (`1.000`: `vnformat.grouping_or_decimal`) is refused,
    naming the cell, where it was taken for 1 without a word (hunt133 #5). `wanted`: what the
    refusal of no whole number asks for (an old-age cell's range: hunt356)."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        from toolkit.core.vnformat import grouping_or_decimal

        text = _text(value)
        if (mark := grouping_or_decimal(text)) is not None:
            raise SettingError(
                f"Ô “{label}” = “{text}”: không rõ dấu “{mark}” là dấu ngăn cách hàng nghìn "
                f"({text.replace(mark, '')}) hay dấu thập phân; hãy ghi số nguyên không có dấu chấm, "
                "dấu phẩy."
            )
        try:  # `1e9` typed as text: a typo or a spreadsheet's artefact, no whole number typed
            number = -1.0 if "e" in text.lower() else float(text.replace(",", "."))
        except ValueError:
            number = -1.0
    if number < 0 or not number.is_integer():
        raise SettingError(f"Ô “{label}” = “{_text(value)}” phải là {wanted}.")
    return int(number)


@dataclass(frozen=True)
class Settings:
    input_folder: Path | None
    cutoff: dt.date | None
    period_start: dt.date | None
    target_override: int | None
    output_file: Path | None
    template_folder: Path | None
    book_folder: Path
    lists_file: Path | None = None
    ward_name: str | None = None
    form_period_start: dt.date | None = None
    old_age_men: int | None = None
    old_age_women: int | None = None
    personal_data: bool = False  # the issue lists keep member-level values (`PersonalData`)
    # The wrong cells the run does not use, read as empty: (setting name, what is wrong).
    set_aside: tuple[tuple[str, str], ...] = ()
    # Where the book read holds each setting cell, by name (`setting_place`); empty: the layout's.
    places: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def require_input_folder(self) -> Path:
        label = _label("InputFolder")
        if self.input_folder is None:
            raise SettingError(placed(f"Chưa ghi “{label}”.", "InputFolder", places=self.places))
        if (problem := self.input_folder_problem()) is not None:
            raise SettingError(problem)
        return self.input_folder

    def input_folder_problem(self, *, for_templates: bool = False) -> str | None:
        """What is wrong with a filled submissions-folder cell: a file's path (copied for its
        folder's) or a folder that is not there; None when it is a folder or empty. With
        `for_templates` (Tạo mẫu, which does not read it: a new period's folder is often not made
        yet) a missing folder is said as one to make before Kiểm tra, Tổng hợp."""
        folder, label = self.input_folder, _label("InputFolder")
        if folder is None or folder.is_dir():
            return None
        if folder.is_file():
            return placed(
                f"Ô “{label}” = “{folder}” là một tệp, không phải thư mục: hãy ghi thư mục "
                f"chứa các tệp của chi bộ (ví dụ “{folder.parent}”).",
                "InputFolder",
                places=self.places,
            )
        shown = _as_typed(folder, self.book_folder)
        if for_templates:
            return placed(
                f"Chưa có thư mục “{shown}” (ô “{label}”): hãy tạo thư mục này để nhận bài nộp của các "
                "chi bộ, hoặc sửa ô, trước khi kiểm tra, tổng hợp.",
                "InputFolder",
                places=self.places,
            )
        return placed(f"Không tìm thấy thư mục “{shown}” (ô “{label}”).", "InputFolder", places=self.places)

    def require_cutoff(self) -> dt.date:
        if self.cutoff is None:
            raise SettingError(
                placed(f"Chưa ghi “{_label('CutoffDate')}”.", "CutoffDate", places=self.places)
            )
        return self.cutoff

    def output_path(self, folder: Path | None = None, cutoff: dt.date | None = None) -> Path:
        """The result file: the cell's, else `tong_hop_<cut-off>.xlsx` in the submissions folder.
        `folder` and `cutoff` are the run's when the command line gave them (the default name
        then follows the run, not the cells)."""
        self._refuse_file_cells("OutputFile", folder, cutoff)
        if self.output_file is not None:
            return _in_a_folder(self.output_file, "OutputFile", self.book_folder, self.places)
        return self._default_output(folder or self.require_input_folder(), cutoff)

    def _default_output(self, folder: Path, cutoff: dt.date | None) -> Path:
        return folder / f"tong_hop_{cutoff or self.require_cutoff():%Y-%m-%d}.xlsx"

    def output_label(self, of: str = "") -> str:
        """How messages name `output_path`: by its cell only when the clerk filled it (the
        default `tong_hop_<cut-off>.xlsx` is no cell's), never by the command line's `-o`, which
        a clerk at the buttons never typed. `of` follows the cell's name (" của tệp --settings")."""
        return _file_label("tệp kết quả", "OutputFile", self.output_file, of, self.places)

    def lists_label(self, of: str = "") -> str:
        """How messages name `lists_path`, as `output_label` names the result."""
        return _file_label("tệp danh sách", "ListsFile", self.lists_file, of, self.places)

    def form_period_label(self) -> str:
        """How the buttons' messages name the forms' period start: by its cell."""
        return f"Ô “{_label('FormPeriodStart')}” ({setting_place('FormPeriodStart', self.places)})"

    def target_override_by_year(self, cutoff: dt.date | None = None) -> dict[int, int] | None:
        """The override applies to the year of the run's cut-off (`cutoff`, the command line's
        when it gave one; else the cell's)."""
        if self.target_override is None:
            return None
        return {(cutoff or self.require_cutoff()).year: self.target_override}

    def template_path(self, chosen: Path | None = None) -> Path:
        """Where Tạo mẫu writes; never the submissions folder, where the blank templates would be
        read as submissions (SettingError naming both cells), nor a file (SettingError naming
        the cell: a path copied for a folder). `chosen`: the command line's `--out`, which
        replaces the cell, not the rule: the submissions folder is refused for it alike, naming
        `--out` (outputs are never inputs)."""
        folder = chosen or self.template_folder or self.book_folder / TEMPLATE_FOLDER
        cell = f"ô “{_label('TemplateFolder')}”"  # its place said once, by `placed` below
        if chosen is None and self.template_folder is not None and self.template_folder.is_file():
            # A file's path copied for a folder (a submission's, most likely): never "rename it".
            raise SettingError(
                placed(
                    f"Ô “{_label('TemplateFolder')}” = “{self.template_folder}” là một tệp, không phải "
                    f"thư mục: hãy ghi một thư mục (không phải thư mục bài nộp), hoặc để trống ô này để ghi "
                    f"vào thư mục {TEMPLATE_FOLDER} cạnh tệp tổng hợp "
                    f"(“{self.book_folder / TEMPLATE_FOLDER}”).",
                    "TemplateFolder",
                    places=self.places,
                )
            )
        if self.input_folder is not None and _same_folder(folder, self.input_folder):
            where, instead = (
                ("--out", f"Hãy ghi một thư mục khác sau --out, hoặc bỏ --out để ghi theo {cell}.")
                if chosen is not None
                else (
                    cell,
                    f"Hãy ghi một thư mục khác vào {cell} (để trống: thư mục {TEMPLATE_FOLDER} cạnh tệp "
                    "tổng hợp).",
                )
            )
            raise SettingError(
                placed(
                    f"Thư mục ghi biểu mẫu “{folder}” ({where}) cũng là thư mục bài nộp "
                    f"(ô “{_label('InputFolder')}”): các biểu mẫu trống ghi vào đó sẽ bị đọc như bài nộp "
                    f"khi Kiểm tra, Tổng hợp. {instead}",
                    "TemplateFolder",
                    "InputFolder",
                    places=self.places,
                )
            )
        return folder

    def feedback_path(self) -> Path:
        """Where `Kiểm tra` writes each file's feedback for its secretary: `phan_hoi` beside the
        workbook (`toolkit.outputs.feedback`)."""
        from toolkit.outputs.feedback import FEEDBACK_FOLDER

        return self.book_folder / FEEDBACK_FOLDER

    def upgrade_path(self) -> Path:
        """Where `upgrade --settings` writes: `nang_cap` beside the workbook (never inside the
        submissions folder, where an upgraded copy would be read as a second submission)."""
        return self.book_folder / UPGRADE_FOLDER

    def lists_path(self, folder: Path | None = None, cutoff: dt.date | None = None) -> Path:
        """The work lists file: the cell's, else `danh_sach_<cut-off>.xlsx` beside the workbook
        (not in the submissions folder, where it would be read as a submission next time).
        `folder` and `cutoff` are the run's, as for `output_path`."""
        self._refuse_file_cells("ListsFile", folder, cutoff)
        if self.lists_file is not None:
            return _in_a_folder(self.lists_file, "ListsFile", self.book_folder, self.places)
        return self._default_lists(cutoff)

    def _default_lists(self, cutoff: dt.date | None) -> Path:
        return self.book_folder / f"danh_sach_{cutoff or self.require_cutoff():%Y-%m-%d}.xlsx"

    def _refuse_file_cells(self, name: str, folder: Path | None, cutoff: dt.date | None) -> None:
        """The file cell `name` that the run writes may not be: in the feedback folder
        (`phan_hoi`, whose files the clerk sends to the chi bộ), or naming the other file
        cell's file (`_refuse_one_file`). The other cell's own problems are its button's."""
        if (problem := self.feedback_folder_problem(name)) is not None:
            raise SettingError(problem)
        self._refuse_one_file(folder, cutoff)

    def feedback_folder_problem(self, name: str) -> str | None:
        """What is wrong with file cell `name` naming a file in the feedback folder, if it does."""
        path = getattr(self, _FIELD[name])
        if path is None or not _within(path, self.feedback_path()):
            return None
        return placed(
            f"Ô “{_label(name)}” = “{path}” nằm trong thư mục phản hồi “{self.feedback_path()}”: các "
            "tệp ở đó là tệp phản hồi gửi lại chi bộ, và Kiểm tra thay chúng. Hãy ghi tệp vào thư mục khác.",
            name,
            places=self.places,
        )

    def submission_problem(self, name: str) -> str | None:
        """What is wrong with file cell `name` naming a submission of the submissions folder (a
        “Copy as path” of CB01.xlsx), if it does: the rule by which the run refuses to write over
        its inputs (`publish.clashing_input`), with the cells as they are."""
        path = getattr(self, _FIELD[name])
        if path is None or self.input_folder is None or not self.input_folder.is_dir():
            return None
        from toolkit.io.discover import discover
        from toolkit.outputs.publish import SUBMISSION_INPUT, clashing_input, input_clash_message

        clash = clashing_input(path, dict.fromkeys(discover([self.input_folder]), SUBMISSION_INPUT))
        if clash is None:
            return None
        what = "tệp kết quả" if name == "OutputFile" else "tệp danh sách"
        return input_clash_message(path, _file_label(what, name, path, "", self.places), *clash)

    def long_path_problem(self, name: str) -> str | None:
        """What is wrong with file cell `name` naming a file too long for Windows without long
        paths, or for Excel to open (`atomic.EXCEL_MAX_PATH`), if it does: measured as its run
        writes it (`check_target`; the result as an output of a run, the lists alone) and said
        in its run's words."""
        from toolkit.io.atomic import long_path_problem

        path = getattr(self, _FIELD[name])
        if path is None:
            return None
        label = self.output_label() if name == "OutputFile" else self.lists_label()
        return long_path_problem(path, label, run_output=name == "OutputFile")

    def cell_problems(self) -> dict[str, str]:
        """What is wrong with each folder or file cell the buttons write by, on its own value and
        the other cells, as its button refuses it: the template folder a file or the submissions
        folder (`template_path`), a file cell in the feedback folder, naming a submission, or
        too long for Windows without long paths."""
        problems: dict[str, str] = {}
        try:
            self.template_path()
        except SettingError as exc:
            problems["TemplateFolder"] = exc.message_vi
        for name in ("OutputFile", "ListsFile"):
            problem = self.feedback_folder_problem(name) or self.submission_problem(name)
            problem = problem or self.long_path_problem(name)
            if problem is not None:
                problems[name] = problem
        return problems

    def _refuse_one_file(self, folder: Path | None, cutoff: dt.date | None) -> None:
        """“Tệp kết quả” and “Tệp danh sách” naming one file, a cell's or the default the other
        cell's emptiness gives: each run would replace the other's workbook (the work lists,
        with names and birth dates, silently). Both files are compared as the run uses them:
        `folder` and `cutoff` are the run's (the command line's, else the cells')."""
        out, lists = self.output_file, self.lists_file
        if out is None and lists is None:
            return  # the defaults: two names in two folders
        if {"OutputFile", "ListsFile"} & {name for name, _ in self.set_aside}:
            return  # a cell set aside names no file yet; its button refuses it
        cutoff = cutoff or self.cutoff
        folder = folder or self.input_folder
        if cutoff is None:
            return  # a default cannot be named yet; the run asks for the cut-off itself
        if out is None:
            if folder is None:
                return  # nor without a folder; the run asks for it
            out = self._default_output(folder, cutoff)
        lists = lists or self._default_lists(cutoff)
        if not _same_folder(out, lists):
            return
        if self.output_file is not None and self.lists_file is not None:
            raise SettingError(
                placed(
                    f"Ô “{_label('OutputFile')}” và ô “{_label('ListsFile')}” cùng ghi tệp “{out}”: kết "
                    "quả tổng hợp và danh sách sẽ ghi đè lên nhau. Hãy đặt hai tên tệp khác nhau.",
                    "OutputFile",
                    "ListsFile",
                    places=self.places,
                )
            )
        filled, empty = "OutputFile", "ListsFile"
        if self.output_file is None:
            filled, empty = empty, filled
        raise SettingError(
            placed(
                f"Ô “{_label(filled)}” ghi tệp “{out}”, cũng là tệp mà ô “{_label(empty)}” để trống thì "
                "dùng: kết quả tổng hợp và danh sách sẽ ghi đè lên nhau. Hãy đặt một tên tệp khác vào ô "
                f"“{_label(filled)}”, hoặc ghi tên tệp vào ô “{_label(empty)}”.",
                filled,
                empty,
                places=self.places,
            )
        )

    def thresholds(self, men: int | None = None, women: int | None = None) -> Thresholds:
        """The rules' thresholds set in the workbook (the defaults where left empty); `men` and
        `women`, when given (the command line's options), win over the cells. An age cell out
        of range is refused naming the cell."""
        from toolkit.core.thresholds import Thresholds

        for name, given in (("OldAgeMen", men), ("OldAgeWomen", women)):
            problem = (
                None if given is not None else _age_problem(name, getattr(self, _FIELD[name]), self.places)
            )
            if problem is not None:
                raise SettingError(problem)
        return Thresholds.of(
            self.old_age_men if men is None else men, self.old_age_women if women is None else women
        )


def _within(path: Path, folder: Path) -> bool:
    """Whether `path` is in `folder` or below it (by the folders as they are, else as spelled)."""
    return any(_same_folder(parent, folder) for parent in Path(os.path.abspath(path)).parents)


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # one is not there (yet): by their spelling
        return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def _file_label(what: str, name: str, filled: Path | None, of: str, places: Mapping[str, str]) -> str:
    return f"{what} (ô “{_label(name)}”{of}, {setting_place(name, places)})" if filled is not None else what


def _in_a_folder(path: Path, name: str, base: Path, places: Mapping[str, str]) -> Path:
    """The file of setting `name`, once its folder is one (messages name the cell)."""
    from toolkit.io.atomic import folder_problem

    problem = folder_problem(path.parent)
    if problem is not None:
        raise SettingError(
            placed(
                f"Ô “{_label(name)}” = “{_as_typed(path, base)}”: {problem}. Hãy ghi tệp vào một thư mục "
                "có thật, hoặc sửa ô.",
                name,
                places=places,
            )
        )
    return path


def _as_typed(path: Path, base: Path) -> str:
    """How a message names the path of a path cell that is not there: as typed when it looks
    absolute but was read from `base` (a Windows drive's path where the system is not Windows,
    one behind a stray quote that `_path_text` leaves), for `base / value` names a place the
    clerk never wrote (hunt133 #4); else the whole path, which says where it was looked for."""
    try:
        typed = str(path.relative_to(base))
    except ValueError:
        return str(path)
    bare = typed.lstrip("".join(_QUOTE_KINDS))
    return typed if bare.startswith(("/", "\\")) or PureWindowsPath(bare).drive else str(path)


def _label(name: str) -> str:
    return next(s.label for s in settings() if s.name == name)


setting_label = _label  # the label of setting `name`, for the edges' messages


def book_folder(book: Any) -> Path:
    """Folder of the calling workbook (relative settings are resolved against it)."""
    full = Path(str(book.fullname))
    return full.parent if full.parent != Path("") else Path.cwd()


def _path(value: Any, base: Path) -> Path | None:
    """The path a setting cell names, relative ones from `base`, without the spaces and the
    quotes around it (`_path_text`: as “Copy as path”, autocorrect or a chat give them) unless
    a name with those quotes is there. Its other characters are kept as typed: the file
    system does not normalise names, so a folder named in decomposed Unicode (Unikey's
    “Unicode tổ hợp”, a zip made on a Mac) or with two spaces in a row is another folder than
    its tidied spelling. Only when the path as typed is not there is its NFC spelling taken,
    if that one is, else its spelling in another Unicode form, part by part (a folder unzipped
    from a Mac's archive, typed composed) (`io.files.as_on_disk`, as for a path typed on the
    command line)."""
    text = _path_text(value)
    if not text:
        return None
    quoted = _joined(_typed_path_text(value), base)
    if quoted != _joined(text, base) and os.path.exists(quoted):
        return quoted  # a name that does begin and end with quotes (`'A' và 'B'`)
    typed = _joined(text, base)
    composed = unicodedata.normalize("NFC", text)
    from toolkit.io.files import as_on_disk

    return as_on_disk(typed, _joined(composed, base))


# Endings of files that are no .xlsx workbook: a `file` setting naming one is refused, never
# written as `kq.xls.xlsx` beside the name the clerk typed (Excel's other formats, text, this
# tool's own JSON and history, documents).
OTHER_FILE_ENDINGS = frozenset(
    {".xls", ".xlsm", ".xlsb", ".xltx", ".xltm", ".xlt", ".ods", ".csv", ".txt", ".json"}
    | {".sqlite", ".db", ".pdf", ".doc", ".docx", ".md", ".zip", ".bak", ".tmp"}
    | {".et", ".ett", ".ots", ".numbers", ".xml", ".htm", ".html", ".xlam", ".rar", ".7z"}
)


def _file_path(value: Any, base: Path, label: str) -> Path | None:
    """The .xlsx file a `file` setting cell names (`_path`): a name without the ending gets
    it added (`tong_hop_31.03.2026` is `tong_hop_31.03.2026.xlsx`, never `tong_hop_31.03.xlsx`;
    trailing dots and spaces go first, as Windows drops them: `tong hop.` is `tong hop.xlsx`);
    a folder's name (ending in a slash, or of a folder that exists) and another file type's
    ending (`OTHER_FILE_ENDINGS`: `kq.xls`, `tong_hop.xlsm`) are refused, naming the cell."""
    path = _path(value, base)
    if path is None:
        return None
    text = _path_text(value)
    if text.endswith(("/", "\\")) or path.is_dir():
        raise SettingError(
            f"Ô “{label}” = “{text}” là một thư mục, không phải tên tệp: hãy ghi cả tên tệp .xlsx "
            f"(ví dụ “{path / 'ten_tep.xlsx'}”)."
        )
    if path.name.rstrip(". ") and path.name != path.name.rstrip(". "):
        path = path.with_name(path.name.rstrip(". "))
    if path.suffix.lower() in OTHER_FILE_ENDINGS:
        raise SettingError(
            f"Ô “{label}” = “{text}”: công cụ chỉ ghi tệp Excel có đuôi .xlsx, không ghi tệp "
            f"“{path.suffix}”; hãy ghi “{path.with_suffix('.xlsx').name}” hoặc để trống ô này."
        )
    named = path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")
    if named.is_dir():
        raise SettingError(
            f"Ô “{label}” = “{text}”: “{named}” là một thư mục, không phải tệp; hãy ghi tên tệp khác."
        )
    return named


def _unusable_path(label: str, value: Any, exc: OSError) -> str:
    """A path cell the system refuses to look at (`OSError` while probing it: ENAMETOOLONG, a
    folder on the way the user may not open), naming the cell."""
    from toolkit.core.errors import os_error_text

    text = _path_text(value)
    shown = text if len(text) <= 80 else f"{text[:60]} … {text[-12:]}"
    return (
        f"Ô “{label}” = “{shown}”: không dùng được đường dẫn này ({os_error_text(exc)}). "
        "Hãy ghi một đường dẫn ngắn hơn, đến thư mục có thật."
    )


# The quotes a pasted path comes wrapped in: straight ones from “Copy as path”, curly ones once
# Word, Zalo or Outlook have autocorrected them (“…”, ‘…’, and “…" or ‘…' when they turned only
# one), single ones as a path is quoted in a chat. A pair of one kind (double or single) is
# taken off only when it wraps the whole value: `Chi bộ 'A'` keeps its quotes (hunt133 #4).
_QUOTE_KINDS = ('"\u201c\u201d\u201e', "'\u2018\u2019")


def _path_text(value: Any) -> str:
    """A path cell's text, without the spaces and the quotes around it (`_QUOTE_KINDS`; a
    straight double quote, which no Windows name may hold, also alone: a paste cut short)."""
    text = _typed_path_text(value)
    while len(text) >= 2 and any(text[0] in kind and text[-1] in kind for kind in _QUOTE_KINDS):
        text = text[1:-1].strip()
    return text.strip('"').strip()


def _typed_path_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _joined(text: str, base: Path) -> Path:
    path = Path(text).expanduser()
    return path if path.is_absolute() else base / path


def read_settings(book: Any, uses: Collection[str] | None = None) -> Settings:
    """Read every named setting cell of the calling book (a later setting that the book
    predates reads as empty); only the cells of `uses` may stop the run (`settings_from_values`)."""
    values = {s.name: _named_cell_value(book, s) for s in settings()}
    return settings_from_values(values, book_folder(book), uses, places=_named_cell_places(book))


def missing_sheet_message(file_name: str, sheet: str) -> str:
    """A sheet the consolidation workbook must have is not there (renamed or deleted): the same
    words on the buttons' path and on the `--settings` path."""
    return f"Tệp “{file_name}” không có sheet “{sheet}”."


def missing_setting_message(file_name: str, setting: Setting) -> str:
    """A setting cell's defined name is not there (its row deleted, sheets copied by hand)."""
    return (
        f"Tệp “{file_name}” không có ô thiết lập “{setting.label}” (tên {setting.name}); hãy dùng tệp "
        "tong_hop_phuong.xlsm của bộ cài đặt."
    )


def missing_status_message(file_name: str) -> str:
    """The status cell's defined name is not there (its row deleted, sheets copied by hand)."""
    return (
        f"Tệp “{file_name}” không có ô “{STATUS_LABEL}” (tên {STATUS_NAME}), nơi nút báo kết quả; "
        "nút chưa làm gì. Hãy dùng tệp tong_hop_phuong.xlsm của bộ cài đặt."
    )


def unwritable_status_message(file_name: str) -> str:
    """The status cell refuses a value (most likely its sheet is protected)."""
    return (
        f"Không ghi được vào ô “{STATUS_LABEL}” (tên {STATUS_NAME}) của tệp “{file_name}”, nơi nút báo "
        f"kết quả; nút chưa làm gì. Nếu sheet “{SHEET_CONTROL}” đang được bảo vệ, hãy bỏ bảo vệ "
        "(Review → Unprotect Sheet) rồi bấm lại nút."
    )


def book_file_name(book: Any) -> str:
    """The calling book's file name, for messages (its full path when that is all it gives)."""
    try:
        return str(book.name)
    except Exception:  # no name to give: the book as the clerk knows it
        return "tong_hop_phuong.xlsm"


def book_sheet(book: Any, name: str) -> Any:
    """The book's sheet `name`; a missing one (renamed, deleted) raises SettingError naming it.
    The engines raise different, English errors for it, so the sheets are looked through."""
    for sheet in book.sheets:
        if sheet.name == name:
            return sheet
    raise SettingError(missing_sheet_message(book_file_name(book), name))


def _named_cell_places(book: Any) -> dict[str, str]:
    """Where the book holds each setting cell, by its defined name (`setting_place`): a clerk's
    row inserted above the settings moves them, and the names with them (review364)."""
    places: dict[str, str] = {}
    for setting in settings():
        try:
            rng = book.names[setting.name].refers_to_range
            places[setting.name] = cell_place(str(rng.sheet.name), str(rng.get_address(False, False)))
        except Exception:  # no such name (said by `_named_cell_value`), or an engine without it
            continue
    return places


def _named_cell_value(book: Any, setting: Setting) -> Any:
    try:
        rng = book.names[setting.name].refers_to_range
    except Exception as exc:  # the engines raise different errors for a missing name
        if not setting.in_every_book:
            return None
        raise SettingError(missing_setting_message(book_file_name(book), setting)) from exc
    return read_marking_errors(rng)


# The field of `Settings` each setting cell fills.
_FIELD = {
    "InputFolder": "input_folder",
    "CutoffDate": "cutoff",
    "PeriodStart": "period_start",
    "TargetOverride": "target_override",
    "OutputFile": "output_file",
    "TemplateFolder": "template_folder",
    "ListsFile": "lists_file",
    "WardName": "ward_name",
    "FormPeriodStart": "form_period_start",
    "OldAgeMen": "old_age_men",
    "OldAgeWomen": "old_age_women",
    "PersonalData": "personal_data",
}


def _cell(setting: Setting, value: Any, base: Path, places: Mapping[str, str] | None = None) -> Any:
    """One setting cell's value, read as its kind says (a bad one: SettingError naming the cell
    and its place, `placed`). A cell holding only spaces (how clerks often clear a cell, NBSP
    included) reads as empty, whatever its kind."""
    try:
        return _cell_value(setting, value, base)
    except SettingError as exc:
        raise SettingError(placed(exc.message_vi, setting.name, places=places)) from exc


def _cell_value(setting: Setting, value: Any, base: Path) -> Any:
    label = setting.label
    if isinstance(value, CellError):
        raise SettingError(value.refusal(f"Ô “{label}”"))
    if isinstance(value, str) and not value.strip():
        value = None
    if setting.kind in ("folder", "file"):
        try:
            if setting.kind == "file":
                named = _file_path(value, base, label)
                if named is not None:  # a name the writer's temporary file cannot have, too
                    from toolkit.io.atomic import probe_temp_name

                    probe_temp_name(named)
                return named
            path = _path(value, base)
            if path is not None:
                path.exists()  # probed now, so that the system's refusal is said with the cell
            return path
        except OSError as exc:  # the system refuses to look at it: too long a name, no access
            raise SettingError(_unusable_path(label, value, exc)) from exc
    if setting.kind == "date":
        return coerce_date(value, label)
    if setting.kind == "int":
        return coerce_int(
            value, label, _age_wanted() if setting.name in AGE_SETTINGS else "số nguyên không âm"
        )
    if setting.kind == "yesno":
        return coerce_yes_no(value, label)
    return _text(value) or None


AGE_SETTINGS = ("OldAgeMen", "OldAgeWomen")


def _age_wanted() -> str:
    """What an old-age cell takes, as `_age_problem` says it: text or a negative number was
    refused as no “số nguyên không âm”, and the 0 that words asked for then as out of range."""
    from toolkit.core.thresholds import AGE_SETTING_RANGE

    low, high = AGE_SETTING_RANGE
    return f"số nguyên từ {low} đến {high} (tuổi)"


def _age_problem(name: str, value: int | None, places: Mapping[str, str] | None = None) -> str | None:
    """Why an old-age cell's number cannot be a threshold (`thresholds.AGE_SETTING_RANGE`)."""
    from toolkit.core.thresholds import AGE_SETTING_RANGE

    low, high = AGE_SETTING_RANGE
    if value is None or low <= value <= high:
        return None
    return placed(
        f"Ô “{_label(name)}” = “{value}”: tuổi phải là số nguyên từ {low} đến {high}.", name, places=places
    )


def _period_problem(fields: Mapping[str, Any], cutoff_from: str | None = None) -> str | None:
    """Why `Số liệu từ ngày` cannot start the period: it is after the cut-off. Every button
    that uses the period's start refuses it before a file is read (Kiểm tra would otherwise tell
    each secretary to move the file's own start to that impossible date). `cutoff_from`: the
    option the cut-off came from (“--cutoff”), when not its cell."""
    start, cutoff = fields.get("period_start"), fields.get("cutoff")
    if start is None or cutoff is None or start <= cutoff:
        return None
    places = fields.get("places")
    cutoff_cell = f"ô “{_label('CutoffDate')}” ({setting_place('CutoffDate', places)})"
    where, check = (cutoff_from, f"ô này và {cutoff_from}") if cutoff_from else (cutoff_cell, "hai ô này")
    return placed(
        f"Ô “{_label('PeriodStart')}” = {start:%d/%m/%Y} sau {where} = {cutoff:%d/%m/%Y}: ngày bắt "
        f"đầu kỳ không được sau ngày chốt số liệu; hãy kiểm tra lại {check}.",
        "PeriodStart",
        places=places,
    )


def _form_period_problem(fields: Mapping[str, Any]) -> str | None:
    """Why `Biểu mẫu BTCTW: kỳ báo cáo từ ngày` cannot start the forms' period, from the cells
    alone: the pipeline's own rule (`pipeline.form_period_problem`: after the cut-off, before
    `Số liệu từ ngày` when that is set, more than 12 months before the cut-off). Tổng hợp refuses
    it before a file is read, not after reading them all; the other buttons note it."""
    start, cutoff = fields.get("form_period_start"), fields.get("cutoff")
    if start is None or cutoff is None:
        return None
    from toolkit.pipeline import form_period_problem

    label = f"Ô “{_label('FormPeriodStart')}” ({setting_place('FormPeriodStart', fields.get('places'))})"
    return form_period_problem(start, fields.get("period_start"), cutoff, label)


class CellRefusal(SettingError):
    """A wrong cell that the run uses (`settings_from_values`); `settings` are the settings
    read all the same, with the other wrong cells in `set_aside`, so that the refusal still
    says them (`set_aside_note`)."""

    def __init__(self, message_vi: str, settings: Settings) -> None:
        super().__init__(message_vi)
        self.settings = settings


def settings_from_values(
    values: Mapping[str, Any],
    base: Path,
    uses: Collection[str] | None = None,
    replaced: Collection[str] = (),
    options: Mapping[str, tuple[Any, str]] | None = None,
    places: Mapping[str, str] | None = None,
) -> Settings:
    """The settings from the setting cells' values, by defined name (an open book's or a file's);
    relative paths are resolved against `base`, the workbook's folder. The first bad cell of
    `uses` (the cells a button reads, `Button.uses`; None: every cell) raises `CellRefusal`
    naming it, as does a period that starts after the cut-off when `PeriodStart` is used; the
    refusal carries the other wrong cells, for its note. A bad cell the run does not use is no
    error for it: read as empty, it is kept in `set_aside` with what is wrong (the old-age
    ages' range and the forms' period included), for a note (`set_aside_note`). `replaced`:
    the cells the command line's options replace (`-o`, `--cutoff`…): not used, so a wrong one
    is only set aside, and each reads as empty (the run takes the option's value). `options`:
    the values of those options that the checks between cells need (setting name → the value
    and how messages name it: `("CutoffDate", (date, "--cutoff"))`): the periods' cells are
    checked against the values the run uses, and a replaced cell still on its own values."""
    used = ({s.name for s in settings()} if uses is None else set(uses)) - set(replaced)
    places = dict(places or {})
    fields: dict[str, Any] = {"places": places}
    aside: dict[str, str] = {}
    refusal: str | None = None
    for setting in settings():
        try:
            fields[_FIELD[setting.name]] = _cell(setting, values.get(setting.name), base, places)
        except SettingError as exc:
            if setting.name in used:
                refusal = refusal or exc.message_vi
            else:
                aside[setting.name] = exc.message_vi
            fields[_FIELD[setting.name]] = _cell(setting, None, base)
    # The checks between cells: a cell the run uses is checked against what the run uses (an
    # option's value where one is written) and refused; any cell, against the other cells
    # alone, as the buttons will read them: a cell the run does not use (or an option
    # replaces) is noted only when wrong that way, never for disagreeing with an option.
    cells = dict(fields)
    run = dict(fields)
    named = {_FIELD[name]: label for name, (_, label) in (options or {}).items()}
    run.update({_FIELD[name]: value for name, (value, _) in (options or {}).items()})

    def judge(name: str, for_run: str | None, alone: str | None) -> bool:
        """Refuse or note the cell `name`; True when the run cannot take its value."""
        nonlocal refusal
        if name in used and for_run is not None:
            refusal = refusal or for_run
            return True
        if alone is not None:
            aside[name] = alone
            return name not in used
        return False

    start = {"period_start": cells["period_start"]}
    if judge(
        "PeriodStart",
        _period_problem({**start, "cutoff": run["cutoff"]}, named.get("cutoff")),
        _period_problem({**start, "cutoff": cells["cutoff"]}),
    ):
        fields["period_start"] = None
        if "PeriodStart" not in replaced:
            run["period_start"] = None
    forms = {"form_period_start": cells["form_period_start"]}
    if judge(
        "FormPeriodStart",
        _form_period_problem({**run, **forms}),
        _form_period_problem({**cells, **forms}),
    ):
        fields["form_period_start"] = None
    for name in ("OldAgeMen", "OldAgeWomen"):  # a used one is refused by `Settings.thresholds`
        if name not in used and (problem := _age_problem(name, fields[_FIELD[name]], places)) is not None:
            aside[name], fields[_FIELD[name]] = problem, None
    # A folder or file cell the run does not use (or an option replaces) is noted when its own
    # button would refuse it (one rule: `Settings.cell_problems`); a used one, its run refuses.
    for name, problem in Settings(book_folder=base, **fields).cell_problems().items():
        if name not in used:
            aside[name], fields[_FIELD[name]] = problem, None
    for setting in settings():  # the option's value is the run's, not the cell's
        if setting.name in replaced:
            fields[_FIELD[setting.name]] = _cell(setting, None, base)
    order = [s.name for s in settings()]
    set_aside = tuple(sorted(aside.items(), key=lambda item: order.index(item[0])))
    read = Settings(book_folder=base, set_aside=set_aside, **fields)
    if refusal is not None:
        raise CellRefusal(refusal, read)
    return read


def button(caption: str) -> Button:
    """The button of `caption` (“Kiểm tra”)."""
    return next(b for b in BUTTONS if b.caption == caption)


def button_of(entry_point: str) -> Button:
    """The button whose macro runs `entry_point` (the command of the path without macros that
    does the same: `validate` for “Kiểm tra”)."""
    return next(b for b in BUTTONS if b.entry_point == entry_point)


NOTE_LEAD = "Lưu ý:"  # how a status begins its note
ALSO_LEAD = "Ngoài ra,"  # the set-aside cells' lead after a status that has a note of its own


def set_aside_note(settings: Settings, of: str = "") -> str | None:
    """A short note of the wrong cells the run did not use, with the buttons that need them
    fixed (“Lưu ý: ô “Tệp kết quả” chưa đúng, cần sửa trước khi tổng hợp.”); None without.
    `of` follows a cell's name (" của tệp --settings")."""
    if not settings.set_aside:
        return None
    cells = []
    for name, _ in settings.set_aside:
        doing = ", ".join(b.doing for b in BUTTONS if name in b.uses)
        place = setting_place(name, settings.places)
        cells.append(f"ô “{_label(name)}” ({place}){of} chưa đúng, cần sửa trước khi {doing}")
    return f"{NOTE_LEAD} {'; '.join(cells)}."


def checked_settings(
    values: Mapping[str, Any], base: Path, places: Mapping[str, str] | None = None
) -> tuple[Settings, dict[str, str]]:
    """Every setting cell checked on its own (`ward-stats doctor`): the settings with each bad
    cell read as empty, and what is wrong with each bad cell, by setting name (its value, an age
    out of range, a period or forms' period it cannot start, a folder or file cell its button
    refuses: `Settings.cell_problems`)."""
    problems: dict[str, str] = {}
    places = dict(places or {})
    fields: dict[str, Any] = {"places": places}
    for setting in settings():
        try:
            fields[_FIELD[setting.name]] = _cell(setting, values.get(setting.name), base, places)
        except SettingError as exc:
            problems[setting.name] = exc.message_vi
            fields[_FIELD[setting.name]] = _cell(setting, None, base)
    for name in ("OldAgeMen", "OldAgeWomen"):
        problem = _age_problem(name, fields[_FIELD[name]], places)
        if problem is not None:
            problems[name], fields[_FIELD[name]] = problem, None
    if (period := _period_problem(fields)) is not None:
        problems["PeriodStart"], fields["period_start"] = period, None
    if (forms := _form_period_problem(fields)) is not None:
        problems["FormPeriodStart"], fields["form_period_start"] = forms, None
    checked = Settings(book_folder=base, **fields)
    problems.update(checked.cell_problems())  # as the buttons refuse them
    if "OutputFile" not in problems and "ListsFile" not in problems:
        try:
            checked._refuse_one_file(None, None)
        except SettingError as exc:
            problems["OutputFile" if checked.output_file is not None else "ListsFile"] = exc.message_vi
    return checked, problems


def read_registry(book: Any, *, required: bool) -> Registry | None:
    """The `Danh mục tổ chức` table of the book, through the same parser and messages as the
    CLI's registry file. An empty table (header only) gives None unless `required`."""
    from toolkit.io.registry import REGISTRY_SHEET

    rows = read_marking_errors(book_sheet(book, REGISTRY_SHEET).used_range)
    if not isinstance(rows, list):
        rows = [[rows]]
    elif rows and not isinstance(rows[0], list):
        rows = [rows]
    return registry_from_rows(rows, required=required)


def book_file(book: Any) -> tuple[str, Path] | None:
    """The calling workbook's file name, as the `Tệp` column shows it, and its path (the
    settings' folder, `book_folder`); None when the book gives no name. The issues of its
    cells (a setting's, `settings_book`; its registry sheet's, `rules.at_setting_cells`) name
    it, so that their `Kiểm tra` rows link there (fix396, fix397)."""
    try:
        full = Path(str(book.fullname))
    except Exception:  # no name to give: the issues stay of no file
        return None
    return full.name, book_folder(book) / full.name


def registry_from_rows(rows: Sequence[Sequence[Any]], *, required: bool) -> Registry | None:
    """The registry from the `Danh mục tổ chức` sheet's cell values (an open book's or a file's).
    An error cell (`CellError`) of an organisation's row, in a column of the table, is refused
    naming it (one the parser refuses itself, a target's “#REF!”, is refused as its text)."""
    from toolkit.io.registry import REGISTRY_SHEET, header_row_index, parse_registry_rows

    body = [r for r in rows[1:] if any(v not in (None, "") for v in r)]
    if not body:
        if required:
            raise SettingError(f"Sheet “{REGISTRY_SHEET}” chưa có tổ chức nào.")
        return None
    texts = [[_cell_text(v) for v in row] for row in rows]
    registry = parse_registry_rows(texts, f"Sheet “{REGISTRY_SHEET}”")
    header = texts[header_row_index(texts)]
    for number in registry.rows:  # 1-based, as the sheet numbers them
        for col, value in enumerate(rows[number - 1][: len(header)]):
            if isinstance(value, CellError) and header[col].strip():
                where = f"Sheet “{REGISTRY_SHEET}”: ô {_column_letter(col)}{number} (cột “{header[col]}”)"
                raise SettingError(value.refusal(where))
    return registry


def _column_letter(index: int) -> str:
    """The letters of a 0-based column index (0: A, 26: AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _cell_text(value: Any) -> str:
    if isinstance(value, CellError):
        return value.text
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- writing into the book -------------------------------------------------------------------


def cell_value(value: Any) -> Any:
    """A value ready for `range.value`: strings are forced to stay text."""
    if isinstance(value, str):
        return TEXT_PREFIX + value if value else None
    return value


_TITLE_WIDTH = 30  # the first row's cells compared to tell a sheet the tool wrote
_TITLE_WORDS = 3  # a title that names the ward differently still begins alike


def _texts(values: Any) -> list[str]:
    if not isinstance(values, list):
        values = [values]
    flat = [v for row in values for v in (row if isinstance(row, list) else [row])]
    return [" ".join(str(v).removeprefix(TEXT_PREFIX).split()) for v in flat if v not in (None, "")]


def is_tool_sheet(sheet: Any, title_row: Sequence[Any]) -> bool:
    """Whether `sheet` is one the tool wrote, the sheet it is about to write having `title_row`
    as its first row: an empty sheet, or one whose first row shares a cell with `title_row`
    (“Biểu số 1-BTCTW”), or whose first cell begins with the same words as the new one (a
    title naming the ward: “THỐNG KÊ ĐẢNG VIÊN …”). A clerk's own sheet of that name is none
    of these."""
    first = _texts(sheet.range((1, 1), (1, _TITLE_WIDTH)).value)
    if first and first[0].startswith(STALE_MARK_LEAD):  # a failed press's line above (fix371)
        first = _texts(sheet.range((2, 1), (2, _TITLE_WIDTH)).value)
    if not first:
        return not _texts(sheet.used_range.value)
    wanted = _texts(list(title_row))
    if set(first) & set(wanted):
        return True
    head = first[0].split()[:_TITLE_WORDS]
    return bool(wanted) and len(head) == _TITLE_WORDS and wanted[0].split()[:_TITLE_WORDS] == head


def check_replaceable(book: Any, title_rows: Mapping[str, Sequence[Any]], *, after_refusal: str = "") -> None:
    """Refuse, naming the sheet, before anything is written, when a sheet the tool is about to
    replace (by name, with the first row it will have) is not one it wrote (`is_tool_sheet`):
    emptying it would lose the clerk's own work, which Excel cannot undo after a macro."""
    for sheet in book.sheets:
        title_row = title_rows.get(sheet.name)
        if title_row is not None and not is_tool_sheet(sheet, title_row):
            raise SettingError(
                f"Sheet “{sheet.name}” của tệp này không phải sheet kết quả do chương trình ghi, nên "
                f"không được ghi đè.{after_refusal} Hãy đổi tên sheet “{sheet.name}” (bấm chuột phải vào "
                "tên sheet ở dưới cùng, chọn Đổi tên/Rename) rồi bấm lại nút."
            )


def replace_sheet(book: Any, name: str, after: Any) -> Any:
    """The sheet `name`, emptied if it exists, otherwise added after `after` (whether it may be
    emptied is `check_replaceable`'s to say, beforehand)."""
    for sheet in book.sheets:
        if sheet.name == name:
            sheet.clear()
            return sheet
    return book.sheets.add(name, after=after)


def write_rows(sheet: Any, rows: Sequence[Sequence[Any]], *, top_left: tuple[int, int] = (1, 1)) -> None:
    """Write a block of rows at once (rows are padded to the same width)."""
    if not rows:
        return
    width = max(len(r) for r in rows)
    block = [[cell_value(v) for v in r] + [None] * (width - len(r)) for r in rows]
    sheet.range(top_left).value = block


ISSUES_TITLE = "DANH SÁCH LỖI VÀ CẢNH BÁO"
ISSUES_HEADER_ROW = 4  # 1-based, as in the result workbook's `Kiểm tra` sheet
MAX_HYPERLINKS = 2000  # links written into one sheet of the open book


def issue_rows(issues: Sequence[Issue]) -> list[list[Any]]:
    """Header + one row per issue in the columns and order of the result workbook."""
    from toolkit.outputs.sheets.issues import ISSUE_COLUMNS, issue_values, sorted_issues

    return [[header for header, _ in ISSUE_COLUMNS], *(list(issue_values(i)) for i in sorted_issues(issues))]


# Under the title of a failed press's list: the previous press's rows are gone, never shown as
# this press's, nor its members' values kept once PersonalData says Không (fix367).
FAILED_PRESS_ONLY = (
    "Sheet này chỉ ghi lần bấm này: danh sách lỗi và cảnh báo của lần bấm trước (nếu có) không còn "
    "ở đây. Hãy sửa lỗi dưới đây rồi bấm lại nút để có danh sách mới."
)


def write_issue_sheet(
    book: Any,
    issues: Sequence[Issue],
    *,
    after: Any,
    paths: Mapping[str, Path] | None = None,
    personal_data: bool | None = None,
    failed: str | None = None,
) -> Any:
    """Replace the `Kiểm tra` sheet: one row per issue, a link to the source cell when known;
    under the title, the result workbook's line (`sheets.issues.subtitle`): the counts, how the
    links open the files of `paths`, and (`personal_data` known) whether the members' values
    are listed (`toolkit.outputs.status.privacy_lines`). For a failed press, `failed` is the
    action, said under the title with `FAILED_PRESS_ONLY`: the sheet is emptied all the same,
    and holds only the rows of the failure."""
    from toolkit.outputs.sheets import SHEET_ISSUES
    from toolkit.outputs.sheets.issues import (
        CELL_COLUMN,
        ISSUE_COLUMNS,
        OPEN_FILE,
        issue_link,
        sorted_issues,
        subtitle,
    )
    from toolkit.outputs.status import NO_ISSUES

    check_replaceable(book, {SHEET_ISSUES: [ISSUES_TITLE]})
    sheet = replace_sheet(book, SHEET_ISSUES, after)
    rows = issue_rows(issues)
    if len(rows) == 1:
        rows.append([None] * 7 + [NO_ISSUES])
    under_title = subtitle(issues, personal_data, paths or {})
    if failed is not None:
        under_title = f"Lần bấm nút “{failed}” {FAILED} {under_title} {FAILED_PRESS_ONLY}"
    write_rows(sheet, [[ISSUES_TITLE], [under_title]])
    write_rows(sheet, rows, top_left=(ISSUES_HEADER_ROW, 1))
    sheet.range((1, 1)).font.bold = True
    sheet.range((ISSUES_HEADER_ROW, 1), (ISSUES_HEADER_ROW, len(ISSUE_COLUMNS))).font.bold = True
    for col, (_, width) in enumerate(ISSUE_COLUMNS, start=1):
        sheet.range((1, col)).column_width = width
    links = 0
    for offset, issue in enumerate(sorted_issues(issues), start=ISSUES_HEADER_ROW + 1):
        url = issue_link(issue, paths or {})
        if url and links < MAX_HYPERLINKS:
            links += 1
            sheet.range((offset, CELL_COLUMN + 1)).add_hyperlink(
                url.removeprefix("external:"), text_to_display=issue.cell or OPEN_FILE
            )
    return sheet


# --- the previous run's result sheets after a failed press ----------------------------------

CONSOLIDATE_ACTION = "Tổng hợp"  # the button whose failure leaves the previous run's sheets
# The line a failed “Tổng hợp” press puts on top of each result sheet the previous good press
# copied in (fix371): they are that run's, not this press's. `is_tool_sheet` looks under it.
STALE_MARK_LEAD = "Kết quả của lần tổng hợp trước"
STALE_MARK_COLOR: tuple[int, int, int] = (255, 235, 156)  # WARN_COLOR: amber
STALE_MARK_FONT: tuple[int, int, int] = (192, 0, 0)  # dark red
_STALE_MARK_WIDTH = 12  # the cells coloured: the line overflows them, unwrapped
_CUTOFF_SAID = "Số liệu tính đến ngày "  # `cells.period_words`, row 2 of the summary sheet
_MADE_SAID = ("Lập lúc ", "Tổng hợp lúc: ")  # `summary.py`'s last line; `sources.py`'s


def _result_titles() -> dict[str, list[str]]:
    """The first row of each result sheet a “Tổng hợp” press copies in, but `Kiểm tra` (a failed
    press writes its own failure there), as `is_tool_sheet` compares it: a clerk's own sheet of
    one of these names is never marked."""
    from toolkit.forms.tables import FORMS
    from toolkit.outputs import sheets as out

    return {
        out.SHEET_SUMMARY: ["THỐNG KÊ ĐẢNG VIÊN ĐẢNG BỘ PHƯỜNG"],
        out.SHEET_BY_ORG: ["SỐ LIỆU ĐẢNG VIÊN THEO TỔ CHỨC ĐẢNG"],
        out.SHEET_CHANGES: ["BIẾN ĐỘNG ĐẢNG VIÊN THEO NĂM"],
        out.SHEET_RATINGS: ["XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN THEO NĂM"],
        out.SHEET_CHARTS: ["BIỂU ĐỒ"],
        out.SHEET_TREND: ["XU HƯỚNG QUA CÁC LẦN TỔNG HỢP"],
        out.SHEET_REPORT: ["ĐOẠN BÁO CÁO: TÌNH HÌNH ĐỘI NGŨ ĐẢNG VIÊN"],
        **{form.sheet_name: [form.form_label] for form in FORMS},
        out.SHEET_SOURCES: ["NGUỒN SỐ LIỆU"],
    }


def _first_column(sheet: Any) -> list[str]:
    values = sheet.used_range.value
    if not isinstance(values, list):
        values = [values]
    return _texts([row[0] if isinstance(row, list) else row for row in values])


def _run_facts(sheets: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The cut-off and the time of the run the result sheets are of, as they say them (the
    summary sheet's subtitle and last line, the sources sheet's time): no figure is worked out
    here. None for what they do not say."""
    from toolkit.outputs.sheets import SHEET_SOURCES, SHEET_SUMMARY

    cutoff = made = None
    for name in (SHEET_SUMMARY, SHEET_SOURCES):
        if name not in sheets:
            continue
        for text in _first_column(sheets[name]):
            if cutoff is None and text.startswith(_CUTOFF_SAID):
                cutoff = text[len(_CUTOFF_SAID) :].split(";")[0].strip()
            for lead in _MADE_SAID:
                if made is None and text.startswith(lead):
                    made = " ".join(text[len(lead) :].split()[:2])[:16]  # dd/mm/yyyy hh:mm
    return cutoff, made


def stale_mark(cutoff: str | None, made: str | None, pressed: str) -> str:
    """The line on top of a result sheet left by the previous good press, after a failed one."""
    facts = ", ".join(
        [*([f"lập lúc {made}"] if made else []), *([f"số liệu đến ngày {cutoff}"] if cutoff else [])]
    )
    return (
        f"{STALE_MARK_LEAD}{f' ({facts})' if facts else ''}. Lần bấm nút \u201c{CONSOLIDATE_ACTION}\u201d "
        f"lúc {pressed} {FAILED.rstrip('.')}: xem ô {STATUS_LABEL} và sheet \u201cKiểm tra\u201d."
    )


def mark_previous_results(
    book: Any, action: str, pressed: dt.datetime | None = None, *, replaced: Collection[str] = ()
) -> list[str]:
    """After a failed “Tổng hợp” press, put `stale_mark` on top of each result sheet the
    previous good press copied in (`_result_titles`: the tool's own only), in a row inserted
    above it, or in place of the line a failed press put there before; the next good press
    empties the sheets, line and all (`copysheets.copy_workbook_sheets`). Not the sheets this
    press had begun to replace (`replaced`, fix384): they are not the previous press's. Other
    buttons' failures leave them: they are still the last consolidation's. The names of the
    sheets marked, in book order: one that refuses the line (a protected sheet) is not, and
    does not stop the others."""
    if action != CONSOLIDATE_ACTION:
        return []
    titles = _result_titles()
    sheets = {
        sheet.name: sheet for sheet in book.sheets if sheet.name in titles and sheet.name not in replaced
    }
    ours = {name: sheet for name, sheet in sheets.items() if is_tool_sheet(sheet, titles[name])}
    if not ours:
        return []
    cutoff, made = _run_facts(ours)
    when = f"{(pressed or dt.datetime.now()):%d/%m/%Y %H:%M}"
    text = stale_mark(cutoff, made, when)
    marked = []
    for name, sheet in ours.items():
        try:
            _mark(sheet, text)
        except Exception:  # a sheet that refuses it (protected) does not stop the others (fix384)
            continue
        marked.append(name)
    return marked


def _mark(sheet: Any, text: str) -> None:
    first = _texts(sheet.range((1, 1)).value)
    if not (first and first[0].startswith(STALE_MARK_LEAD)):
        sheet.range("1:1").insert("down", "format_from_right_or_below")
    line = sheet.range((1, 1), (1, _STALE_MARK_WIDTH))
    line.value = [cell_value(text)] + [None] * (_STALE_MARK_WIDTH - 1)
    line.color = STALE_MARK_COLOR
    line.font.color = STALE_MARK_FONT
    line.font.bold = True


def kept_sentence(marked: Sequence[str]) -> str:
    """The status cell's sentence after a failed “Tổng hợp” press that marked the result sheets
    `marked` (`mark_previous_results`, fix384): they are kept, and marked."""
    if len(marked) == 1:
        return (
            f"Sheet kết quả \u201c{marked[0]}\u201d của lần tổng hợp trước được giữ nguyên và đánh dấu bằng "
            "một dòng ở trên cùng."
        )
    listed = ", ".join(f"\u201c{name}\u201d" for name in marked)
    return (
        "Các sheet kết quả của lần tổng hợp trước được giữ nguyên và đánh dấu bằng một dòng ở trên "
        f"cùng: {listed}."
    )


# --- the status cell and the error net -------------------------------------------------------

Color = tuple[int, int, int]
OK_COLOR = (198, 239, 206)
WARN_COLOR = (255, 235, 156)
ERROR_COLOR = (255, 199, 206)
BUSY_COLOR = (221, 235, 247)


class Panel:
    """The calling book's control sheet as seen by one button press."""

    def __init__(self, book: Any, action: str) -> None:
        self.book = book
        self.action = action
        self.note: str | None = None  # the wrong cells the press did not use (`settings`)
        # The result sheets this press began to replace (`copysheets.copy_workbook_sheets`):
        # after a failure, not the previous press's (`mark_previous_results`).
        self.replaced: list[str] = []

    @property
    def sheet(self) -> Any:
        return self.book.sheets[SHEET_CONTROL]

    def status(self, message: str, color: tuple[int, int, int] = OK_COLOR) -> None:
        """Say how the press ended; a note of the wrong cells it did not use follows
        (`set_aside_note`), and turns a green status yellow; so do the files a killed run's were
        not completed over because they changed after it (`left_as_is_lines`). After a status
        that has its own “Lưu ý:” (a registry's warning), a note begins “Ngoài ra,”, so that it
        does not read as part of that one."""
        from toolkit.core.errors import left_as_is_lines

        for note in [self.note, *left_as_is_lines()]:
            if not note:
                continue
            if NOTE_LEAD in message and note.startswith(NOTE_LEAD):
                note = ALSO_LEAD + note[len(NOTE_LEAD) :]
            message = f"{message} {note}"
            color = WARN_COLOR if color == OK_COLOR else color
        cell = self.book.names[STATUS_NAME].refers_to_range
        text = f"{self.action}: {message}"
        cell.value = cell_value(text)
        cell.color = color
        fit_status_row(cell, text)  # a long status shown whole, not its first 3½ lines (review222 M1)

    def begin(self) -> None:
        """Say in the status cell that the press is running. The press says how it ended in
        that cell, so one whose name is gone (its row deleted, sheets copied by hand) or that
        refuses the text (a protected sheet) stops the press here, before any work, with a
        SettingError that says so (`report_failure` then says it elsewhere)."""
        try:
            cell = self.book.names[STATUS_NAME].refers_to_range
        except Exception as exc:  # the engines raise different errors for a missing name
            raise SettingError(missing_status_message(book_file_name(self.book))) from exc
        try:
            cell.value = cell_value(f"{self.action}: đang chạy…")
        except Exception as exc:
            raise SettingError(unwritable_status_message(book_file_name(self.book))) from exc
        cell.color = BUSY_COLOR

    def settings(self) -> Settings:
        """The settings as this press uses them: a wrong cell of its button's `uses` stops it,
        another one is only noted in the status."""
        try:
            settings = read_settings(self.book, uses=button(self.action).uses)
        except CellRefusal as exc:  # the other wrong cells are still said with the refusal
            self.note = set_aside_note(exc.settings)
            raise
        self.note = set_aside_note(settings)
        return settings

    def registry(self, *, required: bool) -> Registry | None:
        return read_registry(self.book, required=required)

    def results_anchor(self) -> Any:
        """Result sheets go after the registry sheet (before `xlwings.conf`); after the control
        sheet when the registry sheet was renamed or deleted, so a failure is still listed."""
        from toolkit.io.registry import REGISTRY_SHEET

        sheets = {sheet.name: sheet for sheet in self.book.sheets}
        for name in (REGISTRY_SHEET, SHEET_CONTROL):
            if name in sheets:
                return sheets[name]
        return self.book.sheets[0]


LEVEL_COLOR: dict[str, Color] = {"ok": OK_COLOR, "warnings": WARN_COLOR, "errors": ERROR_COLOR}


def _status_cell(status: RunStatus) -> tuple[str, Color]:
    """A run's summary after the button's name (“Kiểm tra: đã kiểm tra …”), and its colour."""
    text = status.text
    return text[:1].lower() + text[1:], LEVEL_COLOR[status.level]


def validation_summary(
    submissions: Sequence[Submission],
    issues: Sequence[Issue],
    *,
    personal_data: bool = False,
    feedback: bool = False,
) -> tuple[str, Color]:
    """Status line after “Kiểm tra” and its colour: with the members' values listed (in this
    book's `Kiểm tra` sheet, and in the feedback files when `feedback`), one line says where
    they are (`status.button_kept_line`)."""
    from toolkit.outputs.status import validation_status

    status = validation_status(
        submissions, issues, personal_data=personal_data, in_book=True, feedback=feedback
    )
    return _status_cell(status)


def consolidation_summary(
    result: ConsolidationResult,
    out_path: Path,
    *,
    late: Sequence[Issue] = (),
    history_note: str | None = None,
    places: Mapping[str, str] | None = None,
) -> tuple[str, Color]:
    """Status line after “Tổng hợp” and its colour (`late`: the history record's warnings,
    not in the workbook; `history_note`: that the run was not recorded, why the record is not
    the one in use, or which it took the place of: `consolidation_status`; `places`: the book's
    cells, `ward_name_fix`). The `Kiểm tra`
    sheet is copied into this book: with the members' values listed, one line says they are in
    it and in the result's (`status.button_kept_line`)."""
    from toolkit.outputs.status import consolidation_status

    status = consolidation_status(
        result,
        workbook=out_path,
        late=late,
        history_note=history_note,
        in_book=True,
        ward_name_fix=ward_name_fix(places),
    )
    return _status_cell(status)


SEE_ERRORS = "bấm nút “Kiểm tra” để xem lỗi"


def upgrade_summary(
    run: UpgradeRun, out_dir: Path, files: int, notes: Sequence[str] = ()
) -> tuple[str, Color]:
    """Status line after “Nâng cấp” and its colour (`notes`: what the folder holds that was
    not read, `upgrade.upgrade_inputs`)."""
    from toolkit.outputs.status import upgrade_status

    return _status_cell(upgrade_status(run, out_dir, files, notes=notes))


def lists_summary(result: WorkListsResult, out_path: Path, *, kept: bool = False) -> tuple[str, Color]:
    """Status line after “Danh sách” and its colour."""
    from toolkit.outputs.status import lists_status

    return _status_cell(lists_status(result, path=out_path, see_errors=SEE_ERRORS, kept=kept))


@contextlib.contextmanager
def action(book: Any, name: str) -> Iterator[Panel]:
    """Run one button's work; any failure becomes a Vietnamese message, never a traceback.

    The message goes to the status cell; the issues that explain it (a registry's problems,
    each at its cell) or else one `excel.failed` row go to the `Kiểm tra` sheet
    (`toolkit.excel.failsafe.report_failure`).
    """
    panel = Panel(book, name)
    try:  # nothing before the yield: a generator that does not yield is a traceback
        yield panel
    except BaseException as exc:  # the last net: Excel must never show a Python traceback
        if isinstance(exc, (SystemExit, GeneratorExit)):
            raise
        # the cells it set aside, still said; the result sheets it replaced, never marked
        report_failure(book, name, exc, note=panel.note, replaced=panel.replaced)
