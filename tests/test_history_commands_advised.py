"""The commands the history's messages advise work as printed, typed in any folder.

A Command Prompt opens in the user's folder, not in the office folder, and the office PC's
installation never puts `ward-stats` on PATH: a command quoted as "ward-stats history import"
with the copy alone made a new, empty history where it was typed and said the record was back
(hunt33 #1). The advice now names the history in full and the program as it can be typed
(`toolkit.core.commands`); an import into a history that is not there yet says it made one.
"""

from __future__ import annotations

import datetime as dt
import ntpath
import os
import re
import shlex
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.helpers_history import filled_history, record, run_cli
from toolkit.core import commands
from toolkit.history.removal import REMOVED_FOLDER
from toolkit.history.store import DEFAULT_FILENAME, HistoryStore

MARCH = dt.date(2026, 3, 31)
TYPO = dt.date(2026, 3, 30)


def _quoted_command(output: str, after: str) -> list[str]:
    """The command quoted “…” right after `after` in `output`, as the shell splits it, without
    the program's name (run here in this process)."""
    text = " ".join(output.split())
    found = re.search(re.escape(after) + r"[^“]*“([^”]+)”", text)
    assert found, text
    words = shlex.split(found.group(1))
    assert words[0] == commands.program().strip('"')
    return words[1:]


def _office(tmp_path: Path) -> Path:
    office = tmp_path / "van phong"  # a space, as in "D:\Thong ke"
    office.mkdir()
    return filled_history(office / DEFAULT_FILENAME, record(MARCH), record(TYPO, run_id="typo"))


def test_the_restore_advice_followed_in_another_folder_puts_the_record_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = _office(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(home)  # where a Command Prompt opens
    removed = run_cli("history", "list", "--ask", "--history", history, input="2\nc\n")
    assert removed.exit_code == 0, removed.output
    assert [r.id for r in HistoryStore(history).records()] == [1]
    command = _quoted_command(removed.output, "Nếu xóa nhầm, để thêm lại: chạy lệnh")
    back = run_cli(*command)
    assert back.exit_code == 0, back.output
    assert "trở lại đúng số và thứ tự cũ" in back.output
    assert sorted(r.id or 0 for r in HistoryStore(history).records()) == [1, 2]
    assert list(home.iterdir()) == []  # no history made where the command was typed


def test_an_import_into_a_history_not_there_yet_says_it_made_one_and_how_to_restore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = _office(tmp_path)
    assert run_cli("history", "remove", "2", "--yes", "--history", history).exit_code == 0
    (copy,) = (history.parent / REMOVED_FOLDER).iterdir()
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(home)
    done = run_cli("history", "import", copy)  # the bare command, as the old advice had it
    assert done.exit_code == 0, done.output
    said = " ".join(done.output.split())
    assert "trở lại đúng số" not in said
    assert f"Chưa có tệp lịch sử “{home / DEFAULT_FILENAME}”: đã tạo tệp mới" in said
    assert f"đã xóa khỏi tệp lịch sử “{history}”, không phải tệp vừa tạo" in said
    # The command it gives puts the record back where it was removed from.
    again = run_cli(*_quoted_command(done.output, "Để thêm lại vào lịch sử ấy, chạy lệnh"))
    assert again.exit_code == 0, again.output
    assert "trở lại đúng số và thứ tự cũ" in again.output
    assert sorted(r.id or 0 for r in HistoryStore(history).records()) == [1, 2]


def test_an_import_into_a_new_history_says_so(tmp_path: Path) -> None:
    source = filled_history(tmp_path / "a.sqlite", record(MARCH))
    assert (
        run_cli("history", "export", "1", "--json", tmp_path / "a.json", "--history", source).exit_code == 0
    )
    done = run_cli("history", "import", tmp_path / "a.json", "--history", tmp_path / "b.sqlite")
    assert done.exit_code == 0, done.output
    assert f"Chưa có tệp lịch sử “{tmp_path / 'b.sqlite'}”: đã tạo tệp mới" in done.output
    assert "bản lưu của lần đã xóa" not in done.output


def test_a_damaged_record_s_advice_names_the_history_and_lich_su_cmd_beside_it(tmp_path: Path) -> None:
    history = _office(tmp_path)
    conn = sqlite3.connect(history)
    with conn:
        conn.execute("UPDATE consolidation SET cutoff_date = '31/03/2025' WHERE id = 1")
    conn.close()
    listed = run_cli("history", "list", "--history", history)
    assert f"“{commands.history_command('remove 1 --yes', history)}”" in " ".join(listed.output.split())
    assert "Lich su.cmd" not in listed.output
    (history.parent / "Lich su.cmd").write_text("@echo off\n", encoding="ascii")
    shown = run_cli("history", "show", "1", "--history", history)
    said = " ".join(shown.output.split())
    assert "bấm đúp Lich su.cmd, gõ số 1 rồi C" in said, said
    assert f"“{commands.history_command('remove 1 --yes', history)}”" in said
    # In Lich su.cmd itself (`--ask`), the question that follows is the way.
    asked = run_cli("history", "list", "--ask", "--history", history, input="\n")
    assert "gõ số 1 ở câu hỏi dưới đây rồi gõ C" in " ".join(asked.output.split())


def test_the_program_is_named_as_it_can_be_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`ward-stats` when PATH finds this installation's launcher; its full path when it does
    not (the office PC: C:\\WardStats\\venv\\Scripts is not on PATH), quoted with a space."""
    scripts = tmp_path / "Program Files" / "venv" / "bin"
    scripts.mkdir(parents=True)
    launcher = scripts / ("ward-stats.exe" if sys.platform == "win32" else "ward-stats")
    launcher.write_text("#!/bin/sh\n", encoding="ascii")
    launcher.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(scripts / "python"))
    monkeypatch.setenv("PATH", str(tmp_path))
    assert commands.program() == f'"{launcher}"'
    monkeypatch.setenv("PATH", str(scripts))
    assert commands.program() == "ward-stats"
    history = tmp_path / "a b" / ".." / "h.sqlite"
    assert (
        commands.history_command("list", history)
        == f'ward-stats history list --history "{tmp_path / "h.sqlite"}"'
    )


def test_a_removal_beside_lich_su_cmd_says_to_add_it_back_there(tmp_path: Path) -> None:
    """The office removes with Lich su.cmd; its `K` step adds a removed record back, so the
    advice after a removal names it first, then the command."""
    history = _office(tmp_path)
    (history.parent / "Lich su.cmd").write_text("@echo off\n", encoding="ascii")
    removed = run_cli("history", "list", "--ask", "--history", history, input="2\nc\n")
    said = " ".join(removed.output.split())
    assert "Nếu xóa nhầm, để thêm lại: bấm đúp Lich su.cmd, gõ K rồi số của bản lưu “lan_2_chot_" in said, (
        said
    )
    command = _quoted_command(removed.output, "(hoặc chạy lệnh")
    assert command[:2] == ["history", "import"]
    back = run_cli("history", "list", "--ask", "--history", history, input="K\n1\n")
    assert back.exit_code == 0 and "trở lại đúng số và thứ tự cũ" in back.output


def _office_folder(tmp_path: Path) -> Path:
    """The office folder: the history beside the launcher that adds last year's forms (copied
    from the bundle's sources) and the workbook it adds."""
    launcher = commands.FORMS_IMPORT_LAUNCHER
    shutil.copyfile(Path(__file__).parents[1] / "packaging" / "windows" / launcher, tmp_path / launcher)
    (tmp_path / commands.FORMS_FILENAME).write_bytes(b"PK\x03\x04")
    return tmp_path / DEFAULT_FILENAME


def test_the_forms_launcher_is_named_for_the_workbook_in_another_case_on_windows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review247 L7: the history keeps the workbook's name as the clerk's PC gave it,
    “So_lieu_nam_truoc.xlsx”; on Windows, whose file names are case-insensitive, that is the
    file the office launcher adds, but a case-sensitive comparison gave the command alone. Here
    Windows' comparison (`ntpath.normcase`) stands for the platform's."""
    history = _office_folder(tmp_path)
    typed = "So_Lieu_Nam_Truoc.xlsx"
    assert typed != commands.FORMS_FILENAME and typed.lower() == commands.FORMS_FILENAME
    # This (case-sensitive) PC: another file, the command's name only.
    assert not commands.forms_launcher_adds(tmp_path / typed, history)
    assert commands.typed_import_advice(typed, history) == "bằng lệnh history import"
    monkeypatch.setattr(os.path, "normcase", ntpath.normcase)
    assert commands.forms_launcher_adds(tmp_path / typed, history)
    advice = commands.typed_import_advice(typed, history)
    assert advice.startswith(f"(bấm đúp {commands.FORMS_IMPORT_LAUNCHER}, hoặc chạy lệnh “"), advice
    # Another name is still another file.
    assert not commands.forms_launcher_adds(tmp_path / "bieu_2025.xlsx", history)


def test_the_forms_launcher_is_named_for_the_same_file_by_another_path(tmp_path: Path) -> None:
    """review247 L7: the same file named by another path (a link to the office folder, as a
    case-insensitive disk's other case is) is the file the launcher adds (`os.path.samefile`)."""
    office = tmp_path / "van_phong"
    office.mkdir()
    history = _office_folder(office)
    (tmp_path / "loi_tat").symlink_to(office, target_is_directory=True)
    linked = tmp_path / "loi_tat" / commands.FORMS_FILENAME
    assert commands.full(linked) != commands.full(office / commands.FORMS_FILENAME)
    assert commands.forms_launcher_adds(linked, history)
    # A missing file by another path is not known to be it.
    assert not commands.forms_launcher_adds(tmp_path / "khac" / commands.FORMS_FILENAME, history)
