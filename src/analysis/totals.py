"""Totals rows of a consolidated return ("Tổng cộng", "Cộng", "Tổng", "Total"): recognised, checked
against the rows above them, and never read as a unit.

A row is a totals row when its year, province, unit or unit-type cell holds only such a word (with
any case, spacing or diacritics, optionally followed by ":" or a count word). Each figure it
states is compared with the sum of the unit rows above it, back to the previous totals row (or, for
a grand total right after subtotals, all unit rows above); a difference is a warning naming the
cells. Cells that are not numbers are left out of the sum (they have their own error).
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from analysis.config import RETURN_COLUMNS
from analysis.numbers import NumberError, parse_number
from analysis.quality import Issue
from analysis.reference import name_key

#: Words that label a totals row, as name_key compares them.
TOTAL_WORDS = frozenset(name_key(w) for w in (
    "Tổng cộng", "Cộng", "Tổng", "Tổng số", "Total", "Grand total", "Sum", "Cả nước", "Toàn quốc",
    "Tổng cộng toàn quốc", "Cộng toàn quốc", "Tổng cộng cả nước"))
#: Columns whose cell may hold the totals word.
LABEL_COLUMNS = ("year", "province", "unit_name", "unit_type")
#: Columns a totals row is checked in: the counts and amounts, not the year.
SUMMED_COLUMNS = tuple(c.name for c in RETURN_COLUMNS if c.kind in ("int", "number") and c.name != "year")


def total_label(row: list[object], positions: dict[str, int]) -> str | None:
    """The totals word of a data row ("Tổng cộng"), or None for a row that is not a totals row."""
    for name in LABEL_COLUMNS:
        pos = positions.get(name)
        cell = row[pos] if pos is not None and pos < len(row) else None
        if isinstance(cell, str) and name_key(cell) in TOTAL_WORDS:
            return cell.strip()
    return None


def _number(row: list[object], pos: int | None) -> float | None:
    if pos is None or pos >= len(row):
        return None
    try:
        return parse_number(row[pos])
    except (NumberError, TypeError):
        return None


def _shown(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


def split_totals(data: list[tuple[int, list[object]]], positions: dict[str, int], shown: str,
                 sheet: str) -> tuple[list[tuple[int, list[object]]], list[Issue]]:
    """The unit rows of a sheet's data rows (totals rows taken out), and a note for each totals row
    with a warning for each of its figures that is not the sum of the rows above."""
    units: list[tuple[int, list[object]]] = []
    issues: list[Issue] = []
    segment_start = 0
    for number, row in data:
        label = total_label(row, positions)
        if label is None:
            units.append((number, row))
            continue
        above = units[segment_start:] or units
        segment_start = len(units)
        issues.append(Issue.make("info", "total.row", shown, number, "", label, sheet=sheet, n=len(above)))
        for name in SUMMED_COLUMNS:
            pos = positions.get(name)
            stated = _number(row, pos)
            if stated is None or not above:
                continue
            parts = [_number(cells, pos) for _n, cells in above]
            total = sum(p for p in parts if p is not None)
            if abs(total - stated) > 1e-6 * max(1.0, abs(stated)):
                letter = get_column_letter(pos + 1)
                issues.append(Issue.make(
                    "warning", "total.mismatch", shown, number, name, _shown(stated), sheet=sheet,
                    cell=f"{letter}{number}", sum=_shown(total),
                    cells=f"{letter}{above[0][0]}:{letter}{above[-1][0]}"))
    return units, issues
