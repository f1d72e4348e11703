"""Turn the raw cells of the returns into typed, harmonised unit rows.

Numbers are parsed as people type them, provinces matched to the year's map, unit types
normalised, missing district/commune totals filled from the year's administrative counts (and said so).
Every cell that cannot be read becomes an error naming file, row, column and value; the row is
then left out of the units and kept in the quality report.
"""

from __future__ import annotations

import math
import re
import unicodedata

import pandas as pd
from openpyxl.utils import get_column_letter

from analysis import denominators, fmt, limits, reference
from analysis.config import (
    DISTRICT_COLUMNS,
    INT_COLUMNS,
    RETURN_COLUMNS,
    UNIT_COLUMNS,
    UNIT_TYPE_CENTRAL,
    UNIT_TYPE_PROVINCE,
)
from analysis.numbers import NumberError, parse_number, parse_whole_number, shown_text
from analysis.quality import Issue
from analysis.readers.sheet import UnsavedFormula

_UNIT_TYPES = {
    "tinh": UNIT_TYPE_PROVINCE, "thanhpho": UNIT_TYPE_PROVINCE, "tinhthanhpho": UNIT_TYPE_PROVINCE,
    "diaphuong": UNIT_TYPE_PROVINCE, "trunguong": UNIT_TYPE_CENTRAL, "tw": UNIT_TYPE_CENTRAL,
}


def parse_unit_type(value: object) -> str:
    """"tỉnh" or "trung ương" from any case, spacing or diacritics; ValueError otherwise."""
    unit_type = _UNIT_TYPES.get(reference.name_key(value if value is not None else ""))
    if unit_type is None:
        raise ValueError(f"{shown_text(value)!r} is not a unit type (write 'tỉnh' or 'trung ương')")
    return unit_type


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = unicodedata.normalize("NFC", str(value)).strip()
    return re.sub(r"\s+", " ", text) or None


#: Cross-column rules: (rule name, part column, whole column); the part may not exceed the whole.
AT_MOST_RULES = (
    ("staff_field_le_total", "staff_field", "staff_total"),
    ("districts_with_network_le_total", "districts_with_network", "districts_total"),
    ("communes_with_network_le_total", "communes_with_network", "communes_total"),
)


def _parsed_number(column, value: object) -> object:
    """A count or amount cell parsed and checked against its limit; NumberError otherwise."""
    number = parse_whole_number(value) if column.kind == "int" else parse_number(value)
    if number is None:
        return None
    if column.kind == "int" and abs(number) > limits.MAX_COUNT:
        raise NumberError("", "limit.count")
    if column.kind == "number" and abs(number) > limits.MAX_AMOUNT_MVND:
        raise NumberError("", "limit.amount")
    return number


def row_rule_problems(record: dict) -> list[tuple[str, str, dict]]:
    """(column, code, params) of every range and cross-column rule a parsed row breaks.

    Every column with a negative count or amount, and every AT_MOST_RULES rule whose two values
    are present and in the wrong order; blank values break no rule.
    """
    problems = []
    for column in RETURN_COLUMNS:
        value = record.get(column.name)
        if column.kind in ("int", "number") and column.name != "year" and value is not None and value < 0:
            problems.append((column.name, "number.negative", {"value": shown_text(value)}))
    for _rule, part, whole in AT_MOST_RULES:
        a, b = record.get(part), record.get(whole)
        if a is not None and b is not None and a >= 0 and b >= 0 and a > b:
            problems.append((part, "rule.at_most", {"value": shown_text(a), "part": part, "whole": whole,
                                                    "whole_value": shown_text(b)}))
    return problems


def tidy_units(raw: pd.DataFrame, year: int) -> tuple[pd.DataFrame, list[Issue]]:
    """Typed unit rows for one year from the raw cells, and every problem found.

    Every problem of every row is reported: each cell that cannot be read, each negative, each
    cross-column rule broken, also when the row's province is unknown. Rows with any error are
    left out of the returned frame (and named in the issues).
    Returned columns: config.UNIT_COLUMNS, integer counts as Int64, pay as Float64.
    """
    geo = reference.geo_for_year(year)
    counts = denominators.year_unit_counts(year).set_index("province_code")
    issues: list[Issue] = []
    records = []
    for row in raw.to_dict("records"):
        where = (row["source_file"], int(row["source_row"]))
        errors: list[Issue] = []
        at = _cell_places(row)

        def error(column: str, value: object, code: str, errors=errors, where=where, at=at, **params) -> None:
            errors.append(Issue.make("error", code, *where, column, shown_text(value), **at(column), **params))

        record: dict[str, object] = {"source_file": where[0], "source_row": where[1],
                                     "source_sheet": row.get("source_sheet") or None, "geo": geo}
        for column in RETURN_COLUMNS:
            value = row.get(column.name)
            if isinstance(value, UnsavedFormula):
                error(column.name, str(value), "cell.formula_unsaved")
                record[column.name] = None
            elif column.kind in ("int", "number"):
                try:
                    record[column.name] = _parsed_number(column, value)
                except NumberError as exc:
                    limit = limits.MAX_COUNT if exc.code == "limit.count" else limits.MAX_AMOUNT_MVND
                    error(column.name, value, exc.code, limit=limit)
                    record[column.name] = None
            elif column.kind == "unit_type":
                try:
                    record[column.name] = parse_unit_type(value)
                except ValueError:
                    error(column.name, value, "unit_type.invalid")
            else:
                record[column.name] = _text(value)
        for column, code, params in row_rule_problems(record):
            errors.append(Issue.make("error", code, *where, column, **at(column), **params))
        for column in ("year", "staff_total", "staff_field"):
            if record.get(column) is None and not any(e.column == column for e in errors):
                error(column, None, "required.blank")
        if not record.get("unit_name"):
            error("unit_name", None, "unit_name.blank")
        unit_type = record.get("unit_type")
        province_text = record.pop("province")
        record.update(province_code=None, province_name=None, region=None)
        if unit_type == UNIT_TYPE_PROVINCE:
            if any(e.column == "province" for e in errors):
                pass  # a formula without its result: said
            elif province_text is None:
                error("province", None, "province.blank")
            else:
                try:
                    found = reference.match_province(province_text, year)
                    record.update(province_code=found.code, province_name=found.name, region=found.region)
                except reference.ProvinceNotFound as exc:
                    error("province", province_text, exc.code, **exc.params)
        elif unit_type == UNIT_TYPE_CENTRAL and province_text is not None:
            issues.append(Issue.make("warning", "province.central_ignored", *where, "province", province_text,
                                     **at("province")))
        if geo == "vn34":
            for column in DISTRICT_COLUMNS:
                if record.get(column) is not None:
                    error(column, record[column], "district.abolished")
        for level, total, source in (("districts", "districts_total", "districts_total_source"),
                                     ("communes", "communes_total", "communes_total_source")):
            if record.get(total) is not None:
                record[source] = "return"
            elif unit_type == UNIT_TYPE_PROVINCE and record["province_code"] and not (
                    geo == "vn34" and level == "districts"):
                record[total] = int(counts.at[record["province_code"], level])
                record[source] = counts.at[record["province_code"], "source"]
                if counts.at[record["province_code"], "basis"] == "snapshot":
                    issues.append(Issue.make("info", "total.from_snapshot", *where, total, str(record[total]),
                                             **at(total), library=reference.LIBRARY, snapshot_geo=geo))
                else:
                    issues.append(Issue.make("info", "total.from_year_counts", *where, total, str(record[total]),
                                             **at(total), as_of=fmt.day(counts.at[record["province_code"], "as_of"])))
                # a filled-in total must hold the rules too (e.g. more communes with a network than exist)
                for column, code, params in row_rule_problems(record):
                    if params.get("whole") == total:
                        errors.append(Issue.make("error", code, *where, column, **at(column), **params))
            else:
                record[source] = None
        if errors:
            issues += errors
            continue
        records.append(record)
    units = pd.DataFrame.from_records(records, columns=list(UNIT_COLUMNS))
    return typed_units(units), issues


def _cell_places(row: dict):
    """For a raw row, a function giving a return column's sheet and cell ("F5") as Issue.make takes them;
    the cell is "" for a column the file does not have."""
    sheet, number = row.get("source_sheet") or "", int(row["source_row"])
    positions = row.get("source_columns") or {}

    def at(column: str) -> dict[str, str]:
        pos = positions.get(column)
        return {"sheet": sheet, "cell": f"{get_column_letter(pos)}{number}" if pos else ""}

    return at


def typed_units(units: pd.DataFrame) -> pd.DataFrame:
    """The units frame with its storage dtypes: Int64 counts, Float64 pay, string text."""
    dtypes = {c: "Int64" for c in INT_COLUMNS}
    dtypes.update({c: "string" for c in units.columns if c not in INT_COLUMNS})
    dtypes.update(collaborator_pay_mvnd="Float64", source_row="Int64")
    return units.astype(dtypes)


def _same(a: object, b: object) -> bool:
    """True when two cells are both missing, or both present and equal (never ambiguous with pd.NA)."""
    if pd.isna(a) or pd.isna(b):
        return bool(pd.isna(a) and pd.isna(b))
    return bool(a == b)


def drop_duplicate_returns(units: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """Units with exact duplicates counted once (a warning) and conflicting rows reported (errors).

    A unit is a province's centre (by province code) or a national centre (by name). Rows are
    exact duplicates when every figure and text is equal; otherwise they conflict, and all rows
    of that unit are left out with an error naming both places.
    """
    data_columns = [c for c in UNIT_COLUMNS if c not in ("source_file", "source_row", "source_sheet")]
    key = units["province_code"].fillna("").astype(str) + "|" + units["unit_name"].map(
        lambda n: "" if pd.isna(n) else reference.name_key(n)).where(units["province_code"].isna(), "")
    issues: list[Issue] = []
    drop: set[int] = set()
    for _, group in units.groupby(key, sort=False):
        if len(group) < 2:
            continue
        first = group.iloc[0]
        first_place = {"other_file": first["source_file"], "other_row": int(first["source_row"]),
                       "other_sheet": "" if pd.isna(first["source_sheet"]) else first["source_sheet"]}
        for index, other in group.iloc[1:].iterrows():
            sheet = "" if pd.isna(other["source_sheet"]) else other["source_sheet"]
            same = all(_same(first[c], other[c]) for c in data_columns)
            who = first["province_name"] if not pd.isna(first["province_name"]) else first["unit_name"]
            if same:
                drop.add(index)
                issues.append(Issue.make("warning", "duplicate.exact", other["source_file"], int(other["source_row"]),
                                         "", who, sheet=sheet, **first_place))
            else:
                drop.update(group.index)
                differing = [c for c in data_columns if not _same(first[c], other[c])]
                issues.append(Issue.make("error", "duplicate.conflict", other["source_file"],
                                         int(other["source_row"]), differing[0], who, sheet=sheet, **first_place,
                                         differing=", ".join(differing)))
    return units.drop(index=sorted(drop)).reset_index(drop=True), _copies_summarised(issues, units)


#: Copy sheets named in one warning before "…".
SHOWN_COPIES = 5


def _copies_summarised(issues: list[Issue], units: pd.DataFrame) -> list[Issue]:
    """The duplicate warnings with the sheets that are whole copies of another sheet of the same file
    (every unit row an exact duplicate of that sheet's) said once per file and copied sheet, naming the
    copies, instead of once per row: 300 copies of a sheet give one warning, not 300."""
    rows_of = units.assign(_s=units["source_sheet"].fillna("")).groupby(["source_file", "_s"]).size()
    found: dict[tuple[str, str, str], list[Issue]] = {}
    for issue in issues:
        other = issue.params.get("other_sheet")
        if issue.code == "duplicate.exact" and issue.sheet and other and issue.params.get("other_file") == issue.file:
            found.setdefault((issue.file, issue.sheet, other), []).append(issue)
    copies: dict[tuple[str, str], dict[str, list[Issue]]] = {}
    for (file, sheet, other), rows in found.items():
        if len(rows) == rows_of.get((file, sheet), 0):
            copies.setdefault((file, other), {})[sheet] = rows
    # one copy of a one-row sheet keeps its row's own warning: nothing to summarise
    copies = {key: sheets for key, sheets in copies.items() if sum(map(len, sheets.values())) > 1}
    said = {id(i) for sheets in copies.values() for rows in sheets.values() for i in rows}
    kept = [i for i in issues if id(i) not in said]
    for (file, other), sheets in copies.items():
        names = list(sheets)
        shown = ", ".join(f"'{s}'" for s in names[:SHOWN_COPIES]) + (", …" if len(names) > SHOWN_COPIES else "")
        kept.append(Issue.make("warning", "duplicate.sheet_copy", file, n=len(names), sheets=shown, other_sheet=other))
    return kept


def missing_returns(units: pd.DataFrame, year: int) -> list[str]:
    """Names of the year's provinces with no provincial unit in the returns, in code order."""
    table = reference.provinces(reference.geo_for_year(year))
    have = set(units.loc[units["unit_type"] == UNIT_TYPE_PROVINCE, "province_code"].dropna())
    return [n for c, n in zip(table["province_code"], table["province_name"]) if c not in have]


#: Columns of data/processed/<year>/cells.parquet: one row per unit and return column.
CELL_COLUMNS = ("province_code", "unit_name", "column", "source_file", "source_row", "sheet", "cell", "col",
                "typed", "value")


def source_cells(raw: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Where every value of the units came from: one row per (unit, return column).

    ``sheet`` is the sheet's name (None for a CSV file), ``cell`` the address a spreadsheet shows
    ("F5"; for a CSV the same address, with ``source_row`` the record and ``col`` the 1-based
    field), ``typed`` the cell's text as typed (None when blank) and ``value`` the value kept in
    units.parquet, as text (None when missing). ``column`` is the units column ("province" feeds
    ``province_name``). Units without a raw row (none in a build) are left out.
    """
    kept = {(f, "" if pd.isna(s) else s, int(r)): unit for f, s, r, unit in zip(
        units["source_file"], units["source_sheet"], units["source_row"], units.to_dict("records"))}
    records = []
    for row in raw.to_dict("records"):
        key = (row["source_file"], row.get("source_sheet") or "", int(row["source_row"]))
        if key not in kept:
            continue
        unit = kept[key]
        positions = row.get("source_columns") or {}
        for column in RETURN_COLUMNS:
            name = "province_name" if column.name == "province" else column.name
            col, value, typed = positions.get(column.name), unit[name], shown_text(row.get(column.name))
            records.append({
                "province_code": unit["province_code"], "unit_name": unit["unit_name"], "column": name,
                "source_file": key[0], "source_row": key[2], "sheet": key[1] or None,
                "cell": f"{get_column_letter(col)}{key[2]}" if col else None, "col": col, "typed": typed or None,
                "value": None if pd.isna(value) else shown_text(value.item() if hasattr(value, "item") else value),
            })
    cells = pd.DataFrame.from_records(records, columns=list(CELL_COLUMNS))
    return cells.astype({c: "string" for c in CELL_COLUMNS if c not in ("source_row", "col")}
                        | {"source_row": "Int64", "col": "Int64"})
