"""The forms' settings and the history on the path without macros (`--settings FILE.xlsm`)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, REGISTRY, saved_workbook, write_ward
from toolkit.cli import main
from toolkit.excel import book as xlbook
from toolkit.excel.settings_file import read_workbook_settings
from toolkit.history.store import HistoryStore


def test_ward_name_and_forms_period_are_read_from_the_saved_workbook(tmp_path: Path) -> None:
    values = {"CutoffDate": CUTOFF, "WardName": "  Phường   Hải Dương ", "FormPeriodStart": "01/02/2026"}
    settings = read_workbook_settings(saved_workbook(tmp_path / "th.xlsm", values)).settings
    assert settings.ward_name == "Phường Hải Dương"
    assert settings.form_period_start is not None and settings.form_period_start.isoformat() == "2026-02-01"


def test_a_workbook_saved_before_these_settings_existed_reads_them_as_empty(tmp_path: Path) -> None:
    path = saved_workbook(tmp_path / "cu.xlsm", {"CutoffDate": CUTOFF})
    wb = openpyxl.load_workbook(path, keep_vba=True)
    for name in ("WardName", "FormPeriodStart"):
        del wb.defined_names[name]
    wb.save(path)
    settings = read_workbook_settings(path).settings
    assert settings.ward_name is None and settings.form_period_start is None
    assert {"WardName", "FormPeriodStart"} <= {s.name for s in xlbook.settings() if not s.in_every_book}


def test_a_bad_forms_period_setting_is_named(tmp_path: Path) -> None:
    from toolkit.core.errors import SettingError

    saved = read_workbook_settings(saved_workbook(tmp_path / "th.xlsm", {"FormPeriodStart": "31/02/2026"}))
    with pytest.raises(SettingError, match="Biểu mẫu BTCTW: kỳ báo cáo từ ngày"):
        saved.settings  # noqa: B018 - parsing happens on access


def test_consolidate_with_settings_records_beside_the_workbook_like_its_buttons(tmp_path: Path) -> None:
    write_ward(tmp_path / "bai_nop", with_error=False)
    values = {
        "InputFolder": "bai_nop",
        "CutoffDate": CUTOFF,
        "OutputFile": "ket_qua/kq.xlsx",
        "WardName": "Phường Thử",
    }
    (tmp_path / "ket_qua").mkdir()
    book = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", values, REGISTRY)
    summary = tmp_path / "t.json"
    result = CliRunner().invoke(main, ["consolidate", "--settings", str(book), "--json", str(summary)])
    assert result.exit_code == 0, result.output
    assert json.loads(summary.read_text(encoding="utf-8"))["ward_name"] == "Phường Thử"
    (stored,) = HistoryStore(tmp_path / "lich_su_tong_hop.sqlite").records()
    assert stored.ward_name == "Phường Thử"
    assert not (tmp_path / "ket_qua" / "lich_su_tong_hop.sqlite").exists()
