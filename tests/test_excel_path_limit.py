"""Microsoft Excel cannot open or save a workbook whose full path (folder, name and suffix) is
longer than 218 characters, whether or not Windows takes long paths (fixL). ward-stats checked
only Windows' 259 (of the temporary file), so on an office PC a workbook 219 to 259 characters
long was written and the clerk's Excel could not open it. On Windows (`excel_paths_limited`,
forced on here as `short_paths_only` is elsewhere) a workbook output over 218 characters is
refused before anything is read, by every command; 218 is written; other outputs (JSON) are not
judged by it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, REGISTRY, Replay, book_json, caller_book, write_ward
from toolkit import excel
from toolkit.cli import main
from toolkit.excel.book import setting_place
from toolkit.excel.build import DEFAULT_TARGET
from toolkit.io import atomic
from toolkit.io.atomic import long_path_problem

DAY = f"{CUTOFF:%d/%m/%Y}"
EXCEL_MAX_PATH = 218  # `atomic.EXCEL_MAX_PATH`
EXCEL_SAYS = f"Excel không mở được tệp có đường dẫn dài hơn {EXCEL_MAX_PATH} ký tự"


@pytest.fixture(autouse=True)
def _remote_engine_licence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


@pytest.fixture
def excel_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """This system as Windows with long paths enabled: only Excel's limit applies."""
    monkeypatch.setattr(atomic, "excel_paths_limited", lambda: True, raising=False)
    monkeypatch.setattr(atomic, "short_paths_only", lambda: False)


def _at(base: Path, name: str, length: int) -> Path:
    """`name` in a new folder under `base`, the whole path `length` characters long."""
    folder = base
    room = length - len(name) - 1
    while len(str(folder)) < room - 40:
        folder = folder / ("thu_muc_" + "x" * 30)
    folder = folder / ("y" * (room - len(str(folder)) - 1))
    folder.mkdir(parents=True)
    path = folder / name
    assert len(str(path)) == length
    return path


def _files(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _refused(said: str, target: Path, label: str) -> None:
    said = " ".join(said.split())
    length = len(str(target))
    assert f"{label} “{target}” có đường dẫn quá dài để mở bằng Excel" in said, said
    assert f"đường dẫn dài {length} ký tự, mà {EXCEL_SAYS}" in said, said
    assert f"rút ngắn ít nhất {length - EXCEL_MAX_PATH} ký tự" in said, said


def test_the_limit_is_the_workbooks_own_path_any_case_and_only_on_windows() -> None:
    from toolkit.io.atomic import excel_path_too_long

    assert atomic.EXCEL_MAX_PATH == EXCEL_MAX_PATH
    at_limit = Path("/" + "a" * (EXCEL_MAX_PATH - 6) + ".xlsx")
    over = Path("/" + "a" * (EXCEL_MAX_PATH - 5) + ".XLSM")
    assert len(str(at_limit)) == EXCEL_MAX_PATH and len(str(over)) == EXCEL_MAX_PATH + 1
    assert not excel_path_too_long(at_limit, windows=True)
    assert excel_path_too_long(over, windows=True)
    assert not excel_path_too_long(over, windows=False)
    assert not excel_path_too_long(over)  # this system (Linux): no Excel
    assert not excel_path_too_long(over.with_suffix(".json"), windows=True)  # not opened by Excel
    beyond_the_bmp = Path("/" + "a" * (EXCEL_MAX_PATH - 7) + "\U0001f600.xlsx")  # 218 characters, 219 units
    assert len(str(beyond_the_bmp)) == EXCEL_MAX_PATH and excel_path_too_long(beyond_the_bmp, windows=True)


def test_with_both_limits_the_one_needing_more_cut_is_said(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic, "excel_paths_limited", lambda: True, raising=False)
    monkeypatch.setattr(atomic, "short_paths_only", lambda: True)
    target = Path("/" + "a" * 225 + ".xlsx")  # a run's temporary is 50+ characters longer: Windows
    assert "quá dài để ghi trên máy này" in (long_path_problem(target, run_output=True) or "")
    single = Path("/" + "a" * 220 + ".xlsx")  # a single file's temporary is about 25 longer: Excel
    said = long_path_problem(single) or ""
    assert EXCEL_SAYS in said and f"ít nhất {len(str(single)) - EXCEL_MAX_PATH} ký tự" in said, said


def test_consolidate_refuses_a_result_too_long_for_excel_before_reading(
    tmp_path: Path, excel_limit: None
) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    before = _files(folder)
    target = _at(tmp_path / "a", "tong_hop.xlsx", EXCEL_MAX_PATH + 1)
    run = CliRunner().invoke(
        main, ["consolidate", str(folder), "--cutoff", DAY, "--no-history", "-o", str(target)]
    )
    assert run.exit_code == 2 and "Traceback" not in run.output, run.output
    _refused(run.output, target, "Tệp kết quả -o")
    assert "thư mục có đường dẫn ngắn hơn" in " ".join(run.output.split())
    assert list(target.parent.iterdir()) == [] and _files(folder) == before
    # 218 characters: written; a JSON summary longer than that is no workbook, not judged.
    fits = _at(tmp_path / "b", "tong_hop.xlsx", EXCEL_MAX_PATH)
    summary = _at(tmp_path / "c", "tom_tat.json", EXCEL_MAX_PATH + 20)
    command = ["consolidate", str(folder), "--cutoff", DAY, "--no-history", "-o", str(fits)]
    run = CliRunner().invoke(main, [*command, "--json", str(summary)])
    assert run.exit_code in (0, 1) and fits.is_file() and summary.is_file(), run.output
    assert _files(folder) == before


def test_lists_refuses_a_lists_file_too_long_for_excel(tmp_path: Path, excel_limit: None) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    before = _files(folder)
    target = _at(tmp_path / "a", "danh_sach.xlsx", EXCEL_MAX_PATH + 1)
    run = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", DAY, "-o", str(target)])
    assert run.exit_code == 2 and "Traceback" not in run.output, run.output
    _refused(run.output, target, "Tệp danh sách -o")
    assert list(target.parent.iterdir()) == [] and _files(folder) == before
    fits = _at(tmp_path / "b", "danh_sach.xlsx", EXCEL_MAX_PATH)
    run = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", DAY, "-o", str(fits)])
    assert run.exit_code in (0, 1) and fits.is_file(), run.output
    assert _files(folder) == before


@pytest.mark.parametrize(
    ("entry", "cell", "label"),
    [("consolidate", "OutputFile", "Tệp kết quả"), ("make_lists", "ListsFile", "Tệp danh sách")],
)
def test_the_buttons_refuse_a_cell_too_long_for_excel_before_reading(
    tmp_path: Path, excel_limit: None, entry: str, cell: str, label: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    before = _files(folder)
    monkeypatch.chdir(tmp_path)  # the remote engine's book has no folder: the current one
    target = _at(tmp_path / "a", "ket_qua.xlsx", EXCEL_MAX_PATH + 1)
    values = {"InputFolder": str(folder), "CutoffDate": CUTOFF, cell: str(target)}
    data = book_json(DEFAULT_TARGET, values, registry=REGISTRY)
    button = caller_book(data)
    with monkeypatch.context() as reads_not:
        for reads in ("toolkit.pipeline.consolidate", "toolkit.worklists.build_work_lists"):
            reads_not.setattr(reads, lambda *a, **k: pytest.fail("the files were read before the refusal"))
        getattr(excel, entry)()
    status = " ".join(Replay(data, button.json()["actions"]).status().split())
    assert (
        f"{label} (ô “{label}”, {setting_place(cell)}) “{target}” có đường dẫn quá dài để mở bằng Excel"
        in status
    ), status
    assert EXCEL_SAYS in status and f"ít nhất {len(str(target)) - EXCEL_MAX_PATH} ký tự" in status, status
    assert list(target.parent.iterdir()) == [] and _files(folder) == before
    # 218 characters: the button writes it.
    fits = _at(tmp_path / "b", "ket_qua.xlsx", EXCEL_MAX_PATH)
    data = book_json(DEFAULT_TARGET, {**values, cell: str(fits)}, registry=REGISTRY)
    button = caller_book(data)
    getattr(excel, entry)()
    status = " ".join(Replay(data, button.json()["actions"]).status().split())
    assert fits.is_file(), status
    assert _files(folder) == before


def test_validate_refuses_feedback_too_long_for_excel_before_reading(
    tmp_path: Path, excel_limit: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "bai_nop"
    _cb01, cb02 = write_ward(folder)  # CB02 has an error: it gets feedback
    (tmp_path / "a").mkdir()
    feedback = tmp_path / "a" / "phan_hoi"  # made by the run
    room = EXCEL_MAX_PATH + 1 - len(str(feedback / "_kiem_tra.xlsx"))
    longer = cb02.rename(folder / ("CB02_" + "e" * (room - 5) + ".xlsx"))
    worst = feedback / f"{longer.stem}_kiem_tra.xlsx"
    assert len(str(worst)) == EXCEL_MAX_PATH + 1
    before = _files(folder)
    with monkeypatch.context() as reads_not:
        reads_not.setattr(
            "toolkit.validation.validate_read",
            lambda *a, **k: pytest.fail("the files were read before the refusal"),
        )
        run = CliRunner().invoke(
            main, ["validate", str(folder), "--cutoff", DAY, "--feedback", str(feedback)]
        )
    assert run.exit_code == 2 and "Traceback" not in run.output, run.output
    _refused(run.output, worst, "Tệp phản hồi")
    assert not feedback.exists() and _files(folder) == before
    # One character shorter, 218: the feedback (CB02 has an error) is written.
    fits = longer.rename(folder / ("CB02_" + longer.name[6:]))
    before = _files(folder)
    run = CliRunner().invoke(main, ["validate", str(folder), "--cutoff", DAY, "--feedback", str(feedback)])
    written = feedback / f"{fits.stem}_kiem_tra.xlsx"
    assert len(str(written)) == EXCEL_MAX_PATH and written.is_file(), run.output
    assert _files(folder) == before


def test_upgrade_skips_a_copy_too_long_for_excel_and_upgrades_the_others(
    tmp_path: Path, excel_limit: None
) -> None:
    from helpers_validate import clean_info, write_old

    old = tmp_path / "cu"
    old.mkdir()
    out = _at(tmp_path / "o", "x" * 40, EXCEL_MAX_PATH).parent  # a name of 40 characters: 218
    fits = write_old(old, "CB07_" + "f" * 30 + ".xlsx")  # 40 characters
    too_long = write_old(
        old, "CB08_" + "g" * 31 + ".xlsx", info=clean_info(org_code="CB08", org_name="Chi bộ 8")
    )
    assert len(str(out / fits.name)) == EXCEL_MAX_PATH
    before = _files(old)
    run = CliRunner().invoke(main, ["upgrade", str(old), "--out", str(out)])
    said = " ".join(run.output.split())
    assert run.exit_code == 1 and "Traceback" not in run.output, run.output
    assert f"tệp mới “{out / too_long.name}” có đường dẫn quá dài để mở bằng Excel" in said, said
    assert EXCEL_SAYS in said and "ít nhất 1 ký tự" in said, said
    assert sorted(p.name for p in out.iterdir()) == [fits.name]
    assert _files(old) == before


def test_template_refuses_a_template_too_long_for_excel(tmp_path: Path, excel_limit: None) -> None:
    from toolkit.core import layout

    target = _at(tmp_path / "a", layout.TEMPLATE_FILENAME, EXCEL_MAX_PATH + 1)
    run = CliRunner().invoke(main, ["template", "--out", str(target.parent)])
    assert run.exit_code == 2 and "Traceback" not in run.output, run.output
    _refused(run.output, target, "Biểu mẫu")
    assert list(target.parent.iterdir()) == []
    fits = _at(tmp_path / "b", layout.TEMPLATE_FILENAME, EXCEL_MAX_PATH)
    run = CliRunner().invoke(main, ["template", "--out", str(fits.parent)])
    assert run.exit_code == 0 and fits.is_file(), run.output


# The longest path the demo writes, below its folder: last year's submission of HD35.
DEMO_LONGEST = "nam_truoc/nop/HD35_chi_bo_ngan_hang_thuong_mai_cp_phuong_dong_chi_nhanh_nhi_cha.xlsx"


def _demo_folder(base: Path, length: int) -> Path:
    """A folder (not made) under `base` whose `DEMO_LONGEST` is `length` characters long."""
    folder = base / ("y" * (length - len(DEMO_LONGEST) - len(str(base)) - 2))
    assert len(str(folder / DEMO_LONGEST)) == length
    return folder


def test_demo_checks_every_path_before_writing_any(tmp_path: Path, excel_limit: None) -> None:
    """hunt85 #3: each file was checked as it was written, so a folder where only the longest
    name is over the limit was left with a sample ward half made, then refused."""
    (tmp_path / "a").mkdir()
    folder = _demo_folder(tmp_path / "a", EXCEL_MAX_PATH + 1)
    assert len(str(folder / "nop" / Path(DEMO_LONGEST).name)) <= EXCEL_MAX_PATH  # only the longest is over
    run = CliRunner().invoke(main, ["demo", str(folder)])
    assert run.exit_code == 2 and "Traceback" not in run.output, run.output
    _refused(run.output, folder / DEMO_LONGEST, "Tệp dài nhất lệnh demo sẽ ghi")
    assert "Chưa có tệp nào được ghi." in " ".join(run.output.split()), run.output
    assert list((tmp_path / "a").iterdir()) == []  # the folder not even made
    # One character shorter: the demo writes the whole ward, the longest path 218 characters.
    (tmp_path / "b").mkdir()
    fits = _demo_folder(tmp_path / "b", EXCEL_MAX_PATH)
    run = CliRunner().invoke(main, ["demo", str(fits)])
    assert run.exit_code == 0, run.output
    written = [p for p in fits.rglob("*") if p.is_file()]
    assert max(len(str(p)) for p in written) == EXCEL_MAX_PATH and (fits / DEMO_LONGEST).is_file()


def test_a_relative_path_is_quoted_whole_with_the_length_said(
    tmp_path: Path, excel_limit: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """hunt85 #4: the length said is the absolute path's; quoting only the relative path typed
    left the clerk unable to see why it was too long."""
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    target = _at(tmp_path / "a", "tong_hop.xlsx", EXCEL_MAX_PATH + 1)
    monkeypatch.chdir(tmp_path)
    typed = target.relative_to(tmp_path)
    run = CliRunner().invoke(
        main, ["consolidate", str(folder), "--cutoff", DAY, "--no-history", "-o", str(typed)]
    )
    said = " ".join(run.output.split())
    assert run.exit_code == 2 and "Traceback" not in run.output, run.output
    quoted = said.split("Tệp kết quả -o “", 1)[1].split("”", 1)[0]
    assert quoted == str(target) and f"đường dẫn dài {len(quoted)} ký tự" in said, said
    assert f"(“{typed}” tính từ thư mục hiện tại)" in said, said
    assert list(target.parent.iterdir()) == []
