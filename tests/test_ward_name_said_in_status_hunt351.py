"""A ward name the forms head wrongly is said where the run ends (hunt351).

“Đảng ủy phường Hải Dương” typed in “Tên phường” (copied from an old form's heading) heads
every Biểu 1–4-BTCTW “ĐẢNG ỦY ĐẢNG ỦY PHƯỜNG HẢI DƯƠNG”; “Phường” alone heads them with no name.
Both were warned of only among the rows of sheet `Kiểm tra` (`ward.name_without_kind`,
`ward.name_only_kind`), while an empty cell is said in the status cell and on the console
(`status.NO_WARD_NAME`): the forms went out with the wrong heading unread.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, REGISTRY, Replay, book_json, caller_book, saved_workbook, write_ward
from toolkit import excel
from toolkit.cli import main
from toolkit.excel.build import DEFAULT_TARGET

CASES = [
    ("Đảng ủy phường Hải Dương", "“ĐẢNG ỦY ĐẢNG ỦY PHƯỜNG HẢI DƯƠNG”"),
    ("Phường", "“ĐẢNG ỦY PHƯỜNG”, không có tên"),
]


@pytest.mark.parametrize(("typed", "heading"), CASES)
def test_the_console_of_consolidate_settings_says_the_heading(
    tmp_path: Path, typed: str, heading: str
) -> None:
    write_ward(tmp_path / "bai_nop", with_error=False)
    settings = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "WardName": typed}
    book = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", settings, REGISTRY)
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(book), "--no-history"])
    assert result.exit_code in (0, 1), result.output
    said = [line for line in result.output.splitlines() if heading in line]
    assert said and said[0].startswith("Tên phường"), result.output


@pytest.mark.parametrize(("typed", "heading"), CASES)
def test_the_status_cell_of_the_button_says_the_heading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str, heading: str
) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.chdir(tmp_path)
    write_ward(tmp_path / "bai_nop", with_error=False)
    settings = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "WardName": typed}
    data = book_json(DEFAULT_TARGET, settings, registry=REGISTRY)
    book = caller_book(data)
    excel.consolidate()
    status = Replay(data, book.json()["actions"]).status()
    assert "Tên phường " in status and heading in status, status
