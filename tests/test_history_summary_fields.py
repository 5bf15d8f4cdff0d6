"""A record's export is the summary that was recorded (fixK): `history export` wrote a summary
without the run's `target_years` (the period's years with an admission target, a target typed
0 included) and `name_accent_pairs` (the pairs of rows counted as two people though their
names differ only by accents), so the report of an export said "chưa có chỉ tiêu" of a year
typed 0 and its notes lost the pairs. Schema version 4 stores both; a record stored before it
(or imported from a summary without them) exports as it did, without them.

Real wards consolidated through the command line with their history beside the output, real
SQLite files (a version-3 file made from a real one by dropping the new columns)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from helpers_ward import Ward, consolidate, organisation, pristine, ward  # noqa: F401 (fixtures)

from tests.helpers_history import digest, record
from tests.helpers_sample import sample_orgs, with_other_tone_death
from tests.schema_check import assert_valid_summary
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.history.store import HistoryStore
from toolkit.outputs.registry_file import write_registry
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
PAIRS = "có họ tên chỉ khác nhau ở dấu (cùng ngày sinh) được tính là hai người"


def _cli(*args: Any) -> Result:
    done = CliRunner().invoke(main, [str(a) for a in args])
    assert done.exit_code == 0, done.output
    return done


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _export(history: Path, record_id: int, target: Path) -> dict[str, Any]:
    _cli("history", "export", record_id, "--json", target, "--history", history)
    doc = _load(target)
    assert_valid_summary(doc)
    return doc


def _report(summary: Path) -> str:
    md = summary.with_suffix(".md")
    _cli("report", summary, "-o", md)
    return " ".join(md.read_text(encoding="utf-8").split())


def _version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_the_report_of_an_export_says_a_target_typed_0_is_0_as_the_run_s_own_does(
    ward: Ward,  # noqa: F811
    tmp_path: Path,
) -> None:
    from corpus import CUTOFF

    year = CUTOFF.year
    orgs = [organisation(c) for c in ("K01", "K02", "K03")]
    orgs[0].targets[year] = 0  # typed 0: a target of 0, not "no target yet"
    registry = write_registry(Registry(orgs), tmp_path / "danh_muc_0.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    done = consolidate(ward, out, registry=registry)
    history = out / "lich_su_tong_hop.sqlite"
    assert history.is_file(), done.output
    own = _load(out / "tong_hop.json")
    assert own["target_years"] == [year] and own["indicators"][f"targets.{year}"] == 0

    exported = _export(history, 1, tmp_path / "xuat.json")
    assert exported["target_years"] == own["target_years"]
    assert exported["name_accent_pairs"] == own["name_accent_pairs"] == 0
    said = f"chỉ tiêu kết nạp năm {year} là 0 nên không tính"
    assert said in _report(out / "tong_hop.json")
    text = _report(tmp_path / "xuat.json")
    assert said in text, text
    assert f"chưa có chỉ tiêu kết nạp năm {year}" not in text, text


def test_the_accent_pairs_survive_record_export_import_and_export(tmp_path: Path) -> None:
    nop = tmp_path / "nop"
    nop.mkdir()
    orgs = sample_orgs(31, [12, 9], PERIOD, prefix="D")
    orgs[0] = with_other_tone_death(orgs[0])
    for org in orgs:
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    out = tmp_path / "ket_qua"
    out.mkdir()
    _cli(
        "consolidate", nop, "--cutoff", "31/03/2026", "--since", "01/01/2025", "--ward-name", "Phường Đông",
        "-o", out / "tong_hop.xlsx", "--json", out / "tong_hop.json",
    )  # fmt: skip
    own = _load(out / "tong_hop.json")
    assert own["name_accent_pairs"] == 1
    history = out / "lich_su_tong_hop.sqlite"

    first = _export(history, 1, tmp_path / "xuat.json")
    assert first["name_accent_pairs"] == 1
    assert first["target_years"] == own["target_years"] == []  # no registry: no year has a target
    other = tmp_path / "khac" / "lich_su_tong_hop.sqlite"
    other.parent.mkdir()
    _cli("history", "import", tmp_path / "xuat.json", "--history", other)
    again = _export(other, 1, tmp_path / "xuat_lai.json")
    assert (again["name_accent_pairs"], again["target_years"]) == (1, [])
    # The notes said from the export: the report, and the forms of a roll-up of it.
    assert f"1 cặp dòng {PAIRS}" in _report(tmp_path / "xuat_lai.json")
    rolled = tmp_path / "cap_tren"
    rolled.mkdir()
    _cli("rollup", tmp_path / "xuat_lai.json", "-o", rolled / "r.xlsx", "--json", rolled / "r.json")
    assert _load(rolled / "r.json")["name_accent_pairs"] == 1


def _schema_3_history(path: Path) -> Path:
    """A history of one record as version 3 of the file wrote it (no `target_years`, no
    `name_accent_pairs`), made with the migrations up to 3."""
    HistoryStore(path).add(record(run_id="v3", orgs={"A01": 60}, total=60))
    conn = sqlite3.connect(path)
    for column in ("target_years", "name_accent_pairs", "partial_target_years"):
        conn.execute(f"ALTER TABLE consolidation DROP COLUMN {column}")
    conn.execute("ALTER TABLE source_file DROP COLUMN copy_of")
    conn.execute("DROP TABLE removed_id")
    conn.execute("ALTER TABLE consolidation DROP COLUMN merged_from")
    conn.execute("ALTER TABLE consolidation DROP COLUMN registry_used")
    conn.execute("ALTER TABLE consolidation DROP COLUMN registry_none")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    return path


def test_a_history_of_schema_3_exports_as_before_and_migrates_with_the_next_record(tmp_path: Path) -> None:
    path = _schema_3_history(tmp_path / "lich_su_tong_hop.sqlite")
    before = digest(path)
    old = _export(path, 1, tmp_path / "cu.json")
    assert "target_years" not in old and "name_accent_pairs" not in old
    assert old["indicators"]["members.total"] == 60
    assert digest(path) == before  # reading migrates nothing

    store = HistoryStore(path)
    newer = record(dt.date(2026, 3, 31), run_id="v4", orgs={"A01": 61}, total=61)
    store.add(replace(newer, target_years=(2026,), name_accent_pairs=2))
    assert _version(path) == 9
    new = _export(path, 2, tmp_path / "moi.json")
    assert (new["target_years"], new["name_accent_pairs"]) == ([2026], 2)
    # The record stored before the migration still exports without them (not known).
    assert _export(path, 1, tmp_path / "cu_lai.json") == old


def test_an_older_summary_imported_exports_without_the_fields_and_removal_keeps_them(tmp_path: Path) -> None:
    """An imported summary without the fields (an older build's) is stored with them NULL and
    exported without them; the copy `history remove` keeps has them when the record had them,
    and the record added back from it keeps them."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    store = HistoryStore(history)
    store.add(record(run_id="old", orgs={"A01": 60}, total=60))
    known = replace(
        record(dt.date(2026, 3, 31), run_id="new"), target_years=(2025, 2026), name_accent_pairs=3
    )
    store.add(known)
    conn = sqlite3.connect(history)
    stored = conn.execute("SELECT target_years, name_accent_pairs FROM consolidation ORDER BY id")
    assert stored.fetchall() == [(None, None), ("[2025,2026]", 3)]
    conn.close()
    older = _export(history, 1, tmp_path / "cu.json")
    assert "target_years" not in older and "name_accent_pairs" not in older
    other = tmp_path / "khac.sqlite"
    _cli("history", "import", tmp_path / "cu.json", "--history", other)
    assert _export(other, 1, tmp_path / "cu_lai.json") == older

    removed = _cli("history", "remove", "2", "--yes", "--history", history)
    copies = sorted((tmp_path / "lich_su_da_xoa").glob("*.json"))
    assert len(copies) == 1, removed.output
    copy = _load(copies[0])
    assert (copy["target_years"], copy["name_accent_pairs"]) == ([2025, 2026], 3)
    _cli("history", "import", copies[0], "--history", history)
    back = HistoryStore(history).get(2)
    assert back is not None and (back.target_years, back.name_accent_pairs) == ((2025, 2026), 3)
