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


def _org(folder: Path, n: int, name: str | None = None) -> Path:
    """The clean organisation as organisation `n` of other people: every birth date (on the
    roster and in the changes) `n` days later, another series of cards; in a file named
    `name` (else by its code)."""
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
    return write(
        folder, name or f"{code}_chi_bo_to_dan_pho_so_{n}.xlsx", info=info, members=members, events=events
    )


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
    # The error first, the corrections last, each with its sheet, cell and column; one
    # column's corrections down the column, by their first cell (`rules.place_in_file`,
    # hunt190 F5).
    assert [(r[1], r[2], r[3], r[6]) for r in error_rows] == [
        ("Lỗi", M, f"{BIRTH}2", "member.required"),
        ("Cảnh báo", M, f"{BIRTH}2", "norm.none_mark"),
        ("Cảnh báo", M, f"{BIRTH}3", "norm.date_text"),
    ]
    assert [r[0] for r in error_rows] == [1, 2, 3]
    ws = openpyxl.load_workbook(out / f"{ward['error'].stem}_kiem_tra.xlsx", read_only=True)[SHEET]
    texts = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert (
        f"Tệp {ward['error'].name} (tổ chức CB03)." in texts[1] and "số liệu đến ngày 31/03/2026" in texts[1]
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


def _texts(path: Path) -> list[str]:
    """Every text of a feedback workbook, its lines under the list included."""
    ws = openpyxl.load_workbook(path, read_only=True)[SHEET]
    return [c for r in ws.iter_rows(values_only=True) for c in r if isinstance(c, str)]


@pytest.mark.parametrize("asked", [False, True])
def test_the_privacy_line_of_a_feedback_is_true_of_a_file_sent_to_its_chi_bo(
    ward: dict[str, Path], tmp_path: Path, asked: bool
) -> None:
    """A feedback is made to be sent back to its chi bộ: with the members' values it says they
    are that file's, to be sent to that chi bộ only, never "office only, not to be sent out"
    (which the list of every file stays); the console says the same of the feedback files,
    after the line that tells the clerk to send them, in one line with the list's (fix372)."""
    from toolkit.outputs.status import (
        FEEDBACK_PERSONAL_DATA_KEPT,
        PERSONAL_DATA_HIDDEN,
        PERSONAL_DATA_KEPT,
        listed_kept_line,
    )

    out = tmp_path / "phan_hoi"
    extra = ("--personal-data",) if asked else ()
    code, output = _run(ward["clean"].parent, "--cutoff", "31/03/2026", "--feedback", out, *extra)
    assert code == 1, output
    texts = _texts(out / f"{ward['error'].stem}_kiem_tra.xlsx")
    if asked:
        assert "12/5/1975" in "\n".join(texts)
        assert texts[-1] == FEEDBACK_PERSONAL_DATA_KEPT.format(file=ward["error"].name)
        assert not any("văn phòng" in t or "không gửi ra ngoài" in t for t in texts)
        # The list of every file is the office's; each feedback goes to its own chi bộ.
        lines = output.splitlines()
        assert PERSONAL_DATA_KEPT not in lines  # said with the feedback files', below
        announced = next(k for k, line in enumerate(lines) if line.startswith("Tệp phản hồi cho chi bộ:"))
        assert lines[announced + 1] == listed_kept_line()
    else:
        assert texts[-1] == PERSONAL_DATA_HIDDEN
        assert listed_kept_line() not in output and PERSONAL_DATA_HIDDEN in output


def test_a_file_where_the_folder_should_be_is_refused_at_once(ward: dict[str, Path], tmp_path: Path) -> None:
    where = tmp_path / "phan_hoi"
    where.write_text("", encoding="utf-8")
    code, output = _run(ward["clean"].parent, "--cutoff", "31/03/2026", "--feedback", where)
    assert code == 2 and "là một tệp, không phải thư mục" in output and "Traceback" not in output
    assert where.read_text(encoding="utf-8") == ""


def test_a_submission_under_a_feedback_name_is_never_overwritten(
    ward: dict[str, Path], tmp_path: Path
) -> None:
    """A secretary's file that happens to bear the name a feedback would take is kept: the
    feedback takes a longer name, and the run writes everything else."""
    folder = ward["clean"].parent
    clash = folder / f"{ward['error'].stem}_kiem_tra.xlsx"
    clash.write_bytes(ward["warning"].read_bytes())
    before = clash.read_bytes()
    report = tmp_path / "kiem_tra.json"
    code, output = _run(folder, "--cutoff", "31/03/2026", "--feedback", folder, "--json", report)
    assert code == 1 and "Traceback" not in output, output
    assert clash.read_bytes() == before and report.exists()
    longer = folder / f"{ward['error'].name}_kiem_tra.xlsx"
    assert f"Tệp {ward['error'].name} (tổ chức CB03)." in _texts(longer)[1]
    assert {r[3] for r in _rows(longer) if r[1] == "Lỗi"} == {f"{BIRTH}2"}


def test_a_file_of_another_folder_checked_before_keeps_its_feedback(tmp_path: Path) -> None:
    """`A/bao_cao.xlsx` is checked, then `B/bao_cao.xlsx` (another organisation's) into the same
    `phan_hoi`: A's feedback is neither overwritten nor removed, B's takes a longer name, and
    each holds its own file's cells only."""
    one, two = tmp_path / "A", tmp_path / "B"
    one.mkdir()
    two.mkdir()
    typed(_org(one, 1, "bao_cao.xlsx"), M, {f"{BIRTH}2": "-"})
    typed(_org(two, 2, "bao_cao.xlsx"), M, {f"{BIRTH}3": "-"})
    out = tmp_path / "phan_hoi"
    assert _run(one, "--cutoff", "31/03/2026", "--feedback", out)[0] == 1
    first = out / "bao_cao_kiem_tra.xlsx"
    before = first.read_bytes()
    code, output = _run(two, "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 1 and "Traceback" not in output, output
    assert first.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["bao_cao.xlsx_kiem_tra.xlsx", "bao_cao_kiem_tra.xlsx"]
    for path, org, cell in (
        (first, "CB01", f"{BIRTH}2"),
        (out / "bao_cao.xlsx_kiem_tra.xlsx", "CB02", f"{BIRTH}3"),
    ):
        assert {r[3] for r in _rows(path) if r[1] == "Lỗi"} == {cell}
        assert f"Tệp bao_cao.xlsx (tổ chức {org})." in _texts(path)[1]
    # B checked again (still wrong): its own feedback is replaced under the same name, A's kept.
    code, output = _run(two, "--cutoff", "31/03/2026", "--feedback", out)
    assert sorted(p.name for p in out.iterdir()) == ["bao_cao.xlsx_kiem_tra.xlsx", "bao_cao_kiem_tra.xlsx"]
    assert first.read_bytes() == before


def test_libreoffice_reads_the_feedback_as_written(ward: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "phan_hoi"
    _run(ward["clean"].parent, "--cutoff", "31/03/2026", "--feedback", out)
    source = out / f"{ward['error'].stem}_kiem_tra.xlsx"
    (saved,) = convert([source], "xlsx", tmp_path / "lo")
    assert _rows(saved) == _rows(source)


def _texts(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path, read_only=True)[SHEET]
    return [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]


def test_two_submissions_of_one_name_in_two_folders_get_one_feedback_each(tmp_path: Path) -> None:
    """Two downloads both named `bao_cao.xlsx`, of two organisations: each is told of its own
    cell only, in a workbook whose name tells them apart, never the other's row."""
    one, two = tmp_path / "zalo", tmp_path / "email"
    one.mkdir()
    two.mkdir()
    typed(_org(one, 1, "bao_cao.xlsx"), M, {f"{BIRTH}2": "-"})
    typed(_org(two, 2, "bao_cao.xlsx"), M, {f"{BIRTH}3": "-"})
    out = tmp_path / "phan_hoi"
    code, output = _run(one, two, "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 1, output
    assert sorted(p.name for p in out.iterdir()) == [
        "bao_cao.xlsx (CB01)_kiem_tra.xlsx",
        "bao_cao.xlsx (CB02)_kiem_tra.xlsx",
    ]
    for org, cell in (("CB01", f"{BIRTH}2"), ("CB02", f"{BIRTH}3")):
        path = out / f"bao_cao.xlsx ({org})_kiem_tra.xlsx"
        assert {r[3] for r in _rows(path) if r[1] == "Lỗi"} == {cell}
        assert f"Tệp bao_cao.xlsx (tổ chức {org})." in _texts(path)[1]


def test_names_shared_by_files_are_never_a_name_another_file_gives(tmp_path: Path) -> None:
    """`Chi bo 5.xlsx` and `Chi bo 5.xlsm` share a stem: both keep their extension, and
    `Chi bo 5_2.xlsx` keeps its own name (a `_2` suffix would have been another's)."""
    folder = tmp_path / "nop"
    folder.mkdir()
    for n, name in ((1, "Chi bo 5.xlsx"), (2, "Chi bo 5.xlsm"), (3, "Chi bo 5_2.xlsx")):
        typed(_org(folder, n, name), M, {f"{BIRTH}2": "-"})
    out = tmp_path / "phan_hoi"
    _run(folder, "--cutoff", "31/03/2026", "--feedback", out)
    named = {p.name: _texts(p)[1].split(" (tổ chức")[0] for p in out.iterdir()}
    assert named == {
        "Chi bo 5.xlsx_kiem_tra.xlsx": "Tệp Chi bo 5.xlsx",
        "Chi bo 5.xlsm_kiem_tra.xlsx": "Tệp Chi bo 5.xlsm",
        "Chi bo 5_2_kiem_tra.xlsx": "Tệp Chi bo 5_2.xlsx",
    }


def test_a_name_too_long_for_its_feedback_is_shortened_and_the_run_goes_on(
    ward: dict[str, Path], tmp_path: Path
) -> None:
    folder = ward["clean"].parent
    long = folder / (("CB05_" + "Báo cáo thống kê đảng viên chi bộ " * 6).strip()[:160] + ".xlsx")
    assert len(long.name.encode()) > 200
    typed(_org(folder, 5, long.name), M, {f"{BIRTH}2": "-"})
    out = tmp_path / "phan_hoi"
    code, output = _run(folder, "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 1 and "Traceback" not in output, output
    (short,) = [p for p in out.iterdir() if p.name.startswith("CB05_")]
    assert short.name.endswith("…_kiem_tra.xlsx") and len(short.name.encode()) <= 160
    assert f"Tệp {long.name} (tổ chức CB05)." in _texts(short)[1]
    assert "Tên 1 tệp phản hồi được rút ngắn" in output
    assert (out / f"{ward['error'].stem}_kiem_tra.xlsx").exists()  # the others' are written too


def test_checking_some_files_leaves_the_others_feedback_alone(ward: dict[str, Path], tmp_path: Path) -> None:
    """Only the feedback of a file this run checked (now clean) or of a file no longer in a
    folder it read whole is removed, and the message says which it is."""
    folder = ward["clean"].parent
    out = tmp_path / "phan_hoi"
    _run(folder, "--cutoff", "31/03/2026", "--feedback", out)
    error_fb, warning_fb = (out / f"{ward[k].stem}_kiem_tra.xlsx" for k in ("error", "warning"))
    assert error_fb.exists() and warning_fb.exists()
    # The warning's file is fixed and checked alone: the error's feedback stays.
    typed(ward["warning"], M, {layout.MEMBERS.letter("gender") + "3": "Nữ"})
    code, output = _run(ward["warning"], "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 0, output
    assert error_fb.exists() and not warning_fb.exists()
    assert "vừa được kiểm tra và nay không còn gì chi bộ cần sửa" in output
    # Another file checked alone, with a folder of its own: nothing else goes.
    other = tmp_path / "khac"
    other.mkdir()
    _run(_org(other, 6), "--cutoff", "31/03/2026", "--feedback", out)
    assert error_fb.exists()
    # The error's file is taken out of the folder, which is checked whole: its feedback goes.
    ward["error"].rename(tmp_path / ward["error"].name)
    code, output = _run(folder, "--cutoff", "31/03/2026", "--feedback", out)
    assert not error_fb.exists(), output
    assert "các tệp bài nộp ấy không còn trong thư mục bài nộp" in output


def test_what_only_the_clerk_can_do_is_sent_to_no_secretary(ward: dict[str, Path], tmp_path: Path) -> None:
    """A download not finished and one attachment saved twice are the clerk's: no feedback
    for the first, one feedback for the copies (their own findings, not "keep one file")."""
    folder = ward["clean"].parent
    (folder / f"{ward['clean'].name}.crdownload").write_bytes(ward["clean"].read_bytes())
    (folder / f"{ward['warning'].stem} (1).xlsx").write_bytes(ward["warning"].read_bytes())
    out = tmp_path / "phan_hoi"
    code, output = _run(folder, "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 1 and "file.partial_download" in output and "org.identical_copy" in output
    assert sorted(p.name for p in out.iterdir()) == [
        f"{ward[k].stem}_kiem_tra.xlsx" for k in ("error", "warning")
    ]
    assert [r[6] for r in _rows(out / f"{ward['warning'].stem}_kiem_tra.xlsx")] == ["member.gender_name"]


def test_a_file_of_0_bytes_is_the_clerk_s_and_keeps_its_earlier_feedback(
    ward: dict[str, Path], tmp_path: Path
) -> None:
    """A file of 0 bytes is almost always the office's copy that broke: the clerk is told to
    copy it again or ask the chi bộ to resend, the chi bộ gets no feedback of it; and a file
    whose copy is now 0 bytes keeps the feedback of its last check (it was not found fixed)."""
    folder = ward["clean"].parent
    (folder / "CB09_chi_bo.xlsx").write_bytes(b"")
    out = tmp_path / "phan_hoi"
    code, output = _run(folder, "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 1 and "file.empty" in output and "đề nghị chi bộ gửi lại" in output
    assert sorted(p.name for p in out.iterdir()) == [
        f"{ward[k].stem}_kiem_tra.xlsx" for k in ("error", "warning")
    ]
    ward["error"].write_bytes(b"")  # copied again, and broken this time
    code, output = _run(folder, "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 1, output
    assert sorted(p.name for p in out.iterdir()) == [
        f"{ward[k].stem}_kiem_tra.xlsx" for k in ("error", "warning")
    ]
    assert "member.required" in [r[6] for r in _rows(out / f"{ward['error'].stem}_kiem_tra.xlsx")]
    assert "Đã xóa" not in output


def test_a_copy_with_a_shorter_name_takes_the_feedback_and_says_why(
    ward: dict[str, Path], tmp_path: Path
) -> None:
    """The clerk saved the attachment again as `CB03.xlsx`: the copies' one feedback is named
    after it, names the file as the chi bộ sent it, and the old feedback goes for that reason,
    not for a name that two submissions share."""
    folder = ward["clean"].parent
    out = tmp_path / "phan_hoi"
    _run(folder, "--cutoff", "31/03/2026", "--feedback", out)
    old = out / f"{ward['error'].stem}_kiem_tra.xlsx"
    assert old.exists()
    (folder / "CB03.xlsx").write_bytes(ward["error"].read_bytes())
    code, output = _run(folder, "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 1, output
    assert not old.exists() and (out / "CB03_kiem_tra.xlsx").exists()
    assert "trùng tên" not in output
    assert (
        "Đã xóa 1 tệp phản hồi cũ của lần kiểm tra trước: các tệp bài nộp ấy có bản giống hệt (cùng "
        "nội dung), nên phản hồi chung của các bản mang tên bản có tên ngắn nhất" in output
    )
    ws = openpyxl.load_workbook(out / "CB03_kiem_tra.xlsx")[SHEET]
    assert str(ws["A2"].value).startswith(
        f"Tệp CB03.xlsx (tổ chức CB03) và tệp giống hệt {ward['error'].name}."
    )
    # One file saved twice: no other file of the organisation to keep instead, so fix and resend.
    (line,) = [t for t in _texts(out / "CB03_kiem_tra.xlsx") if "chưa được tổng hợp" in t]
    assert "Tệp có lỗi nên chưa được tổng hợp: hãy sửa các ô ở dòng “Lỗi”" in line
    assert "tệp khác của tổ chức này" not in line
    # Many copies of long names: three named, the others counted, the row as high as its lines.
    for n in range(4):
        (folder / f"{'Bản sao tệp của chi bộ quân sự phường ' * 2}{n}.xlsx").write_bytes(
            ward["error"].read_bytes()
        )
    _run(folder, "--cutoff", "31/03/2026", "--feedback", out)
    ws = openpyxl.load_workbook(out / "CB03_kiem_tra.xlsx")[SHEET]
    subtitle = str(ws["A2"].value)
    assert (
        "và các tệp giống hệt" in subtitle and subtitle.count("Bản sao") == 4
    )  # two of them, the name twice in each
    assert "và 2 tệp khác." in subtitle  # five copies: three named
    assert ws["A2"].alignment.wrap_text and (ws.row_dimensions[2].height or 0) >= 30


def test_a_resubmission_beside_the_first_send_is_the_clerk_s_to_resolve(tmp_path: Path) -> None:
    """`CB01.xlsx` and its corrected resend `CB01 (1).xlsx` (one cell apart, one name): choosing
    one is the clerk's, so no secretary is told to fix cell B1 and resend; the resend's own
    warning is sent, saying the file waits for the clerk's choice, not that it was consolidated."""
    folder = tmp_path / "nop"
    folder.mkdir()
    _org(folder, 1, "CB01.xlsx")
    resend = typed(
        _org(folder, 1, "CB01 (1).xlsx"), layout.SHEET_INFO, {layout.INFO.cell("phone"): "0900000000"}
    )
    typed(resend, M, {layout.MEMBERS.letter("gender") + "3": "Nam"})
    out = tmp_path / "phan_hoi"
    code, output = _run(folder, "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 1 and "org.duplicate_file" in output
    assert sorted(p.name for p in out.iterdir()) == ["CB01 (1)_kiem_tra.xlsx"]
    feedback = out / "CB01 (1)_kiem_tra.xlsx"
    assert [r[6] for r in _rows(feedback)] == ["member.gender_name"]
    texts = _texts(feedback)
    assert any("chưa được tổng hợp cho đến khi Đảng ủy chọn một tệp" in t for t in texts)
    assert not any("Tệp được tổng hợp" in t for t in texts)


def test_a_first_send_with_errors_beside_its_resend_is_not_told_only_to_resend(tmp_path: Path) -> None:
    """`CB01.xlsx` has a wrong cell and `CB01 (1).xlsx` is its corrected resend: the first
    send's feedback lists the cell, and says that the Đảng ủy has another file of the
    organisation and keeps one, so a secretary who already sent the fix sends no third file."""
    folder = tmp_path / "nop"
    folder.mkdir()
    typed(_org(folder, 1, "CB01.xlsx"), M, {f"{BIRTH}2": "-"})
    typed(_org(folder, 1, "CB01 (1).xlsx"), layout.SHEET_INFO, {layout.INFO.cell("phone"): "0900000000"})
    out = tmp_path / "phan_hoi"
    code, output = _run(folder, "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 1 and "org.duplicate_file" in output
    assert sorted(p.name for p in out.iterdir()) == ["CB01_kiem_tra.xlsx"]
    feedback = out / "CB01_kiem_tra.xlsx"
    assert "member.required" in [r[6] for r in _rows(feedback)]
    assert "org.duplicate_file" not in [r[6] for r in _rows(feedback)]
    (line,) = [t for t in _texts(feedback) if "chưa được tổng hợp" in t]
    assert "Đảng ủy cũng nhận được tệp khác của tổ chức này và sẽ chỉ giữ một tệp" in line
    assert "nếu chi bộ đã gửi bản đã sửa các lỗi này thì không cần gửi lại tệp CB01.xlsx;" in line
    assert "nếu chưa, hãy sửa các ô ở dòng “Lỗi”" in line


def test_files_of_one_code_and_two_names_ask_the_secretary_to_check_the_code(tmp_path: Path) -> None:
    """CB02's secretary sent CB01's template with CB01's code and her own organisation's name:
    either file may be another organisation's, so both are told to check the code, not to
    move files out of a folder they do not have."""
    folder = tmp_path / "nop"
    folder.mkdir()
    _org(folder, 1, "CB01.xlsx")
    typed(_org(folder, 1, "to 2.xlsx"), layout.SHEET_INFO, {layout.INFO.cell("org_name"): "Chi bộ TDP số 2"})
    out = tmp_path / "phan_hoi"
    _run(folder, "--cutoff", "31/03/2026", "--feedback", out)
    assert sorted(p.name for p in out.iterdir()) == ["CB01_kiem_tra.xlsx", "to 2_kiem_tra.xlsx"]
    for name in ("CB01_kiem_tra.xlsx", "to 2_kiem_tra.xlsx"):
        assert [r[6] for r in _rows(out / name)] == ["org.duplicate_file"]
        texts = _texts(out / name)
        assert any("Đảng ủy nhận được tệp khác cũng ghi mã tổ chức này" in t for t in texts)
        assert not any("hãy sửa các ô" in t for t in texts)


def test_a_file_that_could_not_be_read_is_told_what_to_do_not_to_fix_cells(
    ward: dict[str, Path], tmp_path: Path
) -> None:
    folder = ward["clean"].parent
    (folder / "CB09_chi_bo.csv").write_text("Họ và tên,Ngày sinh\nA,1/1/1970\n", encoding="utf-8")
    out = tmp_path / "phan_hoi"
    _run(folder, "--cutoff", "31/03/2026", "--feedback", out)
    texts = _texts(out / "CB09_chi_bo_kiem_tra.xlsx")
    assert any("Tệp chưa đọc được nên chưa được tổng hợp: hãy làm theo hướng dẫn" in t for t in texts)
    assert not any("sửa các ô" in t for t in texts)
    assert any("hãy sửa các ô ở dòng “Lỗi”" in t for t in _texts(out / f"{ward['error'].stem}_kiem_tra.xlsx"))


def test_a_check_that_failed_is_no_secretary_s_to_fix(ward: dict[str, Path], tmp_path: Path) -> None:
    from toolkit.core.rules import make_issue
    from toolkit.io.reader import read_submission
    from toolkit.outputs.feedback import feedback_outputs

    sub = read_submission(ward["clean"])
    sub.issues.append(make_issue("file.check_failed", file=sub.path.name, reason="members: ValueError"))
    assert feedback_outputs([sub], tmp_path) == []


def test_no_feedback_while_the_cutoff_looks_mistyped(ward: dict[str, Path], tmp_path: Path) -> None:
    """Every file's cut-off differs from the run's, which `ward.cutoff_unmatched` says is
    most likely mistyped: no secretary is told to change her dates; the console says why."""
    out = tmp_path / "phan_hoi"
    code, output = _run(ward["clean"].parent, "--cutoff", "31/03/2025", "--feedback", out)
    assert code == 1 and "ward.cutoff_unmatched" in output
    assert not out.exists()
    assert "Chưa ghi tệp phản hồi cho chi bộ: không tệp nào có ngày chốt số liệu đang dùng" in output


def test_the_column_and_code_cells_wrap(tmp_path: Path) -> None:
    folder = tmp_path / "nop"
    folder.mkdir()
    typed(_org(folder, 1), Y, {f"{COUNT}2": 99})
    out = tmp_path / "phan_hoi"
    _run(folder, "--cutoff", "31/03/2026", "--feedback", out)
    (path,) = out.iterdir()
    ws = openpyxl.load_workbook(path)[SHEET]
    rows = [r for r in ws.iter_rows(min_row=HEADER_ROW + 1) if isinstance(r[0].value, int)]
    assert rows and all(r[c].alignment.wrap_text for r in rows for c in (4, 5, 6))


def test_a_renamed_feedback_s_removal_names_the_old_and_new_names(
    ward: dict[str, Path], tmp_path: Path
) -> None:
    """A feedback whose name moved because a clerk's own file had taken it, then was gone,
    was removed "vì có tệp bài nộp trùng tên": no two submissions shared a name. The removal
    now names the old and the new feedback."""
    folder = ward["clean"].parent
    out = tmp_path / "phan_hoi"
    out.mkdir()
    short = out / f"{ward['error'].stem}_kiem_tra.xlsx"
    short.write_bytes(ward["clean"].read_bytes())  # the clerk's own file under that name
    _run(folder, "--cutoff", "31/03/2026", "--feedback", out)
    (longer,) = [p for p in out.iterdir() if p != short and p.name.startswith(ward["error"].stem)]
    short.unlink()  # the clerk moved it away
    code, output = _run(folder, "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 1, output
    assert short.exists() and not longer.exists()
    text = " ".join(output.split())
    assert "trùng tên" not in text, output
    assert (
        "Đã xóa 1 tệp phản hồi cũ của lần kiểm tra trước: phản hồi mới của các tệp bài nộp ấy mang tên "
        f"khác: {longer.name} → {short.name}." in text
    ), output


def test_an_old_template_is_the_clerk_s_to_upgrade_not_the_secretary_s(tmp_path: Path) -> None:
    """A 2026.1 file's `file.old_template` asks the office to press “Nâng cấp” in its
    consolidation workbook and send the upgraded copy to the chi bộ: its secretary, who has no
    such workbook, is not told to do it (hunt344 F1). A file whose only finding it is gets no
    feedback; one with an error gets the error alone."""
    from helpers_validate import write_old

    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
    only_old = write_old(tmp_path / "a")
    code, output = _run(only_old.parent, "--cutoff", "31/03/2026", "--feedback", tmp_path / "ph_a")
    assert code == 0 and "file.old_template" in output  # the clerk is told on screen
    assert not (tmp_path / "ph_a").exists() or not list((tmp_path / "ph_a").iterdir())
    with_error = typed(write_old(tmp_path / "b"), M, {f"{BIRTH}2": "-"})
    code, output = _run(with_error.parent, "--cutoff", "31/03/2026", "--feedback", tmp_path / "ph_b")
    assert code == 1 and "file.old_template" in output
    codes = [r[6] for r in _rows(tmp_path / "ph_b" / f"{with_error.stem}_kiem_tra.xlsx")]
    assert codes and "file.old_template" not in codes


def test_an_upgraded_file_not_completed_tells_its_secretary_what_to_fill(tmp_path: Path) -> None:
    """The copy `upgrade` made, sent back without its new columns filled: its feedback is read
    by the chi bộ, so `file.upgrade_not_completed` says what the chi bộ fills, not "ask the chi
    bộ to fill" (hunt344 F2: the secretary was told to ask herself)."""
    from helpers_validate import write_old

    from toolkit.outputs.upgrade import upgrade_files

    (tmp_path / "cu").mkdir()
    write_old(tmp_path / "cu")
    (old,) = (tmp_path / "cu").iterdir()
    upgrade_files([old], tmp_path / "nop")
    out = tmp_path / "phan_hoi"
    code, output = _run(tmp_path / "nop", "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 0 and "file.upgrade_not_completed" in output, output
    (feedback,) = out.iterdir()
    rows = {r[6]: r[5] for r in _rows(feedback)}
    message = str(rows["file.upgrade_not_completed"])
    assert "đề nghị chi bộ" not in message and "Chi bộ hãy điền các cột này" in message


def test_a_feedback_removed_while_the_file_is_still_an_old_template_says_the_chi_bo_has_nothing_to_fix(
    tmp_path: Path,
) -> None:
    """A 2026.1 file whose error is fixed keeps its clerk's note `file.old_template` (the office
    upgrades it): its feedback goes because the chi bộ has nothing left to fix, and the removal
    says so, not that the file has nothing left at all (hunt344 #3)."""
    from helpers_validate import write_old

    (tmp_path / "nop").mkdir()
    old = write_old(tmp_path / "nop")
    birth = openpyxl.load_workbook(old)[M][f"{BIRTH}2"].value
    typed(old, M, {f"{BIRTH}2": "-"})
    out = tmp_path / "phan_hoi"
    code, output = _run(old.parent, "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 1 and (out / f"{old.stem}_kiem_tra.xlsx").exists(), output
    typed(old, M, {f"{BIRTH}2": birth})
    code, output = _run(old.parent, "--cutoff", "31/03/2026", "--feedback", out)
    assert code == 0 and "file.old_template" in output, output  # the clerk's note is still said
    assert not (out / f"{old.stem}_kiem_tra.xlsx").exists()
    text = unicodedata.normalize("NFC", output)
    assert "vừa được kiểm tra và nay không còn gì chi bộ cần sửa." in text, output


def test_a_feedback_brought_back_among_the_submissions_is_named_to_the_clerk(
    ward: dict[str, Path], tmp_path: Path
) -> None:
    """A feedback workbook a secretary sent back, renamed or not, and put among the submissions
    is no submission and is not read; the clerk is told, naming the file and the organisation it
    was for, not left to think the organisation's reply came (hunt344 #1). Feedback where
    ward-stats wrote it is not said: `--feedback` naming the folder of submissions, or the
    `phan_hoi` sub-folder."""
    import shutil

    folder = ward["clean"].parent
    code, output = _run(folder, "--cutoff", "31/03/2026", "--feedback", folder / "phan_hoi")
    assert "folder.feedback_file" not in output and "folder.subfolder_not_read" not in output
    written = folder / "phan_hoi" / f"{ward['error'].stem}_kiem_tra.xlsx"
    shutil.copy(written, folder / "CB03 tra loi.xlsx")
    shutil.copy(folder / "phan_hoi" / f"{ward['warning'].stem}_kiem_tra.xlsx", folder)
    code, output = _run(folder, "--cutoff", "31/03/2026")
    text = unicodedata.normalize("NFC", output)
    lines = [line for line in text.splitlines() if "(folder.feedback_file)" in line]
    assert len(set(lines)) == 2, output  # each said, under "Cần xem trước" and "Chung"
    assert any(
        "Tệp “CB03 tra loi.xlsx” là tệp phản hồi (kết quả kiểm tra) ward-stats đã ghi cho tổ chức CB03, "
        "không phải bài nộp, nên không được đọc." in line
        for line in lines
    ), output
    # CB03's own file is read too: the note does not say its submission is missing (hunt349 #1,
    # "bài nộp của chi bộ vẫn chưa có" beside CB03 counted), only that a corrected one is not here.
    assert not any("vẫn chưa có" in line for line in lines), output
    assert all("thay cho bài nộp đã sửa thì bài nộp đã sửa ấy chưa có" in line for line in lines), output
    back = f"Tệp “{ward['warning'].stem}_kiem_tra.xlsx”"  # its own name, moved out of `phan_hoi`
    assert any(back in line and "cho tổ chức CB04" in line for line in lines), output
    assert "Đã kiểm tra 4 tệp" in text  # neither is read as a submission
    # Written beside the submissions (`--feedback` naming their folder): ward-stats' own, silent.
    (folder / "CB03 tra loi.xlsx").unlink()
    (folder / f"{ward['warning'].stem}_kiem_tra.xlsx").unlink()
    _run(folder, "--cutoff", "31/03/2026", "--feedback", folder)
    assert (folder / written.name).exists()
    code, output = _run(folder, "--cutoff", "31/03/2026")
    assert "folder.feedback_file" not in output, output


@pytest.mark.parametrize(
    "name", ["CB03 tra loi.xlsm", "CB03 tra loi.xls", "CB03 tra loi.ods", "CB03 tra loi", "CB03.xlsx (1)"]
)
def test_a_feedback_brought_back_under_another_file_type_is_named_too(
    ward: dict[str, Path], tmp_path: Path, name: str
) -> None:
    """A feedback renamed by the secretary to another spreadsheet suffix, no suffix, or the copy
    number a download adds is found by the reading as ward-stats' own and left out like the
    `.xlsx` one; it was left out without a word (only `.xlsx` names were looked at), so the
    clerk could take it for CB03's reply (hunt349)."""
    import shutil

    folder = ward["clean"].parent
    _run(folder, "--cutoff", "31/03/2026", "--feedback", folder.parent / "phan_hoi")
    shutil.copy(folder.parent / "phan_hoi" / f"{ward['error'].stem}_kiem_tra.xlsx", folder / name)
    code, output = _run(folder, "--cutoff", "31/03/2026")
    text = unicodedata.normalize("NFC", output)
    lines = {line for line in text.splitlines() if "(folder.feedback_file)" in line}
    assert len(lines) == 1, output
    said = f"Tệp “{name}” là tệp phản hồi (kết quả kiểm tra) ward-stats đã ghi cho tổ chức CB03"
    assert said in lines.pop()
    assert "Đã kiểm tra 4 tệp" in text, output


def test_a_feedback_with_personal_data_masks_what_another_chi_bo_wrote(tmp_path: Path) -> None:
    """With --personal-data a feedback is sent to its own chi bộ alone: it quotes that file's
    names and dates, but not what another chi bộ's file wrote of the same person (the date of
    the death CB01 recorded, CB01's and CB02's spelling of the name), only that file and row and
    the kind of change, which the chi bộ needs to act. The office's list keeps every value
    (hunt358)."""
    folder = tmp_path / "nop"
    folder.mkdir()
    theirs = next(m for m in clean_members() if m["full_name"] == "Trần Thị Hường")
    birth = theirs["birth_date"] + dt.timedelta(days=2)  # as CB02's roll has her (`_org`)
    died = {
        "row_no": 3,
        "full_name": "Trần Thị Hường",
        "birth_date": birth,
        "event_type": "died",
        "event_date": dt.date(2026, 1, 10),
    }
    later = dt.timedelta(days=1)
    cb01 = write(
        folder,
        "CB01_chi_bo_to_dan_pho_so_1.xlsx",
        info=clean_info(org_code="CB01", org_name="Chi bộ Tổ dân phố số 1"),
        members=[{**m, "birth_date": m["birth_date"] + later} for m in clean_members() if m is not theirs],
        events=[*({**e, "birth_date": e["birth_date"] + later} for e in clean_events()), died],
    )
    _org(folder, 2)
    cb03 = _org(folder, 3)
    name_col = layout.MEMBERS.letter("full_name")
    typed(cb03, M, {f"{name_col}3": "Tran Thi Huong", f"{BIRTH}3": birth.strftime("%d/%m/%Y")})
    out = tmp_path / "phan_hoi"
    code, output = _run(folder, "--cutoff", "31/03/2026", "--feedback", out, "--personal-data")
    assert code in (0, 1), output
    # The office's list quotes both files' values.
    assert "10/01/2026" in output and "“Trần Thị Hường”" in output and "“Tran Thi Huong”" in output
    cb02_text = "\n".join(_texts(out / "CB02_chi_bo_to_dan_pho_so_2_kiem_tra.xlsx"))
    assert "event.left_in_other_file" in cb02_text and cb01.name in cb02_text and "Từ trần" in cb02_text
    assert "Trần Thị Hường" in cb02_text and birth.strftime("%d/%m/%Y") in cb02_text  # its own
    assert "10/01/2026" not in cb02_text and "Tran Thi Huong" not in cb02_text  # CB01's, CB03's
    cb03_text = "\n".join(_texts(out / f"{cb03.stem}_kiem_tra.xlsx"))  # CB02 spells her
    assert "member.name_without_accents" in cb03_text and cb01.name not in cb03_text
    assert "Tran Thi Huong" in cb03_text and birth.strftime("%d/%m/%Y") in cb03_text  # its own
    assert "Trần Thị Hường" not in cb03_text  # CB02's spelling


def test_a_feedback_masks_the_other_side_s_date_of_a_reversed_transfer() -> None:
    """`event.transfer_dates_reversed` quotes both sides' dates: the file's own and the other
    file's. Its feedback keeps its own and masks the other's (`rules.FEEDBACK_SUFFIX`); the
    office's message keeps both, and the message without personal data masks both."""
    from toolkit.core.rules import HIDDEN, make_issue

    issue = make_issue(
        "event.transfer_dates_reversed",
        sheet=layout.SHEET_EVENTS,
        cell="E3",
        name="Bùi Văn Lan",
        birth=dt.date(1970, 3, 3),
        in_date="05/02/2026",
        out_date="10/02/2026",
        in_date_feedback="05/02/2026",  # this file's "Chuyển đến"
        out_date_feedback=HIDDEN,  # the other file's "Chuyển đi"
        other_event="Chuyển đi",
        other_file="CB02.xlsx",
        other_sheet=layout.SHEET_EVENTS,
        other_cell="E4",
    )
    assert "05/02/2026" in issue.message and "10/02/2026" in issue.message
    shown = issue.for_feedback().message
    assert "05/02/2026" in shown and "10/02/2026" not in shown and "CB02.xlsx" in shown
    assert "Bùi Văn Lan" in shown
    masked = issue.without_personal_data()
    assert "05/02/2026" not in masked.message and masked.for_feedback().message == masked.message
