"""One catalogue: every issue the toolkit can report has its code in `toolkit.core.rules`
(and so in docs/rules.md), and every exception derives from the one base with a code."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import pkgutil
import re
from importlib import import_module
from pathlib import Path

import click
import pytest

import toolkit
from toolkit.core import errors
from toolkit.core.model import Issue
from toolkit.core.rules import RULES, make_issue, rules_markdown

PACKAGE = Path(toolkit.__file__).resolve().parent
CODE_LITERAL = re.compile(
    r"^(file|cell|info|member|event|year|org|norm|registry|excel|ward|form|history)\.[a-z0-9_]+$"
)


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_issues_are_only_built_from_the_catalogue() -> None:
    """Nothing outside the catalogue module constructs an `Issue` itself: every issue goes
    through `make_issue`, which knows only catalogued codes."""
    offenders = []
    for path in _sources():
        if path == PACKAGE / "core" / "rules.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Issue"
            ):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def test_every_code_named_in_the_source_is_catalogued() -> None:
    named = set()
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and CODE_LITERAL.match(node.value)
            ):
                named.add(node.value)
    assert named, "the scan finds the codes"
    assert sorted(named - set(RULES)) == []


def test_an_unknown_code_cannot_become_an_issue() -> None:
    with pytest.raises(KeyError):
        make_issue("member.no_such_rule")


def test_docs_rules_lists_every_code() -> None:
    text = (PACKAGE.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    assert text == rules_markdown()
    for code in RULES:
        assert f"`{code}`" in text


def test_messages_use_one_ellipsis_character() -> None:
    """Messages write "…", as most do, never three dots (hunt175 F11); `{...}` fields aside."""
    for code, rule in RULES.items():
        assert "..." not in rule.title and "..." not in rule.template.replace("{...}", ""), code


def test_every_exception_derives_from_the_one_base_with_a_code() -> None:
    classes = []
    for info in pkgutil.walk_packages([str(PACKAGE)], prefix="toolkit."):
        module = import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == module.__name__:
                classes.append(cls)
    assert errors.RegistryError in classes
    for cls in classes:
        if cls.__module__ == "toolkit.cli_usage":
            # click's own usage errors, said in Vietnamese: shown by click at the edge, never
            # raised by the library, so outside the catalogue of domain errors.
            assert issubclass(cls, click.ClickException), cls
            continue
        assert issubclass(cls, errors.WardStatsError), cls
        assert re.fullmatch(r"error\.[a-z_]+", cls.code), cls


def test_an_issue_in_json_has_every_field_but_the_private_message() -> None:
    """`Issue.to_json` lists its fields by hand (no deep copy): a new field must be added there."""
    issue = make_issue(
        "member.bad_date",
        file="a.xlsx",
        org_code="B01",
        sheet="Đảng viên",
        cell="E7",
        column="Ngày sinh",
        value="31/02/1980",
        reason="không có ngày này",
    )
    out = issue.to_json()
    # How it is masked (in every list, and in its chi bộ's feedback), and the cells a grouped
    # issue stands for (its first is `cell`, as a grouped correction's): not part of the JSON.
    private = ("private_message", "personal", "group_cells", "feedback_masks")
    assert list(out) == [f.name for f in dataclasses.fields(Issue) if f.name not in private]
    assert out == {k: v for k, v in dataclasses.asdict(issue).items() if k not in private}
