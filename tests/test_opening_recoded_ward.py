"""The ward's opening message across a reorganisation treats a chi bộ given a new code only
(same name, another code) as neither gone nor new, as the organisations' own warnings do
(`opening._gone_and_new`, review202). Q1: CB02 (5 members). Q2: CB02's file renumbered CB12
(same name, same members), and CB03 (6 members) received whole from outside the ward, no change
row. Real workbooks, the command line in this process, a real history."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path

from helpers_history import run_cli
from helpers_validate import numbered_member, org_file

from toolkit.core.model import Organisation, Registry
from toolkit.outputs.registry_file import write_registry

Q1, Q2 = dt.date(2025, 3, 31), dt.date(2025, 6, 30)
SECOND, THIRD = "Chi bộ Tổ dân phố số 2", "Chi bộ Tổ dân phố số 3"
ROLL_2 = [numbered_member("CB02", i, n) for i, n in enumerate(["An", "Bình", "Cường", "Dung", "Giang"])]
ROLL_3 = [numbered_member("CB03", i, n) for i, n in enumerate(["Hải", "Hoa", "Khánh", "Lan", "Minh", "Nga"])]


def _run(folder: Path, orgs: list[tuple[str, str]], cutoff: dt.date, history: Path) -> dict:
    registry = write_registry(
        Registry([Organisation(c, n, "chi_bo_truc_thuoc", "to_dan_pho") for c, n in orgs]),
        folder.with_name(f"danh_muc_{folder.name}.xlsx"),
    )
    out = folder.with_name(f"{folder.name}.xlsx")
    result = run_cli(
        "consolidate", folder, "--registry", registry, "--cutoff", cutoff.isoformat(), "-o", out,
        "--json", out.with_suffix(".json"), "--ward-name", "Phường Thử", "--history", history,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


def test_a_renumbered_organisation_is_neither_gone_nor_new_in_the_ward_s_message(tmp_path: Path) -> None:
    """h298: the ward's message named CB02 gone and CB12 new beside CB03, and counted CB12's 5
    among the members brought from outside, so the surplus of 6 (CB03's) no longer matched and
    the clerk was sent to look for members in no list (hunt199 F2's message lost)."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    org_file(tmp_path / "q1", "CB02", SECOND, Q1, ROLL_2)
    _run(tmp_path / "q1", [("CB02", SECOND)], Q1, history)
    org_file(tmp_path / "q2", "CB12", SECOND, Q2, ROLL_2)
    org_file(tmp_path / "q2", "CB03", THIRD, Q2, ROLL_3)
    summary = _run(tmp_path / "q2", [("CB12", SECOND), ("CB03", THIRD)], Q2, history)
    (message,) = [i["message"] for i in summary["issues"] if i["code"] == "form.ward_opening_mismatch"]
    assert "là 11" in message and "ghi 5" in message, message
    assert "(không còn: không có; mới: CB03; chỉ đổi mã: CB02 thành CB12)" in message, message
    assert "Cả chênh lệch 6 là số đảng viên tại ngày 31/03/2025 của tổ chức mới (CB03)" in message, message
    assert "có thể có đảng viên không có trong danh sách nào" not in message


def _renumbered_lost_one(tmp_path: Path) -> dict:
    """Q1: CB02 (5 members) and CB03; Q2: CB02's file renumbered CB12 (same name) without one
    member and with no change row, CB03 unchanged. The Q2 run's summary."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    org_file(tmp_path / "q1", "CB02", SECOND, Q1, ROLL_2)
    org_file(tmp_path / "q1", "CB03", THIRD, Q1, ROLL_3)
    _run(tmp_path / "q1", [("CB02", SECOND), ("CB03", THIRD)], Q1, history)
    org_file(tmp_path / "q2", "CB12", SECOND, Q2, ROLL_2[:4])
    org_file(tmp_path / "q2", "CB03", THIRD, Q2, ROLL_3)
    return _run(tmp_path / "q2", [("CB12", SECOND), ("CB03", THIRD)], Q2, history)


def test_a_renumbered_organisation_is_named_so_and_never_leaves_the_ward_s_message_empty(
    tmp_path: Path,
) -> None:
    """review303: CB02 renumbered CB12 is the only change of organisations, and its file lacks
    a member with no change row: the ward's message said "Các tổ chức đã khác lần đó (không còn:
    không có; mới: không có)", as if nothing had changed, and named neither code."""
    summary = _renumbered_lost_one(tmp_path)
    (message,) = [i["message"] for i in summary["issues"] if i["code"] == "form.ward_opening_mismatch"]
    assert "là 10" in message and "ghi 11" in message, message
    assert "(không còn: không có; mới: không có; chỉ đổi mã: CB02 thành CB12)" in message, message


def test_two_gone_organisations_of_one_name_are_not_taken_for_one_renumbered(tmp_path: Path) -> None:
    """review303: CB02 and CB04 stored under one name (two former wards' “Tổ dân phố số 2”),
    only CB12 of that name now: which of the two was renumbered is not known, and the ward's
    message hid both, saying “không còn: không có” while the 6 members of one of them are the
    whole difference. A name is taken for a renumbering only when one organisation gone and
    one new hold it."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    org_file(tmp_path / "q1", "CB02", SECOND, Q1, ROLL_2)
    org_file(tmp_path / "q1", "CB04", SECOND, Q1, ROLL_3)
    _run(tmp_path / "q1", [("CB02", SECOND), ("CB04", SECOND)], Q1, history)
    org_file(tmp_path / "q2", "CB12", SECOND, Q2, ROLL_2)
    summary = _run(tmp_path / "q2", [("CB12", SECOND)], Q2, history)
    (message,) = [i["message"] for i in summary["issues"] if i["code"] == "form.ward_opening_mismatch"]
    assert "là 5" in message and "ghi 11" in message, message
    assert "(không còn: CB02, CB04; mới: CB12)" in message, message


def _opening(summary: dict) -> list[tuple[str, str | None]]:
    return sorted(
        (i["code"], i.get("org_code")) for i in summary["issues"] if i["code"].startswith("form.opening")
    )


def test_a_renumbered_organisation_whose_opening_differs_has_its_own_warning(tmp_path: Path) -> None:
    """review303 F3: CB02 renumbered CB12 (same name) lost a member with no change row. The
    organisations' check matched codes only, so CB12 had no warning of its own (no figure stored
    under its code) and the ward's message sent the clerk to "the organisations founded, merged
    or split". CB12 is compared with the figure stored for CB02, and its warning says so; the
    ward's message says the whole difference is CB12's, not a new organisation's."""
    summary = _renumbered_lost_one(tmp_path)
    assert _opening(summary) == [("form.opening_mismatch", "CB12")], summary["issues"]
    (own,) = [i for i in summary["issues"] if i["code"] == "form.opening_mismatch"]
    message = own["message"]
    assert message.startswith(f"{SECOND}: "), message
    assert "tính lại từ tệp kỳ này là 4" in message, message
    assert (
        "lần tổng hợp ngày 31/03/2025 (lần số 1 trong lịch sử tổng hợp) "
        "ghi 5 cho tổ chức này khi còn mang mã CB02 (nay là CB12:" in message
    )
    assert unicodedata.is_normalized("NFC", message)
    (ward,) = [i["message"] for i in summary["issues"] if i["code"] == "form.ward_opening_mismatch"]
    assert "(không còn: không có; mới: không có; chỉ đổi mã: CB02 thành CB12)" in ward, ward
    assert ward.endswith(
        " Cả chênh lệch 1 là ở tổ chức CB12 (lần đó mang mã CB02), có ở cả hai lần tổng hợp (xem "
        "cảnh báo của tổ chức ấy): các tổ chức mới lập, sáp nhập, chia tách hay không còn không làm "
        "khác số của phường."
    ), ward
    assert "các tổ chức mới lập, sáp nhập, chia tách hoặc đã nhận" not in ward, ward


def test_a_renumbered_organisation_s_warning_names_its_rows_of_before_the_cut_off(tmp_path: Path) -> None:
    """A member received by CB12 (CB02 renumbered) on a day before Q1's cut-off, written only
    in Q2 (reported late): CB12's roll then rebuilt is 6 against CB02's 5, and its warning names
    the change row as the ordinary check does; the ward's difference is wholly CB12's."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    org_file(tmp_path / "q1", "CB02", SECOND, Q1, ROLL_2)
    _run(tmp_path / "q1", [("CB02", SECOND)], Q1, history)
    late = numbered_member("CB02", 7, "Phan Văn Quý")
    row = {"full_name": late["full_name"], "birth_date": late["birth_date"], "event_type": "transfer_in"}
    row |= {"event_date": dt.date(2025, 3, 20), "transfer_scope": "same_province"}
    org_file(tmp_path / "q2", "CB12", SECOND, Q2, [*ROLL_2, late], [row])
    summary = _run(tmp_path / "q2", [("CB12", SECOND)], Q2, history)
    assert _opening(summary) == [("form.opening_mismatch", "CB12")], summary["issues"]
    (own,) = [i["message"] for i in summary["issues"] if i["code"] == "form.opening_mismatch"]
    assert "là 6" in own and "ghi 5 cho tổ chức này khi còn mang mã CB02 (nay là CB12:" in own, own
    assert "Tệp có 1 dòng biến động trong kỳ ghi ngày 31/03/2025 trở về trước" in own, own
    assert "sheet \u201cBiến động\u201d, dòng " in own, own
    (ward,) = [i["message"] for i in summary["issues"] if i["code"] == "form.ward_opening_mismatch"]
    assert "là 6" in ward and "ghi 5," in ward, ward
    assert "Cả chênh lệch 1 là ở tổ chức CB12 (lần đó mang mã CB02)" in ward, ward


def test_a_renumbered_organisation_that_follows_its_old_figure_has_no_warning(tmp_path: Path) -> None:
    """CB02 renumbered CB12, its roll unchanged, CB03 lost a member with no change row: CB03 has
    its warning, CB12 none, and the ward's difference is wholly CB03's."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    org_file(tmp_path / "q1", "CB02", SECOND, Q1, ROLL_2)
    org_file(tmp_path / "q1", "CB03", THIRD, Q1, ROLL_3)
    _run(tmp_path / "q1", [("CB02", SECOND), ("CB03", THIRD)], Q1, history)
    org_file(tmp_path / "q2", "CB12", SECOND, Q2, ROLL_2)
    org_file(tmp_path / "q2", "CB03", THIRD, Q2, ROLL_3[:5])
    summary = _run(tmp_path / "q2", [("CB12", SECOND), ("CB03", THIRD)], Q2, history)
    assert _opening(summary) == [("form.opening_mismatch", "CB03")], summary["issues"]
    (own,) = [i["message"] for i in summary["issues"] if i["code"] == "form.opening_mismatch"]
    assert "mang mã" not in own, own
    (ward,) = [i["message"] for i in summary["issues"] if i["code"] == "form.ward_opening_mismatch"]
    assert ward.endswith(
        " Cả chênh lệch 1 là ở tổ chức CB03, có ở cả hai lần tổng hợp (xem cảnh báo của tổ chức ấy): "
        "các tổ chức mới lập, sáp nhập, chia tách hay không còn không làm khác số của phường."
    ), ward


def test_no_figure_is_taken_for_a_newcomer_when_two_gone_share_its_name(tmp_path: Path) -> None:
    """Of CB02 and CB04 stored under one name, which one CB12 is, is not known: CB12 is compared
    with neither (the ward's message names all three gone and new)."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    org_file(tmp_path / "q1", "CB02", SECOND, Q1, ROLL_2)
    org_file(tmp_path / "q1", "CB04", SECOND, Q1, ROLL_3)
    _run(tmp_path / "q1", [("CB02", SECOND), ("CB04", SECOND)], Q1, history)
    org_file(tmp_path / "q2", "CB12", SECOND, Q2, ROLL_2[:4])
    summary = _run(tmp_path / "q2", [("CB12", SECOND)], Q2, history)
    assert _opening(summary) == [], summary["issues"]


def test_a_renumbered_organisation_is_checked_against_the_nearer_record_that_has_its_old_code(
    tmp_path: Path,
) -> None:
    """The whole record of 31/03 and a nearer partial one of 30/06 (CB03's file not sent) both
    hold CB02; at 30/09 it is CB12, one member short with no change row. It is checked against
    the nearer record only, as an organisation whose code is unchanged is: one warning, not one
    per record."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    both = [("CB02", SECOND), ("CB03", THIRD)]
    org_file(tmp_path / "q1", "CB02", SECOND, Q1, ROLL_2)
    org_file(tmp_path / "q1", "CB03", THIRD, Q1, ROLL_3)
    _run(tmp_path / "q1", both, Q1, history)
    org_file(tmp_path / "q2", "CB02", SECOND, Q2, ROLL_2)  # CB03's file not sent
    _run(tmp_path / "q2", both, Q2, history)
    q3 = dt.date(2025, 9, 30)
    org_file(tmp_path / "q3", "CB12", SECOND, q3, ROLL_2[:4])
    org_file(tmp_path / "q3", "CB03", THIRD, q3, ROLL_3)
    summary = _run(tmp_path / "q3", [("CB12", SECOND), ("CB03", THIRD)], q3, history)
    assert _opening(summary) == [("form.opening_mismatch", "CB12")], summary["issues"]
    (own,) = [i["message"] for i in summary["issues"] if i["code"] == "form.opening_mismatch"]
    assert (
        "lần tổng hợp ngày 30/06/2025 (lần số 2 trong lịch sử tổng hợp) "
        "ghi 5 cho tổ chức này khi còn mang mã CB02" in own
    ), own
