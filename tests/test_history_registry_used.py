"""The history keeps whether a run had a registry (`registry_used`, schema version 8, fix310).

A run without one counts as `orgs.registered` the organisations that sent a file, and its
`Tổng hợp` names section A's base "tổ chức đã nộp tệp" (fix308). A record did not keep that, so
`history show` (which prints sections A and B as the sheet does), `history export` and the report
of an export said "tổ chức trong danh mục" for the same run. A history of schema version 7
opens, keeps its records (read as a registry's, as before) and is migrated with the next run.

Real files: three organisations of the sample ward consolidated through the command line into
a real SQLite history."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from schema_check import assert_valid_summary

from tests.helpers_history import digest
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.report_files import render_markdown
from toolkit.outputs.sheets import SHEET_SUMMARY
from toolkit.outputs.template import submission_filename
from toolkit.sample.ward import build_sample_ward

CODES = ("HD03", "HD04", "HD10")
SENT = "tổ chức đã nộp tệp"
IN_REGISTRY = "tổ chức trong danh mục"


def _cli(*args: Any) -> Result:
    done = CliRunner().invoke(main, [str(a) for a in args])
    assert done.exit_code == 0, done.output
    return done


def _load(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Three organisations' files, and a registry of exactly those three."""
    sample = build_sample_ward()
    orgs = {o.organisation.org_code: o for o in sample.orgs}
    base = tmp_path_factory.mktemp("history_registry_used")
    folder = base / "nop"
    folder.mkdir()
    for code in CODES:
        orgs[code].write(folder / submission_filename(orgs[code].organisation))
    registry = write_registry(Registry([orgs[c].organisation for c in CODES]), base / "danh_muc.xlsx")
    return folder, registry


def _consolidate(folder: Path, out: Path, history: Path, *registry: Any) -> Path:
    out.mkdir()
    _cli(
        "consolidate", folder, "--cutoff", "31/03/2026", "-o", out / "x.xlsx", "--json", out / "x.json",
        "--history", history, "--ward-name", "Phường Thử", *registry,
    )  # fmt: skip
    return out / "x.xlsx"


def _sheet_bases(workbook: Path) -> set[str]:
    """The words of section A's bases on `Tổng hợp` (column D, "tổ chức … (3)")."""
    ws = load_workbook(workbook)[SHEET_SUMMARY]
    found = set()
    for row in ws.iter_rows(min_row=6, values_only=True):
        if row[0] == "B. ĐẢNG VIÊN":
            break
        if isinstance(row[3], str):
            found.add(re.sub(r" \(\d+\)$", "", row[3]))
    return found


def _shown_bases(history: Path, number: int) -> set[str]:
    """The words of section A's bases as `history show` prints them ("… trên cơ sở X: 3)")."""
    shown = _cli("history", "show", number, "--history", history).output
    section_a = shown.split("A. TỔ CHỨC ĐẢNG")[1].split("B. ĐẢNG VIÊN")[0]
    # The count itself, with no base, names it too when it is not the registry's (fix318).
    total = "Tổng số tổ chức đảng trực thuộc" + ("" if "trong danh mục" in section_a else " đã nộp tệp")
    assert f"\n  {total}: 3\n" in section_a, section_a
    return set(re.findall(r"trên cơ sở ([^:]+): \d+\)", section_a))


def _report_bases(summary: dict[str, Any]) -> set[str]:
    return set(re.findall(r"\| (tổ chức [^|(]+) \(3\) \|", render_markdown(summary)))


def _stored(history: Path) -> list[tuple[int, int | None]]:
    conn = sqlite3.connect(history)
    try:
        return conn.execute("SELECT id, registry_used FROM consolidation ORDER BY id").fetchall()
    finally:
        conn.close()


def test_a_run_without_a_registry_is_shown_and_exported_as_its_sheet_says(
    ward: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, registry = ward
    history = tmp_path / "lich_su_tong_hop.sqlite"
    bare = _consolidate(folder, tmp_path / "khong", history)
    with_registry = _consolidate(folder, tmp_path / "co", history, "--registry", registry)
    assert _sheet_bases(bare) == {SENT} and _sheet_bases(with_registry) == {IN_REGISTRY}
    # `history show` prints section A in the words of each run's own sheet.
    assert _shown_bases(history, 1) == {SENT}
    assert _shown_bases(history, 2) == {IN_REGISTRY}
    assert _stored(history) == [(1, 0), (2, 1)]
    for number, words, used in ((1, SENT, False), (2, IN_REGISTRY, True)):
        exported = tmp_path / f"xuat{number}.json"
        _cli("history", "export", number, "--json", exported, "--history", history)
        export = _load(exported)
        assert_valid_summary(export)
        assert export["registry_used"] is used
        assert _report_bases(export) == {words}
        # Imported elsewhere, the record keeps it, and exports it again.
        other = tmp_path / f"khac{number}.sqlite"
        _cli("history", "import", exported, "--history", other)
        assert _stored(other) == [(1, int(used))]
        assert _shown_bases(other, 1) == {words}
    # A roll-up fed from the export of the run without a registry says so of its base: its one
    # ward lacked one, so all did: "đã nộp tệp", as the ward's own sheet (fix331).
    _cli(
        "rollup", tmp_path / "xuat1.json", "-o", tmp_path / "tinh.xlsx", "--json", tmp_path / "tinh.json",
        "--name", "Tỉnh Thử",
    )  # fmt: skip
    assert _load(tmp_path / "tinh.json")["registry_used"] is False
    assert _load(tmp_path / "tinh.json")["registry_none"] is True
    assert _sheet_bases(tmp_path / "tinh.xlsx") == {SENT}


def test_a_history_of_schema_7_opens_keeps_its_records_and_migrates_with_the_next_run(
    ward: tuple[Path, Path], tmp_path: Path
) -> None:
    """A file schema version 7 wrote (no `registry_used`): its record of a run without a
    registry reads as before (not known: a registry's words, no field in its export), reading
    migrates nothing, and the next run migrates it and stores its own."""
    folder, _ = ward
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _consolidate(folder, tmp_path / "cu", history)
    conn = sqlite3.connect(history)  # back to the file schema version 7 wrote
    conn.execute("ALTER TABLE consolidation DROP COLUMN registry_used")
    conn.execute("ALTER TABLE consolidation DROP COLUMN registry_none")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    before = digest(history)
    assert _shown_bases(history, 1) == {IN_REGISTRY}
    _cli("history", "export", 1, "--json", tmp_path / "cu.json", "--history", history)
    old = _load(tmp_path / "cu.json")
    assert_valid_summary(old)
    assert "registry_used" not in old
    assert digest(history) == before  # reading migrates nothing

    _consolidate(folder, tmp_path / "moi", history)
    conn = sqlite3.connect(history)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 9
    finally:
        conn.close()
    assert _stored(history) == [(1, None), (2, 0)]
    assert _shown_bases(history, 2) == {SENT}
    # The record stored before the migration still exports as it did.
    _cli("history", "export", 1, "--json", tmp_path / "cu_lai.json", "--history", history)
    assert _load(tmp_path / "cu_lai.json") == old
