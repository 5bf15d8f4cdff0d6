"""Validation of read submissions: pandera schemas plus one module per group of checks."""
