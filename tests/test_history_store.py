"""The history file: schema and migrations, one transaction per record, files it cannot trust.

Every test works on a real SQLite file. A file the store refuses (damaged, of another
program, newer, locked, read-only) must be left byte for byte as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from tests.helpers_history import (
    damage_pages,
    digest,
    filled_history,
    foreign_database,
    locked,
    record,
    run_as_user,
    shared_folder,
    truncate,
)
from toolkit.core.errors import HistoryCorrupt, HistoryError, HistoryLocked, HistoryNewer, HistoryReadOnly
from toolkit.history.records import record_from_summary, summary_from_record
from toolkit.history.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from toolkit.history.store import HistoryStore, migrate
from toolkit.io.summary import check_summary


def test_the_first_record_creates_a_versioned_file_of_ours(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    new_id = HistoryStore(path).add(record())
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file, no -wal/-shm
    conn.close()
    assert new_id == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite"]


def test_a_record_reads_back_with_its_organisations_and_files(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite")
    original = record(orgs={"A01": 60, "B02": 40}, total=100)
    back = store.get(store.add(original))
    assert back is not None
    assert back.run_id == "r1" and back.cutoff_date == original.cutoff_date
    assert back.form_period == original.form_period and back.ward_name == "Phường Thử"
    assert back.indicators == original.indicators
    assert [(o.org_code, o.indicators["members.total"]) for o in back.organisations] == [
        ("A01", 60),
        ("B02", 40),
    ]
    assert [(s.file, s.sha256, s.consolidated) for s in back.sources] == [
        ("A01.xlsx", "ab" * 32, True),
        ("B02.xlsx", "ab" * 32, True),
    ]
    assert isinstance(back.indicators["members.age_mean"], float)
    assert store.get(99) is None


def test_the_same_cutoff_again_keeps_both_and_the_newer_is_current(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite")
    store.add(record(run_id="old", total=100))
    store.add(record(dt.date(2025, 6, 30), run_id="other"))
    store.add(record(run_id="new", total=101))
    everything = store.records()
    assert [(r.run_id, r.is_current) for r in everything] == [("old", False), ("new", True), ("other", True)]
    assert [r.run_id for r in store.records(current_only=True)] == ["new", "other"]


def test_no_history_yet_reads_as_empty_and_creates_nothing(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite")
    assert store.records() == [] and store.get(1) is None and store.find_run("x") is None
    assert list(tmp_path.iterdir()) == []


def test_migrations_run_in_order_inside_the_record_transaction(tmp_path: Path) -> None:
    """A history of this version is upgraded by a later one (more migrations) when it records."""
    path = filled_history(tmp_path / "h.sqlite", record(run_id="v1"))
    later = (*MIGRATIONS, ("ALTER TABLE consolidation ADD COLUMN note TEXT",))
    upgraded = HistoryStore(path, migrations=later)
    upgraded.add(record(dt.date(2026, 3, 31), run_id="v2"))
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert "note" in [r[1] for r in conn.execute("PRAGMA table_info(consolidation)")]
    conn.close()
    assert [r.run_id for r in upgraded.records()] == ["v1", "v2"]
    # And this version now refuses the file, leaving it as it is.
    before = digest(path)
    with pytest.raises(HistoryNewer):
        HistoryStore(path).add(record(run_id="v1-again"))
    with pytest.raises(HistoryNewer):
        HistoryStore(path).records()
    assert digest(path) == before


def test_a_history_of_schema_1_reads_and_keeps_the_template_versions_once_migrated(tmp_path: Path) -> None:
    """Version 2 stores each organisation's template version; a file of version 1 (written
    before template 2026.2) is still read, and migrated by the next record."""
    path = tmp_path / "h.sqlite"
    HistoryStore(path).add(record(run_id="v1", orgs={"A01": 60}, total=60))
    conn = sqlite3.connect(path)  # back to the file version 1 wrote
    for column in ("template_version", "upgraded_from"):
        conn.execute(f"ALTER TABLE organisation DROP COLUMN {column}")
    conn.execute("ALTER TABLE source_file DROP COLUMN upgrade_not_completed")
    conn.execute("ALTER TABLE source_file DROP COLUMN copy_of")
    for column in ("target_years", "name_accent_pairs", "partial_target_years"):
        conn.execute(f"ALTER TABLE consolidation DROP COLUMN {column}")
    conn.execute("DROP TABLE removed_id")
    conn.execute("ALTER TABLE consolidation DROP COLUMN merged_from")
    conn.execute("ALTER TABLE consolidation DROP COLUMN registry_used")
    conn.execute("ALTER TABLE consolidation DROP COLUMN registry_none")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    store = HistoryStore(path)
    old = store.get(1)
    assert old is not None and old.organisations[0].template_version is None
    assert old.organisations[0].indicators["members.total"] == 60
    newer = record(dt.date(2026, 3, 31), run_id="v2", orgs={"A01": 61}, total=61)
    newer = dataclasses.replace(
        newer,
        organisations=tuple(
            dataclasses.replace(o, template_version="2026.2", upgraded_from="2026.1")
            for o in newer.organisations
        ),
    )
    back = store.get(store.add(newer))
    assert back is not None
    assert [(o.template_version, o.upgraded_from) for o in back.organisations] == [("2026.2", "2026.1")]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
    conn.close()
    assert summary_from_record(back)["organisations"][0]["template_version"] == "2026.2"


def _schema_2_history(path: Path) -> Path:
    """A history of one record as version 2 of the file wrote it (no `upgrade_not_completed`)."""
    HistoryStore(path).add(record(run_id="v2", orgs={"A01": 60}, total=60))
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE source_file DROP COLUMN upgrade_not_completed")
    conn.execute("ALTER TABLE source_file DROP COLUMN copy_of")
    for column in ("target_years", "name_accent_pairs", "partial_target_years"):
        conn.execute(f"ALTER TABLE consolidation DROP COLUMN {column}")
    conn.execute("DROP TABLE removed_id")
    conn.execute("ALTER TABLE consolidation DROP COLUMN merged_from")
    conn.execute("ALTER TABLE consolidation DROP COLUMN registry_used")
    conn.execute("ALTER TABLE consolidation DROP COLUMN registry_none")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    return path


def test_a_history_of_schema_2_shows_its_files_as_before_and_keeps_the_upgrades_not_completed_once_migrated(
    tmp_path: Path,
) -> None:
    """Version 3 stores whether each file read was an upgraded one not completed (hunt50 C #1);
    a file of version 2 still opens, `history show` counting its files as it did, and the
    next record migrates it and keeps the new field (the older rows: not known)."""
    from tests.helpers_history import run_cli

    path = _schema_2_history(tmp_path / "lich_su_tong_hop.sqlite")
    before = digest(path)
    shown = run_cli("history", "show", "1", "--history", path)
    assert shown.exit_code == 0, shown.output
    assert "  Phiên bản mẫu của các tệp: 2026.1 (1 tệp).\n" in shown.output
    assert digest(path) == before  # reading migrates nothing
    store = HistoryStore(path)
    old = store.get(1)
    assert old is not None and [s.upgrade_not_completed for s in old.sources] == [None]
    newer = record(dt.date(2026, 3, 31), run_id="v3", orgs={"A01": 61, "A02": 5}, total=66)
    newer = dataclasses.replace(
        newer,
        sources=tuple(
            dataclasses.replace(s, template_version="2026.2", upgrade_not_completed=s.org_code == "A02")
            for s in newer.sources
        ),
    )
    store.add(newer)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
    conn.close()
    first = run_cli("history", "show", "1", "--history", path).output
    assert "  Phiên bản mẫu của các tệp: 2026.1 (1 tệp).\n" in first
    again = run_cli("history", "show", "2", "--history", path).output
    assert "  Phiên bản mẫu của các tệp: 2026.2 (2 tệp, 1 tệp nâng cấp chưa điền cột mới).\n" in again


def test_history_list_says_the_upgraded_files_not_completed_as_history_show_does(tmp_path: Path) -> None:
    """`history show` says "N tệp nâng cấp chưa điền cột mới" (schema 3), `history list` did not
    (fixS #4): its line of a record now says them, counted alike (a file the run did not
    consolidate is not one), and a history of schema 2 still lists its records, saying nothing."""
    from tests.helpers_history import run_cli

    path = _schema_2_history(tmp_path / "lich_su_tong_hop.sqlite")
    before = digest(path)
    listed = run_cli("history", "list", "--history", path)
    assert listed.exit_code == 0 and "Lần số 1  chốt 31/03/2025" in listed.output, listed.output
    assert "nâng cấp" not in listed.output
    assert digest(path) == before  # listing migrates nothing
    newer = record(
        dt.date(2026, 3, 31), run_id="v3", orgs={"A01": 61, "A02": 5, "A03": 2, "A04": 1}, total=69
    )
    flagged = {"A02": True, "A03": True, "A04": False}  # A03 excluded by the run: not counted
    newer = dataclasses.replace(
        newer,
        sources=tuple(
            dataclasses.replace(
                s,
                template_version="2026.2",
                upgrade_not_completed=flagged.get(s.org_code or ""),
                consolidated=s.org_code != "A03",
            )
            for s in newer.sources
        ),
    )
    HistoryStore(path).add(newer)
    listed = run_cli("history", "list", "--history", path)
    assert listed.exit_code == 0, listed.output
    lines = {line.split()[2]: line for line in listed.output.splitlines() if line.startswith("Lần số ")}
    assert "69 đảng viên  1 tệp nâng cấp chưa điền cột mới  ghi lúc" in lines["2"], listed.output
    assert "nâng cấp" not in lines["1"], listed.output  # stored before the flag: not known
    shown = run_cli("history", "show", "2", "--history", path).output
    assert "  Phiên bản mẫu của các tệp: 2026.2 (4 tệp, 1 tệp nâng cấp chưa điền cột mới).\n" in shown


def test_a_failing_migration_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite")
    before = digest(path)
    broken = (*MIGRATIONS, ("ALTER TABLE consolidation ADD COLUMN note TEXT", "THIS IS NOT SQL"))
    # The broken step's own error (not another on the way), said as the history's.
    with pytest.raises(HistoryError, match="SQLITE_ERROR") as caught:
        HistoryStore(path, migrations=broken).add(record(run_id="x"))
    assert "THIS" in str(caught.value.__context__), repr(caught.value.__context__)
    assert digest(path) == before


def test_migrate_applies_only_the_missing_steps() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    steps = (("CREATE TABLE t (a INTEGER)",), ("ALTER TABLE t ADD COLUMN b TEXT",))
    assert migrate(conn, 0, steps[:1]) == 1
    conn.execute("INSERT INTO t VALUES (7)")
    assert migrate(conn, 1, steps) == 2
    assert conn.execute("SELECT a, b FROM t").fetchall() == [(7, None)]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert migrate(conn, 2, steps) == 2


@pytest.mark.parametrize("damage", ["garbage", "pages", "truncated", "foreign"])
def test_a_file_it_cannot_trust_is_refused_and_left_unchanged(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "h.sqlite"
    if damage == "garbage":
        path.write_bytes(b"PK\x03\x04 this is a zip, not a history" * 50)
    elif damage == "foreign":
        foreign_database(path)
    else:
        filled_history(path, record(run_id="a"), record(dt.date(2025, 6, 30), run_id="b"))
        for i in range(30):  # enough rows for several pages
            HistoryStore(path).add(record(dt.date(2024, 1, 1) + dt.timedelta(days=i), run_id=f"x{i}"))
        (damage_pages if damage == "pages" else truncate)(path)
    before = digest(path)
    store = HistoryStore(path, timeout=0.2)
    with pytest.raises(HistoryCorrupt) as caught:
        store.records()
    assert "ward-stats" in caught.value.message_vi or "hỏng" in caught.value.message_vi
    with pytest.raises(HistoryCorrupt):
        store.add(record(run_id="new"))
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["h.sqlite"]


def test_a_locked_file_is_refused_after_the_timeout_and_left_unchanged(tmp_path: Path) -> None:
    path = filled_history(tmp_path / "h.sqlite")
    before = digest(path)
    store = HistoryStore(path, timeout=0.2)
    with locked(path):
        with pytest.raises(HistoryLocked):
            store.records()
        with pytest.raises(HistoryLocked):
            store.add(record(run_id="new"))
    assert digest(path) == before
    assert [r.run_id for r in store.records()] == ["r1"]  # usable again once released


def _try_to_record(path: Path) -> str:
    try:
        HistoryStore(path, timeout=0.2).add(record(run_id="new"))
    except HistoryReadOnly as exc:
        return exc.issue_code
    return "recorded"


def test_a_read_only_file_is_refused_and_left_unchanged() -> None:
    with shared_folder() as folder:
        path = filled_history(folder / "h.sqlite")
        before = digest(path)
        assert run_as_user(_try_to_record, path, read_only=path) == "history.read_only"
        assert digest(path) == before
        assert [r.run_id for r in HistoryStore(path).records()] == ["r1"]


def _add_many(path: str, prefix: str, count: int, start) -> None:  # type: ignore[no-untyped-def]
    start.wait()  # both processes begin at the same moment
    store = HistoryStore(Path(path), timeout=60)
    for i in range(count):
        store.add(record(dt.date(2025, 1, 1) + dt.timedelta(days=i), run_id=f"{prefix}{i}"))


@pytest.mark.slow
def test_two_processes_recording_at_the_same_moment_both_land(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite"
    ctx = multiprocessing.get_context("fork")
    start = ctx.Barrier(2)
    workers = [ctx.Process(target=_add_many, args=(str(path), p, 25, start)) for p in ("a", "b")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    records = HistoryStore(path).records()
    assert sorted(r.run_id for r in records) == sorted(f"{p}{i}" for p in "ab" for i in range(25))
    # Each cut-off was recorded twice; exactly one of each pair is current.
    assert sum(r.is_current for r in records) == 25


def test_export_then_import_gives_the_same_record(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite")
    original = store.get(store.add(record(orgs={"A01": 60, "B02": 40})))
    assert original is not None
    summary = summary_from_record(original)
    check_summary(summary)
    other = HistoryStore(tmp_path / "other.sqlite")
    copy = other.get(other.add(record_from_summary(summary, run_id=summary["run_id"])))
    assert copy is not None and copy.origin == "import"
    for field in (
        "run_id",
        "cutoff_date",
        "period_start",
        "form_period",
        "indicators",
        "ward_name",
        "organisations",
    ):
        assert getattr(copy, field) == getattr(original, field), field


def test_records_hold_aggregates_only(tmp_path: Path) -> None:
    """Nothing of a member reaches the file: the columns are fixed, and a real consolidation's
    record holds no name or birth date (checked on the file's bytes)."""
    from tests.helpers_sample import sample_orgs
    from toolkit.history.records import record_from_result
    from toolkit.pipeline import consolidate
    from toolkit.sample.rows import Period

    period = Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    orgs = sample_orgs(5, [8, 9], period)
    folder = tmp_path / "nop"
    folder.mkdir()
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    result = consolidate([folder], cutoff=period.cutoff, since=period.start)
    path = tmp_path / "h.sqlite"
    HistoryStore(path).add(record_from_result(result, tool_version="t"))
    raw = path.read_bytes()
    for org in orgs:
        for name, birth in org.people:
            assert name.encode() not in raw
            assert birth.isoformat().encode() not in raw
    conn = sqlite3.connect(path)
    columns = {
        r[1]
        for t in ("consolidation", "organisation", "source_file")
        for r in conn.execute(f"PRAGMA table_info({t})")
    }
    assert not columns & {"full_name", "birth_date", "card_no", "name", "birth"}


def test_organisations_store_their_shared_ids_once_and_an_odd_one_keeps_its_own(tmp_path: Path) -> None:
    import dataclasses
    import json

    from toolkit.history.records import OrgRecord
    from toolkit.history.store import org_totals

    shared = {"members.total": 7, "members.age_mean": 41.5, "changes.died.2025": 0}
    odd = {"members.total": 3, "members.extra": 1}  # e.g. a file of another template version
    orgs = (
        OrgRecord("A", "Chi bộ A", None, None, "consolidated", "A.xlsx", dict(shared)),
        OrgRecord("B", "Chi bộ B", None, None, "consolidated", "B.xlsx", {**shared, "members.total": 5}),
        OrgRecord("C", "Chi bộ C", None, None, "consolidated", "C.xlsx", odd),
        OrgRecord("D", "Chi bộ D", None, None, "missing", None, {}),
    )
    store = HistoryStore(tmp_path / "h.sqlite")
    original = dataclasses.replace(record(), organisations=orgs)
    new_id = store.add(original)
    conn = sqlite3.connect(tmp_path / "h.sqlite")
    (ids,) = conn.execute("SELECT org_indicator_ids FROM consolidation").fetchone()
    texts = dict(conn.execute("SELECT org_code, indicators FROM organisation").fetchall())
    conn.close()
    assert json.loads(ids) == list(shared)
    assert texts["A"] == "[7,41.5,0]" and texts["B"] == "[5,41.5,0]"
    assert json.loads(texts["C"]) == odd and texts["D"] == "{}"
    back = store.get(new_id)
    assert back is not None and back.organisations == orgs
    assert org_totals(store, new_id) == {"A": 7, "B": 5, "C": 3}
    assert store.org_figure(new_id, "members.age_mean") == {"A": 41.5, "B": 41.5}
    assert store.org_figure(new_id, "members.unknown") == {}


def test_several_figures_of_each_organisation_are_read_without_sqlite_s_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without SQLite's JSON functions, `org_figures` reads the record in Python: every id asked,
    not the first one only (review159 R2, M11: only `org_figure`, of one id, held this path).
    (A `NaN` stored for one organisation once led here, as it is no JSON to SQLite; it is now a
    damaged record, as in the ward's indicators: ward-stats writes 0.0 for a mean over nobody.)"""
    import toolkit.history.store as store_module
    from toolkit.history.records import OrgRecord

    shared = {"members.total": 7, "members.age_mean": 41.5, "changes.died.2025": 2}
    orgs = (
        OrgRecord("A", "Chi bộ A", None, None, "consolidated", "A.xlsx", dict(shared)),
        OrgRecord(
            "B", "Chi bộ B", None, None, "consolidated", "B.xlsx",
            {**shared, "members.total": 0, "members.age_mean": 0.0, "changes.died.2025": 1},
        ),
        OrgRecord("D", "Chi bộ D", None, None, "missing", None, {}),
    )  # fmt: skip
    store = HistoryStore(tmp_path / "h.sqlite")
    new_id = store.add(dataclasses.replace(record(), organisations=orgs))
    # An SQLite built without JSON functions fails on the first one `org_figures` calls.
    monkeypatch.setattr(
        store_module, "_ORG_CANDIDATES", "SELECT json_not_built_in(indicators) FROM organisation"
    )
    figures = dict(store.org_figures(new_id, ("members.total", "changes.died.2025", "members.unknown")))
    assert figures == {
        "A": {"members.total": 7, "changes.died.2025": 2},
        "B": {"members.total": 0, "changes.died.2025": 1},
    }
