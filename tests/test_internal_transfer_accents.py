"""A move inside the ward whose two rows spell the name with different marks (hunt83 #4).

H01 records the departure `Trong Đảng bộ phường` of "Tran Bá Luân" (one syllable without its
marks) and H02 the arrival of "Trần Bá Luân", same birth date, same day. The two rows were not
paired, so the ward counted the member as leaving it (C.5, in transit) and as joining it (B.2,
in transit), with `event.internal_transfer_unmatched` at both rows. Now a side left without an
exact other side is paired with one of the same birth date dated within
`transfers.ONE_MOVE_DAYS` whose name differs only by marks one of the two lacks
(`vocab.marks_within` either way): the figures are the control's (both rows typed alike), and
`event.internal_transfer_accents` at both name cells quotes both spellings and names the other
file and cell. Two names of another tone (Phúc, Phục: neither has fewer marks) are two people,
not paired.

Real workbooks of the template, a registry CSV, the CLI (`CliRunner`), consolidate --json.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.helpers_history import run_cli
from tests.test_opening_reorganised import WARD, change, found, org_file, people, registry
from tests.test_period_in_transit import biểu_1

Q1 = dt.date(2025, 3, 31)
SINCE = dt.date(2025, 1, 1)
MOVED_ON = dt.date(2025, 2, 10)
H01, H02 = ("H01", "Chi bộ số 1"), ("H02", "Chi bộ số 2")
CODE = "event.internal_transfer_accents"
UNMATCHED = "event.internal_transfer_unmatched"
NAME = "Trần Bá Luân"


def _run(tmp_path: Path, out_name: str, in_name: str, *, on_roll: str = NAME) -> dict[str, Any]:
    """H01 (5 members, the mover gone) records the departure typed `out_name`, H02 (4 members and
    the mover, on its roll as `on_roll`) the arrival typed `in_name`, both on `MOVED_ON`;
    consolidated at 31/03/2025 through the CLI, with member-level data in the summary."""
    h01, h02 = people(1, 5), people(2, 4)
    mover = {**h01[0], "full_name": on_roll}
    folder = tmp_path / "q1"
    out_row = change({**mover, "full_name": out_name}, "transfer_out", MOVED_ON, "internal")
    in_row = change({**mover, "full_name": in_name}, "transfer_in", MOVED_ON, "internal")
    org_file(folder, *H01, Q1, h01[1:], [out_row], since=SINCE)
    org_file(folder, *H02, Q1, [*h02, mover], [in_row], since=SINCE)
    out = tmp_path / "q1.xlsx"
    result = run_cli(
        "consolidate",
        folder,
        "--registry",
        registry(tmp_path / "q1.csv", [H01, H02]),
        "--cutoff",
        Q1.strftime("%d/%m/%Y"),
        "-o",
        out,
        "--json",
        out.with_suffix(".json"),
        "--no-history",
        "--ward-name",
        WARD,
        "--personal-data",
    )
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


def _figures(summary: dict[str, Any]) -> tuple[Any, Any, Any]:
    """What the ward counts: its indicators, the official forms' rows (Biểu 1 among them) and
    each organisation's indicators."""
    orgs = {o["org_code"]: o["indicators"] for o in summary["organisations"]}
    return summary["indicators"], summary["forms"], orgs


@pytest.mark.parametrize(
    ("out_name", "in_name"),
    [
        ("Tran Bá Luân", NAME),  # X1: one syllable of the out-row without its marks
        ("Tran Ba Luan", NAME),  # X1b: the out-row typed without any marks
        (NAME, "Trần Ba Luân"),  # the in-row lacks a mark
    ],
)
def test_a_move_typed_with_fewer_marks_on_one_side_counts_once_as_the_control(
    tmp_path: Path, out_name: str, in_name: str
) -> None:
    control = _run(tmp_path / "control", NAME, NAME)
    typed = _run(tmp_path / "typed", out_name, in_name)
    assert biểu_1(control) == (9, 0, 0, 9)
    assert control["indicators"]["period.transfer_out.internal"] == 1
    assert _figures(typed) == _figures(control)
    assert typed["indicators"]["period.transfer_in.in_transit"] == 0
    assert typed["indicators"]["period.transfer_out.in_transit"] == 0
    assert found(typed, UNMATCHED) == []
    assert found(control, CODE) == []
    warnings = {w["org_code"]: w for w in found(typed, CODE)}
    assert set(warnings) == {"H01", "H02"}
    spelled = {"H01": out_name, "H02": in_name}
    for own, other in (("H01", "H02"), ("H02", "H01")):
        w = warnings[own]
        assert (w["severity"], w["file"], w["sheet"], w["cell"], w["column"]) == (
            "warning",
            f"{own}.xlsx",
            "Biến động",
            "B2",
            "Họ và tên",
        ), w
        message = w["message"]
        assert message.startswith(f"Dòng 2, cột “Họ và tên” (ô B2): “{spelled[own]}”, sinh "), message
        assert (
            f"ở tệp “{other}.xlsx”, sheet “Biến động”, ô B2 ghi họ tên “{spelled[other]}”, cùng ngày "
            "sinh, họ tên chỉ khác nhau ở dấu." in message
        ), message
        assert "một lần chuyển sinh hoạt trong Đảng bộ phường" in message
        assert "Nếu là hai người khác nhau (ví dụ anh chị em sinh đôi)" in message
        assert unicodedata.is_normalized("NFC", message)
    assert "chuyển đi trong Đảng bộ phường ngày 10/02/2025; dòng “Chuyển đến”" in warnings["H01"]["message"]


def test_two_names_of_another_tone_are_two_people_not_one_move(tmp_path: Path) -> None:
    """Phúc leaves H01, Phục (on H02's roll) arrives in H02, one birth date, one day: neither
    name has fewer marks than the other, so the rows are not paired: each side is in transit
    (B.2, C.5) with its unmatched warning, and the accents' warning is not given."""
    typed = _run(tmp_path, "Nguyễn Văn Phúc", "Nguyễn Văn Phục", on_roll="Nguyễn Văn Phục")
    assert found(typed, CODE) == []
    assert sorted(w["org_code"] for w in found(typed, UNMATCHED)) == ["H01", "H02"]
    assert typed["indicators"]["period.transfer_in.in_transit"] == 1
    assert typed["indicators"]["period.transfer_out.in_transit"] == 1
    assert biểu_1(typed) == (9, 1, 1, 9)
