"""Reading submissions safely: refused files, template checks, cell-level findings, the data contract."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from helpers_validate import clean_members, codes, member, only, rewrite_zip, run, sheet_part, write
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from toolkit.core import layout
from toolkit.io import package
from toolkit.io.discover import discover
from toolkit.io.reader import read_submission

M = layout.SHEET_MEMBERS


def test_clean_submission_follows_the_data_contract(tmp_path: Path) -> None:
    sub = read_submission(write(tmp_path))
    assert sub.issues == []
    assert len(sub.sha256) == 64 and sub.template_version == layout.TEMPLATE_VERSION
    assert sub.info["org_code"] == "CB07" and sub.info["org_tier"] == "chi_bo_truc_thuoc"
    assert sub.info["cutoff_date"] == dt.date(2026, 3, 31)
    for df, spec in ((sub.members, layout.MEMBERS), (sub.events, layout.EVENTS), (sub.years, layout.YEARS)):
        assert df is not None
        assert list(df.columns) == [*spec.frame_keys, "_row"]
        for f in spec.fields:
            expected = {"date": "datetime64[ns]", "int": "Int64"}.get(f.kind, "object")
            assert str(df[f.key].dtype) == expected, f.key
    assert sub.members["attributes_2026_2"].tolist() == [True] * 5
    assert sub.members["occupation_2026_1"].isna().all() and sub.upgraded_from is None
    m = sub.members
    assert m["_row"].tolist() == [2, 3, 4, 5, 6]
    assert m.loc[0, "gender"] == "male" and m.loc[1, "gender"] == "female"
    assert m.loc[4, "card_no"] is None and pd.isna(m.loc[4, "official_date"])
    assert m.loc[0, "card_no"] == "01234567"  # text keeps its leading zero
    assert sub.years["rated_fail"].tolist() == [0, 0]  # empty count = 0


def test_messy_but_valid_submission_has_no_errors_and_says_what_changed(tmp_path: Path) -> None:
    import unicodedata

    rows = clean_members()
    rows[0].update(
        full_name=unicodedata.normalize("NFD", "Nguyễn  Văn An "),
        gender="nam",
        gen_edu="THPT",
        birth_date="12/05/1975",
        prof_level="đại học",
        theory_level="TC",
        working_away="ko",
    )
    rows[1].update(gender="NỮ", birth_date="1982-11-03", prof_level="ThS", occupation="viên chức")
    rows[2].update(exempt_reason="Tuổi cao", admission_date="01-09-1975", gen_edu="12/12")
    result = run(write(tmp_path, members=rows))
    assert not [i for i in result.issues if i.is_error], codes(result.issues)
    m = result.submissions[0].members
    assert m.loc[0, "full_name"] == "Nguyễn Văn An"
    assert m.loc[0, "birth_date"] == pd.Timestamp(1975, 5, 12)
    assert m.loc[1, "prof_level"] == "master" and m.loc[2, "exempt_reason"] == "old_age_ill_health"
    warnings = {(i.code, i.cell) for i in result.issues}
    assert ("norm.category", "D2") in warnings and ("norm.date_text", "C2") in warnings
    assert ("norm.unicode", "B2") in warnings
    name_warning = next(i for i in result.issues if i.cell == "B2")
    assert "khoảng trắng" in name_warning.message and "dấu tiếng Việt" in name_warning.message


def test_many_similar_changes_become_one_warning_listing_every_cell(tmp_path: Path) -> None:
    rows = [
        member(
            row_no=i,
            full_name=f"Người Số {i}",
            birth_date=dt.date(1970, 1, 1 + i),
            card_no=f"C{i}",
            gender="nam",
        )
        for i in range(1, 9)
    ]
    sub = read_submission(write(tmp_path, members=rows, events=[]))
    issue = only(sub.issues, "norm.category")
    assert issue.cell == "D2" and issue.column == "Giới tính" and issue.value == "nam"
    assert issue.message == (
        "Cột “Giới tính”: 8 ô đã được sửa tự động (D2–D9); ví dụ ô D2: đã hiểu “nam” là “Nam”."
    )
    assert issue.without_personal_data().message == (
        "Cột “Giới tính”: 8 ô đã được sửa tự động (D2–D9); ví dụ ô D2: Đã đổi sang giá trị đúng trong "
        "danh sách (giá trị [đã ẩn])."
    )


def modify(path: Path, change: Callable[[Workbook], None]) -> Path:
    wb = load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def test_legacy_font_text_is_converted_with_a_warning(tmp_path: Path) -> None:
    def legacy(wb: Workbook) -> None:
        ws = wb[M]
        ws["B2"] = "NguyÔn V¨n An"
        ws["B2"].font = Font(name=".VnTime")
        ws["B3"] = "TrÇn ThÞ H\u00adêng"
        ws["B3"].font = Font(name=".VnTime")
        ws["K4"] = "H\u00adu trÝ"
        ws["K4"].font = Font(name=".VnTime")
        ws["B5"] = "Phaïm Thò Dung"
        ws["B5"].font = Font(name="VNI-Times")

    sub = read_submission(modify(write(tmp_path), legacy))
    names = sub.members["full_name"].tolist()
    assert names[:4] == ["Nguyễn Văn An", "Trần Thị Hường", "Lê Văn Cường", "Phạm Thị Dung"]
    assert sub.members.loc[2, "occupation"] == "retired"
    # One warning per column: the names' lists its three cells, with the first as the example.
    legacy_cells = {i.cell: i.message for i in sub.issues if i.code == "norm.legacy_encoding"}
    assert set(legacy_cells) == {"B2", "K4"}
    assert "3 ô đã được sửa tự động (B2–B3, B5)" in legacy_cells["B2"] and "TCVN3" in legacy_cells["B2"]
    assert "TCVN3" in legacy_cells["K4"]


@pytest.mark.parametrize(
    ("code", "change", "sheet", "cell"),
    [
        ("cell.hidden_row", lambda wb: setattr(wb[M].row_dimensions[3], "hidden", True), M, "A3"),
        ("cell.merged", lambda wb: wb[M].merge_cells("K3:K4"), M, "K3"),
        ("cell.formula_no_value", lambda wb: wb[M].__setitem__("E3", "=A1&A2"), M, "E3"),
        ("file.extra_column", lambda wb: wb[M].__setitem__("V3", "thêm"), M, "V3"),
        ("file.hidden_sheet", lambda wb: setattr(wb[M], "sheet_state", "hidden"), M, None),
        ("file.header", lambda wb: wb[M].__setitem__("G1", "Ngày CT"), M, "G1"),
        (
            "file.header",
            lambda wb: wb[layout.SHEET_INFO].__setitem__("A7", "Ngày chốt"),
            layout.SHEET_INFO,
            "A7",
        ),
        ("file.missing_sheet", lambda wb: wb.remove(wb[layout.SHEET_EVENTS]), None, None),
        (
            "file.version",
            lambda wb: wb[layout.SHEET_META].__setitem__("B2", "2019.1"),
            layout.SHEET_INFO,
            None,
        ),
        ("file.no_meta", lambda wb: wb.remove(wb[layout.SHEET_META]), None, None),
    ],
)
def test_structural_findings(
    tmp_path: Path, code: str, change: Callable[[Workbook], None], sheet: str | None, cell: str | None
) -> None:
    from toolkit.core.rules import RULES

    path = modify(write(tmp_path), change)
    result = run(path)
    issue = next((i for i in result.issues if i.code == code), None)
    assert issue is not None, codes(result.issues)
    assert (issue.severity, issue.sheet, issue.cell) == (RULES[code].severity, sheet, cell)
    assert issue.file == path.name


def _newer_template(version: str) -> Callable[[Workbook], None]:
    """A file of another template version, laid out as one would be: `_meta` names it, an item
    is inserted on `Thông tin` and a column on `Đảng viên`."""

    def change(wb: Workbook) -> None:
        meta = wb[layout.SHEET_META]
        row = next(r for r in meta.iter_rows() if r[0].value == layout.META_TEMPLATE_VERSION)
        row[1].value = version
        info = wb[layout.SHEET_INFO]
        info.insert_rows(3)
        info["A3"], info["B3"] = "Mục mới", "Có"
        wb[M].insert_cols(5)
        wb[M]["E1"] = "Cột mới"

    return change


@pytest.mark.parametrize(
    ("version", "advice"),
    [
        (
            "2026.3",
            "mới hơn các phiên bản mà ward-stats này biết: tệp của chi bộ không có lỗi, không cần sửa",
        ),
        ("2027.1", "Văn phòng Đảng ủy cần cập nhật ward-stats lên phiên bản mới"),
        ("2019.1", "Hãy chép số liệu sang biểu mẫu mới do Văn phòng Đảng ủy gửi."),
        ("bản nháp", "Hãy chép số liệu sang biểu mẫu mới do Văn phòng Đảng ủy gửi."),
    ],
)
def test_a_template_version_not_supported_is_one_error_and_not_read(
    tmp_path: Path, version: str, advice: str
) -> None:
    """hunt123 F6: a file of a newer template (`_meta` 2026.3) got its `file.version` error, then
    a `file.header` or `file.header_moved` error for nearly every column, read with the current
    layout, asking the secretary to restore headers that are right in its own template, and the
    advice to copy the figures into the new template. One error now, nothing read; a newer
    version says the file is fine and ward-stats is to update."""
    path = modify(write(tmp_path), _newer_template(version))
    sub = read_submission(path)
    errors = [i for i in sub.issues if i.is_error]
    newer = version.startswith("202") and version > layout.TEMPLATE_VERSION
    # A newer template's file is right: said to the clerk alone (review132 #4).
    assert [i.code for i in errors] == ["file.version_newer" if newer else "file.version"], codes(sub.issues)
    (error,) = errors
    assert f"Biểu mẫu phiên bản “{version}” không được hỗ trợ" in error.message
    assert advice in error.message
    assert ("Hãy chép số liệu" in error.message) is not newer
    assert not sub.readable and sub.members is None


def test_upgrade_says_a_newer_template_s_file_needs_a_newer_ward_stats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from toolkit.cli import main

    (tmp_path / "nop").mkdir()
    path = modify(write(tmp_path / "nop"), _newer_template("2026.3"))
    with pytest.raises(SystemExit):
        main(["upgrade", str(path), "--out", str(tmp_path / "moi")], standalone_mode=False)
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert f"Không nâng cấp được {path.name}: Biểu mẫu phiên bản “2026.3” không được hỗ trợ" in said
    assert "cập nhật ward-stats" in said and "Hãy chép số liệu" not in said
    assert not (tmp_path / "moi" / path.name).exists()


def test_a_newer_template_s_file_is_sent_no_feedback(tmp_path: Path) -> None:
    """review132 #4: the secretary's file of a template newer than ward-stats is right; a
    feedback workbook saying "the file has no error" among its errors was sent back all the same.
    The clerk is told (the console, the JSON); the chi bộ is sent nothing."""
    import json

    from click.testing import CliRunner

    from toolkit.cli import main

    folder, feedback, summary = tmp_path / "nop", tmp_path / "phan_hoi", tmp_path / "kiem_tra.json"
    folder.mkdir()
    path = modify(write(folder), _newer_template("2026.3"))
    args = [
        "validate",
        str(folder),
        "--cutoff",
        "31/03/2026",
        "--feedback",
        str(feedback),
        "--json",
        str(summary),
    ]
    done = CliRunner().invoke(main, args)
    assert "Traceback" not in done.output
    assert "cập nhật ward-stats" in done.output
    issues = json.loads(summary.read_text(encoding="utf-8"))["issues"]
    assert [i["code"] for i in issues if i.get("file") == path.name] == ["file.version_newer"]
    assert not feedback.exists() or not list(feedback.iterdir())


def test_a_helper_formula_outside_the_template_s_columns_is_not_an_error(tmp_path: Path) -> None:
    """hunt117 F3: a formula with no saved value (a file saved by a program that does not
    calculate) in a helper column right of the table excluded the file, though that column is
    not read (`file.extra_column`) and an error value there is ignored. Inside the table it
    stays the error."""

    def helper(wb: Workbook) -> None:
        wb[M]["V1"] = "Tuổi"
        wb[M]["V3"] = "=2026-YEAR(C3)"

    result = run(modify(write(tmp_path), helper))
    assert "cell.formula_no_value" not in codes(result.issues)
    assert not [i for i in result.issues if i.severity == "error"], codes(result.issues)
    (tmp_path / "b").mkdir()
    inside = run(modify(write(tmp_path / "b"), lambda wb: wb[M].__setitem__("E3", "=A1&A2")))
    assert [i.cell for i in inside.issues if i.code == "cell.formula_no_value"] == ["E3"]


def _extra_sheet(wb: Workbook, *, hidden: bool = False) -> None:
    ws = wb.create_sheet("Sheet1")
    ws["C4"] = "Nguyễn Văn Bổ Sung"
    ws["D9"] = 12
    if hidden:
        ws.sheet_state = "hidden"


@pytest.mark.parametrize(
    ("state", "said"),
    [
        ("visible", "“Sheet1” không thuộc biểu mẫu"),
        ("hidden", "“Sheet1” (đang bị ẩn: chuột phải vào tên một sheet, chọn Bỏ ẩn/Unhide để thấy) không"),
        ("veryHidden", "“Sheet1” (bị ẩn kỹ, không có trong danh sách Bỏ ẩn/Unhide: bấm Alt+F11,"),
    ],
)
def test_an_extra_sheet_with_data_is_reported_not_read(tmp_path: Path, state: str, said: str) -> None:
    """Data on a sheet outside the template is never consolidated: the secretary is told where
    it is (a warning; the template's own sheets are still read), and how to see it when it is
    hidden (a very hidden sheet is not even in Excel's list of hidden sheets)."""

    def extra(wb: Workbook) -> None:
        _extra_sheet(wb, hidden=state != "visible")
        wb["Sheet1"].sheet_state = state

    sub = read_submission(modify(write(tmp_path), extra))
    found = [i for i in sub.issues if i.code == "file.extra_sheet"]
    assert [(i.severity, i.sheet, i.cell) for i in found] == [("warning", "Sheet1", "C4")]
    assert said in found[0].message and "C4" in found[0].message
    # How to clear it when the sheet holds no figures (hunt255 L2: said on every run till then).
    assert found[0].message.endswith(
        "Nếu không (ví dụ một sheet ghi chú), có thể bỏ qua cảnh báo này, hoặc xóa sheet ấy để không "
        "còn cảnh báo."
    )
    assert sub.readable and not sub.has_errors and len(sub.members) == len(clean_members())


def test_an_empty_extra_sheet_and_the_templates_own_sheets_are_not_reported(tmp_path: Path) -> None:
    def blank_sheet(wb: Workbook) -> None:
        ws = wb.create_sheet("Trang tính trống")
        ws["B2"] = "   "  # only spaces: nothing a secretary typed
        ws["A1"].font = Font(bold=True)

    path = write(tmp_path)
    assert not [i for i in read_submission(path).issues if i.code == "file.extra_sheet"]
    sub = read_submission(modify(path, blank_sheet))
    assert not [i for i in sub.issues if i.code == "file.extra_sheet"]


def test_a_renamed_data_sheet_is_missing_and_its_tab_named_to_rename_back(tmp_path: Path) -> None:
    # hunt135 F6: it said to copy the data into a new template, and `file.extra_sheet` to copy
    # it "into the right sheet", which the file did not have.
    def rename(wb: Workbook) -> None:
        wb[layout.SHEET_EVENTS].title = "Bien dong 2025"

    sub = read_submission(modify(write(tmp_path), rename))
    renamed = only(sub.issues, "file.renamed_sheet")
    assert (renamed.severity, renamed.sheet) == ("error", "Bien dong 2025")
    assert "file.missing_sheet" not in codes(sub.issues) and "file.extra_sheet" not in codes(sub.issues)


@pytest.mark.parametrize("change", ["renamed", "deleted"])
def test_a_missing_info_sheet_is_an_error_not_a_file_read_without_its_cutoff(
    tmp_path: Path, change: str
) -> None:
    """`Thông tin` renamed ("Thong tin", typed without a Vietnamese keyboard) or deleted: nothing
    of it is read, not even the cut-off, so last year's file passed and was counted in this
    year's run. It is `file.missing_sheet`, an error, as a missing data sheet is."""

    def reshape(wb: Workbook) -> None:
        if change == "renamed":
            wb[layout.SHEET_INFO].title = "Thong tin"
        else:
            wb.remove(wb[layout.SHEET_INFO])

    sub = read_submission(modify(write(tmp_path), reshape))
    code = "file.renamed_sheet" if change == "renamed" else "file.missing_sheet"
    missing = only(sub.issues, code)
    assert missing.severity == "error" and f"Thiếu sheet “{layout.SHEET_INFO}”" in missing.message
    assert sub.has_errors
    if change == "renamed":  # its tab is pointed at, to be renamed back (hunt135 F6)
        assert missing.sheet == "Thong tin" and "file.extra_sheet" not in codes(sub.issues)


def test_header_renamed_sheet_is_not_read(tmp_path: Path) -> None:
    sub = read_submission(modify(write(tmp_path), lambda wb: wb[M].__setitem__("B1", "Tên")))
    assert sub.members is None and not sub.readable and sub.has_errors


def refused(path: Path, code: str) -> None:
    sub = read_submission(path)
    assert codes(sub.issues) == [code]
    assert sub.issues[0].severity == "error" and sub.issues[0].file == path.name
    assert sub.issues[0].sheet is None and sub.issues[0].cell is None
    assert sub.members is None and sub.events is None and sub.years is None


def test_password_protected_file_is_refused_with_what_to_do(tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write(tmp_path, "plain.xlsx")
    target = tmp_path / "locked.xlsx"
    with plain.open("rb") as src, target.open("wb") as out:
        OOXMLFile(src).encrypt("bimat", out)
    refused(target, "file.password")
    assert "gỡ mật khẩu" in read_submission(target).issues[0].message


def test_old_xls_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cu.xls"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4096)
    refused(path, "file.xls")
    assert ".xlsx" in read_submission(path).issues[0].message


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "file.empty"),
        (b"PK\x03\x04 truncated zip", "file.truncated"),  # no zip directory at its end
        (b"<html><table><tr><td>1</td></tr></table></html>", "file.format"),
        (b"%PDF-1.4 ...", "file.format"),
        (b"not a workbook at all", "file.format"),
    ],
)
def test_corrupt_and_foreign_files_are_refused(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    refused(path, code)


def test_an_empty_file_asks_for_the_file_again_not_to_open_it(tmp_path: Path) -> None:
    path = tmp_path / "HD32.xlsx"
    path.write_bytes(b"")  # still being copied, or an attachment saved half-way
    refused(path, "file.empty")
    message = read_submission(path).issues[0].message
    assert "0 byte" in message and "chép hoặc tải lại tệp" in message and "chi bộ gửi lại" in message
    assert "mở tệp bằng Excel" not in message


CSV_TEXT = "Mã tổ chức,HD34\nTên tổ chức đảng,Chi bộ Công ty CP Du lịch Thành Đông\n"


@pytest.mark.parametrize(
    "content",
    [
        CSV_TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + CSV_TEXT.encode("utf-8"),
        b"Nga\xccy;T\xean\r\n31/3/2026;HD34\r\n",  # "Ngày;Tên" in the Vietnamese Windows code page
        codecs.BOM_UTF16_LE + CSV_TEXT.replace(",", "\t").encode("utf-16-le"),  # “Unicode text”
    ],
)
def test_csv_text_saved_under_xlsx_gets_the_csv_explanation(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "HD34.xlsx"
    path.write_bytes(content)
    refused(path, "file.csv")
    assert "chỉ giữ chữ của một sheet" in read_submission(path).issues[0].message


def test_a_file_of_no_known_format_is_said_without_repeating_itself(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a workbook at all")
    message = read_submission(path).issues[0].message
    assert message.startswith("Tệp không phải sổ làm việc .xlsx (không nhận ra định dạng của nội dung tệp).")


# An exception's class name (BadZipFile, WorksheetNotFound, XmlError, DTDForbidden): no clerk's word.
CLASS_NAME = re.compile(r"\b[A-Z][a-z]+[A-Z]\w*")


def _broken(tmp_path: Path, how: str) -> Path:
    if how == "cut short":
        path = tmp_path / "hong.xlsx"
        path.write_bytes(b"PK\x03\x04 truncated zip")
        return path
    path = write(tmp_path)
    if how == "corrupt zip":  # its end in place, its directory's entries spoilt
        path.write_bytes(path.read_bytes().replace(b"PK\x01\x02", b"PK\x01\x09"))
        return path
    part = sheet_part(path, M)
    if how == "sheet part missing":
        rewrite_zip(path, lambda name, data: None if name == part else data)
    elif how == "sheet XML cut short":
        rewrite_zip(path, lambda name, data: data[:200] if name == part else data)
    elif how == "workbook XML cut short":
        rewrite_zip(path, lambda name, data: data[:100] if name == "xl/workbook.xml" else data)
    else:  # a DTD in the workbook part, refused by defusedxml
        rewrite_zip(path, _with_doctype)
    return path


def _with_doctype(name: str, data: bytes) -> bytes:
    if name != "xl/workbook.xml":
        return data
    body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
    return b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + body


@pytest.mark.parametrize(
    ("how", "code", "says"),
    [
        ("cut short", "file.truncated", "Tệp bị cắt cụt (thiếu phần cuối)"),
        ("corrupt zip", "file.unreadable", "(tệp bị hỏng hoặc không phải tệp .xlsx)"),
        ("sheet part missing", "file.unreadable", f"(sheet “{M}” bị mất phần nội dung)"),
        ("sheet XML cut short", "file.unreadable", f"(sheet “{M}” bị hỏng)"),
        ("workbook XML cut short", "file.unreadable", "(phần xl/workbook.xml bị hỏng)"),
        ("DTD in the workbook", "file.unsafe", "(xl/workbook.xml: DTD)"),
    ],
)
def test_a_broken_file_is_explained_without_an_exception_class_name(
    tmp_path: Path, how: str, code: str, says: str
) -> None:
    issue = read_submission(_broken(tmp_path, how)).issues[0]
    assert issue.code == code and says in issue.message, issue.message
    assert CLASS_NAME.findall(issue.message) == [], issue.message
    assert not re.search(r"\([^()]*\b[A-Z][a-z]+[A-Z]\w*[^()]*\)", issue.message)


def test_missing_file_is_an_issue_not_an_exception(tmp_path: Path) -> None:
    refused(tmp_path / "khong_co.xlsx", "file.unreadable")


def test_not_this_template(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = "Danh sách"
    wb.save(tmp_path / "khac.xlsx")
    refused(tmp_path / "khac.xlsx", "file.not_template")


def test_compression_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path)
    rewrite_zip(path, lambda name, data: data, add={"xl/media/bom.bin": b"\0" * (3 * 1024 * 1024)})
    refused(path, "file.too_large")


def test_declared_inflated_size_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package, "MAX_INFLATED_BYTES", 10_000)
    refused(write(tmp_path), "file.too_large")


def test_xml_with_a_doctype_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path)
    part = sheet_part(path, M)
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'

    def inject(name: str, data: bytes) -> bytes:
        return (
            evil + data.split(b"?>", 1)[1]
            if name == part and data.startswith(b"<?xml")
            else (evil + data if name == part else data)
        )

    rewrite_zip(path, inject)
    sub = read_submission(path)
    assert codes(sub.issues) == ["file.unsafe"]


def test_a_doctype_in_the_styles_is_refused_before_calamine_reads_them(tmp_path: Path) -> None:
    """The styles part, which calamine parses, once passed with a DTD in it: refused like any
    other part, whether it names a legacy font or not."""
    path = write(tmp_path)
    evil = b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'

    def inject(name: str, data: bytes) -> bytes:
        if name != "xl/styles.xml":
            return data
        head, body = data.split(b"?>", 1) if data.startswith(b"<?xml") else (b"", data)
        return (head + b"?>" if head else b"") + evil + body

    rewrite_zip(path, inject)
    sub = read_submission(path)
    assert codes(sub.issues) == ["file.unsafe"] and "xl/styles.xml: DTD" in sub.issues[0].message


def test_macros_are_noticed_never_run(tmp_path: Path) -> None:
    path = write(tmp_path, "CB07.xlsm")
    rewrite_zip(path, lambda name, data: data, add={"xl/vbaProject.bin": b"Attribute VB_Name = 'x'"})
    result = run(path)
    assert codes(result.issues) == ["file.macros"]
    assert result.issues[0].severity == "warning" and result.submissions[0].status == "warnings"


def test_discover_skips_lock_hidden_and_other_files(tmp_path: Path) -> None:
    for name in (
        "b.xlsx",
        "a.xlsm",
        "c.xls",
        "~$b.xlsx",
        ".~lock.b.xlsx#",
        ".hidden.xlsx",
        "notes.txt",
        "d.XLSX",
    ):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub").mkdir()
    assert [p.name for p in discover([tmp_path])] == ["a.xlsm", "b.xlsx", "c.xls", "d.XLSX"]
    explicit = tmp_path / "~$b.xlsx"
    assert explicit in discover([explicit])


def test_rows_with_only_a_prenumbered_stt_are_not_data(tmp_path: Path) -> None:
    def prenumber(wb: Workbook) -> None:
        for r in range(7, 30):
            wb[M].cell(row=r, column=1, value=r - 1)

    sub = read_submission(modify(write(tmp_path), prenumber))
    assert len(sub.members) == 5 and sub.issues == []


def test_reading_is_deterministic_and_hashes_the_bytes(tmp_path: Path) -> None:
    import hashlib

    path = write(tmp_path)
    a, b = read_submission(path), read_submission(path)
    assert a.sha256 == b.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    pd.testing.assert_frame_equal(a.members, b.members)


def test_zip_directory_is_read_without_inflating(tmp_path: Path) -> None:
    # A declared size far beyond the limit must be refused even though the data is tiny.
    path = tmp_path / "lie.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>")
    raw = bytearray(buf.getvalue())
    cd = raw.rfind(b"PK\x01\x02")
    raw[cd + 24 : cd + 28] = (package.MAX_INFLATED_BYTES + 1).to_bytes(4, "little")  # uncompressed size
    path.write_bytes(bytes(raw))
    refused(path, "file.too_large")


def test_text_beyond_the_year_table_is_named_at_its_cell_and_not_sent_to_a_note_column(
    tmp_path: Path,
) -> None:
    """Since the template's columns right of its tables are unlocked, text typed there on
    `Số liệu năm` (which has no `Ghi chú` column) was told to go to column “Ghi chú”, at the
    empty header cell J1 (hunt43 regress4 #3); on `Đảng viên` the advice stays."""
    width = len(layout.YEARS.fields)

    def typed_beyond(wb: Workbook) -> None:
        wb[layout.SHEET_YEARS].cell(row=3, column=width + 1, value="số liệu quý 1")
        wb[M].cell(row=2, column=len(layout.MEMBERS.fields) + 1, value="thêm")

    path = modify(write(tmp_path), typed_beyond)
    extra = {i.sheet: i for i in read_submission(path).issues if i.code == "file.extra_column"}
    years = extra[layout.SHEET_YEARS]
    assert years.cell == f"{get_column_letter(width + 1)}3"
    assert "Ghi chú" not in years.message and "không có cột ghi chú" in years.message
    assert "vào cột “Ghi chú”" in extra[M].message
