"""Every figure to its cell: where a unit's value, or a national total, was typed.

Pure functions over the cells table (data/processed/<year>/cells.parquet, built by
clean.source_cells): one row per unit and return column with source_file, sheet, cell, the text
as typed and the value kept. For the reports, ``place_of`` words a cell for readers in their
language ("77-ba-ria-vung-tau.xlsx · trang 'Báo cáo', ô F5", "24-bac-giang.csv · dòng 2, cột F": the
file's name and analysis.messages.cell_place); `khuyencong trace` prints ``trace_lines`` (its own
format, one ``trace_line`` per cell: messages.yml's terminal trace.*).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import messages
from analysis.config import INT_COLUMNS
from analysis.labels import t

#: Columns a trace can follow: the return's counts and amounts.
TRACEABLE = tuple(c for c in INT_COLUMNS if c != "year") + ("collaborator_pay_mvnd",)


def _number(text: object) -> float | int | None:
    if text is None or pd.isna(text):
        return None
    number = float(text)
    return int(number) if number.is_integer() else number


def trace_line(cell: pd.Series | dict, lang: str = "en") -> str:
    """One traced value as `khuyencong trace` prints it (messages.yml's terminal trace.*), in `lang`: its
    place, the text as typed and the value kept: "<file> · sheet 'Báo cáo' · cell F5 · typed '7' -> 7",
    for a CSV "<file> · line 2, column 6 (F) · ..."."""
    file, row = cell["source_file"], cell["source_row"]
    if cell.get("cell") is None or pd.isna(cell.get("cell")):
        place = messages.text("trace.no_cell", lang, file=file, row=row)
    elif cell.get("sheet") is None or pd.isna(cell.get("sheet")):
        letters = str(cell["cell"]).rstrip("0123456789")
        place = messages.text("trace.csv_cell", lang, file=file, row=row, col=cell["col"], letters=letters)
    else:
        place = messages.text("trace.sheet_cell", lang, file=file, sheet=cell["sheet"], cell=cell["cell"])
    typed, value = cell.get("typed"), cell.get("value")
    kept = "–" if value is None or pd.isna(value) else value
    if typed is None or pd.isna(typed):
        code = "trace.blank" if kept == "–" else "trace.blank_snapshot"
        return messages.text(code, lang, place=place, value=kept)
    return messages.text("trace.typed", lang, place=place, typed=repr(typed), value=kept)


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


def place_of(cell: pd.Series | dict, lang: str = "vi") -> str:
    """A row of the cells table worded for readers in `lang`: "<file name> · <messages.cell_place>" with
    the CSV line ("24-bac-giang.csv · dòng 2, cột F"), the file name alone when the cell is not known; a
    blank cell whose value came from the administrative snapshot says so."""
    name = Path(str(cell["source_file"])).name
    found = cell.get("cell")
    if found is None or pd.isna(found) or not str(found):
        place = name
    else:
        place = f"{name} · {messages.cell_place(cell.get('sheet'), found, lang, cell.get('source_row'))}"
    typed, value = cell.get("typed"), cell.get("value")
    snapshot = (typed is None or pd.isna(typed)) and value is not None and not pd.isna(value)
    return t("cell_snapshot", lang, place=place) if snapshot else place


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
        "line": trace_line(row._asdict()),
    } for row in chosen.itertuples(index=False)]
    values = [r["value"] for r in records if r["value"] is not None]
    total = sum(values) if values else None
    return {"column": column, "province_code": province_code, "cells": records, "total": total}


def trace_lines(cells: pd.DataFrame, column: str, province_code: str | None = None, lang: str = "en") -> list[str]:
    """The trace as printed lines in `lang`: one per cell, and for the national total a last line with the sum."""
    chosen = cells_of(cells, column, province_code)
    lines = [trace_line(row._asdict(), lang) for row in chosen.itertuples(index=False)]
    if province_code is None:
        traced = trace_records(cells, column, province_code)
        lines.append(messages.text("trace.sum", lang, n=len(traced["cells"]), total=traced["total"]))
    return lines

