"""The assessment's thresholds (src/analysis/assessment.yml): rating limits, size bands, list lengths.

Read once and cached; the indicator functions take them as an argument (``thresholds``) and use
these when none is given. The limits are defined for each map (``geo_thresholds``): the 34-province
map of 2025 has fewer, larger units and no district level, so its staffing limits apply per former
province and its network class rests on the commune share alone (assessment.yml says why).
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

from analysis.config import ASSESSMENT_CONFIG, read_yaml


@cache
def assessment_thresholds(path: str | None = None) -> dict:
    """The parsed assessment.yml: size_bands, staffing, network, remuneration, network_ranking_top, geographies."""
    return read_yaml(Path(path or ASSESSMENT_CONFIG))


def geo_thresholds(geo: str, thresholds: dict | None = None) -> dict:
    """The thresholds in force on one map ("vn63" or "vn34"): `thresholds` (default assessment.yml)
    with that map's section of ``geographies`` merged over staffing and network, and ``geo`` set.

    staffing has per_former_province (bool: the limits are multiplied by the number of former
    provinces merged into a unit); network's developed_district_coverage is None where there is no
    district level. Idempotent: thresholds already merged for `geo` come back equal. The input is
    not changed.
    """
    rules = copy.deepcopy(thresholds or assessment_thresholds())
    if rules.get("geo") == geo:
        return rules
    override = (rules.get("geographies") or {}).get(geo)
    if override is None:
        raise ValueError(f"assessment.yml defines no thresholds for the {geo} map")
    for section in ("staffing", "network"):
        rules[section] = {**rules[section], **(override.get(section) or {})}
    rules["staffing"].setdefault("per_former_province", False)
    rules["geo"] = geo
    return rules


def staffing_limits(rules: dict, n_former: int = 1) -> tuple[int, int]:
    """(critical_below, thin_below) for a unit formed from `n_former` provinces under `rules`
    (geo_thresholds' result): the limits times n_former where they apply per former province."""
    staffing = rules["staffing"]
    factor = int(n_former) if staffing.get("per_former_province") else 1
    return staffing["critical_below"] * factor, staffing["thin_below"] * factor
