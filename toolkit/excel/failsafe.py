"""The last net of the Excel buttons: a failure always ends as a Vietnamese message.

`toolkit.excel.book.action` catches what a button's work raises; this module reports it
with as little machinery as possible, because the failure may be the machinery itself: an
import that fails (a broken or partial installation), the `Kiểm tra` sheet that cannot be
written, or no calling book at all. It imports only the standard library at module level.

- With a book: the status cell says the run failed (coloured when that still works), and
  the failure becomes the one row of the `Kiểm tra` sheet: the previous press's list is
  emptied, never left to read as this press's (fix367); if writing that row fails, the status
  cell still says the run failed, and why the row is missing. A failed `Tổng hợp` press then
  puts a line on top of each result sheet the previous good press left, saying they are that
  run's (`book.mark_previous_results`, fix371), but for those the press had begun to replace
  itself, and the status cell, written again, says which it kept and marked
  (`book.kept_sentence`, fix384). A status cell that cannot take
  the message (its name gone, its sheet protected) leaves it to the row and to xlwings' error
  dialog, as below.
- Without a book (`xw.Book.caller()` or `import xlwings` failed): the message goes to stderr
  and Python exits with status 1, so xlwings shows it in its error dialog. VBA reads that
  log in the system's ANSI code page, so the text is written without diacritics.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Collection
from typing import Any, NoReturn

STATUS_NAME = "Status"  # the workbook-level name of the status cell
TEXT_PREFIX = "'"  # Excel stores what follows as text: never a formula, number or date
FAILED = "KHÔNG THÀNH CÔNG."
FAILURE_CODE = "excel.failed"
# How a press that failed after it had written something says it stopped, before what it wrote
# (`toolkit.core.errors.failure_sentence`; the command line says "Lệnh đã dừng vì lỗi này").
PRESS_STOPPED = "Lần bấm nút này đã dừng vì lỗi trên"


def failure_message(exc: BaseException) -> str:
    """A Vietnamese sentence for `exc` (`toolkit.core.errors.user_message`: an import that fails
    is a broken installation, as on the command line); never raises."""
    try:
        from toolkit.core.errors import user_message

        return user_message(exc)
    except BaseException:  # noqa: BLE001 - even the message must not fail
        pass
    if isinstance(exc, MemoryError) or "failed to map segment" in str(exc):  # as `out_of_memory`
        return (
            "Máy tính không đủ bộ nhớ để chạy tiếp. Hãy đóng bớt các chương trình khác rồi chạy lại; "
            "nếu đợt này có rất nhiều tệp, hãy chạy với ít tệp hơn mỗi lần."
        )
    if isinstance(exc, ImportError) or _load_failed(exc):  # toolkit.core.errors is what is broken: its words
        cause = _import_cause(exc) if isinstance(exc, ImportError) else _load_cause(exc)
        return (
            f"Bộ cài đặt ward-stats bị thiếu hoặc hỏng ({cause}). Hãy chạy lại "
            "cai_dat.cmd của bộ cài đặt; nếu vẫn lỗi, gửi thông báo này cho người hỗ trợ kỹ thuật."
        )
    return f"Lỗi không mong đợi trong chương trình ({_unexpected_cause(exc)})."


def _import_cause(exc: ImportError) -> str:
    """`toolkit.core.errors.import_cause` with the standard library alone: the import's type and
    text, the file it names by its name alone and the user's home folder as "~" (review207: a
    Windows user's folder is often the clerk's own name)."""
    text = str(exc)
    try:
        path = getattr(exc, "path", None)
        if isinstance(path, str) and path:
            text = text.replace(path, os.path.basename(path))
        home = os.path.expanduser("~")
        if len(home) > 1 and home not in (os.sep, "~"):
            if os.name == "nt":
                import re

                text = re.sub(re.escape(home), "~", text, flags=re.IGNORECASE)
            else:
                text = text.replace(home, "~")
    except BaseException:  # noqa: BLE001 - even the message must not fail
        pass
    return f"{type(exc).__name__}: {text}"


def _load_failed(exc: BaseException) -> bool:
    """`toolkit.core.errors.load_failed` with the standard library alone, for when that module
    is what is broken (a damaged file, h205): a `SyntaxError` of a `.py` file, or an error
    raised inside `importlib` (a damaged `.pyc`)."""
    try:
        if isinstance(exc, SyntaxError):
            # None: NUL bytes (Python names no file)
            return exc.filename is None or os.path.splitext(exc.filename)[1].lower() in (".py", ".pyw")
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.startswith("<frozen importlib"):
                return True
            tb = tb.tb_next
    except BaseException:  # noqa: BLE001 - even the message must not fail
        pass
    return False


def _load_cause(exc: BaseException) -> str:
    """`toolkit.core.errors.load_cause` with the standard library alone: a `SyntaxError`'s
    type, file (its path from the package's folder, its name alone outside it) and line; else
    `_unexpected_cause`. Never its text."""
    if not isinstance(exc, SyntaxError) or not exc.filename:
        return _unexpected_cause(exc)
    try:
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        path = os.path.abspath(exc.filename)
        inside = os.path.normcase(path).startswith(os.path.normcase(root) + os.sep + "toolkit" + os.sep)
        where = os.path.relpath(path, root).replace(os.sep, "/") if inside else os.path.basename(path)
    except BaseException:  # noqa: BLE001 - even the message must not fail
        where = os.path.basename(exc.filename)
    line = f":{exc.lineno}" if exc.lineno else ""
    return f"{type(exc).__name__} tại {where}{line}"


def _unexpected_cause(exc: BaseException) -> str:
    """`toolkit.core.errors.unexpected_cause` with the standard library alone, for when that
    module is what is broken: the error's type and the innermost frame of its traceback in the
    `toolkit` package ("RuntimeError tại toolkit/stats/grouped.py:160"), never its text, which
    may quote a member's data (review197); the type alone when that cannot be had."""
    name = type(exc).__name__
    try:
        package = os.path.normcase(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        found = None
        tb = exc.__traceback__
        while tb is not None:
            path = os.path.normcase(os.path.abspath(tb.tb_frame.f_code.co_filename))
            if path.startswith(package + os.sep):
                rel = os.path.relpath(path, os.path.dirname(package)).replace(os.sep, "/")
                found = f"{rel}:{tb.tb_lineno}"
            tb = tb.tb_next
        return name if found is None else f"{name} tại {found}"
    except BaseException:  # noqa: BLE001 - even the message must not fail
        return name


def press_failure_message(exc: BaseException) -> str:
    """What a press that failed with `exc` says, as the command line does
    (`toolkit.core.errors.failure_sentence`): the message, then what the press had written or
    recorded before it failed, or, for an unexpected error while an output was made, that the
    old outputs are kept (fix183: the buttons said only `failure_message`). `failure_message`
    when that cannot be had (`toolkit.core.errors` itself broken); never raises."""
    try:
        from toolkit.core.errors import failure_sentence

        return failure_sentence(exc, PRESS_STOPPED)
    except BaseException:  # noqa: BLE001 - even the message must not fail
        return failure_message(exc)


# The status cell's row (`Điều khiển`, B:C merged, 44 + 80 character widths): Excel does not fit
# a merged cell's height to its text, and the template's 48 points show about 3½ lines. A first
# press that starts a history says about 1,400 characters, the way to last year's figures
# (`history import`) near the end, out of sight (review222 M1). The row is made as tall as the
# text needs, at about 110 characters a line (build.py's 140 for A:C, by width), up to a height
# that still leaves the buttons on the screen; a longer text is read whole in the formula bar.
STATUS_HEIGHT = 48.0  # points: the template's, kept for a short status
STATUS_LINE_CHARS = 110
STATUS_LINE_POINTS = 15.0
STATUS_MAX_HEIGHT = 330.0  # 22 lines


def status_height(text: str) -> float:
    """The status row's height for `text`: its lines at `STATUS_LINE_CHARS` characters (each
    line break a line of its own), at least the template's, at most `STATUS_MAX_HEIGHT`."""
    lines = sum(max(1, -(-len(part) // STATUS_LINE_CHARS)) for part in text.split("\n"))
    return min(STATUS_MAX_HEIGHT, max(STATUS_HEIGHT, lines * STATUS_LINE_POINTS + 3))


def fit_status_row(cell: Any, text: str) -> None:
    """Make the status cell's row as tall as `text` needs (`status_height`); a book that refuses
    it keeps its height: the text is in the cell all the same."""
    try:
        cell.row_height = status_height(text)
    except BaseException:  # noqa: BLE001 - the height is only how much of it shows
        pass


def write_status_text(book: Any, text: str) -> bool:
    """Put `text` into the status cell, value only, its row fitted to it (`fit_status_row`);
    True when it was written."""
    try:
        cell = book.names[STATUS_NAME].refers_to_range
        cell.value = TEXT_PREFIX + text
    except BaseException:  # noqa: BLE001 - the book itself is unusable; nothing more to do
        return False
    fit_status_row(cell, text)
    return True


def report_failure(
    book: Any, action: str, exc: BaseException, note: str | None = None, replaced: Collection[str] = ()
) -> None:
    """Status cell and `Kiểm tra` rows for a failed button press; never raises but SystemExit.

    The rows are the issues that explain the failure when it carries any (a registry's
    problems, each at its cell), else one `excel.failed` row; nothing of the previous press's
    list stays (its members' values included, though PersonalData now says Không). Each is
    written without the other: a
    status cell that refuses its colour still gets the text, one that is gone or refuses the
    text too leaves the rows. When the status cell did not get the message, it goes to
    xlwings' error dialog as well (`exit_with_message`): the clerk is looking at that cell.
    `note`: the wrong setting cells the press had set aside before it failed
    (`book.set_aside_note`), said after the failure as a press that succeeds says it. The
    message says, as the command line does, what the press had written or recorded before it
    failed (`press_failure_message`). A failed `Tổng hợp` press then marks the result sheets the
    previous good press left, not those it had begun to replace itself (`replaced`, fix384),
    and says them in the status cell, written again (`book.kept_sentence`, fix384): the clerk
    reads there that the sheets are kept, not this press's."""
    message = press_failure_message(exc)
    base = " ".join(message.split())  # one line: a cell shows a newline, an issue escapes it
    headline = base
    said = listed = False
    try:
        from toolkit.core.model import SettingsBook
        from toolkit.core.rules import at_setting_cells, make_issue
        from toolkit.excel import book as xlbook
        from toolkit.outputs.sheets import SHEET_ISSUES

        panel = xlbook.Panel(book, action)
        panel.note = note
        issues = list(getattr(exc, "issues", None) or [])
        if issues:
            headline += f" Xem sheet \u201c{SHEET_ISSUES}\u201d."
        else:
            issues = [make_issue(FAILURE_CODE, action=action, reason=headline)]

        def say(text: str) -> bool:
            try:
                panel.status(text, xlbook.ERROR_COLOR)
                return True
            except BaseException:  # noqa: BLE001 - a cell refusing colours still takes the text
                return write_status_text(book, " ".join([f"{action}: {text}", *([note] if note else [])]))

        said = say(f"{FAILED} {headline}")
        own = xlbook.book_file(book)  # a registry's rows link to the book's cells (fix397)
        paths = {}
        if own is not None:
            issues = at_setting_cells(issues, SettingsBook(file=own[0], path=own[1]))
            paths = {own[0]: own[1]}
        xlbook.write_issue_sheet(book, issues, after=panel.results_anchor(), failed=action, paths=paths)
        listed = True
        try:  # the previous run's result sheets, said to be its (fix371); never hides the failure
            marked = xlbook.mark_previous_results(book, action, replaced=replaced)
            if marked and said:  # and the status cell says they are kept (fix384)
                say(f"{FAILED} {headline} {xlbook.kept_sentence(marked)}")
        except BaseException:  # noqa: BLE001 - the status and the list say the failure already
            pass
    except BaseException as second:  # noqa: BLE001 - the handler failed: keep the failure visible
        why = failure_message(second)
        said = write_status_text(book, f"{action}: {FAILED} {message} (Không ghi được danh sách lỗi: {why})")
    if not said:
        exit_with_message(action, f"{base} Xem sheet \u201cKiểm tra\u201d." if listed else base)


_ASCII_PUNCTUATION = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u2013": "-",
        "\u2026": "...",
        "\u2192": "->",
        "đ": "d",
        "Đ": "D",
    }
)


def ascii_text(text: str) -> str:
    """Vietnamese without diacritics (đ -> d, curly quotes -> straight ones): readable in any
    Windows code page."""
    decomposed = unicodedata.normalize("NFD", text.translate(_ASCII_PUNCTUATION))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.encode("ascii", "replace").decode("ascii")


def exit_without_book(action: str, exc: BaseException) -> NoReturn:
    """No calling book to write to: tell the clerk through xlwings' error dialog and stop. The
    connection error is said by its type (and its place in the toolkit, if any:
    `_unexpected_cause`), never its text: a COM error's names the workbook, whose path holds the
    clerk's user name (review207)."""
    if isinstance(exc, ImportError) or _load_failed(exc):  # xlwings itself missing or damaged
        reason = failure_message(exc)
    else:
        reason = (
            f"Python không kết nối được với Excel ({_unexpected_cause(exc)}). Hãy lưu và đóng "
            "Excel, mở lại tệp rồi bấm lại nút. Nếu vẫn lỗi, dùng tệp .cmd cùng tên (không cần "
            "macro) và gửi thông báo này cho người hỗ trợ kỹ thuật."
        )
    exit_with_message(action, reason)


def exit_with_message(action: str, reason: str) -> NoReturn:
    """The book cannot show the failure: say it through xlwings' error dialog and stop (a
    non-zero exit makes `RunPython` show what was written to stderr)."""
    print(ascii_text(f"{action}: {FAILED} {reason}"), file=sys.stderr)
    sys.exit(1)
