"""A person admitted (or moved in) and gone on the same day, on no roll (hunt107
`s2_same_day_rows_reversed`): the `Biến động` rows of one day may be typed in either order, so
the leaving row typed first must not make the admission the person's latest change, asking to
add someone who came and left to the roll (`event.joined_not_on_roll`) and naming him on the
work lists' coverage line. The figures are the same in both orders.

The workbooks are the real template (`helpers_validate`, `helpers_worklists`), run through the
CLI (`validate`, `consolidate`, `lists`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_validate import clean_events, write
from helpers_worklists import REGISTRY, _member, submission

from toolkit.cli import main
from toolkit.outputs.registry_file import write_registry

CODE = "event.joined_not_on_roll"
XUAN = {"full_name": "Trần Văn Xuân", "birth_date": dt.date(1990, 5, 5)}
DAY = dt.date(2026, 2, 15)  # inside the forms' period (the quarter), so Biểu 1 counts him
ADMITTED = {**XUAN, "event_type": "admitted", "event_date": DAY, "decision_no": "1-QĐ/ĐU"}
MOVED_IN = {**XUAN, "event_type": "transfer_in", "event_date": DAY, "transfer_scope": "other_province"}
LEFT = {**XUAN, "event_type": "transfer_out", "event_date": DAY, "transfer_scope": "other_province"}
DIED = {**XUAN, "event_type": "died", "event_date": DAY}


def _validated(path: Path) -> list[dict[str, Any]]:
    out = path.parent / "kiem_tra.json"
    args = ["validate", str(path), "--cutoff", "31/03/2026", "--json", str(out), "--personal-data"]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    issues: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))["issues"]
    return issues


def _consolidated(folder: Path) -> dict[str, Any]:
    out = folder / "tong_hop.json"
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "--since", "01/01/2025"]
    args += ["-o", str(folder / "tong_hop.xlsx"), "--json", str(out), "--no-history", "--personal-data"]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    doc: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return doc


def _file(folder: Path, rows: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True)
    return write(folder, events=[*clean_events(), *rows])


@pytest.mark.parametrize(
    ("joining", "leaving"),
    [(ADMITTED, LEFT), (MOVED_IN, LEFT), (ADMITTED, DIED)],
    ids=["admitted-out", "in-out", "admitted-died"],
)
def test_came_and_left_the_same_day_is_no_one_missing_in_either_order(
    tmp_path: Path, joining: dict[str, Any], leaving: dict[str, Any]
) -> None:
    typed_in_order = _validated(_file(tmp_path / "in_order", [joining, leaving]))
    reversed_rows = _validated(_file(tmp_path / "reversed", [leaving, joining]))
    assert CODE not in {i["code"] for i in typed_in_order}, typed_in_order
    assert CODE not in {i["code"] for i in reversed_rows}, reversed_rows
    assert [i["code"] for i in reversed_rows] == [i["code"] for i in typed_in_order]


def test_joining_a_day_after_leaving_is_still_said(tmp_path: Path) -> None:
    """Only the one day's order is unknown: moved out, admitted again the next day, and off the
    roll, is still someone missing from it."""
    back = {**ADMITTED, "event_type": "readmitted", "event_date": DAY + dt.timedelta(days=1)}
    issues = _validated(_file(tmp_path / "next_day", [LEFT, back]))
    assert [(i["code"], i["cell"]) for i in issues if i["code"] == CODE] == [(CODE, "B5")], issues


def test_a_leaving_row_of_another_person_that_day_explains_nothing(tmp_path: Path) -> None:
    other = {**LEFT, "full_name": "Trần Văn Xuyên"}
    issues = _validated(_file(tmp_path / "other", [other, ADMITTED]))
    assert [(i["code"], i["cell"]) for i in issues if i["code"] == CODE] == [(CODE, "B5")], issues


def test_the_figures_are_the_same_in_both_orders(tmp_path: Path) -> None:
    _file(tmp_path / "in_order", [ADMITTED, LEFT])
    _file(tmp_path / "reversed", [LEFT, ADMITTED])
    first, second = _consolidated(tmp_path / "in_order"), _consolidated(tmp_path / "reversed")
    [org], [org_reversed] = first["organisations"], second["organisations"]
    assert org["status"] == org_reversed["status"] == "consolidated", (org, org_reversed)
    assert first["indicators"] == second["indicators"]
    figures = first["indicators"]
    assert (figures["period.admitted"], figures["period.transfer_out"], figures["period.died"]) == (1, 1, 0)
    assert figures["period.opening"] == figures["period.closing"] == org["indicators"]["members.total"]


def test_the_lists_do_not_name_him_as_possibly_missing(tmp_path: Path) -> None:
    """hunt107's ward: CB01 typed his move out of the province before his admission, same day."""
    cb02, cb01, cb03 = REGISTRY.organisations
    folder = tmp_path / "nop"
    submission(
        folder,
        cb01,
        [_member("Mai Thị Quế", "03/03/1980", "female", "01/01/2000", "01/01/2001")],
        events=[LEFT, ADMITTED],
    )
    submission(folder, cb02, [_member("Đinh Văn Bảo", "04/04/1981", "male", "01/01/2000", "01/01/2001")])
    submission(folder, cb03, [_member("Tạ Văn Sơn", "03/03/1970", "male", "19/05/1996", "19/05/1997")])
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    out = tmp_path / "ds.xlsx"
    args = ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out), "--registry", str(registry)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "Trần Văn Xuân" not in result.output
    for ws in openpyxl.load_workbook(out).worksheets:
        assert "Trần Văn Xuân" not in str(ws["A3"].value), ws["A3"].value
