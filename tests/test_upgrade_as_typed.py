"""`ward-stats upgrade` copies a cell the reader flagged for how it was stored as the old file
holds it, so the upgraded file is warned about (or refused) again: an upgraded file never
loses a value or a warning's cause.

Before, the upgrade wrote the reader's clean value everywhere: text birth dates of a
day/month-swapped column became real dates (the warning could never fire again), card numbers
stored as numbers became text, an error value or a formula without a value was dropped (the
original was refused, the upgraded copy passed), a merged block was unmerged, and a year's
empty counts became typed 0s. An `.xlsm` was written as an `.xlsx` package named `.xlsm`,
which Excel does not open.

The workbooks are the real 2026.1 template (`helpers_validate.write_old`), changed as Excel or
another program leaves them (openpyxl, or the sheet XML itself)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers_validate import clean_members, rewrite_zip, run, sheet_part, write_old

from toolkit.cli import main
from toolkit.core import layout
from toolkit.io.reader import read_submission
from toolkit.outputs.upgrade import (
    FIX_ERROR,
    FIX_FORMULA,
    FIX_FORMULA_NOT_COPIED,
    LEFT_OUT_KINDS,
    MACROS,
    upgrade_files,
)

M, Y, INFO = layout.SHEET_MEMBERS, layout.SHEET_YEARS, layout.SHEET_INFO
OLD, NEW = layout.LAYOUT_2026_1.members, layout.LAYOUT.members
MAIN_XLSX = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MAIN_XLSM = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def _at(issues: list, code: str) -> list[tuple[str | None, str | None]]:
    return sorted((i.sheet, i.cell) for i in issues if i.code == code)


def _upgrade(old: Path, out: Path):  # noqa: ANN202 - `Upgraded`
    (done,) = upgrade_files([old], out).upgraded
    return done


def test_a_day_month_swapped_column_keeps_its_text_dates_and_its_warning(tmp_path: Path) -> None:
    """Eleven birth dates stored as dates (day 12 or less), six as text (day 13 or more): the
    split a month/day computer leaves. The text dates stay text in the new file."""
    stored = [(1975, 3, 5), (1982, 11, 3), (1950, 1, 2), (1990, 2, 4), (1960, 7, 8), (1970, 9, 10)]
    stored += [(1985, 12, 11), (1977, 4, 6), (1966, 5, 9), (1988, 8, 1), (1979, 10, 12)]
    texts = ["15/03/1966", "23/04/1972", "28/09/1968", "17/06/1979", "19/05/1980", "30/08/1974"]
    births: list[object] = [dt.date(*d) for d in stored] + texts
    rows = [
        {**clean_members()[0], "row_no": n + 1, "full_name": f"Người Thứ {n + 1}", "card_no": f"0{n:07d}"}
        for n in range(len(births))
    ]
    for row, birth in zip(rows, births, strict=True):
        row["birth_date"] = birth
    old = write_old(tmp_path, members=rows, events=[])
    before = run(old).issues
    assert _at(before, "cell.day_month_swapped") == [(M, "C2")]

    done = _upgrade(old, tmp_path / "moi")
    ws = openpyxl.load_workbook(done.target)[M]
    assert [ws[f"C{r}"].value for r in range(13, 19)] == texts  # as typed, not made dates
    assert ws["C2"].value == dt.datetime(1975, 3, 5)
    after = run(done.target).issues
    assert _at(after, "cell.day_month_swapped") == [(M, "C2")]
    swapped = next(i for i in after if i.code == "cell.day_month_swapped")
    assert "11 ô ghi dạng ngày (C2–C12)" in swapped.message and "(C13–C18)" in swapped.message
    assert _at(after, "norm.date_text") == _at(before, "norm.date_text")


def test_card_numbers_stored_as_numbers_stay_numbers_and_are_warned_about_again(tmp_path: Path) -> None:
    rows = clean_members()
    rows[0]["card_no"], rows[1]["card_no"] = 1.23456, 1234568  # 01.234560 and 01234568, pasted
    old = write_old(tmp_path, members=rows)
    assert _at(run(old).issues, "member.card_as_number") == [(M, "E2")]

    done = _upgrade(old, tmp_path / "moi")
    card = NEW.letter("card_no")
    ws = openpyxl.load_workbook(done.target)[M]
    assert (ws[f"{card}2"].value, ws[f"{card}3"].value) == (1.23456, 1234568)
    (issue,) = [i for i in run(done.target).issues if i.code == "member.card_as_number"]
    assert issue.cell == f"{card}2" and f"2 ô ({card}2–{card}3)" in issue.message
    assert read_submission(done.target).members["card_no"].tolist()[:2] == ["1.23456", "1234568"]  # as stored


def _with_cells(path: Path, sheet: str, before: str, cells: str) -> Path:
    """The old file with `cells` (sheet XML) put before the cell `before` of `sheet`."""
    part = sheet_part(path, sheet)

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        new, n = re.subn(rf'<c r="{before}" '.encode(), cells.encode() + rf'<c r="{before}" '.encode(), data)
        assert n == 1
        return new

    rewrite_zip(path, change)
    return path


# The members' `Miễn công tác, sinh hoạt từ ngày` (old L, new R) with the reason M filled, and
# `Thông tin`'s cut-off date (B7) as an error too.
REASON = '<c r="M2" t="inlineStr"><is><t>Tuổi cao, sức khỏe yếu</t></is></c>'
EXEMPT = NEW.letter("exempt_from")


@pytest.mark.parametrize(
    ("cell", "code", "written", "action"),
    [
        (
            '<c r="L2" s="14" t="e"><f>VLOOKUP(B2,HoSo!A:C,3,0)</f><v>#N/A</v></c>',
            "cell.error_value",
            "#N/A",
            FIX_ERROR,
        ),
        (
            '<c r="L2" s="14"><f>DATE(2020,1,1)</f></c>',
            "cell.formula_no_value",
            "=DATE(2020,1,1)",
            FIX_FORMULA,
        ),
    ],
    ids=["error_value", "formula_no_value"],
)
def test_an_error_value_or_a_formula_without_a_value_is_copied_and_refused_again(
    tmp_path: Path, cell: str, code: str, written: str, action: str
) -> None:
    old = _with_cells(write_old(tmp_path), M, "N2", cell + REASON)
    before = run(old).issues
    assert _at(before, code) == [(M, "L2")] and [i for i in before if i.is_error]

    done = _upgrade(old, tmp_path / "moi")
    ws = openpyxl.load_workbook(done.target)[M]
    assert ws[f"{EXEMPT}2"].value == written
    after = run(done.target).issues
    assert _at(after, code) == [(M, f"{EXEMPT}2")]
    assert [i.code for i in after if i.is_error] == [code]  # the file is refused again, as before
    assert (M, f"{EXEMPT}2", action) in {(t.sheet, t.cell, t.action) for t in done.to_complete}
    listed = openpyxl.load_workbook(done.target)[layout.SHEET_TO_COMPLETE]
    assert (M, f"{EXEMPT}2") in {(r[0].value, r[1].value) for r in listed.iter_rows(min_row=6)}


def test_an_error_value_of_thong_tin_is_copied_too(tmp_path: Path) -> None:
    old = write_old(tmp_path)
    part = sheet_part(old, INFO)
    rewrite_zip(
        old,
        lambda name, data: (
            data.replace(
                b'<c r="B7" s="10" t="n"><v>46112</v></c>', b'<c r="B7" s="10" t="e"><v>#REF!</v></c>'
            )
            if name == part
            else data
        ),
    )
    cutoff = layout.INFO.cell("cutoff_date")
    assert _at(run(old).issues, "cell.error_value") == [(INFO, "B7")]
    done = _upgrade(old, tmp_path / "moi")
    assert openpyxl.load_workbook(done.target)[INFO][cutoff].value == "#REF!"
    assert _at(run(done.target).issues, "cell.error_value") == [(INFO, cutoff)]
    assert any(t.sheet == INFO and t.cell == cutoff for t in done.to_complete)


def test_a_shared_formula_is_copied_as_each_cell_held_it_and_one_taking_another_sheet_is_listed(
    tmp_path: Path,
) -> None:
    """A shared formula's follower has no text of its own: it is its first cell's, moved to
    it. A formula taking values from another sheet (not in the new file) is not written, but
    listed, never dropped in silence."""
    old = write_old(tmp_path)
    old = _with_cells(old, M, "N2", '<c r="L2" s="14"><f t="shared" ref="L2:L3" si="0">C2+1</f></c>' + REASON)
    old = _with_cells(old, M, "N3", '<c r="L3" s="14"><f t="shared" si="0"/></c>')
    old = _with_cells(old, M, "N4", '<c r="L4" s="14"><f>HoSo!B4</f></c>')
    assert _at(run(old).issues, "cell.formula_no_value") == [(M, "L2"), (M, "L3"), (M, "L4")]

    done = _upgrade(old, tmp_path / "moi")
    ws = openpyxl.load_workbook(done.target)[M]
    assert [ws[f"{EXEMPT}{r}"].value for r in (2, 3, 4)] == ["=C2+1", "=C3+1", None]
    assert _at(run(done.target).issues, "cell.formula_no_value") == [(M, f"{EXEMPT}2"), (M, f"{EXEMPT}3")]
    assert (M, f"{EXEMPT}4", FIX_FORMULA_NOT_COPIED) in {
        (t.sheet, t.cell, t.action) for t in done.to_complete
    }


def test_a_formula_copied_is_told_by_what_moved_on_its_sheet(tmp_path: Path) -> None:
    """A formula is copied as its text. Each of its lines said "the new template's columns
    moved", also on `Số liệu năm`, whose columns did not, and on `Thông tin`, whose rows moved
    (`=B5`, the secretary's name, now takes the new row 5), calling its item a column."""
    from click.testing import CliRunner

    (tmp_path / "cu").mkdir()
    old = write_old(tmp_path / "cu")
    wb = openpyxl.load_workbook(old)
    wb[INFO][layout.LAYOUT_2026_1.info.cell("prepared_by")] = "=B5"  # the secretary, in 2026.1
    wb[Y]["C2"] = "=B2-1"
    wb[M][f"{OLD.letter('exempt_from')}2"] = "=DATE(2020,1,1)"
    wb[M][f"{OLD.letter('exempt_reason')}2"] = "Tuổi cao, sức khỏe yếu"
    wb.save(old)
    result = CliRunner().invoke(main, ["upgrade", str(old.parent), "--out", str(tmp_path / "moi")])
    assert result.exit_code == 0, result.output
    listed = openpyxl.load_workbook(tmp_path / "moi" / old.name)[layout.SHEET_TO_COMPLETE]
    rows = [[c.value for c in r] for r in listed.iter_rows(min_row=6, max_col=5)]
    actions = {(r[0], r[1]): r[4] for r in rows if r[4] and "công thức" in r[4]}
    assert set(actions) == {(INFO, layout.INFO.cell("prepared_by")), (Y, "C2"), (M, f"{EXEMPT}2")}
    assert actions[(M, f"{EXEMPT}2")] == FIX_FORMULA  # the columns moved
    assert (
        "các dòng của sheet “Thông tin” ở biểu mẫu mới đã đổi chỗ"
        in actions[(INFO, layout.INFO.cell("prepared_by"))]
    )
    assert actions[(Y, "C2")] == (
        "Ô có công thức chưa có giá trị, chép nguyên từ tệp cũ: hãy ghi thẳng giá trị thay cho công thức"
    )
    assert f"Sheet “{INFO}”, mục “Người lập biểu”: {layout.INFO.cell('prepared_by')} (1 ô)" in result.output
    assert f"Sheet “{Y}”, cột" in result.output and "cột “Người lập biểu”" not in result.output


def test_a_year_not_yet_rated_keeps_its_empty_counts(tmp_path: Path) -> None:
    """An empty count is 0 to the reader, and stays an empty cell: a typed 0 in every rating
    of the year not yet rated reads as an answer."""
    old = write_old(tmp_path)
    done = _upgrade(old, tmp_path / "moi")
    ws = openpyxl.load_workbook(done.target)[Y]
    assert [c.value for c in ws[3]] == [2026, 0, 0, 0, None, None, None, None, None]
    assert (
        read_submission(done.target)
        .years.drop(columns="_row")
        .equals(read_submission(old).years.drop(columns="_row"))
    )


def test_a_merged_block_is_merged_again_or_listed(tmp_path: Path) -> None:
    """`Đi làm ăn xa` typed once for three members in a merged block stays merged (and warned
    about); a block whose columns are no longer side by side is a cell to complete."""
    old = write_old(tmp_path)
    wb = openpyxl.load_workbook(old)
    ws = wb[M]
    ws["N2"], ws["N3"], ws["N4"] = "Có", None, None
    ws.merge_cells("N2:N4")
    ws.merge_cells("I3:J3")  # Trình độ chuyên môn and lý luận chính trị: K and M in the new template
    wb.save(old)
    assert _at(run(old).issues, "cell.merged") == [(M, "I3"), (M, "N2")]

    done = _upgrade(old, tmp_path / "moi")
    away = NEW.letter("working_away")
    new = openpyxl.load_workbook(done.target)[M]
    assert {str(r) for r in new.merged_cells.ranges} == {f"{away}2:{away}4"}
    assert new[f"{away}2"].value == "Có"
    assert _at(run(done.target).issues, "cell.merged") == [(M, f"{away}2")]
    (merged,) = [t for t in done.to_complete if "bị gộp" in t.action]
    assert (merged.cell, merged.name) == (f"{NEW.letter('prof_level')}3", clean_members()[1]["full_name"])
    assert "Các ô I3–J3 của tệp cũ bị gộp" in merged.action


def _as_xlsm(plain: Path, *, vba: bool) -> Path:
    """The old file saved by Excel as macro-enabled (`.xlsm`), with a VBA project or not."""
    target = plain.with_suffix(".xlsm")
    plain.rename(target)

    def change(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            data = data.replace(MAIN_XLSX, MAIN_XLSM)
            if vba:
                bin_type = b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                data = data.replace(b"</Types>", bin_type + b"</Types>")
        if name == "xl/_rels/workbook.xml.rels" and vba:
            rel = (
                b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
                b'vbaProject" Target="vbaProject.bin"/>'
            )
            data = data.replace(b"</Relationships>", rel + b"</Relationships>")
        return data

    rewrite_zip(target, change, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(508)} if vba else None)
    return target


def test_an_xlsm_is_upgraded_into_an_xlsx_and_its_macros_are_said_not_copied(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "nop").mkdir()
    old = _as_xlsm(write_old(tmp_path / "nop"), vba=True)
    with pytest.raises(SystemExit) as exit_:
        main(["upgrade", str(old), "--out", str(tmp_path / "moi")], standalone_mode=False)
    assert exit_.value.code == 0
    target = tmp_path / "moi" / f"{old.stem}.xlsx"
    assert [p.name for p in (tmp_path / "moi").iterdir()] == [target.name]
    types = zipfile.ZipFile(target).read("[Content_Types].xml")
    assert MAIN_XLSX in types and MAIN_XLSM not in types
    out = capsys.readouterr().out
    assert f"Tệp mới có tên “{target.name}” vì là tệp .xlsx, không chứa macro (tệp gốc là tệp .xlsm)." in out
    assert "Cả tệp — macro (VBA): tệp mới là tệp .xlsx, không chứa macro." in out
    section = [tuple(c.value for c in r[:4]) for r in openpyxl.load_workbook(target)[layout.SHEET_LEFT_OUT]]
    assert any(row[2] == LEFT_OUT_KINDS[MACROS] for row in section)
    assert "file.macros" in {i.code for i in run(old).issues}
    assert "file.macros" not in {i.code for i in run(target).issues}


def test_an_xlsm_beside_an_xlsx_of_its_name_gets_a_name_of_its_own(tmp_path: Path) -> None:
    """`X.xlsx` and `X.xlsm` among the inputs: both are upgraded, neither over the other; and
    the inputs' folder is refused as the output folder even though no output has an input's name."""
    from toolkit.core.errors import OutputError

    (tmp_path / "nop").mkdir()
    xlsm = _as_xlsm(write_old(tmp_path / "nop"), vba=False)
    xlsx = write_old(tmp_path / "nop")
    result = upgrade_files(sorted([xlsm, xlsx]), tmp_path / "moi")
    assert sorted(d.target.name for d in result.upgraded) == sorted([xlsx.name, f"{xlsm.stem}_xlsm.xlsx"])
    assert not result.upgraded[0].left_out  # no VBA project: nothing to list
    with pytest.raises(OutputError, match="không ghi đè tệp gốc"):
        upgrade_files([xlsm], tmp_path / "nop")


def test_a_month_first_text_date_column_keeps_its_texts_and_its_warning(tmp_path: Path) -> None:
    """Births typed as text month-first (hunt117 F1): 05/12/1975 and 11/03/1982 read day-first,
    01/20/1950 and 02/14/1990 no date day-first. The texts read stay text in the new file, so
    `cell.month_first_text` still names them (written as dates, they were no longer said)."""
    texts = ["05/12/1975", "11/03/1982", "01/20/1950", "02/14/1990"]
    rows = clean_members()[:4]
    for row, text in zip(rows, texts, strict=True):
        row["birth_date"] = text
    old = write_old(tmp_path, members=rows, events=[])
    assert _at(run(old).issues, "cell.month_first_text") == [(M, "C2")]

    done = _upgrade(old, tmp_path / "moi")
    ws = openpyxl.load_workbook(done.target)[M]
    assert [ws[f"C{r}"].value for r in range(2, 6)] == texts
    after = run(done.target).issues
    assert _at(after, "cell.month_first_text") == [(M, "C2")]
    assert _at(after, "member.bad_date") == [(M, "C4"), (M, "C5")]
