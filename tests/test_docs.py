"""docs/design.md is the project's own account of its design: it must name what the code has
(every module, every command, the template's sheets and headers, the workbook's sheets), and
nothing in the repository may point at documents outside it."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest

import toolkit
from toolkit.cli import main
from toolkit.core import layout
from toolkit.outputs import sheets, template
from toolkit.outputs.upgrade import upgrade_files

ROOT = Path(toolkit.__file__).resolve().parent.parent
DESIGN = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
PROSE = " ".join(DESIGN.split())  # headers may wrap across lines in the prose


def _package_map() -> set[str]:
    return set(re.findall(r"^\| `(toolkit/[\w/]+\.py)` \|", DESIGN, flags=re.MULTILINE))


def test_the_package_map_has_one_line_per_module_and_no_other() -> None:
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "toolkit").rglob("*.py")}
    listed = _package_map()
    assert sorted(modules - listed) == [], "modules missing from docs/design.md's package map"
    assert sorted(listed - modules) == [], "docs/design.md lists modules that do not exist"


def test_every_command_is_described() -> None:
    described = set(re.findall(r"^\| `ward-stats ([a-z-]+)` \|", DESIGN, flags=re.MULTILINE))
    assert described == set(main.commands)


@pytest.mark.parametrize("spec", [layout.INFO, *layout.DATA_SHEETS], ids=lambda s: s.name)
def test_the_template_contract_names_every_header(spec: layout.SheetSpec) -> None:
    assert f"`{spec.name}`" in DESIGN
    for header in spec.headers:
        assert header in PROSE, f"{spec.name}: {header}"


# §4, the branch template, as one line of prose.
TEMPLATE_CONTRACT = " ".join(DESIGN.split("\n## 4. ", 1)[1].split("\n## 5. ", 1)[0].split())


def _template_and_upgraded_copy(tmp_path: Path) -> list[openpyxl.Workbook]:
    """The blank template as `ward-stats template` writes it, and a 2026.1 file upgraded."""
    blank = template.write_blank_template(tmp_path)
    (tmp_path / "cu").mkdir()
    old = template.write_submission(
        tmp_path / "cu" / "HD20.xlsx",
        info={"org_code": "HD20", "org_name": "Chi bộ Tổ dân phố số 20"},
        members=[{"full_name": "Nguyễn Văn An", "birth_date": dt.date(1970, 1, 2), "gender": "male"}],
        version=layout.VERSION_2026_1,
    )
    (done,) = upgrade_files([old], tmp_path / "moi", today=dt.date(2026, 4, 20)).upgraded
    return [openpyxl.load_workbook(path) for path in (blank, done.target)]


def test_the_template_contract_names_every_meta_key(tmp_path: Path) -> None:
    """hunt294: `_meta`'s `upgraded_on` was written by every upgrade and named nowhere."""
    for wb in _template_and_upgraded_copy(tmp_path):
        for (key,) in wb[layout.SHEET_META].iter_rows(max_col=1, values_only=True):
            assert f"`{key}`" in TEMPLATE_CONTRACT, key


def test_the_template_contract_says_what_is_protected(tmp_path: Path) -> None:
    """hunt294: the workbook's structure is locked and an upgraded copy's `Cần bổ sung` is not
    protected; §4 said "Every sheet is protected" and nothing of the structure."""
    assert "Every sheet of the template is protected without a password" in TEMPLATE_CONTRACT
    for wb in _template_and_upgraded_copy(tmp_path):
        assert wb.security is not None and wb.security.lockStructure
        assert "The workbook's structure is locked too" in TEMPLATE_CONTRACT
        for ws in wb.worksheets:
            if ws.title in layout.SHEET_ORDER:
                assert ws.protection.sheet, ws.title
                assert not ws.protection.insertRows and not ws.protection.deleteRows, ws.title
                # True: the action is protected against.
                assert ws.protection.insertColumns and ws.protection.deleteColumns, ws.title
            else:
                assert not ws.protection.sheet, ws.title
                assert re.search(rf"`{ws.title}`[^.]*, is not protected", TEMPLATE_CONTRACT), ws.title
    assert "rows may be inserted and deleted" in TEMPLATE_CONTRACT
    assert "columns may not be inserted or deleted" in TEMPLATE_CONTRACT


def test_the_template_contract_says_which_rows_have_the_dropdowns(tmp_path: Path) -> None:
    """hunt294: the dropdowns and checks stop at row 2001; §4 said every list is a dropdown."""
    (wb, _upgraded) = _template_and_upgraded_copy(tmp_path)
    for spec in layout.DATA_SHEETS:
        ranges = {str(dv.sqref) for dv in wb[spec.name].data_validations.dataValidation}
        assert f"A{layout.FIRST_DATA_ROW}:A{layout.LAST_FORMATTED_ROW}" in ranges, spec.name
    said = f"data rows {layout.FIRST_DATA_ROW} to {layout.LAST_FORMATTED_ROW}"
    assert said in TEMPLATE_CONTRACT and "`layout.DATA_ROWS`" in TEMPLATE_CONTRACT


def test_every_sheet_of_the_consolidated_workbook_is_named() -> None:
    for name in sheets.SHEET_ORDER:
        assert f"`{name}`" in DESIGN, name


def test_nothing_points_outside_the_repository() -> None:
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    offenders = []
    for name in tracked:
        path = ROOT / name
        if path.suffix not in {".py", ".md", ".toml", ".txt", ".cmd", ".bas", ".json"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in (r"DESIGN §", r"\.\./shared", r"DESIGN\.md"):
            if re.search(pattern, text) and path != Path(__file__):
                offenders.append(f"{name}: {pattern}")
    assert offenders == []


def test_the_excel_guide_names_every_button_wherever_it_lists_them() -> None:
    """The hand-assembled workbook (fallback 2) re-binds each button: one left out stays bound
    to the workbook whose VBA project could not be used. The developer notes list the macros
    and the entry points too."""
    from toolkit.excel.book import BUTTONS

    guide = " ".join((ROOT / "docs" / "excel.md").read_text(encoding="utf-8").split())
    assign = guide.split("**Assign Macro…**", 1)[1].split("5. Lưu", 1)[0]
    macros = guide.split("each button macro (", 1)[1].split(")", 1)[0]
    entries = guide.split("`toolkit/excel/__init__.py` holds only", 1)[1].split("Each takes", 1)[0]
    for button in BUTTONS:
        assert f"`{button.macro}`" in assign, button.macro
        assert f"`{button.macro}`" in macros, button.macro
        assert f"`{button.entry_point}()`" in entries, button.entry_point
    assert "each of the five buttons" in (ROOT / "docs" / "windows-checklist.md").read_text(encoding="utf-8")
    assert len(BUTTONS) == 5


GUIDES = ("README.md", "docs/excel.md", "docs/publishing.md", "docs/windows-checklist.md", "SECURITY.md")


def test_the_documents_name_each_button_by_its_caption() -> None:
    """docs/publishing.md called the button that makes the pre-filled templates `Tạo biểu
    mẫu`; the workbook's button says “Tạo mẫu” (hunt163 #1). Every “button `X`”, “button
    **X**”, “nút **X**” or “nút “X”” of the guides is a caption of the `.xlsm`'s buttons."""
    from toolkit.excel.book import BUTTONS

    captions = {button.caption for button in BUTTONS} | {"…"}
    named = []
    for name in GUIDES:
        text = " ".join((ROOT / name).read_text(encoding="utf-8").split())
        pattern = r"\b(?:[Bb]uttons?|[Nn]út) [`*“]{1,2}([^`*”]+)[`*”]{1,2}"
        named += [(name, m) for m in re.findall(pattern, text)]
    assert named, "no button named in the guides"
    assert [(name, m) for name, m in named if m not in captions] == []


def test_the_excel_guide_explains_every_setting_cell() -> None:
    """docs/excel.md's step 6 lists the yellow cells of `Điều khiển` one by one; the cell “Ghi
    dữ liệu cá nhân vào danh sách lỗi” (`PersonalData`, added later) was left out, so a clerk
    following the steps never learnt what it does or that Không is the default (hunt163 #2)."""
    from toolkit.excel.book import settings

    guide = " ".join((ROOT / "docs" / "excel.md").read_text(encoding="utf-8").split())
    step = guide.split("2. Sheet **Điều khiển**, các ô màu vàng:", 1)[1].split("3. Các nút:", 1)[0]
    for setting in settings():
        both = setting.label.replace(": nam", ": nam / nữ").replace(": nữ", ": nam / nữ")
        assert f"**{setting.label}**" in step or f"**{both}**" in step, setting.label


def test_the_windows_checklist_expects_what_doctor_says_after_an_install(tmp_path: Path) -> None:
    """Step 1 of docs/windows-checklist.md expected “only `[LỖI] Thư mục bài nộp`-type
    findings” after `cai_dat.cmd`, which makes `bai_nop` beside itself: doctor then finds no
    error, and warns that `Tên phường` is blank (hunt163 #4). Here the bundle's workbook as
    installed (its Windows paths pointed at this machine's Python and a `tmp` folder)."""
    import shutil
    import sys

    import openpyxl

    from toolkit.excel.build import DEFAULT_TARGET
    from toolkit.excel.doctor import diagnose

    book = tmp_path / DEFAULT_TARGET.name
    shutil.copy(DEFAULT_TARGET, book)
    (tmp_path / "bai_nop").mkdir()  # cai_dat.cmd: mkdir "%BUNDLE%bai_nop"
    (tmp_path / "tmp").mkdir()
    wb = openpyxl.load_workbook(book, keep_vba=True)
    conf = wb["xlwings.conf"]
    for row in conf.iter_rows(min_col=1, max_col=2):
        key, value = row
        if key.value == "Interpreter_Win":
            value.value = sys.executable
        elif key.value == "TEMP DIR":
            value.value = str(tmp_path / "tmp")
    wb.save(book)
    findings = [f for f in diagnose(book) if f.status != "ok"]
    assert findings, "the bundle's workbook leaves “Tên phường” blank: doctor warns"
    checklist = " ".join((ROOT / "docs" / "windows-checklist.md").read_text(encoding="utf-8").split())
    step = checklist.split("| 1 | ", 1)[1].split("| 2 | ", 1)[0]
    assert [f.topic for f in findings if f.status == "error"] == []
    assert "no `[LỖI]`" in step
    for finding in findings:
        assert f"`{finding.topic.split(' (')[0]}`" in step, finding.topic


# The documents whose commands and references to the code are checked below: developer and user
# guides alike (benchmarks/README.md's options are its scripts', checked with them).
DOCUMENTS = (*GUIDES, "docs/design.md", "docs/reference-report.md", "packaging/windows/HUONG_DAN.txt")
# Options of other programs the guides tell how to run, each with its program.
OTHER_PROGRAMS_OPTIONS = {
    "--convert-to": "soffice",
    "--check": "ruff format",
    "--standalone": "python-build-standalone",
    "--frozen": "uv export",
    "--no-dev": "uv export / uv sync",
    "--only-binary": "pip download",
    "--platform": "pip download",
    "--python-version": "pip download",
    "--python-platform": "uv pip install",
    "--dry-run": "pip / uv pip install",
    "--no-index": "pip install",
    "--find-links": "pip install",
    "--force-reinstall": "pip install",
    "--upgrade": "pip install",
    "--dist": "pytest-xdist (pyproject.toml's addopts)",
}


def _cli_options() -> set[str]:
    import click

    found = {"-h", "--help"}  # the group's context_settings
    commands: list[click.Command] = [main]
    while commands:
        command = commands.pop()
        for param in command.params:
            found |= {o for o in (*param.opts, *param.secondary_opts) if o.startswith("-")}
        if isinstance(command, click.Group):
            commands += command.commands.values()
    return found


def _script_options() -> set[str]:
    """The options of the project's own scripts (benchmarks, bundle builder, tools)."""
    found: set[str] = set()
    for folder in ("benchmarks", "packaging", "tools"):
        for script in (ROOT / folder).rglob("*.py"):
            found |= set(re.findall(r"""["'](--[a-z][a-z0-9-]*)["']""", script.read_text(encoding="utf-8")))
    return found


def test_every_option_the_documents_name_exists() -> None:
    """docs/design.md explained the years with an admission target as those the registry "or
    `--target`" gives: no command has a `--target` (the ward's own target is the `.xlsm`'s cell
    “Chỉ tiêu kết nạp năm chốt”, review246). Every `--option` of the documents is an option of
    a `ward-stats` command, of one of the project's scripts, or of another program they name."""
    known = _cli_options() | _script_options() | set(OTHER_PROGRAMS_OPTIONS)
    unknown = []
    for name in DOCUMENTS:
        text = (ROOT / name).read_text(encoding="utf-8")
        unknown += [(name, o) for o in re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", text) if o not in known]
    assert unknown == []


def _reference_problem(
    ref: str, modules: dict[str, ModuleType], codes: set[str], ids: list[str]
) -> str | None:
    """What is wrong with a dotted reference of the documents, None when nothing: an issue code
    of the catalogue, an indicator id (or a family of ids: `orgs.tier`), a module of the toolkit
    and an attribute of it (a function, a class, a method or field of a class), or something
    else (a JSON field, `Class.attribute`) that names no module of the toolkit."""
    import dataclasses
    import inspect

    if ref in codes or ref in ids or any(i.startswith(ref + ".") for i in ids):
        return None
    parts = ref.split(".")
    for i in range(len(parts), 0, -1):
        head = ".".join(parts[:i])
        heads = [m for n, m in modules.items() if n == head or n.endswith("." + head)]
        if heads:
            break
    else:
        if parts[0] in {c.split(".")[0] for c in codes}:
            return "no such issue code"
        return None

    def has(obj: object, name: str) -> bool:
        if hasattr(obj, name):
            return True
        if inspect.isclass(obj):
            fields = {f.name for f in dataclasses.fields(obj)} if dataclasses.is_dataclass(obj) else set()
            annotated = any(name in getattr(k, "__annotations__", {}) for k in obj.__mro__)
            return name in fields or annotated or f"self.{name}" in inspect.getsource(obj)
        if inspect.ismodule(obj):  # `store.records`: a method of the module's class
            own = [c for c in vars(obj).values() if inspect.isclass(c) and c.__module__ == obj.__name__]
            return any(has(c, name) for c in own)
        return False

    for module in heads:
        candidates = [module]
        if hasattr(module, "__path__"):  # a package: `worklists.Member` is its model module's
            candidates += [m for n, m in modules.items() if n.startswith(f"{module.__name__}.")]
        for candidate in candidates:
            obj: object = candidate
            for name in parts[i:]:
                if not has(obj, name):
                    break
                obj = getattr(obj, name, None)
                if obj is None:  # a field: nothing further to look into
                    return None
            else:
                return None
    return f"not in {', '.join(sorted(m.__name__ for m in heads))}"


def test_every_code_module_and_function_the_documents_name_exists() -> None:
    """docs/design.md named the `Kiểm tra` sheet's rows `outputs.sheets.issues.issue_rows`, a
    function that module never had (review246). Every backticked dotted name of the documents
    that is an issue code's (`form.…`) or starts with a toolkit module's name exists."""
    import importlib
    import pkgutil

    from toolkit.core.rules import RULES
    from toolkit.stats.indicators import indicator_ids
    from toolkit.stats.period import period_ids

    modules: dict[str, ModuleType] = {"toolkit": toolkit}
    for info in pkgutil.walk_packages(toolkit.__path__, "toolkit."):
        modules[info.name] = importlib.import_module(info.name)
    ids = [*indicator_ids([2025, 2026], ward=True), *period_ids()]
    problems = []
    for name in DOCUMENTS:
        text = (ROOT / name).read_text(encoding="utf-8")
        for ref in sorted(set(re.findall(r"`([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?:\(\))?`", text))):
            if ref.rsplit(".", 1)[1] in {"py", "md", "json", "xlsx", "xlsm", "sqlite", "txt", "cmd"}:
                continue  # a file's name
            if (problem := _reference_problem(ref, modules, set(RULES), ids)) is not None:
                problems.append(f"{name}: `{ref}`: {problem}")
    assert problems == []


def _command_row(name: str) -> str:
    return DESIGN.split(f"\n| `ward-stats {name}` | ", 1)[1].split("\n", 1)[0]


def test_the_commands_table_names_every_subcommand_and_every_settings_command() -> None:
    """§10's row of `ward-stats history` named `list`, `show`, `export`, `import`, `remove` and
    `rename-ward` but not `blank-forms`, and its `--settings` sentence left `upgrade` out
    (review246)."""
    import click

    for name, command in main.commands.items():
        if isinstance(command, click.Group):
            row = _command_row(name)
            for sub in command.commands:
                assert f"`{sub}`" in row or f"`{sub} " in row, f"{name} {sub}"
    sentence = PROSE.split("`--settings tong_hop_phuong.xlsm` lets ", 1)[1].split(" take", 1)[0]
    named = set(re.findall(r"`([a-z-]+)`", sentence))
    with_settings = {n for n, c in main.commands.items() if any("--settings" in p.opts for p in c.params)}
    assert named == with_settings


def test_the_package_map_names_each_command_in_the_row_of_its_module() -> None:
    """The package map's row of `toolkit/cli_history.py` listed the `history` subcommands
    without `blank-forms` (review246)."""
    import click

    def row(module: str) -> str:
        path = module.replace(".", "/") + ".py"
        return DESIGN.split(f"\n| `{path}` | ", 1)[1].split("\n", 1)[0]

    for name, command in main.commands.items():
        assert command.callback is not None
        assert f"`{name}`" in row(command.callback.__module__), name
        if isinstance(command, click.Group):
            for sub, subcommand in command.commands.items():
                assert subcommand.callback is not None
                assert re.search(rf"[ (`]{re.escape(sub)}[,;)` ]", row(subcommand.callback.__module__)), sub


def test_the_windows_checklist_runs_every_launcher_of_the_bundle() -> None:
    """docs/windows-checklist.md ran `Tao mau.cmd`, `Kiem tra.cmd`, `Tong hop.cmd` and `Nang
    cap.cmd` but none of the launchers added later (`Danh sach.cmd`, `Lich su.cmd` with its
    typed answers, the two `Nam truoc` files), whose Windows console only a Windows PC shows
    (review246)."""
    checklist = (ROOT / "docs" / "windows-checklist.md").read_text(encoding="utf-8")
    launchers = sorted(p.name for p in (ROOT / "packaging" / "windows").glob("*.cmd"))
    assert launchers
    assert [name for name in launchers if f"`{name}`" not in checklist] == []


def test_every_sheet_of_every_workbook_the_tool_writes_is_named() -> None:
    """The feedback workbook's one sheet, `Cần sửa`, was named nowhere in docs/design.md
    (review246). Here the sheets of the template, of the committed `.xlsm`, of the work lists,
    of a feedback file, of an upgraded file and of the workbook of last year's forms."""
    import openpyxl

    from toolkit.core import entry_marker
    from toolkit.outputs import feedback
    from toolkit.worklists.collect import SPECS

    book = openpyxl.load_workbook(ROOT / "xlsx_templates" / "tong_hop_phuong.xlsm", read_only=True)
    names = {
        *layout.SHEET_ORDER,
        *book.sheetnames,
        *(spec.sheet for spec in SPECS),
        feedback.SHEET,
        *layout.UPGRADE_SHEETS,
        entry_marker.INFO_SHEET,
        entry_marker.META_SHEET,
    }
    book.close()
    assert sorted(name for name in names if f"`{name}`" not in DESIGN) == []


def _command_lines(text: str) -> list[str]:
    """The `ward-stats …` commands of a document: its code blocks' lines and its inline code."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    lines = [line.split("  #", 1)[0] for block in blocks for line in block.splitlines()]
    return [*lines, *re.findall(r"`([^`\n]*ward-stats[^`\n]*)`", text)]


def test_every_command_the_documents_show_has_the_options_it_is_shown_with() -> None:
    """Each `ward-stats X … --option` of a guide's code is parsed by the command X itself: an
    option of another command (`lists --json`) is as wrong as one no command has."""
    import shlex

    import click

    wrong, checked = [], 0
    for name in DOCUMENTS:
        text = (ROOT / name).read_text(encoding="utf-8")
        if name.endswith(".txt"):  # HUONG_DAN.txt: no markup, its commands stand on their own lines
            text = "```\n" + text + "\n```\n"
        for line in _command_lines(text):
            for found in re.findall(r"ward-stats(?:\.exe)? ([a-z][^\n#“”]*)", line):
                try:
                    args = shlex.split(found.replace("[", "").replace("]", ""))
                except ValueError:
                    args = found.split()
                command: click.Command = main
                path = []
                while isinstance(command, click.Group) and args and args[0] in command.commands:
                    path.append(args.pop(0))
                    command = command.commands[path[-1]]
                if not path or isinstance(command, click.Group):
                    continue  # prose ("ward-stats runs …"), or a group named on its own
                context = click.Context(command, info_name=" ".join(path))
                checked += 1
                try:
                    command.make_parser(context).parse_args(args)
                except click.NoSuchOption as error:
                    wrong.append(f"{name}: ward-stats {found.strip()}: {error.option_name}")
                except click.UsageError:
                    pass  # a value shown as a placeholder ("SỐ", "…"): not this test's business
    assert checked > 50, "the documents' commands were not found"
    assert wrong == []


def test_every_option_of_every_command_is_named_in_the_design() -> None:
    """The reverse of `test_every_option_the_documents_name_exists`: docs/design.md, the
    contract of the command line, named neither `consolidate --strict` (exit code 1 on any error
    though the run was consolidated) nor `demo --seed` (hunt277). Each option of each command
    and subcommand of `ward-stats`, by one of its names, is in it."""
    import click

    missing = []
    stack: list[tuple[str, click.Command]] = [("ward-stats", main)]
    while stack:
        path, command = stack.pop()
        if isinstance(command, click.Group):
            stack += [(f"{path} {name}", sub) for name, sub in command.commands.items()]
        for param in command.params:
            names = [o for o in (*param.opts, *param.secondary_opts) if o.startswith("-")]
            if not names or "--help" in names:
                continue  # an argument, or the help every command has
            if not any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", DESIGN) for n in names):
                missing.append(f"{path} {'/'.join(names)}")
    assert sorted(missing) == []


def test_the_json_contracts_name_every_field_the_schemas_allow() -> None:
    """docs/schema/ is checked against real outputs (tests/test_json_schema.py and the roll-up
    and history tests); here §7, the JSON contracts, is checked against the schemas: every field
    a summary or a validation report may have at its top and in last year's `previous` is named
    there. §7's `previous` named neither `common_unknown` nor `typed_forms`, described only in
    §8 (hunt277)."""
    import json

    section = DESIGN.split("\n## 7. JSON contracts", 1)[1].split("\n## 8. ", 1)[0]
    named = set(re.findall(r"`([a-z_][a-z0-9_]*)`", section))
    missing = []
    # hunt301: also the fields of an organisation, a file read, an issue and a form's row, which
    # §7 described in words ("code, name, tier", "SHA-256", "the issue fields") unlike the files'
    # `org_code`, `sha256`, `severity`, `cell`…
    parts = ("previous", "organisation", "source", "issue", "form_row")
    for name in ("summary.schema.json", "validation.schema.json"):
        schema = json.loads((ROOT / "docs" / "schema" / name).read_text(encoding="utf-8"))
        defs = schema.get("$defs", {})
        for where, part in [("", schema), *((f"{d}.", defs.get(d, {})) for d in parts)]:
            missing += [
                f"{name}: {where}{field}" for field in part.get("properties", {}) if field not in named
            ]
    assert missing == []


def test_the_count_of_columns_of_the_organisations_table_is_the_sheet_s() -> None:
    """§8 said `Theo tổ chức` (`Theo phường` in a roll-up) has 26 columns: a roll-up's has 24
    (hunt277, read on a real roll-up of two wards)."""
    from toolkit.outputs.sheets import by_org

    found = re.search(r"`Theo phường` in a roll-up\), whose (\d+) columns \(a roll-up's (\d+):", PROSE)
    assert found is not None
    figures = len(by_org.ORG_FIGURES)
    assert (int(found[1]), int(found[2])) == (
        len(by_org.TEXT_COLUMNS) + figures,
        len(by_org.WARD_COLUMNS) + figures,
    )


def test_security_names_the_error_cells_that_are_only_a_warning() -> None:
    """SECURITY.md's summary for the office said every cell holding an error value (`#N/A`…)
    is an error and its file is not consolidated (hunt375); since fix353 and fix373 such a value
    in a `Thông tin` item that counts in no figure (`layout.INFO_UNCOUNTED`), or in `Tên tổ
    chức đảng` of a file whose code the registry holds, is a warning and the file is
    consolidated. The bullet names each of those items."""
    from toolkit.core.rules import RULES

    text = " ".join((ROOT / "SECURITY.md").read_text(encoding="utf-8").split())
    bullet = text.split("**Không có giá trị lỗi nào bị tính như số 0.**", 1)[1].split(" - **", 1)[0]
    assert RULES["cell.error_value"].severity == "error" and "là một lỗi tại đúng ô đó" in bullet
    uncounted = [f.header for f in layout.INFO.fields if f.key in layout.INFO_UNCOUNTED]
    assert len(uncounted) == len(layout.INFO_UNCOUNTED) > 0
    assert [label for label in uncounted if label not in bullet] == []
    assert RULES["info.unused_error_value"].severity == "warning"
    assert RULES["info.org_name_error_value"].severity == "warning"
    name = next(f.header for f in layout.INFO.fields if f.key == "org_name")
    assert f"ô {name} khi mã tổ chức có trong danh mục" in bullet
    assert "cảnh báo tại ô ấy: tệp vẫn được tổng hợp" in bullet


def test_doctor_help_says_the_exit_code_of_a_check_with_warnings_only(tmp_path: Path) -> None:
    """`doctor --help` said "1 khi có mục cần sửa", but a `[CẢNH BÁO]` finding carries a “Cách
    sửa” too and doctor then exits 0 (hunt375: a fresh install warns of the registry's example
    row and exits 0). Here the bundle's workbook with this machine's Python and `tmp` folder:
    warnings only, exit 0, as the help now says."""
    import shutil
    import sys

    from click.testing import CliRunner

    from toolkit.excel.build import DEFAULT_TARGET

    book = tmp_path / DEFAULT_TARGET.name
    shutil.copy(DEFAULT_TARGET, book)
    (tmp_path / "bai_nop").mkdir()
    (tmp_path / "tmp").mkdir()
    wb = openpyxl.load_workbook(book, keep_vba=True)
    for key, value in wb["xlwings.conf"].iter_rows(min_col=1, max_col=2):
        if key.value == "Interpreter_Win":
            value.value = sys.executable
        elif key.value == "TEMP DIR":
            value.value = str(tmp_path / "tmp")
    wb.save(book)
    run = CliRunner().invoke(main, ["doctor", "--workbook", str(book)])
    assert "[CẢNH BÁO]" in run.output and "[LỖI]" not in run.output, run.output
    assert run.exit_code == 0
    help_text = " ".join(CliRunner().invoke(main, ["doctor", "--help"], terminal_width=200).output.split())
    assert "Mã thoát: 0 khi không có mục [LỖI] (kể cả khi có mục [CẢNH BÁO])" in help_text
