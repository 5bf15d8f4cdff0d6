"""A history file of 0 bytes is damaged, not a new history (hunt104 #4), and a new history file
is created atomically, so the tool itself never leaves one of 0 bytes at the history's path
(two runs recording at one moment: the second must never see the first's empty file).

Real files: generated organisations' submissions consolidated through the CLI, real SQLite
histories, the doctor's check of the Excel entry.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
from pathlib import Path

import pytest

from tests.helpers_history import digest, filled_history, record, run_cli
from tests.helpers_sample import sample_orgs
from toolkit.core.errors import HistoryCorrupt
from toolkit.history.store import HistoryStore
from toolkit.io.atomic import TEMP_PREFIX
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
EMPTY_SAID = "bị hỏng (tệp rỗng, 0 byte"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    found = tmp_path_factory.mktemp("empty_history") / "nop"
    found.mkdir()
    for org in sample_orgs(31, [12], PERIOD):
        org.write(found / f"{org.organisation.org_code}.xlsx")
    return found


def _consolidate(folder: Path, out: Path, history: Path) -> tuple[int, str, dict]:
    done = run_cli(
        "consolidate", folder, "--cutoff", "31/03/2026", "--ward-name", "Phường Thử",
        "--history", history, "-o", out, "--json", out.with_suffix(".json"),
    )  # fmt: skip
    written = out.with_suffix(".json")
    summary = json.loads(written.read_text("utf-8")) if written.exists() else {}
    return done.exit_code, done.output, summary


def _temps(where: Path) -> list[str]:
    return sorted(p.name for p in where.iterdir() if p.name.startswith(TEMP_PREFIX) or p.suffix == ".tmp")


def test_a_zero_byte_history_is_damaged_as_a_garbage_one_and_left_as_it_is(
    folder: Path, tmp_path: Path
) -> None:
    # A damaged history as the tool has always reported it: the same handling is expected.
    garbage = tmp_path / "hong" / "lich_su_tong_hop.sqlite"
    garbage.parent.mkdir()
    garbage.write_bytes(b"\x00garbage" * 200)
    garbage_code, _, garbage_summary = _consolidate(folder, garbage.parent / "tong_hop.xlsx", garbage)

    history = tmp_path / "rong" / "lich_su_tong_hop.sqlite"
    history.parent.mkdir()
    history.write_bytes(b"")  # a copy to a USB stick that failed
    code, said, summary = _consolidate(folder, history.parent / "tong_hop.xlsx", history)
    assert code == garbage_code, said
    assert history.read_bytes() == b""  # not used, not overwritten
    assert "Chưa có tệp lịch sử" not in said and "đã tạo tệp mới" not in said
    assert f"Lịch sử tổng hợp ({history}): " in said and EMPTY_SAID in said
    corrupt = [i for i in summary["issues"] if i["code"].startswith("history.")]
    expected = [
        (i["code"], i["severity"]) for i in garbage_summary["issues"] if i["code"].startswith("history.")
    ]
    assert [(i["code"], i["severity"]) for i in corrupt] == expected == [("history.corrupt", "warning")]
    assert f"“{history}”" in corrupt[0]["message"] and EMPTY_SAID in corrupt[0]["message"]
    assert "sao lưu" in corrupt[0]["message"] and "đổi tên" in corrupt[0]["message"]
    assert summary["previous"] is None
    assert _temps(history.parent) == []


def test_history_commands_on_a_zero_byte_history_fail_as_on_a_damaged_one(tmp_path: Path) -> None:
    garbage = tmp_path / "g.sqlite"
    garbage.write_bytes(b"\x00garbage" * 200)
    history = tmp_path / "h.sqlite"
    history.write_bytes(b"")
    summary = tmp_path / "s.json"
    from toolkit.history.records import summary_from_record

    summary.write_text(json.dumps(summary_from_record(record())), encoding="utf-8")
    commands = (
        ("history", "import", summary),
        ("history", "list"),
        ("history", "show", "1"),
        ("history", "export", "1", "--json", tmp_path / "x.json"),
        ("history", "remove", "1", "--yes"),
    )
    for args in commands:
        on_garbage = run_cli(*args, "--history", garbage)
        done = run_cli(*args, "--history", history)
        assert done.exit_code == on_garbage.exit_code == 2, (args, done.output)
        assert done.output.startswith(f"Lỗi: Tệp lịch sử “{history}” {EMPTY_SAID}"), (args, done.output)
        assert history.read_bytes() == b"", args
    assert not (tmp_path / "x.json").exists()
    assert _temps(tmp_path) == []
    with pytest.raises(HistoryCorrupt):
        HistoryStore(history).begin(record())
    with pytest.raises(HistoryCorrupt):
        HistoryStore(history).remove(1)
    assert history.read_bytes() == b""


def test_the_doctor_says_a_zero_byte_history_is_damaged(tmp_path: Path) -> None:
    from toolkit.excel import doctor

    history = tmp_path / "lich_su_tong_hop.sqlite"
    history.write_bytes(b"")
    finding = doctor.check_history(history)
    assert finding.status == "error" and EMPTY_SAID in finding.message, finding
    assert history.read_bytes() == b""


def test_a_missing_history_is_created_with_no_temporary_file_left(folder: Path, tmp_path: Path) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    code, said, _ = _consolidate(folder, tmp_path / "tong_hop.xlsx", history)
    assert code in (0, 1), said
    assert f"Chưa có tệp lịch sử “{history}”: đã tạo tệp mới" in said
    assert [r.id for r in HistoryStore(history).records()] == [1]
    assert _temps(tmp_path) == []
    assert not history.with_name(history.name + "-journal").exists()


def test_a_new_history_appears_only_complete(tmp_path: Path) -> None:
    """While the first record of a new history is pending, nothing is at the history's path (a
    reader finds no history, never a file of 0 bytes); committed, the file holds it."""
    history = tmp_path / "h.sqlite"
    pending = HistoryStore(history).begin(record())
    assert not history.exists()
    assert HistoryStore(history).records() == []
    assert pending.commit() == 1 and pending.created
    assert [r.run_id for r in HistoryStore(history).records()] == ["r1"]
    assert _temps(tmp_path) == []


def test_a_new_history_rolled_back_leaves_nothing(tmp_path: Path) -> None:
    history = tmp_path / "h.sqlite"
    HistoryStore(history).begin(record()).rollback()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("first", [0, 1])
def test_two_runs_creating_the_history_at_one_moment_both_land(tmp_path: Path, first: int) -> None:
    """Two writers each begin the first record of a history that is not there yet (the race of
    two processes recording at one moment, interleaved deterministically): the first to commit
    publishes the file, the other adds its record into it. Neither fails, no temporary stays."""
    history = tmp_path / "h.sqlite"
    pendings = [
        HistoryStore(history, timeout=0.2).begin(record(dt.date(2025, 3, 31), run_id=f"r{i}"))
        for i in range(2)
    ]
    winner, loser = pendings[first], pendings[1 - first]
    assert winner.commit() == 1 and winner.created
    assert loser.commit() == 2 and not loser.created
    records = HistoryStore(history).records()
    assert sorted(r.run_id for r in records) == ["r0", "r1"]
    assert sum(r.is_current for r in records) == 1
    assert _temps(tmp_path) == []


def test_a_history_made_by_another_process_meanwhile_is_used_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process publishes the history between this one's temporary file and its link:
    this one's record goes into that file, which is never clobbered."""
    import toolkit.history.store as store_module

    history = tmp_path / "h.sqlite"
    (tmp_path / "other").mkdir()
    other = filled_history(tmp_path / "other" / "h.sqlite", record(dt.date(2024, 3, 31), run_id="other"))
    real = store_module.publish_new

    def other_process_first(temp: Path, path: Path) -> bool:
        os.replace(other, path)  # the other process's history, published a moment earlier
        return real(temp, path)

    monkeypatch.setattr(store_module, "publish_new", other_process_first)
    pending = HistoryStore(history).begin(record(run_id="mine"))
    assert pending.commit() == 2 and not pending.created
    assert [r.run_id for r in HistoryStore(history).records()] == ["other", "mine"]
    assert _temps(tmp_path) == []


@pytest.mark.parametrize("refusal", [PermissionError(errno.EPERM, "vfat"), OSError(errno.EOPNOTSUPP, "no")])
def test_where_hard_links_are_refused_the_history_is_still_created_and_never_clobbered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refusal: OSError
) -> None:
    """A FAT32 USB stick or a share without hard links: the complete file is renamed in place
    instead, only where nothing is there yet."""

    def no_link(src: object, dst: object) -> None:
        raise refusal

    monkeypatch.setattr(os, "link", no_link)
    history = tmp_path / "h.sqlite"
    assert HistoryStore(history).add(record(run_id="a")) == 1
    # Another writer began before the file was there, and commits after it is.
    late = HistoryStore(tmp_path / "h2.sqlite").begin(record(run_id="b"))
    filled_history(tmp_path / "h2.sqlite", record(dt.date(2024, 3, 31), run_id="c"))
    before = digest(tmp_path / "h2.sqlite")
    assert late.commit() == 2 and not late.created
    assert [r.run_id for r in HistoryStore(tmp_path / "h2.sqlite").records()] == ["c", "b"]
    assert digest(tmp_path / "h2.sqlite") != before
    assert [r.run_id for r in HistoryStore(history).records()] == ["a"]
    assert _temps(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links are a POSIX test here")
def test_a_history_path_linking_to_nothing_is_refused_clearly(folder: Path, tmp_path: Path) -> None:
    """hunt108 #3: a history path that is a link to a drive not plugged in. `history import`
    made a new history in a temporary file, could not publish it (the link is there), added the
    record again, and so on until Python's recursion limit ("Lỗi không mong đợi"). Every command
    says the link leads nowhere, and nothing is made there or beside it."""
    history = tmp_path / "h.sqlite"
    history.symlink_to(tmp_path / "o_usb_chua_cam" / "h.sqlite")
    summary = tmp_path / "s.json"
    from toolkit.history.records import summary_from_record

    summary.write_text(json.dumps(summary_from_record(record())), encoding="utf-8")
    for args in (("history", "import", summary), ("history", "list"), ("history", "show", "1")):
        done = run_cli(*args, "--history", history)
        assert done.exit_code == 2, (args, done.output)
        assert "Lỗi không mong đợi" not in done.output, (args, done.output)
        assert f"“{history}” là lối tắt (liên kết) tới" in " ".join(done.output.split()), (args, done.output)
    code, output, _ = _consolidate(folder, tmp_path / "tong_hop.xlsx", history)
    assert "Lỗi không mong đợi" not in output
    # consolidate refuses it before reading anything, as any path that is no regular file.
    assert code == 2 and "liên kết hỏng" in " ".join(output.split()), output
    assert history.is_symlink() and not history.exists()
    assert _temps(tmp_path) == []


def test_the_zero_byte_warning_gives_its_advice_once(folder: Path, tmp_path: Path) -> None:
    """hunt108 #5: the consolidation's warning said "Hãy chép bản sao lưu…" twice (the file's
    message, then the rule's own advice)."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    history.write_bytes(b"")
    _, _, summary = _consolidate(folder, tmp_path / "tong_hop.xlsx", history)
    said = [i["message"] for i in summary["issues"] if i["code"] == "history.corrupt"]
    assert len(said) == 1, summary["issues"]
    assert said[0].count("Hãy chép bản sao lưu") == 1, said[0]
    assert EMPTY_SAID in said[0] and "đổi tên hoặc xóa tệp rỗng này" in said[0], said[0]
