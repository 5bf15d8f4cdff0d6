"""A clerk who keeps everything in one folder: the consolidation workbook with the buttons, its
results, the work lists and the `phan_hoi` folder of feedback files beside the submissions.

None of ward-stats' own workbooks is a submission: each is left out of every run silently (no
error "không phải biểu mẫu", no feedback file for it), and a sub-folder that holds only them is
no folder left unread. The branch templates ward-stats writes are submissions and stay read."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, REGISTRY, saved_workbook, write_ward
from toolkit.cli import main
from toolkit.core import layout
from toolkit.excel.build import DEFAULT_TARGET, WORKBOOK_FILENAME
from toolkit.io.discover import unread_subfolders
from toolkit.io.package import WORK_LISTS_TITLE, own_workbook_at
from toolkit.io.reader import read_submission
from toolkit.outputs.feedback import FEEDBACK_FOLDER

LISTS = "danh_sach.xlsx"
TEMPLATE_FILENAME = layout.TEMPLATE_FILENAME
TEMPLATE_PATH = Path(__file__).resolve().parent.parent / "xlsx_templates" / TEMPLATE_FILENAME  # as delivered


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _files_read(output: str) -> list[str]:
    """The files `validate` lists, one `== name …` heading each (not the run's own, `== Chung …`)."""
    return [
        line[3:].split(" ", 1)[0]
        for line in output.splitlines()
        if line.startswith("== ") and not line.startswith("== Chung ")
    ]


@pytest.fixture
def one_folder(tmp_path: Path) -> Path:
    """Two clean submissions, the committed `.xlsm` and a copy saved with settings (openpyxl),
    and the work lists the `lists` command wrote into the same folder."""
    folder = tmp_path / "Thống kê 2026"
    write_ward(folder, with_error=False)
    shutil.copy(DEFAULT_TARGET, folder / "tong_hop_phuong - Copy.xlsm")
    saved_workbook(folder / WORKBOOK_FILENAME, {"InputFolder": str(folder), "CutoffDate": CUTOFF}, REGISTRY)
    code, output = _run("lists", str(folder), "--cutoff", "2026-03-31", "-o", str(folder / LISTS))
    assert code == 0, output
    return folder


def test_the_clerks_own_workbooks_are_known_as_ward_stats_own(one_folder: Path) -> None:
    for name in (WORKBOOK_FILENAME, "tong_hop_phuong - Copy.xlsm", LISTS):
        assert own_workbook_at(one_folder / name), name
        assert read_submission(one_folder / name).own_output, name
    for name in ("CB01.xlsx", "CB02.xlsx"):  # written by ward-stats' template writer: submissions
        assert not own_workbook_at(one_folder / name)
        assert read_submission(one_folder / name).org_code == name[:4]


def test_validate_reads_the_submissions_only_and_writes_no_feedback_for_the_clerks_files(
    one_folder: Path,
) -> None:
    feedback = one_folder / FEEDBACK_FOLDER
    code, output = _run("validate", str(one_folder), "--cutoff", "2026-03-31", "--feedback", str(feedback))
    assert code == 0, output
    assert _files_read(output) == ["CB01.xlsx", "CB02.xlsx"]
    assert "file.not_template" not in output and "file.macros" not in output
    assert list(feedback.glob("*.xlsx")) == []


def test_the_settings_workbook_among_the_submissions_is_the_settings_only(one_folder: Path) -> None:
    book = one_folder / WORKBOOK_FILENAME
    code, output = _run("validate", "--settings", str(book))
    assert code == 0, output
    assert _files_read(output) == ["CB01.xlsx", "CB02.xlsx"]
    # The settings' registry: its CB03 sent no file, said as the consolidation says it (hunt206 R4).
    assert "1 tổ chức chưa nộp tệp (CB03)." in output.splitlines()
    code, output = _run("consolidate", "--settings", str(book))
    assert code == 0, output
    assert "Đã tổng hợp 2/3 tổ chức, 7 đảng viên" in output
    # Its result, written into the same folder, is not read by the next run either.
    assert len(list(one_folder.glob("tong_hop_*.xlsx"))) == 1
    code, output = _run("validate", "--settings", str(book))
    assert code == 0 and _files_read(output) == ["CB01.xlsx", "CB02.xlsx"], output


def test_a_subfolder_of_feedback_files_is_no_folder_left_unread(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    paths = write_ward(folder)  # CB02 has an error: it gets a feedback file
    feedback = folder / FEEDBACK_FOLDER
    code, output = _run("validate", str(folder), "--cutoff", "2026-03-31", "--feedback", str(feedback))
    assert code == 1 and [p.name for p in feedback.iterdir()] == ["CB02_kiem_tra.xlsx"], output
    assert unread_subfolders([folder]) == []
    code, output = _run("validate", str(folder), "--cutoff", "2026-03-31", "--feedback", str(feedback))
    assert "folder.subfolder_not_read" not in output
    # A submission put beside them is a spreadsheet left unread, and is counted alone.
    shutil.copy(paths[0], feedback / "CB01 bản sửa.xlsx")
    issues = unread_subfolders([folder])
    assert [(i.code, i.value) for i in issues] == [("folder.subfolder_not_read", FEEDBACK_FOLDER)]
    assert "có 1 tệp bảng tính" in issues[0].message


def test_a_submission_titled_like_ours_but_not_by_ward_stats_is_read(tmp_path: Path) -> None:
    """The title alone does not make a file ours: its author must be ward-stats too."""
    (path,) = [p for p in write_ward(tmp_path / "nop", with_error=False) if p.name == "CB01.xlsx"]
    renamed = tmp_path / "CB01 titled.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(renamed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                title = f"<dc:title>{WORK_LISTS_TITLE}</dc:title>"
                data = data.replace(b"</dc:creator>", b"</dc:creator>" + title.encode())
            dst.writestr(info, data)
    assert WORK_LISTS_TITLE.encode() in zipfile.ZipFile(renamed).read("docProps/core.xml")
    assert not own_workbook_at(renamed)
    assert read_submission(renamed).org_code == "CB01"


@pytest.mark.slow
def test_the_clerks_workbooks_re_saved_by_libreoffice_are_still_known(
    one_folder: Path, tmp_path: Path
) -> None:
    """Another program keeps the author and the title the workbooks are known by."""
    from tests.libreoffice import convert

    lists, book = convert([one_folder / LISTS, one_folder / WORKBOOK_FILENAME], "xlsx", tmp_path / "lo")
    for path in (lists, book):
        assert own_workbook_at(path), path.name
        assert read_submission(path).own_output, path.name


def test_the_delivered_blank_template_beside_the_workbook_is_no_submission(one_folder: Path) -> None:
    """The delivered folder holds `mau_chi_bo.xlsx` beside the `.xlsm`; with “Thư mục bài nộp”
    that folder, the blank template was a file of no organisation with five errors, a feedback
    workbook for no chi bộ, and the launcher stopping on exit 1 (hunt44 D #2)."""
    shutil.copy(TEMPLATE_PATH, one_folder / TEMPLATE_FILENAME)
    assert read_submission(one_folder / TEMPLATE_FILENAME).own_output
    code, output = _run("validate", str(one_folder), "--cutoff", "2026-03-31")
    assert code == 0 and _files_read(output) == ["CB01.xlsx", "CB02.xlsx"], output
    assert not (one_folder / FEEDBACK_FOLDER).exists()
    out = str(one_folder / "kq.xlsx")  # not the default, written in the current folder
    code, output = _run("consolidate", str(one_folder), "--cutoff", "2026-03-31", "--no-history", "-o", out)
    assert code == 0 and "không rõ của tổ chức nào" not in output, output


def test_a_folder_of_only_ward_stats_own_files_is_refused_as_an_empty_one_naming_it(tmp_path: Path) -> None:
    """The delivered folder before any chi bộ has sent a file: the blank template and the
    `.xlsm`. `upgrade` said “mọi tệp đã dùng biểu mẫu mới”, `lists` wrote an empty lists file,
    `consolidate` an all-zero result with exit 0, where an empty folder is refused: no submission
    is said so, naming the folder and its files, and nothing is written (hunt46 B #2)."""
    folder = tmp_path / "Thống kê 2026"
    folder.mkdir()
    shutil.copy(TEMPLATE_PATH, folder / TEMPLATE_FILENAME)
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF}
    book = saved_workbook(folder / WORKBOOK_FILENAME, settings, REGISTRY)
    before = sorted(p.name for p in folder.iterdir())
    result = tmp_path / "kq.xlsx"
    said = (
        f"Lỗi: Không có tệp bài nộp nào của chi bộ trong “{folder}”: các tệp bảng tính ở đó "
        f"(“{TEMPLATE_FILENAME}”, “{WORKBOOK_FILENAME}”) đều là tệp của chính công cụ"
    )
    for args in (
        ["validate", str(folder), "--cutoff", "2026-03-31"],
        ["lists", str(folder), "--cutoff", "2026-03-31", "-o", str(tmp_path / LISTS)],
        ["consolidate", str(folder), "--cutoff", "31/03/2026", "--no-history", "-o", str(result)],
        ["upgrade", str(folder), "--out", str(tmp_path / "nang_cap")],
        ["consolidate", "--settings", str(book), "--no-history"],
        ["upgrade", "--settings", str(book)],
    ):
        code, output = _run(*args)
        assert code == 2, (args, output)
        assert said in " ".join(output.split()), (args, output)
        assert "mọi tệp đã dùng biểu mẫu mới" not in output
    assert sorted(p.name for p in folder.iterdir()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]
    # Files named, not a folder: said of the files chosen, not of "this folder" (hunt48 #2).
    code, output = _run("validate", str(folder / TEMPLATE_FILENAME), "--cutoff", "2026-03-31")
    assert code == 2 and "các tệp đã chọn (“mau_chi_bo.xlsx”) đều là tệp của chính công cụ" in output, output
    assert "thư mục này" not in output


def test_a_blank_template_filled_in_under_its_own_name_is_read(tmp_path: Path) -> None:
    """A secretary who fills `mau_chi_bo.xlsx` and sends it without renaming it submits it."""
    folder = tmp_path / "bai_nop"
    (path,) = write_ward(folder, with_error=False)[:1]
    path.rename(folder / TEMPLATE_FILENAME)
    sub = read_submission(folder / TEMPLATE_FILENAME)
    assert not sub.own_output and sub.org_code == "CB01"
    # Named otherwise, a blank template is still read, and said to be empty.
    shutil.copy(TEMPLATE_PATH, folder / "CB03.xlsx")
    assert not read_submission(folder / "CB03.xlsx").own_output


def test_a_blank_template_named_so_with_anything_typed_on_thong_tin_or_the_years_is_read(
    tmp_path: Path,
) -> None:
    """`MAU_CHI_BO.xlsx` with a Bí thư or a year's figures typed but no code nor member was
    skipped as the delivered blank template, without a word (hunt45 R1 #5)."""
    import openpyxl

    for typed in ("info", "years"):
        folder = tmp_path / typed
        folder.mkdir()
        path = folder / "MAU_CHI_BO.xlsx"
        shutil.copy(TEMPLATE_PATH, path)
        wb = openpyxl.load_workbook(path)
        if typed == "info":
            ws = wb[layout.SHEET_INFO]
            row = [c.value for c in ws["A"]].index(layout.INFO.field("secretary").header) + 1
            ws.cell(row, 2).value = "Nguyễn Văn A"
        else:
            ws = wb[layout.SHEET_YEARS]
            ws["A2"], ws["B2"] = 2025, 3
        wb.save(path)
        sub = read_submission(path)
        assert not sub.own_output and "file.unreadable" not in {i.code for i in sub.issues}, typed
        code, output = _run("validate", str(path))
        assert code == 1 and _files_read(output) == ["MAU_CHI_BO.xlsx"], output
        assert "Không mở được tệp" not in output
