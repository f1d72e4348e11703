"""Build messages and column labels as data (messages.yml), rendered in Vietnamese or English.

Every problem the build finds carries a code (e.g. ``number.negative``) and its values
(``params``); ``render(code, params, lang)`` fills the code's template of that language. A
template may hold optional parts in ``[[...]]``, shown only when every placeholder inside has a
value. A param naming a return column (``column``, ``part``, ``whole``) also gives
``{column_label}`` etc., the column's label in the same language; a ``snapshot_geo`` param (vn63,
vn34) gives ``{snapshot}``, the administrative list of that map named in the same language.
``cell_place(sheet, cell, lang, line)`` words where a value was typed (messages.yml's places), for the
build lines and the reports alike.
"""

from __future__ import annotations

import os
import re
import string
from functools import cache

from analysis import fmt
from analysis.config import LANGS, PACKAGE_DIR, RETURN_COLUMNS, read_yaml
from analysis.labels import t

CATALOGUE = PACKAGE_DIR / "messages.yml"
_OPTIONAL = re.compile(r"\[\[(.*?)\]\]", re.S)


@cache
def catalogue() -> dict:
    """The parsed messages.yml: {"messages": {code: {vi, en}}, "places": {kind: {vi, en}},
    "columns": {name: {vi, en}}}."""
    return read_yaml(CATALOGUE)


def codes() -> list[str]:
    """Every message code of the catalogue, sorted."""
    return sorted(catalogue()["messages"])


def column_label(name: str, lang: str = "vi") -> str:
    """The readers' label of an internal column name (``staff_total`` -> "Tổng số cán bộ"); the
    name itself when the catalogue has none (so a report never fails on a new column)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    entry = catalogue()["columns"].get(name)
    return entry[lang] if entry else name


#: The environment variable through which `khuyencong --lang` passes the chosen language on.
LANG_VARIABLE = "KHUYENCONG_LANG"
#: Where gettext looks for the user's language, in its order.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def locale_lang(environ: dict | None = None) -> str:
    """The terminal language the locale asks for, as gettext finds it: the first of LANGUAGE, LC_ALL,
    LC_MESSAGES, LANG that is set (LANGUAGE's first entry); "vi" for vi or vi_VN..., else "en"."""
    environ = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            first = value.split(":")[0]
            return "vi" if first.split("_")[0].split(".")[0].lower() == "vi" else "en"
    return "en"


def terminal_lang(preferred: object = None) -> str:
    """The language of what the terminal (or a notebook's error) shows: `preferred` when it is "vi" or
    "en", else the one `khuyencong --lang` chose (KHUYENCONG_LANG), else the locale's."""
    for candidate in (preferred, os.environ.get(LANG_VARIABLE)):
        if candidate in LANGS:
            return str(candidate)
    return locale_lang()


def severity_word(severity: str, lang: str = "en") -> str:
    """A severity ("error", "warning", "check", "info") as a build line says it in `lang`."""
    entry = catalogue()["severities"].get(severity)
    return entry[lang] if entry else severity


def column_header(name: str) -> str:
    """The form's header of a return column ("staff_field" -> "Số cán bộ trực tiếp làm khuyến công tại cơ
    sở"), as the clerk sees it above the cell; the name itself for any other column."""
    return _FORM_HEADERS.get(name, name)


_FORM_HEADERS = {c.name: c.header for c in RETURN_COLUMNS}


def cell_place(sheet: object, cell: object, lang: str = "en", line: object = None) -> str:
    """Where in its file a value was typed, in `lang` (messages.yml's places), the one wording of a place
    for build lines and reports alike: a workbook's cell "sheet 'Báo cáo', cell F5" (vi "trang 'Báo cáo',
    ô F5"), or the whole sheet "sheet 'Báo cáo'" when the cell is not known; a CSV file's (no sheet)
    "line 2, column F" (vi "dòng 2, cột F") given its `line`, else "column F" (a build line, which names
    the line before it); "" when neither is known. None, NaN and "" count as not known."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    sheet, cell, line = (None if _missing(v) else v for v in (sheet, cell, line))
    places = catalogue()["places"]
    if sheet is not None:
        kind = "sheet" if cell is None else "sheet_cell"
        return _fill(places[kind][lang], {"sheet": sheet, "cell": cell})
    if cell is None:
        return ""
    column = str(cell).rstrip("0123456789")
    if line is None:
        return _fill(places["csv_column"][lang], {"column": column})
    return _fill(places["csv_cell"][lang], {"line": int(line), "column": column})


def _missing(value: object) -> bool:
    """True for "" and what a table leaves blank (fmt.is_missing: None, NaN, NA, NaT): a cell or sheet
    that is not known."""
    return (isinstance(value, str) and not value) or fmt.is_missing(value)


def text(code: str, lang: str = "en", /, **values: object) -> str:
    """A terminal line of `khuyencong` (messages.yml's ``terminal``) in `lang`, filled from `values`
    ([[...]] parts as in ``render``); KeyError for an unknown code or a missing value."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return _with_optional(catalogue()["terminal"][code][lang], values)


def _fill(template: str, values: dict) -> str:
    return string.Formatter().vformat(template, (), values)


#: Params shown as typed, not as quantities: years, row and line numbers, the value as typed.
PLAIN_PARAMS = ("row", "line", "value", "first", "header", "count_rows")


#: Params holding a day (ISO, as the logs store it), shown as the edition writes a date.
DATE_PARAMS = frozenset({"when", "date"})
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _quantity(key: str, value: object, lang: str) -> object:
    """A numeric param in the edition's number format (45.8 -> "45,8" in Vietnamese, 1290 -> "1.290");
    years, row numbers and the value as typed are left as they are."""
    if key in DATE_PARAMS and isinstance(value, str) and ISO_DAY.fullmatch(value):
        return fmt.day(value)  # 2026-02-12 -> 12/02/2026
    if isinstance(value, bool) or not isinstance(value, (int, float)) or key.endswith("year") or key in PLAIN_PARAMS:
        return value
    if isinstance(value, int) or float(value).is_integer():
        return fmt.number(value, lang)
    decimals = min(len(repr(float(value)).split(".")[1]), 2)
    return fmt.number(value, lang, decimals)


def render(code: str, params: dict | None = None, lang: str = "en") -> str:
    """The message of `code` in `lang` ("vi" or "en") with `params` filled in.

    Raises KeyError for an unknown code and for a placeholder missing from params (outside an
    optional part), so a message is never shown half-filled.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    template = catalogue()["messages"][code][lang]
    values = {key: _quantity(key, value, lang) for key, value in (params or {}).items()}
    columns = catalogue()["columns"]
    for key, value in list(values.items()):
        if isinstance(value, str) and value in columns:
            values.setdefault(f"{key}_label", columns[value][lang])
    if values.get("snapshot_geo"):
        values.setdefault("snapshot", t(f"snapshot_{values['snapshot_geo']}", lang))

    return _with_optional(template, values)


def _with_optional(template: str, values: dict) -> str:
    """`template` filled from `values`, each [[...]] part kept only when all its placeholders have values."""
    def optional(match: re.Match) -> str:
        names = [f[1] for f in string.Formatter().parse(match.group(1)) if f[1]]
        if all(values.get(n.split("!")[0]) not in (None, "", [], ()) for n in names):
            return _fill(match.group(1), values)
        return ""

    return _fill(_OPTIONAL.sub(optional, template), values)
