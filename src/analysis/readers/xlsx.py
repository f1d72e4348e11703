"""Excel 2007+ workbooks (.xlsx, .xlsm) through openpyxl in read-only mode, columns bounded.

Values are those last saved (formulas are not evaluated). A formula cell with no saved result
(a workbook written by a program that does not calculate, or saved with calculation off) is read
as an ``UnsavedFormula``: the workbook is read a second time for its formulas, where the first
reading found a cell empty. Hidden sheets are returned with ``hidden`` set.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import zip_longest
from pathlib import Path

import openpyxl  # with defusedxml installed, openpyxl parses the XML safely

from analysis import limits
from analysis.quality import BadInput, Issue
from analysis.readers.archive import check_archive, refused_xml_reason
from analysis.readers.sheet import Sheet, UnsavedFormula, kept_rows


def _refusal(exc: Exception, shown: str) -> BadInput:
    reason = refused_xml_reason(exc) or (str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    return BadInput(Issue.make("error", "file.unreadable", shown, kind=".xlsx workbook", reason=reason))


def _rows(sheet) -> Iterator[tuple]:
    # read-only mode trusts the stored <dimension>, which some programs write as "A1" or leave
    # stale; reset it, and bound the columns ourselves
    sheet.reset_dimensions()
    return sheet.iter_rows(min_row=1, max_col=limits.READ_COLUMNS, values_only=True)


def _with_formulas(values: Iterator[tuple], formulas: Iterator[tuple]) -> Iterator[list[object]]:
    """The saved values row by row, an empty cell whose formula text is there as an UnsavedFormula."""
    for saved, written in zip_longest(values, formulas, fillvalue=()):
        yield [UnsavedFormula(f) if v is None and isinstance(f, str) and f.startswith("=") else v
               for v, f in zip_longest(saved, written)]


def read_xlsx(path: Path, shown: str) -> Iterator[Sheet]:
    """Every worksheet of an .xlsx/.xlsm file; only the first READ_COLUMNS columns are read,
    whatever the sheet's stored dimension says."""
    check_archive(path, shown, ".xlsx workbook")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # any malformed workbook: an error for this file, not a crash
        raise _refusal(exc, shown) from exc
    try:
        for sheet, written in zip(book.worksheets, formulas.worksheets):
            try:
                rows = kept_rows(enumerate(_with_formulas(_rows(sheet), _rows(written)), start=1))
            except Exception as exc:
                raise _refusal(exc, shown) from exc
            yield Sheet(sheet.title, rows, hidden=sheet.sheet_state != "visible")
    finally:
        book.close()
        formulas.close()
