"""docs/design.md §6 lists the indicator ids, the keys of every summary's `indicators` (the
ward's, each organisation's, last year's), by families (`members.religion.<code>`,
`changes.<family>.<year>|total`, `admitted.youth_union|private_owner|foreign_marriage` (each
with `.unknown`)…). A real consolidation's ids are each described by that list, and each plain
id the list names is written (hunt277: no test read the list against an output)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner
from helpers_validate import write

import toolkit
from toolkit.cli import main

ROOT = Path(toolkit.__file__).resolve().parent.parent
DESIGN = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
ROOTS = ("orgs", "members", "admitted", "changes", "period", "targets", "ratings", "training")


def _segment(text: str) -> str:
    """One dot-separated part of a listed id as a regular expression: `<code>` any part,
    `{a,b,…}` any part, `{a,b}` one of them, `a|b` one of them (`transfer_in|out`:
    `transfer_out`), `q1..q4` a quarter, `*` anything below."""
    if text == "*":
        return r"[^.]+(?:\.[^.]+)*"
    if text.startswith("<") and text.endswith(">"):
        return "[^.]+"
    if text.startswith("{"):
        words = [w.strip() for w in text[1:-1].split(",")]
        return "[^.]+" if "…" in words else "(?:" + "|".join(map(re.escape, words)) + ")"
    words = re.split(r"\|(?![^<]*>)", text)
    alternatives = []
    for word in words:
        if word == "q1..q4":
            alternatives.append("q[1-4]")
        elif "<" in word:  # `transfer_<in|out>`
            alternatives.append(re.sub(r"<[^>]+>", "[^.]+", re.escape(word)))
        elif "_" in words[0] and "_" not in word and word not in ("total", "unknown"):
            alternatives.append(re.escape(words[0].rsplit("_", 1)[0] + "_" + word))
        else:
            alternatives.append(re.escape(word))
    return "(?:" + "|".join(alternatives) + ")"


def _listed() -> tuple[dict[str, re.Pattern[str]], set[str]]:
    """§6's ids, from "Indicator ids (" to the paragraph after the forms' period's: each
    backticked name of an indicator family, and a suffix (`.unknown`, `.with_admission`) joined
    to the names before it in its item; and the names written out whole."""
    section = DESIGN.split("\nIndicator ids (", 1)[1].split("\nEvery row and column of the four forms", 1)[0]
    patterns: dict[str, re.Pattern[str]] = {}
    whole: set[str] = set()
    for item in re.split(r"\n- ", section):
        names: list[str] = []
        for token in re.findall(r"`([^`\s]+)`", item):
            if token.split(".")[0] in ROOTS and "." in token:
                names.append(token)
                whole |= {token} if re.fullmatch(r"[a-z_0-9.]+", token) else set()
                found = [token]
            elif token.startswith(".") and names:
                found = [name + token for name in names]
            else:
                continue
            for name in found:
                parts = re.split(r"\.(?![^<{]*[>}])", name.replace("q1..q4", "q1~q4"))
                expression = r"\.".join(_segment(p.replace("q1~q4", "q1..q4")) for p in parts)
                patterns[name] = re.compile(expression + "$")
    return patterns, whole


def _summary(tmp_path: Path) -> dict:
    folder = tmp_path / "nop"
    folder.mkdir()
    write(folder)
    out = tmp_path / "ra"
    out.mkdir()
    args = ["consolidate", str(folder), "--cutoff", "31/03/2026", "--no-history"]
    result = CliRunner().invoke(main, [*args, "-o", str(out / "t.xlsx"), "--json", str(out / "t.json")])
    assert result.exit_code == 0, result.output
    return json.loads((out / "t.json").read_text(encoding="utf-8"))


def test_every_indicator_id_written_is_listed_in_the_design_and_every_one_listed_is_written(
    tmp_path: Path,
) -> None:
    listed, whole = _listed()
    assert len(listed) > 50, "§6's list was not found"
    summary = _summary(tmp_path)
    written = {"": set(summary["indicators"])} | {
        org["org_code"]: set(org["indicators"]) for org in summary["organisations"]
    }
    assert "members.total" in written[""]
    not_listed = sorted(
        f"{where or 'ward'}: {i}"
        for where, ids in written.items()
        for i in ids
        if not any(p.match(i) for p in listed.values())
    )
    assert not_listed == []
    # a name is an id, or a family of ids (`orgs.tier`)
    unwritten = [n for n in whole if not any(i == n or i.startswith(n + ".") for i in written[""])]
    assert sorted(unwritten) == []
