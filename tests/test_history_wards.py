"""Several wards' consolidations in one history file: the current record is per ward.

An office above the wards may write several wards' outputs into one folder, and so record
them in one history (the default one beside the outputs, or `--history` shared). A ward's run
of a cut-off must never supersede another ward's record of that cut-off: the other ward's next
run reads the current records of its own ward, and would silently lose its opening check, its
`Cùng kỳ năm trước` and a point of its trend.

Two small wards of generated organisations (Bình Hàn and Ngọc Châu) are consolidated at
31/03/2025 through the real pipeline and `write_outputs`, with a real SQLite history; Bình Hàn
again at 31/03/2026, one of its members taken off the roll without a row in `Biến động`.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from tests.helpers_history import filled_history, record, run_cli
from tests.helpers_sample import sample_orgs
from toolkit.core.commands import history_command
from toolkit.core.model import ConsolidationResult, new_run_id
from toolkit.history.records import Record, summary_from_record
from toolkit.history.store import HistoryStore
from toolkit.outputs.publish import prepare, write_outputs
from toolkit.pipeline import consolidate
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import OrgRows, Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
EARLIER = dt.date(2025, 3, 31)
WARD_A = "Phường Ngọc Châu"
WARD_B = "Phường Bình Hàn"


def _write(orgs: list[OrgRows], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    return folder


def _consolidate(folder: Path, cutoff: dt.date, ward_name: str, ran_at: dt.datetime) -> ConsolidationResult:
    result = consolidate(
        [folder], cutoff=cutoff, since=PERIOD.start, ward_name=ward_name, while_reading=prepare
    )
    return _ran(result, ran_at)


def _ran(result: ConsolidationResult, ran_at: dt.datetime) -> ConsolidationResult:
    """The same run as if made at `ran_at` (the times decide which record is current)."""
    again = copy.deepcopy(result)
    again.generated_at = ran_at
    again.run_id = new_run_id(ran_at)
    return again


def _unrecorded_leaver(org: OrgRows) -> OrgRows:
    """`org` with one member on the roll since before 31/03/2025 taken off it without a row in
    `Biến động` (a member removed by hand): the opening it gives no longer follows."""
    named = {(e["full_name"], e["birth_date"]) for e in org.events}
    gone = next(
        m
        for m in org.members
        if (m["full_name"], m["birth_date"]) not in named
        and m["admission_date"] < EARLIER - dt.timedelta(365)
    )
    changed = copy.deepcopy(org)
    changed.members = [m for m in changed.members if m is not gone and m["card_no"] != gone["card_no"]]
    for i, member in enumerate(changed.members, start=1):
        member["row_no"] = i
    return changed


@pytest.fixture(scope="module")
def wards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ConsolidationResult]:
    tmp = tmp_path_factory.mktemp("two_wards")
    orgs_a = sample_orgs(31, [22, 18], PERIOD, prefix="NC")
    orgs_b = sample_orgs(35, [25, 20], PERIOD, prefix="BH")
    b26 = [_unrecorded_leaver(orgs_b[0]), *orgs_b[1:]]
    # Bình Hàn ran first, Ngọc Châu an hour later, both for 31/03/2025.
    made = {
        "b25": _consolidate(
            _write([as_of(o, EARLIER) for o in orgs_b], tmp / "b25"),
            EARLIER,
            WARD_B,
            dt.datetime(2025, 4, 2, 9),
        ),
        "a25": _consolidate(
            _write([as_of(o, EARLIER) for o in orgs_a], tmp / "a25"),
            EARLIER,
            WARD_A,
            dt.datetime(2025, 4, 2, 10),
        ),
        "b26": _consolidate(_write(b26, tmp / "b26"), PERIOD.cutoff, WARD_B, dt.datetime(2026, 4, 2, 9)),
    }
    assert not made["b25"].issues and not made["a25"].issues  # honest submissions at 31/03/2025
    assert made["b25"].form_period == (dt.date(2025, 1, 1), EARLIER)
    return made


def _outputs(result: ConsolidationResult, folder: Path, history: Path | None) -> dict:
    """The run's workbook and JSON summary written into `folder`, recorded in `history`."""
    out = folder / f"{result.run_id}.xlsx"
    write_outputs(copy.deepcopy(result), out, out.with_suffix(".json"), history=history)
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


def _state(history: Path) -> list[tuple[int, str | None, bool]]:
    return [(r.id or 0, r.ward_name, r.is_current) for r in HistoryStore(history).records()]


def _opening_warnings(summary: dict) -> list[str | None]:
    return [i["org_code"] for i in summary["issues"] if i["code"] == "form.opening_mismatch"]


def _assert_b_has_its_history(summary: dict, b25: ConsolidationResult) -> None:
    """Bình Hàn's 2026 run against its own record of 31/03/2025: its opening check (the member
    taken off without a change row: the organisation, then the ward), last year's figures and
    the trend point."""
    assert _opening_warnings(summary) == ["BH01", None]
    assert summary["previous"]["cutoff_date"] == "2025-03-31"
    assert summary["previous"]["run_id"] == b25.run_id
    total = next(r for r in summary["forms"]["bieu3"] if r["row"] == "I")
    assert total["previous"] == b25.indicators["members.total"]


# --- (1) two wards, one cut-off, one history ------------------------------------------------------


@pytest.mark.parametrize("order", ["b_then_a", "a_then_b"])
def test_two_wards_of_one_cutoff_in_one_history_both_stay_current(
    wards: dict[str, ConsolidationResult], tmp_path: Path, order: str
) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    runs = [wards["b25"], wards["a25"]] if order == "b_then_a" else [wards["a25"], wards["b25"]]
    for run in runs:
        _outputs(run, tmp_path, history)
    names = [run.ward_name for run in runs]
    assert _state(history) == [(1, names[0], True), (2, names[1], True)]
    current = HistoryStore(history).records(current_only=True)
    assert sorted(r.ward_name or "" for r in current) == sorted([WARD_A, WARD_B])
    # The stored flag agrees (an older version of ward-stats reads it).
    with sqlite3.connect(history) as conn:
        assert conn.execute("SELECT id, is_current FROM consolidation ORDER BY id").fetchall() == [
            (1, 1),
            (2, 1),
        ]


# --- (2) the other ward's next period ----------------------------------------------------------------


def test_the_next_period_of_a_ward_keeps_its_opening_check_and_last_year_in_a_shared_history(
    wards: dict[str, ConsolidationResult], tmp_path: Path
) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _outputs(wards["b25"], tmp_path, history)
    _outputs(wards["a25"], tmp_path, history)  # another ward, the same cut-off, ran after it
    summary = _outputs(wards["b26"], tmp_path, history)
    _assert_b_has_its_history(summary, wards["b25"])
    assert _state(history) == [(1, WARD_B, True), (2, WARD_A, True), (3, WARD_B, True)]


def test_the_trend_of_a_ward_keeps_its_point_in_a_shared_history(
    wards: dict[str, ConsolidationResult], tmp_path: Path
) -> None:
    import openpyxl

    history = tmp_path / "lich_su_tong_hop.sqlite"
    _outputs(wards["b25"], tmp_path, history)
    _outputs(wards["a25"], tmp_path, history)
    _outputs(wards["b26"], tmp_path, history)
    sheet = openpyxl.load_workbook(tmp_path / f"{wards['b26'].run_id}.xlsx")["Xu hướng"]
    dates = [c.value.date() for c in sheet["A"] if isinstance(c.value, dt.datetime)]
    assert dates == [EARLIER, PERIOD.cutoff]


# --- (3) history import of two wards' JSON ------------------------------------------------------------


def test_importing_two_wards_summaries_keeps_both_current(
    wards: dict[str, ConsolidationResult], tmp_path: Path
) -> None:
    a_json = tmp_path / "a.json"
    b_json = tmp_path / "b.json"
    for result, target in ((wards["a25"], a_json), (wards["b25"], b_json)):
        (tmp_path / "out").mkdir(exist_ok=True)
        _outputs(result, tmp_path / "out", None)
        (tmp_path / "out" / f"{result.run_id}.json").rename(target)
    history = tmp_path / "chung.sqlite"
    first = run_cli("history", "import", a_json, "--history", history)
    assert first.exit_code == 0, first.output
    # Bình Hàn's summary ran before Ngọc Châu's: still its ward's record in use.
    second = run_cli("history", "import", b_json, "--history", history)
    assert second.exit_code == 0, second.output
    assert "Đã thêm vào lịch sử" in second.output and "vẫn là số liệu được dùng" not in second.output
    assert _state(history) == [(1, WARD_A, True), (2, WARD_B, True)]
    # An older summary of Ngọc Châu imported later is kept, and said not to be used, for its
    # own ward only: Bình Hàn's record stays current.
    doc = json.loads(a_json.read_text(encoding="utf-8"))
    doc.update(run_id="ngoc-chau-cu", generated_at="2025-04-01T08:00:00")
    older = tmp_path / "a_cu.json"
    older.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    third = run_cli("history", "import", older, "--history", history)
    assert third.exit_code == 0, third.output
    assert "lần số 1 vẫn là số liệu được dùng" in third.output
    assert _state(history) == [(1, WARD_A, True), (2, WARD_B, True), (3, WARD_A, False)]
    # Bình Hàn's next period, recorded in that history, finds its own record of 31/03/2025.
    summary = _outputs(wards["b26"], tmp_path, history)
    _assert_b_has_its_history(summary, wards["b25"])


# --- (4) history list, show and remove ------------------------------------------------------------------


def test_history_list_says_current_per_ward(wards: dict[str, ConsolidationResult], tmp_path: Path) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _outputs(wards["b25"], tmp_path, history)
    _outputs(wards["a25"], tmp_path, history)
    _outputs(_ran(wards["a25"], dt.datetime(2025, 4, 3, 8)), tmp_path, history)  # Ngọc Châu again
    listed = run_cli("history", "list", "--history", history)
    assert listed.exit_code == 0, listed.output
    lines = {line.split()[2]: line for line in listed.output.splitlines() if line.startswith("Lần số ")}
    assert WARD_B in lines["1"] and lines["1"].endswith("hiện hành")
    # The superseded record names the one that superseded it (hunt206 R2).
    assert WARD_A in lines["2"] and lines["2"].endswith(
        "cũ (đã có lần số 3 mới hơn của phường này cùng ngày chốt)"
    )
    assert WARD_A in lines["3"] and lines["3"].endswith("hiện hành")
    shown = run_cli("history", "show", "1", "--history", history)
    assert "  Hiện hành." in shown.output
    shown = run_cli("history", "show", "2", "--history", history)
    assert "  Cũ: đã có lần số 3 mới hơn của phường này cùng ngày chốt." in shown.output
    # Removing Ngọc Châu's current record makes its earlier one current, Bình Hàn's untouched.
    removed = run_cli("history", "remove", "3", "--yes", "--history", history)
    assert removed.exit_code == 0, removed.output
    assert (
        "Lần tổng hợp số 2 cùng ngày chốt nay là số liệu được dùng cho “Cùng kỳ năm trước”, xu hướng và "
        f"kiểm tra số đầu kỳ của {WARD_A}." in removed.output
    )
    assert _state(history) == [(1, WARD_B, True), (2, WARD_A, True)]
    # Removing Bình Hàn's only record of that cut-off leaves no successor: not Ngọc Châu's.
    removed = run_cli("history", "remove", "1", "--yes", "--history", history)
    assert removed.exit_code == 0 and "nay là số liệu được dùng" not in removed.output
    assert _state(history) == [(2, WARD_A, True)]


# --- the store: names, records without a name, files of earlier versions ------------------------------


def _at(rec: Record, when: str) -> Record:
    return dataclasses.replace(rec, ran_at=when)


def test_a_ward_is_its_name_as_runs_compare_it(tmp_path: Path) -> None:
    """Spaces, case and Unicode form (combining accents) do not make another ward."""
    from toolkit.core.text import ward_key

    typed = unicodedata.normalize("NFD", "  phường   BÌNH hàn ")
    assert ward_key(typed) == ward_key(WARD_B) and ward_key(None) == ward_key("  ") == ""
    path = filled_history(
        tmp_path / "h.sqlite",
        _at(record(EARLIER, run_id="b1", ward_name=WARD_B), "2025-04-02T09:00:00"),
        _at(record(EARLIER, run_id="a1", ward_name=WARD_A), "2025-04-02T10:00:00"),
        _at(record(EARLIER, run_id="b2", ward_name=typed), "2025-04-02T11:00:00"),
    )
    assert [(r.run_id, r.is_current) for r in HistoryStore(path).records()] == [
        ("b1", False),
        ("a1", True),
        ("b2", True),
    ]


def test_records_without_a_ward_name_are_a_group_of_their_own(tmp_path: Path) -> None:
    """A record without a name neither supersedes a named ward's record of its cut-off nor is
    superseded by one; a later one without a name supersedes it."""
    path = filled_history(
        tmp_path / "h.sqlite",
        _at(record(EARLIER, run_id="b", ward_name=WARD_B), "2025-04-02T09:00:00"),
        _at(record(EARLIER, run_id="x1", ward_name=None), "2025-04-02T10:00:00"),
        _at(record(EARLIER, run_id="a", ward_name=WARD_A), "2025-04-02T11:00:00"),
        _at(record(EARLIER, run_id="x2", ward_name=None), "2025-04-02T12:00:00"),
    )
    assert [(r.run_id, r.is_current) for r in HistoryStore(path).records()] == [
        ("b", True),
        ("x1", False),
        ("a", True),
        ("x2", True),
    ]
    listed = run_cli("history", "list", "--history", path)
    assert "(chưa ghi tên phường)" in listed.output
    # x1 is superseded by x2 (#4), the later record without a name, not by a named ward's.
    assert "cũ (đã có lần số 4 mới hơn cùng ngày chốt, cũng chưa ghi tên phường)" in listed.output


@pytest.mark.parametrize("nameless_ran", ["before", "after"])
def test_a_ward_uses_a_record_without_a_name_only_when_it_ran_last(
    wards: dict[str, ConsolidationResult], tmp_path: Path, nameless_ran: str
) -> None:
    """As in a history of one ward: of a cut-off, the ward's run uses its own record or one
    without a ward name (a run whose name was not set), whichever ran last."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _outputs(wards["b25"], tmp_path, history)  # ran 02/04/2025 09:00
    when = "2025-04-02T08:00:00" if nameless_ran == "before" else "2025-04-02T12:00:00"
    # Imported (a record made by `consolidate` and stored after the ward's run would be the later
    # run whatever its clock says): its own run time decides.
    nameless = record(EARLIER, run_id="khong-ten", ward_name=None, total=999, orgs={"BH01": 999})
    HistoryStore(history).add(_at(dataclasses.replace(nameless, origin="import"), when))
    summary = _outputs(wards["b26"], tmp_path, history)
    if nameless_ran == "before":
        _assert_b_has_its_history(summary, wards["b25"])
    else:
        assert summary["previous"]["run_id"] == "khong-ten"
        total = next(r for r in summary["forms"]["bieu3"] if r["row"] == "I")
        assert total["previous"] == 999


def test_import_says_when_a_later_record_without_a_name_stays_in_use(
    wards: dict[str, ConsolidationResult], tmp_path: Path
) -> None:
    """A trial run without a ward name, recorded after Bình Hàn's own run of that cut-off was
    made: importing Bình Hàn's summary says the trial run stays in use for it (and how to
    remove it), `history list` and `history show` say the imported record is not used, and
    Bình Hàn's next run indeed uses the trial run."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    trial = record(EARLIER, run_id="chay-thu", ward_name=None, total=12, orgs={"BH01": 12})
    HistoryStore(history).add(_at(trial, "2025-04-02T12:00:00"))  # after Bình Hàn's run, at 09:00
    (tmp_path / "out").mkdir()
    _outputs(wards["b25"], tmp_path / "out", None)
    done = run_cli(
        "history", "import", tmp_path / "out" / f"{wards['b25'].run_id}.json", "--history", history
    )
    assert done.exit_code == 0, done.output
    assert "lần tổng hợp số 2" in done.output
    assert (
        f"các lần tổng hợp của {WARD_B} vẫn dùng lần số 1 cho “Cùng kỳ năm trước”, xu hướng và kiểm "
        "tra số đầu kỳ, không dùng lần vừa thêm" in done.output
    )
    assert f"“{history_command('remove 1 --yes', history)}”" in done.output
    listed = run_cli("history", "list", "--history", history)
    lines = {line.split()[2]: line for line in listed.output.splitlines() if line.startswith("Lần số ")}
    assert lines["1"].endswith("hiện hành")
    assert WARD_B in lines["2"] and lines["2"].endswith(
        "không dùng (lần số 1 cùng ngày chốt, chưa ghi tên phường, chạy sau nên được dùng thay)"
    )
    shown = run_cli("history", "show", "2", "--history", history)
    assert "  Không dùng (lần số 1 cùng ngày chốt" in shown.output
    summary = _outputs(wards["b26"], tmp_path, history)
    assert summary["previous"]["run_id"] == "chay-thu"  # what the import said


def test_import_of_a_ward_s_record_that_ran_last_says_nothing_more(tmp_path: Path) -> None:
    """A record without a name that ran before the ward's summary imported: the imported one is
    used, and neither the import nor the list says otherwise."""
    history = filled_history(
        tmp_path / "h.sqlite", _at(record(EARLIER, run_id="x", ward_name=None), "2025-04-02T09:00:00")
    )
    summary = summary_from_record(_at(record(EARLIER, run_id="b"), "2025-04-02T10:00:00"))
    path = tmp_path / "x.json"
    path.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    done = run_cli("history", "import", path, "--history", history)
    assert done.exit_code == 0, done.output
    said = " ".join(done.output.split())
    # No other record said in use ("… vẫn dùng lần số …"); the record, typed without the counts of
    # organisations, is said not checked against (hunt220 F5), whose words end "… vẫn dùng số
    # liệu của lần này" (h222: b5fbf7a left this test failing).
    assert "vẫn dùng lần" not in said and "vẫn là số liệu được dùng" not in said, said
    assert "Cột “Cùng kỳ năm trước” và sheet “Xu hướng” vẫn dùng số liệu của lần này." in said, said
    listed = run_cli("history", "list", "--history", history)
    assert "không dùng" not in listed.output


def test_a_history_where_an_earlier_version_let_another_ward_supersede_is_read_per_ward(
    wards: dict[str, ConsolidationResult], tmp_path: Path
) -> None:
    """A file written by a version before the current record was per ward: Ngọc Châu's run
    marked Bình Hàn's record of that cut-off as no longer current. It is read per ward (no
    migration), and its flags are set right once that cut-off is written again."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _outputs(wards["b25"], tmp_path, history)
    _outputs(wards["a25"], tmp_path, history)
    with sqlite3.connect(history) as conn:
        conn.execute("UPDATE consolidation SET is_current = 0 WHERE id = 1")  # as that version left it
    conn.close()
    assert _state(history) == [(1, WARD_B, True), (2, WARD_A, True)]
    summary = _outputs(wards["b26"], tmp_path, history)
    _assert_b_has_its_history(summary, wards["b25"])
    HistoryStore(history).add(_at(record(EARLIER, run_id="a-moi", ward_name=WARD_A), "2025-04-05T08:00:00"))
    with sqlite3.connect(history) as conn:
        stored = conn.execute("SELECT id, is_current FROM consolidation ORDER BY id").fetchall()
    conn.close()
    assert stored == [(1, 1), (2, 0), (3, 1), (4, 1)]


def test_import_of_a_record_without_a_name_says_which_wards_it_now_stands_for(tmp_path: Path) -> None:
    """A trial run without a ward name, imported, that ran after Bình Hàn's and Ngọc Châu's
    records of its cut-off: their next runs use it (as in a history of one ward), which the
    import now says, with how to remove it. One that ran before says nothing."""
    history = filled_history(
        tmp_path / "h.sqlite",
        _at(record(EARLIER, run_id="b", ward_name=WARD_B), "2025-04-02T09:00:00"),
        _at(record(EARLIER, run_id="a", ward_name=WARD_A), "2025-04-02T09:30:00"),
    )
    for n, (when, says) in enumerate((("2025-04-02T08:00:00", False), ("2025-04-02T12:00:00", True))):
        summary = summary_from_record(_at(record(EARLIER, run_id=f"thu{n}", ward_name=None), when))
        path = tmp_path / f"thu{n}.json"
        path.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
        done = run_cli("history", "import", path, "--history", history)
        assert done.exit_code == 0, done.output
        if not says:
            assert "không ghi tên phường" not in done.output, done.output
            continue
        assert (
            f"Lần vừa thêm không ghi tên phường và chạy sau lần tổng hợp cùng ngày chốt của {WARD_B} "
            f"(lần số 1), {WARD_A} (lần số 2) (chạy lúc 02/04/2025 12:00): các lần tổng hợp sau của "
            "các phường ấy sẽ dùng lần vừa thêm cho “Cùng kỳ năm trước”, xu hướng và kiểm tra số đầu "
            "kỳ. Nếu lần vừa thêm là lần chạy thử hay thêm nhầm, hãy xóa nó: "
            f"chạy lệnh “{history_command('remove 4 --yes', history)}”."
        ) in " ".join(done.output.split()), done.output
        listed = run_cli("history", "list", "--history", history)
        assert listed.output.count("không dùng (lần số 4 cùng ngày chốt") == 2, listed.output
