"""Files in and out: discovering submissions, the package safety gate, sheet scanning, the
reader and its normalisers, reading many files, the registry, atomic writes."""
