"""The reader's automatic corrections (`norm.*`) come after every other warning: in the
`Kiểm tra` sheet, the JSON summary and `validate`'s list per file, and the run's last line
counts them apart, so that a warning that needs a look is not lost among them."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_validate import CUTOFF, clean_info, clean_members, others_events, write

from toolkit.cli import main
from toolkit.core.rules import CORRECTIONS
from toolkit.outputs.sheets.issues import ISSUE_COLUMNS

CODE_COLUMN = [header for header, _ in ISSUE_COLUMNS].index("Mã lỗi")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A.xlsx: a gender typed "nam" (corrected) on row 2, a man named "Thị" on row 5 (a warning
    to look at). B.xlsx, other members: a gender typed "Nữ " (corrected) and a card number for
    a probationary member, on the same row."""
    nop = tmp_path / "nop"
    nop.mkdir()
    a = clean_members()
    a[0]["gender"] = "nam"
    a[3]["full_name"], a[3]["gender"] = "Nguyễn Thị Hoa", "male"
    write(nop, "A.xlsx", members=a)
    b = [
        {**row, "card_no": f"0999{i:04d}", "full_name": "Vũ " + row["full_name"].split(" ", 1)[1]}
        for i, row in enumerate(clean_members())
    ]
    b[4]["gender"] = "Nữ "
    info = clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8")
    write(nop, "B.xlsx", info=info, members=b, events=others_events(lambda n: "Vũ " + n.split(" ", 1)[1]))
    return nop


def _corrections_last(codes: list[str]) -> bool:
    flags = [code in CORRECTIONS for code in codes]
    return flags == sorted(flags)


def test_the_issues_sheet_and_the_json_list_the_corrections_after_the_other_warnings(
    folder: Path, tmp_path: Path
) -> None:
    out, summary = tmp_path / "kq.xlsx", tmp_path / "kq.json"
    done = CliRunner().invoke(
        main,
        ["consolidate", str(folder), "--cutoff", f"{CUTOFF:%d/%m/%Y}", "--ward-name", "Phường Mẫu"]
        + ["-o", str(out), "--json", str(summary), "--no-history"],
    )
    assert done.exit_code == 0, done.output
    ws = openpyxl.load_workbook(out)["Kiểm tra"]
    sheet = [row[CODE_COLUMN] for row in ws.iter_rows(min_row=5, values_only=True) if row[CODE_COLUMN]]
    assert {"norm.category", "norm.spaces", "member.gender_name", "member.card_on_probationary"} <= set(sheet)
    assert _corrections_last(sheet), sheet
    # Each part stays in file, sheet, row order: B's warning after A's, A's correction first.
    assert sheet.index("member.gender_name") < sheet.index("member.card_on_probationary")
    assert sheet[-2:] == ["norm.category", "norm.spaces"]
    (subtitle,) = [
        c for row in ws.iter_rows(max_row=3, values_only=True) for c in row if c and "cảnh báo" in c
    ]
    assert subtitle.startswith(
        f"0 lỗi, {len(sheet)} cảnh báo (trong đó 2 cảnh báo về ô đã được tự động sửa"
    ), subtitle
    issues = json.loads(summary.read_text(encoding="utf-8"))["issues"]
    assert [i["code"] for i in issues] == sheet
    # The last line counts the corrections apart.
    warnings = len(sheet)
    assert (
        f"Tổng cộng 0 lỗi, {warnings} cảnh báo (trong đó 2 cảnh báo về ô đã được tự động sửa, liệt kê "
        "sau các cảnh báo khác)" in " ".join(done.output.split())
    )


def test_validate_lists_each_files_corrections_after_its_other_warnings(folder: Path) -> None:
    done = CliRunner().invoke(main, ["validate", str(folder), "--cutoff", f"{CUTOFF:%d/%m/%Y}"])
    assert done.exit_code == 0, done.output
    a = done.output.split("== A.xlsx", 1)[1].split("== B.xlsx", 1)[0]
    codes = [line.split("(", 1)[1].split(")", 1)[0] for line in a.splitlines() if line.startswith("  [")]
    assert "member.gender_name" in codes and "norm.category" in codes
    assert _corrections_last(codes), codes


def test_a_run_of_corrections_only_says_so(tmp_path: Path) -> None:
    members = clean_members()
    members[0]["gender"] = "nam"
    write(tmp_path, "A.xlsx", members=members)
    done = CliRunner().invoke(main, ["validate", str(tmp_path), "--cutoff", f"{CUTOFF:%d/%m/%Y}"])
    assert done.exit_code == 0, done.output
    assert "Tổng cộng 0 lỗi, 1 cảnh báo (về ô đã được tự động sửa);" in done.output


def test_the_sheets_count_line_writes_thousands_the_vietnamese_way() -> None:
    from toolkit.core.rules import make_issue
    from toolkit.outputs.sheets.issues import counts_text

    corrected = [make_issue("norm.spaces", file="A.xlsx", changes="Đã bỏ khoảng trắng thừa")] * 1200
    other = make_issue("member.gender_name", file="B.xlsx")
    assert counts_text([other, *corrected]) == (
        "0 lỗi, 1.201 cảnh báo (trong đó 1.200 cảnh báo về ô đã được tự động sửa, liệt kê sau các "
        "cảnh báo khác)."
    )


def test_validate_names_what_to_look_at_first_when_corrections_are_many(folder: Path) -> None:
    """The other warnings, with their files, before the files' own lists."""
    done = CliRunner().invoke(main, ["validate", str(folder), "--cutoff", f"{CUTOFF:%d/%m/%Y}"])
    head, files = done.output.split("\n== A.xlsx", 1)
    assert "== Cần xem trước: 0 lỗi, " in head
    first = head.split("== Cần xem trước: 0 lỗi, ", 1)[1]
    listed = [line for line in first.splitlines() if line.startswith("  [")]
    codes = [line.split("(", 1)[1].split(")", 1)[0] for line in listed]
    assert first.startswith(f"{len(listed)} cảnh báo không phải ô đã được tự động sửa"), first
    assert {"member.gender_name", "member.card_on_probationary"} <= set(codes)
    assert not CORRECTIONS & set(codes)
    assert listed[0].startswith("  [Cảnh báo] A.xlsx, Đảng viên!D5 (member.gender_name)")
    assert any(
        line.startswith("  [Cảnh báo] B.xlsx, Đảng viên!G6 (member.card_on_probationary)") for line in listed
    )
    assert "member.gender_name" in files  # still in its file's own list


def test_nothing_is_listed_first_without_corrections(tmp_path: Path) -> None:
    members = clean_members()
    members[3]["full_name"], members[3]["gender"] = "Nguyễn Thị Hoa", "male"
    write(tmp_path, "A.xlsx", members=members)
    done = CliRunner().invoke(main, ["validate", str(tmp_path), "--cutoff", f"{CUTOFF:%d/%m/%Y}"])
    assert "member.gender_name" in done.output and "Cần xem trước" not in done.output


def test_the_first_list_names_errors_first_and_stops_at_fifty() -> None:
    from toolkit.core.rules import make_issue
    from toolkit.outputs.status import ATTENTION_LISTED, attention_lines

    corrected = make_issue("norm.spaces", file="A.xlsx", changes="Đã bỏ khoảng trắng thừa")
    warned = [make_issue("member.gender_name", file=f"T{i:02d}.xlsx") for i in range(60)]
    failed = make_issue("file.password", file="Z.xlsx")
    lines = attention_lines([corrected, *warned, failed])
    assert lines[1].startswith("== Cần xem trước: 1 lỗi, 60 cảnh báo")
    assert lines[2].startswith("  [Lỗi] Z.xlsx")  # the error first, though its file sorts last
    assert len(lines) == 2 + ATTENTION_LISTED + 1
    assert lines[-1] == "  … và 11 mục khác: xem từng tệp dưới đây."
