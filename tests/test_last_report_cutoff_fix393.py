"""fix393 (hunt389's "Found, not fixed" 2): a dissolved organisation's last report kept with the
cut-off it was consolidated with, its registry row kept, is told from the history what it is.

CB02 is dissolved in Q2 and its last report (nobody left, one death and four moves to CB03) is
consolidated at 30/06 (`test_last_report_redated_hunt389`'s set-up). In Q3 the clerk keeps that
file as `form.absent_org_changes` asks, but with its cut-off of 30/06 and its row in the registry:
it was refused with the generic `org.cutoff_mismatch` "Hãy cập nhật số liệu đến ngày 30/09/2025",
as any late chi bộ's file, though there is nothing to update and nobody to do it. `Tổng hợp`
(with the history) says it is that last report, that only its cut-off is to change, and what its
absence takes out of the forms. Any other file of another cut-off keeps the generic advice, and
`Kiểm tra` (no history) too. Real workbooks, the command line, a real history.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from helpers_history import run_cli
from test_dissolved_org import DISSOLVED, Q3, ROLL, _consolidate, _event, _form, _registry, _summary, _write
from test_last_report_redated_hunt389 import REDATED, _cb03_q3, _two_quarters

GENERIC = "Hãy cập nhật số liệu đến ngày 30/09/2025."
LAST_YEAR = dt.date(2024, 12, 31)


def _mismatches(summary: dict[str, object]) -> dict[str, str]:
    issues = summary["issues"]
    assert isinstance(issues, list)
    return {i["org_code"]: i["message"] for i in issues if i["code"] == "org.cutoff_mismatch"}


def _run(root: Path, name: str, folder: Path) -> dict[str, object]:
    registry = _registry(root / f"danh_muc_{name}.xlsx", ["CB02", "CB03"])
    history = root / f"{name}.sqlite"
    shutil.copy(root / "lich_su_tong_hop.sqlite", history)
    result = _consolidate(folder, registry, Q3, root / f"{name}.xlsx", history)
    assert result.exit_code == 1, result.output
    return _summary(root / f"{name}.xlsx")


def test_last_quarter_s_last_report_kept_with_its_row_is_told_only_its_cut_off_is_to_change(
    tmp_path: Path,
) -> None:
    q2 = _two_quarters(tmp_path)
    folder = tmp_path / "q3"
    _cb03_q3(folder)
    shutil.copy(q2 / "CB02.xlsx", folder / "CB02.xlsx")
    summary = _run(tmp_path, "q3", folder)
    assert _mismatches(summary) == {
        "CB02": (
            "Mục “Ngày chốt số liệu” (sheet “Thông tin”, ô B8): Ngày chốt số liệu 30/06/2025 khác ngày "
            "chốt của kỳ tổng hợp 30/09/2025. Lần tổng hợp ngày chốt 30/06/2025 (lần số 2 trong lịch "
            "sử), cùng kỳ báo cáo từ ngày 01/01/2025, đã tổng hợp báo cáo cuối của tổ chức này (0 đảng "
            "viên tại ngày chốt đó: tổ chức đã giải thể hoặc sáp nhập) với các biến động trong kỳ (4 "
            "chuyển đi trong Đảng bộ phường, 1 từ trần); tệp này không được tổng hợp, nên các biến động "
            "ấy không có trong các biểu của lần này (kỳ báo cáo từ ngày 01/01/2025 đến ngày 30/09/2025). "
            "Nếu đây là báo cáo cuối ấy, không cần cập nhật số liệu, chỉ sửa ngày chốt: hãy để lại tệp "
            "và dòng của tổ chức trong danh mục cho đến hết năm 2025 (lần tổng hợp ngày chốt 31/12/2025 "
            f"cũng cần chúng), rồi tổng hợp lại. {REDATED}"
        )
    }
    # The year's Biểu 1 lacks CB02's death until the file states 30/09.
    assert _form(summary, "bieu1", "C") == 0

    # `Kiểm tra` reads no history: the generic advice, in its list and in CB02's feedback.
    registry = tmp_path / "danh_muc_q3.xlsx"
    out = tmp_path / "kiem_tra.json"
    checked = run_cli(
        "validate", folder, "--registry", registry, "--cutoff", Q3.isoformat(), "--json", out,
        "--feedback", tmp_path / "phan_hoi",
    )  # fmt: skip
    assert checked.exit_code == 1, checked.output
    said = _mismatches(json.loads(out.read_text(encoding="utf-8")))
    assert list(said) == ["CB02"] and said["CB02"].endswith(f"30/09/2025. {GENERIC}")
    assert [p.name for p in (tmp_path / "phan_hoi").iterdir()] == ["CB02_kiem_tra.xlsx"]


def test_any_other_file_of_another_cut_off_keeps_the_generic_advice(tmp_path: Path) -> None:
    """CB03, stored with members at 30/06, sends its Q2 file again; CB02's file of last year
    (31/12/2024, its members on the roll) is no last report of this forms' period: each is told
    to update its figures, nothing of a last report."""
    q2 = _two_quarters(tmp_path)
    redated = tmp_path / "q3_cb03_late"
    dead, moved = ROLL["CB02"][0], ROLL["CB02"][1:]
    leaving = [_event(dead, "died", dt.date(2025, 4, 10))]
    leaving += [_event(m, "transfer_out", DISSOLVED, "internal") for m in moved]
    _write(redated, "CB02", Q3, [], leaving)
    shutil.copy(q2 / "CB03.xlsx", redated / "CB03.xlsx")
    late = _mismatches(_run(tmp_path, "q3_cb03_late", redated))
    assert list(late) == ["CB03"] and late["CB03"].endswith(f"30/09/2025. {GENERIC}")

    last_year = tmp_path / "q3_last_year"
    _cb03_q3(last_year)
    _write(last_year, "CB02", LAST_YEAR, ROLL["CB02"], start=dt.date(2024, 1, 1))
    old = _mismatches(_run(tmp_path, "q3_last_year", last_year))
    assert list(old) == ["CB02"] and old["CB02"].endswith(f"30/09/2025. {GENERIC}")
