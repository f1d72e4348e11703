"""Readers for every kind of file a province sends: .xlsx/.xlsm, .xls, .ods and .csv.

Each reader turns a file into ``Sheet``s (analysis.readers.sheet): numbered rows of the first
``limits.READ_COLUMNS`` cells, whether the workbook hides the sheet, and the reader's warnings.
A file that cannot be read raises ``quality.BadInput`` with one message naming why.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from analysis.readers.csvfile import read_csv
from analysis.readers.ods import read_ods
from analysis.readers.sheet import ROWS_KEPT, Sheet, UnsavedFormula, is_blank, kept_rows
from analysis.readers.xls import read_xls
from analysis.readers.xlsx import read_xlsx

__all__ = ["ROWS_KEPT", "RETURN_SUFFIXES", "Sheet", "UnsavedFormula", "is_blank", "kept_rows", "read_sheets"]

#: The reader of each suffix read as a return.
_READERS = {".xlsx": read_xlsx, ".xlsm": read_xlsx, ".xls": read_xls, ".ods": read_ods, ".csv": read_csv}
#: Suffixes of the files read as returns.
RETURN_SUFFIXES = tuple(_READERS)


def read_sheets(path: Path, shown: str) -> Iterator[Sheet]:
    """The sheets of one return file, by its suffix; BadInput when the file cannot be read."""
    yield from _READERS[Path(path).suffix.lower()](path, shown)
