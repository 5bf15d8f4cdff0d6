"""What the bundle's HUONG_DAN.txt tells a clerk to expect, against what the tool does (hunt356)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers_sample import sample_orgs, ward_summary, written_folder
from helpers_validate import write_old

from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.sample.rows import Period

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "packaging" / "windows" / "HUONG_DAN.txt"
AGES = ("OldAgeMen", "OldAgeWomen")  # the old-age cells of `Điều khiển`


def _installed_workbook(tmp_path: Path) -> Path:
    """The bundle's workbook as `cai_dat.cmd` leaves it: `bai_nop` and `tmp` made, its Windows
    paths pointed at this machine's Python and `tmp` folder."""
    import openpyxl

    from toolkit.excel.build import DEFAULT_TARGET

    book = tmp_path / DEFAULT_TARGET.name
    shutil.copy(DEFAULT_TARGET, book)
    (tmp_path / "bai_nop").mkdir()
    (tmp_path / "tmp").mkdir()
    wb = openpyxl.load_workbook(book, keep_vba=True)
    for key, value in wb["xlwings.conf"].iter_rows(min_col=1, max_col=2):
        if key.value == "Interpreter_Win":
            value.value = sys.executable
        elif key.value == "TEMP DIR":
            value.value = str(tmp_path / "tmp")
    wb.save(book)
    return book


def test_the_guide_says_the_install_is_done_as_doctor_reports_it_after_an_install(tmp_path: Path) -> None:
    """HUONG_DAN.txt said “mọi mục [ĐẠT] là xong” of the check `cai_dat.cmd` prints last, but a
    fresh install always warns that “Tên phường” is blank and that the registry sheet holds only
    the template's example row: a clerk following the guide word by word took the install as
    unfinished. It now says no [LỖI] is done, and names each warning an install gives."""
    from toolkit.excel.doctor import diagnose

    findings = [f for f in diagnose(_installed_workbook(tmp_path)) if f.status != "ok"]
    assert [f.topic for f in findings if f.status == "error"] == []
    warned = [f.topic for f in findings if f.status == "warning"]
    assert warned, "a fresh install warns (the ward's name is blank)"
    guide = " ".join(GUIDE.read_text(encoding="utf-8").split())
    install = guide.split("2. CÀI ĐẶT", 1)[1].split("3. DÙNG HẰNG NGÀY", 1)[0]
    assert "mọi mục [ĐẠT]" not in install
    assert "không có mục [LỖI] là xong" in install
    for topic in warned:
        name = re.sub(r"^Sheet “(.+)”$", r"\1", topic.split(" (")[0])
        assert f'"{name}"' in install, topic


def test_an_old_age_cell_that_is_no_number_is_refused_with_the_range_the_run_takes(tmp_path: Path) -> None:
    """“Tuổi được miễn vì tuổi cao: nam” = “abc” (or -5) was refused as no “số nguyên không âm”;
    the clerk who typed the 0 those words ask for was then told the age must be from 40 to 90.
    Every refusal of an old-age cell now says that range, as the built workbook's validation
    does (it took any whole number from 0 before)."""
    import pytest

    from toolkit.core.errors import WardStatsError
    from toolkit.core.thresholds import AGE_SETTING_RANGE
    from toolkit.excel import book as xlbook

    low, high = AGE_SETTING_RANGE
    for name in AGES:
        label = next(s.label for s in xlbook.settings() if s.name == name)
        for typed in ("abc", -5, "0", 0, 200):
            with pytest.raises(WardStatsError) as refused:
                xlbook.settings_from_values({name: typed}, tmp_path).thresholds()  # range: here
            assert f"Ô “{label}” ({xlbook.setting_place(name)}) = “{typed}”" in str(refused.value)
            assert f"từ {low} đến {high}" in str(refused.value), str(refused.value)
        assert (
            getattr(
                xlbook.settings_from_values({name: high}, tmp_path),
                {"OldAgeMen": "old_age_men", "OldAgeWomen": "old_age_women"}[name],
            )
            == high
        )


def test_the_workbook_takes_in_an_old_age_cell_only_the_ages_the_run_takes() -> None:
    import openpyxl

    from toolkit.core.thresholds import AGE_SETTING_RANGE
    from toolkit.excel import book as xlbook
    from toolkit.excel.build import DEFAULT_TARGET

    wb = openpyxl.load_workbook(DEFAULT_TARGET, keep_vba=True)
    names = {name: next(iter(wb.defined_names[name].destinations))[1].replace("$", "") for name in AGES}
    rules = wb[xlbook.SHEET_CONTROL].data_validations.dataValidation
    for name, cell in names.items():
        (rule,) = [r for r in rules if cell in str(r.sqref).split()]
        assert rule.type == "whole" and rule.operator in (None, "between"), name  # between: the default
        assert (int(rule.formula1), int(rule.formula2)) == AGE_SETTING_RANGE, name


def _readme_commands() -> list[list[str]]:
    """The README's block of commands for the office (“Dùng bằng dòng lệnh”), each split as the
    shell splits it, its comment left out."""
    import shlex

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("**Dùng bằng dòng lệnh**", 1)[1].split("```", 2)[1]
    lines = [line.split("  #", 1)[0].strip() for line in block.splitlines()[1:]]
    return [shlex.split(line)[1:] for line in lines if line.startswith("ward-stats ")]


def test_the_readme_commands_for_the_office_run_as_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each command of the README's block, as written, on a small ward made beside it (the
    files the block names: `bai_nop`, `danh_muc.xlsx`, two wards' JSON summaries, a folder of
    2026.1 files; `nam_truoc.xlsx` filled in before its import, as the comment says): every one
    ends with exit code 0 and writes the files its options name. The other tests of the
    documents parse the commands; none ran them."""
    monkeypatch.chdir(tmp_path)
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    orgs = written_folder(tmp_path / "bai_nop", 356, [4, 3], period)
    write_registry(Registry([o.organisation for o in orgs]), tmp_path / "danh_muc.xlsx")
    for name, prefix in (("phuong_a", "A"), ("phuong_b", "B")):
        doc = ward_summary(
            tmp_path / "wards", f"Phường {prefix}", sample_orgs(7, [3], period, prefix), period
        )
        doc.replace(tmp_path / f"{name}.json")
    (tmp_path / "bai_nop_cu").mkdir()
    write_old(tmp_path / "bai_nop_cu")

    commands = _readme_commands()
    assert len(commands) >= 10, commands
    for args in commands:
        if args[:2] == ["history", "import"]:  # “điền xong”: every yellow cell of the forms typed
            book = openpyxl.load_workbook(args[2])
            for sheet in book.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        rgb = cell.fill.fgColor.rgb if cell.fill and cell.fill.fgColor else None
                        if rgb == "FFFFF2CC" and cell.value is None and sheet.title.startswith("Biểu"):
                            cell.value = 0
            book.save(args[2])
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, (args, result.output)
        named = [args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-o", "--json", "--out")]
        for target in named:
            assert (tmp_path / target).exists(), (args, target)


def test_the_readme_says_when_a_summary_carries_the_personal_data_line(tmp_path: Path) -> None:
    """The README said a JSON summary written with `--personal-data` has the line
    `"personal_data": true`; a run whose issues name no member writes none (the schema's
    contract: only when some issue is a member's), so a clerk looking for the line found a file
    written as told without it. The README now says when it is there."""
    import json

    period = Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    written_folder(tmp_path / "bai_nop", 356, [3], period)
    doc = tmp_path / "kq.json"
    args = ["consolidate", str(tmp_path / "bai_nop"), "--cutoff", "31/03/2026", "--personal-data"]
    result = CliRunner().invoke(
        main, [*args, "-o", str(tmp_path / "kq.xlsx"), "--json", str(doc), "--no-history"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(doc.read_text(encoding="utf-8"))
    assert not [i for i in summary["issues"] if i["cell"]], "no issue of a member's cell in a clean ward"
    assert "personal_data" not in summary
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    said = readme.split("Tệp JSON ghi như vậy", 1)[1].split('`"personal_data": true`', 1)[0]
    assert "về đảng viên" in said, said
