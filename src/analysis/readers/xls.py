"""Excel 97-2003 workbooks (.xls) through xlrd; numbers that are whole come back as int.

An .xls formula cell always stores its last result (BIFF's FORMULA record), which is what is read;
hidden sheets are returned with ``hidden`` set.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import xlrd

from analysis import limits
from analysis.quality import BadInput, Issue
from analysis.readers.sheet import Sheet, kept_rows


def _value(cell, datemode: int) -> object:
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        number = float(cell.value)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError):
            return cell.value
    return cell.value


def read_xls(path: Path, shown: str) -> Iterator[Sheet]:
    """Every worksheet of an .xls file; rows numbered as Excel shows them (1-based)."""
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct errors...
        raise BadInput(Issue.make("error", "file.unreadable", shown, kind=".xls workbook",
                                  reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)) from exc
    try:
        for index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(index)
                width = min(sheet.ncols, limits.READ_COLUMNS)
                numbered = ((r + 1, [_value(c, book.datemode) for c in sheet.row_slice(r, 0, width)])
                            for r in range(sheet.nrows))
                rows = kept_rows(numbered)
            except Exception as exc:
                raise BadInput(Issue.make("error", "file.unreadable", shown, kind=".xls workbook",
                                          reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
                               ) from exc
            yield Sheet(sheet.name, rows, hidden=bool(sheet.visibility))  # 1 hidden, 2 very hidden
            book.unload_sheet(index)
    finally:
        book.release_resources()
