"""The opening check across a reorganisation of the ward's organisations.

A quarter is consolidated into a real SQLite history, then the next quarter after chi bộ were
merged, founded, dissolved, or a code was given to another chi bộ. The per-organisation check
compares codes; the ward's figure at the earlier cut-off is reconstructed from the ward's own
changes (transfers inside the ward cancel) when both runs consolidated every organisation they
expected, so that a member lost in a merger is caught (`form.ward_opening_mismatch`), while
what the check cannot be sure of (transfers of unknown scope, a file whose changes start
late, a run that is not complete) raises nothing. A code whose stored name is another
organisation's says whose figure it was (`form.opening_code_renamed`).

Real workbooks of the template (`write_submission`), a registry CSV, the CLI (`CliRunner`).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

from tests.helpers_history import run_cli
from tests.helpers_validate import member, org_file
from toolkit.core.rules import RULES

Q1 = dt.date(2025, 3, 31)
Q2 = dt.date(2025, 6, 30)
WARD = "Phường Thử"
WARD_CODE = "form.ward_opening_mismatch"
RENAMED = "form.opening_code_renamed"
MISMATCH = "form.opening_mismatch"
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn"]


def people(org: int, count: int) -> list[dict[str, Any]]:
    """`count` members of organisation number `org`, each a different person."""
    rows = []
    for i in range(count):
        k = org * 20 + i
        rows.append(
            member(
                full_name=f"{SURNAMES[k % 10]} Văn {GIVEN[(k // 10) % len(GIVEN)]}",
                birth_date=dt.date(1950 + k % 40, 1 + k % 12, 1 + k % 27),
                card_no=f"{10000000 + k}",
                admission_date=dt.date(1990 + k % 20, 1 + k % 12, 1 + k % 27),
                official_date=dt.date(1991 + k % 20, 1 + k % 12, 1 + k % 27),
                occupation="retired",  # in the lists of both templates
                theory_level="elementary",
            )
        )
    return rows


def change(person: dict[str, Any], kind: str, day: dt.date, scope: str | None = None) -> dict[str, Any]:
    row = {"full_name": person["full_name"], "birth_date": person["birth_date"], "event_type": kind}
    row["event_date"] = day
    if scope is not None:
        row["transfer_scope"] = scope
    return row


def registry(path: Path, orgs: list[tuple[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        writer.writerow(["Mã tổ chức", "Tên tổ chức đảng", "Cấp tổ chức", "Khối", "Bí thư"])
        for code, name in orgs:
            writer.writerow([code, name, "Chi bộ trực thuộc", "Chi bộ tổ dân phố", f"Bí thư {code}"])
    return path


def consolidate(root: Path, quarter: str, cutoff: dt.date, orgs: list[tuple[str, str]]) -> dict[str, Any]:
    """Consolidate `root/quarter` with a registry of `orgs` into the history of `root`."""
    out = root / f"{quarter}.xlsx"
    result = run_cli(
        "consolidate",
        root / quarter,
        "--registry",
        registry(root / f"{quarter}.csv", orgs),
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
    )
    assert result.exit_code in (0, 1), result.output
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


def found(summary: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [i for i in summary["issues"] if i["code"] == code]


def opening_codes(summary: dict[str, Any]) -> list[tuple[str, str | None]]:
    codes = (WARD_CODE, RENAMED, MISMATCH)
    return [(i["code"], i["org_code"]) for i in summary["issues"] if i["code"] in codes]


# --- a merger: CB04 (6) and CB05 (6) become CB09 ---------------------------------------------------

CB04, CB05 = people(4, 6), people(5, 6)
Q1_MERGER = [("CB04", "Chi bộ Tổ dân phố số 4"), ("CB05", "Chi bộ Tổ dân phố số 5")]
Q2_MERGER = [("CB09", "Chi bộ Tổ dân phố số 4-5")]


def _merger_q1(root: Path) -> dict[str, Any]:
    org_file(root / "q1", "CB04", "Chi bộ Tổ dân phố số 4", Q1, CB04)
    org_file(root / "q1", "CB05", "Chi bộ Tổ dân phố số 5", Q1, CB05)
    q1 = consolidate(root, "q1", Q1, Q1_MERGER)
    assert q1["indicators"]["members.total"] == 12
    return q1


def test_a_member_lost_in_a_merger_is_caught_by_the_ward_check(tmp_path: Path) -> None:
    _merger_q1(tmp_path)
    kept = (CB04 + CB05)[:-1]  # one member of CB05 is in no list and no row
    moved = [change(m, "transfer_in", dt.date(2025, 6, 1), "internal") for m in kept]
    org_file(tmp_path / "q2", "CB09", "Chi bộ Tổ dân phố số 4-5", Q2, kept, moved)
    q2 = consolidate(tmp_path, "q2", Q2, Q2_MERGER)
    assert q2["indicators"]["members.total"] == 11
    assert opening_codes(q2) == [(WARD_CODE, None)]
    issue = found(q2, WARD_CODE)[0]
    message = issue["message"]
    assert message.startswith(
        "Toàn Đảng bộ: số đảng viên tại ngày 31/03/2025 tính lại từ các tệp kỳ này là 11 "
    )
    assert (
        "lần tổng hợp ngày 31/03/2025 (lần số 1 trong lịch sử tổng hợp) "
        "ghi 12, cả hai lần đều đủ các tổ chức." in message
    )
    assert "(không còn: CB04, CB05; mới: CB09)" in message
    # The arrivals without their other side: the figure said takes them to be in the ward then.
    assert "Số tính lại coi 11 người chuyển đến trong Đảng bộ phường sau ngày 31/03/2025" in message
    assert "số tính lại là 0, vẫn khác 12." in message
    assert "có thể có đảng viên không có trong danh sách nào" in message
    assert "chưa ghi phạm vi chuyển" not in message
    assert unicodedata.is_normalized("NFC", message)
    assert RULES[WARD_CODE].severity == "warning"


def test_a_whole_merger_raises_nothing(tmp_path: Path) -> None:
    _merger_q1(tmp_path)
    merged = CB04 + CB05
    moved = [change(m, "transfer_in", dt.date(2025, 6, 1), "internal") for m in merged]
    # A death after the earlier cut-off and an admission: the ward's own changes count.
    died, admitted = merged[0], people(9, 1)[0]
    admitted = {**admitted, "admission_date": dt.date(2025, 5, 2), "official_date": None, "card_no": None}
    events = [*moved[1:], change(died, "died", dt.date(2025, 6, 10))]
    events.append({**change(admitted, "admitted", dt.date(2025, 5, 2)), "decision_no": "12-QĐ/ĐU"})
    org_file(tmp_path / "q2", "CB09", "Chi bộ Tổ dân phố số 4-5", Q2, [*merged[1:], admitted], events)
    q2 = consolidate(tmp_path, "q2", Q2, Q2_MERGER)
    assert q2["indicators"]["members.total"] == 12
    assert opening_codes(q2) == []


def test_transfers_of_unknown_scope_in_a_merger_raise_nothing_they_could_explain(tmp_path: Path) -> None:
    """A merged chi bộ's file of template 2026.1 records its members' `Chuyển đến` without a
    scope: counted as joining the ward (§6), the ward's reconstruction is 0 — but each may be
    a move inside the ward, so 12 then is possible and nothing is said."""
    _merger_q1(tmp_path)
    merged = CB04 + CB05
    moved = [change(m, "transfer_in", dt.date(2025, 6, 1)) for m in merged]
    org_file(tmp_path / "q2", "CB09", "Chi bộ Tổ dân phố số 4-5", Q2, merged, moved, version="2026.1")
    q2 = consolidate(tmp_path, "q2", Q2, Q2_MERGER)
    assert q2["indicators"]["members.total"] == 12
    assert opening_codes(q2) == []


def test_a_member_lost_beyond_what_unknown_scopes_explain_is_still_caught(tmp_path: Path) -> None:
    _merger_q1(tmp_path)
    kept = (CB04 + CB05)[:-1]
    moved = [change(m, "transfer_in", dt.date(2025, 6, 1)) for m in kept]
    org_file(tmp_path / "q2", "CB09", "Chi bộ Tổ dân phố số 4-5", Q2, kept, moved, version="2026.1")
    q2 = consolidate(tmp_path, "q2", Q2, Q2_MERGER)
    assert opening_codes(q2) == [(WARD_CODE, None)]
    message = found(q2, WARD_CODE)[0]["message"]
    assert "tính lại từ các tệp kỳ này là 0 " in message and "ghi 12" in message
    assert "Có 11 dòng chuyển đến, chuyển đi sau ngày 31/03/2025 chưa ghi phạm vi chuyển" in message
    assert "số tính lại cũng chỉ từ 0 đến 11, vẫn khác 12." in message


def test_one_side_of_an_internal_transfer_without_scope_raises_nothing(tmp_path: Path) -> None:
    """CB01 (template 2026.2) sends 3 members to the new CB08 `Trong Đảng bộ phường`; CB08's
    file (2026.1) records them without a scope, so the ward counts them as joining it: the
    reconstruction is 5 + 0, one side short of the 8 stored, which those rows explain."""
    cb01 = people(1, 8)
    org_file(tmp_path / "q1", "CB01", "Chi bộ Tổ dân phố số 1", Q1, cb01)
    consolidate(tmp_path, "q1", Q1, [("CB01", "Chi bộ Tổ dân phố số 1")])
    day = dt.date(2025, 5, 10)
    org_file(
        tmp_path / "q2",
        "CB01",
        "Chi bộ Tổ dân phố số 1",
        Q2,
        cb01[:5],
        [change(m, "transfer_out", day, "internal") for m in cb01[5:]],
    )
    into = [change(m, "transfer_in", day) for m in cb01[5:]]
    org_file(tmp_path / "q2", "CB08", "Chi bộ Khu đô thị mới", Q2, cb01[5:], into, version="2026.1")
    orgs = [("CB01", "Chi bộ Tổ dân phố số 1"), ("CB08", "Chi bộ Khu đô thị mới")]
    q2 = consolidate(tmp_path, "q2", Q2, orgs)
    assert q2["indicators"]["members.total"] == 8
    assert opening_codes(q2) == []


# --- a dissolution: CB02 (5) goes, one member dies, four move to the new CB10 ----------------------

CB02, CB03 = people(2, 5), people(3, 6)
Q1_DISSOLVED = [("CB02", "Chi bộ Tổ dân phố số 2"), ("CB03", "Chi bộ Tổ dân phố số 3")]


def _dissolution(root: Path) -> None:
    org_file(root / "q1", "CB02", "Chi bộ Tổ dân phố số 2", Q1, CB02)
    org_file(root / "q1", "CB03", "Chi bộ Tổ dân phố số 3", Q1, CB03)
    consolidate(root, "q1", Q1, Q1_DISSOLVED)
    day = dt.date(2025, 5, 15)
    org_file(root / "q2", "CB03", "Chi bộ Tổ dân phố số 3", Q2, CB03)
    moved = [change(m, "transfer_in", day, "internal") for m in CB02[1:]]
    org_file(root / "q2", "CB10", "Chi bộ Khu dân cư mới", Q2, CB02[1:], moved)


def test_a_dissolved_organisations_last_report_raises_no_ward_alarm(tmp_path: Path) -> None:
    """CB02's last file: nobody on its roll, the death and the four moves in `Biến động`.
    Whether it is consolidated (0 members, its changes counted) or refused for its empty
    roll (the run is then not complete), the ward's check does not fire."""
    _dissolution(tmp_path)
    last = [change(CB02[0], "died", dt.date(2025, 4, 10))]
    last += [change(m, "transfer_out", dt.date(2025, 5, 15), "internal") for m in CB02[1:]]
    org_file(tmp_path / "q2", "CB02", "Chi bộ Tổ dân phố số 2", Q2, [], last)
    q2 = consolidate(tmp_path, "q2", Q2, [*Q1_DISSOLVED, ("CB10", "Chi bộ Khu dân cư mới")])
    assert found(q2, WARD_CODE) == []
    assert found(q2, MISMATCH) == []


def test_a_death_lost_with_a_dissolved_organisation_is_caught(tmp_path: Path) -> None:
    """CB02 taken out of the registry without a last file: its member's death is in no file,
    the ward goes from 11 to 10 with no change recorded."""
    _dissolution(tmp_path)
    q2 = consolidate(
        tmp_path, "q2", Q2, [("CB03", "Chi bộ Tổ dân phố số 3"), ("CB10", "Chi bộ Khu dân cư mới")]
    )
    assert opening_codes(q2) == [(WARD_CODE, None)]
    message = found(q2, WARD_CODE)[0]["message"]
    assert "là 10 " in message and "ghi 11," in message and "(không còn: CB02; mới: CB10)" in message


def test_a_run_that_is_not_complete_is_not_checked_as_a_ward(tmp_path: Path) -> None:
    """The merged CB09 is in the registry with the new CB11, whose file is not there yet: the
    ward's figure cannot be compared, and nothing is said of it."""
    _merger_q1(tmp_path)
    kept = (CB04 + CB05)[:-1]
    moved = [change(m, "transfer_in", dt.date(2025, 6, 1), "internal") for m in kept]
    org_file(tmp_path / "q2", "CB09", "Chi bộ Tổ dân phố số 4-5", Q2, kept, moved)
    q2 = consolidate(tmp_path, "q2", Q2, [*Q2_MERGER, ("CB11", "Chi bộ Tổ dân phố số 11")])
    assert [i["org_code"] for i in found(q2, "org.missing")] == ["CB11"]
    assert opening_codes(q2) == []


def test_a_file_whose_changes_start_late_is_not_checked_as_a_ward(tmp_path: Path) -> None:
    """CB05's members go to the new CB12, whose file states `Số liệu từ ngày` 01/05/2025: the
    death of 15/04 is before its start, so not in it; the ward's figure cannot be sure."""
    _merger_q1(tmp_path)
    org_file(tmp_path / "q2", "CB04", "Chi bộ Tổ dân phố số 4", Q2, CB04)
    day = dt.date(2025, 5, 1)
    moved = [change(m, "transfer_in", day, "internal") for m in CB05[1:]]
    org_file(tmp_path / "q2", "CB12", "Chi bộ Tổ dân phố số 12", Q2, CB05[1:], moved, since=day)
    q2 = consolidate(
        tmp_path, "q2", Q2, [("CB04", "Chi bộ Tổ dân phố số 4"), ("CB12", "Chi bộ Tổ dân phố số 12")]
    )
    assert [i["org_code"] for i in found(q2, "org.period_start_differs")] == ["CB12"]
    assert opening_codes(q2) == []


# --- a code given to another chi bộ, a rename ----------------------------------------------------------


def test_a_code_given_to_a_new_chi_bo_says_whose_figure_it_was(tmp_path: Path) -> None:
    cb01, cb07 = people(1, 8), people(7, 8)
    org_file(tmp_path / "q1", "CB01", "Chi bộ Tổ dân phố số 1", Q1, cb01)
    org_file(tmp_path / "q1", "CB07", "Chi bộ Tổ dân phố số 7", Q1, cb07)
    consolidate(tmp_path, "q1", Q1, [("CB01", "Chi bộ Tổ dân phố số 1"), ("CB07", "Chi bộ Tổ dân phố số 7")])
    day = dt.date(2025, 5, 10)
    out = [change(m, "transfer_out", day, "internal") for m in cb01[5:]]
    into = [change(m, "transfer_in", day, "internal") for m in cb01[5:]]
    org_file(tmp_path / "q2", "CB01", "Chi bộ Tổ dân phố số 1", Q2, cb01[:5], out)
    org_file(tmp_path / "q2", "CB07", "Chi bộ Khu đô thị mới", Q2, cb01[5:], into)
    org_file(tmp_path / "q2", "CB17", "Chi bộ Tổ dân phố số 7", Q2, cb07)
    orgs = [
        ("CB01", "Chi bộ Tổ dân phố số 1"),
        ("CB07", "Chi bộ Khu đô thị mới"),
        ("CB17", "Chi bộ Tổ dân phố số 7"),
    ]
    q2 = consolidate(tmp_path, "q2", Q2, orgs)
    assert opening_codes(q2) == [(RENAMED, "CB07")]  # and the ward's 16 follows from its changes
    issue = found(q2, RENAMED)[0]
    assert issue["file"] == "CB07.xlsx"
    message = issue["message"]
    assert message.startswith(
        "Chi bộ Khu đô thị mới: số đảng viên tại ngày 31/03/2025 tính lại từ tệp kỳ này là 0 "
    )
    assert "ghi 8 cho mã CB07, khi đó mang tên “Chi bộ Tổ dân phố số 7”." in message
    assert "Nếu mã này nay là của một tổ chức khác" in message and "không cần sửa gì" in message
    assert unicodedata.is_normalized("NFC", message)
    assert RULES[RENAMED].severity == "warning"


def _renamed(root: Path, new_name: str, *, lost: bool) -> dict[str, Any]:
    cb06 = people(6, 6)
    org_file(root / "q1", "CB06", "Chi bộ Tổ dân phố số 6", Q1, cb06)
    consolidate(root, "q1", Q1, [("CB06", "Chi bộ Tổ dân phố số 6")])
    org_file(root / "q2", "CB06", new_name, Q2, cb06[1:] if lost else cb06)
    return consolidate(root, "q2", Q2, [("CB06", new_name)])


def test_a_renamed_chi_bo_that_lost_a_member_is_still_told_what_to_look_for(tmp_path: Path) -> None:
    q2 = _renamed(tmp_path, "Chi bộ Khu phố Hòa Bình", lost=True)
    assert opening_codes(q2) == [(RENAMED, "CB06"), (MISMATCH, None)]
    message = found(q2, RENAMED)[0]["message"]
    assert "là 5 " in message and "ghi 6 cho mã CB06, khi đó mang tên “Chi bộ Tổ dân phố số 6”" in message
    assert "Nếu chỉ là tổ chức này đổi tên, hãy kiểm tra sheet “Biến động”" in message


def test_a_name_written_another_way_is_the_same_organisation(tmp_path: Path) -> None:
    q2 = _renamed(tmp_path, "Chi bộ TDP số 06", lost=True)
    assert opening_codes(q2) == [(MISMATCH, "CB06"), (MISMATCH, None)]


def test_a_renamed_chi_bo_whose_opening_follows_raises_nothing(tmp_path: Path) -> None:
    assert opening_codes(_renamed(tmp_path, "Chi bộ Khu phố Hòa Bình", lost=False)) == []


# --- organisations of both runs that differ, beside a reorganisation (hunt134 F3) -----------------

CB01, CB08 = people(1, 6), people(8, 7)
Q1_FOUNDING = [("CB01", "Chi bộ Tổ dân phố số 1"), ("CB08", "Chi bộ Tổ dân phố số 8")]


def test_a_ward_difference_wholly_of_organisations_of_both_runs_names_them_not_the_new_one(
    tmp_path: Path,
) -> None:
    """hunt134 F3: CB10 founded with three members of CB08 (both sides in the files) while CB01
    and CB08 each lost a member with no change row: the ward's difference of 2 is wholly theirs,
    each with its own warning, yet the ward's message sent the clerk to the new organisation. It
    names them and says the reorganisation makes no difference."""
    org_file(tmp_path / "q1", "CB01", "Chi bộ Tổ dân phố số 1", Q1, CB01)
    org_file(tmp_path / "q1", "CB08", "Chi bộ Tổ dân phố số 8", Q1, CB08)
    consolidate(tmp_path, "q1", Q1, Q1_FOUNDING)
    day = dt.date(2025, 5, 10)
    out = [change(m, "transfer_out", day, "internal") for m in CB08[4:]]
    into = [change(m, "transfer_in", day, "internal") for m in CB08[4:]]
    org_file(tmp_path / "q2", "CB01", "Chi bộ Tổ dân phố số 1", Q2, CB01[1:])  # one deleted
    org_file(tmp_path / "q2", "CB08", "Chi bộ Tổ dân phố số 8", Q2, CB08[1:4], out)  # one deleted
    org_file(tmp_path / "q2", "CB10", "Chi bộ Khu dân cư mới", Q2, CB08[4:], into)
    q2 = consolidate(tmp_path, "q2", Q2, [*Q1_FOUNDING, ("CB10", "Chi bộ Khu dân cư mới")])
    assert opening_codes(q2) == [(MISMATCH, "CB01"), (MISMATCH, "CB08"), (WARD_CODE, None)]
    message = " ".join(found(q2, WARD_CODE)[0]["message"].split())
    assert "là 11 " in message and "ghi 13," in message and "(không còn: không có; mới: CB10)" in message
    assert message.endswith(
        " Cả chênh lệch 2 là ở các tổ chức CB01, CB08, có ở cả hai lần tổng hợp (xem cảnh báo của "
        "từng tổ chức): các tổ chức mới lập, sáp nhập, chia tách hay không còn không làm khác số của "
        "phường."
    ), message
    assert "Hãy kiểm tra danh sách đảng viên của các tổ chức mới lập" not in message
    assert unicodedata.is_normalized("NFC", message)


def test_a_ward_difference_partly_of_an_organisation_of_both_runs_says_how_much(tmp_path: Path) -> None:
    """hunt134 F3: CB04 and CB05 merged into CB09, one member lost in the merger, and CB01 lost
    one with no change row (its own warning): of the ward's difference of 2, 1 is CB01's; only
    for the other is the clerk sent to the organisations merged."""
    org_file(tmp_path / "q1", "CB01", "Chi bộ Tổ dân phố số 1", Q1, CB01)
    org_file(tmp_path / "q1", "CB04", "Chi bộ Tổ dân phố số 4", Q1, CB04)
    org_file(tmp_path / "q1", "CB05", "Chi bộ Tổ dân phố số 5", Q1, CB05)
    consolidate(tmp_path, "q1", Q1, [("CB01", "Chi bộ Tổ dân phố số 1"), *Q1_MERGER])
    kept = (CB04 + CB05)[:-1]  # one member of CB05 is in no list and no row
    moved = [change(m, "transfer_in", dt.date(2025, 6, 1), "internal") for m in kept]
    org_file(tmp_path / "q2", "CB01", "Chi bộ Tổ dân phố số 1", Q2, CB01[1:])
    org_file(tmp_path / "q2", "CB09", "Chi bộ Tổ dân phố số 4-5", Q2, kept, moved)
    q2 = consolidate(tmp_path, "q2", Q2, [("CB01", "Chi bộ Tổ dân phố số 1"), *Q2_MERGER])
    assert opening_codes(q2) == [(MISMATCH, "CB01"), (WARD_CODE, None)]
    message = " ".join(found(q2, WARD_CODE)[0]["message"].split())
    assert "là 16 " in message and "ghi 18," in message
    assert (
        "nên số của phường được tính lại từ biến động của cả phường. Chênh lệch 2, trong đó 1 ở tổ "
        "chức CB01, có ở cả hai lần tổng hợp (xem cảnh báo của tổ chức ấy); với 1 còn lại, hãy kiểm "
        "tra danh sách đảng viên của các tổ chức mới lập, sáp nhập, chia tách"
    ) in message, message
    assert unicodedata.is_normalized("NFC", message)
