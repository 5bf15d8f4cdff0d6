"""Which record of a cut-off is current when the PCs' clocks disagree: of two records made by
`consolidate`, the one recorded later ran later, whatever the clocks say; an imported
summary's own run time decides against the others (an older summary imported later never
replaces a newer run). Real SQLite files, and `consolidate` on the command line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_history import filled_history, record, run_cli
from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core.commands import history_command
from toolkit.history.records import Record
from toolkit.history.session import used_records
from toolkit.history.store import HistoryStore
from toolkit.sample.rows import Period

MARCH = dt.date(2026, 3, 31)
MARCH_RUN = ("--cutoff", "31/03/2026", "--since", "01/01/2025")  # the folder's cut-off and period
WARD = "Phường Thử"


def _ran(rec: Record, at: str, origin: str = "consolidate") -> Record:
    return dataclasses.replace(rec, ran_at=at, origin=origin)  # type: ignore[arg-type]


def _current(path: Path) -> list[tuple[int, bool, float | int | None]]:
    return [(r.id or 0, r.is_current, r.members_total) for r in HistoryStore(path).records()]


def _stored_current(path: Path) -> dict[int, int]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT id, is_current FROM consolidation").fetchall())


def test_a_corrected_re_run_on_a_pc_whose_clock_is_behind_is_the_one_in_use(tmp_path: Path) -> None:
    wrong = _ran(record(MARCH, run_id="a", total=90), "2026-04-02T10:00:00")
    right = _ran(record(MARCH, run_id="b", total=100), "2026-04-02T09:00:00")  # clock 1 hour behind
    path = filled_history(tmp_path / "h.sqlite", wrong, right)
    assert _current(path) == [(1, False, 90), (2, True, 100)]
    assert _stored_current(path) == {1: 0, 2: 1}
    assert [r.id for r in used_records(HistoryStore(path).records(), WARD)] == [2]
    got = HistoryStore(path).get(2)
    assert got is not None and got.is_current


def test_a_record_of_a_clock_set_in_the_future_is_replaced_by_later_consolidations(tmp_path: Path) -> None:
    future = _ran(record(MARCH, run_id="a", total=90), "2031-01-01T09:00:00")
    path = filled_history(
        tmp_path / "h.sqlite", future, _ran(record(MARCH, run_id="b", total=100), "2026-04-02T09:00:00")
    )
    assert _current(path) == [(1, False, 90), (2, True, 100)]
    HistoryStore(path).add(_ran(record(MARCH, run_id="c", total=101), "2026-04-01T08:00:00"))
    assert _current(path) == [(1, False, 90), (2, False, 100), (3, True, 101)]
    # Removing the record in use makes the one recorded last of those left current.
    assert HistoryStore(path).remove(3) == 2


def test_imported_summaries_are_still_ordered_by_their_run_time(tmp_path: Path) -> None:
    """A re-run made after a record of 10:00 counts as after 10:00 even with its clock at 09:00:
    a summary of 09:30 imported later does not replace it, one of 11:00 does."""
    path = filled_history(
        tmp_path / "h.sqlite",
        _ran(record(MARCH, run_id="a", total=90), "2026-04-02T10:00:00"),
        _ran(record(MARCH, run_id="b", total=100), "2026-04-02T09:00:00"),
        _ran(record(MARCH, run_id="c", total=80), "2026-04-02T09:30:00", "import"),
    )
    assert _current(path) == [(1, False, 90), (2, True, 100), (3, False, 80)]
    HistoryStore(path).add(_ran(record(MARCH, run_id="d", total=110), "2026-04-02T11:00:00", "import"))
    assert [(i, c) for i, c, _ in _current(path)] == [(1, False), (2, False), (3, False), (4, True)]


def test_the_order_does_not_depend_on_the_order_the_records_come_in() -> None:
    from toolkit.history.store import run_order

    runs = [
        (1, "2026-04-02T10:00:00", "consolidate"),
        (2, "2026-04-02T09:45:00+07:00", "import"),
        (3, "2026-04-02T09:00:00", "consolidate"),
        (4, None, "import"),
        (5, "2031-01-01T00:00:00", "consolidate"),
        (6, "2026-04-03T00:00:00", "consolidate"),
    ]
    first = run_order(runs)
    for permutation in itertools.permutations(runs):
        assert run_order(permutation) == first
    ranked = sorted(first, key=first.__getitem__)
    assert ranked[-2:] == [5, 6]  # by id among the records made by `consolidate`
    assert ranked.index(3) > ranked.index(1)


# --- what `consolidate` says ---------------------------------------------------------------------

PERIOD = Period(dt.date(2025, 1, 1), MARCH)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nop = tmp_path_factory.mktemp("clock") / "nop"
    nop.mkdir()
    for org in sample_orgs(21, [7, 9], PERIOD):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    return nop


def _consolidate(folder: Path, out: Path, history: Path) -> str:
    args = ["consolidate", str(folder), *MARCH_RUN, "-o", str(out), "--ward-name", WARD]
    args += ["--history", str(history)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return result.output


def test_consolidate_replaces_a_future_clock_record_and_says_so(folder: Path, tmp_path: Path) -> None:
    history = filled_history(
        tmp_path / "h.sqlite", _ran(record(MARCH, total=5, ward_name=WARD), "2031-01-01T09:00:00")
    )
    output = " ".join(_consolidate(folder, tmp_path / "tong_hop.xlsx", history).split())
    assert "(lần số 2)" in output and "không phải số liệu được dùng" not in output
    assert [(i, c) for i, c, _ in _current(history)] == [(1, False), (2, True)]
    # The record of 5 members (its run counts no organisations) is no longer the one in use.
    assert "ngày chốt 31/03/2026, thay cho lần số 1 (5 đảng viên, chạy lúc 01/01/2031 09:00)." in output


def test_consolidate_says_which_record_of_its_cut_off_it_takes_the_place_of(
    folder: Path, tmp_path: Path
) -> None:
    """A late file consolidated alone at the cut-off of the ward's complete run: its record
    becomes the one in use (the trend, the next opening check, next year's forms), and the run
    says so, with both runs' coverage and members and how to remove the new one."""
    history = tmp_path / "h.sqlite"
    whole = " ".join(_consolidate(folder, tmp_path / "tong_hop.xlsx", history).split())
    assert "thay cho" not in whole  # the first record of its cut-off replaces nothing
    late = tmp_path / "muon"
    late.mkdir()
    first = sorted(folder.glob("*.xlsx"))[0]
    (late / first.name).write_bytes(first.read_bytes())
    output = " ".join(_consolidate(late, tmp_path / "muon.xlsx", history).split())
    stored = HistoryStore(history).records()
    assert [(r.id, r.is_current) for r in stored] == [(1, False), (2, True)]
    assert stored[1].members_total is not None and stored[0].members_total is not None
    one, all_ = int(stored[1].members_total), int(stored[0].members_total)
    assert 0 < one < all_
    assert (
        f"Lịch sử tổng hợp: lần tổng hợp vừa ghi (số 2: 1/1 tổ chức, {one} đảng viên) nay là số liệu "
        "được dùng cho “Cùng kỳ năm trước”, xu hướng và kiểm tra số đầu kỳ của ngày chốt 31/03/2026, "
        f"thay cho lần số 1 (2/2 tổ chức, {all_} đảng viên, chạy lúc "
    ) in output
    assert (
        f"hãy xóa lần vừa ghi: chạy lệnh “{history_command('remove 2 --yes', history)}”; rồi tổng hợp lại "
        "các tệp đúng, vì tệp kết quả và tóm tắt JSON vừa ghi mang số liệu của lần số 2."
    ) in output
    # The removal it advises says that it mends the history only (hunt115 F5).
    removed = run_cli("history", "remove", "2", "--yes", "--history", history)
    text = " ".join(removed.output.split())
    assert (
        "Chỉ lịch sử được sửa: tệp kết quả và tóm tắt JSON mà lần số 2 đã ghi (có thể đã ghi đè lên tệp "
        "của lần đúng) vẫn mang số liệu của nó" in text
    ), text


def _one_file(folder: Path, target: Path) -> Path:
    """A folder holding the first of `folder`'s files: a late file consolidated alone."""
    target.mkdir()
    first = sorted(folder.glob("*.xlsx"))[0]
    (target / first.name).write_bytes(first.read_bytes())
    return target


def test_a_run_without_a_ward_name_says_it_takes_the_place_of_the_wards_record(
    folder: Path, tmp_path: Path
) -> None:
    """A late file tried alone without a ward name (`--ward-name` not given, the forms without a
    heading), after the ward's complete run of that cut-off: a record without a name that ran
    after a ward's is what that ward's runs use (§8a), so the ward's next runs would take the one
    file for the ward. It said only that the forms lack a heading (hunt35 #2); it says, as a
    named re-run does, whose record it takes the place of, and how to remove it."""
    history = tmp_path / "h.sqlite"
    _consolidate(folder, tmp_path / "tong_hop.xlsx", history)
    args = ["consolidate", str(_one_file(folder, tmp_path / "muon")), "--cutoff", "31/03/2026"]
    args += ["--since", "01/01/2025", "-o", str(tmp_path / "thu.xlsx"), "--history", str(history)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    whole, one = HistoryStore(history).records()
    assert one.ward_name is None and whole.ward_name == WARD
    assert [r.id for r in used_records(HistoryStore(history).records(), WARD)] == [2]
    assert (
        f"Lịch sử tổng hợp: lần tổng hợp vừa ghi (số 2, không ghi tên phường: 1/1 tổ chức, "
        f"{int(one.members_total or 0)} đảng viên) nay là số liệu được dùng cho “Cùng kỳ năm trước”, xu "
        "hướng và kiểm tra số đầu kỳ của ngày chốt 31/03/2026 trong các lần tổng hợp sau của "
        f"{WARD}, thay cho lần số 1 (2/2 tổ chức, {int(whole.members_total or 0)} đảng viên, chạy lúc "
    ) in output, output
    assert f"hãy xóa nó: chạy lệnh “{history_command('remove 2 --yes', history)}”." in output
    # A run without a name whose ward's runs already use another run without a name is said as
    # a re-run is (`replaces`), once; a ward's record it does not take the place of is not named.
    again = CliRunner().invoke(
        main, [*args[:-4], "-o", str(tmp_path / "thu2.xlsx"), "--history", str(history)]
    )
    said = " ".join(again.output.split())
    assert "thay cho lần số 2 (1/1 tổ chức" in said and "lần số 1" not in said, said


def test_the_remove_command_a_run_prints_works_typed_in_another_folder(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history is written beside the workbook (`ket_qua/`); the printed "ward-stats history
    remove 2 --yes" opened the current folder's file instead, and said that history has no
    record 2 (hunt35 #3). The command names the history; run as printed from another folder it
    removes the record; and a history file that is not there is said to be not there."""
    import shlex

    out = tmp_path / "ket_qua"
    out.mkdir()
    base = ["consolidate", "--cutoff", "31/03/2026", "--since", "01/01/2025", "--ward-name", WARD]
    assert CliRunner().invoke(main, [*base, str(folder), "-o", str(out / "a.xlsx")]).exit_code == 0
    late = _one_file(folder, tmp_path / "muon")
    result = CliRunner().invoke(main, [*base, str(late), "-o", str(out / "b.xlsx")])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    command = said.split("hãy xóa lần vừa ghi: chạy lệnh “")[1].split("”")[0]
    assert command.endswith(f'--history "{out / "lich_su_tong_hop.sqlite"}"'), command
    elsewhere = tmp_path / "noi_khac"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    missing = CliRunner().invoke(main, ["history", "remove", "2", "--yes"])
    assert missing.exit_code != 0
    assert "Không có tệp lịch sử “lich_su_tong_hop.sqlite”: chưa lần tổng hợp nào được ghi ở đó." in (
        " ".join(missing.output.split())
    )
    assert "không có lần tổng hợp số 2" not in missing.output
    words = shlex.split(command)
    assert words[1:4] == ["history", "remove", "2"]
    done = CliRunner().invoke(main, words[1:])
    assert done.exit_code == 0, done.output
    assert [(r.id, r.is_current) for r in HistoryStore(out / "lich_su_tong_hop.sqlite").records()] == [
        (1, True)
    ]
    assert not (elsewhere / "lich_su_tong_hop.sqlite").exists()


def test_consolidate_says_when_an_imported_later_run_stays_in_use(folder: Path, tmp_path: Path) -> None:
    history = filled_history(
        tmp_path / "h.sqlite", _ran(record(MARCH, total=5, ward_name=WARD), "2031-01-01T09:00:00", "import")
    )
    output = " ".join(_consolidate(folder, tmp_path / "tong_hop.xlsx", history).split())
    assert [(i, c) for i, c, _ in _current(history)] == [(1, True), (2, False)]
    assert (
        "Lịch sử tổng hợp: lần tổng hợp vừa ghi (số 2) không phải số liệu được dùng cho ngày chốt "
        "31/03/2026: lịch sử đã có lần số 1 cùng ngày chốt, nhập từ tệp tóm tắt JSON, chạy lúc "
    ) in output
    assert f"“{history_command('remove 1 --yes', history)}”" in output


def test_a_restored_record_that_was_not_in_use_returns_to_its_place_not_in_use(tmp_path: Path) -> None:
    """A copy from `lich_su_da_xoa` carries its record's number and recording time: imported
    back while the number is free, the record takes them again, and with them its place in the
    order of the runs. A corrected re-run made on a PC whose clock was behind stays the one in
    use (the restored copy counted as recorded last and replaced it)."""
    from tests.helpers_history import run_cli

    older = _ran(record(MARCH, run_id="a", total=90), "2026-04-02T10:00:00")
    newer = _ran(record(MARCH, run_id="b", total=100), "2026-04-02T09:00:00")  # clock behind
    path = filled_history(tmp_path / "h.sqlite", older, newer)
    removed = HistoryStore(path).get(1)
    assert removed is not None and removed.recorded_at
    assert run_cli("history", "remove", "1", "--yes", "--history", path).exit_code == 0
    (copy,) = (tmp_path / "lich_su_da_xoa").iterdir()
    result = run_cli("history", "import", str(copy), "--history", path)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "lần tổng hợp số 1, số liệu đến ngày 31/03/2026 (bản lưu của lần đã xóa, trở lại đúng số" in said
    assert "Lần số 2 cùng ngày chốt chạy sau lần vừa thêm, như trước khi xóa: lần số 2 vẫn là" in said
    assert "nay là số liệu được dùng" not in said
    assert _current(path) == [(1, False, 90), (2, True, 100)]
    back = HistoryStore(path).get(1)
    assert back is not None and back.recorded_at == removed.recorded_at and back.run_id == "a"


def test_a_restored_record_whose_number_was_taken_says_it_is_now_in_use_and_how_to_undo(
    tmp_path: Path,
) -> None:
    """A copy whose number another record holds (the copy of a history made again in the same
    folder, which numbers its records from 1; a history never gives a removed record's number
    to another record: tests/test_history_numbering.py) cannot take its number back, is stored
    as the run recorded last and so is the one in use. `history import` says so, naming the
    record it replaces and the command that undoes it."""
    from tests.helpers_history import run_cli

    older = _ran(record(MARCH, run_id="a", total=90), "2026-04-02T09:00:00")
    newer = _ran(record(MARCH, run_id="b", total=100), "2026-04-02T10:00:00")
    path = filled_history(tmp_path / "h.sqlite", older, newer)
    assert run_cli("history", "remove", "2", "--yes", "--history", path).exit_code == 0
    path.unlink()
    filled_history(path, older)
    assert HistoryStore(path).add(_ran(record(MARCH, run_id="c", total=95), "2026-04-02T11:00:00")) == 2
    (copy,) = (tmp_path / "lich_su_da_xoa").iterdir()
    result = run_cli("history", "import", str(copy), "--history", path)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "bản lưu của lần đã xóa" not in said
    assert "Lần vừa thêm (số 3: 100 đảng viên) nay là số liệu được dùng" in said, said
    assert "thay cho lần số 2 (95 đảng viên, chạy lúc" in said
    assert f"hãy xóa lần vừa thêm: chạy lệnh “{history_command('remove 3 --yes', path)}”" in said
    # Undone as said: the record of 11:00 is in use again.
    assert run_cli("history", "remove", "3", "--yes", "--history", path).exit_code == 0
    assert [(r.id, r.is_current) for r in HistoryStore(path).records()] == [(1, False), (2, True)]


def test_importing_a_stored_run_that_is_no_longer_in_use_says_which_one_is(tmp_path: Path) -> None:
    """The clerk imports the JSON of a run the history holds (#1) to have it back, but a re-run
    of its cut-off (#2) is the one in use: being there is said, and so is which record is used
    and how to remove it, in the words `consolidate` uses. Of the record in use, nothing more."""
    import json

    from tests.helpers_history import run_cli
    from toolkit.history.records import summary_from_record

    first = _ran(record(MARCH, run_id="a", total=90), "2026-04-02T09:00:00")
    path = filled_history(
        tmp_path / "h.sqlite", first, _ran(record(MARCH, run_id="b", total=100), "2026-04-02T10:00:00")
    )
    for number in (1, 2):
        stored = HistoryStore(path).get(number)
        assert stored is not None
        (tmp_path / f"lan_{number}.json").write_text(
            json.dumps(summary_from_record(stored)), encoding="utf-8"
        )
    result = run_cli("history", "import", str(tmp_path / "lan_1.json"), "--history", path)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Lần tổng hợp này (mã a) đã có trong lịch sử (số 1); không thêm lần nữa." in said
    assert (
        "Lần tổng hợp số 1 không phải số liệu được dùng cho ngày chốt 31/03/2026: lịch sử đã có lần "
        "số 2 cùng ngày chốt, do lệnh tổng hợp ghi, chạy lúc 02/04/2026 10:00, sau lần số 1 (chạy lúc "
        "02/04/2026 09:00), nên lần số 2 vẫn được dùng"
    ) in said
    assert f"“{history_command('remove 2 --yes', path)}”" in said
    again = run_cli("history", "import", str(tmp_path / "lan_2.json"), "--history", path)
    assert again.exit_code == 0 and "không phải số liệu được dùng" not in again.output
    assert _current(path) == [(1, False, 90), (2, True, 100)]


def test_a_run_of_an_earlier_cut_off_names_the_later_runs_made_before_it(
    folder: Path, tmp_path: Path
) -> None:
    """A cut-off consolidated (or corrected) after a later one was: the later run's opening
    check, `Cùng kỳ năm trước` and trend were made without these figures, and the run says
    which later runs to make again, each time until they are. Not said of another ward's later
    run."""
    june = dt.date(2026, 6, 30)
    history = filled_history(
        tmp_path / "h.sqlite",
        _ran(record(june, total=50, ward_name=WARD), "2026-07-02T09:00:00"),
        _ran(record(dt.date(2026, 9, 30), total=60, ward_name="Phường Khác"), "2026-10-02T09:00:00"),
    )
    later = (
        "Lịch sử đã có lần tổng hợp của ngày chốt sau (30/06/2026: lần số 1), lập trước lần vừa ghi: "
        "số đầu kỳ, “Cùng kỳ năm trước” và xu hướng trong kết quả của lần đó chưa tính số liệu vừa "
        "ghi. Nếu cần, hãy tổng hợp lại ngày chốt 30/06/2026."
    )
    first = " ".join(_consolidate(folder, tmp_path / "tong_hop.xlsx", history).split())
    assert later in first, first
    assert "30/09/2026" not in first
    again = " ".join(_consolidate(folder, tmp_path / "tong_hop.xlsx", history).split())
    # Still true: June was stored before any March record (hunt66 #3: not hushed because the
    # record replaced had these figures).
    assert "thay cho lần số 3" in again and later in again, again
    corrected = " ".join(
        _consolidate(_one_file(folder, tmp_path / "muon"), tmp_path / "muon.xlsx", history).split()
    )
    assert "thay cho lần số 4" in corrected and later in corrected, corrected


def test_history_import_of_an_earlier_cut_off_names_the_later_runs_made_before_it(
    folder: Path, tmp_path: Path
) -> None:
    """As a consolidation says it (above): a summary of an earlier cut-off imported into a
    history whose ward already has a later one."""
    import json

    from tests.helpers_history import run_cli

    summary = tmp_path / "thang3.json"
    args = ["consolidate", str(folder), *MARCH_RUN, "--ward-name", WARD]
    made = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "t.xlsx"), "--json", str(summary)])
    assert made.exit_code == 0, made.output
    history = filled_history(
        tmp_path / "h.sqlite",
        _ran(record(dt.date(2026, 6, 30), total=50, ward_name=WARD), "2026-07-02T09:00:00"),
    )
    later = (
        "Lịch sử đã có lần tổng hợp của ngày chốt sau (30/06/2026: lần số 1), lập trước lần vừa thêm: "
        "số đầu kỳ, “Cùng kỳ năm trước” và xu hướng trong kết quả của lần đó chưa tính số liệu vừa "
        "thêm. Nếu cần, hãy tổng hợp lại ngày chốt 30/06/2026."
    )
    first = run_cli("history", "import", str(summary), "--history", history)
    assert first.exit_code == 0, first.output
    assert later in " ".join(first.output.split()), first.output
    # The same figures again, from another run (another run id): nothing later changes.
    data = json.loads(summary.read_text(encoding="utf-8"))
    data["run_id"] = "lan-khac"
    data["generated_at"] = (
        dt.datetime.fromisoformat(data["generated_at"]) + dt.timedelta(hours=1)
    ).isoformat()
    again = tmp_path / "lai.json"
    again.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    second = run_cli("history", "import", str(again), "--history", history)
    assert second.exit_code == 0, second.output
    said = " ".join(second.output.split())
    assert "thay cho lần số 2" in said and later in said, said  # June still lacks them


def test_the_later_runs_note_compares_with_what_each_later_run_used(folder: Path, tmp_path: Path) -> None:
    """hunt61 #1: the note named a later run made with these very figures: after a correction
    undone (the original files run again), and after a removed record put back (`history import`
    of its copy, back in its number). Each later run is compared with the record of this
    cut-off it used (the last stored before it)."""
    from tests.helpers_history import run_cli

    history = tmp_path / "h.sqlite"
    _consolidate(folder, tmp_path / "a.xlsx", history)  # #1: the files as sent
    HistoryStore(history).add(
        _ran(record(dt.date(2026, 6, 30), total=50, ward_name=WARD), "2031-01-01T09:00:00")
    )
    named = "ngày chốt sau (30/06/2026: lần số 2)"
    corrected = " ".join(
        _consolidate(_one_file(folder, tmp_path / "sua"), tmp_path / "b.xlsx", history).split()
    )
    assert named in corrected, corrected  # #3: June (#2) was made with #1's figures, not these
    undone = " ".join(_consolidate(folder, tmp_path / "c.xlsx", history).split())
    assert "thay cho lần số 3" in undone and "ngày chốt sau" not in undone, undone  # #4 = #1's figures
    # A removed record put back in its number: the later run was made with it.
    back = tmp_path / "back.sqlite"
    _consolidate(folder, tmp_path / "d.xlsx", back)  # #1
    HistoryStore(back).add(
        _ran(record(dt.date(2026, 6, 30), total=50, ward_name=WARD), "2031-01-01T09:00:00")
    )
    assert run_cli("history", "remove", "1", "--yes", "--history", back).exit_code == 0
    (copy,) = (tmp_path / "lich_su_da_xoa").iterdir()
    restored = run_cli("history", "import", str(copy), "--history", back)
    said = " ".join(restored.output.split())
    assert restored.exit_code == 0 and "trở lại đúng số" in said, said
    assert "ngày chốt sau" not in said, said


def test_a_run_without_a_ward_name_names_every_wards_later_run(folder: Path, tmp_path: Path) -> None:
    """hunt61 #2: a run without a ward name is what every named ward's later runs may use; the
    note named only the later run of whichever ward ran last. Not a ward sharing none of its
    organisations (S01, S02): that ward's runs never use it (`record_for_cutoff`)."""
    june = dt.date(2026, 6, 30)
    history = filled_history(
        tmp_path / "h.sqlite",
        _ran(record(june, run_id="a", orgs={"S01": 50}, ward_name=WARD), "2026-07-02T09:00:00"),
        _ran(record(june, run_id="b", orgs={"S02": 60}, ward_name="Phường Khác"), "2026-07-02T10:00:00"),
        _ran(record(june, run_id="c", orgs={"X01": 70}, ward_name="Phường Xa"), "2026-07-02T11:00:00"),
    )
    args = ["consolidate", str(folder), *MARCH_RUN, "-o", str(tmp_path / "t.xlsx"), "--history", str(history)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "ngày chốt sau (30/06/2026: lần số 1, 30/06/2026: lần số 2)" in said, said


def test_what_a_later_run_used_is_what_the_history_held_when_it_was_stored(
    folder: Path, tmp_path: Path
) -> None:
    """hunt66 #2 #4: the record a later run used was taken by run times: a summary of another PC
    made before the June run but imported after it (it was not there when June was stored), and
    a new March run after a June summary whose PC's clock was ahead (2031), were taken as what
    June was made with, and nothing was said. It is what was stored before June."""
    from tests.helpers_history import run_cli

    summary = tmp_path / "thang3.json"
    made = CliRunner().invoke(
        main,
        ["consolidate", str(folder), *MARCH_RUN, "--ward-name", WARD, "-o", str(tmp_path / "t.xlsx"),
         "--json", str(summary), "--no-history"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    june = "ngày chốt sau (30/06/2026: lần số 1)"
    # Made before June (its generated_at), imported after it.
    history = filled_history(
        tmp_path / "h.sqlite",
        _ran(record(dt.date(2026, 6, 30), total=50, ward_name=WARD), "2031-01-01T09:00:00", "import"),
    )
    imported = run_cli("history", "import", str(summary), "--history", history)
    assert imported.exit_code == 0 and june in " ".join(imported.output.split()), imported.output
    # A June summary of a PC whose clock is ahead, then March consolidated here.
    ahead = filled_history(
        tmp_path / "ahead.sqlite",
        _ran(record(dt.date(2026, 6, 30), total=50, ward_name=WARD), "2031-01-01T09:00:00", "import"),
    )
    run = " ".join(_consolidate(folder, tmp_path / "b.xlsx", ahead).split())
    assert june in run, run


def test_an_imported_later_run_is_named_whatever_the_history_held_when_it_came(
    folder: Path, tmp_path: Path
) -> None:
    """hunt69 #1: a June summary made on another PC (or a removed June run's own summary imported
    again) came into a history whose March record had these figures; what its run used for March
    is not known (that PC's March), so a March run with these figures must name it too. A June
    consolidation of this history, made after that March record, is not named then."""
    history = tmp_path / "h.sqlite"
    _consolidate(folder, tmp_path / "a.xlsx", history)  # #1: March
    made_elsewhere = dataclasses.replace(
        _ran(record(dt.date(2026, 6, 30), total=50, ward_name=WARD), "2026-07-02T09:00:00"), origin="import"
    )
    HistoryStore(history).add(made_elsewhere)  # #2
    said = " ".join(_consolidate(folder, tmp_path / "b.xlsx", history).split())  # #3: March, same figures
    assert "Lịch sử đã có lần tổng hợp của ngày chốt sau (30/06/2026: lần số 2)" in said, said
    here = tmp_path / "h2.sqlite"
    _consolidate(folder, tmp_path / "c.xlsx", here)  # #1
    HistoryStore(here).add(
        _ran(record(dt.date(2026, 6, 30), total=50, ward_name=WARD), "2026-07-02T09:00:00")
    )  # #2, a consolidation made with #1
    again = " ".join(_consolidate(folder, tmp_path / "d.xlsx", here).split())
    assert "thay cho lần số 1" in again and "ngày chốt sau" not in again, again
