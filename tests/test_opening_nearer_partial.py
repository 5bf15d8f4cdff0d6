"""hunt206 F1: the opening check after a quarter that left one chi bộ out.

The files list their changes from 01/01/2025 (as the demo ward's do, from years back), so the
whole record of 31/03/2025 and the record of 31/03/2026 that lacked CB02 (its file not sent)
are both inside the next quarter's change period. The whole one is preferred (hunt115 F1), and
the next quarter checked every chi bộ against the year before: CB01's death of 20/02/2026,
reported only in June and missing from the 31/03/2026 run, went unsaid. Each organisation is
now checked against the nearest record that has it, the ward against the whole one. Real
workbooks of the template, the command line in this process, a real history.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from helpers_history import run_cli
from helpers_validate import clean_info, numbered_member

from toolkit.core.model import Organisation, Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import write_submission

START = dt.date(2025, 1, 1)
LAST_YEAR, Q1, Q2 = dt.date(2025, 3, 31), dt.date(2026, 3, 31), dt.date(2026, 6, 30)
DIED = dt.date(2026, 2, 20)  # inside Q1, reported late (in the Q2 file only)
NAMES = {"CB01": "Chi bộ Tổ dân phố số 1", "CB02": "Chi bộ Tổ dân phố số 2"}
# A chi bộ of the year before, merged into CB01 during 2025 (review208).
ALL_NAMES = {**NAMES, "CB03": "Chi bộ Tổ dân phố số 3"}
PEOPLE = {
    "CB01": ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"],
    "CB02": ["Vũ Văn Hải", "Đặng Thị Hoa", "Bùi Văn Khánh"],
}
ROLL = {code: [numbered_member(code, i, n) for i, n in enumerate(names)] for code, names in PEOPLE.items()}


def _write(
    folder: Path, code: str, cutoff: dt.date, members: list[dict[str, Any]], events=(), start: dt.date = START
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    info = clean_info(
        org_code=code, org_name=ALL_NAMES[code], secretary=f"Bí thư {code}", cutoff_date=cutoff,
        period_start=start, prepared_on=cutoff,
    )  # fmt: skip
    numbered = [{**m, "row_no": n} for n, m in enumerate(members, start=1)]
    rows = [{**e, "row_no": n} for n, e in enumerate(events, start=1)]
    write_submission(folder / f"{code}.xlsx", info=info, members=numbered, events=rows)


def _consolidate(folder: Path, registry: Path, cutoff: dt.date, history: Path) -> dict[str, Any]:
    out = folder.parent / f"{folder.name}.xlsx"
    result = run_cli(
        "consolidate", folder, "--registry", registry, "--cutoff", cutoff.isoformat(), "-o", out,
        "--json", out.with_suffix(".json"), "--ward-name", "Phường Thử", "--history", history,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    return summary


def _registry(root: Path, codes: Iterable[str] = NAMES, name: str = "danh_muc.xlsx") -> Path:
    return write_registry(
        Registry([Organisation(c, ALL_NAMES[c], "chi_bo_truc_thuoc", "to_dan_pho") for c in codes]),
        root / name,
    )


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Last year's whole run, then Q1 without CB02's file (1/2 organisations)."""
    root = tmp_path_factory.mktemp("nearer")
    registry = _registry(root)
    history = root / "lich_su_tong_hop.sqlite"
    for code in NAMES:
        _write(root / "nam_truoc", code, LAST_YEAR, ROLL[code])
    _consolidate(root / "nam_truoc", registry, LAST_YEAR, history)
    _write(root / "q1", "CB01", Q1, ROLL["CB01"])
    q1 = _consolidate(root / "q1", registry, Q1, history)
    assert q1["indicators"]["orgs.consolidated"] == 1
    return {"registry": registry, "history": history}


def _second_quarter(ward: dict[str, Any], tmp_path: Path, cb02: list[dict[str, Any]]) -> list[dict[str, Any]]:
    history = tmp_path / "lich_su_tong_hop.sqlite"
    history.write_bytes(ward["history"].read_bytes())
    dead = ROLL["CB01"][-1]
    death = {"full_name": dead["full_name"], "birth_date": dead["birth_date"], "event_type": "died"}
    _write(tmp_path / "q2", "CB01", Q2, ROLL["CB01"][:-1], [{**death, "event_date": DIED}])
    _write(tmp_path / "q2", "CB02", Q2, cb02)
    summary = _consolidate(tmp_path / "q2", ward["registry"], Q2, history)
    opening = ("form.opening_mismatch", "form.ward_opening_mismatch")
    return [i for i in summary["issues"] if i["code"] in opening]


def test_a_death_reported_late_is_checked_against_the_last_quarter_that_lacked_a_chi_bo(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    found = _second_quarter(ward, tmp_path, ROLL["CB02"])
    assert [i["org_code"] for i in found] == ["CB01"], found
    message = found[0]["message"]
    assert "số đảng viên tại ngày 31/03/2026 tính lại từ tệp kỳ này là 3" in message
    assert "nhưng lần tổng hợp ngày 31/03/2026 (lần số 2 trong lịch sử tổng hợp) ghi 4" in message


def test_the_chi_bo_the_last_quarter_lacked_and_the_ward_are_checked_against_the_whole_record(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    """CB02's file forgets a member (no change row): CB02 is in no record of 31/03/2026, so it
    and the ward are checked against the whole record of 31/03/2025, as before."""
    found = _second_quarter(ward, tmp_path, ROLL["CB02"][:-1])
    assert sorted((i["org_code"] or "") for i in found) == ["", "CB01", "CB02"], found
    by_org = {i["org_code"]: i["message"] for i in found}
    assert "lần tổng hợp ngày 31/03/2026 (lần số 2 trong lịch sử tổng hợp) ghi 4" in by_org["CB01"]
    assert "lần tổng hợp ngày 31/03/2025 (lần số 1 trong lịch sử tổng hợp) ghi 3" in by_org["CB02"]
    assert "Toàn Đảng bộ" in by_org[None] and "31/03/2025" in by_org[None]


@pytest.mark.parametrize("q1_cb02", ["not sent", "left out"])
def test_a_chi_bo_the_last_quarter_lacked_is_not_called_new(tmp_path: Path, q1_cb02: str) -> None:
    """hunt206 F2: the files' changes from 01/01/2026, so the Q1 record that lacked CB02 (its
    file not sent, or left out for an error) is the only reference. CB01's file forgets one
    member (no change row), as many as CB02 has: the warning called CB02 “Tổ chức mới”, maybe
    split from CB01, though CB02 was in the registry of Q1 too."""
    registry = _registry(tmp_path)
    history = tmp_path / "lich_su_tong_hop.sqlite"
    year = dt.date(2026, 1, 1)
    one = [ROLL["CB02"][0]]
    _write(tmp_path / "q1", "CB01", Q1, ROLL["CB01"], start=year)
    if q1_cb02 == "left out":
        _write(tmp_path / "q1", "CB02", Q1, [{**one[0], "gender": None}], start=year)  # an error
        out = tmp_path / "q1.xlsx"
        result = run_cli(
            "consolidate", tmp_path / "q1", "--registry", registry, "--cutoff", Q1.isoformat(), "-o", out,
            "--json", out.with_suffix(".json"), "--ward-name", "Phường Thử", "--history", history,
        )  # fmt: skip
        assert result.exit_code == 1 and "CB02 bị loại" in result.output, result.output
    else:
        _consolidate(tmp_path / "q1", registry, Q1, history)
    _write(tmp_path / "q2", "CB01", Q2, ROLL["CB01"][:-1], start=year)
    _write(tmp_path / "q2", "CB02", Q2, one, start=year)
    summary = _consolidate(tmp_path / "q2", registry, Q2, history)
    found = [i for i in summary["issues"] if i["code"] == "form.opening_mismatch"]
    assert [i["org_code"] for i in found] == ["CB01"], found
    assert "nhưng lần tổng hợp ngày 31/03/2026 (lần số 1 trong lịch sử tổng hợp) ghi 4" in found[0]["message"]
    assert "CB02" not in found[0]["message"] and "Tổ chức mới" not in found[0]["message"]


def test_each_chi_bo_is_checked_against_the_nearest_record_that_has_it(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    """A trial run of CB02's file alone at 30/04/2026 after Q1 (two partial records after the
    whole one): CB01's late death is still checked against Q1, the nearest record with CB01,
    not against the year before."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    history.write_bytes(ward["history"].read_bytes())
    april = dt.date(2026, 4, 30)
    _write(tmp_path / "thu", "CB02", april, ROLL["CB02"])
    trial = _consolidate(tmp_path / "thu", ward["registry"], april, history)
    assert trial["indicators"]["orgs.consolidated"] == 1
    found = _second_quarter({**ward, "history": history}, tmp_path, ROLL["CB02"])
    assert [i["org_code"] for i in found] == ["CB01"], found
    assert "nhưng lần tổng hợp ngày 31/03/2026 (lần số 2 trong lịch sử tổng hợp) ghi 4" in found[0]["message"]


def test_a_member_lost_across_a_reorganisation_is_still_said_of_the_ward(tmp_path: Path) -> None:
    """review208: CB03 (2 members at 31/03/2025) was merged into CB01 during 2025, its members
    written onto CB01's list without transfer rows, and one of them was lost on the way. Q1
    lacked CB02 (not sent). Against the whole record of 31/03/2025, CB01 differs (5 now, 4 then)
    and the ward's own roll, 8, differs from its 9: a member of the ward is in no list now.
    CB01's warning is left to Q1, which agrees with CB01 (5), but the ward's warning went with
    it, and Q1, partial, checks no ward (nor did the Q1 run, partial too): the lost member went
    unsaid, where the run before hunt206 F1 said it."""
    cb03 = [numbered_member("CB03", i, n) for i, n in enumerate(["Hồ Văn Long", "Mai Thị Lan"])]
    history = tmp_path / "lich_su_tong_hop.sqlite"
    before, after = _registry(tmp_path, ALL_NAMES, "cu.xlsx"), _registry(tmp_path, NAMES, "moi.xlsx")
    for code, roll in (("CB01", ROLL["CB01"]), ("CB02", ROLL["CB02"]), ("CB03", cb03)):
        _write(tmp_path / "nam_truoc", code, LAST_YEAR, roll)
    _consolidate(tmp_path / "nam_truoc", before, LAST_YEAR, history)
    merged = [*ROLL["CB01"], cb03[0]]  # Mai Thị Lan is on no list now
    _write(tmp_path / "q1", "CB01", Q1, merged)
    assert _consolidate(tmp_path / "q1", after, Q1, history)["indicators"]["orgs.consolidated"] == 1
    _write(tmp_path / "q2", "CB01", Q2, merged)
    _write(tmp_path / "q2", "CB02", Q2, ROLL["CB02"])
    summary = _consolidate(tmp_path / "q2", after, Q2, history)
    opening = [i for i in summary["issues"] if "opening" in i["code"]]
    assert [i["code"] for i in opening] == ["form.ward_opening_mismatch"], opening
    message = opening[0]["message"]
    assert (
        "tính lại từ các tệp kỳ này là 8" in message
        and "lần tổng hợp ngày 31/03/2025 (lần số 1 trong lịch sử tổng hợp) ghi 9" in message
    )
    assert "không còn: CB03" in message and "không có trong danh sách nào" in message, message
    # CB01's difference against the year before is not shown (Q1 has CB01, and agrees): the
    # ward's warning does not send the clerk to a warning of CB01 that is not there.
    assert "CB01" not in message and "xem cảnh báo" not in message, message


def test_only_the_current_record_of_the_last_quarter_is_the_nearer_one(
    ward: dict[str, Any], tmp_path: Path
) -> None:
    """review208: Q1 re-run with CB01's file corrected (its death of 20/02/2026 written) replaces
    the Q1 record that counted 4: the next quarter checks CB01 against the current record (3),
    never the replaced one, and has nothing to say."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    history.write_bytes(ward["history"].read_bytes())
    dead = ROLL["CB01"][-1]
    death = {"full_name": dead["full_name"], "birth_date": dead["birth_date"], "event_type": "died"}
    _write(tmp_path / "q1_sua", "CB01", Q1, ROLL["CB01"][:-1], [{**death, "event_date": DIED}])
    again = _consolidate(tmp_path / "q1_sua", ward["registry"], Q1, history)
    assert again["indicators"]["members.total"] == 3 and again["indicators"]["orgs.consolidated"] == 1
    assert _second_quarter({**ward, "history": history}, tmp_path, ROLL["CB02"]) == []


@pytest.mark.parametrize("q1_cb02", ["not sent", "left out"])
def test_a_chi_bo_the_only_earlier_record_lacked_is_said_unchecked(tmp_path: Path, q1_cb02: str) -> None:
    """hunt206 R3: the files' changes from 01/01/2026, so the Q1 record that lacked CB02 (its
    file not sent, or left out for an error) is the only reference: CB02's opening is checked
    against nothing, and nothing said so. Its file forgets a member (no change row), which no
    warning can catch; one warning now names it, the date and the record. CB01, in Q1, is not
    named."""
    registry = _registry(tmp_path)
    history = tmp_path / "lich_su_tong_hop.sqlite"
    year = dt.date(2026, 1, 1)
    _write(tmp_path / "q1", "CB01", Q1, ROLL["CB01"], start=year)
    if q1_cb02 == "left out":
        _write(tmp_path / "q1", "CB02", Q1, [{**ROLL["CB02"][0], "gender": None}], start=year)  # an error
        out = tmp_path / "q1.xlsx"
        result = run_cli(
            "consolidate", tmp_path / "q1", "--registry", registry, "--cutoff", Q1.isoformat(), "-o", out,
            "--history", history, "--ward-name", "Phường Thử",
        )  # fmt: skip
        assert result.exit_code == 1 and "CB02 bị loại" in result.output, result.output
    else:
        _consolidate(tmp_path / "q1", registry, Q1, history)
    _write(tmp_path / "q2", "CB01", Q2, ROLL["CB01"], start=year)
    _write(tmp_path / "q2", "CB02", Q2, ROLL["CB02"][:-1], start=year)
    summary = _consolidate(tmp_path / "q2", registry, Q2, history)
    found = [i for i in summary["issues"] if i["code"] == "form.opening_unchecked"]
    assert len(found) == 1, summary["issues"]
    assert found[0]["severity"] == "warning" and found[0]["value"] == "CB02", found
    message = found[0]["message"]
    assert message.startswith("CB02 không có trong lần tổng hợp ngày 31/03/2026 (lần số 1 "), message
    assert "nên số đầu kỳ của tổ chức này chưa được đối chiếu" in message and "CB01" not in message
    assert not [i for i in summary["issues"] if "opening_mismatch" in i["code"]], summary["issues"]


def test_no_unchecked_warning_when_a_record_has_the_chi_bo(ward: dict[str, Any], tmp_path: Path) -> None:
    """hunt206 R3: CB02, lacking in Q1, is checked against the whole record of 31/03/2025 (its
    file's changes from 01/01/2025): it is not said unchecked, nor is CB01; nor is a chi bộ new
    to this run, in no record (the ward's check says it)."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    history.write_bytes(ward["history"].read_bytes())
    for code in NAMES:
        _write(tmp_path / "q2", code, Q2, ROLL[code])
    _write(tmp_path / "q2", "CB03", Q2, [numbered_member("CB03", 0, "Hồ Văn Long")])
    summary = _consolidate(tmp_path / "q2", _registry(tmp_path, ALL_NAMES), Q2, history)
    assert summary["indicators"]["orgs.consolidated"] == 3
    assert not [i for i in summary["issues"] if i["code"] == "form.opening_unchecked"], summary["issues"]


def test_the_unchecked_warning_reads_true_for_a_ward_that_consolidates_once_a_year(tmp_path: Path) -> None:
    """review213 (left out 2): a ward consolidating once a year; the record of 31/12/2025, the
    day before the 2026 period, lacked CB02 (its file not sent). The warning said "không có lần
    tổng hợp nào khác trong kỳ biến động này", as if that record were inside the period; it now
    says CB02 is in no other record usable for the check, true whether the record named is
    inside the period (a quarter's) or the day before it (a year's)."""
    registry = _registry(tmp_path)
    history = tmp_path / "lich_su_tong_hop.sqlite"
    year_end, next_year_end, start = dt.date(2025, 12, 31), dt.date(2026, 12, 31), dt.date(2026, 1, 1)
    _write(tmp_path / "nam_2025", "CB01", year_end, ROLL["CB01"], start=dt.date(2025, 1, 1))
    _consolidate(tmp_path / "nam_2025", registry, year_end, history)
    for code in NAMES:
        _write(tmp_path / "nam_2026", code, next_year_end, ROLL[code], start=start)
    summary = _consolidate(tmp_path / "nam_2026", registry, next_year_end, history)
    found = [i for i in summary["issues"] if i["code"] == "form.opening_unchecked"]
    assert len(found) == 1 and found[0]["value"] == "CB02", summary["issues"]
    message = found[0]["message"]
    assert message.startswith("CB02 không có trong lần tổng hợp ngày 31/12/2025 (lần số 1 "), message
    assert "trong kỳ biến động này" not in message, message
    assert (
        "chưa nộp), cũng không có trong lần tổng hợp nào khác dùng được để đối chiếu, nên số đầu kỳ "
        "của tổ chức này chưa được đối chiếu." in message
    ), message
