"""The `history` and `rollup` commands: memory between periods, and the level above the ward.

Registered on the `ward-stats` group of `toolkit.cli` (which imports this module); like the
other commands they parse options, call the library (`toolkit.history`, `toolkit.rollup`)
and print Vietnamese results, with the exit codes of `toolkit.cli`.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from toolkit.cli import (
    DATE,
    EXIT_DATA,
    EXIT_FAILURE,
    friendly_errors,
    main,
    open_option,
    open_when_asked,
    print_on_stdout,
    refuse_json_without_stdout,
    say,
)
from toolkit.cli_usage import not_empty, with_notes
from toolkit.core.commands import (
    FORMS_IMPORT_LAUNCHER,
    FORMS_LAUNCHER,
    HISTORY_LAUNCHER,
    argument,
    forms_launcher_adds,
    full,
    history_command,
    program,
    quoted,
    removal_advice,
    rename_advice,
    restore_advice,
)
from toolkit.core.errors import HistoryError, error_line

if TYPE_CHECKING:
    from toolkit.forms.entry import Figures
    from toolkit.history.records import Record
    from toolkit.history.rename import Renaming
    from toolkit.history.store import DamagedRecord, HistoryStore


def history_option() -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`--history PATH` of every `history` subcommand."""
    return click.option(
        "--history",
        "history_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Tệp lịch sử tổng hợp (mặc định: lich_su_tong_hop.sqlite trong thư mục hiện tại).",
    )


class RunNumber(click.ParamType):
    """A record's number as `history list` shows it, "2", or as it printed it before fix368,
    "#2" (which `history list --ask` read, and `show`, `export`, `remove` refused as no whole
    number). Anything else is refused in click's `INT` words (`cli_usage._click_type_message`)."""

    name = "integer"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip()
        try:
            return int(text[1:].strip() if text.startswith("#") else text)
        except ValueError:
            self.fail(f"“{value}” không phải số nguyên.", param, ctx)


RUN_NUMBER = RunNumber()


def _store(history_path: Path | None) -> HistoryStore:
    from toolkit.history.store import DEFAULT_FILENAME, HistoryStore

    # A write cut off inside its commit, rolled back on opening, is said once, on stderr (the
    # JSON of `history export --json -` is on stdout): its run is in no record (hunt228 R1).
    path = history_path or Path(DEFAULT_FILENAME)
    return HistoryStore(path, on_interrupted=lambda text: say(text, err=True))


@main.group("history")
def history_group() -> None:
    """Lịch sử các lần tổng hợp (tệp lich_su_tong_hop.sqlite): xem, xuất, nhập, xóa lần làm nhầm,
    đổi tên phường.

    Mỗi lần “consolidate” được ghi vào lịch sử (chỉ số liệu tổng hợp, không có họ tên hay
    ngày sinh); các biểu lấy cột “Cùng kỳ năm trước” và sheet “Xu hướng” từ đó.
    """


@history_group.command("list")
@click.option(
    "--ask",
    is_flag=True,
    help="Sau danh sách, hỏi số của một lần làm nhầm cần xóa và hỏi lại trước khi xóa; hoặc (gõ K) "
    "thêm lại một lần đã xóa nhầm từ bản lưu trong lich_su_da_xoa; hoặc (gõ Đ) đổi tên phường "
    "(Lich su.cmd).",
)
@history_option()
@friendly_errors
def history_list_cmd(ask: bool, history_path: Path | None) -> None:
    """Liệt kê các lần tổng hợp đã lưu, mỗi lần một dòng."""
    from toolkit.history.display import record_line
    from toolkit.history.session import kept_for_next_year, replaced_by, used_instead

    store = _store(history_path)
    records, damaged = store.scan()
    if not records and not damaged:
        # A mistyped path is not an empty history: an error, exit 2, as `history show` says it
        # (hunt174 #10: it was said with exit 0, so a script went on).
        _require_file(store)
        say(f"Chưa có lần tổng hợp nào trong lịch sử “{store.path}”.")
        if ask and _removed_copies(store):
            _ask_and_remove(store, records, damaged)
        return
    say(f"Lịch sử tổng hợp “{store.path}”: {len(records) + len(damaged)} lần.")
    instead = {**used_instead(records), **replaced_by(records)}
    kept = kept_for_next_year(records)
    not_completed = store.upgrade_not_completed()
    typed = store.typed_forms()
    for record in records:
        say(
            record_line(
                record,
                instead=instead.get(record.id or 0),
                not_completed=not_completed.get(record.id or 0, 0),
                next_year=kept.get(record.id or 0),
                typed=typed.get(record.id or 0),
            )
        )
    for bad in damaged:
        say(_damaged_line(bad))
    if damaged:
        say(
            f"Lần tổng hợp số {', '.join(str(d.id) for d in damaged)} bị hỏng (dữ liệu không đúng dạng "
            "ward-stats ghi): không dùng được, và khi còn lần hỏng thì lần tổng hợp mới không đọc hay ghi "
            "lịch sử này. "
            + (
                f"Để xóa lần hỏng, gõ số {damaged[0].id} ở câu hỏi dưới đây rồi gõ C."
                if ask
                else f"Để xóa lần hỏng, {removal_advice(damaged[0].id, store.path)}."
            )
        )
    if ask:
        _ask_and_remove(store, records, damaged)


def _in_sentence(line: str) -> str:
    """A line of `history list` after "Sẽ xóa: ": "lần số 2  chốt …", as the messages say it."""
    return line[:1].lower() + line[1:]


def _damaged_line(bad: DamagedRecord) -> str:
    """`history list`'s line of a record that cannot be read: what is stored of it, as stored."""
    return f"Lần số {bad.id}  chốt {bad.cutoff}  {bad.ward_name or ''}  BỊ HỎNG (không đọc được)".replace(
        "   ", "  "
    )


NO_CONSOLE = (
    "Không có cửa sổ dòng lệnh để gõ câu trả lời: --ask cần chạy trong cửa sổ Command Prompt (hoặc "
    "bằng {launcher})."
)


def _answer(question: str, launcher: str = HISTORY_LAUNCHER) -> str | None:
    """One line typed on the console (None: no console input left, nothing typed). A process
    started without stdin (`pythonw.exe`, a launcher without a console) reads the null device
    (`usable_streams`), so the answer is nothing typed, and the reason is said first: Python's
    `input()` said "lost sys.stdin", which ended as an unexpected error (hunt122 F6)."""
    from toolkit.core.errors import ctrl_c_pressed
    from toolkit.core.streams import missing

    if missing("stdin"):
        say(NO_CONSOLE.format(launcher=launcher))  # among the dialog's lines, before its "Không xóa gì."
        return None
    try:
        return str(click.prompt(question, default="", show_default=False, prompt_suffix=": ")).strip()
    except click.Abort:  # the end of the input, or Ctrl+C
        if ctrl_c_pressed():
            raise
        return None


def _ask_and_remove(store: HistoryStore, records: list[Record], damaged: list[DamagedRecord]) -> None:
    """`history list --ask`: which record to remove, then a confirmation, both typed."""

    say("")
    copies = _removed_copies(store)
    if records or damaged:
        say(
            "Chỉ xóa một lần tổng hợp làm nhầm (chạy thử, sai thư mục, sai ngày chốt hoặc sai kỳ): "
            "năm sau, cột “Cùng kỳ năm trước” của các biểu lấy số liệu từ lịch sử này."
        )
    if copies:
        say(
            f"Thư mục {copies[0][0].parent} có {len(copies)} bản lưu của lần đã xóa chưa được thêm lại: "
            f"gõ {RESTORE_KEY} rồi Enter để thêm lại một lần đã xóa nhầm."
        )
    names = _ward_names(records)
    if names:
        say(
            "Phường đã đổi tên (như khi sắp xếp, sáp nhập phường): gõ "
            f"{RENAME_KEY} (hoặc D) rồi Enter để ghi tên mới cho các lần tổng hợp mang tên cũ."
        )
    question = (
        "Gõ số của lần cần xóa rồi Enter (chỉ Enter: không xóa gì)"
        if records or damaged
        else (f"Gõ {RESTORE_KEY} rồi Enter để thêm lại (chỉ Enter: không thêm gì)")
    )
    typed = _answer(question)
    if not typed:
        say("Không xóa gì." if records or damaged else "Không thêm gì.")
        return
    if copies and typed.casefold() == RESTORE_KEY.casefold():
        _ask_and_restore(store, copies)
        return
    if names and typed.casefold() in RENAME_ANSWERS:
        _ask_and_rename(store, names)
        return
    chosen = next((r for r in records if typed.lstrip("#").strip() == str(r.id)), None)
    bad = next((d for d in damaged if typed.lstrip("#").strip() == str(d.id)), None)
    if bad is not None:
        say(f"Sẽ xóa: {_in_sentence(_damaged_line(bad))}")
        confirm = _answer("Gõ C rồi Enter để xóa (chỉ Enter: không xóa)")
        if (confirm or "").casefold() not in {"c", "có", "co"}:
            say("Không xóa gì.")
            return
        _remove_damaged(store, bad.id)
        return
    if chosen is None:
        say(f"Không có lần tổng hợp số “{typed}” trong danh sách trên. Không xóa gì.")
        sys.exit(EXIT_FAILURE)
    # Another record damaged: refused before the confirmation, as `_remove` would refuse after it.
    records = store.records()
    say(f"Sẽ xóa: {_in_sentence(_removal_line(records, chosen))}")
    _say_consequences(store, records, chosen)
    confirm = _answer("Gõ C rồi Enter để xóa (chỉ Enter: không xóa)")
    if (confirm or "").casefold() not in {"c", "có", "co"}:
        say("Không xóa gì.")
        return
    _remove(store, chosen)


RESTORE_KEY = "K"  # "khôi phục": `history list --ask`'s answer that adds back a removed record
RENAME_KEY = "Đ"  # "đổi tên": `history list --ask`'s answer that renames a ward
# Đ, or D where the keyboard has no Vietnamese input on (cmd.exe reads both typed as they are).
RENAME_ANSWERS = frozenset({"đ", "d"})


def _ward_names(records: list[Record]) -> list[tuple[str, int]]:
    """The ward names of the history's records, one per `ward_key` (as the first record of it
    writes it, the one `rename-ward` matches), each with its number of records, by name."""
    from toolkit.core.text import ward_key

    counted: dict[str, list[Any]] = {}
    for record in records:
        key = ward_key(record.ward_name)
        if key:
            counted.setdefault(key, [record.ward_name, 0])[1] += 1
    return sorted(((str(name), int(n)) for name, n in counted.values()), key=lambda item: ward_key(item[0]))


def _ask_and_rename(store: HistoryStore, names: list[tuple[str, int]]) -> None:
    """`history list --ask`, answered `Đ`: which ward name to change, the new name, what will
    change, then a confirmation (`Lich su.cmd` renames with no Command Prompt, as
    `history rename-ward … --yes` does)."""
    from toolkit.core.text import tidy_name
    from toolkit.history.rename import plan_rename, rename_ward, same_ward

    if len(names) == 1:
        old = names[0][0]
        say(f"Các lần tổng hợp trong lịch sử mang tên “{old}” ({names[0][1]} lần).")
    else:
        for n, (name, count) in enumerate(names, start=1):
            say(f"{n}. {name} ({count} lần)")
        typed = _answer("Gõ thứ tự của tên cũ rồi Enter (chỉ Enter: không đổi gì)")
        if not typed:
            say("Không đổi gì.")
            return
        if not (typed.isdigit() and 1 <= int(typed) <= len(names)):
            say(f"Không có tên thứ “{typed}” trong danh sách trên. Không đổi gì.")
            sys.exit(EXIT_FAILURE)
        old = names[int(typed) - 1][0]
    new = tidy_name(_answer(f"Gõ tên mới của phường “{old}” rồi Enter (chỉ Enter: không đổi gì)") or "")
    if not new:
        say("Không đổi gì.")
        return
    same = same_ward(old, new)
    if same is not None:  # nothing to change: no error (the command `rename-ward` refuses it, exit 2)
        say(f"{same} Không đổi gì.")
        return
    _say_plan(store, plan_rename(store, old, new))
    say("Chỉ đổi khi hai tên là của cùng một phường.")
    confirm = _answer("Gõ C rồi Enter để đổi tên (chỉ Enter: không đổi)")
    if (confirm or "").casefold() not in {"c", "có", "co"}:
        say("Không đổi gì.")
        return
    _say_renamed(store, rename_ward(store, old, new))


def _removed_copies(store: HistoryStore) -> list[tuple[Path, Record]]:
    """The copies of removed records in `lich_su_da_xoa` beside the history
    (`history.removal`) that can be read and are not in the history again (by run id), with
    their records, oldest cut-off first. The rows kept of a damaged record (`_hong.json`) are
    no summary and not offered."""
    from toolkit.core.errors import WardStatsError, user_message
    from toolkit.history.records import record_from_summary
    from toolkit.history.removal import REMOVED_FOLDER
    from toolkit.io.summary import load_summary

    folder = Path(store.path).parent / REMOVED_FOLDER
    if not folder.is_dir():
        return []
    found: list[tuple[Path, Record]] = []
    seen: set[str] = set()
    for path in sorted(folder.glob("lan_*.json")):
        if path.stem.endswith("_hong"):
            continue
        try:
            summary = load_summary(path)
            run_id = summary.get("run_id")
            record = record_from_summary(summary, run_id=str(run_id), source=str(path))
        except WardStatsError as exc:  # said, not offered: `history import` would refuse it
            say(f"Bản lưu “{path}” không thêm lại được: {user_message(exc)}")
            continue
        if not run_id or str(run_id) in seen:  # one run kept twice (a folder copied back) is one
            continue
        seen.add(str(run_id))
        if Path(store.path).exists() and store.find_run(str(run_id)) is not None:
            continue
        found.append((path, record))
    # A run time not known (a hand-kept summary imported) sorts first among its cut-off's.
    return sorted(found, key=lambda item: (item[1].cutoff_date, item[1].ran_at or ""))


def _ask_and_restore(store: HistoryStore, copies: list[tuple[Path, Record]]) -> None:
    """`history list --ask`, answered `K`: which removed record to add back, from its copy,
    as `history import` of that copy does (`Lich su.cmd` needs no Command Prompt)."""
    from toolkit.core import vnformat

    for n, (path, record) in enumerate(copies, start=1):
        members = "?" if record.members_total is None else vnformat.count(int(record.members_total))
        say(
            f"{n}. {path.name}: chốt {vnformat.message_date(record.cutoff_date)}  "
            f"{record.ward_name or '(chưa ghi tên phường)'}  {members} đảng viên  "
            f"chạy lúc {vnformat.date_time(record.ran_at, message=True)}"
        )
    typed = _answer("Gõ thứ tự của bản cần thêm lại rồi Enter (chỉ Enter: không thêm gì)")
    if not typed:
        say("Không thêm gì.")
        return
    chosen = copies[int(typed) - 1] if typed.isdigit() and 1 <= int(typed) <= len(copies) else None
    if chosen is None:
        say(f"Không có bản lưu thứ “{typed}” trong danh sách trên. Không thêm gì.")
        sys.exit(EXIT_FAILURE)
    _import(chosen[0], store)


@history_group.command("show")
@click.argument("record_id", metavar="SỐ", type=RUN_NUMBER)
@click.option(
    "--ids",
    is_flag=True,
    help="In mọi chỉ tiêu theo mã, như tệp JSON (kể cả biến động, xếp loại theo năm), thay cho "
    "mục A–B theo tên.",
)
@history_option()
@friendly_errors
def history_show_cmd(record_id: int, ids: bool, history_path: Path | None) -> None:
    """Xem một lần tổng hợp đã lưu: thông tin chung và các chỉ tiêu của toàn phường (mục A, B
    như sheet “Tổng hợp”)."""
    from toolkit.history.display import indicator_lines, record_details
    from toolkit.history.session import kept_for_next_year, replaced_by, used_instead

    store = _store(history_path)
    record = _require(store, record_id)
    stored = store.scan()[0]
    instead = {**used_instead(stored), **replaced_by(stored)}
    next_year = kept_for_next_year(stored).get(record_id)
    for line in record_details(record, instead=instead.get(record_id), next_year=next_year):
        say(line)
    say("")
    if ids:
        say("Chỉ tiêu toàn phường (theo mã, như tệp JSON):")
        for line in indicator_lines(record):
            say(line)
        return
    from toolkit.outputs.summary_text import summary_text
    from toolkit.stats.shares import orgs_base_label
    from toolkit.stats.sums import with_implied_parts

    say("Chỉ tiêu toàn phường (như mục A, B của sheet “Tổng hợp”):")
    # A record of an earlier version, with what it implies exactly (the exemptions of unknown
    # reason), so that its lines add up as a new record's do. Section A's base is named as the
    # run's sheet named it (`registry_used`; not known before schema version 8: a registry); a
    # merged ward's none of whose former wards had one, as their roll-up's (`registry_none`).
    orgs_label = orgs_base_label(
        record.registry_used is not False, bool(record.merged_from), record.registry_none
    )
    for line in summary_text(dict(with_implied_parts(record.indicators)), orgs_label):
        say(line)
    say("")
    say(
        "Biến động, xếp loại và đào tạo theo năm (mục C–E): xem bằng "
        f"“{history_command(f'show {record.id} --ids', store.path)}” hoặc trong bảng tổng hợp của lần đó."
    )


@history_group.command("export")
@click.argument("record_id", metavar="SỐ", type=RUN_NUMBER)
@click.option(
    "--json",
    "json_out",
    metavar="TỆP",
    required=True,
    help="Tệp JSON cần ghi, hoặc '-' để in ra màn hình.",
    callback=not_empty,
)
@history_option()
@friendly_errors
def history_export_cmd(record_id: int, json_out: str, history_path: Path | None) -> None:
    """Xuất một lần tổng hợp đã lưu thành tệp JSON số liệu tổng hợp (như “consolidate --json”)."""
    import contextlib
    import json

    from toolkit.core.errors import making
    from toolkit.history.records import summary_from_record
    from toolkit.history.session import export_previous
    from toolkit.outputs.publish import HISTORY_INPUT, Publication

    refuse_json_without_stdout(json_out)
    store = _store(history_path)
    publication = Publication(inputs={store.path: HISTORY_INPUT})
    if json_out != "-":
        publication.add("json", Path(json_out), lambda: text.encode("utf-8"), label="tệp JSON --json")
        publication.check()  # never the history itself, a folder or a device
    record = _require(store, record_id)
    if json_out != "-":
        _refuse_other_run(Path(json_out), record)
    # Last year's figures as the run had them (hunt121 F2: an export said none, so its report
    # lacked the comparison with the same period of last year that the run's own had).
    previous, previous_issue = export_previous(store, record)
    # Made in memory: an unexpected error names the file and says the old one is kept (hunt173 F4).
    with making(json_out) if json_out != "-" else contextlib.nullcontext():
        summary = summary_from_record(record, previous=previous, previous_issue=previous_issue)
        text = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
    if json_out == "-":  # the JSON itself: its strings are escaped by `json`
        not_printed = print_on_stdout(
            lambda: click.echo(text, nl=False), f"lần tổng hợp số {record_id} dạng JSON"
        )
        if not_printed is not None:
            say(error_line(not_printed), err=True)
            sys.exit(EXIT_FAILURE)
        return
    publication.publish()
    say(f"Đã xuất lần tổng hợp số {record_id} ra “{json_out}”.")


def _refuse_other_run(target: Path, record: Record) -> None:
    """Refuse an export over an existing JSON summary of another run (read as every summary is,
    `toolkit.io.summary`; its figures and its personal-data flag not judged): the one beside
    the workbook of a later run, say, named like it (`tong_hop_phuong_<cut-off>.json`), which
    the export would leave with a workbook of one run and a JSON of another (hunt173 F2;
    `rollup` refuses the same mix, `publish.check_input_runs`). The same run's summary, or a
    file that is no summary (a damaged one, some other JSON), is replaced as before; an export
    has no --overwrite option, and none was added: another name loses nothing."""
    from toolkit.core import vnformat
    from toolkit.core.errors import OutputError, SummaryError
    from toolkit.io.summary import check_summary, parse_summary, read_summary_text

    if not target.is_file():
        return
    try:
        data = parse_summary(read_summary_text(target), str(target))
        # Checked without its personal-data flag: a summary of another run whose flag was edited
        # by hand ("yes") is still that run's, and kept (review251 L1).
        if isinstance(data, dict):
            data = {key: value for key, value in data.items() if key != "personal_data"}
        check_summary(data, str(target), figures=False)
    except SummaryError:
        return
    run_id = data.get("run_id")
    if run_id == record.run_id:
        return
    other = f"mã lần chạy {run_id}" if run_id else "không ghi mã lần chạy"
    raise OutputError(
        f"Tệp JSON --json \u201c{target}\u201d là số liệu tổng hợp của một lần tổng hợp khác ({other}, "
        f"ngày chốt {vnformat.message_date(data['cutoff_date'])}), không phải của lần số {record.id} "
        f"cần xuất (mã lần chạy {record.run_id}, ngày chốt {vnformat.message_date(record.cutoff_date)}): "
        "ghi đè sẽ làm tệp đó không còn khớp với các tệp khác của lần kia (như bảng tổng hợp Excel "
        "cùng tên). Không ghi đè. Hãy chọn tên tệp khác."
    )


@history_group.command("import")
@click.argument(
    "summary_paths", metavar="TỆP_JSON...", nargs=-1, required=True, type=click.Path(path_type=Path)
)
@click.option(
    "--merged-ward",
    "merged_ward",
    metavar="TÊN_PHƯỜNG_MỚI",
    help="Các TỆP_JSON là số liệu cùng ngày chốt của các phường cũ đã hợp nhất thành phường này: "
    "thêm một lần tổng hợp của phường mới, là tổng số liệu của các phường cũ (cho cột “Cùng kỳ năm "
    "trước” của phường mới).",
)
@history_option()
@friendly_errors
def history_import_cmd(
    summary_paths: tuple[Path, ...], merged_ward: str | None, history_path: Path | None
) -> None:
    """Thêm vào lịch sử một tệp JSON số liệu tổng hợp làm ở nơi khác hoặc trước đây.

    Ví dụ: số liệu năm trước, để các biểu có cột “Cùng kỳ năm trước”. Cũng nhận tệp Excel đã
    chép số liệu Biểu 1–3-BTCTW năm trước do lệnh “history blank-forms” tạo ra. Tệp được kiểm tra
    trước; một lần tổng hợp đã có trong lịch sử (cùng mã lần chạy) không được thêm lần nữa.
    Chỉ nhận số liệu của một phường: tệp tổng hợp lên cấp trên (lệnh “rollup”) bị từ chối, tệp của
    một lần không tổng hợp được tổ chức nào cũng vậy.

    Phường mới hợp nhất từ các phường cũ: ghi tệp JSON của từng phường cũ (cùng ngày chốt, cùng
    kỳ) và --merged-ward "Tên phường mới", ví dụ “ward-stats history import A_2025.json
    B_2025.json --merged-ward "Phường Mới"”. Số liệu được cộng như lệnh “rollup” (tuổi bình quân
    và tỷ lệ tính lại từ các tổng) và lưu thành một lần tổng hợp của phường mới, ghi rõ là tổng của
    các phường cũ nào; lần đó không có số liệu từng tổ chức (mã tổ chức của các phường cũ trùng
    nhau và đã đổi khi hợp nhất).
    """
    if merged_ward is None and len(summary_paths) > 1:
        raise click.UsageError(
            "Chỉ thêm được một TỆP_JSON mỗi lần. Nếu các tệp là số liệu của các phường cũ đã hợp nhất "
            'thành một phường mới, hãy ghi thêm --merged-ward "Tên phường mới".'
        )
    if merged_ward is not None:
        _import_merged(summary_paths, merged_ward, _store(history_path))
        return
    _import(summary_paths[0], _store(history_path))


def _future_forms(cutoff: dt.date, start: dt.date, *, command: bool = True) -> str | None:
    """Why forms of the period `start`–`cutoff` cannot be last year's forms already sent: their
    cut-off is after today (hunt233: a workbook made for the wrong year, 2026 for 2025, was
    written, typed and stored as a record of a cut-off to come; every consolidation before it
    then told the clerk to consolidate that cut-off again, and its own replaced the record).
    The same dates a year earlier are named (`command`: with the options that write them) when
    they are not after today too (hunt276: a cut-off typed two years ahead was sent to the
    period a year ahead, after today as well); None when the cut-off is not after today."""
    from toolkit.core import vnformat
    from toolkit.core.dates import same_period_last_year

    today = dt.date.today()
    if cutoff <= today:
        return None
    before = same_period_last_year((start, cutoff))
    why = (
        f"ngày chốt {vnformat.message_date(cutoff)} (kỳ báo cáo {vnformat.message_date(start)}–"
        f"{vnformat.message_date(cutoff)}) là sau hôm nay ({vnformat.message_date(today)}), nên không thể là "
        "ngày chốt của biểu năm trước đã gửi: có lẽ nhầm năm"
    )
    if before[1] > today:
        return f"{why}; hãy ghi đúng ngày chốt in trên biểu đã gửi năm trước"
    last_year = f"{vnformat.message_date(before[0])}–{vnformat.message_date(before[1])}"
    return f"{why}. Biểu cùng kỳ năm trước là kỳ {last_year}" + (
        f" (lệnh history blank-forms với --cutoff {vnformat.message_date(before[1])} --period-start "
        f"{vnformat.message_date(before[0])})"
        if command
        else ""
    )


@history_group.command("blank-forms")
@click.argument("out", metavar="TỆP.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--cutoff",
    type=DATE,
    default=None,
    help=with_notes(
        "Ngày chốt số liệu của biểu năm trước (DD/MM/YYYY hoặc YYYY-MM-DD), ví dụ 31/03/2025.",
        "bắt buộc khi không có --ask",
    ),
)
@click.option(
    "--period-start",
    type=DATE,
    default=None,
    help="Ngày bắt đầu kỳ báo cáo của biểu năm trước (DD/MM/YYYY hoặc YYYY-MM-DD; mặc định: 01/01 của "
    "năm ngày chốt, như lệnh consolidate), ví dụ 01/04/2025 cho biểu quý II.",
)
@click.option(
    "--ward-name", default=None, metavar="TÊN_PHƯỜNG", help="Tên phường (có thể ghi sau trong tệp)."
)
@click.option(
    "--overwrite",
    is_flag=True,
    help="Thay tệp cùng tên đã có nhưng chưa điền. Tệp đã có số liệu không bao giờ bị ghi đè.",
)
@click.option(
    "--ask",
    is_flag=True,
    help=f"Hỏi ngày chốt và ngày bắt đầu kỳ báo cáo khi chưa ghi --cutoff, --period-start; hỏi trước "
    f"khi thay tệp đã có ({FORMS_LAUNCHER}).",
)
@open_option
@history_option()
@friendly_errors
def history_blank_forms_cmd(
    out: Path,
    cutoff: dt.date | None,
    period_start: dt.date | None,
    ward_name: str | None,
    overwrite: bool,
    ask: bool,
    open_result: bool,
    history_path: Path | None,
) -> None:
    """Tạo tệp Excel để chép số liệu các biểu năm trước (Biểu 1–3-BTCTW đã gửi) vào lịch sử.

    Dành cho phường mới dùng ward-stats: lịch sử chưa có số liệu năm trước nên cột “Cùng kỳ năm
    trước” của các biểu còn trống. Điền các ô màu vàng trong tệp theo biểu đã gửi năm trước, lưu
    lại, rồi chạy “ward-stats history import TỆP.xlsx”. Ví dụ: “ward-stats history blank-forms
    so_lieu_quy1_2025.xlsx --cutoff 31/03/2025 --ward-name "Phường …"”.
    """
    from toolkit.core.model import default_form_period
    from toolkit.core.text import tidy_name
    from toolkit.outputs.entry_book import write_blank_forms
    from toolkit.outputs.publish import HISTORY_INPUT
    from toolkit.pipeline import form_period_problem

    if ask and out.exists() and not overwrite:
        overwrite = _ask_replace(out)
        if not overwrite:
            open_when_asked(open_result, out)
            return
    if ask and cutoff is None:
        cutoff = _ask_cutoff()
        if cutoff is None:
            return
        if period_start is None:
            period_start = _ask_period_start(cutoff)
    if cutoff is None:
        ctx = click.get_current_context()
        raise click.MissingParameter(ctx=ctx, param=next(p for p in ctx.command.params if p.name == "cutoff"))
    start = default_form_period(period_start or dt.date(cutoff.year, 1, 1), cutoff)[0]
    if period_start is not None:
        problem = form_period_problem(period_start, None, cutoff, "--period-start")
        if problem is not None:
            raise click.UsageError(problem)
        start = period_start
    future = _future_forms(cutoff, start)
    if future is not None:
        raise click.UsageError(f"--cutoff: {future}.")
    store = _store(history_path)
    target = write_blank_forms(
        out,
        cutoff,
        start,
        tidy_name(ward_name) or _history_ward_name(store),
        overwrite=overwrite,
        inputs={store.path: HISTORY_INPUT},
    )
    from toolkit.core import vnformat

    command = f"“{history_command(f'import {quoted(full(target))}', store.path)}”"
    then = f"chạy lệnh {command}"
    if forms_launcher_adds(target, store.path):
        then = f"bấm đúp {FORMS_IMPORT_LAUNCHER} (hoặc chạy lệnh {command})"
    say(
        f"Đã tạo tệp “{target}” (kỳ báo cáo từ ngày {vnformat.message_date(start)} đến ngày "
        f"{vnformat.message_date(cutoff)}). Hãy chép số liệu của Biểu 1, 2, 3-BTCTW đã gửi năm trước vào "
        f"các ô màu vàng, lưu tệp, rồi {then}."
    )
    open_when_asked(open_result, target)


def _history_ward_name(store: HistoryStore) -> str | None:
    """The ward's name for `blank-forms` without `--ward-name`: the one the history's current
    records give (the latest's spelling), as the file's cell says (“Tên phường như các lần tổng
    hợp ghi”); None when the history has none, names several wards or cannot be read. The
    launcher of last year's forms gives no name, and its file's cell was left empty beside
    records named the ward (hunt302 F5): imported, its record had no ward name."""
    from toolkit.core.text import ward_key

    try:
        records, _damaged = store.scan()
    except HistoryError:
        return None
    named = [r for r in records if r.is_current and ward_key(r.ward_name)]
    if len({ward_key(r.ward_name) for r in named}) != 1:
        return None
    return max(named, key=lambda r: (r.cutoff_date, r.id or 0)).ward_name


def _ask_replace(out: Path) -> bool:
    """`history blank-forms --ask` over an existing file: True when the clerk asks for a new
    blank one (a file with figures is still never replaced: `write_blank_forms`). Over a file
    with figures (or another workbook) nothing is asked: it is kept, and the clerk is not made
    to type both dates before its refusal (review239)."""
    from toolkit.outputs.entry_book import replaceable

    if not replaceable(out):
        say(
            f"Đã có tệp “{out}”, đã có số liệu (hoặc không phải tệp nhập số liệu năm trước chưa điền): "
            "tệp đó được giữ nguyên, không bao giờ bị thay. Muốn có tệp trống "
            "mới, hãy đổi tên hoặc chuyển tệp đó sang thư mục khác rồi chạy lại."
        )
        return False
    say(
        f"Đã có tệp “{out}”. Tệp đã có số liệu không bao giờ bị thay; chỉ tạo lại khi tệp đó chưa điền "
        "hoặc tạo nhầm ngày chốt."
    )
    typed = _answer("Gõ C rồi Enter để tạo lại tệp trống (chỉ Enter: giữ tệp đã có)", FORMS_LAUNCHER)
    if (typed or "").casefold() in {"c", "có", "co"}:
        return True
    say("Giữ tệp đã có, không tạo lại.")
    return False


def _ask_date(question: str, problem: Callable[[dt.date], str | None]) -> dt.date | None:
    """A date typed at `question`, asked again while it is no date or `problem` finds one
    (None: nothing typed, or no console)."""
    from toolkit.cli import parse_date

    while True:
        typed = _answer(question, FORMS_LAUNCHER)
        if not typed:
            return None
        try:
            value = parse_date(typed)
        except click.BadParameter as exc:
            say(f"{exc.message} Hãy gõ lại.")
            continue
        why = problem(value)
        if why is None:
            return value
        say(f"{why} Hãy gõ lại.")


def _ask_cutoff() -> dt.date | None:
    """`history blank-forms --ask` without `--cutoff`: the cut-off of last year's forms, typed
    (never one after today: `_future_forms`)."""

    def future(cutoff: dt.date) -> str | None:
        why = _future_forms(cutoff, dt.date(cutoff.year, 1, 1), command=False)
        return None if why is None else f"{why[:1].upper()}{why[1:]}."

    cutoff = _ask_date(
        "Gõ ngày chốt số liệu của biểu đã gửi năm trước (ngày/tháng/năm, ví dụ 31/03/2025) rồi Enter "
        "(chỉ Enter: không tạo tệp)",
        future,
    )
    if cutoff is None:
        say("Không tạo tệp.")
    return cutoff


def _ask_period_start(cutoff: dt.date) -> dt.date:
    """`history blank-forms --ask` without `--period-start`: the forms' period's first day,
    Enter alone the default (1 January of the cut-off's year, as `consolidate`'s)."""
    from toolkit.core import vnformat
    from toolkit.pipeline import form_period_problem

    first = dt.date(cutoff.year, 1, 1)
    start = _ask_date(
        f"Gõ ngày bắt đầu kỳ báo cáo của biểu đó rồi Enter (chỉ Enter: từ ngày "
        f"{vnformat.message_date(first)}, số liệu cộng dồn từ đầu năm)",
        lambda start: form_period_problem(start, None, cutoff),
    )
    return first if start is None else start


def _say_personal_data(shown: str) -> None:
    """What `history import` does with a summary that holds members' personal data
    (`io.summary.holds_personal_data`, hunt249 F7): the history keeps no issue of it."""
    from toolkit.io.summary import personal_data_words

    say(
        f"{personal_data_words(shown)}. Lịch sử chỉ lưu số liệu tổng hợp, danh sách tổ chức và tên các "
        "tệp đã đọc, không lưu danh sách lỗi ấy."
    )


def _import_merged(summary_paths: tuple[Path, ...], name: str, store: HistoryStore) -> None:
    """`history import … --merged-ward NAME`: the merged ward's record (`history.merge`), added
    as an imported summary is, then the roll-up's warnings about the sum."""
    from toolkit.core.errors import SummaryError
    from toolkit.core.text import file_labels
    from toolkit.history.merge import former_wards, merged_record, refused_sum
    from toolkit.rollup import rollup
    from toolkit.stats.coverage import merged_words

    former = former_wards(summary_paths, name)
    try:  # the roll-up's own sum (counts added, means and rates from the sums)
        result = rollup([path for path, _ in former], name=name)
    except SummaryError as exc:
        raise refused_sum(exc) from None
    record, warnings = merged_record(former, result, name)
    # Each former ward's file that holds its members' personal data, by the path given (the
    # roll-up names it by its label, `file_labels`).
    given = {label: str(path) for path, label in file_labels(path for path, _ in former).items()}
    for issue in result.issues:
        if issue.code == "rollup.personal_data" and issue.file:
            _say_personal_data(given.get(issue.file, issue.file))
    there = Path(store.path).exists() and store.find_run(record.run_id) is not None
    _import(summary_paths[0], store, record=record)
    if there or store.find_run(record.run_id) is None:
        return
    say(
        f"Lần này là số liệu của {record.ward_name}, là tổng số liệu của "
        f"{merged_words(record.merged_from or ())}; các biểu và báo cáo của {record.ward_name} ghi rõ "
        "như vậy ở cột “Cùng kỳ năm trước”. Lần này không có số liệu từng tổ chức."
    )
    for issue in warnings:
        # The roll-up's warnings speak of "this file" (`Tệp này …`): said with the file they are of
        # (review203: printed alone, which former ward's file was meant was not said).
        of = f" (tệp \u201c{issue.file}\u201d)" if issue.file else ""
        say(f"Lưu ý{of}: {issue.message}")


def _say_name_no_longer_used(store: HistoryStore, record: Record, new_id: int) -> None:
    """A record added under a ward name no other record of the history has, while the others
    carry one name (the copy of a record removed before `rename-ward` renamed the rest:
    hunt115 F2; or a summary made before the rename): the runs of that name do not use it, and
    how to give it that name. Its removal is said only of a copy `history remove` kept
    (`Record.restore_id`; hunt134 F5: an ordinary summary was said to have been removed)."""
    from toolkit.core.text import ward_key

    own = ward_key(record.ward_name)
    if not own or record.ward_name is None:
        return
    others = [r for r in store.records() if r.id != new_id]
    names = {ward_key(r.ward_name): r.ward_name for r in others if ward_key(r.ward_name)}
    if own in names or len(names) != 1:
        return
    (other,) = names.values()
    assert other is not None
    when = (
        "phường đã đổi tên trong lịch sử sau khi lần này bị xóa"
        if record.restore_id is not None
        else "tệp vừa thêm được làm trước khi phường đổi tên trong lịch sử"
    )
    say(
        f"Lần số {new_id} mang tên phường “{record.ward_name}”, còn các lần khác trong lịch sử mang tên "
        f"“{other}”: các lần tổng hợp của “{other}” không dùng lần số {new_id} (cho “Cùng kỳ năm "
        f"trước”, xu hướng và kiểm tra số đầu kỳ). Nếu “{record.ward_name}” là tên cũ của phường "
        f"({when}), hãy đổi tên lần này: "
        f"{rename_advice(record.ward_name, other, store.path)}."
    )


def _import(summary_path: Path, given: HistoryStore, *, record: Record | None = None) -> None:
    """`history import` of `summary_path` into the history of `given` (the command, and the
    restore step of `history list --ask`); or of `record`, made of it and others (a merged
    ward's, `_import_merged`)."""
    from toolkit.core import vnformat
    from toolkit.core.text import ward_key
    from toolkit.history.records import record_from_summary
    from toolkit.history.session import (
        kept_beside_words,
        kept_for_next_year,
        not_in_use,
        today_run_id,
        used_records,
    )
    from toolkit.history.store import RunAlreadyStored
    from toolkit.io.summary import holds_personal_data

    figures: Figures | None = None  # of a workbook of last year's forms typed by hand
    personal = False  # the summary holds members' personal data (said once it is taken)
    if record is None:
        typed = _typed_summary(summary_path)
        summary = _load_summary(summary_path, given.path) if typed is None else typed[0]
        figures = None if typed is None else typed[1]
        run_id = summary.get("run_id") or today_run_id()
        # Refused (a roll-up) before the history is opened: nothing of it is created or touched.
        record = record_from_summary(summary, run_id=run_id, source=str(summary_path))
        personal = holds_personal_data(summary)
        if figures is not None:
            _refuse_typed_over_a_run(summary_path, record, given)
    run_id = record.run_id
    store = given
    existing = store.find_run(run_id)
    if existing is not None:
        say(f"Lần tổng hợp này (mã {run_id}) đã có trong lịch sử (số {existing}); không thêm lần nữa.")
        # Being there is not being in use: a later run of its cut-off may have taken its place.
        why = not_in_use(store, existing, just_stored=False)
        if why is not None:
            say(why[:1].upper() + why[1:])
        return
    if personal:  # said of a summary the history takes (review251), not of one it has (L4)
        _say_personal_data(str(summary_path))
    # A history that is not there yet is made by the record (`begin`, published complete on
    # `commit`): the record is then in a new, empty history, never "back" in the one a removed
    # record's copy came from. Made by another writer meanwhile, it is that one's.
    try:
        # `once`: looked for again under the write lock, so that two imports of one summary
        # at the same moment add it once (hunt112a D5).
        # `same`: a typed workbook's run id is new at each import, so the same figures are
        # looked for instead, under the same lock (h240: one workbook imported twice).
        same = _same_typed(record) if figures is not None else None
        pending = store.begin(record, once=True, same=same)
        new_id = pending.commit()
    except RunAlreadyStored as stored:
        if figures is None:
            say(
                f"Lần tổng hợp này (mã {run_id}) đã có trong lịch sử (số {stored.record_id}); không thêm "
                "lần nữa."
            )
            return
        _say_typed_there(summary_path, record, stored.record_id)
        why = not_in_use(store, stored.record_id, just_stored=False)
        if why is not None:
            say(why[:1].upper() + why[1:])
        return
    created = pending.created
    restored = pending.restored and not created
    if created:
        say(
            f"Chưa có tệp lịch sử “{full(store.path)}”: đã tạo tệp mới và thêm vào đó lần tổng "
            f"hợp số {new_id}, "
            f"số liệu đến ngày {vnformat.message_date(record.cutoff_date)}."
        )
        if record.restore_id is not None:
            _say_not_restored(summary_path, store.path)
        _say_typed(figures, record)
        _say_coverage_unknown(record, new_id, summary_path, store.path, typed=figures is not None)
        return
    say(
        f"Đã thêm vào lịch sử “{store.path}”: lần tổng hợp số {new_id}, số liệu đến ngày "
        f"{vnformat.message_date(record.cutoff_date)}"
        + (" (bản lưu của lần đã xóa, trở lại đúng số và thứ tự cũ)." if restored else ".")
    )
    _say_typed(figures, record)
    _say_coverage_unknown(record, new_id, summary_path, store.path, typed=figures is not None)
    _say_name_no_longer_used(store, record, new_id)
    # The record a run of its ward uses for this cut-off: its own current one, or the current one
    # without a name when that ran after it (a record without a name: the current one of those).
    named = bool(ward_key(record.ward_name))
    candidates = [
        r
        for r in store.records()
        if r.cutoff_date == record.cutoff_date and (named or not ward_key(r.ward_name))
    ]
    used = next(iter(used_records(candidates, record.ward_name)), None)
    if used is None or used.id == new_id:
        if not named:
            _say_takes_the_place(store.records(), record, new_id, store.path)
        elif used is not None:
            # Of the records of its cut-off read under the write lock just before the insert:
            # what the record took the place of, whatever was recorded since.
            _say_replaces(pending.before, record, new_id, store)
        _say_later_runs(store, record, new_id)
        return
    kept = kept_for_next_year(store.records()).get(new_id)
    if kept is not None:
        # Of another forms' period than the record in use (of its ward, or without a ward name,
        # h222), which ran after it: both stay (hunt215 F5).
        when = (
            "chạy sau lần vừa thêm, như trước khi xóa"
            if restored
            else (
                f"chạy lúc {vnformat.date_time(used.ran_at, message=True)} (sau tệp vừa thêm, chạy lúc "
                f"{vnformat.date_time(record.ran_at, message=True)})"
            )
        )
        kept_words = kept_beside_words(used, record, kept)
        say(f"Lịch sử đã có lần tổng hợp số {used.id} cùng ngày chốt, {when}: {kept_words}")
        return
    if restored and ward_key(used.ward_name) == ward_key(record.ward_name):
        say(
            f"Lần số {used.id} cùng ngày chốt chạy sau lần vừa thêm, như trước khi xóa: lần số "
            f"{used.id} vẫn là số liệu được dùng cho “Cùng kỳ năm trước”, xu hướng và kiểm tra số đầu "
            "kỳ; lần vừa thêm chỉ được lưu lại."
        )
        return
    if ward_key(used.ward_name) == ward_key(record.ward_name):
        say(
            f"Lịch sử đã có lần tổng hợp số {used.id} cùng ngày chốt, chạy lúc "
            f"{vnformat.date_time(used.ran_at, message=True)} (sau tệp vừa thêm, chạy lúc "
            f"{vnformat.date_time(record.ran_at, message=True)}): lần số {used.id} vẫn là số liệu được "
            "dùng cho “Cùng kỳ năm trước”, xu hướng và kiểm tra số đầu kỳ; lần vừa thêm chỉ được lưu lại."
        )
        return
    say(
        f"Lịch sử đã có lần tổng hợp số {used.id} cùng ngày chốt, không ghi tên phường, chạy lúc "
        f"{vnformat.date_time(used.ran_at, message=True)} (sau tệp vừa thêm, chạy lúc "
        f"{vnformat.date_time(record.ran_at, message=True)}): "
        f"các lần tổng hợp của {record.ward_name} vẫn dùng lần số {used.id} cho “Cùng kỳ năm trước”, "
        "xu hướng và kiểm tra số đầu kỳ, không dùng lần vừa thêm. Nếu lần số "
        f"{used.id} là lần chạy thử hay làm nhầm, hãy xóa nó: {removal_advice(used.id or 0, store.path)}."
    )


def _same_typed(record: Record) -> Callable[[list[Record]], int | None]:
    """Of the records of its cut-off (`HistoryStore.begin`'s `same`), the one that is `record`
    again: a workbook of last year's forms typed by hand gets a new run id at each import, so
    the same workbook imported twice (the office launcher double-clicked twice, or again after
    saving it unchanged, which changes its bytes but not its figures) is found by its content
    (h240). That is the record in use for the cut-off, ward and forms' period (the one that
    ran last of them) when its ward name, period and indicators are the same as `record`'s:
    anything else, a corrected workbook included, is added and takes its place."""
    from toolkit.core.text import ward_key
    from toolkit.history.store import latest

    def same(before: list[Record]) -> int | None:
        group = {
            r.id: r
            for r in before
            if r.id is not None
            and r.cutoff_date == record.cutoff_date
            and r.form_period == record.form_period
            and ward_key(r.ward_name) == ward_key(record.ward_name)
        }
        last = latest((i, r.ran_at, r.origin) for i, r in group.items())
        if last is None:
            return None
        was = group[last]
        if (was.ward_name, was.period_start, was.indicators) != (
            record.ward_name,
            record.period_start,
            record.indicators,
        ):
            return None
        return last

    return same


def _say_typed_there(path: Path, record: Record, record_id: int) -> None:
    """A workbook of last year's forms whose figures the history holds already (`_same_typed`):
    nothing added, said with the record's number, and what to do when the workbook was
    corrected (saved, it is added and takes that record's place)."""
    from toolkit.core import vnformat

    start, end = record.form_period
    say(
        f"Số liệu của tệp “{path}” (các biểu năm trước, kỳ {vnformat.message_date(start)}–"
        f"{vnformat.message_date(end)}) đã có trong lịch sử: lần số {record_id}, cùng ngày chốt "
        f"{vnformat.message_date(record.cutoff_date)} và cùng mọi số liệu; không thêm lần nữa. Nếu vừa "
        "sửa số liệu trong tệp, hãy lưu tệp trong Excel rồi thêm lại."
    )


def _load_summary(path: Path, history: Path) -> dict[str, Any]:
    """`io.summary.load_summary`, and when it refuses a workbook (or another Office file) that
    is no workbook of last year's forms, the way to type those: a first-year office has last
    year's forms only (hunt220 R1). Said by `history import` alone (a roll-up or a report has no
    use for it), its commands with this import's history, where the record is to go."""
    from toolkit.core.errors import SummaryError, user_message
    from toolkit.io.summary import EncryptedFile, load_summary, office_file

    try:
        return load_summary(path)
    except SummaryError as exc:
        if not os.path.lexists(path) and forms_launcher_adds(path, history):
            # The office's second launcher run before its first: the file it adds is made there.
            raise SummaryError(
                f"{user_message(exc)} Hãy bấm đúp {FORMS_LAUNCHER} trước để tạo tệp đó, chép số liệu "
                f"các biểu năm trước vào, lưu, đóng Excel, rồi bấm đúp lại {FORMS_IMPORT_LAUNCHER}."
            ) from None
        if not office_file(path) or isinstance(exc, EncryptedFile):
            # A password-protected workbook: the password is the way on, not a new blank one.
            raise
        blank = history_command('blank-forms "TỆP.xlsx" --cutoff NGÀY_CHỐT_NĂM_TRƯỚC', history)
        then = history_command('import "TỆP.xlsx"', history)
        raise SummaryError(
            f"{user_message(exc)} Nếu năm trước phường chưa dùng ward-stats và chỉ có các biểu đã gửi: "
            f"lệnh “{blank}” tạo tệp Excel để chép số liệu Biểu 1–3-BTCTW năm trước, rồi lệnh "
            f"“{then}” thêm tệp đó vào lịch sử."
        ) from None


# At most this many errors of a typed workbook are said, the count of the others after them.
SHOWN_ERRORS = 12


def _typed_summary(path: Path) -> tuple[dict[str, Any], Figures] | None:
    """The summary of a workbook of last year's forms typed by hand (`history blank-forms`,
    filled; `toolkit.forms.entry`), checked as a JSON summary is, with the typed lines that
    will show empty (a part of theirs left empty); None for any other file (read as a JSON
    summary). The common checks' messages, which speak in ids, are said in the forms' lines
    and cells; Biểu 1's A + B − C = D first, in the form's words."""
    from toolkit.core.entry_marker import TYPED_STATUS
    from toolkit.core.errors import SummaryError, user_message
    from toolkit.forms.entry import (
        EntryError,
        Typed,
        id_words,
        in_form_words,
        opening_identity_error,
        summary_from_entry,
    )
    from toolkit.io.entry_book import read_entry_book
    from toolkit.io.summary import EDITED, HINT, check_summary

    book = read_entry_book(path)
    if book is None:
        return None
    cells = {sheet: {k: Typed(v, c) for k, (v, c) in keyed.items()} for sheet, keyed in book.cells.items()}
    shown = str(path)
    try:
        summary, figures = summary_from_entry(
            book.meta, cells, shown, book.loose, book.uncomputed, book.twins
        )
    except EntryError as exc:
        said = list(exc.messages[:SHOWN_ERRORS])
        if len(exc.messages) > SHOWN_ERRORS:
            said.append(f"(và {len(exc.messages) - SHOWN_ERRORS} lỗi khác)")
        raise SummaryError("\n".join([*said, "Chưa thêm gì vào lịch sử."])) from None
    cutoff, start = (dt.date.fromisoformat(str(summary[key])) for key in ("cutoff_date", "period_start"))
    future = _future_forms(cutoff, start)
    if future is not None:
        from toolkit.core.dates import same_period_last_year

        # "that period" only when `future` names one: two years ahead it names none (review281).
        named = same_period_last_year((start, cutoff))[1] <= dt.date.today()
        raise SummaryError(
            f"Tệp “{shown}”: {future}. Hãy tạo tệp mới {'cho kỳ đó' if named else 'với ngày chốt đó'}, "
            "chép lại số liệu vào, rồi thêm tệp mới vào lịch sử. Chưa thêm gì vào lịch sử."
        )
    opening = opening_identity_error(figures, cells)
    if opening is not None:
        raise SummaryError(f"Tệp “{shown}”, {opening} Chưa thêm gì vào lịch sử.")
    summary["sources"] = [{"file": path.name, "sha256": book.sha256, "status": TYPED_STATUS}]
    try:
        check_summary(summary, shown, words=id_words(cells))
    except SummaryError as exc:
        words = in_form_words(user_message(exc), id_words(cells))
        words = words.replace(f" {EDITED}", "").replace(f" {HINT}", "")
        raise SummaryError(
            f"{words} Hãy sửa các ô đó cho đúng biểu đã gửi, lưu tệp rồi chạy lại lệnh. Chưa thêm gì "
            "vào lịch sử."
        ) from None
    return summary, figures


def _refuse_typed_over_a_run(path: Path, record: Record, store: HistoryStore) -> None:
    """Refuse last year's forms typed for a cut-off and forms' period that the history already
    has a consolidation of, of the same ward (hunt233: a workbook made for the wrong year,
    30/09/2026 for 30/09/2025, once that cut-off was consolidated, took its place as the record in
    use, a typed figure without organisations for the opening check and next year's column).
    Typed forms are for the periods the history has no run of; a run made wrong is consolidated
    again, not typed."""
    from toolkit.core import vnformat
    from toolkit.core.dates import same_period_last_year
    from toolkit.core.errors import SummaryError
    from toolkit.core.text import ward_key
    from toolkit.history.session import replaced_words

    runs = [
        r
        for r in store.records()
        if r.origin == "consolidate"
        and r.cutoff_date == record.cutoff_date
        and r.form_period == record.form_period
        and ward_key(r.ward_name) == ward_key(record.ward_name)
    ]
    if not runs:
        return
    run = runs[-1]
    start, end = record.form_period
    before = same_period_last_year((start, end))
    raise SummaryError(
        f"Tệp “{path}” là số liệu chép tay các biểu kỳ {vnformat.message_date(start)}–"
        f"{vnformat.message_date(end)}, nhưng lịch sử đã có {replaced_words(run)}, tổng hợp từ các tệp "
        "của chi bộ cho đúng kỳ đó. Tệp chép tay chỉ dành cho kỳ năm trước mà lịch sử chưa có (lần tổng "
        "hợp sai thì hãy tổng hợp lại, không chép tay). Có lẽ tệp được tạo nhầm năm: biểu cùng kỳ năm "
        f"trước là kỳ {vnformat.message_date(before[0])}–{vnformat.message_date(before[1])} (lệnh "
        f"history blank-forms với --cutoff {vnformat.message_date(before[1])} --period-start "
        f"{vnformat.message_date(before[0])}). Chưa thêm gì vào lịch sử."
    )


def _say_typed(figures: Figures | None, record: Record) -> None:
    """What a record typed from last year's forms is (None: not one), with the forms' period
    whose last year's column it fills (review229: a workbook made for the wrong year, 2026
    instead of 2025, said "this period of this year" and was only seen a year on), the lines
    left empty whose figure was worked out from the lines around them, and the typed lines that
    will show empty in the forms' last year's column (a part of theirs left empty)."""
    from toolkit.core import vnformat
    from toolkit.core.dates import same_period_next_year

    if figures is None:
        return
    unshown = figures.unshown
    start, end = same_period_next_year(record.form_period)
    say(
        "Lần vừa thêm là số liệu chép từ các biểu năm trước (tệp nhập số liệu cùng kỳ năm trước), "
        f"kỳ báo cáo {vnformat.message_date(record.form_period[0])}–"
        f"{vnformat.message_date(record.form_period[1])}: các biểu của kỳ {vnformat.message_date(start)}–"
        f"{vnformat.message_date(end)} lấy cột “Cùng kỳ năm trước” từ đó."
    )
    if figures.deduced:
        say(
            f"{len(figures.deduced)} dòng để trống được tính ra từ dòng tổng và các dòng thuộc nó (các số "
            f"không bao giờ âm): {'; '.join(figures.deduced)}."
        )
    if figures.from_text:
        quoted = [said.rpartition("” = ")[0].rpartition("“")[2] for said in figures.from_text]
        dotted = any("." in text for text in quoted)
        spaced = any(char in text for text in quoted for char in " \u00a0\u202f")
        say(
            f"{len(figures.from_text)} ô ghi số dưới dạng chữ (thường do dán từ văn bản Word) đã được đọc "
            f"thành số: {'; '.join(figures.from_text)}."
            + (" Dấu chấm trong số được hiểu là dấu phân cách hàng nghìn." if dotted else "")
            + (" Dấu cách trong số được hiểu là dấu phân cách hàng nghìn." if spaced else "")
            + " Nếu đọc sai, hãy sửa ô, xóa lần vừa thêm rồi thêm lại tệp."
        )
    if figures.unplaced:
        say(
            f"Lưu ý: {len(figures.unplaced)} dòng đã điền lớn hơn tổng các dòng thuộc nó: "
            f"{'; '.join(figures.unplaced)}. Phần chênh được tính là đảng viên chưa rõ nghề nghiệp cụ thể "
            "(ghi chú dưới biểu sẽ nói số này, và cột (%) của các dòng thuộc nó để trống). Nếu đó là chép "
            "nhầm, hãy sửa ô, xóa lần vừa thêm rồi thêm lại tệp."
        )
    if unshown:
        say(
            f"Lưu ý: {len(unshown)} dòng đã điền nhưng sẽ để trống ở cột “Cùng kỳ năm trước” vì có "
            f"dòng con (dòng thuộc nó) để trống: {'; '.join(unshown)}. Nếu dòng con không có ai, hãy "
            "ghi 0, xóa lần vừa thêm rồi thêm lại tệp."
        )


def _say_not_restored(copy: Path, history: Path) -> None:
    """A removed record's copy imported into a history made just now: it is not back in the
    history it was removed from. Said, with the command that puts it back there: the history
    beside the `lich_su_da_xoa` folder the copy lies in, where `history remove` keeps it."""
    from toolkit.history.removal import REMOVED_FOLDER
    from toolkit.history.store import DEFAULT_FILENAME

    folder = full(copy).parent
    beside = folder.parent / DEFAULT_FILENAME
    if folder.name == REMOVED_FOLDER and beside.is_file():
        where = f" “{beside}”"
        command = history_command(f"import {quoted(full(copy))}", beside)
    else:
        where = ""
        command = f"{program()} history import {quoted(full(copy))} --history <tệp lịch sử đó>"
    say(
        f"Tệp “{copy}” là bản lưu của một lần đã xóa khỏi tệp lịch sử{where}, không phải tệp vừa tạo: "
        "lần đó chưa trở lại lịch sử ấy, các lần tổng hợp dùng lịch sử ấy vẫn chưa có số liệu của nó. "
        f"Để thêm lại vào lịch sử ấy, chạy lệnh “{command}”; nếu không cần tệp lịch sử mới "
        f"“{full(history)}”, hãy xóa nó."
    )


def _say_replaces(before: list[Record], record: Record, new_id: int, store: HistoryStore) -> None:
    """The record just added is now the one in use for its cut-off and ward, in place of
    another: said, with both records' coverage and members as `session.replaces` says them
    (hunt134 F4: a trial run of 40/72 organisations put in use was not said to be partial), and
    how to undo it (a copy restored from `lich_su_da_xoa` whose number has been taken since
    becomes the one in use, as a run recorded last does). `before`: the records of its cut-off
    the history held under the write lock, just before the insert (`PendingRecord.before`).
    When both have the same indicators (the same summary imported again), one short sentence
    without the removal advice, as a run's own note says it (`session.same_figures_words`).
    When their forms' periods differ (the year's and the fourth quarter's at 31/12), both stay,
    each next year's comparison of its own period, as a consolidation says it
    (`session.other_forms_period_words`; hunt215 F5)."""
    from toolkit.core import vnformat
    from toolkit.core.text import ward_key
    from toolkit.history.session import (
        hidden_change_words,
        other_forms_period_words,
        record_words,
        replaced_words,
        same_figures_words,
    )
    from toolkit.history.store import latest

    others = {
        r.id: r
        for r in before
        if r.id not in (None, new_id)
        and r.cutoff_date == record.cutoff_date
        and ward_key(r.ward_name) == ward_key(record.ward_name)
    }
    before_id = latest((i, r.ran_at, r.origin) for i, r in others.items() if i is not None)
    if before_id is None:
        return
    history = store.path
    was = others[before_id]
    if was.indicators == record.indicators:  # nothing to undo
        say(same_figures_words("Lần vừa thêm", new_id, record.cutoff_date, was))
        return
    if was.form_period != record.form_period:  # both kept, as a consolidation says it
        words = other_forms_period_words(
            new_id,
            record.indicators,
            record.cutoff_date,
            record.form_period,
            was,
            history,
            records=store.records(),
            ward_name=record.ward_name,
            just="thêm",
        )
        say(words[:1].upper() + words[1:])
        return
    say(
        f"Lần vừa thêm ({record_words(new_id, record.indicators)}) nay là số liệu được dùng cho “Cùng "
        "kỳ năm trước”, xu hướng và kiểm tra số đầu kỳ của ngày chốt "
        f"{vnformat.message_date(record.cutoff_date)}, thay cho {replaced_words(was)}"
        f"{hidden_change_words(was, record.indicators, new_id)}. Lần số {was.id} vẫn "
        "ở lại trong lịch sử, là lần cũ, không được dùng nữa (lệnh history list ghi “cũ”). Nếu lần số "
        f"{was.id} mới là lần đúng, hãy xóa lần vừa thêm: {removal_advice(new_id, history)}."
    )


def _say_coverage_unknown(
    record: Record, new_id: int, summary_path: Path, history: Path, *, typed: bool = False
) -> None:
    """That the record added does not say whether it consolidated every organisation (a summary
    typed by hand with the ward's figures only: no `orgs.consolidated`, `orgs.registered`), so
    no later run checks its ward opening figure against it: the opening checks compare only
    complete runs (`history.opening`), and said nothing of the one passed over (hunt220 F5).
    Said with the way to have it checked: the two counts typed into the file's `indicators`,
    the record removed and the file imported again, with the commands of this PC (review222 L2:
    the note said only that it would not be checked)."""
    from toolkit.stats.coverage import org_coverage

    if org_coverage(record.indicators) is not None:
        return
    from toolkit.core.entry_marker import INFO_SHEET

    if typed:  # last year's forms typed by hand: the counts are two cells of its info sheet
        command = f"“{history_command(f'import {quoted(full(summary_path))}', history)}”"
        again = f"thêm lại tệp đó bằng lệnh {command}"
        if forms_launcher_adds(summary_path, history):
            again = f"thêm lại tệp đó: bấm đúp {FORMS_IMPORT_LAUNCHER} (hoặc chạy lệnh {command})"
        say(
            "Lần vừa thêm không ghi số tổ chức đã tổng hợp và số tổ chức của phường (hai ô cuối của sheet "
            f"“{INFO_SHEET}”), nên các lần tổng hợp sau không đối chiếu số đầu kỳ của cả phường với lần "
            "này (chênh lệch, nếu có, không được cảnh báo). Cột “Cùng kỳ năm trước” vẫn dùng số liệu của "
            f"lần này. Muốn các lần sau đối chiếu được: điền hai ô đó trong tệp “{full(summary_path)}”, "
            f"xóa lần vừa thêm ({removal_advice(new_id, history)}), rồi {again}."
        )
        return
    if record.merged_from:  # the sum of several files: each is to have the counts
        files = "mục “indicators” của tệp JSON của từng phường cũ"
        again = "chạy lại lệnh history import vừa chạy"
    else:
        files = f"mục “indicators” của tệp “{full(summary_path)}”"
        again = (
            f"thêm lại tệp đó bằng lệnh “{history_command(f'import {quoted(full(summary_path))}', history)}”"
        )
    say(
        "Lần vừa thêm không ghi số tổ chức đã tổng hợp và số tổ chức trong danh mục (chỉ tiêu "
        "“orgs.consolidated”, “orgs.registered”), nên không biết lần đó có đủ các tổ chức không: "
        "các lần tổng hợp sau không đối chiếu số đầu kỳ của cả phường với lần này (chênh lệch, nếu "
        "có, không được cảnh báo). Cột “Cùng kỳ năm trước” và sheet “Xu hướng” vẫn dùng số liệu của lần này. "
        f"Muốn các lần sau đối chiếu được với lần này: ghi vào {files} hai chỉ tiêu “orgs.registered” "
        "(số tổ chức đảng trong danh mục) và “orgs.consolidated” (số tổ chức đã tổng hợp, bằng số "
        f'trong danh mục khi đã đủ), ví dụ "orgs.registered": 42, "orgs.consolidated": 42; '
        f"xóa lần vừa thêm ({removal_advice(new_id, history)}), rồi {again}."
    )


def _say_later_runs(store: HistoryStore, record: Record, new_id: int) -> None:
    """The record just added, in use for its cut-off, is earlier than runs already stored that
    were made without its figures (`session.later_runs_note`)."""
    from toolkit.history.session import codes_reader, later_runs_note

    try:
        typed = store.typed_forms()
    except HistoryError:
        typed = {}  # only the words: a later typed record is then named as a run
    note = later_runs_note(
        store.records(),
        new_id,
        record.cutoff_date,
        record.ward_name,
        record.indicators,
        codes_of=codes_reader(store),
        just="thêm",
        typed=typed,
    )
    if note is not None:
        say(note)


def _say_takes_the_place(records: list[Record], record: Record, new_id: int, history: Path) -> None:
    """An imported record without a ward name that ran after named wards' records of its
    cut-off: their runs now use it (as in a history of one ward). Said, with how to undo it."""
    from toolkit.core import vnformat
    from toolkit.history.session import used_instead

    by_id = {r.id: r for r in records}
    replaced = [by_id[r_id] for r_id, used in used_instead(records).items() if used.id == new_id]
    if not replaced:
        return
    wards = ", ".join(f"{r.ward_name} (lần số {r.id})" for r in replaced)
    when = f" (chạy lúc {vnformat.date_time(record.ran_at, message=True)})" if record.ran_at else ""
    say(
        f"Lần vừa thêm không ghi tên phường và chạy sau lần tổng hợp cùng ngày chốt của {wards}"
        f"{when}: các lần tổng hợp sau của "
        f"{'các phường ấy' if len(replaced) > 1 else replaced[0].ward_name} sẽ dùng lần vừa thêm cho "
        "“Cùng kỳ năm trước”, xu hướng và kiểm tra số đầu kỳ. Nếu lần vừa thêm là lần chạy thử hay "
        f"thêm nhầm, hãy xóa nó: {removal_advice(new_id, history)}."
    )


@history_group.command("remove")
@click.argument("record_id", metavar="SỐ", type=RUN_NUMBER)
@click.option("--yes", "confirmed", is_flag=True, help="Xác nhận xóa (thiếu --yes: chỉ cho biết sẽ xóa gì).")
@history_option()
@friendly_errors
def history_remove_cmd(record_id: int, confirmed: bool, history_path: Path | None) -> None:
    """Xóa khỏi lịch sử một lần tổng hợp làm nhầm (sai ngày chốt, sai thư mục…).

    Lần đó không còn được dùng cho cột “Cùng kỳ năm trước”, sheet “Xu hướng” hay việc kiểm
    tra số đầu kỳ. Nếu đó là lần đang dùng của ngày chốt ấy, lần chạy sau cùng còn lại cùng
    ngày chốt của cùng phường được dùng thay. Trước khi xóa, một bản của lần đó được lưu vào
    thư mục lich_su_da_xoa cạnh tệp lịch sử: xóa nhầm thì thêm lại bằng “history import”.
    """
    from toolkit.history.removal import REMOVED_FOLDER

    store = _store(history_path)
    bad = next((d for d in store.scan()[1] if d.id == record_id), None)
    if bad is not None:
        if not confirmed:
            say(f"Sẽ xóa khỏi lịch sử “{store.path}”: {_in_sentence(_damaged_line(bad))}")
            say(
                "Chưa xóa gì. Để xóa, hãy chạy lại lệnh với --yes (dữ liệu thô của lần đó được lưu trước "
                f"vào thư mục {REMOVED_FOLDER} cạnh tệp lịch sử)."
            )
            sys.exit(EXIT_FAILURE)
        _remove_damaged(store, record_id)
        return
    record = _require(store, record_id)
    if not confirmed:
        # Read as `_remove` reads them: another record of the history damaged refuses the removal
        # now, in the words the run with --yes would say, not after it (fix386; `scan` read the
        # others and advised --yes).
        records = store.records()
        say(f"Sẽ xóa khỏi lịch sử “{store.path}”: {_in_sentence(_removal_line(records, record))}")
        _say_consequences(store, records, record)
        say(
            "Chưa xóa gì. Để xóa, hãy chạy lại lệnh với --yes (một bản của lần đó được lưu trước vào "
            f"thư mục {REMOVED_FOLDER} cạnh tệp lịch sử)."
        )
        sys.exit(EXIT_FAILURE)
    _remove(store, record)


OUTPUTS_KEPT = (
    "Chỉ lịch sử được sửa: tệp kết quả và tóm tắt JSON mà lần số {record} đã ghi (có thể đã ghi đè "
    "lên tệp của lần đúng) vẫn mang số liệu của nó; đừng gửi hay in các tệp ấy, hãy tổng hợp lại các "
    "tệp đúng để có tệp kết quả đúng."
)


def _removal_line(records: list[Record], record: Record) -> str:
    """The record to be removed as `history list` shows it (`record_line` with the record used in
    its place), and, when it is still the `Cùng kỳ năm trước` of next year's forms of its own
    period though superseded at its cut-off by a run of another forms' period
    (`session.kept_for_next_year`), what removing it takes away (h215 F1: the preview said "cũ")."""
    from toolkit.core import vnformat
    from toolkit.history.display import record_line
    from toolkit.history.session import (
        kept_for_next_year,
        next_year_without,
        replaced_by,
        replaced_words,
        used_instead,
    )

    instead = {**used_instead(records), **replaced_by(records)}.get(record.id or 0)
    next_year = kept_for_next_year(records).get(record.id or 0)
    line = record_line(record, instead=instead, next_year=next_year)
    if next_year is None:
        return line

    def period(dates: tuple[dt.date, dt.date]) -> str:
        return f"{vnformat.message_date(dates[0])}–{vnformat.message_date(dates[1])}"

    # An earlier run of that period (superseded by this one) is taken in its place: said, with
    # its figures, not "no other record" (review218).
    earlier = next_year_without(records, record)
    if earlier is not None:
        return (
            f"{line}. Xóa lần này thì số liệu “Cùng kỳ năm trước” của các biểu kỳ {period(next_year)} "
            f"sẽ lấy từ {replaced_words(earlier)}, ghi trước lần này cho cùng kỳ {period(record.form_period)}"
        )
    return (
        f"{line}. Xóa lần này thì các biểu kỳ {period(next_year)} sẽ không có số liệu “Cùng kỳ năm "
        f"trước” (lịch sử không có lần nào khác của kỳ {period(record.form_period)})"
    )


def _codes(store: HistoryStore, records: list[Record]) -> dict[int | None, set[str]]:
    """Each record's organisation codes, read while the record to remove is still there: which
    record a run used for a cut-off depends on them (`record_for_cutoff`)."""
    from toolkit.history.session import record_codes

    return {r.id: record_codes(store, r) for r in records}


def _successor_words(record: Record, successor: int, *, planned: bool) -> str:
    """The record used in place of `record` once it is removed (said before, `planned`, and after)."""
    head = "Xóa lần này thì lần" if planned else "Lần"
    return (
        f"{head} tổng hợp số {successor} cùng ngày chốt {'sẽ' if planned else 'nay'} là số liệu được dùng "
        f"cho “Cùng kỳ năm trước”, xu hướng và kiểm tra số đầu kỳ{_of_ward(record)}."
    )


def _say_consequences(store: HistoryStore, records: list[Record], record: Record) -> None:
    """Before `record` is removed from a history of `records` (`history remove` without --yes,
    `history list --ask` before its confirmation): what the removal will change, in the words
    `_remove` says it after, of the records as `removal_preview` finds the removal leaves them
    (the choice `HistoryStore.remove` makes)."""
    from toolkit.history.session import removed_runs_note
    from toolkit.history.store import removal_preview

    after, successor = removal_preview(records, record)
    if successor is not None:
        say(_successor_words(record, successor, planned=True))
    codes = _codes(store, records)
    note = removed_runs_note(records, record, after, lambda r: codes.get(r.id, set()), planned=True)
    if note is not None:
        say(note)


def _remove(store: HistoryStore, record: Record) -> None:
    """Remove `record`, its copy kept first (`toolkit.history.removal`), and say what was done."""
    from toolkit.core import vnformat
    from toolkit.core.entry_marker import TYPED_STATUS
    from toolkit.history.removal import remove_keeping_copy
    from toolkit.history.session import removed_runs_note

    before = store.records()  # the runs stored after it may have used its figures
    codes = _codes(store, before)
    try:
        done = remove_keeping_copy(store, record)
    except KeyError:  # removed meanwhile by another process
        _require(store, record.id or 0)
        raise
    say(
        f"Đã xóa lần tổng hợp số {record.id} (số liệu đến ngày {vnformat.message_date(record.cutoff_date)}) "
        f"khỏi lịch sử “{store.path}”."
    )
    advice = restore_advice(done.copy, store.path)
    say(f"Bản lưu của lần đã xóa: “{done.copy}”. Nếu xóa nhầm, để thêm lại: {advice}.")
    if done.successor is not None:
        say(_successor_words(record, done.successor, planned=False))
    # The removal is of the history only (hunt115 F5): the run's workbook and JSON summary, which
    # may have replaced the right run's, still hold its figures. A record typed from last year's
    # forms wrote none (review229: it was told not to send "its" workbook and JSON).
    if not any(source.status == TYPED_STATUS for source in record.sources):
        say(OUTPUTS_KEPT.format(record=record.id))
    note = removed_runs_note(before, record, store.records(), lambda r: codes.get(r.id, set()))
    if note is not None:
        say(note)


def _remove_damaged(store: HistoryStore, record_id: int) -> None:
    """Remove a record that cannot be read, its stored rows kept first as they are."""
    from toolkit.history.removal import remove_damaged_keeping_rows

    done = remove_damaged_keeping_rows(store, record_id)
    say(f"Đã xóa lần tổng hợp số {record_id} (bị hỏng) khỏi lịch sử “{store.path}”.")
    say(
        f"Dữ liệu thô của lần đã xóa được lưu ở “{done.copy}” (không thêm lại được bằng “ward-stats "
        "history import”: dữ liệu đó đã hỏng)."
    )
    if done.successor is not None:
        say(
            f"Lần tổng hợp số {done.successor} cùng ngày chốt nay là số liệu được dùng cho “Cùng kỳ năm "
            "trước”, xu hướng và kiểm tra số đầu kỳ."
        )


def _of_ward(record: Record) -> str:
    """` của Phường …` (the current record is per ward), or nothing for a record without a name."""
    return f" của {record.ward_name}" if record.ward_name else ""


@history_group.command("rename-ward")
@click.argument("old_name", metavar="TÊN_CŨ")
@click.argument("new_name", metavar="TÊN_MỚI")
@click.option(
    "--yes", "confirmed", is_flag=True, help="Xác nhận đổi tên (thiếu --yes: chỉ cho biết sẽ đổi những gì)."
)
@history_option()
@friendly_errors
def history_rename_ward_cmd(old_name: str, new_name: str, confirmed: bool, history_path: Path | None) -> None:
    """Đổi tên phường trong lịch sử: phường đã đổi tên (như khi sắp xếp, sáp nhập phường).

    Các lần tổng hợp của TÊN_CŨ (không phân biệt chữ hoa, chữ thường, khoảng trắng) được ghi
    TÊN_MỚI, để các lần tổng hợp sau với TÊN_MỚI dùng chúng cho “Cùng kỳ năm trước”, xu hướng
    và kiểm tra số đầu kỳ. Trước khi đổi, một bản sao của tệp lịch sử được lưu vào thư mục
    lich_su_da_xoa cạnh tệp lịch sử. Chỉ dùng khi hai tên là của cùng một phường.
    """
    from toolkit.history.removal import REMOVED_FOLDER
    from toolkit.history.rename import plan_rename, rename_ward

    store = _store(history_path)
    if not confirmed:
        _say_plan(store, plan_rename(store, old_name, new_name))
        say(
            "Chưa đổi gì. Để đổi tên, hãy chạy lại lệnh với --yes (một bản sao của tệp lịch sử được lưu "
            f"trước vào thư mục {REMOVED_FOLDER} cạnh tệp lịch sử)."
        )
        sys.exit(EXIT_FAILURE)
    _say_renamed(store, rename_ward(store, old_name, new_name))


def _say_plan(store: HistoryStore, plan: Renaming) -> None:
    """What a rename will change (`history rename-ward` without --yes, `Lich su.cmd` before C)."""
    say(
        f"Sẽ đổi tên phường “{plan.old}” thành “{plan.new}” ở {len(plan.records)} lần tổng hợp trong "
        f"lịch sử “{store.path}”: {_renamed_list(plan.records)}."
    )
    for line in _merged_lines(plan.merged, plan.new, done=False):
        say(line)


def _say_renamed(store: HistoryStore, done: Renaming) -> None:
    """What a rename changed, where the copy is and how to undo it."""
    say(
        f"Đã đổi tên phường “{done.old}” thành “{done.new}” ở {len(done.records)} lần tổng hợp trong lịch "
        f"sử “{store.path}”: {_renamed_list(done.records)}. Các lần tổng hợp sau với tên “{done.new}” dùng "
        "các lần này cho “Cùng kỳ năm trước”, xu hướng và kiểm tra số đầu kỳ."
    )
    for line in _merged_lines(done.merged, done.new, done=True):
        say(line)
    back = history_command(f"rename-ward {argument(done.new)} {argument(done.old)} --yes", store.path)
    undo = (
        f"chạy lệnh “{back}” hoặc chép bản sao đó đè lên tệp lịch sử"
        if not done.new_had_records
        else "chép bản sao đó đè lên tệp lịch sử (các lần tổng hợp ghi sau khi đổi tên sẽ không còn)"
    )
    say(f"Bản sao tệp lịch sử trước khi đổi tên: “{full(done.backup or store.path)}”. Nếu đổi nhầm: {undo}.")


def _renamed_list(records: tuple[tuple[int, str], ...]) -> str:
    """`lần số 3 (chốt 31/03/2025), lần số 5 (chốt 31/03/2026)`: the records a rename touches."""
    return ", ".join(f"lần số {record_id} (chốt {_cutoff_text(cutoff)})" for record_id, cutoff in records)


def _cutoff_text(cutoff: str) -> str:
    """A stored cut-off as a message writes a date (`vnformat.message_date`); as stored when it
    cannot be read (a damaged record)."""
    import datetime as dt

    from toolkit.core import vnformat

    try:
        return vnformat.message_date(dt.date.fromisoformat(cutoff))
    except (TypeError, ValueError):
        return str(cutoff)


def _merged_lines(merged: tuple[Any, ...], new: str, *, done: bool) -> list[str]:
    """Of each cut-off where both names had a record in use, which one is (or will be) used now:
    one ward now, the one that ran last (`history.rename.Merged`)."""
    return [
        f"Ngày chốt {_cutoff_text(m.cutoff)} có lần tổng hợp của cả hai tên: nay là một phường, nên lần "
        f"chạy sau cùng (lần số {m.used}) {'nay là' if done else 'sẽ là'} số liệu được dùng cho “Cùng kỳ "
        f"năm trước”, xu hướng và kiểm tra số đầu kỳ của “{new}”; lần số {m.set_aside} chỉ được lưu lại."
        for m in merged
    ]


def _require_file(store: HistoryStore) -> None:
    """An `InputError` (exit 2) when the history file is not there: a mistyped path (or a link
    to nothing) is neither an empty history nor one without a record, for `list` as for `show`."""
    from toolkit.core.errors import InputError

    if Path(store.path).is_symlink() and not Path(store.path).exists():
        from toolkit.history.store import dangling_text

        raise InputError(dangling_text(store.path))
    if not Path(store.path).exists():
        raise InputError(
            f"Không có tệp lịch sử “{store.path}”: chưa lần tổng hợp nào được ghi ở đó. Hãy kiểm tra "
            "đường dẫn (--history), hoặc chạy lệnh trong thư mục có tệp lich_su_tong_hop.sqlite."
        )


def _require(store: HistoryStore, record_id: int) -> Record:
    from toolkit.core.errors import InputError

    _require_file(store)  # a mistyped path is not a history without that record
    record = store.get(record_id)
    if record is None:
        raise InputError(
            f"Lịch sử “{store.path}” không có lần tổng hợp số {record_id} (xem các lần đã lưu bằng lệnh "
            f"“{history_command('list', store.path)}”)."
        )
    return record


@main.command("rollup")
# A path that is not there (a typo) is the command's mistake, not a ward's: a usage error before
# anything is read or written, as `consolidate`'s folder is (`toolkit.cli_usage` says it in
# Vietnamese); a file that is there but cannot be used is a ward left out (`rollup.unreadable`).
@click.argument(
    "summaries",
    metavar="TỆP_JSON...",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tệp kết quả .xlsx của cấp trên (bảng theo phường, thống kê, Biểu 1–4-BTCTW).",
)
@click.option(
    "--json",
    "json_out",
    metavar="TỆP",
    help="Ghi bản tóm tắt JSON của cấp trên vào tệp này, hoặc '-' để in ra màn hình.",
    callback=not_empty,
)
@click.option(
    "--name",
    "unit_name",
    metavar="TÊN",
    help="Tên đơn vị cấp trên, ví dụ “Tỉnh Hải Dương”: đầu các biểu ghi cấp ủy của đơn vị (“TỈNH ỦY "
    "HẢI DƯƠNG”; “Thành phố …”: “THÀNH ỦY …”; “Đảng bộ …”: “ĐẢNG ỦY …”).",
)
@friendly_errors
def rollup_cmd(
    summaries: tuple[Path, ...], output: Path, json_out: str | None, unit_name: str | None
) -> None:
    """Tổng hợp lên cấp trên từ các tệp JSON số liệu tổng hợp của nhiều phường.

    Mỗi ô là tổng đúng của các phường; tuổi bình quân và tỷ lệ được tính lại từ các tổng.
    Phường có ngày chốt, kỳ báo cáo hoặc “Số liệu từ ngày” khác với phần lớn các phường, tệp
    hỏng hoặc không phải số liệu của một phường được báo trong sheet “Kiểm tra” và không được
    cộng, tệp của lần tổng hợp không tổng hợp được tổ chức nào cũng vậy; khi không có phần lớn
    (số phường mỗi bên bằng nhau) thì không tổng hợp và không ghi tệp nào. Hai tệp của một
    phường (cùng một lần tổng hợp, cùng tên phường, cùng danh sách tổ chức khi không ghi hai tên
    phường khác nhau, hoặc phần lớn tổ chức có cùng số liệu) hay một tệp đã tổng hợp lên cấp
    trên thì không tổng hợp và không ghi tệp nào, để không phường nào bị cộng hai lần; một đường
    dẫn TỆP_JSON không có (ghi nhầm) cũng vậy.
    Mã thoát: 0 khi cộng đủ, 1 khi có phường bị loại hoặc tệp không phải số liệu tổng hợp của
    phường (vẫn ghi kết quả của các phường còn lại),
    2 khi không tổng hợp được, khi một TỆP_JSON không có hoặc không được phép đọc, hoặc khi
    không ghi được tệp kết quả.
    """
    from toolkit.core.errors import making
    from toolkit.outputs.json_summary import write_json
    from toolkit.outputs.publish import (
        SUFFIXES,
        SUMMARY_INPUT,
        check_input_runs,
        check_kind,
        check_outputs,
        write_outputs,
    )
    from toolkit.outputs.status import consolidation_status
    from toolkit.rollup import rollup

    refuse_json_without_stdout(json_out)
    json_path = Path(json_out) if json_out and json_out != "-" else None
    # Before the summaries are read: no output may be one of them, an output of a ward's run, the
    # other output, or no file.
    inputs = dict.fromkeys(summaries, SUMMARY_INPUT)
    outputs = [(output, "tệp kết quả -o"), *([(json_path, "tóm tắt JSON --json")] if json_path else [])]
    check_outputs(outputs, inputs)
    check_input_runs(outputs, inputs)  # a ward's own workbook beside its JSON, say
    check_kind(output, SUFFIXES["workbook"], "tệp kết quả -o")
    if json_path is not None:
        check_kind(json_path, SUFFIXES["json"], "tóm tắt JSON --json")
    # The figures of the outputs, made before any is written: an unexpected error in them (a fault
    # of the program) says that the old outputs are kept (`failure_lines`).
    with making(output):
        result = rollup(list(summaries), name=unit_name)
    write_outputs(result, output, json_path, inputs=inputs)
    not_printed = None
    if json_out == "-":  # not printed: said after the lines of the workbook written (as `consolidate`)
        not_printed = print_on_stdout(lambda: write_json(result, None), "tóm tắt JSON (--json -)")
    for line in consolidation_status(result, workbook=output, json_path=json_path).lines:
        say(line, err=json_out == "-")
    if not_printed is not None:
        say(error_line(f"{not_printed} Tệp kết quả nói ở trên đã được ghi."), err=True)
        sys.exit(EXIT_FAILURE)
    if result.count("excluded") or result.unknown_files():  # a file given that is no ward's too
        sys.exit(EXIT_DATA)
