"""Where a table the template puts at A1 was moved to, when its header is not in place.

Secretaries often type a title above a list ("DANH SÁCH ĐẢNG VIÊN CHI BỘ …"), insert a column
before it, or insert columns into it ("Quê quán", "Điện thoại") or delete some. Each header
cell is then wrong, and a header error at every cell (21 on `Đảng viên`) does not say what
happened. This module finds the template's header elsewhere: one error then names the rows or
the columns to delete (never cells holding the template's headers at their own places), or,
when the rows above the header are filled like the list's rows (a list sorted together with
its header row), says to move the header back to row 1 and never to delete them.
The sheet is still not read (its cells are not where the template, and every message about
them, puts them).

`rows` are calamine's rows from A1. A data sheet's header runs across its first row (`down`
false); `Thông tin`'s labels run down its column A (`down` true).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from toolkit.core.layout import get_column_letter
from toolkit.core.text import shown
from toolkit.io.cells import is_blank
from toolkit.io.normalize import cell_text

# How far a moved table is looked for: rows above it, columns to its left.
MAX_ROWS_ABOVE = 20
MAX_COLUMNS_LEFT = 10
# How many columns (`Thông tin`: rows) inserted into a table, or deleted from it, together are
# recognised as such.
MAX_INSERTED = 10


@dataclass(frozen=True)
class Moved:
    """A moved table: the cell the issue points at, what happened and what to do."""

    cell: str
    how: str
    fix: str


def _span(first: int, last: int, what: str) -> str:
    """`dòng 1`, `dòng 1–2`; `cột A`, `cột A–B`."""
    return f"{what} {first}" if first == last else f"{what} {first}\u2013{last}"


def _columns(first: int, last: int) -> str:
    a, b = get_column_letter(first), get_column_letter(last)
    return f"cột {a}" if a == b else f"cột {a}\u2013{b}"


def find_moved_table(
    rows: Sequence[Sequence[Any]], headers: Sequence[str], key: Callable[[str], str], *, down: bool
) -> Moved | None:
    """The template's `headers` (compared by `key`) found away from A1, or one of them inserted
    or deleted in place; None when nothing explains the wrong header better than cell by cell."""
    expected = [key(h) for h in headers]
    width = len(expected)

    def at(r: int, c: int) -> str:
        """The key of the cell at 0-based row `r`, column `c`."""
        if r >= len(rows) or c >= len(rows[r]):
            return ""
        return key(cell_text(rows[r][c]) or "")

    def line(r: int, c: int, n: int) -> list[str]:
        """`n` keys from (r, c) along the header's direction."""
        return [at(r + i, c) if down else at(r, c + i) for i in range(n)]

    def score(r: int, c: int) -> int:
        return sum(found == want for found, want in zip(line(r, c, width), expected, strict=True))

    at_origin = score(0, 0)
    if at_origin == width:
        return None
    in_place = _inserted_or_deleted(line(0, 0, width + MAX_INSERTED), expected, headers, down=down, rows=rows)
    if in_place is not None:
        return in_place
    if 2 * at_origin >= width:
        return None  # the header is in place with some cells changed: said cell by cell
    # Headers of the template at their own places (row 1, or `Thông tin`'s column A): the cells
    # a move would have the secretary delete must not hold them (hunt169 F1, F2: two columns
    # inserted at F, the best place was two columns right and "xóa cột A–B" deleted STT and Họ
    # và tên). A prefix in place is a table that did not move; not recognised as columns
    # inserted or deleted above, it is said cell by cell rather than wrongly.
    home = [
        i for i, (found, want) in enumerate(zip(line(0, 0, width), expected, strict=True)) if found == want
    ]
    best, where = at_origin, (0, 0)
    for r in range(MAX_ROWS_ABOVE + 1):
        for c in range(MAX_COLUMNS_LEFT + 1):
            if (r, c) != (0, 0):
                s = score(r, c)
                if s > best:
                    best, where = s, (r, c)
    if where != (0, 0) and best >= max(2, (width + 1) // 2):
        r, c = where
        along, across = (r, c) if down else (c, r)
        if any(across or i < along for i in home):
            return None
        # What is typed in columns inserted left of a data sheet's list is not lost unasked.
        keep = _keep_left(c, headers[-1]) if not down and c and _data_left(rows, r, c) else ""
        if not down and r and _data_rows_above(rows, r, c, width):
            return _among_data(r, c, keep, _data_below(rows, r, c, width))
        return _moved(r, c, down=down, keep=keep)
    if not down and at_origin == 0:
        # A list sorted with its header puts the header anywhere in it: looked for further down
        # (its first two cells first, so a long sheet costs two looks a row), never "deleted".
        need = max(2, (width + 1) // 2)
        for r in range(MAX_ROWS_ABOVE + 1, len(rows)):
            if (at(r, 0) == expected[0] or at(r, 1) == expected[1]) and score(r, 0) >= need:
                if _data_rows_above(rows, r, 0, width):
                    return _among_data(r, 0, "", _data_below(rows, r, 0, width))
                break
    if at_origin == 0 and width > 1:
        return _no_header(line(0, 0, width), down=down)
    return None


def _no_header(found: list[str], *, down: bool) -> Moved:
    """Not one of the template's headers in its place, nor anywhere near: the header row (the
    labels) emptied, overwritten or deleted. One error, not one per cell."""
    if down:
        what, place, fix = "Cột A", "các mục", "chép lại cột A (tên các mục) từ biểu mẫu gốc"
    else:
        what, place, fix = "Dòng 1", "dòng tiêu đề", "chép lại dòng tiêu đề từ biểu mẫu gốc vào dòng 1"
    if any(found):
        how = (
            f"{what} không có tiêu đề nào của biểu mẫu: có lẽ {place} đã bị xóa hoặc bị ghi đè "
            "bằng nội dung khác."
        )
        fix = fix.replace("chép lại", "chèn lại", 1) if not down else fix
    else:
        how = f"{what} đang trống: {place} của biểu mẫu đã bị xóa."
    return Moved("A1", how, fix)


# A row above a data sheet's header holding at least this many values in the table's columns
# is a data row, not a title: a title block fills one or two cells a line (the title; "ĐẢNG BỘ
# PHƯỜNG …" beside "ĐẢNG CỘNG SẢN VIỆT NAM"), every member, change and year row of the
# template at least three (a name, a birth date, a gender; a year and its counts).
DATA_ROW_CELLS = 3


def _data_rows_above(rows: Sequence[Sequence[Any]], r: int, c: int, width: int) -> bool:
    """Whether one of the `r` rows above a header found at 0-based (r, c) is filled like a row
    of the table (`DATA_ROW_CELLS` values in its columns): the list was sorted together with
    its header row, which landed among the data; those rows are data, not rows inserted."""
    for cells in rows[:r]:
        filled = sum(1 for v in cells[c : c + width] if v != "" and not is_blank(v))
        if filled >= DATA_ROW_CELLS:
            return True
    return False


def _data_left(rows: Sequence[Sequence[Any]], r: int, c: int) -> bool:
    """Whether the `c` columns left of a header found at 0-based (r, c) hold a value in a row
    under it (beside the table's rows)."""
    return any(v != "" and not is_blank(v) for cells in rows[r + 1 :] for v in cells[:c])


def _keep_left(c: int, last: str) -> str:
    return f"chuyển những gì cần giữ ở {_columns(1, c)} sang cột \u201c{last}\u201d, rồi "


def _data_below(rows: Sequence[Sequence[Any]], r: int, c: int, width: int) -> bool:
    """Whether a row under a header found at 0-based (r, c) holds a value in its columns."""
    return any(v != "" and not is_blank(v) for cells in rows[r + 1 :] for v in cells[c : c + width])


def _among_data(r: int, c: int, keep: str, below: bool) -> Moved:
    """The header row found at 0-based row `r` below rows of data: never "delete the rows
    above" (they are members, changes or years), but "put the header back in row 1". Sorted to
    the very end (`below` False), it is under the data, not among it (hunt135 F6)."""
    cell = f"{get_column_letter(c + 1)}{r + 1}"
    if below:
        left = f"; có {c} cột được chèn bên trái" if c else ""
        where = f"nằm giữa các dòng số liệu (phía trên nó cũng có số liệu{left})"
    else:
        where = "nằm dưới tất cả các dòng số liệu" + (f" (có {c} cột được chèn bên trái)" if c else "")
    how = f"Dòng tiêu đề đang ở dòng {r + 1}, {where}: có lẽ bảng đã được sắp xếp cùng với dòng tiêu đề."
    columns = f"; sau đó {keep}xóa {_columns(1, c)}" if c else ""
    fix = (
        "hoàn tác việc sắp xếp (Ctrl+Z) nếu còn được, hoặc chuyển dòng tiêu đề về dòng 1: cắt dòng "
        f"{r + 1}, bấm chuột phải vào dòng 1 và chọn \u201cChèn ô đã cắt\u201d (Insert Cut Cells){columns}. "
        f"Đừng xóa {_span(1, r, 'dòng')}: trong đó có số liệu, xóa đi sẽ mất. Khi sắp xếp lại, hãy đánh dấu "
        "\u201cDữ liệu có tiêu đề\u201d (My data has headers)"
    )
    return Moved(cell, how, fix)


def _moved(r: int, c: int, *, down: bool, keep: str = "") -> Moved:
    cell = f"{get_column_letter(c + 1)}{r + 1}"
    above = f"{r} dòng được chèn phía trên" if r else ""
    left = f"{c} cột được chèn bên trái" if c else ""
    inserted = " và ".join(x for x in (above, left) if x)
    if r and not c:
        start = "Các mục đang bắt đầu từ" if down else "Dòng tiêu đề đang ở"
        how = f"{start} dòng {r + 1}, không phải dòng 1 (có {inserted})."
    elif c and not r:
        start = "Các mục đang ở" if down else "Bảng đang bắt đầu từ"
        how = f"{start} cột {get_column_letter(c + 1)}, không phải cột A (có {inserted})."
    else:
        start = "Các mục" if down else "Bảng"
        how = f"{start} đang bắt đầu từ ô {cell}, không phải ô A1 (có {inserted})."
    deletions = [x for x in (_span(1, r, "dòng") if r else "", _columns(1, c) if c else "") if x]
    title = " (tên bảng không cần ghi: biểu mẫu đã có tên sheet)" if r and not down else ""
    return Moved(cell, how, f"{keep}xóa {' và '.join(deletions)}{title}")


def _inserted_or_deleted(
    found: list[str],
    expected: list[str],
    headers: Sequence[str],
    *,
    down: bool,
    rows: Sequence[Sequence[Any]],
) -> Moved | None:
    """`k` header cells (1 ≤ k ≤ `MAX_INSERTED`, side by side) inserted into the table, or
    deleted from it, after a first header in place, every header after them exactly `k` places
    off (hunt169 F1–F3: two or three columns were read as the table moved, or said cell by cell
    with the wrong advice). The last header one place further is a cell inserted before it
    (hunt169 F4); the last header missing is not a deletion (nothing after it moved)."""
    width = len(expected)
    first = next((i for i in range(width) if found[i] != expected[i]), None)
    if first is None or first == 0:
        return None  # at the first cell, it is the table moved (`_moved`)
    # A header of this table found anywhere along the line: a column (row) that holds one was
    # moved, not inserted, and one found is not deleted (review172 F1: `Ghi chú` cut and
    # inserted seven columns to the left was said to be seven columns deleted, and the
    # secretary told to retype them, their data all there one column to the right).
    own = set(expected)
    for k in range(1, len(found) - width + 1):
        # Inserted at `first`: every later header is `k` further on.
        if found[first + k : width + k] == expected[first:]:
            if own.intersection(found[first : first + k]):
                return None
            typed = [
                (cell_text(_cell(rows, first + j, 0) if down else _cell(rows, 0, first + j)) or "").strip()
                for j in range(k)
            ]
            return _inserted(first, k, typed, headers, down=down)
        # Deleted at `first`: every later header is `k` nearer.
        if first + k < width and found[first : width - k] == expected[first + k :]:
            if set(expected[first : first + k]).intersection(found):
                return None
            return _deleted(first, k, headers, down=down)
    return None


def _cell(rows: Sequence[Sequence[Any]], r: int, c: int) -> Any:
    return rows[r][c] if r < len(rows) and c < len(rows[r]) else None


def _place(i: int, *, down: bool, k: int = 1) -> tuple[str, str]:
    """The cell of 0-based position `i` along the header, and its `k` rows or columns in words."""
    if down:
        return f"A{i + 1}", _span(i + 1, i + k, "dòng")
    return f"{get_column_letter(i + 1)}1", _columns(i + 1, i + k)


def _places(k: int, *, down: bool) -> str:
    """`một dòng`, `2 dòng`; `một cột`, `2 cột`."""
    return f"{'một' if k == 1 else k} {'dòng' if down else 'cột'}"


def _quoted(texts: Sequence[str]) -> str:
    return ", ".join(f"\u201c{t}\u201d" for t in texts)


def _inserted(i: int, k: int, typed: Sequence[str], headers: Sequence[str], *, down: bool) -> Moved:
    cell, place = _place(i, down=down, k=k)
    moved = f"lệch xuống {_places(k, down=down)}" if down else f"lệch sang phải {_places(k, down=down)}"
    what = "các mục" if down else "các cột"
    shown_typed = [shown(t, 40) for t in typed if t]
    label = f" ({_quoted(shown_typed)})" if shown_typed else ""
    how = (
        f"{place[0].upper()}{place[1:]}{label} được chèn vào giữa {'các mục' if down else 'bảng'}, nên "
        f"{what} từ \u201c{headers[i]}\u201d trở đi bị {moved}."
    )
    keep = "" if down else f"chuyển nội dung {place} sang cột \u201c{headers[-1]}\u201d nếu cần, rồi "
    return Moved(cell, how, f"{keep}xóa {place}")


def _deleted(i: int, k: int, headers: Sequence[str], *, down: bool) -> Moved:
    cell, place = _place(i, down=down, k=k)
    what = "Mục" if down else "Cột"
    moved = f"lệch lên {_places(k, down=down)}" if down else f"lệch sang trái {_places(k, down=down)}"
    if k == 1:
        header = f"\u201c{headers[i]}\u201d"
        how = f"{what} {header} ({place} của biểu mẫu) đã bị xóa, nên các {what.lower()} sau nó bị {moved}."
        return Moved(cell, how, f"chèn lại {place} với tiêu đề {header} rồi điền lại nội dung của nó")
    names = _quoted(headers[i : i + k])
    how = (
        f"Các {what.lower()} {names} ({place} của biểu mẫu) đã bị xóa, nên các {what.lower()} sau chúng "
        f"bị {moved}."
    )
    fix = f"chèn lại {place} với tiêu đề lần lượt là {names} rồi điền lại nội dung của chúng"
    return Moved(cell, how, fix)
