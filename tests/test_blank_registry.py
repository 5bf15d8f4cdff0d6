"""`ward-stats template --blank-registry`: a blank registry for the command line (hunt220 R4).

The `Danh mục tổ chức` sheet of `tong_hop_phuong.xlsm` was the only blank registry: a CLI user
had to copy the workbook or type the headers. Now `template --blank-registry` writes
`danh_muc_to_chuc.xlsx`: the workbook's sheet as `toolkit.excel.build` writes it (headers,
widths, input messages, dropdowns and the hidden lists they read), without the example row
CB01, under the blank template's rules (never over an input, an existing file only with
`--overwrite`, never over a registry that holds an organisation).

Real files: the workbook written, read back by the registry reader, filled with openpyxl; the
committed `.xlsm` as the reference; the CLI (`CliRunner`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_excel import saved_workbook

from toolkit.cli import main
from toolkit.core import vocab
from toolkit.core.errors import RegistryError
from toolkit.excel.build import DEFAULT_TARGET
from toolkit.io.registry import HEADERS, REGISTRY_FILENAME, REGISTRY_SHEET, read_registry, target_header


def _run(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["template", "--blank-registry", *(str(a) for a in args)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def _blank(folder: Path) -> Path:
    code, output = _run("--out", folder)
    assert code == 0, output
    path = folder / REGISTRY_FILENAME
    assert f"Đã tạo danh mục tổ chức trống: {path}" in output
    assert "template --registry" in output  # what to do next
    # Its dropdown columns named as their headers are (review246: "cấp và loại hình", no column
    # of that name).
    wb = openpyxl.load_workbook(path, read_only=True)
    header = [c.value for c in next(wb[REGISTRY_SHEET].iter_rows(max_row=1))]
    wb.close()
    listed = [header[i] for i, dv in enumerate(header) if dv in (HEADERS["org_tier"], HEADERS["sector"])]
    assert len(listed) == 2
    said = " ".join(output.split())
    assert f"“{listed[0]}” và “{listed[1]}” chọn trong danh sách" in said, said
    assert "loại hình" not in said
    return path


def _blank_of_this_year(folder: Path) -> tuple[Path, int]:
    """`_blank`, and the year the command took as this year: its target columns are that year's
    and the next's, of a year the clock showed during the run (before and after differ only when
    the run crossed midnight of 31 December, where reading the clock after it failed the test)."""
    before = dt.date.today().year
    path = _blank(folder)
    after = dt.date.today().year
    wb = openpyxl.load_workbook(path, read_only=True)
    header = [c.value for c in next(wb[REGISTRY_SHEET].iter_rows(max_row=1))]
    wb.close()
    years = [y for y in range(before, after + 1) if header[5:] == [target_header(y), target_header(y + 1)]]
    assert len(years) == 1, (before, after, header)
    return path, years[0]


def _validations(ws: object) -> dict[str, tuple[str, str | None]]:
    """Each validation by its ranges: (type, source or input title)."""
    return {
        str(dv.sqref): (dv.type or "any", dv.formula1 or dv.promptTitle)
        for dv in ws.data_validations.dataValidation  # type: ignore[attr-defined]
    }


def test_the_blank_registry_is_the_workbooks_sheet_without_its_example(tmp_path: Path) -> None:
    path, this_year = _blank_of_this_year(tmp_path / "out")
    mine = openpyxl.load_workbook(path)
    shipped = openpyxl.load_workbook(DEFAULT_TARGET)
    ws, ref = mine[REGISTRY_SHEET], shipped[REGISTRY_SHEET]
    assert mine.active.title == REGISTRY_SHEET
    header = [c.value for c in ws[1]]
    # The workbook's columns, its targets of this year and the next (the workbook's are of the
    # years it was built in: a registry made in 2027 had no column for 2027).
    assert header == [*(c.value for c in ref[1][:5]), *map(target_header, (this_year, this_year + 1))]
    assert header[:5] == [HEADERS[k] for k in ("org_code", "org_name", "org_tier", "sector", "secretary")]
    assert ws.max_row == 1  # no example row: `registry.example_row` can never fire
    assert ref.max_row == 2  # the workbook's sheet has one (CB01)
    widths = {k: d.width for k, d in ws.column_dimensions.items()}
    assert widths == {k: d.width for k, d in ref.column_dimensions.items()}
    assert ws.freeze_panes == ref.freeze_panes == "A2"
    # The same validations: the input messages of the headers, the dropdowns, the targets.
    assert _validations(ws) == _validations(ref)
    lists = {v[1] for v in _validations(ws).values() if v[0] == "list"}
    assert lists == {"ListOrgTier", "ListSector"}
    # The dropdowns read the labels of the hidden lists sheet, present in the file.
    for name, voc in (("ListOrgTier", vocab.ORG_TIER), ("ListSector", vocab.SECTOR)):
        ((sheet, cells),) = mine.defined_names[name].destinations
        assert mine[sheet].sheet_state == "hidden"
        assert [c.value for (c,) in mine[sheet][cells.replace("$", "")]] == list(voc.labels)


def test_read_back_it_is_an_empty_registry_and_takes_the_rows_typed(tmp_path: Path) -> None:
    path, this_year = _blank_of_this_year(tmp_path / "out")
    with pytest.raises(RegistryError) as raised:
        read_registry(path)
    # Its header row is found and nothing else is wrong: it only has no organisation yet.
    assert [i.code for i in raised.value.issues] == ["registry.empty"]
    wb = openpyxl.load_workbook(path)
    ws = wb[REGISTRY_SHEET]
    tier, sector = vocab.ORG_TIER.labels[0], vocab.SECTOR.labels[0]
    ws.append(["CB01", "Chi bộ Khu phố Đông", tier, sector, "Trần Thị Bình", 1, 2])
    ws.append(["CB02", "Chi bộ Khu phố Tây", tier, sector, "Lê Văn Cường", None, 3])
    wb.save(path)
    registry = read_registry(path)
    assert [(o.org_code, o.org_name, o.secretary) for o in registry.organisations] == [
        ("CB01", "Chi bộ Khu phố Đông", "Trần Thị Bình"),
        ("CB02", "Chi bộ Khu phố Tây", "Lê Văn Cường"),
    ]
    assert registry.organisations[0].targets == {this_year: 1, this_year + 1: 2}
    assert registry.organisations[1].org_tier == vocab.ORG_TIER.codes[0]
    assert registry.warnings == []
    # The templates follow from it.
    made = CliRunner().invoke(main, ["template", "--registry", str(path), "--out", str(tmp_path / "mau")])
    assert made.exit_code == 0, made.output
    assert len(list((tmp_path / "mau").glob("CB0*.xlsx"))) == 2


def test_an_existing_file_is_replaced_only_when_blank_and_asked(tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = _blank(out)
    code, output = _run("--out", out)
    assert code == 2
    assert "đã có tệp “danh_muc_to_chuc.xlsx”" in output and "--overwrite" in output
    code, output = _run("--out", out, "--overwrite")  # still blank: replaced
    assert code == 0, output
    wb = openpyxl.load_workbook(path)
    wb[REGISTRY_SHEET].append(["CB01", "Chi bộ Khu phố Đông"])
    wb.save(path)
    before = path.read_bytes()
    code, output = _run("--out", out, "--overwrite")  # a registry with a row: never
    assert code == 2
    assert "đã có tổ chức" in output and "Không bao giờ ghi đè danh mục đã ghi" in output
    assert path.read_bytes() == before
    assert [p.name for p in out.iterdir()] == [REGISTRY_FILENAME]  # no temporary file left


def test_a_file_that_is_no_registry_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    own = out / REGISTRY_FILENAME
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Sổ tay của văn phòng"
    wb.save(own)
    before = own.read_bytes()
    code, output = _run("--out", out, "--overwrite")
    assert code == 2 and "không phải danh mục trống" in output
    assert own.read_bytes() == before


def test_the_output_is_never_an_input(tmp_path: Path) -> None:
    """With --settings, the workbook is an input: saved as the registry's name in the folder
    written to, it is refused before anything is written, even with --overwrite."""
    out = tmp_path / "out"
    out.mkdir()
    book = saved_workbook(out / REGISTRY_FILENAME)
    before = book.read_bytes()
    code, output = _run("--settings", book, "--out", out, "--overwrite")
    assert code == 2, output
    assert "tệp tổng hợp có thiết lập" in output
    assert book.read_bytes() == before
    # Elsewhere, --settings gives the folder when --out is not written.
    elsewhere = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", {"TemplateFolder": str(tmp_path / "mau")})
    code, output = _run("--settings", elsewhere)
    assert code == 0, output
    assert (tmp_path / "mau" / REGISTRY_FILENAME).is_file()


def test_with_a_registry_it_is_a_usage_error(tmp_path: Path) -> None:
    path = _blank(tmp_path / "out")
    code, output = _run("--registry", path, "--out", tmp_path / "other")
    assert code == 2
    assert "--blank-registry tạo danh mục tổ chức trống, không đọc danh mục" in output
    assert not (tmp_path / "other").exists()


def _advised(output: str) -> list[str]:
    """The `ward-stats …` command of the advice after the blank registry, as arguments."""
    import re
    import shlex

    from toolkit.core.commands import program

    found = re.findall(r"lệnh “([^“”]+? template --registry [^”]+)”", " ".join(output.split()))
    (line,) = found
    assert line.startswith(f"{program()} "), line
    return shlex.split(line[len(program()) + 1 :])


def test_the_advice_keeps_the_folder_written_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The advised `template --registry` writes the templates where the registry was written:
    without the `--out` given (review231 R4) they went to the current folder."""
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "đợt 1" / "mẫu"
    path = _blank(out)
    code, output = _run("--out", out, "--overwrite")
    assert code == 0, output
    args = _advised(output)
    assert args == ["template", "--registry", str(path), "--out", str(out)]
    wb = openpyxl.load_workbook(path)
    wb[REGISTRY_SHEET].append(
        ["CB01", "Chi bộ Khu phố Đông", vocab.ORG_TIER.labels[0], vocab.SECTOR.labels[0]]
    )
    wb.save(path)
    made = CliRunner().invoke(main, args)
    assert made.exit_code == 0, made.output
    assert [p.name for p in out.glob("CB01*.xlsx")] and not list(tmp_path.glob("CB01*.xlsx"))
    # From --settings: the workbook's template folder, where the registry went.
    book = saved_workbook(tmp_path / "tong_hop_phuong.xlsm", {"TemplateFolder": str(tmp_path / "bm")})
    code, output = _run("--settings", book)
    assert code == 0, output
    assert _advised(output)[3:] == ["--out", str(tmp_path / "bm")]
    # Without either, the current folder: the advice needs no --out.
    code, output = _run("--out", ".", "--overwrite")
    assert code == 0, output
    assert _advised(output) == [
        "template",
        "--registry",
        str(tmp_path / REGISTRY_FILENAME),
        "--out",
        str(tmp_path),
    ]
