"""What a file's messages tell the secretary and the clerk (hunt175): the feedback workbook names
the file to fix, not "this file" (F1); a file the office's computer will not let ward-stats read
(open in Excel, locked, no rights) is the clerk's to close or copy, not the chi bộ's to fix (F2);
the run's summary says why a file of no organisation could not be read (F10), and a file of no
organisation is called one thing everywhere (F11); a number out of any range in a cell is that
cell's error, grouped and masked as the sheet's other values, not an unreadable file (F6).

The submissions are real template files (`helpers_validate.write`); the commands run through
click's runner and the feedback workbooks are read back with openpyxl.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_history import run_as_user, shared_folder
from helpers_validate import clean_info, clean_members, refuse_open, run, typed, write
from ooxml_hostile import OoxmlPackage, with_number

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.model import Submission
from toolkit.core.rules import CLERK_ONLY
from toolkit.io.reader import read_submission
from toolkit.outputs.feedback import SHEET, feedback_outputs
from toolkit.outputs.sheets import SHEET_SOURCES, SHEET_SUMMARY

M = layout.SHEET_MEMBERS
BIRTH = layout.MEMBERS.letter("birth_date")
COUNT = layout.YEARS.letter("rated_good")
NAME = "CB07_chi_bo_to_dan_pho_so_7.xlsx"


def _validate(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *map(str, args)])
    return result.exit_code, result.output


def _texts(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path, read_only=True)[SHEET]
    return [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]


def test_the_feedback_names_the_file_to_fix_not_this_file(tmp_path: Path) -> None:
    """F1: the feedback workbook holds only `Cần sửa`; "sửa các ô … ngay trong tệp này" sent the
    secretary to fix cells in the feedback workbook itself, and to send that back."""
    folder = tmp_path / "nop"
    folder.mkdir()
    typed(write(folder), M, {f"{BIRTH}2": "-"})
    out = tmp_path / "phan_hoi"
    _validate(folder, "--cutoff", "31/03/2026", "--feedback", out)
    (line,) = [
        t for t in _texts(out / "CB07_chi_bo_to_dan_pho_so_7_kiem_tra.xlsx") if "chưa được tổng hợp" in t
    ]
    assert f"ngay trong tệp {NAME} chi bộ đã gửi (không sửa trong tệp phản hồi này)" in line
    assert "gửi lại tệp đó cho Đảng ủy" in line
    assert "tệp này" not in line.replace("tệp phản hồi này", "")


LOCKED = (
    "Không đọc được tệp: tệp đang mở trong chương trình khác (Excel, WPS…) hoặc máy không cho phép "
    "đọc tệp (tệp có thể không hỏng). Hãy đóng tệp rồi chạy lại; nếu vẫn lỗi, chép tệp sang thư "
    "mục khác rồi chạy lại."
)


def _read(path: Path) -> Submission:
    return read_submission(path)


def test_a_file_the_computer_will_not_let_be_read_is_the_clerk_s(tmp_path: Path) -> None:
    """F2, for real: a file of no read rights, read by an ordinary user (root reads anything).
    It was `file.unreadable`, "Hãy mở tệp bằng Excel, kiểm tra nội dung và lưu lại dạng .xlsx"
    (what locks it in the first place), and a feedback asked the chi bộ to resend it."""
    with shared_folder() as folder:
        path = write(folder)
        path.chmod(0)
        marker = folder / "read_only.txt"
        marker.write_text("")
        sub = run_as_user(_read, path, read_only=marker)
    assert [i.code for i in sub.issues] == ["file.locked"]
    (issue,) = sub.issues
    assert issue.severity == "error" and issue.file == NAME and issue.message == LOCKED
    assert "file.locked" in CLERK_ONLY
    assert feedback_outputs([sub], tmp_path / "phan_hoi") == []


def test_a_file_locked_by_another_program_gets_no_feedback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F2 through `validate --feedback`: Windows refuses to open a file Excel holds open (a
    sharing violation, which Python raises as PermissionError), simulated since the tests may run
    as root. The console tells the clerk to close it; no feedback is written for the chi bộ."""
    folder = tmp_path / "nop"
    folder.mkdir()
    path = write(folder)
    refuse_open(monkeypatch, path.name)
    out = tmp_path / "phan_hoi"
    code, output = _validate(folder, "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 1
    assert "(file.locked)" in output and LOCKED in output
    assert "lưu lại dạng .xlsx" not in output
    assert not out.exists() or not list(out.iterdir())


def test_the_summary_says_why_a_file_of_no_organisation_was_not_read_and_names_it_one_way(
    tmp_path: Path,
) -> None:
    """F10: a file that could not be opened was only "không xác định được của tổ chức nào", its
    reason in `Kiểm tra` alone, while a known organisation's file gets it inline. F11: such a
    file was "không xác định được của tổ chức nào" on the console and in `Tổng hợp`, "Không rõ
    của tổ chức nào" in `Nguồn số liệu` and "Không biết tệp này của tổ chức nào" in its issue."""
    folder = tmp_path / "nop"
    folder.mkdir()
    write(folder)
    (folder / "bang_tinh.xlsx").write_text("Danh sách đảng viên\n", encoding="utf-8")
    write(folder, "so_lieu.xlsx", info=clean_info(org_code=None), members=[], events=[])
    out = tmp_path / "th.xlsx"
    result = CliRunner().invoke(
        main,
        ["consolidate", str(folder), "--cutoff", "31/03/2026", "-o", str(out), "--json",
         str(tmp_path / "th.json"), "--no-history"],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert "  – Tệp bang_tinh.xlsx không đọc được nên không rõ của tổ chức nào, không được tổng hợp: Tệp " \
        "không phải sổ làm việc .xlsx (không nhận ra định dạng của nội dung tệp). Hãy dùng đúng biểu mẫu " \
        "của Đảng ủy phường và lưu dạng .xlsx." in lines  # fmt: skip
    assert "  – Tệp so_lieu.xlsx: không rõ của tổ chức nào, không được tổng hợp." in lines
    assert "2 tệp không rõ của tổ chức nào" in result.output
    assert "xác định được" not in result.output
    doc = json.loads((tmp_path / "th.json").read_text("utf-8"))
    unknown = [i for i in doc["issues"] if i["code"] == "file.unknown_org"]
    assert sorted(i["file"] for i in unknown) == ["bang_tinh.xlsx", "so_lieu.xlsx"]
    assert all(i["message"].startswith("Tệp không rõ của tổ chức nào: tên tệp") for i in unknown)
    wb = openpyxl.load_workbook(out, read_only=True)
    status = {r[0]: r for r in wb[SHEET_SOURCES].iter_rows(values_only=True) if r and r[0]}
    assert "Không rõ của tổ chức nào" in status["bang_tinh.xlsx"]
    assert "Không rõ của tổ chức nào" in status["so_lieu.xlsx"]
    summary = [c for r in wb[SHEET_SUMMARY].iter_rows(values_only=True) for c in r if isinstance(c, str)]
    assert any("2 tệp không rõ của tổ chức nào" in t for t in summary)
    assert not any("xác định được" in t for t in summary)


def _with_number(path: Path, sheet: str, ref: str, number: float) -> Path:
    path.write_bytes(with_number(OoxmlPackage(path.read_bytes()), sheet, ref, number))
    return path


def test_a_number_out_of_range_in_a_date_cell_is_its_cell_s_error(tmp_path: Path) -> None:
    """F6: -10^12 in `Ngày sinh` (calamine panics turning it into a date) refused the whole file:
    "Không mở được tệp (ô C2 của sheet “Đảng viên” chứa số -1000000000000, …). Hãy mở tệp bằng
    Excel, kiểm tra nội dung và lưu lại dạng .xlsx": not grouped, shown though the members'
    values are hidden, and saving again leaves the cell as it is. It is the cell's error now;
    the rest of the file is read."""
    folder = tmp_path / "nop"
    folder.mkdir()
    path = _with_number(write(folder), M, f"{BIRTH}2", -(10**12))
    sub = read_submission(path)
    assert [(i.code, i.sheet, i.cell) for i in sub.issues] == [("cell.out_of_range", M, f"{BIRTH}2")]
    (issue,) = sub.issues
    assert issue.severity == "error" and issue.column == "Ngày sinh" and issue.personal
    said = "Dòng 2, cột “Ngày sinh” (ô C2): Ô chứa số {}, không phải ngày hay số đếm: giá trị này không được"
    assert issue.message.startswith(said.format("-1.000.000.000.000"))
    assert "Hãy ghi lại ngày dạng dd/mm/yyyy" in issue.message
    assert (issue.private_message or "").startswith(said.format("[đã ẩn]"))
    assert sub.readable and sub.members is not None and len(sub.members) == len(clean_members())
    code, output = _validate(folder, "--cutoff", "31/03/2026")
    assert code == 1 and "(cell.out_of_range)" in output and said.format("[đã ẩn]") in output
    assert "1000000000000" not in output and "1.000.000.000.000" not in output
    assert "Không mở được tệp" not in output and "member.required" not in output


def test_a_number_out_of_range_leaves_its_cell_unread_by_the_checks(tmp_path: Path) -> None:
    """review181 F2: -10^12 in `Ngày chính thức` of a member on probation is the cell's error
    only; the checks do not take the emptied cell for a probation with no date
    (`member.probation_overdue`): `rules.leaves_cell_unread` holds `cell.out_of_range`."""
    official = layout.MEMBERS.letter("official_date")
    path = _with_number(write(tmp_path), M, f"{official}2", -(10**12))
    found = [(i.code, i.cell) for i in run(path).issues if i.sheet == M and i.cell == f"{official}2"]
    assert found == [("cell.out_of_range", f"{official}2")]


def test_a_number_out_of_range_in_a_count_cell_is_shown_grouped(tmp_path: Path) -> None:
    """F6 on `Số liệu năm`, whose counts are no one's: the number is shown, grouped."""
    folder = tmp_path / "nop"
    folder.mkdir()
    path = _with_number(write(folder), layout.SHEET_YEARS, f"{COUNT}2", -5_000_000)
    sub = read_submission(path)
    assert [(i.code, i.cell) for i in sub.issues] == [("cell.out_of_range", f"{COUNT}2")]
    message = sub.issues[0].message
    assert "Ô chứa số -5.000.000, không phải ngày hay số đếm" in message, message
    assert message.endswith("Hãy ghi lại số nguyên (để trống nếu bằng 0) vào ô này.")
    assert not sub.issues[0].personal


def test_kiem_tra_says_its_links_open_the_files_named_when_no_issue_names_a_cell(tmp_path: Path) -> None:
    """review181 F3: a run whose only issue is a file that cannot be read (no cell) still writes
    that file's link "(mở tệp)": the line under the title says the links open the files, not
    that they open a cell, and not nothing."""
    from toolkit.outputs.sheets.issues import OPEN_CELL, OPEN_LINKED

    folder = tmp_path / "nop"
    folder.mkdir()
    write(folder)
    (folder / "CB09_hong.xlsx").write_bytes(b"PK\x03\x04 broken")
    out = tmp_path / "kq.xlsx"
    done = CliRunner().invoke(
        main, ["consolidate", str(folder), "--cutoff", "31/03/2026", "-o", str(out), "--no-history"]
    )
    assert out.exists(), done.output
    ws = openpyxl.load_workbook(out)["Kiểm tra"]
    links = [c.value for row in ws.iter_rows(min_row=3) for c in row if c.hyperlink]
    assert links == ["(mở tệp)"]
    assert OPEN_LINKED in ws["A2"].value and OPEN_CELL not in ws["A2"].value
