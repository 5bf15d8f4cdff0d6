"""A check that crashes never makes issues disappear.

Every check runs inside a guard: a per-file check that raises is run again on fewer files
until the files it fails on are found (`file.check_failed`, naming the check), every other
file keeps its issues; a check across files that raises is one `ward.check_failed`. Every
other check still runs. The files are real workbooks with planted defects.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers_validate import CUTOFF, clean_events, clean_info, clean_members, clean_years, member, run, write

import toolkit.validation.run as runner
from tests.helpers_unexpected import Failing
from toolkit.cli_files import validation_text
from toolkit.core.model import Issue
from toolkit.io.reader import read_submission
from toolkit.pipeline import consolidate
from toolkit.validation import cross_file, members, validate_read
from toolkit.validation.context import Check, Context

ADMISSION_AGE_CODES = {"member.birth_after_admission", "member.under_18", "member.admission_over_60"}


def defective_members(name: str) -> list[dict]:
    """The clean roll with an under-18 admission, a value not in the list, and a person also
    on the other files' rolls (`Người chung`)."""
    rows = clean_members()
    rows[0]["birth_date"] = dt.date(1990, 1, 1)  # member.under_18 (admitted 2005)
    rows[1]["gender"] = "Namm"  # member.not_allowed
    rows.append(
        member(row_no=6, full_name="Người chung", birth_date=dt.date(1970, 2, 2), card_no=f"{name}-6")
    )
    return rows


def two_files_of_one_organisation(folder: Path) -> list[Path]:
    """`a.xlsx` and `b.xlsx` of CB07 (`org.duplicate_file`) and `c.xlsx` of CB08: `Người
    chung` is on all three rolls, so a member of two organisations for a and b
    (`member.duplicate_other_file`, which files of one organisation never raise between them)."""
    years = clean_years()
    years[0]["new_members_completed"] = 2  # year.completed_gt_trained
    return [
        write(folder, "a.xlsx", members=defective_members("A")),
        write(folder, "b.xlsx", members=defective_members("B"), years=years),
        write(folder, "c.xlsx", info=clean_info(org_code="CB08"), members=defective_members("C")),
    ]


def replaced(checks: tuple[Check, ...], name: str, fn: Callable[[Context], None]) -> tuple[Check, ...]:
    assert name in {c.name for c in checks}, name
    return tuple(dataclasses.replace(c, fn=fn) if c.name == name else c for c in checks)


def by_file(issues: list[Issue]) -> dict[str | None, list[Issue]]:
    out: dict[str | None, list[Issue]] = {}
    for issue in issues:
        out.setdefault(issue.file, []).append(issue)
    return out


def boom(ctx: Context) -> None:
    raise ZeroDivisionError("a bug in a rule")


def test_crashing_cross_file_check_reports_ward_check_failed_and_keeps_every_other_issue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = two_files_of_one_organisation(tmp_path)
    baseline = run(*paths).issues
    assert {"org.duplicate_file", "member.duplicate_other_file", "member.under_18"} <= {
        i.code for i in baseline
    }

    bug = Failing(lambda ctx: ZeroDivisionError("a bug in a rule"))
    monkeypatch.setattr(
        runner, "WARD_CHECKS", replaced(runner.WARD_CHECKS, cross_file.duplicate_file.name, bug)
    )
    result = run(*paths)

    failed = [i for i in result.issues if i.code == "ward.check_failed"]
    assert len(failed) == 1 and result.ward_issues == failed
    assert (failed[0].severity, failed[0].file, failed[0].sheet) == ("error", None, None)
    # The check, the type and where in the toolkit it was raised, for support (h205).
    assert f"(cross_file.duplicate_file: {bug.cause('ZeroDivisionError')})" in failed[0].message
    assert "a bug in a rule" not in failed[0].message  # exception texts may hold personal data
    expected = [i for i in baseline if i.code != "org.duplicate_file"]
    assert [i for i in result.issues if i.code != "ward.check_failed"] == expected
    assert result.has_errors
    assert any("cross_file.duplicate_file" in line for line in validation_text(result))


def test_member_check_crashing_on_one_file_fails_that_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = two_files_of_one_organisation(tmp_path)
    baseline = by_file(run(*paths).issues)
    assert all(ADMISSION_AGE_CODES & {i.code for i in baseline[p.name]} for p in paths)

    def fails_on_b(ctx: Context) -> None:
        if (ctx.members["_sub"] == 1).any():  # b.xlsx is the second submission
            bug(ctx)
        members.admission_age(ctx)

    bug = Failing(lambda ctx: KeyError("Nguyễn Văn A"))  # a bug's text may quote a member

    monkeypatch.setattr(
        runner, "FILE_CHECKS", replaced(runner.FILE_CHECKS, members.admission_age.name, fails_on_b)
    )
    result = run(*paths)

    got = by_file(result.issues)
    assert set(got) == {"a.xlsx", "b.xlsx", "c.xlsx"}
    assert got["a.xlsx"] == baseline["a.xlsx"] and got["c.xlsx"] == baseline["c.xlsx"]
    failed = got["b.xlsx"][0]
    assert (failed.code, failed.severity) == ("file.check_failed", "error")
    assert f"(members.admission_age: {bug.cause('KeyError')})" in failed.message, failed.message
    assert "Nguyễn" not in failed.message
    assert got["b.xlsx"][1:] == [i for i in baseline["b.xlsx"] if i.code not in ADMISSION_AGE_CODES]
    assert {"org.duplicate_file", "member.duplicate_other_file", "year.completed_gt_trained"} <= {
        i.code for i in got["b.xlsx"]
    }


def test_the_failing_files_are_found_among_many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check is re-run on fewer and fewer files: only the files it fails on lose its issues."""
    paths = [write(tmp_path, f"{n}.xlsx", info=None, members=defective_members(str(n))) for n in range(5)]
    bad = {1, 4}
    baseline = by_file(run(*paths).issues)

    def fails_on_some(ctx: Context) -> None:
        if set(ctx.members["_sub"]) & bad:
            raise ValueError
        members.admission_age(ctx)

    monkeypatch.setattr(
        runner, "FILE_CHECKS", replaced(runner.FILE_CHECKS, members.admission_age.name, fails_on_some)
    )
    got = by_file(run(*paths).issues)
    for n, path in enumerate(paths):
        mine = got[path.name]
        if n in bad:
            assert [i.code for i in mine].count("file.check_failed") == 1
            assert mine[1:] == [i for i in baseline[path.name] if i.code not in ADMISSION_AGE_CODES]
        else:
            assert mine == baseline[path.name]


def test_a_check_reporting_a_code_it_did_not_declare_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, members=defective_members("A"))
    baseline = run(path).issues

    def under_18_everywhere(ctx: Context) -> None:
        ctx.flag(ctx.members, None, "member.under_18", members._M, "admission_date")

    sloppy = Check("test.sloppy", frozenset({"member.admission_over_60"}), False, under_18_everywhere)
    monkeypatch.setattr(runner, "FILE_CHECKS", (*runner.FILE_CHECKS, sloppy))
    issues = run(path).issues
    assert "file.check_failed" in {i.code for i in issues}
    failed = next(i for i in issues if i.code == "file.check_failed")
    assert "test.sloppy: UndeclaredCodeError" in failed.message
    assert [i for i in issues if i is not failed] == baseline


def test_a_submission_the_context_cannot_take_in_fails_alone(tmp_path: Path) -> None:
    """Should a submission's own data break the batch (a hand-built `Thông tin` value), that
    file fails and every other file is checked as usual."""
    good = read_submission(write(tmp_path, "a.xlsx", members=defective_members("A")))
    expected = run(tmp_path / "a.xlsx").issues
    broken = read_submission(write(tmp_path, "b.xlsx"))
    broken.info["cutoff_date"] = "không phải ngày"
    result = validate_read([good, broken], today=dt.date(2026, 4, 15))
    assert [i for i in result.issues if i.file == "a.xlsx"] == expected
    b_issues = [i for i in result.issues if i.file == "b.xlsx"]
    assert [i.code for i in b_issues] == ["file.check_failed"]
    assert "context: " in b_issues[0].message
    assert result.frames[members._M.name]["_sub"].unique().tolist() == [0]


def two_clean_files_of_one_organisation(folder: Path) -> list[Path]:
    """Two error-free files that both say `CB07`, with different people (so nothing but
    the one-file-per-organisation rule tells them apart)."""
    people = [
        {**row, "full_name": f"{row['full_name']} Bé", "card_no": row["card_no"] and f"9{row['card_no'][1:]}"}
        for row in clean_members()
    ]
    events = clean_events()
    events[0]["full_name"] = f"{events[0]['full_name']} Bé"  # the admitted person, on the roll
    events[1]["full_name"] = "Đỗ Văn Giang"
    folder.mkdir()
    return [write(folder, "a.xlsx"), write(folder, "b.xlsx", members=people, events=events)]


@pytest.mark.parametrize("rule", [boom, lambda ctx: None], ids=["crashing", "missing-the-files"])
def test_two_error_free_files_of_one_organisation_are_never_consolidated_one_over_the_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rule: Callable[[Context], None]
) -> None:
    """Should the one-file-per-organisation rule crash (`ward.check_failed`) or miss the files,
    attribution still refuses to pick one: both files get the rule's error, the organisation
    is excluded naming them, and the result is that of a working rule."""
    paths = two_clean_files_of_one_organisation(tmp_path / "phuong")
    for path in paths:  # each file alone is consolidated: its people would count
        alone = consolidate([path], cutoff=CUTOFF)
        assert (alone.count("consolidated"), alone.indicators["members.total"]) == (1, 5)
    baseline = consolidate([tmp_path / "phuong"], cutoff=CUTOFF)

    monkeypatch.setattr(
        runner, "WARD_CHECKS", replaced(runner.WARD_CHECKS, cross_file.duplicate_file.name, rule)
    )
    result = consolidate([tmp_path / "phuong"], cutoff=CUTOFF)

    assert [(s.file, s.consolidated) for s in result.sources] == [("a.xlsx", False), ("b.xlsx", False)]
    assert [(o.org_code, o.status) for o in result.organisations] == [("CB07", "excluded")]
    assert result.indicators["members.total"] == 0
    duplicate = [i for i in result.issues if i.code == "org.duplicate_file"]
    assert [(i.file, i.severity, i.org_code) for i in duplicate] == [
        ("a.xlsx", "error", "CB07"),
        ("b.xlsx", "error", "CB07"),
    ]
    assert "b.xlsx" in duplicate[0].message and "a.xlsx" in duplicate[1].message
    crashed = [i for i in result.issues if i.code == "ward.check_failed"]
    assert len(crashed) == (1 if rule is boom else 0)
    assert [i for i in result.issues if i not in crashed] == baseline.issues
    untimed = [[dataclasses.replace(s, seconds=0) for s in r.sources] for r in (result, baseline)]
    assert untimed[0] == untimed[1]
    assert result.organisations == baseline.organisations


@pytest.mark.parametrize("rule", [boom, lambda ctx: None], ids=["crashing", "missing-the-files"])
def test_the_work_lists_never_use_two_error_free_files_of_one_organisation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rule: Callable[[Context], None]
) -> None:
    """The lists apply consolidation's guard too: nobody is listed twice because the
    one-file-per-organisation rule crashed or missed the files."""
    from toolkit.worklists import build_work_lists

    paths = two_clean_files_of_one_organisation(tmp_path / "phuong")
    assert [s.path.name for s in build_work_lists([paths[0]], cutoff=CUTOFF).used] == ["a.xlsx"]
    monkeypatch.setattr(
        runner, "WARD_CHECKS", replaced(runner.WARD_CHECKS, cross_file.duplicate_file.name, rule)
    )
    lists = build_work_lists([tmp_path / "phuong"], cutoff=CUTOFF)
    assert lists.used == []
    assert [s.path.name for s in lists.left_out] == ["a.xlsx", "b.xlsx"]
    for sub in lists.left_out:
        assert "org.duplicate_file" in {i.code for i in sub.issues if i.is_error}


# --- the checks split over two processes (batches read on several cores) ---------------------


def _parallel(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Validate as a big batch does: the checks shared with a forked child. Returns whether
    each split actually forked."""
    from toolkit.io import forked

    if not forked.can_fork():
        pytest.skip("fork is not available here")
    made: list[bool] = []
    real = runner.Forked

    def recording(make, *, enabled=True):  # type: ignore[no-untyped-def]
        child = real(make, enabled=enabled)
        made.append(child.forked)
        return child

    monkeypatch.setattr(runner, "Forked", recording)
    monkeypatch.setattr(runner, "worker_count", lambda files: 2)
    return made


def test_checks_split_over_two_processes_find_the_same_issues_in_the_same_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Three organisations, two of them sent twice: issues of files, of organisations and of members.
    info = [clean_info(org_code=f"CB0{n % 3}") for n in range(5)]
    paths = [write(tmp_path, f"{n}.xlsx", info=info[n], members=defective_members(str(n))) for n in range(5)]
    checks = runner.FILE_CHECKS
    # Whichever process takes a check, in either order of the checks.
    for order in (checks, checks[::-1]):
        monkeypatch.setattr(runner, "FILE_CHECKS", order)
        monkeypatch.setattr(runner, "worker_count", lambda files: 1)
        serial = run(*paths).issues
        made = _parallel(monkeypatch)
        assert run(*paths).issues == serial
        assert made == [True]
        assert len({i.code for i in serial}) >= 4


def _child_takes(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The file check `name` taken by the forked child, as its first (this process passes it
    by), the others by whichever process asks first (`SharedTurns`)."""
    from toolkit.io import forked

    index = [c.name for c in runner.FILE_CHECKS].index(name)
    parent = os.getpid()

    class ChildFirst(forked.SharedTurns):
        given = False

        def take(self) -> int | None:
            if os.getpid() != parent and not self.given:
                self.given = True
                return index
            taken = super().take()
            return super().take() if taken == index else taken

    monkeypatch.setattr(runner, "SharedTurns", ChildFirst)


def _ran_in(path: Path) -> set[int]:
    return {int(pid) for pid in path.read_text().split()} if path.exists() else set()


def test_a_check_crashing_in_the_child_fails_only_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [write(tmp_path, f"{n}.xlsx", info=None, members=defective_members(str(n))) for n in range(5)]
    baseline = by_file(run(*paths).issues)
    ran = tmp_path / "ran.txt"

    def fails_on_3(ctx: Context) -> None:
        with ran.open("a") as out:
            out.write(f"{os.getpid()}\n")
        if 3 in set(ctx.members["_sub"]):
            raise ValueError
        members.admission_age(ctx)

    monkeypatch.setattr(
        runner, "FILE_CHECKS", replaced(runner.FILE_CHECKS, members.admission_age.name, fails_on_3)
    )
    made = _parallel(monkeypatch)
    _child_takes(monkeypatch, members.admission_age.name)
    got = by_file(run(*paths).issues)
    assert made == [True]
    assert os.getpid() not in _ran_in(ran) and _ran_in(ran)  # the child ran it (on halves too)
    for n, path in enumerate(paths):
        if n == 3:
            assert [i.code for i in got[path.name]].count("file.check_failed") == 1
            assert got[path.name][1:] == [i for i in baseline[path.name] if i.code not in ADMISSION_AGE_CODES]
        else:
            assert got[path.name] == baseline[path.name]


def test_when_the_child_dies_its_checks_are_run_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    paths = [write(tmp_path, f"{n}.xlsx", info=None, members=defective_members(str(n))) for n in range(3)]
    baseline = run(*paths).issues
    parent = os.getpid()
    ran = tmp_path / "ran.txt"

    def dies_in_the_child(ctx: Context) -> None:
        with ran.open("a") as out:
            out.write(f"{os.getpid()}\n")
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        members.admission_age(ctx)

    monkeypatch.setattr(
        runner, "FILE_CHECKS", replaced(runner.FILE_CHECKS, members.admission_age.name, dies_in_the_child)
    )
    made = _parallel(monkeypatch)
    _child_takes(monkeypatch, members.admission_age.name)  # its first check: it dies there
    assert run(*paths).issues == baseline
    assert made == [True]
    assert parent in _ran_in(ran) and len(_ran_in(ran)) == 2  # the child died on it, then run here
    assert ADMISSION_AGE_CODES & {i.code for i in baseline}
