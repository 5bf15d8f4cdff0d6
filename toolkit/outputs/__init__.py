"""Writers: the consolidated workbook (one module per sheet), the JSON summary, the report,
the branch template."""
