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


def test_the_help_s_default_form_period_and_history_failure_are_what_a_run_does(tmp_path: Path) -> None:
    """hunt104 #5: the help said the forms' period defaults to 01/01 of the cut-off's year, but
    a later --since starts it (the later of the two), and that exit code 2 means "không đọc/ghi
    được" while a history that cannot be read gives 0, a warning and a run not recorded."""
    import json

    from tests.helpers_history import foreign_database

    helped = " ".join(CliRunner().invoke(main, ["consolidate", "--help"]).output.split())
    assert "hoặc từ ngày bắt đầu kỳ tính biến động (--since" in helped, helped
    assert "nếu muộn hơn" in helped
    assert "lịch sử tổng hợp không đọc hoặc không ghi được" in helped
    assert "không đổi mã thoát" in helped
    folder = tmp_path / "bai_nop"
    write_ward(folder, with_error=False)
    history = foreign_database(tmp_path / "h.sqlite")  # not a history: cannot be read
    out = tmp_path / "kq.xlsx"
    args = ["consolidate", str(folder), "--cutoff", f"{CUTOFF:%d/%m/%Y}", "--since", "01/02/2026"]
    args += ["-o", str(out), "--json", str(out.with_suffix(".json")), "--history", str(history)]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output  # as the help now says
    summary = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert summary["form_period"] == ["2026-02-01", CUTOFF.isoformat()]  # the later of 01/01 and --since
    assert any(i["code"].startswith("history.") for i in summary["issues"])
