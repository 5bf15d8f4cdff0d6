"""Builders of realistic submissions for the reader and validation tests.

`clean_info/clean_members/clean_events/clean_years` describe one organisation whose
submission passes every rule without a single warning; tests copy them and plant exactly one
defect. Workbooks are written through the real template (`toolkit.outputs.template.write_submission`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from toolkit.core.model import Issue
from toolkit.io.reader import read_submission
from toolkit.outputs.template import write_submission
from toolkit.validation import ValidationRun, validate_files

CUTOFF = dt.date(2026, 3, 31)
PERIOD_START = dt.date(2025, 1, 1)
TODAY = dt.date(2026, 4, 15)


def clean_info(**over: Any) -> dict[str, Any]:
    info = {
        "org_code": "CB07",
        "org_name": "Chi bộ Tổ dân phố số 7",
        "org_tier": "chi_bo_truc_thuoc",
        "sector": "to_dan_pho",
        "secretary": "Phạm Văn Bình",
        "phone": "0912345678",
        "cutoff_date": CUTOFF,
        "period_start": PERIOD_START,
        "prepared_by": "Lê Thị Hoa",
        "prepared_on": dt.date(2026, 4, 2),
    }
    info.update(over)
    return info


def member(**over: Any) -> dict[str, Any]:
    row = {
        "row_no": 1,
        "full_name": "Nguyễn Văn An",
        "birth_date": dt.date(1975, 5, 12),
        "gender": "male",
        "ethnicity": "01",
        "religion": "none",
        "card_no": "01234567",
        "admission_date": dt.date(2005, 3, 2),
        "official_date": dt.date(2006, 3, 2),
        "gen_edu": "upper_secondary",
        "prof_level": "university",
        "theory_level": "intermediate",
        "occupation": "commune_official",
        "exempt_from": None,
        "exempt_reason": None,
        "working_away": "no",
        "note": None,
    }
    row.update(over)
    return row


def numbered_member(code: str, i: int, name: str, **over: Any) -> dict[str, Any]:
    """The `i`-th retired member `name` of organisation `code` ("CB02"): a birth date, card
    number and admission of their own, told from every other organisation's and row's."""
    k = int(code[2:]) * 10 + i
    born = 1950 + k % 30
    return member(
        full_name=name,
        gender="female" if " Thị " in name else "male",
        birth_date=dt.date(born, 1 + k % 12, 1 + k % 27),
        card_no=f"{12345000 + k:08d}",
        admission_date=dt.date(born + 25, 3, 2),
        official_date=dt.date(born + 26, 3, 2),
        occupation="retired",
        theory_level="elementary",
        **over,
    )


def clean_members() -> list[dict[str, Any]]:
    return [
        member(),
        member(
            row_no=2,
            full_name="Trần Thị Hường",
            birth_date=dt.date(1982, 11, 3),
            gender="female",
            card_no="01234568",
            admission_date=dt.date(2010, 6, 10),
            official_date=dt.date(2011, 6, 10),
            occupation="public_employee",
            theory_level="elementary",
        ),
        member(
            row_no=3,
            full_name="Lê Văn Cường",
            birth_date=dt.date(1950, 1, 20),
            card_no="01234569",
            admission_date=dt.date(1975, 9, 1),
            official_date=dt.date(1976, 9, 1),
            occupation="retired",
            exempt_from=dt.date(2020, 1, 1),
            exempt_reason="old_age_ill_health",
            prof_level="college",
        ),
        member(
            row_no=4,
            full_name="Phạm Thị Dung",
            birth_date=dt.date(1990, 2, 14),
            gender="female",
            card_no="01234570",
            admission_date=dt.date(2015, 5, 19),
            official_date=dt.date(2016, 5, 19),
            occupation="production_worker",
            prof_level="master",
            theory_level="none",
        ),
        member(
            row_no=5,
            full_name="Hoàng Văn Em",
            birth_date=dt.date(2000, 8, 8),
            card_no=None,
            admission_date=dt.date(2025, 10, 1),
            official_date=None,
            occupation="other",
            prof_level="intermediate",
            theory_level="none",
        ),
    ]


def clean_events() -> list[dict[str, Any]]:
    return [
        {
            "row_no": 1,
            "full_name": "Hoàng Văn Em",
            "birth_date": dt.date(2000, 8, 8),
            "event_type": "admitted",
            "event_date": dt.date(2025, 10, 1),
            "decision_no": "125-QĐ/ĐU",
        },
        {
            "row_no": 2,
            "full_name": "Vũ Văn Phúc",
            "birth_date": dt.date(1940, 4, 4),
            "event_type": "died",
            "event_date": dt.date(2025, 7, 15),
        },
    ]


def others_events(rename: Callable[[str], str], *, days: int = 0) -> list[dict[str, Any]]:
    """The clean changes as another organisation's, whose members are the clean ones renamed by
    `rename` and born `days` later: its admission row still matches its admitted member, and
    no change is one person's in two files (`event.duplicate_other_file`). The dead member, on
    no roll, is renamed alike, or born a year later when that leaves them the same person."""
    out = []
    for e in clean_events():
        born = e["birth_date"] + dt.timedelta(days=days)
        row = {**e, "full_name": rename(e["full_name"]), "birth_date": born}
        if (row["full_name"], row["birth_date"]) == (e["full_name"], e["birth_date"]):
            row["birth_date"] = e["birth_date"].replace(year=e["birth_date"].year + 1)
        out.append(row)
    return out


def clean_years() -> list[dict[str, Any]]:
    return [
        {
            "year": 2025,
            "candidates_trained": 3,
            "new_members_trained": 1,
            "new_members_completed": 1,
            "rated_excellent": 0,
            "rated_good": 3,
            "rated_pass": 1,
            "rated_fail": 0,
            "not_rated": 1,  # the member exempted since 2020
        },
        {"year": 2026, "candidates_trained": 0, "new_members_trained": 0, "new_members_completed": 0},
    ]


def write(
    folder: Path,
    name: str = "CB07_chi_bo_to_dan_pho_so_7.xlsx",
    *,
    info: dict[str, Any] | None = None,
    members: list[dict[str, Any]] | None = None,
    events: list[dict[str, Any]] | None = None,
    years: list[dict[str, Any]] | None = None,
) -> Path:
    return write_submission(
        folder / name,
        info=info if info is not None else clean_info(),
        members=members if members is not None else clean_members(),
        events=events if events is not None else clean_events(),
        years=years if years is not None else clean_years(),
    )


def org_file(
    folder: Path,
    code: str,
    name: str,
    cutoff: dt.date,
    members: list[dict[str, Any]],
    events: Sequence[dict[str, Any]] = (),
    *,
    since: dt.date = PERIOD_START,
    prepared_days: int = 2,
    version: str = "2026.2",
) -> Path:
    """One organisation's clean file `folder/CODE.xlsx` for a period ending at `cutoff`, with
    these members and change rows (numbered here), prepared `prepared_days` after the cutoff."""
    folder.mkdir(parents=True, exist_ok=True)
    info = clean_info(
        org_code=code,
        org_name=name,
        secretary=f"Bí thư {code}",
        cutoff_date=cutoff,
        period_start=since,
        prepared_on=cutoff + dt.timedelta(days=prepared_days),
    )
    numbered = [{**m, "row_no": i} for i, m in enumerate(members, start=1)]
    rows = [{**e, "row_no": i} for i, e in enumerate(events, start=1)]
    path = folder / f"{code}.xlsx"
    write_submission(path, info=info, members=numbered, events=rows, version=version)
    return path


def run(*paths: Path, **kw: Any) -> ValidationRun:
    kw.setdefault("today", TODAY)
    return validate_files(list(paths), **kw)


def codes(issues: list[Issue]) -> list[str]:
    return [i.code for i in issues]


def only(issues: list[Issue], code: str) -> Issue:
    found = [i for i in issues if i.code == code]
    assert len(found) == 1, f"expected one {code}, got {codes(issues)}"
    return found[0]


def read_warnings(path: Path, code: str) -> list[Issue]:
    """The reader's `code` warnings on a clean list (every member still read), each in NFC."""
    sub = read_submission(path)
    assert sub.members is not None and len(sub.members) == len(clean_members())  # all read
    found = [i for i in sub.issues if i.code == code]
    assert all(i.severity == "warning" and unicodedata.is_normalized("NFC", i.message) for i in found)
    return found


def refuse_open(monkeypatch: Any, name: str) -> None:
    """The OS refuses to open files named `name` (open in another program, a cloud placeholder,
    no rights; Windows' sharing violation is a PermissionError): simulated, since the tests may
    run as root, for whom permissions do not stop a read."""
    import os

    real_open = os.open

    def refusing_open(file: str | os.PathLike[str], flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(file).name == name:
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)


def rewrite_zip(
    path: Path, change: Callable[[str, bytes], bytes | None], add: dict[str, bytes] | None = None
) -> None:
    """Rewrite the parts of an .xlsx in place: `change(name, data)` returns new bytes, or None to drop."""
    source = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = change(item.filename, zin.read(item.filename))
            if data is not None:
                zout.writestr(item.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    path.write_bytes(out.getvalue())


def sheet_part(path: Path, sheet: str) -> str:
    """The zip part holding a sheet (openpyxl numbers them in workbook order)."""
    from openpyxl import load_workbook

    names = load_workbook(path, read_only=True).sheetnames
    return f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"


def write_old(folder: Path, name: str = "CB07_chi_bo_to_dan_pho_so_7.xlsx", **kw: Any) -> Path:
    """`write` into the 2026.1 template: the same organisation as an older ward would send it
    (its occupations those of the old list; the columns new in 2026.2 do not exist there)."""
    from toolkit.core import layout
    from toolkit.sample.rows import OCCUPATION_AS_2026_1

    members = kw.pop("members", None)
    members = clean_members() if members is None else members
    old = [
        {**m, "occupation": OCCUPATION_AS_2026_1.get(m.get("occupation"), m.get("occupation"))}
        for m in members
    ]
    return write_submission(
        folder / name,
        info=kw.pop("info", None) or clean_info(),
        members=old,
        events=kw.pop("events", None) if "events" in kw else clean_events(),
        years=kw.pop("years", None) if "years" in kw else clean_years(),
        version=layout.VERSION_2026_1,
    )


def with_formulas(path: Path, sheet: str, formulas: dict[str, str]) -> Path:
    """Each existing number or date cell of `formulas` (ref → the `<f>` element, or its text)
    becomes that formula, keeping its style and its value as the cached result."""
    part = sheet_part(path, sheet)

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        xml = data.decode("utf-8")
        for ref, formula in formulas.items():
            f = formula if formula.startswith("<f") else f"<f>{escape(formula)}</f>"
            xml, n = re.subn(
                rf'<c r="{ref}"( s="\d+")?(?: t="n")?><v>([^<]*)</v></c>',
                lambda m, f=f, ref=ref: f'<c r="{ref}"{m.group(1) or ""}>{f}<v>{m.group(2)}</v></c>',
                xml,
                count=1,
            )
            assert n == 1, ref
        return xml.encode("utf-8")

    rewrite_zip(path, change)
    return path


def with_defined_names(path: Path, names: dict[str, str]) -> Path:
    """The workbook with these defined names (name → formula), as Excel's Name Manager adds them."""
    defined = "".join(f'<definedName name="{n}">{escape(f)}</definedName>' for n, f in names.items())

    def change(name: str, data: bytes) -> bytes:
        if name != "xl/workbook.xml":
            return data
        xml = data.decode("utf-8")
        if "<definedNames>" in xml:
            return xml.replace("<definedNames>", f"<definedNames>{defined}", 1).encode("utf-8")
        xml = re.sub(r"(</sheets>)", rf"\1<definedNames>{defined}</definedNames>", xml, count=1)
        return xml.encode("utf-8")

    rewrite_zip(path, change)
    return path


def typed(path: Path, sheet: str, cells: dict[str, object]) -> Path:
    """The file with these cells of `sheet` typed over (ref → value), as a secretary types them
    in Excel (openpyxl keeps the template's styles and validation)."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb[sheet][ref] = value
    wb.save(path)
    return path
