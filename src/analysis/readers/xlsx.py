"""Excel 2007+ workbooks (.xlsx, .xlsm) through openpyxl in read-only mode, columns bounded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from analysis import limits
from analysis.quality import BadInput, Issue
from analysis.readers import Sheet, check_archive, kept_rows, refused_xml_reason


def _refusal(exc: Exception, shown: str) -> BadInput:
    reason = refused_xml_reason(exc) or (str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    return BadInput(Issue.make("error", "file.unreadable", shown, kind=".xlsx workbook", reason=reason))


def read_xlsx(path: Path, shown: str) -> Iterator[Sheet]:
    """Every worksheet of an .xlsx/.xlsm file (values as last saved; formulas not evaluated).

    Only the first READ_COLUMNS columns are read, whatever the sheet's stored dimension says.
    """
    import openpyxl  # with defusedxml installed, openpyxl parses the XML safely

    check_archive(path, shown, ".xlsx workbook")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # any malformed workbook: an error for this file, not a crash
        raise _refusal(exc, shown) from exc
    try:
        for sheet in book.worksheets:
            # read-only mode trusts the stored <dimension>, which some programs write as "A1" or
            # leave stale; reset it, and bound the columns ourselves
            sheet.reset_dimensions()
            try:
                numbered = enumerate(sheet.iter_rows(min_row=1, max_col=limits.READ_COLUMNS, values_only=True),
                                     start=1)
                rows = kept_rows(numbered)
            except Exception as exc:
                raise _refusal(exc, shown) from exc
            yield Sheet(sheet.title, rows)
    finally:
        book.close()
