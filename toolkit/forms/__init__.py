"""The official statistical forms Biểu 1–4-BTCTW, as data, and their figures.

- `model`: what a form is made of (lines, column sets);
- `tables`: the four forms as tables of lines → indicator ids;
- `compute`: a form's cells from this period's and last year's indicators, and the JSON.

The opening check that goes with Biểu 1 compares with the history: `toolkit.history.opening`.

The one renderer is `toolkit.outputs.sheets.forms`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from toolkit.forms.compute import FilledForm, fill_form, fill_forms, forms_json
from toolkit.forms.tables import FORMS
from toolkit.stats.coverage import (
    LateGroups,
    accent_pair_wards,
    late_starts,
    merged_from,
    outside_wards,
    partial_current,
    partial_previous,
    previous_scope_words,
    ward_late_start_groups,
)
from toolkit.stats.shares import orgs_base_label

if TYPE_CHECKING:
    from toolkit.core.model import ConsolidationResult

__all__ = ["FORMS", "FilledForm", "fill_forms", "forms_json", "result_forms"]


def result_forms(result: ConsolidationResult) -> list[FilledForm]:
    """The four forms of a consolidation (or a roll-up): its indicators, and last year's from
    the history when the result carries them; the organisations whose file lists its changes
    from a date after the forms' period starts are said under the forms of changes (a
    roll-up's by ward, from its `rollup.late_start_ward`), and the
    files of no organisation (`file.unknown_org`) under every form, by name, and so are a
    roll-up's wards left out (excluded, as `Tổng hợp` and the run's status count them); a
    roll-up's note on the empty (%) column (the two periods not of the same organisations) names
    its wards whose own run, or last year's, lacks organisations; every form
    says how many pairs of rows whose names differ only by accents were counted as two people
    (`result.name_accent_pairs`: any of the four forms may count such a person twice; a
    roll-up's in the wards `accent_pair_wards` names from its `ward_accent_pairs`)."""
    previous = result.previous.indicators if result.previous is not None else None
    period: tuple[dt.date, dt.date] = result.forms_period
    counted = {o.org_code for o in result.organisations if o.status == "consolidated"}
    rollup = result.level == "rollup"
    late: LateGroups
    if rollup:
        late = ward_late_start_groups(result.issues, period[0], counted)
    else:
        own = late_starts(result.issues, period[0], counted)
        late = [(None, own)] if own else []
    filled = fill_forms(
        FORMS,
        result.indicators,
        previous,
        period=period,
        rollup=rollup,
        history=result.history_use,
        no_previous=result.no_previous,
        late=late,
        unknown=[s.file for s in result.unknown_files()],
        # A roll-up's wards left out by name in words (`rollup._identify`: a refused one with its file).
        excluded=[o.org_name or o.org_code for o in result.organisations if o.status == "excluded"]
        if rollup
        else [],
        wards=len(result.organisations),
        previous_wards=partial_previous(result.issues) if rollup else None,
        accent_pairs=result.name_accent_pairs,
        accent_wards=accent_pair_wards(result.ward_accent_pairs, result.issues, counted) if rollup else (),
        previous_scope=None if rollup else previous_scope_words(result.issues),
        current_wards=partial_current(result.issues) if rollup else None,
        previous_merged=() if rollup else merged_from(result.previous),
        previous_mean_only=_mean_only_wards(result) if rollup else None,
        previous_typed=result.previous is not None and result.previous.typed_forms,
        # The base as `Tổng hợp`'s section A and the report name it (review335 F4).
        orgs_label=orgs_base_label(result.registry_used, rollup, result.registry_none),
        outside_wards=outside_wards(result.organisations) if rollup else (),
        previous_common=result.previous.common if result.previous is not None else None,
    )
    return [_snapshot_form(result, f, late) for f in filled]


def _snapshot_form(result: ConsolidationResult, filled: FilledForm, late: LateGroups) -> FilledForm:
    """`filled` again with last year's record at the cut-off of another forms' period
    (`result.previous_snapshot`, hunt261 G3) when its form's every figure is a snapshot at the
    cut-off (`Form.snapshot`) and it has no last year: that record's figures, its merged wards
    and typed forms said as of any last year, its organisations both runs consolidated
    (`PastRun.common`: the same ones with a file outside the registry compare, fix347's rule),
    its note (`previous_snapshot_note`) first."""
    snapshot = result.previous_snapshot
    if snapshot is None or result.previous is not None or not filled.form.snapshot:
        return filled
    if result.level == "rollup":  # a roll-up's last year is its wards' files', never a record
        return filled
    again = fill_form(
        filled.form,
        result.indicators,
        snapshot.indicators,
        period=filled.period,
        history=result.history_use,
        unknown=[s.file for s in result.unknown_files()],
        wards=len(result.organisations),
        accent_pairs=result.name_accent_pairs,
        late=late,
        previous_merged=merged_from(snapshot),
        previous_typed=snapshot.typed_forms,
        previous_period=snapshot.form_period,
        # As `fill_forms`' (fix387: without them, two runs of the same organisations, the one
        # gap a file outside the registry, were "không cùng các tổ chức" here alone).
        orgs_label=orgs_base_label(result.registry_used, False, result.registry_none),
        previous_common=snapshot.common,
    )
    note = result.previous_snapshot_note
    return replace(again, notes=(note, *again.notes)) if note else again


def _mean_only_wards(result: ConsolidationResult) -> str | None:
    """The wards a roll-up's `rollup.previous_mean_only` names (its value): their last year
    gives the mean ages only, so the forms' `Cùng kỳ năm trước` of those lines is empty."""
    return next((i.value for i in result.issues if i.code == "rollup.previous_mean_only" and i.value), None)
