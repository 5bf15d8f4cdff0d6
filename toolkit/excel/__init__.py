"""xlwings entry points of the consolidation workbook's buttons (the Excel front end).

Each button of `tong_hop_phuong.xlsm` runs one of these through `RunPython`. They read the
settings and the registry from the calling book, call the same library functions as the
CLI, and write the results back; nothing else lives here (layout and writing helpers are in
`toolkit.excel.book`). Any failure ends as a Vietnamese message in the status cell and the
`Kiểm tra` sheet, never as a traceback. Imports are deferred so that importing this module
stays cheap.
"""

from __future__ import annotations


def make_templates() -> None:
    """Button “Tạo mẫu”: one pre-filled branch template per registry organisation."""
    import xlwings as xw

    from toolkit.excel import book as xlbook
    from toolkit.outputs.template import write_prefilled_templates

    with xlbook.action(xw.Book.caller(), "Tạo mẫu") as panel:
        settings = panel.settings()
        registry = panel.registry(required=True)
        out_dir = settings.template_path()
        out_dir.mkdir(parents=True, exist_ok=True)
        paths = write_prefilled_templates(registry, out_dir)
        panel.status(f"đã tạo {len(paths)} biểu mẫu trong thư mục {out_dir}.")


def validate() -> None:
    """Button “Kiểm tra”: check every submission of the input folder, list the issues."""
    import xlwings as xw

    from toolkit.excel import book as xlbook
    from toolkit.io.reader import discover
    from toolkit.validation import validate_files

    book = xw.Book.caller()
    with xlbook.action(book, "Kiểm tra") as panel:
        settings = panel.settings()
        registry = panel.registry(required=False)
        files = discover([settings.require_input_folder()])
        run = validate_files(files, registry=registry, cutoff=settings.cutoff)
        xlbook.write_issue_sheet(
            book, run.issues, after=panel.results_anchor(), paths={p.name: p for p in files}
        )
        panel.status(*xlbook.validation_summary(run.submissions, run.issues))


def consolidate() -> None:
    """Button “Tổng hợp”: validate and consolidate, write the result sheets and file."""
    import xlwings as xw

    from toolkit.excel import book as xlbook
    from toolkit.pipeline import consolidate as run_consolidation
    from toolkit.pipeline import write_outputs

    book = xw.Book.caller()
    with xlbook.action(book, "Tổng hợp") as panel:
        settings = panel.settings()
        registry = panel.registry(required=False)
        result = run_consolidation(
            [settings.require_input_folder()],
            cutoff=settings.require_cutoff(),
            since=settings.period_start,
            registry=registry,
            target_override=settings.target_override_by_year(),
        )
        out_path = settings.output_path()
        write_outputs(result, out_path)
        xlbook.copy_workbook_sheets(book, out_path, after=panel.results_anchor())
        panel.status(*xlbook.consolidation_summary(result, out_path))
