"""The work lists against an independent oracle (hunt266): list by list, person by person.

`helpers_worklists_oracle` reads the branches' raw workbooks and the registry with openpyxl and
computes who is on each of the four lists, with their dates, years, states and red rows, from
the words of docs/design.md; toolkit is used only to make the sample ward and to run `lists`.
Then the same on a messier ward (`helpers_worklists_mess`): badges reached on the cut-off, on an
award date, on the window's last award date and the day after it, 29 February, probation ending
on the cut-off, on a weekend and on Tết, one day past its deadline, a member readmitted, dates
typed as text, exemptions exactly 12 months old and one day more, old age the day before the
birthday; and the forms oracle's mess (a readmission on the period's first day, a move inside
the ward in transit, whom the coverage line names).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_forms_mess import make_mess as make_forms_mess
from helpers_worklists_mess import make_mess
from helpers_worklists_oracle import compare, read_lists, read_ward

from toolkit.cli import main

pytestmark = pytest.mark.slow  # makes the sample ward (72 files) and runs `lists` twice: about 50 s

CUTOFF = dt.date(2026, 3, 31)


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lists_oracle") / "phuong_mau"
    result = CliRunner().invoke(main, ["demo", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def _lists(folder: Path, out: Path) -> str:
    result = CliRunner().invoke(
        main,
        [
            "lists", str(folder / "nop"),
            "--registry", str(folder / "danh_muc_to_chuc.xlsx"),
            "--cutoff", "31/03/2026",
            "-o", str(out),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output  # every file used: the oracle reads them all
    return result.output


def test_sample_ward_lists_agree_with_the_oracle(ward: Path, tmp_path: Path) -> None:
    out = tmp_path / "danh_sach.xlsx"
    _lists(ward, out)
    written = read_lists(out)
    assert all(written.rows.values())  # every list has people: nothing is compared empty
    diffs = compare(read_ward(ward / "nop", ward / "danh_muc_to_chuc.xlsx"), CUTOFF, written)
    assert diffs == [], "\n".join(diffs)


def test_messy_ward_lists_agree_with_the_oracle(ward: Path, tmp_path: Path) -> None:
    messy = tmp_path / "phuong"
    shutil.copytree(ward / "nop", messy / "nop")
    shutil.copy(ward / "danh_muc_to_chuc.xlsx", messy)
    make_forms_mess(messy / "nop")  # the forms oracle's mess (hunt261): every change at the edges
    cases = make_mess(messy / "nop")
    out = tmp_path / "danh_sach.xlsx"
    _lists(messy, out)
    written = read_lists(out)
    diffs = compare(read_ward(messy / "nop", messy / "danh_muc_to_chuc.xlsx"), CUTOFF, written)
    assert diffs == [], "\n".join(diffs)
    # the edge cases are where the mess put them: listed or not as each says
    for sheet, key, listed in cases:
        assert (key in written.rows[sheet]) == listed, (sheet, key, listed)
