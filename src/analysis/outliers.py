"""Values that stand out among the provinces of one year, beside the year-on-year checks (checks.py).

Rules, thresholds and their reasons live in checks.yml (``cross_province``). Every function here is
pure: ``province_ratios`` computes each province's ratios from its provincial units;
``modified_z_scores`` and ``hidiroglou_berthelot`` are the two robust tests (median and MAD, as in
DHIS2's outlier detection; Hidiroglou and Berthelot's effects on the ratio to last year's value, as in
Statistics Canada's Banff); ``outlier_hits`` applies every rule and returns the hits as a table, and
``outlier_issues`` turns them into quality issues of severity "check" (confirmable in the return's
notes with "xác nhận: ...", like the year-on-year checks).
"""

from __future__ import annotations

import math

import pandas as pd

from analysis import checks, reference
from analysis.config import UNIT_TYPE_PROVINCE
from analysis.quality import Issue

#: Columns of the hits table.
HIT_COLUMNS = ("province_code", "province_name", "code", "column", "ratio", "method", "value", "median", "bound",
               "score", "confirmation", "source_file", "source_row")
#: The scale that makes the MAD estimate a normal distribution's standard deviation (Iglewicz and Hoaglin).
MAD_SCALE = 0.6745


def province_ratios(units: pd.DataFrame) -> pd.DataFrame:
    """The ratios of checks.yml for each province of one year (provincial units summed per province).

    Columns: field_share (%), collaborators_per_network_commune, pay_per_collaborator (million VND a
    year), staff_per_unit (staff of one provincial unit), collaborators and pay (for the bounds); NA
    where a ratio has no denominator (no staff, no commune with a network, no collaborator or no pay).
    """
    provincial = units[units["unit_type"] == UNIT_TYPE_PROVINCE]
    columns = ["staff_total", "staff_field", "communes_with_network", "commune_collaborators",
               "district_collaborators", "collaborator_pay_mvnd"]
    grouped = provincial.groupby("province_code")
    sums = grouped[columns].sum(min_count=1).astype("Float64")
    out = pd.DataFrame(index=sums.index)
    out["units"] = grouped.size()
    collaborators = sums[["district_collaborators", "commune_collaborators"]].sum(axis=1, min_count=1)
    out["field_share"] = _ratio(100 * sums["staff_field"], sums["staff_total"])
    out["collaborators_per_network_commune"] = _ratio(sums["commune_collaborators"], sums["communes_with_network"])
    paid = sums["collaborator_pay_mvnd"].where(sums["collaborator_pay_mvnd"] > 0)
    out["pay_per_collaborator"] = _ratio(paid, collaborators)
    out["staff_per_unit"] = _ratio(sums["staff_total"], out["units"].astype("Float64"))
    out["collaborators"] = collaborators
    out["pay"] = sums["collaborator_pay_mvnd"]
    return out


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    denominator = denominator.where(denominator > 0)
    return (numerator / denominator).astype("Float64")


def modified_z_scores(values: pd.Series) -> tuple[pd.Series, float | None, float | None]:
    """Iglewicz and Hoaglin's modified z-score of each value: 0.6745 (x - median) / MAD, where MAD is the
    median of |x - median|. Returns the scores (NA for a missing value), the median and the MAD; the
    scores are all NA when fewer than three values are known or the MAD is 0 (half the values equal)."""
    known = values.dropna().astype(float)
    if len(known) < 3:
        return pd.Series(pd.NA, index=values.index, dtype="Float64"), None, None
    median = float(known.median())
    mad = float((known - median).abs().median())
    if mad == 0:
        return pd.Series(pd.NA, index=values.index, dtype="Float64"), median, 0.0
    return (MAD_SCALE * (values.astype("Float64") - median) / mad), median, mad


def hidiroglou_berthelot(current: pd.Series, previous: pd.Series, u: float, a: float, c: float) -> pd.DataFrame:
    """Hidiroglou and Berthelot's test of the ratio of each unit's value to its previous one.

    For units with both values above 0: r = current / previous, r_M their median; the centred ratio
    s = 1 - r_M / r below the median, r / r_M - 1 above it; the effect E = s * max(current, previous) ** u
    (u weighs large units more). With E's quartiles Q1, M, Q3 (linear interpolation, pandas' default),
    the bounds are M - c * max(M - Q1, |a * M|) and M + c * max(Q3 - M, |a * M|). Returns one row per
    unit compared: ratio, effect, ratio_median, lower, upper, outlier (True outside the bounds), and
    ratio_lower, ratio_upper: the bounds as ratios for that unit's size (the ratio whose effect is the bound).
    """
    both = pd.DataFrame({"current": current, "previous": previous}).dropna().astype(float)
    both = both[(both["current"] > 0) & (both["previous"] > 0)]
    columns = ["ratio", "effect", "ratio_median", "lower", "upper", "outlier", "ratio_lower", "ratio_upper"]
    if len(both) < 3:
        return pd.DataFrame(columns=columns)
    ratio = both["current"] / both["previous"]
    r_m = float(ratio.median())
    centred = ratio.where(ratio >= r_m, 1 - r_m / ratio)
    centred = centred.where(ratio < r_m, ratio / r_m - 1)
    size = both.max(axis=1) ** u
    effect = centred * size
    q1, m, q3 = (float(effect.quantile(q)) for q in (0.25, 0.5, 0.75))
    lower = m - c * max(m - q1, abs(a * m))
    upper = m + c * max(q3 - m, abs(a * m))

    def as_ratio(bound: float) -> pd.Series:  # s = bound / size; r = r_M (1 + s) above, r_M / (1 - s) below
        s = bound / size
        return (r_m * (1 + s)).where(s >= 0, r_m / (1 - s))

    return pd.DataFrame({"ratio": ratio, "effect": effect, "ratio_median": r_m, "lower": lower, "upper": upper,
                         "outlier": (effect < lower) | (effect > upper), "ratio_lower": as_ratio(lower),
                         "ratio_upper": as_ratio(upper)})


def _round(value: object, digits: int = 1) -> float | int | None:
    if value is None or pd.isna(value):
        return None
    value = round(float(value), digits)
    return int(value) if value.is_integer() else value


def outlier_hits(units: pd.DataFrame, previous: pd.DataFrame | None, year: int) -> pd.DataFrame:
    """Every cross-province check hit of `year`'s provincial units (checks.yml, ``cross_province``).

    One row per hit (HIT_COLUMNS): the province, the message code, the column the ratio comes from,
    the ratio's key, the method, the province's value, the median of the provinces (or of the ratios
    to last year), the bound it passed, the score (modified z-score or HB effect; None for a bound),
    the confirmation in the return's notes, and the return's file and row. `previous` (the previous
    year's units, or None) feeds the Hidiroglou-Berthelot test.
    """
    rules = checks.rules()["cross_province"]
    provincial = units[units["unit_type"] == UNIT_TYPE_PROVINCE].drop_duplicates("province_code")
    if provincial.empty:
        return pd.DataFrame(columns=list(HIT_COLUMNS))
    first = provincial.set_index("province_code")
    ratios = province_ratios(units)
    hits: list[dict] = []

    def hit(code_: str, code: str, column: str, ratio: str, method: str, value, median, bound, score=None) -> None:
        unit = first.loc[code_]
        hits.append({"province_code": code_, "province_name": unit["province_name"], "code": code,
                     "column": column, "ratio": ratio, "method": method, "value": _round(value, 1),
                     "median": _round(median, 1), "bound": _round(bound, 1), "score": _round(score, 1),
                     "confirmation": checks.confirmation(unit["notes"]), "source_file": unit["source_file"],
                     "source_row": int(unit["source_row"])})

    mz = rules["modified_z"]
    for ratio, spec in mz["ratios"].items():
        values = ratios[ratio]
        scaled = values.where(values > 0).map(math.log, na_action="ignore") if spec.get("log") else values
        scores, median, mad = modified_z_scores(scaled.astype("Float64"))
        if median is None or not mad:
            continue
        shown_median = math.exp(median) if spec.get("log") else median
        for code_, score in scores.dropna().items():
            if abs(score) > mz["threshold"]:
                # the value at the threshold, on the ratio's own scale, is the bound it passed
                edge = median + math.copysign(mz["threshold"], score) * mad / MAD_SCALE
                bound = math.exp(edge) if spec.get("log") else edge
                hit(code_, "outlier.modified_z", spec["column"], ratio, "modified_z", values[code_], shown_median,
                    bound, score)

    bounds = rules["bounds"]
    pay_max = bounds["pay_per_collaborator_max"]
    for code_, value in ratios["pay_per_collaborator"].dropna().items():
        if value > pay_max["max"]:
            hit(code_, "outlier.pay_above_max", "collaborator_pay_mvnd", "pay_per_collaborator", "bound", value,
                None, pay_max["max"])
    for code_, row in ratios.iterrows():
        if not pd.isna(row["collaborators"]) and row["collaborators"] > 0 and not pd.isna(row["pay"]) \
                and row["pay"] == 0:
            hit(code_, "outlier.unpaid_collaborators", "collaborator_pay_mvnd", "collaborators", "bound",
                row["collaborators"], None, 0)

    hb = rules["hidiroglou_berthelot"]
    if previous is not None and not previous.empty:
        geo = reference.geo_for_year(year)
        across = geo == "vn34" and (previous["geo"] == "vn63").any()
        now, before = checks._by_province(units, geo), checks._by_province(previous, geo)
        for column in hb["columns"]:
            if across and column in hb["not_across_july_2025"]:
                continue
            common = now.index.intersection(before.index)
            tested = hidiroglou_berthelot(now.loc[common, column], before.loc[common, column], hb["u"], hb["a"], hb["c"])
            for code_, row in tested[tested["outlier"].astype(bool)].iterrows():
                if code_ in first.index:
                    bound = row["ratio_upper"] if row["effect"] > row["upper"] else row["ratio_lower"]
                    hit(code_, "outlier.hidiroglou_berthelot", column, column, "hidiroglou_berthelot",
                        row["ratio"], row["ratio_median"], bound, row["effect"])
    frame = pd.DataFrame(hits, columns=list(HIT_COLUMNS))
    return frame.sort_values(["province_code", "code", "column"], kind="stable", ignore_index=True)


def outlier_issues(hits: pd.DataFrame, year: int) -> list[Issue]:
    """The hits as quality issues (severity "check") at the return's file and row, with their method,
    value, median and bound in the params (the message names them)."""
    rules = checks.rules()["cross_province"]
    issues = []
    for hit in hits.to_dict("records"):
        confirmed = hit["confirmation"] if isinstance(hit["confirmation"], str) else ""
        value, median, bound, score = (_round(hit[k]) for k in ("value", "median", "bound", "score"))
        issues.append(Issue.make(
            "check", hit["code"], hit["source_file"], int(hit["source_row"]), hit["column"],
            "" if value is None else str(value), province=hit["province_name"], ratio=hit["ratio"],
            method=hit["method"], current=value, median=median, bound=bound, score=score,
            threshold=rules["modified_z"]["threshold"], hb_c=rules["hidiroglou_berthelot"]["c"],
            previous_year=year - 1, confirmation=confirmed))
    return issues
