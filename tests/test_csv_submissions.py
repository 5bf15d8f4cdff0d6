"""A submission saved as CSV ("Lưu thành → CSV", LibreOffice's "Text CSV"): a folder used to pass
over every .csv in silence, so the organisation was only "chưa nộp" and nothing named the file.
Now a .csv among the submissions is taken and refused by reading (`file.csv`, with how to save
the workbook as .xlsx), and its organisation is excluded with that reason, as for an .ods or an
.xls. The one .csv that belongs there is the ward registry: it is known by its header row (the
`Mã tổ chức` and `Tên tổ chức đảng` headers in one row) and left out, whatever its delimiter,
and also in Windows' Vietnamese code page. A .csv that is a workbook under another name is read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path

import pytest
from libreoffice import convert

from tests.helpers_sample import sample_orgs
from toolkit.core.model import Registry
from toolkit.io.discover import discover, unread_entries
from toolkit.io.reader import read_submission
from toolkit.io.registry import is_registry_csv, read_registry
from toolkit.outputs.registry_file import write_registry
from toolkit.pipeline import consolidate
from toolkit.sample.rows import Period

PERIOD = Period(dt.date(2025, 1, 1), dt.date(2026, 3, 31))


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """`text` in Windows' Vietnamese code page, as Windows writes it: a letter it has no
    character for as the letter without its tone, then the tone as a combining mark."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in _TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += (base + tones).encode("cp1258")
    return out


def _csv(rows: list[list[str]], *, delimiter: str = ",", cp1258: bool = False) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return _cp1258(buf.getvalue()) if cp1258 else buf.getvalue().encode("utf-8-sig")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Registry]:
    base = tmp_path_factory.mktemp("csv")
    nop = base / "nop"
    nop.mkdir()
    orgs = sample_orgs(45, [6, 7, 5, 4], PERIOD)
    registry = Registry([o.organisation for o in orgs])
    s01, s02, s03, s04 = (o.organisation.org_code for o in orgs)
    orgs[0].write(nop / f"{s01}_chi_bo.xlsx")
    # S02 saved its filled workbook as CSV with LibreOffice (File → Save As → Text CSV).
    (filled,) = [orgs[1].write(base / f"{s02}_chi_bo.xlsx")]
    (saved,) = convert([filled], "csv", base / "lo")
    saved.rename(nop / f"{s02}_chi_bo.csv")
    # S03 saved its `Thông tin` sheet alone: labels down column A (`Mã tổ chức`, `Tên tổ chức
    # đảng`…), which a registry has across its header row.
    (nop / f"{s03}_thong_tin.csv").write_bytes(
        _csv([["Mã tổ chức", s03], ["Tên tổ chức đảng", "Chi bộ mẫu S số 3"], ["Cấp tổ chức", ""]])
    )
    # S04's workbook, named .csv by mistake: a workbook, read as one.
    orgs[3].write(base / "s04.xlsx").rename(nop / f"{s04}.csv")
    # The registry beside the submissions, as ward-stats writes it, and as a clerk's Excel saves
    # it on a computer set to Vietnamese (semicolons, Windows code page 1258).
    write_registry(registry, nop / "danh_muc_to_chuc.csv")
    table = [["Mã tổ chức", "Tên tổ chức đảng", "Cấp tổ chức", "Khối", "Bí thư"]]
    table += [[o.org_code, o.org_name, "", "", ""] for o in registry.organisations]
    (nop / "danh_muc_cu.csv").write_bytes(
        _csv([["DANH MỤC TỔ CHỨC"], [], *table], delimiter=";", cp1258=True)
    )
    return nop, registry


def test_the_folder_gives_every_csv_but_the_registry(folder: tuple[Path, Registry]) -> None:
    nop, _ = folder
    assert sorted(p.name for p in discover([nop])) == [
        "S01_chi_bo.xlsx",
        "S02_chi_bo.csv",
        "S03_thong_tin.csv",
        "S04.csv",
    ]


def test_the_registries_are_known_by_their_header_row(folder: tuple[Path, Registry]) -> None:
    nop, registry = folder
    assert is_registry_csv(nop / "danh_muc_to_chuc.csv") and is_registry_csv(nop / "danh_muc_cu.csv")
    assert not is_registry_csv(nop / "S02_chi_bo.csv") and not is_registry_csv(nop / "S03_thong_tin.csv")
    # The registry left out is the one `--registry` reads.
    assert [o.org_code for o in read_registry(nop / "danh_muc_to_chuc.csv").organisations] == [
        o.org_code for o in registry.organisations
    ]


def test_a_csv_is_refused_with_how_to_save_it_as_xlsx(folder: tuple[Path, Registry]) -> None:
    nop, _ = folder
    sub = read_submission(nop / "S02_chi_bo.csv")
    assert not sub.readable
    (issue,) = sub.issues
    assert (issue.code, issue.severity, issue.file) == ("file.csv", "error", "S02_chi_bo.csv")
    assert issue.message.startswith("Tệp được lưu dạng văn bản CSV (.csv)")
    assert "“Sổ làm việc Excel (.xlsx)”" in issue.message


def test_each_organisation_is_consolidated_or_excluded_with_its_reason(folder: tuple[Path, Registry]) -> None:
    nop, registry = folder
    result = consolidate([nop], cutoff=PERIOD.cutoff, since=PERIOD.start, registry=registry)
    status = {o.org_code: o.status for o in result.organisations}
    assert status == {"S01": "consolidated", "S02": "excluded", "S03": "excluded", "S04": "consolidated"}
    reasons = {o.org_code: o.reason or "" for o in result.organisations}
    assert "S02_chi_bo.csv không dùng được: Tệp được lưu dạng văn bản CSV (.csv)" in reasons["S02"]
    assert "S03_thong_tin.csv không dùng được" in reasons["S03"]
    assert not [i for i in result.issues if i.code == "org.missing"]
    assert not [i for i in result.issues if (i.file or "").startswith("danh_muc")]


def test_a_csv_of_no_organisation_is_an_unknown_file(tmp_path: Path) -> None:
    """Not left unsaid either: a table in the folder of submissions that no one can read."""
    (org,) = sample_orgs(46, [5], PERIOD)
    org.write(tmp_path / "S01.xlsx")
    (tmp_path / "bao_cao_cu.csv").write_bytes(
        _csv([["Họ và tên", "Ngày sinh"], ["Nguyễn Văn A", "1/1/1970"]])
    )
    result = consolidate(
        [tmp_path], cutoff=PERIOD.cutoff, since=PERIOD.start, registry=Registry([org.organisation])
    )
    assert {o.org_code: o.status for o in result.organisations} == {"S01": "consolidated"}
    assert ("file.csv", "bao_cao_cu.csv") in {(i.code, i.file) for i in result.issues}


def test_lock_and_hidden_csv_files_are_not_taken(tmp_path: Path) -> None:
    (tmp_path / ".~lock.HD01.csv#").write_bytes(b"x")
    (tmp_path / ".HD01.csv").write_bytes(b"x")
    (tmp_path / "~$HD01.csv").write_bytes(b"x")
    assert discover([tmp_path]) == []


def test_csv_files_in_a_sub_folder_are_not_counted(tmp_path: Path) -> None:
    """A sub-folder (or a .zip) is said when it holds spreadsheets; a .csv there is most often
    a registry or an export kept aside, and opening every one of them at any depth is not done."""
    (tmp_path / "cu").mkdir()
    (tmp_path / "cu" / "HD01.csv").write_bytes(_csv([["a"]]))
    assert unread_entries([tmp_path]) == []
