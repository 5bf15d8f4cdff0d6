"""The branch template's layout: sheet names, headers, column order and field kinds, for every
template version the toolkit reads.

This is the contract between the template writer and the reader. Each field has a stable
English key used everywhere in code; the Vietnamese header is what the secretary sees.
`INFO`, `MEMBERS`, `EVENTS` and `YEARS` are the sheets of the current template (2026.2);
`LAYOUTS` holds every supported version, so that older submissions are read with their own
layout (`layout_for`) and handed on in the current shape.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from toolkit.core import vnformat, vocab
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


def cell_ranges(letter: str, rows: list[int]) -> str:
    """Cells of one column as ranges: ('D', [2, 3, 4, 7]) → 'D2–D4, D7'."""
    parts: list[str] = []
    ordered = sorted(set(rows))
    start = prev = ordered[0]
    for r in [*ordered[1:], None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        parts.append(f"{letter}{start}" if start == prev else f"{letter}{start}\u2013{letter}{prev}")
        if r is not None:
            start = prev = r
    return ", ".join(parts)


TEMPLATE_ID = "ward-stats/mau-chi-bo"
VERSION_2026_1 = "2026.1"
VERSION_2026_2 = "2026.2"
TEMPLATE_VERSION = VERSION_2026_2
SUPPORTED_TEMPLATE_VERSIONS = (VERSION_2026_1, VERSION_2026_2)
TEMPLATE_FILENAME = "mau_chi_bo.xlsx"

SHEET_GUIDE = "Hướng dẫn"
SHEET_INFO = "Thông tin"
SHEET_MEMBERS = "Đảng viên"
SHEET_EVENTS = "Biến động"
SHEET_YEARS = "Số liệu năm"
SHEET_LISTS = "DanhMuc"
SHEET_META = "_meta"
SHEET_ORDER = (SHEET_GUIDE, SHEET_INFO, SHEET_MEMBERS, SHEET_EVENTS, SHEET_YEARS, SHEET_LISTS, SHEET_META)
# The sheet `ward-stats upgrade` adds to an upgraded file: the cells left to fill.
SHEET_TO_COMPLETE = "Cần bổ sung"
# The sheet it adds after that one when some content of the old file was not carried over
# (its own sheet, so that each prints and freezes its own header, fix318).
SHEET_LEFT_OUT = "Không chuyển sang mẫu mới"
UPGRADE_SHEETS = (SHEET_TO_COMPLETE, SHEET_LEFT_OUT)  # never data: not read, never "extra"

# The example of a date as typed, day first: the template's guide and each date column's prompt
# give it, and so does every message on a date cell not read (`normalize.bad_date_advice`), in
# any date column, a birth date's too (the advice said 05/03/1975 where the template said
# 05/03/2025: one cell told two examples, the guide and the message disagreeing).
DATE_EXAMPLE = "05/03/2025"

# `_meta` keys (column A; values in column B).
META_TEMPLATE_ID = "template_id"
META_TEMPLATE_VERSION = "template_version"
META_UPGRADED_FROM = "upgraded_from"  # set by `ward-stats upgrade`: the version the file had
META_UPGRADED_ON = "upgraded_on"

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
# The Communist Party of Vietnam was founded on this day: no one was admitted, recognised as a
# full member, readmitted or restored, and no change of a member happened, before it
# (`member.before_party_founded`, `event.before_party_founded`).
PARTY_FOUNDED = dt.date(1930, 2, 3)
# No one has an age above this: the oldest person ever recorded reached 122 (1875–1997), and
# no one living today is near 120. A member or a living person of a change row older than this
# at the cut-off (a person who died, at their death) has a birth year typed wrong: 1905 for
# 1950, or "198" in a date cell, read as 16/07/1900 (`member.age_impossible`, an error, and
# `event.age_impossible`; from `members.MAX_AGE`, 110, up to it only the warning
# `member.age_implausible`, `event.age_implausible`). A date can only be fixed, never
# explained, so the file waits for it.
MAX_LIVING_AGE = 120


@dataclass(frozen=True)
class Field:
    """One column of a data sheet, or one labelled row of the `Thông tin` sheet.

    ``upgrade_fill``: a required field that a file upgraded from an older template may still
    have empty (or holding an old value): a warning there until the secretary fills it, an
    error in a file made from the current template.

    ``blank_help``: the help where the template leaves the field empty (the blank template),
    when ``help`` speaks of a pre-filled value (hunt294 #6).
    """

    key: str
    header: str
    kind: Kind
    required: bool = False
    vocab: Vocabulary | None = None
    width: float = 14
    help: str = ""
    locked: bool = False
    upgrade_fill: bool = False
    blank_help: str = ""


@dataclass(frozen=True)
class SheetSpec:
    """One sheet: its fields in column (or row) order, and the columns the reader adds to its
    frame beyond the fields (``extra``)."""

    name: str
    fields: tuple[Field, ...]
    extra: tuple[str, ...] = ()

    @property
    def headers(self) -> list[str]:
        return [f.header for f in self.fields]

    @property
    def keys(self) -> list[str]:
        return [f.key for f in self.fields]

    @property
    def frame_keys(self) -> list[str]:
        """The columns of this sheet's frame (without `_row`): the fields, then the extras."""
        return [*self.keys, *self.extra]

    def has(self, key: str) -> bool:
        return any(f.key == key for f in self.fields)

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

_YES_NO_EMPTY_NO = "Để trống = Không."


def _yes_no(
    key: str, header: str, help: str, width: float = 12, words: vocab.Vocabulary = vocab.YES_NO
) -> Field:
    """A Có/Không column where an empty cell means Không (`words`: the Có/Không list it is read
    with, one with more variants than the others' for a column that has them)."""
    return Field(key, header, "category", vocab=words, width=width, help=f"{help} {_YES_NO_EMPTY_NO}")


# --- Thông tin --------------------------------------------------------------------------------

_INFO_HEAD = (
    Field(
        "org_code",
        "Mã tổ chức",
        "text",
        True,
        help="Mã do Đảng ủy phường cấp; đã điền sẵn.",
        blank_help="Ghi mã do Đảng ủy phường cấp.",
    ),
    Field("org_name", "Tên tổ chức đảng", "text", True, help="Tên đầy đủ của chi bộ/đảng bộ."),
    Field("org_tier", "Cấp tổ chức", "category", False, vocab.ORG_TIER, help="Chọn trong danh sách."),
    Field("sector", "Khối", "category", False, vocab.SECTOR, help="Chọn trong danh sách."),
)
_INFO_TAIL = (
    Field("secretary", "Bí thư", "text", help="Họ và tên bí thư."),
    Field("phone", "Điện thoại", "text", help="Số điện thoại liên hệ."),
    Field("cutoff_date", "Ngày chốt số liệu", "date", True, help="Số liệu tính đến ngày này (dd/mm/yyyy)."),
    Field("period_start", "Số liệu từ ngày", "date", True, help="Biến động tính từ ngày này (dd/mm/yyyy)."),
    Field("prepared_by", "Người lập biểu", "text", help="Họ và tên người lập biểu."),
    Field("prepared_on", "Ngày lập biểu", "date", help="Ngày lập biểu (dd/mm/yyyy)."),
    Field("template_version", "Phiên bản mẫu", "text", True, locked=True, help="Không sửa ô này."),
)
INFO_2026_1 = SheetSpec(SHEET_INFO, (*_INFO_HEAD, *_INFO_TAIL))
# `Thông tin` items that count in no figure and identify nothing: shown, never computed with.
# An error value or a formula without a value there is a warning, the file is kept (fix353);
# the code, name, tier, sector, `Không còn quần chúng để kết nạp`, the dates of the period and
# the version count or identify the file, and keep the error.
INFO_UNCOUNTED = frozenset({"secretary", "phone", "prepared_by", "prepared_on"})
INFO = SheetSpec(
    SHEET_INFO,
    (
        *_INFO_HEAD,
        _yes_no(
            "no_candidates_left",
            "Không còn quần chúng để kết nạp",
            "Chọn Có nếu tổ chức không còn quần chúng để bồi dưỡng, kết nạp vào Đảng.",
        ),
        *_INFO_TAIL,
    ),
)

# --- Đảng viên --------------------------------------------------------------------------------

_ROW_NO = Field("row_no", "STT", "int", width=6, help="Số thứ tự (không bắt buộc).")
_NAME = Field("full_name", "Họ và tên", "text", True, width=26, help="Họ và tên đầy đủ, có dấu.")
_BIRTH = Field(
    "birth_date", "Ngày sinh", "date", True, width=12, help="Ngày/tháng/năm sinh, dạng dd/mm/yyyy."
)
_GENDER = Field("gender", "Giới tính", "category", True, vocab.GENDER, width=10, help="Chọn Nam hoặc Nữ.")
_CARD = Field(
    "card_no",
    "Số thẻ đảng viên",
    "text",
    width=16,
    help="Chỉ đảng viên chính thức có thẻ. Để trống nếu là dự bị.",
)
_OFFICIAL = Field(
    "official_date",
    "Ngày chính thức",
    "date",
    width=13,
    help="Ngày công nhận đảng viên chính thức. Để trống nếu còn dự bị.",
)
_GEN_EDU = Field(
    "gen_edu",
    "Trình độ giáo dục phổ thông",
    "category",
    True,
    vocab.GEN_EDU,
    width=18,
    help="Chọn trong danh sách (THPT = Trung học phổ thông).",
)
_THEORY = Field(
    "theory_level",
    "Lý luận chính trị",
    "category",
    True,
    vocab.THEORY_LEVEL,
    width=16,
    help="Trình độ lý luận chính trị cao nhất.",
)
_EXEMPT_FROM = Field(
    "exempt_from",
    "Miễn công tác, sinh hoạt từ ngày",
    "date",
    width=14,
    help="Ngày bắt đầu được miễn hoặc tạm miễn. Để trống nếu không được miễn.",
)
_EXEMPT_REASON = Field(
    "exempt_reason",
    "Lý do miễn",
    "category",
    vocab=vocab.EXEMPT_REASON,
    width=20,
    help="Chỉ điền khi được miễn công tác, sinh hoạt. Tuổi cao, sức khỏe yếu: miễn công tác và "
    "sinh hoạt đảng; các lý do khác: tạm miễn.",
)
_AWAY = _yes_no("working_away", "Đi làm ăn xa", "Chọn Có nếu đang đi làm ăn xa.", width=10)
_NOTE = Field("note", "Ghi chú", "text", width=20, help="Ghi chú thêm (không bắt buộc).")

MEMBERS_2026_1 = SheetSpec(
    SHEET_MEMBERS,
    (
        _ROW_NO,
        _NAME,
        _BIRTH,
        _GENDER,
        _CARD,
        Field(
            "admission_date",
            "Ngày vào Đảng",
            "date",
            True,
            width=13,
            help="Ngày quyết định/lễ kết nạp, dạng dd/mm/yyyy.",
        ),
        _OFFICIAL,
        _GEN_EDU,
        Field(
            "prof_level",
            "Trình độ chuyên môn",
            "category",
            True,
            vocab.PROF_LEVEL_2026_1,
            width=16,
            help="Bằng cấp chuyên môn cao nhất.",
        ),
        _THEORY,
        Field(
            "occupation",
            "Nghề nghiệp",
            "category",
            True,
            vocab.OCCUPATION_2026_1,
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
        _AWAY,
        _NOTE,
    ),
)

# Columns the reader adds to every `Đảng viên` frame, whatever the file's version:
# - occupation_2026_1: the occupation read against the 2026.1 list, for the cells the current
#   list does not take (every row of a 2026.1 file; an old value left in an upgraded file),
#   else None. It keeps the report group of an old occupation exact.
# - attributes_2026_2: True when the file records the attributes new in 2026.2 (youth union,
#   private business owner, foreign marriage, academic title); False for a 2026.1 file, whose
#   members count as unknown there, and for an upgraded file not yet completed (every cell of
#   `NEW_ANSWERS` still empty: `toolkit.io.versions`).
MEMBER_EXTRA = ("occupation_2026_1", "attributes_2026_2")

MEMBERS = SheetSpec(
    SHEET_MEMBERS,
    (
        _ROW_NO,
        _NAME,
        _BIRTH,
        _GENDER,
        Field(
            "ethnicity",
            "Dân tộc",
            "category",
            True,
            vocab.ETHNICITY,
            width=12,
            help="Chọn dân tộc trong danh sách 54 dân tộc (bắt buộc, kể cả dân tộc Kinh).",
            upgrade_fill=True,
        ),
        Field(
            "religion",
            "Tôn giáo",
            "category",
            True,
            vocab.RELIGION,
            width=13,
            help="Chọn tôn giáo; chọn “Không” nếu không theo tôn giáo nào (bắt buộc).",
            upgrade_fill=True,
        ),
        _CARD,
        Field(
            "admission_date",
            "Ngày vào Đảng",
            "date",
            True,
            width=13,
            help=(
                "Ngày ghi trên quyết định kết nạp (tuổi đảng tính từ ngày này), dạng dd/mm/yyyy. Đảng "
                "viên được kết nạp lại: vẫn ghi ngày kết nạp lần đầu; ngày kết nạp lại ghi ở sheet "
                "\u201cBiến động\u201d (dòng \u201cKết nạp lại\u201d)."
            ),
        ),
        _OFFICIAL,
        _GEN_EDU,
        Field(
            "prof_level",
            "Trình độ chuyên môn",
            "category",
            True,
            vocab.PROF_LEVEL,
            width=18,
            help="Bằng cấp chuyên môn cao nhất.",
        ),
        Field(
            "academic_title",
            "Học hàm",
            "category",
            vocab=vocab.ACADEMIC_TITLE,
            width=12,
            help="Chỉ chọn khi đảng viên được phong Phó Giáo sư hoặc Giáo sư. Để trống nếu không có.",
        ),
        _THEORY,
        Field(
            "occupation",
            "Nghề nghiệp",
            "category",
            True,
            vocab.OCCUPATION,
            width=46,  # most of the 15 labels (the longest are 66 and 72 characters)
            help="Chọn một trong 15 nghề nghiệp của biểu thống kê. Cán bộ, công chức, người hoạt động "
            "không chuyên trách của phường chọn mục “… ở xã, phường”; người hoạt động không chuyên "
            "trách ở tổ dân phố chọn mục “… ở thôn, tổ dân phố”.",
            upgrade_fill=True,
        ),
        _yes_no(
            "youth_union",
            "Đoàn viên Đoàn TNCS Hồ Chí Minh",
            "Chọn Có nếu đảng viên đang là đoàn viên Đoàn Thanh niên Cộng sản Hồ Chí Minh.",
        ),
        _yes_no(
            "private_owner", "Chủ doanh nghiệp tư nhân", "Chọn Có nếu đảng viên là chủ doanh nghiệp tư nhân."
        ),
        _yes_no(
            "foreign_marriage",
            "Có quan hệ hôn nhân với người nước ngoài",
            "Chọn Có nếu đảng viên có vợ hoặc chồng là người nước ngoài.",
            width=14,
        ),
        _EXEMPT_FROM,
        _EXEMPT_REASON,
        _AWAY,
        _NOTE,
    ),
    MEMBER_EXTRA,
)

# --- Biến động --------------------------------------------------------------------------------

_EVENT_HEAD = (
    _ROW_NO,
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
    Field("event_date", "Ngày", "date", True, width=12, help="Ngày của quyết định/biến động, dd/mm/yyyy."),
)
_EVENT_TAIL = (
    Field("decision_no", "Số quyết định", "text", width=16, help="Số quyết định (nếu có)."),
    _NOTE,
)


def _strike_ground(voc: Vocabulary) -> Field:
    return Field(
        "strike_ground",
        "Lý do xóa tên",
        "category",
        vocab=voc,
        width=30,
        help="Bắt buộc khi loại biến động là Xóa tên.",
    )


EVENTS_2026_1 = SheetSpec(
    SHEET_EVENTS, (*_EVENT_HEAD, _strike_ground(vocab.STRIKE_GROUND_2026_1), *_EVENT_TAIL)
)
EVENTS = SheetSpec(
    SHEET_EVENTS,
    (
        *_EVENT_HEAD,
        _strike_ground(vocab.STRIKE_GROUND),
        Field(
            "transfer_scope",
            "Phạm vi chuyển",
            "category",
            vocab=vocab.TRANSFER_SCOPE,
            width=22,
            help="Bắt buộc khi Chuyển đến, Chuyển đi: “Trong Đảng bộ phường” khi chuyển giữa hai tổ chức "
            "đảng của phường; nơi đi hoặc nơi đến ở xã, phường khác trong tỉnh; hoặc tỉnh, thành phố "
            "khác. Để trống với loại biến động khác.",
            upgrade_fill=True,
        ),
        _yes_no(
            "was_probationary",
            "Là đảng viên dự bị",
            "Chọn Có nếu người này còn là đảng viên dự bị khi Xóa tên, Khai trừ, Xin ra khỏi Đảng "
            "hoặc Từ trần.",
            width=11,
            words=vocab.YES_NO_PROBATIONARY,
        ),
        *_EVENT_TAIL,
    ),
)

# --- Số liệu năm (the same in every version) ----------------------------------------------------

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

# The `Đảng viên` columns new in 2026.2 that `ward-stats upgrade` leaves empty and whose empty
# cell is an answer (“Không”, no academic title): the attributes of `MEMBER_EXTRA`'s
# ``attributes_2026_2``. While every one of their cells is empty in an upgraded file, the file is
# not completed yet and its members count as unknown there, as a 2026.1 file's do.
NEW_ANSWERS = tuple(f.key for f in MEMBERS.fields if not MEMBERS_2026_1.has(f.key) and not f.upgrade_fill)
# Of those, the Có/Không columns: a value in one of them completes the file. Học hàm alone does
# not (it is filled only for the few with a title: one “Giáo sư” typed said nothing of anyone's
# Đoàn viên, yet made every empty cell a definite “Không”).
COMPLETING_ANSWERS = tuple(k for k in NEW_ANSWERS if MEMBERS.field(k).vocab is vocab.YES_NO)

# Yearly-sheet key of each rating code, and the reverse.
RATING_KEYS = {code: (f"rated_{code}" if code != "not_rated" else "not_rated") for code in vocab.RATING.codes}
YEAR_COUNT_KEYS = tuple(f.key for f in YEARS.fields if f.key != "year")


# The date fields no one can hold before the Party was founded (`PARTY_FOUNDED`).
MEMBERSHIP_DATE_KEYS = ("admission_date", "official_date")


def date_range(f: Field) -> tuple[dt.date, dt.date]:
    """Earliest and latest date a date field's cells take in the template: a date of membership
    from the Party's founding, any other from `EARLIEST_DATE`."""
    return (PARTY_FOUNDED if f.key in MEMBERSHIP_DATE_KEYS else EARLIEST_DATE), LATEST_DATE


def int_range(f: Field) -> tuple[int, int]:
    """Smallest and largest value an integer field accepts."""
    return YEAR_RANGE if f.key == "year" else COUNT_RANGE


# --- the versions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateLayout:
    """The sheets of one version of the branch template."""

    version: str
    info: SheetSpec
    members: SheetSpec
    events: SheetSpec
    years: SheetSpec

    @property
    def data_sheets(self) -> tuple[SheetSpec, SheetSpec, SheetSpec]:
        return (self.members, self.events, self.years)

    def sheet(self, name: str) -> SheetSpec:
        """The spec of the sheet called ``name`` (`Thông tin` or a data sheet)."""
        for spec in (self.info, *self.data_sheets):
            if spec.name == name:
                return spec
        raise KeyError(name)


LAYOUT_2026_1 = TemplateLayout(VERSION_2026_1, INFO_2026_1, MEMBERS_2026_1, EVENTS_2026_1, YEARS)
LAYOUT = TemplateLayout(VERSION_2026_2, INFO, MEMBERS, EVENTS, YEARS)
LAYOUTS: dict[str, TemplateLayout] = {v.version: v for v in (LAYOUT_2026_1, LAYOUT)}


def layout_for(version: str | None) -> TemplateLayout:
    """The layout of a template version; the current one for a version not supported (a file
    whose `_meta` names such a version is refused before its sheets are read: `file.version`)."""
    return LAYOUTS.get(version or "", LAYOUT)


def _version_key(version: str) -> tuple[int, ...] | None:
    """ "2026.2" → (2026, 2); None for a text that is not a version's."""
    parts = version.strip().split(".")
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


def is_newer_version(version: str | None) -> bool:
    """Whether ``version`` ("2026.3") comes after every version supported: a template made after
    this ward-stats, whose files it cannot read until it is updated (the file is not at fault)."""
    key = _version_key(version or "")
    return key is not None and all(
        key > known for known in map(_version_key, SUPPORTED_TEMPLATE_VERSIONS) if known is not None
    )


def versions_counted(versions: Iterable[str | None], not_completed: Iterable[str | None] = ()) -> str:
    """The template versions of a run's files (one per file, None: not read), counted, as
    `history list` and `history show` say them: '2026.1 (3 tệp), 2026.2 (1 tệp)', a file whose
    version was not read 'chưa rõ'; of each version, the upgraded files not completed
    (`not_completed`: their versions) noted, '2026.2 (3 tệp, 1 tệp nâng cấp chưa điền cột mới)'.
    The roll-up says each ward's so, from its summary's `sources` (hunt123 F5)."""
    counts, upgraded = Counter(versions), Counter(not_completed)
    known = sorted((v for v in counts if v is not None), key=version_key)
    parts = [f"{v} ({vnformat.number(counts[v])} tệp{not_completed_words(upgraded[v])})" for v in known]
    if None in counts:
        parts.append(f"chưa rõ ({vnformat.number(counts[None])} tệp)")
    return ", ".join(parts)


def not_completed_words(count: int) -> str:
    """', 1 tệp nâng cấp chưa điền cột mới' after a count of files (`versions_counted`)."""
    return f", {vnformat.number(count)} tệp nâng cấp chưa điền cột mới" if count else ""


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """'2026.10' after '2026.2': numeric parts as numbers, others as text after them."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in version.split("."))


def missing_in(version: str) -> list[Field]:
    """The fields of the current template that a file of ``version`` does not have."""
    old = layout_for(version)
    return [f for spec in (INFO, MEMBERS, EVENTS) for f in spec.fields if not old.sheet(spec.name).has(f.key)]
