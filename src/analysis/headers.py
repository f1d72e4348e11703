"""The return form's header row: which internal column a header cell names, and which row is the header.

Used by the readers (a CSV's delimiter is the one under which the form's header appears) and by
``ingest`` (which columns a sheet holds), so it sits below both: it imports only the form's columns
and the name matching of ``reference``.
"""

from __future__ import annotations

from analysis import limits
from analysis.config import RETURN_COLUMNS
from analysis.reference import name_key

_HEADER_KEYS: dict[str, str] = {}
for _c in RETURN_COLUMNS:
    _HEADER_KEYS[name_key(_c.header)] = _c.name
    _HEADER_KEYS[name_key(_c.name)] = _c.name
#: Internal names of the columns every return must have.
REQUIRED = tuple(c.name for c in RETURN_COLUMNS if c.required)
#: The form's header text of each internal column name ("staff_field" -> "Số cán bộ trực tiếp ...").
HEADER_OF = {c.name: c.header for c in RETURN_COLUMNS}
#: A row naming at least this many required columns is taken as a header with columns missing.
NEAR_HEADER_MATCHES = len(REQUIRED) - 2


def header_name(cell: object) -> str | None:
    """Internal column name of a header cell, ignoring case, spacing and diacritics; None if unknown."""
    if cell is None or not isinstance(cell, str | int | float):
        return None
    return _HEADER_KEYS.get(name_key(cell))


def header_names(cells: list[object]) -> set[str]:
    """The internal column names a row's cells name (unknown cells left out)."""
    return {header_name(cell) for cell in cells} - {None}


def find_header_row(rows: list[tuple[int, list[object]]]) -> int | None:
    """Index in `rows` of the first row (within the first HEADER_SEARCH_ROWS) holding the required headers."""
    for index, (_number, cells) in enumerate(rows[:limits.HEADER_SEARCH_ROWS]):
        if header_names(cells).issuperset(REQUIRED):
            return index
    return None
