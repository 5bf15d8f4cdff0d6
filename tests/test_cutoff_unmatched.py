"""`ward.cutoff_unmatched`: the cut-off a run uses matches no file, while most files agree on
another one. Most likely the cut-off was mistyped in the settings (or `--cutoff`): every file
then has its own `org.cutoff_mismatch` error and nothing consolidates, and the one line that
says why comes first — in the issues, the console and the Excel status cell."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_validate import CUTOFF, clean_info, member, run, write

from tests.helpers_excel import CUTOFF as WARD_CUTOFF
from tests.helpers_excel import PERIOD_START, REGISTRY, write_ward
from tests.helpers_unexpected import Failing
from toolkit.cli import main
from toolkit.excel.book import consolidation_summary, validation_summary
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.sheets import SHEET_ISSUES
from toolkit.outputs.sheets.cells import HEADER_ROW
from toolkit.pipeline import consolidate

CODE = "ward.cutoff_unmatched"
TYPO = dt.date(2026, 12, 31)  # 31/03 typed as 31/12


def org(code: str, cutoff: dt.date = CUTOFF) -> dict[str, Any]:
    rows = [member(full_name=f"Người {code} {n}", birth_date=dt.date(1970 + n, 1, 1), card_no=f"{code}-{n}")
            for n in (1, 2)]  # fmt: skip
    return {"info": clean_info(org_code=code, cutoff_date=cutoff), "members": rows, "events": [], "years": []}


def files(folder: Path, *cutoffs: dt.date) -> list[Path]:
    return [write(folder, f"CB{n:02d}.xlsx", **org(f"CB{n:02d}", c)) for n, c in enumerate(cutoffs, 1)]


def test_a_mistyped_cut_off_is_said_once_before_the_files_errors(tmp_path: Path) -> None:
    paths = files(tmp_path, CUTOFF, CUTOFF, CUTOFF)
    result = run(*paths, cutoff=TYPO)
    (issue,) = [i for i in result.issues if i.code == CODE]
    assert issue.severity == "error" and issue.file is None and issue.cell is None
    assert result.ward_issues[0] is issue  # the first of the run's own issues
    assert "Không tệp nào có ngày chốt số liệu 31/12/2026" in issue.message
    assert "3/3 tệp ghi ngày chốt 31/03/2026" in issue.message
    assert "ô “Ngày chốt số liệu” ở sheet “Điều khiển” (hoặc --cutoff)" in issue.message
    # Each file keeps its own error: the ward's line explains them, it does not replace them.
    assert sum(i.code == "org.cutoff_mismatch" for i in result.issues) == 3


def test_a_majority_is_enough_when_no_file_has_the_run_s_cut_off(tmp_path: Path) -> None:
    paths = files(tmp_path, CUTOFF, CUTOFF, dt.date(2026, 6, 30))
    (issue,) = [i for i in run(*paths, cutoff=TYPO).issues if i.code == CODE]
    assert "2/3 tệp ghi ngày chốt 31/03/2026" in issue.message


@pytest.mark.parametrize(
    ("cutoffs", "used"),
    [
        ((CUTOFF, CUTOFF, CUTOFF), CUTOFF),  # the right cut-off
        ((CUTOFF, CUTOFF, TYPO), TYPO),  # one file has the run's: the others are late, not it
        ((CUTOFF,), TYPO),  # one file: its own error says it all
        ((CUTOFF, dt.date(2026, 6, 30)), TYPO),  # no majority to point to
        ((CUTOFF, CUTOFF, dt.date(2026, 6, 30), dt.date(2026, 6, 30)), TYPO),  # a tie
    ],
)
def test_nothing_is_said_without_a_clear_other_cut_off(
    tmp_path: Path, cutoffs: tuple[dt.date, ...], used: dt.date
) -> None:
    result = run(*files(tmp_path, *cutoffs), cutoff=used)
    assert not [i for i in result.issues if i.code == CODE]


def test_nothing_is_said_when_the_run_takes_the_files_cut_off(tmp_path: Path) -> None:
    result = run(*files(tmp_path, CUTOFF, CUTOFF))  # no cut-off given: each file's own
    assert not [i for i in result.issues if i.code == CODE]


def test_consolidate_says_it_on_its_second_line_in_the_sheet_and_the_json(tmp_path: Path) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    registry = write_registry(REGISTRY, tmp_path / "dm.xlsx")
    typo = WARD_CUTOFF.replace(month=12)
    out = CliRunner().invoke(
        main,
        ["consolidate", str(tmp_path / "nop"), "--cutoff", f"{typo:%d/%m/%Y}", "--registry", str(registry),
         "-o", str(tmp_path / "kq.xlsx"), "--json", str(tmp_path / "kq.json"), "--no-history"],
    )  # fmt: skip
    assert out.exit_code == 1, out.output
    lines = out.output.splitlines()
    assert lines[0].startswith("Đã tổng hợp 0/3 tổ chức")
    assert lines[1].startswith(f"Không tệp nào có ngày chốt số liệu {typo:%d/%m/%Y}")
    issues = json.loads((tmp_path / "kq.json").read_text(encoding="utf-8"))["issues"]
    assert issues[0]["code"] == CODE
    sheet = openpyxl.load_workbook(tmp_path / "kq.xlsx", read_only=True)[SHEET_ISSUES]
    first = next(sheet.iter_rows(min_row=HEADER_ROW + 2, max_row=HEADER_ROW + 2, values_only=True))
    assert first[0] == "Lỗi" and first[1] is None and first[-1] == CODE


def test_the_excel_status_cells_say_it(tmp_path: Path) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    typo = WARD_CUTOFF.replace(month=12)
    result = consolidate([tmp_path / "nop"], cutoff=typo, registry=REGISTRY)
    text, _ = consolidation_summary(result, tmp_path / "kq.xlsx")
    assert f"Không tệp nào có ngày chốt số liệu {typo:%d/%m/%Y}" in text
    checked = run(tmp_path / "nop", cutoff=typo, registry=REGISTRY)
    text, _ = validation_summary(checked.submissions, checked.issues)
    assert "2/2 tệp ghi ngày chốt" in text


def test_the_validate_command_heads_it_as_the_run_s_own(tmp_path: Path) -> None:
    paths = files(tmp_path, CUTOFF, CUTOFF)
    out = CliRunner().invoke(main, ["validate", *map(str, paths), "--cutoff", f"{TYPO:%d/%m/%Y}"])
    assert out.exit_code == 1
    assert f"  [Lỗi] Chung ({CODE}): Không tệp nào" in out.output


# --- the same for the period start (`--since`, the settings' "Số liệu từ ngày") ---------------

SINCE = "ward.period_start_unmatched"


def test_a_mistyped_period_start_is_said_once_first(tmp_path: Path) -> None:
    write_ward(tmp_path / "nop", with_error=False)  # both files: from PERIOD_START
    since = PERIOD_START.replace(year=PERIOD_START.year + 1)
    result = consolidate([tmp_path / "nop"], cutoff=WARD_CUTOFF, registry=REGISTRY, since=since)
    (issue,) = [i for i in result.issues if i.code == SINCE]
    assert issue.severity == "warning" and issue.file is None
    assert f"Không tệp nào ghi số liệu từ ngày {since:%d/%m/%Y}" in issue.message
    assert f"2/2 tệp ghi từ ngày {PERIOD_START:%d/%m/%Y}" in issue.message
    assert sum(i.code == "org.period_start_differs" for i in result.issues) == 2  # kept
    warnings = [i for i in result.issues if not i.is_error]
    assert warnings[0] is issue  # the first warning, before the files' own
    text, _ = consolidation_summary(result, tmp_path / "kq.xlsx")
    assert issue.message in text.split("Tổng cộng")[0]  # before the issue counts


@pytest.mark.parametrize("shift", [0, None])
def test_nothing_is_said_when_the_period_start_is_a_file_s_or_not_chosen(
    tmp_path: Path, shift: int | None
) -> None:
    write_ward(tmp_path / "nop", with_error=False)
    since = None if shift is None else PERIOD_START
    result = consolidate([tmp_path / "nop"], cutoff=WARD_CUTOFF, registry=REGISTRY, since=since)
    assert not [i for i in result.issues if i.code == SINCE]


def test_the_period_start_line_heads_the_warnings_of_the_sheet(tmp_path: Path) -> None:
    """CB03 did not submit: its `org.missing` is of no file too, and comes after."""
    write_ward(tmp_path / "nop", with_error=False)
    registry = write_registry(REGISTRY, tmp_path / "dm.xlsx")
    since = PERIOD_START.replace(year=PERIOD_START.year + 1)
    out = CliRunner().invoke(
        main,
        ["consolidate", str(tmp_path / "nop"), "--cutoff", f"{WARD_CUTOFF:%d/%m/%Y}", "--since",
         f"{since:%d/%m/%Y}", "--registry", str(registry), "-o", str(tmp_path / "kq.xlsx"), "--no-history"],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[1].startswith(f"Không tệp nào ghi số liệu từ ngày {since:%d/%m/%Y}")
    sheet = openpyxl.load_workbook(tmp_path / "kq.xlsx", read_only=True)[SHEET_ISSUES]
    codes = [r[-1] for r in sheet.iter_rows(min_row=HEADER_ROW + 2, values_only=True) if r[0]]
    assert codes[:2] == [SINCE, "org.missing"]


def test_the_work_lists_say_it_too(tmp_path: Path) -> None:
    """Danh sách with the same mistyped cut-off uses no file: the line says why."""
    from toolkit.excel.book import lists_summary
    from toolkit.worklists import build_work_lists

    write_ward(tmp_path / "nop", with_error=False)
    typo = WARD_CUTOFF.replace(month=12)
    result = build_work_lists([tmp_path / "nop"], cutoff=typo, registry=REGISTRY)
    assert [i.code for i in result.run_issues] == [CODE]
    text, _ = lists_summary(result, tmp_path / "ds.xlsx")
    assert f"Không tệp nào có ngày chốt số liệu {typo:%d/%m/%Y}" in text
    right = build_work_lists([tmp_path / "nop"], cutoff=WARD_CUTOFF, registry=REGISTRY)
    assert right.run_issues == ()


def test_the_two_checks_failing_are_said_not_silent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the majority rule itself crash, the run says so (`ward.check_failed`) and goes on."""
    from toolkit.validation import cross_file

    bug = Failing(lambda *_: ValueError("broken"))
    monkeypatch.setattr(cross_file, "majority_elsewhere", bug)
    result = run(*files(tmp_path, CUTOFF, CUTOFF), cutoff=TYPO)
    assert [i.code for i in result.ward_issues][:1] == ["ward.check_failed"]
    # The check, the type and where in the toolkit it was raised, for support (h205).
    assert f"(cutoff_unmatched: {bug.cause('ValueError')})" in result.ward_issues[0].message
    assert "broken" not in result.ward_issues[0].message
    write_ward(tmp_path / "nop", with_error=False)
    since = PERIOD_START.replace(year=PERIOD_START.year + 1)
    import toolkit.pipeline

    bug = Failing(lambda *_: ValueError("broken"))  # the period's check alone: where it fails
    monkeypatch.setattr(toolkit.pipeline, "period_start_unmatched", bug)
    done = consolidate([tmp_path / "nop"], cutoff=WARD_CUTOFF, registry=REGISTRY, since=since)
    said = [i.message for i in done.issues if i.code == "ward.check_failed"]
    assert any(f"(period_start_unmatched: {bug.cause('ValueError')})" in m for m in said), said
    assert done.count("consolidated") == 2  # the run went on
