"""Rules of the `Thông tin` sheet beyond its cells: the period, the consolidation's cut-off,
and the organisation as the ward's registry knows it (code, tier, sector)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from toolkit.core import layout, vocab
from toolkit.core.dates import earlier_period_end
from toolkit.core.model import Organisation
from toolkit.core.rules import ORG_UNKNOWN_ADVICE, registry_code_advice, suggestion_text, suggestions_text
from toolkit.core.text import (
    clean_code,
    file_labels,
    org_code_key,
    org_code_loose_key,
    org_name_key,
    org_name_numbers,
    registry_code_to_fix,
)
from toolkit.io.normalize import fmt_date
from toolkit.io.registry import registry_fix_place
from toolkit.validation.attribution import file_name_org, points_to_registry
from toolkit.validation.context import Context, Row, check

_INFO = layout.INFO


@check("info.period")
def period(ctx: Context) -> None:
    """The period starts on or before the cut-off date."""
    info = ctx.info
    start, cutoff = info["period_start"], info["cutoff_date"]
    mask = start.notna() & cutoff.notna() & (start > cutoff)
    ctx.flag(info, mask, "info.period", _INFO, "period_start", value=start, start=start, cutoff=cutoff)


@check("info.prepared_future", "info.prepared_early")
def prepared_on(ctx: Context) -> None:
    """`Ngày lập biểu` is a day the form can have been made on (fix343), each a warning (the
    date is the form's, no figure counts it):

    - after the run's day (`info.prepared_future`): a day not come yet, a year or month typed
      wrong (a cut-off ahead of today stays allowed: reports are prepared early);
    - before the file's period starts, or on or before the end of an earlier period than its
      cut-off's, two months before it (`dates.earlier_period_end`, the bound that tells last
      period's file from this one), `info.prepared_early`: a form copied from last period's
      whose date was left, or a date typed wrong. Reports are made some weeks before their
      cut-off at most (a year's report asked for in mid-November), never two months.

    Measured against the file's own dates only when its cut-off is the run's (else that
    cut-off is what is wrong, and said: `org.cutoff_mismatch`, `org.other_period_file`) and its
    period is one (`info.period`). Not said after the cut-off, however long: a report of an
    earlier period made now for the history (`history import`) is right. Nor before 1900:
    `info.prepared_before_1900` says that year typed wrong, once (fix352)."""
    info = ctx.info
    made, start, cutoff = info["prepared_on"], info["period_start"], info["cutoff_date"]
    future = made.notna() & (made > pd.Timestamp(ctx.today))
    ctx.flag(
        info,
        future,
        "info.prepared_future",
        _INFO,
        "prepared_on",
        value=made,
        today=fmt_date(ctx.today),
        skip_reported=True,
    )
    run = pd.Timestamp(ctx.run_cutoff) if ctx.run_cutoff is not None else None
    own = cutoff.notna() & ~(start > cutoff).fillna(False) & ((cutoff == run) if run is not None else True)
    before_start = made.notna() & start.notna() & (made < start)
    earlier = made.notna() & cutoff.notna() & (made <= cutoff.map(_earlier_end))
    # A date before 1900 is `info.prepared_before_1900`, the year typed wrong: said once.
    early = (before_start | earlier) & own & ~future & (made >= pd.Timestamp(layout.EARLIEST_DATE))

    def bound(row: Row) -> str:
        if pd.notna(row.period_start) and row.prepared_on < row.period_start:
            return f"trước ngày bắt đầu kỳ số liệu {fmt_date(row.period_start)}"
        return f"sớm hơn ngày chốt số liệu {fmt_date(row.cutoff_date)} từ 2 tháng trở lên"

    ctx.flag(
        info,
        early,
        "info.prepared_early",
        _INFO,
        "prepared_on",
        value=made,
        bound=bound,
        cutoff=cutoff,
        skip_reported=True,
    )


def _earlier_end(cutoff: object) -> pd.Timestamp:
    return pd.Timestamp(earlier_period_end(cutoff.date())) if isinstance(cutoff, pd.Timestamp) else pd.NaT


@check("org.cutoff_mismatch", "org.other_period_file", "org.old_file_unregistered")
def cutoff_mismatch(ctx: Context) -> None:
    """A file's cut-off date is the consolidation's (when one is given).

    A file of another cut-off beside its organisation's file of the run's
    (`Context.other_period`) is that organisation's report of another period, left in the
    folder: `org.other_period_file` names the file of the cut-off and asks to move this one
    out, not to update it. So is an earlier period's file whose code the registry lacks and
    that points to no registry organisation (`org.old_file_unregistered`, `old_unregistered`:
    the last report of an organisation dissolved or merged away), which is no organisation the
    run expects (hunt134 F2, review136).

    Without a run's cut-off, only a file of another period is said, against the cut-off most
    files state (`Context.run_cutoff`), as `consolidate` run with it says it (fix140), and
    named as what it is ("ngày chốt mà đa số các tệp ghi (…)", review147, review150; "ngày chốt
    của kỳ gần đây nhất mà các tệp ghi (…)" when most files are of another period)."""
    if ctx.run_cutoff is None:
        return
    info = ctx.info
    cutoff = info["cutoff_date"]
    expected = fmt_date(ctx.run_cutoff)
    # A date nobody chose is said as what it is, not as the run's (review147, review150).
    # When most files are of another period, it is the latest period's (review150 F1, F4).
    if ctx.cutoff is not None:
        against = f"ngày chốt của kỳ tổng hợp {expected}"
    elif ctx.run_cutoff_of_most:
        against = f"ngày chốt mà đa số các tệp ghi ({expected})"
    else:
        against = f"ngày chốt của kỳ gần đây nhất mà các tệp ghi ({expected})"
    differs = cutoff.notna() & (cutoff != pd.Timestamp(ctx.run_cutoff)) & (ctx.cutoff is not None)
    stale = info["_sub"].isin(list(ctx.other_period))
    old = old_unregistered(ctx, _found(ctx))
    plain = differs & ~stale & ~old
    ctx.flag(info, plain, "org.cutoff_mismatch", _INFO, "cutoff_date", value=cutoff, expected=expected)

    def current(row: Row) -> str:
        mine, theirs = ctx.subs[row._sub].path, ctx.subs[ctx.other_period[row._sub]].path
        return file_labels([mine, theirs])[theirs]

    ctx.flag(
        info,
        stale,
        "org.other_period_file",
        _INFO,
        "cutoff_date",
        value=cutoff,
        expected=expected,
        against=against,
        current=current,
    )
    ctx.flag(
        info,
        old,
        "org.old_file_unregistered",
        _INFO,
        "org_code",
        value=info["_org"],
        cutoff=cutoff.map(fmt_date),
        expected=expected,
    )


def _found(ctx: Context) -> pd.Series:
    """The registry organisation of each `Thông tin` row's code (up to case, spaces and
    invisible characters), None when the registry has none or there is no registry."""
    reg = ctx.registry
    codes = ctx.info["_org"]
    if reg is None:
        return pd.Series([None] * len(codes), index=codes.index, dtype=object)
    orgs, keyed = reg.by_code(), reg.by_key()

    def lookup(code: str | None) -> Organisation | None:
        return (orgs.get(code) or keyed.get(org_code_key(code))) if code else None

    return pd.Series([lookup(c) for c in codes], index=codes.index, dtype=object)


def old_unregistered(ctx: Context, found: pd.Series) -> pd.Series:
    """The `Thông tin` rows of a code the registry lacks that are an old report left in the
    folder (`org.old_file_unregistered`), not an unknown organisation: no file of another
    period beside their organisation's of the cut-off, a cut-off of an earlier period —
    before the run's period start, or at the end of an earlier period (`earlier_period_end`) — and
    neither the file name nor the `Thông tin` name points to a registry organisation
    (`attribution.points_to_registry`). A registered organisation's file with a mistyped
    code and cut-off, or a new organisation's a day off, stays `org.unknown` +
    `org.cutoff_mismatch`, its organisation's row kept (review136)."""
    info = ctx.info
    reg = ctx.registry
    if reg is None or ctx.cutoff is None:
        return pd.Series(False, index=info.index, dtype=bool)
    cutoff = info["cutoff_date"]
    earlier = cutoff.notna() & (cutoff <= pd.Timestamp(earlier_period_end(ctx.cutoff)))
    if pd.notna(ctx.run_start):
        earlier |= cutoff.notna() & (cutoff < ctx.run_start)
    stale = info["_sub"].isin(list(ctx.other_period))
    codes = [o.org_code for o in reg.organisations]
    pointed = info["_sub"].map(lambda index: points_to_registry(ctx.subs[index], reg, codes)).astype(bool)
    return info["_org"].notna() & found.isna() & earlier & ~stale & ~pointed


def _labels(codes: pd.Series, voc: vocab.Vocabulary) -> pd.Series:
    known = set(voc.codes)
    return codes.map(lambda c: voc.label(c) if c in known else None)


@check("org.unknown", "org.tier_mismatch", "org.sector_mismatch")
def registry(ctx: Context) -> None:
    """The organisation code is in the registry (else: a code it is a slip of), and the tier and
    sector agree with it (the registry wins)."""
    reg = ctx.registry
    if reg is None:
        return
    info = ctx.info
    codes = info["_org"]
    found = _found(ctx)  # up to case, spaces and invisible characters
    # A code the registry lacks on a file of another cut-off is an old report left in the
    # folder: `org.old_file_unregistered` (`cutoff_mismatch`) says it, not this rule.
    old = old_unregistered(ctx, found)

    def closest(row: Row) -> str:
        # Several registry codes of the code's loose key (`HD1`, `HD01` for `HD 01`): the code
        # was not read as either (`read_codes_loosely`), and both are named. Else a code it is
        # a slip of, if any (`slipped_code`).
        loose = [o.org_code for o in reg.loose_matches(row._org)]
        if len(loose) > 1:
            return suggestions_text(loose)
        slip = slipped_code(row._org, row.org_name, reg.organisations)
        if slip is not None:
            return suggestion_text(slip)
        # No slip: the organisation of the file's name, if the registry has it under another
        # code, is said as a fact (never "có phải": the name alone is no slip of the code).
        same = named_elsewhere(row.org_name, reg.organisations)
        return (
            f" (danh mục có tổ chức \u201c{same.org_name}\u201d với mã \u201c{same.org_code}\u201d)"
            if same
            else ""
        )

    def advice(row: Row) -> str:
        # A registry code that differs from the file's only by the registry's format (a bare
        # number `10` for `HD10`): the clerk's registry is to fix, not the chi bộ's file.
        same = named_elsewhere(row.org_name, reg.organisations)
        if same is not None and registry_code_to_fix(same.org_code, row._org):
            place = registry_fix_place(reg)
            return registry_code_advice(same.org_code, clean_code(row._org), check_again=True, place=place)
        return ORG_UNKNOWN_ADVICE

    ctx.flag(
        info,
        codes.notna() & found.isna() & ~old,
        "org.unknown",
        _INFO,
        "org_code",
        value=codes,
        suggestion=closest,
        advice=advice,
    )
    for key, code, voc in (
        ("org_tier", "org.tier_mismatch", vocab.ORG_TIER),
        ("sector", "org.sector_mismatch", vocab.SECTOR),
    ):
        mine = info[key]
        theirs = found.map(lambda org, key=key: getattr(org, key) if org is not None else None)
        mask = mine.isin(voc.codes) & theirs.isin(voc.codes) & (mine != theirs)
        ctx.flag(info, mask, code, _INFO, key, value=_labels(mine, voc), expected=_labels(theirs, voc))


def slipped_code(code: object, name: object, organisations: Sequence[Organisation]) -> str | None:
    """The registry code an unknown ``code`` is a typing slip of, for the suggestion of
    `org.unknown`; None when it is no plausible slip.

    Codes are alike (every `HDnn` scores 0.6 or more against every other), so nearness alone
    suggested an unrelated organisation ("HD05" → "có phải “HD70”?") for a code merged away or
    not yet in the registry. A code is suggested only when its loose key
    (`org_code_loose_key`) is one key slip from the code's (a character left out, added,
    changed, or two swapped) and its organisation's name is the one the file's `Thông tin`
    gives (`org_name_key`), and only when one code is so."""
    key, named = org_code_loose_key(code), org_name_key(name)
    if not key or not named:
        return None
    found = [
        o.org_code
        for o in organisations
        if org_name_key(o.org_name) == named and vocab.edits(key, org_code_loose_key(o.org_code)) == 1
    ]
    return found[0] if len(found) == 1 else None


def named_elsewhere(name: object, organisations: Sequence[Organisation]) -> Organisation | None:
    """The one registry organisation whose name is the file's `Tên tổ chức đảng`
    (`org_name_key`), for `org.unknown` when its code is no slip of the typed one: a code
    changed between two runs, or typed from another list; None when none or several are."""
    named = org_name_key(name)
    if not named:
        return None
    found = [o for o in organisations if org_name_key(o.org_name) == named]
    return found[0] if len(found) == 1 else None


@check("org.name_of_other", "org.name_differs")
def registry_name(ctx: Context) -> None:
    """The organisation name typed in `Thông tin` is not another organisation's (a file copied
    from a neighbour's, or a template sent to the wrong secretary, with its code left as it
    was), and holds no other number than the registry's name for the code.

    Names vary too much for more ("Chi bộ Tổ dân phố số 7" / "Chi bộ TDP 07" are one key, but
    "Chi bộ khu 3" and "Chi bộ Khu dân cư số 3" are not): an unequal name is said only when it
    is another organisation's name, or when both names have numbers and share none."""
    if ctx.registry is None:
        return
    keyed = ctx.registry.by_key()
    by_name: dict[str, list[Organisation]] = {}  # filled when a name is not the registry's
    info = ctx.info
    own: list[Organisation | None] = []
    other: list[Organisation | None] = []
    differs: list[bool] = []
    for code, written in zip(info["_org"], info["org_name"], strict=True):
        org = keyed.get(org_code_key(code)) if code else None
        if org is None or written == org.org_name:  # the pre-filled name, as most files have it
            own.append(org)
            other.append(None)
            differs.append(False)
            continue
        if not by_name:
            for entry in ctx.registry.organisations:
                if entry_key := org_name_key(entry.org_name):
                    by_name.setdefault(entry_key, []).append(entry)
        key = org_name_key(written)
        same = by_name.get(key, [])
        mine = bool(key) and org_name_key(org.org_name) != key and org not in same
        own.append(org)
        other.append(same[0] if mine and same else None)
        theirs = org_name_numbers(org.org_name)
        ours = org_name_numbers(written)
        differs.append(mine and not same and bool(ours) and bool(theirs) and ours.isdisjoint(theirs))
    expected = pd.Series([o.org_name if o else None for o in own], index=info.index, dtype=object)
    others = pd.Series(other, index=info.index, dtype=object)
    # Both are said at the code, the value it holds, beside the registry's name and the typed one.
    said = {"value": info["_org"], "expected": expected, "written": info["org_name"]}
    ctx.flag(
        info,
        others.notna(),
        "org.name_of_other",
        _INFO,
        "org_code",
        other_code=others.map(lambda o: o.org_code if o is not None else None),
        other_name=others.map(lambda o: o.org_name if o is not None else None),
        **said,
    )
    differ = pd.Series(differs, index=info.index, dtype=bool)
    # Masked, the name typed is hidden (`rules.TYPED_ORG_NAME_RULES`) and the code still said.
    ctx.flag(info, differ, "org.name_differs", _INFO, "org_code", value_hidden=info["_org"], **said)


@check("org.file_name_of_other")
def file_name_of_other(ctx: Context) -> None:
    """The file's name is not another registry organisation's (`code_in_file_name`): a
    pre-filled template sent to the wrong secretary, filled with their members and saved under
    their own name, keeps the other organisation's code, and was counted for it without a word.

    A warning at the code: the file is counted for the code it holds (the file name may be the
    one that is wrong), and the organisation the name names, if it sent no file of its own, is
    `org.missing` naming this file (`attribution`)."""
    if ctx.registry is None:
        return
    keyed = ctx.registry.by_key()
    codes = [o.org_code for o in ctx.registry.organisations]
    info = ctx.info
    own: list[Organisation | None] = []
    other: list[Organisation | None] = []
    for code, sub in zip(info["_org"], info["_sub"], strict=True):
        org = keyed.get(org_code_key(code)) if code else None
        named = file_name_org(ctx.subs[sub].path.name, ctx.registry, codes) if org is not None else None
        own.append(org)
        other.append(
            named
            if named is not None
            and org is not None
            and org_code_key(named.org_code) != org_code_key(org.org_code)
            else None
        )
    others = pd.Series(other, index=info.index, dtype=object)
    ctx.flag(
        info,
        others.notna(),
        "org.file_name_of_other",
        _INFO,
        "org_code",
        value=info["_org"],
        expected=pd.Series([o.org_name if o else None for o in own], index=info.index, dtype=object),
        file_name=lambda row: ctx.subs[row._sub].path.name,
        other_code=others.map(lambda o: o.org_code if o is not None else None),
        other_name=others.map(lambda o: o.org_name if o is not None else None),
    )
