"""An organisation's stored figure that is no number (a hand edit: "abc", true, a list, an
object, 1e999, NaN) makes its record damaged, as the same value in the ward's own indicators
does (hunt173 A1): `history list` marks it, `show` and `export` refuse it, `org_figures` names
it, and a consolidation warns `history.corrupt` and uses none of its figures. Before, the row
was read as sound: the value was dropped (the organisation "had no figure", its opening balance
silently unchecked), `true` was read by SQLite's `json_extract` as 1 (a false opening mismatch),
and 1e999 or NaN stopped the opening check with an unexpected error. A null stays a figure not
known, never damage. Real SQLite files throughout."""

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
# What replaces one organisation's `members.total` (stored `[8]` or `{"members.total":8}`).
BAD = {
    "text": '"abc"',
    "number_text": '"8"',
    "true": "true",
    "false": "false",
    "list": "[8]",
    "object": '{"a":8}',
    "huge": "1e999",
    "minus_huge": "-1e999",
    "long_decimal": "1" + "0" * 400 + ".0",  # no exponent, still beyond a float
    "nan": "NaN",
    "infinity": "Infinity",
}
DAMAGED = "bị hỏng"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    nop = tmp_path_factory.mktemp("org_values") / "nop"
    nop.mkdir()
    for org in sample_orgs(21, [7, 9], PERIOD):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    return nop


def _history(path: Path, codes: list[str] | None = None) -> Path:
    """Record 1 of 31/12/2025 (the opening record of a run since 1/1/2026), its organisations
    each of 8 members; record 2 of 31/3/2025."""
    orgs = dict.fromkeys(codes or ["A01", "A02"], 8)
    return filled_history(
        path,
        record(dt.date(2025, 12, 31), run_id="r1", orgs=orgs, total=8 * len(orgs)),
        record(dt.date(2025, 3, 31), run_id="r2"),
    )


def _set_first_org(path: Path, text: str) -> Path:
    conn = sqlite3.connect(path)
    with conn:
        first = conn.execute("SELECT min(position) FROM organisation WHERE consolidation_id = 1").fetchone()[
            0
        ]
        done = conn.execute(
            "UPDATE organisation SET indicators = ? WHERE consolidation_id = 1 AND position = ?",
            (text, first),
        )
        assert done.rowcount == 1
    conn.close()
    return path


def _assert_damaged_everywhere(history: Path, tmp_path: Path) -> None:
    before = digest(history)
    store = HistoryStore(history)
    found, damaged = store.scan()
    assert [d.id for d in damaged] == [1] and [r.id for r in found] == [2]
    with pytest.raises(HistoryCorrupt, match="số 1"):
        store.get(1)
    with pytest.raises(HistoryCorrupt, match="số 1"):
        org_totals(store, 1)
    with pytest.raises(HistoryCorrupt, match="số 1"):
        store.org_figures(1, ("members.full",))  # another id of the record: damaged all the same
    listed = run_cli("history", "list", "--history", history)
    assert listed.exit_code == 0, listed.output
    assert "BỊ HỎNG" in listed.output and "history remove 1 --yes" in listed.output, listed.output
    shown = run_cli("history", "show", "1", "--history", history)
    assert shown.exit_code != 0 and DAMAGED in shown.output and "số 1" in shown.output, shown.output
    out = tmp_path / "lan1.json"
    exported = run_cli("history", "export", "1", "--json", out, "--history", history)
    assert exported.exit_code != 0 and DAMAGED in exported.output, exported.output
    assert not out.exists()
    assert digest(history) == before


@pytest.mark.parametrize("kind", sorted(BAD))
def test_an_organisation_value_that_is_no_number_damages_its_record(tmp_path: Path, kind: str) -> None:
    history = _set_first_org(_history(tmp_path / "h.sqlite"), f"[{BAD[kind]}]")
    _assert_damaged_everywhere(history, tmp_path)


@pytest.mark.parametrize("kind", ["text", "true", "huge", "object"])
def test_an_organisation_stored_as_an_object_is_judged_alike(tmp_path: Path, kind: str) -> None:
    history = _set_first_org(_history(tmp_path / "h.sqlite"), f'{{"members.total":{BAD[kind]}}}')
    _assert_damaged_everywhere(history, tmp_path)


@pytest.mark.parametrize("kind", ["text", "true", "huge", "list"])
def test_without_sqlite_s_json_functions_the_value_is_judged_in_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    import toolkit.history.store as store_module

    history = _set_first_org(_history(tmp_path / "h.sqlite"), f"[{BAD[kind]}]")
    # An SQLite built without JSON functions fails on the first one the query calls.
    monkeypatch.setattr(
        store_module, "_ORG_CANDIDATES", "SELECT json_not_built_in(indicators) FROM organisation"
    )
    store = HistoryStore(history)
    assert [d.id for d in store.scan()[1]] == [1]
    with pytest.raises(HistoryCorrupt, match="số 1"):
        org_totals(store, 1)


def test_a_null_stays_a_figure_not_known(tmp_path: Path) -> None:
    history = _set_first_org(_history(tmp_path / "h.sqlite"), "[null]")
    store = HistoryStore(history)
    found, damaged = store.scan()
    assert damaged == [] and [r.id for r in found] == [2, 1]
    assert org_totals(store, 1) == {"A02": 8}
    whole = store.get(1)
    assert whole is not None and whole.organisations[0].indicators == {"members.total": None}
    listed = run_cli("history", "list", "--history", history)
    assert listed.exit_code == 0 and "BỊ HỎNG" not in listed.output, listed.output
    out = tmp_path / "lan1.json"
    exported = run_cli("history", "export", "1", "--json", out, "--history", history)
    assert exported.exit_code == 0, exported.output
    assert json.loads(out.read_text(encoding="utf-8"))["run_id"] == "r1"


def test_finite_numbers_of_every_form_stay_sound(tmp_path: Path) -> None:
    """Negative, exponent and very long integers are numbers (the ranges of a figure are a
    summary's check, not the history's): the record is read, and an integer too long for a
    float (infinite to SQLite's `json_extract`) is read exactly."""
    history = _history(tmp_path / "h.sqlite", ["A01", "A02", "A03"])
    long = 10**400
    conn = sqlite3.connect(history)
    with conn:
        for position, text in zip((0, 1, 2), ("[-3]", "[2.5e3]", f"[{long}]"), strict=True):
            conn.execute(
                "UPDATE organisation SET indicators = ? WHERE consolidation_id = 1 AND position = ?",
                (text, position),
            )
    conn.close()
    store = HistoryStore(history)
    assert store.scan()[1] == []
    assert org_totals(store, 1) == {"A01": -3, "A02": 2500.0, "A03": long}
    whole = store.get(1)
    assert whole is not None and whole.organisations[2].indicators == {"members.total": long}


@pytest.mark.parametrize("kind", ["text", "true", "huge", "nan"])
def test_a_consolidation_warns_and_uses_none_of_its_figures(folder: Path, tmp_path: Path, kind: str) -> None:
    """Record 1 is the opening record of the run: `true` was an opening mismatch (read as 1),
    "abc" an organisation silently without a figure, 1e999 and NaN an unexpected error."""
    codes = sorted(p.stem for p in folder.glob("*.xlsx"))
    history = _set_first_org(_history(tmp_path / "lich_su_tong_hop.sqlite", codes), f"[{BAD[kind]}]")
    before = digest(history)
    out = tmp_path / "tong_hop.xlsx"
    args = ["consolidate", folder, "--cutoff", "31/03/2026", "--since", "01/01/2026", "-o", out]
    args += ["--ward-name", "Phường Thử", "--json", out.with_suffix(".json"), "--history", history]
    result = run_cli(*args)
    assert result.exit_code in (0, 1), result.output
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    codes_said = [i["code"] for i in summary["issues"]]
    corrupt = [i["message"] for i in summary["issues"] if i["code"] == "history.corrupt"]
    assert corrupt and "số 1" in corrupt[0] and "history remove 1 --yes" in corrupt[0], corrupt
    assert "history.check_failed" not in codes_said
    assert not [c for c in codes_said if "opening" in c], codes_said  # no figure of it compared
    assert digest(history) == before  # not written while a record is damaged


@pytest.mark.parametrize("json_functions", [True, False], ids=["sqlite_json", "python"])
def test_a_scan_of_one_cut_off_judges_the_organisations_of_its_records_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, json_functions: bool
) -> None:
    """`scan` of one cut-off (a consolidation's record being added) judges the organisations of
    that cut-off's records, not every record's (the text test of every organisation of a city's
    history was most of its time): a damaged organisation of record 1 (31/12/2025) makes record
    1 damaged when its cut-off is read, and leaves record 2 (31/3/2025) sound when that one is."""
    import toolkit.history.store as store_module

    if not json_functions:  # an SQLite built without JSON functions fails on the first one
        monkeypatch.setattr(
            store_module, "_ORG_CANDIDATES", "SELECT json_not_built_in(indicators) FROM organisation"
        )
    history = _set_first_org(_history(tmp_path / "h.sqlite"), f"[{BAD['text']}]")
    conn = sqlite3.connect(history)
    conn.row_factory = None
    try:
        found, damaged = store_module._scan(conn, cutoff=dt.date(2025, 3, 31))
        assert [r.id for r in found] == [2] and damaged == []
        found, damaged = store_module._scan(conn, cutoff=dt.date(2025, 12, 31))
        assert found == [] and [d.id for d in damaged] == [1]
        found, damaged = store_module._scan(conn)
        assert [r.id for r in found] == [2] and [d.id for d in damaged] == [1]
    finally:
        conn.close()
