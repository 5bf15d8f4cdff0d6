"""A registry saved as .xls or .ods is refused with the way to an .xlsx (hunt220 F2).

A first-time office keeping its list of organisations in an old Excel 97-2003 book, or one
saved by LibreOffice, read only "Danh mục tổ chức chỉ nhận tệp .xlsx hoặc .csv (UTF-8)": what
it takes, not how to get there. The refusal now says to save it again as an Excel workbook.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core.model import Registry
from toolkit.outputs.registry_file import write_registry
from toolkit.sample.rows import Period


@pytest.mark.parametrize("suffix", [".xls", ".ods"])
def test_a_registry_of_another_format_is_refused_with_how_to_save_it_as_xlsx(
    tmp_path: Path, suffix: str
) -> None:
    orgs = sample_orgs(2202, [5], Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31)), prefix="R")
    made = write_registry(Registry([o.organisation for o in orgs]), tmp_path / "danh_muc.xlsx")
    registry = tmp_path / f"danh_muc_to_chuc{suffix}"
    shutil.copyfile(made, registry)  # the clerk's registry, under the name its format gives it
    for args in (
        ["template", "--registry", str(registry), "--out", str(tmp_path / "mau")],
        ["validate", str(tmp_path), "--registry", str(registry), "--cutoff", "31/03/2026"],
    ):
        done = CliRunner().invoke(main, args)
        said = " ".join(done.output.split())
        assert done.exit_code == 2, said
        assert "Traceback" not in said
        assert f"Danh mục tổ chức danh_muc_to_chuc{suffix}" in said, said
        assert "Danh mục tổ chức chỉ nhận tệp .xlsx hoặc .csv (UTF-8)." in said, said
        assert "Hãy mở tệp bằng Excel rồi lưu lại: Lưu thành (Save As) → Sổ làm việc Excel (.xlsx)" in said, (
            said
        )
    assert not (tmp_path / "mau").exists()
