"""`ward-stats report -o -`: the Markdown report on stdout, as `--json -` prints its JSON (before,
it wrote a file named "-" in the current folder)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers_report import sample_summary

from toolkit.cli import main
from toolkit.outputs.report_files import render_markdown

ROOT = Path(__file__).resolve().parents[1]


def _summary(tmp_path: Path, *, personal: bool = False) -> Path:
    data = sample_summary()
    if personal:
        data["personal_data"] = True
    path = tmp_path / "tong_hop.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _folder_holds_only(tmp_path: Path, summary: Path) -> None:
    assert sorted(p.name for p in tmp_path.iterdir()) == [summary.name]


def test_dash_prints_the_markdown_report_and_writes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    summary = _summary(tmp_path)
    for fmt in ([], ["--format", "md"], ["--format", "MD"]):
        result = CliRunner().invoke(main, ["report", str(summary), *fmt, "-o", "-"])
        assert result.exit_code == 0, result.output
        # stdout holds the report alone: the text `-o bao_cao.md` writes, nothing said around it
        assert result.stdout == render_markdown(sample_summary())
        assert result.stderr == ""
        _folder_holds_only(tmp_path, summary)


def test_dot_slash_dash_names_a_file_called_dash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`-o ./-` is a path, the way to ask for a file named "-": written, nothing on stdout
    (before, Path("./-") became "-" and the report went to the screen)."""
    monkeypatch.chdir(tmp_path)
    summary = _summary(tmp_path)
    result = CliRunner().invoke(main, ["report", str(summary), "-o", "./-"])
    assert result.exit_code == 0, result.output
    assert not result.stdout.startswith("# ")
    assert "Đã ghi báo cáo" in result.stdout
    assert (tmp_path / "-").read_text(encoding="utf-8") == render_markdown(sample_summary())


def test_dash_with_personal_data_keeps_the_sentence_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    summary = _summary(tmp_path, personal=True)
    result = CliRunner().invoke(main, ["report", str(summary), "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Số liệu đội ngũ đảng viên")
    assert "dữ liệu cá nhân" not in result.stdout
    said = " ".join(result.stderr.split())
    assert f"Tệp “{summary}” được ghi kèm dữ liệu cá nhân" in said
    assert "Báo cáo chỉ dùng số liệu tổng hợp" in said
    _folder_holds_only(tmp_path, summary)


def test_dash_with_word_is_refused_in_vietnamese_and_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    summary = _summary(tmp_path)
    result = CliRunner().invoke(main, ["report", str(summary), "--format", "docx", "-o", "-"])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    said = " ".join(result.stderr.split())
    assert said.startswith(
        "Lỗi: -o -: báo cáo Word (.docx) là tệp nhị phân, không in ra màn hình (stdout)"
    ), said
    assert "bỏ --format docx để in báo cáo dạng Markdown" in said
    _folder_holds_only(tmp_path, summary)


def test_dash_in_a_real_process_prints_the_report_on_stdout(tmp_path: Path) -> None:
    summary = _summary(tmp_path, personal=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "report", str(summary), "-o", "-"],
        capture_output=True,
        env={**env, "PYTHONIOENCODING": "cp1252"},  # a Windows code page: still UTF-8, as a file
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    # byte for byte the file `-o bao_cao.md` writes (newlines aside, which a Windows console translates)
    written = subprocess.run(
        [sys.executable, "-m", "toolkit", "report", str(summary), "-o", "bao_cao.md"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert written.returncode == 0, written.stderr.decode("utf-8", "replace")
    assert done.stdout.replace(b"\r\n", b"\n") == (tmp_path / "bao_cao.md").read_bytes()
    assert "dữ liệu cá nhân" in done.stderr.decode("utf-8")
    assert not (tmp_path / "-").exists()


def test_dash_without_stdout_is_refused_and_writes_no_file(tmp_path: Path) -> None:
    """As `pythonw.exe` starts it (no stdout): the report would go to the null device unseen."""
    summary = _summary(tmp_path)
    code = (
        "import sys; sys.stdout = None; "
        f"sys.argv = ['ward-stats', 'report', {str(summary)!r}, '-o', '-']; "
        "from toolkit.__main__ import run; run()"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        env={**env, "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
        timeout=300,
    )
    said = " ".join(done.stderr.decode("utf-8").split())
    assert done.returncode == 2, said
    assert "-o -: chương trình đang chạy không có màn hình (stdout) để in báo cáo" in said
    _folder_holds_only(tmp_path, summary)
