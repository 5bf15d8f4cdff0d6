"""The consolidation workbook's settings and registry, read from the saved `.xlsm` (no Excel).

The path without macros (`ward-stats … --settings tong_hop_phuong.xlsm`, the `.cmd`
launchers of the offline bundle) and `ward-stats doctor` read the same named setting cells
and the same `Danh mục tổ chức` sheet the buttons read through xlwings, with openpyxl, and
hand the values to the parsing the buttons use (`toolkit.excel.book.settings_from_values`,
`registry_from_rows`), so a setting means the same thing on both paths, and each command is
stopped only by the wrong cells its button would be stopped by.
"""

from __future__ import annotations

import dataclasses
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.core.errors import SettingError
from toolkit.excel import book as xlbook
from toolkit.io.files import resolved

if TYPE_CHECKING:
    from toolkit.core.model import Registry


@dataclass(frozen=True)
class WorkbookSettings:
    """What a saved consolidation workbook holds for a run."""

    path: Path
    values: dict[str, Any]  # setting name -> the value of its cell
    registry_rows: list[list[Any]]
    config: dict[str, str]  # the `xlwings.conf` sheet: key -> value, as xlwings reads it
    # The cells the command reads (its button's `Button.uses`); None: every cell.
    uses: tuple[str, ...] | None = None
    # The cells the command line's options replace: not used, read as empty (a wrong one noted).
    replaced: tuple[str, ...] = ()
    # The values of those options the checks between cells need (`book.settings_from_values`).
    options: Mapping[str, tuple[Any, str]] = dataclasses.field(default_factory=dict)
    # Where the file holds each setting cell, by name (`book.setting_place`): its defined name's.
    places: dict[str, str] = dataclasses.field(default_factory=dict)

    @property
    def settings(self) -> xlbook.Settings:
        """The settings, parsed as the buttons parse them: a bad value of a cell the command
        uses raises SettingError, another one (or one an option replaces) is set aside
        (`book.settings_from_values`)."""
        return xlbook.settings_from_values(
            self.values, resolved(self.path).parent, self.uses, self.replaced, self.options, self.places
        )

    def checked_settings(self) -> tuple[xlbook.Settings, dict[str, str]]:
        """Each setting cell checked on its own: the settings with the bad cells read as empty,
        and what is wrong with each bad one, by name (`toolkit.excel.book.checked_settings`)."""
        return xlbook.checked_settings(self.values, resolved(self.path).parent, self.places)

    def registry(self, *, required: bool) -> Registry | None:
        """The registry sheet, parsed as the buttons parse it (empty: None unless `required`)."""
        return xlbook.registry_from_rows(self.registry_rows, required=required)


SETTINGS_SUFFIXES = (".xlsm", ".xlsx")  # what openpyxl opens of the consolidation workbook


def read_workbook_settings(
    path: Path,
    uses: tuple[str, ...] | None = None,
    replaced: tuple[str, ...] = (),
    options: Mapping[str, tuple[Any, str]] | None = None,
) -> WorkbookSettings:
    """Read the settings, the registry sheet and `xlwings.conf` of a saved `.xlsm`/`.xlsx`;
    `uses`: the setting cells the command reads (None: every one); `replaced`: those of them
    the command line's options replace; `options`: their values the checks between cells need
    (`book.settings_from_values`)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    from toolkit.io.registry import REGISTRY_SHEET

    path = Path(path)
    if not path.is_file():
        raise SettingError(f"Không tìm thấy tệp tổng hợp “{path}”.")
    if path.suffix.casefold() not in SETTINGS_SUFFIXES:
        raise SettingError(
            f"“{path.name}” không phải tệp tổng hợp có thiết lập: hãy chọn tệp tong_hop_phuong.xlsm "
            "(tệp .xlsm hoặc .xlsx có sheet “Điều khiển”)."
        )
    from toolkit.io.package import is_strict_workbook

    if is_strict_workbook(path):  # its cells would be read as empty (hunt113 D4)
        raise SettingError(
            f"“{path.name}” được lưu ở kiểu \u201cStrict Open XML\u201d nên không đọc được thiết lập. "
            "Hãy mở tệp bằng Excel, chọn Lưu thành (Save As), chọn kiểu tệp \u201cSổ làm việc Excel "
            "có macro (*.xlsm)\u201d rồi chạy lại."
        )
    try:
        with warnings.catch_warnings():  # openpyxl's English warnings (an extension it drops…)
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, InvalidFileException) as exc:
        raise SettingError(
            f"Không mở được “{path.name}”: tệp hỏng hoặc không phải tệp Excel (.xlsm, .xlsx)."
        ) from exc
    try:
        with warnings.catch_warnings():  # the same, while the read-only cells are read
            warnings.simplefilter("ignore")
            values = {s.name: _named_value(wb, s, path) for s in xlbook.settings()}
            places = {s.name: place for s in xlbook.settings() if (place := _named_place(wb, s)) is not None}
            if REGISTRY_SHEET not in wb.sheetnames:
                raise SettingError(xlbook.missing_sheet_message(path.name, REGISTRY_SHEET))
            rows = [[_value(c) for c in r] for r in wb[REGISTRY_SHEET].iter_rows()]
            config = _config(wb)
    finally:
        wb.close()
    return WorkbookSettings(
        path=path,
        values=values,
        registry_rows=rows,
        config=config,
        uses=uses,
        replaced=replaced,
        options=dict(options or {}),
        places=places,
    )


def _named_value(wb: Any, setting: xlbook.Setting, path: Path) -> Any:
    """The value of a setting's cell; None for a later setting that a workbook saved before
    does not have."""
    defined = wb.defined_names.get(setting.name)
    destinations = list(defined.destinations) if defined is not None else []
    if len(destinations) != 1 or destinations[0][0] not in wb.sheetnames:
        if defined is None and not setting.in_every_book:
            return None
        raise SettingError(xlbook.missing_setting_message(path.name, setting))
    sheet, ref = destinations[0]
    return _value(wb[sheet][ref.replace("$", "")])


def _named_place(wb: Any, setting: xlbook.Setting) -> str | None:
    """Where a setting's defined name puts its cell (`book.setting_place`); None without one."""
    defined = wb.defined_names.get(setting.name)
    destinations = list(defined.destinations) if defined is not None else []
    if len(destinations) != 1:
        return None
    sheet, ref = destinations[0]
    return xlbook.cell_place(sheet, ref)


def _value(cell: Any) -> Any:
    """A cell's value; an Excel error value (#N/A, #REF!…, data type "e") as `book.CellError`,
    as the buttons read it, never as the text of its letters."""
    value = cell.value
    if getattr(cell, "data_type", None) == "e" and isinstance(value, str):
        return xlbook.CellError(value)
    return value


def _config(wb: Any) -> dict[str, str]:
    """Column A from A1 down to the first blank cell, with column B: how xlwings reads it."""
    if xlbook.SHEET_CONFIG not in wb.sheetnames:
        return {}
    config: dict[str, str] = {}
    for row in wb[xlbook.SHEET_CONFIG].iter_rows(min_col=1, max_col=2, values_only=True):
        key = row[0] if row else None
        if key in (None, ""):
            break
        value = row[1] if len(row) > 1 else None
        config[str(key)] = "" if value is None else str(value)
    return config


def config_value(config: dict[str, str], key: str) -> str | None:
    """A key of `xlwings.conf`, matched without regard to case as xlwings does."""
    wanted = key.upper()
    return next((v for k, v in config.items() if k.upper() == wanted), None)
