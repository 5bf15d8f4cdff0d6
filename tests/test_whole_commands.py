"""A message's advice that gives the commands to mend the history is never cut mid-command.

Message parameters are capped at `MAX_PARAM_CHARS` (a cell or a file name must not make a
page-long message), and an advice of `core.commands` holds the history's full path once or
several times: in a folder some levels deep, the opening check's advice to remove a record typed
from last year's forms and add its workbook again ended in "… (+37 ký tự)" in the middle of the
second command (stop 75). Each parameter the history's checks fill from `core.commands` is
given here as those functions make it, for a history in a deep folder, and its message must
hold every command whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.core import commands
from toolkit.core.rules import MAX_PARAM_CHARS, MAX_WHOLE_PARAM_CHARS, WHOLE_PARAMS, make_issue

# A folder as deep as an office PC's can be: the user's documents, a year, a quarter, a copy.
DEEP = Path("/").joinpath(*[f"Thu muc cua van phong Dang uy phuong nam 2026 so {n}" for n in range(6)])
HISTORY = DEEP / commands.HISTORY_FILENAME


def _office(tmp_path: Path) -> Path:
    """A history in a deep folder beside the bundle's launchers (the longest advice: launcher
    and command)."""
    folder = tmp_path.joinpath(*[f"Thu muc van phong Dang uy phuong so {n}" for n in range(6)])
    folder.mkdir(parents=True)
    for launcher in (commands.HISTORY_LAUNCHER, commands.FORMS_IMPORT_LAUNCHER):
        (folder / launcher).write_text("@echo off\r\n", encoding="utf-8")
    return folder / commands.HISTORY_FILENAME


def _advices(history: Path) -> dict[tuple[str, str], str]:
    """Each (code, parameter) the history's checks fill from `core.commands`, as it fills it."""
    removal = commands.removal_advice(12, history)
    again = commands.typed_import_advice(commands.FORMS_FILENAME, history)
    exports, merged = commands.merge_advice(
        [(3, "Phường Tân Bình Đông"), (4, "Phường Tân Bình Tây"), (5, "Phường Tân Bình Bắc")],
        "Phường Tân Bình",
        history,
    )
    rename = commands.rename_advice("Phường Tân Bình Đông", "Phường Tân Bình", history)
    return {
        ("form.ward_opening_unchecked", "advice"): (
            f"Muốn đối chiếu: điền hai ô đó, xóa lần đó khỏi lịch sử ({removal}), thêm lại tệp "
            f"“{commands.FORMS_FILENAME}” {again}, rồi tổng hợp lại lần này."
        ),
        ("form.ward_opening_no_org_figures", "merged"): (
            f" Nếu số ấy chép nhầm, hãy sửa tệp, xóa lần đó khỏi lịch sử ({removal}), rồi thêm lại "
            f"tệp {again}."
        ),
        ("form.previous_other_orgs", "advice"): removal,
        ("form.previous_no_common_orgs", "advice"): removal,
        ("history.trend_no_common_orgs", "advice"): removal,
        ("history.other_ward_name", "advice"): rename,
        ("history.previous_one_former_ward", "exports"): exports,
        ("history.previous_one_former_ward", "command"): merged,
        ("history.other_ward_names", "exports"): exports,
        ("history.other_ward_names", "command"): merged,
    }


@pytest.mark.parametrize("office", [False, True], ids=["command only", "office folder"])
def test_every_advice_of_commands_reaches_the_message_whole(tmp_path: Path, office: bool) -> None:
    history = _office(tmp_path) if office else HISTORY
    advices = _advices(history)
    assert max(len(text) for text in advices.values()) > MAX_PARAM_CHARS  # the case that was cut
    for (code, param), text in advices.items():
        message = make_issue(code, **{param: text}).message
        assert text in message, (code, param, message[-200:])
        assert "ký tự)" not in message, (code, param)


def test_whole_parameters_are_still_freed_of_control_characters() -> None:
    """Kept whole, not raw: a ward name with an escape sequence is still made visible."""
    code, param = "history.other_ward_name", "advice"
    assert param in WHOLE_PARAMS[code]
    message = make_issue(code, **{param: "đổi tên \x1b[2J" + "x" * 2 * MAX_PARAM_CHARS}).message
    assert "\x1b" not in message
    assert "x" * 2 * MAX_PARAM_CHARS in message


# A ward name typed at length: an Excel cell's most (a paragraph pasted into the .xlsm's ward
# name cell, a JSON summary's `ward_name`), which the rename and merge commands quote whole.
LONG_WARD = "Phường Tân Bình " + "rất dài " * 4000


def test_a_page_long_ward_name_does_not_make_a_page_long_message() -> None:
    """Kept whole, the advice still has a bound (review247): the ward names in its commands are
    text typed by somebody, and a 32,000-character name made a message twice as long."""
    exports, merged = commands.merge_advice([(3, LONG_WARD), (4, LONG_WARD)], LONG_WARD, HISTORY)
    given = {
        ("history.other_ward_name", "advice"): commands.rename_advice(LONG_WARD, LONG_WARD, HISTORY),
        ("history.previous_one_former_ward", "command"): merged,
        ("history.other_ward_names", "command"): merged,
    }
    assert set(given) <= {(code, param) for code, params in WHOLE_PARAMS.items() for param in params}
    for (code, param), text in given.items():
        assert len(text) > len(LONG_WARD)
        message = make_issue(code, **{param: text}, ward=LONG_WARD, other=LONG_WARD).message
        assert len(message) < 4 * MAX_WHOLE_PARAM_CHARS, (code, param, len(message))
        assert "ký tự)" in message  # where it was cut is said


def test_a_run_after_a_page_long_ward_name_says_so_in_a_bounded_message(tmp_path: Path) -> None:
    """A real run: last year's record under a page-long ward name, this year's under the short
    one; `history.other_ward_name` advises renaming, in a message of bounded length."""
    import datetime as dt

    from tests.helpers_history import consolidated_into
    from tests.helpers_sample import sample_orgs
    from toolkit.sample.as_of import as_of
    from toolkit.sample.rows import Period

    period = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
    earlier = dt.date(2025, 3, 31)
    orgs = sample_orgs(21, [5, 4], period, prefix="HD")
    folders = {}
    for label, rows in (("2025", [as_of(o, earlier) for o in orgs]), ("2026", orgs)):
        folders[label] = tmp_path / label
        folders[label].mkdir()
        for org in rows:
            org.write(folders[label] / f"{org.organisation.org_code}.xlsx")
    history = tmp_path / commands.HISTORY_FILENAME
    consolidated_into(folders["2025"], earlier, history, tmp_path / "2025.xlsx", ward=LONG_WARD)
    summary = consolidated_into(folders["2026"], period.cutoff, history, tmp_path / "2026.xlsx")
    found = [i for i in summary["issues"] if i["code"] == "history.other_ward_name"]
    assert len(found) == 1, [i["code"] for i in summary["issues"]]
    message = found[0]["message"]
    assert "rename-ward" in message
    assert len(message) < 2 * MAX_WHOLE_PARAM_CHARS, len(message)
