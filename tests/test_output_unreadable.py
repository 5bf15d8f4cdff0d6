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


def _unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`path` at mode 000; as root (who reads anything), `os.access` answers by the permission
    bits, as for a clerk."""
    path.chmod(0)
    if os.geteuid() == 0:
        real = os.access

        def access(asked: object, mode: int, *args: object, **kwargs: object) -> bool:
            if Path(os.fsdecode(asked)) == path and mode & os.R_OK:  # type: ignore[arg-type]
                return False
            return real(asked, mode, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "access", access)


def _consolidate(tmp_path: Path, out: Path) -> list[str]:
    return ["consolidate", str(tmp_path / "bai_nop"), "--cutoff", "31/03/2026", "-o", str(out)]


def test_an_unreadable_output_is_refused_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_ward(tmp_path / "bai_nop", with_error=False)
    out = tmp_path / "kq.xlsx"
    out.write_bytes(b"old")
    _unreadable(out, monkeypatch)
    args = [*_consolidate(tmp_path, out), "--no-history"]
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


@pytest.mark.parametrize("role", ["report input", "history"])
def test_an_unreadable_input_or_history_is_not_told_to_be_written_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, role: str
) -> None:
    """review181 F1: the advice of an output (close it, write to another name) is not given for
    a file only read, nor for the history, which is added to: written elsewhere, the next runs
    would have no last year, no trend and no opening check."""
    write_ward(tmp_path / "bai_nop", with_error=False)
    path = tmp_path / ("tong_hop.json" if role == "report input" else "lich_su.sqlite")
    path.write_bytes(b"{}")
    _unreadable(path, monkeypatch)
    if role == "report input":
        args, said = (
            ["report", str(path), "-o", str(tmp_path / "bao_cao.md")],
            f"Lỗi: Không có quyền đọc đường dẫn “{path}”.",
        )
    else:
        args = [*_consolidate(tmp_path, tmp_path / "kq.xlsx"), "--history", str(path)]
        said = f"Lỗi: --history: không có quyền đọc tệp “{path}”."
    try:
        done = CliRunner().invoke(main, args)
    finally:
        path.chmod(0o644)
    assert done.exit_code == 2, done.output
    assert said in done.output.splitlines(), done.output
    assert "ghi ra tên tệp khác" not in done.output and "ghi đè" not in done.output
