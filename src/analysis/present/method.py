"""The method and definitions a report states: the national report's method section (scope, staff,
size bands, networks and the year's denominators, blanks, ranks, regions, ratings and why the limits
of the 34-province map differ), the data-quality report's, and the province profile's short note.

Every sentence is a label of labels.yml filled with the figures in force (assessment.yml, the
administrative-unit counts of the year, the region rules of reference_data), so the method never
drifts from what the tables did.
"""

from __future__ import annotations

from IPython.display import HTML

from analysis import fmt, reference
from analysis.denominators import denominators_note
from analysis.labels import t
from analysis.present.blocks import block, rule_lines
from analysis.present.names import region_name
from analysis.ranking import rank_rule
from analysis.thresholds import assessment_thresholds, geo_thresholds


def band_phrase(band: dict, lang: str) -> str:
    """A size band of assessment.yml in words: "từ 31 cán bộ trở lên", "dưới 10 cán bộ", "từ 10 đến 19 cán bộ"."""
    if band["high"] is None:
        return t("band_phrase_from", lang, low=fmt.number(band["low"], lang))
    if not band["low"]:
        return t("band_phrase_below", lang, high=fmt.number(band["high"] + 1, lang))
    return t("band_phrase_between", lang, low=fmt.number(band["low"], lang), high=fmt.number(band["high"], lang))


def regions_note(geo: str, lang: str = "vi") -> str:
    """The rule that gave the map's provinces their regions, in words, naming the 2025 provinces
    formed across two regions and the region they were given (reference.region_rules; region names
    in the edition's language)."""
    if geo == "vn63":
        return t("region_rule_listed", lang)
    rules = reference.region_rules(geo)
    spans = rules[rules["spans_regions"]]
    cases = "; ".join(t("region_rule_case", lang, province=r.province_name, kept=r.kept_from,
                        region=region_name(r.region, lang)) for r in spans.itertuples())
    return t("region_rule_code_kept", lang, cases=cases or "–")


def thresholds_reason(geo: str, lang: str = "vi", thresholds: dict | None = None) -> str:
    """Why the limits on `geo` differ from the 63-province map's, in words (label threshold_reason_vn34,
    with the limits in force); "" for a map whose limits are the base ones (vn63)."""
    if geo != "vn34":
        return ""
    base, rules = thresholds or assessment_thresholds(), geo_thresholds(geo, thresholds)
    return t("threshold_reason_vn34", lang,
             district_share=fmt.percent(base["network"]["developed_district_coverage"], lang, 0),
             commune=fmt.percent(rules["network"]["developed_commune_coverage"], lang, 0))


def method_national(inputs) -> HTML:
    """The method and definitions of the national report: scope, staff, size bands, networks, the
    year's denominators, blanks, the ranking rule, regions, ratings (the thresholds in force) and, on
    the 34-province map, why its limits differ."""
    lang, geo = inputs.lang, inputs.geo
    bands = "; ".join(t("band_" + b["key"], lang) + ": " + band_phrase(b, lang) for b in inputs.thresholds["size_bands"])
    texts = [
        t("method_scope", lang, expected=fmt.number(inputs.national["units_expected"], lang), year=inputs.year),
        t("method_staff", lang),
        t("method_bands", lang, bands=bands),
        t("method_network_vn34" if geo == "vn34" else "method_network", lang),
        denominators_note(inputs.year, lang),
        t("method_blanks_vn34" if geo == "vn34" else "method_blanks", lang),
        rank_rule(lang, inputs.national["units_expected"]),
        regions_note(geo, lang),
        t("method_ratings", lang),
    ]
    reason = thresholds_reason(geo, lang, inputs.thresholds)
    return block("method", texts, rule_lines(inputs.thresholds, lang, geo), [reason] if reason else [])


def method_quality(inputs) -> HTML:
    """The method of the data-quality report: what the kinds of check mean."""
    return block("method", [t("method_quality", inputs.lang)], [])


def profile_note(inputs) -> HTML:
    """The definitions a province profile states in short (the national report has the full method)."""
    key = "profile_note_vn34" if inputs.geo == "vn34" else "profile_note"
    return block("source_line", t(key, inputs.lang, year=inputs.year))
