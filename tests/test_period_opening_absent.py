"""Biểu 1's opening across the runs of one forms' period when a dissolved organisation's last
report is no longer in the run (`form.absent_org_changes`, `form.period_opening_changed`,
docs/design.md §8a): the cases `test_dissolved_org.py` leaves out.

The ward: CB02 (5 members), CB03 (6) and CB04 (3) at 31/03/2025; in Q2 CB02 loses one member
by death and is dissolved, its other four moving to CB03 (its last report, nobody left). Real
workbooks of the template, the command line in this process, a real history file made by the
Q1 and Q2 runs. Then Q3:
- the run left incomplete (CB04's file not sent): the dissolved organisation's changes are still
  named as missing from the forms, the line A difference is not said (the coverage is);
- the year's forms of a quarter (`--form-period` from 01/04): the same warnings, and the rule
  of how long to keep the last report said for that forms' period, not for a year;
- the ward renumbering its codes (the last report kept, under a new code of the same name):
  its changes are in the forms, and nothing says they are not (hunt284: it said they were gone,
  and to keep a registry row and file the ward had kept);
- a new organisation given the dissolved one's name, with members of its own: the last report
  dropped is still named.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from helpers_history import run_cli
from helpers_validate import clean_info, numbered_member
from test_dissolved_org import (
    DISSOLVED,
    NAMES,
    Q1,
    Q2,
    Q3,
    ROLL,
    START,
    _codes,
    _event,
    _form,
    _last_report,
    _summary,
)

from toolkit.core.model import Organisation, Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import write_submission

# CB04, and CB12: the code the ward gives in Q3 to an organisation named as CB02 was.
ALL_NAMES = {**NAMES, "CB04": "Chi bộ Tổ dân phố số 4", "CB12": NAMES["CB02"]}
CB04 = [
    numbered_member("CB04", i, name) for i, name in enumerate(["Lý Văn Tâm", "Mai Thị Thu", "Tạ Văn Sơn"])
]
QUARTER = dt.date(2025, 4, 1)


def _write(folder: Path, code: str, cutoff: dt.date, members: list[dict[str, Any]], events: Any = ()) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    info = clean_info(
        org_code=code, org_name=ALL_NAMES[code], secretary=f"Bí thư {code}", cutoff_date=cutoff,
        period_start=START, prepared_on=cutoff,
    )  # fmt: skip
    numbered = [
        [{**row, "row_no": n} for n, row in enumerate(rows, start=1)] for rows in (members, list(events))
    ]
    write_submission(folder / f"{code}.xlsx", info=info, members=numbered[0], events=numbered[1])


def _registry(path: Path, codes: list[str]) -> Path:
    orgs = [Organisation(c, ALL_NAMES[c], "chi_bo_truc_thuoc", "to_dan_pho") for c in codes]
    return write_registry(Registry(orgs), path)


def _run(
    folder: Path, registry: Path, cutoff: dt.date, history: Path, since: dt.date | None
) -> dict[str, Any]:
    forms = ["--form-period", f"{since:%d/%m/%Y}..{cutoff:%d/%m/%Y}"] if since else []
    out = folder.with_suffix(".xlsx")
    result = run_cli(
        "consolidate", folder, "--registry", registry, "--cutoff", cutoff.isoformat(), "-o", out,
        "--json", out.with_suffix(".json"), "--ward-name", "Phường Thử", "--history", history, *forms,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return _summary(out)


def _history(root: Path, since: dt.date | None) -> Path:
    """Q1 and Q2 of the ward in a history file; the Q2 run's forms from `since` (the year's
    when None)."""
    history = root / "lich_su_tong_hop.sqlite"
    registry = _registry(root / "danh_muc.xlsx", ["CB02", "CB03", "CB04"])
    for code in ("CB02", "CB03"):
        _write(root / "q1", code, Q1, ROLL[code])
    _write(root / "q1", "CB04", Q1, CB04)
    _run(root / "q1", registry, Q1, history, None)
    _last_report(root / "q2")
    _write(root / "q2", "CB04", Q2, CB04)
    q2 = _run(root / "q2", registry, Q2, history, since)
    # The last report is consolidated: the death is in Biểu 1, the moves inside the ward are not.
    assert [_form(q2, "bieu1", row) for row in "ABCD"] == [14, 0, 1, 13]
    return history


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _history(tmp_path_factory.mktemp("year"), None)


@pytest.fixture(scope="module")
def quarter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _history(tmp_path_factory.mktemp("quarter"), QUARTER)


def _third_quarter(
    stored: Path, root: Path, codes: list[str], *, cb04: bool = True, since: dt.date | None = None
) -> dict[str, Any]:
    """Q3 against a copy of `stored`: CB03's file (its 6 and CB02's four, their arrivals written),
    CB04's when `cb04`, and the registry of `codes` (CB02's row and file dropped)."""
    history = root / "lich_su_tong_hop.sqlite"
    history.write_bytes(stored.read_bytes())
    moved = ROLL["CB02"][1:]
    arrivals = [_event(m, "transfer_in", DISSOLVED, "internal") for m in moved]
    _write(root / "q3", "CB03", Q3, ROLL["CB03"] + moved, arrivals)
    if cb04:
        _write(root / "q3", "CB04", Q3, CB04)
    return _run(root / "q3", _registry(root / "danh_muc_q3.xlsx", codes), Q3, history, since)


def _issues(summary: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [i for i in summary["issues"] if i["code"] == code]


def test_an_incomplete_run_still_names_the_dissolved_organisation_s_changes(
    year: Path, tmp_path: Path
) -> None:
    """Design: the dissolved organisation is named "whether or not the runs are complete"; the
    line A difference is said only when both are (here CB04's missing file is said instead)."""
    summary = _third_quarter(year, tmp_path, ["CB03", "CB04"], cb04=False)
    # CB03's four arrivals have no other side in the files (in transit, B.2); the death is gone.
    assert [_form(summary, "bieu1", row) for row in "ABCD"] == [6, 4, 0, 10]
    assert [i["org_code"] for i in _issues(summary, "org.missing")] == ["CB04"]
    assert "form.period_opening_changed" not in _codes(summary)
    (absent,) = _issues(summary, "form.absent_org_changes")
    assert (absent["org_code"], absent["severity"]) == ("CB02", "warning")
    assert absent["message"] == (
        "Chi bộ Tổ dân phố số 2: lần tổng hợp ngày chốt 30/06/2025 (lần số 2 trong lịch sử), cùng kỳ "
        "báo cáo từ ngày 01/01/2025, có tổ chức này (mã CB02) với 0 đảng viên tại ngày chốt đó (báo "
        "cáo cuối của tổ chức đã giải thể hoặc sáp nhập) và các biến động trong kỳ (4 chuyển đi trong "
        "Đảng bộ phường, 1 từ trần). Lần này không có tệp của tổ chức và danh mục không còn tổ chức "
        "này, nên các biến động ấy không có trong các biểu của lần này (kỳ báo cáo từ ngày 01/01/2025 "
        "đến ngày 30/09/2025). Hãy để lại tệp báo cáo cuối của tổ chức trong thư mục bài nộp và dòng "
        "của tổ chức trong danh mục cho đến hết năm 2025 (lần tổng hợp ngày chốt 31/12/2025 cũng cần "
        "chúng), rồi tổng hợp lại. Ở mỗi lần tổng hợp, tệp báo cáo cuối ấy cần ghi ngày chốt số liệu "
        "của lần đó (lần này: 30/09/2025) ở sheet “Thông tin”, danh sách đảng viên vẫn để trống, các "
        "dòng biến động giữ nguyên: tệp ghi ngày chốt khác, như ngày chốt của lần trước, không được "
        "tổng hợp."
    )
    # The `Kiểm tra` sheet names it too.
    book = openpyxl.load_workbook(tmp_path / "q3.xlsx", read_only=True)
    texts = [str(c) for row in book["Kiểm tra"].iter_rows(values_only=True) for c in row if c]
    assert any(t.startswith("Chi bộ Tổ dân phố số 2: lần tổng hợp ngày chốt 30/06/2025") for t in texts)


def test_a_quarter_s_forms_say_how_long_to_keep_the_last_report(quarter: Path, tmp_path: Path) -> None:
    """Forms of a period from 01/04 (`--form-period`): Q2's line A was 14 (the roll at 01/04);
    Q3's, without CB02's last report, is 9 (CB03's 6 and CB04's 3: the four arrivals count as
    transfers in). Both warnings say the forms' period, and the rule is that period's."""
    summary = _third_quarter(quarter, tmp_path, ["CB03", "CB04"], since=QUARTER)
    assert [_form(summary, "bieu1", row) for row in "ABCD"] == [9, 4, 0, 13]
    (changed,) = _issues(summary, "form.period_opening_changed")
    message = changed["message"]
    assert message.startswith(
        "Toàn Đảng bộ: Biểu 1, dòng A (tổng số đảng viên cuối kỳ trước chuyển sang, tức số đảng viên "
        "khi bắt đầu kỳ báo cáo ngày 01/04/2025) của lần tổng hợp này là 9, nhưng lần tổng hợp ngày "
        "chốt 30/06/2025 (lần số 2 trong lịch sử), cùng kỳ báo cáo từ ngày 01/04/2025, ghi 14; cả hai "
        "lần đều đủ các tổ chức."
    ), message
    assert "biến động từ ngày 01/04/2025 đến ngày 30/06/2025" in message
    assert (
        "Lần đó có tổ chức CB02 với biến động trong kỳ, nay không có tệp và không có trong danh mục "
        "(xem cảnh báo riêng của tổ chức)." in message
    )
    (absent,) = _issues(summary, "form.absent_org_changes")
    said = absent["message"]
    assert "cùng kỳ báo cáo từ ngày 01/04/2025" in said
    assert "(kỳ báo cáo từ ngày 01/04/2025 đến ngày 30/09/2025)" in said
    assert (
        "dòng của tổ chức trong danh mục cho đến hết các lần tổng hợp có kỳ báo cáo bắt đầu từ ngày "
        "01/04/2025, rồi tổng hợp lại. Ở mỗi lần tổng hợp, tệp báo cáo cuối ấy cần ghi ngày chốt số "
        "liệu của lần đó (lần này: 30/09/2025)"
    ) in said
    assert "hết năm" not in said


def test_a_last_report_kept_under_a_new_code_is_not_said_gone(year: Path, tmp_path: Path) -> None:
    """hunt284: the ward renumbered CB02 to CB12 in Q3 and kept its last report under the new
    code, as the rule asks. Its death and moves are in the forms (line A as Q2's, the death in
    C), yet `form.absent_org_changes` said they were not and asked to keep the row and file the
    ward had kept — re-adding CB02 as told would count its changes twice."""
    dead, moved = ROLL["CB02"][0], ROLL["CB02"][1:]
    leaving = [_event(dead, "died", dt.date(2025, 4, 10))]
    leaving += [_event(m, "transfer_out", DISSOLVED, "internal") for m in moved]
    _write(tmp_path / "q3", "CB12", Q3, [], leaving)
    summary = _third_quarter(year, tmp_path, ["CB12", "CB03", "CB04"])
    assert [_form(summary, "bieu1", row) for row in "ABCD"] == [14, 0, 1, 13]
    codes = _codes(summary)
    assert "form.absent_org_changes" not in codes, summary["issues"]
    assert "form.period_opening_changed" not in codes
    assert "org.no_members_at_cutoff" in codes  # CB12 is read as the last report it is


def test_a_new_organisation_under_a_dissolved_one_s_name_leaves_it_named(year: Path, tmp_path: Path) -> None:
    """A new chi bộ CB12 given the dissolved CB02's name, with members of its own, is not CB02's
    last report: CB02's death and moves are gone from the forms, and CB02 is still named."""
    newcomers = [numbered_member("CB12", i, n) for i, n in enumerate(["Kiều Văn Lộc", "Đinh Thị Mai"])]
    _write(tmp_path / "q3", "CB12", Q3, newcomers)
    summary = _third_quarter(year, tmp_path, ["CB12", "CB03", "CB04"])
    assert _form(summary, "bieu1", "C") == 0  # the death is in no file of this run
    assert [i["org_code"] for i in _issues(summary, "form.absent_org_changes")] == ["CB02"]
    (changed,) = _issues(summary, "form.period_opening_changed")
    assert "Lần đó có tổ chức CB02 với biến động trong kỳ" in changed["message"]
