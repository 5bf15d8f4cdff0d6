"""hunt249 F3: `Nguồn số liệu` showed each file's organisation name as typed in its `Thông tin`
(a secretary's note such as "Chi bộ Tổ dân phố số 5 (Bí thư Lê Văn A)", a person's name in it),
while the JSON, the history and every other sheet name the organisation by the registry. An
aggregate output carries no such note: the registry's name is shown when the organisation is in
the registry, the name typed in the file only when it is not. Real workbooks of the template
(generated organisations), the real pipeline and writers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import openpyxl

from tests.helpers_sample import sample_orgs
from toolkit.core.model import Registry
from toolkit.outputs.publish import prepare, write_outputs
from toolkit.outputs.sheets import SHEET_SOURCES
from toolkit.pipeline import consolidate
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
MARKER = "Bí thư Zzyzx Markerson"


def _cells(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    return [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]


def _run(tmp_path: Path, registered: bool) -> tuple[Path, Path, str]:
    orgs = sample_orgs(52, [6, 5], PERIOD, prefix="N")
    noted = orgs[0]
    official = noted.organisation.org_name
    typed = f"{official} ({MARKER})"
    orgs[0] = dataclasses.replace(noted, info={**noted.info, "org_name": typed})
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    for org in orgs:
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    registry = Registry([o.organisation for o in orgs]) if registered else None
    result = consolidate(
        [folder],
        cutoff=PERIOD.cutoff,
        since=PERIOD.start,
        registry=registry,
        ward_name="Phường Thử",
        while_reading=prepare,
    )
    out = tmp_path / "tong_hop.xlsx"
    write_outputs(result, out, out.with_suffix(".json"))
    return out, out.with_suffix(".json"), official


def test_the_sources_sheet_names_a_registered_organisation_by_the_registry(tmp_path: Path) -> None:
    out, summary, official = _run(tmp_path, registered=True)
    assert not [c for c in _cells(out) if MARKER in c]  # in no sheet of the workbook
    assert MARKER not in summary.read_text(encoding="utf-8")
    rows = openpyxl.load_workbook(out, read_only=True)[SHEET_SOURCES].iter_rows(values_only=True)
    (row,) = [r for r in rows if r[0] == "N01.xlsx"]
    assert row[1:3] == ("N01", official)


def test_without_a_registry_the_name_typed_in_the_file_is_the_only_one(tmp_path: Path) -> None:
    out, _, official = _run(tmp_path, registered=False)
    rows = openpyxl.load_workbook(out, read_only=True)[SHEET_SOURCES].iter_rows(values_only=True)
    (row,) = [r for r in rows if r[0] == "N01.xlsx"]
    assert row[1:3] == ("N01", f"{official} ({MARKER})")
