"""The two sides of a move inside the ward when only one of them says so.

A move between two organisations of the ward is a `Chuyển đi` row in one file and a `Chuyển
đến` row in another, both of scope `internal`. A file of template 2026.1 has no `Phạm vi
chuyển`, and an upgraded one may not have it filled in yet: when such a row without a scope is
the other side of a row that says `internal` and has no other side of that scope (the same
person — name key and birth date —, the other kind of transfer, another file, dated within
`ONE_MOVE_DAYS`), the move is taken to be inside the ward. Validation says so at the row
without a scope (`event.transfer_scope_inferred`) and consolidation counts that row as
internal (`with_inferred_scopes`), so that the ward's figures do not count one side of a move
inside it as a member joining or leaving the ward.

`other_sides` pairs the `internal` sides one to one, and `other_side_dates` gives each the
date of its other side, where the files have one: a side without it is a member in transit
between two organisations of the ward, whom Biểu 1 counts as leaving or joining the ward
(`toolkit.stats.period`). A pair whose arrival is dated before its departure (`dates_reversed`)
is a date typed wrong in one of its rows (`event.transfer_dates_reversed`): the member was never
between the two rolls, so it is one move inside the ward whichever date is wrong, never in
transit.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from toolkit.core import vocab

# How far apart the two sides of one move may be dated and still be one move (a member who
# left for another province and came back to another organisation months later moved twice).
ONE_MOVE_DAYS = 92
INTERNAL = "internal"
OTHER_SIDE = {"transfer_out": "transfer_in", "transfer_in": "transfer_out"}

_PAIR_COLUMNS = ("unscoped", "internal")


def _no_pairs() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in _PAIR_COLUMNS})


def _dates(values: pd.Series) -> np.ndarray:
    if not pd.api.types.is_datetime64_any_dtype(values):
        values = pd.to_datetime(values, errors="coerce")
    return values.to_numpy(dtype="datetime64[ns]")


def inferred_pairs(events: pd.DataFrame, file_column: str) -> pd.DataFrame:
    """The transfers of ``events`` without a scope taken to be inside the ward: the rows of
    scope `internal` not paired with another `internal` row (as `other_sides` pairs them) are
    paired with the transfers of the other kind without a scope of the same person in another file
    (``file_column``) dated within `ONE_MOVE_DAYS`, one to one and in the order `other_sides`
    takes pairs (a possible move first, then nearest in date): a row without a scope is the
    other side of one move at most, so a duplicate or a third side has none. A row whose name
    differs only by marks one or each of the two lacks (`marks_alike`) is a candidate too, after
    the exact ones, in the phases of `phased_pairs` as `other_sides` pairs them (hunt94 #3,
    hunt100: a twin's exact other side is hers, never her sister's). The `internal` sides' own
    candidate pairs (`other_sides`') run in the same phases, not before: an exact side without
    a scope within `ONE_MOVE_DAYS` wins over a marks-alike `internal` one and over an exact one
    further apart, and H01 → H02 (2026.1) → H03 in one quarter pairs H01 with H02 and H02 with
    H03 along the timeline, not H01 with H03 (hunt102). Columns:
    ``unscoped`` (that row's index label) and ``internal`` (the label of the row that says
    so)."""
    kinds = events["event_type"]
    usable = kinds.isin(tuple(OTHER_SIDE)) & events["full_name"].notna() & events["birth_date"].notna()
    t = events.loc[usable.to_numpy(dtype=bool)]
    if t.empty:
        return _no_pairs()
    scope = t["transfer_scope"]
    inside = (scope == INTERNAL).to_numpy(dtype=bool)
    unscoped = scope.isna().to_numpy(dtype=bool)
    if not inside.any() or not unscoped.any():
        return _no_pairs()
    codes, uniques = pd.factorize(t["full_name"].to_numpy(dtype=object))
    keys = np.array([vocab.person_name_key(v) for v in uniques], dtype=object)[codes]
    sides = pd.DataFrame(
        {
            "_label": t.index.to_numpy(dtype=object),
            "_file": t[file_column].to_numpy(dtype=object),
            "_key": keys,
            "_birth": _dates(t["birth_date"]),
            "_kind": t["event_type"].to_numpy(dtype=object),
            "_date": _dates(t["event_date"]),
        }
    )
    person = ["_key", "_birth", "_kind"]
    said = sides[inside]
    wanted = said.assign(_kind=said["_kind"].map(OTHER_SIDE))
    others = sides[unscoped].rename(columns={"_label": "unscoped", "_file": "_other", "_date": "_other_date"})
    exact = wanted.merge(others[["unscoped", "_other", "_other_date", *person]], on=person)
    parts = [f for f in (exact.assign(_loose=False), _marks_alike_unscoped(wanted, others)) if not f.empty]
    if not parts:
        return _no_pairs()
    cand = pd.concat(parts, ignore_index=True)
    gap = (cand["_date"] - cand["_other_date"]).abs()
    near = (cand["_file"] != cand["_other"]) & (gap <= pd.Timedelta(days=ONE_MOVE_DAYS))
    cand = cand[near.to_numpy(dtype=bool)]
    if cand.empty:
        return _no_pairs()
    # `_kind` is the unscoped row's kind: it is the out-row when it is `transfer_out`.
    unscoped_out = (cand["_kind"] == "transfer_out").to_numpy(dtype=bool)
    # The `internal` sides' own candidate pairs (`other_sides`) run in the same phases: an
    # exact side without a scope dated within `ONE_MOVE_DAYS` wins over a marks-alike
    # `internal` one and over an exact one further apart (hunt102).
    scoped = said.rename(columns={"_file": "_owner"})
    exact_own = _same_person(scoped).assign(_loose=False)
    own = [f for f in (exact_own, _marks_alike(scoped).assign(_loose=True)) if not f.empty]
    both = pd.concat(own, ignore_index=True) if own else exact_own
    out_date = cand["_other_date"].where(unscoped_out, cand["_date"])
    in_date = cand["_date"].where(unscoped_out, cand["_other_date"])
    chosen = phased_pairs(
        np.concatenate([cand["_label"].to_numpy(dtype=object), both["_label_out"].to_numpy(dtype=object)]),
        np.concatenate([cand["unscoped"].to_numpy(dtype=object), both["_label_in"].to_numpy(dtype=object)]),
        pd.concat([out_date, both["_date_out"]], ignore_index=True),
        pd.concat([in_date, both["_date_in"]], ignore_index=True),
        np.concatenate([cand["_loose"].to_numpy(dtype=bool), both["_loose"].to_numpy(dtype=bool)]),
        np.concatenate([~unscoped_out, np.ones(len(both), dtype=bool)]),
    )
    inferred = set(zip(cand["_label"].tolist(), cand["unscoped"].tolist(), strict=True))
    chosen = [pair for pair in chosen if pair in inferred]
    return pd.DataFrame(
        {
            "unscoped": [u for _, u in chosen],
            "internal": [i for i, _ in chosen],
        },
        dtype=object,
    )


def _marks_alike_unscoped(open_: pd.DataFrame, others: pd.DataFrame) -> pd.DataFrame:
    """The candidates of `inferred_pairs` whose names differ only by marks one or each of the
    two lacks (`marks_alike`): an `internal` side ``open_`` beside a row without a scope of
    ``others`` of one birth date and the kind wanted (the distance in days is asked by the
    caller, as of the exact candidates). ``_loose`` True."""
    if open_.empty or others.empty:
        return pd.DataFrame()
    bare = ["_bare", "_birth", "_kind"]
    mine = open_.assign(_bare=[vocab.accentless_key(k) for k in open_["_key"].tolist()])
    theirs = others.assign(_bare=[vocab.accentless_key(k) for k in others["_key"].tolist()])
    wanted = theirs[["unscoped", "_other", "_other_date", "_key", *bare]]
    cand = mine.merge(wanted, on=bare, suffixes=("", "_u"))
    if cand.empty:
        return pd.DataFrame()
    alike = [marks_alike(a, b) for a, b in zip(cand["_key"].tolist(), cand["_key_u"].tolist(), strict=True)]
    return cand[np.array(alike, dtype=bool)].drop(columns=["_bare", "_key_u"]).assign(_loose=True)


def marks_alike(a: str, b: str) -> bool:
    """Whether name keys ``a`` and ``b`` (`vocab.person_name_key`) are one name typed with
    marks left out of one or of each (`vocab.marks_compatible`: “Tran Bá Luân” and “Trần Bá
    Luân”, “Đặng Van Dũng” and “Dang Văn Dung”), never another tone (“Phúc”, “Phục”), and not
    the same key: the two sides of one move inside the ward so typed in two files are paired
    within `ONE_MOVE_DAYS` (hunt83 #4, hunt94 #4)."""
    return vocab.marks_compatible(a, b)


def phased_pairs(
    first: np.ndarray,
    second: np.ndarray,
    out_date: pd.Series,
    in_date: pd.Series,
    loose: np.ndarray,
    first_is_out: np.ndarray | None = None,
) -> list[tuple[Any, Any]]:
    """Candidate pairs (as `_one_to_one` takes them; ``loose[i]`` that the two names differ
    only by marks, `marks_alike`) taken one to one in three phases, each among the sides the
    earlier ones left: first the exact pairs (one name key) dated within `ONE_MOVE_DAYS`; then
    the loose ones so dated; then the exact ones dated further apart or without a date. So two
    members of one birth date named Hòa and Hoa, each typed right, each moving inside the ward
    in one week, are each paired with their own other side, never with each other (hunt100);
    and a member who went H01→H02→H03, H02 typing the name without marks, is paired H01 with
    H02 and H02 with H03 when the two moves are further apart than `ONE_MOVE_DAYS`, not H01
    with H03 years apart (hunt94 #1). Two such moves within `ONE_MOVE_DAYS` of each other pair
    H01 with H03 in the first phase and leave H02's two rows without other sides (in transit,
    `event.internal_transfer_unmatched` at each) until H02 types the name alike."""
    loose = np.asarray(loose, dtype=bool)
    is_out = np.ones(len(first), dtype=bool) if first_is_out is None else np.asarray(first_is_out, dtype=bool)
    out_d = pd.Series(_dates(out_date))
    in_d = pd.Series(_dates(in_date))
    near = ((out_d - in_d).abs() <= pd.Timedelta(days=ONE_MOVE_DAYS)).to_numpy(dtype=bool)
    a_list, b_list = first.tolist(), second.tolist()
    taken: set[Any] = set()
    chosen: list[tuple[Any, Any]] = []
    for phase in (~loose & near, loose & near, ~loose):
        free = np.array(
            [a not in taken and b not in taken for a, b in zip(a_list, b_list, strict=True)], dtype=bool
        )
        pick = np.flatnonzero(phase & free)
        if not len(pick):
            continue
        found = _one_to_one(first[pick], second[pick], out_d.iloc[pick], in_d.iloc[pick], is_out[pick])
        for pair in found:
            taken.update(pair)
        chosen.extend(found)
    return chosen


def _one_to_one(
    first: np.ndarray,
    second: np.ndarray,
    out_date: pd.Series,
    in_date: pd.Series,
    first_is_out: np.ndarray | None = None,
) -> list[tuple[Any, Any]]:
    """Candidate pairs (``first[i]``, ``second[i]``: one person's two sides of a move, the
    out-row dated ``out_date[i]`` and the in-row ``in_date[i]``; ``first_is_out[i]`` says
    which side is the out-row, every first one when None) taken one to one, all of one phase
    of `phased_pairs`.

    First along each person's own timeline: their dated sides in date order (file order on a
    day), each paired with the next when the two are a candidate pair, as the member left one
    organisation and arrived in the next, whichever of the two rows bears the earlier date
    (H01→H02→H03 with each arrival dated a day before its departure pairs H01 with H02, not
    with H03). The sides left (a duplicate, a side without a date) are then taken in order of
    preference: a possible move (the member left on or before the day they arrived) before one
    whose arrival is dated before its departure, and either before a pair with a side without
    a date; among those, nearest in date first, then the earlier pair, then file order."""
    out_d = pd.Series(_dates(out_date))
    in_d = pd.Series(_dates(in_date))
    a_out = np.ones(len(first), dtype=bool) if first_is_out is None else np.asarray(first_is_out, dtype=bool)
    # Few rows (the internal and unscoped transfers of the people with both kinds): plain loops.
    candidates = set(zip(first.tolist(), second.tolist(), strict=True))
    when: dict[Any, Any] = {}
    parent: dict[Any, Any] = {}

    def root(x: Any) -> Any:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b, is_out, od, id_ in zip(first.tolist(), second.tolist(), a_out, out_d, in_d, strict=True):
        when[a], when[b] = (od, id_) if is_out else (id_, od)
        parent[root(a)] = root(b)
    timelines: dict[Any, list[Any]] = {}
    for node, date in when.items():
        if not pd.isna(date):
            timelines.setdefault(root(node), []).append(node)
    taken: set[Any] = set()
    chosen: list[tuple[Any, Any]] = []
    for nodes in timelines.values():
        pending = None
        for node in sorted(nodes, key=lambda n: (when[n], n)):
            pair = (pending, node) if (pending, node) in candidates else (node, pending)
            if pending is not None and pair in candidates:
                chosen.append(pair)
                taken.update(pair)
                pending = None
            else:
                pending = node
    undated = (out_d.isna() | in_d.isna()).to_numpy(dtype=bool)
    backwards = (out_d > in_d).to_numpy(dtype=bool)
    order = pd.DataFrame(
        {
            "_rank": np.where(undated, 2, np.where(backwards, 1, 0)),
            "_gap": (out_d - in_d).abs().fillna(pd.Timedelta.max),
            "_first": pd.concat([out_d, in_d], axis=1).min(axis=1),
            "_a": first,
            "_b": second,
        }
    ).sort_values(["_rank", "_gap", "_first", "_a", "_b"], kind="stable", na_position="last")
    for a, b in zip(order["_a"].tolist(), order["_b"].tolist(), strict=True):
        if a not in taken and b not in taken:
            taken.update((a, b))
            chosen.append((a, b))
    return chosen


def with_inferred_scopes(events: pd.DataFrame, file_column: str) -> pd.DataFrame:
    """``events`` with the scope of each row of `inferred_pairs` set to `internal` (a copy when
    any is; the frame itself when none is)."""
    pairs = inferred_pairs(events, file_column)
    if pairs.empty:
        return events
    out = events.copy()
    scope = out["transfer_scope"].astype(object)
    scope.loc[pd.Index(pairs["unscoped"].unique())] = INTERNAL
    out["transfer_scope"] = scope
    return out


def other_sides(events: pd.DataFrame, owner_column: str) -> np.ndarray:
    """For each row of ``events`` (by position), the position of its other side, -1 for none:
    a transfer of scope `internal` is paired with one row of the other kind, also `internal`,
    of the same person (`vocab.person_name_key` and birth date, as
    `event.internal_transfer_unmatched` matches them) in another file or organisation
    (``owner_column``), one to one: each row has at most one other side, so a member who went
    H01→H02→H01 and left H01 again has a third side without one. A possible move (the out-row
    dated on or before the in-row) is taken before one whose arrival is dated before its
    departure, and a side without a date last; among those, nearest in date first (the earlier
    pair on a tie). A row without a scope that `with_inferred_scopes` made `internal` is paired
    too. A side of one birth date dated within `ONE_MOVE_DAYS` whose name differs only by
    marks one or each of the two lacks (`_marks_alike`) is a candidate too, after the exact
    sides so dated and before the exact ones further apart (`phased_pairs`): one move typed
    “Tran Bá Luân” in one file and “Trần Bá Luân” in the other is one move inside the ward, not
    two members in transit, and two members of one birth date named Hòa and Hoa, each typed
    right, each keep their own other side (hunt100)."""
    result = np.full(len(events), -1, dtype=np.int64)
    needed = ("event_type", "event_date", "transfer_scope", "full_name", "birth_date", owner_column)
    if events.empty or any(c not in events for c in needed):
        return result
    usable = (
        events["event_type"].isin(tuple(OTHER_SIDE))
        & (events["transfer_scope"] == INTERNAL)
        & events["full_name"].notna()
        & events["birth_date"].notna()
    )
    rows = np.flatnonzero(usable.to_numpy(dtype=bool))
    if len(rows) < 2:
        return result
    t = events.iloc[rows]
    codes, uniques = pd.factorize(t["full_name"].to_numpy(dtype=object))
    keys = np.array([vocab.person_name_key(v) for v in uniques], dtype=object)[codes]
    sides = pd.DataFrame(
        {
            "_label": rows,
            "_owner": t[owner_column].to_numpy(dtype=object),
            "_key": keys,
            "_birth": _dates(t["birth_date"]),
            "_kind": t["event_type"].to_numpy(dtype=object),
            "_date": _dates(t["event_date"]),
        }
    )
    parts = [_same_person(sides).assign(_loose=False), _marks_alike(sides).assign(_loose=True)]
    parts = [f for f in parts if not f.empty]
    if not parts:
        return result
    both = pd.concat(parts, ignore_index=True)
    chosen = phased_pairs(
        both["_label_out"].to_numpy(dtype=object),
        both["_label_in"].to_numpy(dtype=object),
        both["_date_out"],
        both["_date_in"],
        both["_loose"].to_numpy(dtype=bool),
    )
    for out, in_ in chosen:
        result[int(out)], result[int(in_)] = int(in_), int(out)
    return result


def _out_in(sides: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """Each out-row of ``sides`` beside each in-row of another owner agreeing on ``on``."""
    outs = sides[(sides["_kind"] == "transfer_out").to_numpy(dtype=bool)]
    ins = sides[(sides["_kind"] == "transfer_in").to_numpy(dtype=bool)]
    both = outs.merge(ins, on=on, suffixes=("_out", "_in"))
    return both[(both["_owner_out"] != both["_owner_in"]).to_numpy(dtype=bool)]


def _same_person(sides: pd.DataFrame) -> pd.DataFrame:
    """The candidate pairs of one person: one name key and birth date."""
    return _out_in(sides, ["_key", "_birth"])


def _marks_alike(sides: pd.DataFrame) -> pd.DataFrame:
    """The candidate pairs of one birth date dated within `ONE_MOVE_DAYS` whose names differ
    only by marks one or each of them lacks (`marks_alike`: “Tran Bá Luân” out of one file,
    “Trần Bá Luân” into another, hunt83 #4; “Đặng Van Dũng” and “Dang Văn Dung”, hunt94 #4);
    never two names of another tone (Phúc and Phục). Taken after `_same_person`'s dated within
    `ONE_MOVE_DAYS` and before its others (`phased_pairs`). Validation says so at both
    rows (`event.internal_transfer_accents`), quoting both spellings, so that the name is typed
    alike."""
    if len(sides) < 2:
        return sides.iloc[:0]
    bare = sides.assign(_bare=[vocab.accentless_key(k) for k in sides["_key"].tolist()])
    both = _out_in(bare, ["_bare", "_birth"])
    if both.empty:
        return both
    gap = (both["_date_out"] - both["_date_in"]).abs()
    near = (gap <= pd.Timedelta(days=ONE_MOVE_DAYS)).to_numpy(dtype=bool)
    alike = np.array(
        [marks_alike(a, b) for a, b in zip(both["_key_out"].tolist(), both["_key_in"].tolist(), strict=True)],
        dtype=bool,
    )
    return both[near & alike]


def other_side_dates(events: pd.DataFrame, owner_column: str) -> pd.Series:
    """For each transfer of scope `internal` in ``events``, the date of its other side
    (`other_sides`). NaT for every other row and for a side whose other side is not in
    ``events`` (the member is between two organisations of the ward on the days between: on
    neither roll)."""
    result = np.full(len(events), np.datetime64("NaT"), dtype="datetime64[ns]")
    partner = other_sides(events, owner_column)
    paired = np.flatnonzero(partner >= 0)
    if len(paired):
        dates = _dates(events["event_date"])
        result[paired] = dates[partner[paired]]
    return pd.Series(result, index=events.index)


def dates_reversed(events: pd.DataFrame, other_dates: pd.Series) -> np.ndarray:
    """For each row of ``events``, whether it is a side of an internal move whose arrival is
    dated before its departure: ``other_dates`` (aligned with ``events``, `other_side_dates`)
    is before the row's own date for an out-row, after it for an in-row. The files then put
    the member on both rolls between the two days, which no move does: one of the dates is
    typed wrong (`event.transfer_dates_reversed`), and the pair is one move inside the ward,
    not a member in transit (`toolkit.stats.period`, `toolkit.stats.moves`)."""
    if events.empty:
        return np.zeros(0, dtype=bool)
    own = _dates(events["event_date"])
    other = _dates(other_dates)
    kinds = events["event_type"].to_numpy(dtype=object)
    known = ~np.isnat(own) & ~np.isnat(other)
    return known & (((kinds == "transfer_out") & (other < own)) | ((kinds == "transfer_in") & (other > own)))
