"""`ward-stats demo` stopped part way (Ctrl+C while it writes the sample ward's files one by one):
its last lines say that the folder holds a sample ward partly written, not that the old files
were kept, and the folder stays the demo's own (`demo_folder.DemoMarker`): the demo runs into
it again, with any seed, and makes the ward whole; a file that is none of the demo's is
still refused."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers_sets import command, sigint_kept
from helpers_validate import write

import toolkit.sample.rows as rows
from toolkit.sample.demo_folder import foreign_files

__all__ = ["sigint_kept"]  # fixtures

MARKER = ".ward_stats_demo"  # the list of what a demo wrote (`demo_folder.MARKER`)
DEMO_HD01 = "HD01_dang_bo_cac_co_quan_dang_phuong.xlsx"


def _ctrl_c_on_file(n: int, func: Callable[..., Any]) -> Callable[..., Any]:
    """`func`, with a real Ctrl+C (SIGINT to this process) arriving as the n-th file is written."""
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == n:
            os.kill(os.getpid(), signal.SIGINT)
        return func(*args, **kwargs)

    return wrapper


def _stopped(
    folder: Path, n: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *seed: str
) -> list[str]:
    # Ctrl+C as from a terminal (a test run started in the background inherits SIGINT ignored);
    # `sigint_kept` gives the test process its own handler back.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with monkeypatch.context() as patched:
        patched.setattr(rows.SubmissionRows, "write", _ctrl_c_on_file(n, rows.SubmissionRows.write))
        code, stdout, stderr = command(["demo", *seed, folder], capsys)
    assert code == 130, stderr
    assert "Đã tạo phường mẫu" not in stdout
    return stderr.splitlines()


@pytest.mark.usefixtures("sigint_kept")
def test_a_stopped_demo_says_what_it_wrote_and_its_folder_stays_the_demos(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "phuong_mau"
    said = [
        "Đã dừng theo yêu cầu (Ctrl+C); ngoài thay đổi nói ở dòng cuối, không tệp nào khác bị thay đổi:",
        f"Phường mẫu trong thư mục “{folder}” chưa tạo xong: lệnh demo đã ghi (lại) một phần danh mục "
        "tổ chức và tệp của các chi bộ ở đó (thư mục nop, nam_truoc/nop). Hãy chạy lại lệnh demo vào "
        "thư mục này để tạo đủ.",
    ]
    lines = _stopped(folder, 6, monkeypatch, capsys)
    assert lines[-2:] == said  # after the line "Đang tạo phường mẫu …"
    assert len(list((folder / "nop").glob("*.xlsx"))) == 6  # the file being written when stopped too
    assert (folder / MARKER).is_file()
    assert foreign_files(folder) == []  # the demo takes it for its own

    # Another seed, stopped later: it writes over the first run's files; still the demo's.
    lines = _stopped(folder, 10, monkeypatch, capsys, "--seed", "7")
    assert lines[-2:] == said
    assert foreign_files(folder) == []

    # A secretary's file under a sample organisation's name is no demo's file for all that.
    write(folder / "nop", DEMO_HD01)
    assert foreign_files(folder) == [folder / "nop" / DEMO_HD01]
    code, _, stderr = command(["demo", folder], capsys)
    assert code == 2 and f"“nop/{DEMO_HD01}”" in stderr


@pytest.mark.slow
@pytest.mark.usefixtures("sigint_kept")
def test_the_demo_run_again_into_a_stopped_demos_folder_makes_the_ward_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "phuong_mau"
    _stopped(folder, 6, monkeypatch, capsys)
    code, stdout, stderr = command(["demo", folder], capsys)
    assert code == 0, stderr
    assert "Đã tạo phường mẫu: 72 tổ chức" in stdout
    assert not (folder / MARKER).exists()  # done: every file is in the history now
    assert foreign_files(folder) == []
