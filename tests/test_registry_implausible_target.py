"""An admission target no organisation could meet, typed in the registry (hunt279 N5: `1e9`
in a .csv, `12345678`, a year typed into the cell were taken without a word, and the report
said "đạt tỷ lệ dưới 0,01% theo chỉ tiêu năm 2026 (1.012.345.683 đảng viên)"). The run warns
`registry.implausible_target` at the target's cell when it is above the organisation's members
at the cut-off (its consolidated figures), or, for an organisation the run has no figures of
(missing, or its file excluded), above `MAX_TARGET_UNCOUNTED`; the figures are kept as typed.
Not for a year the settings' own target gives. On real generated submissions, a real registry
workbook and a real .csv registry, through the command line and the pipeline."""

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
from toolkit.core.model import Organisation, Registry
from toolkit.io.registry import MAX_TARGET_UNCOUNTED, read_registry
from toolkit.outputs.registry_file import write_registry
from toolkit.pipeline import consolidate
from toolkit.sample.rows import OrgRows, Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
CUTOFF = dt.date(2026, 3, 31)
CODE = "registry.implausible_target"


@pytest.fixture(scope="module")
def orgs() -> list[OrgRows]:
    return sample_orgs(280, [12, 9, 15, 10], PERIOD, prefix="T")


def _members(org: OrgRows) -> int:
    return len(org.members)


def _targets(orgs: list[OrgRows]) -> dict[str, dict[int, int]]:
    """T01: one above its members (2026); T02: its members exactly (2026) and five above (2025);
    T03: the year typed (2026); T04 (no file) one above the bound; T05 (no file) the bound."""
    t01, t02, t03 = (_members(o) for o in orgs[:3])
    return {
        "T01": {2025: 1, 2026: t01 + 1},
        "T02": {2025: t02 + 5, 2026: t02},
        "T03": {2025: 2, 2026: 2026},
        "T04": {2025: 1, 2026: MAX_TARGET_UNCOUNTED + 1},
        "T05": {2025: 0, 2026: MAX_TARGET_UNCOUNTED},
    }


def _registry(orgs: list[OrgRows]) -> Registry:
    extra = Organisation(
        "T05", "Chi bộ mẫu T số 5", orgs[0].organisation.org_tier, orgs[0].organisation.sector
    )
    targets = _targets(orgs)
    listed = [dataclasses.replace(o.organisation, targets=targets[o.organisation.org_code]) for o in orgs]
    return Registry([*listed, dataclasses.replace(extra, targets=targets["T05"])])


def _folder(tmp_path: Path, orgs: list[OrgRows], excluded: bool = False) -> Path:
    """T01–T03's files; T04's none, or (`excluded`) one that cannot be read."""
    nop = tmp_path / "nop"
    nop.mkdir()
    for org in orgs[:3]:
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    if excluded:
        (nop / "T04.xlsx").write_bytes(b"not a workbook")
    return nop


def _run(tmp_path: Path, nop: Path, registry: Path) -> dict[str, Any]:
    out, summary = tmp_path / "tong_hop.xlsx", tmp_path / "tong_hop.json"
    done = CliRunner().invoke(
        main,
        [
            "consolidate", str(nop), "--registry", str(registry), "--cutoff", "31/03/2026",
            "--since", "01/01/2025", "-o", str(out), "--json", str(summary), "--no-history",
            "--ward-name", "Phường Thử",
        ],
    )  # fmt: skip
    assert done.exit_code in (0, 1), done.output
    return json.loads(summary.read_text(encoding="utf-8"))


def _said(summary: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (i["org_code"], i["message"].split("năm ")[1][:4]): i for i in summary["issues"] if i["code"] == CODE
    }


def test_a_target_above_the_members_or_the_bound_is_said_at_its_cell_and_kept(
    tmp_path: Path, orgs: list[OrgRows]
) -> None:
    registry = write_registry(_registry(orgs), tmp_path / "danh_muc.xlsx")
    summary = _run(tmp_path, _folder(tmp_path, orgs), registry)
    members = {o["org_code"]: o["indicators"].get("members.total") for o in summary["organisations"]}
    assert [members[c] for c in ("T01", "T02", "T03")] == [_members(o) for o in orgs[:3]]
    said = _said(summary)
    assert sorted(said) == [("T01", "2026"), ("T02", "2025"), ("T03", "2026"), ("T04", "2026")]
    # Each at its cell of the registry sheet: 2025 in column F, 2026 in G; T01 on row 2.
    assert {k: (i["file"], i["sheet"], i["cell"], i["severity"]) for k, i in said.items()} == {
        ("T01", "2026"): ("danh_muc.xlsx", "Danh mục tổ chức", "G2", "warning"),
        ("T02", "2025"): ("danh_muc.xlsx", "Danh mục tổ chức", "F3", "warning"),
        ("T03", "2026"): ("danh_muc.xlsx", "Danh mục tổ chức", "G4", "warning"),
        ("T04", "2026"): ("danh_muc.xlsx", "Danh mục tổ chức", "G5", "warning"),
    }
    ind = summary["indicators"]
    typed = _targets(orgs)
    # The figures are kept as typed: the ward's target is their sum.
    assert ind["targets.2026"] == sum(t[2026] for t in typed.values())
    assert ind["targets.2025"] == sum(t[2025] for t in typed.values())
    n, ward = _members(orgs[2]), f"{ind['targets.2026']:,}".replace(",", ".")
    assert said[("T03", "2026")]["message"] == (
        "Dòng 4, cột \u201cChỉ tiêu kết nạp 2026\u201d (ô G4): Chỉ tiêu kết nạp năm 2026 của T03 "
        f"(Chi bộ mẫu T số 3) là 2.026 đảng viên, lớn hơn số đảng viên của tổ chức tại ngày chốt "
        f"31/03/2026 ({n} đảng viên): một tổ chức không thể kết nạp trong một năm nhiều hơn số đảng "
        "viên mình có, nên có thể ô này gõ nhầm (thừa chữ số, hoặc gõ năm vào ô chỉ tiêu). Số đã "
        "ghi vẫn được tính: chỉ tiêu kết nạp năm 2026 của phường là "
        f"{ward} đảng viên, tỷ lệ đạt chỉ tiêu tính theo số "
        "đó. Hãy kiểm tra lại ô này trong sheet \u201cDanh mục tổ chức\u201d, sửa nếu gõ nhầm, rồi "
        "tổng hợp lại."
    )
    expected = (
        "lớn hơn 100 đảng viên: không tổ chức nào của phường kết nạp được nhiều như vậy trong một năm "
        "(tổ chức chưa nộp tệp nên chưa so được"
    )
    assert expected in said[("T04", "2026")]["message"]


def test_an_excluded_organisation_is_held_to_the_bound(tmp_path: Path, orgs: list[OrgRows]) -> None:
    registry = write_registry(_registry(orgs), tmp_path / "danh_muc.xlsx")
    summary = _run(tmp_path, _folder(tmp_path, orgs, excluded=True), registry)
    status = {o["org_code"]: o["status"] for o in summary["organisations"]}
    assert status["T04"] == "excluded", status
    said = _said(summary)
    assert ("T04", "2026") in said and ("T05", "2026") not in said
    assert "(tổ chức tệp còn lỗi nên chưa so được" in said[("T04", "2026")]["message"]


def test_a_csv_registry_names_the_row_and_the_column(tmp_path: Path, orgs: list[OrgRows]) -> None:
    """hunt279's `1e9` typed as text in a .csv (now refused, `registry.bad_target`), written out:
    read as a thousand million, said."""
    rows = ["Mã tổ chức,Tên tổ chức đảng,Cấp tổ chức,Khối,Bí thư,Chỉ tiêu kết nạp 2026"]
    rows += [f"{o.organisation.org_code},{o.organisation.org_name},,,,{10**9 if i == 1 else 1}" for i, o in
             enumerate(orgs[:3])]  # fmt: skip
    registry = tmp_path / "danh_muc.csv"
    registry.write_text("\n".join(rows) + "\n", encoding="utf-8")
    summary = _run(tmp_path, _folder(tmp_path, orgs), registry)
    assert summary["indicators"]["targets.2026"] == 1_000_000_002
    (issue,) = (i for i in summary["issues"] if i["code"] == CODE)
    assert (issue["file"], issue["sheet"], issue["cell"], issue["org_code"]) == (
        "danh_muc.csv",
        None,
        None,
        "T02",
    )
    assert issue["message"].startswith(
        "Dòng 3, cột \u201cChỉ tiêu kết nạp 2026\u201d: Chỉ tiêu kết nạp năm 2026 của T02 (Chi bộ mẫu T "
        "số 2) là 1.000.000.000 đảng viên"
    )
    assert "trong tệp danh mục, sửa nếu gõ nhầm" in issue["message"]


def test_not_said_for_a_year_the_settings_target_gives(tmp_path: Path, orgs: list[OrgRows]) -> None:
    """The registry's targets of that year are not used: the ward's is the settings' own."""
    registry = read_registry(write_registry(_registry(orgs), tmp_path / "danh_muc.xlsx"))
    result = consolidate(
        [_folder(tmp_path, orgs)], cutoff=CUTOFF, registry=registry, target_override={2026: 5}
    )
    said = {(i.org_code, i.message.split("năm ")[1][:4]) for i in result.issues if i.code == CODE}
    assert said == {("T02", "2025")}
    assert result.indicators["targets.2026"] == 5
