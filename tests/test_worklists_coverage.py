"""What the work lists cover: a registry organisation that sent no file, files left out for
errors, and a run where no file could be used, said on the console, in the exit code and in
the workbook (a list that lacks an organisation's members must never read as complete)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner
from helpers_worklists import CUTOFF, PERIOD_START, REGISTRY, _member
from test_worklists_edges import HEADER_ROW, lists, rows, submission

from toolkit.cli import main
from toolkit.core.model import Organisation, Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import write_submission
from toolkit.outputs.worklists import EMPTY, EMPTY_INCOMPLETE, EMPTY_NO_FILE

CB02, CB01, CB03 = REGISTRY.organisations


def _two_of_three(tmp_path: Path) -> tuple[Path, Path]:
    """CB02 and CB01 sent a file each; CB03, in the registry, sent none."""
    folder = tmp_path / "bai_nop"
    submission(folder, CB02, [_member("Lý Văn Phúc", "02/02/1999", "male", "15/04/2025")])
    submission(folder, CB01, [_member("Nguyễn Văn An", "10/10/1990", "male", "31/03/2025")])
    return folder, write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")


def test_a_registry_organisation_without_a_file_is_said_and_exits_with_1(tmp_path: Path) -> None:
    """Its members are in no list: the console says which organisation and why, and the exit
    code is the one of a file left out (1), not success."""
    folder, registry = _two_of_three(tmp_path)
    out = tmp_path / "danh_sach.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert result.exit_code == 1, result.output
    assert (
        "1 tổ chức chưa nộp tệp (CB03): đảng viên của tổ chức này không có trong danh sách." in result.output
    ), result.output
    assert [r[3] for r in rows(out, "Dự bị đến hạn")] == ["Lý Văn Phúc", "Nguyễn Văn An"]
    # Without a registry nobody is known to be missing: the same files are the whole ward.
    plain = lists(folder, tmp_path / "ds2.xlsx")
    assert plain.exit_code == 0 and "chưa nộp" not in plain.output, plain.output


def test_the_lists_help_says_the_exit_code_of_a_missing_organisation() -> None:
    result = CliRunner().invoke(main, ["lists", "--help"])
    assert "tổ chức trong danh mục chưa nộp tệp" in " ".join(result.output.split())


def _coverage(out: Path) -> list[str]:
    """The coverage line (row 3) of every sheet."""
    return [ws["A3"].value for ws in openpyxl.load_workbook(out).worksheets]


def test_the_workbook_says_whose_members_are_missing(tmp_path: Path) -> None:
    """A printed or forwarded list carries what it was drawn from: a file left out for its
    errors and an organisation without a file are named on every sheet, in red; a complete
    run says so."""
    folder, _ = _two_of_three(tmp_path)
    wrong = [_member("Tạ Văn Sơn", "03/03/1970", "male", "19/05/1996", "19/06/1996")]  # official too early
    submission(folder, CB03, wrong)
    four = Registry(
        [
            *REGISTRY.organisations,
            Organisation("CB04", "Chi bộ Tổ dân phố số 4", "chi_bo_truc_thuoc", "to_dan_pho", None, {}),
        ]
    )
    registry = write_registry(four, tmp_path / "danh_muc.xlsx")
    out = tmp_path / "danh_sach.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert result.exit_code == 1, result.output
    line = (
        "Danh sách chưa đủ: lập từ 2/3 tệp, của 2/4 tổ chức trong danh mục; không có đảng viên của "
        "CB03 (tệp CB03.xlsx có lỗi), CB04 (chưa nộp tệp)."
    )
    assert _coverage(out) == [line] * 4
    ws = openpyxl.load_workbook(out)["Dự bị đến hạn"]
    assert ws["A3"].font.color.rgb == "FF9C0006"
    assert [r[3] for r in rows(out, "Dự bị đến hạn")] == ["Lý Văn Phúc", "Nguyễn Văn An"]
    # Every file used, every organisation of the registry in: said as complete.
    (folder / "CB03.xlsx").unlink()
    registry = write_registry(Registry([CB02, CB01]), tmp_path / "danh_muc2.xlsx")
    whole = tmp_path / "ds_du.xlsx"
    assert lists(folder, whole, "--registry", str(registry)).exit_code == 0
    assert _coverage(whole) == ["Đủ số liệu: lập từ 2/2 tệp, của 2/2 tổ chức trong danh mục."] * 4
    plain = tmp_path / "ds_khong_danh_muc.xlsx"
    assert lists(folder, plain).exit_code == 0
    assert (
        _coverage(plain)
        == ["Đủ số liệu: lập từ 2/2 tệp trong thư mục bài nộp (không đối chiếu với danh mục tổ chức)."] * 4
    )


def test_with_no_usable_file_no_list_says_that_nobody_qualifies(tmp_path: Path) -> None:
    """A cut-off typed wrong leaves every file out: the lists are empty because nothing was
    read, and say so, not that no member is due."""
    folder, registry = _two_of_three(tmp_path)
    out = tmp_path / "danh_sach.xlsx"
    result = CliRunner().invoke(
        main, ["lists", str(folder), "--cutoff", "30/06/2026", "-o", str(out), "--registry", str(registry)]
    )
    assert result.exit_code == 1, result.output
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        assert ws["A3"].value.startswith("Danh sách chưa đủ: lập từ 0/2 tệp, của 0/3 tổ chức trong danh mục")
        body = ws.cell(HEADER_ROW + 1, 1).value
        assert body == EMPTY_NO_FILE, (ws.title, body)
        assert "Không có đảng viên nào" not in body


def test_a_file_named_for_a_missing_organisation_is_said_beside_it(tmp_path: Path) -> None:
    """CB03's secretary filled CB01's pre-filled template and saved it as CB03.xlsx: its
    members are listed under CB01 (the code the file holds, `org.file_name_of_other`), and the
    lists said only "CB03 (chưa nộp tệp)", as if CB03's file were not there. The line says which
    file is named for CB03 and under which code its members are listed."""
    folder = tmp_path / "bai_nop"
    submission(folder, CB02, [_member("Lý Văn Phúc", "02/02/1999", "male", "15/04/2025")])
    members = [_member("Nguyễn Văn An", "10/10/1990", "male", "31/03/2025")]
    submission(folder, CB03, members, code=CB01.org_code, name=CB01.org_name)
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    out = tmp_path / "danh_sach.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert result.exit_code == 1, result.output
    said = (
        "CB03 (chưa nộp tệp; tệp CB03.xlsx mang tên CB03 nhưng ghi mã CB01, nên đảng viên trong tệp "
        "được xếp vào CB01: hãy kiểm tra mã tổ chức trong tệp)"
    )
    assert all(said in line for line in _coverage(out)), _coverage(out)
    assert [(r[1], r[3]) for r in rows(out, "Dự bị đến hạn")] == [
        ("CB02", "Lý Văn Phúc"),
        ("CB01", "Nguyễn Văn An"),
    ]


def test_a_missing_organisations_file_in_an_unread_sub_folder_is_said_where_it_is(tmp_path: Path) -> None:
    """CB03's file lies in a sub-folder the run does not read (hunt34 #3): the console and the
    coverage line said only "chưa nộp tệp", and the office chased the party cell, not the
    folder. A file named for the missing organisation in a sub-folder not read is named with
    that sub-folder (nested too); a file named for nobody missing changes nothing."""
    folder, registry = _two_of_three(tmp_path)
    submission(folder / "cu" / "2025", CB03, [_member("Tạ Văn Sơn", "01/01/1980", "male", "01/05/2025")])
    submission(folder / "khac", CB01, [_member("Lê Văn Cũ", "01/01/1981", "male", "01/05/2025")])
    out = tmp_path / "danh_sach.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert result.exit_code == 1, result.output
    where = (
        "có tệp CB03.xlsx mang tên CB03 trong thư mục con “cu/2025”, không được đọc: nếu là bài nộp, "
        "hãy chuyển ra thư mục bài nộp rồi làm lại"
    )
    text = " ".join(result.output.split())
    assert "1 tổ chức chưa nộp tệp (CB03)" in text and f"– CB03: {where}." in text, result.output
    assert "CB01:" not in text
    assert all(f"CB03 (chưa nộp tệp; {where}); 2 thư mục con" in line for line in _coverage(out)), _coverage(
        out
    )


def test_a_file_left_out_is_named_by_the_organisation_consolidation_files_it_under(tmp_path: Path) -> None:
    """(hunt44 A #2) CB03.xlsx holds the code XX03, in no registry: consolidation files it under
    the registry's CB03 (by its file name) and says "CB03 bị loại", while the lists said "không
    có đảng viên của XX03", naming an organisation the ward does not have and never CB03, whose
    members are missing. With the code cell empty they named only the file. The console names
    the organisation too."""
    folder, registry = _two_of_three(tmp_path)
    submission(folder, CB03, [_member("Tạ Văn Sơn", "03/03/1970", "male", "01/05/2025")], code="XX03")
    out = tmp_path / "danh_sach.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert result.exit_code == 1, result.output
    line = (
        "Danh sách chưa đủ: lập từ 2/3 tệp, của 2/3 tổ chức trong danh mục; không có đảng viên của "
        "CB03 (tệp CB03.xlsx có lỗi, ghi mã XX03)."
    )
    assert _coverage(out) == [line] * 4
    assert "1 tệp có lỗi không được đưa vào danh sách (CB03.xlsx của CB03)" in result.output, result.output
    consolidated = CliRunner().invoke(
        main,
        ["consolidate", str(folder), "--registry", str(registry), "--cutoff", "31/03/2026"]
        + ["-o", str(tmp_path / "th.xlsx"), "--no-history"],
    )
    assert "CB03 bị loại" in consolidated.output, consolidated.output
    # The code cell left empty: the same organisation, said to have no code.
    info = {
        "org_code": None,
        "org_name": CB03.org_name,
        "org_tier": CB03.org_tier,
        "sector": CB03.sector,
        "cutoff_date": CUTOFF,
        "period_start": PERIOD_START,
    }
    member = {"row_no": 1, **_member("Tạ Văn Sơn", "03/03/1970", "male", "01/05/2025")}
    write_submission(
        folder / "CB03.xlsx", info=info, members=[member], years=[{"year": 2025}, {"year": 2026}]
    )
    empty = tmp_path / "ds_trong.xlsx"
    result = lists(folder, empty, "--registry", str(registry))
    assert result.exit_code == 1, result.output
    assert _coverage(empty) == [line.replace("ghi mã XX03", "chưa ghi mã tổ chức")] * 4
    assert "(CB03.xlsx của CB03)" in result.output, result.output


def test_an_empty_list_of_an_incomplete_run_does_not_say_in_green_that_nobody_is_listed(
    tmp_path: Path,
) -> None:
    """(hunt44 A #3) With CB03 left out, a list nobody of the files used is on said, in the
    green of a complete list, "Không có đảng viên nào trong danh sách này.", though CB03's
    members may belong on it: filed as "nobody due". It says that the files used hold nobody
    and that the members of those named above may be missing, in the red of the coverage line;
    a complete run keeps the green sentence."""
    folder, registry = _two_of_three(tmp_path)
    out = tmp_path / "danh_sach.xlsx"
    assert lists(folder, out, "--registry", str(registry)).exit_code == 1
    ws = openpyxl.load_workbook(out)["Miễn, tạm miễn"]
    body = ws.cell(HEADER_ROW + 1, 1)
    assert body.value == EMPTY_INCOMPLETE, body.value
    assert "CB03 (chưa nộp tệp)" in ws["A3"].value
    assert body.font.color.rgb == ws["A3"].font.color.rgb == "FF9C0006"
    whole = tmp_path / "ds_du.xlsx"
    two = write_registry(Registry([CB02, CB01]), tmp_path / "danh_muc2.xlsx")
    assert lists(folder, whole, "--registry", str(two)).exit_code == 0
    ws = openpyxl.load_workbook(whole)["Miễn, tạm miễn"]
    body = ws.cell(HEADER_ROW + 1, 1)
    assert (body.value, body.font.color.rgb) == (EMPTY, "FF006100")


def test_an_identical_copy_of_one_file_is_ignored_and_said(tmp_path: Path) -> None:
    """CB02.xlsx and the browser's "CB02 (1).xlsx", byte for byte alike: CB02.xlsx is used, the
    copy ignored (`org.identical_copy`), so the lists are complete (hunt174 #8; before, both were
    left out and CB02's members were in no list)."""
    folder, registry = _two_of_three(tmp_path)
    submission(folder, CB03, [_member("Tạ Văn Sơn", "03/03/1970", "male", "19/05/1996", "19/05/1997")])
    (folder / "CB02 (1).xlsx").write_bytes((folder / "CB02.xlsx").read_bytes())
    out = tmp_path / "danh_sach.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert result.exit_code == 0, result.output
    assert (
        "Đã lập danh sách từ 3/3 tệp không có lỗi, bỏ qua 1 bản sao giống hệt tệp khác (số liệu"
        in result.output
    )
    line = "Đủ số liệu: lập từ 3/3 tệp (bỏ qua 1 bản sao giống hệt tệp khác), của 3/3 tổ chức trong danh mục."
    assert _coverage(out) == [line] * 4


def test_identical_copies_beside_an_edited_file_are_said_as_copies_not_as_errors(tmp_path: Path) -> None:
    """CB02.xlsx, the browser's "CB02 (1).xlsx" byte for byte alike, and an edited CB02: the three
    are `org.duplicate_file` (two contents), but the two copies hold no error of their own: the
    line says to delete one, once, not that each file "có lỗi" (hunt105 F6)."""
    folder, registry = _two_of_three(tmp_path)
    submission(folder, CB03, [_member("Tạ Văn Sơn", "03/03/1970", "male", "19/05/1996", "19/05/1997")])
    (folder / "CB02 (1).xlsx").write_bytes((folder / "CB02.xlsx").read_bytes())
    wb = openpyxl.load_workbook(folder / "CB02.xlsx")
    wb["Đảng viên"]["B2"] = "Nguyễn Văn Sửa"
    wb.save(folder / "CB02_sua.xlsx")
    out = tmp_path / "danh_sach.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert result.exit_code == 1, result.output
    line = _coverage(out)[0]
    assert line.startswith(
        "Danh sách chưa đủ: lập từ 2/5 tệp, của 2/3 tổ chức trong danh mục; không có đảng viên"
    )
    assert "CB02 (2 tệp giống hệt nhau: xóa một tệp)" in line


def test_a_used_file_with_a_sheet_not_read_makes_the_lists_incomplete(tmp_path: Path) -> None:
    """hunt116 F1: a probationary member kept on a copy of `Đảng viên` (a sheet not read) was in
    no list, and every sheet said “Đủ số liệu”. The line names the sheet and its file."""
    folder, registry = _two_of_three(tmp_path)
    registry = write_registry(Registry([CB02, CB01]), tmp_path / "danh_muc2.xlsx")
    path = folder / "CB01.xlsx"
    wb = openpyxl.load_workbook(path)
    copy = wb.copy_worksheet(wb["Đảng viên"])
    copy.title = "Đảng viên (2)"
    wb.save(path)
    out = tmp_path / "danh_sach.xlsx"
    said = " ".join(lists(folder, out, "--registry", str(registry)).output.split())
    assert (
        "1 sheet có dữ liệu không được đọc (sheet “Đảng viên (2)” của tệp CB01.xlsx): đảng viên và biến "
        "động ghi ở đó không có trong danh sách" in said
    ), said
    line = (
        "Danh sách chưa đủ: lập từ 2/2 tệp, của 2/2 tổ chức trong danh mục; 1 sheet có dữ liệu không "
        "được đọc (sheet “Đảng viên (2)” của tệp CB01.xlsx)."
    )
    assert _coverage(out) == [line] * 4
    assert openpyxl.load_workbook(out)["Dự bị đến hạn"]["A3"].font.color.rgb == "FF9C0006"


def test_a_copy_of_the_guide_leaves_the_lists_complete(tmp_path: Path) -> None:
    """Only copies of `Đảng viên` and `Biến động` hold members or changes (review118 F3: a copy of
    `Hướng dẫn` made every list “Danh sách chưa đủ”)."""
    folder, _ = _two_of_three(tmp_path)
    registry = write_registry(Registry([CB02, CB01]), tmp_path / "danh_muc2.xlsx")
    path = folder / "CB01.xlsx"
    wb = openpyxl.load_workbook(path)
    wb.copy_worksheet(wb["Hướng dẫn"]).title = "Hướng dẫn (2)"
    wb.save(path)
    out = tmp_path / "danh_sach.xlsx"
    said = lists(folder, out, "--registry", str(registry)).output
    assert "không được đọc" not in said, said
    assert _coverage(out) == ["Đủ số liệu: lập từ 2/2 tệp, của 2/2 tổ chức trong danh mục."] * 4


def test_a_copy_left_out_beside_its_organisations_used_file_does_not_say_its_members_are_missing(
    tmp_path: Path,
) -> None:
    """(review272) An old copy of CB01's file whose `Thông tin` sheet was renamed, `CB01_cu.xlsx`,
    beside CB01's real file: since a file of an organisation by its name is no other
    organisation (review269), CB01's real file is used and its members listed; the copy is left
    out by its own error. The line said "không có đảng viên của CB01 (tệp CB01_cu.xlsx có lỗi,
    chưa ghi mã tổ chức)", false of a list holding CB01's members; it names the copy left out
    and the file CB01's members are taken from."""
    folder, registry = _two_of_three(tmp_path)
    submission(folder, CB03, [_member("Tạ Văn Sơn", "03/03/1970", "male", "19/05/1996", "19/05/1997")])
    copy = folder / "CB01_cu.xlsx"
    copy.write_bytes((folder / "CB01.xlsx").read_bytes())
    wb = openpyxl.load_workbook(copy)
    wb["Thông tin"].title = "Cũ"
    wb.save(copy)
    out = tmp_path / "danh_sach.xlsx"
    result = lists(folder, out, "--registry", str(registry))
    assert result.exit_code == 1, result.output
    line = (
        "Danh sách chưa đủ: lập từ 3/4 tệp, của 3/3 tổ chức trong danh mục; không dùng tệp "
        "CB01_cu.xlsx của CB01 (có lỗi, chưa ghi mã tổ chức; đảng viên của CB01 lấy từ tệp CB01.xlsx)."
    )
    assert _coverage(out) == [line] * 4
