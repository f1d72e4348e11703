"""Build messages and column labels as data (messages.yml), rendered in Vietnamese or English.

Every problem the build finds carries a code (e.g. ``number.negative``) and its values
(``params``); ``render(code, params, lang)`` fills the code's template of that language. A
template may hold optional parts in ``[[...]]``, shown only when every placeholder inside has a
value. A param naming a return column (``column``, ``part``, ``whole``) also gives
``{column_label}`` etc., the column's label in the same language; a ``snapshot_geo`` param (vn63,
vn34) gives ``{snapshot}``, the administrative list of that map named in the same language.
"""

from __future__ import annotations

import re
import string
from functools import cache

import yaml

from analysis import fmt
from analysis.config import LANGS, PACKAGE_DIR

CATALOGUE = PACKAGE_DIR / "messages.yml"
_OPTIONAL = re.compile(r"\[\[(.*?)\]\]", re.S)


@cache
def catalogue() -> dict:
    """The parsed messages.yml: {"messages": {code: {vi, en}}, "places": {kind: {vi, en}},
    "columns": {name: {vi, en}}}."""
    return yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))


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


def place(kind: str, lang: str = "vi", **values: object) -> str:
    """The wording of a cell's place (`kind` "sheet_cell" or "csv_cell" of messages.yml's places) in
    `lang`, filled from `values`; KeyError for an unknown kind or a missing value."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return _fill(catalogue()["places"][kind][lang], values)


def _fill(template: str, values: dict) -> str:
    return string.Formatter().vformat(template, (), values)


#: Params shown as typed, not as quantities: years, row and line numbers, the value as typed.
PLAIN_PARAMS = ("row", "line", "value", "first", "header", "count_rows")


def _quantity(key: str, value: object, lang: str) -> object:
    """A numeric param in the edition's number format (45.8 -> "45,8" in Vietnamese, 1290 -> "1.290");
    years, row numbers and the value as typed are left as they are."""
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
        from analysis.labels import t

        values.setdefault("snapshot", t(f"snapshot_{values['snapshot_geo']}", lang))

    def optional(match: re.Match) -> str:
        names = [f[1] for f in string.Formatter().parse(match.group(1)) if f[1]]
        if all(values.get(n.split("!")[0]) not in (None, "", [], ()) for n in names):
            return _fill(match.group(1), values)
        return ""

    return _fill(_OPTIONAL.sub(optional, template), values)
