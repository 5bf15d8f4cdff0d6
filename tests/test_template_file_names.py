"""The code part of a template's file name kept only a-z and 0-9 of the code: ĐB01's template
was `B01_…` (HĐ02's `H_02_…`), so with B01 in the registry too an unreadable file of ĐB01 sent
back under its template's name was B01's ("bị loại" for ĐB01's file, ĐB01 "chưa nộp"). Đ is
now D and diacritics are dropped, as in the name's slug. Two organisations whose file names
still meet are refused with both codes and their registry rows named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core.model import Organisation, Registry
from toolkit.core.text import code_in_file_name, code_slug
from toolkit.io.registry import HEADERS, REGISTRY_SHEET
from toolkit.outputs.template import submission_filename
from toolkit.pipeline import consolidate
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000  # an .xls: refused, attributed by name


def _registry_file(tmp_path: Path, rows: list[list[str]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = REGISTRY_SHEET
    ws.append([HEADERS["org_code"], HEADERS["org_name"]])
    for row in rows:
        ws.append(row)
    path = tmp_path / "dm.xlsx"
    wb.save(path)
    return path


def test_the_code_in_a_file_name_keeps_d_for_đ() -> None:
    assert [code_slug(c) for c in ("ĐB01", "HĐ02", "ĐĐ", "CB-01")] == ["db01", "hd02", "dd", "cb_01"]
    db01 = Organisation("ĐB01", "Đảng bộ Trường học", None, None)
    assert submission_filename(db01) == "DB01_dang_bo_truong_hoc.xlsx"
    assert code_in_file_name("DB01_dang_bo_truong_hoc.xls", ["B01", "ĐB01"]) == "ĐB01"
    # Two codes of one slug: the one the name has as written.
    assert code_in_file_name("ĐB01_x.xlsx", ["DB01", "ĐB01"]) == "ĐB01"
    assert code_in_file_name("DB01_x.xlsx", ["ĐB01", "DB01"]) == "DB01"


def test_templates_of_đb01_and_b01_have_their_own_codes(tmp_path: Path) -> None:
    path = _registry_file(
        tmp_path, [["ĐB01", "Đảng bộ Trường học"], ["HĐ02", "Chi bộ Hội đồng"], ["B01", "Chi bộ Khu B"]]
    )
    out = tmp_path / "mau"
    result = CliRunner().invoke(main, ["template", "--registry", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "B01_chi_bo_khu_b.xlsx",
        "DB01_dang_bo_truong_hoc.xlsx",
        "HD02_chi_bo_hoi_dong.xlsx",
    ]


def test_an_unreadable_file_under_đb01s_template_name_is_đb01s(tmp_path: Path) -> None:
    (other,) = sample_orgs(48, [4], PERIOD)  # a file that is read: the run has one
    db01 = Organisation("ĐB01", "Đảng bộ Trường học", None, None)
    registry = Registry([other.organisation, Organisation("B01", "Chi bộ Khu B", None, None), db01])
    nop = tmp_path / "nop"
    nop.mkdir()
    other.write(nop / submission_filename(other.organisation))
    (nop / submission_filename(db01).replace(".xlsx", ".xls")).write_bytes(_OLE2)
    result = consolidate([nop], cutoff=PERIOD.cutoff, since=PERIOD.start, registry=registry)
    status = {o.org_code: o.status for o in result.organisations}
    assert status == {"S01": "consolidated", "B01": "missing", "ĐB01": "excluded"}


def test_two_codes_of_one_file_name_are_refused_naming_both_and_their_rows(tmp_path: Path) -> None:
    path = _registry_file(tmp_path, [["CB-01", "Chi bộ 1"], ["HD02", "Chi bộ 2"], ["CB 01", "Chi bộ 1"]])
    out = tmp_path / "mau"
    result = CliRunner().invoke(main, ["template", "--registry", str(path), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "mã “CB-01” ở dòng 2 và mã “CB 01” ở dòng 4" in result.output
    assert "“CB_01_chi_bo_1.xlsx”" in result.output
    assert not out.exists()


def test_db01_and_đb01_have_templates_sent_back_to_their_own(tmp_path: Path) -> None:
    """hunt111 E1: with DB01 and ĐB01 in the registry, ĐB01's template was `DB01_…`, the code
    as DB01 writes it: sent back unreadable it was DB01's broken file (ĐB01 "chưa nộp"), sent
    back readable it was said to carry another organisation's name. Of two codes of one slug,
    the file name has the code as written, which the attribution prefers."""
    (s01,) = sample_orgs(48, [4], PERIOD)
    db01 = Organisation("DB01", "Chi bộ Khu B", None, None)
    đb01 = Organisation("ĐB01", "Đảng bộ Trường học", None, None)
    codes = ["S01", "DB01", "ĐB01"]
    assert submission_filename(đb01, codes) == "ĐB01_dang_bo_truong_hoc.xlsx"
    assert submission_filename(db01, codes) == "DB01_chi_bo_khu_b.xlsx"
    assert (
        submission_filename(đb01, ["ĐB01", "B01"]) == "DB01_dang_bo_truong_hoc.xlsx"
    )  # no other of its slug
    path = _registry_file(
        tmp_path, [["S01", "Chi bộ S"], ["DB01", "Chi bộ Khu B"], ["ĐB01", "Đảng bộ Trường học"]]
    )
    out = tmp_path / "mau"
    result = CliRunner().invoke(main, ["template", "--registry", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in out.iterdir())
    assert made == ["DB01_chi_bo_khu_b.xlsx", "S01_chi_bo_s.xlsx", "ĐB01_dang_bo_truong_hoc.xlsx"]
    for name, code in (("DB01_chi_bo_khu_b.xlsx", "DB01"), ("ĐB01_dang_bo_truong_hoc.xlsx", "ĐB01")):
        assert code_in_file_name(name, codes) == code

    # ĐB01's template comes back damaged, under the name `template` gave it; DB01 sent nothing.
    registry = Registry([s01.organisation, db01, đb01])
    nop = tmp_path / "nop"
    nop.mkdir()
    s01.write(nop / submission_filename(s01.organisation, codes))
    (nop / submission_filename(đb01, codes).replace(".xlsx", ".xls")).write_bytes(_OLE2)
    done = consolidate([nop], cutoff=PERIOD.cutoff, since=PERIOD.start, registry=registry)
    assert {o.org_code: o.status for o in done.organisations} == {
        "S01": "consolidated",
        "DB01": "missing",
        "ĐB01": "excluded",
    }
