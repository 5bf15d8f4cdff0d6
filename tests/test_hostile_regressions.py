"""Regressions found by the hostile corpus and the fuzzer, each named after the problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus import CUTOFF, NameSource, clean_content

from toolkit.cli import main
from toolkit.consolidate import consolidate, write_outputs


@pytest.mark.parametrize("key", ["sector", "org_tier"])
def test_unknown_sector_or_tier_in_one_file_does_not_stop_the_consolidation(tmp_path: Path, key: str) -> None:
    """A mistyped `Khối`/`Cấp tổ chức` (kept as typed so validation can report it) reached the
    per-organisation sheet as if it were a code: KeyError, and the whole run failed (exit 2)."""
    folder = tmp_path / "nop"
    folder.mkdir()
    names = NameSource(seed=11)
    clean_content("K01", names).write(folder / "K01.xlsx")
    bad = clean_content("K02", names)
    bad.info[key] = "Khối gì đó"
    bad.write(folder / "K02.xlsx")

    result = consolidate([folder], cutoff=CUTOFF)
    status = {o.org_code: o for o in result.organisations}
    assert status["K01"].status == "consolidated"
    assert status["K02"].status == "excluded"
    assert getattr(status["K02"], key) is None
    assert any(i.code == "info.not_allowed" and i.file == "K02.xlsx" for i in result.issues)
    write_outputs(result, tmp_path / "tong_hop.xlsx", tmp_path / "tong_hop.json")

    run = CliRunner().invoke(
        main, ["consolidate", str(folder), "--cutoff", CUTOFF.isoformat(), "-o", str(tmp_path / "cli.xlsx")]
    )
    assert run.exit_code == 1, run.output
    assert (tmp_path / "cli.xlsx").is_file()
