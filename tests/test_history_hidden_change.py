"""A record taking another's place with the same figures in brackets (coverage, members) is said
with how many indicators differ (h240: "(số 2: 4.116 đảng viên) … thay cho lần số 1 (4.116 đảng
viên)" read as no change). `history import`'s typed corrections are in
tests/test_typed_forms_once.py; here a consolidation run again after one member's field was
fixed, in the same words. Real submissions, real consolidations, a real SQLite history."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import openpyxl

from tests.helpers_sample import sample_orgs
from toolkit.core import layout
from toolkit.history.session import hidden_change_words, open_for_run, record_run
from toolkit.history.store import HistoryStore
from toolkit.outputs.publish import prepare
from toolkit.pipeline import consolidate
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
WARD = "Phường Thử"


def _recorded(folder: Path, history: Path) -> str:
    result = consolidate(
        [folder], cutoff=PERIOD.cutoff, since=PERIOD.start, ward_name=WARD, while_reading=prepare
    )
    run = open_for_run(result, history)
    assert record_run(result, run) is None
    return " ".join((run.note or "").split())


def _gender_switched(path: Path) -> None:
    """The first member's gender typed the other way (a slip corrected)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_MEMBERS]
    header = next(r for r in ws.iter_rows() if any(c.value == "Giới tính" for c in r))
    column = next(c.column for c in header if c.value == "Giới tính")
    cell = ws.cell(header[0].row + 1, column)
    assert cell.value in ("Nam", "Nữ"), cell.value
    cell.value = "Nữ" if cell.value == "Nam" else "Nam"
    wb.save(path)


def test_a_run_again_with_one_field_fixed_says_how_many_indicators_differ(tmp_path: Path) -> None:
    folder, history = tmp_path / "nop", tmp_path / "lich_su_tong_hop.sqlite"
    folder.mkdir()
    orgs = sample_orgs(31, [9, 7], PERIOD)
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    _recorded(folder, history)
    _gender_switched(next(iter(sorted(folder.glob("*.xlsx")))))
    note = _recorded(folder, history)
    old, new = (r.indicators for r in HistoryStore(history).records())
    assert old["members.total"] == new["members.total"]
    differ = [k for k in old.keys() | new.keys() if old.get(k) != new.get(k)]
    assert "members.gender.female" in differ
    members = f"{int(new['members.total'])} đảng viên"
    assert f"(số 2: 2/2 tổ chức, {members}) nay là số liệu" in note, note
    assert f"thay cho lần số 1 (2/2 tổ chức, {members}, chạy lúc " in note, note
    assert (
        f"; hai lần có cùng các số trong ngoặc, khác nhau ở {len(differ)} chỉ tiêu không ghi trong ngoặc. "
        "Nếu lần số 1" in note
    ), note
    # review247 L1: "chỉ tiêu khác" said "khác" twice.
    assert "chỉ tiêu khác" not in note, note
    # The same files again: the same indicators, said so, no count.
    shutil.copytree(folder, tmp_path / "lai")
    note = _recorded(tmp_path / "lai", history)
    assert "có cùng các chỉ tiêu: không cần làm gì thêm" in note and "khác nhau ở" not in note, note


def test_indicators_one_record_lacks_are_said_apart(tmp_path: Path) -> None:
    """review247 L2: an indicator only one record has (a later version added it) was counted as
    a difference, so the same files run again after an upgrade "differed" in it. Only the
    indicators both records have are counted as differing; one on one side only is said apart.
    Records of a real run, read back from a real history."""
    folder, history = tmp_path / "nop", tmp_path / "lich_su_tong_hop.sqlite"
    folder.mkdir()
    for org in sample_orgs(31, [9, 7], PERIOD):
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    _recorded(folder, history)
    (record,) = HistoryStore(history).records()
    assert record.id == 1
    older = dataclasses.replace(
        record, indicators={k: v for k, v in record.indicators.items() if k != "members.gender.female"}
    )
    same = "; hai lần có cùng các số trong ngoặc, cùng số ở mọi chỉ tiêu mà cả hai lần đều có; "
    # The newer record (number 2) has one indicator more, every other the same.
    words = hidden_change_words(older, record.indicators, 2)
    assert words == same + "lần số 1 không có số của 1 chỉ tiêu mà lần số 2 có", words
    # And the other way round (an older summary imported after a newer run).
    words = hidden_change_words(record, older.indicators, 2)
    assert words == same + "lần số 2 không có số của 1 chỉ tiêu mà lần số 1 có", words
    assert "khác nhau" not in words
    # One indicator both have (not a bracketed figure) differs besides: counted once.
    key = "members.gender.male"
    assert key in record.indicators, sorted(record.indicators)
    changed = {**record.indicators, key: record.indicators[key] + 1}
    words = hidden_change_words(older, changed, 2)
    assert words == (
        "; hai lần có cùng các số trong ngoặc, khác nhau ở 1 chỉ tiêu không ghi trong ngoặc; "
        "lần số 1 không có số của 1 chỉ tiêu mà lần số 2 có"
    ), words
