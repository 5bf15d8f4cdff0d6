"""A member's `Ghi chú` that says after a colon or a dash, or later in its clause, that the
readmission or restoration was refused or is still being submitted says none was done
(hunt328): "Phục hồi đảng tịch: không được chấp thuận" made a red badge row saying "đảng viên
được phục hồi đảng tịch", and "Hồ sơ phục hồi đảng tịch đang trình" one saying the same.
"""

from __future__ import annotations

import pytest

from toolkit.core.left_party import note_says_readmitted, note_says_restored

NOT_DONE_AFTER = (
    ": không được chấp thuận",
    ": chưa có quyết định",
    ": chưa duyệt",
    " - đang trình",
    " – đã trình cấp trên, chưa có kết quả",
    " đang trình",
    " (đang trình)",
)
DONE_AFTER = (
    ": QĐ số 12-QĐ/ĐU ngày 05/5/2010",
    " năm 2010",
    " năm 2010: chưa tính lại tuổi đảng",
    " - theo quyết định của Huyện ủy",
)


@pytest.mark.parametrize("after", NOT_DONE_AFTER)
def test_a_refusal_or_wait_said_after_a_colon_or_dash_is_no_restoration(after: str) -> None:
    assert not note_says_restored(f"Phục hồi đảng tịch{after}")
    assert not note_says_restored(f"Hồ sơ phục hồi đảng tịch{after}")


@pytest.mark.parametrize("after", NOT_DONE_AFTER)
def test_a_refusal_or_wait_said_after_a_colon_or_dash_is_no_readmission(after: str) -> None:
    assert not note_says_readmitted(f"Kết nạp lại{after}")


@pytest.mark.parametrize("after", DONE_AFTER)
def test_a_decision_or_date_after_a_colon_or_dash_is_still_done(after: str) -> None:
    assert note_says_restored(f"Phục hồi đảng tịch{after}")
    assert note_says_readmitted(f"Kết nạp lại{after}")
