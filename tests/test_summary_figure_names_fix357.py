"""`summary.figure_name` named about 129 figures of a real summary by their bare JSON id: a
refusal of `rollup` or `history import` told the clerk "members.era.before_1945",
"ratings.2025.excellent", "targets.rate.2025", "orgs.grassroots.chi_bo_co_so.with_admission",
which no sheet or form shows (fix357). Every figure a consolidation writes is named now in the
words of `Tổng hợp` and the forms: "số đảng viên vào Đảng trước 19/8/1945", "số đảng viên xếp
loại hoàn thành xuất sắc nhiệm vụ năm 2025", "tỷ lệ thực hiện chỉ tiêu kết nạp năm 2025".

Over the demo ward's summary (seven years, a registry with targets, last year's figures) and
over every id the statistics and the forms list."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from toolkit.cli import main
from toolkit.core.errors import SummaryError
from toolkit.forms.tables import FORMS
from toolkit.io.summary import figure_name, load_summary
from toolkit.stats.indicators import indicator_ids

# An indicator id, or a piece of one: "members.era", "before_1945", "not_rated".
ID = re.compile(r"[a-z0-9]+[._][a-z0-9_.]*[a-z0-9]")


def _unnamed(ids: set[str]) -> list[tuple[str, str]]:
    """The ids whose name is the id, has no Vietnamese letter, or shows a piece of an id."""
    out = []
    for key in sorted(ids):
        said = figure_name(key)
        if said == key or said.isascii() or ID.search(said.replace(".", " ")) or "_" in said:
            out.append((key, said))
    return out


def _form_ids() -> set[str]:
    ids: set[str] = set()
    for form in FORMS:
        for line in form.lines:
            ids.update(getattr(line, "ids", ()))
        for note in form.count_notes:
            ids.update(note.ids)
    return ids


def test_every_id_the_statistics_and_the_forms_list_is_named_in_words() -> None:
    years = range(2019, 2027)
    ids = set(indicator_ids(years, ward=True)) | {f"targets.rate.{y}" for y in years} | _form_ids()
    assert not _unnamed(ids), _unnamed(ids)


@pytest.mark.parametrize(
    ("key", "said"),
    [
        ("members.era.before_1945", "số đảng viên vào Đảng trước 19/8/1945"),
        ("members.era.from_1975", "số đảng viên vào Đảng từ 01/5/1975 đến nay"),
        ("ratings.2025.excellent", "số đảng viên xếp loại hoàn thành xuất sắc nhiệm vụ năm 2025"),
        ("ratings.2024.not_rated", "số đảng viên không xếp loại năm 2024"),
        ("targets.2025", "chỉ tiêu kết nạp năm 2025"),
        ("targets.rate.2025", "tỷ lệ thực hiện chỉ tiêu kết nạp năm 2025"),
        ("training.2025.candidates_trained", "số quần chúng học lớp nhận thức về Đảng năm 2025"),
        (
            "members.occupation_group.civil_servants",
            "số đảng viên nhóm nghề nghiệp cán bộ, công chức, viên chức",
        ),
        ("members.youth_union.unknown", "số đảng viên chưa rõ có là đoàn viên hay không"),
        ("members.youth_union", "số đảng viên là đoàn viên Đoàn TNCS Hồ Chí Minh"),
        ("admitted.readmitted", "Biểu 2: số đảng viên kết nạp lại"),
        ("changes.strike_ground.other", "số xóa tên cả kỳ với lý do khác"),
        ("changes.transfer_in.scope_unknown", "số chuyển đến cả kỳ chưa rõ phạm vi chuyển"),
        ("period.transfer_out.other_province", "Biểu 1: số chuyển đi đến tỉnh, thành phố khác"),
        ("period.struck_off.probationary", "Biểu 1: số xóa tên là đảng viên dự bị"),
        ("orgs.grassroots.chi_bo_co_so.with_admission", "Biểu 2: số chi bộ cơ sở có kết nạp đảng viên"),
        ("orgs.sector.unknown", "số tổ chức chưa rõ khối"),
        # A category's label is not capitalised mid-sentence, but a name is (lead, after fix357).
        ("members.prof.university", "số đảng viên trình độ chuyên môn đại học"),
        ("members.academic.associate_professor", "số đảng viên học hàm phó giáo sư"),
        ("members.occupation.farmer", "số đảng viên nghề nghiệp người làm nông, lâm, ngư nghiệp"),
        ("members.theory.bachelor.female", "số đảng viên nữ lý luận chính trị cử nhân"),
        ("members.religion.caodaism", "số đảng viên tôn giáo Cao Đài"),
        ("members.ethnicity.02", "số đảng viên dân tộc Tày"),
        (
            "members.occupation.retired.exempt",
            "số đảng viên đã nghỉ hưu, nghỉ công tác được miễn công tác và sinh hoạt đảng",
        ),
    ],
)
def test_a_figure_is_named_as_the_sheet_and_the_forms_word_it(key: str, said: str) -> None:
    assert figure_name(key) == said


def test_an_id_of_a_known_family_with_a_code_it_lacks_is_still_named_by_the_id() -> None:
    """A hand's own id keeps the only name it has, even under a known family."""
    for key in ("members.era.1900", "ratings.2025.tuyet_voi", "training.2025.x", "orgs.grassroots.x"):
        assert figure_name(key) == key


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "phuong_mau"
    result = CliRunner().invoke(main, ["demo", str(folder)])
    assert result.exit_code == 0, result.output
    return folder / "tong_hop_phuong_20260331.json"


@pytest.mark.slow
def test_every_figure_of_the_demo_summary_is_named_in_words(demo: Path) -> None:
    doc: dict[str, Any] = json.loads(demo.read_text(encoding="utf-8"))
    ids = set(doc["indicators"]) | set(doc["previous"]["indicators"])
    assert {k.split(".")[1] for k in ids if k.startswith("ratings.")} >= {str(y) for y in range(2020, 2027)}
    assert not _unnamed(ids), _unnamed(ids)


@pytest.mark.slow
def test_a_refusal_names_the_era_figure_in_words(demo: Path, tmp_path: Path) -> None:
    doc = json.loads(demo.read_text(encoding="utf-8"))
    doc["indicators"]["members.era.before_1945"] = "không"
    edited = tmp_path / "sua.json"
    edited.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SummaryError) as caught:
        load_summary(edited)
    message = caught.value.message_vi
    assert "chỉ tiêu không phải số: số đảng viên vào Đảng trước 19/8/1945." in message, message
    assert "before_1945" not in message, message
