"""xlwings entry points of the consolidation workbook's buttons (see docs/excel.md).

Each button of `tong_hop_phuong.xlsm` runs one of these through `RunPython`. They read the
settings and the registry from the calling book, call the same library functions as the
CLI, and write the results back; nothing else lives here (layout and writing helpers are in
`toolkit.excel.book`). Any failure ends as a Vietnamese message, never as a traceback: in
the status cell and the `Kiểm tra` sheet once the calling book is known — a failing import
included, since every import but the standard library's happens inside the net — and in
xlwings' error dialog before that (`toolkit.excel.failsafe`). Imports are deferred so that
importing this module stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def make_templates() -> None:
    """Button “Tạo mẫu”: one pre-filled branch template per registry organisation."""
    _press("Tạo mẫu", _make_templates)


def validate() -> None:
    """Button “Kiểm tra”: check every submission of the input folder, list the issues."""
    _press("Kiểm tra", _validate)


def consolidate() -> None:
    """Button “Tổng hợp”: validate and consolidate, write the result sheets and file."""
    _press("Tổng hợp", _consolidate)


def make_lists() -> None:
    """Button “Danh sách”: the work lists of the roster, written only to the lists file."""
    _press("Danh sách", _make_lists)


def upgrade() -> None:
    """Button “Nâng cấp”: the submissions folder's old-template files copied into the current
    template, into the folder `nang_cap` beside the book."""
    _press("Nâng cấp", _upgrade)


def _press(action: str, work: Callable[[Any, Any], None]) -> None:
    """Run one button's `work(book, panel)` inside the nets described in the module docstring,
    without cyclic garbage collection, as the command line runs (`toolkit.__main__.run`): a
    button loads pandas, pandera and the toolkit in its press, hundreds of thousands of objects
    and no garbage, each batch of which the collector walked again with all made before. It is
    back when the press ends (xlwings may keep its Python for the next press)."""
    import gc

    if not gc.isenabled():
        _pressed(action, work)
        return
    gc.disable()
    try:
        _pressed(action, work)
    finally:
        gc.enable()


def _pressed(action: str, work: Callable[[Any, Any], None]) -> None:
    from toolkit.excel import failsafe

    try:
        import xlwings as xw

        book = xw.Book.caller()
    except Exception as exc:  # no book to write to: xlwings' dialog is the only channel left
        failsafe.exit_without_book(action, exc)
    try:  # what may be damaged (h205: toolkit.core.errors cut short was a traceback)
        from toolkit.core.errors import forget_written

        forget_written()  # what the status says was left as it was (`Panel.status`): this press's
        from toolkit.core.rules import button_run
        from toolkit.excel import book as xlbook
    except Exception as exc:  # a broken installation: report without the book helpers
        failsafe.report_failure(book, action, exc)
        return
    # The press's issues say the cell of “Điều khiển”, never a command-line option (fix397).
    with button_run(), xlbook.action(book, action) as panel:
        panel.begin()  # a status cell that is gone or refuses the text stops the press here
        work(book, panel)


def _make_templates(book: Any, panel: Any) -> None:
    from toolkit.excel import book as xlbook
    from toolkit.outputs.status import template_example_only_line
    from toolkit.outputs.template import make_templates

    settings = panel.settings()
    registry = panel.registry(required=True)
    out_dir = settings.template_path()
    # Pressed again, the button replaces its own unfilled templates; a filled one never.
    made = make_templates(registry, out_dir, overwrite=True, inputs=_book_input(book))
    if made.blank:  # the sheet holds only the template's example row (review306 N3)
        done = f"đã tạo biểu mẫu trống {made.paths[0]}."
        notes = [template_example_only_line(registry, "bấm lại nút Tạo mẫu")]
    else:
        done = f"đã tạo {len(made.paths)} biểu mẫu trong thư mục {out_dir}."
        notes = []
    notes += [w.message for w in registry.warnings]  # e.g. one name twice (`registry.same_name`)
    done += _made_input_folder(settings)
    # A submissions cell naming a file or a folder not there stops Kiểm tra, not the templates.
    folder = settings.input_folder_problem(for_templates=True)
    if not notes and folder is None:
        panel.status(done)
        return
    more = len(notes) - 1
    also = f" (và {more} cảnh báo khác về danh mục)" if more > 0 else ""
    said = [f"{notes[0]}{also}"] if notes else []
    panel.status(f"{done} {xlbook.NOTE_LEAD} {' '.join([*said, *filter(None, [folder])])}", xlbook.WARN_COLOR)


def _made_input_folder(settings: Any) -> str:
    """The submissions folder of its cell, made when it is not there yet and its parent is (the
    built book's `bai_nop` beside it, on the first press: the returned files go there next);
    what was done, for the status (a file, or a folder whose parent is not there either, is
    left to `input_folder_problem`)."""
    from toolkit.excel import book as xlbook

    folder = settings.input_folder
    if folder is None or folder.exists() or not folder.parent.is_dir():
        return ""
    try:
        folder.mkdir()
    except OSError:  # no right to make it: said by `input_folder_problem`
        return ""
    label = xlbook.setting_label("InputFolder")
    cell = xlbook.placed(f"(ô “{label}”)", "InputFolder", places=settings.places)
    return f" Đã tạo thư mục bài nộp “{folder}” {cell} để nhận bài nộp của các chi bộ."


def _book_input(book: Any) -> dict[Any, str]:
    """The calling workbook as an input no output may overwrite."""
    from pathlib import Path

    from toolkit.outputs.publish import SETTINGS_INPUT

    try:
        return {Path(str(book.fullname)): SETTINGS_INPUT}
    except Exception:  # a book without a path on disk (never saved): nothing to protect
        return {}


def _validate(book: Any, panel: Any) -> None:
    from toolkit.excel import book as xlbook
    from toolkit.io.readmany import reading_of
    from toolkit.outputs.sheets.issues import issue_paths
    from toolkit.pipeline import check_period_starts, read_and_validate

    settings = panel.settings()
    registry = panel.registry(required=False)
    folder = settings.require_input_folder()
    # As `ward-stats validate` and “Tổng hợp”: no file is a failure naming the folder, and the
    # folder's sub-folders and compressed files, not read, are warnings of the run.
    reading = reading_of([folder], None)
    files = list(reading.paths)
    run = read_and_validate(
        [folder], registry, settings.cutoff, settings.thresholds(), None, None, reading, settings.period_start
    )
    check_period_starts(run, cutoff=settings.cutoff, since=settings.period_start)
    run.add_missing_organisations([folder])  # as `ward-stats validate`: who has not sent
    cells = xlbook.settings_book(book, settings)  # where this book holds the settings
    run.at_setting_cells(cells)  # a mistyped cut-off's row links to its cell
    if not settings.personal_data:
        run.mask_personal_data()
    paths = issue_paths([(p.name, p) for p in files], cells)
    xlbook.write_issue_sheet(
        book, run.issues, after=panel.results_anchor(), paths=paths, personal_data=settings.personal_data
    )
    said, personal = _feedback(book, run, files, folder, settings)
    # One line says where the members' values are: this book's list, and the feedback files.
    text, color = xlbook.validation_summary(
        run.submissions, run.issues, personal_data=settings.personal_data, feedback=personal
    )
    panel.status(" ".join([text, *said]), color)


def _feedback(book: Any, run: Any, files: list[Any], submitted: Any, settings: Any) -> tuple[list[str], bool]:
    """Each file with something to fix gets its own list in `phan_hoi`, to forward to its
    secretary; what was done, in the status cell's words, and whether the feedback written
    holds the members' values (said with the book's, by `validation_summary`). A folder that
    cannot be written is said there too, and spoils nothing: the `Kiểm tra` sheet is written
    already."""
    from toolkit.core.errors import WardStatsError, user_message
    from toolkit.outputs.feedback import add_feedback
    from toolkit.outputs.publish import SUBMISSION_INPUT, Publication

    publication = Publication(inputs={**dict.fromkeys(files, SUBMISSION_INPUT), **_book_input(book)})
    folder = settings.feedback_path()
    try:
        feedback = add_feedback(
            publication,
            run,
            folder,
            folders=[submitted],
            cutoff=settings.cutoff,
            personal_data=settings.personal_data,
            fixed_folder=True,
        )
        if publication.outputs:
            publication.publish()
    except (WardStatsError, OSError) as exc:
        return [f"Không ghi được tệp phản hồi cho chi bộ vào thư mục “{folder}”: {user_message(exc)}"], False
    if not (feedback.items or feedback.stale() or feedback.held):
        return [], False
    return feedback.finish(privacy=False), feedback.holds_personal_data()


def _consolidate(book: Any, panel: Any) -> None:
    from toolkit.excel import book as xlbook
    from toolkit.excel.copysheets import copy_workbook_sheets
    from toolkit.history.session import status_note
    from toolkit.history.store import DEFAULT_FILENAME
    from toolkit.io.atomic import check_target
    from toolkit.outputs.publish import prepare, write_outputs
    from toolkit.pipeline import consolidate as run_consolidation

    settings = panel.settings()
    registry = panel.registry(required=False)
    folder, cutoff = settings.require_input_folder(), settings.require_cutoff()
    out_path = settings.output_path()  # a file it cannot be is said before anything is read
    check_target(out_path, run_output=True, label=settings.output_label())  # as `write_outputs` will
    result = run_consolidation(
        [folder],
        cutoff=cutoff,
        since=settings.period_start,
        registry=registry,
        target_override=settings.target_override_by_year(),
        while_reading=prepare,
        ward_name=settings.ward_name,
        form_from=settings.form_period_start,
        form_label=settings.form_period_label(),
        thresholds=settings.thresholds(),
        personal_data=settings.personal_data,
        settings_book=xlbook.settings_book(book, settings),  # its issues' rows link to its cells
    )
    # The history lives beside the consolidation workbook, the book the clerk keeps.
    used = write_outputs(
        result,
        out_path,
        inputs=_book_input(book),
        history=settings.book_folder / DEFAULT_FILENAME,
        label=settings.output_label(),  # the cell the clerk typed it in, never `-o`
    )
    copy_workbook_sheets(book, out_path, after=panel.results_anchor(), replaced=panel.replaced)
    text, color = xlbook.consolidation_summary(
        result,
        out_path,
        late=used.late if used is not None else (),
        history_note=status_note(used, workbook=_book_name(book)) if used is not None else None,
        places=settings.places,
    )
    panel.status(text, color)


def _book_name(book: Any) -> str:
    """The calling workbook's file name ("" when it cannot be had: said without it)."""
    try:
        return str(book.name)
    except Exception:
        return ""


def _make_lists(book: Any, panel: Any) -> None:
    # The lists name people: they go to the file of the `Tệp danh sách` cell only, never into
    # this book (which travels with the registry and the settings).
    from toolkit.excel import book as xlbook
    from toolkit.io.discover import discover
    from toolkit.outputs.publish import SUBMISSION_INPUT
    from toolkit.outputs.worklists import check_lists_target, write_work_lists
    from toolkit.worklists import build_work_lists

    settings = panel.settings()
    registry = panel.registry(required=False)
    folder, cutoff = settings.require_input_folder(), settings.require_cutoff()
    out_path = settings.lists_path()  # a file it cannot be is said before anything is read
    inputs = {**dict.fromkeys(discover([folder]), SUBMISSION_INPUT), **_book_input(book)}
    check_lists_target(out_path, settings.lists_label(), inputs)  # as `ward-stats lists`
    result = build_work_lists([folder], cutoff=cutoff, registry=registry, thresholds=settings.thresholds())
    written = write_work_lists(result, out_path, settings.lists_label())  # or an earlier file kept
    panel.status(*xlbook.lists_summary(result, out_path, kept=not written))


def _upgrade(book: Any, panel: Any) -> None:
    from toolkit.core.errors import NoSubmissionsError
    from toolkit.excel import book as xlbook
    from toolkit.outputs.upgrade import upgrade_files, upgrade_inputs
    from toolkit.validation.run import validate_each

    settings = panel.settings()
    # As `ward-stats upgrade`: no file is a failure naming the folder and its sub-folders that
    # hold spreadsheets; with files, those sub-folders are said in the status, after a failure
    # for another reason too (the failure's status says `panel.note` after it, fix311).
    folder = settings.require_input_folder()
    files, notes = upgrade_inputs([folder])
    out_dir = settings.upgrade_path()
    try:
        run = upgrade_files(files, out_dir, fixed_folder=True, folders=[folder], check=validate_each)
    except NoSubmissionsError:
        raise  # its message says them itself
    except Exception:
        said = [f"{xlbook.NOTE_LEAD} {note}" for note in notes]
        panel.note = " ".join(n for n in [panel.note, *said] if n) or None
        raise
    panel.status(*xlbook.upgrade_summary(run, out_dir, len(files), notes))
