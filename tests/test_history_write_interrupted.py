"""A history write cut off inside its commit (a power cut, a killed process) is said, not
rolled back in silence (hunt228 R1, R3).

The hot journal is made for real: a child process begins the record's transaction through
`HistoryStore.begin`, its changes spill into the file (so SQLite syncs the journal and writes
its header, as a commit does), and it is SIGKILLed while it waits on a pipe. The next opening
rolls the journal back; the command that opened it says so, once, in Vietnamese, with how to
put the run back (consolidate again, or `history import` of its JSON).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import fields
from pathlib import Path

import pytest
from helpers_history import (
    filled_history,
    record,
    records_or_refusal,
    run_as_user,
    shared_folder,
    wal_by_another_program,
)
from helpers_ward import Ward, cli, consolidate, pristine, ward

from toolkit.core.errors import HistoryLocked
from toolkit.history.records import Record
from toolkit.history.store import HistoryStore

__all__ = ["pristine", "ward"]  # fixtures

ROOT = Path(__file__).resolve().parent.parent
SAID = "Lần ghi vào lịch sử trước đã bị ngắt giữa chừng (mất điện hoặc chương trình bị tắt đột ngột)"

# Begins the record of the JSON summary `argv[2]` (its own run id) in the history `argv[1]`, as a
# consolidation does before its outputs are renamed, then makes its changes spill into the file
# (a cache of one page): the journal is synced and its header written, as inside a commit. Then
# it says so and waits to be killed.
_WRITER = """
import json, sys, time
from toolkit.history.records import record_from_summary
from toolkit.history.store import HistoryStore
summary = json.loads(open(sys.argv[2], encoding="utf-8").read())
pending = HistoryStore(sys.argv[1]).begin(record_from_summary(summary, run_id=summary["run_id"]))
conn = pending._conn
conn.execute("PRAGMA cache_size = 1")
conn.execute("UPDATE organisation SET indicators = indicators")
conn.execute("UPDATE consolidation SET ward_name = ward_name")
print("inside the transaction", flush=True)
time.sleep(600)
"""


# The same writer before its changes spill: its journal's header is not synced yet (first byte
# zero), as at the start of a commit, the slowest step of which is that sync (review232 F2).
_EARLY_WRITER = "\n".join(
    line for line in _WRITER.splitlines() if "cache_size" not in line and "UPDATE" not in line
)


def _writer(history: Path, summary: Path, code: str = _WRITER) -> subprocess.Popen[str]:
    writer = subprocess.Popen(
        [sys.executable, "-c", code, str(history), str(summary)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert writer.stdout is not None and writer.stdout.readline().strip() == "inside the transaction"
    return writer


def _killed_inside_commit(history: Path, summary: Path) -> Path:
    """The hot journal a writer of `summary`'s record leaves when it is SIGKILLed."""
    writer = _writer(history, summary)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    journal = history.with_name(history.name + "-journal")
    assert journal.is_file() and journal.read_bytes()[:1] != b"\x00"  # hot, as SQLite decides it
    return journal


def _summary_of_unrecorded_run(ward: Ward, out: Path) -> tuple[Path, str]:
    """The outputs of a run whose record a power cut took: written without the history here."""
    out.mkdir()
    done = consolidate(ward, out, "--no-history")
    assert done.exit_code == 0, done.output
    summary = out / "tong_hop.json"
    return summary, json.loads(summary.read_text(encoding="utf-8"))["run_id"]


def _recorded_history(ward: Ward, out: Path) -> Path:
    out.mkdir()
    history = out / "lich_su_tong_hop.sqlite"
    done = consolidate(ward, out, "--history", history)
    assert done.exit_code == 0, done.output
    return history


def test_history_list_says_once_that_a_write_was_interrupted(ward: Ward, tmp_path: Path) -> None:
    history = _recorded_history(ward, tmp_path / "kq1")
    summary, lost = _summary_of_unrecorded_run(ward, tmp_path / "kq2")
    journal = _killed_inside_commit(history, summary)

    listed = cli("history", "list", "--history", history)
    assert listed.exit_code == 0, listed.output
    said = " ".join(listed.stderr.split())
    assert said.count(SAID) == 1, listed.output
    assert f"lần tổng hợp khi đó chưa được ghi vào lịch sử “{history}”" in said
    assert "history import" in said and "tổng hợp lại lần đó" in said
    assert SAID not in listed.stdout  # stdout stays the list (`history export --json -`)
    assert "1 lần." in listed.stdout
    assert not journal.exists()
    assert lost not in {r.run_id for r in HistoryStore(history).records()}

    again = cli("history", "list", "--history", history)  # once: the rollback is done
    assert again.exit_code == 0 and SAID not in " ".join(again.output.split())


def test_a_consolidation_says_it_records_normally_and_import_puts_the_lost_run_back(
    ward: Ward, tmp_path: Path
) -> None:
    history = _recorded_history(ward, tmp_path / "kq1")
    summary, lost = _summary_of_unrecorded_run(ward, tmp_path / "kq2")
    journal = _killed_inside_commit(history, summary)

    out = tmp_path / "kq3"
    out.mkdir()
    done = consolidate(ward, out, "--history", history)
    assert done.exit_code == 0, done.output
    doc = json.loads((out / "tong_hop.json").read_text(encoding="utf-8"))
    warned = [i for i in doc["issues"] if i["code"] == "history.write_interrupted"]
    assert len(warned) == 1 and warned[0]["severity"] == "warning"
    assert SAID in warned[0]["message"] and f"“{history}”" in warned[0]["message"]
    assert " ".join(done.output.split()).count(SAID) == 1  # on the console (the status), once
    assert not journal.exists()
    records = HistoryStore(history).records()
    assert len(records) == 2 and records[-1].run_id == doc["run_id"]
    assert lost not in {r.run_id for r in records}

    # The lost run's JSON carries its run id: imported, it is the record the run would have made.
    imported = cli("history", "import", summary, "--history", history)
    assert imported.exit_code == 0, imported.output
    store = HistoryStore(history)
    (found,) = [r for r in store.records() if r.run_id == lost]
    assert found.id is not None and doc["run_id"] != lost
    mine, finished = store.get(found.id), store.get(records[-1].id or 0)
    assert mine is not None and finished is not None
    own = {"id", "run_id", "origin", "ran_at", "recorded_at", "is_current"}
    differ = [f.name for f in fields(mine) if getattr(mine, f.name) != getattr(finished, f.name)]
    assert set(differ) <= own, differ
    assert mine.origin == "import"

    nothing_more = consolidate(ward, out, "--history", history)  # records as usual, says nothing
    assert nothing_more.exit_code == 0
    assert SAID not in " ".join(nothing_more.output.split())
    assert len(HistoryStore(history).records()) == 4


def _big() -> Record:
    """A record of enough organisations that a second one's changes spill (several pages)."""
    return record(orgs={f"A{i:03d}": 10 for i in range(200)}, total=2000)


def _history_and_another_run(folder: Path, tmp_path: Path, run_id: str) -> tuple[Path, Path]:
    """A history of one large record in `folder`, and the summary of another run (that
    record's, under `run_id`) for a writer to record."""
    history = filled_history(folder / "lich_su_tong_hop.sqlite", _big())
    summary = tmp_path / "lan_khac.json"
    cli("history", "export", "1", "--json", summary, "--history", history)
    data = json.loads(summary.read_text(encoding="utf-8"))
    data["run_id"] = run_id
    summary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return history, summary


def test_a_live_writer_s_journal_is_not_said_interrupted(tmp_path: Path) -> None:
    """A writer still inside its transaction holds the file locked: its journal (hot-looking once
    its changes spilled, as in its commit) is no interrupted write, and the reader waits for it as
    before; only when it is killed is the next opening told."""
    history, summary = _history_and_another_run(tmp_path, tmp_path, "20260101T000000-deadbeef")
    writer = _writer(history, summary)
    journal = history.with_name(history.name + "-journal")
    try:
        assert journal.read_bytes()[:1] != b"\x00"
        said: list[str] = []
        store = HistoryStore(history, timeout=0.3, on_interrupted=said.append)
        with pytest.raises(HistoryLocked):  # its changes spilled: it holds the file as in a commit
            store.records()
        assert said == [] and not store.interrupted and journal.exists()
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    said = []
    store = HistoryStore(history, on_interrupted=said.append)
    assert len(store.records()) == 1 and store.interrupted and len(said) == 1
    assert said[0].startswith(SAID) and not journal.exists()
    store.records()
    assert len(said) == 1  # once per store
    assert not HistoryStore(history).interrupted  # and never again


@pytest.mark.skipif(os.name != "posix", reason="file permissions and fork are POSIX here")
def test_a_hot_journal_beside_a_read_only_history_says_the_write_needs_finishing(tmp_path: Path) -> None:
    """R3: a user who may read the history but not write it (file mode 444) was told that the file
    could not be read (read-only); it is an earlier write to complete, once, with write access."""
    with shared_folder() as shared:
        history, summary = _history_and_another_run(shared, tmp_path, "20260101T000000-deadbeef")
        journal = _killed_inside_commit(history, summary)
        os.chmod(journal, 0o666)
        said = run_as_user(records_or_refusal, history, read_only=history)  # the file 444, the folder 777
        assert said.startswith("HistoryReadOnly: "), said
        assert "bị ngắt giữa chừng" in said and "cần quyền ghi vào tệp lịch sử một lần" in said, said
        assert "Không đọc được" not in said and journal.is_file()
        os.chmod(history, 0o644)
        store = HistoryStore(history)
        assert len(store.records()) == 1 and store.interrupted and not journal.exists()


def test_the_installation_check_says_it_too(tmp_path: Path) -> None:
    """`doctor` reads the history beside the workbook: a rollback it made is its warning."""
    from toolkit.excel.doctor import check_history

    history, summary = _history_and_another_run(tmp_path, tmp_path, "20260101T000000-deadbeef")
    journal = _killed_inside_commit(history, summary)
    finding = check_history(history)
    assert finding.status == "warning" and finding.message.startswith(SAID), finding
    assert "Tổng hợp lại" in finding.fix and not journal.exists()
    assert check_history(history).status == "ok"


def test_a_rollback_made_by_the_record_s_own_begin_is_said_too(ward: Ward, tmp_path: Path) -> None:
    """review232: another consolidation killed inside its commit while this one made its outputs
    (after `open_for_run` read the history, before `begin_record`): the rollback was made by this
    run's `begin` and said by no one (the warning was added only when the history was read)."""
    from helpers_ward import CUTOFF

    from toolkit.history.session import begin_record, commit_record, open_for_run
    from toolkit.outputs.status import consolidation_status
    from toolkit.pipeline import consolidate as consolidate_folder

    history = _recorded_history(ward, tmp_path / "kq1")
    summary, lost = _summary_of_unrecorded_run(ward, tmp_path / "kq2")
    result = consolidate_folder([ward.nop], cutoff=CUTOFF)
    run = open_for_run(result, history)
    assert not run.store.interrupted
    journal = _killed_inside_commit(history, summary)  # meanwhile, another run is cut off

    pending = begin_record(result, run)
    assert pending is not None and run.store.interrupted
    assert commit_record(result, run, pending) is None
    assert not journal.exists()
    warned = [i for i in result.issues if i.code == "history.write_interrupted"]
    assert len(warned) == 1 and warned[0] in run.late
    assert f"“{history}”" in warned[0].message
    status = " ".join(" ".join(consolidation_status(result, late=run.late).lines).split())
    assert status.count(SAID) == 1, status
    records = HistoryStore(history).records()
    assert len(records) == 2 and lost not in {r.run_id for r in records}


def test_a_journal_left_before_its_commit_synced_it_is_said_once(tmp_path: Path) -> None:
    """A writer killed before its commit synced the journal (a console window closed after the
    outputs' renames) leaves a journal of zeros that SQLite ignores: its run is in no record all
    the same. While the writer lives, its journal is not said; once it is dead, the next opening
    removes it under the write lock and says so, once (review232 F2)."""
    history, summary = _history_and_another_run(tmp_path, tmp_path, "20260101T000000-cafebabe")
    writer = _writer(history, summary, _EARLY_WRITER)
    journal = history.with_name(history.name + "-journal")
    try:
        assert journal.is_file() and journal.read_bytes()[:1] == b"\x00"  # not hot for SQLite
        said: list[str] = []
        store = HistoryStore(history, on_interrupted=said.append)
        assert len(store.records()) == 1  # a live writer's: read past, not said, not touched
        assert said == [] and not store.interrupted and journal.exists()
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    assert journal.read_bytes()[:1] == b"\x00"
    listed = cli("history", "list", "--history", history)
    assert listed.exit_code == 0, listed.output
    assert " ".join(listed.stderr.split()).count(SAID) == 1, listed.output
    assert not journal.exists()
    assert "20260101T000000-cafebabe" not in {r.run_id for r in HistoryStore(history).records()}
    again = cli("history", "list", "--history", history)
    assert again.exit_code == 0 and SAID not in " ".join(again.output.split())


def test_a_history_switched_to_wal_by_another_program_is_written_with_a_journal_again(tmp_path: Path) -> None:
    """review232 F3: in WAL a write killed inside its commit leaves no `-journal`, and the run it
    was recording was lost with nothing said. A write puts the history back in DELETE mode first
    (what the other program committed is kept), so such a kill is said as any other."""
    history, summary = _history_and_another_run(tmp_path, tmp_path, "20260101T000000-0badf00d")
    wal_by_another_program(history)
    wal = history.with_name(history.name + "-wal")

    journal = _killed_inside_commit(history, summary)  # a record's write, killed in its commit
    assert not wal.exists() and history.read_bytes()[18:20] == b"\x01\x01"  # DELETE mode again
    listed = cli("history", "list", "--history", history)
    assert listed.exit_code == 0, listed.output
    assert " ".join(listed.stderr.split()).count(SAID) == 1, listed.output
    assert not journal.exists()
    assert "20260101T000000-0badf00d" not in {r.run_id for r in HistoryStore(history).records()}
    with closing(sqlite3.connect(history)) as conn:  # the other program's commit is in the file
        assert conn.execute("SELECT note FROM other_program").fetchall() == [("giữ lại",)]

    HistoryStore(history).add(record(run_id="20260101T000000-0badf00d"))  # and writes go on
    assert history.read_bytes()[18:20] == b"\x01\x01" and not wal.exists()


# The writer of `_WRITER` that, inside its transaction (its changes spilled: a hot-looking
# journal, the file locked), commits when told to on stdin, says so and waits.
_COMMITTING_WRITER = _WRITER.replace(
    "time.sleep(600)",
    'sys.stdin.readline()\npending.commit()\nprint("committed", flush=True)\ntime.sleep(600)',
)


def test_a_live_writer_s_commit_ending_while_the_journal_is_looked_at_is_no_rollback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review232 F1: a reader looked at a live writer's hot journal, and the writer's commit ended
    before the reader took the lock (the journal gone, the file's change counter raised by the
    commit before the reader read it): that was taken for a rollback and said, a false alarm
    telling the clerk to record again a run that was recorded. The writer commits right after
    the reader's look at the journal (the moment is made certain by waiting for it there)."""
    import toolkit.history.store as store_module

    history, summary = _history_and_another_run(tmp_path, tmp_path, "20260101T000000-c0ffee00")
    writer = subprocess.Popen(
        [sys.executable, "-c", _COMMITTING_WRITER, str(history), str(summary)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert writer.stdin is not None and writer.stdout is not None
    try:
        assert writer.stdout.readline().strip() == "inside the transaction"
        journal = history.with_name(history.name + "-journal")
        assert journal.read_bytes()[:1] != b"\x00"  # hot-looking, the writer alive
        real_hot, looks = store_module._hot, []

        def hot_then_commit(path: Path) -> bool:
            seen = real_hot(path)
            if not looks:  # the reader's first look: the writer's commit ends right after it
                writer.stdin.write("commit\n")
                writer.stdin.flush()
                assert writer.stdout.readline().strip() == "committed"
            looks.append(seen)
            return seen

        monkeypatch.setattr(store_module, "_hot", hot_then_commit)
        said: list[str] = []
        store = HistoryStore(history, on_interrupted=said.append)
        records = store.records()
        assert looks[0] is True and not journal.exists()
        assert said == [] and not store.interrupted  # a commit, not a rollback
        assert "20260101T000000-c0ffee00" in {r.run_id for r in records}
    finally:
        writer.kill()
        writer.wait()


def test_a_wal_history_another_program_keeps_open_is_not_written_in_wal(tmp_path: Path) -> None:
    """review232 F3: while another program keeps the WAL history open (a shared lock on it), it
    cannot be put back in DELETE mode: the write waits, then says the history is locked (close
    that program, run again) rather than writing a record whose interrupted commit nothing
    would say. Once it is closed, the write switches and records."""
    history = filled_history(tmp_path / "h.sqlite", record())
    with closing(sqlite3.connect(history, isolation_level=None)) as other:
        assert other.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
        assert other.execute("SELECT count(*) FROM consolidation").fetchone() == (1,)
        with pytest.raises(HistoryLocked):
            HistoryStore(history, timeout=0.3).add(record(run_id="r2"))
        assert other.execute("SELECT count(*) FROM consolidation").fetchone() == (1,)
    HistoryStore(history).add(record(run_id="r2"))
    assert history.read_bytes()[18:20] == b"\x01\x01"
    assert [r.run_id for r in HistoryStore(history).records()] == ["r1", "r2"]


@pytest.mark.parametrize("first", [b"G", b"\x00"], ids=["hot-for-sqlite", "not-hot"])
def test_a_stray_file_named_as_the_journal_is_no_interrupted_write(tmp_path: Path, first: bytes) -> None:
    """A `-journal` that is no SQLite journal (a text file the clerk saved under that name, a
    copy's leftover: no header) is no writer's: it is not said as an interrupted write
    (review239 left-out 1). SQLite itself deletes it, without a rollback, when its first byte is
    not zero, and ignores it otherwise: then it is left as it is, never removed here."""
    history = filled_history(tmp_path / "lich_su_tong_hop.sqlite", record())
    before = HistoryStore(history).records()
    journal = history.with_name(history.name + "-journal")
    journal.write_bytes(first + "ghi chú của tôi, không phải nhật ký\n".encode() * 40)
    listed = cli("history", "list", "--history", history)
    assert listed.exit_code == 0, listed.output
    assert "ngắt giữa chừng" not in " ".join(listed.output.split()), listed.output
    assert journal.exists() == (first == b"\x00")  # SQLite's choice, as it makes it
    said: list[str] = []
    store = HistoryStore(history, on_interrupted=said.append)
    assert store.records() == before and said == [] and not store.interrupted


def test_a_journal_whose_magic_a_power_cut_tore_is_said_still(tmp_path: Path) -> None:
    """A commit writes the journal header's magic (with the number of records, one write of 12
    bytes) only once the journal is synced, before any page goes into the file. A power cut inside
    that write may leave the magic's first bytes alone: SQLite takes the journal for hot, finds no
    magic and deletes it without a rollback, yet the writer was inside its commit and its run is
    in no record. Its header's sector and page sizes, written before, tell it from a stray file."""
    history, summary = _history_and_another_run(tmp_path, tmp_path, "20260101T000000-0badf00d")
    writer = _writer(history, summary, _EARLY_WRITER)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    journal = history.with_name(history.name + "-journal")
    data = bytearray(journal.read_bytes())
    assert data[:12] == bytes(12) and len(data) > 28  # the header, its magic not written yet
    data[:2] = bytes.fromhex("d9d5")  # the first bytes of the magic, the rest torn off
    journal.write_bytes(bytes(data))
    listed = cli("history", "list", "--history", history)
    assert listed.exit_code == 0, listed.output
    assert " ".join(listed.stderr.split()).count(SAID) == 1, listed.output
    assert not journal.exists()
    assert "20260101T000000-0badf00d" not in {r.run_id for r in HistoryStore(history).records()}
