"""A rule the consolidation runs after validation (`pipeline._checked`: the targets' warnings,
each file's period start) that crashes is a `ward.check_failed` error naming it, the figures
and every other issue kept, as a crashed check of `validation.run` is; before hunt313, any of
them stopped `consolidate` with "Lỗi không mong đợi" and nothing written (exit code 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import toolkit.pipeline
from tests.helpers_excel import CUTOFF, REGISTRY, write_ward
from tests.helpers_unexpected import Failing
from toolkit.cli import main
from toolkit.io import registry as registry_module
from toolkit.outputs.registry_file import write_registry
from toolkit.pipeline import consolidate
from toolkit.stats import ward as ward_stats

# Each rule: the module it is looked up in when the consolidation calls it, and its name.
RULES = [
    (ward_stats, "partial_target_issues"),
    (registry_module, "implausible_target_issues"),
    (registry_module, "implausible_ward_target_issues"),
    (toolkit.pipeline, "period_start_issue"),
]


@pytest.fixture(scope="module")
def nop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pipeline_checks") / "nop"
    write_ward(folder, with_error=False)
    return folder


@pytest.mark.parametrize(("module", "name"), RULES, ids=[name for _, name in RULES])
def test_a_crashed_rule_is_said_and_the_run_goes_on(
    nop: Path, monkeypatch: pytest.MonkeyPatch, module: object, name: str
) -> None:
    sound = consolidate([nop], cutoff=CUTOFF, registry=REGISTRY)
    bug = Failing(lambda *_a, **_k: KeyError("Nguyễn Văn Bí Mật"))
    monkeypatch.setattr(module, name, bug)
    done = consolidate([nop], cutoff=CUTOFF, registry=REGISTRY)
    assert bug.calls >= 1
    failed = [i for i in done.issues if i.code == "ward.check_failed"]
    assert [i.message for i in failed] == [
        i.message for i in failed if f"({name}: {bug.cause('KeyError')})" in i.message
    ]
    assert len(failed) == 1
    assert "Bí Mật" not in failed[0].message  # never the exception's text
    # The figures are the sound run's, every organisation still consolidated.
    assert done.indicators == sound.indicators
    assert done.count("consolidated") == sound.count("consolidated") == 2


def test_the_command_writes_its_outputs_and_names_the_rule(
    nop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = write_registry(REGISTRY, tmp_path / "danh_muc.xlsx")
    bug = Failing(lambda *_a, **_k: KeyError("Nguyễn Văn Bí Mật"))
    monkeypatch.setattr(ward_stats, "partial_target_issues", bug)
    out = tmp_path / "ra" / "tong_hop.xlsx"
    out.parent.mkdir()
    args = ["consolidate", str(nop), "--cutoff", f"{CUTOFF:%d/%m/%Y}", "--registry", str(registry)]
    args += ["-o", str(out), "--json", str(out.with_suffix(".json")), "--no-history"]
    res = CliRunner().invoke(main, args)
    assert "Lỗi không mong đợi" not in res.output, res.output
    assert res.exit_code == 0, res.output  # no file is excluded by it
    assert out.is_file() and out.with_suffix(".json").is_file()
    text = out.with_suffix(".json").read_text(encoding="utf-8")
    assert "ward.check_failed" in text and "partial_target_issues" in text


def test_validate_says_a_crashed_period_start_rule(nop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`validate`'s own use of the period start rule (`check_period_starts`) is guarded too."""
    bug = Failing(lambda *_a, **_k: KeyError("Nguyễn Văn Bí Mật"))
    monkeypatch.setattr(toolkit.pipeline, "period_start_issue", bug)
    res = CliRunner().invoke(main, ["validate", str(nop), "--cutoff", f"{CUTOFF:%d/%m/%Y}"])
    assert "Lỗi không mong đợi" not in res.output, res.output
    assert res.exit_code == 1, res.output  # the error is counted
    assert f"check_period_starts: {bug.cause('KeyError')}" in res.output
    assert "Bí Mật" not in res.output


@pytest.mark.parametrize(
    ("module_name", "name", "said"),
    [
        ("toolkit.validation.attribution", "read_codes_loosely", "read_codes_loosely"),
        ("toolkit.validation.attribution", "name_from_registry", "name_from_registry"),
        ("toolkit.validation.run", "identical_copies", "identical_copies"),
    ],
)
def test_the_steps_before_the_checks_are_checks_too(
    nop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module_name: str, name: str, said: str
) -> None:
    """Reading codes typed loosely and marking byte-identical copies run before the checks, in
    `validation.run`: a crash of either is a `ward.check_failed` naming it, the run goes on, and
    a copy is then never counted twice (its organisation's second file is an error)."""
    import importlib
    import shutil

    folder = tmp_path / "nop"
    shutil.copytree(nop, folder)
    first = sorted(folder.glob("*.xlsx"))[0]
    shutil.copy(first, folder / f"{first.stem} (1).xlsx")  # the same file sent twice
    sound = consolidate([nop], cutoff=CUTOFF, registry=REGISTRY)
    bug = Failing(lambda *_a, **_k: KeyError("Nguyễn Văn Bí Mật"))
    monkeypatch.setattr(importlib.import_module(module_name), name, bug)
    done = consolidate([folder], cutoff=CUTOFF, registry=REGISTRY)
    assert bug.calls == 1
    failed = [i.message for i in done.issues if i.code == "ward.check_failed"]
    assert len(failed) == 1 and f"({said}: {bug.cause('KeyError')})" in failed[0], failed
    assert "Bí Mật" not in failed[0]
    # No organisation is counted twice: at most the sound run's members.
    total = "members.total"
    assert done.indicators.get(total, 0) <= sound.indicators[total]
