"""The summary of a run (`toolkit.outputs.status`), word for word, and that both edges print it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from click.testing import CliRunner
from helpers_output import EXCLUDED_REASON, make_complete_result, make_result
from helpers_validate import clean_members, write

from toolkit.cli import main
from toolkit.core.model import Issue, Submission
from toolkit.excel import book as xlbook
from toolkit.outputs.status import (
    PERSONAL_DATA_HIDDEN,
    PERSONAL_DATA_KEPT,
    consolidation_status,
    validation_status,
)


def _submission(name: str, *severities: str) -> Submission:
    issues = [Issue(f"test.{n}", s, "…", file=name) for n, s in enumerate(severities)]  # type: ignore[arg-type]
    return Submission(path=Path(name), sha256="0" * 64, issues=issues)


def test_validation_counts_files_by_verdict_and_says_where_the_issues_are() -> None:
    subs = [
        _submission("a.xlsx"),
        _submission("b.xlsx", "warning", "warning"),
        _submission("c.xlsx", "error", "warning"),
        _submission("d.xlsx", "error"),
    ]
    issues = [i for s in subs for i in s.issues]
    status = validation_status(subs, issues)
    assert status.lines == (
        "Đã kiểm tra 4 tệp: 1 đạt, 1 chỉ có cảnh báo, 2 có lỗi.",
        "Tổng cộng 2 lỗi, 3 cảnh báo; xem chi tiết ở sheet “Kiểm tra”.",
    )
    assert status.level == "errors"
    below = validation_status(subs, issues, listed_in="danh sách dưới đây")
    assert below.lines[1] == "Tổng cộng 2 lỗi, 3 cảnh báo; xem chi tiết ở danh sách dưới đây."


def test_validation_levels_and_the_empty_folder() -> None:
    warned = [_submission("b.xlsx", "warning")]
    assert validation_status(warned, warned[0].issues).level == "warnings"
    clean = validation_status([_submission("a.xlsx")], [])
    assert clean.lines == (
        "Đã kiểm tra 1 tệp: 1 đạt, 0 chỉ có cảnh báo, 0 có lỗi.",
        "Không có lỗi hay cảnh báo nào.",
    )
    assert clean.level == "ok"
    empty = validation_status([], [])
    assert empty.text.startswith("Không có tệp bài nộp nào: thư mục trống, hoặc chỉ có tệp của chính")
    assert empty.level == "warnings"


def test_large_counts_are_grouped_as_vietnamese_numbers() -> None:
    subs = [_submission(f"{n}.xlsx") for n in range(1200)]
    assert validation_status(subs, []).lines[0].startswith("Đã kiểm tra 1.200 tệp: 1.200 đạt,")


def test_consolidation_names_what_is_left_out_the_issues_and_the_files(tmp_path: Path) -> None:
    result = make_result(tmp_path)  # 5 of 7 consolidated, 1 excluded, 1 missing; 2 errors, 5 warnings
    members = f"{int(result.indicators['members.total']):,}".replace(",", ".")
    status = consolidation_status(result, workbook=tmp_path / "th.xlsx", json_path=tmp_path / "th.json")
    assert status.lines == (
        f"Đã tổng hợp 5/7 tổ chức, {members} đảng viên (số liệu đến ngày 31/03/2026).",
        "1 tổ chức bị loại vì tệp có lỗi; 1 tổ chức chưa nộp tệp.",
        f"  – CB06 bị loại: {EXCLUDED_REASON}.",
        "Tổng cộng 2 lỗi, 5 cảnh báo; xem chi tiết ở sheet “Kiểm tra”.",
        PERSONAL_DATA_KEPT,  # the result was made with the members' values: it says so
        f"Tệp kết quả: {tmp_path / 'th.xlsx'}",
        f"Tóm tắt JSON: {tmp_path / 'th.json'}",
    )
    assert status.level == "errors"


def test_a_complete_consolidation_has_no_left_out_line(tmp_path: Path) -> None:
    result = dataclasses.replace(make_complete_result(tmp_path), personal_data=False)
    status = consolidation_status(result)
    assert len(status.lines) == 3 and status.lines[0].startswith("Đã tổng hợp 5/5 tổ chức, ")
    assert status.lines[2] == PERSONAL_DATA_HIDDEN
    warnings = len(result.issues)
    assert warnings == 4
    assert status.lines[1] == f"Tổng cộng 0 lỗi, {warnings} cảnh báo; xem chi tiết ở sheet “Kiểm tra”."
    assert status.level == "warnings"
    result.issues = []
    assert consolidation_status(result).lines[1] == "Không có lỗi hay cảnh báo nào."
    assert consolidation_status(result).level == "ok"


def test_a_history_warning_found_after_the_workbook_is_not_sent_to_the_issues_sheet(tmp_path: Path) -> None:
    """The history record's own failure (`RunHistory.late`) is counted, said in full, and
    left out of where the count line sends the clerk; the Excel status cell says the same."""
    from toolkit.core.rules import make_issue

    result = dataclasses.replace(make_complete_result(tmp_path), personal_data=False)
    late = make_issue("history.not_recorded", reason="Ổ đĩa đã đầy.")
    result.issues = [*result.issues, late]
    status = consolidation_status(result, late=[late])
    assert status.lines[1:3] == (
        "Tổng cộng 0 lỗi, 5 cảnh báo; xem chi tiết ở sheet “Kiểm tra”, trừ 1 cảnh báo về lịch sử tổng hợp "
        "nêu ngay sau đây.",
        f"Lịch sử tổng hợp: {late.message}",
    )
    cell, _ = xlbook.consolidation_summary(result, tmp_path / "th.xlsx", late=[late])
    assert "trừ 1 cảnh báo về lịch sử tổng hợp nêu ngay sau đây. Lịch sử tổng hợp: " in cell


def test_the_excel_status_cell_is_the_same_summary_after_the_button_name(tmp_path: Path) -> None:
    result = make_result(tmp_path)
    text, color = xlbook.consolidation_summary(result, tmp_path / "th.xlsx")
    expected = consolidation_status(result, workbook=tmp_path / "th.xlsx", in_book=True).text
    assert text == "đ" + expected[1:] and expected.startswith("Đã tổng hợp")
    assert color == xlbook.ERROR_COLOR
    subs = [_submission("b.xlsx", "warning")]
    assert xlbook.validation_summary(subs, subs[0].issues) == (
        "đã kiểm tra 1 tệp: 0 đạt, 1 chỉ có cảnh báo, 0 có lỗi. "
        "Tổng cộng 0 lỗi, 1 cảnh báo; xem chi tiết ở sheet “Kiểm tra”.",
        xlbook.WARN_COLOR,
    )


def test_the_cli_prints_the_same_summary_before_each_file(tmp_path: Path) -> None:
    rows = clean_members()
    rows[1]["gender"] = "Namm"
    path = write(tmp_path, members=rows)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "Đã kiểm tra 1 tệp: 0 đạt, 0 chỉ có cảnh báo, 1 có lỗi.\n"
        "Tổng cộng 1 lỗi, 0 cảnh báo; xem chi tiết ở danh sách dưới đây.\n"
        f"{PERSONAL_DATA_HIDDEN}\n"
        f"\n== {path.name} (CB07) — CÓ LỖI, CHƯA TỔNG HỢP ĐƯỢC: 1 lỗi, 0 cảnh báo\n"
    )
