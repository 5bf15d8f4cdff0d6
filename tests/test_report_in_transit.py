"""The report explains a member in transit between two organisations of a ward (hunt46 A #1).

H01 records a move `Trong Đảng bộ phường` on 28/06 and no file has the arrival by the 30/06
cut-off: Biểu 1-BTCTW counts it in C.5 (`period.transfer_out.in_transit`) and D is one less
than A, with a note. The report's changes section counted only moves out of the ward, so the
drop it never explained. It now says the in-transit sides, in the words of Biểu 1's note and
with the line's figure, for a ward (`ward-stats report` and the `Báo cáo` sheet) and a roll-up.

Real workbooks of the template, a registry CSV, the CLI (`CliRunner`).
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl

from tests.helpers_history import run_cli
from tests.test_opening_reorganised import change, org_file, people, registry

Q1, Q2, Q3 = dt.date(2025, 3, 31), dt.date(2025, 6, 30), dt.date(2025, 9, 30)
LEFT, RECEIVED = dt.date(2025, 6, 28), dt.date(2025, 7, 3)
H01, H02 = ("H01", "Chi bộ số 1"), ("H02", "Chi bộ số 2")
GONE = (
    "Ngoài ra, 01 đồng chí chuyển sinh hoạt sang tổ chức khác trong Đảng bộ phường Thử nhưng tổ chức "
    "nhận chưa ghi chuyển đến trong kỳ báo cáo (đang chuyển): tại ngày 30/6/2025 đồng chí này chưa "
    "có trong danh sách của tổ chức nào, nên được tính ở mục chuyển đi (Biểu 1-BTCTW, dòng "
    "“Chuyển đi”: 01 đồng chí)."
)
CAME = (
    "Ngoài ra, 01 đồng chí chuyển đến từ tổ chức khác trong Đảng bộ phường Thử mà tổ chức chuyển đi ghi "
    "chuyển đi trước ngày 01/01/2025 hoặc chưa ghi (đang chuyển qua ngày đầu kỳ báo cáo của Biểu 1-BTCTW): "
    "tại ngày 01/01/2025 đồng chí này chưa có trong danh sách của tổ chức nào, nên được tính ở mục "
    "chuyển đến (Biểu 1-BTCTW, dòng “Chuyển đến”: 01 đồng chí)."
)
CHECK = "Nếu không phải đang chuyển (tổ chức kia đã ghi lần chuyển này"


def _consolidate(folder: Path, cutoff: dt.date, orgs: list[tuple[str, str]], ward: str) -> Path:
    """`ward-stats consolidate` of `folder` (no history); the workbook's path."""
    out = folder.with_suffix(".xlsx")
    result = run_cli(
        "consolidate",
        folder,
        "--registry",
        registry(folder.with_suffix(".csv"), orgs),
        "--cutoff",
        cutoff.strftime("%d/%m/%Y"),
        "-o",
        out,
        "--json",
        out.with_suffix(".json"),
        "--no-history",
        "--ward-name",
        ward,
    )
    assert result.exit_code in (0, 1), result.output
    return out


def _changes(summary: Path) -> str:
    """The `Biến động đảng viên` section of `ward-stats report`."""
    md = summary.with_suffix(".md")
    result = run_cli("report", summary, "-o", md)
    assert result.exit_code == 0, result.output
    text = md.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    return text.split("## Biến động đảng viên")[1].split("\n## ")[0]


def _indicators(summary: Path) -> dict[str, Any]:
    return json.loads(summary.read_text(encoding="utf-8"))["indicators"]


def _in_transit_at_the_cut_off(root: Path, ward: str = "Phường Thử", first: int = 1) -> Path:
    """H01 let a member go on 28/06 `Trong Đảng bộ phường`; H02 receives them only on 03/07."""
    h01, h02 = people(first, 5), people(first + 1, 4)
    folder = root / "q2"
    org_file(folder, *H01, Q2, h01[1:], [change(h01[0], "transfer_out", LEFT, "internal")])
    org_file(folder, *H02, Q2, h02)
    return _consolidate(folder, Q2, [H01, H02], ward)


def _west_ward(root: Path) -> Path:
    """A second ward for a roll-up, of two organisations, with nobody in transit."""
    folder = root / "tay" / "q2"
    orgs = [("T01", "Chi bộ Tây 1"), ("T02", "Chi bộ Tây 2")]
    for i, org in enumerate(orgs, start=3):
        org_file(folder, *org, Q2, people(i, 3))
    return _consolidate(folder, Q2, orgs, "Phường Tây")


def test_a_member_in_transit_at_the_cut_off_is_explained_by_the_report(tmp_path: Path) -> None:
    book = _in_transit_at_the_cut_off(tmp_path)
    ind = _indicators(book.with_suffix(".json"))
    assert (ind["period.opening"], ind["period.closing"], ind["members.total"]) == (9, 8, 8)
    assert ind["period.transfer_out"] == ind["period.transfer_out.in_transit"] == 1
    assert ind["changes.transfer_out.total"] == 0  # not a move out of the ward

    changes = _changes(book.with_suffix(".json"))
    assert GONE in changes and CHECK in changes
    assert "chuyển đến từ tổ chức khác" not in changes
    # The figure it names is Biểu 1's line C.5, beside the form's note.
    form = openpyxl.load_workbook(book)["Biểu 1-BTCTW"]
    rows = list(form.iter_rows(values_only=True))
    assert [r[1] for r in rows if r[0] == "5. Chuyển đi"] == [1]
    assert any(str(r[0]).startswith("Ghi chú: 1 dòng chuyển sinh hoạt") for r in rows)
    # consolidate's own `Báo cáo` sheet says it too.
    sheet = [str(c.value) for c in openpyxl.load_workbook(book)["Báo cáo"]["A"] if c.value]
    assert any(GONE in p for p in sheet)


def test_a_communes_report_says_its_own_body_of_a_member_in_transit(tmp_path: Path) -> None:
    """review211: the in-transit paragraph said "trong Đảng bộ phường" of a xã too, while the
    report's first sentence names the ward's own body ("toàn Đảng bộ xã Ea Tam"). In `ward-stats
    report` and in consolidate's `Báo cáo` sheet."""
    book = _in_transit_at_the_cut_off(tmp_path, "Xã Ea Tam")
    assert _indicators(book.with_suffix(".json"))["period.transfer_out.in_transit"] == 1
    said = GONE.replace("Đảng bộ phường Thử", "Đảng bộ xã Ea Tam")
    changes = _changes(book.with_suffix(".json"))
    assert said in changes and "phường" not in changes, changes
    sheet = " ".join(str(c.value) for c in openpyxl.load_workbook(book)["Báo cáo"]["A"] if c.value)
    assert said in sheet and "toàn Đảng bộ xã Ea Tam" in sheet and "phường" not in sheet, sheet


def test_a_move_whose_both_sides_are_in_the_period_is_not_said_in_transit(tmp_path: Path) -> None:
    h01, h02 = people(1, 5), people(2, 4)
    mover = h01[0]
    folder = tmp_path / "q3"
    org_file(folder, *H01, Q3, h01[1:], [change(mover, "transfer_out", LEFT, "internal")])
    org_file(folder, *H02, Q3, [*h02, mover], [change(mover, "transfer_in", RECEIVED, "internal")])
    book = _consolidate(folder, Q3, [H01, H02], "Phường Thử")
    assert _indicators(book.with_suffix(".json"))["period.transfer_out.internal"] == 1
    changes = _changes(book.with_suffix(".json"))
    assert "đang chuyển" not in changes and "Ngoài ra" not in changes


def test_a_member_in_transit_at_the_periods_start_is_explained_by_the_report(tmp_path: Path) -> None:
    """Released by H01 on 28/12/2024 (before the files' period), received by H02 on 03/01/2025:
    on no roll on 1 January, so Biểu 1 counts the arrival in B.2."""
    h01, h02 = people(1, 5), people(2, 4)
    mover = h01[0]
    folder = tmp_path / "q1"
    org_file(folder, *H01, Q1, h01[1:])
    org_file(folder, *H02, Q1, [*h02, mover], [change(mover, "transfer_in", dt.date(2025, 1, 3), "internal")])
    book = _consolidate(folder, Q1, [H01, H02], "Phường Thử")
    ind = _indicators(book.with_suffix(".json"))
    assert ind["period.transfer_in"] == ind["period.transfer_in.in_transit"] == 1
    assert (ind["period.opening"], ind["period.closing"]) == (8, 9)
    changes = _changes(book.with_suffix(".json"))
    assert CAME in changes and CHECK in changes
    assert "chuyển sinh hoạt sang tổ chức khác" not in changes


def test_a_rollups_report_explains_a_wards_member_in_transit(tmp_path: Path) -> None:
    east = _in_transit_at_the_cut_off(tmp_path / "dong", "Phường Đông", first=1)
    west = _west_ward(tmp_path)
    doc = tmp_path / "up.json"
    result = run_cli(
        "rollup", east.with_suffix(".json"), west.with_suffix(".json"), "-o", tmp_path / "up.xlsx",
        "--json", doc, "--name", "Tỉnh Thử",
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    ind = _indicators(doc)
    assert ind["period.transfer_out.in_transit"] == ind["period.transfer_out"] == 1
    changes = _changes(doc)
    assert GONE.replace("trong Đảng bộ phường Thử", "trong một Đảng bộ phường") in changes


# hunt121 F4: an organisation of the registry whose file is missing may be the other side.
H03 = ("H03", "Chi bộ số 3")
MISSING = "số liệu của 1 tổ chức (H03) chưa được tổng hợp"
ON_NO_ROLL = "chưa có trong danh sách của tổ chức nào,"


def test_a_member_in_transit_while_an_organisation_is_missing_is_not_said_on_no_roll(tmp_path: Path) -> None:
    """H01 let a member go inside the ward; H03, in the registry, sent no file: the member may
    be on H03's roll (the run's warning names H03), so the report does not say they are on no
    roll, and names H03 as the organisation the move may be to."""
    h01, h02 = people(1, 5), people(2, 4)
    folder = tmp_path / "q2"
    org_file(folder, *H01, Q2, h01[1:], [change(h01[0], "transfer_out", LEFT, "internal")])
    org_file(folder, *H02, Q2, h02)
    book = _consolidate(folder, Q2, [H01, H02, H03], "Phường Thử")
    summary = json.loads(book.with_suffix(".json").read_text(encoding="utf-8"))
    assert [o["status"] for o in summary["organisations"] if o["org_code"] == "H03"] == ["missing"]
    warned = [i["message"] for i in summary["issues"] if i["code"] == "event.internal_transfer_unmatched"]
    assert warned and "chưa đọc được số liệu của 1 tổ chức (H03)" in warned[0]
    assert summary["indicators"]["period.transfer_out.in_transit"] == 1

    changes = _changes(book.with_suffix(".json"))
    assert ON_NO_ROLL not in changes and "(đang chuyển)" not in changes
    assert (
        "tại ngày 30/6/2025 đồng chí này chưa có trong danh sách của tổ chức nào được tổng hợp, nên được "
        "tính ở mục chuyển đi (Biểu 1-BTCTW, dòng “Chuyển đi”: 01 đồng chí)."
    ) in changes
    assert (
        f"Tuy nhiên, {MISSING}: nếu lần chuyển là sang tổ chức chưa được tổng hợp, đồng chí này có thể "
        "có trong danh sách của tổ chức đó và không phải đang chuyển"
    ) in changes
    sheet = " ".join(str(c.value) for c in openpyxl.load_workbook(book)["Báo cáo"]["A"] if c.value)
    assert MISSING in sheet and ON_NO_ROLL not in sheet


def test_a_member_in_transit_at_the_start_while_an_organisation_is_missing_is_not_said_on_no_roll(
    tmp_path: Path,
) -> None:
    h01, h02 = people(1, 5), people(2, 4)
    mover = h01[0]
    folder = tmp_path / "q1"
    org_file(folder, *H01, Q1, h01[1:])
    org_file(folder, *H02, Q1, [*h02, mover], [change(mover, "transfer_in", dt.date(2025, 1, 3), "internal")])
    book = _consolidate(folder, Q1, [H01, H02, H03], "Phường Thử")
    assert _indicators(book.with_suffix(".json"))["period.transfer_in.in_transit"] == 1
    changes = _changes(book.with_suffix(".json"))
    assert ON_NO_ROLL not in changes and "đang chuyển qua ngày đầu kỳ" not in changes
    assert f"Tuy nhiên, {MISSING}: nếu lần chuyển là từ tổ chức chưa được tổng hợp" in changes


def test_a_rollups_report_names_the_ward_whose_organisation_is_missing(tmp_path: Path) -> None:
    h01, h02 = people(1, 5), people(2, 4)
    folder = tmp_path / "dong" / "q2"
    org_file(folder, *H01, Q2, h01[1:], [change(h01[0], "transfer_out", LEFT, "internal")])
    org_file(folder, *H02, Q2, h02)
    east = _consolidate(folder, Q2, [H01, H02, H03], "Phường Đông")
    doc = tmp_path / "up.json"
    result = run_cli(
        "rollup", east.with_suffix(".json"), "-o", tmp_path / "up.xlsx", "--json", doc, "--name", "Tỉnh Thử"
    )  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    changes = _changes(doc)
    assert ON_NO_ROLL not in changes
    assert "Tuy nhiên, số liệu của Phường Đông chỉ gồm 2/3 tổ chức: nếu lần chuyển là sang" in changes
