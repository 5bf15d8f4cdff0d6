"""Writers, used by the edges only: the consolidated workbook (`workbook`, one module per sheet in
`sheets`, opened by the safe factory `xlsx`), the JSON summary, the report (`report` prose,
`report_files` Markdown/.docx), the branch template, `publish` (what a consolidation writes)
and `status` (the summary of a run that the CLI and the Excel buttons both show)."""
