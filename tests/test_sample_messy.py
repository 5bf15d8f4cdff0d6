"""Messy typing (toolkit.sample.messy): every retyped cell is valid input that the real reader
reads back to the clean value with exactly one `norm.*` warning, on the cells messy reports."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import Counter
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from helpers_sample import is_grouped, listed_cells, sample_orgs

from toolkit.core import layout, vocab
from toolkit.core.model import Registry
from toolkit.io import legacy, normalize
from toolkit.io.legacy import from_tcvn3, from_vni
from toolkit.io.reader import read_submission
from toolkit.outputs.publish import write_outputs
from toolkit.outputs.sheets import SHEET_ISSUES
from toolkit.outputs.sheets.cells import HEADER_ROW
from toolkit.outputs.status import file_lines
from toolkit.pipeline import consolidate
from toolkit.sample.messy import (
    Messiness,
    MessyChange,
    category_variants,
    legacy_typed,
    legacy_writable,
    messy_rows,
    messy_submission,
    nfd,
    to_tcvn3,
    to_vni,
)
from toolkit.sample.names import NameSource
from toolkit.sample.rows import OrgRows, Period
from toolkit.validation import validate_files

PERIOD = Period(dt.date(2020, 1, 1), dt.date(2026, 3, 31))
HEAVY = Messiness(dates=0.4, categories=0.3, numbers=0.2, legacy=0.15, nfd=0.1, spaces=0.1)
NORM_CODES = {
    "norm.date_text",
    "norm.category",
    "norm.number_text",
    "norm.legacy_encoding",
    "norm.unicode",
    "norm.spaces",
}


def _orgs(seed: int, sizes: list[int]) -> list[OrgRows]:
    return sample_orgs(seed, sizes, PERIOD, prefix="M")


# --- legacy encoders and variants -------------------------------------------------------------


def test_legacy_encoders_write_what_the_reader_decodes() -> None:
    names = NameSource(21, accept=legacy_writable)
    for _ in range(200):
        name = names.name("female")
        assert from_tcvn3(to_tcvn3(name)) == name
        assert nfd(from_vni(to_vni(name))) == nfd(name)
    with pytest.raises(ValueError):
        to_tcvn3("Ánh")  # a capital with a tone mark needs the upper-case .VnTimeH font
    assert not legacy_writable("Ánh")


def test_legacy_typed_names_are_only_those_the_reader_recognises_without_a_font() -> None:
    names = NameSource(22)
    typed: Counter[str] = Counter()
    for _ in range(300):
        name = names.name("male")
        for encoding, decode in (("tcvn3", from_tcvn3), ("vni", from_vni)):
            text = legacy_typed(name, encoding)
            if text is not None:
                typed[encoding] += 1
                assert text != name and nfd(decode(text)) == nfd(name)
                assert legacy.detect_legacy(text) == encoding and not normalize.is_clean_text(text)
    assert typed["tcvn3"] > 250 and typed["vni"] > 150  # most names, either way
    assert legacy_typed("Nguyen Van An", "tcvn3") is None  # plain ASCII: nothing to convert


@pytest.mark.parametrize("spec", layout.DATA_SHEETS, ids=lambda s: s.name)
def test_category_variants_are_the_vocabularys_own_spellings(spec: layout.SheetSpec) -> None:
    for f in spec.fields:
        if f.vocab is None:
            continue
        for term in f.vocab.terms:
            for text in category_variants(spec.name, f.key, term.code):
                own = text in term.aliases or vocab.fold_key(text) == vocab.fold_key(term.label)
                assert own, (f.key, term.code, text)
                assert f.vocab.lookup(text) == term and text != term.label


def test_some_aliases_secretaries_type_are_among_the_variants() -> None:
    members = layout.MEMBERS.name
    assert "THPT" in category_variants(members, "gen_edu", "upper_secondary")
    assert {"nam", "NAM"} <= set(category_variants(members, "gender", "male"))
    assert "NỮ" in category_variants(members, "gender", "female")
    assert "ThS" in category_variants(members, "prof_level", "master")
    assert "CN" in category_variants(members, "theory_level", "bachelor")
    assert "Thạc sĩ" not in category_variants(members, "prof_level", "master")  # that is the label


# --- retyping rows ----------------------------------------------------------------------------


def test_same_seed_same_typing_and_the_clean_rows_are_left_alone() -> None:
    org = _orgs(31, [60])[0]
    before = [dict(m) for m in org.members]
    a = messy_submission(org, seed=5, messiness=HEAVY)
    b = messy_submission(org, seed=5, messiness=HEAVY)
    c = messy_submission(org, seed=6, messiness=HEAVY)
    assert a.rows == b.rows and a.changes == b.changes
    assert a.rows.members != c.rows.members
    assert org.members == before


def test_dates_are_typed_as_text_in_the_share_asked_in_mixed_formats() -> None:
    org = _orgs(32, [400])[0]
    dates = [f.key for f in layout.MEMBERS.fields if f.kind == "date"]
    filled = sum(1 for m in org.members for k in dates if m[k] is not None)
    for share in (0.3, 0.6):
        rows, changes = messy_rows(org.members, layout.MEMBERS, random.Random(1), Messiness(dates=share))
        typed = [rows[c.index][c.key] for c in changes if c.code == "norm.date_text"]
        assert abs(len(typed) / filled - share) < 0.05
        formats = Counter(
            "d/m/yyyy"
            if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", t)
            else "dd-mm-yyyy"
            if re.fullmatch(r"\d{2}-\d{2}-\d{4}", t)
            else "yyyy-mm-dd"
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t)
            else t
            for t in typed
        )
        assert set(formats) == {"d/m/yyyy", "dd-mm-yyyy", "yyyy-mm-dd"}


def test_no_messiness_changes_nothing() -> None:
    org = _orgs(33, [50])[0]
    none = Messiness(dates=0, categories=0, numbers=0, legacy=0, nfd=0, spaces=0)
    typed = messy_submission(org, seed=1, messiness=none)
    assert typed.changes == [] and typed.rows.members == org.members


def test_shares_outside_zero_to_one_are_refused() -> None:
    with pytest.raises(ValueError):
        Messiness(dates=1.5)


# --- through the real reader and validation ---------------------------------------------------


def _expected_warnings(file: str, changes: list[MessyChange]) -> Counter[tuple[str, str, str, str]]:
    """The reader's warnings for these changed cells: one per column and code, at the first
    changed cell of the column."""
    by_column: dict[tuple[str, str, str], list[MessyChange]] = {}
    for c in changes:
        by_column.setdefault((c.sheet, c.key, c.code), []).append(c)
    return Counter(
        (file, sheet, min(cells, key=lambda c: c.index).cell, code)
        for (sheet, _, code), cells in by_column.items()
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A few organisations written clean and messy (small ones so that some warnings cover one
    cell, large ones so that most cover many)."""
    root = tmp_path_factory.mktemp("messy")
    (root / "sach").mkdir()
    (root / "nop").mkdir()
    orgs = _orgs(34, [8, 15, 120, 300])
    clean, messy, changes = [], [], {}
    for i, org in enumerate(orgs):
        code = org.organisation.org_code
        typed = messy_submission(org, seed=i, messiness=HEAVY)
        clean.append(org.write(root / "sach" / f"{code}.xlsx"))
        messy.append(typed.rows.write(root / "nop" / f"{code}.xlsx"))
        changes[f"{code}.xlsx"] = typed
    registry = Registry([o.organisation for o in orgs])
    run = validate_files(messy, registry=registry, cutoff=PERIOD.cutoff)
    return {
        "root": root,
        "registry": registry,
        "run": run,
        "clean": clean,
        "messy": messy,
        "changes": changes,
    }


def test_messy_files_validate_with_one_norm_warning_per_column_and_code(written: dict) -> None:
    run = written["run"]
    assert [i for i in run.issues if i.is_error] == []
    assert {i.code for i in run.issues} <= NORM_CODES
    found = Counter((i.file, i.sheet, i.cell, i.code) for i in run.issues)
    expected: Counter[tuple[str, str, str, str]] = Counter()
    for file, typed in written["changes"].items():
        expected += _expected_warnings(file, typed.changes)
    assert found == expected
    sizes = Counter(len(listed_cells(i)) == 1 for i in run.issues)
    assert sizes[True] and sizes[False]  # warnings about one cell and about many both checked
    tally = sum((t.tally for t in written["changes"].values()), Counter())
    assert set(tally) == NORM_CODES  # every kind of change was made and recognised


def test_every_corrected_cell_lies_in_the_listed_cells_of_exactly_one_warning(written: dict) -> None:
    listed: Counter[tuple[str, str, str]] = Counter()
    for issue in written["run"].issues:
        cells = listed_cells(issue)
        assert issue.cell == cells[0]  # the warning sits at (and links to) its first cell
        listed.update((issue.file, issue.sheet, c) for c in cells)
    changed = Counter(
        (file, c.sheet, c.cell) for file, typed in written["changes"].items() for c in typed.changes
    )
    assert listed == changed  # no cell lost, none listed twice, none listed that was not changed


def test_without_personal_data_a_grouped_warning_keeps_its_cells_and_hides_its_example(
    written: dict,
) -> None:
    grouped = [i for i in written["run"].issues if is_grouped(i) and i.code == "norm.date_text"]
    assert grouped
    for issue in grouped:
        private = issue.without_personal_data()
        assert private.value is None and issue.value and issue.value not in private.message
        assert listed_cells(private) == listed_cells(issue)
        assert private.message.endswith(
            f"ví dụ ô {issue.cell}: Đã hiểu ngày ghi dạng văn bản (giá trị [đã ẩn])."
        )


def test_the_issue_sheet_has_one_correction_row_per_file_sheet_column_and_code(
    written: dict, tmp_path: Path
) -> None:
    result = consolidate(
        [written["root"] / "nop"], cutoff=PERIOD.cutoff, registry=written["registry"], ward_name="Phường Thử"
    )
    write_outputs(result, tmp_path / "tong_hop.xlsx", tmp_path / "tong_hop.json")
    ws = openpyxl.load_workbook(tmp_path / "tong_hop.xlsx")[SHEET_ISSUES]
    header = [c.value for c in ws[HEADER_ROW + 1]]
    col = {name: header.index(name) for name in ("Tệp", "Sheet", "Ô", "Cột", "Mã lỗi")}
    rows = [r for r in ws.iter_rows(min_row=HEADER_ROW + 2) if r[col["Mã lỗi"]].value]
    keys = Counter(tuple(r[col[n]].value for n in ("Tệp", "Sheet", "Cột", "Mã lỗi")) for r in rows)
    assert keys and all(k[3] in NORM_CODES for k in keys)
    assert max(keys.values()) == 1
    assert len(rows) == len(written["run"].issues)
    for r in rows:  # the link opens the source file at the warning's first cell
        link = r[col["Ô"]].hyperlink
        assert link is not None and link.target.endswith(r[col["Tệp"]].value)
        assert link.location == f"'{r[col['Sheet']].value}'!{r[col['Ô']].value}"


def test_the_reader_reads_every_messy_cell_back_to_the_clean_value(written: dict) -> None:
    for clean_path, messy_path in zip(written["clean"], written["messy"], strict=True):
        clean, messy = read_submission(clean_path), read_submission(messy_path)
        assert clean.info == messy.info
        for sheet in ("members", "events", "years"):
            pd.testing.assert_frame_equal(getattr(clean, sheet), getattr(messy, sheet))


def test_the_reader_reads_messy_files_without_pandas_and_gives_what_pandas_gets(
    written: dict, tmp_path: Path
) -> None:
    """The command line forks its reading workers before it loads pandas, so nothing on the
    reader's path may import it: a fresh interpreter reads the messy (and clean) files with
    pandas never loaded, and what it sends equals what this process reads."""
    import pickle
    import subprocess
    import sys

    paths = [*written["messy"], *written["clean"]]
    dump = tmp_path / "read.pickle"
    code = (
        "import pickle, sys\n"
        "from pathlib import Path\n"
        "from toolkit.io.reader import read_submission\n"
        "subs = [read_submission(Path(p)) for p in sys.argv[2:]]\n"
        "Path(sys.argv[1]).write_bytes(pickle.dumps(subs))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pandas'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(dump), *map(str, paths)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
    sent = pickle.loads(dump.read_bytes())
    assert len(sent) == len(paths)
    for got, path in zip(sent, paths, strict=True):
        want = read_submission(path)
        assert got.path == want.path and got.info == want.info
        assert [i.to_json() for i in got.issues] == [i.to_json() for i in want.issues]
        for attr in ("members", "events", "years"):
            pd.testing.assert_frame_equal(getattr(got, attr), getattr(want, attr))
    assert any(i.code == "norm.number_text" for s in sent for i in s.issues)  # counts typed as text


def _runs(keys: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """`keys` with each run of equal keys made one: a key met in two runs is not contiguous."""
    return [k for n, k in enumerate(keys) if n == 0 or keys[n - 1] != k]


def _in_clerk_order(places: list[tuple[str, str, str]]) -> None:
    """`places` (file, sheet, column), one per correction row as listed: in a file, its sheets
    in the template's order (`Đảng viên` before `Biến động`, not by name: hunt190 F5), and each
    column's rows together, never interleaved with another column's."""
    sheets = [(f, s) for f, s, _ in places]
    order = {s: n for n, s in enumerate(layout.SHEET_ORDER)}
    assert len(_runs(sheets)) == len(set(sheets))  # one block per file and sheet
    for file in {f for f, _ in sheets}:
        seen = [s for f, s in _runs(sheets) if f == file]
        assert seen == sorted(seen, key=order.__getitem__), (file, seen)
    assert {layout.SHEET_MEMBERS, layout.SHEET_EVENTS} <= {s for _, s in sheets}  # the case checked
    assert len(_runs(places)) == len(set(places))  # one block per file, sheet and column
    columns = Counter((f, s, c) for f, s, c in places)
    assert max(columns.values()) > 1  # a column with two codes (date and spaces…) is among them


def test_the_issues_are_listed_in_the_files_sheet_order_each_corrected_column_together(
    written: dict, tmp_path: Path
) -> None:
    result = consolidate(
        [written["root"] / "nop"], cutoff=PERIOD.cutoff, registry=written["registry"], ward_name="Phường Thử"
    )
    write_outputs(result, tmp_path / "tong_hop.xlsx", tmp_path / "tong_hop.json")
    ws = openpyxl.load_workbook(tmp_path / "tong_hop.xlsx")[SHEET_ISSUES]
    header = [c.value for c in ws[HEADER_ROW + 1]]
    col = {name: header.index(name) for name in ("Tệp", "Sheet", "Ô", "Cột", "Mã lỗi")}
    rows = [r for r in ws.iter_rows(min_row=HEADER_ROW + 2, values_only=True) if r[col["Mã lỗi"]]]
    assert len(rows) == len(result.issues)
    _in_clerk_order([(r[col["Tệp"]], r[col["Sheet"]], r[col["Cột"]]) for r in rows])
    # The JSON summary lists them in the same order.
    listed = json.loads((tmp_path / "tong_hop.json").read_text(encoding="utf-8"))["issues"]
    assert [(i["file"], i["sheet"], i["cell"], i["code"]) for i in listed] == [
        (r[col["Tệp"]], r[col["Sheet"]], r[col["Ô"]], r[col["Mã lỗi"]]) for r in rows
    ]
    # `ward-stats validate` on the console: each file's lines in the same order.
    lines = file_lines(written["run"].submissions)
    by_line = {(i.file, i.sheet, i.cell, i.code): (i.file, i.sheet, i.column) for i in written["run"].issues}
    said = re.compile(r"^  \[[^\]]+\] ([^!]+)!(\S+) \(([^)]+)\):")
    file = ""
    console = []
    for line in lines:
        if line.startswith("== "):
            file = line[3:].split(" ", 1)[0]
        elif m := said.match(line):
            console.append(by_line[(file, m.group(1), m.group(2), m.group(3))])
    assert len(console) == len(written["run"].issues)
    _in_clerk_order(console)
