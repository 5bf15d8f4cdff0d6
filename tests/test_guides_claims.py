"""What the guides say a command shows or a template adds is what the tool does (hunt276).

The sentences are read from the documents themselves, so a guide that names the wrong command
or leaves out an item fails here, not on a clerk's desk."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers_history import filled_history, record, run_cli
from toolkit.core import layout

ROOT = Path(__file__).resolve().parent.parent
RUN_ID = "20260331T101502-3fa9c2d1"


def _history_row_command() -> list[str]:
    """The `ward-stats history …` command that docs/publishing.md's run-id table says shows a
    history record's run id, as arguments (its `N` is the record's number)."""
    text = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| history record |"))
    found = re.search(r"`ward-stats (history [a-z-]+(?: N)?)`", row)
    assert found, row
    return found.group(1).split()


def test_the_command_publishing_names_shows_the_run_id_of_a_history_record(tmp_path: Path) -> None:
    history = filled_history(tmp_path / "lich_su_tong_hop.sqlite", record(run_id=RUN_ID))
    args = ["1" if word == "N" else word for word in _history_row_command()]
    result = run_cli(*args, "--history", history)
    assert result.exit_code == 0, result.output
    assert RUN_ID in result.output, (args, result.output)


# How the README names a new item in fewer words than its header (what a clerk calls it).
_SHORT = {"Đoàn viên Đoàn TNCS Hồ Chí Minh": "Đoàn viên"}


def test_the_readme_names_every_item_the_2026_2_template_adds() -> None:
    """The README's paragraph on template 2026.2 names each item a 2026.1 file lacks, as the
    `file.old_template` warning lists them (`layout.missing_in`)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if p.startswith("**Biểu mẫu phiên bản 2026.2**"))
    paragraph = " ".join(paragraph.split())
    missing = [f.header for f in layout.missing_in("2026.1")]
    assert missing
    unnamed = [h for h in missing if _SHORT.get(h, h) not in paragraph]
    assert not unnamed, paragraph


def test_blank_forms_never_sends_a_future_cutoff_to_a_period_still_to_come(tmp_path: Path) -> None:
    """excel.md: typing a cut-off after today, the window "nói lý do và hỏi lại". Typed two years
    ahead, the period a year earlier is after today too: it is not offered as last year's forms
    (it was, with the --cutoff that the command refuses in its turn)."""
    import datetime as dt

    from toolkit.core.dates import same_period_last_year

    today = dt.date.today()
    ahead = dt.date(today.year + 2, 3, 31)
    start, end = same_period_last_year((dt.date(ahead.year, 1, 1), ahead))
    assert end > today
    result = run_cli("history", "blank-forms", tmp_path / "x.xlsx", "--cutoff", ahead.strftime("%d/%m/%Y"))
    assert result.exit_code == 2, result.output
    assert "có lẽ nhầm năm" in result.output, result.output
    assert f"{end:%d/%m/%Y}" not in result.output, result.output
    assert f"{end.day}/{end.month}/{end.year}" not in result.output, result.output
    assert not (tmp_path / "x.xlsx").exists()
