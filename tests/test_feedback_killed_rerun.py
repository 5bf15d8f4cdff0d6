"""`validate --feedback` run again after one killed between its renames says nothing of the
earlier feedback it writes again.

A `validate --feedback` killed (SIGKILL, a power cut) between two renames leaves the rest of its
feedback under hidden temporary names. Where the feedback of a completed earlier run is still
there under the same name, the next run removes the killed run's file and keeps that one
(`toolkit.io.atomic.sweep_stale_temps`: a file that stands alone is completed only where nothing
is). The next run then wrote that feedback again, yet said for each of them "Lưu ý: giữ nguyên
tệp …, nếu cần bản mới, hãy chạy lại": a false alarm about files it had just replaced. Now the
earlier feedback that is the run's own to replace or remove is not said to be kept; a file of
the clerk's under a feedback's name still is.

The runs are real processes, really killed between renames, over real workbooks.
"""

from __future__ import annotations

import datetime as dt
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_sets import run_killed_while_renaming, sigint_kept, temps
from helpers_validate import clean_events, clean_info, clean_members, typed, write

from toolkit.cli import main
from toolkit.core import layout
from toolkit.io.atomic import TEMP_PREFIX

__all__ = ["sigint_kept"]  # fixtures

KILLED_AFTER = 2  # renames done when the run is killed
FILES = 5
BIRTH = layout.MEMBERS.letter("birth_date")
KEPT = "Lưu ý: giữ nguyên tệp"


def _submission(folder: Path, n: int) -> Path:
    """Organisation `n`'s file, clean but for a date that is none (feedback to send); its
    members are other people than another organisation's."""
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
    return typed(path, layout.SHEET_MEMBERS, {f"{BIRTH}2": "32/13/1990"})


def _names() -> list[str]:
    return [f"CB{n:02d}_chi_bo_to_dan_pho_so_{n}_kiem_tra.xlsx" for n in range(1, FILES + 1)]


def _killed_after_a_completed_run(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """The submissions' folder and the feedback folder after a completed `validate --feedback`
    then the same one killed between its renames, with the arguments of both."""
    nop, fb = tmp_path / "nop", tmp_path / "phan_hoi"
    nop.mkdir()
    for n in range(1, FILES + 1):
        _submission(nop, n)
    args = ["validate", str(nop), "--cutoff", "31/03/2026", "--feedback", str(fb)]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 1, first.output
    assert sorted(p.name for p in fb.iterdir()) == _names()
    done = run_killed_while_renaming(args, KILLED_AFTER)
    assert done.returncode == -signal.SIGKILL, done.stderr
    # The earlier run's feedback is there under every name the killed run's hidden files take.
    assert len(temps(fb)) == FILES - KILLED_AFTER
    assert all(p.name.endswith(tuple(_names())) for p in fb.iterdir() if p.name.startswith(TEMP_PREFIX))
    return nop, fb, args


@pytest.mark.usefixtures("sigint_kept")
def test_the_rerun_after_a_killed_feedback_says_nothing_of_the_feedback_it_writes_again(
    tmp_path: Path,
) -> None:
    _, fb, args = _killed_after_a_completed_run(tmp_path)

    again = CliRunner().invoke(main, args)
    assert again.exit_code == 1, again.output
    assert KEPT not in again.output
    assert "giữ nguyên" not in again.output
    assert f"Tệp phản hồi cho chi bộ: {FILES} tệp trong thư mục" in again.output
    assert temps(fb) == []
    assert sorted(p.name for p in fb.iterdir()) == _names()


@pytest.mark.usefixtures("sigint_kept")
def test_a_clerks_file_under_a_killed_feedbacks_name_is_still_said(tmp_path: Path) -> None:
    """A file that is no feedback of this run (here: a copy of a submission saved under a
    feedback's name) is kept and said, as before."""
    nop, fb, args = _killed_after_a_completed_run(tmp_path)
    hidden = sorted(p.name.split("-", 6)[-1] for p in fb.iterdir() if p.name.startswith(TEMP_PREFIX))
    clerks = fb / hidden[0]
    clerks.write_bytes((nop / "CB01_chi_bo_to_dan_pho_so_1.xlsx").read_bytes())

    again = CliRunner().invoke(main, args)
    assert again.exit_code == 1, again.output
    said = [line for line in again.output.splitlines() if line.startswith(KEPT)]
    assert said == [line for line in said if f"\u201c{clerks}\u201d" in line] and len(said) == 1
    assert clerks.read_bytes() == (nop / "CB01_chi_bo_to_dan_pho_so_1.xlsx").read_bytes()
    assert temps(fb) == []
