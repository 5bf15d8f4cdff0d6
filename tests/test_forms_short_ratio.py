"""The "(%) kỳ này so với cùng kỳ năm trước" column of Biểu 1–3 is empty on a line whose figure,
this year's or last year's, is known to be short: a count note of the form counts, in either
column, members (admissions, transfers, organisations) that the line leaves out. A ward whose
files were half of template 2026.1 last year printed "Dân tộc thiểu số 36 | 18 | 200 %" while
half of last year's members were of unknown ethnicity; a roll-up summed such a ward with
others and printed the same kind of ratio for the province. The note of that count now says
the line's ratio is empty, and why.

Two wards consolidated by the real CLI, each into its own real history: ward A at 31/12/2025
from files half of template 2026.1, half of the current one, then at 31/12/2026 from files of
the current template; ward B both years from files of the current template. The roll-up reads
both wards' second JSON summaries.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_history import consolidated_into
from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core import layout
from toolkit.forms.compute import fill_form
from toolkit.forms.tables import BIEU_1, FORMS
from toolkit.sample.as_of import as_of
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 12, 31))
LAST_YEAR = dt.date(2025, 12, 31)
SHORT = "để trống: tỷ lệ tính từ số chưa đủ sẽ sai lệch."
FIRST_LINE_ROW = 9  # the renderer's first line (toolkit.outputs.sheets.forms.HEADER + 3)
COMPARISONS = {"bieu1": "Biểu 1-BTCTW", "bieu2": "Biểu 2-BTCTW", "bieu3": "Biểu 3-BTCTW"}


def _ward(tmp: Path, name: str, seed: int, sizes: list[int], old: int) -> dict[str, Any]:
    """Both years of a ward into its history; `old` of its organisations' files were of template
    2026.1 last year."""
    orgs = sample_orgs(seed, sizes, PERIOD)
    history = tmp / f"lich_su_{seed}.sqlite"
    runs: dict[str, Any] = {}
    for label, cutoff in (("last", LAST_YEAR), ("now", PERIOD.cutoff)):
        folder = tmp / f"nop_{seed}_{label}"
        folder.mkdir()
        for n, org in enumerate(orgs):
            version = layout.VERSION_2026_1 if label == "last" and n < old else layout.TEMPLATE_VERSION
            rows = org if cutoff == PERIOD.cutoff else as_of(org, cutoff)
            rows.write(folder / f"{org.organisation.org_code}.xlsx", version=version)
        out = tmp / f"tong_hop_{seed}_{label}.xlsx"
        runs[label] = consolidated_into(folder, cutoff, history, out, ward=name)
        runs[f"{label}_xlsx"] = out
    return runs


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("short_ratio")
    a = _ward(tmp, "Phường Thử", 7, [40, 55, 30, 62], old=2)
    b = _ward(tmp, "Phường Hai", 11, [45, 38], old=0)
    out = tmp / "cap_tren.xlsx"
    args = ["rollup", str(a["now_xlsx"].with_suffix(".json")), str(b["now_xlsx"].with_suffix(".json"))]
    done = CliRunner().invoke(main, [*args, "-o", str(out), "--json", str(out.with_suffix(".json"))])
    assert done.exit_code == 0, done.output
    rollup = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return {"a": a, "b": b, "rollup": rollup, "rollup_xlsx": out}


def _cells(path: Path, summary: dict[str, Any], form: str) -> dict[str, tuple[Any, Any, Any]]:
    """(this period, last year, %) of every line of `form` in the workbook, by the line's key
    (the rows in the JSON's order, as the renderer lays them; the empty rows that start the
    table's last lines on a new printed page skipped)."""
    ws = openpyxl.load_workbook(path)[COMPARISONS[form]]
    lines = (r for r in range(FIRST_LINE_ROW, ws.max_row + 1) if ws.cell(r, 1).value is not None)
    cells = {}
    for r, row in zip(lines, summary["forms"][form], strict=False):
        values = [ws.cell(r, col).value for col in (1, 2, 3, 4)]
        assert str(values[0]).endswith(row["label"]), (values, row)
        cells[row["row"]] = (values[1], values[2], values[3])
    assert len(cells) == len(summary["forms"][form])
    return cells


def _notes(path: Path, form: str) -> list[str]:
    ws = openpyxl.load_workbook(path)[COMPARISONS[form]]
    return [
        str(c.value).removeprefix("Ghi chú: ")
        for c in ws["A"]
        if isinstance(c.value, str) and c.value.startswith("Ghi chú: ")
    ]


def _short(indicators: dict[str, Any], form: str) -> set[str]:
    """The keys of the lines some count note of `form` counts as leaving out a part not 0 in
    `indicators` (read here from the JSON summary, apart from the code under test)."""
    spec = next(f for f in FORMS if f.code == form)
    keys = set()
    for note in spec.count_notes:
        count = sum(indicators.get(i, 0) for i in note.ids) - sum(indicators.get(i, 0) for i in note.minus)
        if count:
            keys.update(note.lines)
    return keys


def test_a_count_notes_lines_are_lines_of_its_form() -> None:
    for form in FORMS:
        keys = {line.key for line in form.lines if hasattr(line, "ids") and line.has_figure}
        for note in form.count_notes:
            assert set(note.lines) <= keys, (form.code, set(note.lines) - keys)


def test_the_wards_ratio_is_empty_where_last_years_figure_is_short(runs) -> None:
    now, last = runs["a"]["now"], runs["a"]["now"]["previous"]["indicators"]
    # Half of last year's members were of unknown ethnicity, union membership, …; this year's
    # files leave nothing unknown.
    assert 0 < last["members.ethnicity.unknown"] < last["members.total"]
    assert now["indicators"]["members.ethnicity.unknown"] == 0
    cells = _cells(runs["a"]["now_xlsx"], now, "bieu3")
    for key in ("I.ethnic_minority", "I.religious", "I.youth_union"):
        this, before, ratio = cells[key]
        assert this and before, key  # both figures there: a ratio could be taken, and misleads
        assert ratio is None, (key, cells[key])
    # The lines no count note concerns keep their ratio.
    assert cells["I.female"][2] == pytest.approx(round(cells["I.female"][0] * 100 / cells["I.female"][1], 2))
    notes = _notes(runs["a"]["now_xlsx"], "bieu3")
    ethnicity = [t for t in notes if "chưa rõ dân tộc" in t]
    assert len(ethnicity) == 1 and ethnicity[0].startswith("Ở cột “Cùng kỳ năm trước”, ")
    assert ethnicity[0].endswith(f"Cột (%) của các dòng không tính số này {SHORT}"), ethnicity
    assert all(unicodedata.is_normalized("NFC", t) for t in notes)


@pytest.mark.parametrize("form", sorted(COMPARISONS))
def test_every_short_line_of_the_ward_and_the_roll_up_has_no_ratio(runs, form: str) -> None:
    """Every line a count note names, its count not 0 this year or last, has an empty (%);
    every other line with both figures (the earlier not 0) has its ratio; in Biểu 2 and 3 some
    short line had both, so that the ratio would have been printed (the sample's few transfers
    leave Biểu 1's a and b lines 0 last year: the test of Biểu 1's transfer lines below)."""
    would_have = 0
    for summary, path in ((runs["a"]["now"], runs["a"]["now_xlsx"]), (runs["rollup"], runs["rollup_xlsx"])):
        short = _short(summary["indicators"], form) | _short(summary["previous"]["indicators"], form)
        for key, (this, before, ratio) in _cells(path, summary, form).items():
            both = isinstance(this, int | float) and isinstance(before, int | float) and before != 0
            if key in short:
                assert ratio is None, (path.name, form, key, this, before, ratio)
                would_have += both
            elif both and key != "II.2.mean":
                assert ratio is not None, (path.name, form, key, this, before)
        if short:
            assert any(SHORT in t for t in _notes(path, form)), (path.name, form)
    assert would_have or form == "bieu1", form


def test_biểu_1s_transfer_lines_of_unknown_scope_last_year_have_no_ratio() -> None:
    """Last year, one transfer in of a 2026.1 file (no scope) besides one of each scope: "a)
    Tỉnh khác chuyển đến 1 | 1 | 100 %" compared a complete count with one that may leave a
    transfer out."""
    period = (dt.date(2026, 1, 1), PERIOD.cutoff)
    scopes = ("same_province", "other_province", "unknown", "internal")
    current = {"period.transfer_in": 2} | {f"period.transfer_in.{s}": 0 for s in scopes}
    current |= {"period.transfer_in.same_province": 1, "period.transfer_in.other_province": 1}
    previous = current | {"period.transfer_in": 3, "period.transfer_in.unknown": 1}
    filled = fill_form(BIEU_1, current, previous, period=period)
    cells = {f.line.key: f.values for f in filled.lines}
    assert cells["B.2"] == (2, 3, 66.67)  # the whole counts every transfer: its ratio stays
    assert cells["B.2.a"] == (1, 1, None) and cells["B.2.b"] == (1, 1, None)
    assert any(
        t.endswith(f"không ở dòng a hoặc b. Cột (%) của các dòng không tính số này {SHORT}")
        for t in filled.notes
    ), filled.notes
    # This year's short figure empties the ratio as well: a ratio of a short count misleads too.
    swapped = fill_form(BIEU_1, previous, current, period=period)
    assert {f.line.key: f.values[2] for f in swapped.lines}["B.2.a"] is None


def test_the_roll_up_does_not_print_a_doubling_of_minorities(runs) -> None:
    """The roll-up of ward A (half its last year of unknown ethnicity) and ward B: last year's
    column sums both wards' known figures, so "Dân tộc thiểu số" roughly doubled; no ratio."""
    rollup = runs["rollup"]
    assert rollup["previous"]["indicators"]["members.ethnicity.unknown"] > 0
    cells = _cells(runs["rollup_xlsx"], rollup, "bieu3")
    this, before, ratio = cells["I.ethnic_minority"]
    assert this and before and ratio is None, cells["I.ethnic_minority"]
    ward_b = _cells(runs["b"]["now_xlsx"], runs["b"]["now"], "bieu3")
    assert ward_b["I.ethnic_minority"][2] is not None  # a ward known in full keeps its ratio
