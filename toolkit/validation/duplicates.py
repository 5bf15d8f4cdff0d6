"""Duplicate members, in a file and across the files of a run: the same person (normalised
name and birth date) or the same card number twice.

In a file, every row after the first of a person or card is reported and names that first
row. Across files, the first row of each file is reported and names the rows of the files of
other organisations; those checks compare files with each other (`ward`). Files of one
organisation are not compared with each other: they are one submission sent more than once,
which is `org.duplicate_file` (`cross_file`), not a member of two organisations.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from toolkit.core import layout
from toolkit.validation.context import Context, check
from toolkit.validation.cross_file import org_keys
from toolkit.validation.keys import card_key

_M = layout.MEMBERS
_PERSON_KEYS = ["_key", "birth_date"]
_CARD_KEYS = ["_key"]
_COLUMNS = ["_sub", "_row", "full_name", "birth_date", "card_no"]


def _repeated(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The rows whose key appears more than once (few), in file and row order."""
    return frame[frame.duplicated(keys, keep=False)].sort_values(["_sub", "_row"], kind="stable")


def _people(ctx: Context) -> pd.DataFrame:
    """Members with a name and a birth date that another row shares, name key in `_key`."""
    m = ctx.members

    def compute() -> pd.DataFrame:
        people = m[_COLUMNS].assign(_key=ctx.name_keys(m))
        return _repeated(people[people["_key"].notna() & people["birth_date"].notna()], _PERSON_KEYS)

    return ctx.memo("people", m, compute)


def _cards(ctx: Context) -> pd.DataFrame:
    """Members with a card number that another row shares, card key in `_key`."""
    m = ctx.members

    def compute() -> pd.DataFrame:
        cards = m[_COLUMNS].assign(_key=card_key(m["card_no"]))
        return _repeated(cards[cards["_key"].notna() & (cards["_key"] != "")], _CARD_KEYS)

    return ctx.memo("cards", m, compute)


def _text(name: object) -> object:
    return "" if name is None or pd.isna(name) else name


def _repeats_in_file(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The rows that repeat an earlier row of their file, with that first row's `_first_row`
    and `_first_name`."""
    within = ["_sub", *keys]
    repeat = frame.duplicated(within, keep="first").to_numpy()
    if not repeat.any():
        return frame.iloc[:0]
    group = frame.groupby(within, sort=False).ngroup().to_numpy()
    _, first_pos = np.unique(group, return_index=True)
    first = first_pos[group[repeat]]
    return frame[repeat].assign(
        _first_row=frame["_row"].to_numpy()[first], _first_name=frame["full_name"].to_numpy()[first]
    )


def organisation_numbers(ctx: Context) -> np.ndarray:
    """An organisation number per submission: one for the files that name one organisation
    (`cross_file.org_keys`), one of its own for each file that names none."""
    numbers: dict[str, int] = {}
    out = np.empty(len(ctx.subs), dtype=np.int64)
    for index, key in enumerate(org_keys(ctx)):
        out[index] = numbers.setdefault(key, len(numbers)) if key is not None else -1 - index
    return out


def across_files(ctx: Context, frame: pd.DataFrame, keys: list[str]) -> tuple[pd.DataFrame, pd.Series]:
    """The first row of each file for every key found in the files of several organisations,
    and for each such row the first rows of the other organisations' files
    (`a.xlsx (dòng 4), b.xlsx (dòng 9)`). `frame` has `_sub`, `_row` and the `keys`, in file
    and row order; also used for the changes (`events.once_in_two_organisations`)."""
    firsts = frame.drop_duplicates(["_sub", *keys], keep="first")
    firsts = firsts.assign(_org=organisation_numbers(ctx)[firsts["_sub"].to_numpy(dtype=np.int64)])
    spread = firsts.groupby(keys, sort=False)["_org"].transform("nunique")
    shared = firsts[spread.to_numpy() > 1]
    if shared.empty:
        return shared, pd.Series(dtype=object)
    subs, rows, orgs = shared["_sub"].tolist(), shared["_row"].tolist(), shared["_org"].tolist()
    group = shared.groupby(keys, sort=False).ngroup().tolist()
    members: defaultdict[int, list[tuple[int, str]]] = defaultdict(list)
    for g, sub, row, org in zip(group, subs, rows, orgs, strict=True):
        members[g].append((org, f"{ctx.subs[sub].path.name} (dòng {row})"))
    others = [
        ", ".join(label for other, label in members[g] if other != org)
        for g, org in zip(group, orgs, strict=True)
    ]
    return shared, pd.Series(others, index=shared.index, dtype=object)


@check("member.duplicate")
def people_in_file(ctx: Context) -> None:
    if ctx.members.empty:
        return
    rows = _repeats_in_file(_people(ctx), _PERSON_KEYS)
    if rows.empty:
        return
    ctx.flag(
        rows,
        None,
        "member.duplicate",
        _M,
        "full_name",
        value=rows["full_name"],
        name=rows["full_name"],
        birth=rows["birth_date"],
        first_row=rows["_first_row"],
    )


@check("member.duplicate_card")
def cards_in_file(ctx: Context) -> None:
    if ctx.members.empty:
        return
    rows = _repeats_in_file(_cards(ctx), _CARD_KEYS)
    if rows.empty:
        return
    ctx.flag(
        rows,
        None,
        "member.duplicate_card",
        _M,
        "card_no",
        value=rows["card_no"],
        other=lambda row: f"dòng {row._first_row} (\u201c{_text(row._first_name)}\u201d)",
    )


@check("member.duplicate_other_file", ward=True)
def people_across_files(ctx: Context) -> None:
    if ctx.members.empty:
        return
    rows, others = across_files(ctx, _people(ctx), _PERSON_KEYS)
    ctx.flag(
        rows,
        None,
        "member.duplicate_other_file",
        _M,
        "full_name",
        value=rows["full_name"],
        name=rows["full_name"],
        birth=rows["birth_date"],
        other=others,
        other_hidden=others,  # another file's name and row: nobody's personal data
    )


@check("member.duplicate_card", ward=True)
def cards_across_files(ctx: Context) -> None:
    if ctx.members.empty:
        return
    rows, others = across_files(ctx, _cards(ctx), _CARD_KEYS)
    # `other` names another file's row (its name is personal in the in-file check only).
    ctx.flag(
        rows,
        None,
        "member.duplicate_card",
        _M,
        "card_no",
        value=rows["card_no"],
        other=others,
        other_hidden=others,
    )
