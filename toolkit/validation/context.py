"""The batch context every check reads, and the one helper that turns findings into issues.

All submissions of a run are checked together: each data sheet is concatenated once, with
`_sub` (index of the submission), `_row` (its Excel row), `_D` (the reference date: the
consolidation's cut-off, else the file's own) and `_start` (the file's period start). The
`Thông tin` sheets form one more frame, one row per submission that has them. A check is a
small function of the context, registered with `check`, that declares the issue codes it may
raise; it reports through `Context.flag` (a boolean mask over a frame, one located issue per
row) or `Context.add` (an issue about a whole sheet). The context refuses a code the running
check did not declare.

The runner gives each check its own view (`Context.for_check`): the issues it reports wait
in the view until the check has finished, so a check that raises reports nothing half-done,
and a view may be limited to some submissions to find the files a check fails on.

A file of another period left beside its organisation's file of the run's cut-off
(`other_period_files`: last quarter's report kept in this quarter's folder) is an error of its
own (`org.other_period_file`); the checks that compare files look at the others only
(`Context.compared`), so none of its rows is matched against another file's (hunt134 F2).
Without a run's cut-off, the one most files of the latest period state stands for it there
(`Context.run_cutoff`).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toolkit.core import layout, vocab
from toolkit.core.dates import as_date, off_the_latest_period, run_period_start, stated_cutoff
from toolkit.core.dates import of_earlier_period as _earlier_info
from toolkit.core.errors import WardStatsError
from toolkit.core.frames import concat_frames
from toolkit.core.layout import SheetSpec, cell_ranges
from toolkit.core.left_party import notes_in_force
from toolkit.core.model import Issue, Registry, Submission
from toolkit.core.rules import make_issue, where_cell
from toolkit.core.text import org_code_key
from toolkit.core.thresholds import DEFAULT_THRESHOLDS, Thresholds
from toolkit.core.vnformat import number
from toolkit.io.normalize import fmt_date
from toolkit.validation.keys import name_key_parts


class UndeclaredCodeError(WardStatsError):
    """A check reported a code it did not declare: a programming error, which the runner
    reports like any other failing check."""

    code = "error.undeclared_code"


@dataclass(frozen=True)
class Check:
    """One rule (or a few closely related ones): a function of the context, its name as
    `<module>.<function>`, the codes it may raise, and whether it compares files with each
    other (`ward`) or looks at each file on its own."""

    name: str
    codes: frozenset[str]
    ward: bool
    fn: Callable[[Context], None]

    def __call__(self, ctx: Context) -> None:
        self.fn(ctx)


# Every check defined, by name (the runner lists them in the order they run).
CHECKS: dict[str, Check] = {}


def check(*codes: str, ward: bool = False) -> Callable[[Callable[[Context], None]], Check]:
    """Declare a function of the context as a check that may raise ``codes``."""

    def register(fn: Callable[[Context], None]) -> Check:
        name = f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"
        chk = Check(name, frozenset(codes), ward, fn)
        CHECKS[name] = chk
        return chk

    return register


# More cells than this of one finding in one column of a file are listed in one issue.
MAX_CELLS_EACH = 5

# What a submission is, for the rules that depend on its template version.
CURRENT = "current"  # made from the current template
UPGRADED = "upgraded"  # an older file upgraded to the current template (`ward-stats upgrade`)
OLD = "old"  # an older template version, read as it is


def _kind(sub: Submission) -> str:
    version = layout.layout_for(sub.template_version).version
    if version != layout.TEMPLATE_VERSION:
        return OLD
    return UPGRADED if sub.upgraded_from else CURRENT


def _reported_cells(sub: Submission, lay: layout.TemplateLayout) -> set[tuple[str | None, str | None]]:
    """The cells the reader reported as errors, and the `Thông tin` value cells it did not read
    because their labels were not in place (a wrong label, the labels moved): what the checks
    would say of them ("chưa ghi") is the reader's error again. Each as (template sheet name,
    cell): the reader names a sheet as the file does ("Thông Tin"), the checks by the template."""
    template_of = {name: template for template, name in sub.sheet_names.items()}
    cells: set[tuple[str | None, str | None]] = set()
    for i in sub.issues:
        sheet = template_of.get(i.sheet, i.sheet) if i.sheet is not None else None
        if i.is_error:
            cells.add((sheet, i.cell))
        if sheet != layout.SHEET_INFO or not i.cell:
            continue
        if i.code == "file.header_moved":
            cells.update((sheet, f"B{row}") for row in range(1, len(lay.info.fields) + 1))
        elif i.code == "file.header":
            cells.add((sheet, f"B{i.cell[1:]}"))
    return cells


def _ts(value: Any) -> pd.Timestamp:
    return pd.Timestamp(value) if value is not None and not pd.isna(value) else pd.NaT


def _datetime_array(values: Sequence[pd.Timestamp]) -> np.ndarray:
    nat = np.datetime64("NaT", "ns")
    return np.array([nat if pd.isna(v) else v.to_datetime64() for v in values], dtype="datetime64[ns]")


def _shown(value: Any) -> Any:
    """A frame value as a message shows it: dates as dd/mm/yyyy, missing as empty."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    if isinstance(value, dt.date):
        return fmt_date(value)
    if isinstance(value, np.generic):
        return _shown(value.item())
    return value


class Row:
    """One row of a frame, for the rare parameter computed by a callable: ``row.full_name``
    or ``row["_sub"]``."""

    __slots__ = ("_frame", "_pos")

    def __init__(self, frame: pd.DataFrame, pos: int) -> None:
        self._frame = frame
        self._pos = pos

    def __getitem__(self, column: str) -> Any:
        return self._frame[column].iat[self._pos]

    def __getattr__(self, column: str) -> Any:
        try:
            return self[column]
        except KeyError:
            raise AttributeError(column) from None


def _positions(mask: Any, n: int) -> np.ndarray:
    """Positions where a boolean mask (missing = False) holds; every row when ``mask`` is None."""
    if mask is None:
        return np.arange(n)
    if isinstance(mask, pd.Series):
        flags = mask.to_numpy(dtype=bool, na_value=False)
    else:
        flags = np.asarray(mask, dtype=bool)
    if len(flags) != n:
        raise ValueError(f"mask of {len(flags)} rows for a frame of {n}")
    return np.flatnonzero(flags)


def _per_row(value: Any, frame: pd.DataFrame, positions: np.ndarray) -> list[Any] | None:
    """The shown values of a per-row parameter at ``positions``; None for a scalar."""
    if callable(value):
        return [_shown(value(Row(frame, p))) for p in positions.tolist()]
    if isinstance(value, np.ndarray):
        value = pd.Series(value, copy=False)
    if isinstance(value, pd.Series):
        if len(value) != len(frame):
            raise ValueError(f"parameter of {len(value)} rows for a frame of {len(frame)}")
        return [_shown(v) for v in value.iloc[positions].tolist()]
    return None


def _rows_of(frame: pd.DataFrame, indices: Iterable[int]) -> pd.DataFrame:
    return frame.loc[frame["_sub"].isin(list(indices))].reset_index(drop=True)


def kept_readmissions(events: pd.DataFrame, members: pd.DataFrame) -> np.ndarray:
    """Which rows of the batch's `events` are `Kết nạp lại` rows dated before their file's
    period start (`_start`) that the file keeps for the probation's clock: 1 where the person
    (name key and birth date) is on the same file's roll, or left it during the period (a
    departure, a death, a removal of the same person in the file's changes from the period's
    start: on the roll then, hunt62 #1); 2 where the name differs from the roll's or the leaving
    row's only by accents one of the two lacks (`vocab.same_but_accents`: the same person, whose
    name the row's warning asks to type alike, hunt62 #4, hunt65 #1); 0 for any other row. An
    official date older than the row does not make it an old change: the readmission is the
    later membership, the date is the first one's (`member.official_before_readmission` says
    so; hunt65 #4: the row was refused as outside the period while that warning asked to fix
    the official date). A readmitted member's roll may keep the first admission date (§5), so
    the probation, its deadline and the recognition's checks count from this row; a new period
    cannot drop it without making the member overdue by decades. Any other change before the
    period, and a readmission of someone not on the roll, stays `event.outside_period`; one
    dated before the Party was founded is never kept (`event.before_party_founded`)."""
    out = np.zeros(len(events), dtype=np.int8)
    if events.empty:
        return out
    date, start = events["event_date"], events["_start"]
    cand = events[
        (
            (events["event_type"] == "readmitted")
            & date.notna()
            & start.notna()
            & (date < start)
            & (date >= pd.Timestamp(layout.PARTY_FOUNDED))
            & events["birth_date"].notna()
        ).to_numpy(dtype=bool)
    ]
    if cand.empty:
        return out
    births = set(cand["birth_date"])
    # (file, birth date) -> the name keys of the roll's and the period's leaving rows
    people: dict[tuple[int, pd.Timestamp], list[str]] = {}
    roll = members[members["birth_date"].isin(births).to_numpy(dtype=bool)] if not members.empty else members
    if not roll.empty:
        roll_keys = name_key_parts(roll["full_name"])[0]
        for sub, key, birth in zip(roll["_sub"], roll_keys, roll["birth_date"], strict=True):
            if key is not None:
                people.setdefault((int(sub), birth), []).append(key)
    leaving = events[
        (
            events["event_type"].isin(LEFT_IN_PERIOD)
            & events["birth_date"].isin(births)
            & date.notna()
            & start.notna()
            & (date >= start)
        ).to_numpy(dtype=bool)
    ]
    if not leaving.empty:
        for sub, key, birth in zip(
            leaving["_sub"], name_key_parts(leaving["full_name"])[0], leaving["birth_date"], strict=True
        ):
            if key is not None:
                people.setdefault((int(sub), birth), []).append(key)
    cand_keys = name_key_parts(cand["full_name"])[0]
    where = events.index.get_indexer(cand.index)
    for pos, sub, key, birth in zip(where, cand["_sub"], cand_keys, cand["birth_date"], strict=True):
        if key is None:
            continue
        others = people.get((int(sub), birth), [])
        if key in others:
            out[pos] = 1
        elif any(vocab.same_but_accents(key, other) for other in others):
            out[pos] = 2
    return out


def other_period_files(subs: Sequence[Submission], cutoff: dt.date | None) -> dict[int, int]:
    """Each file of another period left beside its organisation's file of the run's cut-off
    (index → the index of that file): among the files of one organisation code
    (`org_code_key`), exactly one states the run's `cutoff` and every other one states a
    cut-off, another. Those are the organisation's earlier (or later) reports, not a second
    submission of this period: the file of the cut-off is the organisation's, the others are to
    be moved out. Any other set of files of one code stays `org.duplicate_file`'s.

    Only an earlier report is another period's (`of_earlier_period`): a file of a later
    cut-off, or one made (`Ngày lập`) after the run's cut-off, may be this period's
    resubmission with a mistyped date, so the one-file rule keeps it (review136)."""
    if cutoff is None:
        return {}
    groups: dict[str, list[int]] = {}
    for index, sub in enumerate(subs):
        if sub.org_code and sub.info:
            groups.setdefault(org_code_key(sub.org_code), []).append(index)
    found: dict[int, int] = {}
    for indices in groups.values():
        if len(indices) < 2:
            continue
        dates = {index: as_date(subs[index].info.get("cutoff_date")) for index in indices}
        current = [index for index, day in dates.items() if day == cutoff]
        if len(current) == 1 and all(
            of_earlier_period(subs[index], cutoff) for index in indices if index != current[0]
        ):
            found.update({index: current[0] for index in indices if index != current[0]})
    return found


# A name a copy is given: Windows' "HD05 - Copy", "HD05 - Copy (2)", "HD05 - Bản sao", a
# browser's or Zalo's second download "HD05 (1)", a Mac's "HD05 copy 2", "Copy of HD05".
_COPY_NAME = re.compile(
    r"(\s*-\s*(copy|bản sao)(\s*\(\d+\))?|\s+copy(\s+\d+)?|\s*\(\d+\))$|^(copy of|bản sao của)\s",
    re.IGNORECASE,
)


def copy_name(path: Path) -> bool:
    """Whether a file's name (without its suffix) is one a copy is given (`_COPY_NAME`)."""
    return _COPY_NAME.search(unicodedata.normalize("NFC", path.stem).strip()) is not None


def _copy_rank(path: Path) -> tuple[bool, int, str, str]:
    """The order of byte-identical files, the one used first (`identical_copies`)."""
    return copy_name(path), len(path.name), path.name, str(path)


def identical_copies(
    subs: Sequence[Submission], named_for_other: Callable[[list[Submission]], bool] | None = None
) -> dict[int, int]:
    """Each byte-identical copy of an organisation's file (index → the index of the file used):
    among the files of one organisation code (`org_code_key`), every one read (`Thông tin`
    too) and all of one SHA-256 (the Windows "HD05 - Copy.xlsx", an attachment saved twice).
    The file used is one whose name is no copy's (`copy_name`: not "HD05 - Copy", "HD05 (1)"),
    then the one of the shortest name, then the first by name and path, so a run chooses the
    same one whatever the order the files were found in. Files of one code whose
    contents differ, even where some of them are copies of each other, stay
    `org.duplicate_file`'s, all of them, as before: keeping one copy of two would leave the
    other differing file to be chosen against next time. Nor is a file whose name names
    another registry organisation (`named_for_other`, asked of a group of one SHA-256 only, so a
    run with no copies pays nothing; review187 F3): the same bytes
    under HD04's name may be HD04's file saved over by HD03's, and `org.duplicate_file` with
    `org.file_name_of_other` says so and keeps both files until the clerk has looked."""
    groups: dict[str, list[int]] = {}
    for index, sub in enumerate(subs):
        if sub.org_code and sub.info and not sub.own_output:
            groups.setdefault(org_code_key(sub.org_code), []).append(index)
    found: dict[int, int] = {}
    for indices in groups.values():
        hashes = {subs[index].sha256 for index in indices}
        if len(indices) < 2 or len(hashes) != 1 or not next(iter(hashes)):
            continue
        if not all(subs[index].readable for index in indices):
            continue
        if named_for_other is not None and named_for_other([subs[index] for index in indices]):
            continue
        ranked = sorted(indices, key=lambda i: _copy_rank(subs[i].path))
        found.update({index: ranked[0] for index in ranked[1:]})
    return found


def of_earlier_period(sub: Submission, cutoff: dt.date) -> bool:
    """Whether a file can only be a report of a period before the run's
    (`core.dates.of_earlier_period`, of its `Thông tin`)."""
    return _earlier_info(sub.info, cutoff)


def _most_stated(subs: Sequence[Submission]) -> dt.date | None:
    """The cut-off more files state than any other (None: none stated, or two as often)."""
    counts = Counter(day for s in subs if (day := as_date(s.info.get("cutoff_date"))) is not None)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


# The changes by which a member leaves a file's roll: one dated in the period was on it then.
LEFT_IN_PERIOD = ("transfer_out", "died", *vocab.REMOVAL_EVENTS)


class Context:
    """Everything a check may read about one run, and where its issues go."""

    def __init__(
        self,
        subs: list[Submission],
        *,
        registry: Registry | None = None,
        cutoff: dt.date | None = None,
        today: dt.date | None = None,
        scope: Sequence[int] | None = None,
        thresholds: Thresholds | None = None,
        since: dt.date | None = None,
    ) -> None:
        self.subs = subs
        self.registry = registry
        self.cutoff = cutoff
        self.today = today or dt.date.today()
        self.thresholds = thresholds or DEFAULT_THRESHOLDS
        # Without a run's cut-off, the files that cannot be of the period the run is taken to
        # be of (`core.dates.off_the_latest_period`: of an earlier period than the latest
        # cut-off stated up to today, or of a later period than today's), each with why. They
        # choose neither that cut-off nor the period start (review150 F1, F4).
        # Byte-identical copies of an organisation's file (`identical_copies`, marked by the
        # run as `Submission.copy_of`): their content is the file's used, so they are in no
        # check and no vote (a copy would vote twice for its cut-off and period start).
        self.copies: frozenset[int] = frozenset(i for i, s in enumerate(subs) if s.copy_of is not None)
        voting = [i for i in range(len(subs)) if i not in self.copies]
        self.off_period: dict[int, str] = (
            {}
            if cutoff is not None
            else {
                voting[j]: why
                for j, why in off_the_latest_period([subs[i] for i in voting], self.today).items()
            }
        )
        # The cut-off telling last period's file from this period's: the run's, else the one
        # most files of the latest period state (`core.dates.stated_cutoff`), which the
        # consolidation will most likely be run with: `validate` without a cut-off then says
        # what `consolidate` says of last quarter's report left beside an organisation's file
        # (fix140). Only there: a guessed date advises no file and no date (review147).
        self.run_cutoff: dt.date | None = (
            cutoff
            if cutoff is not None
            else stated_cutoff(
                s for i, s in enumerate(subs) if i not in self.off_period and i not in self.copies
            )
        )
        # Whether a guessed cut-off is also stated by more files than any other: said "đa số
        # các tệp" then, else as the latest period's the files state (review150 F1, F4).
        self.run_cutoff_of_most: bool = (
            cutoff is None
            and self.run_cutoff is not None
            and _most_stated([subs[i] for i in voting]) == self.run_cutoff
        )
        # Files of another period beside their organisation's file of the cut-off, each with
        # the index of that file (`other_period_files`), of the whole batch whatever the scope.
        self.other_period: dict[int, int] = {
            voting[j]: voting[k]
            for j, k in other_period_files([subs[i] for i in voting], self.run_cutoff).items()
        }
        # The run's change period starts here (`core.dates.run_period_start`, as the
        # consolidation chooses it; NaT: not known): a change of a file stating an earlier
        # start, dated before it, is in no figure (`org.period_start_differs`), so the checks
        # across files that say what the figures count leave it out. Without a cut-off, the
        # files of another period found above do not vote (review136, review150), and no start
        # is left out for being after a guessed cut-off (review147).
        voters = (
            [subs[i] for i in voting]
            if cutoff is not None
            else [subs[i] for i in voting if i not in self.other_period and i not in self.off_period]
        )
        self.run_start: pd.Timestamp = _ts(run_period_start(voters, cutoff, since))
        # The submissions the checks look at (all but those the context could not take in).
        self.indices: tuple[int, ...] = tuple(
            i for i in (range(len(subs)) if scope is None else scope) if i not in self.copies
        )
        self.ref_date: list[pd.Timestamp] = [pd.NaT] * len(subs)
        self.start: list[pd.Timestamp] = [pd.NaT] * len(subs)
        for index in self.indices:
            sub = subs[index]
            ref = cutoff if cutoff is not None else sub.info.get("cutoff_date")
            self.ref_date[index], self.start[index] = _ts(ref), _ts(sub.info.get("period_start"))
        # Each submission's template layout (a cell is located in the file's own version) and
        # kind: made from the current template, upgraded to it, or of an older version.
        self.layouts = [layout.layout_for(s.template_version) for s in subs]
        self.kinds = np.array([_kind(s) for s in subs], dtype=object)
        # Cells the reader already reported as errors: no second "missing" issue for them.
        self.reported: list[set[tuple[str | None, str | None]]] = [
            _reported_cells(s, self.layouts[index]) for index, s in enumerate(subs)
        ]
        self.info = self._info_frame()
        self.frames: dict[str, pd.DataFrame] = {spec.name: self._concat(spec) for spec in layout.DATA_SHEETS}
        # `Kết nạp lại` rows dated before their file's period of a member still on its roll
        # whose probation they start: kept for the probation's clock only, out of every other
        # check and every figure (`kept_readmissions`).
        events = self.frames[layout.SHEET_EVENTS]
        found = kept_readmissions(events, self.frames[layout.SHEET_MEMBERS])
        kept = found > 0
        self.kept_readmissions: pd.DataFrame = events[kept].assign(_by_accents=found[kept] == 2)
        self.kept_readmissions = self.kept_readmissions.reset_index(drop=True)
        if kept.any():
            self.frames[layout.SHEET_EVENTS] = events[~kept].reset_index(drop=True)
        # Set per check by `for_check`.
        self.check_name = ""
        self.codes: frozenset[str] = frozenset()
        self.pending: list[tuple[int, Issue]] = []
        self._memo: dict[tuple[str, int], tuple[pd.DataFrame, Any]] = {}

    # -- the frames ------------------------------------------------------------------------------

    @property
    def members(self) -> pd.DataFrame:
        return self.frames[layout.SHEET_MEMBERS]

    @property
    def events(self) -> pd.DataFrame:
        return self.frames[layout.SHEET_EVENTS]

    @property
    def years(self) -> pd.DataFrame:
        return self.frames[layout.SHEET_YEARS]

    def members_read(self, frame: pd.DataFrame) -> np.ndarray:
        """Whether the `Đảng viên` sheet of each row's submission was read (its header in place)."""
        return self._read(frame, "members")

    def events_read(self, frame: pd.DataFrame) -> np.ndarray:
        """Whether the `Biến động` sheet of each row's submission was read (its header in place):
        a check that looks for a member's event row cannot look in a sheet that was not."""
        return self._read(frame, "events")

    def notes_in_force(self, frame: pd.DataFrame) -> pd.Series:
        """The `Ghi chú` of each row of a `Đảng viên` frame as it holds (`left_party.notes_in_force`,
        the work lists' rule): none where the note is struck through alone (`Submission.struck_notes`),
        its unstruck text where it is struck through in part (`Submission.notes_unstruck`)."""
        out = frame["note"]
        subs, rows = frame["_sub"].to_numpy(dtype="int64"), frame["_row"].to_numpy()
        for index in np.unique(subs).tolist():
            sub = self.subs[index]
            struck = sub.struck_notes.get(layout.SHEET_MEMBERS, ())
            unstruck = sub.notes_unstruck.get(layout.SHEET_MEMBERS, {})
            if struck or unstruck:
                mine = subs == index
                if out is frame["note"]:
                    out = out.astype(object).copy()
                out[mine] = notes_in_force(frame["note"][mine], rows[mine], struck, unstruck).to_numpy()
        return out

    def _read(self, frame: pd.DataFrame, attr: str) -> np.ndarray:
        read = np.array([s.sheet(attr) is not None for s in self.subs], dtype=bool)
        return read[frame["_sub"].to_numpy(dtype="int64")] if len(read) else np.zeros(len(frame), dtype=bool)

    def _info_frame(self) -> pd.DataFrame:
        """The `Thông tin` values, one row per submission that has them (dates as datetime64),
        with `_sub`, `_row` (unused: a `Thông tin` cell is found by its key) and `_org` (the
        submission's organisation code)."""
        rows, owners = [], []
        for index in self.indices:
            info = self.subs[index].info
            if info:
                rows.append(
                    {
                        f.key: _ts(info.get(f.key)) if f.kind == "date" else info.get(f.key)
                        for f in layout.INFO.fields
                    }
                )
                owners.append(index)
        frame = pd.DataFrame(rows, columns=layout.INFO.keys)
        for f in layout.INFO.fields:
            if f.kind == "date":
                frame[f.key] = pd.to_datetime(frame[f.key]).astype("datetime64[ns]")
            else:
                frame[f.key] = frame[f.key].astype(object)
        frame["_sub"] = np.array(owners, dtype="int64")
        frame["_row"] = np.zeros(len(owners), dtype="int64")
        frame["_org"] = pd.Series([self.subs[i].org_code for i in owners], dtype=object)
        return frame

    def _concat(self, spec: SheetSpec) -> pd.DataFrame:
        parts, owners, lengths = [], [], []
        attr = {layout.MEMBERS.name: "members", layout.EVENTS.name: "events"}.get(spec.name, "years")
        for index in self.indices:
            df = self.subs[index].sheet(attr)
            if df is None:
                continue
            parts.append(df)
            owners.append(index)
            lengths.append(len(df))
        if not parts:
            return _empty_frame(spec)
        sub_ids = np.repeat(np.array(owners, dtype="int64"), lengths)
        refs = _datetime_array(self.ref_date)
        starts = _datetime_array(self.start)
        return concat_frames(
            parts,
            [*spec.frame_keys, "_row"],
            {"_sub": sub_ids, "_D": refs[sub_ids], "_start": starts[sub_ids]},
        )

    def kind_of(self, frame: pd.DataFrame) -> np.ndarray:
        """The kind (`CURRENT`, `UPGRADED`, `OLD`) of each row's submission."""
        return self.kinds[frame["_sub"].to_numpy(dtype="int64")] if len(frame) else np.array([], dtype=object)

    def memo(self, name: str, frame: pd.DataFrame, compute: Callable[[], Any]) -> Any:
        """``compute()``, once per frame: work that several checks share (views share the memo)."""
        key = (name, id(frame))
        hit = self._memo.get(key)
        if hit is None or hit[0] is not frame:
            hit = self._memo[key] = (frame, compute())
        return hit[1]

    def name_keys(self, frame: pd.DataFrame) -> pd.Series:
        """`keys.name_key` of the frame's `full_name` column, computed once per frame."""
        return self.name_key_parts(frame)[0]

    def name_key_parts(self, frame: pd.DataFrame) -> tuple[pd.Series, np.ndarray, np.ndarray]:
        """`keys.name_key_parts` of the frame's `full_name` column, computed once per frame."""
        return self.memo("name_key", frame, lambda: name_key_parts(frame["full_name"]))

    # -- views -----------------------------------------------------------------------------------

    def for_check(self, chk: Check, indices: Sequence[int] | None = None) -> Context:
        """A view for running ``chk``: its own pending issues, its declared codes, and when
        ``indices`` are given only those submissions' rows."""
        view = copy.copy(self) if indices is None else self._scoped(indices)
        view.check_name, view.codes, view.pending = chk.name, chk.codes, []
        return view

    def compared(self) -> Context:
        """The context the checks that compare files run in: without the files of another
        period beside their organisation's file of the cut-off (`other_period`), whose rows
        are no organisation's of this run (this context itself when there are none)."""
        if not self.other_period:
            return self
        return self._scoped([index for index in self.indices if index not in self.other_period])

    def _scoped(self, indices: Sequence[int]) -> Context:
        view = copy.copy(self)
        view.indices = tuple(indices)
        view.info = _rows_of(self.info, indices)
        view.frames = {name: _rows_of(frame, indices) for name, frame in self.frames.items()}
        view.kept_readmissions = _rows_of(self.kept_readmissions, indices)
        return view

    # -- reporting -------------------------------------------------------------------------------

    def _declared(self, code: str) -> None:
        if code not in self.codes:
            raise UndeclaredCodeError(f"check {self.check_name or '?'} did not declare {code}")

    def _emit(self, index: int, code: str, **kw: Any) -> None:
        """The issue, its sheets named as the file names them: a check names a sheet by the
        template's name (``sheet``, and parameters ``*_sheet`` its message quotes), which the
        file may spell in another case, with spaces or in another Unicode form."""
        sub = self.subs[index]
        if sub.sheet_names:
            kw = {k: _own_sheet(sub, v) if k == "sheet" or k.endswith("_sheet") else v for k, v in kw.items()}
        self.pending.append((index, make_issue(code, file=sub.path.name, org_code=sub.org_code, **kw)))

    def add(self, index: int, code: str, **kw: Any) -> None:
        """An issue of submission ``index`` that has no cell (a whole sheet or file)."""
        self._declared(code)
        self._emit(index, code, **kw)

    def spec_of(self, index: int, spec: SheetSpec, key: str) -> SheetSpec:
        """The sheet ``spec`` as submission ``index``'s template version lays it out (the spec
        itself when that version has no such field)."""
        own = self.layouts[index].sheet(spec.name)
        return own if own.has(key) else spec

    def _read_unread(self, index: int, spec: SheetSpec, keys: tuple[str, ...], row: int) -> bool:
        """Whether one of the ``keys`` cells of ``row`` was reported by the reader as an error."""
        reported = self.reported[index]
        return bool(reported) and any(
            (spec.name, f"{self.spec_of(index, spec, k).letter(k)}{row}") in reported for k in keys
        )

    def flag(
        self,
        frame: pd.DataFrame,
        mask: Any,
        code: str,
        spec: SheetSpec,
        key: str,
        *,
        value: Any = None,
        skip_reported: bool = False,
        reads: tuple[str, ...] = (),
        **params: Any,
    ) -> None:
        """One ``code`` issue at the ``key`` cell of every row of ``frame`` (which has `_sub`
        and `_row`) where ``mask`` holds; every row when ``mask`` is None.

        ``value`` and each parameter is a scalar (used as given), a Series or array aligned
        with ``frame`` (its value at the row, shown as a message shows it: dates dd/mm/yyyy,
        missing as empty) or a callable of the `Row`. With ``skip_reported``, cells the reader
        already reported as errors get no second issue. ``reads``: other keys of the row the
        check found empty; a row where the reader reported one of those cells as an error (a
        date it could not read) gets no issue, as the cell was not empty but unread.
        """
        self._declared(code)
        positions = _positions(mask, len(frame))
        if not positions.size:
            return
        params = {"value": value, **params}
        per_row = {name: _per_row(v, frame, positions) for name, v in params.items()}
        fixed = {name: v for name, v in params.items() if per_row[name] is None}
        varying = {name: values for name, values in per_row.items() if values is not None}
        header = spec.field(key).header
        info = spec.name == layout.SHEET_INFO
        subs = frame["_sub"].to_numpy()[positions].tolist()
        rows = frame["_row"].to_numpy()[positions].tolist()
        # The column (or `Thông tin` cell) of the key in each file's own layout, found once a file.
        where_of: dict[int, str] = {}
        for k, (index, row) in enumerate(zip(subs, rows, strict=True)):
            at = where_of.get(index)
            if at is None:
                own = self.spec_of(index, spec, key)
                at = where_of[index] = own.cell(key) if info else own.letter(key)
            cell = at if info else f"{at}{row}"
            if skip_reported and (spec.name, cell) in self.reported[index]:
                continue
            if reads and self._read_unread(index, spec, reads, row):
                continue
            kw = dict(fixed)
            for name, values in varying.items():
                kw[name] = values[k]
            where = where_cell(self.subs[index].sheet_name(spec.name), row, header, cell, info=info)
            self._emit(index, code, sheet=spec.name, cell=cell, column=header, where=where, **kw)

    def flag_cells(
        self,
        frame: pd.DataFrame,
        mask: Any,
        code: str,
        spec: SheetSpec,
        key: str,
        *,
        by: pd.Series | None = None,
        skip_reported: bool = False,
        **params: Any,
    ) -> None:
        """`flag` for a finding that may hit a whole column (cells left to fill): per file (and
        per value of ``by``), up to `MAX_CELLS_EACH` issues each at its cell, more as one issue
        at the column's header listing the cells. The message gets ``cells``: "ô này", or
        "58 ô (E2–E59)". Other parameters are scalars or Series aligned with ``frame`` (the
        first flagged row's value is used for a grouped issue). With ``skip_reported``, cells
        the reader already reported as errors (a cell it could not read is empty here) are
        neither flagged nor counted."""
        self._declared(code)
        positions = _positions(mask, len(frame))
        if skip_reported and positions.size:
            subs = frame["_sub"].to_numpy()[positions].tolist()
            rows = frame["_row"].to_numpy()[positions].tolist()
            unread = self._read_unread
            keep = [not unread(int(i), spec, (key,), int(r)) for i, r in zip(subs, rows, strict=True)]
            positions = positions[np.array(keep, dtype=bool)]
        if not positions.size:
            return
        hit = frame.iloc[positions]
        keys = [hit["_sub"]] + ([by.iloc[positions]] if by is not None else [])
        for _, group in hit.groupby(keys, sort=False, dropna=False):
            rows = frame.index.get_indexer(group.index)
            if len(group) <= MAX_CELLS_EACH:
                each = np.zeros(len(frame), dtype=bool)
                each[rows] = True
                self.flag(frame, each, code, spec, key, cells="ô này", **params)
                continue
            index = int(group["_sub"].iat[0])
            own = self.spec_of(index, spec, key)
            letter, header = own.letter(key), own.field(key).header
            first = rows[0]
            shown = {n: (_shown(v.iat[first]) if isinstance(v, pd.Series) else v) for n, v in params.items()}
            listed = cell_ranges(letter, group["_row"].astype(int).tolist())
            self._emit(
                index,
                code,
                sheet=spec.name,
                cell=f"{letter}1",
                column=header,
                where=f"Cột \u201c{header}\u201d (ô {letter}1)",
                cells=f"{number(len(group))} ô ({listed})",
                **shown,
            )


def _own_sheet(sub: Submission, value: Any) -> Any:
    """A template sheet's name as ``sub`` names that sheet; any other value as it is."""
    return sub.sheet_name(value) if isinstance(value, str) else value


def _empty_frame(spec: SheetSpec) -> pd.DataFrame:
    empty = pd.DataFrame({k: pd.Series(dtype=object) for k in [*spec.frame_keys, "_row", "_sub"]})
    for f in spec.fields:
        if f.kind == "date":
            empty[f.key] = pd.Series(dtype="datetime64[ns]")
        elif f.kind == "int":
            empty[f.key] = pd.Series(dtype="Int64")
    if "attributes_2026_2" in spec.extra:
        empty["attributes_2026_2"] = pd.Series(dtype=bool)
    empty["_row"] = pd.Series(dtype="int64")
    empty["_sub"] = pd.Series(dtype="int64")
    empty["_D"] = pd.Series(dtype="datetime64[ns]")
    empty["_start"] = pd.Series(dtype="datetime64[ns]")
    return empty


def roll_born(ctx: Context, births: set[pd.Timestamp]) -> list[tuple[str, pd.Timestamp, int]]:
    """(name key, birth date, file) of the run's members born on one of `births`: whom a change
    typed without some accents may be (`vocab.accent_aliases`)."""
    m = ctx.members
    if m.empty:
        return []
    on = m["birth_date"].isin(births).to_numpy(dtype=bool)
    keys = ctx.name_keys(m)[on]
    return [
        (k, b, int(s))
        for k, b, s in zip(keys, m["birth_date"][on], m["_sub"][on], strict=True)
        if k is not None
    ]


def leavers_born(ctx: Context, births: set[pd.Timestamp]) -> list[tuple[str, pd.Timestamp, int]]:
    """(name key, birth date, file) of the run's files' leavers of the period (a departure, a
    death, a removal) born on one of `births`: whom a readmission row may be, besides the roll."""
    e = ctx.events
    if e.empty:
        return []
    on = (e["event_type"].isin(LEFT_IN_PERIOD) & e["birth_date"].isin(births)).to_numpy(dtype=bool)
    keys = ctx.name_keys(e)[on]
    return [
        (k, b, int(s))
        for k, b, s in zip(keys, e["birth_date"][on], e["_sub"][on], strict=True)
        if k is not None
    ]
