"""Realistic mess typed into five of the sample ward's files, with openpyxl only (hunt261):
every kind of change inside and at the edges of the forms' period, an internal move matched
and one in transit, ages at the band boundaries, dates typed as text, gender and levels in
other cases and abbreviations, stray spaces, an ethnic group in lower case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

D = dt.datetime


def _file(folder: Path, code: str) -> Path:
    return next(folder.glob(f"{code}_*.xlsx"))


def _cols(ws: Any) -> dict[str, int]:
    return {c.value: c.column for c in ws[1] if c.value}


def _last(ws: Any) -> int:
    return max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value not in (None, ""))


def _add_event(ws: Any, name: str, birth: Any, kind: str, day: D, **more: Any) -> None:
    c = _cols(ws)
    r = _last(ws) + 1
    values = {"STT": r - 1, "Họ và tên": name, "Ngày sinh": birth, "Loại biến động": kind, "Ngày": day}
    values.update(more)
    for k, v in values.items():
        ws.cell(r, c[k]).value = v


def _add_member(ws: Any, like_row: int, card: str | None, **values: Any) -> None:
    c = _cols(ws)
    r = _last(ws) + 1
    for col in range(1, ws.max_column + 1):
        ws.cell(r, col, ws.cell(like_row, col).value)
    ws.cell(r, c["STT"], r - 1)
    ws.cell(r, c["Số thẻ đảng viên"]).value = card
    for k in ("Miễn công tác, sinh hoạt từ ngày", "Lý do miễn", "Đi làm ăn xa", "Ghi chú"):
        ws.cell(r, c[k]).value = None
    for k, v in values.items():
        ws.cell(r, c[k]).value = v


def _take_member(ws: Any, row: int) -> list[Any]:
    values = [ws.cell(row, col).value for col in range(1, ws.max_column + 1)]
    ws.delete_rows(row)
    return values


def make_mess(folder: Path) -> None:
    # HD01 (đảng bộ cơ sở): text dates, case, abbreviations, spaces; a strike-off of a
    # probationary member, an expulsion on the cut-off day, a resignation the day before the
    # period, a readmission on its first day.
    path = _file(folder, "HD01")
    wb = openpyxl.load_workbook(path)
    ws = wb["Đảng viên"]
    c = _cols(ws)
    birth = ws.cell(2, c["Ngày sinh"]).value
    ws.cell(2, c["Ngày sinh"], f"{birth.day}/{birth.month}/{birth.year}")
    birth = ws.cell(3, c["Ngày sinh"]).value
    ws.cell(3, c["Ngày sinh"], f"{birth.day:02d}-{birth.month:02d}-{birth.year}")
    ws.cell(2, c["Giới tính"], str(ws.cell(2, c["Giới tính"]).value).lower())
    ws.cell(3, c["Giới tính"], str(ws.cell(3, c["Giới tính"]).value).upper())
    for r in range(4, 9):
        if ws.cell(r, c["Trình độ giáo dục phổ thông"]).value == "Trung học phổ thông":
            ws.cell(r, c["Trình độ giáo dục phổ thông"], "THPT")
    ws.cell(4, c["Họ và tên"], "  " + str(ws.cell(4, c["Họ và tên"]).value).replace(" ", "  ") + " ")
    ws.cell(5, c["Nghề nghiệp"], " " + str(ws.cell(5, c["Nghề nghiệp"]).value) + "  ")
    _add_member(
        ws,
        2,
        None,
        **{
            "Họ và tên": "Trần Văn Lại",
            "Ngày sinh": D(1980, 6, 1),
            "Giới tính": "Nam",
            "Ngày vào Đảng": D(2026, 1, 1),
            "Ngày chính thức": None,
        },
    )
    ev = wb["Biến động"]
    _add_event(
        ev,
        "Hoàng Thị Xóa",
        D(1990, 5, 5),
        "Xóa tên",
        D(2026, 2, 10),
        **{"Lý do xóa tên": "Giảm sút ý chí phấn đấu", "Là đảng viên dự bị": "có"},
    )
    _add_event(ev, "Lê Văn Trừ", D(1970, 1, 2), "Khai trừ", D(2026, 3, 31))
    _add_event(ev, "Phan Văn Ra", D(1975, 7, 8), "Xin ra khỏi Đảng", D(2025, 12, 31))
    _add_event(
        ev, "Trần Văn Lại", D(1980, 6, 1), "Kết nạp lại", D(2026, 1, 1), **{"Số quyết định": "1-QĐ/ĐU"}
    )
    wb.save(path)

    # HD03 (chi bộ cơ sở): no candidates left; a restoration; a date "05-03-1960"-like text,
    # an ethnic group in lower case.
    path = _file(folder, "HD03")
    wb = openpyxl.load_workbook(path)
    info = wb["Thông tin"]
    for r in range(1, info.max_row + 1):
        if info.cell(r, 1).value == "Không còn quần chúng để kết nạp":
            info.cell(r, 2, "Có")
    ws = wb["Đảng viên"]
    c = _cols(ws)
    ws.cell(2, c["Dân tộc"], "tày")
    birth = ws.cell(4, c["Ngày sinh"]).value
    ws.cell(4, c["Ngày sinh"], f"{birth.day:02d}/{birth.month:02d}/{birth.year}")
    _add_member(
        ws,
        3,
        "99.000002",
        **{
            "Họ và tên": "Đỗ Văn Phục",
            "Ngày sinh": D(1965, 3, 31),
            "Giới tính": "Nam",
            "Nghề nghiệp": "Đã nghỉ hưu, nghỉ công tác",
        },
    )
    _add_event(wb["Biến động"], "Đỗ Văn Phục", D(1965, 3, 31), "Phục hồi đảng tịch", D(2026, 2, 1))
    wb.save(path)

    # HD36 → HD37: a move inside the ward, both sides in the period (no change to the ward).
    src, dst = _file(folder, "HD36"), _file(folder, "HD37")
    wa, wb2 = openpyxl.load_workbook(src), openpyxl.load_workbook(dst)
    ca = _cols(wa["Đảng viên"])
    moved = _take_member(wa["Đảng viên"], 5)
    name, birth = moved[ca["Họ và tên"] - 1], moved[ca["Ngày sinh"] - 1]
    _add_event(
        wa["Biến động"],
        name,
        birth,
        "Chuyển đi",
        D(2026, 2, 15),
        **{"Phạm vi chuyển": "Trong Đảng bộ phường"},
    )
    ws = wb2["Đảng viên"]
    r = _last(ws) + 1
    for col, v in enumerate(moved, start=1):
        ws.cell(r, col, v)
    ws.cell(r, 1, r - 1)
    _add_event(
        wb2["Biến động"],
        name,
        birth,
        "Chuyển đến",
        D(2026, 2, 16),
        **{"Phạm vi chuyển": "Trong Đảng bộ phường"},
    )
    wa.save(src)
    wb2.save(dst)

    # HD38: a move inside the ward in transit (its other side not in the files); two
    # admissions at the age boundary (31 on the admission day; 30 the day before a birthday).
    path = _file(folder, "HD38")
    wb = openpyxl.load_workbook(path)
    ws = wb["Đảng viên"]
    c = _cols(ws)
    gone = _take_member(ws, 6)
    _add_event(
        wb["Biến động"],
        gone[c["Họ và tên"] - 1],
        gone[c["Ngày sinh"] - 1],
        "Chuyển đi",
        D(2026, 3, 30),
        **{"Phạm vi chuyển": "Trong Đảng bộ phường"},
    )
    for name, birth, day in (
        ("Vũ Thị Biên", D(1995, 3, 15), D(2026, 3, 15)),  # 31 on the admission day
        ("Vũ Văn Mốc", D(1995, 4, 1), D(2026, 2, 1)),  # 30 at the cut-off, 31 the day after
    ):
        _add_member(
            ws,
            2,
            None,
            **{
                "Họ và tên": name,
                "Giới tính": "Nữ" if " Thị " in name else "Nam",
                "Ngày sinh": birth,
                "Ngày vào Đảng": day,
                "Ngày chính thức": None,
                "Nghề nghiệp": "Sinh viên",
                "Học hàm": "Phó Giáo sư",
            },
        )
        _add_event(wb["Biến động"], name, birth, "Kết nạp", day, **{"Số quyết định": "2-QĐ/ĐU"})
    wb.save(path)
    _more_moves(folder)


def _move(
    folder: Path, src: str, dst: str, row: int, out_day: D, in_day: D, admitted: D | None = None
) -> None:
    """Member `row` of `src` moves inside the ward to `dst` (admitted in `src` first if asked)."""
    a, b = _file(folder, src), _file(folder, dst)
    wa, wb = openpyxl.load_workbook(a), openpyxl.load_workbook(b)
    c = _cols(wa["Đảng viên"])
    moved = _take_member(wa["Đảng viên"], row)
    name, birth = moved[c["Họ và tên"] - 1], moved[c["Ngày sinh"] - 1]
    if admitted is not None:
        moved[c["Ngày vào Đảng"] - 1], moved[c["Ngày chính thức"] - 1] = admitted, None
        moved[c["Số thẻ đảng viên"] - 1] = None
        moved[c["Miễn công tác, sinh hoạt từ ngày"] - 1] = moved[c["Lý do miễn"] - 1] = None
        _add_event(wa["Biến động"], name, birth, "Kết nạp", admitted, **{"Số quyết định": "3-QĐ/ĐU"})
    scope = {"Phạm vi chuyển": "trong đảng bộ phường"}  # typed in lower case
    _add_event(wa["Biến động"], name, birth, "Chuyển đi", out_day, **scope)
    ws = wb["Đảng viên"]
    r = _last(ws) + 1
    for col, v in enumerate(moved, start=1):
        ws.cell(r, col).value = v
    ws.cell(r, 1).value = r - 1
    _add_event(wb["Biến động"], name, birth, "Chuyển đến", in_day, **scope)
    wa.save(a)
    wb.save(b)


def _more_moves(folder: Path) -> None:
    # admitted in HD39, then moved to HD40 inside the period: admitted once, no move counted,
    # the attributes from HD40's roll
    _move(folder, "HD39", "HD40", 7, D(2026, 2, 20), D(2026, 2, 21), admitted=D(2026, 1, 10))
    # released by HD41 before the period, received by HD42 inside it: in transit at the
    # period's start, so one "Chuyển đến" in neither a nor b
    _move(folder, "HD41", "HD42", 8, D(2025, 12, 28), D(2026, 1, 3))
