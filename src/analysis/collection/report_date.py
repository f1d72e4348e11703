"""The report date a clerk types in the form's report-date field (analysis.form: "Ngày báo cáo:" above
the header), read back for the status when the receipts log has no row for the file."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import openpyxl

from analysis import limits
from analysis.form import REPORT_DATE_LABEL
from analysis.ingest import find_header_row, shown_path
from analysis.readers import Sheet, read_sheets
from analysis.readers.archive import check_archive
from analysis.reference import name_key


def report_date(path: Path) -> date | None:
    """The report date typed in a return's report-date field (the cell after "Ngày báo cáo" above the
    header, or the text after its colon), as a date; None when there is none or it is not a date.
    Accepts a date cell and the text forms 15/01/2026, 15-01-2026, 15.01.2026 and 2026-01-15."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return None
    label = name_key(REPORT_DATE_LABEL)
    try:
        sheets = _top_rows(path) if path.suffix.lower() in (".xlsx", ".xlsm") else list(read_sheets(path, shown_path(path)))
    except Exception:  # noqa: BLE001 - an unreadable file has no report date (the build names why)
        return None
    for sheet in sheets:
        header = find_header_row(sheet.rows)
        for _number, cells in sheet.rows[:header if header is not None else 0]:
            for position, cell in enumerate(cells):
                if isinstance(cell, str) and name_key(cell).startswith(label):
                    after = [c for c in [cell.split(":", 1)[1] if ":" in cell else None, *cells[position + 1:]]
                             if c not in (None, "") and not (isinstance(c, str) and not c.strip())]
                    return _as_date(after[0]) if after else None
    return None


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", text)
    if match:
        year, month, day = map(int, match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if not match:
            return None
        day, month, year = map(int, match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _top_rows(path: Path) -> list:
    """The first rows of each sheet of an .xlsx (the title rows and the header), read in streaming mode:
    the file was read in full by the build already, this only looks above its header."""
    check_archive(path, str(path), "workbook")  # the same size, entity and element limits as the build
    book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        return [Sheet(sheet.title, [(n, list(cells)) for n, cells in enumerate(
            sheet.iter_rows(max_row=limits.HEADER_SEARCH_ROWS, max_col=limits.READ_COLUMNS, values_only=True),
            start=1) if any(c is not None for c in cells)]) for sheet in book.worksheets]
    finally:
        book.close()
