"""An independent oracle of the roll-up (`ward-stats rollup`, hunt271).

Reads the wards' JSON summaries with `json` and the roll-up's workbook with openpyxl only (never
toolkit's reader, summing code or writers; the sheet oracles of `helpers_stats_oracle` and the
cell helpers of `helpers_forms_oracle`, test helpers that import openpyxl only, are reused for
the `Tổng hợp`, `Biến động theo năm` and `Xếp loại theo năm` sheets, fed with the sums computed
here). What the roll-up must say follows from the wards' summaries alone and these rules of
docs/design.md (line numbers as of base commit d075bdff):

- U1 (l. 5462–5474) a ward whose run consolidated no organisation (`orgs.consolidated` 0) is
  left out first (`rollup.empty_ward`, an error at its file), and never counted in the choice of
  the cut-off and period.
- U2 (l. 5474–5476) the cut-off is the one most wards have, then the period (`period_start`
  and `form_period`) among the wards of that cut-off; a ward of another one is left out at its
  file (`rollup.cutoff_mismatch` / `rollup.period_mismatch`, errors) and adds nothing.
- U3 (l. 5468–5473, 5740–5742) every ward is in the JSON's `organisations` once, in the order
  given, `consolidated` or `excluded`; the run's `Kiểm tra` has an error at each excluded ward's
  file; `Theo phường` and `Nguồn số liệu` say "Không cộng (xem Kiểm tra)" for it.
- U4 (l. 5560–5561) counts are summed (an id is in the sum only when every added ward has it,
  l. 5584–5586); `members.age_mean` (and `admitted.age_mean`) recomputed from the summed
  `*.age_sum` / `*.age_known` (never a mean of means), half up to one decimal (§6 and
  `stats.sums.MEANS`, docstring of the module: "rounded as the single-unit computation"), 0.0
  when nobody is counted; `targets.rate.<year>` = `changes.admissions.<year>` / `targets.<year>`
  half up to four decimals.
- U5 (l. 5561–5582) a year in which some ward admitted members with `targets.<year>` 0 and the
  year not in its `target_years` has no sum of targets: `targets.<year>` and its rate left out.
  The roll-up's `target_years` are the years whose summed target is known and above 0 or typed 0
  by every ward (l. 3176–3179).
- U6 (l. 5640–5646) last year (`previous`) is summed by the same rules when every added ward
  has it, for one forms' period and one change period; else the forms' `Cùng kỳ năm trước` is
  empty.
- U7 (l. 3155–3160, 5716–5720) `name_accent_pairs` is the added wards' sum.
- U8 (l. 180–182, 3352–3355) the forms are filled from the indicators: each count line of
  Biểu 1–3 is the sum of the added wards' lines (a ward's line is a function of its indicators,
  and the indicators add up), both columns; the "Tuổi bình quân" lines are recomputed from the
  summed age sums (U4); the ratio column is Kỳ này × 100 / Cùng kỳ năm trước half up to two
  decimals, empty when last year's is 0 or empty (helpers_forms_oracle.ratio, l. 238–262: no
  line of these complete wards is short).
- U9 (l. 263–273) Biểu 4: each line's members and women summed; shares over the members whose
  value is known, the ethnic groups rounded together, the religions rounded together with the
  members of no religion (not printed), by the largest remainder, in hundredths of a percent.
- U10 (l. 5629–5636, 3601–3612) `Theo phường`: one row per ward (name, file, status, the
  ward's own figures of `helpers_stats_oracle.BY_ORG`, empty for an excluded ward), then the
  row "Cộng toàn Đảng bộ (N phường được tổng hợp)" with the sums of the added wards.
- U11 (l. 5733–5740) each of Biểu 1–4 of a roll-up with excluded wards notes "Số liệu của
  k/n phường: <names> bị loại, không được cộng …".
- U13 (l. 3186–3191) the JSON's `sources` are the wards' summaries, one each, in the order
  given, `consolidated` as added, each `template_version` the versions of that ward's own files
  counted ("2026.2 (72 tệp)"; only a ward of one version is derived here).
- U14 (l. 5744–5755) the report opens with the wards added of those given and names those left
  out, says "NN Đảng bộ phường được tổng hợp có …" and "… của các Đảng bộ là …"; its figures
  are the stats oracle's claims (`helpers_stats_oracle.compare_report`) over the sums.
- U15 (design.md §6, the paragraph after the section-A tier/sector sentence, and §7's
  `registry_used`; fix308/fix310) a ward's run without a registry says `registry_used: false`
  (absent in an older summary: a registry); the roll-up's is false when some added ward's is,
  and its `Tổng hợp` then names section A's base "tổ chức trong danh mục hoặc đã nộp tệp"
  (else "tổ chức trong danh mục"), and "tổ chức đã nộp tệp" when every added ward's is false
  (`registry_none`, fix331). The test checks each ward's field against how its fixture
  ran it (with or without `--registry`).
- U12 (l. 5458–5459, 5744–5750) `--name` heads the forms with its committee ("Tỉnh X" →
  "TỈNH ỦY X"), and the JSON's `ward_name`/`level` are the name and `rollup`.

Not derived here: the report's prose (its figures are the indicators checked here), the notes'
other wording, `Biểu đồ`, `Xu hướng`, the PARTS_OF/REMAINDERS completions of older summaries
(every ward here is of this build), and the `same_organisations` heuristics.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import helpers_stats_oracle as stats_oracle
import openpyxl
from helpers_forms_oracle import largest_remainder, ratio, text

# U15: the words of section A's base (`orgs.registered`) of a roll-up.
ORGS_BASE = "tổ chức trong danh mục"
SOME_SENT_ORGS_BASE = "tổ chức trong danh mục hoặc đã nộp tệp"
SENT_ORGS_BASE = "tổ chức đã nộp tệp"  # all added wards lacked one (fix331)

MEANS = {
    "members.age_mean": ("members.age_sum", "members.age_known"),
    "admitted.age_mean": ("admitted.age_sum", "admitted.age_known"),
}
RATE = "targets.rate."
FORM_MEANS = {("bieu2", "II.2.mean"): "admitted", ("bieu3", "II.2.mean"): "members"}
EXCLUDED_STATUS = "Không cộng (xem Kiểm tra)"
# U12: the unit's name → its committee (l. 5746–5748)
COMMITTEES = (("Tỉnh", "TỈNH ỦY"), ("Thành phố", "THÀNH ỦY"), ("Đảng bộ", "ĐẢNG ỦY"))
TARGET_ROWS = ("Chỉ tiêu kết nạp được giao", "Tỷ lệ kết nạp đạt so với chỉ tiêu")


def load(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def half_up(x: Decimal, places: str) -> float:
    return float(x.quantize(Decimal(places), rounding=ROUND_HALF_UP))


# --------------------------------------------------------------------------------------------
# Which wards are added (U1, U2)


def choose(wards: list[dict[str, Any]]) -> tuple[list[int], dict[int, str]]:
    """The indices of the wards added, and of those left out with the code they are left out by."""
    left: dict[int, str] = {}
    live = []
    for i, w in enumerate(wards):
        if w["indicators"].get("orgs.consolidated") == 0:
            left[i] = "rollup.empty_ward"
        else:
            live.append(i)
    cut = Counter(wards[i]["cutoff_date"] for i in live).most_common()
    assert len(cut) == 1 or cut[0][1] > cut[1][1], "no strict majority: the oracle's wards are wrong"
    for i in live:
        if wards[i]["cutoff_date"] != cut[0][0]:
            left[i] = "rollup.cutoff_mismatch"
    same = [i for i in live if i not in left]

    def period(i: int) -> tuple[str, ...]:
        return (wards[i]["period_start"], *wards[i]["form_period"])

    per = Counter(period(i) for i in same).most_common()
    for i in same:
        if period(i) != per[0][0]:
            left[i] = "rollup.period_mismatch"
    return [i for i in range(len(wards)) if i not in left], left


# --------------------------------------------------------------------------------------------
# The sums (U4–U7)


def _lacks_target(ind: dict[str, Any], year: str, typed: list[int] | None) -> bool:
    if typed is not None and int(year) in typed:
        return False
    return bool(ind.get(f"changes.admissions.{year}")) and not ind.get(f"targets.{year}")


def add(units: list[dict[str, Any]], typed: list[list[int] | None]) -> dict[str, Any]:
    """The indicators of `units` added up by U4 and U5."""
    keys = {k for u in units for k in u}
    out: dict[str, Any] = {}
    for k in keys:
        if k in MEANS or k.startswith(RATE):
            continue
        if all(k in u for u in units):
            out[k] = sum(int(u[k]) for u in units)
    for mean, (s, n) in MEANS.items():
        if any(mean in u for u in units) and s in out and n in out:
            out[mean] = half_up(Decimal(out[s]) / out[n], "0.1") if out[n] else 0.0
    years = {k.removeprefix("targets.") for k in keys if k.startswith("targets.") and not k.startswith(RATE)}
    for y in sorted(years):
        if any(_lacks_target(u, y, t) for u, t in zip(units, typed, strict=True)):
            out.pop(f"targets.{y}", None)
            continue
        adm, tgt = out.get(f"changes.admissions.{y}"), out.get(f"targets.{y}")
        if any(f"{RATE}{y}" in u for u in units) and adm is not None and tgt:
            out[f"{RATE}{y}"] = half_up(Decimal(adm) / tgt, "0.0001")
    return out


def expected(wards: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """What the roll-up's JSON must hold, from the wards' summaries alone."""
    added, left = choose(wards)
    first = wards[added[0]]
    ind = add([wards[i]["indicators"] for i in added], [wards[i].get("target_years") for i in added])
    typed_zero = [
        int(y)
        for y in {
            k.removeprefix("targets.") for k in ind if k.startswith("targets.") and not k.startswith(RATE)
        }
        if ind[f"targets.{y}"] > 0 or all(int(y) in (wards[i].get("target_years") or ()) for i in added)
    ]
    prev = [wards[i].get("previous") for i in added]
    previous = None
    if all(prev) and len({(p["period_start"], tuple(p["form_period"])) for p in prev if p}) == 1:
        previous = add([p["indicators"] for p in prev if p], [None] * len(prev))
    registry_used = all(wards[i].get("registry_used") is not False for i in added)  # U15
    registry_none = bool(added) and all(wards[i].get("registry_used") is False for i in added)
    return {
        "added": added,
        "left": left,
        "registry_used": registry_used,
        "orgs_base": ORGS_BASE if registry_used else SENT_ORGS_BASE if registry_none else SOME_SENT_ORGS_BASE,
        "ward_name": name,
        "level": "rollup",
        "cutoff_date": first["cutoff_date"],
        "period_start": first["period_start"],
        "form_period": first["form_period"],
        "indicators": ind,
        "previous": previous,
        "target_years": sorted(typed_zero),
        "name_accent_pairs": sum(wards[i].get("name_accent_pairs", 0) for i in added),
        "forms": forms(wards, added, ind, previous),
    }


# --------------------------------------------------------------------------------------------
# The forms (U8, U9)


def forms(
    wards: list[dict[str, Any]], added: list[int], ind: dict[str, Any], prev: dict[str, Any] | None
) -> dict[str, dict[str, tuple[Any, ...]]]:
    """Biểu 1–3: row key → (label, current, previous); Biểu 4: row key → (label, current, women,
    share)."""
    out: dict[str, dict[str, tuple[Any, ...]]] = {}
    for form in ("bieu1", "bieu2", "bieu3"):
        rows: dict[str, tuple[Any, ...]] = {}
        for n, row in enumerate(wards[added[0]]["forms"][form]):
            key = row["row"]
            col = []
            for figures, column in ((ind, "current"), (prev, "previous")):
                values = [wards[i]["forms"][form][n][column] for i in added]
                who = FORM_MEANS.get((form, key))
                if who is not None:
                    col.append(
                        None
                        if figures is None or not figures.get(f"{who}.age_known")
                        else figures.get(f"{who}.age_mean")
                    )
                elif figures is None or any(v is None for v in values):
                    col.append(None)
                else:
                    col.append(sum(values))
            rows[key] = (row["label"], *col)
        out[form] = rows
    # A ward's Biểu 4 lists the groups and religions its members have: the sum lists those
    # any added ward lists, ethnic groups in the official (code) order, religions in the order
    # the wards list them.
    by_key: dict[str, list[dict[str, Any]]] = {}
    for i in added:
        for row in wards[i]["forms"]["bieu4"]:
            by_key.setdefault(row["row"], []).append(row)
    keys = list(by_key)
    order = {k: n for n, k in enumerate(keys)}
    keys.sort(
        key=lambda k: (
            k.split(".")[0] != "total",
            k.split(".")[0],
            k.endswith(".unknown"),
            int(k[2:]) if k[2:].isdigit() else order[k],
        )
    )
    b4: dict[str, tuple[Any, ...]] = {}
    part: dict[str, list[tuple[str, int]]] = {"I": [], "II": []}
    for key in keys:
        rows_of = by_key[key]
        if key in ("I", "II"):
            b4[key] = (rows_of[0]["label"], None, None, None)
            continue
        total = sum(r["current"] for r in rows_of)
        women = sum(r["female"] for r in rows_of)
        b4[key] = (rows_of[0]["label"], total, women, 100.0 if key == "total" else None)
        if key != "total" and not key.endswith(".unknown"):
            part[key.split(".")[0]].append((key, total))
    part["II"].append(("II.none", ind["members.religion.none"]))
    for counts in part.values():
        shares = largest_remainder([c for _, c in counts])
        for (key, _), share in zip(counts, shares, strict=True):
            if key in b4:
                b4[key] = (*b4[key][:3], share)
    out["bieu4"] = b4
    return out


# --------------------------------------------------------------------------------------------
# Comparisons


def compare_json(
    product: dict[str, Any], want: dict[str, Any], wards: list[dict[str, Any]], files: list[str]
) -> list[str]:
    out: list[str] = []
    for k in (
        "ward_name",
        "level",
        "cutoff_date",
        "period_start",
        "form_period",
        "target_years",
        "name_accent_pairs",
        "registry_used",
    ):
        if product.get(k) != want[k]:
            out.append(f"JSON {k}: product {product.get(k)!r}; oracle {want[k]!r}")
    out += _compare_ids("indicators", product["indicators"], want["indicators"])
    if want["previous"] is None:
        if product.get("previous") is not None:
            out.append("JSON previous: product has one; oracle none")
    elif not product.get("previous"):
        out.append("JSON previous: product has none; oracle has one")
    else:
        out += _compare_ids("previous", product["previous"]["indicators"], want["previous"])
    orgs = product["organisations"]
    if len(orgs) != len(wards):
        out.append(f"JSON organisations: {len(orgs)} rows for {len(wards)} wards")
    for i, (w, org) in enumerate(zip(wards, orgs, strict=False)):
        status = "excluded" if i in want["left"] else "consolidated"
        got = (org["org_code"], org["file"], org["status"])
        exp = (w["ward_name"], files[i], status)
        if got != exp:
            out.append(f"JSON organisations[{i}]: product {got}; oracle {exp}")
        if status == "consolidated" and org.get("indicators") != w["indicators"]:
            out.append(f"JSON organisations[{i}] ({w['ward_name']}): its indicators are not the ward's own")
    for i, (w, src) in enumerate(zip(wards, product["sources"], strict=False)):
        versions = Counter(x["template_version"] for x in w.get("sources") or [] if x.get("template_version"))
        shown = ", ".join(f"{v} ({n} tệp)" for v, n in versions.items()) if len(versions) == 1 else "?"
        got = (src["file"], src["org_code"], src["consolidated"], src["template_version"])
        exp = (files[i], w["ward_name"], i not in want["left"], shown)
        if got != exp:
            out.append(f"JSON sources[{i}]: product {got}; oracle {exp}")
    if len(product["sources"]) != len(wards):
        out.append(f"JSON sources: {len(product['sources'])} rows for {len(wards)} wards")
    errors = {(x["file"], x["code"]) for x in product["issues"] if x["severity"] == "error"}
    for i, code in want["left"].items():
        if (files[i], code) not in errors:
            out.append(f"JSON issues: no error {code} at {files[i]} (ward left out)")
    for i in want["added"]:
        bad = sorted(c for f, c in errors if f == files[i])
        if bad:
            out.append(f"JSON issues: an added ward {files[i]} has errors {bad}")
    for form, rows in want["forms"].items():
        got_rows = product["forms"][form]
        if [r["row"] for r in got_rows] != list(rows):
            out.append(f"JSON forms.{form}: rows {[r['row'] for r in got_rows]}; oracle {list(rows)}")
            continue
        for r in got_rows:
            cols = ("current", "female", "share") if form == "bieu4" else ("current", "previous")
            got = (r["label"], *(r[c] for c in cols))
            if got != rows[r["row"]]:
                out.append(f"JSON forms.{form} {r['row']}: product {got}; oracle {rows[r['row']]}")
    return out


def _compare_ids(where: str, product: dict[str, Any], oracle: dict[str, Any]) -> list[str]:
    out = []
    for k in sorted(set(product) | set(oracle)):
        if product.get(k, "absent") != oracle.get(k, "absent"):
            out.append(
                f"JSON {where} {k}: product {product.get(k, 'absent')}; oracle {oracle.get(k, 'absent')}"
            )
    return out


def _cells(workbook: Path, sheet: str) -> list[tuple[Any, ...]]:
    wb = openpyxl.load_workbook(workbook, data_only=True, read_only=True)
    try:
        return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


def _blank(v: Any) -> Any:
    return None if v == "" else v


def compare_forms_sheets(
    workbook: Path, want: dict[str, Any], wards: list[dict[str, Any]], unit: str
) -> list[str]:
    """U8, U9, U11, U12: every cell of every table row of Biểu 1–4, the ratio column included."""
    out: list[str] = []
    names = [wards[i]["ward_name"] for i in sorted(want["left"])]
    note = (
        f"Số liệu của {len(want['added'])}/{len(wards)} phường: {', '.join(names)} bị loại, không được cộng"
        if names
        else None
    )
    committee = next(
        (
            f"{word} {unit[len(prefix) :].strip().upper()}"
            for prefix, word in COMMITTEES
            if unit.startswith(prefix)
        ),
        f"ĐẢNG ỦY {unit.upper()}",
    )
    for n, form in ((1, "bieu1"), (2, "bieu2"), (3, "bieu3"), (4, "bieu4")):
        cells = _cells(workbook, f"Biểu {n}-BTCTW")
        if text(cells[0][0]) != committee:
            out.append(f"Biểu {n} heading {cells[0][0]!r}; oracle {committee!r}")
        top = next(i for i, r in enumerate(cells) if [str(v) for v in r[:3]] == ["1", "2", "3"]) + 1
        table = [i for i in range(top, len(cells)) if any(v not in (None, "") for v in cells[i])]
        rows = list(want["forms"][form].items())
        for (key, exp), i in zip(rows, table, strict=False):
            got = cells[i]
            if form == "bieu4":
                label, values = got[1], tuple(_blank(v) for v in got[2:5])
                wanted: tuple[Any, ...] = exp[1:]
            else:
                label, values = got[0], tuple(_blank(v) for v in got[1:4])
                wanted = (*exp[1:], ratio(*exp[1:]))
            if label is None or not str(label).strip().endswith(exp[0].strip()):
                out.append(f"Biểu {n} row {i + 1}: label {label!r}; oracle {exp[0]!r}")
            if values != wanted:
                out.append(f"Biểu {n} row {i + 1} {key} {exp[0]}: cells {values}; oracle {wanted}")
        notes = [str(c[0]) for c in cells[table[len(rows) - 1] + 1 :] if c and c[0]]
        if note and not any(note in x for x in notes):
            out.append(f"Biểu {n}: no note {note!r} among {notes}")
        if not note and any("bị loại" in x for x in notes):
            out.append(f"Biểu {n}: a note of excluded wards though none is: {notes}")
    return out


def compare_by_ward(
    workbook: Path, want: dict[str, Any], wards: list[dict[str, Any]], files: list[str]
) -> list[str]:
    """U10: `Theo phường`'s rows and its total row."""
    out: list[str] = []
    cells = _cells(workbook, "Theo phường")
    top = next(i for i, r in enumerate(cells) if text(r[0]) == "Phường")
    start = dt.date.fromisoformat(want["period_start"])
    s = stats_oracle.vn_date(start)
    header = [text(v) for v in cells[top]]
    want_header = ["Phường", "Tệp số liệu", "Trạng thái"] + [h.format(s=s) for h, _ in stats_oracle.BY_ORG]
    if header[: len(want_header)] != want_header:
        out.append(f"Theo phường header {header}; oracle {want_header}")
    body = [r for r in cells[top + 1 :] if text(r[0])]
    for i, w in enumerate(wards):
        if i >= len(body):
            out.append(f"Theo phường: no row for {w['ward_name']}")
            continue
        left = i in want["left"]
        exp = [w["ward_name"], files[i], EXCLUDED_STATUS if left else "Đã tổng hợp"]
        exp += [None if left else w["indicators"].get(k) for _, k in stats_oracle.BY_ORG]
        got = [_blank(v) for v in body[i][: len(exp)]]
        if got != exp:
            diff = [(h, g, e) for h, g, e in zip(want_header, got, exp, strict=True) if g != e]
            out.append(f"Theo phường row {i + 1}: {diff}")
    total = body[len(wards)] if len(body) > len(wards) else ()
    label = f"Cộng toàn Đảng bộ ({len(want['added'])} phường được tổng hợp)"
    if not total or text(total[0]) != label:
        out.append(f"Theo phường total row {total[:1]}; oracle {label!r}")
    else:
        got = [_blank(v) for v in total[3 : 3 + len(stats_oracle.BY_ORG)]]
        exp = [want["indicators"].get(k) for _, k in stats_oracle.BY_ORG]
        if got != exp:
            out.append(
                "Theo phường total row: "
                f"{[(h, g, e) for (h, _), g, e in zip(stats_oracle.BY_ORG, got, exp, strict=True) if g != e]}"
            )
    return out


def compare_issues_sheet(
    workbook: Path, want: dict[str, Any], wards: list[dict[str, Any]], files: list[str]
) -> list[str]:
    """U3: `Kiểm tra` has an error at each excluded ward's file, naming the ward."""
    out = []
    cells = _cells(workbook, "Kiểm tra")
    rows = {(text(r[0]), text(r[1]), text(r[2])) for r in cells}
    for i in want["left"]:
        if ("Lỗi", files[i], wards[i]["ward_name"]) not in rows:
            out.append(f"Kiểm tra: no error row at {files[i]} ({wards[i]['ward_name']})")
    for i in want["added"]:
        if ("Lỗi", files[i], wards[i]["ward_name"]) in rows:
            out.append(f"Kiểm tra: an error row at the added ward {files[i]}")
    return out


def _empty_target_rows(workbook: Path) -> list[str]:
    out = []
    for sheet in ("Tổng hợp", "Biến động theo năm"):
        rows = [r for r in _cells(workbook, sheet) if text(r[0]) and str(text(r[0])).startswith(TARGET_ROWS)]
        if len(rows) != 2:
            out.append(f"{sheet}: {len(rows)} rows of the target and its rate; oracle 2")
        for r in rows:
            if any(_blank(v) is not None for v in r[1:]):
                out.append(f"{sheet} {r[0]}: cells {r[1:]}; oracle all empty (no sum of targets)")
    return out


def compare_report(
    workbook: Path, want: dict[str, Any], wards: list[dict[str, Any]], ethnic: list[str]
) -> list[str]:
    """U14: the report paragraph's figures through the stats oracle's claims, once the roll-up's
    own words (the wards added and left out, "… Đảng bộ phường được tổng hợp có …", "… của các
    Đảng bộ là …") are checked and taken out."""
    out: list[str] = []
    txt = stats_oracle.report_text(workbook)
    added, left = len(want["added"]), sorted(want["left"])
    if left:
        m = re.search(
            rf"Số liệu tổng hợp từ {added}/{len(wards)} phường; {len(left):02d} phường bị loại [^.]*\.", txt
        )
        names = [wards[i]["ward_name"] for i in left]
        if m is None or not all(n in m.group(0) for n in names):
            out.append(f"report: no opening of {added}/{len(wards)} wards naming {names} left out")
        else:
            txt = txt.replace(m.group(0), "")
    elif "bị loại" in txt:
        out.append("report: a ward said left out though none is")
    words = {
        f"{added:02d} Đảng bộ phường được tổng hợp có": "có",
        "Tổng số đảng viên của các Đảng bộ là" if added > 1 else "Tổng số đảng viên của Đảng bộ phường là": (
            "Tổng số đảng viên của Đảng bộ là"
        ),
    }
    for said, plain in words.items():
        if said not in txt:
            out.append(f"report: no {said!r}")
        txt = txt.replace(said, plain)
    start = dt.date.fromisoformat(want["period_start"])
    cutoff = dt.date.fromisoformat(want["cutoff_date"])
    ind = want["indicators"]
    if f"targets.{cutoff.year}" not in ind:
        # U5: no sum of the cut-off year's targets: the quarter's admissions without a rate,
        # naming the wards without a target (the stats oracle knows a ward with targets only).
        lacking = [
            wards[i]["ward_name"]
            for i in want["added"]
            if _lacks_target(wards[i]["indicators"], str(cutoff.year), wards[i].get("target_years"))
        ]
        q = (cutoff.month - 1) // 3 + 1
        said = (
            f"Riêng quý {'I II III IV'.split()[q - 1]}/{cutoff.year} kết nạp được "
            f"{stats_oracle.vn(ind[f'changes.admissions.q{q}'])} đảng viên mới; chưa tính được tỷ lệ "
            f"đạt chỉ tiêu năm {cutoff.year} vì {', '.join(lacking)} chưa có chỉ tiêu kết nạp năm đó."
        )
        if said not in txt:
            out.append(f"report: no {said!r}")
        txt = txt.replace(said, "")
    b1 = want["forms"]["bieu1"]
    transit = None
    if "period.transfer_out.in_transit" in ind and "period.transfer_in.in_transit" in ind:
        transit = (
            (ind["period.transfer_out.in_transit"], b1["C.5"][1]),
            (ind["period.transfer_in.in_transit"], b1["B.2"][1]),
        )
    claims = stats_oracle.compare_report(txt, ind, ethnic, start, cutoff, want["previous"], None, transit)
    if f"targets.{cutoff.year}" not in ind:
        claims = [x for x in claims if not x.startswith("report: no quarter")]
    return out + claims


def compare(
    rollup_json: Path, workbook: Path, ward_paths: list[Path], unit: str, ethnic: list[str]
) -> list[str]:
    """Every disagreement between the oracle and the roll-up's JSON and workbook (empty: agree)."""
    wards = [load(p) for p in ward_paths]
    files = [p.name for p in ward_paths]
    want = expected(wards, unit)
    product = load(rollup_json)
    out = compare_json(product, want, wards, files)
    out += compare_forms_sheets(workbook, want, wards, unit)
    out += compare_by_ward(workbook, want, wards, files)
    out += compare_issues_sheet(workbook, want, wards, files)
    start = dt.date.fromisoformat(want["period_start"])
    cutoff = dt.date.fromisoformat(want["cutoff_date"])
    ind = want["indicators"]
    sheets = stats_oracle.compare_summary_sheet(workbook, ind, ethnic, start, cutoff, want["orgs_base"])
    sheets += stats_oracle.compare_changes_sheet(workbook, ind, start, cutoff)
    if not any(k.startswith("targets.") for k in ind):
        # U5: no year has a sum of targets: the target and rate rows are empty (the sheets'
        # oracle knows only a ward with targets, whose rows say the years of their total).
        sheets = [x for x in sheets if not any(r in x for r in TARGET_ROWS)]
        out += _empty_target_rows(workbook)
    out += sheets
    out += compare_report(workbook, want, wards, ethnic)
    out += stats_oracle.compare_ratings_sheet(workbook, ind, start, cutoff)
    return out
