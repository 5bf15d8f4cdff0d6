"""A password-protected workbook given to `history import` (review229 L4): said as one, with
how to remove the password, never the "an Excel file, not a JSON" refusal nor the advice to
type last year's forms into a new blank workbook (the clerk's typed figures are in this one)."""

from __future__ import annotations

from pathlib import Path

from msoffcrypto.format.ooxml import OOXMLFile

from tests.test_typed_forms_cells import B3, _blank, _fill, _import, _record, _said
from toolkit.core.rules import REMOVE_PASSWORD, rule


def _locked(plain: Path, password: str = "bimat") -> Path:
    """`plain` encrypted with `password`, as Excel's "Encrypt with Password" does (ECMA-376)."""
    target = plain.with_name("khoa_" + plain.name)
    with plain.open("rb") as src, target.open("wb") as out:
        OOXMLFile(src).encrypt(password, out)
    return target


def refused_as_locked(locked: Path, history: Path) -> str:
    """`history import` of the password-protected `locked` into `history`: refused as one, in
    words that say what it is and how to remove the password (never "not a JSON" nor the advice
    to type last year's forms again), no history made; what it said, on one line."""
    done = _import(locked, history)
    print(done.output)
    said = _said(done)
    assert done.exit_code == 2, done.output
    assert f"Tệp “{locked}” là tệp Excel được đặt mật khẩu (đã mã hóa) nên không đọc được." in said
    assert f"Hãy mở tệp bằng Excel, gỡ mật khẩu ({REMOVE_PASSWORD}), lưu lại rồi chạy lại lệnh" in said
    assert "không phải tệp JSON" not in said and "blank-forms" not in said
    assert "Traceback" not in done.output
    assert not history.exists()
    return said


def test_a_password_protected_typed_workbook_is_said_as_one(tmp_path: Path) -> None:
    book = _blank(tmp_path)
    _fill(book, {B3: {"I": 4005}})
    locked = _locked(book)
    assert locked.read_bytes().startswith(bytes.fromhex("D0CF11E0A1B11AE1"))  # an OLE2 file
    history = tmp_path / "ls.sqlite"
    said = refused_as_locked(locked, history)
    assert "Excel 97-2003" not in said, said  # an .xlsx has nothing to save as another kind
    assert "lưu lại rồi chạy lại lệnh với tệp đó." in said, said  # the same file, its password gone
    # Its password removed, the same workbook is imported.
    opened = tmp_path / "da_go_mat_khau.xlsx"
    with locked.open("rb") as src, opened.open("wb") as out:
        office = OOXMLFile(src)
        office.load_key(password="bimat")
        office.decrypt(out)
    done = _import(opened, history)
    assert done.exit_code == 0, done.output
    assert _record(history)["members.total"] == 4005


def test_the_submission_reader_says_the_same_way_to_remove_it() -> None:
    assert f"({REMOVE_PASSWORD})" in rule("file.password").template
