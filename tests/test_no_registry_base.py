"""A run without a registry counts as `orgs.registered` the organisations that sent a file
(docs/design.md §6): its outputs name that base so, "tổ chức đã nộp tệp", never "tổ chức trong
danh mục" (fix308). Without `--registry`, and with a registry of the template's example row
alone (`registry.example_only`, not used); a registry's run still says "trong danh mục". The
summary JSON says which (`registry_used`), so that the report read from it names the base as
the workbook does, and a roll-up of a ward without one says so of that ward."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.io.registry import EXAMPLE_ORGANISATION
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.report_files import render_markdown
from toolkit.outputs.sheets import SHEET_SUMMARY
from toolkit.outputs.summary_lines import target_scope
from toolkit.sample.ward_figures import CUTOFF

IN_REGISTRY = "tổ chức trong danh mục (72)"
SENT = "tổ chức đã nộp tệp (72)"


def _run(sample_ward: Path, out: Path, *registry: str) -> tuple[list[str], dict]:
    """The demo's 72 files consolidated into `out`: the bases of section A of `Tổng hợp` (column
    D, down to section B), and the summary JSON."""
    out.mkdir()
    args = ["consolidate", str(sample_ward / "nop"), "--cutoff", CUTOFF.isoformat(), *registry]
    args += ["-o", str(out / "x.xlsx"), "--json", str(out / "x.json"), "--no-history"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    (out / "console.txt").write_text(result.output, encoding="utf-8")
    ws = load_workbook(out / "x.xlsx")[SHEET_SUMMARY]
    bases = []
    for row in ws.iter_rows(min_row=6, values_only=True):
        if row[0] == "B. ĐẢNG VIÊN":
            break
        if isinstance(row[3], str):
            bases.append(row[3])
    return bases, json.loads((out / "x.json").read_text(encoding="utf-8"))


# The sheets whose row 3 says whether every organisation's figures are in (`write_coverage`).
COVERAGE_SHEETS = ("Tổng hợp", "Biến động theo năm", "Xếp loại theo năm", "Biểu đồ", "Xu hướng")


def _row_3(out: Path) -> set[str]:
    book = load_workbook(out / "x.xlsx")
    return {book[name]["A3"].value for name in COVERAGE_SHEETS}


def _total_label(workbook: Path) -> str:
    """The words of section A's first line, the `orgs.registered` count (no base column)."""
    rows = list(load_workbook(workbook)[SHEET_SUMMARY].iter_rows(min_row=6, values_only=True))
    at = next(n for n, row in enumerate(rows) if row[0] == "A. TỔ CHỨC ĐẢNG")
    label, count, base = rows[at + 1][0], rows[at + 1][1], rows[at + 1][3]
    assert isinstance(count, int) and base is None, rows[at + 1]
    return str(label)


def _console(out: Path) -> list[str]:
    return (out / "console.txt").read_text(encoding="utf-8").splitlines()


def _report_bases(summary: dict) -> list[str]:
    return [line for line in render_markdown(summary).splitlines() if "(72) |" in line]


@pytest.mark.parametrize("how", ["none", "example_only"])
def test_without_a_registry_the_base_is_the_organisations_that_sent(
    sample_ward: Path, tmp_path: Path, how: str
) -> None:
    extra: tuple[str, ...] = ()
    if how == "example_only":
        example = write_registry(Registry([EXAMPLE_ORGANISATION]), tmp_path / "dm.xlsx")
        extra = ("--registry", str(example))
    bases, summary = _run(sample_ward, tmp_path / "out", *extra)
    assert len(bases) == 10  # submitted, consolidated, 3 tiers, 5 sectors
    assert set(bases) == {SENT}
    assert summary["registry_used"] is False
    # Section A's first line has no base column: it says itself what 72 is (review317 N2).
    assert _total_label(tmp_path / "out" / "x.xlsx") == "Tổng số tổ chức đảng trực thuộc đã nộp tệp"
    if how == "example_only":
        assert any(i["code"] == "registry.example_only" for i in summary["issues"])
    report = _report_bases(summary)
    assert report and all(SENT in line and "danh mục" not in line for line in report)
    # Row 3: every file sent is in, but no registry said who should have sent one (fix310).
    assert _row_3(tmp_path / "out") == {
        "Đã tổng hợp số liệu của 72/72 tổ chức đã nộp tệp (không có danh mục để biết tổ chức nào chưa nộp)."
    }
    # The console's count says the same; the example row's own line says why there is none.
    first = _console(tmp_path / "out")[0]
    assert first.startswith("Đã tổng hợp 72/72 tổ chức đã nộp tệp, 4.216 đảng viên"), first
    no_registry = "; không có danh mục tổ chức nên không biết tổ chức nào chưa nộp."
    assert first.endswith(no_registry) == (how == "none"), first


def test_a_registrys_run_still_says_in_the_registry(sample_ward: Path, tmp_path: Path) -> None:
    bases, summary = _run(
        sample_ward, tmp_path / "out", "--registry", str(sample_ward / "danh_muc_to_chuc.xlsx")
    )
    assert len(bases) == 10 and set(bases) == {IN_REGISTRY}
    assert summary["registry_used"] is True
    assert _total_label(tmp_path / "out" / "x.xlsx") == "Tổng số tổ chức đảng trực thuộc"
    report = _report_bases(summary)
    assert report and all(IN_REGISTRY in line for line in report)
    assert _row_3(tmp_path / "out") == {"Đã tổng hợp đủ số liệu của 72/72 tổ chức."}
    assert _console(tmp_path / "out")[0].startswith("Đã tổng hợp 72/72 tổ chức, 4.216 đảng viên")
    # A summary of an older version, without the field, had a registry as before.
    del summary["registry_used"]
    assert all(IN_REGISTRY in line for line in _report_bases(summary))


def test_a_rollup_of_a_ward_without_a_registry_says_so(sample_ward: Path, tmp_path: Path) -> None:
    _, summary = _run(sample_ward, tmp_path / "out")
    wards = tmp_path / "wards"
    wards.mkdir()
    for n, name in enumerate(("Phường Một", "Phường Hai")):
        ward = dict(summary, ward_name=name, run_id=f"{summary['run_id']}-{n}")
        if name == "Phường Hai":  # a registry's run (as an older summary, without the field)
            del ward["registry_used"]
            # another ward's organisations (a ward's own run is never added twice)
            ward["organisations"] = [dict(o, org_code=f"X{o['org_code']}") for o in summary["organisations"]]
            ward["sources"] = [dict(f, org_code=f"X{f['org_code']}") for f in summary["sources"]]
        (wards / f"{name}.json").write_text(json.dumps(ward, ensure_ascii=False), encoding="utf-8")
    args = [
        "rollup",
        *map(str, sorted(wards.glob("*.json"))),
        "--name",
        "Đảng bộ Thử",
        "-o",
        str(tmp_path / "r.xlsx"),
    ]
    args += ["--json", str(tmp_path / "r.json")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    rolled = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert rolled["registry_used"] is False
    ws = load_workbook(tmp_path / "r.xlsx")[SHEET_SUMMARY]
    texts = [
        row[3] for row in ws.iter_rows(min_row=6, max_row=12, values_only=True) if isinstance(row[3], str)
    ]
    assert texts and all(t == "tổ chức trong danh mục hoặc đã nộp tệp (144)" for t in texts)
    total = _total_label(tmp_path / "r.xlsx")
    assert total == "Tổng số tổ chức đảng trực thuộc trong danh mục hoặc đã nộp tệp"
    # A roll-up's row 3 counts the wards given, which it knows: "đủ" there is checked.
    assert ws["A3"].value == "Đã tổng hợp đủ số liệu của 2/2 phường."
    # The report's first sentence names that base too (review317).
    assert "có 144 tổ chức đảng trong danh mục hoặc đã nộp tệp, trong đó có " in _first_sentence(rolled)


def test_the_targets_scope_of_a_run_without_a_registry_names_no_registry() -> None:
    """A ward's target typed without a registry (the `.xlsm`'s “Chỉ tiêu kết nạp năm chốt”), one
    file of three not consolidated: the rate's note names the ward's target, not a registry's."""
    ind = {"orgs.registered": 3, "orgs.submitted": 3, "orgs.consolidated": 2, "orgs.unregistered": 0}
    with_registry = target_scope(ind)
    assert with_registry is not None and "(mọi tổ chức trong danh mục)" in with_registry
    assert target_scope(ind, registry_used=False) == (
        "Tỷ lệ đạt chỉ tiêu tính theo chỉ tiêu của cả đảng bộ, còn số kết nạp mới gồm 2/3 tổ chức "
        "đã tổng hợp, nên tỷ lệ thực tế có thể cao hơn."
    )


def _first_sentence(summary: dict) -> str:
    """The report's sentence on the organisations (its first paragraph's first sentence)."""
    text = next(line for line in render_markdown(summary).splitlines() if line.startswith("Tính đến ngày"))
    return text.split(". ")[0]


def test_the_reports_first_sentence_counts_the_files_sent_without_a_registry(
    sample_ward: Path, tmp_path: Path
) -> None:
    """Without a registry, 72 is the organisations that sent a file: the report's first sentence
    said "toàn Đảng bộ phường có 72 tổ chức đảng", a ward total nothing told it (review317: false
    as soon as one organisation has not sent). It says they are those that sent a file, as row 3
    does; a registry's run (or an older summary, without the field) still gives the ward's."""
    _, summary = _run(sample_ward, tmp_path / "out")
    sent = "có 72 tổ chức đảng đã nộp tệp (không có danh mục để biết tổ chức nào chưa nộp), trong đó có 11 "
    assert sent in _first_sentence(summary)
    del summary["registry_used"]
    assert "có 72 tổ chức đảng, trong đó có 11 " in _first_sentence(summary)


@pytest.mark.parametrize("registries", [(False, False), (True, True)], ids=["all_lacked", "none_lacked"])
def test_a_rollup_whose_wards_all_or_none_lacked_a_registry_names_one_base(
    sample_ward: Path, tmp_path: Path, registries: tuple[bool, bool]
) -> None:
    """A roll-up whose wards ALL ran without a registry names the base "tổ chức đã nộp tệp", as
    each ward's own outputs did, never "trong danh mục hoặc đã nộp tệp" (fix331: one flag per
    ward could not tell "some" from "all"); one whose wards all had one says "trong danh mục"."""
    registry = ["--registry", str(sample_ward / "danh_muc_to_chuc.xlsx")] if registries[0] else []
    _, summary = _run(sample_ward, tmp_path / "out", *registry)
    assert summary["registry_used"] is registries[0]
    wards = tmp_path / "wards"
    wards.mkdir()
    for n, name in enumerate(("Phường Một", "Phường Hai")):
        ward = dict(summary, ward_name=name, run_id=f"{summary['run_id']}-{n}")
        if n:  # another ward's organisations (a ward's own run is never added twice)
            ward["organisations"] = [dict(o, org_code=f"X{o['org_code']}") for o in summary["organisations"]]
            ward["sources"] = [dict(f, org_code=f"X{f['org_code']}") for f in summary["sources"]]
        (wards / f"{name}.json").write_text(json.dumps(ward, ensure_ascii=False), encoding="utf-8")
    args = ["rollup", *map(str, sorted(wards.glob("*.json"))), "--name", "Đảng bộ Thử"]
    args += ["-o", str(tmp_path / "r.xlsx"), "--json", str(tmp_path / "r.json")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    rolled = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert rolled["registry_used"] is registries[0]
    base = "tổ chức đã nộp tệp" if not registries[0] else "tổ chức trong danh mục"
    ws = load_workbook(tmp_path / "r.xlsx")[SHEET_SUMMARY]
    texts = [
        row[3] for row in ws.iter_rows(min_row=6, max_row=12, values_only=True) if isinstance(row[3], str)
    ]
    assert texts and all(t == f"{base} (144)" for t in texts), texts
    total = _total_label(tmp_path / "r.xlsx")
    assert total == "Tổng số tổ chức đảng trực thuộc" + ("" if registries[0] else " đã nộp tệp")
    # The report read from the roll-up's JSON, and the `Báo cáo` sheet, say the same base.
    report = [line for line in render_markdown(rolled).splitlines() if "(144) |" in line]
    assert report and all(f"{base} (144)" in line for line in report), report
    sheet = [
        c.value
        for row in load_workbook(tmp_path / "r.xlsx")["Báo cáo"].iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    assert not any("hoặc đã nộp tệp" in t for t in sheet + [render_markdown(rolled)])
