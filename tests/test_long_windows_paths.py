"""An output path too long for Windows without long paths (MAX_PATH: 259 characters) failed
only at the write, after every file was read: it is refused before, naming the file (or its
cell), its length, the limit and what to do (fixS #1). The limit applies to the longest path
written, the hidden temporary file beside the target, which is longer than the target."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, REGISTRY, Replay, book_json, caller_book, saved_workbook, write_ward
from toolkit import excel
from toolkit.cli import main
from toolkit.core.errors import OutputError
from toolkit.excel.book import setting_place
from toolkit.excel.build import DEFAULT_TARGET
from toolkit.io import atomic
from toolkit.io.atomic import (
    WINDOWS_MAX_PATH,
    atomic_write_bytes,
    long_path_problem,
    longest_written_path,
    path_too_long,
    run_temp_name,
)

DAY = f"{CUTOFF:%d/%m/%Y}"


@pytest.fixture(autouse=True)
def _remote_engine_licence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


@pytest.fixture
def short_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    """This system as Windows without long paths: the one platform predicate, forced on."""
    monkeypatch.setattr(atomic, "short_paths_only", lambda: True)


def _deep(base: Path, length: int) -> Path:
    """A folder under `base` whose path is `length` characters long."""
    folder = base
    while len(str(folder)) < length - 40:
        folder = folder / ("thu_muc_" + "x" * 30)
    folder = folder / ("y" * (length - len(str(folder)) - 1))
    folder.mkdir(parents=True)
    assert len(str(folder)) == length
    return folder


def test_the_limit_counts_the_whole_path_in_utf16_units_and_applies_only_on_windows() -> None:
    at_limit = Path("/" + "a" * (WINDOWS_MAX_PATH - 1))
    over = Path("/" + "a" * WINDOWS_MAX_PATH)
    assert not path_too_long(at_limit, windows=True)
    assert path_too_long(over, windows=True)
    assert not path_too_long(over, windows=False)
    beyond_the_bmp = Path("/" + "a" * (WINDOWS_MAX_PATH - 2) + "\U0001f600")  # 259 characters, 260 units
    assert len(str(beyond_the_bmp)) == WINDOWS_MAX_PATH and path_too_long(beyond_the_bmp, windows=True)
    assert not path_too_long(over)  # this system (Linux) takes long paths


def test_consolidate_and_lists_refuse_an_output_whose_temporary_path_is_too_long_before_reading(
    tmp_path: Path, short_paths: None
) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    deep = _deep(tmp_path, 220)
    target = deep / "tong_hop.xlsx"  # 234 characters: fits, but not its temporary file
    assert len(str(target)) <= WINDOWS_MAX_PATH < len(str(longest_written_path(target, run_output=True)))
    longest = len(str(longest_written_path(target, run_output=True)))
    for command, label, written_alone in (
        (["consolidate", str(folder), "--cutoff", DAY, "--no-history"], "Tệp kết quả -o", False),
        (["lists", str(folder), "--cutoff", DAY], "Tệp danh sách -o", True),
    ):
        if written_alone:  # the lists file is written alone: its temporary is `temp_path_for`'s
            target = deep / (
                "d" * (WINDOWS_MAX_PATH - len(str(longest_written_path(deep / "d"))) + 2) + ".xlsx"
            )
            longest = len(str(longest_written_path(target)))
        run = CliRunner().invoke(main, [*command, "-o", str(target)])
        said = " ".join(run.output.split())
        assert run.exit_code == 2 and "Traceback" not in run.output, run.output
        assert f"{label} “{target}” có đường dẫn quá dài" in said, said
        assert f"dài {longest} ký tự (đường dẫn của chính tệp dài {len(str(target))} ký tự)" in said, said
        assert (
            f"tối đa {WINDOWS_MAX_PATH} ký tự" in said
            and f"ít nhất {longest - WINDOWS_MAX_PATH} ký tự" in said
        )
        assert "thư mục có đường dẫn ngắn hơn" in said and "đặt tên tệp ngắn hơn" in said
    assert list(deep.iterdir()) == []
    # A shorter folder: written.
    short = tmp_path / "kq.xlsx"
    run = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", DAY, "-o", str(short)])
    assert run.exit_code in (0, 1) and short.is_file(), run.output


def test_a_single_file_is_refused_by_its_own_temporary_path(tmp_path: Path, short_paths: None) -> None:
    """A file written alone (`atomic_write_bytes`) has a shorter temporary name
    (`temp_path_for`): the limit is that one's, naming the target, and nothing is left."""
    deep = _deep(tmp_path, 215)
    fits = deep / "a.txt"  # its temporary path is under the limit
    assert len(str(longest_written_path(fits))) <= WINDOWS_MAX_PATH
    atomic_write_bytes(fits, b"ok")
    target = deep / ("b" * 30 + ".txt")
    assert len(str(longest_written_path(target))) > WINDOWS_MAX_PATH
    with pytest.raises(OutputError, match="có đường dẫn quá dài") as refused:
        atomic_write_bytes(target, b"no")
    assert f"Tệp “{target}”" in refused.value.message_vi
    assert sorted(p.name for p in deep.iterdir()) == ["a.txt"]


@pytest.mark.parametrize(
    ("entry", "cell", "label"),
    [("consolidate", "OutputFile", "Tệp kết quả"), ("make_lists", "ListsFile", "Tệp danh sách")],
)
def test_the_buttons_say_it_naming_the_cell_before_reading(
    tmp_path: Path, short_paths: None, entry: str, cell: str, label: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    deep = _deep(tmp_path, 220)
    monkeypatch.chdir(tmp_path)  # the remote engine's book has no folder: the current one
    for reads in ("toolkit.pipeline.consolidate", "toolkit.worklists.build_work_lists"):
        monkeypatch.setattr(reads, lambda *a, **k: pytest.fail("the files were read before the refusal"))
    # The lists file is written alone, under a shorter temporary name: a longer name is too long.
    target = deep / ("kq.xlsx" if cell == "OutputFile" else "k" * 40 + ".xlsx")
    values = {"InputFolder": str(folder), "CutoffDate": CUTOFF, cell: str(target)}
    data = book_json(DEFAULT_TARGET, values, registry=REGISTRY)
    button = caller_book(data)
    getattr(excel, entry)()
    status = " ".join(Replay(data, button.json()["actions"]).status().split())
    assert (
        f"{label} (ô “{label}”, {setting_place(cell)}) “{target}” có đường dẫn quá dài".lower()
        in status.lower()
    ), status
    assert f"tối đa {WINDOWS_MAX_PATH} ký tự" in status, status
    assert list(deep.iterdir()) == []


def test_upgrade_skips_a_file_whose_copy_would_be_too_long_and_upgrades_the_others(
    tmp_path: Path, short_paths: None
) -> None:
    """`upgrade` writes its copies together at the end: a copy too long to write failed them all
    after every file was read; it is said as that file's reason, before it is read."""
    from helpers_validate import clean_info, write_old

    old = tmp_path / "cu"
    old.mkdir()
    short = write_old(old, "CB07.xlsx")
    long_name = "CB08_" + "x" * 60 + ".xlsx"
    write_old(old, long_name, info=clean_info(org_code="CB08", org_name="Chi bộ 8"))
    prefix = len(str(longest_written_path(Path("/a/b"), run_output=True))) - len("/a/b")  # the temporary's
    out = _deep(
        tmp_path, WINDOWS_MAX_PATH - 1 - prefix - len(short.name) - 10
    )  # CB07's copy fits, CB08's not
    run = CliRunner().invoke(main, ["upgrade", str(old), "--out", str(out)])
    said = " ".join(run.output.split())
    assert run.exit_code == 1 and "Traceback" not in run.output, run.output
    assert f"tệp mới “{out / long_name}” có đường dẫn quá dài" in said, said
    assert sorted(p.name for p in out.iterdir()) == [short.name]


def _fitting(folder: Path, written: int, suffix: str) -> Path:
    """A file in `folder` whose name ends with `suffix` and whose path is `written` characters
    shorter than the limit."""
    return folder / ("n" * (WINDOWS_MAX_PATH - written - len(str(folder)) - 1 - len(suffix)) + suffix)


def test_the_lists_file_is_measured_as_it_is_written_alone(tmp_path: Path, short_paths: None) -> None:
    """The lists file is written alone (`atomic_write_bytes`: `temp_path_for`'s shorter prefix),
    not as a run's output: a path whose real temporary fits was refused with a made-up length
    (hunt63 #1), by `ward-stats lists` and the Danh sách button's check alike."""
    from toolkit.outputs.publish import SUBMISSION_INPUT
    from toolkit.outputs.worklists import check_lists_target

    folder = tmp_path / "bai_nop"
    write_ward(folder)
    deep = _deep(tmp_path, 200)
    prefix = len(str(longest_written_path(Path("/a/b")))) - len("/a/b")  # `temp_path_for`'s
    target = _fitting(deep, prefix, ".xlsx")  # its temporary is 259 characters long
    assert len(str(longest_written_path(target))) == WINDOWS_MAX_PATH
    assert len(str(longest_written_path(target, run_output=True))) > WINDOWS_MAX_PATH
    check_lists_target(target, "Tệp danh sách", dict.fromkeys(folder.iterdir(), SUBMISSION_INPUT))
    run = CliRunner().invoke(main, ["lists", str(folder), "--cutoff", DAY, "-o", str(target)])
    assert run.exit_code in (0, 1) and target.is_file(), run.output
    assert sorted(p.name for p in deep.iterdir()) == [target.name]  # nothing else left


def test_a_history_too_long_is_a_warning_measured_by_its_journal_and_the_outputs_are_written(
    tmp_path: Path, short_paths: None
) -> None:
    """The history (SQLite, changed in place) was measured as a run's output and stopped the
    whole consolidation, named “--history” even when it was the default (hunt63 #2). What SQLite
    writes beside it is `<name>-journal`: a history whose journal fits is used; one whose
    journal is too long is the history's warning, named as the other history warnings name the
    file, and the outputs are written."""
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    deep = _deep(tmp_path, 200)
    fits = _fitting(deep, len("-journal"), ".sqlite")  # its journal: 259 characters
    out = tmp_path / "kq.xlsx"
    command = ["consolidate", str(folder), "--cutoff", DAY, "-o", str(out)]
    run = CliRunner().invoke(main, [*command, "--history", str(fits)])
    assert run.exit_code in (0, 1) and "Traceback" not in run.output, run.output
    assert out.is_file() and fits.is_file() and "lần tổng hợp số 1." in run.output, run.output
    out.unlink()
    too_long = deep / ("l" + fits.name)  # its journal: 260 characters
    run = CliRunner().invoke(main, [*command, "--history", str(too_long)])
    said = " ".join(run.output.split())
    assert run.exit_code in (0, 1) and "Traceback" not in run.output, run.output
    assert out.is_file() and not too_long.exists(), run.output
    assert f"Tệp lịch sử “{too_long}” có đường dẫn quá dài để ghi trên máy này" in said, said
    assert f"“{too_long.name}-journal” cùng thư mục có đường dẫn dài {WINDOWS_MAX_PATH + 1} ký tự" in said
    assert "ít nhất 1 ký tự" in said and "không được ghi vào lịch sử" in said, said
    assert "--history “" not in said and "Lỗi:" not in said, said
    with zipfile.ZipFile(out) as book:  # the warning is in the outputs too
        assert any(b"history.path_too_long" in book.read(n) for n in book.namelist()), "no warning"
    assert sorted(p.name for p in deep.iterdir()) == [fits.name]
    # The default history beside -o (17 characters longer than “a.xlsx”) no longer stops a run
    # whose -o fits.
    run_prefix = len(str(longest_written_path(Path("/a/b"), run_output=True))) - len("/a/b")
    beside = _deep(tmp_path / "o", WINDOWS_MAX_PATH - run_prefix - 1 - len("a.xlsx")) / "a.xlsx"
    assert long_path_problem(beside, run_output=True) is None
    assert long_path_problem(beside.with_name("lich_su_tong_hop.sqlite"), run_output=True) is not None
    run = CliRunner().invoke(main, ["consolidate", str(folder), "--cutoff", DAY, "-o", str(beside)])
    assert run.exit_code in (0, 1) and beside.is_file(), run.output
    assert beside.with_name("lich_su_tong_hop.sqlite").is_file(), run.output


def test_a_run_of_100_files_or_more_is_measured_with_its_longer_indices(
    tmp_path: Path, short_paths: None
) -> None:
    """`_longest_tag` assumed two-digit indices: a target of a run of 150 files passed the check
    and its temporary (`…-120of150f0-…`) was over the limit, failing the whole set at the write
    (hunt63 #4)."""
    from toolkit.core.model import new_run_id
    from toolkit.outputs.publish import check_outputs

    two_digits = len(str(longest_written_path(Path("/a/b"), run_output=True))) - len("/a/b")
    deep = _deep(tmp_path, 150)
    targets = [_fitting(deep, two_digits, f"{i:03d}.xlsx") for i in range(150)]
    assert long_path_problem(targets[0], run_output=True) is None  # fits with two-digit indices
    real = run_temp_name(targets[120], new_run_id(dt.datetime.now()), 120, 150, 0)
    assert len(str(real)) > WINDOWS_MAX_PATH  # not with three
    with pytest.raises(OutputError, match="có đường dẫn quá dài") as refused:
        check_outputs(((t, "biểu mẫu") for t in targets), {})
    assert f"Biểu mẫu “{targets[0]}”" in refused.value.message_vi
    assert long_path_problem(targets[0], run_output=True, outputs=150) is not None
    check_outputs(((t, "biểu mẫu") for t in targets[:99]), {})  # 99 files: two digits, they fit


def test_validate_checks_the_longest_feedback_path_before_reading(
    tmp_path: Path, short_paths: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`validate --feedback` read and judged every file before refusing a feedback path too
    long, naming the first file's, not the one that needs the most (hunt63 #5): the names come
    from the files' names, so the longest is measured before anything is read."""
    folder = tmp_path / "bai_nop"
    cb01, cb02 = write_ward(folder)
    longer = cb02.rename(folder / ("CB02_chi_bo_" + "k" * 40 + ".xlsx"))
    monkeypatch.setattr(
        "toolkit.validation.validate_read",
        lambda *a, **k: pytest.fail("the files were read before the refusal"),
    )
    feedback = _deep(tmp_path, 200) / "phan_hoi"
    worst = feedback / f"{longer.stem}_kiem_tra.xlsx"
    written = len(str(longest_written_path(worst, run_output=True)))
    assert (
        len(str(longest_written_path(feedback / f"{cb01.stem}_kiem_tra.xlsx", run_output=True)))
        > WINDOWS_MAX_PATH
    )
    run = CliRunner().invoke(main, ["validate", str(folder), "--cutoff", DAY, "--feedback", str(feedback)])
    said = " ".join(run.output.split())
    assert run.exit_code == 2 and "Traceback" not in run.output, run.output
    assert f"Tệp phản hồi “{worst}” có đường dẫn quá dài" in said, said
    assert f"dài {written} ký tự" in said and f"ít nhất {written - WINDOWS_MAX_PATH} ký tự" in said, said
    assert not feedback.exists()


def test_the_folders_beside_the_workbook_are_said_to_move_with_it(
    tmp_path: Path, short_paths: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`nang_cap` and `phan_hoi` are the buttons' folders beside the .xlsm, which no cell
    chooses: a path too long there is fixed by moving the working folder (or shortening the
    submission's name), not by "choosing a shorter folder" (hunt67 #4). `--out` and
    `--feedback` are chosen: their advice stays the folder's."""
    from helpers_validate import write_old

    old = tmp_path / "cu"
    old.mkdir()
    long_name = "CB08_" + "x" * 60 + ".xlsx"
    write_old(old, long_name)
    work = _deep(tmp_path, 190)  # nang_cap/<long name> beside it is too long, the .xlsm fits
    monkeypatch.chdir(work)  # the remote engine's book has no folder: the current one
    data = book_json(DEFAULT_TARGET, {"InputFolder": str(old)})
    button = caller_book(data)
    excel.upgrade()
    status = " ".join(Replay(data, button.json()["actions"]).status().split())
    assert f"tệp mới “{work / 'nang_cap' / long_name}” có đường dẫn quá dài" in status, status
    assert f"ký tự: {atomic.MOVE_WORKING_FOLDER}, rồi chạy lại" in status, status
    assert not (work / "nang_cap").exists()
    chosen = CliRunner().invoke(main, ["upgrade", str(old), "--out", str(work / "nang_cap")])
    said = " ".join(chosen.output.split())
    assert f"ký tự: {atomic.SHORTER_FOLDER}, rồi chạy lại" in said, said
    assert "thư mục làm việc" not in said, said


def test_the_kiem_tra_button_refuses_a_feedback_too_long_and_keeps_its_sheet(
    tmp_path: Path, short_paths: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The button's feedback files go to `phan_hoi` beside the workbook: one too long is
    refused before any is made, naming the file that gets feedback, with the advice to move the
    working folder; the `Kiểm tra` sheet is written all the same. A file with nothing to fix
    gets no feedback, so its longer name is not what is measured."""
    folder = tmp_path / "bai_nop"
    cb01, cb02 = write_ward(folder)  # CB02 has an error: it gets feedback; CB01 does not
    clean = cb01.rename(folder / ("CB01_" + "s" * 80 + ".xlsx"))
    errs = cb02.rename(folder / ("CB02_" + "e" * 20 + ".xlsx"))
    work = _deep(tmp_path, 180)
    worst = work / "phan_hoi" / f"{errs.stem}_kiem_tra.xlsx"
    assert path_too_long(longest_written_path(worst, run_output=True), windows=True)
    monkeypatch.chdir(work)
    data = book_json(DEFAULT_TARGET, {"InputFolder": str(folder), "CutoffDate": CUTOFF}, registry=REGISTRY)
    button = caller_book(data)
    excel.validate()
    replay = Replay(data, button.json()["actions"])
    status = " ".join(replay.status().split())
    assert f"Tệp phản hồi “{worst}” có đường dẫn quá dài" in status, status
    assert f"ký tự: {atomic.MOVE_WORKING_FOLDER}, rồi chạy lại" in status, status
    assert clean.stem not in status, status
    assert not (work / "phan_hoi").exists()
    assert any(errs.name in " ".join(map(str, row)) for row in replay.rows("Kiểm tra")), "no Kiểm tra sheet"


def test_validate_with_the_settings_feedback_folder_says_to_move_the_working_folder(
    tmp_path: Path, short_paths: None
) -> None:
    """`validate --settings` without `--feedback` writes the workbook's `phan_hoi`: the same
    advice as the button; with `--feedback` the folder is the clerk's choice."""
    folder = tmp_path / "bai_nop"
    write_ward(folder)
    work = _deep(tmp_path, 200)
    xlsm = saved_workbook(work / "tong_hop.xlsm", registry=REGISTRY)
    run = CliRunner().invoke(main, ["validate", str(folder), "--cutoff", DAY, "--settings", str(xlsm)])
    said = " ".join(run.output.split())
    assert run.exit_code == 2 and "Traceback" not in run.output, run.output
    assert f"Tệp phản hồi “{work / 'phan_hoi'}" in said and atomic.MOVE_WORKING_FOLDER in said, said
    chosen = work / "phan_hoi_khac"
    run = CliRunner().invoke(main, ["validate", str(folder), "--cutoff", DAY, "--feedback", str(chosen)])
    said = " ".join(run.output.split())
    assert run.exit_code == 2 and atomic.SHORTER_FOLDER in said and "thư mục làm việc" not in said, said


def test_a_result_cell_too_long_is_noted_by_the_other_buttons_and_by_doctor(
    tmp_path: Path, short_paths: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Kiểm tra` does not write the result file, but notes a `Tệp kết quả` cell that `Tổng hợp`
    would refuse, as it notes any other (hunt67 #3); so does `doctor`, naming the cell."""

    folder = tmp_path / "bai_nop"
    write_ward(folder)
    deep = _deep(tmp_path, 225)
    target = deep / ("k" * 30 + ".xlsx")
    values = {"InputFolder": str(folder), "CutoffDate": CUTOFF, "OutputFile": str(target)}
    monkeypatch.chdir(tmp_path)
    data = book_json(DEFAULT_TARGET, values, registry=REGISTRY)
    button = caller_book(data)
    excel.validate()
    status = " ".join(Replay(data, button.json()["actions"]).status().split())
    assert "ô “Tệp kết quả” (sheet “Điều khiển”, ô B8) chưa đúng, cần sửa trước khi tổng hợp" in status, (
        status
    )
    from toolkit.excel.doctor import diagnose

    (tmp_path / "tmp").mkdir()
    book = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", values, registry=REGISTRY)
    said = [f.message for f in diagnose(book) if f.status == "error" and f.topic == "Ô thiết lập"]
    assert any(
        f"Tệp kết quả (ô “Tệp kết quả”, sheet “Điều khiển”, ô B8) “{target}” có đường dẫn quá dài" in m
        for m in said
    ), said
