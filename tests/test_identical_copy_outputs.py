"""A byte-identical copy of a submission (the Windows `HD04 - Copy.xlsx`) beside it, through the
real command line (hunt174 #8): the organisation is consolidated once from its file, and every
output says the copy was ignored, naming both files — the console, `Kiểm tra`, `Nguồn số
liệu`, the JSON summary — with the figures of the folder without the copy. `lists` lists its
members once. Files of one organisation whose contents differ stay `org.duplicate_file`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from schema_check import assert_valid_summary

from toolkit.cli import main
from toolkit.core import layout
from toolkit.outputs.sheets import SHEET_ISSUES, SHEET_SOURCES
from toolkit.outputs.template import submission_filename
from toolkit.sample.ward import build_sample_ward

CUTOFF = ["--cutoff", "31/03/2026"]
CODES = ("HD03", "HD04", "HD10")


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The same three organisations' files without a copy, and with HD04's copied."""
    orgs = {o.organisation.org_code: o for o in build_sample_ward().orgs}
    root = tmp_path_factory.mktemp("identical_copy")
    plain, copied = root / "plain", root / "copied"
    for folder in (plain, copied):
        folder.mkdir()
    for code in CODES:
        written = orgs[code].write(plain / submission_filename(orgs[code].organisation))
        shutil.copyfile(written, copied / written.name)
    original = copied / submission_filename(orgs["HD04"].organisation)
    copy = shutil.copyfile(original, copied / f"{original.stem} - Copy.xlsx")
    return plain, copied, copy


def _consolidate(folder: Path, out: Path) -> tuple[int, str, dict, Path]:
    out.mkdir()
    book, summary = out / "tong_hop.xlsx", out / "tong_hop.json"
    args = ["consolidate", str(folder), *CUTOFF, "--no-history", "-o", str(book), "--json", str(summary)]
    done = CliRunner().invoke(main, [*args, "--ward-name", "Phường Thử"])
    return done.exit_code, done.output, json.loads(summary.read_text(encoding="utf-8")), book


def _rows(book: Path, sheet: str) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(book, read_only=True)[sheet]
    return [r for r in ws.iter_rows(values_only=True) if any(v is not None for v in r)]


def test_every_output_says_the_copy_was_ignored_and_counts_it_once(
    folders: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    plain, copied, copy = folders
    original = copy.with_name(copy.name.replace(" - Copy", ""))
    code0, _, before, _ = _consolidate(plain, tmp_path / "plain")
    code, output, after, book = _consolidate(copied, tmp_path / "copied")

    assert (code0, code) == (0, 0), output
    # The console: all three organisations consolidated, the copy said as ignored, naming both.
    assert "Đã tổng hợp 3/3 tổ chức" in output
    # Under a line of their own, not hanging under the first line (review187 F4).
    lines = output.splitlines()
    at = lines.index("Bỏ qua 1 bản sao giống hệt tệp khác:")
    assert lines[at - 1].startswith("Đã tổng hợp 3/3 tổ chức")
    assert lines[at + 1] == f"  – Tệp {copy.name} giống hệt tệp {original.name} của HD04."
    assert lines[at + 2].startswith("Tổng cộng 0 lỗi, 1 cảnh báo")
    assert "bị loại" not in output and "Một tổ chức có nhiều tệp" not in output
    # The figures are the folder's without the copy: no member counted twice.
    assert after["indicators"] == before["indicators"]
    assert [(o["org_code"], o["status"], o["file"]) for o in after["organisations"]] == [
        (o["org_code"], o["status"], o["file"]) for o in before["organisations"]
    ]
    # The JSON's files: the copy read, not consolidated, a copy of the file used.
    assert_valid_summary(after)  # `copy_of` is a field of the schema
    sources = {s["file"]: (s["consolidated"], s["status"], s["copy_of"]) for s in after["sources"]}
    assert sources[copy.name] == (False, "warnings", original.name)
    assert sources[original.name] == (True, "ok", None)
    assert [(i["code"], i["severity"], i["file"]) for i in after["issues"] if i["file"] == copy.name] == [
        ("org.identical_copy", "warning", copy.name)
    ]
    # `Kiểm tra`: one warning at the copy, naming both files.
    said = [r for r in _rows(book, SHEET_ISSUES) if "org.identical_copy" in r]
    assert len(said) == 1 and said[0][0] == "Cảnh báo" and said[0][1] == copy.name
    assert any(
        isinstance(v, str) and f"giống hệt tệp {original.name}" in v and f"bỏ qua tệp {copy.name}" in v
        for v in said[0]
    )
    # `Nguồn số liệu`: the copy's status says it is ignored; the file used is consolidated.
    status = {r[0]: r[6] for r in _rows(book, SHEET_SOURCES) if r[0] in (copy.name, original.name)}
    assert status == {copy.name: "Bản sao giống hệt, bỏ qua", original.name: "Đã tổng hợp"}


def test_lists_list_the_copy_s_members_once(folders: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """The lists drawn with the copy are those drawn without it; their coverage lines say the
    copy was not counted, and "Đủ số liệu" (exit 0): nobody is missing, nobody listed twice."""
    plain, copied, _ = folders
    books, outputs = [], []
    for folder in (plain, copied):
        out = tmp_path / f"{folder.name}.xlsx"
        done = CliRunner().invoke(main, ["lists", str(folder), *CUTOFF, "-o", str(out)])
        assert done.exit_code == 0, done.output
        books.append(openpyxl.load_workbook(out, read_only=True))
        outputs.append(done.output)
    # One sentence, not two parentheses in a row (review187 F4).
    first = (
        "Đã lập danh sách từ 3/3 tệp không có lỗi, bỏ qua 1 bản sao giống hệt tệp khác "
        "(số liệu đến ngày 31/03/2026)."
    )
    assert outputs[1].splitlines()[0] == first
    note = " (bỏ qua 1 bản sao giống hệt tệp khác)"
    plain_book, copied_book = books
    assert plain_book.sheetnames == copied_book.sheetnames
    said = 0
    for name in plain_book.sheetnames[1:]:  # the lists (the first sheet says when and from what)
        rows = [
            tuple(v.replace(note, "") if isinstance(v, str) else v for v in row)
            for row in copied_book[name].iter_rows(values_only=True)
        ]
        said += sum(
            1
            for row in copied_book[name].iter_rows(values_only=True)
            for v in row
            if f"Đủ số liệu: lập từ 3/3 tệp{note}" in str(v)
        )
        assert rows == list(plain_book[name].iter_rows(values_only=True))
    assert said == len(plain_book.sheetnames) - 1


def test_files_whose_contents_differ_stay_an_error(folders: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """A copy edited afterwards is no copy: both files are `org.duplicate_file`, HD04 excluded."""
    _, copied, copy = folders
    folder = tmp_path / "edited"
    shutil.copytree(copied, folder)
    wb = openpyxl.load_workbook(folder / copy.name)
    wb[layout.SHEET_MEMBERS][layout.MEMBERS.cell("full_name", 2)] = "Nguyễn Thị Đổi Tên"
    wb.save(folder / copy.name)
    code, output, summary, _ = _consolidate(folder, tmp_path / "out")

    assert code == 1
    assert "Đã tổng hợp 2/3 tổ chức" in output and "HD04 bị loại" in output
    assert {i["code"] for i in summary["issues"] if i["severity"] == "error"} == {"org.duplicate_file"}
    assert not any(s["copy_of"] for s in summary["sources"])


def test_beside_an_organisation_excluded_the_copies_are_no_exclusion(
    folders: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """With an organisation also excluded, the copy is said under its own line, after the
    exclusions, not as one more "–" item under "1 tổ chức bị loại vì tệp có lỗi." (review187 F4)."""
    _, copied, copy = folders
    original = copy.with_name(copy.name.replace(" - Copy", ""))
    folder = shutil.copytree(copied, tmp_path / "broken")
    (hd10,) = folder.glob("HD10_*.xlsx")
    wb = openpyxl.load_workbook(hd10)
    wb[layout.SHEET_MEMBERS][layout.MEMBERS.cell("birth_date", 2)] = "abc"  # no date: an error
    wb.save(hd10)
    code, output, summary, _ = _consolidate(folder, tmp_path / "out")
    assert code == 1, output
    assert [o["org_code"] for o in summary["organisations"] if o["status"] == "excluded"] == ["HD10"]
    lines = output.splitlines()
    at = lines.index("1 tổ chức bị loại vì tệp có lỗi.")
    assert lines[at + 1].startswith("  – HD10 bị loại: ")
    assert lines[at + 2 : at + 4] == [
        "Bỏ qua 1 bản sao giống hệt tệp khác:",
        f"  – Tệp {copy.name} giống hệt tệp {original.name} của HD04.",
    ]
    assert lines[at + 4].startswith("Tổng cộng 1 lỗi")
