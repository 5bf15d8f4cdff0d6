"""What a reader of the printed `Tổng hợp` and `Biểu đồ` could get wrong (hunt144 F9): a line
summing others read as one more part of its group."""

from __future__ import annotations

import openpyxl
import pytest

from tests.helpers_output import make_result
from toolkit.outputs.sheets import SHEET_SUMMARY
from toolkit.outputs.workbook import write_workbook


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("out")
    result = make_result(folder / "nop")
    target = write_workbook(result, folder / "tong_hop.xlsx", report_text=["Đoạn một."])
    return result, openpyxl.load_workbook(target)


def _group_rows(ws, group: str) -> list[tuple[str, float, bool, bool]]:
    """The lines under the heading `group` of sections A–B: label, share, whether the label and
    whether the share are in italics."""
    out, inside = [], False
    for row in ws.iter_rows(min_row=6, max_col=3):
        label, count, share = row
        if inside and count.value is None:  # the next heading
            break
        if inside:
            out.append((label.value, share.value, bool(label.font.i), bool(share.font.i)))
        inside = inside or label.value == group
    assert out, group
    return out


@pytest.mark.parametrize("group", ["Trình độ chuyên môn", "Lý luận chính trị"])
def test_a_groups_parts_add_up_to_100_and_its_sums_are_set_apart(written, group: str) -> None:
    _, wb = written
    rows = _group_rows(wb[SHEET_SUMMARY], group)
    parts = [r for r in rows if not r[2]]
    sums = [r for r in rows if r[2]]
    # The parts, in roman type, make up the whole: their shares add up to 100 %, no more.
    assert round(sum(share for _, share, _, _ in parts), 6) == 1.0, rows
    # The lines summing some of them come after them all, in italics (share too), named as sums.
    assert sums and rows[-len(sums) :] == sums, rows
    for label, _, _, share_italic in sums:
        assert label.startswith(("Cộng:", "Trong đó:")) and share_italic, label
