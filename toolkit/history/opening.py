"""The opening check of the official forms: this period's submissions against the roll stored
at an earlier cut-off in the history.

When the history holds an earlier consolidation whose cut-off `C` lies inside this
consolidation's change period, or is the day before it starts (the previous quarter's or
year's run, the usual case), each organisation's roll at `C` is reconstructed from today's
submission as Biểu 1 reconstructs an opening (`toolkit.core.model.RollMoves.roll_at`: today's
roll, minus the joining rows of `Biến động` dated after `C`, plus the leaving rows dated after
it, transfers inside the ward included) and compared with `members.total` stored for that
organisation's code then. Codes are matched by `org_code_key`, as everywhere: "cb01" stored
then is "CB01" now, the same organisation, whether for its own figure, its name, the ward's
sum or the organisations gone and new (named as stored then, and as now). A difference is a
warning `form.opening_mismatch` naming the organisation, both numbers and `C`; it is what
catches a report whose opening does not follow from the last one. When the name stored with
that code then is another organisation's name (`org_name_key`: a code given to a new
organisation, or a rename), the warning is `form.opening_code_renamed` instead: it says
whose figure it was, that nothing needs fixing if the code now belongs to another
organisation, and what to look for if it was only renamed. An organisation given a new code
only (its code absent then, the name stored with a code absent now its own, no other
organisation gone or new of that name: `_renumbering`) is compared with the figure stored under
its old code, its warning saying so.
An organisation whose file lists its changes only from a date after the day after `C`
(`org.period_start_differs`) lacks the changes between: its difference is
`form.opening_late_start`, which says so, and the ward's sum is not checked.

The ward is checked too (an issue without `org_code`):
- when the same organisations were consolidated both times, as the sum of their
  reconstructions (`form.opening_mismatch`, "Toàn Đảng bộ"); an organisation stored then with
  no member (the last report of one dissolved or merged away, `org.no_members_at_cutoff`) need
  not be there now;
- else (a reorganisation: organisations merged, split, dissolved, founded, codes changed),
  when both runs consolidated every organisation they expected (`stats.coverage`, and no file
  of this run is of no organisation), from the ward's own changes: the ward's roll now, minus
  the joins after `C`, plus the departures after it, the transfers inside the ward with both
  sides after `C` left out (their two sides cancel in the ward whichever organisations hold
  the member; a member moving across `C` was on no roll then: `toolkit.stats.moves`), compared with
  the ward's `members.total` then (`form.ward_opening_mismatch`, naming the organisations of
  either run only). A record with no figure per organisation (a summary imported without its
  organisations) is checked the same way, as it cannot be told which organisations made its
  figure, but its difference is `form.ward_opening_no_org_figures`, which says so and names
  no organisation as gone or new. It is not made when a consolidated file's changes start
  after the day after `C` (`org.period_start_differs`: its changes between are not in it), and
  a difference that transfers of unknown scope after `C` could explain (each may be a move
  inside the ward whose other side is recorded as one) is not said: the check says only what
  it is sure of.

When the earlier record's forms' period starts on the same day as this run's (two runs of one
year's forms, the usual quarter after quarter), `period_opening_issues` checks the forms'
opening too: Biểu 1's line A (`period.opening`, the roll at the start of the forms' period,
derived from the changes of the period) is the same in every run of one forms' period unless
the changes between its start and `C` (or a roll) now differ from that run's. When both runs
consolidated every organisation they expected and the two differ, the ward gets
`form.period_opening_changed`, both figures and dates. It catches what the check of the roll
at `C` cannot: an organisation stored then with no member (a dissolved one's last report)
that is gone now takes its changes of the period out of the forms. Each such organisation, in
the earlier record with no member and changes in the period, absent from this run (no file,
not in the registry), is named (`form.absent_org_changes`: its changes are not in this run's
forms; keep its last report and its registry row until the end of the forms' period), whether
or not the runs are complete; not when this run has an organisation of its name under a code
the record lacks with nobody on its roll or not consolidated (its last report kept under a new
code, hunt284).
An organisation stored then with members and absent now is named in `form.period_opening_changed`
(with its members then): the ward's roll at `C` may agree (its members now in another
organisation), so no other warning names it, yet its changes of the period are gone from the forms.

These are issue messages only (no document repeats them): their dates are written dd/mm/yyyy
(`vnformat.message_date`), as every message's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from toolkit.core import layout, vnformat, vocab
from toolkit.core.commands import argument, removal_advice, typed_import_advice
from toolkit.core.entry_marker import INFO_SHEET
from toolkit.core.model import ConsolidationResult, Issue, OrgResult
from toolkit.core.rules import (
    CUTOFF_UPDATE,
    LAST_REPORT_REDATED,
    OLD_FILE_MOVE_OUT,
    ORG_UNKNOWN_ADVICE,
    make_issue,
)
from toolkit.core.text import org_code_key, org_name_key
from toolkit.history.records import OrgRecord, Record
from toolkit.stats.coverage import (
    MAX_NAMED,
    late_starts,
    merged_words,
    missing_orgs,
    org_coverage,
    outside_words,
)


def opening_issues(
    result: ConsolidationResult,
    earlier_cutoff: dt.date,
    earlier_orgs: Mapping[str, int | float],
    earlier_ward: Mapping[str, int | float],
    earlier_names: Mapping[str, str | None] | None = None,
    earlier_left_out: Collection[str] = (),
    merged_from: Sequence[str] | None = None,
    nearer: Collection[str] = (),
    unchecked: Issue | None = None,
    typed: tuple[str, str, str] | None = None,
    *,
    record: int,
) -> list[Issue]:
    """The opening check's warnings of `result` against an earlier record: its cut-off, the
    stored `members.total` of each organisation consolidated then, the ward's indicators
    (`members.total` and the `orgs.*` counts, as stored), the name stored with each
    organisation's code and the codes of the organisations it expected but did not consolidate
    (`earlier_left_out`: a file left out for its errors, or not sent), which are not new now;
    `merged_from`, the former wards whose sum the earlier record is (a merged ward's record,
    `history import --merged-ward`), which its ward's warning names; `nearer`, the codes of the
    organisations a later record inside the period checks (`session._nearer`, hunt206 F1): their
    own difference is not said here nor named in the ward's warning across a reorganisation, and
    the ward's sum of the same organisations both times is not said when one of them differs (it
    would be theirs); the ward's own roll across a reorganisation still is (review208: a member
    lost with a merged chi bộ went unsaid, the partial nearer record checking no ward);
    `unchecked`, the opening record's `ward_unchecked_issue`, returned among the warnings when
    the ward's own roll would be compared but for that record's coverage (unknown or
    incomplete), so the ward is not checked (hunt220 R5: nothing said so); `typed`, when the
    earlier record was typed from last year's forms, its workbook's name, how to remove the
    record and how to add the workbook again (`typed_import_advice`), which the ward's warning
    says (hunt233: it spoke of a JSON imported without its organisations to a clerk who never
    saw one, and not of the typed line the figure is); `record`, the earlier record's number in
    the history (`Record.id`, as `history list` shows it), which every warning names beside its
    cut-off (fix363: two runs of one cut-off, an old one and its correction, were told apart by
    nothing)."""
    issues: list[Issue] = []
    date_text = vnformat.message_date(earlier_cutoff)
    number = str(record)
    # The earlier record's organisations by `org_code_key`: "cb01" then is "CB01" now.
    figures, names, stored = _keyed(earlier_orgs, earlier_names or {})
    reconstructed: dict[str, int] = {}  # by `org_code_key`
    # Organisations consolidated both times whose own figure differs (`form.opening_mismatch`):
    # their code, and how many fewer members their reconstruction has than the stored figure.
    differing: dict[str, int] = {}
    counted = {o.org_code for o in result.organisations if o.status == "consolidated"}
    # Files whose changes start after the day after C: their changes between are not in them.
    late = dict(late_starts(result.issues, earlier_cutoff + dt.timedelta(days=1), counted))
    left_out = frozenset(org_code_key(code) for code in earlier_left_out)
    checked_nearer = frozenset(org_code_key(code) for code in nearer)
    left_to_nearer = False  # an organisation differs whose difference a nearer record says
    reorganised = _gone_and_new(result, figures, names, stored, earlier_cutoff, left_out)
    # An organisation given a new code only (`_renumbering`) is compared with the figure stored
    # under its old code (review303 F3: it had no warning of its own, its difference said only
    # in the ward's message, with the advice for organisations founded, merged or split).
    renumbered = _renumbering(result, figures, names, left_out)[2]
    for org in result.organisations:
        moves = result.roll_moves.get(org.org_code)
        if org.status != "consolidated" or moves is None:
            continue
        key = org_code_key(org.org_code)
        now = moves.roll_at(int(org.indicators.get("members.total", 0)), earlier_cutoff)
        reconstructed[key] = now
        old = key if key in figures else renumbered.get(key)  # its key in the earlier record
        if old is None:
            continue
        then = figures[old]
        if now == then:
            continue
        if key in checked_nearer or old in checked_nearer:
            left_to_nearer = True
            continue
        recoded = _recoded_words(stored[old], org.org_code) if old != key else ""
        if org.org_code in late:
            issues.append(_late_issue(org, now, then, earlier_cutoff, late[org.org_code], number, recoded))
            continue
        candidates = _candidates(
            moves.rows_through(earlier_cutoff), date_text, moves.rows_after(earlier_cutoff)
        )
        moved = _moved_whole(now - int(then), reorganised, earlier_cutoff)
        own = _org_issue(
            org, now, then, date_text, number, names.get(old), stored[old], candidates, moved, recoded=recoded
        )
        if own.code == "form.opening_mismatch":
            differing[org.org_code] = int(then) - now
        issues.append(own)
    ward_total = earlier_ward.get("members.total")
    if ward_total is None:
        return issues
    if any(org_code_key(code) in reconstructed for code in late):
        # The ward's figure rebuilt from such a file lacks its changes between: nothing sure
        # to say of the ward (each such organisation's difference is said above).
        return issues
    if not earlier_orgs:
        # A record without a figure per organisation (a summary imported without its
        # organisations): no organisation can be checked, and which organisations made the
        # ward's figure then is not known, so the ward is checked from its own changes, as
        # across a reorganisation, but without calling it one.
        if unchecked is not None and _unchecked_for_record(result, earlier_cutoff, earlier_ward):
            return [*issues, unchecked]
        issue = _ward_issue(
            result,
            earlier_cutoff,
            None,
            earlier_ward,
            int(ward_total),
            record=number,
            merged_from=merged_from,
            typed=typed,
        )
        return [*issues, *([issue] if issue is not None else [])]
    # An organisation stored with no member at C (a dissolved one's last report) adds nothing
    # to the ward's figure then, and is expected to be gone now.
    expected = {key for key, then in figures.items() if then or key in reconstructed}
    if set(reconstructed) == expected:
        if left_to_nearer:
            # The sum's difference holds an organisation's whose warning is a nearer record's:
            # nothing sure is left to say of the ward (each difference is said by its record).
            return issues
        ward_now = sum(reconstructed.values())
        if any(i.code == "event.transfer_dates_reversed" for i in result.issues):
            # The rolls added count a member twice (or not at all) whom the ward's own roll
            # counts once: an internal transfer whose arrival is dated before its departure with
            # C between (`transfers.dates_reversed`) is one move inside the ward, as Biểu 1
            # counts it. The ward's own roll is checked then, which still sees a member really
            # lost beside such a pair (the two cancel in the rolls added).
            ward_now = _ward_roll(result, earlier_cutoff)
        if ward_now != ward_total:
            issues.append(
                make_issue(
                    "form.opening_mismatch",
                    value=str(ward_now),
                    where="Toàn Đảng bộ",
                    now=vnformat.number(ward_now),
                    then=vnformat.number(int(ward_total)),
                    date=date_text,
                    record=number,
                    candidates=_WARD_CANDIDATES if issues else "",
                )
            )
        return issues
    if unchecked is not None and _unchecked_for_record(result, earlier_cutoff, earlier_ward):
        return [*issues, unchecked]
    issue = _ward_issue(
        result,
        earlier_cutoff,
        stored,
        earlier_ward,
        int(ward_total),
        differing,
        record=number,
        earlier_names=names,
    )
    return [*issues, *([issue] if issue is not None else [])]


def ward_unchecked_issue(record: Record, history: Path | str, *, typed: str | None = None) -> Issue | None:
    """`form.ward_opening_unchecked` of the opening record `record` (read from `history`) when it
    does not say it consolidated every organisation it expected: its coverage unknown (a summary
    typed by hand, imported without `orgs.consolidated`/`orgs.registered`: the words of the
    import's own note, `cli_history._say_coverage_unknown`, short; `typed`, the workbook of last
    year's forms it was typed from, whose two cells of `Thông tin` take the counts) or partial.
    None when it did.
    `opening_issues` says it only when that is why the ward's roll is not compared. The advice
    is the record's kind's (review231): a partial record imported (a JSON, last year's forms
    typed) has no files here to consolidate again, and a merged ward's sum is imported again
    with `--merged-ward`."""
    coverage = org_coverage(record.indicators)
    date = vnformat.message_date(record.cutoff_date)
    removal = removal_advice(record.id or 0, history)
    files = "tệp JSON của từng phường cũ" if record.merged_from else "tệp JSON đã thêm vào lịch sử"
    again = "thêm lại bằng lệnh history import"
    if record.merged_from and record.ward_name:
        again = f"thêm lại các tệp đó bằng lệnh history import với --merged-ward {argument(record.ward_name)}"
    if coverage is not None:
        done, expected = coverage
        if missing_orgs(record.indicators) is None:
            return None
        # Over the registry; a file outside it said beside (`stats.coverage`, fix331).
        outside = outside_words(record.indicators)
        why = f"chỉ tổng hợp được {vnformat.number(done)} trong {vnformat.number(expected)} tổ chức" + (
            outside or " cần tổng hợp"
        )
        advice = (
            f"Nếu cần đối chiếu, hãy tổng hợp lại ngày chốt {date} với đủ các tệp (sau khi sửa lỗi), "
            "rồi tổng hợp lại lần này."
        )
        if typed is not None:  # last year's forms typed by hand: no files to consolidate again
            why = (
                f"chép từ các biểu năm trước trong tệp \u201c{typed}\u201d, mà hai ô cuối của sheet "
                f"\u201c{INFO_SHEET}\u201d ghi các biểu chỉ có số liệu của {vnformat.number(done)} trong "
                f"{vnformat.number(expected)} tổ chức của phường khi đó"
            )
            advice = (
                "Nếu các biểu đó đã có đủ các tổ chức, hãy sửa hai ô đó, xóa lần đó khỏi lịch sử "
                f"({removal}), thêm lại tệp \u201c{typed}\u201d {typed_import_advice(typed, history)}, "
                "rồi tổng hợp lại lần này; nếu đúng là thiếu, số đầu kỳ toàn phường không đối chiếu được."
            )
        elif record.origin == "import":  # a summary made elsewhere or typed: its files are not here
            advice = (
                f"Nếu cần đối chiếu: tổng hợp lại ngày chốt {date} với đủ các tệp ở nơi đã làm {files} "
                "(hoặc, nếu tệp ghi tay ghi thiếu, sửa hai chỉ tiêu \u201corgs.registered\u201d, "
                f"\u201corgs.consolidated\u201d trong đó); xóa lần đó khỏi lịch sử ({removal}), {again}, "
                "rồi tổng hợp lại lần này."
            )
    else:
        why = (
            "không ghi số tổ chức đã tổng hợp và số tổ chức trong danh mục (chỉ tiêu "
            "\u201corgs.consolidated\u201d, \u201corgs.registered\u201d), như một tệp tóm tắt JSON ghi tay "
            "rồi thêm bằng lệnh history import, nên không biết lần đó có đủ các tổ chức không"
        )
        advice = (
            f"Muốn đối chiếu: ghi vào mục \u201cindicators\u201d của {files} hai chỉ tiêu "
            "\u201corgs.registered\u201d (số tổ chức đảng trong danh mục) và \u201corgs.consolidated\u201d "
            "(số tổ chức đã tổng hợp, bằng số trong danh mục khi đã đủ); xóa lần đó khỏi lịch sử "
            f"({removal}), {again}, rồi tổng hợp lại lần này."
        )
        if typed is not None:  # last year's forms typed by hand (`history blank-forms`)
            why = (
                "chép từ các biểu năm trước mà để trống hai ô cuối của sheet "
                f"\u201c{INFO_SHEET}\u201d (số tổ chức có số liệu trong các biểu, số tổ chức của phường "
                f"khi đó) trong tệp \u201c{typed}\u201d, nên không biết lần đó có đủ các tổ chức không"
            )
            advice = (
                f"Muốn đối chiếu: điền hai ô đó, xóa lần đó khỏi lịch sử ({removal}), thêm lại tệp "
                f"\u201c{typed}\u201d {typed_import_advice(typed, history)}, rồi tổng hợp lại lần này."
            )
    return make_issue(
        "form.ward_opening_unchecked",
        where="Toàn Đảng bộ",
        date=date,
        record=str(record.id),
        why=why,
        advice=advice,
    )


def _unchecked_for_record(
    result: ConsolidationResult, cutoff: dt.date, earlier_ward: Mapping[str, int | float]
) -> bool:
    """Whether the ward's own roll (`_ward_issue`) is not compared only because the earlier
    record does not say it consolidated every organisation: this run could be compared."""
    return not _complete(earlier_ward) and _ward_comparable(result, cutoff)


def unchecked_issues(
    result: ConsolidationResult,
    references: Sequence[tuple[Record, Collection[str], Collection[str]]],
) -> list[Issue]:
    """`form.opening_unchecked` of the organisations `result` consolidated that no reference
    record of its opening check has (`references`: each record, the codes of its consolidated
    organisations and those it expected but did not consolidate, the earliest first: the
    opening record, then the nearer ones) while one of them lists it as left out (its file left
    out for its errors, or not sent then): its opening is checked against nothing (hunt206 R3:
    nothing said so). One warning per record that left them out, the nearest that did, naming
    its organisations; an organisation in no record at all is new, said by the ward's check."""
    checked = {org_code_key(code) for _, figures, _ in references for code in figures}
    unchecked = {
        org_code_key(o.org_code): o.org_code
        for o in result.organisations
        if o.status == "consolidated" and org_code_key(o.org_code) not in checked
    }
    by_record: dict[int, list[str]] = {}
    for n in reversed(range(len(references))):
        left = {org_code_key(code) for code in references[n][2]}
        for key in [key for key in unchecked if key in left]:
            by_record.setdefault(n, []).append(unchecked.pop(key))
    issues = []
    for n, codes in sorted(by_record.items()):
        record = references[n][0]
        names = ", ".join(sorted(codes))
        many = len(codes) > 1
        issues.append(
            make_issue(
                "form.opening_unchecked",
                value=names,
                orgs=f"Các tổ chức {names}" if many else names,
                which="các tổ chức này" if many else "tổ chức này",
                date=vnformat.message_date(record.cutoff_date),
                record=str(record.id),
            )
        )
    return issues


def _gone_and_new(
    result: ConsolidationResult,
    figures: Mapping[str, int | float],
    names: Mapping[str, str | None],
    stored: Mapping[str, str],
    cutoff: dt.date,
    left_out: frozenset[str] = frozenset(),
) -> tuple[list[tuple[str, int | float]], list[tuple[str, int]]]:
    """The organisations a reorganisation without transfer rows may have moved members between
    (`_moved_whole`), found once for all the organisations that differ: those stored then and not
    consolidated now, with their stored figure, and those new to this run, with their roll at
    `cutoff` by their own file. An organisation stored under one code whose stored name is that
    of a new one is the same organisation given a new code only, and is neither (review202: it
    was named as merged away while there, under its new code, with its own members;
    `_recoded_names`: only a name one organisation gone and one new hold). An
    organisation the earlier record expected but did not consolidate (`left_out`, by
    `org_code_key`: its file left out or not sent then) is not new either (hunt206 F2: a chi bộ
    that had not sent its file was called “Tổ chức mới”, maybe split from another)."""
    newcomers, gone_keys, renumbered = _renumbering(result, figures, names, left_out)
    old_keys = set(renumbered.values())
    gone = [(stored[k], figures[k]) for k in gone_keys if k not in old_keys]
    new = [
        (o.org_code, result.roll_moves[o.org_code].roll_at(int(o.indicators.get("members.total", 0)), cutoff))
        for o in newcomers
        if org_code_key(o.org_code) not in renumbered
    ]
    return gone, new


def _renumbering(
    result: ConsolidationResult,
    figures: Mapping[str, int | float],
    names: Mapping[str, str | None],
    left_out: frozenset[str] = frozenset(),
) -> tuple[list[OrgResult], list[str], dict[str, str]]:
    """The organisations consolidated now (their roll moves known) whose code the earlier record
    lacks and did not leave out (`left_out`), the keys of those it stored that are not
    consolidated now, and, of them, the organisations given a new code only: each new key
    (`org_code_key`) with the old one, paired by a name one gone and one new hold
    (`_renumbered`)."""
    consolidated = [
        o for o in result.organisations if o.status == "consolidated" and o.org_code in result.roll_moves
    ]
    keys = {org_code_key(o.org_code) for o in consolidated}
    newcomers = [
        o
        for o in consolidated
        if org_code_key(o.org_code) not in figures and org_code_key(o.org_code) not in left_out
    ]
    gone_keys = [k for k in figures if k not in keys]
    return newcomers, gone_keys, _renumbered(gone_keys, names, newcomers)


def _renumbered(
    gone_keys: Sequence[str], names: Mapping[str, str | None], newcomers: Sequence[OrgResult]
) -> dict[str, str]:
    """Each organisation of `newcomers` given a new code only, by its `org_code_key`, with the
    key of the one of `gone_keys` (stored then under `names`) it was: the two hold a name no
    other gone or new one holds (`_recoded_names`)."""
    recoded = _recoded_names([names.get(k) for k in gone_keys], [o.org_name for o in newcomers])
    old = {org_name_key(names.get(k)): k for k in gone_keys if org_name_key(names.get(k)) in recoded}
    return {
        org_code_key(o.org_code): old[org_name_key(o.org_name)]
        for o in newcomers
        if org_name_key(o.org_name) in recoded
    }


def _recoded_words(then_code: str, code: str) -> str:
    """What an organisation's warning says of a figure stored under its old code `then_code`
    (as stored then), the organisation now `code` (`_renumbering`): the pairing is by name only
    (review303 F4), so the message says what holds if the two are not one organisation."""
    return (
        f" cho tổ chức này khi còn mang mã {then_code} (nay là {code}: cùng tên nên được coi là cùng "
        f"một tổ chức chỉ đổi mã; nếu {then_code} là tổ chức khác, đã giải thể hoặc sáp nhập, hai số "
        "là của hai tổ chức và không cần sửa gì)"
    )


def renumbered_codes(gone: Mapping[str, str | None], new: Mapping[str, str | None]) -> list[tuple[str, str]]:
    """The organisations given a new code only, as (old code, new code), of the codes `gone`
    (an earlier record's, with the names stored then) and `new` (this run's, with their names),
    paired by the opening check's rule (`_recoded_names`): a name one gone and one new hold.
    `history.previous_orgs_changed` names them as renumbered, as the ward's opening warning
    does (hunt321: it called the same chi bộ gone and added, and asked for the gone one's
    file, in the run whose opening warning said "chỉ đổi mã")."""
    recoded = _recoded_names(list(gone.values()), list(new.values()))
    old = {org_name_key(name): code for code, name in gone.items() if org_name_key(name) in recoded}
    return sorted(
        ((old[org_name_key(name)], code) for code, name in new.items() if org_name_key(name) in recoded),
        key=lambda pair: org_code_key(pair[1]),
    )


def _recoded_names(gone: Sequence[str | None], new: Sequence[str | None]) -> set[str]:
    """The name keys (`org_name_key`) of the organisations given a new code only: each held by
    exactly one organisation gone (`gone`, their stored names) and exactly one new (`new`). A
    name two gone or two new hold says not which was renumbered (two former wards' “Tổ dân phố
    số 2”): those are gone and new, as any (review303: both were hidden, and the members of the
    one really gone went unnamed)."""
    gone_keys = Counter(org_name_key(name) for name in gone)
    new_keys = Counter(org_name_key(name) for name in new)
    return {key for key, n in gone_keys.items() if key and n == 1 and new_keys.get(key) == 1}


def _moved_whole(
    surplus: int,
    reorganised: tuple[list[tuple[str, int | float]], list[tuple[str, int]]],
    cutoff: dt.date,
) -> str:
    """What an organisation's difference (`surplus`: how many more members its roll at `cutoff`
    rebuilt has than the stored figure) exactly matches across a reorganisation without transfer
    rows (hunt199 F4), of the organisations gone and new (`_gone_and_new`): more by the stored
    figure of exactly one organisation not consolidated now (merged into it), or fewer by the roll
    then of exactly one organisation new to this run, by its own file (split from it). Empty
    otherwise: a coincidence of other sizes is not guessed."""
    gone_figures, new_rolls = reorganised
    date_text = vnformat.message_date(cutoff)
    transfer = f"phạm vi \u201c{vocab.TRANSFER_SCOPE.label('internal')}\u201d"
    if surplus > 0:
        gone = [code for code, then in gone_figures if then == surplus]
        if len(gone) != 1:
            return ""
        return (
            f" Tổ chức {gone[0]} có {vnformat.number(surplus)} đảng viên tại ngày {date_text} theo lần "
            "đó, đúng bằng chênh lệch, và không được tổng hợp lần này: nếu tổ chức ấy đã sáp nhập vào "
            f"tổ chức này, hãy ghi dòng \u201cChuyển đến\u201d ({transfer}) cho những người được "
            "nhận, và dòng \u201cChuyển đi\u201d tương ứng ở tệp báo cáo cuối của tổ chức ấy."
        )
    new = [code for code, roll in new_rolls if roll == -surplus]
    if surplus == 0 or len(new) != 1:
        return ""
    return (
        f" Tổ chức mới {new[0]} có {vnformat.number(-surplus)} đảng viên tại ngày {date_text} theo chính "
        "tệp của tổ chức ấy, đúng bằng chênh lệch: nếu tổ chức ấy được tách từ tổ chức này, hãy ghi "
        f"dòng \u201cChuyển đi\u201d ({transfer}) cho những người đã chuyển, và dòng "
        "\u201cChuyển đến\u201d tương ứng ở tổ chức mới."
    )


def _ward_roll(result: ConsolidationResult, cutoff: dt.date) -> int:
    """The ward's roll at `cutoff` rebuilt from its organisations' changes as the ward's
    (`roll_at(…, ward=True)`: a move inside the ward is one, however its dates are typed)."""
    return sum(
        result.roll_moves[o.org_code].roll_at(int(o.indicators.get("members.total", 0)), cutoff, ward=True)
        for o in result.organisations
        if o.status == "consolidated" and o.org_code in result.roll_moves
    )


def _keyed(
    figures: Mapping[str, int | float], names: Mapping[str, str | None]
) -> tuple[dict[str, int | float], dict[str, str | None], dict[str, str]]:
    """The earlier record's figures, names and codes as stored, by `org_code_key` of the stored
    code. A record holds each organisation once by that key (the registry's codes and the
    files' are compared so); should an older or imported record hold two codes of one key,
    they are one organisation now: their figures are added, and the first one's name and code
    are kept."""
    by_key: dict[str, int | float] = {}
    names_by_key: dict[str, str | None] = {}
    stored: dict[str, str] = {}
    for code, figure in figures.items():
        key = org_code_key(code)
        by_key[key] = by_key.get(key, 0) + figure
        stored.setdefault(key, code)
        names_by_key.setdefault(key, names.get(code))
    return by_key, names_by_key, stored


def _late_issue(
    org: OrgResult,
    now: int,
    then: int | float,
    earlier: dt.date,
    start: dt.date,
    record: str,
    recoded: str = "",
) -> Issue:
    """The difference of an organisation whose file lists its changes only from `start`, after
    the day after the earlier cut-off: its changes between may explain it (not a mismatch).
    `record`: the earlier record's number in the history; `recoded`: the figure stored under its
    old code, in words (`_recoded_words`)."""
    return make_issue(
        "form.opening_late_start",
        file=org.file,
        org_code=org.org_code,
        value=str(now),
        where=org.org_name or org.org_code,
        now=vnformat.number(now),
        then=vnformat.number(int(then)),
        date=vnformat.message_date(earlier),
        record=record,
        start=vnformat.message_date(start),
        next_day=vnformat.message_date(earlier + dt.timedelta(days=1)),
        recoded=recoded,
    )


# The ward's warning names no row: each organisation that differs has its own warning, which does.
_WARD_CANDIDATES = " Xem cảnh báo của từng tổ chức có số khác."


def _candidates(rows: list[int], date_text: str, after: Sequence[int] = ()) -> str:
    """The file's change rows of the period dated on or before the earlier cut-off, in words
    (" Tệp có 2 dòng biến động trong kỳ ghi ngày 31/03/2026 trở về trước, hãy xem lần đó đã có
    chưa: sheet “Biến động”, dòng 15, 12 (ngày gần nhất trước)."): one of them the earlier run
    may not have had, most likely one of the latest dated (`RollMoves.rows_through`'s order);
    then the rows dated after it (`after`, `RollMoves.rows_after`), where a row extra or dated
    after it by mistake is (hunt321: a death of December typed in January was named nowhere,
    the rows listed being only those before). Empty when there is none of either."""
    words = ""
    if rows:
        shown = ", ".join(str(r) for r in rows[:MAX_NAMED]) + (", …" if len(rows) > MAX_NAMED else "")
        words = (
            f" Tệp có {vnformat.number(len(rows))} dòng biến động trong kỳ ghi ngày {date_text} trở về "
            f"trước, hãy xem lần đó đã có chưa: sheet \u201c{layout.SHEET_EVENTS}\u201d, dòng {shown} "
            "(ngày gần nhất trước)."
        )
    if after:
        shown = ", ".join(str(r) for r in after[:MAX_NAMED]) + (", …" if len(after) > MAX_NAMED else "")
        words += (
            f" Các dòng biến động ghi ngày sau ngày {date_text} (một dòng ghi nhầm ngày, nếu có, "
            f"có thể là một trong các dòng này): sheet \u201c{layout.SHEET_EVENTS}\u201d, dòng {shown} "
            "(ngày sớm nhất trước)."
        )
    return words


def _org_issue(
    org: OrgResult,
    now: int,
    then: int | float,
    date_text: str,
    record: str,
    then_name: str | None,
    then_code: str,
    candidates: str = "",
    moved: str = "",
    *,
    recoded: str = "",
) -> Issue:
    """One organisation's warning: the plain mismatch, or, when the code's stored name is
    another organisation's, the one that says whose figure it was (and under the code as it
    was stored then, `then_code`, which may differ from today's in case or spacing only), and
    the earlier record by its number in the history (`record`).
    `candidates`: its change rows that a late or corrected row may be (`_candidates`); `moved`:
    the organisation gone or new whose members the difference exactly is (`_moved_whole`);
    `recoded`: the figure is the one stored under its old code, in words (`_recoded_words`)."""
    fields = {
        "file": org.file,
        "org_code": org.org_code,
        "value": str(now),
        "where": org.org_name or org.org_code,
        "now": vnformat.number(now),
        "then": vnformat.number(int(then)),
        "date": date_text,
        "record": record,
    }
    old_key, new_key = org_name_key(then_name), org_name_key(org.org_name)
    if old_key and new_key and old_key != new_key:
        return make_issue("form.opening_code_renamed", org=then_code, then_name=then_name, **fields)
    return make_issue("form.opening_mismatch", candidates=candidates, moved=moved, recoded=recoded, **fields)


def _complete(indicators: Mapping[str, int | float | None] | None) -> bool:
    """Whether a run consolidated every organisation it expected (and says so): every registry
    organisation, and no file outside the registry left out (`stats.coverage.missing_orgs`)."""
    return org_coverage(indicators) is not None and missing_orgs(indicators) is None


def _ward_comparable(result: ConsolidationResult, cutoff: dt.date) -> bool:
    """Whether this run's side of the ward's roll at `cutoff` can be rebuilt for sure: every
    organisation it expected consolidated, no file of no organisation, each file's roll moves
    known, none listing its changes only from after the day after `cutoff`."""
    if not _complete(result.indicators) or result.unknown_files():
        return False
    consolidated = [o for o in result.organisations if o.status == "consolidated"]
    if not consolidated or any(o.org_code not in result.roll_moves for o in consolidated):
        return False
    counted = {o.org_code for o in consolidated} | {o.file for o in consolidated if o.file}
    return not late_starts(result.issues, cutoff + dt.timedelta(days=1), counted)


def _ward_issue(
    result: ConsolidationResult,
    cutoff: dt.date,
    earlier_codes: Mapping[str, str] | None,
    earlier_ward: Mapping[str, int | float],
    then: int,
    differing: Mapping[str, int] | None = None,
    *,
    record: str,
    merged_from: Sequence[str] | None = None,
    typed: tuple[str, str, str] | None = None,
    earlier_names: Mapping[str, str | None] | None = None,
) -> Issue | None:
    """The ward's figure at `cutoff` rebuilt from the ward's own changes against the earlier
    record's (`record`: its number in the history, which the warning names):
    `form.ward_opening_mismatch` when the organisations consolidated differ from the earlier
    run's `earlier_codes` (its codes as stored, by `org_code_key`; `differing`: the organisations
    of both runs whose own figure differs, by how many fewer now, which the message says part of
    the ward's difference is, `_what_to_check`),
    `form.ward_opening_no_org_figures` when the earlier record has no figure per organisation
    (`earlier_codes` None), which, when that record is a merged ward's sum of the former wards
    `merged_from` (review203 R4), says so and that a former ward moved only partly into this one
    may explain the difference (review207: only may), and when it was typed from last year's
    forms (`typed`: the workbook's name, the removal's words, the words of adding it again),
    names the workbook and the lines its figure was copied from, and how to mend a figure copied
    wrong; None when they agree, or when the check cannot be sure (module docstring)."""
    if not (_complete(earlier_ward) and _ward_comparable(result, cutoff)):
        return None
    consolidated = [o for o in result.organisations if o.status == "consolidated"]
    now, unscoped_in, unscoped_out, transit_in = 0, 0, 0, 0
    for org in consolidated:
        moves = result.roll_moves[org.org_code]
        now += moves.roll_at(int(org.indicators.get("members.total", 0)), cutoff, ward=True)
        joins, leaves = moves.unscoped_after(cutoff)
        unscoped_in, unscoped_out = unscoped_in + joins, unscoped_out + leaves
        transit_in += moves.transit_joins_after(cutoff)
    # A transfer of unknown scope after `C` is counted as the ward's change; were it a move
    # inside the ward whose other side says so, the ward's roll then would be one more (a join)
    # or one less (a departure) than `now`. An arrival inside the ward after `C` whose other
    # side is in no file is counted as joining the ward (in transit at `C`, as Biểu 1 counts
    # it); were its sending organisation gone from this run (merged away), the roll then would
    # be one more.
    low, high = now - unscoped_out, now + unscoped_in + transit_in
    if low <= then <= high:
        return None
    unscoped = ""
    # What the figure shown counts for a member who left one organisation of the ward by `C`
    # and joined another after it (the parenthesis of the rule's text).
    transit = (
        "còn người đã rời tổ chức cũ từ ngày đó trở về trước mà tổ chức mới nhận sau ngày đó thì "
        "vào ngày đó không có trong danh sách nào"
    )
    if transit_in:
        # Said as the figure nearer the earlier record's, the other one named.
        counted_in = then > now + unscoped_in + transit_in
        shown, other = (now + transit_in, now) if counted_in else (now, now + transit_in)
        how = (
            "là người đã ở trong phường vào ngày đó (ở một tổ chức nay không còn, đã sáp nhập, giải "
            "thể, hoặc tổ chức kia chưa ghi); nếu họ đã rời tổ chức cũ từ ngày đó trở về trước, số "
            f"tính lại là {vnformat.number(other)}"
            if counted_in
            else "là người đang chuyển giữa hai tổ chức, không có trong danh sách nào vào ngày đó; nếu "
            "họ khi ấy ở một tổ chức nay không còn (đã sáp nhập, giải thể), số tính lại là "
            f"{vnformat.number(other)}"
        )
        unscoped += (
            f" Số tính lại coi {vnformat.number(transit_in)} người chuyển đến trong Đảng bộ phường sau "
            f"ngày {vnformat.message_date(cutoff)} (các tệp kỳ này không có dòng chuyển đi tương ứng) {how}, "
            f"vẫn khác {vnformat.number(then)}."
        )
        now = shown
        if counted_in:
            transit = (
                "còn người chuyển đến trong Đảng bộ phường sau ngày đó mà các tệp kỳ này không có "
                "dòng chuyển đi tương ứng thì được tính là đã ở trong phường vào ngày đó"
            )
    if unscoped_in or unscoped_out:
        unscoped += (
            f" Có {vnformat.number(unscoped_in + unscoped_out)} dòng chuyển đến, chuyển đi sau ngày "
            f"{vnformat.message_date(cutoff)} chưa ghi phạm vi chuyển (mẫu 2026.1, hoặc tệp nâng cấp chưa "
            "điền), được tính như chuyển ngoài phường; nếu có dòng là chuyển trong Đảng bộ phường, "
            f"số tính lại cũng chỉ từ {vnformat.number(low)} đến {vnformat.number(high)}, vẫn khác "
            f"{vnformat.number(then)}."
        )
    fields = {
        "value": str(now),
        "where": "Toàn Đảng bộ",
        "now": vnformat.number(now),
        "then": vnformat.number(then),
        "date": vnformat.message_date(cutoff),
        "record": record,
        "unscoped": unscoped,
        "transit": transit,
    }
    if earlier_codes is None:
        if merged_from:
            # A merged ward's record (review203 R4): the sum of the former wards' figures, each
            # whole, which a ward moved only partly into this one (the 2025 reorganisation) makes
            # differ from this ward's roll then, rightly.
            return make_issue(
                "form.ward_opening_no_org_figures",
                kind=f"là tổng số liệu của {merged_words(merged_from)} (nay hợp nhất thành phường "
                "này), không có số của từng tổ chức",
                merged=" Nếu có phường cũ chỉ nhập một phần vào phường này (hoặc phường này còn nhận "
                "thêm một phần của phường, xã khác) thì chênh lệch có thể là do đó: phần chênh lệch ấy "
                "không cần sửa.",
                **fields,
            )
        if typed is not None:
            workbook, removal, again = typed
            return make_issue(
                "form.ward_opening_no_org_figures",
                kind="là số liệu chép từ các biểu năm trước (tệp Excel \u201c"
                f"{workbook}\u201d), chỉ có số của cả phường, không có số của từng tổ chức",
                merged=f" Số {vnformat.number(then)} là số chép vào dòng I của Biểu 3-BTCTW (hoặc dòng D "
                "của Biểu 1-BTCTW) trong tệp đó: nếu số ấy chép nhầm, hãy sửa tệp, xóa lần đó khỏi lịch "
                f"sử ({removal}), rồi thêm lại tệp {again}.",
                **fields,
            )
        return make_issue(
            "form.ward_opening_no_org_figures",
            kind="chỉ có số của cả phường, không có số của từng tổ chức (như khi tệp tóm tắt JSON "
            "được nhập không kèm danh sách tổ chức)",
            merged="",
            **fields,
        )
    keys = {org_code_key(o.org_code) for o in consolidated}
    gone_keys = [key for key in earlier_codes if key not in keys]
    newcomers = [o for o in consolidated if org_code_key(o.org_code) not in earlier_codes]
    # An organisation stored under a code absent now whose stored name is that of a newcomer's
    # is that organisation given a new code only, neither gone nor new (as `_gone_and_new`; h298:
    # the ward's message named it gone and new, and counted its members among those brought
    # from outside, so `_brought_check` no longer matched the surplus).
    # Named as such, so that the message never says the organisations differ while naming none
    # gone and none new (review303).
    pairs = _renumbered(gone_keys, earlier_names or {}, newcomers)
    # Each organisation given a new code only, its code now with its code as stored then.
    old_codes = {
        o.org_code: earlier_codes[pairs[org_code_key(o.org_code)]]
        for o in newcomers
        if org_code_key(o.org_code) in pairs
    }
    renumbered = sorted(f"{old} thành {code}" for code, old in old_codes.items())
    gone = _codes([earlier_codes[k] for k in gone_keys if k not in set(pairs.values())])
    newcomers = [o for o in newcomers if org_code_key(o.org_code) not in pairs]
    new = _codes([o.org_code for o in newcomers])
    more = ", …" if len(renumbered) > MAX_NAMED else ""
    recoded_text = f"; chỉ đổi mã: {', '.join(renumbered[:MAX_NAMED])}{more}" if renumbered else ""
    check = _what_to_check(then - now, differing or {}, vnformat.message_date(cutoff), old_codes)
    # The organisations new to this run, each by its own roll at `C` (its file's list minus its
    # joins after `C`, plus its departures after it): an organisation taken over from outside
    # the ward (the wards merged in 2025, a chi bộ received from another Party committee) had
    # its members then, in no list of the ward. When they are exactly the ward's surplus and no
    # organisation of both runs differs, that is said, not a search for members in no list
    # (hunt199 F2). Not when a member a transfer row says moved inside the ward is on the list
    # of another organisation that has no matching row (`event.internal_transfer_on_other_roll`):
    # the new organisations' members may be those, counted twice (a split written on the old
    # organisation's side only), and "nothing needs fixing" would be false (review202).
    brought = sum(
        result.roll_moves[o.org_code].roll_at(int(o.indicators.get("members.total", 0)), cutoff)
        for o in newcomers
    )
    listed_twice = any(i.code == "event.internal_transfer_on_other_roll" for i in result.issues)
    if brought and now - then == brought and not any((differing or {}).values()) and not listed_twice:
        check = _brought_check(newcomers, brought, vnformat.message_date(cutoff))
    return make_issue(
        "form.ward_opening_mismatch", gone=gone, new=new, recoded=recoded_text, check=check, **fields
    )


def _brought_check(newcomers: list[OrgResult], brought: int, date_text: str) -> str:
    """The end of the ward's message when the organisations new to this run held, by their own
    files, exactly the members the ward's figure rebuilt has more than the stored one."""
    these = "các tổ chức mới" if len(newcomers) > 1 else "tổ chức mới"
    return (
        f" Cả chênh lệch {vnformat.number(brought)} là số đảng viên tại ngày {date_text} của {these} "
        f"({_codes([o.org_code for o in newcomers])}) theo chính tệp của {these}. Nếu tổ chức được nhận "
        "về từ đơn vị khác (sáp nhập phường, xã; nhận chi bộ từ đảng bộ khác), không cần sửa gì. Nếu "
        "tổ chức được lập từ đảng viên của tổ chức khác trong phường, hãy ghi dòng \u201cChuyển "
        "đến\u201d (phạm vi \u201cTrong Đảng bộ phường\u201d) cho những người được nhận và dòng "
        "\u201cChuyển đi\u201d tương ứng ở tổ chức cũ."
    )


# What to look for when the ward's difference is not (all) that of organisations of both runs.
_REORGANISED_CHECK = (
    "hãy kiểm tra danh sách đảng viên của các tổ chức mới lập, sáp nhập, chia tách hoặc đã nhận "
    "đảng viên, và sheet \u201c{sheet}\u201d của các tệp: có thể có đảng viên không có trong danh "
    "sách nào, hoặc thiếu, thừa dòng biến động sau ngày {date} (kể cả biến động của tổ chức không "
    "còn, trước khi giải thể, sáp nhập)."
)


def _what_to_check(
    fewer: int, differing: Mapping[str, int], date_text: str, old_codes: Mapping[str, str] | None = None
) -> str:
    """The end of the ward's message across a reorganisation: what to look for, of the ward's
    difference (`fewer`: how many fewer members the ward's figure rebuilt has than the stored
    one) the part the organisations of both runs whose own figure differs (`differing`, each
    with its own warning) explain, and only for the rest the organisations founded, merged or
    split (hunt134 F3: a difference wholly of two such organisations sent the clerk to the new
    one). An organisation given a new code only (`old_codes`: its code now with its code then)
    is one of both runs, named with its code then (review303 F3)."""
    check = _REORGANISED_CHECK.format(sheet=layout.SHEET_EVENTS, date=date_text)
    shown = {code: n for code, n in differing.items() if n}
    if not shown:
        return " " + check[:1].upper() + check[1:]
    explained = sum(shown.values())
    then = old_codes or {}
    labels = [f"{code} (lần đó mang mã {then[code]})" if code in then else code for code in shown]
    orgs = f"{'các tổ chức' if len(shown) > 1 else 'tổ chức'} {_codes(labels)}"
    see = "xem cảnh báo của từng tổ chức" if len(shown) > 1 else "xem cảnh báo của tổ chức ấy"
    rest = fewer - explained
    if rest == 0:
        return (
            f" Cả chênh lệch {vnformat.number(abs(fewer))} là ở {orgs}, có ở cả hai lần tổng hợp "
            f"({see}): các tổ chức mới lập, sáp nhập, chia tách hay không còn không làm khác số "
            "của phường."
        )
    if explained * fewer > 0 and abs(explained) < abs(fewer):
        return (
            f" Chênh lệch {vnformat.number(abs(fewer))}, trong đó {vnformat.number(abs(explained))} "
            f"ở {orgs}, có ở cả hai lần tổng hợp ({see}); với {vnformat.number(abs(rest))} còn "
            f"lại, {check}"
        )
    return (
        f" {orgs[:1].upper()}{orgs[1:]}, có ở cả hai lần tổng hợp, cũng có số khác lần đó ({see}), "
        f"cộng lại {_more_or_fewer(explained)}; ngoài phần ấy, số của phường "
        f"{_more_or_fewer(rest)}: {check}"
    )


def _more_or_fewer(fewer: int) -> str:
    """'ít hơn lần đó 2' or 'nhiều hơn lần đó 1'."""
    return f"{'ít' if fewer > 0 else 'nhiều'} hơn lần đó {vnformat.number(abs(fewer))}"


def _codes(codes: Collection[str]) -> str:
    """'CB04, CB05' (the first `MAX_NAMED`, sorted), or 'không có'."""
    if not codes:
        return "không có"
    ordered = sorted(codes)
    more = ", …" if len(ordered) > MAX_NAMED else ""
    return ", ".join(ordered[:MAX_NAMED]) + more


def _counted_before_in_transit(earlier: Mapping[str, int | float], difference: float) -> bool:
    """Whether the earlier record was counted before a move inside the ward in transit across a
    cut-off counted as a transfer (its indicators have no `period.transfer_*.in_transit`: every
    internal side then was no change, as `period.transfer_*.internal`) and those internal
    sides may explain the `difference` of line A: the files need not have changed."""
    if any(f"period.{kind}.in_transit" in earlier for kind in ("transfer_in", "transfer_out")):
        return False
    kinds = ("transfer_in", "transfer_out")
    internal = sum(int(earlier.get(f"period.{kind}.internal", 0) or 0) for kind in kinds)
    return 0 < difference <= internal


def period_opening_issues(result: ConsolidationResult, earlier: Record) -> list[Issue]:
    """Biểu 1's line A of `result` against the earlier record's (`earlier`, read with its
    organisations), when both runs' forms' periods start on the same day (module docstring):
    `form.absent_org_changes` for each organisation stored then with no member and changes in
    the period, absent now; `form.period_opening_changed` when the two line A differ and both
    runs consolidated every organisation they expected."""
    start = result.forms_period[0]
    if earlier.form_period[0] != start:
        return []
    issues: list[Issue] = []
    present = {org_code_key(o.org_code) for o in result.organisations}
    # A last report in the folder with another cut-off, its code out of the registry: no
    # organisation of the run, but its file is there, and its own error (`unknown_code_stored`)
    # says what to do with it: never told "no file" and "keep it" beside "move it out" (hunt389).
    old_files = _old_file_codes(result)
    absent: list[str] = []
    kept_old: list[str] = []
    # Organisations stored then with members, absent now (no file, not in the registry): a
    # chi bộ dissolved or merged away whose last report and registry row were dropped takes its
    # changes of the period, its members' departures included, out of this run's forms. The
    # ward's roll at C may still agree (its members now in another organisation, no row typed),
    # so this line A warning is where such an organisation is named (hunt199 F1).
    populated: list[str] = []
    # The names of the organisations of this run whose code the earlier record lacks: one of
    # those stored then under another code is the same organisation given a new code, its
    # changes in this run's forms under it, and is not named (review202).
    earlier_keys = {org_code_key(o.org_code) for o in earlier.organisations}
    recoded = {
        org_name_key(o.org_name)
        for o in result.organisations
        if org_code_key(o.org_code) not in earlier_keys and org_name_key(o.org_name)
    }
    # Of those, the ones with nobody on their roll now or not consolidated: a dissolved
    # organisation's last report kept under a new code (the ward renumbered its codes) is one,
    # its changes in this run's forms (or its file's absence said by its own issue); one with
    # members now under a name reused is a new organisation, and a last report stored under the
    # old code is still named.
    recoded_empty = {
        org_name_key(o.org_name)
        for o in result.organisations
        if org_code_key(o.org_code) not in earlier_keys
        and org_name_key(o.org_name)
        and (o.status != "consolidated" or not o.indicators.get("members.total"))
    }
    for org in earlier.organisations:
        if org.status != "consolidated" or org_code_key(org.org_code) in present:
            continue
        kinds = _changes(org.indicators)
        members = org.indicators.get("members.total")
        if members and org_name_key(org.org_name) in recoded:
            continue
        if members:
            populated.append(f"{org.org_code} ({vnformat.number(int(members))} đảng viên)")
            continue
        if members != 0 or not kinds or org_name_key(org.org_name) in recoded_empty:
            continue
        if org_code_key(org.org_code) in old_files:
            kept_old.append(org.org_code)
            continue
        absent.append(org.org_code)
        issues.append(
            make_issue(
                "form.absent_org_changes",
                org_code=org.org_code,
                where=org.org_name or org.org_code,
                org=org.org_code,
                record=str(earlier.id),
                date=vnformat.message_date(earlier.cutoff_date),
                start=vnformat.message_date(start),
                kinds=kinds,
                cutoff=vnformat.message_date(result.cutoff_date),
                until=_until(start),
            )
        )
    now, then = result.indicators.get("period.opening"), earlier.indicators.get("period.opening")
    if now is None or then is None or now == then:
        return issues
    if not (_complete(result.indicators) and _complete(earlier.indicators)) or result.unknown_files():
        return issues  # of different parts of the ward: the coverage is said by its own warnings
    if _counted_before_in_transit(earlier.indicators, abs(now - then)):
        return issues
    gone = ""
    if absent:
        each = "từng tổ chức" if len(absent) > 1 else "tổ chức"
        gone = (
            f" Lần đó có tổ chức {_codes(absent)} với biến động trong kỳ, nay không có tệp và không "
            f"có trong danh mục (xem cảnh báo riêng của {each})."
        )
    if kept_old:
        each = "từng tệp" if len(kept_old) > 1 else "tệp"
        gone += (
            f" Lần đó có tổ chức {_codes(kept_old)} với biến động trong kỳ, nay tệp báo cáo cuối của "
            f"tổ chức ghi ngày chốt khác và mã không có trong danh mục, không được tổng hợp (xem lỗi "
            f"của {each})."
        )
    dropped = ""
    if populated:
        them = "các tổ chức này" if len(populated) > 1 else "tổ chức này"
        dropped = (
            f" Lần đó có tổ chức {_codes(populated)} tại ngày {vnformat.message_date(earlier.cutoff_date)}, "
            f"nay không có tệp và không có trong danh mục: nếu {them} đã giải thể, sáp nhập (không "
            f"phải chỉ đổi mã), các biến động trong kỳ của {them}, kể cả việc chuyển đảng viên đi, "
            "không có trong các biểu của lần này; hãy để lại tệp báo cáo cuối (danh sách đảng viên "
            f"trống, các biến động ở sheet \u201c{layout.SHEET_EVENTS}\u201d) trong thư mục bài nộp và "
            f"dòng của {them} trong danh mục {_until(start)}, rồi tổng hợp lại."
        )
    # Its own parameter: `dropped` is near `MAX_PARAM_CHARS` already.
    redated = (
        f" {LAST_REPORT_REDATED.format(cutoff=vnformat.message_date(result.cutoff_date))}" if dropped else ""
    )
    if any(i.code == "event.transfer_dates_reversed" for i in result.issues):
        # A row added after C can pair, in reverse, with a side that was in transit then: the
        # pair is now one move inside the ward, and line A changes with no row before C edited.
        gone += (
            " Lần này cũng có lần chuyển sinh hoạt trong Đảng bộ phường ghi ngày chuyển đến trước ngày "
            "chuyển đi (xem cảnh báo riêng ở hai dòng ấy): khi một trong hai dòng mới được ghi, hai dòng "
            "nay được tính là một lần chuyển trong phường, nên dòng A có thể khác lần đó dù không dòng "
            "nào trong khoảng ấy bị sửa; hãy sửa ngày ghi nhầm."
        )
    issue = make_issue(
        "form.period_opening_changed",
        value=str(int(now)),
        where="Toàn Đảng bộ",
        now=vnformat.number(int(now)),
        then=vnformat.number(int(then)),
        record=str(earlier.id),
        date=vnformat.message_date(earlier.cutoff_date),
        start=vnformat.message_date(start),
        gone=gone,
        dropped=dropped,
        redated=redated,
    )
    return [issue, *issues]


def last_close_issues(result: ConsolidationResult, previous: Record, opening: Record | None) -> list[Issue]:
    """Biểu 1's line A of `result` against line D of last year's record (`previous`, its
    `Cùng kỳ năm trước`) when last year's forms' period ends the day before this one starts (the
    year's forms after last year's): the closing of one year is the opening of the next
    (h215 F3). The opening check compares the roll with the latest record inside the change
    period (`opening`: the third quarter's at 31/12), which the year's files agree with when
    the difference with last year's close was there since the first quarter: the year's forms
    went up with line A unlike last year's line D and no warning. Not made when the opening
    check's record is of that day itself (said there), when either run left organisations out,
    when this run has files of no organisation or moves in transit (their sides may fall on
    either side of the day), nor against a merged ward's sum (its former wards may have moved
    only partly)."""
    start = result.forms_period[0]
    if previous.form_period[1] + dt.timedelta(days=1) != start or previous.merged_from:
        return []
    if opening is None or opening.cutoff_date <= previous.cutoff_date:
        return []
    now, then = result.indicators.get("period.opening"), previous.indicators.get("members.total")
    if now is None or then is None or now == then:
        return []
    if not (_complete(result.indicators) and _complete(previous.indicators)) or result.unknown_files():
        return []
    transit = ("period.transfer_in.in_transit", "period.transfer_out.in_transit")
    if any(source.get(key) for source in (result.indicators, previous.indicators) for key in transit):
        return []
    return [
        make_issue(
            "form.opening_last_year_close",
            value=str(int(now)),
            where="Toàn Đảng bộ",
            now=vnformat.number(int(now)),
            then=vnformat.number(int(then)),
            record=str(previous.id),
            date=vnformat.message_date(previous.cutoff_date),
            period=(
                f"{vnformat.message_date(previous.form_period[0])}–"
                f"{vnformat.message_date(previous.form_period[1])}"
            ),
            start=vnformat.message_date(start),
            checked=vnformat.message_date(opening.cutoff_date),
        )
    ]


def unknown_code_stored(result: ConsolidationResult, earlier: Record) -> list[tuple[Issue, Issue]]:
    """Each `org.unknown` of `result` whose code the earlier record of the same forms' period
    (`earlier`, read with its organisations) consolidated, and each `org.old_file_unregistered`
    (`_last_report_kept`), `org.missing` (`_last_report_missing`) and `org.cutoff_mismatch`
    (`_last_report_redate`) of a code it consolidated as a last report, with the issue to put in
    its place:
    its closing advice ("use the code the ward gave") is wrong there. The registry row was
    dropped while the file was kept — most often a dissolved or merged organisation's last
    report, whose row is to stay until the end of the forms' period (hunt199 F6) — so the
    message says the record, that the file's members and changes of the period are not in this
    run's forms (it is excluded), and what to do in each case. Empty when the periods differ."""
    start = result.forms_period[0]
    if earlier.form_period[0] != start:
        return []
    stored = {
        org_code_key(o.org_code): o
        for o in earlier.organisations
        if o.status == "consolidated" and o.org_code
    }
    found: list[tuple[Issue, Issue]] = []
    for issue in result.issues:
        if issue.code == "org.old_file_unregistered":
            last = _last_report_kept(issue, stored, earlier, result)
            if last is not None:
                found.append((issue, last))
            continue
        if issue.code == "org.missing":
            note = _last_report_missing(issue, stored, earlier, result)
            if note is not None:
                found.append((issue, note))
            continue
        if issue.code == "org.cutoff_mismatch":
            redate = _last_report_redate(issue, stored, earlier, result)
            if redate is not None:
                found.append((issue, redate))
            continue
        if issue.code != "org.unknown" or not issue.message.endswith(ORG_UNKNOWN_ADVICE):
            continue
        org = stored.get(org_code_key(issue.org_code or issue.value or ""))
        if org is None:
            continue
        members = org.indicators.get("members.total")
        then = f", {vnformat.number(int(members))} đảng viên tại ngày chốt đó" if members is not None else ""
        advice = (
            f"Lần tổng hợp ngày chốt {vnformat.message_date(earlier.cutoff_date)} (lần số {earlier.id} "
            f"trong lịch sử), cùng kỳ báo cáo từ ngày {vnformat.message_date(start)}, đã tổng hợp tổ "
            f"chức này (mã {org.org_code}{then}); nay danh mục không còn dòng của tổ chức, nên tệp "
            "không được tổng hợp: đảng viên và các biến động trong kỳ ghi trong tệp không có trong "
            "các biểu của lần này. Nếu tổ chức đã giải thể hoặc sáp nhập, hãy để lại dòng của tổ "
            f"chức trong danh mục {_until(start)}, cùng tệp báo cáo cuối này, rồi tổng hợp lại; nếu "
            "tổ chức chỉ đổi mã, hãy sửa mã trong tệp theo danh mục; nếu không có tổ chức này (lần "
            "đó tổng hợp nhầm), hãy chuyển tệp ra khỏi thư mục bài nộp."
        )
        cut = len(ORG_UNKNOWN_ADVICE)
        private = issue.private_message
        found.append(
            (
                issue,
                replace(
                    issue,
                    message=issue.message[:-cut] + advice,
                    private_message=private[:-cut] + advice
                    if private is not None and private.endswith(ORG_UNKNOWN_ADVICE)
                    else private,
                ),
            )
        )
    return found


def _old_file_codes(result: ConsolidationResult) -> set[str]:
    """The code keys of the files of this run that are `org.old_file_unregistered`: reports of
    an earlier period whose code the registry lacks, in the folder, never consolidated."""
    return {
        org_code_key(i.org_code or i.value or "")
        for i in result.issues
        if i.code == "org.old_file_unregistered" and (i.org_code or i.value)
    }


def _last_report_kept(
    issue: Issue, stored: Mapping[str, OrgRecord], earlier: Record, result: ConsolidationResult
) -> Issue | None:
    """`issue` (an `org.old_file_unregistered`) with its advice to move the file out replaced,
    when the earlier record of the same forms' period consolidated its code with nobody on the
    roll and changes in the period: a dissolved organisation's last report, kept as
    `form.absent_org_changes` asks but with last quarter's cut-off and its registry row dropped.
    Moved out, its changes stay out of the forms; it is to be kept, dated to this run's cut-off,
    with its row (hunt389). None when the record did not so consolidate it."""
    org = stored.get(org_code_key(issue.org_code or issue.value or ""))
    if org is None or org.indicators.get("members.total") != 0:
        return None
    kinds = _changes(org.indicators)
    if not kinds or OLD_FILE_MOVE_OUT not in issue.message:
        return None
    start = result.forms_period[0]
    cutoff = vnformat.message_date(result.cutoff_date)
    advice = (
        f"Lần tổng hợp ngày chốt {vnformat.message_date(earlier.cutoff_date)} (lần số {earlier.id} "
        f"trong lịch sử), cùng kỳ báo cáo từ ngày {vnformat.message_date(start)}, đã tổng hợp báo cáo "
        f"cuối của tổ chức này (mã {org.org_code}, 0 đảng viên tại ngày chốt đó) với các biến động "
        f"trong kỳ ({kinds}); tệp này không được tổng hợp, nên các biến động ấy không có trong các "
        f"biểu của lần này (kỳ báo cáo từ ngày {vnformat.message_date(start)} đến ngày {cutoff}). "
        "Nếu đây là báo cáo cuối ấy, đừng chuyển tệp ra khỏi thư mục bài nộp: hãy để lại tệp và "
        f"dòng của tổ chức trong danh mục {_until(start)}, rồi tổng hợp lại. "
        f"{LAST_REPORT_REDATED.format(cutoff=cutoff)}"
    )

    def replaced(text: str | None) -> str | None:
        if text is None or OLD_FILE_MOVE_OUT not in text:
            return text
        return text[: text.index(OLD_FILE_MOVE_OUT)] + advice

    return replace(
        issue,
        message=replaced(issue.message) or issue.message,
        private_message=replaced(issue.private_message),
    )


def _last_report_missing(
    issue: Issue, stored: Mapping[str, OrgRecord], earlier: Record, result: ConsolidationResult
) -> Issue | None:
    """`issue` (an `org.missing`: a registry organisation with no file) with what the history
    knows, when the earlier record of the same forms' period consolidated it with nobody on the
    roll and changes in the period: a dissolved organisation that sends nothing more, still in
    the registry. Without its last report its changes are out of this run's forms (its members'
    moves to another chi bộ count as arrivals from outside), which "chưa nộp tệp" alone did not
    say, nor how to send it (hunt389). None when the record did not so consolidate it."""
    org = stored.get(org_code_key(issue.org_code or issue.value or ""))
    if org is None or org.indicators.get("members.total") != 0:
        return None
    kinds = _changes(org.indicators)
    if not kinds:
        return None
    start = result.forms_period[0]
    cutoff = vnformat.message_date(result.cutoff_date)
    note = (
        f" Lần tổng hợp ngày chốt {vnformat.message_date(earlier.cutoff_date)} (lần số {earlier.id} "
        f"trong lịch sử), cùng kỳ báo cáo từ ngày {vnformat.message_date(start)}, đã tổng hợp báo cáo "
        f"cuối của tổ chức này (0 đảng viên tại ngày chốt đó: tổ chức đã giải thể hoặc sáp nhập) với "
        f"các biến động trong kỳ ({kinds}); thiếu tệp, các biến động ấy không có trong các biểu của "
        f"lần này (kỳ báo cáo từ ngày {vnformat.message_date(start)} đến ngày {cutoff}). Hãy đặt tệp "
        f"báo cáo cuối ấy vào thư mục bài nộp và để ở đó {_until(start)}, rồi tổng hợp lại. "
        f"{LAST_REPORT_REDATED.format(cutoff=cutoff)}"
    )
    private = issue.private_message
    return replace(
        issue, message=issue.message + note, private_message=None if private is None else private + note
    )


def _last_report_redate(
    issue: Issue, stored: Mapping[str, OrgRecord], earlier: Record, result: ConsolidationResult
) -> Issue | None:
    """`issue` (an `org.cutoff_mismatch`: a registry organisation's file of another cut-off)
    with its advice to update the figures (`CUTOFF_UPDATE`) replaced, when the earlier record of
    the same forms' period consolidated the organisation with nobody on the roll and changes in
    the period, and the file's cut-off is in this forms' period: a dissolved organisation's last
    report, kept with its registry row as `form.absent_org_changes` asks but with the cut-off it
    was consolidated with. There is nothing to update, only its cut-off to state this run's; its
    changes are out of the forms until then (fix393: it was told "Hãy cập nhật số liệu đến ngày
    …", as any late file). None otherwise."""
    org = stored.get(org_code_key(issue.org_code or ""))
    if org is None or org.indicators.get("members.total") != 0:
        return None
    kinds = _changes(org.indicators)
    cutoff = vnformat.message_date(result.cutoff_date)
    update = CUTOFF_UPDATE.format(expected=cutoff)
    if not kinds or not issue.message.endswith(update):
        return None
    start = result.forms_period[0]
    own = _message_day(issue.value)
    if own is None or own < start:  # last year's file, say: no last report of this period
        return None
    advice = (
        f"Lần tổng hợp ngày chốt {vnformat.message_date(earlier.cutoff_date)} (lần số {earlier.id} "
        f"trong lịch sử), cùng kỳ báo cáo từ ngày {vnformat.message_date(start)}, đã tổng hợp báo cáo "
        f"cuối của tổ chức này (0 đảng viên tại ngày chốt đó: tổ chức đã giải thể hoặc sáp nhập) với "
        f"các biến động trong kỳ ({kinds}); tệp này không được tổng hợp, nên các biến động ấy không có "
        f"trong các biểu của lần này (kỳ báo cáo từ ngày {vnformat.message_date(start)} đến ngày "
        f"{cutoff}). Nếu đây là báo cáo cuối ấy, không cần cập nhật số liệu, chỉ sửa ngày chốt: hãy để "
        f"lại tệp và dòng của tổ chức trong danh mục {_until(start)}, rồi tổng hợp lại. "
        f"{LAST_REPORT_REDATED.format(cutoff=cutoff)}"
    )
    cut = len(update)
    private = issue.private_message
    if private is not None and private.endswith(update):
        private = private[:-cut] + advice
    return replace(issue, message=issue.message[:-cut] + advice, private_message=private)


def _message_day(text: str | None) -> dt.date | None:
    """The day a message's value writes dd/mm/yyyy (`vnformat.message_date`), None for any other."""
    try:
        return dt.datetime.strptime(text or "", "%d/%m/%Y").date()
    except ValueError:
        return None


def _changes(indicators: Mapping[str, int | float]) -> str:
    """An organisation's changes of a forms' period in words ('1 kết nạp, 56 chuyển đi trong
    Đảng bộ phường'), from its `period.*` counts; empty when it has none."""
    parts: list[str] = []
    for kind in vocab.EVENT_TYPE.codes:
        label = vocab.EVENT_TYPE.label(kind)
        label = label[:1].lower() + label[1:]  # "xin ra khỏi Đảng": the Party keeps its capital
        count = int(indicators.get(f"period.{kind}", 0) or 0)
        if count:
            parts.append(f"{vnformat.number(count)} {label}")
        internal = int(indicators.get(f"period.{kind}.internal", 0) or 0)
        if internal:
            parts.append(f"{vnformat.number(internal)} {label} trong Đảng bộ phường")
    return ", ".join(parts)


def _until(start: dt.date) -> str:
    """How long a dissolved organisation's last report is still needed: until the last run of
    the forms' period that starts on `start`."""
    if (start.month, start.day) == (1, 1):
        end = dt.date(start.year, 12, 31)
        last = vnformat.message_date(end)
        return f"cho đến hết năm {start.year} (lần tổng hợp ngày chốt {last} cũng cần chúng)"
    return f"cho đến hết các lần tổng hợp có kỳ báo cáo bắt đầu từ ngày {vnformat.message_date(start)}"
