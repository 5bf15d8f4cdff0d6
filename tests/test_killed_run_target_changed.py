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

# A template's file stands alone: a killed run's is completed only where nothing is, whatever
# the times of a file there say (a move on Windows keeps them all).
SET_LEFT_AS_IS = (
    "lần chạy trước bị ngắt giữa chừng khi chưa ghi tệp này, và tệp đang có có thể đã được đặt vào "
    "sau đó (ví dụ bài nộp được chuyển vào), nên tệp mới của lần chạy ấy không được ghi đè lên tệp "
    "này mà đã bị xóa; nếu cần bản mới, hãy chạy lại."
)


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
    said = [line for line in stderr.splitlines() if line.startswith("Lưu ý:")]
    assert said == [f"Lưu ý: giữ nguyên tệp \u201c{out / filled_name}\u201d: {SET_LEFT_AS_IS}"]


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
    assert f"giữ nguyên tệp \u201c{out / filled_name}\u201d: {SET_LEFT_AS_IS}" in status, status


@pytest.mark.usefixtures("sigint_kept")
def test_a_filled_file_moved_in_on_windows_keeping_its_times_is_never_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chi bộ's filled file, downloaded before a `template --overwrite` was killed, is then
    moved (Explorer, same drive) under a template's name still hidden. Windows keeps both the
    modification and the creation time (its `st_ctime`) on such a move: every time of the file
    predates the killed run's temporary file, so no time rule can tell it from the file that
    run judged. Linux's rename sets `st_ctime`, so Windows' view of the moved file is given to
    the sweep (its creation time: when it was downloaded). It is kept."""
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    info = clean_info(org_code="HD03", org_name="Chi bộ Tổ dân phố số 3")
    filled = write(downloads, submission_filename(REGISTRY.organisations[2]), info=info)
    created = os.lstat(filled).st_ctime_ns  # downloaded before the killed run
    out = tmp_path / "mau"
    done = run_killed_while_renaming(
        ["template", "--registry", str(registry), "--out", str(out), "--overwrite"], KILLED_AFTER
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert filled.name in _left(out)
    filled_bytes = filled.read_bytes()
    moved = out / filled.name
    os.rename(filled, moved)  # moved in, over the name the killed run's template is pending for
    real_lstat = os.lstat

    class WindowsStat:
        """The moved file as Windows sees it: created when it was downloaded."""

        def __init__(self, info: os.stat_result) -> None:
            self._info = info

        def __getattr__(self, name: str) -> object:
            return getattr(self._info, name)

        st_ctime_ns = created

    def lstat(path: str | os.PathLike[str], *args: object, **kwargs: object) -> object:
        info = real_lstat(path, *args, **kwargs)  # type: ignore[arg-type]
        return WindowsStat(info) if Path(path) == moved else info

    monkeypatch.setattr(os, "lstat", lstat)
    assert changed_at(os.lstat(moved)) < min(real_lstat(p).st_mtime_ns for p in out.glob(".~ws-tmp-*"))

    code, stdout, stderr = command(["template", "--out", out], capsys)  # the blank template
    monkeypatch.undo()
    assert code == 0, stderr
    assert moved.read_bytes() == filled_bytes  # the chi bộ's file, as it was moved in
    assert temps(out) == []
    said = [line for line in stderr.splitlines() if line.startswith("Lưu ý:")]
    assert said == [f"Lưu ý: giữ nguyên tệp \u201c{moved}\u201d: {SET_LEFT_AS_IS}"]


@pytest.mark.usefixtures("sigint_kept")
def test_a_file_there_before_a_killed_set_is_never_replaced_by_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Real files, no stand-in: templates already in the folder (an earlier registry's bí thư),
    a `template --overwrite` killed between renames, so that the files its pending templates
    were to replace predate them by every time. They stay as they are, and the command says so;
    the pending templates whose names were free are completed, and the command run again
    writes every template."""
    older = Registry(
        [
            Organisation(o.org_code, o.org_name, o.org_tier, o.sector, "Bí thư cũ")
            for o in REGISTRY.organisations
        ]
    )
    out = tmp_path / "mau"
    old_registry = write_registry(older, tmp_path / "danh_muc_cu.xlsx")
    assert command(["template", "--registry", old_registry, "--out", out], capsys)[0] == 0
    (out / TEMPLATES[-1]).unlink()  # one name free: its pending template is completed
    before = snapshot(out)
    assert before is not None
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    args = ["template", "--registry", str(registry), "--out", str(out), "--overwrite"]
    done = run_killed_while_renaming(args, KILLED_AFTER)
    assert done.returncode == -signal.SIGKILL, done.stderr
    left = _left(out)
    pending = sorted(left)
    assert pending == TEMPLATES[KILLED_AFTER:] and all(left[n] != before.get(n) for n in pending)
    written = min(p.stat().st_mtime_ns for p in out.glob(".~ws-tmp-*"))
    assert all(changed_at((out / n).stat()) < written for n in pending[:-1])

    code, stdout, stderr = command(["template", "--out", out], capsys)
    assert code == 0, stderr
    after = snapshot(out)
    assert after is not None and temps(out) == []
    assert all(after[n] == before[n] for n in pending[:-1])  # kept as they were
    assert after[pending[-1]] == left[pending[-1]]  # nothing was there: completed
    said = [line for line in stderr.splitlines() if line.startswith("Lưu ý:")]
    assert said == [f"Lưu ý: giữ nguyên tệp \u201c{out / n}\u201d: {SET_LEFT_AS_IS}" for n in pending[:-1]]

    code, stdout, stderr = command(args, capsys)  # run again: every template written
    assert code == 0, stderr
    assert "Lưu ý:" not in stderr
    assert f"Đã tạo {len(TEMPLATES)} biểu mẫu điền sẵn" in stdout


# A consolidation's outputs must agree: a killed run's are completed under the time rule, and
# when one is left as it is, the command says the folder may hold two runs' outputs.
def _killed_consolidation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, Path, str]:
    """A consolidation's workbook and JSON in place, then the same consolidation killed after
    its first rename (the new workbook in place, its JSON pending); the workbook, the JSON, a
    summary to make a report of (the next command into the folder), and the old run id."""
    from tests.helpers_sample import sample_orgs
    from toolkit.outputs.publish import run_id_of
    from toolkit.sample.rows import Period

    nop, out = tmp_path / "nop", tmp_path / "ket_qua"
    nop.mkdir()
    out.mkdir()
    for org in sample_orgs(7, [3, 4], Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))):
        org.write(nop / f"{org.organisation.org_code}.xlsx")
    workbook, summary = out / "tong_hop.xlsx", out / "tong_hop.json"
    args = ["consolidate", str(nop), "--cutoff", "31/03/2026", "-o", str(workbook), "--json", str(summary)]
    args.append("--no-history")
    assert command(args, capsys)[0] == 0
    old = run_id_of(summary)
    assert old is not None
    given = shutil.copyfile(summary, tmp_path / "tom_tat.json")
    done = run_killed_while_renaming(args, 1)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert sorted(_left(out)) == [summary.name] and run_id_of(workbook) not in (None, old)
    return workbook, summary, given, old


def _consolidate_again(folder: Path) -> str:
    """The line that says a consolidation writing into `folder` was interrupted."""
    return (
        "Lưu ý: một lần Tổng hợp trước đã bị ngắt giữa chừng khi đang ghi các tệp kết quả vào thư "
        f"mục \u201c{folder}\u201d: lần ấy không được ghi vào lịch sử tổng hợp, và các tệp kết quả "
        "tổng hợp (trong thư mục này và thư mục khác của lần ấy, nếu có) giờ có thể là của hai lần "
        "tổng hợp khác nhau; hãy chạy lại Tổng hợp (nút \u201cTổng hợp\u201d hoặc lệnh ward-stats "
        "consolidate) để các tệp khớp nhau."
    )


@pytest.mark.usefixtures("sigint_kept")
def test_a_killed_consolidation_is_still_completed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from toolkit.outputs.publish import outputs_agree

    workbook, summary, given, old = _killed_consolidation(tmp_path, capsys)
    code, stdout, stderr = command(["report", given, "-o", workbook.parent / "bao_cao.md"], capsys)
    assert code == 0, stderr
    assert temps(workbook.parent) == []
    assert outputs_agree(workbook, summary)  # the killed run's JSON completed beside its workbook
    # …a run the history never recorded: the clerk is told to consolidate again.
    said = [line for line in stderr.splitlines() if line.startswith("Lưu ý:")]
    assert said == [_consolidate_again(workbook.parent)]


@pytest.mark.usefixtures("sigint_kept")
def test_a_consolidation_left_half_done_says_to_consolidate_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The JSON's permissions changed after the kill (a metadata change, as a copy keeping its
    times is): it is kept, so the folder holds the new workbook and the old JSON, and the
    command says that they may come from two runs and to consolidate again."""
    from toolkit.outputs.publish import outputs_agree, run_id_of

    workbook, summary, given, old = _killed_consolidation(tmp_path, capsys)
    _after_the_killed_run(workbook.parent)
    summary.chmod(0o600 if summary.stat().st_mode & 0o777 != 0o600 else 0o644)
    code, stdout, stderr = command(["report", given, "-o", workbook.parent / "bao_cao.md"], capsys)
    assert code == 0, stderr
    assert temps(workbook.parent) == []
    assert run_id_of(summary) == old and not outputs_agree(workbook, summary)
    said = [line for line in stderr.splitlines() if line.startswith("Lưu ý:")]
    assert said == [
        f"Lưu ý: giữ nguyên tệp \u201c{summary}\u201d {LEFT_AS_IS}; tệp mới của lần chạy ấy không được "
        "ghi đè lên tệp này mà đã bị xóa.",
        _consolidate_again(workbook.parent),
    ]


@pytest.mark.usefixtures("sigint_kept")
def test_a_template_a_command_reads_is_left_with_its_temporary_named_and_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A killed `template --overwrite` left new templates pending over templates a later
    `validate` reads: they stay as read, and the note names the temporary file as such (on
    Windows a dot file is not hidden) and says to make that file again, not to re-run some
    command it does not name."""
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    out = tmp_path / "mau"
    code, _, stderr = command(["template", "--registry", registry, "--out", out], capsys)
    assert code == 0, stderr
    done = run_killed_while_renaming(
        ["template", "--registry", str(registry), "--out", str(out), "--overwrite"], KILLED_AFTER
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    pending = sorted(_left(out))
    read = {name: (out / name).read_bytes() for name in pending}

    code, _, stderr = command(["validate", out, "--json", out / "kiem_tra.json"], capsys)
    assert code == 1, stderr  # blank templates: errors, but no traceback
    assert {name: (out / name).read_bytes() for name in pending} == read  # as validate read them
    assert sorted(_left(out)) == pending  # left for a later sweep
    notes = [line for line in stderr.splitlines() if line.startswith("Lưu ý:")]
    temp_names = sorted(p.name for p in out.iterdir() if p.name.startswith(TEMP_PREFIX))
    assert notes == [
        f"Lưu ý: giữ nguyên tệp \u201c{out / name}\u201d vì lệnh này đang đọc tệp đó: bản mới của tệp "
        "này do lần chạy trước bị ngắt giữa chừng để lại không được ghi đè lên tệp đang đọc, mà "
        f"vẫn để trong tệp tạm \u201c{temp}\u201d cùng thư mục; nếu cần bản mới của tệp này, hãy tạo "
        "lại nó (lần tạo trước đã bị ngắt giữa chừng)."
        for name, temp in zip(pending, temp_names, strict=True)
    ]
