"""hunt355: the report's table of main figures states a count, its share and the base, so a
clerk checks the share by dividing; a share rounded together with the other parts of its whole
(`stats.shares.largest_remainder`) or summed from its parts' rounded shares may then be 0,01%
off ("Độ tuổi: dưới 30 tuổi | 375 | 8,90% | tổng số đảng viên (4.216)", 375/4.216 = 8,89%). The
`Tổng hợp` sheet and Biểu 4 say why; the report's table, often copied on its own, now does too,
naming the rows, and says nothing when every share is the count over its base."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from helpers_report import sample_summary

from toolkit.outputs.report_figures import figure_notes, main_figures
from toolkit.outputs.report_files import render_markdown


def _own(numerator: int, base: int) -> Decimal:
    return (Decimal(numerator) * 100 / Decimal(base)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _rows_off(summary: dict) -> list[str]:
    """The table's rows (of the Markdown) whose share is not count / base rounded half up."""
    off = []
    for line in render_markdown(summary).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[2].endswith("%") or cells[0] == "Chỉ tiêu":
            continue
        base = re.search(r"\(([\d.]+)\)$", cells[3])
        assert base is not None, line
        printed = Decimal(cells[2].rstrip("%").replace(",", "."))
        if printed != _own(int(cells[1].replace(".", "")), int(base.group(1).replace(".", ""))):
            off.append(cells[0])
    return off


def test_a_share_rounded_with_its_whole_is_explained_under_the_table() -> None:
    summary = sample_summary()
    off = _rows_off(summary)
    assert "Độ tuổi: dưới 30 tuổi" in off  # 375/4.216 = 8,8947% printed 8,90%
    notes = [n for n in figure_notes(summary) if "làm tròn" in n]
    assert len(notes) == 1, figure_notes(summary)
    for label in off:
        assert f"“{label}”" in notes[0]
    assert "100%" in notes[0]
    assert notes[0] in render_markdown(summary)


def test_the_note_names_only_the_rows_off_their_own_rounding() -> None:
    summary = sample_summary()
    off = set(_rows_off(summary))
    note = next(n for n in figure_notes(summary) if "làm tròn" in n)
    for f in main_figures(summary):
        if f.share is not None and f.share_text and f.label not in off:
            assert f"“{f.label}”" not in note, f.label


def test_the_note_says_up_to_only_over_rows_off_by_different_amounts() -> None:
    """One row off by 0,02% is "lệch 0,02%", not "lệch đến 0,02%" (review364)."""
    from toolkit.outputs.report_figures import Figure, _rounding_note
    from toolkit.stats.shares import Share

    def row(label: str, numerator: int, printed: str) -> Figure:
        return Figure(label, numerator, Share(numerator, 1000, "members.total", Decimal(printed)))

    one = _rounding_note([row("A", 333, "33.32")])  # 33,30% on its own
    assert one is not None and "lệch 0,02% so với" in one, one
    same = _rounding_note([row("A", 333, "33.31"), row("B", 111, "11.09")])
    assert same is not None and "lệch 0,01% so với" in same, same
    unequal = _rounding_note([row("A", 333, "33.32"), row("B", 111, "11.09")])
    assert unequal is not None and "lệch đến 0,02% so với" in unequal, unequal
