"""A run the history could not record says so in its status, on the buttons and the console.

hunt133 #2: with the history locked or damaged, the `Tổng hợp` status said "2 cảnh báo" and
nothing of the history (a normal run's status always has a "Lịch sử tổng hợp: …" sentence);
the `history.*` warning was only a row of `Kiểm tra`, so the clerk did not know that this cut-off
would be missing from later runs' `Cùng kỳ năm trước` and trend until it was consolidated again.
Real files throughout: generated submissions, the committed `.xlsm`, a real SQLite history held
by a real lock or overwritten with garbage."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, REGISTRY, Replay, book_json, caller_book, saved_workbook, write_ward
from tests.helpers_history import digest, locked
from toolkit import excel
from toolkit.cli import main
from toolkit.excel import book as xlbook
from toolkit.excel.build import DEFAULT_TARGET
from toolkit.history.store import DEFAULT_FILENAME, HistoryStore

# What the status says of this run's record, after "Lịch sử tổng hợp: ", by why it is missing.
CONSEQUENCE = (
    ": các lần tổng hợp sau sẽ không có số liệu ngày chốt 31/03/2026 cho “Cùng kỳ năm trước”, xu "
    "hướng và kiểm tra số đầu kỳ cho đến khi tổng hợp lại, sau khi xử lý theo cảnh báo ở sheet "
    "“Kiểm tra”."
)
NOT_RECORDED = "Lịch sử tổng hợp: lần tổng hợp này chưa được ghi vào lịch sử"
LOCKED = f"{NOT_RECORDED} (tệp lịch sử đang bị khóa){CONSEQUENCE}"
DAMAGED = f"{NOT_RECORDED} (tệp lịch sử bị hỏng){CONSEQUENCE}"


@pytest.fixture(autouse=True)
def _short_wait(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The remote engine is part of xlwings PRO; "noncommercial" is its documented free key.
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    # Its book has no folder (the current one stands in): the history beside it goes there.
    monkeypatch.chdir(tmp_path)
    # A lock is waited for 10 s before it is a warning: a fifth of a second here.
    monkeypatch.setattr("toolkit.history.store.DEFAULT_TIMEOUT", 0.2)


def _press(settings: dict) -> Replay:
    data = book_json(DEFAULT_TARGET, settings, registry=REGISTRY)
    book = caller_book(data)
    excel.consolidate()
    return Replay(data, book.json()["actions"])


@contextmanager
def _garbage(path: Path) -> Iterator[None]:
    path.write_bytes(b"not a history at all\n" * 100)
    yield


HELD: dict[str, tuple[Callable[[Path], AbstractContextManager[None]], str]] = {
    "locked": (locked, LOCKED),
    "garbage": (_garbage, DAMAGED),
}


@pytest.mark.parametrize("held", sorted(HELD))
def test_the_status_of_a_press_the_history_could_not_record_says_so_and_why(
    tmp_path: Path, held: str
) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF, "WardName": "Phường Hải Dương"}
    first = _press(settings)
    assert "chưa được ghi vào lịch sử" not in first.status()
    history = tmp_path / DEFAULT_FILENAME
    hold, expected = HELD[held]
    with hold(history):
        before = digest(history)
        book = _press(settings)
        assert digest(history) == before  # left as it was
    status = book.status()
    assert expected in status, status
    assert status.count("Lịch sử tổng hợp:") == 1
    amber = "#{:02x}{:02x}{:02x}".format(*xlbook.WARN_COLOR)
    assert book.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)].lower() == amber  # a warning
    if held == "locked":
        assert len(HistoryStore(history).records()) == 1  # the first press's only


def test_a_recorded_press_says_nothing_of_a_record_missing(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF, "WardName": "Phường Hải Dương"}
    _press(settings)
    again = _press(settings)
    assert "chưa được ghi vào lịch sử" not in again.status()
    assert len(HistoryStore(tmp_path / DEFAULT_FILENAME).records()) == 2


def test_the_console_of_settings_says_it_in_the_buttons_words(tmp_path: Path) -> None:
    """`ward-stats consolidate --settings` (Tong hop.cmd), whose history is beside the `.xlsm`:
    the same sentence among its summary lines, from the same place."""
    write_ward(tmp_path / "bai_nop", with_error=False)
    values = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "WardName": "Phường Thử"}
    book = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", values, REGISTRY)
    args = ["consolidate", "--settings", str(book)]
    assert CliRunner().invoke(main, args).exit_code == 0
    history = tmp_path / DEFAULT_FILENAME
    with locked(history):
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert LOCKED in result.output.splitlines(), result.output
    assert len(HistoryStore(history).records()) == 1


def test_the_console_of_history_typed_says_it_in_the_buttons_words(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    history = tmp_path / "lich_su.sqlite"
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "--ward-name", "Phường Thử"]
    args += ["-o", str(tmp_path / "kq.xlsx"), "--history", str(history)]
    assert CliRunner().invoke(main, args).exit_code == 0
    history.write_bytes(b"not a history at all\n" * 100)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert DAMAGED in result.output.splitlines(), result.output


def test_a_run_that_consolidated_nothing_is_not_said_to_be_missing_from_later_runs(tmp_path: Path) -> None:
    """A run of a cut-off no file has (a slip of the cut-off) has nothing to record: its status
    says so first, and `history.empty_run` why; that later runs lack its cut-off would send the
    clerk to record a wrong one."""
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    args = ["consolidate", str(folder), "--cutoff", "30/06/2026", "--ward-name", "Phường Thử"]
    args += ["-o", str(tmp_path / "kq.xlsx"), "--history", str(tmp_path / "lich_su.sqlite")]
    result = CliRunner().invoke(main, args)
    assert "Đã tổng hợp 0/2 tổ chức" in result.output
    assert "nên lần này không được ghi vào lịch sử tổng hợp" in result.output  # history.empty_run
    assert NOT_RECORDED not in result.output
