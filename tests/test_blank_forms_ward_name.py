"""`history blank-forms` without `--ward-name` (as the launcher of last year's forms runs it)
writes the ward's name the history's records give into the file's “Tên phường” cell, whose note
says "Tên phường như các lần tổng hợp ghi": it was left empty (hunt302 F5), and the record
imported from the file then had no ward name. Real generated submissions, a real SQLite
history, the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner, Result

from tests.helpers_sample import written_folder
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.sample.rows import Period

WARD = "Phường Thử"


def _cli(*args: Any) -> Result:
    done = CliRunner().invoke(main, [str(a) for a in args])
    assert done.exit_code == 0, done.output
    return done


def _ward_cell(path: Path) -> Any:
    """The value beside “Tên phường” in the file `blank-forms` wrote."""
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == "Tên phường":
                    return ws.cell(row=cell.row, column=cell.column + 1).value
    raise AssertionError("no “Tên phường” cell")


def _history(tmp_path: Path) -> Path:
    period = Period(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    folder = tmp_path / "nop"
    orgs = written_folder(folder, 305, [12, 9], period, prefix="T")
    registry = write_registry(Registry([o.organisation for o in orgs]), tmp_path / "danh_muc.xlsx")
    history = tmp_path / "lich_su.sqlite"
    _cli(
        "consolidate", folder, "--registry", registry, "--cutoff", "31/12/2025", "--since", "01/01/2024",
        "-o", tmp_path / "th.xlsx", "--history", history, "--ward-name", WARD,
    )  # fmt: skip
    return history


def test_the_ward_name_comes_from_the_history_unless_given(tmp_path: Path) -> None:
    history = _history(tmp_path)
    out = tmp_path / "nam_truoc.xlsx"
    _cli("history", "blank-forms", out, "--cutoff", "31/12/2024", "--history", history)
    assert _ward_cell(out) == WARD
    given = tmp_path / "nam_truoc_2.xlsx"
    _cli(
        "history",
        "blank-forms",
        given,
        "--cutoff",
        "31/12/2024",
        "--history",
        history,
        "--ward-name",
        "Phường Khác",
    )
    assert _ward_cell(given) == "Phường Khác"


def test_no_history_leaves_the_name_empty_and_makes_no_history(tmp_path: Path) -> None:
    history = tmp_path / "lich_su.sqlite"
    out = tmp_path / "nam_truoc.xlsx"
    _cli("history", "blank-forms", out, "--cutoff", "31/12/2024", "--history", history)
    assert _ward_cell(out) in (None, "")
    assert not history.exists()
