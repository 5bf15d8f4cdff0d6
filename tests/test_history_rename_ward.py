"""`ward-stats history rename-ward TÊN_CŨ TÊN_MỚI`: a ward renamed (the 2025 mergers renamed many
wards) carries its history over (hunt107 F5).

Records of another ward name are never used by a run (names are not matched: they may be two
wards), and `history.other_ward_name` asked for the name used before, which a renamed ward cannot
follow without putting the old name on the official forms' heading. The command renames every
record of the old name in one transaction, a copy of the history kept first, and the warning
names it. Real consolidations of generated organisations into real SQLite files.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.helpers_history import consolidated_into, digest, filled_history, locked, record, run_cli
from tests.helpers_sample import sample_orgs
from toolkit.core import commands
from toolkit.core.errors import HistoryLocked, InputError
from toolkit.history.removal import REMOVED_FOLDER
from toolkit.history.store import DEFAULT_FILENAME, HistoryStore
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
EARLIER = dt.date(2025, 3, 31)
MARCH = dt.date(2026, 3, 31)
OLD = "Phường Thử"
NEW = "Phường Thành Đông"


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("ward_renamed")
    orgs = sample_orgs(21, [30, 25, 20], PERIOD, prefix="HD")
    found = {}
    for label, rows in (("2025", [as_of(o, EARLIER) for o in orgs]), ("2026", orgs)):
        folder = tmp / f"nop{label}"
        folder.mkdir()
        for org in rows:
            org.write(folder / f"{org.organisation.org_code}.xlsx")
        found[label] = folder
    return found


def _codes(summary: dict) -> list[str]:  # type: ignore[type-arg]
    return [i["code"] for i in summary["issues"]]


def _advised(message: str) -> list[str]:
    """The `rename-ward` command quoted “…” in `message`, as the shell splits it, without the
    program's name (run here in this process)."""
    found = re.search(r"“([^”]*history rename-ward[^”]*)”", " ".join(message.split()))
    assert found, message
    words = shlex.split(found.group(1))
    assert words[0] == commands.program().strip('"')
    return words[1:]


def _names(path: Path) -> dict[int, tuple[str, int]]:
    """Each record's stored ward name and `is_current`, read as stored."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT id, ward_name, is_current FROM consolidation").fetchall()
    finally:
        conn.close()
    return {int(i): (name, int(current)) for i, name, current in rows}


def test_a_renamed_ward_follows_the_warning_and_uses_last_year_again(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    consolidated_into(folders["2025"], EARLIER, history, tmp_path / "2025.xlsx", ward=OLD)
    first = consolidated_into(folders["2026"], MARCH, history, tmp_path / "a.xlsx", ward=NEW)
    assert first["previous"] is None
    warned = [i["message"] for i in first["issues"] if i["code"] == "history.other_ward_name"]
    assert len(warned) == 1
    assert "nếu phường đã đổi tên" in warned[0]
    command = _advised(warned[0])
    assert command[:3] == ["history", "rename-ward", OLD] and command[3] == NEW
    assert "--yes" in command and str(history) in command

    # Without --yes: what would change, nothing changed, no copy.
    before = digest(history)
    dry = run_cli(*[w for w in command if w != "--yes"])
    assert dry.exit_code == 2, dry.output
    assert f"Sẽ đổi tên phường “{OLD}” thành “{NEW}”" in dry.output
    assert "lần số 1 (chốt 31/03/2025)" in dry.output
    assert "Chưa đổi gì" in dry.output and "--yes" in dry.output
    assert digest(history) == before
    assert not (tmp_path / REMOVED_FOLDER).exists()

    done = run_cli(*command)
    assert done.exit_code == 0, done.output
    text = " ".join(done.output.split())
    assert f"Đã đổi tên phường “{OLD}” thành “{NEW}” ở 1 lần tổng hợp" in text
    assert "lần số 1 (chốt 31/03/2025)" in text
    copies = list((tmp_path / REMOVED_FOLDER).glob("lich_su_tong_hop_truoc_khi_doi_ten_*.sqlite"))
    assert len(copies) == 1
    assert str(copies[0]) in text
    # The copy is the history as it was: a history the tool opens, the old name in it.
    kept = HistoryStore(copies[0]).records()
    assert [(r.id, r.ward_name) for r in kept] == [(1, OLD), (2, NEW)]
    assert [(r.id, r.ward_name) for r in HistoryStore(history).records()] == [(1, NEW), (2, NEW)]

    again = consolidated_into(folders["2026"], MARCH, history, tmp_path / "b.xlsx", ward=NEW)
    assert again["previous"] is not None
    assert again["previous"]["cutoff_date"] == "2025-03-31", again["previous"]
    assert "history.other_ward_name" not in _codes(again)


def test_the_warning_tells_the_office_to_open_a_command_prompt(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    """Beside `Lich su.cmd` (the office folder, the buttons' history) the clerk has no command
    line open: the advice says where to type the command, as the restore advice does."""
    office = tmp_path / "van phong"
    office.mkdir()
    (office / commands.HISTORY_LAUNCHER).write_text("@echo off\r\n", encoding="utf-8")
    history = office / DEFAULT_FILENAME
    consolidated_into(folders["2025"], EARLIER, history, office / "2025.xlsx", ward=OLD)
    summary = consolidated_into(folders["2026"], MARCH, history, office / "2026.xlsx", ward=NEW)
    warned = [i["message"] for i in summary["issues"] if i["code"] == "history.other_ward_name"]
    assert len(warned) == 1
    assert "bấm đúp Lich su.cmd, gõ Đ (hoặc D)" in " ".join(warned[0].split())
    assert "mở Command Prompt" in warned[0]
    assert _advised(warned[0])[:4] == ["history", "rename-ward", OLD, NEW]

    # The step the advice names: Lich su.cmd (`history list --ask`) renames with typed answers.
    before = digest(history)
    listed = run_cli("history", "list", "--ask", "--history", history, input="Đ\n\n")
    assert listed.exit_code == 0, listed.output
    assert "gõ Đ (hoặc D) rồi Enter để ghi tên mới" in " ".join(listed.output.split())
    assert "Không đổi gì." in listed.output
    assert digest(history) == before
    # Two names in the history: the old one is chosen by its number (they are sorted by name).
    done = run_cli("history", "list", "--ask", "--history", history, input=f"d\n2\n  {NEW}  \nc\n")
    assert done.exit_code == 0, done.output
    text = " ".join(done.output.split())
    assert f"1. {NEW} (1 lần)" in text and f"2. {OLD} (1 lần)" in text, text
    assert f"Sẽ đổi tên phường “{OLD}” thành “{NEW}” ở 1 lần tổng hợp" in text
    assert f"Đã đổi tên phường “{OLD}” thành “{NEW}”" in text
    assert [r.ward_name for r in HistoryStore(history).records()] == [NEW, NEW]
    assert len(list((office / REMOVED_FOLDER).glob("*_truoc_khi_doi_ten_*.sqlite"))) == 1
    again = consolidated_into(folders["2026"], MARCH, history, office / "2026b.xlsx", ward=NEW)
    assert again["previous"] is not None and "history.other_ward_name" not in _codes(again)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (f"Đ\n{NEW}\n\n", "Không đổi gì."),  # no C: nothing
        (f"Đ\n{NEW}\nk\n", "Không đổi gì."),
        ("Đ\n   \n", "Không đổi gì."),  # no new name
        ("Đ\n", "Không đổi gì."),  # the end of the input
        ("Đ\nphường  MẪU\nc\n", "là một tên"),  # the same ward: nothing to change
    ],
)
def test_lich_su_renames_only_after_c(tmp_path: Path, typed: str, said: str) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(MARCH, run_id="a", ward_name="Phường Mẫu"))
    before = digest(path)
    result = run_cli("history", "list", "--ask", "--history", path, input=typed)
    text = " ".join(result.output.split())
    assert "mang tên “Phường Mẫu” (1 lần)" in text, text
    assert said in text, text
    assert "Đã đổi tên" not in text
    assert digest(path) == before
    assert not (tmp_path / REMOVED_FOLDER).exists()


def test_lich_su_given_the_same_name_changes_nothing_and_says_no_error(tmp_path: Path) -> None:
    """hunt122 C3: the dialog said "Lỗi: … là một tên …" for a new name that is the old one up to
    case and spaces; nothing was asked to change, so it is said as the other answers that change
    nothing are, without "Lỗi", exit code 0 (`history rename-ward` still refuses it, exit 2)."""
    path = filled_history(tmp_path / "h.sqlite", record(MARCH, run_id="a", ward_name="Phường Mẫu"))
    before = digest(path)
    result = run_cli("history", "list", "--ask", "--history", path, input="Đ\nphường  MẪU\n")
    text = " ".join(result.output.split())
    assert result.exit_code == 0, text
    assert "Lỗi" not in text, text
    assert "“Phường Mẫu” và “phường MẪU” là một tên" in text and text.endswith("Không đổi gì."), text
    assert digest(path) == before


def test_lich_su_with_one_name_asks_only_the_new_one(tmp_path: Path) -> None:
    path = filled_history(
        tmp_path / "h.sqlite",
        record(EARLIER, run_id="a", ward_name="Phường Mẫu"),
        record(MARCH, run_id="b", ward_name="phường  mẫu"),  # one ward, typed otherwise
        record(MARCH, run_id="c", ward_name=None),  # no name: nothing to rename
    )
    result = run_cli("history", "list", "--ask", "--history", path, input=f"D\n{NEW}\nC\n")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "mang tên “Phường Mẫu” (2 lần)" in text, text
    assert "ở 2 lần tổng hợp" in text
    assert [r.ward_name for r in HistoryStore(path).records()] == [NEW, NEW, None]


def test_lich_su_offers_no_rename_without_a_ward_name(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(MARCH, run_id="a", ward_name=None))
    before = digest(path)
    result = run_cli("history", "list", "--ask", "--history", path, input=f"Đ\n{NEW}\nc\n")
    assert "gõ Đ" not in result.output
    assert "Không có lần tổng hợp số “Đ”" in result.output
    assert result.exit_code == 2
    assert digest(path) == before


def test_both_names_at_one_cut_off_leave_one_record_in_use(tmp_path: Path) -> None:
    """The new name already had a record of a cut-off the old name has too: one ward now, so the
    one that ran last is the one in use (as for two runs of one ward), the stored flag too."""
    path = filled_history(
        tmp_path / "h.sqlite",
        record(MARCH, run_id="new", ward_name=NEW, total=90),
        record(MARCH, run_id="old", ward_name="Phường  mẫu", total=100),  # ran after, typed otherwise
        record(EARLIER, run_id="old25", ward_name="Phường Mẫu", total=95),
        record(MARCH, run_id="other", ward_name="Phường Khác", total=40),
    )
    assert {i for i, (_, current) in _names(path).items() if current} == {1, 2, 3, 4}
    done = run_cli("history", "rename-ward", "Phường Mẫu", NEW, "--yes", "--history", path)
    assert done.exit_code == 0, done.output
    text = " ".join(done.output.split())
    assert "ở 2 lần tổng hợp" in text
    assert "lần số 3 (chốt 31/03/2025), lần số 2 (chốt 31/03/2026)" in text
    assert "(lần số 2) nay là số liệu được dùng" in text and "lần số 1 chỉ được lưu lại" in text
    assert _names(path) == {1: (NEW, 0), 2: (NEW, 1), 3: (NEW, 1), 4: ("Phường Khác", 1)}
    store = HistoryStore(path)
    assert sorted(r.id or 0 for r in store.records(current_only=True)) == [2, 3, 4]


def test_the_dry_run_says_which_record_will_be_used(tmp_path: Path) -> None:
    path = filled_history(
        tmp_path / "h.sqlite",
        record(MARCH, run_id="old", ward_name="Phường Mẫu"),
        record(MARCH, run_id="new", ward_name=NEW),  # ran after: stays in use
    )
    before = digest(path)
    dry = run_cli("history", "rename-ward", "Phường Mẫu", NEW, "--history", path)
    assert dry.exit_code == 2, dry.output
    text = " ".join(dry.output.split())
    assert "(lần số 2) sẽ là số liệu được dùng" in text and "lần số 1 chỉ được lưu lại" in text
    assert "Chưa đổi gì" in text
    assert digest(path) == before
    assert not (tmp_path / REMOVED_FOLDER).exists()


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("Phường Xa", NEW, "không có lần tổng hợp nào của “Phường Xa”"),
        ("Phường Mẫu", "   ", "Tên phường mới trống"),
        ("Phường Mẫu", "phường  MẪU", "là một tên"),
        ("", NEW, "Tên phường cũ trống"),
    ],
)
def test_a_rename_that_cannot_be_done_is_refused_and_changes_nothing(
    tmp_path: Path, old: str, new: str, said: str
) -> None:
    path = filled_history(
        tmp_path / "h.sqlite",
        record(MARCH, run_id="a", ward_name="Phường Mẫu"),
        record(MARCH, run_id="b", ward_name="Phường Khác"),
    )
    before = digest(path)
    result = run_cli("history", "rename-ward", old, new, "--yes", "--history", path)
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert said in text, text
    if old == "Phường Xa":  # the names it has, to pick the right one
        assert "“Phường Khác”, “Phường Mẫu”" in text
    assert "Đã đổi tên" not in text
    assert digest(path) == before
    assert not (tmp_path / REMOVED_FOLDER).exists()


def test_a_history_that_is_not_there_is_not_made(tmp_path: Path) -> None:
    missing = tmp_path / "khong_co.sqlite"
    for args in (["--yes"], []):
        result = run_cli("history", "rename-ward", "Phường Mẫu", NEW, *args, "--history", missing)
        assert result.exit_code == 2, result.output
        assert "Không có tệp lịch sử" in result.output
        assert not missing.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_locked_history_is_left_as_it_was(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(MARCH, ward_name="Phường Mẫu"))
    from toolkit.history.rename import rename_ward

    before = digest(path)
    with locked(path), pytest.raises(HistoryLocked):
        rename_ward(HistoryStore(path, timeout=0.1), "Phường Mẫu", NEW)
    assert digest(path) == before
    assert not (tmp_path / REMOVED_FOLDER).exists()
    with pytest.raises(InputError):
        rename_ward(HistoryStore(path), "Phường Mẫu", "Phường mẫu")


def test_the_old_name_is_said_as_the_history_holds_it(tmp_path: Path) -> None:
    """hunt110 #6: the old name typed "PHƯỜNG   mẫu" matched the records, but the messages and
    the command to undo the renaming named it as typed, so undoing it stored "PHƯỜNG mẫu"."""
    path = filled_history(tmp_path / "h.sqlite", record(MARCH, run_id="a", ward_name="Phường Mẫu"))
    done = run_cli("history", "rename-ward", "PHƯỜNG   mẫu", NEW, "--yes", "--history", path)
    assert done.exit_code == 0, done.output
    text = " ".join(done.output.split())
    assert "“Phường Mẫu”" in text and "PHƯỜNG" not in text, text


def test_a_zero_byte_history_is_damaged_with_or_without_yes(tmp_path: Path) -> None:
    """hunt110 #5: the dry run said the empty file was damaged, --yes that it had no record."""
    path = tmp_path / "h.sqlite"
    path.write_bytes(b"")
    for args in ([], ["--yes"]):
        result = run_cli("history", "rename-ward", "Phường Mẫu", NEW, *args, "--history", path)
        assert result.exit_code == 2, result.output
        assert "tệp rỗng, 0 byte" in " ".join(result.output.split()), (args, result.output)
        assert path.read_bytes() == b""
    assert not (tmp_path / REMOVED_FOLDER).exists()


def test_a_ward_name_with_double_quotes_is_advised_as_typed(folders: dict[str, Path], tmp_path: Path) -> None:
    """A ward name holding `"` was put in plain quotes in the advised command, which cut it at
    its first `"`: the command renamed nothing. Quoted as Windows' own rules quote it
    (`subprocess.list2cmdline`, the inverse of how the launcher's Python splits its command
    line) and as a POSIX shell reads it back, the advice renames the records."""
    old, new = 'Phường "Cũ"', 'Phường "Mới" \\'
    history = tmp_path / "lich_su_tong_hop.sqlite"
    consolidated_into(folders["2025"], EARLIER, history, tmp_path / "2025.xlsx", ward=old)
    summary = consolidated_into(folders["2026"], MARCH, history, tmp_path / "a.xlsx", ward=new.strip(" \\"))
    warned = [i["message"] for i in summary["issues"] if i["code"] == "history.other_ward_name"]
    assert len(warned) == 1, summary["issues"]
    command = _advised(warned[0])
    assert command[:4] == ["history", "rename-ward", old, new.strip(" \\")]
    for name in (old, new):
        assert subprocess.list2cmdline([name]) == commands.argument(name)
        assert shlex.split(commands.argument(name)) == [name]
    done = run_cli(*command)
    assert done.exit_code == 0, done.output
    assert [r.ward_name for r in HistoryStore(history).records()] == [new.strip(" \\")] * 2
    # A rename to a name without records prints its undo, which puts the old name back.
    alone = tmp_path / "chi_nam_truoc.sqlite"
    consolidated_into(folders["2025"], EARLIER, alone, tmp_path / "b2025.xlsx", ward=old)
    renamed = run_cli("history", "rename-ward", old, new, "--yes", "--history", alone)
    assert renamed.exit_code == 0, renamed.output
    assert [r.ward_name for r in HistoryStore(alone).records()] == [new]
    undo = re.search(r"chạy lệnh “([^”]*rename-ward[^”]*)”", " ".join(renamed.output.split()))
    assert undo, renamed.output
    back = run_cli(*shlex.split(undo.group(1))[1:])
    assert back.exit_code == 0, back.output
    assert [r.ward_name for r in HistoryStore(alone).records()] == [old]


def test_a_copy_restored_after_a_rename_is_said_under_its_old_name(tmp_path: Path) -> None:
    """hunt115 F2: a record removed by mistake, the ward then renamed, the copy imported back:
    it returned under the old name, which the ward's runs no longer use, and the import said only
    that it was back in its number and order. It now says so, with the rename that fixes it;
    following that, the restored record is the one in use again."""
    path = filled_history(
        tmp_path / "h.sqlite",
        record(MARCH, run_id="sai", total=104, ward_name=OLD),
        record(MARCH, run_id="dung", total=103, ward_name=OLD),
    )
    assert run_cli("history", "remove", "2", "--yes", "--history", path).exit_code == 0
    assert run_cli("history", "rename-ward", OLD, NEW, "--yes", "--history", path).exit_code == 0
    (copy,) = (tmp_path / REMOVED_FOLDER).glob("lan_2_*.json")
    done = run_cli("history", "import", copy, "--history", path)
    assert done.exit_code == 0, done.output
    text = " ".join(done.output.split())
    assert f"Lần số 2 mang tên phường “{OLD}”, còn các lần khác trong lịch sử mang tên “{NEW}”" in text, text
    assert "(phường đã đổi tên trong lịch sử sau khi lần này bị xóa)" in text, text
    advised = _advised(text)
    assert advised[:3] == ["history", "rename-ward", OLD] and NEW in advised, advised
    assert run_cli(*advised).exit_code == 0
    names = _names(path)
    assert names[2][0] == NEW
    listed = run_cli("history", "list", "--history", path).output
    assert any(line.startswith("Lần số 2 ") and "hiện hành" in line for line in listed.splitlines()), listed


def test_an_ordinary_summary_of_the_old_name_is_not_said_to_have_been_removed(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    """hunt134 F5: last year's JSON summary, made under the old name, imported into the history
    renamed since: the import said "phường đã đổi tên trong lịch sử sau khi lần này bị xóa" of a
    record never removed (words for a copy from `lich_su_da_xoa`). It says the file was made
    before the rename, with the same rename advice."""
    history = tmp_path / DEFAULT_FILENAME
    consolidated_into(folders["2025"], EARLIER, tmp_path / "khac.sqlite", tmp_path / "2025.xlsx", ward=OLD)
    consolidated_into(folders["2026"], MARCH, history, tmp_path / "2026.xlsx", ward=OLD)
    assert run_cli("history", "rename-ward", OLD, NEW, "--yes", "--history", history).exit_code == 0
    done = run_cli("history", "import", tmp_path / "2025.json", "--history", history)
    assert done.exit_code == 0, done.output
    text = " ".join(done.output.split())
    assert f"Lần số 2 mang tên phường “{OLD}”, còn các lần khác trong lịch sử mang tên “{NEW}”" in text, text
    assert "bị xóa" not in text, text
    assert (
        f"Nếu “{OLD}” là tên cũ của phường (tệp vừa thêm được làm trước khi phường đổi tên trong lịch "
        "sử), hãy đổi tên lần này:"
    ) in text, text
    advised = _advised(text)
    assert advised[:3] == ["history", "rename-ward", OLD] and NEW in advised, advised


def test_an_import_under_the_ward_s_own_name_says_nothing_of_names(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(MARCH, run_id="a", ward_name=OLD))
    summary = tmp_path / "b.json"
    run_cli("history", "export", "1", "--json", summary, "--history", path)
    data = summary.read_text(encoding="utf-8").replace('"run_id": "a"', '"run_id": "b"')
    summary.write_text(data, encoding="utf-8")
    done = run_cli("history", "import", summary, "--history", path)
    assert done.exit_code == 0 and "mang tên phường" not in done.output, done.output


def test_a_period_before_the_rename_run_under_the_old_name_is_not_told_to_rename_back(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    """hunt134 F1: the history renamed to the new name, a correction of a period before the
    rename run under the old name was told to rename the history back, which moves the records
    made under the new name too (the next run under it lost its history, and was told to rename
    forward again). It is told to run under the name the history carries after that cut-off,
    and not to rename back; following that, the history is used and keeps its names."""
    history = tmp_path / DEFAULT_FILENAME
    consolidated_into(folders["2025"], EARLIER, history, tmp_path / "2025.xlsx", ward=OLD)
    consolidated_into(folders["2026"], MARCH, history, tmp_path / "2026.xlsx", ward=OLD)
    done = run_cli("history", "rename-ward", OLD, NEW, "--yes", "--history", history)
    assert done.exit_code == 0, done.output
    corrected = consolidated_into(folders["2025"], EARLIER, history, tmp_path / "sua.xlsx", ward=OLD)
    assert "history.other_ward_name" not in _codes(corrected)
    [warned] = [i["message"] for i in corrected["issues"] if i["code"] == "history.other_ward_name_later"]
    text = " ".join(warned.split())
    assert (
        f"Lịch sử tổng hợp có lần tổng hợp ngày chốt 31/03/2026 của “{NEW}” (lần số 2, cùng các tổ chức"
        in text
    )
    assert "sau ngày chốt 31/03/2025 của lần này" in text
    assert f"hãy ghi tên phường “{NEW}” (ô “Tên phường” của sheet “Điều khiển” hoặc --ward-name) rồi" in text
    assert f"đừng đổi tên phường trong lịch sử về “{OLD}”" in text
    assert "rename-ward" not in text
    # Followed: run under the history's name; nothing is renamed, and no warning of names.
    again = consolidated_into(folders["2025"], EARLIER, history, tmp_path / "sua2.xlsx", ward=NEW)
    assert not [c for c in _codes(again) if c.startswith("history.other_ward_name")], _codes(again)
    names = _names(history)
    assert names[2] == (NEW, 1) and names[4][0] == NEW, names
    # The 31/3/2026 run under the new name still finds its last year: the corrected record.
    later = consolidated_into(folders["2026"], MARCH, history, tmp_path / "2026b.xlsx", ward=NEW)
    assert later["previous"] is not None and later["previous"]["cutoff_date"] == "2025-03-31"
    assert not [c for c in _codes(later) if c.startswith("history.other_ward_name")]
