"""A template sheet the file names in its own case, spacing or Unicode form is named so by every
issue, and the checks recognise the cells the reader already reported there.

The reader finds `Đảng viên`, `Thông tin`… whatever their case, spaces or Unicode form
(`toolkit.io.sheets.find_sheet`): a clerk's "Đảng Viên " or "Thông Tin" is read as the
template's sheet, and the reader's issues name it as the file does. The checks named it by the
template's name. Their issues then pointed (`Sheet` column, `Kiểm tra` link, work-list link) at a
sheet the file does not have, and the reader's errors, keyed by the file's name, were not
recognised: a date the reader could not read got a second, false "Chưa ghi" error at the same
cell, and a row inserted among the `Thông tin` labels five "Chưa ghi" errors at filled cells.

Real files throughout: submissions through the real template, renamed and changed with openpyxl
as a clerk changes them, run through validation and the CLI.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from helpers_validate import CUTOFF, clean_info, clean_members, codes, run, write

from tests.helpers_excel import REGISTRY
from toolkit.cli import main
from toolkit.core import layout
from toolkit.outputs.registry_file import write_registry

M, E, Y, INFO = layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_YEARS, layout.SHEET_INFO
BIRTH = layout.MEMBERS.letter("birth_date")
GENDER = layout.MEMBERS.letter("gender")


def renamed(path: Path, names: dict[str, str], cells: dict[str, dict[str, object]] | None = None) -> Path:
    """The file with its sheets renamed (template name → the file's) and cells typed over (by
    the file's sheet name), as a clerk does it in Excel."""
    wb = openpyxl.load_workbook(path)
    for template, name in names.items():
        ws = wb[template]
        ws.title = "tam"  # through another name: openpyxl numbers a name differing only in case
        ws.title = name
    for sheet, values in (cells or {}).items():
        for ref, value in values.items():
            wb[sheet][ref] = value
    wb.save(path)
    return path


def sheets_of(path: Path) -> list[str]:
    return openpyxl.load_workbook(path, read_only=True).sheetnames


def test_a_date_the_reader_could_not_read_on_a_renamed_members_sheet_is_not_also_missing(
    tmp_path: Path,
) -> None:
    members = "Đảng Viên "  # a capital V and a trailing space
    path = renamed(
        write(tmp_path),
        {M: members},
        {members: {f"{BIRTH}3": "31/02/1980", f"{GENDER}4": "Nux"}},
    )
    issues = run(path, cutoff=CUTOFF).issues
    at_birth = [i.code for i in issues if i.cell == f"{BIRTH}3"]
    assert at_birth == ["member.bad_date"], codes(issues)  # no "Chưa ghi" at a filled cell
    gender = next(i for i in issues if i.code == "member.not_allowed")
    assert (gender.sheet, gender.cell) == (members, f"{GENDER}4")
    names = sheets_of(path)
    assert all(i.sheet in names for i in issues if i.sheet), [(i.code, i.sheet) for i in issues]


def test_a_row_inserted_into_a_renamed_info_sheet_is_one_error_and_no_missing_values(tmp_path: Path) -> None:
    info = "Thông Tin"
    path = renamed(write(tmp_path), {INFO: info})
    wb = openpyxl.load_workbook(path)
    ws = wb[info]
    ws.insert_rows(4)
    ws["A4"], ws["B4"] = "Ghi chú", "abc"
    wb.save(path)
    issues = run(path, cutoff=CUTOFF).issues
    assert [i.code for i in issues if i.is_error] == ["file.header_moved"], codes(issues)
    assert "info.required" not in codes(issues)
    assert {i.sheet for i in issues if i.sheet} == {info}


def test_a_bad_date_on_an_nfd_info_sheet_is_said_once_and_named_as_the_file_names_it(tmp_path: Path) -> None:
    info = unicodedata.normalize("NFD", INFO)
    cell = layout.INFO.cell("cutoff_date")
    path = renamed(write(tmp_path), {INFO: info}, {info: {cell: "31/02/2026"}})
    issues = run(path, cutoff=CUTOFF).issues
    assert [i.code for i in issues if i.cell == cell] == ["info.bad_date"], codes(issues)
    # A check's issue of that sheet names it as the file does, in its Sheet and its message.
    (tmp_path / "other").mkdir()
    path = renamed(write(tmp_path / "other"), {INFO: info}, {info: {layout.INFO.cell("org_name"): None}})
    issues = run(path, cutoff=CUTOFF).issues
    missing = next(i for i in issues if i.code == "info.required")
    assert missing.sheet == info
    assert f"sheet \u201c{info}\u201d" in missing.message


def test_every_link_of_the_consolidation_and_the_work_lists_opens_a_sheet_of_the_file(tmp_path: Path) -> None:
    """Every sheet renamed, a check's finding on each: each `Kiểm tra` row names, and links
    to, a sheet of its file; so does each work-list row (from a clean file)."""
    names = {INFO: "Thông Tin", M: "Đảng Viên ", E: unicodedata.normalize("NFD", E), Y: "SỐ LIỆU NĂM"}
    inbox = tmp_path / "nop"
    inbox.mkdir()
    org = REGISTRY.organisations
    flawed = renamed(
        write(inbox, "CB01.xlsx", info=clean_info(org_code=org[0].org_code, org_name=org[0].org_name)),
        names,
        {
            names[INFO]: {layout.INFO.cell("org_name"): None},
            names[M]: {f"{GENDER}4": "Nux"},
            names[E]: {f"{layout.EVENTS.letter('event_type')}3": "Chết"},
            names[Y]: {f"{layout.YEARS.letter('rated_excellent')}2": 500},
        },
    )
    (tmp_path / "sach").mkdir()  # the clean file on its own: its members are CB01's too
    clean = renamed(
        write(
            tmp_path / "sach",
            "CB02.xlsx",
            info=clean_info(org_code=org[1].org_code, org_name=org[1].org_name),
            members=[{**m, "working_away": "yes"} if m["row_no"] == 1 else m for m in clean_members()],
        ),
        names,
    )
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    out = tmp_path / "kq"
    out.mkdir()
    common = ["--cutoff", CUTOFF.isoformat(), "--registry", str(registry)]
    runner = CliRunner()
    consolidate = ["consolidate", str(inbox), *common, "--personal-data", "--no-history"]
    result = runner.invoke(main, [*consolidate, "-o", str(out / "th.xlsx")])
    assert result.exit_code == 1, result.output
    result = runner.invoke(main, ["lists", str(clean.parent), *common, "-o", str(out / "ds.xlsx")])
    assert "từ 1/1 tệp không có lỗi" in result.output and "Đi làm ăn xa: 1" in result.output, result.output

    ws = openpyxl.load_workbook(out / "th.xlsx")["Kiểm tra"]
    header = [c.value for c in ws[4]]
    rows = [r for r in ws.iter_rows(min_row=5) if r[header.index("Tệp")].value == flawed.name]
    flagged = {r[header.index("Sheet")].value for r in rows} - {None}
    assert flagged == set(names.values()), flagged  # each sheet named as the file names it
    checked = _linked_sheets(out / "th.xlsx")
    assert checked and all(sheet in sheets_of(flawed) for sheet in checked), checked
    listed = _linked_sheets(out / "ds.xlsx")
    assert listed and all(sheet in sheets_of(clean) for sheet in listed), listed


def _linked_sheets(path: Path) -> list[str]:
    """The sheet of every link into another workbook (`'Đảng viên'!C3`) in a workbook."""
    found = []
    for ws in openpyxl.load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.hyperlink and c.hyperlink.target and c.hyperlink.location:
                    sheet = c.hyperlink.location.rsplit("!", 1)[0]
                    found.append(sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet)
    return found
