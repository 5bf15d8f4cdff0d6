"""The sample ward: a deterministic, realistic ward modelled on the reference report.

`ward-stats demo` and the README's main job run on it. `build_sample_ward` makes the ward in
memory (72 organisations, 4,216 members, their changes and yearly figures since 2020);
`write_sample_ward` writes the registry and one submission per organisation through the
real template; `run_demo` also consolidates them.

Every figure of the reference report that is self-consistent is reproduced exactly (counts)
or within 0.1 percentage point on the base of all members on the roll (shares). The figures
are in `toolkit.sample.ward_figures`; the ward is planned in `toolkit.sample.ward_plan` and
its members get their attributes in `toolkit.sample.ward_people`, by ranking so that every
total is exact. Where the report contradicts itself, the choice made is explained in
`docs/reference-report.md`.

Everything is drawn from one seeded `random.Random`; the same seed gives the same ward.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.core import layout
from toolkit.core.model import ConsolidationResult, Organisation, Registry
from toolkit.io.atomic import make_folders
from toolkit.sample.names import NameSource
from toolkit.sample.rows import OrgRows, event_row, info_row, member_row, split_ratings, year_row
from toolkit.sample.ward_figures import (
    CUTOFF,
    DEFAULT_SEED,
    ORGS,
    PERIOD,
    PERIOD_START,
    SUBMISSIONS_DIR,
    WARD_NAME,
    YEARS,
)
from toolkit.sample.ward_people import (
    assign_ages_and_gender,
    assign_cards_and_training,
    assign_education,
    assign_exemptions,
    assign_identity,
    assign_occupation,
)
from toolkit.sample.ward_plan import (
    OrgPlan,
    Person,
    make_roll,
    plan_admissions,
    plan_internal_moves,
    plan_leavers,
    plan_sizes,
    plan_transfers_in,
    plan_year_figures,
)

__all__ = [
    "CUTOFF",
    "DEFAULT_SEED",
    "LAST_YEAR_CUTOFF",
    "LAST_YEAR_DIR",
    "PERIOD_START",
    "DemoFiles",
    "OrgSample",
    "SampleWard",
    "build_sample_ward",
    "consolidated_names",
    "run_demo",
    "write_sample_ward",
]

# One organisation of the sample: its registry row and the rows of its submission.
OrgSample = OrgRows


@dataclass
class SampleWard:
    seed: int
    cutoff: dt.date
    period_start: dt.date
    orgs: list[OrgSample]

    @property
    def registry(self) -> Registry:
        return Registry(organisations=[o.organisation for o in self.orgs])

    def all_members(self) -> list[dict[str, Any]]:
        return [m for o in self.orgs for m in o.members]

    def all_events(self) -> list[dict[str, Any]]:
        return [e for o in self.orgs for e in o.events]

    def all_years(self) -> list[dict[str, Any]]:
        return [y for o in self.orgs for y in o.years]


@dataclass
class DemoFiles:
    """Where the demo wrote its files (the consolidation outputs only after `run_demo`)."""

    out_dir: Path
    registry: Path
    submissions_dir: Path
    submissions: list[Path]
    workbook: Path | None = None
    summary: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    result: ConsolidationResult | None = None
    last_year: DemoFiles | None = None  # the same ward a year earlier (`run_demo`)


# --- the generator ----------------------------------------------------------------------------


def build_sample_ward(seed: int = DEFAULT_SEED) -> SampleWard:
    """The sample ward in memory, the same for the same seed (no global random state)."""
    rng = random.Random(seed)
    orgs = [OrgPlan(i, *spec) for i, spec in enumerate(ORGS, start=1)]
    plan_sizes(rng, orgs)
    plan_admissions(rng, orgs)
    people = make_roll(rng, orgs)
    names = NameSource(rng)
    assign_ages_and_gender(rng, people, names)
    assign_occupation(rng, people)
    assign_education(rng, people)
    assign_exemptions(rng, people)
    assign_cards_and_training(rng, people)
    plan_leavers(rng, orgs, names)
    plan_transfers_in(rng, orgs)
    plan_year_figures(rng, orgs)
    # The attributes of template 2026.2 come from a stream of their own: the figures above
    # are drawn exactly as before.
    identity = random.Random(f"{seed}/2026.2")
    assign_identity(identity, people)
    plan_internal_moves(identity, orgs)
    samples = [_org_sample(rng, org) for org in orgs]
    return SampleWard(seed=seed, cutoff=CUTOFF, period_start=PERIOD_START, orgs=samples)


# --- rows out of the plan -----------------------------------------------------------------------


_GRASSROOTS = ("dang_bo_co_so", "chi_bo_co_so")
_RECENT = dt.date(2025, 1, 1)


def _admitted_since(people: list[Person], day: dt.date) -> bool:
    return any(p.in_period and p.admission is not None and p.admission >= day for p in people)


def _org_sample(rng: random.Random, org: OrgPlan) -> OrgSample:
    people = sorted(org.people, key=lambda p: (p.admission or CUTOFF, p.name))
    secretary = max(
        (p for p in people if not p.probationary and p.exempt_reason is None and 32 <= p.age <= 70),
        key=lambda p: ({"advanced": 4, "bachelor": 4, "intermediate": 3}.get(p.theory, 0), p.noise),
    )
    org.secretary = secretary.name
    organisation = Organisation(
        org_code=org.code,
        org_name=org.name,
        org_tier=org.tier,
        sector=org.sector,
        secretary=org.secretary,
        targets=dict(org.targets),
    )
    preparer = rng.choice([p for p in people if p.exempt_reason is None and not p.probationary])
    info = info_row(
        organisation,
        PERIOD,
        phone=f"09{rng.randint(10_000_000, 99_999_999)}",
        prepared_by=preparer.name,
        prepared_on=dt.date(2026, 4, rng.randint(1, 8)),
        # a grassroots organisation that has admitted nobody since 2025 has no candidates left
        no_candidates_left=None if org.tier not in _GRASSROOTS or _admitted_since(people, _RECENT) else "yes",
    )
    members = [_member_row(i, p) for i, p in enumerate(people, start=1)]
    events = _event_rows(rng, org)
    years = _year_rows(rng, org)
    return OrgSample(info=info, members=members, events=events, years=years, organisation=organisation)


def _member_row(row_no: int, p: Person) -> dict[str, Any]:
    return member_row(
        row_no=row_no,
        full_name=p.name,
        birth_date=p.birth,
        gender=p.gender,
        ethnicity=p.ethnicity,
        religion=p.religion,
        card_no=p.card_no,
        admission_date=p.admission,
        official_date=p.official,
        gen_edu=p.gen_edu,
        prof_level=p.prof,
        academic_title=p.academic_title,
        theory_level=p.theory,
        occupation=p.occupation,
        youth_union="yes" if p.youth_union else None,
        private_owner="yes" if p.private_owner else None,
        foreign_marriage="yes" if p.foreign_marriage else None,
        exempt_from=p.exempt_from,
        exempt_reason=p.exempt_reason,
        working_away="yes" if p.working_away else None,
        note=None if p.transfer_in is None else f"Chuyển đến ngày {p.transfer_in:%d/%m/%Y}",
    )


_DECISION_SUFFIX = {
    "admitted": "QĐ/ĐU",
    "struck_off": "QĐ/ĐU",
    "expelled": "QĐ/UBKT",
    "transfer_in": "GGT",
    "transfer_out": "GGT",
}


def _event_rows(rng: random.Random, org: OrgPlan) -> list[dict[str, Any]]:
    raw: list[tuple[dt.date, Person, str, str | None, str | None]] = []
    for p in org.people:
        if p.in_period:
            assert p.admission is not None
            raw.append((p.admission, p, "admitted", None, None))
        if p.transfer_in is not None:
            raw.append((p.transfer_in, p, "transfer_in", None, p.transfer_scope))
    for lv in org.leavers:
        raw.append((lv.when, lv.person, lv.kind, lv.ground, lv.scope))
    raw.sort(key=lambda r: (r[0], r[1].name))
    rows = []
    for i, (when, p, kind, ground, scope) in enumerate(raw, start=1):
        decision = None if kind == "died" else f"{rng.randint(12, 480)}-{_DECISION_SUFFIX[kind]}"
        rows.append(
            event_row(
                row_no=i,
                full_name=p.name,
                birth_date=p.birth,
                event_type=kind,
                event_date=when,
                strike_ground=ground,
                transfer_scope=scope,
                decision_no=decision,
                note="Vi phạm pháp luật" if kind == "expelled" else None,
            )
        )
    return rows


def _year_rows(rng: random.Random, org: OrgPlan) -> list[dict[str, Any]]:
    rows = []
    for year in YEARS:
        end = dt.date(year, 12, 31)
        trained = sum(1 for p in org.people if p.trained_year == year)
        counts = {
            "new_members_trained": trained,
            "new_members_completed": trained,
            "candidates_trained": org.candidates.get(year, 0),
        }
        if year < CUTOFF.year:  # the cut-off year is not rated yet
            members = [
                p
                for p in org.people
                if p.admission is not None
                and p.admission <= end
                and (p.transfer_in is None or p.transfer_in <= end)
                and (p.exempt_from is None or p.exempt_from > end)
            ]
            not_rated = sum(1 for p in members if p.admission and p.admission >= dt.date(year, 7, 1))
            rated = len(members) - not_rated
            counts |= split_ratings(rng, rated, fail=org.fails.get(year, 0), not_rated=not_rated)
        rows.append(year_row(year, **counts))
    return rows


# --- files --------------------------------------------------------------------------------------


def make_folder(folder: Path) -> None:
    """Make a folder of the demo, or say in Vietnamese that it cannot be made, naming it as a
    folder (hunt228 F1: "Không ghi được tệp “…/nop”: tệp đang mở trong chương trình khác")."""
    make_folders(folder)


def write_sample_ward(
    out_dir: Path,
    seed: int = DEFAULT_SEED,
    version: str = layout.TEMPLATE_VERSION,
    through: Callable[[Callable[[], Path]], Path] | None = None,
) -> DemoFiles:
    """Write the registry and one filled template per organisation into `out_dir`.

    The registry is `out_dir/danh_muc_to_chuc.xlsx`; the submissions are
    `out_dir/nop/<code>_<slug>.xlsx`, written through the real template (of ``version``: an
    older one makes the files an older ward would send, for the upgrade's tests). With
    ``through``, each file is written by ``through(write)`` (the demo's `DemoMarker.write`).
    """
    from toolkit.io.registry import REGISTRY_FILENAME
    from toolkit.io.runtime import collect_paused
    from toolkit.outputs.registry_file import write_registry
    from toolkit.outputs.template import submission_filename

    out_dir = Path(out_dir)
    started = time.perf_counter()
    ward = build_sample_ward(seed)
    built = time.perf_counter()
    submissions_dir = out_dir / SUBMISSIONS_DIR
    make_folder(submissions_dir)
    run = through or (lambda write: write())
    registry_path = run(lambda: write_registry(ward.registry, out_dir / REGISTRY_FILENAME))
    paths = []
    for org in ward.orgs:
        collect_paused()  # the last file's workbook, with collection paused for the command
        paths.append(
            run(
                functools.partial(org.write, submissions_dir / submission_filename(org.organisation), version)
            )
        )
    return DemoFiles(
        out_dir=out_dir,
        registry=registry_path,
        submissions_dir=submissions_dir,
        submissions=paths,
        seconds={"build": built - started, "write": time.perf_counter() - built},
    )


def consolidated_names(cutoff: dt.date = CUTOFF) -> tuple[str, str]:
    """File names of the demo's consolidated workbook and JSON summary."""
    stem = f"tong_hop_phuong_{cutoff:%Y%m%d}"
    return f"{stem}.xlsx", f"{stem}.json"


# The demo's earlier consolidation: the same ward at the same date a year before, so that the
# forms' "Cùng kỳ năm trước" column and the trend sheet show what they show in an office's
# second year.
LAST_YEAR_CUTOFF = CUTOFF.replace(year=CUTOFF.year - 1)
LAST_YEAR_DIR = "nam_truoc"


def run_demo(
    out_dir: Path,
    seed: int = DEFAULT_SEED,
    progress: Callable[[Path], None] | None = None,
) -> DemoFiles:
    """Write the sample ward into `out_dir` and consolidate it with its registry, writing the
    consolidated workbook and JSON summary beside the registry and recording the consolidation
    in the history file there.

    First the same ward a year earlier (`toolkit.sample.as_of`: the submissions its secretaries
    would have sent for `LAST_YEAR_CUTOFF`) is written into `out_dir/nam_truoc/nop`,
    consolidated into `out_dir/nam_truoc` and recorded in the same history, as the office's
    run of last year would have been.

    A folder that holds anything but an earlier demo's files is refused before anything is
    written (`toolkit.sample.demo_folder`): the demo never writes over a file of an office.

    The files are written one by one (seconds), so a demo stopped part way (Ctrl+C, a failure,
    a kill) leaves a sample ward half made: each file is listed in the folder's marker as soon
    as it is written (`DemoMarker`, removed once the demo is done), so that the next demo
    takes the folder for its own, and the Ctrl+C line says the folder was partly written."""
    from toolkit.history.store import DEFAULT_FILENAME
    from toolkit.io.registry import read_registry
    from toolkit.io.runtime import collect_paused
    from toolkit.outputs.template import submission_filename
    from toolkit.sample.as_of import as_of
    from toolkit.sample.demo_folder import DemoMarker, check_demo_folder

    check_demo_folder(Path(out_dir))
    marker = DemoMarker(Path(out_dir))
    files = write_sample_ward(out_dir, seed, through=marker.write)
    registry = read_registry(files.registry)
    history = files.out_dir / DEFAULT_FILENAME
    earlier_dir = files.out_dir / LAST_YEAR_DIR
    earlier_nop = earlier_dir / SUBMISSIONS_DIR
    make_folder(earlier_nop)
    earlier = []
    for org in build_sample_ward(seed).orgs:
        collect_paused()  # the last file's workbook, with collection paused for the command
        earlier.append(
            marker.write(
                functools.partial(
                    as_of(org, LAST_YEAR_CUTOFF).write, earlier_nop / submission_filename(org.organisation)
                )
            )
        )
    files.last_year = DemoFiles(earlier_dir, files.registry, earlier_nop, earlier)
    _consolidate_demo(files.last_year, LAST_YEAR_CUTOFF, registry, history, progress)
    _consolidate_demo(files, CUTOFF, registry, history, progress)
    marker.done()
    return files


def _consolidate_demo(
    files: DemoFiles,
    cutoff: dt.date,
    registry: Registry,
    history: Path,
    progress: Callable[[Path], None] | None,
) -> None:
    from toolkit.outputs.publish import prepare, write_outputs
    from toolkit.pipeline import consolidate

    started = time.perf_counter()
    result = consolidate(
        [files.submissions_dir],
        cutoff=cutoff,
        since=PERIOD_START,
        registry=registry,
        progress=progress,
        while_reading=prepare,
        ward_name=WARD_NAME,
    )
    consolidated = time.perf_counter()
    workbook_name, json_name = consolidated_names(cutoff)
    files.workbook = files.out_dir / workbook_name
    files.summary = files.out_dir / json_name
    write_outputs(result, files.workbook, files.summary, history=history)
    files.seconds["consolidate"] = consolidated - started
    files.seconds["outputs"] = time.perf_counter() - consolidated
    files.result = result
