"""The catalogue of validation rules: stable code, severity, Vietnamese message template.

Errors are data (frictionless style): the reader and the validator only ever create issues
through `make_issue`, so every problem carries a code from this catalogue, its severity and
a location. `docs/rules.md` is generated from this table (`rules_markdown`) and a test keeps
the two in step.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sys
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any

from toolkit.core import layout
from toolkit.core.model import SEVERITY_LABEL, Issue, SettingsBook, Severity
from toolkit.core.text import MAX_SHOWN_CHARS, holds_id_number, looks_like_org_code, shown, terminal_safe
from toolkit.core.vnformat import number
from toolkit.core.vocab import match_key

# A part of a rule's template that only one kind of run says, marked `⟦for the command line|for a
# button⟧` (the button's part may be left out: `⟦ (hoặc --cutoff)⟧`): a clerk at the consolidation
# workbook's buttons is told the cell of “Điều khiển”, never an option (`--cutoff`) or a command
# he has never seen (fix397). `Rule.template` is the command line's wording (what `docs/rules.md`
# lists and the JSON's `message` says), `Rule.button_template` the button's.
_RUN_PART = re.compile(r"\u27e6(?P<cli>[^\u27e6\u27e7|]*)(?:\|(?P<button>[^\u27e6\u27e7]*))?\u27e7")


def _worded(template: str, *, button: bool) -> str:
    """`template` as one kind of run says it: each marked part (`_RUN_PART`) by its wording."""
    return _RUN_PART.sub(lambda m: (m["button"] or "") if button else m["cli"], template)


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str  # one line, Vietnamese: what the rule checks
    # Vietnamese message body; `{...}` fields are filled by `make_issue`. Given with its parts of
    # one kind of run marked (`_RUN_PART`); kept as the command line's wording.
    template: str
    # The wording of a button's run (`button_run`): the template's marked parts as a button says them.
    button_template: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "button_template", _worded(self.template, button=True))
        object.__setattr__(self, "template", _worded(self.template, button=False))


# Whether the issues made now are a button's run's (`button_run`): their messages say the
# template's button wording (`Rule.button_template`). A context variable, not a parameter: the
# run's issues are made in the reader, the checks and the history alike, and the edge that
# knows which kind of run it is (`toolkit.excel`) is far from them.
_BUTTON_RUN: ContextVar[bool] = ContextVar("button_run", default=False)


@contextlib.contextmanager
def button_run() -> Iterator[None]:
    """The issues made inside are worded for a clerk at the consolidation workbook's buttons
    (`Rule.button_template`: the cell on “Điều khiển”, no command-line option): entered by the
    edge around a press (`toolkit.excel`)."""
    token = _BUTTON_RUN.set(True)
    try:
        yield
    finally:
        _BUTTON_RUN.reset(token)


def is_button_run() -> bool:
    """Whether the issues made now are worded for a button's run (`button_run`)."""
    return _BUTTON_RUN.get()


def worker_of_button_run(button: bool) -> None:
    """A worker process of the run (`toolkit.io.readmany`) makes its issues as the run does: for
    a button's when `button` (`is_button_run` of the run that started it), for the rest of its life."""
    _BUTTON_RUN.set(button)


_E: Severity = "error"
_W: Severity = "warning"

# What `org.no_members_at_cutoff` says of its file: consolidated as the last report, or, in a
# file an error excludes, consolidated so once the errors are fixed (`IF_EXCLUDED`).
_LAST_REPORT_CONSOLIDATED = (
    "Tệp được tổng hợp như báo cáo cuối của tổ chức đã giải thể hoặc sáp nhập: 0 đảng viên tại "
    "ngày chốt, các biến động trong kỳ vẫn được tính vào số liệu của phường. Nếu tổ chức vẫn "
    "còn đảng viên, hãy ghi danh sách đảng viên rồi gửi lại."
)
_LAST_REPORT_IF_FIXED = (
    "Tệp còn lỗi (xem các lỗi khác của tệp) nên chưa được tổng hợp. Khi sửa xong các lỗi, tệp sẽ "
    "được tổng hợp như báo cáo cuối của tổ chức đã giải thể hoặc sáp nhập: 0 đảng viên tại ngày "
    "chốt, các biến động trong kỳ vẫn được tính vào số liệu của phường. Nếu tổ chức vẫn còn đảng "
    "viên, hãy ghi danh sách đảng viên khi sửa các lỗi, rồi gửi lại."
)

# How the last report kept for the rest of a forms' period is dated (`form.absent_org_changes`,
# `form.period_opening_changed`): at each run it states that run's cut-off, or it is excluded
# as `org.cutoff_mismatch` (hunt389: last quarter's report put back as told was refused).
LAST_REPORT_REDATED = (
    "Ở mỗi lần tổng hợp, tệp báo cáo cuối ấy cần ghi ngày chốt số liệu của lần đó (lần này: "
    f"{{cutoff}}) ở sheet \u201c{layout.SHEET_INFO}\u201d, danh sách đảng viên vẫn để trống, các "
    "dòng biến động giữ nguyên: tệp ghi ngày chốt khác, như ngày chốt của lần trước, không được "
    "tổng hợp."
)

# The advice of `org.old_file_unregistered` to move the file out, and what follows it: replaced
# when the same forms' period's record consolidated the file's code as a last report
# (`history.opening.unknown_code_stored`; hunt389: it was told both to move out and to keep).
OLD_FILE_MOVE_OUT = (
    "Tệp không được tổng hợp và không tính vào số tổ chức của kỳ tổng hợp: hãy chuyển tệp ra khỏi "
    "thư mục bài nộp."
)

# The advice of `org.cutoff_mismatch` (`{expected}`: the run's cut-off), replaced when the same
# forms' period's record consolidated the file's code as a last report: only the file's cut-off
# is to change (`history.opening.unknown_code_stored`; fix393: a dissolved organisation's last
# report kept with last quarter's cut-off, its row kept, was told to update its figures).
CUTOFF_UPDATE = "Hãy cập nhật số liệu đến ngày {expected}."

# The closing advice of `org.unknown`, replaced when the history shows the code consolidated
# earlier in the same forms' period (`history.opening.unknown_code_stored`, hunt199 F6).
ORG_UNKNOWN_ADVICE = "Hãy dùng đúng mã do Đảng ủy phường cấp."


def registry_code_advice(registry_code: str, typed: str, *, check_again: bool, place: str) -> str:
    """The closing advice of `norm.org_code` and `org.unknown` when the code differs from the
    registry's only by the registry's format (`text.registry_code_to_fix`): the clerk fixes the
    registry, never the chi bộ its file (`check_again`: the file was not consolidated). `place`:
    where the registry was read (`io.registry.registry_fix_place`: its file, or the sheet of the
    consolidation workbook)."""
    again = " rồi kiểm tra lại" if check_again else ""
    return (
        f"Mã trong danh mục tổ chức là \u201c{registry_code}\u201d: nếu mã của tổ chức là "
        f"\u201c{typed}\u201d, hãy sửa mã ở {place} thành \u201c{typed}\u201d{again}; tệp của chi bộ "
        "không cần sửa."
    )


# The words of `org.duplicate_file` after what it says of its files' contents: the sentence
# naming the only file with no other error goes before them once every file's issues are known
# (`toolkit.validation.attribution.say_only_clean`, hunt206 R1).
DUPLICATE_FILE_RULE = " Mỗi tổ chức chỉ nộp một tệp, nên "

# Where Excel removes a workbook's password (`file.password`; `history import` and the other
# readers of a summary say it too, `toolkit.io.summary`: review229 L4).
REMOVE_PASSWORD = "Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu"
# What `file.password` (and `summary.EncryptedFile`) add for an Excel 97–2003 workbook: it is to
# be saved as .xlsx as well, which the plain `file.xls` refusal would only say on the next run;
# and Excel opens one encrypted with its built-in default password (a protected structure)
# without asking for any, whose only step is that save (h244's left-out).
PASSWORD_XLS = (
    " Tệp ở định dạng Excel 97-2003 (.xls) cũ: khi lưu, hãy chọn Lưu thành (Save As) → Sổ làm việc "
    "Excel (.xlsx) (nếu Excel mở tệp mà không hỏi mật khẩu, chỉ cần lưu thành .xlsx như vậy)."
)

_RULES: tuple[Rule, ...] = (
    # --- file ---------------------------------------------------------------------------------
    Rule("file.unreadable", _E, "Không mở được tệp",
         "Không mở được tệp ({reason}). Hãy mở tệp bằng Excel, kiểm tra nội dung và lưu lại dạng .xlsx."),
    Rule("file.locked", _E, "Tệp đang bị khóa hoặc không có quyền đọc",
         "Không đọc được tệp: tệp đang mở trong chương trình khác (Excel, WPS…) hoặc máy không cho "
         "phép đọc tệp (tệp có thể không hỏng). Hãy đóng tệp rồi chạy lại; nếu vẫn lỗi, chép tệp sang "
         "thư mục khác rồi chạy lại."),
    Rule("file.empty", _E, "Tệp rỗng (0 byte)",
         "Tệp rỗng (0 byte), không có nội dung nào để đọc: có thể tệp chưa được chép hoặc tải về "
         "xong, hoặc đã hỏng khi gửi. Hãy chép hoặc tải lại tệp từ nơi nhận (thư, tin nhắn), hoặc "
         "đề nghị chi bộ gửi lại tệp .xlsx đã điền."),
    Rule("file.truncated", _E, "Tệp bị cắt cụt",
         "Tệp bị cắt cụt (thiếu phần cuối) nên không mở được: có thể tệp chưa được chép hoặc tải "
         "về xong, hoặc đã hỏng khi gửi. Hãy chép hoặc tải lại tệp từ nơi nhận (thư, tin nhắn), "
         "hoặc đề nghị chi bộ gửi lại tệp .xlsx đã điền."),
    Rule("file.partial_download", _E, "Tệp chưa tải xong",
         "Tệp mang đuôi \u201c{suffix}\u201d: trình duyệt chưa tải xong tệp này (hoặc đã dừng giữa "
         "chừng), nên tệp không được đọc. Hãy tải lại tệp cho xong (tệp tải xong có đuôi .xlsx), "
         "xóa tệp này rồi làm lại."),
    Rule("file.password", _E, "Tệp có mật khẩu",
         f"Tệp được đặt mật khẩu nên không đọc được. Hãy mở tệp bằng Excel, gỡ mật khẩu "
         f"({REMOVE_PASSWORD}) rồi lưu và gửi lại.{{xls}}"),
    Rule("file.xls", _E, "Tệp Excel cũ (.xls)",
         "Tệp ở định dạng Excel 97-2003 (.xls) cũ, không được hỗ trợ. Hãy mở bằng Excel, chọn "
         "Lưu thành (Save As) → Sổ làm việc Excel (.xlsx); hoặc mở bằng LibreOffice Calc, chọn Tệp → "
         "Lưu thành (Save As), chọn kiểu tệp \u201cExcel 2007-365 (.xlsx)\u201d, giữ định dạng .xlsx "
         "khi được hỏi; rồi gửi tệp .xlsx."),
    Rule("file.wps", _E, "Tệp WPS Office (.et)",
         "Tệp ở định dạng riêng của WPS Office (.et), không được hỗ trợ. Hãy mở tệp bằng WPS Office "
         "(hoặc Excel), chọn Lưu thành (Save As), chọn kiểu tệp Excel (.xlsx), rồi gửi tệp .xlsx."),
    Rule("file.ods", _E, "Tệp OpenDocument (.ods)",
         "Tệp ở định dạng OpenDocument (.ods), không được hỗ trợ. Hãy mở tệp bằng LibreOffice Calc "
         "(hoặc Excel), chọn Tệp → Lưu thành (Save As), chọn kiểu tệp \u201cExcel 2007-365 (.xlsx)\u201d, "
         "giữ định dạng .xlsx khi được hỏi, rồi gửi tệp .xlsx."),
    Rule("file.strict", _E, "Tệp kiểu Strict Open XML",
         "Tệp được lưu ở kiểu \u201cStrict Open XML Spreadsheet (*.xlsx)\u201d: ở kiểu này công cụ "
         "không kiểm tra được các ô báo lỗi (#DIV/0!…), công thức, dòng ẩn, chữ gạch ngang và chữ gõ "
         "bằng phông cũ, nên không tổng hợp tệp để khỏi tính sai. Hãy mở tệp bằng Excel, chọn Lưu "
         "thành (Save As), chọn kiểu tệp \u201cSổ làm việc Excel (*.xlsx)\u201d (Excel Workbook), "
         "rồi gửi tệp đó."),
    Rule("file.csv", _E, "Tệp CSV (.csv)",
         "Tệp được lưu dạng văn bản CSV (.csv): dạng này chỉ giữ chữ của một sheet, không giữ các "
         "sheet “Thông tin”, “Đảng viên”, “Biến động”, “Số liệu năm” của biểu mẫu, nên không đọc được. Hãy "
         "mở tệp .xlsx đã điền (hoặc điền vào biểu mẫu .xlsx), chọn Tệp → Lưu thành (Save As), chọn "
         "kiểu tệp \u201cSổ làm việc Excel (.xlsx)\u201d, rồi gửi tệp .xlsx."),
    Rule("file.format", _E, "Định dạng tệp không hỗ trợ",
         "Tệp không phải sổ làm việc .xlsx ({reason}). Hãy dùng đúng biểu mẫu của Đảng ủy phường và "
         "lưu dạng .xlsx."),
    Rule("file.too_large", _E, "Tệp quá lớn",
         "Tệp quá lớn hoặc có cấu trúc bất thường ({reason}), nên không được mở để bảo đảm an toàn. "
         "Hãy dùng lại biểu mẫu gốc và chỉ nhập số liệu."),
    Rule("file.unsafe", _E, "Tệp có nội dung XML không an toàn",
         "Tệp chứa khai báo XML không an toàn ({reason}) nên không được đọc. Hãy điền lại vào biểu mẫu gốc."),
    Rule("file.not_template", _E, "Không phải biểu mẫu của phường",
         "Tệp không phải biểu mẫu thống kê đảng viên của phường ({reason}). Hãy dùng biểu mẫu "
         "do Văn phòng Đảng ủy gửi và không đổi tên, xóa sheet."),
    Rule("file.no_meta", _W, "Thiếu thông tin phiên bản mẫu",
         "Tệp thiếu sheet ẩn ghi phiên bản biểu mẫu (có thể đã chép sang sổ mới); "
         "số liệu vẫn được đọc theo tiêu đề cột. Lần sau hãy điền trực tiếp vào biểu mẫu gốc."),
    Rule("file.old_template", _W, "Biểu mẫu phiên bản cũ",
         "Tệp dùng biểu mẫu phiên bản {found}, thiếu các mục {missing}: các mục này được tính là "
         "\u201cchưa rõ\u201d cho đảng viên của tổ chức. Hãy nâng cấp tệp (nút \u201cNâng cấp\u201d ở "
         "sheet \u201cĐiều khiển\u201d⟦ của tệp tổng hợp, Nang cap.cmd, hoặc lệnh ward-stats upgrade⟧) rồi "
         "gửi lại chi bộ bổ sung, hoặc điền biểu mẫu phiên bản mới cho kỳ sau."),
    Rule("file.upgrade_not_completed", _W, "Tệp đã nâng cấp nhưng chưa điền các cột mới",
         "Tệp được nâng cấp từ biểu mẫu {old} nhưng các cột mới {columns} còn để trống ở mọi dòng: "
         "tệp chưa được điền bổ sung. Cho đến khi điền, đảng viên của tổ chức được tính là "
         "\u201cchưa rõ\u201d ở các mục này (mục \u201c{question}\u201d ở sheet “{info}” cũng vậy nếu "
         "còn để trống; cột \u201cLà đảng viên dự bị\u201d ở sheet “Biến động” cũng vậy nếu còn trống ở "
         "mọi dòng). Chi bộ hãy điền các cột này: chọn \u201c{yes}\u201d khi đúng, để trống là "
         "\u201c{no}\u201d (nếu không đảng viên nào như vậy, chọn \u201c{no}\u201d ở một ô); Học hàm: "
         "chọn khi được phong Phó Giáo sư, Giáo sư (chỉ điền Học hàm thì tệp vẫn chưa được điền bổ sung)."),
    Rule("file.version", _E, "Phiên bản mẫu không hỗ trợ",
         "Biểu mẫu phiên bản \u201c{found}\u201d không được hỗ trợ (ward-stats này đọc được phiên bản "
         "{expected}), nên tệp không được đọc. Hãy chép số liệu sang biểu mẫu mới do Văn phòng Đảng ủy "
         "gửi."),
    Rule("file.version_newer", _E, "Biểu mẫu mới hơn ward-stats",
         "Biểu mẫu phiên bản \u201c{found}\u201d không được hỗ trợ (ward-stats này đọc được phiên bản "
         "{expected}), nên tệp không được đọc. Tệp dùng biểu mẫu mới hơn các phiên bản mà ward-stats "
         "này biết: tệp của chi bộ không có lỗi, không cần sửa. Văn phòng Đảng ủy cần cập nhật "
         "ward-stats lên phiên bản mới rồi kiểm tra lại tệp."),
    Rule("file.missing_sheet", _E, "Thiếu sheet",
         "Thiếu sheet \u201c{expected}\u201d. Không đổi tên hay xóa sheet của biểu mẫu; "
         "hãy chép số liệu sang biểu mẫu gốc."),
    Rule("file.renamed_sheet", _E, "Sheet của biểu mẫu bị đổi tên",
         "Thiếu sheet \u201c{expected}\u201d: sheet \u201c{sheet}\u201d có lẽ chính là sheet ấy bị đổi "
         "tên, nên không được đọc. Hãy đổi tên sheet \u201c{sheet}\u201d lại đúng là "
         "\u201c{expected}\u201d (bấm chuột phải vào tên sheet ở dưới cùng, chọn Đổi tên/Rename), rồi "
         "lưu và gửi lại tệp; không cần chép số liệu sang biểu mẫu khác."),
    Rule("file.header", _E, "Tiêu đề cột bị đổi",
         "Tiêu đề là \u201c{typed}\u201d, đúng ra phải là \u201c{expected}\u201d. {advice}"),
    Rule("file.header_moved", _E, "Bảng bị dời khỏi vị trí của biểu mẫu",
         "{how} Hãy {fix}. Đến khi đó, số liệu của sheet này không được đọc (mọi ô được tìm "
         "theo đúng vị trí của biểu mẫu gốc)."),
    Rule("file.extra_column", _W, "Cột thêm ngoài biểu mẫu",
         "Cột ngoài biểu mẫu có dữ liệu, không được đọc. {advice}"),
    Rule("file.rows_outside", _E, "Dòng của danh sách nằm ngoài bảng",
         "Các ô này có dạng {count} dòng của danh sách (họ tên, ngày sinh… theo thứ tự các cột của "
         "biểu mẫu) nhưng nằm bên phải, ngoài bảng, nên không được đọc: {count} {what} này đang bị "
         "thiếu trong số liệu. Có lẽ các dòng đã bị cắt dán hoặc chèn ô đẩy sang phải nhầm chỗ. Hãy "
         "chuyển chúng về các cột {table} của bảng, vào các dòng trống ({home}), rồi kiểm tra lại; "
         "không đưa nội dung này vào cột \u201cGhi chú\u201d."),
    Rule("file.info_outside", _W, "Ghi ngoài ô của sheet “Thông tin”",
         "Các ô này nằm ngoài chỗ ghi của sheet (mỗi mục ghi ở cột B, cùng dòng với tên mục) nên "
         "không được đọc. Nếu đó là nội dung của một mục, hãy chuyển sang ô cột B của mục ấy; nếu "
         "không cần, hãy xóa."),
    Rule("file.trailer_rows", _W, "Dòng cộng, ký tên dưới bảng",
         "Các dòng này không phải {what} mà là dòng cộng, phần ký tên hay ghi chú viết vào bảng (ví dụ "
         "\u201c{value}\u201d), nên không được đọc và không được tính. Biểu mẫu không cần các dòng này "
         "(công cụ tự cộng, tệp gửi đi không cần chữ ký): hãy xóa chúng. Nếu trong đó có {what}, hãy "
         "ghi lại ở một dòng đủ các cột."),
    Rule("file.trailer_count", _W, "Số ghi ở dòng cộng khác số dòng đọc được",
         "Dòng cộng ghi {stated} {what}, nhưng danh sách của sheet này có {read} {what} được đọc. "
         "Hãy kiểm tra xem có {what} nào bị xóa mất dòng hay đang ghi ở sheet khác, tệp khác, "
         "hoặc có dòng nào bị ẩn (dòng ẩn vẫn được đọc và tính) mà con số ở dòng cộng không tính "
         "đến; rồi sửa danh sách hoặc con số cho khớp. Công cụ đếm theo các dòng đọc được, không "
         "theo con số ở dòng cộng."),
    Rule("file.answers_only_rows", _W, "Dòng chỉ có câu trả lời ở cột Có/Không",
         "Các dòng này chỉ có câu trả lời \u201c{yes}\u201d/\u201c{no}\u201d ở {columns}, không có "
         "họ tên hay thông tin nào khác, nên không phải {what} và không được đọc (thường do kéo điền "
         "ô xuống quá dòng cuối của danh sách). Nếu đúng vậy, hãy xóa các ô đó; nếu đó là {what}, "
         "hãy ghi đủ các cột của dòng."),
    Rule("file.subtotal_rows", _W, "Dòng tổng phụ do lệnh Subtotal chèn vào",
         "Các dòng này là dòng tổng phụ mà lệnh Tổng phụ (Subtotal) của Excel hay LibreOffice chèn "
         "vào danh sách (ví dụ \u201c{value}\u201d), không phải {what}, nên không được đọc và không "
         "được tính. Hãy xóa chúng bằng chính lệnh ấy: chọn một ô trong bảng rồi, trong Excel, chọn "
         "Dữ liệu → Tổng phụ → Loại bỏ tất cả (Data → Subtotal → Remove All); trong LibreOffice, "
         "chọn Data → Subtotals → Remove All. Công cụ tự đếm và cộng, biểu mẫu không cần các dòng này."),
    Rule("file.heading_rows", _W, "Dòng tiêu đề viết vào giữa bảng",
         "Các dòng này không phải {what} mà là tiêu đề viết vào giữa bảng (tên một nhóm, dòng "
         "tiêu đề của danh sách khác dán vào, hay dòng đánh số các cột (1), (2)…; ví dụ "
         "\u201c{value}\u201d), nên không được đọc. Biểu mẫu "
         "chỉ có một dòng tiêu đề (dòng 1), mỗi dòng bên dưới là một {what}; không cần chia nhóm "
         "(dự bị hay chính thức, miễn sinh hoạt… đã có cột riêng): hãy xóa các dòng này."),
    Rule("file.hidden_sheet", _W, "Sheet số liệu bị ẩn",
         "Sheet \u201c{sheet}\u201d đang bị ẩn{how}; số liệu trong đó vẫn được đọc. {fix}"),
    Rule("file.extra_sheet", _W, "Sheet ngoài biểu mẫu có dữ liệu",
         "Sheet \u201c{sheet}\u201d{hidden} không thuộc biểu mẫu nhưng có dữ liệu (từ ô {cell}); dữ "
         "liệu trong sheet này không được đọc và không được tổng hợp. Nếu đó là số liệu của tổ chức, "
         "hãy chép vào đúng sheet của biểu mẫu rồi xóa sheet thừa. Nếu không (ví dụ một sheet ghi "
         "chú), có thể bỏ qua cảnh báo này, hoặc xóa sheet ấy để không còn cảnh báo."),
    Rule("file.copied_sheet", _W, "Bản sao sheet số liệu có dữ liệu không được đọc",
         "Sheet \u201c{sheet}\u201d{hidden} có cùng dòng tiêu đề với sheet \u201c{copied}\u201d và {rows} "
         "dòng dữ liệu, nhưng chỉ sheet \u201c{copied}\u201d của biểu mẫu được đọc: các dòng ấy không được "
         "tính, số liệu tổng hợp sẽ thiếu. Hãy chép các dòng cần tính vào sheet \u201c{copied}\u201d rồi "
         "xóa sheet \u201c{sheet}\u201d (danh sách cũ cần giữ thì lưu sang tệp khác)."),
    Rule("file.name_suffix", _W, "Tên tệp thiếu đuôi của tệp Excel",
         "Tên tệp không kết thúc bằng đuôi của tệp Excel (.xlsx) nên Excel không mở được tệp khi bấm "
         "đúp (chương trình vẫn đọc tệp). Hãy đổi tên tệp thành \u201c{suggested}\u201d."),
    Rule("file.macros", _W, "Tệp có macro",
         "Tệp có macro; macro không bao giờ được chạy và bị bỏ qua. Nên lưu lại dạng .xlsx."),
    Rule("file.unknown_org", _E, "Tệp không rõ của tổ chức nào",
         "Tệp không rõ của tổ chức nào: tên tệp không bắt đầu bằng mã tổ chức{known} và không "
         "đọc được mã tổ chức trong sheet \u201cThông tin\u201d. Tệp không được tổng hợp. Hãy đặt tên "
         "tệp theo mẫu <mã tổ chức>_<tên>.xlsx như tệp điền sẵn, hoặc gửi lại đúng biểu mẫu."),
    Rule("file.out_of_memory", _E, "Máy tính không đủ bộ nhớ để đọc tệp",
         "Máy tính không đủ bộ nhớ để đọc tệp này, nên tệp chưa được tổng hợp (tệp có thể không hỏng). "
         "Hãy đóng bớt các chương trình khác rồi chạy lại; nếu đợt này có rất nhiều tệp, hãy chạy với "
         "ít tệp hơn mỗi lần."),
    Rule("file.check_failed", _E, "Lỗi chương trình khi kiểm tra tệp",
         "Không kiểm tra hết được tệp do lỗi của chương trình ({reason}). Tệp không bị thay đổi; "
         "hãy gửi thông báo này cho người hỗ trợ kỹ thuật."),
    Rule("ward.check_failed", _E, "Lỗi chương trình khi đối chiếu các tệp",
         "Không đối chiếu hết được các tệp với nhau do lỗi của chương trình ({reason}), nên một số lỗi, "
         "cảnh báo khi đối chiếu (trùng đảng viên hoặc số thẻ, hai tệp của một tổ chức, ngày chốt hay kỳ "
         "số liệu khác nhau, chỉ tiêu kết nạp) có thể chưa được phát hiện. Các tệp không bị thay đổi; "
         "hãy gửi thông báo này cho người hỗ trợ kỹ thuật."),
    Rule("ward.cutoff_unmatched", _E, "Ngày chốt đang dùng không khớp tệp nào",
         "Không tệp nào có ngày chốt số liệu {expected} đang dùng để kiểm tra và tổng hợp; {count} tệp "
         "ghi ngày chốt {value} (mỗi tệp có lỗi \u201cNgày chốt khác kỳ tổng hợp\u201d). Nếu ngày chốt "
         "đang dùng bị ghi nhầm, hãy sửa ô "
         "\u201cNgày chốt số liệu\u201d ở sheet “Điều khiển”⟦ (hoặc --cutoff)⟧ rồi chạy lại; nếu đúng, "
         "các tổ chức cần cập nhật số liệu đến ngày {expected}."),
    Rule("ward.period_start_unmatched", _W, "Ngày bắt đầu kỳ đang dùng không khớp tệp nào",
         "Không tệp nào ghi số liệu từ ngày {expected} đang dùng làm ngày bắt đầu kỳ tổng hợp; {count} "
         "tệp ghi từ ngày {value}, nên biến động và số liệu năm của các tệp không khớp kỳ "
         "{expected}\u2013{cutoff} (mỗi tệp có cảnh báo \u201cKỳ số liệu của tệp khác kỳ tổng hợp\u201d). "
         "Nếu ngày bắt đầu kỳ bị ghi nhầm, hãy sửa ô \u201cSố liệu từ ngày\u201d ở sheet “Điều khiển” "
         "⟦(hoặc --since) ⟧rồi chạy lại."),
    Rule("ward.no_ward_name", _W, "Chưa ghi tên phường cho các biểu và báo cáo",
         "Chưa ghi tên phường: đầu các Biểu 1\u20134-BTCTW chỉ ghi \u201cĐẢNG ỦY PHƯỜNG\u201d, không có "
         "tên; tiêu đề sheet “Tổng hợp”, sheet “Báo cáo”, tệp báo cáo và tệp JSON của lần tổng hợp này "
         "(cùng bản ghi lịch sử, nếu có lưu) cũng không có tên phường (khi tổng hợp lên cấp trên, tệp "
         "JSON ấy sẽ có cảnh báo \u201cTệp số liệu không ghi tên phường\u201d). "
         "Hãy ghi tên phường, ví dụ \u201cPhường Hải Dương\u201d, ở ô \u201cTên phường\u201d của sheet "
         "“Điều khiển”⟦ (hoặc --ward-name)⟧ rồi chạy lại Tổng hợp."),
    Rule("ward.name_without_kind", _W, "Tên phường thiếu chữ “Phường”",
         "Tên phường \u201c{value}\u201d không bắt đầu bằng \u201cPhường\u201d (hay \u201cXã\u201d, "
         "\u201cĐặc khu\u201d): đầu các Biểu 1\u20134-BTCTW sẽ ghi \u201cĐẢNG ỦY {heading}\u201d. Nếu chưa "
         "đúng, hãy ghi đủ, ví dụ \u201cPhường Hải Dương\u201d, ở ô \u201cTên phường\u201d của sheet "
         "“Điều khiển”⟦ (hoặc --ward-name)⟧ rồi chạy lại Tổng hợp."),
    Rule("ward.name_only_kind", _W, "Tên phường chưa có tên",
         "Tên phường chỉ có chữ \u201c{value}\u201d, chưa có tên: đầu các Biểu 1\u20134-BTCTW sẽ ghi "
         "\u201cĐẢNG ỦY {heading}\u201d, không có tên. Hãy ghi đủ, ví dụ \u201cPhường Hải Dương\u201d, ở ô "
         "\u201cTên phường\u201d của sheet “Điều khiển”⟦ (hoặc --ward-name)⟧ rồi chạy lại Tổng hợp."),
    Rule("ward.implausible_target", _W, "Chỉ tiêu kết nạp của phường lớn bất thường",
         "Chỉ tiêu kết nạp năm {year} của phường ghi ở ô \u201cChỉ tiêu kết nạp năm chốt (nếu thay)\u201d "
         "của sheet “Điều khiển” là {target} đảng viên, lớn hơn {against}: phường không thể kết nạp "
         "trong một năm nhiều hơn số đảng viên mình có, nên có thể ô này gõ nhầm (thừa chữ số, hoặc "
         "gõ năm vào ô chỉ tiêu). Số đã ghi vẫn được tính: tỷ lệ đạt chỉ tiêu kết nạp năm {year} của "
         "phường tính theo số đó. Hãy kiểm tra lại ô này, sửa nếu gõ nhầm, rồi tổng hợp lại."),
    Rule("folder.subfolder_not_read", _W, "Thư mục con không được đọc",
         "Thư mục con \u201c{value}\u201d có {count} tệp bảng tính không được đọc: chỉ các tệp nằm "
         "ngay trong thư mục bài nộp \u201c{folder}\u201d được kiểm tra và tổng hợp. Nếu đó là bài nộp, "
         "hãy chuyển các tệp ra thư mục bài nộp rồi làm lại; nếu là bản cũ, bản lưu thì không cần "
         "làm gì."),
    Rule("folder.archive_not_read", _W, "Tệp nén không được đọc",
         "Tệp nén \u201c{value}\u201d {content} không được đọc: chỉ các tệp bảng tính nằm ngay trong "
         "thư mục bài nộp \u201c{folder}\u201d được kiểm tra và tổng hợp, tệp nén không được giải nén. "
         "Nếu trong đó có bài nộp, hãy giải nén (bấm chuột phải vào tệp, chọn Extract All… / Giải nén) "
         "để các tệp .xlsx nằm ngay trong thư mục này rồi làm lại; nếu không thì không cần làm gì."),
    Rule("folder.feedback_file", _W, "Tệp phản hồi nằm trong thư mục bài nộp",
         "Tệp \u201c{value}\u201d là tệp phản hồi (kết quả kiểm tra) ward-stats đã ghi{org}, không "
         "phải bài nộp, nên không được đọc. Nếu chi bộ gửi lại tệp này thay cho bài nộp đã sửa thì bài "
         "nộp đã sửa ấy chưa có trong thư mục bài nộp \u201c{folder}\u201d: hãy đề nghị chi bộ sửa ngay "
         "trong tệp biểu mẫu của mình rồi gửi lại tệp đó. Có thể chuyển tệp phản hồi này ra khỏi thư mục."),
    Rule("cell.formula_no_value", _E, "Công thức chưa có giá trị",
         "Ô có công thức nhưng chưa có giá trị đã tính. Hãy mở tệp bằng Excel, để Excel tính "
         "lại rồi lưu (hoặc ghi giá trị thay cho công thức)."),
    Rule("cell.volatile_formula", _W, "Công thức tự thay đổi giá trị",
         "Công thức dùng hàm {function}: kết quả tự thay đổi khi Excel tính lại (hàm ngày giờ đổi theo "
         "ngày mở tệp, hàm ngẫu nhiên đổi mỗi lần tính): số liệu được tính theo giá trị Excel tính lần "
         "cuối trước khi lưu ({value}), lần mở sau có thể khác. Hãy gõ thẳng giá trị vào ô "
         "thay cho công thức."),
    Rule("cell.external_formula", _W, "Công thức lấy số liệu từ tệp khác",
         "Công thức lấy số liệu từ tệp khác ({book}): số liệu được tính theo giá trị Excel lưu lần cuối "
         "({value}). Khi mở tệp, Excel có thể hỏi có cập nhật liên kết không; tệp kia thay đổi, bị đổi "
         "tên hay không có trên máy thì giá trị có thể đổi hoặc thành lỗi. Hãy chép các ô này rồi dán "
         "giá trị (Dán đặc biệt → Giá trị) thay cho công thức."),
    Rule("cell.error_value", _E, "Ô có giá trị lỗi",
         "Ô có giá trị lỗi {value} ({meaning}) thay cho số liệu; giá trị này không được tính. Hãy sửa "
         "công thức hoặc ghi thẳng {expected} vào ô này."),
    # The same in a `Thông tin` item that counts in no figure (`layout.INFO_UNCOUNTED`, fix353):
    # a warning, the organisation is not left out for a cell that is only shown.
    Rule("info.unused_error_value", _W, "Ô có giá trị lỗi (không dùng để tính số liệu)",
         "Ô có giá trị lỗi {value} ({meaning}). Ô này không dùng để tính số liệu nên tệp vẫn được "
         "tổng hợp, nhưng hãy sửa công thức hoặc ghi thẳng {expected} vào ô này."),
    Rule("info.unused_formula_no_value", _W, "Công thức chưa có giá trị (không dùng để tính số liệu)",
         "Ô có công thức nhưng chưa có giá trị đã tính. Ô này không dùng để tính số liệu nên tệp vẫn "
         "được tổng hợp, nhưng hãy mở tệp bằng Excel, để Excel tính lại rồi lưu (hoặc ghi giá trị "
         "thay cho công thức)."),
    # The same in `Tên tổ chức đảng` of a file whose code the registry holds (fix373): the name
    # is the registry's, so the organisation is consolidated under it; else `cell.error_value`.
    Rule("info.org_name_error_value", _W, "Tên tổ chức là giá trị lỗi, đã dùng tên trong danh mục",
         "Ô có giá trị lỗi {value} ({meaning}) thay cho tên tổ chức. Mã tổ chức {expected} có trong "
         "danh mục tổ chức của phường nên tệp vẫn được tổng hợp, với tên trong danh mục: "
         "\u201c{org_name}\u201d. Hãy ghi thẳng tên tổ chức (chữ, không phải công thức) vào ô này, "
         "hoặc sửa công thức cho đúng rồi chép ô và dán giá trị (Dán đặc biệt → Giá trị)."),
    Rule("info.org_name_formula_no_value", _W,
         "Tên tổ chức là công thức chưa có giá trị, đã dùng tên trong danh mục",
         "Ô có công thức nhưng chưa có giá trị đã tính, nên tệp không cho biết tên tổ chức. Mã tổ "
         "chức {expected} có trong danh mục tổ chức của phường nên tệp vẫn được tổng hợp, với tên "
         "trong danh mục: \u201c{org_name}\u201d. Hãy ghi thẳng tên tổ chức (chữ) vào ô này, hoặc "
         "mở tệp bằng Excel để Excel tính lại rồi chép ô và dán giá trị (Dán đặc biệt → Giá trị)."),
    Rule("cell.out_of_range", _E, "Ô có số không phải ngày hay số đếm",
         "Ô chứa số {value}, không phải ngày hay số đếm: giá trị này không được tính. Hãy ghi lại "
         "{expected} vào ô này."),
    Rule("cell.text_in_row_no", _E, "Chữ ghi ở cột STT",
         "Cột \u201c{column}\u201d chỉ để ghi số thứ tự, nhưng các dòng này có chữ ở cột đó (ví dụ "
         "\u201c{value}\u201d) còn các cột khác để trống, nên không được đọc. Có phải danh sách dán "
         "lệch sang trái một cột (họ tên ghi vào cột STT)? Hãy chép nội dung sang cột "
         "\u201c{target}\u201d và các cột bên cạnh cho đúng vị trí; nếu không cần thì xóa."),
    Rule("cell.strikethrough", _W, "Dòng có chữ gạch ngang",
         "Chữ được gạch ngang, nhưng gạch ngang không xóa dòng: dòng vẫn được đọc và tính như mọi "
         "dòng khác. Nếu gạch ngang để bỏ dòng (đảng viên đã chuyển đi, từ trần, dòng ghi nhầm…), hãy "
         "xóa hẳn dòng; đảng viên ra khỏi danh sách thì ghi biến động ở sheet \u201cBiến động\u201d. "
         "Nếu không, hãy bỏ gạch ngang."),
    Rule("cell.part_struck", _W, "Ô có một phần chữ gạch ngang",
         "Một phần chữ trong ô được gạch ngang (\u201c{struck}\u201d), nhưng gạch ngang không xóa chữ: "
         "ô vẫn được đọc cả phần bị gạch, là \u201c{value}\u201d. Nếu phần gạch ngang là chữ đã bỏ (ví dụ "
         "họ tên đã sửa), hãy xóa hẳn phần đó khỏi ô; nếu không, hãy bỏ gạch ngang."),
    Rule("cell.hidden_row", _W, "Dòng bị ẩn",
         "{what} đang bị ẩn nhưng có dữ liệu; dữ liệu vẫn được đọc và được tính. {fix}"),
    Rule("cell.hidden_column", _W, "Cột bị ẩn",
         "{what} đang bị ẩn nhưng có dữ liệu; dữ liệu vẫn được đọc và được tính. Hãy bỏ ẩn cột "
         "(chọn hai cột hai bên, chuột phải, chọn Bỏ ẩn/Unhide) để kiểm tra lại; nếu không cần "
         "dữ liệu đó thì xóa nội dung các ô, đừng chỉ ẩn cột."),
    Rule("cell.merged", _W, "Ô bị gộp",
         "Các ô {range} bị gộp trong vùng số liệu: giá trị hiện trên cả vùng gộp chỉ được tính cho ô "
         "{first}, còn {hidden}. Hãy bỏ gộp ô (chọn vùng ô rồi, trong Excel, bấm Merge & Center, “Hợp "
         "nhất và căn giữa”; trong LibreOffice, chọn Format → Merge and Unmerge Cells → Unmerge "
         "Cells) và ghi giá trị vào từng ô."),
    Rule("member.card_as_number", _W, "Số thẻ đảng viên lưu dạng số",
         "Số thẻ đảng viên được lưu dạng số, không phải văn bản (ô ví dụ ghi {value}): số 0 ở đầu "
         "hoặc ở cuối số thẻ (01.234560) có thể đã mất khi dán hoặc nhập, và số thẻ đang được đọc "
         "như Excel lưu. Hãy định dạng cột là Văn bản (Text) rồi ghi lại số thẻ theo thẻ đảng viên."),
    Rule("cell.day_month_swapped", _W, "Ngày và tháng có thể bị đảo",
         "Các ô này đều có ngày trong tháng từ 1 đến 12, còn {text_count} ngày ghi dạng văn bản "
         "({texts}) đều có ngày từ 13 trở lên: có lẽ danh sách được dán hoặc gõ trên máy tính đặt "
         "ngày kiểu tháng/ngày/năm, nên Excel đã đảo ngày với tháng (05/03/1980 thành ngày 3 tháng 5) "
         "và để nguyên văn bản những ngày không đảo được (15/03/1980). Ô ví dụ đang được tính là "
         "{date}. Hãy đối chiếu với hồ sơ và sửa các ô bị đảo; số liệu đang tính theo ngày Excel "
         "lưu. Cảnh báo hết khi mọi ngày của cột được ghi cùng một cách."),
    Rule("cell.month_first_text", _W, "Ngày ghi dạng văn bản có thể bị đảo ngày với tháng",
         "Các ô này là ngày ghi dạng văn bản có ngày và tháng đều từ 1 đến 12, đang được đọc ngày "
         "trước, tháng sau, còn {text_count} ngày ghi dạng văn bản khác của cột ({texts}) chỉ là ngày "
         "có thật khi đọc tháng trước, ngày sau (như 10/25/1980): có lẽ cột được ghi hoặc dán từ máy "
         "tính hay biểu mẫu đặt ngày kiểu tháng/ngày/năm, và các ô này cũng bị đảo ngày với tháng "
         "(10/02/1980 đọc là ngày 10 tháng 2, có thể đúng ra là ngày 2 tháng 10). Ô ví dụ đang được "
         "tính là {date}. Hãy đối chiếu với hồ sơ và ghi lại mọi ngày của cột theo kiểu ngày/tháng/năm, "
         "không chỉ các ô báo lỗi: khi các ô lỗi đã sửa, cảnh báo này không còn nữa và các ô này "
         "được tính như đang ghi."),
    # --- Thông tin ------------------------------------------------------------------------------
    Rule("info.required", _E, "Thiếu thông tin bắt buộc", "Chưa ghi. Hãy điền mục này."),
    # The locked `Phiên bản mẫu` cell emptied: "Hãy điền mục này" asked for what the cell's own
    # note says not to touch (hunt175 F9). `{advice}`: `validation.columns.version_cleared_advice`.
    Rule("info.version_cleared", _E, "Ô phiên bản mẫu bị xóa",
         "Ô này ghi phiên bản biểu mẫu và không được sửa, nhưng đã bị xóa. {advice}"),
    Rule("info.not_allowed", _E, "Giá trị không có trong danh sách",
         "\u201c{value}\u201d không có trong danh sách{suggestion}. Hãy chọn trong danh sách thả xuống."),
    Rule("info.bad_date", _E, "Ngày không hợp lệ", "\u201c{value}\u201d: {reason}.{advice}"),
    Rule("info.before_1900", _E, "Ngày trước năm 1900",
         "{value} là ngày trước năm 1900. Hãy kiểm tra lại năm."),
    Rule("info.period", _E, "Kỳ số liệu không hợp lệ",
         "Ngày bắt đầu kỳ {start} sau ngày chốt số liệu {cutoff}. Hãy sửa một trong hai ngày."),
    # `Ngày lập biểu` a form cannot have been made on (fix343), or no date at all (fix352):
    # warnings, the date counts in no figure and the file is not left out for it. The cut-off
    # and the period start, which count, keep `info.bad_date` and `info.before_1900`.
    Rule("info.prepared_bad_date", _W, "Ngày lập biểu không hợp lệ",
         "\u201c{value}\u201d: {reason}.{advice}"),
    Rule("info.prepared_before_1900", _W, "Ngày lập biểu trước năm 1900",
         "{value} là ngày trước năm 1900. Hãy kiểm tra lại năm."),
    Rule("info.prepared_future", _W, "Ngày lập biểu ở tương lai",
         "Ngày lập biểu {value} sau ngày hôm nay ({today}): biểu không thể lập vào ngày chưa đến. "
         "Hãy kiểm tra lại ngày, tháng, năm."),
    Rule("info.prepared_early", _W, "Ngày lập biểu quá sớm",
         "Ngày lập biểu {value} {bound}: biểu lập ngày đó chưa thể có số liệu đến ngày chốt {cutoff}. "
         "Có thể biểu được chép từ biểu của kỳ trước mà chưa sửa ngày lập biểu, hoặc ngày bị ghi nhầm. "
         "Hãy ghi lại ngày lập biểu."),
    # --- Đảng viên ------------------------------------------------------------------------------
    Rule("member.required", _E, "Thiếu thông tin bắt buộc", "Chưa ghi. Hãy điền ô này."),
    Rule("member.not_allowed", _E, "Giá trị không có trong danh sách",
         "\u201c{value}\u201d không có trong danh sách{suggestion}. Hãy chọn trong danh sách thả xuống."),
    Rule("member.bad_date", _E, "Ngày không hợp lệ", "\u201c{value}\u201d: {reason}.{advice}"),
    Rule("member.future_date", _E, "Ngày ở tương lai",
         "{value} là ngày ở tương lai (hôm nay {today}). Hãy kiểm tra lại ngày, tháng, năm."),
    Rule("member.before_1900", _E, "Ngày trước năm 1900",
         "{value} là ngày trước năm 1900. Hãy kiểm tra lại năm."),
    Rule("member.not_integer", _W, "STT không phải số",
         "\u201c{value}\u201d không phải số nguyên; cột STT không được dùng để tính toán."),
    Rule("member.birth_after_admission", _E, "Ngày sinh sau ngày vào Đảng",
         "Ngày sinh {birth} sau ngày vào Đảng {admission}. Hãy kiểm tra lại hai ngày này."),
    Rule("member.under_18", _E, "Chưa đủ 18 tuổi khi vào Đảng",
         "Vào Đảng ngày {admission} khi mới {age} (sinh {birth}); người vào Đảng phải đủ 18 tuổi "
         "(tính theo tháng). Hãy kiểm tra ngày sinh và ngày vào Đảng."),
    # A date of membership before the Party existed (hunt320 F3): a year typed wrong.
    Rule("member.before_party_founded", _E, "Ngày trước ngày thành lập Đảng",
         "{value} trước ngày thành lập Đảng Cộng sản Việt Nam ({founded}): không thể là {what}. "
         "Hãy kiểm tra lại năm."),
    Rule("member.age_implausible", _W, "Tuổi quá cao",
         "Đến ngày chốt {cutoff} đảng viên đã {age} tuổi (sinh {value}), quá {limit} tuổi. Hãy kiểm "
         "tra lại năm sinh."),
    # An age no one living has (over `layout.MAX_LIVING_AGE`, fix336): an error, not a question.
    Rule("member.age_impossible", _E, "Tuổi không thể có",
         "Đến ngày chốt {cutoff} đảng viên đã {age} tuổi (sinh {value}), quá {limit} tuổi, cao hơn "
         "tuổi của bất kỳ người nào đang sống. Năm sinh đã bị ghi nhầm (ví dụ 1905 thay cho 1950, "
         "hoặc ô ngày sinh chỉ ghi một phần năm); hãy sửa lại ngày sinh."),
    Rule("member.after_cutoff", _E, "Vào Đảng sau ngày chốt số liệu",
         "Vào Đảng ngày {value}, sau ngày chốt số liệu {cutoff}: người này chưa là đảng viên "
         "tại ngày chốt. Hãy kiểm tra ngày vào Đảng, hoặc ghi người này ở kỳ sau."),
    Rule("member.admission_over_60", _W, "Trên 60 tuổi khi vào Đảng",
         "Vào Đảng ngày {admission} khi đã {age} (sinh {birth}), quá 60 tuổi (tính theo tháng): "
         "kết nạp người trên 60 tuổi phải được cấp ủy cấp trên xem xét, quyết định. Hãy kiểm tra "
         "ngày sinh, ngày vào Đảng và quyết định kết nạp."),
    Rule("member.admission_education", _W, "Vào Đảng trong kỳ chưa tốt nghiệp THCS",
         "Vào Đảng ngày {admission} (trong kỳ số liệu) với trình độ giáo dục phổ thông \u201c{value}\u201d: "
         "người vào Đảng phải tốt nghiệp trung học cơ sở trở lên, trừ trường hợp được cấp ủy cấp trên "
         "cho phép. Hãy kiểm tra trình độ giáo dục phổ thông."),
    Rule("member.official_too_early", _E, "Ngày chính thức quá sớm",
         "{value} sớm hơn ngày vào Đảng {admission}{readmitted} cộng 12 tháng ({earliest}). Hãy kiểm "
         "tra {checked}."),
    Rule("member.official_late", _W, "Ngày chính thức muộn hơn 30 ngày làm việc sau hạn dự bị",
         "{value} muộn hơn 30 ngày làm việc sau khi hết 12 tháng dự bị (vào Đảng {admission}{readmitted}, "
         "hết dự bị {end}, hạn xét chính thức {deadline}). Hãy kiểm tra ngày chính thức: có thể gõ nhầm, "
         "hoặc việc công nhận chính thức bị chậm."),
    Rule("member.official_before_readmission", _W, "Ngày chính thức có trước ngày kết nạp lại",
         "Ngày chính thức {value} có trước ngày kết nạp lại {readmitted}: đây là ngày chính thức của lần "
         "vào Đảng trước. Người được kết nạp lại phải dự bị lại 12 tháng (hết dự bị {end}, hạn xét chính "
         "thức {deadline}{overdue}), nhưng số liệu vẫn tính người này là đảng viên chính thức theo ngày "
         "chính thức đang ghi. Hãy xóa ngày chính thức cũ hoặc ghi ngày được công nhận chính thức lại."),
    Rule("member.admission_is_readmission", _W, "Ngày vào Đảng trùng ngày kết nạp lại",
         "Ngày vào Đảng {value} trùng ngày kết nạp lại ({event_row}). Với đảng viên được kết nạp lại, "
         "cột \u201cNgày vào Đảng\u201d ghi ngày kết nạp lần đầu: tuổi đảng tính từ ngày đó (trừ thời "
         "gian ở ngoài Đảng), danh sách huy hiệu Đảng và số liệu theo thời kỳ vào Đảng đọc cột này; 12 "
         "tháng dự bị vẫn tính từ ngày kết nạp lại theo dòng \u201cKết nạp lại\u201d. Hãy ghi ngày kết "
         "nạp lần đầu (theo hồ sơ đảng viên) vào cột \u201cNgày vào Đảng\u201d."),
    Rule("member.readmission_before_admission", _W, "Ngày kết nạp lại trước ngày vào Đảng",
         "Ngày kết nạp lại {readmitted} ({event_row}) trước ngày vào Đảng {value}: người được kết nạp "
         "lại phải đã vào Đảng trước đó, hai ngày trái nhau. Với đảng viên được kết nạp lại, cột "
         "\u201cNgày vào Đảng\u201d vẫn ghi ngày kết nạp lần đầu, còn ngày kết nạp lại ghi ở dòng "
         "\u201cKết nạp lại\u201d; cho đến khi sửa, dự bị và tuổi đảng được tính theo ngày vào Đảng "
         "đang ghi, không theo ngày kết nạp lại. Hãy kiểm tra hai ngày này (theo hồ sơ đảng viên)."),
    Rule("member.probation_overdue", _W, "Quá hạn xét chính thức",
         "Vào Đảng ngày {admission}{readmitted}, đến ngày chốt {cutoff} vẫn chưa có ngày chính thức, đã quá "
         "12 tháng cộng 30 ngày làm việc (hạn {deadline}). Hãy ghi ngày chính thức nếu đã được "
         "công nhận.{hint}"),
    Rule("member.card_on_probationary", _W, "Đảng viên dự bị có số thẻ",
         "Đảng viên dự bị (chưa có ngày chính thức đến ngày chốt) nhưng có số thẻ \u201c{value}\u201d. "
         "Hãy ghi ngày chính thức hoặc xóa số thẻ."),
    Rule("member.duplicate", _E, "Trùng đảng viên trong tệp",
         "\u201c{name}\u201d, sinh {birth}, đã có ở dòng {first_row}. Hãy xóa dòng trùng."),
    Rule("member.duplicate_other_file", _E, "Trùng đảng viên giữa các tệp",
         "\u201c{name}\u201d, sinh {birth}, cũng có trong tệp {other}. Một đảng viên chỉ sinh hoạt ở "
         "một tổ chức; hãy thống nhất với tổ chức kia."),
    Rule("member.duplicate_card", _E, "Trùng số thẻ đảng viên",
         "Số thẻ \u201c{value}\u201d trùng với {other}. Hãy kiểm tra lại số thẻ."),
    Rule("member.name_without_accents", _W, "Họ tên đảng viên chỉ khác nhau ở dấu",
         "\u201c{name}\u201d, sinh {birth}, và \u201c{other_name}\u201d ở {other_row}, cùng ngày sinh, chỉ "
         "khác nhau ở dấu. Công cụ nhận ra một người qua họ tên và ngày sinh, nên đang tính đây là hai "
         "đảng viên khác nhau. Nếu là một người, hãy ghi họ tên có dấu giống hệt nhau và xóa dòng thừa "
         "(một đảng viên chỉ sinh hoạt ở một tổ chức: nếu dòng kia ở tệp khác, hãy thống nhất với tổ "
         "chức đó). Nếu là hai người khác nhau (ví dụ anh chị em sinh đôi), không cần sửa."),
    Rule("member.note_left", _W, "Ghi chú cho biết đảng viên đã ra khỏi danh sách",
         "Ghi chú \u201c{value}\u201d cho biết đảng viên này không còn sinh hoạt ở tổ chức này "
         "(chuyển sinh hoạt đi, từ trần, xóa tên, khai trừ, ra khỏi Đảng…), nhưng dòng vẫn nằm trong "
         "danh sách nên vẫn được tính là đảng viên của tổ chức. Nếu đúng vậy, hãy xóa dòng này khỏi "
         "sheet \u201cĐảng viên\u201d và, nếu việc này xảy ra trong kỳ báo cáo, ghi vào sheet "
         "\u201cBiến động\u201d."),
    Rule("member.exempt_age", _W, "Miễn vì tuổi cao nhưng chưa đủ tuổi",
         "Miễn vì \u201c{reason}\u201d nhưng đến {when}{date} mới {age} tuổi ({gender}, cần từ {limit} "
         "tuổi). Hãy kiểm tra lý do miễn."),
    Rule("member.youth_union_age", _W, "Ghi là đoàn viên Đoàn TNCS Hồ Chí Minh khi đã quá 35 tuổi",
         "Ghi là đoàn viên nhưng đến ngày chốt {cutoff} đảng viên đã "
         "{age} tuổi (sinh {birth}), quá {limit} tuổi. Đoàn viên Đoàn TNCS Hồ Chí Minh thường từ 16 đến "
         "30 tuổi (cán bộ Đoàn có thể hơn). Hãy kiểm tra ô này: nếu đảng viên không còn là đoàn "
         "viên, hãy chọn Không."),
    Rule("member.temporary_exemption_long", _W, "Tạm miễn quá 12 tháng",
         "Tạm miễn công tác, sinh hoạt từ {value} (lý do \u201c{reason}\u201d), đến ngày chốt {cutoff} đã "
         "quá 12 tháng (từ {end}). Chi bộ cần xem xét lại việc tạm miễn và ghi lại ngày, lý do cho "
         "đúng."),
    Rule("member.to_complete_after_upgrade", _W, "Mục cần bổ sung sau khi nâng cấp biểu mẫu",
         "Tệp được nâng cấp từ biểu mẫu {old}: {cells} cần {action}. Cho đến khi điền, đảng viên "
         "được tính là \u201cchưa rõ\u201d ở mục này."),
    Rule("member.exempt_before_admission", _W, "Ngày miễn trước ngày vào Đảng",
         "Miễn công tác, sinh hoạt từ {value}, trước ngày vào Đảng {admission}: hai ngày trái nhau "
         "(chỉ đảng viên mới được miễn). Thời gian miễn công tác, sinh hoạt được tính từ ngày vào Đảng. "
         "Hãy kiểm tra ngày miễn và ngày vào Đảng."),
    Rule("member.exempt_before_readmission", _W, "Ngày miễn trước ngày kết nạp lại",
         "Miễn công tác, sinh hoạt từ {value}, trước ngày kết nạp lại {readmitted}: khi đó người này "
         "chưa là đảng viên (chỉ đảng viên mới được miễn), hai ngày trái nhau. Thời gian miễn công tác, "
         "sinh hoạt được tính từ ngày kết nạp lại. Hãy kiểm tra ngày miễn và ngày kết nạp lại."),
    Rule("member.exempt_incomplete", _W, "Thông tin miễn chưa đủ",
         "{detail}. Hãy ghi đủ cả ngày miễn và lý do miễn, hoặc để trống cả hai."),
    Rule("member.working_away_unmarked", _W, "Lý do miễn là đi làm ăn xa, cột Đi làm ăn xa để trống",
         "Lý do miễn là \u201c{reason}\u201d nhưng cột \u201c{column}\u201d ở {cells} còn để trống. "
         "Đảng viên được tính là đi làm ăn xa theo lý do miễn (trong số đảng viên đi làm ăn xa của "
         "phường và danh sách Đi làm ăn xa). Hãy chọn \u201c{yes}\u201d ở cột \u201c{column}\u201d."),
    Rule("member.working_away_contradicts", _W, "Cột Đi làm ăn xa ghi Không, lý do miễn là đi làm ăn xa",
         "Cột \u201c{column}\u201d ở {cells} ghi \u201c{no}\u201d nhưng lý do miễn là "
         "\u201c{reason}\u201d: hai ô trái nhau. Đảng viên đang được tính là đi làm ăn xa theo lý do "
         "miễn. Hãy hỏi lại chi bộ: nếu đảng viên vẫn đi làm ăn xa, hãy chọn \u201c{yes}\u201d; nếu "
         "đã trở về, việc tạm miễn cần được chấm dứt: kiểm tra quyết định của chi bộ, rồi xóa ngày "
         "miễn (cột \u201c{from_column}\u201d) và lý do miễn (cột \u201c{reason_column}\u201d) để "
         "đảng viên không còn được tính là đi làm ăn xa."),
    Rule("member.name_odd", _W, "Họ tên ghi lạ",
         "Họ tên ở {cells} {what}. Họ tên cùng ngày sinh là cách nhận ra một người "
         "giữa các sheet và giữa các tệp, nên chỉ ghi họ, tên đệm và tên; ghi chú ghi ở cột "
         "\u201cGhi chú\u201d."),
    Rule("member.name_without_letters", _E, "Họ tên không có chữ",
         "\u201c{value}\u201d không phải họ tên: ô chỉ có chữ số hoặc dấu. Họ tên cùng ngày sinh là "
         "cách nhận ra một người giữa các sheet và giữa các tệp, nên đảng viên ở dòng này chưa được "
         "nhận ra. Hãy ghi họ, tên đệm và tên của đảng viên vào ô này (số thứ tự ghi ở cột "
         "\u201cSTT\u201d)."),
    Rule("member.gender_name", _W, "Giới tính khác với tên",
         "Họ tên có chữ đệm \u201cThị\u201d, là tên của nữ, nhưng giới tính ghi \u201c{gender}\u201d ở "
         "{cells}. Hãy kiểm tra lại giới tính (nếu một cột được sắp xếp hoặc dán riêng thì các dòng đã "
         "lệch nhau): nếu ghi sai, số đảng viên nữ đang bị tính thiếu."),
    # --- Biến động ------------------------------------------------------------------------------
    Rule("event.required", _E, "Thiếu thông tin bắt buộc", "Chưa ghi. Hãy điền ô này."),
    Rule("event.not_allowed", _E, "Giá trị không có trong danh sách",
         "\u201c{value}\u201d không có trong danh sách{suggestion}. Hãy chọn trong danh sách thả xuống."),
    Rule("event.bad_date", _E, "Ngày không hợp lệ", "\u201c{value}\u201d: {reason}.{advice}"),
    Rule("event.future_date", _E, "Ngày ở tương lai",
         "{value} là ngày ở tương lai (hôm nay {today}). Hãy kiểm tra lại ngày, tháng, năm."),
    Rule("event.before_1900", _E, "Ngày trước năm 1900",
         "{value} là ngày trước năm 1900. Hãy kiểm tra lại năm."),
    Rule("event.not_integer", _W, "STT không phải số",
         "\u201c{value}\u201d không phải số nguyên; cột STT không được dùng để tính toán."),
    Rule("event.name_odd", _W, "Họ tên ghi lạ",
         "Họ tên ở {cells} {what}. Họ tên cùng ngày sinh là cách nhận ra một người "
         "giữa các sheet và giữa các tệp, nên chỉ ghi họ, tên đệm và tên; ghi chú ghi ở cột "
         "\u201cGhi chú\u201d."),
    Rule("event.name_without_letters", _E, "Họ tên không có chữ",
         "\u201c{value}\u201d không phải họ tên: ô chỉ có chữ số hoặc dấu. Họ tên cùng ngày sinh là "
         "cách nhận ra một người giữa các sheet và giữa các tệp, nên biến động ở dòng này chưa tìm "
         "được người của nó. Hãy ghi họ, tên đệm và tên của người có biến động vào ô này (số thứ tự "
         "ghi ở cột \u201cSTT\u201d)."),
    Rule("event.name_without_accents", _W, "Họ tên chỉ khác nhau ở dấu",
         "\u201c{name}\u201d, sinh {birth}, và \u201c{other_name}\u201d ở sheet \u201c{other_sheet}\u201d "
         "dòng {other_row}, cùng ngày sinh, chỉ khác nhau ở dấu. Công cụ nhận ra một người qua họ tên "
         "và ngày sinh. Nếu là một người, hãy ghi họ tên có dấu giống hệt nhau ở cả hai dòng (nếu không, "
         "một người đã ra khỏi danh sách mà vẫn còn trong danh sách, hay một biến động ghi hai lần, có "
         "thể không được phát hiện). Nếu là hai người khác nhau (ví dụ anh chị em sinh đôi), không cần "
         "sửa."),
    Rule("event.admission_date_differs", _W, "Ngày kết nạp khác ngày vào Đảng",
         "Ngày kết nạp {value} khác ngày vào Đảng {admission} của người này ở sheet "
         "\u201c{members_sheet}\u201d (dòng {member_row}), mà hai ngày là một. Số kết nạp trong kỳ tính "
         "theo ngày ở đây, thời hạn dự bị theo ngày ở sheet \u201c{members_sheet}\u201d: hãy sửa ngày sai "
         "cho khớp với quyết định kết nạp."),
    Rule("event.before_party_founded", _E, "Biến động trước ngày thành lập Đảng",
         "Biến động \u201c{event}\u201d ngày {value}, trước ngày thành lập Đảng Cộng sản Việt Nam "
         "({founded}). Hãy kiểm tra lại năm."),
    Rule("event.age_impossible", _E, "Tuổi không thể có",
         "Đến {when}{date} người này đã {age} tuổi (sinh {value}), quá {limit} tuổi, cao hơn tuổi "
         "của bất kỳ người nào đang sống. Năm sinh đã bị ghi nhầm (ví dụ 1905 thay cho 1950, hoặc ô ngày "
         "sinh chỉ ghi một phần năm); hãy sửa lại ngày sinh."),
    # 111 to 120 (`members.MAX_AGE`): a question, as `member.age_implausible` is (fix343).
    Rule("event.age_implausible", _W, "Tuổi quá cao",
         "Đến {when}{date} người này đã {age} tuổi (sinh {value}), quá {limit} tuổi. Hãy kiểm tra lại "
         "năm sinh."),
    Rule("event.outside_period", _E, "Biến động trước kỳ số liệu",
         "Ngày {value} trước kỳ số liệu (từ {start} đến {cutoff}): biến động này thuộc kỳ trước, "
         "không tính vào kỳ này. Chỉ ghi biến động trong kỳ."),
    Rule("event.after_cutoff", _E, "Biến động sau ngày chốt số liệu",
         "Ngày {value} sau ngày chốt số liệu {cutoff}: biến động này thuộc kỳ sau, không tính vào kỳ "
         "này. Sheet \u201c{members_sheet}\u201d ghi danh sách tại ngày chốt, tức là trước biến động "
         "này: người chuyển đi, từ trần, ra khỏi Đảng sau ngày chốt vẫn ghi ở đó; người được kết "
         "nạp, chuyển đến sau ngày chốt thì chưa ghi. Hãy xóa dòng này và ghi biến động ở tệp của "
         "kỳ sau."),
    Rule("event.readmission_before_period", _W, "Kết nạp lại trước kỳ, giữ để tính dự bị",
         "Dòng \u201c{event}\u201d ngày {value} trước kỳ số liệu (từ {start}) được giữ để tính thời "
         "hạn dự bị của đảng viên này (12 tháng tính từ ngày kết nạp lại), không tính vào số liệu "
         "kỳ này. {fix}"),
    Rule("event.no_strike_ground", _E, "Xóa tên chưa có lý do",
         "Biến động \u201c{event}\u201d phải chọn lý do xóa tên."),
    Rule("event.ground_not_needed", _W, "Lý do xóa tên ở biến động khác",
         "Lý do xóa tên chỉ dùng cho biến động \u201c{event}\u201d; dòng này là \u201c{found}\u201d. "
         "Hãy xóa lý do hoặc sửa loại biến động."),
    Rule("event.no_transfer_scope", _E, "Chuyển sinh hoạt chưa có phạm vi",
         "Biến động \u201c{event}\u201d phải chọn \u201c{column}\u201d (\u201cTrong Đảng bộ phường\u201d, "
         "\u201cXã, phường khác trong tỉnh\u201d hoặc \u201cTỉnh, thành phố khác\u201d)."),
    Rule("event.scope_not_needed", _W, "Phạm vi chuyển ở biến động khác",
         "Phạm vi chuyển chỉ dùng cho Chuyển đến, Chuyển đi; dòng này là \u201c{found}\u201d. Hãy xóa "
         "phạm vi chuyển hoặc sửa loại biến động."),
    Rule("event.to_complete_after_upgrade", _W, "Mục cần bổ sung sau khi nâng cấp biểu mẫu",
         "Tệp được nâng cấp từ biểu mẫu {old}: {cells} cần {action}. Cho đến khi điền, chuyển "
         "sinh hoạt này được tính như chuyển đến, chuyển đi ngoài phường."),
    Rule("event.expelled_probationary", _E, "Khai trừ đảng viên dự bị",
         "Đảng viên dự bị không bị khai trừ mà bị xóa tên. Hãy đổi loại biến động thành "
         "\u201c{struck}\u201d và chọn lý do xóa tên, hoặc bỏ chọn \u201c{probationary}\u201d nếu người này "
         "đã là đảng viên chính thức."),
    Rule("event.probationary_contradicts", _W, "Đảng viên dự bị chưa được ghi là dự bị",
         "Người này còn là đảng viên dự bị khi {event}: {reason}; nhưng cột \u201c{column}\u201d "
         "không chọn \u201cCó\u201d (ô {cell}). {counted} {fix}"),
    # `who`: “name”, sinh birth: (one row); or “12 người” (the rows of one file and kind of
    # change, one warning at the first: `validation.events._flag_in_transit`), `whom` likewise.
    Rule("event.internal_transfer_unmatched", _W, "Chuyển trong phường chưa khớp",
         "{who} {event} trong Đảng bộ phường ngày {date}, nhưng các tệp "
         "khác của phường không có dòng \u201c{other_event}\u201d trong Đảng bộ phường tương ứng cho "
         "{whom} (cùng họ tên, ngày sinh, chưa khớp với dòng chuyển khác). {counted} Nếu không "
         "phải vậy, hãy kiểm tra phạm vi chuyển, họ tên và ngày sinh ở hai dòng (phải ghi giống nhau, "
         "đủ dấu), hoặc đề nghị tổ chức kia ghi biến động tương ứng.{unread}"),
    Rule("event.internal_transfer_on_other_roll", _W,
         "Chuyển trong phường chưa khớp, người này có trong danh sách của tổ chức khác",
         "\u201c{name}\u201d, sinh {birth}: {event} trong Đảng bộ phường ngày {date}, nhưng các tệp "
         "khác của phường không có dòng \u201c{other_event}\u201d trong Đảng bộ phường tương ứng, "
         "trong khi người này (cùng họ tên, ngày sinh) có trong danh sách đảng viên của tệp "
         "\u201c{other_file}\u201d (sheet \u201c{other_sheet}\u201d, dòng {other_row}). Người này không "
         "phải đang chuyển giữa hai tổ chức của phường, và số liệu lần này chưa đúng: {counted} {fix} "
         "Nếu đó là một người khác trùng họ tên và ngày sinh, hãy kiểm tra lại dòng này."),
    Rule("event.transfer_scope_inferred", _W, "Chưa ghi phạm vi chuyển, tính là chuyển trong phường",
         "\u201c{name}\u201d, sinh {birth}: {event} ngày {date}, chưa ghi phạm vi chuyển; tệp "
         "\u201c{other_file}\u201d của phường có dòng \u201c{other_event}\u201d cho người này (dòng "
         "{other_row}), phạm vi \u201c{internal}\u201d. Số liệu toàn phường tính hai dòng này là một lần "
         "chuyển sinh hoạt trong Đảng bộ phường, không tính là tăng hoặc giảm (Biểu 1, mục B.2 và C.5). "
         "{fix}"),
    Rule("event.transfer_dates_reversed", _W, "Chuyển trong phường: ngày chuyển đến trước ngày chuyển đi",
         "\u201c{name}\u201d, sinh {birth}: ngày chuyển đến ({in_date}) trước ngày chuyển đi ({out_date}) "
         "của cùng một lần chuyển sinh hoạt trong Đảng bộ phường: dòng {event} này và dòng "
         "\u201c{other_event}\u201d ở tệp \u201c{other_file}\u201d, sheet \u201c{other_sheet}\u201d, ô "
         "{other_cell}. Đảng viên chỉ đến tổ chức mới sau khi chuyển đi khỏi tổ chức cũ, nên một trong "
         "hai ngày đã ghi nhầm (năm, tháng, hoặc ngày và tháng đổi chỗ). Khi cả hai tệp cùng được "
         "tổng hợp, số liệu toàn phường tính hai dòng này là một lần chuyển sinh hoạt trong Đảng bộ "
         "phường, không tính là tăng hoặc giảm (Biểu 1, mục B.2 và C.5), và tính người này một lần ở "
         "số đầu kỳ (mục A); tệp kia bị loại thì dòng này được tính như đảng viên đang chuyển. Hãy "
         "đối chiếu với quyết định chuyển sinh hoạt và sửa ngày ghi nhầm ở tệp của tổ chức ghi sai."),
    Rule("event.internal_transfer_accents", _W, "Chuyển trong phường: họ tên hai dòng chỉ khác nhau ở dấu",
         "\u201c{name}\u201d, sinh {birth}: {event} trong Đảng bộ phường ngày {date}; dòng "
         "\u201c{other_event}\u201d tương ứng ở tệp \u201c{other_file}\u201d, sheet "
         "\u201c{other_sheet}\u201d, ô {other_cell} ghi họ tên \u201c{other_name}\u201d, cùng ngày sinh, "
         "họ tên chỉ khác nhau ở dấu. "
         "Số liệu toàn phường tính hai dòng này là một lần chuyển sinh hoạt trong Đảng bộ phường, không "
         "tính là tăng hoặc giảm (Biểu 1, mục B.2 và C.5); tệp kia bị loại thì dòng này được tính như "
         "đảng viên đang chuyển. Nếu là một người, hãy ghi họ tên có dấu giống "
         "hệt nhau ở cả hai tệp. Nếu là hai người khác nhau (ví dụ anh chị em sinh đôi), hai dòng không "
         "phải một lần chuyển: hãy kiểm tra lại họ tên và đề nghị tổ chức kia ghi biến động của đúng "
         "người."),
    Rule("event.transfer_scope_within_ward", _W, "Chuyển giữa hai tổ chức của phường ghi phạm vi khác",
         "\u201c{name}\u201d, sinh {birth}: {event} ngày {date}, phạm vi \u201c{value}\u201d, nhưng tệp "
         "\u201c{other_file}\u201d của phường có dòng \u201c{other_event}\u201d cho người này{spelled} gần "
         "cùng thời gian: đây có lẽ là chuyển sinh hoạt trong Đảng bộ phường, mà số liệu đang tính là một "
         "đảng viên ra khỏi phường và một đảng viên từ nơi khác đến (Biểu 1, mục B.2 và C.5). Nếu đúng, hãy "
         "chọn \u201c{internal}\u201d ở cả hai tệp."),
    Rule("event.left_still_on_roll", _E, "Đã ra khỏi danh sách nhưng vẫn còn ở sheet “Đảng viên”",
         "\u201c{name}\u201d có biến động \u201c{event}\u201d ngày {date} (sheet \u201c{events_sheet}\u201d, "
         "dòng {event_row}) nhưng vẫn có trong danh sách đảng viên. Hãy xóa dòng này ở sheet "
         "\u201c{sheet}\u201d hoặc sửa biến động."),
    Rule("event.left_still_on_roll_accents", _W,
         "Biến động ra khỏi danh sách ghi cho người có họ tên chỉ khác ở dấu",
         "\u201c{name}\u201d, sinh {birth}, còn trong danh sách đảng viên, và \u201c{other_name}\u201d có "
         "biến động \u201c{event}\u201d ngày {date} (sheet \u201c{events_sheet}\u201d, dòng {event_row}): "
         "cùng ngày sinh, họ tên chỉ khác nhau ở dấu. {then}"),
    Rule("event.left_after_cutoff_not_on_roll", _E,
         "Ra khỏi danh sách sau ngày chốt nhưng không có ở sheet “Đảng viên”",
         "\u201c{name}\u201d có biến động \u201c{event}\u201d ngày {date}, sau ngày chốt số liệu "
         "{cutoff}, nhưng không có trong sheet \u201c{members_sheet}\u201d. Tại ngày chốt người này "
         "vẫn là đảng viên của tổ chức, nên số đảng viên tính ra sẽ thiếu một người. Hãy ghi lại "
         "người này vào sheet \u201c{members_sheet}\u201d của kỳ này, và ghi biến động này ở tệp "
         "của kỳ sau."),
    Rule("event.joined_after_cutoff_on_roll", _E,
         "Vào danh sách sau ngày chốt nhưng đã có ở sheet “Đảng viên”",
         "\u201c{name}\u201d có biến động \u201c{event}\u201d ngày {date}, sau ngày chốt số liệu "
         "{cutoff}, và đã có trong sheet \u201c{members_sheet}\u201d. Tại ngày chốt người này chưa "
         "là đảng viên của tổ chức, nên số đảng viên tính ra sẽ thừa một người. Hãy xóa người này "
         "khỏi sheet \u201c{members_sheet}\u201d của kỳ này, và ghi người này cùng biến động ở tệp "
         "của kỳ sau."),
    Rule("event.admission_missing", _W, "Kết nạp trong kỳ nhưng thiếu dòng biến động",
         "Vào Đảng ngày {value}, trong kỳ số liệu, nhưng sheet \u201c{events_sheet}\u201d không có dòng "
         "\u201c{event}\u201d cho \u201c{name}\u201d. Hãy thêm dòng kết nạp để được tính vào số kết nạp."
         "{namesake}"),
    Rule("event.joined_not_on_roll", _W, "Vào danh sách trong kỳ nhưng không có ở sheet “Đảng viên”",
         "\u201c{name}\u201d có biến động \u201c{event}\u201d ngày {date} trong kỳ số liệu, không có biến "
         "động nào đưa ra khỏi danh sách sau đó, nhưng không có trong sheet \u201c{members_sheet}\u201d: số "
         "đầu kỳ tính ra sẽ thiếu một người. Hãy thêm đảng viên này vào sheet \u201c{members_sheet}\u201d, "
         "hoặc ghi thêm biến động (chuyển đi, từ trần…) nếu đã ra khỏi danh sách.{namesake}"),
    Rule("event.joined_not_on_roll_accents", _W,
         "Vào danh sách trong kỳ, biến động ra khỏi danh sách ghi họ tên chỉ khác ở dấu",
         "\u201c{name}\u201d, sinh {birth}, có biến động \u201c{event}\u201d ngày {date} trong kỳ số "
         "liệu, không có trong sheet \u201c{members_sheet}\u201d; dòng {other_row} ghi \u201c{other_name}"
         "\u201d có biến động {other}, cùng ngày sinh, họ tên chỉ khác nhau ở dấu. Số liệu đang tính "
         "đây là một người đã vào rồi ra khỏi danh sách. Nếu là một người, không cần sửa số liệu: hãy "
         "ghi họ tên có dấu giống hệt nhau ở cả hai dòng. Nếu là hai người khác nhau (ví dụ anh chị em "
         "sinh đôi), người này chưa có trong sheet \u201c{members_sheet}\u201d và số đầu kỳ tính ra sẽ "
         "thiếu một người: hãy thêm đảng viên này vào sheet \u201c{members_sheet}\u201d."),
    Rule("event.joined_not_on_roll_ambiguous", _W,
         "Vào danh sách trong kỳ, họ tên chỉ khác ở dấu với nhiều đảng viên",
         "\u201c{name}\u201d, sinh {birth}, có biến động \u201c{event}\u201d ngày {date} trong kỳ số "
         "liệu. Sheet \u201c{members_sheet}\u201d không có ai ghi đúng họ tên này, nhưng có {count} "
         "đảng viên cùng ngày sinh mà họ tên chỉ khác ở dấu (dòng {member_rows}): dòng này có thể là "
         "của một trong số họ, ghi thiếu dấu, nên công cụ không biết là của ai. Số liệu vẫn tính biến "
         "động này, và số đầu kỳ tính ra đúng nếu đây là một trong những người đó. Nếu đúng vậy, hãy "
         "ghi họ tên có dấu giống hệt như ở dòng của người đó trong sheet \u201c{members_sheet}\u201d. "
         "Nếu là người khác, chưa có trong sheet \u201c{members_sheet}\u201d, hãy thêm đảng viên này "
         "vào đó: nếu không, số đầu kỳ tính ra sẽ thiếu một người."),
    Rule("event.duplicate", _E, "Biến động ghi hai lần",
         "\u201c{name}\u201d, sinh {birth}: biến động \u201c{event}\u201d ngày {date} đã ghi ở dòng "
         "{first_row}. Mỗi dòng được tính là một biến động, nên biến động này đang bị tính hai lần "
         "(trong các biểu và số liệu tổng hợp). Hãy xóa dòng trùng; nếu là hai biến động khác nhau, hãy sửa "
         "loại biến động hoặc ngày cho đúng."),
    Rule("event.duplicate_accents", _W, "Hai dòng cùng biến động, họ tên chỉ khác ở dấu",
         "\u201c{name}\u201d, sinh {birth}: biến động \u201c{event}\u201d ngày {date}; dòng {other_row} "
         "ghi cùng biến động, cùng ngày cho \u201c{other_name}\u201d, cùng ngày sinh, họ tên chỉ khác nhau "
         "ở dấu. Số liệu đang tính đây là hai biến động, đúng như đã ghi. Nếu là một người mà biến động "
         "được ghi hai lần, hãy xóa dòng trùng (dòng {dup_row}): số liệu khi đó giảm đi một. Nếu là hai "
         "người khác nhau (ví dụ anh chị em sinh đôi), hãy ghi họ tên mỗi người đủ dấu đúng như trong danh "
         "sách đảng viên; ngoài ra không cần sửa gì."),
    Rule("event.left_twice", _E, "Ra khỏi danh sách hai lần",
         "\u201c{name}\u201d, sinh {birth}: biến động \u201c{event}\u201d ngày {date} đưa người này ra "
         "khỏi danh sách, nhưng dòng {event_row} ({other}) đã đưa ra khỏi danh sách trước đó, và giữa "
         "hai ngày không có biến động nào đưa vào lại (kết nạp lại, chuyển đến, phục hồi đảng tịch). "
         "Một người chỉ ra khỏi danh sách một lần: số đảng viên giảm trong kỳ đang tính người này hai "
         "lần (số đầu kỳ tính ra cũng sai). Hãy xóa dòng ghi thừa (biến động xảy ra sau khi người này "
         "đã sang tổ chức khác do tổ chức đó ghi), hoặc ghi thêm biến động đưa người này vào lại danh "
         "sách nếu có."),
    Rule("event.joined_twice", _E, "Vào danh sách hai lần",
         "\u201c{name}\u201d, sinh {birth}: biến động \u201c{event}\u201d ngày {date} đưa người này vào "
         "danh sách, nhưng dòng {event_row} ({other}) đã đưa vào danh sách trước đó, và giữa hai ngày "
         "không có biến động nào đưa ra khỏi danh sách (chuyển đi, từ trần, xóa tên, khai trừ, xin ra "
         "khỏi Đảng). Một người chỉ vào danh sách một lần: số đảng viên tăng trong kỳ đang tính người "
         "này hai lần (số đầu kỳ tính ra cũng sai). Hãy xóa dòng ghi thừa (người được kết nạp ở tổ chức "
         "khác rồi chuyển đến chỉ ghi \u201cChuyển đến\u201d), hoặc ghi thêm biến động đưa người này ra "
         "khỏi danh sách nếu có."),
    Rule("event.duplicate_other_file", _E, "Biến động ghi ở hai tổ chức",
         "\u201c{name}\u201d, sinh {birth}: biến động \u201c{event}\u201d cũng được ghi trong tệp {other}. "
         "Biến động này chỉ xảy ra một lần với một người và chỉ tổ chức nơi đảng viên sinh hoạt ghi; "
         "ghi ở hai tổ chức thì số liệu toàn phường tính người này hai lần. Hãy thống nhất với tổ chức "
         "kia để chỉ một tệp ghi biến động này (người đã chuyển sang tổ chức khác thì tổ chức mới ghi)."
         "{two_people}"),
    Rule("event.left_in_other_file", _W, "Đã ra khỏi Đảng hoặc từ trần theo tệp khác",
         "\u201c{name}\u201d, sinh {birth}, còn trong danh sách đảng viên của tệp này, nhưng tệp {other} "
         "của phường ghi biến động \u201c{event}\u201d {on} cho {whom}. "
         "Nếu là một người, số liệu toàn phường đang tính người này vừa là đảng viên vừa là một biến "
         "động giảm, và danh sách công việc (huy hiệu Đảng…) vẫn nêu tên: hãy thống nhất với tổ chức "
         "kia (biến động do tổ chức nơi đảng viên sinh hoạt ghi; người đã từ trần, ra khỏi Đảng không "
         "còn trong danh sách; một dòng \u201cChuyển đến\u201d ghi sau ngày ấy không đưa người này trở "
         "lại, chỉ Kết nạp lại hoặc Phục hồi đảng tịch mới đưa người đã ra khỏi Đảng trở lại). Nếu là "
         "hai người khác nhau, không cần sửa."),
    Rule("event.moved_out_in_other_file", _W, "Đã chuyển ra ngoài phường theo tệp khác",
         "\u201c{name}\u201d, sinh {birth}, còn trong danh sách đảng viên của tệp này, nhưng tệp {other} "
         "của phường ghi biến động \u201cChuyển đi\u201d ra ngoài phường {on} (phạm vi chuyển: {scope}) "
         "cho {whom}. Nếu là một người, số liệu toàn phường đang tính người này vừa là đảng viên cuối kỳ "
         "vừa là một biến động giảm (Biểu 1), và danh sách công việc (huy hiệu Đảng…) vẫn nêu tên: hãy "
         "thống nhất với tổ chức kia (biến động do tổ chức nơi đảng viên sinh hoạt ghi; người đã chuyển "
         "ra ngoài phường không còn trong danh sách; nếu người này đã chuyển về lại phường, tổ chức nhận "
         "ghi dòng \u201cChuyển đến\u201d từ ngày chuyển đi trở về sau; nếu thật ra chỉ chuyển giữa hai "
         "tổ chức trong phường, cả dòng \u201cChuyển đi\u201d và dòng \u201cChuyển đến\u201d ghi phạm vi "
         "\u201cTrong Đảng bộ phường\u201d). Nếu là hai người khác nhau, không cần sửa."),
    # --- Số liệu năm ----------------------------------------------------------------------------
    Rule("year.required", _E, "Thiếu năm", "Chưa ghi năm. Hãy điền năm (ví dụ 2025)."),
    Rule("year.bad_year", _E, "Năm không hợp lệ",
         "\u201c{value}\u201d không phải một năm. Hãy ghi năm bằng 4 chữ số (ví dụ 2025), mỗi năm một "
         "dòng."),
    Rule("year.not_integer", _E, "Số người không phải số nguyên",
         "\u201c{value}\u201d {reason} (để trống = 0)."),
    Rule("year.outside_period", _E, "Năm ngoài kỳ số liệu",
         "Năm {value} nằm ngoài kỳ số liệu ({first}–{last}). Hãy sửa năm hoặc xóa dòng."),
    Rule("year.duplicate", _E, "Trùng năm",
         "Năm {value} đã có ở dòng {first_row}. Mỗi năm chỉ ghi một dòng."),
    Rule("year.negative", _E, "Số âm", "{value} là số âm. Hãy ghi số không âm (để trống = 0)."),
    Rule("year.completed_gt_trained", _E, "Số hoàn thành lớn hơn số học",
         "{completed} đảng viên mới hoàn thành lớp bồi dưỡng, nhiều hơn số đã học ({trained}). "
         "Hãy kiểm tra hai cột này."),
    Rule("year.missing", _W, "Thiếu dòng của năm đã kết thúc",
         "Sheet \u201c{sheet}\u201d không có dòng của {years} ({present}), mà {them} đã kết thúc "
         "trong kỳ số liệu của tệp (từ {start} đến {cutoff}). Xếp loại chất lượng đảng viên và số học "
         "lớp bồi dưỡng của {them} không được tính cho tổ chức này, nên số liệu {them} của phường "
         "đang thiếu. Hãy thêm mỗi năm một dòng (từ ô {next_cell}, dưới dòng cuối của bảng), ghi năm ở cột "
         "\u201c{column}\u201d và ghi đủ các số của năm (số nào không có thì để trống, tính là 0)."),
    Rule("year.unrated", _W, "Năm đã kết thúc chưa ghi xếp loại",
         "Năm {value} đã kết thúc nhưng chưa ghi kết quả xếp loại chất lượng đảng viên: các ô "
         "{cells} đều trống (hoặc 0), trong khi cuối năm {value} tổ chức có {members} đảng viên "
         "không được miễn công tác và sinh hoạt đảng. Xếp loại năm {value} của phường đang không "
         "gồm tổ chức này. Hãy ghi số đảng viên của từng mức xếp loại năm {value}."),
    Rule("year.ratings_exceed_members", _W, "Số xếp loại nhiều hơn số đảng viên",
         "Năm {year}: tổng số đảng viên được xếp loại là {rated}, nhiều hơn số đảng viên ước tính "
         "của năm đó ({members}). Hãy kiểm tra lại số liệu xếp loại."),
    Rule("year.rated_exceed_not_exempt", _W, "Số được xếp loại nhiều hơn số đảng viên không được miễn",
         "Năm {year}: {rated} đảng viên được xếp loại (từ hoàn thành xuất sắc đến không hoàn thành "
         "nhiệm vụ), nhiều hơn số đảng viên không được miễn, tạm miễn công tác và sinh hoạt của năm đó "
         "({members}); đảng viên được miễn không xếp loại. Hãy kiểm tra lại số liệu xếp loại."),
    Rule("year.excellent_share", _W, "Tỷ lệ hoàn thành xuất sắc vượt 20%",
         "Năm {year}: {excellent} đảng viên hoàn thành xuất sắc nhiệm vụ, vượt 20% số hoàn thành tốt "
         "nhiệm vụ trở lên ({base}). Hãy kiểm tra lại."),
    # --- organisation and cross-file ------------------------------------------------------------
    Rule("org.no_members", _E, "Không có đảng viên",
         "Sheet \u201c{sheet}\u201d không có đảng viên nào. Hãy ghi danh sách đảng viên."),
    Rule("org.no_members_at_cutoff", _W, "Không còn đảng viên tại ngày chốt (giải thể, sáp nhập?)",
         "Sheet \u201c{sheet}\u201d không có đảng viên nào tại {when}, nhưng sheet "
         "\u201c{events_sheet}\u201d cho thấy tổ chức có {count} đảng viên khi bắt đầu kỳ số "
         "liệu{opening_day}{joined} và tất cả{left} đã ra khỏi danh sách trong kỳ ({kinds}). "
         + _LAST_REPORT_CONSOLIDATED),
    Rule("org.few_full_members", _W, "Dưới 3 đảng viên chính thức",
         "Chỉ có {count} đảng viên chính thức đến ngày chốt (chi bộ cần ít nhất 3). Hãy kiểm tra "
         "ngày chính thức."),
    Rule("org.tier_mismatch", _W, "Cấp tổ chức khác danh mục",
         "Cấp tổ chức ghi \u201c{value}\u201d nhưng danh mục của phường ghi \u201c{expected}\u201d; "
         "dùng theo danh mục."),
    Rule("org.sector_mismatch", _W, "Khối khác danh mục",
         "Khối ghi \u201c{value}\u201d nhưng danh mục của phường ghi \u201c{expected}\u201d; "
         "dùng theo danh mục."),
    Rule("org.name_of_other", _E, "Mã và tên tổ chức là của hai tổ chức",
         "Mã tổ chức {value} là của \u201c{expected}\u201d trong danh mục, nhưng tên tổ chức ghi "
         "\u201c{written}\u201d là tên của tổ chức {other_code} (\u201c{other_name}\u201d). Không rõ "
         "tệp là của tổ chức nào, nên tệp chưa được tổng hợp: hãy sửa mã tổ chức (hoặc tên) cho "
         "đúng rồi gửi lại."),
    Rule("org.name_differs", _W, "Tên tổ chức khác danh mục",
         "Tên tổ chức ghi \u201c{written}\u201d, nhưng mã {value} là của \u201c{expected}\u201d trong "
         "danh mục (số trong tên khác nhau). Tệp được tổng hợp cho \u201c{expected}\u201d: hãy kiểm tra "
         "mã tổ chức."),
    Rule("org.file_name_of_other", _W, "Tên tệp là của tổ chức khác",
         "Tên tệp {file_name} là của tổ chức {other_code} (\u201c{other_name}\u201d), nhưng mã tổ "
         "chức trong tệp ghi {value} (\u201c{expected}\u201d), nên tệp được tính cho {value}. Hãy "
         "xem tệp là số liệu của tổ chức nào: nếu là của {other_code} (điền vào biểu mẫu của tổ chức "
         "khác), hãy sửa mã và tên tổ chức ở sheet \u201cThông tin\u201d cho đúng rồi gửi lại; nếu "
         "là của {value}, hãy đặt lại tên tệp theo mã {value}."),
    Rule("org.unknown", _E, "Mã tổ chức không có trong danh mục",
         "Mã tổ chức \u201c{value}\u201d không có trong danh mục tổ chức của phường{suggestion}. "
         "{advice}"),
    Rule("org.duplicate_file", _E, "Một tổ chức có nhiều tệp",
         "Tổ chức \u201c{value}\u201d có {count} tệp: {files}. {copies}" + DUPLICATE_FILE_RULE
         + "tổ chức này chưa được tổng hợp: {advice}"),
    Rule("org.identical_copy", _W, "Bản sao giống hệt tệp khác, không tính lại",
         "Tệp {copy} giống hệt tệp {kept} (cùng nội dung, cùng mã SHA-256), đều là tệp của tổ chức "
         "\u201c{value}\u201d: chỉ dùng tệp {kept}, bỏ qua tệp {copy} để không tính trùng. Có thể "
         "chuyển tệp {copy} ra khỏi thư mục."),
    Rule("org.cutoff_mismatch", _E, "Ngày chốt khác kỳ tổng hợp",
         "Ngày chốt số liệu {value} khác ngày chốt của kỳ tổng hợp {expected}. " + CUTOFF_UPDATE),
    Rule("org.other_period_file", _E, "Tệp của kỳ khác, tổ chức đã có tệp của kỳ này",
         "Ngày chốt số liệu của tệp là {value}, không phải {against}: "
         "đây là tệp của kỳ khác. Tệp của tổ chức này cho kỳ tổng hợp là {current}, nên tệp này "
         "không được tổng hợp. Hãy chuyển tệp này ra khỏi thư mục bài nộp (không cần sửa hay "
         "gửi lại)."),
    Rule("org.old_file_unregistered", _E, "Tệp của kỳ khác, mã tổ chức không có trong danh mục",
         "Mã tổ chức \u201c{value}\u201d không có trong danh mục tổ chức của phường và ngày chốt "
         "số liệu của tệp là {cutoff}, không phải ngày chốt của kỳ tổng hợp {expected}: đây là tệp "
         "cũ của kỳ khác (chẳng hạn báo cáo cuối của tổ chức đã giải thể hoặc sáp nhập), không "
         "phải tổ chức của kỳ này. " + OLD_FILE_MOVE_OUT + " Nếu đây là tổ chức mới, hãy thêm "
         "tổ chức vào danh mục và cập nhật số liệu của tệp đến ngày {expected}."),
    Rule("org.cutoff_differs", _W, "Ngày chốt khác các tệp khác",
         "Ngày chốt số liệu {value} khác {against}.{future} Hãy kiểm tra lại."),
    Rule("org.period_start_differs", _W, "Kỳ số liệu của tệp khác kỳ tổng hợp",
         "Tệp ghi số liệu từ ngày {start}, còn {basis}: {meaning}. Hãy sửa tệp "
         "theo kỳ của phường ({fix}) rồi gửi lại; hoặc, nếu kỳ của phường đúng ra bắt đầu ngày khác, "
         "hãy tổng hợp với ngày bắt đầu kỳ đó (⟦--since, hoặc ô \u201cSố liệu từ ngày\u201d của tệp "
         "tổng hợp|ô \u201cSố liệu từ ngày\u201d ở sheet “Điều khiển”⟧)."
         "{founded}{founded_years}{founded_admissions}"),
    Rule("org.missing", _W, "Tổ chức chưa nộp tệp",
         "Tổ chức {value} ({org_name}) chưa nộp tệp số liệu: số liệu toàn phường chưa đủ.{seen}"),
    # --- the ward registry (Danh mục tổ chức) ---------------------------------------------------
    Rule("registry.not_found", _E, "Không tìm thấy danh mục tổ chức",
         "Không tìm thấy tệp danh mục tổ chức. Hãy kiểm tra lại đường dẫn."),
    Rule("registry.unreadable", _E, "Không mở được danh mục tổ chức",
         "Không mở được danh mục tổ chức: tệp hỏng hoặc không phải tệp Excel (.xlsx). Hãy mở bằng "
         "Excel và lưu lại dạng .xlsx."),
    Rule("registry.refused", _E, "Không đọc được tệp danh mục tổ chức",
         "Không mở được danh mục tổ chức: {reason}.{advice}"),
    Rule("registry.too_large", _E, "Danh mục có ô ở quá xa",
         "Danh mục tổ chức không được mở để bảo đảm an toàn: {reason} rồi lưu lại tệp."),
    Rule("registry.not_utf8", _E, "Danh mục CSV không phải mã UTF-8",
         "Tệp CSV không phải mã UTF-8. Hãy lưu lại bằng Excel: Lưu thành (Save As) → CSV UTF-8."),
    Rule("registry.submission", _E, "Bài nộp của chi bộ được chọn làm danh mục",
         "Tệp này là bài nộp của một chi bộ (biểu mẫu có các sheet \u201cThông tin\u201d, "
         "\u201cĐảng viên\u201d…), không phải danh mục các tổ chức đảng của phường. Hãy chọn tệp danh "
         "mục tổ chức (ví dụ danh_muc_to_chuc.xlsx, hoặc tệp tổng hợp tong_hop_phuong.xlsm có sheet "
         "\u201cDanh mục tổ chức\u201d)."),
    Rule("registry.ward_stats_output", _E, "Tệp kết quả được chọn làm danh mục",
         "Tệp này là tệp kết quả do ward-stats ghi ra (bảng tổng hợp, danh sách đảng viên cần "
         "theo dõi hoặc tệp phản hồi), không phải danh mục tổ chức. Hãy chọn tệp danh mục tổ chức "
         "(ví dụ danh_muc_to_chuc.xlsx, hoặc tệp tổng hợp tong_hop_phuong.xlsm có sheet "
         "\u201cDanh mục tổ chức\u201d)."),
    Rule("registry.history", _E, "Tệp lịch sử tổng hợp được chọn làm danh mục",
         "Tệp này là tệp lịch sử tổng hợp (cơ sở dữ liệu SQLite, thường tên lich_su_tong_hop.sqlite), "
         "nơi ward-stats lưu số liệu các lần tổng hợp, không phải danh mục tổ chức; mở bằng Excel "
         "cũng không dùng được. Hãy chọn tệp danh mục tổ chức (ví dụ danh_muc_to_chuc.xlsx, hoặc tệp "
         "tổng hợp tong_hop_phuong.xlsm có sheet \u201cDanh mục tổ chức\u201d)."),
    Rule("registry.format", _E, "Định dạng danh mục không hỗ trợ",
         "Danh mục tổ chức chỉ nhận tệp .xlsx hoặc .csv (UTF-8). Hãy mở tệp bằng Excel rồi lưu "
         "lại: Lưu thành (Save As) → Sổ làm việc Excel (.xlsx), rồi chọn tệp .xlsx vừa lưu."),
    Rule("registry.no_header", _E, "Danh mục thiếu dòng tiêu đề",
         "Không thấy dòng tiêu đề có cột \u201c{expected}\u201d{looked}. Dòng tiêu đề cần có các cột "
         "{columns} và các cột \u201c{targets} <năm>\u201d."),
    Rule("registry.two_tables", _E, "Danh mục có bảng ở nhiều sheet",
         "Tệp có bảng danh mục tổ chức (dòng tiêu đề có cột \u201cMã tổ chức\u201d) ở {count} sheet: "
         "{sheets}, nên không biết danh mục nào đang dùng.{advice}"),
    Rule("registry.missing_column", _E, "Danh mục thiếu cột",
         "Thiếu cột \u201c{expected}\u201d. Hãy thêm cột này vào dòng tiêu đề."),
    Rule("registry.duplicate_column", _E, "Danh mục: hai cột cùng tiêu đề",
         "Tiêu đề \u201c{value}\u201d ở {this_column} trùng với tiêu đề \u201c{first_header}\u201d ở "
         "{first_column}: hai cột "
         "cùng một mục thì không biết đọc số liệu ở cột nào. Hãy sửa tiêu đề cho đúng (ví dụ đúng năm "
         "của chỉ tiêu) hoặc xóa cột thừa."),
    Rule("registry.bad_target_header", _E, "Danh mục: tiêu đề cột chỉ tiêu không có năm",
         "Tiêu đề \u201c{value}\u201d không cho biết chỉ tiêu của năm nào. Hãy ghi mỗi năm một cột, "
         "tiêu đề trên cùng dòng tiêu đề, dạng \u201cChỉ tiêu kết nạp <năm>\u201d với năm đủ 4 chữ "
         "số, ví dụ \u201cChỉ tiêu kết nạp 2026\u201d (cột không phải chỉ tiêu thì đặt tiêu đề khác)."),
    Rule("registry.code_missing", _E, "Danh mục: thiếu mã tổ chức", "Chưa ghi mã tổ chức. Hãy điền mã."),
    Rule("registry.duplicate_code", _E, "Danh mục: trùng mã tổ chức",
         "Mã tổ chức \u201c{value}\u201d trùng với dòng {first_row}. Mỗi tổ chức một mã riêng."),
    Rule("registry.name_missing", _E, "Danh mục: thiếu tên tổ chức",
         "Chưa ghi tên tổ chức của mã \u201c{org}\u201d. Hãy điền tên."),
    Rule("registry.not_allowed", _E, "Danh mục: giá trị không có trong danh sách",
         "\u201c{value}\u201d không có trong danh sách{suggestion}. Hãy ghi đúng một giá trị trong "
         "danh sách: {allowed}."),
    Rule("registry.bad_target", _E, "Danh mục: chỉ tiêu không phải số",
         "\u201c{value}\u201d phải là số nguyên không âm, ghi không có dấu chấm, dấu phẩy (để trống "
         "nếu không giao chỉ tiêu)."),
    Rule("registry.same_name", _W, "Danh mục: hai tổ chức cùng tên",
         "Tên \u201c{value}\u201d của mã {org} trùng với tên \u201c{first_name}\u201d của mã {first_code} "
         "(dòng {first_row}). Nếu là một tổ chức ghi hai lần, hãy xóa dòng thừa: mã thừa luôn bị "
         "tính là chưa nộp{targets}. Nếu là hai tổ chức khác nhau, hãy ghi tên cho dễ phân biệt."),
    Rule("registry.example_row", _W, "Danh mục: còn dòng ví dụ của mẫu",
         "Mã {org} ({org_name}) là dòng ví dụ có sẵn trong mẫu tong_hop_phuong.xlsm, không phải "
         "một tổ chức của phường: nó luôn bị tính là chưa nộp và được đếm vào số tổ chức trong danh "
         "mục{targets}. Hãy xóa dòng này khỏi {place}."),
    Rule("registry.example_only", _W, "Danh mục: mới chỉ có dòng ví dụ của mẫu",
         "Danh mục tổ chức ({place}) mới chỉ có dòng ví dụ của mẫu ({org} – {org_name}), chưa phải "
         "danh mục của phường, nên chưa được dùng: mã tổ chức của các tệp chưa được đối chiếu với "
         "danh mục và chưa biết tổ chức nào chưa nộp tệp. Hãy xóa dòng ví dụ, điền các tổ chức của "
         "phường rồi chạy lại."),
    Rule("registry.merged_target", _W, "Danh mục: ô chỉ tiêu bị gộp",
         "Các ô {range} bị gộp: giá trị hiện trên cả vùng gộp chỉ được tính cho ô {first} "
         "({counted}), còn {hidden} được đọc là trống (không giao chỉ tiêu). Hãy bỏ gộp ô (chọn vùng "
         "ô rồi, trong Excel, bấm Merge & Center, “Hợp nhất và căn giữa”; trong LibreOffice, chọn "
         "Format → Merge and Unmerge Cells → Unmerge Cells) và ghi chỉ tiêu của từng tổ chức vào ô "
         "của tổ chức đó."),
    Rule("registry.total_row", _W, "Danh mục: dòng tổng cộng",
         "\u201c{value}\u201d là dòng tổng cộng, không phải một tổ chức: dòng này được bỏ qua{targets}. "
         "Không cần ghi mã cho dòng này. Có thể để nguyên dòng ấy, hoặc xóa dòng ấy khỏi danh mục "
         "để không còn cảnh báo này: số liệu không đổi."),
    Rule("registry.group_heading", _W, "Danh mục: dòng tiêu đề nhóm",
         "{rows} (\u201c{value}\u201d{more}) chỉ ghi tên một nhóm tổ chức, không phải một tổ chức: "
         "được bỏ qua. Nếu đó là một tổ chức, hãy ghi mã và tên tổ chức vào cột \u201cMã tổ chức\u201d và "
         "\u201cTên tổ chức đảng\u201d."),
    Rule("registry.below_table", _W, "Danh mục: các dòng ghi dưới bảng",
         "{rows} ở dưới bảng danh mục (sau tổ chức cuối cùng, ở dòng {last}) được hiểu là phần ghi "
         "dưới bảng (dòng tổng, ngày tháng, chữ ký, ghi chú), không phải tổ chức, nên được bỏ qua. Nếu "
         "trong đó có một tổ chức, hãy ghi đủ mã và tên của tổ chức đó ngay dưới các tổ chức khác, "
         "không để dòng trống xen giữa."),
    Rule("registry.partial_targets", _W, "Danh mục: chỉ tiêu kết nạp chưa ghi đủ các tổ chức",
         "Năm {value}, danh mục tổ chức chỉ ghi chỉ tiêu kết nạp cho {having} trong {count} tổ chức "
         "(cộng lại {target} đảng viên, là chỉ tiêu của phường), nhưng {untargeted} tổ chức không có "
         "chỉ tiêu năm đó đã kết nạp {admitted} đảng viên ({orgs}). Mọi người được kết nạp đều tính "
         "vào tỷ lệ đạt chỉ tiêu của phường: năm {value} đạt {rate} ({admitted_all} trên {target}; "
         "riêng các tổ chức có chỉ tiêu kết nạp được {rest}), nên tỷ lệ này có thể cao hơn thực tế. "
         "Nếu danh mục chưa ghi xong, hãy ghi chỉ tiêu của các tổ chức còn lại vào cột "
         "\u201cChỉ tiêu kết nạp {value}\u201d (ghi 0 nếu tổ chức không được giao chỉ tiêu) rồi tổng "
         "hợp lại; nếu các tổ chức ấy thật sự không được giao chỉ tiêu thì bỏ qua cảnh báo này."),
    Rule("registry.implausible_target", _W, "Danh mục: chỉ tiêu kết nạp lớn bất thường",
         "Chỉ tiêu kết nạp năm {year} của {org} ({org_name}) là {target} đảng viên, lớn hơn {against}, "
         "nên có thể ô này gõ nhầm (thừa chữ số, hoặc gõ năm vào ô chỉ tiêu). Số đã ghi vẫn được "
         "tính: chỉ tiêu kết nạp năm {year} của phường là {ward_target} đảng viên, tỷ lệ đạt chỉ "
         "tiêu tính theo số đó. Hãy kiểm tra lại ô này trong {place}, sửa nếu gõ nhầm, rồi tổng hợp lại."),
    Rule("registry.empty", _E, "Danh mục không có tổ chức nào",
         "Danh mục chưa có tổ chức nào dưới dòng tiêu đề. Hãy ghi mỗi tổ chức một dòng."),
    # --- the official forms and the history of consolidations -----------------------------------
    Rule("form.opening_mismatch", _W, "Số đầu kỳ không khớp lần tổng hợp trước",
         "số đảng viên tại ngày {date} tính lại từ tệp kỳ này là {now} (danh sách hiện nay, trừ "
         "người kết nạp, chuyển đến, phục hồi sau ngày {date}, cộng người chuyển đi, từ trần, bị xóa "
         "tên, khai trừ, xin ra khỏi Đảng sau ngày đó), nhưng lần tổng hợp ngày {date} "
         "(lần số {record} trong lịch sử tổng hợp) ghi {then}{recoded}. "
         "Hãy kiểm tra sheet \u201cBiến động\u201d và danh sách đảng viên: có thể thiếu hoặc thừa dòng "
         "biến động sau ngày {date}. Cũng có thể tệp kỳ này có dòng biến động ngày {date} trở về "
         "trước mà lần tổng hợp ngày {date} chưa có (báo muộn, sửa lại): khi đó số của lần này là số "
         "đúng; nếu cần, hãy tổng hợp lại ngày chốt {date}.{candidates}{moved}"),
    Rule("form.opening_late_start", _W, "Số đầu kỳ khác lần trước, khi tệp ghi biến động từ ngày sau",
         "số đảng viên tại ngày {date} tính lại từ tệp kỳ này là {now}, còn lần tổng hợp ngày {date} "
         "(lần số {record} trong lịch sử tổng hợp) ghi {then}{recoded}; nhưng tệp chỉ ghi biến động "
         "từ ngày {start} (mục \u201cSố liệu từ ngày\u201d), nên chênh lệch có thể do biến động từ "
         "sau ngày {date} đến trước ngày {start} chưa được ghi. "
         "Hãy hỏi lại chi bộ: nếu có biến động trong khoảng đó, hãy ghi ngày {next_day} vào mục "
         "\u201cSố liệu từ ngày\u201d và bổ sung các dòng biến động ấy."),
    Rule("form.opening_code_renamed", _W, "Số đầu kỳ khác lần tổng hợp trước, khi mã này mang tên khác",
         "số đảng viên tại ngày {date} tính lại từ tệp kỳ này là {now} (danh sách hiện nay, trừ "
         "người kết nạp, chuyển đến, phục hồi sau ngày {date}, cộng người chuyển đi, từ trần, bị xóa "
         "tên, khai trừ, xin ra khỏi Đảng sau ngày đó), còn lần tổng hợp ngày {date} "
         "(lần số {record} trong lịch sử tổng hợp) ghi {then} cho "
         "mã {org}, khi đó mang tên \u201c{then_name}\u201d. Nếu mã này nay là của một tổ chức khác "
         "(tổ chức cũ đã đổi mã, giải thể hoặc sáp nhập), hai số là của hai tổ chức: không cần sửa "
         "gì. Nếu chỉ là tổ chức này đổi tên, hãy kiểm tra sheet \u201cBiến động\u201d và danh sách "
         "đảng viên: có thể thiếu hoặc thừa dòng biến động sau ngày {date}."),
    Rule("form.opening_unchecked", _W, "Số đầu kỳ chưa được đối chiếu: tổ chức thiếu ở lần tổng hợp trước",
         "{orgs} không có trong lần tổng hợp ngày {date} (lần số {record} trong lịch sử tổng hợp: "
         "tệp bị loại vì có lỗi, hoặc chưa nộp), cũng không có trong lần tổng hợp nào khác dùng "
         "được để đối chiếu, nên số đầu kỳ của {which} chưa được đối chiếu. Số liệu lần này "
         "vẫn được tổng hợp. Nếu cần đối chiếu, hãy tổng hợp lại ngày chốt {date} với đủ các tệp "
         "(sau khi sửa lỗi), rồi tổng hợp lại lần này."),
    Rule("form.ward_opening_mismatch", _W, "Số đầu kỳ toàn phường không khớp lần tổng hợp trước",
         "số đảng viên tại ngày {date} tính lại từ các tệp kỳ này là {now} (tổng danh sách hiện "
         "nay, trừ người kết nạp, phục hồi, chuyển đến sau ngày {date}, cộng người chuyển đi, từ "
         "trần, bị xóa tên, khai trừ, xin ra khỏi Đảng sau ngày đó; chuyển sinh hoạt trong Đảng bộ "
         "phường mà cả hai dòng đều sau ngày đó không tính vì không làm đổi số của phường, {transit}), "
         "nhưng lần tổng hợp ngày {date} (lần số {record} trong lịch sử tổng hợp) ghi "
         "{then}, cả hai lần đều đủ các tổ chức.{unscoped} Các tổ chức đã khác lần đó (không còn: "
         "{gone}; mới: {new}{recoded}), nên số của phường được tính lại từ biến động của cả phường.{check}"),
    Rule("form.previous_other_orgs", _W, "Cùng kỳ năm trước lấy từ lần tổng hợp có tổ chức khác lần này",
         "Cột \u201cCùng kỳ năm trước\u201d của các biểu và phần so sánh của báo cáo lấy số liệu kỳ "
         "{period} từ lần tổng hợp số {record} trong lịch sử tổng hợp ({ward}), nhưng lần đó {value}. "
         "Số liệu ấy vẫn được dùng, nhưng so sánh hai kỳ không cùng phạm vi (các biểu và báo cáo có "
         "ghi chú). Nếu lần đó không phải của phường này (một phường khác tổng hợp vào cùng tệp lịch "
         "sử mà không ghi tên phường, hoặc một lần chạy thử), hãy xóa nó khỏi lịch sử ({advice}) rồi "
         "tổng hợp lại."),
    Rule("form.previous_no_common_orgs", _W,
         "Không so sánh với cùng kỳ năm trước: lần tổng hợp kỳ đó là của các tổ chức khác",
         "Lịch sử tổng hợp có lần tổng hợp số {record} kỳ {period} ({ward}), nhưng lần đó {value}: "
         "đó không phải số liệu của các tổ chức này, nên cột \u201cCùng kỳ năm trước\u201d của các "
         "biểu để trống{trend} và báo cáo không so sánh với cùng kỳ. Nếu lần đó là của phường khác (tổng "
         "hợp vào cùng tệp lịch sử mà không ghi tên phường) hoặc một lần chạy thử, hãy xóa nó khỏi "
         "lịch sử ({advice}) rồi tổng hợp lại: lần tổng hợp của phường này cho kỳ đó, nếu có, sẽ "
         "được dùng."),
    Rule("form.previous_other_period", _W,
         "Cùng kỳ năm trước: lịch sử chỉ có lần tổng hợp của kỳ báo cáo khác",
         "Lịch sử tổng hợp có lần tổng hợp ngày chốt {cutoff} (lần số {record}) nhưng của kỳ {period}, "
         "không cùng kỳ {wanted} của các biểu lần này, nên cột \u201cCùng kỳ năm trước\u201d {forms} để "
         "trống{snapshot}. Để có số liệu kỳ {wanted}, {advice}, rồi tổng hợp lại lần này."),
    Rule("form.previous_other_ward", _W,
         "Không so sánh với cùng kỳ năm trước: lần tổng hợp kỳ đó là của phường khác",
         "Lần này không ghi tên phường, nên lần tổng hợp chạy sau cùng của kỳ đó, của bất kỳ phường "
         "nào, được xét làm cùng kỳ năm trước: lần số {record} kỳ {period} của \u201c{other}\u201d, "
         "nhưng lần đó {value}: đó là số liệu của \u201c{other}\u201d, không phải của các tổ chức "
         "này, nên cột \u201cCùng kỳ năm trước\u201d của các biểu để trống{trend} và báo cáo không "
         "so sánh với cùng kỳ. Lần đó được lưu đúng cho \u201c{other}\u201d: không cần xóa hay sửa "
         "gì ở lần đó."),
    Rule("form.ward_opening_no_org_figures", _W,
         "Số đầu kỳ toàn phường không khớp lần tổng hợp trước (lần đó không có số từng tổ chức)",
         "số đảng viên tại ngày {date} tính lại từ các tệp kỳ này là {now} (tổng danh sách hiện "
         "nay, trừ người kết nạp, phục hồi, chuyển đến sau ngày {date}, cộng người chuyển đi, từ "
         "trần, bị xóa tên, khai trừ, xin ra khỏi Đảng sau ngày đó; chuyển sinh hoạt trong Đảng bộ "
         "phường mà cả hai dòng đều sau ngày đó không tính vì không làm đổi số của phường, {transit}), "
         "nhưng lần tổng hợp ngày {date} (lần số {record} trong lịch sử tổng hợp) ghi "
         "{then}, cả hai lần đều đủ các tổ chức.{unscoped} Lần tổng hợp đó trong lịch sử {kind}, "
         "nên không so được từng tổ chức và chưa biết chênh lệch ở tổ chức nào. Hãy kiểm tra danh "
         "sách đảng viên và sheet \u201cBiến động\u201d của các tệp: có thể có đảng viên không có "
         "trong danh sách nào, hoặc thiếu, thừa dòng biến động sau ngày {date}.{merged}"),
    Rule("form.ward_opening_unchecked", _W,
         "Số đầu kỳ toàn phường chưa được đối chiếu: lần tổng hợp trước không rõ có đủ tổ chức",
         "số đảng viên toàn phường tại ngày {date}, tính lại từ các tệp kỳ này, chưa được đối chiếu "
         "với lần tổng hợp ngày {date} (lần số {record} trong lịch sử tổng hợp), vì lần đó {why}: "
         "chênh lệch, nếu có, không được cảnh báo. Số liệu lần này vẫn được tổng hợp. {advice}"),
    Rule("form.period_opening_changed", _W, "Số đầu kỳ của Biểu 1 khác lần tổng hợp trước cùng kỳ báo cáo",
         "Biểu 1, dòng A (tổng số đảng viên cuối kỳ trước chuyển sang, tức số đảng viên khi bắt "
         "đầu kỳ báo cáo ngày {start}) của lần tổng hợp này là {now}, nhưng lần tổng hợp ngày chốt "
         "{date} (lần số {record} trong lịch sử), cùng kỳ báo cáo từ ngày {start}, ghi {then}; cả "
         "hai lần đều đủ các tổ chức. Số này chỉ khác khi các tệp lần này khác lần đó về biến động "
         "từ ngày {start} đến ngày {date} hoặc về danh sách đảng viên: một tổ chức có trong lần đó "
         "nay không được tổng hợp (như tổ chức đã giải thể, sáp nhập mà tệp báo cáo cuối và dòng "
         "trong danh mục đã bỏ đi: các biến động trong kỳ của nó không còn trong các biểu), dòng "
         "biến động trong khoảng đó đã được thêm, bớt hay sửa, hoặc danh sách đảng viên thiếu, "
         "thừa người mà không có dòng biến động.{dropped}{redated}{gone} Nếu là do tệp đã được "
         "sửa cho đúng, số của lần này là số đúng; nếu không, các dòng B, C của Biểu 1 lần này "
         "thiếu hoặc thừa biến động so với lần trước."),
    Rule("form.opening_last_year_close", _W, "Số đầu kỳ của Biểu 1 khác số cuối kỳ năm trước",
         "Biểu 1, dòng A (tổng số đảng viên cuối kỳ trước chuyển sang, tức số đảng viên khi bắt "
         "đầu kỳ báo cáo ngày {start}) của lần tổng hợp này là {now}, nhưng lần tổng hợp ngày chốt "
         "{date} (lần số {record} trong lịch sử, kỳ báo cáo {period}, là cột \u201cCùng kỳ năm "
         "trước\u201d của các biểu này) ghi {then} ở dòng D; cả hai lần đều đủ các tổ chức. Số cuối "
         "kỳ năm trước là số đầu kỳ năm nay, nên hai số phải bằng nhau. Lần này chỉ được đối chiếu "
         "với lần tổng hợp ngày chốt {checked}, nên chênh lệch với ngày {date} không được nêu ở cảnh "
         "báo nào khác. Hãy kiểm tra danh sách đảng viên và sheet \u201cBiến động\u201d của các "
         "tệp: có thể có đảng viên không có trong danh sách nào, hoặc thiếu, thừa dòng biến động từ "
         "ngày {start}; nếu các tệp ngày {date} mới là tệp sai, hãy tổng hợp lại ngày chốt đó."),
    Rule("form.opening_unrecorded", _W, "Số đầu kỳ của Biểu 1 chưa được đối chiếu với số cuối kỳ trước",
         "Biểu 1, dòng A (tổng số đảng viên cuối kỳ trước chuyển sang, tức số đảng viên khi bắt "
         "đầu kỳ báo cáo ngày {start}) chưa được đối chiếu với số cuối kỳ trước: lịch sử tổng hợp "
         "chưa có lần tổng hợp nào của ngày chốt {date}. Số đảng viên chỉ được đối chiếu tại ngày "
         "{checked} (lần số {record} trong lịch sử); biến động từ ngày {after} đến ngày {date} chỉ "
         "lấy từ các tệp lần này. Số liệu lần này vẫn được tổng hợp. Nếu kỳ báo cáo kết thúc ngày "
         "{date} cũng được tổng hợp bằng ward-stats, hãy tổng hợp ngày chốt {date} (vào cùng lịch "
         "sử này) rồi tổng hợp lại lần này để đối chiếu; nếu không, không cần làm gì."),
    Rule("form.absent_org_changes", _W, "Biến động trong kỳ của tổ chức không còn trong lần tổng hợp này",
         "lần tổng hợp ngày chốt {date} (lần số {record} trong lịch sử), cùng kỳ báo cáo từ ngày "
         "{start}, có tổ chức này (mã {org}) với 0 đảng viên tại ngày chốt đó (báo cáo cuối của tổ "
         "chức đã giải thể hoặc sáp nhập) và các biến động trong kỳ ({kinds}). Lần này không có "
         "tệp của tổ chức và danh mục không còn tổ chức này, nên các biến động ấy không có trong "
         "các biểu của lần này (kỳ báo cáo từ ngày {start} đến ngày {cutoff}). Hãy để lại tệp báo "
         "cáo cuối của tổ chức trong thư mục bài nộp và dòng của tổ chức trong danh mục {until}, "
         "rồi tổng hợp lại. " + LAST_REPORT_REDATED),
    Rule("form.period_across_years", _W,
         "Kỳ báo cáo của Biểu 1\u20134-BTCTW bắt đầu từ năm trước năm của ngày chốt",
         "{forms} từ ngày {start} đến ngày {cutoff} bắt đầu từ năm {start_year}, trước năm của ngày "
         "chốt số liệu ({year}), mà không tròn 12 tháng. Biểu quý, 6 tháng, 9 tháng và năm đều bắt "
         "đầu trong năm của ngày chốt, nên có thể đây là ngày bắt đầu của kỳ trước chưa được sửa: "
         "kỳ báo cáo có lẽ là {likely}. Các biểu lần này vẫn được lập theo kỳ đã ghi (từ ngày "
         "{start}). Nếu đúng là kỳ cần báo cáo, hãy bỏ qua cảnh báo này; nếu không, {fix}."),
    Rule("history.locked", _W, "Lịch sử tổng hợp đang bị khóa",
         "{reason} Lần tổng hợp này chưa được ghi vào lịch sử{consequence}; các tệp kết quả vẫn được "
         "ghi đủ. Hãy đóng chương trình đang mở tệp lịch sử rồi tổng hợp lại."),
    Rule("history.corrupt", _W, "Tệp lịch sử tổng hợp bị hỏng",
         "{reason} Tệp được giữ nguyên, không ghi thêm; lần tổng hợp này không được ghi vào lịch sử"
         "{consequence}. Hãy chép bản sao lưu của tệp lịch sử vào chỗ cũ⟦ (tổng hợp bằng dòng lệnh thì "
         "cũng có thể chọn tệp lịch sử khác bằng --history)⟧."),
    Rule("history.read_only", _W, "Không ghi được vào lịch sử tổng hợp",
         "{reason} Lần tổng hợp này không được ghi vào lịch sử; các tệp kết quả vẫn được ghi đủ. "
         "Hãy cấp quyền ghi⟦ (tổng hợp bằng dòng lệnh thì cũng có thể chọn tệp lịch sử ở thư mục ghi được "
         "bằng --history)⟧."),
    Rule("history.path_too_long", _W, "Đường dẫn tệp lịch sử tổng hợp quá dài",
         "{reason} Lần tổng hợp này không được ghi vào lịch sử; các tệp kết quả vẫn được ghi đủ. "
         "Hãy chuyển thư mục làm việc vào nơi có đường dẫn ngắn hơn, ví dụ một thư mục ngay trong ổ đĩa "
         "như \u201cD:\\TongHop\u201d: ⟦với các nút bấm, thư mục chứa tệp tổng hợp .xlsm (tệp lịch sử nằm "
         "cạnh nó); với dòng lệnh, thư mục của tệp kết quả, nơi có tệp lịch sử mặc định (hoặc chọn tệp "
         "lịch sử khác bằng --history)|thư mục chứa tệp tổng hợp .xlsm (tệp lịch sử nằm cạnh nó)⟧, rồi "
         "tổng hợp lại."),
    Rule("history.newer", _W, "Lịch sử tổng hợp của phiên bản mới hơn",
         "{reason} Tệp được giữ nguyên; lần tổng hợp này không được ghi vào lịch sử{consequence}."),
    Rule("history.not_recorded", _W, "Chưa ghi được vào lịch sử tổng hợp",
         "{reason} Lần tổng hợp này chưa được ghi vào lịch sử{consequence}; các tệp kết quả vẫn được "
         "ghi đủ."),
    Rule("history.write_interrupted", _W, "Lần ghi vào lịch sử trước bị ngắt giữa chừng",
         "Lần ghi vào lịch sử trước đã bị ngắt giữa chừng (mất điện hoặc chương trình bị tắt đột "
         "ngột): lần tổng hợp khi đó chưa được ghi vào lịch sử \u201c{path}\u201d; tệp lịch sử đã được "
         "đưa về lần ghi trọn vẹn gần nhất. Nếu các tệp kết quả của lần tổng hợp đó đã được ghi ra (và "
         "có thể đã gửi đi), hãy tổng hợp lại lần đó (cùng thư mục bài nộp và ngày chốt)⟦, hoặc nhập tệp "
         "tóm tắt JSON ghi cùng các tệp đó vào lịch sử (history import)⟧, để các lần tổng hợp sau có số "
         "liệu của lần đó cho “Cùng kỳ năm trước”, xu hướng và kiểm tra số đầu kỳ. Nếu lần tổng hợp "
         "này chính là lần chạy lại đó thì không cần làm gì thêm."),
    Rule("history.period_gap", _W, "Kỳ số liệu không nối tiếp lần tổng hợp trước",
         "Các tệp tính biến động từ ngày {start}, nhưng lần tổng hợp trước của phường (lần số {record}, "
         "ngày chốt {cutoff}) chỉ có số liệu đến ngày chốt đó: biến động từ ngày {gap_from} đến ngày "
         "{gap_to} không có trong lần tổng hợp nào, và số đầu kỳ của lần này không đối chiếu được với lần "
         "trước. Nếu ngày bắt đầu kỳ (“Số liệu từ ngày” trong sheet “Thông tin” của các tệp, hoặc "
         "⟦--since|ô “Số liệu từ ngày” ở sheet “Điều khiển”⟧) "
         "ghi nhầm, hãy sửa thành {gap_from} rồi tổng hợp lại."),
    Rule("history.empty_run", _W, "Không tổng hợp được tổ chức nào: không ghi vào lịch sử",
         "Không có tổ chức nào được tổng hợp (ngày chốt {cutoff}), nên lần này không được ghi vào "
         "lịch sử tổng hợp: số liệu rỗng không được dùng làm số cùng kỳ năm trước hay số đầu kỳ về sau. "
         "Hãy kiểm tra thư mục bài nộp và ngày chốt rồi tổng hợp lại."),
    Rule("history.other_ward_name", _W, "Lịch sử có số liệu các tổ chức này dưới tên phường khác",
         "Lịch sử tổng hợp có lần tổng hợp {what} của \u201c{other}\u201d (lần số {record}, cùng các tổ "
         "chức {orgs}); lần này tên phường là \u201c{ward}\u201d, nên số liệu của \u201c{other}\u201d "
         "không được dùng cho \u201cCùng kỳ năm trước\u201d, xu hướng và kiểm tra số đầu kỳ. Nếu là một "
         "phường mà tên lần này ghi khác đi, hãy dùng đúng tên đã dùng (ô \u201cTên phường\u201d của "
         "sheet “Điều khiển”⟦ hoặc --ward-name⟧) rồi tổng hợp lại; nếu phường đã đổi tên (như khi sắp xếp, "
         "sáp nhập phường), hãy đổi tên phường trong lịch sử ({advice}) rồi tổng hợp lại; nếu là hai "
         "phường khác nhau thì không cần sửa gì."),
    Rule("history.incomplete_ward_name", _W, "Lịch sử có số liệu các tổ chức này dưới tên phường chưa đủ",
         "Lịch sử tổng hợp có lần tổng hợp {what} của \u201c{other}\u201d (lần số {record}, cùng các tổ "
         "chức {orgs}), tên phường chưa đủ ({why}); lần này tên phường là \u201c{ward}\u201d, nên số liệu "
         "của \u201c{other}\u201d không được dùng cho \u201cCùng kỳ năm trước\u201d, xu hướng và kiểm tra "
         "số đầu kỳ. Nếu đó là phường này, lần đó ghi tên chưa đủ: đừng ghi lại tên \u201c{other}\u201d ở ô "
         "\u201cTên phường\u201d, hãy đổi tên phường trong lịch sử thành \u201c{ward}\u201d ({advice}) "
         "rồi tổng hợp lại; nếu là phường khác thì không cần sửa gì."),
    Rule("history.other_ward_names", _W, "Lịch sử có số liệu cùng kỳ của nhiều phường khác",
         "Lịch sử tổng hợp có các lần tổng hợp {what} của {count} phường khác: {others}; lần này tên "
         "phường là \u201c{ward}\u201d, nên số liệu của các phường đó không được dùng cho \u201cCùng kỳ "
         "năm trước\u201d, xu hướng và kiểm tra số đầu kỳ. Nếu \u201c{ward}\u201d được hợp nhất từ các "
         "phường đó (như khi sắp xếp, sáp nhập phường), đừng đổi tên một phường cũ thành \u201c{ward}\u201d "
         "(cột \u201cCùng kỳ năm trước\u201d sẽ chỉ là số liệu của một phường cũ, so với cả phường mới); "
         "hãy thêm vào lịch sử tổng số liệu của các phường cũ: trong cùng một thư mục, chạy lần lượt các "
         "lệnh {exports} rồi {command}, rồi tổng hợp lại. Nếu là các phường khác thì không cần sửa gì."),
    Rule("history.other_ward_name_later", _W, "Lịch sử dùng tên phường khác từ sau ngày chốt này",
         "Lịch sử tổng hợp có lần tổng hợp ngày chốt {later} của \u201c{other}\u201d (lần số {record}, "
         "cùng các tổ chức {orgs}), sau ngày chốt {cutoff} của lần này; lần này tên phường là "
         "\u201c{ward}\u201d, nên số liệu của \u201c{other}\u201d không được dùng cho \u201cCùng kỳ năm "
         "trước\u201d, xu hướng và kiểm tra số đầu kỳ, và các lần tổng hợp mang tên \u201c{other}\u201d "
         "không dùng số liệu của lần này. Nếu \u201c{other}\u201d là tên hiện nay của phường (phường đổi "
         "tên sau ngày chốt {cutoff}), hãy ghi tên phường \u201c{other}\u201d (ô \u201cTên phường\u201d "
         "của sheet “Điều khiển”⟦ hoặc --ward-name⟧) rồi tổng hợp lại; đừng đổi tên phường trong "
         "lịch sử về \u201c{ward}\u201d: các lần tổng hợp mang tên \u201c{other}\u201d sau ngày chốt "
         "{cutoff} cũng sẽ bị đổi theo. Nếu là hai phường khác nhau thì không cần sửa gì."),
    Rule("history.trend_no_common_orgs", _W,
         "Xu hướng không lấy lần tổng hợp của các tổ chức khác",
         "Lịch sử tổng hợp có lần tổng hợp số {record} ngày chốt {cutoff} ({ward}), nhưng lần đó "
         "{value}: đó không phải số liệu của các tổ chức này, nên sheet \u201cXu hướng\u201d không có "
         "ngày chốt đó. Nếu lần đó là của phường khác (tổng hợp vào cùng tệp lịch sử mà không ghi tên "
         "phường) hoặc một lần chạy thử, hãy xóa nó khỏi lịch sử ({advice})."),
    Rule("history.trend_other_ward", _W, "Xu hướng không lấy lần tổng hợp của phường khác",
         "Lần này không ghi tên phường, nên lần tổng hợp chạy sau cùng của mỗi ngày chốt, của bất kỳ "
         "phường nào, được xét cho xu hướng: lần số {record} ngày chốt {cutoff} của \u201c{other}\u201d, "
         "nhưng lần đó {value}: đó là số liệu của \u201c{other}\u201d, không phải của các tổ chức "
         "này, nên sheet \u201cXu hướng\u201d không có ngày chốt đó. Lần đó được lưu đúng cho "
         "\u201c{other}\u201d: không cần xóa hay sửa gì ở lần đó."),
    Rule("history.ward_name_missing", _W,
         "Lần tổng hợp không ghi tên phường mà lịch sử có tên phường của các tổ chức này",
         "Lịch sử tổng hợp có lần tổng hợp ngày chốt {cutoff} của \u201c{other}\u201d (lần số "
         "{record}, cùng các tổ chức {orgs}); lần này không ghi tên phường, nên số liệu của "
         "\u201c{other}\u201d không phải lúc nào cũng được dùng cho \u201cCùng kỳ năm trước\u201d, "
         "xu hướng và kiểm tra số đầu kỳ (lần tổng hợp chạy sau cùng của mỗi ngày chốt, của bất kỳ "
         "phường nào, được xét trước). Nếu đây là \u201c{other}\u201d, hãy ghi tên phường "
         "\u201c{other}\u201d (ô \u201cTên phường\u201d của sheet “Điều khiển”⟦ hoặc --ward-name⟧) "
         "rồi tổng hợp lại."),
    Rule("history.previous_orgs_changed", _W, "Các tổ chức của phường khác cùng kỳ năm trước",
         "So với lần tổng hợp kỳ {period} của phường (lần số {record} trong lịch sử tổng hợp, dùng "
         "cho cột \u201cCùng kỳ năm trước\u201d): {changed}. Đó vẫn là số liệu của Đảng bộ phường kỳ "
         "đó nên vẫn được so sánh; nếu các tổ chức đã được thành lập, sáp nhập, giải thể hay đổi mã "
         "thì không cần sửa gì.{if_gone}"),
    Rule("history.previous_one_former_ward", _W, "Cùng kỳ năm trước có thể chỉ là một phường cũ",
         "So với lần tổng hợp kỳ {period} của phường (lần số {record} trong lịch sử tổng hợp, dùng "
         "cho cột \u201cCùng kỳ năm trước\u201d): {changed}; lịch sử tổng hợp còn có lần tổng hợp cùng "
         "kỳ của phường khác có tổ chức của lần này: {others}. Nếu \u201c{ward}\u201d được hợp nhất từ "
         "các phường đó (như khi sắp xếp, sáp nhập phường) và lần số {record} là số liệu của một phường "
         "cũ đã đổi tên trong lịch sử, thì cột \u201cCùng kỳ năm trước\u201d chỉ là số liệu của phường "
         "cũ đó, so với cả phường mới, nên tăng, giảm so với cùng kỳ không đúng: hãy thêm vào lịch sử "
         "tổng số liệu của các phường cũ: trong cùng một thư mục, chạy lần lượt các lệnh {exports} rồi "
         "{command}, rồi tổng hợp lại. Nếu không phải thì không cần sửa gì."),
    Rule("history.check_failed", _E, "Lỗi chương trình khi đối chiếu với lịch sử tổng hợp",
         "Không đối chiếu hết được lần tổng hợp này với các lần trước trong lịch sử tổng hợp do lỗi "
         "của chương trình ({reason}){consequence}. Các tệp kết quả vẫn được ghi; hãy gửi thông báo "
         "này cho người hỗ trợ kỹ thuật."),
    # --- the roll-up of ward summaries to the next level ---------------------------------------
    Rule("rollup.check_failed", _E, "Lỗi chương trình khi đối chiếu các tệp số liệu của phường",
         "Không đối chiếu hết được các tệp số liệu của phường với nhau do lỗi của chương trình "
         "({reason}){consequence}. Các tệp không bị thay đổi; hãy gửi thông báo này cho người hỗ trợ "
         "kỹ thuật."),
    Rule("rollup.unreadable", _E, "Không dùng được tệp số liệu của phường",
         "{reason} Tệp này không được cộng vào số liệu cấp trên."),
    Rule("rollup.empty_ward", _E, "Lần tổng hợp của phường không tổng hợp được tổ chức nào",
         "Lần tổng hợp ghi trong tệp này (ngày chốt {value}) không tổng hợp được tổ chức đảng nào của "
         "{ward} (thường do chọn nhầm thư mục bài nộp hoặc nhầm ngày chốt): số liệu rỗng không phải "
         "số liệu của phường. Tệp này không được cộng và không được tính khi chọn ngày chốt, kỳ số "
         "liệu của bản tổng hợp. Hãy đề nghị phường kiểm tra thư mục bài nộp và ngày chốt, tổng hợp "
         "lại rồi gửi tệp mới."),
    Rule("rollup.same_organisations", _W, "Hai tệp có thể là của cùng một phường",
         "Tệp này và tệp \u201c{other}\u201d {names}, và có chung {count} tổ chức đảng (cùng mã "
         "và tên: {orgs}): có thể là hai lần tổng hợp của cùng một phường. Cả hai tệp vẫn được "
         "cộng vì số liệu của các tổ chức ấy khác nhau (các phường khác nhau cũng có thể có tổ chức "
         "cùng mã, cùng tên). Nếu là cùng một phường, số liệu cấp trên đã tính phường đó hai lần: "
         "hãy chỉ giữ tệp mới nhất của phường rồi tổng hợp lại."),
    Rule("rollup.no_ward_name", _W, "Tệp số liệu không ghi tên phường",
         "Tệp không ghi tên phường (tệp của phiên bản cũ, hoặc phường tổng hợp khi chưa ghi ô "
         "\u201cTên phường\u201d của sheet \u201cĐiều khiển\u201d hay --ward-name); phường được gọi theo "
         "tên tệp. Lần sau hãy đề nghị phường ghi tên phường khi tổng hợp."),
    Rule("rollup.personal_data", _W, "Tệp số liệu của phường có dữ liệu cá nhân",
         "Tệp \u201c{shown}\u201d được ghi kèm dữ liệu cá nhân (--personal-data, hoặc \u201cCó\u201d ở ô "
         "\u201cGhi dữ liệu cá nhân vào danh sách lỗi\u201d): danh sách lỗi trong tệp có họ tên, ngày sinh, "
         "giá trị ô của đảng viên. Bản tổng hợp lên cấp trên không chép danh sách lỗi ấy. Tệp này chỉ "
         "dùng trong văn phòng của phường, không gửi lên cấp trên: hãy đề nghị phường tổng hợp lại "
         "không ghi dữ liệu cá nhân (bỏ --personal-data, hoặc chọn \u201cKhông\u201d ở ô ấy) rồi gửi tệp "
         "JSON mới."),
    Rule("rollup.no_unit_name", _W, "Chưa ghi tên đơn vị cấp trên cho các biểu",
         "Chưa ghi tên đơn vị cấp trên: đầu các Biểu 1\u20134-BTCTW của bản tổng hợp này để trống tên "
         "(\u201cĐẢNG ỦY \u2026\u2026\u201d) và tệp JSON của lần này không có tên. Hãy chạy lại lệnh "
         "rollup với --name, ví dụ --name \u201cTỉnh Hải Dương\u201d."),
    Rule("rollup.cutoff_mismatch", _E, "Ngày chốt khác các phường khác",
         "Số liệu chốt ngày {value}, các phường khác chốt ngày {expected}; tệp này không được cộng. "
         "Hãy tổng hợp lại phường này với ngày chốt {expected}."),
    Rule("rollup.period_mismatch", _E, "Kỳ số liệu khác các phường khác",
         "Tệp này có {value}; các phường khác: {expected}. Tệp này không được cộng. {fix}"),
    Rule("rollup.incomplete_ward", _W, "Số liệu của phường chưa đủ tổ chức",
         "Số liệu của {ward} chỉ gồm {value} tổ chức đảng{gaps}. Tệp vẫn được cộng, nhưng số liệu cấp "
         "trên thiếu phần của các tổ chức ấy; khi phường đủ số liệu, hãy đề nghị phường tổng hợp lại "
         "và gửi tệp mới."),
    Rule("rollup.late_start_ward", _W, "Số liệu biến động của phường bắt đầu muộn ở một số tổ chức",
         "Số liệu biến động của {ward} có {orgs} chỉ tính từ ngày tệp của tổ chức ghi ở mục “Số liệu "
         "từ ngày”, sau ngày {since}. Tệp vẫn được cộng, nhưng số biến động, kết nạp và số liệu năm "
         "của cấp trên thiếu phần trước ngày đó của các tổ chức ấy (báo cáo của phường cũng nêu "
         "điều này)."),
    Rule("rollup.year_missing_ward", _W, "Số liệu năm của phường thiếu năm ở một số tổ chức",
         "Số liệu năm của {ward} có {orgs} thiếu dòng của năm đã kết thúc ở sheet “Số liệu năm”. "
         "Tệp vẫn được cộng, nhưng xếp loại chất lượng đảng viên và bồi dưỡng của năm ấy ở cấp trên "
         "thiếu phần của các tổ chức ấy (báo cáo của phường cũng nêu điều này); khi các tổ chức đã bổ "
         "sung, hãy đề nghị phường tổng hợp lại và gửi tệp mới."),
    Rule("rollup.year_unrated_ward", _W, "Số liệu năm của phường chưa ghi xếp loại ở một số tổ chức",
         "Số liệu năm của {ward} có {orgs} chưa ghi kết quả xếp loại chất lượng đảng viên của năm đã "
         "kết thúc ở sheet “Số liệu năm”. Tệp vẫn được cộng, nhưng xếp loại chất lượng đảng viên của "
         "năm ấy ở cấp trên thiếu phần của các tổ chức ấy (báo cáo của phường cũng nêu điều này); khi "
         "các tổ chức đã bổ sung, hãy đề nghị phường tổng hợp lại và gửi tệp mới."),
    Rule("rollup.ward_form_warning", _W, "Lần tổng hợp của phường có cảnh báo về số liệu các biểu",
         "Lần tổng hợp của {ward} đã cảnh báo về số liệu các Biểu 1\u20134-BTCTW của phường: "
         "{warnings}. Tệp vẫn được cộng, nhưng các số ấy của phường (như số đầu kỳ, số tăng, giảm "
         "trong kỳ ở Biểu 1) có thể thiếu hoặc thừa, và các biểu của cấp trên cũng vậy. Trước khi "
         "gửi các biểu lên, hãy xem sheet \u201cKiểm tra\u201d trong tệp kết quả của phường (hoặc "
         "đề nghị phường kiểm tra, tổng hợp lại và gửi tệp mới)."),
    Rule("rollup.incomplete_previous_ward", _W, "Số liệu cùng kỳ năm trước của phường chưa đủ tổ chức",
         "Số liệu cùng kỳ năm trước (kỳ {period}) trong tệp của {ward} chỉ gồm {value} tổ chức "
         "đảng{gaps}. Số liệu ấy vẫn "
         "được cộng vào cột \u201cCùng kỳ năm trước\u201d của các biểu, nhưng thiếu phần của các "
         "tổ chức ấy, nên so sánh hai kỳ không cùng phạm vi."),
    Rule("rollup.no_target", _W, "Phường chưa có chỉ tiêu kết nạp",
         "{ward} đã kết nạp đảng viên năm {years} nhưng tệp số liệu của phường không có chỉ tiêu "
         "kết nạp của {which} (phường tổng hợp không có danh mục tổ chức, hoặc danh mục không ghi "
         "chỉ tiêu). Thiếu chỉ tiêu của phường này thì không có tổng chỉ tiêu, nên chỉ tiêu kết nạp "
         "và tỷ lệ đạt chỉ tiêu của bản tổng hợp {which} để trống, không tính trên các phường còn "
         "lại. Số kết nạp của phường vẫn được cộng; hãy đề nghị phường tổng hợp lại với danh mục "
         "tổ chức có chỉ tiêu kết nạp rồi gửi tệp mới."),
    Rule("rollup.partial_targets", _W, "Danh mục của phường chưa ghi đủ chỉ tiêu kết nạp",
         "Năm {years}, danh mục tổ chức của {ward} chỉ ghi chỉ tiêu kết nạp cho một số tổ chức, "
         "trong khi các tổ chức không có chỉ tiêu vẫn kết nạp đảng viên (lần tổng hợp của phường đã "
         "cảnh báo \u201cDanh mục: chỉ tiêu kết nạp chưa ghi đủ các tổ chức\u201d). Chỉ tiêu của "
         "phường được cộng như phường ghi, nên tỷ lệ đạt chỉ tiêu của bản tổng hợp {which} có thể "
         "cao hơn thực tế. Hãy đề nghị phường ghi chỉ tiêu của các tổ chức còn lại vào danh mục (ghi "
         "0 nếu tổ chức không được giao chỉ tiêu), tổng hợp lại rồi gửi tệp mới."),
    Rule("rollup.no_previous", _W, "Không so sánh được với cùng kỳ năm trước",
         "Chưa so sánh được với cùng kỳ năm trước: {reason} (cột \u201cCùng kỳ năm trước\u201d của "
         "các biểu cũng để trống). Để so sánh được, hãy đề nghị phường nêu trên tổng hợp lại (có lịch "
         "sử tổng hợp của kỳ đó, cùng ngày bắt đầu kỳ với các phường khác) rồi gửi tệp mới."),
    Rule("rollup.incomplete_indicator", _W, "Chỉ tiêu không có ở mọi phường",
         "{whose} thiếu (hoặc ghi không đúng) {count} chỉ tiêu ({why}): {ids}. Các chỉ tiêu ấy không "
         "cộng được nên để trống ở bản tổng hợp, kể cả tổng và tỷ lệ tính từ chúng. {advice}"),
    Rule("rollup.previous_mean_only", _W, "Không tính được tuổi bình quân cùng kỳ năm trước",
         "Số liệu cùng kỳ năm trước của {wards} được chép từ các biểu đã gửi năm trước, mà biểu chỉ "
         "ghi tuổi bình quân, không ghi tổng số tuổi và số người được tính bình quân, nên không tính "
         "được tuổi bình quân chung của các phường ({ids}): dòng \u201cTuổi bình quân\u201d ở cột "
         "\u201cCùng kỳ năm trước\u201d của {what} để trống, không lấy bình quân của các số bình quân "
         "(đã làm tròn) thay vào. Phường không cần làm lại gì: số liệu năm nay do ward-stats tổng hợp "
         "có đủ các số ấy, nên cùng kỳ năm sau tính được."),
    # --- a run of the Excel buttons -------------------------------------------------------------
    Rule("excel.failed", _E, "Nút bấm không chạy xong",
         "{action}: {reason}"),
    # --- normalisation warnings -----------------------------------------------------------------
    Rule("norm.legacy_encoding", _W, "Đã chuyển chữ từ bảng mã cũ sang Unicode", "{changes}."),
    Rule("norm.category", _W, "Đã đổi sang giá trị đúng trong danh sách", "{changes}."),
    Rule("norm.date_text", _W, "Đã hiểu ngày ghi dạng văn bản", "{changes}."),
    Rule("norm.date_serial", _W, "Đã hiểu ngày ghi dạng số", "{changes}."),
    Rule("norm.number_text", _W, "Đã hiểu số ghi dạng văn bản", "{changes}."),
    Rule("norm.none_mark", _W, "Đã hiểu ô ghi \u201c-\u201d hoặc \u201ckhông\u201d là không có",
         "{changes}."),
    Rule("norm.unicode", _W, "Đã sửa dấu tiếng Việt gõ bằng bảng mã khác", "{changes}."),
    Rule("norm.spaces", _W, "Đã bỏ khoảng trắng thừa", "{changes}."),
    Rule("norm.name_title", _W, "Đã bỏ danh xưng, số thứ tự trước họ tên", "{changes}."),
    Rule("norm.org_code", _W, "Đã hiểu mã tổ chức ghi theo cách khác",
         "Giá trị \u201c{value}\u201d được hiểu là mã \u201c{expected}\u201d ({org_name}) của "
         "danh mục tổ chức. {advice}"),
)  # fmt: skip

RULES: dict[str, Rule] = {r.code: r for r in _RULES}

# Warnings that say their file is consolidated, by code: the sentence that says so, and what a
# file an error excludes is told instead (`toolkit.validation.run.validate_read`). An empty roll
# beside an unrelated error is still said, with its advice to write the list if the
# organisation has members, before the file is fixed and sent again (review136 §6), but not
# that the file is consolidated (hunt134 F2).
IF_EXCLUDED: dict[str, tuple[str, str]] = {
    "org.no_members_at_cutoff": (_LAST_REPORT_CONSOLIDATED, _LAST_REPORT_IF_FIXED),
}

# Issues of the whole run that explain why many files have the same issue (a mistyped cut-off
# gives every file its `org.cutoff_mismatch`, a mistyped period start its
# `org.period_start_differs`): listed first of their severity and said right after the first
# line of the run's status (`toolkit.outputs.status.said_first`).
SAID_FIRST: frozenset[str] = frozenset({"ward.cutoff_unmatched", "ward.period_start_unmatched"})
# The run's issues about a setting the clerk typed, by the setting (`excel.book` names): a
# button's run names its workbook and the setting's cell in them (`at_setting_cells`), so that
# their `Kiểm tra` row links there; a command line's keeps them of no file (its option is no cell).
SETTING_OF: dict[str, str] = {
    "ward.cutoff_unmatched": "CutoffDate",
    "ward.period_start_unmatched": "PeriodStart",
    "ward.no_ward_name": "WardName",
    "ward.name_without_kind": "WardName",
    "ward.name_only_kind": "WardName",
    "ward.implausible_target": "TargetOverride",
}


def at_setting_cells(issues: Sequence[Issue], book: SettingsBook | None) -> list[Issue]:
    """`issues`, each about a setting (`SETTING_OF`) with no file given the workbook `book` as its
    file and the setting's sheet and cell there (`SettingsBook.cells`), and each of no file at a
    cell of a sheet (the book's own `Danh mục tổ chức`: a registry read from a file names it, fix397)
    given `book` as its file; the others as they are, and all of them without a book (a command
    line's run)."""
    if book is None:
        return list(issues)
    placed = []
    for issue in issues:
        name = SETTING_OF.get(issue.code)
        where = book.cells.get(name) if name is not None and issue.file is None else None
        if where is not None:
            issue = replace(issue, file=book.file, sheet=where[0], cell=where[1])
        elif issue.file is None and issue.sheet is not None and issue.cell is not None:
            issue = replace(issue, file=book.file)  # the book's registry sheet's cell
        placed.append(issue)
    return placed


# Issues of the whole run said in a run's summary lines (console, status cell) just after the
# count of issues, as well as listed: a check the run did not make that the clerk makes with a
# command, given in the message (hunt220 R5: the import's note was its only word); an earlier
# write of the history cut off and rolled back, whose run is in no record (hunt228 R1); a ward's
# summary that holds its members' personal data, not to be sent up (hunt249 F7); a ward name
# that heads every official form wrongly (“ĐẢNG ỦY ĐẢNG ỦY PHƯỜNG …”, “ĐẢNG ỦY PHƯỜNG” alone),
# said like an empty one (`status.NO_WARD_NAME`), not only among the rows of `Kiểm tra` (hunt351).
SAID_AFTER_COUNT: frozenset[str] = frozenset(
    {
        "form.ward_opening_unchecked",
        "history.write_interrupted",
        "rollup.personal_data",
        "ward.name_without_kind",
        "ward.name_only_kind",
    }
)
# A file's issues that only the ward's clerk can act on, never sent to its secretary in the
# file's feedback (`toolkit.outputs.feedback`): a browser download the clerk did not finish, a
# file of 0 bytes or cut short (almost always the office's copy or download that broke: the
# clerk copies or downloads it again, or asks the chi bộ to resend, as its message says), a check of the
# program that failed, a file the office's computer had not the memory to read, a file of a
# template newer than this ward-stats (the office updates the tool: the file is right), a file
# the office's computer would not let ward-stats read (open in Excel, locked, no rights: the
# file is right, the clerk closes it or copies it elsewhere, hunt175 F2).
CLERK_ONLY: frozenset[str] = frozenset(
    {
        "file.partial_download",
        "file.locked",
        "file.empty",
        "file.truncated",
        "file.check_failed",
        "file.out_of_memory",
        "file.version_newer",
    }
)
# A file's warnings of the clerk's that do not stop the file being checked: not sent to its
# secretary either, but the feedback says all the rest (a name the office's download or copy
# gave the file: the secretary's own file may well have had its `.xlsx`; a byte-identical copy
# of a file, the office's own copy, ignored: `org.identical_copy`; a file of template 2026.1,
# which the office upgrades with “Nâng cấp” of its consolidation workbook and sends back to be
# completed, its secretary having no such workbook: `file.old_template`, hunt344 F1).
CLERK_NOTES: frozenset[str] = frozenset({"file.name_suffix", "org.identical_copy", "file.old_template"})
# A file of another period left among the submissions (hunt134 F2): the clerk moves it out of
# the folder. Its findings are of its own period, so no feedback is written for it, and it is no
# organisation's submission of the run.
OTHER_PERIOD_FILES: frozenset[str] = frozenset({"org.other_period_file", "org.old_file_unregistered"})

# Which normalisation code names a cell's warning when several changes hit one cell.
NORM_PRIORITY = (
    "norm.legacy_encoding",
    "norm.category",
    "norm.date_text",
    "norm.date_serial",
    "norm.number_text",
    "norm.none_mark",
    "norm.unicode",
    "norm.spaces",
    "norm.name_title",
    "norm.org_code",
)
# The reader's automatic corrections: a value understood and written clean, nothing to do but
# look when there is time. They are listed after every other warning (`Kiểm tra`, the JSON
# summary, the console) and counted apart in the run's last line, so that a warning needing a
# look is not lost among a thousand corrections.
CORRECTIONS: frozenset[str] = frozenset(NORM_PRIORITY)

# Rule-code prefix of each sheet (`member.required`, `event.bad_date`, ...).
SHEET_PREFIX: dict[str, str] = {}


def _init_prefixes() -> None:
    SHEET_PREFIX.update(
        {
            layout.SHEET_INFO: "info",
            layout.SHEET_MEMBERS: "member",
            layout.SHEET_EVENTS: "event",
            layout.SHEET_YEARS: "year",
        }
    )


_init_prefixes()


# The template's sheets in the order a secretary's file has them (and the clerk reads it), by
# the key the reader finds a sheet by (a sheet renamed "Dang vien" is still `Đảng viên`).
_SHEET_PLACE: dict[str, int] = {match_key(name): i for i, name in enumerate(layout.SHEET_ORDER, start=1)}
_CELL_PLACE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)")


@functools.lru_cache(maxsize=256)
def sheet_place(sheet: str | None) -> tuple[int, str]:
    """Sort key of a sheet in its file: an issue of no sheet first, then the template's sheets
    in the template's order (`layout.SHEET_ORDER`: `Thông tin`, `Đảng viên`, `Biến động`, `Số
    liệu năm`, …, not by name, where `Biến động` came before `Đảng viên`, hunt190 F5), then
    any other sheet, by name."""
    if sheet is None:
        return (0, "")
    place = _SHEET_PLACE.get(match_key(sheet))
    return (place, "") if place is not None else (len(_SHEET_PLACE) + 1, sheet)


def cell_place(cell: str | None) -> tuple[int, int]:
    """Sort key of a cell reference (the first cell of a range): row, then column; an issue of
    no cell (or not a cell reference) first."""
    m = _CELL_PLACE.match(cell.strip()) if cell else None
    if m is None:
        return (0, 0)
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return (int(m.group(2)), col)


def place_in_file(issue: Issue) -> tuple[Any, ...]:
    """Where an issue is in its file, as a clerk reads the file: by sheet (`sheet_place`), the
    sheet's automatic corrections (`CORRECTIONS`) after its other issues; those by row, then
    column (one issue per cell, as typed); the corrections one column after another, by the
    column's position in the sheet, then the row of the first cell each lists, then code, so
    that one column's rows are together and read down the column (each
    is one row per file, sheet, column and code that lists its cells: by the cell it links to,
    the first, they were interleaved with other columns', hunt190 F5). `Thông tin` lists one
    item per row: an item's position there is its row."""
    row, col = cell_place(issue.cell)
    correction = issue.code in CORRECTIONS
    sheet = sheet_place(issue.sheet)
    if correction and issue.sheet is not None and sheet != sheet_place(layout.SHEET_INFO):
        return (sheet, correction, col, row, issue.code)
    return (sheet, correction, row, col, "")


def issue_order_key(issue: Issue) -> tuple[Any, ...]:
    """The one order of a run's issues: the `Kiểm tra` sheet, the JSON summary's `issues`, the
    console, each organisation's feedback workbook. Errors first, then the warnings, the
    automatic corrections (`CORRECTIONS`) last; in each, the issues that explain many files'
    (`SAID_FIRST`), then the other issues of no file (the run's own: the history, a folder not
    read, an organisation that did not submit; a setting's, at its cell or not, `SETTING_OF`);
    then by file, and in a file by
    `place_in_file` (sheets in the template's order, …), then code."""
    own = issue.file is None or issue.code in SETTING_OF  # a setting's: the run's, of its cell
    return (
        0 if issue.is_error else 1,
        issue.code in CORRECTIONS,
        issue.code not in SAID_FIRST,
        not own,
        "" if own else issue.file or "",
        *place_in_file(issue),
        issue.code,
    )


def rule(code: str) -> Rule:
    return RULES[code]


def where_cell(sheet: str, row: int, header: str, cell: str, *, info: bool = False) -> str:
    """Location words of a message: `Dòng 12, cột "Ngày chính thức" (ô G12)`."""
    if info:
        return f"Mục \u201c{header}\u201d (sheet \u201c{sheet}\u201d, ô {cell})"
    return f"Dòng {row}, cột \u201c{header}\u201d (ô {cell})"


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


# Message parameters that can carry personal data: the cell's content, names, birth and other
# dates of a person, another row's name, and normalisation notes that quote what was typed.
# What a member typed or a date of theirs: hidden without personal data (`typed`: a header
# cell, which holds a member's row when the header was overwritten or left out, unless it
# holds one of the template's headers, `listed` in `is_personal`; `earliest`
# and `deadline`: the admission date plus a fixed span, which gives it away; `readmitted`: the
# date of a member's `Kết nạp lại` row).
PERSONAL_PARAMS = (
    "value", "name", "birth", "admission", "date", "other", "changes", "end", "typed", "earliest", "deadline",
    "readmitted",
)  # fmt: skip
HIDDEN = "[đã ẩn]"
# Member-level issues: the rules of a member's or an event's row, and any issue at a cell of
# the sheets that hold one row per person (an automatic correction, an error value, a header
# typed over with a member's row). Their values and personal parameters are masked unless
# member-level data is asked for; the other issues concern an organisation, a file, a folder,
# a year's counts or the run, and keep their values. A sheet is one of these whatever the case,
# spaces or Unicode form of its name, as the reader finds it (`toolkit.io.sheets.find_sheet`
# matches names by `match_key`): "Đảng Viên" or "Đảng viên " is read as the members' sheet,
# so its issues are a member's too.
PERSONAL_PREFIXES = ("member.", "event.")
PERSONAL_SHEETS = ("Đảng viên", "Biến động")  # layout.SHEET_MEMBERS, SHEET_EVENTS (tested)
_PERSONAL_SHEET_KEYS = frozenset(match_key(s) for s in PERSONAL_SHEETS)


# Rules that quote a cell's text as typed, on any sheet: a line under or inside a table, text
# in STT, a header typed over, a year or a count that is not one, a `Thông tin` value that is
# not what its cell takes. Such text is whatever a secretary typed there, often a member's name
# or rating ("1 (đ/c Lê Văn Cường)", "Ghi chú: đ/c … bị kỷ luật"), so when it is free text (it
# holds a letter, `is_free_text`) the issue is masked like a member's. A number, a date or a
# year typed wrong holds no one and is kept for the clerk (but not nine digits in a row, a
# phone or ID-card number: `holds_id_number`); so are the cell, the column, the
# expected header and a suggested dropdown value. An automatic correction (`CORRECTIONS`)
# quotes its cell as typed too: on `Thông tin` the Bí thư's or the Người lập biểu's name in an
# old font encoding or with a double space, a note typed beside it. It is masked likewise when
# its text holds a letter, unless the cell holds no one (`listed`: a dropdown's value such as
# "to dan pho" for `Tổ dân phố`, an organisation's code of the ward's list, a date or a count
# read from text such as "ngày 31/3/2026" or "5 người", the organisation's own code or name on
# `Thông tin`), decided by the cell's kind, not by guessing whether a text is a name.
FREE_TEXT_RULES = frozenset(
    {
        "file.trailer_rows",
        "file.heading_rows",
        "file.subtotal_rows",
        "cell.text_in_row_no",
        "file.header",
        "year.bad_year",
        "year.not_integer",
        "info.not_allowed",
        "info.bad_date",
        "info.prepared_bad_date",
    }
)


# Rules that quote the organisation name typed in `Thông tin` where it is not the registry's
# (`written`): every other output names the file's organisation by the registry's name (hunt249
# F3), and the name typed is often a note naming people ("Chi bộ Tổ dân phố số 9 (Bí thư Lê
# Văn A)"). The issue is masked like a member's, its `written` hidden; the code, the registry's
# name and the cell stay (hunt307 F1). `org.name_of_other` quotes a name typed that is another
# registry organisation's (the same key), which holds no one, and keeps it.
TYPED_ORG_NAME_RULES = frozenset({"org.name_differs"})
# Rules that quote the organisation code typed in `Thông tin` because the registry lacks it
# (`value`). A code is nobody's, and the clerk needs it as typed (`CB99`); but a secretary may
# have typed a person's name into that cell ("CB08 (Đặng Thai Mai)"): when the text does not
# look like a code (`text.looks_like_org_code`) the issue is masked like a member's, its value
# hidden, and the file's issues name no organisation code (`without_typed_codes`; hunt307 F2).
TYPED_ORG_CODE_RULES = frozenset({"org.unknown", "org.old_file_unregistered"})


def typed_codes(issues: Sequence[Issue]) -> set[str]:
    """The codes typed that do not look like one (a name), of the masked `TYPED_ORG_CODE_RULES`
    issues among `issues`."""
    return {i.org_code for i in issues if i.code in TYPED_ORG_CODE_RULES and i.personal and i.org_code}


def without_typed_codes(issues: Sequence[Issue], typed: set[str] | None = None) -> list[Issue]:
    """`issues` with no organisation code that a masked `TYPED_ORG_CODE_RULES` issue hides
    (`typed`: those of `typed_codes(issues)` when None): the code typed that does not look like
    one is every issue's `org_code` of its file (the `Kiểm tra` list's column, the JSON's), and
    is dropped from them all (hunt307 F2); any other issue quoting it as its organisation's (two
    files of it, `org.duplicate_file`; a copy, `org.identical_copy`) hides it as `HIDDEN`, its
    value too (review314)."""
    typed = typed_codes(issues) if typed is None else typed
    if not typed:
        return list(issues)
    forms = sorted({form for code in typed for form in (code, shown(code)) if form}, key=len, reverse=True)

    def hidden(text: str | None) -> str | None:
        if text is None:
            return None
        for form in forms:
            text = text.replace(form, HIDDEN)
        return text

    out = []
    for i in issues:
        message = hidden(i.message) or ""
        value = None if i.value is not None and hidden(i.value) != i.value else i.value
        if i.org_code in typed or message != i.message or value != i.value:
            code = None if i.org_code in typed else i.org_code
            i = replace(
                i, org_code=code, message=message, value=value, private_message=hidden(i.private_message)
            )
        out.append(i)
    return out


def is_free_text(text: str | None) -> bool:
    """Whether a quoted cell text is free text (words), not a number, a date or a year: it
    holds a letter, or a phone or ID-card number (`holds_id_number`)."""
    return text is not None and (any(ch.isalpha() for ch in text) or holds_id_number(text))


# Parameters personal in one rule only, with the text shown in their place (elsewhere they
# are not: `reason` says why a date could not be read in `member.bad_date`, but is a member's
# exemption reason below). An age is a span between a member's dates; a suggestion, a change
# type or a gender's age limit gives the hidden value away ("" drops a suggestion).
# The message without personal data of a rule whose masked parameters leave its template
# reading wrongly ("đảng viên đã [đã ẩn] tuổi (sinh [đã ẩn])", fix342): its own words, which
# drop the age and the birth date and keep the age it is over (`limit`, the rule's, nobody's).
# The age is masked at all because with the cut-off it gives the birth year away.
MASKED_TEMPLATES: dict[str, str] = {
    "member.age_implausible": (
        "Đến ngày chốt {cutoff} đảng viên đã quá {limit} tuổi. Hãy kiểm tra lại năm sinh."
    ),
    "member.age_impossible": (
        "Đến ngày chốt {cutoff} đảng viên đã quá {limit} tuổi, cao hơn tuổi của bất kỳ người nào đang "
        "sống. Năm sinh đã bị ghi nhầm (ví dụ 1905 thay cho 1950, hoặc ô ngày sinh chỉ ghi một phần năm); "
        "hãy sửa lại ngày sinh."
    ),
    "event.age_impossible": (
        "Đến {when}{date} người này đã quá {limit} tuổi, cao hơn tuổi của bất kỳ người nào đang sống. "
        "Năm sinh đã bị ghi nhầm (ví dụ 1905 thay cho 1950, hoặc ô ngày sinh chỉ ghi một phần năm); hãy "
        "sửa lại ngày sinh."
    ),
    "event.age_implausible": "Đến {when}{date} người này đã quá {limit} tuổi. Hãy kiểm tra lại năm sinh.",
    "member.youth_union_age": (
        "Ghi là đoàn viên nhưng đến ngày chốt {cutoff} đảng viên đã quá {limit} tuổi. Đoàn viên Đoàn TNCS "
        "Hồ Chí Minh thường từ 16 đến 30 tuổi (cán bộ Đoàn có thể hơn). Hãy kiểm tra ô này: nếu đảng viên "
        "không còn là đoàn viên, hãy chọn Không."
    ),
    "member.under_18": (
        "Vào Đảng khi chưa đủ 18 tuổi: người vào Đảng phải đủ 18 tuổi (tính theo tháng). Hãy kiểm tra "
        "ngày sinh và ngày vào Đảng."
    ),
    "member.admission_over_60": (
        "Vào Đảng khi đã quá 60 tuổi (tính theo tháng): kết nạp người trên 60 tuổi phải được cấp ủy cấp "
        "trên xem xét, quyết định. Hãy kiểm tra ngày sinh, ngày vào Đảng và quyết định kết nạp."
    ),
    "member.exempt_age": (
        "Miễn vì \u201c{reason}\u201d nhưng đến {when}{date} chưa đủ tuổi được miễn vì tuổi cao. "
        "Hãy kiểm tra lý do miễn."
    ),
}
RULE_PERSONAL_PARAMS: dict[str, dict[str, str]] = {
    "cell.part_struck": {"struck": HIDDEN},  # words of the cell's value
    "member.exempt_age": {"age": HIDDEN, "gender": HIDDEN, "limit": HIDDEN},
    "member.temporary_exemption_long": {"reason": HIDDEN},
    "member.youth_union_age": {"age": HIDDEN},
    "member.under_18": {"age": HIDDEN},
    "member.admission_over_60": {"age": HIDDEN},
    "member.age_implausible": {"age": HIDDEN},
    "member.age_impossible": {"age": HIDDEN},
    "event.age_impossible": {"age": HIDDEN},
    "event.age_implausible": {"age": HIDDEN},
    "event.before_party_founded": {"event": HIDDEN},
    "member.not_allowed": {"suggestion": ""},
    "event.not_allowed": {"suggestion": ""},
    "event.left_still_on_roll": {"event": HIDDEN},
    "event.left_still_on_roll_accents": {"event": HIDDEN, "other_name": HIDDEN},
    "event.joined_not_on_roll": {"event": HIDDEN},
    "event.left_after_cutoff_not_on_roll": {"event": HIDDEN},
    "event.joined_after_cutoff_on_roll": {"event": HIDDEN},
    "event.joined_not_on_roll_accents": {"event": HIDDEN, "other_name": HIDDEN},
    "event.joined_not_on_roll_ambiguous": {"event": HIDDEN},
    "event.ground_not_needed": {"found": HIDDEN},
    "event.probationary_contradicts": {"reason": HIDDEN},
    "event.scope_not_needed": {"found": HIDDEN},
    "event.no_transfer_scope": {"event": HIDDEN},
    # `who`: the person's name and birth date (the check gives its masked words); a grouped
    # warning's count of people gives its own words, the same.
    "event.internal_transfer_unmatched": {"event": HIDDEN, "other_event": HIDDEN, "who": HIDDEN},
    "event.internal_transfer_on_other_roll": {"event": HIDDEN, "other_event": HIDDEN},
    "event.internal_transfer_accents": {"event": HIDDEN, "other_event": HIDDEN, "other_name": HIDDEN},
    # `spelled`: the other side's name when it differs by marks (the caller gives its masked words).
    "event.transfer_scope_within_ward": {"event": HIDDEN, "other_event": HIDDEN, "spelled": HIDDEN},
    "member.name_without_accents": {"other_name": HIDDEN},
    "event.name_without_accents": {"other_name": HIDDEN},
    "event.transfer_dates_reversed": {
        "event": HIDDEN,
        "other_event": HIDDEN,
        "in_date": HIDDEN,
        "out_date": HIDDEN,
    },
    "event.transfer_scope_inferred": {"event": HIDDEN, "other_event": HIDDEN},
    "event.duplicate": {"event": HIDDEN},
    "event.duplicate_accents": {"event": HIDDEN, "other_name": HIDDEN},
    "event.left_twice": {"event": HIDDEN},
    "event.joined_twice": {"event": HIDDEN},
    "event.duplicate_other_file": {"event": HIDDEN},
    "event.left_in_other_file": {
        "event": HIDDEN,
        "on": HIDDEN,
        "whom": "người cùng ngày sinh, họ tên giống hoặc chỉ khác ở dấu",
    },
    "org.name_differs": {"written": HIDDEN},
    "event.moved_out_in_other_file": {
        "on": HIDDEN,
        "scope": HIDDEN,
        "whom": "người cùng ngày sinh, họ tên giống hoặc chỉ khác ở dấu",
    },
}
# A caller may give a parameter's masked text itself: `action_hidden="chọn lại nghề nghiệp"`
# is `action` in the masked message (an action that quotes a member's old occupation).
HIDDEN_SUFFIX = "_hidden"
# Parameters of the ward's cross-file rules that quote what ANOTHER submission wrote of the
# person (the date and scope of its change, its spelling of the name): a chi bộ's feedback is
# sent to that chi bộ alone, so with personal data it shows its own file's values but these
# masked, as the message without personal data masks them (the `_hidden` text, the rule's
# `RULE_PERSONAL_PARAMS` text, else `HIDDEN`). The other file's name and row, and the kind of
# change, stay: the chi bộ needs them to act ("tệp HD12 … ghi biến động “Từ trần”"). The office's
# own lists (`Kiểm tra`, the JSON, the console) keep every value. A rule whose parameter is
# another file's for some rows only takes it per row from its caller (`FEEDBACK_SUFFIX`).
OTHER_FILE_PARAMS: dict[str, frozenset[str]] = {
    "event.left_in_other_file": frozenset({"on", "whom"}),
    "event.moved_out_in_other_file": frozenset({"on", "scope", "whom"}),
    "event.duplicate_other_file": frozenset({"other"}),
    "event.internal_transfer_accents": frozenset({"other_name"}),
    "event.transfer_scope_within_ward": frozenset({"spelled"}),
}
# A caller may give a parameter's text in its submission's feedback itself (`other_name_feedback`:
# `HIDDEN` where the other name is another file's, the name where it is the file's own).
FEEDBACK_SUFFIX = "_feedback"


def leaves_cell_unread(code: str) -> bool:
    """Whether the reader's issue `code` means its cell's value was not read (an error value,
    a number out of any range, a formula without a saved value, a date it could not read): the
    cell is empty to the checks."""
    return code in _UNREAD_CELL_CODES or code.endswith(".bad_date")


_UNREAD_CELL_CODES = frozenset(
    {
        "cell.error_value",
        "cell.out_of_range",
        "cell.formula_no_value",
        "info.prepared_bad_date",
        "info.unused_error_value",
        "info.unused_formula_no_value",
        "info.org_name_error_value",
        "info.org_name_formula_no_value",
    }
)


def is_personal(
    code: str, sheet: str | None, value: str | None = None, *, listed: bool = False, person: bool = False
) -> bool:
    """Whether an issue of rule `code` at `sheet` (the sheet's name as typed in the file),
    quoting cell text `value`, holds member-level data: a member's or a change's rule, a cell
    of the sheets of one row per person, or free text a rule quotes as typed on any sheet
    (`FREE_TEXT_RULES`, and an automatic correction, `CORRECTIONS`, of a cell whose value is
    not one of a list: `listed` says the correction read it as a dropdown's value, an
    organisation's code, a date or a number, or that it is the organisation's code, which
    hold no one (the organisation's name typed is free text, shown again where the name is
    shown anyway: `attribution.show_org_names_read`); for `file.header`, that the header
    found is one of the template's, or the cell is empty, which holds no one even on a
    member's sheet; `person`: the cell is one
    that holds a person whatever its text, as the `Thông tin` cells `Bí thư`, `Điện thoại`,
    `Người lập biểu`: a phone number corrected holds no letter, and is the Bí thư's); and a
    rule that quotes the organisation name typed where it is not the registry's
    (`TYPED_ORG_NAME_RULES`), or a code the registry lacks that does not look like a code
    (`TYPED_ORG_CODE_RULES`)."""
    if person:
        return True
    if code == "file.header" and listed:  # a header of the template, or none: no one's
        return False
    return (
        code.startswith(PERSONAL_PREFIXES)
        or code in TYPED_ORG_NAME_RULES
        or (code in TYPED_ORG_CODE_RULES and value is not None and not looks_like_org_code(value))
        or (sheet is not None and is_personal_sheet(sheet))
        or (code in FREE_TEXT_RULES and is_free_text(value))
        or (code in CORRECTIONS and (not listed or holds_id_number(value)) and is_free_text(value))
    )


@functools.lru_cache(maxsize=256)
def is_personal_sheet(sheet: str) -> bool:
    """Whether the reader reads sheet `sheet` (its name as typed) as one of the sheets of one
    row per person: by the key it finds a template's sheet by (`find_sheet`)."""
    return sheet in PERSONAL_SHEETS or match_key(sheet) in _PERSONAL_SHEET_KEYS


# Longest text a message parameter other than the value may quote (file lists, change notes).
MAX_PARAM_CHARS = 600
# Files a message names one by one (`named_files`), as the lists of `WHOLE_VALUE_CODES` name
# the first few organisations and say how many there are.
MAX_NAMED_FILES = 5


def named_files(labels: Sequence[str]) -> str:
    """The other files a message names (“a.xlsx (dòng 4), b.xlsx (dòng 9) và 13 tệp khác”), one
    label a file: the first `MAX_NAMED_FILES` whole, as many as fit in `MAX_PARAM_CHARS` with
    the count of the rest (at least one), then how many more. Joined whole and cut by `shown`,
    a card number shared by twenty files ended inside a file name, “… (+13.143 ký tự)”
    (hunt279 N2)."""
    tail = len(" và 99.999 tệp khác")
    named: list[str] = []
    size = 0
    for label in labels[:MAX_NAMED_FILES]:
        size += len(label) + (2 if named else 0)
        if named and size + tail > MAX_PARAM_CHARS:
            break
        named.append(label)
    more = len(labels) - len(named)
    return ", ".join(named) + (f" và {number(more)} tệp khác" if more else "")


# Parameters that are the tool's own words around a file name, never a cell's or a file's
# content, kept whole (control characters still escaped): the roll-up's refusal of a ward's file
# (`SummaryError.message_vi`) gives the commands to run with the history's full path, and cut at
# `MAX_PARAM_CHARS` it ended mid-command in "… (+7 ký tự)" (review222 M2).
# The same of every parameter that gives the commands of `core.commands` (each with the
# history's full path, and several of them in one advice): the opening check's advice to mend a
# record typed from last year's forms (remove it, add its workbook again) was cut mid-command in
# a folder some levels deep (stop 75).
WHOLE_PARAMS: dict[str, frozenset[str]] = {
    "rollup.unreadable": frozenset({"reason"}),
    # A member's name and birth date, each capped as its own parameter would be.
    "event.internal_transfer_unmatched": frozenset({"who"}),
    "form.ward_opening_unchecked": frozenset({"advice"}),
    "form.ward_opening_no_org_figures": frozenset({"merged"}),
    "form.previous_other_orgs": frozenset({"advice"}),
    "form.previous_no_common_orgs": frozenset({"advice"}),
    "form.previous_other_period": frozenset({"advice"}),
    "history.trend_no_common_orgs": frozenset({"advice"}),
    "history.other_ward_name": frozenset({"advice"}),
    "history.incomplete_ward_name": frozenset({"advice"}),
    "history.previous_one_former_ward": frozenset({"exports", "command"}),
    "history.other_ward_names": frozenset({"exports", "command"}),
}
# What a parameter of `WHOLE_PARAMS` is still cut at: kept whole, a ward name typed at length (a
# cell's paragraph pasted into the .xlsm's ward name, a JSON summary's `ward_name`) made the
# rename or merge command, and so the message, as long as the name (review247: last year's
# record under a name of 32,000 characters, `history.other_ward_name` of 34,000; 66,000 with
# both names so long). Longer than any advice of a real history: 1,355 characters for a history
# 330 characters deep beside the office launchers.
MAX_WHOLE_PARAM_CHARS = 5 * MAX_PARAM_CHARS


def _safe_params(params: dict[str, Any], whole: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Message parameters with control characters escaped and long texts capped: a cell or a
    file name must not write escape sequences to a terminal or a page-long message (those named
    in `whole` are capped at `MAX_WHOLE_PARAM_CHARS`, which no command of a real history reaches)."""
    return {
        k: shown(v, MAX_WHOLE_PARAM_CHARS if k in whole else MAX_PARAM_CHARS) if isinstance(v, str) else v
        for k, v in params.items()
    }


# Codes whose value is data a roll-up's outputs read back (`toolkit.stats.coverage`: every one
# of a ward's organisations, with its date or years), not only the words of a message: kept
# whole by `make_issue` (the message names the first few and says how many), shortened only
# where it is shown (`shown_value`). Cut at `MAX_SHOWN_CHARS`, a ward's sixth organisation
# was lost to the roll-up's forms, report and `Tổng hợp`.
WHOLE_VALUE_CODES = frozenset(
    {
        "rollup.late_start_ward",
        "rollup.year_missing_ward",
        "rollup.year_unrated_ward",
        "form.previous_other_orgs",
        "form.previous_no_common_orgs",
        "history.trend_no_common_orgs",
        "form.previous_other_ward",
        "history.trend_other_ward",
    }
)


def shown_value(issue: Issue) -> str | None:
    """An issue's value as a list of issues shows it: at most `MAX_SHOWN_CHARS` characters
    (`make_issue` already capped every value but those of `WHOLE_VALUE_CODES`)."""
    if issue.value is None or issue.code not in WHOLE_VALUE_CODES:
        return issue.value
    return shown(issue.value)


def make_issue(
    code: str,
    *,
    file: str | None = None,
    org_code: str | None = None,
    sheet: str | None = None,
    cell: str | None = None,
    column: str | None = None,
    value: Any = None,
    where: str | None = None,
    listed: object = False,  # `object`: callers spread `**params` dicts of texts here
    person: object = False,
    group_cells: object = (),  # a list or tuple of cells; `object` for the same reason
    **params: Any,
) -> Issue:
    """An Issue of a catalogued rule; the message is `where: body` (`listed`: true when the
    cell holds no one: a dropdown's value, an organisation's code, a date or a number
    read, see `is_personal`; `person`: true when the cell holds a person whatever its text;
    `group_cells`: every cell a grouped issue stands for, `Issue.group_cells`)."""
    r = RULES[code]
    # The value as quoted: capped, control and invisible characters made visible; a value that
    # is data read back (`WHOLE_VALUE_CODES`) is kept whole, and capped where it is shown.
    limit = sys.maxsize if code in WHOLE_VALUE_CODES else MAX_SHOWN_CHARS
    text_value = None if value is None else shown(value, limit)
    overrides = {
        k.removesuffix(HIDDEN_SUFFIX): params.pop(k) for k in [k for k in params if k.endswith(HIDDEN_SUFFIX)]
    }
    in_feedback = {
        k.removesuffix(FEEDBACK_SUFFIX): params.pop(k)
        for k in [k for k in params if k.endswith(FEEDBACK_SUFFIX)]
    }
    fields = _Blank(_safe_params(params, WHOLE_PARAMS.get(code, frozenset())))
    fields.setdefault("value", text_value or "")
    fields.setdefault("sheet", terminal_safe(sheet or ""))
    fields.setdefault("cell", cell or "")
    fields.setdefault("column", terminal_safe(column or ""))
    template = r.button_template if _BUTTON_RUN.get() else r.template
    body = template.format_map(fields)
    if where:
        where = terminal_safe(where)
    message = f"{where}: {body}" if where else body
    private = None
    personal = is_personal(code, sheet, text_value, listed=listed is True, person=person is True)
    masked = {k: HIDDEN for k in PERSONAL_PARAMS if fields.get(k)}
    masked |= {k: v for k, v in RULE_PERSONAL_PARAMS.get(code, {}).items() if fields.get(k)}
    masked |= {k: v for k, v in _safe_params(overrides).items() if fields.get(k)}
    if personal and masked:
        hidden = _Blank({**fields, **masked})
        if masked.get("changes") == HIDDEN:  # a correction's note: what was done, not the values
            hidden["changes"] = f"{r.title} (giá trị {HIDDEN})"
        private_body = MASKED_TEMPLATES.get(code, template).format_map(hidden)
        private = f"{where}: {private_body}" if where else private_body
    foreign = {k: masked.get(k, HIDDEN) for k in OTHER_FILE_PARAMS.get(code, ()) if fields.get(k)}
    foreign |= {k: v for k, v in _safe_params(in_feedback).items() if fields.get(k)}
    feedback_masks = tuple(
        sorted(
            {(str(fields[k]), str(v)) for k, v in foreign.items() if personal and str(v) != str(fields[k])},
            key=lambda pair: -len(pair[0]),
        )
    )
    return Issue(
        code=code,
        severity=r.severity,
        message=message,
        file=file,
        org_code=org_code,
        sheet=sheet,
        cell=cell,
        column=column,
        value=text_value,
        private_message=private,
        personal=personal,
        feedback_masks=feedback_masks,
        group_cells=tuple(str(c) for c in group_cells) if isinstance(group_cells, (list, tuple)) else (),
    )


def suggestion_text(label: str | None) -> str:
    return f" (có phải \u201c{label}\u201d?)" if label else ""


def suggestions_text(labels: Sequence[str]) -> str:
    """`suggestion_text` of several labels: ` (có phải “HD1” hay “HD01”?)`."""
    if len(labels) < 2:
        return suggestion_text(labels[0] if labels else None)
    quoted = " hay ".join(f"\u201c{label}\u201d" for label in labels)
    return f" (có phải {quoted}?)"


def rules_markdown() -> str:
    """The `docs/rules.md` table."""
    lines = [
        "# Validation rules",
        "",
        "Generated from `toolkit/core/rules.py` (`uv run python -m toolkit.core.rules > docs/rules.md`); "
        "a test keeps this file in step with the catalogue.",
        "",
        "Severity `Lỗi` (error): the submission is not consolidated. `Cảnh báo` (warning): "
        "consolidated, but shown. Messages name the row, column header and cell; `{...}` fields "
        "are filled in per issue.",
        "",
        "Automatic corrections (`norm.*`) and the other warnings about how a column's cells were "
        "typed (`member.card_as_number`, `member.not_integer`, `event.not_integer`, "
        "`cell.part_struck`, `cell.volatile_formula`, `cell.external_formula`) are one warning "
        "per file, sheet, column and code: a single cell is named with its value; several are one "
        "warning at the first of them, whose message gives their number, their cell ranges and "
        "the first as an example. So are the "
        "moves inside the ward without their other side (`event.internal_transfer_unmatched`) of "
        "one file and kind of change (all its `Chuyển đến`, all its `Chuyển đi`): one alone names "
        "the person; several are one warning at the first row, giving how many people, their cell "
        "ranges and dates, and naming nobody. Errors are reported one per cell.",
        "",
        "On `Đảng viên` and `Biến động`, and for every `member.*` and `event.*` rule, the value and "
        "the personal fields of a message (the cell's content, names, a person's dates, and in some "
        "rules what gives them away: an age, an exemption reason, a change type, a suggestion) read "
        "`[đã ẩn]` unless member-level data is asked for (`--personal-data`, the `PersonalData` "
        "setting); a correction's message then names what was done instead of its example. So do "
        "the value and the quoted text of "
        + ", ".join(f"`{c}`" for c in sorted(FREE_TEXT_RULES))
        + " on any sheet when it is free text (it holds a letter: a note or a name a secretary "
        "typed; or nine digits or more in a row, a phone or ID-card number), not a number, a date "
        "or a year typed wrong; and of an automatic correction "
        "(`norm.*`) of free text on any sheet (a name on `Thông tin`), unless the cell holds no "
        "one (a dropdown's value, an organisation's code, its name where that name is shown anyway, "
        "a date or a count read from "
        "text such as “ngày 31/3/2026”, but never a phone or ID-card number).",
        "",
        "| Code | Severity | Rule | Message template |",
        "|---|---|---|---|",
    ]
    for r in _RULES:
        template = r.template.replace("|", "\\|")
        lines.append(f"| `{r.code}` | {SEVERITY_LABEL[r.severity]} | {r.title} | {template} |")
    lines += [
        "",
        "## A button's wording",
        "",
        "The templates above are the command line's. A run of the consolidation workbook's buttons "
        "(`Kiểm tra`, `Tổng hợp`…) names the cell of sheet `Điều khiển`, never a command-line option "
        "or command its clerk has never seen; these rules say so in other words there "
        "(`Rule.button_template`):",
        "",
        "| Code | A button's message template |",
        "|---|---|",
    ]
    for r in _RULES:
        if r.button_template != r.template:
            template = r.button_template.replace("|", "\\|")
            lines.append(f"| `{r.code}` | {template} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(rules_markdown(), end="")
