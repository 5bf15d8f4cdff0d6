"""A first-year office giving `history import` (and `report`, `rollup`) the wrong file (hunt220 F1).

Last year's consolidated workbook, the registry or the history file itself was refused with a
bare "không phải tệp văn bản JSON (UTF-8)", which told the clerk neither what the file was nor
which file the command wants. Now the refusal says it is an Excel workbook or an SQLite file,
names the JSON written beside the workbook when there is one, and how to export a stored run.
"""

from __future__ import annotations

import datetime as dt
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core.commands import HISTORY_FILENAME, history_command, program
from toolkit.core.model import Registry
from toolkit.core.rules import MAX_PARAM_CHARS
from toolkit.outputs.registry_file import write_registry
from toolkit.rollup import rollup
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31))


def _run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _said(done: Result) -> str:
    return " ".join(done.output.split())


def _last_year(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Last year's ward consolidated elsewhere: its registry, workbook (with its JSON beside) and
    history."""
    orgs = sample_orgs(220, [12, 9], PERIOD, prefix="N")
    registry = write_registry(Registry([o.organisation for o in orgs]), tmp_path / "danh_muc.xlsx")
    folder = tmp_path / "nop_2025"
    folder.mkdir()
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    book, history = tmp_path / "tong_hop_2025.xlsx", tmp_path / "lich_su_cu.sqlite"
    done = _run(
        "consolidate", folder, "--registry", registry, "--cutoff", "31/03/2025", "-o", book,
        "--json", book.with_suffix(".json"), "--history", history, "--ward-name", "Phường Thử",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    return registry, book, history


def test_wrong_files_given_to_history_import_are_named_with_the_file_to_use(tmp_path: Path) -> None:
    registry, book, old_history = _last_year(tmp_path)
    history = tmp_path / "q1" / "lich_su_tong_hop.sqlite"
    history.parent.mkdir()

    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert "Traceback" not in said
    assert f"Tệp “{book}” là tệp Excel, không phải tệp JSON số liệu tổng hợp" in said, said
    assert "Hãy dùng tệp “tong_hop_2025.json” cạnh tệp này" in said, said
    assert "lịch sử tổng hợp cạnh tệp này" not in said, said  # lich_su_cu.sqlite: not this book's
    assert not history.exists()  # nothing made for a refused file

    done = _run("history", "import", registry, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert f"Tệp “{registry}” là tệp Excel, không phải tệp JSON số liệu tổng hợp" in said, said
    assert "cạnh tệp này" not in said  # no danh_muc.json beside it: none named
    # Neither beside: both ways, with this PC's launcher (`ward-stats` is not on the office
    # PC's PATH, review222 L1) and the history to name in full.
    assert f"“{program()} consolidate --json”" in said, said
    assert f"“{program()} history export SỐ --json TỆP.json --history TỆP_LỊCH_SỬ”" in said, said

    done = _run("history", "import", old_history, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert f"Tệp “{old_history}” là tệp lịch sử tổng hợp (SQLite)" in said, said
    assert f'history list --history "{old_history}"”' in said, said
    assert "(--history của lệnh consolidate)" in said, said
    assert not history.exists()

    # The way the message gives works: the JSON beside the workbook is imported.
    done = _run("history", "import", book.with_suffix(".json"), "--history", history)
    assert done.exit_code == 0, done.output


def test_report_and_rollup_name_a_workbook_given_for_a_summary(tmp_path: Path) -> None:
    _, book, _ = _last_year(tmp_path)
    done = _run("report", book, "-o", tmp_path / "bao_cao.docx")
    said = _said(done)
    assert done.exit_code == 2, said
    assert f"Tệp “{book}” là tệp Excel, không phải tệp JSON số liệu tổng hợp" in said, said
    assert not (tmp_path / "bao_cao.docx").exists()

    done = _run("rollup", book, "-o", tmp_path / "cap_tren.xlsx")
    said = _said(done)
    assert done.exit_code == 2, said
    assert "“tong_hop_2025.xlsx” là tệp Excel, không phải tệp JSON số liệu tổng hợp" in said, said


def test_a_history_given_for_a_summary_is_told_commands_that_work_where_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """h222: the SQLite refusal named `ward-stats` (not on PATH on the office PC), the history as
    given (relative to wherever the command ran, unquoted without a space, so cut at a `&` by
    cmd.exe), and told `rollup`/`report` to give it with --history, which they do not have. The
    commands are now those of `core.commands` (full path, in quotes), and the export it gives,
    run elsewhere, writes the summary that `rollup` then takes."""
    _, _, old_history = _last_year(tmp_path)
    odd = tmp_path / "A&B"
    odd.mkdir()
    shutil.copyfile(old_history, odd / "ls.sqlite")
    monkeypatch.chdir(odd)
    done = _run("rollup", "ls.sqlite", "-o", tmp_path / "cap_tren.xlsx")
    said = _said(done)
    assert "Traceback" not in said
    assert "ghi nó ở tùy chọn --history" not in said, said  # rollup has no --history
    assert "(--history của lệnh consolidate)" in said, said
    history = odd / "ls.sqlite"
    done = _run("history", "import", "ls.sqlite", "--history", tmp_path / "moi.sqlite")
    said = _said(done)
    assert done.exit_code == 2, said
    listed = history_command("list", history)
    assert f"(SỐ xem bằng lệnh “{listed}”)" in said, said
    start = said.index("bằng lệnh “") + len("bằng lệnh “")
    export = said[start : said.index("”", start)]
    assert export == history_command("export SỐ --json TỆP.json", history), export
    words = shlex.split(export)
    assert words[-2:] == ["--history", str(history)], words
    monkeypatch.chdir(tmp_path)  # typed in another folder, as a Command Prompt opens elsewhere
    out = tmp_path / "lan_1.json"
    ran = _run(*[{"SỐ": "1", "TỆP.json": str(out)}.get(w, w) for w in words[1:]])
    assert ran.exit_code == 0, ran.output
    done = _run("rollup", out, "-o", tmp_path / "cap_tren.xlsx")
    assert "không phải tệp JSON" not in _said(done), _said(done)


def test_a_summary_saved_as_unicode_by_notepad_is_told_to_be_saved_as_utf8(tmp_path: Path) -> None:
    """h222: a summary typed by hand (hunt220 F5) and saved by Notepad as "Unicode" (UTF-16)
    read "không phải tệp văn bản JSON (UTF-8). Hãy dùng tệp do lệnh consolidate --json tạo ra",
    no way on for a file typed by hand. Said to be UTF-16, with how to save it as UTF-8; the
    advice followed, it is added. The file itself is not changed."""
    _, book, _ = _last_year(tmp_path)
    text = book.with_suffix(".json").read_text(encoding="utf-8")
    typed = tmp_path / "nam_truoc.json"
    typed.write_text(text, encoding="utf-16")
    before = typed.read_bytes()
    history = tmp_path / "moi.sqlite"
    said = _said(_run("history", "import", typed, "--history", history))
    assert f"Tệp “{typed}” được lưu theo bảng mã Unicode (UTF-16), không phải UTF-8" in said, said
    assert "ở ô Encoding (Mã hóa) chọn UTF-8" in said, said
    assert "Traceback" not in said and not history.exists()
    assert typed.read_bytes() == before
    typed.write_text(text, encoding="utf-8-sig")  # as Notepad saves "UTF-8 with BOM"
    done = _run("history", "import", typed, "--history", history)
    assert done.exit_code == 0, done.output


def test_an_empty_summary_is_said_empty(tmp_path: Path) -> None:
    """h222: an empty file (a save cut short) read "không phải JSON hợp lệ (dòng 1, cột 1)"."""
    empty = tmp_path / "nam_truoc.json"
    empty.write_bytes(b"")
    history = tmp_path / "moi.sqlite"
    said = _said(_run("history", "import", empty, "--history", history))
    assert f"Tệp “{empty}” trống, không có số liệu tổng hợp." in said, said
    assert "dòng 1, cột 1" not in said and "Traceback" not in said and not history.exists()


def test_a_history_in_a_rollup_is_refused_with_its_whole_advice(tmp_path: Path) -> None:
    """review222 M2: a roll-up's `rollup.unreadable` cut its reason at `MAX_PARAM_CHARS`, and the
    SQLite advice with the history's full path (a deep office folder) ended mid-command in
    "… (+N ký tự)". The reason is the tool's own words around a file name: now kept whole."""
    _, book, old_history = _last_year(tmp_path)
    deep = tmp_path.joinpath(*(["Tong hop cac phuong nam 2025 - ban luu"] * 6))
    deep.mkdir(parents=True)
    history = deep / "lich_su_tong_hop.sqlite"
    shutil.copyfile(old_history, history)
    up = rollup([book.with_suffix(".json"), history], name="Đảng bộ Thử")
    [issue] = [i for i in up.issues if i.code == "rollup.unreadable"]
    assert len(issue.message) > MAX_PARAM_CHARS  # long enough to have been cut
    assert "ký tự)" not in issue.message, issue.message
    listed = history_command("list", history)
    assert f"(SỐ xem bằng lệnh “{listed}”). Tệp này không được cộng" in issue.message, issue.message


def test_a_buttons_workbook_is_told_the_export_of_the_history_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review222 L1: the workbook refusal named a bare `ward-stats consolidate --json` and
    `ward-stats history export`; a buttons-only office has no JSON (no button writes one) and no
    `ward-stats` on PATH. A workbook with the history beside it (as the buttons keep them) is
    told that history's export and list commands (`core.commands`), and the export, typed in
    another folder, writes the summary `history import` then takes."""
    orgs = sample_orgs(221, [7, 5], PERIOD, prefix="B")
    registry = write_registry(Registry([o.organisation for o in orgs]), tmp_path / "danh_muc.xlsx")
    folder = tmp_path / "nop"
    folder.mkdir()
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    office = tmp_path / "Năm 2025 & cũ"
    office.mkdir()
    book, old_history = office / "tong_hop_phuong.xlsx", office / HISTORY_FILENAME
    done = _run(
        "consolidate", folder, "--registry", registry, "--cutoff", "31/03/2025", "-o", book,
        "--history", old_history, "--ward-name", "Phường Nút",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert not book.with_suffix(".json").exists()
    history = tmp_path / "moi" / HISTORY_FILENAME
    history.parent.mkdir()
    done = _run("history", "import", book, "--history", history)
    said = _said(done)
    assert done.exit_code == 2, said
    assert "consolidate --json" not in said, said  # no JSON here: not told to use one
    listed = history_command("list", old_history)
    assert f"(SỐ xem bằng lệnh “{listed}”)" in said, said
    start = said.index("bằng lệnh “") + len("bằng lệnh “")
    export = said[start : said.index("”", start)]
    assert export == history_command("export SỐ --json TỆP.json", old_history), export
    words = shlex.split(export)
    monkeypatch.chdir(tmp_path / "moi")
    out = tmp_path / "lan_1.json"
    ran = _run(*[{"SỐ": "1", "TỆP.json": str(out)}.get(w, w) for w in words[1:]])
    assert ran.exit_code == 0, ran.output
    done = _run("history", "import", out, "--history", history)
    assert done.exit_code == 0, done.output
