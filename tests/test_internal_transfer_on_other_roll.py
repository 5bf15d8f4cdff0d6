"""One side of a move inside the ward is missing, but the person is on the other
organisation's roll (hunt103).

H01 records `Chuyển đi`, `Trong Đảng bộ phường`; H02 has the member on its `Đảng viên` sheet
but deleted its `Chuyển đến` row. Biểu 1 then counts the member twice at the opening (A: at
H01, and at H02 as on its roll since before the period) and the departure as leaving the ward
(C, C.5); D is right. `event.internal_transfer_unmatched` told the clerk that the member may be
in transit and that nothing needs fixing: wrong, the member is on H02's roll. The row gets
`event.internal_transfer_on_other_roll` instead, naming H02's file and its row on `Đảng viên`,
saying what Biểu 1 counts and asking H02 to add the `Chuyển đến` row. The mirror, H02 with the
`Chuyển đến` row and H01 still listing the member without a `Chuyển đi`, is said the same way.
A member on no other roll is still in transit (`event.internal_transfer_unmatched`).

Real workbooks of the template, a registry CSV, a real SQLite history, the CLI (`CliRunner`).
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

from tests.helpers_history import run_cli
from tests.test_opening_reorganised import WARD, change, org_file, people, registry
from tests.test_period_in_transit import H01, H02, LEFT, Q1, Q2, biểu_1

ON_OTHER_ROLL = "event.internal_transfer_on_other_roll"
UNMATCHED = "event.internal_transfer_unmatched"


def consolidate(root: Path, quarter: str, cutoff: dt.date, *extra: str) -> dict[str, Any]:
    out = root / f"{quarter}.xlsx"
    result = run_cli(
        "consolidate",
        root / quarter,
        "--registry",
        registry(root / f"{quarter}.csv", [H01, H02]),
        "--cutoff",
        cutoff.strftime("%d/%m/%Y"),
        "-o",
        out,
        "--json",
        out.with_suffix(".json"),
        "--history",
        root / "lich_su_tong_hop.sqlite",
        "--ward-name",
        WARD,
        *extra,
    )
    assert result.exit_code in (0, 1), result.output
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


def found(summary: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [i for i in summary["issues"] if i["code"] == code]


def quarters(
    root: Path,
    h01_q2: list[dict[str, Any]],
    h01_events: list[dict[str, Any]],
    h02_q2: list[dict[str, Any]],
    h02_events: list[dict[str, Any]],
    *extra: str,
) -> dict[str, Any]:
    h01, h02 = people(1, 5), people(2, 4)
    org_file(root / "q1", *H01, Q1, h01)
    org_file(root / "q1", *H02, Q1, h02)
    consolidate(root, "q1", Q1)
    org_file(root / "q2", *H01, Q2, h01_q2, h01_events)
    org_file(root / "q2", *H02, Q2, h02_q2, h02_events)
    return consolidate(root, "q2", Q2, *extra)


def test_a_departure_whose_arrival_row_is_missing_names_the_roll_that_has_the_member(tmp_path: Path) -> None:
    h01, h02 = people(1, 5), people(2, 4)
    mover = h01[0]
    out_row = change(mover, "transfer_out", LEFT, "internal")
    # H02 lists the member (row 6 of `Đảng viên`) but has no `Chuyển đến` row.
    q2 = quarters(tmp_path, h01[1:], [out_row], [*h02, mover], [], "--personal-data")
    assert biểu_1(q2) == (10, 0, 1, 9)  # A and C one too many, D right: what the message says
    assert found(q2, UNMATCHED) == []
    (issue,) = found(q2, ON_OTHER_ROLL)
    assert issue["severity"] == "warning"
    assert issue["org_code"] == "H01"
    assert issue["sheet"] == "Biến động" and issue["cell"] == "G2"
    text = issue["message"]
    assert unicodedata.is_normalized("NFC", text)
    assert "không cần sửa gì" not in text and "không phải đang chuyển giữa hai tổ chức" in text
    assert mover["full_name"] in text
    assert "“H02.xlsx” (sheet “Đảng viên”, dòng 6)" in text
    assert "mục A" in text and "C.5" in text and "mục D" in text
    assert "thêm ở sheet “Biến động” dòng “Chuyển đến”" in text
    assert "Trong Đảng bộ phường" in text


def test_without_personal_data_the_change_is_not_given_away(tmp_path: Path) -> None:
    h01, h02 = people(1, 5), people(2, 4)
    mover = h01[0]
    out_row = change(mover, "transfer_out", LEFT, "internal")
    q2 = quarters(tmp_path, h01[1:], [out_row], [*h02, mover], [])
    (issue,) = found(q2, ON_OTHER_ROLL)
    text = issue["message"]
    assert mover["full_name"] not in text
    assert "Chuyển đến" not in text and "Chuyển đi" not in text and "chuyển đi" not in text
    assert "“H02.xlsx” (sheet “Đảng viên”, dòng 6)" in text
    assert "không cần sửa gì" not in text


def test_an_arrival_whose_departure_row_is_missing_names_the_roll_still_listing_the_member(
    tmp_path: Path,
) -> None:
    h01, h02 = people(1, 5), people(2, 4)
    mover = h01[0]
    in_row = change(mover, "transfer_in", LEFT, "internal")
    # H01 still lists the member (row 2) and has no `Chuyển đi` row.
    q2 = quarters(tmp_path, h01, [], [*h02, mover], [in_row], "--personal-data")
    assert found(q2, UNMATCHED) == []
    (issue,) = found(q2, ON_OTHER_ROLL)
    assert issue["org_code"] == "H02"
    text = issue["message"]
    assert "không cần sửa gì" not in text
    assert "“H01.xlsx” (sheet “Đảng viên”, dòng 2)" in text
    assert "dòng “Chuyển đi”" in text and "xóa người này khỏi sheet “Đảng viên”" in text


def test_a_member_on_no_other_roll_is_still_in_transit(tmp_path: Path) -> None:
    h01, h02 = people(1, 5), people(2, 4)
    mover = h01[0]
    out_row = change(mover, "transfer_out", LEFT, "internal")
    q2 = quarters(tmp_path, h01[1:], [out_row], h02, [], "--personal-data")
    assert biểu_1(q2) == (9, 0, 1, 8)
    assert found(q2, ON_OTHER_ROLL) == []
    (issue,) = found(q2, UNMATCHED)
    assert "không cần sửa gì" in issue["message"]
