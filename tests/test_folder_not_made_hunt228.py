"""A folder that cannot be made for outputs (its parent read-only to the clerk: a shared
folder, a network drive) is said as a folder, with the folder it would be made in: not "Không
ghi được tệp “…/phan_hoi”: tệp đang mở trong chương trình khác hoặc không có quyền ghi" (a
folder called a file, open in a program), which `validate --feedback`, `template --out` and
`demo` said (hunt228 F1)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_worklists import REGISTRY, _member, submission

from tests.helpers_history import filled_history, record, run_as_user, run_cli, shared_folder
from toolkit.cli import main


def _cli(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(main, list(args))
    return done.exit_code, " ".join(done.output.split())


def _make(folder: Path) -> str:
    from toolkit.sample.ward import make_folder  # imported by the parent first

    try:
        make_folder(folder)
    except Exception as exc:  # the OutputError's words, compared by the parent
        return str(getattr(exc, "message_vi", exc))
    return "made"


def _submissions(root: Path) -> Path:
    folder = root / "bai_nop"
    cb02, _, _ = REGISTRY.organisations
    # A member admitted at five: an error, so the file gets a feedback workbook.
    submission(folder, cb02, [_member("Lê Văn An", "01/01/1990", "male", "01/01/1995", "01/01/1996")])
    return folder


def _said_as_a_folder(text: str, folder: Path, parent: Path) -> None:
    assert f"Không tạo được thư mục “{folder}”: không có quyền ghi vào thư mục “{parent}”." in text, text
    assert "tệp đang mở" not in text and "Không ghi được tệp" not in text, text
    assert "Traceback" not in text


def _validate_as_user(submissions: Path, feedback: Path, *, read_only: Path) -> tuple[int, str]:
    """`validate SUBMISSIONS --feedback FEEDBACK` run by a user who cannot write `read_only`."""
    return run_as_user(
        _cli,
        "validate",
        str(submissions),
        "--cutoff",
        "31/03/2026",
        "--feedback",
        str(feedback),
        read_only=read_only,
    )


def test_feedback_folder_in_a_read_only_folder_is_said_as_a_folder() -> None:
    with shared_folder() as root:
        submissions = _submissions(root)
        done = _cli("validate", str(submissions), "--cutoff", "31/03/2026", "--feedback", str(root / "ok"))
        assert done[0] == 1 and list((root / "ok").glob("*_kiem_tra.xlsx")), done  # imports warmed up
        locked = root / "khoa"
        locked.mkdir()
        feedback = locked / "phan_hoi"
        try:
            code, text = _validate_as_user(submissions, feedback, read_only=locked)
        finally:
            os.chmod(locked, 0o755)
        assert code == 2
        _said_as_a_folder(text, feedback, locked)
        assert not feedback.exists()


@pytest.mark.parametrize("mode", [0o444, 0o000])
def test_an_existing_feedback_folder_under_a_folder_not_entered_is_not_said_unmade(mode: int) -> None:
    """`phan_hoi` is there, but the folder above it cannot be entered (listed only, or not even
    that): it cannot be opened, and saying it could not be made sent the clerk looking for a
    folder that exists (review231 R5)."""
    with shared_folder() as root:
        submissions = _submissions(root)
        done = _cli("validate", str(submissions), "--cutoff", "31/03/2026", "--feedback", str(root / "ok"))
        assert done[0] == 1, done  # imports warmed up
        locked = root / "khoa"
        feedback = locked / "phan_hoi"
        feedback.mkdir(parents=True)
        os.chmod(feedback, 0o777)
        dummy = root / "khoa.txt"  # run_as_user's own chmod 444 (of `locked` only when that is the mode)
        dummy.write_text("x", encoding="utf-8")
        try:
            os.chmod(locked, mode)
            code, text = _validate_as_user(submissions, feedback, read_only=locked if mode else dummy)
        finally:
            os.chmod(locked, 0o755)
        assert code == 2
        said = (
            f"Không mở được thư mục “{feedback}”: không có quyền vào thư mục “{locked}”. Hãy chọn thư mục "
            "khác, hoặc xin cấp quyền vào thư mục đó, rồi chạy lại."
        )
        assert said in text, text
        assert "Không tạo được" not in text and "Traceback" not in text, text
        assert list(feedback.iterdir()) == []


def test_template_folder_in_a_read_only_folder_is_said_as_a_folder() -> None:
    with shared_folder() as root:
        assert _cli("template", "--out", str(root / "ok"))[0] == 0
        locked = root / "khoa"
        locked.mkdir()
        target = locked / "bieu_mau" / "dot_1"  # the folder named is the nearest one there
        try:
            code, text = run_as_user(_cli, "template", "--out", str(target), read_only=locked)
        finally:
            os.chmod(locked, 0o755)
        assert code == 2
        _said_as_a_folder(text, target, locked)


def test_demo_folder_in_a_read_only_folder_is_said_as_a_folder() -> None:
    from toolkit.sample.ward import make_folder  # noqa: F401 (imported before the child's setuid)

    with shared_folder() as root:
        locked = root / "khoa"
        locked.mkdir()
        try:
            said = run_as_user(_make, locked / "nop", read_only=locked)
        finally:
            os.chmod(locked, 0o755)
        assert said.startswith(
            f"Không tạo được thư mục “{locked / 'nop'}”: không có quyền ghi vào thư mục “{locked}”."
        )


def test_other_failures_keep_the_systems_reason() -> None:
    from toolkit.io.atomic import folder_failure

    exc = OSError(errno.ENOSPC, "No space left on device", "/x/phan_hoi")
    said = folder_failure(Path("/x/phan_hoi"), exc).message_vi
    assert said == "Không tạo được thư mục “/x/phan_hoi”: ổ đĩa đã đầy. Hãy xử lý rồi chạy lại."


def _remove(history: Path) -> tuple[int, str]:
    done = run_cli("history", "remove", "1", "--yes", "--history", history)
    return done.exit_code, " ".join(done.output.split())


def test_removal_whose_copies_folder_cannot_be_made_says_why() -> None:
    """`history remove` keeps a copy in `lich_su_da_xoa` beside the history first: a folder
    that cannot be made there is said with the system's reason, not as a file open in a
    program."""
    import datetime as dt

    with shared_folder() as root:
        folder = root / "lich_su"
        folder.mkdir()
        history = filled_history(folder / "h.sqlite", record(dt.date(2026, 3, 31)))
        assert _remove(filled_history(root / "thu.sqlite", record(dt.date(2026, 3, 31))))[0] == 0  # warmed up
        os.chmod(history, 0o666)
        os.chmod(folder, 0o555)
        dummy = root / "khoa.txt"
        dummy.write_text("x", encoding="utf-8")
        try:
            code, text = run_as_user(_remove, history, read_only=dummy)
        finally:
            os.chmod(folder, 0o755)
        assert code == 2
        copies = folder / "lich_su_da_xoa"
        said = f"vào thư mục “{copies}” (không có quyền ghi hoặc đọc), nên chưa xóa gì khỏi lịch sử."
        assert said in text, text
        assert "tệp đang mở" not in text
