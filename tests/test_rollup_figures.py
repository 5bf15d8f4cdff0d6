"""A ward summary's figures as the roll-up, `report` and `history import` read them back.

Real summaries, written by consolidating generated wards (one with a file left out, one
organisation whose file starts its changes late, one file of template 2026.1), then edited as
a hand or a damaged copy would: a count that cannot be real (too large to print, below 0) or
figures that contradict each other are refused, naming the file, the indicator or the identity;
never a crash, never a sum whose sheets disagree. An indicator one ward's summary lacks keeps
its line, empty, with a note that blames the wards' summaries — never dropped as if 0.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.helpers_sample import sample_orgs
from toolkit.cli import main
from toolkit.core import layout
from toolkit.core.errors import SummaryError
from toolkit.core.model import Registry
from toolkit.forms import result_forms
from toolkit.io.summary import check_summary, figure_name, load_summary
from toolkit.outputs.publish import write_outputs
from toolkit.outputs.summary_lines import UNKNOWN_FIGURE_NOTE
from toolkit.pipeline import consolidate
from toolkit.rollup import rollup
from toolkit.sample.rows import Period, number_rows

PERIOD = Period(dt.date(2024, 1, 1), dt.date(2026, 3, 31))
WARDS = ("Phường Đông", "Phường Tây", "Phường Nam")
UNIT = "Tỉnh Thử"
LATE = dt.date(2026, 2, 1)  # inside the forms' period 01/01–31/3/2026


@pytest.fixture(scope="module")
def wards(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three wards' JSON summaries. The third has what a real run meets: a file that cannot be
    read (its organisation excluded), a file of template 2026.1, and an organisation whose file
    lists its changes only from 01/02/2026."""
    tmp = tmp_path_factory.mktemp("rollup_figures")
    orgs = sample_orgs(31, [25, 40, 18, 33, 12, 50, 21, 28, 15, 20], PERIOD)
    parts = [orgs[0:3], orgs[3:6], orgs[6:10]]
    paths = []
    for name, part in zip(WARDS, parts, strict=True):
        folder = tmp / name.replace(" ", "_")
        folder.mkdir()
        for n, org in enumerate(part):
            target = folder / f"{org.organisation.org_code}.xlsx"
            if name != WARDS[2] or n == 3:
                org.write(target)
            elif n == 0:
                late = dataclasses.replace(
                    org,
                    info={**org.info, "period_start": LATE},
                    events=number_rows([dict(e) for e in org.events if e["event_date"] >= LATE]),
                    years=[y for y in org.years if y["year"] >= LATE.year],
                )
                late.write(target)
            elif n == 1:
                org.write(target, version=layout.VERSION_2026_1)
            else:
                target.write_bytes(b"not a workbook")
        registry = Registry([o.organisation for o in part])
        result = consolidate(
            [folder], cutoff=PERIOD.cutoff, since=PERIOD.start, registry=registry, ward_name=name
        )
        path = tmp / f"{folder.name}.json"
        write_outputs(result, tmp / f"{folder.name}.xlsx", path)
        paths.append(path)
    return paths


def _doc(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _with(source: Path, target: Path, **indicators: Any) -> Path:
    """The summary at `source` with some indicators set (None: taken out), as a hand edits it."""
    doc = _doc(source)
    for key, value in indicators.items():
        key = key.replace("__", ".")
        if value is None:
            doc["indicators"].pop(key)
        else:
            doc["indicators"][key] = value
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return target


def _rollup_cli(paths: list[Path], out: Path) -> Any:
    out.mkdir()
    args = ["rollup", *map(str, paths), "-o", str(out / "tp.xlsx"), "--json", str(out / "tp.json")]
    return CliRunner().invoke(main, [*args, "--name", UNIT])


def test_every_identity_checked_holds_in_real_summaries(wards: list[Path]) -> None:
    """What the check asks of a summary is what every consolidation writes: the identities hold
    in each ward's summary (with a file left out, a late start and an old template among them)
    and in the roll-up's, and every id they name is there, so none is checked in vain."""
    from toolkit.io.summary import BREAKDOWN_IDENTITIES, IDENTITIES

    third = _doc(wards[2])
    statuses = sorted(o["status"] for o in third["organisations"])
    assert statuses == ["consolidated", "consolidated", "consolidated", "excluded"]
    issues = {i["code"] for i in third["issues"]}
    assert {"org.period_start_differs", "file.old_template"} <= issues
    for path in wards:
        doc = load_summary(path)  # the check, figures and identities included
        for _, left, plus, minus in (*IDENTITIES, *BREAKDOWN_IDENTITIES):
            assert all(k in doc["indicators"] for k in (*left, *plus, *minus))
    up = rollup(wards, name=UNIT)
    assert up.count("consolidated") == 3 and not [i for i in up.issues if i.is_error]
    check_summary(up.to_summary())


def test_a_summary_of_version_1_lacking_a_breakdown_is_not_refused_for_it(
    wards: list[Path], tmp_path: Path
) -> None:
    """Version 1 wrote no ethnicity nor religion: the identities of those breakdowns are not
    asked of it, alone or in a roll-up beside wards that have them (whose sum leaves them out);
    the breakdowns it has are still checked."""
    from toolkit.io.summary import BREAKDOWN_IDENTITIES

    old = [_version_1(w, tmp_path / f"cu{n}.json") for n, w in enumerate(wards)]
    assert not any(k.startswith("members.ethnicity.") for k in _doc(old[0])["indicators"])
    for path in old:
        load_summary(path)
    up = rollup([old[0], *wards[1:]], name=UNIT)
    assert up.count("consolidated") == 3 and not [i for i in up.issues if i.is_error]
    check_summary(up.to_summary())
    checked = [
        plus for _, _, plus, _ in BREAKDOWN_IDENTITIES if all(k in _doc(old[0])["indicators"] for k in plus)
    ]
    assert len(checked) >= 6  # occupation, the age bands, Biểu 2's levels: still checked
    edited = _with(old[0], tmp_path / "cu_sua.json", members__age_official__gt60=99)
    with pytest.raises(SummaryError) as caught:
        load_summary(edited)
    assert "các độ tuổi của Biểu 3" in caught.value.message_vi


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("members__ethnic_minority", "là người dân tộc thiểu số"),
        ("admitted__religious", "số đảng viên mới kết nạp có tôn giáo"),
        ("members__prof__university_plus", "từ đại học trở lên"),
        ("members__prof__intermediate_plus", "từ trung cấp trở lên"),
        ("members__theory__advanced_bachelor", "cao cấp, cử nhân"),
    ],
)
def test_a_derived_sum_edited_by_hand_is_refused(
    wards: list[Path], tmp_path: Path, key: str, words: str
) -> None:
    """A sum a consolidation derives from a breakdown's parts (the ethnic minorities, the
    religious, "đại học trở lên"), edited by hand, was added into a roll-up as it was: the
    forms printed a minority count that is not the sum of its ethnic rows."""
    value = _doc(wards[0])["indicators"][key.replace("__", ".")] + 3
    edited = _with(wards[0], tmp_path / "sua.json", **{key: value})
    with pytest.raises(SummaryError) as caught:
        load_summary(edited)
    assert words in caught.value.message_vi and "sua.json" in caught.value.message_vi
    # In a roll-up the ward is left out, with the reason at its file.
    run = _rollup_cli([edited, *wards[1:]], tmp_path / "out")
    assert "Đã tổng hợp 2/3 phường" in run.output and "1 phường bị loại" in run.output
    up = json.loads((tmp_path / "out" / "tp.json").read_text("utf-8"))
    (left_out,) = [i for i in up["issues"] if i["severity"] == "error"]
    assert left_out["file"] == "sua.json" and words in left_out["message"]


def test_the_age_bands_checked_are_those_a_consolidation_counts() -> None:
    """`io.summary` cannot import `stats`: its copy of the age bands is held equal to theirs."""
    from toolkit.io import summary
    from toolkit.stats import indicators

    assert summary.AGE_REPORT_BANDS == tuple(b[0] for b in indicators.AGE_REPORT_BANDS)
    assert summary.AGE_OFFICIAL_BANDS == tuple(b[0] for b in indicators.AGE_OFFICIAL_BANDS)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("members__total", 10**23),  # was printed as 100.000.000.000.000.000.004.216 members
        ("members__total", 10**30),  # decimal.InvalidOperation in the report
        ("members__total", 10**400),  # OverflowError
        ("members__age_sum", 10**400),  # OverflowError computing the mean
        ("members__total", -291),
        ("period__died", -5),
        ("members__age_mean", 400.5),
    ],
    ids=["1e23", "1e30", "1e400", "age_sum_1e400", "negative_total", "negative_deaths", "age_mean_400"],
)
def test_a_figure_that_cannot_be_real_leaves_its_ward_out_and_is_refused_by_history_import(
    wards: list[Path], tmp_path: Path, key: str, value: int | float
) -> None:
    indicator = key.replace("__", ".")
    edited = _with(wards[2], tmp_path / "sửa tay.json", **{key: value})
    result = _rollup_cli([wards[0], wards[1], edited], tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert "Lỗi không mong đợi" not in result.output and "Traceback" not in result.output
    said = [line for line in result.output.splitlines() if line.startswith("  – ")]
    assert len(said) == 1 and said[0].startswith(
        "  – Phường Nam trong tệp “sửa tay.json” bị loại: “sửa tay.json”: "
    ), said
    # The figure as the clerk knows it, never its JSON id (fix342).
    assert f"chỉ tiêu có giá trị không hợp lý ({figure_name(indicator)} = " in said[0]
    assert f"({indicator} = " not in said[0]
    assert result.output.startswith("Đã tổng hợp 2/3 phường, ")
    doc = _doc(tmp_path / "out" / "tp.json")
    assert doc["indicators"]["members.total"] == sum(
        _doc(p)["indicators"]["members.total"] for p in wards[:2]
    )
    history = tmp_path / "ls.sqlite"
    imported = CliRunner().invoke(main, ["history", "import", str(edited), "--history", str(history)])
    assert imported.exit_code == 2 and "chỉ tiêu có giá trị không hợp lý" in imported.output
    assert "Lỗi không mong đợi" not in imported.output and not history.exists()


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("12", "chỉ tiêu không phải số: tổng số đảng viên."),
        ([3], "chỉ tiêu không phải số: tổng số đảng viên."),
    ],
    ids=["count_as_text", "count_as_list"],
)
def test_a_figure_that_is_not_a_number_is_refused_with_the_same_advice_as_the_others(
    wards: list[Path], tmp_path: Path, value: Any, said: str
) -> None:
    """A count a hand typed between quotes is broken like a count that cannot be real, and the
    clerk is told the same: the file may have been edited, use the one the tool wrote (hunt332 F5)."""
    from toolkit.io.summary import EDITED, HINT

    edited = _with(wards[2], tmp_path / "sửa tay.json", members__total=value)
    result = _rollup_cli([wards[0], wards[1], edited], tmp_path / "out")
    assert result.exit_code == 1, result.output
    line = next(
        line
        for line in result.output.splitlines()
        if line.startswith("  – Phường Nam trong tệp “sửa tay.json” bị loại: ")
    )
    assert line.endswith(f"{said} {EDITED} {HINT}"), line
    history = tmp_path / "ls.sqlite"
    imported = CliRunner().invoke(main, ["history", "import", str(edited), "--history", str(history)])
    assert imported.exit_code == 2 and f"{said} {EDITED} {HINT}" in imported.output, imported.output
    assert not history.exists()


def test_figures_a_run_can_write_are_accepted_at_the_edges_of_their_ranges(
    wards: list[Path], tmp_path: Path
) -> None:
    """Biểu 1's opening is derived (closing − increases + decreases): below 0 when a file's
    admissions are of people not on its roll (a warning, not an error), so it may be negative;
    a sum of ages is far larger than any count."""
    ind = _doc(wards[0])["indicators"]
    moved = ind["period.opening"] + 2
    edited = _with(
        wards[0],
        tmp_path / "odd.json",
        period__opening=-2,
        period__admitted=ind["period.admitted"] + moved,
        members__age_sum=5 * 10**11,
    )
    assert load_summary(edited)["indicators"]["period.opening"] == -2


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"members__total": 1}, "tổng số đảng viên = đảng viên chính thức + đảng viên dự bị"),
        ({"members__gender__male": 1}, "tổng số đảng viên = số đảng viên nam + số đảng viên nữ"),
        ({"period__died": 3}, "Biểu 1: đảng viên cuối kỳ = đầu kỳ + tăng trong kỳ − giảm trong kỳ"),
        (
            {
                "members__total": 100,
                "members__full": 100,
                "members__gender__male": 100,
            },
            "Biểu 1: đảng viên cuối kỳ = tổng số đảng viên",
        ),
        # hunt43 F3: 5 members moved from men to women by hand, the totals still agreeing, were
        # added, and Biểu 3's women then differed from the sum of Biểu 4's ethnic rows.
        (
            {"members__gender__female": 5, "members__gender__male": -5},
            "số đảng viên nữ = tổng số đảng viên nữ theo dân tộc (kể cả chưa rõ)",
        ),
        (
            {"members__religion__none__female": -1},
            "số đảng viên nữ = tổng số đảng viên nữ theo tôn giáo (kể cả chưa rõ)",
        ),
        ({"members__ethnicity__01": 2}, "tổng số đảng viên = tổng số đảng viên theo dân tộc (kể cả chưa rõ)"),
        (
            {"members__religion__unknown": 1},
            "tổng số đảng viên = tổng số đảng viên theo tôn giáo (kể cả chưa rõ)",
        ),
        (
            {"members__occupation__retired": 3},
            "tổng số đảng viên = tổng số đảng viên theo nghề nghiệp (kể cả chưa rõ)",
        ),
        (
            {"members__age_report__30_50": 4},
            "số đảng viên biết tuổi = tổng số đảng viên theo các nhóm tuổi của báo cáo",
        ),
        (
            {"members__age_official__gt60": 2},
            "số đảng viên biết tuổi = tổng số đảng viên theo các độ tuổi của Biểu 3",
        ),
        (
            {"admitted__ethnicity__unknown": 1},
            "Biểu 2: số đảng viên mới kết nạp = tổng số đảng viên mới kết nạp theo dân tộc (kể cả chưa rõ)",
        ),
        (
            {"admitted__gender__female": 1},
            "Biểu 2: số đảng viên mới kết nạp = số nam + số nữ + số chưa rõ giới tính",
        ),
        (
            {"admitted__prof__unknown": 1},
            "Biểu 2: số đảng viên mới kết nạp = tổng theo trình độ chuyên môn (kể cả chưa rõ)",
        ),
        (
            {"admitted__age_official__18_30": 1},
            "Biểu 2: số đảng viên mới kết nạp biết tuổi = tổng theo các độ tuổi",
        ),
    ],
)
def test_a_summary_whose_figures_contradict_each_other_is_left_out_naming_the_identity(
    wards: list[Path], tmp_path: Path, change: dict[str, int], words: str
) -> None:
    """Each change is added to the ward's own figure, as a hand would edit one of them (the
    last adds 100 members with their parts, but not to Biểu 1's closing roll)."""
    own = _doc(wards[1])["indicators"]
    edited = _with(
        wards[1], tmp_path / "b.json", **{k: own[k.replace("__", ".")] + v for k, v in change.items()}
    )
    result = _rollup_cli([wards[0], edited, wards[2]], tmp_path / "out")
    assert result.exit_code == 1, result.output
    said = [line for line in result.output.splitlines() if line.startswith("  – ")]
    assert len(said) == 1 and f"“b.json”: số liệu tự mâu thuẫn, không đúng “{words}”" in said[0], said
    with pytest.raises(SummaryError) as caught:
        load_summary(edited)
    assert words in caught.value.message_vi
    # Last year's figures of a summary are checked as its own are.
    doc = _doc(wards[1])
    doc["previous"] = {
        "cutoff_date": "2025-03-31",
        "period_start": "2024-01-01",
        "indicators": {
            **own,
            **{k.replace("__", "."): own[k.replace("__", ".")] + v for k, v in change.items()},
        },
    }
    past = tmp_path / "past.json"
    past.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SummaryError) as caught:
        load_summary(past)
    assert "mục previous: số liệu tự mâu thuẫn" in caught.value.message_vi


def _minority(wards: list[Path]) -> tuple[str, str]:
    """(id, label) of an ethnic minority some ward has members of."""
    from toolkit.core import vocab

    for term in vocab.ETHNICITY.terms:
        key = f"members.ethnicity.{term.code}"
        if term.code != vocab.KINH and any(_doc(p)["indicators"][key] for p in wards[:2]):
            return key, term.label
    raise AssertionError("no minority in the sample wards")


def _rows(sheet: Any) -> list[tuple[Any, ...]]:
    return [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]


def test_a_term_one_ward_lacks_keeps_its_line_empty_with_a_note_never_dropped_as_0(
    wards: list[Path], tmp_path: Path
) -> None:
    """A ward's summary without one ethnic group's id (an older or hand-made one): Biểu 4,
    Tổng hợp and the report keep that group, its figure empty and said why, so that the groups
    listed still make up the minorities; a line the wards' summaries lack is blamed on them,
    never on the branches' files the province does not have."""
    from toolkit.outputs.report import report_paragraphs

    key, label = _minority(wards)
    old = _with(
        wards[2],
        tmp_path / "cũ.json",
        **{key.replace(".", "__"): None, "period__transfer_in__same_province": None},
    )
    up = rollup([wards[0], wards[1], old], name=UNIT)
    assert key not in up.indicators and "period.transfer_in.same_province" not in up.indicators
    write_outputs(up, tmp_path / "up.xlsx", None)
    book = openpyxl.load_workbook(tmp_path / "up.xlsx")

    bieu4 = _rows(book["Biểu 4-BTCTW"])
    (line,) = [r for r in bieu4 if r[1] == label]
    assert line[2] is None and line[4] is None  # the figure and its share: unknown, not 0
    notes = [str(r[0]) for r in bieu4 if str(r[0]).startswith("Ghi chú")]
    why = (
        "không có trong tệp số liệu của mọi phường — sheet “Kiểm tra” nêu tệp của phường nào thiếu và vì sao"
    )
    assert f"Ghi chú: 1 dòng để trống vì số liệu đó {why}." in notes, notes
    for form in result_forms(up):
        assert not [n for n in form.notes if "tệp của chi bộ" in n], (form.form.code, form.notes)
    assert f"1 dòng để trống vì số liệu đó {why}." in result_forms(up)[0].notes

    summary = _rows(book["Tổng hợp"])
    (line,) = [r for r in summary if r[0] == label]
    assert line[1] is None
    assert [r for r in summary if r[0] and UNKNOWN_FIGURE_NOTE in str(r[0])]

    (paragraph,) = [p for p in report_paragraphs(up.to_summary()) if p.startswith("Về dân tộc:")]
    assert (
        f"Danh sách trên chưa đầy đủ: chưa có số liệu dân tộc {label} vì tệp số liệu của {WARDS[2]} "
        "không có chỉ tiêu này (xem sheet “Kiểm tra”)." in paragraph
    ), paragraph
    assert f"{label} " not in paragraph.split("Danh sách trên")[0]


def test_a_term_no_member_has_is_still_no_line_of_a_ward(wards: list[Path], tmp_path: Path) -> None:
    """A genuine 0 is a group nobody belongs to: no line, no note, as before."""
    from toolkit.core import vocab

    doc = _doc(wards[0])
    zero = [t for t in vocab.ETHNICITY.terms if doc["indicators"][f"members.ethnicity.{t.code}"] == 0]
    assert zero
    up = rollup(wards, name=UNIT)
    write_outputs(up, tmp_path / "up.xlsx", None)
    book = openpyxl.load_workbook(tmp_path / "up.xlsx")
    listed = {r[1] for r in _rows(book["Biểu 4-BTCTW"])}
    shown = [t.label for t in zero if up.indicators[f"members.ethnicity.{t.code}"] == 0]
    assert shown and not listed & set(shown)
    assert not [r for r in _rows(book["Biểu 4-BTCTW"]) if "để trống" in str(r[0])]
    assert not {r[0] for r in _rows(book["Tổng hợp"])} & set(shown)


def test_last_year_without_its_forms_period_is_of_the_period_its_dates_give(
    wards: list[Path], tmp_path: Path
) -> None:
    """A ward's last-year figures whose summary does not say their forms' period (hand-made)
    are of the default period of their dates, as the ward's own are: summed, not said to be of
    another period."""
    paths = []
    for n, source in enumerate(wards):
        doc = _doc(source)
        doc["previous"] = {
            "cutoff_date": "2025-03-31",
            "period_start": "2024-01-01",
            "indicators": {"members.total": 10 * (n + 1)},
        }
        path = tmp_path / f"w{n}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    up = rollup(paths, name=UNIT)
    assert up.previous is not None and up.previous.indicators["members.total"] == 60
    assert not [n for f in result_forms(up) for n in f.notes if "không phải của kỳ" in n]


def _version_1(source: Path, target: Path) -> Path:
    """The summary at `source` as version 1 wrote it: without the full and temporary
    exemptions, nor the ethnic and religious figures (added with template 2026.2)."""
    doc = _doc(source)
    for key in list(doc["indicators"]):
        if key.startswith(("members.exempt.", "members.ethnic", "members.religio")):
            doc["indicators"].pop(key)
    doc.pop("level")  # version 1 wrote neither
    doc["tool_version"] = "0.0.9"
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return target


def test_a_summary_of_this_version_lacking_figures_is_not_blamed_on_an_older_version(
    wards: list[Path], tmp_path: Path
) -> None:
    """`ward-stats report` of a summary written by this version, edited to lack the ethnic
    figures, said "tệp số liệu tổng hợp (phiên bản cũ)" though nothing in it is of an older
    version; it now gives the causes the roll-up gives such a file."""
    doc = _doc(wards[2])
    for key in [k for k in doc["indicators"] if k.startswith("members.ethnic")]:
        doc["indicators"].pop(key)
    edited = tmp_path / "sua.json"
    edited.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    md = tmp_path / "bao_cao.md"
    assert CliRunner().invoke(main, ["report", str(edited), "-o", str(md)]).exit_code == 0
    text = md.read_text("utf-8")
    assert "| Dân tộc thiểu số | chưa có số liệu |  |  |" in text
    assert "(phiên bản cũ)" not in text
    assert (
        "không có số vì tệp số liệu tổng hợp không có chỉ tiêu này (tệp có thể do phiên bản ward-stats "
        "cũ hơn tạo ra, hoặc đã bị sửa bằng tay hay bị hỏng)._" in text
    )


def test_figures_an_older_summary_lacks_are_never_reported_as_0(wards: list[Path], tmp_path: Path) -> None:
    """A ward's summary of version 1, alone (`ward-stats report`) and in a roll-up: the report
    said "không có đảng viên được miễn, tạm miễn" beside 725 exempted members, and its table of
    main figures printed 0 (0,00%) for the ethnic minorities, the religious members and both
    kinds of exemption. The kinds are the exempted members of the old-age reason and the others,
    so they are rebuilt from the reasons, equal to the real ones; a figure that cannot be is
    "chưa có số liệu", never 0, with a note saying why."""
    from toolkit.core import vnformat
    from toolkit.outputs.report import report_paragraphs
    from toolkit.outputs.report_figures import figure_notes, main_figures

    real = [_doc(w)["indicators"] for w in wards]
    old = _version_1(wards[2], tmp_path / "cu.json")
    md = tmp_path / "bao_cao.md"
    assert CliRunner().invoke(main, ["report", str(old), "-o", str(md)]).exit_code == 0
    text = md.read_text("utf-8")
    full, temporary = real[2]["members.exempt.full"], real[2]["members.exempt.temporary"]
    assert full and temporary
    assert f"| Miễn công tác và sinh hoạt đảng | {full} |" in text
    assert f"| Tạm miễn công tác và sinh hoạt đảng | {temporary} |" in text
    assert "| Dân tộc thiểu số | chưa có số liệu |  |  |" in text
    assert "| Theo tôn giáo | chưa có số liệu |  |  |" in text
    assert (
        "_Ghi chú: Các dòng ghi “chưa có số liệu” không có số vì tệp số liệu tổng hợp (phiên bản cũ) "
        "không có chỉ tiêu này._" in text
    )
    assert "không có đảng viên được miễn" not in text

    result = rollup([wards[0], wards[1], old], name=UNIT)
    up = result.to_summary()
    # Not in every ward's summary, but rebuilt from the reasons before adding, so that every
    # output of the roll-up has them (`Tổng hợp` left them empty while `Theo phường` and the
    # report gave them).
    assert up["indicators"]["members.exempt.full"] == sum(r["members.exempt.full"] for r in real)
    assert up["indicators"]["members.exempt.temporary"] == sum(r["members.exempt.temporary"] for r in real)
    write_outputs(result, tmp_path / "up.xlsx", None)
    sheet = openpyxl.load_workbook(tmp_path / "up.xlsx")["Tổng hợp"]
    label = {str(r[0]).split(" (")[0]: r[1] for r in sheet.iter_rows(values_only=True) if r[0]}
    assert label["Miễn công tác và sinh hoạt đảng"] == up["indicators"]["members.exempt.full"]
    assert label["Tạm miễn công tác và sinh hoạt đảng"] == up["indicators"]["members.exempt.temporary"]
    figures = {f.label: f for f in main_figures(up)}
    assert figures["Miễn công tác và sinh hoạt đảng"].value == sum(r["members.exempt.full"] for r in real)
    assert figures["Tạm miễn công tác và sinh hoạt đảng"].value == sum(
        r["members.exempt.temporary"] for r in real
    )
    assert figures["Dân tộc thiểu số"].value_text == "chưa có số liệu"
    assert figures["Dân tộc thiểu số"].share_text == ""
    assert figures["Theo tôn giáo"].value_text == "chưa có số liệu"
    assert figure_notes(up) == [
        # Phường Nam's own run consolidated 3 of its 4 organisations, against the target of all 4:
        # said as `Tổng hợp`'s row 3 says it, then of the rate (hunt44 B #1).
        "Các số trong bảng tổng hợp từ 3/3 phường; 01 phường được tổng hợp nhưng số liệu của phường "
        "chưa đủ các tổ chức đảng (Phường Nam: 3/4 tổ chức). "
        "Tỷ lệ đạt chỉ tiêu tính theo chỉ tiêu của cả đảng bộ mỗi phường (mọi tổ chức trong danh mục "
        "của phường), còn số kết nạp mới của Phường Nam chỉ gồm 3/4 tổ chức đã tổng hợp, nên tỷ lệ "
        "thực tế có thể cao hơn.",
        "Các dòng ghi “chưa có số liệu” không có số vì tệp số liệu của Phường Nam không có chỉ tiêu này "
        "(xem sheet “Kiểm tra”).",
        # Its S07 lists its figures from 01/02/2026, as the ward's own notes say (hunt45 R2 #2).
        "Các số đưa ra khỏi Đảng và kết nạp đảng viên trong bảng chưa gồm số liệu trước ngày tệp ghi ở "
        "mục “Số liệu từ ngày” của Phường Nam có 1 tổ chức đảng (S07 từ ngày 01/02/2026).",
        "Số đảng viên hoàn thành tốt nhiệm vụ trở lên năm 2025 chưa gồm số liệu trước ngày tệp ghi ở mục "
        "“Số liệu từ ngày” của Phường Nam có 1 tổ chức đảng (S07 từ ngày 01/02/2026).",
    ]
    # A ward left out is said first, as a ward's missing organisations are; then Phường Nam's.
    partial = {**up, "organisations": [dict(o) for o in up["organisations"]]}
    partial["organisations"][1]["status"] = "excluded"
    assert partial["organisations"][1]["org_code"] != "Phường Nam"
    assert figure_notes(partial)[0].startswith(
        "Các số trong bảng tổng hợp từ 2/3 phường, chưa gồm các phường chưa nộp hoặc bị loại; 01 phường "
        "được tổng hợp nhưng số liệu của phường chưa đủ các tổ chức đảng (Phường Nam: 3/4 tổ chức). Tỷ lệ đạt"
    )
    (exempt,) = [p for p in report_paragraphs(up) if "miễn công tác và sinh hoạt đảng" in p]
    total = sum(r["members.exempt"] for r in real)
    assert exempt.startswith(f"Tại ngày 31/3/2026, có {vnformat.count(total)} đồng chí được miễn, tạm miễn")
    # Without the reasons either, the total is stated and the kinds are said to be missing.
    doc = _doc(old)
    for key in [k for k in doc["indicators"] if k.startswith("members.exempt_reason.")]:
        doc["indicators"].pop(key)
    (exempt,) = [p for p in report_paragraphs(doc) if "miễn công tác và sinh hoạt đảng" in p]
    assert "chưa có số liệu theo từng loại vì tệp số liệu tổng hợp (phiên bản cũ)" in exempt, exempt
    figures = {f.label: f for f in main_figures(doc)}
    assert figures["Miễn công tác và sinh hoạt đảng"].value_text == "chưa có số liệu"


def test_theo_phuong_leaves_empty_what_an_older_summary_lacks_never_0_nor_in_the_total(
    wards: list[Path], tmp_path: Path
) -> None:
    """`Theo phường` printed 0 for the ethnic minorities, the religious and the exempted
    members of a ward whose summary is of version 1, and added those 0s into its total row,
    where `Tổng hợp` leaves them empty (hunt35 #1). The ward's cell is empty, and so is the
    total of that column; what the summary implies exactly (the exemptions, from their reasons,
    as the report rebuilds them) is shown; a note names the ward and the columns."""
    from toolkit.outputs.sheets.by_org import ORG_FIGURES, figure_headers

    real = [_doc(w)["indicators"] for w in wards]
    old = _version_1(wards[0], tmp_path / "cu.json")
    doc = _doc(old)
    for key in [k for k in doc["indicators"] if k.startswith("members.youth_union")]:
        doc["indicators"].pop(key)
    old.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    up = rollup([old, wards[1], wards[2]], name=UNIT)
    write_outputs(up, tmp_path / "up.xlsx", None)
    rows = _rows(openpyxl.load_workbook(tmp_path / "up.xlsx")["Theo phường"])
    first = next(i for i, r in enumerate(rows) if r[0] == WARDS[0])
    header, dong, total = rows[first - 1], rows[first], rows[first + 3]
    assert str(total[0]).startswith("Cộng toàn Đảng bộ")
    col = {key: header.index(h) for h, (_, key, _) in zip(figure_headers(up), ORG_FIGURES, strict=True)}
    for key in ("members.ethnic_minority", "members.religious", "members.youth_union"):
        assert real[0][key], key  # a real figure the old summary does not have
        assert dong[col[key]] is None, key
        assert total[col[key]] is None, key
    for key in ("members.exempt.full", "members.exempt.temporary", "members.total"):
        assert dong[col[key]] == real[0][key], key
        assert total[col[key]] == sum(r[key] for r in real), key
    note = " ".join(str(r[0]) for r in rows if str(r[0]).startswith("Ghi chú"))
    assert (
        f"Ghi chú: Tệp số liệu của {WARDS[0]} không có số liệu của các cột "
        "“Dân tộc thiểu số”, “Theo tôn giáo”, “Đoàn viên TNCS Hồ Chí Minh”." in note
    ), note
    assert "dòng Cộng ở các cột đó cũng để trống" in note
    # Every summary complete: no such note, and the total row is every column's sum.
    up = rollup(wards, name=UNIT)
    write_outputs(up, tmp_path / "all.xlsx", None)
    rows = _rows(openpyxl.load_workbook(tmp_path / "all.xlsx")["Theo phường"])
    assert not [r for r in rows if "phiên bản cũ" in str(r[0])]
    (total,) = [r for r in rows if str(r[0]).startswith("Cộng toàn Đảng bộ")]
    assert total[col["members.ethnic_minority"]] == up.indicators["members.ethnic_minority"]


def test_a_ward_whose_organisation_starts_late_is_said_in_the_rollup(
    wards: list[Path], tmp_path: Path
) -> None:
    """The third ward's S07 lists its changes only from 01/02/2026: its own report says so, and
    the roll-up that adds it said nothing. It warns, naming the ward and the organisation; the
    wards without a late start are not named."""
    up = rollup(wards, name=UNIT)
    late = [i for i in up.issues if i.code == "rollup.late_start_ward"]
    assert [(i.org_code, i.severity) for i in late] == [(WARDS[2], "warning")]
    assert (
        "Số liệu biến động của Phường Nam có 1 tổ chức đảng (S07 từ ngày 01/02/2026) chỉ tính từ ngày tệp "
        "của tổ chức ghi ở mục “Số liệu từ ngày”, sau ngày 01/01/2024." in late[0].message
    ), late[0].message
    # An organisation the ward excluded is in none of its figures: never named.
    doc = _doc(wards[2])
    for org in doc["organisations"]:
        if org["org_code"] == "S07":
            org["status"] = "excluded"
    excluded = tmp_path / "nam.json"
    excluded.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    up = rollup([wards[0], excluded], name=UNIT)
    assert [o.status for o in up.organisations] == ["consolidated", "consolidated"]
    assert not [i for i in up.issues if i.code == "rollup.late_start_ward"]


def test_the_total_row_label_is_whole_on_every_page_the_table_is_printed_over(
    wards: list[Path], tmp_path: Path
) -> None:
    """`Theo phường` is printed over pages wide, each later page repeating only the ward
    column: the total row's label, merged over the ward, file and status columns, read cut
    there, "Cộng toàn Đảng bộ (3 phường" (hunt271 F1). It is held by the ward column alone,
    wrapped in a row as high as its lines."""
    up = rollup(wards, name=UNIT)
    write_outputs(up, tmp_path / "up.xlsx", None)
    ws = openpyxl.load_workbook(tmp_path / "up.xlsx")["Theo phường"]
    assert ws.print_title_cols == "$A:$A"  # the repeated column: the ward's
    (cell,) = [c for c in ws["A"] if str(c.value or "").startswith("Cộng toàn Đảng bộ")]
    assert cell.value == "Cộng toàn Đảng bộ (3 phường được tổng hợp)"
    merged = [m for m in ws.merged_cells.ranges if cell.coordinate in m]
    assert all(m.max_col == 1 for m in merged), merged
    assert cell.alignment.wrap_text
    width = ws.column_dimensions["A"].width
    assert len(cell.value) > width  # it takes more than one line of the column
    assert ws.row_dimensions[cell.row].height >= 2 * 15
    # The file and status cells beside it are the total row's, blank.
    assert ws.cell(cell.row, 2).value is None and ws.cell(cell.row, 2).fill.fgColor.rgb.endswith("F2F2F2")
