"""What the office prints, continued (hunt144 F6, F9): one date style per document, file names
that wrap at a sensible place, the `Giá trị` column narrow when every value is hidden, and
`Nguồn số liệu` in Vietnamese. Each test reads a workbook as written (openpyxl or its XML)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.helpers_output import CUTOFF, make_result
from toolkit.core import vnformat
from toolkit.core.model import Issue, PastRun
from toolkit.outputs import feedback
from toolkit.outputs.sheets import SHEET_TREND, trend
from toolkit.outputs.sheets.cells import FONT_SIZE, Formats
from toolkit.outputs.xlsx import new_workbook

_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def _feedback_texts(tmp_path: Path) -> list[str]:
    """Every text of a feedback workbook rendered for a file with one issue whose message names
    the cut-off, as the checks' messages do (`vnformat.message_date`)."""
    source = tmp_path / "nop" / "CB01_chi_bo_so_1.xlsx"
    issue = Issue(
        "member.admitted_after_cutoff",
        "error",
        f"Ngày vào Đảng sau ngày chốt số liệu {vnformat.message_date(CUTOFF)}.",
        file=source.name,
        org_code="CB01",
        sheet="Đảng viên",
        cell="H5",
        column="Ngày vào Đảng",
    )
    item = feedback.Feedback(source, "CB01", (issue,), tmp_path / "phan_hoi" / "x_kiem_tra.xlsx")
    data = feedback.render(
        item, run_id="r1", checked=dt.datetime(2026, 4, 5, 9, 30), cutoff=CUTOFF, personal_data=False
    )
    path = tmp_path / "fb.xlsx"
    path.write_bytes(data)
    ws = openpyxl.load_workbook(path)[feedback.SHEET]
    return [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]


def test_the_feedback_writes_every_date_as_its_messages_do(tmp_path: Path) -> None:
    """The header said "số liệu đến ngày 31/3/2026" over rows that said "31/03/2026" (F6)."""
    texts = _feedback_texts(tmp_path)
    header = texts[1]
    assert "số liệu đến ngày 31/03/2026" in header, header
    assert "ngày 05/04/2026" in header, header
    dates = [m for t in texts for m in _DATE.findall(t)]
    assert len(dates) >= 3, dates  # the check's day, the cut-off, the message's
    assert all(len(day) == 2 and len(month) == 2 for day, month, _ in dates), dates


def _trend_workbook(tmp_path: Path, cutoffs: list[dt.date]) -> Path:
    """A workbook of the `Xu hướng` sheet alone: this run (at `CUTOFF`) and `cutoffs` stored."""
    result = make_result(tmp_path / "nop")
    stored = [
        PastRun(None, c, dt.date(c.year, 1, 1), (dt.date(c.year, 1, 1), c), dict(result.indicators))
        for c in cutoffs
    ]
    result = dataclasses.replace(result, trend=stored)
    path = tmp_path / "xu_huong.xlsx"
    wb = new_workbook(path, font_size=FONT_SIZE, title="t", created=dt.datetime(2026, 4, 1))
    trend.write(wb, Formats(wb), result)
    wb.close()
    return path


def _shown(value: dt.datetime, number_format: str) -> str:
    """A date cell as Excel shows it under the date formats the sheet uses."""
    shown = {"dd/mm/yyyy": "%d/%m/%Y", "dd/m/yyyy": f"%d/{value.month}/%Y"}[number_format]
    return value.strftime(shown)


@pytest.mark.parametrize(
    "cutoffs", [[dt.date(2025, 3, 31), dt.date(2025, 12, 31)], [dt.date(2025, 1, 31), dt.date(2025, 9, 30)]]
)
def test_the_trend_table_and_its_axis_write_the_cut_offs_as_its_notes_do(
    tmp_path: Path, cutoffs: list[dt.date]
) -> None:
    """`Xu hướng`'s title and notes say "31/3/2026" (Nghị định 30, `vnformat.date`): its table
    said "31/03/2026" beside them (F6)."""
    path = _trend_workbook(tmp_path, cutoffs)
    ws = openpyxl.load_workbook(path)[SHEET_TREND]
    cells = [ws.cell(row=5 + k, column=1) for k in range(len(cutoffs) + 1)]
    for cell, day in zip(cells, [*cutoffs, CUTOFF], strict=True):
        assert _shown(cell.value, cell.number_format) == vnformat.date(day), cell.number_format
    with zipfile.ZipFile(path) as zf:
        charts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2
    early = any(d.month <= 2 for d in cutoffs)
    for xml in charts:
        axis = re.search(r"<c:catAx>.*?</c:catAx>", xml, re.S)
        assert axis is not None
        expected = "dd/mm/yyyy" if early else "dd/m/yyyy"
        assert f'formatCode="{expected}"' in axis.group(0), axis.group(0)
