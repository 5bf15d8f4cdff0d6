"""Biểu 2's part III counts the registry's grassroots organisations, as `Tổng hợp` does (hunt155
F5).

It counted the consolidated ones only: with a đảng bộ cơ sở's file missing, `Tổng hợp` and the
report said 2 đảng bộ cơ sở (the registry's) and Biểu 2's "Đảng bộ cơ sở" 1. The registry knows
each organisation's tier, so the line counts them all (`orgs.grassroots.<tier>.not_consolidated`
beside those consolidated); the lines under it ("Có kết nạp đảng viên", "Không còn quần chúng")
need the files and stay over those consolidated, with a note of how many are not and no ratio.
A history record of an older version, without the new count, still gives last year's column
when its run left nothing out, and an empty one, said, when it did.

Real workbooks of the template, a registry CSV, a real SQLite history, the CLI (`CliRunner`).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl

from tests.helpers_history import run_cli
from tests.helpers_validate import clean_info
from tests.test_opening_reorganised import change, people
from toolkit.core import vocab
from toolkit.forms.compute import fill_form
from toolkit.forms.tables import BIEU_2
from toolkit.outputs.template import write_submission

LAST, NOW = dt.date(2025, 3, 31), dt.date(2026, 3, 31)
# (code, name, tier): two đảng bộ cơ sở, a chi bộ cơ sở, a chi bộ trực thuộc.
ORGS = [
    ("D01", "Đảng bộ Trường học", "dang_bo_co_so"),
    ("D02", "Đảng bộ Bệnh viện", "dang_bo_co_so"),
    ("C01", "Chi bộ Công an", "chi_bo_co_so"),
    ("T01", "Chi bộ Tổ dân phố số 1", "chi_bo_truc_thuoc"),
]
NOTE = (
    "1 đảng bộ cơ sở chưa được tổng hợp (chưa nộp hoặc tệp có lỗi): có trong dòng “Đảng bộ cơ sở” "
    "của mục III nhưng chưa rõ có kết nạp đảng viên hay không, còn quần chúng hay không, nên không tính vào "
    "các dòng dưới dòng đó."
)


def _registry(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        writer.writerow(["Mã tổ chức", "Tên tổ chức đảng", "Cấp tổ chức", "Khối", "Bí thư"])
        for code, name, tier in ORGS:
            writer.writerow(
                [code, name, vocab.ORG_TIER.label(tier), vocab.SECTOR.label("to_dan_pho"), f"Bí thư {code}"]
            )
    return path


def _run(root: Path, label: str, cutoff: dt.date, submitted: list[str], failing: str = "") -> dict[str, Any]:
    """Each organisation of `submitted` sends its file (one admission in D01's and C01's this
    year), consolidated into the history of `root`; `failing`'s file records the death of a
    member still on its roll, an error that excludes it."""
    folder = root / label
    folder.mkdir(parents=True)
    for n, (code, name, tier) in enumerate(ORGS, start=1):
        if code not in submitted:
            continue
        roll = people(n, 4)
        admitted = [change(roll[0], "admitted", dt.date(cutoff.year, 2, 1))] if code in ("D01", "C01") else []
        info = clean_info(
            org_code=code,
            org_name=name,
            org_tier=tier,
            secretary=f"Bí thư {code}",
            cutoff_date=cutoff,
            period_start=dt.date(cutoff.year, 1, 1),
            prepared_on=cutoff + dt.timedelta(days=2),
        )
        members = [{**m, "row_no": i} for i, m in enumerate(roll, start=1)]
        if admitted:
            members[0] |= {
                "admission_date": dt.date(cutoff.year, 2, 1),
                "official_date": None,
                "card_no": None,
            }
        if code == failing:
            admitted.append(change(roll[1], "died", dt.date(cutoff.year, 2, 10)))
        events = [{**e, "row_no": i} for i, e in enumerate(admitted, start=1)]
        write_submission(folder / f"{code}.xlsx", info=info, members=members, events=events)
    out = root / f"{label}.xlsx"
    result = run_cli(
        "consolidate", folder, "--registry", _registry(root / f"{label}.csv"), "--cutoff",
        cutoff.strftime("%d/%m/%Y"), "-o", out, "--json", out.with_suffix(".json"), "--history",
        root / "lich_su.sqlite", "--ward-name", "Phường Thử",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


def _part_iii(summary: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {
        r["row"]: (r["current"], r["previous"])
        for r in summary["forms"]["bieu2"]
        if r["row"].startswith("III")
    }


def _sheet(book: Path) -> tuple[list[tuple[Any, ...]], list[str]]:
    """Part III's lines of the sheet (label and the three figures), and the form's notes."""
    ws = openpyxl.load_workbook(book)["Biểu 2-BTCTW"]
    rows = [r for r in ws.iter_rows(values_only=True) if r[0]]
    notes = [str(r[0]).removeprefix("Ghi chú: ") for r in rows if str(r[0]).startswith("Ghi chú: ")]
    at = next(i for i, r in enumerate(rows) if str(r[0]).startswith("III."))
    return [tuple(r[:4]) for r in rows[at : at + 9]], notes


def test_part_iii_counts_the_registrys_organisations_with_a_file_missing(tmp_path: Path) -> None:
    every = [code for code, _, _ in ORGS]
    _run(tmp_path, "last", LAST, every)
    now = _run(tmp_path, "now", NOW, [c for c in every if c != "D02"])
    ind = now["indicators"]
    assert ind["orgs.tier.dang_bo_co_so"] == 2  # what `Tổng hợp` and the report say
    assert ind["orgs.grassroots.dang_bo_co_so.not_consolidated"] == 1
    assert ind["orgs.grassroots.chi_bo_co_so.not_consolidated"] == 0
    rows = _part_iii(now)
    assert rows["III"] == (3, 3) and rows["III.1"] == (2, 2) and rows["III.2"] == (1, 1)
    assert rows["III.1.with_admission"] == (1, 1)  # of those consolidated: D01 (D02 not known)
    cells, notes = _sheet(tmp_path / "now.xlsx")
    # This run lacks D02 and last year's did not: the two columns are not of the same
    # organisations, so no line has a (%), the registry's counts neither (one note says why).
    assert cells[1] == ("1. Đảng bộ cơ sở", 2, 2, None)
    assert cells[3] == ("- Có kết nạp đảng viên", 1, 1, None)  # under "Đảng bộ cơ sở": short
    assert cells[5] == ("2. Chi bộ cơ sở", 1, 1, None)
    assert cells[7] == ("- Có kết nạp đảng viên", 1, 1, None)
    assert [t for t in notes if t.startswith("Cột (%) để trống: số liệu kỳ này chỉ gồm 3/4 tổ chức")]
    (said,) = [t for t in notes if "chưa được tổng hợp (chưa nộp" in t and "mục III" in t]
    assert said == NOTE, said  # the column's note says why its (%) is empty, this one need not
    assert all(unicodedata.is_normalized("NFC", t) for t in notes)


def test_an_excluded_organisation_is_counted_as_one_not_consolidated(tmp_path: Path) -> None:
    """D02's file is sent but excluded for its error: not consolidated, as a missing file is
    (review159 R2, M7: counting only the missing ones went untested)."""
    every = [code for code, _, _ in ORGS]
    _run(tmp_path, "last", LAST, every)
    now = _run(tmp_path, "now", NOW, every, failing="D02")
    assert [i["org_code"] for i in now["organisations"] if i["status"] == "excluded"] == ["D02"]
    ind = now["indicators"]
    assert ind["orgs.grassroots.dang_bo_co_so.not_consolidated"] == 1
    assert ind["orgs.grassroots.chi_bo_co_so.not_consolidated"] == 0
    rows = _part_iii(now)
    assert rows["III"] == (3, 3) and rows["III.1"] == (2, 2) and rows["III.1.with_admission"] == (1, 1)
    cells, notes = _sheet(tmp_path / "now.xlsx")
    assert cells[1] == ("1. Đảng bộ cơ sở", 2, 2, None)
    assert NOTE in notes, notes


def test_a_complete_run_has_nothing_left_out(tmp_path: Path) -> None:
    now = _run(tmp_path, "now", NOW, [code for code, _, _ in ORGS])
    assert _part_iii(now)["III.1"][0] == 2
    assert not any("mục III nhưng chưa rõ" in t for t in _sheet(tmp_path / "now.xlsx")[1])


def _strip_new_counts(db_path: Path) -> None:
    """The history's records as an older version wrote them: without the new counts."""
    db = sqlite3.connect(db_path)
    try:
        for row_id, stored in db.execute("SELECT id, indicators FROM consolidation").fetchall():
            old = {k: v for k, v in json.loads(stored).items() if not k.endswith(".not_consolidated")}
            db.execute("UPDATE consolidation SET indicators = ? WHERE id = ?", (json.dumps(old), row_id))
        db.commit()
    finally:
        db.close()


def test_an_older_record_of_a_complete_run_still_gives_last_years_column(tmp_path: Path) -> None:
    every = [code for code, _, _ in ORGS]
    _run(tmp_path, "last", LAST, every)
    _strip_new_counts(tmp_path / "lich_su.sqlite")
    rows = _part_iii(_run(tmp_path, "now", NOW, [c for c in every if c != "D02"]))
    assert rows["III"] == (3, 3) and rows["III.1"] == (2, 2)


def test_an_older_record_of_a_partial_run_leaves_last_years_column_empty(tmp_path: Path) -> None:
    """Its part III counted the consolidated only: last year's figure of the line whose tier
    lacked an organisation is not known; the other tier's, every organisation of it there, is."""
    every = [code for code, _, _ in ORGS]
    _run(tmp_path, "last", LAST, [c for c in every if c != "D02"])
    _strip_new_counts(tmp_path / "lich_su.sqlite")
    now = _run(tmp_path, "now", NOW, every)
    rows = _part_iii(now)
    assert rows["III"] == (3, None) and rows["III.1"] == (2, None) and rows["III.2"] == (1, 1)
    cells, notes = _sheet(tmp_path / "now.xlsx")
    assert cells[1] == ("1. Đảng bộ cơ sở", 2, None, None)
    assert any("dòng ở cột “Cùng kỳ năm trước” để trống" in t for t in notes), notes


def test_a_summary_without_the_counts_fills_part_iii_as_its_coverage_allows() -> None:
    """The same rule read by the forms, for a summary (a roll-up's ward) as for a record."""
    period = (dt.date(2026, 1, 1), NOW)
    base = {"orgs.registered": 4, "orgs.consolidated": 4, "orgs.unregistered": 0}
    base |= {f"orgs.grassroots.{t}": 1 for t in ("dang_bo_co_so", "chi_bo_co_so")}
    lines = {f.line.key: f.values for f in fill_form(BIEU_2, base, base, period=period).lines}
    assert lines["III"][:2] == (2, 2)
    # One organisation left out, of no grassroots tier as far as the counts tell (each tier's
    # organisations all there): 0 of each is left out. Else not known.
    tiers = {"orgs.tier.dang_bo_co_so": 1, "orgs.tier.chi_bo_co_so": 1}
    partial = base | {"orgs.consolidated": 3} | tiers
    lines = {f.line.key: f.values for f in fill_form(BIEU_2, partial, partial, period=period).lines}
    assert lines["III"][:2] == (2, 2)
    partial |= {"orgs.tier.dang_bo_co_so": 2}
    lines = {f.line.key: f.values for f in fill_form(BIEU_2, partial, partial, period=period).lines}
    assert lines["III"][:2] == (None, None) and lines["III.2"][:2] == (1, 1)
