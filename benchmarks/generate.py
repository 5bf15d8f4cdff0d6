"""Seeded generator of the benchmark datasets (issue 8), made through the real branch template.

Five datasets (and a stress case measured only when named), each a folder
`benchmarks/data/<name>/` holding a registry (`danh_muc_to_chuc.xlsx`) and the submissions
(`nop/*.xlsx`):

- **ward**: the sample ward of `toolkit.sample.ward` (72 organisations, 4,216 members);
- **city**: 1,000 organisations, 100,000 members;
- **messy_city**: the city's organisations and rows, retyped the way secretaries type
  (`toolkit.sample.messy`: dates as text in mixed formats, category aliases, counts as text,
  names in TCVN3/VNI or decomposed Unicode, stray spaces): every file still valid, with
  thousands of `norm.*` corrections;
- **messy_ward**: 72 organisations (7,200 members) built like the city's and retyped with
  the messy city's habits: a ward the size of the reference one, as its files really arrive;
- **province**: ONE organisation with 500,000 members.

Small submissions are written with `toolkit.outputs.template.write_submission` (openpyxl), on both
cores. openpyxl cannot write 500,000 rows in reasonable time and memory, so the province
file is the real template written by `write_submission` with the FIRST row of each big
sheet, whose `Đảng viên` and `Biến động` sheet XML is then stream-patched inside the zip with
the remaining rows, cell for cell in the style the template writer used for that first row
(same style ids, numbers for dates, strings as the writer stores them). Every other part
(validations, comments, `DanhMuc`, `_meta`, protection) stays byte-identical.

The rows come from the shared sample generator: the ward is `toolkit.sample.ward`, the city's
and the province's organisations are `toolkit.sample.org.org_rows`, so every dataset
validates with zero errors (consistent dates, unique name + birth date and card numbers,
cards only on full members, `Kết nạp` rows for the period's admissions, members who left
only in `Biến động`). This module only orchestrates: how many organisations of which sizes
and sectors, and how the files are written.

A marker file records the seed and generator version; a dataset whose marker matches is not
generated again.

Usage: `uv run python benchmarks/generate.py [ward city messy_city messy_ward province] [--seed N] [--force]`
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python benchmarks/generate.py` from a clean clone
    sys.path.insert(0, str(ROOT))

from toolkit.core import layout  # noqa: E402
from toolkit.core.model import Registry  # noqa: E402
from toolkit.sample.draw import apportion, weighted  # noqa: E402
from toolkit.sample.messy import Messiness, messy_submission  # noqa: E402
from toolkit.sample.org import OCCUPATION_BY_SECTOR, OrgSpec, organisations  # noqa: E402
from toolkit.sample.rows import OrgRows  # noqa: E402
from toolkit.sample.ward_figures import PERIOD  # noqa: E402

GENERATOR_VERSION = 6  # 6: template 2026.2 (ethnicity, religion, 15 occupations, transfer scopes)
DEFAULT_SEED = 2026
DATA_DIR = Path(__file__).resolve().parent / "data"
MARKER = "dataset.json"
SUBMISSIONS_DIR = "nop"
REGISTRY_FILENAME = "danh_muc_to_chuc.xlsx"
# Every dataset shares the sample ward's period, so one cut-off consolidates them all.
CUTOFF = PERIOD.cutoff


@dataclass(frozen=True)
class Habit:
    """A way of typing that a share `files` of the secretaries have; in each of their files it
    hits a share of the cells drawn between `low` and `high`."""

    files: float
    low: float
    high: float

    def draw(self, rng: random.Random) -> float:
        return rng.uniform(self.low, self.high) if rng.random() < self.files else 0.0


@dataclass(frozen=True)
class Habits:
    """The typing habits of a city's secretaries, drawn once per file (`Messiness` fields)."""

    dates: Habit
    categories: Habit
    numbers: Habit
    legacy: Habit
    nfd: Habit
    spaces: Habit

    def messiness(self, rng: random.Random) -> Messiness:
        legacy = self.legacy.draw(rng)
        nfd = 0.0 if legacy else self.nfd.draw(rng)  # one keyboard setting a computer
        return Messiness(
            dates=self.dates.draw(rng),
            categories=self.categories.draw(rng),
            numbers=self.numbers.draw(rng),
            legacy=legacy,
            nfd=nfd,
            spaces=min(self.spaces.draw(rng), 1 - legacy - nfd),
        )


# How the messy city's secretaries type. Most habits come with a file's history, so they hit
# a whole file or none of it: rows pasted from an older list keep its text dates, its own
# spellings (nam, NỮ, THPT, ThS…) and its counts stored as text (pasting bypasses the
# template's validation); a computer whose keyboard is set to TCVN3/VNI or to composed
# Unicode types every name that way; stray spaces slip in anywhere. Half the files have
# 50–90 % of their dates as text: about 35 % of all dates (at least 30 % asked for).
MESSY_HABITS = Habits(
    dates=Habit(0.5, 0.5, 0.9),
    categories=Habit(0.35, 0.3, 0.8),
    numbers=Habit(0.2, 0.3, 1.0),
    legacy=Habit(0.05, 0.9, 0.9),
    nfd=Habit(0.1, 0.9, 0.9),
    spaces=Habit(0.6, 0.03, 0.03),
)
# The stress case: every file typed alike, each cell on its own (`toolkit.sample.messy`'s
# shares, a third of the dates as text), so nearly every column of every file has every kind
# of correction its cells can get.
MESSY_UNIFORM = Messiness(dates=0.35)


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    organisations: int
    members: int
    description: str
    rows_of: str | None = None  # build the organisations of this dataset (same seed, same rows)
    typing: Habits | Messiness | None = None  # retype the rows so (None: written as generated)
    in_full_run: bool = True  # generated and measured when no dataset is named


DATASETS: dict[str, DatasetSpec] = {
    "ward": DatasetSpec(
        "ward", 72, 4_216, "the sample ward of toolkit.sample.ward: 72 submissions, 4,216 members"
    ),
    "city": DatasetSpec("city", 1_000, 100_000, "1,000 submissions, 100,000 members"),
    "messy_city": DatasetSpec(
        "messy_city",
        1_000,
        100_000,
        "the city's 1,000 submissions as its secretaries type them (habits drawn per file)",
        rows_of="city",
        typing=MESSY_HABITS,
    ),
    "messy_ward": DatasetSpec(
        "messy_ward",
        72,
        7_200,
        "a ward's 72 submissions typed as secretaries type them (the messy city's habits)",
        typing=MESSY_HABITS,
    ),
    "messy_city_uniform": DatasetSpec(
        "messy_city_uniform",
        1_000,
        100_000,
        "the city's 1,000 submissions, every cell retyped at the same odds (stress case)",
        rows_of="city",
        typing=MESSY_UNIFORM,
        in_full_run=False,
    ),
    "province": DatasetSpec("province", 1, 500_000, "one submission of 500,000 members"),
}


@dataclass(frozen=True)
class Dataset:
    """A generated dataset on disk."""

    name: str
    root: Path
    registry: Path
    submissions_dir: Path
    files: tuple[Path, ...]
    members: int
    marker: dict[str, Any] = field(default_factory=dict)


# --- organisations ----------------------------------------------------------------------------

# The sectors of a city's organisations, as in the reference ward.
_SECTOR_MIX = (
    ("to_dan_pho", 52),
    ("doanh_nghiep", 22),
    ("su_nghiep", 20),
    ("co_quan", 3),
    ("luc_luong_vu_trang", 3),
)
_ORG_NAME = {
    "to_dan_pho": "Chi bộ Tổ dân phố số {n}",
    "doanh_nghiep": "Chi bộ Công ty cổ phần số {n}",
    "su_nghiep": "Chi bộ Trường học số {n}",
    "co_quan": "Chi bộ Cơ quan số {n}",
    "luc_luong_vu_trang": "Chi bộ Quân sự số {n}",
}
_SMALLEST_ORG = 12


def _org_sizes(rng: random.Random, total: int, parts: int) -> list[int]:
    """`parts` sizes of at least `_SMALLEST_ORG` summing to `total`, skewed like real
    organisations (a few large, many small)."""
    weights = [rng.lognormvariate(0, 0.8) for _ in range(parts)]
    return [_SMALLEST_ORG + n for n in apportion(total - _SMALLEST_ORG * parts, weights)]


def build_orgs(spec: DatasetSpec, seed: int) -> list[OrgRows]:
    """The organisations of a generated dataset (city, province), deterministic in `seed`."""
    rng = random.Random(f"{spec.rows_of or spec.name}:{seed}")
    sizes = [spec.members] if spec.organisations == 1 else _org_sizes(rng, spec.members, spec.organisations)
    width = max(3, len(str(spec.organisations)))
    specs = []
    for i, size in enumerate(sizes, start=1):
        sector = weighted(rng, _SECTOR_MIX) if spec.organisations > 1 else "to_dan_pho"
        specs.append(OrgSpec(f"B{i:0{width}d}", _ORG_NAME[sector].format(n=i), sector, size))
    orgs = organisations(rng, PERIOD, specs, card_prefix="7")
    if spec.organisations == 1:  # one organisation standing for a whole province: mixed jobs
        for m in orgs[0].members:
            if m["occupation"] != "retired":
                m["occupation"] = weighted(rng, OCCUPATION_BY_SECTOR[weighted(rng, _SECTOR_MIX)])
    return orgs


def _full_row_first(rows: list[dict[str, Any]], keys: Sequence[str]) -> None:
    """Move a row that fills every column to the front (the province patcher takes the cell
    styles of each column from row 2)."""
    for i, row in enumerate(rows):
        if all(row.get(k) is not None for k in keys):
            rows.insert(0, rows.pop(i))
            return


# --- writing ----------------------------------------------------------------------------------


def _write_one(args: tuple[Path, dict, list, list, list]) -> Path:
    from toolkit.outputs.template import write_submission

    path, info, members, events, years = args
    return write_submission(path, info=info, members=members, events=events, years=years)


def write_small(orgs: Sequence[OrgRows], submissions_dir: Path, workers: int | None = None) -> list[Path]:
    """Write each organisation through `write_submission`, on all cores."""
    from toolkit.outputs.template import submission_filename

    submissions_dir.mkdir(parents=True, exist_ok=True)
    jobs = [
        (submissions_dir / submission_filename(o.organisation), o.info, o.members, o.events, o.years)
        for o in orgs
    ]
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < 8:
        return [_write_one(j) for j in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_write_one, jobs, chunksize=16))


# The province file: stream-patching the big sheets of a real template file.

_CELL_RE = re.compile(r'<c r="([A-Z]+)2"([^>]*)>')
_STYLE_RE = re.compile(r'\bs="(\d+)"')


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip part name, resolved through workbook.xml and its relationships."""
    from defusedxml import ElementTree as ET

    ns = {
        "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        "p": "http://schemas.openxmlformats.org/package/2006/relationships",
    }
    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", ns)}
    parts = {}
    for sheet in wb.findall("m:sheets/m:sheet", ns):
        target = targets[sheet.get(f"{{{ns['r']}}}id")]
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


@dataclass(frozen=True)
class _ColumnStyle:
    letter: str
    key: str
    kind: str
    attrs: str  # e.g. ' s="10"': the style the template writer gave this column's cells


def _column_styles(sheet_xml: str, spec: layout.SheetSpec) -> list[_ColumnStyle]:
    """The style of each column's cells, from row 2. A column left empty in row 2 takes the
    style of a filled column of the same kind (the template writer styles cells by kind)."""
    row2 = sheet_xml[sheet_xml.index('<row r="2"') :]
    row2 = row2[: row2.index("</row>")]
    found = {m.group(1): m.group(2) for m in _CELL_RE.finditer(row2)}
    own: dict[str, str] = {}  # field key → style attribute of its row-2 cell
    for f in spec.fields:
        attrs = found.get(spec.letter(f.key))
        if attrs is not None:
            style = _STYLE_RE.search(attrs)
            own[f.key] = f' s="{style.group(1)}"' if style else ""
    by_kind = {f.kind: own[f.key] for f in reversed(spec.fields) if f.key in own}
    styles = []
    for f in spec.fields:
        attrs = own.get(f.key, by_kind.get(f.kind))
        if attrs is None:
            raise ValueError(f"{spec.name}: row 2 has no {f.kind} cell; cannot copy the style of one")
        styles.append(_ColumnStyle(spec.letter(f.key), f.key, f.kind, attrs))
    return styles


_EXCEL_EPOCH = dt.date(1899, 12, 30)


class _SharedStrings:
    """The shared-string table Excel writes for a big sheet (far smaller than inline strings)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.refs = 0

    def __call__(self, text: str) -> int:
        self.refs += 1
        i = self.index.get(text)
        if i is None:
            i = self.index[text] = len(self.index)
        return i

    def xml(self) -> bytes:
        items = "".join(f"<si><t>{escape(t)}</t></si>" for t in self.index)
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{_NS_MAIN}" count="{self.refs}" uniqueCount="{len(self.index)}">{items}</sst>'
        ).encode()


_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST_PART = "xl/sharedStrings.xml"
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _cell_xml(col: _ColumnStyle, r: int, value: Any, sst: _SharedStrings) -> str:
    if value is None:
        return ""
    if col.kind == "date":
        return f'<c r="{col.letter}{r}"{col.attrs}><v>{(value - _EXCEL_EPOCH).days}</v></c>'
    if col.kind == "int":
        return f'<c r="{col.letter}{r}"{col.attrs}><v>{int(value)}</v></c>'
    if col.kind == "category":
        value = _label(col.key, value)
    return f'<c r="{col.letter}{r}"{col.attrs} t="s"><v>{sst(str(value))}</v></c>'


_LABELS: dict[str, dict[str, str]] = {}


def _label(key: str, code: str) -> str:
    """Vocabulary label of a category code for a data-sheet field key."""
    labels = _LABELS.get(key)
    if labels is None:
        labels = {}
        for spec in layout.DATA_SHEETS:
            if key in spec.keys and spec.field(key).vocab is not None:
                voc = spec.field(key).vocab
                labels = {c: voc.label(c) for c in voc.codes}
                break
        _LABELS[key] = labels
    return labels.get(code, code)


def _rows_xml(
    styles: Sequence[_ColumnStyle], rows: Iterable[Mapping[str, Any]], sst: _SharedStrings
) -> Iterator[str]:
    chunk: list[str] = []
    spans = f"1:{len(styles)}"
    for r, row in enumerate(rows, start=layout.FIRST_DATA_ROW):
        cells = "".join(_cell_xml(col, r, row.get(col.key), sst) for col in styles)
        chunk.append(f'<row r="{r}" spans="{spans}">{cells}</row>')
        if len(chunk) >= 5000:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def _patched_sheet(
    sheet_xml: str, styles: Sequence[_ColumnStyle], rows: Sequence[Mapping], sst: _SharedStrings
) -> Iterator[bytes]:
    last_col = styles[-1].letter
    last_row = layout.FIRST_DATA_ROW + len(rows) - 1
    head = sheet_xml[: sheet_xml.index('<row r="2"')]
    head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last_col}{last_row}"/>', head, count=1)
    tail = sheet_xml[sheet_xml.index("</sheetData>") :]
    yield head.encode("utf-8")
    for text in _rows_xml(styles, rows, sst):
        yield text.encode("utf-8")
    yield tail.encode("utf-8")


def _with_shared_strings(name: str, data: bytes) -> bytes:
    """Declare the shared-string part in the content types and the workbook relationships."""
    text = data.decode("utf-8")
    if name == "[Content_Types].xml" and _SST_TYPE not in text:
        text = text.replace(
            "</Types>", f'<Override PartName="/{_SST_PART}" ContentType="{_SST_TYPE}"/></Types>'
        )
    elif name == "xl/_rels/workbook.xml.rels" and _SST_REL not in text:
        text = text.replace(
            "</Relationships>",
            f'<Relationship Type="{_SST_REL}" Target="/{_SST_PART}" Id="rIdBenchSST"/></Relationships>',
        )
    return text.encode("utf-8")


def write_large(org: OrgRows, target: Path) -> Path:
    """Write a submission too big for openpyxl: the real template with the first row of each
    data sheet, then its member and change sheets stream-patched with every row (strings in
    a shared-string table, as Excel saves a sheet of this size)."""
    from toolkit.io.atomic import atomic_path
    from toolkit.outputs.template import write_submission

    _full_row_first(org.members, layout.MEMBERS.keys)
    _full_row_first(org.events, layout.EVENTS.keys)
    for rows in (org.members, org.events):
        for i, row in enumerate(rows, start=1):
            row["row_no"] = i
    target.parent.mkdir(parents=True, exist_ok=True)
    seed_file = target.with_name(target.stem + ".seed.xlsx")
    write_submission(
        seed_file, info=org.info, members=org.members[:1], events=org.events[:1], years=org.years
    )
    sst = _SharedStrings()
    try:
        with zipfile.ZipFile(seed_file) as src, atomic_path(target) as tmp:
            if _SST_PART in src.namelist():
                raise ValueError("the template writer now uses shared strings: merge them before patching")
            parts = _sheet_parts(src)
            patch = {
                parts[layout.MEMBERS.name]: (layout.MEMBERS, org.members),
                parts[layout.EVENTS.name]: (layout.EVENTS, org.events),
            }
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
                for item in src.infolist():
                    data = src.read(item.filename)
                    if item.filename not in patch:
                        dst.writestr(item, _with_shared_strings(item.filename, data))
                        continue
                    spec, rows = patch[item.filename]
                    sheet_xml = data.decode("utf-8")
                    styles = _column_styles(sheet_xml, spec)
                    info = zipfile.ZipInfo(item.filename, date_time=item.date_time)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    with dst.open(info, "w", force_zip64=True) as out:
                        for chunk in _patched_sheet(sheet_xml, styles, rows, sst):
                            out.write(chunk)
                dst.writestr(_SST_PART, sst.xml())
    finally:
        seed_file.unlink(missing_ok=True)
    return target


# --- datasets ---------------------------------------------------------------------------------


def _marker(spec: DatasetSpec, seed: int) -> dict[str, Any]:
    marker = {"dataset": spec.name, "seed": seed, "generator_version": GENERATOR_VERSION}
    if spec.typing is not None:  # typed otherwise: generate again
        marker["typing"] = {type(spec.typing).__name__: asdict(spec.typing)}
    return marker


def _load(root: Path) -> Dataset | None:
    marker_path = root / MARKER
    if not marker_path.is_file():
        return None
    marker = json.loads(marker_path.read_text(encoding="utf-8"))
    subs = root / SUBMISSIONS_DIR
    files = tuple(sorted(subs.glob("*.xlsx")))
    if len(files) != marker.get("files"):
        return None
    return Dataset(
        marker["dataset"], root, root / REGISTRY_FILENAME, subs, files, marker.get("members", 0), marker
    )


def existing(name: str, data_dir: Path = DATA_DIR, seed: int = DEFAULT_SEED) -> Dataset | None:
    """The dataset on disk when it was generated with this seed and generator version."""
    spec = DATASETS[name]
    found = _load(data_dir / name)
    if found is None:
        return None
    want = _marker(spec, seed)
    if any(found.marker.get(k) != v for k, v in want.items()):
        return None
    return found


def generate(
    name: str,
    data_dir: Path = DATA_DIR,
    *,
    seed: int = DEFAULT_SEED,
    force: bool = False,
    spec: DatasetSpec | None = None,
    log: Callable[[str], None] = print,
) -> Dataset:
    """Generate dataset `name` into `data_dir/name` (skipped when already there).

    `spec` overrides the size (the smoke test makes a tiny city this way)."""
    spec = spec or DATASETS[name]
    root = Path(data_dir) / name
    if not force and spec is DATASETS.get(name):
        found = existing(name, Path(data_dir), seed)
        if found is not None:
            log(f"{name}: up to date ({len(found.files)} files, seed {seed}) — skipped")
            return found
    if root.exists():
        shutil.rmtree(root)
    subs = root / SUBMISSIONS_DIR
    subs.mkdir(parents=True)
    started = time.perf_counter()
    typing: dict[str, Any] = {}
    if name == "ward" and spec is DATASETS["ward"]:
        registry_path, members, source = _write_ward(root, subs, seed)
    else:
        registry_path, members, source = _write_built(spec, seed, root, subs, log, typing)
    files_written = sorted(subs.glob("*.xlsx"))
    marker = {
        **_marker(spec, seed),
        "files": len(files_written),
        "members": members,
        "source": source,
        **typing,
        "cutoff": CUTOFF.isoformat(),
        "bytes": sum(p.stat().st_size for p in files_written),
        "seconds": round(time.perf_counter() - started, 1),
    }
    (root / MARKER).write_text(json.dumps(marker, indent=2), encoding="utf-8")
    log(f"{name}: wrote {len(files_written)} files, {members:,} members in {marker['seconds']} s")
    return Dataset(name, root, registry_path, subs, tuple(files_written), members, marker)


def _write_ward(root: Path, subs: Path, seed: int) -> tuple[Path, int, str]:
    """The demo's sample ward, in the dataset layout."""
    from toolkit.sample.ward import write_sample_ward

    files = write_sample_ward(root, seed=seed)
    if files.submissions_dir != subs:  # keep one layout for every dataset
        for p in files.submissions:
            p.replace(subs / p.name)
        files.submissions_dir.rmdir()
    return files.registry, DATASETS["ward"].members, "toolkit.sample.ward.write_sample_ward"


def messy_orgs(
    orgs: Sequence[OrgRows], typing: Habits | Messiness, seed: int
) -> tuple[list[OrgRows], dict[str, Any]]:
    """The organisations with their data sheets retyped (`toolkit.sample.messy`), and what was
    retyped: the cells by warning code and the share of filled date cells typed as text."""
    typed_orgs: list[OrgRows] = []
    tally: Counter[str] = Counter()
    dates = 0
    for org in orgs:
        rng = random.Random(f"messy:{seed}:{org.organisation.org_code}")
        messiness = typing.messiness(rng) if isinstance(typing, Habits) else typing
        typed = messy_submission(org, rng, messiness)
        tally += typed.tally
        for spec, rows in ((layout.MEMBERS, org.members), (layout.EVENTS, org.events)):
            keys = [f.key for f in spec.fields if f.kind == "date"]
            dates += sum(1 for row in rows for k in keys if isinstance(row.get(k), dt.date))
        t = typed.rows
        typed_orgs.append(replace(org, members=t.members, events=t.events, years=t.years))
    typing_found = {
        "retyped_cells": dict(sorted(tally.items())),
        "date_cells_as_text": round(tally["norm.date_text"] / dates, 4) if dates else 0.0,
    }
    return typed_orgs, typing_found


def _write_built(
    spec: DatasetSpec,
    seed: int,
    root: Path,
    subs: Path,
    log: Callable[[str], None],
    typing: dict[str, Any],
) -> tuple[Path, int, str]:
    """A city or province built with `build_orgs`: the registry and the submissions (retyped
    when the dataset is messy; what was retyped goes into `typing`)."""
    from toolkit.outputs.registry_file import write_registry

    started = time.perf_counter()
    orgs = build_orgs(spec, seed)
    log(f"{spec.name}: built {len(orgs)} organisations in {time.perf_counter() - started:.1f} s")
    if spec.typing is not None:
        orgs, found = messy_orgs(orgs, spec.typing, seed)
        typing.update(found)
        log(f"{spec.name}: retyped {sum(found['retyped_cells'].values()):,} cells ({found['retyped_cells']})")
    registry_path = write_registry(Registry([o.organisation for o in orgs]), root / REGISTRY_FILENAME)
    if len(orgs) == 1 and spec.members > 20_000:
        from toolkit.outputs.template import submission_filename

        write_large(orgs[0], subs / submission_filename(orgs[0].organisation))
    else:
        write_small(orgs, subs)
    source = "benchmarks.generate.build_orgs" + (" + messy_orgs" if spec.typing is not None else "")
    return registry_path, sum(len(o.members) for o in orgs), source


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("datasets", nargs="*", metavar="DATASET", help=f"any of {', '.join(DATASETS)}")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="regenerate even when up to date")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    unknown = [d for d in args.datasets if d not in DATASETS]
    if unknown:
        parser.error(f"unknown dataset(s): {', '.join(unknown)}")
    for name in args.datasets or [n for n, d in DATASETS.items() if d.in_full_run]:
        generate(name, args.data_dir, seed=args.seed, force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
