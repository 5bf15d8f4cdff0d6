"""Sections A and B of the statistics sheet as plain text lines, for a console.

`ward-stats history show` prints a stored consolidation with these: the same labels, figures
and shares as the `Tổng hợp` sheet (both come from `toolkit.outputs.summary_lines`), so a
clerk reads a past run in the words of the workbook, not as indicator ids.
"""

from __future__ import annotations

from toolkit.core import vnformat
from toolkit.outputs.summary_lines import OF_WHICH_PREFIX, SUM_PREFIX, Indicators, Line, summary_lines

INDENT = "  "


# A mean taken over nobody (`Tổng hợp` leaves its cell empty): said, never "0,0".
NO_MEAN = "không tính (không có đảng viên nào)"


def _figure(line: Line) -> str:
    if line.number == "mean":
        return NO_MEAN if line.value is None else vnformat.decimal(line.value, 1)
    value = line.value if line.value is not None else 0
    return vnformat.number(int(value))


def _label(line: Line) -> str:
    """The line's label before its figure's colon: a sum's prefix without its own colon ("Cộng từ
    trung cấp trở lên: 2.635", not "Cộng: từ trung cấp trở lên: 2.635", review167 #5)."""
    if line.summed:
        for prefix in (SUM_PREFIX, OF_WHICH_PREFIX):
            if line.label.startswith(prefix):
                return prefix.removesuffix(":") + line.label.removeprefix(prefix)
    return line.label


def line_text(line: Line) -> str:
    """One line: a heading as it is; a figure as `label: value (share trên cơ sở base: n)`, as
    the sheet's columns "Tỷ lệ" and "Trên cơ sở" give it."""
    if line.kind == "section":
        return line.label
    if line.kind == "group":
        return INDENT + line.label
    text = f"{INDENT * (line.level + 1)}{_label(line)}: {_figure(line)}"
    share = line.share
    if share is not None and share.base:
        text += f" ({vnformat.percent(share)} trên cơ sở {share.base_label}: {vnformat.number(share.base)})"
    return text


ABSENT = "—"
ABSENT_NOTE = (
    f"“{ABSENT}”: chỉ tiêu không có trong lần tổng hợp này (lần làm bằng phiên bản cũ, hoặc tệp "
    "JSON nhập từ nơi khác không ghi chỉ tiêu đó)."
)


def summary_text(ind: Indicators, orgs_label: str | None = None) -> list[str]:
    """Sections A and B, one text line per line of the sheet, a blank line before each section;
    `orgs_label` as `summary_lines.section_a`'s (a run without a registry).

    A stored run may lack indicators (one imported from an older version's JSON): their lines
    read `label: —`, never 0, and a last line says what the dash means."""
    out: list[str] = []
    absent = False
    for line in summary_lines(ind, orgs_label):
        if line.kind == "section" and out:
            out.append("")
        if line.kind == "item" and line.indicator is not None and line.indicator not in ind:
            out.append(f"{INDENT * (line.level + 1)}{_label(line)}: {ABSENT}")
            absent = True
        else:
            out.append(line_text(line))
    if absent:
        out += ["", ABSENT_NOTE]
    return out
