"""What a file the reader refuses is told (hunt143, files that Excel did not make): a workbook
cut short gets the advice of a file not yet copied or downloaded."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_validate import codes, write

from toolkit.cli import main
from toolkit.io.reader import read_submission


def _source(tmp_path: Path) -> Path:
    """A real filled submission, written by the template's writer."""
    folder = tmp_path / "src"
    folder.mkdir(exist_ok=True)
    return write(folder)


def _refused(path: Path, code: str) -> str:
    sub = read_submission(path)
    assert codes(sub.issues) == [code], [i.message for i in sub.issues]
    issue = sub.issues[0]
    assert issue.severity == "error" and issue.file == path.name and issue.sheet is None
    assert sub.members is None and sub.events is None and sub.years is None
    return issue.message


@pytest.mark.parametrize("keep", ["two thirds", "3 kB"])
def test_a_workbook_cut_short_is_told_to_be_copied_again_not_opened(tmp_path: Path, keep: str) -> None:
    """As the hunt cut the real file: a copy or download that stopped part-way has no zip
    directory at its end. It was "tệp bị hỏng hoặc không phải tệp .xlsx", open it in Excel."""
    whole = _source(tmp_path).read_bytes()
    path = tmp_path / "CB07.xlsx"
    path.write_bytes(whole[: len(whole) * 2 // 3] if keep == "two thirds" else whole[:3000])
    message = _refused(path, "file.truncated")
    assert message.startswith("Tệp bị cắt cụt (thiếu phần cuối) nên không mở được")
    assert "chưa được chép hoặc tải về xong" in message and "chi bộ gửi lại" in message
    assert "mở tệp bằng Excel" not in message and "không phải tệp .xlsx" not in message


def test_a_workbook_whose_zip_directory_is_damaged_is_still_said_damaged(tmp_path: Path) -> None:
    """The control: the whole file, its end in place, but its directory's entries spoilt."""
    whole = _source(tmp_path).read_bytes()
    path = tmp_path / "CB07.xlsx"
    path.write_bytes(whole.replace(b"PK\x01\x02", b"PK\x01\x09"))
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(path)
    message = _refused(path, "file.unreadable")
    assert "tệp bị hỏng hoặc không phải tệp .xlsx" in message


def test_a_workbook_cut_short_gets_no_feedback_for_the_chi_bo(tmp_path: Path) -> None:
    """Like a file of 0 bytes, the clerk's to copy again (`rules.CLERK_ONLY`): said on the
    console, no `_kiem_tra.xlsx` sent to the secretary."""
    folder = tmp_path / "nop"
    folder.mkdir()
    whole = _source(tmp_path).read_bytes()
    (folder / "CB07_chi_bo.xlsx").write_bytes(whole[: len(whole) // 2])
    out = tmp_path / "phan_hoi"
    args = ["validate", str(folder), "--cutoff", "31/03/2026", "--feedback", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "file.truncated" in result.output, result.output
    assert not out.exists() or not list(out.iterdir())
