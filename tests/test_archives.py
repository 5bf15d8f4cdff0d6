"""A compressed file in the submissions folder (a batch of submissions sent as one .zip by
e-mail or Zalo) is not unpacked, and never silently: every run that reads the folder names it
and how many spreadsheets it lists, on the console, in the issues and in the summary's banner.
Before, its organisations were only "chưa nộp", with nothing pointing at the .zip.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_sample import folder_commands, sample_orgs
from toolkit.cli import main
from toolkit.io.discover import discover, unread_archives
from toolkit.pipeline import consolidate
from toolkit.sample.rows import Period
from toolkit.worklists import build_work_lists

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
CODE = "folder.archive_not_read"
BATCH = "Bài nộp khối doanh nghiệp.zip"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("zip")
    nop, sent = base / "nop", base / "sent"
    nop.mkdir()
    sent.mkdir()
    orgs = sample_orgs(41, [6, 7, 8], PERIOD)
    orgs[0].write(nop / f"{orgs[0].organisation.org_code}.xlsx")
    # The two others sent in one .zip (in a folder, with macOS's shadow files and a lock file).
    with zipfile.ZipFile(nop / BATCH, "w") as batch:
        for org in orgs[1:]:
            name = f"{org.organisation.org_code}.xlsx"
            batch.write(org.write(sent / name), f"Khối DN/{name}")
            batch.writestr(f"__MACOSX/Khối DN/._{name}", b"x")
        batch.writestr("Khối DN/~$khoa.xlsx", b"x")
        batch.writestr("Khối DN/Công văn.pdf", b"x")
    # Not worth a word: a .zip of documents only, a hidden .zip.
    with zipfile.ZipFile(nop / "Công văn.zip", "w") as docs:
        docs.writestr("Công văn số 12.pdf", b"x")
    (nop / ".cu.zip").write_bytes(b"x")
    # Cannot be listed: said, as it may hold submissions.
    (nop / "Đợt 2.rar").write_bytes(b"Rar!\x1a\x07\x00")
    (nop / "hỏng.zip").write_bytes(b"PK\x03\x04 not a zip")
    return nop


def test_each_archive_that_may_hold_submissions_is_one_warning(folder: Path) -> None:
    assert len(discover([folder])) == 1
    issues = unread_archives([folder])
    assert [(i.code, i.severity, i.value) for i in issues] == [
        (CODE, "warning", BATCH),
        (CODE, "warning", "hỏng.zip"),
        (CODE, "warning", "Đợt 2.rar"),
    ]
    assert issues[0].message.startswith(
        f"Tệp nén “{BATCH}” có 2 tệp bảng tính không được đọc: chỉ các tệp bảng tính nằm ngay trong "
        "thư mục bài nộp “nop” được kiểm tra và tổng hợp, tệp nén không được giải nén. Nếu trong đó "
        "có bài nộp, hãy giải nén"
    )
    assert issues[2].message.startswith("Tệp nén “Đợt 2.rar” có thể chứa bài nộp nhưng không được đọc: ")
    assert all(unicodedata.is_normalized("NFC", i.message) for i in issues)
    assert unread_archives([discover([folder])[0]]) == []  # a file named alone


def test_consolidation_carries_the_warning_and_the_banner_counts_it(folder: Path, tmp_path: Path) -> None:
    result = consolidate([folder], cutoff=PERIOD.cutoff, since=PERIOD.start)
    assert result.count("consolidated") == 1
    assert [i.value for i in result.issues if i.code == CODE] == [BATCH, "hỏng.zip", "Đợt 2.rar"]
    import openpyxl

    from toolkit.outputs.sheets import SHEET_SUMMARY

    out = tmp_path / "th.xlsx"
    run = CliRunner().invoke(
        main, ["consolidate", str(folder), "--cutoff", "31/03/2026", "-o", str(out), "--no-history"]
    )
    assert run.exit_code == 0, run.output
    line = openpyxl.load_workbook(out)[SHEET_SUMMARY]["A3"].value
    assert line.startswith("Chưa đủ số liệu: 3 tệp nén không được đọc"), line


def test_the_commands_say_it_on_the_console(folder: Path, tmp_path: Path) -> None:
    for run in folder_commands(folder, tmp_path):
        assert run.exit_code == 0, run.output
        assert f"Tệp nén “{BATCH}” có 2 tệp bảng tính không được đọc" in run.output
    assert [i.value for i in build_work_lists([folder], cutoff=PERIOD.cutoff).folder_issues] == [
        BATCH,
        "hỏng.zip",
        "Đợt 2.rar",
    ]


def test_an_archive_that_breaks_the_zip_reader_is_said_not_a_crash(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A damage `zipfile` does not foresee (a `struct.error` from a cut record) must not stop
    the run: the archive is said as one that may hold submissions."""
    import struct

    def broken(*args: object, **kwargs: object) -> None:
        raise struct.error("unpack requires a buffer of 46 bytes")

    monkeypatch.setattr(zipfile, "ZipFile", broken)
    issues = unread_archives([folder])
    assert [i.value for i in issues] == [BATCH, "Công văn.zip", "hỏng.zip", "Đợt 2.rar"]
    assert all("có thể chứa bài nộp nhưng không được đọc" in i.message for i in issues)
