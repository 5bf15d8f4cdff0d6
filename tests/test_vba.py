"""The VBA project writer (`toolkit.excel.ovba`): MS-OVBA compression, encryption, dir stream, CFB."""

from __future__ import annotations

import importlib.metadata
import io
import re
import struct
import unicodedata
from pathlib import Path

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser, decompress_stream

from toolkit.excel import cfb, ovba, vbaread
from toolkit.excel.build import xlwings_dir

# --- compression ------------------------------------------------------------------------------

# [MS-OVBA] 3.2.1, "No Compression Example".
SPEC_PLAIN = b"abcdefghijklmnopqrstuv."
SPEC_PACKED = "01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E"
# [MS-OVBA] 3.2.2, "Normal Compression Example". The container printed in the specification
# picks other (equally valid) copy tokens than its own documented matching procedure, which
# we follow; both must decompress to the input.
SPEC_NORMAL_PLAIN = b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa"
SPEC_NORMAL_PACKED = (
    "01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 30 6D 6E 6F 70"
    " 06 71 02 70 04 10 72 73 74 75 76 10 77 78 79 7A 00 3C"
)


def test_compression_reproduces_the_specification_examples() -> None:
    assert ovba.compress(SPEC_PLAIN) == bytes.fromhex(SPEC_PACKED)
    assert ovba.decompress(bytes.fromhex(SPEC_PACKED)) == SPEC_PLAIN
    assert ovba.decompress(bytes.fromhex(SPEC_NORMAL_PACKED)) == SPEC_NORMAL_PLAIN
    ours = ovba.compress(SPEC_NORMAL_PLAIN)
    assert len(ours) == len(bytes.fromhex(SPEC_NORMAL_PACKED))
    assert ovba.decompress(ours) == SPEC_NORMAL_PLAIN


def _reference_compress_chunk(data: bytes) -> bytes:
    """MS-OVBA 2.4.1.3.7-2.4.1.3.19.4 transcribed literally (slow; for short inputs only)."""
    out = bytearray()
    current, end = 0, len(data)
    while current < end:
        flag_at = len(out)
        out.append(0)
        for bit in range(8):
            if current >= end:
                break
            best_len, best_cand = 0, 0
            cand = current - 1
            while cand >= 0:
                c, d, length = cand, current, 0
                while d < end and data[d] == data[c]:
                    length, c, d = length + 1, c + 1, d + 1
                if length > best_len:
                    best_len, best_cand = length, cand
                cand -= 1
            if best_len >= 3:
                bit_count = max((current - 1).bit_length(), 4)
                length = min(best_len, (0xFFFF >> bit_count) + 3)
                token = ((current - best_cand - 1) << (16 - bit_count)) | (length - 3)
                out += struct.pack("<H", token)
                out[flag_at] |= 1 << bit
                current += length
            else:
                out.append(data[current])
                current += 1
    return bytes(out)


@settings(max_examples=60, deadline=None)
@given(
    st.binary(min_size=1, max_size=300)
    | st.text(alphabet="ab \r\n", min_size=1, max_size=400).map(str.encode)
)
def test_compression_matches_the_specification_algorithm(data: bytes) -> None:
    body = _reference_compress_chunk(data)
    expected = b"\x01" + struct.pack("<H", (len(body) - 1) | 0xB000) + body
    assert ovba.compress(data) == expected


@settings(max_examples=40, deadline=None)
@given(
    st.binary(max_size=9000)
    | st.text(alphabet="Sub End If Then\r\n '\"()_.,xyz0123", max_size=20000).map(str.encode)
)
def test_compression_round_trips_through_oletools(data: bytes) -> None:
    packed = ovba.compress(data)
    assert bytes(decompress_stream(bytearray(packed))) == data
    assert ovba.decompress(packed) == data


def test_long_modules_round_trip_through_oletools() -> None:
    # The xlwings module is ~46 KB: the size at which the ms-ovba package's compressor failed.
    for name in ("xlwings.bas", "addin/WebHelpers.bas"):
        source = (xlwings_dir() / name).read_bytes()
        assert len(source) > 40_000
        packed = ovba.compress(source)
        assert len(packed) < len(source) / 2
        assert bytes(decompress_stream(bytearray(packed))) == source


def test_an_incompressible_chunk_is_stored_raw_and_round_trips() -> None:
    import random

    noise = random.Random(7).randbytes(4096 * 2 + 100)
    packed = ovba.compress(noise)
    (header,) = struct.unpack_from("<H", packed, 1)
    assert header & 0x8000 == 0  # raw chunk
    assert ovba.decompress(packed)[: len(noise)] == noise


# --- PROJECT stream encryption ----------------------------------------------------------------


def test_project_stream_values_decrypt_like_those_office_writes() -> None:
    # xlwings' quickstart workbook was saved by Excel: its CMG/DPB/GC decrypt to
    # "not protected", "no password", "visible" - the values we encrypt.
    ole = olefile.OleFileIO(
        io.BytesIO(_zip_part(xlwings_dir() / "quickstart_standalone.xlsm", "xl/vbaProject.bin"))
    )
    lines = dict(
        line.split("=", 1)
        for line in ole.openstream("PROJECT").read().decode("cp1252").splitlines()
        if "=" in line
    )
    assert ovba.decrypt_data(lines["CMG"].strip('"')) == bytes(4)
    assert ovba.decrypt_data(lines["DPB"].strip('"')) == b"\x00"
    assert ovba.decrypt_data(lines["GC"].strip('"')) == b"\xff"


@given(st.binary(max_size=40), st.integers(0, 255))
def test_encryption_round_trips(data: bytes, seed: int) -> None:
    assert ovba.decrypt_data(ovba.encrypt_data(ovba.PROJECT_ID, data, seed)) == data


def _zip_part(path: Path, part: str) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read(part)


# --- compound file ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sizes", [[0, 1, 63, 64, 65], [4095, 4096, 4097], [20_000, 3, 70_000], list(range(1, 40))]
)
def test_compound_file_streams_read_back_with_olefile(sizes: list[int]) -> None:
    streams = {f"S/N{i:02d}": bytes([i % 251]) * size for i, size in enumerate(sizes)}
    streams["TOP"] = b"top"
    ole = olefile.OleFileIO(io.BytesIO(cfb.write_compound_file(streams)))
    assert sorted("/".join(e) for e in ole.listdir()) == sorted(streams)
    for path, data in streams.items():
        assert ole.openstream(path).read() == data


def test_compound_file_sibling_trees_are_valid_red_black_search_trees() -> None:
    streams = {
        f"VBA/{name}": b"x"
        for name in (
            "dir",
            "_VBA_PROJECT",
            "ThisWorkbook",
            "Sheet1",
            "Sheet2",
            "Sheet3",
            "Sheet4",
            "xlwings",
            "Dictionary",
            "WardStats",
        )
    }
    streams.update({"PROJECT": b"p", "PROJECTwm": b"w"})
    ole = olefile.OleFileIO(io.BytesIO(cfb.write_compound_file(streams)))
    entries = ole.direntries

    def check(sid: int) -> tuple[int, list[tuple[int, str]]]:
        """Black height and in-order keys of the subtree at `sid`."""
        if sid == olefile.NOSTREAM:
            return 1, []
        e = entries[sid]
        left_h, left_keys = check(e.sid_left)
        right_h, right_keys = check(e.sid_right)
        assert left_h == right_h, f"unequal black height below {e.name}"
        if e.color == 0:  # red: children black
            for child in (e.sid_left, e.sid_right):
                assert child == olefile.NOSTREAM or entries[child].color == 1
        return left_h + (e.color == 1), left_keys + [(len(e.name), e.name.upper())] + right_keys

    for e in entries:
        if e is not None and e.sid_child != olefile.NOSTREAM:
            assert entries[e.sid_child].color == 1 or e.entry_type == olefile.STGTY_ROOT
            _, keys = check(e.sid_child)
            assert keys == sorted(keys)


# --- a whole project --------------------------------------------------------------------------


def test_built_project_is_read_back_by_olevba_with_exact_sources() -> None:
    modules = [
        ovba.document_module("ThisWorkbook", ovba.WORKBOOK_BASE),
        ovba.document_module("Sheet1", ovba.WORKSHEET_BASE),
        ovba.procedural_module('Attribute VB_Name = "Hello"\nSub Hi()\n    MsgBox "hi"\nEnd Sub\n'),
        ovba.class_module((xlwings_dir() / "addin" / "Dictionary.cls").read_text(encoding="ascii")),
    ]
    data = ovba.build_vba_project(modules)
    parser = VBA_Parser("vbaProject.bin", data=data)
    found = {name: code for _, _, name, code in parser.extract_macros()}
    assert found == {f"{m.name}.{'bas' if m.kind == 'procedural' else 'cls'}": m.source for m in modules}
    ole = olefile.OleFileIO(io.BytesIO(data))
    assert ole.openstream("VBA/_VBA_PROJECT").read() == b"\xcc\x61\xff\xff\x00\x01\x00"
    info = ovba.parse_dir_stream(ovba.decompress(ole.openstream("VBA/dir").read()))
    assert info.code_page == 1252 and [m.name for m in info.modules] == [m.name for m in modules]
    assert all(m.offset == 0 for m in info.modules)
    assert [m.kind for m in info.modules] == [
        "non-procedural",
        "non-procedural",
        "procedural",
        "non-procedural",
    ]
    project = ole.openstream("PROJECT").read().decode("cp1252")
    assert (
        "Document=ThisWorkbook/&H00000000\r\nDocument=Sheet1/&H00000000\r\nModule=Hello\r\nClass=Dictionary"
        in project
    )


def test_class_module_is_stored_as_the_vba_editor_imports_it() -> None:
    # Reference: the Dictionary class as Excel stored it in xlwings' own quickstart workbook
    # (identical apart from the editor re-casing `err` to `Err`, and LF line ends there).
    ole = olefile.OleFileIO(
        io.BytesIO(_zip_part(xlwings_dir() / "quickstart_standalone.xlsm", "xl/vbaProject.bin"))
    )
    info = ovba.parse_dir_stream(ovba.decompress(ole.openstream("VBA/dir").read()))
    entry = next(m for m in info.modules if m.name == "Dictionary")
    stored = ovba.decompress(ole.openstream("VBA/Dictionary").read()[entry.offset :]).decode("cp1252")
    ours = ovba.class_module((xlwings_dir() / "addin" / "Dictionary.cls").read_text(encoding="ascii"))
    normalise = lambda text: text.replace("\r\n", "\n").replace("err.", "Err.")  # noqa: E731
    assert normalise(ours.source) == normalise(stored)
    assert ours.docstring == entry.docstring


def test_non_ascii_module_source_is_refused() -> None:
    module = ovba.procedural_module('Attribute VB_Name = "M"\nSub A()\n    MsgBox "Tạo mẫu"\nEnd Sub\n')
    with pytest.raises(UnicodeEncodeError):
        ovba.build_vba_project([module])


# --- reading a project back (toolkit.excel.vbaread) -------------------------------------------


@pytest.mark.parametrize(
    "sizes", [[0, 1, 63, 64, 65], [4095, 4096, 4097], [20_000, 3, 70_000], list(range(1, 40))]
)
def test_compound_file_reader_returns_every_stream_written(sizes: list[int]) -> None:
    streams = {f"S/N{i:02d}": bytes([i % 251]) * size for i, size in enumerate(sizes)}
    streams["TOP"] = b"top"
    assert cfb.read_compound_file(cfb.write_compound_file(streams)) == streams


def test_compound_file_reader_agrees_with_olefile_on_a_file_excel_saved() -> None:
    data = _zip_part(xlwings_dir() / "quickstart_standalone.xlsm", "xl/vbaProject.bin")
    ole = olefile.OleFileIO(io.BytesIO(data))
    expected = {"/".join(p): ole.openstream(p).read() for p in ole.listdir()}
    assert cfb.read_compound_file(data) == expected


def test_module_sources_of_a_workbook_excel_saved_match_olevba() -> None:
    path = xlwings_dir() / "quickstart_standalone.xlsm"
    parser = VBA_Parser(str(path))
    try:
        expected = {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()
    assert vbaread.vba_sources(path) == expected
    assert vbaread.embedded_xlwings_version(path) == importlib.metadata.version("xlwings")


def test_a_workbook_without_vba_has_no_embedded_xlwings(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(path)
    assert vbaread.vba_sources(path) == {}
    assert vbaread.embedded_xlwings_version(path) is None


def test_bytes_that_are_no_compound_file_are_refused() -> None:
    with pytest.raises(cfb.CompoundFileError):
        cfb.read_compound_file(b"PK\x03\x04" + b"\x00" * 600)


# --- macros/WardStats.bas: ASCII source, Vietnamese messages, LibreOffice's Basic compiler ----

WARD_STATS_BAS = Path(__file__).resolve().parents[1] / "macros" / "WardStats.bas"
_CONST = re.compile(r'^Private Const (\w+) As String = "(.*)"$', re.MULTILINE)
_ESCAPE = re.compile(r"\\u([0-9A-F]{4})|\\n")


def decode_vn(text: str) -> str:
    """What the module's Vn() makes of a string constant (the same escapes, in Python)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else "\r\n", text)


def vn_constants() -> dict[str, str]:
    return {name: value for name, value in _CONST.findall(WARD_STATS_BAS.read_text(encoding="ascii"))}


def test_the_button_messages_are_vietnamese_in_nfc_and_name_the_setting_to_fix() -> None:
    texts = {name: decode_vn(value) for name, value in vn_constants().items() if name.startswith("MSG_")}
    assert set(texts) >= {"MSG_SHELL", "MSG_PATH_NOT_ASCII", "MSG_NO_PYTHON", "MSG_NOT_INSTALLED"}
    for name, text in texts.items():
        assert unicodedata.normalize("NFC", text) == text, name
        assert "\\u" not in text, name
    for name in ("MSG_PATH_NOT_ASCII", "MSG_NO_PYTHON", "MSG_NOT_INSTALLED"):
        assert "ô Interpreter_Win (sheet “xlwings.conf”)" in texts[name] and "{path}" in texts[name]
    for name in ("MSG_TEMP_NOT_ASCII", "MSG_TEMP_MISSING"):
        assert "ô TEMP DIR (sheet “xlwings.conf”)" in texts[name] and "{path}" in texts[name]
    assert "{number}" in texts["MSG_RUNTIME"] and "{description}" in texts["MSG_RUNTIME"]
    assert texts["MSG_NO_PYTHON"].startswith("Không tìm thấy chương trình Python")


def test_each_button_macro_checks_first_and_traps_every_runtime_error() -> None:
    from toolkit.excel import book as xlbook

    source = WARD_STATS_BAS.read_text(encoding="ascii")
    captions = {decode_vn(v) for k, v in vn_constants().items() if k.startswith("CAPTION_")}
    assert captions == {b.caption for b in xlbook.BUTTONS}
    for button in xlbook.BUTTONS:
        body = re.search(rf"^Sub {button.macro}\(\)\n(.*?)^End Sub", source, re.DOTALL | re.MULTILINE)
        assert body, button.macro
        lines = [line.strip() for line in body.group(1).splitlines()]
        assert lines[0] == "On Error GoTo Failed"  # before anything can fail
        assert lines[1].startswith("If Not ReadyToRun(") and lines[1].endswith("Then Exit Sub")
        assert lines[2] == xlbook.RUNPYTHON_TEMPLATE.format(entry=button.entry_point)
        assert lines[3:5] == ["Exit Sub", "Failed:"] and lines[5].startswith("ShowRuntimeError ")
        launcher = re.search(r'"([^"]+\.cmd)"', lines[1])
        assert launcher and launcher.group(1) in lines[5]
    # Paths are looked at through COM (WScript.Shell, FileSystemObject), never through VBA's
    # ANSI file functions; VBA's MsgBox (ANSI too) only shows an ASCII pointer to the status cell.
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("'"))
    assert not re.search(r"\b(GetAttr|Dir|FileLen|Environ)\$?\(", code)
    assert re.findall(r"\bMsgBox\b.*", code) == [
        'MsgBox Replace(MSG_SEE_STATUS, "{cmd}", launcher), vbExclamation, "ward-stats"'
    ]


def test_the_module_reports_into_the_status_cell_as_python_does() -> None:
    from toolkit.excel import book as xlbook
    from toolkit.excel import failsafe

    source = WARD_STATS_BAS.read_text(encoding="ascii")
    assert f'Private Const STATUS_NAME As String = "{xlbook.STATUS_NAME}"' in source
    red, green, blue = xlbook.ERROR_COLOR
    assert f"Private Const ERROR_COLOR As Long = {red + 256 * green + 65536 * blue}" in source
    assert decode_vn(vn_constants()["MSG_FAILED"]) == failsafe.FAILED


_DRIVER = """
Sub WardStatsTestDriver
    Dim f As Integer
    f = FreeFile
    Open "{out}" For Output As #f
{prints}
    Close #f
End Sub

Private Function Codes(ByVal text As String) As String
    Dim i As Long
    For i = 1 To Len(text)
        Codes = Codes & AscW(Mid$(text, i, 1)) & " "
    Next i
End Function
"""


def _run_basic(profile: Path, module: str, timeout: float = 180) -> None:
    """Run `Standard.WardStats.WardStatsTestDriver` in a fresh LibreOffice user profile."""
    import html
    import os
    import signal
    import subprocess

    from libreoffice import soffice as find_soffice

    soffice = find_soffice()  # fails, not skips, where CI requires it
    args = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    subprocess.run([*args, "--terminate_after_init"], check=True, capture_output=True, timeout=timeout)
    library = profile / "user" / "basic" / "Standard"
    (library / "WardStats.xba").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD '
        'OfficeDocument 1.0//EN" "module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/'
        f'script" script:name="WardStats" script:language="StarBasic">{html.escape(module, quote=False)}'
        "</script:module>",
        encoding="utf-8",
    )
    xlb = (library / "script.xlb").read_text(encoding="utf-8")
    element = '<library:element library:name="WardStats"/>'
    (library / "script.xlb").write_text(xlb.replace("</library:library>", f" {element}\n</library:library>"))
    # A compile error opens a dialog that headless LibreOffice waits on: hence the timeout,
    # and the whole process group is killed.
    process = subprocess.Popen(
        [*args, "macro:///Standard.WardStats.WardStatsTestDriver"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.mark.slow
def test_libreoffice_basic_compiles_the_module_and_decodes_its_messages(tmp_path: Path) -> None:
    # LibreOffice compiles a module when one of its procedures is first called; the driver
    # below is appended to a copy of WardStats.bas and prints what Vn() and IsAscii() return.
    # (xlwings' own module cannot be tried this way: LibreOffice's compiler rejects it, and
    # the calls into it, RunPython and the Windows API, cannot run on Linux anyway.)
    out = tmp_path / "out.txt"
    names = sorted(vn_constants())
    prints = [f"    Print #f, Codes(Vn({name}))" for name in names]
    prints += [
        '    Print #f, IsAscii("C:\\WardStats\\venv\\Scripts\\python.exe")',
        '    Print #f, IsAscii(Vn("C:\\Users\\Nguy\\u1EC5n\\python.exe"))',
    ]
    source = WARD_STATS_BAS.read_text(encoding="ascii").split("\n", 1)[1]  # no Attribute line
    module = "Option VBASupport 1\n" + source + _DRIVER.format(out=out, prints="\n".join(prints))
    _run_basic(tmp_path / "profile", module)
    assert out.is_file(), "LibreOffice did not run the module: its Basic compiler rejected WardStats.bas"
    lines = out.read_text(encoding="latin-1").splitlines()
    decoded = ["".join(chr(int(c) % 65536) for c in line.split()) for line in lines[: len(names)]]
    assert decoded == [decode_vn(vn_constants()[name]) for name in names]
    assert [line.strip() for line in lines[len(names) :]] == ["True", "False"]


def test_the_excel_guide_describes_the_dialogs_the_module_shows() -> None:
    """docs/excel.md promised a Vietnamese “Nút … chưa chạy được” dialog when WScript.Shell is
    blocked, but then the module can only show VBA's ASCII MsgBox pointing at the status cell,
    which the guide's list matched to the deleted-status/protected-sheet entry (hunt43 docs #2)."""
    guide = " ".join((WARD_STATS_BAS.parents[1] / "docs" / "excel.md").read_text(encoding="utf-8").split())
    trouble = guide.split("### Khi có sự cố", 1)[1].split("- **Cách dự phòng 1", 1)[0]
    entries = {entry.split("**", 1)[0]: entry for entry in trouble.split("- **Bấm nút mà ")[1:]}
    constants = vn_constants()
    title = decode_vn(constants["MSG_TITLE"]).split("{button}")
    popup = next(e for e in entries.values() if all(part in e for part in title))
    assert "Interpreter_Win" in popup and "TEMP DIR" in popup
    assert decode_vn(constants["MSG_RUNTIME"]).split("{number}")[0].split("{button}")[1] in popup
    see_status = constants["MSG_SEE_STATUS"].replace("{cmd}", "Tong hop.cmd")
    (msgbox,) = [e for e in entries.values() if see_status in e]
    assert "WScript.Shell" in msgbox and "tin học" in msgbox and ".cmd" in msgbox
    assert decode_vn(constants["MSG_SHELL"]).split(" (", 1)[0] in msgbox  # what the status cell says
    assert "Unprotect" not in msgbox
    assert see_status not in popup
    it_note = guide.split("Ghi chú cho bộ phận tin học", 1)[1].split("## Part 2", 1)[0]
    assert "báo bằng tiếng Việt" not in it_note
    assert see_status.split(" Xem", 1)[0] in it_note
