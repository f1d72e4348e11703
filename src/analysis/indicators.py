"""Indicators of the assessment: pure functions on the processed unit table (no I/O but config).

Each function is named after what it returns. "Units" means the rows of
data/processed/<year>/units.parquet; provincial units (unit_type "tỉnh") and the national
centres ("trung ương") are kept apart: every national figure below is over provincial units,
and the centres are listed separately (``central_unit_staff``).
A blank network count in a return is read as "no collaborators" (0).
"""

from __future__ import annotations

import logging
import math
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from analysis import reference
from analysis.store import json_ready
from analysis.config import ASSESSMENT_CONFIG, PUBLISHED_DIR, UNIT_TYPE_CENTRAL, UNIT_TYPE_PROVINCE

BAND_KEYS = ("over_30", "20_30", "10_19", "under_10")


@cache
def assessment_config(path: str | None = None) -> dict:
    """The thresholds of assessment.yml (staffing, network, remuneration, size bands)."""
    return yaml.safe_load(Path(path or ASSESSMENT_CONFIG).read_text(encoding="utf-8"))


def provincial_units(units: pd.DataFrame) -> pd.DataFrame:
    """The provincial centres only (unit_type "tỉnh"), indexed by province_code."""
    out = units[units["unit_type"] == UNIT_TYPE_PROVINCE].copy()
    for column in ("communes_with_network", "commune_collaborators"):
        out[column] = out[column].fillna(0)
    # district counts: blank means none up to 2024; from 2025 there is no district level, so they stay NA
    with_districts = out["geo"] != "vn34" if "geo" in out else pd.Series(True, index=out.index)
    for column in ("districts_with_network", "district_collaborators"):
        out[column] = out[column].mask(with_districts & out[column].isna(), 0)
    return out.set_index("province_code", drop=False).sort_index()


def central_unit_staff(units: pd.DataFrame) -> list[dict]:
    """The national centres (IPC1..3): name, staff_total and staff_field of each, in name order."""
    central = units[units["unit_type"] == UNIT_TYPE_CENTRAL].sort_values("unit_name")
    return [{"name": r.unit_name, "short_name": central_short_name(r.unit_name),
             "staff_total": int(r.staff_total), "staff_field": int(r.staff_field)}
            for r in central.itertuples()]


def central_short_name(name: str) -> str:
    """"IPC1" for "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp 1", else the name."""
    last = name.strip().split()[-1]
    return f"IPC{last}" if last.isdigit() and "khuyến công" in name.lower() else name


def units_expected(year: int) -> int:
    """Number of provinces on the year's map (63 up to 2024, 34 from 2025)."""
    return len(reference.provinces(reference.geo_for_year(year)))


def staff_total_count(units: pd.DataFrame) -> int:
    """All staff of the provincial units (persons)."""
    return int(provincial_units(units)["staff_total"].sum())


def field_staff_count(units: pd.DataFrame) -> int:
    """Staff working directly in the field, over the provincial units (persons)."""
    return int(provincial_units(units)["staff_field"].sum())


def field_staff_share(units: pd.DataFrame) -> float:
    """Field staff as a share (0..1) of all staff in provincial units; NaN if there are none."""
    total = staff_total_count(units)
    return field_staff_count(units) / total if total else float("nan")


def field_staff_per_unit(units: pd.DataFrame) -> float:
    """Mean field staff per provincial unit (persons per unit); NaN with no unit."""
    prov = provincial_units(units)
    return float(prov["staff_field"].mean()) if len(prov) else float("nan")


def field_staff_per_unit_median(units: pd.DataFrame) -> float:
    """Median field staff per provincial unit (persons per unit); NaN with no unit."""
    prov = provincial_units(units)
    return float(prov["staff_field"].median()) if len(prov) else float("nan")


def size_band(staff_total: float) -> str:
    """The size band key ("over_30", "20_30", "10_19", "under_10") of a unit with this many staff."""
    for band in assessment_config()["size_bands"]:
        if staff_total >= band["low"] and (band["high"] is None or staff_total <= band["high"]):
            return band["key"]
    raise ValueError(f"{staff_total} staff falls in no size band")


def size_band_counts(units: pd.DataFrame) -> pd.DataFrame:
    """Provincial units per size band: index band key (in BAND_KEYS order), columns count, provinces.

    provinces is the list of province names in the band, by staff descending.
    """
    prov = provincial_units(units).sort_values(["staff_total", "province_name"], ascending=[False, True])
    bands = prov["staff_total"].map(size_band)
    rows = [{"band": key, "count": int((bands == key).sum()),
             "provinces": list(prov.loc[bands == key, "province_name"])} for key in BAND_KEYS]
    return pd.DataFrame(rows).set_index("band")


def gini(values: pd.Series) -> float:
    """Gini coefficient (0 equal .. 1 concentrated) of non-negative values; NaN when empty or all 0."""
    x = np.sort(np.asarray(pd.Series(values).dropna(), dtype=float))
    if len(x) == 0 or x.sum() == 0:
        return float("nan")
    n = len(x)
    return float((2 * np.arange(1, n + 1) - n - 1).dot(x) / (n * x.sum()))


def coefficient_of_variation(values: pd.Series) -> float:
    """Standard deviation (population) over mean; NaN when the mean is 0 or there are no values."""
    x = pd.Series(values, dtype=float).dropna()
    return float(x.std(ddof=0) / x.mean()) if len(x) and x.mean() else float("nan")


def max_min_ratio(values: pd.Series) -> float:
    """Largest over smallest value; NaN when the smallest is 0 or there are no values."""
    x = pd.Series(values, dtype=float).dropna()
    return float(x.max() / x.min()) if len(x) and x.min() > 0 else float("nan")


def inequality(units: pd.DataFrame, column: str = "staff_total") -> pd.DataFrame:
    """CV, Gini and max/min of a column across provinces, nationally and by region.

    Index: "all" then the regions; columns n, cv, gini, max_min.
    """
    prov = provincial_units(units)
    groups = [("all", prov)] + [(region, g) for region, g in prov.groupby("region", sort=True)]
    rows = [{"group": name, "n": len(g), "cv": coefficient_of_variation(g[column]),
             "gini": gini(g[column]), "max_min": max_min_ratio(g[column])} for name, g in groups]
    return pd.DataFrame(rows).set_index("group")


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    num, den = numerator.astype("Float64"), denominator.astype("Float64")
    return (num / den.where(den > 0)).astype(float)


def network_coverage(units: pd.DataFrame) -> pd.DataFrame:
    """Per province: network counts, coverage shares (0..1), collaborators per covered unit, pay.

    Index province_code. Coverage is NaN where the total is unknown or 0 (e.g. districts from 2025).
    pay_per_collaborator_mvnd is million VND a year per collaborator (NaN with no collaborator).
    """
    prov = provincial_units(units)
    out = prov[["province_name", "region", "districts_total", "districts_with_network",
                "district_collaborators", "communes_total", "communes_with_network",
                "commune_collaborators", "collaborator_pay_mvnd"]].copy()
    out["district_coverage"] = _ratio(out["districts_with_network"], out["districts_total"])
    out["commune_coverage"] = _ratio(out["communes_with_network"], out["communes_total"])
    out["collaborators"] = out["district_collaborators"].fillna(0) + out["commune_collaborators"]
    out["collaborators_per_district"] = _ratio(out["district_collaborators"], out["districts_with_network"])
    out["collaborators_per_commune"] = _ratio(out["commune_collaborators"], out["communes_with_network"])
    out["pay_per_collaborator_mvnd"] = _ratio(out["collaborator_pay_mvnd"], out["collaborators"])
    out["has_network"] = ((out["districts_with_network"] > 0).fillna(False)
                          | (out["communes_with_network"] > 0).fillna(False) | (out["collaborators"] > 0))
    return out


def district_coverage_share(units: pd.DataFrame) -> float:
    """Districts with a district network as a share (0..1) of all districts of the reporting provinces."""
    prov = provincial_units(units)
    total = prov["districts_total"].sum()
    return float(prov["districts_with_network"].sum() / total) if total else float("nan")


def commune_coverage_share(units: pd.DataFrame) -> float:
    """Communes with collaborators as a share (0..1) of all communes of the reporting provinces."""
    prov = provincial_units(units)
    total = prov["communes_total"].sum()
    return float(prov["communes_with_network"].sum() / total) if total else float("nan")


def provinces_without_network(units: pd.DataFrame) -> list[str]:
    """Names of reporting provinces with no district and no commune collaborators, in code order."""
    cov = network_coverage(units)
    return list(cov.loc[~cov["has_network"], "province_name"])


def network_score(coverage: pd.DataFrame) -> pd.Series:
    """Breadth of each network (0..1): the mean of its district and commune coverage (those known)."""
    return coverage[["district_coverage", "commune_coverage"]].mean(axis=1, skipna=True).fillna(0.0)


def network_ranking(units: pd.DataFrame) -> pd.DataFrame:
    """Provinces ranked by network breadth (network_score), widest first; rank 1 = widest.

    Ties share the best rank (method "min"); index province_code.
    """
    cov = network_coverage(units)
    cov["score"] = network_score(cov)
    cov["rank"] = cov["score"].rank(ascending=False, method="min").astype(int)
    return cov.sort_values(["rank", "province_name"])


def staffing_rating(staff_total: float, thresholds: dict | None = None) -> str:
    """"critical", "thin" or "adequate" for a unit with this many staff (thresholds: assessment.yml)."""
    rules = (thresholds or assessment_config())["staffing"]
    if staff_total < rules["critical_below"]:
        return "critical"
    return "thin" if staff_total < rules["thin_below"] else "adequate"


def network_rating(district_coverage: float, commune_coverage: float, has_network: bool,
                   thresholds: dict | None = None) -> str:
    """"developed", "partial" or "none" for a province's network (thresholds: assessment.yml)."""
    rules = (thresholds or assessment_config())["network"]
    if not has_network:
        return "none"
    if (not pd.isna(district_coverage) and district_coverage >= rules["developed_district_coverage"]) or (
            not pd.isna(commune_coverage) and commune_coverage >= rules["developed_commune_coverage"]):
        return "developed"
    return "partial"


def assessment_table(units: pd.DataFrame, year: int, thresholds: dict | None = None) -> pd.DataFrame:
    """Every province of the year's map with its ratings; "no_return" where it sent none.

    Index province_code; columns province_name, region, staff_total, staff_field, field_share,
    district_coverage, commune_coverage, pay_per_collaborator_mvnd, staffing, network, low_pay.
    """
    rules = thresholds or assessment_config()
    table = reference.provinces(reference.geo_for_year(year)).set_index("province_code")
    prov = provincial_units(units)
    cov = network_coverage(units)
    out = table[["province_name", "region"]].copy()
    out["staff_total"] = prov["staff_total"].astype("Float64")
    out["staff_field"] = prov["staff_field"].astype("Float64")
    out["field_share"] = _ratio(prov["staff_field"], prov["staff_total"]).reindex(out.index)
    for column in ("district_coverage", "commune_coverage", "pay_per_collaborator_mvnd", "collaborators"):
        out[column] = cov[column].reindex(out.index)
    has = cov["has_network"].reindex(out.index)
    reported = out.index.isin(prov.index)
    out["staffing"] = [staffing_rating(s, rules) if r else "no_return" for s, r in zip(out["staff_total"], reported)]
    out["network"] = [network_rating(d, c, bool(h), rules) if r else "no_return"
                      for d, c, h, r in zip(out["district_coverage"], out["commune_coverage"], has, reported)]
    pay = out["pay_per_collaborator_mvnd"]
    out["low_pay"] = reported & (out["collaborators"].fillna(0) > 0) & (
        pay.isna() | (pay < rules["remuneration"]["low_pay_below_mvnd"]))
    return out


def principal_constraints(assessment: pd.DataFrame) -> pd.DataFrame:
    """The article's three constraints counted over the reporting provinces, with the provinces named.

    Index: few_staff, no_network, little_money; columns count, provinces.
    """
    reported = assessment[assessment["staffing"] != "no_return"]
    masks = {
        "few_staff": reported["staffing"].isin(["thin", "critical"]),
        "no_network": reported["network"] == "none",
        "little_money": reported["low_pay"].astype(bool),
    }
    rows = [{"constraint": key, "count": int(mask.sum()), "provinces": list(reported.loc[mask, "province_name"])}
            for key, mask in masks.items()]
    return pd.DataFrame(rows).set_index("constraint")


def national_indicators(units: pd.DataFrame, year: int) -> dict:
    """The national figures as a JSON-ready dict (the `khuyencong indicators` output).

    Shares are 0..1; counts are persons or administrative units; NaN becomes None.
    """
    prov = provincial_units(units)
    bands = size_band_counts(units)
    ranking = network_ranking(units)
    top = assessment_config()["network_ranking_top"]
    cov = network_coverage(units)
    collaborators = int(cov["collaborators"].sum())
    pay = cov["collaborator_pay_mvnd"].sum()
    out = {
        "year": year,
        "geo": reference.geo_for_year(year),
        "units_expected": units_expected(year),
        "units_reporting": len(prov),
        "missing_returns": sorted(set(reference.provinces(reference.geo_for_year(year))["province_name"])
                                  - set(prov["province_name"])),
        "staff_total": staff_total_count(units),
        "staff_field": field_staff_count(units),
        "field_share": field_staff_share(units),
        "field_per_unit": field_staff_per_unit(units),
        "field_per_unit_median": field_staff_per_unit_median(units),
        "bands": {key: {"count": int(bands.at[key, "count"]), "provinces": bands.at[key, "provinces"]}
                  for key in BAND_KEYS},
        "districts_total": int(prov["districts_total"].sum()) if prov["districts_total"].notna().any() else None,
        "districts_with_network": (int(prov["districts_with_network"].sum())
                                   if prov["districts_with_network"].notna().any() else None),
        "district_coverage": district_coverage_share(units),
        "communes_total": int(prov["communes_total"].sum()),
        "communes_with_network": int(prov["communes_with_network"].sum()),
        "commune_coverage": commune_coverage_share(units),
        "collaborators": collaborators,
        "collaborator_pay_mvnd": float(pay),
        "pay_per_collaborator_mvnd": float(pay / collaborators) if collaborators else None,
        "provinces_without_network": provinces_without_network(units),
        "widest_networks": list(ranking.loc[ranking["has_network"], "province_name"].head(top)),
        "central_units": central_unit_staff(units),
    }
    out["reconciliation"] = reconciliation(out, published_figures(year))
    return json_ready(out)


def province_indicators(units: pd.DataFrame, year: int, province_code: str) -> dict:
    """One province's figures, ranks among reporting provinces and the national/regional medians.

    `returned` is False (and the figures None) when the province sent no return.
    """
    geo = reference.geo_for_year(year)
    info = reference.province(province_code, geo)
    assess = assessment_table(units, year)
    row = assess.loc[info.code]
    prov = provincial_units(units)
    cov = network_coverage(units)
    out = {"year": year, "geo": geo, "province_code": info.code, "province_name": info.name,
           "region": info.region, "province_type": info.type, "returned": info.code in prov.index}
    if geo == "vn34":
        out["former_provinces"] = reference.former_provinces(info.code)
    else:
        cw = reference.crosswalk().set_index("code_vn63")
        out["merged_into_2025"] = cw.at[info.code, "name_vn34"]
    if not out["returned"]:
        return json_ready(out)
    metrics = {
        "staff_total": prov["staff_total"].astype(float),
        "staff_field": prov["staff_field"].astype(float),
        "field_share": _ratio(prov["staff_field"], prov["staff_total"]),
        "district_coverage": cov["district_coverage"],
        "commune_coverage": cov["commune_coverage"],
    }
    region_mask = prov["region"] == info.region
    figures = {}
    for name, series in metrics.items():
        value = series.get(info.code)
        known = series.dropna()
        figures[name] = {
            "value": None if pd.isna(value) else float(value),
            "rank": None if pd.isna(value) else int(known.rank(ascending=False, method="min")[info.code]),
            "n": len(known),
            "national_median": float(known.median()) if len(known) else None,
            "regional_median": float(series[region_mask].dropna().median()) if region_mask.any() else None,
        }
    unit = prov.loc[info.code]
    c = cov.loc[info.code]
    out.update(
        unit_name=unit["unit_name"], figures=figures,
        staff_total=int(unit["staff_total"]), staff_field=int(unit["staff_field"]),
        field_share=figures["field_share"]["value"],
        band=size_band(int(unit["staff_total"])),
        districts_total=None if pd.isna(c["districts_total"]) else int(c["districts_total"]),
        districts_with_network=None if pd.isna(c["districts_with_network"]) else int(c["districts_with_network"]),
        district_coverage=c["district_coverage"],
        communes_total=None if pd.isna(c["communes_total"]) else int(c["communes_total"]),
        communes_with_network=int(c["communes_with_network"]),
        commune_coverage=c["commune_coverage"],
        collaborators=int(c["collaborators"]),
        collaborator_pay_mvnd=None if pd.isna(c["collaborator_pay_mvnd"]) else float(c["collaborator_pay_mvnd"]),
        pay_per_collaborator_mvnd=c["pay_per_collaborator_mvnd"],
        network_rank=int(network_ranking(units).at[info.code, "rank"]),
        staffing=row["staffing"], network=row["network"], low_pay=bool(row["low_pay"]),
        notes=None if pd.isna(unit["notes"]) else str(unit["notes"]),
    )
    return json_ready(out)


def published_figures(year: int, published_dir: Path = PUBLISHED_DIR) -> pd.DataFrame:
    """The published figures for a year (data/raw/published/figures.csv); empty when there are none."""
    path = Path(published_dir) / "figures.csv"
    if not path.exists():
        return pd.DataFrame(columns=["year", "figure", "label_vi", "label_en", "published", "comparison"])
    table = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    return table[table["year"] == str(year)].reset_index(drop=True)


def _lookup(figures: dict, path: str) -> object:
    """A value of the national figures by dotted path: "bands.over_30.count", "central.IPC1.staff_total"."""
    parts = path.split(".")
    if parts[0] == "central":
        match = [u for u in figures["central_units"] if u["short_name"] == parts[1]]
        return match[0][parts[2]] if match else None
    value: object = figures
    for part in parts:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _compare(computed: object, published: str, comparison: str, figures: dict) -> tuple[object, bool]:
    """(computed value as shown, match) for one published figure and its comparison rule."""
    if computed is None:
        return None, False
    if comparison == "exact":
        return computed, float(computed) == float(published)
    if comparison == "round":
        return round(float(computed), 2), _round_half_up(float(computed)) == _round_half_up(float(published))
    if comparison == "percent":
        return (round(float(computed) * 100, 1),
                _round_half_up(float(computed) * 100) == _round_half_up(float(published)))
    names = [n.strip() for n in published.split(";")]
    if comparison == "same_set":
        return "; ".join(computed), sorted(computed) == sorted(names)
    if comparison.startswith("in_top_"):
        return "; ".join(computed), all(n in computed for n in names)
    raise ValueError(f"unknown comparison {comparison!r} in the published figures")


def _round_half_up(value: float) -> int:
    """Rounded the way published figures are (8.5 -> 9), not Python's half-to-even."""
    return math.floor(value + 0.5)


def reconciliation(figures: dict, published: pd.DataFrame) -> list[dict]:
    """Computed vs published value of every published figure: figure, label, computed, published, match."""
    rows = []
    for row in published.itertuples(index=False):
        if row.figure == "widest_networks":
            top = int(row.comparison.removeprefix("in_top_"))
            computed = figures["widest_networks"][:top]
        else:
            computed = _lookup(figures, row.figure)
        shown, match = _compare(computed, row.published, row.comparison, figures)
        rows.append({"figure": row.figure, "label_vi": row.label_vi, "label_en": row.label_en,
                     "computed": shown, "published": row.published, "comparison": row.comparison,
                     "match": bool(match)})
    return rows


def published_citation(published_dir: Path = PUBLISHED_DIR) -> str:
    """The citation of the published figures (the "# source:" line of figures.csv); "" if none."""
    path = Path(published_dir) / "figures.csv"
    if not path.exists():
        return ""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return first.removeprefix("# source:").strip()


def reconciliation_mismatches(rows: list[dict]) -> list[str]:
    """One line per published figure the data does not reproduce (empty when all match); also logged."""
    lines = [f"{r['figure']}: computed {r['computed']} but published {r['published']} ({r['comparison']})"
             for r in rows if not r["match"]]
    for line in lines:
        logging.getLogger("analysis.reconciliation").warning("mismatch with the published figures: %s", line)
    return lines


def quality_with_province(quality: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The quality rows with the province (or national centre) of their row, else of their file ("" if unknown)."""
    who = units.assign(who=units["province_name"].fillna(units["unit_name"]))
    by_row = {(f, int(r)): w for f, r, w in zip(who["source_file"], who["source_row"], who["who"])}
    by_file = who.drop_duplicates("source_file").set_index("source_file")["who"]
    out = quality.copy()
    names = [by_row.get((f, int(r))) if not pd.isna(r) else None for f, r in zip(out["file"], out["row"])]
    out.insert(0, "province", [n if n is not None else by_file.get(f, "") for n, f in zip(names, out["file"])])
    return out


TREND_COLUMNS = ["staff_total", "staff_field", "districts_total", "districts_with_network",
                 "communes_total", "communes_with_network"]


def _with_shares(sums: pd.DataFrame) -> pd.DataFrame:
    out = sums.copy()
    out["field_share"] = _ratio(out["staff_field"], out["staff_total"])
    out["district_coverage"] = _ratio(out["districts_with_network"], out["districts_total"])
    out["commune_coverage"] = _ratio(out["communes_with_network"], out["communes_total"])
    return out


def national_trend(panel: pd.DataFrame, until: int | None = None) -> pd.DataFrame:
    """Per year: provincial units reporting, staff, field staff, network counts and shares (0..1).

    Sums over the provinces on the 34-province geography (reference.to_vn34; national totals do not
    depend on the map, but 2025 has no district level: its district figures are NA). Years after
    `until` (the report's year) are left out. Index year.
    """
    prov = panel[(panel["unit_type"] == UNIT_TYPE_PROVINCE) & (panel["year"] <= (until or panel["year"].max()))]
    units = prov.groupby("year").size().rename("units_reporting")
    converted = reference.to_vn34(prov, TREND_COLUMNS)
    sums = converted.groupby("year")[TREND_COLUMNS].sum(min_count=1)
    geo = prov.groupby("year")["geo"].first()
    return _with_shares(sums).join(units).assign(geo=geo)


def province_trend(panel: pd.DataFrame, year: int, province_code: str) -> pd.DataFrame:
    """One province's figures per year, on the map of `year`.

    For a 2025+ province: every year summed over its former provinces (n_former says how many).
    For an earlier year: the province's own rows on the 63-province map (years up to 2024).
    Years after `year` are left out. Index year; shares recomputed from the sums.
    """
    prov = panel[(panel["unit_type"] == UNIT_TYPE_PROVINCE) & (panel["year"] <= year)]
    if reference.geo_for_year(year) == "vn34":
        rows = reference.to_vn34(prov, TREND_COLUMNS)
        rows = rows[rows["province_code"] == province_code].set_index("year")
    else:
        rows = prov[(prov["geo"] == "vn63") & (prov["province_code"] == province_code)]
        rows = rows.set_index("year")[TREND_COLUMNS].astype("Float64").assign(n_former=1)
    return _with_shares(rows[TREND_COLUMNS + ["n_former"]])
