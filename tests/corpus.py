"""Generators of the hostile corpus (issue 7): broken, huge, strange and malicious submissions.

Everything is generated here, nothing is committed as a binary. Valid submissions come from
the shared sample generator (`toolkit.sample`) written through the real template; hostile
variants are made by editing such a package or by writing the zip container by hand
(`tests/ooxml_hostile.py`), so a bomb can be small on disk and even lie about its sizes.

`build_corpus(folder)` writes one folder holding every item next to clean submissions and
returns a `Corpus` that says, for each file, what the toolkit should make of it, plus every
personal value (names, birth dates) the files hold, so tests can look for leaks
(`tests/hostile_run.py` looks into the outputs and runs the command line).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

from ooxml_hostile import (
    BILLION_LAUGHS,
    XXE,
    OoxmlPackage,
    bulk_member_rows,
    csv_renamed,
    encrypted,
    lock_files,
    old_xls,
    package_with_bomb,
    random_bytes,
    wide_header,
    wide_member_rows,
    with_number,
    with_shared_strings,
    with_vba,
)
from openpyxl import load_workbook
from openpyxl.styles import Font

from toolkit.core import layout, vocab
from toolkit.core.model import Organisation, Registry
from toolkit.sample.messy import legacy_writable, nfd, to_tcvn3, to_vni
from toolkit.sample.names import NameSource
from toolkit.sample.org import leaver_event, org_rows
from toolkit.sample.rows import Cards, Period, SubmissionRows, info_row, number_rows

CUTOFF = dt.date(2026, 3, 31)
PERIOD_START = dt.date(2025, 1, 1)
PERIOD = Period(PERIOD_START, CUTOFF)
GIB = 1 << 30
FUTURE_BIRTH_DATE = dt.date(2030, 5, 17)  # a birth date after the cut-off: an error whose value is personal


# Strings that a spreadsheet would run as formulas if they were written as formulas.
FORMULA_LIKE = (
    '=HYPERLINK("http://evil.example/x","bấm vào đây")',
    "+1",
    "-1",
    "@SUM(A1)",
    "=1+1",
    "+84 912 345 678",
    "-12/QĐ-ĐU",
    '=cmd|" /C calc"!A0',
)

Expect = Literal["consolidated", "excluded", "skipped"]


# --------------------------------------------------------------------------------------------
# Valid content (made by the shared sample generator, toolkit.sample)
# --------------------------------------------------------------------------------------------


def info_for(org_code: str, org_name: str | None = None) -> dict[str, Any]:
    """`Thông tin` of a corpus submission: no personal value (the secretary is a placeholder)."""
    organisation = Organisation(
        org_code,
        org_name or f"Chi bộ Tổ dân phố số {org_code[-2:]}",
        "chi_bo_truc_thuoc",
        "to_dan_pho",
        secretary="Bí thư thử nghiệm",
    )
    return info_row(organisation, PERIOD)


def clean_content(
    org_code: str, names: NameSource, n_members: int = 4, seed: int = 0, org_name: str | None = None
) -> SubmissionRows:
    """A submission without any issue, from the shared sample generator: `n_members` members
    (full members at these sizes) and at least one change (a member who died)."""
    rng = random.Random(f"{org_code}-{seed}")
    org = org_rows(
        rng,
        names,
        Cards(f"{org_code}-"),
        PERIOD,
        code=org_code,
        name=org_name or org_code,
        sector="to_dan_pho",
        size=n_members,
    )
    died = leaver_event(rng, names, PERIOD, "died", age=rng.randint(80, 95))
    events = number_rows(sorted([*org.events, died], key=lambda e: (e["event_date"], e["full_name"])))
    return SubmissionRows(info_for(org_code, org_name), org.members, events, org.years)


def submission_bytes(content: SubmissionRows, scratch: Path) -> bytes:
    path = content.write(scratch / f"_scratch_{content.info['org_code']}.xlsx")
    data = path.read_bytes()
    path.unlink()
    return data


# --------------------------------------------------------------------------------------------
# Corpus items
# --------------------------------------------------------------------------------------------


@dataclass
class Item:
    """One file of the corpus and what the toolkit must make of it."""

    name: str
    kind: str  # short id of the hostile feature
    expect: Expect
    org_code: str | None = None
    note: str = ""


@dataclass
class Corpus:
    root: Path
    items: dict[str, Item] = field(default_factory=dict)  # by file name
    people: list[tuple[str, dt.date]] = field(default_factory=list)  # every (name, birth date) written
    registry: Registry | None = None
    members_by_org: dict[str, int] = field(default_factory=dict)  # expected roll of consolidated orgs

    def add(self, item: Item) -> Item:
        self.items[item.name] = item
        return item

    def path(self, name: str) -> Path:
        return self.root / name

    def by_kind(self, kind: str) -> Item:
        return next(i for i in self.items.values() if i.kind == kind)

    def expecting(self, expect: Expect) -> list[Item]:
        return [i for i in self.items.values() if i.expect == expect]

    def hashes(self) -> dict[str, str]:
        return tree_hashes(self.root)


def tree_hashes(root: Path) -> dict[str, str]:
    """sha256 of every file under `root` (relative path → hex digest)."""
    out: dict[str, str] = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h = hashlib.sha256()
            with open(p, "rb") as fh:
                for block in iter(lambda fh=fh: fh.read(1 << 20), b""):
                    h.update(block)
            out[str(p.relative_to(root))] = h.hexdigest()
    return out


# --------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------


def _patch_openpyxl(path: Path, edit: Callable[[Any], None]) -> None:
    wb = load_workbook(path)
    edit(wb)
    wb.save(path)


class _Builder:
    """Writes the items of the corpus into one folder and records what each should give."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.scratch = root.parent / f"{root.name}-scratch"
        self.scratch.mkdir(exist_ok=True)
        self.corpus = Corpus(root)
        self.names = NameSource()
        self.orgs: list[Organisation] = []

    def org(self, code: str, name: str | None = None) -> str:
        """Register an organisation (every corpus file has its row in the registry)."""
        targets = {2025: 1, 2026: 1}
        self.orgs.append(
            Organisation(code, name or f"Chi bộ {code}", "chi_bo_truc_thuoc", "to_dan_pho", targets=targets)
        )
        return code

    def content(self, code: str, n_members: int = 4, **kwargs: Any) -> SubmissionRows:
        """Clean content whose people are recorded for the leak searches."""
        content = clean_content(code, self.names, n_members=n_members, **kwargs)
        self.corpus.people.extend(content.people)
        return content

    def package(self, content: SubmissionRows) -> OoxmlPackage:
        return OoxmlPackage(submission_bytes(content, self.scratch))

    def add_bytes(
        self, name: str, data: bytes, kind: str, expect: Expect, code: str | None = None, note: str = ""
    ) -> None:
        (self.root / name).write_bytes(data)
        self.corpus.add(Item(name, kind, expect, code, note))

    def add_written(
        self, content: SubmissionRows, name: str, kind: str, expect: Expect, code: str, note: str = ""
    ) -> Path:
        """Write `content` as file `name`; a consolidated organisation expects its whole roll."""
        path = content.write(self.root / name)
        self.corpus.add(Item(name, kind, expect, code, note))
        if expect == "consolidated":
            self.corpus.members_by_org[code] = len(content.members)
        return path

    def finish(self) -> Corpus:
        self.orgs.append(Organisation("T99", "Chi bộ chưa nộp", "chi_bo_truc_thuoc", "to_dan_pho"))
        self.corpus.registry = Registry(self.orgs)
        for p in self.scratch.iterdir():
            p.unlink()
        self.scratch.rmdir()
        return self.corpus


def build_corpus(root: Path, *, bulk_rows: int = 200_000, bomb_size: int = GIB) -> Corpus:
    """Write every item of issue 7 into `root` (flat) and describe it."""
    root.mkdir(parents=True, exist_ok=True)
    b = _Builder(root)
    _clean_and_lock_files(b)
    _broken_files(b)
    _bombs_and_macros(b, bomb_size)
    _huge_files(b, bulk_rows)
    _hidden_and_merged(b)
    _formulas(b)
    _unicode_and_legacy_text(b)
    _formula_like_strings(b)
    _personal_and_odd_values(b)
    return b.finish()


def _clean_and_lock_files(b: _Builder) -> None:
    """Clean submissions (consolidated whatever sits next to them) and office lock files."""
    for i in (1, 2, 3):
        code = b.org(f"T{i:02d}")
        b.add_written(
            b.content(code, n_members=3 + i), f"{code}_sach.xlsx", f"clean{i}", "consolidated", code
        )
    for name, data in lock_files("T01_sach.xlsx").items():
        b.add_bytes(name, data, "lock_file" if name.startswith("~$") else "lo_lock_file", "skipped")


def _broken_files(b: _Builder) -> None:
    """Files that are no submission at all: random, empty, cut, CSV, encrypted, old .xls."""
    base = b.content(b.org("T90"), n_members=3)
    base_bytes = submission_bytes(base, b.scratch)
    b.add_bytes("rac.xlsx", random_bytes(7, 20_000), "random_bytes", "excluded")
    b.add_bytes("rac_pk.xlsx", b"PK\x03\x04" + random_bytes(8, 5_000), "random_zip_magic", "excluded")
    b.add_bytes("rong.xlsx", b"", "empty_file", "excluded")
    b.add_bytes("cat_ngang.xlsx", base_bytes[: len(base_bytes) * 2 // 3], "truncated", "excluded")
    b.add_bytes("csv_doi_ten.xlsx", csv_renamed(base), "csv_renamed", "excluded")
    b.add_bytes("mat_khau.xlsx", encrypted(base_bytes), "password", "excluded")
    b.add_bytes("mau_cu.xls", old_xls(), "old_xls", "excluded")


def _bombs_and_macros(b: _Builder, bomb_size: int) -> None:
    """A macro that would run a command, zip bombs (one lying about its size), an entity bomb
    and an external entity."""
    code = b.org("T04")
    macro = b.content(code)
    note = "macros are a warning: never run, never copied"
    b.add_bytes("T04_macro.xlsm", with_vba(b.package(macro)), "vba", "consolidated", code, note)
    b.corpus.members_by_org[code] = len(macro.members)
    for code, lie, fname in (("T05", False, "T05_bom_zip.xlsx"), ("T06", True, "T06_bom_zip_noi_doi.xlsx")):
        pkg = b.package(b.content(b.org(code)))
        bomb = package_with_bomb(pkg, layout.SHEET_MEMBERS, bomb_size, lie)
        b.add_bytes(fname, bomb, "zip_bomb_lying" if lie else "zip_bomb", "excluded", code)
    for code, sst, fname, kind in (
        ("T07", BILLION_LAUGHS, "T07_bom_xml.xlsx", "entity_bomb"),
        ("T19", XXE, "T19_xxe.xlsx", "external_entity"),
    ):
        pkg = b.package(b.content(b.org(code)))
        b.add_bytes(fname, with_shared_strings(pkg, sst), kind, "excluded", code)


def _huge_files(b: _Builder, bulk_rows: int) -> None:
    """200,000 rows and 16,384 columns: the outcome (refused as too large, or read) is the
    toolkit's choice; the guarantees (no crash, bounded memory, clear issue) are not."""
    content = clean_content(b.org("T08"), b.names, n_members=1)
    pkg = b.package(content)
    styles = pkg.cell_styles(layout.SHEET_MEMBERS)
    pkg.replace_sheet_data(layout.SHEET_MEMBERS, "".join(bulk_member_rows("T08", bulk_rows, styles)))
    pkg.replace_sheet_data(layout.SHEET_YEARS, "")
    note = "or refused as too large"
    b.add_bytes("T08_200000_dong.xlsx", pkg.to_bytes(), "rows_200k", "consolidated", "T08", note)

    content = b.content(b.org("T09"))
    pkg = b.package(content)
    part = pkg.sheet_part(layout.SHEET_MEMBERS)
    xml = pkg.text(part)
    inner = re.search(r"<sheetData>(.*?)</sheetData>", xml, flags=re.S).group(1)  # type: ignore[union-attr]
    header = re.match(r'<row r="1"[^>]*>.*?</row>', inner, flags=re.S).group(0)  # type: ignore[union-attr]
    body = wide_member_rows(len(content.members), styles, inner[len(header) :])
    xml = xml.replace(inner, wide_header(header) + body)
    xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD5"/>', xml)
    pkg.set_text(part, xml)
    b.add_bytes("T09_16384_cot.xlsx", pkg.to_bytes(), "cols_16384", "consolidated", "T09", "or refused")


def _hidden_and_merged(b: _Builder) -> None:
    """A hidden sheet with data and hidden rows with members on the roll; merged cells in the
    data area (the merged-away cells are empty)."""
    code = b.org("T10")
    path = b.add_written(
        b.content(code, n_members=5), "T10_an.xlsx", "hidden", "consolidated", code,
        "hidden rows are members on the roll",
    )  # fmt: skip
    decoy = [b.names.name("female") for _ in range(3)]
    b.corpus.people.extend((n, dt.date(1970, 1, 1 + i)) for i, n in enumerate(decoy))

    def hide(wb: Any) -> None:
        ws = wb.create_sheet("Danh sách cũ")
        ws.append(list(layout.MEMBERS.headers))
        for i, n in enumerate(decoy):
            ws.append([i + 1, n, dt.date(1970, 1, 1 + i)])
        ws.sheet_state = "hidden"
        members = wb[layout.SHEET_MEMBERS]
        members.row_dimensions[3].hidden = True
        members.row_dimensions[5].hidden = True
        wb[layout.SHEET_EVENTS].sheet_state = "hidden"

    _patch_openpyxl(path, hide)

    code = b.org("T11")
    gender_col = layout.MEMBERS.letter("gender")
    note = f"required gender missing at {gender_col}4"
    path = b.add_written(b.content(code), "T11_gop_o.xlsx", "merged", "excluded", code, note)
    _patch_openpyxl(path, lambda wb: wb[layout.SHEET_MEMBERS].merge_cells(f"{gender_col}3:{gender_col}4"))


def _formula_rows(inner: str, cached: bool) -> str:
    """The member rows with STT as `ROW()-1` and the first professional level as a formula,
    with their cached values or without (never calculated)."""
    body = inner[re.match(r'<row r="1"[^>]*>.*?</row>', inner, flags=re.S).end() :]  # type: ignore[union-attr]
    a = layout.MEMBERS.letter("row_no")
    p = layout.MEMBERS.letter("prof_level")

    def row_no(m: re.Match[str]) -> str:
        r = m.group(1)
        v = f"<v>{int(r) - 1}</v>" if cached else ""
        return f'<c r="{a}{r}"><f>ROW()-1</f>{v}</c>'

    body = re.sub(rf'<c r="{a}(\d+)"[^>]*><v>\d+</v></c>', row_no, body)
    label = vocab.PROF_LEVEL.label("university")
    v = f"<v>{escape(label)}</v>" if cached else ""
    return re.sub(
        rf'<c r="{p}2"([^>]*?) t="inlineStr"><is><t[^>]*>[^<]*</t></is></c>',
        lambda m: f'<c r="{p}2"{m.group(1)} t="str"><f>"{escape(label)}"</f>{v}</c>',
        body,
    )


def _formulas(b: _Builder) -> None:
    """Formulas with cached values (Excel saved them) and without (never calculated)."""
    for code, cached, fname in (
        ("T12", True, "T12_cong_thuc.xlsx"),
        ("T13", False, "T13_cong_thuc_trong.xlsx"),
    ):
        content = b.content(b.org(code), n_members=3)
        pkg = b.package(content)
        pkg.replace_sheet_data(
            layout.SHEET_MEMBERS, lambda inner, cached=cached: _formula_rows(inner, cached)
        )
        kind, expect = ("formula_cached", "consolidated") if cached else ("formula_uncached", "excluded")
        b.add_bytes(fname, pkg.to_bytes(), kind, expect, code)  # type: ignore[arg-type]
        if cached:
            b.corpus.members_by_org[code] = len(content.members)


def _unicode_and_legacy_text(b: _Builder) -> None:
    """NFD text everywhere (what macOS and some web forms produce); TCVN3 (.VnTime) and VNI
    (VNI-Times) text with the matching fonts."""
    code = b.org("T14")
    content = b.content(code, org_name="Chi bộ Khu phố Đông Hòa")
    decomposed = SubmissionRows(
        {k: nfd(v) if isinstance(v, str) else v for k, v in content.info.items()},
        [
            {k: (nfd(_label(k, v)) if isinstance(v, str) else v) for k, v in r.items()}
            for r in content.members
        ],
        [
            {k: (nfd(_label(k, v, events=True)) if isinstance(v, str) else v) for k, v in r.items()}
            for r in content.events
        ],
        content.years,
    )
    b.add_written(decomposed, "T14_nfd.xlsx", "nfd", "consolidated", code)

    text_cols = [f.key for f in layout.MEMBERS.fields if f.kind in ("text", "category")]
    for code, enc, font, fname in (
        ("T15", to_tcvn3, ".VnTime", "T15_tcvn3.xlsx"),
        ("T16", to_vni, "VNI-Times", "T16_vni.xlsx"),
    ):
        content = legacy_content(b.org(code))
        b.corpus.people.extend(content.people)
        members = [
            {k: (enc(_label(k, v)) if isinstance(v, str) and k != "card_no" else v) for k, v in r.items()}
            for r in content.members
        ]
        encoded = SubmissionRows(content.info, members, content.events, content.years)
        path = b.add_written(encoded, fname, enc.__name__, "consolidated", code)

        def set_font(wb: Any, font: str = font, n: int = len(members)) -> None:
            ws = wb[layout.SHEET_MEMBERS]
            for r in range(2, 2 + n):
                for key in text_cols:
                    ws[f"{layout.MEMBERS.letter(key)}{r}"].font = Font(name=font, size=13)

        _patch_openpyxl(path, set_font)


def _formula_like_strings(b: _Builder) -> None:
    """Strings that would be formulas, in names, notes, organisation name, phone, decisions
    (the file itself is named like a formula too), and formula-like invalid categories (echoed
    in Kiểm tra)."""
    code = b.org("T17", FORMULA_LIKE[4])
    content = b.content(code, org_name=FORMULA_LIKE[4])
    content.info["phone"] = FORMULA_LIKE[5]
    content.info["secretary"] = FORMULA_LIKE[3]
    content.members[0]["full_name"] = FORMULA_LIKE[0]
    content.members[1]["note"] = FORMULA_LIKE[1]
    content.members[2]["note"] = FORMULA_LIKE[2]
    content.members[3]["note"] = FORMULA_LIKE[7]
    content.events[0]["decision_no"] = FORMULA_LIKE[6]
    b.corpus.people.append((FORMULA_LIKE[0], content.members[0]["birth_date"]))
    b.add_written(content, "=T17+1.xlsx", "formula_strings", "consolidated", code)

    code = b.org("T20")
    content = b.content(code, n_members=3)
    content.members[0]["gender"] = FORMULA_LIKE[0]
    content.members[1]["occupation"] = FORMULA_LIKE[3]
    b.add_written(content, "T20_gia_tri_la.xlsx", "formula_category", "excluded", code)


def _personal_and_odd_values(b: _Builder) -> None:
    """Errors whose offending values are personal data (a birth date, a duplicated person:
    `Kiểm tra` shows them unless --no-personal-data), a date cell holding a huge negative
    number (calamine panics turning it into a date), and two files for one organisation."""
    code = b.org("T21")
    content = b.content(code)
    content.members[0]["birth_date"] = FUTURE_BIRTH_DATE
    content.members[3].update(
        full_name=content.members[2]["full_name"], birth_date=content.members[2]["birth_date"]
    )
    b.corpus.people.append((content.members[0]["full_name"], FUTURE_BIRTH_DATE))
    b.add_written(content, "T21_du_lieu_ca_nhan.xlsx", "personal_values", "excluded", code)

    code = b.org("T22")
    negative = with_number(b.package(b.content(code, n_members=3)), layout.SHEET_MEMBERS, "C2", -(10**12))
    b.add_bytes("T22_ngay_am.xlsx", negative, "negative_date", "excluded", code)

    code = b.org("T18")
    for suffix in ("a", "b"):
        content = b.content(code, n_members=3, seed=ord(suffix))
        b.add_written(content, f"T18_{suffix}.xlsx", f"duplicate_org_{suffix}", "excluded", code)


_EVENT_CATEGORY_KEYS = {f.key for f in layout.EVENTS.fields if f.kind == "category"}
_MEMBER_CATEGORY = {f.key: f.vocab for f in layout.MEMBERS.fields if f.vocab is not None}
_EVENT_CATEGORY = {f.key: f.vocab for f in layout.EVENTS.fields if f.vocab is not None}


def _label(key: str, value: str, events: bool = False) -> str:
    """A category code as its label (so it can be re-encoded); other text unchanged."""
    voc = (_EVENT_CATEGORY if events else _MEMBER_CATEGORY).get(key)
    if voc is not None and value in voc.codes:
        return voc.label(value)
    return value


def legacy_content(org_code: str) -> SubmissionRows:
    """A submission whose names and categories can all be written in TCVN3 and VNI (names from
    a source of their own that only gives such names)."""
    names = NameSource(f"legacy-{org_code}", accept=legacy_writable)
    content = clean_content(org_code, names, n_members=5)
    for row in content.members:
        row.update(prof_level="university", note="Ghi chú")
    return content


def personal_strings(people: Sequence[tuple[str, dt.date]]) -> list[str]:
    """Every form in which a name or birth date could leak into an output."""
    out: set[str] = set()
    for name, birth in people:
        out.add(name)
        out.add(birth.strftime("%d/%m/%Y"))
        out.add(birth.isoformat())
    return sorted(out)


# --------------------------------------------------------------------------------------------
# One corpus per test session, shared by the hostile test modules
# --------------------------------------------------------------------------------------------

_SESSION: dict[str, Any] = {}


def session_corpus(tmp_path_factory: Any) -> Corpus:
    """The full corpus, built once per test process whichever module asks first."""
    if "corpus" not in _SESSION:
        _SESSION["corpus"] = build_corpus(tmp_path_factory.mktemp("hostile") / "nop")
    return _SESSION["corpus"]


def session_cached(key: str, make: Callable[[], Any]) -> Any:
    """Any other expensive value computed once per test process (e.g. CLI runs on the corpus)."""
    if key not in _SESSION:
        _SESSION[key] = make()
    return _SESSION[key]
