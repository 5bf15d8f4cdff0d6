"""The bundle's Windows files: the text of the .cmd files, and their commands run here.

cmd.exe cannot run on Linux; what can be checked is what the files say (ASCII only, the code
page switch, the paths they rely on) and that the exact `ward-stats` command each one runs
works on a saved consolidation workbook.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_validate import write_old

from tests.helpers_excel import CUTOFF, REGISTRY, saved_workbook, write_ward
from toolkit.cli import main
from toolkit.core import layout
from toolkit.excel import install
from toolkit.excel.book import UPGRADE_FOLDER
from toolkit.excel.build import WORKBOOK_FILENAME
from toolkit.history.removal import REMOVED_FOLDER
from toolkit.history.session import default_history_path
from toolkit.history.store import DEFAULT_FILENAME, HistoryStore
from toolkit.io.reader import read_submission
from toolkit.outputs.template import submission_filename

WINDOWS = Path(__file__).resolve().parents[1] / "packaging" / "windows"
LAUNCHERS = {
    "Tao mau.cmd": "template",
    "Kiem tra.cmd": "validate",
    "Tong hop.cmd": "consolidate",
    "Danh sach.cmd": "lists",
    "Lich su.cmd": "history",
    "Nang cap.cmd": "upgrade",
    "Nam truoc 1 - Tao tep.cmd": "history",
    "Nam truoc 2 - Nhap vao lich su.cmd": "history",
}
FORMS_BOOK = "so_lieu_nam_truoc.xlsx"  # last year's forms, typed beside the launchers
FORMS_LAUNCHERS = ("Nam truoc 1 - Tao tep.cmd", "Nam truoc 2 - Nhap vao lich su.cmd")
_RUN = re.compile(r'^"%WARD_STATS%" (.+)$', re.MULTILINE)


def text(name: str) -> str:
    return (WINDOWS / name).read_text(encoding="ascii")  # fails on any non-ASCII byte


def command(name: str, folder: Path) -> list[str]:
    """The arguments the launcher passes to ward-stats, %~dp0 being `folder`."""
    (line,) = _RUN.findall(text(name))
    return shlex.split(line.replace("%~dp0", f"{folder}/"))


@pytest.mark.parametrize("name", [*LAUNCHERS, "cai_dat.cmd"])
def test_every_cmd_file_is_ascii_and_switches_the_console_to_utf8_first(name: str) -> None:
    lines = [line for line in text(name).splitlines() if line and not line.startswith("rem ")]
    assert lines[0] == "@echo off"
    assert lines[1] == "chcp 65001 >nul"  # before anything is printed
    assert not any(line.lstrip().startswith("echo") for line in lines[:2])


@pytest.mark.parametrize("name", [*LAUNCHERS, "cai_dat.cmd"])
def test_every_goto_has_its_one_label(name: str) -> None:
    source = text(name)
    labels = re.findall(r"^:(\w+)$", source, re.MULTILINE)
    assert len(labels) == len(set(labels)), labels
    assert set(re.findall(r"\bgoto :(\w+)", source)) <= set(labels)


def test_the_installer_first_checks_that_the_whole_bundle_was_unzipped() -> None:
    """Run from inside the .zip (Explorer extracts cai_dat.cmd alone) or copied alone: said
    before anything is made (tests/test_delivery_wine.py runs it)."""
    source = text("cai_dat.cmd")
    check = 'if not exist "%BUNDLE%wheelhouse\\ward_stats-*.whl" goto :not_unzipped'
    assert source.index(check) < min(source.index("py -3.12-64"), source.index("mkdir"))
    said = source.split("\n:not_unzipped\n", 1)[1].split("goto :stop", 1)[0]
    assert "wheelhouse" in said and "giai nen TOAN BO tep .zip" in said


@pytest.mark.parametrize("name", LAUNCHERS)
def test_launchers_find_the_installation_where_the_installer_puts_it(name: str) -> None:
    source = text(name)
    assert (
        f'if not defined {install.HOME_VARIABLE} set "{install.HOME_VARIABLE}={install.INSTALL_DIR_WIN}"'
        in (source)
    )
    assert f'set "WARD_STATS=%{install.HOME_VARIABLE}%\\venv\\Scripts\\ward-stats.exe"' in source
    assert install.INTERPRETER_WIN.startswith(install.INSTALL_DIR_WIN + "\\venv\\Scripts\\")
    assert 'if not exist "%WARD_STATS%" goto :not_installed' in source
    args = command(name, Path("/x"))
    assert args[0] == LAUNCHERS[name]
    if args[0] == "history":  # the history the buttons and the other launchers record into
        assert args[args.index("--history") + 1] == str(default_history_path(Path("/x") / WORKBOOK_FILENAME))
    else:
        assert args[args.index("--settings") + 1] == f"/x/{WORKBOOK_FILENAME}"


def test_the_launchers_pause_so_that_messages_can_be_read() -> None:
    # Kiểm tra's result is the list it prints: always wait. Tổng hợp opens its result and
    # waits too: the history's notes (a new history file, a run replacing another) are said
    # only on its console (hunt302).
    run = '\n"%WARD_STATS%" '
    assert "pause >nul" in text("Kiem tra.cmd").split(run, 1)[1].split(":not_installed")[0]
    # Danh sách's last lines say the file holds personal data, Lịch sử's what it removed:
    # always wait too.
    # Nâng cấp's last lines say what each new file lacks and what to do with it.
    # Tạo mẫu's may warn about the registry, which the button shows in its status cell (below).
    # The two steps of last year's forms: what to do next, what was added.
    waiting = ("Danh sach.cmd", "Lich su.cmd", "Nang cap.cmd", "Tao mau.cmd", "Tong hop.cmd")
    for name in (*waiting, *FORMS_LAUNCHERS):
        after = text(name).split(run, 1)[1].split(":not_installed")[0]
        assert after.index("pause >nul") < after.index("exit /b"), name  # whatever the exit code
    assert command("Lich su.cmd", Path("/x"))[:3] == ["history", "list", "--ask"]
    for name in ("Danh sach.cmd", "Nang cap.cmd", "Tao mau.cmd"):
        assert "--open" in command(name, Path("/x"))
    assert "--open" in command("Tong hop.cmd", Path("/x"))


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[Path]]:
    """A bundle folder as the clerk uses it: the saved workbook, the bai_nop folder."""
    write_ward(tmp_path / "bai_nop")
    saved_workbook(tmp_path / WORKBOOK_FILENAME, {"InputFolder": "bai_nop", "CutoffDate": CUTOFF}, REGISTRY)
    opened: list[Path] = []
    monkeypatch.setattr("toolkit.cli.open_in_default_app", opened.append)
    return tmp_path, opened


def test_the_commands_of_every_launcher_work_on_the_saved_workbook(
    office: tuple[Path, list[Path]],
) -> None:
    folder, opened = office
    runner = CliRunner()
    made = runner.invoke(main, command("Tao mau.cmd", folder))
    assert made.exit_code == 0, made.output
    assert sorted(p.name for p in (folder / "bieu_mau").iterdir()) == sorted(
        submission_filename(o) for o in REGISTRY.organisations
    )
    # Run again, as the button pressed twice: its own unfilled templates are replaced.
    again = runner.invoke(main, command("Tao mau.cmd", folder))
    assert again.exit_code == 0, again.output
    checked = runner.invoke(main, command("Kiem tra.cmd", folder))
    assert checked.exit_code == 1 and "Đã kiểm tra 2 tệp" in checked.output  # CB02 has an error
    summed = runner.invoke(main, command("Tong hop.cmd", folder))
    assert summed.exit_code == 1, summed.output  # written, with CB02 excluded
    result = folder / "bai_nop" / f"tong_hop_{CUTOFF:%Y-%m-%d}.xlsx"
    assert result.is_file()
    assert opened == [folder / "bieu_mau", folder / "bieu_mau", result]
    # The result lies in the folder of submissions (the default): a second run neither reads
    # it as a submission nor refuses to replace it.
    again = runner.invoke(main, command("Tong hop.cmd", folder))
    assert again.exit_code == 1 and "Đã tổng hợp 1/3 tổ chức" in again.output, again.output
    listed = runner.invoke(main, command("Danh sach.cmd", folder))
    assert listed.exit_code == 1, listed.output  # written, without CB02
    lists = folder / f"danh_sach_{CUTOFF:%Y-%m-%d}.xlsx"
    assert lists.is_file() and "dữ liệu cá nhân" in listed.output
    assert opened[-1] == lists
    # CB02 left out for its errors: the way to see them is this folder's Kiem tra.cmd (or the
    # button), not a ward-stats command, which is not on the office PC's PATH.
    said = " ".join(listed.output.split())
    assert "chạy Kiem tra.cmd (hoặc bấm nút “Kiểm tra” của tệp tổng hợp) để xem lỗi." in said, said
    assert "ward-stats validate" not in said
    # Lịch sử: the two consolidations above, recorded beside the workbook; Enter alone keeps
    # them, a number then "C" removes one (the first, replaced by the second), its copy kept.
    history = default_history_path(folder / WORKBOOK_FILENAME)
    kept = runner.invoke(main, command("Lich su.cmd", folder), input="\n")
    assert kept.exit_code == 0 and "2 lần" in kept.output and "Không xóa gì." in kept.output
    assert [r.id for r in HistoryStore(history).records()] == [1, 2]
    removed = runner.invoke(main, command("Lich su.cmd", folder), input="1\nC\n")
    assert removed.exit_code == 0 and "Đã xóa lần tổng hợp số 1" in removed.output, removed.output
    assert [(r.id, r.is_current) for r in HistoryStore(history).records()] == [(2, True)]
    assert [p.name for p in (folder / REMOVED_FOLDER).iterdir()] == [f"lan_1_chot_{CUTOFF:%Y-%m-%d}.json"]


@pytest.mark.parametrize("name", LAUNCHERS)
def test_every_launchers_command_line_is_one_ward_stats_accepts(name: str) -> None:
    """Each option the launcher writes exists on its command (an unknown one stops click before
    `--help` is answered)."""
    done = CliRunner().invoke(main, [*command(name, Path("/x")), "--help"])
    assert done.exit_code == 0, done.output


def test_last_years_forms_are_made_typed_and_added_by_the_two_launchers(
    office: tuple[Path, list[Path]],
) -> None:
    """A ward's first year, with no command line: step 1 asks the cut-off (again when it is no
    date, or one after today) and the period's start, writes the blank workbook beside the
    launchers and opens it; typed and saved, step 2 adds it to the history the buttons and the
    other launchers use, whose consolidation then has last year's column."""
    import openpyxl
    from test_typed_forms import B1, B2, B3, BIEU1, BIEU2, BIEU3, _fill

    from toolkit.core.commands import FORMS_FILENAME, FORMS_IMPORT_LAUNCHER, FORMS_LAUNCHER

    assert (FORMS_LAUNCHER, FORMS_IMPORT_LAUNCHER) == FORMS_LAUNCHERS and FORMS_FILENAME == FORMS_BOOK
    folder, opened = office
    for name in FORMS_LAUNCHERS:  # beside the workbook, as the bundle unzipped puts them
        shutil.copy(WINDOWS / name, folder / name)
    runner = CliRunner()
    make, add = (command(name, folder) for name in FORMS_LAUNCHERS)
    book = folder / FORMS_BOOK
    history = default_history_path(folder / WORKBOOK_FILENAME)
    # Step 2 first, or Enter alone at step 1: nothing is made; step 2 says to run step 1.
    early = runner.invoke(main, add)
    assert early.exit_code == 2 and not history.exists(), early.output
    assert f"Hãy bấm đúp {FORMS_LAUNCHERS[0]} trước để tạo tệp đó" in " ".join(early.output.split())
    none = runner.invoke(main, make, input="\n")
    assert none.exit_code == 0 and "Không tạo tệp." in none.output and not book.exists(), none.output
    future = f"31/03/{dt.date.today().year + 1}"
    made = runner.invoke(main, make, input=f"31/13/2025\n{future}\n31/03/2025\n\n")
    said = " ".join(made.output.split())
    assert made.exit_code == 0, said
    assert "không phải ngày có thật: không có tháng 13" in said and said.count("Hãy gõ lại.") == 2, said
    assert "có lẽ nhầm năm" in said and "lệnh history blank-forms" not in said, said
    assert "kỳ báo cáo từ ngày 01/01/2025 đến ngày 31/03/2025" in said, said
    assert f"lưu tệp, rồi bấm đúp {FORMS_LAUNCHERS[1]} (hoặc chạy lệnh “" in said, said
    assert book.is_file() and opened == [book]
    # The workbook's own steps name the launchers too: the clerk reads them, not this window.
    info = " ".join(
        str(v)
        for row in openpyxl.load_workbook(book)["Thông tin"].iter_rows(values_only=True)
        for v in row
        if v
    )
    assert f"đóng Excel rồi bấm đúp {FORMS_LAUNCHERS[1]} cạnh tệp này" in info, info
    assert f"ngày gõ ở {FORMS_LAUNCHERS[0]}" in info, info
    # Step 1 again over the blank file: kept unless asked, and opened again.
    kept = runner.invoke(main, make, input="\n")
    assert kept.exit_code == 0 and "Giữ tệp đã có" in kept.output, kept.output
    assert opened == [book, book]
    _fill(book, {B1: BIEU1, B2: BIEU2, B3: BIEU3})
    typed = book.read_bytes()
    # Over the filled file nothing is asked (no dates typed for a refusal): kept and opened.
    refused = runner.invoke(main, make, input="C\n31/03/2025\n\n")
    said = " ".join(refused.output.split())
    assert refused.exit_code == 0 and "đã có số liệu" in said and "không bao giờ bị thay" in said, said
    assert "Gõ C" not in said and "Gõ ngày" not in said, said
    assert book.read_bytes() == typed and opened == [book, book, book]
    # Step 2: into the history beside the workbook, said as typed from last year's forms.
    added = runner.invoke(main, add)
    assert added.exit_code == 0, added.output
    said = " ".join(added.output.split())
    assert "Lần vừa thêm là số liệu chép từ các biểu năm trước" in said, said
    # Its note on the two empty coverage cells: fill them, remove, add again, by the launchers.
    assert "bấm đúp Lich su.cmd, gõ số 1 rồi C" not in said  # Lich su.cmd is not in this folder
    assert f"rồi thêm lại tệp đó: bấm đúp {FORMS_LAUNCHERS[1]} (hoặc chạy lệnh “" in said, said
    (record,) = HistoryStore(history).records()
    assert record.cutoff_date == dt.date(2025, 3, 31) and record.period_start == dt.date(2025, 1, 1)
    assert book.read_bytes() == typed  # an input, never changed
    # The consolidation of this year's cut-off takes its "Cùng kỳ năm trước" from it.
    summed = runner.invoke(main, command("Tong hop.cmd", folder))
    assert summed.exit_code == 1, summed.output  # written, with CB02 excluded
    result = openpyxl.load_workbook(folder / "bai_nop" / f"tong_hop_{CUTOFF:%Y-%m-%d}.xlsx", read_only=True)
    figures = {v for row in result[B1].iter_rows(values_only=True) for v in row}
    assert BIEU1["D"] in figures and BIEU1["A"] in figures


def test_the_forms_launchers_question_is_said_without_a_console(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started with no console to type in: said, naming its launcher, and nothing is made."""
    monkeypatch.setattr("toolkit.core.streams.missing", lambda name: name == "stdin")
    done = CliRunner().invoke(main, command(FORMS_LAUNCHERS[0], tmp_path))
    said = " ".join(done.output.split())
    assert done.exit_code == 0, said
    assert f"--ask cần chạy trong cửa sổ Command Prompt (hoặc bằng {FORMS_LAUNCHERS[0]})." in said, said
    assert "Không tạo tệp." in said and not (tmp_path / FORMS_BOOK).exists()


def test_the_template_launchers_registry_warning_is_left_on_screen(tmp_path: Path) -> None:
    """One branch entered twice under two codes: the templates are made (exit code 0) and the
    warning is among ward-stats' last lines, which Tao mau.cmd keeps on screen (the window
    closed on 0, the templates folder it opens in front: the warning went unread)."""
    from dataclasses import replace

    first = REGISTRY.organisations[0]
    twice = replace(REGISTRY, organisations=[*REGISTRY.organisations, replace(first, org_code="CB99")])
    saved_workbook(tmp_path / WORKBOOK_FILENAME, {"InputFolder": "bai_nop", "CutoffDate": CUTOFF}, twice)
    done = CliRunner().invoke(main, [a for a in command("Tao mau.cmd", tmp_path) if a != "--open"])
    assert done.exit_code == 0, done.output
    assert "(registry.same_name)" in done.output
    after = text("Tao mau.cmd").split('\n"%WARD_STATS%" ', 1)[1]
    assert after.index("pause >nul") < after.index('if not "%RESULT%"=="0" exit /b 1')


def test_the_upgrade_launcher_upgrades_the_old_files_of_the_submissions_folder(
    office: tuple[Path, list[Path]],
) -> None:
    """Nang cap.cmd: the 2026.1 files of the folder set in the workbook, into `nang_cap` beside
    it; the current files and the consolidation written into the folder are left alone."""
    folder, opened = office
    bai_nop = folder / "bai_nop"
    old = write_old(bai_nop)
    before = {p.name: p.read_bytes() for p in bai_nop.iterdir()}
    runner = CliRunner()
    summed = runner.invoke(main, command("Tong hop.cmd", folder))  # its result lies in bai_nop
    assert (bai_nop / f"tong_hop_{CUTOFF:%Y-%m-%d}.xlsx").is_file(), summed.output
    done = runner.invoke(main, command("Nang cap.cmd", folder))
    assert done.exit_code == 0, done.output
    out = folder / UPGRADE_FOLDER
    assert [p.name for p in out.iterdir()] == [old.name]
    assert read_submission(out / old.name).template_version == layout.TEMPLATE_VERSION
    assert {p.name: p.read_bytes() for p in bai_nop.iterdir() if p.name in before} == before
    # Out of the files to upgrade (the old one); CB01, CB02 are current, said apart; not the result.
    assert "Đã nâng cấp 1/1 tệp" in done.output
    assert "Không cần nâng cấp CB01.xlsx" in done.output and "Cần bổ sung" in done.output
    assert f"tong_hop_{CUTOFF:%Y-%m-%d}" not in done.output
    assert opened[-1] == out
    # Pressed again: the upgraded copy (which the secretary may have completed since) is never
    # replaced, and the window says so.
    again = runner.invoke(main, command("Nang cap.cmd", folder))
    assert again.exit_code == 1 and "không ghi đè" in again.output, again.output
    # The launcher's folder is nang_cap, not a choice: the way out is to move the copy away.
    said = " ".join(again.output.split())
    assert "chọn thư mục khác" not in said
    assert (
        f"Không nâng cấp được {old.name}: thư mục nang_cap đã có tệp “{old.name}” (có thể là bản nâng "
        "cấp đã được điền): không ghi đè; hãy chuyển tệp đó ra chỗ khác (hoặc xóa nó nếu không còn cần) "
        "rồi nâng cấp lại."
    ) in said
    # With a folder of its own (--out), choosing another folder is a way out.
    typed = runner.invoke(main, ["upgrade", str(bai_nop), "--out", str(out)])
    assert "hãy chọn thư mục khác hoặc tự xóa tệp đó." in " ".join(typed.output.split()), typed.output
    # A folder with nothing old in it: said in one line, nothing written, nothing opened.
    old.unlink()
    shutil.rmtree(out)
    count = len(opened)
    none = runner.invoke(main, command("Nang cap.cmd", folder))
    assert none.exit_code == 0 and "Không có tệp nào cần nâng cấp" in none.output, none.output
    assert not out.exists() and len(opened) == count  # no empty folder made either


# A damaged installation (a package missing, its DLL quarantined, a file of the toolkit deleted):
# `import {name}` fails as it would, then ward-stats runs as a launcher runs it.
_BROKEN = """
import sys
class Blocked:
    def find_spec(self, name, path=None, target=None):
        if name == {name!r} or name.startswith({name!r} + "."):
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, Blocked())
sys.argv = ["ward-stats", *sys.argv[1:]]
from toolkit.__main__ import run
run()
"""


@pytest.mark.parametrize("module", ["click", "toolkit.cli_files", "numpy", "openpyxl", "python_calamine"])
def test_a_launcher_on_a_damaged_installation_says_to_run_the_installer_again(
    module: str, tmp_path: Path
) -> None:
    """As the buttons say it (`failsafe`): in Vietnamese, naming cai_dat.cmd, exit code 2; not
    "Lỗi không mong đợi", nor Python's traceback when what is missing is loaded with the command
    line itself (click, a command module)."""
    import subprocess
    import sys

    write_ward(tmp_path / "bai_nop")
    saved_workbook(tmp_path / WORKBOOK_FILENAME, {"InputFolder": "bai_nop", "CutoffDate": CUTOFF}, REGISTRY)
    done = subprocess.run(
        [sys.executable, "-c", _BROKEN.format(name=module), *command("Kiem tra.cmd", tmp_path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "Lỗi không mong đợi" not in done.stderr, done.stderr
    assert done.stderr.strip().endswith(
        f"Lỗi: Bộ cài đặt ward-stats bị thiếu hoặc hỏng (ModuleNotFoundError: No module named '{module}'). "
        "Hãy chạy lại cai_dat.cmd của bộ cài đặt; nếu vẫn lỗi, gửi thông báo này cho người hỗ trợ kỹ thuật."
    ), done.stderr


def test_the_installer_installs_offline_into_the_default_folder_and_runs_doctor() -> None:
    source = text("cai_dat.cmd")
    assert f'if "%TARGET%"=="" set "TARGET={install.INSTALL_DIR_WIN}"' in source
    # Run again without a folder: the one recorded for the launchers (tests/test_delivery_wine.py).
    home = install.HOME_VARIABLE
    assert source.index(f'if defined FROM_HOME set "TARGET=%{home}%"') < source.index('set "TARGET=C:')
    assert f'if /i not "%TARGET%"=="{install.INSTALL_DIR_WIN}" set "RECORD=1"' in source
    assert f'if defined RECORD setx {home} "%TARGET%"' in source
    # doctor's advice names the paths of the folder installed into (install.home_dir_win).
    assert source.index(f'set "{home}=%TARGET%"') < source.index(" doctor --workbook ")
    for python in install.SUPPORTED_PYTHONS:  # newest first, 64-bit only
        assert f"py -{install.python_label(python)}-64 -c" in source
    assert source.index("py -3.12-64") < source.index("py -3.11-64")
    pip = re.search(r'^"%VENV%\\Scripts\\python.exe" -m pip install (.+)\n(.+)$', source, re.MULTILINE)
    assert pip and '--no-index --find-links "%BUNDLE%wheelhouse"' in pip.group(1)
    # Each run installs the bundle's wheels again (test_running_the_installer_again_…).
    assert "--force-reinstall" in pip.group(1) and "--no-deps" not in pip.group(1)
    assert pip.group(1).endswith(" ward-stats") and pip.group(2) == 'if not "%ERRORLEVEL%"=="0" goto :failed'
    # No && or || (Wine's cmd.exe runs what follows them whatever the exit code): each step's
    # ERRORLEVEL is read on the next line (tests/test_delivery_wine.py runs the file).
    commands = [line for line in source.splitlines() if not line.lower().startswith("rem ")]
    assert not [line for line in commands if "&&" in line or "||" in line]
    assert 'mkdir "%TARGET%\\tmp"' in source and install.TEMP_DIR_WIN == install.INSTALL_DIR_WIN + "\\tmp"
    assert 'mkdir "%BUNDLE%bai_nop"' in source  # the workbook's default submissions folder
    assert f'"%VENV%\\Scripts\\ward-stats.exe" doctor --workbook "%BUNDLE%{WORKBOOK_FILENAME}"' in source


def test_the_installer_makes_again_an_environment_without_pip(tmp_path: Path) -> None:
    """`python -m venv` makes python.exe first and pip last: an environment cut short in between
    starts Python but cannot install anything, and is made again rather than kept."""
    import subprocess
    import sys

    source = text("cai_dat.cmd")
    check = re.search(
        r'^"%VENV%\\Scripts\\python.exe" (.+) >nul 2>&1\nif not "%ERRORLEVEL%"=="0" goto :broken_venv$',
        source,
        re.MULTILINE,
    )
    assert check, "the installer's check of an existing environment's pip"
    args = shlex.split(check.group(1))
    half_made = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(half_made)], check=True, timeout=120)
    for python, works in ((half_made / "bin" / "python", False), (Path(sys.executable), True)):
        done = subprocess.run([str(python), *args], capture_output=True, timeout=120)
        assert (done.returncode == 0) is works, python
    made_again = source.split(":broken_venv\n", 1)[1]
    assert made_again.index('rmdir /s /q "%VENV%"') < made_again.index(":make_venv")


def test_the_installer_makes_again_an_environment_of_another_python() -> None:
    """An existing environment is kept only if its Python passes the check step 1 applies to the
    `python` it finds (3.11 or 3.12, 64-bit): the bundle's wheels install into no other."""
    import subprocess
    import sys

    source = text("cai_dat.cmd")
    found = re.search(r'^python -c "(.+)" >nul 2>&1$', source, re.MULTILINE)
    kept = re.search(
        r'^"%VENV%\\Scripts\\python.exe" -c "(.+)" >nul 2>&1\nif "%ERRORLEVEL%"=="0" goto :have_venv$',
        source,
        re.MULTILINE,
    )
    assert found and kept, "the installer's checks of a Python's version"
    assert kept.group(1) == found.group(1)
    assert source.index(kept.group(0)) > source.index(":broken_venv")  # pip is checked first
    assert subprocess.run([sys.executable, "-c", kept.group(1)], timeout=60).returncode == 0
    # This Python seen as another version: the same code, sys.version_info replaced.
    for version in ((3, 13, 0), (3, 10, 11)):
        code = f"import sys; sys.version_info = {version!r}; exec({kept.group(1)!r})"
        assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode != 0, version
    made_again = source.split(kept.group(0), 1)[1]
    said = made_again.index("Moi truong cu dung Python khac 3.12/3.11 ban 64-bit, tao lai.")
    assert said < made_again.index('rmdir /s /q "%VENV%"') < made_again.index(":make_venv")


def test_the_installers_folder_check_refuses_non_ascii_and_profile_paths(tmp_path: Path) -> None:
    import subprocess
    import sys

    check = re.search(r'^%PY% -c "(import os, sys;.+)" "%TARGET%"$', text("cai_dat.cmd"), re.MULTILINE)
    assert check
    # A profile folder of its own: the test's folders are then outside it wherever the
    # machine's home is (HOME=/tmp in a container, a Windows %TEMP% under the profile).
    home = tmp_path / "ho_so"
    env = {**os.environ, "HOME": str(home), "USERPROFILE": str(home)}
    for folder, accepted in ((tmp_path / "WardStats", True), (tmp_path / "Tạm", False), (home / "ws", False)):
        done = subprocess.run([sys.executable, "-c", check.group(1), str(folder)], env=env, timeout=60)
        assert (done.returncode == 0) is accepted, folder


def test_the_guide_is_one_page_of_vietnamese_naming_every_file() -> None:
    guide = (WINDOWS / "HUONG_DAN.txt").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", guide) == guide
    lines = guide.splitlines()
    assert len(lines) <= 60 and max(len(line) for line in lines) <= 100
    for name in ("cai_dat.cmd", *LAUNCHERS, WORKBOOK_FILENAME, "wheelhouse", "bai_nop"):
        assert name in guide, name
    assert install.INSTALL_DIR_WIN in guide and "Interpreter_Win" in guide and "doctor" in guide
    assert "TEMP DIR" in guide  # the second cell to write after an install into another folder
    # The history: what it is for, to be kept and backed up, and where a removed record goes.
    assert DEFAULT_FILENAME in guide and "Cùng kỳ năm trước" in guide and "sao lưu" in guide
    assert REMOVED_FOLDER in guide


def _wheel(
    folder: Path, name: str, version: str, files: dict[str, str], requires: tuple[str, ...] = ()
) -> None:
    """A pure-Python wheel holding `files` (path: text), as a bundle's wheelhouse holds them."""
    import zipfile

    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    metadata += "".join(f"Requires-Dist: {r}\n" for r in requires)
    wheel = "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    entries = {**files, f"{info}/METADATA": metadata, f"{info}/WHEEL": wheel}
    entries[f"{info}/RECORD"] = "".join(f"{p},,\n" for p in [*entries, f"{info}/RECORD"])
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(folder / f"{dist}-{version}-py3-none-any.whl", "w") as archive:
        for path, data in entries.items():
            archive.writestr(path, data)


def _installer_pip(bundle: Path, venv: Path) -> list[str]:
    """cai_dat.cmd's pip command, its bundle folder being `bundle` and its venv `venv`."""
    (line,) = re.findall(
        r'^"%VENV%\\Scripts\\python.exe" (-m pip install .+)$', text("cai_dat.cmd"), re.MULTILINE
    )
    args = shlex.split(line.replace('"%BUNDLE%wheelhouse"', shlex.quote(str(bundle / "wheelhouse"))))
    return [str(venv / "bin" / "python"), *args]


@pytest.mark.slow  # makes a venv and runs pip
def test_running_the_installer_again_installs_the_bundles_own_wheels_and_repairs_them(tmp_path: Path) -> None:
    """Bundles keep the version number 0.1.0: a second run of cai_dat.cmd, from a newer bundle,
    still installs that bundle's code and the dependency versions it brings, and a run puts
    back a file deleted from the installation, of ward-stats or of a dependency."""
    import subprocess
    import sys

    old, new = tmp_path / "bo cai dat cũ", tmp_path / "bo cai dat mới"
    for bundle, code, dep in ((old, "OLD", "1.0"), (new, "NEW", "2.0")):
        _wheel(
            bundle / "wheelhouse",
            "ward-stats",
            "0.1.0",
            {"toolkit/__init__.py": f"CODE = {code!r}\n"},
            (f"dep-a=={dep}",),
        )
        _wheel(bundle / "wheelhouse", "dep-a", dep, {"dep_a.py": f"VERSION = {dep!r}\n"})
    venv = tmp_path / "WardStats" / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    # As on a clerk's PC: no pip settings or Python variables of this machine's (a pyc prefix
    # or a SOURCE_DATE_EPOCH here changes where and how pip and Python keep bytecode).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "SOURCE_DATE_EPOCH"))}
    env["PIP_CONFIG_FILE"] = os.devnull
    pip_said: list[str] = []

    def install(bundle: Path) -> str:
        done = subprocess.run(
            _installer_pip(bundle, venv), capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path
        )
        assert done.returncode == 0, done.stdout + done.stderr
        pip_said.append(done.stdout)
        report = "import toolkit, dep_a; print(toolkit.CODE, dep_a.VERSION)"
        # -I: not the toolkit of the current folder; -B: no bytecode of the test's own making
        # beside the installed files (pip removes only what it recorded, and an old .pyc of
        # the same second and size would still be taken for a new source of the same length).
        ran = subprocess.run(
            [str(venv / "bin" / "python"), "-I", "-B", "-c", report],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            cwd=tmp_path,
        )
        return ran.stdout.strip() or ran.stderr

    assert install(old) == "OLD 1.0", pip_said[-1]
    # was "OLD 1.0": pip took ward-stats 0.1.0 as up to date
    assert install(new) == "NEW 2.0", pip_said[-1]
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "toolkit" / "__init__.py").unlink()
    (site / "dep_a.py").unlink()
    assert install(new) == "NEW 2.0", pip_said[-1]
