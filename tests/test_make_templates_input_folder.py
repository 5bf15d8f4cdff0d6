"""“Tạo mẫu” with the submissions-folder cell naming a file or a folder that is not there
(fix354): the templates do not need that folder (they are written to “Thư mục ghi biểu mẫu”,
and a new period's folder is often not made yet), so they are made, and the status cell says,
amber, what is wrong with the cell and where it is, before Kiểm tra or Tổng hợp stop on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers_excel import REGISTRY, Replay, book_json, caller_book
from toolkit import excel
from toolkit.excel import book as xlbook
from toolkit.excel.build import DEFAULT_TARGET

AMBER = "#ffeb9c"


@pytest.fixture(autouse=True)
def _remote_engine_licence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    monkeypatch.chdir(tmp_path)


def run(entry: Any, data: dict[str, Any]) -> Replay:
    book = caller_book(data)
    entry()
    return Replay(data, book.json()["actions"])


def test_a_submissions_cell_naming_a_file_is_said_and_the_templates_are_made(tmp_path: Path) -> None:
    copied = tmp_path / "CB01.xlsx"  # “Copy as path” of a submission, for its folder
    copied.write_bytes(b"")
    target = tmp_path / "mau"
    settings = {"InputFolder": str(copied), "TemplateFolder": str(target)}
    book = run(excel.make_templates, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    status = book.status()
    assert status.startswith(f"Tạo mẫu: đã tạo 3 biểu mẫu trong thư mục {target}. Lưu ý: "), status
    assert (
        f"Ô “Thư mục bài nộp” ({xlbook.setting_place('InputFolder')}) = “{copied}” là một tệp, không "
        f"phải thư mục: hãy ghi thư mục chứa các tệp của chi bộ (ví dụ “{tmp_path}”)."
    ) in status
    assert len(list(target.iterdir())) == 3
    assert book.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)] == AMBER


def test_a_submissions_folder_not_made_yet_is_made_beside_its_parent(tmp_path: Path) -> None:
    """The built book's `bai_nop` on the first press: made, and said, in the ordinary colour."""
    missing = tmp_path / "bai_nop_quy_1"
    target = tmp_path / "mau"
    settings = {"InputFolder": str(missing), "TemplateFolder": str(target)}
    book = run(excel.make_templates, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    assert book.status() == (
        f"Tạo mẫu: đã tạo 3 biểu mẫu trong thư mục {target}. Đã tạo thư mục bài nộp “{missing}” "
        f"(ô “Thư mục bài nộp”, {xlbook.setting_place('InputFolder')}) để nhận bài nộp của các chi bộ."
    )
    assert missing.is_dir()
    assert book.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)] != AMBER


def test_a_submissions_folder_whose_parent_is_not_there_is_said_and_not_made(tmp_path: Path) -> None:
    missing = tmp_path / "khong_co" / "bai_nop"  # a typo in the path, a drive not plugged in
    target = tmp_path / "mau"
    settings = {"InputFolder": str(missing), "TemplateFolder": str(target)}
    book = run(excel.make_templates, book_json(DEFAULT_TARGET, settings, registry=REGISTRY))
    status = book.status()
    assert status.startswith(f"Tạo mẫu: đã tạo 3 biểu mẫu trong thư mục {target}. Lưu ý: "), status
    assert (
        f"Chưa có thư mục “{missing}” (ô “Thư mục bài nộp”, {xlbook.setting_place('InputFolder')}): "
        "hãy tạo thư mục này để nhận bài nộp của các chi bộ, hoặc sửa ô, trước khi kiểm tra, tổng hợp."
    ) in status
    assert not missing.parent.exists()
    assert book.colors[xlbook.SHEET_CONTROL][(xlbook.status_row(), 2)] == AMBER


def test_an_empty_submissions_cell_is_no_note_for_the_templates(tmp_path: Path) -> None:
    target = tmp_path / "mau"
    book = run(
        excel.make_templates,
        book_json(DEFAULT_TARGET, {"InputFolder": "", "TemplateFolder": str(target)}, registry=REGISTRY),
    )
    assert book.status() == f"Tạo mẫu: đã tạo 3 biểu mẫu trong thư mục {target}."
