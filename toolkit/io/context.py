"""What one file's reading collects: its issues, and the exception that stops it.

Every step of the reader (the package gate, the sheet scan, the column normalisers) adds its
findings to the file's `ReadContext`. A problem that leaves nothing more to read is raised as
`Refused`; `read_submission` puts its issue first and gives the file no frames.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from toolkit.core.errors import WardStatsError
from toolkit.core.model import Issue
from toolkit.core.rules import make_issue


class Refused(WardStatsError):
    """The file cannot be read further; carries the file-level issue (whose own code says why)."""

    code = "error.file_refused"

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message, issues=[issue])
        self.issue = issue


@dataclass
class ReadContext:
    """The file being read (its name, as issues show it), the issues found so far, and what
    else the reader learns beside the values (rows struck through)."""

    file: str
    issues: list[Issue] = field(default_factory=list)
    org_code: str | None = None
    # The Excel rows read that have text struck through, by template sheet name.
    struck_rows: dict[str, list[int]] = field(default_factory=dict)
    # The Excel rows read whose note alone is struck through, by template sheet name.
    struck_notes: dict[str, list[int]] = field(default_factory=dict)
    # The Excel rows read whose note is struck through in part: row → its unstruck text, by
    # template sheet name (`Submission.notes_unstruck`).
    notes_unstruck: dict[str, dict[int, str]] = field(default_factory=dict)
    # The Excel rows read that are hidden other than by a filter, by template sheet name.
    hidden_rows: dict[str, list[int]] = field(default_factory=dict)
    # The hidden columns of each data sheet read, by its name in the file (`Submission.hidden_columns`).
    hidden_columns: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # The cells read as a dropdown's value other than typed, and what they hold (`Submission.read_as`).
    read_as: dict[str, dict[str, str]] = field(default_factory=dict)
    # The Excel rows not read as rows of the list, by template sheet name and by the issue
    # that says so (`Submission.rows_not_read`).
    rows_not_read: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    # The people of the rows of the list found right of the table (`file.rows_outside`), by
    # template sheet name (`Submission.rows_outside`).
    rows_outside: dict[str, list[tuple[str, dt.date | None]]] = field(default_factory=dict)
    # Whether the workbook counts dates in Excel's 1904 date system (`toolkit.io.package`):
    # a number in a date cell is then read, and named, from 01/01/1904.
    date1904: bool = False

    def add(self, code: str, **kw: Any) -> None:
        self.issues.append(make_issue(code, file=self.file, org_code=self.org_code, **kw))

    def refuse(self, code: str, **kw: Any) -> Refused:
        return Refused(make_issue(code, file=self.file, **kw))
