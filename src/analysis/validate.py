"""The pandera schema of data/processed/<year>/units.parquet and its failures as readable issues.

Ranges and cross-column rules sit here, beside the table they guard. ``unit_errors`` runs the
schema lazily (every failure, not just the first) and turns each failure into one Issue that
names file, row, column and value, with a sentence saying what is wrong.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from analysis import reference
from analysis.clean import AT_MOST_RULES
from analysis.config import UNIT_TYPES
from analysis.quality import Issue


def _at_most(part: str, whole: str):
    def check(units: pd.DataFrame) -> pd.Series:
        return units[part].isna() | units[whole].isna() | (units[part] <= units[whole])
    return check


#: Column checks given a name of their own, which _message knows.
NAMED_CHECKS = ("year_matches", "known_province")


def unit_schema(year: int) -> pa.DataFrameSchema:
    """Schema of one year's unit table: types, ranges, cross-column rules, the year's provinces."""
    geo = reference.geo_for_year(year)
    codes = list(reference.provinces(geo)["province_code"])
    count = {"nullable": True, "checks": pa.Check.ge(0)}
    columns = {
        "year": pa.Column("Int64", pa.Check.eq(year, name="year_matches")),
        "geo": pa.Column("string", pa.Check.eq(geo)),
        "province_code": pa.Column("string", pa.Check.isin(codes, name="known_province"), nullable=True),
        "province_name": pa.Column("string", nullable=True),
        "region": pa.Column("string", nullable=True),
        "unit_name": pa.Column("string"),
        "unit_type": pa.Column("string", pa.Check.isin(list(UNIT_TYPES))),
        "staff_total": pa.Column("Int64", pa.Check.ge(0)),
        "staff_field": pa.Column("Int64", pa.Check.ge(0)),
        "districts_total": pa.Column("Int64", **count),
        "districts_with_network": pa.Column("Int64", **count),
        "district_collaborators": pa.Column("Int64", **count),
        "communes_total": pa.Column("Int64", **count),
        "communes_with_network": pa.Column("Int64", **count),
        "commune_collaborators": pa.Column("Int64", **count),
        "collaborator_pay_mvnd": pa.Column("Float64", **count),
        "districts_total_source": pa.Column("string", nullable=True),
        "communes_total_source": pa.Column("string", nullable=True),
        "notes": pa.Column("string", nullable=True),
        "source_file": pa.Column("string"),
        "source_row": pa.Column("Int64"),
        "source_sheet": pa.Column("string", nullable=True),
    }
    checks = [pa.Check(_at_most(part, whole), name=name) for name, part, whole in AT_MOST_RULES]
    checks.append(pa.Check(
        lambda u: (u["unit_type"] != "tỉnh") | u["province_code"].notna(), name="province_unit_has_province"))
    return pa.DataFrameSchema(columns, checks=checks, strict=True, ordered=True)


def _problem(check: str, column: str, row: pd.Series, year: int) -> tuple[str, str, str, dict]:
    """(column, value, message code, params) for one failed check on one row."""
    for name, part, whole in AT_MOST_RULES:
        if check == name:
            return part, str(row[part]), "rule.at_most", {"part": part, "whole": whole, "whole_value": str(row[whole])}
    value = str(row[column]) if column in row.index else ""
    if check == "year_matches":
        return column, value, "year.mismatch", {"year": year}
    if check == "known_province":
        return column, value, "province.unknown_code", {"year": year}
    if check == "greater_than_or_equal_to(0)":
        return column, value, "number.negative", {}
    if check == "province_unit_has_province":
        return "province", "", "province.blank", {}
    return column, value, "schema.failure", {"check": check}


def unit_errors(units: pd.DataFrame, year: int) -> list[Issue]:
    """Every schema failure of the unit table as an Issue (empty list when the table is valid)."""
    schema = unit_schema(year)
    try:
        schema.validate(units, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return []
    # pandera reports a built-in check by its error text ("equal_to(2022)"), not by the name given to it
    named = {(column, str(check.error)): check.name for column, spec in schema.columns.items()
             for check in spec.checks if check.name in NAMED_CHECKS}
    issues, seen = [], set()
    for case in cases.itertuples(index=False):
        index = case.index
        if index is None or pd.isna(index):  # a whole-table failure (dtype, missing column)
            issues.append(Issue.make("error", "schema.failure", "units.parquet", None, str(case.column or ""),
                                     str(case.failure_case), check=str(case.check)))
            continue
        row = units.loc[int(index)]
        check = named.get((str(case.column), str(case.check)), str(case.check))
        column, value, code, params = _problem(check, str(case.column), row, year)
        if (index, column, code) in seen:  # a table-wide check fails once per column of the row
            continue
        seen.add((index, column, code))
        issues.append(Issue.make("error", code, str(row["source_file"]), int(row["source_row"]), column, value,
                                 **params))
    return issues

