"""`ward-stats lists` on real submissions at the edges a tester found: a code typed in another
case, a rerun into the submissions folder, the exemption state and note of a member working
away, a struck row's note, the order of names, an absurd cut-off, and what "overdue" means
on the probation list."""

from __future__ import annotations

import copy
import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_worklists import CUTOFF, HEADER_ROW, PERIOD_START, REGISTRY, _member, d, submission

from tests.helpers_excel import saved_workbook
from toolkit.cli import main
from toolkit.core import layout, vocab
from toolkit.core.errors import InputError
from toolkit.core.model import Registry
from toolkit.excel.build import WORKBOOK_FILENAME
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import write_submission
from toolkit.worklists import build_work_lists
from toolkit.worklists.collect import STRUCK_NOTE


def lists(folder: Path, out: Path, *more: str) -> Any:
    args = ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out), *more]
    return CliRunner().invoke(main, args)


def rows(out: Path, sheet: str) -> list[tuple[Any, ...]]:
    ws = openpyxl.load_workbook(out)[sheet]
    return [r for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r[0] is not None]


# --- F1: a code typed in another case ------------------------------------------------------------


def test_a_code_typed_in_another_case_is_listed_as_the_registrys_in_its_order(tmp_path: Path) -> None:
    """`cb01` is the registry's `CB01` for consolidation: the lists show it so too, with the
    registry's name, in the registry's order (CB02 before CB01), not after every organisation
    under the typed code and the file's own name."""
    cb02, cb01 = REGISTRY.organisations[0], REGISTRY.organisations[1]
    folder = tmp_path / "bai_nop"
    submission(folder, cb02, [_member("Lý Văn Phúc", "02/02/1999", "male", "15/04/2025")])
    submission(
        folder,
        cb01,
        [_member("Nguyễn Văn An", "10/10/1990", "male", "31/03/2025")],
        code="cb01",
        name="Chi bộ TDP 1",
    )
    # The registry of these two (a registry organisation without a file makes the exit code 1).
    registry = write_registry(Registry([cb02, cb01]), tmp_path / "danh_muc.xlsx")
    out = tmp_path / "danh_sach.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert result.exit_code == 0, result.output
    assert [r[1:4] for r in rows(out, "Dự bị đến hạn")] == [
        ("CB02", cb02.org_name, "Lý Văn Phúc"),
        ("CB01", cb01.org_name, "Nguyễn Văn An"),
    ]


# --- F2: the lists written into the submissions folder, twice ---------------------------------


def _small_ward(folder: Path) -> dict[str, Path]:
    cb02, cb01 = REGISTRY.organisations[0], REGISTRY.organisations[1]
    return {
        "CB02": submission(folder, cb02, [_member("Lý Văn Phúc", "02/02/1999", "male", "15/04/2025")]),
        "CB01": submission(folder, cb01, [_member("Nguyễn Văn An", "10/10/1990", "male", "31/03/2025")]),
    }


def test_lists_written_into_the_submissions_folder_replace_their_earlier_file(tmp_path: Path) -> None:
    """The lists file is ward-stats' own workbook (its properties say so): validation leaves it
    out, and the next run replaces it, as consolidation replaces its earlier workbook; it is
    not called a submission whose data would be lost."""
    folder = tmp_path / "bai_nop"
    _small_ward(folder)
    out = folder / "danh_sach.xlsx"
    for run in range(2):
        result = lists(folder, out)
        assert result.exit_code == 0, (run, result.output)
        assert "Đã lập danh sách từ 2/2 tệp không có lỗi" in result.output, result.output
    assert [r[3] for r in rows(out, "Dự bị đến hạn")] == ["Nguyễn Văn An", "Lý Văn Phúc"]


def test_the_lists_file_of_the_settings_is_replaced_and_named_by_its_cell(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    paths = _small_ward(folder)
    book = saved_workbook(
        tmp_path / WORKBOOK_FILENAME,
        {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "ListsFile": "bai_nop/ds.xlsx"},
        Registry(list(REGISTRY.organisations[:2])),  # the two organisations that sent a file
    )
    for run in range(2):
        result = CliRunner().invoke(main, ["lists", "--settings", str(book)])
        assert result.exit_code == 0, (run, result.output)
    assert (folder / "ds.xlsx").is_file()
    # A cell naming a submission is refused, naming the cell the clerk filled (not -o).
    book = saved_workbook(
        tmp_path / WORKBOOK_FILENAME,
        {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "ListsFile": f"bai_nop/{paths['CB01'].name}"},
        REGISTRY,
    )
    before = paths["CB01"].read_bytes()
    refused = CliRunner().invoke(main, ["lists", "--settings", str(book)])
    assert refused.exit_code == 2, refused.output
    assert "Tệp danh sách (ô “Tệp danh sách” của tệp --settings, sheet “Điều khiển”, ô B10)" in refused.output
    assert "chính là tệp bài nộp" in refused.output and "danh sách -o" not in refused.output
    assert paths["CB01"].read_bytes() == before


def test_the_result_file_of_the_settings_is_named_by_its_cell(tmp_path: Path) -> None:
    """`consolidate --settings` as `lists`: the output the clerk chose in a cell is named so."""
    folder = tmp_path / "bai_nop"
    paths = _small_ward(folder)
    book = saved_workbook(
        tmp_path / WORKBOOK_FILENAME,
        {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "OutputFile": f"bai_nop/{paths['CB01'].name}"},
        REGISTRY,
    )
    before = paths["CB01"].read_bytes()
    refused = CliRunner().invoke(main, ["consolidate", "--settings", str(book), "--no-history"])
    assert refused.exit_code == 2, refused.output
    assert "Tệp kết quả (ô “Tệp kết quả” của tệp --settings, sheet “Điều khiển”, ô B8)" in refused.output
    assert "chính là tệp bài nộp" in refused.output and "kết quả -o" not in refused.output
    assert paths["CB01"].read_bytes() == before
    # -o written on the command line is named -o.
    typed = CliRunner().invoke(
        main, ["consolidate", "--settings", str(book), "--no-history", "-o", str(paths["CB01"])]
    )
    assert typed.exit_code == 2 and "Tệp kết quả -o" in typed.output, typed.output


# --- F3, F4: the state and the note of a member working away ---------------------------------


def test_the_state_and_note_of_members_working_away(tmp_path: Path) -> None:
    """An exemption in force from after the cut-off is said so whatever its reason (an old-age
    one was shown as in force); a reason of working away with the column left empty says it is
    unmarked, with the column saying `Không` says the two disagree."""
    cb01 = REGISTRY.organisations[1]
    away = {"exempt_reason": "working_away"}
    members = [
        _member("Ngô Văn Long", "01/01/1950", "male", "01/01/1980", "01/01/1981", working_away="yes")
        | {"exempt_from": d("01/05/2026"), "exempt_reason": "old_age_ill_health"},
        _member("Ngô Văn Lâm", "01/01/1985", "male", "01/01/2010", "01/01/2011", working_away="yes")
        | {"exempt_from": d("01/05/2026"), **away},
        _member("Ngô Văn Hải", "01/01/1986", "male", "01/01/2010", "01/01/2011", working_away="no")
        | {"exempt_from": d("01/03/2026"), **away},
        _member("Ngô Văn Khoa", "01/01/1987", "male", "01/01/2010", "01/01/2011")
        | {"exempt_from": d("01/03/2026"), **away},
    ]
    folder = tmp_path / "bai_nop"
    submission(folder, cb01, members)
    out = tmp_path / "danh_sach.xlsx"
    result = lists(folder, out)
    assert result.exit_code == 0, result.output
    found = {r[3]: (r[7], r[9]) for r in rows(out, "Đi làm ăn xa")}
    assert found == {
        "Ngô Văn Long": ("Miễn (tuổi cao, sức khỏe yếu) từ 01/5/2026 (sau ngày chốt)", None),
        "Ngô Văn Lâm": ("Tạm miễn từ 01/5/2026 (sau ngày chốt)", None),
        "Ngô Văn Hải": (
            "Tạm miễn",
            "Cột “Đi làm ăn xa” ghi “Không” nhưng lý do miễn là đi làm ăn, lao động xa: hỏi lại chi bộ",
        ),
        "Ngô Văn Khoa": ("Tạm miễn", "Chưa đánh dấu cột “Đi làm ăn xa”"),
    }


# --- F5: a struck row's note -------------------------------------------------------------------


def test_a_struck_rows_note_is_its_own_sentence_after_the_rows_note(tmp_path: Path) -> None:
    cb01 = REGISTRY.organisations[1]
    folder = tmp_path / "bai_nop"
    path = submission(folder, cb01, [_member("Nguyễn Văn An", "10/10/1990", "male", "30/04/2025")])
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_MEMBERS]
    for cell in ws[layout.FIRST_DATA_ROW][:8]:  # struck through as Excel's Ctrl+5 does
        font = copy.copy(cell.font)
        font.strike = True
        cell.font = font
    wb.save(path)
    out = tmp_path / "danh_sach.xlsx"
    result = lists(folder, out)
    assert result.exit_code == 0, result.output
    [row] = rows(out, "Dự bị đến hạn")
    # Probation ends 30/04/2026, 30 days after the cut-off.
    assert row[-2] == f"Còn 30 ngày; hạn xét chính thức 12/6/2026. {STRUCK_NOTE}"
    assert STRUCK_NOTE.startswith("Dòng của đảng viên này bị gạch ngang")


# --- F6: names in Vietnamese alphabetical order ------------------------------------------------


def test_names_sort_in_vietnamese_alphabetical_order() -> None:
    """By hand, from the alphabet a ă â b c d đ e ê … o ô ơ … u ư … y and the tones none,
    huyền, hỏi, ngã, sắc, nặng: a tone never moves a letter, đ comes after d, a space before
    any letter; case and the way a tone was typed do not count."""
    ordered = [
        "Dương Văn An",
        "Đỗ Văn Hải",
        "Lê An",
        "Lê Anh",
        "Lê Ành",
        "Lê Ảnh",
        "Lê Ãnh",
        "Lê Ánh",
        "Lê Ạnh",
        "Lê Anh Đào",
        "Lê Ăn",
        "Lê Ân",
        "Lê Bé",
        "Ngô Hòa",
        "Ngô Hoan",
        "Ô Văn Tư",
        "Ơ Văn Tư",
        "Ư Văn Tư",
        "Vũ Văn Yên",
    ]
    assert sorted(reversed(ordered), key=vocab.name_sort_key) == ordered
    assert vocab.name_sort_key("lê thị thuỷ") == vocab.name_sort_key("Lê Thị Thủy")
    decomposed = unicodedata.normalize("NFD", "Đỗ Văn Hải")
    assert vocab.name_sort_key(decomposed) == vocab.name_sort_key("Đỗ Văn Hải")


def test_names_sort_by_the_given_name_then_the_family_and_middle_names() -> None:
    """Official lists order names by the given name (tên, the last word), then by the family and
    middle names (họ đệm), each in Vietnamese alphabetical order: all the An before Ánh, and
    among the An, Dương before Đỗ before Nguyễn Văn."""
    ordered = [
        "An",
        "Dương An",
        "Đỗ An",
        "Nguyễn Văn An",
        "Trần Thị Ánh",
        "Lê Bình",
        "Lê Thị Bình",
        "Đỗ Văn Hải",
        "Vũ Văn Hải",
    ]
    assert sorted(reversed(ordered), key=vocab.given_name_sort_key) == ordered
    assert sorted(ordered[::2] + ordered[1::2], key=vocab.given_name_sort_key) == ordered
    assert vocab.given_name_sort_key("  lê   thị thuỷ ") == vocab.given_name_sort_key("Lê Thị Thủy")
    decomposed = unicodedata.normalize("NFD", "Đỗ Văn Hải")
    assert vocab.given_name_sort_key(decomposed) == vocab.given_name_sort_key("Đỗ Văn Hải")
    assert sorted(["Lê Bình", "", "Đỗ An"], key=vocab.given_name_sort_key) == ["", "Đỗ An", "Lê Bình"]


def test_names_of_one_due_date_are_listed_by_given_name_in_vietnamese_alphabetical_order(
    tmp_path: Path,
) -> None:
    """A badge round shares one due date: its names are listed as official lists list them, by
    the given name, then the family and middle names, in the Vietnamese alphabet (Đỗ after
    Dương, Ánh after An), not by the family name nor the code points (Đ, Á after Z)."""
    cb01 = REGISTRY.organisations[1]
    names = [
        "Vũ Văn Hải",
        "Lê Thị Yến",
        "Nguyễn Văn An",
        "Đỗ Văn Hải",
        "Trần Thị Ánh",
        "Lê Bình",
        "Đỗ An",
        "Dương An",
        "Lê Thị Anh",
    ]
    members = [  # 30 years of party age on 19/05/2026, the first award date after the cut-off
        _member(name, "05/05/1970", "female" if " Thị " in name else "male", "19/05/1996", "19/05/1997")
        for name in names
    ]
    folder = tmp_path / "bai_nop"
    submission(folder, cb01, members)
    out = tmp_path / "danh_sach.xlsx"
    assert lists(folder, out).exit_code == 0
    assert [r[3] for r in rows(out, "Huy hiệu Đảng")] == [
        "Dương An",
        "Đỗ An",
        "Nguyễn Văn An",
        "Lê Thị Anh",
        "Trần Thị Ánh",
        "Lê Bình",
        "Đỗ Văn Hải",
        "Vũ Văn Hải",
        "Lê Thị Yến",
    ]


# --- F7: a cut-off too late for the calendar ---------------------------------------------------


def test_a_cutoff_too_late_for_the_calendar_is_refused_in_vietnamese(tmp_path: Path) -> None:
    """A cut-off typed in year 9999 stopped the lists with the program-fault message (12 months
    later is no date): the command refuses it as every command does (`dates.outside_run_dates`),
    the function the lists are drawn by refuses it too, before anything is read or written; the
    last cut-off allowed still gives lists."""
    folder = tmp_path / "bai_nop"
    _small_ward(folder)
    out = tmp_path / "danh_sach.xlsx"
    args = ["lists", str(folder), "-o", str(out), "--cutoff"]
    refused = CliRunner().invoke(main, [*args, "01/01/9999"])
    assert refused.exit_code == 2, refused.output
    assert refused.output.startswith(
        "Lỗi: --cutoff: “01/01/9999”: ngày 01/01/9999 nằm ngoài khoảng ngày biểu mẫu nhận "
        "(01/01/1900–31/12/2100); hãy kiểm tra lại năm."
    ), refused.output
    assert "không mong đợi" not in refused.output and "Traceback" not in refused.output
    assert not out.exists()
    with pytest.raises(InputError, match="quá xa"):
        build_work_lists([folder], cutoff=dt.date(9999, 12, 31))
    # The last cut-off allowed: the lists are drawn (no file has that cut-off: all left out).
    last = CliRunner().invoke(main, [*args, "31/12/2100"])
    assert last.exit_code == 1 and "Đã lập danh sách từ 0/2 tệp" in last.output, last.output
    assert out.is_file()


# --- F8: the probation list and validation read "overdue" alike ------------------------------


def test_a_probation_is_overdue_only_past_the_deadline_validation_gives(tmp_path: Path) -> None:
    """Recognition may come up to 30 working days after the 12 months (`member.probation_overdue`
    warns only after that): the list called a member "Quá hạn" in red from the first day after
    the 12 months, while validation of the same row raised nothing. A row whose 12 months have
    ended but whose deadline is not past says so with the deadline, in black; only a row past
    the deadline is red, exactly the rows validation warns about. Dates worked out by hand:
    31/03/2026 is a Tuesday; 30 working days are six weeks, from the Friday before when the 12
    months end on a weekend (the Monday after it is working day 1), and a week more over Tết
    (Monday 16 to Friday 20/02/2026) or a day more for each of 27/04, 30/04 and 01/05/2026."""
    cb01 = REGISTRY.organisations[1]
    members = [
        # 12 months end Saturday 28/02/2026; deadline Friday 27/02 + 6 weeks = 10/04/2026.
        _member("Nguyễn Văn Nhuận", "05/01/1995", "male", "28/02/2025"),
        # End Friday 20/03/2026, deadline 06/05/2026; recognised after the cut-off, in time.
        _member("Nguyễn Văn Chính", "07/01/1995", "male", "20/03/2025", "02/04/2026"),
        # End Tuesday 10/02/2026, deadline 10/02 + 7 weeks = 31/03/2026: the cut-off itself.
        _member("Trần Văn Đúng", "08/01/1995", "male", "10/02/2025"),
        # End Monday 09/02/2026, deadline 09/02 + 7 weeks = 30/03/2026: one day past.
        _member("Lê Văn Quá", "09/01/1995", "male", "09/02/2025"),
    ]
    folder = tmp_path / "bai_nop"
    path = submission(folder, cb01, members)
    out = tmp_path / "danh_sach.xlsx"
    result = lists(folder, out)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Dự bị đến hạn"]
    found = {
        r[3].value: (r[7].value, r[3].font.color.rgb if r[3].font.color else None)
        for r in ws.iter_rows(min_row=HEADER_ROW + 1)
        if r[0].value is not None
    }
    black = next(v for _, v in found.values() if v != "FF9C0006")
    assert found == {
        "Lê Văn Quá": ("Quá hạn xét chính thức 1 ngày (hạn 30/3/2026)", "FF9C0006"),
        "Trần Văn Đúng": ("Đã hết 12 tháng dự bị 49 ngày; hạn xét chính thức 31/3/2026", black),
        "Nguyễn Văn Nhuận": ("Đã hết 12 tháng dự bị 31 ngày; hạn xét chính thức 10/4/2026", black),
        "Nguyễn Văn Chính": (
            "Đã hết 12 tháng dự bị 11 ngày; hạn xét chính thức 06/5/2026; đã ghi ngày chính thức 02/4/2026",
            black,
        ),
    }
    assert ws["A2"].value.endswith("4 đảng viên, 1 dòng chữ đỏ cần xem ngay"), ws["A2"].value
    assert ws["A4"].value.endswith(
        "hạn xét chính thức là 30 ngày làm việc sau khi hết 12 tháng; dòng chữ đỏ: đã quá hạn xét chính thức."
    ), ws["A4"].value
    assert all(unicodedata.is_normalized("NFC", v) for v, _ in found.values())
    # Validation of the same file warns about the red row and only about it.
    from toolkit.validation import validate_files

    warned = [i.cell for i in validate_files([path]).issues if i.code == "member.probation_overdue"]
    assert warned == [layout.MEMBERS.cell("official_date", layout.FIRST_DATA_ROW + 3)]


# --- hunt39 #3: 30 working days after a weekend end count from the Monday as day 1 ----------


def test_a_probation_ending_on_a_saturday_is_overdue_on_the_monday_thirty_working_days_later(
    tmp_path: Path,
) -> None:
    """The 30 working days after 12 months ending on Saturday 31/01/2026 end on Friday
    20/03/2026 (six weeks and the five days of Tết, 16–20/02/2026), as after Friday
    30/01/2026: Monday 02/02 is working day 1. The weekend day was rolled to Monday and counted
    as day 0, so the deadline shown was a working day late, and on that day the Saturday
    member was listed in black and validation gave no `member.probation_overdue`. At a cut-off
    of Monday 23/03/2026 both members are 3 days past the deadline, red in the list and warned
    about by validation."""
    cb01 = REGISTRY.organisations[1]
    cutoff = d("23/03/2026")
    folder = tmp_path / "bai_nop"
    folder.mkdir(parents=True)
    members = [
        _member("Lê Văn Sáu", "08/07/1990", "male", "30/01/2025"),
        _member("Lê Văn Bảy", "07/07/1990", "male", "31/01/2025"),
    ]
    path = write_submission(
        folder / "CB01.xlsx",
        info={
            "org_code": cb01.org_code,
            "org_name": cb01.org_name,
            "org_tier": cb01.org_tier,
            "sector": cb01.sector,
            "cutoff_date": cutoff,
            "period_start": PERIOD_START,
        },
        members=[{"row_no": i, **m} for i, m in enumerate(members, start=1)],
        years=[{"year": y} for y in (2025, 2026)],
    )
    out = tmp_path / "danh_sach.xlsx"
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "23/03/2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Dự bị đến hạn"]
    found = {
        r[3].value: (r[7].value, r[3].font.color.rgb if r[3].font.color else None)
        for r in ws.iter_rows(min_row=HEADER_ROW + 1)
        if r[0].value is not None
    }
    assert found == {
        "Lê Văn Sáu": ("Quá hạn xét chính thức 3 ngày (hạn 20/3/2026)", "FF9C0006"),
        "Lê Văn Bảy": ("Quá hạn xét chính thức 3 ngày (hạn 20/3/2026)", "FF9C0006"),
    }
    from toolkit.validation import validate_files

    warned = [i for i in validate_files([path], cutoff=cutoff).issues if i.code == "member.probation_overdue"]
    row = layout.FIRST_DATA_ROW
    cells = sorted(layout.MEMBERS.cell("official_date", row + k) for k in (0, 1))
    assert sorted(i.cell for i in warned) == cells
    assert all("(hạn 20/03/2026)" in i.message for i in warned)


# --- hunt93 #1: working days exclude Vietnam's public holidays --------------------------------


@pytest.mark.parametrize(
    ("admission", "in_time", "late", "deadline", "black", "red"),
    [
        # 12 months end Monday 16/02/2026, the first of the five Tết days (16–20/02/2026): the
        # Monday after Tết, 23/02, is working day 1 and the 30th is Friday 03/04/2026, not
        # Monday 30/03/2026 (Monday to Friday only).
        pytest.param(
            "16/02/2025",
            "31/03/2026",
            "06/04/2026",
            "03/04/2026",
            "Đã hết 12 tháng dự bị 43 ngày; hạn xét chính thức 03/4/2026",
            "Quá hạn xét chính thức 3 ngày (hạn 03/4/2026)",
            id="tet-2026",
        ),
        # 12 months end Friday 29/08/2025; Quốc khánh is Monday 01/09 and Tuesday 02/09/2025:
        # the 30th working day is Tuesday 14/10/2025, not Friday 10/10/2025.
        pytest.param(
            "29/08/2024",
            "13/10/2025",
            "15/10/2025",
            "14/10/2025",
            "Đã hết 12 tháng dự bị 45 ngày; hạn xét chính thức 14/10/2025",
            "Quá hạn xét chính thức 1 ngày (hạn 14/10/2025)",
            id="quoc-khanh-2025",
        ),
    ],
)
def test_public_holidays_are_not_working_days_of_the_probation_deadline(
    tmp_path: Path, admission: str, in_time: str, late: str, deadline: str, black: str, red: str
) -> None:
    """Recognition may come up to 30 working days after the 12 months; Vietnam's public
    holidays (Bộ luật Lao động 2019, Điều 112) are not working days. Counting Monday to
    Friday only, a member whose 12 months end in Tết was listed red "Quá hạn" and warned about
    by validation while the deadline was still ahead. `ward-stats lists` and `validate` on
    the same file, at a cut-off before the deadline (black, no warning) and after it (red,
    warned, with the deadline)."""
    cb01 = REGISTRY.organisations[1]
    official_cell = layout.MEMBERS.cell("official_date", layout.FIRST_DATA_ROW)
    for cutoff, note, colour_red in ((in_time, black, False), (late, red, True)):
        folder = tmp_path / f"bai_nop_{cutoff.replace('/', '')}"
        folder.mkdir(parents=True)
        write_submission(
            folder / "CB01.xlsx",
            info={
                "org_code": cb01.org_code,
                "org_name": cb01.org_name,
                "org_tier": cb01.org_tier,
                "sector": cb01.sector,
                "cutoff_date": d(cutoff),
                "period_start": dt.date(2024, 1, 1),
            },
            members=[{"row_no": 1, **_member("Lê Văn Tết", "08/07/1990", "male", admission)}],
            years=[{"year": y} for y in range(2024, d(cutoff).year + 1)],
        )
        out = tmp_path / f"danh_sach_{cutoff.replace('/', '')}.xlsx"
        result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", cutoff, "-o", str(out)])
        assert result.exit_code == 0, result.output
        ws = openpyxl.load_workbook(out)["Dự bị đến hạn"]
        (row,) = [r for r in ws.iter_rows(min_row=HEADER_ROW + 1) if r[0].value is not None]
        assert row[3].value == "Lê Văn Tết" and row[7].value == note, (cutoff, row[7].value)
        assert ((row[3].font.color.rgb if row[3].font.color else None) == "FF9C0006") is colour_red
        report = tmp_path / f"kiem_tra_{cutoff.replace('/', '')}.json"
        checked = CliRunner().invoke(
            main, ["validate", str(folder), "--cutoff", cutoff, "--json", str(report), "--personal-data"]
        )
        assert checked.exit_code == 0, checked.output
        warned = [i for i in _json_issues(report) if i["code"] == "member.probation_overdue"]
        if colour_red:
            assert [i["cell"] for i in warned] == [official_cell], warned
            assert f"(hạn {deadline})" in warned[0]["message"], warned
        else:
            assert warned == [], warned


def test_validate_and_lists_count_the_holidays_without_importing_the_holidays_package(
    tmp_path: Path,
) -> None:
    """`ward-stats validate` and `ward-stats lists` in a fresh process, on a member whose 12
    months end on the first day of Tết 2026: the deadline leaves the Tết days out (03/04/2026)
    and the `holidays` package is never imported; the days off come from the generated table
    `toolkit.core.vn_days_off` (importing the package cost 0.5–0.75 s a run)."""
    import subprocess
    import sys

    cb01 = REGISTRY.organisations[1]
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    write_submission(
        folder / "CB01.xlsx",
        info={
            "org_code": cb01.org_code,
            "org_name": cb01.org_name,
            "org_tier": cb01.org_tier,
            "sector": cb01.sector,
            "cutoff_date": d("06/04/2026"),
            "period_start": dt.date(2024, 1, 1),
        },
        members=[{"row_no": 1, **_member("Lê Văn Tết", "08/07/1990", "male", "16/02/2025")}],
        years=[{"year": y} for y in (2024, 2025, 2026)],
    )
    report, out = tmp_path / "kiem_tra.json", tmp_path / "danh_sach.xlsx"
    code = f"""
import sys
from click.testing import CliRunner
from toolkit.cli import main
for args in (
    ["validate", {str(folder)!r}, "--cutoff", "06/04/2026", "--json", {str(report)!r}, "--personal-data"],
    ["lists", {str(folder)!r}, "--cutoff", "06/04/2026", "-o", {str(out)!r}],
):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
print(sorted(m for m in sys.modules if m.split(".")[0] == "holidays"))
"""
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip().splitlines()[-1] == "[]", ran.stdout
    warned = [i for i in _json_issues(report) if i["code"] == "member.probation_overdue"]
    assert len(warned) == 1 and "(hạn 03/04/2026)" in warned[0]["message"], warned
    ws = openpyxl.load_workbook(out)["Dự bị đến hạn"]
    (row,) = [r for r in ws.iter_rows(min_row=HEADER_ROW + 1) if r[0].value is not None]
    assert row[7].value == "Quá hạn xét chính thức 3 ngày (hạn 03/4/2026)"


def _json_issues(report: Path) -> list[dict[str, Any]]:
    import json

    issues: list[dict[str, Any]] = json.loads(report.read_text(encoding="utf-8"))["issues"]
    return issues


# --- hunt34 #1: a readmitted member's probation counts from the readmission -----------------


def test_a_readmitted_members_probation_counts_from_the_readmission_in_the_list_and_validation(
    tmp_path: Path,
) -> None:
    """The roll of a readmitted member may keep the first admission date (design §5): the 12
    months of probation count from the `Kết nạp lại` row (same name and birth date, in any file
    of the ward) when it is later. Đỗ Văn Giang, admitted 04/04/1990 and readmitted 01/06/2025,
    was listed "Quá hạn xét chính thức 12.738 ngày" in red and warned about by validation; his
    new probation ends 01/06/2026. Trần Văn Hậu (roll 10/03/1988), readmitted 02/01/2025 in
    another organisation's file: 12 months end Friday 02/01/2026, deadline six weeks later,
    13/02/2026; at 31/03/2026 he is overdue 46 days, in the list and in validation, which
    both say the probation counts from the readmission."""
    cb02, cb01 = REGISTRY.organisations[0], REGISTRY.organisations[1]
    folder = tmp_path / "bai_nop"
    giang = _member("Đỗ Văn Giang", "04/04/1966", "male", "04/04/1990")
    hau = _member("Trần Văn Hậu", "05/05/1965", "male", "10/03/1988")
    readmitted = {"event_type": "readmitted", "decision_no": "12-QĐ/ĐU"}
    folder.mkdir(parents=True)
    info = {
        "org_code": cb01.org_code,
        "org_name": cb01.org_name,
        "org_tier": cb01.org_tier,
        "sector": cb01.sector,
        "cutoff_date": CUTOFF,
        "period_start": PERIOD_START,
    }
    first = write_submission(
        folder / "CB01.xlsx",
        info=info,
        members=[{"row_no": i, **m} for i, m in enumerate((giang, hau), start=1)],
        events=[
            {
                "row_no": 1,
                "full_name": "Đỗ Văn Giang",
                "birth_date": d("04/04/1966"),
                "event_date": d("01/06/2025"),
                **readmitted,
            }
        ],  # fmt: skip
        years=[{"year": y} for y in (2025, 2026)],
    )
    second = write_submission(
        folder / "CB02.xlsx",
        info={**info, "org_code": cb02.org_code, "org_name": cb02.org_name, "sector": cb02.sector},
        members=[{"row_no": 1, **_member("Lý Văn Phúc", "02/02/1999", "male", "15/04/2024", "15/04/2025")}],
        events=[
            {
                "row_no": 1,
                "full_name": "Trần Văn Hậu",
                "birth_date": d("05/05/1965"),
                "event_date": d("02/01/2025"),
                **readmitted,
            }
        ],  # fmt: skip
        years=[{"year": y} for y in (2025, 2026)],
    )
    out = tmp_path / "danh_sach.xlsx"
    result = lists(folder, out)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Dự bị đến hạn"]
    found = {
        r[3].value: (r[6].value.date(), r[7].value, r[3].font.color.rgb if r[3].font.color else None)
        for r in ws.iter_rows(min_row=HEADER_ROW + 1)
        if r[0].value is not None
    }
    black = found["Đỗ Văn Giang"][2]
    assert black != "FF9C0006"
    assert found == {
        "Trần Văn Hậu": (
            d("02/01/2026"),
            "Quá hạn xét chính thức 46 ngày (hạn 13/02/2026); 12 tháng dự bị tính từ ngày kết nạp lại "
            "02/01/2025 (dòng “Kết nạp lại”, CB02.xlsx, Biến động dòng 2)",
            "FF9C0006",
        ),
        "Đỗ Văn Giang": (
            d("01/06/2026"),
            "Còn 62 ngày; hạn xét chính thức 13/7/2026; 12 tháng dự bị tính từ ngày kết nạp lại 01/6/2025 "
            "(dòng “Kết nạp lại”, "
            "CB01.xlsx, Biến động dòng 2)",
            black,
        ),
    }
    from toolkit.validation import validate_files

    run = validate_files([first, second], cutoff=CUTOFF)
    warned = [i for i in run.issues if i.code == "member.probation_overdue"]
    assert [(i.file, i.cell) for i in warned] == [
        ("CB01.xlsx", layout.MEMBERS.cell("official_date", layout.FIRST_DATA_ROW + 1))
    ]
    assert (
        "Vào Đảng ngày 10/03/1988 (kết nạp lại ngày 02/01/2025, CB02.xlsx, Biến động dòng 2: 12 tháng dự bị "
        "tính từ ngày này)" in warned[0].message
    )
    assert "(hạn 13/02/2026)" in warned[0].message
    hidden = warned[0].without_personal_data().message
    assert "02/01/2025" not in hidden and "10/03/1988" not in hidden and "kết nạp lại ngày [đã ẩn]" in hidden


def test_a_readmitted_members_recognition_is_late_only_against_the_readmissions_probation(
    tmp_path: Path,
) -> None:
    """`member.official_late` counts the probation as `member.probation_overdue` does: from a
    `Kết nạp lại` row of the run later than the roll's admission date (and no later than the
    official date). Đỗ Văn Giang (roll 04/04/1990), readmitted 01/02/2025 and recognised
    02/03/2026, within his deadline, was told "muộn" by 35 years. Trần Văn Hậu (roll
    10/03/1988), readmitted 02/01/2025 in another file: 12 months end 02/01/2026, deadline
    13/02/2026, recognised 20/02/2026: late, and the message names the readmission. Lê Văn
    Bình's official date (1991) is older than his readmission (2025): it is his first
    membership's, late against his first admission, and the readmission is not named."""
    cb02, cb01 = REGISTRY.organisations[0], REGISTRY.organisations[1]
    folder = tmp_path / "bai_nop"
    folder.mkdir(parents=True)
    readmitted = {"event_type": "readmitted", "decision_no": "12-QĐ/ĐU"}
    roll = [
        _member("Đỗ Văn Giang", "04/04/1966", "male", "04/04/1990", "02/03/2026"),
        _member("Trần Văn Hậu", "05/05/1965", "male", "10/03/1988", "20/02/2026"),
        _member("Lê Văn Bình", "06/06/1967", "male", "04/04/1990", "02/09/1991"),
    ]
    info = {
        "org_code": cb01.org_code,
        "org_name": cb01.org_name,
        "org_tier": cb01.org_tier,
        "sector": cb01.sector,
        "cutoff_date": CUTOFF,
        "period_start": PERIOD_START,
    }
    first = write_submission(
        folder / "CB01.xlsx",
        info=info,
        members=[{"row_no": i, **m} for i, m in enumerate(roll, start=1)],
        events=[
            {
                "row_no": 1,
                "full_name": "Đỗ Văn Giang",
                "birth_date": d("04/04/1966"),
                "event_date": d("01/02/2025"),
                **readmitted,
            },
            {
                "row_no": 2,
                "full_name": "Lê Văn Bình",
                "birth_date": d("06/06/1967"),
                "event_date": d("01/03/2025"),
                **readmitted,
            },
        ],  # fmt: skip
        years=[{"year": y} for y in (2025, 2026)],
    )
    second = write_submission(
        folder / "CB02.xlsx",
        info={**info, "org_code": cb02.org_code, "org_name": cb02.org_name, "sector": cb02.sector},
        members=[{"row_no": 1, **_member("Lý Văn Phúc", "02/02/1999", "male", "15/04/2024", "15/04/2025")}],
        events=[
            {
                "row_no": 1,
                "full_name": "Trần Văn Hậu",
                "birth_date": d("05/05/1965"),
                "event_date": d("02/01/2025"),
                **readmitted,
            },
        ],  # fmt: skip
        years=[{"year": y} for y in (2025, 2026)],
    )
    from toolkit.validation import validate_files

    run = validate_files([first, second], cutoff=CUTOFF)
    late = {i.cell: i for i in run.issues if i.code == "member.official_late"}
    row = layout.FIRST_DATA_ROW
    assert sorted(late) == sorted(layout.MEMBERS.cell("official_date", row + k) for k in (1, 2))
    hau = late[layout.MEMBERS.cell("official_date", row + 1)].message
    assert (
        "(vào Đảng 10/03/1988, kết nạp lại ngày 02/01/2025 (CB02.xlsx, Biến động dòng 2), hết dự bị "
        "02/01/2026, hạn xét chính thức 13/02/2026)" in hau
    )
    binh = late[layout.MEMBERS.cell("official_date", row + 2)].message
    assert "kết nạp lại" not in binh and "(vào Đảng 04/04/1990, hết dự bị 04/04/1991," in binh
    hidden = late[layout.MEMBERS.cell("official_date", row + 1)].without_personal_data().message
    assert "02/01/2025" not in hidden and "kết nạp lại ngày [đã ẩn]" in hidden


# --- hunt39 #1 and #2: a readmitted member's official date against the readmission -----------


def _readmitted_ward(folder: Path, roll: list[dict[str, Any]], events: list[tuple[str, str, str]]) -> Path:
    """CB01's file with `roll` and a `Kết nạp lại` row per (name, birth, date) of `events`."""
    cb01 = REGISTRY.organisations[1]
    folder.mkdir(parents=True, exist_ok=True)
    return write_submission(
        folder / "CB01.xlsx",
        info={
            "org_code": cb01.org_code,
            "org_name": cb01.org_name,
            "org_tier": cb01.org_tier,
            "sector": cb01.sector,
            "cutoff_date": CUTOFF,
            "period_start": PERIOD_START,
        },
        members=[{"row_no": i, **m} for i, m in enumerate(roll, start=1)],
        events=[
            {
                "row_no": i,
                "full_name": name,
                "birth_date": d(birth),
                "event_date": d(date),
                "event_type": "readmitted",
                "decision_no": "12-QĐ/ĐU",
            }
            for i, (name, birth, date) in enumerate(events, start=1)
        ],
        years=[{"year": y} for y in (2025, 2026)],
    )


def test_a_readmitted_members_recognition_is_too_early_against_the_readmissions_probation(
    tmp_path: Path,
) -> None:
    """`member.official_too_early` counts the 12 months as `member.official_late` does: from a
    `Kết nạp lại` row of the run later than the roll's admission date and no later than the
    official date. Phạm Văn Lại (roll 15/03/2010, the first admission), readmitted 01/06/2025
    and recognised 02/02/2026, eight months into the new probation, got no error: only 2010
    was compared, and the figures counted him a full member. Đỗ Văn Giang, readmitted
    01/02/2025 and recognised 02/03/2026, after his 12 months, is not too early."""
    roll = [
        _member("Phạm Văn Lại", "05/05/1985", "male", "15/03/2010", "02/02/2026"),
        _member("Đỗ Văn Giang", "04/04/1966", "male", "04/04/1990", "02/03/2026"),
    ]
    path = _readmitted_ward(
        tmp_path / "bai_nop",
        roll,
        [("Phạm Văn Lại", "05/05/1985", "01/06/2025"), ("Đỗ Văn Giang", "04/04/1966", "01/02/2025")],
    )
    from toolkit.validation import validate_files

    early = [i for i in validate_files([path], cutoff=CUTOFF).issues if i.code == "member.official_too_early"]
    assert [i.cell for i in early] == [layout.MEMBERS.cell("official_date", layout.FIRST_DATA_ROW)]
    assert early[0].severity == "error"
    assert (
        "02/02/2026 sớm hơn ngày vào Đảng 15/03/2010 (kết nạp lại ngày 01/06/2025, CB01.xlsx, Biến động "
        "dòng 2: 12 tháng dự bị tính từ ngày này) cộng 12 tháng (01/06/2026). Hãy kiểm tra ngày chính "
        "thức và ngày kết nạp lại." in early[0].message
    ), early[0].message
    hidden = early[0].without_personal_data().message
    assert "01/06/2025" not in hidden and "02/02/2026" not in hidden and "15/03/2010" not in hidden
    assert "(kết nạp lại ngày [đã ẩn]: 12 tháng dự bị tính từ ngày này)" in hidden
    assert unicodedata.is_normalized("NFC", early[0].message)


def test_an_official_date_older_than_the_readmission_is_warned_about_and_listed(tmp_path: Path) -> None:
    """A member readmitted in the period whose roll keeps the first membership's official date
    (copied with the old row) is probationary again, yet was counted a full member, left out of
    `Dự bị đến hạn` and warned about by nothing. `member.official_before_readmission` says so
    at the official date, naming the `Kết nạp lại` row, and says how the figures count him
    (they read the roll: a full member); the probation list lists him from the readmission
    with a note saying the official date predates it. Lý Văn Trống (official 20/03/2011),
    readmitted 01/06/2025: 12 months end 01/06/2026, 62 days ahead, in black. Trần Văn Hậu
    (official 10/03/1989), readmitted 02/01/2025: 12 months end Friday 02/01/2026, deadline
    13/02/2026, overdue at 31/03/2026: red, and the warning says the deadline is past. Đỗ Văn
    Giang, recognised again after his readmission, is neither warned about nor listed."""
    roll = [
        _member("Lý Văn Trống", "03/03/1980", "male", "01/03/2010", "20/03/2011"),
        _member("Trần Văn Hậu", "05/05/1965", "male", "10/03/1988", "10/03/1989"),
        _member("Đỗ Văn Giang", "04/04/1966", "male", "04/04/1990", "02/03/2026"),
    ]
    folder = tmp_path / "bai_nop"
    path = _readmitted_ward(
        folder,
        roll,
        [
            ("Lý Văn Trống", "03/03/1980", "01/06/2025"),
            ("Trần Văn Hậu", "05/05/1965", "02/01/2025"),
            ("Đỗ Văn Giang", "04/04/1966", "01/02/2025"),
        ],
    )
    from toolkit.validation import validate_files

    issues = validate_files([path], cutoff=CUTOFF).issues
    assert not [i for i in issues if i.severity == "error"], [i.message for i in issues]
    warned = {i.cell: i for i in issues if i.code == "member.official_before_readmission"}
    row = layout.FIRST_DATA_ROW
    assert sorted(warned) == sorted(layout.MEMBERS.cell("official_date", row + k) for k in (0, 1))
    trong = warned[layout.MEMBERS.cell("official_date", row)]
    assert trong.severity == "warning"
    assert (
        "Ngày chính thức 20/03/2011 có trước ngày kết nạp lại 01/06/2025 (CB01.xlsx, Biến động dòng 2): "
        "đây là ngày chính thức của lần vào Đảng trước. Người được kết nạp lại phải dự bị lại 12 tháng "
        "(hết dự bị 01/06/2026, hạn xét chính thức 13/07/2026), nhưng số liệu vẫn tính người này là đảng "
        "viên chính thức theo ngày chính thức đang ghi. Hãy xóa ngày chính thức cũ hoặc ghi ngày được "
        "công nhận chính thức lại." in trong.message
    ), trong.message
    hau = warned[layout.MEMBERS.cell("official_date", row + 1)].message
    assert "(hết dự bị 02/01/2026, hạn xét chính thức 13/02/2026, đến ngày chốt 31/03/2026 đã quá hạn)" in hau
    hidden = trong.without_personal_data().message
    assert "20/03/2011" not in hidden and "01/06/2025" not in hidden and "01/06/2026" not in hidden
    assert "có trước ngày kết nạp lại [đã ẩn] (CB01.xlsx, Biến động dòng 2)" in hidden
    # Nothing else counts them probationary: the figures read the roll.
    assert not [i for i in issues if i.code in ("member.official_too_early", "member.official_late")]

    out = tmp_path / "danh_sach.xlsx"
    result = lists(folder, out)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Dự bị đến hạn"]
    found = {
        r[3].value: (r[6].value.date(), r[7].value, r[3].font.color.rgb if r[3].font.color else None)
        for r in ws.iter_rows(min_row=HEADER_ROW + 1)
        if r[0].value is not None
    }
    black = found["Lý Văn Trống"][2]
    assert black != "FF9C0006"
    assert found == {
        "Trần Văn Hậu": (
            d("02/01/2026"),
            "Quá hạn xét chính thức 46 ngày (hạn 13/02/2026); 12 tháng dự bị tính từ ngày kết nạp lại "
            "02/01/2025 (dòng “Kết nạp lại”, CB01.xlsx, Biến động dòng 3); ngày chính thức 10/3/1989 ghi "
            "trên danh sách có trước ngày kết nạp lại: là của lần vào Đảng trước (số liệu vẫn tính là đảng "
            "viên chính thức)",
            "FF9C0006",
        ),
        "Lý Văn Trống": (
            d("01/06/2026"),
            "Còn 62 ngày; hạn xét chính thức 13/7/2026; 12 tháng dự bị tính từ ngày kết nạp lại 01/6/2025 "
            "(dòng “Kết nạp lại”, CB01.xlsx, "
            "Biến động dòng 2); ngày chính thức 20/3/2011 ghi trên danh sách có trước ngày kết nạp lại: là "
            "của lần vào Đảng trước (số liệu vẫn tính là đảng viên chính thức)",
            black,
        ),
    }
