"""hunt302: a ward clerk following README.md and docs/excel.md to the letter, without macros.

- The first `Tong hop.cmd` of an office with no history yet told a ward with last year's forms
  only to open a Command Prompt and type `history blank-forms …`, while docs/excel.md (and the
  bundle's HUONG_DAN.txt) say that needs no Command Prompt: `Nam truoc 1 - Tao tep.cmd`, then
  `Nam truoc 2 - Nhap vao lich su.cmd`, which lie beside the history.
- `Tong hop.cmd` closed its window on success, so the clerk never read what `consolidate`
  says only on its console: that a new history file was started (and how to put last year's
  figures in), or that this run replaced an earlier one of the same cut-off (and how to remove
  it), notes the buttons put in their status cell and whose own words say “chạy lại Tong
  hop.cmd”.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, REGISTRY, saved_workbook, write_ward
from toolkit.cli import main
from toolkit.core.commands import FORMS_FILENAME, FORMS_IMPORT_LAUNCHER, FORMS_LAUNCHER
from toolkit.excel.build import WORKBOOK_FILENAME

WINDOWS = Path(__file__).resolve().parents[1] / "packaging" / "windows"


def _office(tmp_path: Path) -> Path:
    """The unzipped bundle as the clerk uses it: the launchers, the saved workbook, bai_nop."""
    for launcher in WINDOWS.glob("*.cmd"):
        shutil.copy(launcher, tmp_path / launcher.name)
    write_ward(tmp_path / "bai_nop", with_error=False)
    saved_workbook(
        tmp_path / WORKBOOK_FILENAME,
        {"InputFolder": "bai_nop", "CutoffDate": CUTOFF, "WardName": "Phường Thử"},
        REGISTRY,
    )
    return tmp_path


def test_the_first_consolidation_names_the_launchers_of_last_years_forms(tmp_path: Path) -> None:
    folder = _office(tmp_path)
    done = CliRunner().invoke(main, ["consolidate", "--settings", str(folder / WORKBOOK_FILENAME)])
    said = " ".join(done.output.split())
    assert "Chưa có tệp lịch sử" in said, said
    first_year = said.split("Nếu chỉ có các biểu đã gửi năm trước", 1)[1]
    assert f"không cần Command Prompt: bấm đúp {FORMS_LAUNCHER}" in first_year, first_year
    assert FORMS_FILENAME in first_year and f"bấm đúp {FORMS_IMPORT_LAUNCHER}" in first_year, first_year
    # The command stays, for a clerk with a Command Prompt open.
    assert 'history blank-forms "TỆP.xlsx" --cutoff NGÀY_CHỐT_NĂM_TRƯỚC' in first_year, first_year


def test_without_the_launchers_the_note_gives_the_commands_alone(tmp_path: Path) -> None:
    write_ward(tmp_path / "bai_nop", with_error=False)
    saved_workbook(tmp_path / WORKBOOK_FILENAME, {"InputFolder": "bai_nop", "CutoffDate": CUTOFF}, REGISTRY)
    done = CliRunner().invoke(main, ["consolidate", "--settings", str(tmp_path / WORKBOOK_FILENAME)])
    said = " ".join(done.output.split())
    assert "Chưa có tệp lịch sử" in said and FORMS_LAUNCHER not in said, said


def test_tong_hop_cmd_waits_for_a_key_whatever_the_exit_code() -> None:
    """Its console is the only place the history's notes are said on that path."""
    text = (WINDOWS / "Tong hop.cmd").read_text(encoding="ascii")
    after = text.split('\n"%WARD_STATS%" ', 1)[1].split(":not_installed")[0]
    assert "pause >nul" in after and after.index("pause >nul") < after.index("exit /b"), after
    assert 'if not "%RESULT%"=="0" exit /b 1' in after, after
