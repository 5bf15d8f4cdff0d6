"""Names that cannot be a person's name as typed: with a digit, a bracket or other signs, or a
single word (`member.name_odd`, `event.name_odd`); and a name cell holding no letter at all, a
number or signs (12.5, "(31)"), which is no name (`member.name_without_letters`,
`event.name_without_letters`, an error: the row is a person no one can recognise).

A name with its birth date is how a person is recognised between the roll and the changes and
between files (`vocab.person_name_key`): "Lê Văn An 2", "Lê Văn An (dự bị)" or "An" does not
meet "Lê Văn An" of another sheet or file, so a member on two lists is counted twice and a
change does not find its member, without a word. Titles and list numbers before a name are
dropped by the reader (`norm.name_title`); what is left here is said, not changed. The
apostrophe and the hyphen of minority names (H'Luin, Y-Moan) are a name's.
"""

from __future__ import annotations

import operator
import re
from itertools import repeat

import pandas as pd

from toolkit.core import layout
from toolkit.core.layout import SheetSpec
from toolkit.validation.context import Context, check

_DIGIT = re.compile(r"[0-9]")
# Anything in a name but letters (with their marks), spaces, the apostrophe and a hyphen
# joining two syllables: brackets, dashes and bullets, a hyphen beside a space ("Vũ Văn Lực -
# chuyển đến"), a symbol or an emoji. (A digit is said apart, first.)
_SIGN = re.compile(r"[^\w\s'\u2018\u2019\-]|_|\s-|-\s|^-|-$", re.MULTILINE)
_DIGIT_OR_SIGN = re.compile(f"{_DIGIT.pattern}|{_SIGN.pattern}", re.MULTILINE)


def _no_letter(name: object) -> bool:
    """Whether `name` (a cleaned name, or None) is text without a single letter."""
    return type(name) is str and not any(map(str.isalpha, name))


def _what(name: str) -> str | None:
    """What makes `name` no name as typed, in words; None when nothing does, or when it holds no
    letter at all (an error of its own, `*.name_without_letters`)."""
    if _no_letter(name):
        return None
    if _DIGIT.search(name):
        return "có chữ số"
    sign = _SIGN.search(name)
    if sign:
        return f"có dấu \u201c{sign.group().strip()}\u201d"
    if " " not in name:
        return "chỉ có một chữ"
    return None


def _flag(ctx: Context, frame: pd.DataFrame, code: str, spec: SheetSpec) -> None:
    if frame.empty:
        return
    names = frame["full_name"].to_numpy(dtype=object).tolist()
    if not _any_odd(names):
        return
    what = pd.Series([_what(n) if type(n) is str else None for n in names], index=frame.index, dtype=object)
    mask = what.notna().to_numpy(dtype=bool)
    ctx.flag_cells(frame, mask, code, spec, "full_name", by=what, value=frame["full_name"], what=what)


def _any_odd(names: list[object]) -> bool:
    """Whether any name has a digit, a sign or no space, looked for at once: one search over
    the names joined (a cleaned name has no line break), and one pass for the space in C."""
    try:
        strings: list[str] = names  # type: ignore[assignment]  # most often: no empty name
        joined = "\n".join(strings)
    except TypeError:  # an empty name (None)
        strings = [n for n in names if type(n) is str]
        joined = "\n".join(strings)
    if _DIGIT_OR_SIGN.search(joined):
        return True
    return not all(map(operator.contains, strings, repeat(" ")))


@check("member.name_odd", "event.name_odd")
def odd_names(ctx: Context) -> None:
    _flag(ctx, ctx.members, "member.name_odd", layout.MEMBERS)
    _flag(ctx, ctx.events, "event.name_odd", layout.EVENTS)


def _flag_no_letter(ctx: Context, frame: pd.DataFrame, code: str, spec: SheetSpec) -> None:
    if frame.empty:
        return
    names = frame["full_name"].to_numpy(dtype=object).tolist()
    if not _any_odd(names):  # a name without a letter has a digit, a sign or no space
        return
    mask = [_no_letter(n) for n in names]
    if any(mask):
        ctx.flag(frame, mask, code, spec, "full_name", value=frame["full_name"])


@check("member.name_without_letters", "event.name_without_letters")
def names_without_letters(ctx: Context) -> None:
    """A number (12.5, quoted "12,5" as Excel shows it) or signs typed as a name: no one's name,
    so the row is a person no sheet or file can meet. An error at the cell, one per cell; the
    reader kept it as typed (no list number stripped from it, `norm.name_title`)."""
    _flag_no_letter(ctx, ctx.members, "member.name_without_letters", layout.MEMBERS)
    _flag_no_letter(ctx, ctx.events, "event.name_without_letters", layout.EVENTS)
