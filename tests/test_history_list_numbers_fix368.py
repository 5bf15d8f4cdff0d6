"""`history list` names each record as every message does, "lần số 2", where it printed "#2"
beside messages saying "lần số 2" ("Đã xóa lần tổng hợp số 2", "thay cho lần số 1"), and a
superseded record's words named the later one "lần #2" (fix368). The number typed for a
record is still read with or without a "#".
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.helpers_history import filled_history, record, run_cli
from toolkit.history.store import HistoryStore

MARCH = dt.date(2026, 3, 31)
TYPO = dt.date(2026, 3, 30)


def _history(tmp_path: Path) -> Path:
    """Record 1 superseded by record 2 (a re-run of its cut-off), record 3 of another cut-off."""
    return filled_history(
        tmp_path / "h.sqlite",
        record(MARCH, run_id="first"),
        record(MARCH, run_id="again"),
        record(TYPO, run_id="typo"),
    )


def test_the_list_says_lan_so_as_the_messages_do(tmp_path: Path) -> None:
    listed = run_cli("history", "list", "--history", _history(tmp_path))
    assert listed.exit_code == 0, listed.output
    lines = {line.split("  ")[0]: line for line in listed.output.splitlines()[1:]}
    assert sorted(lines) == ["Lần số 1", "Lần số 2", "Lần số 3"], listed.output
    assert lines["Lần số 1"].endswith("cũ (đã có lần số 2 mới hơn của phường này cùng ngày chốt)")
    assert not re.search(r"#\d", listed.output), listed.output


def test_show_names_the_later_record_as_lan_so(tmp_path: Path) -> None:
    shown = run_cli("history", "show", "1", "--history", _history(tmp_path))
    assert shown.exit_code == 0, shown.output
    assert "Cũ: đã có lần số 2 mới hơn của phường này cùng ngày chốt." in shown.output
    assert not re.search(r"#\d", shown.output), shown.output


@pytest.mark.parametrize("typed", ["3", "#3", " # 3"])
def test_the_number_is_typed_with_or_without_a_hash(tmp_path: Path, typed: str) -> None:
    path = _history(tmp_path)
    result = run_cli("history", "list", "--ask", "--history", path, input=f"{typed}\nc\n")
    assert result.exit_code == 0, result.output
    assert "Sẽ xóa: lần số 3  chốt 30/03/2026" in result.output, result.output
    assert [r.id for r in HistoryStore(path).records()] == [1, 2]


@pytest.mark.parametrize("typed", ["#3", "# 3"])
@pytest.mark.parametrize("command", ["show", "export", "remove"])
def test_the_commands_taking_a_number_read_it_with_a_hash(tmp_path: Path, command: str, typed: str) -> None:
    """`history show`, `export` and `remove` refused "#3", as `history list` printed it, as no
    whole number; they read it as 3, as `history list --ask` does."""
    path = _history(tmp_path)
    extra = {"export": ["--json", tmp_path / "lan3.json"], "remove": ["--yes"]}.get(command, [])
    done = run_cli("history", command, typed, "--history", path, *extra)
    assert done.exit_code == 0, done.output
    if command == "show":
        assert "Lần tổng hợp số 3 (mã typo)" in done.output, done.output
    elif command == "export":
        assert (tmp_path / "lan3.json").is_file()
    else:
        assert [r.id for r in HistoryStore(path).records()] == [1, 2]


@pytest.mark.parametrize("typed", ["#x", "x", "3a", "#"])
def test_what_is_no_number_is_refused_as_before(tmp_path: Path, typed: str) -> None:
    done = run_cli("history", "show", typed, "--history", _history(tmp_path))
    assert done.exit_code == 2, done.output
    assert f"Lỗi: “{typed}” không phải số nguyên." in done.output, done.output
