"""A roll-up whose wards mix "with a registry" and "without" counts its organisations over
"tổ chức trong danh mục hoặc đã nộp tệp" in section A and its report (`shares.orgs_base_label`);
its forms' notes and the comparison's scope say that base too, never "x/y tổ chức trong danh
mục" alone (review335 F4: "212/216 tổ chức trong danh mục (ngoài ra 1 …)" beside section A's
"trong danh mục hoặc đã nộp tệp (216)").

Real runs: the three-organisation ward consolidated once with a registry lacking K03 (its file
is outside it), once without a registry, and the two summaries rolled up by the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from helpers_ward import CODES, CUTOFF, Ward, cli, consolidate, organisation, pristine, ward
from openpyxl import load_workbook

from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.report import ReportSummary, _scope_gaps
from toolkit.outputs.sheets import SHEET_SUMMARY
from toolkit.stats.coverage import outside_phrase

__all__ = ["pristine", "ward"]  # fixtures

FORMS = ("Biểu 1-BTCTW", "Biểu 2-BTCTW", "Biểu 3-BTCTW", "Biểu 4-BTCTW")


def _texts(ws) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def _rolled(ward: Ward, tmp_path: Path) -> tuple[Path, dict]:  # type: ignore[type-arg]
    registry = write_registry(Registry([organisation(c) for c in CODES[:2]]), tmp_path / "danh_muc.xlsx")
    with_registry, without = tmp_path / "a", tmp_path / "b"
    with_registry.mkdir(), without.mkdir()
    consolidate(ward, with_registry, "--no-history", registry=registry)
    cli(
        "consolidate", ward.nop, "--cutoff", CUTOFF.isoformat(), "--no-history",
        "-o", without / "tong_hop.xlsx", "--json", without / "tong_hop.json",
    )  # fmt: skip
    wards = tmp_path / "wards"
    wards.mkdir()
    for n, (folder, name) in enumerate(((with_registry, "Phường Một"), (without, "Phường Hai"))):
        summary = json.loads((folder / "tong_hop.json").read_text("utf-8"))
        summary.update(ward_name=name, run_id=f"{summary['run_id']}-{n}")
        if n:  # another ward's organisations (a ward's own run is never added twice)
            summary["organisations"] = [
                dict(o, org_code=f"X{o['org_code']}") for o in summary["organisations"]
            ]
            summary["sources"] = [dict(f, org_code=f"X{f['org_code']}") for f in summary["sources"]]
        (wards / f"{n}.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "r"
    out.mkdir()
    cli("rollup", wards / "0.json", wards / "1.json", "--name", "Đảng bộ Thử", "-o", out / "r.xlsx",
        "--json", out / "r.json")  # fmt: skip
    return out / "r.xlsx", json.loads((out / "r.json").read_text("utf-8"))


BASE = "tổ chức trong danh mục hoặc đã nộp tệp"
# Whose registry the file is outside: the roll-up's ward that had it (review335 F4).
OUTSIDE = "(ngoài ra 1 tổ chức chưa có trong danh mục của Phường Một có nộp tệp, không được tổng hợp)"


def test_a_mixed_rollups_form_notes_name_the_base_its_section_a_names(ward: Ward, tmp_path: Path) -> None:
    book, rolled = _rolled(ward, tmp_path)
    assert rolled["registry_used"] is False and not rolled.get("registry_none")
    assert rolled["indicators"]["orgs.unregistered"] == 1
    wb = load_workbook(book)
    assert f"{BASE} (5)" in _texts(wb[SHEET_SUMMARY])  # section A's base
    for name in FORMS:
        notes = [t for t in _texts(wb[name]) if t.startswith("Ghi chú: Số liệu của ")]
        assert notes == [
            f"Ghi chú: Số liệu của 5/5 tổ chức đảng trong danh mục hoặc đã nộp tệp {OUTSIDE}: "
            "các số trong biểu chưa đủ."
        ], (name, notes)


def test_a_mixed_rollups_comparison_names_that_base(ward: Ward, tmp_path: Path) -> None:
    """The report's comparison with last year (`scope_gaps`, which the forms' (%) note says
    too) of the rolled summary, against figures of all five organisations."""
    _, rolled = _rolled(ward, tmp_path)
    before = {**rolled["indicators"], "orgs.unregistered": 0}
    gaps = _scope_gaps(ReportSummary(rolled), before)
    ward_words = "số liệu của Phường Một chỉ gồm 2/2 tổ chức"  # its own run's count (review335 F1)
    assert gaps == [f"số liệu kỳ này chỉ gồm 5/5 {BASE} ({ward_words}; {OUTSIDE[1:-1]})"]


def test_several_wards_outside_their_registries_are_each_counted() -> None:
    assert outside_phrase(3, [("Phường Một", 1), ("Phường Hai", 2)]) == (
        "ngoài ra 3 tổ chức chưa có trong danh mục của Phường Một (1) và Phường Hai (2) có nộp tệp, "
        "không được tổng hợp"
    )
    # A ward's own run names none: as before.
    assert outside_phrase(1) == "ngoài ra 1 tổ chức chưa có trong danh mục có nộp tệp, không được tổng hợp"
