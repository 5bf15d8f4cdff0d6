"""The sample ward and the one shared generator of names, dates and messy spellings (used by
the demo, the benchmarks and the tests)."""
