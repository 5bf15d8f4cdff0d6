"""Submissions that arrive under another name than .xlsx: a browser's download not finished
(`HD05.xlsx.crdownload`), a spreadsheet of another program (WPS Office's .et, a template,
Apple Numbers). A folder used to pass them over in silence, and their organisation was only
"chưa nộp"; now reading says what each one is, and the organisation is excluded with that
reason (or consolidated, when the file is a workbook under another name)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from tests.helpers_sample import sample_orgs
from toolkit.core.model import Registry
from toolkit.io.discover import discover, is_partial_download, unread_entries
from toolkit.io.reader import read_submission
from toolkit.pipeline import consolidate
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Registry]:
    base = tmp_path_factory.mktemp("other")
    nop = base / "nop"
    nop.mkdir()
    orgs = sample_orgs(43, [6, 7, 8, 5], PERIOD)
    s01, s02, s03, s04 = (o.organisation.org_code for o in orgs)
    orgs[0].write(nop / f"{s01}.xlsx")
    # S02 saved its workbook from WPS Office under its own extension: the content is a workbook.
    orgs[1].write(base / "wps.xlsx").rename(nop / f"{s02}_bao_cao.et")
    # S03's file is still downloading: the browser has written half of it.
    whole = orgs[2].write(base / "s03.xlsx").read_bytes()
    (nop / f"{s03}_bao_cao.xlsx.crdownload").write_bytes(whole[: len(whole) // 2])
    # S04 sent a Numbers file: not a workbook the tool can read.
    (nop / f"{s04}.numbers").write_bytes(b"PK\x03\x04 numbers")
    # Not submissions: documents, a backup copy, a lock file.
    (nop / "Công văn.docx").write_bytes(b"x")
    (nop / f"{s01}.xlsx.bak").write_bytes(b"x")
    (nop / f"~${s01}.xlsx").write_bytes(b"x")
    return nop, Registry([o.organisation for o in orgs])


@pytest.mark.parametrize(
    ("name", "partial"),
    [
        ("HD05.xlsx.crdownload", True),
        ("HD05 (1).XLSX.part", True),
        ("HD05.xlsm.opdownload", True),
        ("HD05.crdownload", False),  # not a spreadsheet downloading
        ("HD05.docx.part", False),
        ("HD05.xlsx", False),
    ],
)
def test_a_download_not_finished_is_known_by_its_name(name: str, partial: bool) -> None:
    assert is_partial_download(name) is partial


def test_the_folder_gives_every_spreadsheet_and_nothing_else(folder: tuple[Path, Registry]) -> None:
    nop, _ = folder
    assert sorted(p.name for p in discover([nop])) == [
        "S01.xlsx",
        "S02_bao_cao.et",
        "S03_bao_cao.xlsx.crdownload",
        "S04.numbers",
    ]


def test_a_download_not_finished_is_refused_by_its_name(tmp_path: Path) -> None:
    """Even a complete workbook so named: the browser may still be writing it."""
    (org,) = sample_orgs(44, [5], PERIOD)
    path = org.write(tmp_path / "S01.xlsx").rename(tmp_path / "S01.xlsx.crdownload")
    sub = read_submission(path)
    assert not sub.readable
    (issue,) = sub.issues
    assert (issue.code, issue.severity) == ("file.partial_download", "error")
    assert issue.message.startswith("Tệp mang đuôi “.crdownload”: trình duyệt chưa tải xong tệp này")


def test_each_organisation_is_consolidated_or_excluded_with_its_reason(folder: tuple[Path, Registry]) -> None:
    nop, registry = folder
    result = consolidate([nop], cutoff=PERIOD.cutoff, since=PERIOD.start, registry=registry)
    status = {o.org_code: o.status for o in result.organisations}
    assert status == {"S01": "consolidated", "S02": "consolidated", "S03": "excluded", "S04": "excluded"}
    reasons = {o.org_code: o.reason or "" for o in result.organisations}
    assert "S03_bao_cao.xlsx.crdownload không dùng được: Tệp mang đuôi “.crdownload”" in reasons["S03"]
    assert "S04.numbers không dùng được" in reasons["S04"]
    assert not [i for i in result.issues if i.code == "org.missing"]


def test_unread_places_count_them_too(tmp_path: Path) -> None:
    """A sub-folder or a .zip holding only such files may hold submissions as well."""
    nop = tmp_path / "nop"
    (nop / "Zalo").mkdir(parents=True)
    (nop / "Zalo" / "HD05.et").write_bytes(b"x")
    with zipfile.ZipFile(nop / "gui.zip", "w") as batch:
        batch.writestr("HD06.xlsx.crdownload", b"x")
        batch.writestr("HD07.xltx", b"x")
    sub_folder, archive = unread_entries([nop])
    assert (sub_folder.code, archive.code) == ("folder.subfolder_not_read", "folder.archive_not_read")
    assert sub_folder.message.startswith("Thư mục con “Zalo” có 1 tệp bảng tính không được đọc")
    assert archive.message.startswith("Tệp nén “gui.zip” có 2 tệp bảng tính không được đọc")


OLE2 = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4096  # the start of a compound file (.xls, WPS .et)


@pytest.mark.parametrize(
    ("name", "code", "opening"),
    [
        ("HD05.et", "file.wps", "Tệp ở định dạng riêng của WPS Office (.et)"),
        ("HD05 mau.ETT", "file.wps", "Tệp ở định dạng riêng của WPS Office (.et)"),
        ("HD05.xls", "file.xls", "Tệp ở định dạng Excel 97-2003 (.xls) cũ"),
        ("HD05.xlt", "file.xls", "Tệp ở định dạng Excel 97-2003 (.xls) cũ"),
    ],
)
def test_a_binary_workbook_is_named_by_the_program_that_made_it(
    tmp_path: Path, name: str, code: str, opening: str
) -> None:
    """WPS Office's own format was refused as "Excel 97-2003": the advice was right, the
    name of the format not, and the secretary looks for it in the wrong program."""
    path = tmp_path / name
    path.write_bytes(OLE2)
    sub = read_submission(path)
    (issue,) = sub.issues
    assert (issue.code, issue.severity) == (code, "error")
    assert issue.message.startswith(opening)


def test_a_numbers_file_is_named_so(tmp_path: Path) -> None:
    path = tmp_path / "HD05.numbers"
    with zipfile.ZipFile(path, "w") as numbers:  # Apple Numbers: a zip of .iwa parts
        numbers.writestr("Index/Document.iwa", b"\0" * 64)
        numbers.writestr("Metadata/Properties.plist", b"<plist/>")
    (issue,) = read_submission(path).issues
    assert issue.code == "file.format"
    assert "(tệp Apple Numbers)" in issue.message
