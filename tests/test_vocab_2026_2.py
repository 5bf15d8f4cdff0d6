"""The lists of template 2026.2 as a secretary types them: the 54 ethnic groups with their
two-digit codes and usual spellings, the religions, yes/no, academic titles, transfer scopes
and the 15 occupations with their report groups."""

from __future__ import annotations

import pytest

from toolkit.core import vocab
from toolkit.io.normalize import normalize_category


def test_the_54_ethnic_groups_have_the_statistics_offices_two_digit_codes() -> None:
    codes = vocab.ETHNICITY.codes
    assert list(codes) == [f"{n:02d}" for n in range(1, 55)]
    labels = {t.code: t.label for t in vocab.ETHNICITY.terms}
    assert (labels["01"], labels["02"], labels["05"], labels["23"], labels["54"]) == (
        "Kinh",
        "Tày",
        "Khơ-me",
        "Bru-Vân Kiều",
        "Rơ-măm",
    )
    assert vocab.KINH == "01"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Kinh", "01"),
        ("kinh", "01"),
        ("Khmer", "05"),
        ("Khơ Me", "05"),
        ("khome", "05"),
        ("H'Mông", "08"),
        ("HMông", "08"),
        ("Mông", "08"),
        ("Ê Đê", "12"),
        ("Ê-đê", "12"),
        ("Ba Na", "13"),
        ("Xơ Đăng", "14"),
        ("Gia Rai", "10"),
        ("Bru - Vân Kiều", "23"),
        ("BRU-VÂN KIỀU", "23"),
        ("Rơ Măm", "54"),
    ],
)
def test_usual_spellings_of_the_ethnic_groups(typed: str, code: str) -> None:
    assert normalize_category(typed, vocab.ETHNICITY).code == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Không", "none"),
        ("không theo tôn giáo", "none"),
        ("Phật giáo", "buddhism"),
        ("Đạo Phật", "buddhism"),
        ("Thiên Chúa giáo", "catholicism"),
        ("Công giáo", "catholicism"),
        ("Tin lành", "protestantism"),
        ("Cao Đài", "caodaism"),
        ("Hòa Hảo", "hoa_hao"),
        ("Phật giáo Hòa Hảo", "hoa_hao"),
        ("Hồi giáo", "islam"),
        ("Tôn giáo khác", "other"),
    ],
)
def test_religions(typed: str, code: str) -> None:
    assert normalize_category(typed, vocab.RELIGION).code == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Có", "yes"), ("có", "yes"), ("x", "yes"), ("X", "yes"), ("1", "yes"), ("Không", "no"), ("0", "no")],
)
def test_yes_and_no(typed: str, code: str) -> None:
    assert normalize_category(typed, vocab.YES_NO).code == code


def test_an_empty_yes_no_cell_is_no_answer_not_a_guess() -> None:
    # The reader reads an empty cell as "Không" (the template's rule); the list itself has no
    # value for it.
    assert normalize_category("", vocab.YES_NO).code is None
    assert normalize_category(None, vocab.YES_NO).code is None


@pytest.mark.parametrize(
    ("voc", "typed", "code"),
    [
        (vocab.ACADEMIC_TITLE, "PGS", "associate_professor"),
        (vocab.ACADEMIC_TITLE, "Giáo sư", "professor"),
        (vocab.TRANSFER_SCOPE, "Trong Đảng bộ phường", "internal"),
        (vocab.TRANSFER_SCOPE, "Tỉnh khác", "other_province"),
        (vocab.TRANSFER_SCOPE, "Trong tỉnh", "same_province"),
    ],
)
def test_titles_and_scopes(voc: vocab.Vocabulary, typed: str, code: str) -> None:
    assert normalize_category(typed, voc).code == code


def test_the_15_occupations_and_their_report_groups() -> None:
    groups = {t.code: t.group for t in vocab.OCCUPATION.terms}
    assert list(groups) == [
        "state_official",
        "party_mass_official",
        "commune_official",
        "neighbourhood_part_time",
        "public_employee",
        "non_public_employee",
        "enterprise_manager",
        "enterprise_staff",
        "production_worker",
        "farmer",
        "armed_forces",
        "university_student",
        "pupil",
        "other",
        "retired",
    ]
    civil = {c for c, g in groups.items() if g == "civil_servants"}
    assert civil == {"state_official", "party_mass_official", "commune_official", "public_employee"}
    assert groups["neighbourhood_part_time"] == groups["retired"] == "farmer_freelance_retired_other"
    assert {groups[c] for c in ("enterprise_manager", "enterprise_staff", "production_worker")} == {
        "enterprise"
    }
    # The old label of Sơ cấp stays an alias of the new one.
    assert normalize_category("Sơ cấp", vocab.PROF_LEVEL).code == "elementary"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Tuổi cao sức khỏe yếu", "old_age_ill_health"),  # the comma dropped (hunt116 F3)
        ("Tuổi cao,sức khỏe yếu", "old_age_ill_health"),
        ("Tuổi cao , sức khỏe yếu", "old_age_ill_health"),
        ("Tuổi cao - sức khỏe yếu", "old_age_ill_health"),
        ("tuoi cao suc khoe yeu", "old_age_ill_health"),
        ("Đi làm ăn lao động xa", "working_away"),
        ("Đi làm ăn; lao động xa", "working_away"),
    ],
)
def test_a_label_s_commas_and_dashes_do_not_count(typed: str, code: str) -> None:
    term = vocab.EXEMPT_REASON.lookup(typed)
    assert term is not None and term.code == code


def test_no_two_values_of_a_list_meet_without_their_punctuation() -> None:
    """The looser key (`plain_key`) never takes one value for another of the same list."""
    lists = [v for v in vars(vocab).values() if isinstance(v, vocab.Vocabulary)]
    assert len(lists) > 10
    for voc in lists:
        seen: dict[str, str] = {}
        for term in voc.terms:
            for text in (term.label, *term.aliases):
                assert seen.setdefault(vocab.plain_key(text), term.code) == term.code, (voc.key, text)
