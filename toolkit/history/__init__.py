"""The store of past consolidations (an SQLite file), and how a consolidation uses it.

- `schema`: the versioned schema and its migrations, as data;
- `records`: one stored consolidation (`Record`), from a result or a JSON summary and back;
- `store`: the file itself (`HistoryStore`): one transaction per record, checks before writes;
- `opening`: the opening check (the roll at an earlier stored cut-off, reconstructed from
  today's submissions, against the roll stored then);
- `session`: a consolidation's use of it: read before its outputs (last year's figures, the
  trend, the opening check), recorded with them: committed once all of them are renamed into
  place (`open_for_run`, `begin_record`, `commit_record`).

Aggregates only: no member's name or birth date is ever stored.
"""
