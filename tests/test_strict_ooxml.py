"""A submission saved as Excel's "Strict Open XML Spreadsheet (*.xlsx)" (same extension, the ISO
29500 Strict namespaces) is refused with `file.strict`, naming the file (hunt112c #1): calamine
reads its values, but the scans of error cells, formulas, hidden rows, struck and legacy-font
text know the transitional namespaces only, so a `#DIV/0!` in a count was counted as 0 without a
word. The file is built as Excel writes one: the transitional namespaces rewritten."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from click.testing import CliRunner
from helpers_worklists import REGISTRY, _member, submission

from toolkit.cli import main
from toolkit.core.rules import RULES

STRICT = (
    (
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    ),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    ),
    (b"http://schemas.openxmlformats.org/drawingml/2006/main", b"http://purl.oclc.org/ooxml/drawingml/main"),
)


def _as_strict(path: Path) -> None:
    source = path.read_bytes()
    path.unlink()
    with zipfile.ZipFile(path.with_suffix(".tmp"), "w", zipfile.ZIP_DEFLATED) as out:
        (path.with_suffix(".src")).write_bytes(source)
        with zipfile.ZipFile(path.with_suffix(".src")) as zin:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename.endswith((".xml", ".rels")):
                    for old, new in STRICT:
                        data = data.replace(old, new)
                out.writestr(info, data)
    path.with_suffix(".src").unlink()
    path.with_suffix(".tmp").rename(path)


def _roll() -> list[dict]:
    return [
        _member(f"Lê Văn {n}", "01/01/1970", "male", "01/01/1995", "01/01/1996") for n in ("Một", "Hai", "Ba")
    ]


def test_a_strict_workbook_is_refused_naming_its_file_and_the_others_are_consolidated(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    cb02, cb01 = REGISTRY.organisations[0], REGISTRY.organisations[1]
    strict = submission(folder, cb01, _roll())
    submission(folder, cb02, _roll())
    _as_strict(strict)
    with zipfile.ZipFile(strict) as zf:
        assert b"purl.oclc.org/ooxml/spreadsheetml/main" in zf.read("xl/workbook.xml")
    before = strict.read_bytes()
    out, summary = tmp_path / "ket_qua.xlsx", tmp_path / "ket_qua.json"
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "-o", str(out), "--json", str(summary)]
    result = CliRunner().invoke(main, [*args, "--no-history"])
    assert result.exit_code == 1, result.output  # a file left out
    assert "Traceback" not in result.output
    data = json.loads(summary.read_text(encoding="utf-8"))
    status = {o["org_code"]: o["status"] for o in data["organisations"]}
    assert status["CB01"] == "excluded" and status["CB02"] == "consolidated"
    (issue,) = [i for i in data["issues"] if i["code"] == "file.strict"]
    assert issue["file"] == strict.name and issue["severity"] == "error"
    assert (
        "Strict Open XML Spreadsheet" in issue["message"] and "Sổ làm việc Excel (*.xlsx)" in issue["message"]
    )
    assert data["indicators"]["members.total"] == 3  # CB02's alone
    assert strict.read_bytes() == before  # the input is never modified


def test_validate_refuses_a_strict_workbook_in_vietnamese(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    strict = submission(folder, REGISTRY.organisations[1], _roll())
    _as_strict(strict)
    result = CliRunner().invoke(main, ["validate", str(strict)])
    assert result.exit_code != 0
    assert RULES["file.strict"].template in result.output and "Traceback" not in result.output


def test_a_transitional_workbook_that_merely_mentions_the_strict_namespace_is_read(tmp_path: Path) -> None:
    """Only the root element's own namespace makes a Strict workbook (hunt113 D3: the URI in a
    defined name's text refused a normal file): here it is declared under another prefix, and
    the workbook is of the transitional namespace."""
    folder = tmp_path / "bai_nop"
    path = submission(folder, REGISTRY.organisations[1], _roll())
    source = path.read_bytes()
    with zipfile.ZipFile(path.with_suffix(".tmp"), "w", zipfile.ZIP_DEFLATED) as out:
        (path.with_suffix(".src")).write_bytes(source)
        with zipfile.ZipFile(path.with_suffix(".src")) as zin:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename == "xl/workbook.xml":
                    data = data.replace(
                        b"<workbook ",
                        b'<workbook xmlns:s="http://purl.oclc.org/ooxml/spreadsheetml/main" ',
                        1,
                    )
                    assert b"purl.oclc.org" in data
                out.writestr(info, data)
    path.with_suffix(".src").unlink()
    path.unlink()
    path.with_suffix(".tmp").rename(path)
    done = CliRunner().invoke(main, ["validate", str(path)])
    assert "file.strict" not in done.output and RULES["file.strict"].template not in done.output
    assert done.output.startswith("Đã kiểm tra 1 tệp: 1 đạt") or "0 có lỗi" in done.output.splitlines()[0], (
        done.output
    )


def test_a_settings_workbook_saved_as_strict_is_refused_in_vietnamese(tmp_path: Path) -> None:
    """`--settings` of a workbook saved as Strict read its cells as empty and printed openpyxl's
    English warnings (hunt113 D4): it is refused, saying how to save it again."""
    book = tmp_path / "tong_hop_phuong.xlsm"
    assert CliRunner().invoke(main, ["build-workbook", "-o", str(book)]).exit_code == 0
    _as_strict(book)
    (tmp_path / "nop").mkdir()
    done = CliRunner().invoke(main, ["validate", str(tmp_path / "nop"), "--settings", str(book)])
    assert done.exit_code == 2, done.output
    assert "được lưu ở kiểu “Strict Open XML” nên không đọc được thiết lập" in done.output
    assert "Warning" not in done.output and "Traceback" not in done.output
