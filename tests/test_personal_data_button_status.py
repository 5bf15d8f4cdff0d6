"""The status cell of “Kiểm tra” and “Tổng hợp” with `PersonalData` = “Có” says each privacy
fact once: one sentence naming the outputs of this press that now hold the members' values
(the `Kiểm tra` sheet of the book itself, the result workbook, the feedback files: only those
that do), then the advice, once (review of fix360: the list's, the book's and the feedback
files' sentences were said one after the other, each with its own "office only"). With “Không”
the status says what it said before. Real presses: the buttons' entry points on a recorded
book (`tests.helpers_excel`), the ward whose CB02 has a member's error quoting two dates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers_excel import CUTOFF, REGISTRY, Replay, book_json, caller_book, write_ward
from toolkit import excel
from toolkit.excel.build import DEFAULT_TARGET
from toolkit.outputs.status import PERSONAL_DATA_HIDDEN

IN_BOOK = "sheet “Kiểm tra” của chính tệp này"
RESULT = "tệp kết quả"
FEEDBACK = "tệp phản hồi"


@pytest.fixture(autouse=True)
def _remote_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")  # xlwings' documented free key
    monkeypatch.chdir(tmp_path)


def _press(entry, tmp_path: Path, choice: str) -> str:  # type: ignore[no-untyped-def]
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    settings = {
        "InputFolder": str(folder),
        "CutoffDate": CUTOFF,
        "OutputFile": str(tmp_path / "kq.xlsx"),
        "PersonalData": choice,
    }
    data = book_json(DEFAULT_TARGET, settings, registry=REGISTRY)
    book = caller_book(data)
    entry()
    return Replay(data, book.json()["actions"]).status()


def _sentences(status: str) -> list[str]:
    return re.split(r"(?<=\.)\s+", status)


def _said_once(status: str) -> str:
    """The one sentence saying where the members' values are; every fact of the advice once."""
    assert status.count("ngày sinh") == 1, status
    assert status.count("dữ liệu cá nhân, đã chọn ghi") == 1, status
    assert status.count("văn phòng") == 1, status
    assert status.count("chọn “Không”") == 1, status
    assert PERSONAL_DATA_HIDDEN not in status
    (where,) = [s for s in _sentences(status) if "ngày sinh" in s]
    return where


def test_the_check_button_says_the_book_and_the_feedback_files_hold_them_once(tmp_path: Path) -> None:
    status = _press(excel.validate, tmp_path, "Có")
    where = _said_once(status)
    assert IN_BOOK in where and FEEDBACK in where and RESULT not in where, where
    # The feedback files' own advice, once: each to its chi bộ alone.
    assert status.count("không gửi vào nhóm chung") == 1, status
    assert list((tmp_path / "phan_hoi").glob("*_kiem_tra.xlsx"))


def test_the_consolidate_button_says_the_book_and_the_result_hold_them_once(tmp_path: Path) -> None:
    status = _press(excel.consolidate, tmp_path, "Có")
    where = _said_once(status)
    assert IN_BOOK in where and RESULT in where and FEEDBACK not in where, where
    assert "nhóm chung" not in status
    # Said before the result's path, not glued after it.
    assert status.index("ngày sinh") < status.index("Tệp kết quả:")


@pytest.mark.parametrize("entry", [excel.validate, excel.consolidate], ids=["check", "consolidate"])
def test_with_no_the_status_says_the_lists_are_masked_as_before(entry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    status = _press(entry, tmp_path, "Không")
    assert status.count(PERSONAL_DATA_HIDDEN) == 1 and status.count("ngày sinh") == 1, status
    assert "văn phòng" not in status and IN_BOOK not in status
