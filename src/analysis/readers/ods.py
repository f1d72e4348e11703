"""OpenDocument spreadsheets (.ods, what LibreOffice Calc saves by default), streamed.

content.xml is parsed with defusedxml's iterparse one row at a time (each row, and every element
outside a row, dropped once read), so memory stays bounded whatever the file repeats (its element
count and depth are bounded before, by ``archive.check_archive``); row and column repeats
(``number-rows-repeated``, ``number-columns-repeated``) are counted, so a cell keeps the row
number and column Calc shows. A cell with a formula (``table:formula``) but no saved result is
read as an ``UnsavedFormula``; a table whose style says ``table:display="false"`` (a hidden sheet)
is returned with ``hidden`` set.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from defusedxml.ElementTree import iterparse

from analysis import limits
from analysis.quality import BadInput, Issue
from analysis.readers.archive import check_archive, refused_xml_reason
from analysis.readers.sheet import ROWS_KEPT, Sheet, UnsavedFormula, is_blank

_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
}
_TABLE = f"{{{_NS['table']}}}table"
_ROW = f"{{{_NS['table']}}}table-row"
_CELLS = (f"{{{_NS['table']}}}table-cell", f"{{{_NS['table']}}}covered-table-cell")
_NAME = f"{{{_NS['table']}}}name"
_TABLE_STYLE = f"{{{_NS['table']}}}style-name"
_FORMULA = f"{{{_NS['table']}}}formula"
_DISPLAY = f"{{{_NS['table']}}}display"
_STYLE_NAME = f"{{{_NS['style']}}}name"
_TABLE_PROPERTIES = f"{{{_NS['style']}}}table-properties"
_ROWS_REPEATED = f"{{{_NS['table']}}}number-rows-repeated"
_COLS_REPEATED = f"{{{_NS['table']}}}number-columns-repeated"
_VALUE_TYPE = f"{{{_NS['office']}}}value-type"
_VALUE = f"{{{_NS['office']}}}value"
_BOOLEAN = f"{{{_NS['office']}}}boolean-value"
_DATE = f"{{{_NS['office']}}}date-value"
_P = f"{{{_NS['text']}}}p"
_S = f"{{{_NS['text']}}}s"
_TAB = f"{{{_NS['text']}}}tab"
_BREAK = f"{{{_NS['text']}}}line-break"
_COUNT = f"{{{_NS['text']}}}c"


def _inline_text(element) -> str:
    """The text of a paragraph with its spans, spaces (text:s), tabs and line breaks."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == _S:
            parts.append(" " * int(child.get(_COUNT, "1")))
        elif child.tag == _TAB:
            parts.append("\t")
        elif child.tag == _BREAK:
            parts.append("\n")
        else:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _cell_value(cell) -> object:
    """A cell's value as Calc holds it: a number for float/percentage/currency, else its text."""
    kind = cell.get(_VALUE_TYPE)
    formula = cell.get(_FORMULA)
    if formula and (kind is None or (kind in ("float", "percentage", "currency") and cell.get(_VALUE) is None)):
        return UnsavedFormula(formula.removeprefix("of:"))
    if kind in ("float", "percentage", "currency"):
        number = float(cell.get(_VALUE))
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == "boolean":
        return cell.get(_BOOLEAN) == "true"
    text = "\n".join(_inline_text(p) for p in cell if p.tag == _P)
    if kind == "date" and not text:
        return cell.get(_DATE)
    return text if text else None


def _row_cells(row) -> list[object]:
    cells: list[object] = []
    for cell in row:
        if cell.tag not in _CELLS:
            continue
        repeat = int(cell.get(_COLS_REPEATED, "1"))
        value = _cell_value(cell) if cell.tag == _CELLS[0] else None
        take = min(repeat, limits.READ_COLUMNS - len(cells))
        cells.extend([value] * take)
        if len(cells) >= limits.READ_COLUMNS:
            break
    return cells


def _sheets(stream, shown: str) -> Iterator[Sheet]:
    stack, rows, number, full, in_rows = [], [], 0, False, 0
    hiding: set[str] = set()  # automatic styles (before the body) that hide a table
    for event, element in iterparse(stream, events=("start", "end")):
        if event == "start":
            stack.append(element)
            if element.tag == _TABLE:
                rows, number, full = [], 0, False
            elif element.tag == _ROW:
                in_rows += 1
            continue
        stack.pop()
        if element.tag == _ROW:
            in_rows -= 1
            repeat = int(element.get(_ROWS_REPEATED, "1"))
            if not full:
                cells = _row_cells(element)
                if not all(is_blank(c) for c in cells):
                    for offset in range(min(repeat, ROWS_KEPT - len(rows))):
                        rows.append((number + 1 + offset, list(cells)))
                    full = len(rows) >= ROWS_KEPT
            number += repeat
        elif element.tag == _TABLE:
            hidden = element.get(_TABLE_STYLE) in hiding
            yield Sheet(element.get(_NAME, ""), rows, hidden=hidden)
        elif element.tag == _TABLE_PROPERTIES and element.get(_DISPLAY) == "false" and stack:
            hiding.add(stack[-1].get(_STYLE_NAME))  # its style:style hides the tables that use it
        if in_rows == 0 and stack:  # a row, or an element outside any row: done, keep memory flat
            element.clear()
            stack[-1].remove(element)


def read_ods(path: Path, shown: str) -> Iterator[Sheet]:
    """Every table of an .ods file; cells as typed values (numbers as numbers, text as shown)."""
    check_archive(path, shown, ".ods spreadsheet")
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
            yield from _sheets(stream, shown)
    except BadInput:
        raise
    except Exception as exc:  # malformed XML, missing content.xml, refused entities
        reason = refused_xml_reason(exc) or (str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        raise BadInput(Issue.make("error", "file.unreadable", shown, kind=".ods spreadsheet", reason=reason)
                       ) from exc
