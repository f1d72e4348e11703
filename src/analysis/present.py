"""HTML blocks the notebooks display: title, headings, headline cards, tables of the national report.

Every block is rendered by a Jinja2 template (templates/html/blocks.html.j2 and the shared macros
of components.html.j2) through analysis.templating, with autoescape: a `<script>` typed into a
return shows as text and never runs. Numbers are formatted by ``fmt`` (half-up), ranks by
``ranking`` (ties share the best rank, "=52/63"), words come from the catalogue (``labels.t``).
The province profile's blocks are in ``present_profile``, the data-quality blocks in ``present_quality``.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML
from markupsafe import Markup

from analysis import fmt
from analysis.labels import t
from analysis.present_style import notebook_css
from analysis.ranking import rank_label
from analysis.reconciliation import published_names, top_n
from analysis.templating import render_macro

BLOCKS = "blocks.html.j2"


def block(macro: str, *args: object, **kwargs: object) -> HTML:
    """The HTML of one macro of blocks.html.j2, ready for display()."""
    return HTML(render_macro(BLOCKS, macro, *args, **kwargs))


def heading(key: str, lang: str, level: int = 2, **values: object) -> HTML:
    """A section heading from the translation table."""
    return block("heading", t(key, lang, **values), level)


def title(key: str, lang: str, sample: bool, published: bool = False, subtitle: str = "", **values: object) -> HTML:
    """The report's title with the notebook style (a scoped <style>) and, for sample data, the banner.

    published: whether the year has published figures (then the banner says the national totals match them).
    """
    banner = t("sample_banner" if published else "sample_banner_unpublished", lang) if sample else ""
    style = Markup(notebook_css())  # the project's own stylesheet, not data: kept as written
    return block("title", style, banner, t(key, lang, **values), subtitle)


def paragraphs(texts: list[str], css_class: str = "", notes: tuple[str, ...] = ()) -> HTML:
    """Paragraphs of text (already in the report's language), with optional small-print notes."""
    return block("text", list(texts), css_class, list(notes))


def cards(items: list[tuple[str, str]], notes: tuple[str, ...] = ()) -> HTML:
    """Headline figures as cards: (label, formatted value) pairs, with optional notes below."""
    return block("cards", list(items), list(notes))


def table(columns: dict[str, list], css_class: str = "", row_classes: list[str] | None = None,
          notes: tuple[str, ...] = ()) -> HTML:
    """A table from {header: cells}; a cell is text or a dict (text, title, sort, css: see components.table)."""
    header = list(columns)
    rows = [list(cells) for cells in zip(*columns.values())] if columns else []
    return block("table", header, rows, css_class, row_classes, list(notes))


def national_cards(national: dict, lang: str) -> HTML:
    """The national headline figures (figures.national_indicators) as cards, with the staff scope note."""
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


def _counted_provinces(groups: pd.DataFrame, kind: str, lang: str) -> HTML:
    """A table of groups (index: label keys "<kind>_<key>") with their count and provinces."""
    return table({
        t(kind, lang): [t(f"{kind}_{k}", lang) for k in groups.index],
        t("count", lang): [fmt.number(c, lang) for c in groups["count"]],
        t("provinces", lang): [", ".join(p) for p in groups["provinces"]],
    })


def bands_table(bands: pd.DataFrame, lang: str) -> HTML:
    """Size bands with their count and provinces (bands: indicators.size_band_counts)."""
    return _counted_provinces(bands, "band", lang)


def constraints_table(constraints: pd.DataFrame, lang: str) -> HTML:
    """The principal constraints with their counts and provinces (indicators.principal_constraints)."""
    return _counted_provinces(constraints, "constraint", lang)


def central_table(central: list[dict], lang: str) -> HTML:
    """The national centres and their staff."""
    return table({
        t("unit_name", lang): [c["name"] for c in central],
        t("staff_total", lang): [fmt.number(c["staff_total"], lang) for c in central],
        t("staff_field", lang): [fmt.number(c["staff_field"], lang) for c in central],
    })


def inequality_table(inequality: pd.DataFrame, lang: str) -> HTML:
    """CV, Gini and max/min by group (indicators.inequality), with a note naming the measure (its attrs["column"])."""
    measure = t(inequality.attrs.get("column", "staff_total"), lang)
    return table({
        t("region", lang): [t("all_provinces", lang) if g == "all" else g for g in inequality.index],
        t("units_reporting", lang): [fmt.number(n, lang) for n in inequality["n"]],
        t("cv", lang): [fmt.number(v, lang, 2) for v in inequality["cv"]],
        t("gini", lang): [fmt.number(v, lang, 2) for v in inequality["gini"]],
        t("max_min", lang): [fmt.number(v, lang, 1) for v in inequality["max_min"]],
    }, notes=(t("inequality_note", lang, measure=measure),))


def ranks(frame: pd.DataFrame, lang: str) -> list[str]:
    """The rank labels ("5/63", "=52/63") of a frame with columns rank, n, tied (analysis.ranking)."""
    return [rank_label(r, n, tied, lang) for r, n, tied in zip(frame["rank"], frame["n"], frame["tied"])]


def tie_notes(tied: object, lang: str) -> tuple[str, ...]:
    """The note explaining "=" under a table when any of its ranks is tied."""
    return (t("rank_tie_note", lang),) if any(bool(x) for x in tied) else ()


def coverage_table(ranking: pd.DataFrame, lang: str, with_districts: bool = True) -> HTML:
    """Provinces with a network, by breadth rank (indicators.network_ranking), with the note saying what breadth is."""
    data = ranking[ranking["has_network"]]
    columns = {t("rank_breadth", lang): ranks(data, lang), t("province", lang): list(data["province_name"])}
    if with_districts:
        columns[t("districts_with_network", lang)] = [fmt.number(v, lang) for v in data["districts_with_network"]]
        columns[t("district_coverage", lang)] = [fmt.percent(v, lang) for v in data["district_coverage"]]
    columns[t("communes_with_network", lang)] = [fmt.number(v, lang) for v in data["communes_with_network"]]
    columns[t("commune_coverage", lang)] = [fmt.percent(v, lang) for v in data["commune_coverage"]]
    columns[t("collaborators_per_commune", lang)] = [fmt.number(v, lang, 1) for v in data["collaborators_per_commune"]]
    return table(columns, notes=(t("breadth_note", lang),) + tie_notes(data["tied"], lang))


def name_list(label: str, names: list[str], lang: str) -> HTML:
    """A labelled, comma-separated list of names ("không có"/"none" when empty)."""
    return block("name_list", label, fmt.number(len(names), lang), ", ".join(names) if names else t("none", lang))


def remuneration_table(coverage: pd.DataFrame, lang: str) -> HTML:
    """Pay and pay per collaborator of provinces with collaborators, highest per person first."""
    data = coverage[coverage["collaborators"] > 0].sort_values("pay_per_collaborator_mvnd", ascending=False)
    columns = {t("province", lang): list(data["province_name"])}
    if data["district_collaborators"].notna().any():  # no district level from 2025
        columns[t("district_collaborators", lang)] = [fmt.number(v, lang) for v in data["district_collaborators"]]
    columns[t("commune_collaborators", lang)] = [fmt.number(v, lang) for v in data["commune_collaborators"]]
    columns[t("pay_total", lang)] = [fmt.number(v, lang, 1) for v in data["collaborator_pay_mvnd"]]
    columns[t("pay_per_collaborator", lang)] = [fmt.number(v, lang, 1) for v in data["pay_per_collaborator_mvnd"]]
    return table(columns)


def rating_label(rating: str, lang: str) -> str:
    """The translated label of a rating key ("thin" -> "mỏng")."""
    return t(f"rating_{rating}", lang)


def assessment_view(assessment: pd.DataFrame, lang: str) -> HTML:
    """Every province with its ratings (indicators.assessment_table), in code order."""
    classes = [f"rating-{s} network-{n}" for s, n in zip(assessment["staffing"], assessment["network"])]
    return table({
        t("code", lang): list(assessment.index),
        t("province", lang): list(assessment["province_name"]),
        t("staff_total", lang): [fmt.number(v, lang) for v in assessment["staff_total"]],
        t("field_share", lang): [fmt.percent(v, lang) for v in assessment["field_share"]],
        t("commune_coverage", lang): [fmt.percent(v, lang) for v in assessment["commune_coverage"]],
        t("staffing_rating", lang): [rating_label(r, lang) for r in assessment["staffing"]],
        t("network_rating", lang): [rating_label(r, lang) for r in assessment["network"]],
    }, "assessment", classes)


def rule_lines(thresholds: dict, lang: str, geo: str = "vn63") -> list[str]:
    """The assessment rules with the thresholds in force (assessment.yml), one sentence each.

    geo "vn34" (from 2025, no district level): the network rule names the commune share only.
    """
    network = {"commune": fmt.percent(thresholds["network"]["developed_commune_coverage"], lang, 0)}
    if geo != "vn34":
        network["district"] = fmt.percent(thresholds["network"]["developed_district_coverage"], lang, 0)
    return [
        t("rule_staffing", lang, critical=thresholds["staffing"]["critical_below"],
          thin=thresholds["staffing"]["thin_below"]),
        t("rule_network_vn34" if geo == "vn34" else "rule_network", lang, **network),
        t("rule_pay", lang, pay=fmt.number(thresholds["remuneration"]["low_pay_below_mvnd"], lang, 1)),
    ]


def rules(thresholds: dict, lang: str, geo: str = "vn63") -> HTML:
    """The assessment rules with the thresholds in force, as a boxed list (geo: as rule_lines)."""
    return block("rules", rule_lines(thresholds, lang, geo))


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

    The source is cited below the table as a publication (label "published_source").
    """
    if not rows:
        return paragraphs([t("no_published", lang, year=year)])
    return table({
        t("figure", lang): [r[f"label_{lang}"] for r in rows],
        t("computed", lang): [_shown(r["computed"], r["comparison"], lang) for r in rows],
        t("published", lang): [_shown(r["published"], r["comparison"], lang) for r in rows],
        t("comparison_rule", lang): [rule_label(r["comparison"], lang) for r in rows],
        t("match", lang): [("✔ " + t("yes", lang)) if r["match"] else ("✘ " + t("no", lang)) for r in rows],
    }, "reconciliation", ["match" if r["match"] else "mismatch" for r in rows],
        (f'{t("source", lang)}: {t("published_source", lang)}',))


def trend_table(trend: pd.DataFrame, lang: str, notes: tuple[str, ...] | None = None) -> HTML:
    """The trend by year (trends.national_trend or province_trend); "–" where not defined.

    notes: the small print below (default: the July 2025 break).
    """
    def counts(column: str) -> list[str]:
        return [fmt.number(v, lang) for v in trend[column]]

    columns = {t("year", lang): [str(y) for y in trend.index]}
    if "units_reporting" in trend:
        columns[t("units_reporting", lang)] = counts("units_reporting")
    columns.update({
        t("staff_total", lang): counts("staff_total"),
        t("staff_field", lang): counts("staff_field"),
        t("field_share", lang): [fmt.percent(v, lang) for v in trend["field_share"]],
        t("districts_with_network", lang): counts("districts_with_network"),
        t("district_coverage", lang): [fmt.percent(v, lang) for v in trend["district_coverage"]],
        t("communes_with_network", lang): counts("communes_with_network"),
        t("commune_coverage", lang): [fmt.percent(v, lang) for v in trend["commune_coverage"]],
    })
    return table(columns, notes=(t("trend_note", lang),) if notes is None else notes)


def provenance_note(provenance: dict, lang: str) -> HTML:
    """Where the figures come from: package version, commit, inputs, the administrative-unit snapshot."""
    text = t("generated", lang, version=provenance.get("package_version", "?"),
             commit=(provenance.get("git_commit") or "?")[:12], inputs=len(provenance.get("inputs", [])),
             library=provenance["reference"]["library"], snapshot=t(f"snapshot_{provenance['geo']}", lang))
    return block("provenance", [text])
