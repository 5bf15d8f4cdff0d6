"""A folder to write into that is under a file (a clerk typed `ket_qua.xlsx/phan_hoi`, or a
file stands where `lich_su_da_xoa` should be) is said as such, naming that file: not "a part of
the path is not a folder", not "cannot open the file", and never called a file itself (stop 61's
notes, hunt112a L3)."""

from __future__ import annotations

import datetime as dt
import errno
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_worklists import REGISTRY, _member, submission

from tests.helpers_history import digest, filled_history, record, run_cli
from toolkit.cli import main
from toolkit.core.errors import file_in_the_way, os_error_text, user_message
from toolkit.history.removal import REMOVED_FOLDER


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "ghi_chu.txt"
    path.write_text("x", encoding="utf-8")
    return path


def test_the_file_in_the_way_is_found_above_a_folder(tmp_path: Path, a_file: Path) -> None:
    assert file_in_the_way(a_file / "a" / "b") == str(a_file)
    assert file_in_the_way(a_file) == str(a_file)
    assert file_in_the_way(tmp_path / "khong_co" / "a") is None
    assert file_in_the_way(tmp_path) is None


def test_the_system_error_names_the_file_in_the_way(tmp_path: Path, a_file: Path) -> None:
    with pytest.raises(OSError) as raised:
        (a_file / "phan_hoi").mkdir(parents=True)
    assert raised.value.errno in (errno.ENOTDIR, errno.EEXIST)
    exc = OSError(errno.ENOTDIR, "Not a directory", str(a_file / "phan_hoi" / "a.xlsx"))
    assert os_error_text(exc) == f"“{a_file}” là một tệp, không phải thư mục"
    assert f"“{a_file}” là một tệp" in user_message(exc)
    # Without a file on the way (gone since), the general words stay.
    gone = OSError(errno.ENOTDIR, "Not a directory", str(tmp_path / "khong_co" / "a"))
    assert os_error_text(gone) == "một phần của đường dẫn không phải thư mục"


def _replace_error(src: Path, dst: Path) -> OSError:
    with pytest.raises(OSError) as raised:
        os.replace(src, dst)
    assert raised.value.errno == errno.ENOTDIR
    return raised.value


@pytest.mark.skipif(sys.platform == "win32", reason="Windows says a path under a file is not found")
def test_a_rename_names_the_file_in_the_destinations_way_not_the_source(tmp_path: Path, a_file: Path) -> None:
    """review118 F9: a rename's error names the source in `filename` and the destination in
    `filename2`; the file in the way is on the destination's path, and the source (a file, as
    it should be) was named instead."""
    source = tmp_path / "ket_qua.tmp"
    source.write_bytes(b"x")
    exc = _replace_error(source, a_file / "ket_qua.xlsx")
    assert os_error_text(exc) == f"“{a_file}” là một tệp, không phải thư mục"
    # A folder moved onto a file: the destination is the file in the way.
    folder = tmp_path / "thu_muc"
    folder.mkdir()
    assert os_error_text(_replace_error(folder, a_file)) == f"“{a_file}” là một tệp, không phải thư mục"
    # A source under a file: the file above it.
    exc = _replace_error(a_file / "ket_qua.tmp", tmp_path / "ket_qua.xlsx")
    assert os_error_text(exc) == f"“{a_file}” là một tệp, không phải thư mục"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "bai_nop"
    cb02, _, _ = REGISTRY.organisations
    rows = [_member(f"Lê Văn {n}", "01/01/1970", "male", "01/01/1995", "01/01/1996") for n in ("An", "Bình")]
    submission(folder, cb02, rows)
    return folder


def test_feedback_under_a_file_names_the_file(tmp_path: Path, a_file: Path) -> None:
    folder = _folder(tmp_path)
    feedback = a_file / "phan_hoi"
    args = ["validate", str(folder), "--cutoff", "31/03/2026", "--feedback", str(feedback)]
    done = CliRunner().invoke(main, args)
    text = " ".join(done.output.split())
    assert done.exit_code != 0 and "Traceback" not in done.output
    assert f"Không tạo được thư mục phản hồi “{feedback}”: “{a_file}” là một tệp, không phải thư mục." in text
    assert a_file.read_text(encoding="utf-8") == "x"


def test_templates_under_a_file_name_the_file(a_file: Path) -> None:
    done = CliRunner().invoke(main, ["template", "--out", str(a_file / "bieu_mau")])
    text = " ".join(done.output.split())
    assert done.exit_code != 0 and "Traceback" not in done.output
    assert f"“{a_file}” là một tệp, không phải thư mục" in text, text
    assert "một phần của đường dẫn" not in text


def test_rename_ward_with_a_file_named_as_its_copies_folder_names_it(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(dt.date(2026, 3, 31), ward_name="Phường Mẫu"))
    (tmp_path / REMOVED_FOLDER).write_text("x", encoding="utf-8")
    before = digest(path)
    done = run_cli("history", "rename-ward", "Phường Mẫu", "Phường Mới", "--yes", "--history", path)
    text = " ".join(done.output.split())
    assert done.exit_code != 0
    said = f"(“{tmp_path / REMOVED_FOLDER}” là một tệp, không phải thư mục), nên chưa đổi tên gì."
    assert said in text, text
    assert "không mở được tệp" not in text.lower()
    assert digest(path) == before
