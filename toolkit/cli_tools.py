"""The tool commands: `report`, `demo`, `build-workbook`, `doctor`.

Registered on the `ward-stats` group of `toolkit.cli` (which imports this module); they use
its shared helpers and exit codes. Each is a thin wrapper: the report writers
(`toolkit.outputs.report_files`), the sample ward (`toolkit.sample.ward`), the `.xlsm` builder
(`toolkit.excel.build`) and the installation check (`toolkit.excel.doctor`) do the work.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from toolkit.cli import (
    EXIT_DATA,
    EXIT_FAILURE,
    EXIT_OK,
    ProgressBar,
    friendly_errors,
    main,
    print_on_stdout,
    say,
)

# --- report -----------------------------------------------------------------------------------


@main.command("report")
@click.argument("summary_path", metavar="TỆP_JSON", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "docx"], case_sensitive=False),
    default=None,
    help="Định dạng: md (Markdown) hoặc docx (Word). Mặc định theo đuôi tệp -o, không có thì md.",
)
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    # A string, not a Path: Path("./-") is "-", and `-o ./-` names a file called "-" (review of h268).
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Tệp báo cáo cần ghi (.md hoặc .docx), hoặc '-' để in ra màn hình (dạng Markdown).",
)
@friendly_errors
def report_cmd(summary_path: Path, fmt: str | None, output: str) -> None:
    """Viết đoạn báo cáo (văn xuôi và bảng số liệu chính) từ tệp JSON số liệu tổng hợp.

    TỆP_JSON là tệp do lệnh “ward-stats consolidate --json” tạo ra. Lần tổng hợp không tổng
    hợp được tổ chức nào thì không viết báo cáo (mã thoát 2).
    """
    from toolkit.core.errors import SummaryError
    from toolkit.io.summary import (
        consolidated_any,
        empty_run_words,
        holds_personal_data,
        personal_data_words,
    )
    from toolkit.outputs.json_summary import load_summary
    from toolkit.outputs.report_files import format_for, format_note, write_report

    to_stdout = output == "-"
    if to_stdout:
        _refuse_report_on_stdout(fmt)
    summary = load_summary(summary_path)
    if not consolidated_any(summary["indicators"]):
        # No ward's figures: a report of them would state "0 đồng chí", "đạt 0% chỉ tiêu" as the
        # ward's (hunt174 #2). Refused as the history and a roll-up refuse it.
        raise SummaryError(
            f"Không viết báo cáo: {empty_run_words(summary, str(summary_path))}. Số liệu rỗng không phải "
            "số liệu của phường (lịch sử tổng hợp và lệnh “ward-stats rollup” cũng không dùng). Hãy kiểm "
            "tra thư mục bài nộp và ngày chốt, tổng hợp lại rồi viết báo cáo từ tệp JSON mới."
        )
    if to_stdout:
        _print_report(summary, summary_path)
        return
    chosen = format_for(Path(output), fmt)
    path = write_report(summary, Path(output), chosen, inputs=(summary_path,))
    say(f"Đã ghi báo cáo: {path}")
    note = format_note(Path(output), chosen)
    if note is not None:
        say(note)
    if holds_personal_data(summary):
        # The report states figures only: no issue's text reaches it (hunt249 F7).
        say(
            f"{personal_data_words(str(summary_path))}. Báo cáo chỉ dùng số liệu tổng hợp, không chép họ "
            "tên, ngày sinh hay giá trị ô nào của đảng viên; tệp JSON ấy thì không gửi ra ngoài."
        )


def _refuse_report_on_stdout(fmt: str | None) -> None:
    """`report -o -` prints the report on stdout, as Markdown: refused before anything is read
    when it cannot be, a Word document (binary, a zip, `--format docx`) or a process started
    without stdout (`pythonw.exe`, `>&-`: the null device in its place would take the report
    without a word), as `--json -` is refused (`refuse_json_without_stdout`). Before, `-o -`
    wrote a file named "-" in the current folder."""
    from toolkit.core.errors import InputError
    from toolkit.core.streams import missing

    if fmt is not None and fmt.lower() == "docx":
        raise InputError(
            "-o -: báo cáo Word (.docx) là tệp nhị phân, không in ra màn hình (stdout) được. Hãy ghi "
            "-o và tên tệp .docx để ghi báo cáo Word, hoặc bỏ --format docx để in báo cáo dạng Markdown."
        )
    if missing("stdout"):
        raise InputError(
            "-o -: chương trình đang chạy không có màn hình (stdout) để in báo cáo (không có cửa sổ "
            "dòng lệnh, hoặc đầu ra đã bị đóng). Chưa tệp nào được ghi; hãy ghi -o và tên tệp .md "
            "hoặc .docx để ghi báo cáo vào tệp."
        )


def _print_report(summary: Mapping[str, Any], summary_path: Path) -> None:
    """`report -o -`: the Markdown report on stdout, the very text `-o bao_cao.md` writes, and
    nothing else there (`report -o - > r.md` is that file): the sentence on a summary holding
    personal data goes to stderr; "written" and the note on Markdown names, which speak of a
    file, are not said. A terminal gets the text with its control characters escaped (`say`)."""
    from toolkit.core.errors import error_line
    from toolkit.core.text import terminal_safe
    from toolkit.io.summary import holds_personal_data, personal_data_words
    from toolkit.outputs.report_files import render_report

    text = render_report(summary, "md").decode("utf-8")
    if sys.stdout.isatty():
        text = terminal_safe(text)
    not_printed = print_on_stdout(lambda: click.echo(text, nl=False), "báo cáo (-o -)")
    if not_printed is not None:
        say(error_line(not_printed), err=True)
        sys.exit(EXIT_FAILURE)
    if holds_personal_data(summary):
        say(
            f"{personal_data_words(str(summary_path))}. Báo cáo chỉ dùng số liệu tổng hợp, không chép họ "
            "tên, ngày sinh hay giá trị ô nào của đảng viên; tệp JSON ấy thì không gửi ra ngoài.",
            err=True,
        )


# --- demo -------------------------------------------------------------------------------------


@main.command("demo")
@click.argument(
    "folder",
    required=False,
    default=Path("phuong_mau"),
    metavar="[THƯ_MỤC]",
    type=click.Path(file_okay=False, path_type=Path),
)
@click.option(
    "--seed",
    type=int,
    default=2026,
    show_default=True,
    help="Số khởi tạo ngẫu nhiên: cùng số cho cùng một bộ dữ liệu mẫu.",
)
@friendly_errors
def demo_cmd(folder: Path, seed: int) -> None:
    """Tạo một phường mẫu (72 tổ chức như báo cáo tham khảo) và tổng hợp số liệu.

    Ghi vào THƯ_MỤC (mặc định: phuong_mau) danh mục tổ chức, mỗi tổ chức một tệp đã điền
    theo biểu mẫu chi bộ (thư mục con nop), rồi tổng hợp thành tệp Excel kết quả và bản
    tóm tắt JSON. Trước đó, cùng phường ấy một năm trước (thư mục con nam_truoc) được tổng
    hợp vào cùng lịch sử, nên các biểu có cột “Cùng kỳ năm trước”. Dữ liệu là giả định (tên
    người, ngày tháng do máy tạo).

    THƯ_MỤC phải là thư mục mới, thư mục trống, hoặc thư mục phường mẫu mà lệnh demo đã tạo
    trước đó: lệnh không bao giờ ghi đè tệp nào khác.
    """
    from toolkit.core import vnformat
    from toolkit.io.atomic import make_folders
    from toolkit.outputs.status import consolidation_status
    from toolkit.sample.demo_folder import check_demo_folder
    from toolkit.sample.ward import run_demo

    check_demo_folder(folder)
    make_folders(folder)  # none left made when it fails
    say(f"Đang tạo phường mẫu trong thư mục {folder} …", err=True)
    bar = ProgressBar(2 * 72)  # last year's files, then this year's
    files = run_demo(folder, seed=seed, progress=bar)
    bar.close()
    result, last = files.result, files.last_year
    assert result is not None and files.workbook is not None and files.summary is not None
    assert last is not None and last.result is not None and last.workbook is not None
    ind = result.indicators
    say(
        f"Đã tạo phường mẫu: {vnformat.number(len(files.submissions))} tổ chức, "
        f"{vnformat.number(int(ind.get('members.total', 0)))} đảng viên, "
        f"ngày chốt số liệu {vnformat.message_date(result.cutoff_date)}."
    )
    say(f"  Danh mục tổ chức:      {files.registry}")
    say(f"  Tệp của các chi bộ:    {files.submissions_dir} ({len(files.submissions)} tệp)")
    say(f"  Bảng tổng hợp (Excel): {files.workbook}")
    say(f"  Tóm tắt JSON:          {files.summary}")
    say(
        f"  Cùng kỳ năm trước:     {last.out_dir} (tệp của các chi bộ ngày chốt "
        f"{vnformat.message_date(last.result.cutoff_date)} và bảng tổng hợp của kỳ đó; lịch sử tổng hợp "
        "có cả hai lần, nên các biểu có cột “Cùng kỳ năm trước”)"
    )
    for line in consolidation_status(result).lines:
        say(line)
    has_errors = any(i.is_error for i in result.issues)
    if has_errors or result.count("consolidated") != len(files.submissions):
        sys.exit(EXIT_DATA)


# --- build-workbook ---------------------------------------------------------------------------

# `toolkit.excel.build.MACROS_DIR` (not imported here: building is heavy): the VBA sources of the
# source tree. An installation (the wheel holds `toolkit/` alone) has none, so the command cannot
# work there: it is left out of that `ward-stats --help`, and refuses saying who it is for.
SOURCE_MACROS = Path(__file__).resolve().parents[1] / "macros"


@main.command("build-workbook", hidden=not SOURCE_MACROS.is_dir())
@click.option(
    "-o",
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Tệp .xlsm cần ghi (mặc định: xlsx_templates/tong_hop_phuong.xlsm của mã nguồn).",
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Ghi đè tệp -o đã có (mất danh mục tổ chức và thiết lập đã điền trong tệp đó).",
)
@friendly_errors
def build_workbook_cmd(out_path: Path | None, overwrite: bool) -> None:
    """Cho người phát triển: tạo lại tệp tổng hợp có nút bấm (tong_hop_phuong.xlsm) từ mã nguồn
    macros/*.bas (chỉ chạy trong thư mục mã nguồn của ward-stats).

    Tệp -o phải có đuôi .xlsm; tệp đã có chỉ bị ghi đè khi thêm --overwrite, và không bao
    giờ ghi đè bài nộp của chi bộ.
    """
    from toolkit.core.errors import WardStatsError

    if not SOURCE_MACROS.is_dir():
        raise WardStatsError(
            "Lệnh build-workbook dành cho người phát triển: nó dựng tệp tong_hop_phuong.xlsm từ mã nguồn "
            "của ward-stats (thư mục macros), mà bản cài đặt này không có. Tệp tổng hợp dùng ở văn phòng "
            "là tệp tong_hop_phuong.xlsm của bộ cài đặt: nếu tệp đang dùng bị hỏng, hãy chép lại tệp đó "
            "từ bộ cài đặt (rồi ghi lại danh mục tổ chức và các ô thiết lập), hoặc dùng bản sao lưu."
        )
    from toolkit.excel.build import DEFAULT_TARGET, build_workbook, xlwings_version

    if out_path is not None:
        from toolkit.outputs.publish import check_build_target

        check_build_target(out_path, overwrite=overwrite)
    path = build_workbook(out_path or DEFAULT_TARGET)
    say(f"Đã tạo {path} (mô-đun VBA xlwings {xlwings_version()}).")


# --- doctor -----------------------------------------------------------------------------------


@main.command("doctor")
@click.option(
    "--workbook",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp tổng hợp (.xlsm) cần kiểm tra: đường dẫn Python và thư mục tạm (sheet “xlwings.conf”), "
    "mô-đun VBA xlwings, các thư mục ghi ở sheet “Điều khiển”, danh mục tổ chức.",
)
@click.option(
    "--interpreter",
    metavar="TỆP",
    help="Đường dẫn python.exe cần kiểm tra thay cho đường dẫn ghi trong tệp .xlsm.",
)
@friendly_errors
def doctor_cmd(workbook: Path | None, interpreter: str | None) -> None:
    """Kiểm tra cài đặt trên máy này để các nút bấm chạy được, và nói cách sửa.

    Kiểm tra phiên bản Python, phiên bản xlwings so với mô-đun VBA trong tệp .xlsm, đường
    dẫn python.exe của nút bấm (có tồn tại, chỉ gồm chữ không dấu, đã cài ward-stats), thư
    mục tạm của xlwings (TEMP DIR), thư mục bài nộp (đọc được), các thư mục ghi kết quả, biểu
    mẫu, danh sách (ghi được), tên phường, danh mục tổ chức, lịch sử tổng hợp cạnh tệp .xlsm
    và, trên Windows, dấu thập phân Excel dùng để in các số. Không sửa tệp nào.
    Mã thoát: 0 khi không có mục [LỖI] (kể cả khi có mục [CẢNH BÁO]), 1 khi có mục [LỖI] cần sửa.
    """
    from toolkit.excel.doctor import diagnose, report_lines

    findings = diagnose(workbook, interpreter)
    for line in report_lines(findings):
        say(line)
    sys.exit(EXIT_DATA if any(f.status == "error" for f in findings) else EXIT_OK)
