"""Nothing lost, nothing miscounted (issue 14), each case through the command line.

Overwrites (templates over filled submissions, outputs over inputs, over each other or over a
device), error cells (#DIV/0!, #N/A, #SPILL!, NaN…), codes and paths that name one thing two
ways, files that were sent but cannot be used (excluded organisations, never missing ones),
and unbounded inputs (FIFOs, /dev/zero) or echoes (escape sequences, invisible characters,
309-digit numbers). The interrupted and concurrent runs are in
`tests/test_hostile_interrupts.py`; the I/O failures (disk full, read-only folders) in
`tests/test_hostile_io_failures.py`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest
from corpus import CUTOFF
from helpers_ward import Ward, cli, consolidate, organisation, pristine, set_cell, ward
from hostile_run import finish_cli, start_cli
from ooxml_hostile import OoxmlPackage, old_xls
from openpyxl import load_workbook

from toolkit.core import layout
from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.outputs.sheets import SHEET_ISSUES, SHEET_SOURCES, SHEET_SUMMARY
from toolkit.outputs.template import submission_filename

__all__ = ["pristine", "ward"]  # fixtures


# ============================================================================================
# Data loss: nothing is ever written over an input
# ============================================================================================


def test_template_into_the_folder_of_filled_submissions_replaces_none_of_them(ward: Ward) -> None:
    before = ward.hashes()
    refused = cli("template", "--registry", ward.registry, "--out", ward.nop)
    assert refused.exit_code == 2
    # `--overwrite` would only be refused again (hunt258 L3): not offered; the reason said first.
    assert "đã có số liệu (bài nộp đã điền)" in refused.output and "--overwrite" not in refused.output
    assert "hãy tạo biểu mẫu ở thư mục khác" in " ".join(refused.output.split())
    forced = cli("template", "--registry", ward.registry, "--out", ward.nop, "--overwrite")
    assert forced.exit_code == 2
    assert "đã có số liệu (bài nộp đã điền)" in forced.output
    assert ward.files  # every filled submission is named: none is left out of the refusal
    for path in ward.files.values():
        assert path.name in forced.output, forced.output
    assert ward.hashes() == before


def test_template_overwrite_replaces_only_unfilled_templates(ward: Ward, tmp_path: Path) -> None:
    out = tmp_path / "mau"
    assert cli("template", "--registry", ward.registry, "--out", out).exit_code == 0
    blank = {p.name: p.read_bytes() for p in out.iterdir()}
    again = cli("template", "--registry", ward.registry, "--out", out)
    assert again.exit_code == 2 and {p.name: p.read_bytes() for p in out.iterdir()} == blank
    assert cli("template", "--registry", ward.registry, "--out", out, "--overwrite").exit_code == 0
    # One secretary filled hers in: from now on that file is never replaced, nor any other.
    filled = out / ward.files["K02"].name
    shutil.copy(ward.files["K02"], filled)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    refused = cli("template", "--registry", ward.registry, "--out", out, "--overwrite")
    assert refused.exit_code == 2 and filled.name in refused.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # Nor is `--overwrite` offered without it: it would be refused so (hunt258 L3).
    plain = cli("template", "--registry", ward.registry, "--out", out)
    assert plain.exit_code == 2 and filled.name in plain.output and "--overwrite" not in plain.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def _list_on_a_copy(filled: Path, target: Path, copy_name: str, *, other_sheet: bool = False) -> None:
    """`filled` saved as `target` with its members' list moved to a copy of the sheet named
    `copy_name` (Excel names a copy "Đảng viên (2)", LibreOffice "Đảng viên_2"), or, with
    `other_sheet`, to a new sheet of its own (no header row): the template's own sheets keep no
    row, and `Thông tin` only what a pre-filled template holds. A submission in progress."""
    wb = load_workbook(filled)
    members = wb[layout.SHEET_MEMBERS]
    if other_sheet:
        ws = wb.create_sheet(copy_name)
        for row in members.iter_rows(min_row=2, values_only=True):
            ws.append(list(row))
    else:
        wb.copy_worksheet(members).title = copy_name
    for name in (layout.SHEET_MEMBERS, layout.SHEET_EVENTS, layout.SHEET_YEARS):
        wb[name].delete_rows(2, wb[name].max_row)
    info = wb[layout.SHEET_INFO]
    for f in layout.INFO.fields:
        if f.key not in ("org_code", "org_name", "org_tier", "sector", "secretary", "template_version"):
            info[layout.INFO.cell(f.key)] = None
    wb.save(target)


@pytest.mark.parametrize(
    ("copy_name", "other_sheet"),
    [("Đảng viên (2)", False), ("Đảng viên_2", False), ("Sheet1", True)],
)
def test_template_overwrite_never_replaces_a_list_typed_on_another_sheet(
    ward: Ward, tmp_path: Path, copy_name: str, other_sheet: bool
) -> None:
    """No row is read from such a file (the reader says the sheet is not read), but it is a
    secretary's work: `holds_submission` counts the data of every sheet, not only the rows."""
    out = tmp_path / "mau"
    assert cli("template", "--registry", ward.registry, "--out", out).exit_code == 0
    target = out / ward.files["K02"].name
    _list_on_a_copy(ward.files["K02"], target, copy_name, other_sheet=other_sheet)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    refused = cli("template", "--registry", ward.registry, "--out", out, "--overwrite")
    assert refused.exit_code == 2 and "đã có số liệu (bài nộp đã điền)" in refused.output
    assert target.name in refused.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_an_output_never_replaces_a_blank_template_with_a_list_on_a_copy(ward: Ward, tmp_path: Path) -> None:
    """The same for `-o`: a file without a code, its list typed on "Đảng viên (2)"."""
    target = tmp_path / "dang_dien.xlsx"
    wb = load_workbook(ward.files["K02"])
    wb[layout.SHEET_INFO][layout.INFO.cell("org_code")] = None
    wb.save(tmp_path / "khong_ma.xlsx")
    _list_on_a_copy(tmp_path / "khong_ma.xlsx", target, "Đảng viên (2)")
    before = target.read_bytes()
    refused = cli(
        "consolidate", ward.nop, "--cutoff", CUTOFF.isoformat(), "--no-history", "-o", target,
    )  # fmt: skip
    assert refused.exit_code == 2 and "bài nộp đã có số liệu" in refused.output
    assert target.read_bytes() == before


def test_blank_template_is_not_written_over_an_existing_file(tmp_path: Path) -> None:
    assert cli("template", "--out", tmp_path).exit_code == 0
    target = tmp_path / layout.TEMPLATE_FILENAME
    target.write_bytes(b"ban cu")
    refused = cli("template", "--out", tmp_path)
    assert refused.exit_code == 2 and target.read_bytes() == b"ban cu"
    # --overwrite does not replace what is not an unfilled template either.
    assert cli("template", "--out", tmp_path, "--overwrite").exit_code == 2
    assert target.read_bytes() == b"ban cu"


def _output_cases(ward: Ward, out: Path) -> dict[str, tuple[list[Any], str]]:
    """Command line → the input it names as an output (the message must name it)."""
    k01 = ward.files["K01"]
    common = ["--cutoff", CUTOFF.isoformat()]
    link = out / "lien_ket.xlsx"
    link.symlink_to(k01)
    summary = out / "tom_tat.json"
    summary.write_text(json.dumps({"cutoff_date": "2026-03-31", "period_start": "2025-01-01",
                                   "indicators": {"members.total": 1}}), encoding="utf-8")  # fmt: skip
    consolidating = ["consolidate", ward.nop, *common]
    other = ward.nop / ".." / "nop" / k01.name
    csv = ward.registry_csv
    return {
        "-o submission": ([*consolidating, "-o", k01], k01.name),
        "--json submission": ([*consolidating, "-o", out / "a.xlsx", "--json", k01], k01.name),
        "-o other spelling": ([*consolidating, "-o", other], k01.name),
        "-o link to submission": ([*consolidating, "-o", link], k01.name),
        "-o registry.xlsx": (
            [*consolidating, "--registry", ward.registry, "-o", ward.registry],
            ward.registry.name,
        ),
        "--json registry.csv": (
            [*consolidating, "--registry", csv, "-o", out / "a.xlsx", "--json", csv],
            csv.name,
        ),
        "-o and --json one file": (
            [*consolidating, "-o", out / "a.xlsx", "--json", out / "a.xlsx"],
            "a.xlsx",
        ),
        "validate --json submission": (["validate", ward.nop, "--json", k01], k01.name),
        "validate --json registry": (["validate", ward.nop, "--registry", csv, "--json", csv], csv.name),
        "report -o its summary": (["report", summary, "-o", summary], summary.name),
    }


CASES = (
    "-o submission", "--json submission", "-o other spelling", "-o link to submission", "-o registry.xlsx",
    "--json registry.csv", "-o and --json one file", "validate --json submission", "validate --json registry",
    "report -o its summary",
)  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_an_output_that_is_an_input_or_the_other_output_is_refused(
    ward: Ward, tmp_path: Path, case: str
) -> None:
    out = tmp_path / "ket_qua"
    out.mkdir()
    args, named = _output_cases(ward, out)[case]
    before = ward.hashes()
    listing = sorted(p.name for p in out.iterdir())
    summary_before = (out / "tom_tat.json").read_bytes()
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Lỗi: ") and named in result.output, result.output
    assert ward.hashes() == before
    assert sorted(p.name for p in out.iterdir()) == listing  # nothing written, nothing left
    assert (out / "tom_tat.json").read_bytes() == summary_before


def _device(tmp_path: Path) -> Path:
    """A character device to aim an output at: a private null device when root may make one
    (so that a regression cannot replace the system's /dev/null), else /dev/null itself (which
    no one else may replace anyway)."""
    if os.geteuid() == 0:
        node = tmp_path / "thiet_bi"
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        return node
    return Path(os.devnull)


def test_a_device_is_never_replaced_by_an_output(ward: Ward, tmp_path: Path) -> None:
    device = _device(tmp_path)
    result = cli("consolidate", ward.nop, "--cutoff", CUTOFF.isoformat(), "-o", tmp_path / "a.xlsx",
                 "--json", device)  # fmt: skip
    assert result.exit_code == 2 and "không phải tệp thông thường" in result.output
    assert stat.S_ISCHR(device.stat().st_mode)  # still the character device
    assert not (tmp_path / "a.xlsx").exists()


@pytest.mark.parametrize("command", ["consolidate", "validate"])
def test_an_output_naming_a_folder_is_refused_in_vietnamese(ward: Ward, tmp_path: Path, command: str) -> None:
    option = "-o" if command == "consolidate" else "--json"
    extra = ["--cutoff", CUTOFF.isoformat()] if command == "consolidate" else []
    result = cli(command, ward.nop, *extra, option, tmp_path)
    assert result.exit_code == 2
    assert "là một thư mục, không phải tệp" in result.output and "Invalid value" not in result.output


def test_an_output_fifo_is_refused_without_waiting_for_a_reader(ward: Ward, tmp_path: Path) -> None:
    fifo = tmp_path / "tong_hop.json"
    os.mkfifo(fifo)
    run = finish_cli(start_cli(["validate", str(ward.nop), "--json", str(fifo)], tmp_path), timeout=120)
    assert not run.timed_out
    assert run.returncode == 2 and "không phải tệp thông thường" in run.stderr
    assert not fifo.is_file()


# ============================================================================================
# Error cells are errors
# ============================================================================================

ERROR_CELLS = {
    "#DIV/0!": '<c r="{ref}" s="{s}" t="e"><v>#DIV/0!</v></c>',
    "#DIV/0! formula": '<c r="{ref}" s="{s}" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
    "#N/A": '<c r="{ref}" s="{s}" t="e"><f>NA()</f><v>#N/A</v></c>',
    "#REF!": '<c r="{ref}" s="{s}" t="e"><f>#REF!+1</f><v>#REF!</v></c>',
    "#VALUE!": '<c r="{ref}" s="{s}" t="e"><v>#VALUE!</v></c>',
    "#NAME?": '<c r="{ref}" s="{s}" t="e"><f>FOO()</f><v>#NAME?</v></c>',
    "#SPILL!": '<c r="{ref}" s="{s}" t="e"><f>SEQUENCE(3)</f><v>#SPILL!</v></c>',
    "#CALC!": '<c r="{ref}" s="{s}" t="e"><v>#CALC!</v></c>',
    "NaN": '<c r="{ref}" s="{s}"><v>NaN</v></c>',
    "-Infinity": '<c r="{ref}" s="{s}"><v>-inf</v></c>',
}


def _style(path: Path, sheet: str, ref: str) -> str:
    styles = OoxmlPackage(path.read_bytes()).cell_styles(sheet, int(ref[1:]))
    return styles.get(re.match(r"[A-Z]+", ref).group(0), "0")  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", list(ERROR_CELLS))
@pytest.mark.parametrize(
    ("sheet", "key"),
    [
        (layout.SHEET_MEMBERS, "gender"),
        (layout.SHEET_MEMBERS, "admission_date"),
        (layout.SHEET_MEMBERS, "official_date"),  # an empty one would be a probation overdue
        (layout.SHEET_YEARS, "rated_good"),
    ],
)
def test_an_error_value_is_an_error_at_its_cell(
    ward: Ward, tmp_path: Path, kind: str, sheet: str, key: str
) -> None:
    spec = {s.name: s for s in layout.DATA_SHEETS}[sheet]
    ref = f"{spec.letter(key)}2"
    path = ward.files["K01"]
    set_cell(path, sheet, ref, ERROR_CELLS[kind].format(ref=ref, s=_style(path, sheet, ref)))
    result = cli("validate", path, "--json", tmp_path / "kt.json", "--personal-data")  # echoes the value
    assert result.exit_code == 1, result.output
    issues = json.loads((tmp_path / "kt.json").read_text("utf-8"))["issues"]
    at_cell = [i for i in issues if i["sheet"] == sheet and i["cell"] == ref]
    assert [i["code"] for i in at_cell] == ["cell.error_value"], at_cell
    assert at_cell[0]["value"] == kind.split()[0] and at_cell[0]["severity"] == "error"
    assert "Hãy sửa công thức hoặc ghi thẳng" in at_cell[0]["message"]
    assert not any(i["code"] == "file.unreadable" for i in issues)
    assert "Chưa ghi" not in at_cell[0]["message"]


def test_error_cells_exclude_their_file_and_leave_the_other_figures_alone(ward: Ward, tmp_path: Path) -> None:
    clean = tmp_path / "sach"
    clean.mkdir()
    assert consolidate(ward, clean).exit_code == 0
    before = json.loads((clean / "tong_hop.json").read_text("utf-8"))
    by_org = {o["org_code"]: o["indicators"] for o in before["organisations"]}
    path = ward.files["K02"]
    good = layout.YEARS.letter("rated_good")
    set_cell(path, layout.SHEET_YEARS, f"{good}2", f'<c r="{good}2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    set_cell(path, layout.SHEET_MEMBERS, "D3", '<c r="D3" t="e"><f>NA()</f><v>#N/A</v></c>')
    out = tmp_path / "loi"
    out.mkdir()
    result = consolidate(ward, out)
    assert result.exit_code == 1, result.output
    doc = json.loads((out / "tong_hop.json").read_text("utf-8"))
    status = {o["org_code"]: o for o in doc["organisations"]}
    assert status["K02"]["status"] == "excluded" and "Ô có giá trị lỗi" in status["K02"]["reason"]
    assert "K02 bị loại" in result.output
    for key in ("members.total", "members.full"):
        assert doc["indicators"][key] == by_org["K01"][key] + by_org["K03"][key]


@pytest.mark.slow
def test_a_submission_edited_in_libreoffice_with_error_cells_is_not_counted(
    ward: Ward, tmp_path: Path
) -> None:
    """The clerk's case: formulas that LibreOffice computed to errors, saved as .xlsx."""
    from libreoffice import convert

    path = ward.files["K03"]
    wb = load_workbook(path)
    wb[layout.SHEET_MEMBERS]["D2"] = "=NA()"
    wb[layout.SHEET_YEARS][f"{layout.YEARS.letter('rated_good')}2"] = "=1/0"
    edited = tmp_path / "sua" / path.name
    edited.parent.mkdir()
    wb.save(edited)
    (saved,) = convert([edited], "xlsx", tmp_path / "lo")
    shutil.copy(saved, path)
    out = tmp_path / "kq"
    out.mkdir()
    result = consolidate(ward, out, "--personal-data")  # the values as read, echoed
    assert result.exit_code == 1, result.output
    doc = json.loads((out / "tong_hop.json").read_text("utf-8"))
    errors = {(i["cell"], i["value"]) for i in doc["issues"] if i["code"] == "cell.error_value"}
    assert errors == {("D2", "#N/A"), (f"{layout.YEARS.letter('rated_good')}2", "#DIV/0!")}
    assert {o["org_code"]: o["status"] for o in doc["organisations"]}["K03"] == "excluded"


# ============================================================================================
# One organisation, one file: codes and paths that name one thing two ways
# ============================================================================================


def test_registry_codes_match_up_to_case_spaces_and_invisible_characters(ward: Ward, tmp_path: Path) -> None:
    text = ward.registry_csv.read_text("utf-8-sig")
    text = text.replace("\nK01,", "\n k01 ,").replace("\nK02,", "\nK\u200b02,")
    ward.registry_csv.write_text(text, encoding="utf-8-sig")
    result = consolidate(ward, tmp_path, registry=ward.registry_csv)
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "tong_hop.json").read_text("utf-8"))
    assert len(doc["organisations"]) == 3
    assert {o["status"] for o in doc["organisations"]} == {"consolidated"}
    assert doc["indicators"]["orgs.registered"] == doc["indicators"]["orgs.consolidated"] == 3


def test_one_file_named_twice_is_one_file(ward: Ward, tmp_path: Path) -> None:
    (ward.nop / "K01_lien_ket.xlsx").symlink_to(ward.files["K01"])
    result = cli("validate", ward.nop, ward.files["K01"], "--json", tmp_path / "kt.json")
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "kt.json").read_text("utf-8"))
    assert len(doc["files"]) == 3
    assert not any(i["code"] == "org.duplicate_file" for i in doc["issues"])


# ============================================================================================
# Sent but unusable: an excluded organisation with its reason, never a missing one
# ============================================================================================


def _truncated(path: Path) -> Path:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


def _corrupted(path: Path) -> Path:
    """The members' sheet part overwritten in the middle (the zip's CRC no longer matches)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        part = OoxmlPackage(bytes(data)).sheet_part(layout.SHEET_MEMBERS)
        info = zf.getinfo(part)
    start = info.header_offset + 30 + len(info.filename) + info.compress_size // 3
    data[start : start + 200] = b"\x00" * 200
    path.write_bytes(bytes(data))
    return path


def _as_ods(path: Path) -> Path:
    target = path.with_suffix(".ods")
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    path.unlink()
    return target


def _as_xls(path: Path) -> Path:
    target = path.with_suffix(".xls")
    target.write_bytes(old_xls())
    path.unlink()
    return target


UNUSABLE = {"truncated": (_truncated, "file.truncated"), "corrupted": (_corrupted, "file.unreadable"),
            "ods": (_as_ods, "file.ods"), "xls": (_as_xls, "file.xls")}  # fmt: skip


@pytest.mark.parametrize("kind", list(UNUSABLE))
def test_an_unusable_file_excludes_its_organisation_with_the_reason(
    ward: Ward, tmp_path: Path, kind: str
) -> None:
    damage, code = UNUSABLE[kind]
    bad = damage(ward.files["K02"])
    result = consolidate(ward, tmp_path)
    assert result.exit_code == 1, result.output
    assert f"K02 bị loại: tệp {bad.name} không dùng được" in result.output
    assert "chưa nộp" not in result.output
    doc = json.loads((tmp_path / "tong_hop.json").read_text("utf-8"))
    k02 = next(o for o in doc["organisations"] if o["org_code"] == "K02")
    assert k02["status"] == "excluded" and k02["file"] == bad.name and bad.name in k02["reason"]
    assert any(i["code"] == code and i["file"] == bad.name and i["org_code"] == "K02" for i in doc["issues"])
    wb = load_workbook(tmp_path / "tong_hop.xlsx", read_only=True)
    assert "K02 bị loại" in wb[SHEET_SUMMARY]["A3"].value
    rows = [r for r in wb[SHEET_ISSUES].iter_rows(values_only=True) if r and bad.name in r]
    assert rows and all("K02" in r for r in rows)
    if kind in ("ods", "xls"):
        assert "Lưu thành" in k02["reason"]  # says how to re-save as .xlsx


@pytest.mark.parametrize("suffix", [".ods", ".xls"])
def test_a_whole_ward_sent_in_another_format_is_excluded_not_missing(tmp_path: Path, suffix: str) -> None:
    registry = Registry([organisation(f"D{n:02d}") for n in range(1, 73)])
    write_registry(registry, tmp_path / "dm.xlsx")
    nop = tmp_path / "nop"
    nop.mkdir()
    for org in registry.organisations:
        path = nop / submission_filename(org)
        path.write_bytes(b"x")
        (_as_ods if suffix == ".ods" else _as_xls)(path)
    result = cli("consolidate", nop, "--registry", tmp_path / "dm.xlsx", "--cutoff", CUTOFF.isoformat(),
                 "-o", tmp_path / "th.xlsx", "--json", tmp_path / "th.json")  # fmt: skip
    assert result.exit_code == 1
    doc = json.loads((tmp_path / "th.json").read_text("utf-8"))
    assert {o["status"] for o in doc["organisations"]} == {"excluded"} and len(doc["organisations"]) == 72
    assert not any(i["code"] == "org.missing" for i in doc["issues"])
    assert "72 tổ chức bị loại" in result.output and "chưa nộp" not in result.output


def test_a_file_of_no_organisation_is_an_unknown_file_error(ward: Ward, tmp_path: Path) -> None:
    (ward.nop / "bang_tinh.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    result = consolidate(ward, tmp_path)
    assert result.exit_code == 1
    assert "Tệp bang_tinh.xlsx không đọc được nên không rõ của tổ chức nào" in result.output
    doc = json.loads((tmp_path / "tong_hop.json").read_text("utf-8"))
    assert any(i["code"] == "file.unknown_org" and i["file"] == "bang_tinh.xlsx" for i in doc["issues"])
    assert {o["status"] for o in doc["organisations"]} == {"consolidated"}
    sources = load_workbook(tmp_path / "tong_hop.xlsx", read_only=True)[SHEET_SOURCES]
    row = next(r for r in sources.iter_rows(values_only=True) if r and r[0] == "bang_tinh.xlsx")
    assert "Không rõ của tổ chức nào" in row


# ============================================================================================
# Bounded: only regular files are read; echoes are capped and escaped
# ============================================================================================


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "fifo_in_folder"])
def test_a_fifo_or_a_link_to_dev_zero_is_refused_without_hanging(
    ward: Ward, tmp_path: Path, kind: str
) -> None:
    target = (ward.nop if kind == "fifo_in_folder" else tmp_path) / "K09_chi_bo.xlsx"
    if kind == "dev_zero":
        target.symlink_to("/dev/zero")
    else:
        os.mkfifo(target)
    paths = [str(ward.nop)] if kind == "fifo_in_folder" else [str(target)]
    run = finish_cli(
        start_cli(["validate", *paths, "--json", str(tmp_path / "kt.json")], tmp_path), timeout=120
    )
    assert not run.timed_out and "MemoryError" not in run.stderr
    assert run.returncode == 1, run.stderr
    doc = json.loads((tmp_path / "kt.json").read_text("utf-8"))
    refused = [i for i in doc["issues"] if i["file"] == target.name]
    assert [i["code"] for i in refused] == ["file.unreadable"]
    assert "không phải tệp thông thường" in refused[0]["message"]


def test_escape_sequences_in_cells_and_file_names_never_reach_the_terminal(ward: Ward) -> None:
    path = ward.files["K01"]
    admission = layout.MEMBERS.letter("admission_date")
    # An OSC title sequence and a colour, as Excel stores control characters (_xHHHH_).
    evil = "_x001B_]0;pwned_x0007__x001B_[31m12/13/2020_x001B_[0m"
    cell = f'<c r="{admission}2" t="inlineStr"><is><t>{evil}</t></is></c>'
    set_cell(path, layout.SHEET_MEMBERS, f"{admission}2", cell)
    renamed = path.with_name("K01\x1b[2J.xlsx")
    path.rename(renamed)
    result = cli("validate", renamed, "--personal-data")  # the cell's text is echoed, made safe
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b[31m12/13/2020" in result.output and "K01\\x1b[2J.xlsx" in result.output


def test_an_invisible_character_does_not_make_a_value_unknown(ward: Ward) -> None:
    path = ward.files["K01"]
    gender = layout.MEMBERS.letter("gender")
    set_cell(path, layout.SHEET_MEMBERS, f"{gender}2",
             f'<c r="{gender}2" t="inlineStr"><is><t>N\u200cam\u2060</t></is></c>')  # fmt: skip
    result = cli("validate", path, "--personal-data")
    assert result.exit_code == 0, result.output
    assert "not_allowed" not in result.output and "Đã bỏ ký tự ẩn" in result.output


def test_a_huge_number_is_echoed_short(ward: Ward) -> None:
    path = ward.files["K01"]
    set_cell(path, layout.SHEET_MEMBERS, "A2", '<c r="A2"><v>1e308</v></c>')
    result = cli("validate", path, "--personal-data")
    line = next(ln for ln in result.output.splitlines() if "(ô A2)" in ln)
    assert "1E+308" in line and len(line) < 300  # as Excel shows it, not Python's 1e+308


def test_template_overwrite_never_replaces_a_list_pasted_into_the_stt_column(
    ward: Ward, tmp_path: Path
) -> None:
    """The reader leaves STT out of what makes a row, so names pasted at A2 (one column to the
    left) made the file an unfilled template to `holds_submission`, and `--overwrite` replaced
    it: forty names gone. Validate said "không có đảng viên nào" beside them."""
    out = tmp_path / "mau"
    assert cli("template", "--registry", ward.registry, "--out", out).exit_code == 0
    target = out / ward.files["K02"].name
    wb = load_workbook(target)
    for row in range(2, 42):
        wb[layout.SHEET_MEMBERS].cell(row, 1, f"Nguyễn Văn Thành {row - 1}")
    wb.save(target)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    refused = cli("template", "--registry", ward.registry, "--out", out, "--overwrite")
    assert refused.exit_code == 2 and "đã có số liệu (bài nộp đã điền)" in refused.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    said = cli("validate", target)
    assert "cell.text_in_row_no" in said.output and "Đảng viên!A2" in said.output
    assert "40 dòng (dòng 2–41)" in said.output and "“Họ và tên”" in said.output
    assert "org.no_members" not in said.output


def test_template_overwrite_still_replaces_a_template_whose_stt_is_numbered(
    ward: Ward, tmp_path: Path
) -> None:
    out = tmp_path / "mau"
    assert cli("template", "--registry", ward.registry, "--out", out).exit_code == 0
    target = out / ward.files["K02"].name
    wb = load_workbook(target)
    for row in range(2, 42):
        wb[layout.SHEET_MEMBERS].cell(row, 1, row - 1 if row % 2 else f"{row - 1}.")
    wb.save(target)
    assert cli("template", "--registry", ward.registry, "--out", out, "--overwrite").exit_code == 0


def test_template_overwrite_replaces_its_own_blank_template_but_never_a_filled_one(tmp_path: Path) -> None:
    """The blank template the tool writes (`mau_chi_bo.xlsx`, nothing typed) is read as an own
    output, so `holds_submission` took it for a file that could not be read and `--overwrite`
    refused to replace it "đã có số liệu". The same name with a Bí thư typed is a secretary's
    work and is still never replaced."""
    out = tmp_path / "mau"
    assert cli("template", "--out", out).exit_code == 0
    blank = out / layout.TEMPLATE_FILENAME
    again = cli("template", "--out", out, "--overwrite")
    assert again.exit_code == 0, again.output
    wb = load_workbook(blank)
    wb[layout.SHEET_MEMBERS][f"{layout.MEMBERS.letter('full_name')}2"] = "Nguyễn Văn Bình"
    wb.save(blank)
    before = blank.read_bytes()
    refused = cli("template", "--out", out, "--overwrite")
    assert refused.exit_code == 2 and "đã có số liệu (bài nộp đã điền)" in refused.output
    assert blank.read_bytes() == before
