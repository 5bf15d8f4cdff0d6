"""The opening check matches an earlier record's organisations by `org_code_key`.

A clerk who re-types the registry's codes in another case between two runs ("cb01" in the
first quarter, "CB01" in the next) has changed no organisation: the per-organisation check
still names the chi bộ, the ward's figure is still their sum, and nothing is called gone or
new. Before, the codes were compared as written: the chi bộ's warning was lost and the ward's
said that two organisations were gone and two new, sending the clerk to look for mergers.

Real workbooks of the template (`write_submission`), registry CSVs, real SQLite histories, the
CLI (`CliRunner`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

from tests.helpers_history import filled_history, record
from tests.test_opening_reorganised import (
    MISMATCH,
    Q1,
    Q2,
    RENAMED,
    WARD,
    WARD_CODE,
    change,
    consolidate,
    found,
    opening_codes,
    org_file,
    people,
)

NAMES = ("Chi bộ Tổ dân phố số 1", "Chi bộ Tổ dân phố số 2", "Chi bộ Tổ dân phố số 3")
A, B, C = people(1, 6), people(2, 6), people(3, 6)


def _q1(root: Path, codes: tuple[str, ...]) -> None:
    for code, name, members in zip(codes, NAMES, (A, B, C), strict=False):
        org_file(root / "q1", code, name, Q1, members)
    q1 = consolidate(root, "q1", Q1, list(zip(codes, NAMES, strict=False)))
    assert q1["indicators"]["members.total"] == 6 * len(codes)


def test_a_code_re_typed_in_another_case_is_the_same_organisation(tmp_path: Path) -> None:
    _q1(tmp_path, ("cb01", "cb02"))
    # The registry's codes corrected to capitals; one member of the first chi bộ is in no
    # list and in no change row.
    org_file(tmp_path / "q2", "CB01", NAMES[0], Q2, A[:-1])
    org_file(tmp_path / "q2", "CB02", NAMES[1], Q2, B)
    q2 = consolidate(tmp_path, "q2", Q2, [("CB01", NAMES[0]), ("CB02", NAMES[1])])
    assert q2["indicators"]["members.total"] == 11
    assert opening_codes(q2) == [(MISMATCH, "CB01"), (MISMATCH, None)]
    chi_bo, ward = found(q2, MISMATCH)
    assert chi_bo["file"] == "CB01.xlsx"
    assert chi_bo["message"].startswith(
        "Chi bộ Tổ dân phố số 1: số đảng viên tại ngày 31/03/2025 tính lại từ tệp kỳ này là 5 "
    )
    assert "lần tổng hợp ngày 31/03/2025 (lần số 1 trong lịch sử tổng hợp) ghi 6." in chi_bo["message"]
    assert ward["message"].startswith("Toàn Đảng bộ: ")
    assert "là 11 " in ward["message"] and "ghi 12." in ward["message"]
    assert unicodedata.is_normalized("NFC", chi_bo["message"])


def test_a_code_re_typed_whose_opening_follows_raises_nothing(tmp_path: Path) -> None:
    _q1(tmp_path, ("cb01", "cb02"))
    died = [change(A[0], "died", dt.date(2025, 5, 4))]
    org_file(tmp_path / "q2", "CB01", NAMES[0], Q2, A[1:], died)
    org_file(tmp_path / "q2", "cb02", NAMES[1], Q2, B)
    q2 = consolidate(tmp_path, "q2", Q2, [("CB01", NAMES[0]), ("cb02", NAMES[1])])
    assert opening_codes(q2) == []


def test_a_reorganisation_names_only_the_organisations_really_gone_and_new(tmp_path: Path) -> None:
    """cb02 and cb03 merged into CB09, cb01 re-typed CB01: only the merger is named."""
    _q1(tmp_path, ("cb01", "cb02", "cb03"))
    kept = (B + C)[:-1]  # one member of cb03 is in no list and no row
    moved = [change(m, "transfer_in", dt.date(2025, 6, 1), "internal") for m in kept]
    org_file(tmp_path / "q2", "CB01", NAMES[0], Q2, A)
    org_file(tmp_path / "q2", "CB09", "Chi bộ Tổ dân phố số 2-3", Q2, kept, moved)
    q2 = consolidate(tmp_path, "q2", Q2, [("CB01", NAMES[0]), ("CB09", "Chi bộ Tổ dân phố số 2-3")])
    assert q2["indicators"]["members.total"] == 17
    assert opening_codes(q2) == [(WARD_CODE, None)]
    message = found(q2, WARD_CODE)[0]["message"]
    assert "là 17 " in message and "ghi 18, cả hai lần đều đủ các tổ chức." in message
    assert "(không còn: cb02, cb03; mới: CB09)" in message


def test_a_code_re_typed_with_another_name_names_the_code_as_stored(tmp_path: Path) -> None:
    _q1(tmp_path, ("cb01",))
    org_file(tmp_path / "q2", "CB01", "Chi bộ Khu phố Hòa Bình", Q2, A[:-1])
    q2 = consolidate(tmp_path, "q2", Q2, [("CB01", "Chi bộ Khu phố Hòa Bình")])
    assert opening_codes(q2) == [(RENAMED, "CB01"), (MISMATCH, None)]
    message = found(q2, RENAMED)[0]["message"]
    assert "là 5 " in message and "ghi 6 cho mã cb01, khi đó mang tên “Chi bộ Tổ dân phố số 1”." in message


def _q2(root: Path, orgs: list[tuple[str, str, list[dict[str, Any]]]]) -> dict[str, Any]:
    for code, name, members in orgs:
        org_file(root / "q2", code, name, Q2, members)
    return consolidate(root, "q2", Q2, [(code, name) for code, name, _ in orgs])


def test_a_record_holding_two_codes_of_one_key_is_one_organisation_now(tmp_path: Path) -> None:
    """An older or imported record with "cb01" and "CB\\u200b01" (one code by `org_code_key`):
    their figures are the one organisation's now."""
    filled_history(
        tmp_path / "lich_su_tong_hop.sqlite",
        record(
            Q1,
            total=12,
            orgs={"cb01": 3, "CB\u200b01": 3, "CB02": 6},
            names={"cb01": NAMES[0], "CB\u200b01": NAMES[0], "CB02": NAMES[1]},
            ward_name=WARD,
        ),
    )
    q2 = _q2(tmp_path, [("CB01", NAMES[0], A[:-1]), ("CB02", NAMES[1], B)])
    assert opening_codes(q2) == [(MISMATCH, "CB01"), (MISMATCH, None)]
    assert "là 5 " in found(q2, MISMATCH)[0]["message"]
    assert "ghi 6." in found(q2, MISMATCH)[0]["message"]
