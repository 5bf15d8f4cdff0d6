"""A password-protected Excel 97–2003 workbook (.xls with a password to open: an OLE2 file whose
Workbook stream has a BIFF FILEPASS record, not the OOXML `EncryptedPackage`) is said as one, in
the OOXML case's words, by `history import` and by the submission reader (h244: both gave the
old-.xls refusal, whose Save As .xlsx cannot be done without the password, and `history
import` the advice to type last year's forms into a new blank workbook).

The fixtures are encrypted by LibreOffice (`uno_save_encrypted.py`; its command line's
`--convert-to 'xls:…EncryptFile…'` writes the file unencrypted), and checked to be encrypted
with msoffcrypto, which decrypts them back."""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path

import msoffcrypto
import pytest
from helpers_validate import codes, write
from python_calamine import CalamineWorkbook, PasswordError

from tests.libreoffice import soffice, uno_python
from tests.test_history_import_password import refused_as_locked
from tests.test_typed_forms_cells import B3, _blank, _fill, _import, _said
from toolkit.core.rules import PASSWORD_XLS, REMOVE_PASSWORD
from toolkit.excel.cfb import write_compound_file
from toolkit.io.package import encrypted
from toolkit.io.reader import read_submission

UNO_SCRIPT = Path(__file__).with_name("uno_save_encrypted.py")
PASSWORD = "bimat"


def _locked_xls(book: Path, tmp_path: Path) -> Path:
    """`book` saved by LibreOffice as an .xls with a password to open, checked to be one."""
    soffice()
    out = tmp_path / (book.stem + "_khoa.xls")
    done = subprocess.run(
        [uno_python(), str(UNO_SCRIPT), str(tmp_path / f"lo-{book.stem}"), str(book), str(out), PASSWORD],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    assert data.startswith(bytes.fromhex("D0CF11E0A1B11AE1"))
    assert "EncryptedPackage".encode("utf-16-le") not in data  # not the OOXML kind
    with out.open("rb") as f:
        assert msoffcrypto.OfficeFile(f).is_encrypted()
    with pytest.raises(PasswordError):
        CalamineWorkbook.from_path(str(out))
    return out


def _unlocked(locked: Path) -> Path:
    """`locked` with its password removed (still an .xls)."""
    out = locked.with_name(locked.stem + "_mo.xls")
    with locked.open("rb") as src, out.open("wb") as dst:
        office = msoffcrypto.OfficeFile(src)
        office.load_key(password=PASSWORD)
        office.decrypt(dst)
    return out


def test_history_import_says_a_locked_xls_is_password_protected(tmp_path: Path) -> None:
    book = _blank(tmp_path)
    _fill(book, {B3: {"I": 4005}})
    locked = _locked_xls(book, tmp_path)
    history = tmp_path / "ls.sqlite"
    said = refused_as_locked(locked, history)  # the OOXML case's words
    # An .xls is to be saved as .xlsx too: said now, not only on the next run (and an .xls Excel
    # opens without asking, encrypted with its default password, has only that step to do).
    assert PASSWORD_XLS.strip() in said, said
    # review247 L8: saved as .xlsx, a new file: the run again is with that one, said so.
    assert "lưu lại rồi chạy lại lệnh với tệp .xlsx vừa lưu." in said and "với tệp đó" not in said, said
    # Without its password it is the typed workbook saved as .xls, said as such.
    opened = _unlocked(locked)
    assert not encrypted(opened.read_bytes())
    done = _import(opened, history)
    assert done.exit_code == 2, done.output
    assert "đã được lưu dạng Excel 97–2003 (.xls)" in _said(done)
    assert "mật khẩu" not in _said(done)


def test_history_import_of_a_locked_xls_says_to_run_again_with_the_xlsx_saved(tmp_path: Path) -> None:
    """review247 L8: "chạy lại lệnh với tệp đó" after "lưu thành .xlsx" (a new file) could be
    read as the .xls again. A compound file whose Workbook stream starts with FILEPASS (an .xls
    with a password to open, as `encrypted_xls` finds it), no LibreOffice needed."""
    locked = tmp_path / "so_lieu_nam_truoc.xls"
    locked.write_bytes(write_compound_file({"Workbook": BOF + FILEPASS + bytes(5000)}))
    said = refused_as_locked(locked, tmp_path / "ls.sqlite")
    assert (
        f"gỡ mật khẩu ({REMOVE_PASSWORD}), lưu lại rồi chạy lại lệnh với tệp .xlsx vừa lưu.{PASSWORD_XLS}"
    ) in said, said
    assert "với tệp đó" not in said, said


def test_the_submission_reader_says_a_locked_xls_is_password_protected(tmp_path: Path) -> None:
    locked = _locked_xls(write(tmp_path, "CB07.xlsx"), tmp_path)
    sub = read_submission(locked)
    assert codes(sub.issues) == ["file.password"]
    assert f"gỡ mật khẩu ({REMOVE_PASSWORD})" in sub.issues[0].message
    assert sub.issues[0].message.endswith(PASSWORD_XLS), sub.issues[0].message
    assert sub.members is None
    assert codes(read_submission(_unlocked(locked)).issues) == ["file.xls"]


# --- the detection itself, on compound files built here -------------------------------------

BOF = struct.pack("<HH", 0x0809, 16) + bytes(16)
FILEPASS = struct.pack("<HH", 0x002F, 6) + bytes(6)
WRITEPROTECT = struct.pack("<HH", 0x0086, 0)
OTHER = struct.pack("<HH", 0x00E1, 2) + bytes(2)  # InterfaceHdr


@pytest.mark.parametrize("pad", [0, 8192], ids=["mini stream", "own sectors"])
@pytest.mark.parametrize("name", ["Workbook", "Book"])
def test_a_filepass_after_the_bof_is_found(pad: int, name: str) -> None:
    for head in (BOF + FILEPASS, BOF + WRITEPROTECT + FILEPASS):
        data = write_compound_file({name: head + bytes(pad), "\x05SummaryInformation": bytes(200)})
        assert encrypted(data), (name, pad)


@pytest.mark.parametrize(
    "stream",
    [
        BOF + OTHER + bytes(200),  # a plain workbook
        FILEPASS + BOF,  # no BOF first: no workbook stream
        BOF + OTHER * 8 + FILEPASS,  # not among the first records
        BOF[:3],
    ],
)
def test_no_filepass_where_it_goes_is_no_password(stream: bytes) -> None:
    assert not encrypted(write_compound_file({"Workbook": stream + bytes(5000)}))
    assert not encrypted(write_compound_file({"Workbook": stream}))


def test_a_filepass_in_another_stream_is_no_password() -> None:
    assert not encrypted(write_compound_file({"Other": BOF + FILEPASS + bytes(5000)}))


def test_damaged_compound_files_are_no_password_and_no_crash() -> None:
    """A compound file whose Workbook stream cannot be reached (cut before its directory, or its
    directory's or FAT's sector number past the end or at another sector) is no password
    (review247 L4: every case asserted only `in (True, False)`, which catches a crash and no
    wrong answer); the others, whose answer depends on how far a reader trusts a damaged
    header, only must not crash."""
    good = write_compound_file({"Workbook": BOF + FILEPASS + bytes(5000)})
    assert encrypted(good)
    header = bytes.fromhex("D0CF11E0A1B11AE1")
    fat_sector = struct.unpack_from("<I", good, 76)[0]
    directory = struct.unpack_from("<I", good, 48)[0]
    assert fat_sector == 0 and directory == 1, (fat_sector, directory)  # the cuts below rely on it
    # Cut before the directory (sector 1, at byte 1024), or its sector number at the FAT sector,
    # past the end (10**6), or a reserved number; the FAT's sector number past the end or reserved.
    unreachable = [header, header + bytes(600), good[:512], good[:1024]]
    for offset, values in ((48, (0, 0xFFFFFFF0, 10**6)), (76, (0xFFFFFFF0, 10**6))):
        for value in values:
            unreachable.append(good[:offset] + struct.pack("<I", value) + good[offset + 4 :])
    for data in unreachable:
        assert not encrypted(data)
    assert all(BOF + FILEPASS in data for data in unreachable[4:])  # the record is there, unread
    cases = [good[: len(good) // 2]]
    # Every other sector-number field of the header pointing at itself, past the end, or at garbage.
    for offset in (44, 56, 60, 68, 72, 76):
        for value in (0, 1, 0xFFFFFFF0, 10**6):
            if offset != 76 or value in (0, 1):
                cases.append(good[:offset] + struct.pack("<I", value) + good[offset + 4 :])
    # A FAT whose chains loop (every entry pointing to sector 0).
    at = 512 * (fat_sector + 1)
    cases.append(good[:at] + bytes(512) + good[at + 512 :])
    for data in cases:
        assert encrypted(data) in (True, False)
