"""A run without the members' values leaves no feedback workbook of ward-stats listing them in
its feedback folder (fix372). Before, one was rewritten masked only when its submission still had
something to fix; it was kept, values and all, when its file could not be checked this time (a
copy of 0 bytes, `CLERK_ONLY`), when the run's cut-off looked mistyped (none written at all), or
when the submissions' folder had been renamed (the masked one written beside it): the clerk had
chosen “Không” and pressed again, as the status advised. Now those are removed and said, by name;
a masked feedback of another folder, and any file not ward-stats' feedback, are left alone.
Real submissions (`tests.helpers_excel.write_ward`), `validate` through click's runner, and the
“Kiểm tra” button on a recorded book."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, REGISTRY, Replay, book_json, caller_book, write_ward
from toolkit import excel
from toolkit.cli import main
from toolkit.excel.build import DEFAULT_TARGET
from toolkit.io.feedback_files import PERSONAL_DATA_PROPERTY

OFFICIAL = "01/07/2001"  # CB02's first member's official date, quoted by its error
REMOVED = "nay đã chọn không ghi dữ liệu cá nhân"


def _validate(folder: Path, feedback: Path, *extra: str, cutoff: str = "31/03/2026") -> str:
    result = CliRunner().invoke(
        main, ["validate", str(folder), "--cutoff", cutoff, "--feedback", str(feedback), *extra]
    )
    assert "Traceback" not in result.output and result.exit_code in (0, 1), result.output
    return result.output


def _texts(path: Path) -> str:
    wb = openpyxl.load_workbook(path, read_only=True)
    return "\n".join(str(c) for ws in wb for r in ws.iter_rows(values_only=True) for c in r if c)


def _with_values(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*_kiem_tra.xlsx") if OFFICIAL in _texts(p))


@pytest.fixture
def kept(tmp_path: Path) -> tuple[Path, Path]:
    """The ward checked with the members' values: CB02's feedback lists them."""
    folder, feedback = tmp_path / "bai_nop", tmp_path / "phan_hoi"
    write_ward(folder)
    _validate(folder, feedback, "--personal-data")
    assert _with_values(feedback) == ["CB02_kiem_tra.xlsx"]
    return folder, feedback


def test_a_file_not_checked_this_time_loses_its_feedback_with_the_values(kept: tuple[Path, Path]) -> None:
    folder, feedback = kept
    (folder / "CB02.xlsx").write_bytes(b"")  # the office's copy broke: `file.empty`, the clerk's
    output = _validate(folder, feedback, "--no-personal-data")
    assert _with_values(feedback) == [] and not list(feedback.glob("*_kiem_tra.xlsx"))
    assert REMOVED in output and "CB02_kiem_tra.xlsx" in output


def test_a_run_whose_cutoff_looks_mistyped_removes_them_too(kept: tuple[Path, Path]) -> None:
    folder, feedback = kept
    output = _validate(folder, feedback, "--no-personal-data", cutoff="30/06/2026")
    assert "Chưa ghi tệp phản hồi" in output and REMOVED in output
    assert not list(feedback.glob("*_kiem_tra.xlsx"))


def test_a_renamed_folder_leaves_no_feedback_with_the_values_beside_the_masked_one(
    kept: tuple[Path, Path],
) -> None:
    folder, feedback = kept
    renamed = folder.rename(folder.with_name("bai_nop_quy_1"))
    output = _validate(renamed, feedback, "--no-personal-data")
    assert _with_values(feedback) == [] and REMOVED in output
    (masked,) = feedback.glob("*_kiem_tra.xlsx")  # the new one, without the values
    assert "[đã ẩn]" in _texts(masked)


def test_one_written_before_the_property_is_known_by_its_page_header(kept: tuple[Path, Path]) -> None:
    """Feedback written by an earlier version carries no property: its printed pages' header
    says it lists the values (hunt312), and that is enough."""
    folder, feedback = kept
    path = feedback / "CB02_kiem_tra.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/custom.xml":
                assert PERSONAL_DATA_PROPERTY.encode() in data
                data = data.replace(PERSONAL_DATA_PROPERTY.encode(), b"ward_stats_other")
            out.writestr(info, data)
    path.write_bytes(buffer.getvalue())
    (folder / "CB02.xlsx").write_bytes(b"")
    assert REMOVED in _validate(folder, feedback, "--no-personal-data")
    assert not path.exists()


def test_only_ward_stats_feedback_listing_the_values_is_removed(tmp_path: Path) -> None:
    """A masked feedback of another folder, and a clerk's own file of a feedback's name, stay."""
    feedback = tmp_path / "phan_hoi"
    other, ward = tmp_path / "dot_truoc", tmp_path / "bai_nop"
    write_ward(other)
    _validate(other, feedback, "--no-personal-data")
    (earlier,) = feedback.glob("*_kiem_tra.xlsx")
    before = earlier.read_bytes()
    clerks = feedback / "ghi_chu_kiem_tra.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = OFFICIAL
    wb.save(clerks)
    write_ward(ward)
    (ward / "CB02.xlsx").write_bytes(b"")
    output = _validate(ward, feedback, "--no-personal-data")
    assert REMOVED not in output
    assert earlier.read_bytes() == before and clerks.exists()


def test_with_the_values_asked_for_another_folders_feedback_is_left_alone(kept: tuple[Path, Path]) -> None:
    folder, feedback = kept
    other = folder.with_name("dot_sau")
    write_ward(other, with_error=False)
    output = _validate(other, feedback, "--personal-data")
    assert REMOVED not in output and _with_values(feedback) == ["CB02_kiem_tra.xlsx"]


@pytest.fixture
def _remote_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")  # xlwings' documented free key
    monkeypatch.chdir(tmp_path)


def _press(tmp_path: Path, choice: str) -> str:
    settings = {
        "InputFolder": str(tmp_path / "bai_nop"),
        "CutoffDate": CUTOFF,
        "OutputFile": str(tmp_path / "kq.xlsx"),
        "PersonalData": choice,
    }
    data = book_json(DEFAULT_TARGET, settings, registry=REGISTRY)
    book = caller_book(data)
    excel.validate()
    return Replay(data, book.json()["actions"]).status()


@pytest.mark.usefixtures("_remote_engine")
def test_the_check_button_pressed_again_with_no_leaves_none_with_the_values(tmp_path: Path) -> None:
    write_ward(tmp_path / "bai_nop")
    _press(tmp_path, "Có")
    assert _with_values(tmp_path / "phan_hoi") == ["CB02_kiem_tra.xlsx"]
    (tmp_path / "bai_nop" / "CB02.xlsx").write_bytes(b"")
    status = _press(tmp_path, "Không")
    assert _with_values(tmp_path / "phan_hoi") == [] and REMOVED in status
