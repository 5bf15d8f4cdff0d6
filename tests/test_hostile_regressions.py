"""Regressions found by the hostile corpus and the fuzzer, each named after the problem."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus import (
    CUTOFF,
    NameSource,
    clean_content,
    submission_bytes,
)
from ooxml_hostile import (
    BILLION_LAUGHS,
    XXE,
    OoxmlPackage,
    with_number,
    with_shared_strings,
)
from openpyxl import load_workbook

from toolkit.cli import main
from toolkit.core import layout
from toolkit.io.reader import read_submission
from toolkit.outputs.publish import write_outputs
from toolkit.pipeline import consolidate


@pytest.mark.parametrize("key", ["sector", "org_tier"])
def test_unknown_sector_or_tier_in_one_file_does_not_stop_the_consolidation(tmp_path: Path, key: str) -> None:
    """A mistyped `Khối`/`Cấp tổ chức` (kept as typed so validation can report it) reached the
    per-organisation sheet as if it were a code: KeyError, and the whole run failed (exit 2)."""
    folder = tmp_path / "nop"
    folder.mkdir()
    names = NameSource(seed=11)
    clean_content("K01", names).write(folder / "K01.xlsx")
    bad = clean_content("K02", names)
    bad.info[key] = "Khối gì đó"
    bad.write(folder / "K02.xlsx")

    result = consolidate([folder], cutoff=CUTOFF)
    status = {o.org_code: o for o in result.organisations}
    assert status["K01"].status == "consolidated"
    assert status["K02"].status == "excluded"
    assert getattr(status["K02"], key) is None
    assert any(i.code == "info.not_allowed" and i.file == "K02.xlsx" for i in result.issues)
    write_outputs(result, tmp_path / "tong_hop.xlsx", tmp_path / "tong_hop.json")

    run = CliRunner().invoke(
        main, ["consolidate", str(folder), "--cutoff", CUTOFF.isoformat(), "-o", str(tmp_path / "cli.xlsx")]
    )
    assert run.exit_code == 1, run.output
    assert (tmp_path / "cli.xlsx").is_file()


def _members_sheet_with(tmp_path: Path, ref: str, number: float) -> Path:
    content = clean_content("N01", NameSource(seed=12))
    data = submission_bytes(content, tmp_path)
    path = tmp_path / "N01.xlsx"
    path.write_bytes(with_number(OoxmlPackage(data), layout.SHEET_MEMBERS, ref, number))
    return path


@pytest.mark.slow
def test_huge_negative_number_in_a_date_cell_is_its_cell_s_error_without_a_rust_panic(
    tmp_path: Path,
) -> None:
    """calamine panicked (chrono overflow) turning -10^12 in a dd/mm/yyyy cell into a date: the
    file became "unreadable" with no location and a Rust backtrace reached stderr. The cell is
    emptied in the copy calamine reads, and is its own error (hunt175 F6)."""
    path = _members_sheet_with(tmp_path, "C2", -(10**12))
    sub = read_submission(path)
    assert [(i.code, i.sheet, i.cell) for i in sub.issues] == [
        ("cell.out_of_range", layout.SHEET_MEMBERS, "C2")
    ]
    assert "-1.000.000.000.000" in sub.issues[0].message and sub.readable
    env = {**os.environ, "RUST_BACKTRACE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "toolkit.cli", "validate", str(path)], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 1
    assert "panicked" not in proc.stderr and "Traceback" not in proc.stderr


def test_small_negative_date_serial_is_still_an_ordinary_bad_date(tmp_path: Path) -> None:
    sub = read_submission(_members_sheet_with(tmp_path, "C2", -5))
    assert [(i.code, i.cell) for i in sub.issues if i.is_error] == [("member.bad_date", "C2")]
    assert sub.readable


def test_sheet_filled_out_to_column_xfd_gives_one_warning_not_one_per_column(tmp_path: Path) -> None:
    """16,369 extra columns produced 16,369 `file.extra_column` warnings (and as many rows of
    `Kiểm tra`); adjacent extra columns are now one warning naming the span."""
    path = clean_content("X01", NameSource(seed=13)).write(tmp_path / "X01.xlsx")
    wb = load_workbook(path)
    ws = wb[layout.SHEET_MEMBERS]
    first_extra = len(layout.MEMBERS.fields) + 1
    for col in [*range(first_extra, first_extra + 5), first_extra + 10, 16_384]:
        ws.cell(row=2, column=col, value="thêm")
    wb.save(path)
    extra = [i for i in read_submission(path).issues if i.code == "file.extra_column"]
    # 21 columns: the first extra one is V.
    assert [i.cell for i in extra] == ["V2", "AF2", "XFD2"]  # each run at its first filled cell
    assert "các cột V–Z (5 cột)" in extra[0].message
    assert "cột AF:" in extra[1].message


def test_consolidate_on_an_empty_folder_says_so_and_exits_2(tmp_path: Path) -> None:
    """An empty folder (or one holding only lock files) was consolidated into a "successful"
    report of 0 organisations and 0 members, exit 0: most likely the clerk chose the wrong folder."""
    folder = tmp_path / "nop"
    folder.mkdir()
    (folder / "~$T01.xlsx").write_bytes(b"\x0bNguyen")
    (folder / "ghi_chu.txt").write_text("không phải bảng tính", "utf-8")
    out = tmp_path / "tong_hop.xlsx"
    args = ["consolidate", str(folder), "--cutoff", CUTOFF.isoformat(), "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Không tìm thấy tệp bảng tính" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("sst", [BILLION_LAUGHS, XXE], ids=["billion_laughs", "external_entity"])
def test_entity_declarations_in_shared_strings_are_refused_as_unsafe(tmp_path: Path, sst: str) -> None:
    """A billion-laughs or external-entity sharedStrings.xml was reported as "tệp bị hỏng
    (CalamineError)"; it is refused as unsafe XML, before any parser sees it."""
    data = submission_bytes(clean_content("E01", NameSource(seed=14)), tmp_path)
    path = tmp_path / "E01.xlsx"
    path.write_bytes(with_shared_strings(OoxmlPackage(data), sst))
    sub = read_submission(path)
    assert [i.code for i in sub.issues] == ["file.unsafe"]
    assert "không an toàn" in sub.issues[0].message


def test_entity_declarations_behind_a_long_comment_are_still_refused_as_unsafe(tmp_path: Path) -> None:
    """The DTD check looked at the first 4 KiB only: a 10 KB comment before the DOCTYPE let the
    file through to calamine (which did not expand it, but called the file corrupt)."""
    padded = BILLION_LAUGHS.replace("<!DOCTYPE", "<!--" + "x" * 10_000 + "-->\n<!DOCTYPE", 1)
    data = submission_bytes(clean_content("E02", NameSource(seed=15)), tmp_path)
    path = tmp_path / "E02.xlsx"
    path.write_bytes(with_shared_strings(OoxmlPackage(data), padded))
    assert [i.code for i in read_submission(path).issues] == ["file.unsafe"]
