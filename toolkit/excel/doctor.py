"""`ward-stats doctor`: check a ward office installation and say, in Vietnamese, what to fix.

The buttons of `tong_hop_phuong.xlsm` depend on things Python cannot see once Excel has
failed to start it: the interpreter path written in the `xlwings.conf` sheet, the version of
the xlwings VBA module embedded in the workbook against the xlwings installed beside it, a
temporary folder xlwings can write to, and the folders the settings name. This module
checks each of them from outside Excel (the offline installer runs it last) and returns one
`Finding` per check; the CLI prints them. Nothing here changes any file.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from toolkit.core.errors import WardStatsError, user_message
from toolkit.excel import install
from toolkit.io.files import resolved

if TYPE_CHECKING:
    from toolkit.excel.book import Settings
    from toolkit.excel.settings_file import WorkbookSettings

Status = Literal["ok", "warning", "error"]
STATUS_LABEL: dict[Status, str] = {"ok": "ĐẠT", "warning": "CẢNH BÁO", "error": "LỖI"}
PROBE_TIMEOUT = 120  # seconds: a cold start of Python importing xlwings on a slow office PC


@dataclass(frozen=True)
class Finding:
    """The result of one check: what was found and, unless it is fine, what to do."""

    status: Status
    topic: str
    message: str
    fix: str = ""

    def lines(self) -> list[str]:
        label = f"[{STATUS_LABEL[self.status]}]"
        out = [f"{label:<12} {self.topic}: {self.message}"]
        if self.fix:
            out.append(f"{'':<12} → Cách sửa: {self.fix}")
        return out


# --- Python and xlwings versions --------------------------------------------------------------


def check_python(version: tuple[int, int, int] | None = None) -> Finding:
    """The running Python is one the offline bundle carries wheels for."""
    version = version or (sys.version_info[0], sys.version_info[1], sys.version_info[2])
    text = ".".join(str(v) for v in version)
    supported = ", ".join(install.python_label(v) for v in sorted(install.SUPPORTED_PYTHONS))
    if (version[0], version[1]) in install.SUPPORTED_PYTHONS:
        return Finding("ok", "Phiên bản Python", f"{text} (bộ cài đặt hỗ trợ {supported}).")
    return Finding(
        "warning",
        "Phiên bản Python",
        f"{text} chưa được kiểm tra với ward-stats; bộ cài đặt chỉ có gói cho Python {supported}.",
        f"Cài Python {install.python_label(install.SUPPORTED_PYTHONS[0])} (64-bit) từ python.org "
        "rồi chạy lại cai_dat.cmd.",
    )


def installed_version(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def pinned_xlwings() -> str | None:
    """The exact xlwings version ward-stats requires (`xlwings==x.y.z` in its metadata)."""
    for requirement in importlib.metadata.requires("ward-stats") or []:
        match = re.fullmatch(r"xlwings\s*==\s*([\w.]+)\s*", requirement.split(";")[0])
        if match:
            return match.group(1)
    return None


def check_xlwings(installed: str | None, embedded: str | None, *, where: str) -> Finding:
    """The xlwings package Python imports matches the VBA module the workbook embeds.

    `embedded` is None when no workbook was given: then the package is compared with the
    version ward-stats pins, which is the one its `.xlsm` embeds."""
    topic = "Phiên bản xlwings"
    reinstall = "Chạy lại cai_dat.cmd của bộ cài đặt: nó cài đúng phiên bản xlwings đi kèm tệp .xlsm."
    if installed is None:
        return Finding("error", topic, f"{where} chưa cài gói xlwings.", reinstall)
    if embedded is None:
        pinned = pinned_xlwings()
        if pinned is None or pinned == installed:
            return Finding("ok", topic, f"{where} có xlwings {installed}.")
        return Finding(
            "error", topic, f"{where} có xlwings {installed}, nhưng ward-stats cần đúng {pinned}.", reinstall
        )
    if embedded == installed:
        return Finding(
            "ok", topic, f"{where} có xlwings {installed}, đúng phiên bản mô-đun VBA trong tệp .xlsm."
        )
    return Finding(
        "error",
        topic,
        f"{where} có xlwings {installed}, còn tệp .xlsm chứa mô-đun VBA của xlwings {embedded}; "
        "hai phiên bản khác nhau thì nút bấm có thể hỏng mà không báo rõ lý do.",
        f"{reinstall} Hoặc dùng tệp tong_hop_phuong.xlsm của bộ cài đặt cùng phiên bản.",
    )


# --- the interpreter Excel starts -------------------------------------------------------------

_VARIABLE = re.compile(r"%([^%]+)%")


def expand_windows_variables(text: str, environ: Mapping[str, str] | None = None) -> str:
    """`%NAME%` replaced as Windows does (names without regard to case; unknown ones kept)."""
    env = {k.upper(): v for k, v in (os.environ if environ is None else environ).items()}
    return _VARIABLE.sub(lambda m: env.get(m.group(1).upper(), m.group(0)), text)


@dataclass(frozen=True)
class Probe:
    """What an interpreter reports about itself when asked to import what the buttons need.

    `failed` is the first module of `RUNTIME_IMPORTS` it could not import, `error` why (or why
    the interpreter could not be asked at all, `failed` then None)."""

    python: str | None = None
    xlwings: str | None = None
    ward_stats: str | None = None
    error: str | None = None
    failed: str | None = None


# What a button or a launcher imports before its work starts, as (module, package installed by
# the bundle): every runtime dependency of ward-stats (a test checks the list against its
# metadata and pyproject.toml), pywin32 where xlwings talks to Excel over COM, then the
# toolkit's own modules of the consolidation, validation, template and lists paths. `import
# toolkit.excel` alone imports none of them, so an installation with numpy's DLL quarantined
# passed.
RUNTIME_IMPORTS: tuple[tuple[str, str], ...] = (
    ("numpy", "numpy"),
    ("pandas", "pandas"),
    ("openpyxl", "openpyxl"),
    ("xlsxwriter", "XlsxWriter"),
    ("python_calamine", "python-calamine"),
    ("pandera", "pandera"),
    ("defusedxml", "defusedxml"),
    ("docx", "python-docx"),
    ("olefile", "olefile"),  # imported only for an OLE2 file (`package.encrypted`): probed here
    ("click", "click"),
    ("xlwings", "xlwings"),
    ("pywintypes", "pywin32"),  # Windows only
    ("win32com.client", "pywin32"),  # Windows only
    ("toolkit.excel", "ward-stats"),
    ("toolkit.cli", "ward-stats"),
    ("toolkit.io.reader", "ward-stats"),
    ("toolkit.validation", "ward-stats"),
    ("toolkit.pipeline", "ward-stats"),
    ("toolkit.outputs.workbook", "ward-stats"),
    ("toolkit.outputs.publish", "ward-stats"),
    ("toolkit.outputs.template", "ward-stats"),
    ("toolkit.outputs.worklists", "ward-stats"),
    ("toolkit.worklists", "ward-stats"),
)
WINDOWS_ONLY_IMPORTS = ("pywintypes", "win32com.client")

_PROBE_CODE = """
import importlib, importlib.metadata as m, json, platform, sys
out = {"python": platform.python_version()}
for key, dist in (("xlwings", "xlwings"), ("ward_stats", "ward-stats")):
    try:
        out[key] = m.version(dist)
    except m.PackageNotFoundError:
        out[key] = None
for name in MODULES:
    if name in WINDOWS_ONLY and sys.platform != "win32":
        continue
    try:
        importlib.import_module(name)
    except BaseException as exc:
        out["failed"], out["error"] = name, f"{type(exc).__name__}: {exc}"
        break
print(json.dumps(out))
""".replace("MODULES", repr(tuple(m for m, _ in RUNTIME_IMPORTS))).replace(
    "WINDOWS_ONLY", repr(WINDOWS_ONLY_IMPORTS)
)


def probe_interpreter(path: Path) -> Probe:
    """Run `path` once, as Excel would, and ask it for its versions."""
    try:
        done = subprocess.run(
            [str(path), "-I", "-c", _PROBE_CODE],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=PROBE_TIMEOUT,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Probe(error=f"{type(exc).__name__}: {exc}")
    try:
        data = json.loads(done.stdout.strip().splitlines()[-1])
        keys = ("python", "xlwings", "ward_stats", "error", "failed")
        return Probe(*(data.get(key) for key in keys))
    except (IndexError, ValueError, AttributeError):
        detail = (done.stderr or done.stdout).strip().splitlines()
        return Probe(error=detail[-1] if detail else f"mã thoát {done.returncode}")


def _install_advice(source: str) -> str:
    """What to write into `source` (the interpreter setting): the python.exe of the folder the
    installer installed into (`install.home_dir_win`: another folder than the default when
    cai_dat.cmd was given one), or, while that is not there, to run the installer first."""
    home = install.home_dir_win()
    python = install.interpreter_win(home)
    if Path(python).is_file():
        return f"Ghi “{python}” (Python mà cai_dat.cmd đã cài vào {home}) vào {source}, rồi lưu tệp."
    return f"Chạy cai_dat.cmd (cài vào {home}) rồi ghi “{python}” vào {source}."


def check_interpreter(raw: str | None, *, source: str) -> tuple[list[Finding], Probe | None]:
    """The interpreter path exists, is ASCII, and that Python can import ward-stats.

    `source` says where the path was written, e.g. "ô Interpreter_Win, sheet “xlwings.conf”"."""
    topic = "Đường dẫn Python cho nút bấm"
    rerun = _install_advice(source)
    if not raw or not raw.strip():
        return [Finding("error", topic, f"chưa ghi đường dẫn python.exe ở {source}.", rerun)], None
    path_text = expand_windows_variables(raw.strip().strip('"'))
    if path_text.lower() in ("python", "pythonw"):  # xlwings then runs the one on PATH
        path_text = shutil.which(path_text) or path_text
    findings: list[Finding] = []
    if not path_text.isascii():
        findings.append(
            Finding(
                "error",
                topic,
                f"“{path_text}” ({source}) có chữ có dấu hoặc ký tự ngoài bảng ASCII; xlwings kiểm tra "
                "đường dẫn này bằng hàm cũ của VBA nên sẽ báo không tìm thấy Python.",
                rerun,
            )
        )
    path = Path(path_text)
    if not path.is_file():
        here = f" Python đang chạy lệnh này là “{sys.executable}”." if sys.executable else ""
        findings.append(Finding("error", topic, f"không tìm thấy tệp “{path_text}” ({source}).{here}", rerun))
        return findings, None
    probe = probe_interpreter(path)
    if probe.ward_stats is None or (probe.error and probe.failed is None):
        findings.append(
            Finding(
                "error",
                topic,
                f"Python tại “{path_text}” chạy được nhưng chưa cài ward-stats"
                + (f" ({probe.error})." if probe.error else "."),
                f"Chạy cai_dat.cmd, hoặc ghi vào {source} đường dẫn python.exe của môi trường đã cài.",
            )
        )
    elif probe.failed is not None:
        package = dict(RUNTIME_IMPORTS).get(probe.failed, probe.failed)
        why = (probe.error or "").rstrip(".")
        findings.append(
            Finding(
                "error",
                topic,
                f"bộ cài đặt ward-stats {probe.ward_stats} của Python tại “{path_text}” bị thiếu hoặc "
                f"hỏng: không nạp được {probe.failed} (gói {package}; {why}). "
                "Các nút bấm và các tệp .cmd không chạy được.",
                "Chạy lại cai_dat.cmd của bộ cài đặt: nó cài lại ward-stats và mọi gói từ thư mục "
                "wheelhouse. Nếu vẫn lỗi (phần mềm diệt virus có thể đã chặn tệp của gói), gửi thông báo "
                "này cho cán bộ kỹ thuật.",
            )
        )
    elif not findings:
        findings.append(
            Finding(
                "ok",
                topic,
                f"“{path_text}” ({source}): Python {probe.python}, ward-stats {probe.ward_stats}.",
            )
        )
    return findings, probe


# --- folders ----------------------------------------------------------------------------------


def check_readable_folder(folder: Path | None, *, topic: str, cell: str) -> Finding:
    """The submissions folder exists and can be listed; `cell` names where it is typed (`_cell`)."""
    if folder is None:
        return Finding("warning", topic, "chưa ghi.", f"Ghi thư mục vào {cell}.")
    if not folder.is_dir():
        return Finding(
            "error",
            topic,
            f"không có thư mục “{folder}”.",
            f"Tạo thư mục đó, hoặc sửa {cell}.",
        )
    from toolkit.io.discover import discover
    from toolkit.io.package import own_workbook_at

    try:
        # The files a run would read (any spreadsheet, no lock file), without ward-stats' own
        # workbooks there (a result, the work lists, the workbook itself): they are no submission.
        count = sum(1 for p in discover([folder]) if not own_workbook_at(p))
    except OSError as exc:
        return Finding("error", topic, user_message(exc), "Nhờ cán bộ kỹ thuật cấp quyền đọc thư mục này.")
    return Finding("ok", topic, f"“{folder}” đọc được, có {count} tệp bài nộp.")


def check_writable_folder(folder: Path | None, *, topic: str, cell: str) -> Finding:
    """A file can be created in the folder (or in the nearest existing parent, if it is to be made);
    `cell` names where it is typed (`_cell`)."""
    if folder is None:
        return Finding("warning", topic, "chưa xác định.", f"Ghi {cell}.")
    fix = f"Sửa {cell}."
    if not folder.is_absolute():  # e.g. a Windows path looked at from another system
        return Finding("error", topic, f"“{folder}” không phải đường dẫn đầy đủ trên máy này.", fix)
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        return Finding("error", topic, f"“{folder}” không phải thư mục.", fix)
    try:
        # "~$" names are skipped by every reader of the toolkit, should one ever be left behind.
        if existing == folder:
            handle, name = tempfile.mkstemp(prefix="~$ward-stats-doctor-", dir=existing)
            os.close(handle)
            os.unlink(name)
        else:  # the folder is to be created: what matters is the right to create folders there
            os.rmdir(tempfile.mkdtemp(prefix="~$ward-stats-doctor-", dir=existing))
    except OSError:
        return Finding(
            "error",
            topic,
            f"không ghi được tệp vào “{existing}”.",
            f"Chọn thư mục khác ở {cell}, hoặc nhờ cán bộ kỹ thuật cấp quyền ghi.",
        )
    later = "" if existing == folder else " (thư mục sẽ được tạo khi chạy)"
    return Finding("ok", topic, f"“{folder}” ghi được{later}.")


def check_temp_dir(raw: str | None) -> Finding:
    """The folder xlwings writes Python's error output to: ASCII, and there or creatable."""
    topic = "Thư mục tạm của xlwings (TEMP DIR)"
    where = "ô TEMP DIR, sheet “xlwings.conf”"
    # The folder the installer made beside the environment (another than C:\WardStats\tmp when
    # cai_dat.cmd was given another folder).
    ours = install.temp_dir_win(install.home_dir_win())
    if raw is None or not raw.strip():
        temp = expand_windows_variables("%TEMP%")
        if temp.isascii():
            return Finding("ok", topic, f"không ghi; xlwings dùng “{temp}”.")
        return Finding(
            "error",
            topic,
            f"không ghi, và thư mục tạm của Windows “{temp}” có chữ có dấu.",
            f"Thêm dòng TEMP DIR = {ours} vào sheet “xlwings.conf”.",
        )
    path_text = expand_windows_variables(raw.strip().strip('"'))
    if not path_text.isascii():
        return Finding("error", topic, f"“{path_text}” có chữ có dấu.", f"Ghi {ours} vào {where}.")
    finding = check_writable_folder(Path(path_text), topic=topic, cell=where)
    if finding.status == "ok":
        return finding
    if path_text.rstrip("\\/").lower() == ours.lower():
        fix = f"Chạy cai_dat.cmd: nó tạo thư mục {ours}."
    else:
        fix = f"Ghi {ours} (thư mục cai_dat.cmd tạo ra) vào {where}, rồi lưu tệp."
    return Finding("error", topic, finding.message, fix)


def interpreter_key() -> str:
    """The `xlwings.conf` key xlwings reads on this system (Windows keys everywhere but macOS)."""
    return "Interpreter_Mac" if sys.platform == "darwin" else "Interpreter_Win"


# --- number separators ------------------------------------------------------------------------

SEPARATORS_TOPIC = "Dấu thập phân trong Excel"
# Where Windows keeps the user's number format (the Region settings).
INTERNATIONAL_KEY = r"Control Panel\International"


def windows_number_separators() -> tuple[str, str] | None:
    """The decimal and thousands separators of this Windows user's Region settings, which Excel
    uses unless its own options override them; None off Windows or when they cannot be read."""
    if sys.platform != "win32":
        return None
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, INTERNATIONAL_KEY) as key:
            decimal, _ = winreg.QueryValueEx(key, "sDecimal")
            thousands, _ = winreg.QueryValueEx(key, "sThousand")
    except OSError:
        return None
    return str(decimal), str(thousands)


def check_number_separators(decimal: str, thousands: str) -> Finding:
    """The separators Excel shows the workbook's numbers with (cells formatted `#,##0` and
    `0.00` print in the PC's style), against the Vietnamese style of every text the toolkit
    writes (4.216; 62,50%): on a PC set to English (United States) the forms the office signs
    would print 4,216 and 102.46 beside a report saying 4.216 and 102,46 (hunt144 F1). The
    number formats cannot fix this, since Excel always puts the PC's separators in them."""
    if (decimal, thousands) == (",", "."):
        return Finding(
            "ok",
            SEPARATORS_TOPIC,
            "dấu thập phân “,”, dấu phân cách hàng nghìn “.”: các số trong bảng viết cùng kiểu với đoạn "
            "báo cáo.",
        )
    return Finding(
        "warning",
        SEPARATORS_TOPIC,
        f"Windows đang dùng dấu thập phân “{decimal}” và dấu phân cách hàng nghìn “{thousands}”, nên Excel "
        f"hiện và in các số trong bảng tổng hợp và Biểu 1–4 theo kiểu đó (ví dụ 4{thousands}216 và "
        f"102{decimal}46), khác với đoạn báo cáo (4.216 và 102,46).",
        "Trong Excel chọn File → Options → Advanced, bỏ chọn “Use system separators”, ghi dấu phẩy “,” "
        "ở ô “Decimal separator” và dấu chấm “.” ở ô “Thousands separator”; hoặc chọn định dạng vùng "
        "“Vietnamese (Vietnam)” trong mục Region của Windows. Đã đặt trong Excel rồi thì bỏ qua cảnh báo "
        "này.",
    )


# --- the whole check --------------------------------------------------------------------------


def diagnose(workbook: Path | None = None, interpreter: str | None = None) -> list[Finding]:
    """Every check, in the order a clerk would fix them.

    `workbook` is the consolidation workbook whose settings and `xlwings.conf` are checked;
    `interpreter`, when given, replaces the path written in it."""
    findings = [check_python()]
    book: WorkbookSettings | None = None
    embedded: str | None = None
    if workbook is not None:
        book, embedded, found = _read_workbook(workbook)
        findings += found
    key = interpreter_key()
    raw: str | None
    if interpreter is not None:
        raw, source = interpreter, "tùy chọn --interpreter"
    else:
        from toolkit.excel.settings_file import config_value

        raw = config_value(book.config, key) if book is not None else None
        source = f"ô {key}, sheet “xlwings.conf”"
    probe = None
    if book is None and interpreter is None:
        findings.append(_interpreter_unchecked(workbook))
    else:
        found, probe = check_interpreter(raw, source=source)
        findings += found
    installed: str | None
    if probe is not None and probe.xlwings is not None:
        installed, where = probe.xlwings, "Python của nút bấm"
    else:
        installed, where = installed_version("xlwings"), "Python đang chạy lệnh này"
    findings.append(check_xlwings(installed, embedded, where=where))
    if book is not None:
        findings += _workbook_folders(book)
        findings.append(check_history(_history_path(book.path)))
    if (separators := windows_number_separators()) is not None:
        findings.append(check_number_separators(*separators))
    return findings


def _history_path(book: Path) -> Path:
    from toolkit.history.session import default_history_path

    return default_history_path(resolved(book))


def check_history(path: Path) -> Finding:
    """The history the buttons record into (beside the workbook): readable, writable, ours; how
    many consolidations it holds. None yet is fine (the first Tổng hợp makes it), but an office
    that consolidated on another PC is told to bring that PC's file."""
    from toolkit.core import vnformat
    from toolkit.core.errors import (
        HistoryError,
        HistoryLocked,
        HistoryNewer,
        HistoryPathTooLong,
        HistoryReadOnly,
    )
    from toolkit.history.store import HistoryStore

    topic = "Lịch sử tổng hợp"
    store = HistoryStore(path, timeout=2)
    if not store.exists():
        return Finding(
            "ok",
            topic,
            f"chưa có (tệp “{path.name}” được tạo ở lần Tổng hợp đầu tiên, trong “{path.parent}”; "
            "đã tổng hợp ở máy khác thì chép tệp đó của máy cũ vào thư mục này).",
        )
    try:
        records = store.records()
        store.check_writable()
    except HistoryLocked as exc:
        wait = "Chờ lần Tổng hợp đang chạy xong rồi chạy lại lệnh này."
        return Finding("warning", topic, exc.message_vi, wait)
    except HistoryReadOnly as exc:
        fix = "Nhờ bộ phận tin học cho phép ghi vào tệp đó và thư mục chứa tệp tổng hợp."
        return Finding("warning", topic, f"{exc.message_vi} Các lần Tổng hợp sẽ không được ghi lại.", fix)
    except HistoryPathTooLong as exc:
        shorter = (
            "Chuyển tệp tổng hợp cùng tệp lịch sử cạnh nó vào thư mục có đường dẫn ngắn hơn (ví dụ "
            "một thư mục ngay trong ổ đĩa, như “D:\\TongHop”)."
        )
        return Finding("warning", topic, f"{exc.message_vi} Các lần Tổng hợp sẽ không được ghi lại.", shorter)
    except HistoryNewer as exc:
        update = "Cài bộ cài đặt ward-stats mới hơn (bản đã tạo tệp này)."
        return Finding("error", topic, exc.message_vi, update)
    except HistoryError as exc:
        fix = (
            f"Chép lại “{path.name}” từ bản sao lưu. Không có bản sao lưu: đổi tên tệp hỏng (giữ lại để "
            "bộ phận tin học xem), lần Tổng hợp sau tạo tệp mới."
        )
        return Finding("error", topic, exc.message_vi, fix)
    if store.interrupted:  # rolled back by this check: its run is in no record (hunt228 R1)
        from toolkit.history.store import interrupted_text

        again = (
            "Nếu các tệp kết quả của lần tổng hợp bị ngắt đã được ghi ra, hãy bấm Tổng hợp lại với cùng "
            "thư mục bài nộp và ngày chốt."
        )
        return Finding("warning", topic, interrupted_text(path), again)
    if not records:
        return Finding("ok", topic, f"“{path}”: chưa có lần tổng hợp nào.")
    last = records[-1]  # the latest cut-off (`records` is ordered by cut-off, then as recorded)
    ward = f", {last.ward_name}" if last.ward_name else ""
    return Finding(
        "ok",
        topic,
        f"“{path}”: {len(records)} lần tổng hợp; ngày chốt gần nhất "
        f"{vnformat.message_date(last.cutoff_date)}{ward}.",
    )


def _interpreter_unchecked(workbook: Path | None) -> Finding:
    """The buttons' Python path, not checked: no workbook was named, or the one named could not
    be read. In the second case, running the same command again (the first case's advice) is
    no fix: the workbook's own finding says what is (hunt258 H3: the advice of a workbook not
    found was the command just run, and the path was a bare name, good in one folder only)."""
    topic = "Đường dẫn Python cho nút bấm"
    if workbook is not None:
        return Finding(
            "warning",
            topic,
            "chưa kiểm tra vì không đọc được tệp tổng hợp (xem mục “Tệp tổng hợp”).",
            "Sửa mục “Tệp tổng hợp” theo hướng dẫn ở đó rồi chạy lại lệnh kiểm tra này.",
        )
    from toolkit.core.commands import program

    return Finding(
        "warning",
        topic,
        "chưa kiểm tra vì không có tệp tổng hợp.",
        f'Chạy: {program()} doctor --workbook "TỆP.xlsm" (thay TỆP.xlsm bằng đường dẫn đầy đủ của '
        "tệp tổng hợp tong_hop_phuong.xlsm đang dùng).",
    )


def _read_workbook(path: Path) -> tuple[WorkbookSettings | None, str | None, list[Finding]]:
    """The workbook's settings and the version of its xlwings VBA module, with a finding."""
    from toolkit.excel.cfb import CompoundFileError
    from toolkit.excel.settings_file import read_workbook_settings
    from toolkit.excel.vbaread import embedded_xlwings_version

    topic = "Tệp tổng hợp"
    use_ours = "Dùng tệp tong_hop_phuong.xlsm của bộ cài đặt."
    if not path.exists():
        found = f"Không tìm thấy tệp tổng hợp “{path}”."
        typed = "Kiểm tra đường dẫn sau --workbook: ghi đường dẫn đầy đủ của tệp tổng hợp đang dùng."
        return None, None, [Finding("error", topic, found, typed)]
    try:
        book = read_workbook_settings(path)
    except WardStatsError as exc:
        return None, None, [Finding("error", topic, exc.message_vi, use_ours)]
    try:
        embedded = embedded_xlwings_version(path)
    except (CompoundFileError, ValueError, KeyError, OSError) as exc:
        unreadable = f"không đọc được mô-đun VBA trong “{path.name}” ({exc})."
        return book, None, [Finding("error", topic, unreadable, use_ours)]
    if embedded is None:
        missing = f"“{path.name}” không có mô-đun VBA xlwings: các nút bấm không chạy được."
        return book, None, [Finding("error", topic, missing, use_ours + " Hoặc dùng các tệp .cmd.")]
    return book, embedded, [Finding("ok", topic, f"“{path}”: mô-đun VBA xlwings {embedded}.")]


def _workbook_folders(book: WorkbookSettings) -> list[Finding]:
    """The temporary folder and the folders the `Điều khiển` sheet names, the ward's name, and
    the registry."""
    from toolkit.excel.settings_file import config_value

    findings: list[Finding] = []
    if sys.platform != "darwin":
        findings.append(check_temp_dir(config_value(book.config, "TEMP DIR")))
    # Each cell on its own: every bad one is said, and the checks below go on without it.
    settings, problems = book.checked_settings()
    for name, message in problems.items():
        fix = f"Sửa {_cell(name, book.places)} rồi lưu tệp."
        findings.append(Finding("error", "Ô thiết lập", message, fix))
    findings.append(
        check_readable_folder(
            settings.input_folder, topic="Thư mục bài nộp", cell=_cell("InputFolder", book.places)
        )
    )
    # The template folder is made by Tạo mẫu; a file is written only into a folder that is there.
    lists = _parent(settings.lists_file) or settings.book_folder
    writable: tuple[tuple[str, str, Callable[[], Path | None], bool], ...] = (
        ("OutputFile", "Thư mục ghi tệp kết quả", lambda: _parent(settings.output_file), True),
        ("TemplateFolder", "Thư mục ghi biểu mẫu", settings.template_path, False),
        ("ListsFile", "Thư mục ghi tệp danh sách", lambda: lists, True),
    )
    for name, topic, where, must_exist in writable:
        if name in problems:  # said above
            continue
        folder = where()
        if name == "OutputFile" and folder is None:  # the submissions folder, checked above
            if settings.input_folder is not None and not settings.input_folder.is_dir():
                continue
            folder = settings.input_folder
        findings.append(_check_output_folder(folder, must_exist, topic=topic, cell=_cell(name, book.places)))
    findings.append(check_ward_name(settings.ward_name, cell=_cell("WardName", book.places)))
    if (forms := check_form_period(settings)) is not None:
        findings.append(forms)
    findings.append(_check_registry(book))
    return findings


def check_form_period(settings: Settings) -> Finding | None:
    """The forms' period start a run will warn of as `form.period_across_years` (an earlier
    year than the cut-off's, not exactly 12 months), said at set-up as `check_ward_name` says
    `ward.name_without_kind`: the same rule and words, with its cell; None when the run will
    not warn (no start or cut-off typed, or a start the cells refuse, said above)."""
    from toolkit.core.dates import form_period_across_years

    start, cutoff = settings.form_period_start, settings.cutoff
    if start is None or cutoff is None:
        return None
    issue = form_period_across_years(start, cutoff, settings.form_period_label())
    return None if issue is None else Finding("warning", "Kỳ báo cáo của Biểu 1–4-BTCTW", issue.message)


def _check_output_folder(folder: Path | None, must_exist: bool, *, topic: str, cell: str) -> Finding:
    """`check_writable_folder`, for a file the run writes only into a folder that is there."""
    from toolkit.io.atomic import folder_problem

    problem = folder_problem(folder) if must_exist and folder is not None and folder.is_absolute() else None
    if problem is None:
        return check_writable_folder(folder, topic=topic, cell=cell)
    return Finding(
        "error",
        topic,
        f"{problem}: không ghi được tệp vào đó.",
        f"Tạo thư mục đó, hoặc sửa {cell}.",
    )


def _parent(path: Path | None) -> Path | None:
    return path.parent if path is not None else None


def check_ward_name(name: str | None, *, cell: str) -> Finding:
    """The ward's name, which heads the official forms: a warning while it is blank (every
    Tổng hợp then warns `ward.no_ward_name`)."""
    from toolkit.core.text import is_only_kind, names_its_kind

    topic = "Tên phường (đầu các Biểu 1–4-BTCTW)"
    tidy = " ".join((name or "").split())
    if not tidy:
        return Finding(
            "warning",
            topic,
            "chưa ghi: các biểu chỉ ghi “ĐẢNG ỦY PHƯỜNG”, không có tên.",
            f"Ghi tên phường vào {cell}, ví dụ “Phường Hải Dương”, rồi lưu tệp.",
        )
    if is_only_kind(tidy):
        return Finding(
            "warning",
            topic,
            f"chỉ có chữ “{tidy}”, chưa có tên: đầu các biểu sẽ ghi “ĐẢNG ỦY {tidy.upper()}”, không có tên.",
            f"Ghi đủ tên vào {cell}, ví dụ “Phường Hải Dương”, rồi lưu tệp.",
        )
    if not names_its_kind(tidy):
        return Finding(
            "warning",
            topic,
            f"“{tidy}” không bắt đầu bằng “Phường” (hay “Xã”, “Đặc khu”): đầu các biểu sẽ ghi "
            f"“ĐẢNG ỦY {tidy.upper()}”.",
            f"Ghi đủ tên vào {cell}, ví dụ “Phường Hải Dương”, rồi lưu tệp.",
        )
    return Finding("ok", topic, f"“{tidy}”.")


def _cell(name: str, places: Mapping[str, str]) -> str:
    """Setting `name`'s cell as a fix names it: ô “Tên phường” (sheet “Điều khiển”, ô B11), its
    sheet and address as the settings' own messages say them (`book.setting_place`): where the
    book's defined name puts it (`places`; a row inserted above the settings moves it)."""
    from toolkit.excel import book as xlbook

    return xlbook.setting_cell(name, places)


def _check_registry(book: WorkbookSettings) -> Finding:
    """The registry sheet as a run reads it: its errors; else its count of organisations and
    every warning a run gives of it (`Registry.warnings`, in the run's words: the template's
    example row kept among the ward's own, `registry.example_row`, not counted; one name
    entered twice; a total row …), so that doctor never passes a sheet `Kiểm tra` warns of.
    The example row alone (a fresh template, no warning in a run) is a warning, as an empty
    sheet is: the ward has entered no organisation of its own (review281)."""
    from toolkit.core.vnformat import number
    from toolkit.io.registry import REGISTRY_SHEET, is_example_row

    topic = f"Sheet “{REGISTRY_SHEET}”"
    try:
        registry = book.registry(required=False)
    except WardStatsError as exc:
        return Finding("error", topic, exc.message_vi, "Sửa các dòng được nêu rồi lưu tệp.")
    if registry is None:
        return Finding("warning", topic, "chưa có tổ chức nào.", "Ghi danh sách tổ chức đảng rồi lưu tệp.")
    orgs = registry.organisations
    if len(orgs) == 1 and is_example_row(orgs[0]):  # a fresh template: no row of the ward yet
        return Finding(
            "warning",
            topic,
            f"chỉ có dòng ví dụ {orgs[0].org_code} của mẫu, chưa có tổ chức nào của phường.",
            "Ghi danh sách tổ chức đảng của phường (thay dòng ví dụ) rồi lưu tệp.",
        )
    warnings = registry.warnings
    if not warnings:
        return Finding("ok", topic, f"{number(len(registry.organisations))} tổ chức.")
    # The reader warns of the example row only beside other rows, and then it is no organisation.
    warned = any(w.code == "registry.example_row" for w in warnings)
    example = [o for o in registry.organisations if is_example_row(o)] if warned else []
    counted = f"{number(len(registry.organisations) - len(example))} tổ chức"
    if example:
        counted += f" (không kể dòng ví dụ {example[0].org_code} của mẫu)"
    said = "".join(f"\n{'':<12}   - {w.message}" for w in warnings)
    return Finding(
        "warning",
        topic,
        f"{counted}; {number(len(warnings))} cảnh báo, như khi Kiểm tra và Tổng hợp:{said}",
        "Sửa danh mục theo từng cảnh báo trên rồi lưu tệp.",
    )


def report_lines(findings: list[Finding]) -> list[str]:
    """The findings as the CLI prints them: a heading, one block per check, a summary."""
    version = installed_version("ward-stats") or "?"
    lines = [f"Kiểm tra cài đặt ward-stats {version} (Python tại “{sys.executable}”)", ""]
    for finding in findings:
        lines += finding.lines()
    errors = sum(1 for f in findings if f.status == "error")
    warnings = sum(1 for f in findings if f.status == "warning")
    lines.append("")
    if errors:
        lines.append(
            f"Kết quả: {errors} lỗi, {warnings} cảnh báo. Sửa các mục [LỖI] theo hướng dẫn rồi chạy lại "
            "lệnh kiểm tra này."
        )
    elif warnings:
        lines.append(f"Kết quả: không có lỗi; {warnings} cảnh báo (xem hướng dẫn ở từng mục).")
    else:
        lines.append("Kết quả: mọi mục đều đạt.")
    return lines
