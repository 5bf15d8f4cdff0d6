"""Cases review289 found in the day's changes (fix287, review288's fixes), on real workbooks."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, saved_workbook, write_ward
from toolkit.cli import main
from toolkit.core.model import Registry


def test_the_ward_target_without_a_registry_and_an_excluded_file_says_no_registry_tells_the_rest(
    tmp_path: Path,
) -> None:
    """No registry (its sheet left empty) and CB02's file left out for an error: the one
    organisation added to the bound is a file with errors, and the files not sent yet are still
    unknown. The warning said “cộng 100 cho mỗi tổ chức chưa nộp tệp hoặc có tệp còn lỗi: 1 tổ
    chức”, as if the one were all that had not sent a file, and dropped what review288 F3 made
    it say with no registry."""
    write_ward(tmp_path / "bai_nop", with_error=True)
    settings = {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "TargetOverride": 105, "WardName": "Phường Thử"}
    book = saved_workbook(tmp_path / "th.xlsm", settings, Registry([]))
    out = tmp_path / "th.json"
    result = CliRunner().invoke(
        main, ["consolidate", "--settings", str(book), "--json", str(out), "--no-history"]
    )
    assert result.exit_code in (0, 1), result.output
    summary = json.loads(out.read_text("utf-8"))
    assert summary["indicators"]["members.total"] == 4  # CB02 left out
    (message,) = [i["message"] for i in summary["issues"] if i["code"] == "ward.implausible_target"]
    assert (
        "lớn hơn 104 đảng viên (số đảng viên tại ngày chốt 31/3/2026 của các tổ chức đã tổng hợp, 4, "
        "cộng 100 cho mỗi tổ chức có tệp còn lỗi: 1 tổ chức; không có danh mục tổ chức nên không biết "
        "còn tổ chức nào chưa nộp tệp)"
    ) in message
    assert "chưa nộp tệp hoặc" not in message
