"""The history database's schema, versioned, with its migrations as data.

`MIGRATIONS[n]` is the list of SQL statements that take a database from version `n` to
version `n + 1`; the version is SQLite's `PRAGMA user_version` (0 for a new, empty file), so
`SCHEMA_VERSION = len(MIGRATIONS)`. A database is migrated inside the same transaction as the
record being written (SQLite's DDL and `user_version` are transactional): it is either fully
migrated and recorded, or left as it was. A database of a newer version is never written.

`PRAGMA application_id` marks the file as ward-stats' history, so that a database of another
program chosen by mistake is recognised and left alone.

Aggregates only: a record holds figures, organisation codes and names, file names and their
SHA-256 fingerprints, never a member's name or birth date. Indicators are stored as JSON:
indicator ids grow with every template version, and JSON needs no migration for a new id.
The ward's are a JSON object (`consolidation.indicators`). The organisations of one
consolidation share their ids, so those are stored once (`consolidation.org_indicator_ids`,
a JSON array) and each organisation's values as a JSON array in that order
(`organisation.indicators`; an organisation whose ids differ keeps a JSON object): a city's
record is a sixth of the size and written in a fraction of the time. SQLite's JSON functions
still query both (`json_extract(indicators, '$[3]')`, `'$."members.total"'`).

`consolidation.is_current` marks the current record of its cut-off and ward; this version
computes it from the records when reading (`toolkit.history.store.current_ids`: files of
versions that let one ward's run supersede another's are read right, with no migration) and
sets it the same way on every write, for older versions that read it.
"""

from __future__ import annotations

APPLICATION_ID = 0x57534854  # "WSHT": ward-stats history

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # version 1
    (
        """
        CREATE TABLE consolidation (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            ran_at TEXT,
            origin TEXT NOT NULL CHECK (origin IN ('consolidate', 'import')),
            tool_version TEXT,
            template_version TEXT,
            ward_name TEXT,
            cutoff_date TEXT NOT NULL,
            period_start TEXT NOT NULL,
            form_from TEXT NOT NULL,
            form_to TEXT NOT NULL,
            is_current INTEGER NOT NULL DEFAULT 1 CHECK (is_current IN (0, 1)),
            indicators TEXT NOT NULL,
            org_indicator_ids TEXT
        )
        """,
        "CREATE INDEX consolidation_cutoff ON consolidation (cutoff_date, is_current)",
        "CREATE INDEX consolidation_run ON consolidation (run_id)",
        """
        CREATE TABLE organisation (
            consolidation_id INTEGER NOT NULL REFERENCES consolidation (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            org_code TEXT NOT NULL,
            org_name TEXT,
            org_tier TEXT,
            sector TEXT,
            status TEXT NOT NULL,
            file TEXT,
            indicators TEXT NOT NULL,
            PRIMARY KEY (consolidation_id, position)
        )
        """,
        """
        CREATE TABLE source_file (
            consolidation_id INTEGER NOT NULL REFERENCES consolidation (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            file TEXT NOT NULL,
            org_code TEXT,
            sha256 TEXT,
            template_version TEXT,
            status TEXT,
            consolidated INTEGER,
            PRIMARY KEY (consolidation_id, position)
        )
        """,
        f"PRAGMA application_id = {APPLICATION_ID}",
    ),
    # version 2: each organisation's template version and the version its submission was
    # upgraded from (template 2026.2), so that an export is the summary that was recorded
    (
        "ALTER TABLE organisation ADD COLUMN template_version TEXT",
        "ALTER TABLE organisation ADD COLUMN upgraded_from TEXT",
    ),
    # version 3: whether each file read was an upgraded one not completed (its new Có/Không
    # columns all empty), so that `history show` says the run counted its members as unknown
    # there; NULL in the rows of earlier versions (not known)
    ("ALTER TABLE source_file ADD COLUMN upgrade_not_completed INTEGER",),
    # version 4: the run's summary fields a record lacked, so that an export is the summary
    # that was recorded: `target_years` (a JSON array of the period's years with an admission
    # target, a target typed 0 included; the report says such a year's target "là 0") and
    # `name_accent_pairs` (the pairs of rows counted as two people though their names differ
    # only by accents, which the forms' notes say) and `partial_target_years` (a JSON array of
    # the years the run warned `registry.partial_targets` for, whose rates the report notes);
    # NULL in the rows of earlier versions and of an imported summary without them (not known:
    # an export leaves them out, as before)
    (
        "ALTER TABLE consolidation ADD COLUMN target_years TEXT",
        "ALTER TABLE consolidation ADD COLUMN name_accent_pairs INTEGER",
        "ALTER TABLE consolidation ADD COLUMN partial_target_years TEXT",
    ),
    # version 5: the numbers of the records removed (`history remove`), with their run ids, so
    # that a number is never given again to another record (hunt108: the latest record removed,
    # the next one took its number, and an older hint "history remove N --yes" removed it). A
    # new record is numbered after every record held and removed (`store._next_id`); a removed
    # record's own copy still takes its number back (`store._restorable`). A file of an older
    # version gets the numbers of the copies in `lich_su_da_xoa` beside it when migrated
    # (`store.removed_copy_numbers`): the numbers it removed before are not known otherwise.
    ("CREATE TABLE removed_id (id INTEGER PRIMARY KEY, run_id TEXT)",),
    # version 6: for a file that was a byte-identical copy of the file used, ignored
    # (`org.identical_copy`), the name of that file (`copy_of`), so that an export says why the
    # copy was not consolidated, as the run's summary did (review187 F2); NULL for every other
    # file, and in the rows of earlier versions (not known: exported as `copy_of: null`)
    ("ALTER TABLE source_file ADD COLUMN copy_of TEXT",),
    # version 7: a record of a ward formed by merging former wards, imported as the sum of the
    # former wards' summaries of one cut-off (`history import A.json B.json --merged-ward NAME`,
    # hunt199 F3): the former wards' names, a JSON array (`merged_from`), which the forms, the
    # report and `Xu hướng` name beside its figures; NULL for every other record, and in the
    # rows of earlier versions (an ordinary record)
    ("ALTER TABLE consolidation ADD COLUMN merged_from TEXT",),
    # version 8: whether the run had a registry (`registry_used`, 1 or 0; fix310): without one
    # (none given, an empty sheet, the template's example row alone) its `orgs.registered` are
    # the organisations that sent a file, and `history show`, an export and its report name
    # that base "tổ chức đã nộp tệp" as the run's `Tổng hợp` did; a merged ward's record is 0
    # when some former ward's summary says false. NULL in the rows of earlier versions and of an
    # imported summary without the field (not known: read as a registry, as before, and an
    # export leaves it out)
    ("ALTER TABLE consolidation ADD COLUMN registry_used INTEGER",),
    # version 9: a merged ward's record none of whose former wards had a registry
    # (`registry_none`, 1; fix386): its section A's base is then "tổ chức đã nộp tệp" alone, as
    # the roll-up of the same summaries says (`ConsolidationResult.registry_none`), not "trong
    # danh mục hoặc đã nộp tệp"; NULL for every other record, and in the rows of earlier
    # versions (a merged record of schema 8 names both bases, as before)
    ("ALTER TABLE consolidation ADD COLUMN registry_none INTEGER",),
)

REMOVED_IDS_VERSION = 5  # the first version with `removed_id`

SCHEMA_VERSION = len(MIGRATIONS)
