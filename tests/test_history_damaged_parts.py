"""A history damaged outside a record's consolidation row (hunt115 F3, F4): an organisation row
whose stored indicators cannot be read is a damaged record, listed, named and removed as such;
a table without one of its columns is a file whose structure is not ward-stats', refused by
every command with the way out (a backup, or a new history), never SQLite's bare code nor a
removal that cannot work."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from tests.helpers_history import digest, filled_history, record, run_cli
from tests.helpers_sample import sample_orgs
from toolkit.core.errors import HistoryCorrupt
from toolkit.history.store import HistoryStore, org_totals
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
# How record 1's one organisation row (stored as `[100]`, its record's ids being
# `["members.total"]`) is damaged: text cut short, values not of its ids, not an array at all.
ORG_DAMAGE = {"cut": "[1,2", "length": "[1,2]", "number": "7"}
SHAPE = "không có cấu trúc như ward-stats ghi"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nop = tmp_path_factory.mktemp("damaged_parts") / "nop"
    nop.mkdir()
    for org in sample_orgs(21, [7, 9], PERIOD):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    return nop


def _history(path: Path) -> Path:
    """Record 1 of 31/12/2025 (the opening record of a run since 1/1/2026), record 2 of
    31/3/2025 (last year's of a run at 31/3/2026)."""
    return filled_history(
        path,
        record(dt.date(2025, 12, 31), run_id="r1", ward_name=None),
        record(dt.date(2025, 3, 31), run_id="r2", ward_name=None),
    )


def _damage_org(path: Path, text: str) -> Path:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE organisation SET indicators = ? WHERE consolidation_id = 1", (text,))
    conn.close()
    return path


@pytest.mark.parametrize("kind", sorted(ORG_DAMAGE))
def test_a_damaged_organisation_row_is_a_damaged_record_that_remove_takes_out(
    tmp_path: Path, kind: str
) -> None:
    history = _damage_org(_history(tmp_path / "h.sqlite"), ORG_DAMAGE[kind])
    listed = run_cli("history", "list", "--history", history)
    assert listed.exit_code == 0, listed.output
    assert "Lần số 1  chốt 2025-12-31" in listed.output and "BỊ HỎNG" in listed.output, listed.output
    assert "history remove 1 --yes" in listed.output
    assert "Lần số 2  chốt 31/03/2025" in listed.output
    with pytest.raises(HistoryCorrupt, match="số 1"):
        HistoryStore(history).records()
    removed = run_cli("history", "remove", "1", "--yes", "--history", history)
    assert removed.exit_code == 0, removed.output
    assert "Đã xóa lần tổng hợp số 1 (bị hỏng)" in removed.output
    copy = json.loads((tmp_path / "lich_su_da_xoa" / "lan_1_hong.json").read_text(encoding="utf-8"))
    assert copy["consolidation"]["run_id"] == "r1"
    assert copy["organisation"][0]["indicators"] == ORG_DAMAGE[kind]  # kept as it was stored
    assert [r.id for r in HistoryStore(history).records()] == [2]


def test_the_opening_check_names_a_record_whose_organisations_cannot_be_read(tmp_path: Path) -> None:
    history = _damage_org(_history(tmp_path / "h.sqlite"), ORG_DAMAGE["cut"])
    with pytest.raises(HistoryCorrupt) as raised:
        org_totals(HistoryStore(history), 1)
    assert "số 1" in str(raised.value) and "history remove 1 --yes" in str(raised.value)


def test_a_consolidation_over_a_damaged_organisation_row_names_the_record(
    folder: Path, tmp_path: Path
) -> None:
    """Record 1, of this ward and its organisations, is the opening record: its figures are read
    without reading the record whole (`org_figure`), which blamed the whole file."""
    codes = sorted(p.stem for p in folder.glob("*.xlsx"))
    history = tmp_path / "lich_su_tong_hop.sqlite"
    filled_history(
        history, record(dt.date(2025, 12, 31), run_id="r1", orgs=dict.fromkeys(codes, 8), total=16)
    )
    conn = sqlite3.connect(history)
    with conn:
        conn.execute(
            "UPDATE organisation SET indicators = '[1,2' WHERE consolidation_id = 1 AND position = 1"
        )
    conn.close()
    before = digest(history)
    out = tmp_path / "tong_hop.xlsx"
    args = ["consolidate", folder, "--cutoff", "31/03/2026", "--since", "01/01/2026", "-o", out]
    args += ["--ward-name", "Phường Thử"]
    result = run_cli(*args, "--json", out.with_suffix(".json"), "--history", history)
    assert result.exit_code in (0, 1), result.output
    issues = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["issues"]
    corrupt = [i["message"] for i in issues if i["code"] == "history.corrupt"]
    assert corrupt and "số 1" in corrupt[0] and "history remove 1 --yes" in corrupt[0], corrupt
    assert "không phải tệp lịch sử" not in corrupt[0]
    assert digest(history) == before


def _drop(path: Path, statement: str) -> Path:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(statement)
    conn.close()
    return path


SHAPE_DAMAGE = {
    "ward_name": "ALTER TABLE consolidation DROP COLUMN ward_name",
    "org_name": "ALTER TABLE organisation DROP COLUMN org_name",
    "removed_id": "DROP TABLE removed_id",
}


@pytest.mark.parametrize("kind", sorted(SHAPE_DAMAGE))
def test_a_history_missing_a_column_is_refused_with_the_way_out(tmp_path: Path, kind: str) -> None:
    history = _drop(_history(tmp_path / "h.sqlite"), SHAPE_DAMAGE[kind])
    before = digest(history)
    for args in (
        ("list",),
        ("show", "1"),
        ("remove", "1", "--yes"),
        ("export", "1", "--json", tmp_path / "x.json"),
    ):
        result = run_cli("history", *args, "--history", history)
        assert result.exit_code == 2, (args, result.output)
        assert SHAPE in result.output and f"“{kind}”" in result.output, (args, result.output)
        assert "bản sao lưu" in result.output and "lịch sử mới" in result.output
        assert "SQLITE_ERROR" not in result.output and "history remove" not in result.output
    assert not (tmp_path / "x.json").exists() and not (tmp_path / "lich_su_da_xoa").exists()
    with pytest.raises(HistoryCorrupt, match=SHAPE):
        HistoryStore(history).add(record(dt.date(2026, 3, 31), run_id="r3"))
    assert digest(history) == before


def test_a_consolidation_over_a_history_missing_a_column_says_restore_it(
    folder: Path, tmp_path: Path
) -> None:
    history = _drop(_history(tmp_path / "lich_su_tong_hop.sqlite"), SHAPE_DAMAGE["ward_name"])
    before = digest(history)
    out = tmp_path / "tong_hop.xlsx"
    args = ["consolidate", folder, "--cutoff", "31/03/2026", "--since", "01/01/2026", "-o", out]
    result = run_cli(*args, "--json", out.with_suffix(".json"), "--history", history)
    assert result.exit_code in (0, 1), result.output
    issues = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["issues"]
    corrupt = [i["message"] for i in issues if i["code"] == "history.corrupt"]
    assert corrupt and SHAPE in corrupt[0] and "lịch sử mới" in corrupt[0], corrupt
    assert corrupt[0].count("Hãy chép bản sao lưu") == 1 and "history remove" not in corrupt[0]
    assert digest(history) == before


def test_an_organisation_nan_sqlite_s_json_does_not_read_is_a_damaged_record(tmp_path: Path) -> None:
    """`NaN` is not JSON to `json_valid` of some SQLite versions: such a row is decided by
    decoding it as `get` does, and NaN is no figure (ward-stats writes 0.0 for a mean over
    nobody), so the record is damaged, as a NaN in the ward's indicators makes it (hunt173 A1;
    `tests/test_history_org_values.py` has every kind of value)."""
    from dataclasses import replace

    base = record(dt.date(2025, 3, 31), orgs={"A01": 10, "A02": 0})
    first, second = base.organisations
    odd = replace(second, indicators={"members.total": 0, "members.age_mean": float("nan")})
    plain = replace(first, indicators={"members.total": 10, "members.age_mean": 47.5})
    history = filled_history(tmp_path / "h.sqlite", replace(base, organisations=(plain, odd)))
    store = HistoryStore(history)
    assert [d.id for d in store.scan()[1]] == [1] and store.scan()[0] == []
    with pytest.raises(HistoryCorrupt, match="số 1"):
        org_totals(store, 1)


def test_without_sqlite_s_json_functions_the_damage_is_found_in_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import toolkit.history.store as store_module

    history = _damage_org(_history(tmp_path / "h.sqlite"), ORG_DAMAGE["length"])
    # An SQLite built without JSON functions fails on the first one the query calls.
    monkeypatch.setattr(
        store_module, "_ORG_CANDIDATES", "SELECT json_not_built_in(indicators) FROM organisation"
    )
    found, damaged = HistoryStore(history).scan()
    assert [d.id for d in damaged] == [1] and [r.id for r in found] == [2]
