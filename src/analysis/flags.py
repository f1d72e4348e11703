"""Which published values carry a flag: a year-on-year check (quality.csv, severity "check") that the
province has not confirmed marks the figures computed from the checked column.

``unconfirmed_values(quality)`` returns (province name, measure) pairs; the tables mark those cells
with one symbol explained under the table (present.blocks.Flag). A value stays unconfirmed in the
reports of later years: ``trend_cells`` marks the rows of a trend table built from one.
"""

from __future__ import annotations

import pandas as pd

from analysis.quality import params_of

#: The measures a checked return column feeds (the column itself and the shares computed from it).
MEASURES_OF_COLUMN = {
    "staff_total": ("staff_total", "field_share"),
    "staff_field": ("staff_field", "field_share"),
    "districts_with_network": ("districts_with_network", "district_coverage"),
    "communes_with_network": ("communes_with_network", "commune_coverage", "collaborators_per_commune"),
    "district_collaborators": ("district_collaborators", "pay_per_collaborator_mvnd"),
    "commune_collaborators": ("commune_collaborators", "pay_per_collaborator_mvnd", "collaborators_per_commune"),
    "collaborator_pay_mvnd": ("collaborator_pay_mvnd", "pay_per_collaborator_mvnd"),
}


def unconfirmed_checks(quality: pd.DataFrame) -> pd.DataFrame:
    """The year-on-year check rows whose return gives no confirmation ("xác nhận: ..." in its notes)."""
    checks = quality[quality["severity"] == "check"]
    confirmed = [bool(str(params_of(p).get("confirmation") or "").strip()) for p in checks["params"]]
    return checks[[not c for c in confirmed]]


def unconfirmed_values(quality: pd.DataFrame) -> frozenset[tuple[str, str]]:
    """(province name, measure) of every figure computed from a value with an unconfirmed check.

    quality: the year's rows (quality.csv), with their province (analysis.quality.quality_with_province)
    or not (the province is then the one the check names in its params).
    """
    out = set()
    for row in unconfirmed_checks(quality).itertuples(index=False):
        province = getattr(row, "province", "") or params_of(row.params).get("province") or ""
        for measure in MEASURES_OF_COLUMN.get(row.column, (row.column,)):
            out.add((province, measure))
    return frozenset(out)


#: The measures a trend table shows (trends.national_trend, province_trend), in its columns.
TREND_MEASURES = ("staff_total", "staff_field", "field_share", "districts_with_network", "district_coverage",
                  "communes_with_network", "commune_coverage")


def trend_cells(unconfirmed_by_year: dict[int, frozenset], names_by_year: dict[int, set[str]] | None = None
                ) -> frozenset[tuple[int, str]]:
    """(year, measure) of every trend cell built from a value with an unconfirmed check that year.

    unconfirmed_by_year: each year's unconfirmed_values. names_by_year: the provinces whose figures
    a row of the trend sums (a province's own name, or the former provinces of a 2025 province);
    None for the national trend, whose rows sum every province.
    """
    out = set()
    for year, pairs in unconfirmed_by_year.items():
        names = None if names_by_year is None else names_by_year.get(year, set())
        out.update((year, measure) for name, measure in pairs
                   if measure in TREND_MEASURES and (names is None or name in names))
    return frozenset(out)
