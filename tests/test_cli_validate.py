"""`ward-stats validate`: text report, JSON, exit codes (0 clean, 1 errors found, 2 usage or I/O)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from helpers_validate import clean_info, clean_members, write

from toolkit.cli import main


def invoke(*args: str):  # noqa: ANN201
    return CliRunner().invoke(main, ["validate", *args])


def test_clean_file_exits_0_and_says_so(tmp_path: Path) -> None:
    path = write(tmp_path)
    result = invoke(str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Đã kiểm tra 1 tệp: 1 đạt, 0 chỉ có cảnh báo, 0 có lỗi.\nKhông có lỗi hay cảnh báo nào.\n"
    )
    assert f"== {path.name} (CB07) — ĐẠT" in result.stdout


def test_warnings_only_exit_0(tmp_path: Path) -> None:
    rows = clean_members()
    rows[0]["gender"] = "nam"
    result = invoke(str(write(tmp_path, members=rows)))
    assert result.exit_code == 0
    assert "[Cảnh báo] Đảng viên!D2 (norm.category)" in result.stdout


def test_errors_exit_1_with_cell_and_message_grouped_by_file(tmp_path: Path) -> None:
    rows = clean_members()
    rows[1]["gender"] = "Namm"
    bad = write(tmp_path, "bad.xlsx", members=rows)
    good = write(
        tmp_path,
        "good.xlsx",
        info=clean_info(org_code="CB08"),
        members=[r | {"card_no": f"X{i}", "full_name": f"Người {i}"} for i, r in enumerate(clean_members())],
        events=[],
    )
    result = invoke(str(bad), str(good))
    assert result.exit_code == 1
    out = result.stdout
    assert (
        out.index("== bad.xlsx")
        < out.index("[Lỗi] Đảng viên!D3 (member.not_allowed)")
        < out.index("== good.xlsx")
    )
    assert "Dòng 3, cột “Giới tính” (ô D3)" in out


def test_json_file_has_files_and_issue_fields(tmp_path: Path) -> None:
    rows = clean_members()
    rows[1]["gender"] = "Namm"
    path = write(tmp_path, members=rows)
    target = tmp_path / "kq.json"
    result = invoke(str(path), "--json", str(target), "--personal-data")
    assert result.exit_code == 1
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["files"] == [{"file": path.name, "path": str(path), "org_code": "CB07", "status": "errors"}]
    issue = doc["issues"][0]
    assert set(issue) == {
        "code",
        "severity",
        "file",
        "org_code",
        "sheet",
        "cell",
        "column",
        "value",
        "message",
    }
    assert (
        issue["code"],
        issue["severity"],
        issue["sheet"],
        issue["cell"],
        issue["column"],
        issue["value"],
    ) == ("member.not_allowed", "error", "Đảng viên", "D3", "Giới tính", "Namm")


def test_json_dash_prints_only_json_on_stdout(tmp_path: Path) -> None:
    result = invoke(str(write(tmp_path)), "--json", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["files"][0]["status"] == "ok"
    assert "Đã kiểm tra" in result.stderr


def test_cutoff_option_and_registry(tmp_path: Path) -> None:
    path = write(tmp_path)
    result = invoke(str(path), "--cutoff", "30/06/2026")
    assert result.exit_code == 1 and "org.cutoff_mismatch" in result.stdout
    registry = tmp_path / "danh_muc.csv"
    registry.write_text(
        "Mã tổ chức,Tên tổ chức đảng,Cấp tổ chức,Khối,Bí thư\n"
        "CB99,Chi bộ 99,Chi bộ trực thuộc,Chi bộ tổ dân phố,\n",
        encoding="utf-8",
    )
    result = invoke(str(path), "--registry", str(registry))
    assert result.exit_code == 1 and "org.unknown" in result.stdout


def test_usage_and_io_failures_exit_2(tmp_path: Path) -> None:
    assert invoke(str(tmp_path / "nope.xlsx")).exit_code == 2
    assert invoke().exit_code == 2
    assert invoke(str(tmp_path)).exit_code == 2  # an empty folder: nothing to check
    assert invoke(str(write(tmp_path)), "--cutoff", "2026-13-01").exit_code == 2
    bad_registry = tmp_path / "r.csv"
    bad_registry.write_text("không phải danh mục\n", encoding="utf-8")
    result = invoke(str(write(tmp_path)), "--registry", str(bad_registry))
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_help_is_vietnamese() -> None:
    result = CliRunner().invoke(main, ["validate", "--help"])
    assert result.exit_code == 0 and "Kiểm tra các tệp của chi bộ" in result.output
