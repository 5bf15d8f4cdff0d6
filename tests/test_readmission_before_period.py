"""A readmitted member still in probation whose `Kết nạp lại` row is dated before the files'
period (a new year's files, `Số liệu từ ngày` after the readmission) (hunt60 #3).

The roll keeps the first admission date (design §5), so the probation counts from that row: it
is kept as information (`event.readmission_before_period`, a warning at its date), starts the
probation in validation and the work lists, marks the badge row for a recount, and counts in no
figure. Without it, `member.probation_overdue` says a deadline decades ago and now says how to
record the readmission."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner
from helpers_worklists import CUTOFF, REGISTRY, _member, d

from toolkit.cli import main
from toolkit.core import layout
from toolkit.outputs.template import write_submission
from toolkit.validation import validate_files

START = dt.date(2026, 1, 1)  # the new period: after the readmission of 01/06/2025
HEADER_ROW = 5  # of a work list: title, cut-off, coverage, rule, header
READMITTED = {"event_type": "readmitted", "decision_no": "12-QĐ/ĐU"}
# Roll: first admission 19/05/1996 (30 years on 19/05/2026: on the badge list), no official
# date; readmitted 01/06/2025, so 12 months of probation end 01/06/2026.
GIANG = _member("Đỗ Văn Giang", "04/04/1966", "male", "19/05/1996")
KEPT_ROW = {
    "full_name": "Đỗ Văn Giang",
    "birth_date": d("04/04/1966"),
    "event_date": d("01/06/2025"),
    **READMITTED,
}


def _write(folder: Path, members: list[dict[str, Any]], events: list[dict[str, Any]], org: int = 1) -> Path:
    cb01 = REGISTRY.organisations[org]
    folder.mkdir(parents=True, exist_ok=True)
    info = {
        "org_code": cb01.org_code,
        "org_name": cb01.org_name,
        "org_tier": cb01.org_tier,
        "sector": cb01.sector,
        "cutoff_date": CUTOFF,
        "period_start": START,
    }
    return write_submission(
        folder / f"{cb01.org_code}.xlsx",
        info=info,
        members=[{"row_no": i, **m} for i, m in enumerate(members, start=1)],
        events=[{"row_no": i, **e} for i, e in enumerate(events, start=1)],
        years=[{"year": 2026}],
    )


def _ward(folder: Path, *, kept: bool) -> Path:
    """CB01: the readmitted member, a full member, and one admitted in the period (its row)."""
    newcomer = _member("Lý Thị Hoa", "02/02/1999", "female", "10/02/2026")
    members = [GIANG, _member("Phan Văn Khoa", "03/03/1980", "male", "01/01/2010", "01/01/2011"), newcomer]
    admitted = {"full_name": "Lý Thị Hoa", "birth_date": d("02/02/1999"), "event_date": d("10/02/2026")}
    events = [*([KEPT_ROW] if kept else []), {**admitted, "event_type": "admitted", "decision_no": "3-QĐ/ĐU"}]
    return _write(folder, members, events)


def test_a_readmission_before_the_period_is_kept_for_the_probation_not_an_error(tmp_path: Path) -> None:
    path = _ward(tmp_path / "a", kept=True)
    run = validate_files([path], cutoff=CUTOFF)
    assert not run.has_errors, [i.message for i in run.issues if i.is_error]
    assert "member.probation_overdue" not in {i.code for i in run.issues}
    kept = [i for i in run.issues if i.code == "event.readmission_before_period"]
    assert [(i.severity, i.cell) for i in kept] == [
        ("warning", layout.EVENTS.cell("event_date", layout.FIRST_DATA_ROW))
    ]
    assert "trước kỳ số liệu (từ 01/01/2026)" in kept[0].message
    assert "không tính vào số liệu kỳ này" in kept[0].message


def test_only_a_readmission_of_a_member_on_the_roll_is_kept(tmp_path: Path) -> None:
    """Any other change before the period, or a readmission of someone not on the roll, stays
    `event.outside_period`. A member on the roll whose official date is older than the row
    keeps it too: the readmission is the later membership, and `member.official_before_readmission`
    asks to fix the official date (hunt65 #4: the row was an error saying to delete it while that
    warning asked to fix the date)."""
    khoa = _member("Phan Văn Khoa", "03/03/1980", "male", "01/01/2010", "01/01/2011")
    events = [
        {**KEPT_ROW, "full_name": "Phan Văn Khoa", "birth_date": d("03/03/1980")},  # official since 2011
        {**KEPT_ROW, "full_name": "Trịnh Văn Lâm", "birth_date": d("07/07/1970")},  # not on the roll
        {"full_name": "Đỗ Văn Giang", "birth_date": d("04/04/1966"), "event_date": d("01/07/2025"),
         "event_type": "transfer_in", "transfer_scope": "other_province"},
    ]  # fmt: skip
    path = _write(tmp_path / "b", [GIANG, khoa], events)
    run = validate_files([path], cutoff=CUTOFF)
    outside = sorted(i.cell for i in run.issues if i.code == "event.outside_period")
    first = layout.FIRST_DATA_ROW
    assert outside == [layout.EVENTS.cell("event_date", first + k) for k in (1, 2)]
    kept = [i.cell for i in run.issues if i.code == "event.readmission_before_period"]
    assert kept == [layout.EVENTS.cell("event_date", first)]
    assert [i.code for i in run.issues if i.code == "member.official_before_readmission"] == [
        "member.official_before_readmission"
    ]


def test_the_work_lists_count_the_probation_from_the_kept_row_and_mark_the_badge(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    _ward(folder, kept=True)
    out = tmp_path / "danh_sach.xlsx"
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    probation = {
        r[3].value: (r[6].value.date(), r[7].value, r[3].font.color.rgb if r[3].font.color else None)
        for r in book["Dự bị đến hạn"].iter_rows(min_row=HEADER_ROW + 1)
        if r[0].value is not None
    }
    due, note, colour = probation["Đỗ Văn Giang"]
    assert due == d("01/06/2026")
    assert note == (
        "Còn 62 ngày; hạn xét chính thức 13/7/2026; 12 tháng dự bị tính từ ngày kết nạp lại 01/6/2025 "
        "(dòng “Kết nạp lại”, CB01.xlsx, "
        "Biến động dòng 2)"
    )
    assert colour != "FF9C0006"
    badge = [
        r
        for r in book["Huy hiệu Đảng"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)
        if "Đỗ Văn Giang" in r
    ]
    assert len(badge) == 1
    assert any(isinstance(v, str) and "Tính lại tuổi đảng" in v for v in badge[0]), badge


# When each output was made ("Lập lúc 03/12/2026 09:38"): two runs a minute apart differ there.
_MADE_AT = re.compile(r"^Lập lúc \d{2}/\d{2}/\d{4} \d{2}:\d{2}")


def _sheets(book: openpyxl.Workbook, names: tuple[str, ...]) -> dict[str, list[tuple[Any, ...]]]:
    """Each sheet's values, the run's time of making taken out (the rest must be equal)."""
    return {
        n: [
            tuple(_MADE_AT.sub("Lập lúc", v) if isinstance(v, str) else v for v in r)
            for r in book[n].iter_rows(values_only=True)
        ]
        for n in names
    }


def test_the_kept_row_counts_in_no_figure(tmp_path: Path) -> None:
    """The same ward with and without the kept row: Biểu 1, Biểu 2 and Tổng hợp are the same,
    even in a run whose period (`--since 01/04/2025`, the file's later start said by
    `org.period_start_differs`) holds the row's date."""
    books = {}
    for kept in (True, False):
        folder = tmp_path / ("co" if kept else "khong") / "bai_nop"
        _ward(folder, kept=kept)
        out = folder.parent / "tong_hop.xlsx"
        args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "--since", "01/04/2025"]
        args += ["--form-period", "01/04/2025..31/03/2026"]
        result = CliRunner().invoke(main, [*args, "--no-history", "-o", str(out)])
        assert result.exit_code == 0, result.output
        books[kept] = openpyxl.load_workbook(out)
    names = ("Biểu 1-BTCTW", "Biểu 2-BTCTW", "Tổng hợp", "Theo tổ chức", "Biến động theo năm")
    assert set(names) <= set(books[True].sheetnames), books[True].sheetnames
    assert _sheets(books[True], names) == _sheets(books[False], names)


def test_a_deadline_years_past_says_how_to_record_a_readmission(tmp_path: Path) -> None:
    """Without the row the deadline is the first admission's (1997): the message says that a
    readmitted member's probation counts from the readmission and where to write it."""
    path = _ward(tmp_path / "c", kept=False)
    run = validate_files([path], cutoff=CUTOFF)
    overdue = [i for i in run.issues if i.code == "member.probation_overdue"]
    assert len(overdue) == 1
    assert "(hạn 30/06/1997)" in overdue[0].message
    assert (
        "giữ (hoặc ghi) dòng “Kết nạp lại” ở sheet “Biến động”, kể cả khi ngày đó trước kỳ"
        in overdue[0].message
    )


def test_the_guide_says_to_keep_the_row_in_a_new_period(tmp_path: Path) -> None:
    """The blank template's `Hướng dẫn` tells the secretary to keep the row when starting a new
    period."""
    result = CliRunner().invoke(main, ["template", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (path,) = tmp_path.glob("*.xlsx")
    lines = [c.value for c in openpyxl.load_workbook(path)[layout.SHEET_GUIDE]["A"] if c.value]
    assert any(
        "kỳ mới" in v and "“Kết nạp lại”" in v and "dự bị" in v and "đã được công nhận chính thức" in v
        for v in lines
    ), lines  # recognised members too (hunt65 #2: their official date and party age need it)


def test_a_readmission_a_member_was_recognised_from_is_kept_for_the_recognitions_checks(
    tmp_path: Path,
) -> None:
    """Recognised 01/07/2025 from a readmission of 03/06/2024 (in time), both before the period:
    the row is kept, so `member.official_late` counts from it; without it the recognition would
    be told late by 28 years against the roll's first admission (1996)."""
    official = {**GIANG, "official_date": d("01/07/2025")}
    row = {**KEPT_ROW, "event_date": d("03/06/2024")}
    path = _write(tmp_path / "d", [official], [row])
    run = validate_files([path], cutoff=CUTOFF)
    codes = {i.code for i in run.issues}
    assert not run.has_errors, [i.message for i in run.issues if i.is_error]
    assert "event.readmission_before_period" in codes
    assert not codes & {
        "member.official_late",
        "member.official_too_early",
        "member.official_before_readmission",
    }


def test_the_row_of_a_member_who_left_the_roll_in_the_period_is_kept_too(tmp_path: Path) -> None:
    """hunt62 #1: on the roll at the period's start, the member then left it (moved out, died):
    the file's leaving row in the period says so. The kept row was an error that left the whole
    file out, for a row the guide says to keep."""
    leaving = {"full_name": "Đỗ Văn Giang", "birth_date": d("04/04/1966"), "event_date": d("10/02/2026")}
    cases = {
        "chuyen_di": {**leaving, "event_type": "transfer_out", "transfer_scope": "other_province"},
        "tu_tran": {**leaving, "event_type": "died", "was_probationary": "yes"},
    }
    for name, row in cases.items():
        path = _write(
            tmp_path / name,
            [_member("Phan Văn Khoa", "03/03/1980", "male", "01/01/2010", "01/01/2011")],
            [KEPT_ROW, row],
        )
        run = validate_files([path], cutoff=CUTOFF)
        assert not run.has_errors, (name, [i.message for i in run.issues if i.is_error])
        assert "event.readmission_before_period" in {i.code for i in run.issues}, name


def test_a_kept_row_typed_without_accents_is_the_members_and_said_at_the_name(tmp_path: Path) -> None:
    """hunt62 #4: "Do Van Giang" on the row, "Đỗ Văn Giang" on the roll: the row was refused as
    outside the period (blaming its date), and the member told overdue since 1997 with advice to
    write a row already there. It is kept, the probation counts from it, and its own warning asks
    to type the name alike; `event.name_without_accents` ("two people") is not said of it, nor is
    it a pair the forms doubt (hunt65 #1, hunt64 #2)."""
    path = _write(tmp_path / "e", [GIANG], [{**KEPT_ROW, "full_name": "Do Van Giang"}])
    run = validate_files([path], cutoff=CUTOFF)
    codes = {i.code for i in run.issues}
    assert not run.has_errors, [i.message for i in run.issues if i.is_error]
    assert "member.probation_overdue" not in codes and "event.name_without_accents" not in codes, codes
    (kept,) = [i for i in run.issues if i.code == "event.readmission_before_period"]
    assert kept.message.endswith(
        "Họ tên ở dòng này chỉ khác họ tên của đảng viên (cùng ngày sinh) ở dấu, nên được coi là cùng "
        "một người; hãy ghi họ tên cho giống nhau."
    ), kept.message


def test_a_row_without_accents_two_members_could_be_is_neither_ones(tmp_path: Path) -> None:
    """hunt64 #1: "Nguyen Thi Thuy" readmitted, Nguyễn Thị Thủy (official since 1997, never
    readmitted) and Nguyễn Thị Thụy (readmitted, no official date) of one birth date: the row
    went to both, so Thủy was told her official date predates a readmission and listed on the
    probation and badge lists. Another tone is another name: the row is no one's."""
    thuy = _member("Nguyễn Thị Thủy", "04/04/1966", "female", "19/05/1996", "19/05/1997")
    thuy2 = _member("Nguyễn Thị Thụy", "04/04/1966", "female", "19/05/1996")
    row = {**KEPT_ROW, "full_name": "Nguyen Thi Thuy", "event_date": d("01/06/2025")}
    folder = tmp_path / "bai_nop"
    path = _write(folder, [thuy, thuy2], [row])
    run = validate_files([path], cutoff=CUTOFF)
    assert "member.official_before_readmission" not in {i.code for i in run.issues}
    out = tmp_path / "danh_sach.xlsx"
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    listed = [r[3] for r in book["Dự bị đến hạn"].iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r[0]]
    assert "Nguyễn Thị Thủy" not in listed, listed
    badge = [r for r in book["Huy hiệu Đảng"].iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r[0]]
    recount = [r for r in badge if any(isinstance(v, str) and "Tính lại tuổi đảng" in v for v in r)]
    assert not any("Nguyễn Thị Thủy" in r for r in recount), recount


def _probation_due(folder: Path, out: Path) -> dict[str, dt.date]:
    """`lists` of `folder`: each member of `Dự bị đến hạn` with the deadline listed."""
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return {  # an empty list is one line saying so
        r[3].value: r[6].value.date()
        for r in openpyxl.load_workbook(out)["Dự bị đến hạn"].iter_rows(min_row=HEADER_ROW + 1)
        if r[0].value is not None and r[6].value is not None
    }


def test_the_work_list_finds_a_kept_row_typed_without_accents(tmp_path: Path) -> None:
    """As validation does (above): the probation of "Đỗ Văn Giang" counts from the row typed
    "Do Van Giang", not from the roll's admission of 1996 (red, decades overdue)."""
    folder = tmp_path / "bai_nop"
    _write(folder, [GIANG], [{**KEPT_ROW, "full_name": "Do Van Giang"}])
    rows = _probation_due(folder, tmp_path / "danh_sach.xlsx")
    assert rows["Đỗ Văn Giang"] == d("01/06/2026"), rows


def test_a_row_without_accents_is_its_own_files_member_before_another_files(tmp_path: Path) -> None:
    """hunt66 #1: "Nguyen Thi Thuy" kept in CB01 for its Nguyễn Thị Thủy, while another chi bộ
    has a Nguyễn Thị Thụy of the same birth date (official since 1991): the row's warning said it
    was Thủy's, and the same whole-ward run said her probation overdue since 1997 and listed her
    red. The row is the one member of its own file it can be."""
    thuy = _member("Nguyễn Thị Thủy", "04/04/1966", "female", "19/05/1996")
    khoa = _member("Phan Văn Khoa", "03/03/1980", "male", "01/01/2010", "01/01/2011")
    thuy2 = _member("Nguyễn Thị Thụy", "04/04/1966", "female", "19/05/1990", "19/05/1991")
    folder = tmp_path / "bai_nop"
    mine = _write(folder, [thuy, khoa], [{**KEPT_ROW, "full_name": "Nguyen Thi Thuy"}])
    other = _write(folder, [thuy2], [], org=0)
    run = validate_files([mine, other], cutoff=CUTOFF)
    codes = {i.code for i in run.issues}
    assert "event.readmission_before_period" in codes and "member.probation_overdue" not in codes, codes
    rows = _probation_due(folder, tmp_path / "danh_sach.xlsx")
    assert rows == {"Nguyễn Thị Thủy": d("01/06/2026")}, rows


def test_rows_without_accents_of_two_files_are_each_their_own_files_member(tmp_path: Path) -> None:
    """hunt68 #1: CB01 keeps "Nguyen Thi Thuy" for its Thủy, CB02 the same spelling for its Thụy
    (one birth date): the rows were merged by spelling before being matched, so Thụy lost hers
    (overdue since 1991, red). Each row is its own file's member's."""
    thuy = _member("Nguyễn Thị Thủy", "04/04/1966", "female", "19/05/1996")
    thuy2 = _member("Nguyễn Thị Thụy", "04/04/1966", "female", "19/05/1990")
    row = {**KEPT_ROW, "full_name": "Nguyen Thi Thuy"}
    folder = tmp_path / "bai_nop"
    paths = [_write(folder, [thuy], [row]), _write(folder, [thuy2], [row], org=0)]
    run = validate_files(paths, cutoff=CUTOFF)
    assert "member.probation_overdue" not in {i.code for i in run.issues}
    due = _probation_due(folder, tmp_path / "danh_sach.xlsx")
    assert due == {"Nguyễn Thị Thủy": d("01/06/2026"), "Nguyễn Thị Thụy": d("01/06/2026")}, due


def test_a_row_without_accents_kept_for_a_leaver_is_no_other_members(tmp_path: Path) -> None:
    """hunt68 #2: CB01 keeps "Nguyen Thi Thuy" for its Thủy, who died in the period (off every
    roll); CB02's Thụy (one birth date, official since 1997, never readmitted) got the row: told
    her official date predates a readmission, listed for probation and a party-age recount."""
    died = {"full_name": "Nguyễn Thị Thủy", "birth_date": d("04/04/1966"), "event_date": d("10/02/2026")}
    khoa = _member("Phan Văn Khoa", "03/03/1980", "male", "01/01/2010", "01/01/2011")
    thuy2 = _member("Nguyễn Thị Thụy", "04/04/1966", "female", "19/05/1996", "19/05/1997")
    folder = tmp_path / "bai_nop"
    mine = _write(
        folder,
        [khoa],
        [
            {**KEPT_ROW, "full_name": "Nguyen Thi Thuy"},
            {**died, "event_type": "died", "was_probationary": "yes"},
        ],
    )
    other = _write(folder, [thuy2], [], org=0)
    run = validate_files([mine, other], cutoff=CUTOFF)
    codes = {i.code for i in run.issues}
    assert "event.readmission_before_period" in codes and "member.official_before_readmission" not in codes, (
        codes
    )
    assert _probation_due(folder, tmp_path / "danh_sach.xlsx") == {}
