"""`validate --feedback FOLDER`: one workbook per submission with something to fix, to forward
to its secretary (`toolkit.outputs.feedback`).

The submissions are real template files (`helpers_validate.write`) typed into with openpyxl;
the command runs through click's runner; the feedback workbooks are read back with openpyxl,
and once through LibreOffice as the outside reader.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_validate import clean_events, clean_info, clean_members, typed, write
from libreoffice import convert

from toolkit.cli import main
from toolkit.core import layout
from toolkit.io.package import consolidated_workbook_at
from toolkit.io.reader import read_submission
from toolkit.outputs.feedback import SHEET

M, Y = layout.SHEET_MEMBERS, layout.SHEET_YEARS
BIRTH = layout.MEMBERS.letter("birth_date")
COUNT = layout.YEARS.letter("rated_good")
HEADER_ROW = 4  # the table's header, as every table sheet has it (title, subtitle, a blank row)


def _org(folder: Path, n: int) -> Path:
    """The clean organisation as organisation `n` of other people: every birth date (on the
    roster and in the changes) `n` days later, another series of cards."""
    code = f"CB{n:02d}"
    later = dt.timedelta(days=n)
    members = [
        {
            **m,
            "birth_date": m["birth_date"] + later,
            "card_no": m["card_no"] and f"{n}{str(m['card_no'])[1:]}",
        }
        for m in clean_members()
    ]
    events = [{**e, "birth_date": e["birth_date"] + later} for e in clean_events()]
    info = clean_info(org_code=code, org_name=f"Chi bộ Tổ dân phố số {n}")
    return write(folder, f"{code}_chi_bo_to_dan_pho_so_{n}.xlsx", info=info, members=members, events=events)


@pytest.fixture
def ward(tmp_path: Path) -> dict[str, Path]:
    """Four files: clean; only an automatic correction; an error (and a correction); a warning
    that needs a look."""
    folder = tmp_path / "nop"
    folder.mkdir()
    files = {
        "clean": _org(folder, 1),
        "corrected": typed(_org(folder, 2), Y, {f"{COUNT}2": "3 đ/c"}),
        "error": typed(_org(folder, 3), M, {f"{BIRTH}2": "-", f"{BIRTH}3": "12/5/1975"}),
        "warning": typed(_org(folder, 4), M, {layout.MEMBERS.letter("gender") + "3": "Nam"}),
    }
    return files


def _run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *map(str, args)])
    return result.exit_code, result.output


def _rows(path: Path) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(path, read_only=True)[SHEET]
    rows = list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    return [r for r in rows if r and isinstance(r[0], int)]


def test_one_workbook_per_file_with_something_to_fix(ward: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "phan_hoi"
    code, output = _run(ward["clean"].parent, "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 1, output  # the error file
    written = sorted(p.name for p in out.iterdir())
    # Neither the clean file nor the one whose only finding is an automatic correction.
    assert written == [f"{ward[k].stem}_kiem_tra.xlsx" for k in ("error", "warning")]
    assert f"Tệp phản hồi cho chi bộ: 2 tệp trong thư mục “{out}”" in output
    error_rows = _rows(out / f"{ward['error'].stem}_kiem_tra.xlsx")
    # The error first, the corrections last, each with its sheet, cell and column.
    assert [(r[1], r[2], r[3], r[6]) for r in error_rows] == [
        ("Lỗi", M, f"{BIRTH}2", "member.required"),
        ("Cảnh báo", M, f"{BIRTH}2", "norm.none_mark"),
        ("Cảnh báo", M, f"{BIRTH}3", "norm.date_text"),
    ]
    assert [r[0] for r in error_rows] == [1, 2, 3]
    ws = openpyxl.load_workbook(out / f"{ward['error'].stem}_kiem_tra.xlsx", read_only=True)[SHEET]
    texts = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert (
        f"Tệp {ward['error'].name} (tổ chức CB03)." in texts[1] and "số liệu đến ngày 31/3/2026" in texts[1]
    )
    assert any(t.startswith("1 lỗi, 2 cảnh báo") and "chưa được tổng hợp" in t for t in texts)
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    warning_rows = _rows(out / f"{ward['warning'].stem}_kiem_tra.xlsx")
    assert [r[6] for r in warning_rows] == ["member.gender_name"]


def test_the_feedback_is_never_read_as_a_submission(ward: dict[str, Path]) -> None:
    """Written into the submissions folder itself, the workbooks are ward-stats' own output:
    the next check passes them over silently."""
    folder = ward["clean"].parent
    code, _ = _run(folder, "--cutoff", "31/03/2026", "--feedback", folder)
    assert code == 1
    feedback = sorted(folder.glob("*_kiem_tra.xlsx"))
    assert len(feedback) == 2 and all(consolidated_workbook_at(p) for p in feedback)
    assert read_submission(feedback[0]).own_output
    code, output = _run(folder, "--cutoff", "31/03/2026", "--json", "-")
    assert "_kiem_tra.xlsx" not in output.split("\n== ", 1)[0]  # no file of them listed as read
    assert "file.not_template" not in output


def test_a_fixed_file_s_old_feedback_is_removed_and_nothing_else(
    ward: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "phan_hoi"
    _run(ward["clean"].parent, "--cutoff", "31/03/2026", "--feedback", out)
    (out / "ghi_chu_kiem_tra.xlsx").write_bytes(ward["clean"].read_bytes())  # the clerk's own file
    (out / "ghi_chu.txt").write_text("ghi chú", encoding="utf-8")
    # A consolidated workbook of ward-stats under such a name is no feedback either.
    (out / "tong_hop_kiem_tra.xlsx").write_bytes(_consolidated(tmp_path))
    assert consolidated_workbook_at(out / "tong_hop_kiem_tra.xlsx")
    typed(ward["error"], M, {f"{BIRTH}2": dt.date(1975, 5, 12)})  # the secretary fixed it
    code, output = _run(ward["clean"].parent, "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 0, output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [
            "ghi_chu.txt",
            "ghi_chu_kiem_tra.xlsx",
            "tong_hop_kiem_tra.xlsx",
            f"{ward['warning'].stem}_kiem_tra.xlsx",
        ]
    )
    assert "Đã xóa 1 tệp phản hồi cũ của lần kiểm tra trước" in output


def _consolidated(tmp_path: Path) -> bytes:
    """A consolidated workbook of ward-stats (its run id property, its own title)."""
    from helpers_output import make_result

    from toolkit.outputs.workbook import render_workbook

    (tmp_path / "nguon").mkdir()
    return render_workbook(make_result(tmp_path / "nguon"))


def test_member_values_only_when_asked_for(ward: dict[str, Path], tmp_path: Path) -> None:
    def messages(*extra: str) -> str:
        out = tmp_path / ("ca_nhan" if extra else "an")
        _run(ward["clean"].parent, "--cutoff", "31/03/2026", "--feedback", out, *extra)
        rows = _rows(out / f"{ward['error'].stem}_kiem_tra.xlsx")
        return "\n".join(str(r[5]) for r in rows)

    hidden = messages()
    assert "12/5/1975" not in hidden and "[đã ẩn]" in hidden
    assert "12/5/1975" in messages("--personal-data")


def test_a_file_where_the_folder_should_be_is_refused_at_once(ward: dict[str, Path], tmp_path: Path) -> None:
    where = tmp_path / "phan_hoi"
    where.write_text("", encoding="utf-8")
    code, output = _run(ward["clean"].parent, "--cutoff", "31/03/2026", "--feedback", where)
    assert code == 2 and "là một tệp, không phải thư mục" in output and "Traceback" not in output
    assert where.read_text(encoding="utf-8") == ""


def test_a_submission_under_a_feedback_name_is_never_overwritten(
    ward: dict[str, Path], tmp_path: Path
) -> None:
    """A secretary's file that happens to bear the name a feedback would take: the run stops
    after printing its list, nothing is written (the --json report neither), the file is kept."""
    folder = ward["clean"].parent
    clash = folder / f"{ward['error'].stem}_kiem_tra.xlsx"
    clash.write_bytes(ward["warning"].read_bytes())
    before = clash.read_bytes()
    report = tmp_path / "kiem_tra.json"
    code, output = _run(folder, "--cutoff", "31/03/2026", "--feedback", folder, "--json", report)
    assert code == 2 and "Traceback" not in output
    # The list is printed all the same, before the error; the run's outputs fall together.
    listed = output.index(f"== {ward['error'].name} (CB03) — CÓ LỖI")
    assert listed < output.index("chính là tệp bài nộp")
    assert clash.read_bytes() == before and not report.exists()
    assert sorted(folder.glob("*_kiem_tra*.xlsx")) == [clash]


def test_libreoffice_reads_the_feedback_as_written(ward: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "phan_hoi"
    _run(ward["clean"].parent, "--cutoff", "31/03/2026", "--feedback", out)
    source = out / f"{ward['error'].stem}_kiem_tra.xlsx"
    (saved,) = convert([source], "xlsx", tmp_path / "lo")
    assert _rows(saved) == _rows(source)
