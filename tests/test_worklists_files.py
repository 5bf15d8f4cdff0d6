"""`ward-stats lists` on real submissions: the workbook it writes, its links, its printing, its
refusals, and the privacy of the lists (never in the consolidated workbook or the JSON)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_worklists import CUTOFF, EXPECTED, REGISTRY, write_list_ward

from tests.helpers_excel import saved_workbook
from toolkit.cli import main
from toolkit.excel.build import WORKBOOK_FILENAME
from toolkit.outputs.registry_file import write_registry

HEADER_ROW = 5  # 1-based: title, cut-off, coverage, rule, header
SHEETS = list(EXPECTED)


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The small ward, its registry file, and one run of `lists` on it."""
    root = tmp_path_factory.mktemp("lists")
    paths = write_list_ward(root / "bai_nop")
    registry = write_registry(REGISTRY, root / "danh_muc.xlsx")
    out = root / "ket_qua" / "danh_sach.xlsx"
    out.parent.mkdir()
    args = [
        "lists",
        str(root / "bai_nop"),
        "--registry",
        str(registry),
        "--cutoff",
        "31/03/2026",
        "-o",
        str(out),
    ]
    result = CliRunner().invoke(main, args)
    return {"root": root, "paths": paths, "registry": registry, "out": out, "result": result}


def rows_of(ws: Any) -> list[tuple[Any, ...]]:
    return [r for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r[0] is not None]


def test_the_command_writes_the_four_lists_and_says_the_file_holds_personal_data(
    ward: dict[str, Any],
) -> None:
    result = ward["result"]
    assert result.exit_code == 1, result.output  # CB03 has an error: its file is left out
    out = result.output
    assert "Đã lập danh sách từ 2/3 tệp không có lỗi (số liệu đến ngày 31/03/2026)." in out
    assert (
        "Dự bị đến hạn: 5 (2 chữ đỏ); Huy hiệu Đảng: 3 (1 chữ đỏ); Miễn, tạm miễn: 2; Đi làm ăn xa: 2." in out
    )
    assert (
        "1 tệp có lỗi không được đưa vào danh sách (CB03.xlsx của CB03); chạy “ward-stats validate” để "
        "xem lỗi." in out
    )
    assert f"Tệp danh sách: {ward['out']}" in out
    assert "Tệp danh sách có họ tên, ngày sinh của đảng viên (dữ liệu cá nhân)" in out
    wb = openpyxl.load_workbook(ward["out"])
    assert wb.sheetnames == SHEETS


def test_each_list_holds_exactly_its_members_sorted_by_organisation_then_due_date(
    ward: dict[str, Any],
) -> None:
    wb = openpyxl.load_workbook(ward["out"])
    for sheet, expected in EXPECTED.items():
        ws = wb[sheet]
        headers = [c.value for c in ws[HEADER_ROW]]
        due_col = len(headers) - 3  # ... due date, note, source cell
        got = [(r[1], r[3], r[due_col].date() if r[due_col] else None) for r in rows_of(ws)]
        assert got == expected, sheet
        assert [r[0] for r in rows_of(ws)] == list(range(1, len(expected) + 1))  # STT
        assert headers[:5] == ["STT", "Mã tổ chức", "Tổ chức đảng", "Họ và tên", "Ngày sinh"]
        assert headers[-2:] == ["Ghi chú", "Ô nguồn"]
    names = {r[3] for ws in wb.worksheets for r in rows_of(ws)}
    assert not names & {"Tạ Văn Sơn", "Kim Thị Tâm", "Lâm Văn Tú"}  # CB03's file has an error


def test_dates_stay_dates_and_the_details_of_each_list_are_shown(ward: dict[str, Any]) -> None:
    wb = openpyxl.load_workbook(ward["out"])
    badges = {r[3]: r for r in rows_of(wb["Huy hiệu Đảng"])}
    em = badges["Hoàng Văn Em"]
    assert em[2] == "Chi bộ Tổ dân phố số 1" and em[4] == dt.datetime(1970, 5, 5)
    assert em[5:9] == (dt.datetime(1996, 5, 19), 30, dt.datetime(2026, 5, 19), dt.datetime(2026, 5, 19))
    giang = badges["Vũ Thị Giang"]
    assert giang[6] == 50 and giang[9].startswith("Tính lại tuổi đảng: có dòng “Kết nạp lại”")
    cell = wb["Huy hiệu Đảng"].cell(HEADER_ROW + 1, 5)
    assert cell.number_format == "dd/mm/yyyy"
    away = {r[3]: r for r in rows_of(wb["Đi làm ăn xa"])}
    assert away["Bùi Thị Khánh"][7] == "Tạm miễn đã quá 12 tháng" and away["Hồ Văn Minh"][7] == "Không miễn"


def test_overdue_and_recount_rows_are_red(ward: dict[str, Any]) -> None:
    wb = openpyxl.load_workbook(ward["out"])
    ws = wb["Dự bị đến hạn"]
    colours = {
        r[3].value: r[3].font.color.rgb if r[3].font.color else None for r in ws.iter_rows(min_row=HEADER_ROW)
    }
    assert colours["Phạm Thị Dung"] == "FF9C0006"
    assert colours["Vũ Thị Giang"] == "FF9C0006"  # official date older than her readmission
    assert colours["Nguyễn Văn An"] != "FF9C0006"


def test_every_row_links_to_the_members_cell_in_its_submission(ward: dict[str, Any]) -> None:
    wb = openpyxl.load_workbook(ward["out"])
    cb01 = ward["paths"]["CB01"]
    links = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=HEADER_ROW + 1):
            if row[0].value is None:
                continue
            link = row[-1].hyperlink
            assert link is not None, (ws.title, row[3].value)
            links[(ws.title, row[3].value)] = (link.target, link.location, row[-1].value)
    relative = os.path.relpath(cb01, ward["out"].parent).replace("/", "\\")
    # Nguyễn Văn An is row 2 of CB01: the link opens the official date (G), where recognition goes.
    assert links[("Dự bị đến hạn", "Nguyễn Văn An")] == (relative, "'Đảng viên'!I2", "I2")
    assert links[("Huy hiệu Đảng", "Hoàng Văn Em")] == (relative, "'Đảng viên'!H6", "H6")
    assert links[("Miễn, tạm miễn", "Bùi Thị Khánh")] == (relative, "'Đảng viên'!R9", "R9")
    assert links[("Miễn, tạm miễn", "Đỗ Văn Long")] == (relative, "'Đảng viên'!S10", "S10")
    assert links[("Đi làm ăn xa", "Hồ Văn Minh")] == (relative, "'Đảng viên'!T11", "T11")
    # The link is right: that cell of the submission holds what the list says.
    sub = openpyxl.load_workbook(cb01)["Đảng viên"]
    assert sub["B6"].value == "Hoàng Văn Em" and sub["H6"].value == dt.datetime(1996, 5, 19)


def test_each_sheet_prints_on_a4_landscape_with_a_title_naming_the_cutoff(ward: dict[str, Any]) -> None:
    wb = openpyxl.load_workbook(ward["out"])
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
        fit = ws.page_setup
        assert (
            ws.sheet_properties.pageSetUpPr.fitToPage and fit.fitToWidth in (None, 1) and fit.fitToHeight == 0
        )
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        assert ws["A1"].value.startswith("DANH SÁCH ĐẢNG VIÊN")
        assert ws["A2"].value.startswith("Ngày chốt số liệu 31/3/2026 · ")
        assert "dữ liệu cá nhân" in ws.oddHeader.left.text
        # As README, docs/excel.md and the console say: neither social networks nor e-mail (the
        # printed pages said social networks only).
        assert "không gửi qua mạng xã hội hay thư điện tử" in ws.oddHeader.left.text
        assert ws.freeze_panes == f"A{HEADER_ROW + 1}"


def test_an_empty_list_says_so(tmp_path: Path) -> None:
    paths = write_list_ward(tmp_path / "bai_nop")
    # CB02 alone (CB03's file, left out for its error, would make the run incomplete, and its
    # empty lists say so: test_worklists_coverage): nobody exempted, nobody working away.
    paths["CB01"].unlink()
    paths["CB03"].unlink()
    out = tmp_path / "ds.xlsx"
    result = CliRunner().invoke(
        main, ["lists", str(tmp_path / "bai_nop"), "--cutoff", "2026-03-31", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Đi làm ăn xa"]
    assert ws.cell(HEADER_ROW + 1, 1).value == "Không có đảng viên nào trong danh sách này."
    assert ws.cell(HEADER_ROW + 1, 1).font.color.rgb == "FF006100"
    assert "Ngày chốt số liệu 31/3/2026 · 0 đảng viên" == ws["A2"].value


def test_no_personal_data_is_refused_with_a_reason(ward: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "ds.xlsx"
    args = [
        "lists",
        str(ward["root"] / "bai_nop"),
        "--cutoff",
        "31/03/2026",
        "-o",
        str(out),
        "--no-personal-data",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "không dùng được với --no-personal-data" in result.output
    assert "phải có họ tên đảng viên thì mới dùng được" in result.output
    assert not out.exists()


def test_the_output_file_and_the_cutoff_are_required(ward: dict[str, Any]) -> None:
    folder = str(ward["root"] / "bai_nop")
    for args, missing in (
        (["lists", folder, "--cutoff", "31/03/2026"], "Lỗi: Chưa ghi tùy chọn bắt buộc -o / --output."),
        (["lists", folder, "-o", "x.xlsx"], "Lỗi: Chưa ghi tùy chọn bắt buộc --cutoff."),
        (["lists"], "Lỗi: Thiếu tham số THƯ_MỤC."),
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2 and missing in result.output, args


def test_a_submission_is_never_overwritten_by_the_lists(tmp_path: Path) -> None:
    paths = write_list_ward(tmp_path / "bai_nop")
    before = hashlib.sha256(paths["CB02"].read_bytes()).hexdigest()
    args = ["lists", str(tmp_path / "bai_nop"), "--cutoff", "31/03/2026", "-o", str(paths["CB02"])]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "chính là tệp bài nộp" in result.output  # refused before anything is read
    assert hashlib.sha256(paths["CB02"].read_bytes()).hexdigest() == before


def test_the_lists_never_replace_a_result_of_ward_stats(tmp_path: Path) -> None:
    """The consolidated workbook is the file sent on: the lists, with members' names and birth
    dates, written over it would leave the run's JSON and history naming a workbook that is no
    longer it (a tester found `lists -o tổng hợp.xlsx` accepted)."""
    folder = tmp_path / "bai_nop"
    write_list_ward(folder)
    result_book = tmp_path / "tổng hợp.xlsx"
    summed = CliRunner().invoke(
        main, ["consolidate", str(folder), "--cutoff", "31/03/2026", "-o", str(result_book), "--no-history"]
    )
    assert summed.exit_code in (0, 1) and result_book.is_file(), summed.output
    before = hashlib.sha256(result_book.read_bytes()).hexdigest()
    refused = CliRunner().invoke(
        main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(result_book)]
    )
    assert refused.exit_code == 2, refused.output
    assert "là tệp kết quả của ward-stats" in refused.output and "Traceback" not in refused.output
    assert hashlib.sha256(result_book.read_bytes()).hexdigest() == before
    # The function the button uses refuses it too.
    from toolkit.core.errors import OutputError
    from toolkit.outputs.worklists import write_work_lists
    from toolkit.worklists import build_work_lists

    lists = build_work_lists([folder], cutoff=dt.date(2026, 3, 31))
    with pytest.raises(OutputError, match="là tệp kết quả của ward-stats"):
        write_work_lists(lists, result_book)
    assert hashlib.sha256(result_book.read_bytes()).hexdigest() == before
    # A lists file of an earlier day is replaced as before.
    earlier = tmp_path / "danh_sach.xlsx"
    for _ in range(2):
        done = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(earlier)])
        assert done.exit_code in (0, 1) and earlier.is_file(), done.output


def test_an_empty_folder_is_a_usage_failure(tmp_path: Path) -> None:
    (tmp_path / "rong").mkdir()
    result = CliRunner().invoke(
        main, ["lists", str(tmp_path / "rong"), "--cutoff", "31/03/2026", "-o", str(tmp_path / "x.xlsx")]
    )
    assert result.exit_code == 2 and "Không tìm thấy tệp bảng tính" in result.output


def test_the_lists_never_reach_the_consolidated_workbook_or_the_json(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    # Without personal data, the consolidation's issue messages name nobody: any name found
    # would have come from the lists.
    out, summary = tmp_path / "tong_hop.xlsx", tmp_path / "tong_hop.json"
    args = ["consolidate", str(ward["root"] / "bai_nop"), "--cutoff", "31/03/2026", "-o", str(out)]
    args += ["--json", str(summary), "--registry", str(ward["registry"]), "--no-personal-data"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert not set(openpyxl.load_workbook(out).sheetnames) & set(SHEETS)
    text = summary.read_text(encoding="utf-8")
    assert json.loads(text)["cutoff_date"] == "2026-03-31"
    listed = {name for rows in EXPECTED.values() for _, name, _ in rows}
    assert not [name for name in listed if name in text]
    assert "Huy hiệu" not in text and "lists" not in json.loads(text)


# --- the path without macros: --settings -----------------------------------------------------------


def test_settings_give_the_folder_cutoff_registry_and_lists_file(tmp_path: Path) -> None:
    write_list_ward(tmp_path / "bai_nop")
    settings = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "ListsFile": "rieng/ds.xlsx"}
    book = saved_workbook(tmp_path / WORKBOOK_FILENAME, settings, REGISTRY)
    (tmp_path / "rieng").mkdir()
    result = CliRunner().invoke(main, ["lists", "--settings", str(book)])
    assert result.exit_code == 1, result.output
    assert (tmp_path / "rieng" / "ds.xlsx").is_file()
    ws = openpyxl.load_workbook(tmp_path / "rieng" / "ds.xlsx")["Dự bị đến hạn"]
    # The registry sheet's order.
    assert [r[1] for r in rows_of(ws)] == ["CB02", "CB01", "CB01", "CB01", "CB01"]


def test_without_a_lists_file_setting_the_file_goes_beside_the_workbook(tmp_path: Path) -> None:
    write_list_ward(tmp_path / "bai_nop")
    book = saved_workbook(tmp_path / WORKBOOK_FILENAME, {"InputFolder": "bai_nop", "CutoffDate": CUTOFF})
    result = CliRunner().invoke(main, ["lists", "--settings", str(book)])
    assert result.exit_code == 1, result.output
    assert (tmp_path / "danh_sach_2026-03-31.xlsx").is_file()  # not in bai_nop, where it would be read


def test_a_workbook_saved_before_the_lists_setting_existed_still_works(tmp_path: Path) -> None:
    write_list_ward(tmp_path / "bai_nop")
    book = saved_workbook(tmp_path / WORKBOOK_FILENAME, {"InputFolder": "bai_nop", "CutoffDate": CUTOFF})
    wb = openpyxl.load_workbook(book, keep_vba=True)
    del wb.defined_names["ListsFile"]
    wb.save(book)
    out = tmp_path / "ds.xlsx"
    assert CliRunner().invoke(main, ["lists", "--settings", str(book), "-o", str(out)]).exit_code == 1
    assert out.is_file()
    summed = CliRunner().invoke(
        main, ["consolidate", "--settings", str(book), "-o", str(tmp_path / "th.xlsx")]
    )
    assert summed.exit_code == 1, summed.output


def test_the_old_age_thresholds_of_the_ward_apply_to_the_lists(ward: dict[str, Any], tmp_path: Path) -> None:
    # Đỗ Văn Long, a man exempted for old age, is 59 at the cut-off: listed below 60, not below 59.
    out = tmp_path / "ds.xlsx"
    args = ["lists", str(ward["root"] / "bai_nop"), "--cutoff", "31/03/2026", "-o", str(out)]
    CliRunner().invoke(main, [*args, "--old-age-men", "59"])
    names = [r[3] for r in rows_of(openpyxl.load_workbook(out)["Miễn, tạm miễn"])]
    assert "Đỗ Văn Long" not in names and names
