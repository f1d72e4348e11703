"""Every figure to its cell: where a unit's value, or a national total, was typed.

Pure functions over the cells table (data/processed/<year>/cells.parquet, built by
clean.source_cells): one row per unit and return column with source_file, sheet, cell, the text
as typed and the value kept. For the reports, ``cell_words`` / ``place_of`` word a
cell for readers in their language ("trang 'Báo cáo', ô F5", "dòng 2, cột F"; messages.yml's places);
`khuyencong trace` prints ``trace_lines`` (its own fixed English format, ``where``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import messages
from analysis.config import INT_COLUMNS

#: Columns a trace can follow: the return's counts and amounts.
TRACEABLE = tuple(c for c in INT_COLUMNS if c != "year") + ("collaborator_pay_mvnd",)


def _number(text: object) -> float | int | None:
    if text is None or pd.isna(text):
        return None
    number = float(text)
    return int(number) if number.is_integer() else number


def where(cell: pd.Series | dict, lang: str = "en") -> str:
    """A cell's place in words (messages.yml's terminal trace.*): "<file> · sheet 'Báo cáo' · cell F5",
    or for a CSV "<file> · line 2, column 6 (F)"; in Vietnamese with `lang="vi"`."""
    file, row = cell["source_file"], cell["source_row"]
    if cell.get("cell") is None or pd.isna(cell.get("cell")):
        return messages.text("trace.no_cell", lang, file=file, row=row)
    if cell.get("sheet") is None or pd.isna(cell.get("sheet")):
        letters = str(cell["cell"]).rstrip("0123456789")
        return messages.text("trace.csv_cell", lang, file=file, row=row, col=cell["col"], letters=letters)
    return messages.text("trace.sheet_cell", lang, file=file, sheet=cell["sheet"], cell=cell["cell"])


def describe(cell: pd.Series | dict, lang: str = "en") -> str:
    """One traced value: its place, the text as typed and the value kept (`typed '7' -> 7`), in `lang`."""
    typed, value = cell.get("typed"), cell.get("value")
    kept = "–" if value is None or pd.isna(value) else value
    if typed is None or pd.isna(typed):
        code = "trace.blank" if kept == "–" else "trace.blank_snapshot"
        return messages.text(code, lang, place=where(cell, lang), value=kept)
    return messages.text("trace.typed", lang, place=where(cell, lang), typed=repr(typed), value=kept)


def cells_of(cells: pd.DataFrame, column: str, province_code: str | None = None) -> pd.DataFrame:
    """The cells behind `column`: one province's provincial unit, or (None) every provincial unit.

    Rows of the cells table, in province-code order; empty when the province sent no return.
    """
    if column not in set(cells["column"]):
        raise KeyError(f"{column!r} is not a column of the return")
    chosen = cells[(cells["column"] == column) & cells["province_code"].notna()]
    if province_code is not None:
        chosen = chosen[chosen["province_code"] == province_code]
    return chosen.sort_values(["province_code", "source_file", "source_row"]).reset_index(drop=True)


def _missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def cell_words(sheet: object, cell: object, line: object = None, lang: str = "vi") -> str:
    """A cell worded for readers in `lang`: vi "trang 'Báo cáo', ô G5", en "sheet 'Báo cáo', cell G5";
    a CSV (no sheet): vi "dòng 2, cột F", en "line 2, column F" (`line` the CSV line, else the cell's
    row number). "" when the cell is not known (None, NaN or "")."""
    if _missing(cell) or not str(cell):
        return ""
    cell = str(cell)
    if _missing(sheet) or not str(sheet):
        letters, digits = cell.rstrip("0123456789"), cell[len(cell.rstrip("0123456789")):]
        return messages.place("csv_cell", lang, line=int(line) if not _missing(line) else digits, column=letters)
    return messages.place("sheet_cell", lang, sheet=sheet, cell=cell)


def place_of(cell: pd.Series | dict, lang: str = "vi") -> str:
    """A row of the cells table worded for readers: "<file name> · <cell_words>" (the file name alone
    when the cell is not known)."""
    name = Path(str(cell["source_file"])).name
    words = cell_words(cell.get("sheet"), cell.get("cell"), cell.get("source_row"), lang)
    return f"{name} · {words}" if words else name



def trace_records(cells: pd.DataFrame, column: str, province_code: str | None = None) -> dict:
    """The trace as data: {"column", "province_code", "cells": [...], "total"} (total of the values kept).

    Only provincial units count towards the national total (as in the reports); blank values are
    left out of the sum, and the total is None when every value is blank.
    """
    chosen = cells_of(cells, column, province_code)
    records = [{
        "province_code": row.province_code, "unit_name": row.unit_name, "source_file": row.source_file,
        "sheet": None if pd.isna(row.sheet) else row.sheet, "cell": None if pd.isna(row.cell) else row.cell,
        "source_row": int(row.source_row), "col": None if pd.isna(row.col) else int(row.col),
        "typed": None if pd.isna(row.typed) else row.typed, "value": _number(row.value),
        "line": describe(row._asdict()),
    } for row in chosen.itertuples(index=False)]
    values = [r["value"] for r in records if r["value"] is not None]
    total = sum(values) if values else None
    return {"column": column, "province_code": province_code, "cells": records, "total": total}


def trace_lines(cells: pd.DataFrame, column: str, province_code: str | None = None, lang: str = "en") -> list[str]:
    """The trace as printed lines in `lang`: one per cell, and for the national total a last line with the sum."""
    chosen = cells_of(cells, column, province_code)
    lines = [describe(row._asdict(), lang) for row in chosen.itertuples(index=False)]
    if province_code is None:
        traced = trace_records(cells, column, province_code)
        lines.append(messages.text("trace.sum", lang, n=len(traced["cells"]), total=traced["total"]))
    return lines

