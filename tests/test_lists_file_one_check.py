"""The lists file that is an input is refused by one check on both paths (fixS #3): `ward-stats
lists` refused it before reading (`publish.check_outputs`), the Danh sách button only after
reading every file, by a check of its own with other words ("là một tệp bài nộp đang được đọc",
by the spelling of the path alone: a hard link of a submission was refused as something else).
Both now call `worklists.check_lists_target` before reading: the same rule and the same words
("chính là tệp bài nộp …: ghi vào đó sẽ làm mất dữ liệu đầu vào. Hãy chọn tên tệp khác.", the
lists file's advice, not the result file's), naming the cell as each path names it."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, REGISTRY, Replay, book_json, caller_book, saved_workbook, write_ward
from toolkit import excel
from toolkit.cli import main
from toolkit.excel.book import setting_place
from toolkit.excel.build import DEFAULT_TARGET

CELL = f"Tệp danh sách (ô “Tệp danh sách”{{of}}, {setting_place('ListsFile')})"


@pytest.fixture(autouse=True)
def _remote_engine_licence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli_says(tmp_path: Path, lists: Path) -> str:
    book = saved_workbook(
        tmp_path / "tong_hop_phuong.xlsm",
        {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "ListsFile": str(lists)},
        REGISTRY,
    )
    run = CliRunner().invoke(main, ["lists", "--settings", str(book)])
    assert run.exit_code == 2 and "Traceback" not in run.output, run.output
    return " ".join(run.output.split())


def _button_says(tmp_path: Path, lists: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(
        "toolkit.worklists.build_work_lists",
        lambda *a, **k: pytest.fail("the files were read before the refusal"),
    )
    values = {"InputFolder": str(tmp_path / "bai_nop"), "CutoffDate": CUTOFF, "ListsFile": str(lists)}
    data = book_json(DEFAULT_TARGET, values, registry=REGISTRY)
    button = caller_book(data)
    excel.make_lists()
    return " ".join(Replay(data, button.json()["actions"]).status().split())


@pytest.mark.parametrize("how", ["the submission", "a hard link to it"])
def test_a_lists_file_that_is_a_submission_is_refused_alike_by_the_command_and_the_button(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    monkeypatch.chdir(tmp_path)  # the remote engine's book has no folder: the current one
    submission = write_ward(tmp_path / "bai_nop")[0]
    lists = submission
    if how == "a hard link to it":
        (tmp_path / "khac").mkdir()
        lists = tmp_path / "khac" / "danh_sach.xlsx"
        os.link(submission, lists)
    before = _digest(submission)
    why = (
        f"“{lists}” chính là tệp bài nộp “{submission}”: ghi vào đó sẽ làm mất dữ liệu đầu vào. "
        "Hãy chọn tên tệp khác."
    )
    cli = _cli_says(tmp_path, lists)
    assert f"{CELL.format(of=' của tệp --settings')} {why}" in cli, cli
    button = _button_says(tmp_path, lists, monkeypatch)
    assert f"{CELL.format(of='')} {why}" in button, button
    assert "tên tệp kết quả" not in cli + button
    run = CliRunner().invoke(
        main, ["lists", str(tmp_path / "bai_nop"), "--cutoff", f"{CUTOFF:%d/%m/%Y}", "-o", str(lists)]
    )
    assert run.exit_code == 2 and f"Tệp danh sách -o {why}" in " ".join(run.output.split()), run.output
    assert _digest(submission) == before


def test_a_lists_file_that_is_a_folder_is_not_called_a_result_file(tmp_path: Path) -> None:
    """fixS #2: the lists file's refusals advise another name, never "tên tệp kết quả"."""
    write_ward(tmp_path / "bai_nop")
    run = CliRunner().invoke(
        main, ["lists", str(tmp_path / "bai_nop"), "--cutoff", f"{CUTOFF:%d/%m/%Y}", "-o", str(tmp_path)]
    )
    said = " ".join(run.output.split())
    assert (
        run.exit_code == 2 and f"“{tmp_path}” là một thư mục, không phải tệp; hãy ghi cả tên tệp" in said
    ), said
    assert "kết quả" not in said, said


def test_a_new_lists_file_inside_the_submissions_folder_is_written_by_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not refused on either path: the lists workbook is an output of ward-stats, which the next
    reading of the folder skips (it is no submission)."""
    monkeypatch.chdir(tmp_path)
    write_ward(tmp_path / "bai_nop")
    lists = tmp_path / "bai_nop" / "danh_sach.xlsx"
    book = saved_workbook(
        tmp_path / "tong_hop_phuong.xlsm",
        {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "ListsFile": str(lists)},
        REGISTRY,
    )
    run = CliRunner().invoke(main, ["lists", "--settings", str(book)])
    assert run.exit_code in (0, 1) and lists.is_file(), run.output
    lists.unlink()
    values = {"InputFolder": str(tmp_path / "bai_nop"), "CutoffDate": CUTOFF, "ListsFile": str(lists)}
    data = book_json(DEFAULT_TARGET, values, registry=REGISTRY)
    caller_book(data)
    excel.make_lists()
    assert lists.is_file()
