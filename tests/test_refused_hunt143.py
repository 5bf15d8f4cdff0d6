"""What a file the reader refuses is told (hunt143, files that Excel did not make): a workbook
cut short gets the advice of a file not yet copied or downloaded; HTML saved with a byte order
mark, Excel's single-file web page (.mht) and LibreOffice's flat ODS (.fods), each renamed
.xlsx, are told what they are; a sheet saved in UTF-16 is told to be saved again in Excel, not
that its header row was deleted."""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_validate import clean_members, codes, rewrite_zip, sheet_part, write

from toolkit.cli import main
from toolkit.core import layout
from toolkit.io.reader import read_submission


def _source(tmp_path: Path) -> Path:
    """A real filled submission, written by the template's writer."""
    folder = tmp_path / "src"
    folder.mkdir(exist_ok=True)
    return write(folder)


def _refused(path: Path, code: str) -> str:
    sub = read_submission(path)
    assert codes(sub.issues) == [code], [i.message for i in sub.issues]
    issue = sub.issues[0]
    assert issue.severity == "error" and issue.file == path.name and issue.sheet is None
    assert sub.members is None and sub.events is None and sub.years is None
    return issue.message


@pytest.mark.parametrize("keep", ["two thirds", "3 kB"])
def test_a_workbook_cut_short_is_told_to_be_copied_again_not_opened(tmp_path: Path, keep: str) -> None:
    """As the hunt cut the real file: a copy or download that stopped part-way has no zip
    directory at its end. It was "tệp bị hỏng hoặc không phải tệp .xlsx", open it in Excel."""
    whole = _source(tmp_path).read_bytes()
    path = tmp_path / "CB07.xlsx"
    path.write_bytes(whole[: len(whole) * 2 // 3] if keep == "two thirds" else whole[:3000])
    message = _refused(path, "file.truncated")
    assert message.startswith("Tệp bị cắt cụt (thiếu phần cuối) nên không mở được")
    assert "chưa được chép hoặc tải về xong" in message and "chi bộ gửi lại" in message
    assert "mở tệp bằng Excel" not in message and "không phải tệp .xlsx" not in message


def test_a_workbook_whose_zip_directory_is_damaged_is_still_said_damaged(tmp_path: Path) -> None:
    """The control: the whole file, its end in place, but its directory's entries spoilt."""
    whole = _source(tmp_path).read_bytes()
    path = tmp_path / "CB07.xlsx"
    path.write_bytes(whole.replace(b"PK\x01\x02", b"PK\x01\x09"))
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(path)
    message = _refused(path, "file.unreadable")
    assert "tệp bị hỏng hoặc không phải tệp .xlsx" in message


def test_a_workbook_cut_short_gets_no_feedback_for_the_chi_bo(tmp_path: Path) -> None:
    """Like a file of 0 bytes, the clerk's to copy again (`rules.CLERK_ONLY`): said on the
    console, no `_kiem_tra.xlsx` sent to the secretary."""
    folder = tmp_path / "nop"
    folder.mkdir()
    whole = _source(tmp_path).read_bytes()
    (folder / "CB07_chi_bo.xlsx").write_bytes(whole[: len(whole) // 2])
    out = tmp_path / "phan_hoi"
    args = ["validate", str(folder), "--cutoff", "31/03/2026", "--feedback", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "file.truncated" in result.output, result.output
    assert not out.exists() or not list(out.iterdir())


HTML = "<!DOCTYPE html>\r\n<html><body><table><tr><td>1</td></tr></table></body></html>"
MHT = (
    "MIME-Version: 1.0\r\nX-Document-Type: Workbook\r\n"
    'Content-Type: multipart/related; boundary="----=_NextPart_01"\r\n\r\n'
    "------=_NextPart_01\r\nContent-Location: file:///C:/HD01.htm\r\n"
    f'Content-Type: text/html; charset="utf-8"\r\n\r\n{HTML}\r\n------=_NextPart_01--\r\n'
)
BLINK_MHT = (
    "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://example.org/bao-cao\r\n"
    "Subject: Bao cao\r\nMIME-Version: 1.0\r\n"
    'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="----MultipartBoundary"\r\n\r\n'
    f"------MultipartBoundary\r\nContent-Type: text/html\r\n\r\n{HTML}\r\n------MultipartBoundary--\r\n"
)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (codecs.BOM_UTF8 + HTML.encode(), "tệp HTML/XML mang đuôi bảng tính"),  # the hunt's file
        (HTML.encode("utf-16"), "tệp HTML/XML mang đuôi bảng tính"),  # with its UTF-16 BOM
        (MHT.encode(), "tệp trang web (.mht) mang đuôi bảng tính"),  # Excel's "Single File Web Page"
        (BLINK_MHT.encode(), "tệp trang web (.mht) mang đuôi bảng tính"),  # a browser's page as one file
    ],
)
def test_web_pages_renamed_xlsx_are_said_to_be_web_pages(tmp_path: Path, content: bytes, reason: str) -> None:
    """They were "không nhận ra định dạng của nội dung tệp", which a bare `<html>` is not."""
    path = tmp_path / "HD01.xlsx"
    path.write_bytes(content)
    message = _refused(path, "file.format")
    assert message.startswith(f"Tệp không phải sổ làm việc .xlsx ({reason}).")


@pytest.mark.slow
def test_a_flat_ods_renamed_xlsx_gets_the_ods_advice(tmp_path: Path) -> None:
    """LibreOffice's "Flat XML ODF Spreadsheet" (.fods) of a real submission: it was "tệp
    HTML/XML mang đuôi bảng tính"; it is an OpenDocument spreadsheet, saved again as .xlsx so."""
    from libreoffice import convert

    (fods,) = convert([_source(tmp_path)], "fods", tmp_path / "fods")
    data = fods.read_bytes()
    assert data.startswith(b"<?xml") and data.find(b"opendocument.spreadsheet") > 512  # past the first look
    path = tmp_path / "CB07.xlsx"
    path.write_bytes(data)
    message = _refused(path, "file.ods")
    assert "OpenDocument (.ods)" in message and "Excel 2007-365 (.xlsx)" in message


def test_xml_that_is_no_flat_ods_is_still_html_or_xml(tmp_path: Path) -> None:
    """SpreadsheetML 2003 and a flat ODF text document (.fodt) are not told they are .ods."""
    path = tmp_path / "HD01.xlsx"
    for text in (
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet/></Workbook>',
        '<?xml version="1.0"?>\n<office:document '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'office:mimetype="application/vnd.oasis.opendocument.text"><office:body/></office:document>',
    ):
        path.write_text(text, encoding="utf-8")
        assert "(tệp HTML/XML mang đuôi bảng tính)" in _refused(path, "file.format")


# The members' sheet part saved in UTF-16 (hunt143 F6 A), as the hunt's repro re-encoded it.
def _utf16(part: str, codec: str) -> Callable[[str, bytes], bytes]:
    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        body = data.decode("utf-8").split("?>", 1)[-1] if data.startswith(b"<?xml") else data.decode("utf-8")
        return ('<?xml version="1.0" encoding="UTF-16"?>' + body).encode(codec)

    return change


@pytest.mark.parametrize(
    ("sheet", "codec"),
    [
        (layout.SHEET_MEMBERS, "utf-16"),  # with its byte order mark, as the hunt wrote it
        (layout.SHEET_MEMBERS, "utf-16-be"),  # without one
        (layout.SHEET_INFO, "utf-16-le"),
    ],
)
def test_a_sheet_saved_in_utf16_is_refused_to_be_saved_again_not_said_headerless(
    tmp_path: Path, sheet: str, codec: str
) -> None:
    """It was "Dòng 1 đang trống: dòng tiêu đề của biểu mẫu đã bị xóa", and the secretary would
    have restored a header that is there."""
    path = _source(tmp_path)
    rewrite_zip(path, _utf16(sheet_part(path, sheet), codec))
    message = _refused(path, "file.unreadable")
    assert message.startswith(
        f"Không mở được tệp (sheet “{sheet}” được lưu theo bảng mã UTF-16, công cụ không đọc được "
        "nội dung như đã lưu). Hãy mở tệp bằng Excel, kiểm tra nội dung và lưu lại dạng .xlsx."
    ), message
    assert "tiêu đề" not in message


def test_a_sheet_saved_in_utf8_with_a_byte_order_mark_is_still_read(tmp_path: Path) -> None:
    """The control: UTF-8 with its BOM (as some tools write) is read as before."""
    path = _source(tmp_path)
    part = sheet_part(path, layout.SHEET_MEMBERS)
    rewrite_zip(path, lambda name, data: codecs.BOM_UTF8 + data if name == part else data)
    sub = read_submission(path)
    assert not [i for i in sub.issues if i.severity == "error"], [i.message for i in sub.issues]
    assert sub.members is not None and len(sub.members) == len(clean_members())
