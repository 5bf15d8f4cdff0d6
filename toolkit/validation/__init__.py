"""Validation of read submissions: pandera schemas plus one module per group of checks.

The public interface is imported from here (`from toolkit.validation import validate_files`).
"""

from toolkit.validation.batch import (
    ValidationRun,
    prepare,
    validate_files,
    validate_read,
    validate_submission,
)

__all__ = ["ValidationRun", "prepare", "validate_files", "validate_read", "validate_submission"]
