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
    "cutoffs",
    [
        [dt.date(2025, 3, 31), dt.date(2025, 12, 31)],
        [dt.date(2025, 1, 31), dt.date(2025, 9, 30)],
        [dt.date(2024, 9, 30), dt.date(2025, 2, 28)],  # February not first (review158 F5)
    ],
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


# A template-made file name (code and the organisation's name, no space to wrap at), and one
# longer than any column should grow for.
LONG_NAME = "HD44_chi_bo_to_dan_pho_so_9.xlsx"
LONGEST_NAME = "HD35_chi_bo_ngan_hang_thuong_mai_cp_phuong_dong_chi_nhanh_nhi_cha.xlsx"


def _renamed(result, names: dict[str, str]):
    """`result` with its files renamed (`names`: old → new), in its sources and its issues."""
    result.sources = [dataclasses.replace(s, file=names.get(s.file, s.file)) for s in result.sources]
    result.issues = [
        dataclasses.replace(i, file=names.get(i.file, i.file)) if i.file else i for i in result.issues
    ]
    return result


def _written(tmp_path: Path, *, personal_data: bool, names: dict[str, str] | None = None):
    from toolkit.outputs.workbook import write_workbook

    tmp_path.mkdir(exist_ok=True)
    result = make_result(tmp_path / "nop", personal_data=personal_data)
    if names:
        result = _renamed(result, names)
    target = write_workbook(result, tmp_path / "tong_hop.xlsx", report_text=["Đoạn một."])
    return result, openpyxl.load_workbook(target)


def _width(ws, col: int) -> float:
    """A column's width as written (1-based; a `<col>` may cover several columns)."""
    for dim in ws.column_dimensions.values():
        if dim.min <= col <= dim.max:
            return dim.width
    raise AssertionError(col)


def _file_column(ws) -> tuple[float, list[str]]:
    """The width of a sheet's `Tệp` column and the names in it."""
    from toolkit.outputs.sheets.cells import HEADER_ROW

    header = [c.value for c in ws[HEADER_ROW + 1]]
    col = header.index("Tệp") + 1
    names = [
        v
        for (v,) in ws.iter_rows(min_row=HEADER_ROW + 2, min_col=col, max_col=col, values_only=True)
        if isinstance(v, str) and v.endswith(".xlsx")
    ]
    return _width(ws, col), names


def test_file_names_fit_their_column_on_one_line_up_to_a_limit(tmp_path: Path) -> None:
    """`Kiểm tra` column B (28) and `Nguồn số liệu` column A (30) broke a template-made name in
    its extension, "…_so_9.x" over "lsx" (F9): the column fits the longest name, and stops
    growing at a limit so a very long name does not take the page."""
    from toolkit.outputs.sheets import SHEET_ISSUES, SHEET_SOURCES
    from toolkit.outputs.sheets.cells import wrapped_lines

    short = _written(tmp_path / "a", personal_data=False)[1]
    _, wb = _written(tmp_path / "b", personal_data=False, names={"CB02_chi_bo.xlsx": LONG_NAME})
    _, wb_longest = _written(
        tmp_path / "c",
        personal_data=False,
        names={"CB02_chi_bo.xlsx": LONG_NAME, "CB06_chi_bo.xlsx": LONGEST_NAME},
    )
    for sheet, default in ((SHEET_ISSUES, 28), (SHEET_SOURCES, 30)):
        width, names = _file_column(wb[sheet])
        assert LONG_NAME in names, sheet
        assert all(wrapped_lines(n, width) == 1 for n in names), (sheet, width)
        assert abs(_file_column(short[sheet])[0] - default) < 1, sheet  # short names: as it was
        width, names = _file_column(wb_longest[sheet])
        assert LONGEST_NAME in names, sheet
        assert wrapped_lines(LONG_NAME, width) == 1 and width <= 50, (sheet, width)


# Longer than the column grows for, not far longer: broken where it no longer fits, its
# extension would be split (the demo's "…_thao_phuong.x" over "lsx" at 45 characters).
MIDDLE_NAME = "HD18_chi_bo_trung_tam_van_hoa_the_thao_phuong.xlsx"


def _name_cells(ws) -> tuple[float, list]:
    """The width of a sheet's `Tệp` column and its cells holding a file name."""
    from toolkit.outputs.sheets.cells import HEADER_ROW

    header = [c.value for c in ws[HEADER_ROW + 1]]
    col = header.index("Tệp") + 1
    cells = [
        c
        for (c,) in ws.iter_rows(min_row=HEADER_ROW + 2, min_col=col, max_col=col)
        if isinstance(c.value, str) and c.value.endswith(".xlsx")
    ]
    return _width(ws, col), cells


def test_a_file_name_too_long_for_its_column_never_breaks_in_its_extension(tmp_path: Path) -> None:
    """A name a little longer than the column can grow is shrunk onto one line; one far longer
    is wrapped, and breaks well before its extension (F9)."""
    from toolkit.outputs.sheets import SHEET_ISSUES, SHEET_SOURCES

    names = {"CB02_chi_bo.xlsx": LONG_NAME, "CB04_chi_bo.xlsx": MIDDLE_NAME, "CB06_chi_bo.xlsx": LONGEST_NAME}
    _, wb = _written(tmp_path, personal_data=False, names=names)
    for sheet in (SHEET_ISSUES, SHEET_SOURCES):
        width, cells = _name_cells(wb[sheet])
        assert {c.value for c in cells} >= {LONG_NAME, MIDDLE_NAME, LONGEST_NAME}, sheet
        for cell in cells:
            name, align = cell.value, cell.alignment
            if len(name) + 2 <= width:
                continue  # whole on one line
            if align.wrap_text:  # broken where a line of (generously) 1.1 a unit ends
                assert len(name) - len(".xlsx") >= width * 1.1, (sheet, name, width)
            else:
                assert align.shrink_to_fit, (sheet, name, width)
        shrunk = {c.value for c in cells if c.alignment.shrink_to_fit}
        assert MIDDLE_NAME in shrunk and LONGEST_NAME not in shrunk, sheet


def _value_column(ws) -> tuple[float, list[object]]:
    """The width of `Kiểm tra`'s `Giá trị` column and its cells."""
    from toolkit.outputs.sheets.cells import HEADER_ROW
    from toolkit.outputs.sheets.issues import ISSUE_COLUMNS

    header = [c.value for c in ws[HEADER_ROW + 1]]
    assert header == [h for h, _ in ISSUE_COLUMNS]  # the columns and their order are kept
    col = header.index("Giá trị") + 1
    cells = [v for (v,) in ws.iter_rows(min_row=HEADER_ROW + 2, min_col=col, max_col=col, values_only=True)]
    return _width(ws, col), cells


def test_the_value_column_is_narrow_when_every_value_is_hidden(tmp_path: Path) -> None:
    """Without --personal-data (the default) a member's value is hidden: when no row shows one,
    `Giá trị` printed an empty column 20 characters wide on every page of `Kiểm tra` (F9). It
    stays, as wide as its header; a value shown keeps it wide."""
    from toolkit.outputs.sheets import SHEET_ISSUES

    def written(folder: Path, *, personal_data: bool, members_only: bool):
        folder.mkdir()
        result = make_result(folder / "nop", personal_data=personal_data)
        if members_only:  # a ward whose findings are all its members' (the demo's)
            result.issues = [i for i in result.issues if i.personal or not i.file]
        from toolkit.outputs.workbook import write_workbook

        target = write_workbook(result, folder / "tong_hop.xlsx", report_text=["Đoạn một."])
        return openpyxl.load_workbook(target)[SHEET_ISSUES]

    width, cells = _value_column(written(tmp_path / "a", personal_data=False, members_only=True))
    assert not any(cells)
    assert width < 10
    # A value shown: a member's with --personal-data, or a file's (never hidden).
    width, cells = _value_column(written(tmp_path / "b", personal_data=True, members_only=True))
    assert any(cells) and width >= 20
    width, cells = _value_column(written(tmp_path / "c", personal_data=False, members_only=False))
    assert any(cells) and width >= 20


def test_sources_headers_are_vietnamese(tmp_path: Path) -> None:
    """`Nguồn số liệu` headed its reading time "Thời gian đọc (s)" (F9)."""
    from toolkit.outputs.sheets import SHEET_SOURCES
    from toolkit.outputs.sheets.cells import HEADER_ROW

    _, wb = _written(tmp_path, personal_data=False)
    header = [c.value for c in wb[SHEET_SOURCES][HEADER_ROW + 1]]
    assert "Thời gian đọc (giây)" in header
    assert not any(h and h.endswith("(s)") for h in header)
