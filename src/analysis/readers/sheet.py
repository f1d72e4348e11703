"""What every reader returns: sheets of numbered rows, each sheet with the reader's warnings about it.

A row is ``(row number as the clerk sees it in that program, cells)``, where cells are the first
``limits.READ_COLUMNS`` columns as text, numbers, None, or an ``UnsavedFormula`` (a formula whose
result the program never saved: the clerk sees a figure, the file holds none). Blank rows are left
out (their numbers are simply skipped), and at most ``ROWS_KEPT`` non-blank rows are kept per sheet,
so a hostile file costs bounded time and memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from analysis import limits
from analysis.quality import Issue

#: Kept rows per sheet: the header search, the data-row limit, and one more to see it was passed.
ROWS_KEPT = limits.HEADER_SEARCH_ROWS + limits.MAX_DATA_ROWS + 1


@dataclass(frozen=True)
class UnsavedFormula:
    """A cell holding a formula with no saved result (written by a program that does not calculate,
    or saved with calculation off): its formula, e.g. ``=SUM(F6:F9)``."""

    formula: str

    def __str__(self) -> str:
        return self.formula if self.formula.startswith("=") else f"={self.formula}"


@dataclass(frozen=True)
class Sheet:
    """One sheet of a return file: its title ("" for CSV), its non-blank rows, numbered, whether the
    workbook hides it, and the reader's warnings about it (e.g. how a CSV file was decoded)."""

    title: str
    rows: list[tuple[int, list[object]]]
    kind: str = "sheet"  # "sheet" (a spreadsheet: cells are named F5) or "csv" (line and column)
    hidden: bool = False
    issues: tuple[Issue, ...] = field(default=())


def is_blank(cell: object) -> bool:
    """True for None and for text of only spaces."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def kept_rows(numbered: Iterable[tuple[int, list[object]]]) -> list[tuple[int, list[object]]]:
    """The non-blank rows of a sheet, cut to READ_COLUMNS cells, at most ROWS_KEPT of them."""
    rows = []
    for number, cells in numbered:
        cells = list(cells[:limits.READ_COLUMNS])
        if all(is_blank(c) for c in cells):
            continue
        rows.append((number, cells))
        if len(rows) >= ROWS_KEPT:
            break
    return rows
