"""analysis.readers.xls: Excel 97-2003 cells as the other readers give them (whole numbers as int, dates,
booleans, error codes as Excel shows them); a file that is not an .xls is one error. A real .xls saved by
LibreOffice Calc is read in test_libreoffice (slow)."""

from __future__ import annotations

import datetime as dt

import pytest
import xlrd
from xlrd.sheet import Cell

from analysis.quality import BadInput
from analysis.readers.xls import _value, read_xls


@pytest.mark.parametrize("cell, value", [
    (Cell(xlrd.XL_CELL_NUMBER, 30.0), 30),
    (Cell(xlrd.XL_CELL_NUMBER, 2.5), 2.5),
    (Cell(xlrd.XL_CELL_NUMBER, 2.0**60), 2.0**60),          # too large to be exact as an int: kept a float
    (Cell(xlrd.XL_CELL_TEXT, "Hà Nội"), "Hà Nội"),
    (Cell(xlrd.XL_CELL_EMPTY, ""), None),
    (Cell(xlrd.XL_CELL_BLANK, ""), None),
    (Cell(xlrd.XL_CELL_BOOLEAN, 1), True),
    (Cell(xlrd.XL_CELL_ERROR, 0x07), "#DIV/0!"),
    (Cell(xlrd.XL_CELL_DATE, 46042.0), dt.datetime(2026, 1, 20)),
])
def test_cells_as_the_other_readers_give_them(cell, value):
    got = _value(cell, 0)
    assert got == value and type(got) is type(value)


def test_a_file_that_is_not_an_xls_is_one_error(tmp_path):
    path = tmp_path / "r.xls"
    path.write_bytes(b"<html>saved as web page</html>")
    with pytest.raises(BadInput) as info:
        list(read_xls(path, "r.xls"))
    issue = info.value.issue
    assert issue.code == "file.unreadable" and issue.params["kind"] == ".xls workbook" and "\n" not in issue.params["reason"]
