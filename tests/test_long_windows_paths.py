"""An output path too long for Windows without long paths (MAX_PATH: 259 characters) failed
only at the write, after every file was read: it is refused before, naming the file (or its
cell), its length, the limit and what to do (fixS #1). The limit applies to the longest path
written, the hidden temporary file beside the target, which is longer than the target."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, REGISTRY, Replay, book_json, caller_book, write_ward
from toolkit import excel
from toolkit.cli import main
from toolkit.core.errors import OutputError
from toolkit.excel.build import DEFAULT_TARGET
from toolkit.io import atomic
from toolkit.io.atomic import WINDOWS_MAX_PATH, atomic_write_bytes, longest_written_path, path_too_long

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
    for command, label in (
        (["consolidate", str(folder), "--cutoff", DAY, "--no-history"], "Tệp kết quả -o"),
        (["lists", str(folder), "--cutoff", DAY], "Tệp danh sách -o"),
    ):
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
    values = {"InputFolder": str(folder), "CutoffDate": CUTOFF, cell: str(deep / "kq.xlsx")}
    data = book_json(DEFAULT_TARGET, values, registry=REGISTRY)
    button = caller_book(data)
    getattr(excel, entry)()
    status = " ".join(Replay(data, button.json()["actions"]).status().split())
    assert f"{label} (ô “{label}”) “{deep / 'kq.xlsx'}” có đường dẫn quá dài".lower() in status.lower(), (
        status
    )
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
