"""A sheet whose cells reach absurdly far is refused before python-calamine reads it.

calamine builds a dense grid of a sheet (every cell from A1 to its farthest filled one, 32
bytes each) before any of it reaches Python: one cell at A1 and one at XFD1048576 — even an
empty inline string — asked for 549,755,813,888 bytes, and the Rust abort killed the whole
run (exit code 134, a backtrace on stderr, no report). Each sheet part is now measured from
its XML first (`toolkit.io.extent`): on a sheet the reader reads the file is refused
(`file.too_large`, naming the sheet and the far cell), an extra sheet is only left unread
(`file.extra_sheet`, at the far cell), and `ward-stats upgrade` lists it as not checked.

The files are real submissions (`helpers_validate.write`/`write_old`) whose sheet XML is then
rewritten as a hand-made or hostile file would have it. Whatever could abort is read in a
child process, so that a regression fails these tests instead of killing the test run.
"""

from __future__ import annotations

import io
import json
import os
import queue
import random
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from helpers_validate import rewrite_zip, sheet_part, write, write_old
from python_calamine import CalamineWorkbook

from toolkit.core import layout
from toolkit.core.layout import get_column_letter
from toolkit.io import extent
from toolkit.io.context import ReadContext
from toolkit.io.errorcells import Book, SheetTooFar
from toolkit.io.package import Package, open_package
from toolkit.io.reader import read_submission

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
# The smallest hostile cell: an empty inline string in Excel's last cell.
FAR_ROW = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t></t></is></c></row>'
RUST_ABORT = ("memory allocation of", "stack backtrace", "panicked", "Traceback")


def _append_rows(path: Path, sheet: str, rows: str) -> Path:
    """`rows` (XML) appended to a sheet's data."""
    part = sheet_part(path, sheet)
    rewrite_zip(
        path,
        lambda name, data: (
            data.replace(b"</sheetData>", rows.encode() + b"</sheetData>") if name == part else data
        ),
    )
    return path


def _add_sheet(path: Path, name: str, rows: str, n: int = 99, *, extra_ns: str = "") -> Path:
    """A worksheet `name` (its rows' XML) added to the workbook, as part `sheet<n>.xml`."""
    part = f"xl/worksheets/sheet{n}.xml"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

    def change(member: str, data: bytes) -> bytes:
        if member == "xl/workbook.xml":
            sheet = f'<sheet xmlns:r="{rel}" name="{name}" sheetId="{n}" state="visible" r:id="rId{n}"/>'
            return data.replace(b"</sheets>", sheet.encode() + b"</sheets>")
        if member == "xl/_rels/workbook.xml.rels":
            target = f'<Relationship Type="{rel}/worksheet" Target="/{part}" Id="rId{n}"/>'
            return data.replace(b"</Relationships>", target.encode() + b"</Relationships>")
        if member == "[Content_Types].xml":
            return data.replace(
                b"</Types>", f'<Override PartName="/{part}" ContentType="{kind}"/></Types>'.encode()
            )
        return data

    xml = f"<worksheet {NS}{extra_ns}><sheetData>{rows}</sheetData></worksheet>"
    rewrite_zip(path, change, {part: xml.encode()})
    return path


def _old(folder: Path) -> Path:
    folder.mkdir(parents=True)
    return write_old(folder, "CB07.xlsx")


def _new(folder: Path) -> Path:
    folder.mkdir(parents=True)
    return write(folder, "CB07.xlsx")


def _child(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RUST_BACKTRACE": "1", "WARD_STATS_WORKERS": "1"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=300)


def _no_abort(proc: subprocess.CompletedProcess[str]) -> None:
    assert proc.returncode != 134 and proc.returncode >= 0, (proc.returncode, proc.stderr[-2000:])
    assert not any(mark in proc.stderr for mark in RUST_ABORT), proc.stderr[-2000:]


# --------------------------------------------------------------------------------------------
# The commands, in a child process: no abort, a Vietnamese message naming the far cell
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_validate_refuses_a_far_cell_on_thong_tin_instead_of_aborting(tmp_path: Path) -> None:
    path = _append_rows(_new(tmp_path / "nop"), layout.SHEET_INFO, FAR_ROW)
    proc = _child("-m", "toolkit.cli", "validate", str(path))
    _no_abort(proc)
    assert proc.returncode == 1  # a file with an error
    assert "Thông tin!XFD1048576 (file.too_large)" in proc.stdout
    assert "sheet “Thông tin” có ô XFD1048576 ở quá xa ô A1" in proc.stdout
    assert "1.048.576 dòng × 16.384 cột, quá 20.000.000 ô" in proc.stdout


@pytest.mark.slow
def test_validate_leaves_a_far_extra_sheet_unread_with_a_warning(tmp_path: Path) -> None:
    path = _add_sheet(_new(tmp_path / "nop"), "Nháp", '<row r="1"><c r="A1"><v>1</v></c></row>' + FAR_ROW)
    proc = _child("-m", "toolkit.cli", "validate", str(path))
    _no_abort(proc)
    assert proc.returncode == 0, proc.stdout  # warnings only: the organisation is consolidated
    assert "Nháp!XFD1048576 (file.extra_sheet)" in proc.stdout
    assert "dữ liệu trong sheet này không được đọc" in proc.stdout


@pytest.mark.slow
def test_upgrade_lists_a_far_extra_sheet_as_not_checked(tmp_path: Path) -> None:
    path = _add_sheet(_old(tmp_path / "nop"), "Nháp", '<row r="1"><c r="A1"><v>1</v></c></row>' + FAR_ROW)
    proc = _child("-m", "toolkit.cli", "upgrade", str(path), "--out", str(tmp_path / "moi"))
    _no_abort(proc)
    assert proc.returncode == 0, proc.stdout
    assert "Sheet “Nháp” — không đọc được nội dung để kiểm tra" in proc.stdout
    assert (tmp_path / "moi" / "CB07.xlsx").is_file()


@pytest.mark.slow
def test_upgrade_refuses_a_far_cell_on_thong_tin(tmp_path: Path) -> None:
    path = _append_rows(_old(tmp_path / "nop"), layout.SHEET_INFO, FAR_ROW)
    proc = _child("-m", "toolkit.cli", "upgrade", str(path), "--out", str(tmp_path / "moi"))
    _no_abort(proc)
    assert proc.returncode == 1
    said = proc.stdout + proc.stderr
    assert "Không nâng cấp được CB07.xlsx: Tệp quá lớn hoặc có cấu trúc bất thường" in said
    assert "sheet “Thông tin” có ô XFD1048576 ở quá xa ô A1" in said
    assert not (tmp_path / "moi" / "CB07.xlsx").exists()


# --------------------------------------------------------------------------------------------
# The reader on many hostile shapes (read in one child process)
# --------------------------------------------------------------------------------------------

_READ_ALL = """
import json, sys
from pathlib import Path
from toolkit.io.reader import read_submission
out = {}
for p in sys.argv[1:]:
    sub = read_submission(Path(p))
    out[Path(p).parent.name] = {
        "readable": sub.readable,
        "issues": [[i.code, i.is_error, i.sheet, i.cell, i.message] for i in sub.issues],
    }
print(json.dumps(out))
"""


def _hostile_files(root: Path) -> list[Path]:
    far_value = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    first = '<row r="1"><c r="A1"><v>1</v></c></row>'
    rless = '<row r="1048576">' + "<c><v>1</v></c>" * 16_384 + "</row>"
    files = [
        _append_rows(_new(root / "info_xfd"), layout.SHEET_INFO, FAR_ROW),
        _append_rows(_new(root / "members_xfd"), layout.SHEET_MEMBERS, far_value),
        _append_rows(_new(root / "meta_xfd"), layout.SHEET_META, FAR_ROW),
        _append_rows(
            _new(root / "two_cells"),
            layout.SHEET_INFO,
            '<row r="20"><c r="XFD20"><v>1</v></c></row><row r="1048576"><c r="A1048576"><v>1</v></c></row>',
        ),
        _append_rows(
            _new(root / "outside_grid"),
            layout.SHEET_INFO,
            '<row r="2000000"><c r="A2000000"><v>1</v></c></row>',
        ),
        _add_sheet(_new(root / "extra_xfd"), "Nháp", first + FAR_ROW),
        _add_sheet(
            _new(root / "extra_style_only"),
            "Nháp",
            first + '<row r="1048576"><c r="XFD1048576" s="0"/></row>',
        ),
        _add_sheet(_new(root / "extra_no_refs"), "Nháp", first + rless),
        _add_sheet(
            _new(root / "extra_second_r"),
            "Nháp",
            '<row r="1"><c r="A1" r="XFD1048576"><v>1</v></c></row>' + first,
        ),
        _add_sheet(
            _new(root / "extra_prefixed"),
            "Nháp",
            '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
            '<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>',
            extra_ns=' xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
        ),
        # Two sheets of one name: calamine reads the first, the package gate maps the name to
        # the second; the far part is measured and emptied whichever calamine reads.
        _add_sheet(_add_sheet(_new(root / "same_name"), "Nháp", first + FAR_ROW, 98), "Nháp", first, 99),
    ]
    return files


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    files = _hostile_files(tmp_path_factory.mktemp("hostile"))
    proc = _child("-c", _READ_ALL, *map(str, files))
    _no_abort(proc)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result: dict[str, dict[str, Any]] = json.loads(proc.stdout)
    return result


def _errors(found: dict[str, Any]) -> list[list[Any]]:
    return [i for i in found["issues"] if i[1]]


@pytest.mark.parametrize(
    ("case", "sheet", "cell"),
    [
        ("info_xfd", layout.SHEET_INFO, "XFD1048576"),
        ("members_xfd", layout.SHEET_MEMBERS, "XFD1048576"),
        ("meta_xfd", layout.SHEET_META, "XFD1048576"),
        ("two_cells", layout.SHEET_INFO, "A1048576"),
        ("outside_grid", layout.SHEET_INFO, "A2000000"),  # named, but no cell a link could open
    ],
)
def test_a_far_cell_on_a_sheet_the_reader_reads_refuses_the_file(
    hostile: dict[str, dict[str, Any]], case: str, sheet: str, cell: str
) -> None:
    found = hostile[case]
    assert not found["readable"]
    (error,) = _errors(found)
    code, _, at_sheet, at_cell, message = error
    assert (code, at_sheet, at_cell) == ("file.too_large", sheet, None if case == "outside_grid" else cell)
    assert message.startswith(f"Tệp quá lớn hoặc có cấu trúc bất thường (sheet “{sheet}” có ô {cell}")


def test_the_message_names_both_far_cells_and_the_limit(hostile: dict[str, dict[str, Any]]) -> None:
    message = _errors(hostile["two_cells"])[0][4]
    assert (
        "có ô A1048576 và ô XFD20 ở quá xa ô A1: vùng từ A1 tới đó có 1.048.576 dòng × 16.384 cột" in message
    )
    outside = _errors(hostile["outside_grid"])[0][4]
    assert "ô A2000000 nằm ngoài bảng tính Excel (tối đa 1.048.576 dòng × 16.384 cột)" in outside


@pytest.mark.parametrize(
    ("case", "cell"),
    [
        ("extra_xfd", "XFD1048576"),
        ("extra_no_refs", "XFD1048576"),  # cells without `r`: placed as calamine places them
        ("extra_prefixed", "XFD1048576"),  # <x:c>: a cell to calamine whatever its prefix
        ("extra_second_r", "A1"),  # a second `r` (calamine takes it): not measured, not read
    ],
)
def test_a_far_extra_sheet_is_left_unread_with_a_warning(
    hostile: dict[str, dict[str, Any]], case: str, cell: str
) -> None:
    found = hostile[case]
    assert found["readable"] and not _errors(found)
    extra = [i for i in found["issues"] if i[0] == "file.extra_sheet"]
    assert [(i[2], i[3]) for i in extra] == [("Nháp", cell)]


def test_formatting_only_in_the_last_cell_is_no_far_cell(hostile: dict[str, dict[str, Any]]) -> None:
    """calamine keeps only cells with a value: a styled empty cell at XFD1048576 costs nothing."""
    found = hostile["extra_style_only"]
    assert found["readable"] and not _errors(found)
    assert [(i[0], i[3]) for i in found["issues"] if i[0] == "file.extra_sheet"] == [
        ("file.extra_sheet", "A1")
    ]


def test_two_sheets_of_one_name_cannot_lead_calamine_to_the_far_one(
    hostile: dict[str, dict[str, Any]],
) -> None:
    found = hostile["same_name"]
    assert found["readable"] and not _errors(found)


# --------------------------------------------------------------------------------------------
# In process: what is not far is read as before; the guard at the workbook
# --------------------------------------------------------------------------------------------


def test_a_sheet_filled_to_column_xfd_is_still_read(tmp_path: Path) -> None:
    """The limit is the grid, not the column: a few rows out to XFD are 16,384 columns × a few
    rows, far within it (read, with the extra columns' warning)."""
    path = _append_rows(
        _new(tmp_path / "nop"), layout.SHEET_MEMBERS, '<row r="9"><c r="XFD9"><v>1</v></c></row>'
    )
    sub = read_submission(path)
    assert sub.readable
    assert not [i for i in sub.issues if i.code == "file.too_large"]
    assert [i.cell for i in sub.issues if i.code == "file.extra_column"] == ["XFD9"]


def test_the_workbook_refuses_a_far_sheet_and_reads_the_others(tmp_path: Path) -> None:
    path = _add_sheet(_new(tmp_path / "nop"), "Nháp", '<row r="1"><c r="A1"><v>1</v></c></row>' + FAR_ROW)
    data = path.read_bytes()
    pkg = open_package(data, path, ReadContext(file=path.name))
    book = Book(pkg, CalamineWorkbook.from_filelike(io.BytesIO(data)))
    assert set(pkg.far_parts or {}) == {"xl/worksheets/sheet99.xml"}
    with pytest.raises(SheetTooFar) as raised:
        book.get_sheet_by_name("Nháp")
    assert raised.value.far.cell == "XFD1048576"
    assert book.get_sheet_by_name(layout.SHEET_INFO).to_python()[0][0] == layout.INFO.fields[0].header


# --------------------------------------------------------------------------------------------
# The measure itself (no calamine): limits, the fast pass, the pass over a large part
# --------------------------------------------------------------------------------------------


def _sheet(*cells: str) -> bytes:
    rows = "".join(
        f'<row r="{c.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"><c r="{c}"><v>1</v></c></row>' for c in cells
    )
    return f"<worksheet {NS}><sheetData>{rows}</sheetData></worksheet>".encode()


@pytest.mark.parametrize(
    ("cells", "far"),
    [
        (("A1", "U500001"), None),  # a province's roll: 500,001 rows × 21 columns
        (("A1", "AD500001"), None),  # 30 columns: 15 million cells
        (("A1", "AM500001"), None),  # 39 columns: 19.5 million
        (("A1", "AN500001"), (500_001, 40)),  # 40 columns: 20.00004 million
        (("A1", "XFD1220"), None),  # 19.99 million
        (("A1", "XFD1221"), (1_221, 16_384)),
        (("A1048576",), None),  # one column down to Excel's last row
        (("A1048577",), (1_048_577, 1)),  # below Excel's grid
        (("XFE1",), (1, 16_385)),  # right of it
        (("A1", "ZZ20000"), None),  # 14 million: within
    ],
)
def test_the_grid_limits(cells: tuple[str, ...], far: tuple[int, int] | None) -> None:
    found = extent.sheet_extent_problem(_sheet(*cells))
    assert (None if found is None else (found.rows, found.columns)) == far


def test_a_plain_sheet_takes_the_fast_pass_and_an_odd_one_the_exact_measure(tmp_path: Path) -> None:
    path = _new(tmp_path / "nop")
    with zipfile.ZipFile(path) as zf:
        sheets = [zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and all(extent._fast_within(xml) for xml in sheets)
    cells = '<c><v>1</v></c><c t="inlineStr"><is><t>x</t></is></c>'
    odd = f"<worksheet {NS}><sheetData><row>{cells}</row></sheetData></worksheet>"
    assert not extent._fast_within(odd.encode())  # cells without `r`
    assert extent._exact_extent(odd.encode()) == (1, 2, (1, 1), (1, 2))
    assert extent.sheet_extent_problem(odd.encode()) is None


def _pieces(xml: bytes, sizes: list[int], rnd: random.Random) -> queue.Queue[bytes | BaseException]:
    q: queue.Queue[bytes | BaseException] = queue.Queue()
    at = 0
    while at < len(xml):
        n = rnd.choice(sizes)
        q.put(xml[at : at + n])
        at += n
    q.put(b"")
    return q


def test_the_pass_over_pieces_sees_a_far_cell_wherever_the_pieces_are_cut() -> None:
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" s="1"><v>{r}</v></c><c r="U{r}" t="inlineStr"><is><t>x</t></is></c></row>'
        for r in range(1, 400)
    )
    head = f'<worksheet {NS}><dimension ref="A1:U399"/><sheetData>'
    plain = (head + rows + "</sheetData></worksheet>").encode()
    rnd = random.Random(7)
    for far in (
        '<c r="XFD1048576"><v>1</v></c>',
        '<c r="A1" r="XFD9"><v>1</v></c>',
        "<x:c><v>1</v></x:c>",
        "<c><v>1</v></c>",
    ):
        hostile = (
            head + rows[:5000] + f'<row r="400">{far}</row>' + rows[5000:] + "</sheetData></worksheet>"
        ).encode()
        for sizes in ([1, 2, 3], [7, 13, 31], [33, 40, 41], [64, 100, 1000]):
            assert extent._pieces_within(_pieces(plain, sizes, rnd))
            assert not extent._pieces_within(_pieces(hostile, sizes, rnd)), (far, sizes)
    no_claim = plain.replace(b'<dimension ref="A1:U399"/>', b"")
    assert not extent._pieces_within(_pieces(no_claim, [1000], rnd))


def test_a_large_part_is_measured_while_it_is_inflated(tmp_path: Path) -> None:
    rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>{r * 7}</v></c></row>'
        for r in range(1, 160_001)
    )
    xml = f'<worksheet {NS}><dimension ref="A1:B160000"/><sheetData>{rows}</sheetData></worksheet>'.encode()
    assert len(xml) >= extent.STREAM_PART_BYTES
    far = xml.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
    for content, expected in ((xml, set()), (far, {"xl/worksheets/sheet1.xml"})):
        path = tmp_path / "big.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("xl/worksheets/sheet1.xml", content)
        with zipfile.ZipFile(path) as zf:
            assert extent._streamed_within(zf, zf.getinfo("xl/worksheets/sheet1.xml")) == (not expected)
            pkg = Package(zf, path.read_bytes(), set(zf.namelist()), {}, {}, {}, {}, has_macros=False)
            assert set(extent.check_sheet_grids(pkg)) == expected


# --------------------------------------------------------------------------------------------
# The replay of calamine's reading, against calamine itself
# --------------------------------------------------------------------------------------------

_OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_PARTS = {
    "[Content_Types].xml": f'<Types xmlns="{_PKG}/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>',
    "_rels/.rels": f'<Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_OD}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook {NS} xmlns:r="{_OD}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
    "</sheets></workbook>",
    "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_OD}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def _calamine_extent(sheet: bytes) -> tuple[int, int] | None:
    """(rows, columns) of calamine's grid of a one-sheet workbook; None when it fails on it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, text in _PARTS.items():
            zf.writestr(name, text)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    book = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue()))
    try:
        end = book.get_sheet_by_name("S").end
    except Exception:  # noqa: BLE001 - calamine refusing the sheet allocates nothing
        return None
    return (0, 0) if end is None else (end[0] + 1, end[1] + 1)


def _random_sheet(rnd: random.Random) -> bytes:
    def ref() -> str:
        text = (
            f"{get_column_letter(rnd.randint(1, 40))}{'0' if rnd.random() < 0.1 else ''}{rnd.randint(1, 40)}"
        )
        return text.lower() if rnd.random() < 0.1 else text

    def attribute(name: str, value: str) -> str:
        quote = rnd.choice('""\'')
        return f"{rnd.choice([' ', ' ', chr(10), '  '])}{name}{rnd.choice(['=', ' = '])}{quote}{value}{quote}"

    values = [
        ("", "<v>1</v>"), ("", "<v></v>"), ("", "<v/>"), ("", "<f>1+1</f>"), ("", "<f>1</f><v>2</v>"),
        (' t="inlineStr"', "<is><t>x</t></is>"), (' t="inlineStr"', "<is/>"), (' t="str"', "<v></v>"),
        ("", ""), ("", None), ("", "<!-- c --><v>3</v>"), (' t="b"', "<v>1</v>"),
    ]  # fmt: skip
    rows = []
    for _ in range(rnd.randint(0, 8)):
        tag = "x:row" if rnd.random() < 0.1 else "row"
        r = attribute("r", str(rnd.randint(1, 40))) if rnd.random() < 0.7 else ""
        if rnd.random() < 0.1:
            rows.append(f"<{tag}{r}/>")
            continue
        cells = []
        for _ in range(rnd.randint(0, 6)):
            c = "x:c" if rnd.random() < 0.1 else "c"
            kind, inner = rnd.choice(values)
            attributes = (attribute("r", ref()) if rnd.random() < 0.75 else "") + kind
            cells.append(f"<{c}{attributes}/>" if inner is None else f"<{c}{attributes}>{inner}</{c}>")
        if rnd.random() < 0.1:
            cells.append("<!-- </row><c r='ZZ99'><v>1</v></c> -->")
        rows.append(f"<{tag}{r}>{''.join(cells)}</{tag}>")
    x = ' xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    return f"<worksheet {NS}{x}><sheetData>{''.join(rows)}</sheetData></worksheet>".encode()


def test_the_measure_never_falls_short_of_calamine(monkeypatch: pytest.MonkeyPatch) -> None:
    """On random small sheets (references with and without `r`, lower case, leading zeros,
    prefixes, rows without `r` or self-closing, empty values, comments), with the limits made
    small: the exact measure reaches at least as far as calamine's grid, and whatever the
    fast pass or the whole check lets through is within the limits by calamine's count."""
    monkeypatch.setattr(extent, "MAX_ROWS", 35)
    monkeypatch.setattr(extent, "MAX_COLUMNS", 30)
    monkeypatch.setattr(extent, "MAX_GRID_CELLS", 300)
    monkeypatch.setattr(extent, "_FULL_WIDTH_ROWS", 10)
    extent._outside.cache_clear()
    rnd = random.Random(2026)
    let_through = 0
    try:
        for _ in range(600):
            xml = _random_sheet(rnd)
            grid = _calamine_extent(xml)
            if grid is None:
                continue
            exact = extent._exact_extent(xml)
            if exact is not None:
                assert exact[0] >= grid[0] and exact[1] >= grid[1], (xml, grid, exact)
            if extent._fast_within(xml) or extent.sheet_extent_problem(xml) is None:
                let_through += 1
                assert not extent.too_far(*grid), (xml, grid)
    finally:
        extent._outside.cache_clear()
    assert let_through > 50


# --------------------------------------------------------------------------------------------
# The ward registry: read by calamine alone, measured the same way
# --------------------------------------------------------------------------------------------

_READ_REGISTRY = """
import json, sys
from toolkit.core.errors import RegistryError
from toolkit.io.registry import read_registry
try:
    reg = read_registry(sys.argv[1])
    print(json.dumps({"codes": [o.org_code for o in reg.organisations]}))
except RegistryError as exc:
    print(json.dumps({"message": str(exc), "issues": [[i.code, i.sheet, i.cell] for i in exc.issues]}))
"""


def _registry(tmp_path: Path, *, far_on: str | None) -> Path:
    from test_registry import THREE

    from toolkit.io.registry import REGISTRY_SHEET
    from toolkit.outputs.registry_file import write_registry

    path = write_registry(THREE, tmp_path / "dm.xlsx")
    if far_on == REGISTRY_SHEET:
        _append_rows(path, REGISTRY_SHEET, FAR_ROW)
    elif far_on is not None:
        _add_sheet(path, far_on, '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>' + FAR_ROW)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("far_on", ["Danh mục tổ chức", "Ghi chú"])
def test_a_registry_with_a_far_cell_is_refused_instead_of_aborting(tmp_path: Path, far_on: str) -> None:
    proc = _child("-c", _READ_REGISTRY, str(_registry(tmp_path, far_on=far_on)))
    _no_abort(proc)
    result = json.loads(proc.stdout)
    assert result["issues"] == [["registry.too_large", far_on, "XFD1048576"]], result
    assert result["message"].startswith("Danh mục tổ chức dm.xlsx: Danh mục tổ chức không được mở")
    assert f"sheet \u201c{far_on}\u201d có ô XFD1048576 ở quá xa ô A1" in result["message"]
    assert result["message"].endswith("hãy xóa nội dung ở đó rồi lưu lại tệp.")


def test_a_plain_registry_is_read_as_before(tmp_path: Path) -> None:
    proc = _child("-c", _READ_REGISTRY, str(_registry(tmp_path, far_on=None)))
    assert json.loads(proc.stdout) == {"codes": ["HD01", "HD02", "HD03"]}
