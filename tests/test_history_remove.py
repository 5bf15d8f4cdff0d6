"""`ward-stats history remove ID`: a consolidation recorded by mistake (a wrong cut-off, a wrong
folder) taken out of the history, so that it is used for no `Cùng kỳ năm trước`, trend or
opening check. Nothing is removed without `--yes`; when the removed record was its cut-off's
current one, the remaining record of that cut-off that ran last becomes current; a history the
tool cannot trust (locked, damaged, newer, another program's) is left byte for byte as it was.
Real SQLite files throughout."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from tests.helpers_history import (
    digest,
    filled_history,
    foreign_database,
    locked,
    make_newer,
    record,
    run_cli,
)
from tests.schema_check import assert_valid_summary
from toolkit.core import vnformat
from toolkit.core.errors import HistoryError
from toolkit.history.records import summary_from_record
from toolkit.history.removal import REMOVED_FOLDER, remove_keeping_copy
from toolkit.history.store import HistoryStore

MARCH = dt.date(2026, 3, 31)
TYPO = dt.date(2026, 3, 30)  # the cut-off mistyped in a run


def _ran(rec, at: str):  # type: ignore[no-untyped-def]
    return dataclasses.replace(rec, ran_at=at)


def _rows(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        tables = ("consolidation", "organisation", "source_file")
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        conn.close()


def test_without_yes_nothing_is_removed(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(MARCH), record(TYPO, run_id="typo"))
    before = digest(path)
    result = run_cli("history", "remove", "2", "--history", path)
    assert result.exit_code == 2
    assert "Sẽ xóa khỏi lịch sử" in result.output and "lần số 2  chốt 30/03/2026" in result.output
    assert "Chưa xóa gì. Để xóa, hãy chạy lại lệnh với --yes" in result.output
    assert "lich_su_da_xoa" in result.output  # where the copy will be kept
    assert digest(path) == before
    assert not (tmp_path / REMOVED_FOLDER).exists()


def test_a_mistyped_cut_off_is_removed_with_its_organisations_and_files(tmp_path: Path) -> None:
    path = filled_history(
        tmp_path / "h.sqlite", record(MARCH, orgs={"A01": 60, "A02": 40}), record(TYPO, run_id="typo")
    )
    assert _rows(path) == {"consolidation": 2, "organisation": 3, "source_file": 3}
    result = run_cli("history", "remove", "2", "--yes", "--history", path)
    assert result.exit_code == 0, result.output
    assert "Đã xóa lần tổng hợp số 2 (số liệu đến ngày 30/03/2026)" in result.output
    assert "nay là số liệu được dùng" not in result.output  # no other record of that cut-off
    store = HistoryStore(path)
    assert [r.id for r in store.records()] == [1]
    assert store.records(current_only=True)[0].cutoff_date == MARCH
    assert _rows(path) == {"consolidation": 1, "organisation": 2, "source_file": 2}
    assert store.get(2) is None
    # It is gone: removing it again says so, as for any unknown number.
    again = run_cli("history", "remove", "2", "--yes", "--history", path)
    assert again.exit_code == 2 and "không có lần tổng hợp số 2" in again.output


def test_the_run_that_ran_last_of_the_same_cut_off_becomes_current(tmp_path: Path) -> None:
    """Three runs of one cut-off: the current one (ran last) was made from the wrong folder.
    Removing it makes current the one that ran last of the two left, even though an older
    summary was imported after it."""
    first = _ran(record(MARCH, run_id="a", total=100), "2026-04-02T09:00:00")
    wrong = _ran(record(MARCH, run_id="b", total=40), "2026-04-03T09:00:00")
    imported_older = dataclasses.replace(
        _ran(record(MARCH, run_id="c", total=90), "2026-04-01T09:00:00"), origin="import"
    )
    path = filled_history(tmp_path / "h.sqlite", first, wrong, imported_older)
    store = HistoryStore(path)
    assert [(r.id, r.is_current) for r in store.records()] == [(1, False), (2, True), (3, False)]
    result = run_cli("history", "remove", "2", "--yes", "--history", path)
    assert result.exit_code == 0, result.output
    assert "Lần tổng hợp số 1 cùng ngày chốt nay là số liệu được dùng" in result.output
    assert [(r.id, r.is_current, r.members_total) for r in store.records()] == [
        (1, True, 100),
        (3, False, 90),
    ]


def test_removing_a_record_that_is_not_current_changes_nothing_else(tmp_path: Path) -> None:
    path = filled_history(
        tmp_path / "h.sqlite",
        _ran(record(MARCH, run_id="a"), "2026-04-02T09:00:00"),
        _ran(record(MARCH, run_id="b", total=120), "2026-04-03T09:00:00"),
    )
    assert HistoryStore(path).remove(1) is None
    assert [(r.id, r.is_current, r.members_total) for r in HistoryStore(path).records()] == [(2, True, 120)]


def test_an_unknown_number_or_no_history_changes_nothing(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(MARCH))
    before = digest(path)
    result = run_cli("history", "remove", "7", "--yes", "--history", path)
    assert result.exit_code == 2 and "không có lần tổng hợp số 7" in result.output
    assert digest(path) == before
    with pytest.raises(KeyError):
        HistoryStore(path).remove(7)
    assert digest(path) == before
    missing = run_cli("history", "remove", "1", "--yes", "--history", tmp_path / "none.sqlite")
    assert missing.exit_code == 2 and not (tmp_path / "none.sqlite").exists()


@pytest.mark.parametrize("state", ["locked", "newer", "foreign"])
def test_a_history_it_cannot_trust_is_left_as_it_was(tmp_path: Path, state: str) -> None:
    path = tmp_path / "h.sqlite"
    if state == "foreign":
        foreign_database(path)
    else:
        filled_history(path, record(MARCH), record(TYPO, run_id="typo"))
    if state == "newer":
        make_newer(path, 99)
    before = digest(path)
    if state == "locked":
        with locked(path):
            result = run_cli("history", "remove", "2", "--yes", "--history", path)
            store = HistoryStore(path, timeout=0.2)
            with pytest.raises(Exception) as caught:
                store.remove(2)
            assert type(caught.value).__name__ == "HistoryLocked"
    else:
        result = run_cli("history", "remove", "2", "--yes", "--history", path)
    assert result.exit_code == 2, result.output
    assert {"locked": "đang bị chương trình khác khóa", "newer": "phiên bản ward-stats mới hơn",
            "foreign": "chương trình khác"}[state] in result.output  # fmt: skip
    assert "Đã xóa" not in result.output
    assert digest(path) == before
    assert not (tmp_path / REMOVED_FOLDER).exists()  # no copy of a record still there


# --- the copy kept before a removal ----------------------------------------------------------


def test_a_copy_is_kept_first_and_imports_back_as_the_record_it_was(tmp_path: Path) -> None:
    """The copy is the record's JSON summary: a record removed by a wrong keystroke is added
    back with `history import`, with its figures, organisations and cut-off, and is current
    again."""
    path = filled_history(
        tmp_path / "h.sqlite", record(MARCH), record(TYPO, run_id="typo", orgs={"A01": 60, "A02": 40})
    )
    removed = HistoryStore(path).get(2)
    assert removed is not None
    result = run_cli("history", "remove", "2", "--yes", "--history", path)
    assert result.exit_code == 0, result.output
    copy = tmp_path / REMOVED_FOLDER / "lan_2_chot_2026-03-30.json"
    assert copy.is_file() and f"“{copy}”" in result.output
    assert "history import" in result.output
    assert HistoryStore(path).get(2) is None
    back = run_cli("history", "import", copy, "--history", path)
    assert back.exit_code == 0, back.output
    (listed,) = [r for r in HistoryStore(path).records() if r.cutoff_date == TYPO]
    again = HistoryStore(path).get(listed.id or 0)
    assert again is not None and again.is_current and again.run_id == removed.run_id
    assert summary_from_record(again) == summary_from_record(removed)
    assert [(o.org_code, o.indicators) for o in again.organisations] == [
        (o.org_code, o.indicators) for o in removed.organisations
    ]


def test_the_record_added_back_has_its_files_tool_version_and_origin(tmp_path: Path) -> None:
    """A record holds each input file's name, organisation and SHA-256, the tool version and
    how it came in: its copy carries them (a valid summary), and the import of the copy gives
    them back, so the removal promised undone is undone whole."""
    path = filled_history(tmp_path / "h.sqlite", record(MARCH, orgs={"A01": 60, "A02": 40}))
    removed = HistoryStore(path).get(1)
    assert removed is not None and len(removed.sources) == 2 and removed.origin == "consolidate"
    assert run_cli("history", "remove", "1", "--yes", "--history", path).exit_code == 0
    copy = tmp_path / REMOVED_FOLDER / "lan_1_chot_2026-03-31.json"
    doc = json.loads(copy.read_text(encoding="utf-8"))
    assert_valid_summary(doc)
    assert doc["origin"] == "consolidate" and doc["tool_version"] == "0.test"
    assert [f["sha256"] for f in doc["sources"]] == ["ab" * 32] * 2
    back = run_cli("history", "import", copy, "--history", path)
    assert back.exit_code == 0, back.output
    (listed,) = HistoryStore(path).records()
    again = HistoryStore(path).get(listed.id or 0)
    assert again is not None
    assert again.sources == removed.sources
    assert (again.tool_version, again.origin) == ("0.test", "consolidate")
    shown = run_cli("history", "show", str(again.id), "--history", path)
    assert "tệp đã đọc: 2." in shown.output and "ward-stats 0.test" in shown.output
    assert "), tổng hợp." in shown.output


def test_an_export_imported_elsewhere_keeps_its_files_and_is_an_import_there(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(MARCH, orgs={"A01": 60, "A02": 40}))
    out = tmp_path / "xuat.json"
    assert run_cli("history", "export", "1", "--json", out, "--history", path).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert_valid_summary(doc)
    assert "origin" not in doc
    other = tmp_path / "khac.sqlite"
    assert run_cli("history", "import", out, "--history", other).exit_code == 0
    copied = HistoryStore(other).get(1)
    original = HistoryStore(path).get(1)
    assert copied is not None and original is not None
    assert copied.sources == original.sources and copied.tool_version == "0.test"
    assert copied.origin == "import"


def test_a_second_copy_of_the_same_number_does_not_replace_the_first(tmp_path: Path) -> None:
    """A history made again numbers its records from 1: record 1 of the new one is another
    consolidation than record 1 of the old one, whose copy stays."""
    path = filled_history(tmp_path / "h.sqlite", record(TYPO, run_id="old"))
    assert run_cli("history", "remove", "1", "--yes", "--history", path).exit_code == 0
    first = (tmp_path / REMOVED_FOLDER / "lan_1_chot_2026-03-30.json").read_bytes()
    path.unlink()
    filled_history(path, record(TYPO, run_id="new"))
    assert run_cli("history", "remove", "1", "--yes", "--history", path).exit_code == 0
    folder = tmp_path / REMOVED_FOLDER
    assert sorted(p.name for p in folder.iterdir()) == [
        "lan_1_chot_2026-03-30.json",
        "lan_1_chot_2026-03-30_2.json",
    ]
    assert (folder / "lan_1_chot_2026-03-30.json").read_bytes() == first
    assert '"run_id": "new"' in (folder / "lan_1_chot_2026-03-30_2.json").read_text(encoding="utf-8")


def test_when_the_copy_cannot_be_written_nothing_is_removed(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(MARCH), record(TYPO, run_id="typo"))
    (tmp_path / REMOVED_FOLDER).write_text("một tệp trùng tên thư mục", encoding="utf-8")
    before = digest(path)
    result = run_cli("history", "remove", "2", "--yes", "--history", path)
    assert result.exit_code == 2, result.output
    assert "Không ghi được bản lưu của lần tổng hợp số 2" in result.output
    assert "chưa xóa gì khỏi lịch sử" in result.output
    assert digest(path) == before


def test_a_removal_that_fails_after_the_copy_takes_the_copy_back(tmp_path: Path) -> None:
    """The history fails after the copy was written (here: it refuses the deletion): the copy
    is deleted again, so that a copy in the folder always means a removed record, and so is
    the folder of copies this removal made: nothing is left when nothing was removed."""

    class Failing(HistoryStore):
        def remove(self, record_id, *, before_delete=None):  # type: ignore[no-untyped-def]
            def copy_then_fail() -> None:
                assert before_delete is not None
                before_delete()
                assert list((tmp_path / REMOVED_FOLDER).iterdir())  # the copy was there
                raise sqlite3.OperationalError("disk I/O error")

            return super().remove(record_id, before_delete=copy_then_fail)

    path = filled_history(tmp_path / "h.sqlite", record(MARCH), record(TYPO, run_id="typo"))
    before = digest(path)
    store = Failing(path)
    rec = store.get(2)
    assert rec is not None
    # The injected disk error itself, said as the history's (not another failure on the way).
    with pytest.raises(HistoryError, match="lỗi đọc/ghi của thiết bị lưu trữ"):
        remove_keeping_copy(store, rec)
    assert not (tmp_path / REMOVED_FOLDER).exists()
    assert digest(path) == before


def test_a_failed_removal_keeps_a_folder_of_copies_that_was_there(tmp_path: Path) -> None:
    """Only the folder this removal made is taken away again: earlier copies stay."""
    path = filled_history(tmp_path / "h.sqlite", record(MARCH), record(TYPO, run_id="typo"))
    assert run_cli("history", "remove", "2", "--yes", "--history", path).exit_code == 0
    kept = sorted((tmp_path / REMOVED_FOLDER).iterdir())

    class Failing(HistoryStore):
        def remove(self, record_id, *, before_delete=None):  # type: ignore[no-untyped-def]
            def copy_then_fail() -> None:
                assert before_delete is not None
                before_delete()
                raise sqlite3.OperationalError("disk I/O error")

            return super().remove(record_id, before_delete=copy_then_fail)

    store = Failing(path)
    rec = store.get(1)
    assert rec is not None
    # The injected disk error itself, said as the history's (not another failure on the way).
    with pytest.raises(HistoryError, match="lỗi đọc/ghi của thiết bị lưu trữ"):
        remove_keeping_copy(store, rec)
    assert sorted((tmp_path / REMOVED_FOLDER).iterdir()) == kept


# --- `history list --ask`: the office's way (Lich su.cmd) -----------------------------------


def test_list_ask_removes_the_number_typed_once_confirmed(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(MARCH), record(TYPO, run_id="typo"))
    result = run_cli("history", "list", "--ask", "--history", path, input="2\nc\n")
    assert result.exit_code == 0, result.output
    assert "Lần số 1  chốt 31/03/2026" in result.output and "Lần số 2  chốt 30/03/2026" in result.output
    assert "Sẽ xóa: lần số 2  chốt 30/03/2026" in result.output
    assert "Đã xóa lần tổng hợp số 2" in result.output
    assert [r.id for r in HistoryStore(path).records()] == [1]
    assert (tmp_path / REMOVED_FOLDER / "lan_2_chot_2026-03-30.json").is_file()


@pytest.mark.parametrize(
    "typed",
    [
        "\n",  # Enter alone: nothing chosen
        "2\n\n",  # chosen, then Enter alone: not confirmed
        "2\nk\n",  # chosen, then not "C"
        "",  # no console input at all
        "2\n",  # chosen, then the input ends
    ],
)
def test_list_ask_removes_nothing_unless_confirmed(tmp_path: Path, typed: str) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(MARCH), record(TYPO, run_id="typo"))
    before = digest(path)
    result = run_cli("history", "list", "--ask", "--history", path, input=typed)
    assert result.exit_code == 0, result.output
    assert "Không xóa gì." in result.output and "Đã xóa" not in result.output
    assert digest(path) == before
    assert not (tmp_path / REMOVED_FOLDER).exists()


def test_list_ask_refuses_a_number_not_listed(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(MARCH))
    before = digest(path)
    result = run_cli("history", "list", "--ask", "--history", path, input="7\nc\n")
    assert result.exit_code == 2
    assert "Không có lần tổng hợp số “7” trong danh sách trên. Không xóa gì." in result.output
    assert digest(path) == before


def test_list_without_ask_asks_nothing(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(MARCH), record(TYPO, run_id="typo"))
    before = digest(path)
    result = run_cli("history", "list", "--history", path, input="2\nc\n")
    assert result.exit_code == 0 and "Gõ số" not in result.output
    assert digest(path) == before


def test_the_list_says_when_each_record_was_made_in_the_office_s_format(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", _ran(record(MARCH), "2026-04-02T09:05:00"))
    recorded = HistoryStore(path).records()[0].recorded_at
    assert recorded is not None and "T" in recorded  # stored as ISO text
    listed = run_cli("history", "list", "--history", path)
    assert f"ghi lúc {vnformat.date_time(recorded)}" in listed.output
    assert recorded not in listed.output
    shown = run_cli("history", "show", "1", "--history", path)
    assert "Chạy lúc: 02/04/2026 09:05; ghi vào lịch sử lúc: " in shown.output
    assert recorded not in shown.output


def test_list_ask_keeps_a_whole_copy_that_imports_back_whole(tmp_path: Path) -> None:
    """`history list --ask` (Lich su.cmd) chose among the records of the list, read without
    their organisations and files, and kept that as the copy: imported back after a mistaken
    removal, the record had 0 organisations, and next year's opening check of each organisation
    was lost. The copy holds what `history remove --yes`'s does, and comes back whole."""
    path = filled_history(tmp_path / "h.sqlite", record(MARCH, orgs={"A01": 60, "A02": 40}))
    rows = _rows(path)
    result = run_cli("history", "list", "--ask", "--history", path, input="1\nc\n")
    assert result.exit_code == 0, result.output
    (copy,) = (tmp_path / REMOVED_FOLDER).iterdir()
    kept = json.loads(copy.read_text("utf-8"))
    assert sorted(o["org_code"] for o in kept["organisations"]) == ["A01", "A02"]
    assert len(kept["sources"]) == 2
    back = run_cli("history", "import", str(copy), "--history", path)
    assert back.exit_code == 0, back.output
    assert _rows(path) == rows
    (restored,) = HistoryStore(path).records()
    full = HistoryStore(path).get(restored.id or 0)
    assert full is not None and {o.org_code for o in full.organisations} == {"A01", "A02"}


def test_list_ask_adds_back_a_record_removed_by_mistake_from_its_copy(tmp_path: Path) -> None:
    """Lich su.cmd (`history list --ask`) restores too, so a wrong keystroke at the office needs
    no Command Prompt: `K` lists the copies in lich_su_da_xoa not in the history again, and the
    one chosen is imported as `history import` of it does, back under its old number."""
    path = filled_history(tmp_path / "h.sqlite", record(MARCH), record(TYPO, run_id="typo"))
    assert run_cli("history", "list", "--ask", "--history", path, input="1\nc\n").exit_code == 0
    assert [r.id for r in HistoryStore(path).records()] == [2]
    before = digest(path)
    # A number not listed adds nothing.
    refused = run_cli("history", "list", "--ask", "--history", path, input="K\n5\n")
    assert refused.exit_code == 2, refused.output
    assert "Không có bản lưu thứ “5” trong danh sách trên. Không thêm gì." in refused.output
    assert digest(path) == before
    result = run_cli("history", "list", "--ask", "--history", path, input="k\n1\n")
    assert result.exit_code == 0, result.output
    assert "có 1 bản lưu của lần đã xóa chưa được thêm lại: gõ K rồi Enter" in result.output
    assert "1. lan_1_chot_2026-03-31.json: chốt 31/03/2026" in result.output
    assert "lần tổng hợp số 1, số liệu đến ngày 31/03/2026 (bản lưu của lần đã xóa, trở lại đúng số" in (
        result.output
    )
    assert sorted(r.id for r in HistoryStore(path).records()) == [1, 2]
    # Back in the history, the copy is no longer offered.
    again = run_cli("history", "list", "--ask", "--history", path, input="\n")
    assert "bản lưu của lần đã xóa chưa được thêm lại" not in again.output


def test_list_ask_offers_the_copies_when_the_only_record_was_removed(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite", record(MARCH))
    assert run_cli("history", "list", "--ask", "--history", path, input="1\nc\n").exit_code == 0
    assert HistoryStore(path).records() == []
    nothing = run_cli("history", "list", "--ask", "--history", path, input="\n")
    assert "Chưa có lần tổng hợp nào" in nothing.output and "Không thêm gì." in nothing.output
    result = run_cli("history", "list", "--ask", "--history", path, input="K\n1\n")
    assert result.exit_code == 0, result.output
    assert [r.id for r in HistoryStore(path).records()] == [1]


def test_list_ask_offers_copies_of_one_cut_off_with_and_without_a_run_time_once_each(tmp_path: Path) -> None:
    """Two removed records of one cut-off, one without a known run time (a hand-kept summary
    imported): listing them crashed ("Lỗi không mong đợi", TypeError) on every start of Lich
    su.cmd. One run kept twice (the folder copied back from a USB stick) is offered once."""
    timed = dataclasses.replace(record(MARCH, run_id="timed"), ran_at="2026-04-02T08:30:00")
    path = filled_history(
        tmp_path / "h.sqlite", record(MARCH, run_id="hand"), timed, record(TYPO, run_id="t")
    )
    for number in ("1", "2"):
        assert run_cli("history", "list", "--ask", "--history", path, input=f"{number}\nc\n").exit_code == 0
    folder = tmp_path / REMOVED_FOLDER
    (kept,) = [p for p in folder.iterdir() if p.name.startswith("lan_2_")]
    (folder / "lan_2_chot_2026-03-31 - Copy.json").write_bytes(kept.read_bytes())
    result = run_cli("history", "list", "--ask", "--history", path, input="K\n2\n")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "có 2 bản lưu của lần đã xóa chưa được thêm lại" in said, said
    assert "1. lan_1_chot_2026-03-31.json: chốt 31/03/2026 Phường Thử 100 đảng viên chạy lúc ?" in said
    assert "2. lan_2_chot_2026-03-31" in said and "chạy lúc 02/04/2026 08:30" in said
    assert "3. " not in said
    assert sorted(r.run_id for r in HistoryStore(path).records()) == ["t", "timed"]


JUNE = dt.date(2026, 6, 30)
LATER = "Lịch sử còn lần tổng hợp của ngày chốt sau"


def _removed(path: Path, number: int) -> str:
    result = run_cli("history", "remove", str(number), "--yes", "--history", path)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_removing_the_record_a_later_run_used_names_that_run_to_make_again(tmp_path: Path) -> None:
    """A later cut-off's run was made with the figures of the record removed (its opening
    check, `Cùng kỳ năm trước`, trend): said with the cut-offs to consolidate again, as a
    consolidation and `history import` name the later runs made without their figures. Not
    said of a later run made with another record, nor of another ward's."""
    path = filled_history(
        tmp_path / "h.sqlite",
        _ran(record(MARCH, run_id="a", total=90), "2026-04-02T09:00:00"),  # #1
        _ran(record(MARCH, run_id="b", total=95), "2026-04-03T09:00:00"),  # #2, a re-run
        _ran(record(JUNE, run_id="c", total=97), "2026-07-02T09:00:00"),  # #3, made with #2
        _ran(record(JUNE, run_id="d", total=50, ward_name="Phường Khác"), "2026-07-02T10:00:00"),
    )
    said = _removed(path, 2)
    assert "Lần tổng hợp số 1 cùng ngày chốt nay là số liệu được dùng" in said, said
    assert (
        f"{LATER} (30/06/2026: lần số 3) được lập với số liệu của lần vừa xóa: số đầu kỳ, “Cùng kỳ năm "
        "trước” và xu hướng trong kết quả của lần đó vẫn tính theo số liệu đã xóa. Nếu cần, hãy tổng "
        "hợp lại ngày chốt 30/06/2026."
    ) in said, said
    # #1, no longer current when June ran, was not what June used.
    again = filled_history(
        tmp_path / "h2.sqlite",
        _ran(record(MARCH, run_id="a", total=90), "2026-04-02T09:00:00"),
        _ran(record(MARCH, run_id="b", total=95), "2026-04-03T09:00:00"),
        _ran(record(JUNE, run_id="c", total=97), "2026-07-02T09:00:00"),
    )
    assert LATER not in _removed(again, 1)


def test_two_later_runs_named_are_said_as_several(tmp_path: Path) -> None:
    """The later-runs notes of a removal and of an import naming two runs say “của các lần đó”,
    not “của lần đó” (hunt321 #2)."""
    path = filled_history(
        tmp_path / "h.sqlite",
        _ran(record(MARCH, run_id="a", total=90), "2026-04-02T09:00:00"),  # #1
        _ran(record(JUNE, run_id="c", total=97), "2026-07-02T09:00:00"),  # #2
        _ran(record(dt.date(2026, 9, 30), run_id="d", total=99), "2026-10-02T09:00:00"),  # #3
    )
    said = _removed(path, 1)
    assert (
        f"{LATER} (30/06/2026: lần số 2, 30/09/2026: lần số 3) được lập với số liệu của lần vừa xóa: "
        "số đầu kỳ, “Cùng kỳ năm trước” và xu hướng trong kết quả của các lần đó vẫn tính theo số "
        "liệu đã xóa. Nếu cần, hãy tổng hợp lại ngày chốt 30/06/2026, 30/09/2026."
    ) in said, said
    # March consolidated again with other figures, imported: both later runs lack them.
    other = tmp_path / "thang3.json"
    summary = summary_from_record(dataclasses.replace(record(MARCH, run_id="e", total=91), id=None))
    other.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    added = run_cli("history", "import", str(other), "--history", path)
    assert added.exit_code == 0, added.output
    assert (
        "Lịch sử đã có lần tổng hợp của ngày chốt sau (30/06/2026: lần số 2, 30/09/2026: lần số 3), "
        "lập trước lần vừa thêm: số đầu kỳ, “Cùng kỳ năm trước” và xu hướng trong kết quả của các lần "
        "đó chưa tính số liệu vừa thêm."
    ) in " ".join(added.output.split()), added.output


def test_removing_the_only_record_of_a_cut_off_names_the_later_runs_and_same_figures_do_not(
    tmp_path: Path,
) -> None:
    """With no record of the cut-off left, the later run's figures are still the removed ones;
    with one left of the same figures (the same files run twice), nothing it used changes."""
    path = filled_history(
        tmp_path / "h.sqlite",
        _ran(record(MARCH, run_id="a", total=90), "2026-04-02T09:00:00"),
        _ran(record(JUNE, run_id="c", total=97), "2026-07-02T09:00:00"),
    )
    assert f"{LATER} (30/06/2026: lần số 2)" in _removed(path, 1)
    same = filled_history(
        tmp_path / "h2.sqlite",
        _ran(record(MARCH, run_id="a", total=90), "2026-04-02T09:00:00"),
        _ran(record(MARCH, run_id="b", total=90), "2026-04-03T09:00:00"),
        _ran(record(JUNE, run_id="c", total=97), "2026-07-02T09:00:00"),
    )
    said = _removed(same, 2)
    assert "Lần tổng hợp số 1 cùng ngày chốt nay" in said and LATER not in said, said


def _three_runs(path: Path) -> Path:
    """March run twice (#2, a re-run, is current) and a June run made with #2's figures (#3)."""
    return filled_history(
        path,
        _ran(record(MARCH, run_id="a", total=90), "2026-04-02T09:00:00"),  # #1
        _ran(record(MARCH, run_id="b", total=95), "2026-04-03T09:00:00"),  # #2
        _ran(record(JUNE, run_id="c", total=97), "2026-07-02T09:00:00"),  # #3, made with #2
    )


def test_the_dry_run_says_what_the_removal_will_change_before_it_is_confirmed(tmp_path: Path) -> None:
    """`history remove N` without --yes said only the record's line: which record takes its
    place and which later runs hold its figures were said only once removed (hunt346). Now said
    before, of the same records as the removal then names; nothing is removed."""
    path = _three_runs(tmp_path / "h.sqlite")
    before = digest(path)
    result = run_cli("history", "remove", "2", "--history", path)
    assert result.exit_code == 2, result.output
    dry = " ".join(result.output.split())
    assert digest(path) == before
    assert (
        "Xóa lần này thì lần tổng hợp số 1 cùng ngày chốt sẽ là số liệu được dùng cho “Cùng kỳ năm trước”, "
        "xu hướng và kiểm tra số đầu kỳ của Phường Thử."
    ) in dry, dry
    assert (
        f"{LATER} (30/06/2026: lần số 3) được lập với số liệu của lần sẽ xóa: số đầu kỳ, “Cùng kỳ năm "
        "trước” và xu hướng trong kết quả của lần đó sẽ vẫn tính theo số liệu đã xóa. Sau khi xóa, nếu "
        "cần, hãy tổng hợp lại ngày chốt 30/06/2026."
    ) in dry, dry
    assert dry.index("Xóa lần này") < dry.index("Chưa xóa gì")
    done = _removed(path, 2)
    assert "Lần tổng hợp số 1 cùng ngày chốt nay là số liệu được dùng" in done, done
    assert f"{LATER} (30/06/2026: lần số 3) được lập với số liệu của lần vừa xóa" in done, done
    # A record whose removal changes nothing else: the dry run says nothing more either.
    other = _three_runs(tmp_path / "h2.sqlite")
    quiet = run_cli("history", "remove", "1", "--history", other)
    assert "Xóa lần này thì lần" not in quiet.output and LATER not in quiet.output, quiet.output
    assert LATER not in _removed(other, 1)


def test_the_removal_preview_names_the_successor_the_removal_makes_current(tmp_path: Path) -> None:
    """`removal_preview` (what the dry run says) and `HistoryStore.remove` choose the record put
    in place of the one removed alike, an older import that ran earlier not taken."""
    from toolkit.history.store import removal_preview

    first = _ran(record(MARCH, run_id="a", total=100), "2026-04-02T09:00:00")
    wrong = _ran(record(MARCH, run_id="b", total=40), "2026-04-03T09:00:00")
    imported_older = dataclasses.replace(
        _ran(record(MARCH, run_id="c", total=90), "2026-04-01T09:00:00"), origin="import"
    )
    path = filled_history(tmp_path / "h.sqlite", first, wrong, imported_older)
    store = HistoryStore(path)
    records = store.records()
    for number in (1, 2, 3):
        left, successor = removal_preview(records, next(r for r in records if r.id == number))
        assert successor == (1 if number == 2 else None), number
        assert [r.id for r in left] == [r.id for r in records if r.id != number]
    left, _ = removal_preview(records, records[1])
    assert store.remove(2) == 1
    assert [(r.id, r.is_current) for r in left] == [(r.id, r.is_current) for r in store.records()]


def test_list_ask_says_what_the_removal_will_change_before_the_confirmation(tmp_path: Path) -> None:
    """`Lich su.cmd` (`history list --ask`): the same sentences as the dry run, before “Gõ C”."""
    path = _three_runs(tmp_path / "h.sqlite")
    before = digest(path)
    result = run_cli("history", "list", "--ask", "--history", path, input="2\n\n")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert digest(path) == before
    assert "Xóa lần này thì lần tổng hợp số 1 cùng ngày chốt sẽ là số liệu được dùng" in said, said
    assert f"{LATER} (30/06/2026: lần số 3) được lập với số liệu của lần sẽ xóa" in said, said
    assert said.index(LATER) < said.index("Gõ C rồi Enter để xóa") < said.index("Không xóa gì.")
