"""`history show --ids` prints every indicator "as the JSON names it" (hunt196 #2): a float of 1
or more was printed with one decimal, as an age mean is, so an admissions rate stored as 1.0261
(102,61% on `Tổng hợp`) read "targets.rate.2020 = 1,0" and one of 1.05 (105%) "= 1,1". Each
figure now reads back as the value stored."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from helpers_history import filled_history, record

from toolkit.cli import main

STORED = {
    "members.total": 4219,
    "members.age_mean": 52.1,
    "targets.rate.2020": 1.0261,
    "targets.rate.2023": 1.05,
    "targets.rate.2021": 0.9455,
    "targets.rate.2024": 0.975,
    "targets.rate.2026": 0.2301,
}


def test_history_show_ids_prints_each_figure_as_stored(tmp_path: Path) -> None:
    rec = dataclasses.replace(record(total=4219), indicators=dict(STORED))
    history = filled_history(tmp_path / "lich_su.sqlite", rec)
    shown = CliRunner().invoke(main, ["history", "show", "1", "--ids", "--history", str(history)])
    assert shown.exit_code == 0, shown.output
    printed = {}
    for line in shown.output.splitlines():
        key, sep, value = line.strip().partition(" = ")
        if sep and key in STORED:
            printed[key] = value
    assert set(printed) == set(STORED), printed
    for key, value in printed.items():
        # Vietnamese figures: "." groups thousands, "," marks the decimals.
        read = Decimal(value.replace(".", "").replace(",", "."))
        assert read == Decimal(str(STORED[key])), (key, value, STORED[key])


def test_a_figure_no_rounding_made_is_printed_with_at_most_six_decimals() -> None:
    """A float that no rounding made (never stored by ward-stats, but a hand-made history may
    hold one) is not printed with its 17 decimals."""
    from toolkit.history.display import _number

    assert _number(0.1 + 0.2) == "0,300000"
    assert _number(1e-05) == "0,00001"
