"""hunt389: the advice to keep a dissolved organisation's last report until the forms' period
ends says how the kept file is dated.

CB02 (5 members) loses one member by death and is dissolved in Q2, its other four moving to
CB03; its last report (nobody left) is consolidated at 30/06. In Q3 the office drops the file
and the registry row: `form.absent_org_changes` said "Hãy để lại tệp báo cáo cuối của tổ chức
trong thư mục bài nộp …", and the clerk who put last quarter's report back as told had it
refused (`org.cutoff_mismatch`: its cut-off is 30/06), the year's Biểu 1 still without its
changes. The report kept must state each run's cut-off: the advice says so, and a report so
dated is consolidated with nothing more to say. Last quarter's report left with its registry
row dropped (`org.old_file_unregistered`) was told to be moved out beside that advice to keep it:
it is told, from the history, to stay; a dissolved chi bộ still in the registry that sends nothing
(`org.missing`) is told what its missing last report takes out of the forms. Real workbooks, the
command line, a real history.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from test_dissolved_org import (
    DISSOLVED,
    NAMES,
    Q1,
    Q2,
    Q3,
    ROLL,
    _codes,
    _consolidate,
    _event,
    _form,
    _last_report,
    _registry,
    _summary,
    _write,
)

REDATED = (
    "Ở mỗi lần tổng hợp, tệp báo cáo cuối ấy cần ghi ngày chốt số liệu của lần đó (lần này: "
    "30/09/2025) ở sheet “Thông tin”, danh sách đảng viên vẫn để trống, các dòng biến động giữ "
    "nguyên: tệp ghi ngày chốt khác, như ngày chốt của lần trước, không được tổng hợp."
)


def _two_quarters(root: Path) -> Path:
    """Q1 of CB02 and CB03, Q2 with CB02's last report, in one history; the Q2 folder."""
    history = root / "lich_su_tong_hop.sqlite"
    both = _registry(root / "danh_muc.xlsx", ["CB02", "CB03"])
    for code in ("CB02", "CB03"):
        _write(root / "q1", code, Q1, ROLL[code])
    assert _consolidate(root / "q1", both, Q1, root / "q1.xlsx", history).exit_code == 0
    _last_report(root / "q2")
    assert _consolidate(root / "q2", both, Q2, root / "q2.xlsx", history).exit_code == 0
    return root / "q2"


def _cb03_q3(folder: Path) -> None:
    moved = ROLL["CB02"][1:]
    arrivals = [_event(m, "transfer_in", DISSOLVED, "internal") for m in moved]
    _write(folder, "CB03", Q3, ROLL["CB03"] + moved, arrivals)


def _q3(root: Path, name: str, codes: list[str], last_report: Path | None = None) -> dict[str, Any]:
    folder = root / name
    _cb03_q3(folder)
    if last_report is not None:
        shutil.copy(last_report, folder / "CB02.xlsx")
    registry = _registry(root / f"danh_muc_{name}.xlsx", codes)
    out = root / f"{name}.xlsx"
    history = root / f"{name}.sqlite"
    shutil.copy(root / "lich_su_tong_hop.sqlite", history)
    result = _consolidate(folder, registry, Q3, out, history)
    assert result.exit_code in (0, 1), result.output
    return _summary(out)


def test_the_advice_to_keep_the_last_report_says_it_states_each_run_s_cut_off(tmp_path: Path) -> None:
    q2 = _two_quarters(tmp_path)
    dropped = _q3(tmp_path, "q3_dropped", ["CB03"])
    (absent,) = [i for i in dropped["issues"] if i["code"] == "form.absent_org_changes"]
    assert absent["message"].endswith(f"rồi tổng hợp lại. {REDATED}"), absent["message"]

    # Last quarter's report put back with its row, as the advice said before: refused for its
    # cut-off, and the year's Biểu 1 still lacks CB02's death.
    put_back = _q3(tmp_path, "q3_put_back", ["CB02", "CB03"], last_report=q2 / "CB02.xlsx")
    refused = [i for i in put_back["issues"] if i["code"] == "org.cutoff_mismatch"]
    assert [i["org_code"] for i in refused] == ["CB02"]
    assert _form(put_back, "bieu1", "C") == 0

    # Dated 30/09 as it now says: consolidated, its death counted, nothing said.
    redated = tmp_path / "redated"
    dead, moved = ROLL["CB02"][0], ROLL["CB02"][1:]
    leaving = [_event(dead, "died", dt.date(2025, 4, 10))]
    leaving += [_event(m, "transfer_out", DISSOLVED, "internal") for m in moved]
    _write(redated, "CB02", Q3, [], leaving)
    kept = _q3(tmp_path, "q3_kept", ["CB02", "CB03"], last_report=redated / "CB02.xlsx")
    codes = _codes(kept)
    assert "org.cutoff_mismatch" not in codes and "form.absent_org_changes" not in codes
    assert "form.period_opening_changed" not in codes
    assert [_form(kept, "bieu1", row) for row in ("A", "C", "D")] == [11, 1, 10]


def test_the_ward_s_line_a_warning_naming_an_organisation_dropped_says_it_too(tmp_path: Path) -> None:
    """hunt199 F1's case: CB02 (5 members at 31/03) merged into CB03 in Q2, its file and row
    dropped; the ward's line A warning names it and what to keep, and now how the kept report is
    dated, whole (no parameter cut)."""
    history = tmp_path / "lich_su_tong_hop.sqlite"
    both = _registry(tmp_path / "danh_muc_q1.xlsx", ["CB02", "CB03"])
    for code in ("CB02", "CB03"):
        _write(tmp_path / "q1", code, Q1, ROLL[code])
    assert _consolidate(tmp_path / "q1", both, Q1, tmp_path / "q1.xlsx", history).exit_code == 0
    moved = ROLL["CB02"][1:]
    _write(
        tmp_path / "q2",
        "CB03",
        Q2,
        ROLL["CB03"] + moved,
        [_event(m, "transfer_in", DISSOLVED, "internal") for m in moved],
    )
    registry = _registry(tmp_path / "danh_muc_q2.xlsx", ["CB03"])
    result = _consolidate(tmp_path / "q2", registry, Q2, tmp_path / "out.xlsx", history)
    assert result.exit_code == 0, result.output
    (changed,) = [
        i for i in _summary(tmp_path / "out.xlsx")["issues"] if i["code"] == "form.period_opening_changed"
    ]
    message = changed["message"]
    assert f"cũng cần chúng), rồi tổng hợp lại. {REDATED.replace('30/09/2025', '30/06/2025')}" in message
    assert "ký tự)" not in message


def test_last_quarter_s_last_report_left_with_its_row_dropped_is_told_to_stay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CB02's last report of 30/06 left in the Q3 folder, its registry row dropped: an old file of
    an unregistered code (`org.old_file_unregistered`), which was told to be moved out of the
    folder, in its error and on the status's own line, while `form.absent_org_changes` said in
    the same run that the organisation had no file and to keep its last report. The record of
    30/06 consolidated it as a last report (0 members, changes of the period): the error says so,
    not to move it out, to keep it and its row dated to this run; the status line likewise; no
    warning says there is no file. An old file of a code the record never had keeps its advice."""
    q2 = _two_quarters(tmp_path)
    folder = tmp_path / "q3"
    _cb03_q3(folder)
    shutil.copy(q2 / "CB02.xlsx", folder / "CB02.xlsx")
    monkeypatch.setitem(NAMES, "CB09", "Chi bộ Tổ dân phố số 9")
    _write(folder, "CB09", Q1, ROLL["CB03"][:1])
    history = tmp_path / "lich_su_tong_hop.sqlite"
    registry = _registry(tmp_path / "danh_muc_q3.xlsx", ["CB03"])
    result = _consolidate(folder, registry, Q3, tmp_path / "q3.xlsx", history)
    assert result.exit_code == 1, result.output
    summary = _summary(tmp_path / "q3.xlsx")
    old = {i["org_code"]: i["message"] for i in summary["issues"] if i["code"] == "org.old_file_unregistered"}
    assert sorted(old) == ["CB02", "CB09"]
    said = old["CB02"]
    assert "hãy chuyển tệp ra khỏi thư mục bài nộp" not in said
    assert (
        "Lần tổng hợp ngày chốt 30/06/2025 (lần số 2 trong lịch sử), cùng kỳ báo cáo từ ngày "
        "01/01/2025, đã tổng hợp báo cáo cuối của tổ chức này (mã CB02, 0 đảng viên tại ngày chốt "
        "đó) với các biến động trong kỳ (4 chuyển đi trong Đảng bộ phường, 1 từ trần)" in said
    )
    assert (
        "đừng chuyển tệp ra khỏi thư mục bài nộp: hãy để lại tệp và dòng của tổ chức trong danh mục" in said
    )
    assert said.endswith(REDATED)
    assert "hãy chuyển tệp ra khỏi thư mục bài nộp" in old["CB09"]
    assert "form.absent_org_changes" not in _codes(summary)
    output = " ".join(result.output.split())
    assert (
        "Tệp CB02.xlsx: báo cáo cuối của tổ chức đã giải thể hoặc sáp nhập (CB02), ghi ngày chốt khác "
        "và mã không có trong danh mục, không được tổng hợp" in output
    )
    assert "Tệp CB02.xlsx: tệp cũ của kỳ khác" not in output
    assert (
        "Tệp CB09.xlsx: tệp cũ của kỳ khác, không được tổng hợp; hãy chuyển ra khỏi thư mục bài nộp."
        in output
    )
    # The year's Biểu 1 still lacks CB02's death until it is kept as said.
    assert _form(summary, "bieu1", "C") == 0


def test_a_dissolved_organisation_still_in_the_registry_that_sends_nothing_is_told_its_last_report(
    tmp_path: Path,
) -> None:
    """Q3 with CB02 still in the registry and no file of it (a dissolved chi bộ sends nothing
    more): `org.missing` said only "chưa nộp tệp", while CB03's four arrivals counted as from
    outside and CB02's death was out of the year's Biểu 1. The record of 30/06 consolidated CB02
    as a last report: the warning says so, what is missing from the forms and how to send it.
    An organisation stored with members that sends nothing keeps the short warning."""
    _two_quarters(tmp_path)
    silent = _q3(tmp_path, "q3_silent", ["CB02", "CB03"])
    (missing,) = [i for i in silent["issues"] if i["code"] == "org.missing"]
    assert missing["org_code"] == "CB02"
    assert missing["message"] == (
        "Tổ chức CB02 (Chi bộ Tổ dân phố số 2) chưa nộp tệp số liệu: số liệu toàn phường chưa đủ. "
        "Lần tổng hợp ngày chốt 30/06/2025 (lần số 2 trong lịch sử), cùng kỳ báo cáo từ ngày "
        "01/01/2025, đã tổng hợp báo cáo cuối của tổ chức này (0 đảng viên tại ngày chốt đó: tổ "
        "chức đã giải thể hoặc sáp nhập) với các biến động trong kỳ (4 chuyển đi trong Đảng bộ "
        "phường, 1 từ trần); thiếu tệp, các biến động ấy không có trong các biểu của lần này (kỳ "
        "báo cáo từ ngày 01/01/2025 đến ngày 30/09/2025). Hãy đặt tệp báo cáo cuối ấy vào thư mục "
        "bài nộp và để ở đó cho đến hết năm 2025 (lần tổng hợp ngày chốt 31/12/2025 cũng cần "
        f"chúng), rồi tổng hợp lại. {REDATED}"
    )
    assert _form(silent, "bieu1", "C") == 0

    # CB02's report dated 30/09, CB03 silent: CB03 was stored with members, nothing more said.
    folder = tmp_path / "q3_cb03_silent"
    dead, moved = ROLL["CB02"][0], ROLL["CB02"][1:]
    leaving = [_event(dead, "died", dt.date(2025, 4, 10))]
    leaving += [_event(m, "transfer_out", DISSOLVED, "internal") for m in moved]
    _write(folder, "CB02", Q3, [], leaving)
    registry = _registry(tmp_path / "danh_muc_cb03_silent.xlsx", ["CB02", "CB03"])
    history = tmp_path / "cb03_silent.sqlite"
    shutil.copy(tmp_path / "lich_su_tong_hop.sqlite", history)
    result = _consolidate(folder, registry, Q3, tmp_path / "cb03_silent.xlsx", history)
    assert result.exit_code in (0, 1), result.output
    (other,) = [i for i in _summary(tmp_path / "cb03_silent.xlsx")["issues"] if i["code"] == "org.missing"]
    assert other["message"] == (
        "Tổ chức CB03 (Chi bộ Tổ dân phố số 3) chưa nộp tệp số liệu: số liệu toàn phường chưa đủ."
    )
