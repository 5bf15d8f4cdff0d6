"""A ward whose registry typed a year's admission target for some organisations only, others
admitting (`registry.partial_targets`, its summary's `partial_target_years`), in a roll-up
(hunt86 F1: the roll-up added the ward's target as stated and printed a rate of 800% as fact,
with no warning and no field). The roll-up keeps the years, of those it has a target for, in its
own `partial_target_years`, warns `rollup.partial_targets` at the ward's file, and its report
notes the rate naming the ward. On real generated submissions, real registry workbooks, the
command line."""

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
from toolkit.core import vnformat
from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.sample.rows import OrgRows, Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
CODE = "rollup.partial_targets"
UNIT = "Thành phố Thử"
# Phường Một (seed 73, as tests/test_registry_partial_targets.py) admits, in 2025: T02 1, T03 1;
# in 2026: T01 1, T02 2, T04 1. Its 2025 target is typed for T02 only, its 2026 for T03 only:
# both years warned `registry.partial_targets`.
PARTIAL = {"T01": {2024: 1}, "T02": {2024: 1, 2025: 3}, "T03": {2024: 1, 2026: 2}, "T04": {2024: 1}}


def _ward(tmp: Path, orgs: list[OrgRows], targets: dict[str, dict[int, int]], name: str) -> Path:
    """The ward consolidated on the command line with a registry of `targets`; its summary."""
    folder = tmp / name.split()[-1]
    nop = folder / "nop"
    nop.mkdir(parents=True)
    for org in orgs:
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    listed = [dataclasses.replace(o.organisation, targets=targets[o.organisation.org_code]) for o in orgs]
    registry = write_registry(Registry(listed), folder / "danh_muc.xlsx")
    summary = folder / "tong_hop.json"
    done = CliRunner().invoke(
        main,
        [
            "consolidate", str(nop), "--registry", str(registry), "--cutoff", "31/03/2026",
            "--since", "01/01/2024", "-o", str(folder / "tong_hop.xlsx"), "--json", str(summary),
            "--no-history", "--ward-name", name,
        ],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    return summary


def _doc(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _rollup(tmp: Path, *wards: Path) -> tuple[dict[str, Any], str]:
    """The roll-up of `wards` on the command line: its summary and its report (one line)."""
    out = tmp / "cap_tren"
    out.mkdir()
    done = CliRunner().invoke(
        main,
        [
            "rollup", *map(str, wards), "-o", str(out / "tp.xlsx"), "--json", str(out / "tp.json"),
            "--name", UNIT,
        ],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    made = CliRunner().invoke(main, ["report", str(out / "tp.json"), "-o", str(out / "bao_cao.md")])
    assert made.exit_code == 0, made.output
    return _doc(out / "tp.json"), " ".join((out / "bao_cao.md").read_text(encoding="utf-8").split())


@pytest.fixture(scope="module")
def wards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Phường Một (2025 and 2026 targets typed for some organisations only); Phường Hai (every
    organisation has a 2024 and 2025 target, none a 2026 one while it admits: `rollup.no_target`
    leaves the roll-up's 2026 target out); Phường Ba (every organisation has every target)."""
    tmp = tmp_path_factory.mktemp("rollup_partial_targets")
    one = sample_orgs(73, [40, 35, 30, 45], PERIOD, prefix="T")
    two = sample_orgs(79, [38, 33], PERIOD, prefix="U")  # admits 2 in 2026
    three = sample_orgs(75, [36, 31], PERIOD, prefix="V")
    return {
        "one": _ward(tmp, one, PARTIAL, "Phường Một"),
        "two": _ward(tmp, two, {o.organisation.org_code: {2024: 2, 2025: 2} for o in two}, "Phường Hai"),
        "three": _ward(
            tmp, three, {o.organisation.org_code: {2024: 2, 2025: 2, 2026: 3} for o in three}, "Phường Ba"
        ),
    }


def test_a_wards_partial_targets_are_kept_warned_and_noted_by_the_rollup(
    wards: dict[str, Path], tmp_path: Path
) -> None:
    one = _doc(wards["one"])
    assert one["partial_target_years"] == [2025, 2026]
    assert _doc(wards["two"])["indicators"]["changes.admissions.2026"] > 0  # admitted without a target
    summary, report = _rollup(tmp_path, wards["one"], wards["two"])
    ind = summary["indicators"]
    # 2026 has no sum of targets (Phường Hai has none): no rate to note, only `rollup.no_target`.
    assert "targets.2026" not in ind and "targets.rate.2026" not in ind
    assert summary["partial_target_years"] == [2025]
    (said,) = [i for i in summary["issues"] if i["code"] == CODE]
    assert (said["severity"], said["file"], said["org_code"], said["value"]) == (
        "warning",
        "Một/tong_hop.json",
        "Phường Một",
        "2025",
    )
    assert said["message"] == (
        "Năm 2025, danh mục tổ chức của Phường Một chỉ ghi chỉ tiêu kết nạp cho một số tổ chức, trong "
        "khi các tổ chức không có chỉ tiêu vẫn kết nạp đảng viên (lần tổng hợp của phường đã cảnh báo "
        "\u201cDanh mục: chỉ tiêu kết nạp chưa ghi đủ các tổ chức\u201d). Chỉ tiêu của phường được cộng "
        "như phường ghi, nên tỷ lệ đạt chỉ tiêu của bản tổng hợp năm đó có thể cao hơn thực tế. Hãy đề "
        "nghị phường ghi chỉ tiêu của các tổ chức còn lại vào danh mục (ghi 0 nếu tổ chức không được "
        "giao chỉ tiêu), tổng hợp lại rồi gửi tệp mới."
    )
    assert [i["org_code"] for i in summary["issues"] if i["code"] == "rollup.no_target"] == ["Phường Hai"]
    target, admitted = ind["targets.2025"], ind["changes.admissions.2025"]
    rate = vnformat.percent_prose(ind["targets.rate.2025"])
    assert (
        f"năm 2025: {vnformat.count(admitted)} (đạt {rate} chỉ tiêu {vnformat.count(target)}; danh mục của "
        "Phường Một chưa ghi chỉ tiêu của một số tổ chức đã kết nạp trong năm, nên tỷ lệ có thể cao hơn "
        "thực tế)"
    ) in report, report


def test_both_years_when_the_rollup_has_their_targets(wards: dict[str, Path], tmp_path: Path) -> None:
    summary, report = _rollup(tmp_path, wards["one"], wards["three"])
    assert summary["partial_target_years"] == [2025, 2026]
    assert [i["value"] for i in summary["issues"] if i["code"] == CODE] == ["2025, 2026"]
    assert "các năm đó" in next(i["message"] for i in summary["issues"] if i["code"] == CODE)
    assert (
        "theo chỉ tiêu năm 2026 (" in report
        and "danh mục của Phường Một chưa ghi chỉ tiêu của một số tổ chức đã kết nạp trong năm, nên tỷ "
        "lệ có thể cao hơn thực tế)."
        in report
    ), report


def test_a_summary_written_before_the_field_is_read_from_its_issues(
    wards: dict[str, Path], tmp_path: Path
) -> None:
    older = _doc(wards["one"])
    del older["partial_target_years"]
    path = tmp_path / "mot_cu.json"
    path.write_text(json.dumps(older, ensure_ascii=False), encoding="utf-8")
    summary, _ = _rollup(tmp_path, path, wards["three"])
    assert summary["partial_target_years"] == [2025, 2026]


def test_nothing_is_said_when_no_ward_warned(wards: dict[str, Path], tmp_path: Path) -> None:
    summary, report = _rollup(tmp_path, wards["two"], wards["three"])
    assert summary["partial_target_years"] == []
    assert not [i for i in summary["issues"] if i["code"] == CODE]
    assert "chưa ghi chỉ tiêu của một số tổ chức" not in report
