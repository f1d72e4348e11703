"""Figures per year from the panel (data/processed/panel.parquet): national and one province's trend.

Sums are taken on the 34-province geography (reference.to_vn34) or on a province's own map, and
shares are recomputed from the sums, never averaged. Blank network counts are read by the same rule
as every other figure (indicators.provincial_units: 0 = no collaborators; districts stay NA from 2025).
"""

from __future__ import annotations

import pandas as pd

from analysis import reference
from analysis.indicators import provincial_units, ratio

TREND_COLUMNS = ["staff_total", "staff_field", "districts_total", "districts_with_network",
                 "communes_total", "communes_with_network"]


def with_shares(sums: pd.DataFrame) -> pd.DataFrame:
    """The sums with field_share, district_coverage and commune_coverage (0..1; NaN where undefined) added."""
    out = sums.copy()
    out["field_share"] = ratio(out["staff_field"], out["staff_total"])
    out["district_coverage"] = ratio(out["districts_with_network"], out["districts_total"])
    out["commune_coverage"] = ratio(out["communes_with_network"], out["communes_total"])
    return out


def _provincial_rows(panel: pd.DataFrame, until: int) -> pd.DataFrame:
    """The panel's provincial rows up to `until`, blank network counts read as indicators.provincial_units does."""
    rows = panel[panel["year"] <= until]
    return provincial_units(rows).reset_index(drop=True).sort_values(["year", "province_code"])


def national_trend(panel: pd.DataFrame, until: int | None = None) -> pd.DataFrame:
    """Per year: provincial units reporting, staff, field staff, network counts and shares (0..1).

    Sums over the provinces on the 34-province geography (national totals do not depend on the
    map, but 2025 has no district level: its district figures are NA). Years after `until` (the
    report's year) are left out. Index year; columns TREND_COLUMNS, the shares, units_reporting, geo.
    """
    prov = _provincial_rows(panel, until or panel["year"].max())
    units = prov.groupby("year").size().rename("units_reporting")
    converted = reference.to_vn34(prov, TREND_COLUMNS)
    sums = converted.groupby("year")[TREND_COLUMNS].sum(min_count=1)
    geo = prov.groupby("year")["geo"].first()
    return with_shares(sums).join(units).assign(geo=geo)


def province_trend(panel: pd.DataFrame, year: int, province_code: str) -> pd.DataFrame:
    """One province's figures per year, on the map of `year`.

    For a 2025+ province: every year summed over its former provinces (n_former says how many).
    For an earlier year: the province's own rows on the 63-province map (years up to 2024).
    Years after `year` are left out. Index year; shares recomputed from the sums.
    """
    prov = _provincial_rows(panel, year)
    if reference.geo_for_year(year) == "vn34":
        rows = reference.to_vn34(prov, TREND_COLUMNS)
        rows = rows[rows["province_code"] == province_code].set_index("year")
    else:
        rows = prov[(prov["geo"] == "vn63") & (prov["province_code"] == province_code)]
        rows = rows.set_index("year")[TREND_COLUMNS].astype("Float64").assign(n_former=1)
    return with_shares(rows[TREND_COLUMNS + ["n_former"]])
