"""Year-on-year edit checks: each province's figures compared with its previous return.

Rules and thresholds live in checks.yml (each with its reason). ``year_on_year_hits`` is pure: it
takes this year's and the previous year's units and returns the hits as a DataFrame;
``check_issues`` turns them into quality issues (severity "check"), which the reports read back
from quality.csv like any other row (analysis.quality). 2025 is compared with 2024 through the
crosswalk (former provinces summed); district figures are not compared across July 2025.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from analysis import reference
from analysis.config import PACKAGE_DIR, UNIT_TYPE_PROVINCE, read_yaml
from analysis.quality import Issue

RULES_FILE = PACKAGE_DIR / "checks.yml"
ADDITIVE = ["staff_total", "staff_field", "districts_with_network", "district_collaborators",
            "communes_with_network", "commune_collaborators", "collaborator_pay_mvnd"]
#: Columns of the hits table.
HIT_COLUMNS = ("province_code", "province_name", "code", "column", "previous", "current", "confirmation",
               "source_file", "source_row", "previous_year")
_CONFIRM = re.compile(r"x[áa]c\s*nh[ậa]n\s*:\s*(.+)", re.IGNORECASE)


@cache
def rules() -> dict:
    """The parsed checks.yml."""
    return read_yaml(RULES_FILE)


def confirmation(notes: object) -> str | None:
    """The text after "xác nhận:" in a return's notes (the province confirming a value), or None."""
    if notes is None or pd.isna(notes):
        return None
    match = _CONFIRM.search(str(notes))
    return match.group(1).strip() if match else None


def _by_province(units: pd.DataFrame, to_geo: str) -> pd.DataFrame:
    """Provincial units' additive figures per province on the `to_geo` map (summed through the crosswalk)."""
    provincial = units[units["unit_type"] == UNIT_TYPE_PROVINCE]
    if provincial.empty:
        return pd.DataFrame(columns=["province_code", *ADDITIVE]).set_index("province_code")
    frame = provincial[["year", "geo", "province_code", *ADDITIVE]].copy()
    if to_geo == "vn34" and (frame["geo"] == "vn63").any():
        frame = reference.to_vn34(frame, ADDITIVE)
    else:
        frame = frame.groupby("province_code")[ADDITIVE].sum(min_count=1).reset_index()
    return frame.set_index("province_code")[ADDITIVE].astype("Float64")


def _has_network(row: pd.Series, districts: bool) -> bool | None:
    """Whether any district (when compared) or commune has collaborators; None when none is known
    (counts are 0 or more here: the build refuses negatives)."""
    units = _network_units(row, districts)
    return None if units is None else units > 0


def _network_units(row: pd.Series, districts: bool) -> float | None:
    """Districts (when compared) and communes with collaborators, summed; None when none is known."""
    columns = ["communes_with_network"] + (["districts_with_network"] if districts else [])
    values = [row[c] for c in columns if not pd.isna(row[c])]
    return sum(values) if values else None


def _collaborators(row: pd.Series) -> float | None:
    values = [row[c] for c in ("district_collaborators", "commune_collaborators") if not pd.isna(row[c])]
    return sum(values) if values else None


def _share(row: pd.Series) -> float | None:
    if pd.isna(row["staff_total"]) or pd.isna(row["staff_field"]) or not row["staff_total"]:
        return None
    return 100 * row["staff_field"] / row["staff_total"]


def _number(value: float | None) -> float | int | None:
    if value is None or pd.isna(value):
        return None
    value = round(float(value), 1)
    return int(value) if value.is_integer() else value


def year_on_year_hits(units: pd.DataFrame, previous: pd.DataFrame | None, year: int) -> pd.DataFrame:
    """Every check hit of `year`'s provincial units against the previous year's (`previous`, or None).

    Returns one row per hit (HIT_COLUMNS): the province, the check's message code, the column, the
    previous and current value (persons, percentage points for the field share, million VND per
    collaborator for the pay; rounded to 0.1), the province's confirmation from its notes, and the
    current return's file and row. Empty when there is no previous year to compare with.
    """
    if previous is None or previous.empty:
        return pd.DataFrame(columns=list(HIT_COLUMNS))
    rule = rules()
    geo = reference.geo_for_year(year)
    across = geo == "vn34" and (previous["geo"] == "vn63").any()
    now, before = _by_province(units, geo), _by_province(previous, geo)
    provincial = units[units["unit_type"] == UNIT_TYPE_PROVINCE].drop_duplicates("province_code")
    first = provincial.set_index("province_code")
    previous_year = int(previous["year"].max())
    hits = []

    def hit(code: str, column: str, old: object, new: object) -> None:
        unit = first.loc[code_]
        hits.append({"province_code": code_, "province_name": unit["province_name"], "code": code,
                     "column": column, "previous": _number(old), "current": _number(new),
                     "confirmation": confirmation(unit["notes"]), "source_file": unit["source_file"],
                     "source_row": int(unit["source_row"]), "previous_year": previous_year})

    for code_ in sorted(now.index):
        row = now.loc[code_]
        if code_ not in before.index:
            hit("check.returned_after_gap", "", None, None)
            continue
        old = before.loc[code_]
        staff = rule["staff_total_change"]
        if not pd.isna(row["staff_total"]) and not pd.isna(old["staff_total"]):
            change = abs(row["staff_total"] - old["staff_total"])
            if change > staff["share"] * old["staff_total"] and change > staff["people"]:
                hit("check.staff_total_change", "staff_total", old["staff_total"], row["staff_total"])
        share_now, share_before = _share(row), _share(old)
        if share_now is not None and share_before is not None and \
                abs(share_now - share_before) > rule["field_share_points"]["points"]:
            hit("check.field_share_points", "staff_field", share_before, share_now)
        network_now, network_before = _has_network(row, not across), _has_network(old, not across)
        if network_now is not None and network_before is not None and network_now != network_before:
            hit("check.network_appears" if network_now else "check.network_disappears", "communes_with_network",
                _network_units(old, not across), _network_units(row, not across))
        pay = rule["pay_per_collaborator_factor"]
        if not across or pay["across_july_2025"]:
            collaborators_now, collaborators_before = _collaborators(row), _collaborators(old)
            if collaborators_now and collaborators_before and row["collaborator_pay_mvnd"] and \
                    old["collaborator_pay_mvnd"]:
                per_now = row["collaborator_pay_mvnd"] / collaborators_now
                per_before = old["collaborator_pay_mvnd"] / collaborators_before
                if per_now > pay["factor"] * per_before or per_now * pay["factor"] < per_before:
                    hit("check.pay_per_collaborator", "collaborator_pay_mvnd", per_before, per_now)
    return pd.DataFrame(hits, columns=list(HIT_COLUMNS))


def check_issues(hits: pd.DataFrame) -> list[Issue]:
    """The hits as quality issues (severity "check"), at the current return's file and row."""
    rule = rules()
    thresholds = {"share_pct": round(100 * rule["staff_total_change"]["share"]),
                  "people": rule["staff_total_change"]["people"], "points": rule["field_share_points"]["points"],
                  "factor": rule["pay_per_collaborator_factor"]["factor"]}
    issues = []
    for hit in hits.to_dict("records"):
        previous, current = _number(hit["previous"]), _number(hit["current"])
        confirmed = hit["confirmation"] if isinstance(hit["confirmation"], str) else ""
        issues.append(Issue.make(
            "check", hit["code"], hit["source_file"], int(hit["source_row"]), hit["column"],
            "" if current is None else str(current), province=hit["province_name"], previous=previous,
            current=current, previous_year=int(hit["previous_year"]), confirmation=confirmed, **thresholds))
    return issues
