"""Of how many organisations a run's figures are: the one definition every output uses.

A run expects the organisations of its registry (`orgs.registered`), the ward's list: every
"x/y tổ chức" is over it. Beside them, an organisation outside the registry whose file was read
all the same (`orgs.unregistered`: the row kept for a code the registry lacks, its file excluded
for `org.unknown`; a new party cell not yet added, or a code typed wrongly; not an old report of
such a code and another cut-off, `org.old_file_unregistered`, which has no row) is an extra one,
said so beside the count (`outside_words`). Its figures are complete when every registry
organisation is consolidated (`orgs.consolidated`) and no file outside it was sent: a file left
out is members left out, whether or not its organisation is in the registry.

An organisation consolidated whose file states a `Số liệu từ ngày` after the start of a period
(`org.period_start_differs`, whose value is the file's date) is in the figures, but its changes
of that period count only from its date (`late_starts`): Tổng hợp's row 3, the forms' notes and
the report say so. One whose `Số liệu năm` lacks a year that has ended (`year.missing`, whose
value lists the years) is in the figures, but not in that year's ratings and training
(`years_missing`): Tổng hợp's row 3 and the report say so. A roll-up's last-year figures are
the sum of its wards' own: a ward whose own leave organisations out is named at its file
(`rollup.incomplete_previous_ward`), and the forms' and the report's notes name it
(`partial_previous`, `previous_gap_words`). A roll-up has no organisation's issues: a ward whose
own run had late starts or missing years is said at its file (`rollup.late_start_ward`,
`rollup.year_missing_ward`, and `rollup.year_unrated_ward` for a ward's `year.unrated`, whose
value lists every organisation, whole, as `late_start_list` and `years_missing_list` write
them: `core.rules.WHOLE_VALUE_CODES`), and its outputs read them back by ward
(`ward_late_starts`, `ward_years_missing`, `ward_years_unrated`; the forms and the report's opening with
`ward_late_start_groups`, which gives a count-valued or cut issue of an older roll-up as the
count it says; a value an older roll-up cut is read as a `CutList`, the organisations read whole
with the count its message said) to say them as a ward's outputs do, prefixed by the ward,
the first `MAX_NAMED` wards named and the others counted (`by_ward_words`).

A change whose name differs from another row's of the same birth date only by accents
(`event.name_without_accents`), or a member's from another member's of the file or of another
organisation's file (`member.name_without_accents`), leaves two people where there may be one:
the figures count both, so the forms' notes and the report say how many such pairs a run has (`accent_pairs`),
and its summary carries that count (`name_accent_pairs`, `summary_accent_pairs`), which a
roll-up sums and keeps by ward (`ward_accent_pairs`: `accent_pair_wards` names the wards).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence, Sized
from typing import Any, TypeVar

from toolkit.core import vnformat
from toolkit.core.model import CommonFigures
from toolkit.core.text import org_code_key

LATE_START = "org.period_start_differs"
YEAR_MISSING = "year.missing"
YEAR_UNRATED = "year.unrated"
PARTIAL_PREVIOUS = "rollup.incomplete_previous_ward"
PARTIAL_CURRENT = "rollup.incomplete_ward"
LATE_START_WARD = "rollup.late_start_ward"
YEAR_MISSING_WARD = "rollup.year_missing_ward"
YEAR_UNRATED_WARD = "rollup.year_unrated_ward"
NAME_WITHOUT_ACCENTS = "event.name_without_accents"
MEMBER_NAME_WITHOUT_ACCENTS = "member.name_without_accents"
ACCENT_PAIR_CODES = (MEMBER_NAME_WITHOUT_ACCENTS, NAME_WITHOUT_ACCENTS)  # each warning one pair
WARD_FORM_WARNING = "rollup.ward_form_warning"  # a roll-up's: names its wards with such pairs
ACCENT_PAIRS = "name_accent_pairs"  # the summary's count of `accent_pairs`
MAX_NAMED = 5  # organisations named in `late_start_words`, wards in `by_ward_words`

Indicators = Mapping[str, int | float | None]
_T = TypeVar("_T")


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def org_coverage(indicators: Indicators | None) -> tuple[int, int] | None:
    """(consolidated, expected) organisations, or None when the indicators lack the counts.

    The organisations expected are the registry's (`orgs.registered`): the registry is the
    ward's list, the one every share of organisations is taken on ("69 | 95,83% | tổ chức trong
    danh mục (72)"), so every "x/y tổ chức" of a run is over it too, and an organisation outside
    it that sent a file (`orgs.unregistered`) is said beside it as an extra one (`outside_words`),
    never counted into y (fix331: one report gave "69/73" and "69 of 72"). Its figures are
    consolidated only for a registry's organisation, so x never exceeds y."""
    if indicators is None:
        return None
    done, registered = (_count(indicators.get(k)) for k in ("orgs.consolidated", "orgs.registered"))
    if done is None or registered is None:
        return None
    return done, registered


def outside_count(indicators: Indicators | None) -> int:
    """The organisations outside the registry that sent a file (`orgs.unregistered`), 0 when
    none or when the indicators do not say (a summary or history record of an older version)."""
    return _count((indicators or {}).get("orgs.unregistered")) or 0


def left_out(indicators: Indicators | None) -> int:
    """How many organisations' figures a run lacks: the registry's not consolidated and those
    outside it that sent a file (0 when the indicators do not say)."""
    coverage = org_coverage(indicators)
    return (coverage[1] - coverage[0] if coverage else 0) + outside_count(indicators)


def missing_orgs(indicators: Indicators | None) -> tuple[int, int] | None:
    """(consolidated, expected) organisations when some were not consolidated (missing, left
    out for their errors), or a file outside the registry was sent, whose members are left out
    too (`outside_count`, said by `outside_words`); None when neither, or the run does not say."""
    coverage = org_coverage(indicators)
    if coverage is None or (coverage[0] >= coverage[1] and not outside_count(indicators)):
        return None
    return coverage


# The ids the report's comparison with last year states (`toolkit.outputs.report`): the rolls,
# and the flows of Biểu 1-BTCTW's lines B.1 (admitted) and C.2–C.4 (removed from the Party).
# `CommonFigures` keeps these of the organisations both runs consolidated.
COMPARED_IDS = (
    "members.total",
    "members.full",
    "members.probationary",
    "members.exempt",
    "period.admitted",
    "period.readmitted",
    "period.expelled",
    "period.struck_off",
    "period.resigned",
)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def common_figures(
    now: Iterable[tuple[str, Mapping[str, Any]]], then: Iterable[tuple[str, Mapping[str, Any]]]
) -> CommonFigures:
    """The `CommonFigures` of two runs, from (code, figures) of each run's consolidated
    organisations: those whose code (`org_code_key`) both have, and each `COMPARED_IDS` they
    all have in both (two rows of one code, which no registry allows, are added)."""

    def by_code(orgs: Iterable[tuple[str, Mapping[str, Any]]]) -> dict[str, list[Mapping[str, Any]]]:
        found: dict[str, list[Mapping[str, Any]]] = {}
        for code, figures in orgs:
            if key := org_code_key(code):
                found.setdefault(key, []).append(figures)
        return found

    ours, theirs = by_code(now), by_code(then)
    codes = ours.keys() & theirs.keys()

    def sums(side: dict[str, list[Mapping[str, Any]]]) -> dict[str, int | float]:
        rows = [row for code in codes for row in side[code]]
        return {
            key: sum(row[key] for row in rows)
            for key in COMPARED_IDS
            if all(_number(row.get(key)) for row in rows)
        }

    a, b = sums(ours), sums(theirs)
    return CommonFigures(
        len(codes), {k: v for k, v in a.items() if k in b}, {k: v for k, v in b.items() if k in a}
    )


def common_of(previous: Mapping[str, Any] | None) -> CommonFigures | None:
    """The `CommonFigures` a summary's `previous` carries (`common`), None when it has none (a
    summary or record of an older version, a record keeping no organisation's figures) or when
    it is not of that shape (edited by hand)."""
    given = previous.get("common") if isinstance(previous, Mapping) else None
    if not isinstance(given, Mapping):
        return None
    orgs, now, then = _count(given.get("orgs")), given.get("now"), given.get("then")
    if orgs is None or orgs < 0 or not isinstance(now, Mapping) or not isinstance(then, Mapping):
        return None
    sides = []
    for side in (now, then):
        if not all(isinstance(k, str) and _number(v) for k, v in side.items()):
            return None
        sides.append(dict(side))
    return CommonFigures(orgs, sides[0], sides[1])


def added_common(parts: Sequence[CommonFigures | None]) -> CommonFigures | None:
    """The sum of the wards' `CommonFigures` (a roll-up's), of each id every ward has; None when
    some ward has none (or there are none)."""
    known = [p for p in parts if p is not None]
    if not known or len(known) < len(parts):
        return None
    keys = [k for k in COMPARED_IDS if all(k in p.now and k in p.then for p in known)]
    return CommonFigures(
        sum(p.orgs for p in known),
        {k: sum(p.now[k] for p in known) for k in keys},
        {k: sum(p.then[k] for p in known) for k in keys},
    )


def outside_words(
    indicators: Indicators | None,
    label: str | None = None,
    wards: Sequence[tuple[str, int]] = (),
    count: Callable[[int], str] = vnformat.number,
) -> str:
    """' trong danh mục (ngoài ra 1 tổ chức chưa có trong danh mục có nộp tệp, không được tổng
    hợp)' after a count "x/y tổ chức" of a run that had organisations outside the registry, so
    that y reads as the registry's and the extra one is said (fix331); else ''. `label`: the
    words of the base when they are not the registry's (`shares.orgs_base_label`): a roll-up
    some of whose wards had no registry counts "trong danh mục hoặc đã nộp tệp", as its
    section A and report say it (review335 F4); `wards`: a roll-up's wards those outside their
    registry are of (`outside_wards`), named; `count` writes the number of those outside (the report's
    `vnformat.count` pads it as its other counts, "ngoài ra 01 tổ chức"; the sheets, forms and
    console keep plain numbers)."""
    outside = outside_count(indicators)
    if outside <= 0:
        return ""
    return f"{base_words(label)} ({outside_phrase(outside, wards, count)})"


def base_words(label: str | None) -> str:
    """' trong danh mục', or the words of `label` (`shares.orgs_base_label`) after "tổ chức":
    what follows "x/y tổ chức" to name its base."""
    return " " + (label or "tổ chức trong danh mục").removeprefix("tổ chức ")


def outside_phrase(
    outside: int, wards: Sequence[tuple[str, int]] = (), count: Callable[[int], str] = vnformat.number
) -> str:
    """'ngoài ra 1 tổ chức chưa có trong danh mục có nộp tệp, không được tổng hợp' (`outside_words`'s
    brackets), for a clause that has brackets of its own. A roll-up's names the wards whose
    registries they are outside (`wards`, of `outside_wards`): "… trong danh mục của Phường
    Mẫu …", or with several, each ward's count (review335 F4: the clause after "Phường Mẫu chỉ
    gồm 68/72" did not say whose the one outside was). `count` writes `outside` (`outside_words`)."""
    return (
        f"ngoài ra {count(outside)} tổ chức chưa có trong danh mục{_whose(wards)} có nộp tệp, "
        "không được tổng hợp"
    )


def _whose(wards: Sequence[tuple[str, int]]) -> str:
    """' của Phường Mẫu', or ' của Phường A (1) và Phường B (2)': the wards whose registries
    organisations are outside of (`outside_wards`); '' for a ward's run."""
    if len(wards) == 1:
        return f" của {wards[0][0]}"
    if not wards:
        return ""
    named = [f"{ward} ({vnformat.number(n)})" for ward, n in wards[:MAX_NAMED]]
    if len(wards) > MAX_NAMED:
        named.append(f"{vnformat.number(len(wards) - MAX_NAMED)} phường khác")
    return f" của {', '.join(named[:-1])} và {named[-1]}"


def outside_wards(organisations: Iterable[Any]) -> list[tuple[str, int]]:
    """(ward, how many) of a roll-up's consolidated wards (its `organisations`, `OrgResult`s or
    their JSON, each with its own run's indicators) that had organisations outside their
    registry that sent a file (`outside_count`), in their order."""
    found = []
    for org in organisations:
        get = _getter(org)
        if get("status") != "consolidated":
            continue
        if n := outside_count(get("indicators")):
            found.append((str(get("org_name") or get("org_code")), n))
    return found


def _of_code(issues: Iterable[Any], code: str) -> list[Any]:
    """The issues of `issues` (`Issue`s or their JSON) whose code is `code`: one cheap look at
    each of a run's issues, which may be tens of thousands."""
    return [
        i for i in issues if (i.get("code") if isinstance(i, Mapping) else getattr(i, "code", None)) == code
    ]


def _of_codes(issues: Iterable[Any], codes: Collection[str]) -> list[Any]:
    """`_of_code` for any of `codes`."""
    return [
        i for i in issues if (i.get("code") if isinstance(i, Mapping) else getattr(i, "code", None)) in codes
    ]


def _getter(issue: Any) -> Callable[[str], Any]:
    """A field of an `Issue` or of its JSON, by name (None when it has none)."""
    if isinstance(issue, Mapping):
        return issue.get
    return lambda key: getattr(issue, key, None)


def late_starts(
    issues: Iterable[Any], since: dt.date, counted: Collection[str] | None = None
) -> list[tuple[str, dt.date]]:
    """(organisation code, or file name, and the date its file states) of each organisation
    whose file says its figures start after `since`, in the order of the issues, each once:
    its changes of a period that starts on `since` count only from that date. `issues` are
    `Issue`s or their JSON (a summary's); `counted`: only these organisations (the consolidated
    ones; an excluded file is in no figure)."""
    found: dict[str, dt.date] = {}
    for issue in _of_code(issues, LATE_START):
        get = _getter(issue)
        value, who = get("value"), get("org_code") or get("file")
        if not isinstance(value, str) or not who:
            continue
        if counted is not None and who not in counted:
            continue
        try:
            start = dt.datetime.strptime(value, "%d/%m/%Y").date()
        except ValueError:
            continue
        if start > since:
            found.setdefault(str(who), start)
    return list(found.items())


def years_missing(
    issues: Iterable[Any], years: Collection[int], counted: Collection[str] | None = None
) -> list[tuple[str, list[int]]]:
    """(organisation code, the years of `years` it lacks) of each organisation whose `Số liệu
    năm` lacks a year that has ended (`year.missing`), in the order of the issues: that year's
    ratings and training of the ward lack it. A year not in `years` (before the run's period,
    or not shown) is left out. `issues` and `counted` as in `late_starts`."""
    found = []
    for issue in _of_code(issues, YEAR_MISSING):
        get = _getter(issue)
        value, who = get("value"), get("org_code")
        if not isinstance(value, str) or not who:
            continue
        if counted is not None and who not in counted:
            continue
        lacking = [int(y) for y in value.split(", ") if y.isdigit() and int(y) in years]
        if lacking:
            found.append((str(who), lacking))
    return found


def years_unrated(
    issues: Iterable[Any], years: Collection[int], counted: Collection[str] | None = None
) -> list[tuple[str, list[int]]]:
    """(organisation code, the years of `years` it did not rate) of each organisation whose
    `Số liệu năm` has a row of a year that has ended with no rating typed while it had members
    to rate (`year.unrated`, one issue a row, whose value is the year), in the order of the
    issues: the ward's ratings of that year lack its members. `issues` and `counted` as in
    `late_starts`."""
    found: dict[str, list[int]] = {}
    for issue in _of_code(issues, YEAR_UNRATED):
        get = _getter(issue)
        value, who = get("value"), get("org_code")
        if not who or (counted is not None and who not in counted):
            continue
        year = int(value) if isinstance(value, int) or (isinstance(value, str) and value.isdigit()) else None
        if year is not None and year in years:
            listed = found.setdefault(str(who), [])
            if year not in listed:
                listed.append(year)
    return [(who, sorted(listed)) for who, listed in found.items()]


def accent_pairs(issues: Iterable[Any], counted: Collection[str] | None = None) -> int:
    """The pairs of rows whose names differ only by accents, of the same birth date
    (`ACCENT_PAIR_CODES`): one warning is one pair, said once at the change (of two changes, at
    the one lacking accents) or at the member lacking accents, naming the other row, so a pair
    is counted once by the organisation, file and cell it is said at, even if said twice.
    `issues` are `Issue`s or their JSON; `counted`: only these organisations' (the consolidated
    ones; an excluded file is in no figure)."""
    rows = set()
    for issue in _of_codes(issues, ACCENT_PAIR_CODES):
        get = _getter(issue)
        who = get("org_code") or get("file")
        if counted is not None and who not in counted:
            continue
        # By its organisation too: two organisations' files may have one name (read from two
        # folders), each with its own pair at the same cell.
        rows.add((who, get("file"), get("sheet"), get("cell")))
    return len(rows)


def accent_pair_wards(
    stated: Mapping[str, Any] | None, issues: Iterable[Any], counted: Collection[str] | None = None
) -> list[str]:
    """The wards of a roll-up whose own run had `accent_pairs`, in the roll-up's order: those
    its `ward_accent_pairs` (`stated`: each ward's own `name_accent_pairs`) counts any pairs of
    (`counted`: only these wards). A roll-up written before that field (`stated` None) says them
    only in the words of its `rollup.ward_form_warning` issues, which name
    `event.name_without_accents` (or `member.name_without_accents`) among a ward's warnings:
    those are read instead."""
    if stated is not None:
        return [
            str(ward)
            for ward, pairs in stated.items()
            if _count(pairs) and (counted is None or ward in counted)
        ]
    wards = []
    for issue in _of_code(issues, WARD_FORM_WARNING):
        get = _getter(issue)
        ward, message = get("org_code"), get("message")
        if not isinstance(ward, str) or not isinstance(message, str) or ward in wards:
            continue
        said = any(f"({code}" in message for code in ACCENT_PAIR_CODES)
        if said and (counted is None or ward in counted):
            wards.append(ward)
    return wards


def summary_accent_pairs(summary: Mapping[str, Any]) -> int:
    """A summary's pairs of rows counted as two people though their names differ only by
    accents: its `name_accent_pairs`; a summary written before that field counts its own
    issues' (`accent_pairs`: none in the history export of a record stored before the history
    kept the count, as a record keeps no issue, nor in a summary of a version before the rule),
    so a missing field is 0 when its issues say nothing."""
    stated = _count(summary.get(ACCENT_PAIRS))
    if stated is not None and stated >= 0:
        return stated
    return accent_pairs(*_counted_issues(summary))


def summary_accent_pair_codes(summary: Mapping[str, Any]) -> dict[str, int]:
    """A summary's pairs of `summary_accent_pairs` by the code its issues say them with
    (`ACCENT_PAIR_CODES`, those it holds, in that order): one code holds them all
    (`name_accent_pairs`, when stated); both, each its own. Empty when its issues hold none (a
    history export, or pairs stated with no issue): the code is then not known."""
    issues, counted = _counted_issues(summary)
    codes = {code: n for code in ACCENT_PAIR_CODES if (n := accent_pairs(_of_code(issues, code), counted))}
    if len(codes) == 1:
        return dict.fromkeys(codes, summary_accent_pairs(summary) or sum(codes.values()))
    return codes


def _counted_issues(summary: Mapping[str, Any]) -> tuple[list[Mapping[str, Any]], set[str] | None]:
    """A summary's issues, and its consolidated organisations (None: it lists none)."""
    orgs = [o for o in summary.get("organisations") or [] if isinstance(o, Mapping)]
    counted = {str(o.get("org_code")) for o in orgs if o.get("status") == "consolidated"} if orgs else None
    return [i for i in summary.get("issues") or [] if isinstance(i, Mapping)], counted


def late_start_words(
    late: Sequence[tuple[str, dt.date]], *, date: Callable[[dt.date], str] = vnformat.date
) -> str:
    """'1 tổ chức đảng (CB02 từ ngày 01/4/2026)': the organisations of `late_starts` with their
    dates (the first `MAX_NAMED`), as the documents write them (`vnformat.date`), or as a message
    does with `date=vnformat.message_date` ('CB02 từ ngày 01/04/2026', `rollup.late_start_ward`,
    fix382)."""
    named = [f"{code} từ ngày {date(start)}" for code, start in late[:MAX_NAMED]]
    more = ", …" if listed_count(late) > len(named) else ""
    if not named:  # only organisations an older roll-up cut off: counted, not known
        return f"{vnformat.number(listed_count(late))} tổ chức đảng"
    return f"{vnformat.number(listed_count(late))} tổ chức đảng ({', '.join(named)}{more})"


def late_start_list(late: Sequence[tuple[str, dt.date]]) -> str:
    """'K02 từ ngày 01/07/2025; K05 từ ngày 01/08/2025': every organisation of `late_starts`
    with its date, the value of `rollup.late_start_ward` (read back by `ward_late_starts`, which
    reads 01/7/2025 as well, as an older version wrote it), dated as its message is (fix382)."""
    return "; ".join(f"{code} từ ngày {vnformat.message_date(start)}" for code, start in late)


def years_missing_list(missing: Sequence[tuple[str, Sequence[int]]]) -> str:
    """'Y02 năm 2025; Y03 năm 2024, 2025': every organisation of `years_missing` with its years,
    as `Tổng hợp`'s row 3 names them, the value of `rollup.year_missing_ward` (read back by
    `ward_years_missing`)."""
    return "; ".join(f"{code} năm {', '.join(str(y) for y in years)}" for code, years in missing)


# A value cut by a version that capped it (`core.text.shown`), and the count its message said.
_CLIPPED_COUNT = re.compile(r"… \(\+[\d.]+ ký tự\)$")
_SAID_COUNT = re.compile(r" có ([\d.]+) tổ chức đảng ")


class CutList(list[_T]):
    """The organisations of a ward a roll-up of an older version listed in a value it cut at
    120 characters (`core.text.shown`: "… (+35 ký tự)"), those read whole, with how many the
    ward has (`total`): the words of a cut list count them all (`listed_count`)."""

    def __init__(self, items: Iterable[_T], total: int) -> None:
        super().__init__(items)
        self.total = max(total, len(self))

    def __bool__(self) -> bool:
        # True while it counts any organisation, read whole or cut off (hunt61 #3: one holding
        # only organisations cut off was empty, and its ward was dropped from a note).
        return self.total > 0


def listed_count(items: Sized) -> int:
    """How many organisations a list of them holds: a `CutList`'s total, else its length."""
    return items.total if isinstance(items, CutList) else len(items)


def kept_items(items: Sequence[_T], keep: Callable[[_T], bool]) -> list[_T]:
    """The items of a list of organisations that `keep` keeps; of a `CutList`, a `CutList` that
    counts its organisations cut off still (what they are is not known)."""
    out = [item for item in items if keep(item)]
    if isinstance(items, CutList):
        return CutList(out, len(out) + items.total - len(items))
    return out


def _ward_lists(
    issues: Iterable[Any], code: str, counted: Collection[str] | None
) -> Iterator[tuple[str, list[str], int]]:
    """(ward, each organisation's words of the value read whole, how many more were cut off)
    of each of a roll-up's `code` issues. A value is whole since it is read back; one of an older
    version was cut at 120 characters: its last words (cut) are left out, and the organisations
    it no longer holds are counted from the count its message said ("Phường Kim có 9 tổ chức
    đảng"; at least the one cut), the only record of the total such a summary has."""
    for issue in _of_code(issues, code):
        get = _getter(issue)
        ward, value = get("org_code"), get("value")
        if not isinstance(ward, str) or not isinstance(value, str):
            continue
        if counted is not None and ward not in counted:
            continue
        items = value.split("; ")
        if _CLIPPED_COUNT.search(value) is None:
            yield ward, items, 0
            continue
        items = items[:-1]
        said = _SAID_COUNT.search(str(get("message") or ""))
        total = int(said.group(1).replace(".", "")) if said is not None else 0
        yield ward, items, max(total - len(items), 1)


def _by_ward(found: dict[str, tuple[list[_T], int]]) -> list[tuple[str, list[_T]]]:
    """Each ward's organisations, as a `CutList` when some were cut off (counted, whatever they
    are: their words are lost), the wards with none left out."""
    out: list[tuple[str, list[_T]]] = []
    for ward, (items, cut) in found.items():
        if cut:
            out.append((ward, CutList(items, len(items) + cut)))
        elif items:
            out.append((ward, items))
    return out


def ward_late_starts(
    issues: Iterable[Any], since: dt.date, counted: Collection[str] | None = None
) -> list[tuple[str, list[tuple[str, dt.date]]]]:
    """(ward, its organisations as `late_starts` gives them) of each ward a roll-up said at its
    file to have organisations whose changes count from a date after `since`
    (`rollup.late_start_ward`), in the order of the issues; `counted`: only these wards. The
    value of a roll-up of an older version (a count) names no organisation, and is skipped; a
    value an older version cut gives a `CutList` (`_ward_lists`)."""
    found: dict[str, tuple[dict[str, dt.date], int]] = {}
    for ward, items, cut in _ward_lists(issues, LATE_START_WARD, counted):
        late, more = found.setdefault(ward, ({}, 0))
        for item in items:
            code, sep, date = item.rpartition(" từ ngày ")
            try:
                start = dt.datetime.strptime(date, "%d/%m/%Y").date()
            except ValueError:
                continue
            if sep and code and start > since:
                late.setdefault(code, start)
        found[ward] = (late, more + cut)
    return _by_ward({ward: (list(late.items()), cut) for ward, (late, cut) in found.items()})


LateItems = Sequence[tuple[str, dt.date]] | int
# Late starts said by group (`late_start_groups`): a ward's own in one group (ward None), a
# roll-up's by ward, each its organisations and dates, or only how many of a roll-up's issue of
# an older version (a count).
LateGroups = Sequence[tuple[str | None, LateItems]]


def ward_late_start_groups(
    issues: Iterable[Any], since: dt.date, counted: Collection[str] | None = None
) -> list[tuple[str | None, LateItems]]:
    """As `ward_late_starts`, with the wards whose `rollup.late_start_ward` value is a count (a
    roll-up of an older version named no organisation), or cut (a version that cut it at 120
    characters), given the count its issue says, in the order of the issues: a roll-up's forms
    name each such ward, with what its issue says."""
    named: dict[str, LateItems] = dict(ward_late_starts(issues, since, counted))
    groups: dict[str, LateItems] = {}
    for issue in _of_code(issues, LATE_START_WARD):
        get = _getter(issue)
        ward, value = get("org_code"), get("value")
        if not isinstance(ward, str) or ward in groups or (counted is not None and ward not in counted):
            continue
        cut = isinstance(value, str) and _CLIPPED_COUNT.search(value) is not None
        said = _SAID_COUNT.search(str(get("message") or "")) if cut else None
        if said is not None:  # a version that cut the value at 120 characters: the message's count
            groups[ward] = int(said.group(1).replace(".", ""))
        elif ward in named:
            groups[ward] = named[ward]
        elif isinstance(value, str) and value.strip().replace(".", "").isdigit():
            if count := int(value.strip().replace(".", "")):
                groups[ward] = count
    return list(groups.items())


def late_group_words(items: LateItems) -> str:
    """`late_start_words` of a group of `LateGroups`; of a count, '2 tổ chức đảng'."""
    if isinstance(items, int):
        return f"{vnformat.number(items)} tổ chức đảng"
    return late_start_words(items)


def ward_years_missing(
    issues: Iterable[Any], years: Collection[int], counted: Collection[str] | None = None
) -> list[tuple[str, list[tuple[str, list[int]]]]]:
    """(ward, its organisations as `years_missing` gives them, the years of `years` only) of
    each ward a roll-up said at its file to have organisations whose `Số liệu năm` lacks a year
    that has ended (`rollup.year_missing_ward`), in the order of the issues; a value an older
    version cut gives a `CutList` (`_ward_lists`), whose organisations cut off are counted
    whatever years they lack."""
    return _ward_years(issues, YEAR_MISSING_WARD, years, counted)


def ward_years_unrated(
    issues: Iterable[Any], years: Collection[int], counted: Collection[str] | None = None
) -> list[tuple[str, list[tuple[str, list[int]]]]]:
    """(ward, its organisations as `years_unrated` gives them, the years of `years` only) of
    each ward a roll-up said at its file to have organisations whose `Số liệu năm` rates nobody
    in a year that has ended (`rollup.year_unrated_ward`), as `ward_years_missing`."""
    return _ward_years(issues, YEAR_UNRATED_WARD, years, counted)


def _ward_years(
    issues: Iterable[Any], code: str, years: Collection[int], counted: Collection[str] | None
) -> list[tuple[str, list[tuple[str, list[int]]]]]:
    """`ward_years_missing` and `ward_years_unrated`: the `code` issues' values read back."""
    found: dict[str, tuple[list[tuple[str, list[int]]], int]] = {}
    for ward, items, cut in _ward_lists(issues, code, counted):
        missing, more = found.setdefault(ward, ([], 0))
        for item in items:
            org, sep, listed = item.rpartition(" năm ")
            lacking = [int(y) for y in listed.split(", ") if y.isdigit() and int(y) in years]
            if sep and org and lacking:
                missing.append((org, lacking))
        found[ward] = (missing, more + cut)
    return _by_ward(found)


def by_ward_words(
    groups: Sequence[tuple[str | None, _T]], words: Callable[[_T], str], shown: int = MAX_NAMED
) -> str:
    """The `words` of each group of organisations, a ward's (ward None) as they are, a roll-up's
    by ward, as `rollup.late_start_ward` says them: "Phường Kim có 1 tổ chức đảng (K02 từ ngày
    01/7/2025), của Phường An có …" (written after "của"). A roll-up names its first `shown`
    wards, then how many others with how many organisations ("và của 15 phường khác có 90 tổ
    chức đảng (xem sheet “Kiểm tra”)"), so that a note fits its row and the opening reads."""
    said = ", của ".join(
        words(items) if ward is None else f"{ward} có {words(items)}" for ward, items in groups[:shown]
    )
    rest = groups[shown:]
    if not rest:
        return said
    orgs = sum(_group_size(items) for _, items in rest)
    return (
        f"{said}, và của {vnformat.number(len(rest))} phường khác có {vnformat.number(orgs)} tổ chức đảng "
        "(xem sheet “Kiểm tra”)"
    )


def _group_size(items: object) -> int:
    """How many organisations a group of `by_ward_words` holds (a count, or a list of them)."""
    if isinstance(items, int):
        return items
    return listed_count(items) if isinstance(items, Sized) else 0


def partial_previous(issues: Iterable[Any]) -> list[tuple[str, str]]:
    """(ward, "consolidated/expected" as shown) of each ward whose last-year figures a roll-up
    added leave some of its organisations out (`rollup.incomplete_previous_ward`), in the order
    of the issues; `issues` are `Issue`s or their JSON (a roll-up's summary)."""
    return _partial_wards(issues, PARTIAL_PREVIOUS)


def previous_scope_words(issues: Iterable[Any]) -> str | None:
    """What last year's record used lacks or has beyond this run's organisations, in the words
    of `form.previous_other_orgs` (its value: "thiếu 2 tổ chức của lần tổng hợp này (A02, A03),
    có 1 tổ chức lần tổng hợp này không có (B01)"), which the forms' and the report's scope
    notes repeat; None when the run said none. `issues` are `Issue`s or their JSON."""
    for issue in _of_code(issues, "form.previous_other_orgs"):
        value = _getter(issue)("value")
        if isinstance(value, str) and value:
            return value
    return None


def partial_current(issues: Iterable[Any]) -> list[tuple[str, str]]:
    """As `partial_previous`, of the wards whose own run this period left some of their
    organisations out (`rollup.incomplete_ward`)."""
    return _partial_wards(issues, PARTIAL_CURRENT)


def incomplete_wards_words(
    wards: Sequence[tuple[str, str]],
    count: Callable[[int], str] = vnformat.number,
    shown: int = MAX_NAMED,
    outside: Mapping[str, int] | None = None,
) -> str:
    """The wards a roll-up added whose own run left some of their organisations out (`wards`, of
    `partial_current`), in the words of `Tổng hợp`'s row 3, which the report's opening and its
    table's note repeat: "1 phường được tổng hợp nhưng số liệu của phường chưa đủ các tổ
    chức đảng (Phường Đông: 70/72 tổ chức)" (the first
    `shown`; `count` writes the number of wards). A ward with organisations outside its registry
    that sent a file (`outside`, ward to count, of `outside_wards`) says them beside its count:
    "Phường Hai: 72/72 tổ chức" alone read as whole (review341)."""
    outside = outside or {}
    named = "; ".join(
        f"{ward}: {value} tổ chức{_beside(outside.get(ward, 0), count)}" for ward, value in wards[:shown]
    )
    more = ", …" if len(wards) > shown else ""
    return (
        f"{count(len(wards))} phường được tổng hợp nhưng số liệu của phường chưa đủ các tổ chức đảng "
        f"({named}{more})"
    )


def _beside(outside: int, count: Callable[[int], str] = vnformat.number) -> str:
    """', ngoài ra 1 tổ chức chưa có trong danh mục có nộp tệp, không được tổng hợp' after a
    count of a registry's organisations inside brackets of their own ("trong danh mục" first);
    '' when none was outside it."""
    return f" trong danh mục, {outside_phrase(outside, count=count)}" if outside > 0 else ""


def registry_consolidated_words(
    done: int, expected: int, outside: int, count: Callable[[int], str] = vnformat.number
) -> str:
    """'70/72 tổ chức đã tổng hợp', or with organisations outside the registry that sent a file
    '72/72 tổ chức trong danh mục đã tổng hợp (ngoài ra 1 …)': said of the admissions of a run
    whose rate of target may be low (`summary_lines.target_scope`); "gồm 72/72 tổ chức đã tổng
    hợp, nên tỷ lệ thực tế có thể cao hơn" read as whole and short at once (review341)."""
    fraction = f"{vnformat.number(done)}/{vnformat.number(expected)} tổ chức"
    if outside <= 0:
        return f"{fraction} đã tổng hợp"
    return f"{fraction}{base_words(None)} đã tổng hợp ({outside_phrase(outside, count=count)})"


def _partial_wards(issues: Iterable[Any], code: str) -> list[tuple[str, str]]:
    found = []
    for issue in _of_code(issues, code):
        get = _getter(issue)
        ward, value = get("org_code"), get("value")
        if isinstance(ward, str) and isinstance(value, str):
            found.append((ward, value))
    return found


def previous_gap_words(missing: int, wards: Sequence[tuple[str, str]] | None = None) -> str:
    """What last year's figures lack, said after their count of organisations: a run's, "lần
    tổng hợp đó thiếu 7 tổ chức"; a roll-up's (`wards`, of `partial_previous`; None for a
    ward's run), which is no one run, by its wards: "số liệu năm trước của Phường Châu chỉ gồm
    20/43 tổ chức" (the first `MAX_NAMED`), or, when its summary does not name them (of an
    older version), "số liệu năm trước của các phường thiếu 7 tổ chức"."""
    return _gap_words(missing, wards, "lần tổng hợp đó", "số liệu năm trước của")


def current_gap_words(missing: int, wards: Sequence[tuple[str, str]] | None = None) -> str:
    """As `previous_gap_words`, of this period's figures: "lần tổng hợp này thiếu 7 tổ chức",
    or a roll-up's by its wards (`partial_current`): "số liệu của Phường Châu chỉ gồm 20/43 tổ
    chức"."""
    return _gap_words(missing, wards, "lần tổng hợp này", "số liệu của")


def _gap_words(missing: int, wards: Sequence[tuple[str, str]] | None, run: str, of: str) -> str:
    if wards is None:
        return f"{run} thiếu {vnformat.number(missing)} tổ chức"
    if not wards:
        return f"{of} các phường thiếu {vnformat.number(missing)} tổ chức"
    named = "; của ".join(f"{ward} chỉ gồm {value} tổ chức" for ward, value in wards[:MAX_NAMED])
    more = f"; và {vnformat.number(len(wards) - MAX_NAMED)} phường khác" if len(wards) > MAX_NAMED else ""
    return f"{of} {named}{more}"


def scope_gaps(
    current: Indicators | None,
    previous: Indicators | None,
    current_wards: Sequence[tuple[str, str]] | None = None,
    previous_wards: Sequence[tuple[str, str]] | None = None,
    previous_scope: str | None = None,
    *,
    label: str | None = None,
    outside: Sequence[tuple[str, int]] = (),
    common: CommonFigures | None = None,
) -> list[str]:
    """What makes a run's organisations and those of its same period of last year differ, one
    phrase each, not capitalised: this run lacking some (`missing_orgs` of `current`; a
    roll-up's named by its wards, `current_wards` of `partial_current`), last year's lacking some
    (of `previous`; a roll-up's by `previous_wards` of `partial_previous`), last year's record of
    other organisations (`previous_scope`, `previous_scope_words`: a ward's run only); empty
    when they are the same, or without last year's figures (`label`: the words of the base,
    `outside`: a roll-up's wards with organisations outside their registry, `outside_words`).
    Empty too when the only gap is a file outside the registry while both runs consolidated
    the same organisations (`outside_only_caveats`, with `common`, the organisations both runs
    consolidated): then the two periods are of the same organisations, and only this period's
    (or last year's) figures lack that file's members (fix347: "chỉ gồm 72/72 tổ chức trong danh
    mục (ngoài ra 1 …), nên hai số này không cùng phạm vi" of two runs of the same 72).
    The one test of "the two periods
    are not of the same organisations": the report's comparison then states no change of the
    totals, and the forms leave their (%) column empty, each saying these phrases."""
    if previous is None or outside_only(current, previous, previous_scope, common):
        return []
    gaps = []
    if (partial := missing_orgs(current)) is not None:
        words = _partial_words(partial, current, current_wards, current_gap_words, label, outside)
        gaps.append(f"số liệu kỳ này {words}")
    if (partial := missing_orgs(previous)) is not None:
        words = _partial_words(partial, previous, previous_wards, previous_gap_words, label)
        gaps.append(f"số liệu cùng kỳ năm trước {words}")
    if previous_scope:
        # Last year's record of other organisations than this run's (hunt104 #1).
        gaps.append(f"lần tổng hợp cùng kỳ năm trước {previous_scope}")
    return gaps


def same_orgs_consolidated(
    current: Indicators | None, previous: Indicators | None, common: CommonFigures | None
) -> bool:
    """Whether a run and its same period of last year consolidated the same organisations: each
    as many as both did (`common.orgs`, matched by `org_code_key`, one given a new code only under
    its old code: `history.session._past_run`; a roll-up's summed ward by ward, so equal only
    when every ward's are); False when not known."""
    now, then = org_coverage(current), org_coverage(previous)
    return common is not None and now is not None and then is not None and now[0] == then[0] == common.orgs


def outside_only(
    current: Indicators | None,
    previous: Indicators | None,
    previous_scope: str | None,
    common: CommonFigures | None,
) -> bool:
    """Whether the only gap of two runs of the same organisations (`same_orgs_consolidated`)
    is a file outside the registry in either: each run's registry all consolidated, one of them
    with files outside it, no record of other organisations (`previous_scope`)."""
    if previous_scope or not (outside_count(current) or outside_count(previous)):
        return False
    for side in (current, previous):
        if (partial := missing_orgs(side)) is not None and partial[0] < partial[1]:
            return False
    return same_orgs_consolidated(current, previous, common)


def outside_only_caveats(
    current: Indicators | None,
    previous: Indicators | None,
    previous_scope: str | None = None,
    common: CommonFigures | None = None,
    outside: Sequence[tuple[str, int]] = (),
) -> list[str]:
    """When `scope_gaps` is empty only because the gap is a file outside the registry of runs
    of the same organisations (`outside_only`), what each run's figures lack, not capitalised:
    "số liệu kỳ này chưa gồm đảng viên của 1 tổ chức chưa có trong danh mục (có nộp tệp, không
    được tổng hợp)" (a roll-up's naming the wards of this period's, `outside`); else empty."""
    if previous is None or not outside_only(current, previous, previous_scope, common):
        return []
    caveats = []
    for run, side, wards in (("kỳ này", current, outside), ("cùng kỳ năm trước", previous, ())):
        if n := outside_count(side):
            caveats.append(
                f"số liệu {run} chưa gồm đảng viên của {vnformat.number(n)} tổ chức chưa có trong danh "
                f"mục{_whose(wards)} (có nộp tệp, không được tổng hợp)"
            )
    return caveats


def _partial_words(
    partial: tuple[int, int],
    indicators: Indicators | None,
    wards: Sequence[tuple[str, str]] | None,
    gap_words: Callable[[int, Sequence[tuple[str, str]] | None], str],
    label: str | None = None,
    wards_outside: Sequence[tuple[str, int]] = (),
) -> str:
    """'chỉ gồm 68/72 tổ chức trong danh mục (lần tổng hợp này thiếu 4 tổ chức; ngoài ra 1 tổ
    chức chưa có trong danh mục có nộp tệp, không được tổng hợp)': what the brackets count
    lacking is of the registry, 72 − 68, as the count before them reads; the file outside it is
    said once, beside (review335: "68/72 … (ngoài ra 1 …) (… thiếu 5 tổ chức)")."""
    done, total = partial
    inside = []
    if wards or total > done:  # a roll-up's wards named, or the registry's organisations lacking
        inside.append(gap_words(total - done, wards))
    if outside := outside_count(indicators):
        inside.append(outside_phrase(outside, wards_outside))
    where = base_words(label) if outside else ""
    return f"chỉ gồm {vnformat.number(done)}/{vnformat.number(total)} tổ chức{where} ({'; '.join(inside)})"


def gaps_words(gaps: Sequence[str]) -> str:
    """`scope_gaps`'s phrases as one clause of the report's "nhưng … nên" sentence and of the
    forms' note: "A và B", "A, B và C" (review159 R6: a semicolon inside the clause read badly)."""
    if len(gaps) <= 1:
        return "".join(gaps)
    return f"{', '.join(gaps[:-1])} và {gaps[-1]}"


def merged_words(names: Sequence[str]) -> str:
    """'các phường cũ Phường A và Phường B': the former wards a merged ward's record of last
    year is the sum of (`PastRun.merged_from`), as the forms, the report, `Xu hướng` and the
    history's commands name them (hunt199 F3)."""
    shown = list(names)
    joined = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} và {shown[-1]}"
    return f"các phường cũ {joined}"


def merged_from(previous: Any) -> list[str]:
    """The former wards' names of last year's figures (a `PastRun` or its JSON), empty unless
    they are a merged ward's sum of them."""
    names = getattr(previous, "merged_from", None)
    if names is None and isinstance(previous, Mapping):
        names = previous.get("merged_from")
    if not isinstance(names, (list, tuple)) or len(names) < 2:
        return []
    return [str(n) for n in names if isinstance(n, str) and n]
