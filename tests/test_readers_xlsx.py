"""analysis.readers.xlsx: every worksheet of an .xlsx with its saved values, hidden sheets marked, a formula
whose result was never saved read as its formula, columns bounded whatever the stored dimension says."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from analysis import limits
from analysis.quality import BadInput
from analysis.readers.sheet import UnsavedFormula
from analysis.readers.xlsx import read_xlsx


def _book(path, build) -> object:
    book = Workbook()
    build(book)
    book.save(path)
    return path


def test_every_sheet_in_order_with_rows_numbered_as_excel_shows_them(tmp_path):
    def build(book):
        book.active.title = "Báo cáo"
        book.active["A1"], book.active["B3"] = "Năm", 2022
        old = book.create_sheet("2021")
        old["A1"] = "cũ"
        old.sheet_state = "hidden"
    sheets = list(read_xlsx(_book(tmp_path / "r.xlsx", build), "r.xlsx"))
    assert [(s.title, s.hidden, s.kind) for s in sheets] == [("Báo cáo", False, "sheet"), ("2021", True, "sheet")]
    assert [(n, cells[:2]) for n, cells in sheets[0].rows] == [(1, ["Năm", None]), (3, [None, 2022])]
    assert all(len(cells) == limits.READ_COLUMNS for _, cells in sheets[0].rows)  # padded to the columns read


def test_a_formula_without_a_saved_result_is_read_as_its_formula(tmp_path):
    # openpyxl writes formulas without results, as programs that do not calculate do
    def build(book):
        book.active["A1"], book.active["A2"], book.active["A3"] = 1, 2, "=SUM(A1:A2)"
    (sheet,) = read_xlsx(_book(tmp_path / "r.xlsx", build), "r.xlsx")
    assert [(n, cells[0]) for n, cells in sheet.rows] == [(1, 1), (2, 2), (3, UnsavedFormula("=SUM(A1:A2)"))]


def test_only_the_first_columns_are_read(tmp_path):
    def build(book):
        book.active.cell(row=1, column=1, value="Năm")
        book.active.cell(row=1, column=limits.READ_COLUMNS + 5, value="far")
    (sheet,) = read_xlsx(_book(tmp_path / "r.xlsx", build), "r.xlsx")
    assert len(sheet.rows[0][1]) == limits.READ_COLUMNS and "far" not in sheet.rows[0][1]


@pytest.mark.parametrize("data", [b"not a zip at all", b"PK\x03\x04 damaged"])
def test_a_file_that_is_not_a_workbook_is_one_error(tmp_path, data):
    path = tmp_path / "r.xlsx"
    path.write_bytes(data)
    with pytest.raises(BadInput) as info:
        list(read_xlsx(path, "r.xlsx"))
    assert info.value.issue.code == "file.unreadable" and "\n" not in str(info.value.issue)
