"""Roll-up to the next level: the JSON summaries of several wards as one consolidation above them.

`rollup` reads each ward's summary (`toolkit.io.summary`: bounded, checked), keeps the wards
that can be added together — the same cut-off, change period and forms' period — and adds
their indicators exactly (`toolkit.stats.sums`: counts summed, the mean age and the admission
rates recomputed from the sums; a year a ward admitted members in without a target of its own
has no sum of targets, so no target and no rate, `rollup.no_target`; a ward's target typed for
some of its organisations only is added as stated, and its years kept and said,
`rollup.partial_targets`). The result is a
`ConsolidationResult` of level `rollup` whose organisations are the wards, so the same
writers make the same workbook one level up (a per-ward table, the statistics sheet, the
forms) and the same JSON summary, marked `level: "rollup"` so that it is never added again as
a ward.

A summary that cannot be read, a ward of another cut-off or period, or a run that
consolidated no organisation (no ward's figures: it chooses no cut-off) is an issue
(`rollup.*`) and is not added; it never stops the others. A ward's summary (`summary_shaped`:
it names its ward or has a summary's keys, however broken its figures, a NaN among them:
`parse_loosely`) stays a ward of the
roll-up, named after its file when it cannot say its own name, excluded with its reason; any
other file (not JSON, another program's JSON, a renamed workbook) is no ward's, neither counted
nor named as one: a source of no organisation, as a ward's run has them (hunt332 F3). What would count
a ward twice stops the roll-up instead (`SummaryError`, nothing is written): two summaries of
one run (the same `run_id`, or the same bytes), two summaries of one ward — the same
`ward_name` (a leading "Đảng bộ" left out), the same organisations (codes and names; codes
alone repeat across wards) unless both name their ward and not alike (a district's standard
registry gives every ward the same list: added, and said, `rollup.same_organisations`), or
most of the smaller one's organisations with the same figures
(its list grown by a late file), whatever their names, all compared as the history compares
ward names (`ward_key`) — and a
summary that is itself a roll-up (`toolkit.io.summary.is_rollup`), whose wards would be added
again. Every ward's file is named as `validate` names files (`file_labels`): files of one name
from two folders (every ward's `consolidate` names its summary alike) by their paths from the
folder they share, in the issues, the sources and the wards' rows alike, so that each `Kiểm
tra` link opens its own ward's file. Like the pipeline, this
module writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import combinations
from pathlib import Path
from typing import Any, TypeVar

from toolkit.core import vnformat, vocab
from toolkit.core.dates import form_period_across_years, same_period_last_year
from toolkit.core.errors import SummaryError, WardStatsError, unexpected_cause
from toolkit.core.layout import versions_counted
from toolkit.core.model import ConsolidationResult, Issue, OrgResult, PastRun, SourceFile
from toolkit.core.rules import RULES, make_issue, named_files
from toolkit.core.text import file_labels, tidy_name, ward_key
from toolkit.io.files import resolved
from toolkit.io.summary import (
    HINT,
    check_summary,
    consolidated_any,
    figure_name,
    holds_personal_data,
    is_rollup,
    parse_loosely,
    parse_summary,
    read_summary_text,
    rollup_words,
    summary_shaped,
    written_by_older_version,
)
from toolkit.stats.coverage import (
    MAX_NAMED,
    NAME_WITHOUT_ACCENTS,
    WARD_FORM_WARNING,
    added_common,
    common_of,
    late_start_list,
    late_start_words,
    late_starts,
    missing_orgs,
    outside_count,
    outside_phrase,
    summary_accent_pair_codes,
    summary_accent_pairs,
    years_missing,
    years_missing_list,
    years_unrated,
)
from toolkit.stats.indicators import period_years
from toolkit.stats.sums import MEANS, is_derived, lacks_target, sum_indicators, with_implied_parts

SHOWN_IDS = 8  # ids named in one `rollup.incomplete_indicator` message
# Why a ward's summary lacks ids (`rollup.incomplete_indicator`).
OLDER_VERSION = "tệp của phiên bản cũ hơn"
EDITED_FILE = "tệp có thể đã bị sửa bằng tay hoặc bị hỏng"
# The version number has not changed with every id added: a summary of this number lacking an id
# may be of an earlier build as well as edited or damaged.
OLDER_OR_EDITED = "tệp có thể do phiên bản ward-stats cũ hơn tạo ra, hoặc đã bị sửa bằng tay hay bị hỏng"
# A ward whose last year was typed from the forms sent up (`previous.typed_forms`): the forms
# give their own lines only, so the ids only a consolidation makes are missing, and no new run
# can give them (h234's finding).
TYPED_FORMS = (
    "số liệu năm trước được chép từ các biểu đã gửi năm trước, mà biểu chỉ có các dòng của biểu, "
    "không có các chỉ tiêu khác"
)
# What the office does about a ward's missing ids (`rollup.incomplete_indicator`'s `advice`).
ASK_AGAIN = "Hãy đề nghị phường tổng hợp lại bằng phiên bản hiện tại rồi gửi tệp mới."
NOTHING_TO_REDO = (
    "Phường không cần làm lại gì: các biểu đã gửi năm trước không có các chỉ tiêu ấy; số liệu năm nay "
    "do ward-stats tổng hợp có đủ, nên cùng kỳ năm sau có đủ."
)
SHOWN_PAIRS = 5  # pairs of files of one ward named in one refusal
SHOWN_ORGS = 5  # organisations named when two summaries share them
# Words a ward's name may start with that name its Party committee, not another ward:
# "Đảng bộ phường Én" is "Phường Én".
PARTY_WORDS = ("đảng bộ ", "đảng ủy ", "đảng uỷ ")
NOT_WRITTEN = "Chưa ghi tệp kết quả nào."
# A ward's own warnings about the figures of its forms (`form.opening_mismatch`, …): said at its
# file by `rollup.ward_form_warning`.
FORM_WARNINGS = "form."
# Of those, the checks a ward's run could not make, whose figures are not in doubt for it: a
# ward opening left unchecked because its earlier record does not say its coverage (a first
# year's typed or imported figures: most wards of a district at its first Q1) is cleared by no
# new run of the ward, and asking for one sent every such ward back for nothing (review231 R1).
# Nor is a ward whose history had last year only of another forms' period
# (`form.previous_other_period`): its figures are whole; its file has no last year, which the
# roll-up's own note on its empty `Cùng kỳ năm trước` says.
# Nor is a ward whose opening was checked at an earlier cut-off only, the previous quarter's
# closing not being in its history (`form.opening_unrecorded`, hunt321 #6).
NOT_DOUBTED = frozenset(
    {"form.ward_opening_unchecked", "form.previous_other_period", "form.opening_unrecorded"}
)
# Of those, what the roll-up says of its own forms, once (`_period_across_years`), rather than as
# a doubt on each ward's figures: a forms' period starting in an earlier year than the cut-off,
# which every added ward shares (`_align` leaves out the others).
SAID_OF_ROLLUP = frozenset({"form.period_across_years"})


@dataclass
class WardSummary:
    path: Path
    sha256: str | None
    seconds: float
    label: str = ""  # how its file is named (`file_labels`): its path when another's name is the same
    data: dict[str, Any] | None = None  # None: unreadable
    name: str = ""  # its `ward_name`, else the file's name
    named: bool = False  # the name is its `ward_name`
    included: bool = False
    reason: str | None = None  # why it is not added (Vietnamese), None while it is
    # A ward's summary, however broken its figures (`summary_shaped`); False: a file that is no
    # ward's (not JSON, another program's JSON, a renamed workbook), neither counted nor named
    # as a ward: a source of no organisation (hunt332 F3).
    ward: bool = True
    # The `ward_name` a summary refused for its figures gives (readable JSON, a non-empty text):
    # it names the ward left out beside its file's name (`_identify`), "" for none.
    refused_name: str = ""
    # How the outputs that list wards in words name it, when not by `name` alone: a ward refused
    # for its figures, by its `refused_name` and its file ("Phường Dừa trong tệp “w3_hong.json”",
    # the JSON's `org_name`); "" for any other.
    shown: str = ""

    def date(self, key: str) -> dt.date:
        assert self.data is not None
        return dt.date.fromisoformat(str(self.data[key]))

    @property
    def form_period(self) -> tuple[dt.date, dt.date] | None:
        assert self.data is not None
        given = self.data.get("form_period")
        return (dt.date.fromisoformat(given[0]), dt.date.fromisoformat(given[1])) if given else None

    @property
    def organisations(self) -> frozenset[tuple[str, str]]:
        """Its organisations as (code, name) keys: what a ward is made of, whatever it is called."""
        assert self.data is not None
        return frozenset(
            (_key(o["org_code"]), _key(o.get("org_name"))) for o in self.data.get("organisations") or []
        )

    @property
    def figures(self) -> dict[tuple[str, str], frozenset[tuple[str, Any]]]:
        """Its consolidated organisations' figures (all their indicators) by (code, name) key:
        what two runs of one ward at one cut-off have in common for every organisation whose
        file did not change, and two wards never have (an organisation's hundreds of counts,
        not only its name)."""
        assert self.data is not None
        out: dict[tuple[str, str], frozenset[tuple[str, Any]]] = {}
        for org in self.data.get("organisations") or []:
            figures = org.get("indicators")
            if org.get("status", "consolidated") == "consolidated" and isinstance(figures, dict) and figures:
                key = (_key(org["org_code"]), _key(org.get("org_name")))
                out[key] = frozenset(figures.items())  # numbers (`check_summary`): hashable
        return out

    def shown_orgs(self, keys: set[tuple[str, str]]) -> str:
        """The organisations of `keys` as the clerk reads them (code and name, the first few)."""
        assert self.data is not None
        named = []
        for org in self.data.get("organisations") or []:
            if (_key(org["org_code"]), _key(org.get("org_name"))) in keys:
                named.append(" ".join(f"{org['org_code']} {org.get('org_name') or ''}".split()))
        more = f" và {len(named) - SHOWN_ORGS} tổ chức khác" if len(named) > SHOWN_ORGS else ""
        return ", ".join(named[:SHOWN_ORGS]) + more


def _key(text: object) -> str:
    """How two summaries' names, codes and run ids are compared: as the history compares ward
    names (`ward_key`: spaces made single, case folded, one Unicode form, so that a name typed
    with combining accents is the same name)."""
    return ward_key(str(text or ""))


def _ward_name_key(name: str) -> str:
    """How two summaries' ward names are compared: as `_key`, the words of a Party committee at
    the start left out ("Đảng bộ phường Én" and "Phường Én" are one ward)."""
    key = _key(name)
    for words in PARTY_WORDS:
        if key.startswith(words):
            return key.removeprefix(words)
    return key


def _read(path: Path, label: str, issues: list[Issue]) -> WardSummary:
    started = time.perf_counter()
    data: Any = None
    text: str | None = None
    try:
        text = read_summary_text(path, label)
        ward = WardSummary(path, hashlib.sha256(text.encode("utf-8")).hexdigest(), 0.0, label)
        data = parse_summary(text, label)
        check_summary(data, label)
        ward.data = data
    except SummaryError as exc:
        issues.append(make_issue("rollup.unreadable", file=label, reason=exc.message_vi))
        if data is None and text is not None:  # a value no number (NaN…): whose file it is all the same
            data = parse_loosely(text)
        ward = WardSummary(path, None, 0.0, label, reason=exc.message_vi, ward=summary_shaped(data))
        given = data.get("ward_name") if isinstance(data, dict) else None
        ward.refused_name = (tidy_name(given) or "") if isinstance(given, str) else ""
    ward.seconds = round(time.perf_counter() - started, 3)
    return ward


def _personal_data(wards: list[WardSummary], issues: list[Issue]) -> None:
    """`rollup.personal_data` for each ward's summary that says it holds its members' personal
    data (`personal_data: true`, written by `consolidate --personal-data`): the roll-up adds its
    figures and never its issues' words, and says that the file is the ward office's, not one
    to send up (hunt249 F7)."""
    for ward in wards:
        if ward.data is not None and holds_personal_data(ward.data):
            issues.append(
                make_issue("rollup.personal_data", file=ward.label, org_code=ward.name, shown=ward.label)
            )


def _refuse_rollups(wards: list[WardSummary]) -> None:
    """A roll-up is not a ward: added to wards, the wards it holds would count twice."""
    for ward in wards:
        if ward.data is not None and is_rollup(ward.data):
            raise SummaryError(
                f"Không tổng hợp lên cấp trên: {rollup_words(ward.data, str(ward.path))}; cộng tệp này "
                "với các tệp khác sẽ tính các phường trong đó thêm một lần. Hãy dùng tệp JSON của từng "
                f"phường (do lệnh “ward-stats consolidate --json” tạo ra). {NOT_WRITTEN}"
            )


def _identities(ward: WardSummary) -> list[tuple[tuple[str, object], str]]:
    """What makes `ward` one run and one ward, each with the words that say so when another
    summary has it too (strongest first)."""
    assert ward.data is not None
    found: list[tuple[tuple[str, object], str]] = [
        (("file", resolved(ward.path)), "là cùng một tệp, được chọn hai lần"),
        (("bytes", ward.sha256), "là hai bản của cùng một tệp (nội dung giống hệt)"),
    ]
    run_id = ward.data.get("run_id")
    if _key(run_id):
        shown = " ".join(str(run_id).split())
        found.append((("run", _key(run_id)), f"là cùng một lần tổng hợp (mã lần chạy {shown})"))
    if ward.named:
        found.append((("name", _ward_name_key(ward.name)), f"là số liệu của cùng một phường “{ward.name}”"))
    organisations = ward.organisations
    if organisations:
        words = f"là số liệu của cùng một phường (cùng danh sách {len(organisations)} tổ chức)"
        found.append((("organisations", organisations), words))
    return found


Figures = dict[tuple[str, str], frozenset[tuple[str, Any]]]


def _same_figures(mine: Figures, theirs: Figures) -> set[tuple[str, str]] | None:
    """The organisations two summaries give the same code, name and figures (`WardSummary.figures`),
    when they are most of the smaller one's (at least two): two runs of one ward at one
    cut-off, its list grown or shrunk by a late or a broken file, whatever the ward is called
    in each. Different wards share organisations' codes and names ("Chi bộ Tổ dân phố số 1"),
    never their figures."""
    same = {key for key, figures in mine.items() if theirs.get(key) == figures}
    if len(same) >= 2 and 2 * len(same) > min(len(mine), len(theirs)):
        return same
    return None


def _refuse_twice(wards: list[WardSummary]) -> None:
    """Two summaries of one run or one ward: which one is right is the user's to say, so
    nothing is added (each later file is named with the first one it repeats)."""
    first: dict[tuple[str, object], int] = {}
    pairs: dict[tuple[int, int], str] = {}
    by_name: set[tuple[int, int]] = set()  # pairs refused for their ward name alone
    for n, ward in enumerate(wards):
        if ward.data is None:
            continue
        for identity, words in _identities(ward):
            earlier = first.setdefault(identity, n)
            if earlier == n or (earlier, n) in pairs:
                continue
            if identity[0] == "organisations" and _two_names(wards[earlier], ward):
                continue  # two wards of one registry's generic list, perhaps: `_warn_alike` says it
            if identity[0] == "name":
                by_name.add((earlier, n))
                # As the first file spells it; both when they differ by more than case and spaces.
                words = f"là số liệu của cùng một phường “{wards[earlier].name}”"
                if _key(wards[earlier].name) != _key(ward.name):
                    words = f"là số liệu của cùng một phường (“{wards[earlier].name}” và “{ward.name}”)"
            pairs[(earlier, n)] = f"“{wards[earlier].path}” và “{ward.path}” {words}"
    readable = [(n, w, w.figures) for n, w in enumerate(wards) if w.data is not None]
    for (m, one, mine), (n, other, theirs) in combinations(readable, 2):
        if (m, n) not in pairs and (same := _same_figures(mine, theirs)) is not None:
            pairs[(m, n)] = (
                f"“{one.path}” và “{other.path}” là số liệu của cùng một phường ({len(same)} tổ chức "
                f"cùng mã, cùng tên và cùng số liệu ở cả hai tệp: {one.shown_orgs(same)})"
            )
    if pairs:
        pairs = dict(sorted(pairs.items(), key=lambda item: (item[0][1], item[0][0])))
        said = list(pairs.values())
        more = f"; và {len(said) - SHOWN_PAIRS} cặp tệp khác" if len(said) > SHOWN_PAIRS else ""
        # Two wards may share a name ("Phường 1" of two districts): keeping one file would drop
        # a ward, so the way to tell them apart is said too (hunt123 F2).
        two_wards = (
            " Nếu hai tệp cùng tên phường là của hai phường khác nhau (như “Phường 1” của hai quận), "
            "hãy tổng hợp lại một phường với tên phân biệt (ô “Tên phường” của sheet “Điều khiển” hoặc "
            "--ward-name, ví dụ “Phường 1, Quận 3”) rồi dùng tệp JSON mới của phường đó."
            if by_name & set(pairs)
            else ""
        )
        raise SummaryError(
            f"Không tổng hợp lên cấp trên: {'; '.join(said[:SHOWN_PAIRS])}{more}. Mỗi phường chỉ được "
            f"cộng một lần: hãy chỉ giữ một tệp đúng của mỗi phường rồi tổng hợp lại.{two_wards} "
            f"{NOT_WRITTEN}"
        )


def _two_names(one: WardSummary, other: WardSummary) -> bool:
    """Both summaries name their ward, and not alike (`_ward_name_key`): the same list of
    organisations (codes and names) is then no proof of one ward, as a district's standard
    registry gives every ward "Chi bộ Tổ dân phố số 1…n" (hunt123 F2: refusing it told the
    office to keep one file, dropping a real ward). Runs, bytes and figures still tell one ward."""
    return one.named and other.named and _ward_name_key(one.name) != _ward_name_key(other.name)


def _warn_alike(included: list[WardSummary], issues: list[Issue]) -> None:
    """`rollup.same_organisations` for two added summaries that are not both named and share
    most of the smaller one's organisations (codes and names, at least two) with other figures:
    perhaps two runs of one ward far apart, perhaps two wards of generic organisations
    ("Chi bộ Tổ dân phố số 1"), which the roll-up cannot tell apart, so it adds both and says
    so. Two named wards are the wards their names say, unless their whole lists are the same
    (`_two_names`: not refused, but said, naming both wards, in case one ward's files were
    given under two names)."""
    lists = [(w, w.organisations) for w in included]
    for (one, mine), (other, theirs) in combinations(lists, 2):
        if one.named and other.named and mine != theirs:
            continue
        common = {key for key in mine & theirs if key[0]}
        if len(common) < 2 or 2 * len(common) <= min(len(mine), len(theirs)):
            continue
        if one.named and other.named:
            names = f"ghi tên hai phường khác nhau (“{one.name}” và “{other.name}”)"
        elif one.named or other.named:
            names = "có một tệp không ghi tên phường"
        else:
            names = "đều không ghi tên phường"
        issues.append(
            make_issue(
                "rollup.same_organisations",
                file=other.label,
                org_code=other.name,
                other=one.label,  # as `file` names its own: never an absolute path in the outputs
                names=names,
                count=vnformat.number(len(common)),
                orgs=other.shown_orgs(common),
            )
        )


def _leave_out_empty(wards: list[WardSummary], issues: list[Issue]) -> None:
    """A summary of a run that consolidated no organisation (a wrong folder or cut-off) is no
    ward's figures, as the history says of it (`history.empty_run`): it is left out before the
    cut-off and the period are chosen, so it neither adds its zeros nor outvotes a real ward.
    (A summary without the count, of an older version, is taken as it is.)"""
    for ward in wards:
        if ward.included and ward.data is not None and not consolidated_any(ward.data["indicators"]):
            cutoff = vnformat.message_date(ward.date("cutoff_date"))
            issue = make_issue(
                "rollup.empty_ward", file=ward.label, org_code=ward.name, value=cutoff, ward=ward.name
            )
            ward.included, ward.reason = False, issue.message
            issues.append(issue)


def _identify(wards: list[WardSummary], issues: list[Issue]) -> None:
    """Name each ward: its `ward_name`, else its file's name (`_file_names`). A summary that
    could not be read stays out of the sum and is named after its file too: when it is readable
    JSON that gives a `ward_name`, by that name (its `org_code` and `Kiểm tra`'s ward column,
    beside the file's own column; the file's name when another ward of the roll-up has that name)
    and, where wards are listed in words, by that name with its file's, "Phường Dừa trong tệp
    “w3_hong.json”" (`shown`, the JSON's `org_name`), so that the clerk knows the ward and finds
    the file (hunt337 F5: "w3_hong bị loại"). Not "Phường Dừa (“w3_hong.json”)": the report lists
    the wards left out in brackets, which nested (fix342)."""
    for ward in wards:
        ward.name = tidy_name(str((ward.data or {}).get("ward_name") or "")) or ""
        ward.named, ward.included = bool(ward.name), ward.data is not None
    nameless = [w for w in wards if not w.named and w.ward]  # a file of no ward is named by none
    by_file = _file_names(nameless)
    for ward in nameless:
        if ward.data is not None:  # one that could not be read has its `rollup.unreadable`
            issues.append(make_issue("rollup.no_ward_name", file=ward.label))
        ward.name = by_file[id(ward)]
    others = Counter(_ward_name_key(w.name) for w in wards if w.ward)
    for ward in nameless:
        if ward.refused_name:
            ward.shown = f"{ward.refused_name} trong tệp “{ward.label}”"
            if others[_ward_name_key(ward.refused_name)] == 0:
                ward.name = ward.refused_name
                others[_ward_name_key(ward.name)] += 1
    # Its refusal (`_read`, named before the wards were) names it in `Kiểm tra`'s ward column too.
    refused = {w.label: w.name for w in wards if w.ward and w.data is None}
    for i, issue in enumerate(issues):
        if issue.code == "rollup.unreadable" and issue.org_code is None and issue.file in refused:
            issues[i] = replace(issue, org_code=refused[issue.file])


def _file_names(nameless: list[WardSummary]) -> dict[int, str]:
    """The names of wards whose summaries say none (by `id`): the file's name without its
    suffix; when two such files share that name (every ward's `consolidate` names its summary
    `tong_hop_phuong_<cut-off>.json`), its label (`file_labels`: the path from the folder they
    share, "x1/tong_hop") without the suffix, or whole when that still reads as another's. Never
    the absolute path: it went into `Theo phường`, the forms and the JSON sent to the level
    above, on Windows with the user's folder name in it (hunt123 F4)."""
    stems = Counter(w.path.stem for w in nameless)
    names = {
        id(w): w.path.stem if stems[w.path.stem] == 1 else w.label.removesuffix(w.path.suffix) or w.label
        for w in nameless
    }
    taken = Counter(names.values())
    return {id(w): names[id(w)] if taken[names[id(w)]] == 1 else w.label for w in nameless}


def _most_common(values: list[Any]) -> Any:
    """The value most wards have (ties: the latest, so a stray old file does not win)."""
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], v))


def _majority(
    included: list[WardSummary],
    value_of: Callable[[WardSummary], Any],
    shown: Callable[[Any], str],
    what: str,
    agree: str,
) -> Any:
    """The value (a cut-off, a period) most wards have; the others are left out against it.
    With no strict majority (one ward against one, two against two) no ward is the odd one
    out, and choosing one value (the later, as `_most_common` did) left a ward out "against
    the other wards" that were as few as it (hunt123 F3): the roll-up stops instead, listing
    the wards under each value, for the office to say which is the level above's and have the
    others re-run (whatever is chosen, their summaries are of another date or span of time and
    are never added; the roll-up has no option to choose, design §8a)."""
    counts = Counter(value_of(w) for w in included)
    ranked = counts.most_common()
    if len(ranked) < 2 or ranked[0][1] > ranked[1][1]:
        return ranked[0][0]
    groups = []
    for value, _ in sorted(ranked, key=lambda item: item[0]):
        named = [w for w in included if value_of(w) == value]
        files = ", ".join(f"{w.name} (“{w.label}”)" if w.named else f"“{w.label}”" for w in named)
        groups.append(f"{shown(value)}: {files}")
    raise SummaryError(
        f"Không tổng hợp lên cấp trên: các phường không cùng {what}, và không có {what} nào của phần "
        f"lớn các phường để chọn: {'; '.join(groups)}. Hãy thống nhất {agree}, đề nghị các phường có "
        f"{what} khác tổng hợp lại với {what} đó rồi tổng hợp lên cấp trên. {NOT_WRITTEN}"
    )


def _leave_out(
    ward: WardSummary, issues: list[Issue], code: str, value: str, expected: str, **more: str
) -> None:
    issue = make_issue(code, file=ward.label, org_code=ward.name, value=value, expected=expected, **more)
    ward.included, ward.reason = False, issue.message
    issues.append(issue)


def _align(wards: list[WardSummary], issues: list[Issue]) -> tuple[dt.date, dt.date, tuple[dt.date, dt.date]]:
    """The cut-off, change period start and forms' period of the roll-up; wards that differ
    are left out."""
    from toolkit.core import vnformat
    from toolkit.core.model import default_form_period

    included = [w for w in wards if w.included]
    cutoff = _majority(
        included,
        lambda w: w.date("cutoff_date"),
        lambda d: f"ngày chốt {vnformat.message_date(d)}",
        "ngày chốt",
        "cùng một ngày chốt (ngày chốt của báo cáo cấp trên)",
    )
    for ward in included:
        if ward.date("cutoff_date") != cutoff:
            found, wanted = vnformat.message_date(ward.date("cutoff_date")), vnformat.message_date(cutoff)
            _leave_out(ward, issues, "rollup.cutoff_mismatch", found, wanted)
    included = [w for w in included if w.included]

    def periods(w: WardSummary) -> tuple[dt.date, tuple[dt.date, dt.date]]:
        start = w.date("period_start")
        return start, w.form_period or default_form_period(start, cutoff)

    def words(
        period: tuple[dt.date, tuple[dt.date, dt.date]], other: tuple[dt.date, tuple[dt.date, dt.date]]
    ) -> str:
        """Only the parts of `period` that differ from `other`'s, so the clerk sees which."""
        (start, form), parts = period, []
        if start != other[0]:
            parts.append(f"biến động tính từ ngày {vnformat.message_date(start)}")
        if form != other[1]:
            shown = f"{vnformat.message_date(form[0])}–{vnformat.message_date(form[1])}"
            parts.append(f"kỳ báo cáo của Biểu 1–4-BTCTW {shown}")
        return ", ".join(parts)

    def shown(period: tuple[dt.date, tuple[dt.date, dt.date]]) -> str:
        """Each of the disagreeing periods in the parts where any two of them differ."""
        others = {periods(w) for w in included} - {period}
        return ", ".join(dict.fromkeys(p for other in others for p in words(period, other).split(", ")))

    chosen = _majority(
        included,
        periods,
        shown,
        "kỳ số liệu",
        "cùng một kỳ (kỳ báo cáo của Biểu 1–4-BTCTW và ngày bắt đầu tính biến động của cấp trên)",
    )
    # The wards' period may itself be the one to correct (`form.period_across_years`, said of
    # the roll-up's forms): a ward of a period within the cut-off's year is then not asked to
    # run again with theirs (review256 R1).
    across = form_period_across_years(chosen[1][0], cutoff) is not None
    for ward in included:
        if periods(ward) != chosen:
            own = periods(ward)
            fix = (
                PERIOD_MAYBE_RIGHT
                if across and own[1] != chosen[1] and form_period_across_years(own[1][0], cutoff) is None
                else PERIOD_RUN_AGAIN
            )
            _leave_out(
                ward, issues, "rollup.period_mismatch", words(own, chosen), words(chosen, own), fix=fix
            )
    return cutoff, chosen[0], chosen[1]


# What `rollup.period_mismatch` asks of a ward left out: to run again with the others' period;
# or, when the others' forms start in an earlier year (`form.period_across_years`) and this
# ward's do not, to look at which is right (review256 R1: the ward of the likely right period was
# asked to run again with the others' wrong one, beside a warning asking the others to fix it).
PERIOD_RUN_AGAIN = "Hãy tổng hợp lại phường này với cùng kỳ."
PERIOD_MAYBE_RIGHT = (
    "Kỳ báo cáo của các phường khác bắt đầu từ năm trước (xem cảnh báo về kỳ báo cáo của Biểu "
    "1\u20134-BTCTW): nếu kỳ của tệp này là đúng, hãy đề nghị các phường khác ghi lại ngày bắt đầu "
    "kỳ báo cáo, tổng hợp lại và gửi tệp mới; nếu không, hãy tổng hợp lại phường này với cùng kỳ."
)


_T = TypeVar("_T")
# What a check of the wards' summaries that fails may have left unchecked (`rollup.check_failed`).
# A check of each ward in turn (`_each_ward`) keeps the issues of the wards before its failure:
# it "may not have said all" (review187 F6), not "checked none".
_UNCHECKED = {
    "_leave_out_empty": ", nên tệp của lần tổng hợp không tổng hợp được tổ chức nào có thể vẫn được cộng",
    "_warn_alike": ", nên hai tệp có thể của cùng một phường chưa được phát hiện",
    "_align": (
        ", nên chỉ các tệp có cùng ngày chốt và kỳ số liệu với phần lớn các phường được cộng; các tệp "
        "khác không được cộng"
    ),
    "_incomplete": ", nên có thể chưa nêu hết các phường tổng hợp thiếu tổ chức",
    "_late": (
        ", nên có thể chưa nêu hết các phường có tổ chức chỉ ghi biến động từ sau ngày bắt đầu kỳ (các "
        "biểu không ghi chú biến động có thể thiếu)"
    ),
    "_years_lacking": (
        ", nên có thể chưa nêu hết các phường có tổ chức thiếu số liệu năm (các biểu không ghi chú số "
        "liệu có thể thiếu)"
    ),
    "_years_unrated": (
        ", nên có thể chưa nêu hết các phường có tổ chức chưa nhập kết quả xếp loại của năm đã kết thúc"
    ),
    "_form_warnings": ", nên có thể chưa nêu hết cảnh báo về số liệu các biểu của từng phường",
    "_period_across_years": (
        ", nên chưa kiểm tra được kỳ báo cáo của các biểu có bắt đầu từ năm trước năm của ngày chốt hay không"
    ),
    "_previous": ", nên cột \u201cCùng kỳ năm trước\u201d của các biểu để trống",
    "_partial_previous": ", nên chưa kiểm tra được số liệu cùng kỳ năm trước của phường nào thiếu tổ chức",
    "_partial_targets": (
        ", nên chưa kiểm tra được phường nào chỉ có chỉ tiêu kết nạp của một số tổ chức (tỷ lệ đạt "
        "chỉ tiêu có thể cao hơn thực tế mà không được ghi chú)"
    ),
}
# Why `Cùng kỳ năm trước` is empty (the forms' note) when `_previous` failed.
PREVIOUS_FAILED = (
    "lỗi chương trình khi cộng số liệu năm trước của các phường (chi tiết ở sheet \u201cKiểm tra\u201d)"
)


def _checked(name: str, issues: list[Issue], call: Callable[[], _T], failed: Callable[[Issue], _T]) -> _T:
    """What the check `name` (`call`) gives; should it fail (a fault of the program), a
    `rollup.check_failed` error naming it, added to `issues`, and what `failed` makes of that
    error: the findings it made before are kept and the roll-up goes on, as `validation.run`
    does with a check that fails (hunt173 A: the roll-up stopped with an unexpected error). A
    refusal the check means (`SummaryError`: no majority of the wards) is said as it is; a Ctrl+C
    or an exit is no `Exception` and goes through."""
    try:
        return call()
    except WardStatsError:
        raise
    except Exception as exc:
        issue = make_issue(
            "rollup.check_failed", reason=f"{name}: {unexpected_cause(exc)}", consequence=_UNCHECKED[name]
        )
        issues.append(issue)
        return failed(issue)


def _each_ward(
    included: list[WardSummary], check: Callable[[WardSummary], Issue | None], issues: list[Issue]
) -> None:
    """`check`'s issue of each ward, if any, added to `issues` as it is found."""
    for ward in included:
        if (issue := check(ward)) is not None:
            issues.append(issue)


@dataclass(frozen=True)
class _NoPrevious:
    """Why a roll-up has no last year's figures, twice: in the forms' note on the empty
    `Cùng kỳ năm trước` (`note`, its dates as the forms write them, `vnformat.date`, 31/3/2025)
    and in the issue `rollup.no_previous` (`message`, as every message writes them,
    `vnformat.message_date`, 31/03/2025). One text served both, and the issue said 31/3/2025
    among the messages' 31/03/2025 (fix382)."""

    note: str
    message: str

    @classmethod
    def of(cls, words: Callable[[Callable[[dt.date], str]], str]) -> _NoPrevious:
        """`words` written with each writer of dates."""
        return cls(words(vnformat.date), words(vnformat.message_date))


def _no_previous(failure: Issue) -> tuple[PastRun | None, _NoPrevious | None, list[WardSummary]]:
    """`_previous` when it fails: no last year, as when no ward's file has it, its forms' note
    saying why (`PREVIOUS_FAILED`) and no ward blamed for it (`rollup.no_previous`)."""
    return None, _NoPrevious(PREVIOUS_FAILED, PREVIOUS_FAILED), []


def _align_plainly(
    wards: list[WardSummary], failure: Issue
) -> tuple[dt.date, dt.date, tuple[dt.date, dt.date]]:
    """`_align` when it fails: the cut-off, change period start and forms' period that most of
    the wards still included have together (`_most_common`); a ward of others is left out, said
    by `failure`, so no summary of another date or span of time is ever added."""
    from toolkit.core.model import default_form_period

    def dates(w: WardSummary) -> tuple[dt.date, dt.date, tuple[dt.date, dt.date]]:
        cutoff, start = w.date("cutoff_date"), w.date("period_start")
        return cutoff, start, w.form_period or default_form_period(start, cutoff)

    included = [w for w in wards if w.included]
    chosen: tuple[dt.date, dt.date, tuple[dt.date, dt.date]] = _most_common([dates(w) for w in included])
    for ward in included:
        if dates(ward) != chosen:
            ward.included, ward.reason = False, failure.message
    return chosen


def _names(wards: list[WardSummary]) -> str:
    shown = ", ".join(w.name for w in wards[:SHOWN_PAIRS])
    return shown + (f" và {len(wards) - SHOWN_PAIRS} phường khác" if len(wards) > SHOWN_PAIRS else "")


def _previous(
    included: list[WardSummary], form_period: tuple[dt.date, dt.date], issues: list[Issue]
) -> tuple[PastRun | None, _NoPrevious | None, list[WardSummary]]:
    """Last year's figures of the roll-up: the sum of the wards' own, when every ward has them
    for the same period of last year, from runs of one change period (its `changes.*` are
    counted from its start: the sum of runs that started on other days mixes other spans of
    time). Else None, why (`_NoPrevious`: the forms' note's words and the warning's), and the
    wards that cause it (whose files the warning names). An id some ward's last year lacks (or
    gives as no whole count) is left out of the sum and said at that ward's file, as this year's
    is (hunt111 D1: the column's cells were empty, and the report's comparison shorter, with
    nothing naming the ward)."""
    wanted = same_period_last_year(form_period)

    def period(date: Callable[[dt.date], str]) -> str:
        return f"{date(wanted[0])}–{date(wanted[1])}"

    pasts: list[tuple[WardSummary, dict[str, Any]]] = []
    lacking, other = [], []
    for ward in included:
        assert ward.data is not None
        past = ward.data.get("previous")
        if not isinstance(past, dict):
            lacking.append(ward)
        elif _past_period(past) != wanted:
            other.append(ward)
        else:
            pasts.append((ward, past))
    if len(lacking) == len(included):
        return (
            None,
            _NoPrevious.of(lambda date: f"không tệp số liệu nào của các phường có số liệu kỳ {period(date)}"),
            lacking,
        )
    if lacking:
        return (
            None,
            _NoPrevious.of(
                lambda date: f"tệp số liệu của {_names(lacking)} không có số liệu kỳ {period(date)}"
            ),
            lacking,
        )
    if other:
        return (
            None,
            _NoPrevious.of(
                lambda date: (
                    f"số liệu năm trước trong tệp của {_names(other)} không phải của kỳ {period(date)}"
                )
            ),
            other,
        )
    starts = {past["period_start"] for _, past in pasts}
    if len(starts) > 1:

        def each(date: Callable[[dt.date], str]) -> str:
            return "; ".join(
                f"{ward.name} từ {date(dt.date.fromisoformat(past['period_start']))}"
                for ward, past in pasts[: SHOWN_PAIRS * 2]
            )

        return (
            None,
            _NoPrevious.of(
                lambda date: (
                    f"số liệu kỳ {period(date)} của các phường được tổng hợp với kỳ biến động bắt đầu "
                    f"khác ngày nhau ({each(date)}), cộng lại sẽ lẫn biến động của những khoảng thời "
                    "gian khác nhau"
                )
            ),
            [ward for ward, _ in pasts],
        )
    first = pasts[0][1]
    added = sum_indicators([_counted(p["indicators"]) for _, p in pasts])
    issues += _incomplete_indicators(
        [ward for ward, _ in pasts], [*added.incomplete, *added.not_additive], past=True
    )
    total = dict(added.indicators)
    # As this year's; a ward's last year keeps no `target_years` (a history record): a 0 is no target.
    _unknown_targets(total, [(ward, past["indicators"], None) for ward, past in pasts])
    past_run = PastRun(
        None,
        dt.date.fromisoformat(first["cutoff_date"]),
        dt.date.fromisoformat(first["period_start"]),
        wanted,
        total,
        # Like for like, ward by ward: the organisations each ward's two runs consolidated (a
        # ward's summary without them, of an older version, leaves the roll-up's unknown).
        added_common([common_of(past) for _, past in pasts]),
    )
    return past_run, None, []


def _past_period(past: dict[str, Any]) -> tuple[dt.date, ...]:
    """The forms' period of a ward's last-year figures: its `form_period`, or, in a summary
    that does not say (hand-made, of an older version), the default one of its dates, as
    `_align` takes a ward's own."""
    from toolkit.core.model import default_form_period

    given = past.get("form_period")
    if given:
        return tuple(dt.date.fromisoformat(d) for d in given)
    start, cutoff = (dt.date.fromisoformat(past[k]) for k in ("period_start", "cutoff_date"))
    return default_form_period(start, cutoff)


def _counted(indicators: dict[str, Any]) -> dict[str, Any]:
    """A ward's indicators to add: a summary of an older version has no `orgs.unregistered`
    (it counted such organisations in `orgs.submitted`), which is then 0, not an id left out
    of the roll-up (`stats.coverage` reads it so too); nor the parts added since whose whole is
    0 (`stats.sums.PARTS_OF`), which are then 0."""
    indicators = dict(with_implied_parts(indicators))
    if "orgs.registered" not in indicators or "orgs.unregistered" in indicators:
        return indicators
    out: dict[str, Any] = {}
    for key, value in indicators.items():  # in its place, after the other `orgs.*` counts
        out[key] = value
        if key == "orgs.consolidated":
            out["orgs.unregistered"] = 0
    out.setdefault("orgs.unregistered", 0)
    return out


def _unknown_targets(
    total: dict[str, int | float],
    parts: list[tuple[WardSummary, Mapping[str, Any], frozenset[int] | None]],
) -> list[tuple[WardSummary, list[str]]]:
    """Takes out of `total` the admission target and its rate of each year some ward admitted
    members in without a target of its own (`stats.sums.lacks_target`), while others have one:
    the sum of the targets lacks that ward's, and a rate over it would be too high (when no
    ward has a target, the sum's 0 is as a ward's own 0: no target, no rate). A ward whose
    summary lists the year in its `target_years` (each part's third item) typed a target of 0:
    known, added as 0. A year whose sum of targets is not there at all (a ward's summary lacks
    its target, `rollup.incomplete_indicator`) has its wards without a target named too: they
    lack one as well. Returns those wards, each with its years."""
    lacking: dict[int, list[str]] = {}  # by the ward's place in `parts`
    keys = dict.fromkeys(key for _, indicators, _ in parts for key in indicators)
    years = [key.removeprefix("targets.") for key in keys if key.removeprefix("targets.").isdigit()]
    for year in years:
        if f"targets.{year}" in total and not total[f"targets.{year}"]:
            continue
        without = [
            n for n, (_, indicators, typed) in enumerate(parts) if lacks_target(indicators, year, typed)
        ]
        if without:
            total.pop(f"targets.{year}", None)
            total.pop(f"targets.rate.{year}", None)
        for n in without:
            lacking.setdefault(n, []).append(year)
    return [(parts[n][0], years) for n, years in sorted(lacking.items())]


def _sum(included: list[WardSummary], issues: list[Issue]) -> dict[str, int | float]:
    added = sum_indicators([_counted(w.data["indicators"]) for w in included if w.data is not None])
    issues += _incomplete_indicators(included, [*added.incomplete, *added.not_additive])
    total = dict(added.indicators)
    parts = [(w, w.data["indicators"], _target_years(w)) for w in included if w.data is not None]
    for ward, years in _unknown_targets(total, parts):
        issues.append(
            make_issue(
                "rollup.no_target",
                file=ward.label,
                org_code=ward.name,
                value=", ".join(years),  # read back by the report (`unknown_target`)
                ward=ward.name,
                years=", ".join(years),
                which="năm đó" if len(years) == 1 else "các năm đó",
            )
        )
    return total


def _target_years(ward: WardSummary) -> frozenset[int] | None:
    """The years a ward's summary says its registry (or `TargetOverride`) gives a target for, 0
    included (`target_years`); None when it does not say (an older summary, the history export of
    a record stored before the history kept it)."""
    typed = (ward.data or {}).get("target_years")
    return frozenset(typed) if isinstance(typed, list) else None


def _partial_target_years(ward: WardSummary) -> frozenset[int]:
    """The years a ward's run warned `registry.partial_targets` for (a target typed for some of
    its organisations only, others admitting): its summary's `partial_target_years`, else, in a
    summary written before that field, its issues' values."""
    data = ward.data or {}
    stated = data.get("partial_target_years")
    if isinstance(stated, list):
        return frozenset(stated)
    said = (i for i in data.get("issues") or [] if isinstance(i, Mapping))
    return frozenset(
        int(str(i.get("value")))
        for i in said
        if i.get("code") == "registry.partial_targets" and str(i.get("value")).isdigit()
    )


def _partial_targets(
    included: list[WardSummary], years: Sequence[int], total: Mapping[str, int | float], issues: list[Issue]
) -> frozenset[int]:
    """The roll-up's `partial_target_years`: each year of `years` whose sum of targets it has
    (above 0: a rate) while some ward's run warned `registry.partial_targets` for it, whose
    target the roll-up adds as the ward states it, so the roll-up's rate may be too high as the
    ward's is. Each such ward is named, with its years, by `rollup.partial_targets` at its file
    (the report names them from these issues)."""
    out: set[int] = set()
    for ward in included:
        own = sorted(y for y in _partial_target_years(ward) if y in years and total.get(f"targets.{y}"))
        if not own:
            continue
        out.update(own)
        said = ", ".join(map(str, own))
        issues.append(
            make_issue(
                "rollup.partial_targets",
                file=ward.label,
                org_code=ward.name,
                value=said,  # read back by the report (`ReportSummary.partial_target_note`)
                ward=ward.name,
                years=said,
                which="năm đó" if len(own) == 1 else "các năm đó",
            )
        )
    return frozenset(out)


def _rollup_target_years(
    included: list[WardSummary], years: Sequence[int], total: Mapping[str, int | float]
) -> frozenset[int] | None:
    """The roll-up's own `target_years`: each year whose sum of targets is known (not left out,
    `_unknown_targets`) and either above 0 or typed (0) by every ward (its `target_years`
    lists it), so that its sheets show a target of 0 typed by all as 0 and its report says it
    as a ward's does. None (as a roll-up before, a year of target 0 having none) when no ward's
    summary says its `target_years`."""
    typed = [_target_years(w) for w in included]
    if all(t is None for t in typed):
        return None
    return frozenset(
        y
        for y in years
        if f"targets.{y}" in total and (total[f"targets.{y}"] or all(t is not None and y in t for t in typed))
    )


def _incomplete_indicators(
    included: list[WardSummary], left_out: list[str], *, past: bool = False
) -> list[Issue]:
    """`rollup.incomplete_indicator` at the file of each ward whose summary lacks some of the
    ids `left_out` of the sum (or gives a count that is not a whole number), as
    `rollup.no_target` names its ward: the office asks that ward for a new file. Its reason is
    an older version only when the summary is certainly of one (`written_by_older_version`); a
    count given that is not a whole number was edited or damaged; else, as the version number
    did not change with every id added, either may be the cause and both are said. An id no
    ward lacks (a mean of parts some ward lacks) goes with those wards; when there are none, one
    issue says it. With `past`, of the wards' last-year figures (their `previous`); of a
    ward's last year typed from the forms sent up (`previous.typed_forms`), the reason is that
    and the advice is that it has nothing to redo (`TYPED_FORMS`, `NOTHING_TO_REDO`)."""
    if not left_out:
        return []
    typed = _mean_only(included, left_out) if past else []
    explained = {(ward.path, key) for ward, means in typed for mean in means for key in MEANS[mean][:2]}
    lacking: list[tuple[WardSummary, list[str]]] = []
    for ward in included:
        assert ward.data is not None
        own = _counted(_figures_of(ward.data, past)["indicators"])
        ids = [
            key
            for key in left_out
            if not is_derived(key)  # recomputed from parts: the ward lacking a part is named
            and (ward.path, key) not in explained
            and (not isinstance(own.get(key), int | float) or not float(own[key]).is_integer())
        ]
        if ids:
            lacking.append((ward, ids))
    blamed = {key for _, ids in lacking for key in ids}
    # A typed mean's parts no other ward lacks, and the mean unless another ward lacks a part.
    said = {
        key
        for _, means in typed
        for mean in means
        for key in (mean, *MEANS[mean][:2])
        if not (key == mean and blamed & set(MEANS[mean][:2]))
    }
    rest = [key for key in left_out if key not in blamed and key not in said]
    issues = _typed_means(typed)
    for ward, ids in lacking:
        why = _why_lacking(ward.data or {}, ids, past=past)
        typed_forms = past and why == TYPED_FORMS
        ids += [key for key in rest if key not in ids]
        issues.append(
            make_issue(
                "rollup.incomplete_indicator",
                file=ward.label,
                org_code=ward.name,
                whose=(
                    f"Số liệu cùng kỳ năm trước (mục previous) trong tệp số liệu của {ward.name}"
                    if past
                    else f"Tệp số liệu của {ward.name}"
                ),
                why=why,
                ids=_shown_ids(ids),
                count=vnformat.number(len(ids)),
                advice=NOTHING_TO_REDO if typed_forms else ASK_AGAIN,
            )
        )
    if not lacking and rest:
        issues.append(
            make_issue(
                "rollup.incomplete_indicator",
                whose="Số liệu cùng kỳ năm trước của các phường" if past else "Số liệu của các phường",
                why="tính từ những số không cộng được",
                ids=_shown_ids(left_out),
                count=vnformat.number(len(left_out)),
                advice=ASK_AGAIN,
            )
        )
    return issues


# What a mean of the forms is, as `rollup.previous_mean_only` names it (`what`).
MEAN_WORDS = {
    "admitted.age_mean": "Biểu 2-BTCTW (đảng viên mới kết nạp)",
    "members.age_mean": "Biểu 3-BTCTW (đảng viên)",
}


def _mean_only(included: list[WardSummary], left_out: list[str]) -> list[tuple[WardSummary, list[str]]]:
    """The wards whose last-year figures (their `previous`) give a mean of `left_out`
    (`stats.sums.MEANS`) without the sum and the count it is made of, each with those means:
    a record typed from the forms sent up (`history blank-forms` + `history import`), which
    state the mean age only. Nothing a ward can redo: the roll-up's mean is left empty, never
    made from the wards' rounded means (hunt233 F4)."""
    typed: list[tuple[WardSummary, list[str]]] = []
    for ward in included:
        own = _figures_of(ward.data or {}, True).get("indicators") or {}
        means = [
            mean
            for mean, (sum_id, count_id, _) in MEANS.items()
            if mean in left_out
            and isinstance(own.get(mean), int | float)
            and (own.get(sum_id) is None or own.get(count_id) is None)
        ]
        if means:
            typed.append((ward, means))
    return typed


def _typed_means(typed: list[tuple[WardSummary, list[str]]]) -> list[Issue]:
    """`rollup.previous_mean_only`, one naming every ward of `typed` (`_mean_only`), at their
    files; its value is the wards as it names them, read back by the forms' note on the empty
    mean (`forms.compute`)."""
    if not typed:
        return []
    wards = [ward for ward, _ in typed]
    means = [mean for mean in [*MEAN_WORDS, *MEANS] if any(mean in own for _, own in typed)]
    means = list(dict.fromkeys(means))
    names = _names(wards)
    return [
        make_issue(
            "rollup.previous_mean_only",
            file=", ".join(ward.label for ward in wards),
            org_code=wards[0].name if len(wards) == 1 else None,  # one ward: its column says it
            value=names,
            wards=names,
            what=" và ".join(MEAN_WORDS.get(mean, mean) for mean in means),
            ids="; ".join(figure_name(mean) for mean in means),
        )
    ]


def _shown_ids(ids: list[str]) -> str:
    """The first `SHOWN_IDS` of `ids` as the clerk knows them (`figure_name`: "số đảng viên là
    đoàn viên Đoàn TNCS Hồ Chí Minh", not "members.youth_union", fix357), "; " apart (a
    figure's words may hold a comma), and how many more."""
    more = len(ids) - SHOWN_IDS
    return "; ".join(figure_name(k) for k in ids[:SHOWN_IDS]) + (
        f" và {more} chỉ tiêu khác" if more > 0 else ""
    )


def _figures_of(data: Mapping[str, Any], past: bool) -> Mapping[str, Any]:
    """A ward summary's own figures, or (`past`) its last year's (`previous`)."""
    return (data.get("previous") or {}) if past else data


def _why_lacking(data: Mapping[str, Any], ids: list[str], *, past: bool = False) -> str:
    """Why a ward's summary (`past`: its last year's figures) lacks `ids` (see
    `_incomplete_indicators`): of last year's figures typed from the forms sent up
    (`previous.typed_forms`), that they were, whatever the version."""
    if past and (data.get("previous") or {}).get("typed_forms") is True:
        return TYPED_FORMS
    if written_by_older_version(data):
        return OLDER_VERSION
    given = _figures_of(data, past).get("indicators") or {}
    if any(given.get(key) is not None for key in ids):  # there, but not a whole count
        return EDITED_FILE
    return OLDER_OR_EDITED


def _sector_members(included: list[WardSummary]) -> dict[str | None, int]:
    """Members by their organisation's sector, summed over the wards' consolidated
    organisations. A ward whose organisations do not add up to its members (an older or
    hand-made summary without them) has its members under no sector (None: "Chưa rõ khối"),
    never in a sector it cannot show."""
    totals: dict[str | None, int] = {}
    for ward in included:
        assert ward.data is not None
        own: dict[str | None, int] = {}
        for org in ward.data.get("organisations") or []:
            members = (org.get("indicators") or {}).get("members.total")
            if org.get("status", "consolidated") == "consolidated" and isinstance(members, int | float):
                sector = org.get("sector") if org.get("sector") in vocab.SECTOR.codes else None
                own[sector] = own.get(sector, 0) + int(members)
        if sum(own.values()) != ward.data["indicators"]["members.total"]:
            own = {None: int(ward.data["indicators"]["members.total"])}
        for sector, members in own.items():
            totals[sector] = totals.get(sector, 0) + members
    return totals


def _ward_result(ward: WardSummary) -> OrgResult:
    indicators = dict(ward.data["indicators"]) if ward.included and ward.data is not None else {}
    return OrgResult(
        org_code=ward.name,
        org_name=ward.shown or ward.name or None,
        org_tier=None,
        sector=None,
        status="consolidated" if ward.included else "excluded",
        file=ward.label,
        indicators=indicators,
        reason=None if ward.included else ward.reason,
    )


def _source(ward: WardSummary) -> SourceFile:
    """A ward's file, or a file of no ward (`WardSummary.ward` False): of no organisation, as a
    ward's run says a file of no known organisation (`SourceFile.unknown`)."""
    data = ward.data or {}
    return SourceFile(
        file=ward.label,
        path=ward.path,
        org_code=ward.name if ward.ward else None,
        org_name=(ward.name or None) if ward.ward else None,
        template_version=_file_versions(data),
        sha256=ward.sha256,
        rows=len(data.get("organisations") or []),
        status="ok" if ward.included else "errors",
        consolidated=ward.included,
        seconds=ward.seconds,
        reason=None if ward.included else ward.reason,
    )


def _file_versions(data: Mapping[str, Any]) -> str | None:
    """The template versions of the files a ward's run read, from its summary's `sources`,
    counted as `history list` says them ("2026.1 (4 tệp)"); None when no source says its
    version (an older summary). Never the summary's own `template_version`: that is the template
    the tool made when the ward ran, and a ward whose files were all 2026.1 read as one of
    2026.2 in the roll-up's `Nguồn số liệu` (hunt123 F5, design §8)."""
    sources = [s for s in data.get("sources") or [] if isinstance(s, Mapping)]
    if not any(s.get("template_version") for s in sources):
        return None
    return versions_counted(
        [s.get("template_version") or None for s in sources],
        [
            s.get("template_version") or None
            for s in sources
            if s.get("upgrade_not_completed") and s.get("consolidated") is not False
        ],
    )


def _incomplete(ward: WardSummary) -> Issue | None:
    """`rollup.incomplete_ward` when a ward's own run left some of its organisations out: it is
    added all the same (its figures are what the ward has), and said, as its forms say it."""
    assert ward.data is not None
    indicators = ward.data.get("indicators")
    partial = missing_orgs(indicators)
    if partial is None:
        return None
    return _coverage_issue("rollup.incomplete_ward", ward, partial, indicators)


# Where the organisations of a ward's registry were not consolidated, as each coverage issue says it.
_NOT_CONSOLIDATED = {
    "rollup.incomplete_ward": "ở phường: chưa nộp hoặc tệp có lỗi",
    "rollup.incomplete_previous_ward": "ở lần tổng hợp đó của phường",
}


def _coverage_issue(
    code: str, ward: WardSummary, partial: tuple[int, int], indicators: Any, **more: str
) -> Issue:
    """A ward's run that left some of its organisations out (`partial`: consolidated, of how
    many of its registry's), said at its file. What it lacks of its registry is y − x, said
    after the count, and those outside its registry that sent a file (`orgs.unregistered`, of
    its `indicators`) beside them in the same brackets, as the ward's own outputs say it
    (`stats.coverage.scope_gaps`; hunt337 F3: "70/72 … (ngoài ra 1 …) (3 tổ chức chưa được tổng
    hợp ở phường …)" made 73 of 72, and a ward whose registry was all in had "1 … chưa nộp hoặc
    tệp có lỗi")."""
    done, total = partial
    gap, outside = max(total - done, 0), outside_count(indicators)
    said = [f"{vnformat.number(gap)} tổ chức chưa được tổng hợp {_NOT_CONSOLIDATED[code]}"] if gap else []
    said += [outside_phrase(outside)] if outside else []
    return make_issue(
        code,
        file=ward.label,
        org_code=ward.name,
        value=f"{vnformat.number(done)}/{vnformat.number(total)}",
        ward=ward.name,
        gaps=f"{' trong danh mục' if outside else ''} ({'; '.join(said)})" if said else "",
        **more,
    )


def _late(ward: WardSummary, since: dt.date) -> Issue | None:
    """`rollup.late_start_ward` when some of a ward's consolidated organisations list their
    changes only from a date after the roll-up's period starts (the ward's own
    `org.period_start_differs`): its changes are added all the same, and said to lack those
    organisations' earlier ones, as the ward's own report says it."""
    issues, counted = _own_issues(ward)
    late = late_starts(issues, since, counted)
    if not late:
        return None
    return make_issue(
        "rollup.late_start_ward",
        file=ward.label,
        org_code=ward.name,
        value=late_start_list(late),  # read back by the roll-up's outputs (stats.coverage)
        ward=ward.name,
        orgs=late_start_words(late, date=vnformat.message_date),
        since=vnformat.message_date(since),
    )


def _own_issues(ward: WardSummary) -> tuple[list[Mapping[str, Any]], set[str] | None]:
    """A ward's own issues, and its consolidated organisations (None: its summary lists none)."""
    assert ward.data is not None
    orgs = [o for o in ward.data.get("organisations") or [] if isinstance(o, Mapping)]
    counted = {str(o.get("org_code")) for o in orgs if o.get("status") == "consolidated"} if orgs else None
    return [i for i in ward.data.get("issues") or [] if isinstance(i, Mapping)], counted


def _years_lacking(ward: WardSummary, years: Sequence[int]) -> Issue | None:
    """`rollup.year_missing_ward` when some of a ward's consolidated organisations lack a
    year of the period that has ended in their `Số liệu năm` (the ward's own `year.missing`):
    the ward is added all the same, and said to lack their ratings and training of that year,
    as the ward's own `Tổng hợp` and report say it."""
    issues, counted = _own_issues(ward)
    return _years_issue("rollup.year_missing_ward", ward, years_missing(issues, years, counted))


def _years_unrated(ward: WardSummary, years: Sequence[int]) -> Issue | None:
    """`rollup.year_unrated_ward` when some of a ward's consolidated organisations rate nobody
    in a year of the period that has ended though they had members to rate (the ward's own
    `year.unrated`): the ward is added all the same, and said to lack their ratings of that
    year, as `_years_lacking` says a missing row (fix186: the roll-up said nothing)."""
    issues, counted = _own_issues(ward)
    return _years_issue("rollup.year_unrated_ward", ward, years_unrated(issues, years, counted))


def _years_issue(code: str, ward: WardSummary, found: Sequence[tuple[str, list[int]]]) -> Issue | None:
    """`code` of a ward whose organisations lack something of an ended year (`found`: each
    organisation's code and years), naming the first few; None when none does."""
    if not found:
        return None
    named = years_missing_list(found[:MAX_NAMED])
    more = ", …" if len(found) > MAX_NAMED else ""
    return make_issue(
        code,
        file=ward.label,
        org_code=ward.name,
        value=years_missing_list(found),  # read back by the roll-up's outputs (stats.coverage)
        ward=ward.name,
        orgs=f"{vnformat.number(len(found))} tổ chức đảng ({named}{more})",
    )


def _form_warnings(ward: WardSummary) -> Issue | None:
    """`rollup.ward_form_warning` when a ward's own run warned about the figures of its forms
    (`form.*`: its Biểu 1 opening against its history, changes of an organisation no longer
    there): the sum carries the ward's doubtful lines into the forms sent up, so the ward is
    named with what its run said (each kind once, by its title), as `_late` names a late start.
    Its pairs of rows counted as two people though their names differ only by accents
    (`member.name_without_accents`, `event.name_without_accents`: each code its issues hold,
    `summary_accent_pair_codes`; `summary_accent_pairs`) are such a warning too: the forms'
    note of the roll-up sends the reader here to find the wards."""
    assert ward.data is not None
    codes = Counter(
        str(i.get("code"))
        for i in ward.data.get("issues") or []
        if isinstance(i, Mapping)
        and str(i.get("code") or "").startswith(FORM_WARNINGS)
        and str(i.get("code")) not in NOT_DOUBTED | SAID_OF_ROLLUP
    )
    if pairs := summary_accent_pairs(ward.data):
        # By the codes its issues say them with (hunt75 #2: `member.name_without_accents` too);
        # a summary whose issues do not say them (a history export) by the change's code.
        codes.update(summary_accent_pair_codes(ward.data) or {NAME_WITHOUT_ACCENTS: pairs})
    if not codes:
        return None
    said = []
    for code, count in codes.items():
        title = RULES[code].title if code in RULES else code
        said.append(f"“{title}” ({code}{f', {vnformat.number(count)} cảnh báo' if count > 1 else ''})")
    return make_issue(
        WARD_FORM_WARNING,
        file=ward.label,
        org_code=ward.name,
        value=vnformat.number(codes.total()),
        ward=ward.name,
        warnings="; ".join(said),
    )


def _partial_previous(included: list[WardSummary], previous: PastRun | None) -> list[Issue]:
    """`rollup.incomplete_previous_ward` for each ward whose last-year figures, added to the
    roll-up's `Cùng kỳ năm trước`, leave some of its organisations out (as `_incomplete` says
    of this year's): the forms' and the report's note names these wards."""
    if previous is None:
        return []
    issues = []
    for ward in included:
        assert ward.data is not None
        past = ward.data.get("previous")
        figures = past.get("indicators") if isinstance(past, dict) else None
        partial = missing_orgs(figures)
        if partial is None:
            continue
        issues.append(
            _coverage_issue(
                "rollup.incomplete_previous_ward",
                ward,
                partial,
                figures,
                period=(
                    f"{vnformat.message_date(previous.form_period[0])}–"
                    f"{vnformat.message_date(previous.form_period[1])}"
                ),
            )
        )
    return issues


SHOWN_REFUSALS = 5  # the reasons a roll-up of no usable file gives, the first ones
# What `rollup.unreadable` adds after each reason: a refusal of every file says it once for all.
_NOT_ADDED = RULES["rollup.unreadable"].template.removeprefix("{reason} ")


# What `rollup.empty_ward` says after its reason: that the file is not added (which a refusal of
# every file says once for all), and what the ward is to do (said once after the reasons).
_EMPTY_TEMPLATE = RULES["rollup.empty_ward"].template
_EMPTY_ADVICE = "Hãy đề nghị phường " + _EMPTY_TEMPLATE.split(" Hãy đề nghị phường ", 1)[1]
_EMPTY_NOT_ADDED = "Tệp này " + _EMPTY_TEMPLATE.removesuffix(f" {_EMPTY_ADVICE}").split(" Tệp này ", 1)[1]
_EMPTY_THIS_FILE = "trong tệp này"
# The command a summary comes from, as `HINT` and a workbook's own reason both name it.
_GETS_A_SUMMARY = "consolidate --json”"


def _nothing_to_add(issues: Sequence[Issue]) -> str:
    """The refusal of a roll-up no file can be added to: the first reasons one after the other
    (each its own sentences: ".;" was, hunt279), then the advice once, not after every file
    (review281 #6): how to get a summary (`summary.HINT`, which a reason ends with), and that
    none was added, which the refusal's first words say already. A ward whose run consolidated
    nothing (`rollup.empty_ward`) is named by its file, not "tệp này" among several, and what
    the wards are to do is said once too (fix287)."""
    reasons, hint, empty = [], False, 0
    for issue in issues[:SHOWN_REFUSALS]:
        text = issue.message
        if issue.code == "rollup.unreadable":
            text = text.removesuffix(f" {_NOT_ADDED}")
        if issue.code == "rollup.empty_ward" and text.endswith(f" {_EMPTY_NOT_ADDED} {_EMPTY_ADVICE}"):
            text = text.removesuffix(f" {_EMPTY_NOT_ADDED} {_EMPTY_ADVICE}")
            text = (
                text.replace(_EMPTY_THIS_FILE, f"trong tệp \u201c{issue.file}\u201d", 1)
                if issue.file
                else text
            )
            empty += 1
        if text.endswith(f" {HINT}"):
            text, hint = text.removesuffix(f" {HINT}"), True
        reasons.append(text)
    # The files past the first reasons are named, never left unsaid: a refusal that named five
    # files of seven sent the office to fix five and meet the other two at the next try (review289).
    shown = {i.file for i in issues[:SHOWN_REFUSALS]}
    rest = list(dict.fromkeys(i.file for i in issues[SHOWN_REFUSALS:] if i.file and i.file not in shown))
    if rest:
        reasons.append(
            f"Còn {vnformat.number(len(rest))} tệp khác cũng không dùng được: "
            + named_files(["\u201c" + f + "\u201d" for f in rest])
            + "."
        )
    advice = ""
    if empty:
        advice += " " + (
            _EMPTY_ADVICE if empty == 1 else _EMPTY_ADVICE.replace("phường", "các phường trên", 1)
        )
    # A workbook's reason names the ways to a summary itself ("Hãy dùng tệp JSON do lệnh “…
    # consolidate --json” ghi cùng bảng tổng hợp, hoặc xuất …", `io.summary`): the bare HINT after
    # it said the same advice twice (hunt332 F2).
    if hint and not any(_GETS_A_SUMMARY in text for text in reasons):
        advice += f" {HINT}"
    head = "Không có tệp số liệu tổng hợp nào dùng được để tổng hợp lên cấp trên"
    return f"{head}: {' '.join(reasons)}{advice}"


def rollup(paths: Sequence[Path], *, name: str | None = None) -> ConsolidationResult:
    """The roll-up of the ward summaries at `paths` (module docstring); `name` names the unit
    above (the forms' heading). Raises `SummaryError` when no summary can be added."""
    issues: list[Issue] = []
    # Every ward's `consolidate` names its summary alike (`tong_hop_phuong_<cut-off>.json`): an
    # office keeping one folder per ward gives files of one name, each named by its path from
    # the folder they share wherever the roll-up names a ward's file (its issues, `Theo
    # phường`, `Nguồn số liệu`), so that each `Kiểm tra` link opens its own ward's file.
    labels = file_labels(Path(p) for p in paths)
    wards = [_read(Path(p), labels[Path(p)], issues) for p in paths]
    _refuse_rollups(wards)
    _identify(wards, issues)
    _refuse_twice(wards)
    _checked("_personal_data", issues, lambda: _personal_data(wards, issues), lambda _: None)
    _checked("_leave_out_empty", issues, lambda: _leave_out_empty(wards, issues), lambda _: None)
    if not any(w.included for w in wards):
        raise SummaryError(_nothing_to_add(issues))
    cutoff, period_start, form_period = _checked(
        "_align", issues, lambda: _align(wards, issues), lambda failure: _align_plainly(wards, failure)
    )
    included = [w for w in wards if w.included]
    years = period_years(period_start, cutoff)
    # The forms' period, its wards', starting in an earlier year than the cut-off: said of the
    # roll-up's own forms, as a ward's run says it of its own (whatever version wrote them).
    across = _checked(
        "_period_across_years",
        issues,
        lambda: form_period_across_years(form_period[0], cutoff, of_wards=True),
        lambda _: None,
    )
    if across is not None:
        issues.append(across)
    # Each ward's own warnings carried up: a check that fails leaves the wards after it unsaid.
    for check, of_ward in (
        ("_incomplete", _incomplete),
        ("_late", lambda w: _late(w, period_start)),
        ("_years_lacking", lambda w: _years_lacking(w, years)),
        ("_years_unrated", lambda w: _years_unrated(w, years)),
        ("_form_warnings", _form_warnings),
    ):
        _checked(check, issues, partial(_each_ward, included, of_ward, issues), lambda _: None)
    _checked("_warn_alike", issues, lambda: _warn_alike(included, issues), lambda _: None)
    unit_name = tidy_name(name)
    if unit_name is None:  # the forms' heading would name no committee
        issues.insert(0, make_issue("rollup.no_unit_name"))
    past_issues: list[Issue] = []  # of last year's sum: kept only with it
    previous, no_previous, blamed = _checked(
        "_previous", issues, lambda: _previous(included, form_period, past_issues), _no_previous
    )
    issues += past_issues if previous is not None else []
    issues += _checked(
        "_partial_previous", issues, lambda: _partial_previous(included, previous), lambda _: []
    )
    if blamed and any(isinstance((w.data or {}).get("previous"), dict) for w in included):
        # Some ward has last year's figures: the empty column and the report's missing
        # comparison are the other wards' doing, said with their names and files.
        files = ", ".join(w.label for w in blamed)
        ward = blamed[0].name if len(blamed) == 1 else None  # one ward: its column says it
        assert no_previous is not None  # a ward blamed: `_previous` said why
        issues.append(make_issue("rollup.no_previous", file=files, org_code=ward, reason=no_previous.message))
    # Each ward's own count, as its summary states it: the forms and the report name the wards
    # with pairs from it (`ward_accent_pairs`), never from the words of an issue.
    accent_pairs = {w.name: summary_accent_pairs(w.data) for w in included if w.data is not None}
    versions = [
        str(w.data.get("template_version")) for w in included if w.data and w.data.get("template_version")
    ]
    total = _sum(included, issues)  # the figures themselves: a fault here stops the roll-up
    partial_targets = _checked(
        "_partial_targets",
        issues,
        lambda: _partial_targets(included, years, total, issues),
        lambda _: frozenset[int](),
    )
    return ConsolidationResult(
        cutoff_date=cutoff,
        period_start=period_start,
        template_version=_most_common(versions) if versions else "",
        years=years,
        indicators=total,
        organisations=[_ward_result(w) for w in wards if w.ward],
        issues=issues,
        sources=[_source(w) for w in wards],
        ward_name=unit_name,
        form_period=form_period,
        previous=previous,
        no_previous=no_previous.note if no_previous is not None else None,
        level="rollup",
        sector_members=_sector_members(included),
        name_accent_pairs=sum(accent_pairs.values()),
        ward_accent_pairs={ward: pairs for ward, pairs in accent_pairs.items() if pairs},
        target_years=_rollup_target_years(included, years, total),
        partial_target_years=partial_targets,
        # Some ward ran without a registry: its organisations counted are those that sent a file.
        registry_used=all((w.data or {}).get("registry_used") is not False for w in included),
        # ...and all of them did: their organisations counted are all those that sent a file.
        registry_none=bool(included) and all((w.data or {}).get("registry_used") is False for w in included),
    )
