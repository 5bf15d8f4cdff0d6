"""Which organisation each file belongs to, and what became of each organisation.

A readable submission belongs to the organisation its `Thông tin` sheet names. A file that
was sent but cannot be used (unreadable, not the template, refused as unsafe, or with no code)
still belongs to an organisation: the one its file name names (`<code>_<slug>.xlsx` as the
pre-filled templates are named, or a registry code at the start of the name), else the one
its `Thông tin` sheet names if that much could be read. That organisation is `excluded` with
the reason, never `missing`; a file attributable to none is an unknown file (an error).

Codes are compared up to case, spaces and invisible characters (`org_code_key`), and an
organisation of the registry is always shown with the registry's code. A code that meets no
registry code so but the loose key of exactly one (`org_code_loose_key`: `HD 10`, `HĐ-010` for
`HD10`) is read as that one before any check (`read_codes_loosely`, a `norm.org_code` warning
at the code). A file whose code is in no registry row even so (unknown, ambiguous, or empty)
and has errors for it belongs to the organisation its file name names, else the one whose
registry name its `Thông tin` name is, when that organisation sent no other file: it is then
`excluded` with the file's reason, not `missing` beside a row of the typed code. A file of such
a code and another cut-off than the run's (`org.old_file_unregistered`: an old report left in
the folder) belongs to no organisation's row: the run does not expect it (hunt134 F2).

At most one file is consolidated for an organisation: should several error-free files still
name one (validation makes them all errors), each gets that error here, so none is dropped
without a word.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from toolkit.core import layout, vocab
from toolkit.core.dates import as_date
from toolkit.core.model import Issue, Organisation, OrgResult, Registry, Submission
from toolkit.core.rules import DUPLICATE_FILE_RULE, RULES, make_issue, registry_code_advice, where_cell
from toolkit.core.text import (
    clean_code,
    code_in_file_name,
    file_labels,
    org_code_key,
    org_name_key,
    registry_code_to_fix,
)
from toolkit.core.vnformat import message_date, number
from toolkit.io.errorcells import ERROR_MEANING, UNKNOWN_MEANING


@dataclass
class Attribution:
    """Every organisation's status, the submission consolidated for each, and every issue."""

    organisations: list[OrgResult]
    included: dict[str, Submission]  # organisation code → its consolidated submission
    code_of: dict[int, str | None] = field(default_factory=dict)  # id(submission) → code or None
    issues: list[Issue] = field(default_factory=list)
    # Each missing organisation's files in sub-folders its `org.missing` names (registry code →
    # (sub-folder, file), the newest first: `_in_subfolders`), for the work lists to say too.
    below: dict[str, list[tuple[str, Path]]] = field(default_factory=dict)


def read_codes_loosely(subs: Sequence[Submission], registry: Registry | None) -> list[list[Issue]]:
    """Read each code typed loosely as its registry code; each submission's new issues.

    A `Thông tin` code that meets no registry code by `org_code_key` but the loose key of
    exactly one (`Registry.find`: `HD 10`, `HD-10`, `HĐ10`, `HD10.`, `HD010` for `HD10`) is
    that organisation's: the submission's code becomes the registry's, so every check, the
    one-file-per-organisation rule and the attribution see one organisation, and a
    `norm.org_code` warning at the code cell says what was typed and how it was read. Codes of
    several registry codes' loose key are left as typed (`org.unknown` says them)."""
    found: list[list[Issue]] = [[] for _ in subs]
    if registry is None:
        return found
    keyed = registry.by_key()
    for index, sub in enumerate(subs):
        typed = sub.org_code
        if not typed or org_code_key(typed) in keyed:
            continue
        org = registry.find(typed)
        if org is None:
            continue
        sub.info["org_code"] = org.org_code
        sub.issues = [replace(i, org_code=org.org_code) if i.org_code == typed else i for i in sub.issues]
        info = layout.layout_for(sub.template_version).sheet(layout.SHEET_INFO)
        cell, header = info.cell("org_code"), info.field("org_code").header
        found[index].append(
            make_issue(
                "norm.org_code",
                file=sub.path.name,
                org_code=org.org_code,
                sheet=sub.sheet_name(layout.SHEET_INFO),
                cell=cell,
                column=header,
                where=where_cell(sub.sheet_name(layout.SHEET_INFO), 0, header, cell, info=True),
                value=typed,
                listed=True,  # read as a code of the ward's list: an organisation's, no one's
                expected=org.org_code,
                org_name=org.org_name,
                advice=_loose_code_advice(org.org_code, typed, registry),
            )
        )
    return found


# The reader's errors at `Tên tổ chức đảng` that leave its value unread, and the warning each
# becomes when the file's code names a registry organisation (`name_from_registry`).
_NAME_UNREAD = {
    "cell.error_value": "info.org_name_error_value",
    "cell.formula_no_value": "info.org_name_formula_no_value",
}


def name_from_registry(subs: Sequence[Submission], registry: Registry | None) -> None:
    """Keep a file whose `Tên tổ chức đảng` holds an error value (`#N/A` of a VLOOKUP) or a
    formula saved without a value when its code names a registry organisation (`Registry.find`,
    after `read_codes_loosely`) and its code cell holds no error: the organisation's name is
    the registry's, which every output shows for it anyway, so the reader's error at the name
    (`cell.error_value`, `cell.formula_no_value`) becomes a warning there saying that name was
    used (`info.org_name_error_value`, `info.org_name_formula_no_value`; fix373). Without a
    registry, or with a code it does not hold, the name is unknown and the error stays."""
    if registry is None:
        return
    for sub in subs:
        if not sub.readable or not sub.info or not sub.org_code:
            continue
        org = registry.find(sub.org_code)
        if org is None:
            continue
        info = layout.layout_for(sub.template_version).sheet(layout.SHEET_INFO)
        sheet = sub.sheet_name(layout.SHEET_INFO)
        name_cell, code_cell = info.cell("org_name"), info.cell("org_code")
        if any(i.is_error and i.sheet == sheet and i.cell == code_cell for i in sub.issues):
            continue
        header = info.field("org_name").header
        sub.issues = [
            make_issue(
                _NAME_UNREAD[i.code],
                file=i.file,
                org_code=org.org_code,
                sheet=sheet,
                cell=name_cell,
                column=header,
                value=i.value,
                where=where_cell(sheet, 0, header, name_cell, info=True),
                meaning=ERROR_MEANING.get(i.value or "", UNKNOWN_MEANING),
                expected=org.org_code,
                org_name=org.org_name,
            )
            if i.code in _NAME_UNREAD and i.sheet == sheet and i.cell == name_cell
            else i
            for i in sub.issues
        ]


def _loose_code_advice(registry_code: str, typed: str, registry: Registry) -> str:
    """The close of `norm.org_code`: the side that fixes the format (`registry_code_to_fix`)."""
    if registry_code_to_fix(registry_code, typed):
        from toolkit.io.registry import registry_fix_place

        place = registry_fix_place(registry)
        return registry_code_advice(registry_code, clean_code(typed), check_again=False, place=place)
    return f"Lần sau hãy ghi đúng mã \u201c{registry_code}\u201d."


def show_org_names_read(subs: Sequence[Submission], registry: Registry | None) -> None:
    """Unmask each correction of a file's `Tên tổ chức đảng` (`norm.spaces`, `norm.unicode`…)
    whose name is shown anyway: without a registry, or for an organisation the registry does
    not hold, the name typed is the organisation's name on every output; with the registry's
    organisation (its code's, else the one the file's name identifies, as `attribute` files
    it), the name read is the registry's up to `org_name_key`. The reader masks it
    (it cannot know the registry): a name that holds more, a note naming the Bí thư, stays
    masked unless member-level data is asked for, as `org.name_differs` (hunt312 F1)."""
    registry_codes = [o.org_code for o in registry.organisations] if registry is not None else None
    for sub in subs:
        if not sub.readable or not sub.info:
            continue
        info = layout.layout_for(sub.template_version).sheet(layout.SHEET_INFO)
        cell, sheet = info.cell("org_name"), sub.sheet_name(layout.SHEET_INFO)
        masked = [
            i
            for i in sub.issues
            if i.personal and i.code.startswith("norm.") and i.sheet == sheet and i.cell == cell
        ]
        if not masked:
            continue
        # The organisation outputs name the file for: its code's, else the one its file name
        # (or name) identifies, as `attribute` files it (an empty or unknown code, review314).
        written = file_org_code(sub, registry_codes)
        org = registry.find(written) if registry is not None and written else None
        if org is None and registry is not None:
            org = _identified(sub, registry, registry_codes)
        if org is not None and org_name_key(org.org_name) != org_name_key(sub.info.get("org_name")):
            continue
        ids = {id(i) for i in masked}
        sub.issues = [
            replace(i, personal=False, private_message=None) if id(i) in ids else i for i in sub.issues
        ]


def file_org_code(sub: Submission, registry_codes: list[str] | None) -> str | None:
    """The code of the organisation a file belongs to (as written somewhere), or None."""
    if sub.readable and sub.org_code:
        return sub.org_code
    return code_in_file_name(sub.path.name, registry_codes) or sub.org_code


def file_name_org(
    name: str, registry: Registry, registry_codes: list[str] | None = None
) -> Organisation | None:
    """The registry organisation a file's name names (`code_in_file_name`, loosely too), or None."""
    codes = registry_codes if registry_codes is not None else [o.org_code for o in registry.organisations]
    in_name = code_in_file_name(name, codes)
    return registry.find(in_name) if in_name is not None else None


def points_to_registry(sub: Submission, registry: Registry, registry_codes: list[str] | None = None) -> bool:
    """Whether a file's name names a registry organisation (`file_name_org`) or its `Thông
    tin` name is a registry organisation's (`org_name_key`): the file may be that
    organisation's, whatever code it states."""
    if file_name_org(sub.path.name, registry, registry_codes) is not None:
        return True
    key = org_name_key(sub.info.get("org_name")) if sub.info else ""
    return bool(key) and any(org_name_key(o.org_name) == key for o in registry.organisations)


def unreadable_reason(sub: Submission) -> str | None:
    """Why a submission could not be read at all (its first error's message: a password, an
    empty file, not a workbook…), None when it was read. It is shown among the aggregates
    (`Tổng hợp`, the JSON's organisations) and in the run's summary: never a member's value,
    whatever the run's choice for the issue list."""
    if sub.readable:
        return None
    first = next((i for i in sub.issues if i.is_error), None)
    return None if first is None else first.private_message or first.message


def exclusion_reason(sub: Submission) -> str:
    """Why a submission is not consolidated, in one Vietnamese sentence for the summaries."""
    errors = [i for i in sub.issues if i.is_error]
    if sub.copy_of is not None:  # `org.identical_copy`: its content is the other file's
        return f"tệp {sub.path.name} giống hệt tệp {sub.copy_of.name} nên được bỏ qua, không tính lại"
    if not errors:  # a second file of an organisation whose other file was consolidated
        return f"tệp {sub.path.name} không được tổng hợp"
    first = errors[0]
    not_read = unreadable_reason(sub)
    if not_read is not None:
        return f"tệp {sub.path.name} không dùng được: {not_read}"
    more = f" và {number(len(errors) - 1)} lỗi khác" if len(errors) > 1 else ""
    title = RULES[first.code].title
    if not (first.sheet and first.cell):
        where = ""
    elif (
        f"sheet \u201c{first.sheet}\u201d" in title
    ):  # "… vẫn còn ở sheet “Đảng viên”": the cell only, not the sheet twice
        where = f", ô {first.cell}"
    else:
        where = f" ở sheet \u201c{first.sheet}\u201d, ô {first.cell}"
    return f"tệp {sub.path.name} có lỗi: {title}{where}{more}"


def _known_code(voc: vocab.Vocabulary, value: object) -> str | None:
    """A vocabulary code, or None: an excluded submission keeps unknown values as typed
    (validation reports them), and they must not reach the outputs as codes."""
    return value if isinstance(value, str) and value in voc.codes else None


def _org_result(code: str, chosen: Submission, org: Organisation | None, consolidated: bool) -> OrgResult:
    return OrgResult(
        org_code=code,
        org_name=(org.org_name if org else None) or chosen.info.get("org_name"),
        org_tier=(
            org.org_tier if org and org.org_tier else _known_code(vocab.ORG_TIER, chosen.info.get("org_tier"))
        ),
        sector=(org.sector if org and org.sector else _known_code(vocab.SECTOR, chosen.info.get("sector"))),
        status="consolidated" if consolidated else "excluded",
        file=chosen.path.name,
        reason=None if consolidated else exclusion_reason(chosen),
        template_version=chosen.template_version,
        upgraded_from=chosen.upgraded_from,
    )


def attribute(
    submissions: list[Submission], registry: Registry | None, cutoff: dt.date | None = None
) -> Attribution:
    """Group the files by organisation, choose what is consolidated, list the missing ones.
    `cutoff` is the run's (`validate` without one: the one its files are taken to state,
    `ValidationRun.run_cutoff`): a missing organisation's file in a sub-folder that states
    another is last period's, not named (`_in_subfolders`); None names them all."""
    by_key = registry.by_key() if registry is not None else {}
    registry_codes = [o.org_code for o in registry.organisations] if registry is not None else None
    groups: dict[str, tuple[str, list[Submission]]] = {}
    out = Attribution([], {})
    strays: list[tuple[Submission, str | None]] = []  # files with errors and no registry code
    copies: list[Submission] = []  # byte-identical copies of a file used (`Submission.copy_of`)
    for sub in submissions:
        if sub.copy_of is not None:
            copies.append(sub)
            continue
        written = file_org_code(sub, registry_codes)
        if any(i.code == "org.old_file_unregistered" for i in sub.issues):
            # An old report of a code the registry lacks (another cut-off): a file to move
            # out, no organisation the run expects, so no row (hunt134 F2).
            out.code_of[id(sub)] = clean_code(written) or None
            continue
        org = registry.find(written) if registry is not None and written else None
        if registry is not None and org is None and sub.has_errors:
            strays.append((sub, written))
            continue
        _group(out, groups, sub, org, written)
    claimed: set[str] = set()  # organisations that only strays belong to
    for sub, written in strays:
        # Not a row of the typed code beside its organisation "chưa nộp": the organisation the
        # file name or the organisation name identifies, when it sent no other file.
        org = _identified(sub, registry, registry_codes) if registry is not None else None
        key = org_code_key(org.org_code) if org is not None else ""
        if org is not None and (key not in groups or key in claimed):
            claimed.add(key)
            _group(out, groups, sub, org, org.org_code)
        else:
            _group(out, groups, sub, None, written)
    # A copy is filed under its file's organisation, in no group: it is never chosen or counted.
    used = {sub.path: sub for sub in submissions if sub.copy_of is None}
    for sub in copies:
        kept = used.get(sub.copy_of) if sub.copy_of is not None else None
        out.code_of[id(sub)] = out.code_of.get(id(kept)) if kept is not None else sub.org_code
    for key, (code, subs) in groups.items():
        # A file with any error is excluded as a whole; two readable files for one
        # organisation are both errors (validation), so at most one is consolidated.
        good = [s for s in subs if s.readable and not s.has_errors]
        if len(good) > 1:
            _refuse_shared_code(code, good, registry)
            good = []
        if good:
            out.included[code] = good[0]
        out.organisations.append(_org_result(code, good[0] if good else subs[0], by_key.get(key), bool(good)))
    out.issues = _issues(submissions, out.code_of, registry_codes)
    if registry is not None:
        named = _files_by_name(submissions, out.code_of, by_key)
        file_named = _files_by_file_name(submissions, out.code_of, registry, registry_codes)
        locks = _lone_locks(submissions, registry, registry_codes)
        below: dict[str, list[tuple[str, Path]]] | None = None  # looked at for a missing one only
        for org in registry.organisations:
            key = org_code_key(org.org_code)
            if key in groups:
                continue
            missing = OrgResult(org.org_code, org.org_name, org.org_tier, org.sector, "missing")
            out.organisations.append(missing)
            seen = named.get(org_name_key(org.org_name), [])
            shown = {file for file, _ in seen}
            by_file_name = [f for f in file_named.get(org_code_key(org.org_code), []) if f[0] not in shown]
            if below is None:
                absent = {org_code_key(o.org_code) for o in registry.organisations} - set(groups)
                below = _in_subfolders(submissions, registry, registry_codes, absent, cutoff)
            if below.get(key):
                out.below[org.org_code] = below[key]
            out.issues.append(
                make_issue(
                    "org.missing",
                    org_code=org.org_code,
                    value=org.org_code,
                    org_name=org.org_name,
                    seen=_seen_text(seen, by_file_name)
                    + _lock_text(locks.get(key, []))
                    + _subfolder_text(below.get(key, [])),
                )
            )
        order = {o.org_code: i for i, o in enumerate(registry.organisations)}
        out.organisations.sort(key=lambda o: (order.get(o.org_code, len(order)), o.org_code))
    else:
        out.organisations.sort(key=lambda o: o.org_code)
    return out


def _group(
    out: Attribution,
    groups: dict[str, tuple[str, list[Submission]]],
    sub: Submission,
    org: Organisation | None,
    written: str | None,
) -> None:
    """Put `sub` among the files of the registry's `org`, else of the code as `written`, or
    among the files of no organisation when there is neither."""
    code = org.org_code if org is not None else clean_code(written)
    if not code:
        out.code_of[id(sub)] = None
        return
    out.code_of[id(sub)] = code
    groups.setdefault(org_code_key(code), (code, []))[1].append(sub)


def _identified(sub: Submission, registry: Registry, registry_codes: list[str] | None) -> Organisation | None:
    """The registry organisation a file of no registry code identifies: the one its file name
    names (`code_in_file_name`, loosely too), else the only one whose name has the
    `org_name_key` of the name its `Thông tin` gives."""
    in_name = code_in_file_name(sub.path.name, registry_codes)
    if in_name is not None:
        return registry.find(in_name)
    key = org_name_key(sub.info.get("org_name")) if sub.info else ""
    named = [o for o in registry.organisations if key and org_name_key(o.org_name) == key]
    return named[0] if len(named) == 1 else None


def _files_by_name(
    submissions: list[Submission], code_of: dict[int, str | None], by_key: dict[str, Organisation]
) -> dict[str, list[tuple[str, str]]]:
    """(file, code) of the files whose `Thông tin` names an organisation (by `org_name_key`)
    other than the registry organisation of their code: where an organisation that seems not to
    have submitted may have its file (`org.name_of_other`)."""
    named: dict[str, list[tuple[str, str]]] = {}
    for sub in submissions:
        code = code_of.get(id(sub))
        key = org_name_key(sub.info.get("org_name")) if sub.info else ""
        org = by_key.get(org_code_key(code)) if code else None
        if key and code and org is not None and org_name_key(org.org_name) != key:
            named.setdefault(key, []).append((sub.path.name, code))
    return named


def _files_by_file_name(
    submissions: list[Submission],
    code_of: dict[int, str | None],
    registry: Registry,
    registry_codes: list[str] | None,
) -> dict[str, list[tuple[str, str]]]:
    """(file, code) of the files whose file name names a registry organisation (by
    `org_code_key`) other than the one of the code they hold (`org.file_name_of_other`)."""
    named: dict[str, list[tuple[str, str]]] = {}
    for sub in submissions:
        code = code_of.get(id(sub))
        if not code or registry.find(code) is None:
            continue
        org = file_name_org(sub.path.name, registry, registry_codes)
        if org is not None and org_code_key(org.org_code) != org_code_key(code):
            named.setdefault(org_code_key(org.org_code), []).append((sub.path.name, code))
    return named


def _seen_text(seen: list[tuple[str, str]], by_file_name: Sequence[tuple[str, str]] = ()) -> str:
    """What `org.missing` adds when files name the missing organisation under another code:
    in their `Thông tin` (`seen`) or in their file name (`by_file_name`)."""
    text = ""
    if seen:
        files = _and_join([f"{file} (mã {code})" for file, code in seen])
        text += f" Tệp {files} ghi tên tổ chức này nhưng mã của tổ chức khác: hãy xem lỗi của tệp đó."
    if by_file_name:
        files = _and_join([f"{file} (mã {code})" for file, code in by_file_name])
        text += (
            f" Tệp {files} có tên tệp là của tổ chức này nhưng ghi mã của tổ chức khác: hãy xem tệp "
            "đó là số liệu của tổ chức nào."
        )
    return text


def _lone_locks(
    submissions: list[Submission], registry: Registry, registry_codes: list[str] | None
) -> dict[str, list[tuple[str, str]]]:
    """(lock file, program) of the Office lock files beside the submissions whose own file is
    not there (`discover.lone_lock_files`), by the `org_code_key` of the organisation their
    file's name names (`file_name_org`)."""
    from toolkit.io.discover import lone_lock_files

    folders = sorted({sub.path.parent for sub in submissions}, key=str)
    found: dict[str, list[tuple[str, str]]] = {}
    for lock, target, program in lone_lock_files(folders):
        org = file_name_org(target, registry, registry_codes)
        if org is not None:
            found.setdefault(org_code_key(org.org_code), []).append((lock, program))
    return found


def _lock_text(locks: Sequence[tuple[str, str]]) -> str:
    """What `org.missing` adds when only the organisation's lock file is in the folder: the
    file was open in Excel (on another PC) and was not copied; the lock file is never read."""
    if not locks:
        return ""
    files = _and_join([f"\u201c{lock}\u201d" for lock, _ in locks])
    program = locks[0][1]
    return (
        f" Trong thư mục chỉ có tệp {files}, là tệp tạm {program} tạo ra khi tệp đang được mở "
        "(có thể trên máy khác), không phải tệp số liệu: tệp thật chưa được chép vào. Hãy đóng "
        f"tệp trong {program} rồi chép tệp thật vào thư mục."
    )


def _in_subfolders(
    submissions: list[Submission],
    registry: Registry,
    registry_codes: list[str] | None,
    absent: Collection[str],
    cutoff: dt.date | None = None,
) -> dict[str, list[tuple[str, Path]]]:
    """(sub-folder, file) of the spreadsheet files in the sub-folders of the submissions'
    folders (`discover.subfolder_spreadsheets`: not read, `folder.subfolder_not_read`), by the
    `org_code_key` of the organisation their file's name names (`file_name_org`), for the
    organisations of `absent` (those that sent nothing) only: only those files are opened, so
    that 1,000 old files in “cu/” cost nothing when every organisation sent (h213). Opened, a
    file that is one of ward-stats' own workbooks (a feedback file `HD05_…_kiem_tra.xlsx`) is
    no organisation's file; nor, with the run's `cutoff`, is one whose `Thông tin` states
    another cut-off (`_stated_cutoff`: last quarter's report archived in “cu/”, h217), which
    every missing organisation of a ward keeping its old quarters there was told of, every
    quarter, hiding the one file that matters: this period's put in a sub-folder by mistake. A
    file whose cut-off cannot be read (damaged, not the template, none typed) may be that one:
    it is named. At most `MAX_SUBFOLDER_FILES_READ` files are read, the newest first of all,
    and none once the files read reach `MAX_SUBFOLDER_READ_BYTES` in all (their size on disk:
    a large organisation's file takes ~14 ms, so the count alone could mean ~27 s; review218
    finding 2; bytes, not seconds, so that one folder gives one `Kiểm tra` on any PC): a file
    beyond either is named unread, as it may be this period's (a whole drive named by mistake
    costs seconds, not minutes). Each organisation's files the newest
    first (last modified), then by sub-folder and name."""
    from toolkit.io.discover import subfolder_spreadsheets
    from toolkit.io.package import own_workbook_at

    folders = sorted({sub.path.parent for sub in submissions}, key=str)
    below: list[tuple[tuple[float, str, str], str, str, Path]] = []
    for subfolder, path in subfolder_spreadsheets(folders):
        org = file_name_org(path.name, registry, registry_codes)
        if org is not None and org_code_key(org.org_code) in absent:
            below.append((_newest_first((subfolder, path)), org_code_key(org.org_code), subfolder, path))
    # The newest first: a file of this period put in “cu/” by mistake among a dozen old ones is
    # the one to name before the others are counted (h213), and to read first (h217).
    below.sort(key=lambda entry: entry[0])
    found: dict[str, list[tuple[str, Path]]] = {}
    size_read = 0
    for index, (_, key, subfolder, path) in enumerate(below):
        if cutoff is None or index >= MAX_SUBFOLDER_FILES_READ or size_read >= MAX_SUBFOLDER_READ_BYTES:
            if own_workbook_at(path):
                continue
        else:
            size_read += _size(path)
            own, stated = _stated_cutoff(path)
            if own or (stated is not None and stated != cutoff):
                continue
        found.setdefault(key, []).append((subfolder, path))
    return found


# Files in sub-folders read for their cut-off (`_in_subfolders`): about 2 ms each (the sample
# ward's, ~50 KB), ~14 ms a large organisation's (~210 KB); and their size in all, whatever
# their number (review218 finding 2): ~65 µs a kilobyte, so 40 MiB is some 3 s.
MAX_SUBFOLDER_FILES_READ = 2_000
MAX_SUBFOLDER_READ_BYTES = 40 * 1024 * 1024


def _size(path: Path) -> int:
    """A file's size on disk; 0 when it cannot be said (gone meanwhile: its read says so)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _stated_cutoff(path: Path) -> tuple[bool, dt.date | None]:
    """Whether a file is one of ward-stats' own workbooks, and the cut-off its `Thông tin`
    states as the reader reads it (None: it cannot be read, is not the template, or states
    none), its `Thông tin` only read (`reader.read_submission` with `info_only`: no data
    sheet, a few milliseconds a file)."""
    from toolkit.io.reader import read_submission

    sub = read_submission(path, info_only=True)
    return sub.own_output, as_date(sub.info.get("cutoff_date")) if sub.info else None


def _newest_first(entry: tuple[str, Path]) -> tuple[float, str, str]:
    """Sort key of a (sub-folder, file): last modified the latest first, then by name."""
    try:
        modified = entry[1].stat().st_mtime
    except OSError:  # gone meanwhile: last
        modified = float("-inf")
    return (-modified, entry[0], entry[1].name)


MAX_SUBFOLDER_FILES_NAMED = 3  # files of a missing organisation named in `org.missing`


def _subfolder_text(files: Sequence[tuple[str, Path]]) -> str:
    """What `org.missing` adds when a file named for the organisation is in a sub-folder of the
    submissions' folder, which is not read (h211: validate said the organisation had not sent
    while its file was in “cu/”, said apart as a folder left unread)."""
    if not files:
        return ""
    # A few named, one sub-folder said once for its files, the rest counted: a ward keeping its
    # old quarters in “cu/” has a dozen files of each organisation there (h213).
    parts: list[tuple[str, list[str]]] = []
    for sub, path in files[:MAX_SUBFOLDER_FILES_NAMED]:
        if not parts or parts[-1][0] != sub:
            parts.append((sub, []))
        parts[-1][1].append(f"\u201c{path.name}\u201d")
    rest = len(files) - MAX_SUBFOLDER_FILES_NAMED
    listed = ", ".join if rest > 0 else _and_join  # "a, b, c (…) và 11 tệp khác"
    said = [f"{listed(names)} (trong thư mục con \u201c{sub}\u201d)" for sub, names in parts]
    shown = f"{', '.join(said)} và {rest} tệp khác" if rest > 0 else _and_join(said)
    these = "Tệp" if len(files) == 1 else "Các tệp"
    return (
        f" {these} {shown} mang tên tổ chức này nhưng không được đọc: chỉ các tệp nằm ngay trong thư "
        "mục bài nộp được kiểm tra và tổng hợp. Nếu đó là bài nộp của kỳ này, hãy chuyển tệp ra "
        "thư mục bài nộp rồi làm lại."
    )


def _and_join(names: Sequence[str]) -> str:
    """`a`, `a và b`, `a, b và c`."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} và {names[-1]}"


# The advice of `org.duplicate_file` when a file may be another organisation's (their names
# differ, or a file is named after another): `say_only_clean` names no clean file then.
MAYBE_ANOTHERS = "có thể có tệp của tổ chức khác nhưng ghi nhầm mã, nên đừng bỏ tệp nào trước khi xem"


def duplicate_file_params(
    subs: Sequence[Submission], registry: Registry | None = None, cutoff: dt.date | None = None
) -> dict[str, object]:
    """The message parameters of `org.duplicate_file` for the files of one organisation (in
    file order): their number, their names, whether they are byte-identical copies (same
    SHA-256) or differ, and what to do. The rule and the guard below word it alike.

    The file to keep is "the newest" (bản mới nhất), unless exactly one of them states the run's
    `cutoff` (one given: a cut-off guessed from the files may be a mistyped majority's,
    review147): that one is named, since the newest by `Ngày lập` may be last quarter's report
    with a late or mistyped `Ngày lập` (review137 §3); and so is the way out when another is
    the corrected file with its cut-off mistyped (review137 §2).

    Files that write the organisation's name differently (`org_name_key`) may not all be its
    own: a neighbour's file copied with its code kept. Keeping the latest would then drop a
    real submission, so the advice is to correct the code of the file that is another's. So
    do files whose file name is another registry organisation's (with `registry`): a template
    pre-filled for one organisation, filled by another's secretary and saved under their name."""
    label = _file_labels(subs)
    names = [label[id(s)] for s in subs]
    same: dict[str, list[str]] = {}
    for sub in subs:
        if sub.sha256:  # empty when the file's bytes were never read
            same.setdefault(sub.sha256, []).append(label[id(sub)])
    copies = [group for group in same.values() if len(group) > 1]
    these = "hai tệp này" if len(names) == 2 else f"cả {len(names)} tệp này"
    keep = "bản mới nhất"
    if len(copies) == 1 and len(copies[0]) == len(names):
        text = f"{these[0].upper()}{these[1:]} giống hệt nhau (cùng mã SHA-256): là bản sao của cùng một tệp."
        keep = "tệp nào cũng được"
    elif copies:
        pairs = ", ".join(f"{_and_join(group)} giống hệt nhau" for group in copies)
        text = f"Trong đó {pairs} (cùng mã SHA-256)."
    else:
        text = f"Nội dung {these} khác nhau (có thể là bản gửi lại hoặc bản đã sửa)."
    advice = f"hãy giữ lại một tệp ({keep}) và chuyển các tệp còn lại ra khỏi thư mục."
    of_cutoff = [s for s in subs if cutoff is not None and as_date(s.info.get("cutoff_date")) == cutoff]
    if cutoff is not None and len(of_cutoff) == 1:
        day = message_date(cutoff)
        named = label[id(of_cutoff[0])]
        advice = (
            f"hãy giữ lại tệp có ngày chốt {day} ({named}) và chuyển các tệp còn lại ra khỏi thư "
            f"mục; nếu một tệp khác mới là bản đã sửa, hãy sửa ngày chốt của tệp đó thành {day}, "
            f"giữ tệp đó và chuyển tệp {named} ra khỏi thư mục."
        )
    written = [(label[id(s)], s.info.get("org_name")) for s in subs if s.info]
    others = [(label[i], code) for i, code in _file_names_of_others(subs, registry)]
    names_differ = len({org_name_key(name) for _, name in written if org_name_key(name)}) > 1
    if names_differ:
        shown_names = "; ".join(f"{file} ghi \u201c{name}\u201d" for file, name in written if name)
        text += f" Tên tổ chức ghi trong các tệp cũng khác nhau: {shown_names}."
    if others:
        shown_others = "; ".join(f"tên tệp {file} là của tổ chức {code}" for file, code in others)
        text += f" Có tệp mang tên của tổ chức khác: {shown_others}."
    if names_differ or others:
        advice = (
            f"{MAYBE_ANOTHERS}: hãy sửa mã tổ chức của tệp ghi nhầm, hoặc chuyển bản cũ ra khỏi thư "
            "mục nếu các tệp là của cùng một tổ chức."
        )
    return {"count": len(names), "files": _and_join(names), "copies": text, "advice": advice}


def say_only_clean(subs: Sequence[Submission]) -> None:
    """Once every file's issues are known (`toolkit.validation.run.validate_read`; the
    `org.duplicate_file` check runs among the ward checks, beside the per-file checks, so it
    cannot know them): in each organisation's `org.duplicate_file` errors, when exactly one of
    its files has no error but that one, the sentence that names it ("Trong đó chỉ tệp … không
    có lỗi nào khác."), right after what the message says of the files' contents (hunt206 R1:
    "giữ lại một tệp (bản mới nhất)" left the clerk to find which). A fact, not a guess at the
    newest (review137/147 avoid reading it from `Ngày lập`); byte-identical files have the same
    errors, so a clean file with a copy is two clean files, and nothing is added. Nor is it
    when the message's advice is that a file may be another organisation's (`MAYBE_ANOTHERS`:
    the names written differ, or a file is named after another): the clean file may be the
    neighbour's, and naming it would push the clerk to keep the wrong one (review213)."""
    groups: dict[str, list[Submission]] = {}
    for sub in subs:
        if sub.org_code and any(i.code == "org.duplicate_file" for i in sub.issues):
            groups.setdefault(org_code_key(sub.org_code), []).append(sub)
    for group in groups.values():
        clean = [s for s in group if not any(i.is_error and i.code != "org.duplicate_file" for i in s.issues)]
        if len(group) < 2 or len(clean) != 1:
            continue
        if any(
            i.code == "org.duplicate_file" and MAYBE_ANOTHERS in i.message for s in group for i in s.issues
        ):
            continue
        named = _file_labels(group)[id(clean[0])]
        # Copies among them are said "Trong đó A và B giống hệt nhau" just before (h213: "Trong
        # đó … Trong đó chỉ tệp …" read twice in a row).
        shas = [s.sha256 for s in group if s.sha256]
        among = "Chỉ tệp" if len(set(shas)) < len(shas) else "Trong đó chỉ tệp"
        said = f" {among} {named} không có lỗi nào khác.{DUPLICATE_FILE_RULE}"
        for sub in group:
            sub.issues = [
                _with_sentence(i, said) if i.code == "org.duplicate_file" else i for i in sub.issues
            ]


def _with_sentence(issue: Issue, said: str) -> Issue:
    """`issue` (an `org.duplicate_file`) with `said` in place of its `DUPLICATE_FILE_RULE`."""
    private = issue.private_message
    return replace(
        issue,
        message=issue.message.replace(DUPLICATE_FILE_RULE, said, 1),
        private_message=private.replace(DUPLICATE_FILE_RULE, said, 1) if private is not None else None,
    )


def named_for_other(subs: Sequence[Submission], registry: Registry | None) -> frozenset[int]:
    """The `id`s of the files whose file name names another registry organisation than the
    code they hold (`_file_names_of_others`)."""
    return frozenset(index for index, _ in _file_names_of_others(subs, registry))


def _file_names_of_others(subs: Sequence[Submission], registry: Registry | None) -> list[tuple[int, str]]:
    """(`id` of the submission, code of the registry organisation its name names) of the files
    whose file name names another registry organisation than the code they hold."""
    if registry is None:
        return []
    codes = [o.org_code for o in registry.organisations]
    found: list[tuple[int, str]] = []
    for sub in subs:
        org = file_name_org(sub.path.name, registry, codes) if sub.org_code else None
        if org is not None and org_code_key(org.org_code) != org_code_key(sub.org_code):
            found.append((id(sub), org.org_code))
    return found


def _file_labels(subs: Sequence[Submission]) -> dict[int, str]:
    """How each file is named in `org.duplicate_file` (by `id`): `file_labels` among the
    organisation's files."""
    labels = file_labels(s.path for s in subs)
    return {id(s): labels[s.path] for s in subs}


def _refuse_shared_code(code: str, subs: list[Submission], registry: Registry | None = None) -> None:
    """The guard behind validation's one-file-per-organisation rule: should several error-free
    files still name one organisation (the rule crashed, which is a `ward.check_failed`, or
    missed them), neither is consolidated over the other and none is dropped unsaid: each
    gets the error that rule gives, so the organisation is excluded naming its files."""
    for sub in subs:
        info = layout.layout_for(sub.template_version).sheet(layout.SHEET_INFO)
        cell, header = info.cell("org_code"), info.field("org_code").header
        sub.issues.append(
            make_issue(
                "org.duplicate_file",
                file=sub.path.name,
                org_code=code,
                sheet=sub.sheet_name(layout.SHEET_INFO),
                cell=cell,
                column=header,
                where=where_cell(sub.sheet_name(layout.SHEET_INFO), 0, header, cell, info=True),
                value=code,
                **duplicate_file_params(subs, registry),
            )
        )


def _issues(
    submissions: list[Submission], code_of: dict[int, str | None], registry_codes: list[str] | None
) -> list[Issue]:
    """Every file's issues, those without an organisation given the one the file belongs to,
    and one `file.unknown_org` per file that belongs to none."""
    issues: list[Issue] = []
    for sub in submissions:
        code = code_of.get(id(sub))
        for issue in sub.issues:
            issues.append(replace(issue, org_code=code) if issue.org_code is None and code else issue)
        if code is None:
            known = " của danh mục" if registry_codes is not None else ""
            issues.append(make_issue("file.unknown_org", file=sub.path.name, known=known))
    return issues
