"""Edge cases of the work lists typed into two of the sample ward's files with openpyxl only
(hunt266), for `test_worklists_oracle`: each a member at a boundary of a rule at the cut-off
31/03/2026, returned with the list it must or must not be on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import openpyxl.styles

D = dt.datetime
ORG = "HD36"
Case = tuple[str, tuple[str, str, dt.date], bool]


def _cols(ws: Any) -> dict[str, int]:
    return {c.value: c.column for c in ws[1] if c.value}


def _last(ws: Any) -> int:
    return max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value not in (None, ""))


def _event(ws: Any, name: str, birth: D, kind: str, day: Any, **more: Any) -> None:
    c = _cols(ws)
    r = _last(ws) + 1
    values = {"STT": r - 1, "Họ và tên": name, "Ngày sinh": birth, "Loại biến động": kind, "Ngày": day}
    for k, v in {**values, **more}.items():
        ws.cell(r, c[k]).value = v


def _member(
    ws: Any, card: int | None, name: str, birth: D, admitted: Any, official: Any, **more: Any
) -> None:
    """A member copied from row 2 (the columns the lists do not read), then given its own values."""
    c = _cols(ws)
    r = _last(ws) + 1
    for col in range(1, ws.max_column + 1):
        ws.cell(r, col).value = ws.cell(2, col).value
    ws.cell(r, c["STT"]).value = r - 1
    for k in ("Miễn công tác, sinh hoạt từ ngày", "Lý do miễn", "Đi làm ăn xa", "Ghi chú"):
        ws.cell(r, c[k]).value = None
    values = {
        "Họ và tên": name,
        "Ngày sinh": birth,
        "Giới tính": "Nữ" if " Thị " in name else "Nam",
        "Ngày vào Đảng": admitted,
        "Ngày chính thức": official,
        "Số thẻ đảng viên": f"99.{card:06d}" if card is not None else None,
        "Nghề nghiệp": "Đã nghỉ hưu, nghỉ công tác",
        **more,
    }
    for k, v in values.items():
        ws.cell(r, c[k]).value = v


def make_mess(folder: Path) -> list[Case]:
    path = next(folder.glob(f"{ORG}_*.xlsx"))
    wb = openpyxl.load_workbook(path)
    ws, ev = wb["Đảng viên"], wb["Biến động"]
    cases: list[Case] = []

    def full(name: str, birth: D, admitted: D, *, listed: dict[str, bool], **more: Any) -> None:
        """A full member since a year after the admission."""
        official = admitted + dt.timedelta(days=400)
        _member(ws, 900 + len(cases), name, birth, admitted, official, **more)
        cases.extend((sheet, (ORG, name, birth.date()), on) for sheet, on in listed.items())

    def probationary(
        name: str, birth: D, admitted: D, *, listed: bool, typed: Any = None, **more: Any
    ) -> None:
        _member(ws, None, name, birth, typed or admitted, None, **more)
        _event(ev, name, birth, "Kết nạp", typed or admitted, **{"Số quyết định": "7-QĐ/ĐU"})
        cases.append(("probation", (ORG, name, birth.date()), listed))

    # Huy hiệu Đảng: the window is 19/5/2026, 02/9/2026, 07/11/2026, 03/02/2027.
    full("Cao Văn Chốt", D(1970, 1, 5), D(1996, 3, 31), listed={"badges": True})  # 30 years on D
    full("Cao Văn Trao", D(1970, 1, 6), D(1996, 5, 19), listed={"badges": True})  # on an award date
    full("Cao Văn Cuối", D(1970, 1, 7), D(1997, 2, 3), listed={"badges": True})  # the last one
    full("Cao Văn Sau", D(1970, 1, 8), D(1997, 2, 4), listed={"badges": False})  # a day after it
    full("Cao Văn Trước", D(1960, 1, 9), D(1986, 2, 3), listed={"badges": False})  # 40 on 03/02/2026
    full("Cao Văn Bốn", D(1955, 1, 10), D(1981, 11, 7), listed={"badges": True})  # 45 on 07/11/2026
    # 29 February typed as text: 30 years reached at the end of February 2026
    _member(ws, 899, "Cao Thị Nhuận", D(1970, 2, 1), "29/02/1996", "01/03/1997")
    cases.append(("badges", (ORG, "Cao Thị Nhuận", dt.date(1970, 2, 1)), True))
    # admitted 30 years ago, never recognised: red on both lists
    _member(ws, None, "Cao Văn Dự", D(1970, 1, 11), D(1996, 5, 10), None)
    cases += [("badges", (ORG, "Cao Văn Dự", dt.date(1970, 1, 11)), True)]
    cases += [("probation", (ORG, "Cao Văn Dự", dt.date(1970, 1, 11)), True)]
    # readmitted in the period, the roll keeping the first admission and its official date
    full("Lý Văn Lại", D(1970, 4, 4), D(1996, 5, 10), listed={"badges": True, "probation": True})
    _event(ev, "Lý Văn Lại", D(1970, 4, 4), "Kết nạp lại", "01/06/2025", **{"Số quyết định": "8-QĐ/ĐU"})

    # restored in the period, and restored as its own note says: badges whose party age must be
    # checked against the restoration decision, red (hunt320 F2); no probation from either
    full("Lý Văn Phục", D(1970, 3, 3), D(1996, 5, 10), listed={"badges": True, "probation": False})
    _event(
        ev, "Lý Văn Phục", D(1970, 3, 3), "Phục hồi đảng tịch", D(2025, 6, 1), **{"Số quyết định": "13-QĐ/ĐU"}
    )
    full(
        "Lý Văn Hồi",
        D(1970, 3, 4),
        D(1996, 5, 11),
        listed={"badges": True, "probation": False},
        **{"Ghi chú": "Phục hồi đảng tịch năm 2010"},
    )

    # Dự bị đến hạn: the horizon is 29/6/2026.
    probationary("Mai Văn Chốt", D(1995, 1, 1), D(2025, 3, 31), listed=True, typed="31/03/2025")  # ends on D
    probationary("Mai Văn Chín", D(1995, 1, 2), D(2025, 6, 29), listed=True)  # ends on D + 90
    probationary("Mai Văn Mốt", D(1995, 1, 3), D(2025, 6, 30), listed=False)  # D + 91
    probationary("Mai Văn Tết", D(1995, 1, 4), D(2025, 2, 16), listed=True)  # ends on Tết's Monday
    probationary("Mai Văn Bảy", D(1995, 1, 5), D(2025, 2, 14), listed=True)  # ends on a Saturday
    probationary("Mai Văn Trễ", D(1995, 1, 6), D(2025, 2, 9), listed=True)  # one day past the deadline
    probationary("Mai Văn Kịp", D(1995, 1, 7), D(2025, 2, 10), listed=True)  # the deadline is D
    probationary("Mai Thị Nhuận", D(1995, 1, 8), D(2024, 2, 29), listed=True)  # ended 28/02/2025

    # Miễn, tạm miễn
    ill = "Điều trị bệnh dài ngày"
    exempt = "Miễn công tác, sinh hoạt từ ngày"
    full(
        "Đinh Văn Đủ",
        D(1980, 1, 1),
        D(2005, 1, 1),
        listed={"exemptions": False},
        **{exempt: D(2025, 3, 31), "Lý do miễn": ill},
    )
    full(
        "Đinh Văn Quá",
        D(1980, 1, 2),
        D(2005, 1, 1),
        listed={"exemptions": True},
        **{exempt: D(2025, 3, 30), "Lý do miễn": ill},
    )
    full(
        "Đinh Văn Lão",
        D(1966, 4, 1),
        D(1990, 1, 1),
        listed={"exemptions": True},
        **{exempt: D(2026, 1, 1), "Lý do miễn": "Tuổi cao, sức khỏe yếu"},
    )
    full(
        "Đinh Thị Lão",
        D(1971, 3, 31),
        D(1995, 1, 1),
        listed={"exemptions": False},
        **{exempt: D(2026, 1, 1), "Lý do miễn": "tuổi cao, sức khỏe yếu"},
    )
    full(
        "Đinh Văn Rỗng", D(1980, 1, 3), D(2005, 1, 1), listed={"exemptions": True}, **{exempt: D(2024, 1, 1)}
    )
    probationary(
        "Đinh Thị Sớm",
        D(1996, 1, 1),
        D(2025, 4, 20),
        listed=True,
        **{exempt: D(2025, 1, 1), "Lý do miễn": "Nghỉ thai sản"},
    )
    cases.append(("exemptions", (ORG, "Đinh Thị Sớm", dt.date(1996, 1, 1)), True))

    # Đi làm ăn xa
    away = "Đi làm ăn, lao động xa"
    full(
        "Hà Văn Xa",
        D(1985, 1, 1),
        D(2010, 1, 1),
        listed={"working_away": True},
        **{exempt: D(2025, 6, 1), "Lý do miễn": away},
    )
    full("Hà Văn Có", D(1985, 1, 2), D(2010, 1, 1), listed={"working_away": True}, **{"Đi làm ăn xa": "có"})
    full(
        "Hà Văn Lâu",
        D(1985, 1, 3),
        D(2010, 1, 1),
        listed={"working_away": True, "exemptions": True},
        **{exempt: D(2025, 3, 15), "Lý do miễn": away, "Đi làm ăn xa": "Có"},
    )
    full(
        "Hà Văn Trống",
        D(1985, 1, 4),
        D(2010, 1, 1),
        listed={"working_away": True},
        **{"Lý do miễn": away, "Đi làm ăn xa": "Có"},
    )

    # recognised after the cut-off: probationary at D (§6), not yet a full member at the award date
    _member(ws, 898, "Tô Văn Muộn", D(1970, 2, 2), "01.08.1996", D(2026, 4, 15))
    cases += [("badges", (ORG, "Tô Văn Muộn", dt.date(1970, 2, 2)), True)]
    _member(ws, None, "Tô Văn Mới", D(1995, 2, 3), D(2025, 3, 10), D(2026, 4, 10))
    _event(ev, "Tô Văn Mới", D(1995, 2, 3), "Kết nạp", D(2025, 3, 10), **{"Số quyết định": "9-QĐ/ĐU"})
    cases += [("probation", (ORG, "Tô Văn Mới", dt.date(1995, 2, 3)), True)]
    # the note says readmitted before the period: a badge to recount
    full(
        "Tô Văn Ghi",
        D(1970, 2, 4),
        D(1996, 5, 1),
        listed={"badges": True, "probation": True},
        **{"Ghi chú": "Kết nạp lại ngày 05/5/2010"},
    )
    # an old-age exemption from the 60th birthday, after the cut-off: right, not listed
    full(
        "Tô Văn Tròn",
        D(1966, 4, 10),
        D(1990, 1, 1),
        listed={"exemptions": False, "working_away": True},
        **{exempt: D(2026, 4, 10), "Lý do miễn": "Tuổi cao, sức khỏe yếu", "Đi làm ăn xa": "Có"},
    )
    # readmitted on 10/01/2025, exempted for working away since before that
    full(
        "Lý Văn Miễn",
        D(1975, 5, 5),
        D(2000, 3, 3),
        listed={"exemptions": True, "working_away": True, "probation": True},
        **{exempt: "01/06/2024", "Lý do miễn": away, "Đi làm ăn xa": "Có"},
    )
    _event(ev, "Lý Văn Miễn", D(1975, 5, 5), "Kết nạp lại", D(2025, 1, 10), **{"Số quyết định": "10-QĐ/ĐU"})
    # 90 years of party age on 01/6/2026
    full("Cụ Văn Niên", D(1918, 1, 1), D(1936, 6, 1), listed={"badges": True})
    # working away: `Không` beside the reason, an exemption from after the cut-off, old age undated
    full(
        "Hà Văn Không",
        D(1985, 1, 5),
        D(2010, 1, 1),
        listed={"working_away": True},
        **{exempt: D(2025, 9, 1), "Lý do miễn": away, "Đi làm ăn xa": "Không"},
    )
    full(
        "Hà Văn Sắp",
        D(1985, 1, 6),
        D(2010, 1, 1),
        listed={"working_away": True, "exemptions": False},
        **{exempt: D(2026, 5, 1), "Lý do miễn": away, "Đi làm ăn xa": "Có"},
    )
    full(
        "Hà Văn Già",
        D(1980, 1, 7),
        D(2010, 1, 1),
        listed={"working_away": True, "exemptions": True},
        **{"Lý do miễn": "Tuổi cao, sức khỏe yếu", "Đi làm ăn xa": "Có"},
    )
    # cells typed by hand: `x` and 1 for `Có`, a reason and a gender in lower case, spaces
    full("Hà Văn Dấu", D(1985, 1, 8), D(2010, 1, 1), listed={"working_away": True}, **{"Đi làm ăn xa": "x"})
    full("Hà Văn Số", D(1985, 1, 9), D(2010, 1, 1), listed={"working_away": True}, **{"Đi làm ăn xa": 1})
    full(
        "Hà Văn Thường",
        D(1985, 1, 10),
        D(2010, 1, 1),
        listed={"working_away": True},
        **{exempt: D(2025, 8, 1), "Lý do miễn": "đi làm ăn, lao động xa"},
    )
    _member(
        ws,
        897,
        "  Đinh  Thị Trẻ ",
        D(1975, 5, 5),
        D(2000, 1, 1),
        D(2001, 2, 1),
        **{"Giới tính": "nữ", exempt: D(2025, 1, 1), "Lý do miễn": "Tuổi cao, sức khỏe yếu"},
    )
    cases.append(("exemptions", (ORG, "Đinh Thị Trẻ", dt.date(1975, 5, 5)), True))
    # 60 on the cut-off: the old-age exemption is right
    full(
        "Đinh Văn Tròn",
        D(1966, 3, 31),
        D(1990, 1, 1),
        listed={"exemptions": False},
        **{exempt: D(2026, 1, 1), "Lý do miễn": "Tuổi cao, sức khỏe yếu"},
    )
    # recognised on the cut-off: a full member, not on the probation list
    _member(ws, 896, "Tô Văn Đúng", D(1995, 2, 5), D(2025, 3, 20), D(2026, 3, 31))
    _event(ev, "Tô Văn Đúng", D(1995, 2, 5), "Kết nạp", D(2025, 3, 20), **{"Số quyết định": "13-QĐ/ĐU"})
    cases.append(("probation", (ORG, "Tô Văn Đúng", dt.date(1995, 2, 5)), False))
    # exempted on the cut-off itself, and the day after it
    full(
        "Hà Văn Nay",
        D(1985, 1, 11),
        D(2010, 1, 1),
        listed={"working_away": True, "exemptions": False},
        **{exempt: D(2026, 3, 31), "Lý do miễn": away, "Đi làm ăn xa": "Có"},
    )
    full(
        "Hà Văn Mai",
        D(1985, 1, 12),
        D(2010, 1, 1),
        listed={"working_away": True, "exemptions": False},
        **{exempt: D(2026, 4, 1), "Lý do miễn": away, "Đi làm ăn xa": "Có"},
    )
    # readmitted, the row typed without accents
    full("Lý Văn Hoàn", D(1971, 6, 6), D(1996, 5, 12), listed={"badges": True, "probation": True})
    _event(ev, "Ly Van Hoan", D(1971, 6, 6), "Kết nạp lại", D(2025, 6, 15), **{"Số quyết định": "11-QĐ/ĐU"})
    # red rows: struck through; its note says the member died (both still listed)
    c = _cols(ws)
    struck = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, c["Họ và tên"]).value == "Cao Văn Cuối")
    for col in range(1, ws.max_column + 1):
        ws.cell(struck, col).font = openpyxl.styles.Font(strike=True)
    away_row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, c["Họ và tên"]).value == "Hà Văn Có")
    ws.cell(away_row, c["Ghi chú"]).value = "Đã từ trần ngày 10/3/2026"
    wb.save(path)
    # HD37 records the death of one of HD36's members and another's move out of the ward
    other = next(folder.glob("HD37_*.xlsx"))
    wb = openpyxl.load_workbook(other)
    _event(wb["Biến động"], "Cao Văn Bốn", D(1955, 1, 10), "Từ trần", D(2026, 3, 1))
    scope = {"Phạm vi chuyển": "Tỉnh, thành phố khác"}
    _event(wb["Biến động"], "Đinh Văn Quá", D(1980, 1, 2), "Chuyển đi", D(2026, 2, 1), **scope)
    # and the readmission of a third (a badge to recount, a probation from it)
    _event(
        wb["Biến động"],
        "Tô Văn Ghi",
        D(1970, 2, 4),
        "Kết nạp lại",
        D(2025, 6, 20),
        **{"Số quyết định": "12-QĐ/ĐU"},
    )
    wb.save(other)
    return cases
