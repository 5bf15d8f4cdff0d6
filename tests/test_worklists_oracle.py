"""The work lists against an independent oracle (hunt266): list by list, person by person.

`helpers_worklists_oracle` reads the branches' raw workbooks and the registry with openpyxl and
computes who is on each of the four lists, with their dates, years, states and red rows, from
the words of docs/design.md; toolkit is used only to make the sample ward and to run `lists`.
Then the same on a messier ward (`helpers_worklists_mess`): badges reached on the cut-off, on an
award date, on the window's last award date and the day after it, 29 February, probation ending
on the cut-off, on a weekend and on Tết, one day past its deadline, a member readmitted, dates
typed as text, exemptions exactly 12 months old and one day more, old age the day before the
birthday; and the forms oracle's mess (a readmission on the period's first day, a move inside
the ward in transit, whom the coverage line names). Last, that ward at a cut-off on an award
date, both ends of the badges' window being award dates.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_forms_mess import make_mess as make_forms_mess
from helpers_worklists_mess import Case, make_mess
from helpers_worklists_oracle import compare, read_lists, read_ward

from toolkit.cli import main

pytestmark = pytest.mark.slow  # the shared sample ward (72 files), `lists` run three times: 40-80 s

CUTOFF = dt.date(2026, 3, 31)


@pytest.fixture(scope="module")
def ward(sample_ward: Path) -> Path:
    return sample_ward  # conftest's, shared and read-only: the lists go to tmp_path


def _lists(folder: Path, out: Path, cutoff: dt.date = CUTOFF) -> str:
    result = CliRunner().invoke(
        main,
        [
            "lists", str(folder / "nop"),
            "--registry", str(folder / "danh_muc_to_chuc.xlsx"),
            "--cutoff", cutoff.strftime("%d/%m/%Y"),
            "-o", str(out),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output  # every file used: the oracle reads them all
    return result.output


@pytest.fixture(scope="module")
def messy(ward: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case]]:
    """The sample ward with the forms oracle's mess (hunt261: every change at the edges of the
    period, a move inside the ward in transit) and the members at the lists' boundaries."""
    folder = tmp_path_factory.mktemp("lists_oracle_messy") / "phuong"
    shutil.copytree(ward / "nop", folder / "nop")
    shutil.copy(ward / "danh_muc_to_chuc.xlsx", folder)
    make_forms_mess(folder / "nop")
    return folder, make_mess(folder / "nop")


def test_sample_ward_lists_agree_with_the_oracle(ward: Path, tmp_path: Path) -> None:
    out = tmp_path / "danh_sach.xlsx"
    _lists(ward, out)
    written = read_lists(out)
    assert all(written.rows.values())  # every list has people: nothing is compared empty
    diffs = compare(read_ward(ward / "nop", ward / "danh_muc_to_chuc.xlsx"), CUTOFF, written)
    assert diffs == [], "\n".join(diffs)


def test_messy_ward_lists_agree_with_the_oracle(messy: tuple[Path, list[Case]], tmp_path: Path) -> None:
    folder, cases = messy
    out = tmp_path / "danh_sach.xlsx"
    output = _lists(folder, out)
    assert "Trần Văn Lực" in output  # the move in transit of the forms' mess is said
    written = read_lists(out)
    diffs = compare(read_ward(folder / "nop", folder / "danh_muc_to_chuc.xlsx"), CUTOFF, written)
    assert diffs == [], "\n".join(diffs)
    # the edge cases are where the mess put them: listed or not as each says
    for sheet, key, listed in cases:
        assert (key in written.rows[sheet]) == listed, (sheet, key, listed)


def test_lists_at_an_award_date_agree_with_the_oracle(messy: tuple[Path, list[Case]], tmp_path: Path) -> None:
    """At a cut-off on an award date (19/5/2026) both ends of the badges' window are award dates:
    the one on the cut-off belongs to the last list, 19/5/2027 to this one (B2)."""
    cutoff = dt.date(2026, 5, 19)
    folder = tmp_path / "phuong"
    shutil.copytree(messy[0], folder)
    for path in sorted((folder / "nop").glob("*.xlsx")):
        wb = openpyxl.load_workbook(path)
        info = wb["Thông tin"]
        row = next(r for r in range(1, info.max_row + 1) if info.cell(r, 1).value == "Ngày chốt số liệu")
        info.cell(row, 2).value = dt.datetime.combine(cutoff, dt.time())
        wb.save(path)
    out = tmp_path / "danh_sach.xlsx"
    _lists(folder, out, cutoff)
    written = read_lists(out)
    dues = {row.columns[-1] for row in written.rows["badges"].values()}
    assert min(dues) == dt.date(2026, 9, 2) and max(dues) == dt.date(2027, 5, 19)
    diffs = compare(read_ward(folder / "nop", folder / "danh_muc_to_chuc.xlsx"), cutoff, written)
    assert diffs == [], "\n".join(diffs)
