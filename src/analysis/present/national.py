"""The national assessment's blocks: headline cards, size bands, constraints, the largest units,
inequality, network coverage and pay, every province's ratings, the reconciliation with the
published figures and the provenance note. The shared kit is in ``present.blocks``.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from analysis import fmt
from analysis.labels import t
from analysis.present.blocks import (
    cards,
    keyed,
    marked,
    name_list,
    paragraphs,
    ranks,
    rating_label,
    table,
    tie_notes,
    unconfirmed_flag,
)
from analysis.present.names import centre_name, region_name
from analysis.reconciliation import published_names, top_n


def national_cards(national: dict, lang: str) -> HTML:
    """The national headline figures (key_figures.national_indicators) as cards, with the staff scope note."""
    items = [
        (t("units_reporting", lang), f"{fmt.number(national['units_reporting'], lang)}/"
                                     f"{fmt.number(national['units_expected'], lang)}"),
        (t("staff_total", lang), fmt.number(national["staff_total"], lang)),
        (t("staff_field", lang), fmt.number(national["staff_field"], lang)),
        (t("field_share", lang), fmt.percent(national["field_share"], lang)),
        (t("field_per_unit", lang), fmt.number(national["field_per_unit"], lang, 1)),
        (t("communes_with_network", lang), fmt.number(national["communes_with_network"], lang)),
        (t("commune_coverage", lang), fmt.percent(national["commune_coverage"], lang)),
    ]
    if national.get("districts_total"):
        items[5:5] = [(t("districts_with_network", lang), fmt.number(national["districts_with_network"], lang)),
                      (t("district_coverage", lang), fmt.percent(national["district_coverage"], lang))]
    central = national.get("central_units", [])
    scope = t("staff_scope", lang, n=len(central), staff=fmt.number(sum(c["staff_total"] for c in central), lang))
    return cards(items, (scope,))


def without_network(national: dict, lang: str) -> HTML:
    """The provinces with no collaborator network, as a counted name list."""
    return name_list(t("provinces_without_network", lang), national["provinces_without_network"], lang)


#: The measures behind each group of a counted table: a province listed there on a figure it has not
#: confirmed is marked as the tables mark that figure.
GROUP_MEASURES = {
    "band": ("staff_total",),
    "constraint_few_staff": ("staff_total",),
    "constraint_no_network": ("districts_with_network", "communes_with_network"),
    "constraint_little_money": ("collaborator_pay_mvnd", "pay_per_collaborator_mvnd"),
}


def _counted_provinces(groups: pd.DataFrame, kind: str, lang: str, unconfirmed: frozenset = frozenset()) -> HTML:
    """A table of groups (index: label keys "<kind>_<key>") with their count and provinces; a province
    listed on a figure it has not confirmed (unconfirmed: flags.unconfirmed_values) carries the mark,
    explained under the table."""
    flag = unconfirmed_flag(lang)
    marked_names = {(key, name) for key, names in zip(groups.index, groups["provinces"]) for name in names
                    if any((name, m) in unconfirmed
                           for m in GROUP_MEASURES.get(f"{kind}_{key}", GROUP_MEASURES.get(kind, ())))}
    return table({
        t(kind, lang): [t(f"{kind}_{k}", lang) for k in groups.index],
        t("count", lang): [fmt.number(c, lang) for c in groups["count"]],
        t("provinces", lang): [", ".join(f"{n}\u00a0{flag.symbol}" if (key, n) in marked_names else n for n in names)
                               for key, names in zip(groups.index, groups["provinces"])],
    }, notes=(f"{flag.symbol} {flag.note}",) if marked_names else ())


def bands_table(bands: pd.DataFrame, lang: str, unconfirmed: frozenset = frozenset()) -> HTML:
    """Size bands with their count and provinces (bands: indicators.size_band_counts; unconfirmed: flagged)."""
    return _counted_provinces(bands, "band", lang, unconfirmed)


def constraints_table(constraints: pd.DataFrame, lang: str, unconfirmed: frozenset = frozenset()) -> HTML:
    """The principal constraints with their counts and provinces (indicators.principal_constraints;
    unconfirmed: flagged)."""
    return _counted_provinces(constraints, "constraint", lang, unconfirmed)


def central_table(central: list[dict], lang: str) -> HTML:
    """The national centres and their staff."""
    return table({
        t("unit_name", lang): [centre_name(c["name"], lang) for c in central],
        t("staff_total", lang): [fmt.number(c["staff_total"], lang) for c in central],
        t("staff_field", lang): [fmt.number(c["staff_field"], lang) for c in central],
    })


def inequality_table(inequality: pd.DataFrame, lang: str) -> HTML:
    """CV, Gini and max/min by group (indicators.inequality), with a note naming the measure (its attrs["column"])."""
    measure = t(inequality.attrs.get("column", "staff_total"), lang)
    meaningful = inequality["meaningful"] if "meaningful" in inequality else pd.Series(True, index=inequality.index)
    too_few = t("inequality_too_few", lang, min=fmt.number(inequality.attrs.get("min_units", 0), lang))

    def cells(column: str, decimals: int, why: str = "–") -> list[str]:
        """The measure's values; for a group too small, `why` (the first column says "not meaningful
        (fewer than 5 provinces)", the others "–")."""
        return [fmt.number(v, lang, decimals) if ok else why for v, ok in zip(inequality[column], meaningful)]

    return table({
        t("region", lang): [t("all_provinces", lang) if g == "all" else region_name(g, lang) for g in inequality.index],
        t("units_reporting", lang): [fmt.number(n, lang) for n in inequality["n"]],
        t("cv", lang): cells("cv", 2, too_few),
        t("gini", lang): cells("gini", 2),
        t("max_min", lang): cells("max_min", 1),
    }, notes=(t("inequality_note", lang, measure=measure),))


def coverage_table(ranking: pd.DataFrame, lang: str, with_districts: bool = True,
                   unconfirmed: frozenset = frozenset()) -> HTML:
    """Provinces with a network, by breadth rank (indicators.network_ranking), with the note saying what breadth is.

    unconfirmed: (province name, measure) pairs to flag (analysis.flags.unconfirmed_values).
    """
    data = ranking[ranking["has_network"]]
    names = list(data["province_name"])

    def shown(measure: str, texts: list) -> list:
        return marked(texts, names, measure, unconfirmed, lang)

    columns = {t("rank_breadth", lang): ranks(data, lang), t("province", lang): names}
    if with_districts:
        columns[t("districts_with_network", lang)] = shown("districts_with_network", [fmt.number(v, lang) for v in data["districts_with_network"]])
        columns[t("district_coverage", lang)] = shown("district_coverage", [fmt.percent(v, lang) for v in data["district_coverage"]])
    columns[t("communes_with_network", lang)] = shown("communes_with_network", [fmt.number(v, lang) for v in data["communes_with_network"]])
    columns[t("commune_coverage", lang)] = shown("commune_coverage", [fmt.percent(v, lang) for v in data["commune_coverage"]])
    columns[t("collaborators_per_commune", lang)] = shown("collaborators_per_commune", [fmt.number(v, lang, 1) for v in data["collaborators_per_commune"]])
    note = t("breadth_note" if with_districts else "breadth_note_vn34", lang)
    return table(columns, notes=(note,) + tie_notes(data["tied"], lang))


def remuneration_table(coverage: pd.DataFrame, lang: str, unconfirmed: frozenset = frozenset()) -> HTML:
    """Pay and pay per collaborator of provinces with collaborators, highest per person first (unconfirmed: flagged)."""
    data = coverage[coverage["collaborators"] > 0].sort_values("pay_per_collaborator_mvnd", ascending=False)
    names = list(data["province_name"])

    def shown(measure: str, decimals: int = 0) -> list:
        return marked([fmt.number(v, lang, decimals) for v in data[measure]], names, measure, unconfirmed, lang)

    columns = {t("province", lang): names}
    if data["district_collaborators"].notna().any():  # no district level from 2025
        columns[t("district_collaborators", lang)] = shown("district_collaborators")
    columns[t("commune_collaborators", lang)] = shown("commune_collaborators")
    columns[t("pay_total", lang)] = shown("collaborator_pay_mvnd", 1)
    columns[t("pay_per_collaborator", lang)] = shown("pay_per_collaborator_mvnd", 1)
    return table(columns)


def assessment_view(assessment: pd.DataFrame, lang: str, unconfirmed: frozenset = frozenset()) -> HTML:
    """Every province with its ratings (indicators.assessment_table), in code order (unconfirmed: flagged)."""
    classes = [f"rating-{s} network-{n}" for s, n in zip(assessment["staffing"], assessment["network"])]
    names, codes = list(assessment["province_name"]), list(assessment.index)

    def cells(measure: str, shown: list[str]) -> list:  # flagged when unconfirmed, keyed for revision marks
        return [keyed(cell, f"assessment.{code}.{measure}")
                for cell, code in zip(marked(shown, names, measure, unconfirmed, lang), codes)]

    return table({
        t("code", lang): codes,
        t("province", lang): names,
        t("staff_total", lang): cells("staff_total", [fmt.number(v, lang) for v in assessment["staff_total"]]),
        t("field_share", lang): cells("field_share", [fmt.percent(v, lang) for v in assessment["field_share"]]),
        t("commune_coverage", lang): cells("commune_coverage",
                                           [fmt.percent(v, lang) for v in assessment["commune_coverage"]]),
        t("staffing_rating", lang): [rating_label(r, lang) for r in assessment["staffing"]],
        t("network_rating", lang): [rating_label(r, lang) for r in assessment["network"]],
    }, "assessment", classes)


def _shown(value: object, comparison: str, lang: str) -> str:
    """A computed or published reconciliation value in the report's format (lists of names joined)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return ", ".join(value)
    if comparison == "same_set" or top_n(comparison):
        return ", ".join(published_names(value))
    if comparison == "percent":
        return fmt.points(value, lang, 1)
    number = float(value)
    return fmt.number(number, lang, 0 if number.is_integer() else 2)


def rule_label(comparison: str, lang: str) -> str:
    """How a published figure is compared ("làm tròn", "trong 5 tỉnh có mạng lưới rộng nhất", ...)."""
    if top_n(comparison):
        return t("rule_in_top", lang, n=top_n(comparison))
    return t(f"rule_{comparison}", lang)


def reconciliation_table(rows: list[dict], lang: str, year: int) -> HTML:
    """Computed vs published figures with the rule of each row; a mismatch is a red row ("KHÔNG KHỚP"/"NO").

    The publication is cited by the table's source line (present.furniture.source_text, "published").
    """
    if not rows:
        return paragraphs([t("no_published", lang, year=year)])
    return table({
        t("figure", lang): [r[f"label_{lang}"] for r in rows],
        t("computed", lang): [_shown(r["computed"], r["comparison"], lang) for r in rows],
        t("published", lang): [_shown(r["published"], r["comparison"], lang) for r in rows],
        t("comparison_rule", lang): [rule_label(r["comparison"], lang) for r in rows],
        t("match", lang): [("✔ " + t("yes", lang)) if r["match"] else ("✘ " + t("no", lang)) for r in rows],
    }, "reconciliation", ["match" if r["match"] else "mismatch" for r in rows])
