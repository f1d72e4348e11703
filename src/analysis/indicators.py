"""Indicators of the assessment: small pure functions, each taking the frame it needs (no I/O).

Each function is named after what it returns and its arguments after its inputs (Hamilton style):
``provincial_units(units)`` makes the table of provincial centres once; the national figures take
that table (``provincial``), network figures take ``network_coverage(provincial)`` (``coverage``),
ratings take ``assessment_table(...)`` (``assessment``). "Units" means the rows of
data/processed/<year>/units.parquet; provincial units (unit_type "tỉnh") and the national centres
("trung ương") are kept apart: every national figure is over provincial units, and the centres are
listed separately (``central_unit_staff``). A blank network count in a return is read as "no
collaborators" (0). No function changes its input. Thresholds default to assessment.yml.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config import UNIT_TYPE_CENTRAL, UNIT_TYPE_PROVINCE
from analysis.ranking import share_ranks, sorted_by_rank
from analysis.thresholds import assessment_thresholds, geo_thresholds, staffing_limits

BAND_KEYS = ("over_30", "20_30", "10_19", "under_10")
#: The six socio-economic regions in the order of Nghị quyết 81/2023/QH15 (regions.csv's source),
#: north to south: the order of every table and chart by region.
REGION_ORDER = (
    "Trung du và miền núi phía Bắc", "Đồng bằng sông Hồng", "Bắc Trung Bộ và duyên hải miền Trung",
    "Tây Nguyên", "Đông Nam Bộ", "Đồng bằng sông Cửu Long",
)


#: Network counts whose blank means "no collaborators" (0): the commune ones always, the district ones
#: only while there are districts (up to 2024; from 2025, geo vn34, they stay NA).
COMMUNE_NETWORK_COLUMNS = ("communes_with_network", "commune_collaborators")
DISTRICT_NETWORK_COLUMNS = ("districts_with_network", "district_collaborators")


def blank_as_zero_columns(geo: str) -> tuple[str, ...]:
    """The network counts of a provincial unit on map `geo` whose blank provincial_units reads as 0."""
    return COMMUNE_NETWORK_COLUMNS if geo == "vn34" else DISTRICT_NETWORK_COLUMNS + COMMUNE_NETWORK_COLUMNS


def provincial_units(units: pd.DataFrame) -> pd.DataFrame:
    """The provincial centres only (unit_type "tỉnh"), indexed by province_code, in code order.

    Blank commune network counts become 0; blank district counts become 0 up to 2024 and stay NA
    from 2025 (geo vn34: there is no district level). This is the one place the rule is applied
    (the trends read the panel through it too); columns absent from `units` are left absent.
    """
    out = units[units["unit_type"] == UNIT_TYPE_PROVINCE].copy()
    for column in COMMUNE_NETWORK_COLUMNS:
        if column in out:
            out[column] = out[column].fillna(0)
    with_districts = out["geo"] != "vn34" if "geo" in out else pd.Series(True, index=out.index)
    for column in DISTRICT_NETWORK_COLUMNS:
        if column in out:
            out[column] = out[column].mask(with_districts & out[column].isna(), 0)
    return out.set_index("province_code", drop=False).sort_index()


def central_unit_staff(units: pd.DataFrame) -> list[dict]:
    """The national centres (IPC1..3): name, short_name, staff_total and staff_field of each, in name order."""
    central = units[units["unit_type"] == UNIT_TYPE_CENTRAL].sort_values("unit_name")
    return [{"name": r.unit_name, "short_name": central_short_name(r.unit_name),
             "staff_total": int(r.staff_total), "staff_field": int(r.staff_field)}
            for r in central.itertuples()]


def central_short_name(name: str) -> str:
    """"IPC1" for "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp 1", else the name."""
    last = name.strip().split()[-1]
    return f"IPC{last}" if last.isdigit() and "khuyến công" in name.lower() else name


def staff_total_count(provincial: pd.DataFrame) -> int:
    """All staff of the provincial units (persons); 0 with none."""
    return int(provincial["staff_total"].sum())


def field_staff_count(provincial: pd.DataFrame) -> int:
    """Staff working directly in the field, over the provincial units (persons); 0 with none."""
    return int(provincial["staff_field"].sum())


def field_staff_share(provincial: pd.DataFrame) -> float:
    """Field staff as a share (0..1) of all staff in provincial units; NaN if there are none."""
    total = staff_total_count(provincial)
    return field_staff_count(provincial) / total if total else float("nan")


def field_staff_per_unit(provincial: pd.DataFrame) -> float:
    """Mean field staff per provincial unit (persons per unit); NaN with no unit."""
    return float(provincial["staff_field"].mean()) if len(provincial) else float("nan")


def field_staff_per_unit_median(provincial: pd.DataFrame) -> float:
    """Median field staff per provincial unit (persons per unit); NaN with no unit."""
    return float(provincial["staff_field"].median()) if len(provincial) else float("nan")


def size_band(staff_total: float, thresholds: dict | None = None) -> str:
    """The size band key ("over_30", "20_30", "10_19", "under_10") of a unit with this many staff."""
    for band in (thresholds or assessment_thresholds())["size_bands"]:
        if staff_total >= band["low"] and (band["high"] is None or staff_total <= band["high"]):
            return band["key"]
    raise ValueError(f"{staff_total} staff falls in no size band")


def size_band_counts(provincial: pd.DataFrame, thresholds: dict | None = None) -> pd.DataFrame:
    """Provincial units per size band: index band key (in BAND_KEYS order), columns count, provinces.

    provinces is the list of province names in the band, by staff descending then name (the one
    order of tables and charts: analysis.ranking.sorted_by_rank).
    """
    ordered = sorted_by_rank(provincial.assign(rank=provincial["staff_total"].rank(ascending=False, method="min")))
    bands = ordered["staff_total"].map(lambda staff: size_band(staff, thresholds))
    rows = [{"band": key, "count": int((bands == key).sum()),
             "provinces": list(ordered.loc[bands == key, "province_name"])} for key in BAND_KEYS]
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


def inequality(provincial: pd.DataFrame, column: str = "staff_total", min_units: int | None = None) -> pd.DataFrame:
    """CV, Gini and max/min of a column (default staff_total, persons) across provinces, nationally and by region.

    Index: "all" then the regions in REGION_ORDER (any other region after them, by name); columns
    n, cv, gini, max_min and meaningful; attrs["column"] names the measured column and
    attrs["min_units"] the fewest provinces a measure is computed over. A group with fewer
    (assessment.yml inequality_min_units, 5: a Gini of two provinces says nothing) has cv, gini and
    max_min NaN and meaningful False; the label "inequality_too_few" says why.
    """
    minimum = int(assessment_thresholds()["inequality_min_units"] if min_units is None else min_units)
    by_region = dict(list(provincial.groupby("region", sort=True)))
    order = [r for r in REGION_ORDER if r in by_region] + sorted(set(by_region) - set(REGION_ORDER))
    groups = [("all", provincial)] + [(region, by_region[region]) for region in order]
    nan = float("nan")
    rows = [{"group": name, "n": len(g), "cv": coefficient_of_variation(g[column]) if len(g) >= minimum else nan,
             "gini": gini(g[column]) if len(g) >= minimum else nan,
             "max_min": max_min_ratio(g[column]) if len(g) >= minimum else nan,
             "meaningful": len(g) >= minimum} for name, g in groups]
    out = pd.DataFrame(rows).set_index("group")
    out.attrs["column"] = column
    out.attrs["min_units"] = minimum
    return out


def ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator as floats; NaN where either is missing or the denominator is 0."""
    num, den = numerator.astype("Float64"), denominator.astype("Float64")
    return (num / den.where(den > 0)).astype(float)


def network_coverage(provincial: pd.DataFrame) -> pd.DataFrame:
    """Per province: network counts, coverage shares (0..1), collaborators per covered unit, pay.

    Index province_code. Coverage is NaN where the total is unknown or 0 (e.g. districts from 2025).
    pay_per_collaborator_mvnd is million VND a year per collaborator (NaN with no collaborator).
    """
    out = provincial[["province_name", "region", "districts_total", "districts_with_network",
                      "district_collaborators", "communes_total", "communes_with_network",
                      "commune_collaborators", "collaborator_pay_mvnd"]].copy()
    out["district_coverage"] = ratio(out["districts_with_network"], out["districts_total"])
    out["commune_coverage"] = ratio(out["communes_with_network"], out["communes_total"])
    out["collaborators"] = out["district_collaborators"].fillna(0) + out["commune_collaborators"]
    out["collaborators_per_district"] = ratio(out["district_collaborators"], out["districts_with_network"])
    out["collaborators_per_commune"] = ratio(out["commune_collaborators"], out["communes_with_network"])
    out["pay_per_collaborator_mvnd"] = ratio(out["collaborator_pay_mvnd"], out["collaborators"])
    out["has_network"] = ((out["districts_with_network"] > 0).fillna(False)
                          | (out["communes_with_network"] > 0).fillna(False) | (out["collaborators"] > 0))
    return out


def district_coverage_share(provincial: pd.DataFrame) -> float:
    """Districts with a district network as a share (0..1) of all districts of the reporting provinces.

    NaN when no district total is known (from 2025).
    """
    total = provincial["districts_total"].sum()
    return float(provincial["districts_with_network"].sum() / total) if total else float("nan")


def commune_coverage_share(provincial: pd.DataFrame) -> float:
    """Communes with collaborators as a share (0..1) of all communes of the reporting provinces; NaN with none."""
    total = provincial["communes_total"].sum()
    return float(provincial["communes_with_network"].sum() / total) if total else float("nan")


def provinces_without_network(coverage: pd.DataFrame) -> list[str]:
    """Names of reporting provinces with no district and no commune collaborators, in code order."""
    return list(coverage.loc[~coverage["has_network"], "province_name"])


def network_score(coverage: pd.DataFrame) -> pd.Series:
    """Breadth of each network (0..1): the mean of its district and commune coverage (those known); 0 if neither."""
    return coverage[["district_coverage", "commune_coverage"]].mean(axis=1, skipna=True).fillna(0.0)


def network_ranking(coverage: pd.DataFrame) -> pd.DataFrame:
    """The coverage table with score, rank, tied and n, widest network first (rank 1 = widest).

    Competition ranks of the score as a share shown to 0.1 % (analysis.ranking.share_ranks: equal
    displayed values tie and share the best rank); score stays unrounded; index province_code.
    """
    out = coverage.copy()
    out["score"] = network_score(out)
    out = out.join(share_ranks(out["score"]))
    return sorted_by_rank(out)


def widest_networks(ranking: pd.DataFrame, top: int) -> list[str]:
    """Names of the `top` widest networks (network_ranking order), provinces with no network left out."""
    return list(ranking.loc[ranking["has_network"], "province_name"].head(top))


def staffing_rating(staff_total: float, thresholds: dict | None = None, n_former: int = 1) -> str:
    """"critical", "thin" or "adequate" for a unit with this many staff (thresholds: assessment.yml).

    n_former: provinces merged into the unit; where the map's limits apply per former province
    (thresholds.geo_thresholds, vn34) they are multiplied by it.
    """
    critical, thin = staffing_limits(thresholds or assessment_thresholds(), n_former)
    if staff_total < critical:
        return "critical"
    return "thin" if staff_total < thin else "adequate"


def network_rating(district_coverage: float, commune_coverage: float, has_network: bool,
                   thresholds: dict | None = None) -> str:
    """"developed", "partial" or "none" for a province's network (thresholds: assessment.yml)."""
    rules = (thresholds or assessment_thresholds())["network"]
    if not has_network:
        return "none"
    district_limit, commune_limit = rules.get("developed_district_coverage"), rules.get("developed_commune_coverage")
    if (district_limit is not None and not pd.isna(district_coverage) and district_coverage >= district_limit) or (
            commune_limit is not None and not pd.isna(commune_coverage) and commune_coverage >= commune_limit):
        return "developed"
    return "partial"


def assessment_table(provinces: pd.DataFrame, provincial: pd.DataFrame, coverage: pd.DataFrame,
                     thresholds: dict | None = None) -> pd.DataFrame:
    """Every province of the map with its ratings; "no_return" where it sent none.

    provinces: the year's map (reference.provinces(geo): geo, province_code, province_name, region,
    optionally n_former, the provinces merged into each: reference.former_counts). The thresholds in
    force are those of that map (thresholds.geo_thresholds). Index province_code; columns
    province_name, region, staff_total, staff_field, field_share, district_coverage, commune_coverage,
    pay_per_collaborator_mvnd, collaborators, staffing, network, low_pay.
    """
    geo = provinces["geo"].iloc[0] if "geo" in provinces and len(provinces) else "vn63"
    rules = geo_thresholds(geo, thresholds)
    n_former = (provinces.set_index("province_code")["n_former"] if "n_former" in provinces
                else pd.Series(1, index=provinces["province_code"]))
    out = provinces.set_index("province_code")[["province_name", "region"]].copy()
    out["staff_total"] = provincial["staff_total"].astype("Float64")
    out["staff_field"] = provincial["staff_field"].astype("Float64")
    out["field_share"] = ratio(provincial["staff_field"], provincial["staff_total"]).reindex(out.index)
    for column in ("district_coverage", "commune_coverage", "pay_per_collaborator_mvnd", "collaborators"):
        out[column] = coverage[column].reindex(out.index)
    has = coverage["has_network"].reindex(out.index)
    reported = out.index.isin(provincial.index)
    out["staffing"] = [staffing_rating(s, rules, int(k)) if r else "no_return"
                       for s, r, k in zip(out["staff_total"], reported, n_former.reindex(out.index).fillna(1))]
    out["network"] = [network_rating(d, c, bool(h), rules) if r else "no_return"
                      for d, c, h, r in zip(out["district_coverage"], out["commune_coverage"], has, reported)]
    pay = out["pay_per_collaborator_mvnd"]
    out["low_pay"] = reported & (out["collaborators"].fillna(0) > 0) & (
        pay.isna() | (pay < rules["remuneration"]["low_pay_below_mvnd"]))
    return out


def principal_constraints(assessment: pd.DataFrame) -> pd.DataFrame:
    """The article's three constraints counted over the reporting provinces, with the provinces named.

    Index: few_staff, no_network, little_money; columns count, provinces (names in assessment order).
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

