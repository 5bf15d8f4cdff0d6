"""One workbook of last year's forms typed by hand is added to the history once (h240, h237's
finding 1). A typed workbook gets a new run id at each import, so `history import`'s "already
there" check by run id never fired: the office launcher double-clicked twice added a second
record, in place of the first. The same figures (ward name, period, indicators) of the record
in use for the cut-off are now looked for under the write lock (`HistoryStore.begin(same=…)`);
a corrected workbook is added and said to take the first record's place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.helpers_history import imports_at_once
from tests.libreoffice import convert
from tests.test_typed_forms import B1, B2, B3, BIEU1, BIEU2, BIEU3, WARD, _fill
from toolkit.cli import main
from toolkit.history.records import Record
from toolkit.history.store import HistoryStore, RunAlreadyStored


def _run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _said(done: Result) -> str:
    return " ".join(done.output.split())


def _typed(tmp_path: Path, name: str = "nam_truoc.xlsx", female: int = 1500) -> Path:
    out = tmp_path / name
    done = _run("history", "blank-forms", out, "--cutoff", "31/03/2025", "--ward-name", WARD)
    assert done.exit_code == 0, done.output
    _fill(out, {B1: BIEU1, B2: BIEU2, B3: {**BIEU3, "I.female": female}})
    return out


def _import(book: Path, history: Path) -> str:
    done = _run("history", "import", book, "--history", history)
    assert done.exit_code == 0, done.output
    return _said(done)


def _there(book: Path, record_id: int) -> str:
    return (
        f"Số liệu của tệp “{book}” (các biểu năm trước, kỳ 01/01/2025–31/03/2025) đã có trong lịch sử: "
        f"lần số {record_id}, cùng ngày chốt 31/03/2025 và cùng mọi số liệu; không thêm lần nữa."
    )


def test_the_same_workbook_imported_twice_is_added_once(tmp_path: Path) -> None:
    book, history = _typed(tmp_path), tmp_path / "lich_su_tong_hop.sqlite"
    assert "lần tổng hợp số 1" in _import(book, history)
    said = _import(book, history)
    assert _there(book, 1) in said, said
    assert "Đã thêm" not in said and "thay cho" not in said, said
    stored = HistoryStore(history).records()
    assert [(r.id, r.is_current) for r in stored] == [(1, True)]


def test_the_same_figures_saved_again_by_libreoffice_are_added_once(tmp_path: Path) -> None:
    book, history = _typed(tmp_path), tmp_path / "lich_su_tong_hop.sqlite"
    (resaved,) = convert([book], "xlsx", tmp_path / "lo")
    assert resaved.read_bytes() != book.read_bytes()  # other bytes, the same figures
    _import(book, history)
    said = _import(resaved, history)
    assert _there(resaved, 1) in said, said
    assert [r.id for r in HistoryStore(history).records()] == [1]


def test_a_corrected_workbook_is_added_and_said_to_replace_the_first(tmp_path: Path) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    first, corrected = _typed(tmp_path, "a.xlsx"), _typed(tmp_path, "b.xlsx", female=1400)
    _import(first, history)
    said = _import(corrected, history)
    assert "Đã thêm vào lịch sử" in said and "lần tổng hợp số 2" in said, said
    assert (
        "nay là số liệu được dùng cho “Cùng kỳ năm trước”, xu hướng và kiểm tra số đầu kỳ của ngày "
        "chốt 31/03/2025, thay cho lần số 1 (4.116 đảng viên); hai lần có cùng các số trong ngoặc, khác "
        "nhau ở 1 chỉ tiêu không ghi trong ngoặc. Lần số 1 vẫn ở lại trong lịch sử, là lần cũ, không "
        "được dùng nữa (lệnh history list ghi “cũ”)."
    ) in said, said
    stored = HistoryStore(history).records()
    assert [(r.id, r.is_current) for r in stored] == [(1, False), (2, True)]
    assert stored[1].indicators["members.gender.female"] == 1400
    # h240: the same headline on both sides; the one indicator that differs is counted.
    differ = {k for k in stored[0].indicators.keys() | stored[1].indicators.keys()}
    differ = {k for k in differ if stored[0].indicators.get(k) != stored[1].indicators.get(k)}
    assert differ == {"members.gender.female"}
    # The first workbook again: not the figures in use (the corrected ones are), so it is added
    # and takes their place, said so; the corrected one again is then the one added.
    said = _import(first, history)
    assert "lần tổng hợp số 3" in said and "thay cho lần số 2" in said, said
    said = _import(first, history)
    assert _there(first, 3) in said, said
    assert [r.id for r in HistoryStore(history).records()] == [1, 2, 3]


def test_a_correction_of_several_lines_is_said_with_how_many_differ(tmp_path: Path) -> None:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    first = _typed(tmp_path, "a.xlsx")
    corrected = tmp_path / "c.xlsx"
    done = _run("history", "blank-forms", corrected, "--cutoff", "31/03/2025", "--ward-name", WARD)
    assert done.exit_code == 0, done.output
    _fill(corrected, {B1: BIEU1, B2: BIEU2, B3: {**BIEU3, "I.female": 1400, "I.ethnic_minority": 3}})
    _import(first, history)
    said = _import(corrected, history)
    old, new = (r.indicators for r in HistoryStore(history).records())
    differ = [k for k in old.keys() & new.keys() if old[k] != new[k]]
    assert differ == ["members.gender.female"], differ
    # The line left empty in the first (review247 L2: said apart, not as a difference).
    assert new.keys() - old.keys() == {"members.ethnic_minority"}
    assert (
        "thay cho lần số 1 (4.116 đảng viên); hai lần có cùng các số trong ngoặc, khác nhau ở 1 chỉ tiêu "
        "không ghi trong ngoặc; lần số 1 không có số của 1 chỉ tiêu mà lần số 2 có. Lần số 1 vẫn" in said
    ), said
    assert "1400" not in said and "1.400" not in said  # a count, no figure


def test_a_correction_of_the_total_shows_it_and_no_count(tmp_path: Path) -> None:
    """The bracketed figures differ: they say the change."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    first = _typed(tmp_path, "a.xlsx")
    _import(first, history)
    total = BIEU3["I"]
    corrected = tmp_path / "d.xlsx"
    assert (
        _run("history", "blank-forms", corrected, "--cutoff", "31/03/2025", "--ward-name", WARD).exit_code
        == 0
    )
    bieu1 = {**BIEU1, "D": BIEU1["D"] + 1, "A": BIEU1["A"] + 1}
    _fill(corrected, {B1: bieu1, B2: BIEU2, B3: {**BIEU3, "I": total + 1}})
    said = _import(corrected, history)
    assert "thay cho lần số 1 (4.116 đảng viên). Lần số 1 vẫn ở lại" in said, said
    assert "(số 2: 4.117 đảng viên)" in said and "không ghi trong ngoặc" not in said, said
    assert "chỉ tiêu khác" not in said, said


def test_two_imports_at_once_add_it_once(tmp_path: Path) -> None:
    book, history = _typed(tmp_path), tmp_path / "lich_su_tong_hop.sqlite"
    done = imports_at_once(book, history, 3, tmp_path)
    outputs = [said for _, said in done]
    assert all(code == 0 for code, _ in done), outputs
    assert [r.id for r in HistoryStore(history).records()] == [1], outputs
    assert sum("không thêm lần nữa" in said for said in outputs) == 2, outputs


def test_a_typed_record_in_a_new_history_published_meanwhile_is_found_there(tmp_path: Path) -> None:
    """Two first imports of one workbook: each makes the new history in a file of its own; the
    one published second adds its record to the other's history, looking for the same figures
    there too (else both were stored)."""
    from toolkit.cli_history import _same_typed  # here: the parent commit has none (h240)

    history = tmp_path / "lich_su_tong_hop.sqlite"
    first, second = (_record(run_id) for run_id in ("20261205T100000-0a1b2c3d", "20261205T100000-9f8e7d6c"))
    slow = HistoryStore(history).begin(second, once=True, same=_same_typed(second))
    assert slow.created and not history.exists()  # its new history is not published yet
    fast = HistoryStore(history).begin(first, once=True, same=_same_typed(first))
    assert fast.commit() == 1 and history.exists()
    with pytest.raises(RunAlreadyStored) as found:
        slow.commit()
    assert found.value.record_id == 1
    assert [r.run_id for r in HistoryStore(history).records()] == [first.run_id]


def _record(run_id: str) -> Record:
    start, end = dt.date(2025, 1, 1), dt.date(2025, 3, 31)
    return Record(
        run_id=run_id,
        origin="import",
        cutoff_date=end,
        period_start=start,
        form_period=(start, end),
        indicators={"members.total": 4116, "members.gender.female": 1500},
        ward_name=WARD,
    )


def test_a_typed_record_in_use_is_not_said_as_a_json_summary_run_at_a_question_mark(tmp_path: Path) -> None:
    """review241: a JSON summary's record (#1) that a typed workbook (#2, stored after it) took
    the place of, found again by `history import`, was said to be replaced by "lần số 2 …, nhập
    từ tệp tóm tắt JSON, chạy lúc ?": #2 is typed by hand and has no run time."""
    from dataclasses import replace

    from toolkit.history.session import not_in_use

    history = tmp_path / "lich_su_tong_hop.sqlite"
    summary = replace(_record("20250401T080000-0a1b2c3d"), ran_at="2025-04-01T08:00:00")
    HistoryStore(history).add(summary)
    _import(_typed(tmp_path), history)
    store = HistoryStore(history)
    assert [(r.id, r.is_current) for r in store.records()] == [(1, False), (2, True)]
    said = not_in_use(store, 1, just_stored=False)
    assert said is not None
    assert (
        "lịch sử đã có lần số 2 cùng ngày chốt, chép tay từ biểu năm trước, thêm sau lần số 1 (chạy lúc "
        "01/04/2025 08:00), nên lần số 2 vẫn được dùng"
    ) in said, said
    assert "JSON" not in said and "?" not in said and "(chép nhầm số liệu hay nhầm kỳ)" in said, said


def test_a_record_kept_for_its_own_forms_period_is_not_said_unused(tmp_path: Path) -> None:
    """review241: workbook A (#1) imported again after a workbook of another forms' period of the
    same cut-off (#2, which the cut-off now uses) is there (nothing added), and #1 is still next
    year's “Cùng kỳ năm trước” of its own period, as `history list` says; the sentence after the
    refusal said #2 was used for “Cùng kỳ năm trước” in its place and advised removing #2."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    first = _typed(tmp_path, "a.xlsx")
    monthly = tmp_path / "c.xlsx"
    done = _run(
        "history", "blank-forms", monthly, "--cutoff", "31/03/2025", "--period-start", "01/03/2025",
        "--ward-name", WARD,
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    _fill(monthly, {B1: BIEU1, B2: BIEU2, B3: BIEU3})
    _import(first, history)
    _import(monthly, history)
    said = _import(first, history)
    assert _there(first, 1) in said, said
    assert (
        "Lần tổng hợp số 1 không phải số liệu dùng cho xu hướng và kiểm tra số đầu kỳ của ngày chốt "
        "31/03/2025 (ngày chốt này dùng lần số 2, kỳ biểu khác), nhưng vẫn được giữ lại làm “Cùng kỳ "
        "năm trước” cho kỳ biểu 01/01/2026–31/03/2026."
    ) in said, said
    assert "history remove" not in said and "JSON" not in said, said
    listed = _said(_run("history", "list", "--history", history))
    assert "lần này giữ lại làm “Cùng kỳ năm trước” cho kỳ biểu 01/01/2026–31/03/2026" in listed, listed
    assert [(r.id, r.is_current) for r in HistoryStore(history).records()] == [(1, False), (2, True)]
