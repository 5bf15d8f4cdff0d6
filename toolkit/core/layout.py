"""The branch template's layout (see docs/design.md): sheet names, headers, order, field kinds.

This is the contract between the template writer and the reader. Each field has a stable
English key used everywhere in code; the Vietnamese header is what the secretary sees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from toolkit.core import vocab
from toolkit.core.vocab import Vocabulary


@lru_cache(maxsize=1024)
def get_column_letter(index: int) -> str:
    """Excel's column letters of a 1-based column index (1 → A, 27 → AA, 16384 → XFD).

    The same as `openpyxl.utils.get_column_letter`, kept here so that reading a submission
    does not import openpyxl (a tenth of a second on every button press).
    """
    if not 1 <= index <= 18278:
        raise ValueError(f"column index out of range: {index}")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


TEMPLATE_ID = "ward-stats/mau-chi-bo"
TEMPLATE_VERSION = "2026.1"
SUPPORTED_TEMPLATE_VERSIONS = (TEMPLATE_VERSION,)
TEMPLATE_FILENAME = "mau_chi_bo.xlsx"

SHEET_GUIDE = "Hướng dẫn"
SHEET_INFO = "Thông tin"
SHEET_MEMBERS = "Đảng viên"
SHEET_EVENTS = "Biến động"
SHEET_YEARS = "Số liệu năm"
SHEET_LISTS = "DanhMuc"
SHEET_META = "_meta"
SHEET_ORDER = (SHEET_GUIDE, SHEET_INFO, SHEET_MEMBERS, SHEET_EVENTS, SHEET_YEARS, SHEET_LISTS, SHEET_META)

# Rows of the data sheets that carry dropdowns and formats (data starts on row 2).
DATA_ROWS = 2000
FIRST_DATA_ROW = 2
LAST_FORMATTED_ROW = FIRST_DATA_ROW + DATA_ROWS - 1

Kind = Literal["text", "date", "int", "category"]

# Bounds of what a cell may hold: the template's data validations, the pandera schemas and
# the checks all read these.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
YEAR_RANGE = (EARLIEST_DATE.year, LATEST_DATE.year)
COUNT_RANGE = (0, 1_000_000)


@dataclass(frozen=True)
class Field:
    """One column of a data sheet, or one labelled row of the `Thông tin` sheet."""

    key: str
    header: str
    kind: Kind
    required: bool = False
    vocab: Vocabulary | None = None
    width: float = 14
    help: str = ""
    locked: bool = False


@dataclass(frozen=True)
class SheetSpec:
    name: str
    fields: tuple[Field, ...]

    @property
    def headers(self) -> list[str]:
        return [f.header for f in self.fields]

    @property
    def keys(self) -> list[str]:
        return [f.key for f in self.fields]

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def letter(self, key: str) -> str:
        """Excel column letter of a field (data sheets: column order is fixed)."""
        return get_column_letter(self.keys.index(key) + 1)

    def row_of(self, key: str) -> int:
        """1-based row of a labelled field (the `Thông tin` sheet: one field per row)."""
        return self.keys.index(key) + 1

    def cell(self, key: str, row: int | None = None) -> str:
        """The cell of a field: `B<row of key>` on `Thông tin` (``row`` is ignored there), or
        the field's column letter and ``row`` on a data sheet."""
        if self.name == SHEET_INFO:
            return f"{INFO_VALUE_COLUMN}{self.row_of(key)}"
        if row is None:
            raise ValueError("a data sheet's cell needs a row")
        return f"{self.letter(key)}{row}"


# `Thông tin`: labels in column A, values in column B, one field per row from row 1.
INFO_LABEL_COLUMN, INFO_VALUE_COLUMN = "A", "B"

INFO = SheetSpec(
    SHEET_INFO,
    (
        Field("org_code", "Mã tổ chức", "text", True, help="Mã do Đảng ủy phường cấp; đã điền sẵn."),
        Field("org_name", "Tên tổ chức đảng", "text", True, help="Tên đầy đủ của chi bộ/đảng bộ."),
        Field("org_tier", "Cấp tổ chức", "category", False, vocab.ORG_TIER, help="Chọn trong danh sách."),
        Field("sector", "Khối", "category", False, vocab.SECTOR, help="Chọn trong danh sách."),
        Field("secretary", "Bí thư", "text", help="Họ và tên bí thư."),
        Field("phone", "Điện thoại", "text", help="Số điện thoại liên hệ."),
        Field(
            "cutoff_date", "Ngày chốt số liệu", "date", True, help="Số liệu tính đến ngày này (dd/mm/yyyy)."
        ),
        Field(
            "period_start", "Số liệu từ ngày", "date", True, help="Biến động tính từ ngày này (dd/mm/yyyy)."
        ),
        Field("prepared_by", "Người lập biểu", "text", help="Họ và tên người lập biểu."),
        Field("prepared_on", "Ngày lập biểu", "date", help="Ngày lập biểu (dd/mm/yyyy)."),
        Field("template_version", "Phiên bản mẫu", "text", True, locked=True, help="Không sửa ô này."),
    ),
)

MEMBERS = SheetSpec(
    SHEET_MEMBERS,
    (
        Field("row_no", "STT", "int", width=6, help="Số thứ tự (không bắt buộc)."),
        Field("full_name", "Họ và tên", "text", True, width=26, help="Họ và tên đầy đủ, có dấu."),
        Field(
            "birth_date", "Ngày sinh", "date", True, width=12, help="Ngày/tháng/năm sinh, dạng dd/mm/yyyy."
        ),
        Field("gender", "Giới tính", "category", True, vocab.GENDER, width=10, help="Chọn Nam hoặc Nữ."),
        Field(
            "card_no",
            "Số thẻ đảng viên",
            "text",
            width=16,
            help="Chỉ đảng viên chính thức có thẻ. Để trống nếu là dự bị.",
        ),
        Field(
            "admission_date",
            "Ngày vào Đảng",
            "date",
            True,
            width=13,
            help="Ngày quyết định/lễ kết nạp, dạng dd/mm/yyyy.",
        ),
        Field(
            "official_date",
            "Ngày chính thức",
            "date",
            width=13,
            help="Ngày công nhận đảng viên chính thức. Để trống nếu còn dự bị.",
        ),
        Field(
            "gen_edu",
            "Trình độ giáo dục phổ thông",
            "category",
            True,
            vocab.GEN_EDU,
            width=18,
            help="Chọn trong danh sách (THPT = Trung học phổ thông).",
        ),
        Field(
            "prof_level",
            "Trình độ chuyên môn",
            "category",
            True,
            vocab.PROF_LEVEL,
            width=16,
            help="Bằng cấp chuyên môn cao nhất.",
        ),
        Field(
            "theory_level",
            "Lý luận chính trị",
            "category",
            True,
            vocab.THEORY_LEVEL,
            width=16,
            help="Trình độ lý luận chính trị cao nhất.",
        ),
        Field(
            "occupation",
            "Nghề nghiệp",
            "category",
            True,
            vocab.OCCUPATION,
            width=22,
            help="Nghề nghiệp hiện nay, chọn trong danh sách.",
        ),
        Field(
            "exempt_from",
            "Miễn công tác, sinh hoạt từ ngày",
            "date",
            width=14,
            help="Ngày bắt đầu được miễn. Để trống nếu không được miễn.",
        ),
        Field(
            "exempt_reason",
            "Lý do miễn",
            "category",
            vocab=vocab.EXEMPT_REASON,
            width=20,
            help="Chỉ điền khi được miễn công tác, sinh hoạt.",
        ),
        Field(
            "working_away",
            "Đi làm ăn xa",
            "category",
            vocab=vocab.YES_NO,
            width=10,
            help="Chọn Có nếu đang đi làm ăn xa. Để trống = Không.",
        ),
        Field("note", "Ghi chú", "text", width=20, help="Ghi chú thêm (không bắt buộc)."),
    ),
)

EVENTS = SheetSpec(
    SHEET_EVENTS,
    (
        Field("row_no", "STT", "int", width=6, help="Số thứ tự (không bắt buộc)."),
        Field("full_name", "Họ và tên", "text", True, width=26, help="Họ và tên đảng viên có biến động."),
        Field("birth_date", "Ngày sinh", "date", True, width=12, help="Ngày sinh, dạng dd/mm/yyyy."),
        Field(
            "event_type",
            "Loại biến động",
            "category",
            True,
            vocab.EVENT_TYPE,
            width=18,
            help="Chọn loại biến động trong danh sách.",
        ),
        Field(
            "event_date", "Ngày", "date", True, width=12, help="Ngày của quyết định/biến động, dd/mm/yyyy."
        ),
        Field(
            "strike_ground",
            "Lý do xóa tên",
            "category",
            vocab=vocab.STRIKE_GROUND,
            width=30,
            help="Bắt buộc khi loại biến động là Xóa tên.",
        ),
        Field("decision_no", "Số quyết định", "text", width=16, help="Số quyết định (nếu có)."),
        Field("note", "Ghi chú", "text", width=20, help="Ghi chú thêm (không bắt buộc)."),
    ),
)

YEARS = SheetSpec(
    SHEET_YEARS,
    (
        Field("year", "Năm", "int", True, width=8, help="Năm dương lịch (ví dụ 2025)."),
        Field(
            "candidates_trained",
            "Quần chúng học lớp nhận thức về Đảng",
            "int",
            width=16,
            help="Số quần chúng học lớp bồi dưỡng nhận thức về Đảng trong năm.",
        ),
        Field(
            "new_members_trained",
            "Đảng viên mới học lớp bồi dưỡng",
            "int",
            width=16,
            help="Số đảng viên mới học lớp bồi dưỡng trong năm.",
        ),
        Field(
            "new_members_completed",
            "Đảng viên mới hoàn thành lớp bồi dưỡng",
            "int",
            width=16,
            help="Số đảng viên mới hoàn thành lớp bồi dưỡng (không lớn hơn số học).",
        ),
        *(
            Field(
                f"rated_{code}" if code != "not_rated" else "not_rated",
                vocab.RATING.label(code),
                "int",
                width=14,
                help="Số đảng viên được xếp loại này trong năm (để trống = 0).",
            )
            for code in vocab.RATING.codes
        ),
    ),
)

DATA_SHEETS = (MEMBERS, EVENTS, YEARS)

# Yearly-sheet key of each rating code, and the reverse.
RATING_KEYS = {code: (f"rated_{code}" if code != "not_rated" else "not_rated") for code in vocab.RATING.codes}
YEAR_COUNT_KEYS = tuple(f.key for f in YEARS.fields if f.key != "year")


def int_range(f: Field) -> tuple[int, int]:
    """Smallest and largest value an integer field accepts."""
    return YEAR_RANGE if f.key == "year" else COUNT_RANGE
