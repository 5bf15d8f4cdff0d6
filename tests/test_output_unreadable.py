"""An existing output that cannot be read is refused with what to do.

hunt173 F1: `consolidate -o FILE` where FILE is there at mode 000 said only "-o / --output: không
có quyền đọc tệp “…”.": not why an output is read (it is there, to be replaced) nor what to do.
It now says that the file there cannot be replaced, and to close it in the other program, write
to another name, or have its permissions given.

A real file at mode 000. Root reads it all the same: as root, `os.access` is made to answer as
for anyone else (the permission bits), which is what click asks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_excel import write_ward
from toolkit.cli import main


def test_an_unreadable_output_is_refused_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_ward(tmp_path / "bai_nop", with_error=False)
    out = tmp_path / "kq.xlsx"
    out.write_bytes(b"old")
    out.chmod(0)
    if os.geteuid() == 0:  # root reads anything: answer by the permission bits, as for a clerk
        real = os.access

        def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
            if Path(os.fsdecode(path)) == out and mode & os.R_OK:
                return False
            return real(path, mode, *args, **kwargs)

        monkeypatch.setattr(os, "access", access)
    args = [
        "consolidate",
        str(tmp_path / "bai_nop"),
        "--cutoff",
        "31/03/2026",
        "-o",
        str(out),
        "--no-history",
    ]
    try:
        done = CliRunner().invoke(main, args)
    finally:
        out.chmod(0o644)
    assert done.exit_code == 2, done.output
    assert (
        f"Lỗi: -o / --output: không có quyền đọc tệp “{out}” đang có ở đó, nên không ghi đè lên được. "
        "Hãy đóng tệp này nếu đang mở trong chương trình khác rồi chạy lại, hoặc ghi ra tên tệp khác "
        "(nếu vẫn không được, nhờ cán bộ kỹ thuật cấp quyền đọc và ghi tệp này)."
    ) in done.output.splitlines(), done.output
    assert out.read_bytes() == b"old"
