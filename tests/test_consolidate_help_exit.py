"""`consolidate --help` says what its exit codes mean as the command sets them: 0 also when a
registry organisation sent no file (deliberate: the forms say their coverage), 1 for a file
left out (hunt33 #4: the help promised 0 only "khi tổng hợp đủ")."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.helpers_excel import CUTOFF, REGISTRY, write_ward
from toolkit.cli import main
from toolkit.outputs.registry_file import write_registry


def test_the_help_s_exit_codes_are_those_of_a_run_with_an_organisation_missing(tmp_path: Path) -> None:
    helped = " ".join(CliRunner().invoke(main, ["consolidate", "--help"]).output.split())
    assert (
        "Mã thoát: 0 khi không có tệp nào bị loại (tổ chức trong danh mục chưa nộp tệp không đổi mã" in helped
    )
    assert "0 khi tổng hợp đủ" not in helped
    # As said: an organisation of the registry without a file (CB03), nothing left out: 0.
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    registry = write_registry(REGISTRY, tmp_path / "dm.xlsx")
    args = ["consolidate", str(folder), "--registry", str(registry), "--cutoff", f"{CUTOFF:%d/%m/%Y}"]
    done = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "kq.xlsx"), "--no-history"])
    assert done.exit_code == 0, done.output
    assert "chưa nộp tệp" in done.output
