"""The year's forms and the fourth quarter's, both made at 31/12 (h215 F1).

An office makes at 31/12 the forms of the whole year and, beside them, those of the fourth
quarter (`--form-period`). Both records are right: the later one is used at that cut-off (the
trend, the next opening check), and each stays the `Cùng kỳ năm trước` of next year's forms of
its own period (`session._previous`). The run that stored the second said it replaced the first
for “Cùng kỳ năm trước” and to remove one of them, and `history list` / `show` called the first
“cũ”: a clerk tidying the history removed next year's comparison of the year's forms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers_history import filled_history, record, run_cli
from tests.helpers_sample import sample_orgs
from toolkit.core import dates
from toolkit.history.store import HistoryStore
from toolkit.sample.rows import Period

D = dt.date
YEAR_END = D(2026, 12, 31)


@pytest.mark.parametrize(
    "period",
    [
        (D(2026, 1, 1), D(2026, 12, 31)),
        (D(2026, 10, 1), D(2026, 12, 31)),
        (D(2026, 1, 1), D(2026, 3, 31)),
        (D(2026, 4, 1), D(2026, 6, 30)),
        (D(2023, 1, 1), D(2023, 2, 28)),  # → 29/02/2024, the last day of February
        (D(2024, 1, 1), D(2024, 2, 29)),
        (D(2026, 3, 15), D(2026, 9, 15)),
    ],
)
def test_next_year_s_period_is_the_one_whose_last_year_it_is(period: tuple[dt.date, dt.date]) -> None:
    after = dates.same_period_next_year(period)
    assert after[1].year == period[1].year + 1
    assert dates.same_period_last_year(after) == period


def test_next_year_of_the_end_of_february() -> None:
    assert dates.same_period_next_year((D(2023, 1, 1), D(2023, 2, 28))) == (D(2024, 1, 1), D(2024, 2, 29))
    assert dates.same_period_next_year((D(2024, 1, 1), D(2024, 2, 29))) == (D(2025, 1, 1), D(2025, 2, 28))


def _lines(history: Path) -> dict[str, str]:
    listed = run_cli("history", "list", "--history", history)
    assert listed.exit_code == 0, listed.output
    return {line.split()[2]: line for line in listed.output.splitlines() if line.startswith("Lần số ")}


def test_list_and_show_keep_the_year_s_record_beside_the_quarter_s(tmp_path: Path) -> None:
    year = record(YEAR_END, run_id="year")
    quarter = record(YEAR_END, run_id="q4", form_from=D(2026, 10, 1))
    history = filled_history(tmp_path / "lich_su_tong_hop.sqlite", year, quarter)
    lines = _lines(history)
    assert "cũ" not in lines["1"]
    assert lines["1"].endswith(
        "ngày chốt này dùng lần số 2 (kỳ biểu khác); lần này giữ lại làm “Cùng kỳ năm trước” cho kỳ biểu "
        "01/01/2027–31/12/2027"
    )
    assert lines["2"].endswith("hiện hành")
    shown = run_cli("history", "show", "1", "--history", history)
    assert shown.exit_code == 0, shown.output
    assert (
        "  Ngày chốt này dùng lần số 2 (kỳ biểu khác); lần này giữ lại làm “Cùng kỳ năm trước” cho kỳ "
        "biểu 01/01/2027–31/12/2027." in shown.output
    )
    assert "Cũ:" not in shown.output


def test_a_year_s_record_run_again_is_old_and_the_quarter_s_kept(tmp_path: Path) -> None:
    """The year's forms made again after the quarter's: the first year's record is old (the
    second is next year's comparison), the quarter's is kept for next year's fourth quarter."""
    history = filled_history(
        tmp_path / "lich_su_tong_hop.sqlite",
        record(YEAR_END, run_id="year"),
        record(YEAR_END, run_id="q4", form_from=D(2026, 10, 1)),
        record(YEAR_END, run_id="year2", total=101),
    )
    lines = _lines(history)
    assert lines["1"].endswith("cũ (đã có lần số 3 mới hơn của phường này cùng ngày chốt)")
    assert lines["2"].endswith(
        "ngày chốt này dùng lần số 3 (kỳ biểu khác); lần này giữ lại làm “Cùng kỳ năm trước” cho kỳ biểu "
        "01/10/2027–31/12/2027"
    )
    assert lines["3"].endswith("hiện hành")


def test_a_quarter_s_record_corrected_names_its_correction_not_the_year_s(tmp_path: Path) -> None:
    """The fourth quarter's forms made, corrected by a second run, then the year's forms, all at
    31/12: the first quarter's record is old because of the correction (#2), not because of the
    year's record that ran last (hunt321 #4: `history list` said "đã có lần số 3 mới hơn")."""
    history = filled_history(
        tmp_path / "lich_su_tong_hop.sqlite",
        record(YEAR_END, run_id="q4", form_from=D(2026, 10, 1)),
        record(YEAR_END, run_id="q4_fixed", total=101, form_from=D(2026, 10, 1)),
        record(YEAR_END, run_id="year", total=101),
    )
    lines = _lines(history)
    assert lines["1"].endswith("cũ (đã có lần số 2 mới hơn của phường này cùng ngày chốt)")
    assert lines["2"].endswith(
        "ngày chốt này dùng lần số 3 (kỳ biểu khác); lần này giữ lại làm “Cùng kỳ năm trước” cho kỳ biểu "
        "01/10/2027–31/12/2027"
    )
    assert lines["3"].endswith("hiện hành")
    shown = run_cli("history", "show", "1", "--history", history)
    assert shown.exit_code == 0, shown.output
    assert "  Cũ: đã có lần số 2 mới hơn của phường này cùng ngày chốt." in shown.output
    preview = run_cli("history", "remove", "1", "--history", history)
    assert "cũ (đã có lần số 2 mới hơn của phường này cùng ngày chốt)" in " ".join(preview.output.split())


def test_a_run_of_another_forms_period_says_both_records_stay(tmp_path: Path) -> None:
    period = Period(D(2024, 1, 1), D(2026, 3, 31))
    folder = tmp_path / "nop"
    folder.mkdir()
    for org in sample_orgs(16, [30, 25], period):
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    history = tmp_path / "lich_su_tong_hop.sqlite"
    common = ["consolidate", folder, "--cutoff", "31/03/2026", "--ward-name", "Phường Thử"]
    common += ["--history", history]
    first = run_cli(*common, "-o", tmp_path / "nam.xlsx")
    assert first.exit_code == 0, first.output
    # Forms of the twelve months to the cut-off beside the year's (their figures differ: the
    # changes of 2025 are in them).
    second = run_cli(*common, "-o", tmp_path / "12thang.xlsx", "--form-period", "01/04/2025..31/03/2026")
    assert second.exit_code == 0, second.output
    said = " ".join(second.output.split())
    assert "kỳ báo cáo của Biểu 1–4-BTCTW 01/04/2025–31/03/2026) nay là số liệu được dùng" in said
    assert "“Cùng kỳ năm trước” của các biểu kỳ 01/04/2026–31/03/2027" in said
    assert (
        "Lần số 1 có kỳ báo cáo khác (01/01/2026–31/03/2026) nên vẫn được giữ và dùng cho “Cùng kỳ năm "
        "trước” của các biểu kỳ 01/01/2027–31/03/2027: không cần xóa lần nào." in said
    )
    assert "mới là lần đúng" not in said
    assert "history remove 2 --yes" in said  # only if the period just typed was a slip


def test_removing_the_year_s_record_says_what_next_year_loses(tmp_path: Path) -> None:
    """`history remove` without --yes (and `history list --ask`) showed the year's record as
    “cũ (đã có lần mới hơn …)”: removing it empties next year's column, which it now says."""
    history = filled_history(
        tmp_path / "lich_su_tong_hop.sqlite",
        record(YEAR_END, run_id="year"),
        record(YEAR_END, run_id="q4", form_from=D(2026, 10, 1)),
    )
    preview = run_cli("history", "remove", "1", "--history", history)
    said = " ".join(preview.output.split())
    assert "cũ (" not in said
    assert (
        "lần này giữ lại làm “Cùng kỳ năm trước” cho kỳ biểu 01/01/2027–31/12/2027. Xóa lần này thì các "
        "biểu kỳ 01/01/2027–31/12/2027 sẽ không có số liệu “Cùng kỳ năm trước” (lịch sử không có lần "
        "nào khác của kỳ 01/01/2026–31/12/2026)" in said
    )
    asked = run_cli("history", "list", "--ask", "--history", history, input="1\n\n")
    assert "Xóa lần này thì các biểu kỳ 01/01/2027–31/12/2027 sẽ không có" in " ".join(asked.output.split())
    # The quarter's record, in use at its cut-off, is shown as it always was, and the year's
    # record said to take its place, as the removal says it (fix348).
    other = run_cli("history", "remove", "2", "--history", history)
    assert " ".join(other.output.split()).split(" Xóa lần này thì")[0].endswith("hiện hành")
    assert "Xóa lần này thì lần tổng hợp số 1 cùng ngày chốt sẽ là số liệu được dùng" in " ".join(
        other.output.split()
    )


def test_removing_the_year_s_record_names_the_earlier_run_taken_instead(tmp_path: Path) -> None:
    """The year's forms made twice at 31/12, then the quarter's: the second year's record is
    kept for next year, and removing it does not leave next year without a comparison, it
    brings back the first (review218: the preview said "lịch sử không có lần nào khác")."""
    history = filled_history(
        tmp_path / "lich_su_tong_hop.sqlite",
        record(YEAR_END, run_id="year", total=100),
        record(YEAR_END, run_id="year2", total=101),
        record(YEAR_END, run_id="q4", form_from=D(2026, 10, 1)),
    )
    preview = run_cli("history", "remove", "2", "--history", history)
    assert "Chưa xóa gì" in preview.output, preview.output
    said = " ".join(preview.output.split())
    assert "sẽ không có số liệu" not in said
    assert "không có lần nào khác" not in said
    assert (
        "Xóa lần này thì số liệu “Cùng kỳ năm trước” của các biểu kỳ 01/01/2027–31/12/2027 sẽ lấy từ "
        "lần số 1 (100 đảng viên" in said
    )
    assert "ghi trước lần này cho cùng kỳ 01/01/2026–31/12/2026" in said
    asked = run_cli("history", "list", "--ask", "--history", history, input="2\n\n")
    assert "sẽ lấy từ lần số 1 (100 đảng viên" in " ".join(asked.output.split())
    # And so it is: once removed, the first year's record is the one kept for next year.
    removed = run_cli("history", "remove", "2", "--yes", "--history", history)
    assert removed.exit_code == 0, removed.output
    assert _lines(history)["1"].endswith(
        "lần này giữ lại làm “Cùng kỳ năm trước” cho kỳ biểu 01/01/2027–31/12/2027"
    )


def test_a_later_year_s_record_without_a_ward_name_is_next_year_s_not_the_named_one(tmp_path: Path) -> None:
    """The year's forms made again at 31/12 without a ward name, after the named year's and
    quarter's: next year's run of the ward takes that record (`_previous`: a record without a
    name is of every ward), so the named year's record is no longer kept for it (review218: the
    list said it was, and the remove preview that nothing else would stand in)."""
    history = filled_history(
        tmp_path / "lich_su_tong_hop.sqlite",
        record(YEAR_END, run_id="year"),
        record(YEAR_END, run_id="q4", form_from=D(2026, 10, 1)),
        record(YEAR_END, run_id="unnamed", total=101, ward_name=None),
    )
    lines = _lines(history)
    assert "giữ lại" not in lines["1"]
    assert lines["1"].endswith("cũ (đã có lần số 2 mới hơn của phường này cùng ngày chốt, kỳ biểu khác)")
    preview = " ".join(run_cli("history", "remove", "1", "--history", history).output.split())
    assert "Cùng kỳ năm trước" not in preview


def test_a_period_ending_28_02_of_a_leap_year_is_not_said_kept(tmp_path: Path) -> None:
    """Next year's forms to 28/02 compare with the period to 29/02 (`same_period_last_year`),
    not with one to 28/02 of the leap year: such a record is not said kept for them."""
    cutoff = D(2024, 2, 28)
    history = filled_history(
        tmp_path / "lich_su_tong_hop.sqlite",
        record(cutoff, run_id="two_months"),
        record(cutoff, run_id="february", form_from=D(2024, 2, 1)),
    )
    lines = _lines(history)
    assert "giữ lại" not in lines["1"]
    assert lines["1"].endswith("cũ (đã có lần số 2 mới hơn của phường này cùng ngày chốt, kỳ biểu khác)")
    assert dates.same_period_last_year(dates.same_period_next_year((D(2024, 1, 1), cutoff))) != (
        D(2024, 1, 1),
        cutoff,
    )


def test_a_run_beside_a_period_to_28_02_of_a_leap_year_does_not_say_it_kept(tmp_path: Path) -> None:
    """Two forms' periods to 28/02/2024 (of a leap year): next year's forms to 28/02/2025 compare
    with the periods to 29/02/2024 (`same_period_last_year`), so neither record is any next
    year's “Cùng kỳ năm trước”. The run storing the second said the first was kept and used for
    it, and that the second was used for its own (review218 finding 1: said without checking)."""
    period = Period(D(2023, 1, 1), D(2024, 2, 28))
    folder = tmp_path / "nop"
    folder.mkdir()
    for org in sample_orgs(17, [30, 25], period):
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    history = tmp_path / "lich_su_tong_hop.sqlite"
    common = ["consolidate", folder, "--cutoff", "28/02/2024", "--ward-name", "Phường Thử"]
    common += ["--history", history, "--since", "01/01/2023"]
    first = run_cli(*common, "-o", tmp_path / "hai_thang.xlsx", "--form-period", "01/01/2024..28/02/2024")
    assert first.exit_code == 0, first.output
    second = run_cli(*common, "-o", tmp_path / "thang2.xlsx", "--form-period", "01/02/2024..28/02/2024")
    assert second.exit_code == 0, second.output
    said = " ".join(second.output.split())
    assert "kỳ báo cáo của Biểu 1–4-BTCTW 01/02/2024–28/02/2024) nay là số liệu được dùng" in said, said
    assert "vẫn được giữ và dùng" not in said, said
    assert "“Cùng kỳ năm trước” của các biểu kỳ 01/02/2025–28/02/2025" not in said, said
    assert (
        "Lần số 1 có kỳ báo cáo khác (01/01/2024–28/02/2024) và vẫn được lưu trong lịch sử, nhưng không "
        "được dùng cho “Cùng kỳ năm trước” của các biểu kỳ 01/01/2025–28/02/2025: các biểu ấy so với "
        "kỳ 01/01/2024–29/02/2024." in said
    ), said
    assert "history remove 2 --yes" in said  # only if the period just typed was a slip
    # As the history list tells it: the first record is not kept for next year.
    assert "giữ lại" not in _lines(history)["1"]


def test_a_run_beside_the_year_s_record_says_it_kept_as_the_list_does(tmp_path: Path) -> None:
    """The fourth quarter's forms consolidated beside the year's at 31/12: the year's record is
    said kept for next year's forms of the year, and `history list` says so too."""
    period = Period(D(2024, 1, 1), D(2025, 12, 31))
    folder = tmp_path / "nop"
    folder.mkdir()
    for org in sample_orgs(18, [30, 25], period):
        org.write(folder / f"{org.organisation.org_code}.xlsx")
    history = tmp_path / "lich_su_tong_hop.sqlite"
    common = ["consolidate", folder, "--cutoff", "31/12/2025", "--ward-name", "Phường Thử"]
    common += ["--history", history, "--since", "01/01/2024"]
    first = run_cli(*common, "-o", tmp_path / "nam.xlsx", "--form-period", "01/01/2025..31/12/2025")
    assert first.exit_code == 0, first.output
    second = run_cli(*common, "-o", tmp_path / "quy4.xlsx", "--form-period", "01/10/2025..31/12/2025")
    assert second.exit_code == 0, second.output
    said = " ".join(second.output.split())
    assert "và cho “Cùng kỳ năm trước” của các biểu kỳ 01/10/2026–31/12/2026." in said, said
    assert (
        "Lần số 1 có kỳ báo cáo khác (01/01/2025–31/12/2025) nên vẫn được giữ và dùng cho “Cùng kỳ năm "
        "trước” của các biểu kỳ 01/01/2026–31/12/2026: không cần xóa lần nào." in said
    ), said
    assert _lines(history)["1"].endswith("01/01/2026–31/12/2026")


def test_a_later_record_of_the_other_period_is_named_as_next_year_s(tmp_path: Path) -> None:
    """Should a later record of the other record's period be what next year's forms take (as
    `_previous` chooses: one without a ward name), the note names it, and does not say the other
    is kept (review218 finding 1; the records read from a real history)."""
    from toolkit.history.session import other_forms_period_words

    history = filled_history(
        tmp_path / "lich_su_tong_hop.sqlite",
        record(YEAR_END, run_id="year", total=100),
        record(YEAR_END, run_id="q4", total=90, form_from=D(2026, 10, 1)),
        record(YEAR_END, run_id="unnamed", total=101, ward_name=None),
    )
    records = HistoryStore(history).records()
    before, new = records[0], records[1]
    said = other_forms_period_words(
        new.id or 0,
        new.indicators,
        YEAR_END,
        new.form_period,
        before,
        history,
        records=records,
        ward_name="Phường Thử",
    )
    assert "vẫn được giữ và dùng" not in said, said
    assert (
        "Lần số 1 có kỳ báo cáo khác (01/01/2026–31/12/2026) và vẫn được lưu trong lịch sử, nhưng không "
        "được dùng cho “Cùng kỳ năm trước” của các biểu kỳ 01/01/2027–31/12/2027: các biểu ấy lấy số "
        "liệu từ lần số 3, chạy sau cho cùng kỳ báo cáo." in said
    ), said
    assert "và cho “Cùng kỳ năm trước” của các biểu kỳ 01/10/2027–31/12/2027." in said, said


def test_a_named_year_s_record_set_aside_by_a_quarter_s_run_without_a_name_is_kept(
    tmp_path: Path,
) -> None:
    """The year's forms made with the ward's name, then the quarter's without it (the name cell
    left empty): the ward's runs use the quarter's record at 31/12, but next year's forms of the
    year still compare with the named year's record (`_previous`: a record of that period of its
    ward). h222: the list said it "không dùng" and the preview of its removal said nothing of
    next year; the import of it said the ward's runs did not use it and to remove the other."""
    year = replace(record(YEAR_END, run_id="year"), ran_at="2027-01-05T09:00:00")
    quarter = replace(
        record(YEAR_END, run_id="q4", form_from=D(2026, 10, 1), ward_name=None), ran_at="2027-01-06T09:00:00"
    )
    history = filled_history(tmp_path / "lich_su_tong_hop.sqlite", year, quarter)
    lines = _lines(history)
    assert "không dùng" not in lines["1"], lines["1"]
    assert lines["1"].endswith(
        "ngày chốt này dùng lần số 2 (kỳ biểu khác); lần này giữ lại làm “Cùng kỳ năm trước” cho kỳ biểu "
        "01/01/2027–31/12/2027"
    )
    preview = " ".join(run_cli("history", "remove", "1", "--history", history).output.split())
    assert "Xóa lần này thì các biểu kỳ 01/01/2027–31/12/2027 sẽ không có số liệu" in preview, preview

    # The year's summary imported into a history holding the quarter's run without a name.
    exported = tmp_path / "nam.json"
    done = run_cli("history", "export", "1", "--json", exported, "--history", history)
    assert done.exit_code == 0, done.output
    other = filled_history(tmp_path / "khac.sqlite", quarter)
    done = run_cli("history", "import", exported, "--history", other)
    assert done.exit_code == 0, done.output
    said = " ".join(done.output.split())
    assert "không dùng lần vừa thêm" not in said and "hãy xóa nó" not in said, said
    assert (
        "Lần vừa thêm có kỳ báo cáo khác (01/01/2026–31/12/2026) nên được giữ và dùng cho “Cùng kỳ "
        "năm trước” của các biểu kỳ 01/01/2027–31/12/2027: không cần xóa lần nào." in said
    ), said
