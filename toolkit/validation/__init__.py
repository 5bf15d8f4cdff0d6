"""Validation of read submissions: pandera column rules plus one module per group of checks.

`run` runs every check over all submissions at once, each inside a guard; `context` is what
the checks read and how they report; `columns` maps the pandera schemas (`schemas`) to
issues; `info`, `members`, `events`, `years`, `duplicates` and `cross_file` hold the rules.
`attribution` says which organisation each file belongs to, and what became of each
organisation (a file sent but unusable excludes its organisation, never leaves it missing).
"""

from toolkit.validation.attribution import Attribution, attribute, exclusion_reason, unreadable_reason
from toolkit.validation.run import ValidationRun, prepare, validate_files, validate_read, validate_submission

__all__ = [
    "Attribution",
    "ValidationRun",
    "attribute",
    "exclusion_reason",
    "prepare",
    "unreadable_reason",
    "validate_files",
    "validate_read",
    "validate_submission",
]
