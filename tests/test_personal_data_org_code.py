"""A name typed into `Thông tin`'s `Mã tổ chức` ("CB07 (Đặng Thai Mai)", the Bí thư's beside the
code) is quoted by `org.unknown` and named as the file's code only when member-level data is
asked for (hunt307 F2), as `org.name_differs` hides the organisation name typed (hunt307 F1). A
real unknown code ("CB99") is nobody's: it stays in every output, the clerk needs it. Real files:
submissions through the real template, the registry written as the ward keeps it, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_privacy import every_output, output_text
from helpers_validate import CUTOFF, clean_info, numbered_member, write

from toolkit.cli import main
from toolkit.core.model import Organisation, Registry
from toolkit.core.rules import HIDDEN
from toolkit.outputs.registry_file import write_registry

PERSON = "Đặng Thai Mai"
TYPED = f"CB08 ({PERSON})"
REAL = "CB99"  # a code the registry lacks, as typed: no one's
REGISTRY = Registry(
    [
        Organisation("CB07", "Chi bộ Tổ dân phố số 7", "chi_bo_truc_thuoc", "to_dan_pho"),
        Organisation("CB08", "Chi bộ Tổ dân phố số 8", "chi_bo_truc_thuoc", "to_dan_pho"),
    ]
)


def _outputs(
    tmp_path: Path, *extra: str, typed: str = TYPED
) -> tuple[dict[str, str], list[dict[str, object]]]:
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    write(folder, "a.xlsx", info=clean_info(org_code=typed, org_name="Chi bộ Tổ dân phố số 8"))
    write(folder, "b.xlsx", info=clean_info(org_code=REAL, org_name="Chi bộ Tổ dân phố số 99"))
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    out = every_output(tmp_path, folder, registry, CUTOFF.strftime("%d/%m/%Y"), *extra)
    issues = [i for i in json.loads(out["consolidate json"])["issues"] if i["code"] == "org.unknown"]
    return out, sorted(issues, key=lambda i: str(i["file"]))


# Codes a ward gives its organisations, typed as they are, the registry lacking them: quoted.
# Those with spaces between their words were taken for names (review314 F6), while the same
# written with hyphens ("CB-TDP-01") passed; a unit's words before its number ("Chi bộ 5",
# "Chi bộ số 8") are an organisation's, no one's. A single word cannot be told from a code.
CODES = [
    *("CB99", "HD01", "HD 01", "ĐB-07", "cb7a", "Mai"),
    *("CB-TDP-01", "CB_KP_12", "CB.KP.03", "ĐBCS-UBND", "cb-tdp-01"),
    *("CB TDP1", "ĐB CQ 01", "Chi bo 5", "Chi bộ 5", "CB TDP 9", "DB UBND", "CB khu 3"),
    *("Chi bộ số 8", "Tổ dân phố 9", "HĐND 2", "CB 7 A", "UBND"),
]
# Names, or a name beside a code, or a phone or ID-card number: masked. A Vietnamese name is
# syllables, with or without their marks, in any case; a unit's word counts only before a number.
NAMES = [
    *(TYPED, PERSON, "Nguyễn Văn An", "LÊ VĂN A", "Le Van A", "NGUYEN THI HA", "LE VAN AN"),
    *("Nguyễn Thị Minh Khai", "Lê-Văn-A", "CB8 Lê Văn A", "HD1 LE VAN A", "CB8 Mai", "CB8 To Chi"),
    *("0912345678", "0912 345 678", "001089012345", "CB 123456789", "John Smith"),
]


@pytest.mark.parametrize(("typed", "code"), [*((c, True) for c in CODES), *((n, False) for n in NAMES)])
def test_what_looks_like_a_code(typed: str, code: bool) -> None:
    from toolkit.core.text import looks_like_org_code

    assert looks_like_org_code(typed) is code


@pytest.mark.parametrize(("typed", "quoted"), [("CB TDP1", True), ("Nguyễn Văn An", False)])
def test_a_code_with_spaces_is_quoted_a_name_is_not(tmp_path: Path, typed: str, quoted: bool) -> None:
    """A code the registry lacks typed with a space ("CB TDP1" in B1): `org.unknown` quotes it
    in `Kiểm tra`, the JSON and the screen, and the file's issues name it as their
    organisation's; a name typed there is still "[đã ẩn]" everywhere (review314 F6)."""
    import openpyxl

    outputs, issues = _outputs(tmp_path, typed=typed)
    unknown = issues[0]
    assert unknown["file"] == "a.xlsx" and unknown["cell"] == "B1"
    rows = openpyxl.load_workbook(tmp_path / "th.xlsx")["Kiểm tra"].iter_rows(values_only=True)
    said = [" ".join(str(c) for c in row if c is not None) for row in rows]
    said = [row for row in said if "a.xlsx" in row and "không có trong danh mục" in row]
    assert len(said) == 1, said
    if quoted:
        assert unknown["value"] == typed and unknown["org_code"] == typed
        assert f"Mã tổ chức “{typed}” không có trong danh mục" in str(unknown["message"])
        assert f"Mã tổ chức “{typed}” không có trong danh mục" in said[0]
        assert all(typed in text for where, text in outputs.items() if where != "consolidate screen"), outputs
    else:
        assert unknown["value"] is None and unknown.get("org_code") in (None, "")
        assert f"Mã tổ chức “{HIDDEN}” không có trong danh mục" in said[0]
        assert [where for where, text in outputs.items() if typed in text] == []


@pytest.mark.parametrize("typed", [TYPED, f"CB08  {PERSON}", f" {TYPED}"])
def test_a_name_typed_as_the_code_is_in_no_output_by_default(tmp_path: Path, typed: str) -> None:
    """Typed with a double or a leading space too: the correction of the cell (`norm.spaces`)
    kept its value as a code's, quoting the name (hunt312 F3)."""
    outputs, issues = _outputs(tmp_path, typed=typed)
    assert [where for where, text in outputs.items() if PERSON in text] == []
    masked, real = issues  # both still said, at the code's cell
    assert masked["file"] == "a.xlsx" and masked["cell"] == "B1" and masked["value"] is None
    assert f"Mã tổ chức “{HIDDEN}” không có trong danh mục" in str(masked["message"])
    # A real unknown code is the clerk's to see: quoted as typed.
    assert real["file"] == "b.xlsx" and real["value"] == REAL and real["org_code"] == REAL
    assert f"Mã tổ chức “{REAL}” không có trong danh mục" in str(real["message"])
    assert all(REAL in text for where, text in outputs.items() if where != "consolidate screen"), outputs


def test_asked_for_the_name_typed_as_the_code_is_listed(tmp_path: Path) -> None:
    outputs, issues = _outputs(tmp_path, "--personal-data")
    listing = [w for w in outputs if w != "consolidate screen"]
    assert [where for where in listing if PERSON not in outputs[where]] == []
    masked, _ = issues
    assert masked["value"] == TYPED


# A file sent twice with that name in its code cell (a resend, or a copy kept beside it): the
# error of an organisation with two files (`org.duplicate_file`), or the warning of an identical
# copy (`org.identical_copy`), quoted the code typed as the organisation's, the name in it,
# in `Kiểm tra`, the JSON summary and the console, while `org.unknown` masked it (review314).
@pytest.mark.parametrize(("same", "code"), [(False, "org.duplicate_file"), (True, "org.identical_copy")])
def test_a_name_typed_as_the_code_of_two_files_is_in_no_output_by_default(
    tmp_path: Path, same: bool, code: str
) -> None:
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    first = write(folder, "a.xlsx", info=clean_info(org_code=TYPED, org_name="Chi bộ Tổ dân phố số 8"))
    if same:
        (folder / "a_gui_lai.xlsx").write_bytes(first.read_bytes())
    else:
        write(folder, "a_gui_lai.xlsx", info=clean_info(org_code=TYPED, org_name="Chi bộ Tổ dân phố số 8 "))
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    date = CUTOFF.strftime("%d/%m/%Y")
    outputs: dict[str, str] = {}
    for command, flags in (
        ("validate", ["--feedback", str(tmp_path / "phan_hoi")]),
        ("consolidate", ["--no-history", "-o", str(tmp_path / "th.xlsx")]),
    ):
        json_path = tmp_path / f"{command}.json"
        run = CliRunner().invoke(
            main,
            [
                command,
                str(folder),
                "--registry",
                str(registry),
                "--cutoff",
                date,
                "--json",
                str(json_path),
                *flags,
            ],
        )
        assert run.exit_code == 1, run.output
        outputs[f"{command} screen"] = run.output
        outputs[f"{command} json"] = output_text(json_path)
    outputs["consolidate xlsx"] = output_text(tmp_path / "th.xlsx")
    outputs["feedback"] = " ".join(output_text(p) for p in sorted((tmp_path / "phan_hoi").glob("*.xlsx")))
    assert [where for where, text in outputs.items() if PERSON in text] == []
    said = [i for i in json.loads(outputs["consolidate json"])["issues"] if i["code"] == code]
    assert said and all(i["value"] is None and f"“{HIDDEN}”" in i["message"] for i in said), said


def test_a_file_nothing_ties_to_the_registry_is_named_by_no_typed_name(tmp_path: Path) -> None:
    """A name typed as the code of a file whose file name and organisation name tie it to no
    registry organisation: the typed text was that organisation's code for the run, on the
    console ("– CB08 (Đặng Thai Mai) bị loại"), row 3 of `Tổng hợp`, `Theo tổ chức`, `Nguồn số
    liệu`, the JSON summary sent up and the history (review314 F5). Each such organisation is
    `[đã ẩn]`, `[đã ẩn] 2`; its file still names it."""
    import sqlite3

    folder = tmp_path / "bai_nop"
    folder.mkdir()
    # Members of their own: CB07's file is consolidated, so the run is recorded.
    for name, code, org, (n, member) in (
        ("a.xlsx", TYPED, "Chi bộ Khu phố Mới", (81, "Hoàng Văn An")),
        ("b.xlsx", "Lê Văn Tám", "Chi bộ Khu phố Cũ", (82, "Phạm Văn Bình")),
    ):
        info = clean_info(org_code=code, org_name=org)
        write(folder, name, info=info, members=[numbered_member(f"CB{n}", 0, member)], events=[])
    write(folder, "c.xlsx", info=clean_info(org_code="CB07", org_name="Chi bộ Tổ dân phố số 7"))
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    history = tmp_path / "lich_su.sqlite"

    def run(*extra: str) -> tuple[str, str, str, str]:
        out, summary = tmp_path / "th.xlsx", tmp_path / "th.json"
        done = CliRunner().invoke(
            main,
            [
                "consolidate", str(folder), "--registry", str(registry), "--cutoff",
                CUTOFF.strftime("%d/%m/%Y"), "--history", str(history), *extra, "-o", str(out),
                "--json", str(summary),
            ],
        )  # fmt: skip
        assert done.exit_code in (0, 1), done.output
        with sqlite3.connect(history) as db:
            stored = " ".join(str(row) for row in db.execute("SELECT org_code, file FROM organisation"))
        return done.output, output_text(out), output_text(summary), stored

    said, book, summary, stored = run()
    for where, text in {"console": said, "xlsx": book, "json": summary}.items():
        assert PERSON not in text and "Lê Văn Tám" not in text, where
    assert "a.xlsx" in stored and PERSON not in stored and "Lê Văn Tám" not in stored, stored
    codes = {o["file"]: o["org_code"] for o in json.loads(summary)["organisations"] if o.get("file")}
    assert codes == {"a.xlsx": HIDDEN, "b.xlsx": f"{HIDDEN} 2", "c.xlsx": "CB07"}
    # outside the registry: not "bị loại" (hunt337 F1)
    outside = f"– {HIDDEN} chưa có trong danh mục, không được tổng hợp: tệp a.xlsx có lỗi"
    assert outside in " ".join(said.split())
    # Asked for, the code typed is listed as it was.
    said, book, summary, _ = run("--personal-data")
    assert TYPED in said and TYPED in summary and TYPED in book
