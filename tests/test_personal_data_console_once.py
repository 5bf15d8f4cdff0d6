"""`validate --feedback --personal-data` says each privacy fact once on the console, as the
buttons do (fix366): one line after the feedback's, naming the list and the feedback files as
holding the members' values, then the advice (the list office only; each feedback file to its
own chi bộ). Before, the list's line above the list said "office only" and the feedback files'
line repeated it ("danh sách lỗi của mọi tệp thì chỉ dùng trong văn phòng", fix372). Real
submissions (`tests.helpers_excel.write_ward`: CB02 has a member's error quoting two dates),
the command through click's runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_excel import write_ward
from toolkit.cli import main
from toolkit.core.errors import OutputError
from toolkit.outputs.publish import Publication
from toolkit.outputs.status import PERSONAL_DATA_HIDDEN, PERSONAL_DATA_KEPT, listed_kept_line

OFFICIAL = "01/07/2001"  # CB02's first member's official date, quoted by the error


def _validate(tmp_path: Path, *extra: str) -> tuple[int, str]:
    folder = tmp_path / "bai_nop"
    if not folder.exists():
        write_ward(folder)
    result = CliRunner().invoke(main, ["validate", str(folder), "--cutoff", "31/03/2026", *extra])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_with_feedback_each_privacy_fact_is_said_once(tmp_path: Path) -> None:
    code, output = _validate(tmp_path, "--feedback", str(tmp_path / "ph"), "--personal-data")
    assert code == 1 and OFFICIAL in output, output
    assert output.count("dữ liệu cá nhân, đã chọn ghi") == 1, output
    assert output.count("văn phòng") == 1, output
    assert output.count("nhóm chung") == 1, output
    assert PERSONAL_DATA_KEPT not in output
    lines = output.splitlines()
    announced = next(k for k, line in enumerate(lines) if line.startswith("Tệp phản hồi cho chi bộ:"))
    # Right after the line telling the clerk to send them, naming the list and the files.
    said = lines[announced + 1]
    assert said == listed_kept_line()
    assert "danh sách lỗi" in said and "tệp phản hồi" in said and "không gửi ra ngoài" in said


def test_without_feedback_or_without_the_values_the_list_line_is_as_before(tmp_path: Path) -> None:
    _, alone = _validate(tmp_path, "--personal-data")
    assert alone.count(PERSONAL_DATA_KEPT) == 1 and listed_kept_line() not in alone
    _, hidden = _validate(tmp_path, "--feedback", str(tmp_path / "ph"), "--no-personal-data")
    assert hidden.count(PERSONAL_DATA_HIDDEN) == 1 and "văn phòng" not in hidden
    assert OFFICIAL not in hidden


def test_feedback_that_cannot_be_written_still_leaves_the_list_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The publication fails (a full disk): the feedback's line is never reached, so the list's
    line is said before the failure, once."""

    def full_disk(self: Publication) -> None:
        raise OutputError("Không ghi được tệp phản hồi: ổ đĩa đã đầy.")

    monkeypatch.setattr(Publication, "publish", full_disk)
    code, output = _validate(tmp_path, "--feedback", str(tmp_path / "ph"), "--personal-data")
    assert code == 2 and "ổ đĩa đã đầy" in output, output
    assert output.count(PERSONAL_DATA_KEPT) == 1 and listed_kept_line() not in output
    assert output.index(PERSONAL_DATA_KEPT) > output.index(OFFICIAL)
