"""A workbook whose name lost its spreadsheet suffix (an attachment saved as `CB01`, a second
download `CB02.xlsx(1)`) is found by its first bytes and read, never left out without a word
(hunt112c #3: the organisations were "chưa nộp" with no issue naming the file). A file without
a suffix that is no workbook is not a submission, and a zip that is no workbook is refused
naming the file."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from click.testing import CliRunner
from helpers_worklists import REGISTRY, _member, submission

from toolkit.cli import main
from toolkit.io.discover import discover


def _roll(family: str) -> list[dict]:
    return [
        _member(f"{family} Văn {n}", "01/01/1970", "male", "01/01/1995", "01/01/1996")
        for n in ("Một", "Hai", "Ba")
    ]


def test_workbooks_without_their_suffix_are_read_and_other_files_are_not(tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    cb02, cb01, cb03 = REGISTRY.organisations
    submission(folder, cb01, _roll("Lê")).rename(folder / "CB01")
    submission(folder, cb02, _roll("Trần")).rename(folder / "CB02.xlsx(1)")
    submission(folder, cb03, _roll("Phạm")).rename(folder / "CB03. To 3")  # its last dot starts no suffix
    (folder / "ghi_chu").write_text("Chi bộ CB04 nộp sau.", encoding="utf-8")
    (folder / "ghi_chu.2026").write_text("Chi bộ CB04 nộp sau.", encoding="utf-8")
    (folder / "anh.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(20))
    with zipfile.ZipFile(folder / "van_ban", "w") as zf:  # a Word file saved without its suffix
        zf.writestr("word/document.xml", "<w:document/>")
    # Downloads not finished are no workbook yet, whatever they hold (review118 F1): Chrome's own
    # name, a Word file or a zip still downloading.
    (folder / "Unconfirmed 123456.crdownload").write_bytes((folder / "CB01").read_bytes())
    for name in ("Bao cao.docx.crdownload", "Tai lieu.zip.opdownload"):
        with zipfile.ZipFile(folder / name, "w") as zf:
            zf.writestr("a.txt", "x")
    found = [p.name for p in discover([folder])]
    assert found == ["CB01", "CB02.xlsx(1)", "CB03. To 3", "van_ban"]

    out, summary = tmp_path / "ket_qua.xlsx", tmp_path / "ket_qua.json"
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "-o", str(out), "--json", str(summary)]
    done = CliRunner().invoke(main, [*args, "--no-history"])
    assert "Traceback" not in done.output
    data = json.loads(summary.read_text(encoding="utf-8"))
    files = {o["org_code"]: (o["status"], o["file"]) for o in data["organisations"]}
    assert files["CB01"] == ("consolidated", "CB01")
    assert files["CB02"] == ("consolidated", "CB02.xlsx(1)")
    assert files["CB03"] == ("consolidated", "CB03. To 3")
    assert data["indicators"]["members.total"] == 9
    # Each such name is said once, with the name Excel opens: a warning, the file still counted.
    renames = {i["file"]: i for i in data["issues"] if i["code"] == "file.name_suffix"}
    assert sorted(renames) == ["CB01", "CB02.xlsx(1)", "CB03. To 3"]
    assert all(i["severity"] == "warning" for i in renames.values())
    assert "“CB01.xlsx”" in renames["CB01"]["message"]
    assert "“CB02.xlsx”" in renames["CB02.xlsx(1)"]["message"]
    assert "“CB03. To 3.xlsx”" in renames["CB03. To 3"]["message"]
    refused = {i["code"]: i["severity"] for i in data["issues"] if i.get("file") == "van_ban"}
    assert refused["file.format"] == "error"
    assert not [i for i in data["issues"] if i.get("file") in ("ghi_chu", "ghi_chu.2026", "anh.jpg")]
    assert not [i for i in data["issues"] if i["code"] == "file.name_suffix" and i.get("file") == "van_ban"]


def test_a_name_without_its_suffix_is_the_clerks_to_fix_not_the_secretarys(tmp_path: Path) -> None:
    """The warning is for the clerk, whose download or copy may have lost the suffix: a file
    with nothing else to fix gets no feedback workbook to send back to its secretary."""
    folder, feedback = tmp_path / "bai_nop", tmp_path / "phan_hoi"
    cb02, cb01, _ = REGISTRY.organisations
    submission(folder, cb01, _roll("Lê")).rename(folder / "CB01")
    submission(folder, cb02, _roll("Trần"))
    args = ["validate", str(folder), "--cutoff", "31/03/2026", "--feedback", str(feedback)]
    done = CliRunner().invoke(main, args)
    assert "Traceback" not in done.output
    assert "CB01" in done.output and "CB01.xlsx" in done.output  # said to the clerk
    assert not feedback.exists() or not list(feedback.iterdir())


def test_a_workbook_whose_last_dot_looks_like_a_file_type_is_read(tmp_path: Path) -> None:
    """`CB01.To3` (Tổ 3 after a dot) or `CB02.Quy1` ends in what looks like a file type: a zip
    holding an Excel workbook is read all the same, with the name Excel opens, and a second
    download `CB03.xlsx.1` is told a name that is not its first copy's (review118 F8). A Word
    file, and the copies and save files programs leave beside a workbook (`.tmp`, `.bak`, a
    workbook's name with more after it), are no submission: read, each would be a second file
    of its organisation (review132 #1)."""
    folder = tmp_path / "bai_nop"
    cb02, cb01, cb03 = REGISTRY.organisations
    submission(folder, cb01, _roll("Lê")).rename(folder / "CB01.To3")
    submission(folder, cb02, _roll("Trần")).rename(folder / "CB02.Quy1")
    submission(folder, cb03, _roll("Phạm")).rename(folder / "CB03.xlsx.1")
    with zipfile.ZipFile(folder / "Bao cao.docx", "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with zipfile.ZipFile(folder / "Ho so.Dot2", "w") as zf:  # a zip of other files, named oddly
        zf.writestr("a.txt", "x")
    (folder / "ghi_chu.txt").write_text("Chi bộ CB04 nộp sau.", encoding="utf-8")
    workbook = (folder / "CB01.To3").read_bytes()
    for copy in ("CB01.xlsx.bak", "CB01 cu.bak", "5D3A1B00.tmp", "CB01.docx", "CB01.old"):
        (folder / copy).write_bytes(workbook)
    found = [p.name for p in discover([folder])]
    assert found == ["CB01.To3", "CB02.Quy1", "CB03.xlsx.1"]

    out, summary = tmp_path / "ket_qua.xlsx", tmp_path / "ket_qua.json"
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "-o", str(out), "--json", str(summary)]
    done = CliRunner().invoke(main, [*args, "--no-history"])
    assert "Traceback" not in done.output
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert data["indicators"]["members.total"] == 9
    assert [o["status"] for o in data["organisations"]] == ["consolidated"] * 3
    renames = {i["file"]: i["message"] for i in data["issues"] if i["code"] == "file.name_suffix"}
    assert sorted(renames) == ["CB01.To3", "CB02.Quy1", "CB03.xlsx.1"]
    assert "“CB01.To3.xlsx”" in renames["CB01.To3"]
    assert "“CB02.Quy1.xlsx”" in renames["CB02.Quy1"]
    assert "“CB03 (1).xlsx”" in renames["CB03.xlsx.1"]


def test_the_name_told_is_never_a_file_of_the_folder(tmp_path: Path) -> None:
    """A workbook named explicitly under another type's suffix, beside the submission it is a
    copy of, is told a name that would not replace it (review132 #2): Windows' own name for a
    second copy."""
    folder = tmp_path / "bai_nop"
    _, cb01, _ = REGISTRY.organisations
    path = submission(folder, cb01, _roll("Lê"))
    (folder / "CB01.docx").write_bytes(path.read_bytes())
    (folder / "CB01 (1).xlsx").write_bytes(b"")  # taken too
    summary = tmp_path / "kiem_tra.json"
    args = ["validate", str(folder / "CB01.docx"), "--cutoff", "31/03/2026", "--json", str(summary)]
    done = CliRunner().invoke(main, args)
    assert "Traceback" not in done.output
    data = json.loads(summary.read_text(encoding="utf-8"))
    (message,) = [i["message"] for i in data["issues"] if i["code"] == "file.name_suffix"]
    assert "“CB01 (2).xlsx”" in message, message


def test_a_workbook_whose_workbook_part_is_named_with_backslashes_is_found_without_its_suffix(
    tmp_path: Path,
) -> None:
    """`xl\\workbook.xml`, as some Windows tools zip: calamine reads it, so the reader does
    (`package.part_key`), and so does the look into a file of an odd suffix."""
    folder = tmp_path / "bai_nop"
    cb01 = REGISTRY.organisations[1]
    path = submission(folder, cb01, _roll("Lê"))
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(folder / "CB01.To3", "w") as zout:
        for info in zin.infolist():
            name = info.filename.replace("/", "\\") if info.filename == "xl/workbook.xml" else info.filename
            zout.writestr(name, zin.read(info.filename))
    path.unlink()
    assert [p.name for p in discover([folder])] == ["CB01.To3"]
