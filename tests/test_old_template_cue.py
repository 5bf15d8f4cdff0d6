"""What the guides tell the clerk to look for in sheet `Kiểm tra` before pressing `Nâng cấp`
is what that sheet shows for a file of the old template, and the warning names the button.

docs/excel.md and the `.xlsm`'s own instructions (sheet `Điều khiển`) quoted “Biểu mẫu phiên
bản cũ”, the rule's title, which the sheet never prints for this warning; a Ctrl+F found
nothing (hunt33 #2).
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from helpers_validate import write_old
from openpyxl import load_workbook

from toolkit.cli import main

ROOT = Path(__file__).resolve().parents[1]
CUE = re.compile(r"(?:sheet “Kiểm tra”|sheet Kiểm tra) báo\s+“([^”]+)”")


def _texts(path: Path, sheet: str) -> str:
    book = load_workbook(path, read_only=True)
    try:
        rows = book[sheet].iter_rows(values_only=True)
        return "\n".join(" ".join(str(v) for v in row if v is not None) for row in rows)
    finally:
        book.close()


def _cue(text: str) -> str:
    found = CUE.search(" ".join(text.split()))
    assert found, text
    return found.group(1).rstrip("…").rstrip(". ")


def test_the_cue_to_press_upgrade_is_what_the_check_sheet_shows(tmp_path: Path) -> None:
    submissions = tmp_path / "bai_nop"
    submissions.mkdir()
    write_old(submissions)
    out = tmp_path / "kq.xlsx"
    args = ["consolidate", str(submissions), "--cutoff", "31/03/2026", "-o", str(out), "--no-history"]
    result = CliRunner().invoke(main, args)
    assert out.is_file(), result.output
    check = " ".join(_texts(out, "Kiểm tra").split())
    assert "file.old_template" in check
    guide = (ROOT / "docs" / "excel.md").read_text(encoding="utf-8")
    sheet = _texts(ROOT / "xlsx_templates" / "tong_hop_phuong.xlsm", "Điều khiển")
    for where, text in (("docs/excel.md", guide), ("Điều khiển", sheet)):
        cue = _cue(text)
        assert cue in check, (where, cue)
    # The warning points to the button too, on the sheet the button fills.
    (line,) = [row for row in _texts(out, "Kiểm tra").splitlines() if "file.old_template" in row]
    line = " ".join(line.split())
    assert "nút “Nâng cấp”" in line and "Nang cap.cmd" in line and "ward-stats upgrade" in line
