"""The blank workbook's notes say what the import does (hunt258 L2).

Each sheet of `history blank-forms` said "Dòng tổng … có thể để trống: khi đủ các dòng con,
ward-stats cộng lại", and the totals' cells said so in a comment. Biểu 1's B.2 and C.5 have
a), b) lines but are no sum of them (a move whose scope is unknown is in neither), so with them
empty and their a), b) lines typed the import refused; and B.1's comment promised lines it
has not. The comment "Dòng tổng" is now on exactly the lines an empty cell leaves to their
lines, B.2 and C.5 say they must be typed, and the note names them. Checked against the
import itself (`indicators_from_typed`), on the workbook the command writes.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.forms.entry import (
    EntryError,
    Typed,
    entry_forms,
    form_lines,
    indicators_from_typed,
    parts_of,
    sum_lines,
)


def _blank(tmp_path: Path) -> openpyxl.Workbook:
    out = tmp_path / "nam_truoc.xlsx"
    done = CliRunner().invoke(main, ["history", "blank-forms", str(out), "--cutoff", "31/03/2025"])
    assert done.exit_code == 0, done.output
    return openpyxl.load_workbook(out)


def _comments(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, str]:
    return {row[0].value: row[2].comment.text for row in ws.iter_rows(min_row=6) if row[2].comment}


def _deduced(sheet: str, key: str, typed: list[str]) -> bool:
    """Whether the import, given 1 in each of `typed` alone, reads line `key` of `sheet`."""
    try:
        figures = indicators_from_typed({sheet: {k: Typed(1, "X") for k in typed}}, "nam_truoc.xlsx")
    except EntryError:
        return False
    return figures.lines.get(sheet, {}).get(key) is not None


def test_a_total_said_to_be_summed_is_summed_and_the_others_say_they_are_typed(tmp_path: Path) -> None:
    wb = _blank(tmp_path)
    for form in entry_forms():
        ws = wb[form.sheet_name]
        comments = _comments(ws)
        totals = {k for k, text in comments.items() if text.startswith("Dòng tổng")}
        typed_only = {k for k, text in comments.items() if text.startswith("Phải chép")}
        assert totals | typed_only == set(comments), comments
        # Every total whose comment says so is read from its lines, typed alone.
        for s in sum_lines(form):
            said = s.line.key in totals
            assert said is _deduced(form.sheet_name, s.line.key, [p.key for p in s.parts]), (
                form.sheet_name,
                s.line.key,
            )
        # Every line with a), b) lines under it that is no total is said to be typed: the
        # import does not read it from those lines.
        split = {p.whole.key: p.together for p in parts_of(form) if p.together and p.each}
        for key, lines in split.items():
            if key in totals:
                continue
            assert key in typed_only, (form.sheet_name, key)
            assert not _deduced(form.sheet_name, key, [line.key for line in lines])
        note = " ".join(str(ws["B3"].value).split())
        assert "có thể để trống: khi đủ các dòng con, ward-stats cộng lại" in note
        if typed_only:
            keys = ", ".join(
                f"{line.key} “{line.label}”" for line in form_lines(form) if line.key in typed_only
            )
            lines = "các dòng" if len(typed_only) > 1 else "dòng"
            assert f"Riêng {lines} {keys} phải chép số của biểu" in note, note
        else:
            assert "Riêng" not in note, note
    # Biểu 1 as the hunt found it: B.2 and C.5 typed only, B.1 (no lines of its own) no total.
    b1 = _comments(wb["Biểu 1-BTCTW"])
    assert sorted(k for k, text in b1.items() if text.startswith("Phải chép")) == ["B.2", "C.5"]
    assert sorted(k for k, text in b1.items() if text.startswith("Dòng tổng")) == ["B", "C"]
