"""An exemption dated before the member's admission (hunt105 F5): validation warns at the
exemption's cell, and the exemptions list counts no month before the admission, its row red
with a note saying the two dates contradict."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner
from helpers_worklists import REGISTRY, _member, d
from test_worklists_edges import HEADER_ROW, lists, submission

from toolkit.cli import main
from toolkit.core import layout
from toolkit.outputs.registry_file import write_registry

CB02, CB01, CB03 = REGISTRY.organisations


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "nop"
    loc = _member(
        "Tôn Thất Bửu Lộc",
        "05/05/1990",
        "male",
        "20/04/2025",
        exempt_from=d("01/01/2025"),
        exempt_reason="working_away",
        working_away="yes",
    )
    admitted = {
        "full_name": "Tôn Thất Bửu Lộc",
        "birth_date": d("05/05/1990"),
        "event_type": "admitted",
        "event_date": d("20/04/2025"),
        "decision_no": "7-QĐ/ĐU",
    }
    submission(folder, CB01, [loc], events=[admitted])
    return folder


def test_validate_warns_of_an_exemption_before_admission(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = CliRunner().invoke(main, ["validate", str(folder)])
    cell = layout.MEMBERS.cell("exempt_from", 2)
    said = " ".join(result.output.split())
    assert f"Đảng viên!{cell} (member.exempt_before_admission)" in said, result.output


def test_the_exemptions_list_counts_no_month_before_admission(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    out = tmp_path / "ds.xlsx"
    lists(folder, out, "--registry", str(registry))
    ws = openpyxl.load_workbook(out)["Miễn, tạm miễn"]
    found = [r for r in ws.iter_rows(min_row=HEADER_ROW + 1) if r[3].value == "Tôn Thất Bửu Lộc"]
    assert len(found) == 1
    note = found[0][9].value
    assert "14 tháng" not in note, note
    assert note == (
        "Miễn từ 01/01/2025, trước ngày vào Đảng 20/4/2025: hai ngày trái nhau, hãy kiểm tra; "
        "tính từ ngày vào Đảng, tạm miễn mới được 11 tháng"
    )
    assert found[0][3].font.color.rgb == "FF9C0006"


def test_the_working_away_list_times_the_exemption_from_the_admission(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    out = tmp_path / "ds.xlsx"
    lists(folder, out)
    ws = openpyxl.load_workbook(out)["Đi làm ăn xa"]
    found = [
        [c.value for c in r] for r in ws.iter_rows(min_row=HEADER_ROW + 1) if r[3].value == "Tôn Thất Bửu Lộc"
    ]
    assert len(found) == 1
    state, due, note = found[0][7], found[0][8], found[0][9]
    assert state == "Tạm miễn (tính từ ngày vào Đảng 20/4/2025)", state  # fix379: the note says the rest
    assert due.date() == d("20/04/2026")
    assert note == "Miễn từ 01/01/2025, trước ngày vào Đảng 20/4/2025: hai ngày trái nhau, hãy kiểm tra", note


def test_an_old_age_exemption_before_admission_is_not_called_temporary(tmp_path: Path) -> None:
    """A full exemption (old age and ill health) dated before the admission (hunt107 F7): the
    warning spoke of "thời gian tạm miễn"; its wording now fits a full exemption too."""
    folder = tmp_path / "nop"
    old = _member(
        "Phan Văn Lão",
        "01/01/1950",
        "male",
        "01/06/1980",
        "01/06/1981",
        exempt_from=d("01/01/1980"),
        exempt_reason="old_age_ill_health",
    )
    submission(folder, CB01, [old])
    result = CliRunner().invoke(main, ["validate", str(folder), "--personal-data"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    cell = layout.MEMBERS.cell("exempt_from", 2)
    assert f"Đảng viên!{cell} (member.exempt_before_admission)" in said, result.output
    assert "tạm miễn" not in said, result.output
    assert "Thời gian miễn công tác, sinh hoạt được tính từ ngày vào Đảng." in said, result.output
