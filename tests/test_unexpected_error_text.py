"""An unexpected error's message never carries its text, which may quote a member's data.

review197: `errors._unexpected_message` said "Lỗi không mong đợi trong chương trình (ValueError:
<the exception's text>) … Hãy gửi thông báo này cho người hỗ trợ kỹ thuật." A bug's exception can
quote a member's name, a cell, a date (a `KeyError` of a name, pandas' "invalid literal …:
'Nguyễn Văn A'"), and that text went to the console, the JSON summary (a `history.not_recorded`
reason), the buttons' status cell and `excel.failed` row, and the clerk was asked to send it to
support, personal data or not. It now names the error's type and where in the toolkit it was
raised ("ValueError tại toolkit/pipeline.py:489"), never its text.

Real generated wards, real consolidations through the command line and the buttons (xlwings'
remote engine on a real workbook); the bug is injected in a toolkit function (no bug fails on
demand), its text built from the members the consolidation read.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, REGISTRY, Replay, book_json, caller_book, write_ward
from tests.helpers_unexpected import Failing
from toolkit import excel
from toolkit.cli import main
from toolkit.core import errors
from toolkit.excel import failsafe
from toolkit.excel.build import DEFAULT_TARGET
from toolkit.outputs import sheets as output

# The first member of the generated ward (tests.helpers_excel._member(1, 1, …)).
NAME = "Đảng viên Một Số Một"
BORN = dt.date(1963, 2, 11)
# Every form the member's data could take in an exception's text.
PERSONAL = (NAME, "Số Một", f"{BORN:%d/%m/%Y}", BORN.isoformat(), "1963")


def _quoting_the_first_member(members: pd.DataFrame, *args: object, **kwargs: object) -> ValueError:
    """What a bug among the members' rows raises: pandas-like text quoting a row's cells."""
    row = members.iloc[0]
    assert row["full_name"] == NAME  # the data is the real ward's, read by the consolidation
    born = pd.Timestamp(row["birth_date"]).date()
    return ValueError(
        f"invalid literal for int() with base 10: '{row['full_name']}' (birth_date={born.isoformat()}, "
        f"{born:%d/%m/%Y})"
    )


def _no_personal_data(text: str) -> None:
    for value in PERSONAL:
        assert value not in text, (value, text)


def _consolidate(tmp_path: Path, *extra: str) -> tuple[int, str]:
    args = ["consolidate", str(tmp_path / "bai_nop"), "--cutoff", "31/03/2026", "--ward-name", "Phường Thử"]
    args += ["-o", str(tmp_path / "kq" / "kq.xlsx"), "--history", str(tmp_path / "lich_su.sqlite"), *extra]
    done = CliRunner().invoke(main, args)
    assert "Traceback" not in done.output
    return done.exit_code, done.output


def test_the_command_line_says_the_type_and_where_never_the_members_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_ward(tmp_path / "bai_nop", with_error=False)
    (tmp_path / "kq").mkdir()
    bug = Failing(_quoting_the_first_member)
    monkeypatch.setattr("toolkit.stats.grouped.compute_indicators_by_org", bug)
    code, output = _consolidate(tmp_path)
    assert code == 2 and bug.calls == 1, output
    assert bug.at is not None and bug.at.startswith("toolkit/pipeline.py:")  # the caller, in the toolkit
    assert output.splitlines()[-1] == (
        f"Lỗi: Lỗi không mong đợi trong chương trình (ValueError tại {bug.at}). Các tệp đầu vào không "
        "bị thay đổi. Hãy gửi thông báo này cho người hỗ trợ kỹ thuật."
    ), output
    _no_personal_data(output)


def test_a_history_that_cannot_be_written_says_why_without_the_members_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reason of `history.not_recorded` is `user_message` of what failed: in the console and
    in the JSON summary (the result workbook, made before the record is begun, holds none)."""
    write_ward(tmp_path / "bai_nop", with_error=False)
    (tmp_path / "kq").mkdir()
    bug = Failing(lambda *args, **kwargs: KeyError(f"{NAME} {BORN:%d/%m/%Y}"))
    monkeypatch.setattr("toolkit.history.session.record_from_result", bug)
    code, output = _consolidate(tmp_path, "--json", str(tmp_path / "kq" / "kq.json"))
    assert code == 0 and bug.calls == 1, output
    summary = json.loads((tmp_path / "kq" / "kq.json").read_text(encoding="utf-8"))
    (issue,) = [i for i in summary["issues"] if i["code"] == "history.not_recorded"]
    cause = bug.cause("KeyError")
    assert cause.startswith("KeyError tại toolkit/history/session.py:")
    said = json.dumps(issue, ensure_ascii=False)
    assert f"({cause})" in said and f"({cause})" in output, (said, output)
    _no_personal_data(output)
    _no_personal_data((tmp_path / "kq" / "kq.json").read_text(encoding="utf-8"))
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "kq" / "kq.xlsx", read_only=True)
    cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
    _no_personal_data("\n".join(cells))


def _run(entry: Any, data: dict[str, Any]) -> Replay:
    book = caller_book(data)
    entry()
    return Replay(data, book.json()["actions"])


@pytest.fixture
def _remote_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")  # xlwings' documented free key
    monkeypatch.chdir(tmp_path)  # the remote book has no folder: its history goes here


@pytest.mark.usefixtures("_remote_engine")
def test_a_press_says_the_type_and_where_never_the_members_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_ward(tmp_path / "bai_nop", with_error=False)
    bug = Failing(_quoting_the_first_member)
    monkeypatch.setattr("toolkit.stats.grouped.compute_indicators_by_org", bug)
    settings = {"InputFolder": str(tmp_path / "bai_nop"), "CutoffDate": CUTOFF}
    book = _run(excel.consolidate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    assert bug.calls == 1
    said = (
        f"Lỗi không mong đợi trong chương trình (ValueError tại {bug.at}). Các tệp đầu vào không bị "
        "thay đổi. Hãy gửi thông báo này cho người hỗ trợ kỹ thuật."
    )
    assert book.status() == f"Tổng hợp: KHÔNG THÀNH CÔNG. {said}"
    (row,) = [r for r in book.rows(output.SHEET_ISSUES) if r and r[-1] == "excel.failed"]
    assert f"Tổng hợp: {said}" in row
    _no_personal_data(book.status())
    for sheet in book.cells:
        _no_personal_data(json.dumps(book.rows(sheet), ensure_ascii=False, default=str))


def test_without_the_errors_module_the_buttons_still_say_where_never_the_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """failsafe's own words, for when `toolkit.core.errors` is what is broken, say the same
    type and place (`failsafe._unexpected_cause`), never the text either."""
    from toolkit.pipeline import consolidate

    write_ward(tmp_path / "bai_nop", with_error=False)
    bug = Failing(_quoting_the_first_member)
    monkeypatch.setattr("toolkit.stats.grouped.compute_indicators_by_org", bug)
    with pytest.raises(ValueError) as raised:
        consolidate([tmp_path / "bai_nop"], cutoff=dt.date(2026, 3, 31), registry=REGISTRY)
    exc = raised.value
    assert NAME in str(exc)  # what the message must not say
    cause = bug.cause("ValueError")
    assert f"({cause})" in errors.user_message(exc)
    assert errors.unexpected_cause(exc) == cause
    errors.forget_written()
    monkeypatch.setitem(sys.modules, "toolkit.core.errors", None)
    said = failsafe.press_failure_message(exc)
    assert said == f"Lỗi không mong đợi trong chương trình ({cause})."
    _no_personal_data(said)


class _TextNeverRead(Exception):
    """An error whose text must never be formatted: asking for it fails the test."""

    def __str__(self) -> str:
        raise AssertionError("the exception's text was formatted")

    __repr__ = __str__


def test_the_text_of_the_error_is_never_even_formatted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The type and the place are had without ever asking for the text (`errors.raised_at`)."""
    write_ward(tmp_path / "bai_nop", with_error=False)
    (tmp_path / "kq").mkdir()
    bug = Failing(lambda *args, **kwargs: _TextNeverRead())
    monkeypatch.setattr("toolkit.stats.grouped.compute_indicators_by_org", bug)
    code, output = _consolidate(tmp_path)
    assert code == 2 and bug.calls == 1, output
    assert f"Lỗi: Lỗi không mong đợi trong chương trình ({bug.cause('_TextNeverRead')})." in output, output
