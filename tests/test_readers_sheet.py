"""analysis.readers.sheet: what every reader returns: non-blank rows numbered as the clerk sees them, cut
to the columns and rows a return can have; a formula never calculated shown as its formula."""

from __future__ import annotations

import pytest

from analysis import limits
from analysis.readers.sheet import ROWS_KEPT, Sheet, UnsavedFormula, is_blank, kept_rows


@pytest.mark.parametrize("cell, blank", [(None, True), ("", True), ("  \t", True), (0, False), ("-", False),
                                         (0.0, False), (UnsavedFormula("=A1"), False)])
def test_is_blank_only_for_nothing_and_spaces(cell, blank):
    assert is_blank(cell) is blank


def test_kept_rows_skip_blank_rows_and_keep_their_numbers():
    rows = kept_rows([(1, ["Năm", None]), (2, [None, " "]), (3, [2022, "Hà Nội"])])
    assert rows == [(1, ["Năm", None]), (3, [2022, "Hà Nội"])]


def test_kept_rows_are_bounded_in_columns_and_rows():
    wide = kept_rows([(1, list(range(limits.READ_COLUMNS + 50)))])
    assert len(wide[0][1]) == limits.READ_COLUMNS
    endless = kept_rows((n, [n]) for n in range(1, 10**9))  # a generator: never read past the limit
    assert len(endless) == ROWS_KEPT and endless[-1][0] == ROWS_KEPT
    assert ROWS_KEPT > limits.HEADER_SEARCH_ROWS + limits.MAX_DATA_ROWS  # one more row: the limit is seen passed


def test_an_unsaved_formula_shows_as_the_clerk_typed_it():
    assert str(UnsavedFormula("=SUM(E6:E9)")) == "=SUM(E6:E9)"
    assert str(UnsavedFormula("of:=SUM([.E6:.E9])")) == "=of:=SUM([.E6:.E9])"


def test_a_sheet_is_visible_and_a_spreadsheets_by_default():
    sheet = Sheet("Báo cáo", [(1, ["x"])])
    assert (sheet.kind, sheet.hidden, sheet.issues) == ("sheet", False, ())
