"""A chi bộ merged away whose file no longer comes floods `Kiểm tra` (hunt321 finding 1).

CB02 was merged into CB01: CB01 records each of CB02's members as `Chuyển đến`, `Trong Đảng bộ
phường`, and CB02 sends no file any more (it left the registry). Every such row got its own
`event.internal_transfer_unmatched`: 197 in one real run ("0 lỗi, 269 cảnh báo"), burying the
warnings that matter. The rows of one file and one kind of change are now one warning at the
first row, as the automatic corrections are grouped (`norm.*`): it names how many people, the
rows, the dates and what to do (nothing when the organisation they came from was dissolved or
merged). A single row keeps its own warning, word for word. The figures do not change, and the
people in transit (`Chuyển đi` with no file receiving them) are still named by the work lists,
which read those warnings back to their rows (`toolkit.worklists.off_roll`).

Real workbooks of the template, a registry CSV, the CLI (`CliRunner`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from tests.helpers_history import run_cli
from tests.helpers_validate import org_file
from tests.test_opening_reorganised import change, people, registry
from toolkit.core.rules import RULES

UNMATCHED = "event.internal_transfer_unmatched"
Q2 = dt.date(2025, 6, 30)
CB01 = ("CB01", "Chi bộ Tổ dân phố số 1")
MERGED = dt.date(2025, 4, 1)
LATE = dt.date(2025, 5, 15)


def consolidate(root: Path, *extra: str) -> tuple[dict[str, Any], str]:
    out = root / "q2.xlsx"
    result = run_cli(
        "consolidate",
        root / "nop",
        "--registry",
        registry(root / "danh_muc.csv", [CB01]),
        "--cutoff",
        Q2.strftime("%d/%m/%Y"),
        "-o",
        out,
        "--json",
        out.with_suffix(".json"),
        "--ward-name",
        "Phường Thử",
        *extra,
    )
    assert result.exit_code in (0, 1), result.output
    return json.loads(out.with_suffix(".json").read_text(encoding="utf-8")), result.output


def _merged_ward(root: Path, arrivals: int) -> list[int]:
    """CB01's file: its own 4 members and `arrivals` of CB02's (merged away, no file), each a
    `Chuyển đến` inside the ward; the first few dated `MERGED`, the rest `LATE`, with a move in
    from another province between them (a row the warning must not list). The rows on
    `Biến động` of the moves inside the ward, in order."""
    own, came = people(1, 4), people(2, arrivals)
    outsider = people(3, 1)[0]
    events = [change(p, "transfer_in", MERGED, "internal") for p in came[:8]]
    events.append(change(outsider, "transfer_in", MERGED, "other_province"))
    events += [change(p, "transfer_in", LATE, "internal") for p in came[8:]]
    org_file(root / "nop", *CB01, Q2, own + came + [outsider], events)
    first = 2  # the template's first data row of `Biến động`
    return [first + i for i in range(len(events)) if i != 8]


def _rows_of(ranges: str) -> list[int]:
    """The rows a list of cell ranges names ("G2–G9, G11–G15" → 2…9, 11…15)."""
    rows: list[int] = []
    for part in ranges.split(", "):
        ends = [int(re.sub(r"\D", "", e)) for e in part.split("\u2013")]
        rows += range(ends[0], ends[-1] + 1)
    return rows


def test_a_merged_chi_bos_arrivals_are_one_warning_naming_every_row(tmp_path: Path) -> None:
    rows = _merged_ward(tmp_path, 12)
    summary, _ = consolidate(tmp_path, "--personal-data")
    warned = [i for i in summary["issues"] if i["code"] == UNMATCHED]
    assert len(warned) == 1, [i["cell"] for i in warned]
    (issue,) = warned
    # At the first row, as a grouped correction is: its cell, column and value.
    assert issue["cell"] == f"G{rows[0]}", issue
    assert issue["column"] == "Phạm vi chuyển"
    assert issue["value"] == "Trong Đảng bộ phường"
    message = issue["message"]
    listed = re.match(r"Cột “Phạm vi chuyển”, 12 dòng \(([^)]*)\): ", message)
    assert listed, message
    assert _rows_of(listed.group(1)) == rows  # no row lost, the other move in not listed
    assert "12 người chuyển đến trong Đảng bộ phường ngày 01/04/2025 và 15/05/2025" in message
    assert "không có dòng “Chuyển đi” trong Đảng bộ phường tương ứng cho những người này" in message
    assert "đã giải thể hoặc sáp nhập" in message and "tệp này không cần sửa gì" in message
    # Nobody named in it: the rows say who.
    assert "Văn" not in message, message
    # The figures are those of the rows one by one: 13 moves in, 12 of them inside the ward.
    assert summary["indicators"]["members.total"] == 17


def test_without_personal_data_the_grouped_warning_hides_the_dates_not_the_kind(tmp_path: Path) -> None:
    _merged_ward(tmp_path, 10)
    summary, _ = consolidate(tmp_path)
    (issue,) = [i for i in summary["issues"] if i["code"] == UNMATCHED]
    message = issue["message"]
    # How many moved into this organisation is what its figures say: the kind and its own
    # advice are said; the days of a few people's moves are not (hunt328 F5).
    assert message.startswith(
        "Cột “Phạm vi chuyển”, 10 dòng (G2–G9, G11–G12): 10 người chuyển đến trong Đảng bộ phường "
        "ngày [đã ẩn], nhưng các tệp khác của phường không có dòng “Chuyển đi” trong Đảng bộ phường"
    ), message
    assert "01/04/2025" not in message and "15/05/2025" not in message
    assert "Biểu 1 tính các dòng này ở mục “Chuyển đến” (B.2)" in message, message
    assert "chuyển đến hoặc chuyển đi" not in message, message
    assert issue["value"] is None


def test_a_single_arrival_keeps_its_own_warning_word_for_word(tmp_path: Path) -> None:
    own, came = people(1, 4), people(2, 1)
    org_file(tmp_path / "nop", *CB01, Q2, own + came, [change(came[0], "transfer_in", MERGED, "internal")])
    summary, _ = consolidate(tmp_path, "--personal-data")
    (issue,) = [i for i in summary["issues"] if i["code"] == UNMATCHED]
    person = came[0]
    birth = person["birth_date"].strftime("%d/%m/%Y")
    assert issue["message"].startswith(
        f"Dòng 2, cột “Phạm vi chuyển” (ô G2): “{person['full_name']}”, sinh {birth}: chuyển đến trong "
        "Đảng bộ phường ngày 01/04/2025, nhưng các tệp khác của phường không có dòng “Chuyển đi” "
        "trong Đảng bộ phường tương ứng cho người này (cùng họ tên, ngày sinh, chưa khớp với dòng "
        "chuyển khác). Cho đến khi có dòng đó, Biểu 1 tính dòng này ở mục “Chuyển đến” (B.2): nếu tổ "
        "chức kia ghi chuyển đi người này trước kỳ của các tệp lần này"
    ), issue["message"]
    assert RULES[UNMATCHED].severity == "warning"


def test_departures_no_file_received_are_one_warning_and_each_person_is_still_named(tmp_path: Path) -> None:
    own = people(1, 6)
    gone = own[:3]
    events = [change(p, "transfer_out", MERGED, "internal") for p in gone]
    org_file(tmp_path / "nop", *CB01, Q2, own[3:], events)
    summary, _ = consolidate(tmp_path, "--personal-data")
    (issue,) = [i for i in summary["issues"] if i["code"] == UNMATCHED]
    assert issue["message"].startswith("Cột “Phạm vi chuyển”, 3 dòng (G2–G4): 3 người chuyển đi"), issue
    # The work lists read the warning back to each of its rows: all three are named.
    result = run_cli(
        "lists",
        tmp_path / "nop",
        "--registry",
        tmp_path / "danh_muc.csv",
        "--cutoff",
        Q2.strftime("%d/%m/%Y"),
        "-o",
        tmp_path / "ds.xlsx",
    )
    said = " ".join(result.output.split())
    assert "3 người các tệp ghi biến động nhưng không có trong danh sách đảng viên nào" in said, result.output
    for row, person in enumerate(gone, start=2):
        assert f"{person['full_name']} (CB01.xlsx, sheet “Biến động” dòng {row}: chuyển đi" in said, said
