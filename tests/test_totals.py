"""analysis.totals: a consolidated return's totals rows recognised by their word, taken out of the unit
rows, and each figure they state compared with the rows above (subtotals, then a grand total)."""

from __future__ import annotations

import pytest

from analysis import totals


@pytest.mark.parametrize("word", ["Cộng", "TỔNG", "Total", "tong cong"])
def test_totals_words(word):
    from analysis.totals import total_label

    assert total_label(["", "", word], {"unit_name": 2}) == word
    assert total_label(["", "", "Trung tâm Khuyến công Tổng hợp"], {"unit_name": 2}) is None


#: Where the cells of a data row sit (0-based), as ingest passes them: unit, staff total, field staff.
POSITIONS = {"unit_name": 0, "staff_total": 1, "staff_field": 2}


def _split(*rows: tuple[int, list[object]]):
    return totals.split_totals(list(rows), POSITIONS, "tong-hop.xlsx", "Báo cáo")


def test_a_totals_row_is_not_a_unit_and_is_noted_with_the_rows_it_covers():
    units, issues = _split((5, ["A", 10, 4]), (6, ["B", 20, "5 người"]), (7, ["Tổng cộng", 30, 9]))
    assert [n for n, _ in units] == [5, 6]
    (note,) = issues
    assert (note.severity, note.code, note.row, note.value, note.params["n"]) == ("info", "total.row", 7, "Tổng cộng", 2)


def test_a_figure_that_is_not_the_sum_names_its_cell_and_the_cells_summed():
    _, issues = _split((5, ["A", 10, 4]), (6, ["B", 20, 5]), (7, ["Tổng", 31, 9]))
    (mismatch,) = [i for i in issues if i.severity == "warning"]
    assert (mismatch.code, mismatch.column, mismatch.sheet, mismatch.cell) == ("total.mismatch", "staff_total", "Báo cáo", "B7")
    assert (mismatch.value, mismatch.params["sum"], mismatch.params["cells"]) == ("31", "30", "B5:B6")


def test_subtotals_then_a_grand_total_over_every_unit_row():
    _, issues = _split((2, ["A", 1, 1]), (3, ["Cộng", 1, 1]), (4, ["B", 2, 2]), (5, ["Cộng", 2, 2]),
                       (6, ["Tổng cộng", 3, 3]))
    assert [i.params["n"] for i in issues if i.code == "total.row"] == [1, 1, 2]
    assert not [i for i in issues if i.severity == "warning"]  # 1, 2 and the grand total 3 all add up


def test_a_blank_or_unreadable_figure_is_not_compared():
    _, issues = _split((5, ["A", "mười", 4]), (6, ["B", 20, 5]), (7, ["Total", None, "9"]))
    assert [i.code for i in issues] == ["total.row"]
    _, issues = _split((5, ["A", "mười", 4]), (6, ["Total", 0, 4]))  # "mười" left out of the sum: 0
    assert [i.code for i in issues] == ["total.row"]


def test_a_totals_row_before_any_unit_compares_nothing():
    units, issues = _split((5, ["Tổng cộng", 30, 9]))
    assert units == [] and [i.code for i in issues] == ["total.row"]
