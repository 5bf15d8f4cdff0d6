"""A history's record numbers only grow: a new record never takes the number of a record this
history ever held, removed ones included (hunt108: removing the latest record N and recording
again gave the new record the number N, so an older hint "history remove N --yes", still on
the screen or in an older workbook, removed the new record). A removed record's own copy still
comes back under its number. Real SQLite files, the CLI through click's CliRunner."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.helpers_history import consolidated_into, digest, filled_history, record, run_cli
from tests.helpers_sample import sample_orgs
from toolkit.core.errors import HistoryNewer
from toolkit.history.removal import REMOVED_FOLDER
from toolkit.history.schema import MIGRATIONS, SCHEMA_VERSION
from toolkit.history.store import HistoryStore
from toolkit.sample.rows import Period

MARCH = dt.date(2026, 3, 31)
JUNE = dt.date(2026, 6, 30)


def _ids(path: Path) -> list[int]:
    return sorted(r.id or 0 for r in HistoryStore(path).records())


def _remove(path: Path, number: int) -> str:
    result = run_cli("history", "remove", str(number), "--yes", "--history", path)
    assert result.exit_code == 0, result.output
    return result.output


def _export(path: Path, number: int, out: Path) -> Path:
    result = run_cli("history", "export", str(number), "--json", out, "--history", path)
    assert result.exit_code == 0, result.output
    return out


def test_removing_the_latest_record_does_not_give_its_number_to_the_next_import(tmp_path: Path) -> None:
    """hunt108's script: import, remove 1, import another run: it is number 2, and the old hint
    "history remove 1 --yes" now finds no record instead of removing the new one."""
    source = filled_history(tmp_path / "nguon.sqlite", record(MARCH, run_id="a"), record(JUNE, run_id="b"))
    run_a, run_b = _export(source, 1, tmp_path / "a.json"), _export(source, 2, tmp_path / "b.json")
    path = tmp_path / "h.sqlite"
    assert run_cli("history", "import", run_a, "--history", path).exit_code == 0
    _remove(path, 1)
    added = run_cli("history", "import", run_b, "--history", path)
    assert added.exit_code == 0, added.output
    assert "lần tổng hợp số 2," in added.output, added.output
    assert _ids(path) == [2]
    before = digest(path)
    stale = run_cli("history", "remove", "1", "--yes", "--history", path)
    assert stale.exit_code == 2 and "không có lần tổng hợp số 1" in stale.output, stale.output
    assert digest(path) == before
    assert sorted(p.name for p in (tmp_path / REMOVED_FOLDER).iterdir()) == ["lan_1_chot_2026-03-31.json"]


def test_a_consolidation_after_removing_the_latest_record_takes_the_next_number(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(MARCH, run_id="a"), record(MARCH, run_id="b"))
    _remove(path, 2)
    folder = tmp_path / "nop"
    folder.mkdir()
    for org in sample_orgs(3, [5, 6], Period(dt.date(2025, 1, 1), JUNE)):
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    summary = consolidated_into(folder, JUNE, path, tmp_path / "tong_hop.xlsx")
    assert HistoryStore(path).find_run(summary["run_id"]) == 3
    assert _ids(path) == [1, 3]


def test_removing_a_middle_record_keeps_the_numbering_as_it_was(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", *(record(MARCH, run_id=r) for r in "abc"))
    _remove(path, 2)
    assert HistoryStore(path).add(record(JUNE, run_id="d")) == 4
    assert _ids(path) == [1, 3, 4]


def test_the_numbers_of_removed_records_stay_used_after_several_removals(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", *(record(MARCH, run_id=r) for r in "abc"))
    for number in (3, 2, 1):
        _remove(path, number)
    assert HistoryStore(path).records() == []
    assert HistoryStore(path).add(record(JUNE, run_id="d")) == 4


def test_a_removed_records_copy_still_comes_back_under_its_number(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(MARCH, run_id="a"), record(JUNE, run_id="b"))
    _remove(path, 2)
    copy = tmp_path / REMOVED_FOLDER / "lan_2_chot_2026-06-30.json"
    back = run_cli("history", "import", copy, "--history", path)
    assert back.exit_code == 0, back.output
    assert "lần tổng hợp số 2," in back.output and "trở lại đúng số" in back.output, back.output
    assert HistoryStore(path).add(record(JUNE, run_id="c")) == 3


def test_a_copy_of_another_records_number_does_not_take_it(tmp_path: Path) -> None:
    """A copy kept by another history (or edited) whose number was a removed record of this one
    of another run: that number is not given again, the copy is stored as the latest run."""
    (tmp_path / "khac").mkdir()
    other = filled_history(tmp_path / "khac" / "h.sqlite", record(MARCH, run_id="x"))
    _remove(other, 1)
    path = filled_history(tmp_path / "h.sqlite", record(MARCH, run_id="a"), record(JUNE, run_id="b"))
    _remove(path, 1)
    copy = other.parent / REMOVED_FOLDER / "lan_1_chot_2026-03-31.json"
    assert json.loads(copy.read_text(encoding="utf-8"))["history_id"] == 1
    added = run_cli("history", "import", copy, "--history", path)
    assert added.exit_code == 0, added.output
    assert "lần tổng hợp số 3," in added.output and "trở lại đúng số" not in added.output, added.output
    assert _ids(path) == [2, 3]


def test_a_copy_of_another_history_with_a_number_never_given_here_is_not_said_back(tmp_path: Path) -> None:
    """hunt297 F1: a removed record's copy kept by another history, whose number this history
    never gave (beyond every number it holds or removed), took that number and its recording
    time, and `history import` said it was "back in its number and order", in a history it was
    never in; its own history still lacked it. It is numbered as any new record, said so."""
    (tmp_path / "khac").mkdir()
    other = filled_history(tmp_path / "khac" / "h.sqlite", *(record(MARCH, run_id=r) for r in "vwxyz"))
    _remove(other, 5)
    copy = other.parent / REMOVED_FOLDER / "lan_5_chot_2026-03-31.json"
    assert json.loads(copy.read_text(encoding="utf-8"))["history_id"] == 5
    path = filled_history(tmp_path / "h.sqlite", record(MARCH, run_id="a"), record(JUNE, run_id="b"))
    added = run_cli("history", "import", copy, "--history", path)
    assert added.exit_code == 0, added.output
    assert "lần tổng hợp số 3," in added.output and "trở lại đúng số" not in added.output, added.output
    assert _ids(path) == [1, 2, 3]
    # The same when the copy's number is the very next one here: never given, so never "back".
    third = filled_history(tmp_path / "h3.sqlite", *(record(MARCH, run_id=r) for r in ("c", "d", "e", "f")))
    again = run_cli("history", "import", copy, "--history", third)
    assert again.exit_code == 0, again.output
    assert "lần tổng hợp số 5," in again.output and "trở lại đúng số" not in again.output, again.output
    # A new history numbers from 1, whatever number the copy had.
    fresh = run_cli("history", "import", copy, "--history", tmp_path / "moi.sqlite")
    assert fresh.exit_code == 0, fresh.output
    assert "lần tổng hợp số 1," in fresh.output, fresh.output
    assert _ids(tmp_path / "moi.sqlite") == [1]


def _as_schema_4(path: Path) -> None:
    """Take a history back to the file schema version 4 wrote (no table of removed numbers, no
    `copy_of` of its files)."""
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE source_file DROP COLUMN copy_of")
    conn.execute("DROP TABLE removed_id")
    conn.execute("ALTER TABLE consolidation DROP COLUMN merged_from")
    conn.execute("ALTER TABLE consolidation DROP COLUMN registry_used")
    conn.execute("ALTER TABLE consolidation DROP COLUMN registry_none")
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()


def test_a_history_of_schema_4_migrates_keeping_its_numbers_and_numbers_on(tmp_path: Path) -> None:
    assert SCHEMA_VERSION == len(MIGRATIONS) == 9
    path = filled_history(tmp_path / "h.sqlite", *(record(MARCH, run_id=r) for r in "abc"))
    _remove(path, 2)
    shutil.rmtree(tmp_path / REMOVED_FOLDER)
    _as_schema_4(path)
    listed = run_cli("history", "list", "--history", path)
    assert listed.exit_code == 0 and "Lần số 3  chốt" in listed.output, listed.output
    assert HistoryStore(path).add(record(JUNE, run_id="d")) == 4
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 9
    assert conn.execute("SELECT id, run_id FROM consolidation ORDER BY id").fetchall() == [
        (1, "a"),
        (3, "c"),
        (4, "d"),
    ]
    conn.close()
    _remove(path, 4)
    assert HistoryStore(path).add(record(JUNE, run_id="e")) == 5


def test_a_removal_is_what_migrates_a_history_of_schema_4(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(MARCH, run_id="a"), record(JUNE, run_id="b"))
    _as_schema_4(path)
    _remove(path, 2)
    assert HistoryStore(path).add(record(JUNE, run_id="c")) == 3


def test_copies_beside_a_history_of_schema_4_raise_its_numbers(tmp_path: Path) -> None:
    """The latest record removed by a version that did not keep the number: its copy in
    lich_su_da_xoa (and a damaged record's rows) still tell the number was used."""
    path = filled_history(tmp_path / "h.sqlite", *(record(MARCH, run_id=r) for r in "abc"))
    _remove(path, 3)
    _as_schema_4(path)
    (tmp_path / REMOVED_FOLDER / "notes.json").write_text("{}", encoding="utf-8")
    assert HistoryStore(path).add(record(JUNE, run_id="d")) == 4
    _as_schema_4(path)
    _remove(path, 4)
    (tmp_path / REMOVED_FOLDER / "lan_7_hong.json").write_text("{}", encoding="utf-8")
    _as_schema_4(path)
    assert HistoryStore(path).add(record(JUNE, run_id="e")) == 8


def test_a_history_of_this_version_is_refused_by_the_previous_one(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(MARCH))
    before = digest(path)
    previous = HistoryStore(path, migrations=MIGRATIONS[:4])
    with pytest.raises(HistoryNewer):
        previous.add(record(JUNE, run_id="x"))
    with pytest.raises(HistoryNewer):
        previous.remove(1)
    assert digest(path) == before
