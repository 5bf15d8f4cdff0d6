"""Validation of read submissions: the rules of DESIGN §5, per file and across files.

Column rules (required, allowed values, ranges) run as the pandera schemas of
`toolkit.validation.schemas` with ``lazy=True``; rules that relate rows, sheets or files run in plain
pandas. For speed, all submissions of a run are checked together: their frames are
concatenated once per sheet, each schema runs once, and every failure is mapped back to its
file and cell through the `_row` column. Every issue comes from the catalogue in
`toolkit.core.rules` and carries its file, sheet, cell, column header and value.

A submission with any error is not consolidated; warnings keep it in.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa

from toolkit.core import layout, vocab
from toolkit.core.frames import concat_frames
from toolkit.core.layout import Field, SheetSpec
from toolkit.core.model import Issue, Registry, Submission
from toolkit.core.rules import SHEET_PREFIX, make_issue, suggestion_text, where_cell
from toolkit.io.discover import discover
from toolkit.io.normalize import cell_text, fmt_date
from toolkit.io.readmany import read_all
from toolkit.validation import schemas

OFFICIAL_AFTER_MONTHS = 12
PROBATION_GRACE_WORKING_DAYS = 30
ADMISSION_MIN_AGE = 18
ADMISSION_MAX_AGE = 60
OLD_AGE_EXEMPTION = {"male": 60, "female": 55}
MIN_FULL_MEMBERS = 3
EXCELLENT_MAX_SHARE = 0.2


@dataclass
class ValidationRun:
    """All submissions of one run and all their issues (file order, then location)."""

    submissions: list[Submission]
    issues: list[Issue] = field(default_factory=list)
    # The checked rows of every readable submission, one frame per data sheet, as the batch
    # concatenated them (`_sub` indexes `submissions`); None when the batch fell back to
    # checking file by file. Consolidation reuses them instead of concatenating again.
    frames: dict[str, pd.DataFrame] | None = field(default=None, repr=False)

    @property
    def has_errors(self) -> bool:
        return any(i.is_error for i in self.issues)

    def files(self) -> list[dict[str, Any]]:
        return [{"file": s.path.name, "org_code": s.org_code, "status": s.status} for s in self.submissions]

    def to_json(self) -> dict[str, Any]:
        """The `validate --json` document of DESIGN §9."""
        return {"files": self.files(), "issues": [i.to_json() for i in self.issues]}


def validate_submission(
    sub: Submission,
    *,
    registry: Registry | None = None,
    cutoff: dt.date | None = None,
    today: dt.date | None = None,
) -> list[Issue]:
    """Run the per-file rules on one submission; appends to ``sub.issues`` and returns them all."""
    found, _ = _checked_batch([sub], registry=registry, cutoff=cutoff, today=today)
    _attach(sub, found[0])
    return list(sub.issues)


def validate_files(
    paths: Sequence[Path],
    *,
    registry: Registry | None = None,
    cutoff: dt.date | None = None,
    progress: Callable[[Path], None] | None = None,
    today: dt.date | None = None,
) -> ValidationRun:
    """Read and validate files and folders: per-file rules plus the cross-file checks."""
    subs = read_all(discover(paths), progress=progress)
    return validate_read(subs, registry=registry, cutoff=cutoff, today=today)


def validate_read(
    subs: list[Submission],
    *,
    registry: Registry | None = None,
    cutoff: dt.date | None = None,
    today: dt.date | None = None,
) -> ValidationRun:
    """Validate submissions already read (`validate_files` without the reading)."""
    found, frames = _checked_batch(subs, registry=registry, cutoff=cutoff, today=today)
    for index, sub in enumerate(subs):
        _attach(sub, found[index])
    return ValidationRun(subs, [i for s in subs for i in s.issues], frames)


def prepare() -> None:
    """Do now the one-off work of the first validation: pandera loads its checks and backends
    on first use (a quarter of a second). Called while files are being read."""
    today = dt.date.today()
    for spec in layout.DATA_SHEETS:
        schema = _sheet_schema(spec.name, today)
        empty = pd.DataFrame({name: pd.Series(dtype=str(col.dtype)) for name, col in schema.columns.items()})
        try:
            schema.validate(empty, lazy=True)
        except pa.errors.SchemaErrors:
            pass


def _checked_batch(
    subs: list[Submission], *, registry: Registry | None, cutoff: dt.date | None, today: dt.date | None
) -> tuple[list[list[Issue]], dict[str, pd.DataFrame] | None]:
    """Run the batch; should a rule fail on some exotic input, isolate the file it fails on
    so that every other file is still checked and no traceback reaches the user."""
    try:
        batch = _Batch(subs, registry=registry, cutoff=cutoff, today=today, cross_file=True)
        return batch.run(), batch.frames
    except Exception:
        pass
    found: list[list[Issue]] = []
    for sub in subs:
        try:
            found.append(_Batch([sub], registry=registry, cutoff=cutoff, today=today).run()[0])
        except Exception as exc:
            found.append(
                [
                    make_issue(
                        "file.check_failed",
                        file=sub.path.name,
                        org_code=sub.org_code,
                        reason=f"{type(exc).__name__}: {exc}",
                    )
                ]
            )
    return found, None


# --------------------------------------------------------------------------------------------
# Ordering and attaching
# --------------------------------------------------------------------------------------------

_SHEET_ORDER = {name: i for i, name in enumerate(layout.SHEET_ORDER)}
_CELL_RE = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _location_key(issue: Issue) -> tuple[int, int, int, int]:
    if issue.sheet is None:
        return (0, 0, 0, 0)
    sheet = _SHEET_ORDER.get(issue.sheet, len(_SHEET_ORDER)) + 1
    m = _CELL_RE.match(issue.cell or "")
    if not m:
        return (sheet, 0, 0, 0)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return (sheet, int(m.group(2)), col, 0)


def _attach(sub: Submission, new: list[Issue]) -> None:
    seen = {(i.code, i.sheet, i.cell, i.message) for i in sub.issues}
    for issue in new:
        key = (issue.code, issue.sheet, issue.cell, issue.message)
        if key not in seen:
            seen.add(key)
            sub.issues.append(issue)
    sub.issues.sort(key=_location_key)


# --------------------------------------------------------------------------------------------
# The batch
# --------------------------------------------------------------------------------------------


def _ts(d: Any) -> pd.Timestamp:
    return pd.Timestamp(d) if d is not None and not pd.isna(d) else pd.NaT


def _recs(frame: pd.DataFrame) -> list[SimpleNamespace]:
    """Rows as attribute records (itertuples would rename the `_sub`/`_row` columns)."""
    return [SimpleNamespace(**rec) for rec in frame.to_dict("records")]


def _datetime_array(values: list[pd.Timestamp]) -> np.ndarray:
    nat = np.datetime64("NaT", "ns")
    return np.array([nat if pd.isna(v) else v.to_datetime64() for v in values], dtype="datetime64[ns]")


def _dmy(value: Any) -> str:
    if value is None or pd.isna(value):
        return ""
    return fmt_date(pd.Timestamp(value))


def _keys_of_distinct(values: pd.Series, key: Callable[[Any], str]) -> pd.Series:
    """`key` of every non-missing value (None where missing), computed once per distinct value."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    keys = np.array([None, *(key(v) for v in uniques)], dtype=object)
    return pd.Series(keys[codes + 1], index=values.index, dtype=object, copy=False)


def _name_key(names: pd.Series) -> pd.Series:
    """Normalised name for duplicate detection: NFC (done by the reader), casefolded, single spaces."""
    return _keys_of_distinct(names, lambda v: " ".join(str(v).casefold().split()))


# What `_card_key` drops: every character `re`'s \s matches (str.isspace, all below U+3001),
# dots and hyphens.
_CARD_DROP = {c: None for c in range(0x3001) if chr(c).isspace()} | {ord("."): None, ord("-"): None}


def _card_key(cards: pd.Series) -> pd.Series:
    return _keys_of_distinct(cards, lambda v: str(v).translate(_CARD_DROP).casefold())


def _whole_years(earlier: pd.Series, later: pd.Series) -> pd.Series:
    """Age in whole years between two datetime Series (NaN where either is missing)."""
    years = later.dt.year - earlier.dt.year
    before_birthday = (later.dt.month * 100 + later.dt.day) < (earlier.dt.month * 100 + earlier.dt.day)
    return years - before_birthday.astype("float64").where(years.notna())


_DAY_NS = 86_400_000_000_000
_KEY_SHIFT = np.int64(1 << 32)
_DAY_OFFSET = np.int64(1 << 31)


def _days(dates: pd.Series) -> np.ndarray:
    """Whole days since 1970 of dates without a time of day (the reader's dates)."""
    return dates.to_numpy(dtype="datetime64[ns]").astype("int64") // _DAY_NS


def _count_on_or_before(
    owner: pd.Series | np.ndarray, days: np.ndarray, subs: np.ndarray, end_days: np.ndarray
) -> np.ndarray:
    """For each (subs[i], end_days[i]): how many (owner, days) pairs have the same owner and a
    day on or before end_days[i]. One sort and two binary searches instead of a merge of every
    year row with every member of its file."""
    keys = np.sort(np.asarray(owner, dtype="int64") * _KEY_SHIFT + (days + _DAY_OFFSET))
    lo = np.searchsorted(keys, subs * _KEY_SHIFT, side="left")
    hi = np.searchsorted(keys, subs * _KEY_SHIFT + (end_days + _DAY_OFFSET), side="right")
    return hi - lo


def add_months(d: dt.date, months: int) -> dt.date:
    """Calendar months later; the 29th-31st fall back to the month's last day."""
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(d.day, day))
        except ValueError:
            continue
    raise ValueError(d)


def probation_deadline(admission: dt.date) -> dt.date:
    """12 months after admission plus 30 working days (Monday–Friday)."""
    base = add_months(admission, OFFICIAL_AFTER_MONTHS)
    day = np.busday_offset(np.datetime64(base, "D"), PROBATION_GRACE_WORKING_DAYS, roll="forward")
    return pd.Timestamp(day).date()


@functools.lru_cache(maxsize=8)
def _sheet_schema(name: str, today: dt.date) -> pa.DataFrameSchema:
    spec = next(s for s in layout.DATA_SHEETS if s.name == name)
    return schemas.sheet_schema(spec, today)


@functools.lru_cache(maxsize=4)
def _info_schema(today: dt.date) -> pa.DataFrameSchema:
    return schemas.info_schema(today)


class _Batch:
    def __init__(
        self,
        subs: list[Submission],
        *,
        registry: Registry | None,
        cutoff: dt.date | None,
        today: dt.date | None,
        cross_file: bool = False,
    ) -> None:
        self.subs = subs
        self.registry = registry
        self.cutoff = cutoff
        self.today = today or dt.date.today()
        self.cross_file = cross_file
        self.out: list[list[Issue]] = [[] for _ in subs]
        # Cells the reader already reported as errors: no second "missing" issue for them.
        self.reported: list[set[tuple[str | None, str | None]]] = [
            {(i.sheet, i.cell) for i in s.issues if i.is_error} for s in subs
        ]
        self.frames: dict[str, pd.DataFrame] = {}
        self.ref_date = [self._reference_date(s) for s in subs]
        self.start = [_ts(s.info.get("period_start")) for s in subs]

    def _reference_date(self, sub: Submission) -> pd.Timestamp:
        if self.cutoff is not None:
            return pd.Timestamp(self.cutoff)
        return _ts(sub.info.get("cutoff_date"))

    # -- issue helpers -------------------------------------------------------------------------

    def add(self, index: int, code: str, **kw: Any) -> None:
        sub = self.subs[index]
        self.out[index].append(make_issue(code, file=sub.path.name, org_code=sub.org_code, **kw))

    def add_cell(
        self, index: int, code: str, spec: SheetSpec, key: str, row: int, value: Any = None, **params: Any
    ) -> None:
        f = spec.field(key)
        if spec is layout.INFO:
            cell = f"B{layout.INFO.keys.index(key) + 1}"
            where = where_cell(spec.name, row, f.header, cell, info=True)
        else:
            cell = f"{spec.letter(key)}{row}"
            where = where_cell(spec.name, row, f.header, cell)
        self.add(index, code, sheet=spec.name, cell=cell, column=f.header, value=value, where=where, **params)

    def _member_name_key(self, m: pd.DataFrame) -> pd.Series:
        """`_name_key` of the members' names, computed once per run (two rules use it)."""
        cached = getattr(self, "_member_keys", None)
        if cached is None or cached[0] is not m:
            cached = self._member_keys = (m, _name_key(m["full_name"]))
        return cached[1]

    # -- run -----------------------------------------------------------------------------------

    def run(self) -> list[list[Issue]]:
        self._info()
        frames = self.frames = {}
        for spec in layout.DATA_SHEETS:
            frames[spec.name] = self._concat(spec)
            self._schema(spec, frames[spec.name])
        members, events, years = (frames[s.name] for s in layout.DATA_SHEETS)
        self._members(members)
        self._events(events, members)
        self._years(years, members, events)
        self._organisation(members)
        self._duplicates(members)
        if self.cross_file:
            self._cross_file()
        return self.out

    def _concat(self, spec: SheetSpec) -> pd.DataFrame:
        parts, owners, lengths = [], [], []
        attr = {layout.MEMBERS.name: "members", layout.EVENTS.name: "events"}.get(spec.name, "years")
        for index, sub in enumerate(self.subs):
            df = sub.sheet(attr)
            if df is None:
                continue
            parts.append(df)
            owners.append(index)
            lengths.append(len(df))
        if not parts:
            empty = pd.DataFrame({k: pd.Series(dtype=object) for k in [*spec.keys, "_row", "_sub"]})
            for f in spec.fields:
                if f.kind == "date":
                    empty[f.key] = pd.Series(dtype="datetime64[ns]")
                elif f.kind == "int":
                    empty[f.key] = pd.Series(dtype="Int64")
            empty["_row"] = pd.Series(dtype="int64")
            empty["_sub"] = pd.Series(dtype="int64")
            return empty
        sub_ids = np.repeat(np.array(owners, dtype="int64"), lengths)
        refs = _datetime_array(self.ref_date)
        starts = _datetime_array(self.start)
        return concat_frames(
            parts, [*spec.keys, "_row"], {"_sub": sub_ids, "_D": refs[sub_ids], "_start": starts[sub_ids]}
        )

    # -- pandera -------------------------------------------------------------------------------

    def _failures(self, schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.DataFrame:
        try:
            schema.validate(frame, lazy=True)
        except pa.errors.SchemaErrors as exc:
            cases = exc.failure_cases
            return cases[cases["index"].notna()]
        return pd.DataFrame(columns=["column", "check", "failure_case", "index"])

    def _map_failure(
        self, index: int, spec: SheetSpec, f: Field, row: int, check: str, failure: Any, frame_value: Any
    ) -> None:
        prefix = SHEET_PREFIX[spec.name]
        sheet_cell = (
            (spec.name, f"B{layout.INFO.keys.index(f.key) + 1}")
            if spec is layout.INFO
            else (spec.name, f"{spec.letter(f.key)}{row}")
        )
        if sheet_cell in self.reported[index]:
            return
        if check == "not_nullable" or (f.kind == "text" and not check.startswith("isin")):
            code = "year.required" if spec is layout.YEARS else f"{prefix}.required"
            self.add_cell(index, code, spec, f.key, row)
        elif check.startswith("isin"):
            assert f.vocab is not None
            closest = f.vocab.closest(failure)
            self.add_cell(
                index,
                f"{prefix}.not_allowed",
                spec,
                f.key,
                row,
                value=cell_text(failure),
                suggestion=suggestion_text(closest.label if closest else None),
            )
        elif f.kind == "date" and check.startswith("greater_than"):
            self.add_cell(index, f"{prefix}.before_1900", spec, f.key, row, value=_dmy(frame_value))
        elif f.kind == "date" and check.startswith("less_than"):
            self.add_cell(
                index,
                f"{prefix}.future_date",
                spec,
                f.key,
                row,
                value=_dmy(frame_value),
                today=fmt_date(self.today),
            )
        elif f.kind == "int" and f.key == "year":
            self._year_outside(index, row, frame_value)
        elif f.kind == "int" and spec is layout.YEARS:
            code = "year.negative" if frame_value is not None and frame_value < 0 else "year.not_integer"
            self.add_cell(index, code, spec, f.key, row, value=cell_text(frame_value))
        elif f.kind == "int":
            self.add_cell(index, f"{prefix}.not_integer", spec, f.key, row, value=cell_text(frame_value))

    def _year_outside(self, index: int, row: int, year: Any) -> None:
        start, ref = self.start[index], self.ref_date[index]
        self.add_cell(
            index,
            "year.outside_period",
            layout.YEARS,
            "year",
            row,
            value=cell_text(year),
            first=start.year if not pd.isna(start) else "?",
            last=ref.year if not pd.isna(ref) else "?",
        )

    def _schema(self, spec: SheetSpec, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        cases = self._failures(_sheet_schema(spec.name, self.today), frame[[*spec.keys, "_row"]])
        for column, check, failure, idx in cases[["column", "check", "failure_case", "index"]].itertuples(
            index=False
        ):
            if column not in spec.keys:
                continue
            pos = int(idx)
            index = int(frame["_sub"].iat[pos])
            row = int(frame["_row"].iat[pos])
            value = frame[column].iat[pos]
            self._map_failure(index, spec, spec.field(column), row, str(check), failure, value)

    def _info(self) -> None:
        rows, owners = [], []
        for index, sub in enumerate(self.subs):
            if not sub.info:
                continue
            rec = {}
            for f in layout.INFO.fields:
                v = sub.info.get(f.key)
                rec[f.key] = _ts(v) if f.kind == "date" else v
            rows.append(rec)
            owners.append(index)
        if not rows:
            return
        frame = pd.DataFrame(rows)
        for f in layout.INFO.fields:
            if f.kind == "date":
                frame[f.key] = pd.to_datetime(frame[f.key]).astype("datetime64[ns]")
            else:
                frame[f.key] = frame[f.key].astype(object)
        cases = self._failures(_info_schema(self.today), frame)
        for column, check, failure, idx in cases[["column", "check", "failure_case", "index"]].itertuples(
            index=False
        ):
            if column not in layout.INFO.keys:
                continue
            index = owners[int(idx)]
            f = layout.INFO.field(column)
            row = layout.INFO.keys.index(column) + 1
            check = str(check)
            if f.kind == "date" and check.startswith("less_than"):
                continue  # a cut-off date ahead of today is allowed (reports are prepared early)
            self._map_failure(index, layout.INFO, f, row, check, failure, frame[column].iat[int(idx)])
        # Period start after the cut-off date.
        for index, sub in enumerate(self.subs):
            start, cutoff = sub.info.get("period_start"), sub.info.get("cutoff_date")
            if start and cutoff and start > cutoff:
                self.add_cell(
                    index,
                    "info.period",
                    layout.INFO,
                    "period_start",
                    8,
                    value=fmt_date(start),
                    start=fmt_date(start),
                    cutoff=fmt_date(cutoff),
                )
            if self.cutoff is not None and cutoff and cutoff != self.cutoff:
                self.add_cell(
                    index,
                    "org.cutoff_mismatch",
                    layout.INFO,
                    "cutoff_date",
                    7,
                    value=fmt_date(cutoff),
                    expected=fmt_date(self.cutoff),
                )
        if self.registry is not None:
            self._registry()

    def _registry(self) -> None:
        assert self.registry is not None
        orgs = self.registry.by_code()
        keyed = {code.strip().casefold(): org for code, org in orgs.items()}
        for index, sub in enumerate(self.subs):
            code = sub.org_code
            if not code:
                continue
            org = orgs.get(code) or keyed.get(code.strip().casefold())
            if org is None:
                near = difflib.get_close_matches(code, list(orgs), n=1, cutoff=0.6)
                self.add_cell(
                    index,
                    "org.unknown",
                    layout.INFO,
                    "org_code",
                    1,
                    value=code,
                    suggestion=suggestion_text(near[0] if near else None),
                )
                continue
            for key, code_name, voc in (
                ("org_tier", "org.tier_mismatch", vocab.ORG_TIER),
                ("sector", "org.sector_mismatch", vocab.SECTOR),
            ):
                mine, theirs = sub.info.get(key), getattr(org, key)
                if mine in voc.codes and theirs in voc.codes and mine != theirs:
                    row = layout.INFO.keys.index(key) + 1
                    self.add_cell(
                        index,
                        code_name,
                        layout.INFO,
                        key,
                        row,
                        value=voc.label(mine),
                        expected=voc.label(theirs),
                    )

    # -- members -------------------------------------------------------------------------------

    def _members(self, m: pd.DataFrame) -> None:
        if m.empty:
            return
        spec = layout.MEMBERS
        birth, adm, off, ref = m["birth_date"], m["admission_date"], m["official_date"], m["_D"]
        age_adm = _whole_years(birth, adm)
        for code, mask in (
            ("member.birth_after_admission", birth > adm),
            ("member.under_18", (birth <= adm) & (age_adm < ADMISSION_MIN_AGE)),
            ("member.over_60", age_adm > ADMISSION_MAX_AGE),
        ):
            for pos in np.flatnonzero(mask.fillna(False).to_numpy()):
                self.add_cell(
                    int(m["_sub"].iat[pos]),
                    code,
                    spec,
                    "admission_date",
                    int(m["_row"].iat[pos]),
                    value=_dmy(adm.iat[pos]),
                    admission=_dmy(adm.iat[pos]),
                    birth=_dmy(birth.iat[pos]),
                    age=int(age_adm.iat[pos]),
                )

        # On the roll at the cut-off means admitted by then; otherwise the statistics would
        # count a member who did not yet exist at the cut-off.
        for pos in np.flatnonzero((adm.notna() & ref.notna() & (adm > ref)).to_numpy()):
            self.add_cell(
                int(m["_sub"].iat[pos]),
                "member.after_cutoff",
                spec,
                "admission_date",
                int(m["_row"].iat[pos]),
                value=_dmy(adm.iat[pos]),
                cutoff=_dmy(ref.iat[pos]),
            )

        # Cheap vectorised pre-filter: official before the same day one year later (yyyymmdd).
        both = adm.notna() & off.notna()
        adm_next = (adm.dt.year + 1) * 10000 + adm.dt.month * 100 + adm.dt.day
        off_key = off.dt.year * 10000 + off.dt.month * 100 + off.dt.day
        for pos in np.flatnonzero((both & (off_key < adm_next)).fillna(False).to_numpy()):
            a = adm.iat[pos].date()
            earliest = add_months(a, OFFICIAL_AFTER_MONTHS)
            if off.iat[pos].date() < earliest:
                self.add_cell(
                    int(m["_sub"].iat[pos]),
                    "member.official_too_early",
                    spec,
                    "official_date",
                    int(m["_row"].iat[pos]),
                    value=_dmy(off.iat[pos]),
                    admission=fmt_date(a),
                    earliest=fmt_date(earliest),
                )

        probationary = off.isna() | (ref.notna() & (off > ref))
        # Cheap pre-filter (admitted more than a year before D), exact deadline per candidate.
        candidates = probationary & adm.notna() & ref.notna() & (adm < ref - pd.Timedelta(days=365))
        for pos in np.flatnonzero(candidates.to_numpy()):
            deadline = probation_deadline(adm.iat[pos].date())
            if ref.iat[pos].date() > deadline:
                self.add_cell(
                    int(m["_sub"].iat[pos]),
                    "member.probation_overdue",
                    spec,
                    "official_date",
                    int(m["_row"].iat[pos]),
                    admission=_dmy(adm.iat[pos]),
                    cutoff=_dmy(ref.iat[pos]),
                    deadline=fmt_date(deadline),
                )

        card = m["card_no"]
        for pos in np.flatnonzero((card.notna() & probationary & ref.notna()).to_numpy()):
            self.add_cell(
                int(m["_sub"].iat[pos]),
                "member.card_on_probationary",
                spec,
                "card_no",
                int(m["_row"].iat[pos]),
                value=card.iat[pos],
            )

        age_ref = _whole_years(birth, ref)
        limit = m["gender"].map(OLD_AGE_EXEMPTION)
        old_age = (m["exempt_reason"] == "old_age_ill_health") & limit.notna() & (age_ref < limit)
        reason_label = vocab.EXEMPT_REASON.label("old_age_ill_health")
        for pos in np.flatnonzero(old_age.fillna(False).to_numpy()):
            gender = m["gender"].iat[pos]
            self.add_cell(
                int(m["_sub"].iat[pos]),
                "member.exempt_age",
                spec,
                "exempt_reason",
                int(m["_row"].iat[pos]),
                value=reason_label,
                reason=reason_label,
                age=int(age_ref.iat[pos]),
                gender=vocab.GENDER.label(gender),
                limit=OLD_AGE_EXEMPTION[gender],
            )

        has_from, has_reason = m["exempt_from"].notna(), m["exempt_reason"].notna()
        date_head = f"\u201c{spec.field('exempt_from').header}\u201d"
        reason_head = f"\u201c{spec.field('exempt_reason').header}\u201d"
        for pos in np.flatnonzero((has_from & ~has_reason).to_numpy()):
            self.add_cell(
                int(m["_sub"].iat[pos]),
                "member.exempt_incomplete",
                spec,
                "exempt_reason",
                int(m["_row"].iat[pos]),
                detail=f"Có ngày {date_head} nhưng chưa chọn {reason_head}",
            )
        for pos in np.flatnonzero((~has_from & has_reason).to_numpy()):
            self.add_cell(
                int(m["_sub"].iat[pos]),
                "member.exempt_incomplete",
                spec,
                "exempt_from",
                int(m["_row"].iat[pos]),
                detail=f"Có {reason_head} nhưng chưa ghi {date_head}",
            )

    # -- events --------------------------------------------------------------------------------

    def _events(self, e: pd.DataFrame, m: pd.DataFrame) -> None:
        spec = layout.EVENTS
        if not e.empty:
            date, start, ref = e["event_date"], e["_start"], e["_D"]
            outside = date.notna() & ((start.notna() & (date < start)) | (ref.notna() & (date > ref)))
            for pos in np.flatnonzero(outside.to_numpy()):
                self.add_cell(
                    int(e["_sub"].iat[pos]),
                    "event.outside_period",
                    spec,
                    "event_date",
                    int(e["_row"].iat[pos]),
                    value=_dmy(date.iat[pos]),
                    start=_dmy(start.iat[pos]),
                    cutoff=_dmy(ref.iat[pos]),
                )
            struck_label = vocab.EVENT_TYPE.label("struck_off")
            no_ground = (e["event_type"] == "struck_off") & e["strike_ground"].isna()
            for pos in np.flatnonzero(no_ground.to_numpy()):
                self.add_cell(
                    int(e["_sub"].iat[pos]),
                    "event.no_strike_ground",
                    spec,
                    "strike_ground",
                    int(e["_row"].iat[pos]),
                    event=struck_label,
                )
            codes = set(vocab.EVENT_TYPE.codes)
            other = (
                e["strike_ground"].notna()
                & e["event_type"].isin(codes - {"struck_off"})
                & e["strike_ground"].isin(vocab.STRIKE_GROUND.codes)
            )
            for pos in np.flatnonzero(other.to_numpy()):
                self.add_cell(
                    int(e["_sub"].iat[pos]),
                    "event.ground_not_needed",
                    spec,
                    "strike_ground",
                    int(e["_row"].iat[pos]),
                    value=vocab.STRIKE_GROUND.label(e["strike_ground"].iat[pos]),
                    event=struck_label,
                    found=vocab.EVENT_TYPE.label(e["event_type"].iat[pos]),
                )
        if m.empty:
            return
        mk = m.assign(_key=self._member_name_key(m))
        mk = mk[mk["_key"].notna() & mk["birth_date"].notna()]
        ek = e.assign(_key=_name_key(e["full_name"])) if not e.empty else e.assign(_key=None)
        ek = ek[ek["_key"].notna() & ek["birth_date"].notna() & ek["event_type"].isin(vocab.EVENT_TYPE.codes)]

        # A member whose latest change took them off the roll must not be on the roll.
        if not ek.empty:
            latest = ek.sort_values(["_sub", "_key", "birth_date", "event_date", "_row"], na_position="first")
            latest = latest.drop_duplicates(["_sub", "_key", "birth_date"], keep="last")
            latest = latest[latest["event_type"].isin(vocab.LEAVING_EVENTS)]
            hits = mk.merge(
                latest[["_sub", "_key", "birth_date", "event_type", "event_date", "_row"]],
                on=["_sub", "_key", "birth_date"],
                suffixes=("", "_event"),
            )
            for rec in _recs(hits):
                self.add_cell(
                    int(rec._sub),
                    "event.left_still_on_roll",
                    layout.MEMBERS,
                    "full_name",
                    int(rec._row),
                    value=rec.full_name,
                    name=rec.full_name,
                    event=vocab.EVENT_TYPE.label(rec.event_type),
                    date=_dmy(rec.event_date),
                    events_sheet=layout.SHEET_EVENTS,
                    event_row=int(rec._row_event),
                )

        # A member admitted inside the period needs a `Kết nạp` row (or came in by transfer).
        admitted_in = mk["admission_date"].notna() & mk["_start"].notna() & mk["_D"].notna()
        admitted_in &= (mk["admission_date"] >= mk["_start"]) & (mk["admission_date"] <= mk["_D"])
        cand = mk[admitted_in]
        if cand.empty:
            return
        entering = ek[ek["event_type"].isin((*vocab.ADMISSION_EVENTS, "transfer_in", "restored"))]
        found = pd.MultiIndex.from_arrays([cand["_sub"], cand["_key"], cand["birth_date"]]).isin(
            pd.MultiIndex.from_arrays([entering["_sub"], entering["_key"], entering["birth_date"]])
        )
        label = vocab.EVENT_TYPE.label("admitted")
        for rec in _recs(cand[~found]):
            self.add_cell(
                int(rec._sub),
                "event.admission_missing",
                layout.MEMBERS,
                "admission_date",
                int(rec._row),
                value=_dmy(rec.admission_date),
                events_sheet=layout.SHEET_EVENTS,
                event=label,
                name=rec.full_name,
            )

    # -- years ---------------------------------------------------------------------------------

    def _years(self, y: pd.DataFrame, m: pd.DataFrame, e: pd.DataFrame) -> None:
        if y.empty:
            return
        spec = layout.YEARS
        year = y["year"]
        start_year = y["_start"].dt.year
        ref_year = y["_D"].dt.year
        in_schema_range = year.notna() & (year >= 1900) & (year <= 2100)
        outside = in_schema_range & (
            (start_year.notna() & (year < start_year)) | (ref_year.notna() & (year > ref_year))
        )
        for pos in np.flatnonzero(outside.fillna(False).to_numpy()):
            self._year_outside(int(y["_sub"].iat[pos]), int(y["_row"].iat[pos]), int(year.iat[pos]))

        dup = year.notna() & y.duplicated(["_sub", "year"], keep="first")
        first_rows = y.groupby(["_sub", "year"])["_row"].transform("first")
        for pos in np.flatnonzero(dup.to_numpy()):
            self.add_cell(
                int(y["_sub"].iat[pos]),
                "year.duplicate",
                spec,
                "year",
                int(y["_row"].iat[pos]),
                value=cell_text(int(year.iat[pos])),
                first_row=int(first_rows.iat[pos]),
            )

        trained, completed = y["new_members_trained"], y["new_members_completed"]
        too_many = (completed > trained).fillna(False)
        for pos in np.flatnonzero(too_many.to_numpy()):
            self.add_cell(
                int(y["_sub"].iat[pos]),
                "year.completed_gt_trained",
                spec,
                "new_members_completed",
                int(y["_row"].iat[pos]),
                value=cell_text(int(completed.iat[pos])),
                trained=int(trained.iat[pos]),
            )

        excellent, good = y["rated_excellent"], y["rated_good"]
        over = (excellent > 0) & (excellent > EXCELLENT_MAX_SHARE * (excellent + good))
        for pos in np.flatnonzero(over.fillna(False).to_numpy()):
            self.add_cell(
                int(y["_sub"].iat[pos]),
                "year.excellent_share",
                spec,
                "rated_excellent",
                int(y["_row"].iat[pos]),
                value=cell_text(int(excellent.iat[pos])),
                year=int(year.iat[pos]) if not pd.isna(year.iat[pos]) else "?",
                base=int(excellent.iat[pos] + good.iat[pos]),
            )

        rating_keys = list(layout.RATING_KEYS.values())
        rated = y[rating_keys].sum(axis=1)
        check = (rated > 0).to_numpy() & in_schema_range.fillna(False).to_numpy()
        if not check.any():
            return
        estimates = self._members_in_years(y[check], m, e)
        # Plain arrays: this loop visits every rated year row of the batch.
        sub_ids, rows = y["_sub"].to_numpy(), y["_row"].to_numpy()
        years = year.to_numpy(dtype="float64", na_value=np.nan)
        rated_n = rated.to_numpy(dtype="float64", na_value=np.nan)
        for pos in np.flatnonzero(check):
            index, yr, row = int(sub_ids[pos]), int(years[pos]), int(rows[pos])
            estimate = estimates.get((index, row))
            if estimate is not None and int(rated_n[pos]) > estimate:
                self.add_cell(
                    index,
                    "year.ratings_exceed_members",
                    spec,
                    "year",
                    row,
                    value=cell_text(yr),
                    year=yr,
                    rated=int(rated_n[pos]),
                    members=estimate,
                )

    def _members_in_years(
        self, y: pd.DataFrame, m: pd.DataFrame, e: pd.DataFrame
    ) -> dict[tuple[int, int], int]:
        """Members at the end of each year row's year (or at D in D's year): on today's roll and
        admitted by then, plus those who left later. Keyed by (submission, Excel row)."""
        ends = pd.to_datetime(
            pd.DataFrame({"year": y["year"].astype("int64"), "month": 12, "day": 31})
        ).astype("datetime64[ns]")
        ends = ends.where(y["_D"].isna() | (y["_D"] >= ends), y["_D"])
        rows = pd.DataFrame(
            {"_sub": y["_sub"].to_numpy(), "_row": y["_row"].to_numpy(), "_end": ends.to_numpy()}
        )
        readable = [i for i, s in enumerate(self.subs) if s.sheet("members") is not None]
        rows = rows[rows["_sub"].isin(readable)]
        subs = rows["_sub"].to_numpy(dtype="int64")
        end_days = _days(rows["_end"])
        counts = np.zeros(len(rows), dtype="int64")
        if not m.empty:
            admitted = m.loc[m["admission_date"].notna(), ["_sub", "admission_date"]]
            counts += _count_on_or_before(admitted["_sub"], _days(admitted["admission_date"]), subs, end_days)
        if not e.empty:
            leaving = e.loc[e["event_type"].isin(vocab.LEAVING_EVENTS) & e["event_date"].notna()]
            dated = _days(leaving["event_date"])
            left_sub = leaving["_sub"].to_numpy(dtype="int64")
            per_sub = np.bincount(left_sub, minlength=len(self.subs))
            counts += per_sub[subs] - _count_on_or_before(left_sub, dated, subs, end_days)
        excel_rows = rows["_row"].to_numpy()
        return {(int(s), int(r)): int(c) for s, r, c in zip(subs, excel_rows, counts, strict=True)}

    # -- organisation --------------------------------------------------------------------------

    def _organisation(self, m: pd.DataFrame) -> None:
        full_counts: Counter[int] = Counter()
        totals: Counter[int] = Counter()
        if not m.empty:
            off, ref = m["official_date"], m["_D"]
            full = off.notna() & (ref.isna() | (off <= ref))
            totals.update(m["_sub"].tolist())
            full_counts.update(m.loc[full, "_sub"].tolist())
        for index, sub in enumerate(self.subs):
            if sub.sheet("members") is None:
                continue
            if totals[index] == 0:
                self.add(index, "org.no_members", sheet=layout.SHEET_MEMBERS)
            elif full_counts[index] < MIN_FULL_MEMBERS:
                self.add(index, "org.few_full_members", sheet=layout.SHEET_MEMBERS, count=full_counts[index])

    # -- duplicates (in a file and across files) -----------------------------------------------

    def _duplicates(self, m: pd.DataFrame) -> None:
        if m.empty:
            return
        spec = layout.MEMBERS
        people = m.assign(_key=self._member_name_key(m))
        people = people[people["_key"].notna() & people["birth_date"].notna()]
        self._duplicate_groups(
            people,
            ["_key", "birth_date"],
            "full_name",
            lambda rec, first: self.add_cell(
                int(rec._sub),
                "member.duplicate",
                spec,
                "full_name",
                int(rec._row),
                value=rec.full_name,
                name=rec.full_name,
                birth=_dmy(rec.birth_date),
                first_row=int(first._row),
            ),
            lambda rec, others: self.add_cell(
                int(rec._sub),
                "member.duplicate_other_file",
                spec,
                "full_name",
                int(rec._row),
                value=rec.full_name,
                name=rec.full_name,
                birth=_dmy(rec.birth_date),
                other=others,
            ),
        )
        cards = m.assign(_key=_card_key(m["card_no"]))
        cards = cards[cards["_key"].notna() & (cards["_key"] != "")]
        self._duplicate_groups(
            cards,
            ["_key"],
            "card_no",
            lambda rec, first: self.add_cell(
                int(rec._sub),
                "member.duplicate_card",
                spec,
                "card_no",
                int(rec._row),
                value=rec.card_no,
                other=f"dòng {int(first._row)} (\u201c{first.full_name or ''}\u201d)",
            ),
            lambda rec, others: self.add_cell(
                int(rec._sub),
                "member.duplicate_card",
                spec,
                "card_no",
                int(rec._row),
                value=rec.card_no,
                other=others,
            ),
        )

    def _duplicate_groups(
        self,
        frame: pd.DataFrame,
        keys: list[str],
        shown: str,
        in_file: Callable[[Any, Any], None],
        across: Callable[[Any, str], None],
    ) -> None:
        dup = frame[frame.duplicated(keys, keep=False)]
        if dup.empty:
            return
        dup = dup.sort_values(["_sub", "_row"])
        for _, group in dup.groupby(keys, sort=False):
            recs = list(_recs(group))
            files = {int(r._sub) for r in recs}
            first_in_file: dict[int, Any] = {}
            for rec in recs:
                sub_index = int(rec._sub)
                if sub_index in first_in_file:
                    in_file(rec, first_in_file[sub_index])
                else:
                    first_in_file[sub_index] = rec
            if len(files) > 1:
                for rec in first_in_file.values():
                    others = ", ".join(
                        f"{self.subs[int(o._sub)].path.name} (dòng {int(o._row)})"
                        for o in first_in_file.values()
                        if int(o._sub) != int(rec._sub)
                    )
                    across(rec, others)

    # -- across files --------------------------------------------------------------------------

    def _cross_file(self) -> None:
        by_org: dict[str, list[int]] = defaultdict(list)
        for index, sub in enumerate(self.subs):
            if sub.org_code:
                by_org[sub.org_code.strip().casefold()].append(index)
        for indices in by_org.values():
            if len(indices) < 2:
                continue
            for index in indices:
                others = ", ".join(self.subs[o].path.name for o in indices if o != index)
                self.add_cell(
                    index,
                    "org.duplicate_file",
                    layout.INFO,
                    "org_code",
                    1,
                    value=self.subs[index].org_code,
                    others=others,
                )
        if self.cutoff is None:
            cutoffs = Counter(s.info.get("cutoff_date") for s in self.subs if s.info.get("cutoff_date"))
            if len(cutoffs) > 1:
                (common, top), *rest = cutoffs.most_common()
                if rest[0][1] < top:  # a clear majority; otherwise nothing to compare with
                    for index, sub in enumerate(self.subs):
                        mine = sub.info.get("cutoff_date")
                        if mine and mine != common:
                            self.add_cell(
                                index,
                                "org.cutoff_differs",
                                layout.INFO,
                                "cutoff_date",
                                7,
                                value=fmt_date(mine),
                                expected=fmt_date(common),
                            )
