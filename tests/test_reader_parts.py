"""The package gate inflates parts from the file's bytes itself only when zipfile would give the same.

`package.read_part(zf, name, data)` takes a shortcut for plain deflated parts; for everything
else (stored parts, a wrong CRC, a local header that disagrees with the directory, a declared
size that is not the real one) it must end exactly as zipfile does: same bytes or same error.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable

import pytest

from toolkit.io import package

PAYLOAD = b"<worksheet>" + b"<row><c><v>1</v></c></row>" * 2000 + b"</worksheet>"


def _zip(compression: int = zipfile.ZIP_DEFLATED) -> bytearray:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", PAYLOAD)
        zf.writestr("xl/worksheets/sheet2.xml", b"")
    return bytearray(buf.getvalue())


def _central(raw: bytearray) -> int:
    return raw.find(b"PK\x01\x02")


def _outcome(fn: Callable[[], bytes]) -> tuple[str, object]:
    try:
        return "ok", fn()
    except Exception as exc:  # noqa: BLE001 - the outcome is what is compared
        return type(exc).__name__, str(exc)


def _wrong_crc(raw: bytearray) -> None:
    at = _central(raw) + 16
    raw[at : at + 4] = (zlib.crc32(PAYLOAD) ^ 1).to_bytes(4, "little")


def _declared_smaller(raw: bytearray) -> None:
    at = _central(raw) + 24
    raw[at : at + 4] = (len(PAYLOAD) - 10).to_bytes(4, "little")


def _declared_larger(raw: bytearray) -> None:
    at = _central(raw) + 24
    raw[at : at + 4] = (len(PAYLOAD) + 10).to_bytes(4, "little")


def _local_name_differs(raw: bytearray) -> None:
    at = raw.find(b"xl/worksheets/sheet1.xml")  # the first copy is the local header's
    raw[at : at + 2] = b"XL"


def _bad_local_magic(raw: bytearray) -> None:
    raw[0:4] = b"PK\x05\x06"


def _truncated_stream(raw: bytearray) -> None:
    start = 30 + len(b"xl/worksheets/sheet1.xml")
    raw[start + 20 : start + 40] = bytes(20)


def _encrypted_flag(raw: bytearray) -> None:
    at = _central(raw) + 8
    raw[at] |= 0x1


@pytest.mark.parametrize(
    "damage",
    [
        None,
        _wrong_crc,
        _declared_smaller,
        _declared_larger,
        _local_name_differs,
        _bad_local_magic,
        _truncated_stream,
        _encrypted_flag,
    ],
)
@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_reading_a_part_ends_as_zipfile_does(
    damage: Callable[[bytearray], None] | None, compression: int
) -> None:
    raw = _zip(compression)
    if damage is not None:
        damage(raw)
    data = bytes(raw)
    zf = zipfile.ZipFile(io.BytesIO(data))
    for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
        size = zf.getinfo(name).file_size

        def by_zipfile(name: str = name, size: int = size) -> bytes:
            with zf.open(name) as fh:
                return fh.read(size + 1)

        expected = _outcome(by_zipfile)
        assert _outcome(lambda name=name: package.read_part(zf, name, data)) == expected
        assert _outcome(lambda name=name: package.read_part(zf, name)) == expected
    if damage is None:
        assert package.read_part(zf, "xl/worksheets/sheet1.xml", data) == PAYLOAD


def test_the_shortcut_is_taken_for_a_plain_deflated_part() -> None:
    data = bytes(_zip())
    zf = zipfile.ZipFile(io.BytesIO(data))
    assert package._inflate_directly(zf.getinfo("xl/worksheets/sheet1.xml"), data) == PAYLOAD
