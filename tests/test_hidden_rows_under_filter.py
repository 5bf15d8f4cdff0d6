"""A roll's row hidden by hand while the sheet's AutoFilter is on (fix388).

Excel writes a row the filter hides and a row hidden by hand (Hide) alike, `hidden="1"`. The
reader took every hidden row of a sheet with an AutoFilter condition as the filter's: only out
of view, never marked in the work lists (red, "bị ẩn … hỏi lại chi bộ"), and the warning said to
clear the filter. A filter shows exactly the rows that satisfy all its conditions, so a hidden
row that satisfies them (or lies outside the filter's range) was hidden by hand: it is now
marked, and warned of apart. Where a condition cannot be evaluated for certain (top 10, colour,
a number in a format whose text is not known), the row stays the filter's, as before.

The workbooks are the real template (`helpers_validate.write`) filtered and hidden with
openpyxl, which writes the `<autoFilter>`, its `<filterColumn>`s and the hidden rows as Excel
does; one is saved again by LibreOffice as an outside check.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import read_warnings, write
from openpyxl.styles import Font
from openpyxl.worksheet.filters import (
    ColorFilter,
    CustomFilter,
    CustomFilters,
    DateGroupItem,
    FilterColumn,
    Filters,
    Top10,
)
from openpyxl.worksheet.worksheet import Worksheet

from toolkit.core import layout
from toolkit.io import autofilter
from toolkit.io.reader import read_submission

M = layout.SHEET_MEMBERS
READ = "đang bị ẩn nhưng có dữ liệu; dữ liệu vẫn được đọc và được tính."
FILTER = (
    "Sheet đang bật bộ lọc (Filter) nên các dòng không thỏa điều kiện lọc bị ẩn; bỏ ẩn (Unhide) không "
    "tắt được bộ lọc. Hãy bấm Dữ liệu > Xóa bộ lọc (Data > Clear) để hiện lại mọi dòng rồi kiểm tra lại."
)
BY_HAND = (
    "Bộ lọc (Filter) đang bật không ẩn dòng này (dòng thỏa mọi điều kiện lọc hoặc nằm ngoài vùng lọc): "
    "dòng bị ẩn bằng tay, hãy bỏ ẩn để kiểm tra lại."
)
# The clean list (`clean_members`), by Excel row: 2 An (Nam, 1975), 3 Hường (Nữ, 1982),
# 4 Cường (Nam, 1950, exempt from 2020), 5 Dung (Nữ, 1990), 6 Em (Nam, 2000).
NAME, BIRTH, GENDER, EXEMPT, NOTE = 1, 2, 3, 17, 20  # colId: 0-based from column A


def filtered(
    tmp_path: Path, columns: list[FilterColumn], hidden: list[int], *, ref: str = "A1:U6", **kw: object
) -> Path:
    path = write(tmp_path, **kw)  # type: ignore[arg-type]
    wb = openpyxl.load_workbook(path)
    ws: Worksheet = wb[M]
    ws.auto_filter.ref = ref
    ws.auto_filter.filterColumn.extend(columns)
    for r in hidden:
        ws.row_dimensions[r].hidden = True
    wb.save(path)
    return path


def values(col: int, vals: list[str], *, blank: bool = False) -> FilterColumn:
    return FilterColumn(colId=col, filters=Filters(filter=vals, blank=blank))


def custom(col: int, *tests: tuple[str, str], both: bool = False) -> FilterColumn:
    found = CustomFilters(customFilter=[CustomFilter(operator=op, val=val) for op, val in tests], _and=both)
    return FilterColumn(colId=col, customFilters=found)


def verdict(path: Path) -> tuple[list[str], dict[str, list[int]]]:
    """The `cell.hidden_row` warnings (cell and message) and the rows read as hidden by hand."""
    warned = [f"{i.cell} {i.message}" for i in read_warnings(path, "cell.hidden_row")]
    return warned, read_submission(path).hidden_rows


def test_a_row_hidden_by_hand_under_a_value_list_is_marked_and_warned_of_apart(tmp_path: Path) -> None:
    # Giới tính = Nữ hides the men (rows 2, 4, 6); Dung (row 5) is a woman, hidden by hand.
    path = filtered(tmp_path, [values(GENDER, ["Nữ"])], [2, 4, 5, 6])
    warned, by_hand = verdict(path)
    assert warned == [
        f"A2 Sheet “{M}”, 3 dòng (dòng 2, 4, 6): Các dòng này {READ} {FILTER}",
        f"A5 Sheet “{M}”, dòng 5: Dòng 5 {READ} {BY_HAND}",
    ]
    assert by_hand == {M: [5]}


def test_rows_hidden_by_hand_under_a_filter_are_one_warning_saying_so(tmp_path: Path) -> None:
    path = filtered(tmp_path, [values(GENDER, ["Nam"])], [2, 6])
    warned, by_hand = verdict(path)
    assert warned == [
        f"A2 Sheet “{M}”, 2 dòng (dòng 2, 6): Các dòng này {READ} Bộ lọc (Filter) đang bật không ẩn các "
        "dòng này (chúng thỏa mọi điều kiện lọc hoặc nằm ngoài vùng lọc): các dòng bị ẩn bằng tay, hãy bỏ ẩn "
        "để kiểm tra lại."
    ]
    assert by_hand == {M: [2, 6]}


def test_a_value_list_matches_the_shown_text_whatever_its_case(tmp_path: Path) -> None:
    path = filtered(tmp_path, [values(GENDER, ["nữ"])], [2, 5])
    assert verdict(path)[1] == {M: [5]}


def test_a_row_below_the_filter_s_range_was_hidden_by_hand(tmp_path: Path) -> None:
    # The filter covers rows 2–4 only: it cannot have hidden Em (row 6).
    path = filtered(tmp_path, [values(GENDER, ["Nữ"])], [2, 6], ref="A1:U4")
    assert verdict(path)[1] == {M: [6]}


def test_every_filter_condition_must_hold(tmp_path: Path) -> None:
    # Nữ and born 1982 (a date group, as Excel writes a date's value list): Hường (row 3) only.
    born = FilterColumn(
        colId=BIRTH, filters=Filters(dateGroupItem=[DateGroupItem(year=1982, dateTimeGrouping="year")])
    )
    path = filtered(tmp_path, [values(GENDER, ["Nữ"]), born], [3, 5])
    warned, by_hand = verdict(path)
    assert by_hand == {M: [3]}
    assert [w.split(" ", 1)[0] for w in warned] == ["A5", "A3"]


@pytest.mark.parametrize(
    ("column", "hidden", "expected"),
    [
        # contains "Thị": Hường and Dung shown
        (custom(NAME, ("equal", "*thị*")), [2, 3], [3]),
        # begins with "Trần" and does not end with "Dung", both
        (custom(NAME, ("equal", "Trần*"), ("notEqual", "*Dung"), both=True), [3, 5], [3]),
        # either ends with "An" or with "Em"
        (custom(NAME, ("equal", "*An"), ("equal", "*Em")), [2, 4, 6], [2, 6]),
        # born after 01/01/1980, compared as Excel's serial number (29221)
        (custom(BIRTH, ("greaterThan", "29221")), [4, 5], [5]),
        # Excel's "(NonBlanks)": exempt from a date (Cường)
        (custom(EXEMPT, ("notEqual", " ")), [2, 4], [4]),
    ],
)
def test_custom_filters_are_evaluated_as_excel_does(
    tmp_path: Path, column: FilterColumn, hidden: list[int], expected: list[int]
) -> None:
    assert verdict(filtered(tmp_path, [column], hidden))[1] == {M: expected}


def test_blanks_of_a_value_list(tmp_path: Path) -> None:
    # Ghi chú: only the blank ones shown (all of them): a hidden row was hidden by hand.
    path = filtered(tmp_path, [values(NOTE, [], blank=True)], [4])
    assert verdict(path)[1] == {M: [4]}


@pytest.mark.parametrize(
    "other",
    [
        FilterColumn(colId=NAME, colorFilter=ColorFilter(dxfId=0)),
        FilterColumn(colId=NAME, top10=Top10(top=True, val=3)),
        custom(NAME, ("greaterThan", "M")),  # text compared by its order: not evaluated
    ],
)
def test_a_condition_not_evaluated_leaves_the_row_to_the_filter(tmp_path: Path, other: FilterColumn) -> None:
    # Dung satisfies Giới tính = Nữ, but whether she satisfies the other condition is not known.
    path = filtered(tmp_path, [values(GENDER, ["Nữ"]), other], [2, 5])
    warned, by_hand = verdict(path)
    assert by_hand == {}
    assert warned == [f"A2 Sheet “{M}”, 2 dòng (dòng 2, 5): Các dòng này {READ} {FILTER}"]


def _format_stt(fmt: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        wb = openpyxl.load_workbook(path)
        for r in range(2, 7):
            wb[M].cell(r, 1).number_format = fmt
        wb.save(path)

    return change


@pytest.mark.parametrize(("fmt", "expected"), [("General", {M: [4]}), ("00", {})])
def test_a_number_matches_a_value_list_by_its_shown_text_when_known(
    tmp_path: Path, fmt: str, expected: dict[str, list[int]]
) -> None:
    # STT 1 or 3 shown (rows 2, 4): in General, STT 3 reads "3", row 4 was hidden by hand;
    # shown as "03", the value "3" may be another cell's text: the row is left to the filter.
    path = filtered(tmp_path, [values(0, ["1", "3"])], [3, 4])
    _format_stt(fmt)(path)
    assert verdict(path)[1] == expected


def test_a_table_s_filter_counts_as_the_sheet_s(tmp_path: Path) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.filters import AutoFilter
    from openpyxl.worksheet.table import Table

    path = write(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    for col in range(1, ws.max_column + 1):  # a Table's header cells are distinct texts
        if not isinstance(ws.cell(1, col).value, str):
            ws.cell(1, col).value = f"Cột {col}"
    ref = f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"
    table = Table(displayName="DanhSach", ref=ref, autoFilter=AutoFilter(ref=ref))
    table.autoFilter.filterColumn.append(values(GENDER, ["Nữ"]))
    ws.auto_filter.ref = None
    ws.add_table(table)
    for r in (2, 3):
        ws.row_dimensions[r].hidden = True
    wb.save(path)
    assert verdict(path)[1] == {M: [3]}


def test_a_row_hidden_by_hand_under_a_filter_is_red_in_the_work_lists(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from helpers_worklists import HEADER_ROW, REGISTRY, _member, submission

    from toolkit.cli import main
    from toolkit.worklists.collect import HIDDEN_NOTE

    folder = tmp_path / "bai_nop"
    path = submission(
        folder,
        REGISTRY.organisations[1],
        [
            _member("Hoàng Văn Em", "05/05/1970", "male", "19/05/1996", "19/05/1997"),
            _member("Lê Văn Tám", "06/06/1971", "male", "19/05/1996", "19/05/1997"),
            _member("Trần Thị Hoa", "07/07/1972", "female", "19/05/1996", "19/05/1997"),
        ],
    )
    wb = openpyxl.load_workbook(path)
    ws = wb[M]
    first = layout.FIRST_DATA_ROW
    ws.auto_filter.ref = f"A{first - 1}:U{first + 2}"
    ws.auto_filter.filterColumn.append(values(layout.MEMBERS.keys.index("gender"), ["Nam"]))
    ws.row_dimensions[first + 1].hidden = True  # Lê Văn Tám: a man, hidden by hand
    ws.row_dimensions[first + 2].hidden = True  # Trần Thị Hoa: hidden by the filter
    wb.save(path)
    out = tmp_path / "danh_sach.xlsx"
    result = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", "31/03/2026", "-o", str(out)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out)["Huy hiệu Đảng"]
    rows = {
        row[3].value: (row[9].value, row[3].font.color.rgb if row[3].font.color else None)
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1)
        if isinstance(row[0].value, int)
    }
    assert rows["Lê Văn Tám"] == (HIDDEN_NOTE, "FF9C0006")
    assert rows["Trần Thị Hoa"][0] is None and rows["Trần Thị Hoa"][1] != "FF9C0006"
    assert rows["Hoàng Văn Em"][0] is None


def test_libreoffice_saving_the_file_again_tells_the_same_rows(tmp_path: Path) -> None:
    """LibreOffice, as an outside writer: its own `<autoFilter>` and hidden rows, read alike."""
    from libreoffice import convert

    path = filtered(tmp_path, [values(GENDER, ["Nữ"])], [2, 4, 5, 6])
    (saved,) = convert([path], "xlsx", tmp_path / "lo")
    with zipfile.ZipFile(saved) as zf:  # LibreOffice's own filter, not the file's copied
        assert any(b"<filterColumn" in zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/"))
    assert verdict(saved)[1] == {M: [5]}


# Filters LibreOffice applies again below, each with the rows it shows of the clean list. One
# value a list: its API's filter descriptor keeps only the first of a value list's values.
REFILTERED = [
    ([values(GENDER, ["Nữ"])], [3, 5]),
    ([values(GENDER, ["nữ"])], [3, 5]),
    ([custom(NAME, ("equal", "*thị*"))], [3, 5]),
    ([custom(NAME, ("equal", "Trần*"), ("notEqual", "*Dung"), both=True)], [3]),
    ([custom(BIRTH, ("greaterThan", "29221"))], [3, 5, 6]),
    ([values(GENDER, ["Nam"]), custom(EXEMPT, ("notEqual", " "))], [4]),
    ([values(NOTE, [], blank=True)], [2, 3, 4, 5, 6]),
    ([values(0, ["3"])], [4]),
]


def test_libreoffice_applying_each_filter_again_shows_the_rows_read_as_hidden_by_hand(tmp_path: Path) -> None:
    """LibreOffice as the judge of what a filter shows: every data row hidden, the rows read as
    hidden by hand are those its filter shows once applied again, and of the file it saves then,
    no row is read as hidden by hand."""
    import subprocess

    from libreoffice import soffice, uno_python

    soffice()
    pairs: list[Path] = []
    for i, (columns, _) in enumerate(REFILTERED):
        (tmp_path / f"f{i}").mkdir()
        source = filtered(tmp_path / f"f{i}", columns, [2, 3, 4, 5, 6])
        pairs += [source, tmp_path / f"f{i}" / "lai.xlsx"]
    script = Path(__file__).with_name("uno_refilter.py")
    done = subprocess.run(
        [uno_python(), str(script), str(tmp_path / "lo-profile"), M, *map(str, pairs)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    for (columns, shown), source, again in zip(REFILTERED, pairs[::2], pairs[1::2], strict=True):
        ws = openpyxl.load_workbook(again)[M]
        assert [r for r in range(2, 7) if not ws.row_dimensions[r].hidden] == shown, columns
        assert verdict(source)[1] == {M: shown}, columns
        assert verdict(again)[1] == {}, columns


def test_struck_text_does_not_change_what_the_filter_shows(tmp_path: Path) -> None:
    # Formatting is no condition: Dung's row struck through and hidden is still hidden by hand.
    path = filtered(tmp_path, [values(GENDER, ["Nữ"])], [5])
    wb = openpyxl.load_workbook(path)
    for cell in wb[M][5]:
        cell.font = Font(strike=True)
    wb.save(path)
    assert verdict(path)[1] == {M: [5]}


# --------------------------------------------------------------------------------------------
# The conditions as written, one by one
# --------------------------------------------------------------------------------------------


def _filter(xml: bytes) -> autofilter.Filter:
    found = autofilter.parse_filter(xml)
    assert found is not None
    return found


def test_parse_reads_the_range_and_each_column_s_condition() -> None:
    found = _filter(
        b'<autoFilter ref="B3:E40" xr:uid="{1}"><filterColumn colId="2"><filters blank="1">'
        b'<filter val="A &amp; B"/><filter val="x_x005F_y"/></filters></filterColumn>'
        b'<filterColumn colId="3" hiddenButton="1"/></autoFilter>'
    )
    assert found.rows == (4, 40)
    assert found.conditions == {4: autofilter.ValueList(("A & B", "x_y"), True, ())}


def test_parse_leaves_what_it_cannot_evaluate_as_unknown() -> None:
    assert _filter(
        b'<autoFilter ref="A1:C9"><filterColumn colId="0"><top10 val="5"/></filterColumn></autoFilter>'
    ).conditions == {1: None}
    ext = (
        b'<autoFilter ref="A1:C9"><filterColumn colId="1"><filters><filter val="a"/></filters>'
        b"<extLst><ext uri='x'/></extLst></filterColumn></autoFilter>"
    )
    assert _filter(ext).conditions == {2: None}
    assert _filter(b'<autoFilter><filterColumn colId="0"><filters/></filterColumn></autoFilter>').rows is None
    assert autofilter.parse_filter(b'<autoFilter ref="A1:C9"/>') is None


def test_the_sheet_s_filter_is_not_a_custom_view_s() -> None:
    xml = (
        b"<worksheet><sheetData/><customSheetViews><customSheetView><autoFilter ref='A1:B2'>"
        b"<filterColumn colId='0'/></autoFilter></customSheetView></customSheetViews></worksheet>"
    )
    assert autofilter.sheet_filter(xml) is None


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("*thị*", "Trần Thị Hường", True),
        ("Tr?n*", "Trần Thị Hường", True),
        ("~*a", "*A", True),
        ("~*a", "ba", False),
        ("Nam", "Nam ", None),  # a space apart: not certain either way
        ("Nam", "Nữ", False),
    ],
)
def test_wildcards(pattern: str, text: str, expected: bool | None) -> None:
    assert autofilter._like(text, pattern) is expected


@pytest.mark.parametrize(
    ("value", "code", "shown"),
    [
        ("Nữ", "General", "Nữ"),
        ("Nữ", ";;;", None),
        (3.0, "General", "3"),
        (3.0, "0.00", None),
        (3.5, "General", None),
        (True, "General", None),
        (dt.date(2000, 1, 1), "General", None),
    ],
)
def test_shown_text_is_known_only_when_certain(value: object, code: str, shown: str | None) -> None:
    assert autofilter._shown(value, code) == shown


def _old_wildcards(pattern: str) -> str:
    """The regular expression fix388 made of a wildcard pattern: right, but it backtracked
    without bound; the reference the matcher is checked against on short texts."""
    import re

    out: list[str] = []
    chars = iter(pattern)
    for ch in chars:
        if ch == "~":
            out.append(re.escape(next(chars, "~")))
        else:
            out.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
    return "".join(out)


def test_the_wildcard_match_agrees_with_the_regular_expression_on_every_short_pattern() -> None:
    """Every pattern of up to 4 of `a b * ? ~` against every text of up to 4 of `a b *`: the
    one-pass matcher says what the regular expression said (wildcards, `~` escapes, `**`)."""
    import itertools
    import re

    def words(alphabet: str, longest: int) -> list[str]:
        return ["".join(p) for n in range(longest + 1) for p in itertools.product(alphabet, repeat=n)]

    texts = words("ab*", 4)
    for pattern in words("ab*?~", 4):
        expected = re.compile(_old_wildcards(pattern), re.S)
        tokens = autofilter._wildcards(pattern)
        for text in texts:
            assert autofilter._glob(tokens, text) == bool(expected.fullmatch(text)), (pattern, text)


@pytest.mark.parametrize(
    ("name", "by_hand"),
    [("a" * 200, {}), ("a" * 200 + "b", {M: [5]}), ("a" * 300 + "b", {})],
)
def test_a_hostile_wildcard_filter_is_judged_without_hanging(
    tmp_path: Path, name: str, by_hand: object
) -> None:
    """A custom filter "*a*a*a…b" (120 stars, within Excel's 255 characters) over a hidden row
    whose name is 200 "a": the regular expression of the pattern backtracked without end, and the
    reader never finished the file (lead). Matched in one pass, the row is the filter's (the name
    does not end in b), hidden by hand when it does, and the filter's again when the text is past
    the 255 characters matched (not judged). Read in a child process, so that the old matcher
    fails this test (no answer within two minutes) instead of hanging the suite."""
    import json
    import subprocess
    import sys

    path = filtered(tmp_path, [custom(NAME, ("equal", "*a" * 120 + "b"))], [5])
    wb = openpyxl.load_workbook(path)
    wb[M]["B5"] = name
    wb.save(path)
    code = (
        "import json, sys; from toolkit.io.reader import read_submission; "
        "print(json.dumps(read_submission(sys.argv[1]).hidden_rows))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(done.stdout) == by_hand


def test_a_hostile_number_in_a_filter_is_refused_without_hanging(tmp_path: Path) -> None:
    """A comparison's value of 300,000 digits and a letter (well-formed XML, though Excel writes
    at most 255 characters): the number pattern tried every split of the digits, quadratic, for
    each hidden row (20,000 digits took 7 s). It is now refused past 255 characters, and read one
    way only: the row stays the filter's. In a child process with a two-minute guard, as the
    wildcard's test (lead)."""
    import json
    import subprocess
    import sys

    path = filtered(tmp_path, [custom(BIRTH, ("greaterThan", "1" * 300_000 + "x"))], [5])
    code = (
        "import json, sys; from toolkit.io.reader import read_submission; "
        "print(json.dumps(read_submission(sys.argv[1]).hidden_rows))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(done.stdout) == {}
    assert autofilter._number("1" * 255 + "x") is None and autofilter._number(" 29221 ") == 29221.0
