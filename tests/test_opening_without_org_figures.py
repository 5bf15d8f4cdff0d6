"""The opening check against an earlier record with no figure per organisation.

`history import` takes a summary without its `organisations` (the minimum is cut-off, period
start and indicators): such a record has the ward's figures only. That is no reorganisation:
the check compares the ward's figure rebuilt from its own changes with the stored one and says
that no organisation could be checked (`form.ward_opening_no_org_figures`), never that every
organisation is new.

Real workbooks of the template (`write_submission`), a registry CSV, a real SQLite history, the
CLI (`CliRunner`).
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

from tests.helpers_history import run_cli
from tests.test_opening_reorganised import (
    MISMATCH,
    Q1,
    Q2,
    WARD,
    WARD_CODE,
    change,
    consolidate,
    found,
    org_file,
    people,
    registry,
)
from toolkit.core.rules import RULES

NO_ORGS = "form.ward_opening_no_org_figures"
ORGS = [("CB01", "Chi bộ Tổ dân phố số 1"), ("CB02", "Chi bộ Tổ dân phố số 2")]
CB01, CB02 = people(1, 7), people(2, 5)


def _imported_q1(root: Path, *, keep: tuple[str, ...] = ()) -> None:
    """Q1 consolidated on another PC (no history), its summary imported into `root`'s history
    without `organisations` and `sources` (and whatever else `keep` does not name)."""
    org_file(root / "q1", "CB01", ORGS[0][1], Q1, CB01)
    org_file(root / "q1", "CB02", ORGS[1][1], Q1, CB02)
    out = root / "q1_other_pc.json"
    made = run_cli(
        "consolidate",
        root / "q1",
        "--registry",
        registry(root / "q1.csv", ORGS),
        "--cutoff",
        Q1.strftime("%d/%m/%Y"),
        "--ward-name",
        WARD,
        "--no-history",
        "-o",
        root / "q1_other_pc.xlsx",
        "--json",
        out,
    )
    assert made.exit_code in (0, 1), made.output
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert summary["indicators"]["members.total"] == 12
    for key in ("organisations", "sources"):
        if key not in keep:
            summary.pop(key)
    minimal = root / "q1_minimal.json"
    minimal.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    imported = run_cli("history", "import", minimal, "--history", root / "lich_su_tong_hop.sqlite")
    assert imported.exit_code == 0, imported.output


def _opening(summary: dict[str, Any]) -> list[tuple[str, str | None]]:
    codes = (NO_ORGS, WARD_CODE, MISMATCH)
    return [(i["code"], i["org_code"]) for i in summary["issues"] if i["code"] in codes]


def test_a_member_lost_is_said_of_the_ward_without_calling_the_organisations_new(tmp_path: Path) -> None:
    _imported_q1(tmp_path)
    # The same two chi bộ; CB01's file has lost a member, with no change row.
    org_file(tmp_path / "q2", "CB01", ORGS[0][1], Q2, CB01[:-1])
    org_file(tmp_path / "q2", "CB02", ORGS[1][1], Q2, CB02)
    q2 = consolidate(tmp_path, "q2", Q2, ORGS)
    assert q2["indicators"]["members.total"] == 11
    assert _opening(q2) == [(NO_ORGS, None)]
    message = found(q2, NO_ORGS)[0]["message"]
    assert message.startswith(
        "Toàn Đảng bộ: số đảng viên tại ngày 31/03/2025 tính lại từ các tệp kỳ này là 11 "
    )
    assert (
        "lần tổng hợp ngày 31/03/2025 (lần số 1 trong lịch sử tổng hợp) "
        "ghi 12, cả hai lần đều đủ các tổ chức." in message
    )
    assert "chỉ có số của cả phường, không có số của từng tổ chức" in message
    # An imported summary, no merged ward's sum (review203 R4): no former ward named.
    assert "(như khi tệp tóm tắt JSON được nhập không kèm danh sách tổ chức)" in message
    assert "phường cũ" not in message
    assert "chưa biết chênh lệch ở tổ chức nào" in message
    assert "mới:" not in message and "không còn:" not in message and "sáp nhập" not in message
    assert unicodedata.is_normalized("NFC", message)
    assert RULES[NO_ORGS].severity == "warning"


def test_an_opening_that_follows_raises_nothing(tmp_path: Path) -> None:
    _imported_q1(tmp_path)
    # A death after the earlier cut-off, with its row: the ward's roll then was 12.
    died = [change(CB01[0], "died", dt.date(2025, 5, 4))]
    org_file(tmp_path / "q2", "CB01", ORGS[0][1], Q2, CB01[1:], died)
    org_file(tmp_path / "q2", "CB02", ORGS[1][1], Q2, CB02)
    q2 = consolidate(tmp_path, "q2", Q2, ORGS)
    assert q2["indicators"]["members.total"] == 11
    assert _opening(q2) == []


def test_a_run_that_is_not_complete_is_not_compared_with_the_ward(tmp_path: Path) -> None:
    """CB02's file is missing now: 7 against 12 is two parts of the ward, nothing sure to say."""
    _imported_q1(tmp_path)
    org_file(tmp_path / "q2", "CB01", ORGS[0][1], Q2, CB01)
    q2 = consolidate(tmp_path, "q2", Q2, ORGS)
    assert q2["indicators"]["members.total"] == 7
    assert _opening(q2) == []


def test_with_its_organisations_the_import_is_checked_per_organisation(tmp_path: Path) -> None:
    _imported_q1(tmp_path, keep=("organisations",))
    org_file(tmp_path / "q2", "CB01", ORGS[0][1], Q2, CB01[:-1])
    org_file(tmp_path / "q2", "CB02", ORGS[1][1], Q2, CB02)
    q2 = consolidate(tmp_path, "q2", Q2, ORGS)
    assert _opening(q2) == [(MISMATCH, "CB01"), (MISMATCH, None)]
