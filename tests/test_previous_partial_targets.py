"""Last year's admission targets are never shown, so a partial one cannot mislead (fixAG #1).

A ward's run warns `registry.partial_targets` for a year whose admission target was typed for
some organisations only (its summary's and the history's `partial_target_years`), and its report
and a roll-up's note the rate. The "same period of last year" (`previous`: the history's record
of that period in a ward's run, the sum of the wards' own in a roll-up) carries last year's
indicators, targets included, but not those years. It needs none: the forms' `Cùng kỳ năm trước`
column has no line of targets, the report's comparison compares members, admissions and removals,
never a target or a rate, and a roll-up keeps no trend. Here last year's record is made twice,
once with a partial target of 7 and once with a whole one of 90 (nothing else differs), and the
ward's and the roll-up's outputs are the same either way: no last-year target reaches them.

Real generated submissions, real registry workbooks, real SQLite histories, the command line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_history import filled_history, record
from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.sample.rows import OrgRows, Period

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
UNIT = "Thành phố Thử"
# Last year's target of 2025 in each ward's history: partial (typed for some organisations only,
# `registry.partial_targets` warned) or whole.
LAST_YEAR = {"partial": (7, (2025,)), "whole": (90, ())}
NOTE = "chưa ghi chỉ tiêu của một số tổ chức"  # the words of every note of a partial target
# The one sheet that differs between two runs of the same files: each file's digest and reading
# time, and the run's time.
SOURCES = "Nguồn số liệu"
RUN_ID = re.compile(r"\d{8}T\d{6}-[0-9a-f]{8}")  # each run's own (`Số liệu của lần tổng hợp …`)
# When each output was made ("Lập lúc 03/12/2026 09:38"): two runs a minute apart differ there.
MADE_AT = re.compile(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}")


def _cli(*args: Any) -> None:
    done = CliRunner().invoke(main, [str(a) for a in args])
    assert done.exit_code == 0, done.output


def _history(path: Path, name: str, orgs: list[OrgRows], case: str) -> Path:
    """A ward's real history holding its record of the same period of last year (cut-off
    31/03/2025), whose 2025 target is the `case`'s."""
    target, partial = LAST_YEAR[case]
    codes = {o.organisation.org_code: 20 for o in orgs}
    rec = record(dt.date(2025, 3, 31), run_id=f"r-{name}", total=20 * len(codes), orgs=codes, ward_name=name)
    indicators = {
        **rec.indicators,
        "changes.admissions.total": 3,
        "changes.admissions.2024": 2,
        "changes.admissions.2025": 1,
        "targets.2024": 4,
        "targets.2025": target,
    }
    return filled_history(
        path,
        dataclasses.replace(
            rec, period_start=dt.date(2024, 1, 1), indicators=indicators, partial_target_years=partial
        ),
    )


def _ward(base: Path, orgs: list[OrgRows], name: str, case: str) -> Path:
    """The ward consolidated at 31/03/2026 with its history, every organisation given every
    year's target (this year's rates need no note); its summary."""
    folder = base / case / name.split()[-1]
    nop = folder / "nop"
    nop.mkdir(parents=True)
    for org in orgs:
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    listed = [dataclasses.replace(o.organisation, targets={2024: 2, 2025: 2, 2026: 3}) for o in orgs]
    registry = write_registry(Registry(listed), folder / "danh_muc.xlsx")
    history = _history(folder / "lich_su.sqlite", name, orgs, case)
    _cli(
        "consolidate", nop, "--registry", registry, "--cutoff", "31/03/2026", "--since", "01/01/2024",
        "-o", folder / "tong_hop.xlsx", "--json", folder / "tong_hop.json", "--history", history,
        "--ward-name", name,
    )  # fmt: skip
    _cli("report", folder / "tong_hop.json", "-o", folder / "bao_cao.md")
    return folder


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """For each case: the folders of Phường Một and Phường Hai, and of their roll-up."""
    base = tmp_path_factory.mktemp("previous_partial_targets")
    one = sample_orgs(75, [36, 31], PERIOD, prefix="V")
    two = sample_orgs(79, [38, 33], PERIOD, prefix="U")
    out: dict[str, dict[str, Path]] = {}
    for case in LAST_YEAR:
        wards = {"one": _ward(base, one, "Phường Một", case), "two": _ward(base, two, "Phường Hai", case)}
        up = base / case / "cap_tren"
        up.mkdir()
        _cli(
            "rollup", wards["one"] / "tong_hop.json", wards["two"] / "tong_hop.json",
            "-o", up / "tong_hop.xlsx", "--json", up / "tong_hop.json", "--name", UNIT,
        )  # fmt: skip
        _cli("report", up / "tong_hop.json", "-o", up / "bao_cao.md")
        out[case] = {**wards, "up": up}
    return out


def _doc(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "tong_hop.json").read_text(encoding="utf-8"))


def _run_free(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return MADE_AT.sub("<lúc lập>", RUN_ID.sub("<lần tổng hợp>", value))


def _shown(folder: Path) -> dict[str, list[tuple[Any, ...]]]:
    """The report (Markdown) and every sheet of the workbook but `SOURCES`, cell by cell, each
    run's id left out."""
    book = openpyxl.load_workbook(folder / "tong_hop.xlsx", read_only=True)
    try:
        sheets = {
            ws.title: [tuple(map(_run_free, row)) for row in ws.iter_rows(values_only=True)]
            for ws in book.worksheets
            if ws.title != SOURCES
        }
    finally:
        book.close()
    return {"bao_cao.md": [(_run_free((folder / "bao_cao.md").read_text(encoding="utf-8")),)], **sheets}


@pytest.mark.parametrize("who", ["one", "up"])
def test_last_years_partial_target_is_carried_but_never_shown(
    made: dict[str, dict[str, Path]], who: str
) -> None:
    partial, whole = _doc(made["partial"][who]), _doc(made["whole"][who])
    # Last year's column is there, and its figures carry the 2025 target each history gave.
    wards = 1 if who == "one" else 2
    assert partial["previous"]["indicators"]["targets.2025"] == 7 * wards
    assert whole["previous"]["indicators"]["targets.2025"] == 90 * wards
    assert partial["partial_target_years"] == whole["partial_target_years"] == []
    shown_partial, shown_whole = _shown(made["partial"][who]), _shown(made["whole"][who])
    assert {"Biểu 1-BTCTW", "Báo cáo", "Xu hướng", "Tổng hợp"} <= set(shown_partial)
    report = shown_partial["bao_cao.md"][0][0]
    assert "So với cùng kỳ năm trước" in report and NOTE not in report
    # Nothing shown depends on last year's target: no note, no figure, no rate of it.
    for name, rows in shown_partial.items():
        assert rows == shown_whole[name], name
