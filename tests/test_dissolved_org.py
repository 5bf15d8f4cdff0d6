"""The last report of an organisation dissolved (or merged away) during the period.

Its `Đảng viên` sheet is empty at the cut-off, but its `Biến động` shows who was on its roll:
here CB02 (5 members at 01/01/2025) loses one member by death on 10/04/2025 and is dissolved on
15/05/2025, its other 4 moving to CB03 (the transfer written in both files). The file is
consolidated with 0 members (a warning `org.no_members_at_cutoff` says so), the death is in
Biểu 1, the transfers match CB03's, the work lists are complete, and the next quarter's
opening check still covers the ward. A file that shows nobody in the period stays
`org.no_members`. Real workbooks of the template, the command line in this process, a real
history.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import Result
from helpers_history import run_cli
from helpers_validate import clean_info, numbered_member

from toolkit.core.model import Organisation, Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import write_submission

START = dt.date(2025, 1, 1)
Q1, Q2, Q3 = dt.date(2025, 3, 31), dt.date(2025, 6, 30), dt.date(2025, 9, 30)
DIED, DISSOLVED = dt.date(2025, 4, 10), dt.date(2025, 5, 15)
NAMES = {
    "CB02": "Chi bộ Tổ dân phố số 2",
    "CB03": "Chi bộ Tổ dân phố số 3",
}
PEOPLE = {
    "CB02": ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Giang"],
    "CB03": ["Vũ Văn Hải", "Đặng Thị Hoa", "Bùi Văn Khánh", "Đỗ Thị Lan", "Hồ Văn Minh", "Ngô Thị Nga"],
}


ROLL = {
    code: [numbered_member(code, i, name) for i, name in enumerate(names)] for code, names in PEOPLE.items()
}


def _event(person: dict[str, Any], kind: str, day: dt.date, scope: str | None = None) -> dict[str, Any]:
    row = {
        "full_name": person["full_name"],
        "birth_date": person["birth_date"],
        "event_type": kind,
        "event_date": day,
    }
    if scope:
        row["transfer_scope"] = scope
    return row


def _numbered(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "row_no": n} for n, row in enumerate(rows, start=1)]


def _write(
    folder: Path, code: str, cutoff: dt.date, members: list[dict[str, Any]], events=(), start: dt.date = START
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    info = clean_info(
        org_code=code,
        org_name=NAMES[code],
        secretary=f"Bí thư {code}",
        cutoff_date=cutoff,
        period_start=start,
        prepared_on=cutoff,
    )
    return write_submission(
        folder / f"{code}.xlsx", info=info, members=_numbered(members), events=_numbered(list(events))
    )


def _registry(path: Path, codes: list[str], tier: str = "chi_bo_truc_thuoc") -> Path:
    return write_registry(Registry([Organisation(c, NAMES[c], tier, "to_dan_pho") for c in codes]), path)


def _consolidate(folder: Path, registry: Path, cutoff: dt.date, out: Path, history: Path | None) -> Result:
    where = ["--history", history] if history else ["--no-history"]
    return run_cli(
        "consolidate", folder, "--registry", registry, "--cutoff", cutoff.isoformat(), "-o", out,
        "--json", out.with_suffix(".json"), "--ward-name", "Phường Thử", *where,
    )  # fmt: skip


def _summary(out: Path) -> dict[str, Any]:
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))


def _form(summary: dict[str, Any], form: str, row: str) -> Any:
    return next(r["current"] for r in summary["forms"][form] if r["row"] == row)


def _codes(summary: dict[str, Any]) -> list[str]:
    return [i["code"] for i in summary["issues"]]


def _last_report(folder: Path) -> None:
    """CB02's last file (nobody left at the cut-off) and CB03's, which received the four."""
    dead, moved = ROLL["CB02"][0], ROLL["CB02"][1:]
    leaving = [_event(dead, "died", DIED)] + [_event(m, "transfer_out", DISSOLVED, "internal") for m in moved]
    _write(folder, "CB02", Q2, [], leaving)
    _write(
        folder,
        "CB03",
        Q2,
        ROLL["CB03"] + moved,
        [_event(m, "transfer_in", DISSOLVED, "internal") for m in moved],
    )


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Q1 (both chi bộ) and Q2 (CB02's last report) consolidated into one history."""
    root = tmp_path_factory.mktemp("dissolved")
    registry = _registry(root / "danh_muc.xlsx", ["CB02", "CB03"])
    history = root / "lich_su_tong_hop.sqlite"
    for code in ("CB02", "CB03"):
        _write(root / "q1", code, Q1, ROLL[code])
    q1 = _consolidate(root / "q1", registry, Q1, root / "q1.xlsx", history)
    assert q1.exit_code == 0, q1.output
    _last_report(root / "q2")
    q2 = _consolidate(root / "q2", registry, Q2, root / "q2.xlsx", history)
    return {
        "root": root,
        "registry": registry,
        "history": history,
        "q2": q2,
        "summary": _summary(root / "q2.xlsx"),
    }


def test_the_last_report_is_consolidated_and_its_death_counted(ward: dict[str, Any]) -> None:
    assert ward["q2"].exit_code == 0, ward["q2"].output
    assert "Đã tổng hợp 2/2 tổ chức, 10 đảng viên" in ward["q2"].output
    summary = ward["summary"]
    # Biểu 1: the 11 of 01/01 (as the Q1 run said), the death, the 10 of 30/06.
    assert [_form(summary, "bieu1", row) for row in ("A", "C", "C.1", "D")] == [11, 1, 1, 10]
    orgs = {o["org_code"]: o for o in summary["organisations"]}
    assert orgs["CB02"]["status"] == "consolidated"
    assert orgs["CB02"]["indicators"]["members.total"] == 0
    assert orgs["CB02"]["indicators"]["period.died"] == 1
    # The moves to CB03 match, inside the ward; the opening agrees with the Q1 record.
    codes = _codes(summary)
    assert "org.no_members" not in codes
    assert "event.internal_transfer_unmatched" not in codes
    assert "form.opening_mismatch" not in codes
    assert summary["indicators"]["changes.transfer_out_internal.total"] == 4
    assert summary["indicators"]["changes.transfer_out.total"] == 0


def test_the_clerk_is_told_the_organisation_has_nobody_at_the_cutoff(ward: dict[str, Any]) -> None:
    said = [i for i in ward["summary"]["issues"] if i["code"] == "org.no_members_at_cutoff"]
    assert len(said) == 1
    issue = said[0]
    assert (issue["severity"], issue["org_code"], issue["sheet"]) == ("warning", "CB02", "Đảng viên")
    message = issue["message"]
    assert "không có đảng viên nào tại ngày chốt 30/06/2025" in message
    assert "có 5 đảng viên khi bắt đầu kỳ số liệu (ngày 01/01/2025)" in message
    assert "(4 chuyển đi, 1 từ trần)" in message
    assert "giải thể hoặc sáp nhập" in message and "vẫn được tính" in message
    assert "Hãy ghi danh sách đảng viên." not in message


def test_the_outputs_read_well_for_an_organisation_of_nobody(ward: dict[str, Any]) -> None:
    wb = openpyxl.load_workbook(ward["root"] / "q2.xlsx", read_only=True)
    rows = [r for r in wb["Theo tổ chức"].iter_rows(values_only=True) if r and r[0] == "CB02"]
    assert len(rows) == 1
    assert rows[0][4] == "Đã tổng hợp" and rows[0][5] == 0
    report = "\n".join(str(r[0]) for r in wb["Báo cáo"].iter_rows(values_only=True) if r and r[0])
    assert "01 tổ chức không còn đảng viên tại ngày 30/6/2025" in report
    assert "Chi bộ Tổ dân phố số 2." in report


def test_the_work_lists_are_complete(ward: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "danh_sach.xlsx"
    result = run_cli(
        "lists", ward["root"] / "q2", "--registry", ward["registry"], "--cutoff", Q2.isoformat(), "-o", out
    )
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out, read_only=True)
    for ws in wb.worksheets:
        third = [r for r in ws.iter_rows(values_only=True)][2][0]
        assert third.startswith("Đủ số liệu: lập từ 2/2 tệp"), third
        assert "CB02" not in third


def test_the_next_quarter_still_checks_the_whole_ward(ward: dict[str, Any], tmp_path: Path) -> None:
    """CB02 is out of the registry in Q3; CB03's file forgets one member (no change row). Its own
    opening check says so, and so does the ward's: the record of 30/06 holds CB02 with nobody,
    which the ward's figure then does not need."""
    registry = _registry(tmp_path / "danh_muc.xlsx", ["CB03"])
    history = tmp_path / "lich_su_tong_hop.sqlite"
    history.write_bytes(ward["history"].read_bytes())
    roll = ROLL["CB03"] + ROLL["CB02"][1:]
    _write(
        tmp_path / "q3",
        "CB03",
        Q3,
        roll[:-1],
        [_event(m, "transfer_in", DISSOLVED, "internal") for m in ROLL["CB02"][1:]],
    )
    result = _consolidate(tmp_path / "q3", registry, Q3, tmp_path / "q3.xlsx", history)
    found = [i for i in _summary(tmp_path / "q3.xlsx")["issues"] if i["code"] == "form.opening_mismatch"]
    assert [i["org_code"] for i in found] == ["CB03", None], result.output
    assert "ghi 10" in found[1]["message"] and "là 9" in found[1]["message"]


def test_a_dissolved_chi_bo_co_so_is_not_counted_as_there_at_the_end(tmp_path: Path) -> None:
    """Biểu 2 part III counts the grassroots organisations there at the end of the period."""
    _last_report(tmp_path / "q2")
    registry = _registry(tmp_path / "danh_muc.xlsx", ["CB02", "CB03"], tier="chi_bo_co_so")
    result = _consolidate(tmp_path / "q2", registry, Q2, tmp_path / "q2.xlsx", None)
    summary = _summary(tmp_path / "q2.xlsx")
    assert _form(summary, "bieu2", "III.2") == 1, result.output


@pytest.mark.parametrize(
    "events",
    [
        [],  # an empty file: nobody in the period either
        # A member admitted who is on no roll and never left: the list is missing.
        [_event(ROLL["CB02"][0], "died", DIED), _event(ROLL["CB03"][0], "admitted", DISSOLVED)],
    ],
    ids=["empty", "admitted_not_listed"],
)
def test_a_roll_the_changes_do_not_account_for_is_still_an_error(
    ward: dict[str, Any], tmp_path: Path, events: list[dict[str, Any]]
) -> None:
    _write(tmp_path / "nop", "CB02", Q2, [], events)
    _write(tmp_path / "nop", "CB03", Q2, ROLL["CB03"])
    result = _consolidate(tmp_path / "nop", ward["registry"], Q2, tmp_path / "out.xlsx", None)
    assert result.exit_code == 1, result.output
    summary = _summary(tmp_path / "out.xlsx")
    said = [i for i in summary["issues"] if i["code"] == "org.no_members"]
    assert [(i["severity"], i["org_code"]) for i in said] == [("error", "CB02")]
    assert "org.no_members_at_cutoff" not in _codes(summary)
    assert "Hãy ghi danh sách đảng viên." in said[0]["message"]


def _third_quarter(ward: dict[str, Any], tmp_path: Path, codes: list[str]) -> dict[str, Any]:
    """Q3 of the ward's history with the registry of `codes`: CB03's right file (its 6 and the
    4 from CB02), and CB02's last report again when it is still in the registry."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    history.write_bytes(ward["history"].read_bytes())
    moved = ROLL["CB02"][1:]
    _write(
        tmp_path / "q3",
        "CB03",
        Q3,
        ROLL["CB03"] + moved,
        [_event(m, "transfer_in", DISSOLVED, "internal") for m in moved],
    )
    if "CB02" in codes:
        dead = ROLL["CB02"][0]
        leaving = [_event(dead, "died", DIED)] + [
            _event(m, "transfer_out", DISSOLVED, "internal") for m in moved
        ]
        _write(tmp_path / "q3", "CB02", Q3, [], leaving)
    registry = _registry(tmp_path / "danh_muc.xlsx", codes)
    result = _consolidate(tmp_path / "q3", registry, Q3, tmp_path / "q3.xlsx", history)
    assert result.exit_code == 0, result.output
    return _summary(tmp_path / "q3.xlsx")


def test_a_dissolved_organisation_taken_out_before_the_year_ends_is_said(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    """CB02's last report (a death, four moves to CB03) is left out of Q3 with its registry row:
    the year's Biểu 1 loses the death, and CB03's four arrivals have no other side in the files,
    so they count as transfers in (B.2, said in the note; hunt43 history #1): line A 6 where the
    Q2 run of the same forms' period said 11, while the roll at 30/06 agrees. Both are said,
    naming CB02 and what to keep."""
    summary = _third_quarter(ward, tmp_path, ["CB03"])
    assert [_form(summary, "bieu1", row) for row in ("A", "B", "C", "D")] == [6, 4, 0, 10]
    assert summary["indicators"]["period.transfer_in.in_transit"] == 4
    codes = _codes(summary)
    assert "form.opening_mismatch" not in codes and "form.ward_opening_mismatch" not in codes
    changed = [i for i in summary["issues"] if i["code"] == "form.period_opening_changed"]
    assert len(changed) == 1
    message = changed[0]["message"]
    assert message.startswith("Toàn Đảng bộ: Biểu 1, dòng A"), message
    assert "của lần tổng hợp này là 6, nhưng lần tổng hợp ngày chốt 30/06/2025 (lần số 2" in message
    assert "cùng kỳ báo cáo từ ngày 01/01/2025, ghi 11" in message
    assert "Lần đó có tổ chức CB02 với biến động trong kỳ" in message
    absent = [i for i in summary["issues"] if i["code"] == "form.absent_org_changes"]
    assert [(i["org_code"], i["severity"]) for i in absent] == [("CB02", "warning")]
    said = absent[0]["message"]
    assert said.startswith("Chi bộ Tổ dân phố số 2: lần tổng hợp ngày chốt 30/06/2025"), said
    assert "(4 chuyển đi trong Đảng bộ phường, 1 từ trần)" in said
    assert "không có trong các biểu của lần này (kỳ báo cáo từ ngày 01/01/2025 đến ngày 30/09/2025)" in said
    assert "cho đến hết năm 2025" in said


def test_a_dissolved_organisation_kept_until_the_year_ends_is_quiet(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    summary = _third_quarter(ward, tmp_path, ["CB02", "CB03"])
    assert [_form(summary, "bieu1", row) for row in ("A", "C", "D")] == [11, 1, 10]
    codes = _codes(summary)
    assert "form.period_opening_changed" not in codes and "form.absent_org_changes" not in codes


def _trial_run(ward: dict[str, Any], tmp_path: Path, code: str) -> Path:
    """The ward's history with a trial run after Q2: `code`'s file alone at 31/07 (1/2 tổ chức,
    both still in the registry), as an office tries the files received so far."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    history.write_bytes(ward["history"].read_bytes())
    july, moved = dt.date(2025, 7, 31), ROLL["CB02"][1:]
    if code == "CB03":
        arrivals = [_event(m, "transfer_in", DISSOLVED, "internal") for m in moved]
        _write(tmp_path / "thu", "CB03", july, ROLL["CB03"] + moved, arrivals)
    else:
        dead = ROLL["CB02"][0]
        leaving = [_event(dead, "died", DIED)] + [
            _event(m, "transfer_out", DISSOLVED, "internal") for m in moved
        ]
        _write(tmp_path / "thu", "CB02", july, [], leaving)
    trial = _consolidate(tmp_path / "thu", ward["registry"], july, tmp_path / "thu.xlsx", history)
    assert "1/2 tổ chức" in " ".join(trial.output.split()), trial.output
    return history


def test_a_partial_run_in_between_does_not_silence_the_year_s_checks(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    """hunt115 F1: a trial run of part of the ward became the opening record of the next run,
    which then checked only that part: CB02's death and departures left the year's Biểu 1
    with “Không có lỗi hay cảnh báo nào”. The whole 30/06 record is the reference still."""
    history = _trial_run(ward, tmp_path, "CB03")
    (tmp_path / "q").mkdir()
    summary = _third_quarter({**ward, "history": history}, tmp_path / "q", ["CB03"])
    assert [_form(summary, "bieu1", row) for row in ("A", "B", "C", "D")] == [6, 4, 0, 10]
    changed = [i for i in summary["issues"] if i["code"] == "form.period_opening_changed"]
    assert len(changed) == 1, _codes(summary)
    assert "lần tổng hợp ngày chốt 30/06/2025 (lần số 2" in changed[0]["message"]
    absent = [i for i in summary["issues"] if i["code"] == "form.absent_org_changes"]
    assert [i["org_code"] for i in absent] == ["CB02"]


def test_a_partial_run_in_between_leaves_the_organisations_it_lacked_checked(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    """hunt115 F1: after a trial of CB02's file alone, Q3's CB03 one member short (no change
    row) went unchecked, CB03 not being in the trial's record; it is checked against the whole
    record of 30/06, and so is the ward."""
    history = _trial_run(ward, tmp_path, "CB02")
    moved = ROLL["CB02"][1:]
    dead = ROLL["CB02"][0]
    leaving = [_event(dead, "died", DIED)] + [_event(m, "transfer_out", DISSOLVED, "internal") for m in moved]
    _write(tmp_path / "q3", "CB02", Q3, [], leaving)
    arrivals = [_event(m, "transfer_in", DISSOLVED, "internal") for m in moved]
    _write(tmp_path / "q3", "CB03", Q3, (ROLL["CB03"] + moved)[:-1], arrivals)
    _consolidate(tmp_path / "q3", ward["registry"], Q3, tmp_path / "q3.xlsx", history)
    summary = _summary(tmp_path / "q3.xlsx")
    found = [i for i in summary["issues"] if i["code"] == "form.opening_mismatch"]
    assert [i["org_code"] for i in found] == ["CB03", None], _codes(summary)
    assert all("30/06/2025" in i["message"] for i in found)


def test_a_quarter_s_forms_beside_the_year_s_keep_the_year_s_line_a_check(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    """hunt115 F1b: Q2 run again for the quarter's forms (01/04–30/06) supersedes the year's
    record of 30/06; Q3's year forms still compare their line A with the year's record."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    history.write_bytes(ward["history"].read_bytes())
    _last_report(tmp_path / "q2")
    quarter = run_cli(
        "consolidate", tmp_path / "q2", "--registry", ward["registry"], "--cutoff", Q2.isoformat(),
        "-o", tmp_path / "q2.xlsx", "--ward-name", "Phường Thử", "--history", history,
        "--form-period", "01/04/2025..30/06/2025",
    )  # fmt: skip
    assert quarter.exit_code == 0, quarter.output
    (tmp_path / "q").mkdir()
    summary = _third_quarter({**ward, "history": history}, tmp_path / "q", ["CB03"])
    changed = [i for i in summary["issues"] if i["code"] == "form.period_opening_changed"]
    assert len(changed) == 1, _codes(summary)
    assert "lần tổng hợp ngày chốt 30/06/2025 (lần số 2" in changed[0]["message"]
    assert [i["org_code"] for i in summary["issues"] if i["code"] == "form.absent_org_changes"] == ["CB02"]


@pytest.mark.parametrize(
    ("start", "said"), [(dt.date(2025, 7, 15), True), (dt.date(2025, 7, 1), False), (START, False)]
)
def test_a_change_period_that_does_not_follow_the_last_cut_off_is_said(
    ward: dict[str, Any], tmp_path: Path, start: dt.date, said: bool
) -> None:
    """hunt115 F6: Q3's files stating “Số liệu từ ngày” 15/07 (a slip for 01/07) left the
    changes of 01/07–14/07 in no run and the opening unchecked, without a word."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    history.write_bytes(ward["history"].read_bytes())
    moved = ROLL["CB02"][1:]
    arrivals = [_event(m, "transfer_in", DISSOLVED, "internal") for m in moved] if start == START else []
    _write(tmp_path / "q3", "CB03", Q3, ROLL["CB03"] + moved, arrivals, start=start)
    registry = _registry(tmp_path / "danh_muc.xlsx", ["CB03"])
    _consolidate(tmp_path / "q3", registry, Q3, tmp_path / "q3.xlsx", history)
    found = [i for i in _summary(tmp_path / "q3.xlsx")["issues"] if i["code"] == "history.period_gap"]
    assert bool(found) == said, _codes(_summary(tmp_path / "q3.xlsx"))
    if said:
        assert found[0]["severity"] == "warning"
        assert found[0]["message"] == (
            "Các tệp tính biến động từ ngày 15/07/2025, nhưng lần tổng hợp trước của phường (lần số 2, ngày "
            "chốt 30/06/2025) chỉ có số liệu đến ngày chốt đó: biến động từ ngày 01/07/2025 đến ngày "
            "14/07/2025 không có trong lần tổng hợp nào, và số đầu kỳ của lần này không đối chiếu được với "
            "lần trước. Nếu ngày bắt đầu kỳ (“Số liệu từ ngày” trong sheet “Thông tin” của các tệp, hoặc "
            "--since) ghi nhầm, hãy sửa thành 01/07/2025 rồi tổng hợp lại."
        )


def test_a_member_who_joined_in_the_period_is_counted_in_the_sentence(tmp_path: Path) -> None:
    """hunt134 F5: one of CB03's members moved to CB02 in February, then CB02 was dissolved and
    all six left; the warning said "5 đảng viên khi bắt đầu kỳ … tất cả … (5 chuyển đi, 1 từ
    trần)", six rows for "all" of five. It says the arrival and counts the leavers."""
    arrived, dead, moved = ROLL["CB03"][0], ROLL["CB02"][0], ROLL["CB02"][1:]
    day = dt.date(2025, 2, 20)
    gone = [*moved, arrived]
    leaving = [_event(arrived, "transfer_in", day, "internal"), _event(dead, "died", DIED)]
    leaving += [_event(m, "transfer_out", DISSOLVED, "internal") for m in gone]
    _write(tmp_path / "nop", "CB02", Q2, [], leaving)
    received = [_event(arrived, "transfer_out", day, "internal")]
    received += [_event(m, "transfer_in", DISSOLVED, "internal") for m in gone]
    _write(tmp_path / "nop", "CB03", Q2, ROLL["CB03"][1:] + gone, received)
    registry = _registry(tmp_path / "danh_muc.xlsx", ["CB02", "CB03"])
    _consolidate(tmp_path / "nop", registry, Q2, tmp_path / "out.xlsx", None)
    said = [i for i in _summary(tmp_path / "out.xlsx")["issues"] if i["code"] == "org.no_members_at_cutoff"]
    assert [i["org_code"] for i in said] == ["CB02"]
    message = " ".join(said[0]["message"].split())
    assert (
        "cho thấy tổ chức có 5 đảng viên khi bắt đầu kỳ số liệu (ngày 01/01/2025), thêm 1 người vào "
        "danh sách trong kỳ (1 chuyển đến), và tất cả 6 người đã ra khỏi danh sách trong kỳ (5 chuyển "
        "đi, 1 từ trần)."
    ) in message, message


def test_biểu_2_says_why_a_dissolved_chi_bo_co_so_is_not_in_part_iii(tmp_path: Path) -> None:
    """`Tổng hợp` and the report count CB02 with the registry; Biểu 2's part III does not, and its
    note says why (review159 R3)."""
    _last_report(tmp_path / "q2")
    registry = _registry(tmp_path / "danh_muc.xlsx", ["CB02", "CB03"], tier="chi_bo_co_so")
    result = _consolidate(tmp_path / "q2", registry, Q2, tmp_path / "q2.xlsx", None)
    summary = _summary(tmp_path / "q2.xlsx")
    assert summary["indicators"]["orgs.grassroots.chi_bo_co_so.no_members"] == 1, result.output
    assert summary["indicators"]["orgs.grassroots.dang_bo_co_so.no_members"] == 0
    by_code = {o["org_code"]: o["indicators"] for o in summary["organisations"]}
    assert by_code["CB02"]["orgs.grassroots.chi_bo_co_so.no_members"] == 1
    assert by_code["CB03"]["orgs.grassroots.chi_bo_co_so.no_members"] == 0
    sheet = openpyxl.load_workbook(tmp_path / "q2.xlsx", read_only=True)["Biểu 2-BTCTW"]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    note = (
        "1 chi bộ cơ sở không còn đảng viên vào ngày chốt số liệu (đã giải thể, sáp nhập hoặc "
        "chuyển hết đảng viên) nên không tính vào dòng “Chi bộ cơ sở” của mục III."
    )
    assert any(note in c for c in cells), cells
    assert not any("đảng bộ cơ sở không còn đảng viên" in c for c in cells)


def test_a_chi_bo_co_so_with_members_has_no_such_note(ward: dict[str, Any]) -> None:
    """Q1 of chi bộ trực thuộc, none dissolved: no note of a dissolved grassroots organisation."""
    summary = ward["summary"]
    assert summary["indicators"]["orgs.grassroots.chi_bo_co_so.no_members"] == 0


def test_a_summary_without_the_count_has_no_note_never_a_wrong_one(tmp_path: Path) -> None:
    """An older version's summary or history record lacks `.no_members`: no note of it (in a
    roll-up too); beside a comparison, the column that has it is said alone."""
    from toolkit.forms.compute import fill_form
    from toolkit.forms.tables import BIEU_2

    _last_report(tmp_path / "q2")
    registry = _registry(tmp_path / "danh_muc.xlsx", ["CB02", "CB03"], tier="chi_bo_co_so")
    _consolidate(tmp_path / "q2", registry, Q2, tmp_path / "q2.xlsx", None)
    now = _summary(tmp_path / "q2.xlsx")["indicators"]
    older = {k: v for k, v in now.items() if not k.endswith(".no_members")}
    period = (START, Q2)
    said = "chi bộ cơ sở không còn đảng viên vào ngày chốt số liệu"
    for rollup in (False, True):
        notes = fill_form(BIEU_2, older, None, period=period, rollup=rollup).notes
        assert not any(said in n for n in notes), notes
    notes = fill_form(BIEU_2, now, older, period=period).notes
    assert [n for n in notes if said in n] == [
        "1 chi bộ cơ sở không còn đảng viên vào ngày chốt số liệu (đã giải thể, sáp nhập hoặc "
        "chuyển hết đảng viên) nên không tính vào dòng “Chi bộ cơ sở” của mục III."
    ], notes
    notes = fill_form(BIEU_2, now, now, period=period).notes
    assert any(n.startswith("Ở cả hai cột, 1 chi bộ cơ sở không còn đảng viên") for n in notes), notes


def test_an_organisation_with_members_then_dropped_with_its_file_is_named(tmp_path: Path) -> None:
    """hunt199 F1: CB02 (5 members at 31/03) merged into CB03 in Q2, its four moves written in
    CB03's file only, its death of 10/04 in none, and its file and registry row dropped. The
    ward's roll at 31/03 agrees (its members are in CB03), so no ward warning names it; line A
    of the year's Biểu 1 moves (the four arrivals have no other side, the death is gone), and
    its warning named no organisation, only "a dissolved or merged organisation" in general.
    It names CB02, with its members then, and what to keep."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    both = _registry(tmp_path / "danh_muc_q1.xlsx", ["CB02", "CB03"])
    for code in ("CB02", "CB03"):
        _write(tmp_path / "q1", code, Q1, ROLL[code])
    assert _consolidate(tmp_path / "q1", both, Q1, tmp_path / "q1.xlsx", history).exit_code == 0
    moved = ROLL["CB02"][1:]
    arrivals = [_event(m, "transfer_in", DISSOLVED, "internal") for m in moved]
    _write(tmp_path / "q2", "CB03", Q2, ROLL["CB03"] + moved, arrivals)
    registry = _registry(tmp_path / "danh_muc_q2.xlsx", ["CB03"])
    result = _consolidate(tmp_path / "q2", registry, Q2, tmp_path / "out.xlsx", history)
    assert result.exit_code == 0, result.output
    summary = _summary(tmp_path / "out.xlsx")
    (changed,) = [i for i in summary["issues"] if i["code"] == "form.period_opening_changed"]
    message = changed["message"]
    assert "Lần đó có tổ chức CB02 (5 đảng viên) tại ngày 31/03/2025, nay không có tệp" in message
    assert "kể cả việc chuyển đảng viên đi" in message
    assert "dòng của tổ chức này trong danh mục cho đến hết năm 2025" in message
    assert "ký tự)" not in message  # no parameter cut (`MAX_PARAM_CHARS`)
    assert "CB03" not in message
    assert "form.absent_org_changes" not in _codes(summary)


def _ward_mismatch(tmp_path: Path, arrivals: bool) -> str:
    """Q1 of CB02 alone; Q2 adds CB03 with its six members, received whole from outside the
    ward (no change row; the wards merged), or, `arrivals`, with its six arrivals from outside
    written, in both runs every organisation consolidated. The ward's message of Q2."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    _write(tmp_path / "q1", "CB02", Q1, ROLL["CB02"])
    one = _registry(tmp_path / "danh_muc_q1.xlsx", ["CB02"])
    assert _consolidate(tmp_path / "q1", one, Q1, tmp_path / "q1.xlsx", history).exit_code == 0
    _write(tmp_path / "q2", "CB02", Q2, ROLL["CB02"])
    rows = [_event(m, "transfer_in", DISSOLVED, "same_province") for m in ROLL["CB03"]] if arrivals else []
    _write(tmp_path / "q2", "CB03", Q2, ROLL["CB03"], rows)
    both = _registry(tmp_path / "danh_muc_q2.xlsx", ["CB02", "CB03"])
    result = _consolidate(tmp_path / "q2", both, Q2, tmp_path / "out.xlsx", history)
    assert result.exit_code == 0, result.output
    summary = _summary(tmp_path / "out.xlsx")
    found = [i["message"] for i in summary["issues"] if i["code"] == "form.ward_opening_mismatch"]
    return found[0] if found else ""


def test_an_organisation_taken_over_whole_is_said_to_explain_the_ward_s_surplus(tmp_path: Path) -> None:
    """hunt199 F2: a ward merged with another (or a chi bộ received from another Party
    committee) brings organisations whose members were in no list of the ward at the earlier
    cut-off. The ward's figure rebuilt is higher by exactly their members then; the message
    sent the clerk to look for members in no list and missing change rows. It says the new
    organisations' own files account for it, and when nothing needs fixing."""
    message = _ward_mismatch(tmp_path, arrivals=False)
    assert "là 11" in message and "ghi 5" in message, message
    assert "Cả chênh lệch 6 là số đảng viên tại ngày 31/03/2025 của tổ chức mới (CB03)" in message
    assert "(sáp nhập phường, xã; nhận chi bộ từ đảng bộ khác), không cần sửa gì" in message
    assert message.endswith("và dòng “Chuyển đi” tương ứng ở tổ chức cũ."), message
    assert "có thể có đảng viên không có trong danh sách nào" not in message


def test_an_organisation_whose_arrivals_are_written_leaves_the_ward_quiet(tmp_path: Path) -> None:
    assert _ward_mismatch(tmp_path, arrivals=True) == ""


def _org_mismatch(tmp_path: Path, q1: dict[str, list], q2: dict[str, list], code: str) -> str:
    """Q1 and Q2 of the ward, each with the registry of its own organisations and the rolls
    given, no change row anywhere: `code`'s opening warning in Q2."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    for quarter, cutoff, rolls in (("q1", Q1, q1), ("q2", Q2, q2)):
        for org, roll in rolls.items():
            _write(tmp_path / quarter, org, cutoff, roll)
        registry = _registry(tmp_path / f"danh_muc_{quarter}.xlsx", list(rolls))
        result = _consolidate(tmp_path / quarter, registry, cutoff, tmp_path / f"{quarter}.xlsx", history)
        assert result.exit_code == 0, result.output
    summary = _summary(tmp_path / "q2.xlsx")
    (found,) = [
        i for i in summary["issues"] if i["code"] == "form.opening_mismatch" and i["org_code"] == code
    ]
    return str(found["message"])


def test_a_merger_without_transfer_rows_names_the_organisation_merged_away(tmp_path: Path) -> None:
    """hunt199 F4: CB02 (5 members) merged into CB03 in Q2, no row typed, CB02's file and
    registry row dropped. The ward's roll agrees, so CB03's warning (11 where Q1 said 6) was the
    only one, and it spoke of late or missing rows only. It names CB02, whose 5 are the
    difference, and the rows to write."""
    message = _org_mismatch(
        tmp_path, {"CB02": ROLL["CB02"], "CB03": ROLL["CB03"]}, {"CB03": ROLL["CB03"] + ROLL["CB02"]}, "CB03"
    )
    assert "là 11" in message and "ghi 6" in message, message
    assert "Tổ chức CB02 có 5 đảng viên tại ngày 31/03/2025 theo lần đó, đúng bằng chênh lệch" in message
    assert "hãy ghi dòng “Chuyển đến” (phạm vi “Trong Đảng bộ phường”)" in message


def test_a_split_without_transfer_rows_names_the_new_organisation(tmp_path: Path) -> None:
    """hunt199 F4: CB02 (11 members) split in Q2, 6 of them forming CB03, no row typed: CB02's
    warning names CB03, whose own file holds the 6 at 31/03."""
    message = _org_mismatch(
        tmp_path, {"CB02": ROLL["CB02"] + ROLL["CB03"]}, {"CB02": ROLL["CB02"], "CB03": ROLL["CB03"]}, "CB02"
    )
    assert "là 5" in message and "ghi 11" in message, message
    assert "Tổ chức mới CB03 có 6 đảng viên tại ngày 31/03/2025 theo chính tệp" in message
    assert "hãy ghi dòng “Chuyển đi” (phạm vi “Trong Đảng bộ phường”)" in message


def test_a_difference_of_another_size_names_no_organisation(tmp_path: Path) -> None:
    """A difference that is no gone or new organisation's size is not guessed at."""
    message = _org_mismatch(
        tmp_path,
        {"CB02": ROLL["CB02"], "CB03": ROLL["CB03"]},
        {"CB03": ROLL["CB03"] + ROLL["CB02"][:4]},
        "CB03",
    )
    assert "là 10" in message and "đúng bằng chênh lệch" not in message, message


def test_a_last_report_kept_with_its_registry_row_dropped_is_told_the_year_s_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """hunt199 F6: CB02 (5 members at 31/03) dissolved in Q2, its last report (a death, four
    moves to CB03) kept in the folder as the rule says, but its registry row dropped. Its file is
    excluded as `org.unknown`, whose advice was "use the code the ward gave" — wrong here. The
    error now says the same period's record consolidated CB02, that the file's members and
    changes are not in the forms (true: the death is not in Biểu 1), and the rule: keep its row
    until the year ends. An unknown code the record never had keeps the usual advice."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    both = _registry(tmp_path / "danh_muc_q1.xlsx", ["CB02", "CB03"])
    for code in ("CB02", "CB03"):
        _write(tmp_path / "q1", code, Q1, ROLL[code])
    assert _consolidate(tmp_path / "q1", both, Q1, tmp_path / "q1.xlsx", history).exit_code == 0
    _last_report(tmp_path / "q2")
    monkeypatch.setitem(NAMES, "CB09", "Chi bộ Tổ dân phố số 9")
    _write(tmp_path / "q2", "CB09", Q2, [numbered_member("CB09", 0, "Lý Văn Phúc")])
    registry = _registry(tmp_path / "danh_muc_q2.xlsx", ["CB03"])
    result = _consolidate(tmp_path / "q2", registry, Q2, tmp_path / "out.xlsx", history)
    summary = _summary(tmp_path / "out.xlsx")
    unknown = {i["org_code"]: i for i in summary["issues"] if i["code"] == "org.unknown"}
    assert sorted(unknown) == ["CB02", "CB09"]
    said = unknown["CB02"]["message"]
    assert unknown["CB02"]["severity"] == "error"
    assert "Mã tổ chức “CB02” không có trong danh mục tổ chức của phường." in said
    assert "Hãy dùng đúng mã do Đảng ủy phường cấp" not in said
    assert (
        "Lần tổng hợp ngày chốt 31/03/2025 (lần số 1 trong lịch sử), cùng kỳ báo cáo từ ngày "
        "01/01/2025, đã tổng hợp tổ chức này (mã CB02, 5 đảng viên tại ngày chốt đó); nay danh mục "
        "không còn dòng của tổ chức, nên tệp không được tổng hợp: đảng viên và các biến động trong "
        "kỳ ghi trong tệp không có trong các biểu của lần này." in said
    )
    assert "hãy để lại dòng của tổ chức trong danh mục cho đến hết năm 2025" in said
    assert "nếu tổ chức chỉ đổi mã" in said and "hãy chuyển tệp ra khỏi thư mục bài nộp" in said
    # True: CB02's death is in no form of this run.
    assert _form(summary, "bieu1", "C") == 0
    assert unknown["CB09"]["message"].endswith("Hãy dùng đúng mã do Đảng ủy phường cấp.")
    # Left out, outside this registry (hunt337 F1): its errors stop nothing else.
    assert "  – CB02 chưa có trong danh mục, không được tổng hợp: " in result.output
    # The `Kiểm tra` sheet says the same.
    book = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True)
    texts = [str(c) for row in book["Kiểm tra"].iter_rows(values_only=True) for c in row if c]
    assert any("đã tổng hợp tổ chức này (mã CB02" in t for t in texts)
    assert not any("CB02" in t and "Hãy dùng đúng mã do Đảng ủy phường cấp" in t for t in texts)


@pytest.mark.parametrize(
    ("left", "now", "then"), [(DISSOLVED, 17, 11), (dt.date(2025, 3, 20), 11, 5)], ids=["after", "before"]
)
def test_a_split_whose_departures_are_written_is_not_said_to_need_no_fix(
    tmp_path: Path, left: dt.date, now: int, then: int
) -> None:
    """review202: six of CB02's members formed CB03, the split written on CB02's side only
    ("Chuyển đi", inside the ward, dated `left`: in Q2, or before the Q1 cut-off, when Q1 already
    had them and counted them in transit) and CB03's file, new in Q2, holding the six with no
    arrival row. CB02's roll agrees; the ward's rebuilt is higher by CB03's six, on both CB02's
    departures and CB03's list. The message said those six were CB03's own and that, were CB03
    received whole from outside the ward, nothing needed fixing, though CB02's rows say they
    moved inside it (and `event.internal_transfer_on_other_roll` says CB03 lists them)."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    departures = [_event(m, "transfer_out", left, "internal") for m in ROLL["CB03"]]
    before = left <= Q1
    q1_roll, q1_rows = (ROLL["CB02"], departures) if before else (ROLL["CB02"] + ROLL["CB03"], [])
    _write(tmp_path / "q1", "CB02", Q1, q1_roll, q1_rows)
    one = _registry(tmp_path / "danh_muc_q1.xlsx", ["CB02"])
    assert _consolidate(tmp_path / "q1", one, Q1, tmp_path / "q1.xlsx", history).exit_code == 0
    _write(tmp_path / "q2", "CB02", Q2, ROLL["CB02"], departures)
    _write(tmp_path / "q2", "CB03", Q2, ROLL["CB03"])
    both = _registry(tmp_path / "danh_muc_q2.xlsx", ["CB02", "CB03"])
    result = _consolidate(tmp_path / "q2", both, Q2, tmp_path / "out.xlsx", history)
    assert result.exit_code == 0, result.output
    summary = _summary(tmp_path / "out.xlsx")
    assert "event.internal_transfer_on_other_roll" in _codes(summary)
    (message,) = [i["message"] for i in summary["issues"] if i["code"] == "form.ward_opening_mismatch"]
    assert f"là {now}" in message and f"ghi {then}" in message, message
    assert "không cần sửa gì" not in message, message
    assert "có thể có đảng viên không có trong danh sách nào" in message, message


def test_an_organisation_given_a_new_code_only_is_not_named_as_dropped(tmp_path: Path) -> None:
    """review202: CB03 was given the code CB09 in Q2, its name, file and roll unchanged, and
    CB02's roll gained a member with no change row, so Biểu 1's line A differs. The line A
    warning named CB03 (6 members) among the organisations "stored then, absent now" whose
    changes of the period would be gone from the forms: they are all there, under CB09, whose
    name is CB03's. Only a code changed, which the message itself says is not the case it means."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    for code in ("CB02", "CB03"):
        _write(tmp_path / "q1", code, Q1, ROLL[code])
    both = _registry(tmp_path / "danh_muc_q1.xlsx", ["CB02", "CB03"])
    assert _consolidate(tmp_path / "q1", both, Q1, tmp_path / "q1.xlsx", history).exit_code == 0
    extra = numbered_member("CB02", 9, "Lý Văn Tới")
    _write(tmp_path / "q2", "CB02", Q2, ROLL["CB02"] + [extra])
    info = clean_info(
        org_code="CB09", org_name=NAMES["CB03"], secretary="Bí thư CB09", cutoff_date=Q2,
        period_start=START, prepared_on=Q2,
    )  # fmt: skip
    write_submission(tmp_path / "q2" / "CB09.xlsx", info=info, members=_numbered(ROLL["CB03"]), events=[])
    orgs = [Organisation("CB02", NAMES["CB02"], "chi_bo_truc_thuoc", "to_dan_pho")]
    orgs.append(Organisation("CB09", NAMES["CB03"], "chi_bo_truc_thuoc", "to_dan_pho"))
    registry = write_registry(Registry(orgs), tmp_path / "danh_muc_q2.xlsx")
    result = _consolidate(tmp_path / "q2", registry, Q2, tmp_path / "out.xlsx", history)
    assert result.exit_code == 0, result.output
    summary = _summary(tmp_path / "out.xlsx")
    (changed,) = [i["message"] for i in summary["issues"] if i["code"] == "form.period_opening_changed"]
    assert "là 12" in changed and "ghi 11" in changed, changed
    assert "CB03" not in changed, changed


def test_an_organisation_given_a_new_code_only_is_not_said_merged_into_another(tmp_path: Path) -> None:
    """review202: CB03 (6 members) was given the code CB09 in Q2, its name and roll unchanged,
    and CB02's roll gained six members with no change row. CB02's warning said CB03, "not
    consolidated this time" with exactly its six, may have merged into it: CB03 is there, as
    CB09, with its own six."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    for code in ("CB02", "CB03"):
        _write(tmp_path / "q1", code, Q1, ROLL[code])
    both = _registry(tmp_path / "danh_muc_q1.xlsx", ["CB02", "CB03"])
    assert _consolidate(tmp_path / "q1", both, Q1, tmp_path / "q1.xlsx", history).exit_code == 0
    extra = [numbered_member("CB07", i, f"Lý Văn Tới {i}") for i in range(6)]
    _write(tmp_path / "q2", "CB02", Q2, ROLL["CB02"] + extra)
    info = clean_info(
        org_code="CB09", org_name=NAMES["CB03"], secretary="Bí thư CB09", cutoff_date=Q2,
        period_start=START, prepared_on=Q2,
    )  # fmt: skip
    write_submission(tmp_path / "q2" / "CB09.xlsx", info=info, members=_numbered(ROLL["CB03"]), events=[])
    orgs = [Organisation("CB02", NAMES["CB02"], "chi_bo_truc_thuoc", "to_dan_pho")]
    orgs.append(Organisation("CB09", NAMES["CB03"], "chi_bo_truc_thuoc", "to_dan_pho"))
    registry = write_registry(Registry(orgs), tmp_path / "danh_muc_q2.xlsx")
    result = _consolidate(tmp_path / "q2", registry, Q2, tmp_path / "out.xlsx", history)
    assert result.exit_code == 0, result.output
    summary = _summary(tmp_path / "out.xlsx")
    mismatches = [i for i in summary["issues"] if i["code"] == "form.opening_mismatch"]
    (message,) = [i["message"] for i in mismatches if i["org_code"] == "CB02"]
    assert "là 11" in message and "ghi 5" in message, message
    assert "CB03" not in message and "đúng bằng chênh lệch" not in message, message


def test_a_last_reports_target_is_held_to_the_bound_not_its_empty_roll(tmp_path: Path) -> None:
    """The registry row of an organisation dissolved in the period still carries its target
    (1): no member left at the cut-off makes no typo of it (`registry.implausible_target` said
    it, above its 0 members, advising to look for an extra digit). Such an organisation is held
    to the bound, as one with no file is; CB03, with its roll, to its members."""
    _last_report(tmp_path / "q2")
    listed = [
        Organisation("CB02", NAMES["CB02"], "chi_bo_truc_thuoc", "to_dan_pho", targets={2025: 1}),
        Organisation("CB03", NAMES["CB03"], "chi_bo_truc_thuoc", "to_dan_pho", targets={2025: 11}),
    ]
    registry = write_registry(Registry(listed), tmp_path / "danh_muc.xlsx")
    done = _consolidate(tmp_path / "q2", registry, Q2, tmp_path / "q2.xlsx", None)
    assert done.exit_code == 0, done.output
    summary = _summary(tmp_path / "q2.xlsx")
    assert "org.no_members_at_cutoff" in _codes(summary)
    said = [
        (i["org_code"], i["cell"]) for i in summary["issues"] if i["code"] == "registry.implausible_target"
    ]
    assert said == [("CB03", "F3")]  # 11 above its 10 members; CB02's 1 is no typo
    listed[0] = Organisation("CB02", NAMES["CB02"], "chi_bo_truc_thuoc", "to_dan_pho", targets={2025: 2025})
    write_registry(Registry(listed), tmp_path / "danh_muc2.xlsx")
    done = _consolidate(tmp_path / "q2", tmp_path / "danh_muc2.xlsx", Q2, tmp_path / "q2b.xlsx", None)
    assert done.exit_code == 0, done.output
    (typo,) = (i for i in _summary(tmp_path / "q2b.xlsx")["issues"] if i["org_code"] == "CB02" and
               i["code"] == "registry.implausible_target")  # fmt: skip
    assert "(tổ chức không còn đảng viên nào tại ngày chốt nên chưa so được" in typo["message"]


def test_a_ward_of_nobody_has_no_mean_age_in_tong_hop_nor_in_history_show(tmp_path: Path) -> None:
    """A ward whose only organisation's last report has nobody at the cut-off: `members.age_mean`
    is 0.0 with `members.age_known` 0, which is no mean (§6). `Tổng hợp`'s "Tuổi bình quân" is
    empty, as Biểu 3's is and the report says none, and `history show` says no figure, never 0."""
    registry = _registry(tmp_path / "danh_muc.xlsx", ["CB02"])
    history = tmp_path / "lich_su.sqlite"
    dead, moved = ROLL["CB02"][0], ROLL["CB02"][1:]
    leaving = [_event(dead, "died", DIED)]
    leaving += [_event(m, "transfer_out", DISSOLVED, "other_province") for m in moved]
    _write(tmp_path / "q2", "CB02", Q2, [], leaving)
    result = _consolidate(tmp_path / "q2", registry, Q2, tmp_path / "q2.xlsx", history)
    assert result.exit_code == 0, result.output
    indicators = _summary(tmp_path / "q2.xlsx")["indicators"]
    assert (indicators["members.total"], indicators["members.age_known"]) == (0, 0)
    assert _form(_summary(tmp_path / "q2.xlsx"), "bieu3", "II.2.mean") is None
    wb = openpyxl.load_workbook(tmp_path / "q2.xlsx", read_only=True)
    rows = {r[0]: r for r in wb["Tổng hợp"].iter_rows(values_only=True) if r and r[0]}
    assert rows["Tổng số đảng viên"][1] == 0
    assert rows["Tuổi bình quân"][1] is None
    shown = run_cli("history", "show", "1", "--history", history)
    printed = [line.strip() for line in shown.output.splitlines()]
    assert "Tổng số đảng viên: 0" in printed
    mean = next(line for line in printed if line.startswith("Tuổi bình quân:"))
    assert mean != "Tuổi bình quân: 0" and "0,0" not in mean
