"""`ward.no_ward_name`: a consolidation without the ward's name. The official forms then head
"ĐẢNG ỦY PHƯỜNG" and nothing else, `Tổng hợp`, `Báo cáo` and the report are titled without it,
and the history and JSON summary carry no name (a roll-up later warns `rollup.no_ward_name` of
it), so the run says so: in the issues, and in a short line of the console and the Excel status
where the run ends."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, PERIOD_START, REGISTRY, write_ward
from toolkit.cli import main
from toolkit.outputs.publish import write_outputs
from toolkit.outputs.registry_file import write_registry
from toolkit.pipeline import consolidate

CODE = "ward.no_ward_name"
SAID = "Các Biểu 1–4-BTCTW, sheet “Tổng hợp” và báo cáo chưa có tên phường"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ward_name")
    write_ward(root / "nop", with_error=False)
    write_registry(REGISTRY, root / "danh_muc.xlsx")
    return root


@pytest.mark.parametrize("name", [None, "", "   "])
def test_a_run_without_a_ward_name_says_it_once_and_heads_the_forms_without_a_name(
    folder: Path, tmp_path: Path, name: str | None
) -> None:
    result = consolidate([folder / "nop"], cutoff=CUTOFF, ward_name=name)
    said = [i for i in result.issues if i.code == CODE]
    assert len(said) == 1 and said[0].file is None and said[0].severity == "warning"
    assert "Tên phường" in said[0].message and "ĐẢNG ỦY PHƯỜNG" in said[0].message
    # since bf30fde the name also titles these: the warning says so (fix148)
    assert "tiêu đề sheet “Tổng hợp”, sheet “Báo cáo”, tệp báo cáo và tệp JSON" in said[0].message
    assert result.ward_name is None
    write_outputs(result, tmp_path / "th.xlsx", tmp_path / "th.json")
    heading = openpyxl.load_workbook(tmp_path / "th.xlsx", read_only=True)["Biểu 1-BTCTW"]["A1"].value
    assert heading == "ĐẢNG ỦY PHƯỜNG"
    summary = json.loads((tmp_path / "th.json").read_text(encoding="utf-8"))
    assert summary["ward_name"] is None and [i["code"] for i in summary["issues"]].count(CODE) == 1


def test_a_named_run_says_nothing_and_keeps_the_name_with_its_spaces_tidied(folder: Path) -> None:
    result = consolidate([folder / "nop"], cutoff=CUTOFF, ward_name="  Phường   Hải Dương ")
    assert not [i for i in result.issues if i.code == CODE]
    assert result.ward_name == "Phường Hải Dương"


def test_a_ward_name_typed_with_combining_accents_is_kept_in_one_form(folder: Path, tmp_path: Path) -> None:
    """A name typed (or pasted) with combining accents and a zero-width space was stored, shown
    in the forms' heading and written to the summary as typed: NFD letters another program
    (the province's) reads as other text. It is one form (NFC) everywhere, the history too."""
    import sqlite3
    import unicodedata

    from tests.helpers_history import consolidated_into

    typed = unicodedata.normalize("NFD", "Phường\u200b Hải  Dương")
    assert typed != unicodedata.normalize("NFC", typed)
    history = tmp_path / "h.sqlite"
    out = tmp_path / "th.xlsx"
    summary = consolidated_into(folder / "nop", CUTOFF, history, out, ward=typed)
    assert summary["ward_name"] == "Phường Hải Dương"
    heading = openpyxl.load_workbook(out, read_only=True)["Biểu 1-BTCTW"]["A1"].value
    assert "ĐẢNG ỦY PHƯỜNG HẢI DƯƠNG" in heading and unicodedata.is_normalized("NFC", heading)
    conn = sqlite3.connect(history)
    try:
        stored = [name for (name,) in conn.execute("SELECT ward_name FROM consolidation")]
    finally:
        conn.close()
    assert stored == ["Phường Hải Dương"]


def test_the_console_says_it_where_the_run_ends_and_not_when_named(folder: Path, tmp_path: Path) -> None:
    def run(*extra: str) -> str:
        dates = ["--cutoff", f"{CUTOFF:%d/%m/%Y}", "--since", f"{PERIOD_START:%d/%m/%Y}"]
        args = ["consolidate", str(folder / "nop"), *dates]
        args += ["--registry", str(folder / "danh_muc.xlsx"), "-o", str(tmp_path / "th.xlsx"), "--no-history"]
        done = CliRunner().invoke(main, [*args, *extra])
        assert done.exit_code in (0, 1), done.output
        return done.output

    lines = run().splitlines()
    said = [n for n, line in enumerate(lines) if line.startswith(SAID)]
    totals = [n for n, line in enumerate(lines) if line.startswith("Tổng cộng")]
    assert len(said) == 1 and said[0] + 1 == totals[0], lines
    assert "--ward-name" in lines[said[0]]
    assert SAID not in run("--ward-name", "Phường Hải Dương")


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Hải Dương", True),  # "ĐẢNG ỦY HẢI DƯƠNG": another committee's heading
        ("Đảng bộ phường Hải Dương", True),
        ("Phường Hải Dương", False),
        ("phường  Lê Thanh Nghị", False),
        ("Xã An Bình", False),
        ("Đặc khu Côn Đảo", False),
        ("Thị trấn Nam Sách", False),
    ],
)
def test_a_ward_name_without_its_kind_is_said_with_the_heading_it_gives(
    folder: Path, name: str, said: bool
) -> None:
    result = consolidate([folder / "nop"], cutoff=CUTOFF, ward_name=name)
    found = [i for i in result.issues if i.code == "ward.name_without_kind"]
    assert len(found) == int(said)
    if said:
        tidy = " ".join(name.split())
        assert found[0].file is None and found[0].severity == "warning"
        assert f"“ĐẢNG ỦY {tidy.upper()}”" in found[0].message and "Phường Hải Dương" in found[0].message
    assert not [i for i in result.issues if i.code == CODE]


@pytest.mark.parametrize("kind", ["Phường", "  xã ", "Đặc khu", "Thị trấn"])
def test_a_ward_name_that_is_only_its_kind_is_said_to_lack_the_name_not_the_kind(
    folder: Path, kind: str
) -> None:
    """ "Phường" alone starts with "Phường": the warning says the name is missing, not the word."""
    result = consolidate([folder / "nop"], cutoff=CUTOFF, ward_name=kind)
    (found,) = [i for i in result.issues if i.code.startswith("ward.name_")]
    tidy = " ".join(kind.split())
    assert (found.code, found.severity, found.file) == ("ward.name_only_kind", "warning", None)
    assert found.message.startswith(f"Tên phường chỉ có chữ “{tidy}”, chưa có tên: ")
    assert f"“ĐẢNG ỦY {tidy.upper()}”, không có tên" in found.message and "Phường Hải Dương" in found.message
    assert "không bắt đầu bằng" not in found.message
