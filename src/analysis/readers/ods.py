"""OpenDocument spreadsheets (.ods, what LibreOffice Calc saves by default), streamed.

content.xml is parsed with defusedxml's iterparse one row at a time (each row dropped once read),
so memory stays bounded whatever the file repeats; row and column repeats
(``number-rows-repeated``, ``number-columns-repeated``) are counted, so a cell keeps the row
number and column Calc shows.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from analysis import limits
from analysis.quality import BadInput, Issue
from analysis.readers import ROWS_KEPT, Sheet, check_archive, is_blank, refused_xml_reason

_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
_TABLE = f"{{{_NS['table']}}}table"
_ROW = f"{{{_NS['table']}}}table-row"
_CELLS = (f"{{{_NS['table']}}}table-cell", f"{{{_NS['table']}}}covered-table-cell")
_NAME = f"{{{_NS['table']}}}name"
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
    from defusedxml.ElementTree import iterparse

    stack, title, rows, number, full = [], "", [], 0, False
    for event, element in iterparse(stream, events=("start", "end")):
        if event == "start":
            stack.append(element)
            if element.tag == _TABLE:
                title, rows, number, full = element.get(_NAME, ""), [], 0, False
            continue
        stack.pop()
        if element.tag == _ROW:
            repeat = int(element.get(_ROWS_REPEATED, "1"))
            if not full:
                cells = _row_cells(element)
                if not all(is_blank(c) for c in cells):
                    for offset in range(min(repeat, ROWS_KEPT - len(rows))):
                        rows.append((number + 1 + offset, list(cells)))
                    full = len(rows) >= ROWS_KEPT
            number += repeat
            element.clear()
            if stack:
                stack[-1].remove(element)  # keep memory flat: the row is done
        elif element.tag == _TABLE:
            yield Sheet(title, rows)
            element.clear()
            if stack:
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
