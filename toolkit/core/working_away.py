"""Who is working away ("đi làm ăn xa"): one definition for the figures, the work list and
validation.

A member is working away when the column `Đi làm ăn xa` is `Có` ("yes"), or when the
exemption reason (`Lý do miễn`) is `Đi làm ăn, lao động xa` ("working_away"), whatever the
column says: secretaries often choose the reason and leave the column empty. The reason counts
whatever the exemption's date (as the work list has always counted it); a column left empty or
`Không` beside that reason is a warning of validation (`member.working_away_unmarked`,
`member.working_away_contradicts`), so the party cell sets it right.
"""

from __future__ import annotations

import pandas as pd

YES = "yes"
NO = "no"
# The code of `vocab.EXEMPT_REASON` for "Đi làm ăn, lao động xa".
REASON = "working_away"


def is_working_away(flag: str | None, reason: str | None) -> bool:
    """Whether a member whose `Đi làm ăn xa` is ``flag`` (a `YES_NO` code, or None when empty)
    and whose exemption reason is ``reason`` (an `EXEMPT_REASON` code, or None) is working away."""
    return flag == YES or reason == REASON


def working_away_mask(flag: pd.Series, reason: pd.Series) -> pd.Series:
    """`is_working_away` of every row: two aligned columns (object or string dtype, empty cells
    None, NaN or pd.NA) give a plain boolean Series with their index."""
    yes = (flag == YES).to_numpy(dtype=bool, na_value=False)
    by_reason = (reason == REASON).to_numpy(dtype=bool, na_value=False)
    return pd.Series(yes | by_reason, index=flag.index, dtype=bool)
