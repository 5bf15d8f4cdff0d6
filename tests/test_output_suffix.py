"""An output is written only under the suffix of what it is, and never over a filled
submission or a registry workbook wherever it lies: `-o ctl.xlsm` once replaced the workbook
with the buttons by a plain .xlsx that Excel refuses to open, and `-o` onto a copy of a
submission (or onto the registry) replaced it."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.io.registry import read_registry
from toolkit.outputs.registry_file import write_registry
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
CUTOFF = ["--cutoff", "31/03/2026"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nop = tmp_path_factory.mktemp("suffix") / "nop"
    nop.mkdir()
    for org in sample_orgs(41, [5, 6], PERIOD):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    return nop


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused(args: list[str], target: Path, words: str) -> None:
    before = _digest(target) if target.exists() else None
    run = CliRunner().invoke(main, args)
    assert run.exit_code == 2, run.output
    assert run.output.startswith("Lỗi: ") and words in run.output and "Traceback" not in run.output
    assert (_digest(target) if target.exists() else None) == before


def test_the_xlsm_with_the_buttons_is_never_replaced(folder: Path, tmp_path: Path) -> None:
    book = tmp_path / "tong_hop_phuong.xlsm"
    assert CliRunner().invoke(main, ["build-workbook", "-o", str(book)]).exit_code == 0
    for command in (["consolidate", str(folder), *CUTOFF, "--no-history"], ["lists", str(folder), *CUTOFF]):
        _refused([*command, "-o", str(book)], book, "phải có đuôi .xlsx")


@pytest.mark.parametrize("name", ["ket_qua.csv", "ket_qua", "ket_qua.XLSM", "ket_qua.json"])
def test_a_workbook_is_written_only_as_xlsx(folder: Path, tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    _refused(["consolidate", str(folder), *CUTOFF, "--no-history", "-o", str(target)], target, ".xlsx")
    assert sorted(tmp_path.iterdir()) == []  # nothing written, not even the history


def test_json_is_written_only_as_json(folder: Path, tmp_path: Path) -> None:
    json_target = tmp_path / "tom_tat.xlsx"
    args = ["consolidate", str(folder), *CUTOFF, "--no-history", "-o", str(tmp_path / "a.xlsx")]
    _refused([*args, "--json", str(json_target)], json_target, "phải có đuôi .json")
    _refused(["validate", str(folder), *CUTOFF, "--json", str(json_target)], json_target, ".json")
    assert not (tmp_path / "a.xlsx").exists()


def test_a_filled_submission_elsewhere_is_never_overwritten(folder: Path, tmp_path: Path) -> None:
    copy = tmp_path / "ban_sao.xlsx"
    shutil.copy2(next(folder.glob("*.xlsx")), copy)
    _refused(
        ["consolidate", str(folder), *CUTOFF, "--no-history", "-o", str(copy)], copy, "bài nộp đã có số liệu"
    )
    _refused(["lists", str(folder), *CUTOFF, "-o", str(copy)], copy, "bài nộp đã có số liệu")
    # The lists are no result file: the advice names no "tệp kết quả", nor for an input.
    done = CliRunner().invoke(main, ["lists", str(folder), *CUTOFF, "-o", str(copy)])
    assert "Hãy chọn tên tệp khác." in " ".join(done.output.split()), done.output
    own = next(folder.glob("*.xlsx"))
    done = CliRunner().invoke(main, ["lists", str(folder), *CUTOFF, "-o", str(own)])
    said = " ".join(done.output.split())
    assert done.exit_code == 2 and "chính là" in said and "Hãy chọn tên tệp khác." in said, done.output


def test_the_blank_template_is_refused_as_a_template_not_as_a_registry(folder: Path, tmp_path: Path) -> None:
    """The blank template the tool writes (`mau_chi_bo.xlsx`, read as an own output) was
    refused as "tệp có danh mục tổ chức của phường", which it is not."""
    made = CliRunner().invoke(main, ["template", "--out", str(tmp_path)])
    assert made.exit_code == 0, made.output
    blank = tmp_path / "mau_chi_bo.xlsx"
    words = "là biểu mẫu trống gửi các chi bộ: không ghi số liệu vào đó"
    _refused(["consolidate", str(folder), *CUTOFF, "--no-history", "-o", str(blank)], blank, words)
    _refused(["lists", str(folder), *CUTOFF, "-o", str(blank)], blank, words)


def test_a_registry_workbook_that_is_not_the_runs_is_never_overwritten(folder: Path, tmp_path: Path) -> None:
    """The ward's registry (names, tiers, admission targets), one word away from `-o` on the
    command line, is refused as a filled submission is: even when the run has no --registry."""
    registry = tmp_path / "danh_muc.xlsx"
    orgs = [org.organisation for org in sample_orgs(41, [5, 6], PERIOD)]
    write_registry(Registry(orgs), registry)
    words = "là tệp có danh mục tổ chức của phường: không bao giờ ghi đè danh mục tổ chức"
    _refused(["consolidate", str(folder), *CUTOFF, "--no-history", "-o", str(registry)], registry, words)
    _refused(["lists", str(folder), *CUTOFF, "-o", str(registry)], registry, words)
    assert len(read_registry(registry).organisations) == 2


def test_the_previous_result_is_still_replaced(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "Tong_Hop.XLSX"  # any case of the suffix
    args = ["consolidate", str(folder), *CUTOFF, "--no-history", "-o", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    first = _digest(out)
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0, again.output
    assert _digest(out) != first  # a new run id: replaced


def test_a_report_is_never_written_under_a_workbook_or_json_name(folder: Path, tmp_path: Path) -> None:
    summary = tmp_path / "tom_tat.json"
    args = ["consolidate", str(folder), *CUTOFF, "--no-history", "-o", str(tmp_path / "a.xlsx")]
    assert CliRunner().invoke(main, [*args, "--json", str(summary)]).exit_code == 0
    book = tmp_path / "tong_hop_phuong.xlsm"
    assert CliRunner().invoke(main, ["build-workbook", "-o", str(book)]).exit_code == 0
    history, registry, wps = (
        tmp_path / "lich_su_tong_hop.sqlite",
        tmp_path / "danh_muc.csv",
        tmp_path / "HD01.et",
    )
    for other in (history, registry, wps):  # hunt112a D1: each was replaced by the report
        other.write_bytes(b"not a report")
    for target in (book, tmp_path / "a.xlsx", tmp_path / "khac.json", history, registry, wps):
        _refused(["report", str(summary), "-o", str(target)], target, "không phải đuôi của tệp báo cáo")
    assert all(other.read_bytes() == b"not a report" for other in (history, registry, wps))
    assert CliRunner().invoke(main, ["report", str(summary), "-o", str(tmp_path / "bao_cao")]).exit_code == 0


def test_build_workbook_writes_only_a_new_xlsm_unless_told(folder: Path, tmp_path: Path) -> None:
    """`build-workbook -o` replaced any file without a word: a submission, the registry, or a
    clerk's filled `tong_hop_phuong.xlsm` (its registry and settings lost); and wrote a macro
    workbook under `.xlsx`, which Excel refuses to open."""
    submission = next(folder.glob("*.xlsx"))
    as_xlsm = tmp_path / f"{submission.stem}.xlsm"  # a secretary's file saved with macros
    shutil.copy2(submission, as_xlsm)
    for target, words in (
        (tmp_path / "tong_hop.xlsx", "phải có đuôi .xlsm"),
        (submission, "phải có đuôi .xlsm"),
        (as_xlsm, "bài nộp đã có số liệu"),
    ):
        _refused(["build-workbook", "-o", str(target), "--overwrite"], target, words)
    book = tmp_path / "tong_hop_phuong.xlsm"
    assert CliRunner().invoke(main, ["build-workbook", "-o", str(book)]).exit_code == 0
    _refused(["build-workbook", "-o", str(book)], book, "thêm --overwrite")
    again = CliRunner().invoke(main, ["build-workbook", "-o", str(book), "--overwrite"])
    assert again.exit_code == 0, again.output


def test_a_report_never_replaces_a_history_workbook_or_json_whatever_its_name(
    folder: Path, tmp_path: Path
) -> None:
    """`report -o lich_su_phuong` (a history named without a suffix) replaced it with Markdown;
    so did `-o HD01` for a submission saved without one, and on Windows `-o "lich_su.sqlite."`
    names the history itself (hunt113 D1). A report of its own, or a Word document, is replaced."""
    summary = tmp_path / "tom_tat.json"
    args = ["consolidate", str(folder), *CUTOFF, "--no-history", "-o", str(tmp_path / "a.xlsx")]
    assert CliRunner().invoke(main, [*args, "--json", str(summary)]).exit_code == 0
    history = tmp_path / "lich_su_phuong"
    history.write_bytes(b"SQLite format 3\x00" + bytes(100))
    submission = tmp_path / "HD01"
    shutil.copy2(next(folder.glob("*.xlsx")), submission)
    json_copy = tmp_path / "tom_tat_cu"
    shutil.copy2(summary, json_copy)
    for target, words in (
        (history, "là tệp lịch sử tổng hợp (SQLite) đang có: ghi đè sẽ làm mất mọi lần tổng hợp"),
        (submission, "là tệp bảng tính hoặc tệp nén đang có, không phải báo cáo"),
        (json_copy, "là tệp JSON đang có, không phải báo cáo"),
        (tmp_path / "lich_su.sqlite.", "mang đuôi “.sqlite”"),
        (tmp_path / "lich_su.sqlite. ", "mang đuôi “.sqlite”"),
    ):
        _refused(["report", str(summary), "-o", str(target)], target, words)
    for again in ("bao_cao", "bao_cao.docx", "bao_cao.md"):
        for _ in range(2):  # made, then replaced
            done = CliRunner().invoke(main, ["report", str(summary), "-o", str(tmp_path / again)])
            assert done.exit_code == 0, done.output


def test_a_report_written_as_a_folder_is_refused(folder: Path, tmp_path: Path) -> None:
    """`report -o bao_cao/` wrote a file named `bao_cao` (the separator is lost once the path is
    made a Path; hunt113 D6)."""
    summary = tmp_path / "tom_tat.json"
    args = ["consolidate", str(folder), *CUTOFF, "--no-history", "-o", str(tmp_path / "a.xlsx")]
    assert CliRunner().invoke(main, [*args, "--json", str(summary)]).exit_code == 0
    for typed in (f"{tmp_path / 'bao_cao'}/", f"{tmp_path / 'bao_cao'}\\"):
        done = CliRunner().invoke(main, ["report", str(summary), "-o", typed])
        assert done.exit_code == 2, done.output
        assert "là một thư mục (kết thúc bằng dấu gạch chéo), ở đây cần tên tệp" in done.output
    assert not (tmp_path / "bao_cao").exists() and not (tmp_path / "bao_cao\\").exists()
