"""Every output of a folder of submissions, as text, for the personal-data tests: they plant a
person's name somewhere it does not belong and look for it in each (`every_output`)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner

from toolkit.cli import main


def output_text(path: Path) -> str:
    """A written file's text: an .xlsx's every part (cells, shared strings, headers), else the file."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return path.read_text(encoding="utf-8")


def every_output(tmp_path: Path, folder: Path, registry: Path, cutoff: str, *extra: str) -> dict[str, str]:
    """`validate` (screen, `--json kt.json`, `--feedback phan_hoi`) and `consolidate` (screen,
    `-o th.xlsx`, `--json th.json`, no history) of `folder` under `registry`, with `extra`
    options, in `tmp_path`: each output's text by a name of where it is."""
    out: dict[str, str] = {}
    run = CliRunner().invoke(
        main,
        [
            "validate", str(folder), "--registry", str(registry), "--cutoff", cutoff, *extra,
            "--json", str(tmp_path / "kt.json"), "--feedback", str(tmp_path / "phan_hoi"),
        ],
    )  # fmt: skip
    assert run.exit_code in (0, 1), run.output
    out["validate screen"] = run.output
    out["validate json"] = output_text(tmp_path / "kt.json")
    out["feedback"] = " ".join(output_text(p) for p in sorted((tmp_path / "phan_hoi").glob("*.xlsx")))
    run = CliRunner().invoke(
        main,
        [
            "consolidate", str(folder), "--registry", str(registry), "--cutoff", cutoff, "--no-history",
            *extra, "-o", str(tmp_path / "th.xlsx"), "--json", str(tmp_path / "th.json"),
        ],
    )  # fmt: skip
    assert run.exit_code in (0, 1), run.output
    out["consolidate screen"] = run.output
    out["consolidate json"] = output_text(tmp_path / "th.json")
    out["consolidate xlsx"] = output_text(tmp_path / "th.xlsx")
    return out
