"""A killed run's files are completed only over targets unchanged since it wrote them, and a
killed `validate --feedback` leaves no stale feedback behind the next one.

A set of files killed (SIGKILL, a power cut) between two renames leaves the rest under hidden
temporary names, which the next command writing into the folder completes
(`toolkit.io.atomic.sweep_stale_temps`). After a killed `template --overwrite`, the clerk saved
a chi bộ's filled submission under the name of a template still hidden; the next command into
the folder (the blank template) renamed the killed run's empty template over it: the filled
file was gone, exit code 0, nothing said. Now a temporary file is completed only when its
target is missing or was not changed after the temporary was written; otherwise it is removed,
the target left as it is, and the command says so.

After a killed `validate --feedback`, the next one took the killed run's temporary files for
earlier feedback: its own commit then renamed them into place, deleting them by their temporary
names failed, feedback claiming errors already fixed stayed in the folder and a false "Không
xóa được tệp phản hồi cũ .~ws-tmp-…" was printed. Now the folder is tidied before earlier
feedback is judged, and a temporary name is never taken for feedback.

The runs are real processes, really killed between renames, over real workbooks.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_sets import command, run_killed_while_renaming, sigint_kept, snapshot, temps
from helpers_validate import clean_events, clean_info, clean_members, typed, write

from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.model import Organisation, Registry
from toolkit.io.atomic import TEMP_PREFIX, changed_at
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.template import submission_filename

__all__ = ["sigint_kept"]  # fixtures

KILLED_AFTER = 2  # renames done when the run is killed
REGISTRY = Registry(
    [
        Organisation(
            f"HD{n:02d}", f"Chi bộ Tổ dân phố số {n}", "chi_bo_truc_thuoc", "to_dan_pho", f"Bí thư {n}"
        )
        for n in range(1, 6)
    ]
)
TEMPLATES = sorted(submission_filename(org) for org in REGISTRY.organisations)
LEFT_AS_IS = "vì tệp này đã thay đổi sau lần chạy trước bị ngắt giữa chừng"


def _left(folder: Path) -> dict[str, bytes]:
    """The bytes a killed run left under temporary names, by the name each is to become."""
    return {
        p.name.split("-", 6)[-1]: p.read_bytes() for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)
    }


def _after_the_killed_run(folder: Path) -> None:
    """Wait until the file system's clock has passed the moment the killed run's temporary
    files were written (its timestamps move in ticks of a few milliseconds): a file written
    from now on is a later one, as the clerk's would be."""
    written = max(p.stat().st_mtime_ns for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))
    probe = folder.parent / "probe"
    while True:
        probe.write_bytes(b"")
        if probe.stat().st_mtime_ns > written:
            probe.unlink()
            return


@pytest.mark.usefixtures("sigint_kept")
@pytest.mark.parametrize("keeps_its_time", [False, True], ids=["saved", "copied_keeping_its_time"])
def test_a_filled_file_saved_under_a_killed_runs_name_is_never_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], keeps_its_time: bool
) -> None:
    """The filled file is saved (a new modification time), or copied in keeping the time it
    had (`cp -p`, `mv`; Explorer's copy keeps it too, but is created anew): either way it is
    not what the killed run judged, so its template is not renamed over it."""
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    out = tmp_path / "mau"
    done = run_killed_while_renaming(
        ["template", "--registry", str(registry), "--out", str(out), "--overwrite"], KILLED_AFTER
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    left = _left(out)
    assert len(left) == len(TEMPLATES) - KILLED_AFTER
    filled_name, *unchanged = sorted(left)
    _after_the_killed_run(out)
    info = clean_info(org_code="HD03", org_name="Chi bộ Tổ dân phố số 3")
    filled = write(tmp_path, "gui_qua_zalo.xlsx", info=info)
    if keeps_its_time:
        os.utime(filled, ns=(0, 10**18))  # sent in 2001: older than the killed run
        shutil.copy2(filled, out / filled_name)
    else:
        shutil.copyfile(filled, out / filled_name)
    assert changed_at((out / filled_name).stat()) > min(p.stat().st_mtime_ns for p in out.glob(".~ws-tmp-*"))

    code, stdout, stderr = command(["template", "--out", out], capsys)  # the blank template
    assert code == 0, stderr
    after = snapshot(out)
    assert after is not None and temps(out) == []
    assert after[filled_name] == filled.read_bytes()  # the chi bộ's file, as it was saved
    assert all(after[name] == left[name] for name in unchanged)  # the others completed
    assert sorted(after) == sorted([*TEMPLATES, "mau_chi_bo.xlsx"])
    said = [line for line in stderr.splitlines() if LEFT_AS_IS in line]
    assert said == [
        f"Lưu ý: giữ nguyên tệp \u201c{out / filled_name}\u201d {LEFT_AS_IS}; tệp mới của lần chạy "
        "ấy không được ghi đè lên tệp này mà đã bị xóa."
    ]


BIRTH = layout.MEMBERS.letter("birth_date")
FILES = 5


def _submission(folder: Path, n: int, *, error: bool) -> Path:
    """Organisation `n`'s file, clean but for a date that is none (`error`); its members are
    other people than another organisation's (birth dates `n` days later, other cards)."""
    code, later = f"CB{n:02d}", dt.timedelta(days=n)
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
    path = write(folder, f"{code}_chi_bo_to_dan_pho_so_{n}.xlsx", info=info, members=members, events=events)
    return typed(path, layout.SHEET_MEMBERS, {f"{BIRTH}2": "32/13/1990"}) if error else path


def _validate(nop: Path, fb: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(nop), "--cutoff", "31/03/2026", "--feedback", str(fb)])
    return result.exit_code, result.output


@pytest.mark.usefixtures("sigint_kept")
def test_feedback_after_a_killed_validate_leaves_no_stale_feedback(tmp_path: Path) -> None:
    nop, fb = tmp_path / "nop", tmp_path / "phan_hoi"
    nop.mkdir()
    for n in range(1, FILES + 1):
        _submission(nop, n, error=True)
    args = ["validate", str(nop), "--cutoff", "31/03/2026", "--feedback", str(fb)]
    done = run_killed_while_renaming(args, KILLED_AFTER)
    assert done.returncode == -signal.SIGKILL, done.stderr
    hidden = sorted(_left(fb))
    assert len(hidden) == FILES - KILLED_AFTER
    # The chi bộ whose feedback was still hidden corrected their files.
    for n in range(KILLED_AFTER + 1, FILES + 1):
        (nop / f"CB{n:02d}_chi_bo_to_dan_pho_so_{n}.xlsx").unlink()
        _submission(nop, n, error=False)

    code, output = _validate(nop, fb)
    assert code == 1, output
    assert "Không xóa được" not in output
    assert f"Đã xóa {FILES - KILLED_AFTER} tệp phản hồi cũ của lần kiểm tra trước" in output
    assert sorted(p.name for p in fb.iterdir()) == [
        f"CB{n:02d}_chi_bo_to_dan_pho_so_{n}_kiem_tra.xlsx" for n in range(1, KILLED_AFTER + 1)
    ]


def test_a_live_writers_temporary_file_is_never_taken_for_feedback(tmp_path: Path) -> None:
    """A temporary file of a writer still running (here: this process) is left to it: it is no
    earlier feedback to remove or replace."""
    nop, fb = tmp_path / "nop", tmp_path / "phan_hoi"
    nop.mkdir()
    _submission(nop, 1, error=True)
    assert _validate(nop, fb)[0] == 1
    (feedback,) = fb.iterdir()
    live = fb / f"{TEMP_PREFIX}r20260101T000000-0000abcd-p{os.getpid()}-0of1f0-{feedback.name}"
    shutil.copyfile(feedback, live)
    (nop / "CB01_chi_bo_to_dan_pho_so_1.xlsx").unlink()
    _submission(nop, 1, error=False)

    code, output = _validate(nop, fb)
    assert code == 0, output
    assert "Không xóa được" not in output
    assert sorted(p.name for p in fb.iterdir()) == [live.name]  # the old feedback removed, not it


@pytest.mark.usefixtures("sigint_kept")
def test_the_template_button_says_which_file_it_left_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The button “Tạo mẫu” into a folder where a killed `template --overwrite` left templates
    hidden and a chi bộ's filled file was saved under one of their names: the file is kept, and
    the status cell says so."""
    from tests.helpers_excel import REGISTRY as BOOK_REGISTRY
    from tests.helpers_excel import Replay, book_json, caller_book
    from toolkit import excel
    from toolkit.excel.build import DEFAULT_TARGET

    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")  # the remote engine's free key
    monkeypatch.chdir(tmp_path)
    registry = write_registry(BOOK_REGISTRY, tmp_path / "danh_muc.xlsx")
    out = tmp_path / "mau"
    done = run_killed_while_renaming(
        ["template", "--registry", str(registry), "--out", str(out), "--overwrite"], 1
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    filled_name = sorted(_left(out))[0]
    _after_the_killed_run(out)
    org = next(o for o in BOOK_REGISTRY.organisations if submission_filename(o) == filled_name)
    filled = write(
        tmp_path, "gui_qua_zalo.xlsx", info=clean_info(org_code=org.org_code, org_name=org.org_name)
    )
    shutil.copyfile(filled, out / filled_name)

    data = book_json(DEFAULT_TARGET, {"TemplateFolder": str(out)}, registry=BOOK_REGISTRY)
    book = caller_book(data)
    excel.make_templates()
    status = Replay(data, book.json()["actions"]).status()
    assert (out / filled_name).read_bytes() == filled.read_bytes()
    assert temps(out) == []
    assert f"giữ nguyên tệp \u201c{out / filled_name}\u201d {LEFT_AS_IS}" in status, status
