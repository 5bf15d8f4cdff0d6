"""The embedded store of past consolidations (SQLite from the standard library)."""
