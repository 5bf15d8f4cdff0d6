"""The report of a roll-up says each earlier year's admission target as a ward's report does
(`outputs.report._admissions_section`, review289 #6), on real roll-ups: files of the sample ward
split into two wards, each consolidated (`ward-stats consolidate --json`) under the sample
registry with its 2025 targets as given, emptied or typed 0, rolled up (`ward-stats rollup`),
and the roll-up's JSON written as a report (`ward-stats report`):

- no ward has a 2025 target: "năm 2025: N (chưa có chỉ tiêu)";
- every ward typed 0: "năm 2025: N (chỉ tiêu bằng 0)";
- one ward has targets, the other admitted without: the sum lacks its target, so the year has
  no target: "năm 2025: N" with nothing after it, then the sentence naming the ward;
- one ward has targets, the other typed 0: the rate over the first's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.core import vnformat

YEAR = 2025
TARGET_HEADER = f"Chỉ tiêu kết nạp {YEAR}"
WARDS = {"mot": "Phường Một", "hai": "Phường Hai"}


def _ok(args: list[str]) -> str:
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    return done.output


def _ward(sample: Path, tmp: Path, key: str, files: list[Path], targets: str) -> Path:
    """`files` consolidated as the ward `key` under the sample registry of their organisations,
    its 2025 targets as given (`targets="given"`), emptied (`"none"`) or 0 (`"zero"`)."""
    folder = tmp / f"{key}_{targets}"
    nop = folder / "nop"
    nop.mkdir(parents=True)
    for f in files:
        shutil.copy(f, nop / f.name)
    codes = {f.name.split("_")[0] for f in files}
    wb = openpyxl.load_workbook(sample / "danh_muc_to_chuc.xlsx")
    ws = wb.active
    header = [c.value for c in ws[1]]
    column = header.index(TARGET_HEADER) + 1
    for row in range(ws.max_row, 1, -1):
        if ws.cell(row, 1).value not in codes:
            ws.delete_rows(row)
        elif targets != "given":
            ws.cell(row, column).value = 0 if targets == "zero" else None
    wb.save(folder / "danh_muc.xlsx")
    summary = folder / "tong_hop.json"
    _ok(
        [
            "consolidate",
            str(nop),
            "--registry",
            str(folder / "danh_muc.xlsx"),
            "--cutoff",
            "31/03/2026",
            "--ward-name",
            WARDS[key],
            "-o",
            str(folder / "tong_hop.xlsx"),
            "--json",
            str(summary),
            "--no-history",
        ]  # fmt: skip
    )
    return summary


@pytest.fixture(scope="module")
def wards(sample_ward: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("past_year_targets")
    files = sorted((sample_ward / "nop").glob("*.xlsx"))
    one, two = files[:8], files[8:16]
    built: dict[str, Any] = {"tmp": tmp}
    for key, part, kinds in (("mot", one, ("given", "none", "zero")), ("hai", two, ("none", "zero"))):
        for kind in kinds:
            built[f"{key}_{kind}"] = _ward(sample_ward, tmp, key, part, kind)
    return built


def _load(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def _rolled_up(wards: dict[str, Any], name: str, *summaries: str) -> tuple[dict[str, Any], str]:
    """The roll-up of `summaries` (keys of `wards`) and its report's text, by the command line."""
    out = wards["tmp"] / name
    out.mkdir()
    paths = [str(wards[s]) for s in summaries]
    _ok(["rollup", *paths, "-o", str(out / "r.xlsx"), "--json", str(out / "r.json"), "--name", "Tỉnh Thử"])
    _ok(["report", str(out / "r.json"), "-o", str(out / "r.md")])
    return _load(out / "r.json"), (out / "r.md").read_text(encoding="utf-8")


def _item(up: dict[str, Any]) -> str:
    """The year's item of the report's "Theo năm: …" list, up to its count."""
    admitted = up["indicators"][f"changes.admissions.{YEAR}"]
    assert admitted > 0  # both wards admitted in 2025: a target lacking is a rate lacking
    return f"năm {YEAR}: {vnformat.count(admitted)}"


def test_the_sample_wards_admitted_in_2025(wards: dict[str, Any]) -> None:
    for key in ("mot_given", "hai_none"):
        doc = _load(wards[key])
        assert doc["indicators"][f"changes.admissions.{YEAR}"] > 0, key
    assert YEAR in _load(wards["mot_given"])["target_years"]
    assert YEAR not in _load(wards["hai_none"])["target_years"]
    assert YEAR in _load(wards["hai_zero"])["target_years"]


def test_no_ward_has_a_target_the_year_says_none_yet(wards: dict[str, Any]) -> None:
    up, report = _rolled_up(wards, "none_none", "mot_none", "hai_none")
    assert up["indicators"].get(f"targets.{YEAR}", 0) == 0
    assert f"{_item(up)} (chưa có chỉ tiêu)" in report
    assert f"Năm {YEAR} chưa tính được tỷ lệ" not in report


def test_every_ward_typed_0_the_year_says_its_target_is_0(wards: dict[str, Any]) -> None:
    up, report = _rolled_up(wards, "zero_zero", "mot_zero", "hai_zero")
    assert up["indicators"][f"targets.{YEAR}"] == 0 and YEAR in up["target_years"]
    assert f"{_item(up)} (chỉ tiêu bằng 0)" in report
    assert f"{_item(up)} (chưa có chỉ tiêu)" not in report


def test_a_ward_without_a_target_leaves_the_year_unknown_and_is_named(wards: dict[str, Any]) -> None:
    up, report = _rolled_up(wards, "given_none", "mot_given", "hai_none")
    assert f"targets.{YEAR}" not in up["indicators"]
    item = _item(up)
    # The count alone (no target to say), the last year before the cut-off's, then why.
    why = f"Năm {YEAR} chưa tính được tỷ lệ đạt chỉ tiêu vì Phường Hai chưa có chỉ tiêu kết nạp năm đó."
    assert f"{item}. {why}" in report
    assert f"{item} (" not in report


def test_a_ward_that_typed_0_beside_one_with_targets_gives_the_rate_over_its_target(
    wards: dict[str, Any],
) -> None:
    up, report = _rolled_up(wards, "given_zero", "mot_given", "hai_zero")
    target = _load(wards["mot_given"])["indicators"][f"targets.{YEAR}"]
    assert target > 0 and up["indicators"][f"targets.{YEAR}"] == target
    item = _item(up)
    said = report.split(f"{item} (", 1)[1].split(")", 1)[0]  # what follows the count
    assert said.startswith(("đạt ", "vượt ")), said
    assert f"chỉ tiêu {vnformat.count(target)}" in said, said
    assert f"Năm {YEAR} chưa tính được tỷ lệ" not in report
