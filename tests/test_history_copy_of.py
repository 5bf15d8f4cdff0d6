"""The history keeps which file a byte-identical copy was a copy of (review187 F2): it kept no
`copy_of`, so `history export` wrote the copy as a file left out with no reason, even over the
run's own JSON, and `history show` counted it among the files read with nothing said. Schema
version 6 stores it (`source_file.copy_of`); a history of an earlier version opens, keeps its
records, exports them as before and is migrated with the next record.

Real files: the sample ward's workbooks with a Windows "- Copy" beside one, consolidated through
the command line into a real SQLite history."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from schema_check import assert_valid_summary

from tests.helpers_history import digest
from toolkit.cli import main
from toolkit.history.schema import SCHEMA_VERSION
from toolkit.history.store import HistoryStore
from toolkit.outputs.template import submission_filename
from toolkit.sample.ward import build_sample_ward

CODES = ("HD03", "HD04", "HD10")


def _cli(*args: Any) -> Result:
    done = CliRunner().invoke(main, [str(a) for a in args])
    assert done.exit_code == 0, done.output
    return done


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def copied(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Three organisations' files, HD04's with a byte-identical "- Copy" beside it."""
    orgs = {o.organisation.org_code: o for o in build_sample_ward().orgs}
    folder = tmp_path_factory.mktemp("history_copy") / "nop"
    folder.mkdir()
    for code in CODES:
        orgs[code].write(folder / submission_filename(orgs[code].organisation))
    original = folder / submission_filename(orgs["HD04"].organisation)
    copy = shutil.copyfile(original, folder / f"{original.stem} - Copy.xlsx")
    return folder, original, copy


def _consolidate(folder: Path, out: Path, history: Path) -> dict[str, Any]:
    out.mkdir(exist_ok=True)
    summary = out / "tong_hop.json"
    _cli(
        "consolidate", folder, "--cutoff", "31/03/2026", "-o", out / "tong_hop.xlsx", "--json", summary,
        "--history", history, "--ward-name", "Phường Thử",
    )  # fmt: skip
    return _load(summary)


def test_the_export_of_a_run_with_a_copy_is_its_summary_copy_of_included(
    copied: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    folder, original, copy = copied
    history = tmp_path / "lich_su_tong_hop.sqlite"
    run = _consolidate(folder, tmp_path / "ra", history)
    said = {s["file"]: s["copy_of"] for s in run["sources"]}
    assert said[copy.name] == original.name

    exported = tmp_path / "xuat.json"
    _cli("history", "export", 1, "--json", exported, "--history", history)
    export = _load(exported)
    assert_valid_summary(export)
    assert export["sources"] == run["sources"]
    # Over the run's own JSON (allowed): what the run said of the copy stays.
    own = tmp_path / "ra" / "tong_hop.json"
    _cli("history", "export", 1, "--json", own, "--history", history)
    assert _load(own)["sources"] == run["sources"]
    # Imported elsewhere, the record keeps it too.
    other = tmp_path / "khac.sqlite"
    _cli("history", "import", exported, "--history", other)
    _cli("history", "export", 1, "--json", tmp_path / "lai.json", "--history", other)
    assert _load(tmp_path / "lai.json")["sources"] == run["sources"]

    shown = _cli("history", "show", 1, "--history", history).output
    assert "tệp đã đọc: 4 (bỏ qua 1 bản sao giống hệt tệp khác)." in shown, shown


def _schema_5_history(folder: Path, path: Path) -> Path:
    """A history of one run with a copy as schema version 5 wrote it: made by this version, then
    its `source_file.copy_of` dropped, as the migrations up to 5 made the file."""
    _consolidate(folder, path.parent / "cu", path)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE source_file DROP COLUMN copy_of")
    conn.execute("ALTER TABLE consolidation DROP COLUMN merged_from")
    conn.execute("ALTER TABLE consolidation DROP COLUMN registry_used")
    conn.execute("ALTER TABLE consolidation DROP COLUMN registry_none")
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    return path


def test_a_history_of_schema_5_opens_keeps_its_records_and_migrates_with_the_next_run(
    copied: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    folder, original, copy = copied
    path = _schema_5_history(folder, tmp_path / "lich_su_tong_hop.sqlite")
    before = digest(path)
    _cli("history", "export", 1, "--json", tmp_path / "cu.json", "--history", path)
    old = _load(tmp_path / "cu.json")
    assert_valid_summary(old)
    # Not known in a record of version 5: the copy exported as before, without `copy_of`.
    assert {s["file"]: s["copy_of"] for s in old["sources"]}[copy.name] is None
    shown = _cli("history", "show", 1, "--history", path).output
    assert "tệp đã đọc: 4." in shown, shown
    assert digest(path) == before  # reading migrates nothing

    run = _consolidate(folder, tmp_path / "moi", path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
    stored = conn.execute("SELECT consolidation_id, copy_of FROM source_file WHERE copy_of IS NOT NULL")
    assert stored.fetchall() == [(2, original.name)]
    conn.close()
    assert [r.id for r in HistoryStore(path).records()] == [1, 2]
    _cli("history", "export", 2, "--json", tmp_path / "moi.json", "--history", path)
    assert _load(tmp_path / "moi.json")["sources"] == run["sources"]
    # The record stored before the migration still exports as it did.
    _cli("history", "export", 1, "--json", tmp_path / "cu_lai.json", "--history", path)
    assert _load(tmp_path / "cu_lai.json") == old
