"""Names that cannot be a person's name as typed: with a digit, a bracket or other signs, or a
single word (`member.name_odd`, `event.name_odd`).

A name with its birth date is how a person is recognised between the roll and the changes and
between files (`vocab.person_name_key`): "Lê Văn An 2", "Lê Văn An (dự bị)" or "An" does not
meet "Lê Văn An" of another sheet or file, so a member on two lists is counted twice and a
change does not find its member, without a word. Titles and list numbers before a name are
dropped by the reader (`norm.name_title`); what is left here is said, not changed. The
apostrophe and the hyphen of minority names (H'Luin, Y-Moan) are a name's.
"""

from __future__ import annotations

import re

import pandas as pd

from toolkit.core import layout
from toolkit.core.layout import SheetSpec
from toolkit.validation.context import Context, check

_DIGIT = re.compile(r"[0-9]")
_SIGN = re.compile(r"[()\[\]{}/\\,;:.?!\"“”*#@&+=_<>|]")


def _what(name: str) -> str | None:
    """What makes `name` no name as typed, in words; None when nothing does."""
    if _DIGIT.search(name):
        return "có chữ số"
    sign = _SIGN.search(name)
    if sign:
        return f"có dấu \u201c{sign.group()}\u201d"
    if " " not in name:
        return "chỉ có một chữ"
    return None


def _flag(ctx: Context, frame: pd.DataFrame, code: str, spec: SheetSpec) -> None:
    if frame.empty:
        return
    names = frame["full_name"].to_numpy(dtype=object).tolist()
    strings = [n for n in names if type(n) is str]
    # One search over the column first: a name with a space and no sign has nothing to say.
    if not strings or not _any_odd(strings):
        return
    what = pd.Series([_what(n) if type(n) is str else None for n in names], index=frame.index, dtype=object)
    mask = what.notna().to_numpy(dtype=bool)
    ctx.flag_cells(frame, mask, code, spec, "full_name", by=what, value=frame["full_name"], what=what)


_ONE_WORD = re.compile(r"^[^ \n]+$", re.MULTILINE)


def _any_odd(names: list[str]) -> bool:
    """Whether any name has a digit, a sign or no space: the names one a line (a cleaned name
    has no line break), searched at once."""
    joined = "\n".join(names)
    return bool(_DIGIT.search(joined) or _SIGN.search(joined) or _ONE_WORD.search(joined))


@check("member.name_odd", "event.name_odd")
def odd_names(ctx: Context) -> None:
    _flag(ctx, ctx.members, "member.name_odd", layout.MEMBERS)
    _flag(ctx, ctx.events, "event.name_odd", layout.EVENTS)
