"""A change dated after the cut-off belongs to the next period, and the roll is the roll at the
cut-off, before it (hunt121 F1). Files are often filled days after the cut-off: a member who
died on 05/04/2026, with the cut-off 31/03/2026, was a member at the cut-off.

- On the roll, the death written on `Biến động`: `event.after_cutoff` only (the row belongs to
  the next period), never `event.left_still_on_roll`'s "take them off the roll".
- Taken off the roll: `event.left_after_cutoff_not_on_roll` says to put them back; deleting the
  change row alone (the only advice before) left the file passing one member short.
- The joining side: a person moved in after the cut-off and already on the roll is
  `event.joined_after_cutoff_on_roll` (one member too many).

The workbooks are the real template (`helpers_validate`): the clean organisation (5 members,
cut-off 31/03/2026, period from 01/01/2025), with rows planted; the figures are the
consolidation's (`members.total`) and the statistics' of the file as read.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from helpers_validate import CUTOFF, PERIOD_START, clean_events, clean_members, codes, only, run, write

from toolkit.core import layout, vocab
from toolkit.core.rules import HIDDEN, RULES
from toolkit.io.reader import read_submission
from toolkit.pipeline import consolidate
from toolkit.stats.indicators import compute_org_indicators

LEFT_ON_ROLL = "event.left_still_on_roll"
AFTER = "event.after_cutoff"
BEFORE = "event.outside_period"
NOT_ON_ROLL = "event.left_after_cutoff_not_on_roll"
ON_ROLL = "event.joined_after_cutoff_on_roll"
LATER = dt.date(2026, 4, 5)
HƯỜNG = {"full_name": "Trần Thị Hường", "birth_date": dt.date(1982, 11, 3)}

AFTER_TEXT = (
    "Dòng 4, cột “Ngày” (ô E4): Ngày 05/04/2026 sau ngày chốt số liệu 31/03/2026: biến động này thuộc kỳ "
    "sau, không tính vào kỳ này. Sheet “Đảng viên” ghi danh sách tại ngày chốt, tức là trước biến động "
    "này: người chuyển đi, từ trần, ra khỏi Đảng sau ngày chốt vẫn ghi ở đó; người được kết nạp, chuyển "
    "đến sau ngày chốt thì chưa ghi. Hãy xóa dòng này và ghi biến động ở tệp của kỳ sau."
)


def _change(kind: str, on: dt.date = LATER, who: dict[str, Any] = HƯỜNG, **more: Any) -> dict[str, Any]:
    return {"row_no": 3, **who, "event_type": kind, "event_date": on, **more}


def _roll(*, without: str | None = None, extra: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    return [m for m in clean_members() if m["full_name"] != without] + (extra or [])


def _members_total(path: Path) -> int | None:
    """The consolidation's members at the cut-off of the one organisation, None when its file
    is left out (it has errors)."""
    [org] = consolidate([path.parent], cutoff=CUTOFF, since=PERIOD_START).organisations
    return None if org.status != "consolidated" else int(org.indicators["members.total"])


def _figures(path: Path) -> dict[str, int | float]:
    """The statistics of the file as read, whatever its issues."""
    sub = read_submission(path)
    return compute_org_indicators(
        sub.members, sub.events, sub.years, cutoff=CUTOFF, period_start=PERIOD_START
    )


def test_a_death_after_the_cutoff_of_a_member_on_the_roll_is_not_said_to_go(tmp_path: Path) -> None:
    """(a) The member stays on the roll: only the row is out of this period, and its message
    says it is after the cut-off (the cut-off shown when the row's date is masked)."""
    path = write(tmp_path, events=[*clean_events(), _change("died")])
    issues = run(path).issues
    assert LEFT_ON_ROLL not in codes(issues) and NOT_ON_ROLL not in codes(issues), codes(issues)
    assert BEFORE not in codes(issues)
    issue = only(issues, AFTER)
    assert (issue.severity, issue.sheet, issue.cell) == ("error", layout.SHEET_EVENTS, "E4")
    assert issue.message == AFTER_TEXT
    assert unicodedata.is_normalized("NFC", issue.message)
    masked = issue.without_personal_data().message
    assert "05/04/2026" not in masked and "sau ngày chốt số liệu 31/03/2026" in masked, masked
    # The member is counted at the cut-off; the death is no change of this period.
    figures = _figures(path)
    assert figures["members.total"] == 5 and figures["changes.died.total"] == 1  # the clean 2025 death
    # Following the advice (the row deleted, the member kept) gives the right figure.
    (tmp_path / "fixed").mkdir()
    assert _members_total(write(tmp_path / "fixed")) == 5


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        ("died", {}),
        ("transfer_out", {"transfer_scope": "other_province"}),
        ("transfer_out", {"transfer_scope": "internal"}),
        ("struck_off", {"strike_ground": vocab.STRIKE_GROUND.codes[0]}),
        ("expelled", {}),
        ("resigned", {}),
    ],
)
def test_a_member_taken_off_the_roll_for_a_change_after_the_cutoff_is_asked_back(
    tmp_path: Path, kind: str, extra: dict[str, Any]
) -> None:
    """(b) The member taken off the roll, the change written: an error at the change's name,
    saying they were a member at the cut-off; the roll as written is one short."""
    changes = [*clean_events(), _change(kind, **extra)]
    path = write(tmp_path, members=_roll(without="Trần Thị Hường"), events=changes)
    issues = run(path).issues
    issue = only(issues, NOT_ON_ROLL)
    assert RULES[NOT_ON_ROLL].severity == "error" and issue.severity == "error"
    assert (issue.sheet, issue.cell, issue.column) == (layout.SHEET_EVENTS, "B4", "Họ và tên")
    label = {"died": "Từ trần", "transfer_out": "Chuyển đi"}.get(kind)
    if label is not None:
        assert issue.message == (
            f"Dòng 4, cột “Họ và tên” (ô B4): “Trần Thị Hường” có biến động “{label}” ngày 05/04/2026, "
            "sau ngày chốt số liệu 31/03/2026, nhưng không có trong sheet “Đảng viên”. Tại ngày chốt "
            "người này vẫn là đảng viên của tổ chức, nên số đảng viên tính ra sẽ thiếu một người. Hãy ghi "
            "lại người này vào sheet “Đảng viên” của kỳ này, và ghi biến động này ở tệp của kỳ sau."
        )
    masked = issue.without_personal_data().message
    assert "Trần Thị Hường" not in masked and "05/04/2026" not in masked and masked.count(HIDDEN) == 3
    assert "31/03/2026" in masked
    assert AFTER in codes(issues) and LEFT_ON_ROLL not in codes(issues)
    assert _figures(path)["members.total"] == 4  # what the file says: one short


def test_following_the_advice_gives_the_members_at_the_cutoff(tmp_path: Path) -> None:
    """The member put back and the row deleted: the file passes with the five members; the row
    deleted alone (the old advice) is no longer a file that passes silently one short."""
    path = write(tmp_path, members=_roll(without="Trần Thị Hường"), events=[*clean_events(), _change("died")])
    assert _members_total(path) is None  # left out, for its errors
    (tmp_path / "fixed").mkdir()
    fixed = write(tmp_path / "fixed")
    assert codes(run(fixed).issues) == []
    assert _members_total(fixed) == 5


def test_a_member_already_off_the_roll_at_the_cutoff_is_not_asked_back(tmp_path: Path) -> None:
    """Moved away in the period, then a death after the cut-off written too: off the roll at the
    cut-off by the file's own change, nothing to put back."""
    moved = _change("transfer_out", dt.date(2026, 2, 1), transfer_scope="other_province")
    died = {**_change("died"), "row_no": 4}
    path = write(tmp_path, members=_roll(without="Trần Thị Hường"), events=[*clean_events(), moved, died])
    issues = run(path).issues
    assert NOT_ON_ROLL not in codes(issues) and LEFT_ON_ROLL not in codes(issues), codes(issues)
    assert [i.cell for i in issues if i.code == AFTER] == ["E5"]


def test_a_departure_in_the_period_is_read_without_the_later_return(tmp_path: Path) -> None:
    """Moved away on 01/03/2026, back on 10/04/2026 (after the cut-off), and kept on the roll: at
    the cut-off the member was not on it; the return after it does not hide that."""
    moved = _change("transfer_out", dt.date(2026, 3, 1), transfer_scope="other_province")
    back = {**_change("transfer_in", dt.date(2026, 4, 10), transfer_scope="other_province"), "row_no": 4}
    path = write(tmp_path, events=[*clean_events(), moved, back])
    issue = only(run(path).issues, LEFT_ON_ROLL)
    assert issue.cell == "B3"  # Trần Thị Hường's row of the roll
    assert "“Chuyển đi” ngày 01/03/2026 (sheet “Biến động”, dòng 4)" in issue.message, issue.message


def test_a_person_moved_in_after_the_cutoff_and_on_the_roll_is_one_too_many(tmp_path: Path) -> None:
    giang = {"full_name": "Đỗ Thị Giang", "birth_date": dt.date(1988, 3, 3)}
    arrived = _change("transfer_in", who=giang, transfer_scope="other_province")
    on_roll = [
        {
            **clean_members()[1],
            **giang,
            "row_no": 6,
            "card_no": "01234571",
            "admission_date": dt.date(2012, 5, 5),
            "official_date": dt.date(2013, 5, 5),
        }
    ]
    path = write(tmp_path, members=_roll(extra=on_roll), events=[*clean_events(), arrived])
    issues = run(path).issues
    issue = only(issues, ON_ROLL)
    assert (issue.severity, issue.cell) == ("error", "B4")
    assert issue.message == (
        "Dòng 4, cột “Họ và tên” (ô B4): “Đỗ Thị Giang” có biến động “Chuyển đến” ngày 05/04/2026, sau "
        "ngày chốt số liệu 31/03/2026, và đã có trong sheet “Đảng viên”. Tại ngày chốt người này chưa là "
        "đảng viên của tổ chức, nên số đảng viên tính ra sẽ thừa một người. Hãy xóa người này khỏi "
        "sheet “Đảng viên” của kỳ này, và ghi người này cùng biến động ở tệp của kỳ sau."
    )
    assert AFTER in codes(issues) and NOT_ON_ROLL not in codes(issues)
    assert _figures(path)["members.total"] == 6  # what the file says: one too many
    # Not on the roll, as it should be: the row alone is said.
    (tmp_path / "right").mkdir()
    right = run(write(tmp_path / "right", events=[*clean_events(), arrived])).issues
    assert codes(right) == [AFTER], codes(right)


def test_a_change_before_the_period_keeps_its_own_message(tmp_path: Path) -> None:
    who = {"full_name": "Đinh Văn Cũ", "birth_date": dt.date(1930, 1, 1)}
    old = _change("died", dt.date(2024, 6, 1), who=who)
    issue = only(run(write(tmp_path, events=[*clean_events(), old])).issues, BEFORE)
    assert issue.message == (
        "Dòng 4, cột “Ngày” (ô E4): Ngày 01/06/2024 trước kỳ số liệu (từ 01/01/2025 đến 31/03/2026): biến "
        "động này thuộc kỳ trước, không tính vào kỳ này. Chỉ ghi biến động trong kỳ."
    )


def test_a_death_after_the_cut_off_in_another_file_is_no_member_counted_twice(tmp_path: Path) -> None:
    """`event.left_in_other_file` said the ward counted a member "both on the roll and as a
    decrease" when another organisation's file wrote the death after the cut-off: no figure of
    this run counts that death (fix126's left-out case). The other file's row is
    `event.after_cutoff`; before the cut-off, the warning stays."""
    from helpers_worklists import REGISTRY, _member, submission

    from toolkit.cli import main

    cb02, cb01, _ = REGISTRY.organisations
    name, birth = "Lê Văn Một", "01/01/1970"
    roll = [_member(name, birth, "male", "01/01/1995", "01/01/1996")]
    other = [_member("Trần Văn Hai", "02/02/1972", "male", "01/01/1995", "01/01/1996")]

    def warned(on: dt.date, folder: Path) -> list[str]:
        import json

        from click.testing import CliRunner

        death = {"full_name": name, "birth_date": dt.date(1970, 1, 1), "event_type": "died", "event_date": on}
        submission(folder, cb01, roll)
        submission(folder, cb02, other, events=[death])
        summary = folder.parent / f"{folder.name}.json"
        args = ["validate", str(folder), "--cutoff", "31/03/2026", "--json", str(summary)]
        assert "Traceback" not in CliRunner().invoke(main, args).output
        return [i["code"] for i in json.loads(summary.read_text(encoding="utf-8"))["issues"]]

    after = warned(LATER, tmp_path / "sau")
    assert "event.left_in_other_file" not in after and AFTER in after, after
    before = warned(dt.date(2026, 3, 5), tmp_path / "truoc")
    assert "event.left_in_other_file" in before, before  # the check still works before the cut-off
