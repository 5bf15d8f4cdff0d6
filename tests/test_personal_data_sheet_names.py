"""A sheet of one row per person keeps its members' data hidden whatever its name's spelling.

The reader finds `Đảng viên` and `Biến động` up to case, spaces and Unicode form
(`toolkit.io.sheets.find_sheet`): a clerk's "Đảng Viên" or "Đảng viên " is read as the members'
sheet. Its issues that quote a cell (an automatic correction of a birth date typed as text, of a
name with doubled spaces or a title, a trailer line with a person's name, a member's row typed
over the header) are a member's, and are masked by default in every output — the JSON summary
that goes up to the district, the `Kiểm tra` sheet, the console and the feedback files — as on
a sheet named exactly so. They were not: personal-ness compared the name as typed. The issue
still names the sheet as typed, so that its link opens the real sheet.

Real files throughout: two submissions through the real template, their sheets renamed with
openpyxl as a clerk renames them, and the CLI run on them.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, PERIOD_START, REGISTRY
from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.rules import HIDDEN, is_personal
from toolkit.io.sheets import find_sheet
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.status import PERSONAL_DATA_HIDDEN
from toolkit.outputs.template import write_submission

M, E = layout.SHEET_MEMBERS, layout.SHEET_EVENTS
BIRTH_TEXT = "05/09/1981"  # a member's birth date typed as text (norm.date_text)
EVENT_BIRTH_TEXT = "17/07/1977"  # a change's person's birth date typed as text
HEADER_BIRTH = "12/12/1962"  # typed over the header, with the name below
SECRETS = (
    BIRTH_TEXT,
    EVENT_BIRTH_TEXT,
    HEADER_BIRTH,
    "Spacez",  # a name with doubled spaces (norm.spaces)
    "Titlez",  # a title before a name (norm.name_title)
    "Trailerz",  # the person signing under the list (file.trailer_rows)
    "Headerz",  # a member's row typed over the header (file.header)
)
# The reader's issues the files below give, all on a sheet of one row per person.
PLANTED = {
    "norm.date_text",
    "norm.spaces",
    "norm.name_title",
    "file.trailer_rows",
    "cell.error_value",
    "file.header",
    "file.copied_sheet",
}

# How a clerk spells the two sheets' names: each is still read as the template's sheet.
VARIANTS = {
    "exact": (M, E),
    "case": ("Đảng Viên", "Biến Động"),
    "upper": ("ĐẢNG VIÊN", "BIẾN ĐỘNG"),
    "spaces_around": ("Đảng viên ", " Biến động"),
    "doubled_space": ("Đảng  viên", "Biến  động"),
    "nfd": (unicodedata.normalize("NFD", M), unicodedata.normalize("NFD", E)),
}


def _info(index: int) -> dict:
    org = REGISTRY.organisations[index]
    return {
        "org_code": org.org_code,
        "org_name": org.org_name,
        "org_tier": org.org_tier,
        "sector": org.sector,
        "secretary": org.secretary,
        "cutoff_date": CUTOFF,
        "period_start": PERIOD_START,
    }


def _member(i: int, **over: object) -> dict:
    row = {
        "row_no": i,
        "full_name": f"Nguyễn Văn Thứ{i}",
        "birth_date": dt.date(1960 + i, 3, 10),
        "gender": "male",
        "ethnicity": "01",
        "religion": "none",
        "card_no": f"0{i}123456",
        "admission_date": dt.date(2000 + i, 6, 1),
        "official_date": dt.date(2001 + i, 6, 1),
        "gen_edu": "upper_secondary",
        "prof_level": "university",
        "theory_level": "intermediate",
        "occupation": "retired",
    }
    row.update(over)
    return row


def _rename(path: Path, members: str, events: str, *, copy: bool = False) -> None:
    wb = openpyxl.load_workbook(path)
    if copy:  # the list copied beside itself, as a secretary goes on with it
        wb.copy_worksheet(wb[M]).title = "Đảng viên (2)"
    # Through another name: openpyxl would number a name that differs only in case ("Đảng Viên1").
    for sheet, title in ((M, members), (E, events)):
        ws = wb[sheet]
        ws.title = "tam"
        ws.title = title
    wb.save(path)


def _ward(folder: Path, members: str, events: str) -> None:
    """CB01: a birth date typed as text, a name with doubled spaces, a title before a name, an
    error value, a signature line under the list, a change's birth date typed as text, a copy
    of the list; CB02: a member's row typed over the header. Both files' sheets renamed."""
    folder.mkdir()
    cb01 = write_submission(
        folder / "CB01.xlsx",
        info=_info(0),
        members=[
            _member(1, birth_date=BIRTH_TEXT),
            _member(2, full_name="Phan  Văn  Spacez"),
            _member(3, full_name="Đ/c Lê Văn Titlez"),
            _member(4),
        ],
        events=[
            {
                "row_no": 1,
                "full_name": "Vũ Văn Eventz",
                "birth_date": EVENT_BIRTH_TEXT,
                "event_type": "died",
                "event_date": dt.date(2025, 7, 15),
            }
        ],
        years=[{"year": y, "candidates_trained": 1} for y in (2025, 2026)],
    )
    wb = openpyxl.load_workbook(cb01)
    ws = wb[M]
    ws[f"{layout.MEMBERS.letter('gen_edu')}5"] = "#N/A"
    ws[f"{layout.MEMBERS.letter('full_name')}7"] = "Người lập biểu: Phan Văn Trailerz"
    wb.save(cb01)
    _rename(cb01, members, events, copy=True)
    cb02 = write_submission(
        folder / "CB02.xlsx",
        info=_info(1),
        members=[_member(i) for i in (1, 2)],
        years=[{"year": y, "candidates_trained": 1} for y in (2025, 2026)],
    )
    wb = openpyxl.load_workbook(cb02)
    ws = wb[M]
    ws[f"{layout.MEMBERS.letter('full_name')}1"] = "Nguyễn Văn Headerz"
    ws[f"{layout.MEMBERS.letter('birth_date')}1"] = HEADER_BIRTH
    wb.save(cb02)
    _rename(cb02, members, events)


def _text_of(path: Path) -> str:
    """Every part of a workbook (sheets, shared strings, comments…) or a JSON file, as text."""
    if path.suffix in (".xlsx", ".xlsm"):
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return path.read_text(encoding="utf-8")


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in unicodedata.normalize("NFC", text)]


def _runs(tmp_path: Path, members: str, events: str, *extra: str) -> dict[str, str]:
    """validate (console, JSON, feedback) and consolidate (console, JSON, workbook) of the ward,
    each output's text by name."""
    folder = tmp_path / "nop"
    _ward(folder, members, events)
    reg = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    out = tmp_path / "kq"
    out.mkdir()
    common = ["--cutoff", CUTOFF.isoformat(), "--registry", str(reg), *extra]
    runner = CliRunner()
    validate = runner.invoke(
        main,
        ["validate", str(folder), *common, "--json", str(out / "kt.json")]
        + ["--feedback", str(out / "phan_hoi")],
    )
    assert validate.exit_code == 1, validate.output
    consolidate = runner.invoke(
        main,
        ["consolidate", str(folder), *common, "--no-history"]
        + ["-o", str(out / "th.xlsx"), "--json", str(out / "th.json")],
    )
    assert consolidate.exit_code == 1, consolidate.output
    texts = {"validate console": validate.output, "consolidate console": consolidate.output}
    feedback = sorted((out / "phan_hoi").glob("*.xlsx"))
    assert len(feedback) == 2
    for path in [out / "kt.json", out / "th.json", out / "th.xlsx", *feedback]:
        texts[path.name] = _text_of(path)
    return texts


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_a_renamed_sheets_member_values_are_hidden_by_default(tmp_path: Path, variant: str) -> None:
    members, events = VARIANTS[variant]
    texts = _runs(tmp_path, members, events)
    doc = json.loads(texts["th.json"])
    found = {i["code"] for i in doc["issues"] if i["sheet"] in (members, events, "Đảng viên (2)")}
    assert found >= PLANTED, PLANTED - found
    # Each issue names the sheet as typed (its link opens it), and is masked.
    for issue in doc["issues"]:
        if issue["sheet"] in (members, events) and issue["code"] in PLANTED:
            assert issue["value"] is None, issue
    assert any(HIDDEN in i["message"] for i in doc["issues"] if i["code"] == "norm.date_text")
    leaks = {name: _leaks(text) for name, text in texts.items() if _leaks(text)}
    assert not leaks
    # The tool says the values are hidden: now true.
    assert PERSONAL_DATA_HIDDEN in texts["validate console"]
    assert PERSONAL_DATA_HIDDEN in texts["consolidate console"]


def test_asked_for_a_renamed_sheets_values_are_listed(tmp_path: Path) -> None:
    """The values planted above reach the outputs when member-level data is asked for: the
    test above proves they are hidden, not missing."""
    texts = _runs(tmp_path, *VARIANTS["case"], "--personal-data")
    assert set(_leaks(texts["th.json"])) == set(SECRETS)
    assert {BIRTH_TEXT, "Trailerz", "Headerz"} <= set(_leaks(texts["validate console"]))


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_a_sheet_the_reader_reads_as_a_persons_is_personal(variant: str) -> None:
    """`is_personal` agrees with the reader's own matching of sheet names (`find_sheet`)."""
    for typed, template in zip(VARIANTS[variant], (M, E), strict=True):
        assert find_sheet([layout.SHEET_INFO, typed], template) == typed
        assert is_personal("norm.date_text", typed)
        assert is_personal("file.trailer_rows", typed)
    for other in (layout.SHEET_INFO, layout.SHEET_YEARS, "Đảng viên (2)", None):
        assert not is_personal("norm.date_text", other)


def test_an_issue_built_on_a_renamed_sheet_is_a_members() -> None:
    from toolkit.core.rules import make_issue

    issue = make_issue("norm.date_text", sheet="Đảng Viên", cell="C2", value=BIRTH_TEXT, changes=BIRTH_TEXT)
    assert issue.personal and issue.sheet == "Đảng Viên"
    hidden = issue.without_personal_data()
    assert hidden.value is None and BIRTH_TEXT not in hidden.message
