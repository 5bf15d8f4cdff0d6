"""The Excel buttons' entry points, driven through xlwings' remote engine on real files."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.helpers_excel import (
    BOOK_NAME,
    CUTOFF,
    PERIOD_START,
    REGISTRY,
    Replay,
    book_json,
    caller_book,
    write_ward,
)
from tests.helpers_names import spelled
from tests.helpers_unexpected import Failing, fails
from toolkit import excel
from toolkit.core import vocab
from toolkit.core.model import Registry
from toolkit.core.rules import MAX_PARAM_CHARS
from toolkit.core.text import shown
from toolkit.excel import book as xlbook
from toolkit.excel import failsafe
from toolkit.excel.build import DEFAULT_TARGET
from toolkit.excel.failsafe import STATUS_HEIGHT, STATUS_LINE_CHARS, STATUS_LINE_POINTS
from toolkit.history.session import NEW_HISTORY_WORKBOOK, first_year_words
from toolkit.history.store import HistoryStore
from toolkit.io.registry import REGISTRY_SHEET
from toolkit.outputs import sheets as output
from toolkit.outputs.sheets.cells import COUNT_FORMAT
from toolkit.outputs.sheets.issues import ISSUE_COLUMNS
from toolkit.outputs.status import (
    MARK_NEW_COLUMNS,
    NO_WARD_NAME,
    PERSONAL_DATA_HIDDEN,
    REGISTRY_EXAMPLE_ONLY,
    SEND_BACK,
)
from toolkit.outputs.template import submission_filename


@pytest.fixture(autouse=True)
def _remote_engine_licence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The remote engine is part of xlwings PRO; "noncommercial" is its documented free key.
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    # Its book has no folder (the current one stands in): the history beside it goes there.
    monkeypatch.chdir(tmp_path)


# The organisations of `write_ward`'s files only (CB03 of `REGISTRY` sends none: `org.missing`).
SENT = Registry(REGISTRY.organisations[:2])

# The first press's status: a new history beside the book, which no cell chooses.
NEW_HISTORY_BOOK = NEW_HISTORY_WORKBOOK.format(file="lich_su_tong_hop.sqlite", book="“tong_hop_phuong.xlsm”")


def run(entry, data):  # type: ignore[no-untyped-def]
    book = caller_book(data)
    entry()
    return Replay(data, book.json()["actions"])


def test_importing_the_entry_points_loads_neither_xlwings_nor_pandas() -> None:
    code = "import sys, toolkit.excel; print(sorted(m for m in ('xlwings', 'pandas') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_make_templates_writes_one_prefilled_file_per_registry_organisation(tmp_path: Path) -> None:
    target = tmp_path / "mau"
    data = book_json(DEFAULT_TARGET, {"TemplateFolder": str(target)}, registry=REGISTRY)
    book = run(excel.make_templates, data)
    written = sorted(p.name for p in target.iterdir())
    assert written == sorted(submission_filename(o) for o in REGISTRY.organisations)
    assert book.status() == (  # the built book's `bai_nop`, not there yet, is made (fix354)
        f"Tạo mẫu: đã tạo 3 biểu mẫu trong thư mục {target}. Đã tạo thư mục bài nộp “{tmp_path / 'bai_nop'}” "
        f"(ô “Thư mục bài nộp”, {xlbook.setting_place('InputFolder')}) để nhận bài nộp của các chi bộ."
    )


def test_make_templates_says_when_the_registry_holds_one_name_twice(tmp_path: Path) -> None:
    import dataclasses

    (tmp_path / "bai_nop").mkdir()  # the built book's submissions folder, made already
    target = tmp_path / "mau"
    first = REGISTRY.organisations[0]
    twice = dataclasses.replace(first, org_code="CB99", org_name="CB TDP 01")
    registry = dataclasses.replace(REGISTRY, organisations=[*REGISTRY.organisations, twice])
    data = book_json(DEFAULT_TARGET, {"TemplateFolder": str(target)}, registry=registry)
    book = run(excel.make_templates, data)
    assert len(list(target.iterdir())) == 4  # the templates are made all the same
    status = book.status()
    assert status.startswith(f"Tạo mẫu: đã tạo 4 biểu mẫu trong thư mục {target}. Lưu ý: ")
    assert "Tên “CB TDP 01” của mã CB99 trùng với tên “Chi bộ Tổ dân phố số 1” của mã CB01" in status
    assert book.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)] == "#ffeb9c"


def test_make_templates_says_the_example_row_kept_beside_the_wards_own(tmp_path: Path) -> None:
    """The built workbook's example row CB01 kept beside the ward's rows (hunt220 R3)."""
    from toolkit.excel.build import EXAMPLE_ORGANISATION

    kept = Registry([EXAMPLE_ORGANISATION, *REGISTRY.organisations[1:]])
    (tmp_path / "bai_nop").mkdir()  # the built book's submissions folder, made already
    data = book_json(DEFAULT_TARGET, {"TemplateFolder": str(tmp_path / "b")}, registry=kept)
    book = run(excel.make_templates, data)
    status = book.status()
    assert status.startswith(f"Tạo mẫu: đã tạo 3 biểu mẫu trong thư mục {tmp_path / 'b'}. Lưu ý: ")
    assert "Mã CB01 (Chi bộ Tổ dân phố số 1) là dòng ví dụ có sẵn trong mẫu" in status
    assert "Hãy xóa dòng này khỏi sheet “Danh mục tổ chức”." in status
    assert book.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)] == "#ffeb9c"


def test_make_templates_with_the_example_row_alone_makes_the_blank_template(tmp_path: Path) -> None:
    """The workbook as shipped, its sheet holding the example row alone: no pre-filled CB01 file
    (sent to a chi bộ and returned, it made the example the run's registry again, every other
    file `org.unknown`; review306 N3), the blank template, and the status cell says why."""
    folder = tmp_path / "a"
    (tmp_path / "bai_nop").mkdir()  # the built book's submissions folder, made already
    book = run(excel.make_templates, book_json(DEFAULT_TARGET, {"TemplateFolder": str(folder)}))
    assert sorted(p.name for p in folder.iterdir()) == ["mau_chi_bo.xlsx"]
    assert book.status() == (
        f"Tạo mẫu: đã tạo biểu mẫu trống {folder / 'mau_chi_bo.xlsx'}. Lưu ý: Danh mục tổ chức "
        f"(sheet “{REGISTRY_SHEET}”) mới chỉ có dòng ví dụ của mẫu (CB01 – Chi bộ Tổ dân phố số 1), "
        "chưa phải danh mục của phường, nên chưa tạo biểu mẫu điền sẵn cho tổ chức nào, chỉ tạo "
        f"biểu mẫu trống “mau_chi_bo.xlsx”. Hãy xóa dòng ví dụ, điền các tổ chức của phường vào sheet "
        f"“{REGISTRY_SHEET}” rồi bấm lại nút Tạo mẫu để có biểu mẫu điền sẵn cho từng tổ chức."
    )
    assert book.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)] == "#ffeb9c"


def test_make_templates_without_organisations_says_so_in_the_status_cell(tmp_path: Path) -> None:
    data = book_json(DEFAULT_TARGET, {"TemplateFolder": str(tmp_path)})
    data["sheets"][1]["values"] = [
        row if i == 0 else [""] * len(row) for i, row in enumerate(data["sheets"][1]["values"])
    ]
    book = run(excel.make_templates, data)
    assert book.status().startswith("Tạo mẫu: KHÔNG THÀNH CÔNG.")
    assert f"Sheet “{REGISTRY_SHEET}” chưa có tổ chức nào." in book.status()
    assert list(tmp_path.iterdir()) == []


def test_validate_lists_every_issue_with_a_link_to_the_source_cell(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    data = book_json(DEFAULT_TARGET, {"InputFolder": str(folder), "CutoffDate": CUTOFF}, registry=REGISTRY)
    book = run(excel.validate, data)

    sheet = output.SHEET_ISSUES
    assert book.order.index(sheet) == book.order.index(REGISTRY_SHEET) + 1
    rows = book.rows(sheet)
    header = [h for h, _ in ISSUE_COLUMNS]
    assert rows[xlbook.ISSUES_HEADER_ROW - 1] == header
    issues = [dict(zip(header, r, strict=False)) for r in rows[xlbook.ISSUES_HEADER_ROW :]]
    errors = [i for i in issues if i["Mức độ"] == "Lỗi"]
    assert errors and all(i["Tệp"] == "CB02.xlsx" for i in errors)
    first = errors[0]
    assert first["Ô"] and first["Nội dung"]
    links = book.links[sheet]
    assert any(link.startswith(str(folder / "CB02.xlsx") + "#") for link in links.values())
    warnings = len(issues) - len(errors)
    # CB03 of the registry sent no file: said as “Tổng hợp” says it, a warning of the run (hunt206 R4).
    assert book.status() == (
        "Kiểm tra: đã kiểm tra 2 tệp: 1 đạt, 0 chỉ có cảnh báo, 1 có lỗi. "
        "1 tổ chức chưa nộp tệp (CB03). "
        f"Tổng cộng {len(errors)} lỗi, {warnings} cảnh báo; xem chi tiết ở sheet “Kiểm tra”. "
        + PERSONAL_DATA_HIDDEN
        + f" Tệp phản hồi cho chi bộ: 1 tệp trong thư mục “{tmp_path / 'phan_hoi'}” (mỗi tệp bài nộp có "
        "lỗi hoặc cảnh báo cần xem một tệp …_kiem_tra.xlsx: gửi lại cho chi bộ của tệp ấy)."
    )
    # Beside the book (the remote engine's book is in the current folder): the file with errors.
    assert [p.name for p in (tmp_path / "phan_hoi").iterdir()] == ["CB02_kiem_tra.xlsx"]
    assert (len(errors), warnings) == (1, 1)
    (missing,) = (i for i in issues if i["Mức độ"] != "Lỗi")
    assert (missing["Mã lỗi"], missing["Tệp"], missing["Ô"]) == ("org.missing", None, None)
    assert missing["Nội dung"] == (
        "Tổ chức CB03 (Chi bộ Công ty Cổ phần May 10) chưa nộp tệp số liệu: số liệu toàn phường chưa đủ."
    )
    assert book.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)].upper() == "#FFC7CE"


def test_validate_with_the_templates_example_row_alone_checks_as_without_a_registry(tmp_path: Path) -> None:
    """The sheet “Danh mục tổ chức” as built (its example row CB01 alone) and no file of CB01:
    not the ward's registry (hunt302 F4). No file's code is `org.unknown`, so no feedback file
    for it; the status cell and the `Kiểm tra` sheet say the registry was not used."""
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    (folder / "CB01.xlsx").unlink()
    book = run(excel.validate, book_json(DEFAULT_TARGET, {"InputFolder": str(folder), "CutoffDate": CUTOFF}))

    assert book.status() == (
        "Kiểm tra: đã kiểm tra 1 tệp: 1 đạt, 0 chỉ có cảnh báo, 0 có lỗi. "
        + REGISTRY_EXAMPLE_ONLY
        + " Tổng cộng 0 lỗi, 1 cảnh báo; xem chi tiết ở sheet “Kiểm tra”."
    )
    rows = book.rows(output.SHEET_ISSUES)
    header = [h for h, _ in ISSUE_COLUMNS]
    issues = [dict(zip(header, r, strict=False)) for r in rows[xlbook.ISSUES_HEADER_ROW :]]
    assert [(i["Mức độ"], i["Mã lỗi"], i["Tệp"]) for i in issues] == [
        ("Cảnh báo", "registry.example_only", None)
    ]
    assert not (tmp_path / "phan_hoi").exists()


def test_validate_says_a_feedback_folder_it_cannot_write_and_keeps_its_list(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    (tmp_path / "phan_hoi").write_text("", encoding="utf-8")  # a file where the folder goes
    data = book_json(DEFAULT_TARGET, {"InputFolder": str(folder), "CutoffDate": CUTOFF}, registry=REGISTRY)
    book = run(excel.validate, data)
    rows = book.rows(output.SHEET_ISSUES)[xlbook.ISSUES_HEADER_ROW :]
    assert [r[1] for r in rows if r[0] == "Lỗi"] == ["CB02.xlsx"]  # the list, not a failure row
    status = book.status()
    assert status.startswith("Kiểm tra: đã kiểm tra 2 tệp: 1 đạt, 0 chỉ có cảnh báo, 1 có lỗi.")
    assert (
        f"Không ghi được tệp phản hồi cho chi bộ vào thư mục “{tmp_path / 'phan_hoi'}”: Thư mục phản hồi"
        in status
    )
    assert "là một tệp, không phải thư mục" in status and "KHÔNG THÀNH CÔNG" not in status


def test_validate_replaces_the_previous_issue_sheet_in_place(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    stale = [[xlbook.ISSUES_TITLE, "", ""], ["dòng cũ", "", ""]]
    data = book_json(
        DEFAULT_TARGET,
        {"InputFolder": str(folder)},
        registry=SENT,  # every organisation sent its file: nothing to list
        extra_sheets={output.SHEET_ISSUES: stale},
    )
    book = run(excel.validate, data)
    assert "addSheet" not in book.funcs and "sheetClear" in book.funcs
    assert book.find(output.SHEET_ISSUES, "dòng cũ") == []
    assert (
        book.value(output.SHEET_ISSUES, f"H{xlbook.ISSUES_HEADER_ROW + 1}")
        == "Không có lỗi hay cảnh báo nào."
    )


def test_validate_lists_the_sub_folders_and_compressed_files_it_does_not_read(tmp_path: Path) -> None:
    import zipfile

    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    write_ward(folder / "nop_muon", with_error=False)  # a late batch, one folder down
    with zipfile.ZipFile(folder / "CB03.zip", "w") as archive:
        archive.writestr("CB03.xlsx", b"x")
    data = book_json(DEFAULT_TARGET, {"InputFolder": str(folder), "CutoffDate": CUTOFF}, registry=REGISTRY)
    book = run(excel.validate, data)
    rows = book.rows(output.SHEET_ISSUES)[xlbook.ISSUES_HEADER_ROW :]
    codes = [r[-1] for r in rows if r and isinstance(r[-1], str) and r[-1].startswith("folder.")]
    assert sorted(codes) == ["folder.archive_not_read", "folder.subfolder_not_read"]
    assert any("nop_muon" in str(v) for r in rows for v in r)
    assert "Không có lỗi hay cảnh báo nào." not in [v for r in rows for v in r]


def test_validate_of_a_folder_whose_files_are_one_level_down_names_both(tmp_path: Path) -> None:
    write_ward(tmp_path / "Quy 1" / "bai_nop")
    settings = {"InputFolder": str(tmp_path / "Quy 1"), "CutoffDate": CUTOFF}
    book = run(excel.validate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    status = book.status()
    assert status.startswith(
        f"Kiểm tra: KHÔNG THÀNH CÔNG. Không tìm thấy tệp bảng tính (.xlsx) nào của chi bộ trong "
        f"“{tmp_path / 'Quy 1'}”."
    )
    assert "Thư mục con “bai_nop”" in status
    assert book.find(output.SHEET_ISSUES, "excel.failed")
    assert not (tmp_path / "phan_hoi").exists()


def test_consolidate_writes_every_result_sheet_and_the_standalone_file(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    out = tmp_path / "ket_qua" / "tong_hop.xlsx"
    out.parent.mkdir()
    settings = {
        "InputFolder": str(folder),
        "CutoffDate": CUTOFF,
        "PeriodStart": PERIOD_START,
        "OutputFile": str(out),
    }
    data = book_json(DEFAULT_TARGET, settings, registry=REGISTRY)
    book = run(excel.consolidate, data)

    assert out.is_file()
    start = book.order.index(REGISTRY_SHEET) + 1
    assert book.order[start : start + len(output.SHEET_ORDER)] == list(output.SHEET_ORDER)
    assert book.order[-2:] == [xlbook.SHEET_CONFIG, xlbook.SHEET_LISTS]
    # The by-organisation sheet carries each organisation; CB01's 4 members are a number.
    by_org = book.rows(output.SHEET_BY_ORG)
    cb01 = next(r for r in by_org if "CB01" in r)
    assert 4 in cb01
    assert any(fmt == COUNT_FORMAT for fmt in book.formats[output.SHEET_BY_ORG].values())
    assert book.find(output.SHEET_ISSUES, "CB02.xlsx")
    assert book.status() == (
        "Tổng hợp: đã tổng hợp 1/3 tổ chức, 4 đảng viên (số liệu đến ngày 31/03/2026). "
        "1 tổ chức bị loại vì tệp có lỗi; 1 tổ chức chưa nộp tệp. "
        "– CB02 bị loại: tệp CB02.xlsx có lỗi: Ngày chính thức quá sớm ở sheet “Đảng viên”, ô I2. "
        f"{NO_WARD_NAME.format(fix=xlbook.ward_name_fix())} "
        f"Tổng cộng 1 lỗi, 2 cảnh báo; xem chi tiết ở sheet “Kiểm tra”. "
        f"Lịch sử tổng hợp: Chưa có tệp lịch sử “{tmp_path / 'lich_su_tong_hop.sqlite'}”: đã tạo tệp mới "
        f"và ghi vào đó lần tổng hợp số 1. {NEW_HISTORY_BOOK} "
        f"{first_year_words(tmp_path / 'lich_su_tong_hop.sqlite', buttons=True)} {PERSONAL_DATA_HIDDEN} "
        f"Tệp kết quả: {out}"
    )
    # No "Tên phường" in the settings: the forms' heading has no name, and the run says so.
    assert book.find(output.SHEET_ISSUES, "ward.no_ward_name")
    assert book.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)].upper() == "#FFC7CE"
    # The consolidation is recorded in the history beside the consolidation workbook.
    (stored,) = HistoryStore(tmp_path / "lich_su_tong_hop.sqlite").records()
    assert stored.cutoff_date.isoformat() == "2026-03-31" and stored.ward_name is None


def test_consolidate_says_which_record_of_its_cut_off_it_takes_the_place_of(tmp_path: Path) -> None:
    """A second run of the cut-off with one file of the two: its record is the one in use now,
    in place of the first; the status says so, with both runs' figures and how to undo it."""
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF, "WardName": "Phường Hải Dương"}
    first = run(excel.consolidate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    assert "thay cho" not in first.status()
    (folder / "CB02.xlsx").unlink()
    book = run(excel.consolidate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    assert (
        "Lịch sử tổng hợp: lần tổng hợp vừa ghi (số 2: 1/3 tổ chức, 4 đảng viên) nay là số liệu được "
        "dùng cho “Cùng kỳ năm trước”, xu hướng và kiểm tra số đầu kỳ của ngày chốt 31/03/2026, thay "
        "cho lần số 1 (2/3 tổ chức, 7 đảng viên, chạy lúc "
    ) in book.status()
    # The command names the history (beside the .xlsm): typed in any folder, it removes that record.
    said = " ".join(book.status().split())
    assert "hãy xóa lần vừa ghi: chạy lệnh “" in said and ' history remove 2 --yes --history "' in said
    assert 'lich_su_tong_hop.sqlite"”; rồi tổng hợp lại các tệp đúng' in said


def test_consolidate_says_it_started_a_new_history_and_where_the_buttons_keep_it(tmp_path: Path) -> None:
    """The first press records into a new history beside the book: the status says so, and where
    the ward's history must be for the buttons (no cell of `Điều khiển` chooses it), never a
    command-line flag the clerk does not type."""
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF, "WardName": "Phường Hải Dương"}
    first = run(excel.consolidate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    said = " ".join(first.status().split())
    history = tmp_path / "lich_su_tong_hop.sqlite"
    assert f"Chưa có tệp lịch sử “{history}”: đã tạo tệp mới và ghi vào đó lần tổng hợp số 1" in said
    assert "sheet “Điều khiển” không có ô chọn tệp lịch sử" in said
    assert "bấm lại nút “Tổng hợp”" in said
    # No flag for the press itself; only the import command of last year's figures names the file.
    assert "bằng --history" not in said and "đường dẫn --history" not in said
    assert f'history import "TỆP.json" --history "{history}"' in said
    assert "mở Command Prompt, chạy lệnh" in said and "rồi bấm lại nút “Tổng hợp” (hoặc" in said
    # The row shows it whole (review222 M1: the template's 48 points showed about 3½ lines, the
    # `history import` step out of sight): as many lines as it takes at the cell's width.
    lines = -(-len(first.status()) // STATUS_LINE_CHARS)
    assert lines > 6, len(first.status())
    assert first.heights[xlbook.SHEET_CONTROL][xlbook.status_row()] >= lines * STATUS_LINE_POINTS
    again = run(excel.consolidate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    assert "Chưa có tệp lịch sử" not in again.status()
    # The next, shorter status: the row fitted to it again, never left at the first one's height.
    height = again.heights[xlbook.SHEET_CONTROL][xlbook.status_row()]
    assert STATUS_HEIGHT <= height < first.heights[xlbook.SHEET_CONTROL][xlbook.status_row()]
    assert height >= -(-len(again.status()) // STATUS_LINE_CHARS) * STATUS_LINE_POINTS


def test_consolidate_never_empties_a_clerks_own_sheet_named_like_a_result_sheet(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    own = [["Báo cáo sơ kết quý I của Đảng ủy phường (bản nháp)"], ["Đoạn 1: nhiều giờ soạn thảo"]]
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF}
    data = book_json(DEFAULT_TARGET, settings, registry=REGISTRY, extra_sheets={output.SHEET_REPORT: own})
    book = run(excel.consolidate, data)
    assert book.rows(output.SHEET_REPORT)[:2] == [[own[0][0]], [own[1][0]]]
    assert book.status().startswith(
        f"Tổng hợp: KHÔNG THÀNH CÔNG. Sheet “{output.SHEET_REPORT}” của tệp này không phải sheet kết quả "
        "do chương trình ghi, nên không được ghi đè. Tệp kết quả"
    )
    assert f"Hãy đổi tên sheet “{output.SHEET_REPORT}”" in book.status()
    # said as file.renamed_sheet says it, in both languages' words (review254 F9)
    assert "(bấm chuột phải vào tên sheet ở dưới cùng, chọn Đổi tên/Rename) rồi bấm lại nút." in book.status()
    assert output.SHEET_SUMMARY not in book.order  # nothing copied


def test_consolidate_replaces_its_own_earlier_sheet_even_under_another_ward_name(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    earlier = [["THỐNG KÊ ĐẢNG VIÊN ĐẢNG BỘ PHƯỜNG CŨ"], ["số liệu cũ"]]
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF, "WardName": "Phường Hải Dương"}
    extra = {output.SHEET_SUMMARY: earlier}
    data = book_json(DEFAULT_TARGET, settings, registry=REGISTRY, extra_sheets=extra)
    book = run(excel.consolidate, data)
    assert "KHÔNG THÀNH CÔNG" not in book.status()
    assert book.find(output.SHEET_SUMMARY, "số liệu cũ") == []


def test_validate_never_empties_a_clerks_own_sheet_named_kiem_tra(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    own = [["Việc cần kiểm tra tuần này"], ["gọi chi bộ 3"]]
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF}
    data = book_json(DEFAULT_TARGET, settings, registry=REGISTRY, extra_sheets={output.SHEET_ISSUES: own})
    book = run(excel.validate, data)
    assert book.rows(output.SHEET_ISSUES)[:2] == [[own[0][0]], [own[1][0]]]
    assert "KHÔNG THÀNH CÔNG" in book.status()
    assert f"Sheet “{output.SHEET_ISSUES}” của tệp này không phải sheet kết quả" in book.status()


def test_consolidate_copies_links_that_open_the_source_cell_from_the_books_folder(tmp_path: Path) -> None:
    # The default layout: the result file in the submissions folder, the book one level up. The
    # result file's links are relative to its own folder; the book's must work from the book's.
    folder = tmp_path / "bài nộp"
    write_ward(folder)
    settings = {"InputFolder": "bài nộp", "CutoffDate": CUTOFF}
    book = run(excel.consolidate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    assert (folder / "tong_hop_2026-03-31.xlsx").is_file(), book.status()
    links = [link for link in book.links[output.SHEET_ISSUES].values() if not link.startswith("#")]
    assert links
    for link in links:
        target = Path(link.split("#")[0])
        if target == tmp_path / BOOK_NAME:  # the book itself (fix396: `ward.no_ward_name`'s cell),
            continue  # which the remote engine's book, its JSON, has not on disk
        # Excel resolves a relative link from the folder of the book (here the current folder).
        assert (tmp_path / target).is_file(), link
    assert any(Path(link.split("#")[0]).name == "CB02.xlsx" for link in links)


def test_a_copied_link_keeps_a_url_or_a_full_path_and_resolves_a_relative_one(tmp_path: Path) -> None:
    from toolkit.excel.copysheets import book_link

    result = tmp_path / "bai_nop" / "tong_hop.xlsx"
    assert book_link("https://example.org/a%20b", result) == "https://example.org/a%20b"
    assert book_link("file:///C:\\x\\y%20z.xlsx", result) == "file:///C:\\x\\y%20z.xlsx"
    assert book_link("C:\\x\\y.xlsx", result) == "C:\\x\\y.xlsx"
    assert book_link("con%20 m\\CB01.xlsx", result) == str(tmp_path / "bai_nop" / "con  m" / "CB01.xlsx")
    assert book_link("..\\khac\\CB01.xlsx", result) == str(tmp_path / "khac" / "CB01.xlsx")


def test_consolidate_names_the_ward_and_the_forms_period_from_the_settings(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    settings = {
        "InputFolder": str(folder),
        "CutoffDate": CUTOFF,
        "PeriodStart": PERIOD_START,
        "WardName": "Phường Hải Dương",
        "FormPeriodStart": "01/02/2026",
    }
    book = run(excel.consolidate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    for name in output.SHEET_FORMS:
        assert name in book.order
    assert book.find("Biểu 1-BTCTW", "ĐẢNG ỦY PHƯỜNG HẢI DƯƠNG")
    assert not book.find(output.SHEET_ISSUES, "ward.no_ward_name")
    assert book.find("Biểu 1-BTCTW", "Kỳ báo cáo: từ ngày 01/02/2026 đến ngày 31/3/2026")
    (stored,) = HistoryStore(tmp_path / "lich_su_tong_hop.sqlite").records()
    assert stored.ward_name == "Phường Hải Dương"
    assert stored.form_period[0].isoformat() == "2026-02-01"


def test_a_forms_period_start_it_cannot_take_is_refused_naming_its_cell(tmp_path: Path) -> None:
    """It was said as “Kỳ báo cáo của biểu mẫu …”, no cell named, and "biểu mẫu" is the
    secretaries' template in this product."""
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF, "FormPeriodStart": "01/04/2026"}
    book = run(excel.consolidate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    assert book.status().startswith(
        "Tổng hợp: KHÔNG THÀNH CÔNG. Ô “Biểu mẫu BTCTW: kỳ báo cáo từ ngày” (sheet “Điều khiển”, ô "
        "B12): kỳ báo cáo của Biểu 1–4-BTCTW "
        "bắt đầu ngày 01/04/2026, sau ngày chốt số liệu 31/03/2026"
    ), book.status()


def test_consolidate_with_a_ward_name_that_is_only_its_kind_says_the_name_is_missing(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF, "WardName": "Phường"}
    book = run(excel.consolidate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    (cell,) = book.find(output.SHEET_ISSUES, "ward.name_only_kind")
    row = book.rows(output.SHEET_ISSUES)[int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - 1]
    said = next(v for v in row if isinstance(v, str) and v.startswith("Tên phường"))
    assert said.startswith("Tên phường chỉ có chữ “Phường”, chưa có tên: đầu các Biểu 1–4-BTCTW sẽ ghi")
    assert not book.find(output.SHEET_ISSUES, "ward.name_without_kind")


def test_consolidate_names_the_output_by_its_cell_never_by_the_command_lines_option(tmp_path: Path) -> None:
    """The clerk typed the result file into the cell “Tệp kết quả”, not after `-o`."""
    folder = tmp_path / "bai_nop"
    submission = write_ward(folder)[0]
    before = submission.read_bytes()
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF, "OutputFile": str(submission)}
    book = run(excel.consolidate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    assert book.status().startswith(
        "Tổng hợp: KHÔNG THÀNH CÔNG. Tệp kết quả (ô “Tệp kết quả”, sheet “Điều khiển”, ô B8) "
        f"“{submission}” chính là tệp bài nộp"
    ), book.status()
    assert " -o " not in book.status()
    assert submission.read_bytes() == before


def test_consolidate_applies_the_target_override_to_the_cutoff_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import toolkit.pipeline

    seen: dict[str, object] = {}
    real = toolkit.pipeline.consolidate

    def spy(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        seen.update(kwargs)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(toolkit.pipeline, "consolidate", spy)
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    out = tmp_path / "tong_hop.xlsx"
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF, "TargetOverride": 9, "OutputFile": str(out)}
    book = run(excel.consolidate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    assert out.is_file(), book.status()
    assert seen["target_override"] == {2026: 9}
    assert seen["cutoff"] == CUTOFF and seen["since"] is None
    assert [o.org_code for o in seen["registry"].organisations] == ["CB01", "CB02", "CB03"]  # type: ignore[attr-defined]


def test_consolidate_without_cutoff_reports_in_vietnamese_instead_of_raising(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    book = run(excel.consolidate, book_json(DEFAULT_TARGET, {"InputFolder": str(folder)}))
    assert (
        book.status()
        == "Tổng hợp: KHÔNG THÀNH CÔNG. Chưa ghi “Ngày chốt số liệu” (sheet “Điều khiển”, ô B5)."
    )
    assert book.find(output.SHEET_ISSUES, "Lỗi")
    assert sorted(p.name for p in folder.iterdir()) == ["CB01.xlsx", "CB02.xlsx"]  # nothing written


# --- Danh sách -------------------------------------------------------------------------------


def test_make_lists_writes_the_lists_file_and_nothing_into_the_book(tmp_path: Path) -> None:
    from helpers_worklists import CUTOFF as LISTS_CUTOFF
    from helpers_worklists import EXPECTED, write_list_ward
    from helpers_worklists import REGISTRY as LISTS_REGISTRY

    folder = tmp_path / "bai_nop"
    write_list_ward(folder)
    out = tmp_path / "rieng" / "danh_sach.xlsx"
    out.parent.mkdir()
    settings = {"InputFolder": str(folder), "CutoffDate": LISTS_CUTOFF, "ListsFile": str(out)}
    data = book_json(DEFAULT_TARGET, settings, registry=LISTS_REGISTRY)
    before = [s["name"] for s in data["sheets"]]
    book = run(excel.make_lists, data)

    assert openpyxl.load_workbook(out).sheetnames == list(EXPECTED)
    # The lists name people: only the status cell of the book changes, no sheet is added.
    assert book.order == before and "addSheet" not in book.funcs
    assert set(book.funcs) <= {"setValues", "setRangeColor", "setRowHeight"}  # the status row fitted
    assert book.status() == (
        "Danh sách: đã lập danh sách từ 2/3 tệp không có lỗi (số liệu đến ngày 31/03/2026). "
        "Dự bị đến hạn: 5 (2 chữ đỏ); Huy hiệu Đảng: 3 (1 chữ đỏ); Miễn, tạm miễn: 2; Đi làm ăn xa: 2. "
        "1 tệp có lỗi không được đưa vào danh sách (CB03.xlsx của CB03); bấm nút “Kiểm tra” để xem lỗi. "
        f"Tệp danh sách: {out} Tệp danh sách có họ tên, ngày sinh của đảng viên (dữ liệu cá nhân): "
        "chỉ lưu ở máy của văn phòng, không gửi qua mạng xã hội hay thư điện tử, xóa khi không còn dùng."
    )
    assert book.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)].upper() == "#FFC7CE"


def test_make_lists_on_a_book_saved_before_the_lists_setting_writes_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the remote engine's book has no folder: beside it = cwd
    write_ward(tmp_path / "bai_nop", with_error=False)
    data = book_json(DEFAULT_TARGET, {"InputFolder": "bai_nop", "CutoffDate": CUTOFF}, registry=REGISTRY)
    data["names"] = [n for n in data["names"] if n["name"] != "ListsFile"]
    book = run(excel.make_lists, data)
    assert (tmp_path / "danh_sach_2026-03-31.xlsx").is_file(), book.status()
    assert book.status().startswith("Danh sách: đã lập danh sách từ 2/2 tệp không có lỗi")
    # CB03 of the registry sent no file: its members are in no list, said in red.
    assert "1 tổ chức chưa nộp tệp (CB03)" in book.status()
    assert book.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)].upper() == "#FFC7CE"


def test_make_lists_without_cutoff_says_so_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    settings = {"InputFolder": str(folder), "ListsFile": str(tmp_path / "ds.xlsx")}
    book = run(excel.make_lists, book_json(DEFAULT_TARGET, settings))
    assert book.status() == (
        "Danh sách: KHÔNG THÀNH CÔNG. Chưa ghi “Ngày chốt số liệu” (sheet “Điều khiển”, ô B5)."
    )
    assert not (tmp_path / "ds.xlsx").exists()


def test_upgrade_copies_the_old_files_into_nang_cap_beside_the_book(tmp_path: Path) -> None:
    from helpers_validate import write_old

    write_ward(tmp_path / "bai_nop", with_error=False)
    old = write_old(tmp_path / "bai_nop")
    data = book_json(DEFAULT_TARGET, {"InputFolder": "bai_nop"})
    before = [s["name"] for s in data["sheets"]]
    book = run(excel.upgrade, data)
    out = tmp_path / xlbook.UPGRADE_FOLDER  # beside the book (the remote engine's: the cwd)
    assert [p.name for p in out.iterdir()] == [old.name]
    assert book.order == before and set(book.funcs) <= {"setValues", "setRangeColor", "setRowHeight"}
    # Out of the files to upgrade; the others, already current, said apart (not as failures).
    current = "2 tệp khác đã dùng biểu mẫu mới, không cần nâng cấp"
    # And that the secretaries must mark the new Có/Không columns before sending it back (hunt50 C #2).
    done = f"Nâng cấp: đã nâng cấp 1/1 tệp vào thư mục {out} ({current})."
    # Each file upgraded, with what the command says under it (fix383: nothing of it was said).
    todo = "cần bổ sung 12 ô (sheet “Đảng viên”: Dân tộc 5 ô, Tôn giáo 5 ô, Nghề nghiệp 2 ô)"
    assert book.status() == f"{done} – {old.name} → {old.name}: {todo}. {SEND_BACK} {MARK_NEW_COLUMNS}"
    assert book.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)].upper() == "#C6EFCE"
    # Pressed again: the upgraded copy, which may have been completed since, is not replaced.
    again = run(excel.upgrade, data)
    assert again.status().startswith(
        f"Nâng cấp: đã nâng cấp 0/1 tệp vào thư mục {out} ({current}). Không nâng cấp được 1 tệp: "
        f"{old.name}: thư mục nang_cap đã có tệp “{old.name}” (có thể là bản nâng cấp đã được điền): "
        "không ghi đè; hãy chuyển tệp đó ra chỗ khác (hoặc xóa nó nếu không còn cần) rồi nâng cấp lại."
    ), again.status()
    assert "chọn thư mục khác" not in again.status()  # the button's folder is not chosen
    assert again.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)].upper() == "#FFEB9C"
    # Nothing old left in the folder: said so.
    old.unlink()
    none = run(excel.upgrade, data)
    assert none.status() == "Nâng cấp: không có tệp nào cần nâng cấp: mọi tệp đã dùng biểu mẫu mới."


def test_a_completed_copy_sent_back_is_current_though_nang_cap_still_holds_its_copy(tmp_path: Path) -> None:
    """hunt46 B #1: the chi bộ's completed upgraded file replaced the old one among the
    submissions, and `nang_cap` still holds the copy. Pressing again said “Không nâng cấp được
    … hãy chuyển tệp đó ra chỗ khác … rồi nâng cấp lại” and counted it as to upgrade (“1/2”):
    a file of the current template needs no upgrade, whatever `nang_cap` holds."""
    import shutil

    from click.testing import CliRunner
    from helpers_validate import clean_info, typed, write_old

    from toolkit.cli import main
    from toolkit.core import layout

    folder = tmp_path / "bai_nop"
    folder.mkdir()
    cb07 = write_old(folder, "CB07.xlsx", info=clean_info(org_code="CB07"))
    data = book_json(DEFAULT_TARGET, {"InputFolder": "bai_nop"})
    run(excel.upgrade, data)
    out = tmp_path / xlbook.UPGRADE_FOLDER
    shutil.copy(out / cb07.name, cb07)  # sent back (completed): it replaces the old file
    typed(cb07, layout.SHEET_MEMBERS, {layout.MEMBERS.cell("youth_union", 2): vocab.YES_NO.label("no")})
    write_old(folder, "CB08.xlsx", info=clean_info(org_code="CB08", org_name="Chi bộ Tổ dân phố số 8"))
    book = run(excel.upgrade, data)
    current = "1 tệp khác đã dùng biểu mẫu mới, không cần nâng cấp"
    done = f"Nâng cấp: đã nâng cấp 1/1 tệp vào thư mục {out} ({current})."
    todo = "cần bổ sung 12 ô (sheet “Đảng viên”: Dân tộc 5 ô, Tôn giáo 5 ô, Nghề nghiệp 2 ô)"
    assert book.status() == f"{done} – CB08.xlsx → CB08.xlsx: {todo}. {SEND_BACK} {MARK_NEW_COLUMNS}"
    assert book.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)].upper() == "#C6EFCE"
    # The command line says the same of it (CB08's copy is there now: that one is refused).
    result = CliRunner().invoke(main, ["upgrade", str(folder), "--out", str(out)])
    assert "Không cần nâng cấp CB07.xlsx: tệp đã dùng biểu mẫu mới." in result.output, result.output
    assert "Không nâng cấp được CB07.xlsx" not in result.output
    assert "Không nâng cấp được CB08.xlsx: thư mục ghi đã có tệp “CB08.xlsx”" in result.output


def test_upgrade_of_a_folder_without_files_fails_naming_it_and_the_sub_folder_holding_them(
    tmp_path: Path,
) -> None:
    """As `ward-stats upgrade` and the other buttons: never "every file uses the new template"
    for a folder with no file, least of all when the old files sit one level down."""
    from helpers_validate import write_old

    folder = tmp_path / "bai_nop"
    folder.mkdir()
    data = book_json(DEFAULT_TARGET, {"InputFolder": "bai_nop"})
    none = f"Nâng cấp: KHÔNG THÀNH CÔNG. Không tìm thấy tệp bảng tính (.xlsx) nào của chi bộ trong “{folder}”"
    empty = run(excel.upgrade, data)
    assert empty.status().startswith(none), empty.status()
    assert empty.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)].upper() == "#FFC7CE"
    assert empty.find(output.SHEET_ISSUES, "excel.failed")
    (folder / "quy1").mkdir()
    write_old(folder / "quy1")
    below = run(excel.upgrade, data)
    assert below.status().startswith(none) and "Lưu ý: Thư mục con “quy1” có 1 tệp" in below.status()
    assert not (tmp_path / xlbook.UPGRADE_FOLDER).exists()
    # With files at the top, the sub-folder left unread is said beside the result, in amber.
    write_ward(folder, with_error=False)
    beside = run(excel.upgrade, data)
    status = beside.status()
    assert status.startswith("Nâng cấp: không có tệp nào cần nâng cấp") and "Thư mục con “quy1”" in status
    assert beside.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)].upper() == "#FFEB9C"


def test_upgrade_that_fails_still_says_the_sub_folder_it_did_not_read(tmp_path: Path) -> None:
    """The submissions folder is `nang_cap` itself and holds an old file: the press fails, and
    its status still says the sub-folder of spreadsheets not read, after the failure, as a
    press that ends says it (fix311: only the next press said it)."""
    from helpers_validate import write_old

    folder = tmp_path / xlbook.UPGRADE_FOLDER
    folder.mkdir()
    old = write_old(folder)
    (folder / "quy1").mkdir()
    write_old(folder / "quy1")
    data = book_json(DEFAULT_TARGET, {"InputFolder": xlbook.UPGRADE_FOLDER})
    book = run(excel.upgrade, data)
    status = book.status()
    assert status.startswith(f"Nâng cấp: KHÔNG THÀNH CÔNG. Tệp “{old.name}” cần nâng cấp"), status
    assert status.count("Lưu ý: Thư mục con “quy1” có 1 tệp bảng tính không được đọc") == 1, status
    assert status.index("KHÔNG THÀNH CÔNG") < status.index("Thư mục con “quy1”")
    assert book.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)].upper() == "#FFC7CE"
    assert sorted(p.name for p in folder.iterdir()) == sorted([old.name, "quy1"])


@pytest.mark.parametrize(
    ("entry", "action"),
    [
        (excel.upgrade, "Nâng cấp"),
        (excel.make_lists, "Danh sách"),
        (excel.consolidate, "Tổng hợp"),
        (excel.validate, "Kiểm tra"),
    ],
)
def test_a_folder_of_only_ward_stats_own_files_fails_as_an_empty_one(
    tmp_path: Path, entry: Any, action: str
) -> None:
    """The work folder as delivered, before any chi bộ has sent a file: the blank template and
    the `.xlsm`. Nâng cấp said in green “mọi tệp đã dùng biểu mẫu mới”, Danh sách and Tổng hợp
    wrote empty results, Kiểm tra named no folder (hunt46 B #2): each fails as for an empty
    folder, naming it and saying its files are the tool's own, and writes nothing."""
    import shutil

    from toolkit.core import layout

    shutil.copy(
        Path(__file__).resolve().parent.parent / "xlsx_templates" / layout.TEMPLATE_FILENAME,
        tmp_path / layout.TEMPLATE_FILENAME,
    )
    shutil.copy(DEFAULT_TARGET, tmp_path / DEFAULT_TARGET.name)
    before = sorted(p.name for p in tmp_path.iterdir())
    book = run(entry, book_json(DEFAULT_TARGET, {"InputFolder": str(tmp_path), "CutoffDate": CUTOFF}))
    assert book.status().startswith(
        f"{action}: KHÔNG THÀNH CÔNG. Không có tệp bài nộp nào của chi bộ trong “{tmp_path}”: các tệp "
        f"bảng tính ở đó (“{layout.TEMPLATE_FILENAME}”, “{DEFAULT_TARGET.name}”) đều là tệp của chính "
        "công cụ"
    ), book.status()
    assert book.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)].upper() == "#FFC7CE"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_date_setting_that_is_not_a_date_is_named_in_the_message(tmp_path: Path) -> None:
    settings = {"InputFolder": str(tmp_path), "CutoffDate": "31/13/2026"}
    book = run(excel.consolidate, book_json(DEFAULT_TARGET, settings))
    assert "Ô “Ngày chốt số liệu” (sheet “Điều khiển”, ô B5) = “31/13/2026” không phải ngày" in book.status()


def test_text_dates_and_relative_folders_are_understood(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the remote engine's book has no folder: relative = cwd
    write_ward(tmp_path / "bai_nop", with_error=False)
    settings = {"InputFolder": "bai_nop", "CutoffDate": "31/03/2026", "OutputFile": "kq.xlsx"}
    book = run(excel.consolidate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    assert (tmp_path / "kq.xlsx").is_file(), book.status()


@pytest.mark.parametrize(
    "name", [unicodedata.normalize("NFD", "Bài nộp quý 1"), "bai  nop"], ids=["decomposed", "two-spaces"]
)
def test_a_folder_typed_as_it_is_named_on_disk_is_found(tmp_path: Path, name: str) -> None:
    # Unikey's "Unicode tổ hợp" types decomposed letters; the file system does not normalise
    # names, so a tidied spelling would name another folder.
    write_ward(tmp_path / name, with_error=False)
    book = run(excel.validate, book_json(DEFAULT_TARGET, {"InputFolder": name}, registry=REGISTRY))
    assert book.status().startswith("Kiểm tra: đã kiểm tra 2 tệp"), book.status()


def test_a_folder_typed_decomposed_finds_its_composed_spelling_but_never_replaces_one_that_exists(
    tmp_path: Path,
) -> None:
    composed = "Bài nộp"
    decomposed = unicodedata.normalize("NFD", composed)
    write_ward(tmp_path / composed, with_error=False)
    values = {**dict.fromkeys(s.name for s in xlbook.settings()), "InputFolder": decomposed}
    values["OutputFile"] = f"{decomposed}/kết quả"
    settings = xlbook.settings_from_values(values, tmp_path)
    assert settings.input_folder == tmp_path / composed  # the only one there
    assert settings.output_path() == tmp_path / composed / "kết quả.xlsx"
    (tmp_path / decomposed).mkdir()
    settings = xlbook.settings_from_values(values, tmp_path)
    assert str(settings.input_folder) == str(tmp_path / decomposed)  # as typed: it exists


def test_a_registry_error_reaches_the_status_cell(tmp_path: Path) -> None:
    data = book_json(DEFAULT_TARGET, {"TemplateFolder": str(tmp_path)}, registry=REGISTRY)
    data["sheets"][1]["values"][1][2] = "Chi bo co sơ x"  # a typing slip: a suggestion
    book = run(excel.make_templates, data)
    label = vocab.ORG_TIER.label("chi_bo_co_so")
    assert book.status() == (
        f"Tạo mẫu: KHÔNG THÀNH CÔNG. Sheet “{REGISTRY_SHEET}”: Dòng 2, cột “Cấp tổ chức” (ô C2): "
        f"“Chi bo co sơ x” không có trong danh sách (có phải “{label}”?). Hãy ghi đúng một giá trị trong "
        "danh sách: “Đảng bộ cơ sở”, “Chi bộ cơ sở”, “Chi bộ trực thuộc”. Xem sheet “Kiểm tra”."
    )
    issue_row = book.rows("Kiểm tra")[4]
    assert issue_row[3:7] == [REGISTRY_SHEET, "C2", "Cấp tổ chức", "Chi bo co sơ x"]
    assert (issue_row[0], issue_row[8]) == ("Lỗi", "registry.not_allowed")


def test_a_renamed_registry_sheet_is_said_in_vietnamese_and_listed_after_the_control_sheet(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    data = book_json(DEFAULT_TARGET, {"InputFolder": str(folder), "CutoffDate": CUTOFF}, registry=REGISTRY)
    data["sheets"][1]["name"] = "Danh muc to chuc"  # the clerk renamed it (no diacritics)
    book = run(excel.consolidate, data)
    said = f"Tệp “{data['book']['name']}” không có sheet “{REGISTRY_SHEET}”."
    assert book.status() == f"Tổng hợp: KHÔNG THÀNH CÔNG. {said}"
    assert book.order.index(output.SHEET_ISSUES) == book.order.index(xlbook.SHEET_CONTROL) + 1
    row = book.rows(output.SHEET_ISSUES)[xlbook.ISSUES_HEADER_ROW]
    assert row[-1] == "excel.failed" and any(said in str(v) for v in row)


def test_a_setting_whose_name_was_lost_is_named_in_vietnamese(tmp_path: Path) -> None:
    data = book_json(DEFAULT_TARGET, {"InputFolder": str(tmp_path), "CutoffDate": CUTOFF}, registry=REGISTRY)
    data["names"] = [n for n in data["names"] if n["name"] != "CutoffDate"]
    book = run(excel.consolidate, data)
    assert book.status() == (
        f"Tổng hợp: KHÔNG THÀNH CÔNG. Tệp “{data['book']['name']}” không có ô thiết lập “Ngày chốt số liệu” "
        "(tên CutoffDate); hãy dùng tệp tong_hop_phuong.xlsm của bộ cài đặt."
    )
    assert book.find(output.SHEET_ISSUES, "excel.failed")


def _issue_sheet_of(book: Replay) -> dict[str, list[list[Any]]]:
    """The `Kiểm tra` sheet of a press, as the next press's book holds it."""
    rows = book.rows(output.SHEET_ISSUES)
    return {output.SHEET_ISSUES: [["" if v is None else v for v in r] for r in rows]}


def _failing_press(case: str, tmp_path: Path, folder: Path) -> tuple[Any, dict[str, Any], Registry | None]:
    """A press that fails, as the clerk meets one, with PersonalData = Không."""
    hidden = {"PersonalData": "Không"}
    if case == "no_folder":  # the submissions folder is not there
        return (
            excel.validate,
            {"InputFolder": str(tmp_path / "khong_co"), "CutoffDate": CUTOFF, **hidden},
            REGISTRY,
        )
    if case == "bad_setting":  # a cut-off date that is no date
        return excel.consolidate, {"InputFolder": str(folder), "CutoffDate": "31/13/2026", **hidden}, REGISTRY
    if case == "output_is_input":  # the result file named as one of the submissions
        out = str(folder / "CB01.xlsx")
        return (
            excel.consolidate,
            {"InputFolder": str(folder), "CutoffDate": CUTOFF, "OutputFile": out, **hidden},
            REGISTRY,
        )
    if case == "no_files":  # a run-level error: nothing to consolidate
        (tmp_path / "trong").mkdir()
        return (
            excel.consolidate,
            {"InputFolder": str(tmp_path / "trong"), "CutoffDate": CUTOFF, **hidden},
            REGISTRY,
        )
    assert case == "registry", case  # the registry's own problems, each at its cell
    return excel.consolidate, {"InputFolder": str(folder), "CutoffDate": CUTOFF, **hidden}, REGISTRY


@pytest.mark.parametrize("first", [excel.validate, excel.consolidate], ids=["Kiểm tra", "Tổng hợp"])
@pytest.mark.parametrize("case", ["no_folder", "bad_setting", "output_is_input", "no_files", "registry"])
def test_a_failed_press_leaves_no_row_of_the_previous_list_nor_a_members_value(
    tmp_path: Path, first: Any, case: str
) -> None:
    """A press that fails empties the `Kiểm tra` sheet of the previous press's list: under the
    header, only why this press did not complete (fix367: the previous list stayed under the
    failure, and with it the members' values of a press with PersonalData = Có, though the
    cell now said Không)."""
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF, "PersonalData": "Có"}
    done = run(first, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    before = done.rows(output.SHEET_ISSUES)
    header = [h for h, _ in ISSUE_COLUMNS]
    listed = [dict(zip(header, r, strict=False)) for r in before[xlbook.ISSUES_HEADER_ROW :]]
    values = {str(i["Giá trị"]) for i in listed if i["Sheet"] == "Đảng viên" and i["Giá trị"]}
    assert "01/07/2001" in values  # CB02's first member's official date, listed as asked
    old_texts = {str(i["Nội dung"]) for i in listed}

    entry, failing, registry = _failing_press(case, tmp_path, folder)
    data = book_json(DEFAULT_TARGET, failing, registry=registry, extra_sheets=_issue_sheet_of(done))
    if case == "registry":
        data["sheets"][1]["values"][1][2] = "Chi bo co sơ x"  # a typing slip in the registry
    book = run(entry, data)
    action = "Kiểm tra" if entry is excel.validate else "Tổng hợp"
    status = book.status()
    assert status.startswith(f"{action}: {failsafe.FAILED} ")
    rows = book.rows(output.SHEET_ISSUES)
    assert rows[0][0] == xlbook.ISSUES_TITLE
    assert rows[1][0].startswith(f"Lần bấm nút “{action}” {failsafe.FAILED}")
    assert rows[xlbook.ISSUES_HEADER_ROW - 1] == header
    now = [dict(zip(header, r, strict=False)) for r in rows[xlbook.ISSUES_HEADER_ROW :]]
    assert now and all(i["Mức độ"] == "Lỗi" for i in now)
    if case == "registry":
        assert [i["Mã lỗi"] for i in now] == ["registry.not_allowed"]
    else:  # one row: the status cell's message
        (row,) = now
        assert row["Mã lỗi"] == failsafe.FAILURE_CODE
        reason = str(row["Nội dung"]).removeprefix(f"{action}: ")
        assert status == f"{action}: {failsafe.FAILED} {reason}"
    texts = [str(v) for r in rows for v in r if v is not None]
    assert not old_texts & set(texts)
    names = [f"Đảng viên {spelled(org)} Số {spelled(i)}" for org in (1, 2) for i in range(1, 5)]
    assert not [t for t in texts if any(v in t for v in [*values, *names])]


def _result_sheets_of(book: Replay) -> dict[str, list[list[Any]]]:
    """The result sheets of a press (`Kiểm tra` included), as the next press's book holds them."""
    return {
        name: [["" if v is None else v for v in r] for r in book.rows(name)]
        for name in output.SHEET_ORDER
        if name in book.order
    }


MARKED = [name for name in output.SHEET_ORDER if name != output.SHEET_ISSUES]
STALE_MARK = re.compile(
    r"Kết quả của lần tổng hợp trước \(lập lúc (\d\d/\d\d/\d{4} \d\d:\d\d), số liệu đến ngày 31/3/2026\)\. "
    r"Lần bấm nút “Tổng hợp” lúc (\d\d/\d\d/\d{4} \d\d:\d\d) KHÔNG THÀNH CÔNG: "
    r"xem ô Trạng thái và sheet “Kiểm tra”\."
)


def _press_with(entry: Any, settings: dict[str, Any], before: Replay) -> Replay:
    data = book_json(DEFAULT_TARGET, settings, registry=REGISTRY, extra_sheets=_result_sheets_of(before))
    return run(entry, data)


def test_a_failed_consolidation_marks_the_previous_result_sheets_until_the_next_one_succeeds(
    tmp_path: Path,
) -> None:
    """fix371: after a failed “Tổng hợp” press the result sheets copied by the previous good
    press stayed in the book unmarked, reading as this press's. Each now begins with a line
    saying whose they are (the cut-off and time they carry) and that this press failed; a
    second failure rewrites that line; the next good press replaces the sheets, line and all."""
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    good = {"InputFolder": str(folder), "CutoffDate": CUTOFF}
    done = run(excel.consolidate, book_json(DEFAULT_TARGET, good, registry=REGISTRY))
    titles = {name: done.rows(name)[0] for name in MARKED}
    made = re.search(r"Lập lúc (\S+ \S+) bằng", " ".join(str(r[0]) for r in done.rows(output.SHEET_SUMMARY)))
    assert made

    failed = _press_with(excel.consolidate, {**good, "CutoffDate": "31/13/2026"}, done)
    assert failed.status().startswith(f"Tổng hợp: {failsafe.FAILED} ")
    for name in MARKED:
        rows = failed.rows(name)
        found = STALE_MARK.fullmatch(str(rows[0][0]))
        assert found, (name, rows[0][0])
        assert found[1] == made[1]  # the time the sheets carry, not this press's
        assert rows[1] == titles[name]  # the sheet itself, one row down, unchanged
        assert failed.font_colors[name][(1, 1)] == "#c00000"
        assert failed.colors[name][(1, 1)] == "#ffeb9c"
    # The `Kiểm tra` sheet holds this press's failure (fix367), not a mark.
    assert failed.rows(output.SHEET_ISSUES)[0][0] == xlbook.ISSUES_TITLE

    again = _press_with(excel.consolidate, {**good, "CutoffDate": "31/13/2026"}, failed)
    for name in MARKED:  # one line still, the sheet under it
        rows = again.rows(name)
        assert STALE_MARK.fullmatch(str(rows[0][0])) and rows[1] == titles[name], name
        assert not STALE_MARK.fullmatch(str(rows[1][0]))

    checked = _press_with(excel.validate, good, again)  # a good Kiểm tra leaves the line as it is
    assert all(checked.rows(name) == again.rows(name) for name in MARKED)

    redone = _press_with(excel.consolidate, good, again)
    assert redone.status().startswith("Tổng hợp: đã tổng hợp"), redone.status()
    for name in MARKED:
        rows = redone.rows(name)
        assert rows[0] == titles[name], name
        assert not [v for r in rows for v in r if isinstance(v, str) and "lần tổng hợp trước" in v]


def test_a_failed_check_leaves_the_result_sheets_unmarked(tmp_path: Path) -> None:
    """A “Kiểm tra” press that fails says nothing of the consolidation: the result sheets of the
    last “Tổng hợp” are still its latest, and are left as they are."""
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    good = {"InputFolder": str(folder), "CutoffDate": CUTOFF}
    done = run(excel.consolidate, book_json(DEFAULT_TARGET, good, registry=REGISTRY))
    failed = _press_with(excel.validate, {**good, "CutoffDate": "31/13/2026"}, done)
    assert failed.status().startswith(f"Kiểm tra: {failsafe.FAILED} ")
    for name in MARKED:
        assert failed.rows(name) == done.rows(name), name


# --- fix384: a press that fails while copying its result sheets into the book ---------------

OLDER = "01/01/2026 08:00"  # the previous press's time, as its sheets say it


def _older_press(done: Replay) -> dict[str, list[list[Any]]]:
    """The result sheets of `done` as a press at `OLDER` left them: the same, but for the time the
    summary and sources sheets say, so that they cannot be mistaken for the next press's."""
    sheets = _result_sheets_of(done)
    for name in (output.SHEET_SUMMARY, output.SHEET_SOURCES):
        for row in sheets[name]:
            for i, v in enumerate(row):
                if isinstance(v, str) and v.startswith(("Lập lúc ", "Tổng hợp lúc: ")):
                    row[i] = re.sub(r"\d\d/\d\d/\d{4} \d\d:\d\d", OLDER, v)
    assert OLDER in str(sheets[output.SHEET_SUMMARY]) and OLDER in str(sheets[output.SHEET_SOURCES])
    return sheets


def _cells(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows as `Replay.rows` reads them back: an empty cell None, no empty column at the right."""
    rows = [[None if v == "" else v for v in r] for r in rows]
    width = max((i + 1 for r in rows for i, v in enumerate(r) if v is not None), default=0)
    return [r[:width] + [None] * (width - len(r)) for r in rows]


Sheets = dict[str, list[list[Any]]]


def _failing_while_copying(tmp_path: Path) -> tuple[dict[str, Any], Sheets, Sheets]:
    """The book of a good press whose result sheets a press at `OLDER` left, those sheets, and
    the sheets of a press of the same files (this press's but for the time and the trend)."""
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    good = {"InputFolder": str(folder), "CutoffDate": CUTOFF}
    done = run(excel.consolidate, book_json(DEFAULT_TARGET, good, registry=REGISTRY))
    previous = _older_press(done)
    data = book_json(DEFAULT_TARGET, good, registry=REGISTRY, extra_sheets=previous)
    return data, previous, _result_sheets_of(done)


def test_a_consolidation_that_fails_while_copying_its_sheets_leaves_the_previous_ones_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fix384: a “Tổng hợp” press that failed part-way through copying its result sheets into
    the book (here Excel refusing the fourth, `Xếp loại theo năm`) had already emptied and
    rewritten the first three with its own results, and the fourth with its values but not its
    formats; the line of fix371 then called all of them the previous press's, with the time the
    new summary sheet said. The sheets of one press now stand or fall together: they are written
    into hidden sheets first, which the failure removes, and the book's result sheets are the
    previous press's, each unchanged under the line that says so, with its time."""
    from toolkit.excel import copysheets

    data, previous, _ = _failing_while_copying(tmp_path)
    order, hidden = (
        [s["name"] for s in data["sheets"]],
        {s["name"] for s in data["sheets"] if s["visibility"] == "Hidden"},
    )
    written = copysheets._copy_formats

    def refused(ws: Any, target: Any, source: Path) -> None:
        if ws.title == output.SHEET_RATINGS:
            raise RuntimeError("Excel refused")
        written(ws, target, source)

    monkeypatch.setattr(copysheets, "_copy_formats", refused)
    failed = run(excel.consolidate, data)
    assert failed.status().startswith(f"Tổng hợp: {failsafe.FAILED} Lỗi không mong đợi"), failed.status()
    assert (failed.order, failed.hidden) == (order, hidden)  # no sheet added, none left hidden
    for name in MARKED:
        rows = failed.rows(name)
        found = STALE_MARK.fullmatch(str(rows[0][0]))
        assert found and found[1] == OLDER, (name, rows[0][0])
        assert rows[1:] == _cells(previous[name]), name


def test_a_consolidation_that_fails_after_copying_its_sheets_does_not_call_them_the_previous_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fix384: a press that failed after its result sheets were all in the book (here saying how
    it went) marked them as the previous press's, though they were its own, the result file's
    beside them. Nothing is marked now: the status says the press failed after writing them."""
    data, _, _ = _failing_while_copying(tmp_path)
    monkeypatch.setattr(xlbook, "consolidation_summary", fails())
    failed = run(excel.consolidate, data)
    assert failed.status().startswith(f"Tổng hợp: {failsafe.FAILED} Lỗi không mong đợi"), failed.status()
    for name in MARKED:
        rows = failed.rows(name)
        assert not [v for r in rows for v in r if isinstance(v, str) and xlbook.STALE_MARK_LEAD in v], name
        assert OLDER not in str(rows), name  # this press's sheets, not the previous press's
    assert failed.order.count(output.SHEET_SUMMARY) == 1 and not failed.hidden - {"DanhMuc"}


def test_a_consolidation_that_fails_putting_its_sheets_in_place_marks_only_the_previous_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fix384: once all its sheets are written (hidden), a press puts each in place of the
    book's sheet of its name. Should that fail (here at the fourth, `Xếp loại theo năm`), the
    sheets it has replaced are its own and are not marked; the others are still the previous
    press's and are, with the time the sources sheet says (the summary sheet is replaced). No
    hidden sheet is left."""
    from toolkit.excel import copysheets

    data, previous, fresh = _failing_while_copying(tmp_path)
    order = [s["name"] for s in data["sheets"]]
    widths = copysheets._copy_widths

    def refused(ws: Any, target: Any) -> None:
        if target.name == output.SHEET_RATINGS:  # the book's own sheet, not the hidden one
            raise RuntimeError("Excel refused")
        widths(ws, target)

    monkeypatch.setattr(copysheets, "_copy_widths", refused)
    failed = run(excel.consolidate, data)
    assert failed.order == order and failed.hidden == {"DanhMuc"}
    replaced = output.SHEET_ORDER[: output.SHEET_ORDER.index(output.SHEET_RATINGS) + 1]
    mark = re.compile(
        rf"Kết quả của lần tổng hợp trước \(lập lúc {OLDER}\)\. Lần bấm nút “Tổng hợp” lúc "
        r"\d\d/\d\d/\d{4} \d\d:\d\d KHÔNG THÀNH CÔNG: xem ô Trạng thái và sheet “Kiểm tra”\."
    )
    for name in MARKED:
        rows = failed.rows(name)
        if name == output.SHEET_SUMMARY:  # this press's, its own time
            assert rows[0] == _cells(fresh[name])[0] and OLDER not in str(rows)
        elif name in replaced:
            assert rows == _cells(fresh[name]), name
        else:
            assert mark.fullmatch(str(rows[0][0])), (name, rows[0][0])
            assert rows[1:] == _cells(previous[name]), name


def test_a_consolidation_removes_the_hidden_sheets_a_stopped_press_left(tmp_path: Path) -> None:
    """fix384: a press writes its result sheets into hidden sheets first; one stopped before it
    removed them (Excel or Python killed) leaves them, and the next press removes them."""
    from toolkit.excel.copysheets import STAGING_PREFIX

    folder = tmp_path / "bai_nop"
    write_ward(folder)
    left = f"{STAGING_PREFIX}3"
    data = book_json(
        DEFAULT_TARGET,
        {"InputFolder": str(folder), "CutoffDate": CUTOFF},
        registry=REGISTRY,
        extra_sheets={left: [["BIẾN ĐỘNG ĐẢNG VIÊN THEO NĂM"], ["nửa chừng"]]},
    )
    data["sheets"][-1]["visibility"] = "Hidden"
    book = run(excel.consolidate, data)
    assert book.status().startswith("Tổng hợp: đã tổng hợp"), book.status()
    assert not [name for name in book.order if name.startswith(STAGING_PREFIX)]
    start = book.order.index(REGISTRY_SHEET) + 1
    assert book.order[start : start + len(output.SHEET_ORDER)] == list(output.SHEET_ORDER)
    assert book.hidden == {"DanhMuc"}


KEPT_ALL = (
    "Các sheet kết quả của lần tổng hợp trước được giữ nguyên và đánh dấu bằng một dòng ở trên cùng: "
    "“Tổng hợp”, “Theo tổ chức”, “Biến động theo năm”, “Xếp loại theo năm”, “Biểu đồ”, “Xu hướng”, "
    "“Báo cáo”, “Biểu 1-BTCTW”, “Biểu 2-BTCTW”, “Biểu 3-BTCTW”, “Biểu 4-BTCTW”, “Nguồn số liệu”."
)


def _failure_reason(book: Replay) -> str:
    """The reason the `excel.failed` row of a failed “Tổng hợp” press gives."""
    return next(
        v.removeprefix("Tổng hợp: ")
        for v in _failure_row(book)
        if isinstance(v, str) and v.startswith("Tổng hợp: ")
    )


def test_a_failed_consolidation_says_in_its_status_that_the_previous_result_sheets_are_kept_and_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fix384: the status cell of a failed “Tổng hợp” press said the failure alone; that the
    previous press's result sheets were kept, and marked as such, only the sheets said, on top.
    It now ends with one sentence naming them, in book order, after the failure (the
    `Kiểm tra` row says the failure alone, as before): for a failure before the copy, and for
    one part-way through it."""
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    good = {"InputFolder": str(folder), "CutoffDate": CUTOFF}
    done = run(excel.consolidate, book_json(DEFAULT_TARGET, good, registry=REGISTRY))
    failed = _press_with(excel.consolidate, {**good, "CutoffDate": "31/13/2026"}, done)
    reason = _failure_reason(failed)
    assert failed.status() == f"Tổng hợp: {failsafe.FAILED} {reason} {KEPT_ALL}"
    assert failed.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)] == "#ffc7ce"
    assert xlbook.kept_sentence(MARKED) == KEPT_ALL

    from toolkit.excel import copysheets

    def refused(ws: Any, target: Any, source: Path) -> None:
        raise RuntimeError("Excel refused")

    monkeypatch.setattr(copysheets, "_copy_formats", refused)
    midway = _press_with(excel.consolidate, good, done)
    assert midway.status() == f"Tổng hợp: {failsafe.FAILED} {_failure_reason(midway)} {KEPT_ALL}"

    # One sheet left of the previous press: said as one.
    only = {output.SHEET_SUMMARY: _result_sheets_of(done)[output.SHEET_SUMMARY]}
    data = book_json(
        DEFAULT_TARGET, {**good, "CutoffDate": "31/13/2026"}, registry=REGISTRY, extra_sheets=only
    )
    one = run(excel.consolidate, data)
    assert one.status() == (
        f"Tổng hợp: {failsafe.FAILED} {_failure_reason(one)} Sheet kết quả “Tổng hợp” của lần tổng hợp "
        "trước được giữ nguyên và đánh dấu bằng một dòng ở trên cùng."
    )


def test_a_failed_press_that_marks_no_sheet_says_none_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fix384: the sentence is said only when sheets were marked: not by a first “Tổng hợp”
    press (no result sheet yet), nor a failed “Kiểm tra” (it marks none), nor a “Tổng hợp”
    that failed after its own sheets were all in the book."""
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    good = {"InputFolder": str(folder), "CutoffDate": CUTOFF}
    first = run(
        excel.consolidate, book_json(DEFAULT_TARGET, {**good, "CutoffDate": "31/13/2026"}, registry=REGISTRY)
    )
    assert first.status() == f"Tổng hợp: {failsafe.FAILED} {_failure_reason(first)}"
    done = run(excel.consolidate, book_json(DEFAULT_TARGET, good, registry=REGISTRY))
    checked = _press_with(excel.validate, {**good, "CutoffDate": "31/13/2026"}, done)
    assert checked.status().startswith(f"Kiểm tra: {failsafe.FAILED} ")
    monkeypatch.setattr(xlbook, "consolidation_summary", fails())
    after = _press_with(excel.consolidate, good, done)
    assert after.status().startswith(f"Tổng hợp: {failsafe.FAILED} ")
    for book in (checked, after):
        assert "lần tổng hợp trước" not in book.status(), book.status()


def _refusing(monkeypatch: pytest.MonkeyPatch, what: str, sheet: str) -> None:
    """Make the book's sheet `sheet` refuse `what` (`clear`, or a row `insert`), as a protected
    sheet does in Excel."""
    import xlwings as xw

    kind = xw.main.Sheet if what == "clear" else xw.main.Range
    done = getattr(kind, what)

    def refused(self: Any, *args: Any, **kwargs: Any) -> Any:
        if (self.name if kind is xw.main.Sheet else self.sheet.name) == sheet:
            raise RuntimeError("Excel refused")
        return done(self, *args, **kwargs)

    monkeypatch.setattr(kind, what, refused)


def test_a_result_sheet_that_refuses_the_mark_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fix384: the marking stopped at the first sheet that refused its line (a protected
    sheet), leaving every later one unmarked, and the status without its sentence. The others
    are marked now, and the sentence names them, not the one that refused."""
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    good = {"InputFolder": str(folder), "CutoffDate": CUTOFF}
    done = run(excel.consolidate, book_json(DEFAULT_TARGET, good, registry=REGISTRY))
    _refusing(monkeypatch, "insert", output.SHEET_CHARTS)
    failed = _press_with(excel.consolidate, {**good, "CutoffDate": "31/13/2026"}, done)
    marked = [name for name in MARKED if name != output.SHEET_CHARTS]
    for name in MARKED:
        rows = failed.rows(name)
        assert bool(STALE_MARK.fullmatch(str(rows[0][0]))) == (name in marked), name
    assert failed.rows(output.SHEET_CHARTS) == done.rows(output.SHEET_CHARTS)
    assert failed.status().endswith(f" {xlbook.kept_sentence(marked)}"), failed.status()
    assert "“Biểu đồ”" not in xlbook.kept_sentence(marked) and "“Xu hướng”" in xlbook.kept_sentence(marked)


def test_a_result_sheet_that_refuses_to_be_emptied_is_still_the_previous_presss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fix384: a press putting its sheets in place counts a sheet as its own once it is
    emptied, not before: one that refuses to be (here `Biểu đồ`) still holds the previous
    press's results and is marked as such, with the sheets after it; the four before it are
    this press's."""
    data, previous, _ = _failing_while_copying(tmp_path)
    _refusing(monkeypatch, "clear", output.SHEET_CHARTS)
    failed = run(excel.consolidate, data)
    ours = output.SHEET_ORDER[: output.SHEET_ORDER.index(output.SHEET_CHARTS)]
    for name in MARKED:
        rows = failed.rows(name)
        if name in ours:
            assert not str(rows[0][0]).startswith(xlbook.STALE_MARK_LEAD) and OLDER not in str(rows), name
        else:
            assert str(rows[0][0]).startswith(f"{xlbook.STALE_MARK_LEAD} (lập lúc {OLDER})"), name
            assert rows[1:] == _cells(previous[name]), name
    kept = [name for name in MARKED if name not in ours]
    assert failed.status().endswith(f" {xlbook.kept_sentence(kept)}"), failed.status()


def test_a_failure_of_two_lines_is_said_whole_without_escapes(tmp_path: Path) -> None:
    inner = tmp_path / "Quy 1" / "bai_nop"
    write_ward(inner)  # the files are one folder down: none at the top, a note on the sub-folder
    settings = {"InputFolder": str(tmp_path / "Quy 1"), "CutoffDate": CUTOFF}
    book = run(excel.consolidate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    status = book.status()
    assert "KHÔNG THÀNH CÔNG" in status and "Thư mục con “bai_nop”" in status and "\n" not in status
    row = book.rows(output.SHEET_ISSUES)[xlbook.ISSUES_HEADER_ROW]
    reason = next(v for v in row if isinstance(v, str) and "Thư mục con" in v)
    assert "\\x0a" not in reason and "\n" not in reason


def test_an_unexpected_failure_becomes_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import toolkit.pipeline

    boom = fails()
    monkeypatch.setattr(toolkit.pipeline, "consolidate", boom)
    settings = {"InputFolder": str(tmp_path), "CutoffDate": CUTOFF}
    book = run(excel.consolidate, book_json(DEFAULT_TARGET, settings))
    assert f"Lỗi không mong đợi trong chương trình ({boom.cause('RuntimeError')})" in book.status()
    assert book.find(output.SHEET_ISSUES, "excel.failed")


def _unexpected(bug: Failing | None) -> str:
    """What a press says of the `RuntimeError` `bug` raised (None: one never raised, which has no
    place to name): its type and where, never its text."""
    cause = "RuntimeError" if bug is None else bug.cause("RuntimeError")
    return (
        f"Lỗi không mong đợi trong chương trình ({cause}). Các tệp đầu vào không bị thay đổi. "
        "Hãy gửi thông báo này cho người hỗ trợ kỹ thuật."
    )


def _failure_row(book: Replay) -> list[Any]:
    (row,) = [r for r in book.rows(output.SHEET_ISSUES) if r and r[-1] == "excel.failed"]
    return row


def _one_nfc_line(text: str) -> str:
    assert "\n" not in text and unicodedata.is_normalized("NFC", text), repr(text)
    return text


def test_a_press_that_fails_after_writing_its_output_and_record_says_they_are_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fix183 (hunt173 C for the buttons): the command line says what a failed command had
    written and recorded; a press said only the error, so the clerk could not know that the
    result file and the history record were there. Now the status cell and the `excel.failed`
    row say it too, on one line."""
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    out = tmp_path / "ket_qua" / "tong_hop.xlsx"
    out.parent.mkdir()
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF, "OutputFile": str(out)}
    # The result file is written and the run recorded; copying its sheets into the book fails.
    bug = fails()
    monkeypatch.setattr("toolkit.excel.copysheets.copy_workbook_sheets", bug)
    book = run(excel.consolidate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    history = tmp_path / "lich_su_tong_hop.sqlite"
    said = (
        f"{_unexpected(bug)} Lần bấm nút này đã dừng vì lỗi trên sau khi đã ghi xong 1 tệp “tong_hop.xlsx” "
        f"vào thư mục “{out.parent}”; ngoài tệp này và thay đổi nói ở câu sau, không tệp nào khác bị "
        f"thay đổi: Lần tổng hợp này đã được ghi vào lịch sử tổng hợp “{history}” (lần số 1)."
    )
    assert _one_nfc_line(book.status()) == f"Tổng hợp: KHÔNG THÀNH CÔNG. {said}"
    assert f"Tổng hợp: {said}" in [_one_nfc_line(v) for v in _failure_row(book) if isinstance(v, str)]
    # What it says is so: the file is there, and so is the record.
    assert out.is_file() and len(HistoryStore(history).records()) == 1


def test_a_check_that_fails_after_writing_feedback_names_the_feedback_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fix183 for “Kiểm tra”: the feedback file it had written for a secretary is said, and
    nothing else changed (no record: the sentence ends there)."""
    folder = tmp_path / "bai_nop"
    write_ward(folder)  # CB02 has an error: it gets a feedback file
    bug = fails()
    monkeypatch.setattr(xlbook, "validation_summary", bug)  # after the feedback is written
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF}
    book = run(excel.validate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    said = (
        f"{_unexpected(bug)} Lần bấm nút này đã dừng vì lỗi trên sau khi đã ghi xong 1 tệp "
        f"“CB02_kiem_tra.xlsx” vào thư mục “{tmp_path / 'phan_hoi'}”; ngoài tệp này, không tệp nào "
        "khác bị thay đổi."
    )
    assert _one_nfc_line(book.status()) == f"Kiểm tra: KHÔNG THÀNH CÔNG. {said}"
    assert f"Kiểm tra: {said}" in _failure_row(book)
    assert [p.name for p in (tmp_path / "phan_hoi").iterdir()] == ["CB02_kiem_tra.xlsx"]


def test_a_check_that_fails_after_writing_many_feedback_files_names_the_first_and_counts_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review197: a press of “Kiểm tra” on a city writes a feedback file for each of hundreds
    of files to fix; failing after them, its one line named every one, tens of thousands of
    characters past Excel's 32,767 a cell. It names the first ten (`errors.NAMED_IN_ONE_LINE`)
    and counts the others (the command line still lists every file, one a line)."""
    from toolkit.outputs.template import write_submission

    folder = tmp_path / "bai_nop"
    write_ward(folder)  # CB01 clean, CB02 with an error
    cb01 = REGISTRY.organisations[0]
    many = 13
    for n in range(many - 1):  # codes not in the registry: each file has an error to send back
        code = f"CB{50 + n}"
        info = {"org_code": code, "org_name": f"Chi bộ Khu phố {50 + n}", "org_tier": cb01.org_tier}
        info |= {"sector": cb01.sector, "cutoff_date": CUTOFF, "period_start": PERIOD_START}
        write_submission(folder / f"{code}.xlsx", info=info, members=[], years=[])
    bug = fails()
    monkeypatch.setattr(xlbook, "validation_summary", bug)  # after the feedback is written
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF}
    book = run(excel.validate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    written = sorted(p.name for p in (tmp_path / "phan_hoi").iterdir())
    assert len(written) == many
    status = _one_nfc_line(book.status())
    named = [name for name in written if f"“{name}”" in status]
    assert len(named) == 10, status
    rest = f"” và 3 tệp khác vào thư mục “{tmp_path / 'phan_hoi'}”; ngoài các tệp này, không tệp nào khác"
    assert f"đã ghi xong {many} tệp “" in status and f"{rest} bị thay đổi." in status, status
    # The row says the same, as an issue says a parameter: its first `MAX_PARAM_CHARS` characters
    # (the names of ten files in a long folder pass them, and so may a history record said last).
    headline = status.removeprefix("Kiểm tra: KHÔNG THÀNH CÔNG. ")
    assert f"Kiểm tra: {shown(headline, MAX_PARAM_CHARS)}" in _failure_row(book)


@pytest.mark.parametrize(
    ("entry", "action", "failing", "setting", "name"),
    [
        (excel.consolidate, "Tổng hợp", "toolkit.outputs.workbook.render_workbook", "OutputFile", "th.xlsx"),
        (excel.make_lists, "Danh sách", "toolkit.outputs.worklists.write_list", "ListsFile", "ds.xlsx"),
    ],
)
def test_a_press_whose_output_cannot_be_made_names_it_and_says_the_old_one_is_kept(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    entry: Any,
    action: str,
    failing: str,
    setting: str,
    name: str,
) -> None:
    """fix183 (hunt173 F4 for the buttons): an unexpected error while an output is made in
    memory names it and says the old outputs are kept, as the command line says."""
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    target = tmp_path / "ket_qua" / name
    target.parent.mkdir()
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF, setting: str(target)}
    first = run(entry, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    assert "KHÔNG THÀNH CÔNG" not in first.status()
    before = {p.name: p.read_bytes() for p in target.parent.iterdir()}
    bug = fails()
    monkeypatch.setattr(failing, bug)
    book = run(entry, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    said = (
        f"Lỗi không mong đợi trong chương trình khi đang tạo tệp “{target}” ({bug.cause('RuntimeError')}). "
        "Chưa tệp nào được ghi: các tệp đầu vào không bị thay đổi, các tệp kết quả cũ (nếu có) vẫn giữ "
        "nguyên. Hãy gửi thông báo này cho người hỗ trợ kỹ thuật."
    )
    assert _one_nfc_line(book.status()) == f"{action}: KHÔNG THÀNH CÔNG. {said}"
    assert f"{action}: {said}" in [_one_nfc_line(v) for v in _failure_row(book) if isinstance(v, str)]
    assert {p.name: p.read_bytes() for p in target.parent.iterdir()} == before  # so it is


def test_a_press_that_fails_before_writing_says_only_its_error_whatever_ran_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure before anything is written says what it always said, even after a command of
    the same process wrote files and a record (each press starts afresh: `forget_written`)."""
    from click.testing import CliRunner

    from toolkit.cli import main

    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "-o", str(tmp_path / "kq.xlsx")]
    assert CliRunner().invoke(main, args).exit_code == 0
    bug = fails()
    monkeypatch.setattr("toolkit.pipeline.consolidate", bug)
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF}
    book = run(excel.consolidate, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    assert book.status() == f"Tổng hợp: KHÔNG THÀNH CÔNG. {_unexpected(bug)}"
    assert f"Tổng hợp: {_unexpected(bug)}" in _failure_row(book)


def test_without_the_errors_module_a_failed_press_says_its_plain_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The last net keeps its promise when `toolkit.core.errors` itself cannot be imported: the
    message it gave before, never an exception."""
    from toolkit.core.errors import forget_written, note_written

    forget_written()
    note_written(["/x/kq.xlsx"])  # something a press wrote, which only the errors module can say
    try:
        exc = RuntimeError("hỏng")  # never raised: no place to name (tests/test_unexpected_error_text.py)
        assert failsafe.press_failure_message(exc).startswith(f"{_unexpected(None)} Lần bấm nút này đã dừng")
        monkeypatch.setitem(sys.modules, "toolkit.core.errors", None)
        assert failsafe.press_failure_message(exc) == "Lỗi không mong đợi trong chương trình (RuntimeError)."
    finally:
        forget_written()  # no later test's run inherits it


# --- every failure ends in Vietnamese, imports and the error handler included ----------------


def test_a_failing_import_ends_in_the_status_cell_and_the_issue_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import toolkit.io

    # As on a PC where the install is partial (e.g. a DLL of numpy quarantined).
    monkeypatch.setitem(sys.modules, "toolkit.io.discover", None)
    monkeypatch.delattr(toolkit.io, "discover", raising=False)
    book = run(excel.validate, book_json(DEFAULT_TARGET, {"InputFolder": str(tmp_path)}))
    assert book.status().startswith("Kiểm tra: KHÔNG THÀNH CÔNG. Bộ cài đặt ward-stats bị thiếu hoặc hỏng")
    assert "chạy lại cai_dat.cmd" in book.status()
    row = book.find(output.SHEET_ISSUES, "excel.failed")
    assert row and book.find(output.SHEET_ISSUES, "Lỗi")


def test_a_broken_installation_is_said_alike_by_the_buttons_and_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One sentence (`errors.broken_install_message`), kept by the buttons' last net even when
    `toolkit.core.errors` itself cannot be imported."""
    from toolkit.core.errors import broken_install_message, user_message
    from toolkit.excel import failsafe

    exc = ModuleNotFoundError("No module named 'numpy'", name="numpy")
    said = broken_install_message(exc)
    assert user_message(exc) == failsafe.failure_message(exc) == said
    monkeypatch.setitem(sys.modules, "toolkit.core.errors", None)
    assert failsafe.failure_message(exc) == said


def test_when_even_the_book_helpers_fail_to_import_the_status_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "toolkit.excel.book", None)
    monkeypatch.delattr(excel, "book", raising=False)
    book = run(excel.make_templates, book_json(DEFAULT_TARGET, {"TemplateFolder": str(tmp_path)}))
    assert book.status().startswith("Tạo mẫu: KHÔNG THÀNH CÔNG. Bộ cài đặt ward-stats bị thiếu hoặc hỏng")
    assert list(tmp_path.iterdir()) == []


def test_a_failing_error_handler_still_leaves_the_status_saying_the_run_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("đĩa đầy")

    monkeypatch.setattr(xlbook, "write_issue_sheet", broken)
    book = run(excel.consolidate, book_json(DEFAULT_TARGET, {"InputFolder": str(tmp_path)}))
    status = book.status()
    assert status.startswith("Tổng hợp: KHÔNG THÀNH CÔNG. Chưa ghi “Ngày chốt số liệu”")
    assert "Không ghi được danh sách lỗi: Không đọc/ghi được tệp: đĩa đầy." in status
    assert "đang chạy" not in status


def test_a_status_cell_that_refuses_colours_still_says_the_run_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = xlbook.Panel.status

    def no_colour(self: xlbook.Panel, message: str, color: object = xlbook.OK_COLOR) -> None:
        if color == xlbook.ERROR_COLOR:
            raise RuntimeError("colour refused")
        real(self, message, color)  # type: ignore[arg-type]

    monkeypatch.setattr(xlbook.Panel, "status", no_colour)
    book = run(excel.consolidate, book_json(DEFAULT_TARGET, {"InputFolder": str(tmp_path)}))
    assert book.status().startswith("Tổng hợp: KHÔNG THÀNH CÔNG. Chưa ghi “Ngày chốt số liệu”")


@pytest.mark.parametrize(
    ("prelude", "reason"),
    [
        ("", "Python khong ket noi duoc voi Excel"),  # not started by Excel: no calling book
        ("import sys; sys.modules['xlwings'] = None; ", "Bo cai dat ward-stats bi thieu hoac hong"),
    ],
)
@pytest.mark.slow
def test_without_a_calling_book_the_message_reaches_xlwings_dialog_in_plain_letters(
    prelude: str, reason: str
) -> None:
    code = f"{prelude}import toolkit.excel as e; e.consolidate()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert done.returncode == 1  # non-zero: RunPython shows the log in its error dialog
    text = done.stderr.decode("ascii")  # VBA reads the log in the ANSI code page: ASCII only
    assert text.startswith(f"Tong hop: KHONG THANH CONG. {reason}")
    assert "Traceback" not in text


def test_an_excel_connection_error_is_said_by_its_type_never_its_text(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """review207: the dialog said the connection error's text, which may carry a workbook's path
    under the clerk's user name (a COM error's text names the book); its type only, as the rest
    of the failsafe says an unexpected error (`errors.unexpected_cause`)."""
    import xlwings as xw

    class ComError(Exception):  # as pywintypes.com_error, raised by Excel's COM server
        pass

    where = r"C:\Users\Nguyễn Thị Hoa\Documents\Tổng hợp đảng viên.xlsm"

    def caller() -> None:
        raise ComError(-2147352567, f"Không mở được {where}")

    monkeypatch.setattr(xw.Book, "caller", staticmethod(caller))
    with pytest.raises(SystemExit) as stopped:
        excel.consolidate()
    assert stopped.value.code == 1
    dialog = capsys.readouterr().err
    said = "Tong hop: KHONG THANH CONG. Python khong ket noi duoc voi Excel"
    # its type, and where the toolkit called xlwings (the dialog is ASCII: "tại" is "tai")
    assert re.match(rf"{said} \(ComError tai toolkit/excel/__init__\.py:\d+\)\. Hay luu", dialog), dialog
    for leak in ("Users", "Nguy", "Hoa", "xlsm", "2147352567"):
        assert leak not in dialog, dialog


def _press_without_status(entry, data, capsys: pytest.CaptureFixture[str]) -> tuple[Replay, str]:  # type: ignore[no-untyped-def]
    """Press a button whose status cell cannot say how the press ended: Python exits non-zero,
    so `RunPython` shows what it wrote to stderr."""
    book = caller_book(data)
    with pytest.raises(SystemExit) as stopped:
        entry()
    assert stopped.value.code == 1
    return Replay(data, book.json()["actions"]), capsys.readouterr().err


@pytest.mark.parametrize("entry", [excel.validate, excel.consolidate, excel.make_templates])
def test_a_status_cell_whose_name_is_gone_stops_the_press_and_says_so_in_the_dialog_and_the_issue_sheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], entry: Any
) -> None:
    # The status row deleted (the name points to #REF!), or sheets copied by hand without it.
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    settings = {"InputFolder": str(folder), "CutoffDate": CUTOFF, "TemplateFolder": str(tmp_path / "mau")}
    data = book_json(DEFAULT_TARGET, settings, registry=REGISTRY)
    data["names"] = [n for n in data["names"] if n["name"] != "Status"]
    before = sorted(p.name for p in tmp_path.iterdir())
    book, dialog = _press_without_status(entry, data, capsys)
    said = f"Tệp “{data['book']['name']}” không có ô “Trạng thái” (tên Status), nơi nút báo kết quả; nút chưa"
    row = book.rows(output.SHEET_ISSUES)[xlbook.ISSUES_HEADER_ROW]
    assert row[-1] == "excel.failed" and any(said in str(v) for v in row)
    assert "Traceback" not in dialog and "generator" not in dialog
    assert failsafe.ascii_text(said) in dialog and dialog.endswith('Xem sheet "Kiem tra".\n')
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing done: no template, no result


def test_a_status_cell_that_refuses_its_text_stops_the_press_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import xlwings as xw

    real = xw.Range.value

    def refuse_status(self: Any, value: Any) -> None:  # as a protected sheet's locked cell
        if self.sheet.name == xlbook.SHEET_CONTROL and self.row == xlbook.status_row():
            raise RuntimeError("The cell is protected")
        real.fset(self, value)  # type: ignore[attr-defined]

    monkeypatch.setattr(xw.Range, "value", property(real.fget, refuse_status))  # type: ignore[attr-defined]
    data = book_json(DEFAULT_TARGET, {"TemplateFolder": str(tmp_path / "mau")}, registry=REGISTRY)
    book, dialog = _press_without_status(excel.make_templates, data, capsys)
    said = "Không ghi được vào ô “Trạng thái” (tên Status) của tệp “tong_hop_phuong.xlsm”, nơi nút báo"
    assert book.find(output.SHEET_ISSUES, "excel.failed")
    row = book.rows(output.SHEET_ISSUES)[xlbook.ISSUES_HEADER_ROW]
    assert any(said in str(v) and "bỏ bảo vệ" in str(v) for v in row)
    assert failsafe.ascii_text(said) in dialog and "The cell is protected" not in dialog
    assert not (tmp_path / "mau").exists()


def test_a_press_runs_without_the_cyclic_collector_which_is_back_afterwards(tmp_path: Path) -> None:
    """A button loads pandas and the toolkit in its press: it runs with the collector paused, as
    the command line does, and resumes it when the press ends (xlwings may keep its Python)."""
    import gc

    seen: list[bool] = []
    data = book_json(DEFAULT_TARGET, {"InputFolder": str(tmp_path), "CutoffDate": CUTOFF}, registry=REGISTRY)
    caller_book(data)
    assert gc.isenabled()
    excel._press("Kiểm tra", lambda book, panel: seen.append(gc.isenabled()))
    assert seen == [False]
    assert gc.isenabled()
