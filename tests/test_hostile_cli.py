"""Every command on the hostile corpus (issue 7 item 2), as the clerk would run it.

The commands run in subprocesses with a 2 GiB address-space limit (a bomb that were inflated
would kill them) and a timeout, once per session and concurrently; the tests then read their
exit codes, outputs and JSON. The corpus folder holds every item of issue 7 beside clean
submissions (`tests/corpus.py`).
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from corpus import (
    CUTOFF,
    FORMULA_LIKE,
    FUTURE_BIRTH_DATE,
    Corpus,
    personal_strings,
    session_cached,
    session_corpus,
    tree_hashes,
)
from hostile_run import (
    CliRun,
    finish_cli,
    leaks,
    output_formulas,
    sheet_texts,
    start_cli,
)
from openpyxl import load_workbook

from toolkit.core.rules import is_personal
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.sheets import SHEET_ISSUES, SHEET_ORDER

pytestmark = pytest.mark.slow  # real processes, generated wards or large inputs: `-m "not slow"` skips them

AGGREGATE_SHEETS = ("Tổng hợp", "Theo tổ chức", "Biểu đồ", "Báo cáo")
VIETNAMESE = re.compile(r"[ăâđêôơưàáạảãầấậẩẫằắặẳẵèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]", re.I)
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s+File \".*\", line \d+", re.M)
# Big items left out of the second consolidation (the personal-data run) to keep the suite fast.
BIG_KINDS = ("rows_200k", "cols_16384")


@dataclass
class Runs:
    corpus: Corpus
    small: Path  # the corpus without the big items
    out: Path
    hashes_before: dict[str, str]
    hashes_after: dict[str, str]
    validate: CliRun
    consolidate: CliRun
    private: CliRun  # consolidate on the small corpus, by default: no member's value
    reports: dict[str, CliRun]

    def json(self, name: str) -> dict[str, Any]:
        return json.loads((self.out / name).read_text("utf-8"))


def _run_everything(corpus: Corpus) -> Runs:
    out = corpus.root.parent / "ket_qua"
    out.mkdir()
    registry = write_registry(corpus.registry, out / "danh_muc.xlsx")  # type: ignore[arg-type]
    small = corpus.root.parent / "nop_nho"
    small.mkdir()
    big = {corpus.by_kind(k).name for k in BIG_KINDS}
    for p in corpus.root.iterdir():
        if p.name not in big:
            shutil.copy2(p, small / p.name)
    before = {**tree_hashes(corpus.root), **{f"nho/{k}": v for k, v in tree_hashes(small).items()}}
    cutoff = CUTOFF.isoformat()
    common = ["--registry", str(registry), "--cutoff", cutoff]
    procs = {
        "validate": start_cli(
            ["validate", str(corpus.root), *common, "--json", str(out / "kiem_tra.json")], out
        ),
        "consolidate": start_cli(
            [
                "consolidate",
                str(corpus.root),
                *common,
                "--personal-data",  # the clerk's list of the values that are wrong
                "-o",
                str(out / "tong_hop.xlsx"),
                "--json",
                str(out / "tong_hop.json"),
            ],
            out,
        ),
        "private": start_cli(
            [
                "consolidate",
                str(small),
                *common,  # aggregates only: the default
                "-o",
                str(out / "rieng_tu.xlsx"),
                "--json",
                str(out / "rieng_tu.json"),
            ],
            out,
        ),
    }
    done = {name: finish_cli(proc) for name, proc in procs.items()}
    started = {
        f"{src}.{fmt}": start_cli(
            ["report", str(out / f"{src}.json"), "-o", str(out / f"bao_cao_{src}.{fmt}")], out
        )
        for src in ("tong_hop", "rieng_tu")
        for fmt in ("md", "docx")
        if (out / f"{src}.json").exists()
    }
    reports = {name: finish_cli(proc) for name, proc in started.items()}
    after = {**tree_hashes(corpus.root), **{f"nho/{k}": v for k, v in tree_hashes(small).items()}}
    return Runs(
        corpus, small, out, before, after, done["validate"], done["consolidate"], done["private"], reports
    )


@pytest.fixture(scope="session")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    corpus = session_corpus(tmp_path_factory)
    return session_cached("cli_runs", lambda: _run_everything(corpus))


def _all_runs(runs: Runs) -> dict[str, CliRun]:
    return {
        "validate": runs.validate,
        "consolidate": runs.consolidate,
        "private": runs.private,
        **runs.reports,
    }


# --- exit codes, no traceback, bounded time and memory ----------------------------------------


def test_every_command_finishes_with_the_exit_code_of_design_9(runs: Runs) -> None:
    # Some files have errors: validate says 1; consolidate excludes them, still writes, says 1.
    assert runs.validate.returncode == 1, runs.validate.stderr[-2000:]
    assert runs.consolidate.returncode == 1, runs.consolidate.stderr[-2000:]
    assert runs.private.returncode == 1, runs.private.stderr[-2000:]
    assert set(runs.reports) == {"tong_hop.md", "tong_hop.docx", "rieng_tu.md", "rieng_tu.docx"}
    for name, run in runs.reports.items():
        assert run.returncode == 0, (name, run.stderr)


def test_no_command_shows_a_traceback_or_runs_out_of_memory(runs: Runs) -> None:
    for name, run in _all_runs(runs).items():
        text = run.stdout + run.stderr
        assert not run.timed_out, name
        assert not TRACEBACK.search(text), (name, text[-3000:])
        assert "MemoryError" not in text and "Lỗi không mong đợi" not in text, (name, text[-3000:])


def test_outputs_are_written_despite_the_bad_files(runs: Runs) -> None:
    for name in ("kiem_tra.json", "tong_hop.xlsx", "tong_hop.json", "rieng_tu.xlsx", "rieng_tu.json"):
        assert (runs.out / name).is_file(), name
    for name in ("tong_hop.xlsx", "rieng_tu.xlsx"):
        with zipfile.ZipFile(runs.out / name) as zf:
            assert zf.testzip() is None
        assert load_workbook(runs.out / name, read_only=True).sheetnames == list(SHEET_ORDER)


# --- a clear Vietnamese issue for each bad file; the others still processed ------------------


def _issues_by_file(doc: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for issue in doc["issues"]:
        out.setdefault(issue["file"], []).append(issue)
    return out


@pytest.mark.parametrize("source", ["kiem_tra.json", "tong_hop.json"])
def test_every_bad_file_has_a_vietnamese_error_naming_it(runs: Runs, source: str) -> None:
    by_file = _issues_by_file(runs.json(source))
    problems = []
    for item in runs.corpus.expecting("excluded"):
        errors = [i for i in by_file.get(item.name, []) if i["severity"] == "error"]
        if not errors:
            problems.append(f"{item.name} ({item.kind}): no error issue")
            continue
        for issue in errors:
            if not VIETNAMESE.search(issue["message"]) or len(issue["message"]) < 30:
                problems.append(f"{item.name}: unclear message {issue['message']!r}")
    assert not problems, "\n".join(problems)


def test_validate_reports_each_candidate_file_once_with_its_status(runs: Runs) -> None:
    files = {f["file"]: f["status"] for f in runs.json("kiem_tra.json")["files"]}
    expected = {i.name for i in runs.corpus.items.values() if i.expect != "skipped"}
    assert set(files) == expected
    for item in runs.corpus.items.values():
        if item.expect == "excluded":
            assert files[item.name] == "errors", item.name
        elif item.expect == "consolidated" and item.kind.startswith("clean"):
            assert files[item.name] == "ok", item.name
        elif item.expect == "consolidated" and item.kind not in BIG_KINDS:
            assert files[item.name] in ("ok", "warnings"), item.name


def test_refusals_say_why(runs: Runs) -> None:
    """The defences answer with their own rule, not a generic failure."""
    by_file = _issues_by_file(runs.json("kiem_tra.json"))
    codes = {name: {i["code"] for i in issues} for name, issues in by_file.items()}
    c = runs.corpus
    assert "file.too_large" in codes[c.by_kind("zip_bomb").name]
    assert "file.password" in codes[c.by_kind("password").name]
    assert "file.xls" in codes[c.by_kind("old_xls").name]
    assert "file.macros" in codes[c.by_kind("vba").name]
    assert "cell.formula_no_value" in codes[c.by_kind("formula_uncached").name]
    assert "org.duplicate_file" in codes[c.by_kind("duplicate_org_a").name]
    assert "org.duplicate_file" in codes[c.by_kind("duplicate_org_b").name]
    assert codes[c.by_kind("entity_bomb").name] == {"file.unsafe"}
    assert codes[c.by_kind("external_entity").name] == {"file.unsafe"}
    negative = by_file[c.by_kind("negative_date").name]
    assert [(i["code"], i["sheet"], i["cell"]) for i in negative] == [
        ("cell.out_of_range", "Đảng viên", "C2")
    ]
    wide = [i for i in by_file[c.by_kind("cols_16384").name] if i["code"] == "file.extra_column"]
    assert len(wide) == 1  # one warning for columns P…XFD, not 16,369


def test_stderr_holds_no_rust_panic(runs: Runs) -> None:
    for name, run in _all_runs(runs).items():
        assert "panicked at" not in run.stderr and "stack backtrace" not in run.stderr, name


def test_other_files_are_consolidated_with_every_member(runs: Runs) -> None:
    orgs = {o["org_code"]: o for o in runs.json("tong_hop.json")["organisations"]}
    for item in runs.corpus.expecting("consolidated"):
        org = orgs[item.org_code]
        if item.kind in BIG_KINDS and org["status"] == "excluded":
            # Refusing a huge file is allowed, but only as "too large".
            codes = {i["code"] for i in runs.json("tong_hop.json")["issues"] if i["file"] == item.name}
            assert "file.too_large" in codes, item.name
            continue
        assert org["status"] == "consolidated", item.name
        assert org["file"] == item.name
        if item.org_code in runs.corpus.members_by_org:
            assert org["indicators"]["members.total"] == runs.corpus.members_by_org[item.org_code], item.name
    for item in runs.corpus.expecting("excluded"):
        if item.org_code in orgs:
            assert orgs[item.org_code]["status"] in ("excluded", "missing"), item.name
    assert orgs["T99"]["status"] == "missing"


def test_lock_files_are_skipped_silently(runs: Runs) -> None:
    skipped = {i.name for i in runs.corpus.expecting("skipped")}
    assert skipped == {"~$T01_sach.xlsx", ".~lock.T01_sach.xlsx#"}
    for source in ("kiem_tra.json", "tong_hop.json", "rieng_tu.json"):
        doc = runs.json(source)
        named = {i["file"] for i in doc["issues"]} | {f["file"] for f in doc.get("files", [])}
        named |= {o.get("file") for o in doc.get("organisations", [])}
        assert not skipped & named, source


# --- inputs never modified --------------------------------------------------------------------


def test_inputs_are_byte_identical_after_every_command(runs: Runs) -> None:
    assert runs.hashes_before == runs.hashes_after
    assert len(runs.hashes_before) == 2 * len(runs.corpus.items) - len(BIG_KINDS)
    assert not any(p.name.startswith(".~ws-tmp-") for p in runs.corpus.root.iterdir())


# --- no formula from user strings, no macro -------------------------------------------------


@pytest.mark.parametrize("workbook", ["tong_hop.xlsx", "rieng_tu.xlsx"])
def test_no_user_string_is_written_as_a_formula(runs: Runs, workbook: str) -> None:
    path = runs.out / workbook
    user_bits = [*FORMULA_LIKE, "HYPERLINK", "evil", "cmd", "SUM(A1)", "T17"]
    for sheet, cell, formula in output_formulas(path):
        assert '"' not in formula, (sheet, cell, formula)  # a toolkit formula has no text literal
        assert not leaks(formula, user_bits), (sheet, cell, formula)
    texts = sheet_texts(path)
    # …and the hostile strings did arrive, as text.
    assert FORMULA_LIKE[4] in texts["Theo tổ chức"]  # the organisation named "=1+1"
    assert runs.corpus.by_kind("formula_strings").name in texts["Nguồn số liệu"]


def test_formula_like_values_are_echoed_as_text_in_kiem_tra(runs: Runs) -> None:
    ws = load_workbook(runs.out / "tong_hop.xlsx", read_only=True)[SHEET_ISSUES]
    cells = [c for row in ws.iter_rows() for c in row if getattr(c, "value", None) == FORMULA_LIKE[0]]
    assert cells
    assert all(c.data_type == "s" for c in cells)


def test_no_macro_reaches_any_output(runs: Runs) -> None:
    for path in runs.out.iterdir():
        if path.suffix in (".xlsx", ".docx"):
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
                assert not [n for n in names if "vbaproject" in n.lower()], path.name
                assert "macroEnabled" not in zf.read("[Content_Types].xml").decode(), path.name
        assert b"Auto_Open" not in path.read_bytes(), path.name


# --- personal data ----------------------------------------------------------------------------


@pytest.mark.parametrize("stem", ["tong_hop", "rieng_tu"])
def test_aggregates_hold_no_names_or_birth_dates(runs: Runs, stem: str) -> None:
    secrets = personal_strings(runs.corpus.people)
    assert len(secrets) > 200
    texts = sheet_texts(runs.out / f"{stem}.xlsx")
    for sheet in AGGREGATE_SHEETS:
        assert not leaks(texts[sheet], secrets), sheet
    doc = runs.json(f"{stem}.json")
    assert not leaks(json.dumps(doc["indicators"], ensure_ascii=False), secrets)
    for org in doc["organisations"]:
        assert not leaks(json.dumps(org, ensure_ascii=False), secrets), org["org_code"]
    for fmt in ("md", "docx"):
        report = runs.out / f"bao_cao_{stem}.{fmt}"
        text = report.read_text("utf-8") if fmt == "md" else _docx_text(report)
        assert not leaks(text, secrets), report.name


def _docx_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _issue_rows(path: Path) -> list[dict[str, Any]]:
    ws = load_workbook(path, read_only=True)[SHEET_ISSUES]
    rows = list(ws.iter_rows(values_only=True))
    header_at = next(i for i, r in enumerate(rows) if r and "Giá trị" in r)
    header = rows[header_at]
    return [
        dict(zip(header, r, strict=False)) for r in rows[header_at + 1 :] if any(v is not None for v in r)
    ]


def test_kiem_tra_shows_the_offending_personal_values_to_the_clerk(runs: Runs) -> None:
    item = runs.corpus.by_kind("personal_values")
    rows = [r for r in _issue_rows(runs.out / "tong_hop.xlsx") if r.get("Tệp") == item.name]
    shown = {str(r["Giá trị"]) for r in rows if r.get("Giá trị") is not None}
    assert FUTURE_BIRTH_DATE.strftime("%d/%m/%Y") in shown
    values = {i["value"] for i in runs.json("tong_hop.json")["issues"] if i["file"] == item.name}
    assert FUTURE_BIRTH_DATE.strftime("%d/%m/%Y") in values


def test_no_personal_data_blanks_every_members_value_in_kiem_tra_and_json(runs: Runs) -> None:
    rows = _issue_rows(runs.out / "rieng_tu.xlsx")
    item = runs.corpus.by_kind("personal_values")
    assert any(r.get("Tệp") == item.name for r in rows)
    members = [r for r in rows if is_personal(r["Mã lỗi"], r.get("Sheet"))]
    assert members and all(r.get("Giá trị") in (None, "") for r in members)
    doc = runs.json("rieng_tu.json")
    personal = [i for i in doc["issues"] if is_personal(i["code"], i["sheet"])]
    assert personal and all(i["value"] is None for i in personal)


def test_no_personal_data_leaves_no_name_or_date_in_any_message(runs: Runs) -> None:
    """Messages quote names and birth dates to help the clerk when asked (--personal-data); by
    default they are not in the messages either (the corpus has duplicated people and a
    future birth date)."""
    secrets = personal_strings(runs.corpus.people)
    public = runs.json("tong_hop.json")["issues"]
    assert any(leaks(i["message"], secrets) for i in public)  # the check below can fail
    private = runs.json("rieng_tu.json")["issues"]
    assert private and not any(leaks(i["message"], secrets) for i in private)
    assert any("[đã ẩn]" in i["message"] for i in private)
    texts = sheet_texts(runs.out / "rieng_tu.xlsx")
    assert not leaks(texts[SHEET_ISSUES], secrets)
