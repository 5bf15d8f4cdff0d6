"""Checks that depend on the file's template version.

The fields of the current template that an upgraded file may still lack (`Field.upgrade_fill`:
ethnicity, religion, an occupation to choose again, a transfer's scope) are required in a file
made from the current template (an error when empty), to complete in an upgraded file (a
warning, one per cell or one per column when there are many) and absent from an older file
(`file.old_template`, from the reader, says so once). A transfer's scope left empty in an
upgraded file whose other side, in another file, says "inside the ward" is counted as inside
and said by `event.transfer_scope_inferred` instead. An older file's occupation is checked
against the list of its own template.
"""

from __future__ import annotations

import pandas as pd

from toolkit.core import layout, vocab
from toolkit.core.rules import suggestion_text
from toolkit.io.normalize import cell_text
from toolkit.validation.context import CURRENT, OLD, UPGRADED, Context, Row, check
from toolkit.validation.events import inferred_scopes

_M, _E = layout.MEMBERS, layout.EVENTS
_OLD_LAYOUT = layout.LAYOUT_2026_1
_OLD_OCCUPATION = vocab.OCCUPATION_2026_1

# What the secretary must do with an empty cell of each field, in a message.
_ACTION = {
    "ethnicity": "chọn dân tộc của đảng viên",
    "religion": "chọn tôn giáo của đảng viên (\u201cKhông\u201d nếu không theo tôn giáo nào)",
    "occupation": "chọn lại nghề nghiệp theo danh sách mới",
    "transfer_scope": "chọn phạm vi chuyển (\u201cTrong Đảng bộ phường\u201d, \u201cXã, phường khác trong "
    "tỉnh\u201d hoặc \u201cTỉnh, thành phố khác\u201d)",
}


def _choose_again(old_code: object) -> str:
    """What to do with an old occupation: the current ones it may mean."""
    if not isinstance(old_code, str) or old_code not in _OLD_OCCUPATION.codes:
        return _ACTION["occupation"]
    meanings = vocab.occupation_2026_1_choices(old_code)
    return f"chọn lại nghề nghiệp: \u201c{_OLD_OCCUPATION.label(old_code)}\u201d của mẫu cũ nay là {meanings}"


def _old_version(ctx: Context, frame: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [ctx.subs[i].upgraded_from or "" for i in frame["_sub"].tolist()], index=frame.index, dtype=object
    )


@check("member.required", "member.to_complete_after_upgrade")
def members_to_fill(ctx: Context) -> None:
    """Ethnicity, religion and occupation: required in a current file, to complete in an
    upgraded one (an occupation there may hold an old value: to choose again)."""
    m = ctx.members
    if m.empty:
        return
    kind = ctx.kind_of(m)
    current, upgraded = kind == CURRENT, kind == UPGRADED
    any_upgraded = bool(upgraded.any())  # most runs have no upgraded file: nothing more to build
    old_version = _old_version(ctx, m) if any_upgraded else ""
    for key in ("ethnicity", "religion"):
        empty = m[key].isna().to_numpy()
        ctx.flag(m, current & empty, "member.required", _M, key, skip_reported=True)
        if any_upgraded:
            ctx.flag_cells(
                m,
                upgraded & empty,
                "member.to_complete_after_upgrade",
                _M,
                key,
                old=old_version,
                action=_ACTION[key],
            )
    occupation, old = m["occupation"].isna().to_numpy(), m["occupation_2026_1"]
    to_choose = upgraded & occupation & old.notna().to_numpy()
    ctx.flag(
        m,
        (current | upgraded) & occupation & ~to_choose,
        "member.required",
        _M,
        "occupation",
        skip_reported=True,
    )
    if not to_choose.any():
        return
    ctx.flag_cells(
        m,
        to_choose,
        "member.to_complete_after_upgrade",
        _M,
        "occupation",
        by=old,
        old=old_version,
        action=old.map(_choose_again).astype(object),
        action_hidden=_ACTION["occupation"],  # without the member's old occupation
        value=old.map(lambda c: _OLD_OCCUPATION.label(c) if c in _OLD_OCCUPATION.codes else c).astype(object),
    )


@check("member.required", "member.not_allowed")
def old_occupation(ctx: Context) -> None:
    """An older file's occupation, against the list of its own template."""
    m = ctx.members
    if m.empty:
        return
    rows = ctx.kind_of(m) == OLD
    if not rows.any():
        return
    old = m[rows].reset_index(drop=True)
    spec = _OLD_LAYOUT.members
    view = old.assign(occupation=old["occupation_2026_1"])
    value = view["occupation"]
    ctx.flag(view, value.isna(), "member.required", spec, "occupation", skip_reported=True)

    def suggestion(row: Row) -> str:
        closest = _OLD_OCCUPATION.closest(row.occupation)
        return suggestion_text(closest.label if closest else None)

    ctx.flag(
        view,
        value.notna() & ~value.isin(_OLD_OCCUPATION.codes),
        "member.not_allowed",
        spec,
        "occupation",
        value=lambda row: cell_text(row.occupation),
        suggestion=suggestion,
        skip_reported=True,
    )


@check("event.no_transfer_scope", "event.to_complete_after_upgrade", "event.scope_not_needed")
def transfer_scope(ctx: Context) -> None:
    """A transfer needs its scope (to complete in an upgraded file); no other change has one.
    An upgraded file's empty scope taken to be inside the ward (`inferred_scopes`: counted so,
    not as a move from or to outside as this warning says) is `event.transfer_scope_inferred`'s."""
    e = ctx.events
    if e.empty:
        return
    kind = ctx.kind_of(e)
    transfer = e["event_type"].isin(("transfer_in", "transfer_out")).to_numpy()
    empty = e["transfer_scope"].isna().to_numpy()
    inferred = e.index.isin(inferred_scopes(ctx)["unscoped"].tolist())
    event = e["event_type"].map(lambda c: vocab.EVENT_TYPE.label(c) if c in vocab.EVENT_TYPE.codes else c)
    ctx.flag(
        e, (kind == CURRENT) & transfer & empty, "event.no_transfer_scope", _E, "transfer_scope", event=event
    )
    ctx.flag_cells(
        e,
        (kind == UPGRADED) & transfer & empty & ~inferred,
        "event.to_complete_after_upgrade",
        _E,
        "transfer_scope",
        old=_old_version(ctx, e),
        action=_ACTION["transfer_scope"],
    )
    others = e["event_type"].isin(set(vocab.EVENT_TYPE.codes) - {"transfer_in", "transfer_out"})
    not_needed = others & e["transfer_scope"].isin(vocab.TRANSFER_SCOPE.codes)
    ctx.flag(
        e,
        not_needed.to_numpy() & (kind != OLD),
        "event.scope_not_needed",
        _E,
        "transfer_scope",
        value=lambda row: vocab.TRANSFER_SCOPE.label(row.transfer_scope),
        found=event,
    )
