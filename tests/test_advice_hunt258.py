"""Advice followed literally, for the clerk's other commands (hunt258).

A history file damaged as a whole (bytes that are no SQLite database, pages overwritten, a copy
cut short): a consolidation warns `history.corrupt`, and `history list` refuses the file. The
advice was only "copy the backup of the history back" (and, on the command line, `--history`).
The tool makes no backup of its own, and the buttons have no `--history`: a clerk without a
backup was warned on every run with nothing to do. As the empty file's and the changed
structure's warnings already did, the advice says the way out without a backup: rename the
file or move it elsewhere to start a new history. Followed, the next run has no history
warning and records itself in a new history.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
from pathlib import Path

import pytest
from helpers_history import consolidated_into, damage_pages, run_cli, truncate
from helpers_sample import written_folder

from toolkit.sample.rows import Period

WAY_OUT = "nếu không có bản sao lưu, hãy đổi tên hoặc chuyển tệp này đi chỗ khác để bắt đầu một lịch sử mới"


def _garbage(path: Path) -> None:
    path.write_bytes(b"khong phai co so du lieu " * 400)


@pytest.mark.parametrize("damage", [_garbage, damage_pages, truncate], ids=["garbage", "pages", "cut"])
def test_a_damaged_history_without_a_backup_is_given_a_way_out(tmp_path: Path, damage) -> None:
    period = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
    folder = tmp_path / "nop"
    written_folder(folder, 258, [12, 10], period, prefix="HD")
    history = tmp_path / "lich_su_tong_hop.sqlite"
    out = tmp_path / "tong_hop.xlsx"

    def said() -> list[dict[str, str]]:
        summary = consolidated_into(folder, period.cutoff, history, out)
        return [i for i in summary["issues"] if i["code"].startswith("history.")]

    assert said() == []
    damage(history)
    told = said()
    assert [i["code"] for i in told] == ["history.corrupt"], told
    assert WAY_OUT in told[0]["message"], told[0]["message"]
    listed = run_cli("history", "list", "--history", history)
    assert listed.exit_code == 2 and WAY_OUT in " ".join(listed.output.split()), listed.output
    # The advice, followed by a clerk who has no backup: the file moved elsewhere.
    elsewhere = tmp_path / "hong"
    elsewhere.mkdir()
    history.rename(elsewhere / history.name)
    assert said() == []
    assert run_cli("history", "list", "--history", history).exit_code == 0


def _quoted_commands(text: str) -> list[list[str]]:
    """The `ward-stats …` commands a message quotes, split as a shell would."""
    return [shlex.split(c) for c in re.findall(r"“([^”]*ward-stats[^”]*)”", text)]


def test_a_quoted_history_command_lists_the_history_it_was_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`history show 99`, `rename-ward` of a name not there, of an empty name, and `show` of a
    record quoted "ward-stats history list" (or "show N --ids") with no `--history`: copied as
    printed in another folder, it read that folder's history, none (hunt258 H2)."""
    period = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
    folder = tmp_path / "nop"
    written_folder(folder, 258, [12, 10], period, prefix="HD")
    history = tmp_path / "lich_su_tong_hop.sqlite"
    consolidated_into(folder, period.cutoff, history, tmp_path / "tong_hop.xlsx", ward="Phường Thử")
    elsewhere = tmp_path / "noi_khac"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the clerk's console is in another folder
    said = [
        run_cli("history", "show", "99", "--history", history),
        run_cli("history", "rename-ward", "Phường Khác", "Phường Mới", "--yes", "--history", history),
        run_cli("history", "rename-ward", " ", "Phường Mới", "--yes", "--history", history),
        run_cli("history", "show", "1", "--history", history),
    ]
    for result in said:
        commands = _quoted_commands(" ".join(result.output.split()))
        assert commands, result.output
        for words in commands:
            followed = run_cli(*words[1:])
            assert followed.exit_code == 0, (words, followed.output)
            assert "Phường Thử" in followed.output, (words, followed.output)


UNCHECKED = "Đường dẫn Python cho nút bấm: chưa kiểm tra"


def test_doctors_advice_without_a_workbook_runs_and_never_repeats_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`doctor` without --workbook advised "ward-stats doctor --workbook tong_hop_phuong.xlsm":
    a bare name, so run as printed in another folder it found no workbook, and then gave the
    same advice again beside the error (hunt258 H3)."""
    from tests.test_doctor import good_setup

    book = good_setup(tmp_path / "van_phong")
    elsewhere = tmp_path / "noi_khac"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    first = run_cli("doctor").output
    assert UNCHECKED in first, first
    [line] = [x for x in first.splitlines() if "Cách sửa: Chạy: " in x]
    words = shlex.split(line.split("Cách sửa: Chạy: ")[1].split(" (thay ")[0])
    assert words[1:3] == ["doctor", "--workbook"], words
    # As printed; a placeholder the advice names is replaced by the workbook's full path.
    if "(thay TỆP.xlsm bằng đường dẫn đầy đủ" in line:
        words = [str(book) if w == "TỆP.xlsm" else w for w in words]
    followed = run_cli(*words[1:])
    assert UNCHECKED not in followed.output, followed.output
    # A workbook not found: the Python path's advice is not the command just run.
    missing = run_cli("doctor", "--workbook", "tong_hop_phuong.xlsm")
    said = " ".join(missing.output.split())
    assert missing.exit_code == 1 and "Không tìm thấy tệp tổng hợp" in said, said
    assert "doctor --workbook" not in said, said


def test_a_start_no_file_gives_is_not_told_to_become_another_one(tmp_path: Path) -> None:
    """--since 01/06/2025 typed by mistake, the files counting from 01/01/2025, the last run
    at 31/03/2025: `ward.period_start_unmatched` (fix --since) and `history.period_gap`, "type
    01/04/2025". Followed, the gap's advice left the start unmatched and every file's
    `org.period_start_differs` (hunt258 H4). Only the start's own warning is given; followed
    (the start the files give), nothing is left."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    last = Period(dt.date(2024, 1, 1), dt.date(2025, 3, 31))
    this = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
    folders = {}
    for period in (last, this):
        folder = folders[period] = tmp_path / f"nop_{period.cutoff.year}"
        written_folder(folder, 258, [12, 10], period, prefix="HD")
    consolidated_into(folders[last], last.cutoff, history, tmp_path / "tong_hop_2025.xlsx")
    out = tmp_path / "tong_hop_2026.xlsx"

    def said(*since: str) -> list[str]:
        args = ["consolidate", folders[this], "--cutoff", "31/03/2026", "--ward-name", "Phường Thử"]
        args += ["--history", history, "-o", out, "--json", out.with_suffix(".json"), *since]
        assert run_cli(*args).exit_code in (0, 1)
        summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
        return sorted(
            {i["code"] for i in summary["issues"] if i["code"].startswith(("ward.", "history.", "org."))}
        )

    assert said("--since", "01/06/2025") == ["org.period_start_differs", "ward.period_start_unmatched"]
    assert said() == []  # the advice followed: the start the files give
