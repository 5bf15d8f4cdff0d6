"""`ward-stats upgrade`: a 2026.1 file copied into the current template, the input untouched,
every cell to complete listed, warnings (not errors) until they are filled, and the same
figures as the old file for everything the old template knew."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import clean_events, clean_members, run, write, write_old

from toolkit.cli import main
from toolkit.core import layout, vocab
from toolkit.core.errors import OutputError
from toolkit.io.reader import read_submission
from toolkit.outputs.upgrade import upgrade_files

M, E = layout.MEMBERS, layout.EVENTS


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    events = [
        *clean_events(),
        {
            "full_name": "Đinh Văn Khải",
            "birth_date": dt.date(1985, 9, 9),
            "event_type": "transfer_out",
            "event_date": dt.date(2025, 8, 1),
        },
    ]
    rows = clean_members()
    rows[3]["prof_level"] = "elementary"
    (tmp_path / "nop").mkdir()
    return write_old(tmp_path / "nop", members=rows, events=events)


def test_each_value_moves_to_its_column_and_the_input_is_untouched(old_file: Path, tmp_path: Path) -> None:
    before = _sha(old_file)
    run_ = upgrade_files([old_file], tmp_path / "moi", today=dt.date(2026, 4, 20))
    assert _sha(old_file) == before
    (done,) = run_.upgraded
    assert done.target == tmp_path / "moi" / old_file.name
    wb = openpyxl.load_workbook(done.target)
    meta = {r[0].value: r[1].value for r in wb[layout.SHEET_META].iter_rows()}
    assert meta[layout.META_TEMPLATE_VERSION] == layout.TEMPLATE_VERSION
    assert meta[layout.META_UPGRADED_FROM] == layout.VERSION_2026_1
    assert meta[layout.META_UPGRADED_ON] == "2026-04-20"
    ws = wb[layout.SHEET_MEMBERS]
    assert [c.value for c in ws[1]] == M.headers
    assert ws[M.cell("full_name", 2)].value == "Nguyễn Văn An"
    assert ws[M.cell("admission_date", 2)].value == dt.datetime(2005, 3, 2)
    assert ws[M.cell("ethnicity", 2)].value is None and ws[M.cell("religion", 2)].value is None
    # One meaning: the current label; several: the old label kept, to choose again.
    assert ws[M.cell("occupation", 3)].value == vocab.OCCUPATION.label("public_employee")
    assert ws[M.cell("occupation", 2)].value == "Cán bộ, công chức"
    assert ws[M.cell("occupation", 6)].value == vocab.OCCUPATION.label("other")  # Lao động tự do
    assert ws[M.cell("prof_level", 5)].value == vocab.PROF_LEVEL.label("elementary")
    assert ws[M.cell("exempt_reason", 4)].value == vocab.EXEMPT_REASON.label("old_age_ill_health")
    events = wb[layout.SHEET_EVENTS]
    assert events[E.cell("event_type", 4)].value == "Chuyển đi"
    assert events[E.cell("transfer_scope", 4)].value is None
    info = wb[layout.SHEET_INFO]
    assert info[layout.INFO.cell("cutoff_date")].value == dt.datetime(2026, 3, 31)
    assert info[layout.INFO.cell("template_version")].value == layout.TEMPLATE_VERSION


def test_every_cell_to_complete_is_listed_in_the_file(old_file: Path, tmp_path: Path) -> None:
    (done,) = upgrade_files([old_file], tmp_path / "moi").upgraded
    cells = {(i.sheet, i.cell) for i in done.to_complete}
    members = range(2, 7)
    expected = {(layout.SHEET_MEMBERS, M.cell(k, r)) for k in ("ethnicity", "religion") for r in members}
    expected |= {(layout.SHEET_MEMBERS, M.cell("occupation", r)) for r in (2, 5)}  # CBCC; lao động DN
    expected |= {(layout.SHEET_EVENTS, E.cell("transfer_scope", 4))}
    assert cells == expected
    sheet = openpyxl.load_workbook(done.target)[layout.SHEET_TO_COMPLETE]
    listed = {(r[0].value, r[1].value) for r in sheet.iter_rows(min_row=6) if r[0].value}
    assert listed == expected
    # The third column names a column of a table, or an item (a row) of `Thông tin`.
    (header,) = [r for r in sheet.iter_rows(max_row=5, values_only=True) if r[0] == "Sheet"]
    assert header == ("Sheet", "Ô", "Cột / mục", "Họ và tên", "Cần làm")
    occupation = next(i for i in done.to_complete if i.cell == M.cell("occupation", 2))
    assert "“Cán bộ, công chức” của mẫu cũ" in occupation.action and "xã, phường" in occupation.action
    assert openpyxl.load_workbook(done.target).active.title == layout.SHEET_TO_COMPLETE


def test_an_upgraded_file_warns_until_it_is_completed(old_file: Path, tmp_path: Path) -> None:
    (done,) = upgrade_files([old_file], tmp_path / "moi").upgraded
    result = run(done.target)
    assert not [i for i in result.issues if i.is_error], [i.message for i in result.issues if i.is_error]
    todo = [i for i in result.issues if i.code.endswith("to_complete_after_upgrade")]
    assert {i.severity for i in todo} == {"warning"}
    assert {(i.code, i.cell) for i in todo} >= {
        ("member.to_complete_after_upgrade", M.cell("ethnicity", 2)),
        ("member.to_complete_after_upgrade", M.cell("occupation", 2)),
        ("event.to_complete_after_upgrade", E.cell("transfer_scope", 4)),
    }
    assert "Tệp được nâng cấp từ biểu mẫu 2026.1: ô này cần chọn dân tộc" in todo[0].message
    # Its new yes/no columns are all empty: once, at the file (hunt44 D #1).
    assert [i.sheet for i in result.issues if i.code == "file.upgrade_not_completed"] == [
        layout.SHEET_MEMBERS
    ]
    sub = read_submission(done.target)
    assert sub.upgraded_from == layout.VERSION_2026_1
    assert sub.members["occupation"].tolist()[:2] == [None, "public_employee"]
    assert sub.members["occupation_2026_1"].tolist()[:2] == ["civil_servant", None]

    wb = openpyxl.load_workbook(done.target)
    ws = wb[layout.SHEET_MEMBERS]
    for r in range(2, 7):
        ws[M.cell("ethnicity", r)] = "Kinh"
        ws[M.cell("religion", r)] = "Không"
    ws[M.cell("occupation", 2)] = vocab.OCCUPATION.label("commune_official")
    ws[M.cell("occupation", 5)] = vocab.OCCUPATION.label("production_worker")
    ws[M.cell("youth_union", 2)] = vocab.YES_NO.label("no")  # the new columns answered
    wb[layout.SHEET_EVENTS][E.cell("transfer_scope", 4)] = vocab.TRANSFER_SCOPE.label("other_province")
    wb.save(done.target)
    assert run(done.target).issues == []


def test_many_cells_of_one_column_are_one_warning_listing_them(tmp_path: Path) -> None:
    rows = [
        {**clean_members()[0], "full_name": f"Người {n}", "card_no": f"0{n}", "row_no": n}
        for n in range(1, 9)
    ]
    old = write_old(tmp_path, members=rows, events=[], years=[])
    (done,) = upgrade_files([old], tmp_path / "moi").upgraded
    todo = [i for i in run(done.target).issues if i.code == "member.to_complete_after_upgrade"]
    ethnicity = [i for i in todo if i.column == "Dân tộc"]
    assert [(i.cell, i.severity) for i in ethnicity] == [("E1", "warning")]
    assert "8 ô (E2–E9) cần chọn dân tộc" in ethnicity[0].message


def test_a_value_the_old_file_got_wrong_is_copied_as_typed_and_reported_again(tmp_path: Path) -> None:
    rows = clean_members()
    rows[0]["birth_date"] = "31/02/1975"
    old = write_old(tmp_path, members=rows)
    (done,) = upgrade_files([old], tmp_path / "moi").upgraded
    ws = openpyxl.load_workbook(done.target)[layout.SHEET_MEMBERS]
    assert ws[M.cell("birth_date", 2)].value == "31/02/1975"
    assert ("member.bad_date", M.cell("birth_date", 2)) in {(i.code, i.cell) for i in run(done.target).issues}


def test_files_of_the_current_template_or_not_ours_are_not_upgraded(tmp_path: Path) -> None:
    current = write(tmp_path / "a", "a.xlsx") if (tmp_path / "a").mkdir() is None else None
    assert current is not None
    stranger = tmp_path / "a" / "b.xlsx"
    openpyxl.Workbook().save(stranger)
    result = upgrade_files([current, stranger], tmp_path / "moi")
    assert result.upgraded == [] and result.current == [current]
    assert [p for p, _ in result.skipped] == [stranger]
    assert not (tmp_path / "moi" / "a.xlsx").exists()


def test_the_output_folder_may_not_be_the_inputs(old_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _sha(old_file)
    with pytest.raises(SystemExit) as exit_:
        main(["upgrade", str(old_file), "--out", str(old_file.parent)], standalone_mode=False)
    assert exit_.value.code == 2
    assert "không ghi đè tệp gốc" in capsys.readouterr().err
    assert _sha(old_file) == before


def test_an_upgraded_file_already_in_the_output_folder_is_never_overwritten(
    old_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "moi"
    first = upgrade_files([old_file], out)
    assert len(first.upgraded) == 1
    target = out / old_file.name
    wb = openpyxl.load_workbook(target)
    wb[layout.SHEET_MEMBERS]["E2"] = "Kinh"  # the secretary completes it
    wb.save(target)
    completed = _sha(target)
    again = upgrade_files([old_file], out)
    assert again.upgraded == [] and [p for p, _ in again.skipped] == [old_file]
    assert "không ghi đè" in again.skipped[0][1]
    assert _sha(target) == completed


def test_the_command_lists_the_cells_on_screen(
    old_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["upgrade", str(old_file.parent), "--out", str(tmp_path / "moi")], standalone_mode=False)
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert f"Đã nâng cấp {old_file.name}" in out
    assert "Sheet “Đảng viên”, cột “Dân tộc”: E2–E6 (5 ô) — Chọn dân tộc." in out
    assert "Sheet “Biến động”, cột “Phạm vi chuyển”: G4 (1 ô)" in out
    assert "Đã nâng cấp 1/1 tệp" in out


def test_old_files_in_a_sub_folder_are_said_not_to_be_upgraded(old_file: Path, tmp_path: Path) -> None:
    """The folder's top level only, as validate and consolidate read it: a sub-folder holding
    spreadsheets is named, with their count, not passed over in silence."""
    from click.testing import CliRunner

    nested = old_file.parent / "Khối doanh nghiệp"
    nested.mkdir()
    (nested / old_file.name).write_bytes(old_file.read_bytes())
    result = CliRunner().invoke(main, ["upgrade", str(old_file.parent), "--out", str(tmp_path / "moi")])
    assert result.exit_code == 0, result.output
    assert "Thư mục con “Khối doanh nghiệp” có 1 tệp bảng tính không được đọc" in result.output
    assert "Đã nâng cấp 1/1 tệp" in result.output


def test_a_folder_whose_only_files_are_in_a_sub_folder_is_an_error_naming_both(
    old_file: Path, tmp_path: Path
) -> None:
    """No file at the top: the error of validate and consolidate (the folder named), then the
    sub-folder that holds them; nothing is written."""
    from click.testing import CliRunner

    folder = tmp_path / "bai_nop"
    (folder / "quy1").mkdir(parents=True)
    (folder / "quy1" / old_file.name).write_bytes(old_file.read_bytes())
    result = CliRunner().invoke(main, ["upgrade", str(folder), "--out", str(tmp_path / "moi")])
    assert result.exit_code == 2, result.output
    assert f"Lỗi: Không tìm thấy tệp bảng tính (.xlsx) nào của chi bộ trong “{folder}”." in result.output
    assert "Lưu ý: Thư mục con “quy1” có 1 tệp bảng tính không được đọc" in result.output
    assert not (tmp_path / "moi").exists()


def test_a_folder_of_only_our_own_files_says_its_sub_folder_once(old_file: Path, tmp_path: Path) -> None:
    """A folder whose only spreadsheet at the top is ward-stats' own (the blank template) and
    whose old files sit in a sub-folder: the error names the folder, then the sub-folder, once,
    as `validate` says it (hunt304 #1: the CLI said the sub-folder before the run, then the
    error said it again)."""
    import shutil

    from click.testing import CliRunner

    # The blank template as delivered.
    blank = Path(__file__).resolve().parent.parent / "xlsx_templates" / layout.TEMPLATE_FILENAME
    folder = tmp_path / "bai_nop"
    (folder / "quy1").mkdir(parents=True)
    shutil.copy(blank, folder / layout.TEMPLATE_FILENAME)
    (folder / "quy1" / old_file.name).write_bytes(old_file.read_bytes())
    note = "Lưu ý: Thư mục con “quy1” có 1 tệp bảng tính không được đọc"
    said = {}
    for command in (["upgrade", str(folder), "--out", str(tmp_path / "moi")], ["validate", str(folder)]):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 2, result.output
        assert "đều là tệp của chính công cụ" in result.output
        said[command[0]] = result.output.count(note)
    assert said == {"upgrade": 1, "validate": 1}
    assert not (tmp_path / "moi").exists()


def test_a_run_that_fails_still_says_its_sub_folder(old_file: Path, tmp_path: Path) -> None:
    """A run that stops for another reason (here the output folder is the input folder, which
    holds a file to upgrade) still says the sub-folder of spreadsheets it did not read, once:
    the note was said only after a run that got to its end, so the clerk learnt of it only
    from the next run (fix311)."""
    from click.testing import CliRunner

    nested = old_file.parent / "Khối doanh nghiệp"
    nested.mkdir()
    (nested / old_file.name).write_bytes(old_file.read_bytes())
    result = CliRunner().invoke(main, ["upgrade", str(old_file.parent), "--out", str(old_file.parent)])
    assert result.exit_code == 2, result.output
    assert "hãy chọn một thư mục khác" in result.output
    note = "Lưu ý: Thư mục con “Khối doanh nghiệp” có 1 tệp bảng tính không được đọc"
    assert result.output.count(note) == 1, result.output
    assert sorted(p.name for p in old_file.parent.iterdir()) == sorted([old_file.name, nested.name])


def test_a_folder_of_mostly_current_files_counts_them_in_one_line(old_file: Path, tmp_path: Path) -> None:
    """A whole submissions folder (as `--settings` gives): the files already of the current
    template are counted, not named one by one; the old one is upgraded."""
    from click.testing import CliRunner

    for i in range(4):
        write(old_file.parent, f"moi_{i}.xlsx")
    result = CliRunner().invoke(main, ["upgrade", str(old_file.parent), "--out", str(tmp_path / "moi")])
    assert result.exit_code == 0, result.output
    assert "4 tệp đã dùng biểu mẫu mới, không cần nâng cấp." in result.output
    assert "moi_0.xlsx" not in result.output
    # Out of the files to upgrade: the current ones are counted in their own line above.
    assert "Đã nâng cấp 1/1 tệp" in result.output and "Cần bổ sung" in result.output


def test_a_file_where_the_output_folder_should_be_stops_the_run_once(
    old_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The folder is made when the first file is written into it; a file of its name cannot
    be, and the run stops with one message instead of reporting each file as not upgraded."""
    blocked = tmp_path / "moi"
    blocked.write_text("")
    with pytest.raises(OutputError, match="là một tệp, không phải thư mục"):
        upgrade_files([old_file], blocked)
    assert blocked.read_text() == ""
    current = write(tmp_path / "hien_tai", "a.xlsx") if (tmp_path / "hien_tai").mkdir() is None else None
    assert current is not None
    nothing = upgrade_files([current], tmp_path / "chua_co")
    assert nothing.current == [current] and not (tmp_path / "chua_co").exists()


def test_same_named_files_of_two_folders_are_told_apart(old_file: Path, tmp_path: Path) -> None:
    """`upgrade A B --out OUT` with `x.xlsx` in both: the second cannot go into OUT under the
    same name, and both lines named only “x.xlsx”: which was upgraded, and which still needs
    doing, was not said."""
    from click.testing import CliRunner

    other = tmp_path / "nop2"
    other.mkdir()
    (other / old_file.name).write_bytes(old_file.read_bytes())
    out = tmp_path / "moi"
    result = CliRunner().invoke(main, ["upgrade", str(old_file.parent), str(other), "--out", str(out)])
    assert result.exit_code == 1, result.output
    name = old_file.name
    assert f"Đã nâng cấp nop/{name} → {out / name}" in result.output
    assert (
        f"Không nâng cấp được nop2/{name}: tệp mới sẽ có tên “{name}”, trùng với tệp đã nâng cấp "
        f"từ “nop/{name}” vào cùng thư mục {out}; hãy nâng cấp riêng tệp này vào một thư mục khác"
    ) in result.output


def test_a_control_character_pasted_into_a_cell_is_upgraded_and_read_back_as_it_was(tmp_path: Path) -> None:
    """A BEL (`\\x07`, which Excel stores as `_x0007_`: text pasted from another program) in a
    member's name, a note, a decision number and a Thông tin value, and a note whose text only
    looks like such an escape. openpyxl refuses a control character in a cell
    (`IllegalCharacterError`): the upgrade failed with "lỗi không mong đợi". Now each is written
    as Excel stores it, and the upgraded file reads back as the old one, warning included."""
    from click.testing import CliRunner
    from helpers_validate import rewrite_zip
    from python_calamine import CalamineWorkbook

    old_layout = layout.LAYOUT_2026_1
    (tmp_path / "nop").mkdir()
    old = write_old(tmp_path / "nop", events=clean_events())
    wb = openpyxl.load_workbook(old)
    wb[layout.SHEET_MEMBERS][old_layout.members.cell("full_name", 3)] = "Trần Thị HườngBELMARK"
    wb[layout.SHEET_MEMBERS][old_layout.members.cell("note", 2)] = "chờBELMARK hồ sơ LITMARK"
    wb[layout.SHEET_EVENTS][old_layout.events.cell("decision_no", 2)] = "125BELMARK-QĐ/ĐU"
    wb[layout.SHEET_INFO][old_layout.info.cell("secretary")] = "Phạm VănBELMARK Bình"
    wb.save(old)
    # As Excel stores a BEL, and a text that reads as an escape (`_x0041_` typed as it is).
    rewrite_zip(
        old,
        lambda n, b: (
            b.replace(b"BELMARK", b"_x0007_").replace(b"LITMARK", b"_x005F_x0041_")
            if n.endswith(".xml")
            else b
        ),
    )
    before = read_submission(old)
    assert before.members.loc[1, "full_name"] == "Trần Thị Hường\x07"
    assert before.members.loc[0, "note"] == "chờ\x07 hồ sơ _x0041_"
    sha = _sha(old)

    out = tmp_path / "moi"
    result = CliRunner().invoke(main, ["upgrade", str(old.parent), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "không mong đợi" not in result.output
    assert _sha(old) == sha
    new = out / old.name
    after = read_submission(new)
    assert after.members.loc[1, "full_name"] == "Trần Thị Hường\x07"
    assert after.members.loc[0, "note"] == "chờ\x07 hồ sơ _x0041_"
    assert after.events.loc[0, "decision_no"] == "125\x07-QĐ/ĐU"
    assert after.info["secretary"] == "Phạm Văn\x07 Bình"
    for checked in (old, new):  # the old file's warning, again
        odd = [i.cell for i in run(checked).issues if i.code == "member.name_odd"]
        assert odd == [M.cell("full_name", 3)]
    # The list of `Cần bổ sung` names the member as the file holds the name.
    listed = CalamineWorkbook.from_path(str(new)).get_sheet_by_name(layout.SHEET_TO_COMPLETE).to_python()
    assert any(row[3] == "Trần Thị Hường\x07" for row in listed)


def test_a_folder_of_current_files_may_be_both_input_and_output_and_the_button_is_told_what_to_change(
    old_file: Path, tmp_path: Path
) -> None:
    """After the upgrade round the clerk gathers the completed copies in `nang_cap` and points
    “Thư mục bài nộp” at it. Upgrading again (the button, `upgrade --settings`) was refused
    before any file was read: “chứa chính tệp … cần nâng cấp: hãy chọn một thư mục khác”, false
    of a current file, and the folder cannot be chosen there. Now the current files are said
    not to need upgrading; an old file in that folder is refused, naming the cell to change."""
    from click.testing import CliRunner
    from helpers_excel import saved_workbook

    from toolkit.excel.build import WORKBOOK_FILENAME

    nang_cap = tmp_path / "nang_cap"
    (done,) = upgrade_files([old_file], nang_cap).upgraded
    book = saved_workbook(tmp_path / WORKBOOK_FILENAME, {"InputFolder": "nang_cap"})
    before = _sha(done.target)
    for args in (["--settings", str(book)], [str(nang_cap), "--out", str(nang_cap)]):
        result = CliRunner().invoke(main, ["upgrade", *args])
        assert result.exit_code == 0, result.output
        assert f"Không cần nâng cấp {done.target.name}: tệp đã dùng biểu mẫu mới." in result.output
        assert "chọn một thư mục khác" not in result.output
    assert _sha(done.target) == before and sorted(p.name for p in nang_cap.iterdir()) == [done.target.name]

    # An old file among them: refused, by the folder the command chose or by the cell to change.
    stale = nang_cap / "cu.xlsx"
    stale.write_bytes(old_file.read_bytes())
    result = CliRunner().invoke(main, ["upgrade", "--settings", str(book)])
    assert result.exit_code == 2, result.output
    assert "chọn một thư mục khác" not in result.output
    assert (
        f"Tệp “cu.xlsx” cần nâng cấp nằm ngay trong thư mục “{nang_cap}”, nơi các tệp nâng cấp được ghi"
    ) in result.output
    assert "ghi thư mục đó vào ô “Thư mục bài nộp” (sheet “Điều khiển”)" in result.output
    result = CliRunner().invoke(main, ["upgrade", str(nang_cap), "--out", str(nang_cap)])
    assert result.exit_code == 2, result.output
    assert f"Thư mục ghi “{nang_cap}” chứa chính tệp “cu.xlsx” cần nâng cấp: hãy chọn một thư mục khác" in (
        result.output
    )
    assert _sha(stale) == _sha(old_file) and _sha(done.target) == before


def test_every_printed_sheet_of_an_upgraded_copy_names_its_organisation_and_page(
    old_file: Path, tmp_path: Path
) -> None:
    """As every sheet of a file made for an organisation (hunt54 #3), `Cần bổ sung` included."""
    (done,) = upgrade_files([old_file], tmp_path / "moi").upgraded
    wb = openpyxl.load_workbook(done.target)
    info = wb[layout.SHEET_INFO]
    code, name = (info.cell(row=layout.INFO.row_of(k), column=2).value for k in ("org_code", "org_name"))
    for sheet in (layout.SHEET_TO_COMPLETE, *layout.SHEET_ORDER[:5]):
        footer = wb[sheet].oddFooter
        assert (footer.left.text, footer.right.text) == (f"{code} - {name} - {sheet}", "Trang &P"), sheet
        assert wb[sheet].page_setup.useFirstPageNumber, sheet  # each sheet numbers its pages from 1
