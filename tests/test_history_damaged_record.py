"""A record whose stored text is not as the tool wrote it (a damaged sector, a hand edit in a
database browser) inside an otherwise sound history file."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_history import (
    digest,
    filled_history,
    record,
    records_or_refusal,
    run_as_user,
    shared_folder,
)
from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core.errors import HistoryCorrupt
from toolkit.history.store import HistoryStore
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
DAMAGE = {
    "json": "UPDATE consolidation SET indicators = '{' || substr(indicators, 3) WHERE id = 1",
    "date": "UPDATE consolidation SET cutoff_date = '31/03/2025' WHERE id = 1",
    # A value of the ward's indicators that is no number (hunt173 A1): the text is still JSON
    # and still an object, so only the values say it is damaged (`summary.check_indicators`).
    **{
        f"value_{name}": (
            "UPDATE consolidation SET indicators = replace(indicators, "
            f"'\"{key}\":{value}', '\"{key}\":{bad}') WHERE id = 1"
        )
        for name, key, value, bad in [
            ("text", "members.total", 100, '"abc"'),
            ("list", "members.total", 100, "[1]"),
            ("huge", "members.total", 100, "1e999"),
            ("nan", "members.total", 100, "NaN"),
            ("bool", "members.total", 100, "true"),
            ("other", "members.full", 99, '"abc"'),  # an id no check of the history reads
        ]
    },
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nop = tmp_path_factory.mktemp("damaged") / "nop"
    nop.mkdir()
    for org in sample_orgs(21, [7, 9], PERIOD):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    return nop


def _damaged_history(path: Path, kind: str) -> Path:
    filled_history(
        path,
        record(dt.date(2025, 3, 31), run_id="r1", ward_name=None),
        record(dt.date(2025, 12, 31), run_id="r2", ward_name=None),
    )
    conn = sqlite3.connect(path)
    row = "SELECT * FROM consolidation WHERE id = 1"
    before = conn.execute(row).fetchone()
    with conn:
        conn.execute(DAMAGE[kind])
    assert conn.execute(row).fetchone() != before  # the damage is made
    conn.close()
    return path


def _history(*args: str) -> object:
    return CliRunner().invoke(main, ["history", *args])


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_a_damaged_record_is_a_warning_of_consolidate_and_the_file_is_left_as_it_was(
    folder: Path, tmp_path: Path, kind: str
) -> None:
    history = _damaged_history(tmp_path / "lich_su_tong_hop.sqlite", kind)
    before = digest(history)
    out = tmp_path / "tong_hop.xlsx"
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "--since", "01/01/2025", "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--json", str(out.with_suffix(".json"))])
    assert result.exit_code == 0, result.output
    assert out.is_file() and "không mong đợi" not in result.output
    issues = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["issues"]
    corrupt = [i for i in issues if i["code"] == "history.corrupt"]
    assert corrupt and str(history) in corrupt[0]["message"] and "số 1" in corrupt[0]["message"]
    # The way out a button's user can take, and the command line's apart (hunt33 #3).
    assert corrupt[0]["message"].endswith(
        "Hãy chép bản sao lưu của tệp lịch sử vào chỗ cũ (tổng hợp bằng dòng lệnh thì cũng có thể chọn "
        "tệp lịch sử khác bằng --history)."
    ), corrupt[0]["message"]
    assert digest(history) == before


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_history_list_marks_a_damaged_record_and_remove_takes_it_out(tmp_path: Path, kind: str) -> None:
    history = _damaged_history(tmp_path / "h.sqlite", kind)
    listed = _history("list", "--history", str(history))
    assert listed.exit_code == 0, listed.output
    assert "2 lần" in listed.output and "Lần số 2  chốt 31/12/2025" in listed.output
    assert "Lần số 1  chốt" in listed.output and "BỊ HỎNG" in listed.output
    shown = _history("show", "2", "--history", str(history))
    assert shown.exit_code == 0 and "Lần tổng hợp số 2" in shown.output
    bad = _history("show", "1", "--history", str(history))
    assert bad.exit_code == 2 and "bị hỏng" in bad.output and "không mong đợi" not in bad.output
    exported = _history("export", "1", "--json", str(tmp_path / "x.json"), "--history", str(history))
    assert exported.exit_code == 2 and "bị hỏng" in exported.output, exported.output
    assert "không mong đợi" not in exported.output and not (tmp_path / "x.json").exists()
    asked = _history("remove", "1", "--history", str(history))
    assert asked.exit_code == 2 and "BỊ HỎNG" in asked.output and "Chưa xóa gì" in asked.output
    removed = _history("remove", "1", "--yes", "--history", str(history))
    assert removed.exit_code == 0, removed.output
    copy = tmp_path / "lich_su_da_xoa" / "lan_1_hong.json"
    assert json.loads(copy.read_text(encoding="utf-8"))["consolidation"]["run_id"] == "r1"
    assert [r.id for r in HistoryStore(history).records()] == [2]


def _damage_index(path: Path) -> None:
    """Overwrite the page header of the organisations' primary-key index: a damage SQLite does
    not meet on the pages a run reads, so only an integrity check finds it."""
    conn = sqlite3.connect(path)
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_organisation_1'"
    ).fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page
    data[start + 8 : start + 40] = b"\xab" * 32
    path.write_bytes(bytes(data))


def test_structural_damage_is_found_before_reading_or_writing(folder: Path, tmp_path: Path) -> None:
    orgs = {f"A{i:02d}": 10 for i in range(60)}
    history = filled_history(tmp_path / "lich_su_tong_hop.sqlite", record(orgs=orgs, total=600))
    _damage_index(history)
    before = digest(history)
    out = tmp_path / "tong_hop.xlsx"
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "--since", "01/01/2025", "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--json", str(out.with_suffix(".json"))])
    assert result.exit_code == 0, result.output
    issues = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["issues"]
    assert "history.corrupt" in {i["code"] for i in issues}
    assert digest(history) == before
    exported = _history("export", "1", "--json", str(tmp_path / "x.json"), "--history", str(history))
    assert exported.exit_code == 2 and "bị hỏng" in exported.output
    assert not (tmp_path / "x.json").exists()
    with pytest.raises(HistoryCorrupt):
        HistoryStore(history).add(record(dt.date(2025, 6, 30), run_id="r2"))
    with pytest.raises(HistoryCorrupt):
        HistoryStore(history).remove(1)
    assert digest(history) == before


_KILLED_WRITER = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 1")  # changed pages spill into the file before the commit
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE organisation SET indicators = '[0]'")
for i in range(300):
    conn.execute(
        "INSERT INTO source_file (consolidation_id, position, file, org_code, sha256, template_version, "
        "status, consolidated) VALUES (?, ?, 'x', 'c', 's', 'v', 'st', 1)",
        (99, 1000 + i),
    )
os._exit(0)  # killed inside its transaction: the journal stays
"""


@pytest.mark.skipif(os.name != "posix", reason="folder permissions and fork are POSIX here")
def test_a_killed_writer_s_journal_in_a_read_only_folder_says_so_and_how_to_recover() -> None:
    with shared_folder() as shared:
        folder = shared / "lich_su"
        folder.mkdir()
        orgs = {f"A{i:02d}": 10 for i in range(200)}
        history = filled_history(folder / "lich_su_tong_hop.sqlite", record(orgs=orgs, total=2000))
        subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(history)], check=True)
        journal = folder / "lich_su_tong_hop.sqlite-journal"
        assert journal.is_file()
        os.chmod(history, 0o666)  # the file writable, its folder not
        os.chmod(folder, 0o555)
        (shared / "khac.txt").write_text("x", encoding="utf-8")
        try:
            said = run_as_user(records_or_refusal, history, read_only=shared / "khac.txt")
        finally:
            os.chmod(folder, 0o755)
        assert said.startswith("HistoryReadOnly: "), said
        assert "bị ngắt giữa chừng" in said and f"“{folder}”" in said and "thiết bị" not in said
        assert journal.is_file()


@pytest.mark.parametrize("kind", ["json", "date", "value_text"])
def test_the_dry_run_of_removing_another_record_beside_a_damaged_one_says_the_refusal(
    tmp_path: Path, kind: str
) -> None:
    """fix386 (fix348): record 1 is damaged; removing record 2 is refused with --yes (a history
    with a damaged record is not written), but the dry run read the others alone and said "Để
    xóa, hãy chạy lại lệnh với --yes". It now says the same refusal, and nothing is removed.
    `history list --ask` refuses before its confirmation the same way."""
    history = _damaged_history(tmp_path / "h.sqlite", kind)
    before = digest(history)
    confirmed = _history("remove", "2", "--yes", "--history", str(history))
    asked = _history("remove", "2", "--history", str(history))
    assert confirmed.exit_code == asked.exit_code == 2, (confirmed.output, asked.output)
    assert "bị hỏng: không đọc được lần tổng hợp số 1" in confirmed.output, confirmed.output
    assert asked.output == confirmed.output
    assert "--yes (một bản" not in asked.output and "Sẽ xóa" not in asked.output
    dialog = CliRunner().invoke(main, ["history", "list", "--ask", "--history", str(history)], input="2\nc\n")
    assert dialog.exit_code == 2, dialog.output
    assert "Gõ C rồi Enter để xóa" not in dialog.output and "Sẽ xóa" not in dialog.output, dialog.output
    assert dialog.output.rstrip().endswith(confirmed.output.rstrip()), dialog.output
    assert digest(history) == before
    assert not (tmp_path / "lich_su_da_xoa").exists()
