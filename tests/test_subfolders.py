"""Spreadsheets in a sub-folder of the submissions folder are not read (a folder's top level
only), and never silently: every run that reads the folder names the sub-folder and how many
spreadsheets it holds, on the console and in the issues."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_sample import folder_commands, sample_orgs
from toolkit.cli import main
from toolkit.io.discover import discover, unread_subfolders
from toolkit.pipeline import consolidate
from toolkit.sample.rows import Period
from toolkit.worklists import build_work_lists

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
SUB = "Khối doanh nghiệp"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nop = tmp_path_factory.mktemp("sub") / "nop"
    nested = nop / SUB / "Đợt 2"
    nested.mkdir(parents=True)
    orgs = sample_orgs(31, [6, 7, 8, 5], PERIOD)
    targets = [nop, nop, nop / SUB, nested]  # two read, two in a sub-folder (one deeper)
    for org, where in zip(orgs, targets, strict=True):
        org.write(where / f"{org.organisation.org_code}.xlsx")
    # Not spreadsheets, or hidden, or a lock file: no warning for these folders.
    (nop / "Ghi chú").mkdir()
    (nop / "Ghi chú" / "doc.txt").write_text("x", encoding="utf-8")
    (nop / ".an").mkdir()
    (nop / ".an" / "A.xlsx").write_bytes(b"x")
    (nop / "Rỗng").mkdir()
    (nop / "Rỗng" / "~$khoa.xlsx").write_bytes(b"x")
    return nop


def test_each_subfolder_with_spreadsheets_is_one_warning_with_its_count(folder: Path) -> None:
    assert len(discover([folder])) == 2
    issues = unread_subfolders([folder])
    assert [(i.code, i.severity, i.value) for i in issues] == [("folder.subfolder_not_read", "warning", SUB)]
    assert f"“{SUB}” có 2 tệp bảng tính không được đọc" in issues[0].message
    assert "“nop”" in issues[0].message
    assert unread_subfolders([folder / SUB / "Đợt 2"]) == []  # no sub-folder below it
    assert unread_subfolders([discover([folder])[0]]) == []  # a file named alone


def test_consolidation_carries_the_warning_and_counts_only_the_files_read(folder: Path) -> None:
    result = consolidate([folder], cutoff=PERIOD.cutoff, since=PERIOD.start)
    assert result.count("consolidated") == 2
    assert [i.value for i in result.issues if i.code == "folder.subfolder_not_read"] == [SUB]


def test_the_commands_say_it_on_the_console(folder: Path, tmp_path: Path) -> None:
    for run in folder_commands(folder, tmp_path):
        assert run.exit_code == 0, run.output
        assert f"Thư mục con “{SUB}” có 2 tệp bảng tính không được đọc" in run.output


def test_the_work_lists_keep_the_warning(folder: Path) -> None:
    result = build_work_lists([folder], cutoff=PERIOD.cutoff)
    assert [i.value for i in result.folder_issues] == [SUB]


def test_the_summary_sheet_does_not_call_the_ward_complete(folder: Path, tmp_path: Path) -> None:
    import openpyxl

    from toolkit.outputs.sheets import SHEET_SUMMARY

    out = tmp_path / "th.xlsx"
    run = CliRunner().invoke(
        main, ["consolidate", str(folder), "--cutoff", "31/03/2026", "-o", str(out), "--no-history"]
    )
    assert run.exit_code == 0, run.output
    line = openpyxl.load_workbook(out)[SHEET_SUMMARY]["A3"].value
    assert line.startswith("Chưa đủ số liệu: 1 thư mục con có tệp bảng tính không được đọc"), line


def test_a_folder_whose_files_are_all_in_a_sub_folder_or_a_zip_says_where_they_are(
    folder: Path, tmp_path: Path
) -> None:
    """No spreadsheet at the top is an error (most likely the wrong folder), and it says what
    is there: the sub-folder or the compressed file the submissions most likely are in (a
    tester found every command saying only "không tìm thấy tệp")."""
    import shutil
    import zipfile

    top = tmp_path / "Thư mục bài nộp"
    shutil.copytree(folder / SUB, top / SUB)
    with zipfile.ZipFile(top / "bai_nop_dot_3.zip", "w") as archive:
        archive.writestr("HD09.xlsx", b"x")
    for run in folder_commands(top, tmp_path):
        assert run.exit_code == 2, run.output
        assert "Traceback" not in run.output
        assert "Không tìm thấy tệp bảng tính (.xlsx) nào của chi bộ trong" in run.output
        assert f"Lưu ý: Thư mục con “{SUB}” có 2 tệp bảng tính không được đọc" in run.output
        assert "Lưu ý: " in run.output.split(f"“{SUB}”", 1)[1] and "bai_nop_dot_3.zip" in run.output


def test_a_subfolder_also_named_to_validate_is_not_said_unread(folder: Path, tmp_path: Path) -> None:
    """`validate nop "nop/Khối doanh nghiệp"` reads that sub-folder's top level too: it was
    said to hold 2 spreadsheets not read (move them out to the submissions folder), though the
    list checked one of them under its own heading. Each file not read is said once: the
    named sub-folder's own sub-folder by its entry, a deeper named folder's files by none."""
    issues = unread_subfolders([folder, folder / SUB])
    said = [(i.value, i.message) for i in issues]
    assert [value for value, _ in said] == ["Đợt 2"], said
    assert "“Đợt 2” có 1 tệp bảng tính không được đọc" in said[0][1]
    deeper = unread_subfolders([folder, folder / SUB / "Đợt 2"])
    assert [i.value for i in deeper] == [SUB]
    assert f"“{SUB}” có 1 tệp bảng tính không được đọc" in deeper[0].message
    out = CliRunner().invoke(main, ["validate", str(folder), str(folder / SUB), "--cutoff", "31/03/2026"])
    assert f"Thư mục con “{SUB}”" not in out.output, out.output
    assert "Thư mục con “Đợt 2” có 1 tệp bảng tính không được đọc" in out.output
