"""The history's opening checks with an internal transfer whose arrival is dated before its
departure and a stored cut-off C between the two dates (hunt46 C): Biểu 1 counts the pair as one
move inside the ward (`transfers.dates_reversed`), and so must the ward's opening check.

- The same organisations in both runs: the ward's figure at C was the sum of each
  organisation's rebuilt roll, which has the member on both (departure after C, arrival "before"
  it): "Toàn Đảng bộ … 12 …, ghi 11", while the same files with a chi bộ added said nothing.
- A departure row added after C that pairs, in reverse, with an arrival in transit then: line A
  changes with no row before C edited, and `form.period_opening_changed` gave only causes that
  were not it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from tests.helpers_history import run_cli
from tests.test_opening_reorganised import WARD, change, org_file, people, registry

D = dt.date
H01, H02 = ("H01", "Chi bộ số 1"), ("H02", "Chi bộ số 2")


def _run(root: Path, quarter: str, cutoff: dt.date) -> dict[str, Any]:
    out = root / f"{quarter}.xlsx"
    run_cli(
        "consolidate", root / quarter, "--registry", registry(root / f"{quarter}.csv", [H01, H02]),
        "--cutoff", cutoff.strftime("%d/%m/%Y"), "-o", out, "--json", out.with_suffix(".json"),
        "--history", root / "lich_su_tong_hop.sqlite", "--ward-name", WARD,
    )  # fmt: skip
    doc: dict[str, Any] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return doc


def _codes(doc: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(i["code"], i.get("org_code")) for i in doc["issues"] if i["code"].startswith("form.")]


H01_ROLL, H02_ROLL = people(1, 6), people(2, 5)
MEMBER = H01_ROLL[0]
ARRIVAL = change(MEMBER, "transfer_in", D(2025, 6, 25), "internal")  # typed for 25/07
DEPARTURE = change(MEMBER, "transfer_out", D(2025, 7, 5), "internal")


def _stored_june(tmp_path: Path) -> None:
    """The 30/06 run of both organisations, the member still on H01's roll (11 members)."""
    org_file(tmp_path / "q2", *H01, D(2025, 6, 30), H01_ROLL)
    org_file(tmp_path / "q2", *H02, D(2025, 6, 30), H02_ROLL)
    assert _run(tmp_path, "q2", D(2025, 6, 30))["indicators"]["members.total"] == 11


def _september(tmp_path: Path, h02_roll: list[Any]) -> dict[str, Any]:
    """The 30/09 run: H01 lets the member go on 05/07, H02 typed the arrival 25/06."""
    org_file(tmp_path / "q3", *H01, D(2025, 9, 30), H01_ROLL[1:], [DEPARTURE])
    org_file(tmp_path / "q3", *H02, D(2025, 9, 30), [*h02_roll, MEMBER], [ARRIVAL])
    return _run(tmp_path, "q3", D(2025, 9, 30))


def _ward_mismatches(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for i in doc["issues"] if i["code"] == "form.opening_mismatch" and i.get("org_code") is None]


def test_the_ward_check_counts_a_reversed_pair_across_c_once(tmp_path: Path) -> None:
    _stored_june(tmp_path)
    doc = _september(tmp_path, H02_ROLL)
    assert doc["indicators"]["period.opening"] == 11
    assert "event.transfer_dates_reversed" in {i["code"] for i in doc["issues"]}
    assert _ward_mismatches(doc) == []


def test_line_a_changed_by_a_reversed_pair_says_so(tmp_path: Path) -> None:
    """At 30/06 the arrival was in transit (H01 had taken the member off with no row yet)."""
    org_file(tmp_path / "q2", *H01, D(2025, 6, 30), H01_ROLL[1:])
    org_file(tmp_path / "q2", *H02, D(2025, 6, 30), [*H02_ROLL, MEMBER], [ARRIVAL])
    assert _run(tmp_path, "q2", D(2025, 6, 30))["indicators"]["period.opening"] == 10
    doc = _september(tmp_path, H02_ROLL)
    (changed,) = [i for i in doc["issues"] if i["code"] == "form.period_opening_changed"]
    assert "ghi ngày chuyển đến trước ngày chuyển đi" in changed["message"], changed["message"]
    assert "dòng A có thể khác lần đó dù không dòng nào trong khoảng ấy bị sửa" in changed["message"]


def test_a_member_really_lost_beside_a_reversed_pair_is_still_said(tmp_path: Path) -> None:
    """The reversed arrival's +1 and a member H02 dropped with no row cancel in the rolls added
    (hunt47 #1): the ward's own roll, which counts the pair once, still sees the loss."""
    _stored_june(tmp_path)
    doc = _september(tmp_path, H02_ROLL[1:])
    (ward,) = _ward_mismatches(doc)
    assert "tính lại từ tệp kỳ này là 10" in ward["message"] and "ghi 11" in ward["message"], ward["message"]
