"""A year's admission target typed in the registry for some organisations only, while others,
without one, admitted members that year (fixQ; hunt80 f3: early in 2026, targets typed for 9 of
72 organisations, the others admitting 15, the report said "đạt tỷ lệ 166,67%" and nothing
else). The figures stay (the ward's target is the sum of those typed, every admission counts
toward it); the run warns `registry.partial_targets` for that year and the report's rate
sentence adds a short note. Not said when every organisation has a target (0 typed is one),
when none has (no rate), when those without one admitted nobody, nor for a year the settings'
own target gives. On real generated submissions, a real registry workbook, the command line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.io.registry import read_registry
from toolkit.outputs.registry_file import write_registry
from toolkit.pipeline import consolidate
from toolkit.sample.rows import OrgRows, Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
CODE = "registry.partial_targets"
# The report's note after such a rate (`report.PARTIAL_TARGET_NOTE`).
PARTIAL_TARGET_NOTE = (
    "danh mục chưa ghi chỉ tiêu của một số tổ chức đã kết nạp trong năm, nên tỷ lệ có thể cao hơn thực tế"
)
# Seed 73 admits, in 2025: T01 0, T02 1, T03 1, T04 0; in 2026: T01 1, T02 2, T03 0, T04 1.
ADMITTED = {2025: {"T01": 0, "T02": 1, "T03": 1, "T04": 0}, 2026: {"T01": 1, "T02": 2, "T03": 0, "T04": 1}}
# Each case's targets typed in the registry, by organisation (a year left out: its cell empty).
CASES: dict[str, dict[str, dict[int, int]]] = {
    # 2026 typed for T03 only (who admitted nobody); 2025 for T02 only (T03 admitted one without).
    "partial": {"T01": {2024: 1}, "T02": {2024: 1, 2025: 3}, "T03": {2024: 1, 2026: 2}, "T04": {2024: 1}},
    # every organisation has one: typed 0 is a target
    "typed_zero": {code: {2024: 1, 2025: 1, 2026: 2 if code == "T03" else 0} for code in ADMITTED[2026]},
    # no organisation has a 2025 or 2026 target: no rate, nothing to say
    "none": {code: {2024: 1} for code in ADMITTED[2026]},
    # T03 has none, and admitted nobody in 2026; T01 and T04 have none in 2025 and admitted nobody
    "idle_without": {"T01": {2026: 1}, "T02": {2025: 2, 2026: 1}, "T03": {2025: 1}, "T04": {2026: 1}},
}


@pytest.fixture(scope="module")
def orgs() -> list[OrgRows]:
    made = sample_orgs(73, [40, 35, 30, 45], PERIOD, prefix="T")
    for year, by_code in ADMITTED.items():  # the generator's admissions, as the cases read them
        for org in made:
            code = org.organisation.org_code
            admitted = [
                e for e in org.events if e["event_type"] == "admitted" and e["event_date"].year == year
            ]
            assert len(admitted) == by_code[code], (year, code)
    return made


def _run(tmp_path: Path, orgs: list[OrgRows], case: str) -> tuple[dict[str, Any], str]:
    """The case's ward consolidated on the command line, its summary and its report (one line)."""
    nop = tmp_path / "nop"
    nop.mkdir()
    for org in orgs:
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    listed = [dataclasses.replace(o.organisation, targets=CASES[case][o.organisation.org_code]) for o in orgs]
    registry = write_registry(Registry(listed), tmp_path / "danh_muc.xlsx")
    out, summary = tmp_path / "tong_hop.xlsx", tmp_path / "tong_hop.json"
    done = CliRunner().invoke(
        main,
        [
            "consolidate", str(nop), "--registry", str(registry), "--cutoff", "31/03/2026",
            "--since", "01/01/2024", "-o", str(out), "--json", str(summary), "--no-history",
            "--ward-name", "Phường Thử",
        ],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    report = tmp_path / "bao_cao.md"
    made = CliRunner().invoke(main, ["report", str(summary), "-o", str(report)])
    assert made.exit_code == 0, made.output
    text = " ".join(report.read_text(encoding="utf-8").split())
    return json.loads(summary.read_text(encoding="utf-8")), text


def test_a_target_typed_for_some_organisations_only_is_said_and_its_rate_noted(
    tmp_path: Path, orgs: list[OrgRows]
) -> None:
    summary, report = _run(tmp_path, orgs, "partial")
    ind = summary["indicators"]
    # The figures are kept: the sum of the targets typed, every admission over it.
    assert (ind["targets.2026"], ind["changes.admissions.2026"], ind["targets.rate.2026"]) == (2, 4, 2.0)
    assert (ind["targets.2025"], ind["changes.admissions.2025"]) == (3, 2)
    said = {i["value"]: i for i in summary["issues"] if i["code"] == CODE}
    assert sorted(said) == ["2025", "2026"]
    assert all(i["severity"] == "warning" and i["file"] == "danh_muc.xlsx" for i in said.values())
    assert said["2026"]["message"] == (
        "Năm 2026, danh mục tổ chức chỉ ghi chỉ tiêu kết nạp cho 1 trong 4 tổ chức (cộng lại 2 đảng "
        "viên, là chỉ tiêu của phường), nhưng 3 tổ chức không có chỉ tiêu năm đó đã kết nạp 4 đảng "
        "viên (T02 (2), T01 (1), T04 (1)). Mọi người được kết nạp đều tính vào tỷ lệ đạt chỉ tiêu "
        "của phường: năm 2026 đạt 200% (4 trên 2; riêng các tổ chức có chỉ tiêu kết nạp được 0), "
        "nên tỷ lệ này có thể cao hơn thực tế. Nếu danh mục chưa ghi xong, hãy ghi chỉ tiêu của các "
        "tổ chức còn lại vào cột \u201cChỉ tiêu kết nạp 2026\u201d (ghi 0 nếu tổ chức không được "
        "giao chỉ tiêu) rồi tổng hợp lại; nếu các tổ chức ấy thật sự không được giao chỉ tiêu thì "
        "bỏ qua cảnh báo này."
    )
    assert "cho 1 trong 4 tổ chức (cộng lại 3 đảng viên" in said["2025"]["message"]
    assert "1 tổ chức không có chỉ tiêu năm đó đã kết nạp 1 đảng viên (T03 (1))" in said["2025"]["message"]
    assert "riêng các tổ chức có chỉ tiêu kết nạp được 1)" in said["2025"]["message"]
    # The report's rates, each with the note; its figures as before.
    # Above the target: "vượt", the figure kept (hunt174 #3).
    assert f"vượt chỉ tiêu năm 2026 (02 đảng viên), đạt tỷ lệ 200%; {PARTIAL_TARGET_NOTE}." in report, report
    assert f"năm 2025: 02 (đạt 66,67% chỉ tiêu 03; {PARTIAL_TARGET_NOTE})" in report, report


@pytest.mark.parametrize("case", ["typed_zero", "none", "idle_without"])
def test_nothing_is_said_when_every_organisation_none_or_only_idle_ones_lack_a_target(
    tmp_path: Path, orgs: list[OrgRows], case: str
) -> None:
    summary, report = _run(tmp_path, orgs, case)
    assert not [i for i in summary["issues"] if i["code"] == CODE], case
    assert PARTIAL_TARGET_NOTE not in report
    if case == "none":
        assert "chưa có chỉ tiêu kết nạp năm 2026 nên chưa tính tỷ lệ đạt chỉ tiêu" in report
    else:
        # A rate, said plainly ("vượt" above the target, hunt174 #3).
        assert "chỉ tiêu năm 2026 (" in report and "đạt tỷ lệ" in report


def test_a_year_the_settings_give_a_target_is_not_said(tmp_path: Path, orgs: list[OrgRows]) -> None:
    """The ward's own target (the settings' `Chỉ tiêu kết nạp` cell, `target_override`) is not
    the registry's sum: its 2026 is not said, its 2025 (the registry's) still is."""
    nop = tmp_path / "nop"
    nop.mkdir()
    for org in orgs:
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    targets = CASES["partial"]
    listed = [dataclasses.replace(o.organisation, targets=targets[o.organisation.org_code]) for o in orgs]
    registry = read_registry(write_registry(Registry(listed), tmp_path / "danh_muc.xlsx"))
    result = consolidate(
        [nop], cutoff=PERIOD.cutoff, since=PERIOD.start, registry=registry, target_override={2026: 5}
    )
    assert result.indicators["targets.2026"] == 5
    assert [i.value for i in result.issues if i.code == CODE] == ["2025"]
