"""Writing the report: Markdown and .docx files read back, atomic writes, the CLI edge."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Pt
from helpers_report import sample_summary

from toolkit.cli import main
from toolkit.core.errors import OutputError, SummaryError
from toolkit.io import atomic
from toolkit.outputs.json_summary import load_summary
from toolkit.outputs.report import report_paragraphs, report_sections
from toolkit.outputs.report_figures import HEADING_FIGURES, TABLE_HEADERS, main_figures
from toolkit.outputs.report_files import format_for, write_report


def test_markdown_holds_the_heading_paragraphs_and_table(tmp_path: Path) -> None:
    summary = sample_summary()
    out = write_report(summary, tmp_path / "bao_cao.md", "md")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Số liệu đội ngũ đảng viên tính đến ngày 31/3/2026\n")
    for para in report_paragraphs(summary):
        assert f"\n{para}\n" in text
    for section in report_sections(summary):
        assert f"\n## {section.title}\n" in text
    assert f"| {' | '.join(TABLE_HEADERS)} |" in text
    assert "| Đảng viên | 4.216 |  |  |" in text
    assert "| Đảng viên dự bị | 125 | 2,96% | tổng số đảng viên (4.216) |" in text


def test_docx_has_title_headings_body_style_and_the_figures_table(tmp_path: Path) -> None:
    summary = sample_summary()
    out = write_report(summary, tmp_path / "bao_cao.docx", "docx")
    doc = docx.Document(str(out))

    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    titles = [s.title for s in report_sections(summary)] + [HEADING_FIGURES]
    assert headings == [f"{i}. {t}" for i, t in enumerate(titles, start=1)]
    assert doc.paragraphs[0].text == "BÁO CÁO" and doc.paragraphs[0].style.name == "Title"

    body = [p.text for p in doc.paragraphs if p.style.name == "Normal" and p.text]
    for para in report_paragraphs(summary):
        assert para in body
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    assert doc.styles["Heading 1"].font.name == "Times New Roman"

    (table,) = doc.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert tuple(rows[0]) == TABLE_HEADERS
    figures = main_figures(summary)
    assert rows[1:] == [[f.label, f.value_text, f.share_text, f.base_text] for f in figures]
    admissions = ["Kết nạp đảng viên năm 2026 (đến 31/3/2026)", "15", "13,27%"]
    admissions.append("chỉ tiêu kết nạp năm 2026 (113)")
    assert admissions in rows


def test_docx_holds_no_personal_data(tmp_path: Path) -> None:
    out = write_report(sample_summary(), tmp_path / "r.docx", "docx")
    doc = docx.Document(str(out))
    everything = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert "Bí Mật" not in everything and "G12" not in everything


def test_a_failed_write_leaves_the_previous_report_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bao_cao.md"
    target.write_text("bản cũ", encoding="utf-8")

    def half_write(fd: int, data: bytes) -> None:  # the disk fills up half way
        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_write_all", half_write)
    with pytest.raises(OutputError, match="ổ đĩa đã đầy") as failed:
        write_report(sample_summary(), target, "md")
    assert str(target) in failed.value.message_vi
    assert target.read_text(encoding="utf-8") == "bản cũ"
    assert [p.name for p in tmp_path.iterdir()] == ["bao_cao.md"]


def test_an_invalid_summary_is_refused_before_writing(tmp_path: Path) -> None:
    broken = sample_summary()
    broken["cutoff_date"] = "không phải ngày"
    with pytest.raises(SummaryError):
        write_report(broken, tmp_path / "bao_cao.md", "md")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        ("a.docx", None, "docx"),
        ("a.DOCX", None, "docx"),
        ("a.md", None, "md"),
        ("a.txt", None, "md"),
        ("a", None, "md"),
        ("a", "docx", "docx"),
        ("a.markdown", None, "md"),
        ("a.TXT", "md", "md"),
        ("a.docx", "docx", "docx"),
        ("a.docx.", None, "docx"),  # Windows drops the trailing dot: it is `a.docx` there
    ],
)
def test_format_comes_from_the_option_else_the_suffix(name: str, fmt: str | None, expected: str) -> None:
    assert format_for(Path(name), fmt) == expected


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.md", "docx"),
        ("a.docx", "md"),
        ("a.DOCX", "md"),
        ("a.txt", "docx"),
        ("a.markdown", "docx"),
        ("a.Markdown", "DOCX"),
        ("a.md.", "docx"),
    ],
)
def test_a_format_that_contradicts_the_suffix_is_refused(name: str, fmt: str) -> None:
    """Markdown written under `.docx` (or Word under `.md`, `.markdown`, `.txt`: hunt122 F8) is
    a file nothing opens."""
    with pytest.raises(OutputError, match="hoặc bỏ --format"):
        format_for(Path(name), fmt)


# --- load_summary and the CLI -----------------------------------------------------------------


def _write_summary(tmp_path: Path) -> Path:
    path = tmp_path / "tong_hop.json"
    path.write_text(json.dumps(sample_summary(), ensure_ascii=False), encoding="utf-8")
    return path


def test_cli_writes_docx_from_the_suffix(tmp_path: Path) -> None:
    out = tmp_path / "bao_cao.docx"
    result = CliRunner().invoke(main, ["report", str(_write_summary(tmp_path)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Đã ghi báo cáo: {out}" in result.output
    assert docx.Document(str(out)).tables


def test_cli_format_option_wins_and_default_is_markdown(tmp_path: Path) -> None:
    summary = _write_summary(tmp_path)
    out = tmp_path / "bao_cao.txt"
    assert CliRunner().invoke(main, ["report", str(summary), "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# ")
    out2 = tmp_path / "ban_word"
    result = CliRunner().invoke(main, ["report", str(summary), "--format", "docx", "-o", str(out2)])
    assert result.exit_code == 0
    assert docx.Document(str(out2)).paragraphs[0].text == "BÁO CÁO"


@pytest.mark.parametrize(
    ("name", "fmt", "said"),
    [
        ("bao_cao.txt", [], True),
        ("bao_cao.TXT", ["--format", "md"], True),
        ("bao_cao", [], True),
        ("bao_cao.md", [], False),
        ("bao_cao.markdown", [], False),
        ("bao_cao.docx", [], False),
    ],
)
def test_cli_says_a_report_under_a_name_that_does_not_say_markdown_is_markdown(
    tmp_path: Path, name: str, fmt: list[str], said: bool
) -> None:
    """`report -o r.txt` wrote Markdown into a `.txt` without a word (hunt258 L1): it says the
    file is Markdown text and which name gives Word; a `.md` or `.docx` name already says it."""
    out = tmp_path / name
    result = CliRunner().invoke(main, ["report", str(_write_summary(tmp_path)), *fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    note = "Báo cáo được viết dạng Markdown: văn bản thường, mở được bằng Notepad"
    assert (note in text) is said, text
    if said:
        assert out.read_text(encoding="utf-8").startswith("# ")
        assert "hãy đặt tên tệp có đuôi .docx" in text


@pytest.mark.parametrize("name", ["bao_cao.txt", "bao_cao.markdown", "bao_cao.md"])
def test_cli_word_under_a_text_name_is_refused_and_nothing_written(tmp_path: Path, name: str) -> None:
    """`report --format docx -o r.txt` (or `r.markdown`) wrote a Word zip under a text name, exit
    0, where `-o r.md` was refused (hunt122 F8): every text suffix is refused alike, nothing is
    written, and the same name without `--format docx` is Markdown."""
    summary = _write_summary(tmp_path)
    out = tmp_path / name
    refused = CliRunner().invoke(main, ["report", str(summary), "--format", "docx", "-o", str(out)])
    assert refused.exit_code == 2, refused.output
    said = " ".join(refused.output.split())
    assert f"có đuôi {out.suffix} nhưng --format là docx: tệp ghi ra sẽ không mở được" in said, said
    assert sorted(p.name for p in tmp_path.iterdir()) == [summary.name]
    for fmt in ([], ["--format", "md"]):
        done = CliRunner().invoke(main, ["report", str(summary), *fmt, "-o", str(out)])
        assert done.exit_code == 0, done.output
        assert out.read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (None, "Không tìm thấy tệp số liệu tổng hợp"),
        ("{not json", "không phải JSON hợp lệ"),
        ("[" * 100_000 + "]" * 100_000, "lồng nhau quá sâu"),
        ("[1, 2, 3]", "không phải số liệu tổng hợp"),
        ('{"files": [], "issues": []}', "(thiếu ngày chốt số liệu, ngày bắt đầu kỳ, các chỉ tiêu)"),
        ('{"cutoff_date": "31/03/2026", "period_start": "2020-01-01", "indicators": {}}', "không phải ngày"),
        ('{"cutoff_date": "2026-03-31", "period_start": "2020-01-01", "indicators": {}}', "members.total"),
        ('{"cutoff_date": "2019-03-31", "period_start": "2020-01-01", "indicators": {}}', "sau ngày chốt"),
        (
            '{"cutoff_date": "2026-03-31", "period_start": "2020-01-01", '
            '"indicators": {"members.total": "nhiều"}}',
            "không phải số",
        ),
    ],
)
def test_cli_bad_summary_exits_2_with_a_vietnamese_message(
    tmp_path: Path, content: str | None, phrase: str
) -> None:
    path = tmp_path / "tong_hop.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    out = tmp_path / "bao_cao.md"
    result = CliRunner().invoke(main, ["report", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert result.output.startswith("Lỗi: ")
    assert phrase in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_cli_output_into_a_missing_folder_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "khong_co" / "bao_cao.md"
    result = CliRunner().invoke(main, ["report", str(_write_summary(tmp_path)), "-o", str(out)])
    assert result.exit_code == 2
    assert "không tồn tại" in result.output and "Traceback" not in result.output


def test_cli_report_has_help_text() -> None:
    result = CliRunner().invoke(main, ["report", "--help"])
    assert result.exit_code == 0
    assert "TỆP_JSON" in result.output and "--format" in result.output


def test_load_summary_reads_what_consolidate_writes(tmp_path: Path) -> None:
    assert load_summary(_write_summary(tmp_path)) == sample_summary()
