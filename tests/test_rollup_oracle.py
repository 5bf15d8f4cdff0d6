"""The roll-up (`ward-stats rollup`) against an independent oracle (hunt271).

Three demo wards of other seeds and sizes, each consolidated with last year in its history (so
the forms have both columns), are rolled up with two wards that must be left out: one of
another cut-off and one whose run consolidated no organisation. `helpers_rollup_oracle`
computes from the wards' JSON summaries alone (json + openpyxl, no toolkit) what the roll-up's
JSON and workbook must say, and every disagreement is listed.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import helpers_forms_oracle as forms_oracle
import helpers_rollup_oracle as oracle
import openpyxl
import pytest
from click.testing import CliRunner

from toolkit.cli import main

pytestmark = pytest.mark.slow  # two demos (and the shared sample ward), five consolidations (~1.5 min)

UNIT = "Tỉnh Thử"
CITY = "Thành phố Thử"
SMALL = [f"HD{n}" for n in range(36, 51)]  # 15 chi bộ tổ dân phố: older members, another mean age
BARE = [f"HD{n}" for n in range(51, 73)]
FIRST = ("mau", "khac", "bay", "le", "muoimot")  # the first roll-up's wards, two left out
SECOND = ("mau", "bare", "bay")  # the second roll-up: one ward without targets nor last year


def _cli(*args: Any) -> None:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code in (0, 1), (args, result.output, result.exception)


def _subset(source: Path, target: Path, codes: list[str]) -> None:
    target.mkdir(parents=True)
    for path in source.glob("*.xlsx"):
        if path.name[:4] in codes:
            shutil.copy(path, target / path.name)


def _registry_of(source: Path, target: Path, codes: list[str]) -> Path:
    wb = openpyxl.load_workbook(source)
    ws = wb.active
    for r in range(ws.max_row, 1, -1):
        if ws.cell(r, 1).value not in codes:
            ws.delete_rows(r)
    wb.save(target)
    return target


@pytest.fixture(scope="module")
def wards(sample_ward: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("rollup_oracle")
    out = tmp / "wards"
    out.mkdir()
    for seed in (7, 11):  # seed 2026 is conftest's `sample_ward` (shared, read-only)
        _cli("demo", "--seed", seed, tmp / f"d{seed}")
    shutil.copy(sample_ward / "tong_hop_phuong_20260331.json", out / "mau.json")
    # Phường Bảy: 15 organisations of seed 7, last year and this year in its own history.
    small = tmp / "bay"
    _subset(tmp / "d7" / "nam_truoc" / "nop", small / "nam_truoc", SMALL)
    _subset(tmp / "d7" / "nop", small / "nop", SMALL)
    reg = _registry_of(tmp / "d7" / "danh_muc_to_chuc.xlsx", small / "danh_muc.xlsx", SMALL)
    history = small / "lich_su.sqlite"
    for folder, cutoff, target in (
        ("nam_truoc", "31/03/2025", small / "nt"),
        ("nop", "31/03/2026", out / "bay"),
    ):
        _cli(
            "consolidate", small / folder, "--registry", reg, "--cutoff", cutoff, "--ward-name", "Phường Bảy",
            "--history", history, "-o", f"{target}.xlsx", "--json", f"{target}.json",
        )  # fmt: skip
    # Phường Mười Một: seed 11 whole, its history's ward renamed.
    d11 = tmp / "d11"
    _cli(
        "history",
        "rename-ward",
        "--yes",
        "--history",
        d11 / "lich_su_tong_hop.sqlite",
        "Phường Mẫu",
        "Phường Mười Một",
    )
    _cli(
        "consolidate", d11 / "nop", "--registry", d11 / "danh_muc_to_chuc.xlsx", "--cutoff", "31/03/2026",
        "--ward-name", "Phường Mười Một", "--history", d11 / "lich_su_tong_hop.sqlite",
        "-o", out / "muoimot.xlsx", "--json", out / "muoimot.json",
    )  # fmt: skip
    # Left out: a ward of last year's cut-off, and a run at a cut-off its files do not have.
    _cli(
        "consolidate", d11 / "nam_truoc" / "nop", "--registry", d11 / "danh_muc_to_chuc.xlsx",
        "--cutoff", "31/03/2025", "--ward-name", "Phường Khác Kỳ", "--no-history",
        "-o", out / "khac.xlsx", "--json", out / "khac.json",
    )  # fmt: skip
    _cli(
        "consolidate", small / "nop", "--registry", reg, "--cutoff", "30/03/2026", "--ward-name", "Phường Lẻ",
        "--no-history", "-o", out / "le.xlsx", "--json", out / "le.json",
    )  # fmt: skip
    # Phường Không Danh Mục: 22 other organisations of seed 7, run without a registry (no
    # targets, though it admitted members every year) and without a history (no last year).
    bare = tmp / "bare"
    _subset(tmp / "d7" / "nop", bare, BARE)
    _cli(
        "consolidate", bare, "--cutoff", "31/03/2026", "--ward-name", "Phường Không Danh Mục", "--no-history",
        "-o", out / "bare.xlsx", "--json", out / "bare.json",
    )  # fmt: skip
    inputs = [out / f"{n}.json" for n in ("mau", "khac", "bay", "le", "muoimot", "bare")]
    result = tmp / "rollup"
    result.mkdir()
    _cli("rollup", *inputs[:5], "-o", result / "tinh.xlsx", "--json", result / "tinh.json", "--name", UNIT)
    _cli(
        "rollup", *(out / f"{n}.json" for n in SECOND),
        "-o", result / "tp.xlsx", "--json", result / "tp.json", "--name", CITY,
    )  # fmt: skip
    return {
        "json": result / "tinh.json",
        "xlsx": result / "tinh.xlsx",
        "tp.json": result / "tp.json",
        "tp.xlsx": result / "tp.xlsx",
        "nop": sample_ward / "nop",
        **{p.stem: p for p in inputs},
    }


def test_each_ward_says_whether_its_run_had_a_registry(wards: dict[str, Path]) -> None:
    """U15's input: every ward of the fixture ran with `--registry` but Phường Không Danh Mục."""
    said = {name: oracle.load(wards[name]).get("registry_used") for name in (*FIRST, "bare")}
    assert said == {**dict.fromkeys(FIRST, True), "bare": False}


def _inputs(wards: dict[str, Path]) -> list[Path]:
    return [wards[n] for n in FIRST]


def test_the_rollup_agrees_with_the_oracle(wards: dict[str, Path]) -> None:
    ethnic = forms_oracle.ethnic_words(wards["nop"])
    diff = oracle.compare(wards["json"], wards["xlsx"], _inputs(wards), UNIT, ethnic)
    assert not diff, "\n".join(diff)


def test_a_rollup_with_a_ward_without_targets_nor_last_year_agrees_with_the_oracle(
    wards: dict[str, Path],
) -> None:
    """U5, U6: no sum of targets (the ward admitted members without one) and no last year (the
    ward has none): the target, its rate and the `Cùng kỳ năm trước` column are empty."""
    ethnic = forms_oracle.ethnic_words(wards["nop"])
    diff = oracle.compare(wards["tp.json"], wards["tp.xlsx"], [wards[n] for n in SECOND], CITY, ethnic)
    assert not diff, "\n".join(diff)
    rolled = oracle.load(wards["tp.json"])
    assert not [k for k in rolled["indicators"] if k.startswith("targets.")]
    assert rolled["previous"] is None
    assert all(r["previous"] is None for r in rolled["forms"]["bieu1"])
    warned = {(x["code"], x["file"]) for x in rolled["issues"]}
    assert {("rollup.no_target", "bare.json"), ("rollup.no_previous", "bare.json")} <= warned
    # U15: a ward ran without a registry, so section A's base names both (checked by the oracle).
    assert rolled["registry_used"] is False


def test_the_wards_left_out_add_nothing_and_kiem_tra_says_so(wards: dict[str, Path]) -> None:
    docs = {n: oracle.load(wards[n]) for n in ("mau", "khac", "bay", "le", "muoimot")}
    rolled = oracle.load(wards["json"])
    added = sum(docs[n]["indicators"]["members.total"] for n in ("mau", "bay", "muoimot"))
    assert rolled["indicators"]["members.total"] == added
    assert docs["khac"]["indicators"]["members.total"] > 0  # a real ward, left out for its cut-off
    status = {o["org_code"]: o["status"] for o in rolled["organisations"]}
    assert status == {
        "Phường Mẫu": "consolidated",
        "Phường Khác Kỳ": "excluded",
        "Phường Bảy": "consolidated",
        "Phường Lẻ": "excluded",
        "Phường Mười Một": "consolidated",
    }
    ws = openpyxl.load_workbook(wards["xlsx"], read_only=True)["Kiểm tra"]
    errors = {(r[1], r[2]) for r in ws.iter_rows(values_only=True) if r[0] == "Lỗi"}
    assert errors == {("khac.json", "Phường Khác Kỳ"), ("le.json", "Phường Lẻ")}


def test_the_wards_tell_a_pooled_mean_from_a_mean_of_means(wards: dict[str, Path]) -> None:
    """The oracle's wards can catch a mean of means, a dropped ward and a ratio off: their mean
    ages differ and so do their sizes, both columns are there, and the ratio column is filled."""
    docs = [oracle.load(wards[n])["indicators"] for n in ("mau", "bay", "muoimot")]
    pooled = oracle.half_up(
        oracle.Decimal(sum(d["members.age_sum"] for d in docs)) / sum(d["members.age_known"] for d in docs),
        "0.1",
    )
    of_means = oracle.half_up(
        oracle.Decimal(sum(oracle.Decimal(str(d["members.age_mean"])) for d in docs)) / 3, "0.1"
    )
    assert pooled != of_means
    rolled = oracle.load(wards["json"])
    assert rolled["indicators"]["members.age_mean"] == pooled
    assert rolled["previous"] is not None
    b1 = {r["row"]: r for r in rolled["forms"]["bieu1"]}
    assert b1["D"]["current"] and b1["D"]["previous"]
