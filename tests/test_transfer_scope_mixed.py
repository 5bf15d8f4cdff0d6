"""A move inside the ward whose two files are of different template versions (a tester's
case, mid-year): the sending chi bộ's file of template 2026.2 says `Chuyển đi`, "Trong Đảng bộ
phường"; the receiving one still sends a 2026.1 file (no `Phạm vi chuyển`), or an upgraded one
whose scope is not filled in yet, with the matching `Chuyển đến` and the person on its roll.

The sending side was told that no other file of the ward had the row (it has), and Biểu 1
counted the move as a member joining the ward (B.2) with nobody leaving it: the ward's opening
A was one short. Now the row without a scope is taken to be inside the ward
(`toolkit.core.transfers`), consolidation counts it so, and `event.transfer_scope_inferred`
says so at that row, naming the file that says it and what to fill in.

Files written through the real template (`helpers_validate`), in both versions, and upgraded
by `ward-stats upgrade`'s own function; period 01/01/2025–31/03/2026.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from helpers_validate import CUTOFF, clean_events, clean_info, member, write, write_old

from toolkit.core import layout
from toolkit.core.model import ConsolidationResult
from toolkit.outputs.upgrade import upgrade_files
from toolkit.pipeline import consolidate

E = layout.EVENTS
UNMATCHED = "event.internal_transfer_unmatched"
INFERRED = "event.transfer_scope_inferred"
ON_OTHER_ROLL = "event.internal_transfer_on_other_roll"
TO_COMPLETE = "event.to_complete_after_upgrade"
MOVED = {"full_name": "Đinh Văn Khải", "birth_date": dt.date(1985, 9, 9)}
OUT_DATE = dt.date(2025, 8, 1)
CB07 = "CB07_chi_bo_to_dan_pho_so_7.xlsx"
CB08 = "CB08_chi_bo_to_dan_pho_so_8.xlsx"

# How each side's file is made: the current template with the scope "Trong Đảng bộ phường",
# template 2026.1 (no scope), or 2026.1 upgraded and not completed (the scope cell empty).
INSIDE, OLD, UPGRADED = "inside", "old", "upgraded"


def _write(folder: Path, name: str, how: str, **kw: Any) -> Path:
    if how == INSIDE:
        return write(folder, name, **kw)
    for e in kw["events"]:
        e.pop("transfer_scope", None)
    if how == OLD:
        return write_old(folder, name, **kw)
    old = write_old(folder / "cu", name, **kw)
    (done,) = upgrade_files([old], folder).upgraded
    return done.target


def _ward(tmp_path: Path, sending: str, receiving: str, *, arrived: dt.date | None = None) -> Path:
    """CB07 (the clean organisation) records Khải leaving on 01/08/2025, CB08 has him on its
    roll and, unless ``arrived`` is None, a `Chuyển đến` row of that date."""
    nop = tmp_path / "nop"
    (nop / "cu").mkdir(parents=True)
    leaving = {**MOVED, "event_type": "transfer_out", "event_date": OUT_DATE, "transfer_scope": "internal"}
    _write(nop, CB07, sending, events=[*clean_events(), leaving])
    rows = [
        member(full_name=f"Người CB08 {n}", birth_date=dt.date(1970 + n, 1, 1), card_no=f"CB08-{n}")
        for n in range(1, 4)
    ]
    rows.append(member(**MOVED, card_no="CB08-9"))
    arriving = [] if arrived is None else [
        {**MOVED, "event_type": "transfer_in", "event_date": arrived, "transfer_scope": "internal"}
    ]  # fmt: skip
    info = clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8")
    _write(nop, CB08, receiving, info=info, members=rows, events=arriving, years=[{"year": 2025}])
    return nop


def _run(nop: Path) -> ConsolidationResult:
    # The forms over the 12 months to the cut-off, which hold the move.
    return consolidate(
        [nop], cutoff=CUTOFF, ward_name="Phường Thử", personal_data=True, form_from=dt.date(2025, 4, 1)
    )


def _said(result: ConsolidationResult, *codes: str) -> list[tuple[str, str | None, str | None]]:
    return sorted((i.code, i.file, i.cell) for i in result.issues if i.code in codes)


def _moves(result: ConsolidationResult) -> dict[str, int | float]:
    keys = (
        "period.opening",
        "period.transfer_in",
        "period.transfer_out",
        "period.transfer_in.internal",
        "period.transfer_out.internal",
        "period.transfer_in.unknown",
        "changes.transfer_in.scope_unknown",
        "changes.transfer_in_internal.total",
    )
    return {k: result.indicators[k] for k in keys}


@pytest.fixture
def inside_both(tmp_path: Path) -> dict[str, int | float]:
    """The ward's figures when both files say the move is inside the ward."""
    return _moves(_run(_ward(tmp_path / "ref", INSIDE, INSIDE, arrived=OUT_DATE + dt.timedelta(days=2))))


def test_a_move_both_files_say_is_inside_is_counted_once_as_ever(
    tmp_path: Path, inside_both: dict[str, int | float]
) -> None:
    result = _run(_ward(tmp_path, INSIDE, INSIDE, arrived=OUT_DATE + dt.timedelta(days=2)))
    assert _said(result, UNMATCHED, INFERRED, TO_COMPLETE) == []
    assert result.count("consolidated") == 2
    moves = _moves(result)
    assert moves == inside_both
    assert (moves["period.transfer_in"], moves["period.transfer_out"]) == (0, 0)
    assert (moves["period.transfer_in.internal"], moves["period.transfer_out.internal"]) == (1, 1)


def test_a_move_neither_2026_1_file_scopes_counts_both_sides_and_they_cancel(
    tmp_path: Path, inside_both: dict[str, int | float]
) -> None:
    result = _run(_ward(tmp_path, OLD, OLD, arrived=OUT_DATE + dt.timedelta(days=2)))
    assert _said(result, UNMATCHED, INFERRED) == []
    moves = _moves(result)
    assert (moves["period.transfer_in"], moves["period.transfer_out"]) == (1, 1)
    assert moves["period.transfer_in.unknown"] == moves["changes.transfer_in.scope_unknown"] == 1
    assert moves["period.opening"] == inside_both["period.opening"]


@pytest.mark.parametrize(
    ("sending", "receiving", "unscoped", "cell"),
    [
        # The tester's case: the receiving chi bộ still sends a 2026.1 file; its row is said at
        # its `Loại biến động` cell (the file has no scope column).
        (INSIDE, OLD, CB08, E.cell("event_type", 2)),
        # ... or an upgraded one whose scope is not filled yet: said at that cell, once.
        (INSIDE, UPGRADED, CB08, E.cell("transfer_scope", 2)),
        # The other way round: the sending chi bộ's file has no scope.
        (OLD, INSIDE, CB07, E.cell("event_type", 4)),
        (UPGRADED, INSIDE, CB07, E.cell("transfer_scope", 4)),
    ],
)
def test_a_move_one_file_says_is_inside_and_the_other_does_not_scope_is_counted_inside(
    tmp_path: Path,
    inside_both: dict[str, int | float],
    sending: str,
    receiving: str,
    unscoped: str,
    cell: str,
) -> None:
    result = _run(_ward(tmp_path, sending, receiving, arrived=OUT_DATE + dt.timedelta(days=2)))
    assert result.count("consolidated") == 2
    # Not "no other file has the row": the file without a scope is told what is counted and
    # what to fill in, at its row; its upgraded cell is not also said to count as outside.
    assert _said(result, UNMATCHED, INFERRED, TO_COMPLETE) == [(INFERRED, unscoped, cell)]
    (said,) = [i for i in result.issues if i.code == INFERRED]
    if unscoped == CB08:
        other, row, event, other_event, date = CB07, 4, "chuyển đến", "Chuyển đi", "03/08/2025"
    else:
        other, row, event, other_event, date = CB08, 2, "chuyển đi", "Chuyển đến", "01/08/2025"
    assert said.severity == "warning"
    assert (
        f"“Đinh Văn Khải”, sinh 09/09/1985: {event} ngày {date}, "
        f"chưa ghi phạm vi chuyển; tệp “{other}” của phường có dòng “{other_event}” cho người này "
        f"(dòng {row}), phạm vi “Trong Đảng bộ phường”. Số liệu toàn phường tính hai dòng này là một lần "
        "chuyển sinh hoạt trong Đảng bộ phường"
    ) in said.message
    upgrade = (
        "hãy nâng cấp tệp (nút “Nâng cấp” ở sheet “Điều khiển” của tệp tổng hợp, Nang cap.cmd, hoặc lệnh "
        "ward-stats upgrade) rồi chọn “Trong Đảng bộ phường”"
    )
    fix = (
        f"{upgrade} ở dòng này" if OLD in (sending, receiving) else "Hãy chọn “Trong Đảng bộ phường” ở ô này"
    )

    assert fix in said.message
    masked = said.without_personal_data().message
    assert "Khải" not in masked and "Chuyển" not in masked and "1985" not in masked
    # The ward's figures are those of the move both files say is inside: no member joined or
    # left the ward, and its opening is right.
    moves = _moves(result)
    assert moves == inside_both
    assert moves["period.transfer_in.unknown"] == moves["changes.transfer_in.scope_unknown"] == 0


def test_an_internal_leaving_no_file_records_the_arrival_of_names_the_roll_that_has_the_member(
    tmp_path: Path,
) -> None:
    """CB08 has Khải on its roll (row 5) but no `Chuyển đến`: no member in transit, the arrival
    row is missing (hunt103), and the warning says so, not that nothing needs fixing."""
    result = _run(_ward(tmp_path, INSIDE, OLD, arrived=None))
    assert _said(result, UNMATCHED, INFERRED, ON_OTHER_ROLL) == [
        (ON_OTHER_ROLL, CB07, E.cell("transfer_scope", 4))
    ]
    (said,) = [i for i in result.issues if i.code == ON_OTHER_ROLL]
    assert said.message.endswith(
        "“Đinh Văn Khải”, sinh 09/09/1985: chuyển đi trong Đảng bộ phường ngày 01/08/2025, nhưng các "
        "tệp khác của phường không có dòng “Chuyển đến” trong Đảng bộ phường tương ứng, trong khi "
        f"người này (cùng họ tên, ngày sinh) có trong danh sách đảng viên của tệp “{CB08}” (sheet "
        "“Đảng viên”, dòng 5). Người này không phải đang chuyển giữa hai tổ chức của phường, và số "
        "liệu lần này chưa đúng: khi cả hai tệp được tổng hợp và ngày chuyển đi ở dòng này thuộc kỳ "
        "báo cáo, Biểu 1 tính người này hai lần ở số đầu kỳ (mục A: ở tổ chức này, và ở tổ chức kia "
        "như đã có trong danh sách từ trước kỳ, vì tệp đó không ghi người này chuyển đến) và tính "
        "dòng này là chuyển đi khỏi phường (mục C và C.5), nên các mục đó thừa 1 người; số cuối kỳ "
        "(mục D) vẫn đúng. Hãy đề nghị tổ chức có tệp đó thêm ở sheet “Biến động” dòng “Chuyển đến”, "
        "phạm vi “Trong Đảng bộ phường”, ghi ngày nhận người này (không trước ngày chuyển đi ở dòng "
        "này), họ tên và ngày sinh giống dòng này; khi có dòng đó, lần chuyển không tính là tăng hoặc "
        "giảm và số đầu kỳ đúng. Nếu đó là một người khác trùng họ tên và ngày sinh, hãy kiểm tra lại "
        "dòng này."
    )


def test_an_arrival_without_a_scope_months_from_the_leaving_is_another_move(tmp_path: Path) -> None:
    """Dated further apart than one move takes, the two rows are not taken for one: the leaving
    stays unmatched, and the arrival counts as the ward's, its scope unknown."""
    result = _run(_ward(tmp_path, INSIDE, OLD, arrived=OUT_DATE + dt.timedelta(days=120)))
    assert _said(result, UNMATCHED, INFERRED) == [(UNMATCHED, CB07, E.cell("transfer_scope", 4))]
    moves = _moves(result)
    assert moves["period.transfer_in"] == moves["period.transfer_in.unknown"] == 1
