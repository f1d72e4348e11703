"""The figures a report shows, as JSON-ready dicts: the national figures and one province's profile.

Each function builds the provincial table and the coverage table once and passes them to the
indicator functions (analysis.indicators); the profiles of a year's provinces share one YearRanks
(year_ranks: those tables, the assessment and every measure's ranks), computed once a year. Ranks
are competition ranks (analysis.ranking: ties share the best rank), the same in every table,
sentence and chart. Shares are 0..1; counts are
persons or administrative units; NaN becomes None. No file is read here: the published figures
to reconcile against are passed in (reconciliation.published_figures).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import denominators, reference
from analysis import indicators as ind
from analysis.files import json_ready
from analysis.ranking import measure_ranks
from analysis.reconciliation import PUBLISHED_COLUMNS, reconcile
from analysis.thresholds import assessment_thresholds, geo_thresholds


def units_expected(year: int) -> int:
    """Number of provinces on the year's map (63 up to 2024, 34 from 2025)."""
    return len(reference.provinces(reference.geo_for_year(year)))


def map_provinces(geo: str) -> pd.DataFrame:
    """reference.provinces(geo) with n_former, the provinces merged into each (the staffing limits of vn34)."""
    table = reference.provinces(geo)
    return table.assign(n_former=table["province_code"].map(reference.former_counts(geo)))


def _sum_or_none(series: pd.Series) -> int | None:
    return int(series.sum()) if series.notna().any() else None


def national_indicators(units: pd.DataFrame, year: int, published: pd.DataFrame | None = None,
                        thresholds: dict | None = None) -> dict:
    """The national figures (the `khuyencong indicators` output), with the reconciliation rows
    against `published` (none when it is None or empty): national_figures on the year's tables.
    """
    rules = thresholds or assessment_thresholds()
    prov = ind.provincial_units(units)
    coverage = ind.network_coverage(prov)
    assessment = map_assessment(year, prov, coverage, rules)
    return national_figures(units, year, prov, coverage, ind.network_ranking(coverage), assessment,
                            published, rules)


def national_figures(units: pd.DataFrame, year: int, provincial: pd.DataFrame, coverage: pd.DataFrame,
                     ranking: pd.DataFrame, assessment: pd.DataFrame, published: pd.DataFrame | None,
                     rules: dict) -> dict:
    """The national figures from the year's tables, each computed once by the caller (report_inputs
    keeps them): provincial (indicators.provincial_units), coverage (network_coverage), ranking
    (network_ranking), assessment (map_assessment). developed_networks are the provinces the
    report rates "developed" (its own class), widest first; widest_networks the first
    `network_ranking_top` of the ranking.
    """
    geo = reference.geo_for_year(year)
    prov = provincial
    bands = ind.size_band_counts(prov, rules)
    collaborators = int(coverage["collaborators"].sum())
    pay = coverage["collaborator_pay_mvnd"].sum()
    developed = set(assessment.index[assessment["network"] == "developed"])
    out = {
        "year": year,
        "geo": geo,
        "units_expected": units_expected(year),
        "units_reporting": len(prov),
        "missing_returns": sorted(set(reference.provinces(geo)["province_name"]) - set(prov["province_name"])),
        "staff_total": ind.staff_total_count(prov),
        "staff_field": ind.field_staff_count(prov),
        "field_share": ind.field_staff_share(prov),
        "field_per_unit": ind.field_staff_per_unit(prov),
        "field_per_unit_median": ind.field_staff_per_unit_median(prov),
        "bands": {key: {"count": int(bands.at[key, "count"]), "provinces": bands.at[key, "provinces"]}
                  for key in ind.BAND_KEYS},
        "districts_total": _sum_or_none(prov["districts_total"]),
        "districts_with_network": _sum_or_none(prov["districts_with_network"]),
        "district_coverage": ind.district_coverage_share(prov),
        "communes_total": int(prov["communes_total"].sum()),
        "communes_with_network": int(prov["communes_with_network"].sum()),
        "commune_coverage": ind.commune_coverage_share(prov),
        "collaborators": collaborators,
        "collaborator_pay_mvnd": float(pay),
        "pay_per_collaborator_mvnd": float(pay / collaborators) if collaborators else None,
        "provinces_without_network": ind.provinces_without_network(coverage),
        "widest_networks": ind.widest_networks(ranking, rules["network_ranking_top"]),
        "developed_networks": list(ranking.loc[ranking.index.isin(developed), "province_name"]),
        "central_units": ind.central_unit_staff(units),
        "denominators": denominators.unit_counts_basis(year),
        "thresholds": {k: v for k, v in geo_thresholds(geo, rules).items() if k in ("staffing", "network")},
    }
    out["reconciliation"] = reconcile(out, published if published is not None else
                                      pd.DataFrame(columns=PUBLISHED_COLUMNS))
    return json_ready(out)


@dataclass(frozen=True, eq=False)
class YearRanks:
    """What every province's profile of a year reads, none of it the province's own: the year's
    provincial and coverage tables, its assessment, the network ranking, and each measure's values
    and ranks (analysis.ranking.measure_ranks). Computed once a year (year_ranks), not once a province."""

    year: int
    geo: str
    thresholds: dict
    provincial: pd.DataFrame            # indicators.provincial_units
    coverage: pd.DataFrame              # indicators.network_coverage
    assessment: pd.DataFrame            # map_assessment
    ranking: pd.DataFrame               # indicators.network_ranking
    values: dict[str, pd.Series]        # PROFILE_MEASURES, one value a reporting province
    ranks: dict[str, pd.DataFrame]      # measure_ranks of each


#: The measures of a province profile's figures, in their order.
PROFILE_MEASURES = ("staff_total", "staff_field", "field_share", "district_coverage", "commune_coverage")


def year_ranks(units: pd.DataFrame, year: int, thresholds: dict | None = None,
               provincial: pd.DataFrame | None = None, coverage: pd.DataFrame | None = None,
               assessment: pd.DataFrame | None = None, ranking: pd.DataFrame | None = None) -> YearRanks:
    """The year's YearRanks from the unit table; the tables already computed may be passed in."""
    rules = thresholds or assessment_thresholds()
    prov = ind.provincial_units(units) if provincial is None else provincial
    coverage = ind.network_coverage(prov) if coverage is None else coverage
    values = {
        "staff_total": prov["staff_total"].astype(float),
        "staff_field": prov["staff_field"].astype(float),
        "field_share": ind.ratio(prov["staff_field"], prov["staff_total"]),
        "district_coverage": coverage["district_coverage"],
        "commune_coverage": coverage["commune_coverage"],
    }
    return YearRanks(
        year=year, geo=reference.geo_for_year(year), thresholds=rules, provincial=prov, coverage=coverage,
        assessment=map_assessment(year, prov, coverage, rules) if assessment is None else assessment,
        ranking=ind.network_ranking(coverage) if ranking is None else ranking,
        values=values, ranks={name: measure_ranks(name, series) for name, series in values.items()})


def _figure(series: pd.Series, ranks: pd.DataFrame, code: str, region_mask: pd.Series) -> dict:
    """value, rank, tied, n (provinces with a value), national and regional medians of one measure.

    `ranks`: the measure's analysis.ranking.measure_ranks (a share ranks on its displayed value, 0.1 %).
    """
    known = series.dropna()
    ranked = code in ranks.index
    return {
        "value": float(series[code]) if ranked else None,
        "rank": int(ranks.at[code, "rank"]) if ranked else None,
        "tied": bool(ranks.at[code, "tied"]) if ranked else False,
        "none": bool(ranks.at[code, "none"]) if ranked else False,
        "n": len(known),
        "national_median": float(known.median()) if len(known) else None,
        "regional_median": float(series[region_mask].dropna().median()) if region_mask.any() else None,
    }


def _int_or_none(value: object) -> int | None:
    return None if pd.isna(value) else int(value)


def province_indicators(units: pd.DataFrame, year: int, province_code: str, thresholds: dict | None = None,
                        ranks: YearRanks | None = None) -> dict:
    """One province's figures, ranks among reporting provinces and the national/regional medians.

    `returned` is False (and the figures absent) when the province sent no return. Each entry of
    `figures` has value, rank, tied, none (the province has none: tied last), n, national_median,
    regional_median. `ranks`: the year's YearRanks (year_ranks), when the profiles of many provinces
    are made from one unit table; computed here when None.
    """
    year_figures = ranks if ranks is not None else year_ranks(units, year, thresholds)
    rules = year_figures.thresholds
    geo = year_figures.geo
    info = reference.province(province_code, geo)
    prov, coverage = year_figures.provincial, year_figures.coverage
    out = {"year": year, "geo": geo, "province_code": info.code, "province_name": info.name,
           "region": info.region, "province_type": info.type, "returned": info.code in prov.index}
    if geo == "vn34":
        out["former_provinces"] = reference.former_provinces(info.code)
    else:
        out["merged_into_2025"] = reference.crosswalk().set_index("code_vn63").at[info.code, "name_vn34"]
    if not out["returned"]:
        return json_ready(out)
    row = year_figures.assessment.loc[info.code]
    region_mask = prov["region"] == info.region
    figures = {name: _figure(year_figures.values[name], year_figures.ranks[name], info.code, region_mask)
               for name in PROFILE_MEASURES}
    unit = prov.loc[info.code]
    c = coverage.loc[info.code]
    ranking = year_figures.ranking
    out.update(
        unit_name=unit["unit_name"], figures=figures,
        staff_total=int(unit["staff_total"]), staff_field=int(unit["staff_field"]),
        field_share=figures["field_share"]["value"],
        band=ind.size_band(int(unit["staff_total"]), rules),
        districts_total=_int_or_none(c["districts_total"]),
        districts_with_network=_int_or_none(c["districts_with_network"]),
        district_coverage=c["district_coverage"],
        communes_total=_int_or_none(c["communes_total"]),
        communes_with_network=int(c["communes_with_network"]),
        commune_coverage=c["commune_coverage"],
        collaborators=int(c["collaborators"]),
        collaborator_pay_mvnd=None if pd.isna(c["collaborator_pay_mvnd"]) else float(c["collaborator_pay_mvnd"]),
        pay_per_collaborator_mvnd=c["pay_per_collaborator_mvnd"],
        network_rank=int(ranking.at[info.code, "rank"]),
        network_rank_tied=bool(ranking.at[info.code, "tied"]),
        network_rank_none=bool(ranking.at[info.code, "none"]),
        network_ranked=int(ranking["n"].iloc[0]),
        staffing=row["staffing"], network=row["network"], low_pay=bool(row["low_pay"]),
        notes=None if pd.isna(unit["notes"]) else str(unit["notes"]),
        source_file=unit["source_file"], source_row=_int_or_none(unit["source_row"]),
    )
    return json_ready(out)


def year_assessment(units: pd.DataFrame, year: int, thresholds: dict | None = None) -> pd.DataFrame:
    """indicators.assessment_table for the year's map, from the unit table (see there for the columns)."""
    prov = ind.provincial_units(units)
    return map_assessment(year, prov, ind.network_coverage(prov), thresholds)


def map_assessment(year: int, provincial: pd.DataFrame, coverage: pd.DataFrame,
                   thresholds: dict | None = None) -> pd.DataFrame:
    """indicators.assessment_table for the year's map (map_provinces), from tables already computed:
    provincial (indicators.provincial_units) and coverage (network_coverage)."""
    return ind.assessment_table(map_provinces(reference.geo_for_year(year)), provincial, coverage, thresholds)
