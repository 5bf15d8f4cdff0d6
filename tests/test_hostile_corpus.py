"""The hostile corpus is what it claims to be (issue 7 item 1).

The guarantees are only as strong as the inputs: these tests prove that the bomb really
inflates to a gibibyte, that the lying bomb really lies, that the encrypted file is really
encrypted, that the macro really is an auto-run VBA project, and so on.
"""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import pytest
from corpus import (
    GIB,
    Corpus,
    session_corpus,
)
from ooxml_hostile import BILLION_LAUGHS, OoxmlPackage, inflated_size
from python_calamine import CalamineWorkbook

from toolkit.core import layout
from toolkit.io.legacy import from_tcvn3, from_vni
from toolkit.sample.messy import to_tcvn3, to_vni

pytestmark = pytest.mark.slow  # real processes, generated wards or large inputs: `-m "not slow"` skips them

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return session_corpus(tmp_path_factory)


def _members_part(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        pkg = OoxmlPackage.__new__(OoxmlPackage)
        pkg.parts = {n: zf.read(n) for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")}
    return pkg.sheet_part(layout.SHEET_MEMBERS)


def test_zip_bomb_is_small_on_disk_and_inflates_to_a_gibibyte(corpus: Corpus) -> None:
    path = corpus.path(corpus.by_kind("zip_bomb").name)
    assert path.stat().st_size < 2 * 1024 * 1024
    part = _members_part(path)
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo(part).file_size >= GIB
    assert inflated_size(path, part, limit=GIB) >= GIB


def test_lying_zip_bomb_declares_a_few_kilobytes_but_inflates_far_more(corpus: Corpus) -> None:
    path = corpus.path(corpus.by_kind("zip_bomb_lying").name)
    part = _members_part(path)
    with zipfile.ZipFile(path) as zf:
        declared = zf.getinfo(part).file_size
        declared_total = sum(i.file_size for i in zf.infolist())
    assert declared < 100_000
    assert declared_total < 1024 * 1024
    assert inflated_size(path, part, limit=64 * 1024 * 1024) >= 64 * 1024 * 1024


def test_entity_bomb_nests_nine_levels_of_ten(corpus: Corpus) -> None:
    path = corpus.path(corpus.by_kind("entity_bomb").name)
    with zipfile.ZipFile(path) as zf:
        sst = zf.read("xl/sharedStrings.xml").decode()
        members = zf.read(_members_part(path)).decode()
    assert sst == BILLION_LAUGHS
    assert sst.count("<!ENTITY") == 10 and "&lol9;" in sst
    assert '<c r="B2"' in members and 't="s"><v>0</v>' in members


def test_external_entity_points_at_a_local_file(corpus: Corpus) -> None:
    with zipfile.ZipFile(corpus.path(corpus.by_kind("external_entity").name)) as zf:
        assert 'SYSTEM "file:///etc/passwd"' in zf.read("xl/sharedStrings.xml").decode()


def test_password_protected_workbook_is_an_encrypted_ole_package(corpus: Corpus) -> None:
    import msoffcrypto

    path = corpus.path(corpus.by_kind("password").name)
    assert path.read_bytes()[:8] == OLE_SIGNATURE
    with open(path, "rb") as fh:
        assert msoffcrypto.OfficeFile(fh).is_encrypted()


def test_old_xls_is_a_biff8_compound_file(corpus: Corpus) -> None:
    import olefile

    path = corpus.path(corpus.by_kind("old_xls").name)
    assert path.suffix == ".xls"
    ole = olefile.OleFileIO(str(path))
    stream = ole.openstream("Workbook").read()
    assert stream[:4] == bytes.fromhex("0908 1000".replace(" ", ""))  # BOF, 16 bytes
    assert int.from_bytes(stream[4:6], "little") == 0x0600  # BIFF8


def test_xlsm_carries_an_auto_run_vba_project(corpus: Corpus) -> None:
    from oletools.olevba import VBA_Parser

    path = corpus.path(corpus.by_kind("vba").name)
    with zipfile.ZipFile(path) as zf:
        assert "xl/vbaProject.bin" in zf.namelist()
        assert "macroEnabled" in zf.read("[Content_Types].xml").decode()
    parser = VBA_Parser(str(path))
    try:
        kinds = {kind for kind, _, _ in parser.analyze_macros()}
        assert "AutoExec" in kinds and "Suspicious" in kinds
    finally:
        parser.close()


def test_non_workbooks_are_what_they_say(corpus: Corpus) -> None:
    assert corpus.path(corpus.by_kind("empty_file").name).stat().st_size == 0
    assert not zipfile.is_zipfile(corpus.path(corpus.by_kind("random_bytes").name))
    assert corpus.path(corpus.by_kind("random_zip_magic").name).read_bytes()[:4] == b"PK\x03\x04"
    csv_text = corpus.path(corpus.by_kind("csv_renamed").name).read_text("utf-8")
    assert csv_text.splitlines()[0] == ",".join(layout.MEMBERS.headers)
    truncated = corpus.path(corpus.by_kind("truncated").name).read_bytes()
    assert truncated[:4] == b"PK\x03\x04"
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(corpus.path(corpus.by_kind("truncated").name))


def test_big_sheets_have_200000_rows_and_16384_columns(corpus: Corpus) -> None:
    rows_path = corpus.path(corpus.by_kind("rows_200k").name)
    with zipfile.ZipFile(rows_path) as zf:
        xml = zf.read(_members_part(rows_path))
    assert xml.count(b"<row ") == 200_001
    wide = CalamineWorkbook.from_path(str(corpus.path(corpus.by_kind("cols_16384").name)))
    rows = wide.get_sheet_by_name(layout.SHEET_MEMBERS).to_python()
    assert max(len(r) for r in rows) == 16_384


def test_hidden_merged_and_formula_items(corpus: Corpus) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(corpus.path(corpus.by_kind("hidden").name))
    assert wb["Danh sách cũ"].sheet_state == "hidden"
    assert wb[layout.SHEET_EVENTS].sheet_state == "hidden"
    assert wb[layout.SHEET_MEMBERS].row_dimensions[3].hidden
    wb = load_workbook(corpus.path(corpus.by_kind("merged").name))
    assert [str(r) for r in wb[layout.SHEET_MEMBERS].merged_cells.ranges] == ["D3:D4"]
    for kind, cached in (("formula_cached", True), ("formula_uncached", False)):
        path = corpus.path(corpus.by_kind(kind).name)
        with zipfile.ZipFile(path) as zf:
            xml = zf.read(_members_part(path)).decode()
        assert xml.count("<f>ROW()-1</f>") == 3
        assert ("<f>ROW()-1</f><v>1</v>" in xml) is cached
        assert ("<f>ROW()-1</f></c>" in xml) is not cached


def test_legacy_encoders_invert_the_toolkit_decoders() -> None:
    text = "Nguyễn Thị Hương, Trần Văn Bình, Đỗ Thị Lan: Trung học phổ thông, Đại học, Nữ"
    assert from_tcvn3(to_tcvn3(text)) == text
    assert unicodedata.normalize("NFC", from_vni(to_vni(text))) == text
    assert to_tcvn3(text) != text and to_vni(text) != text


def test_lock_files_sit_beside_the_workbook_they_lock(corpus: Corpus) -> None:
    names = {p.name for p in corpus.root.iterdir()}
    assert {"~$T01_sach.xlsx", ".~lock.T01_sach.xlsx#", "T01_sach.xlsx"} <= names


def test_nfd_item_is_decomposed(corpus: Corpus) -> None:
    book = CalamineWorkbook.from_path(str(corpus.path(corpus.by_kind("nfd").name)))
    name = book.get_sheet_by_name(layout.SHEET_MEMBERS).to_python()[1][1]
    assert not unicodedata.is_normalized("NFC", name)
