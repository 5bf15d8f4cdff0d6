"""Duplicate members, in a file and across the files of a run: the same person (normalised
name and birth date) or the same card number twice.

In a file, every row after the first of a person or card is reported and names that first
row. Across files, the first row of each file is reported and names the rows of the files of
other organisations; those checks compare files with each other (`ward`). Files of one
organisation are not compared with each other: they are one submission sent more than once,
which is `org.duplicate_file` (`cross_file`), not a member of two organisations. A file's
organisation is what the file tells (`file_organisations`): its `Thông tin` code, else the code
its name names; a file of neither (its own errors say so) is compared with no other file.

A name typed once with its accents and once without them (“Phạm Quỳnh Hậu”, “Pham Quynh
Hau”), of one birth date, is two people to these checks (a person is one by name and birth
date, `vocab.person_name_key`: another tone is another name, Thủy and Thụy are two), so such a
member would be counted twice without a word: `member.name_without_accents` says it at the row
lacking accents (`vocab.lacks_accents`, whichever row comes first; of two neither of which is
the other without accents, Hoa and Hòa, at the later row), naming the other row, in a file or
in another organisation's file of the run; nothing is merged. Candidates are found by a key
without accents and the birth date (rows sharing them, at C speed).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
import pandas as pd

from toolkit.core import layout
from toolkit.core.accent_pairs import accent_pairs, numbered_organisations
from toolkit.core.rules import HIDDEN, named_files
from toolkit.core.text import file_org_key
from toolkit.validation.context import Context, check
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


def _accent_pairs(ctx: Context) -> pd.DataFrame:
    """Pairs of members (`_sub`, `_row`, `full_name`, `birth_date` and the same of the other row
    with `_other`) of one birth date whose name keys differ only by accents, this row's name the
    other's with accents left out (else this row the later), of one file or of files of
    different organisations (`accent_pairs.accent_pairs`, the rule the work lists mark such rows
    by), in file and row order, the other row's of the same file first (`_elsewhere` 0)."""
    m = ctx.members

    def compute() -> pd.DataFrame:
        _, codes, distinct = ctx.name_key_parts(m)
        subs = m["_sub"].to_numpy(np.int64)
        orgs = organisation_numbers(ctx)[subs]
        fewer, more = accent_pairs(codes, distinct, m["birth_date"].to_numpy("datetime64[D]"), subs, orgs)
        if not len(fewer):
            return m.iloc[:0][["_sub", "_row", "full_name", "birth_date"]].assign(_elsewhere=0)
        side = ["_sub", "_row", "full_name", "birth_date"]
        mine = m[side].iloc[fewer].reset_index(drop=True)
        theirs = m[side].iloc[more].reset_index(drop=True).add_suffix("_other")
        pairs = pd.concat([mine, theirs], axis=1)
        elsewhere = (pairs["_sub_other"] != pairs["_sub"]).to_numpy(dtype=np.int64)
        return (
            pairs.assign(_elsewhere=elsewhere)
            .sort_values(["_sub", "_row", "_elsewhere", "_sub_other", "_row_other"], kind="stable")
            .reset_index(drop=True)
        )

    return ctx.memo("accent_pairs", m, compute)


def _flag_accent_pairs(
    ctx: Context, pairs: pd.DataFrame, others: pd.Series, *, other_file: bool = False
) -> None:
    """`member.name_without_accents` of `pairs`; `other_file`: the other rows are another
    organisation's, whose spelling a chi bộ's feedback masks (`rules.FEEDBACK_SUFFIX`)."""
    mine: dict[str, Any] = {"other_name_feedback": HIDDEN} if other_file else {}
    ctx.flag(
        pairs,
        None,
        "member.name_without_accents",
        _M,
        "full_name",
        value=pairs["full_name"],
        name=pairs["full_name"],
        birth=pairs["birth_date"],
        other_name=pairs["full_name_other"],
        other_row=others,
        **mine,
    )


@check("member.name_without_accents")
def accents_in_file(ctx: Context) -> None:
    """A member's name that is another member's of the file, of the same birth date, with
    accents left out: said at the row lacking them, once, naming the first such row."""
    if ctx.members.empty:
        return
    pairs = _accent_pairs(ctx)
    if pairs.empty:
        return
    pairs = pairs[pairs["_elsewhere"].to_numpy() == 0].drop_duplicates(["_sub", "_row"])
    if pairs.empty:
        return
    others = pd.Series([f"dòng {r}" for r in pairs["_row_other"].tolist()], index=pairs.index, dtype=object)
    _flag_accent_pairs(ctx, pairs, others)


@check("member.name_without_accents", ward=True)
def accents_across_files(ctx: Context) -> None:
    """As `accents_in_file`, with a member of another organisation's file, for a row that its
    own file does not pair (said once): files of one organisation are one submission sent
    twice (`org.duplicate_file`), not compared."""
    if ctx.members.empty:
        return
    pairs = _accent_pairs(ctx)
    if pairs.empty:
        return
    in_file = pairs.loc[pairs["_elsewhere"].to_numpy() == 0, ["_sub", "_row"]]
    orgs = organisation_numbers(ctx)
    subs, other_subs = pairs["_sub"].to_numpy(np.int64), pairs["_sub_other"].to_numpy(np.int64)
    other_org = (orgs[subs] != orgs[other_subs]) & (subs != other_subs)
    pairs = pairs[other_org]
    if not in_file.empty:
        said = pd.MultiIndex.from_frame(in_file)
        pairs = pairs[~pd.MultiIndex.from_frame(pairs[["_sub", "_row"]]).isin(said)]
    pairs = pairs.drop_duplicates(["_sub", "_row"])
    if pairs.empty:
        return
    others = pd.Series(
        [
            f"dòng {row} của tệp {ctx.subs[sub].path.name}"
            for sub, row in zip(pairs["_sub_other"].tolist(), pairs["_row_other"].tolist(), strict=True)
        ],
        index=pairs.index,
        dtype=object,
    )
    _flag_accent_pairs(ctx, pairs, others, other_file=True)


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


def file_organisations(ctx: Context) -> list[str | None]:
    """Each submission's organisation key as far as a file tells it (`text.file_org_key`): its
    `Thông tin` code, else the code its file name names (as the attribution reads it), else
    None: a file of no known organisation may be any organisation's, its own one's too, and is
    never "another organisation" (review257 L1)."""
    codes = [o.org_code for o in ctx.registry.organisations] if ctx.registry is not None else None
    return [file_org_key(s.org_code, s.path.name, codes) for s in ctx.subs]


def organisation_numbers(ctx: Context) -> np.ndarray:
    """An organisation number per submission (`file_organisations`): one for the files of one
    organisation, a negative one of its own for each file of no known organisation, which the
    checks across files compare with no other file (`accent_pairs.numbered_organisations`).
    Before, the `Thông tin` code alone numbered them: an old copy of HD19's file whose `Thông
    tin` was renamed, or the copy `ban_sao.xlsx`, was another organisation holding every member
    of HD19's real file, and both files had `member.duplicate_other_file` at every row ("hãy
    thống nhất với tổ chức kia"), an error keeping HD19's real file out of the figures."""
    return numbered_organisations(file_organisations(ctx))


def across_files(ctx: Context, frame: pd.DataFrame, keys: list[str]) -> tuple[pd.DataFrame, pd.Series]:
    """The first row of each file for every key found in the files of several organisations,
    and for each such row the first rows of the other organisations' files
    (`a.xlsx (dòng 4), b.xlsx (dòng 9)`; the first few and how many more: `named_files`).
    `frame` has `_sub`, `_row` and the `keys`, in file and row order; also used for the changes
    (`events.once_in_two_organisations`)."""
    firsts = frame.drop_duplicates(["_sub", *keys], keep="first")
    firsts = firsts.assign(_org=organisation_numbers(ctx)[firsts["_sub"].to_numpy(dtype=np.int64)])
    # A file of no known organisation is compared with none (`organisation_numbers`).
    firsts = firsts[firsts["_org"].to_numpy() >= 0]
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
        named_files([label for other, label in members[g] if other != org])
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
        # the row is nobody's personal data: without it the masked message named no row to
        # look at (hunt190 F1: "trùng với [đã ẩn]")
        other_hidden=lambda row: f"dòng {row._first_row}",
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
