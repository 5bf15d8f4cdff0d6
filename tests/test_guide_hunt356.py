"""What the bundle's HUONG_DAN.txt tells a clerk to expect, against what the tool does (hunt356)."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "packaging" / "windows" / "HUONG_DAN.txt"


def _installed_workbook(tmp_path: Path) -> Path:
    """The bundle's workbook as `cai_dat.cmd` leaves it: `bai_nop` and `tmp` made, its Windows
    paths pointed at this machine's Python and `tmp` folder."""
    import openpyxl

    from toolkit.excel.build import DEFAULT_TARGET

    book = tmp_path / DEFAULT_TARGET.name
    shutil.copy(DEFAULT_TARGET, book)
    (tmp_path / "bai_nop").mkdir()
    (tmp_path / "tmp").mkdir()
    wb = openpyxl.load_workbook(book, keep_vba=True)
    for key, value in wb["xlwings.conf"].iter_rows(min_col=1, max_col=2):
        if key.value == "Interpreter_Win":
            value.value = sys.executable
        elif key.value == "TEMP DIR":
            value.value = str(tmp_path / "tmp")
    wb.save(book)
    return book


def test_the_guide_says_the_install_is_done_as_doctor_reports_it_after_an_install(tmp_path: Path) -> None:
    """HUONG_DAN.txt said “mọi mục [ĐẠT] là xong” of the check `cai_dat.cmd` prints last, but a
    fresh install always warns that “Tên phường” is blank and that the registry sheet holds only
    the template's example row: a clerk following the guide word by word took the install as
    unfinished. It now says no [LỖI] is done, and names each warning an install gives."""
    from toolkit.excel.doctor import diagnose

    findings = [f for f in diagnose(_installed_workbook(tmp_path)) if f.status != "ok"]
    assert [f.topic for f in findings if f.status == "error"] == []
    warned = [f.topic for f in findings if f.status == "warning"]
    assert warned, "a fresh install warns (the ward's name is blank)"
    guide = " ".join(GUIDE.read_text(encoding="utf-8").split())
    install = guide.split("2. CÀI ĐẶT", 1)[1].split("3. DÙNG HẰNG NGÀY", 1)[0]
    assert "mọi mục [ĐẠT]" not in install
    assert "không có mục [LỖI] là xong" in install
    for topic in warned:
        name = re.sub(r"^Sheet “(.+)”$", r"\1", topic.split(" (")[0])
        assert f'"{name}"' in install, topic
