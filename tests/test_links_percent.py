"""Links to the submissions from folders and files whose names hold "%".

Downloaded folders and files are often named with "%20" (`bai%20nop`). XlsxWriter leaves a
link's path untouched once it holds a %XX sequence ("looks already escaped"), and Excel and
LibreOffice decode the stored path: the "Ô" links of the Kiểm tra sheet and of the work lists
opened `bai nop`, another path (hunt81 f2). Each link's stored target, decoded as a URI,
names the real submission; LibreOffice opens the same file.
"""

from __future__ import annotations

import re
import shutil
import urllib.parse
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from libreoffice import convert

from toolkit.cli import main
from toolkit.excel.copysheets import book_link

pytestmark = pytest.mark.slow  # the sample ward's 72 workbooks, and LibreOffice

FOLDER = "bai%20nop"
PERCENT_FILE = "a 100% b.xlsx"
WARNED = "HD44_"  # the demo's submission with a warning on a cell (a link in Kiểm tra)


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo ward with its submissions in `bai%20nop`, the warned one named `a 100% b.xlsx`."""
    base = tmp_path_factory.mktemp("percent")
    result = CliRunner().invoke(main, ["demo", str(base / "demo")])
    assert result.exit_code == 0, result.output
    folder = base / "phuong"
    shutil.copytree(base / "demo" / "nop", folder / FOLDER)
    shutil.copy2(base / "demo" / "danh_muc_to_chuc.xlsx", folder)
    (warned,) = (folder / FOLDER).glob(f"{WARNED}*.xlsx")
    warned.rename(warned.with_name(PERCENT_FILE))
    return folder


def _run(ward: Path, *args: str) -> None:
    options = ["--registry", str(ward / "danh_muc_to_chuc.xlsx"), "--cutoff", "31/03/2026"]
    result = CliRunner().invoke(main, [args[0], str(ward / FOLDER), *options, *args[1:]])
    assert result.exit_code in (0, 1), result.output


def _opened(workbook: Path) -> list[Path]:
    """The files the workbook's external links open: each relationship's target read as the URI
    reference it is (decoded once, backslashes as separators) from the workbook's folder. The
    buttons' copy of a sheet into the .xlsm (`book_link`) reads each alike."""
    opened = []
    with zipfile.ZipFile(workbook) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/_rels/"):
                rels = zf.read(name).decode("utf-8")
                for target in re.findall(r'Target="([^"]*)" TargetMode="External"', rels):
                    path = urllib.parse.unquote(target.replace("\\", "/"))
                    opened.append((workbook.parent / path).resolve())
                    assert Path(book_link(target, workbook)).resolve() == opened[-1]
    return opened


def test_the_issue_links_open_the_submission_in_a_percent_folder(ward: Path) -> None:
    workbook = ward / "kq.xlsx"
    _run(ward, "consolidate", "-o", str(workbook), "--no-history")
    opened = _opened(workbook)
    assert opened, "the demo's warning links to its cell"
    assert all(p.is_file() and p.parent == (ward / FOLDER).resolve() for p in opened), opened
    assert (ward / FOLDER / PERCENT_FILE).resolve() in opened
    # LibreOffice, which decodes the stored path as Excel does, opens the same file.
    saved = convert([workbook], "fods", ward / "lo")[0]
    hrefs = re.findall(r'xlink:href="([^"#]+\.xlsx)#', saved.read_text(encoding="utf-8"))
    assert hrefs
    for href in hrefs:
        target = (saved.parent / urllib.parse.unquote(href)).resolve()
        assert target.is_file() and target.parent == (ward / FOLDER).resolve(), href
    assert (ward / FOLDER / PERCENT_FILE).resolve() in {
        (saved.parent / urllib.parse.unquote(h)).resolve() for h in hrefs
    }


def test_the_work_list_links_open_the_submission_in_a_percent_folder(ward: Path) -> None:
    workbook = ward / "ds.xlsx"
    _run(ward, "lists", "-o", str(workbook))
    opened = _opened(workbook)
    assert len(opened) > 10
    assert all(p.is_file() and p.parent == (ward / FOLDER).resolve() for p in opened), opened[:3]
    assert (ward / FOLDER / PERCENT_FILE).resolve() in opened
