"""A roll-up's Biểu 1 says that its lines of moves inside the province are its wards' sums (hunt271
G1): a ward records a move to or from another ward of the province as "Xã, phường khác trong
tỉnh" (B.2.b, C.5.b), so a member moving between two wards rolled up counts once as an increase
and once as a decrease, though at the level above the move is internal, and the sums cannot
tell it from a move to a ward outside. The note is a roll-up's only, said when those lines count
anything; a ward's own forms never say it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.forms.tables import FORMS
from toolkit.outputs.publish import prepare, write_outputs
from toolkit.pipeline import consolidate
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
# Words of the note (the roll-up's Biểu 1 only).
SAID = "là tổng của các phường, nên gồm cả đảng viên chuyển sinh hoạt giữa hai phường được tổng hợp ở đây"
BIEU_1 = FORMS[0].sheet_name


def _ward(folder: Path, name: str, seed: int, prefix: str) -> Path:
    """A ward of two sample organisations; its JSON summary, written as `consolidate` writes it."""
    folder.mkdir(parents=True)
    for org in sample_orgs(seed, [25, 20], PERIOD, prefix=prefix):
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    result = consolidate([folder], cutoff=PERIOD.cutoff, ward_name=name, while_reading=prepare)
    out = folder.parent / f"{folder.name}.xlsx"
    write_outputs(result, out, out.with_suffix(".json"), history=None)
    return out.with_suffix(".json")


@pytest.fixture(scope="module")
def wards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("rollup_moves_between_wards")
    # Seed 53: one arrival from another ward of the province in the forms' period (the first
    # quarter of 2026); 74: one leaving to one; 33 and 38: no move at all.
    return {
        "dong": _ward(tmp / "dong", "Phường Đông", 53, "D"),
        "tay": _ward(tmp / "tay", "Phường Tây", 74, "T"),
        "nam": _ward(tmp / "nam", "Phường Nam", 33, "N"),
        "bac": _ward(tmp / "bac", "Phường Bắc", 38, "B"),
    }


def _indicators(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8"))["indicators"])


def _texts(book: Path, sheet: str) -> list[str]:
    return [str(c.value) for row in openpyxl.load_workbook(book)[sheet].iter_rows() for c in row if c.value]


def _rollup(tmp_path: Path, *paths: Path) -> Path:
    out = tmp_path / "tinh.xlsx"
    args = [
        "rollup",
        *map(str, paths),
        "-o",
        str(out),
        "--json",
        str(tmp_path / "tinh.json"),
        "--name",
        "Tỉnh Thử",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


def test_a_rollup_of_wards_moving_inside_the_province_says_so_under_its_biểu_1(
    wards: dict[str, Path], tmp_path: Path
) -> None:
    dong, tay = _indicators(wards["dong"]), _indicators(wards["tay"])
    assert dong["period.transfer_in.same_province"] == 1 and tay["period.transfer_out.same_province"] == 1
    out = _rollup(tmp_path, wards["dong"], wards["tay"])
    said = [t for t in _texts(out, BIEU_1) if SAID in t]
    assert len(said) == 1, _texts(out, BIEU_1)
    note = said[0]
    assert "“Huyện (xã, phường) khác trong tỉnh chuyển đến”" in note
    assert "“Chuyển đi huyện (xã, phường) khác trong tỉnh”" in note
    assert "có thể cần trừ ra" in note
    # Biểu 1 alone: the other forms count no move.
    for form in FORMS[1:]:
        assert not [t for t in _texts(out, form.sheet_name) if SAID in t], form.sheet_name
    # The lines are the wards' sums, as before.
    rolled = json.loads((tmp_path / "tinh.json").read_text(encoding="utf-8"))["indicators"]
    assert (
        rolled["period.transfer_in.same_province"] == 1 and rolled["period.transfer_out.same_province"] == 1
    )


def test_a_wards_own_biểu_1_never_says_it(wards: dict[str, Path]) -> None:
    for name in ("dong", "tay"):
        book = wards[name].with_suffix(".xlsx")
        assert not [t for t in _texts(book, BIEU_1) if SAID in t], name


def test_a_rollup_whose_wards_moved_nobody_inside_the_province_does_not_say_it(
    wards: dict[str, Path], tmp_path: Path
) -> None:
    for name in ("nam", "bac"):
        figures = _indicators(wards[name])
        assert (
            figures["period.transfer_in.same_province"] == figures["period.transfer_out.same_province"] == 0
        )
    out = _rollup(tmp_path, wards["nam"], wards["bac"])
    assert not [t for t in _texts(out, BIEU_1) if SAID in t]
