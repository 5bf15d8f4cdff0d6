"""Aggregates by default: the issue lists hold no member-level value unless asked for
(`--personal-data`, the workbook's `PersonalData` cell), and the tool says which it is.

Issues of an organisation, a file or a folder keep their values (a code, a date of the
organisation): they are nobody's personal data. Real files throughout: the ward of
`tests.helpers_excel` (CB02's first member has an official date 30 days after admission, an
error quoting both dates; CB03 does not submit).
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, REGISTRY, Replay, book_json, caller_book, saved_workbook, write_ward
from toolkit import excel
from toolkit.cli import main
from toolkit.core.errors import SettingError
from toolkit.core.rules import HIDDEN
from toolkit.excel import book as xlbook
from toolkit.excel.build import DEFAULT_TARGET
from toolkit.excel.settings_file import read_workbook_settings
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.sheets import SHEET_ISSUES
from toolkit.outputs.sheets.issues import ISSUE_COLUMNS
from toolkit.outputs.status import (
    FEEDBACK_PERSONAL_DATA_KEPT,
    KEPT_IN_BOOK,
    PERSONAL_DATA_HIDDEN,
    PERSONAL_DATA_KEPT,
    button_kept_line,
)

OFFICIAL = "01/07/2001"  # CB02's first member's official date, quoted by the error
ADMISSION = "01/06/2001"


def _consolidate(tmp_path: Path, *extra: str) -> dict:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    reg = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    out = tmp_path / "kq"
    out.mkdir()
    args = [
        "consolidate",
        str(folder),
        "--cutoff",
        CUTOFF.isoformat(),
        "--registry",
        str(reg),
        "--no-history",
    ]
    run = CliRunner().invoke(
        main, [*args, "-o", str(out / "th.xlsx"), "--json", str(out / "th.json"), *extra]
    )
    assert run.exit_code == 1, run.output  # CB02 is excluded
    doc = json.loads((out / "th.json").read_text(encoding="utf-8"))
    ws = openpyxl.load_workbook(out / "th.xlsx")[SHEET_ISSUES]
    header = [h for h, _ in ISSUE_COLUMNS]
    rows = [dict(zip(header, r, strict=False)) for r in ws.iter_rows(min_row=5, values_only=True)]
    return {"console": run.output, "json": doc, "subtitle": ws["A2"].value, "rows": rows}


def _by_code(issues: list[dict], code: str, key: str = "code") -> dict:
    (found,) = [i for i in issues if i[key] == code]
    return found


@pytest.fixture(scope="module")
def default_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return _consolidate(tmp_path_factory.mktemp("mac_dinh"))


def test_by_default_a_members_values_are_in_no_output(default_run: dict) -> None:
    issue = _by_code(default_run["json"]["issues"], "member.official_too_early")
    assert issue["value"] is None and HIDDEN in issue["message"]
    everything = json.dumps(default_run["json"], ensure_ascii=False) + default_run["console"]
    assert OFFICIAL not in everything and ADMISSION not in everything
    row = _by_code(default_run["rows"], "member.official_too_early", key="Mã lỗi")
    assert row["Giá trị"] is None and OFFICIAL not in row["Nội dung"]
    # The tool says so, on the console and above the list.
    assert PERSONAL_DATA_HIDDEN in default_run["console"]
    assert default_run["subtitle"].endswith(PERSONAL_DATA_HIDDEN)


def test_by_default_an_organisations_values_are_kept(default_run: dict) -> None:
    missing = _by_code(default_run["json"]["issues"], "org.missing")
    assert missing["value"] == "CB03" and "CB03" in missing["message"]
    assert _by_code(default_run["rows"], "org.missing", key="Mã lỗi")["Giá trị"] == "CB03"


@pytest.mark.parametrize("flag", ["--personal-data"])
def test_asked_for_the_values_are_listed_and_the_tool_says_so(tmp_path: Path, flag: str) -> None:
    kept = _consolidate(tmp_path, flag)
    issue = _by_code(kept["json"]["issues"], "member.official_too_early")
    assert issue["value"] == OFFICIAL and ADMISSION in issue["message"]
    assert _by_code(kept["rows"], "member.official_too_early", key="Mã lỗi")["Giá trị"] == OFFICIAL
    assert PERSONAL_DATA_KEPT in kept["console"] and PERSONAL_DATA_HIDDEN not in kept["console"]
    assert kept["subtitle"].endswith(PERSONAL_DATA_KEPT)


def test_no_personal_data_is_the_default_said_explicitly(tmp_path: Path, default_run: dict) -> None:
    explicit = _consolidate(tmp_path, "--no-personal-data")
    strip = {"run_id", "generated_at"}

    def same_parts(doc: dict) -> dict:
        # The two wards are written apart: their files' fingerprints differ, nothing else.
        sources = [{k: v for k, v in s.items() if k != "sha256"} for s in doc["sources"]]
        return {**{k: v for k, v in doc.items() if k not in strip}, "sources": sources}

    assert same_parts(explicit["json"]) == same_parts(default_run["json"])


def test_validate_hides_the_values_on_screen_and_in_json_unless_asked(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    target = tmp_path / "kt.json"
    hidden = CliRunner().invoke(main, ["validate", str(folder), "--json", str(target)])
    assert hidden.exit_code == 1
    assert OFFICIAL not in hidden.output and PERSONAL_DATA_HIDDEN in hidden.output
    assert OFFICIAL not in target.read_text(encoding="utf-8")
    shown = CliRunner().invoke(main, ["validate", str(folder), "--personal-data", "--json", str(target)])
    assert OFFICIAL in shown.output and PERSONAL_DATA_KEPT in shown.output
    assert (
        _by_code(json.loads(target.read_text(encoding="utf-8"))["issues"], "member.official_too_early")[
            "value"
        ]
        == OFFICIAL
    )


@pytest.mark.parametrize(
    ("cell", "extra", "expected"),
    [
        (None, [], False),  # a workbook saved before the setting existed reads as empty
        ("Không", [], False),
        ("Có", [], True),
        ("Có", ["--no-personal-data"], False),  # the command line wins
        ("Không", ["--personal-data"], True),
    ],
)
def test_consolidate_with_settings_follows_the_workbooks_choice(
    tmp_path: Path, cell: str | None, extra: list[str], expected: bool
) -> None:
    write_ward(tmp_path / "bai_nop")
    values = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "OutputFile": "kq.xlsx"}
    if cell is not None:
        values["PersonalData"] = cell
    book = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", values, REGISTRY)
    if cell is None:
        wb = openpyxl.load_workbook(book, keep_vba=True)
        ((sheet, ref),) = wb.defined_names["PersonalData"].destinations
        wb[sheet][ref.replace("$", "")].value = None
        wb.save(book)
    summary = tmp_path / "t.json"
    args = ["consolidate", "--settings", str(book), "--no-history", "--json", str(summary), *extra]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    issue = _by_code(json.loads(summary.read_text(encoding="utf-8"))["issues"], "member.official_too_early")
    assert (issue["value"] == OFFICIAL) is expected


def _button(entry, settings: dict) -> Replay:  # type: ignore[no-untyped-def]
    data = book_json(DEFAULT_TARGET, settings, registry=REGISTRY)
    book = caller_book(data)
    entry()
    return Replay(data, book.json()["actions"])


@pytest.fixture
def _remote_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")  # xlwings' documented free key
    monkeypatch.chdir(tmp_path)


@pytest.mark.usefixtures("_remote_engine")
@pytest.mark.parametrize(("choice", "shown"), [("Không", False), ("Có", True)])
def test_the_check_button_follows_the_setting(tmp_path: Path, choice: str, shown: bool) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    book = _button(excel.validate, {"InputFolder": str(folder), "CutoffDate": CUTOFF, "PersonalData": choice})
    rows = book.rows(SHEET_ISSUES)
    texts = json.dumps(rows, ensure_ascii=False, default=str)
    assert (OFFICIAL in texts) is shown
    said = PERSONAL_DATA_KEPT if shown else PERSONAL_DATA_HIDDEN
    assert rows[1][0].endswith(said)
    # The status cell says the book's list and the feedback files hold them, in one line (fix366).
    in_status = button_kept_line(feedback=True) if shown else PERSONAL_DATA_HIDDEN
    assert in_status in book.status() and PERSONAL_DATA_KEPT not in book.status()
    # The file's feedback for its secretary, beside the book, follows the setting too.
    (feedback,) = (tmp_path / "phan_hoi").glob("*_kiem_tra.xlsx")
    cells = [c for r in openpyxl.load_workbook(feedback).active.iter_rows(values_only=True) for c in r if c]
    assert (OFFICIAL in json.dumps(cells, ensure_ascii=False, default=str)) is shown
    # Made to be sent to its chi bộ, it says so, and the status cell too: not "office only".
    to_its_chi_bo = FEEDBACK_PERSONAL_DATA_KEPT.format(
        file=feedback.name.removesuffix("_kiem_tra.xlsx") + ".xlsx"
    )
    assert (cells[-1] == to_its_chi_bo) is shown and PERSONAL_DATA_KEPT not in cells
    assert "danh sách lỗi và trong" not in book.status()  # the console's line: said in `button_kept_line`


@pytest.mark.usefixtures("_remote_engine")
@pytest.mark.parametrize(("choice", "shown"), [("Không", False), ("Có", True)])
def test_the_consolidate_button_follows_the_setting(tmp_path: Path, choice: str, shown: bool) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    out = tmp_path / "kq.xlsx"
    settings = {
        "InputFolder": str(folder),
        "CutoffDate": CUTOFF,
        "OutputFile": str(out),
        "PersonalData": choice,
    }
    book = _button(excel.consolidate, settings)
    written = openpyxl.load_workbook(out)[SHEET_ISSUES]
    values = [c for row in written.iter_rows(values_only=True) for c in row if c is not None]
    assert (OFFICIAL in values) is shown
    assert (OFFICIAL in json.dumps(book.rows(SHEET_ISSUES), ensure_ascii=False, default=str)) is shown


def test_the_built_workbook_offers_the_choice_with_no_as_its_value() -> None:
    wb = openpyxl.load_workbook(DEFAULT_TARGET, keep_vba=True)
    ((sheet, ref),) = wb.defined_names["PersonalData"].destinations
    ws = wb[sheet]
    assert ws[ref.replace("$", "")].value == xlbook.NO
    (rule,) = [v for v in ws.data_validations.dataValidation if ref.replace("$", "") in str(v.sqref)]
    assert rule.type == "list" and rule.formula1 == f'"{xlbook.NO},{xlbook.YES}"'


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Có", True),
        ("có", True),
        ("CO", True),
        (" Có ", True),
        ("Không", False),
        ("khong", False),
        ("", False),
    ],
)
def test_the_setting_accepts_what_a_clerk_types(tmp_path: Path, typed: str, expected: bool) -> None:
    book = saved_workbook(tmp_path / "th.xlsm", {"PersonalData": typed})
    assert read_workbook_settings(book).settings.personal_data is expected


def test_a_setting_that_is_neither_yes_nor_no_is_named(tmp_path: Path) -> None:
    book = saved_workbook(tmp_path / "th.xlsm", {"PersonalData": "có lẽ"})
    with pytest.raises(SettingError, match="Ghi dữ liệu cá nhân vào danh sách lỗi.*“Có” hoặc “Không”"):
        read_workbook_settings(book).settings  # noqa: B018 - parsing happens on access


def test_the_sheets_of_one_row_per_person_are_the_templates() -> None:
    from toolkit.core import layout
    from toolkit.core.rules import PERSONAL_SHEETS

    assert set(PERSONAL_SHEETS) == {layout.SHEET_MEMBERS, layout.SHEET_EVENTS}
    assert HIDDEN in PERSONAL_DATA_HIDDEN  # the console names the mark the messages show


@pytest.mark.usefixtures("_remote_engine")
@pytest.mark.parametrize("entry", [excel.consolidate, excel.validate])
@pytest.mark.parametrize(("choice", "shown"), [("Không", False), ("Có", True)])
def test_a_button_that_lists_the_values_in_the_book_says_the_book_holds_them(
    tmp_path: Path, entry, choice: str, shown: bool
) -> None:  # type: ignore[no-untyped-def]
    """With “Có”, “Tổng hợp” and “Kiểm tra” write the list with the members' values into the
    `Kiểm tra` sheet of the .xlsm itself, the book that travels with the registry and the
    settings: the status cell says so, and how to clear it (hunt358); with “Không”, nothing."""
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    settings = {
        "InputFolder": str(folder),
        "CutoffDate": CUTOFF,
        "OutputFile": str(tmp_path / "kq.xlsx"),
        "PersonalData": choice,
    }
    book = _button(entry, settings)
    assert (OFFICIAL in json.dumps(book.rows(SHEET_ISSUES), ensure_ascii=False, default=str)) is shown
    assert (f"nay có trong {KEPT_IN_BOOK}" in book.status()) is shown
    assert ("Muốn xóa, chọn “Không”" in book.status()) is shown
    # What the advice says the press with “Không” clears besides the book: the result workbook
    # after “Tổng hợp”, the feedback files after “Kiểm tra” (written again masked, or removed).
    result, feedback = tmp_path / "kq.xlsx", sorted((tmp_path / "phan_hoi").glob("*.xlsx"))
    if entry is excel.consolidate:
        assert ("ở tệp này và ở tệp kết quả" in book.status()) is shown
        assert _holds(result, OFFICIAL) is shown
    else:
        assert ("tệp phản hồi đang có dữ liệu cá nhân được ghi lại" in book.status()) is shown
        assert feedback and any(_holds(path, OFFICIAL) for path in feedback) is shown
    # Pressed again with “Không”, the list in the book is replaced by the masked one, as it says,
    # and no result or feedback file of this ward holds the value any more.
    again = _button(entry, {**settings, "PersonalData": "Không"})
    assert OFFICIAL not in json.dumps(again.rows(SHEET_ISSUES), ensure_ascii=False, default=str)
    assert not _holds(result, OFFICIAL)
    assert not any(_holds(path, OFFICIAL) for path in (tmp_path / "phan_hoi").glob("*.xlsx"))


def _holds(path: Path, text: str) -> bool:
    """Whether a cell of the workbook at `path` (if there) shows `text`."""
    if not path.exists():
        return False
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return any(
            text in str(value)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            for value in row
            if value
        )
    finally:
        wb.close()
